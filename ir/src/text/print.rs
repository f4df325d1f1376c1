//! PLACEHOLDER: the printer (text work).

use crate::graph::{Graph, NodeId};
use std::collections::HashMap;

/// The graph in the text form.
pub fn print(graph: &Graph) -> String {
    print_annotated(graph, &|_| Vec::new())
}

/// The graph in the text form, with `; <note>` lines after the line of each node for which
/// `notes` returns something (the verifier's `; error:` lines). Graph-level notes (for `None`
/// nodes) are not printed here.
pub fn print_annotated(graph: &Graph, notes: &dyn Fn(NodeId) -> Vec<String>) -> String {
    let _ = (graph, notes);
    String::new()
}

/// The printed name of every node the printer names (`a` for inputs, `v1`...), by arena id.
pub fn names(graph: &Graph) -> HashMap<NodeId, String> {
    let _ = graph;
    HashMap::new()
}

/// One node as an inline expression, for rewrite records: the op and its operands, where an
/// operand that is an input or a constant prints as its name or literal and any other operand
/// prints nested in parentheses down to `depth` levels, then as `(...)`.
/// `expr(g, v3, 2)` gives `add (multiply a, 2.0), (multiply a, 3.0)`.
pub fn expr(graph: &Graph, id: NodeId, depth: usize) -> String {
    let _ = (graph, id, depth);
    String::new()
}

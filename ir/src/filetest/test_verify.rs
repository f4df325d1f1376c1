//! `test verify`: the verifier's findings shown in the graph (Cranelift's `test verifier`).
//!
//! The output is the graph as printed, with an `; error: <message>` note after the line of
//! each node that has an error (the printer's [`print_annotated`]), then one `error: <message>`
//! line per graph-level error; a graph that verifies ends with the line `ok` instead. Errors
//! on nodes that have no line of their own are placed as follows: a constant's error is noted
//! on each printed node that uses it (`error: constant operand: ...`); an input's, and a node's
//! that no output reaches, come as graph-level lines naming the input or the node.
//!
//! Text that does not parse gives the one line `parse error at LINE:COL: MESSAGE` (counted
//! from the block's `graph` line), so that what the front end rejects before the verifier sees
//! it (a literal out of range for its dtype, a `return` of the wrong type) is tested here too.

use super::{Context, SubTest};
use crate::error::VerifyErrors;
use crate::graph::{Graph, NodeId};
use crate::op::Op;
use crate::text::{expr, names, print_annotated};

/// The `verify` command.
pub struct Verify;

impl SubTest for Verify {
    fn name(&self) -> &'static str {
        "verify"
    }

    fn needs_verifier(&self) -> bool {
        false
    }

    fn shows_parse_errors(&self) -> bool {
        true
    }

    fn run(&self, graph: &Graph, _cx: &Context<'_>) -> Result<String, String> {
        Ok(match crate::verify::verify(graph) {
            Ok(()) => {
                let mut out = crate::text::print(graph);
                super::test_pass::push_line(&mut out, "ok");
                out
            }
            Err(errors) => annotate(graph, &errors),
        })
    }
}

/// The graph printed with each error of `errors` in place (see the [module docs](self)).
pub fn annotate(graph: &Graph, errors: &VerifyErrors) -> String {
    let named = names(graph);
    let printed: Vec<NodeId> = graph.topo_order();
    let has_line = |id: NodeId| {
        named.contains_key(&id) && !matches!(graph.node(id).op, Op::Input(_) | Op::Const(_))
    };
    let mut notes: Vec<(NodeId, String)> = Vec::new();
    let mut trailing: Vec<String> = Vec::new();
    for e in &errors.0 {
        let msg = &e.message;
        let Some(id) = e.node else {
            trailing.push(format!("error: {msg}"));
            continue;
        };
        if id.index() >= graph.len() {
            trailing.push(format!("error: {id}: {msg}"));
            continue;
        }
        match graph.node(id).op {
            _ if has_line(id) => notes.push((id, format!("error: {msg}"))),
            Op::Input(i) => {
                let name = graph.inputs().get(i as usize).map_or("?", |inp| &inp.name);
                trailing.push(format!("error: input `{name}`: {msg}"));
            }
            Op::Const(_) => {
                let users: Vec<NodeId> = printed
                    .iter()
                    .copied()
                    .filter(|&u| has_line(u) && graph.node(u).args.contains(&id))
                    .collect();
                for &u in &users {
                    notes.push((u, format!("error: constant operand: {msg}")));
                }
                if users.is_empty() {
                    trailing.push(format!("error: constant {}: {msg}", expr(graph, id, 0)));
                }
            }
            _ => trailing.push(format!(
                "error: `{}` (no output uses it): {msg}",
                expr(graph, id, 1)
            )),
        }
    }
    let note = |id: NodeId| -> Vec<String> {
        notes
            .iter()
            .filter(|(n, _)| *n == id)
            .map(|(_, m)| m.clone())
            .collect()
    };
    let mut out = print_annotated(graph, &note);
    for line in trailing {
        super::test_pass::push_line(&mut out, &line);
    }
    out
}

//! `test verify`: the verifier's findings shown in the graph (Cranelift's `test verifier`).
//!
//! The output is the graph as printed, with an `; error: <message>` note after the line of
//! each node that has an error (the printer's [`print_annotated`]), then one `error: <message>`
//! line per graph-level error; a graph that verifies ends with the line `ok` instead. An
//! input's error follows the signature line (`; error: input `a`: ...`), a constant's follows
//! the first line that uses it (`; error: constant 300: ...`), and the error of a node that no
//! output reaches (so that has no line) comes as a graph-level line that shows the node.
//!
//! Text that does not parse gives the one line `parse error at LINE:COL: MESSAGE` (counted
//! from the block's `graph` line), so that what the front end rejects before the verifier sees
//! it (a literal out of range for its dtype, a `return` of the wrong type) is tested here too.

use super::{Context, SubTest};
use crate::error::VerifyErrors;
use crate::graph::{Graph, NodeId};
use crate::op::Op;
use crate::text::{expr, print_annotated};
use std::collections::HashSet;

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
    let reached: HashSet<NodeId> = graph.topo_order().into_iter().collect();
    let mut notes: Vec<(NodeId, String)> = Vec::new();
    let mut trailing: Vec<String> = Vec::new();
    for e in &errors.0 {
        let msg = &e.message;
        match e.node {
            None => trailing.push(format!("error: {msg}")),
            Some(id) if id.index() >= graph.len() => trailing.push(format!("error: {id}: {msg}")),
            Some(id) if reached.contains(&id) => {
                let note = match graph.node(id).op {
                    Op::Input(i) => {
                        let name = graph.inputs().get(i as usize).map_or("?", |x| &x.name);
                        format!("error: input `{name}`: {msg}")
                    }
                    Op::Const(_) => format!("error: constant {}: {msg}", expr(graph, id, 0)),
                    _ => format!("error: {msg}"),
                };
                notes.push((id, note));
            }
            Some(id) => trailing.push(format!(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::graph::Node;
    use crate::op::{BinaryOp, Lit, UnaryOp};
    use crate::shape::{Dim, Shape};
    use smallvec::smallvec;

    fn run(g: &Graph) -> String {
        let cx = Context {
            policy: Default::default(),
            fuel: None,
            settings: Default::default(),
            file: "t.nfir",
        };
        Verify.run(g, &cx).unwrap()
    }

    #[test]
    fn errors_are_placed_at_their_node() {
        let n = || Shape::from([Dim::from("n")]);
        let mut g = Graph::new("g");
        let a = g.input("a", DType::U8, n());
        let big = g.intern(Node {
            op: Op::Const(Lit::Int(300)),
            dtype: DType::U8,
            shape: Shape::scalar(),
            args: smallvec![],
        });
        let s = g.binary(BinaryOp::Add, a, big);
        let dead = g.unary(UnaryOp::Sqrt, a);
        g.record_error(dead, "dead and wrong".to_string());
        g.record_error(a, "input trouble".to_string());
        g.set_outputs(&[s]);
        let out = run(&g);
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "graph %g(a: u8[n]) -> u8[n] {", "{out}");
        assert_eq!(lines[1], "    ; error: input `a`: input trouble", "{out}");
        assert!(lines[2].starts_with("    v1: u8[n] = add a, 300"), "{out}");
        assert!(lines[3].starts_with("    ; error: constant 300"), "{out}");
        assert!(lines[3].contains("is not a value of u8"), "{out}");
        assert_eq!(lines[4..6], ["    return v1", "}"], "{out}");
        assert_eq!(
            lines[6],
            "error: `sqrt a` (no output uses it): dead and wrong"
        );
        assert_eq!(lines.len(), 7, "{out}");
    }

    #[test]
    fn a_valid_graph_says_ok_and_graph_level_errors_trail() {
        let mut g = Graph::new("g");
        let a = g.input("a", DType::F64, Shape::scalar());
        g.set_outputs(&[a]);
        assert!(run(&g).ends_with("}\nok\n"), "{}", run(&g));
        g.set_outputs(&[]);
        assert!(
            run(&g).ends_with("}\nerror: the graph has no outputs\n"),
            "{}",
            run(&g)
        );
    }
}

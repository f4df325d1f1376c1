//! The verifier: checks that a [`Graph`] is well formed and reports every problem it finds, not
//! just the first (Cranelift's verifier). The lazy engine runs it on every graph it builds, and
//! [`run_pass`](crate::passes::run_pass) runs it after each pass when `cx.verify` is set, so a
//! pass that produces a broken graph is caught at the pass.
//!
//! Invariants checked, per node in arena order and then for the graph as a whole:
//!
//! 1. **Operands are earlier nodes.** Every operand id is smaller than the id of the node that
//!    uses it. The arena order is therefore a topological order, and the graph has no cycles.
//! 2. **Arity.** A node has exactly as many operands as its op takes ([`Op::arity`]).
//! 3. **Declared types are inferred types.** A node's dtype and shape are exactly what
//!    [`infer`] gives for its op and operands; a mismatch reports both
//!    (`declared f32[n], inferred f64[n]`). When inference fails, its message is the error:
//!    shapes that do not broadcast, an axis out of range, a permutation that is not one, a
//!    `where` condition that is not bool, a reshape that changes the size, a squeeze of an axis
//!    whose length is not 1, matmul core lengths that differ, a dtype with no loop.
//! 4. **Constants** are 0-d and hold a value of their dtype (checked by [`infer`], as 3).
//! 5. **Recorded errors.** Every error the builders or the parser recorded against a node
//!    ([`Graph::errors`]) is reported.
//! 6. **Inputs.** The signature's input `i` is a node `Op::Input(i)`, and every `Op::Input(i)`
//!    node is the signature's input `i`. Input names are identifiers, not of the `v<digits>`
//!    form that names nodes, and no two are equal.
//! 7. **Outputs.** The graph has at least one output, and every output is a node of the graph.
//! 8. **Name.** The graph's name is an identifier.
//!
//! Each problem is reported once: an error that inference finds and a builder also recorded
//! appears a single time. Node errors come in arena order, graph-level errors after them.

use crate::error::{VerifyError, VerifyErrors};
use crate::graph::{Graph, Node, NodeId, infer};
use crate::op::Op;
use crate::shape::Sym;

/// Checks every invariant of `graph` (see the [module docs](self)).
///
/// # Errors
/// Every problem found, each with the node it concerns, or `None` for a graph-level problem.
pub fn verify(graph: &Graph) -> Result<(), VerifyErrors> {
    let mut errs = Errors::default();
    let len = graph.len();
    for id in graph.ids() {
        let node = graph.node(id);
        check_node(graph, id, node, &mut errs);
        for (n, message) in graph.errors() {
            if *n == id {
                errs.push(Some(id), message.clone());
            }
        }
    }
    // 5: errors recorded against ids the arena does not have (only a broken builder does that).
    for (n, message) in graph.errors() {
        if n.index() >= len {
            errs.push(Some(*n), message.clone());
        }
    }
    check_signature(graph, &mut errs);
    check_outputs(graph, &mut errs);
    errs.finish()
}

/// The errors found so far, without duplicates.
#[derive(Default)]
struct Errors(Vec<VerifyError>);

impl Errors {
    fn push(&mut self, node: Option<NodeId>, message: String) {
        let e = VerifyError { node, message };
        if !self.0.contains(&e) {
            self.0.push(e);
        }
    }

    fn finish(self) -> Result<(), VerifyErrors> {
        if self.0.is_empty() {
            Ok(())
        } else {
            Err(VerifyErrors(self.0))
        }
    }
}

/// Invariants 1 to 4 and the node half of 6 for one node.
fn check_node(graph: &Graph, id: NodeId, node: &Node, errs: &mut Errors) {
    // 1: later checks index the operands, so a node with a bad operand is not checked further.
    if let Err(message) = check_operands(id, node) {
        errs.push(Some(id), message);
        return;
    }
    // 2: inference assumes the arity.
    if node.args.len() != node.op.arity() {
        errs.push(
            Some(id),
            format!(
                "{} takes {} operand(s), got {}",
                node.op.mnemonic(),
                node.op.arity(),
                node.args.len()
            ),
        );
        return;
    }
    // 3 and 4.
    match infer(graph, node) {
        Ok((dtype, shape)) => {
            if dtype != node.dtype || shape != node.shape {
                errs.push(
                    Some(id),
                    format!(
                        "declared {}{}, inferred {dtype}{shape}",
                        node.dtype, node.shape
                    ),
                );
            }
        }
        Err(message) => errs.push(Some(id), message),
    }
    // 6, node side: `infer` already reports an input number beyond the signature.
    if let Op::Input(i) = node.op
        && let Some(input) = graph.inputs().get(i as usize)
        && input.node != id
    {
        errs.push(
            Some(id),
            format!(
                "input node number {i} is not the signature's input {i} (`{}`, {})",
                input.name, input.node
            ),
        );
    }
}

/// Invariant 1: every operand of node `id` is an earlier node.
fn check_operands(id: NodeId, node: &Node) -> Result<(), String> {
    match node.args.iter().find(|a| a.index() >= id.index()) {
        Some(a) => Err(format!(
            "operand {a} is not an earlier node than {id} (operands must precede their users)"
        )),
        None => Ok(()),
    }
}

/// True when `name` has the form `v<digits>`, which the text form reserves for nodes.
fn is_node_name(name: &str) -> bool {
    name.strip_prefix('v')
        .is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// Invariants 6 (signature side) and 8.
fn check_signature(graph: &Graph, errs: &mut Errors) {
    if !Sym::is_valid(graph.name()) {
        errs.push(
            None,
            format!("graph name {:?} is not an identifier", graph.name()),
        );
    }
    for (i, input) in graph.inputs().iter().enumerate() {
        let name = &input.name;
        if !Sym::is_valid(name) {
            errs.push(
                None,
                format!("input {i}: name {name:?} is not an identifier"),
            );
        } else if is_node_name(name) {
            errs.push(
                None,
                format!("input {i}: name `{name}` has the form v<digits>, reserved for nodes"),
            );
        }
        if graph.inputs()[..i].iter().any(|other| other.name == *name) {
            errs.push(None, format!("input {i}: name `{name}` is used twice"));
        }
        if input.node.index() >= graph.len() {
            errs.push(
                None,
                format!(
                    "input {i} (`{name}`) is {}, which is not a node of the graph",
                    input.node
                ),
            );
        } else if graph.node(input.node).op != Op::Input(i as u32) {
            errs.push(
                None,
                format!(
                    "input {i} (`{name}`) is {}, which is not input node number {i}",
                    input.node
                ),
            );
        }
    }
}

/// Invariant 7.
fn check_outputs(graph: &Graph, errs: &mut Errors) {
    if graph.outputs().is_empty() {
        errs.push(None, "the graph has no outputs".to_string());
    }
    for (i, out) in graph.outputs().iter().enumerate() {
        if out.index() >= graph.len() {
            errs.push(
                None,
                format!("output {i} is {out}, which is not a node of the graph"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dtype::DType;
    use crate::graph::Args;
    use crate::op::{BinaryOp, LibCall, Lit, UnaryOp};
    use crate::shape::{Dim, Shape};
    use smallvec::smallvec;

    fn n() -> Shape {
        Shape::from([Dim::from("n")])
    }

    /// A valid graph `f(a: f64[n], b: f64[n]) = a + b` and its nodes.
    fn base() -> (Graph, NodeId, NodeId, NodeId) {
        let mut g = Graph::new("f");
        let a = g.input("a", DType::F64, n());
        let b = g.input("b", DType::F64, n());
        let s = g.binary(BinaryOp::Add, a, b);
        g.set_outputs(&[s]);
        (g, a, b, s)
    }

    fn node(op: Op, dtype: DType, shape: Shape, args: Args) -> Node {
        Node {
            op,
            dtype,
            shape,
            args,
        }
    }

    /// The verifier's messages, as `(node, message)` pairs.
    fn errors(g: &Graph) -> Vec<(Option<NodeId>, String)> {
        match verify(g) {
            Ok(()) => Vec::new(),
            Err(e) => e.0.into_iter().map(|e| (e.node, e.message)).collect(),
        }
    }

    #[test]
    fn a_valid_graph_verifies() {
        let (mut g, a, _, s) = base();
        let m = g.binary(BinaryOp::Multiply, s, 2.0);
        let r = g.reduce(crate::op::ReduceOp::Sum, m, None, false);
        let t = g.transpose(a);
        g.set_outputs(&[m, r, t]);
        assert_eq!(verify(&g), Ok(()));
    }

    #[test]
    fn operands_must_be_earlier_nodes() {
        let late = node(
            Op::Unary(UnaryOp::Negative),
            DType::F64,
            n(),
            smallvec![NodeId(3)],
        );
        let msg = check_operands(NodeId(3), &late).unwrap_err();
        assert!(
            msg.contains("operand v3 is not an earlier node than v3"),
            "{msg}"
        );
        let ok = node(
            Op::Unary(UnaryOp::Negative),
            DType::F64,
            n(),
            smallvec![NodeId(2)],
        );
        assert_eq!(check_operands(NodeId(3), &ok), Ok(()));
    }

    #[test]
    fn arity_must_match_the_op() {
        let (mut g, a, _, _) = base();
        let bad = g.intern(node(
            Op::Binary(BinaryOp::Add),
            DType::F64,
            n(),
            smallvec![a],
        ));
        g.set_outputs(&[bad]);
        assert_eq!(
            errors(&g),
            vec![(Some(bad), "add takes 2 operand(s), got 1".to_string())]
        );
    }

    #[test]
    fn declared_dtype_must_be_inferred() {
        let (mut g, a, b, _) = base();
        let bad = g.intern(node(
            Op::Binary(BinaryOp::Add),
            DType::F32,
            n(),
            smallvec![a, b],
        ));
        g.set_outputs(&[bad]);
        assert_eq!(
            errors(&g),
            vec![(Some(bad), "declared f32[n], inferred f64[n]".to_string())]
        );
    }

    #[test]
    fn declared_shape_must_be_inferred() {
        let (mut g, a, _, _) = base();
        let bad = g.intern(node(
            Op::Unary(UnaryOp::Sqrt),
            DType::F64,
            Shape::fixed(&[3]),
            smallvec![a],
        ));
        g.set_outputs(&[bad]);
        assert_eq!(
            errors(&g),
            vec![(Some(bad), "declared f64[3], inferred f64[n]".to_string())]
        );
    }

    #[test]
    fn inference_errors_are_reported_once() {
        // The builder records the broadcast error; the verifier finds it again: one report.
        let mut g = Graph::new("f");
        let a = g.input("a", DType::F64, Shape::fixed(&[3]));
        let b = g.input("b", DType::F64, Shape::fixed(&[4]));
        let s = g.binary(BinaryOp::Add, a, b);
        g.set_outputs(&[s]);
        let e = errors(&g);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(e[0].0, Some(s));
        assert!(e[0].1.contains("cannot be broadcast"), "{}", e[0].1);
    }

    #[test]
    fn where_needs_a_bool_condition() {
        let (mut g, a, b, _) = base();
        let bad = g.intern(node(Op::Select, DType::F64, n(), smallvec![a, a, b]));
        g.set_outputs(&[bad]);
        assert_eq!(
            errors(&g),
            vec![(
                Some(bad),
                "where: the condition must be bool, not f64".to_string()
            )]
        );
    }

    #[test]
    fn matmul_core_lengths_must_agree() {
        let mut g = Graph::new("mm");
        let a = g.input("a", DType::F64, Shape::fixed(&[2, 3]));
        let b = g.input("b", DType::F64, Shape::fixed(&[4, 5]));
        let c = g.call(LibCall::Matmul, &[a, b]);
        g.set_outputs(&[c]);
        let e = errors(&g);
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].1.contains("mismatch in its core dimension"),
            "{}",
            e[0].1
        );
    }

    #[test]
    fn recorded_errors_are_reported() {
        let (mut g, _, _, s) = base();
        g.record_error(s, "something the parser saw".to_string());
        assert_eq!(
            errors(&g),
            vec![(Some(s), "something the parser saw".to_string())]
        );
    }

    #[test]
    fn constants_are_0d_values_of_their_dtype() {
        let (mut g, a, _, _) = base();
        let big = g.intern(node(
            Op::Const(Lit::Int(300)),
            DType::U8,
            Shape::scalar(),
            smallvec![],
        ));
        let wide = g.intern(node(
            Op::Const(Lit::float(1.0)),
            DType::F64,
            Shape::fixed(&[2]),
            smallvec![],
        ));
        let kind = g.intern(node(
            Op::Const(Lit::float(1.5)),
            DType::I64,
            Shape::scalar(),
            smallvec![],
        ));
        let s = g.binary(BinaryOp::Add, a, wide);
        g.set_outputs(&[s, big, kind]);
        let e = errors(&g);
        let at = |id: NodeId| e.iter().filter(|(n, _)| *n == Some(id)).count();
        assert_eq!((at(big), at(wide), at(kind)), (1, 1, 1), "{e:?}");
        assert!(
            e.iter().any(|(_, m)| m == "a constant is 0-d, not [2]"),
            "{e:?}"
        );
    }

    #[test]
    fn input_nodes_are_the_signature() {
        let (mut g, _, _, s) = base();
        // An input node number 1 that is not the signature's input 1 (a different shape).
        let stray = g.intern(node(
            Op::Input(1),
            DType::F64,
            Shape::fixed(&[2]),
            smallvec![],
        ));
        // An input node number 7, beyond the signature.
        let beyond = g.intern(node(Op::Input(7), DType::F64, n(), smallvec![]));
        g.set_outputs(&[s, stray, beyond]);
        let e = errors(&g);
        assert_eq!(e.len(), 2, "{e:?}");
        assert_eq!(e[0].0, Some(stray));
        assert!(
            e[0].1.starts_with("input node number 1 is not"),
            "{}",
            e[0].1
        );
        assert_eq!(
            e[1],
            (
                Some(beyond),
                "input number 7 is not in the signature".to_string()
            )
        );
    }

    #[test]
    fn input_names_are_unique_identifiers() {
        let mut g = Graph::new("names");
        let a = g.input("2x", DType::F64, n());
        let b = g.input("v3", DType::F64, n());
        let c = g.input("y", DType::F64, n());
        let d = g.input("y", DType::F64, n());
        g.set_outputs(&[a, b, c, d]);
        let e = errors(&g);
        let msgs: Vec<&str> = e.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            msgs,
            [
                "input 0: name \"2x\" is not an identifier",
                "input 1: name `v3` has the form v<digits>, reserved for nodes",
                "input 3: name `y` is used twice",
            ]
        );
        assert!(e.iter().all(|(n, _)| n.is_none()));
    }

    #[test]
    fn outputs_exist_and_are_nodes() {
        let (mut g, _, _, _) = base();
        g.set_outputs(&[]);
        assert_eq!(
            errors(&g),
            vec![(None, "the graph has no outputs".to_string())]
        );
        g.set_outputs(&[NodeId(99)]);
        assert_eq!(
            errors(&g),
            vec![(
                None,
                "output 0 is v99, which is not a node of the graph".to_string()
            )]
        );
    }

    #[test]
    fn the_graph_name_is_an_identifier() {
        let (mut g, _, _, _) = base();
        g.set_name("not a name");
        assert_eq!(
            errors(&g),
            vec![(
                None,
                "graph name \"not a name\" is not an identifier".to_string()
            )]
        );
    }

    #[test]
    fn every_error_is_collected() {
        let (mut g, a, b, _) = base();
        let wrong_type = g.intern(node(
            Op::Binary(BinaryOp::Multiply),
            DType::I64,
            n(),
            smallvec![a, b],
        ));
        let wrong_arity = g.intern(node(Op::Select, DType::F64, n(), smallvec![a]));
        let bad_perm = g.permute(a, &[1]);
        g.set_name("");
        g.set_outputs(&[wrong_type, wrong_arity, bad_perm]);
        let e = errors(&g);
        let nodes: Vec<Option<NodeId>> = e.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            nodes,
            [Some(wrong_type), Some(wrong_arity), Some(bad_perm), None],
            "{e:?}"
        );
        assert!(
            e[2].1.starts_with("permute: [1] is not a permutation"),
            "{}",
            e[2].1
        );
    }
}

//! Common subexpression elimination.
//!
//! The graph is hash-consed: [`Graph::intern`] returns the existing node for an equal one, so
//! two nodes with the same op and the same operand ids are always one node. What is left for
//! this pass is equality up to commutativity: `add a, b` and `add b, a` are different nodes
//! with the same value. The pass rebuilds the graph, re-interning every node, and maps a node
//! of a commutative op onto an already-built node with the operands swapped; a node whose
//! operands merged then merges by interning. Each merged node is reported as one `cse`
//! rewrite.
//!
//! Invariants:
//! 1. Only ops whose operands commute bit-exactly are swapped: `add`, `multiply`, the logical
//!    and bitwise ops, `equal`, `not_equal`, and integer `maximum`/`minimum`/`fmax`/`fmin`
//!    (float `maximum(-0.0, 0.0)` returns its first operand, so those do not commute).
//! 2. The first of two equal nodes, in the printer's order, is kept.
//! 3. Nodes the outputs do not reach are dropped by the rebuild without being counted (that is
//!    [`dce`](super::dce)'s report).

use super::{Changed, PassCx};
use crate::graph::{Graph, Node, NodeId};
use crate::op::{BinaryOp, Op};
use std::collections::HashMap;

/// True when `op(a, b)` and `op(b, a)` are bit-identical for operands of this kind.
fn commutes(op: BinaryOp, float: bool) -> bool {
    use BinaryOp::*;
    match op {
        Add | Multiply | LogicalAnd | LogicalOr | LogicalXor | BitwiseAnd | BitwiseOr
        | BitwiseXor | Equal | NotEqual => true,
        Maximum | Minimum | Fmax | Fmin => !float,
        _ => false,
    }
}

/// Runs the pass: merges nodes equal up to commutativity, reporting each merge.
pub fn run(graph: &mut Graph, cx: &mut PassCx) -> Changed {
    // The node each old node became, and which old node first produced each new node.
    let mut first: HashMap<NodeId, NodeId> = HashMap::new();
    let mut merged: Vec<(NodeId, NodeId)> = Vec::new();
    // Every node the closure has interned (inputs are never binary, so they need no entry).
    let mut built: HashMap<Node, NodeId> = HashMap::new();
    let new = graph.rebuild(|g, old, mut node| {
        if let Op::Binary(op) = node.op {
            let (a, b) = (node.args[0], node.args[1]);
            let float = g.node(a).dtype.is_float() || g.node(b).dtype.is_float();
            if a != b && commutes(op, float) {
                let swapped = Node {
                    args: smallvec::smallvec![b, a],
                    ..node.clone()
                };
                if built.contains_key(&swapped) {
                    node = swapped;
                }
            }
        }
        let id = g.intern(node.clone());
        built.insert(node, id);
        match first.get(&id) {
            Some(&kept) => merged.push((old, kept)),
            None => {
                first.insert(id, old);
            }
        }
        id
    });
    if merged.is_empty() {
        return Changed::No;
    }
    for (old, kept) in merged {
        let before = crate::text::expr(graph, old, 2);
        let after = crate::text::expr(graph, kept, 2);
        cx.rewrote("cse", before, after);
    }
    *graph = new;
    Changed::Yes
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::passes::FloatPolicy;
    use crate::{parse, print};

    /// Runs the pass on a graph of `x: f64[n], y: f64[n], i: i64[n], j: i64[n]` and returns the
    /// printed result and the number of merges.
    fn cse(ret: &str, body: &str) -> (String, usize) {
        let body = body.replace('|', "\n    ");
        let text = format!(
            "graph %t(x: f64[n], y: f64[n], i: i64[n], j: i64[n]) -> {ret} {{\n    {body}\n}}"
        );
        let mut g = parse(&text).unwrap();
        let mut cx = PassCx::new(FloatPolicy::Strict);
        let changed = run(&mut g, &mut cx);
        let merges = cx.record.rewrites.len();
        assert_eq!(changed == Changed::Yes, merges > 0);
        assert!(cx.record.rewrites.iter().all(|r| r.rule == "cse"));
        crate::verify(&g).unwrap();
        (print(&g), merges)
    }

    fn expect(ret: &str, body: &str) -> String {
        cse(ret, body).0
    }

    #[test]
    fn merges_commuted_operands() {
        let (out, n) = cse(
            "f64[n]",
            "v1: f64[n] = add x, y | v2: f64[n] = add y, x | v3: f64[n] = multiply v1, v2 | return v3",
        );
        assert_eq!(n, 1);
        let want = "v1: f64[n] = add x, y | v2: f64[n] = multiply v1, v1 | return v2";
        assert_eq!(out, expect("f64[n]", want));
    }

    #[test]
    fn merges_cascade_through_users() {
        let body = "v1: f64[n] = multiply x, y | v2: f64[n] = exp v1 | v3: f64[n] = multiply y, x \
                    | v4: f64[n] = exp v3 | v5: f64[n] = subtract v2, v4 | return v5";
        let (out, n) = cse("f64[n]", body);
        assert_eq!(n, 2);
        let want = "v1: f64[n] = multiply x, y | v2: f64[n] = exp v1 | v3: f64[n] = subtract v2, v2 | return v3";
        assert_eq!(out, expect("f64[n]", want));
    }

    #[test]
    fn keeps_non_commuting_ops() {
        // Float maximum returns its second operand between -0.0 and 0.0; subtract is ordered.
        let body = "v1: f64[n] = maximum x, y | v2: f64[n] = maximum y, x | v3: f64[n] = subtract x, y \
                    | v4: f64[n] = subtract y, x | return v1, v2, v3, v4";
        let (_, n) = cse("(f64[n], f64[n], f64[n], f64[n])", body);
        assert_eq!(n, 0);
        // Integer maximum commutes.
        let body = "v1: i64[n] = maximum i, j | v2: i64[n] = maximum j, i | return v1, v2";
        let (out, n) = cse("(i64[n], i64[n])", body);
        assert_eq!(n, 1);
        assert_eq!(
            out,
            expect(
                "(i64[n], i64[n])",
                "v1: i64[n] = maximum i, j | return v1, v1"
            )
        );
    }
}

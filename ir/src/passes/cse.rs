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

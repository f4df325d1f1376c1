//! Which nodes get a buffer: the materialisation decisions of fusion, with their reasons.
//!
//! A node is *materialised* (computed by its own kernel into a buffer that later kernels read)
//! for one of these reasons; every other node is inlined, i.e. recomputed inside each kernel
//! that needs it:
//!
//! 1. It is a graph output.
//! 2. It is a reduction, a scan or a library call (each has a kernel of its own kind).
//! 3. It is computed (not an input or a view of one) and is an operand of a library call,
//!    which reads buffers, not expressions.
//! 4. It is computed and is the operand of a reshape that is not an affine re-indexing (see
//!    [`view::reshape_is_affine`]): the reshape then reads its contiguous buffer.
//! 5. The cost model: it is elementwise work needed by more than one kernel, or read through a
//!    broadcast (so recomputing it repeats it per broadcast element), and its cost exceeds the
//!    limit ([`RECOMPUTE_LIMIT`], or [`BROADCAST_RECOMPUTE_LIMIT`] under a broadcast).
//!
//!    Under a broadcast, cheap work that finishes a reduction or scan (`sqrt(sum(x*x))` divided
//!    into `x`) gets a buffer too: it becomes that kernel's epilogue, computed once per reduced
//!    value instead of once per broadcast element, at no cost in buffers or kernels.
//! 6. Its inlined expression would be deeper than [`MAX_INLINE_DEPTH`] ops (a very deep graph
//!    is cut, which also bounds the recursion that builds a kernel's body).
//!
//! A node that reason 5 would give a buffer, or would recompute at a cost of at least
//! [`SIDE_OUTPUT_MIN_COST`], becomes a *side output* instead when a reduction folds it
//! element by element (through same-shape elementwise ops only) and every other kernel that
//! needs it runs after that reduction: the reduction's kernel computes it once, stores it as it
//! goes and folds it, and the later kernels load it. Softmax's `exp(x - max)` is summed by
//! one kernel, which also stores it for the division, instead of being computed twice.
//!
//! The cost of a node is the sum of [`weight`] over the expression it would inline: the node
//! and its operands, down to inputs, constants and nodes materialised for reasons 1-4, counting
//! a subexpression once per path (an upper bound: a kernel computes it once). So an inlined
//! expression never contains a reduction: reductions always end a kernel.
//!
//! The decisions are made from the outputs back (reverse topological order), so when a chain
//! of shared work is too expensive it is the outermost shared node that gets the buffer.

use super::view;
use crate::graph::{Graph, NodeId};
use crate::op::{BinaryOp, Op, UnaryOp};
use crate::shape::{Dim, Shape};

/// Inlined work needed by several kernels is recomputed in each when its cost is at most this:
/// one transcendental function and a few cheap operations, so softmax's `exp(x - max)` is
/// recomputed by the sum and by the division rather than written out and read back.
pub const RECOMPUTE_LIMIT: u32 = 20;

/// Inlined work read through a broadcast is recomputed for every element it is broadcast to
/// when its cost is at most this (one division, or four cheap operations).
pub const BROADCAST_RECOMPUTE_LIMIT: u32 = 4;

/// Shared work at least this expensive (one transcendental function) that a reduction folds is
/// stored by the reduction's kernel as a side output rather than recomputed by later kernels:
/// a store and a load cost less than a second polynomial routine per element.
pub const SIDE_OUTPUT_MIN_COST: u32 = 16;

/// The deepest expression inlined into one kernel; a deeper chain gets a buffer every this
/// many ops.
pub const MAX_INLINE_DEPTH: u32 = 200;

/// The cost of one op per element: 0 for views (index arithmetic), 1 for cheap arithmetic,
/// comparisons, selects and casts, 4 for division, square roots and integer division, 16 for
/// transcendental functions and `power` (a polynomial routine each).
pub fn weight(op: &Op) -> u32 {
    match op {
        Op::Unary(u) => match u {
            UnaryOp::Sqrt | UnaryOp::Reciprocal => 4,
            UnaryOp::Cbrt
            | UnaryOp::Exp
            | UnaryOp::Exp2
            | UnaryOp::Expm1
            | UnaryOp::Log
            | UnaryOp::Log2
            | UnaryOp::Log10
            | UnaryOp::Log1p
            | UnaryOp::Sin
            | UnaryOp::Cos
            | UnaryOp::Tan
            | UnaryOp::Arcsin
            | UnaryOp::Arccos
            | UnaryOp::Arctan
            | UnaryOp::Sinh
            | UnaryOp::Cosh
            | UnaryOp::Tanh
            | UnaryOp::Arcsinh
            | UnaryOp::Arccosh
            | UnaryOp::Arctanh => 16,
            _ => 1,
        },
        Op::Binary(b) => match b {
            BinaryOp::TrueDivide
            | BinaryOp::FloorDivide
            | BinaryOp::Remainder
            | BinaryOp::Fmod
            | BinaryOp::Hypot => 4,
            BinaryOp::Power | BinaryOp::Arctan2 => 16,
            _ => 1,
        },
        Op::Select | Op::Cast => 1,
        _ => 0,
    }
}

/// The materialisation decisions for one graph.
#[derive(Clone, Debug)]
pub(super) struct Plan {
    /// Per arena index: why the node gets a buffer, or `None` when it is inlined (inputs and
    /// constants are `None`: they are not computed).
    pub why: Vec<Option<String>>,
    /// Per arena index: the reduction whose kernel stores the node as a side output (such
    /// a node has a buffer but no kernel of its own).
    pub side: Vec<Option<NodeId>>,
}

impl Plan {
    /// True when the node gets a buffer.
    pub fn materialised(&self, id: NodeId) -> bool {
        self.why[id.index()].is_some()
    }
}

/// Which kernels an inlined node would be computed in: none yet, exactly one (by its root), or
/// several.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Roots {
    None,
    One(NodeId),
    Many,
}

impl Roots {
    fn join(self, other: Roots) -> Roots {
        match (self, other) {
            (Roots::None, r) | (r, Roots::None) => r,
            (Roots::One(a), Roots::One(b)) if a == b => Roots::One(a),
            _ => Roots::Many,
        }
    }
}

/// Follows views down to the first node that is not one.
pub(super) fn view_root(g: &Graph, mut id: NodeId) -> NodeId {
    while g.node(id).op.is_view() {
        id = g.node(id).args[0];
    }
    id
}

fn non_unit(s: &Shape) -> Vec<&Dim> {
    s.dims().iter().filter(|d| !d.is_one()).collect()
}

/// True when consumer `c` reads operand `n` through a broadcast that repeats its elements.
fn expands(g: &Graph, n: NodeId, c: NodeId) -> bool {
    let cn = g.node(c);
    let repeats = cn.op.is_elementwise() || cn.op == Op::Broadcast;
    repeats && non_unit(&g.node(n).shape) != non_unit(&cn.shape)
}

/// The fold (`sum`, `cummax`, ...) whose only use is an elementwise chain of the same shape
/// ending at `n`, without broadcasts: giving `n` a buffer then costs nothing, as `n` becomes the
/// epilogue of the fold's kernel ([`merge`](super::merge)) and the fold's own buffer goes away.
fn finished_fold(
    g: &Graph,
    n: NodeId,
    why: &[Option<String>],
    consumers: &[Vec<NodeId>],
) -> Option<&'static str> {
    let shape = &g.node(n).shape;
    let mut stack = vec![n];
    while let Some(x) = stack.pop() {
        for &a in &g.node(x).args {
            let an = g.node(a);
            if an.shape != *shape || consumers[a.index()].len() != 1 {
                continue;
            }
            match &an.op {
                Op::Reduce { op, .. } if !g.outputs().contains(&a) => return Some(op.name()),
                Op::Scan { op, .. } if !g.outputs().contains(&a) => return Some(op.name()),
                op if op.is_elementwise() && why[a.index()].is_none() => stack.push(a),
                _ => {}
            }
        }
    }
    None
}

/// The reductions that fold `v` element by element: reached from `v` through inlined
/// elementwise consumers of `v`'s shape, with an operand of that shape.
fn folds_of(
    g: &Graph,
    v: NodeId,
    why: &[Option<String>],
    consumers: &[Vec<NodeId>],
) -> Vec<NodeId> {
    let shape = &g.node(v).shape;
    let (mut found, mut stack, mut seen) = (Vec::new(), vec![v], vec![v]);
    while let Some(x) = stack.pop() {
        for &c in &consumers[x.index()] {
            let cn = g.node(c);
            match &cn.op {
                Op::Reduce { .. } if g.node(cn.args[0]).shape == *shape && !found.contains(&c) => {
                    found.push(c)
                }
                op if op.is_elementwise()
                    && why[c.index()].is_none()
                    && cn.shape == *shape
                    && !seen.contains(&c) =>
                {
                    seen.push(c);
                    stack.push(c);
                }
                _ => {}
            }
        }
    }
    found
}

/// The kernels (by root node) that compute or read `v`: its materialised consumers, and
/// those of the inlined consumers, transitively. A side output's kernel is its host's.
fn kernels_of(
    v: NodeId,
    why: &[Option<String>],
    side: &[Option<NodeId>],
    consumers: &[Vec<NodeId>],
) -> Vec<NodeId> {
    let (mut out, mut stack, mut seen) = (Vec::new(), vec![v], vec![v]);
    while let Some(x) = stack.pop() {
        for &c in &consumers[x.index()] {
            if why[c.index()].is_some() {
                let k = side[c.index()].unwrap_or(c);
                if !out.contains(&k) {
                    out.push(k);
                }
            } else if !seen.contains(&c) {
                seen.push(c);
                stack.push(c);
            }
        }
    }
    out
}

/// Decides which nodes of `g` get a buffer.
pub(super) fn plan(g: &Graph) -> Plan {
    let order = g.topo_order();
    let mut why: Vec<Option<String>> = vec![None; g.len()];
    let mut side: Vec<Option<NodeId>> = vec![None; g.len()];
    let mut pos = vec![0usize; g.len()];
    for (p, &id) in order.iter().enumerate() {
        pos[id.index()] = p;
    }
    let mut consumers: Vec<Vec<NodeId>> = vec![Vec::new(); g.len()];
    for &id in &order {
        for &a in &g.node(id).args {
            if !consumers[a.index()].contains(&id) {
                consumers[a.index()].push(id);
            }
        }
    }
    let computed = |g: &Graph, id: NodeId| !matches!(g.node(id).op, Op::Input(_) | Op::Const(_));
    for (k, &o) in g.outputs().iter().enumerate() {
        why[o.index()].get_or_insert_with(|| format!("output {k}"));
    }
    // Reasons 2-4: structure.
    for &id in &order {
        let node = g.node(id);
        match &node.op {
            Op::Reduce { op, .. } => {
                why[id.index()].get_or_insert_with(|| format!("{op} result"));
            }
            Op::Scan { op, .. } => {
                why[id.index()].get_or_insert_with(|| format!("{op} result"));
            }
            Op::Call(f) => {
                why[id.index()].get_or_insert_with(|| format!("{f} result"));
                for &a in &node.args {
                    let r = view_root(g, a);
                    let target = match g.node(r).op {
                        Op::Input(_) => continue,
                        Op::Const(_) => a,
                        _ => r,
                    };
                    why[target.index()].get_or_insert_with(|| format!("operand of {f}"));
                }
            }
            Op::Reshape => {
                let x = node.args[0];
                if computed(g, x) && !view::reshape_is_affine(&g.node(x).shape, &node.shape) {
                    why[x.index()]
                        .get_or_insert_with(|| format!("reshaped to {}, not affine", node.shape));
                }
            }
            _ => {}
        }
    }
    // Reason 5: the cost model, from the outputs back.
    let mut cost = vec![0u32; g.len()];
    for &id in &order {
        let node = g.node(id);
        if why[id.index()].is_some() || !computed(g, id) {
            continue;
        }
        cost[id.index()] = if node.op.is_view() {
            cost[node.args[0].index()]
        } else if node.op.is_elementwise() {
            node.args
                .iter()
                .fold(weight(&node.op), |s, a| s.saturating_add(cost[a.index()]))
        } else {
            0
        };
    }
    let mut roots = vec![Roots::None; g.len()];
    let mut expanded = vec![false; g.len()];
    for &id in order.iter().rev() {
        let i = id.index();
        if why[i].is_some() {
            roots[i] = Roots::One(id);
            continue;
        }
        for &c in &consumers[i] {
            let inlined = why[c.index()].is_none();
            roots[i] = roots[i].join(if inlined {
                roots[c.index()]
            } else {
                Roots::One(c)
            });
            expanded[i] |= expands(g, id, c) || (inlined && expanded[c.index()]);
        }
        let node = g.node(id);
        if !(node.op.is_elementwise() || node.op.is_view()) {
            continue;
        }
        let shared = roots[i] == Roots::Many;
        let (limit, what) = if expanded[i] {
            (BROADCAST_RECOMPUTE_LIMIT, "broadcast")
        } else {
            (RECOMPUTE_LIMIT, "shared by several kernels")
        };
        let costly = cost[i] > limit || (shared && cost[i] >= SIDE_OUTPUT_MIN_COST);
        let host = if (shared || expanded[i]) && costly && node.op.is_elementwise() {
            let kernels = kernels_of(id, &why, &side, &consumers);
            folds_of(g, id, &why, &consumers)
                .into_iter()
                .filter(|r| kernels.contains(r) && kernels.len() > 1)
                .find(|r| {
                    kernels
                        .iter()
                        .all(|k| k == r || pos[k.index()] > pos[r.index()])
                })
        } else {
            None
        };
        if let Some(r) = host {
            let g_op = match &g.node(r).op {
                Op::Reduce { op, .. } => op.name(),
                _ => "reduction",
            };
            why[i] = Some(format!("stored by the {g_op} kernel, cost {}", cost[i]));
            side[i] = Some(r);
        } else if (shared || expanded[i]) && cost[i] > limit {
            let target = view_root(g, id);
            if computed(g, target) {
                why[target.index()]
                    .get_or_insert_with(|| format!("{what}, cost {} > {limit}", cost[i]));
            }
        } else if expanded[i]
            && cost[i] > 0
            && node.op.is_elementwise()
            && let Some(r) = finished_fold(g, id, &why, &consumers)
        {
            why[i] = Some(format!("finishes {r} before a broadcast"));
        }
    }
    // Reason 6: depth, from the inputs forward.
    let mut depth = vec![0u32; g.len()];
    for &id in &order {
        if why[id.index()].is_some() || !computed(g, id) {
            continue;
        }
        let d = 1 + g
            .node(id)
            .args
            .iter()
            .map(|a| depth[a.index()])
            .max()
            .unwrap_or(0);
        if d > MAX_INLINE_DEPTH {
            why[id.index()] = Some(format!("inlined depth {d} > {MAX_INLINE_DEPTH}"));
        } else {
            depth[id.index()] = d;
        }
    }
    Plan { why, side }
}

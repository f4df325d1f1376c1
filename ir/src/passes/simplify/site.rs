//! [`Site`]: the node a rule looks at, and the helpers rules match and build with.
//!
//! Invariant: every builder here checks the new node with [`infer`] before interning it and
//! returns `None` when inference fails, so a rule never adds an invalid node or an error.

use crate::dtype::DType;
use crate::graph::{Args, Graph, Node, NodeId, infer};
use crate::op::{BinaryOp, Lit, Loop, Op, UnaryOp};
use crate::passes::FloatPolicy;
use crate::shape::Shape;
use std::collections::HashMap;

/// The node a rule is asked to rewrite, in the graph being rebuilt.
pub struct Site<'g> {
    /// The graph being rebuilt; replacements are built in it.
    pub g: &'g mut Graph,
    /// The node to rewrite.
    pub id: NodeId,
    policy: FloatPolicy,
    rule_policy: FloatPolicy,
    uses: &'g HashMap<NodeId, u32>,
    nested: bool,
}

impl<'g> Site<'g> {
    /// The site of `id`, for a rule of policy `rule_policy` running under `policy`.
    pub(super) fn new(
        g: &'g mut Graph,
        id: NodeId,
        policy: FloatPolicy,
        rule_policy: FloatPolicy,
        uses: &'g HashMap<NodeId, u32>,
        nested: bool,
    ) -> Site<'g> {
        Site {
            g,
            id,
            policy,
            rule_policy,
            uses,
            nested,
        }
    }

    /// True when the node is an op of a larger sum that `like_terms` collects at its root.
    pub fn nested(&self) -> bool {
        self.nested
    }

    /// The float policy the pass runs under.
    pub fn policy(&self) -> FloatPolicy {
        self.policy
    }

    /// True when the running policy allows this rule on floating-point arithmetic.
    pub fn float_ok(&self) -> bool {
        self.policy >= self.rule_policy
    }

    /// The node being rewritten.
    pub fn node(&self) -> &Node {
        self.g.node(self.id)
    }

    /// Any node of the graph.
    pub fn at(&self, id: NodeId) -> &Node {
        self.g.node(id)
    }

    /// The `i`-th operand of the node being rewritten.
    pub fn arg(&self, i: usize) -> NodeId {
        self.node().args[i]
    }

    /// The value of `id` when it is a constant.
    pub fn lit(&self, id: NodeId) -> Option<Lit> {
        self.g.as_const(id)
    }

    /// How many users `id` had in the graph before this sweep (1 for nodes built during it).
    pub fn uses(&self, id: NodeId) -> u32 {
        self.uses.get(&id).copied().unwrap_or(1)
    }

    /// `(op, a, b)` when the node is a binary ufunc.
    pub fn binary_parts(&self, id: NodeId) -> Option<(BinaryOp, NodeId, NodeId)> {
        let n = self.at(id);
        match n.op {
            Op::Binary(op) => Some((op, n.args[0], n.args[1])),
            _ => None,
        }
    }

    /// `(op, x)` when the node is a unary ufunc.
    pub fn unary_parts(&self, id: NodeId) -> Option<(UnaryOp, NodeId)> {
        let n = self.at(id);
        match n.op {
            Op::Unary(op) => Some((op, n.args[0])),
            _ => None,
        }
    }

    /// The loop a binary node computes in.
    pub fn binary_loop(&self, id: NodeId) -> Option<Loop> {
        let (op, a, b) = self.binary_parts(id)?;
        op.resolve(self.at(a).dtype.into(), self.at(b).dtype.into())
            .ok()
    }

    /// Adds `op(args)` with dtype and shape from inference (`hint` gives the target dtype of a
    /// `cast` and the target shape of a `broadcast`), or `None` if inference fails.
    pub fn build(&mut self, op: Op, args: &[NodeId], hint: (DType, Shape)) -> Option<NodeId> {
        let mut node = Node {
            op,
            dtype: hint.0,
            shape: hint.1,
            args: Args::from_slice(args),
        };
        let (dtype, shape) = infer(self.g, &node).ok()?;
        node.dtype = dtype;
        node.shape = shape;
        Some(self.g.intern(node))
    }

    /// `op(a, b)`.
    pub fn binary(&mut self, op: BinaryOp, a: NodeId, b: NodeId) -> Option<NodeId> {
        let hint = (self.at(a).dtype, self.at(a).shape.clone());
        self.build(Op::Binary(op), &[a, b], hint)
    }

    /// `op(x)`.
    pub fn unary(&mut self, op: UnaryOp, x: NodeId) -> Option<NodeId> {
        let hint = (self.at(x).dtype, self.at(x).shape.clone());
        self.build(Op::Unary(op), &[x], hint)
    }

    /// `where(c, x, y)`.
    pub fn select(&mut self, c: NodeId, x: NodeId, y: NodeId) -> Option<NodeId> {
        let hint = (self.at(x).dtype, self.at(x).shape.clone());
        self.build(Op::Select, &[c, x, y], hint)
    }

    /// A 0-d constant of `dtype` holding `value` converted to it.
    pub fn constant(&mut self, value: Lit, dtype: DType) -> NodeId {
        self.g.constant(value, dtype)
    }

    /// `x` converted to `dtype` (`x` itself when it already has that dtype).
    pub fn cast(&mut self, x: NodeId, dtype: DType) -> Option<NodeId> {
        if self.at(x).dtype == dtype {
            return Some(x);
        }
        let shape = self.at(x).shape.clone();
        self.build(Op::Cast, &[x], (dtype, shape))
    }

    /// `x` broadcast to `shape` (`x` itself when it already has that shape).
    pub fn broadcast(&mut self, x: NodeId, shape: &Shape) -> Option<NodeId> {
        if self.at(x).shape == *shape {
            return Some(x);
        }
        let dtype = self.at(x).dtype;
        self.build(Op::Broadcast, &[x], (dtype, shape.clone()))
    }

    /// `x` converted to the dtype and broadcast to the shape of the node being rewritten.
    ///
    /// Rules call this only where the conversion is the one the node's loop applies to `x`
    /// anyway (an operand is converted to the loop dtype exactly as `cast` converts).
    pub fn conform(&mut self, x: NodeId) -> Option<NodeId> {
        let (dtype, shape) = (self.node().dtype, self.node().shape.clone());
        let x = self.cast(x, dtype)?;
        self.broadcast(x, &shape)
    }

    /// The constant `value` with the dtype and shape of the node being rewritten.
    pub fn splat(&mut self, value: Lit) -> Option<NodeId> {
        let (dtype, shape) = (self.node().dtype, self.node().shape.clone());
        let c = self.constant(value, dtype);
        self.broadcast(c, &shape)
    }
}

/// True when `v` is zero of either sign (`false` for bool).
pub fn is_zero(v: Lit) -> bool {
    match v {
        Lit::Bool(b) => !b,
        Lit::Int(i) => i == 0,
        Lit::Float(x) => x.get() == 0.0,
    }
}

/// True when `v` is `-0.0`.
pub fn is_neg_zero(v: Lit) -> bool {
    matches!(v, Lit::Float(x) if x.get() == 0.0 && x.get().is_sign_negative())
}

/// True when `v` is one (`true` for bool).
pub fn is_one(v: Lit) -> bool {
    match v {
        Lit::Bool(b) => b,
        Lit::Int(i) => i == 1,
        Lit::Float(x) => x.get() == 1.0,
    }
}

/// True when `v` is minus one in `dtype` (for unsigned dtypes, the largest value, which is
/// minus one under wrapping arithmetic).
pub fn is_minus_one(v: Lit, dtype: DType) -> bool {
    match v {
        Lit::Bool(_) => false,
        Lit::Int(_) => dtype.is_integer() && v == Lit::Int(-1).cast(dtype),
        Lit::Float(x) => x.get() == -1.0,
    }
}

/// True when `v` is a float constant equal to `x`.
pub fn is_float(v: Lit, x: f64) -> bool {
    matches!(v, Lit::Float(f) if f.get() == x)
}

/// True when `v` is an integer or float constant equal to `x`.
pub fn is_num(v: Lit, x: f64) -> bool {
    match v {
        Lit::Bool(_) => false,
        Lit::Int(i) => i as f64 == x && (i as f64) as i128 == i,
        Lit::Float(f) => f.get() == x,
    }
}

/// `op(a, b)` on constants of `dtype`, computed as the eager ufunc computes it (through
/// [`crate::eval::binary`]), or `None` when it cannot be folded.
pub fn fold(op: BinaryOp, a: Lit, b: Lit, dtype: DType) -> Option<Lit> {
    let l = Loop {
        input: dtype,
        output: dtype,
    };
    crate::eval::binary(op, a.cast(dtype), b.cast(dtype), l)
}

//! `where(c, x, y)`: a constant condition, equal branches, a negated condition, and
//! boolean constants as branches.
//!
//! Invariants:
//! 1. `where` converts both branches to the node's dtype and broadcasts all three operands,
//!    so a branch that replaces the node is converted and broadcast the same way
//!    ([`Site::conform`]). Every rule here is exact (no arithmetic happens).

use super::site::Site;
use super::{FloatPolicy, Rule, rule};
use crate::graph::NodeId;
use crate::op::{Lit, Op, UnaryOp};

use FloatPolicy::Strict;

/// The rules of this file, in the order the driver tries them.
pub(super) const RULES: &[Rule] = &[
    rule("select_const", Strict, select_const),
    rule("select_same", Strict, select_same),
    rule("select_not", Strict, select_not),
    rule("select_bool", Strict, select_bool),
];

/// `(c, x, y)` when the node is `where c, x, y`.
fn parts(s: &Site<'_>) -> Option<(NodeId, NodeId, NodeId)> {
    let n = s.node();
    match n.op {
        Op::Select => Some((n.args[0], n.args[1], n.args[2])),
        _ => None,
    }
}

/// `where(true, x, y) => x`, `where(false, x, y) => y`
fn select_const(s: &mut Site<'_>) -> Option<NodeId> {
    let (c, x, y) = parts(s)?;
    let Lit::Bool(c) = s.lit(c)? else {
        return None;
    };
    s.conform(if c { x } else { y })
}

/// `where(c, x, x) => x`
fn select_same(s: &mut Site<'_>) -> Option<NodeId> {
    let (_, x, y) = parts(s)?;
    if x != y {
        return None;
    }
    s.conform(x)
}

/// `where(logical_not c, x, y) => where(c, y, x)`
fn select_not(s: &mut Site<'_>) -> Option<NodeId> {
    let (nc, x, y) = parts(s)?;
    let (UnaryOp::LogicalNot, c) = s.unary_parts(nc)? else {
        return None;
    };
    if !s.at(c).dtype.is_bool() {
        return None;
    }
    let r = s.select(c, y, x)?;
    s.conform(r)
}

/// `where(c, true, false) => c`, `where(c, false, true) => logical_not c`
fn select_bool(s: &mut Site<'_>) -> Option<NodeId> {
    let (c, x, y) = parts(s)?;
    let (Lit::Bool(x), Lit::Bool(y)) = (s.lit(x)?, s.lit(y)?) else {
        return None;
    };
    if !s.node().dtype.is_bool() {
        return None;
    }
    match (x, y) {
        (true, false) => s.conform(c),
        (false, true) => {
            let n = s.unary(UnaryOp::LogicalNot, c)?;
            s.conform(n)
        }
        _ => None,
    }
}

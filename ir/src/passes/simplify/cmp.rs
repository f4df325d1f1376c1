//! Comparisons and `logical_not`.
//!
//! Invariants:
//! 1. A comparison's loop is found by a search that is symmetric in its operands, so swapping
//!    them (with the mirrored comparison) keeps the loop and the result.
//! 2. NaN compares unordered: `not (a < b)` is not `a >= b`, and `x == x` is false for NaN.
//!    Those rewrites are exact for integers and bools, and on floats fire only under `Fast`,
//!    which assumes no NaN. `not (a == b)` is `a != b` even for NaN, and `x < x` is false
//!    for every `x`.

use super::site::Site;
use super::{FloatPolicy, Rule, rule};
use crate::graph::NodeId;
use crate::op::{BinaryOp, Lit, UnaryOp};

use BinaryOp::{Equal, Greater, GreaterEqual, Less, LessEqual, NotEqual};
use FloatPolicy::{Fast, Strict};

/// The rules of this file, in the order the driver tries them.
pub(super) const RULES: &[Rule] = &[
    rule("cmp_const_right", Strict, cmp_const_right),
    rule("cmp_self_false", Strict, cmp_self_false),
    rule("cmp_self", Fast, cmp_self),
    rule("not_not", Strict, not_not),
    rule("not_eq", Strict, not_eq),
    rule("not_order", Fast, not_order),
];

/// The comparison with its operands swapped: `a < b` is `b > a`.
fn mirrored(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        Equal => Equal,
        NotEqual => NotEqual,
        Less => Greater,
        Greater => Less,
        LessEqual => GreaterEqual,
        GreaterEqual => LessEqual,
        _ => return None,
    })
}

/// The comparison that is true exactly when `op` is false, for operands that are not NaN.
fn inverted(op: BinaryOp) -> Option<BinaryOp> {
    Some(match op {
        Equal => NotEqual,
        NotEqual => Equal,
        Less => GreaterEqual,
        GreaterEqual => Less,
        Greater => LessEqual,
        LessEqual => Greater,
        _ => return None,
    })
}

/// `c < x => x > c` (any comparison with a constant on the left)
fn cmp_const_right(s: &mut Site<'_>) -> Option<NodeId> {
    let (op, c, x) = s.binary_parts(s.id)?;
    let m = mirrored(op)?;
    if s.lit(c).is_none() || s.lit(x).is_some() {
        return None;
    }
    s.binary(m, x, c)
}

/// `x < x => false`, `x > x => false` (NaN too)
fn cmp_self_false(s: &mut Site<'_>) -> Option<NodeId> {
    let (op, a, b) = s.binary_parts(s.id)?;
    if a != b || !matches!(op, Less | Greater) {
        return None;
    }
    s.splat(Lit::Bool(false))
}

/// `x == x => true`, `x <= x => true`, `x >= x => true`, `x != x => false`
fn cmp_self(s: &mut Site<'_>) -> Option<NodeId> {
    let (op, a, b) = s.binary_parts(s.id)?;
    if a != b {
        return None;
    }
    let value = match op {
        Equal | LessEqual | GreaterEqual => true,
        NotEqual => false,
        _ => return None,
    };
    s.splat(Lit::Bool(value))
}

/// `logical_not (logical_not x) => x` (`x != 0` as a cast to bool when `x` is not bool)
fn not_not(s: &mut Site<'_>) -> Option<NodeId> {
    let (UnaryOp::LogicalNot, inner) = s.unary_parts(s.id)? else {
        return None;
    };
    let (UnaryOp::LogicalNot, x) = s.unary_parts(inner)? else {
        return None;
    };
    s.conform(x)
}

/// The comparison under `logical_not`: `(op, a, b)`.
fn negated_cmp(s: &Site<'_>) -> Option<(BinaryOp, NodeId, NodeId)> {
    let (UnaryOp::LogicalNot, inner) = s.unary_parts(s.id)? else {
        return None;
    };
    let (op, a, b) = s.binary_parts(inner)?;
    inverted(op).map(|_| (op, a, b))
}

/// `logical_not (a == b) => a != b`, `logical_not (a != b) => a == b`
fn not_eq(s: &mut Site<'_>) -> Option<NodeId> {
    let (op, a, b) = negated_cmp(s)?;
    if !matches!(op, Equal | NotEqual) {
        return None;
    }
    s.binary(inverted(op)?, a, b)
}

/// `logical_not (a < b) => a >= b` (and the other orderings; floats only under `Fast`: NaN)
fn not_order(s: &mut Site<'_>) -> Option<NodeId> {
    let (op, a, b) = negated_cmp(s)?;
    if matches!(op, Equal | NotEqual) {
        return None;
    }
    let float = s.at(a).dtype.is_float() || s.at(b).dtype.is_float();
    if float && !s.float_ok() {
        return None;
    }
    s.binary(inverted(op)?, a, b)
}

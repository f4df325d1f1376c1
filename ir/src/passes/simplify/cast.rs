//! Conversions: a `cast` to the operand's own dtype, and a `cast` of a `cast`.
//!
//! Invariant: every conversion (`Lit::cast`, the eager `astype`) is a function of the value
//! alone. So when the inner dtype `T` holds every value of `x`'s dtype exactly, `x` and
//! `cast x to T` have the same values, and converting either to `U` gives the same result.

use super::site::Site;
use super::{FloatPolicy, Rule, rule};
use crate::dtype::DType;
use crate::graph::NodeId;
use crate::op::{Op, int_range};

use FloatPolicy::Strict;

/// The rules of this file, in the order the driver tries them.
pub(super) const RULES: &[Rule] = &[
    rule("cast_same", Strict, cast_same),
    rule("cast_cast", Strict, cast_cast),
];

/// The operand when the node is `cast x`.
fn cast_of(s: &Site<'_>, id: NodeId) -> Option<NodeId> {
    let n = s.at(id);
    match n.op {
        Op::Cast => Some(n.args[0]),
        _ => None,
    }
}

/// True when every value of `from` is a value of `to`, exactly.
pub(super) fn holds(from: DType, to: DType) -> bool {
    let mantissa = |t: DType| if t == DType::F32 { 24 } else { 53 };
    if from == to || from.is_bool() {
        return true;
    }
    if from.is_integer() && to.is_integer() {
        let ((a, b), (c, d)) = (int_range(from), int_range(to));
        return c <= a && b <= d;
    }
    if from.is_integer() && to.is_float() {
        let (lo, hi) = int_range(from);
        let limit = 1i128 << mantissa(to);
        return -limit <= lo && hi <= limit;
    }
    from == DType::F32 && to == DType::F64
}

/// `cast x => x` (a cast to `x`'s own dtype)
fn cast_same(s: &mut Site<'_>) -> Option<NodeId> {
    let x = cast_of(s, s.id)?;
    (s.at(x).dtype == s.node().dtype).then_some(x)
}

/// `cast (cast x to T) => cast x` (when `T` holds every value of `x`'s dtype)
fn cast_cast(s: &mut Site<'_>) -> Option<NodeId> {
    let inner = cast_of(s, s.id)?;
    let x = cast_of(s, inner)?;
    if !holds(s.at(x).dtype, s.at(inner).dtype) {
        return None;
    }
    let dtype = s.node().dtype;
    s.cast(x, dtype)
}

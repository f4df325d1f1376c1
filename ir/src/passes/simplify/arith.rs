//! Arithmetic identities and canonicalisation: `+ - * /` and `negative` with a constant.
//!
//! Invariants:
//! 1. Constants of commutative ops sit on the right (`const_right`); every other rule here
//!    matches a constant on the right only.
//! 2. A replacement that is an operand of the node is converted and broadcast to the node's
//!    dtype and shape ([`Site::conform`]); the conversion is the one the node's loop applies.
//! 3. Under wrapping integer arithmetic every ring identity is exact; division is not a ring
//!    operation, and `divide` always computes in floats.
//!
//! Policies of the rules that are not bit-exact on floats, and why:
//! - `add_zero`: `-0.0 + 0.0` is `+0.0`, so `x + 0.0 => x` changes the sign of a zero result
//!   (value unchanged). `x + -0.0 => x` is exact (`add_neg_zero`).
//! - `zero_sub`: `0.0 - 0.0` is `+0.0` but `-(0.0)` is `-0.0` (value unchanged).
//! - `div_const`: `1/c` is rounded, so the result may differ by the bound in its doc line.
//! - `reassoc_add`, `reassoc_mul`: floating-point addition and multiplication are not
//!   associative.
//! - `sub_self`, `mul_zero`: `inf - inf` and `inf * 0` are NaN, `-1.0 * 0.0` is `-0.0`: only
//!   under `Fast`, which assumes finite values.
//!
//! `x * 2 => x + x` is deliberately not a rule: it is bit-exact but no cheaper (one op either
//! way), and it would undo the `a * k` form that like-term collection produces and reads.

use super::site::{Site, fold, is_minus_one, is_neg_zero, is_one, is_zero};
use super::{FloatPolicy, Rule, rule};
use crate::graph::NodeId;
use crate::op::{BinaryOp, Lit, UnaryOp};

use BinaryOp::{Add, Multiply, Subtract, TrueDivide};
use FloatPolicy::{Algebraic, Fast, Strict};

/// The rules of this file, in the order the driver tries them.
pub(super) const RULES: &[Rule] = &[
    rule("const_right", Strict, const_right),
    rule("add_neg_zero", Strict, add_neg_zero),
    rule("add_zero", Algebraic, add_zero),
    rule("sub_zero", Strict, sub_zero),
    rule("mul_one", Strict, mul_one),
    rule("div_one", Strict, div_one),
    rule("mul_neg_one", Strict, mul_neg_one),
    rule("neg_zero_sub", Strict, neg_zero_sub),
    rule("zero_sub", Algebraic, zero_sub),
    rule("neg_neg", Strict, neg_neg),
    rule("add_neg", Strict, add_neg),
    rule("sub_neg", Strict, sub_neg),
    rule("div_pow2", Strict, div_pow2),
    rule("div_const", Algebraic, div_const),
    rule("sub_self", Fast, sub_self),
    rule("mul_zero", Fast, mul_zero),
    rule("reassoc_add", Algebraic, reassoc_add),
    rule("reassoc_mul", Algebraic, reassoc_mul),
];

/// `(op, x, c)` when the node is `op x, c` with a constant `c` on the right.
fn with_const(s: &Site<'_>, op: BinaryOp) -> Option<(NodeId, Lit)> {
    let (o, x, c) = s.binary_parts(s.id)?;
    if o != op {
        return None;
    }
    Some((x, s.lit(c)?))
}

/// True when swapping the operands of `op` gives a bit-identical result for operands of
/// this dtype. Float `maximum`/`minimum` are not commutative (`maximum(-0.0, 0.0)` is the
/// first operand), nor are `fmax`/`fmin` on NaN payloads.
fn commutes(op: BinaryOp, float: bool) -> bool {
    use BinaryOp::*;
    match op {
        Add | Multiply | LogicalAnd | LogicalOr | LogicalXor | BitwiseAnd | BitwiseOr
        | BitwiseXor => true,
        Maximum | Minimum | Fmax | Fmin => !float,
        _ => false,
    }
}

/// `c op x => x op c` (for commutative `op`)
fn const_right(s: &mut Site<'_>) -> Option<NodeId> {
    let (op, c, x) = s.binary_parts(s.id)?;
    let float = s.at(c).dtype.is_float() || s.at(x).dtype.is_float();
    if !commutes(op, float) || s.lit(c).is_none() || s.lit(x).is_some() {
        return None;
    }
    s.binary(op, x, c)
}

/// True when `c`, converted to the node's loop dtype, is the additive identity that is
/// exact for every operand: `-0.0` in a float loop (an integer or bool zero converts to
/// `+0.0` there), zero otherwise.
fn exact_zero(s: &Site<'_>, c: Lit) -> bool {
    match s.binary_loop(s.id) {
        Some(l) if l.input.is_float() => is_neg_zero(c.cast(l.input)),
        Some(_) => is_zero(c),
        None => false,
    }
}

/// `x + -0.0 => x` (and `x + 0 => x` for integers and bool)
fn add_neg_zero(s: &mut Site<'_>) -> Option<NodeId> {
    let (x, c) = with_const(s, Add)?;
    if !exact_zero(s, c) {
        return None;
    }
    s.conform(x)
}

/// `x + 0.0 => x` (`-0.0 + 0.0` is `+0.0`, the rewrite keeps `-0.0`: the same value)
fn add_zero(s: &mut Site<'_>) -> Option<NodeId> {
    let (x, c) = with_const(s, Add)?;
    if !is_zero(c) {
        return None;
    }
    s.conform(x)
}

/// `x - 0 => x` (exact for `+0.0` too: `x - 0.0` is `x + -0.0`)
fn sub_zero(s: &mut Site<'_>) -> Option<NodeId> {
    let (x, c) = with_const(s, Subtract)?;
    if !is_zero(c) || is_neg_zero(c) {
        return None;
    }
    s.conform(x)
}

/// `x * 1 => x`
fn mul_one(s: &mut Site<'_>) -> Option<NodeId> {
    let (x, c) = with_const(s, Multiply)?;
    if !is_one(c) {
        return None;
    }
    s.conform(x)
}

/// `x / 1 => x`
fn div_one(s: &mut Site<'_>) -> Option<NodeId> {
    let (x, c) = with_const(s, TrueDivide)?;
    if !super::site::is_num(c, 1.0) {
        return None;
    }
    s.conform(x)
}

/// `negative` of `x` converted to the node's loop dtype.
fn negate(s: &mut Site<'_>, x: NodeId) -> Option<NodeId> {
    let l = s.binary_loop(s.id)?;
    if l.input.is_bool() {
        return None;
    }
    let x = s.cast(x, l.input)?;
    let n = s.unary(UnaryOp::Negative, x)?;
    s.conform(n)
}

/// `x * -1 => negative x`
fn mul_neg_one(s: &mut Site<'_>) -> Option<NodeId> {
    let (x, c) = with_const(s, Multiply)?;
    let input = s.binary_loop(s.id)?.input;
    if !is_minus_one(c.cast(input), input) {
        return None;
    }
    negate(s, x)
}

/// `-0.0 - x => negative x` (and `0 - x` for integers)
fn neg_zero_sub(s: &mut Site<'_>) -> Option<NodeId> {
    let (Subtract, c, x) = s.binary_parts(s.id)? else {
        return None;
    };
    if !exact_zero(s, s.lit(c)?) {
        return None;
    }
    negate(s, x)
}

/// `0.0 - x => negative x` (`0.0 - 0.0` is `+0.0`, the rewrite gives `-0.0`)
fn zero_sub(s: &mut Site<'_>) -> Option<NodeId> {
    let (Subtract, c, x) = s.binary_parts(s.id)? else {
        return None;
    };
    if !is_zero(s.lit(c)?) {
        return None;
    }
    negate(s, x)
}

/// `negative (negative x) => x`
fn neg_neg(s: &mut Site<'_>) -> Option<NodeId> {
    let (UnaryOp::Negative, inner) = s.unary_parts(s.id)? else {
        return None;
    };
    let (UnaryOp::Negative, x) = s.unary_parts(inner)? else {
        return None;
    };
    s.conform(x)
}

/// The operand of `id` when it is `negative y` computed in the node's loop dtype (a
/// `negative` in a narrower dtype wraps before the conversion: `-MIN` is `MIN` in `i64`).
fn negated(s: &Site<'_>, id: NodeId) -> Option<NodeId> {
    let (UnaryOp::Negative, y) = s.unary_parts(id)? else {
        return None;
    };
    (s.at(id).dtype == s.binary_loop(s.id)?.input).then_some(y)
}

/// `x + negative y => x - y`, `negative x + y => y - x`
fn add_neg(s: &mut Site<'_>) -> Option<NodeId> {
    let (Add, a, b) = s.binary_parts(s.id)? else {
        return None;
    };
    let (x, y) = match (negated(s, a), negated(s, b)) {
        (_, Some(y)) => (a, y),
        (Some(x), None) => (b, x),
        (None, None) => return None,
    };
    let r = s.binary(Subtract, x, y)?;
    s.conform(r)
}

/// `x - negative y => x + y`
fn sub_neg(s: &mut Site<'_>) -> Option<NodeId> {
    let (Subtract, x, b) = s.binary_parts(s.id)? else {
        return None;
    };
    let y = negated(s, b)?;
    let r = s.binary(Add, x, y)?;
    s.conform(r)
}

/// `1/c` in the node's float dtype when it is finite and normal, and whether it is exact
/// (`c` a power of two).
fn reciprocal(s: &Site<'_>, c: Lit) -> Option<(Lit, bool)> {
    let dtype = s.node().dtype;
    let c = c.cast(dtype);
    let Lit::Float(cv) = c else {
        return None;
    };
    let cv = cv.get();
    if !cv.is_finite() || cv == 0.0 {
        return None;
    }
    let r = Lit::float(1.0 / cv).cast(dtype);
    let rv = r.to_f64();
    let min_normal = if dtype == crate::DType::F32 {
        f64::from(f32::MIN_POSITIVE)
    } else {
        f64::MIN_POSITIVE
    };
    let max = if dtype == crate::DType::F32 {
        f64::from(f32::MAX)
    } else {
        f64::MAX
    };
    if !(min_normal..=max).contains(&rv.abs()) {
        return None;
    }
    // c = ±2^k is normal and its mantissa bits are zero; then 1/c = ±2^-k exactly.
    let exact = cv.abs() >= min_normal && (cv.to_bits() & ((1u64 << 52) - 1)) == 0;
    Some((r, exact))
}

/// `x / c` with `1/c` as a constant of the node's dtype, as `x * (1/c)`.
fn div_to_mul(s: &mut Site<'_>, want_exact: bool) -> Option<NodeId> {
    let (x, c) = with_const(s, TrueDivide)?;
    let (r, exact) = reciprocal(s, c)?;
    if exact != want_exact {
        return None;
    }
    let dtype = s.node().dtype;
    let r = s.constant(r, dtype);
    let m = s.binary(Multiply, x, r)?;
    s.conform(m)
}

/// `x / 2^k => x * 2^-k` (exact: `2^-k` is representable, so both round the same real)
fn div_pow2(s: &mut Site<'_>) -> Option<NodeId> {
    div_to_mul(s, true)
}

/// `x / c => x * (1/c)` (`1/c` rounded, finite and normal: relative difference ≤ 3u, u the
/// unit roundoff, 2^-53 for f64 and 2^-24 for f32)
fn div_const(s: &mut Site<'_>) -> Option<NodeId> {
    div_to_mul(s, false)
}

/// `x - x => 0`
fn sub_self(s: &mut Site<'_>) -> Option<NodeId> {
    let (Subtract, a, b) = s.binary_parts(s.id)? else {
        return None;
    };
    if a != b {
        return None;
    }
    s.splat(Lit::Int(0))
}

/// `x * 0 => 0`
fn mul_zero(s: &mut Site<'_>) -> Option<NodeId> {
    let (_, c) = with_const(s, Multiply)?;
    if !is_zero(c) {
        return None;
    }
    s.splat(c)
}

/// `(x op c1) op c2 => x op (c1 op c2)` when the inner node computes in the node's dtype.
fn reassoc(s: &mut Site<'_>, op: BinaryOp) -> Option<NodeId> {
    let (inner, c2) = with_const(s, op)?;
    let dtype = s.node().dtype;
    let (iop, x, c1) = s.binary_parts(inner)?;
    let c1 = s.lit(c1)?;
    let same = |d: crate::DType| d == dtype;
    if iop != op || !same(s.at(inner).dtype) || !same(s.binary_loop(s.id)?.input) {
        return None;
    }
    if !same(s.binary_loop(inner)?.input) || s.lit(x).is_some() {
        return None;
    }
    let c = fold(op, c1, c2, dtype)?;
    let c = s.constant(c, dtype);
    let r = s.binary(op, x, c)?;
    s.conform(r)
}

/// `(x + c1) + c2 => x + (c1 + c2)` (floats: |difference| ≤ 4u·(|x| + |c1| + |c2|), u the
/// unit roundoff)
fn reassoc_add(s: &mut Site<'_>) -> Option<NodeId> {
    reassoc(s, Add)
}

/// `(x * c1) * c2 => x * (c1 * c2)` (floats: relative difference ≤ 4u, u the unit roundoff)
fn reassoc_mul(s: &mut Site<'_>) -> Option<NodeId> {
    reassoc(s, Multiply)
}

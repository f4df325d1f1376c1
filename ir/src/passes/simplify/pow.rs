//! `power` with a small constant exponent: the fast paths NumPy's `**` takes (`** 2` is
//! `square`, `** 0.5` `sqrt`, `** 1` a copy, `** -1` `reciprocal`, `** 0` ones; see
//! `Array::power` in the main crate), made explicit so that `np.power` graphs get them too.
//!
//! Invariants:
//! 1. The operand is first converted to the node's loop dtype, as `power` converts it, so the
//!    replacement computes in the same dtype (`x_i16 ** 0.5` computes in f64, not f32).
//! 2. Integer `power` is wrapping multiplication, so `x ** 2`, `x ** 3` are exact for integers;
//!    integers to negative powers raise in NumPy, so `** -1` only fires in float loops.
//!
//! Exactness on floats (float `power` is the platform `pow`; glibc's `pow` is correctly
//! rounded on squares and reciprocals — checked against `x * x` and `1 / x` on five million
//! random bit patterns and the exact-tie squares — and so are `*`, `/` and `sqrt`):
//! - `pow(x, 2) == x * x`, `pow(x, 1) == x`, `pow(x, 0) == 1` (NaN included),
//!   `pow(x, -1) == 1 / x` (±0 and ±inf included): `Strict`.
//! - `pow(x, 0.5)` differs from `sqrt(x)` at `-0.0` (`+0.0` against `-0.0`) and `-inf`
//!   (`inf` against NaN), and agrees elsewhere: `Algebraic` (a finite value keeps its value).
//!
//! `x ** 3 => x * x * x` is not a rule: `pow(x, 3)` is one rounding where `x * x * x` is two,
//! so it could only be `Algebraic`, and it is two ops for one.

use super::site::{Site, is_float, is_num};
use super::{FloatPolicy, Rule, rule};
use crate::graph::NodeId;
use crate::op::{BinaryOp, Lit, UnaryOp};

use FloatPolicy::{Algebraic, Strict};

/// The rules of this file, in the order the driver tries them.
pub(super) const RULES: &[Rule] = &[
    rule("pow_zero", Strict, pow_zero),
    rule("pow_one", Strict, pow_one),
    rule("pow_two", Strict, pow_two),
    rule("pow_neg_one", Strict, pow_neg_one),
    rule("pow_half", Algebraic, pow_half),
];

/// The exponent when the node is `power x, c` with a constant `c`.
fn exponent(s: &Site<'_>) -> Option<Lit> {
    let (BinaryOp::Power, _, c) = s.binary_parts(s.id)? else {
        return None;
    };
    s.lit(c)
}

/// True when the node's `power` loop computes in floats.
fn float_loop(s: &Site<'_>) -> bool {
    s.binary_loop(s.id).is_some_and(|l| l.input.is_float())
}

/// The base `x` of `power x, c`, converted to the loop dtype as `power` converts it.
fn base(s: &mut Site<'_>) -> Option<NodeId> {
    let l = s.binary_loop(s.id)?;
    s.cast(s.arg(0), l.input)
}

/// `x ** 0 => 1` (`nan ** 0` is 1 too)
fn pow_zero(s: &mut Site<'_>) -> Option<NodeId> {
    if !is_num(exponent(s)?, 0.0) {
        return None;
    }
    s.splat(Lit::Int(1))
}

/// `x ** 1 => x`
fn pow_one(s: &mut Site<'_>) -> Option<NodeId> {
    if !is_num(exponent(s)?, 1.0) {
        return None;
    }
    s.conform(s.arg(0))
}

/// `x ** 2 => x * x`
fn pow_two(s: &mut Site<'_>) -> Option<NodeId> {
    if !is_num(exponent(s)?, 2.0) {
        return None;
    }
    let x = base(s)?;
    let r = s.binary(BinaryOp::Multiply, x, x)?;
    s.conform(r)
}

/// `x ** -1 => reciprocal x` (floats only: integers to negative powers raise)
fn pow_neg_one(s: &mut Site<'_>) -> Option<NodeId> {
    if !is_num(exponent(s)?, -1.0) || !float_loop(s) {
        return None;
    }
    let x = base(s)?;
    let r = s.unary(UnaryOp::Reciprocal, x)?;
    s.conform(r)
}

/// `x ** 0.5 => sqrt x` (differs only at `-0.0`, giving `-0.0`, and `-inf`, giving NaN)
fn pow_half(s: &mut Site<'_>) -> Option<NodeId> {
    if !is_float(exponent(s)?, 0.5) || !float_loop(s) {
        return None;
    }
    let x = base(s)?;
    let r = s.unary(UnaryOp::Sqrt, x)?;
    s.conform(r)
}

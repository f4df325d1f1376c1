//! Scalar semantics of every elementwise op on constants, as numfuse's eager ufunc loops compute
//! them (`src/ops/kernels.rs` of the main crate), bit for bit.
//!
//! Two layers:
//!
//! - [`apply_unary`], [`apply_binary`], [`apply_cast`] give the value the eager loop computes,
//!   together with the floating-point condition NumPy would report for it ([`Signal`]), or a
//!   [`Raise`] when NumPy raises whatever the error state (an integer to a negative integer
//!   power, an op with no loop for the dtype). The reference interpreter uses these.
//! - [`unary`], [`binary`], [`cast`] are what folding and simplification use: the value only
//!   when evaluating the op is *silent* under NumPy's default error state, `None` otherwise.
//!   A fold must not remove a warning or an error the user could see (or turn into an
//!   exception with `errstate`), so `1.0 / 0.0`, `5 // 0`, `sqrt(-1.0)`, `exp(1000.0)` and
//!   `cast(nan)` to an integer are left for the kernel to compute.
//!
//! Semantics (each the eager loop's):
//!
//! 1. Operands are first converted to the loop's input dtype with NumPy's `astype`
//!    ([`apply_cast`]); the op then runs in that dtype (`f32` ops round in `f32`).
//! 2. Integers wrap. `//` and `%` round toward -inf, the remainder taking the divisor's sign;
//!    `fmod` takes the dividend's; any of them by zero gives 0 (divide signal). `MIN // -1`
//!    wraps to `MIN` (overflow signal, as NumPy reports it).
//! 3. Integer `**` uses repeated squaring with wrapping; a negative exponent raises.
//! 4. Shifts by a negative amount or by the bit width or more give 0, or -1 for a negative
//!    value shifted right.
//! 5. `maximum`/`minimum` propagate NaN, `fmax`/`fmin` ignore it; between equal operands
//!    (`-0.0`, `0.0`) all four return the second.
//! 6. Float `//` and `%` follow NumPy's `npy_divmod`; `sign` gives `0.0` for both zeros and NaN
//!    for NaN; `rint` rounds half to even; the inverse hyperbolic functions come from the
//!    platform libm, like NumPy's.
//! 7. Bools add as `or` and multiply as `and`; `maximum` is `or`, `minimum` is `and`.
//! 8. Comparisons of two integers whose loop is a float loop (`int64` against `uint64`) are
//!    exact, as numfuse's eager comparison is.
//!
//! Invariant: a returned [`Lit`] is always a value of the loop's output dtype (a float of an
//! `f32` loop is an `f32` value, an integer is in range), so it can be a constant of that dtype.

use crate::dtype::{DType, Kind};
use crate::op::{BinaryOp, Lit, Loop, UnaryOp, int_range};

/// A floating-point condition NumPy reports for an operation (`np.errstate`'s categories;
/// underflow, which NumPy ignores by default, is not tracked).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Signal {
    /// Division by zero: `1.0 / 0.0`, `log(0.0)`, integer `x // 0`.
    Divide,
    /// A result too large: `exp(1000.0)`, `int8 -128 // -1`.
    Overflow,
    /// An invalid operation: `0.0 / 0.0`, `sqrt(-1.0)`, `inf - inf`, `nan` cast to an integer.
    Invalid,
}

/// What one evaluation gives: the value and the condition NumPy would report, if any.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outcome {
    /// The result, a value of the loop's output dtype.
    pub value: Lit,
    /// The floating-point condition raised, if any.
    pub signal: Option<Signal>,
}

impl Outcome {
    fn ok(value: Lit) -> Outcome {
        Outcome {
            value,
            signal: None,
        }
    }

    /// The value when no condition was raised.
    pub fn silent(self) -> Option<Lit> {
        self.signal.is_none().then_some(self.value)
    }
}

/// NumPy raises for this operation whatever the error state (the message is NumPy's).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Raise(pub String);

impl std::fmt::Display for Raise {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// `op(x)` on a constant: `x` is converted to `l.input`, the op runs in that dtype exactly as
/// the eager ufunc does, and the result is a value of `l.output`. `None` when NumPy would
/// raise for this value, or would report a floating-point condition (so the caller must not
/// fold it).
pub fn unary(op: UnaryOp, x: Lit, l: Loop) -> Option<Lit> {
    apply_unary(op, x, l).ok()?.silent()
}

/// `op(a, b)` on constants: both converted to `l.input`, computed as the eager ufunc computes
/// (integer wrapping, NumPy's floor division and remainder signs, NaN-propagating extrema),
/// giving a value of `l.output`. `None` when NumPy would raise (integer `**` a negative
/// integer) or would report a floating-point condition (division by zero, overflow, invalid),
/// which the error state could turn into an error the caller cannot see.
pub fn binary(op: BinaryOp, a: Lit, b: Lit, l: Loop) -> Option<Lit> {
    apply_binary(op, a, b, l).ok()?.silent()
}

/// `x` converted to `to` as `astype` converts, when NumPy reports nothing for it (`None` for
/// NaN, infinities and out-of-range floats cast to an integer, and for finite values that
/// overflow `f32`).
pub fn cast(x: Lit, to: DType) -> Option<Lit> {
    apply_cast(x, to).silent()
}

/// `x` converted to `to` as the eager `astype` converts it (unsafe casting), with the
/// condition NumPy reports.
///
/// Floats to integers truncate toward zero through the x86-64 conversion the eager code uses:
/// to a 32-bit integer for `i8 i16 i32 u8 u16`, to 64 bits for `i32 i64 u32`, and the
/// compiler's unsigned sequence for `u64`; a value out of that range (or NaN) gives the
/// "integer indefinite" (the minimum), truncated to the width, and the invalid signal.
/// Integers wrap; non-zero is `true`; integers to floats round to nearest once.
pub fn apply_cast(x: Lit, to: DType) -> Outcome {
    match to.kind() {
        Kind::Bool => Outcome::ok(Lit::Bool(match x {
            Lit::Bool(b) => b,
            Lit::Int(i) => i != 0,
            Lit::Float(f) => f.get() != 0.0,
        })),
        Kind::Float => {
            let v = match (x, to) {
                (Lit::Int(i), DType::F32) => f64::from(i as f32),
                (Lit::Int(i), _) => i as f64,
                (_, DType::F32) => f64::from(x.to_f64() as f32),
                _ => x.to_f64(),
            };
            let over = v.is_infinite() && x.to_f64().is_finite();
            Outcome {
                value: Lit::float(v),
                signal: over.then_some(Signal::Overflow),
            }
        }
        Kind::Signed | Kind::Unsigned => match x {
            Lit::Bool(b) => Outcome::ok(Lit::Int(i128::from(b))),
            Lit::Int(i) => Outcome::ok(Lit::Int(wrap(i, to))),
            Lit::Float(f) => {
                let (i, invalid) = float_to_int(f.get(), to);
                Outcome {
                    value: Lit::Int(wrap(i, to)),
                    signal: invalid.then_some(Signal::Invalid),
                }
            }
        },
    }
}

/// `i` wrapped into an integer dtype's range (two's complement).
fn wrap(i: i128, dtype: DType) -> i128 {
    let bits = 8 * dtype.itemsize() as u32;
    let m = i.rem_euclid(1i128 << bits);
    if dtype.is_signed() && m >= 1i128 << (bits - 1) {
        m - (1i128 << bits)
    } else {
        m
    }
}

/// The eager float-to-integer conversion (see [`apply_cast`]): the integer before wrapping to
/// `to`'s width, and whether the conversion was out of range.
fn float_to_int(v: f64, to: DType) -> (i128, bool) {
    const TWO_31: f64 = 2_147_483_648.0;
    const TWO_63: f64 = 9_223_372_036_854_775_808.0;
    // `cvttsd2si`: truncation, or the minimum of the destination for NaN and out of range.
    let to_i32 = |v: f64| -> (i128, bool) {
        if v > -TWO_31 - 1.0 && v < TWO_31 {
            (v as i128, false)
        } else {
            (i128::from(i32::MIN), true)
        }
    };
    let to_i64 = |v: f64| -> (i128, bool) {
        if (-TWO_63..TWO_63).contains(&v) {
            (v as i128, false)
        } else {
            (i128::from(i64::MIN), true)
        }
    };
    match to {
        DType::I8 | DType::I16 | DType::I32 | DType::U8 | DType::U16 => to_i32(v),
        // Values at or above 2^63 are shifted into range first; negatives wrap.
        DType::U64 if v >= TWO_63 => {
            let (i, bad) = to_i64(v - TWO_63);
            (i + (1i128 << 63), bad)
        }
        _ => to_i64(v),
    }
}

/// The value of `x` in the loop dtype `t`, as an integer (bool as 0/1).
fn as_int(x: Lit, t: DType) -> i128 {
    match apply_cast(x, t).value {
        Lit::Int(i) => i,
        Lit::Bool(b) => i128::from(b),
        Lit::Float(f) => f.get() as i128,
    }
}

fn as_bool(x: Lit) -> bool {
    matches!(apply_cast(x, DType::Bool).value, Lit::Bool(true))
}

fn as_f64(x: Lit, t: DType) -> f64 {
    apply_cast(x, t).value.to_f64()
}

fn no_loop(op: &str, t: DType) -> Raise {
    Raise(format!(
        "ufunc '{op}' did not contain a loop with signature matching types (dtype('{}'))",
        t.name()
    ))
}

/// `op(x)` as the eager loop computes it, with the condition NumPy reports.
///
/// # Errors
/// [`Raise`] when the loop's input dtype has no loop for `op`.
pub fn apply_unary(op: UnaryOp, x: Lit, l: Loop) -> Result<Outcome, Raise> {
    let t = l.input;
    match t.kind() {
        Kind::Bool => bool_unary(op, as_bool(x)).ok_or_else(|| no_loop(op.name(), t)),
        Kind::Signed | Kind::Unsigned => int_unary(op, as_int(x, t), t),
        Kind::Float if t == DType::F32 => float_unary_f32(op, as_f64(x, t) as f32),
        Kind::Float => float_unary_f64(op, as_f64(x, t)),
    }
}

/// `op(a, b)` as the eager loop computes it, with the condition NumPy reports.
///
/// # Errors
/// [`Raise`] for an integer `**` a negative integer, or when the loop's input dtype has no
/// loop for `op`.
pub fn apply_binary(op: BinaryOp, a: Lit, b: Lit, l: Loop) -> Result<Outcome, Raise> {
    let t = l.input;
    if let (Lit::Int(x), Lit::Int(y), true) = (a, b, t.is_float())
        && let Some(r) = compare(op, &x, &y)
    {
        return Ok(Outcome::ok(Lit::Bool(r)));
    }
    match t.kind() {
        Kind::Bool => bool_binary(op, as_bool(a), as_bool(b))
            .map(|v| Outcome::ok(Lit::Bool(v)))
            .ok_or_else(|| no_loop(op.name(), t)),
        Kind::Signed | Kind::Unsigned => int_binary(op, as_int(a, t), as_int(b, t), t),
        Kind::Float if t == DType::F32 => {
            float_binary_f32(op, as_f64(a, t) as f32, as_f64(b, t) as f32)
        }
        Kind::Float => float_binary_f64(op, as_f64(a, t), as_f64(b, t)),
    }
}

/// The six comparisons on any ordered type; `None` for other ops.
fn compare<T: PartialOrd>(op: BinaryOp, a: &T, b: &T) -> Option<bool> {
    use BinaryOp as B;
    Some(match op {
        B::Equal => a == b,
        B::NotEqual => a != b,
        B::Less => a < b,
        B::LessEqual => a <= b,
        B::Greater => a > b,
        B::GreaterEqual => a >= b,
        _ => return None,
    })
}

/// `and`, `or`, `xor` of truth values; `None` for other ops.
fn logical(op: BinaryOp, a: bool, b: bool) -> Option<bool> {
    match op {
        BinaryOp::LogicalAnd => Some(a && b),
        BinaryOp::LogicalOr => Some(a || b),
        BinaryOp::LogicalXor => Some(a != b),
        _ => None,
    }
}

fn bool_unary(op: UnaryOp, a: bool) -> Option<Outcome> {
    use UnaryOp as U;
    let v = match op {
        U::Absolute | U::Floor | U::Ceil | U::Trunc => a,
        U::IsNan | U::IsInf => false,
        U::IsFinite => true,
        U::LogicalNot | U::Invert => !a,
        _ => return None,
    };
    Some(Outcome::ok(Lit::Bool(v)))
}

fn bool_binary(op: BinaryOp, a: bool, b: bool) -> Option<bool> {
    use BinaryOp as B;
    if let Some(r) = compare(op, &a, &b).or_else(|| logical(op, a, b)) {
        return Some(r);
    }
    Some(match op {
        B::Add | B::Maximum | B::Fmax | B::BitwiseOr => a | b,
        B::Multiply | B::Minimum | B::Fmin | B::BitwiseAnd => a & b,
        B::BitwiseXor => a ^ b,
        _ => return None,
    })
}

fn int_unary(op: UnaryOp, a: i128, t: DType) -> Result<Outcome, Raise> {
    use UnaryOp as U;
    let int = |v: i128| Outcome::ok(Lit::Int(wrap(v, t)));
    let truth = |v: bool| Outcome::ok(Lit::Bool(v));
    Ok(match op {
        U::Negative => int(-a),
        U::Positive | U::Floor | U::Ceil | U::Trunc => int(a),
        U::Absolute => int(a.abs()),
        U::Sign => int(a.signum()),
        U::Square => int(a.wrapping_mul(a)),
        U::Reciprocal if a == 0 => Outcome {
            value: Lit::Int(0),
            signal: Some(Signal::Divide),
        },
        U::Reciprocal => int(1 / a),
        U::IsNan | U::IsInf => truth(false),
        U::IsFinite => truth(true),
        U::LogicalNot => truth(a == 0),
        U::Invert => int(!a),
        _ => return Err(no_loop(op.name(), t)),
    })
}

fn int_binary(op: BinaryOp, a: i128, b: i128, t: DType) -> Result<Outcome, Raise> {
    use BinaryOp as B;
    if let Some(r) = compare(op, &a, &b).or_else(|| logical(op, a != 0, b != 0)) {
        return Ok(Outcome::ok(Lit::Bool(r)));
    }
    let bits = 8 * t.itemsize() as i128;
    let int = |v: i128| Outcome::ok(Lit::Int(wrap(v, t)));
    let by_zero = Outcome {
        value: Lit::Int(0),
        signal: Some(Signal::Divide),
    };
    Ok(match op {
        B::Add => int(a + b),
        B::Subtract => int(a - b),
        B::Multiply => int(a.wrapping_mul(b)),
        B::FloorDivide | B::Remainder | B::Fmod if b == 0 => by_zero,
        B::FloorDivide => {
            let q = a / b - i128::from(a % b != 0 && (a < 0) != (b < 0));
            let overflow = t.is_signed() && a == int_range(t).0 && b == -1;
            Outcome {
                value: Lit::Int(wrap(q, t)),
                signal: overflow.then_some(Signal::Overflow),
            }
        }
        B::Remainder => {
            let r = a % b;
            int(if r != 0 && (r < 0) != (b < 0) {
                r + b
            } else {
                r
            })
        }
        B::Fmod => int(a % b),
        B::Power if b < 0 => {
            return Err(Raise(
                "Integers to negative integer powers are not allowed.".to_string(),
            ));
        }
        B::Power => {
            let (mut base, mut acc, mut exp) = (a, 1i128, b);
            while exp > 0 {
                if exp & 1 == 1 {
                    acc = wrap(acc.wrapping_mul(base), t);
                }
                base = wrap(base.wrapping_mul(base), t);
                exp >>= 1;
            }
            int(acc)
        }
        B::Maximum | B::Fmax => int(if a >= b { a } else { b }),
        B::Minimum | B::Fmin => int(if a <= b { a } else { b }),
        B::BitwiseAnd => int(a & b),
        B::BitwiseOr => int(a | b),
        B::BitwiseXor => int(a ^ b),
        B::LeftShift if (0..bits).contains(&b) => int(a.wrapping_shl(b as u32)),
        B::RightShift if (0..bits).contains(&b) => int(a >> b),
        B::LeftShift => int(0),
        B::RightShift => int(if a < 0 { -1 } else { 0 }),
        _ => return Err(no_loop(op.name(), t)),
    })
}

/// The condition a float result reports: NaN from non-NaN operands is invalid; an infinity
/// from finite operands is a division by zero at a pole (`pole`) or an overflow.
fn float_signal(inputs: &[f64], r: f64, pole: bool) -> Option<Signal> {
    if r.is_nan() && !inputs.iter().any(|x| x.is_nan()) {
        Some(Signal::Invalid)
    } else if r.is_infinite() && inputs.iter().all(|x| x.is_finite()) {
        Some(if pole {
            Signal::Divide
        } else {
            Signal::Overflow
        })
    } else {
        None
    }
}

macro_rules! float_ops {
    ($t:ident, $dt:expr, $unary:ident, $binary:ident, $divmod:ident, $asinh:ident, $acosh:ident, $atanh:ident) => {
        /// NumPy's `npy_divmod` in this precision: floor quotient and remainder with the
        /// divisor's sign (`a / b` and `fmod(a, b)` for a zero divisor). The JIT's host
        /// functions for float `//` and `%` call it too.
        pub fn $divmod(a: $t, b: $t) -> ($t, $t) {
            const ZERO: $t = 0.0;
            let m = a % b;
            if b == 0.0 {
                return (a / b, m);
            }
            let mut div = (a - m) / b;
            let mut m = m;
            if m != 0.0 {
                if (b < 0.0) != (m < 0.0) {
                    m += b;
                    div -= 1.0;
                }
            } else {
                m = ZERO.copysign(b);
            }
            let floordiv = if div != 0.0 {
                let f = div.floor();
                if div - f > 0.5 { f + 1.0 } else { f }
            } else {
                ZERO.copysign(a / b)
            };
            (floordiv, m)
        }

        fn $unary(op: UnaryOp, a: $t) -> Result<Outcome, Raise> {
            use UnaryOp as U;
            let truth = |v: bool| Ok(Outcome::ok(Lit::Bool(v)));
            let r: $t = match op {
                U::IsNan => return truth(a.is_nan()),
                U::IsInf => return truth(a.is_infinite()),
                U::IsFinite => return truth(a.is_finite()),
                U::LogicalNot => return truth(a == 0.0),
                U::Negative => -a,
                U::Positive => a,
                U::Absolute => a.abs(),
                U::Sign if a > 0.0 => 1.0,
                U::Sign if a < 0.0 => -1.0,
                U::Sign if a == 0.0 => 0.0,
                U::Sign => a,
                U::Square => a * a,
                U::Reciprocal => 1.0 / a,
                U::Floor => a.floor(),
                U::Ceil => a.ceil(),
                U::Trunc => a.trunc(),
                U::Rint => a.round_ties_even(),
                U::Sqrt => a.sqrt(),
                U::Cbrt => a.cbrt(),
                U::Exp => a.exp(),
                U::Exp2 => a.exp2(),
                U::Expm1 => a.exp_m1(),
                U::Log => a.ln(),
                U::Log2 => a.log2(),
                U::Log10 => a.log10(),
                U::Log1p => a.ln_1p(),
                U::Sin => a.sin(),
                U::Cos => a.cos(),
                U::Tan => a.tan(),
                U::Arcsin => a.asin(),
                U::Arccos => a.acos(),
                U::Arctan => a.atan(),
                U::Sinh => a.sinh(),
                U::Cosh => a.cosh(),
                U::Tanh => a.tanh(),
                U::Arcsinh => libm::$asinh(a),
                U::Arccosh => libm::$acosh(a),
                U::Arctanh => libm::$atanh(a),
                U::Invert => return Err(no_loop(op.name(), $dt)),
            };
            let pole = match op {
                U::Reciprocal | U::Log | U::Log2 | U::Log10 => a == 0.0,
                U::Log1p => a == -1.0,
                U::Arctanh => a.abs() == 1.0,
                _ => false,
            };
            let inputs = [f64::from(a)];
            Ok(Outcome {
                value: Lit::float(f64::from(r)),
                signal: float_signal(&inputs, f64::from(r), pole),
            })
        }

        fn $binary(op: BinaryOp, a: $t, b: $t) -> Result<Outcome, Raise> {
            use BinaryOp as B;
            if let Some(r) = compare(op, &a, &b).or_else(|| logical(op, a != 0.0, b != 0.0)) {
                return Ok(Outcome::ok(Lit::Bool(r)));
            }
            let r: $t = match op {
                B::Add => a + b,
                B::Subtract => a - b,
                B::Multiply => a * b,
                B::TrueDivide => a / b,
                B::FloorDivide => $divmod(a, b).0,
                B::Remainder => $divmod(a, b).1,
                B::Fmod => a % b,
                B::Power => a.powf(b),
                B::Maximum => {
                    if a > b || a.is_nan() {
                        a
                    } else {
                        b
                    }
                }
                B::Minimum => {
                    if a < b || a.is_nan() {
                        a
                    } else {
                        b
                    }
                }
                B::Fmax => {
                    if a > b || b.is_nan() {
                        a
                    } else {
                        b
                    }
                }
                B::Fmin => {
                    if a < b || b.is_nan() {
                        a
                    } else {
                        b
                    }
                }
                B::Arctan2 => a.atan2(b),
                B::Hypot => a.hypot(b),
                B::Copysign => a.copysign(b),
                _ => return Err(no_loop(op.name(), $dt)),
            };
            let pole = match op {
                B::TrueDivide | B::FloorDivide | B::Remainder | B::Fmod => b == 0.0,
                B::Power => a == 0.0 && b < 0.0,
                _ => false,
            };
            let inputs = [f64::from(a), f64::from(b)];
            Ok(Outcome {
                value: Lit::float(f64::from(r)),
                signal: float_signal(&inputs, f64::from(r), pole),
            })
        }
    };
}

float_ops!(
    f32,
    DType::F32,
    float_unary_f32,
    float_binary_f32,
    divmod_f32,
    asinhf,
    acoshf,
    atanhf
);
float_ops!(
    f64,
    DType::F64,
    float_unary_f64,
    float_binary_f64,
    divmod_f64,
    asinh,
    acosh,
    atanh
);

/// The platform C math library, for the functions whose Rust versions are not accurate enough
/// (as the eager kernels do: Rust's `asinh`/`acosh` overflow for large arguments).
mod libm {
    // SAFETY: these are the C99 <math.h> functions, present in every libm that Rust's std links
    // (the same library behind `f64::sin`); each takes and returns a float by value, has no
    // preconditions and touches no memory, so calling them is safe.
    unsafe extern "C" {
        pub(super) safe fn asinh(x: f64) -> f64;
        pub(super) safe fn acosh(x: f64) -> f64;
        pub(super) safe fn atanh(x: f64) -> f64;
        pub(super) safe fn asinhf(x: f32) -> f32;
        pub(super) safe fn acoshf(x: f32) -> f32;
        pub(super) safe fn atanhf(x: f32) -> f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lp(t: DType, out: DType) -> Loop {
        Loop {
            input: t,
            output: out,
        }
    }

    #[test]
    fn folding_refuses_what_numpy_reports() {
        let i8l = lp(DType::I8, DType::I8);
        let f = lp(DType::F64, DType::F64);
        assert_eq!(
            binary(BinaryOp::FloorDivide, Lit::Int(5), Lit::Int(0), i8l),
            None
        );
        assert_eq!(
            apply_binary(BinaryOp::FloorDivide, Lit::Int(5), Lit::Int(0), i8l).map(|o| o.value),
            Ok(Lit::Int(0))
        );
        assert_eq!(
            binary(BinaryOp::Add, Lit::Int(127), Lit::Int(1), i8l),
            Some(Lit::Int(-128))
        );
        assert_eq!(
            binary(BinaryOp::TrueDivide, Lit::float(1.0), Lit::float(0.0), f),
            None
        );
        assert_eq!(
            binary(BinaryOp::Add, Lit::float(f64::NAN), Lit::float(1.0), f),
            Some(Lit::float(f64::NAN))
        );
        assert!(apply_binary(BinaryOp::Power, Lit::Int(2), Lit::Int(-1), i8l).is_err());
        assert_eq!(cast(Lit::float(f64::NAN), DType::I64), None);
        assert_eq!(cast(Lit::float(-3.7), DType::I64), Some(Lit::Int(-3)));
        assert_eq!(cast(Lit::float(1e300), DType::F32), None);
    }

    #[test]
    fn int_to_f32_rounds_once() {
        // 2^53 + 2^29 + 1 is above the tie between two f32 neighbours; via f64 it would tie.
        let v = (1i128 << 53) + (1 << 29) + 1;
        let want = f64::from((1u64 << 53) as f32 + (1u64 << 30) as f32);
        assert_eq!(cast(Lit::Int(v), DType::F32), Some(Lit::float(want)));
    }
}

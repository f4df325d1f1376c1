//! Scalar semantics of every ufunc for every dtype, matching NumPy's C loops.
//!
//! Integer arithmetic wraps; integer division or remainder by zero gives 0 (NumPy warns and
//! returns 0); floor division and remainder round toward -inf with the remainder taking the
//! divisor's sign; shifts by the width or more give 0 (or -1 for negative values shifted right).
//! Float floor division and remainder follow NumPy's `npy_divmod`, in the operands' own precision.
//! Booleans add as `or`, multiply as `and`. `maximum`/`minimum` propagate NaN; `fmax`/`fmin`
//! ignore it; between equal operands (`-0.0` and `0.0`) all four return the second, as NumPy's
//! SIMD loops do. The inverse hyperbolic functions come from the platform libm, as NumPy's do
//! (Rust's own `asinh`/`acosh`/`atanh` overflow for large arguments and lose accuracy near 1).
//!
//! `tests/numpy_ufunc.rs` checks every function here against NumPy for every loop dtype.

#![expect(
    trivial_numeric_casts,
    reason = "the per-type macros include identity casts (f64 as f64)"
)]

use crate::array::Element;

/// Arithmetic shared by bool, integers and floats (the `All` and `Numeric` loop families).
pub(crate) trait Num: Element {
    fn add(a: Self, b: Self) -> Self;
    fn sub(a: Self, b: Self) -> Self;
    fn mul(a: Self, b: Self) -> Self;
    fn floor_div(a: Self, b: Self) -> Self;
    fn rem(a: Self, b: Self) -> Self;
    fn fmod(a: Self, b: Self) -> Self;
    fn pow(a: Self, b: Self) -> Self;
    fn maximum(a: Self, b: Self) -> Self;
    fn minimum(a: Self, b: Self) -> Self;
    fn fmax(a: Self, b: Self) -> Self;
    fn fmin(a: Self, b: Self) -> Self;
    fn neg(a: Self) -> Self;
    fn abs(a: Self) -> Self;
    fn sign(a: Self) -> Self;
    fn reciprocal(a: Self) -> Self;
    fn floor(a: Self) -> Self;
    fn ceil(a: Self) -> Self;
    fn trunc(a: Self) -> Self;
    fn is_nan(a: Self) -> bool;
    fn is_inf(a: Self) -> bool;
    fn truthy(a: Self) -> bool;
}

/// Bitwise ops (bool and integers).
pub(crate) trait Bits: Num {
    fn and(a: Self, b: Self) -> Self;
    fn or(a: Self, b: Self) -> Self;
    fn xor(a: Self, b: Self) -> Self;
    fn invert(a: Self) -> Self;
    fn shl(a: Self, b: Self) -> Self;
    fn shr(a: Self, b: Self) -> Self;
}

/// Float-only functions.
pub(crate) trait Float: Num {
    fn div(a: Self, b: Self) -> Self;
    fn atan2(a: Self, b: Self) -> Self;
    fn hypot(a: Self, b: Self) -> Self;
    fn copysign(a: Self, b: Self) -> Self;
    fn unary(op: crate::ir::UnaryOp, a: Self) -> Self;
}

macro_rules! int_num {
    ($t:ty, signed = $signed:expr) => {
        impl Num for $t {
            #[inline(always)]
            fn add(a: $t, b: $t) -> $t {
                a.wrapping_add(b)
            }
            #[inline(always)]
            fn sub(a: $t, b: $t) -> $t {
                a.wrapping_sub(b)
            }
            #[inline(always)]
            fn mul(a: $t, b: $t) -> $t {
                a.wrapping_mul(b)
            }
            #[inline(always)]
            fn floor_div(a: $t, b: $t) -> $t {
                if b == 0 {
                    return 0;
                }
                let q = a.wrapping_div(b);
                if $signed && a.wrapping_rem(b) != 0 && (neg(a) != neg(b)) {
                    q.wrapping_sub(1)
                } else {
                    q
                }
            }
            #[inline(always)]
            fn rem(a: $t, b: $t) -> $t {
                if b == 0 {
                    return 0;
                }
                let r = a.wrapping_rem(b);
                if $signed && r != 0 && (neg(r) != neg(b)) {
                    r.wrapping_add(b)
                } else {
                    r
                }
            }
            #[inline(always)]
            fn fmod(a: $t, b: $t) -> $t {
                if b == 0 { 0 } else { a.wrapping_rem(b) }
            }
            #[inline(always)]
            fn pow(a: $t, b: $t) -> $t {
                // Negative exponents are refused before the loop runs (ufunc.rs).
                let mut exp = b as u64;
                let (mut base, mut acc): ($t, $t) = (a, 1);
                while exp > 0 {
                    if exp & 1 == 1 {
                        acc = acc.wrapping_mul(base);
                    }
                    base = base.wrapping_mul(base);
                    exp >>= 1;
                }
                acc
            }
            #[inline(always)]
            fn maximum(a: $t, b: $t) -> $t {
                if a >= b { a } else { b }
            }
            #[inline(always)]
            fn minimum(a: $t, b: $t) -> $t {
                if a <= b { a } else { b }
            }
            #[inline(always)]
            fn fmax(a: $t, b: $t) -> $t {
                Self::maximum(a, b)
            }
            #[inline(always)]
            fn fmin(a: $t, b: $t) -> $t {
                Self::minimum(a, b)
            }
            #[inline(always)]
            fn neg(a: $t) -> $t {
                a.wrapping_neg()
            }
            #[inline(always)]
            fn abs(a: $t) -> $t {
                if neg(a) { a.wrapping_neg() } else { a }
            }
            #[inline(always)]
            fn sign(a: $t) -> $t {
                if a > 0 {
                    1
                } else if a == 0 {
                    0
                } else {
                    (0 as $t).wrapping_sub(1)
                }
            }
            #[inline(always)]
            fn reciprocal(a: $t) -> $t {
                // NumPy computes 1/x in the integer type; 1/0 is 0 here as for `//`.
                Self::floor_div_trunc(1, a)
            }
            #[inline(always)]
            fn floor(a: $t) -> $t {
                a
            }
            #[inline(always)]
            fn ceil(a: $t) -> $t {
                a
            }
            #[inline(always)]
            fn trunc(a: $t) -> $t {
                a
            }
            #[inline(always)]
            fn is_nan(_: $t) -> bool {
                false
            }
            #[inline(always)]
            fn is_inf(_: $t) -> bool {
                false
            }
            #[inline(always)]
            fn truthy(a: $t) -> bool {
                a != 0
            }
        }
        impl IntExt for $t {
            #[inline(always)]
            fn floor_div_trunc(a: $t, b: $t) -> $t {
                if b == 0 { 0 } else { a.wrapping_div(b) }
            }
        }
        impl Bits for $t {
            #[inline(always)]
            fn and(a: $t, b: $t) -> $t {
                a & b
            }
            #[inline(always)]
            fn or(a: $t, b: $t) -> $t {
                a | b
            }
            #[inline(always)]
            fn xor(a: $t, b: $t) -> $t {
                a ^ b
            }
            #[inline(always)]
            fn invert(a: $t) -> $t {
                !a
            }
            #[inline(always)]
            fn shl(a: $t, b: $t) -> $t {
                // NumPy casts the shift to an unsigned size: negative or too large gives 0.
                if (b as u64) < <$t>::BITS as u64 {
                    a << (b as u32)
                } else {
                    0
                }
            }
            #[inline(always)]
            fn shr(a: $t, b: $t) -> $t {
                if (b as u64) < <$t>::BITS as u64 {
                    a >> (b as u32)
                } else if neg(a) {
                    (0 as $t).wrapping_sub(1)
                } else {
                    0
                }
            }
        }
    };
}

/// True for negative values (always false for unsigned types).
#[inline(always)]
fn neg<T: Element>(x: T) -> bool {
    x.to_i64() < 0 && T::DTYPE.is_signed()
}

trait IntExt: Sized {
    fn floor_div_trunc(a: Self, b: Self) -> Self;
}

int_num!(i8, signed = true);
int_num!(i16, signed = true);
int_num!(i32, signed = true);
int_num!(i64, signed = true);
int_num!(u8, signed = false);
int_num!(u16, signed = false);
int_num!(u32, signed = false);
int_num!(u64, signed = false);

impl Num for bool {
    fn add(a: bool, b: bool) -> bool {
        a | b
    }
    fn sub(a: bool, b: bool) -> bool {
        a ^ b
    }
    fn mul(a: bool, b: bool) -> bool {
        a & b
    }
    fn floor_div(a: bool, b: bool) -> bool {
        a & b
    }
    fn rem(_: bool, _: bool) -> bool {
        false
    }
    fn fmod(_: bool, _: bool) -> bool {
        false
    }
    fn pow(a: bool, b: bool) -> bool {
        a | !b
    }
    fn maximum(a: bool, b: bool) -> bool {
        a | b
    }
    fn minimum(a: bool, b: bool) -> bool {
        a & b
    }
    fn fmax(a: bool, b: bool) -> bool {
        a | b
    }
    fn fmin(a: bool, b: bool) -> bool {
        a & b
    }
    fn neg(a: bool) -> bool {
        a
    }
    fn abs(a: bool) -> bool {
        a
    }
    fn sign(a: bool) -> bool {
        a
    }
    fn reciprocal(a: bool) -> bool {
        a
    }
    fn floor(a: bool) -> bool {
        a
    }
    fn ceil(a: bool) -> bool {
        a
    }
    fn trunc(a: bool) -> bool {
        a
    }
    fn is_nan(_: bool) -> bool {
        false
    }
    fn is_inf(_: bool) -> bool {
        false
    }
    fn truthy(a: bool) -> bool {
        a
    }
}

impl Bits for bool {
    fn and(a: bool, b: bool) -> bool {
        a & b
    }
    fn or(a: bool, b: bool) -> bool {
        a | b
    }
    fn xor(a: bool, b: bool) -> bool {
        a ^ b
    }
    fn invert(a: bool) -> bool {
        !a
    }
    fn shl(a: bool, _: bool) -> bool {
        a
    }
    fn shr(a: bool, _: bool) -> bool {
        a
    }
}

macro_rules! float_num {
    (
        $t:ident,
        divmod = $divmod:ident,
        asinh = $asinh:ident,
        acosh = $acosh:ident,
        atanh = $atanh:ident
    ) => {
        impl Num for $t {
            #[inline(always)]
            fn add(a: $t, b: $t) -> $t {
                a + b
            }
            #[inline(always)]
            fn sub(a: $t, b: $t) -> $t {
                a - b
            }
            #[inline(always)]
            fn mul(a: $t, b: $t) -> $t {
                a * b
            }
            #[inline(always)]
            fn floor_div(a: $t, b: $t) -> $t {
                $divmod(a, b).0
            }
            #[inline(always)]
            fn rem(a: $t, b: $t) -> $t {
                $divmod(a, b).1
            }
            #[inline(always)]
            fn fmod(a: $t, b: $t) -> $t {
                a % b
            }
            #[inline(always)]
            fn pow(a: $t, b: $t) -> $t {
                a.powf(b)
            }
            // Ties (only -0.0 against 0.0 can tell) return `b`, like x86's `maxps`, which
            // NumPy's maximum/minimum use for every element.
            #[inline(always)]
            fn maximum(a: $t, b: $t) -> $t {
                if a > b || a.is_nan() { a } else { b }
            }
            #[inline(always)]
            fn minimum(a: $t, b: $t) -> $t {
                if a < b || a.is_nan() { a } else { b }
            }
            #[inline(always)]
            fn fmax(a: $t, b: $t) -> $t {
                if a > b || b.is_nan() { a } else { b }
            }
            #[inline(always)]
            fn fmin(a: $t, b: $t) -> $t {
                if a < b || b.is_nan() { a } else { b }
            }
            #[inline(always)]
            fn neg(a: $t) -> $t {
                -a
            }
            #[inline(always)]
            fn abs(a: $t) -> $t {
                a.abs()
            }
            #[inline(always)]
            fn sign(a: $t) -> $t {
                if a > 0.0 {
                    1.0
                } else if a < 0.0 {
                    -1.0
                } else if a == 0.0 {
                    0.0
                } else {
                    a
                }
            }
            #[inline(always)]
            fn reciprocal(a: $t) -> $t {
                1.0 / a
            }
            #[inline(always)]
            fn floor(a: $t) -> $t {
                a.floor()
            }
            #[inline(always)]
            fn ceil(a: $t) -> $t {
                a.ceil()
            }
            #[inline(always)]
            fn trunc(a: $t) -> $t {
                a.trunc()
            }
            #[inline(always)]
            fn is_nan(a: $t) -> bool {
                a.is_nan()
            }
            #[inline(always)]
            fn is_inf(a: $t) -> bool {
                a.is_infinite()
            }
            #[inline(always)]
            fn truthy(a: $t) -> bool {
                a != 0.0
            }
        }
        impl Float for $t {
            #[inline(always)]
            fn div(a: $t, b: $t) -> $t {
                a / b
            }
            #[inline(always)]
            fn atan2(a: $t, b: $t) -> $t {
                a.atan2(b)
            }
            #[inline(always)]
            fn hypot(a: $t, b: $t) -> $t {
                a.hypot(b)
            }
            #[inline(always)]
            fn copysign(a: $t, b: $t) -> $t {
                a.copysign(b)
            }
            #[inline(always)]
            fn unary(op: crate::ir::UnaryOp, a: $t) -> $t {
                use crate::ir::UnaryOp as U;
                match op {
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
                    U::Rint => a.round_ties_even(),
                    _ => unreachable!("{op} is not a float function"),
                }
            }
        }
    };
}

float_num!(
    f32,
    divmod = divmod_f32,
    asinh = asinhf,
    acosh = acoshf,
    atanh = atanhf
);
float_num!(
    f64,
    divmod = divmod_f64,
    asinh = asinh,
    acosh = acosh,
    atanh = atanh
);

macro_rules! divmod {
    ($name:ident, $t:ident) => {
        /// NumPy's `npy_divmod` (with `npy_floor_divide`'s and `npy_remainder`'s handling of a
        /// zero divisor: `a / b` and `fmod(a, b)`): floor quotient and remainder with the
        /// divisor's sign, computed in the operands' precision, as NumPy's float32 loop does.
        #[inline(always)]
        fn $name(a: $t, b: $t) -> ($t, $t) {
            let m = a % b;
            if b == 0.0 {
                return (a / b, m);
            }
            // `a - m` is very nearly an integer multiple of `b`.
            let mut div = (a - m) / b;
            let mut m = m;
            if m != 0.0 {
                if (b < 0.0) != (m < 0.0) {
                    m += b;
                    div -= 1.0;
                }
            } else {
                m = (0.0 as $t).copysign(b);
            }
            // Snap the quotient to the nearest integer.
            let floordiv = if div != 0.0 {
                let f = div.floor();
                if div - f > 0.5 { f + 1.0 } else { f }
            } else {
                (0.0 as $t).copysign(a / b)
            };
            (floordiv, m)
        }
    };
}
divmod!(divmod_f32, f32);
divmod!(divmod_f64, f64);

/// The platform C math library, for the functions whose Rust versions are not accurate enough.
///
/// Rust's `asinh` and `acosh` compute `x + sqrt(x*x ± 1)` and overflow to infinity for large `x`
/// (`asinh(f64::MAX)` is `inf`, not 710.48), and `acosh` near 1 and `atanh` near ±1 lose up to
/// ~1500 ulps. NumPy calls these C functions.
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

    #[test]
    fn integer_division_rounds_down() {
        assert_eq!(<i32 as Num>::floor_div(-7, 2), -4);
        assert_eq!(<i32 as Num>::rem(-7, 2), 1);
        assert_eq!(<i32 as Num>::rem(7, -2), -1);
        assert_eq!(<i32 as Num>::fmod(-7, 2), -1);
        assert_eq!(<i8 as Num>::floor_div(i8::MIN, -1), i8::MIN);
        assert_eq!(<i64 as Num>::floor_div(5, 0), 0);
        assert_eq!(<u8 as Num>::rem(5, 0), 0);
    }

    #[test]
    fn wrapping_and_shifts() {
        assert_eq!(<u8 as Num>::add(200, 100), 44);
        assert_eq!(<i8 as Num>::abs(i8::MIN), i8::MIN);
        assert_eq!(<i32 as Num>::pow(3, 4), 81);
        assert_eq!(<u8 as Num>::pow(2, 9), 0);
        assert_eq!(<i32 as Bits>::shl(1, 40), 0);
        assert_eq!(<i32 as Bits>::shr(-8, 40), -1);
        assert_eq!(<i32 as Bits>::shl(1, -1), 0);
    }

    #[test]
    fn float_divmod_like_numpy() {
        assert_eq!(<f64 as Num>::floor_div(-7.0, 2.0), -4.0);
        assert_eq!(<f64 as Num>::rem(-7.0, 2.0), 1.0);
        assert_eq!(<f64 as Num>::rem(7.0, -2.0), -1.0);
        assert!(<f64 as Num>::rem(1.0, 0.0).is_nan());
        assert_eq!(<f64 as Num>::floor_div(1.0, 0.0), f64::INFINITY);
        assert!(<f64 as Num>::rem(-0.0, 2.0).is_sign_positive());
    }

    #[test]
    fn float32_divmod_in_float32() {
        assert_eq!(f32::floor_div(-7.0, 2.0), -4.0);
        assert_eq!(f32::rem(7.0, -2.0), -1.0);
        assert!(f32::rem(-0.0, 2.0).is_sign_positive());
        assert!(f32::floor_div(-0.0, 2.0).is_sign_negative());
        assert!(f32::rem(1.0, 0.0).is_nan());
    }

    #[test]
    fn ties_of_max_min_return_the_second() {
        assert!(<f64 as Num>::maximum(-0.0, 0.0).is_sign_positive());
        assert!(<f64 as Num>::maximum(0.0, -0.0).is_sign_negative());
        assert!(<f32 as Num>::minimum(-0.0, 0.0).is_sign_positive());
        assert!(<f32 as Num>::fmin(0.0, -0.0).is_sign_negative());
    }

    #[test]
    fn inverse_hyperbolics_from_libm() {
        use crate::ir::UnaryOp as U;
        assert!((f64::unary(U::Arcsinh, f64::MAX) - 710.475_860_073_943_9).abs() < 1e-12);
        assert!((f32::unary(U::Arccosh, f32::MAX) - 89.415_985).abs() < 1e-4);
        assert_eq!(f64::unary(U::Arctanh, 1.0), f64::INFINITY);
        assert!(f64::unary(U::Arccosh, 0.5).is_nan());
    }

    #[test]
    fn nan_handling_of_max_min() {
        assert!(<f64 as Num>::maximum(1.0, f64::NAN).is_nan());
        assert!(<f64 as Num>::maximum(f64::NAN, 1.0).is_nan());
        assert_eq!(<f64 as Num>::fmax(1.0, f64::NAN), 1.0);
        assert_eq!(<f64 as Num>::fmin(f64::NAN, 1.0), 1.0);
        assert!(<f64 as Num>::sign(f64::NAN).is_nan());
    }
}

//! Element types: the Rust types behind each [`DType`], NumPy's conversions between them, and
//! the dynamically typed [`Scalar`].
//!
//! Conversions follow NumPy on x86-64: integer to integer wraps, integer to float rounds to
//! nearest, float to integer truncates toward zero, and anything to bool tests `!= 0` (so NaN is
//! true). A float outside the target's range converts the way x86's truncating instructions do
//! (NumPy's behaviour there is the C compiler's): the value saturates to the "integer
//! indefinite" (`i32::MIN` / `i64::MIN`) and narrow types keep its low bits.

#![expect(
    trivial_numeric_casts,
    reason = "the per-type macros include identity casts (i64 as i64)"
)]

use crate::ir::{DType, Kind};
use std::fmt;

mod sealed {
    pub trait Sealed {}
}

/// A Rust type that is the element type of a [`DType`].
///
/// Implemented for `bool`, `i8`..`i64`, `u8`..`u64`, `f32` and `f64`; sealed.
pub trait Element:
    Copy + PartialEq + PartialOrd + Default + fmt::Debug + Send + Sync + 'static + sealed::Sealed
{
    /// The dtype whose elements are `Self`.
    const DTYPE: DType;
    /// Converts to `f64` (exact for all but 64-bit integers above 2^53).
    fn to_f64(self) -> f64;
    /// Reinterprets as `i64` (floats truncate; unsigned values wrap).
    fn to_i64(self) -> i64;
    /// Reinterprets as `u64` (signed values wrap; floats truncate).
    fn to_u64(self) -> u64;
    /// NumPy's cast from a float.
    fn from_f64(v: f64) -> Self;
    /// NumPy's cast from a signed integer.
    fn from_i64(v: i64) -> Self;
    /// NumPy's cast from an unsigned integer.
    fn from_u64(v: u64) -> Self;
    /// Wraps the value in a [`Scalar`].
    fn into_scalar(self) -> Scalar;

    /// NumPy's cast (`astype`) from `Self` to `D`.
    #[inline(always)]
    fn cast<D: Element>(self) -> D {
        match Self::DTYPE.kind() {
            Kind::Float => D::from_f64(self.to_f64()),
            Kind::Signed => D::from_i64(self.to_i64()),
            Kind::Unsigned | Kind::Bool => D::from_u64(self.to_u64()),
        }
    }
}

/// x86-64 `cvttsd2si` with a 32-bit destination: truncation, out of range gives `i32::MIN`.
#[inline(always)]
fn trunc_i32(v: f64) -> i32 {
    if v > -2147483649.0 && v < 2147483648.0 {
        v as i32
    } else {
        i32::MIN
    }
}

/// x86-64 `cvttsd2si` with a 64-bit destination: truncation, out of range gives `i64::MIN`.
#[inline(always)]
fn trunc_i64(v: f64) -> i64 {
    if (-9223372036854775808.0..9223372036854775808.0).contains(&v) {
        v as i64
    } else {
        i64::MIN
    }
}

/// The compiler sequence for `double -> uint64`: values at or above 2^63 are shifted into range
/// first; everything else goes through the signed conversion (so negatives wrap).
#[inline(always)]
fn trunc_u64(v: f64) -> u64 {
    const TWO63: f64 = 9223372036854775808.0;
    if v >= TWO63 {
        (trunc_i64(v - TWO63) as u64) ^ (1 << 63)
    } else {
        trunc_i64(v) as u64
    }
}

macro_rules! int_element {
    ($t:ty, $dt:ident, $variant:ident, via $via:ident) => {
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                self as i64
            }
            #[inline(always)]
            fn to_u64(self) -> u64 {
                self as u64
            }
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                $via(v) as $t
            }
            #[inline(always)]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_u64(v: u64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn into_scalar(self) -> Scalar {
                Scalar::$variant(self)
            }
        }
    };
}

int_element!(i8, I8, I8, via trunc_i32);
int_element!(i16, I16, I16, via trunc_i32);
int_element!(i32, I32, I32, via trunc_i32);
int_element!(i64, I64, I64, via trunc_i64);
int_element!(u8, U8, U8, via trunc_i32);
int_element!(u16, U16, U16, via trunc_i32);
int_element!(u32, U32, U32, via trunc_i64);
int_element!(u64, U64, U64, via trunc_u64);

macro_rules! float_element {
    ($t:ty, $dt:ident, $variant:ident) => {
        impl sealed::Sealed for $t {}
        impl Element for $t {
            const DTYPE: DType = DType::$dt;
            #[inline(always)]
            fn to_f64(self) -> f64 {
                self as f64
            }
            #[inline(always)]
            fn to_i64(self) -> i64 {
                trunc_i64(self as f64)
            }
            #[inline(always)]
            fn to_u64(self) -> u64 {
                trunc_u64(self as f64)
            }
            #[inline(always)]
            fn from_f64(v: f64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_i64(v: i64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn from_u64(v: u64) -> Self {
                v as $t
            }
            #[inline(always)]
            fn into_scalar(self) -> Scalar {
                Scalar::$variant(self)
            }
        }
    };
}

float_element!(f32, F32, F32);
float_element!(f64, F64, F64);

impl sealed::Sealed for bool {}
impl Element for bool {
    const DTYPE: DType = DType::Bool;
    #[inline(always)]
    fn to_f64(self) -> f64 {
        self as u8 as f64
    }
    #[inline(always)]
    fn to_i64(self) -> i64 {
        self as i64
    }
    #[inline(always)]
    fn to_u64(self) -> u64 {
        self as u64
    }
    #[inline(always)]
    fn from_f64(v: f64) -> Self {
        v != 0.0
    }
    #[inline(always)]
    fn from_i64(v: i64) -> Self {
        v != 0
    }
    #[inline(always)]
    fn from_u64(v: u64) -> Self {
        v != 0
    }
    #[inline(always)]
    fn into_scalar(self) -> Scalar {
        Scalar::Bool(self)
    }
}

/// Runs `$body` with `$T` bound to the element type of `$dtype`.
///
/// ```ignore
/// dispatch!(a.dtype(), T => a.view::<T>()?.iter().count())
/// ```
#[macro_export]
#[doc(hidden)]
macro_rules! dispatch {
    ($dtype:expr, $T:ident => $body:expr) => {
        match $dtype {
            $crate::DType::Bool => {
                type $T = bool;
                $body
            }
            $crate::DType::I8 => {
                type $T = i8;
                $body
            }
            $crate::DType::I16 => {
                type $T = i16;
                $body
            }
            $crate::DType::I32 => {
                type $T = i32;
                $body
            }
            $crate::DType::I64 => {
                type $T = i64;
                $body
            }
            $crate::DType::U8 => {
                type $T = u8;
                $body
            }
            $crate::DType::U16 => {
                type $T = u16;
                $body
            }
            $crate::DType::U32 => {
                type $T = u32;
                $body
            }
            $crate::DType::U64 => {
                type $T = u64;
                $body
            }
            $crate::DType::F32 => {
                type $T = f32;
                $body
            }
            $crate::DType::F64 => {
                type $T = f64;
                $body
            }
        }
    };
}

/// One value of any dtype: what element access returns and what `fill` and `full` take.
///
/// Every Rust primitive converts into it (`Scalar::from(2.5)`), and [`Scalar::cast`] converts
/// between dtypes with NumPy's rules.
///
/// ```
/// use numfuse::{DType, Scalar};
/// assert_eq!(Scalar::from(300i64).cast(DType::U8), Scalar::U8(44));
/// assert_eq!(Scalar::from(-2.7).cast(DType::I32), Scalar::I32(-2));
/// assert_eq!(Scalar::from(f64::NAN).cast(DType::Bool), Scalar::Bool(true));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd)]
#[expect(missing_docs, reason = "one variant per dtype, named after it")]
pub enum Scalar {
    Bool(bool),
    I8(i8),
    I16(i16),
    I32(i32),
    I64(i64),
    U8(u8),
    U16(u16),
    U32(u32),
    U64(u64),
    F32(f32),
    F64(f64),
}

macro_rules! scalar_unwrap {
    ($s:expr, $v:ident => $body:expr) => {
        match $s {
            Scalar::Bool($v) => $body,
            Scalar::I8($v) => $body,
            Scalar::I16($v) => $body,
            Scalar::I32($v) => $body,
            Scalar::I64($v) => $body,
            Scalar::U8($v) => $body,
            Scalar::U16($v) => $body,
            Scalar::U32($v) => $body,
            Scalar::U64($v) => $body,
            Scalar::F32($v) => $body,
            Scalar::F64($v) => $body,
        }
    };
}

impl Scalar {
    /// The dtype of the value.
    pub fn dtype(self) -> DType {
        scalar_unwrap!(self, v => element_dtype(v))
    }

    /// Converts to `T` with NumPy's casting rules.
    pub fn to<T: Element>(self) -> T {
        scalar_unwrap!(self, v => v.cast::<T>())
    }

    /// Converts to another dtype with NumPy's casting rules.
    pub fn cast(self, dtype: DType) -> Scalar {
        crate::dispatch!(dtype, T => self.to::<T>().into_scalar())
    }

    /// The value as `f64`.
    pub fn to_f64(self) -> f64 {
        self.to::<f64>()
    }
}

fn element_dtype<T: Element>(_: T) -> DType {
    T::DTYPE
}

macro_rules! scalar_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Scalar {
            fn from(v: $t) -> Scalar {
                v.into_scalar()
            }
        }
    )*};
}
scalar_from!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl fmt::Display for Scalar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Scalar::Bool(v) => f.write_str(if v { "True" } else { "False" }),
            Scalar::F32(v) => {
                f.write_str(&crate::array::display::format_float_repr(v as f64, true))
            }
            Scalar::F64(v) => f.write_str(&crate::array::display::format_float_repr(v, false)),
            _ => scalar_unwrap!(*self, v => write!(f, "{v:?}")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_casts_wrap() {
        assert_eq!(300i64.cast::<u8>(), 44);
        assert_eq!((-1i64).cast::<u32>(), u32::MAX);
        assert_eq!(u64::MAX.cast::<i64>(), -1);
        assert_eq!(200u8.cast::<i8>(), -56);
    }

    #[test]
    fn float_to_int_truncates() {
        assert_eq!((-2.7f64).cast::<i64>(), -2);
        assert_eq!(2.9f32.cast::<u8>(), 2);
        assert_eq!(300.7f64.cast::<i8>(), 44);
        assert_eq!(f64::NAN.cast::<i64>(), i64::MIN);
        assert_eq!(f64::NAN.cast::<i32>(), i32::MIN);
        assert_eq!(1e19f64.cast::<u64>(), 10_000_000_000_000_000_000);
    }

    #[test]
    fn bool_casts() {
        assert!(f64::NAN.cast::<bool>());
        assert!(!0.0f64.cast::<bool>());
        assert!(!(-0.0f64).cast::<bool>());
        assert_eq!(true.cast::<f32>(), 1.0);
        assert!(256i64.cast::<bool>());
    }

    #[test]
    fn int_to_float_rounds_once() {
        // 2^53 + 1 rounds to even in one step, exactly like C.
        assert_eq!(((1i64 << 53) + 1).cast::<f64>(), 9007199254740992.0);
        assert_eq!(16777217i64.cast::<f32>(), 16777216.0);
    }
}

//! Operators and ufunc methods on [`Array`].
//!
//! Every operator has a method that returns `Result` (`try_add` for `+`); the operator panics
//! with the same message. Rust scalars next to an array are weak (NEP 50): `&f32s * 2.0` stays
//! `f32`, `&u8s + 1` stays `u8`. Operators take `f64`, `i64` and `bool` scalars (so literals
//! infer); the methods take every Rust scalar type. Methods carry NumPy's ufunc names (`a.maximum(&b)`, `a.sqrt()`).

use super::ufunc::{Input, binary, unary};
use crate::Result;
use crate::array::Array;
use crate::ir::{BinaryOp, UnaryOp};
use std::ops;

macro_rules! binary_methods {
    ($($(#[$doc:meta])* $name:ident => $op:ident,)*) => {
        impl Array {
            $(
                $(#[$doc])*
                ///
                /// # Errors
                /// As [`binary`](crate::ops::binary): incompatible shapes, no loop for the
                /// dtypes, or a weak integer that does not fit.
                pub fn $name<'a>(&'a self, other: impl Into<Input<'a>>) -> Result<Array> {
                    binary(BinaryOp::$op, self, other)
                }
            )*
        }
    };
}

binary_methods! {
    /// `self + other` (`np.add`).
    try_add => Add,
    /// `self - other` (`np.subtract`).
    try_sub => Subtract,
    /// `self * other` (`np.multiply`).
    try_mul => Multiply,
    /// `self / other`, always a float (`np.divide`).
    try_div => TrueDivide,
    /// `self % other`, with the divisor's sign (`np.remainder`).
    try_rem => Remainder,
    /// `self & other` (`np.bitwise_and`).
    try_bitand => BitwiseAnd,
    /// `self | other` (`np.bitwise_or`).
    try_bitor => BitwiseOr,
    /// `self ^ other` (`np.bitwise_xor`).
    try_bitxor => BitwiseXor,
    /// `self << other` (`np.left_shift`).
    try_shl => LeftShift,
    /// `self >> other` (`np.right_shift`).
    try_shr => RightShift,
    /// `self // other`, rounding toward -inf (`np.floor_divide`).
    floor_divide => FloorDivide,
    /// Elementwise maximum, NaN-propagating (`np.maximum`).
    maximum => Maximum,
    /// Elementwise minimum, NaN-propagating (`np.minimum`).
    minimum => Minimum,
    /// Elementwise maximum ignoring NaN (`np.fmax`).
    fmax => Fmax,
    /// Elementwise minimum ignoring NaN (`np.fmin`).
    fmin => Fmin,
    /// `atan2(self, other)` (`np.arctan2`).
    arctan2 => Arctan2,
    /// `sqrt(self² + other²)` (`np.hypot`).
    hypot => Hypot,
    /// `|self|` with the sign of `other` (`np.copysign`).
    copysign => Copysign,
    /// C `fmod`: remainder with the dividend's sign (`np.fmod`).
    fmod => Fmod,
    /// `self == other` elementwise (`np.equal`).
    equal => Equal,
    /// `self != other` elementwise (`np.not_equal`).
    not_equal => NotEqual,
    /// `self < other` elementwise (`np.less`).
    less => Less,
    /// `self <= other` elementwise (`np.less_equal`).
    less_equal => LessEqual,
    /// `self > other` elementwise (`np.greater`).
    greater => Greater,
    /// `self >= other` elementwise (`np.greater_equal`).
    greater_equal => GreaterEqual,
    /// Elementwise logical and (`np.logical_and`).
    logical_and => LogicalAnd,
    /// Elementwise logical or (`np.logical_or`).
    logical_or => LogicalOr,
    /// Elementwise logical xor (`np.logical_xor`).
    logical_xor => LogicalXor,
}

impl Array {
    /// `self ** other`: NumPy's `**` operator. That is `np.power`, except for NumPy's fast paths
    /// with a scalar exponent: on float arrays `** 2` is `square`, `** 0.5` is `sqrt`, `** 1` a
    /// copy, `** -1` `reciprocal` and `** 0` ones; on integer arrays `** 2` is `square`.
    ///
    /// # Errors
    /// As [`binary`]: no loop for the dtypes, or integers to negative integer powers.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![1.5, -2.0];
    /// assert_eq!(a.power(2.0)?.to_vec::<f64>()?, vec![2.25, 4.0]);
    /// assert_eq!(array![3i64].power(3)?.to_vec::<i64>()?, vec![27]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn power<'a>(&'a self, other: impl Into<Input<'a>>) -> Result<Array> {
        let other = other.into();
        if let Input::Weak(e) = other {
            let float = self.dtype().is_float();
            let int_exponent = e.dtype().is_integer();
            let op = match e.to_f64() {
                2.0 if float || (self.dtype().is_integer() && int_exponent) => {
                    Some(UnaryOp::Square)
                }
                0.5 if float => Some(UnaryOp::Sqrt),
                1.0 if float => Some(UnaryOp::Positive),
                -1.0 if float => Some(UnaryOp::Reciprocal),
                0.0 if float => return Ok(Array::ones_like(self)),
                _ => None,
            };
            if let Some(op) = op {
                return unary(op, self);
            }
        }
        binary(BinaryOp::Power, self, other)
    }
}

macro_rules! unary_methods {
    ($($name:ident => $op:ident,)*) => {
        impl Array {
            $(
                #[doc = concat!("`np.", stringify!($name), "` elementwise.")]
                ///
                /// # Errors
                /// When no loop takes the dtype (for example `negative` of bool).
                pub fn $name(&self) -> Result<Array> {
                    unary(UnaryOp::$op, self)
                }
            )*
        }
    };
}

unary_methods! {
    negative => Negative,
    positive => Positive,
    abs => Absolute,
    sign => Sign,
    sqrt => Sqrt,
    cbrt => Cbrt,
    square => Square,
    reciprocal => Reciprocal,
    exp => Exp,
    exp2 => Exp2,
    expm1 => Expm1,
    log => Log,
    log2 => Log2,
    log10 => Log10,
    log1p => Log1p,
    sin => Sin,
    cos => Cos,
    tan => Tan,
    arcsin => Arcsin,
    arccos => Arccos,
    arctan => Arctan,
    sinh => Sinh,
    cosh => Cosh,
    tanh => Tanh,
    arcsinh => Arcsinh,
    arccosh => Arccosh,
    arctanh => Arctanh,
    floor => Floor,
    ceil => Ceil,
    trunc => Trunc,
    rint => Rint,
    isnan => IsNan,
    isinf => IsInf,
    isfinite => IsFinite,
    logical_not => LogicalNot,
    invert => Invert,
}

/// Unwraps an operator's result, panicking with the error's message (like ndarray).
fn or_panic(r: Result<Array>) -> Array {
    r.unwrap_or_else(|e| panic!("{e}"))
}

macro_rules! operator {
    ($Trait:ident, $method:ident, $op:ident) => {
        impl ops::$Trait<&Array> for &Array {
            type Output = Array;
            /// # Panics
            /// When the shapes do not broadcast or no loop takes the dtypes; the `try_`
            /// method of the same name returns the error instead.
            fn $method(self, rhs: &Array) -> Array {
                or_panic(binary(BinaryOp::$op, self, rhs))
            }
        }
        impl ops::$Trait<Array> for Array {
            type Output = Array;
            fn $method(self, rhs: Array) -> Array {
                or_panic(binary(BinaryOp::$op, &self, &rhs))
            }
        }
        impl ops::$Trait<&Array> for Array {
            type Output = Array;
            fn $method(self, rhs: &Array) -> Array {
                or_panic(binary(BinaryOp::$op, &self, rhs))
            }
        }
        impl ops::$Trait<Array> for &Array {
            type Output = Array;
            fn $method(self, rhs: Array) -> Array {
                or_panic(binary(BinaryOp::$op, self, &rhs))
            }
        }
        // One float and one integer type only, so that literals infer: `&a * 2.0`, `&a + 1`.
        // Other Rust scalar types go through the `try_` methods, which take any of them.
        operator!(@scalars $Trait, $method, $op, bool, i64, f64);
    };
    (@scalars $Trait:ident, $method:ident, $op:ident, $($t:ty),*) => {$(
        impl ops::$Trait<$t> for &Array {
            type Output = Array;
            fn $method(self, rhs: $t) -> Array {
                or_panic(binary(BinaryOp::$op, self, rhs))
            }
        }
        impl ops::$Trait<$t> for Array {
            type Output = Array;
            fn $method(self, rhs: $t) -> Array {
                or_panic(binary(BinaryOp::$op, &self, rhs))
            }
        }
        impl ops::$Trait<&Array> for $t {
            type Output = Array;
            fn $method(self, rhs: &Array) -> Array {
                or_panic(binary(BinaryOp::$op, self, rhs))
            }
        }
        impl ops::$Trait<Array> for $t {
            type Output = Array;
            fn $method(self, rhs: Array) -> Array {
                or_panic(binary(BinaryOp::$op, self, &rhs))
            }
        }
    )*};
}

operator!(Add, add, Add);
operator!(Sub, sub, Subtract);
operator!(Mul, mul, Multiply);
operator!(Div, div, TrueDivide);
operator!(Rem, rem, Remainder);
operator!(BitAnd, bitand, BitwiseAnd);
operator!(BitOr, bitor, BitwiseOr);
operator!(BitXor, bitxor, BitwiseXor);
operator!(Shl, shl, LeftShift);
operator!(Shr, shr, RightShift);

impl ops::Neg for &Array {
    type Output = Array;
    /// # Panics
    /// For bool arrays (NumPy refuses boolean negation); [`Array::negative`] returns the error.
    fn neg(self) -> Array {
        or_panic(unary(UnaryOp::Negative, self))
    }
}

impl ops::Neg for Array {
    type Output = Array;
    fn neg(self) -> Array {
        -&self
    }
}

impl ops::Not for &Array {
    type Output = Array;
    /// `~a` in NumPy: bitwise not for integers, logical not for bool.
    ///
    /// # Panics
    /// For float arrays; [`Array::invert`] returns the error.
    fn not(self) -> Array {
        or_panic(unary(UnaryOp::Invert, self))
    }
}

impl ops::Not for Array {
    type Output = Array;
    fn not(self) -> Array {
        !&self
    }
}

macro_rules! assign_operator {
    ($Trait:ident, $method:ident, $op:ident) => {
        impl<'a, R: Into<Input<'a>>> ops::$Trait<R> for Array {
            /// In place (`a += b`): the result is cast back to `self`'s dtype under
            /// `same_kind`, like NumPy's `+=`; copy-on-write if the buffer is shared.
            ///
            /// # Panics
            /// When the shapes do not broadcast to `self`'s shape, no loop takes the dtypes, the
            /// result cannot be cast to `self`'s dtype under `same_kind`, or `self` is read-only.
            fn $method(&mut self, rhs: R) {
                super::ufunc::binary_inplace(BinaryOp::$op, self, rhs)
                    .unwrap_or_else(|e| panic!("{e}"));
            }
        }
    };
}

assign_operator!(AddAssign, add_assign, Add);
assign_operator!(SubAssign, sub_assign, Subtract);
assign_operator!(MulAssign, mul_assign, Multiply);
assign_operator!(DivAssign, div_assign, TrueDivide);
assign_operator!(RemAssign, rem_assign, Remainder);

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn seed_like_terms_and_weak_scalars() {
        let arr = Array::arange(5.0, DType::F64);
        let y = &(&arr * 2.0) + &(&arr * 3.0);
        assert_eq!(y.to_vec::<f64>().unwrap(), vec![0.0, 5.0, 10.0, 15.0, 20.0]);
        let f = Array::from_slice(&[1.5f32, 2.0]);
        assert_eq!((&f * 2.0).dtype(), DType::F32);
        let u = Array::from_slice(&[200u8, 10]);
        assert_eq!((&u + 100).to_vec::<u8>().unwrap(), vec![44, 110]);
        assert!(u.try_add(300).is_err());
        assert_eq!(
            (1.0 - &arr).to_vec::<f64>().unwrap(),
            vec![1.0, 0.0, -1.0, -2.0, -3.0]
        );
    }

    #[test]
    fn in_place_is_copy_on_write() {
        let mut a = Array::arange(3.0, DType::F64);
        let view = a.clone();
        a += 10.0;
        let p = a.as_slice::<f64>().unwrap().as_ptr();
        a += &view;
        assert_eq!(
            a.as_slice::<f64>().unwrap().as_ptr(),
            p,
            "unique buffer: updated in place"
        );
        a -= &view;
        assert_eq!(a.to_vec::<f64>().unwrap(), vec![10.0, 11.0, 12.0]);
        assert_eq!(view.to_vec::<f64>().unwrap(), vec![0.0, 1.0, 2.0]);
        let mut i = Array::arange(3.0, DType::I64);
        i *= 2;
        assert_eq!(i.to_vec::<i64>().unwrap(), vec![0, 2, 4]);
    }

    #[test]
    #[should_panic(expected = "operands could not be broadcast together with shapes (3,) (4,)")]
    fn operator_panics_with_the_error_message() {
        let _ = &Array::zeros(&[3], DType::F64) + &Array::zeros(&[4], DType::F64);
    }

    #[test]
    fn methods_and_predicates() {
        let a = array![-1.0, 4.0, f64::NAN];
        assert_eq!(
            a.isnan().unwrap().to_vec::<bool>().unwrap(),
            vec![false, false, true]
        );
        let m = a.maximum(0.0).unwrap();
        let v = m.to_vec::<f64>().unwrap();
        assert_eq!(&v[..2], &[0.0, 4.0]);
        assert!(v[2].is_nan());
        assert_eq!(
            a.fmax(0.0).unwrap().to_vec::<f64>().unwrap(),
            vec![0.0, 4.0, 0.0]
        );
        let b = array![true, false];
        assert!(b.negative().is_err());
        assert_eq!((!&b).to_vec::<bool>().unwrap(), vec![false, true]);
    }
}

//! Eager reductions with NumPy 2's semantics: `sum` (pairwise, bit for bit), `prod`, `mean`,
//! `var`/`std` with `ddof`, `min`, `max`, `argmin`, `argmax`, `any`, `all`, `ptp`, the
//! NaN-ignoring `nan*` forms, and `reduce` for every binary ufunc.
//!
//! Every function takes the axes as anything that converts into [`Axes`] (`None`, `0`, `-1`,
//! `[0, 2]`, `Axes::from(1).keepdims()`), exists as a method on [`Array`] and as a function in
//! [`numfuse::ops`](crate::ops), and returns a fresh array (0-d for a full reduction).
//!
//! ```
//! use numfuse::prelude::*;
//! use numfuse::Axes;
//! let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
//! assert_eq!(a.sum(None)?.to_vec::<f64>()?, [21.0]);
//! assert_eq!(a.sum(0)?.to_vec::<f64>()?, [5.0, 7.0, 9.0]);
//! assert_eq!(a.max(Axes::from(-1).keepdims())?.shape(), &[2, 1]);
//! assert_eq!(a.argmax(1)?.to_vec::<i64>()?, [2, 2]);
//! assert_eq!(a.std(None, 0)?.to_vec::<f64>()?, [(35.0f64 / 12.0).sqrt()]);
//! # Ok::<(), numfuse::Error>(())
//! ```
//!
//! How the results match NumPy:
//!
//! - **Dtypes** ([`ReduceOp::result_dtype`](crate::ir::op::ReduceOp::result_dtype)): `sum`/`prod` of bool and integers narrower than 64
//!   bits give `int64` (`uint64` for unsigned) and wrap on overflow; `mean`/`var`/`std` of bool
//!   and integers give `float64`, of `float32` `float32`; `argmin`/`argmax` give `int64`;
//!   `any`/`all` give bool; `min`/`max`/`ptp` keep the dtype.
//! - **Float sums** are NumPy's pairwise summation over the runs NumPy's iterator forms (see
//!   `nest`: axis order, coalescing, and its 8192-element buffer), so results are NumPy's bit for
//!   bit; float products are left folds in the same order. Column sums accumulate whole rows
//!   (`out[j] += a[i, j]`), as NumPy does, which is also the fast way.
//! - **NaN**: `min`/`max` propagate it, `argmin`/`argmax` return the first NaN, the `nan*` forms
//!   skip it (an all-NaN slice gives NaN, or an error for `nanargmin`/`nanargmax`).
//! - **Empty** reductions: `sum` 0, `prod` 1, `any` false, `all` true, `mean`/`var` NaN; `min`,
//!   `max`, `ptp`, `argmin`, `argmax` are errors with NumPy's messages.
//! - **Threads**: large reductions run on the rayon pool, split so that the result is the same
//!   for any number of threads (it is NumPy's result).

/// `$F`, `$U` or `$S` bound to the element type of a float, unsigned or signed/bool dtype.
macro_rules! match_kind {
    ($t:expr, float $F:ident => $f:expr, unsigned $U:ident => $u:expr, signed $S:ident => $s:expr $(,)?) => {
        match $t {
            DType::F32 => {
                type $F = f32;
                $f
            }
            DType::F64 => {
                type $F = f64;
                $f
            }
            DType::U8 => {
                type $U = u8;
                $u
            }
            DType::U16 => {
                type $U = u16;
                $u
            }
            DType::U32 => {
                type $U = u32;
                $u
            }
            DType::U64 => {
                type $U = u64;
                $u
            }
            DType::Bool => {
                type $S = bool;
                $s
            }
            DType::I8 => {
                type $S = i8;
                $s
            }
            DType::I16 => {
                type $S = i16;
                $s
            }
            DType::I32 => {
                type $S = i32;
                $s
            }
            DType::I64 => {
                type $S = i64;
                $s
            }
        }
    };
}

mod arg;
mod axes;
mod methods;
mod nest;
mod pairwise;
mod plan;
mod reducers;
mod run;
mod stats;
mod ufunc;

pub use axes::Axes;
pub use methods::*;

use crate::array::{Array, Element};
use crate::ir::DType;
use crate::{Error, Result};
use axes::Reduced;
use plan::run;
use reducers::{Extreme, FloatProd, Logical, PairwiseSum, WrapFold};

/// `sum` over resolved axes.
fn sum_of(a: &Array, red: &Reduced) -> Result<Array> {
    match_kind!(a.dtype(),
        float F => run(&PairwiseSum::new(|x: F| x, false), a, red),
        unsigned U => run(&WrapFold::<U, u64, _, false>::new(|x: U| x.to_u64()), a, red),
        signed S => run(&WrapFold::<S, i64, _, false>::new(|x: S| x.to_i64()), a, red),
    )
}

/// `prod` over resolved axes.
fn prod_of(a: &Array, red: &Reduced) -> Result<Array> {
    match_kind!(a.dtype(),
        float F => run(&FloatProd::<F>::new(), a, red),
        unsigned U => run(&WrapFold::<U, u64, _, true>::new(|x: U| x.to_u64()), a, red),
        signed S => run(&WrapFold::<S, i64, _, true>::new(|x: S| x.to_i64()), a, red),
    )
}

/// `maximum.reduce` (`MAX`, `PROPAGATE`), `minimum.reduce`, `fmax.reduce`, `fmin.reduce`;
/// `ufunc` names the op in the empty-reduction error.
fn extreme_of<const MAX: bool, const PROPAGATE: bool>(
    a: &Array,
    red: &Reduced,
    ufunc: &'static str,
) -> Result<Array> {
    if a.shape().iter().zip(&red.mask).any(|(&n, &m)| m && n == 0) {
        return Err(Error::Value {
            op: ufunc,
            msg: format!("zero-size array to reduction operation {ufunc} which has no identity"),
        });
    }
    crate::dispatch!(a.dtype(), T => run(&Extreme::<T, MAX, PROPAGATE>::new(), a, red))
}

/// `logical_and.reduce` (`ALL`) or `logical_or.reduce`.
fn logical_of<const ALL: bool>(a: &Array, red: &Reduced) -> Result<Array> {
    crate::dispatch!(a.dtype(), T => run(&Logical::<T, ALL>::new(), a, red))
}

/// `max - min` with the ufunc's subtraction (integers wrap; bool is refused as NumPy refuses).
fn ptp_of(a: &Array, red: &Reduced) -> Result<Array> {
    let hi = extreme_of::<true, true>(a, red, "maximum")?;
    let lo = extreme_of::<false, true>(a, red, "minimum")?;
    if a.dtype() == DType::Bool {
        return Err(Error::Value {
            op: "ptp",
            msg: "numpy boolean subtract, the `-` operator, is not supported, use the \
                  bitwise_xor, the `^` operator, or the logical_xor function instead."
                .into(),
        });
    }
    crate::ops::ufunc::binary(crate::ir::BinaryOp::Subtract, &hi, &lo)
}

/// Resolves `axes` for `op` on `a`.
fn resolve(op: &'static str, a: &Array, axes: impl Into<Axes>) -> Result<Reduced> {
    axes.into().resolve(op, a.ndim())
}

/// Resolves `axes` for `mean`, `var` and `std`, which refuse axis 0 of a 0-d array (and for
/// their `nan*` forms of bool and integer arrays, which are the plain forms); NumPy's ufunc
/// reductions accept it.
fn resolve_stat(
    op: &'static str,
    a: &Array,
    axes: impl Into<Axes>,
    nan_form: bool,
) -> Result<Reduced> {
    let strict = !nan_form || !a.dtype().is_float();
    axes.into().resolve_with(op, a.ndim(), !strict)
}

#[cfg(test)]
mod tests;

//! The public reductions: one function per NumPy name (re-exported in `numfuse::ops`), and the
//! same as methods on [`Array`]. Each resolves its axes and calls the implementation.

use super::{Axes, extreme_of, logical_of, prod_of, ptp_of, resolve, resolve_stat, sum_of};
use crate::Result;
use crate::array::Array;
use crate::ir::BinaryOp;
use crate::ir::op::ReduceOp;

/// Sum of the elements over `axes` (`np.sum`), pairwise for floats exactly as NumPy sums.
///
/// Bool and integers narrower than 64 bits are summed in `int64` (`uint64` for unsigned) and
/// wrap on overflow; floats keep their dtype.
///
/// # Errors
/// [`Error::AxisOutOfRange`](crate::Error::AxisOutOfRange) for an axis outside `-ndim..ndim`,
/// [`Error::Value`](crate::Error::Value) for an axis named twice.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::sum;
/// let a = Array::from_slice(&[100i8, 100, 100]);
/// let s = sum(&a, None)?;
/// assert_eq!((s.dtype(), s.to_vec::<i64>()?), (DType::I64, vec![300]));
/// let m = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(sum(&m, [0, 1])?.to_vec::<f64>()?, [10.0]);
/// assert_eq!(sum(&m, -1)?.to_vec::<f64>()?, [3.0, 7.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn sum(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    sum_of(a, &resolve("sum", a, axes)?)
}

/// Product of the elements over `axes` (`np.prod`); dtypes as [`sum`]. Float products multiply
/// in NumPy's order, so they match it bit for bit.
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1, 2], [3, 4]];
/// assert_eq!(a.prod(0)?.to_vec::<i64>()?, [3, 8]);
/// assert_eq!(Array::zeros(&[0], DType::F64).prod(None)?.to_vec::<f64>()?, [1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn prod(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    prod_of(a, &resolve("prod", a, axes)?)
}

/// Arithmetic mean over `axes` (`np.mean`): `float64` for bool and integers, else the float
/// dtype. The mean of nothing is NaN.
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1, 2], [3, 5]];
/// assert_eq!(a.mean(None)?.to_vec::<f64>()?, [2.75]);
/// assert!(Array::zeros(&[0], DType::F32).mean(None)?.to_vec::<f32>()?[0].is_nan());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn mean(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::stats::mean(a, &resolve_stat("mean", a, axes, false)?)
}

/// Variance over `axes` with `ddof` delta degrees of freedom (`np.var`): the mean of squared
/// deviations, divided by `n - ddof` (`inf` or NaN when `ddof >= n`, as in NumPy).
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![1.0, 2.0, 3.0, 4.0];
/// assert_eq!(a.var(None, 0)?.to_vec::<f64>()?, [1.25]);
/// assert_eq!(a.var(None, 1)?.to_vec::<f64>()?, [5.0 / 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn var(a: &Array, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
    super::stats::var(a, &resolve_stat("var", a, axes, false)?, ddof)
}

/// Standard deviation over `axes` with `ddof` (`np.std`): the square root of [`var`].
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1.0f32, 3.0], [5.0, 7.0]];
/// let s = a.std(1, 0)?;
/// assert_eq!((s.dtype(), s.to_vec::<f32>()?), (DType::F32, vec![1.0, 1.0]));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn std(a: &Array, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
    super::stats::std(a, &resolve_stat("std", a, axes, false)?, ddof)
}

/// Smallest element over `axes` (`np.min`, `np.minimum.reduce`), NaN if any element is NaN.
///
/// # Errors
/// As [`sum`], and [`Error::Value`](crate::Error::Value) ("zero-size array to reduction
/// operation minimum which has no identity") when a reduced axis is empty.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[3i64, 1], [2, 5]];
/// assert_eq!(a.min(0)?.to_vec::<i64>()?, [2, 1]);
/// assert!(array![1.0, f64::NAN].min(None)?.to_vec::<f64>()?[0].is_nan());
/// assert!(Array::zeros(&[0], DType::F64).min(None).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn min(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    extreme_of::<false, true>(a, &resolve("min", a, axes)?, "minimum")
}

/// Largest element over `axes` (`np.max`, `np.maximum.reduce`), NaN if any element is NaN.
///
/// # Errors
/// As [`min`] ("... operation maximum which has no identity").
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::Axes;
/// let a = array![[3u8, 1], [2, 5]];
/// let m = a.max(Axes::from(1).keepdims())?;
/// assert_eq!((m.shape(), m.to_vec::<u8>()?), (&[2usize, 1][..], vec![3, 5]));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn max(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    extreme_of::<true, true>(a, &resolve("max", a, axes)?, "maximum")
}

/// Index of the first smallest element (`np.argmin`), along one axis or, with `None`, in the
/// flattened array; the first NaN wins. The result is `int64`.
///
/// # Errors
/// [`Error::Value`](crate::Error::Value) for more than one axis, or when the reduced axis is
/// empty ("attempt to get argmin of an empty sequence"); [`Error::AxisOutOfRange`](crate::Error::AxisOutOfRange).
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[4.0, 1.0, 1.0], [0.0, 7.0, -2.0]];
/// assert_eq!(a.argmin(None)?.to_vec::<i64>()?, [5]);
/// assert_eq!(a.argmin(1)?.to_vec::<i64>()?, [1, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn argmin(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::arg::arg::<false>(a, &axes.into(), false)
}

/// Index of the first largest element (`np.argmax`); as [`argmin`].
///
/// # Errors
/// As [`argmin`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![1.0, 3.0, f64::NAN, 3.0];
/// assert_eq!(a.argmax(None)?.to_vec::<i64>()?, [2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn argmax(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::arg::arg::<true>(a, &axes.into(), false)
}

/// True where any element over `axes` is non-zero (`np.any`; NaN counts as true).
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[0, 0], [0, 3]];
/// assert_eq!(a.any(1)?.to_vec::<bool>()?, [false, true]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn any(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    logical_of::<false>(a, &resolve("any", a, axes)?)
}

/// True where every element over `axes` is non-zero (`np.all`).
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1.0, 2.0], [0.0, 3.0]];
/// assert_eq!(a.all(1)?.to_vec::<bool>()?, [true, false]);
/// assert_eq!(Array::zeros(&[0], DType::I32).all(None)?.to_vec::<bool>()?, [true]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn all(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    logical_of::<true>(a, &resolve("all", a, axes)?)
}

/// Range of the elements, `max - min`, over `axes` (`np.ptp`), in the input dtype (integers
/// wrap).
///
/// # Errors
/// As [`max`]; [`Error::Value`](crate::Error::Value) for bool, which NumPy cannot subtract.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::from_slice(&[-128i8, 127]);
/// assert_eq!(a.ptp(None)?.to_vec::<i8>()?, [-1]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn ptp(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    ptp_of(a, &resolve("ptp", a, axes)?)
}

/// Sum treating NaN as zero (`np.nansum`); for bool and integers, [`sum`].
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![1.0, f64::NAN, 2.0].nansum(None)?.to_vec::<f64>()?, [3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nansum(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::stats::nansum(a, &resolve("nansum", a, axes)?)
}

/// Mean of the non-NaN elements (`np.nanmean`); NaN for an all-NaN slice.
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1.0, f64::NAN], [f64::NAN, f64::NAN]];
/// let m = a.nanmean(1)?.to_vec::<f64>()?;
/// assert_eq!(m[0], 1.0);
/// assert!(m[1].is_nan());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanmean(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::stats::nanmean(a, &resolve_stat("nanmean", a, axes, true)?)
}

/// Smallest non-NaN element (`np.nanmin`, `np.fmin.reduce`); NaN for an all-NaN slice.
///
/// # Errors
/// As [`min`] (the message names `fmin`).
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![f64::NAN, 2.0, 1.0].nanmin(None)?.to_vec::<f64>()?, [1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanmin(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    extreme_of::<false, false>(a, &resolve("nanmin", a, axes)?, "fmin")
}

/// Largest non-NaN element (`np.nanmax`, `np.fmax.reduce`); NaN for an all-NaN slice.
///
/// # Errors
/// As [`max`] (the message names `fmax`).
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![f64::NAN, 2.0, 1.0].nanmax(None)?.to_vec::<f64>()?, [2.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanmax(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    extreme_of::<true, false>(a, &resolve("nanmax", a, axes)?, "fmax")
}

/// Variance of the non-NaN elements with `ddof` (`np.nanvar`); NaN where fewer than `ddof + 1`
/// numbers remain.
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![1.0, f64::NAN, 3.0].nanvar(None, 0)?.to_vec::<f64>()?, [1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanvar(a: &Array, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
    super::stats::nanvar(a, &resolve_stat("nanvar", a, axes, true)?, ddof)
}

/// Standard deviation of the non-NaN elements with `ddof` (`np.nanstd`).
///
/// # Errors
/// As [`sum`].
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![1.0, f64::NAN, 3.0].nanstd(None, 0)?.to_vec::<f64>()?, [1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanstd(a: &Array, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
    super::stats::nanstd(a, &resolve_stat("nanstd", a, axes, true)?, ddof)
}

/// Index of the first smallest non-NaN element (`np.nanargmin`).
///
/// # Errors
/// As [`argmin`], and [`Error::Value`](crate::Error::Value) ("All-NaN slice encountered") when a
/// slice holds only NaN.
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![f64::NAN, 2.0, 1.0].nanargmin(None)?.to_vec::<i64>()?, [2]);
/// assert!(array![f64::NAN].nanargmin(None).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanargmin(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::arg::arg::<false>(a, &axes.into(), true)
}

/// Index of the first largest non-NaN element (`np.nanargmax`).
///
/// # Errors
/// As [`nanargmin`].
///
/// ```
/// use numfuse::prelude::*;
/// assert_eq!(array![[f64::NAN, 2.0], [3.0, f64::NAN]].nanargmax(1)?.to_vec::<i64>()?, [1, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanargmax(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::arg::arg::<true>(a, &axes.into(), true)
}

/// `np.<op>.reduce(a, axis=axes)` for any binary ufunc.
///
/// `Add` and `Multiply` are [`sum`] and [`prod`]; `Maximum`/`Minimum` are [`max`]/[`min`];
/// `Fmax`/`Fmin` are [`nanmax`]/[`nanmin`]; `LogicalAnd`/`LogicalOr` are [`all`]/[`any`]. Ops
/// with an identity (those, `LogicalXor`, the bitwise ops, `Hypot`) give it for an empty
/// reduction. The others (`Subtract`, `TrueDivide`, `Power`, comparisons of bools, ...) are not
/// reorderable: they take at most one axis and fold left from its first element. The dtype is
/// the op's loop for `(dtype, dtype)`, which must return its input type, as in NumPy.
///
/// # Errors
/// As [`sum`]; [`Error::Value`](crate::Error::Value) when no loop fits (comparisons of
/// non-bool arrays, bitwise ops of floats), when a non-reorderable op gets several axes, when
/// an op without identity reduces an empty axis, or for negative integer exponents.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::reduce;
/// use numfuse::ir::BinaryOp;
/// let a = array![[8i64, 2], [3, 1]];
/// assert_eq!(reduce(BinaryOp::Subtract, &a, 1)?.to_vec::<i64>()?, [6, 2]);
/// assert_eq!(reduce(BinaryOp::BitwiseOr, &a, None)?.to_vec::<i64>()?, [11]);
/// assert!(reduce(BinaryOp::Subtract, &a, None).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn reduce(op: BinaryOp, a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    super::ufunc::reduce(op, a, &resolve(op.name(), a, axes)?)
}

/// The reduction `op` (the op set the lazy graph shares) over `axes`.
///
/// # Errors
/// As the function of that name.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::reduction;
/// use numfuse::ir::op::ReduceOp;
/// let a = array![[1.0, 5.0], [3.0, 2.0]];
/// assert_eq!(reduction(ReduceOp::Argmax, &a, 0)?.to_vec::<i64>()?, [1, 0]);
/// assert_eq!(reduction(ReduceOp::Mean, &a, None)?.to_vec::<f64>()?, [2.75]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn reduction(op: ReduceOp, a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    match op {
        ReduceOp::Sum => sum(a, axes),
        ReduceOp::Prod => prod(a, axes),
        ReduceOp::Min => min(a, axes),
        ReduceOp::Max => max(a, axes),
        ReduceOp::Argmin => argmin(a, axes),
        ReduceOp::Argmax => argmax(a, axes),
        ReduceOp::Any => any(a, axes),
        ReduceOp::All => all(a, axes),
        ReduceOp::Mean => mean(a, axes),
    }
}

/// Reductions as methods: `a.sum(None)`, `a.max(0)`, `a.var([0, 1], 1)`, ... Each is the
/// function of the same name in [`numfuse::ops`](crate::ops), with the same errors.
impl Array {
    /// [`ops::sum`](crate::ops::sum) over `axes`.
    ///
    /// # Errors
    /// As [`ops::sum`](crate::ops::sum).
    pub fn sum(&self, axes: impl Into<Axes>) -> Result<Array> {
        sum(self, axes)
    }

    /// [`ops::prod`](crate::ops::prod) over `axes`.
    ///
    /// # Errors
    /// As [`ops::prod`](crate::ops::prod).
    pub fn prod(&self, axes: impl Into<Axes>) -> Result<Array> {
        prod(self, axes)
    }

    /// [`ops::mean`](crate::ops::mean) over `axes`.
    ///
    /// # Errors
    /// As [`ops::mean`](crate::ops::mean).
    pub fn mean(&self, axes: impl Into<Axes>) -> Result<Array> {
        mean(self, axes)
    }

    /// [`ops::var`](crate::ops::var) over `axes` with `ddof`.
    ///
    /// # Errors
    /// As [`ops::var`](crate::ops::var).
    pub fn var(&self, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
        var(self, axes, ddof)
    }

    /// [`ops::std`](crate::ops::std) over `axes` with `ddof`.
    ///
    /// # Errors
    /// As [`ops::std`](crate::ops::std).
    pub fn std(&self, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
        std(self, axes, ddof)
    }

    /// [`ops::min`](crate::ops::min) over `axes`.
    ///
    /// # Errors
    /// As [`ops::min`](crate::ops::min).
    pub fn min(&self, axes: impl Into<Axes>) -> Result<Array> {
        min(self, axes)
    }

    /// [`ops::max`](crate::ops::max) over `axes`.
    ///
    /// # Errors
    /// As [`ops::max`](crate::ops::max).
    pub fn max(&self, axes: impl Into<Axes>) -> Result<Array> {
        max(self, axes)
    }

    /// [`ops::argmin`](crate::ops::argmin) along one axis or of the flattened array.
    ///
    /// # Errors
    /// As [`ops::argmin`](crate::ops::argmin).
    pub fn argmin(&self, axes: impl Into<Axes>) -> Result<Array> {
        argmin(self, axes)
    }

    /// [`ops::argmax`](crate::ops::argmax) along one axis or of the flattened array.
    ///
    /// # Errors
    /// As [`ops::argmax`](crate::ops::argmax).
    pub fn argmax(&self, axes: impl Into<Axes>) -> Result<Array> {
        argmax(self, axes)
    }

    /// [`ops::any`](crate::ops::any) over `axes`.
    ///
    /// # Errors
    /// As [`ops::any`](crate::ops::any).
    pub fn any(&self, axes: impl Into<Axes>) -> Result<Array> {
        any(self, axes)
    }

    /// [`ops::all`](crate::ops::all) over `axes`.
    ///
    /// # Errors
    /// As [`ops::all`](crate::ops::all).
    pub fn all(&self, axes: impl Into<Axes>) -> Result<Array> {
        all(self, axes)
    }

    /// [`ops::ptp`](crate::ops::ptp) over `axes`.
    ///
    /// # Errors
    /// As [`ops::ptp`](crate::ops::ptp).
    pub fn ptp(&self, axes: impl Into<Axes>) -> Result<Array> {
        ptp(self, axes)
    }

    /// [`ops::nansum`](crate::ops::nansum) over `axes`.
    ///
    /// # Errors
    /// As [`ops::nansum`](crate::ops::nansum).
    pub fn nansum(&self, axes: impl Into<Axes>) -> Result<Array> {
        nansum(self, axes)
    }

    /// [`ops::nanmean`](crate::ops::nanmean) over `axes`.
    ///
    /// # Errors
    /// As [`ops::nanmean`](crate::ops::nanmean).
    pub fn nanmean(&self, axes: impl Into<Axes>) -> Result<Array> {
        nanmean(self, axes)
    }

    /// [`ops::nanmin`](crate::ops::nanmin) over `axes`.
    ///
    /// # Errors
    /// As [`ops::nanmin`](crate::ops::nanmin).
    pub fn nanmin(&self, axes: impl Into<Axes>) -> Result<Array> {
        nanmin(self, axes)
    }

    /// [`ops::nanmax`](crate::ops::nanmax) over `axes`.
    ///
    /// # Errors
    /// As [`ops::nanmax`](crate::ops::nanmax).
    pub fn nanmax(&self, axes: impl Into<Axes>) -> Result<Array> {
        nanmax(self, axes)
    }

    /// [`ops::nanvar`](crate::ops::nanvar) over `axes` with `ddof`.
    ///
    /// # Errors
    /// As [`ops::nanvar`](crate::ops::nanvar).
    pub fn nanvar(&self, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
        nanvar(self, axes, ddof)
    }

    /// [`ops::nanstd`](crate::ops::nanstd) over `axes` with `ddof`.
    ///
    /// # Errors
    /// As [`ops::nanstd`](crate::ops::nanstd).
    pub fn nanstd(&self, axes: impl Into<Axes>, ddof: usize) -> Result<Array> {
        nanstd(self, axes, ddof)
    }

    /// [`ops::nanargmin`](crate::ops::nanargmin) along one axis or of the flattened array.
    ///
    /// # Errors
    /// As [`ops::nanargmin`](crate::ops::nanargmin).
    pub fn nanargmin(&self, axes: impl Into<Axes>) -> Result<Array> {
        nanargmin(self, axes)
    }

    /// [`ops::nanargmax`](crate::ops::nanargmax) along one axis or of the flattened array.
    ///
    /// # Errors
    /// As [`ops::nanargmax`](crate::ops::nanargmax).
    pub fn nanargmax(&self, axes: impl Into<Axes>) -> Result<Array> {
        nanargmax(self, axes)
    }

    /// [`ops::reduce`](fn@crate::ops::reduce) with the binary ufunc `op` (`np.<op>.reduce`).
    ///
    /// # Errors
    /// As [`ops::reduce`](fn@crate::ops::reduce).
    pub fn reduce(&self, op: BinaryOp, axes: impl Into<Axes>) -> Result<Array> {
        reduce(op, self, axes)
    }
}

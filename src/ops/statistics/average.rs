//! `average`: the (weighted) mean over axes, and optionally the sum of the weights.

use crate::array::Array;
use crate::ir::BinaryOp;
use crate::ops::reduce::{Axes, mean, sum};
use crate::ops::ufunc::binary;
use crate::{DType, Error, Result, promote_types};

/// Weighted average over `axes` (`np.average`): `sum(a * w) / sum(w)`, or [`mean`] without
/// weights.
///
/// `weights` has `a`'s shape, or (with `axes` given) the shape of `a` along those axes, e.g. a
/// 1-d array along one axis. The result dtype is that of `a` and the weights promoted,
/// `float64` at least for bool and integer `a`.
///
/// # Errors
/// [`Error::Value`] with NumPy's messages: "Weights sum to zero, can't be normalized",
/// "Axis must be specified when shapes of a and weights differ.", "Shape of weights must be
/// consistent with shape of a along specified axis."; axis errors as [`mean`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::average;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(average(&a, None, None)?.to_vec::<f64>()?, [2.5]);
/// let w = array![3.0, 1.0];
/// assert_eq!(average(&a, 1, Some(&w))?.to_vec::<f64>()?, [1.25, 3.25]);
/// let err = average(&a, 1, Some(&array![1.0, -1.0])).unwrap_err();
/// assert_eq!(err.to_string(), "average: Weights sum to zero, can't be normalized");
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn average(a: &Array, axes: impl Into<Axes>, weights: Option<&Array>) -> Result<Array> {
    Ok(average_with_sum(a, axes, weights)?.0)
}

/// [`average`] and the sum of the weights broadcast to the average's shape (`np.average(...,
/// returned=True)`); without weights the sum is the number of elements averaged, in the
/// average's dtype.
///
/// # Errors
/// As [`average`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::average_with_sum;
/// let a = array![[1, 2], [3, 4]];
/// let (avg, wsum) = average_with_sum(&a, 0, Some(&array![1, 3]))?;
/// assert_eq!(avg.to_vec::<f64>()?, [2.5, 3.5]);
/// assert_eq!(wsum.to_vec::<f64>()?, [4.0, 4.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn average_with_sum(
    a: &Array,
    axes: impl Into<Axes>,
    weights: Option<&Array>,
) -> Result<(Array, Array)> {
    let axes: Axes = axes.into();
    let value = |msg: &str| Error::Value {
        op: "average",
        msg: msg.into(),
    };
    let Some(w) = weights else {
        let avg = mean(a, axes)?;
        let count = if avg.size() == 0 {
            0.0
        } else {
            a.size() as f64 / avg.size() as f64
        };
        let scl = Array::full(avg.shape(), count, avg.dtype());
        return Ok((avg, scl));
    };
    let dt = promote_types(a.dtype(), w.dtype());
    let dt = if a.dtype().is_float() {
        dt
    } else {
        promote_types(dt, DType::F64)
    };
    let mut w = w.astype(dt);
    if w.shape() != a.shape() {
        let Some(given) = axes.axes() else {
            return Err(value(
                "Axis must be specified when shapes of a and weights differ.",
            ));
        };
        let mut norm = Vec::with_capacity(given.len());
        for &ax in given {
            norm.push(crate::error::normalize_axis(ax, a.ndim())?);
        }
        let along: Vec<usize> = norm.iter().map(|&ax| a.shape()[ax]).collect();
        if w.shape() != along.as_slice() {
            return Err(value(
                "Shape of weights must be consistent with shape of a along specified axis.",
            ));
        }
        // `wgt.transpose(argsort(axis))`, then length 1 on every other axis.
        let mut order: Vec<usize> = (0..norm.len()).collect();
        order.sort_by_key(|&i| norm[i]);
        let perm: Vec<isize> = order.iter().map(|&i| i as isize).collect();
        w = w.permute_axes(&perm)?;
        let shape: Vec<isize> = (0..a.ndim())
            .map(|ax| {
                if norm.contains(&ax) {
                    a.shape()[ax] as isize
                } else {
                    1
                }
            })
            .collect();
        w = w.reshape(&shape)?;
    }
    let scl = sum(&w, axes.clone())?;
    if scl.astype(DType::F64).to_vec::<f64>()?.contains(&0.0) {
        return Err(value("Weights sum to zero, can't be normalized"));
    }
    let prod = binary(BinaryOp::Multiply, &a.astype(dt), &w)?;
    let avg = binary(BinaryOp::TrueDivide, &sum(&prod, axes)?, &scl)?;
    let scl = if scl.shape() == avg.shape() {
        scl
    } else {
        scl.broadcast_to(avg.shape())?.copy()
    };
    Ok((avg, scl))
}

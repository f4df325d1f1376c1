//! Sorting and partitioning along an axis. Today: `argpartition` (the top-k building block).
//!
//! Invariants:
//! 1. The order is NumPy's sort order: NaN after every number (all NaN equal), `-0.0 == 0.0`,
//!    `false < true`.
//! 2. Each lane along the axis is handled on its own (gathered into a buffer, partitioned,
//!    written back), so any input layout gives the same result as its C-ordered copy.

use crate::array::{Array, Element};
use crate::error::normalize_axis;
use crate::ir::DType;
use crate::{Error, Result};
use std::cmp::Ordering;

/// NumPy's sort order (invariant 1): a total order on `T` with NaN last.
pub(crate) fn nan_last<T: Element>(a: T, b: T) -> Ordering {
    a.partial_cmp(&b).unwrap_or_else(|| {
        // Only a float NaN is unordered; NaN is greater than every number, equal to NaN.
        let nan = |x: T| T::DTYPE.is_float() && x.to_f64().is_nan();
        nan(a).cmp(&nan(b))
    })
}

impl Array {
    /// Indices that partition each lane along `axis` around its `kth` element
    /// (`np.argpartition(a, kth, axis)`), as `int64` of the shape of `self`; with `None` the
    /// array is flattened (C order) first. In each lane the index at position `kth` is that of
    /// the element that would be there in sorted order, every index before it is of an element
    /// not greater, and every index after it of an element not smaller; NaN sorts last, and
    /// a negative `kth` counts from the end. As in NumPy, the order within each side is
    /// unspecified (and may differ from NumPy's).
    ///
    /// # Errors
    /// [`Error::Value`] for `kth` outside `-len..len` of a non-empty lane ("kth(=10) out of
    /// bounds (10)"); [`Error::AxisOutOfRange`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::unravel_index;
    /// // The seed's top-k: the three largest elements of a 2-d array, as (row, col) pairs.
    /// let arr = Array::arange(24.0, DType::I64).reshape(&[4, 6])?;
    /// let part = arr.argpartition(-3, None)?;
    /// let top3_flat = part.slice(s![-3..])?;
    /// let mut flat = top3_flat.to_vec::<i64>()?;
    /// flat.sort();
    /// assert_eq!(flat, [21, 22, 23]);
    /// let rc = unravel_index(&top3_flat, arr.shape(), Order::C)?;
    /// assert!(rc[0].to_vec::<i64>()?.iter().all(|&r| r == 3));
    /// // Along an axis, NaN last:
    /// let a = array![[3.0, f64::NAN, 1.0], [2.0, 0.0, 5.0]];
    /// let p = a.argpartition(0, Some(1))?;
    /// let smallest = a.take_along_axis(&p.slice(s![.., ..1])?, Some(1))?;
    /// assert_eq!(smallest.to_vec::<f64>()?, [1.0, 0.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn argpartition(&self, kth: isize, axis: Option<isize>) -> Result<Array> {
        // NumPy treats a 0-d array as one element along axis 0 or -1.
        let (src, axis) = match axis {
            None => (self.reshape(&[-1])?, 0),
            Some(ax) if self.ndim() == 0 => (self.reshape(&[1])?, normalize_axis(ax, 1)?),
            Some(ax) => (self.clone(), normalize_axis(ax, self.ndim())?),
        };
        let n = src.shape()[axis];
        if src.is_empty() {
            return Array::try_zeros(src.shape(), DType::I64, crate::Order::C);
        }
        let k = if kth < 0 { kth + n as isize } else { kth };
        if !(0..n as isize).contains(&k) {
            return Err(Error::Value {
                op: "argpartition",
                msg: format!("kth(={kth}) out of bounds ({n})"),
            });
        }
        let k = k as usize;
        // Lanes last and contiguous (invariant 2).
        let lanes = src.moveaxis(axis as isize, -1)?;
        let mut out: Vec<i64> = Vec::with_capacity(src.size());
        crate::dispatch!(src.dtype(), T => {
            let vals = lanes.to_vec::<T>()?;
            let mut order: Vec<usize> = Vec::with_capacity(n);
            for lane in vals.chunks_exact(n) {
                order.clear();
                order.extend(0..n);
                order.select_nth_unstable_by(k, |&i, &j| nan_last(lane[i], lane[j]));
                out.extend(order.iter().map(|&i| i as i64));
            }
        });
        Array::from_vec(out, lanes.shape())?
            .moveaxis(-1, axis as isize)?
            .try_copy_order(crate::Order::C)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_sorts_last_and_zeros_are_equal() {
        assert_eq!(nan_last(f64::NAN, 1e300), Ordering::Greater);
        assert_eq!(nan_last(f64::INFINITY, f64::NAN), Ordering::Less);
        assert_eq!(nan_last(f64::NAN, f64::NAN), Ordering::Equal);
        assert_eq!(nan_last(-0.0f32, 0.0), Ordering::Equal);
        assert_eq!(nan_last(false, true), Ordering::Less);
        assert_eq!(nan_last(u64::MAX, 0), Ordering::Greater);
    }
}

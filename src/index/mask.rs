//! Data-dependent selections: a boolean mask as the single index (`a[mask]`) and `nonzero`.
//! Their result's length depends on the values, which is why the lazy front end makes them
//! materialisation points ([`Expr::mask_select`](crate::Expr::mask_select)).
//!
//! Invariants:
//! 1. A mask indexes the leading `mask.ndim()` axes of the array and must match their lengths
//!    exactly (NumPy's rule: no broadcasting of boolean indices); the result is
//!    `[count] + a.shape[mask.ndim()..]`, selected in C order, always a fresh C-contiguous copy.
//! 2. Only `bool` masks select: an integer array is a fancy index in NumPy, a different
//!    operation, so it is refused here rather than reinterpreted.

use crate::array::{Array, Order};
use crate::{DType, Error, Result};

impl Array {
    /// NumPy's `a[mask]` for a boolean `mask` whose shape equals the leading axes of `a`: the
    /// selected elements (or sub-arrays), in C order, as a new array of shape
    /// `[count] + a.shape[mask.ndim()..]`.
    ///
    /// # Errors
    /// [`Error::DType`] for a mask that is not bool; [`Error::Index`] when the mask has more
    /// dimensions than `a` or an axis length differs (naming the axis and both lengths, in
    /// NumPy's words).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![[1.0, -2.0], [3.0, -4.0]];
    /// let pos = a.mask_select(&a.greater(0.0)?)?;
    /// assert_eq!(pos.to_vec::<f64>()?, vec![1.0, 3.0]);
    /// let rows = a.mask_select(&array![false, true])?;
    /// assert_eq!(rows.shape(), &[1, 2]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn mask_select(&self, mask: &Array) -> Result<Array> {
        if mask.dtype() != DType::Bool {
            return Err(Error::DType {
                op: "mask_select",
                got: mask.dtype(),
                expected: "a bool mask (integer arrays are fancy indices)".to_string(),
            });
        }
        let k = mask.ndim();
        if k > self.ndim() {
            return Err(Error::Index {
                msg: format!(
                    "too many indices for array: array is {}-dimensional, but {k} were indexed",
                    self.ndim()
                ),
            });
        }
        for (axis, (&m, &n)) in mask.shape().iter().zip(self.shape()).enumerate() {
            if m != n {
                return Err(Error::Index {
                    msg: format!(
                        "boolean index did not match indexed array along axis {axis}; size of \
                         axis is {n} but size of corresponding boolean axis is {m}"
                    ),
                });
            }
        }
        let keep = mask.to_vec::<bool>()?;
        let count = keep.iter().filter(|&&b| b).count();
        let inner = &self.shape()[k..];
        let mut shape = Vec::with_capacity(inner.len() + 1);
        shape.push(count);
        shape.extend_from_slice(inner);
        let mut out = Array::try_zeros(&shape, self.dtype(), Order::C)?;
        if out.size() == 0 {
            return Ok(out);
        }
        let src = if self.is_c_contiguous() {
            self.clone()
        } else {
            self.copy_order(Order::C)
        };
        let row = inner.iter().product::<usize>() * self.itemsize();
        let dst = out.make_mut_ptr()?;
        let base = src.base_ptr();
        let selected = keep.iter().enumerate().filter(|(_, b)| **b).map(|(i, _)| i);
        for (written, i) in selected.enumerate() {
            // SAFETY: `src` is C-contiguous with `keep.len()` rows of `row` bytes from `base`
            // (its leading axes are the mask's, invariant 1), and `i < keep.len()`; `out` is a
            // fresh C-contiguous array of `count` rows of `row` bytes and `written < count`
            // (one row per true entry). The two buffers are distinct allocations.
            unsafe {
                std::ptr::copy_nonoverlapping(base.add(i * row), dst.add(written * row), row);
            }
        }
        Ok(out)
    }

    /// NumPy's `nonzero`: for each axis, the `int64` indices of the elements that are not zero
    /// (not false), in C order.
    ///
    /// # Errors
    /// [`Error::Value`] for a 0-d array (NumPy 2 refuses it too: use a 1-element array).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![[0, 3], [4, 0]];
    /// let idx = a.nonzero()?;
    /// assert_eq!(idx[0].to_vec::<i64>()?, vec![0, 1]);
    /// assert_eq!(idx[1].to_vec::<i64>()?, vec![1, 0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn nonzero(&self) -> Result<Vec<Array>> {
        if self.ndim() == 0 {
            return Err(Error::Value {
                op: "nonzero",
                msg: "Calling nonzero on 0d arrays is not allowed. Use atleast_1d(scalar) \
                      instead."
                    .to_string(),
            });
        }
        let truth = self.astype(DType::Bool).to_vec::<bool>()?;
        let shape = self.shape();
        let count = truth.iter().filter(|&&b| b).count();
        let mut per_axis: Vec<Vec<i64>> = vec![Vec::with_capacity(count); shape.len()];
        let mut index = vec![0usize; shape.len()];
        for &t in &truth {
            if t {
                for (axis, &i) in index.iter().enumerate() {
                    per_axis[axis].push(i as i64);
                }
            }
            for ax in (0..shape.len()).rev() {
                index[ax] += 1;
                if index[ax] < shape[ax] {
                    break;
                }
                index[ax] = 0;
            }
        }
        per_axis
            .into_iter()
            .map(|v| Array::from_vec(v, &[count]))
            .collect()
    }
}

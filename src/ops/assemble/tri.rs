//! Triangles and diagonals: `tril` and `triu` (on the last two axes of a stack of matrices),
//! `diag` (1-D to a diagonal matrix, 2-D to its diagonal) and `diagflat`. All return new arrays.

use crate::{Array, Element, Error, Order, Result};

/// Zeroes the elements of each `(rows, cols)` matrix of C-contiguous `out` for which `keep`
/// is false.
fn mask_matrices<T: Element>(out: &mut Array, keep: impl Fn(isize, isize) -> bool) -> Result<()> {
    let nd = out.ndim();
    let (rows, cols) = (out.shape()[nd - 2], out.shape()[nd - 1]);
    let data = out.as_slice_mut::<T>()?;
    if rows * cols == 0 {
        return Ok(());
    }
    for m in data.chunks_exact_mut(rows * cols) {
        for (i, row) in m.chunks_exact_mut(cols).enumerate() {
            for (j, x) in row.iter_mut().enumerate() {
                if !keep(i as isize, j as isize) {
                    *x = T::default();
                }
            }
        }
    }
    Ok(())
}

fn triangle(op: &'static str, a: &Array, keep: impl Fn(isize, isize) -> bool) -> Result<Array> {
    let src = match a.ndim() {
        0 => {
            return Err(Error::Value {
                op,
                msg: "input must be at least 1-d".into(),
            });
        }
        // NumPy broadcasts a 1-D input against the (n, n) mask.
        1 => a.broadcast_to(&[a.len(), a.len()])?,
        _ => a.clone(),
    };
    let mut out = src.try_copy_order(Order::C)?;
    crate::dispatch!(out.dtype(), T => mask_matrices::<T>(&mut out, &keep)?);
    Ok(out)
}

/// The lower triangle of each matrix on the last two axes (`np.tril`): elements above the
/// `k`-th diagonal (`j > i + k`) become zero. A 1-D input of length `n` is broadcast to
/// `(n, n)` first, as NumPy does. A new array of the input's dtype.
///
/// # Errors
/// [`Error::Value`] for a 0-d array.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::ones(&[3, 3], DType::I32);
/// assert_eq!(numfuse::tril(&a, 0)?.to_vec::<i32>()?, vec![1, 0, 0, 1, 1, 0, 1, 1, 1]);
/// assert_eq!(numfuse::tril(&a, -1)?.to_vec::<i32>()?, vec![0, 0, 0, 1, 0, 0, 1, 1, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn tril(a: &Array, k: isize) -> Result<Array> {
    triangle("tril", a, |i, j| j <= i.saturating_add(k))
}

/// The upper triangle of each matrix on the last two axes (`np.triu`): elements below the
/// `k`-th diagonal (`j < i + k`) become zero. Otherwise as [`tril`].
///
/// # Errors
/// [`Error::Value`] for a 0-d array.
pub fn triu(a: &Array, k: isize) -> Result<Array> {
    triangle("triu", a, |i, j| j >= i.saturating_add(k))
}

/// `np.diag`: for a 1-D `v` of length `n`, a new `(n + |k|, n + |k|)` array of zeros with `v`
/// on the `k`-th diagonal; for a 2-D `v`, a new 1-D array holding its `k`-th diagonal (an
/// owned copy; [`Array::diagonal`] is the view).
///
/// # Errors
/// [`Error::Value`] ("Input must be 1- or 2-d.") for other ranks, [`Error::ShapeOverflow`].
///
/// ```
/// use numfuse::prelude::*;
/// let m = numfuse::diag(&array![1i64, 2], 1)?;
/// assert_eq!(m.to_vec::<i64>()?, vec![0, 1, 0, 0, 0, 2, 0, 0, 0]);
/// assert_eq!(numfuse::diag(&m, 1)?.to_vec::<i64>()?, vec![1, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn diag(v: &Array, k: isize) -> Result<Array> {
    match v.ndim() {
        1 => {
            let n = v.len();
            let off = k.unsigned_abs();
            let size = n.checked_add(off).ok_or_else(|| Error::ShapeOverflow {
                shape: vec![n, off],
                itemsize: v.itemsize(),
            })?;
            let mut out = Array::try_zeros(&[size, size], v.dtype(), Order::C)?;
            // Element (i, i + k) for k >= 0, (i - k, i) for k < 0, of a row-major square.
            let start = if k >= 0 { off } else { off * size };
            crate::dispatch!(v.dtype(), T => {
                let vals = v.to_vec::<T>()?;
                let dst = out.as_slice_mut::<T>()?;
                for (i, x) in vals.into_iter().enumerate() {
                    dst[start + i * (size + 1)] = x;
                }
            });
            Ok(out)
        }
        2 => v.diagonal(k, 0, 1)?.try_copy_order(Order::C),
        _ => Err(Error::Value {
            op: "diag",
            msg: "Input must be 1- or 2-d.".into(),
        }),
    }
}

/// A 2-D array with the flattened input on the `k`-th diagonal (`np.diagflat`).
///
/// # Errors
/// [`Error::ShapeOverflow`].
///
/// ```
/// use numfuse::prelude::*;
/// let m = numfuse::diagflat(&array![[1.0, 2.0]], 0)?;
/// assert_eq!(m.shape(), &[2, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn diagflat(v: &Array, k: isize) -> Result<Array> {
    diag(&v.reshape(&[-1])?, k)
}

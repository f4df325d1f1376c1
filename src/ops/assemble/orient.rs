//! Reorienting views: `flip`, `fliplr`, `flipud` and `rot90`. Each returns a view of the same
//! buffer (negative strides, permuted axes), never a copy, as NumPy does.

use crate::error::normalize_axis;
use crate::ops::reduce::Axes;
use crate::{Array, Error, Result, SliceElem};

fn full() -> SliceElem {
    SliceElem::Slice {
        start: None,
        stop: None,
        step: 1,
    }
}

fn reversed() -> SliceElem {
    SliceElem::Slice {
        start: None,
        stop: None,
        step: -1,
    }
}

/// Reverses the order of elements along the given axes (`np.flip`): all of them for
/// [`Axes::all`] (or `None`), else the listed ones. A view with negative strides.
///
/// # Errors
/// [`Error::AxisOutOfRange`], [`Error::Value`] ("repeated axis") for an axis named twice.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(6.0, DType::I64).reshape(&[2, 3])?;
/// let f = numfuse::flip(&a, 1)?;
/// assert_eq!(f.to_vec::<i64>()?, vec![2, 1, 0, 5, 4, 3]);
/// assert!(f.shares_memory(&a));
/// assert_eq!(numfuse::flip(&a, None)?.to_vec::<i64>()?, vec![5, 4, 3, 2, 1, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn flip(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    let axes = axes.into();
    let ndim = a.ndim();
    let mut index = vec![full(); ndim];
    match axes.axes() {
        None => index.iter_mut().for_each(|e| *e = reversed()),
        Some(list) => {
            for &ax in list {
                let d = normalize_axis(ax, ndim)?;
                if index[d] != full() {
                    return Err(Error::Value {
                        op: "flip",
                        msg: "repeated axis".into(),
                    });
                }
                index[d] = reversed();
            }
        }
    }
    a.slice(index)
}

/// Reverses the columns, axis 1 (`np.fliplr`); a view.
///
/// # Errors
/// [`Error::Value`] ("Input must be >= 2-d.") for fewer than two axes.
pub fn fliplr(a: &Array) -> Result<Array> {
    if a.ndim() < 2 {
        return Err(Error::Value {
            op: "fliplr",
            msg: "Input must be >= 2-d.".into(),
        });
    }
    flip(a, 1)
}

/// Reverses the rows, axis 0 (`np.flipud`); a view.
///
/// # Errors
/// [`Error::Value`] ("Input must be >= 1-d.") for a 0-d array.
pub fn flipud(a: &Array) -> Result<Array> {
    if a.ndim() < 1 {
        return Err(Error::Value {
            op: "flipud",
            msg: "Input must be >= 1-d.".into(),
        });
    }
    flip(a, 0)
}

/// Rotates by 90 degrees `k` times in the plane of `axes`, from the first axis towards the
/// second (`np.rot90`); `k` may be negative. A view.
///
/// # Errors
/// [`Error::Value`] when the axes are the same (NumPy's "Axes must be different.") or out of
/// range ("Axes=(0, 2) out of range for array of ndim=2.").
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1i32, 2], [3, 4]];
/// let r = numfuse::rot90(&a, 1, (0, 1))?;
/// assert_eq!(r.to_vec::<i32>()?, vec![2, 4, 1, 3]);
/// assert!(r.shares_memory(&a));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn rot90(a: &Array, k: i64, axes: (isize, isize)) -> Result<Array> {
    let ndim = a.ndim() as isize;
    let (a0, a1) = axes;
    if a0 == a1 || a0.abs_diff(a1) == ndim.unsigned_abs() {
        return Err(Error::Value {
            op: "rot90",
            msg: "Axes must be different.".into(),
        });
    }
    if !(-ndim..ndim).contains(&a0) || !(-ndim..ndim).contains(&a1) {
        return Err(Error::Value {
            op: "rot90",
            msg: format!("Axes=({a0}, {a1}) out of range for array of ndim={ndim}."),
        });
    }
    let (d0, d1) = (normalize_axis(a0, a.ndim())?, normalize_axis(a1, a.ndim())?);
    let mut perm: Vec<isize> = (0..ndim).collect();
    perm.swap(d0, d1);
    match k.rem_euclid(4) {
        0 => Ok(a.clone()),
        2 => flip(&flip(a, a0)?, a1),
        1 => flip(a, a1)?.permute_axes(&perm),
        _ => flip(&a.permute_axes(&perm)?, a1),
    }
}

impl Array {
    /// `np.flip(a, axes)`: see [`flip`].
    ///
    /// # Errors
    /// As [`flip`].
    pub fn flip(&self, axes: impl Into<Axes>) -> Result<Array> {
        flip(self, axes)
    }
}

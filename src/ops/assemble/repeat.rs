//! Repeating and rotating elements: `tile` (a broadcast view copied once), `repeat` and `roll`
//! (gathers through [`Array::take`]). All return new arrays.

use crate::error::normalize_axis;
use crate::{Array, Error, Order, Result};

/// How many times `repeat` repeats each element: one count for all, or one per element along
/// the axis (NumPy's `repeats`, broadcast against the axis).
///
/// Integers convert into [`Repeats::Count`], slices, arrays and vectors of integers into
/// [`Repeats::Each`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Repeats {
    /// The same count for every element.
    Count(i64),
    /// One count per element along the axis (or a single count, broadcast).
    Each(Vec<i64>),
}

macro_rules! repeats_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Repeats {
            /// One count for every element.
            fn from(n: $t) -> Repeats {
                Repeats::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&[$t]> for Repeats {
            /// One count per element.
            fn from(v: &[$t]) -> Repeats {
                Repeats::Each(v.iter().map(|&n| i64::try_from(n).unwrap_or(i64::MAX)).collect())
            }
        }
        impl<const N: usize> From<[$t; N]> for Repeats {
            /// One count per element.
            fn from(v: [$t; N]) -> Repeats {
                Repeats::from(&v[..])
            }
        }
        impl<const N: usize> From<&[$t; N]> for Repeats {
            /// One count per element.
            fn from(v: &[$t; N]) -> Repeats {
                Repeats::from(&v[..])
            }
        }
        impl From<Vec<$t>> for Repeats {
            /// One count per element.
            fn from(v: Vec<$t>) -> Repeats {
                Repeats::from(&v[..])
            }
        }
    )*};
}
repeats_from!(i32, i64, isize, usize, u32);

fn too_big(shape: &[usize], a: &Array) -> Error {
    Error::ShapeOverflow {
        shape: shape.to_vec(),
        itemsize: a.itemsize(),
    }
}

/// Repeats the whole array `reps[i]` times along axis `i` (`np.tile`). When `reps` is longer
/// than the array's rank, the array gains leading length-1 axes; when shorter, `reps` gains
/// leading 1s. Always a new array of the input's dtype.
///
/// # Errors
/// [`Error::ShapeOverflow`] when the result is too big.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![0i64, 1, 2];
/// let t = numfuse::tile(&a, &[2, 2])?;
/// assert_eq!(t.shape(), &[2, 6]);
/// assert_eq!(t.to_vec::<i64>()?, vec![0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn tile(a: &Array, reps: &[usize]) -> Result<Array> {
    let nd = a.ndim().max(reps.len());
    let mut shape = vec![1usize; nd - a.ndim()];
    shape.extend_from_slice(a.shape());
    let mut r = vec![1usize; nd - reps.len()];
    r.extend_from_slice(reps);
    // Interleave: (1, s0, 1, s1, ...) broadcast to (r0, s0, r1, s1, ...), copied once.
    let mut v = a.reshape(&shape.iter().map(|&n| n as isize).collect::<Vec<_>>())?;
    let mut wide = Vec::with_capacity(2 * nd);
    let mut out_shape = Vec::with_capacity(nd);
    for i in 0..nd {
        v = v.expand_dims(2 * i as isize)?;
        wide.extend([r[i], shape[i]]);
        let n = r[i]
            .checked_mul(shape[i])
            .ok_or_else(|| too_big(&wide, a))?;
        out_shape.push(n as isize);
    }
    let copy = v.broadcast_to(&wide)?.try_copy_order(Order::C)?;
    copy.reshape(&out_shape)
}

/// Repeats each element along `axis` (`np.repeat`, `a.repeat`); with `axis == None` the array
/// is flattened first and the result is 1-D. A new array of the input's dtype.
///
/// # Errors
/// [`Error::Value`] for a negative count, [`Error::Broadcast`] when the list of counts has
/// neither one entry nor one per element along the axis, [`Error::AxisOutOfRange`],
/// [`Error::ShapeOverflow`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1i32, 2], [3, 4]];
/// assert_eq!(numfuse::repeat(&a, 2, None)?.to_vec::<i32>()?, vec![1, 1, 2, 2, 3, 3, 4, 4]);
/// let r = a.repeat([1, 2], Some(0))?;
/// assert_eq!(r.to_vec::<i32>()?, vec![1, 2, 3, 4, 3, 4]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn repeat(a: &Array, repeats: impl Into<Repeats>, axis: Option<isize>) -> Result<Array> {
    let (src, ax) = match axis {
        None => (a.reshape(&[-1])?, 0),
        Some(axis) => (a.clone(), normalize_axis(axis, a.ndim())?),
    };
    let len = src.shape()[ax];
    let counts: Vec<i64> = match repeats.into() {
        Repeats::Count(n) if n < 0 => {
            return Err(Error::Value {
                op: "repeat",
                msg: "negative dimensions are not allowed".into(),
            });
        }
        Repeats::Count(n) => vec![n; len],
        Repeats::Each(v) if v.len() == 1 => vec![v[0]; len],
        Repeats::Each(v) if v.len() != len => {
            return Err(Error::Value {
                op: "repeat",
                msg: format!(
                    "operands could not be broadcast together with shape ({len},) ({},)",
                    v.len()
                ),
            });
        }
        Repeats::Each(v) => v,
    };
    if counts.iter().any(|&n| n < 0) {
        return Err(Error::Value {
            op: "repeat",
            msg: "repeats may not contain negative values.".into(),
        });
    }
    let mut shape = src.shape().to_vec();
    let total = counts
        .iter()
        .try_fold(0usize, |acc, &n| acc.checked_add(usize::try_from(n).ok()?));
    shape[ax] = total.ok_or_else(|| too_big(&shape, a))?;
    crate::ir::shape::checked_size(&shape, a.itemsize()).ok_or_else(|| too_big(&shape, a))?;
    let mut index = Vec::with_capacity(shape[ax]);
    for (i, &n) in counts.iter().enumerate() {
        index.extend(std::iter::repeat_n(i as i64, n as usize));
    }
    let index = Array::from_vec(index, &[shape[ax]])?;
    src.take(&index, Some(ax as isize))
}

/// Rolls elements along `axis` by `shift` positions (`np.roll`): elements that roll past the
/// end reappear at the start. With `axis == None` the array is rolled as if flattened and
/// keeps its shape. A new array.
///
/// # Errors
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(5.0, DType::I64);
/// assert_eq!(numfuse::roll(&a, 2, None)?.to_vec::<i64>()?, vec![3, 4, 0, 1, 2]);
/// assert_eq!(numfuse::roll(&a, -1, Some(0))?.to_vec::<i64>()?, vec![1, 2, 3, 4, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn roll(a: &Array, shift: isize, axis: Option<isize>) -> Result<Array> {
    match axis {
        None => {
            let flat = a.reshape(&[-1])?;
            let rolled = roll_axes(&flat, &[shift], &[0])?;
            let shape: Vec<isize> = a.shape().iter().map(|&n| n as isize).collect();
            rolled.reshape(&shape)
        }
        Some(axis) => roll_axes(a, &[shift], &[axis]),
    }
}

/// Rolls along several axes at once (`np.roll(a, shifts, axes)`): `shifts` and `axes` are
/// broadcast against each other (equal lengths, or one of them of length 1), and shifts named
/// for the same axis add up.
///
/// # Errors
/// [`Error::Broadcast`] when the lengths cannot be broadcast, [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(6.0, DType::I64).reshape(&[2, 3])?;
/// let r = numfuse::roll_axes(&a, &[1, 1], &[0, 1])?;
/// assert_eq!(r.to_vec::<i64>()?, vec![5, 3, 4, 2, 0, 1]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn roll_axes(a: &Array, shifts: &[isize], axes: &[isize]) -> Result<Array> {
    let n = match (shifts.len(), axes.len()) {
        (s, x) if s == x => s,
        (1, x) => x,
        (s, 1) => s,
        (s, x) => {
            return Err(Error::Broadcast {
                op: "broadcast_arrays",
                shapes: vec![vec![s], vec![x]],
            });
        }
    };
    let ndim = a.ndim();
    let mut total = vec![0usize; ndim];
    for i in 0..n {
        let shift = shifts[if shifts.len() == 1 { 0 } else { i }];
        let ax = normalize_axis(axes[if axes.len() == 1 { 0 } else { i }], ndim)?;
        let len = a.shape()[ax];
        if len > 0 {
            let s = (shift as i128).rem_euclid(len as i128) as usize;
            total[ax] = (total[ax] + s) % len;
        }
    }
    let mut out = a.clone();
    let mut copied = false;
    for (ax, &s) in total.iter().enumerate() {
        if s == 0 {
            continue;
        }
        copied = true;
        let len = a.shape()[ax];
        let index: Vec<i64> = (0..len).map(|i| ((i + len - s) % len) as i64).collect();
        out = out.take(&Array::from_vec(index, &[len])?, Some(ax as isize))?;
    }
    if !copied {
        out = out.try_copy_order(Order::K)?;
    }
    Ok(out)
}

impl Array {
    /// `a.repeat(repeats, axis)`: see [`repeat`].
    ///
    /// # Errors
    /// As [`repeat`].
    pub fn repeat(&self, repeats: impl Into<Repeats>, axis: Option<isize>) -> Result<Array> {
        repeat(self, repeats, axis)
    }
}

//! Splitting an array into views along an axis: `split`, `array_split` and the `hsplit`,
//! `vsplit` and `dsplit` forms. Every piece shares the input's buffer, as in NumPy.

use super::axis_range;
use crate::error::normalize_axis;
use crate::{Array, Error, Result};

/// The largest number of sections [`array_split`] makes (each piece is an `Array` value).
pub const MAX_SECTIONS: usize = 1 << 28;

/// How to split: into a number of sections, or at a list of indices along the axis (NumPy's
/// `indices_or_sections`).
///
/// Integers convert into [`Sections::Count`], slices, arrays and vectors of integers into
/// [`Sections::Indices`]: `split(&a, 3, 0)`, `split(&a, [2, 5], 0)`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Sections {
    /// This many pieces (must be positive).
    Count(i64),
    /// The pieces `[..i0]`, `[i0..i1]`, ..., `[ik..]`; indices follow Python's slicing rules
    /// (negative counts from the end, out-of-range clips, a decreasing pair gives an empty
    /// piece).
    Indices(Vec<isize>),
}

fn to_isize<T: TryInto<isize>>(v: T) -> isize {
    v.try_into().unwrap_or(isize::MAX)
}

macro_rules! sections_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Sections {
            /// A number of sections.
            fn from(n: $t) -> Sections {
                Sections::Count(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
        impl From<&[$t]> for Sections {
            /// Split indices.
            fn from(v: &[$t]) -> Sections {
                Sections::Indices(v.iter().map(|&i| to_isize(i)).collect())
            }
        }
        impl<const N: usize> From<[$t; N]> for Sections {
            /// Split indices.
            fn from(v: [$t; N]) -> Sections {
                Sections::from(&v[..])
            }
        }
        impl<const N: usize> From<&[$t; N]> for Sections {
            /// Split indices.
            fn from(v: &[$t; N]) -> Sections {
                Sections::from(&v[..])
            }
        }
        impl From<Vec<$t>> for Sections {
            /// Split indices.
            fn from(v: Vec<$t>) -> Sections {
                Sections::from(&v[..])
            }
        }
    )*};
}
sections_from!(i32, i64, isize, usize);

/// Splits `a` into views along `axis`, allowing pieces of unequal length
/// (`np.array_split`): `n` sections of a length-`l` axis give `l % n` pieces of `l / n + 1`
/// elements followed by pieces of `l / n`.
///
/// # Errors
/// [`Error::Value`] for a count below 1 ("number sections must be larger than 0."),
/// [`Error::AxisOutOfRange`] (a 0-d array has no axis to split), [`Error::Value`] for more
/// than [`MAX_SECTIONS`] sections.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(7.0, DType::F64);
/// let parts = numfuse::array_split(&a, 3, 0)?;
/// let lens: Vec<usize> = parts.iter().map(|p| p.len()).collect();
/// assert_eq!(lens, vec![3, 2, 2]);
/// assert!(parts[1].shares_memory(&a));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn array_split(a: &Array, sections: impl Into<Sections>, axis: isize) -> Result<Vec<Array>> {
    let ax = normalize_axis(axis, a.ndim())?;
    let total = a.shape()[ax];
    let points: Vec<isize> = match sections.into() {
        Sections::Count(n) => {
            if n <= 0 {
                return Err(Error::Value {
                    op: "array_split",
                    msg: "number sections must be larger than 0.".into(),
                });
            }
            // n may exceed the axis length: the extra pieces are empty.
            let n = usize::try_from(n).unwrap_or(usize::MAX);
            if n > MAX_SECTIONS {
                return Err(Error::Value {
                    op: "array_split",
                    msg: format!("too many sections ({n}): at most {MAX_SECTIONS}"),
                });
            }
            let (each, extras) = (total / n, total % n);
            let mut points = Vec::with_capacity(n.min(total + 1) + 1);
            let mut pos = 0usize;
            points.push(0);
            for i in 0..n {
                pos += each + usize::from(i < extras);
                points.push(pos as isize);
            }
            points
        }
        Sections::Indices(ix) => {
            let mut points = Vec::with_capacity(ix.len() + 2);
            points.push(0);
            points.extend(ix);
            points.push(total as isize);
            points
        }
    };
    points
        .windows(2)
        .map(|w| a.slice(axis_range(a.ndim(), ax, w[0], w[1])))
        .collect()
}

/// Splits `a` into views along `axis` (`np.split`): like [`array_split`], but a count must
/// divide the axis length.
///
/// # Errors
/// As [`array_split`], and [`Error::Value`] with NumPy's "array split does not result in an
/// equal division" when a count does not divide the length.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(12.0, DType::I32).reshape(&[3, 4])?;
/// let cols = numfuse::split(&a, 2, 1)?;
/// assert_eq!(cols[1].to_vec::<i32>()?, vec![2, 3, 6, 7, 10, 11]);
/// let pieces = numfuse::split(&a, [1, -1], 0)?;
/// assert_eq!(pieces.iter().map(|p| p.len()).collect::<Vec<_>>(), vec![1, 1, 1]);
/// assert!(numfuse::split(&a, 3, 1).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn split(a: &Array, sections: impl Into<Sections>, axis: isize) -> Result<Vec<Array>> {
    let sections = sections.into();
    if let Sections::Count(n) = sections {
        let ax = normalize_axis(axis, a.ndim())?;
        let len = a.shape()[ax] as u64;
        if n > 0 && !len.is_multiple_of(n as u64) {
            return Err(Error::Value {
                op: "split",
                msg: "array split does not result in an equal division".into(),
            });
        }
    }
    array_split(a, sections, axis)
}

fn need_ndim(a: &Array, op: &'static str, n: usize, what: &str) -> Result<()> {
    if a.ndim() < n {
        return Err(Error::Value {
            op,
            msg: format!("{op} only works on arrays of {what} dimensions"),
        });
    }
    Ok(())
}

/// [`split`] along axis 1, or axis 0 for a 1-D array (`np.hsplit`).
///
/// # Errors
/// As [`split`]; [`Error::Value`] for a 0-d array.
pub fn hsplit(a: &Array, sections: impl Into<Sections>) -> Result<Vec<Array>> {
    need_ndim(a, "hsplit", 1, "1 or more")?;
    split(a, sections, if a.ndim() > 1 { 1 } else { 0 })
}

/// [`split`] along axis 0 of an array with at least two axes (`np.vsplit`).
///
/// # Errors
/// As [`split`]; [`Error::Value`] for fewer than two axes.
pub fn vsplit(a: &Array, sections: impl Into<Sections>) -> Result<Vec<Array>> {
    need_ndim(a, "vsplit", 2, "2 or more")?;
    split(a, sections, 0)
}

/// [`split`] along axis 2 of an array with at least three axes (`np.dsplit`).
///
/// # Errors
/// As [`split`]; [`Error::Value`] for fewer than three axes.
pub fn dsplit(a: &Array, sections: impl Into<Sections>) -> Result<Vec<Array>> {
    need_ndim(a, "dsplit", 3, "3 or more")?;
    split(a, sections, 2)
}

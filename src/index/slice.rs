//! Basic indexing: the [`s!`](crate::s!) macro, [`SliceElem`], and the pure layout function that
//! turns a list of them into a view.
//!
//! Semantics follow NumPy's basic indexing: integers drop their axis (negative ones count from
//! the end, out of range is an error), slices `start..stop;step` clip to the axis like Python's
//! `slice.indices` and may step backwards, [`NewAxis`] inserts a length-1 axis, one [`Ellipsis`]
//! stands for as many full slices as needed, and missing trailing axes are taken whole.

#![expect(
    trivial_numeric_casts,
    reason = "the per-type From impls include identity casts (isize as isize)"
)]

use crate::array::Layout;
use crate::ir::Dims;
use crate::{Error, Result};
use smallvec::SmallVec;
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

/// One element of a basic index: what `s![...]` builds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SliceElem {
    /// A single position; the axis is dropped.
    Index(isize),
    /// `start..stop;step`, with Python's defaults for missing bounds.
    Slice {
        /// First position (default: the start for a positive step, the end for a negative one).
        start: Option<isize>,
        /// One past the last position (default: past the end in the step's direction).
        stop: Option<isize>,
        /// Distance between positions; not zero.
        step: isize,
    },
    /// Insert a new axis of length 1 (`np.newaxis`).
    NewAxis,
    /// As many full slices as the unindexed axes need (`...`).
    Ellipsis,
    /// A step applied to something that is not a range; reported as an error when used.
    #[doc(hidden)]
    InvalidStep,
}

/// Inserts a new axis of length 1 in `s![..]` (NumPy's `np.newaxis` / `None`).
#[derive(Clone, Copy, Debug)]
pub struct NewAxis;

/// Stands for all the axes not otherwise indexed in `s![..]` (NumPy's `...`).
#[derive(Clone, Copy, Debug)]
pub struct Ellipsis;

impl SliceElem {
    /// The same range with a step (what `a..b;step` means inside `s![]`).
    pub fn step(self, step: isize) -> SliceElem {
        match self {
            SliceElem::Slice {
                start,
                stop,
                step: 1,
            } => SliceElem::Slice { start, stop, step },
            _ => SliceElem::InvalidStep,
        }
    }
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for SliceElem {
            fn from(i: $t) -> SliceElem {
                SliceElem::Index(i as isize)
            }
        }
        impl From<Range<$t>> for SliceElem {
            fn from(r: Range<$t>) -> SliceElem {
                SliceElem::Slice { start: Some(r.start as isize), stop: Some(r.end as isize), step: 1 }
            }
        }
        impl From<RangeFrom<$t>> for SliceElem {
            fn from(r: RangeFrom<$t>) -> SliceElem {
                SliceElem::Slice { start: Some(r.start as isize), stop: None, step: 1 }
            }
        }
        impl From<RangeTo<$t>> for SliceElem {
            fn from(r: RangeTo<$t>) -> SliceElem {
                SliceElem::Slice { start: None, stop: Some(r.end as isize), step: 1 }
            }
        }
        impl From<RangeInclusive<$t>> for SliceElem {
            fn from(r: RangeInclusive<$t>) -> SliceElem {
                let stop = *r.end() as isize;
                // `a..=-1` runs to the end, like Python's `a:`.
                let stop = if stop == -1 { None } else { Some(stop + 1) };
                SliceElem::Slice { start: Some(*r.start() as isize), stop, step: 1 }
            }
        }
        impl From<RangeToInclusive<$t>> for SliceElem {
            fn from(r: RangeToInclusive<$t>) -> SliceElem {
                let stop = r.end as isize;
                let stop = if stop == -1 { None } else { Some(stop + 1) };
                SliceElem::Slice { start: None, stop, step: 1 }
            }
        }
    )*};
}
from_int!(i32, i64, isize, usize);

impl From<RangeFull> for SliceElem {
    fn from(_: RangeFull) -> SliceElem {
        SliceElem::Slice {
            start: None,
            stop: None,
            step: 1,
        }
    }
}

impl From<NewAxis> for SliceElem {
    fn from(_: NewAxis) -> SliceElem {
        SliceElem::NewAxis
    }
}

impl From<Ellipsis> for SliceElem {
    fn from(_: Ellipsis) -> SliceElem {
        SliceElem::Ellipsis
    }
}

/// Builds a basic index, NumPy-style: `s![1..3, ..;-1, 2, NewAxis, Ellipsis]`.
///
/// Each element is a range with an optional `;step`, an integer, [`NewAxis`] or [`Ellipsis`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
/// let v = a.slice(s![.., ..;-1])?;           // a[:, ::-1]
/// assert_eq!(v.strides(), &[32, -8]);
/// let row = a.slice(s![-1])?;                 // a[-1]
/// assert_eq!(row.to_vec::<f64>()?, vec![8.0, 9.0, 10.0, 11.0]);
/// let col = a.slice(s![.., 1, NewAxis])?;     // a[:, 1, None]
/// assert_eq!(col.shape(), &[3, 1]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[macro_export]
macro_rules! s {
    (@parse [$($acc:expr,)*]) => { [$($acc,)*] };
    (@parse [$($acc:expr,)*] $r:expr ; $step:expr , $($rest:tt)*) => {
        $crate::s!(@parse [$($acc,)* $crate::SliceElem::from($r).step($step),] $($rest)*)
    };
    (@parse [$($acc:expr,)*] $r:expr ; $step:expr) => {
        $crate::s!(@parse [$($acc,)* $crate::SliceElem::from($r).step($step),])
    };
    (@parse [$($acc:expr,)*] $r:expr , $($rest:tt)*) => {
        $crate::s!(@parse [$($acc,)* $crate::SliceElem::from($r),] $($rest)*)
    };
    (@parse [$($acc:expr,)*] $r:expr) => {
        $crate::s!(@parse [$($acc,)* $crate::SliceElem::from($r),])
    };
    ($($t:tt)*) => { $crate::s!(@parse [] $($t)*) };
}

/// Python's `slice.indices` + length: the first position, the step and the count.
///
/// # Errors
/// [`Error::Value`] for a zero step.
pub fn resolve_slice(
    start: Option<isize>,
    stop: Option<isize>,
    step: isize,
    len: usize,
) -> Result<(isize, isize, usize)> {
    if step == 0 {
        return Err(Error::Value {
            op: "slice",
            msg: "slice step cannot be zero".into(),
        });
    }
    let len = len as isize;
    let clip = |v: Option<isize>, default: isize| match v {
        None => default,
        Some(v) if v < 0 => {
            let v = v.saturating_add(len);
            if v < 0 {
                if step < 0 { -1 } else { 0 }
            } else {
                v
            }
        }
        Some(v) if v >= len => {
            if step < 0 {
                len - 1
            } else {
                len
            }
        }
        Some(v) => v,
    };
    let (start, stop) = if step < 0 {
        (clip(start, len - 1), clip(stop, -1))
    } else {
        (clip(start, 0), clip(stop, len))
    };
    let count = if step < 0 {
        if stop < start {
            (start - stop - 1) / (-step) + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / step + 1
    } else {
        0
    };
    Ok((start, step, count as usize))
}

/// Normalises an integer index on an axis of length `len`.
///
/// # Errors
/// [`Error::IndexOutOfBounds`] outside `-len..len`.
pub fn resolve_index(index: isize, axis: usize, len: usize) -> Result<usize> {
    let l = len as isize;
    if (-l..l).contains(&index) {
        Ok(if index < 0 {
            (index + l) as usize
        } else {
            index as usize
        })
    } else {
        Err(Error::IndexOutOfBounds { index, axis, len })
    }
}

/// The layout of `layout[index]` (basic indexing): pure arithmetic, never touches memory.
///
/// # Errors
/// Too many indices, more than one ellipsis, an out-of-range integer, or a zero step.
pub fn slice_layout(layout: &Layout, index: &[SliceElem]) -> Result<Layout> {
    let consumed = index
        .iter()
        .filter(|e| matches!(e, SliceElem::Index(_) | SliceElem::Slice { .. }))
        .count();
    let ndim = layout.ndim();
    if consumed > ndim {
        return Err(Error::Index {
            msg: format!(
                "too many indices for array: array is {ndim}-dimensional, but {consumed} were indexed"
            ),
        });
    }
    if index
        .iter()
        .filter(|e| matches!(e, SliceElem::Ellipsis))
        .count()
        > 1
    {
        return Err(Error::Index {
            msg: "an index can only have a single ellipsis ('...')".into(),
        });
    }
    let mut shape: Dims = SmallVec::new();
    let mut strides: SmallVec<[isize; 6]> = SmallVec::new();
    let mut offset = layout.offset as isize;
    let mut axis = 0;
    let full = SliceElem::Slice {
        start: None,
        stop: None,
        step: 1,
    };
    let ellipsis_len = ndim - consumed;
    let expanded = index.iter().flat_map(|e| match e {
        SliceElem::Ellipsis => std::iter::repeat_n(full, ellipsis_len),
        other => std::iter::repeat_n(*other, 1),
    });
    let has_ellipsis = index.contains(&SliceElem::Ellipsis);
    let trailing = if has_ellipsis { 0 } else { ndim - consumed };
    for elem in expanded.chain(std::iter::repeat_n(full, trailing)) {
        match elem {
            SliceElem::Index(i) => {
                let i = resolve_index(i, axis, layout.shape[axis])?;
                offset += i as isize * layout.strides[axis];
                axis += 1;
            }
            SliceElem::Slice { start, stop, step } => {
                let (first, step, count) = resolve_slice(start, stop, step, layout.shape[axis])?;
                if count > 0 {
                    offset += first * layout.strides[axis];
                }
                shape.push(count);
                strides.push(if count > 1 {
                    layout.strides[axis] * step
                } else {
                    layout.strides[axis]
                });
                axis += 1;
            }
            SliceElem::NewAxis => {
                shape.push(1);
                strides.push(0);
            }
            SliceElem::Ellipsis => unreachable!("expanded above"),
            SliceElem::InvalidStep => {
                return Err(Error::Index {
                    msg: "a step (`;k`) can only follow a range in s![]".into(),
                });
            }
        }
    }
    // Offsets of in-bounds indices stay inside the buffer (layout condition 1 of the parent).
    Ok(Layout {
        shape,
        strides,
        offset: offset as usize,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn python_slice_indices() {
        // (start, step, count) as Python's range(*slice(a, b, c).indices(n)) gives them
        assert_eq!(resolve_slice(None, None, -1, 5).unwrap(), (4, -1, 5));
        assert_eq!(resolve_slice(Some(-2), None, 1, 5).unwrap(), (3, 1, 2));
        assert_eq!(resolve_slice(Some(10), Some(20), 1, 5).unwrap(), (5, 1, 0));
        assert_eq!(resolve_slice(Some(-10), Some(3), 1, 5).unwrap(), (0, 1, 3));
        assert_eq!(resolve_slice(Some(3), Some(0), -2, 5).unwrap(), (3, -2, 2));
        assert_eq!(resolve_slice(None, Some(-10), -1, 5).unwrap(), (4, -1, 5));
        assert_eq!(resolve_slice(None, None, 3, 0).unwrap(), (0, 3, 0));
        assert!(resolve_slice(None, None, 0, 5).is_err());
        assert_eq!(
            resolve_slice(Some(isize::MIN), Some(isize::MAX), 1, 5).unwrap(),
            (0, 1, 5)
        );
    }

    #[test]
    fn macro_forms() {
        let e = crate::s![1..3, ..;-1, 2, NewAxis, Ellipsis, ..=2, -1..];
        assert_eq!(
            e[0],
            SliceElem::Slice {
                start: Some(1),
                stop: Some(3),
                step: 1
            }
        );
        assert_eq!(
            e[1],
            SliceElem::Slice {
                start: None,
                stop: None,
                step: -1
            }
        );
        assert_eq!(e[2], SliceElem::Index(2));
        assert_eq!(e[3], SliceElem::NewAxis);
        assert_eq!(e[4], SliceElem::Ellipsis);
        assert_eq!(
            e[5],
            SliceElem::Slice {
                start: None,
                stop: Some(3),
                step: 1
            }
        );
        assert_eq!(
            e[6],
            SliceElem::Slice {
                start: Some(-1),
                stop: None,
                step: 1
            }
        );
        assert_eq!(crate::s![3; 2][0], SliceElem::InvalidStep);
    }
}

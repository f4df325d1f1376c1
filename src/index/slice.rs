//! Basic indexing: the [`s!`](crate::s!) macro, [`SliceElem`], and the pure layout function that
//! turns a list of them into a view.
//!
//! Semantics follow NumPy's basic indexing: integers drop their axis (negative ones count from
//! the end, out of range is an error), slices `start..stop;step` clip to the axis like Python's
//! `slice.indices` and may step backwards, [`NewAxis`] inserts a length-1 axis, one [`Ellipsis`]
//! stands for as many full slices as needed, and missing trailing axes are taken whole.
//!
//! Invariants:
//! 1. No index, bound or step can overflow: `usize` values above `isize::MAX` saturate (past the
//!    end of every axis), and [`resolve_slice`] computes in `i128`, so `isize::MIN` is a step.
//! 2. An inclusive end (`a..=b`) stays inclusive until the step is known: `b` means the stop
//!    `b + 1` going up and `b - 1` going down, with `..=-1` up and `..=0` down running to the end.

use crate::array::Layout;
use crate::ir::Dims;
use crate::{Error, Result};
use smallvec::SmallVec;
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

/// One element of a basic index: what `s![...]` builds.
///
/// Integer positions and bounds are `isize`; a `usize` above `isize::MAX` saturates to
/// `isize::MAX`, which is past the end of every axis (no axis has more than `isize::MAX`
/// elements), so it clips or is out of bounds exactly as its true value would be.
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
    /// `start..=end` before its step is known: the exclusive stop that `end` stands for
    /// depends on the step's sign, so [`SliceElem::step`] (or [`SliceElem::normalized`], for
    /// step 1) turns it into a [`SliceElem::Slice`]. `s![]` never returns this variant.
    RangeInclusive {
        /// First position (default as for [`SliceElem::Slice`]).
        start: Option<isize>,
        /// Last position, included when the steps reach it exactly.
        end: isize,
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
    ///
    /// An inclusive end `e` becomes the exclusive stop one step-direction further: `e + 1` for a
    /// positive step and `e - 1` for a negative one, except that `..=-1` with a positive step
    /// and `..=0` with a negative step run to the end of the axis in that direction (stop
    /// `None`), since `0` and `-1` as stops would mean the other end.
    ///
    /// ```
    /// use numfuse::SliceElem;
    /// let down = SliceElem::from(4..=0).step(-1);
    /// assert_eq!(down, SliceElem::Slice { start: Some(4), stop: None, step: -1 });
    /// let up = SliceElem::from(1..=2).step(2);
    /// assert_eq!(up, SliceElem::Slice { start: Some(1), stop: Some(3), step: 2 });
    /// ```
    pub fn step(self, step: isize) -> SliceElem {
        match self {
            SliceElem::Slice {
                start,
                stop,
                step: 1,
            } => SliceElem::Slice { start, stop, step },
            SliceElem::RangeInclusive { start, end } => SliceElem::Slice {
                start,
                stop: inclusive_stop(end, step),
                step,
            },
            _ => SliceElem::InvalidStep,
        }
    }

    /// The same element with an inclusive range written as the exclusive [`SliceElem::Slice`]
    /// it means for step 1 (`a..=b` is `a..b+1`); other elements are returned unchanged. `s![]`
    /// applies this to every element that has no `;step`.
    pub fn normalized(self) -> SliceElem {
        match self {
            SliceElem::RangeInclusive { .. } => self.step(1),
            other => other,
        }
    }
}

/// The exclusive stop that stands for the inclusive end `end` when walking with `step`.
fn inclusive_stop(end: isize, step: isize) -> Option<isize> {
    if step < 0 {
        // `..=0` going down includes index 0: run off the start (a stop of -1 would mean the
        // last element). Below that, `end - 1` stays negative and keeps its meaning; at
        // isize::MIN it is already before every axis.
        (end != 0).then(|| end.saturating_sub(1))
    } else {
        // `..=-1` going up includes the last element: run off the end. At isize::MAX the end
        // is past every axis (no axis is longer than isize::MAX).
        (end != -1 && end != isize::MAX).then(|| end + 1)
    }
}

/// An integer index or bound as `isize`, saturating: a value above `isize::MAX` (only a `usize`
/// can be) lies past the end of every axis, and so does `isize::MAX`.
trait ToIsizeSaturating: Copy {
    fn to_isize_saturating(self) -> isize;
}

macro_rules! from_int {
    ($($t:ty),*) => {$(
        impl ToIsizeSaturating for $t {
            fn to_isize_saturating(self) -> isize {
                (self as i128).clamp(isize::MIN as i128, isize::MAX as i128) as isize
            }
        }
        impl From<$t> for SliceElem {
            fn from(i: $t) -> SliceElem {
                SliceElem::Index(i.to_isize_saturating())
            }
        }
        impl From<Range<$t>> for SliceElem {
            fn from(r: Range<$t>) -> SliceElem {
                SliceElem::Slice {
                    start: Some(r.start.to_isize_saturating()),
                    stop: Some(r.end.to_isize_saturating()),
                    step: 1,
                }
            }
        }
        impl From<RangeFrom<$t>> for SliceElem {
            fn from(r: RangeFrom<$t>) -> SliceElem {
                SliceElem::Slice { start: Some(r.start.to_isize_saturating()), stop: None, step: 1 }
            }
        }
        impl From<RangeTo<$t>> for SliceElem {
            fn from(r: RangeTo<$t>) -> SliceElem {
                SliceElem::Slice { start: None, stop: Some(r.end.to_isize_saturating()), step: 1 }
            }
        }
        impl From<RangeInclusive<$t>> for SliceElem {
            fn from(r: RangeInclusive<$t>) -> SliceElem {
                SliceElem::RangeInclusive {
                    start: Some(r.start().to_isize_saturating()),
                    end: r.end().to_isize_saturating(),
                }
            }
        }
        impl From<RangeToInclusive<$t>> for SliceElem {
            fn from(r: RangeToInclusive<$t>) -> SliceElem {
                SliceElem::RangeInclusive { start: None, end: r.end.to_isize_saturating() }
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
/// An inclusive range keeps its end whichever way the step goes: `s![4..=0;-1]` is `a[4::-1]`
/// and `s![1..=3;2]` is `a[1:4:2]`.
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
        $crate::s!(@parse [$($acc,)* $crate::SliceElem::from($r).normalized(),] $($rest)*)
    };
    (@parse [$($acc:expr,)*] $r:expr) => {
        $crate::s!(@parse [$($acc,)* $crate::SliceElem::from($r).normalized(),])
    };
    ($($t:tt)*) => { $crate::s!(@parse [] $($t)*) };
}

/// Python's `slice.indices` + length: the first position, the step and the count.
///
/// Any bounds and any non-zero step work, `isize::MIN` included: the arithmetic is done in
/// `i128`, where nothing here can overflow.
///
/// # Errors
/// [`Error::Value`] for a zero step, [`Error::ShapeOverflow`] for an axis longer than
/// `isize::MAX` (no layout has one: condition 2).
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
    if isize::try_from(len).is_err() {
        return Err(Error::ShapeOverflow {
            shape: vec![len],
            itemsize: 1,
        });
    }
    let (len, wide_step) = (len as i128, step as i128);
    let backwards = step < 0;
    // Python's clipping: negative bounds count from the end, then clip to the axis; going
    // backwards the axis runs from len-1 down to -1 (before the start).
    let clip = |v: Option<isize>, default: i128| match v {
        None => default,
        Some(v) => {
            let v = v as i128;
            let v = if v < 0 { v + len } else { v };
            if backwards {
                v.clamp(-1, len - 1)
            } else {
                v.clamp(0, len)
            }
        }
    };
    let (start, stop) = if backwards {
        (clip(start, len - 1), clip(stop, -1))
    } else {
        (clip(start, 0), clip(stop, len))
    };
    let count = if backwards {
        if stop < start {
            (start - stop - 1) / -wide_step + 1
        } else {
            0
        }
    } else if start < stop {
        (stop - start - 1) / wide_step + 1
    } else {
        0
    };
    // Both fit: -1 <= start <= len <= isize::MAX and 0 <= count <= len.
    Ok((start as isize, step, count as usize))
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

/// `offset + k·stride`, which cannot overflow for a layout that satisfies condition 2 and an
/// in-bounds `k`; checked anyway, since a hand-built [`Layout`] need not satisfy it.
fn advance(offset: isize, k: isize, stride: isize) -> Result<isize> {
    k.checked_mul(stride)
        .and_then(|d| offset.checked_add(d))
        .ok_or_else(|| Error::StridesOutOfBounds {
            condition: 2,
            detail: format!("{k} steps of {stride} bytes from offset {offset} overflow"),
        })
}

/// The layout of `layout[index]` (basic indexing): pure arithmetic, never touches memory.
///
/// # Errors
/// Too many indices, more than one ellipsis, an out-of-range integer, or a zero step.
pub fn slice_layout(layout: &Layout, index: &[SliceElem]) -> Result<Layout> {
    let index: SmallVec<[SliceElem; 6]> = index.iter().map(|e| e.normalized()).collect();
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
                offset = advance(offset, i as isize, layout.strides[axis])?;
                axis += 1;
            }
            SliceElem::Slice { start, stop, step } => {
                let (first, step, count) = resolve_slice(start, stop, step, layout.shape[axis])?;
                if count > 0 {
                    offset = advance(offset, first, layout.strides[axis])?;
                }
                shape.push(count);
                // With two or more elements, `(count-1)·|step|` is at most `len-1`, so the new
                // stride's reach is within the parent's (condition 2); `isize::MIN` and other
                // huge steps only ever select one element and keep the old stride.
                strides.push(if count > 1 {
                    advance(0, step, layout.strides[axis])?
                } else {
                    layout.strides[axis]
                });
                axis += 1;
            }
            SliceElem::NewAxis => {
                shape.push(1);
                strides.push(0);
            }
            SliceElem::Ellipsis | SliceElem::RangeInclusive { .. } => {
                unreachable!("expanded and normalized above")
            }
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
    fn extreme_steps_and_bounds() {
        // NumPy: np.arange(5)[::-2**63] == [4], np.arange(5)[::2**63-1] == [0]
        assert_eq!(
            resolve_slice(None, None, isize::MIN, 5).unwrap(),
            (4, isize::MIN, 1)
        );
        assert_eq!(
            resolve_slice(None, None, isize::MAX, 5).unwrap(),
            (0, isize::MAX, 1)
        );
        assert_eq!(
            resolve_slice(Some(isize::MAX), Some(isize::MIN), isize::MIN, 5).unwrap(),
            (4, isize::MIN, 1)
        );
        assert_eq!(
            resolve_slice(Some(isize::MIN), Some(isize::MAX), isize::MIN, 5).unwrap(),
            (-1, isize::MIN, 0)
        );
        assert_eq!(resolve_slice(None, None, isize::MIN, 0).unwrap().2, 0);
        assert!(resolve_slice(None, None, 1, usize::MAX).is_err());
    }

    #[test]
    fn integer_conversions_saturate() {
        use SliceElem::Slice as S;
        assert_eq!(SliceElem::from(usize::MAX), SliceElem::Index(isize::MAX));
        assert_eq!(SliceElem::from(-3i32), SliceElem::Index(-3));
        assert_eq!(
            SliceElem::from(1..usize::MAX - 1),
            S {
                start: Some(1),
                stop: Some(isize::MAX),
                step: 1
            }
        );
        assert_eq!(
            SliceElem::from(usize::MAX..),
            S {
                start: Some(isize::MAX),
                stop: None,
                step: 1
            }
        );
        assert_eq!(
            SliceElem::from(..=usize::MAX).normalized(),
            S {
                start: None,
                stop: None,
                step: 1
            }
        );
    }

    #[test]
    #[expect(
        clippy::reversed_empty_ranges,
        reason = "4..=0 with step -1 is a NumPy-style reversed slice, not an empty Rust range"
    )]
    fn inclusive_ends_follow_the_step() {
        use SliceElem::Slice as S;
        let s = |start, stop, step| S { start, stop, step };
        assert_eq!(SliceElem::from(4..=0).step(-1), s(Some(4), None, -1));
        assert_eq!(SliceElem::from(..=-1).step(-1), s(None, Some(-2), -1));
        assert_eq!(SliceElem::from(..=-1).normalized(), s(None, None, 1));
        assert_eq!(SliceElem::from(2..=2).normalized(), s(Some(2), Some(3), 1));
        assert_eq!(SliceElem::from(..=2).step(2), s(None, Some(3), 2));
        assert_eq!(
            SliceElem::from(0..=isize::MAX).normalized(),
            s(Some(0), None, 1)
        );
        assert_eq!(
            SliceElem::from(..=isize::MIN).step(-1),
            s(None, Some(isize::MIN), -1)
        );
        assert_eq!(
            SliceElem::from(1..=3).step(2).step(3),
            SliceElem::InvalidStep
        );
        assert_eq!(crate::s![4..=0;-1][0], s(Some(4), None, -1));
    }

    /// Every inclusive range on short axes against the definition: walk from the (clipped)
    /// start by `step` while inside the axis and not past `end` (negative counts from the end).
    #[test]
    fn inclusive_ranges_by_brute_force() {
        for len in 0..6usize {
            let l = len as isize;
            let layout = Layout {
                shape: [len].into_iter().collect(),
                strides: [1].into_iter().collect(),
                offset: 0,
            };
            let bounds = (-8..8).map(Some).chain([None]);
            for start in bounds {
                for end in -8..8 {
                    for step in [-3, -2, -1, 1, 2, 3] {
                        let mut first = match start {
                            None if step > 0 => 0,
                            None => l - 1,
                            Some(v) if v < 0 => (v + l).max(if step > 0 { 0 } else { -1 }),
                            Some(v) => v.min(if step > 0 { l } else { l - 1 }),
                        };
                        let last = if end < 0 { end + l } else { end };
                        let mut want = Vec::new();
                        while (0..l).contains(&first)
                            && (if step > 0 {
                                first <= last
                            } else {
                                first >= last
                            })
                        {
                            want.push(first);
                            first += step;
                        }
                        let elem = SliceElem::RangeInclusive { start, end }.step(step);
                        let got = slice_layout(&layout, &[elem]).unwrap();
                        let got: Vec<isize> = (0..got.shape[0] as isize)
                            .map(|k| got.offset as isize + k * got.strides[0])
                            .collect();
                        assert_eq!(got, want, "len {len}: {start:?}..={end};{step}");
                    }
                }
            }
        }
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

//! Assembling arrays: joining ([`concatenate`], [`stack`] and its `vstack`/`hstack`/`dstack`/
//! `column_stack` forms), splitting into views ([`split`], [`array_split`]), repeating
//! ([`tile`], [`repeat`], [`roll`]), padding ([`pad`] with every [`PadMode`] of NumPy), view
//! reorientation ([`flip`], [`rot90`]), triangles and diagonals ([`tril`], [`triu`], [`diag`])
//! and coordinate grids ([`meshgrid`]).
//!
//! Views versus copies follow NumPy: `split` and its forms, `flip`, `fliplr`, `flipud`, `rot90`
//! and the `atleast_*d` functions return views that share the input's buffer; everything else
//! returns a fresh array that owns its data. Every function takes arrays of any dtype and any
//! layout (views, negative strides, F order, broadcast).
//!
//! Invariants:
//! 1. No function panics on bad arguments: axes, shapes, counts and widths are checked first
//!    and reported as [`Error`](crate::Error) values with NumPy's wording.
//! 2. Output sizes are computed with checked arithmetic; a size that overflows is
//!    [`Error::ShapeOverflow`](crate::Error::ShapeOverflow).
//! 3. Values are moved, never recomputed, except where NumPy computes them too
//!    (`pad`'s `LinearRamp`, `Mean` and `Median` modes, and the promotion of mixed dtypes in
//!    `concatenate`, which casts as `astype` does).

mod grid;
mod join;
mod orient;
mod pad;
mod repeat;
mod split;
mod tri;

pub use grid::{Indexing, meshgrid, meshgrid_views};
pub use join::{
    atleast_1d, atleast_2d, atleast_3d, column_stack, concatenate, dstack, hstack, stack, vstack,
};
pub use orient::{flip, fliplr, flipud, rot90};
pub use pad::{PadMode, PadWidth, pad};
pub use repeat::{Repeats, repeat, roll, roll_axes, tile};
pub use split::{MAX_SECTIONS, Sections, array_split, dsplit, hsplit, split, vsplit};
pub use tri::{diag, diagflat, tril, triu};

use crate::SliceElem;

/// The index `[:, ..., :, start:stop, ...]` with the range on `axis` of an `ndim`-axis array.
pub(crate) fn axis_range(ndim: usize, axis: usize, start: isize, stop: isize) -> Vec<SliceElem> {
    let mut index = vec![
        SliceElem::Slice {
            start: None,
            stop: None,
            step: 1
        };
        ndim
    ];
    index[axis] = SliceElem::Slice {
        start: Some(start),
        stop: Some(stop),
        step: 1,
    };
    index
}

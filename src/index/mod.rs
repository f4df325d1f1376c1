//! Indexing: every NumPy index form becomes either a view (basic indexing, pure layout math in
//! [`mod@slice`]; stride tricks in [`mod@stride`]) or a gather/scatter through index arrays
//! and masks ([`IndexElem`], [`idx!`](crate::idx!), [`Array::index`](crate::Array::index),
//! [`Array::index_assign`](crate::Array::index_assign), [`ufunc_at`], [`ix_`]; the take/put
//! family in [`mod@take`]; flat and multi-indices in [`mod@ravel`]).

mod elem;
mod fancy;
mod mask;
pub mod ravel;
pub mod slice;
pub mod stride;
pub mod take;

pub use elem::IndexElem;
pub use fancy::{ix_, ufunc_at};
pub use ravel::{flatnonzero, ravel_multi_index, unravel_index};
pub use slice::{Ellipsis, NewAxis, SliceElem, resolve_index, resolve_slice, slice_layout};
pub use stride::{as_strided, as_strided_layout, sliding_window_layout, sliding_window_view};
pub use take::{ClipMode, choose};

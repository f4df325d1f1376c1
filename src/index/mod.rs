//! Indexing: every NumPy index form becomes either a view (basic indexing, pure layout math in
//! [`mod@slice`]) or a gather/scatter (the take/put family in [`mod@take`]; boolean masks).

mod mask;
pub mod ravel;
pub mod slice;
pub mod take;

pub use ravel::{flatnonzero, ravel_multi_index, unravel_index};
pub use slice::{Ellipsis, NewAxis, SliceElem, resolve_index, resolve_slice, slice_layout};
pub use take::{ClipMode, choose};

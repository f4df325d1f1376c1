//! Indexing: every NumPy index form becomes either a view (basic indexing, pure layout math in
//! [`mod@slice`]) or, later, a gather/scatter.

mod mask;
pub mod slice;

pub use slice::{Ellipsis, NewAxis, SliceElem, resolve_index, resolve_slice, slice_layout};

//! Indexing: every NumPy index form becomes either a view (basic indexing, pure layout math in
//! [`mod@slice`]; stride tricks in [`mod@stride`]) or, later, a gather/scatter.

mod mask;
pub mod slice;
pub mod stride;

pub use slice::{Ellipsis, NewAxis, SliceElem, resolve_index, resolve_slice, slice_layout};
pub use stride::{as_strided, as_strided_layout, sliding_window_layout, sliding_window_view};

//! numfuse: NumPy-style arrays for Rust.
//!
//! numfuse is an eager, strided n-dimensional array library with NumPy's semantics: dtypes and
//! NEP 50 promotion, views that share memory, basic slicing with negative steps, reshape that
//! copies only when NumPy would, broadcasting, and NumPy's repr. A lazy, JIT-compiled expression
//! engine is being built on top of the same array type.
//!
//! ```
//! use numfuse::prelude::*;
//! let arr = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
//! assert_eq!(arr.strides(), &[32, 8]);
//! let t = arr.t();
//! assert_eq!(t.strides(), &[8, 32]);
//! assert!(arr.shares_memory(&arr.reshape(&[2, 6])?));
//! assert!(!t.shares_memory(&t.reshape(&[2, 6])?));
//! # Ok::<(), numfuse::Error>(())
//! ```
//!
//! Arrays are values: cloning and viewing are O(1) and share the buffer, and mutation through
//! `&mut self` copies a shared buffer first, so nothing you hold changes behind your back.
//! Writing into a parent goes through [`Array::slice_mut`], a borrow checked by the compiler.

pub use numfuse_ir as ir;

pub mod array;
mod error;
mod explain;
pub mod index;
pub mod io;
pub mod lazy;
pub mod linalg;
pub mod ops;
pub mod random;
pub mod testing;

pub use array::cast::result_type;
pub use array::view::broadcast_arrays;
pub use array::{
    Array, ArrayFlags, ArrayViewMut, Element, Layout, LayoutClass, Order, Scalar, TypedView,
    TypedViewMut,
};
pub use error::{Error, Result};
pub use index::{
    ClipMode, Ellipsis, NewAxis, SliceElem, as_strided, choose, flatnonzero, ravel_multi_index,
    sliding_window_view, unravel_index,
};
pub use ir::{Casting, DType, broadcast_shapes, can_cast, promote_types};
pub use lazy::{Backend, CompareReport, EvalOptions, Expr, ExprArg, JitFn, eval_many, jit};
pub use linalg::{
    EinsumPath, Optimize, TensorAxes, dot, einsum, einsum_opt, einsum_path, inner, kron, matmul,
    outer, tensordot, vdot,
};
pub use ops::assemble::{
    Indexing, PadMode, PadWidth, Repeats, Sections, array_split, atleast_1d, atleast_2d,
    atleast_3d, column_stack, concatenate, diag, diagflat, dsplit, dstack, flip, fliplr, flipud,
    hsplit, hstack, meshgrid, meshgrid_views, pad, repeat, roll, roll_axes, rot90, split, stack,
    tile, tril, triu, vsplit, vstack,
};
pub use ops::reduce::Axes;
pub use ops::search::{
    Side, Unique, UniqueOptions, argwhere, count_nonzero, lexsort, searchsorted, unique,
    unique_with,
};
pub use ops::sort::{
    SortKind, argpartition, argpartition_many, argsort, partition, partition_many, sort,
};
pub use ops::statistics::{
    Bins, CovOptions, QuantileMethod, Quantiles, average, bincount, corrcoef, cov, digitize,
    histogram, histogram_bin_edges, median, nanmedian, nanpercentile, nanquantile, percentile,
    quantile,
};

/// The README's example, compiled and run as a doc test so it cannot go stale.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
pub struct ReadmeDoctests;

/// Everything a typical program needs: `use numfuse::prelude::*;`.
pub mod prelude {
    pub use crate::{
        Array, Backend, Casting, DType, Ellipsis, Error, EvalOptions, Expr, NewAxis, Order, Result,
        Scalar, array, idx, s,
    };
}

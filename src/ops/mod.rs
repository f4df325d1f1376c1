//! Eager operations: ufuncs (elementwise, with broadcasting, NEP 50 promotion and `out`),
//! the operators and NumPy-named methods on [`Array`](crate::Array), and the kernels behind them.

pub mod accumulate;
pub mod assemble;
pub mod errstate;
pub(crate) mod kernels;
mod operators;
pub mod reduce;
pub mod search;
pub mod select;
pub mod sort;
pub mod statistics;
pub mod ufunc;

pub use accumulate::{accumulate, cumprod, cumsum, diff, nancumprod, nancumsum};
pub use reduce::{
    Axes, all, any, argmax, argmin, max, mean, min, nanargmax, nanargmin, nanmax, nanmean, nanmin,
    nanstd, nansum, nanvar, prod, ptp, reduce, reduction, std, sum, var,
};
pub use search::{
    Side, Unique, UniqueOptions, argwhere, count_nonzero, lexsort, searchsorted, unique,
    unique_with,
};
pub use select::{ClipBound, around, clip, round, where_};
pub use sort::{
    SortKind, argpartition, argpartition_many, argsort, partition, partition_many, sort,
};
pub use statistics::{
    Bins, CovOptions, QuantileMethod, Quantiles, average, average_with_sum, bincount, corrcoef,
    cov, digitize, histogram, histogram_bin_edges, median, nanmedian, nanpercentile, nanquantile,
    percentile, quantile,
};
pub use ufunc::{Input, OutArg, binary, binary_inplace, binary_into, unary, unary_into};

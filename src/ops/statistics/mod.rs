//! Statistics (`np.median`, `np.percentile`, `np.quantile` and their `nan*` forms,
//! `np.histogram`, `np.bincount`, `np.digitize`, `np.cov`, `np.corrcoef`, `np.average`), as free
//! functions re-exported in [`crate::ops`] and as methods on [`crate::Array`] where NumPy has
//! the method.
//!
//! Order statistics select instead of sorting: each lane is copied once into a buffer, and the
//! positions the requested quantiles need are selected in increasing order over shrinking ranges
//! (`select_nth_unstable_by` with NumPy's NaN-last order), so `k` quantiles of a lane of `n`
//! elements cost `O(k n)` at worst and `O(n)` in the common case. Many lanes run in parallel.

mod average;
mod cov;
mod histogram;
mod quantile;

pub use average::{average, average_with_sum};
pub use cov::{CovOptions, corrcoef, cov};
pub use histogram::{Bins, bincount, digitize, histogram, histogram_bin_edges};
pub use quantile::{
    QuantileMethod, Quantiles, median, nanmedian, nanpercentile, nanquantile, percentile, quantile,
};

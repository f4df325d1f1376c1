//! Searching and set-like queries on sorted order: [`searchsorted`], [`unique`] (with
//! [`UniqueOptions`] and [`Unique`]), [`lexsort`], [`argwhere`] and [`count_nonzero`].
//!
//! Invariants:
//! 1. Everything that compares elements uses the keys of [`mod@crate::ops::sort`]: NumPy's sort
//!    order, NaN last (every NaN equal), `-0.0 == 0.0`.
//! 2. Index results are `int64` (NumPy's `intp`) and never depend on the number of threads.
//! 3. Bad input (a 2-d `a` to `searchsorted`, a bad sorter, keys of different shapes) is an
//!    [`crate::Error`], never a panic.

use crate::array::Array;
use crate::error::normalize_axis;
use crate::ir::{DType, promote_types};
use crate::ops::reduce::Axes;
use crate::ops::sort::{Lanes, PAR_MIN, SortKey, each_lane_into, keyed};
use crate::{Error, Result};
use rayon::prelude::*;

/// Which end of a run of equal elements [`searchsorted`] returns (NumPy's `side=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Side {
    /// The first position where the value could go (`a[i-1] < v <= a[i]`).
    #[default]
    Left,
    /// The last position where the value could go (`a[i-1] <= v < a[i]`).
    Right,
}

/// Positions at which the values `v` would be inserted into the sorted 1-d `a` to keep it
/// sorted (`np.searchsorted(a, v, side, sorter)`), as `int64` of `v`'s shape. `a` and `v` are
/// compared in their promoted dtype ([`promote_types`]), in NumPy's order (NaN last). With
/// `sorter`, `a` need not be sorted: `a.take(sorter)` is (the indices that
/// [`argsort`](crate::argsort) returns).
///
/// `v` is an array with a dtype of its own, so it promotes as a NumPy array would, not as a
/// weak Python scalar: to search an `f32` array for `0.1` as NumPy does for `0.1`, pass
/// `Array::scalar(0.1f32)`.
///
/// # Errors
/// [`Error::Value`] when `a` is not 1-d ("object too deep for desired array"), when `sorter`
/// has a length other than `a`'s ("sorter.size must equal a.size") or an index outside
/// `0..len` ("Sorter index out of range."); [`Error::DType`] for a sorter that is not of an
/// integer dtype ("sorter must only contain integers").
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::{Side, searchsorted};
/// let a = array![1.0, 2.0, 2.0, 3.0, f64::NAN];
/// let v = array![2.0, 2.5, f64::NAN];
/// assert_eq!(searchsorted(&a, &v, Side::Left, None)?.to_vec::<i64>()?, [1, 3, 4]);
/// assert_eq!(a.searchsorted(&v, Side::Right, None)?.to_vec::<i64>()?, [3, 3, 5]);
/// // An unsorted array with the permutation that sorts it:
/// let b = array![30, 10, 20];
/// let s = b.argsort(Some(-1), numfuse::SortKind::Stable)?;
/// assert_eq!(b.searchsorted(&Array::scalar(25i64), Side::Left, Some(&s))?.to_vec::<i64>()?, [2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn searchsorted(a: &Array, v: &Array, side: Side, sorter: Option<&Array>) -> Result<Array> {
    let op = "searchsorted";
    if a.ndim() != 1 {
        let msg = if a.ndim() == 0 {
            "object of too small depth for desired array"
        } else {
            "object too deep for desired array"
        };
        return Err(Error::Value {
            op,
            msg: msg.into(),
        });
    }
    let n = a.len();
    let sorted = match sorter {
        None => a.clone(),
        Some(s) => {
            if s.dtype().is_float() || s.dtype() == DType::Bool {
                return Err(Error::DType {
                    op,
                    got: s.dtype(),
                    expected: "an integer dtype (sorter must only contain integers)".into(),
                });
            }
            if s.ndim() != 1 || s.len() != n {
                return Err(Error::Value {
                    op,
                    msg: "sorter.size must equal a.size".into(),
                });
            }
            let idx = s.astype(DType::I64).to_vec::<i64>()?;
            if idx.iter().any(|&i| !(0..n as i64).contains(&i)) {
                return Err(Error::Value {
                    op,
                    msg: "Sorter index out of range.".into(),
                });
            }
            a.take(&Array::from_vec(idx, &[n])?, Some(0))?
        }
    };
    let t = promote_types(a.dtype(), v.dtype());
    let out = crate::dispatch!(t, T => {
        let keys: Vec<u64> = sorted.astype(t).to_vec::<T>()?.into_iter().map(SortKey::key).collect();
        let vals = v.astype(t).to_vec::<T>()?;
        let find = |x: &T| {
            let k = x.key();
            (match side {
                Side::Left => keys.partition_point(|&e| e < k),
                Side::Right => keys.partition_point(|&e| e <= k),
            }) as i64
        };
        if vals.len() >= PAR_MIN / 16 {
            vals.par_iter().map(find).collect::<Vec<i64>>()
        } else {
            vals.iter().map(find).collect::<Vec<i64>>()
        }
    });
    Array::from_vec(out, v.shape())
}

/// Which extra results [`unique_with`] returns (NumPy's `return_index`, `return_inverse`,
/// `return_counts`, `equal_nan`), as a builder: `UniqueOptions::new().index().counts()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UniqueOptions {
    /// Return the index of the first occurrence of each unique value.
    pub return_index: bool,
    /// Return, for every input element, the index of its value in the unique values.
    pub return_inverse: bool,
    /// Return how often each unique value occurs.
    pub return_counts: bool,
    /// Treat every NaN as one value (NumPy's default `True`); `false` keeps each NaN apart.
    pub equal_nan: bool,
    /// Unique slices along this axis instead of unique elements of the flattened array
    /// (NumPy's `axis=`): for `Some(0)` on a 2-d array, the unique rows, sorted
    /// lexicographically. As in NumPy, slices that contain NaN are never equal to each other
    /// (whatever `equal_nan` says).
    pub axis: Option<isize>,
}

impl Default for UniqueOptions {
    fn default() -> Self {
        UniqueOptions {
            return_index: false,
            return_inverse: false,
            return_counts: false,
            equal_nan: true,
            axis: None,
        }
    }
}

impl UniqueOptions {
    /// Values only, NaNs collapsed (NumPy's defaults).
    pub fn new() -> Self {
        Self::default()
    }

    /// Also return the first-occurrence indices.
    #[must_use]
    pub fn index(mut self) -> Self {
        self.return_index = true;
        self
    }

    /// Also return the inverse (the input's shape).
    #[must_use]
    pub fn inverse(mut self) -> Self {
        self.return_inverse = true;
        self
    }

    /// Also return the counts.
    #[must_use]
    pub fn counts(mut self) -> Self {
        self.return_counts = true;
        self
    }

    /// Sets `equal_nan`.
    #[must_use]
    pub fn equal_nan(mut self, equal_nan: bool) -> Self {
        self.equal_nan = equal_nan;
        self
    }

    /// Unique slices along `axis` (see the field).
    #[must_use]
    pub fn axis(mut self, axis: isize) -> Self {
        self.axis = Some(axis);
        self
    }
}

/// The result of [`unique_with`]: the sorted unique values and the extras that were asked for.
#[derive(Clone, Debug)]
pub struct Unique {
    /// The sorted unique values, 1-d, of the input's dtype.
    pub values: Array,
    /// `int64` indices of the first occurrence of each value in the flattened input.
    pub index: Option<Array>,
    /// `int64` of the input's shape: the position of each element's value in `values`, so
    /// `values.take(inverse)` rebuilds the input (NumPy 2).
    pub inverse: Option<Array>,
    /// `int64` number of occurrences of each value.
    pub counts: Option<Array>,
}

/// The sorted unique elements of `a`, flattened (`np.unique(a)`); NaNs collapse into one,
/// `-0.0` and `0.0` into whichever comes first in `a`.
///
/// # Errors
/// [`Error::ShapeOverflow`] if the result cannot be allocated.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[3, 1, 3], [2, 1, 1]];
/// assert_eq!(numfuse::unique(&a)?.to_vec::<i32>()?, [1, 2, 3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn unique(a: &Array) -> Result<Array> {
    Ok(unique_with(a, UniqueOptions::new())?.values)
}

/// [`unique`] with NumPy's `return_index`, `return_inverse`, `return_counts`, `equal_nan` and
/// `axis` (see [`UniqueOptions`]). Without an axis the inverse has the input's shape, as in
/// NumPy 2; with one it is 1-d, one entry per slice.
///
/// # Errors
/// As [`unique`]; [`Error::AxisOutOfRange`] for a bad `axis` (also any axis of a 0-d array).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::UniqueOptions;
/// let a = array![2.0, f64::NAN, 1.0, 2.0, f64::NAN];
/// let u = numfuse::unique_with(&a, UniqueOptions::new().index().inverse().counts())?;
/// assert_eq!(u.values.to_vec::<f64>()?[..2], [1.0, 2.0]);
/// assert_eq!(u.index.unwrap().to_vec::<i64>()?, [2, 0, 1]);
/// assert_eq!(u.inverse.unwrap().to_vec::<i64>()?, [1, 2, 0, 1, 2]);
/// assert_eq!(u.counts.unwrap().to_vec::<i64>()?, [1, 2, 2]);
/// // Unique rows:
/// let m = array![[3, 1], [1, 2], [3, 1]];
/// let rows = numfuse::unique_with(&m, UniqueOptions::new().axis(0).inverse())?;
/// assert_eq!(rows.values.to_vec::<i32>()?, [1, 2, 3, 1]);
/// assert_eq!(rows.inverse.unwrap().to_vec::<i64>()?, [1, 0, 1]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn unique_with(a: &Array, opts: UniqueOptions) -> Result<Unique> {
    match opts.axis {
        None => crate::dispatch!(a.dtype(), T => unique_typed::<T>(a, opts)),
        Some(axis) => crate::dispatch!(a.dtype(), T => unique_slices::<T>(a, axis, opts)),
    }
}

/// [`unique_with`] along an axis: the slices along `axis` as rows of a matrix, sorted
/// lexicographically by their keys (ties by position, so the first occurrence leads a group).
fn unique_slices<T: SortKey>(a: &Array, axis: isize, opts: UniqueOptions) -> Result<Unique> {
    let ax = normalize_axis(axis, a.ndim())?;
    let moved = a.moveaxis(ax as isize, 0)?;
    let n = moved.shape()[0];
    let m: usize = moved.shape()[1..].iter().product();
    let vals = moved.to_vec::<T>()?;
    let keys: Vec<u64> = vals.iter().map(|&x| x.key()).collect();
    let row = |i: usize| &keys[i * m..(i + 1) * m];
    let has_nan = |i: usize| vals[i * m..(i + 1) * m].iter().any(|x| x.is_nan_elem());
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&i, &j| row(i).cmp(row(j)).then(i.cmp(&j)));
    let (mut firsts, mut counts) = (Vec::new(), Vec::<i64>::new());
    let mut inverse = vec![0i64; n];
    for (j, &i) in order.iter().enumerate() {
        if j == 0 || row(i) != row(order[j - 1]) || has_nan(i) {
            firsts.push(i as i64);
            counts.push(0);
        }
        if let Some(c) = counts.last_mut() {
            *c += 1;
        }
        inverse[i] = firsts.len() as i64 - 1;
    }
    let u = firsts.len();
    let index = Array::from_vec(firsts, &[u])?;
    let values = moved.take(&index, Some(0))?.moveaxis(0, ax as isize)?;
    let values = if values.is_c_contiguous() {
        values
    } else {
        values.try_copy_order(crate::Order::C)?
    };
    Ok(Unique {
        values,
        index: opts.return_index.then_some(index),
        inverse: opts
            .return_inverse
            .then(|| Array::from_vec(inverse, &[n]))
            .transpose()?,
        counts: opts
            .return_counts
            .then(|| Array::from_vec(counts, &[u]))
            .transpose()?,
    })
}

fn unique_typed<T: SortKey>(a: &Array, opts: UniqueOptions) -> Result<Unique> {
    let vals = a.to_vec::<T>()?;
    let n = vals.len();
    let par = n >= PAR_MIN;
    if !opts.return_index && !opts.return_inverse && !T::DTYPE.is_float() {
        return unique_counts_only(vals, opts.return_counts, par);
    }
    let mut pairs = keyed(&vals, par);
    if par {
        pairs.par_sort_unstable();
    } else {
        pairs.sort_unstable();
    }
    let mut values: Vec<T> = Vec::new();
    let mut index: Vec<i64> = Vec::new();
    let mut counts: Vec<i64> = Vec::new();
    let mut inverse = if opts.return_inverse {
        vec![0i64; n]
    } else {
        Vec::new()
    };
    for (j, &p) in pairs.iter().enumerate() {
        let (k, i) = ((p >> 64) as u64, p as u64);
        let x = vals[i as usize];
        let new =
            j == 0 || k != (pairs[j - 1] >> 64) as u64 || (!opts.equal_nan && x.is_nan_elem());
        if new {
            values.push(x);
            index.push(i as i64);
            counts.push(0);
        }
        if let Some(c) = counts.last_mut() {
            *c += 1;
        }
        if opts.return_inverse {
            inverse[i as usize] = values.len() as i64 - 1;
        }
    }
    let m = values.len();
    Ok(Unique {
        values: Array::from_vec(values, &[m])?,
        index: opts
            .return_index
            .then(|| Array::from_vec(index, &[m]))
            .transpose()?,
        inverse: opts
            .return_inverse
            .then(|| Array::from_vec(inverse, a.shape()))
            .transpose()?,
        counts: opts
            .return_counts
            .then(|| Array::from_vec(counts, &[m]))
            .transpose()?,
    })
}

/// [`unique_typed`] for integers and bools when no positions are asked for: a value sort and
/// one run-length pass (equal integers are indistinguishable, so which occurrence leads a run
/// does not matter), about three times faster than sorting `(key, index)` pairs.
fn unique_counts_only<T: SortKey>(mut vals: Vec<T>, counts: bool, par: bool) -> Result<Unique> {
    T::sort_values(&mut vals, par);
    let mut values: Vec<T> = Vec::new();
    let mut runs: Vec<i64> = Vec::new();
    for (j, &x) in vals.iter().enumerate() {
        if j == 0 || x.key() != vals[j - 1].key() {
            values.push(x);
            runs.push(0);
        }
        if let Some(c) = runs.last_mut() {
            *c += 1;
        }
    }
    let m = values.len();
    Ok(Unique {
        values: Array::from_vec(values, &[m])?,
        index: None,
        inverse: None,
        counts: counts.then(|| Array::from_vec(runs, &[m])).transpose()?,
    })
}

/// The indirect stable sort on several keys (`np.lexsort(keys, axis)`): the **last** key is
/// the primary one, ties go to the key before it, and remaining ties keep their input order.
/// Every key must have the same shape (each may have its own dtype); the result is `int64` of
/// that shape, sorting along `axis` (NumPy's default is `-1`).
///
/// # Errors
/// [`Error::Value`] for no keys ("need sequence of keys with len > 0 in lexsort") or keys of
/// different shapes ("all keys need to be the same shape"); [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let first = array![1, 5, 1, 4, 3, 4, 4]; // secondary key
/// let last = array![9, 4, 0, 4, 0, 2, 1]; // primary key
/// let i = numfuse::lexsort(&[&first, &last], -1)?;
/// assert_eq!(i.to_vec::<i64>()?, [2, 4, 6, 5, 3, 1, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn lexsort(keys: &[&Array], axis: isize) -> Result<Array> {
    let op = "lexsort";
    let Some(first) = keys.first() else {
        return Err(Error::Value {
            op,
            msg: "need sequence of keys with len > 0 in lexsort".into(),
        });
    };
    if keys.iter().any(|k| k.shape() != first.shape()) {
        return Err(Error::Value {
            op,
            msg: "all keys need to be the same shape".into(),
        });
    }
    if first.ndim() == 0 {
        normalize_axis(axis, 1)?;
        return Array::from_vec(vec![0i64], &[]);
    }
    let lanes: Vec<Lanes> = keys
        .iter()
        .map(|k| Lanes::new(k, Some(axis), false))
        .collect::<Result<_>>()?;
    let n = lanes[0].n;
    // Key columns, primary (last key) first, each in the lanes' C order.
    let cols: Vec<Vec<u64>> = lanes
        .iter()
        .rev()
        .map(|l| {
            crate::dispatch!(l.lanes.dtype(), T => l.lanes.to_vec::<T>().map(|v| {
                v.into_iter().map(SortKey::key).collect()
            }))
        })
        .collect::<Result<_>>()?;
    let total = lanes[0].lanes.size();
    let positions: Vec<usize> = (0..total).collect();
    let mut out = vec![0i64; total];
    each_lane_into(&positions, &mut out, n, |lane, o, par| {
        let base = lane.first().copied().unwrap_or(0);
        let mut idx: Vec<usize> = (0..lane.len()).collect();
        let cmp = |&i: &usize, &j: &usize| {
            cols.iter()
                .map(|c| c[base + i].cmp(&c[base + j]))
                .find(|o| o.is_ne())
                .unwrap_or(i.cmp(&j))
        };
        if par {
            idx.par_sort_unstable_by(cmp);
        } else {
            idx.sort_unstable_by(cmp);
        }
        for (o, i) in o.iter_mut().zip(idx) {
            *o = i as i64;
        }
    });
    lanes[0].finish(out)
}

/// The indices of the non-zero elements of `a`, one row per element (`np.argwhere(a)`), as
/// `int64` of shape `(N, a.ndim())`, in C order. NaN counts as non-zero. A 0-d array gives
/// shape `(1, 0)` or `(0, 0)`, as in NumPy.
///
/// # Errors
/// [`Error::ShapeOverflow`] if the result cannot be allocated.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[0, 3], [4, 0]];
/// let w = numfuse::argwhere(&a)?;
/// assert_eq!(w.shape(), &[2, 2]);
/// assert_eq!(w.to_vec::<i64>()?, [0, 1, 1, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn argwhere(a: &Array) -> Result<Array> {
    if a.ndim() == 0 {
        let hit = a.astype(DType::Bool).to_vec::<bool>()?[0];
        return Array::from_vec(Vec::<i64>::new(), &[usize::from(hit), 0]);
    }
    let per_axis: Vec<Vec<i64>> = a
        .nonzero()?
        .iter()
        .map(|x| x.to_vec::<i64>())
        .collect::<Result<_>>()?;
    let count = per_axis[0].len();
    let nd = a.ndim();
    let mut out = Vec::with_capacity(count * nd);
    for i in 0..count {
        out.extend(per_axis.iter().map(|col| col[i]));
    }
    Array::from_vec(out, &[count, nd])
}

/// The number of non-zero elements over `axes` (`np.count_nonzero(a, axis, keepdims)`), as
/// `int64`; `None` counts everything into a 0-d array. NaN counts as non-zero.
///
/// # Errors
/// [`Error::AxisOutOfRange`], [`Error::Value`] for an axis named twice.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[0.0, 1.0, f64::NAN], [0.0, 0.0, 2.0]];
/// assert_eq!(numfuse::count_nonzero(&a, None)?.to_vec::<i64>()?, [3]);
/// assert_eq!(a.count_nonzero(0)?.to_vec::<i64>()?, [0, 1, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn count_nonzero(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    crate::ops::sum(&a.astype(DType::Bool), axes).map(|s| s.astype(DType::I64))
}

impl Array {
    /// [`searchsorted`] into `self` (1-d, sorted, or sorted by `sorter`).
    ///
    /// # Errors
    /// As [`searchsorted`].
    pub fn searchsorted(&self, v: &Array, side: Side, sorter: Option<&Array>) -> Result<Array> {
        searchsorted(self, v, side, sorter)
    }

    /// [`unique`]: the sorted unique values, flattened.
    ///
    /// # Errors
    /// As [`unique`].
    pub fn unique(&self) -> Result<Array> {
        unique(self)
    }

    /// [`unique_with`]: the unique values with the extras `opts` asks for.
    ///
    /// # Errors
    /// As [`unique`].
    pub fn unique_with(&self, opts: UniqueOptions) -> Result<Unique> {
        unique_with(self, opts)
    }

    /// [`argwhere`]: `(N, ndim)` indices of the non-zero elements.
    ///
    /// # Errors
    /// As [`argwhere`].
    pub fn argwhere(&self) -> Result<Array> {
        argwhere(self)
    }

    /// [`count_nonzero`] over `axes`.
    ///
    /// # Errors
    /// As [`count_nonzero`].
    pub fn count_nonzero(&self, axes: impl Into<Axes>) -> Result<Array> {
        count_nonzero(self, axes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::Element;

    #[test]
    fn element_type_is_used() {
        // `Element` bounds the keys: a u64 above i64::MAX sorts above every i64 after promotion.
        let a = Array::from_vec(vec![1u64, u64::MAX], &[2]).unwrap();
        let v = Array::from_vec(vec![u64::MAX - 1], &[1]).unwrap();
        let r = searchsorted(&a, &v, Side::Left, None).unwrap();
        assert_eq!(r.to_vec::<i64>().unwrap(), [1]);
        assert!(<u64 as Element>::DTYPE == DType::U64);
    }
}

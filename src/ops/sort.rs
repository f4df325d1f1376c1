//! Sorting and partitioning along an axis: [`sort`], [`argsort`], [`partition`] and
//! [`argpartition`] (one `kth` or many), as free functions and as methods on
//! [`Array`].
//!
//! Invariants:
//! 1. The order is NumPy's sort order: NaN after every number (all NaN equal), `-0.0 == 0.0`,
//!    `false < true`. Internally every element maps to a `u64` key (the crate-private
//!    `SortKey` trait) that is ordered exactly like that, so comparisons are integer comparisons, never `partial_cmp`.
//! 2. Each lane along the axis is handled on its own (gathered into a contiguous buffer, sorted
//!    or partitioned, written back), so any input layout gives the same result as its C-ordered
//!    copy. Results are C-contiguous.
//! 3. Index results (`argsort`, `argpartition`) sort `(key, index)` pairs (packed in a `u128`,
//!    which sorts faster than a tuple), which are all distinct: the result is unique, and equal to NumPy's `kind="stable"` whatever the kind.
//! 4. Large work runs on the rayon pool: many lanes are sorted in parallel, one per task, and
//!    a long lane (at least `PAR_MIN` = 65536 elements) when there are fewer lanes than
//!    threads uses rayon's parallel sort, one lane after the other.
//!
//! Axes: `Some(axis)` sorts along `axis` (negative counts from the end; NumPy's default
//! `axis=-1` is `Some(-1)`), and `None` sorts the flattened (C order) array, as NumPy's
//! `axis=None`.

use crate::array::{Array, Element};
use crate::error::normalize_axis;
use crate::{Error, Result};
use rayon::prelude::*;
use std::cmp::Ordering;

/// Element count from which work is split over the rayon pool (a rayon call costs 10-18 us).
pub(crate) const PAR_MIN: usize = 1 << 16;

/// NumPy's sort order (invariant 1): a total order on `T` with NaN last.
pub(crate) fn nan_last<T: Element>(a: T, b: T) -> Ordering {
    a.partial_cmp(&b).unwrap_or_else(|| {
        // Only a float NaN is unordered; NaN is greater than every number, equal to NaN.
        let nan = |x: T| T::DTYPE.is_float() && x.to_f64().is_nan();
        nan(a).cmp(&nan(b))
    })
}

/// The algorithm of [`argsort`] (NumPy's `kind=`).
///
/// Both kinds give the same result today (invariant 3 of the module: ties keep their input
/// order); `Default` promises only a sorting permutation, as NumPy's `"quicksort"` does.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum SortKind {
    /// Any sorting permutation (NumPy's default `kind="quicksort"`).
    #[default]
    Default,
    /// Equal elements keep their order (NumPy's `kind="stable"`), exactly as NumPy orders them.
    Stable,
}

/// An element type mapped to a `u64` whose unsigned order is NumPy's sort order (invariant 1).
pub(crate) trait SortKey: Element {
    /// The key: equal keys are equal elements in NumPy's order (`-0.0` and `0.0`, every NaN).
    fn key(self) -> u64;
    /// True for a float NaN.
    fn is_nan_elem(self) -> bool {
        false
    }
    /// Sorts a lane of values in NumPy's order (unstable; NaN may come back as the canonical
    /// NaN, and `-0.0` before `0.0`, which NumPy's order leaves free).
    fn sort_values(lane: &mut [Self], par: bool);
}

/// Sorts integers (or bools) directly: they are `Ord`, and that is the fastest sort.
macro_rules! ord_sort_values {
    () => {
        fn sort_values(lane: &mut [Self], par: bool) {
            if par {
                lane.par_sort_unstable();
            } else {
                lane.sort_unstable();
            }
        }
    };
}

impl SortKey for bool {
    #[inline(always)]
    fn key(self) -> u64 {
        u64::from(self)
    }
    ord_sort_values!();
}

macro_rules! signed_key {
    ($($t:ty),*) => {$(
        impl SortKey for $t {
            #[inline(always)]
            fn key(self) -> u64 {
                (i64::from(self) as u64) ^ (1 << 63)
            }
            ord_sort_values!();
        }
    )*};
}
signed_key!(i8, i16, i32, i64);

macro_rules! unsigned_key {
    ($($t:ty),*) => {$(
        impl SortKey for $t {
            #[inline(always)]
            fn key(self) -> u64 {
                u64::from(self)
            }
            ord_sort_values!();
        }
    )*};
}
unsigned_key!(u8, u16, u32, u64);

macro_rules! float_key {
    ($($t:ty, $bits:ty);*) => {$(
        impl SortKey for $t {
            #[inline(always)]
            fn key(self) -> u64 {
                // One canonical NaN (positive, above +inf) and `-0.0 + 0.0 == +0.0`; then the
                // usual flip: negatives reverse, positives move above them.
                let x = if self.is_nan() { <$t>::NAN } else { self + 0.0 };
                let b = x.to_bits();
                let sign = 1 << (<$bits>::BITS - 1);
                u64::from(if b & sign != 0 { !b } else { b | sign })
            }
            #[inline(always)]
            fn is_nan_elem(self) -> bool {
                self.is_nan()
            }
            /// Sorts the raw flipped bits (only NaN made canonical, so `-0.0 < 0.0`) as
            /// integers and flips them back: much faster than a key or `partial_cmp` per
            /// comparison (10M f64, one thread: 0.67 s against 1.2 s and 0.84 s).
            fn sort_values(lane: &mut [Self], par: bool) {
                const SIGN: $bits = 1 << (<$bits>::BITS - 1);
                let flip = |x: &$t| {
                    let b = if x.is_nan() { <$t>::NAN.to_bits() } else { x.to_bits() };
                    if b & SIGN != 0 { !b } else { b | SIGN }
                };
                let unflip = |k: $bits| <$t>::from_bits(if k & SIGN != 0 { k & !SIGN } else { !k });
                let mut keys: Vec<$bits> = if par {
                    lane.par_iter().map(flip).collect()
                } else {
                    lane.iter().map(flip).collect()
                };
                if par {
                    keys.par_sort_unstable();
                    lane.par_iter_mut().zip(keys).for_each(|(x, k)| *x = unflip(k));
                } else {
                    keys.sort_unstable();
                    lane.iter_mut().zip(keys).for_each(|(x, k)| *x = unflip(k));
                }
            }
        }
    )*};
}
float_key!(f32, u32; f64, u64);

/// The array arranged for lane work: `lanes` is a view with the sorted axis last, `axis` is
/// where that axis goes back to in the result, `n` the lane length.
pub(crate) struct Lanes {
    pub lanes: Array,
    pub axis: usize,
    pub n: usize,
}

impl Lanes {
    /// Lanes of `a` along `axis` (`None`: the flattened array). A 0-d array is one element
    /// along axis 0 when `scalar_ok` (NumPy's `argsort` and `argpartition`), else refuses any
    /// axis (NumPy's `sort` and `partition`).
    pub(crate) fn new(a: &Array, axis: Option<isize>, scalar_ok: bool) -> Result<Lanes> {
        let (src, axis) = match axis {
            None => (a.reshape(&[-1])?, 0),
            Some(ax) if a.ndim() == 0 && scalar_ok => (a.reshape(&[1])?, normalize_axis(ax, 1)?),
            Some(ax) => (a.clone(), normalize_axis(ax, a.ndim())?),
        };
        let n = src.shape()[axis];
        let lanes = src.moveaxis(axis as isize, -1)?;
        Ok(Lanes { lanes, axis, n })
    }

    /// A result laid out like `lanes` (`values` in its C order) moved back to the input's axes.
    pub(crate) fn finish<U: Element>(&self, values: Vec<U>) -> Result<Array> {
        let r = Array::from_vec(values, self.lanes.shape())?.moveaxis(-1, self.axis as isize)?;
        if r.is_c_contiguous() {
            Ok(r)
        } else {
            r.try_copy_order(crate::Order::C)
        }
    }
}

/// True when there are fewer lanes than pool threads: then each lane in turn gets the whole
/// pool (rayon's parallel sort), rather than one thread per lane.
fn few_long_lanes(len: usize, n: usize) -> bool {
    len / n == 1 || (n >= PAR_MIN && len / n < rayon::current_num_threads())
}

/// Runs `f` on every lane of `data` (lanes of length `n`), in parallel when it pays; the flag
/// tells `f` it has the pool to itself (a few long lanes, one after the other).
pub(crate) fn each_lane_mut<T: Send>(data: &mut [T], n: usize, f: impl Fn(&mut [T], bool) + Sync) {
    if n == 0 {
        return;
    }
    if few_long_lanes(data.len(), n) {
        data.chunks_mut(n).for_each(|lane| f(lane, n >= PAR_MIN));
    } else if data.len() >= PAR_MIN {
        let min = (PAR_MIN / n).max(1);
        data.par_chunks_mut(n)
            .with_min_len(min)
            .for_each(|lane| f(lane, false));
    } else {
        data.chunks_mut(n).for_each(|lane| f(lane, false));
    }
}

/// Runs `f` on every pair of input lane and output lane, in parallel when it pays (as
/// [`each_lane_mut`]).
pub(crate) fn each_lane_into<T: Sync, U: Send>(
    data: &[T],
    out: &mut [U],
    n: usize,
    f: impl Fn(&[T], &mut [U], bool) + Sync,
) {
    if n == 0 {
        return;
    }
    if few_long_lanes(data.len(), n) {
        for (lane, o) in data.chunks(n).zip(out.chunks_mut(n)) {
            f(lane, o, n >= PAR_MIN);
        }
    } else if data.len() >= PAR_MIN {
        let min = (PAR_MIN / n).max(1);
        data.par_chunks(n)
            .zip(out.par_chunks_mut(n))
            .with_min_len(min)
            .for_each(|(lane, o)| f(lane, o, false));
    } else {
        for (lane, o) in data.chunks(n).zip(out.chunks_mut(n)) {
            f(lane, o, false);
        }
    }
}

/// `(key, index)` pairs of a lane (invariant 3) packed as `key << 64 | index`, built in
/// parallel when `par`.
pub(crate) fn keyed<T: SortKey>(lane: &[T], par: bool) -> Vec<u128> {
    let pair = |(i, x): (usize, &T)| (u128::from(x.key()) << 64) | i as u128;
    if par {
        lane.par_iter().enumerate().map(pair).collect()
    } else {
        lane.iter().enumerate().map(pair).collect()
    }
}

/// The indices of sorted pairs into `out`.
fn write_indices(pairs: &[u128], out: &mut [i64], par: bool) {
    if par {
        out.par_iter_mut()
            .zip(pairs.par_iter())
            .for_each(|(o, &p)| *o = p as u64 as i64);
    } else {
        for (o, &p) in out.iter_mut().zip(pairs) {
            *o = p as u64 as i64;
        }
    }
}

/// The permutation that sorts `lane` (ties in input order) into `out`.
pub(crate) fn argsort_lane<T: SortKey>(lane: &[T], out: &mut [i64], par: bool) {
    let mut pairs = keyed(lane, par);
    if par {
        pairs.par_sort_unstable();
    } else {
        pairs.sort_unstable();
    }
    write_indices(&pairs, out, par);
}

/// Sorts one lane of values in NumPy's order.
fn sort_lane<T: SortKey>(lane: &mut [T], par: bool) {
    T::sort_values(lane, par);
    // Invariant 1: the key order is `nan_last`.
    debug_assert!(lane.is_sorted_by(|&a, &b| nan_last(a, b).is_le()));
}

/// Partitions `lane` around every position in `kths` (sorted, distinct, in range), as NumPy's
/// introselect does for a list of kth: each selection runs on what is right of the previous one.
fn select_kths(lane: &mut [u128], kths: &[usize]) {
    let mut lo = 0;
    for &k in kths {
        lane[lo..].select_nth_unstable(k - lo);
        lo = k + 1;
    }
}

/// Checks `kths` against a lane of length `n` (negative counts from the end) and returns them
/// sorted and distinct.
fn resolve_kths(op: &'static str, kths: &[isize], n: usize) -> Result<Vec<usize>> {
    let mut out = Vec::with_capacity(kths.len());
    for &kth in kths {
        let k = if kth < 0 { kth + n as isize } else { kth };
        if !(0..n as isize).contains(&k) {
            return Err(Error::Value {
                op,
                // NumPy names the kth after adding `n` to a negative one.
                msg: format!("kth(={k}) out of bounds ({n})"),
            });
        }
        out.push(k as usize);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// A sorted copy of `a` along `axis` (`np.sort(a, axis)`), of `a`'s dtype; `None` sorts the
/// flattened array. NaN sorts after `+inf`, and `-0.0` equals `0.0` (which of the two comes
/// first among equal zeros is unspecified, as in NumPy; today `-0.0` does). Floats sort as
/// integers (their bits flipped into order), so every NaN comes back as the canonical quiet
/// NaN, without its sign or payload.
///
/// # Errors
/// [`Error::AxisOutOfRange`], also for any axis of a 0-d array (NumPy's rule; `None` works).
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[3.0, f64::NAN, 1.0], [2.0, -1.0, f64::INFINITY]];
/// let s = numfuse::sort(&a, Some(-1))?; // NumPy's default axis=-1
/// assert_eq!(s.get(&[1, 0])?.to_f64(), -1.0);
/// assert!(s.get(&[0, 2])?.to_f64().is_nan());
/// assert_eq!(a.sort(None)?.shape(), &[6]); // flattened
/// assert_eq!(array![[4, 1], [2, 3]].sort(Some(0))?.to_vec::<i32>()?, [2, 1, 4, 3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn sort(a: &Array, axis: Option<isize>) -> Result<Array> {
    let l = Lanes::new(a, axis, false)?;
    crate::dispatch!(a.dtype(), T => {
        let mut vals = l.lanes.to_vec::<T>()?;
        each_lane_mut(&mut vals, l.n, sort_lane::<T>);
        l.finish(vals)
    })
}

/// The indices that sort `a` along `axis` (`np.argsort(a, axis, kind)`), as `int64` of `a`'s
/// shape (flattened for `None`). Ties keep their input order, so the result equals NumPy's
/// `kind="stable"` for both kinds (see [`SortKind`]). A 0-d array counts as one element, as
/// in NumPy (the result is `[0]`).
///
/// # Errors
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::SortKind;
/// let a = array![3.0, 1.0, f64::NAN, 1.0, -0.0, 0.0];
/// let i = numfuse::argsort(&a, Some(-1), SortKind::Stable)?;
/// assert_eq!(i.to_vec::<i64>()?, [4, 5, 1, 3, 0, 2]);
/// assert!(a.take(&i, None)?.get(&[5])?.to_f64().is_nan());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn argsort(a: &Array, axis: Option<isize>, kind: SortKind) -> Result<Array> {
    let _ = kind; // invariant 3: one algorithm serves both kinds
    let l = Lanes::new(a, axis, true)?;
    let mut out = vec![0i64; l.lanes.size()];
    crate::dispatch!(a.dtype(), T => {
        let vals = l.lanes.to_vec::<T>()?;
        each_lane_into(&vals, &mut out, l.n, argsort_lane::<T>);
    });
    l.finish(out)
}

/// A copy of `a` partitioned along `axis` around position `kth` (`np.partition(a, kth, axis)`):
/// in each lane the element at `kth` is the one sorted order puts there, those before it are
/// not greater and those after it not smaller (in an unspecified order). A negative `kth`
/// counts from the end; `None` partitions the flattened array.
///
/// # Errors
/// [`Error::Value`] for `kth` outside `-len..len` ("kth(=5) out of bounds (5)"),
/// [`Error::AxisOutOfRange`] (also for any axis of a 0-d array, as NumPy).
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![7, 1, 5, 3, 9, 2];
/// let p = numfuse::partition(&a, 2, Some(-1))?;
/// let v = p.to_vec::<i32>()?;
/// assert_eq!(v[2], 3);
/// assert!(v[..2].iter().all(|&x| x <= 3) && v[3..].iter().all(|&x| x >= 3));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn partition(a: &Array, kth: isize, axis: Option<isize>) -> Result<Array> {
    partition_many(a, &[kth], axis)
}

/// [`partition`] around several positions at once (`np.partition(a, [k1, k2, ...], axis)`):
/// every `kth` holds its sorted-order element, and each stretch between two of them holds the
/// elements that belong there.
///
/// # Errors
/// As [`partition`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![9.0, 1.0, 8.0, 2.0, 7.0, 3.0];
/// let p = numfuse::partition_many(&a, &[1, -2], None)?.to_vec::<f64>()?;
/// assert_eq!((p[1], p[4]), (2.0, 8.0));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn partition_many(a: &Array, kths: &[isize], axis: Option<isize>) -> Result<Array> {
    let l = Lanes::new(a, axis, false)?;
    crate::dispatch!(a.dtype(), T => {
        let mut vals = l.lanes.to_vec::<T>()?;
        if vals.is_empty() {
            return l.finish(vals);
        }
        let ks = resolve_kths("partition", kths, l.n)?;
        each_lane_mut(&mut vals, l.n, |lane, _| {
            let mut lo = 0;
            for &k in &ks {
                lane[lo..].select_nth_unstable_by_key(k - lo, |x| x.key());
                lo = k + 1;
            }
        });
        l.finish(vals)
    })
}

/// The indices that partition `a` along `axis` around `kth` (`np.argpartition(a, kth, axis)`),
/// as `int64` of `a`'s shape; with `None` the array is flattened (C order) first. In each lane
/// the index at position `kth` is that of the element that would be there in sorted order,
/// every index before it is of an element not greater, and every index after it of an element
/// not smaller; NaN sorts last, and a negative `kth` counts from the end. As in NumPy, the
/// order within each side is unspecified (and may differ from NumPy's). A 0-d array counts as
/// one element.
///
/// # Errors
/// [`Error::Value`] for `kth` outside `-len..len` of a non-empty lane ("kth(=10) out of
/// bounds (10)"); [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![4.0, f64::NAN, 1.0, 3.0];
/// let i = numfuse::argpartition(&a, 1, Some(0))?;
/// assert_eq!(i.get(&[1])?.to_f64(), 3.0);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn argpartition(a: &Array, kth: isize, axis: Option<isize>) -> Result<Array> {
    argpartition_many(a, &[kth], axis)
}

/// [`argpartition`] around several positions at once (`np.argpartition(a, [k1, ...], axis)`).
///
/// # Errors
/// As [`argpartition`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![9, 1, 8, 2, 7, 3];
/// let i = numfuse::argpartition_many(&a, &[0, 5], None)?.to_vec::<i64>()?;
/// assert_eq!((i[0], i[5]), (1, 0));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn argpartition_many(a: &Array, kths: &[isize], axis: Option<isize>) -> Result<Array> {
    let l = Lanes::new(a, axis, true)?;
    if l.lanes.is_empty() {
        return l.finish(Vec::<i64>::new());
    }
    let ks = resolve_kths("argpartition", kths, l.n)?;
    let mut out = vec![0i64; l.lanes.size()];
    crate::dispatch!(a.dtype(), T => {
        let vals = l.lanes.to_vec::<T>()?;
        each_lane_into(&vals, &mut out, l.n, |lane, o, par| {
            let mut pairs = keyed(lane, par);
            select_kths(&mut pairs, &ks);
            write_indices(&pairs, o, par);
        });
    });
    l.finish(out)
}

impl Array {
    /// [`sort`]: a sorted copy along `axis` (`None`: flattened).
    ///
    /// # Errors
    /// As [`sort`].
    pub fn sort(&self, axis: Option<isize>) -> Result<Array> {
        sort(self, axis)
    }

    /// Sorts the array in place along `axis` (`a.sort(axis)` in NumPy), keeping its layout;
    /// `None` sorts the flattened elements and writes them back in C order (NumPy's
    /// `ndarray.sort` has no `axis=None`).
    ///
    /// # Errors
    /// As [`sort`]; [`Error::ReadOnly`] for a read-only array (a broadcast view).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = array![[3, 1, 2], [0, 5, 4]];
    /// a.sort_inplace(Some(-1))?;
    /// assert_eq!(a.to_vec::<i32>()?, [1, 2, 3, 0, 4, 5]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn sort_inplace(&mut self, axis: Option<isize>) -> Result<()> {
        let sorted = sort(self, axis)?
            .reshape(&self.shape().iter().map(|&d| d as isize).collect::<Vec<_>>())?;
        self.view_mut()?.assign(&sorted)
    }

    /// [`argsort`]: the indices that sort along `axis`, as `int64`.
    ///
    /// # Errors
    /// As [`argsort`].
    pub fn argsort(&self, axis: Option<isize>, kind: SortKind) -> Result<Array> {
        argsort(self, axis, kind)
    }

    /// [`partition`] around one `kth`.
    ///
    /// # Errors
    /// As [`partition`].
    pub fn partition(&self, kth: isize, axis: Option<isize>) -> Result<Array> {
        partition(self, kth, axis)
    }

    /// [`partition_many`] around several positions.
    ///
    /// # Errors
    /// As [`partition`].
    pub fn partition_many(&self, kths: &[isize], axis: Option<isize>) -> Result<Array> {
        partition_many(self, kths, axis)
    }

    /// Indices that partition each lane along `axis` around its `kth` element
    /// ([`argpartition`]), as `int64`.
    ///
    /// # Errors
    /// As [`argpartition`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::unravel_index;
    /// // The seed's top-k: the three largest elements of a 2-d array, as (row, col) pairs.
    /// let arr = Array::arange(24.0, DType::I64).reshape(&[4, 6])?;
    /// let part = arr.argpartition(-3, None)?;
    /// let top3_flat = part.slice(s![-3..])?;
    /// let mut flat = top3_flat.to_vec::<i64>()?;
    /// flat.sort();
    /// assert_eq!(flat, [21, 22, 23]);
    /// let rc = unravel_index(&top3_flat, arr.shape(), Order::C)?;
    /// assert!(rc[0].to_vec::<i64>()?.iter().all(|&r| r == 3));
    /// // Along an axis, NaN last:
    /// let a = array![[3.0, f64::NAN, 1.0], [2.0, 0.0, 5.0]];
    /// let p = a.argpartition(0, Some(1))?;
    /// let smallest = a.take_along_axis(&p.slice(s![.., ..1])?, Some(1))?;
    /// assert_eq!(smallest.to_vec::<f64>()?, [1.0, 0.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn argpartition(&self, kth: isize, axis: Option<isize>) -> Result<Array> {
        argpartition(self, kth, axis)
    }

    /// [`argpartition_many`] around several positions.
    ///
    /// # Errors
    /// As [`argpartition`].
    pub fn argpartition_many(&self, kths: &[isize], axis: Option<isize>) -> Result<Array> {
        argpartition_many(self, kths, axis)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nan_sorts_last_and_zeros_are_equal() {
        assert_eq!(nan_last(f64::NAN, 1e300), Ordering::Greater);
        assert_eq!(nan_last(f64::INFINITY, f64::NAN), Ordering::Less);
        assert_eq!(nan_last(f64::NAN, f64::NAN), Ordering::Equal);
        assert_eq!(nan_last(-0.0f32, 0.0), Ordering::Equal);
        assert_eq!(nan_last(false, true), Ordering::Less);
        assert_eq!(nan_last(u64::MAX, 0), Ordering::Greater);
    }

    /// The key order is `nan_last` (invariant 1) on a table of edge values.
    #[test]
    fn keys_order_like_nan_last() {
        fn check<T: SortKey>(v: &[T]) {
            for &a in v {
                for &b in v {
                    assert_eq!(a.key().cmp(&b.key()), nan_last(a, b), "{a:?} vs {b:?}");
                }
            }
        }
        let f = [
            f64::NEG_INFINITY,
            -1e300,
            -1.0,
            -f64::MIN_POSITIVE,
            -0.0,
            0.0,
            5e-324,
            1.0,
            f64::INFINITY,
            f64::NAN,
            -f64::NAN,
        ];
        check(&f);
        check(&f.map(|x| x as f32));
        check(&[i64::MIN, -1, 0, 1, i64::MAX]);
        check(&[i8::MIN, -1, 0, 1, i8::MAX]);
        check(&[0u64, 1, u64::MAX]);
        check(&[false, true]);
    }

    /// Float value sorts keep every value bit for bit (zeros keep their sign), NaN last.
    #[test]
    fn float_value_sort_keeps_values() {
        let mut v = [
            1.5,
            -0.0,
            f64::NAN,
            0.0,
            -f64::NAN,
            f64::NEG_INFINITY,
            -0.0,
            -2.0,
        ];
        f64::sort_values(&mut v, false);
        let bits: Vec<u64> = v[..6].iter().map(|x| x.to_bits()).collect();
        let want = [f64::NEG_INFINITY, -2.0, -0.0, -0.0, 0.0, 1.5].map(f64::to_bits);
        assert_eq!(bits, want);
        assert!(v[6].is_nan() && v[7].is_nan());
        let mut w = [3.0f32, -0.0, f32::NAN, -1.0];
        f32::sort_values(&mut w, true);
        assert_eq!(
            w[..3].iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
            [(-1.0f32).to_bits(), (-0.0f32).to_bits(), 3.0f32.to_bits()]
        );
        assert!(w[3].is_nan());
    }

    #[test]
    fn many_kths_each_hold() {
        let mut v: Vec<u128> = (0..50u128).map(|i| ((i * 37) % 50) << 64 | i).collect();
        select_kths(&mut v, &[3, 10, 40]);
        for k in [3, 10, 40] {
            assert_eq!(v[k] >> 64, k as u128);
            assert!(v[..k].iter().all(|p| p >> 64 < k as u128));
        }
    }
}

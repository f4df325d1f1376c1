//! `histogram`, `histogram_bin_edges`, `bincount` and `digitize`.
//!
//! Invariants:
//! 1. With a bin count, an element's bin is NumPy's: `((x - first) / (last - first)) * n`
//!    truncated, the right end moved into the last bin, then corrected by one against the
//!    edges; for `float32` input every step is rounded to `float32` as NumPy computes it.
//! 2. With explicit edges, bin `i` holds `edges[i] <= x < edges[i + 1]` and the last bin also
//!    holds `x == edges[last]` (NumPy's cumulative `searchsorted`); NaN is in no bin.
//! 3. Large inputs are counted in fixed chunks in parallel and the per-chunk counts added, so
//!    integer counts never depend on the number of threads.

use crate::array::Array;
use crate::ir::{Casting, can_cast};
use crate::ops::sort::nan_last;
use crate::{DType, Error, Result};
use rayon::prelude::*;
use std::cmp::Ordering;

/// Inputs at or above this many elements are counted in parallel chunks of this size.
const CHUNK: usize = 1 << 20;

/// The `bins=` of [`histogram`]: a number of equal-width bins over the range, or the bin edges
/// (increasing; the last bin includes its right edge).
///
/// Converts from `usize`, `i32` and `i64` (a count; zero or negative is an error when used),
/// from `&[f64]`, `Vec<f64>` and `[f64; N]` (edges) and from `&Array` (edges, returned as given).
#[derive(Clone, Debug)]
pub enum Bins {
    /// That many equal-width bins.
    Count(i64),
    /// The bin edges, a 1-d array.
    Edges(Array),
}

impl From<usize> for Bins {
    fn from(n: usize) -> Bins {
        Bins::Count(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i32> for Bins {
    fn from(n: i32) -> Bins {
        Bins::Count(n.into())
    }
}

impl From<i64> for Bins {
    fn from(n: i64) -> Bins {
        Bins::Count(n)
    }
}

impl From<&[f64]> for Bins {
    fn from(e: &[f64]) -> Bins {
        Bins::Edges(Array::from_slice(e))
    }
}

impl From<Vec<f64>> for Bins {
    fn from(e: Vec<f64>) -> Bins {
        Bins::Edges(Array::from_slice(&e))
    }
}

impl<const N: usize> From<[f64; N]> for Bins {
    fn from(e: [f64; N]) -> Bins {
        Bins::Edges(Array::from_slice(&e))
    }
}

impl From<&Array> for Bins {
    fn from(e: &Array) -> Bins {
        Bins::Edges(e.clone())
    }
}

/// The edges `histogram` would use: equal-width or checked explicit edges.
enum Edges {
    /// `n` equal bins from `first` to `last`; `edges` as NumPy's `linspace` makes them;
    /// `f32`: the arithmetic is `float32`.
    Uniform {
        n: usize,
        first: f64,
        last: f64,
        edges: Vec<f64>,
        f32: bool,
    },
    /// Checked explicit edges, and the array to return.
    Explicit { edges: Vec<f64>, array: Array },
}

impl Edges {
    fn values(&self) -> &[f64] {
        match self {
            Edges::Uniform { edges, .. } | Edges::Explicit { edges, .. } => edges,
        }
    }

    fn nbins(&self) -> usize {
        self.values().len().saturating_sub(1)
    }

    fn array(&self) -> Result<Array> {
        match self {
            Edges::Uniform { edges, f32, .. } => {
                let e = Array::from_vec(edges.clone(), &[edges.len()])?;
                Ok(if *f32 { e.astype(DType::F32) } else { e })
            }
            Edges::Explicit { array, .. } => Ok(array.clone()),
        }
    }

    /// The bin of `x`, or `None` when it is outside the edges or NaN (invariants 1 and 2).
    fn bin(&self, x: f64) -> Option<usize> {
        match self {
            Edges::Uniform {
                n,
                first,
                last,
                edges,
                f32,
            } => {
                if !(x >= *first && x <= *last) {
                    return None;
                }
                let r = |v: f64| if *f32 { v as f32 as f64 } else { v };
                let f = r(r(r(x - first) / r(last - first)) * *n as f64);
                let mut i = if f >= 0.0 { (f as usize).min(*n) } else { 0 };
                if i == *n {
                    i -= 1;
                }
                if x < edges[i] && i > 0 {
                    i -= 1;
                }
                if i + 1 < *n && x >= edges[i + 1] {
                    i += 1;
                }
                Some(i)
            }
            Edges::Explicit { edges, .. } => {
                let nb = edges.len().checked_sub(1)?;
                if nb == 0 || x.is_nan() || x < edges[0] || x > edges[nb] {
                    return None;
                }
                let j = edges.partition_point(|&e| e <= x).min(nb);
                j.checked_sub(1)
            }
        }
    }
}

/// NumPy's `repr` of a float in messages (`nan`, `inf`, `1.0`).
fn py_float(v: f64) -> String {
    if v.is_nan() {
        "nan".into()
    } else if v.is_infinite() {
        if v > 0.0 { "inf" } else { "-inf" }.into()
    } else {
        format!("{v:?}")
    }
}

/// The flattened elements as `f64`.
fn flat_f64(a: &Array) -> Result<Vec<f64>> {
    a.astype(DType::F64).to_vec::<f64>()
}

/// Resolves `bins` and `range` against the data (NumPy's `_get_bin_edges` without the string
/// estimators).
fn bin_edges(
    op: &'static str,
    a: &Array,
    x: &[f64],
    bins: Bins,
    range: Option<(f64, f64)>,
) -> Result<Edges> {
    let value = |msg: String| Error::Value { op, msg };
    match bins {
        Bins::Count(n) => {
            if n < 1 {
                return Err(value("`bins` must be positive, when an integer".into()));
            }
            let f32 = a.dtype() == DType::F32;
            let r = |v: f64| if f32 { v as f32 as f64 } else { v };
            let (mut first, mut last) = match range {
                Some((lo, hi)) => {
                    if lo > hi {
                        return Err(value(
                            "max must be larger than min in range parameter.".into(),
                        ));
                    }
                    if !(lo.is_finite() && hi.is_finite()) {
                        return Err(value(format!(
                            "supplied range of [{}, {}] is not finite",
                            py_float(lo),
                            py_float(hi)
                        )));
                    }
                    (r(lo), r(hi))
                }
                None if x.is_empty() => (0.0, 1.0),
                None => {
                    let (lo, hi) =
                        x.iter()
                            .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &v| {
                                if v.is_nan() || l.is_nan() {
                                    (f64::NAN, f64::NAN)
                                } else {
                                    (l.min(v), h.max(v))
                                }
                            });
                    if !(lo.is_finite() && hi.is_finite()) {
                        return Err(value(format!(
                            "autodetected range of [{}, {}] is not finite",
                            py_float(lo),
                            py_float(hi)
                        )));
                    }
                    (lo, hi)
                }
            };
            if first == last {
                first = r(first - 0.5);
                last = r(last + 0.5);
            }
            let n = usize::try_from(n).map_err(|_| value("too many bins".into()))?;
            let mut edges = Vec::new();
            edges
                .try_reserve_exact(n + 1)
                .map_err(|_| value(format!("cannot allocate {n} bins")))?;
            // NumPy's `linspace`: `i * step + start`, or `i / div * delta + start` when the step
            // underflows to zero, and the exact `stop` last.
            let delta = r(last - first);
            let step = r(delta / n as f64);
            for i in 0..=n {
                let i = i as f64;
                let y = if step == 0.0 {
                    r(r(i / n as f64) * delta)
                } else {
                    r(i * step)
                };
                edges.push(r(y + first));
            }
            edges[n] = last;
            Ok(Edges::Uniform {
                n,
                first,
                last,
                edges,
                f32,
            })
        }
        Bins::Edges(array) => {
            if array.ndim() != 1 {
                return Err(value("`bins` must be 1d, when an array".into()));
            }
            let edges = flat_f64(&array)?;
            if edges.windows(2).any(|w| w[0] > w[1]) {
                return Err(value(
                    "`bins` must increase monotonically, when an array".into(),
                ));
            }
            Ok(Edges::Explicit { edges, array })
        }
    }
}

/// Counts (or sums the weights) of `x` per bin, in parallel chunks for large inputs.
fn count<W: Copy + Default + std::ops::AddAssign + Send + Sync>(
    edges: &Edges,
    x: &[f64],
    w: Option<&[W]>,
    one: W,
) -> Vec<W> {
    let nb = edges.nbins();
    let chunk_counts = |(ci, xs): (usize, &[f64])| {
        let mut c = vec![W::default(); nb];
        for (k, &v) in xs.iter().enumerate() {
            if let Some(b) = edges.bin(v) {
                c[b] += w.map_or(one, |w| w[ci * CHUNK + k]);
            }
        }
        c
    };
    let add = |mut a: Vec<W>, b: Vec<W>| {
        a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
        a
    };
    if x.len() >= CHUNK {
        let parts: Vec<Vec<W>> = x.par_chunks(CHUNK).enumerate().map(chunk_counts).collect();
        parts.into_iter().fold(vec![W::default(); nb], add)
    } else {
        chunk_counts((0, x))
    }
}

/// Histogram of the elements of `a` (flattened) (`np.histogram`): `(counts, edges)`.
///
/// `bins` is a count of equal-width bins over `range` (default: the data's min and max,
/// widened by 0.5 each way when they are equal) or the edges themselves. Every bin is half open
/// except the last, which includes its right edge; values outside, and NaN, are not counted.
/// Counts are `int64`; with float `weights` (same shape as `a`) the sums are `float64`; with
/// `density` the counts are divided by their total and the bin widths (`float64`). Edges made
/// from a count are `float64` (`float32` for `float32` input, computed in `float32` as NumPy
/// does); explicit edges are returned as given.
///
/// # Errors
/// [`Error::Value`] with NumPy's messages: a count below 1, edges that are not 1-d or decrease,
/// `range` with min > max or not finite, data with NaN or infinity when no `range` is given,
/// `weights` of another shape.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::histogram;
/// let a = array![1.0, 2.0, 1.0, 4.0];
/// let (counts, edges) = histogram(&a, 3, None, false, None)?;
/// assert_eq!(counts.to_vec::<i64>()?, [2, 1, 1]);
/// assert_eq!(edges.to_vec::<f64>()?, [1.0, 2.0, 3.0, 4.0]);
/// let (counts, _) = histogram(&a, [0.0, 1.0, 2.0], None, false, None)?;
/// assert_eq!(counts.to_vec::<i64>()?, [0, 3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn histogram(
    a: &Array,
    bins: impl Into<Bins>,
    range: Option<(f64, f64)>,
    density: bool,
    weights: Option<&Array>,
) -> Result<(Array, Array)> {
    let x = flat_f64(a)?;
    let edges = bin_edges("histogram", a, &x, bins.into(), range)?;
    let nb = edges.nbins();
    if let Some(w) = weights
        && w.shape() != a.shape()
    {
        return Err(Error::Value {
            op: "histogram",
            msg: "weights should have the same shape as a.".into(),
        });
    }
    let float_w = weights.is_some_and(|w| w.dtype().is_float());
    let counts = if float_w || density {
        let w = weights.map(flat_f64).transpose()?;
        let mut c = count(&edges, &x, w.as_deref(), 1.0f64);
        if density {
            let total: f64 = c.iter().sum();
            let e = edges.values();
            for (i, v) in c.iter_mut().enumerate() {
                *v = *v / (e[i + 1] - e[i]) / total;
            }
        }
        Array::from_vec(c, &[nb])?
    } else {
        let w = weights
            .map(|w| w.astype(DType::I64).to_vec::<i64>())
            .transpose()?;
        Array::from_vec(count(&edges, &x, w.as_deref(), 1i64), &[nb])?
    };
    Ok((counts, edges.array()?))
}

/// The bin edges [`histogram`] would use (`np.histogram_bin_edges`).
///
/// # Errors
/// As [`histogram`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::histogram_bin_edges;
/// let e = histogram_bin_edges(&array![0, 1, 2, 3], 3, None)?;
/// assert_eq!(e.to_vec::<f64>()?, [0.0, 1.0, 2.0, 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn histogram_bin_edges(
    a: &Array,
    bins: impl Into<Bins>,
    range: Option<(f64, f64)>,
) -> Result<Array> {
    let x = flat_f64(a)?;
    bin_edges("histogram_bin_edges", a, &x, bins.into(), range)?.array()
}

/// Number of occurrences of each value in a 1-d array of non-negative integers
/// (`np.bincount`): `int64` of length `max(x) + 1` (at least `minlength`); with `weights` (same
/// length) the sums of the weights, `float64`.
///
/// # Errors
/// [`Error::Cast`] ("cannot cast array data from dtype('float64') to dtype('int64') according
/// to the rule 'safe'") for a float input, [`Error::Value`] for
/// a negative element ("'list' argument must have no negative elements"), an input that is not
/// 1-d, or weights of another length, [`Error::ShapeOverflow`] when the result cannot be
/// allocated.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::bincount;
/// let x = array![0, 1, 1, 3];
/// assert_eq!(bincount(&x, None, 0)?.to_vec::<i64>()?, [1, 2, 0, 1]);
/// let w = array![0.5, 1.0, 1.0, 2.0];
/// assert_eq!(bincount(&x, Some(&w), 6)?.to_vec::<f64>()?, [0.5, 2.0, 0.0, 2.0, 0.0, 0.0]);
/// assert!(bincount(&array![-1, 2], None, 0).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn bincount(x: &Array, weights: Option<&Array>, minlength: usize) -> Result<Array> {
    let value = |msg: &str| Error::Value {
        op: "bincount",
        msg: msg.into(),
    };
    // NumPy casts with 'safe' but lets `uint64` through (its values are checked on use).
    if x.dtype().is_float() && !can_cast(x.dtype(), DType::I64, Casting::Safe) {
        return Err(Error::Cast {
            from: x.dtype(),
            to: DType::I64,
            casting: Casting::Safe.name(),
        });
    }
    match x.ndim() {
        0 => return Err(value("object of too small depth for desired array")),
        1 => {}
        _ => return Err(value("object too deep for desired array")),
    }
    let v = x.astype(DType::I64).to_vec::<i64>()?;
    // A `uint64` above `i64::MAX` wraps negative here; it could not be counted anyway.
    if v.iter().any(|&i| i < 0) {
        return Err(value("'list' argument must have no negative elements"));
    }
    let len = v
        .iter()
        .map(|&i| i as usize + 1)
        .max()
        .unwrap_or(0)
        .max(minlength);
    let too_big = |itemsize| Error::ShapeOverflow {
        shape: vec![len],
        itemsize,
    };
    match weights {
        None => {
            let mut out: Vec<i64> = Vec::new();
            out.try_reserve_exact(len).map_err(|_| too_big(8))?;
            out.resize(len, 0);
            for &i in &v {
                out[i as usize] += 1;
            }
            Array::from_vec(out, &[len])
        }
        Some(w) => {
            if w.ndim() != 1 || w.len() != v.len() {
                return Err(value("The weights and list don't have the same length."));
            }
            let w = flat_f64(w)?;
            let mut out: Vec<f64> = Vec::new();
            out.try_reserve_exact(len).map_err(|_| too_big(8))?;
            out.resize(len, 0.0);
            for (&i, &wi) in v.iter().zip(&w) {
                out[i as usize] += wi;
            }
            Array::from_vec(out, &[len])
        }
    }
}

/// The index of the bin each element of `x` falls in (`np.digitize`), `int64` of `x`'s shape.
///
/// For increasing `bins`, `i` such that `bins[i-1] <= x < bins[i]` (`bins[i-1] < x <= bins[i]`
/// with `right`); for decreasing `bins`, `bins[i-1] > x >= bins[i]` (`>`/`<=` swapped with
/// `right`). Values below or above every edge give `0` or `len(bins)`; NaN sorts last.
///
/// # Errors
/// [`Error::Value`] for `bins` that are not 1-d or not monotonic ("bins must be monotonically
/// increasing or decreasing").
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::digitize;
/// let x = array![0.2, 6.4, 3.0, 1.6];
/// let bins = array![0.0, 1.0, 2.5, 4.0, 10.0];
/// assert_eq!(digitize(&x, &bins, false)?.to_vec::<i64>()?, [1, 4, 3, 2]);
/// let down = array![10.0, 4.0, 2.5, 1.0, 0.0];
/// assert_eq!(digitize(&x, &down, false)?.to_vec::<i64>()?, [4, 1, 2, 3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn digitize(x: &Array, bins: &Array, right: bool) -> Result<Array> {
    if bins.ndim() != 1 {
        return Err(Error::Value {
            op: "digitize",
            msg: "object too deep for desired array".into(),
        });
    }
    let b = flat_f64(bins)?;
    let inc = b.windows(2).all(|w| w[0] <= w[1]);
    let dec = b.windows(2).all(|w| w[0] >= w[1]);
    if !inc && !dec {
        return Err(Error::Value {
            op: "digitize",
            msg: "bins must be monotonically increasing or decreasing".into(),
        });
    }
    let sorted: Vec<f64> = if inc {
        b.clone()
    } else {
        b.iter().rev().copied().collect()
    };
    // `searchsorted(sorted, v, side)` with side 'left' when `right`, else 'right'.
    let search = |v: f64| {
        sorted.partition_point(|&e| match nan_last(e, v) {
            Ordering::Less => true,
            Ordering::Equal => !right,
            Ordering::Greater => false,
        })
    };
    let out: Vec<i64> = flat_f64(x)?
        .into_iter()
        .map(|v| {
            let k = search(v);
            (if inc { k } else { b.len() - k }) as i64
        })
        .collect();
    Array::from_vec(out, x.shape())
}

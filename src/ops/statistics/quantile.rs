//! `median`, `percentile`, `quantile` and their `nan*` forms, with NumPy's 13 methods.
//!
//! Invariants:
//! 1. A lane is copied once; NaNs are either detected (plain forms: the lane's result is NaN) or
//!    moved past the end of the valid prefix (`nan*` forms), so selection never meets a NaN.
//! 2. The positions a lane needs are selected in increasing order, each over the range after the
//!    previous one, so every selected position holds its sorted-order value.
//! 3. Virtual indices, bounds and `gamma` follow NumPy's `_quantile` step by step (including its
//!    `-1` index for "above the last element"), and the interpolation is NumPy's `_lerp`.

use crate::array::Array;
use crate::ops::reduce::Axes;
use crate::ops::sort::nan_last;
use crate::{DType, Element, Error, Result};
use rayon::prelude::*;

/// Lanes at or above this many elements in total are processed in parallel.
const PAR_MIN: usize = 1 << 16;

/// The `method=` of [`quantile`] and [`percentile`]: how a quantile between two order
/// statistics is estimated (NumPy's names; Hyndman and Fan's definitions).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum QuantileMethod {
    /// H&F 1: the smallest value whose empirical CDF reaches `q` (discontinuous).
    InvertedCdf,
    /// H&F 2: [`QuantileMethod::InvertedCdf`] averaging at the discontinuities.
    AveragedInvertedCdf,
    /// H&F 3: the nearest order statistic, the even one on ties (discontinuous).
    ClosestObservation,
    /// H&F 4: linear interpolation of the empirical CDF.
    InterpolatedInvertedCdf,
    /// H&F 5: piecewise linear with the knots at the midpoints of the steps.
    Hazen,
    /// H&F 6: `p(k) = k / (n + 1)`.
    Weibull,
    /// H&F 7, the default: `p(k) = (k - 1) / (n - 1)`.
    #[default]
    Linear,
    /// H&F 8: approximately median-unbiased whatever the distribution.
    MedianUnbiased,
    /// H&F 9: approximately unbiased for normally distributed data.
    NormalUnbiased,
    /// The order statistic below the linear estimate.
    Lower,
    /// The order statistic above the linear estimate.
    Higher,
    /// The mean of [`QuantileMethod::Lower`] and [`QuantileMethod::Higher`].
    Midpoint,
    /// The order statistic nearest the linear estimate (ties to the even index).
    Nearest,
}

impl QuantileMethod {
    /// Every method, in NumPy's documentation order.
    pub const ALL: [QuantileMethod; 13] = [
        QuantileMethod::InvertedCdf,
        QuantileMethod::AveragedInvertedCdf,
        QuantileMethod::ClosestObservation,
        QuantileMethod::InterpolatedInvertedCdf,
        QuantileMethod::Hazen,
        QuantileMethod::Weibull,
        QuantileMethod::Linear,
        QuantileMethod::MedianUnbiased,
        QuantileMethod::NormalUnbiased,
        QuantileMethod::Lower,
        QuantileMethod::Higher,
        QuantileMethod::Midpoint,
        QuantileMethod::Nearest,
    ];

    /// NumPy's name of the method (`"linear"`, `"median_unbiased"`, ...).
    pub fn name(self) -> &'static str {
        match self {
            QuantileMethod::InvertedCdf => "inverted_cdf",
            QuantileMethod::AveragedInvertedCdf => "averaged_inverted_cdf",
            QuantileMethod::ClosestObservation => "closest_observation",
            QuantileMethod::InterpolatedInvertedCdf => "interpolated_inverted_cdf",
            QuantileMethod::Hazen => "hazen",
            QuantileMethod::Weibull => "weibull",
            QuantileMethod::Linear => "linear",
            QuantileMethod::MedianUnbiased => "median_unbiased",
            QuantileMethod::NormalUnbiased => "normal_unbiased",
            QuantileMethod::Lower => "lower",
            QuantileMethod::Higher => "higher",
            QuantileMethod::Midpoint => "midpoint",
            QuantileMethod::Nearest => "nearest",
        }
    }

    /// The method named `name` as NumPy spells it.
    ///
    /// # Errors
    /// [`Error::Value`] for an unknown name.
    pub fn from_name(name: &str) -> Result<QuantileMethod> {
        QuantileMethod::ALL
            .into_iter()
            .find(|m| m.name() == name)
            .ok_or_else(|| Error::Value {
                op: "quantile",
                msg: format!("'{name}' is not a valid method. Use one of: {}", {
                    let names: Vec<&str> = QuantileMethod::ALL.iter().map(|m| m.name()).collect();
                    names.join(", ")
                }),
            })
    }

    /// True for the methods that return one of the elements (and keep the input's dtype).
    pub fn is_discrete(self) -> bool {
        matches!(
            self,
            QuantileMethod::InvertedCdf
                | QuantileMethod::ClosestObservation
                | QuantileMethod::Lower
                | QuantileMethod::Higher
                | QuantileMethod::Nearest
        )
    }
}

/// The `q` argument of [`quantile`] and [`percentile`]: one value (the result has the reduced
/// shape) or an array of them (the result has `q`'s shape in front of the reduced shape).
///
/// Converts from `f64` (a weak scalar, as a Python float: a `float32` input stays `float32`),
/// `&[f64]`, `Vec<f64>`, `[f64; N]` and `&Array` (whose dtype takes part in the result dtype).
#[derive(Clone, Debug, PartialEq)]
pub struct Quantiles {
    values: Vec<f64>,
    /// `None` for a scalar.
    shape: Option<Vec<usize>>,
    /// The dtype of an array `q`; `None` for a weak scalar.
    dtype: Option<DType>,
}

impl From<f64> for Quantiles {
    fn from(q: f64) -> Quantiles {
        Quantiles {
            values: vec![q],
            shape: None,
            dtype: None,
        }
    }
}

impl From<&[f64]> for Quantiles {
    fn from(q: &[f64]) -> Quantiles {
        Quantiles {
            values: q.to_vec(),
            shape: Some(vec![q.len()]),
            dtype: Some(DType::F64),
        }
    }
}

impl From<Vec<f64>> for Quantiles {
    fn from(q: Vec<f64>) -> Quantiles {
        Quantiles::from(q.as_slice())
    }
}

impl From<&Vec<f64>> for Quantiles {
    fn from(q: &Vec<f64>) -> Quantiles {
        Quantiles::from(q.as_slice())
    }
}

impl<const N: usize> From<[f64; N]> for Quantiles {
    fn from(q: [f64; N]) -> Quantiles {
        Quantiles::from(&q[..])
    }
}

impl<const N: usize> From<&[f64; N]> for Quantiles {
    fn from(q: &[f64; N]) -> Quantiles {
        Quantiles::from(&q[..])
    }
}

impl From<&Array> for Quantiles {
    fn from(q: &Array) -> Quantiles {
        let values = q
            .astype(DType::F64)
            .to_vec::<f64>()
            .unwrap_or_else(|e| panic!("{e}"));
        Quantiles {
            values,
            shape: Some(q.shape().to_vec()),
            dtype: Some(q.dtype()),
        }
    }
}

/// Median over `axes` (`np.median`): `float64` for bool and integers, `float32` stays. A lane
/// holding a NaN gives NaN; an empty lane gives NaN.
///
/// # Errors
/// [`Error::AxisOutOfRange`] for an axis outside `-ndim..ndim`, [`Error::Value`] for an axis
/// named twice.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::median;
/// let a = array![[10, 7, 4], [3, 2, 1]];
/// assert_eq!(median(&a, None)?.to_vec::<f64>()?, [3.5]);
/// assert_eq!(a.median(0)?.to_vec::<f64>()?, [6.5, 4.5, 2.5]);
/// assert_eq!(a.median(1)?.to_vec::<f64>()?, [7.0, 2.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn median(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    run(a, axes.into(), &Quantiles::from(0.5), Kind::Median, false)
}

/// [`median`] ignoring NaNs (`np.nanmedian`); a lane with nothing but NaNs gives NaN (NumPy
/// also warns).
///
/// # Errors
/// As [`median`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[10.0, f64::NAN, 4.0], [3.0, 2.0, 1.0]];
/// assert_eq!(a.nanmedian(None)?.to_vec::<f64>()?, [3.0]);
/// assert_eq!(a.nanmedian(1)?.to_vec::<f64>()?, [7.0, 2.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanmedian(a: &Array, axes: impl Into<Axes>) -> Result<Array> {
    run(a, axes.into(), &Quantiles::from(0.5), Kind::Median, true)
}

/// The `q`-th quantiles (`0 <= q <= 1`) over `axes` (`np.quantile`) by `method`.
///
/// The result has `q`'s shape (none for a scalar `q`) followed by the reduced shape. The
/// discrete methods ([`QuantileMethod::is_discrete`]) keep the input dtype; the others give
/// `float64` for bool and integers, and for `float32` input `float32` with a scalar `q`
/// (`float64` with a `float64` array of `q`, as NumPy promotes). A lane holding a NaN gives NaN.
/// An empty lane gives NaN (NumPy raises an `IndexError`); with a discrete method on an integer
/// input it is an error.
///
/// # Errors
/// [`Error::Value`] ("Quantiles must be in the range [0, 1]") for a `q` outside `[0, 1]` or NaN,
/// for an empty lane of integers with a discrete method, or for a bool input with a
/// continuous method (NumPy's "numpy boolean subtract ... is not supported"); axis errors as
/// [`median`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::{QuantileMethod, quantile};
/// let a = array![1.0, 2.0, 3.0, 4.0];
/// assert_eq!(quantile(&a, 0.5, None, QuantileMethod::Linear)?.to_vec::<f64>()?, [2.5]);
/// let q = quantile(&a, [0.0, 0.5, 1.0], None, QuantileMethod::Lower)?;
/// assert_eq!((q.shape(), q.to_vec::<f64>()?), (&[3usize][..], vec![1.0, 2.0, 4.0]));
/// assert!(quantile(&a, 1.5, None, QuantileMethod::Linear).is_err());
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn quantile(
    a: &Array,
    q: impl Into<Quantiles>,
    axes: impl Into<Axes>,
    method: QuantileMethod,
) -> Result<Array> {
    let q = checked(q.into(), 1.0, "quantile")?;
    run(a, axes.into(), &q, Kind::Method(method), false)
}

/// [`quantile`] ignoring NaNs (`np.nanquantile`); a lane with nothing but NaNs gives NaN.
///
/// # Errors
/// As [`quantile`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::{QuantileMethod, nanquantile};
/// let a = array![f64::NAN, 1.0, 2.0, 3.0];
/// let q = nanquantile(&a, 0.5, None, QuantileMethod::Linear)?;
/// assert_eq!(q.to_vec::<f64>()?, [2.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanquantile(
    a: &Array,
    q: impl Into<Quantiles>,
    axes: impl Into<Axes>,
    method: QuantileMethod,
) -> Result<Array> {
    let q = checked(q.into(), 1.0, "nanquantile")?;
    run(a, axes.into(), &q, Kind::Method(method), true)
}

/// The `q`-th percentiles (`0 <= q <= 100`) over `axes` (`np.percentile`): [`quantile`] of
/// `q / 100`.
///
/// # Errors
/// [`Error::Value`] ("Percentiles must be in the range [0, 100]"), otherwise as [`quantile`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::{QuantileMethod, percentile};
/// let a = array![[10, 7, 4], [3, 2, 1]];
/// let p = percentile(&a, [25.0, 75.0], 1, QuantileMethod::Linear)?;
/// assert_eq!(p.shape(), &[2, 2]);
/// assert_eq!(p.to_vec::<f64>()?, [5.5, 1.5, 8.5, 2.5]);
/// let err = percentile(&a, 101.0, None, QuantileMethod::Linear).unwrap_err();
/// assert_eq!(err.to_string(), "percentile: Percentiles must be in the range [0, 100]");
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn percentile(
    a: &Array,
    q: impl Into<Quantiles>,
    axes: impl Into<Axes>,
    method: QuantileMethod,
) -> Result<Array> {
    let q = checked(q.into(), 100.0, "percentile")?;
    run(a, axes.into(), &q, Kind::Method(method), false)
}

/// [`percentile`] ignoring NaNs (`np.nanpercentile`).
///
/// # Errors
/// As [`percentile`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::{QuantileMethod, nanpercentile};
/// let a = array![f64::NAN, 1.0, 2.0, 3.0];
/// let p = nanpercentile(&a, 100.0, None, QuantileMethod::Linear)?;
/// assert_eq!(p.to_vec::<f64>()?, [3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nanpercentile(
    a: &Array,
    q: impl Into<Quantiles>,
    axes: impl Into<Axes>,
    method: QuantileMethod,
) -> Result<Array> {
    let q = checked(q.into(), 100.0, "nanpercentile")?;
    run(a, axes.into(), &q, Kind::Method(method), true)
}

impl Array {
    /// [`median`] as a method.
    ///
    /// # Errors
    /// As [`median`].
    pub fn median(&self, axes: impl Into<Axes>) -> Result<Array> {
        median(self, axes)
    }

    /// [`nanmedian`] as a method.
    ///
    /// # Errors
    /// As [`nanmedian`].
    pub fn nanmedian(&self, axes: impl Into<Axes>) -> Result<Array> {
        nanmedian(self, axes)
    }

    /// [`quantile`] as a method.
    ///
    /// # Errors
    /// As [`quantile`].
    pub fn quantile(
        &self,
        q: impl Into<Quantiles>,
        axes: impl Into<Axes>,
        method: QuantileMethod,
    ) -> Result<Array> {
        quantile(self, q, axes, method)
    }

    /// [`percentile`] as a method.
    ///
    /// # Errors
    /// As [`percentile`].
    pub fn percentile(
        &self,
        q: impl Into<Quantiles>,
        axes: impl Into<Axes>,
        method: QuantileMethod,
    ) -> Result<Array> {
        percentile(self, q, axes, method)
    }
}

/// Checks `q` against `[0, scale]` and scales it to `[0, 1]`.
fn checked(mut q: Quantiles, scale: f64, op: &'static str) -> Result<Quantiles> {
    if !q.values.iter().all(|&v| (0.0..=scale).contains(&v)) {
        let msg = if scale == 1.0 {
            "Quantiles must be in the range [0, 1]"
        } else {
            "Percentiles must be in the range [0, 100]"
        };
        return Err(Error::Value {
            op,
            msg: msg.into(),
        });
    }
    if scale != 1.0 {
        q.values.iter_mut().for_each(|v| *v /= scale);
    }
    Ok(q)
}

/// What a lane computes.
#[derive(Clone, Copy)]
enum Kind {
    /// NumPy's median: the mean of the one or two middle elements.
    Median,
    /// A quantile method.
    Method(QuantileMethod),
}

/// The order statistics one quantile of a lane of `n` needs, and the interpolation weight.
#[derive(Clone, Copy, Debug)]
struct Plan {
    prev: usize,
    next: usize,
    gamma: f64,
}

/// NumPy's `_quantile` index computation for `method` on `n >= 1` elements at `q` in `[0, 1]`.
fn plan(method: QuantileMethod, n: usize, q: f64) -> Plan {
    use QuantileMethod as M;
    let nf = n as f64;
    let last = n - 1;
    let idx = |i: f64| -> usize {
        if i.is_nan() || i <= 0.0 {
            0
        } else if i >= last as f64 {
            last
        } else {
            i as usize
        }
    };
    let discrete = |k: usize| Plan {
        prev: k,
        next: k,
        gamma: 0.0,
    };
    // `_discrete_interpolation_to_boundaries`.
    let boundary = |v: f64, odd_rule: bool| {
        let p = v.floor();
        let g = v - p;
        let cond = g == 0.0 && (!odd_rule || p.rem_euclid(2.0) == 1.0);
        idx(if cond { p } else { p + 1.0 })
    };
    let lin = (nf - 1.0) * q;
    let v = match method {
        M::Lower => return discrete(idx(lin.floor())),
        M::Higher => return discrete(idx(lin.ceil())),
        M::Nearest => return discrete(idx(lin.round_ties_even())),
        M::InvertedCdf => return discrete(boundary(nf * q - 1.0, false)),
        M::ClosestObservation => return discrete(boundary(nf * q - 1.0 - 0.5, true)),
        M::AveragedInvertedCdf => nf * q - 1.0,
        M::Midpoint => 0.5 * (lin.floor() + lin.ceil()),
        M::Linear => lin,
        M::InterpolatedInvertedCdf => virtual_index(nf, q, 0.0, 1.0),
        M::Hazen => virtual_index(nf, q, 0.5, 0.5),
        M::Weibull => virtual_index(nf, q, 0.0, 0.0),
        M::MedianUnbiased => virtual_index(nf, q, 1.0 / 3.0, 1.0 / 3.0),
        M::NormalUnbiased => virtual_index(nf, q, 3.0 / 8.0, 3.0 / 8.0),
    };
    // `_get_indexes`: below bounds wins over above bounds; -1 means the last element.
    let prev_signed = if v < 0.0 {
        0.0
    } else if v >= nf - 1.0 {
        -1.0
    } else {
        v.floor()
    };
    let gamma = v - prev_signed;
    let gamma = match method {
        M::AveragedInvertedCdf => {
            if gamma == 0.0 {
                0.5
            } else {
                1.0
            }
        }
        M::Midpoint => {
            if v % 1.0 == 0.0 {
                0.0
            } else {
                0.5
            }
        }
        _ => gamma,
    };
    let (prev, next) = if prev_signed < 0.0 {
        (last, last)
    } else if v < 0.0 {
        (0, 0)
    } else {
        let p = prev_signed as usize;
        (p, (p + 1).min(last))
    };
    Plan { prev, next, gamma }
}

/// NumPy's `_compute_virtual_index`.
fn virtual_index(n: f64, q: f64, alpha: f64, beta: f64) -> f64 {
    n * q + (alpha + q * (1.0 - alpha - beta)) - 1.0
}

/// NumPy's `_lerp`: `a + (b - a) t`, computed from `b` when `t >= 0.5`.
fn lerp(a: f64, b: f64, t: f64) -> f64 {
    let diff = b - a;
    if t >= 0.5 {
        b - diff * (1.0 - t)
    } else {
        a + diff * t
    }
}

/// What one lane gives for every `q`.
enum Lane<T> {
    /// The lane holds a NaN (plain forms) or only NaNs (`nan*` forms).
    Nan,
    /// The lane is empty.
    Empty,
    /// Per `q`: the two order statistics and the weight.
    Picks(Vec<(T, T, f64)>),
}

/// Selects the order statistics of one lane (invariants 1 and 2).
fn lane_picks<T: Element>(lane: &mut [T], qs: &[f64], kind: Kind, skip_nan: bool) -> Lane<T> {
    let is_nan = |x: T| T::DTYPE.is_float() && x.to_f64().is_nan();
    let mut n = lane.len();
    if T::DTYPE.is_float() {
        if skip_nan {
            let mut k = 0;
            for i in 0..n {
                if !is_nan(lane[i]) {
                    lane.swap(k, i);
                    k += 1;
                }
            }
            n = k;
            if n == 0 && !lane.is_empty() {
                return Lane::Nan;
            }
        } else if lane.iter().any(|&x| is_nan(x)) {
            return Lane::Nan;
        }
    }
    if n == 0 {
        return Lane::Empty;
    }
    let lane = &mut lane[..n];
    let method = match kind {
        Kind::Median => QuantileMethod::Linear,
        Kind::Method(m) => m,
    };
    let plans: Vec<Plan> = qs.iter().map(|&q| plan(method, n, q)).collect();
    let mut positions: Vec<usize> = plans.iter().flat_map(|p| [p.prev, p.next]).collect();
    positions.sort_unstable();
    positions.dedup();
    let mut lo = 0;
    for k in positions {
        lane[lo..].select_nth_unstable_by(k - lo, |&x, &y| nan_last(x, y));
        lo = k + 1;
    }
    Lane::Picks(
        plans
            .iter()
            .map(|p| (lane[p.prev], lane[p.next], p.gamma))
            .collect(),
    )
}

/// Runs `kind` over the lanes of `a` along `axes` for every `q`.
fn run(a: &Array, axes: Axes, q: &Quantiles, kind: Kind, skip_nan: bool) -> Result<Array> {
    let op = match kind {
        Kind::Median if skip_nan => "nanmedian",
        Kind::Median => "median",
        Kind::Method(_) if skip_nan => "nanquantile",
        Kind::Method(_) => "quantile",
    };
    let red = axes.resolve(op, a.ndim())?;
    let mut perm: Vec<isize> = Vec::with_capacity(a.ndim());
    let mut out_shape: Vec<usize> = q.shape.clone().unwrap_or_default();
    let mut m = 1usize;
    for (i, (&len, &r)) in a.shape().iter().zip(&red.mask).enumerate() {
        if !r {
            perm.push(i as isize);
            out_shape.push(len);
        } else if red.keepdims {
            out_shape.push(1);
        }
    }
    for (i, (&len, &r)) in a.shape().iter().zip(&red.mask).enumerate() {
        if r {
            perm.push(i as isize);
            m *= len;
        }
    }
    let lanes_view = a.permute_axes(&perm)?;
    let nlanes: usize = a
        .shape()
        .iter()
        .zip(&red.mask)
        .filter(|&(_, &r)| !r)
        .map(|(&n, _)| n)
        .product();
    let float_in = a.dtype().is_float();
    let discrete = matches!(kind, Kind::Method(mm) if mm.is_discrete());
    if a.dtype() == DType::Bool && !discrete && matches!(kind, Kind::Method(_)) {
        // NumPy's `_lerp` subtracts the two order statistics, which bool refuses.
        return Err(Error::Value {
            op,
            msg: "numpy boolean subtract, the `-` operator, is not supported, use the \
                  bitwise_xor, the `^` operator, or the logical_xor function instead."
                .into(),
        });
    }
    let out_dtype = if discrete {
        a.dtype()
    } else if a.dtype() == DType::F32 && matches!(q.dtype, None | Some(DType::F32)) {
        DType::F32
    } else {
        DType::F64
    };
    crate::dispatch!(a.dtype(), T => {
        let mut data = lanes_view.to_vec::<T>()?;
        let lanes: Vec<Lane<T>> = if m == 0 {
            (0..nlanes).map(|_| Lane::Empty).collect()
        } else if nlanes > 1 && data.len() >= PAR_MIN {
            data.par_chunks_mut(m).map(|l| lane_picks(l, &q.values, kind, skip_nan)).collect()
        } else {
            data.chunks_mut(m).map(|l| lane_picks(l, &q.values, kind, skip_nan)).collect()
        };
        let nq = q.values.len();
        if discrete {
            if !float_in && lanes.iter().any(|l| matches!(l, Lane::Empty)) {
                return Err(Error::Value {
                    op,
                    msg: "cannot take a quantile of an empty lane of integers".into(),
                });
            }
            let mut out: Vec<T> = Vec::with_capacity(nq * nlanes);
            for qi in 0..nq {
                out.extend(lanes.iter().map(|l| match l {
                    Lane::Picks(p) => p[qi].0,
                    _ => T::from_f64(f64::NAN),
                }));
            }
            Array::from_vec(out, &out_shape)
        } else {
            let mut out: Vec<f64> = Vec::with_capacity(nq * nlanes);
            for qi in 0..nq {
                out.extend(lanes.iter().map(|l| match l {
                    Lane::Picks(p) => {
                        let (lo, hi, g) = p[qi];
                        let (lo, hi) = (lo.to_f64(), hi.to_f64());
                        match kind {
                            Kind::Median if g == 0.0 => lo,
                            Kind::Median => (lo + hi) / 2.0,
                            Kind::Method(_) => lerp(lo, hi, g),
                        }
                    }
                    _ => f64::NAN,
                }));
            }
            let r = Array::from_vec(out, &out_shape)?;
            Ok(if out_dtype == DType::F32 { r.astype(DType::F32) } else { r })
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_bounds() {
        for m in QuantileMethod::ALL {
            for n in 1..6 {
                for q in [0.0, 0.1, 0.5, 0.9, 1.0] {
                    let p = plan(m, n, q);
                    assert!(p.prev < n && p.next < n, "{m:?} {n} {q}");
                }
            }
        }
    }

    #[test]
    fn names_round_trip() {
        for m in QuantileMethod::ALL {
            assert_eq!(QuantileMethod::from_name(m.name()).unwrap(), m);
        }
        assert!(QuantileMethod::from_name("bogus").is_err());
    }
}

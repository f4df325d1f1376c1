//! Padding: `pad` with every mode of `np.pad`.
//!
//! The padded array is built as NumPy builds it: the input is copied into the centre of a new
//! C-ordered array, then the axes are padded one after another. Padding axis `i` works on the
//! lanes along `i` that lie in the centre on the axes after `i` and anywhere on the axes
//! before it, so corners are filled from values that earlier axes already padded. Each lane is
//! filled by the same steps as NumPy's `_arraypad_impl.py` (including the repeated passes of
//! `reflect`, `symmetric` and `wrap` when a pad is wider than the axis), so values agree
//! exactly.

use crate::{Array, Element, Error, Order, Result, Scalar};

/// How [`pad`] fills the new elements (NumPy's `mode=`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum PadMode {
    /// A constant, cast to the array's dtype as [`Array::astype`] casts (`'constant'`).
    Constant(Scalar),
    /// The edge value of each lane (`'edge'`).
    Edge,
    /// The mirror image without the edge value: `[1, 2, 3]` → `[3, 2, | 1, 2, 3 |, 2, 1]`
    /// (`'reflect'`, `reflect_type='even'`).
    Reflect,
    /// The mirror image including the edge value: `[1, 2, 3]` → `[2, 1, | 1, 2, 3 |, 3, 2]`
    /// (`'symmetric'`).
    Symmetric,
    /// The lane repeated periodically (`'wrap'`).
    Wrap,
    /// A linear ramp from this end value to the edge value (`'linear_ramp'`). The ramp is
    /// computed in `f64` and cast to the dtype, rounding down for integers, as NumPy's
    /// `linspace` does for the default integer end value.
    LinearRamp(Scalar),
    /// The maximum of each lane (`'maximum'`, the whole axis as `stat_length`).
    Maximum,
    /// The minimum of each lane (`'minimum'`).
    Minimum,
    /// The mean of each lane, rounded half to even for integers (`'mean'`).
    Mean,
    /// The median of each lane, rounded half to even for integers (`'median'`).
    Median,
}

/// The number of elements [`pad`] adds before and after each axis (NumPy's `pad_width`).
///
/// | numfuse | NumPy |
/// |---|---|
/// | `2` | `pad_width=2` |
/// | `(1, 3)` | `pad_width=(1, 3)` |
/// | `[(1, 2), (0, 3)]` | `pad_width=((1, 2), (0, 3))` |
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PadWidth {
    /// `(before, after)` for every axis.
    Same(usize, usize),
    /// One `(before, after)` per axis (or a single pair, used for every axis).
    PerAxis(Vec<(usize, usize)>),
}

impl From<usize> for PadWidth {
    /// The same width before and after every axis.
    fn from(n: usize) -> PadWidth {
        PadWidth::Same(n, n)
    }
}

impl From<(usize, usize)> for PadWidth {
    /// `(before, after)` for every axis.
    fn from((before, after): (usize, usize)) -> PadWidth {
        PadWidth::Same(before, after)
    }
}

impl From<&[(usize, usize)]> for PadWidth {
    /// One `(before, after)` per axis.
    fn from(v: &[(usize, usize)]) -> PadWidth {
        PadWidth::PerAxis(v.to_vec())
    }
}

impl<const N: usize> From<[(usize, usize); N]> for PadWidth {
    /// One `(before, after)` per axis.
    fn from(v: [(usize, usize); N]) -> PadWidth {
        PadWidth::PerAxis(v.to_vec())
    }
}

impl From<Vec<(usize, usize)>> for PadWidth {
    /// One `(before, after)` per axis.
    fn from(v: Vec<(usize, usize)>) -> PadWidth {
        PadWidth::PerAxis(v)
    }
}

impl PadWidth {
    fn resolve(self, ndim: usize) -> Result<Vec<(usize, usize)>> {
        match self {
            PadWidth::Same(b, a) => Ok(vec![(b, a); ndim]),
            PadWidth::PerAxis(v) if v.len() == 1 => Ok(vec![v[0]; ndim]),
            PadWidth::PerAxis(v) if v.len() == ndim => Ok(v),
            PadWidth::PerAxis(v) => Err(Error::Broadcast {
                op: "broadcast_to",
                shapes: vec![vec![v.len(), 2], vec![ndim, 2]],
            }),
        }
    }
}

/// Pads `a` with `pad_width` elements before and after each axis, filled as `mode` says
/// (`np.pad`). A new C-ordered array of `a`'s dtype.
///
/// # Errors
/// [`Error::Broadcast`] when `pad_width` lists neither one pair nor one per axis (NumPy's
/// message), [`Error::Value`] when a mode other than `Constant` would extend an empty axis
/// ("can't extend empty axis 0 using modes other than 'constant' or 'empty'"),
/// [`Error::ShapeOverflow`]; [`Error::Value`] for a NaN or infinite float constant with a
/// signed integer dtype (NumPy's "cannot convert float NaN to integer").
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::PadMode;
/// let a = array![1i64, 2, 3];
/// let r = numfuse::pad(&a, (2, 3), PadMode::Reflect)?;
/// assert_eq!(r.to_vec::<i64>()?, vec![3, 2, 1, 2, 3, 2, 1, 2]);
/// let c = numfuse::pad(&a, 1, PadMode::Constant(9.into()))?;
/// assert_eq!(c.to_vec::<i64>()?, vec![9, 1, 2, 3, 9]);
/// let w = numfuse::pad(&array![[1.0, 2.0]], [(1, 0), (0, 2)], PadMode::Wrap)?;
/// assert_eq!(w.to_vec::<f64>()?, vec![1.0, 2.0, 1.0, 2.0, 1.0, 2.0, 1.0, 2.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn pad(a: &Array, pad_width: impl Into<PadWidth>, mode: PadMode) -> Result<Array> {
    let widths = pad_width.into().resolve(a.ndim())?;
    let mut shape = Vec::with_capacity(a.ndim());
    for (&n, &(b, f)) in a.shape().iter().zip(&widths) {
        let len = n.checked_add(b).and_then(|x| x.checked_add(f));
        shape.push(len.ok_or_else(|| Error::ShapeOverflow {
            shape: a.shape().to_vec(),
            itemsize: a.itemsize(),
        })?);
    }
    let constant = matches!(mode, PadMode::Constant(_));
    if !constant && a.is_empty() {
        for (axis, (&n, &(b, f))) in a.shape().iter().zip(&widths).enumerate() {
            if n == 0 && (b > 0 || f > 0) {
                return Err(Error::Value {
                    op: "pad",
                    msg: format!(
                        "can't extend empty axis {axis} using modes other than 'constant' or \
                         'empty'"
                    ),
                });
            }
        }
    }
    let mut out = Array::try_zeros(&shape, a.dtype(), Order::C)?;
    if let PadMode::Constant(v) = mode {
        let x = v.to_f64();
        if a.dtype().is_signed() && v.dtype().is_float() && !x.is_finite() {
            // NumPy converts the Python float through `int()` for signed dtypes.
            let what = if x.is_nan() { "NaN" } else { "infinity" };
            return Err(Error::Value {
                op: "pad",
                msg: format!("cannot convert float {what} to integer"),
            });
        }
        out.fill(v.cast(a.dtype()))?;
    }
    if !a.is_empty() {
        let center: Vec<crate::SliceElem> = widths
            .iter()
            .zip(a.shape())
            .map(|(&(b, _), &n)| crate::SliceElem::Slice {
                start: Some(b as isize),
                stop: Some((b + n) as isize),
                step: 1,
            })
            .collect();
        out.slice_mut(center)?.assign(a)?;
    }
    if constant || out.is_empty() {
        return Ok(out);
    }
    crate::dispatch!(a.dtype(), T => pad_axes::<T>(&mut out, a.shape(), &widths, mode)?);
    Ok(out)
}

/// Pads every axis of C-contiguous `out` in turn (see the module doc).
fn pad_axes<T: Element>(
    out: &mut Array,
    orig: &[usize],
    widths: &[(usize, usize)],
    mode: PadMode,
) -> Result<()> {
    let shape = out.shape().to_vec();
    let nd = shape.len();
    let mut strides = vec![1usize; nd];
    for d in (0..nd.saturating_sub(1)).rev() {
        strides[d] = strides[d + 1] * shape[d + 1];
    }
    let data = out.as_slice_mut::<T>()?;
    let mut lane: Vec<T> = Vec::new();
    for axis in 0..nd {
        let (before, after) = widths[axis];
        if before == 0 && after == 0 {
            continue;
        }
        // The ranges of the other axes: everything before `axis`, the centre after it.
        let ranges: Vec<(usize, usize)> = (0..nd)
            .map(|d| {
                if d < axis {
                    (0, shape[d])
                } else if d == axis {
                    (0, 1)
                } else {
                    (widths[d].0, widths[d].0 + orig[d])
                }
            })
            .collect();
        let mut idx: Vec<usize> = ranges.iter().map(|r| r.0).collect();
        let len = shape[axis];
        'lanes: loop {
            let base: usize = idx.iter().zip(&strides).map(|(i, s)| i * s).sum();
            lane.clear();
            lane.extend((0..len).map(|t| data[base + t * strides[axis]]));
            pad_lane(&mut lane, before, after, orig[axis], mode);
            for (t, &x) in lane.iter().enumerate() {
                data[base + t * strides[axis]] = x;
            }
            // Odometer over the other axes.
            let mut d = nd;
            loop {
                if d == 0 {
                    break 'lanes;
                }
                d -= 1;
                idx[d] += 1;
                if idx[d] < ranges[d].1 {
                    break;
                }
                idx[d] = ranges[d].0;
            }
        }
    }
    Ok(())
}

/// Fills `lane[..left]` and `lane[len - right..]` from the centre of `n` values.
fn pad_lane<T: Element>(lane: &mut [T], left: usize, right: usize, n: usize, mode: PadMode) {
    let len = lane.len();
    let edges = |lane: &mut [T]| {
        let (lo, hi) = (lane[left], lane[left + n - 1]);
        lane[..left].fill(lo);
        lane[len - right..].fill(hi);
    };
    match mode {
        PadMode::Constant(_) => {}
        PadMode::Edge => edges(lane),
        PadMode::Reflect | PadMode::Symmetric if n == 1 => edges(lane),
        PadMode::Reflect | PadMode::Symmetric => {
            let include_edge = mode == PadMode::Symmetric;
            let (mut l, mut r) = (left, right);
            while l > 0 || r > 0 {
                (l, r) = reflect_both(lane, l, r, n, include_edge);
            }
        }
        PadMode::Wrap => {
            let (mut l, mut r) = (left, right);
            while l > 0 || r > 0 {
                (l, r) = wrap_both(lane, l, r, n);
            }
        }
        PadMode::LinearRamp(end) => {
            let end = end.to_f64();
            let (lo, hi) = (lane[left].to_f64(), lane[left + n - 1].to_f64());
            for (j, y) in ramp::<T>(end, lo, left).into_iter().enumerate() {
                lane[j] = y;
            }
            for (j, y) in ramp::<T>(end, hi, right).into_iter().rev().enumerate() {
                lane[len - right + j] = y;
            }
        }
        PadMode::Maximum | PadMode::Minimum | PadMode::Mean | PadMode::Median => {
            let v = stat(&lane[left..left + n], mode);
            lane[..left].fill(v);
            lane[len - right..].fill(v);
        }
    }
}

/// One pass of NumPy's `_set_reflect_both` on a lane; returns the widths still to fill.
fn reflect_both<T: Element>(
    lane: &mut [T],
    mut left: usize,
    mut right: usize,
    n: usize,
    include_edge: bool,
) -> (usize, usize) {
    let len = lane.len();
    let old = len - right - left;
    let (old, edge_offset) = if include_edge {
        (old / n * n, 1)
    } else {
        ((old - 1) / (n - 1) * (n - 1), 0)
    };
    if left > 0 {
        let chunk = old.min(left);
        let start = left - edge_offset + chunk;
        for t in 0..chunk {
            lane[left - chunk + t] = lane[start - t];
        }
        left -= chunk;
    }
    if right > 0 {
        let chunk = old.min(right);
        // Python's index `-right + edge_offset - 2`, counted from the end.
        let start = len + edge_offset - right - 2;
        let dst = len - right;
        for t in 0..chunk {
            lane[dst + t] = lane[start - t];
        }
        right -= chunk;
    }
    (left, right)
}

/// One pass of NumPy's `_set_wrap_both` on a lane; returns the widths still to fill.
fn wrap_both<T: Element>(lane: &mut [T], left: usize, right: usize, n: usize) -> (usize, usize) {
    let len = lane.len();
    let period = (len - right - left) / n * n;
    let (mut new_left, mut new_right) = (0, 0);
    if left > 0 {
        let end = left + period;
        let chunk = period.min(left);
        let dst = if left > period {
            new_left = left - period;
            left - period
        } else {
            0
        };
        lane.copy_within(end - chunk..end, dst);
    }
    if right > 0 {
        let start = len - right - period;
        let chunk = period.min(right);
        if right > period {
            new_right = right - period;
        }
        lane.copy_within(start..start + chunk, len - right);
    }
    (new_left, new_right)
}

/// `np.linspace(end, edge, width, endpoint=False)` in `f64`, cast as NumPy casts it to the
/// array's dtype (floor for integers).
fn ramp<T: Element>(end: f64, edge: f64, width: usize) -> Vec<T> {
    let delta = edge - end;
    let div = width as f64;
    let step = delta / div;
    (0..width)
        .map(|j| {
            let j = j as f64;
            let y = if step == 0.0 {
                j / div * delta
            } else {
                j * step
            } + end;
            let y = if T::DTYPE.is_float() || T::DTYPE == crate::DType::Bool {
                y
            } else {
                y.floor()
            };
            T::from_f64(y)
        })
        .collect()
}

/// The statistic of `mode` over a lane's centre, cast to `T` as NumPy's `_round_if_needed`
/// and assignment do.
fn stat<T: Element>(values: &[T], mode: PadMode) -> T {
    let is_nan = |x: T| x.partial_cmp(&x).is_none();
    let from_mean = |m: f64| {
        let integer = !T::DTYPE.is_float() && T::DTYPE != crate::DType::Bool;
        T::from_f64(if integer { m.round_ties_even() } else { m })
    };
    match mode {
        PadMode::Maximum | PadMode::Minimum => {
            let max = mode == PadMode::Maximum;
            values[1..].iter().fold(values[0], |acc, &x| {
                if is_nan(acc) {
                    acc
                } else if is_nan(x) || (max && x > acc) || (!max && x < acc) {
                    x
                } else {
                    acc
                }
            })
        }
        PadMode::Mean if T::DTYPE == crate::DType::F32 => {
            // NumPy sums float32 in float32 (in order, for lanes this short or off the inner
            // axis) and divides in float32.
            let sum = values.iter().fold(0f32, |acc, x| acc + x.to_f64() as f32);
            T::from_f64((sum / values.len() as f32) as f64)
        }
        PadMode::Mean => {
            let sum = values.iter().fold(0f64, |acc, x| acc + x.to_f64());
            from_mean(sum / values.len() as f64)
        }
        _ => {
            if let Some(&nan) = values.iter().find(|&&x| is_nan(x)) {
                return nan;
            }
            let mut sorted = values.to_vec();
            sorted.sort_by(|a, b| a.partial_cmp(b).unwrap_or(std::cmp::Ordering::Equal));
            let mid = sorted.len() / 2;
            if sorted.len() % 2 == 1 {
                from_mean(sorted[mid].to_f64())
            } else {
                from_mean((sorted[mid - 1].to_f64() + sorted[mid].to_f64()) / 2.0)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `pad_lane` on `1..=n` with the given widths, as i64.
    fn lane(n: usize, left: usize, right: usize, mode: PadMode) -> Vec<i64> {
        let mut v = vec![0i64; left + n + right];
        for i in 0..n {
            v[left + i] = i as i64 + 1;
        }
        pad_lane(&mut v, left, right, n, mode);
        v
    }

    #[test]
    fn reflect_and_symmetric_repeat_past_the_axis() {
        // np.pad([1, 2, 3], (5, 4), 'reflect') and 'symmetric'
        assert_eq!(
            lane(3, 5, 4, PadMode::Reflect),
            [2, 1, 2, 3, 2, 1, 2, 3, 2, 1, 2, 3]
        );
        assert_eq!(
            lane(3, 5, 4, PadMode::Symmetric),
            [2, 3, 3, 2, 1, 1, 2, 3, 3, 2, 1, 1]
        );
    }

    #[test]
    fn wrap_repeats_periodically() {
        // np.pad([1, 2, 3], (4, 5), 'wrap')
        assert_eq!(
            lane(3, 4, 5, PadMode::Wrap),
            [3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2]
        );
    }

    #[test]
    fn ramps_and_stats() {
        // np.pad([1, 2, 3], (3, 2), 'linear_ramp', end_values=10)
        assert_eq!(
            lane(3, 3, 2, PadMode::LinearRamp(Scalar::I64(10))),
            [10, 7, 4, 1, 2, 3, 6, 10][..]
        );
        assert_eq!(lane(3, 1, 1, PadMode::Median), [2, 1, 2, 3, 2]);
        assert_eq!(lane(4, 1, 1, PadMode::Mean), [2, 1, 2, 3, 4, 2]);
        assert_eq!(lane(3, 1, 1, PadMode::Maximum), [3, 1, 2, 3, 3]);
    }

    #[test]
    fn widths_resolve_or_refuse() {
        assert_eq!(PadWidth::from(2).resolve(2).unwrap(), [(2, 2), (2, 2)]);
        assert_eq!(
            PadWidth::from([(1, 0)]).resolve(2).unwrap(),
            [(1, 0), (1, 0)]
        );
        assert!(PadWidth::from([(1, 0), (0, 1), (2, 2)]).resolve(2).is_err());
    }
}

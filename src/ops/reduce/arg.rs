//! `argmin`, `argmax`, `nanargmin`, `nanargmax`: the index of the first extreme element along
//! one axis, or in the flattened (C-order) array.
//!
//! Invariants:
//! 1. Ties go to the first index; a NaN beats every number and the first NaN wins, as in NumPy.
//!    The NaN-ignoring forms work on a copy with NaN replaced by `+inf` (argmin) or `-inf`
//!    (argmax) after refusing all-NaN slices, which is NumPy's `nanfunctions` recipe.
//! 2. Along an axis that is innermost in memory each result scans its run; otherwise the axis is
//!    walked as the outer loop, updating every result at once with vectorisable row passes
//!    (NumPy's copy to make the axis contiguous is avoided). Either way, each result sees its
//!    elements in index order, so "first" holds.
//! 3. Large scans split into fixed pieces combined in order, so results never depend on the
//!    number of threads.

use super::axes::{Axes, Reduced};
use super::nest::{Dim, Nest, Reducer, Run, compact_strides, for_each_offset, iteration_order};
use super::plan::{Plan, dense_mut};
use super::reducers::{Extreme, WrapFold};
use crate::array::traverse::PAR_MIN_ELEMS;
use crate::array::{Array, Element, Order};
use crate::ir::DType;
use crate::{Error, Result};
use rayon::prelude::*;
use smallvec::SmallVec;

/// `np.argmax` (`MAX`) or `np.argmin`; with `skip_nan`, `np.nanargmax`/`np.nanargmin`.
pub(super) fn arg<const MAX: bool>(a: &Array, axes: &Axes, skip_nan: bool) -> Result<Array> {
    let name = match (MAX, skip_nan) {
        (true, false) => "argmax",
        (false, false) => "argmin",
        (true, true) => "nanargmax",
        (false, true) => "nanargmin",
    };
    if skip_nan && a.dtype().is_float() {
        // NumPy's NaN check reduces over the axes first, refusing bad ones before `argmin`
        // refuses a tuple.
        axes.resolve(name, a.ndim())?;
    }
    let axis = match axes.axes() {
        None => None,
        Some(&[_]) => {
            let r = axes.resolve(name, a.ndim())?;
            r.mask.iter().position(|&m| m)
        }
        Some(list) => {
            return Err(Error::Value {
                op: name,
                msg: format!(
                    "takes one axis or None, got {} axes ('tuple' object cannot be interpreted \
                     as an integer)",
                    list.len()
                ),
            });
        }
    };
    if skip_nan && a.dtype().is_float() {
        let replaced = match a.dtype() {
            DType::F32 => replace_nan::<f32, MAX>(a, axis)?,
            _ => replace_nan::<f64, MAX>(a, axis)?,
        };
        return arg_dispatch::<MAX>(&replaced, axis, axes.keeps_dims());
    }
    arg_dispatch::<MAX>(a, axis, axes.keeps_dims())
}

fn arg_dispatch<const MAX: bool>(a: &Array, axis: Option<usize>, keepdims: bool) -> Result<Array> {
    let name = if MAX { "argmax" } else { "argmin" };
    let empty = || Error::Value {
        op: name,
        msg: format!("attempt to get {name} of an empty sequence"),
    };
    match axis {
        None => {
            if a.size() == 0 {
                return Err(empty());
            }
            let c = if a.is_c_contiguous() {
                a.clone()
            } else {
                a.try_copy_order(Order::C)?
            };
            let idx = crate::dispatch!(a.dtype(), T => scan_flat::<T, MAX>(c.as_slice::<T>()?));
            let r = Array::scalar(idx as i64);
            if keepdims {
                r.reshape(&vec![1; a.ndim()])
            } else {
                Ok(r)
            }
        }
        Some(k) => {
            if a.shape()[k] == 0 {
                return Err(empty());
            }
            crate::dispatch!(a.dtype(), T => along_axis::<T, MAX>(a, k, keepdims))
        }
    }
}

/// NumPy's `_replace_nan(a, ±inf)` after its all-NaN check.
fn replace_nan<F: Element, const MAX: bool>(a: &Array, axis: Option<usize>) -> Result<Array> {
    if a.size() > 0 {
        let red = match axis {
            None => Axes::all(),
            Some(k) => Axes::from(k),
        }
        .resolve("nanargmax", a.ndim())?;
        #[expect(clippy::eq_op, reason = "x == x is the not-NaN test")]
        let numbers = |x: F| i64::from(x == x);
        let count = super::plan::run(&WrapFold::<F, i64, _, false>::new(numbers), a, &red)?;
        if count.to_vec::<i64>()?.contains(&0) {
            return Err(Error::Value {
                op: if MAX { "nanargmax" } else { "nanargmin" },
                msg: "All-NaN slice encountered".into(),
            });
        }
    }
    let fill = if MAX {
        f64::NEG_INFINITY
    } else {
        f64::INFINITY
    };
    let mut out = a.try_copy_order(Order::K)?;
    #[expect(clippy::eq_op, reason = "x != x is the NaN test")]
    dense_mut::<F>(&mut out)?
        .iter_mut()
        .filter(|x| **x != **x)
        .for_each(|x| *x = F::from_f64(fill));
    Ok(out)
}

/// True when `x` beats `best`: strictly more extreme, or a NaN against a number.
#[inline(always)]
#[expect(clippy::eq_op, reason = "x != x is the NaN test")]
fn better<T: Element, const MAX: bool>(x: T, best: T) -> bool {
    let more = if MAX { x > best } else { x < best };
    more || (x != x && best == best)
}

/// Index of the first extreme element of a non-empty run.
#[expect(clippy::eq_op, reason = "x != x is the NaN test")]
fn scan<T: Element, const MAX: bool>(run: Run<'_, T>) -> usize {
    let mut best = run.get(0);
    let mut at = 0;
    if best != best {
        return 0;
    }
    match run {
        Run::Contiguous(x) => {
            // The extreme of each block is a vector loop; only a block that improves on the
            // best so far is searched for its first extreme element.
            let mut start = 1;
            for block in x[1..].chunks(256) {
                let m = Extreme::<T, MAX, true>::new().partial(Run::Contiguous(block));
                if better::<T, MAX>(m, best) {
                    let pos = block
                        .iter()
                        .position(|&v| v == m || (m != m && v != v))
                        .unwrap_or(0);
                    best = block[pos];
                    at = start + pos;
                    if best != best {
                        return at;
                    }
                }
                start += block.len();
            }
        }
        Run::Strided(x) => {
            for i in 1..x.len() {
                let v = x.get(i);
                if better::<T, MAX>(v, best) {
                    best = v;
                    at = i;
                    if v != v {
                        break;
                    }
                }
            }
        }
    }
    at
}

/// [`scan`] of a large slice in fixed pieces on the pool, combined in order.
fn scan_flat<T: Element, const MAX: bool>(x: &[T]) -> usize {
    const PIECE: usize = 16 * PAR_MIN_ELEMS;
    if x.len() < 2 * PIECE || rayon::current_num_threads() == 1 {
        return scan::<T, MAX>(Run::Contiguous(x));
    }
    let parts: Vec<usize> = x
        .par_chunks(PIECE)
        .map(|c| scan::<T, MAX>(Run::Contiguous(c)))
        .collect();
    let mut at = parts[0];
    for (p, &i) in parts.iter().enumerate().skip(1) {
        let j = p * PIECE + i;
        if better::<T, MAX>(x[j], x[at]) {
            at = j;
        }
    }
    at
}

/// The index of the extreme along axis `k` (non-empty) for every other index.
fn along_axis<T: Element, const MAX: bool>(a: &Array, k: usize, keepdims: bool) -> Result<Array> {
    let red = Reduced {
        mask: (0..a.ndim()).map(|ax| ax == k).collect(),
        keepdims,
    };
    let plan = Plan::new(a, &red);
    let mut out = Array::with_fresh_layout(plan.result_layout(8), DType::I64)?;
    if out.size() == 0 {
        return Ok(out);
    }
    let nest = plan.nest();
    let isz = a.itemsize() as isize;
    let base = a.base_ptr().cast::<T>();
    let idx = dense_mut::<i64>(&mut out)?;
    if nest.dims[0].out == 0 {
        // The axis is innermost in memory: each result scans its run.
        let (d0, outer) = (nest.dims[0], &nest.dims[1..]);
        let mut offsets = Vec::new();
        for_each_offset(outer, |i, o| offsets.push((i, o)));
        let base = base as usize;
        let scan_at = |&(i, o): &(isize, isize)| {
            // SAFETY: `i` is an offset of the nest over `a` (Array invariant 1), only read.
            let run = unsafe { Run::new((base as *const T).offset(i), d0.len, d0.inp) };
            (o, scan::<T, MAX>(run) as i64)
        };
        let found: Vec<(isize, i64)> = if a.size() >= 2 * PAR_MIN_ELEMS {
            offsets.par_iter().map(scan_at).collect()
        } else {
            offsets.iter().map(scan_at).collect()
        };
        for (o, i) in found {
            idx[o as usize] = i;
        }
        return Ok(out);
    }
    // The axis is outer in memory: walk it, updating every result with a row pass.
    let n = a.shape()[k];
    let step = a.strides()[k] / isz;
    let kept: SmallVec<[usize; 6]> = (0..a.ndim()).filter(|&ax| ax != k).collect();
    let shape: SmallVec<[usize; 6]> = kept.iter().map(|&ax| a.shape()[ax]).collect();
    let inp: SmallVec<[isize; 6]> = kept.iter().map(|&ax| a.strides()[ax] / isz).collect();
    let order = iteration_order(&shape, &inp);
    let (outs, size) = compact_strides(&shape, &vec![false; shape.len()], &order);
    let rows = Nest::new(&shape, &inp, &outs, &order);
    let mut best: Vec<T> = vec![T::default(); size];
    for i in 0..n {
        // SAFETY: `i < n` indexes axis `k` of `a`; the row offsets are those of `a` without `k`.
        let row = unsafe { base.offset(i as isize * step) };
        each_run(&rows.dims, |xi, o, d0| {
            // SAFETY: a run of `a` (Array invariant 1) and the matching results, whose compact
            // offsets are distinct within a run (a kept axis).
            let x = unsafe { Run::new(row.offset(xi), d0.len, d0.inp) };
            let o = o as usize;
            let stride = d0.out as usize;
            for j in 0..d0.len {
                let (v, b) = (x.get(j), &mut best[o + j * stride]);
                if i == 0 || better::<T, MAX>(v, *b) {
                    *b = v;
                    idx[o + j * stride] = i as i64;
                }
            }
        });
    }
    Ok(out)
}

/// Calls `f(in_offset, out_offset, innermost)` for each innermost run of `dims`.
fn each_run(dims: &[Dim], mut f: impl FnMut(isize, isize, Dim)) {
    let d0 = dims[0];
    for_each_offset(&dims[1..], |i, o| f(i, o, d0));
}

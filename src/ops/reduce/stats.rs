//! `mean`, `var`, `std` and the NaN-ignoring `nansum`, `nanmean`, `nanvar`, `nanstd`, written
//! as NumPy's `_methods.py` and `nanfunctions.py` write them, step for step, so the float
//! results match NumPy's bit for bit:
//!
//! - `mean` sums (integers and bool in `float64`, through NumPy's buffer) and divides by the
//!   count in `float64` (NumPy divides by an `intp` scalar, which promotes `float32` to
//!   `float64`), then casts back.
//! - `var` computes the mean with `keepdims`, squares `x - mean` into a temporary laid out in the
//!   input's memory order, sums that, and divides by `max(n - ddof, 0)` (so too large a `ddof`
//!   gives `inf` or NaN, as in NumPy). `std` is its square root.
//! - The NaN-ignoring forms of float arrays work on a copy in memory order (`order='K'`) with
//!   NaN replaced by 0, count the non-NaN elements, divide in `float64`, and for `nanvar` give
//!   NaN where `count - ddof <= 0`. For integer and bool arrays they are the plain forms.

use super::axes::Reduced;
use super::pairwise::Real;
use super::plan::{dense_mut, iteration_layout, run};
use super::reducers::{PairwiseSum, WrapFold};
use crate::array::traverse::{self, Operand, par_for_each_run};
use crate::array::{Array, Element, Layout};
use crate::ir::DType;
use crate::{Error, Result};

/// `np.mean`.
pub(super) fn mean(a: &Array, red: &Reduced) -> Result<Array> {
    let n = red.group_size(a.shape()) as f64;
    match_kind!(a.dtype(),
        float F => divide::<F>(run(&PairwiseSum::new(|x: F| x, false), a, red)?, n),
        unsigned U => divide::<f64>(run(&PairwiseSum::new(|x: U| x.to_f64(), true), a, red)?, n),
        signed S => divide::<f64>(run(&PairwiseSum::new(|x: S| x.to_f64(), true), a, red)?, n),
    )
}

/// `np.var` with `ddof`.
pub(super) fn var(a: &Array, red: &Reduced, ddof: usize) -> Result<Array> {
    match_kind!(a.dtype(),
        float F => var_typed::<F, F>(a, red, ddof, |x: F| x, false),
        unsigned U => var_typed::<U, f64>(a, red, ddof, |x: U| x.to_f64(), true),
        signed S => var_typed::<S, f64>(a, red, ddof, |x: S| x.to_f64(), true),
    )
}

/// `np.std` with `ddof`.
pub(super) fn std(a: &Array, red: &Reduced, ddof: usize) -> Result<Array> {
    sqrt(var(a, red, ddof)?)
}

fn var_typed<T: Element, A: Real>(
    a: &Array,
    red: &Reduced,
    ddof: usize,
    lift: impl Fn(T) -> A + Sync + Copy,
    buffered: bool,
) -> Result<Array> {
    let n = red.group_size(a.shape());
    let keep = with_keepdims(red);
    let mean = divide::<A>(run(&PairwiseSum::new(lift, buffered), a, &keep)?, n as f64)?;
    let x = squared_deviations(
        a,
        &mean,
        lift,
        iteration_layout(a, A::DTYPE.itemsize()),
        false,
    )?;
    let ss = run(&PairwiseSum::new(|v: A| v, false), &x, red)?;
    divide::<A>(ss, n.saturating_sub(ddof) as f64)
}

/// `np.nansum`.
pub(super) fn nansum(a: &Array, red: &Reduced) -> Result<Array> {
    match a.dtype() {
        DType::F32 => nansum_float::<f32>(a, red),
        DType::F64 => nansum_float::<f64>(a, red),
        _ => super::sum_of(a, red),
    }
}

/// `np.nanmean`.
pub(super) fn nanmean(a: &Array, red: &Reduced) -> Result<Array> {
    match a.dtype() {
        DType::F32 => nanmean_float::<f32>(a, red),
        DType::F64 => nanmean_float::<f64>(a, red),
        _ => mean(a, red),
    }
}

/// `np.nanvar` with `ddof`.
pub(super) fn nanvar(a: &Array, red: &Reduced, ddof: usize) -> Result<Array> {
    match a.dtype() {
        DType::F32 => nanvar_float::<f32>(a, red, ddof),
        DType::F64 => nanvar_float::<f64>(a, red, ddof),
        _ => var(a, red, ddof),
    }
}

/// `np.nanstd` with `ddof`.
pub(super) fn nanstd(a: &Array, red: &Reduced, ddof: usize) -> Result<Array> {
    sqrt(nanvar(a, red, ddof)?)
}

/// The sum of a float array with NaN as 0, over NumPy's copy in memory order. When `a` is
/// already dense in that order the copy would change nothing, so NaN is replaced on the fly.
fn nansum_float<F: Real>(a: &Array, red: &Reduced) -> Result<Array> {
    if dense_in_memory_order(a) {
        run(
            &PairwiseSum::new(|x: F| nan_to::<F>(x, F::ZERO), false),
            a,
            red,
        )
    } else {
        let copy = copy_replacing_nan::<F>(a, F::ZERO)?;
        run(&PairwiseSum::new(|x: F| x, false), &copy, red)
    }
}

fn nanmean_float<F: Real>(a: &Array, red: &Reduced) -> Result<Array> {
    let mut total = nansum_float::<F>(a, red)?;
    let count = non_nan_count::<F>(a, red)?;
    zip_update::<F, i64>(&mut total, &count, |t, c| {
        F::from_f64(t.to_f64() / c as f64)
    })?;
    Ok(total)
}

fn nanvar_float<F: Real>(a: &Array, red: &Reduced, ddof: usize) -> Result<Array> {
    let keep = with_keepdims(red);
    let count = non_nan_count::<F>(a, &keep)?;
    let mut mean = nansum_float::<F>(a, &keep)?;
    zip_update::<F, i64>(&mut mean, &count, |t, c| F::from_f64(t.to_f64() / c as f64))?;
    let x = squared_deviations(
        a,
        &mean,
        |x: F| x,
        a.layout().keep_order(F::DTYPE.itemsize()),
        true,
    )?;
    let mut var = run(&PairwiseSum::new(|v: F| v, false), &x, &keep)?;
    let ddof = i64::try_from(ddof).unwrap_or(i64::MAX);
    zip_update::<F, i64>(&mut var, &count, |v, c| {
        let dof = c.saturating_sub(ddof);
        if dof <= 0 {
            F::from_f64(f64::NAN)
        } else {
            F::from_f64(v.to_f64() / dof as f64)
        }
    })?;
    drop_reduced_axes(var, red)
}

/// `x` if it is a number, else `v`.
#[inline(always)]
#[expect(clippy::eq_op, reason = "x != x is the NaN test")]
fn nan_to<F: Real>(x: F, v: F) -> F {
    if x != x { v } else { x }
}

/// Number of non-NaN elements per result element, as `int64`.
fn non_nan_count<F: Real>(a: &Array, red: &Reduced) -> Result<Array> {
    #[expect(clippy::eq_op, reason = "x == x is the not-NaN test")]
    let lift = |x: F| i64::from(x == x);
    run(&WrapFold::<F, i64, _, false>::new(lift), a, red)
}

/// The same axes with `keepdims`.
fn with_keepdims(red: &Reduced) -> Reduced {
    Reduced {
        mask: red.mask.clone(),
        keepdims: true,
    }
}

/// A `keepdims` result reshaped to the shape `red` asks for (a view: results are dense).
fn drop_reduced_axes(keep: Array, red: &Reduced) -> Result<Array> {
    if red.keepdims {
        return Ok(keep);
    }
    let shape: Vec<isize> = (0..keep.ndim())
        .filter(|&ax| !red.mask[ax])
        .map(|ax| keep.shape()[ax] as isize)
        .collect();
    keep.reshape(&shape)
}

/// True when `a` is laid out exactly as its `order='K'` copy would be.
fn dense_in_memory_order(a: &Array) -> bool {
    let k = a.layout().keep_order(a.itemsize());
    a.shape()
        .iter()
        .zip(a.strides().iter().zip(&k.strides))
        .all(|(&len, (s, t))| len <= 1 || s == t)
}

/// NumPy's `np.array(a, copy=True)` (memory order) with NaN replaced by `v`.
fn copy_replacing_nan<F: Real>(a: &Array, v: F) -> Result<Array> {
    let mut out = Array::with_fresh_layout(a.layout().keep_order(a.itemsize()), a.dtype())?;
    let strides = out.layout().strides.clone();
    let ptr = out.make_mut_ptr()?;
    let dst = Operand {
        ptr,
        strides: &strides,
    };
    let src = Operand {
        ptr: a.base_ptr().cast_mut(),
        strides: a.strides(),
    };
    // SAFETY: `dst` is the fresh unique output with `a`'s shape and dtype; `src` is `a`, valid
    // by Array invariant 1 and not sharing the fresh buffer.
    unsafe { traverse::map_into::<F, F>(a.shape(), dst, src, move |x| nan_to(x, v)) };
    Ok(out)
}

/// A fresh array laid out by `layout` (with `a`'s shape) holding `(lift(a) - mean)²`, `mean`
/// broadcast along the reduced axes; with `zero_nan`, 0 where `a` is NaN (as `nanvar` does).
fn squared_deviations<T: Element, A: Real>(
    a: &Array,
    mean: &Array,
    lift: impl Fn(T) -> A + Sync + Copy,
    layout: Layout,
    zero_nan: bool,
) -> Result<Array> {
    let m = mean.broadcast_to(a.shape())?;
    let strides = layout.strides.clone();
    let mut out = Array::with_fresh_layout(layout, A::DTYPE)?;
    let ptr = out.make_mut_ptr()?;
    let ops = [
        Operand {
            ptr,
            strides: &strides,
        },
        Operand {
            ptr: a.base_ptr().cast_mut(),
            strides: a.strides(),
        },
        Operand {
            ptr: m.base_ptr().cast_mut(),
            strides: m.strides(),
        },
    ];
    #[expect(clippy::eq_op, reason = "x != x is the NaN test")]
    let f = move |x: T, m: A| {
        if zero_nan && x != x {
            A::ZERO
        } else {
            let d = lift(x) - m;
            d * d
        }
    };
    let (so, sx, sm) = (
        size_of::<A>() as isize,
        size_of::<T>() as isize,
        size_of::<A>() as isize,
    );
    // SAFETY: the output is fresh, unique and laid out by `strides` over `a`'s shape; `a` and
    // the broadcast mean are valid arrays of that shape (Array invariant 1), only read.
    unsafe {
        par_for_each_run(a.shape(), ops, |[o, x, m], n, [ko, kx, km]| {
            let (o, x, m) = (
                o.cast::<A>(),
                x.cast_const().cast::<T>(),
                m.cast_const().cast::<A>(),
            );
            for i in 0..n as isize {
                let (o, x, m) = (
                    o.offset(i * ko / so),
                    x.offset(i * kx / sx),
                    m.offset(i * km / sm),
                );
                o.write(f(x.read(), m.read()));
            }
        });
    }
    Ok(out)
}

/// `x[i] = f(x[i], y[i])` over two arrays of the same shape, `x` fresh (so unique).
fn zip_update<A: Element, B: Element>(
    x: &mut Array,
    y: &Array,
    f: impl Fn(A, B) -> A + Sync,
) -> Result<()> {
    if x.shape() != y.shape() || x.dtype() != A::DTYPE || y.dtype() != B::DTYPE {
        return Err(Error::Shape {
            op: "reduce",
            msg: "internal: mismatched partial results".into(),
        });
    }
    let strides = x.layout().strides.clone();
    let ptr = x.make_mut_ptr()?;
    let ops = [
        Operand {
            ptr,
            strides: &strides,
        },
        Operand {
            ptr: y.base_ptr().cast_mut(),
            strides: y.strides(),
        },
    ];
    let (sa, sb) = (size_of::<A>() as isize, size_of::<B>() as isize);
    // SAFETY: `x` is unique after `make_mut_ptr` and does not alias itself (a fresh result);
    // `y` is a valid array of the same shape, another buffer, only read.
    unsafe {
        par_for_each_run(x.shape(), ops, |[p, q], n, [kp, kq]| {
            let (p, q) = (p.cast::<A>(), q.cast_const().cast::<B>());
            for i in 0..n as isize {
                let p = p.offset(i * kp / sa);
                p.write(f(p.read(), q.offset(i * kq / sb).read()));
            }
        });
    }
    Ok(())
}

/// Divides every element of a fresh result by `n`, in `float64`, and casts back.
fn divide<A: Real>(mut s: Array, n: f64) -> Result<Array> {
    for x in dense_mut::<A>(&mut s)? {
        *x = A::from_f64(x.to_f64() / n);
    }
    Ok(s)
}

/// Square root of every element of a fresh float result.
fn sqrt(mut v: Array) -> Result<Array> {
    match v.dtype() {
        DType::F32 => dense_mut::<f32>(&mut v)?
            .iter_mut()
            .for_each(|x| *x = x.sqrt()),
        _ => dense_mut::<f64>(&mut v)?
            .iter_mut()
            .for_each(|x| *x = x.sqrt()),
    }
    Ok(v)
}

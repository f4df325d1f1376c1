//! Accumulations: `cumsum`, `cumprod`, their NaN-ignoring forms, `ufunc.accumulate` for any
//! binary op (`np.maximum.accumulate`), and `diff`.
//!
//! Invariants:
//! 1. Dtypes follow NumPy 2: `add` and `multiply` accumulate bool and integers narrower than 64
//!    bits in `int64` (`uint64` for unsigned); the logical ops accumulate in bool; every other op
//!    uses the loop NumPy resolves for `(dtype, dtype)`, and must return its input type (so
//!    comparisons accumulate only bools), else NumPy's "no loop" error.
//! 2. The scan runs sequentially along the axis in the loop dtype, element by element as NumPy
//!    does (no pairwise summation), so float results are NumPy's bit for bit and integers wrap.
//! 3. The output is fresh and laid out like the input (NumPy's `order='K'`); the element loop
//!    goes through the traversal core: one lane per run when the axis is the innermost in
//!    memory, else one vectorisable pass per position along the axis.

use super::errstate::{self, FpWatch};
use super::kernels::{Bits, Float, Num};
use super::select::where_;
use super::ufunc::binary;
use crate::array::traverse::{Operand, par_for_each_run};
use crate::array::{Array, Element, Layout};
use crate::error::normalize_axis;
use crate::index::SliceElem;
use crate::ir::{BinaryOp, DType, UnaryOp};
use crate::{Error, Result};
use smallvec::SmallVec;

/// The accumulating dtype for `op` over `dtype` (invariant 1).
fn loop_dtype(op: BinaryOp, dtype: DType) -> Result<DType> {
    use BinaryOp as B;
    let narrow = dtype.is_bool() || (dtype.is_integer() && dtype.itemsize() < 8);
    if matches!(op, B::Add | B::Multiply) && narrow {
        return Ok(if dtype.is_unsigned() {
            DType::U64
        } else {
            DType::I64
        });
    }
    if matches!(op, B::LogicalAnd | B::LogicalOr | B::LogicalXor) {
        return Ok(DType::Bool);
    }
    // NumPy's true division of bool and integers always uses the float64 loop (its
    // `TrueDivisionTypeResolver`), also for int8 and uint8.
    if op == B::TrueDivide && !dtype.is_float() {
        return Ok(DType::F64);
    }
    let lp = op
        .resolve(dtype.into(), dtype.into())
        .map_err(|e| Error::Value {
            op: e.op,
            msg: e.to_string(),
        })?;
    if lp.input != lp.output {
        return Err(Error::Value {
            op: op.name(),
            msg: format!(
                "No loop matching the specified signature and casting was found for ufunc {}",
                op.name()
            ),
        });
    }
    Ok(lp.input)
}

/// Accumulates `op` along `axis` (`np.<op>.accumulate(a, axis)`): element `k` of the result is
/// `op` applied to elements `0..=k` from the left.
///
/// NumPy's `ufunc.accumulate` has `axis=0` as its default. Dtypes follow NumPy 2: `Add` and
/// `Multiply` accumulate bool and narrow integers in `int64` (`uint64` for unsigned), the logical
/// ops in bool, and every other op in the dtype of its loop (`Maximum` keeps `int8`; `TrueDivide`
/// of integers gives floats). Integer results wrap.
///
/// # Errors
/// [`Error::Value`] for a 0-d array ("cannot accumulate on a scalar"), an op whose loop does
/// not return its input type (comparisons of non-bool arrays, as in NumPy), an op with no loop
/// for the dtype (`Subtract` of bool), or a negative integer exponent for `Power`;
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::accumulate;
/// use numfuse::ir::BinaryOp;
/// let a = array![[1i64, 5, 2], [4, 3, 6]];
/// let m = accumulate(BinaryOp::Maximum, &a, 1)?;
/// assert_eq!(m.to_vec::<i64>()?, vec![1, 5, 5, 4, 4, 6]);
/// let s = accumulate(BinaryOp::Add, &a, 0)?;
/// assert_eq!(s.to_vec::<i64>()?, vec![1, 5, 2, 5, 8, 8]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn accumulate(op: BinaryOp, a: &Array, axis: isize) -> Result<Array> {
    if a.ndim() == 0 {
        return Err(Error::Value {
            op: "accumulate",
            msg: "cannot accumulate on a scalar".into(),
        });
    }
    let axis = normalize_axis(axis, a.ndim())?;
    accumulate_along(op, a, axis)
}

/// [`accumulate`] with a normalised axis of an array with at least one dimension.
fn accumulate_along(op: BinaryOp, a: &Array, axis: usize) -> Result<Array> {
    let t = loop_dtype(op, a.dtype())?;
    let src = if a.dtype() == t {
        a.clone()
    } else {
        a.astype(t)
    };
    if op == BinaryOp::Power && t.is_signed() && negative_exponent(&src, axis)? {
        return Err(Error::Value {
            op: "power",
            msg: "Integers to negative integer powers are not allowed.".into(),
        });
    }
    let watch = FpWatch::new();
    let int_division = matches!(
        op,
        BinaryOp::FloorDivide | BinaryOp::Remainder | BinaryOp::Fmod
    );
    if watch.enabled() && int_division && t.is_integer() && tail_any(&src, axis, |x| x == 0)? {
        watch.raise(errstate::DIVIDE);
    }
    let layout = src.layout().keep_order(t.itemsize());
    let mut out = Array::with_fresh_layout(layout, t)?;
    let ptr = out.make_mut_ptr()?;
    let layout = out.layout().clone();
    // SAFETY: `out` is fresh, unique and non-aliasing, laid out by `layout` with `src`'s shape
    // and dtype `t`; `src` is a valid array of dtype `t` that cannot share `out`'s buffer.
    unsafe { run_scan(op, t, &src, ptr, &layout, axis, &watch) };
    // Floating-point conditions are reported under the caller's errstate, named as NumPy does.
    watch.finish("accumulate")?;
    Ok(out)
}

/// True when an element that `Power` would use as an exponent (position 1 onwards along `axis`)
/// is negative.
fn negative_exponent(src: &Array, axis: usize) -> Result<bool> {
    tail_any(src, axis, |x| x < 0)
}

/// True when `pred` holds for an element at position 1 onwards along `axis` (the right-hand
/// operands of the scan), read as `i64`.
fn tail_any(src: &Array, axis: usize, pred: impl Fn(i64) -> bool) -> Result<bool> {
    let tail = src.slice(axis_slice(src.ndim(), axis, Some(1), None))?;
    Ok(crate::dispatch!(tail.dtype(), T => tail.view::<T>()?.iter().any(|x| pred(x.to_i64()))))
}

/// A full index that takes `start..stop` along `axis` and everything along the other axes.
fn axis_slice(
    ndim: usize,
    axis: usize,
    start: Option<isize>,
    stop: Option<isize>,
) -> Vec<SliceElem> {
    (0..ndim)
        .map(|ax| SliceElem::Slice {
            start: if ax == axis { start } else { None },
            stop: if ax == axis { stop } else { None },
            step: 1,
        })
        .collect()
}

/// The array and axis an `axis: Option<isize>` argument means for `cumsum` and friends: `None`
/// flattens (C order); a 0-d array counts as 1-d, as in NumPy.
fn flat_or_axis(a: &Array, axis: Option<isize>) -> Result<(Array, usize)> {
    match axis {
        None => Ok((a.reshape(&[-1])?, 0)),
        Some(ax) if a.ndim() == 0 => Ok((a.reshape(&[1])?, normalize_axis(ax, 1)?)),
        Some(ax) => Ok((a.clone(), normalize_axis(ax, a.ndim())?)),
    }
}

/// Cumulative sum along `axis`, or over the flattened array for `None` (`np.cumsum`).
///
/// Bool and integers narrower than 64 bits are summed in `int64` (`uint64` for unsigned), floats
/// in their own type, sequentially (results are NumPy's bit for bit); integer sums wrap.
///
/// # Errors
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1u8, 2, 3], [4, 5, 6]];
/// let flat = a.cumsum(None)?;
/// assert_eq!(flat.dtype(), DType::U64);
/// assert_eq!(flat.to_vec::<u64>()?, vec![1, 3, 6, 10, 15, 21]);
/// assert_eq!(a.cumsum(Some(1))?.to_vec::<u64>()?, vec![1, 3, 6, 4, 9, 15]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn cumsum(a: &Array, axis: Option<isize>) -> Result<Array> {
    let (a, axis) = flat_or_axis(a, axis)?;
    accumulate_along(BinaryOp::Add, &a, axis)
}

/// Cumulative product along `axis`, or over the flattened array for `None` (`np.cumprod`).
/// Dtypes as in [`cumsum`].
///
/// # Errors
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![1.0, 2.0, 3.0, 4.0];
/// assert_eq!(a.cumprod(None)?.to_vec::<f64>()?, vec![1.0, 2.0, 6.0, 24.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn cumprod(a: &Array, axis: Option<isize>) -> Result<Array> {
    let (a, axis) = flat_or_axis(a, axis)?;
    accumulate_along(BinaryOp::Multiply, &a, axis)
}

/// `a` with NaN replaced by `value` (NumPy's `_replace_nan`); non-float arrays are returned as is.
fn replace_nan(a: &Array, value: f64) -> Result<Array> {
    if !a.dtype().is_float() {
        return Ok(a.clone());
    }
    let nan = super::ufunc::unary(UnaryOp::IsNan, a)?;
    where_(&nan, value, a)
}

/// [`cumsum`] treating NaN as zero (`np.nancumsum`).
///
/// # Errors
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![f64::NAN, 1.0, f64::NAN, 2.0];
/// assert_eq!(a.nancumsum(None)?.to_vec::<f64>()?, vec![0.0, 1.0, 1.0, 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn nancumsum(a: &Array, axis: Option<isize>) -> Result<Array> {
    cumsum(&replace_nan(a, 0.0)?, axis)
}

/// [`cumprod`] treating NaN as one (`np.nancumprod`).
///
/// # Errors
/// [`Error::AxisOutOfRange`].
pub fn nancumprod(a: &Array, axis: Option<isize>) -> Result<Array> {
    cumprod(&replace_nan(a, 1.0)?, axis)
}

/// The `n`-th discrete difference along `axis` (`np.diff(a, n, axis)`; NumPy's default axis
/// is -1): `a[1:] - a[:-1]`, `n` times.
///
/// `n == 0` returns `a` unchanged. Bool arrays use `not_equal` instead of subtraction, as in
/// NumPy; integers keep their dtype and wrap (`uint8` 2 - 5 is 253). Each pass shortens the axis
/// by one, down to length 0.
///
/// # Errors
/// [`Error::Value`] for a 0-d array (with `n > 0`), [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![1i64, 2, 4, 7, 0];
/// assert_eq!(a.diff(1, -1)?.to_vec::<i64>()?, vec![1, 2, 3, -7]);
/// assert_eq!(a.diff(2, -1)?.to_vec::<i64>()?, vec![1, 1, -10]);
/// let m = array![[1.0, 3.0], [4.0, 9.0]];
/// assert_eq!(m.diff(1, 0)?.to_vec::<f64>()?, vec![3.0, 6.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn diff(a: &Array, n: usize, axis: isize) -> Result<Array> {
    if n == 0 {
        return Ok(a.clone());
    }
    if a.ndim() == 0 {
        return Err(Error::Value {
            op: "diff",
            msg: "diff requires input that is at least one dimensional".into(),
        });
    }
    let axis = normalize_axis(axis, a.ndim())?;
    let op = if a.dtype().is_bool() {
        BinaryOp::NotEqual
    } else {
        BinaryOp::Subtract
    };
    let ndim = a.ndim();
    let mut cur = a.clone();
    for _ in 0..n {
        let hi = cur.slice(axis_slice(ndim, axis, Some(1), None))?;
        let lo = cur.slice(axis_slice(ndim, axis, None, Some(-1)))?;
        cur = binary(op, &hi, &lo)?;
        if cur.shape()[axis] == 0 {
            // Further passes keep an empty axis empty (and the dtype unchanged).
            break;
        }
    }
    Ok(cur)
}

impl Array {
    /// Cumulative sum along `axis`, or over the flattened array for `None` (`a.cumsum(axis)`).
    /// See [`cumsum`].
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`].
    pub fn cumsum(&self, axis: Option<isize>) -> Result<Array> {
        cumsum(self, axis)
    }

    /// Cumulative product along `axis`, or over the flattened array for `None`
    /// (`a.cumprod(axis)`). See [`cumprod`].
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`].
    pub fn cumprod(&self, axis: Option<isize>) -> Result<Array> {
        cumprod(self, axis)
    }

    /// [`Array::cumsum`] treating NaN as zero (`np.nancumsum`).
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`].
    pub fn nancumsum(&self, axis: Option<isize>) -> Result<Array> {
        nancumsum(self, axis)
    }

    /// [`Array::cumprod`] treating NaN as one (`np.nancumprod`).
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`].
    pub fn nancumprod(&self, axis: Option<isize>) -> Result<Array> {
        nancumprod(self, axis)
    }

    /// The `n`-th discrete difference along `axis` (`np.diff(a, n, axis)`). See
    /// [`diff`].
    ///
    /// # Errors
    /// As [`diff`].
    pub fn diff(&self, n: usize, axis: isize) -> Result<Array> {
        diff(self, n, axis)
    }
}

/// Runs `$body` with `$T` bound to `f32` or `f64`; loop resolution sends only floats here.
macro_rules! dispatch_float {
    ($t:expr, $T:ident => $body:expr) => {
        match $t {
            DType::F32 => {
                type $T = f32;
                $body
            }
            DType::F64 => {
                type $T = f64;
                $body
            }
            other => unreachable!("float loop resolved to {other}"),
        }
    };
}

/// Scans `src` along `axis` into `out` with `op`'s scalar function for dtype `t`.
///
/// # Safety
/// As [`scan`], with `t` the dtype of `src` and `out`, and `op`'s loop for `t` existing and
/// returning `t` (invariant 1).
unsafe fn run_scan(
    op: BinaryOp,
    t: DType,
    src: &Array,
    out: *mut u8,
    layout: &Layout,
    axis: usize,
    watch: &FpWatch,
) {
    use BinaryOp as B;
    macro_rules! go {
        ($T:ty, $f:expr) => {
            // SAFETY: forwarded from the caller.
            unsafe { scan::<$T>(src, out, layout, axis, watch, $f) }
        };
    }
    match op {
        B::Add => crate::dispatch!(t, T => go!(T, <T as Num>::add)),
        B::Subtract => crate::dispatch!(t, T => go!(T, <T as Num>::sub)),
        B::Multiply => crate::dispatch!(t, T => go!(T, <T as Num>::mul)),
        B::FloorDivide => crate::dispatch!(t, T => go!(T, <T as Num>::floor_div)),
        B::Remainder => crate::dispatch!(t, T => go!(T, <T as Num>::rem)),
        B::Fmod => crate::dispatch!(t, T => go!(T, <T as Num>::fmod)),
        B::Power => crate::dispatch!(t, T => go!(T, <T as Num>::pow)),
        B::Maximum => crate::dispatch!(t, T => go!(T, <T as Num>::maximum)),
        B::Minimum => crate::dispatch!(t, T => go!(T, <T as Num>::minimum)),
        B::Fmax => crate::dispatch!(t, T => go!(T, <T as Num>::fmax)),
        B::Fmin => crate::dispatch!(t, T => go!(T, <T as Num>::fmin)),
        B::TrueDivide => dispatch_float!(t, T => go!(T, <T as Float>::div)),
        B::Arctan2 => dispatch_float!(t, T => go!(T, <T as Float>::atan2)),
        B::Hypot => dispatch_float!(t, T => go!(T, <T as Float>::hypot)),
        B::Copysign => dispatch_float!(t, T => go!(T, <T as Float>::copysign)),
        B::BitwiseAnd => crate::dispatch!(t, T => go!(T, <T as Bits>::and)),
        B::BitwiseOr => crate::dispatch!(t, T => go!(T, <T as Bits>::or)),
        B::BitwiseXor => crate::dispatch!(t, T => go!(T, <T as Bits>::xor)),
        B::LeftShift => crate::dispatch!(t, T => go!(T, <T as Bits>::shl)),
        B::RightShift => crate::dispatch!(t, T => go!(T, <T as Bits>::shr)),
        // The predicates accumulate only bools (invariant 1).
        B::LogicalAnd => go!(bool, |a: bool, b: bool| a & b),
        B::LogicalOr => go!(bool, |a: bool, b: bool| a | b),
        B::LogicalXor | B::NotEqual => go!(bool, |a: bool, b: bool| a ^ b),
        B::Equal => go!(bool, |a: bool, b: bool| !(a ^ b)),
        B::Less => go!(bool, |a: bool, b: bool| !a & b),
        B::LessEqual => go!(bool, |a: bool, b: bool| !a | b),
        B::Greater => go!(bool, |a: bool, b: bool| a & !b),
        B::GreaterEqual => go!(bool, |a: bool, b: bool| a | !b),
    }
}

/// `out[.., 0, ..] = src[.., 0, ..]` and `out[.., k, ..] = f(out[.., k-1, ..], src[.., k, ..])`
/// along `axis` (invariants 2 and 3), recording floating-point conditions in `watch`.
///
/// # Safety
/// `out` must be element 0 of a unique, writable buffer that `layout` fits, holding `T`s, with no
/// two indices aliasing (layout condition 3); `src` must hold `T`s, have `layout`'s shape, and
/// not overlap `out`.
unsafe fn scan<T: Element>(
    src: &Array,
    out: *mut u8,
    layout: &Layout,
    axis: usize,
    watch: &FpWatch,
    f: impl Fn(T, T) -> T + Sync,
) {
    let shape = &layout.shape;
    let n = shape[axis];
    if shape.contains(&0) {
        return;
    }
    let others = |s: &[isize]| -> SmallVec<[isize; 6]> {
        s.iter()
            .enumerate()
            .filter(|&(ax, _)| ax != axis)
            .map(|(_, &v)| v)
            .collect()
    };
    let rest_shape: SmallVec<[usize; 6]> = shape
        .iter()
        .enumerate()
        .filter(|&(ax, _)| ax != axis)
        .map(|(_, &v)| v)
        .collect();
    let (rest_out, rest_src) = (others(&layout.strides), others(src.strides()));
    let (so, ss) = (layout.strides[axis], src.strides()[axis]);
    let src_ptr = src.base_ptr().cast_mut();
    let innermost = shape
        .iter()
        .zip(&layout.strides)
        .enumerate()
        .all(|(ax, (&len, &st))| ax == axis || len == 1 || st.unsigned_abs() > so.unsigned_abs());
    if innermost {
        let ops = [
            Operand {
                ptr: out,
                strides: &rest_out,
            },
            Operand {
                ptr: src_ptr,
                strides: &rest_src,
            },
        ];
        // SAFETY: each run position is element 0 of one lane along `axis` in both operands; the
        // lane's `n` elements are in bounds (the caller's contract), and lanes are disjoint.
        unsafe {
            par_for_each_run(&rest_shape, ops, |[o, s], len, [step_o, step_s]| {
                watch.run(|| {
                    for j in 0..len as isize {
                        let (o, s) = (o.offset(j * step_o), s.offset(j * step_s));
                        let mut acc = s.cast::<T>().read();
                        o.cast::<T>().write(acc);
                        for k in 1..n as isize {
                            acc = f(acc, s.offset(k * ss).cast::<T>().read());
                            o.offset(k * so).cast::<T>().write(acc);
                        }
                    }
                });
            });
        }
        return;
    }
    let ts = size_of::<T>() as isize;
    for k in 0..n as isize {
        let dst = out.wrapping_offset(k * so);
        let cur = src_ptr.wrapping_offset(k * ss);
        if k == 0 {
            let ops = [
                Operand {
                    ptr: dst,
                    strides: &rest_out,
                },
                Operand {
                    ptr: cur,
                    strides: &rest_src,
                },
            ];
            // SAFETY: position 0 along `axis` of both operands: in bounds, not overlapping.
            unsafe {
                par_for_each_run(&rest_shape, ops, |[o, s], len, [a, b]| {
                    for i in 0..len as isize {
                        o.offset(i * a)
                            .cast::<T>()
                            .write(s.offset(i * b).cast::<T>().read());
                    }
                });
            }
            continue;
        }
        let prev = out.wrapping_offset((k - 1) * so);
        let ops = [
            Operand {
                ptr: dst,
                strides: &rest_out,
            },
            Operand {
                ptr: prev,
                strides: &rest_out,
            },
            Operand {
                ptr: cur,
                strides: &rest_src,
            },
        ];
        // SAFETY: positions k and k-1 along `axis` of `out` are disjoint sets of elements
        // (condition 3), and position k of `src` is in another buffer; all are in bounds.
        unsafe {
            par_for_each_run(&rest_shape, ops, |[o, p, s], len, [a, b, c]| {
                watch.run(|| {
                    if a == ts && b == ts && c == ts {
                        // SAFETY: contiguous runs of `len` aligned elements that do not overlap.
                        let o = std::slice::from_raw_parts_mut(o.cast::<T>(), len);
                        let p = std::slice::from_raw_parts(p.cast_const().cast::<T>(), len);
                        let s = std::slice::from_raw_parts(s.cast_const().cast::<T>(), len);
                        for ((o, &p), &s) in o.iter_mut().zip(p).zip(s) {
                            *o = f(p, s);
                        }
                    } else {
                        for i in 0..len as isize {
                            let v = f(
                                p.offset(i * b).cast::<T>().read(),
                                s.offset(i * c).cast::<T>().read(),
                            );
                            o.offset(i * a).cast::<T>().write(v);
                        }
                    }
                });
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array;

    #[test]
    fn loop_dtypes_follow_numpy() {
        use BinaryOp as B;
        assert_eq!(loop_dtype(B::Add, DType::I8).unwrap(), DType::I64);
        assert_eq!(loop_dtype(B::Add, DType::U32).unwrap(), DType::U64);
        assert_eq!(loop_dtype(B::Multiply, DType::Bool).unwrap(), DType::I64);
        assert_eq!(loop_dtype(B::Add, DType::F32).unwrap(), DType::F32);
        assert_eq!(loop_dtype(B::Maximum, DType::I8).unwrap(), DType::I8);
        assert_eq!(loop_dtype(B::Maximum, DType::Bool).unwrap(), DType::Bool);
        assert_eq!(loop_dtype(B::LogicalAnd, DType::F64).unwrap(), DType::Bool);
        assert_eq!(loop_dtype(B::Power, DType::Bool).unwrap(), DType::I8);
        assert_eq!(loop_dtype(B::TrueDivide, DType::I8).unwrap(), DType::F64);
        assert_eq!(loop_dtype(B::TrueDivide, DType::F32).unwrap(), DType::F32);
        assert_eq!(loop_dtype(B::Less, DType::Bool).unwrap(), DType::Bool);
        assert!(loop_dtype(B::Less, DType::I64).is_err());
        assert!(loop_dtype(B::Subtract, DType::Bool).is_err());
        assert!(loop_dtype(B::LeftShift, DType::F32).is_err());
    }

    #[test]
    fn both_scan_strategies_agree() {
        let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4]).unwrap();
        for axis in 0..3 {
            let c = accumulate(BinaryOp::Add, &a, axis).unwrap();
            let f = accumulate(BinaryOp::Add, &a.asfortranarray(), axis).unwrap();
            assert_eq!(c.to_vec::<f64>().unwrap(), f.to_vec::<f64>().unwrap());
        }
        let c = accumulate(BinaryOp::Add, &a, 2).unwrap();
        assert_eq!(
            c.to_vec::<f64>().unwrap()[..4],
            [0.0, 1.0, 3.0, 6.0],
            "innermost axis"
        );
    }

    #[test]
    fn errors() {
        assert!(accumulate(BinaryOp::Add, &Array::scalar(1.0), 0).is_err());
        assert!(accumulate(BinaryOp::Add, &array![1.0], 1).is_err());
        let p = accumulate(BinaryOp::Power, &array![2, -1], 0).unwrap_err();
        assert!(p.to_string().contains("negative integer powers"));
        // The first element is never an exponent.
        assert!(accumulate(BinaryOp::Power, &array![-2, 3], 0).is_ok());
        assert!(diff(&Array::scalar(1.0), 1, -1).is_err());
        assert!(diff(&Array::scalar(1.0), 0, -1).is_ok());
    }

    #[test]
    fn cumsum_of_0d_is_1d() {
        let s = Array::scalar(5i32);
        assert_eq!(s.cumsum(None).unwrap().shape(), &[1]);
        assert_eq!(s.cumsum(Some(0)).unwrap().shape(), &[1]);
        assert!(s.cumsum(Some(1)).is_err());
    }
}

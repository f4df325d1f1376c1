//! Selection and rounding: `np.where(cond, x, y)`, `np.clip` and `np.round`/`np.around`.
//!
//! All three follow NumPy 2 and NEP 50: Rust scalars next to arrays are weak, so
//! `where_(&mask, &f32s, 0.0)` stays `f32` and `clip(&u8s, 10, 200)` stays `u8`.
//!
//! Invariants:
//! 1. [`where_`] and [`clip`] broadcast every operand with the one broadcasting rule
//!    (`ir::broadcast_shapes`) and write a fresh output in the memory order of the inputs
//!    (NumPy's `order='K'`: F order when a full-shape input is F-contiguous, C otherwise).
//! 2. Element loops go through the traversal core (`array::traverse`); every operand is a valid
//!    array or a broadcast view of one, and the output is fresh, so nothing aliases.
//! 3. [`round`] is NumPy's algorithm step for step (`rint(x * 10^d) / 10^d`, or
//!    `rint(x / 10^-d) * 10^-d` for negative `d`), each step rounded in the array's float type,
//!    so results are bit-identical to NumPy's.

use super::kernels::Num;
use super::ufunc::{Input, binary, binary_inplace, unary};
use crate::array::traverse::{Operand, par_for_each_run};
use crate::array::{Array, Layout, Order, Scalar};
use crate::ir::{self, BinaryOp, DType, Kind, UnaryOp};
use crate::{Error, Result};

/// The NEP 50 operand of an input: arrays are strong, Rust scalars weak (unsigned integers count
/// as integers, like Python ints).
fn operand(input: &Input<'_>) -> ir::Operand {
    match input {
        Input::Array(a) => ir::Operand::Strong(a.dtype()),
        Input::Weak(s) => ir::Operand::Weak(match s.dtype().kind() {
            Kind::Unsigned => Kind::Signed,
            k => k,
        }),
    }
}

fn shape_of<'s>(input: &'s Input<'_>) -> &'s [usize] {
    match input {
        Input::Array(a) => a.shape(),
        Input::Weak(_) => &[],
    }
}

/// The input as an array of `dtype`, converted with NumPy's unsafe cast (a weak integer that does
/// not fit wraps, as `np.where` does).
fn cast_input(input: &Input<'_>, dtype: DType) -> Array {
    match input {
        Input::Array(a) if a.dtype() == dtype => (*a).clone(),
        Input::Array(a) => a.astype(dtype),
        Input::Weak(s) => Array::scalar(s.cast(dtype)),
    }
}

/// Checks that a weak integer fits an integer `dtype` (NEP 50 refuses `int8 + 1000`).
fn check_weak_fits(op: &'static str, input: &Input<'_>, dtype: DType) -> Result<()> {
    let Input::Weak(s) = input else {
        return Ok(());
    };
    if !(s.dtype().is_integer() && dtype.is_integer()) {
        return Ok(());
    }
    let v = weak_int(*s);
    let back = Scalar::from(v as i64).cast(dtype);
    let round_trip = if dtype.is_signed() {
        back.to::<i64>() as i128
    } else {
        back.to::<u64>() as i128
    };
    if round_trip == v {
        Ok(())
    } else {
        Err(Error::Value {
            op,
            msg: format!("Python integer {v} out of bounds for {}", dtype.name()),
        })
    }
}

/// The exact value of an integer scalar.
fn weak_int(s: Scalar) -> i128 {
    if s.dtype().is_signed() {
        s.to::<i64>() as i128
    } else {
        s.to::<u64>() as i128
    }
}

/// A fresh output of `shape` in the memory order of the full-shape array inputs (invariant 1).
fn fresh_output(shape: &[usize], dtype: DType, inputs: &[&Array]) -> Result<Array> {
    let f_order = inputs
        .iter()
        .find(|a| a.shape() == shape && !a.is_c_contiguous())
        .is_some_and(|a| a.is_f_contiguous());
    let order = if f_order { Order::F } else { Order::C };
    Array::with_fresh_layout(Layout::contiguous(shape, dtype.itemsize(), order)?, dtype)
}

fn broadcast_all(op: &'static str, shapes: &[&[usize]]) -> Result<ir::Dims> {
    ir::broadcast_shapes(shapes).map_err(|_| Error::Broadcast {
        op,
        shapes: shapes.iter().map(|s| s.to_vec()).collect(),
    })
}

fn array_inputs<'a>(inputs: &[&Input<'a>]) -> Vec<&'a Array> {
    inputs
        .iter()
        .filter_map(|i| match i {
            Input::Array(a) => Some(*a),
            Input::Weak(_) => None,
        })
        .collect()
}

fn operand_of(a: &Array) -> Operand<'_> {
    Operand {
        ptr: a.base_ptr().cast_mut(),
        strides: a.strides(),
    }
}

/// Elements from `x` where `cond` is true and from `y` elsewhere (`np.where(cond, x, y)`).
///
/// All three broadcast together. The result dtype is NumPy's `result_type(x, y)` with Rust
/// scalars weak (NEP 50); like NumPy, a weak integer that does not fit the result type wraps
/// (`where_(&c, &u8s, 300)` selects 44). `cond` is converted to bool (non-zero, and NaN, are
/// true). The one-argument form `np.where(cond)` is `nonzero` and lives with indexing.
///
/// # Errors
/// [`Error::Broadcast`] when the three shapes do not broadcast together.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::where_;
/// let a = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
/// let r = where_(&a.less(3.0)?, &a, -1.0)?;
/// assert_eq!(r.to_vec::<f64>()?, vec![0.0, 1.0, 2.0, -1.0, -1.0, -1.0]);
/// // Weak scalars: an f32 array and a Rust float give f32; two Rust ints give int64.
/// let f = Array::from_slice(&[1.5f32, 2.5]);
/// let mask = array![true, false];
/// assert_eq!(where_(&mask, &f, 0.0)?.dtype(), DType::F32);
/// assert_eq!(where_(&mask, 1, 2)?.to_vec::<i64>()?, vec![1, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn where_<'a>(
    cond: impl Into<Input<'a>>,
    x: impl Into<Input<'a>>,
    y: impl Into<Input<'a>>,
) -> Result<Array> {
    let (cond, x, y) = (cond.into(), x.into(), y.into());
    let dtype = ir::result_type(&[operand(&x), operand(&y)]).expect("two operands");
    let shape = broadcast_all("where", &[shape_of(&cond), shape_of(&x), shape_of(&y)])?;
    let c = cast_input(&cond, DType::Bool).broadcast_to(&shape)?;
    let xs = cast_input(&x, dtype).broadcast_to(&shape)?;
    let ys = cast_input(&y, dtype).broadcast_to(&shape)?;
    let mut out = fresh_output(&shape, dtype, &array_inputs(&[&x, &y, &cond]))?;
    let ptr = out.make_mut_ptr()?;
    let dst = Operand {
        ptr,
        strides: out.strides(),
    };
    let ops = [dst, operand_of(&c), operand_of(&xs), operand_of(&ys)];
    // SAFETY: `out` is fresh (unique, non-aliasing) with the broadcast shape; `c`, `xs`, `ys`
    // are valid arrays or broadcast views of them with that shape (invariant 2), holding bool
    // and `dtype` elements of the size each instantiation reads.
    unsafe {
        match dtype.itemsize() {
            1 => select_kernel::<u8>(&shape, ops),
            2 => select_kernel::<u16>(&shape, ops),
            4 => select_kernel::<u32>(&shape, ops),
            _ => select_kernel::<u64>(&shape, ops),
        }
    }
    Ok(out)
}

/// `out = cond ? x : y`, moving elements as plain bits of their size.
///
/// # Safety
/// As [`par_for_each_run`] for `[out, cond, x, y]`: `out` written (`T`-sized elements), `cond`
/// bool elements, `x` and `y` `T`-sized elements, all with `shape`; `out` overlaps none of them.
unsafe fn select_kernel<T: Copy + Send + Sync>(shape: &[usize], ops: [Operand<'_>; 4]) {
    let ts = size_of::<T>() as isize;
    // SAFETY: forwarded contract; every pointer below is element `i` of its run.
    unsafe {
        par_for_each_run(shape, ops, |[o, c, x, y], n, [so, sc, sx, sy]| {
            let (o, x, y) = (
                o.cast::<T>(),
                x.cast_const().cast::<T>(),
                y.cast_const().cast::<T>(),
            );
            // A bool element is one byte, 0 or 1 (invariant 3 of `Array`).
            let c = c.cast_const();
            if so == ts && sc == 1 && sx == ts && sy == ts {
                for i in 0..n {
                    *o.add(i) = if *c.add(i) != 0 { *x.add(i) } else { *y.add(i) };
                }
            } else {
                let (so, sx, sy) = (so / ts, sx / ts, sy / ts);
                for i in 0..n as isize {
                    let v = if *c.offset(i * sc) != 0 {
                        *x.offset(i * sx)
                    } else {
                        *y.offset(i * sy)
                    };
                    *o.offset(i * so) = v;
                }
            }
        });
    }
}

/// One side of [`clip`]: a value (array or weak Rust scalar) or no bound (NumPy's `None`).
///
/// Everything an [`Input`] accepts converts into it, and so does `Option<f64>`, so the literal
/// `None` means "no bound": `clip(&a, None, 5.0)`.
#[derive(Clone, Copy, Debug)]
pub enum ClipBound<'a> {
    /// No bound on this side.
    Unbounded,
    /// A bound: an array (broadcast against the input) or a weak scalar.
    Value(Input<'a>),
}

impl<'a> From<Input<'a>> for ClipBound<'a> {
    fn from(v: Input<'a>) -> Self {
        ClipBound::Value(v)
    }
}

impl<'a> From<&'a Array> for ClipBound<'a> {
    fn from(a: &'a Array) -> Self {
        ClipBound::Value(Input::Array(a))
    }
}

impl From<Option<f64>> for ClipBound<'_> {
    fn from(v: Option<f64>) -> Self {
        v.map_or(ClipBound::Unbounded, |v| ClipBound::Value(v.into()))
    }
}

macro_rules! bound_from {
    ($($t:ty),*) => {$(
        impl From<$t> for ClipBound<'_> {
            fn from(v: $t) -> Self {
                ClipBound::Value(Input::Weak(Scalar::from(v)))
            }
        }
    )*};
}
bound_from!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<'a> ClipBound<'a> {
    /// NumPy's shortcut for integer arrays: a Rust integer bound at or beyond the dtype's range
    /// clips nothing, so it is dropped (this is how NumPy 2 keeps `clip(u8s, -5, 300)` `uint8`
    /// under NEP 50).
    fn drop_if_beyond(self, dtype: DType, lower: bool) -> ClipBound<'a> {
        let ClipBound::Value(Input::Weak(s)) = self else {
            return self;
        };
        if !dtype.is_integer() || !s.dtype().is_integer() {
            return self;
        }
        let v = weak_int(s);
        let (min, max) = int_range(dtype);
        let beyond = if lower { v <= min } else { v >= max };
        if beyond { ClipBound::Unbounded } else { self }
    }
}

/// The smallest and largest value of an integer dtype.
fn int_range(dtype: DType) -> (i128, i128) {
    let bits = 8 * dtype.itemsize() as u32;
    if dtype.is_signed() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    }
}

/// Limits the values of `a` to `[min, max]` (`np.clip(a, min, max)`), with NumPy 2's semantics.
///
/// - A missing bound ([`ClipBound::Unbounded`], written `None`) is NumPy's `None`: with one bound
///   the result is `np.maximum(a, min)` or `np.minimum(a, max)`; with none, a copy of `a`.
/// - The result dtype is NumPy's `result_type(a, min, max)` with Rust scalars weak (NEP 50). As in
///   NumPy, for integer arrays a Rust integer bound at or beyond the dtype's range is dropped
///   first, so `clip(&u8s, -5, 300)` is a `uint8` copy.
/// - NaN propagates from `a` and from either bound; where `min > max` every element becomes `max`.
///   Signed zeros follow NumPy's loops: with scalar bounds an element equal to a bound is kept
///   (`clip(-0.0, 0.0, 1.0)` is `-0.0`); with array bounds the bound is taken.
///
/// # Errors
/// [`Error::Broadcast`] for incompatible shapes, [`Error::Value`] for a bool array with no bound
/// (NumPy has no `positive` loop for bool) or a weak integer that does not fit the result type.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::clip;
/// let a = Array::arange(6.0, DType::F64);
/// assert_eq!(clip(&a, 1.0, 4.0)?.to_vec::<f64>()?, vec![1.0, 1.0, 2.0, 3.0, 4.0, 4.0]);
/// assert_eq!(a.clip(None, 2.0)?.to_vec::<f64>()?, vec![0.0, 1.0, 2.0, 2.0, 2.0, 2.0]);
/// let u = Array::from_slice(&[0u8, 100, 255]);
/// let r = clip(&u, 10, 300)?;
/// assert_eq!(r.dtype(), DType::U8);
/// assert_eq!(r.to_vec::<u8>()?, vec![10, 100, 255]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn clip<'a>(
    a: &'a Array,
    min: impl Into<ClipBound<'a>>,
    max: impl Into<ClipBound<'a>>,
) -> Result<Array> {
    let dtype = a.dtype();
    let min = min.into().drop_if_beyond(dtype, true);
    let max = max.into().drop_if_beyond(dtype, false);
    match (min, max) {
        (ClipBound::Unbounded, ClipBound::Unbounded) => {
            if dtype.is_bool() {
                return Err(Error::Value {
                    op: "clip",
                    msg: "ufunc 'positive' did not contain a loop with signature matching \
                          types <class 'numpy.dtypes.BoolDType'> -> None"
                        .into(),
                });
            }
            Ok(a.astype(dtype))
        }
        (ClipBound::Unbounded, ClipBound::Value(hi)) => binary(BinaryOp::Minimum, a, hi),
        (ClipBound::Value(lo), ClipBound::Unbounded) => binary(BinaryOp::Maximum, a, lo),
        (ClipBound::Value(lo), ClipBound::Value(hi)) => clip_both(a, lo, hi),
    }
}

/// NumPy's `clip` ufunc with both bounds present.
fn clip_both(a: &Array, lo: Input<'_>, hi: Input<'_>) -> Result<Array> {
    let x = Input::Array(a);
    let dtype = ir::result_type(&[operand(&x), operand(&lo), operand(&hi)]).expect("operands");
    check_weak_fits("clip", &lo, dtype)?;
    check_weak_fits("clip", &hi, dtype)?;
    let shape = broadcast_all("clip", &[a.shape(), shape_of(&lo), shape_of(&hi)])?;
    let xs = cast_input(&x, dtype).broadcast_to(&shape)?;
    let ls = cast_input(&lo, dtype).broadcast_to(&shape)?;
    let hs = cast_input(&hi, dtype).broadcast_to(&shape)?;
    let mut out = fresh_output(&shape, dtype, &array_inputs(&[&x, &lo, &hi]))?;
    let ptr = out.make_mut_ptr()?;
    let dst = Operand {
        ptr,
        strides: out.strides(),
    };
    let ops = [dst, operand_of(&xs), operand_of(&ls), operand_of(&hs)];
    // SAFETY: as in `where_`: a fresh output and three valid (broadcast) inputs of `dtype`.
    crate::dispatch!(dtype, T => unsafe { clip_kernel::<T>(&shape, ops) });
    Ok(out)
}

/// NumPy's `Max(a, b)` of the clip loop: `a` unless it is smaller than `b` (NaN `a` wins).
#[inline(always)]
fn loop_max<T: Num>(a: T, b: T) -> T {
    if T::is_nan(a) || a > b { a } else { b }
}

/// NumPy's `Min(a, b)` of the clip loop.
#[inline(always)]
fn loop_min<T: Num>(a: T, b: T) -> T {
    if T::is_nan(a) || a < b { a } else { b }
}

/// The clip of one element against constant bounds, with NumPy's vector-loop semantics: an
/// element equal to a bound is kept (this matters only for signed zeros).
#[inline(always)]
fn clip_const<T: Num>(x: T, lo: T, hi: T) -> T {
    let y = if lo > x { lo } else { x };
    if hi < y { hi } else { y }
}

/// `out = clip(x, lo, hi)`. Runs whose bounds are constant (stride 0, NumPy's "scalar bounds"
/// loop) fill NaN when a bound is NaN and otherwise keep elements equal to a bound; other runs
/// use NumPy's element loop `Min(Max(x, lo), hi)`.
///
/// # Safety
/// As [`par_for_each_run`] for `[out, x, lo, hi]`, all of element type `T` with `shape`, `out`
/// written and overlapping none of the others.
unsafe fn clip_kernel<T: Num>(shape: &[usize], ops: [Operand<'_>; 4]) {
    let ts = size_of::<T>() as isize;
    // SAFETY: forwarded contract; every pointer below is element `i` of its run.
    unsafe {
        par_for_each_run(shape, ops, |[o, x, l, h], n, [so, sx, sl, sh]| {
            let (o, x, l, h) = (
                o.cast::<T>(),
                x.cast_const().cast::<T>(),
                l.cast_const().cast::<T>(),
                h.cast_const().cast::<T>(),
            );
            if sl == 0 && sh == 0 {
                let (lo, hi) = (*l, *h);
                let nan = if T::is_nan(lo) {
                    Some(lo)
                } else if T::is_nan(hi) {
                    Some(hi)
                } else {
                    None
                };
                match nan {
                    Some(v) => {
                        for i in 0..n as isize {
                            *o.offset(i * (so / ts)) = v;
                        }
                    }
                    None if so == ts && sx == ts => {
                        for i in 0..n {
                            *o.add(i) = clip_const(*x.add(i), lo, hi);
                        }
                    }
                    None => {
                        for i in 0..n as isize {
                            *o.offset(i * (so / ts)) = clip_const(*x.offset(i * (sx / ts)), lo, hi);
                        }
                    }
                }
            } else {
                let (so, sx, sl, sh) = (so / ts, sx / ts, sl / ts, sh / ts);
                for i in 0..n as isize {
                    let y = loop_max(*x.offset(i * sx), *l.offset(i * sl));
                    *o.offset(i * so) = loop_min(y, *h.offset(i * sh));
                }
            }
        });
    }
}

/// NumPy's `power_of_ten`: exact table values up to 1e8, then repeated multiplication by 10
/// (stopping once the value overflows, where NumPy would keep multiplying infinity).
fn power_of_ten(n: u32) -> f64 {
    const P10: [f64; 9] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
    if n < 9 {
        return P10[n as usize];
    }
    let mut ret: f64 = 1e9;
    for _ in 9..n {
        if ret.is_infinite() {
            break;
        }
        ret *= 10.0;
    }
    ret
}

/// NumPy's three ufunc calls for a float array: `rint(a * 10^d) / 10^d`, or
/// `rint(a / 10^-d) * 10^-d` (invariant 3). The factor is a Python float in NumPy, so a weak
/// scalar here: float32 arrays use it as float32. Floating-point conditions are reported under
/// the caller's errstate by the ufuncs, with NumPy's names (`overflow encountered in multiply`).
fn round_float(a: &Array, decimals: i32) -> Result<Array> {
    if decimals == 0 {
        return unary(UnaryOp::Rint, a);
    }
    let f = power_of_ten(decimals.unsigned_abs());
    let (first, second) = if decimals > 0 {
        (BinaryOp::Multiply, BinaryOp::TrueDivide)
    } else {
        (BinaryOp::TrueDivide, BinaryOp::Multiply)
    };
    let mut r = unary(UnaryOp::Rint, &binary(first, a, f)?)?;
    binary_inplace(second, &mut r, f)?;
    Ok(r)
}

/// Rounds to `decimals` decimal places, halves to even (`np.round(a, decimals)`, `np.around`).
///
/// NumPy's algorithm, so results are NumPy's bit for bit, including its well-known surprises
/// (`round(2.675, 2)` is `2.67` because 2.675 is stored as 2.67499999...):
/// - floats: `rint(a * 10^d) / 10^d`, or `rint(a / 10^-d) * 10^-d` for negative `d`, each step in
///   the array's dtype (`d == 0` is `rint`);
/// - integers: `d >= 0` returns a copy; negative `d` rounds to tens, hundreds, ... through
///   float64 and casts back (wrapping like NumPy: `round(int8 127, -1)` is `-126`);
/// - bool with `d == 0` is `rint` of the bool, a float (NumPy gives float16, which numfuse does
///   not have, so float32 here).
///
/// # Errors
/// [`Error::Cast`] for a bool array with `decimals != 0`: NumPy cannot write the float result back
/// into bool under `same_kind`.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::round;
/// let a = array![0.5, 1.5, 2.5, -0.5, 1.25];
/// assert_eq!(round(&a, 0)?.to_vec::<f64>()?, vec![0.0, 2.0, 2.0, -0.0, 1.0]);
/// assert_eq!(a.round(1)?.to_vec::<f64>()?, vec![0.5, 1.5, 2.5, -0.5, 1.2]);
/// let i = array![15i64, 25, 1234];
/// assert_eq!(round(&i, -1)?.to_vec::<i64>()?, vec![20, 20, 1230]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn round(a: &Array, decimals: i32) -> Result<Array> {
    let dtype = a.dtype();
    if dtype.is_bool() {
        if decimals == 0 {
            return unary(UnaryOp::Rint, a);
        }
        return Err(Error::Cast {
            from: DType::F64,
            to: DType::Bool,
            casting: "same_kind",
        });
    }
    if dtype.is_integer() {
        if decimals >= 0 {
            return Ok(a.astype(dtype));
        }
        return Ok(round_float(&a.astype(DType::F64), decimals)?.astype(dtype));
    }
    round_float(a, decimals)
}

/// The same as [`round`] (`np.around`).
///
/// # Errors
/// As [`round`].
pub fn around(a: &Array, decimals: i32) -> Result<Array> {
    round(a, decimals)
}

impl Array {
    /// Limits the values to `[min, max]`; `None` leaves a side open (`a.clip(min, max)`). See
    /// [`clip`].
    ///
    /// # Errors
    /// As [`clip`].
    pub fn clip<'a>(
        &'a self,
        min: impl Into<ClipBound<'a>>,
        max: impl Into<ClipBound<'a>>,
    ) -> Result<Array> {
        clip(self, min, max)
    }

    /// Rounds to `decimals` places, halves to even (`a.round(decimals)`). See
    /// [`round`].
    ///
    /// # Errors
    /// As [`round`].
    pub fn round(&self, decimals: i32) -> Result<Array> {
        round(self, decimals)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array;

    fn f64s(a: &Array) -> Vec<f64> {
        a.to_vec::<f64>().unwrap()
    }

    #[test]
    fn power_of_ten_matches_numpy_table() {
        assert_eq!(power_of_ten(0), 1.0);
        assert_eq!(power_of_ten(8), 1e8);
        assert_eq!(power_of_ten(9), 1e9);
        assert_eq!(power_of_ten(10), 1e10);
        assert!(power_of_ten(400).is_infinite());
        assert!(power_of_ten(u32::MAX).is_infinite());
    }

    #[test]
    fn where_broadcasts_and_promotes() {
        let c = array![[true], [false]];
        let x = Array::arange(3.0, DType::I64);
        let r = where_(&c, &x, 10).unwrap();
        assert_eq!(r.shape(), &[2, 3]);
        assert_eq!(r.to_vec::<i64>().unwrap(), vec![0, 1, 2, 10, 10, 10]);
        let u = Array::from_slice(&[0u8, 100, 255]);
        let c3 = array![true, false, true];
        assert_eq!(
            where_(&c3, &u, 300).unwrap().to_vec::<u8>().unwrap(),
            vec![0, 44, 255]
        );
        assert_eq!(where_(&c3, &u, 1.5).unwrap().dtype(), DType::F64);
        assert!(where_(&c3, &u, &Array::zeros(&[4], DType::U8)).is_err());
    }

    #[test]
    fn clip_nan_and_inverted_bounds() {
        let a = array![f64::NAN, 1.0, 5.0];
        let r = f64s(&clip(&a, 2.0, 3.0).unwrap());
        assert!(r[0].is_nan());
        assert_eq!(&r[1..], &[2.0, 3.0]);
        assert!(
            f64s(&clip(&a, f64::NAN, 3.0).unwrap())
                .iter()
                .all(|v| v.is_nan())
        );
        let i = Array::arange(5.0, DType::I64);
        assert_eq!(clip(&i, 3, 1).unwrap().to_vec::<i64>().unwrap(), vec![1; 5]);
    }

    #[test]
    fn clip_signed_zeros_follow_numpy_loops() {
        let a = array![-0.0, 0.0];
        let scalar = f64s(&clip(&a, 0.0, 1.0).unwrap());
        assert!(scalar[0].is_sign_negative() && scalar[1].is_sign_positive());
        let lo = array![0.0, -0.0];
        let arr = f64s(&clip(&a, &lo, 1.0).unwrap());
        assert!(arr[0].is_sign_positive() && arr[1].is_sign_negative());
    }

    #[test]
    fn round_half_even_and_negative_decimals() {
        let a = array![0.125f32, 2.675, 1.5];
        let r = round(&a, 2).unwrap().to_vec::<f32>().unwrap();
        assert_eq!(r, vec![0.12, 2.68, 1.5]);
        let i = Array::from_slice(&[125i8, -125, 127]);
        assert_eq!(
            round(&i, -1).unwrap().to_vec::<i8>().unwrap(),
            vec![120, -120, -126]
        );
        assert!(round(&array![true], 1).is_err());
        assert_eq!(round(&array![true, false], 0).unwrap().dtype(), DType::F32);
    }
}

//! Eager ufuncs: type resolution (from `numfuse-ir`), weak-scalar checks, broadcasting, the
//! output array, and the element loop through the traversal core.
//!
//! Every binary call goes: resolve the loop (NEP 50) → convert each operand to the loop dtype
//! (weak Rust scalars must fit it, as Python ints must in NumPy 2) → broadcast → allocate the
//! output in the memory order of the inputs → run the typed kernel, in parallel above 64K
//! elements. With `out`, the result is cast to `out`'s dtype under `same_kind`, like NumPy.
//!
//! Overlap between inputs and `out` cannot happen: a writable destination is made unique
//! (copy-on-write) before it is borrowed, so an input that shared its buffer keeps the old data,
//! which is exactly NumPy's "as if the inputs were copied first" rule.

use super::errstate::{self, FpWatch};
use super::kernels::{Bits, Float, Num};
use crate::array::traverse::{Operand, par_for_each_run};
use crate::array::{Array, ArrayViewMut, Element, Layout, Order, Scalar};
use crate::ir::{self, BinaryOp, Casting, DType, Kind, UnaryOp, can_cast};
use crate::{Error, Result};

/// An operand of a ufunc: an array, or a Rust scalar that is weakly typed (NEP 50), so
/// `&f32_array * 2.0` stays `f32` and `&u8_array + 1` stays `u8`.
#[derive(Clone, Copy, Debug)]
pub enum Input<'a> {
    /// An array operand.
    Array(&'a Array),
    /// A weakly typed scalar.
    Weak(Scalar),
}

impl<'a> From<&'a Array> for Input<'a> {
    fn from(a: &'a Array) -> Self {
        Input::Array(a)
    }
}

macro_rules! weak_from {
    ($($t:ty),*) => {$(
        impl From<$t> for Input<'_> {
            fn from(v: $t) -> Self {
                Input::Weak(Scalar::from(v))
            }
        }
    )*};
}
weak_from!(bool, i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl Input<'_> {
    pub(crate) fn operand(&self) -> ir::Operand {
        match self {
            Input::Array(a) => ir::Operand::Strong(a.dtype()),
            Input::Weak(s) => ir::Operand::Weak(match s.dtype().kind() {
                Kind::Unsigned => Kind::Signed,
                k => k,
            }),
        }
    }

    fn shape(&self) -> &[usize] {
        match self {
            Input::Array(a) => a.shape(),
            Input::Weak(_) => &[],
        }
    }

    /// The operand as an array of `dtype`: arrays are cast (a temporary when the dtype
    /// differs); weak integers must fit an integer `dtype`.
    pub(crate) fn convert_to(&self, op: &'static str, dtype: DType) -> Result<Array> {
        match self {
            Input::Array(a) if a.dtype() == dtype => Ok((*a).clone()),
            Input::Array(a) => a.astype_casting(dtype, Casting::Unsafe),
            Input::Weak(s) => {
                let logical = matches!(op, "logical_and" | "logical_or" | "logical_xor");
                if logical && s.dtype().is_integer() && dtype.is_integer() {
                    // Only the truth of the value matters; any non-zero value fits as 1.
                    let truth = s.to::<i64>() != 0 || s.to::<u64>() != 0;
                    return Ok(Array::scalar(Scalar::from(truth as u8).cast(dtype)));
                }
                if s.dtype().is_integer() && dtype.is_integer() {
                    let v: i128 = if s.dtype().is_signed() {
                        s.to::<i64>() as i128
                    } else {
                        s.to::<u64>() as i128
                    };
                    let back = Scalar::from(v as i64).cast(dtype);
                    let fits = if dtype.is_signed() {
                        back.to::<i64>() as i128 == v
                    } else {
                        back.to::<u64>() as i128 == v
                    };
                    if !fits {
                        return Err(Error::Value {
                            op,
                            msg: format!("Python integer {v} out of bounds for {}", dtype.name()),
                        });
                    }
                }
                Ok(Array::scalar(s.cast(dtype)))
            }
        }
    }
}

/// Where a ufunc writes: a whole array or a mutable view into a parent.
pub trait OutArg {
    /// Pointer to element 0, layout and dtype of the destination, made writable (and unique).
    ///
    /// # Errors
    /// [`Error::ReadOnly`].
    fn target(&mut self) -> Result<(*mut u8, Layout, DType)>;

    /// The destination as an array, when it is one: chunked evaluation releases the written
    /// pages of a memory-mapped destination as it goes (`Array::release_pages`).
    fn as_array(&self) -> Option<&Array> {
        None
    }
}

impl OutArg for Array {
    fn target(&mut self) -> Result<(*mut u8, Layout, DType)> {
        let ptr = self.make_mut_ptr()?;
        Ok((ptr, self.layout().clone(), self.dtype()))
    }

    fn as_array(&self) -> Option<&Array> {
        Some(self)
    }
}

impl OutArg for ArrayViewMut<'_> {
    fn target(&mut self) -> Result<(*mut u8, Layout, DType)> {
        Ok(self.raw_target())
    }
}

fn broadcast_err(op: &'static str, shapes: &[&[usize]]) -> Error {
    Error::Broadcast {
        op,
        shapes: shapes.iter().map(|s| s.to_vec()).collect(),
    }
}

pub(crate) fn no_loop(e: ir::NoLoop) -> Error {
    Error::Value {
        op: e.op,
        msg: e.to_string(),
    }
}

/// The layout of a fresh result in NumPy's `order='K'`: the axes ordered by the operands'
/// strides (operands broadcast along an axis do not vote on it), keeping C order wherever the
/// operands disagree. This is NumPy's `npyiter_find_best_axis_ordering`: an insertion sort of
/// the axes, innermost first, where an axis moves inward only if every operand that has strides
/// on both axes says it is the smaller one.
fn result_layout(shape: &[usize], dtype: DType, operands: &[&Array]) -> Result<Layout> {
    let nd = shape.len();
    // Innermost first.
    let mut order: Vec<usize> = (0..nd).rev().collect();
    for i0 in 1..nd {
        let j0 = order[i0];
        let mut ipos = i0;
        for i1 in (0..i0).rev() {
            let j1 = order[i1];
            let (mut ambiguous, mut swap) = (true, false);
            for a in operands {
                let (s0, s1) = (a.strides()[j0], a.strides()[j1]);
                if s0 != 0 && s1 != 0 {
                    if s1.unsigned_abs() <= s0.unsigned_abs() {
                        swap = false; // C order wins any disagreement
                    } else if ambiguous {
                        swap = true;
                    }
                    ambiguous = false;
                }
            }
            if !ambiguous {
                if swap {
                    ipos = i1;
                } else {
                    break;
                }
            }
        }
        if ipos != i0 {
            let ax = order.remove(i0);
            order.insert(ipos, ax);
        }
    }
    let itemsize = dtype.itemsize();
    let mut layout = Layout::contiguous(shape, itemsize, Order::C)?;
    let mut acc = itemsize as isize;
    for &ax in &order {
        layout.strides[ax] = acc;
        acc *= shape[ax].max(1) as isize;
    }
    Ok(layout)
}

/// Checks `out` against the result shape and the same_kind rule, returning where to write.
fn check_out(
    op: &'static str,
    out: &mut dyn OutArg,
    shape: &[usize],
    res: DType,
) -> Result<(*mut u8, Layout, DType)> {
    let (ptr, layout, dtype) = out.target()?;
    if layout.shape.as_slice() != shape {
        return Err(Error::Shape {
            op,
            msg: format!(
                "non-broadcastable output operand with shape {:#} doesn't match the broadcast shape {:#}",
                ir::ShapeDisplay(&layout.shape),
                ir::ShapeDisplay(shape)
            ),
        });
    }
    if !can_cast(res, dtype, Casting::SameKind) {
        return Err(Error::Cast {
            from: res,
            to: dtype,
            casting: "same_kind",
        });
    }
    Ok((ptr, layout, dtype))
}

/// Applies a binary ufunc (`np.<op>(a, b)`), returning a new array.
///
/// # Errors
/// [`Error::Broadcast`] for incompatible shapes, [`Error::Value`] when no loop exists for the
/// dtypes or a weak integer does not fit, or for integer powers with negative exponents.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::binary;
/// use numfuse::ir::BinaryOp;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![10.0, 20.0];
/// let c = binary(BinaryOp::Add, &a, &b)?;
/// assert_eq!(c.to_vec::<f64>()?, vec![11.0, 22.0, 13.0, 24.0]);
/// let u = Array::from_slice(&[200u8, 250]);
/// assert_eq!(binary(BinaryOp::Add, &u, 100)?.to_vec::<u8>()?, vec![44, 94]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn binary<'a>(op: BinaryOp, a: impl Into<Input<'a>>, b: impl Into<Input<'a>>) -> Result<Array> {
    let (a, b) = (a.into(), b.into());
    if let Some((shape, value)) = out_of_range_comparison(op, &a, &b)? {
        return Ok(Array::full(&shape, value, DType::Bool));
    }
    if let Some(r) = mixed_int64_comparison(op, &a, &b) {
        return r;
    }
    let (lp, x, y, shape) = prepare_binary(op, &a, &b)?;
    let layout = result_layout(&shape, lp.output, &[&x, &y])?;
    let mut out = Array::with_fresh_layout(layout, lp.output)?;
    let (ptr, layout, _) = out.target()?;
    // SAFETY: `ptr`/`layout` describe the fresh, unique, non-aliasing output; `x` and `y` are
    // broadcast views of valid arrays with the output's shape.
    unsafe { execute_binary(op, lp.input, &x, &y, ptr, &layout)? };
    Ok(out)
}

/// [`binary`] writing into `out` (NumPy's `out=`), which must have the broadcast shape; the
/// result is cast to `out`'s dtype under `same_kind`.
///
/// # Errors
/// As [`binary`], plus [`Error::Shape`] for a wrong `out` shape, [`Error::Cast`] when the
/// result dtype cannot be cast to `out`'s, and [`Error::ReadOnly`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::binary_into;
/// use numfuse::ir::BinaryOp;
/// let mut a = Array::arange(4.0, DType::F64);
/// let b = a.clone();                      // shares the buffer ...
/// binary_into(BinaryOp::Multiply, &b, 2.0, &mut a)?;  // ... so `a` is copied, `b` untouched
/// assert_eq!(a.to_vec::<f64>()?, vec![0.0, 2.0, 4.0, 6.0]);
/// assert_eq!(b.to_vec::<f64>()?, vec![0.0, 1.0, 2.0, 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn binary_into<'a>(
    op: BinaryOp,
    a: impl Into<Input<'a>>,
    b: impl Into<Input<'a>>,
    out: &mut dyn OutArg,
) -> Result<()> {
    let (a, b) = (a.into(), b.into());
    if out_of_range_comparison(op, &a, &b)?.is_some() || mixed_int64_comparison_applies(op, &a, &b)
    {
        // Rare special cases: compute, then copy into `out` with the usual checks.
        let result = binary(op, a, b)?;
        let (ptr, layout, dtype) = check_out(op.name(), out, result.shape(), DType::Bool)?;
        // SAFETY: `out.target()` made the destination unique and writable; `result` is fresh.
        unsafe { crate::array::cast::copy_cast_into(&result, ptr, &layout, dtype) };
        return Ok(());
    }
    let (lp, x, y, shape) = prepare_binary(op, &a, &b)?;
    let (ptr, layout, dtype) = check_out(op.name(), out, &shape, lp.output)?;
    if dtype == lp.output {
        // SAFETY: `out.target()` made the destination unique and writable; inputs are other
        // array values and cannot share its buffer (module doc).
        unsafe { execute_binary(op, lp.input, &x, &y, ptr, &layout)? };
    } else {
        let tmp = binary(op, &x, &y)?;
        // SAFETY: as above; `tmp` is a fresh array.
        unsafe { crate::array::cast::copy_cast_into(&tmp, ptr, &layout, dtype) };
    }
    Ok(())
}

/// `target = op(target, rhs)` in place (NumPy's `a += b`): the result is cast back to the
/// target's dtype under `same_kind`. Copy-on-write first if the buffer is shared, so an `rhs`
/// that shares it keeps the old values.
///
/// # Errors
/// As [`binary_into`], with `target` as both input and output.
pub fn binary_inplace<'a>(
    op: BinaryOp,
    target: &mut Array,
    rhs: impl Into<Input<'a>>,
) -> Result<()> {
    let rhs = rhs.into();
    let lp = op
        .resolve(target.dtype().into(), rhs.operand())
        .map_err(no_loop)?;
    let simple = lp.input == target.dtype() && lp.output == target.dtype();
    if !simple {
        let src = target.clone();
        return binary_into(op, &src, rhs, target);
    }
    let shape = target.shape().to_vec();
    let y = rhs
        .convert_to(op.name(), lp.input)?
        .broadcast_to(&shape)
        .map_err(|_| broadcast_err(op.name(), &[&shape, rhs.shape()]))?;
    if op == BinaryOp::Power && lp.input.is_signed() && any_negative(&y) {
        return Err(Error::Value {
            op: "power",
            msg: "Integers to negative integer powers are not allowed.".into(),
        });
    }
    let ptr = target.make_mut_ptr()?;
    // A second handle on the now-unique buffer to read from; the kernel reads and writes each
    // element exactly in place, through raw pointers (see `zip2`).
    let x = target.clone();
    // SAFETY: `ptr`/`x.layout()` describe the same unique, writable, non-aliasing elements;
    // `y` does not share the buffer (it was made unique before `x` was taken).
    unsafe { execute_binary(op, lp.input, &x, &y, ptr, x.layout()) }
}

/// [`run_binary`] under the calling thread's [`errstate`](errstate::geterr): collects the
/// floating-point conditions the loop raised (and integer division by zero) and reports them.
///
/// # Safety
/// As [`run_binary`].
unsafe fn execute_binary(
    op: BinaryOp,
    t: DType,
    x: &Array,
    y: &Array,
    out: *mut u8,
    layout: &Layout,
) -> Result<()> {
    use BinaryOp as B;
    let watch = FpWatch::new();
    let int_division = matches!(op, B::FloorDivide | B::Remainder | B::Fmod) && t.is_integer();
    if watch.enabled() && int_division && any_zero(y) {
        watch.raise(errstate::DIVIDE);
    }
    // SAFETY: forwarded from the caller.
    unsafe { run_binary(op, t, x, y, out, layout, &watch) };
    watch.finish(op.name())
}

/// [`run_unary`] under the calling thread's errstate, as [`execute_binary`].
///
/// # Safety
/// As [`run_unary`].
unsafe fn execute_unary(
    op: UnaryOp,
    t: DType,
    x: &Array,
    out: *mut u8,
    layout: &Layout,
) -> Result<()> {
    let watch = FpWatch::new();
    if watch.enabled() && op == UnaryOp::Reciprocal && t.is_integer() && any_zero(x) {
        watch.raise(errstate::DIVIDE);
    }
    // SAFETY: forwarded from the caller.
    unsafe { run_unary(op, t, x, out, layout, &watch) };
    watch.finish(op.name())
}

fn any_zero(a: &Array) -> bool {
    crate::dispatch!(a.dtype(), T => a
        .view::<T>()
        .map(|v| v.iter().any(|x| x == T::default()))
        .unwrap_or(false))
}

/// NumPy 2 compares arrays with Python ints by their true value, even outside the array's
/// range: `uint8_array < 300` is all true. Returns the broadcast shape and the constant result
/// for such a comparison, or `None` when the normal path applies.
fn out_of_range_comparison(
    op: BinaryOp,
    a: &Input<'_>,
    b: &Input<'_>,
) -> Result<Option<(ir::Dims, bool)>> {
    use BinaryOp as B;
    let compares = matches!(
        op,
        B::Equal | B::NotEqual | B::Less | B::LessEqual | B::Greater | B::GreaterEqual
    );
    if !compares {
        return Ok(None);
    }
    let lp = op.resolve(a.operand(), b.operand()).map_err(no_loop)?;
    // Rank of each side: the array is 0, a weak int above the loop type's range +1, below -1.
    let rank = |i: &Input<'_>| match i {
        Input::Weak(s) if s.dtype().is_integer() && lp.input.is_integer() => {
            weak_int_outside(*s, lp.input)
        }
        _ => Some(0),
    };
    let (ra, rb) = match (rank(a), rank(b)) {
        (Some(0), Some(0)) | (None, _) | (_, None) => return Ok(None),
        (Some(x), Some(y)) => (x, y),
    };
    let value = match op {
        B::Equal => ra == rb,
        B::NotEqual => ra != rb,
        B::Less => ra < rb,
        B::LessEqual => ra <= rb,
        B::Greater => ra > rb,
        _ => ra >= rb,
    };
    let shape = ir::broadcast_shapes(&[a.shape(), b.shape()])
        .map_err(|_| broadcast_err(op.name(), &[a.shape(), b.shape()]))?;
    Ok(Some((shape, value)))
}

/// `Some(0)` when the weak integer `s` fits `dtype`, `Some(1)` above its range, `Some(-1)` below.
fn weak_int_outside(s: Scalar, dtype: DType) -> Option<i8> {
    let v: i128 = if s.dtype().is_signed() {
        s.to::<i64>() as i128
    } else {
        s.to::<u64>() as i128
    };
    let (lo, hi): (i128, i128) = crate::dispatch!(dtype, T => (
        <T as crate::array::Element>::to_i64(min_of::<T>()) as i128,
        if dtype == DType::U64 { u64::MAX as i128 } else { <T as crate::array::Element>::to_i64(max_of::<T>()) as i128 }
    ));
    Some(if v > hi {
        1
    } else if v < lo {
        -1
    } else {
        0
    })
}

fn min_of<T: Element>() -> T {
    T::from_i64(match T::DTYPE {
        DType::I8 => i8::MIN as i64,
        DType::I16 => i16::MIN as i64,
        DType::I32 => i32::MIN as i64,
        DType::I64 => i64::MIN,
        _ => 0,
    })
}

fn max_of<T: Element>() -> T {
    T::from_u64(match T::DTYPE {
        DType::Bool => 1,
        DType::I8 => i8::MAX as u64,
        DType::I16 => i16::MAX as u64,
        DType::I32 => i32::MAX as u64,
        DType::I64 => i64::MAX as u64,
        DType::U8 => u8::MAX as u64,
        DType::U16 => u16::MAX as u64,
        DType::U32 => u32::MAX as u64,
        _ => u64::MAX,
    })
}

fn mixed_int64_comparison_applies(op: BinaryOp, a: &Input<'_>, b: &Input<'_>) -> bool {
    let compares = op.is_predicate()
        && !matches!(
            op,
            BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::LogicalXor
        );
    let pair = match (a, b) {
        (Input::Array(x), Input::Array(y)) => (x.dtype(), y.dtype()),
        _ => return false,
    };
    compares && matches!(pair, (DType::I64, DType::U64) | (DType::U64, DType::I64))
}

/// int64 against uint64 comparisons are exact in NumPy (its `qQ->?` loops), not done in
/// float64 as promotion would suggest: compare through `i128`.
fn mixed_int64_comparison(op: BinaryOp, a: &Input<'_>, b: &Input<'_>) -> Option<Result<Array>> {
    if !mixed_int64_comparison_applies(op, a, b) {
        return None;
    }
    let (Input::Array(x), Input::Array(y)) = (a, b) else {
        return None;
    };
    Some((|| {
        let shape = ir::broadcast_shapes(&[x.shape(), y.shape()])
            .map_err(|_| broadcast_err(op.name(), &[x.shape(), y.shape()]))?;
        let (xb, yb) = (x.broadcast_to(&shape)?, y.broadcast_to(&shape)?);
        let wide = |v: &Array| -> Vec<i128> {
            match v.dtype() {
                DType::I64 => v.view::<i64>().map(|t| t.iter().map(i128::from).collect()),
                _ => v.view::<u64>().map(|t| t.iter().map(i128::from).collect()),
            }
            .unwrap_or_default()
        };
        let (xs, ys) = (wide(&xb), wide(&yb));
        let f: fn(&i128, &i128) -> bool = match op {
            BinaryOp::Equal => |p, q| p == q,
            BinaryOp::NotEqual => |p, q| p != q,
            BinaryOp::Less => |p, q| p < q,
            BinaryOp::LessEqual => |p, q| p <= q,
            BinaryOp::Greater => |p, q| p > q,
            _ => |p, q| p >= q,
        };
        let v: Vec<bool> = xs.iter().zip(&ys).map(|(p, q)| f(p, q)).collect();
        Array::from_vec(v, &shape)
    })())
}

/// Resolves the loop and returns both operands converted and broadcast, with the result shape.
fn prepare_binary(
    op: BinaryOp,
    a: &Input<'_>,
    b: &Input<'_>,
) -> Result<(ir::Loop, Array, Array, ir::Dims)> {
    let lp = op.resolve(a.operand(), b.operand()).map_err(no_loop)?;
    let shape = ir::broadcast_shapes(&[a.shape(), b.shape()])
        .map_err(|_| broadcast_err(op.name(), &[a.shape(), b.shape()]))?;
    ir::shape::checked_size(&shape, lp.output.itemsize()).ok_or_else(|| Error::ShapeOverflow {
        shape: shape.to_vec(),
        itemsize: lp.output.itemsize(),
    })?;
    let x = a.convert_to(op.name(), lp.input)?.broadcast_to(&shape)?;
    let y = b.convert_to(op.name(), lp.input)?.broadcast_to(&shape)?;
    if op == BinaryOp::Power && lp.input.is_signed() && any_negative(&y) {
        return Err(Error::Value {
            op: "power",
            msg: "Integers to negative integer powers are not allowed.".into(),
        });
    }
    Ok((lp, x, y, shape))
}

fn any_negative(a: &Array) -> bool {
    crate::dispatch!(a.dtype(), T => a.view::<T>().map(|v| v.iter().any(|x| x.to_f64() < 0.0)).unwrap_or(false))
}

/// Runs `op` over `x`, `y` (both of dtype `t`, already broadcast) into `out`.
///
/// # Safety
/// `out` must be element 0 of a writable buffer that `layout` (same shape as `x`, `y`) fits,
/// with the loop's output dtype, not aliasing itself; it may be exactly `x` (same pointer and
/// layout, for in-place operators) but must not otherwise overlap the inputs.
#[expect(
    clippy::bool_comparison,
    reason = "the comparison closures are generic over every dtype, bool included"
)]
unsafe fn run_binary(
    op: BinaryOp,
    t: DType,
    x: &Array,
    y: &Array,
    out: *mut u8,
    layout: &Layout,
    watch: &FpWatch,
) {
    use BinaryOp as B;
    macro_rules! go {
        ($T:ty, $U:ty, $f:expr) => {
            // SAFETY: forwarded from the caller.
            unsafe { zip2::<$T, $U>(x, y, out, layout, watch, $f) }
        };
    }
    match op {
        B::Equal => crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| a == b)),
        B::NotEqual => crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| a != b)),
        B::Less => crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| a < b)),
        B::LessEqual => crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| a <= b)),
        B::Greater => crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| a > b)),
        B::GreaterEqual => crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| a >= b)),
        B::LogicalAnd => {
            crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| <T as Num>::truthy(a) && <T as Num>::truthy(b)))
        }
        B::LogicalOr => {
            crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| <T as Num>::truthy(a) || <T as Num>::truthy(b)))
        }
        B::LogicalXor => {
            crate::dispatch!(t, T => go!(T, bool, |a: T, b: T| <T as Num>::truthy(a) != <T as Num>::truthy(b)))
        }
        B::Add => crate::dispatch!(t, T => go!(T, T, <T as Num>::add)),
        B::Subtract => crate::dispatch!(t, T => go!(T, T, <T as Num>::sub)),
        B::Multiply => crate::dispatch!(t, T => go!(T, T, <T as Num>::mul)),
        B::FloorDivide => crate::dispatch!(t, T => go!(T, T, <T as Num>::floor_div)),
        B::Remainder => crate::dispatch!(t, T => go!(T, T, <T as Num>::rem)),
        B::Fmod => crate::dispatch!(t, T => go!(T, T, <T as Num>::fmod)),
        B::Power => crate::dispatch!(t, T => go!(T, T, <T as Num>::pow)),
        B::Maximum => crate::dispatch!(t, T => go!(T, T, <T as Num>::maximum)),
        B::Minimum => crate::dispatch!(t, T => go!(T, T, <T as Num>::minimum)),
        B::Fmax => crate::dispatch!(t, T => go!(T, T, <T as Num>::fmax)),
        B::Fmin => crate::dispatch!(t, T => go!(T, T, <T as Num>::fmin)),
        B::TrueDivide => dispatch_float!(t, T => go!(T, T, <T as Float>::div)),
        B::Arctan2 => dispatch_float!(t, T => go!(T, T, <T as Float>::atan2)),
        B::Hypot => dispatch_float!(t, T => go!(T, T, <T as Float>::hypot)),
        B::Copysign => dispatch_float!(t, T => go!(T, T, <T as Float>::copysign)),
        B::BitwiseAnd => dispatch_bits!(t, T => go!(T, T, <T as Bits>::and)),
        B::BitwiseOr => dispatch_bits!(t, T => go!(T, T, <T as Bits>::or)),
        B::BitwiseXor => dispatch_bits!(t, T => go!(T, T, <T as Bits>::xor)),
        B::LeftShift => dispatch_bits!(t, T => go!(T, T, <T as Bits>::shl)),
        B::RightShift => dispatch_bits!(t, T => go!(T, T, <T as Bits>::shr)),
    }
}

/// Applies a unary ufunc (`np.<op>(x)`), returning a new array.
///
/// # Errors
/// [`Error::Value`] when no loop exists for the dtype (e.g. `negative` of bool).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::unary;
/// use numfuse::ir::UnaryOp;
/// let a = array![1.0, 4.0, 9.0];
/// assert_eq!(unary(UnaryOp::Sqrt, &a)?.to_vec::<f64>()?, vec![1.0, 2.0, 3.0]);
/// let i = array![1i16, 4];
/// assert_eq!(unary(UnaryOp::Sqrt, &i)?.dtype(), DType::F32);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn unary<'a>(op: UnaryOp, x: impl Into<Input<'a>>) -> Result<Array> {
    let x = x.into();
    let lp = op.resolve(x.operand()).map_err(no_loop)?;
    let src = x.convert_to(op.name(), lp.input)?;
    let layout = result_layout(src.shape(), lp.output, &[&src])?;
    let mut out = Array::with_fresh_layout(layout, lp.output)?;
    let (ptr, layout, _) = out.target()?;
    // SAFETY: fresh unique output with the input's shape.
    unsafe { execute_unary(op, lp.input, &src, ptr, &layout)? };
    Ok(out)
}

/// [`unary`] writing into `out` (same shape; result cast under `same_kind`).
///
/// # Errors
/// As [`unary`] and [`binary_into`].
pub fn unary_into<'a>(op: UnaryOp, x: impl Into<Input<'a>>, out: &mut dyn OutArg) -> Result<()> {
    let x = x.into();
    let lp = op.resolve(x.operand()).map_err(no_loop)?;
    let src = x.convert_to(op.name(), lp.input)?;
    let (ptr, layout, dtype) = check_out(op.name(), out, src.shape(), lp.output)?;
    if dtype == lp.output {
        // SAFETY: the destination is unique and writable (module doc).
        unsafe { execute_unary(op, lp.input, &src, ptr, &layout)? };
    } else {
        let tmp = unary(op, &src)?;
        // SAFETY: as above; `tmp` is fresh.
        unsafe { crate::array::cast::copy_cast_into(&tmp, ptr, &layout, dtype) };
    }
    Ok(())
}

/// # Safety
/// As [`run_binary`] for one input.
unsafe fn run_unary(
    op: UnaryOp,
    t: DType,
    x: &Array,
    out: *mut u8,
    layout: &Layout,
    watch: &FpWatch,
) {
    use UnaryOp as U;
    macro_rules! go {
        ($T:ty, $U:ty, $f:expr) => {
            // SAFETY: forwarded from the caller.
            unsafe { map1::<$T, $U>(x, out, layout, watch, $f) }
        };
    }
    match op {
        U::IsNan => crate::dispatch!(t, T => go!(T, bool, <T as Num>::is_nan)),
        U::IsInf => crate::dispatch!(t, T => go!(T, bool, <T as Num>::is_inf)),
        U::IsFinite => {
            crate::dispatch!(t, T => go!(T, bool, |a: T| !<T as Num>::is_nan(a) && !<T as Num>::is_inf(a)))
        }
        U::LogicalNot => crate::dispatch!(t, T => go!(T, bool, |a: T| !<T as Num>::truthy(a))),
        U::Negative => crate::dispatch!(t, T => go!(T, T, <T as Num>::neg)),
        U::Positive => crate::dispatch!(t, T => go!(T, T, |a: T| a)),
        U::Absolute => crate::dispatch!(t, T => go!(T, T, <T as Num>::abs)),
        U::Sign => crate::dispatch!(t, T => go!(T, T, <T as Num>::sign)),
        U::Square => crate::dispatch!(t, T => go!(T, T, |a: T| <T as Num>::mul(a, a))),
        U::Reciprocal => crate::dispatch!(t, T => go!(T, T, <T as Num>::reciprocal)),
        U::Floor => crate::dispatch!(t, T => go!(T, T, <T as Num>::floor)),
        U::Ceil => crate::dispatch!(t, T => go!(T, T, <T as Num>::ceil)),
        U::Trunc => crate::dispatch!(t, T => go!(T, T, <T as Num>::trunc)),
        U::Invert => dispatch_bits!(t, T => go!(T, T, <T as Bits>::invert)),
        _ => dispatch_float!(t, T => go!(T, T, |a: T| <T as Float>::unary(op, a))),
    }
}

/// Runs `$body` with `$T` bound to `f32` or `f64`; other dtypes never reach a float-only loop
/// (resolution picks a float loop for them).
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
use dispatch_float;

/// Runs `$body` with `$T` bound to bool or an integer type.
macro_rules! dispatch_bits {
    ($t:expr, $T:ident => $body:expr) => {
        match $t {
            DType::F32 | DType::F64 => unreachable!("bitwise loop resolved to a float"),
            other => crate::dispatch!(other, $T => $body),
        }
    };
}
use dispatch_bits;

/// `dispatch_bits!` still instantiates its body for every dtype, so floats need the bitwise
/// methods to type-check. Resolution never selects a bitwise loop for a float: never called.
macro_rules! no_bitwise_loops {
    ($($t:ty),*) => {$(
        impl Bits for $t {
            fn and(_: $t, _: $t) -> $t {
                unreachable!("no bitwise loop for floats")
            }
            fn or(_: $t, _: $t) -> $t {
                unreachable!("no bitwise loop for floats")
            }
            fn xor(_: $t, _: $t) -> $t {
                unreachable!("no bitwise loop for floats")
            }
            fn invert(_: $t) -> $t {
                unreachable!("no bitwise loop for floats")
            }
            fn shl(_: $t, _: $t) -> $t {
                unreachable!("no bitwise loop for floats")
            }
            fn shr(_: $t, _: $t) -> $t {
                unreachable!("no bitwise loop for floats")
            }
        }
    )*};
}
no_bitwise_loops!(f32, f64);

/// `out[i] = f(x[i], y[i])` with slice fast paths for contiguous and scalar-broadcast runs.
///
/// # Safety
/// As [`run_binary`]; `x`, `y` hold `T`s and `out` holds `U`s.
unsafe fn zip2<T: Element, U: Element>(
    x: &Array,
    y: &Array,
    out: *mut u8,
    layout: &Layout,
    watch: &FpWatch,
    f: impl Fn(T, T) -> U + Sync,
) {
    let ops = [
        Operand {
            ptr: out,
            strides: &layout.strides,
        },
        Operand {
            ptr: x.base_ptr().cast_mut(),
            strides: x.strides(),
        },
        Operand {
            ptr: y.base_ptr().cast_mut(),
            strides: y.strides(),
        },
    ];
    let (ts, us) = (size_of::<T>() as isize, size_of::<U>() as isize);
    // SAFETY: every operand's layout was checked against its buffer (Array invariant 1); the
    // output is unique and does not alias (caller's contract).
    unsafe {
        par_for_each_run(&layout.shape, ops, |[o, a, b], n, [so, sa, sb]| {
            // Raw pointers, not slices: the output may be exactly one of the inputs (in-place
            // operators), which slices would forbid. LLVM still vectorises these loops,
            // guarded by a runtime overlap check.
            let (o, a, b) = (
                o.cast::<U>(),
                a.cast_const().cast::<T>(),
                b.cast_const().cast::<T>(),
            );
            watch.run(|| {
                if so == us && sa == ts && sb == ts {
                    for i in 0..n {
                        *o.add(i) = f(*a.add(i), *b.add(i));
                    }
                } else if so == us && sa == ts && sb == 0 {
                    let b = *b;
                    for i in 0..n {
                        *o.add(i) = f(*a.add(i), b);
                    }
                } else if so == us && sa == 0 && sb == ts {
                    let a = *a;
                    for i in 0..n {
                        *o.add(i) = f(a, *b.add(i));
                    }
                } else {
                    let (so, sa, sb) = (so / us, sa / ts, sb / ts);
                    for i in 0..n as isize {
                        *o.offset(i * so) = f(*a.offset(i * sa), *b.offset(i * sb));
                    }
                }
            });
        });
    }
}

/// `out[i] = f(x[i])` through the traversal core.
///
/// # Safety
/// As [`run_unary`].
unsafe fn map1<T: Element, U: Element>(
    x: &Array,
    out: *mut u8,
    layout: &Layout,
    watch: &FpWatch,
    f: impl Fn(T) -> U + Sync,
) {
    let ops = [
        Operand {
            ptr: out,
            strides: &layout.strides,
        },
        Operand {
            ptr: x.base_ptr().cast_mut(),
            strides: x.strides(),
        },
    ];
    let (ts, us) = (size_of::<T>() as isize, size_of::<U>() as isize);
    // SAFETY: forwarded from the caller; `x` satisfies its invariant 1.
    unsafe {
        par_for_each_run(&layout.shape, ops, |[o, a], n, [so, sa]| {
            let (o, a) = (o.cast::<U>(), a.cast_const().cast::<T>());
            watch.run(|| {
                if so == us && sa == ts {
                    for i in 0..n {
                        *o.add(i) = f(*a.add(i));
                    }
                } else {
                    let (so, sa) = (so / us, sa / ts);
                    for i in 0..n as isize {
                        *o.offset(i * so) = f(*a.offset(i * sa));
                    }
                }
            });
        });
    }
}

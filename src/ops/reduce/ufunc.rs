//! `ufunc.reduce` for every binary op: `np.add.reduce`, `np.subtract.reduce`, ...
//!
//! Invariants, all NumPy 2's:
//! 1. Dtypes: `add` and `multiply` reduce bool and integers narrower than 64 bits in `int64`
//!    (`uint64` for unsigned), as `sum` and `prod` do; the logical ops reduce in bool; every other
//!    op uses the loop resolved for `(dtype, dtype)`, which must return its input type (so
//!    comparisons reduce only bools), else NumPy's "no loop" error.
//! 2. Ops with an identity (`add`, `multiply`, the logical and bitwise ops, `hypot`) start every
//!    result from it, so an empty reduction gives the identity. `maximum`, `minimum`, `fmax` and
//!    `fmin` have none but are reorderable: an empty reduction is an error. Every other op is
//!    not reorderable: it takes at most one axis, starts from the first element along it and
//!    folds left in index order.

use super::axes::Reduced;
use super::nest::Grouping;
use super::plan::{Start, run, run_from};
use super::reducers::{OpFold, WrapFold};
use crate::array::{Array, Element, Layout};
use crate::ir::{BinaryOp, Casting, DType};
use crate::ops::kernels::{Bits, Float, Num};
use crate::{Error, Result};

/// `np.<op>.reduce(a, axis)`.
pub(super) fn reduce(op: BinaryOp, a: &Array, red: &Reduced) -> Result<Array> {
    use BinaryOp as B;
    match op {
        B::Add => return super::sum_of(a, red),
        B::Multiply => return super::prod_of(a, red),
        B::Maximum => return super::extreme_of::<true, true>(a, red, "maximum"),
        B::Minimum => return super::extreme_of::<false, true>(a, red, "minimum"),
        B::Fmax => return super::extreme_of::<true, false>(a, red, "fmax"),
        B::Fmin => return super::extreme_of::<false, false>(a, red, "fmin"),
        B::LogicalOr => return super::logical_of::<false>(a, red),
        B::LogicalAnd => return super::logical_of::<true>(a, red),
        _ => {}
    }
    let t = loop_dtype(op, a.dtype())?;
    let x = if a.dtype() == t {
        a.clone()
    } else {
        a.astype_casting(t, Casting::Unsafe)?
    };
    match op {
        B::LogicalXor => run(
            &OpFold {
                f: |p: bool, q: bool| p != q,
                start: false,
                grouping: Grouping::Any,
            },
            &x,
            red,
        ),
        B::BitwiseAnd | B::BitwiseOr | B::BitwiseXor => crate::dispatch!(t, T => {
            let (f, start): (fn(T, T) -> T, T) = match op {
                B::BitwiseAnd => (<T as Bits>::and, T::from_i64(-1)),
                B::BitwiseOr => (<T as Bits>::or, T::default()),
                _ => (<T as Bits>::xor, T::default()),
            };
            run(&OpFold { f, start, grouping: Grouping::Any }, &x, red)
        }),
        B::Hypot => float_dispatch(t, |f32_case| {
            if f32_case {
                run(
                    &OpFold {
                        f: <f32 as Float>::hypot,
                        start: 0.0,
                        grouping: Grouping::Sequential,
                    },
                    &x,
                    red,
                )
            } else {
                run(
                    &OpFold {
                        f: <f64 as Float>::hypot,
                        start: 0.0,
                        grouping: Grouping::Sequential,
                    },
                    &x,
                    red,
                )
            }
        }),
        B::TrueDivide | B::Arctan2 | B::Copysign => float_dispatch(t, |f32_case| {
            if f32_case {
                left_fold::<f32>(op, &x, red, float_fn::<f32>(op))
            } else {
                left_fold::<f64>(op, &x, red, float_fn::<f64>(op))
            }
        }),
        B::Equal | B::NotEqual | B::Less | B::LessEqual | B::Greater | B::GreaterEqual => {
            left_fold::<bool>(op, &x, red, compare_fn(op))
        }
        _ => crate::dispatch!(t, T => left_fold::<T>(op, &x, red, int_fn::<T>(op))),
    }
}

/// The dtype the reduction runs in (invariant 1).
fn loop_dtype(op: BinaryOp, dtype: DType) -> Result<DType> {
    use BinaryOp as B;
    if matches!(op, B::LogicalAnd | B::LogicalOr | B::LogicalXor) {
        return Ok(DType::Bool);
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

/// Calls `f(true)` for a `float32` loop and `f(false)` for `float64`.
fn float_dispatch(t: DType, f: impl FnOnce(bool) -> Result<Array>) -> Result<Array> {
    match t {
        DType::F32 => f(true),
        DType::F64 => f(false),
        other => Err(Error::DType {
            op: "reduce",
            got: other,
            expected: "a float loop".into(),
        }),
    }
}

fn float_fn<T: Float>(op: BinaryOp) -> fn(T, T) -> T {
    match op {
        BinaryOp::TrueDivide => <T as Float>::div,
        BinaryOp::Arctan2 => <T as Float>::atan2,
        _ => <T as Float>::copysign,
    }
}

fn compare_fn(op: BinaryOp) -> fn(bool, bool) -> bool {
    use BinaryOp as B;
    match op {
        B::Equal => |a, b| a == b,
        B::NotEqual => |a, b| a != b,
        B::Less => |a, b| !a & b,
        B::LessEqual => |a, b| a <= b,
        B::Greater => |a, b| a & !b,
        _ => |a, b| a >= b,
    }
}

/// The scalar function of the integer-or-float ops without an identity.
fn int_fn<T: Num + Bits>(op: BinaryOp) -> fn(T, T) -> T {
    use BinaryOp as B;
    match op {
        B::Subtract => <T as Num>::sub,
        B::FloorDivide => <T as Num>::floor_div,
        B::Remainder => <T as Num>::rem,
        B::Fmod => <T as Num>::fmod,
        B::Power => <T as Num>::pow,
        B::LeftShift => <T as Bits>::shl,
        _ => <T as Bits>::shr,
    }
}

/// A non-reorderable op (invariant 2): the first element along the one reduced axis, then a
/// left fold over the rest.
fn left_fold<T: Element>(
    op: BinaryOp,
    x: &Array,
    red: &Reduced,
    f: fn(T, T) -> T,
) -> Result<Array> {
    let axes: Vec<usize> = (0..x.ndim()).filter(|&ax| red.mask[ax]).collect();
    let k = match axes[..] {
        [] => return x.try_copy_order(crate::array::Order::K),
        [k] => k,
        _ => {
            return Err(Error::Value {
                op: op.name(),
                msg: format!(
                    "reduction operation '{}' is not reorderable, so at most one axis may be \
                     specified",
                    op.name()
                ),
            });
        }
    };
    let n = x.shape()[k];
    if n == 0 {
        return Err(Error::Value {
            op: op.name(),
            msg: format!(
                "zero-size array to reduction operation {} which has no identity",
                op.name()
            ),
        });
    }
    let l = x.layout();
    let first = x.with_layout(Layout {
        shape: (0..x.ndim())
            .filter(|&ax| ax != k)
            .map(|ax| l.shape[ax])
            .collect(),
        strides: (0..x.ndim())
            .filter(|&ax| ax != k)
            .map(|ax| l.strides[ax])
            .collect(),
        offset: l.offset,
    });
    let mut rest_shape = l.shape.clone();
    rest_shape[k] = n - 1;
    let rest = x.with_layout(Layout {
        shape: rest_shape,
        strides: l.strides.clone(),
        // The element at index 1 along `k` (n >= 2), or the unused origin of an empty view.
        offset: if n > 1 {
            (l.offset as isize + l.strides[k]) as usize
        } else {
            l.offset
        },
    });
    if op == BinaryOp::Power && T::DTYPE.is_signed() {
        let negative = |v: T| i64::from(v < T::default());
        let count = run(
            &WrapFold::<T, i64, _, false>::new(negative),
            &rest,
            &Reduced {
                mask: (0..x.ndim()).map(|_| true).collect(),
                keepdims: false,
            },
        )?;
        if count.to_vec::<i64>()?[0] > 0 {
            return Err(Error::Value {
                op: "power",
                msg: "Integers to negative integer powers are not allowed.".into(),
            });
        }
    }
    let fold = OpFold {
        f,
        start: T::default(),
        grouping: Grouping::Sequential,
    };
    run_from(&fold, &rest, red, Start::From(&first))
}

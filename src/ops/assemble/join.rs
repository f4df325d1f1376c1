//! Joining arrays along an axis: `concatenate` (the one copying kernel), and the `stack` family
//! built on it with NumPy's `atleast_1d/2d/3d` rules.

use super::axis_range;
use crate::error::normalize_axis;
use crate::{Array, Element, Error, Order, Result};

fn value_err(op: &'static str, msg: impl Into<String>) -> Error {
    Error::Value {
        op,
        msg: msg.into(),
    }
}

/// Joins arrays along an existing axis (`np.concatenate`). With `axis == None` every array is
/// flattened (C order) first. The result's dtype is the promotion of every input's dtype
/// ([`result_type`](crate::result_type)); inputs of another dtype are cast as
/// [`Array::astype`] casts. The result is a new C-ordered array.
///
/// Inputs that are C-contiguous and already of the result's dtype are copied row block by row
/// block with `copy_from_slice`; the others go through the strided, casting copy.
///
/// # Errors
/// [`Error::Value`] for an empty list ("need at least one array to concatenate") or 0-d inputs
/// with an axis ("zero-dimensional arrays cannot be concatenated"), [`Error::AxisOutOfRange`],
/// [`Error::Shape`] when the numbers of dimensions or the lengths off the axis differ (NumPy's
/// messages), [`Error::ShapeOverflow`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1i64, 2], [3, 4]];
/// let b = array![[5.5f64, 6.5]];
/// let c = numfuse::concatenate(&[&a, &b], Some(0))?;
/// assert_eq!(c.dtype(), DType::F64);
/// assert_eq!(c.to_vec::<f64>()?, vec![1.0, 2.0, 3.0, 4.0, 5.5, 6.5]);
/// let err = numfuse::concatenate(&[&a, &b], Some(1)).unwrap_err();
/// assert!(err.to_string().contains("along dimension 0, the array at index 0 has size 2"));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn concatenate(arrays: &[&Array], axis: Option<isize>) -> Result<Array> {
    const OP: &str = "concatenate";
    let Some(first) = arrays.first() else {
        return Err(value_err(OP, "need at least one array to concatenate"));
    };
    let Some(axis) = axis else {
        let flat: Vec<Array> = arrays
            .iter()
            .map(|a| a.reshape(&[-1]))
            .collect::<Result<_>>()?;
        let refs: Vec<&Array> = flat.iter().collect();
        return concatenate(&refs, Some(0));
    };
    let ndim = first.ndim();
    if ndim == 0 {
        return Err(value_err(
            OP,
            "zero-dimensional arrays cannot be concatenated",
        ));
    }
    let ax = normalize_axis(axis, ndim)?;
    let mut shape = first.shape().to_vec();
    for (i, a) in arrays.iter().enumerate().skip(1) {
        if a.ndim() != ndim {
            return Err(Error::Shape {
                op: OP,
                msg: format!(
                    "all the input arrays must have same number of dimensions, but the array at \
                     index 0 has {ndim} dimension(s) and the array at index {i} has {} \
                     dimension(s)",
                    a.ndim()
                ),
            });
        }
        for d in (0..ndim).filter(|&d| d != ax) {
            if a.shape()[d] != first.shape()[d] {
                return Err(Error::Shape {
                    op: OP,
                    msg: format!(
                        "all the input array dimensions except for the concatenation axis must \
                         match exactly, but along dimension {d}, the array at index 0 has size \
                         {} and the array at index {i} has size {}",
                        first.shape()[d],
                        a.shape()[d]
                    ),
                });
            }
        }
        shape[ax] = shape[ax]
            .checked_add(a.shape()[ax])
            .ok_or_else(|| Error::ShapeOverflow {
                shape: shape.clone(),
                itemsize: first.itemsize(),
            })?;
    }
    let dtype = crate::result_type(arrays).unwrap_or(first.dtype());
    let mut out = Array::try_zeros(&shape, dtype, Order::C)?;
    if out.is_empty() {
        return Ok(out);
    }
    let outer: usize = shape[..ax].iter().product();
    let inner: usize = shape[ax + 1..].iter().product();
    let mut pos = 0usize;
    for a in arrays {
        let len = a.shape()[ax];
        if a.dtype() == dtype && a.is_c_contiguous() {
            crate::dispatch!(dtype, T => copy_blocks::<T>(&mut out, a, pos, len, outer, inner)?);
        } else if len > 0 {
            // Lengths are below isize::MAX: the output was allocated.
            let index = axis_range(ndim, ax, pos as isize, (pos + len) as isize);
            out.slice_mut(index)?.assign(a)?;
        }
        pos += len;
    }
    Ok(out)
}

/// Copies C-contiguous `a` (of `out`'s dtype `T`) into rows `pos..pos + len` of the
/// concatenation axis of C-contiguous `out`: one `copy_from_slice` per outer index.
fn copy_blocks<T: Element>(
    out: &mut Array,
    a: &Array,
    pos: usize,
    len: usize,
    outer: usize,
    inner: usize,
) -> Result<()> {
    let src = a.as_slice::<T>()?;
    let total = out.shape().iter().product::<usize>() / outer.max(1);
    let dst = out.as_slice_mut::<T>()?;
    let block = len * inner;
    if block == 0 {
        return Ok(());
    }
    for (i, chunk) in src.chunks_exact(block).enumerate().take(outer) {
        let start = i * total + pos * inner;
        dst[start..start + block].copy_from_slice(chunk);
    }
    Ok(())
}

/// Joins arrays of one shape along a new axis `axis` of the result (`np.stack`); `axis`
/// counts in the result, so it lies in `-(ndim + 1)..=ndim`.
///
/// # Errors
/// [`Error::Value`] for an empty list ("need at least one array to stack"), [`Error::Shape`]
/// when the shapes differ ("all input arrays must have the same shape"),
/// [`Error::AxisOutOfRange`].
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![1i32, 2, 3];
/// let b = array![4i32, 5, 6];
/// let s = numfuse::stack(&[&a, &b], -1)?;
/// assert_eq!(s.shape(), &[3, 2]);
/// assert_eq!(s.to_vec::<i32>()?, vec![1, 4, 2, 5, 3, 6]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn stack(arrays: &[&Array], axis: isize) -> Result<Array> {
    let Some(first) = arrays.first() else {
        return Err(value_err("stack", "need at least one array to stack"));
    };
    if arrays.iter().any(|a| a.shape() != first.shape()) {
        return Err(Error::Shape {
            op: "stack",
            msg: "all input arrays must have the same shape".into(),
        });
    }
    let ax = normalize_axis(axis, first.ndim() + 1)?;
    let expanded: Vec<Array> = arrays
        .iter()
        .map(|a| a.expand_dims(ax as isize))
        .collect::<Result<_>>()?;
    let refs: Vec<&Array> = expanded.iter().collect();
    concatenate(&refs, Some(ax as isize))
}

/// The array with at least one axis: a 0-d array becomes shape `(1,)` (`np.atleast_1d`); a
/// view.
pub fn atleast_1d(a: &Array) -> Array {
    if a.ndim() == 0 {
        a.expand_dims(0).unwrap_or_else(|_| a.clone())
    } else {
        a.clone()
    }
}

/// The array with at least two axes: `()` becomes `(1, 1)` and `(n,)` becomes `(1, n)`
/// (`np.atleast_2d`); a view.
pub fn atleast_2d(a: &Array) -> Array {
    let mut v = a.clone();
    while v.ndim() < 2 {
        v = v.expand_dims(0).unwrap_or(v);
    }
    v
}

/// The array with at least three axes: `()` becomes `(1, 1, 1)`, `(n,)` becomes `(1, n, 1)` and
/// `(m, n)` becomes `(m, n, 1)` (`np.atleast_3d`); a view.
pub fn atleast_3d(a: &Array) -> Array {
    let r = match a.ndim() {
        0 => a.reshape(&[1, 1, 1]),
        1 => a.expand_dims(0).and_then(|v| v.expand_dims(2)),
        2 => a.expand_dims(2),
        _ => Ok(a.clone()),
    };
    // Inserting length-1 axes always succeeds.
    r.unwrap_or_else(|_| a.clone())
}

fn join_with(
    arrays: &[&Array],
    lift: impl Fn(&Array) -> Array,
    axis: impl FnOnce(&Array) -> isize,
) -> Result<Array> {
    let lifted: Vec<Array> = arrays.iter().map(|a| lift(a)).collect();
    let refs: Vec<&Array> = lifted.iter().collect();
    let Some(first) = refs.first() else {
        return Err(value_err(
            "concatenate",
            "need at least one array to concatenate",
        ));
    };
    let ax = axis(first);
    concatenate(&refs, Some(ax))
}

/// Stacks arrays vertically, row-wise: [`atleast_2d`] of each, joined along axis 0
/// (`np.vstack`).
///
/// # Errors
/// As [`concatenate`].
///
/// ```
/// use numfuse::prelude::*;
/// let v = numfuse::vstack(&[&array![1.0, 2.0], &array![3.0, 4.0]])?;
/// assert_eq!(v.shape(), &[2, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn vstack(arrays: &[&Array]) -> Result<Array> {
    join_with(arrays, atleast_2d, |_| 0)
}

/// Stacks arrays horizontally, column-wise: [`atleast_1d`] of each, joined along axis 0 for 1-D
/// inputs and axis 1 otherwise (`np.hstack`).
///
/// # Errors
/// As [`concatenate`].
pub fn hstack(arrays: &[&Array]) -> Result<Array> {
    join_with(arrays, atleast_1d, |a| if a.ndim() == 1 { 0 } else { 1 })
}

/// Stacks arrays depth-wise: [`atleast_3d`] of each, joined along axis 2 (`np.dstack`).
///
/// # Errors
/// As [`concatenate`].
pub fn dstack(arrays: &[&Array]) -> Result<Array> {
    join_with(arrays, atleast_3d, |_| 2)
}

/// Stacks 1-D arrays as the columns of a 2-D array (`np.column_stack`): a 1-D array of length
/// `n` becomes a column `(n, 1)`, others go through [`atleast_2d`]; then they are joined along
/// axis 1.
///
/// # Errors
/// As [`concatenate`].
///
/// ```
/// use numfuse::prelude::*;
/// let c = numfuse::column_stack(&[&array![1i64, 2, 3], &array![4i64, 5, 6]])?;
/// assert_eq!(c.to_vec::<i64>()?, vec![1, 4, 2, 5, 3, 6]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn column_stack(arrays: &[&Array]) -> Result<Array> {
    let lift = |a: &Array| {
        if a.ndim() < 2 {
            let col = atleast_1d(a);
            col.expand_dims(1).unwrap_or(col)
        } else {
            a.clone()
        }
    };
    join_with(arrays, lift, |_| 1)
}

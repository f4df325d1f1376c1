//! Conversions between flat and multi-dimensional indices: `unravel_index`,
//! `ravel_multi_index` and `flatnonzero`, with NumPy's semantics. Index arrays follow the rules
//! of [`super::take`] (invariant 4 there: integer or bool, never float).
//!
//! Invariants:
//! 1. A flat index counts in C or F order over the given dimensions; nothing else is accepted.
//! 2. Unlike `take`, a negative flat index or coordinate is never counted from the end: it is
//!    out of range (or wrapped/clipped by the mode), as in NumPy.

use super::take::{ClipMode, index_values};
use crate::array::{Array, Order};
use crate::ir::shape::checked_size;
use crate::ir::{ShapeDisplay, broadcast_shapes};
use crate::{Error, Result};

/// Refuses any order but C and F (for `unravel_index` and `ravel_multi_index`).
fn c_or_f(op: &'static str, order: Order) -> Result<bool> {
    match order {
        Order::C => Ok(false),
        Order::F => Ok(true),
        _ => Err(Error::Value {
            op,
            msg: "only 'C' or 'F' order is permitted".to_string(),
        }),
    }
}

/// The multi-dimensional indices, one `int64` array per axis of `shape`, of the flat positions
/// `indices` in an array of `shape` (`np.unravel_index`); each array has the shape of
/// `indices` (0-d for a 0-d index). `order` is C or F. Unlike `take`, negative positions are
/// not counted from the end.
///
/// # Errors
/// [`Error::Value`] for a position outside `0..size` ("index 24 is out of bounds for array
/// with size 24"), for orders other than C and F, or a shape whose size overflows;
/// [`Error::DType`] for float indices.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::unravel_index;
/// let arr = Array::arange(24.0, DType::F64).reshape(&[4, 6])?;
/// let flat = arr.argmax(None)?;   // 0-d: 23
/// let rc = unravel_index(&flat, arr.shape(), Order::C)?;
/// assert_eq!((rc[0].to_vec::<i64>()?, rc[1].to_vec::<i64>()?), (vec![3], vec![5]));
/// let f = unravel_index(&array![22i64, 41, 37], &[7, 6], Order::F)?;
/// assert_eq!(f[0].to_vec::<i64>()?, [1, 6, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn unravel_index(indices: &Array, shape: &[usize], order: Order) -> Result<Vec<Array>> {
    const OP: &str = "unravel_index";
    let fortran = c_or_f(OP, order)?;
    let idx = index_values(OP, indices, true)?;
    let size = checked_size(shape, 1).ok_or_else(|| Error::Value {
        op: OP,
        msg: format!("dimensions {} are too large", ShapeDisplay(shape)),
    })?;
    let mut coords: Vec<Vec<i64>> = vec![Vec::with_capacity(idx.len()); shape.len()];
    let axes: Vec<usize> = if fortran {
        (0..shape.len()).collect()
    } else {
        (0..shape.len()).rev().collect()
    };
    for &i in &idx {
        if i < 0 || i as u64 >= size as u64 {
            return Err(Error::Value {
                op: OP,
                msg: format!("index {i} is out of bounds for array with size {size}"),
            });
        }
        let mut rest = i as usize;
        for &ax in &axes {
            // `shape[ax] > 0`: the size is positive, since `0 <= i < size`.
            coords[ax].push((rest % shape[ax]) as i64);
            rest /= shape[ax];
        }
    }
    coords
        .into_iter()
        .map(|v| Array::from_vec(v, indices.shape()))
        .collect()
}

/// The flat positions of the multi-dimensional indices `multi_index` (one integer array per
/// axis of `dims`, broadcast together) in an array of shape `dims` (`np.ravel_multi_index`),
/// as `int64` of the broadcast shape. `order` is C or F. In `Raise` mode each coordinate must
/// lie in `0..dims[axis]` (negative ones are refused, as in NumPy); `Wrap` and `Clip` apply to
/// every axis.
///
/// # Errors
/// [`Error::IndexOutOfBounds`] naming the coordinate, its axis and length (NumPy: "invalid
/// entry in coordinates array"); [`Error::Value`] for a `multi_index` of the wrong length, an
/// order other than C or F, or `dims` that are empty of elements or too large;
/// [`Error::Broadcast`]; [`Error::DType`] for float coordinates.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::{ClipMode, ravel_multi_index};
/// let flat = ravel_multi_index(&[&Array::scalar(3i64), &Array::scalar(5i64)], &[4, 6],
///                              ClipMode::Raise, Order::C)?;
/// assert_eq!(flat.to_vec::<i64>()?, [23]);
/// let rows = array![3i64, 6, 6];
/// let cols = array![4i64, 5, 1];
/// let f = ravel_multi_index(&[&rows, &cols], &[7, 6], ClipMode::Raise, Order::F)?;
/// assert_eq!(f.to_vec::<i64>()?, [31, 41, 13]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn ravel_multi_index(
    multi_index: &[&Array],
    dims: &[usize],
    mode: ClipMode,
    order: Order,
) -> Result<Array> {
    const OP: &str = "ravel_multi_index";
    let fortran = c_or_f(OP, order)?;
    if multi_index.len() != dims.len() {
        return Err(Error::Value {
            op: OP,
            msg: format!(
                "parameter multi_index must be a sequence of length {}, got {}",
                dims.len(),
                multi_index.len()
            ),
        });
    }
    if dims.contains(&0) {
        return Err(Error::Value {
            op: OP,
            msg: format!(
                "cannot unravel if shape has zero entries (is empty): dims {}",
                ShapeDisplay(dims)
            ),
        });
    }
    if checked_size(dims, 1).is_none() {
        return Err(Error::Value {
            op: OP,
            msg: format!(
                "invalid dims {}: array size defined by dims is larger than the maximum \
                 possible size",
                ShapeDisplay(dims)
            ),
        });
    }
    let shapes: Vec<&[usize]> = multi_index.iter().map(|a| a.shape()).collect();
    let shape = broadcast_shapes(&shapes).map_err(|_| Error::Broadcast {
        op: OP,
        shapes: shapes.iter().map(|s| s.to_vec()).collect(),
    })?;
    let size: usize = shape.iter().product();
    let mut flat = vec![0i64; size];
    // Each axis' weight: the product of the lengths of the faster-varying axes.
    let mut weight = 1i64;
    let axes: Vec<usize> = if fortran {
        (0..dims.len()).collect()
    } else {
        (0..dims.len()).rev().collect()
    };
    for ax in axes {
        let coords = index_values(OP, &multi_index[ax].broadcast_to(&shape)?, true)?;
        for (f, &c) in flat.iter_mut().zip(&coords) {
            *f += mode.resolve_nonnegative(c, ax, dims[ax])? as i64 * weight;
        }
        // The product of all of `dims` fits (checked above).
        weight *= dims[ax] as i64;
    }
    Array::from_vec(flat, &shape)
}

/// The flat (C-order) positions of the non-zero elements of `a`, as `int64`
/// (`np.flatnonzero`); NaN counts as non-zero, and a 0-d array is one element.
///
/// # Errors
/// [`Error::ShapeOverflow`] if a copy cannot be allocated.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::flatnonzero;
/// let a = array![[0.0, 1.5], [f64::NAN, 0.0]];
/// assert_eq!(flatnonzero(&a)?.to_vec::<i64>()?, [1, 2]);
/// assert_eq!(flatnonzero(&Array::scalar(3))?.to_vec::<i64>()?, [0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn flatnonzero(a: &Array) -> Result<Array> {
    let mut per_axis = a.reshape(&[-1])?.nonzero()?;
    Ok(per_axis.swap_remove(0))
}

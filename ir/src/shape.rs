//! Shapes and the one broadcasting rule.
//!
//! Eager arrays, lazy graphs and the JIT's bounds all broadcast through [`broadcast_shapes`], so
//! there is exactly one place that decides whether shapes are compatible.
//!
//! Invariants:
//! 1. Broadcasting aligns shapes at their trailing axes; two lengths are compatible when they are
//!    equal or one of them is 1, and the result takes the other length (so a 0 next to a 1 gives 0).
//! 2. The result has the rank of the longest input.
//! 3. A shape is only ever given to an array after [`checked_size`] accepts it: the product of
//!    its non-zero lengths fits `usize` (zeros do not excuse the other lengths, as in NumPy), and
//!    a non-empty array's byte size fits `isize`.

use smallvec::SmallVec;
use std::fmt;

/// Axis lengths, inline for up to 6 axes.
pub type Dims = SmallVec<[usize; 6]>;

/// Shapes that cannot be broadcast together: which operand and axis (counted from the end)
/// first disagreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BroadcastError {
    /// Index of the operand that could not be broadcast against the ones before it.
    pub operand: usize,
    /// The offending axis of the result, counted from the right (0 = last axis).
    pub axis_from_end: usize,
}

/// Broadcasts any number of shapes together (`np.broadcast_shapes`).
///
/// ```
/// use numfuse_ir::broadcast_shapes;
/// let s = broadcast_shapes(&[&[8, 1, 6, 1], &[7, 1, 5]]).unwrap();
/// assert_eq!(&s[..], &[8, 7, 6, 5]);
/// assert!(broadcast_shapes(&[&[3], &[4]]).is_err());
/// ```
///
/// # Errors
/// Returns which operand and axis disagreed when two lengths differ and neither is 1.
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Dims, BroadcastError> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out: Dims = SmallVec::from_elem(1, ndim);
    for (operand, shape) in shapes.iter().enumerate() {
        for (k, &len) in shape.iter().rev().enumerate() {
            let slot = &mut out[ndim - 1 - k];
            if *slot == len || len == 1 {
                continue;
            }
            // Only a 1 may yield to another length (a 0 can only meet 0 or 1).
            if *slot == 1 {
                *slot = len;
            } else {
                return Err(BroadcastError {
                    operand,
                    axis_from_end: k,
                });
            }
        }
    }
    Ok(out)
}

/// A shape formatted the way Python prints tuples: `()`, `(3,)`, `(3, 4)`. The alternate form
/// `{:#}` is the compact one NumPy's C-level error messages use: `(3,4)`.
#[derive(Clone, Copy)]
pub struct ShapeDisplay<'a>(pub &'a [usize]);

impl fmt::Display for ShapeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if f.alternate() { "," } else { ", " };
        match self.0 {
            [] => f.write_str("()"),
            [n] => write!(f, "({n},)"),
            dims => {
                f.write_str("(")?;
                for (i, d) in dims.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    write!(f, "{d}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// The number of elements of a shape, or `None` if the shape is too big: the product of its
/// non-zero lengths overflows `usize`, or (for a non-empty shape) the total byte size for
/// `itemsize`-byte elements overflows `isize` (the largest allocation Rust allows).
///
/// Zero lengths are skipped when checking the product, as NumPy does ("array is too big"), so a
/// shape accepted here has a product that cannot overflow in any order of multiplication: every
/// partial product divides the product of the non-zero lengths, or is 0.
///
/// ```
/// use numfuse_ir::shape::checked_size;
/// assert_eq!(checked_size(&[3, 4], 8), Some(12));
/// assert_eq!(checked_size(&[usize::MAX, 2], 1), None);
/// assert_eq!(checked_size(&[0, usize::MAX], 8), Some(0));
/// assert_eq!(checked_size(&[usize::MAX, usize::MAX, 0], 8), None);
/// ```
pub fn checked_size(shape: &[usize], itemsize: usize) -> Option<usize> {
    let nonzero = shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))?;
    if shape.contains(&0) {
        return Some(0);
    }
    let bytes = nonzero.checked_mul(itemsize)?;
    (bytes <= isize::MAX as usize).then_some(nonzero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_rules() {
        let ok = |a: &[usize], b: &[usize]| broadcast_shapes(&[a, b]).map(|d| d.to_vec());
        assert_eq!(ok(&[], &[3]), Ok(vec![3]));
        assert_eq!(ok(&[2, 1], &[1, 3]), Ok(vec![2, 3]));
        assert_eq!(ok(&[0], &[1]), Ok(vec![0]));
        assert_eq!(ok(&[1], &[0]), Ok(vec![0]));
        assert_eq!(ok(&[4, 3], &[3]), Ok(vec![4, 3]));
        assert_eq!(
            ok(&[0], &[3]),
            Err(BroadcastError {
                operand: 1,
                axis_from_end: 0
            })
        );
        assert_eq!(
            ok(&[2, 3], &[3, 3]),
            Err(BroadcastError {
                operand: 1,
                axis_from_end: 1
            })
        );
    }

    #[test]
    fn size_checks_the_lengths_around_a_zero() {
        assert_eq!(checked_size(&[], 8), Some(1));
        assert_eq!(checked_size(&[usize::MAX, 0], 8), Some(0));
        assert_eq!(checked_size(&[0, usize::MAX, 2], 8), None);
        assert_eq!(checked_size(&[1 << 62, 4, 0], 8), None);
        assert_eq!(checked_size(&[1 << 32, 0, 1 << 31], 1), Some(0));
        assert_eq!(checked_size(&[1 << 60], 8), None);
    }

    #[test]
    fn shape_display() {
        assert_eq!(ShapeDisplay(&[]).to_string(), "()");
        assert_eq!(ShapeDisplay(&[3]).to_string(), "(3,)");
        assert_eq!(ShapeDisplay(&[3, 4]).to_string(), "(3, 4)");
        assert_eq!(format!("{:#}", ShapeDisplay(&[3, 4])), "(3,4)");
        assert_eq!(format!("{:#}", ShapeDisplay(&[3])), "(3,)");
    }
}

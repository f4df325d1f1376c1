//! Layout: shape, strides in bytes and a byte offset, and the pure arithmetic on them.
//!
//! Every view constructor, `as_strided`, `reshape` and (later) the JIT's bounds are functions of a
//! [`Layout`]; none of them touches memory. A layout is only ever attached to a buffer after
//! [`Layout::check_bounds`] accepts it, which checks these numbered conditions:
//!
//! 1. Every byte any index can reach lies inside the buffer: counting negative strides from the
//!    lowest address, `offset + min >= 0` and `offset + max + itemsize <= buffer length`. A layout
//!    with a zero-length axis reaches no byte and always passes.
//! 2. No arithmetic overflows: the element count and `Σ (len-1)·|stride|` fit in `isize`. The
//!    count is checked by [`checked_size`], which skips zero lengths but still multiplies the
//!    others, so `[usize::MAX, usize::MAX, 0]` is refused as NumPy refuses it.
//! 3. (Writable layouts only) no two indices reach the same element; see [`Layout::may_alias`].
//!    Stride tricks that alias are returned read-only instead of being refused.
//! 4. The offset and every stride are multiples of the item size, so every element is aligned in
//!    our 64-byte aligned buffers and typed access is sound.
//!
//! Code that relies on a condition says so (`// condition 1`).

use crate::ir::shape::checked_size;
use crate::ir::{Dims, ShapeDisplay};
use crate::{Error, Result};
use smallvec::SmallVec;

/// Strides in bytes, one per axis; negative for reversed axes, 0 for broadcast axes.
pub type Strides = SmallVec<[isize; 6]>;

/// Memory order of a new or copied array (NumPy's `order=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Order {
    /// Row-major: the last index varies fastest.
    #[default]
    C,
    /// Column-major: the first index varies fastest.
    F,
    /// F if the source is F-contiguous and not C-contiguous, else C.
    A,
    /// Keep the source's axis order as closely as possible.
    K,
}

/// How an array's elements sit in memory, coarsely: the class the eager traversal and the JIT's
/// kernel cache key on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LayoutClass {
    /// C-contiguous (includes 0-d, 1-d contiguous and empty arrays).
    ContiguousC,
    /// F-contiguous and not C-contiguous.
    ContiguousF,
    /// The last axis is contiguous, the outer axes are strided.
    InnerContiguous,
    /// At least one axis has stride 0 (a broadcast).
    Broadcast,
    /// Anything else.
    Strided,
}

/// Shape, byte strides and byte offset of an array over a buffer.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Layout {
    /// Length of each axis.
    pub shape: Dims,
    /// Bytes from one element to the next along each axis.
    pub strides: Strides,
    /// Byte offset of element `[0, 0, ..., 0]` from the start of the buffer.
    pub offset: usize,
}

/// C-order (row-major) strides for `shape`. Lengths must already be overflow-checked.
pub fn c_strides(shape: &[usize], itemsize: usize) -> Strides {
    let mut strides: Strides = SmallVec::from_elem(0, shape.len());
    let mut acc = itemsize as isize;
    for (s, &len) in strides.iter_mut().zip(shape).rev() {
        *s = acc;
        acc = acc.wrapping_mul(len.max(1) as isize);
    }
    strides
}

/// F-order (column-major) strides for `shape`. Lengths must already be overflow-checked.
pub fn f_strides(shape: &[usize], itemsize: usize) -> Strides {
    let mut strides: Strides = SmallVec::from_elem(0, shape.len());
    let mut acc = itemsize as isize;
    for (s, &len) in strides.iter_mut().zip(shape) {
        *s = acc;
        acc = acc.wrapping_mul(len.max(1) as isize);
    }
    strides
}

impl Layout {
    /// A contiguous layout at offset 0 in the given order (`A` and `K` mean C here).
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if the byte size overflows (condition 2).
    pub fn contiguous(shape: &[usize], itemsize: usize, order: Order) -> Result<Layout> {
        checked_size(shape, itemsize).ok_or_else(|| Error::ShapeOverflow {
            shape: shape.to_vec(),
            itemsize,
        })?;
        let strides = match order {
            Order::F => f_strides(shape, itemsize),
            _ => c_strides(shape, itemsize),
        };
        Ok(Layout {
            shape: shape.into(),
            strides,
            offset: 0,
        })
    }

    /// A contiguous layout for `shape` whose axes are ordered in memory like `self`'s (NumPy's
    /// `order='K'`): the axis with the largest `|stride|` is outermost. Ties keep C order.
    pub fn keep_order(&self, itemsize: usize) -> Layout {
        let perm = self.axes_by_stride();
        let mut strides: Strides = SmallVec::from_elem(0, self.ndim());
        let mut acc = itemsize as isize;
        for &ax in perm.iter().rev() {
            strides[ax] = acc;
            acc = acc.wrapping_mul(self.shape[ax].max(1) as isize);
        }
        Layout {
            shape: self.shape.clone(),
            strides,
            offset: 0,
        }
    }

    /// Axes sorted outermost-first by decreasing `|stride|` (stable: ties keep C order).
    pub fn axes_by_stride(&self) -> SmallVec<[usize; 6]> {
        let mut perm: SmallVec<[usize; 6]> = (0..self.ndim()).collect();
        perm.sort_by_key(|&ax| std::cmp::Reverse(self.strides[ax].unsigned_abs()));
        perm
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.shape.len()
    }

    /// Number of elements. Never overflows: 0 when any length is 0, else the product, which
    /// condition 2 keeps exact for every layout attached to an array (it saturates at
    /// `usize::MAX` for a hand-built layout that violates the condition).
    pub fn size(&self) -> usize {
        if self.shape.contains(&0) {
            return 0;
        }
        self.shape
            .iter()
            .fold(1usize, |acc, &len| acc.saturating_mul(len))
    }

    /// True when the elements are laid out in C order with no gaps (NumPy's C_CONTIGUOUS:
    /// strides of length-1 axes do not matter, and an empty array is contiguous).
    pub fn is_c_contiguous(&self, itemsize: usize) -> bool {
        self.is_contiguous_in(itemsize, self.shape.len(), |n, i| n - 1 - i)
    }

    /// True when the elements are laid out in F order with no gaps (NumPy's F_CONTIGUOUS).
    pub fn is_f_contiguous(&self, itemsize: usize) -> bool {
        self.is_contiguous_in(itemsize, self.shape.len(), |_, i| i)
    }

    fn is_contiguous_in(
        &self,
        itemsize: usize,
        n: usize,
        axis: impl Fn(usize, usize) -> usize,
    ) -> bool {
        if self.shape.contains(&0) {
            return true;
        }
        let mut expected = itemsize as isize;
        for i in 0..n {
            let ax = axis(n, i);
            let len = self.shape[ax];
            if len != 1 {
                if self.strides[ax] != expected {
                    return false;
                }
                // Only a layout violating condition 2 can overflow here; it is not contiguous.
                let Some(next) = isize::try_from(len)
                    .ok()
                    .and_then(|len| expected.checked_mul(len))
                else {
                    return false;
                };
                expected = next;
            }
        }
        true
    }

    /// The class the traversal and the JIT cache key on.
    pub fn class(&self, itemsize: usize) -> LayoutClass {
        if self.is_c_contiguous(itemsize) {
            LayoutClass::ContiguousC
        } else if self.is_f_contiguous(itemsize) {
            LayoutClass::ContiguousF
        } else if self
            .strides
            .iter()
            .zip(&self.shape)
            .any(|(&s, &n)| s == 0 && n > 1)
        {
            LayoutClass::Broadcast
        } else if self.strides.last() == Some(&(itemsize as isize)) {
            LayoutClass::InnerContiguous
        } else {
            LayoutClass::Strided
        }
    }

    /// The lowest and highest byte offsets (relative to `offset`) of any element's first byte,
    /// or `None` if the array is empty or the arithmetic overflows (condition 2).
    pub fn extent(&self) -> Option<(isize, isize)> {
        if self.shape.contains(&0) {
            return None;
        }
        let (mut lo, mut hi) = (0isize, 0isize);
        for (&len, &stride) in self.shape.iter().zip(&self.strides) {
            let reach = isize::try_from(len - 1).ok()?.checked_mul(stride)?;
            if reach < 0 {
                lo = lo.checked_add(reach)?;
            } else {
                hi = hi.checked_add(reach)?;
            }
        }
        Some((lo, hi))
    }

    /// Checks conditions 1, 2 and 4 against a buffer of `buf_len` bytes.
    ///
    /// # Errors
    /// [`Error::StridesOutOfBounds`] naming the violated condition, or [`Error::ShapeOverflow`].
    pub fn check_bounds(&self, buf_len: usize, itemsize: usize) -> Result<()> {
        if self.shape.len() != self.strides.len() {
            return Err(Error::Shape {
                op: "layout",
                msg: format!(
                    "{} strides given for {} axes",
                    self.strides.len(),
                    self.ndim()
                ),
            });
        }
        // condition 2: the element count fits.
        checked_size(&self.shape, itemsize).ok_or_else(|| Error::ShapeOverflow {
            shape: self.shape.to_vec(),
            itemsize,
        })?;
        // condition 4: alignment.
        let isz = itemsize as isize;
        if !self.offset.is_multiple_of(itemsize) || self.strides.iter().any(|s| s % isz != 0) {
            return Err(Error::StridesOutOfBounds {
                condition: 4,
                detail: format!(
                    "offset {} and strides {:?} must be multiples of the item size {itemsize}",
                    self.offset,
                    self.strides.as_slice()
                ),
            });
        }
        if self.shape.contains(&0) {
            return Ok(());
        }
        // condition 2: the reach fits.
        let (lo, hi) = self.extent().ok_or_else(|| Error::StridesOutOfBounds {
            condition: 2,
            detail: format!(
                "shape {} with strides {:?} overflows",
                ShapeDisplay(&self.shape),
                self.strides.as_slice()
            ),
        })?;
        // condition 1: every reachable byte is inside the buffer.
        let offset = self.offset as i128;
        let (first, last) = (offset + lo as i128, offset + hi as i128 + itemsize as i128);
        if first < 0 || last > buf_len as i128 {
            return Err(Error::StridesOutOfBounds {
                condition: 1,
                detail: format!(
                    "shape {} with strides {:?} at offset {} reaches bytes {first}..{last} of a \
                     {buf_len}-byte buffer",
                    ShapeDisplay(&self.shape),
                    self.strides.as_slice(),
                    self.offset
                ),
            });
        }
        Ok(())
    }

    /// Condition 3, conservatively: false only when no two indices can reach the same element.
    ///
    /// Sorting axes by `|stride|`, the layout cannot alias if each stride is larger than the
    /// total reach of all smaller-strided axes (the test ndarray uses). Zero strides on axes
    /// longer than 1 always alias.
    pub fn may_alias(&self, itemsize: usize) -> bool {
        let mut axes: SmallVec<[(usize, usize); 6]> = self
            .shape
            .iter()
            .zip(&self.strides)
            .filter(|&(&len, _)| len > 1)
            .map(|(&len, &s)| (s.unsigned_abs(), len))
            .collect();
        if self.shape.contains(&0) {
            return false;
        }
        axes.sort_unstable();
        let mut reach = itemsize - 1; // last byte of the element at the origin
        for (stride, len) in axes {
            if stride <= reach {
                return true;
            }
            reach = match stride
                .checked_mul(len - 1)
                .and_then(|r| r.checked_add(reach))
            {
                Some(r) => r,
                None => return true,
            };
        }
        false
    }

    /// Byte offset (from the buffer start) of the element at `index`, which must be in bounds.
    pub fn byte_offset(&self, index: &[usize]) -> usize {
        let rel: isize = index
            .iter()
            .zip(&self.strides)
            .map(|(&i, &s)| i as isize * s)
            .sum();
        // condition 1 keeps this inside the buffer for in-bounds indices.
        (self.offset as isize + rel) as usize
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A layout from plain slices (shared with other modules' layout tests).
    pub(crate) fn lay(shape: &[usize], strides: &[isize], offset: usize) -> Layout {
        Layout {
            shape: shape.into(),
            strides: strides.into(),
            offset,
        }
    }

    #[test]
    fn strides_of_the_seed_array() {
        assert_eq!(c_strides(&[3, 4], 8).as_slice(), &[32, 8]);
        assert_eq!(f_strides(&[3, 4], 8).as_slice(), &[8, 24]);
    }

    #[test]
    fn contiguity_flags() {
        assert!(lay(&[3, 4], &[32, 8], 0).is_c_contiguous(8));
        assert!(!lay(&[3, 4], &[32, 8], 0).is_f_contiguous(8));
        assert!(lay(&[4, 3], &[8, 32], 0).is_f_contiguous(8));
        // length-1 axes and empty arrays do not constrain strides
        assert!(lay(&[1, 4], &[999, 8], 0).is_c_contiguous(8));
        assert!(lay(&[0, 4], &[7, 5], 0).is_c_contiguous(8));
        assert!(lay(&[4], &[8], 0).is_f_contiguous(8));
        assert!(!lay(&[4], &[16], 0).is_c_contiguous(8));
    }

    #[test]
    fn bounds_conditions() {
        assert!(lay(&[8, 3], &[8, 8], 0).check_bounds(80, 8).is_ok());
        let err = lay(&[9, 3], &[8, 8], 0).check_bounds(80, 8).unwrap_err();
        assert!(matches!(
            err,
            Error::StridesOutOfBounds { condition: 1, .. }
        ));
        // negative strides count from the lowest address
        assert!(lay(&[10], &[-8], 72).check_bounds(80, 8).is_ok());
        assert!(lay(&[10], &[-8], 64).check_bounds(80, 8).is_err());
        let err = lay(&[usize::MAX / 2, 3], &[isize::MAX, 8], 0)
            .check_bounds(80, 8)
            .unwrap_err();
        assert!(matches!(err, Error::ShapeOverflow { .. }));
        let err = lay(&[3], &[isize::MAX / 2], 0)
            .check_bounds(80, 8)
            .unwrap_err();
        assert!(matches!(
            err,
            Error::StridesOutOfBounds {
                condition: 2 | 4,
                ..
            }
        ));
        let err = lay(&[3], &[4], 0).check_bounds(80, 8).unwrap_err();
        assert!(matches!(
            err,
            Error::StridesOutOfBounds { condition: 4, .. }
        ));
        assert!(lay(&[0, 3], &[1 << 40, 8], 0).check_bounds(0, 8).is_ok());
    }

    #[test]
    fn aliasing() {
        assert!(!lay(&[3, 4], &[32, 8], 0).may_alias(8));
        assert!(lay(&[8, 3], &[8, 8], 0).may_alias(8));
        assert!(lay(&[3, 4], &[0, 8], 0).may_alias(8));
        assert!(!lay(&[1, 4], &[0, 8], 0).may_alias(8));
        assert!(!lay(&[4, 3], &[-8, 32], 24).may_alias(8));
    }

    #[test]
    fn keep_order_follows_strides() {
        let t = lay(&[4, 3], &[8, 32], 0);
        assert_eq!(t.keep_order(8).strides.as_slice(), &[8, 32]);
        let neg = lay(&[3, 4], &[32, -8], 24);
        assert_eq!(neg.keep_order(8).strides.as_slice(), &[32, 8]);
    }

    #[test]
    fn classes() {
        assert_eq!(lay(&[3, 4], &[32, 8], 0).class(8), LayoutClass::ContiguousC);
        assert_eq!(lay(&[4, 3], &[8, 32], 0).class(8), LayoutClass::ContiguousF);
        assert_eq!(lay(&[3, 4], &[0, 8], 0).class(8), LayoutClass::Broadcast);
        assert_eq!(
            lay(&[3, 2], &[32, 8], 0).class(8),
            LayoutClass::InnerContiguous
        );
        assert_eq!(lay(&[3, 2], &[32, 16], 0).class(8), LayoutClass::Strided);
    }
}

//! Copies, memory order and dtype conversion: `copy`, `ascontiguousarray`, `asfortranarray`,
//! `astype` with NumPy's casting rules. Every element loop goes through the traversal core.

use super::Array;
use super::element::Element;
use super::layout::{Layout, Order};
use super::storage::Storage;
use super::traverse::{self, Operand};
use crate::ir::shape::checked_size;
use crate::ir::{Casting, DType, can_cast};
use crate::{Error, Result};

/// Copies every element of `src` into the memory at `dst` laid out by `dst_layout` (same shape),
/// converting from `src`'s dtype to `dst_dtype` with NumPy's casting rules.
///
/// # Safety
/// `dst` must point at element 0 of a buffer that `dst_layout` fits (layout conditions 1 and 4
/// for `dst_dtype`), writable, not aliased within itself and not overlapping `src`'s elements.
pub(crate) unsafe fn copy_cast_into(
    src: &Array,
    dst: *mut u8,
    dst_layout: &Layout,
    dst_dtype: DType,
) {
    debug_assert_eq!(src.shape(), &dst_layout.shape[..]);
    let s = Operand {
        ptr: src.base_ptr().cast_mut(),
        strides: &src.layout.strides,
    };
    let d = Operand {
        ptr: dst,
        strides: &dst_layout.strides,
    };
    crate::dispatch!(src.dtype, S => crate::dispatch!(dst_dtype, D => {
        // SAFETY: `src` satisfies its invariant 1; the caller guarantees the same for `dst`.
        unsafe { traverse::map_into::<S, D>(&dst_layout.shape, d, s, |x: S| x.cast::<D>()) }
    }))
}

impl Array {
    /// A new array with the same elements in C order that owns its data (`a.copy()`).
    ///
    /// # Panics
    /// If the copy cannot be allocated; [`Array::try_copy_order`] returns the error instead.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
    /// let c = a.t().copy();
    /// assert!(c.flags().c_contiguous && c.flags().owndata);
    /// assert!(!c.shares_memory(&a));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn copy(&self) -> Array {
        self.copy_order(Order::C)
    }

    /// A new array with the same elements in the given memory order (`a.copy(order=...)`).
    ///
    /// # Panics
    /// If the copy cannot be allocated; [`Array::try_copy_order`] returns the error instead.
    pub fn copy_order(&self, order: Order) -> Array {
        self.try_copy_order(order).unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Array::copy_order`], returning an allocation failure instead of panicking. Every
    /// `Result`-returning function that copies goes through this.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if the copy cannot be allocated (a huge broadcast view, say).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let huge = Array::scalar(1.0).broadcast_to(&[1 << 59])?;   // an O(1) view of 2^62 bytes
    /// assert!(matches!(huge.try_copy_order(Order::C), Err(Error::ShapeOverflow { .. })));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn try_copy_order(&self, order: Order) -> Result<Array> {
        self.convert(self.dtype, order)
    }

    /// An owned copy: the same as [`Array::copy`].
    ///
    /// # Panics
    /// As [`Array::copy`].
    pub fn to_owned(&self) -> Array {
        self.copy()
    }

    /// `self` if it is already C-contiguous, else a C-ordered copy (`np.ascontiguousarray`).
    ///
    /// # Panics
    /// As [`Array::copy`].
    pub fn ascontiguousarray(&self) -> Array {
        self.try_ascontiguous(Order::C)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// `self` if it is already F-contiguous, else an F-ordered copy (`np.asfortranarray`).
    ///
    /// # Panics
    /// As [`Array::copy`].
    pub fn asfortranarray(&self) -> Array {
        self.try_ascontiguous(Order::F)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// `self` if it is already contiguous in `order` (C or F), else a copy in that order.
    fn try_ascontiguous(&self, order: Order) -> Result<Array> {
        let contiguous = match order {
            Order::F => self.is_f_contiguous(),
            _ => self.is_c_contiguous(),
        };
        if contiguous {
            Ok(self.clone())
        } else {
            self.try_copy_order(order)
        }
    }

    /// A copy converted to `dtype` with NumPy's unsafe casting: floats truncate toward zero,
    /// integers wrap, anything non-zero (including NaN) becomes `true` (`a.astype(dtype)`).
    /// The copy keeps the memory order of `self` (NumPy's `order='K'`).
    ///
    /// # Panics
    /// If the copy cannot be allocated; `astype_casting(dtype, Casting::Unsafe)` returns the
    /// error instead.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![-1.7, 0.5, 300.0];
    /// assert_eq!(a.astype(DType::I64).to_vec::<i64>()?, vec![-1, 0, 300]);
    /// assert_eq!(a.astype(DType::U8).to_vec::<u8>()?, vec![255, 0, 44]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn astype(&self, dtype: DType) -> Array {
        self.convert(dtype, Order::K)
            .unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Array::astype`] under an explicit casting rule (`a.astype(dtype, casting=...)`).
    ///
    /// # Errors
    /// [`Error::Cast`] when `casting` does not allow the conversion, [`Error::ShapeOverflow`]
    /// when the copy cannot be allocated.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![1.5f64, 2.5];
    /// assert!(a.astype_casting(DType::F32, Casting::SameKind).is_ok());
    /// let err = a.astype_casting(DType::I64, Casting::SameKind).unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "cannot cast array data from dtype('float64') to dtype('int64') according to the rule 'same_kind'"
    /// );
    /// ```
    pub fn astype_casting(&self, dtype: DType, casting: Casting) -> Result<Array> {
        if !can_cast(self.dtype, dtype, casting) {
            return Err(Error::Cast {
                from: self.dtype,
                to: dtype,
                casting: casting.name(),
            });
        }
        self.convert(dtype, Order::K)
    }

    /// The elements in C order as a `Vec<T>`; `T` must be the array's element type.
    ///
    /// # Errors
    /// [`Error::DType`] if `T` is not the element type, [`Error::ShapeOverflow`] if the
    /// elements cannot be allocated.
    pub fn to_vec<T: Element>(&self) -> Result<Vec<T>> {
        self.check_dtype::<T>("to_vec")?;
        let c = self.try_ascontiguous(Order::C)?;
        let elems = c.as_slice::<T>()?;
        let mut out = Vec::new();
        out.try_reserve_exact(elems.len())
            .map_err(|_| Error::ShapeOverflow {
                shape: self.shape().to_vec(),
                itemsize: self.itemsize(),
            })?;
        out.extend_from_slice(elems);
        Ok(out)
    }

    /// A fresh array of `dtype` in `order` holding `self`'s elements.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if it cannot be allocated.
    fn convert(&self, dtype: DType, order: Order) -> Result<Array> {
        let isz = dtype.itemsize();
        let too_big = || Error::ShapeOverflow {
            shape: self.shape().to_vec(),
            itemsize: isz,
        };
        // condition 2 for the new itemsize (a wider dtype may not fit where `self` did).
        let bytes = checked_size(self.shape(), isz).ok_or_else(too_big)? * isz;
        let layout = match order {
            Order::C => Layout::contiguous(self.shape(), isz, Order::C)?,
            Order::F => Layout::contiguous(self.shape(), isz, Order::F)?,
            Order::A if self.is_f_contiguous() && !self.is_c_contiguous() => {
                Layout::contiguous(self.shape(), isz, Order::F)?
            }
            Order::A => Layout::contiguous(self.shape(), isz, Order::C)?,
            Order::K => self.layout.keep_order(isz),
        };
        // An allocation the system refuses is reported like NumPy's "array is too big".
        let mut storage = Storage::zeroed(bytes).map_err(|_| too_big())?;
        // SAFETY: the new storage is exactly large enough for the contiguous `layout`, is ours
        // alone, and cannot overlap `self`.
        unsafe { copy_cast_into(self, storage.as_mut_ptr(), &layout, dtype) };
        Ok(Array::from_storage(storage, layout, dtype))
    }

    pub(crate) fn check_dtype<T: Element>(&self, op: &'static str) -> Result<()> {
        if self.dtype == T::DTYPE {
            Ok(())
        } else {
            Err(Error::DType {
                op,
                got: self.dtype,
                expected: T::DTYPE.name().to_string(),
            })
        }
    }
}

/// The dtype NumPy 2 gives an operation over these arrays (`np.result_type` of arrays).
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::zeros(&[2], DType::I8);
/// let b = Array::zeros(&[2], DType::U8);
/// assert_eq!(numfuse::result_type(&[&a, &b]), Some(DType::I16));
/// ```
pub fn result_type(arrays: &[&Array]) -> Option<DType> {
    let ops: Vec<crate::ir::Operand> = arrays.iter().map(|a| a.dtype().into()).collect();
    crate::ir::result_type(&ops)
}

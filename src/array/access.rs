//! Element access: get/set by index, typed slices, typed strided views, and [`ArrayViewMut`],
//! the borrow that writes into its parent.

use super::Array;
use super::cast::copy_cast_into;
use super::element::{Element, Scalar};
use super::layout::Layout;
use super::traverse::{self, Operand};
use crate::index::{SliceElem, resolve_index, slice_layout};
use crate::ir::{DType, ShapeDisplay};
use crate::{Error, Result};
use smallvec::SmallVec;
use std::marker::PhantomData;

/// Resolves a full index (one entry per axis, negative from the end) to a byte offset.
///
/// The offset is accumulated axis by axis, so any number of axes works (NumPy allows 64; an
/// array may have more through `expand_dims`).
fn element_offset(layout: &Layout, index: &[isize]) -> Result<usize> {
    if index.len() != layout.ndim() {
        return Err(Error::Index {
            msg: format!(
                "an element index needs {} entries for shape {}, got {}",
                layout.ndim(),
                ShapeDisplay(&layout.shape),
                index.len()
            ),
        });
    }
    let mut offset = layout.offset as isize;
    for (axis, ((&i, &len), &stride)) in index
        .iter()
        .zip(&layout.shape)
        .zip(&layout.strides)
        .enumerate()
    {
        // condition 2: the reach of an in-bounds index fits in `isize`.
        offset += resolve_index(i, axis, len)? as isize * stride;
    }
    // condition 1: an in-bounds element lies inside the buffer.
    Ok(offset as usize)
}

impl Array {
    /// The element at `index` (one entry per axis; negative entries count from the end).
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] or [`Error::Index`] for a wrong number of entries.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
    /// assert_eq!(a.get(&[2, 3])?, Scalar::F64(11.0));
    /// assert_eq!(a.get(&[-1, 0])?.to_f64(), 8.0);
    /// assert!(a.get(&[3, 0]).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn get(&self, index: &[isize]) -> Result<Scalar> {
        let off = element_offset(&self.layout, index)?;
        // SAFETY: `off` is the offset of an in-bounds element (invariant 1), aligned (cond. 4).
        Ok(crate::dispatch!(self.dtype, T => unsafe {
            self.storage.as_ptr().add(off).cast::<T>().read().into_scalar()
        }))
    }

    /// Writes `value`, cast to the array's dtype, at `index` (copy-on-write if shared).
    ///
    /// # Errors
    /// As [`Array::get`], and [`Error::ReadOnly`] for read-only arrays.
    pub fn set(&mut self, index: &[isize], value: impl Into<Scalar>) -> Result<()> {
        element_offset(&self.layout, index)?;
        let base = self.make_mut_ptr()?;
        // The copy-on-write above may have changed the layout: resolve again.
        let rel = element_offset(&self.layout, index)? as isize - self.layout.offset as isize;
        let value = value.into();
        // SAFETY: `base + rel` is an in-bounds, aligned element of our unique buffer.
        crate::dispatch!(self.dtype, T => unsafe {
            base.offset(rel).cast::<T>().write(value.to::<T>())
        });
        Ok(())
    }

    /// The elements as a slice, when the array is C-contiguous and `T` is its element type.
    ///
    /// # Errors
    /// [`Error::DType`] for another `T`, [`Error::NotContiguous`] otherwise.
    pub fn as_slice<T: Element>(&self) -> Result<&[T]> {
        self.check_dtype::<T>("as_slice")?;
        if !self.is_c_contiguous() {
            return Err(Error::NotContiguous { op: "as_slice" });
        }
        let n = self.size();
        if n == 0 {
            return Ok(&[]);
        }
        // SAFETY: C-contiguous, so the `n` elements start at the base pointer and are
        // consecutive; in bounds by invariant 1, aligned by condition 4, initialised storage.
        Ok(unsafe { std::slice::from_raw_parts(self.base_ptr().cast::<T>(), n) })
    }

    /// The elements as a mutable slice (copy-on-write if shared).
    ///
    /// # Errors
    /// As [`Array::as_slice`], and [`Error::ReadOnly`].
    pub fn as_slice_mut<T: Element>(&mut self) -> Result<&mut [T]> {
        self.check_dtype::<T>("as_slice_mut")?;
        if !self.is_c_contiguous() {
            return Err(Error::NotContiguous { op: "as_slice_mut" });
        }
        let n = self.size();
        let ptr = self.make_mut_ptr()?;
        if n == 0 {
            return Ok(&mut []);
        }
        // SAFETY: as in `as_slice`, and the buffer is uniquely ours for the borrow of `self`.
        Ok(unsafe { std::slice::from_raw_parts_mut(ptr.cast::<T>(), n) })
    }

    /// A typed, strided, read-only view of the elements.
    ///
    /// # Errors
    /// [`Error::DType`] if `T` is not the element type.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
    /// let t = a.t();
    /// let v = t.view::<f64>()?;
    /// assert_eq!(v[[2, 1]], 5.0);
    /// assert_eq!(v.iter().collect::<Vec<_>>(), vec![0.0, 3.0, 1.0, 4.0, 2.0, 5.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn view<T: Element>(&self) -> Result<TypedView<'_, T>> {
        self.check_dtype::<T>("view")?;
        Ok(TypedView {
            ptr: self.base_ptr(),
            layout: &self.layout,
            _marker: PhantomData,
        })
    }

    /// A borrow of the elements selected by a basic index that writes through into `self`
    /// (NumPy's `a[2:5] = ...`). Copies first if the buffer is shared.
    ///
    /// # Errors
    /// As [`Array::slice`], and [`Error::ReadOnly`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = Array::arange(6.0, DType::F64);
    /// a.slice_mut(s![2..5])?.fill(99.0)?;
    /// assert_eq!(a.to_vec::<f64>()?, vec![0.0, 1.0, 99.0, 99.0, 99.0, 5.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn slice_mut(&mut self, index: impl AsRef<[SliceElem]>) -> Result<ArrayViewMut<'_>> {
        slice_layout(&self.layout, index.as_ref())?;
        self.make_mut_ptr()?;
        // The copy-on-write may have changed the layout: slice the current one.
        let layout = slice_layout(&self.layout, index.as_ref())?;
        let storage = std::sync::Arc::get_mut(&mut self.storage).expect("made unique above");
        Ok(ArrayViewMut {
            buf: storage.as_mut_ptr(),
            layout,
            dtype: self.dtype,
            _marker: PhantomData,
        })
    }

    /// A borrow of the whole array for writing (copy-on-write if shared).
    ///
    /// # Errors
    /// [`Error::ReadOnly`].
    pub fn view_mut(&mut self) -> Result<ArrayViewMut<'_>> {
        self.slice_mut([])
    }
}

/// A typed, strided, read-only view: index it with `v[[i, j]]`, or iterate in C order.
pub struct TypedView<'a, T: Element> {
    ptr: *const u8,
    layout: &'a Layout,
    _marker: PhantomData<&'a T>,
}

impl<'a, T: Element> TypedView<'a, T> {
    /// The length of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.layout.shape
    }

    /// The element at `index`, or `None` if out of bounds.
    pub fn get(&self, index: &[usize]) -> Option<&'a T> {
        if index.len() != self.layout.ndim()
            || index.iter().zip(&self.layout.shape).any(|(i, n)| i >= n)
        {
            return None;
        }
        let rel = self.layout.byte_offset(index) as isize - self.layout.offset as isize;
        // SAFETY: an in-bounds index of a layout satisfying conditions 1 and 4 for `T`.
        Some(unsafe { &*self.ptr.offset(rel).cast::<T>() })
    }

    /// The elements in C (row-major) order, read lazily one at a time: nothing is allocated,
    /// so iterating (part of) a huge broadcast view costs only the elements visited.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = T> + 'a {
        Iter {
            ptr: self.ptr,
            layout: self.layout,
            index: SmallVec::from_elem(0, self.layout.ndim()),
            remaining: self.layout.size(),
            _marker: PhantomData,
        }
    }

    /// The elements in C order as a vector.
    pub fn to_vec(&self) -> Vec<T> {
        self.iter().collect()
    }
}

/// The C-order iterator behind [`TypedView::iter`]: an odometer over the index, moving a pointer
/// by the strides of the axes it steps.
struct Iter<'a, T: Element> {
    /// The next element to read (element `index` of the view).
    ptr: *const u8,
    layout: &'a Layout,
    /// The multi-index of the next element.
    index: SmallVec<[usize; 6]>,
    /// Elements not yet returned.
    remaining: usize,
    _marker: PhantomData<&'a T>,
}

// SAFETY: the iterator only reads elements of a shared borrow (`&'a` of the array), as a
// `&'a [T]` iterator would, and `T: Element` is `Send + Sync`.
unsafe impl<T: Element> Send for Iter<'_, T> {}
// SAFETY: as above; `&Iter` gives no access to the elements at all.
unsafe impl<T: Element> Sync for Iter<'_, T> {}

impl<T: Element> Iterator for Iter<'_, T> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        if self.remaining == 0 {
            return None;
        }
        // SAFETY: `ptr` is the address of the element at `index`, which is in bounds because
        // `remaining > 0` (the odometer has not run past the last index): inside the buffer by
        // invariant 1 of the array this view borrows, aligned by condition 4.
        let value = unsafe { self.ptr.cast::<T>().read() };
        self.remaining -= 1;
        if self.remaining > 0 {
            // Step the odometer: the last axis fastest, carrying into the axes before it.
            for ax in (0..self.index.len()).rev() {
                let stride = self.layout.strides[ax];
                self.index[ax] += 1;
                if self.index[ax] < self.layout.shape[ax] {
                    self.ptr = self.ptr.wrapping_offset(stride);
                    break;
                }
                self.index[ax] = 0;
                let back = (self.layout.shape[ax] - 1) as isize * stride;
                self.ptr = self.ptr.wrapping_offset(-back);
            }
        }
        Some(value)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.remaining, Some(self.remaining))
    }
}

impl<T: Element> ExactSizeIterator for Iter<'_, T> {}

impl<T: Element, const N: usize> std::ops::Index<[usize; N]> for TypedView<'_, T> {
    type Output = T;
    /// # Panics
    /// If the index is out of bounds or has the wrong number of entries.
    fn index(&self, index: [usize; N]) -> &T {
        self.get(&index).unwrap_or_else(|| {
            panic!(
                "index {index:?} is out of bounds for shape {}",
                ShapeDisplay(&self.layout.shape)
            )
        })
    }
}

/// A mutable borrow of (part of) an array that writes into it, like a NumPy view on the left of
/// `=`. Obtained from [`Array::slice_mut`] or [`Array::view_mut`].
pub struct ArrayViewMut<'a> {
    /// Start of the parent's (uniquely owned) buffer.
    buf: *mut u8,
    layout: Layout,
    dtype: DType,
    _marker: PhantomData<&'a mut Array>,
}

impl Array {
    /// The same view without the leading length-1 axes beyond `ndim` (all of them or none),
    /// as NumPy's assignment drops them before broadcasting `src` to the target
    /// (`x[2:5] = np.ones((1, 3))`).
    pub(crate) fn without_extra_leading_ones(&self, ndim: usize) -> Array {
        let extra = self.ndim().saturating_sub(ndim);
        if extra > 0 && self.shape()[..extra].iter().all(|&n| n == 1) {
            // Length-1 axes reach no other element: dropping them keeps invariant 1.
            let l = Layout {
                shape: self.layout.shape[extra..].into(),
                strides: self.layout.strides[extra..].into(),
                offset: self.layout.offset,
            };
            self.with_layout(l)
        } else {
            self.clone()
        }
    }
}

impl ArrayViewMut<'_> {
    /// The length of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.layout.shape
    }

    /// The element type.
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    fn base(&self) -> *mut u8 {
        self.buf.wrapping_add(self.layout.offset)
    }

    /// Pointer to element 0, layout and dtype, for kernels that write through this borrow.
    pub(crate) fn raw_target(&mut self) -> (*mut u8, Layout, DType) {
        (self.base(), self.layout.clone(), self.dtype)
    }

    /// Writes `value`, cast to the dtype, to every element of the view.
    ///
    /// # Errors
    /// None today; the `Result` keeps the signature of [`Array::fill`].
    pub fn fill(&mut self, value: impl Into<Scalar>) -> Result<()> {
        let value = value.into();
        let op = Operand {
            ptr: self.base(),
            strides: &self.layout.strides,
        };
        crate::dispatch!(self.dtype, T => {
            // SAFETY: the layout was checked against the parent's buffer, which this view
            // borrows exclusively; writable layouts never alias (invariant 2 of `Array`).
            unsafe { traverse::fill::<T>(&self.layout.shape, op, value.to::<T>()) }
        });
        Ok(())
    }

    /// Copies `src` into the view, broadcasting it to the view's shape and casting it to the
    /// view's dtype (NumPy's `a[...] = src`). As in NumPy, `src` may have more axes than the
    /// view when the extra leading ones have length 1 (`x[2:5] = np.ones((1, 3))`).
    ///
    /// # Errors
    /// [`Error::Broadcast`] if `src` cannot be broadcast to the view's shape.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = Array::arange(6.0, DType::F64);
    /// a.slice_mut(s![2..5])?.assign(&Array::ones(&[1, 1, 3], DType::F64))?;
    /// assert_eq!(a.to_vec::<f64>()?, vec![0.0, 1.0, 1.0, 1.0, 1.0, 5.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn assign(&mut self, src: &Array) -> Result<()> {
        let stripped = src.without_extra_leading_ones(self.layout.ndim());
        // Errors name the shape the caller passed, not the stripped one.
        let src = stripped
            .broadcast_to(&self.layout.shape)
            .map_err(|e| match e {
                Error::Broadcast { .. } => Error::Broadcast {
                    op: "broadcast_to",
                    shapes: vec![src.shape().to_vec(), self.layout.shape.to_vec()],
                },
                e => e,
            })?;
        // SAFETY: the destination is this view's exclusive borrow of its parent's buffer. `src`
        // is another array value: the parent's buffer was made unique before this borrow, so
        // `src` cannot share it.
        unsafe { copy_cast_into(&src, self.base(), &self.layout, self.dtype) };
        Ok(())
    }

    /// Writes one element.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] or [`Error::Index`].
    pub fn set(&mut self, index: &[isize], value: impl Into<Scalar>) -> Result<()> {
        let off = element_offset(&self.layout, index)?;
        let value = value.into();
        // SAFETY: an in-bounds, aligned element of the exclusively borrowed buffer.
        crate::dispatch!(self.dtype, T => unsafe {
            self.buf.add(off).cast::<T>().write(value.to::<T>())
        });
        Ok(())
    }

    /// Reads one element.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] or [`Error::Index`].
    pub fn get(&self, index: &[isize]) -> Result<Scalar> {
        let off = element_offset(&self.layout, index)?;
        // SAFETY: an in-bounds, aligned element of the borrowed buffer.
        Ok(crate::dispatch!(self.dtype, T => unsafe {
            self.buf.add(off).cast::<T>().read().into_scalar()
        }))
    }

    /// A narrower mutable view (a re-borrow).
    ///
    /// # Errors
    /// As [`Array::slice`].
    pub fn slice_mut(&mut self, index: impl AsRef<[SliceElem]>) -> Result<ArrayViewMut<'_>> {
        Ok(ArrayViewMut {
            buf: self.buf,
            layout: slice_layout(&self.layout, index.as_ref())?,
            dtype: self.dtype,
            _marker: PhantomData,
        })
    }

    /// A typed mutable view for element-wise writes.
    ///
    /// # Errors
    /// [`Error::DType`] if `T` is not the element type.
    pub fn typed<T: Element>(&mut self) -> Result<TypedViewMut<'_, T>> {
        if self.dtype != T::DTYPE {
            return Err(Error::DType {
                op: "typed",
                got: self.dtype,
                expected: T::DTYPE.name().into(),
            });
        }
        Ok(TypedViewMut {
            ptr: self.base(),
            layout: &self.layout,
            _marker: PhantomData,
        })
    }
}

/// A typed, strided, mutable view: `v[[i, j]] = x`.
pub struct TypedViewMut<'a, T: Element> {
    ptr: *mut u8,
    layout: &'a Layout,
    _marker: PhantomData<&'a mut T>,
}

impl<T: Element> TypedViewMut<'_, T> {
    /// The length of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.layout.shape
    }

    /// The element at `index`, or `None` if out of bounds.
    pub fn get_mut(&mut self, index: &[usize]) -> Option<&mut T> {
        if index.len() != self.layout.ndim()
            || index.iter().zip(&self.layout.shape).any(|(i, n)| i >= n)
        {
            return None;
        }
        let rel = self.layout.byte_offset(index) as isize - self.layout.offset as isize;
        // SAFETY: in bounds and aligned; exclusive through `&mut self`.
        Some(unsafe { &mut *self.ptr.offset(rel).cast::<T>() })
    }

    /// Applies `f` to every element in place.
    pub fn map_inplace(&mut self, f: impl Fn(T) -> T + Sync) {
        let op = Operand {
            ptr: self.ptr,
            strides: &self.layout.strides,
        };
        // SAFETY: the layout fits the exclusively borrowed buffer and does not alias.
        unsafe { traverse::update::<T>(&self.layout.shape, op, f) }
    }
}

impl<T: Element, const N: usize> std::ops::Index<[usize; N]> for TypedViewMut<'_, T> {
    type Output = T;
    fn index(&self, index: [usize; N]) -> &T {
        let ok =
            N == self.layout.ndim() && index.iter().zip(&self.layout.shape).all(|(i, n)| i < n);
        assert!(
            ok,
            "index {index:?} is out of bounds for shape {}",
            ShapeDisplay(&self.layout.shape)
        );
        let rel = self.layout.byte_offset(&index) as isize - self.layout.offset as isize;
        // SAFETY: checked in bounds just above; aligned by condition 4.
        unsafe { &*self.ptr.offset(rel).cast::<T>() }
    }
}

impl<T: Element, const N: usize> std::ops::IndexMut<[usize; N]> for TypedViewMut<'_, T> {
    fn index_mut(&mut self, index: [usize; N]) -> &mut T {
        let shape = ShapeDisplay(&self.layout.shape).to_string();
        self.get_mut(&index)
            .unwrap_or_else(|| panic!("index {index:?} is out of bounds for shape {shape}"))
    }
}

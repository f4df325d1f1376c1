//! The array: a dynamically typed, n-dimensional, strided view of a shared buffer.
//!
//! [`Array`] is a value. Cloning it or taking a view is O(1) and shares the buffer; mutation
//! through `&mut self` copies first if the buffer is shared (copy-on-write), so no other array,
//! thread or lazy graph ever sees a change it did not make. Writing *into* a parent, as NumPy's
//! views do, is a borrow: [`Array::slice_mut`] returns an [`ArrayViewMut`] tied to `&mut` of the
//! parent. [`TypedView`] and [`TypedViewMut`] give element access with a Rust type.
//!
//! Invariants of every `Array`:
//! 1. `layout.check_bounds(storage.len(), dtype.itemsize())` holds (layout conditions 1, 2, 4).
//! 2. If `writeable`, no two indices reach the same element (layout condition 3).
//! 3. Elements of a bool array are 0 or 1.

mod access;
pub(crate) mod cast;
mod create;
pub(crate) mod display;
pub mod element;
pub mod layout;
pub mod storage;
pub(crate) mod traverse;
pub(crate) mod view;

pub use access::{ArrayViewMut, TypedView, TypedViewMut};
pub use create::Nested;
pub use element::{Element, Scalar};
pub use layout::{Layout, LayoutClass, Order, Strides};

use crate::ir::DType;
use crate::{Error, Result};
use std::fmt;
use std::sync::Arc;
use storage::Storage;

/// An n-dimensional array of any [`DType`] with NumPy's semantics.
///
/// ```
/// use numfuse::prelude::*;
/// let arr = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
/// assert_eq!(arr.shape(), &[3, 4]);
/// assert_eq!(arr.strides(), &[32, 8]);
/// assert!(arr.flags().c_contiguous);
/// let t = arr.t();
/// assert_eq!(t.strides(), &[8, 32]);
/// assert!(t.flags().f_contiguous);
/// assert!(arr.shares_memory(&t));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub struct Array {
    storage: Arc<Storage>,
    layout: Layout,
    dtype: DType,
    owndata: bool,
    writeable: bool,
}

/// The memory flags of an array, as NumPy's `arr.flags` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ArrayFlags {
    /// Elements are in C (row-major) order with no gaps.
    pub c_contiguous: bool,
    /// Elements are in Fortran (column-major) order with no gaps.
    pub f_contiguous: bool,
    /// This array allocated its buffer (false for views and clones).
    pub owndata: bool,
    /// Writes are allowed (false for broadcast and stride-trick views).
    pub writeable: bool,
    /// Every element is aligned to its size (always true in numfuse: layout condition 4).
    pub aligned: bool,
}

impl fmt::Display for ArrayFlags {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let b = |v: bool| if v { "True" } else { "False" };
        writeln!(f, "  C_CONTIGUOUS : {}", b(self.c_contiguous))?;
        writeln!(f, "  F_CONTIGUOUS : {}", b(self.f_contiguous))?;
        writeln!(f, "  OWNDATA : {}", b(self.owndata))?;
        writeln!(f, "  WRITEABLE : {}", b(self.writeable))?;
        writeln!(f, "  ALIGNED : {}", b(self.aligned))?;
        write!(f, "  WRITEBACKIFCOPY : False")
    }
}

/// Above this many distinct element positions in the smaller operand, [`Array::shares_memory`]
/// answers conservatively (true) instead of deciding exactly.
pub const SHARES_MEMORY_MAX_WORK: usize = 1 << 26;

impl Clone for Array {
    /// O(1): the clone shares the buffer and reports `owndata == false`.
    fn clone(&self) -> Self {
        Array {
            storage: Arc::clone(&self.storage),
            layout: self.layout.clone(),
            dtype: self.dtype,
            owndata: false,
            writeable: self.writeable,
        }
    }
}

impl Array {
    /// Wraps a fresh storage with a contiguous layout (the array owns its data).
    pub(crate) fn from_storage(storage: Storage, layout: Layout, dtype: DType) -> Array {
        debug_assert!(layout.check_bounds(storage.len(), dtype.itemsize()).is_ok());
        Array {
            storage: Arc::new(storage),
            layout,
            dtype,
            owndata: true,
            writeable: true,
        }
    }

    /// An array over a file mapping (`io::memmap`): read-only unless `writeable`. The caller
    /// checks the layout against the mapping (invariant 1) and the element values (invariant 3).
    pub(crate) fn from_file_map(
        storage: Storage,
        layout: Layout,
        dtype: DType,
        writeable: bool,
    ) -> Array {
        debug_assert!(layout.check_bounds(storage.len(), dtype.itemsize()).is_ok());
        debug_assert!(storage.writable() || !writeable);
        Array {
            storage: Arc::new(storage),
            layout,
            dtype,
            owndata: false,
            writeable,
        }
    }

    /// True when the elements live in a memory-mapped file ([`crate::io::memmap`]), as for
    /// NumPy's `np.memmap` (a copy made by a write to a shared buffer is in memory).
    pub fn is_memory_mapped(&self) -> bool {
        self.storage.is_file_map()
    }

    /// Writes changes to a memory-mapped file opened for writing to disk (`np.memmap.flush`).
    /// A no-op for arrays in memory and for read-only or copy-on-write mappings. The mapping
    /// is also flushed when its last array is dropped.
    ///
    /// # Errors
    /// [`Error::Io`] when the operating system reports a write error.
    pub fn flush(&self) -> Result<()> {
        self.storage.flush()
    }

    /// Lets the operating system drop the pages this array's elements span, when they can be
    /// read back from a file unchanged (storage `release`): how a pass over a file larger than
    /// RAM keeps its resident memory bounded.
    pub(crate) fn release_pages(&self) {
        if let Some((lo, hi)) = self.byte_span() {
            self.storage.release(lo, hi);
        }
    }

    /// Asks the operating system to read ahead the pages this array's elements span, when it
    /// is memory-mapped.
    pub(crate) fn prefetch_pages(&self) {
        if let Some((lo, hi)) = self.byte_span() {
            self.storage.prefetch(lo, hi);
        }
    }

    /// A fresh zero-filled array with exactly this (contiguous, offset-0) layout.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if it cannot be allocated.
    pub(crate) fn with_fresh_layout(layout: Layout, dtype: DType) -> Result<Array> {
        let bytes = layout.size() * dtype.itemsize();
        let storage = Storage::zeroed(bytes).map_err(|_| Error::ShapeOverflow {
            shape: layout.shape.to_vec(),
            itemsize: dtype.itemsize(),
        })?;
        Ok(Array::from_storage(storage, layout, dtype))
    }

    /// A view of the same buffer with another layout (checked against invariant 1 by the
    /// caller's layout function); the result does not own its data.
    pub(crate) fn with_layout(&self, layout: Layout) -> Array {
        debug_assert!(
            layout
                .check_bounds(self.storage.len(), self.dtype.itemsize())
                .is_ok()
        );
        Array {
            storage: Arc::clone(&self.storage),
            layout,
            dtype: self.dtype,
            owndata: false,
            writeable: self.writeable,
        }
    }

    /// The same view, marked read-only.
    pub(crate) fn into_readonly(mut self) -> Array {
        self.writeable = false;
        self
    }

    /// The element type.
    pub fn dtype(&self) -> DType {
        self.dtype
    }

    /// The length of each axis.
    pub fn shape(&self) -> &[usize] {
        &self.layout.shape
    }

    /// Bytes between consecutive elements along each axis (NumPy's `strides`).
    pub fn strides(&self) -> &[isize] {
        &self.layout.strides
    }

    /// The layout: shape, strides and byte offset into the buffer.
    pub fn layout(&self) -> &Layout {
        &self.layout
    }

    /// Number of axes.
    pub fn ndim(&self) -> usize {
        self.layout.ndim()
    }

    /// Length in bytes of the buffer this array views, which all its views share: the bound
    /// that [`Layout::check_bounds`] checks the layout against (layout condition 1).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(10.0, DType::F64);
    /// let tail = a.slice(s![6..])?;
    /// assert_eq!(tail.buffer_len(), 80);
    /// assert_eq!(tail.layout().offset, 48);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn buffer_len(&self) -> usize {
        self.storage.len()
    }

    /// Number of elements.
    pub fn size(&self) -> usize {
        self.layout.size()
    }

    /// Length of the first axis (NumPy's `len(a)`); 1 for a 0-d array.
    pub fn len(&self) -> usize {
        self.shape().first().copied().unwrap_or(1)
    }

    /// True when the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.size() == 0
    }

    /// Size of one element in bytes.
    pub fn itemsize(&self) -> usize {
        self.dtype.itemsize()
    }

    /// Bytes the elements occupy (`size * itemsize`), not counting gaps.
    pub fn nbytes(&self) -> usize {
        self.size() * self.itemsize()
    }

    /// The memory flags.
    pub fn flags(&self) -> ArrayFlags {
        let isz = self.itemsize();
        ArrayFlags {
            c_contiguous: self.layout.is_c_contiguous(isz),
            f_contiguous: self.layout.is_f_contiguous(isz),
            owndata: self.owndata,
            writeable: self.writeable,
            aligned: true,
        }
    }

    /// Sets the `WRITEABLE` flag (`arr.flags.writeable = flag`). Clearing it makes every later
    /// write through this array (`set`, `fill`, `slice_mut`, `+=`) return [`Error::ReadOnly`];
    /// clones and views taken afterwards inherit the flag, as in NumPy. Other arrays that share
    /// the buffer are not affected (they are values; a write to one copies first).
    ///
    /// # Errors
    /// [`Error::Value`] ("cannot set WRITEABLE flag to True of this array", NumPy's message)
    /// when asked to make a read-only array writeable again: numfuse does not record whether
    /// the flag was cleared by the user or by a stride trick or broadcast, whose overlapping or
    /// mapped elements must stay read-only (invariant 2), so it never sets the flag back.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = Array::arange(3.0, DType::F64);
    /// a.set_writeable(false)?;
    /// assert!(!a.flags().writeable);
    /// assert_eq!(
    ///     a.set(&[0], 9.0).unwrap_err().to_string(),
    ///     "assignment destination is read-only (a read-only view)"
    /// );
    /// assert!(a.set_writeable(true).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn set_writeable(&mut self, flag: bool) -> Result<()> {
        if flag && !self.writeable {
            return Err(Error::Value {
                op: "set_writeable",
                msg: "cannot set WRITEABLE flag to True of this array".into(),
            });
        }
        self.writeable = flag;
        Ok(())
    }

    /// True when the elements are C-contiguous.
    pub fn is_c_contiguous(&self) -> bool {
        self.layout.is_c_contiguous(self.itemsize())
    }

    /// True when the elements are F-contiguous.
    pub fn is_f_contiguous(&self) -> bool {
        self.layout.is_f_contiguous(self.itemsize())
    }

    /// Pointer to element `[0, ..., 0]` for reading.
    pub(crate) fn base_ptr(&self) -> *const u8 {
        // Invariant 1: the offset lies inside the buffer (or the array is empty).
        self.storage.as_ptr().wrapping_add(self.layout.offset)
    }

    /// True when both arrays can reach a common byte (`np.shares_memory`): exact, except that
    /// above [`SHARES_MEMORY_MAX_WORK`] distinct positions it answers `true` without deciding
    /// (NumPy's `max_work`).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(10.0, DType::F64);
    /// let evens = a.slice(s![..;2])?;
    /// let odds = a.slice(s![1..;2])?;
    /// assert!(a.shares_memory(&evens));
    /// assert!(!evens.shares_memory(&odds));
    /// assert!(evens.may_share_memory(&odds));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn shares_memory(&self, other: &Array) -> bool {
        if !self.may_share_memory(other) {
            return false;
        }
        // Broadcast (stride-0) and length-1 axes reach no new bytes: drop them first, so a huge
        // broadcast view costs no more than the array it broadcasts.
        let (a, b) = (self.distinct_positions(), other.distinct_positions());
        let (small, large) = if a.size() <= b.size() {
            (&a, &b)
        } else {
            (&b, &a)
        };
        if small.size() > SHARES_MEMORY_MAX_WORK {
            // Too much work to decide exactly; answer conservatively, as NumPy's `max_work`.
            return true;
        }
        let mut spans = Vec::with_capacity(small.size());
        small.for_each_offset(|off| spans.push((off, off + small.itemsize())));
        spans.sort_unstable();
        let isz = large.itemsize();
        let mut found = false;
        large.for_each_offset(|off| {
            if found {
                return;
            }
            // The last span starting before `off + isz` is the only one that can overlap.
            let i = spans.partition_point(|&(start, _)| start < off + isz);
            found = i > 0 && spans[i - 1].1 > off;
        });
        found
    }

    /// The same elements without stride-0 and length-1 axes (no new bytes are reachable).
    fn distinct_positions(&self) -> Array {
        let keep: Vec<usize> = (0..self.ndim())
            .filter(|&i| self.layout.shape[i] != 1 && self.layout.strides[i] != 0)
            .collect();
        let l = Layout {
            shape: keep.iter().map(|&i| self.layout.shape[i]).collect(),
            strides: keep.iter().map(|&i| self.layout.strides[i]).collect(),
            offset: self.layout.offset,
        };
        if self.is_empty() {
            self.clone()
        } else {
            self.with_layout(l)
        }
    }

    /// True when the byte ranges spanned by the two arrays overlap (`np.may_share_memory`).
    pub fn may_share_memory(&self, other: &Array) -> bool {
        if !Arc::ptr_eq(&self.storage, &other.storage) {
            return false;
        }
        match (self.byte_span(), other.byte_span()) {
            (Some((a0, a1)), Some((b0, b1))) => a0 < b1 && b0 < a1,
            _ => false,
        }
    }

    /// The half-open byte range of the buffer that the elements occupy.
    fn byte_span(&self) -> Option<(usize, usize)> {
        let (lo, hi) = self.layout.extent()?;
        let off = self.layout.offset as isize;
        Some(((off + lo) as usize, (off + hi) as usize + self.itemsize()))
    }

    /// Calls `f` with the byte offset (from the buffer start) of every element, in C order.
    fn for_each_offset(&self, mut f: impl FnMut(usize)) {
        let base = self.layout.offset as isize;
        let op = traverse::Operand {
            ptr: std::ptr::null_mut(),
            strides: &self.layout.strides,
        };
        // SAFETY: the closure only does address arithmetic; nothing is dereferenced.
        unsafe {
            traverse::for_each_run(&self.layout.shape, [op], |[p], len, [step]| {
                let start = base + p as isize;
                for i in 0..len as isize {
                    f((start + i * step) as usize);
                }
            });
        }
    }

    /// Makes the buffer exclusively ours, copying it if it is shared (copy-on-write), and
    /// returns the pointer to element `[0, ..., 0]` for writing.
    ///
    /// # Errors
    /// [`Error::ReadOnly`] for read-only arrays, [`Error::ShapeOverflow`] if the copy cannot be
    /// allocated.
    pub(crate) fn make_mut_ptr(&mut self) -> Result<*mut u8> {
        if !self.writeable {
            return Err(Error::ReadOnly {
                what: "a read-only view",
            });
        }
        if Arc::get_mut(&mut self.storage).is_none() || !self.storage.writable() {
            // Shared, or a read-only file mapping (storage invariant 4): copy first.
            let copy = self.try_copy_order(Order::K)?;
            self.storage = copy.storage;
            self.layout = copy.layout;
            self.owndata = true;
        }
        let offset = self.layout.offset;
        let storage = Arc::get_mut(&mut self.storage).expect("unique after the copy above");
        Ok(storage.as_mut_ptr().wrapping_add(offset))
    }
}

impl fmt::Debug for Array {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::s;

    #[test]
    fn clone_is_a_view_and_writes_copy() {
        let mut a = Array::arange(6.0, DType::F64);
        let b = a.clone();
        assert!(a.flags().owndata);
        assert!(!b.flags().owndata);
        assert!(a.shares_memory(&b));
        a.set(&[0], 100.0).unwrap();
        assert_eq!(b.get(&[0]).unwrap(), Scalar::F64(0.0));
        assert_eq!(a.get(&[0]).unwrap(), Scalar::F64(100.0));
        assert!(!a.shares_memory(&b));
    }

    #[test]
    fn shares_memory_is_exact() {
        let a = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
        let col0 = a.slice(s![.., 0]).unwrap();
        let col1 = a.slice(s![.., 1]).unwrap();
        assert!(col0.may_share_memory(&col1));
        assert!(!col0.shares_memory(&col1));
        let row1 = a.slice(s![1]).unwrap();
        assert!(row1.shares_memory(&col1));
        let other = Array::arange(12.0, DType::F64);
        assert!(!a.may_share_memory(&other));
    }
}

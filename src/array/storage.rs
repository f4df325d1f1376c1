//! Storage: the only place that allocates or frees element memory.
//!
//! A [`Storage`] is a run of bytes that an [`Array`](crate::Array) looks at through its layout.
//! It is either a 64-byte aligned allocation made here (always zero-initialised, so no array can
//! ever expose uninitialised memory), memory adopted from somewhere else (a `Vec<T>`), which is
//! kept alive by holding its owner, or a mapping of a file (`FileMap`, `io::memmap`).
//!
//! Invariants:
//! 1. `ptr` is valid for reads of `len` bytes for as long as the `Storage` lives, and aligned to
//!    at least the element size of every dtype that views it (64 for our own allocations).
//! 2. Every byte in `ptr..ptr+len` is initialised.
//! 3. Writing needs `&mut Storage`; arrays obtain it through `Arc::get_mut` (the buffer is not
//!    shared) or by copying first (copy-on-write), so no reader ever sees a write.
//! 4. A read-only file mapping (`Storage::writable` is false, its pages are `PROT_READ`) is
//!    never written: `Array::make_mut_ptr`, the one way to a write pointer of an existing array,
//!    copies it first, as it copies a shared buffer.
//! 5. A file mapping stays valid only while no other process truncates the file (the one
//!    condition outside this crate's control, as for `np.memmap`); writes by others show
//!    through, like writes to a file that `np.memmap` maps.

use crate::{Error, Result};
use std::alloc::{self, Layout as AllocLayout};
use std::any::Any;
use std::ptr::NonNull;

/// Alignment of every buffer numfuse allocates: one cache line, and enough for any SIMD width.
pub const ALIGN: usize = 64;

/// Buffers at least this large come straight from `mmap` (zeroed pages that nobody has touched
/// yet, advised for transparent huge pages); smaller ones from the global allocator.
pub const MMAP_THRESHOLD: usize = 1 << 20;

enum Owner {
    /// Allocated here with this layout; freed in `Drop`.
    Aligned(AllocLayout),
    /// Mapped here with `mmap` of this many bytes; unmapped in `Drop`.
    #[cfg(target_os = "linux")]
    Mapped(usize),
    /// No allocation (zero bytes).
    Empty,
    /// A mapping of a file, unmapped (after flushing a shared writable one) when dropped.
    File(FileMap),
    /// Memory owned by another object (an adopted `Vec`), freed by dropping it.
    Foreign(
        #[expect(dead_code, reason = "held only to keep the memory alive")]
        Box<dyn Any + Send + Sync>,
    ),
}

/// The mapping of a file that backs a memory-mapped array.
pub(crate) enum FileMap {
    /// Shared, read-only pages (`np.memmap` mode `'r'`): never written (invariant 4).
    ReadOnly(memmap2::Mmap),
    /// Shared, writable pages (`'r+'`, `'w+'`): writes reach the file.
    Shared(memmap2::MmapMut),
    /// Private copy-on-write pages (`'c'`): writes stay in this process.
    Private(memmap2::MmapMut),
}

/// A buffer of bytes.
pub struct Storage {
    ptr: NonNull<u8>,
    len: usize,
    owner: Owner,
}

// SAFETY: `Storage` owns its memory exclusively (invariant 1); shared references only read it,
// and writes require `&mut Storage` (invariant 3), so sharing across threads is data-race free.
unsafe impl Send for Storage {}
// SAFETY: as above: `&Storage` gives read-only access.
unsafe impl Sync for Storage {}

impl Storage {
    /// A zero-filled buffer of `len` bytes, 64-byte aligned.
    ///
    /// Large zeroed allocations come from the OS as untouched pages, so this costs no pass over
    /// memory; the first kernel that writes the buffer takes the page faults.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] when the size cannot be allocated.
    pub fn zeroed(len: usize) -> Result<Storage> {
        if len == 0 {
            return Ok(Storage {
                ptr: aligned_dangling(),
                len: 0,
                owner: Owner::Empty,
            });
        }
        #[cfg(target_os = "linux")]
        if len >= MMAP_THRESHOLD {
            return Storage::mapped(len);
        }
        let layout =
            AllocLayout::from_size_align(len, ALIGN).map_err(|_| Error::ShapeOverflow {
                shape: vec![len],
                itemsize: 1,
            })?;
        // SAFETY: `layout` has a non-zero size (checked above).
        let raw = unsafe { alloc::alloc_zeroed(layout) };
        let ptr = NonNull::new(raw).ok_or_else(|| Error::Value {
            op: "allocate",
            msg: format!("unable to allocate {len} bytes"),
        })?;
        Ok(Storage {
            ptr,
            len,
            owner: Owner::Aligned(layout),
        })
    }

    /// A fresh anonymous mapping: zero pages the kernel supplies on first touch, so the first
    /// kernel that writes the buffer (in parallel, later) pays the page faults instead of a
    /// serial zeroing pass here. Huge pages cut the number of faults by 512.
    #[cfg(target_os = "linux")]
    fn mapped(len: usize) -> Result<Storage> {
        // SAFETY: an anonymous private mapping with no address hint has no preconditions; the
        // result is checked against MAP_FAILED before use.
        let raw = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                len,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
                -1,
                0,
            )
        };
        if raw == libc::MAP_FAILED {
            return Err(Error::Value {
                op: "allocate",
                msg: format!("unable to allocate {len} bytes"),
            });
        }
        // SAFETY: `raw..raw+len` is the mapping just created. The advice is a hint; failure
        // (THP disabled) changes nothing.
        unsafe { libc::madvise(raw, len, libc::MADV_HUGEPAGE) };
        let ptr = NonNull::new(raw.cast::<u8>()).expect("mmap never returns null on success");
        Ok(Storage {
            ptr,
            len,
            owner: Owner::Mapped(len),
        })
    }

    /// Adopts a vector without copying. Its memory is freed when the last array using it drops.
    pub fn from_vec<T: Copy + Send + Sync + 'static>(mut v: Vec<T>) -> Storage {
        let len = std::mem::size_of_val(v.as_slice());
        if len == 0 {
            return Storage {
                ptr: aligned_dangling(),
                len: 0,
                owner: Owner::Empty,
            };
        }
        let ptr = NonNull::new(v.as_mut_ptr().cast::<u8>()).expect("a Vec pointer is never null");
        // Moving the Vec into the box does not move its heap buffer, so `ptr` stays valid.
        Storage {
            ptr,
            len,
            owner: Owner::Foreign(Box::new(v)),
        }
    }

    /// Wraps a file mapping. Its start must be aligned to the element size of the dtype that
    /// views it (invariant 1); `io::memmap` checks the offset for that.
    pub(crate) fn from_file_map(map: FileMap) -> Storage {
        let (ptr, len) = match &map {
            FileMap::ReadOnly(m) => (m.as_ptr().cast_mut(), m.len()),
            FileMap::Shared(m) | FileMap::Private(m) => (m.as_ptr().cast_mut(), m.len()),
        };
        Storage {
            ptr: NonNull::new(ptr).unwrap_or_else(aligned_dangling),
            len,
            owner: Owner::File(map),
        }
    }

    /// False only for a read-only file mapping, whose pages cannot be written (invariant 4).
    pub(crate) fn writable(&self) -> bool {
        !matches!(self.owner, Owner::File(FileMap::ReadOnly(_)))
    }

    /// True when the buffer is a mapping of a file.
    pub(crate) fn is_file_map(&self) -> bool {
        matches!(self.owner, Owner::File(_))
    }

    /// Writes the modified pages of a shared writable file mapping to the file (`msync`); a
    /// no-op for every other buffer.
    ///
    /// # Errors
    /// [`Error::Io`] when the kernel reports a write error.
    pub(crate) fn flush(&self) -> Result<()> {
        if let Owner::File(FileMap::Shared(m)) = &self.owner {
            m.flush()?;
        }
        Ok(())
    }

    /// Drops the pages of bytes `start..end` from this process's memory when they can be read
    /// back from the file unchanged: a read-only or shared file mapping (a shared page's writes
    /// are in the page cache). Bounds the resident memory of a pass over a file larger than
    /// RAM. A no-op for every other buffer, and for private mappings, whose written pages exist
    /// nowhere else.
    pub(crate) fn release(&self, start: usize, end: usize) {
        if matches!(
            self.owner,
            Owner::File(FileMap::ReadOnly(_) | FileMap::Shared(_))
        ) {
            self.advise(start, end, libc::MADV_DONTNEED);
        }
    }

    /// Asks the kernel to start reading bytes `start..end` of a file mapping (read-ahead of
    /// the next chunk while this one is computed). A hint; a no-op for other buffers.
    pub(crate) fn prefetch(&self, start: usize, end: usize) {
        if self.is_file_map() {
            self.advise(start, end, libc::MADV_WILLNEED);
        }
    }

    /// `madvise(advice)` over the whole pages inside bytes `start..end` of the buffer.
    fn advise(&self, start: usize, end: usize, advice: libc::c_int) {
        let page = page_size();
        let base = self.ptr.as_ptr() as usize;
        let lo = (base + start.min(self.len)).next_multiple_of(page);
        let hi = (base + end.min(self.len)) / page * page;
        if lo >= hi {
            return;
        }
        // SAFETY: `lo..hi` are whole pages inside this file mapping (clamped to `len` and
        // rounded inwards). DONTNEED is only asked for pages the file holds unchanged
        // (`release`), so later reads fault the same bytes back in; WILLNEED is a hint. The
        // result is ignored: advice never changes the contents.
        unsafe { libc::madvise(lo as *mut libc::c_void, hi - lo, advice) };
    }

    /// Copies `bytes` into a fresh aligned buffer.
    ///
    /// # Errors
    /// As [`Storage::zeroed`].
    pub fn copy_from_bytes(bytes: &[u8]) -> Result<Storage> {
        let mut s = Storage::zeroed(bytes.len())?;
        s.bytes_mut().copy_from_slice(bytes);
        Ok(s)
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the buffer holds no bytes.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Start of the buffer.
    pub fn as_ptr(&self) -> *const u8 {
        self.ptr.as_ptr()
    }

    /// Start of the buffer, for writing. Needs exclusive access (invariant 3).
    pub fn as_mut_ptr(&mut self) -> *mut u8 {
        self.ptr.as_ptr()
    }

    /// The whole buffer as bytes.
    pub fn bytes(&self) -> &[u8] {
        // SAFETY: invariants 1 and 2: `len` initialised bytes live at `ptr`.
        unsafe { std::slice::from_raw_parts(self.ptr.as_ptr(), self.len) }
    }

    /// The whole buffer as mutable bytes.
    pub fn bytes_mut(&mut self) -> &mut [u8] {
        // SAFETY: invariants 1 and 2, and `&mut self` gives exclusive access (invariant 3).
        unsafe { std::slice::from_raw_parts_mut(self.ptr.as_ptr(), self.len) }
    }
}

impl Drop for Storage {
    fn drop(&mut self) {
        match self.owner {
            Owner::Aligned(layout) => {
                // SAFETY: `ptr` was returned by `alloc_zeroed(layout)` in `zeroed`; freed once.
                unsafe { alloc::dealloc(self.ptr.as_ptr(), layout) };
            }
            #[cfg(target_os = "linux")]
            Owner::Mapped(len) => {
                // SAFETY: `ptr..ptr+len` is the mapping made in `mapped`; unmapped once.
                unsafe { libc::munmap(self.ptr.as_ptr().cast(), len) };
            }
            Owner::File(FileMap::Shared(ref m)) => {
                // Flush on drop, as `np.memmap` does when it is deleted; an error here has
                // nobody to report to (`Array::flush` reports it).
                let _ = m.flush();
            }
            Owner::File(_) | Owner::Empty | Owner::Foreign(_) => {}
        }
    }
}

/// The size of a memory page.
fn page_size() -> usize {
    // SAFETY: sysconf has no preconditions.
    let n = unsafe { libc::sysconf(libc::_SC_PAGESIZE) };
    usize::try_from(n).ok().filter(|&n| n > 0).unwrap_or(4096)
}

fn aligned_dangling() -> NonNull<u8> {
    // A non-null pointer aligned to ALIGN; never dereferenced because the length is 0.
    NonNull::new(ALIGN as *mut u8).expect("ALIGN is non-zero")
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Storage")
            .field("ptr", &self.ptr)
            .field("len", &self.len)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zeroed_is_aligned_and_zero() {
        let s = Storage::zeroed(1000).unwrap();
        assert_eq!(s.as_ptr() as usize % ALIGN, 0);
        assert!(s.bytes().iter().all(|&b| b == 0));
        assert!(Storage::zeroed(0).unwrap().is_empty());
        let big = Storage::zeroed(3 * MMAP_THRESHOLD + 8).unwrap();
        assert_eq!(big.as_ptr() as usize % ALIGN, 0);
        assert!(big.bytes().iter().all(|&b| b == 0));
    }

    #[test]
    fn impossible_allocation_is_an_error() {
        assert!(Storage::zeroed(usize::MAX - 10).is_err());
        assert!(Storage::zeroed(isize::MAX as usize - 4096).is_err());
    }

    #[test]
    fn adopted_vec_keeps_its_memory() {
        let v = vec![1.0f64, 2.0, 3.0];
        let p = v.as_ptr() as *const u8;
        let s = Storage::from_vec(v);
        assert_eq!(s.as_ptr(), p);
        assert_eq!(s.len(), 24);
    }
}

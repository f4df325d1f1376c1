//! Runs: the unit of work the reduction executor hands to a reducer. A [`Run`] is a read-only
//! view of `len` elements of one array at a fixed element stride (a slice when the stride is 1,
//! so contiguous loops vectorise); a [`RunMut`] is the output elements one task owns.
//!
//! Invariant: a run is only created by `unsafe` constructors whose callers guarantee that every
//! element is readable (and, for [`RunMut`], exclusively writable) for the run's lifetime; after
//! that, element access is safe and bounds-checked.

use std::marker::PhantomData;

/// A run of elements of one array: a slice when contiguous, else pointer and element stride.
#[derive(Clone, Copy, Debug)]
pub(super) enum Run<'a, T> {
    /// Stride 1.
    Contiguous(&'a [T]),
    /// Any other stride, including negative and zero.
    Strided(Strided<'a, T>),
}

/// A strided run: element `i` is at `ptr + i * stride`.
#[derive(Clone, Copy, Debug)]
pub(super) struct Strided<'a, T> {
    ptr: *const T,
    len: usize,
    stride: isize,
    _life: PhantomData<&'a [T]>,
}

// SAFETY: a `Strided` run is a shared view of `len` readable elements, like `&[T]`, which is
// `Send` and `Sync` when `T: Sync`.
unsafe impl<T: Sync> Send for Strided<'_, T> {}
// SAFETY: as above.
unsafe impl<T: Sync> Sync for Strided<'_, T> {}

impl<'a, T: Copy> Run<'a, T> {
    /// # Safety
    /// `ptr.offset(i * stride)` must be valid for reads of a `T` for every `i < len`, and no
    /// element may be written while the run lives.
    pub unsafe fn new(ptr: *const T, len: usize, stride: isize) -> Run<'a, T> {
        if stride == 1 {
            // SAFETY: `len` consecutive readable elements (the caller's contract).
            Run::Contiguous(unsafe { std::slice::from_raw_parts(ptr, len) })
        } else {
            Run::Strided(Strided {
                ptr,
                len,
                stride,
                _life: PhantomData,
            })
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            Run::Contiguous(x) => x.len(),
            Run::Strided(x) => x.len,
        }
    }

    /// Element `i`.
    ///
    /// # Panics
    /// If `i >= len`.
    pub fn get(&self, i: usize) -> T {
        match self {
            Run::Contiguous(x) => x[i],
            Run::Strided(x) => x.get(i),
        }
    }

    /// The first `mid` elements and the rest.
    pub fn split_at(self, mid: usize) -> (Run<'a, T>, Run<'a, T>) {
        match self {
            Run::Contiguous(x) => {
                let (a, b) = x.split_at(mid);
                (Run::Contiguous(a), Run::Contiguous(b))
            }
            Run::Strided(x) => {
                let (a, b) = x.split_at(mid);
                (Run::Strided(a), Run::Strided(b))
            }
        }
    }
}

impl<'a, T: Copy> Strided<'a, T> {
    /// Number of elements.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Element `i`.
    ///
    /// # Panics
    /// If `i >= len`.
    #[inline(always)]
    pub fn get(&self, i: usize) -> T {
        assert!(i < self.len);
        // SAFETY: `i < len`, and `Run::new`'s contract makes every such element readable.
        unsafe { self.ptr.offset(i as isize * self.stride).read() }
    }

    /// The first `mid` elements and the rest.
    ///
    /// # Panics
    /// If `mid > len`.
    pub fn split_at(self, mid: usize) -> (Strided<'a, T>, Strided<'a, T>) {
        assert!(mid <= self.len);
        let rest = Strided {
            ptr: self.ptr.wrapping_offset(mid as isize * self.stride),
            len: self.len - mid,
            ..self
        };
        (Strided { len: mid, ..self }, rest)
    }
}

/// A run of output elements that one task owns: a slice when contiguous.
pub(super) enum RunMut<'a, T> {
    /// Stride 1.
    Contiguous(&'a mut [T]),
    /// Any other (non-zero) stride.
    Strided {
        /// Element 0.
        ptr: *mut T,
        /// Number of elements.
        len: usize,
        /// Element stride.
        stride: isize,
    },
}

impl<T: Copy> RunMut<'_, T> {
    /// # Safety
    /// `ptr.offset(i * stride)` must be valid for reads and writes of a `T` for every
    /// `i < len`, distinct for distinct `i`, and accessed by nothing else while the run lives.
    pub unsafe fn new(ptr: *mut T, len: usize, stride: isize) -> Self {
        if stride == 1 {
            // SAFETY: `len` consecutive elements owned by the caller.
            RunMut::Contiguous(unsafe { std::slice::from_raw_parts_mut(ptr, len) })
        } else {
            RunMut::Strided { ptr, len, stride }
        }
    }

    /// Pointer, length and element stride, giving up the borrow.
    pub fn raw(self) -> (*mut T, usize, isize) {
        match self {
            RunMut::Contiguous(o) => (o.as_mut_ptr(), o.len(), 1),
            RunMut::Strided { ptr, len, stride } => (ptr, len, stride),
        }
    }

    /// `out[i] = f(out[i], x[i])` for every element.
    #[inline(always)]
    pub fn update<U: Copy>(self, x: Run<'_, U>, f: impl Fn(T, U) -> T) {
        match (self, x) {
            (RunMut::Contiguous(o), Run::Contiguous(x)) => {
                for (o, &x) in o.iter_mut().zip(x) {
                    *o = f(*o, x);
                }
            }
            (RunMut::Contiguous(o), x) => {
                for (i, o) in o.iter_mut().enumerate() {
                    *o = f(*o, x.get(i));
                }
            }
            (RunMut::Strided { ptr, len, stride }, x) => {
                for i in 0..len.min(x.len()) {
                    // SAFETY: `i < len` and `RunMut::new`'s contract.
                    unsafe {
                        let p = ptr.offset(i as isize * stride);
                        p.write(f(p.read(), x.get(i)));
                    }
                }
            }
        }
    }
}

//! The take/put family: gathers and scatters by integer index or mask, with NumPy's semantics.
//! `take`, `compress`, `choose` and `take_along_axis` read; `put`, `putmask`, `place` and
//! `put_along_axis` write. The conversions between flat and multi-dimensional indices
//! (`unravel_index`, `ravel_multi_index`, `flatnonzero`) are in [`super::ravel`].
//!
//! Invariants:
//! 1. Every index is resolved and checked against its axis before any element is read or
//!    written, so a call that fails changes nothing. (NumPy's `put` in raise mode may have
//!    written the elements before the bad index when it raises; numfuse writes none.)
//! 2. A flat index (`put`, `putmask`, `place`, `take` with no axis) counts in C order whatever
//!    the layout. It becomes a byte offset through the array's own strides, so no input is
//!    copied to make it contiguous.
//! 3. Gathers return a fresh C-contiguous array. Scatters convert every argument first and then
//!    write through `make_mut_ptr` (copy-on-write): other arrays sharing the buffer never
//!    change, and the values may be a view of the target itself.
//! 4. Index arrays must have an integer dtype (and bool, read as 0 and 1, where NumPy allows
//!    it); floats are refused with [`Error::DType`]. Integers of every width are converted to
//!    `i64` as NumPy casts them to `intp` (so `uint64` above `i64::MAX` wraps negative).
//! 5. Scatters write in C order of the index positions, so with a repeated index the last
//!    write wins, as in NumPy.

use crate::array::layout::{Strides, c_strides};
use crate::array::traverse::{self, Operand};
use crate::array::{Array, Order};
use crate::error::normalize_axis;
use crate::index::resolve_index;
use crate::ir::{Casting, DType, ShapeDisplay, broadcast_shapes};
use crate::{Error, Result};
use smallvec::SmallVec;

/// What an index outside its axis does (NumPy's `mode=` of `take`, `put`, `choose` and
/// `ravel_multi_index`).
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ClipMode;
/// let a = array![10i64, 20, 30];
/// let idx = array![-4i64, 1, 5];
/// assert!(a.take_mode(&idx, None, ClipMode::Raise).is_err());
/// assert_eq!(a.take_mode(&idx, None, ClipMode::Wrap)?.to_vec::<i64>()?, [30, 20, 30]);
/// assert_eq!(a.take_mode(&idx, None, ClipMode::Clip)?.to_vec::<i64>()?, [10, 20, 30]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum ClipMode {
    /// Refuse it with [`Error::IndexOutOfBounds`]. Where NumPy lets negative indices count from
    /// the end (`take`, `put`), `-len..len` is in range; elsewhere `0..len`.
    #[default]
    Raise,
    /// Wrap it around the axis (`index mod len`, so `-1` is the last element).
    Wrap,
    /// Clip it to `0..len` (a negative index selects element 0).
    Clip,
}

impl ClipMode {
    /// The position that `index` selects on axis `axis` of length `len`; in `Raise` mode
    /// negative indices count from the end.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] in `Raise` mode; [`Error::Index`] for `Wrap` and `Clip` on
    /// an empty axis, which has no element to wrap or clip to.
    fn resolve(self, index: i64, axis: usize, len: usize) -> Result<usize> {
        if self != ClipMode::Raise && len == 0 {
            return Err(Error::Index {
                msg: format!(
                    "cannot do a non-empty take from an empty axes (axis {axis} has size 0)"
                ),
            });
        }
        // `len` is an axis length, so it fits in `i64` (layout condition 2).
        let n = len as i64;
        match self {
            ClipMode::Raise => resolve_index(index as isize, axis, len),
            ClipMode::Wrap => Ok(index.rem_euclid(n) as usize),
            ClipMode::Clip => Ok(index.clamp(0, n - 1) as usize),
        }
    }

    /// As [`ClipMode::resolve`], but `Raise` accepts only `0..len` (NumPy's `choose` and
    /// `ravel_multi_index` do not count from the end).
    pub(super) fn resolve_nonnegative(self, index: i64, axis: usize, len: usize) -> Result<usize> {
        if self == ClipMode::Raise && index < 0 {
            return Err(Error::IndexOutOfBounds {
                index: index as isize,
                axis,
                len,
            });
        }
        self.resolve(index, axis, len)
    }
}

/// The values of an index array as `i64`, in C order.
///
/// # Errors
/// [`Error::DType`] for a float array, and for bool unless `bool_ok` (invariant 4).
pub(super) fn index_values(op: &'static str, indices: &Array, bool_ok: bool) -> Result<Vec<i64>> {
    let t = indices.dtype();
    if t.is_float() || (t == DType::Bool && !bool_ok) {
        return Err(Error::DType {
            op,
            got: t,
            expected: "an integer index array".to_string(),
        });
    }
    if t == DType::I64 {
        return indices.to_vec::<i64>();
    }
    indices
        .astype_casting(DType::I64, Casting::Unsafe)?
        .to_vec::<i64>()
}

/// `values` converted to `dtype` with NumPy's unsafe casting, as a fresh C-contiguous array
/// that shares no buffer with anything (so a scatter may read it after making its own buffer
/// unique, and index its elements in C order).
fn converted(values: &Array, dtype: DType) -> Result<Array> {
    let v = values.astype_casting(dtype, Casting::Unsafe)?;
    if v.is_c_contiguous() {
        Ok(v)
    } else {
        v.try_copy_order(Order::C)
    }
}

/// The byte offset, from element 0, of the element at C-order position `flat` (invariant 2).
/// `flat` must be below the array's size.
fn flat_offset(a: &Array, flat: usize) -> isize {
    if a.is_c_contiguous() {
        return (flat * a.itemsize()) as isize;
    }
    let mut rest = flat;
    let mut offset = 0isize;
    for (&len, &stride) in a.shape().iter().zip(a.strides()).rev() {
        // `len > 0`: the array holds element `flat`, so it is not empty.
        offset += (rest % len) as isize * stride;
        rest /= len;
    }
    offset
}

/// Element strides (in elements, not bytes) of a C-ordered array of `shape`.
fn elem_strides(shape: &[usize]) -> Strides {
    c_strides(shape, 1)
}

/// Copies one element of `isz` bytes.
///
/// # Safety
/// `src` must be valid for reads and `dst` for writes of `isz` bytes, both aligned to `isz`
/// (layout condition 4), and the two must not overlap.
#[inline(always)]
unsafe fn copy_elem(src: *const u8, dst: *mut u8, isz: usize) {
    // SAFETY: the caller's contract, for the type of the matching size.
    unsafe {
        match isz {
            1 => dst.write(src.read()),
            2 => dst.cast::<u16>().write(src.cast::<u16>().read()),
            4 => dst.cast::<u32>().write(src.cast::<u32>().read()),
            8 => dst.cast::<u64>().write(src.cast::<u64>().read()),
            _ => std::ptr::copy_nonoverlapping(src, dst, isz),
        }
    }
}

/// Gathers elements of `src` into a fresh C-contiguous array of `shape`. The element at
/// position `pos` is read at byte offset `Σ pos[d]·src_strides[d] + offsets[j]` from `src`'s
/// element 0, where `j = Σ pos[d]·off_strides[d]` (in elements of `offsets`).
///
/// # Errors
/// [`Error::ShapeOverflow`] if the result cannot be allocated.
///
/// # Safety
/// Every such offset must be the offset of an element of `src`, and every `j` an index into
/// `offsets`: `src_strides` are `src`'s strides with 0 on the gathered axes and where `src` is
/// broadcast, each entry of `offsets` is a checked index times the gathered axis' stride (or
/// the [`flat_offset`] of a checked flat index), and `off_strides` are C strides of the index
/// array with 0 where it is broadcast.
unsafe fn gather(
    src: &Array,
    shape: &[usize],
    src_strides: &[isize],
    offsets: &[isize],
    off_strides: &[isize],
) -> Result<Array> {
    let mut out = Array::try_zeros(shape, src.dtype(), Order::C)?;
    if out.is_empty() {
        return Ok(out);
    }
    let isz = src.itemsize();
    let out_strides = out.strides().to_vec();
    let off_bytes: Strides = off_strides
        .iter()
        .map(|&s| s * size_of::<isize>() as isize)
        .collect();
    let dst = out.make_mut_ptr()?;
    let ops = [
        Operand {
            ptr: dst,
            strides: &out_strides,
        },
        Operand {
            ptr: src.base_ptr().cast_mut(),
            strides: src_strides,
        },
        Operand {
            ptr: offsets.as_ptr().cast_mut().cast(),
            strides: &off_bytes,
        },
    ];
    // SAFETY: `out` is fresh, C-contiguous and ours alone; the caller guarantees that every
    // read of `src` and of `offsets` is in bounds. Only `out` is written, one element per
    // position, so parallel pieces write disjoint elements.
    unsafe {
        traverse::par_for_each_run(shape, ops, |[d, s, o], len, [ds, ss, os]| {
            for k in 0..len as isize {
                let off = o.offset(k * os).cast::<isize>().read();
                copy_elem(s.offset(k * ss + off), d.offset(k * ds), isz);
            }
        });
    }
    Ok(out)
}

/// Writes `values` (of the target's dtype, already broadcast to `shape`) into the target whose
/// element 0 is at `dst`: the element at position `pos` goes to byte offset
/// `Σ pos[d]·dst_strides[d] + offsets[j]` as in [`gather`], in C order of `pos` (invariant 5).
///
/// # Safety
/// As [`gather`] with the target in place of `src`; in addition the target's buffer must be
/// writable and ours alone (from `make_mut_ptr`), and `values` must not share it.
unsafe fn scatter(
    dst: *mut u8,
    shape: &[usize],
    dst_strides: &[isize],
    offsets: &[isize],
    off_strides: &[isize],
    values: &Array,
) {
    let isz = values.itemsize();
    let off_bytes: Strides = off_strides
        .iter()
        .map(|&s| s * size_of::<isize>() as isize)
        .collect();
    // The first operand only fixes the order of the walk: C order of `pos`.
    let order = c_strides(shape, 1);
    let ops = [
        Operand {
            ptr: std::ptr::null_mut(),
            strides: &order,
        },
        Operand {
            ptr: dst,
            strides: dst_strides,
        },
        Operand {
            ptr: offsets.as_ptr().cast_mut().cast(),
            strides: &off_bytes,
        },
        Operand {
            ptr: values.base_ptr().cast_mut(),
            strides: values.strides(),
        },
    ];
    // SAFETY: the caller guarantees every target offset and every `offsets` index is in
    // bounds; `values` is broadcast to `shape`, so its layout covers every position. The walk
    // is sequential, so repeated targets are written in C order.
    unsafe {
        traverse::for_each_run(shape, ops, |[_, d, o, v], len, [_, ds, os, vs]| {
            for k in 0..len as isize {
                let off = o.offset(k * os).cast::<isize>().read();
                copy_elem(v.offset(k * vs), d.offset(k * ds + off), isz);
            }
        });
    }
}

/// Calls `f(flat, ptr)` for every element of the array whose element 0 is at `base`, in C
/// order, with `flat` its C-order position.
///
/// # Safety
/// `base`, `shape` and `strides` must be those of an array (its invariant 1), and `f` may only
/// access the element it is given.
unsafe fn for_each_c_order(
    base: *mut u8,
    shape: &[usize],
    strides: &[isize],
    mut f: impl FnMut(usize, *mut u8),
) {
    let order = c_strides(shape, 1);
    let ops = [
        Operand {
            ptr: std::ptr::null_mut(),
            strides: &order,
        },
        Operand { ptr: base, strides },
    ];
    // SAFETY: the first operand is never dereferenced (its address is the C-order position);
    // the second is the caller's array.
    unsafe {
        traverse::for_each_run(shape, ops, |[p, d], len, [ps, ds]| {
            for k in 0..len as isize {
                f(p.wrapping_offset(k * ps) as usize, d.offset(k * ds));
            }
        });
    }
}

/// The shape of `take_along_axis` and `put_along_axis`: the result shape (the array's and the
/// indices' shapes broadcast outside `axis`, the indices' length along it), the array's strides
/// over it (0 along `axis` and where the array is broadcast) and the C element strides of the
/// indices over it (0 where they are broadcast).
struct AlongAxis {
    axis: usize,
    shape: Vec<usize>,
    arr_strides: Strides,
    idx_strides: Strides,
}

impl AlongAxis {
    fn new(op: &'static str, arr: &Array, indices: &Array, axis: isize) -> Result<AlongAxis> {
        if indices.ndim() != arr.ndim() {
            return Err(Error::Shape {
                op,
                msg: format!(
                    "`indices` and `arr` must have the same number of dimensions: indices \
                     have shape {}, arr {}",
                    ShapeDisplay(indices.shape()),
                    ShapeDisplay(arr.shape())
                ),
            });
        }
        let axis = normalize_axis(axis, arr.ndim())?;
        let own = elem_strides(indices.shape());
        let mut shape = Vec::with_capacity(arr.ndim());
        let mut arr_strides = Strides::new();
        let mut idx_strides = Strides::new();
        for d in 0..arr.ndim() {
            let (n, m) = (arr.shape()[d], indices.shape()[d]);
            let len = if d == axis || n == m || n == 1 {
                m
            } else if m == 1 {
                n
            } else {
                return Err(Error::Shape {
                    op,
                    msg: format!(
                        "shape mismatch: indices of shape {} cannot be broadcast against an \
                         array of shape {} outside axis {axis}",
                        ShapeDisplay(indices.shape()),
                        ShapeDisplay(arr.shape())
                    ),
                });
            };
            shape.push(len);
            arr_strides.push(if d == axis || n != len {
                0
            } else {
                arr.strides()[d]
            });
            idx_strides.push(if m == len { own[d] } else { 0 });
        }
        Ok(AlongAxis {
            axis,
            shape,
            arr_strides,
            idx_strides,
        })
    }
}

/// `a` itself, or for a 0-d array with an axis, `a` as a 1-element 1-d array (NumPy's `take`
/// and `compress` accept axis 0 and -1 of a 0-d array).
fn with_axis(a: &Array, axis: Option<isize>) -> Result<Array> {
    if a.ndim() == 0 && axis.is_some() {
        a.reshape(&[1])
    } else {
        Ok(a.clone())
    }
}

/// The gather behind `take` (and `take_along_axis` with no axis): `idx` (of `idx_shape`)
/// resolved on `axis` of `src`, or as flat indices with `None`.
fn take_resolved(
    src: &Array,
    idx: &[i64],
    idx_shape: &[usize],
    axis: Option<usize>,
    mode: ClipMode,
) -> Result<Array> {
    let Some(ax) = axis else {
        let n = src.size();
        let offsets = idx
            .iter()
            .map(|&i| Ok(flat_offset(src, mode.resolve(i, 0, n)?)))
            .collect::<Result<Vec<isize>>>()?;
        let zeros = vec![0; idx_shape.len()];
        // SAFETY: each offset is the flat offset of a checked index; the source strides
        // are all 0, and `offsets` is C-ordered over `idx_shape`.
        return unsafe { gather(src, idx_shape, &zeros, &offsets, &elem_strides(idx_shape)) };
    };
    let (n, stride) = (src.shape()[ax], src.strides()[ax]);
    let offsets = idx
        .iter()
        .map(|&i| Ok(mode.resolve(i, ax, n)? as isize * stride))
        .collect::<Result<Vec<isize>>>()?;
    let (pre, post) = (&src.shape()[..ax], &src.shape()[ax + 1..]);
    let shape: Vec<usize> = [pre, idx_shape, post].concat();
    let zeros_idx = vec![0; idx_shape.len()];
    let src_strides = [
        &src.strides()[..ax],
        &zeros_idx[..],
        &src.strides()[ax + 1..],
    ]
    .concat();
    let off_strides = [
        &vec![0; pre.len()][..],
        &elem_strides(idx_shape)[..],
        &vec![0; post.len()][..],
    ]
    .concat();
    // SAFETY: outside the index axes the source strides are `src`'s own over its own
    // lengths; along them they are 0 and the offset is a checked position times the
    // axis' stride. `offsets` is C-ordered over `idx_shape`.
    unsafe { gather(src, &shape, &src_strides, &offsets, &off_strides) }
}

impl Array {
    /// Elements at the given positions along `axis` (`np.take(a, indices, axis)`); with `None`
    /// the positions are flat indices into `a` in C order. The result has shape
    /// `a.shape[..axis] + indices.shape + a.shape[axis+1..]` (`indices.shape` for `None`) and
    /// the dtype of `a`; negative indices count from the end.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] for an index outside `-len..len` (NumPy's "index 10 is out
    /// of bounds for axis 0 with size 10"); [`Error::DType`] for float indices;
    /// [`Error::AxisOutOfRange`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let arr = Array::arange(20.0, DType::I64).reshape(&[4, 5])?;
    /// let rows = arr.take(&array![0i64, 2], Some(0))?;
    /// assert_eq!(rows.to_vec::<i64>()?, [0, 1, 2, 3, 4, 10, 11, 12, 13, 14]);
    /// let cols = arr.take(&array![1i64, 3, 4], Some(1))?;
    /// assert_eq!(cols.shape(), &[4, 3]);
    /// assert_eq!(arr.take(&array![-1i64], None)?.to_vec::<i64>()?, [19]);
    /// let err = arr.take(&array![5i64], Some(1)).unwrap_err();
    /// assert_eq!(err.to_string(), "index 5 is out of bounds for axis 1 with size 5");
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn take(&self, indices: &Array, axis: Option<isize>) -> Result<Array> {
        self.take_mode(indices, axis, ClipMode::Raise)
    }

    /// [`Array::take`] with NumPy's `mode=` for indices outside the axis.
    ///
    /// # Errors
    /// As [`Array::take`] in `Raise` mode; in `Wrap` and `Clip` mode [`Error::Index`] for a
    /// non-empty take from an empty axis.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::ClipMode;
    /// let a = array![[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]];
    /// let w = a.take_mode(&array![-1i64, 3], Some(1), ClipMode::Wrap)?;
    /// assert_eq!(w.to_vec::<f64>()?, [3.0, 1.0, 6.0, 4.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn take_mode(&self, indices: &Array, axis: Option<isize>, mode: ClipMode) -> Result<Array> {
        let src = with_axis(self, axis)?;
        let ax = axis.map(|ax| normalize_axis(ax, src.ndim())).transpose()?;
        let idx = index_values("take", indices, true)?;
        take_resolved(&src, &idx, indices.shape(), ax, mode)
    }

    /// The slices along `axis` (or, with `None`, the flat elements) where `condition` is true
    /// (`np.compress`). Entries of `condition` past the end of the axis must be false; a
    /// shorter `condition` selects nothing from the rest. Any dtype is a condition (non-zero is
    /// true).
    ///
    /// # Errors
    /// [`Error::Shape`] when `condition` is not 1-d; [`Error::IndexOutOfBounds`] for a true
    /// entry past the end of the axis; [`Error::AxisOutOfRange`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![[1, 2], [3, 4], [5, 6]];
    /// let rows = a.compress(&array![false, true, true], Some(0))?;
    /// assert_eq!(rows.to_vec::<i32>()?, [3, 4, 5, 6]);
    /// let flat = a.compress(&array![false, true, false, true], None)?;
    /// assert_eq!(flat.to_vec::<i32>()?, [2, 4]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn compress(&self, condition: &Array, axis: Option<isize>) -> Result<Array> {
        if condition.ndim() != 1 {
            return Err(Error::Shape {
                op: "compress",
                msg: format!(
                    "condition must be a 1-d array, got shape {}",
                    ShapeDisplay(condition.shape())
                ),
            });
        }
        let truth = condition
            .astype_casting(DType::Bool, Casting::Unsafe)?
            .to_vec::<bool>()?;
        let positions: Vec<i64> = truth
            .iter()
            .enumerate()
            .filter(|&(_, &t)| t)
            .map(|(i, _)| i as i64)
            .collect();
        let len = positions.len();
        self.take(&Array::from_vec(positions, &[len])?, axis)
    }

    /// For each position, the element of the array selected from `choices` by `self`
    /// (`np.choose(self, choices, mode)`); see [`choose`].
    ///
    /// # Errors
    /// As [`choose`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::ClipMode;
    /// let pick = array![1i64, 0];
    /// let r = pick.choose(&[&array![1, 2], &array![3, 4]], ClipMode::Raise)?;
    /// assert_eq!(r.to_vec::<i32>()?, [3, 2]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn choose(&self, choices: &[&Array], mode: ClipMode) -> Result<Array> {
        choose(self, choices, mode)
    }

    /// Elements at `indices` along `axis`, matched position by position
    /// (`np.take_along_axis`): `indices` has the dimensions of `self`, and outside `axis` the
    /// two broadcast. With `None`, `self` is flattened and `indices` must be 1-d. Negative
    /// indices count from the end. This is how the result of an `arg*` function indexes.
    ///
    /// # Errors
    /// [`Error::Shape`] for indices with another number of dimensions (or not 1-d with `None`)
    /// or that do not broadcast; [`Error::DType`] for float or bool indices (NumPy: "`indices`
    /// must be an integer array"); [`Error::IndexOutOfBounds`]; [`Error::AxisOutOfRange`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![[10, 30, 20], [60, 40, 50]];
    /// let order = array![[0i64, 2, 1], [1, 2, 0]];
    /// let sorted = a.take_along_axis(&order, Some(1))?;
    /// assert_eq!(sorted.to_vec::<i32>()?, [10, 20, 30, 40, 50, 60]);
    /// let firsts = a.take_along_axis(&array![[0i64]], Some(1))?;
    /// assert_eq!(firsts.to_vec::<i32>()?, [10, 60]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn take_along_axis(&self, indices: &Array, axis: Option<isize>) -> Result<Array> {
        const OP: &str = "take_along_axis";
        let Some(axis) = axis else {
            check_flat_indices(OP, indices)?;
            let idx = index_values(OP, indices, false)?;
            return take_resolved(self, &idx, indices.shape(), None, ClipMode::Raise);
        };
        let plan = AlongAxis::new(OP, self, indices, axis)?;
        let idx = index_values(OP, indices, false)?;
        let (n, stride) = (self.shape()[plan.axis], self.strides()[plan.axis]);
        let offsets = idx
            .iter()
            .map(|&i| Ok(ClipMode::Raise.resolve(i, plan.axis, n)? as isize * stride))
            .collect::<Result<Vec<isize>>>()?;
        // SAFETY: `plan` gives `self`'s strides where it is not broadcast and 0 along the axis,
        // where the offset is a checked position times the axis' stride; the index strides
        // are C strides of `indices` with 0 where they broadcast (`AlongAxis`).
        unsafe {
            gather(
                self,
                &plan.shape,
                &plan.arr_strides,
                &offsets,
                &plan.idx_strides,
            )
        }
    }

    /// Writes `values` at flat (C-order) positions `indices` (`np.put(a, indices, values)`):
    /// `a.flat[indices[j]] = values.flat[j % values.size]`, so values repeat cyclically, and
    /// extra values are ignored. Values are cast to the array's dtype with NumPy's unsafe
    /// casting (floats truncate into an integer array). No values means nothing is written.
    /// Copy-on-write: arrays sharing the buffer keep their elements.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] (and nothing is written); [`Error::DType`] for float indices;
    /// [`Error::Index`] for indices into an empty array; [`Error::ReadOnly`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut arr = Array::arange(20.0, DType::I64);
    /// arr.put(&array![0i64, 5, 10, 15], &array![99i64, 88, 77, 66])?;
    /// assert_eq!(arr.to_vec::<i64>()?[..6], [99, 1, 2, 3, 4, 88]);
    /// arr.put(&array![-1i64, 1], &array![7.9])?;
    /// assert_eq!((arr.get(&[1])?, arr.get(&[19])?), (Scalar::I64(7), Scalar::I64(7)));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn put(&mut self, indices: &Array, values: &Array) -> Result<()> {
        self.put_mode(indices, values, ClipMode::Raise)
    }

    /// [`Array::put`] with NumPy's `mode=` for indices outside the array.
    ///
    /// # Errors
    /// As [`Array::put`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::ClipMode;
    /// let mut a = Array::zeros(&[2, 3], DType::F32);
    /// a.put_mode(&array![7i64, -1], &array![1.0f32, 2.0], ClipMode::Clip)?;
    /// assert_eq!(a.to_vec::<f32>()?, [2.0, 0.0, 0.0, 0.0, 0.0, 1.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn put_mode(&mut self, indices: &Array, values: &Array, mode: ClipMode) -> Result<()> {
        let idx = index_values("put", indices, true)?;
        let vals = converted(values, self.dtype())?;
        if vals.is_empty() || idx.is_empty() {
            return Ok(());
        }
        let n = self.size();
        if n == 0 {
            return Err(Error::Index {
                msg: "cannot replace elements of an empty array".to_string(),
            });
        }
        let positions = idx
            .iter()
            .map(|&i| mode.resolve(i, 0, n))
            .collect::<Result<Vec<usize>>>()?;
        let dst = self.make_mut_ptr()?;
        // After the copy-on-write: offsets through the layout we now own.
        let isz = self.itemsize();
        let nv = vals.size();
        let src = vals.base_ptr();
        for (j, &p) in positions.iter().enumerate() {
            let off = flat_offset(self, p);
            // SAFETY: `p < n` is a checked flat position of `self`, whose unique buffer
            // `dst` points into; `vals` is fresh and C-contiguous with `nv` elements.
            unsafe { copy_elem(src.add((j % nv) * isz), dst.offset(off), isz) };
        }
        Ok(())
    }

    /// Writes `values.flat[i % values.size]` at every flat (C-order) position `i` where
    /// `mask` is true (`np.putmask`): the values repeat cyclically *by position*, so
    /// `putmask(a, m, b)` with `b` of `a`'s shape is `a[m] = b[m]`. `mask` must have the size
    /// of `self` (any dtype; non-zero is true). As in NumPy the values must cast safely to the
    /// array's dtype. No values means nothing is written. Copy-on-write.
    ///
    /// # Errors
    /// [`Error::Shape`] when `mask` has another size; [`Error::Cast`] for values that do not
    /// cast safely (NumPy's TypeError); [`Error::ReadOnly`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut arr = Array::arange(10.0, DType::F64);
    /// arr.putmask(&arr.greater(5.0)?, &arr.power(2.0)?)?;
    /// assert_eq!(arr.to_vec::<f64>()?[4..], [4.0, 5.0, 36.0, 49.0, 64.0, 81.0]);
    /// let mut ints = Array::arange(3.0, DType::I64);
    /// assert!(ints.putmask(&array![true, false, true], &array![0.5]).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn putmask(&mut self, mask: &Array, values: &Array) -> Result<()> {
        let truth = self.mask_values("putmask", mask)?;
        self.check_safe_cast(values)?;
        let vals = converted(values, self.dtype())?;
        if vals.is_empty() || !truth.contains(&true) {
            return Ok(());
        }
        let (isz, nv, src) = (self.itemsize(), vals.size(), vals.base_ptr());
        let dst = self.make_mut_ptr()?;
        // SAFETY: `dst` is element 0 of our unique buffer with `self`'s (current) layout; the
        // closure writes only the element it is given, from element `i % nv` of the fresh,
        // C-contiguous `vals`; `i` is below the size, which `truth` has.
        unsafe {
            for_each_c_order(dst, self.shape(), self.strides(), |i, d| {
                if truth[i] {
                    copy_elem(src.add((i % nv) * isz), d, isz);
                }
            });
        }
        Ok(())
    }

    /// Writes `vals`, in order and repeating, at the flat (C-order) positions where `mask` is
    /// true (`np.place`): the k-th true position gets `vals.flat[k % vals.size]`. `mask` must
    /// have the size of `self` (any dtype; non-zero is true); as in NumPy the values must cast
    /// safely to the array's dtype. Copy-on-write.
    ///
    /// # Errors
    /// [`Error::Shape`] when `mask` has another size; [`Error::Cast`] for values that do not
    /// cast safely; [`Error::Value`] when `vals` is empty and the mask selects something
    /// ("Cannot insert from an empty array!"); [`Error::ReadOnly`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = Array::arange(6.0, DType::I64);
    /// a.place(&a.greater(2.0)?, &array![10i64, 20])?;
    /// assert_eq!(a.to_vec::<i64>()?, [0, 1, 2, 10, 20, 10]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn place(&mut self, mask: &Array, vals: &Array) -> Result<()> {
        let truth = self.mask_values("place", mask)?;
        self.check_safe_cast(vals)?;
        if !truth.contains(&true) {
            return Ok(());
        }
        let vals = converted(vals, self.dtype())?;
        if vals.is_empty() {
            return Err(Error::Value {
                op: "place",
                msg: "Cannot insert from an empty array!".to_string(),
            });
        }
        let (isz, nv, src) = (self.itemsize(), vals.size(), vals.base_ptr());
        let dst = self.make_mut_ptr()?;
        let mut k = 0;
        // SAFETY: as in `putmask`; `k % nv` indexes the fresh, C-contiguous `vals`.
        unsafe {
            for_each_c_order(dst, self.shape(), self.strides(), |i, d| {
                if truth[i] {
                    copy_elem(src.add((k % nv) * isz), d, isz);
                    k += 1;
                }
            });
        }
        Ok(())
    }

    /// Refuses values that NumPy's `putmask` and `place` would not cast: they convert array
    /// values to the target's dtype under the safe rule.
    fn check_safe_cast(&self, values: &Array) -> Result<()> {
        if crate::can_cast(values.dtype(), self.dtype(), Casting::Safe) {
            return Ok(());
        }
        Err(Error::Cast {
            from: values.dtype(),
            to: self.dtype(),
            casting: Casting::Safe.name(),
        })
    }

    /// `mask` as bools in C order, checked to have the size of `self` (NumPy compares sizes,
    /// not shapes, for `putmask` and `place`).
    fn mask_values(&self, op: &'static str, mask: &Array) -> Result<Vec<bool>> {
        if mask.size() != self.size() {
            return Err(Error::Shape {
                op,
                msg: format!(
                    "mask and data must be the same size: mask has shape {}, data {}",
                    ShapeDisplay(mask.shape()),
                    ShapeDisplay(self.shape())
                ),
            });
        }
        mask.astype_casting(DType::Bool, Casting::Unsafe)?
            .to_vec::<bool>()
    }

    /// Writes `values` at `indices` along `axis`, matched position by position
    /// (`np.put_along_axis`): the inverse of [`Array::take_along_axis`], with the same
    /// broadcasting of `indices`; `values` broadcast to the shape that `take_along_axis` would
    /// return and are cast with NumPy's unsafe casting. With `None`, `indices` (1-d) are flat
    /// C-order positions. Repeated positions: the last write wins. Copy-on-write.
    ///
    /// # Errors
    /// As [`Array::take_along_axis`]; [`Error::Shape`] when `values` do not broadcast (naming
    /// both shapes); [`Error::ReadOnly`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = array![[10, 30, 20], [60, 40, 50]];
    /// let top = a.argmax(numfuse::Axes::from(1).keepdims())?;
    /// a.put_along_axis(&top, &Array::scalar(0), Some(1))?;
    /// assert_eq!(a.to_vec::<i32>()?, [10, 0, 20, 0, 40, 50]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn put_along_axis(
        &mut self,
        indices: &Array,
        values: &Array,
        axis: Option<isize>,
    ) -> Result<()> {
        const OP: &str = "put_along_axis";
        let plan = match axis {
            None => {
                check_flat_indices(OP, indices)?;
                None
            }
            Some(ax) => Some(AlongAxis::new(OP, self, indices, ax)?),
        };
        let idx = index_values(OP, indices, false)?;
        let shape = plan.as_ref().map_or(indices.shape(), |p| &p.shape[..]);
        let vals = converted(values, self.dtype())?;
        let vals = vals.broadcast_to(shape).map_err(|_| Error::Shape {
            op: OP,
            msg: format!(
                "shape mismatch: value array of shape {} could not be broadcast to indexing \
                 result of shape {}",
                ShapeDisplay(values.shape()),
                ShapeDisplay(shape)
            ),
        })?;
        let (axis, n) = match &plan {
            Some(p) => (p.axis, self.shape()[p.axis]),
            None => (0, self.size()),
        };
        let positions = idx
            .iter()
            .map(|&i| ClipMode::Raise.resolve(i, axis, n))
            .collect::<Result<Vec<usize>>>()?;
        if vals.is_empty() {
            return Ok(());
        }
        let dst = self.make_mut_ptr()?;
        // Offsets and strides from the layout we own after the copy-on-write.
        let (offsets, dst_strides, off_strides): (Vec<isize>, Strides, Strides) = match &plan {
            Some(p) => {
                let again = AlongAxis::new(OP, self, indices, axis as isize)?;
                let stride = self.strides()[p.axis];
                let offsets = positions.iter().map(|&q| q as isize * stride).collect();
                (offsets, again.arr_strides, again.idx_strides)
            }
            None => {
                let offsets = positions.iter().map(|&q| flat_offset(self, q)).collect();
                (
                    offsets,
                    SmallVec::from_elem(0, 1),
                    elem_strides(indices.shape()),
                )
            }
        };
        // SAFETY: `dst` is element 0 of our unique buffer; the strides and offsets come from
        // its current layout exactly as in `take_along_axis` (or are flat offsets of checked
        // positions), and `vals` is a fresh array broadcast to `shape`.
        unsafe { scatter(dst, shape, &dst_strides, &offsets, &off_strides, &vals) };
        Ok(())
    }
}

/// Refuses anything but 1-d indices for `take_along_axis`/`put_along_axis` with no axis.
fn check_flat_indices(op: &'static str, indices: &Array) -> Result<()> {
    if indices.ndim() == 1 {
        return Ok(());
    }
    Err(Error::Shape {
        op,
        msg: format!(
            "when axis=None, `indices` must have a single dimension, got shape {}",
            ShapeDisplay(indices.shape())
        ),
    })
}

/// For each position, the element of `choices[indices[pos]]` there (`np.choose`): `indices`
/// and every choice broadcast to one shape, and the result has the dtype that NumPy's
/// promotion gives the choices. In `Raise` mode an index must lie in `0..choices.len()`
/// (negative ones are refused, as in NumPy); `Wrap` and `Clip` bring it into range.
///
/// # Errors
/// [`Error::Value`] for no choices; [`Error::IndexOutOfBounds`] for an index outside the
/// choices in `Raise` mode (NumPy: "invalid entry in choice array"); [`Error::Broadcast`]
/// naming every shape; [`Error::DType`] for float indices.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::{ClipMode, choose};
/// let choices = [&array![0, 1, 2, 3], &array![10, 11, 12, 13], &array![20, 21, 22, 23]];
/// let r = choose(&array![2i64, 0, 1, 0], &choices, ClipMode::Raise)?;
/// assert_eq!(r.to_vec::<i32>()?, [20, 1, 12, 3]);
/// let w = choose(&array![2i64, 3, -1, 4], &choices, ClipMode::Wrap)?;
/// assert_eq!(w.to_vec::<i32>()?, [20, 1, 22, 13]);
/// // Broadcasting: a column of choices against rows.
/// let col = choose(&array![[0i64], [1]], &[&array![1, 2], &Array::scalar(9)], ClipMode::Raise)?;
/// assert_eq!(col.to_vec::<i32>()?, [1, 2, 9, 9]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn choose(indices: &Array, choices: &[&Array], mode: ClipMode) -> Result<Array> {
    let Some(dtype) = crate::result_type(choices) else {
        return Err(Error::Value {
            op: "choose",
            msg: "0-length sequence: choose needs at least one choice".to_string(),
        });
    };
    let mut shapes: Vec<&[usize]> = vec![indices.shape()];
    shapes.extend(choices.iter().map(|c| c.shape()));
    let shape = broadcast_shapes(&shapes).map_err(|_| Error::Broadcast {
        op: "choose",
        shapes: shapes.iter().map(|s| s.to_vec()).collect(),
    })?;
    let idx = index_values("choose", &indices.broadcast_to(&shape)?, true)?;
    let n = choices.len();
    let picks = idx
        .iter()
        .map(|&i| mode.resolve_nonnegative(i, 0, n))
        .collect::<Result<Vec<usize>>>()?;
    let arrays = choices
        .iter()
        .map(|c| converted(c, dtype)?.broadcast_to(&shape))
        .collect::<Result<Vec<Array>>>()?;
    let mut out = Array::try_zeros(&shape, dtype, Order::C)?;
    if out.is_empty() {
        return Ok(out);
    }
    let isz = out.itemsize();
    let dst = out.make_mut_ptr()?;
    let mut pos: SmallVec<[usize; 6]> = SmallVec::from_elem(0, shape.len());
    for (flat, &k) in picks.iter().enumerate() {
        let c = &arrays[k];
        let off: isize = pos
            .iter()
            .zip(c.strides())
            .map(|(&p, &s)| p as isize * s)
            .sum();
        // SAFETY: `pos` is the multi-index of `flat` (C order) within `shape`, to which choice
        // `k < n` is broadcast, so `off` reaches one of its elements; `out` is fresh,
        // C-contiguous and of `shape`, so element `flat` is in bounds.
        unsafe { copy_elem(c.base_ptr().offset(off), dst.add(flat * isz), isz) };
        for ax in (0..pos.len()).rev() {
            pos[ax] += 1;
            if pos[ax] < shape[ax] {
                break;
            }
            pos[ax] = 0;
        }
    }
    Ok(out)
}

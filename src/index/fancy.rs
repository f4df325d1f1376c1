//! Advanced indexing: gather (`a[index]`), scatter (`a[index] = v`), unbuffered scatter ufuncs
//! (`np.add.at`) and `ix_`, for any mix of index arrays, masks, integers, slices, new axes and
//! the ellipsis.
//!
//! Every index resolves to a [`Plan`]: the basic part is applied first as a view (each index
//! array kept as a full axis), then the index arrays are broadcast together to one shape `B`
//! and turned into a table of byte offsets, one per position of `B`. The result's axes are the
//! view's remaining axes with `B` spliced in, NumPy's rule:
//! - when the advanced elements are adjacent in the index (`a[:, i, j]`), `B` replaces them
//!   where they stand;
//! - otherwise (`a[i, :, j]`, or a new axis or ellipsis between them) `B` comes first.
//!
//! Invariants:
//! 1. A plan is built from the indexed array's layout and every offset it holds was checked
//!    against an axis length, so `base + Σ` over a walk reaches only elements of that layout.
//! 2. Integers count as 0-d index arrays once any index array is present (NumPy's rule, which
//!    is what makes `a[0, :, [0, 1]]` put the advanced axis first); without index arrays the
//!    whole index is basic and gives a view.
//! 3. A bool array of `k` dimensions is its `nonzero()`: `k` integer arrays on `k` axes whose
//!    lengths it must match exactly; a 0-d bool is a new axis indexed by `[0]` (true) or `[]`.
//! 4. Writes visit the selected positions in C order of the result, so with repeated indices
//!    the last write wins (assignment) or every value is applied (`ufunc_at`), as in NumPy.

use super::elem::IndexElem;
use super::slice::{SliceElem, slice_layout};
use crate::array::traverse::{Operand, par_for_each_run};
use crate::array::{Array, ArrayViewMut, Element, Layout, Order, Scalar};
use crate::error::shape_tuple;
use crate::ir::{BinaryOp, Casting, DType, broadcast_shapes, can_cast};
use crate::ops::Input;
use crate::ops::kernels::Num;
use crate::{Error, Result};
use smallvec::SmallVec;
use std::mem::MaybeUninit;

/// A full slice, what an index array leaves in the basic part of the index.
const FULL: SliceElem = SliceElem::Slice {
    start: None,
    stop: None,
    step: 1,
};

/// One axis of a plan's walk.
#[derive(Clone, Copy, Debug)]
enum Dim {
    /// An axis of the basic view: `len` positions `stride` bytes apart.
    Strided { len: usize, stride: isize },
    /// The broadcast index arrays, flattened: one position per table entry.
    Table,
}

/// An advanced index resolved against a layout (module docs).
#[derive(Debug)]
struct Plan {
    /// Byte offset of the basic view's element 0 from the indexed array's element 0.
    base: isize,
    /// The result's axes in order, with the index block as one [`Dim::Table`].
    dims: SmallVec<[Dim; 8]>,
    /// Byte offsets (from `base`) of the index arrays' selections, in C order of `B`.
    table: Vec<isize>,
    /// The result's shape: `dims` with the table expanded to `B`.
    shape: Vec<usize>,
}

/// What an index means for an array: a view, or a plan to gather or scatter through.
enum Resolved {
    View(Layout),
    Plan(Plan),
}

/// One index array of the advanced block, normalised to `int64`.
struct Adv {
    /// The axis of the basic view it indexes.
    view_axis: usize,
    /// The axis of the indexed array it indexes (for error messages, as NumPy names it).
    axis: usize,
    /// Its position in the index list (adjacency is decided on these).
    pos: usize,
    index: Array,
}

/// An index taken apart: the basic part (index arrays left as full slices) and the index
/// arrays, with the axes they land on.
#[derive(Default)]
struct Split {
    basic: SmallVec<[SliceElem; 8]>,
    advs: Vec<Adv>,
    /// The next axis of the basic view.
    view_axis: usize,
    /// The next axis of the indexed array.
    axis: usize,
}

impl Split {
    /// A basic element that consumes `consumes` (0 or 1) axes of the array.
    fn basic(&mut self, e: SliceElem, consumes: usize) {
        self.basic.push(e);
        self.view_axis += 1;
        self.axis += consumes;
    }

    /// An index array on the next axis (kept whole in the basic part).
    fn array(&mut self, pos: usize, index: Array) {
        self.advs.push(Adv {
            view_axis: self.view_axis,
            axis: self.axis,
            pos,
            index,
        });
        self.basic(FULL, 1);
    }
}

fn index_err(msg: impl Into<String>) -> Error {
    Error::Index { msg: msg.into() }
}

/// Resolves `index` against `a` (module docs).
fn resolve(layout: &Layout, index: &[IndexElem]) -> Result<Resolved> {
    if let Some(basic) = basic_only(index) {
        return slice_layout(layout, &basic).map(Resolved::View);
    }
    let ndim = layout.ndim();
    let mut consumed = 0;
    let mut ellipses = 0;
    for e in index {
        match e {
            IndexElem::Basic(SliceElem::NewAxis) => {}
            IndexElem::Basic(SliceElem::Ellipsis) => ellipses += 1,
            IndexElem::Basic(_) => consumed += 1,
            IndexElem::Array(m) if m.dtype() == DType::Bool => consumed += m.ndim(),
            IndexElem::Array(_) => consumed += 1,
        }
    }
    if ellipses > 1 {
        return Err(index_err(
            "an index can only have a single ellipsis ('...')",
        ));
    }
    if consumed > ndim {
        return Err(index_err(format!(
            "too many indices for array: array is {ndim}-dimensional, but {consumed} were indexed"
        )));
    }

    let mut split = Split::default();
    for (pos, e) in index.iter().enumerate() {
        match e {
            IndexElem::Basic(s) => match s.normalized() {
                SliceElem::Index(i) => split.array(pos, Array::scalar(i as i64)),
                SliceElem::NewAxis => split.basic(SliceElem::NewAxis, 0),
                SliceElem::Ellipsis => {
                    for _ in 0..ndim - consumed {
                        split.basic(FULL, 1);
                    }
                }
                other => split.basic(other, 1),
            },
            IndexElem::Array(m) if m.dtype() == DType::Bool && m.ndim() == 0 => {
                let truth = m.to_vec::<bool>()?[0];
                let selected: &[i64] = if truth { &[0] } else { &[] };
                split.advs.push(Adv {
                    view_axis: split.view_axis,
                    axis: split.axis,
                    pos,
                    index: Array::from_slice(selected),
                });
                split.basic(SliceElem::NewAxis, 0);
            }
            IndexElem::Array(m) if m.dtype() == DType::Bool => {
                let lens = &layout.shape[split.axis..];
                for (j, (&got, &len)) in m.shape().iter().zip(lens).enumerate() {
                    if got != len {
                        return Err(index_err(format!(
                            "boolean index did not match indexed array along axis {}; size of \
                             axis is {len} but size of corresponding boolean axis is {got}",
                            split.axis + j
                        )));
                    }
                }
                for index in m.nonzero()? {
                    split.array(pos, index);
                }
            }
            IndexElem::Array(m) => {
                if !m.dtype().is_integer() {
                    return Err(index_err(
                        "arrays used as indices must be of integer (or boolean) type",
                    ));
                }
                // NumPy converts index arrays to intp the same way (unsigned values wrap).
                let index = if m.dtype() == DType::I64 {
                    m.clone()
                } else {
                    m.astype(DType::I64)
                };
                split.array(pos, index);
            }
        }
    }
    let Split { basic, advs, .. } = split;
    let view = slice_layout(layout, &basic)?;
    let plan = plan(layout, &view, &advs)?;
    Ok(Resolved::Plan(plan))
}

/// The plan for the index arrays `advs` on the basic view `view` of `layout`.
fn plan(layout: &Layout, view: &Layout, advs: &[Adv]) -> Result<Plan> {
    let shapes: Vec<&[usize]> = advs.iter().map(|v| v.index.shape()).collect();
    let block = broadcast_shapes(&shapes).map_err(|_| {
        let shown: Vec<String> = shapes.iter().map(|s| shape_tuple(s)).collect();
        index_err(format!(
            "shape mismatch: indexing arrays could not be broadcast together with shapes {} ",
            shown.join(" ")
        ))
    })?;
    let count = block.iter().product::<usize>();
    let mut table = vec![0isize; count];
    for v in advs {
        let len = view.shape[v.view_axis];
        let stride = view.strides[v.view_axis];
        let spread = v.index.broadcast_to(&block)?;
        let owned;
        let values: &[i64] = match spread.as_slice::<i64>() {
            Ok(s) => s,
            Err(_) => {
                owned = spread.to_vec::<i64>()?;
                &owned
            }
        };
        let n = len as i64;
        for (slot, &i) in table.iter_mut().zip(values) {
            let j = if i < 0 { i.wrapping_add(n) } else { i };
            if !(0..n).contains(&j) {
                return Err(Error::IndexOutOfBounds {
                    index: i as isize,
                    axis: v.axis,
                    len,
                });
            }
            // In bounds on an axis of a valid layout: the product and the running sum stay
            // within the layout's extent, far from overflow.
            *slot += j as isize * stride;
        }
    }

    let mut positions: Vec<usize> = advs.iter().map(|v| v.pos).collect();
    positions.dedup();
    let adjacent = positions.windows(2).all(|w| w[1] == w[0] + 1);
    let first = advs.iter().map(|v| v.view_axis).min().unwrap_or(0);
    let is_adv = |ax: usize| advs.iter().any(|v| v.view_axis == ax);
    let mut dims: SmallVec<[Dim; 8]> = SmallVec::new();
    let mut shape = Vec::new();
    let splice = |dims: &mut SmallVec<[Dim; 8]>, shape: &mut Vec<usize>| {
        dims.push(Dim::Table);
        shape.extend_from_slice(&block);
    };
    if !adjacent {
        splice(&mut dims, &mut shape);
    }
    for ax in 0..view.ndim() {
        if adjacent && ax == first {
            splice(&mut dims, &mut shape);
        }
        if !is_adv(ax) {
            dims.push(Dim::Strided {
                len: view.shape[ax],
                stride: view.strides[ax],
            });
            shape.push(view.shape[ax]);
        }
    }
    Ok(Plan {
        base: view.offset as isize - layout.offset as isize,
        dims,
        table,
        shape,
    })
}

impl Plan {
    /// Calls `f(offset, last)` once per row of the result's last axis: the byte offset of the
    /// row's base and that axis (a 0-d result is one row of one element).
    fn walk_rows(&self, mut f: impl FnMut(isize, Dim)) {
        fn rec(
            dims: &[Dim],
            last: Dim,
            table: &[isize],
            off: isize,
            f: &mut impl FnMut(isize, Dim),
        ) {
            match dims {
                [] => f(off, last),
                [Dim::Table, rest @ ..] => {
                    for &t in table {
                        rec(rest, last, table, off + t, f);
                    }
                }
                [Dim::Strided { len, stride }, rest @ ..] => {
                    for i in 0..*len {
                        rec(rest, last, table, off + i as isize * stride, f);
                    }
                }
            }
        }
        if self.shape.contains(&0) {
            return;
        }
        match self.dims.split_last() {
            None => f(self.base, Dim::Strided { len: 1, stride: 0 }),
            Some((&last, outer)) => rec(outer, last, &self.table, self.base, &mut f),
        }
    }

    /// Calls `f` with the byte offset (from the indexed array's element 0) of every selected
    /// element, in C order of the result.
    fn walk(&self, mut f: impl FnMut(isize)) {
        fn rec(dims: &[Dim], table: &[isize], off: isize, f: &mut impl FnMut(isize)) {
            match dims {
                [] => f(off),
                [Dim::Table] => table.iter().for_each(|&t| f(off + t)),
                [Dim::Strided { len, stride }] => {
                    (0..*len).for_each(|i| f(off + i as isize * stride));
                }
                [Dim::Table, rest @ ..] => {
                    for &t in table {
                        rec(rest, table, off + t, f);
                    }
                }
                [Dim::Strided { len, stride }, rest @ ..] => {
                    for i in 0..*len {
                        rec(rest, table, off + i as isize * stride, f);
                    }
                }
            }
        }
        if !self.shape.contains(&0) {
            rec(&self.dims, &self.table, self.base, &mut f);
        }
    }
}

/// Copies the selected elements of `a` into a fresh C-contiguous array.
fn gather(a: &Array, plan: &Plan) -> Result<Array> {
    let count: usize = plan.shape.iter().product();
    let src = a.base_ptr();
    /// Writes the selection into `dst` in C order (`dst` has exactly its length).
    ///
    /// # Safety
    /// Every offset of the walk is an element of `src`'s layout (invariant 1), of type `T`.
    unsafe fn copy<T: Copy>(plan: &Plan, src: *const u8, dst: &mut [MaybeUninit<T>]) {
        let mut k = 0;
        // Row by row, so the innermost loop writes a slice and keeps its counter in a
        // register (a per-element closure kept it in memory: 1.45x the plain loop's time).
        plan.walk_rows(|off, last| {
            let n = match last {
                Dim::Strided { len, .. } => len,
                Dim::Table => plan.table.len(),
            };
            let row = &mut dst[k..k + n];
            k += n;
            let at = |o: isize| {
                // SAFETY: the function's contract: an element of `src`'s layout.
                unsafe { src.offset(off + o).cast::<T>().read() }
            };
            match last {
                Dim::Table => row.iter_mut().zip(&plan.table).for_each(|(r, &t)| {
                    r.write(at(t));
                }),
                Dim::Strided { stride, .. } => {
                    for (i, r) in row.iter_mut().enumerate() {
                        r.write(at(i as isize * stride));
                    }
                }
            }
        });
    }
    // One thread: splitting a random gather across the pool was measured slower on these
    // machines (39-55 ms against 32 ms for 1M indices into 10M f64, `benches/indexing.rs`).
    // The result is a `Vec` written in place: a fresh zeroed buffer is a new mapping whose
    // pages fault and clear on first touch, which the gather would pay on top of its reads.
    crate::dispatch!(a.dtype(), T => {
        let mut out: Vec<T> = Vec::new();
        out.try_reserve_exact(count).map_err(|_| Error::ShapeOverflow {
            shape: plan.shape.clone(),
            itemsize: a.itemsize(),
        })?;
        // SAFETY: `plan` was resolved against `a`'s layout, so every read is an element of
        // `a`, of dtype `T`.
        unsafe { copy::<T>(plan, src, &mut out.spare_capacity_mut()[..count]) };
        // SAFETY: the walk visits `count` positions (the product of `plan.shape`) and wrote
        // each of the first `count` slots once.
        unsafe { out.set_len(count) };
        Array::from_shape_vec(&plan.shape, out, Order::C)
    })
}

/// `values` cast to `dtype`, broadcast to `shape` (after dropping extra leading length-1
/// axes, as NumPy's assignment does) and laid out in C order.
fn values_for(values: &Array, dtype: DType, shape: &[usize]) -> Result<Array> {
    let spread = values
        .without_extra_leading_ones(shape.len())
        .broadcast_to(shape)
        .map_err(|_| {
            index_err(format!(
                "shape mismatch: value array of shape {} could not be broadcast to indexing result \
             of shape {}",
                shape_tuple(values.shape()),
                shape_tuple(shape)
            ))
        })?;
    // Already right (a contiguous array of the target's dtype): no copy.
    let cast = if spread.dtype() == dtype {
        spread
    } else {
        spread.astype_casting(dtype, Casting::Unsafe)?
    };
    if cast.is_c_contiguous() {
        Ok(cast)
    } else {
        cast.try_copy_order(Order::C)
    }
}

/// The index as a basic one, when it has no index arrays.
fn basic_only(index: &[IndexElem]) -> Option<Vec<SliceElem>> {
    index
        .iter()
        .map(|e| match e {
            IndexElem::Basic(s) => Some(*s),
            IndexElem::Array(_) => None,
        })
        .collect()
}

/// The plan for writing through `index` into an array of `layout`. A basic index gets a plan
/// too: its view's axes, each element once.
fn write_plan(layout: &Layout, index: &[IndexElem]) -> Result<Plan> {
    Ok(match resolve(layout, index)? {
        Resolved::Plan(plan) => plan,
        Resolved::View(view) => Plan {
            base: view.offset as isize - layout.offset as isize,
            dims: view
                .shape
                .iter()
                .zip(&view.strides)
                .map(|(&len, &stride)| Dim::Strided { len, stride })
                .collect(),
            table: Vec::new(),
            shape: view.shape.to_vec(),
        },
    })
}

/// `target[index] = values` for the writable target whose element 0 is `ptr`.
///
/// # Safety
/// `ptr` and `layout` describe a writable array of `dtype` that nothing else reads or writes
/// during the call (uniquely owned or exclusively borrowed), with non-aliasing elements, and
/// `values` does not share its buffer.
unsafe fn write_values(
    ptr: *mut u8,
    layout: &Layout,
    dtype: DType,
    index: &[IndexElem],
    values: &Array,
) -> Result<()> {
    let plan = write_plan(layout, index)?;
    let values = values_for(values, dtype, &plan.shape)?;
    crate::dispatch!(dtype, T => {
        let v = values.as_slice::<T>()?;
        // SAFETY: the function's contract; `plan` was resolved against `layout` and `v` has
        // the plan's shape and the target's dtype.
        unsafe { scatter::<T>(&plan, ptr, v) }
    });
    Ok(())
}

/// `target[index] = value` for the writable target whose element 0 is `ptr`.
///
/// # Safety
/// As [`write_values`].
unsafe fn write_scalar(
    ptr: *mut u8,
    layout: &Layout,
    dtype: DType,
    index: &[IndexElem],
    value: Scalar,
) -> Result<()> {
    if let [IndexElem::Array(mask)] = index
        && mask.dtype() == DType::Bool
        && mask.ndim() > 0
        && mask.shape() == &layout.shape[..]
    {
        // SAFETY: forwarded contract; the mask has the target's shape.
        unsafe { fill_where(ptr, layout, dtype, mask, value) };
        return Ok(());
    }
    let plan = write_plan(layout, index)?;
    crate::dispatch!(dtype, T => {
        let v: T = value.to::<T>();
        plan.walk(|off| {
            // SAFETY: the function's contract: an element of the writable target
            // (invariant 1 of the plan).
            unsafe { ptr.offset(off).cast::<T>().write(v) }
        });
    });
    Ok(())
}

/// `target[mask] = value` for a mask of the target's own shape: one parallel pass over both,
/// with no index arrays.
///
/// # Safety
/// As [`write_values`], with `mask.shape() == layout.shape`.
unsafe fn fill_where(ptr: *mut u8, layout: &Layout, dtype: DType, mask: &Array, value: Scalar) {
    let ops = [
        Operand {
            ptr,
            strides: &layout.strides,
        },
        Operand {
            ptr: mask.base_ptr().cast_mut(),
            strides: mask.strides(),
        },
    ];
    crate::dispatch!(dtype, T => {
        let v: T = value.to::<T>();
        // SAFETY: both operands have the target's shape and valid layouts; the target is
        // writable by the contract, its elements do not alias, and `mask` (only read, bytes
        // 0 or 1 by invariant 3 of `Array`) does not share its buffer.
        unsafe {
            par_for_each_run(&layout.shape, ops, |[d, k], len, [sd, sk]| {
                for i in 0..len as isize {
                    if k.offset(i * sk).read() != 0 {
                        d.offset(i * sd).cast::<T>().write(v);
                    }
                }
            });
        }
    });
}

/// Writes `values` (C order, the plan's shape and `T`) through `plan` into `dst`.
///
/// # Safety
/// `plan` was resolved against the layout of the array whose writable, uniquely owned element
/// 0 is `dst`; `values` holds `plan.size()` elements of type `T`, the array's dtype.
unsafe fn scatter<T: Element>(plan: &Plan, dst: *mut u8, values: &[T]) {
    let mut k = 0;
    plan.walk(|off| {
        // SAFETY: the function's contract: an element of the array, and `k < values.len()`.
        unsafe { dst.offset(off).cast::<T>().write(values[k]) };
        k += 1;
    });
}

impl Array {
    /// NumPy's `a[index]` for any index: integers, slices ([`s!`](crate::s!) ranges with
    /// steps), [`NewAxis`](crate::NewAxis), [`Ellipsis`](crate::Ellipsis), integer index arrays
    /// and bool masks, in any combination; build it with [`idx!`](crate::idx!).
    ///
    /// Without index arrays the result is a view, as from [`Array::slice`]; with them it is a
    /// fresh C-contiguous array. Index arrays broadcast together; their block of axes replaces
    /// them where they stand when they are adjacent in the index, and comes first otherwise
    /// (NumPy's rule). Negative indices count from the end.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] naming the index, axis and length; [`Error::Index`] for
    /// too many indices, two ellipses, float index arrays, index arrays that do not broadcast
    /// together or a mask whose shape differs from the axes it covers (NumPy's messages).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4])?;
    /// assert_eq!(a.index(idx![.., [0, 2], [1, 3]])?.shape(), &[2, 2]);   // adjacent
    /// assert_eq!(a.index(idx![0, .., [0, 1]])?.shape(), &[2, 3]);        // separated: first
    /// let big = a.greater(20.0)?;
    /// assert_eq!(a.index(idx![&big])?.to_vec::<f64>()?, vec![21.0, 22.0, 23.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn index<I>(&self, index: I) -> Result<Array>
    where
        I: IntoIterator,
        I::Item: Into<IndexElem>,
    {
        let index: Vec<IndexElem> = index.into_iter().map(Into::into).collect();
        if let [IndexElem::Array(mask)] = index.as_slice()
            && mask.dtype() == DType::Bool
            && mask.ndim() > 0
        {
            return self.mask_select(mask);
        }
        match resolve(self.layout(), &index)? {
            Resolved::View(layout) => Ok(self.with_layout(layout)),
            Resolved::Plan(plan) => gather(self, &plan),
        }
    }

    /// NumPy's `a[index] = values`: `values` is cast to `a`'s dtype (unsafely, as NumPy's
    /// assignment does: floats truncate into integers) and broadcast to the shape of
    /// `a[index]`. With repeated indices the last write wins. The buffer is copied first if
    /// it is shared (copy-on-write).
    ///
    /// # Errors
    /// As [`Array::index`]; [`Error::Index`] when `values` does not broadcast to the indexed
    /// shape; [`Error::ReadOnly`] for a read-only array.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut target = Array::zeros(&[10], DType::F64);
    /// target.index_assign(idx![[2, 5, 8]], &array![1, 2, 3])?;
    /// assert_eq!(target.to_vec::<f64>()?, vec![0., 0., 1., 0., 0., 2., 0., 0., 3., 0.]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn index_assign<I>(&mut self, index: I, values: &Array) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<IndexElem>,
    {
        let index: Vec<IndexElem> = index.into_iter().map(Into::into).collect();
        if let Some(basic) = basic_only(&index) {
            return self.slice_mut(&basic)?.assign(values);
        }
        let ptr = self.make_mut_ptr()?;
        // SAFETY: `ptr` is element 0 of this array, made unique and writable just above (so
        // `values` cannot share the buffer), and `self.layout()` is its current layout (the
        // copy-on-write may have changed it).
        unsafe { write_values(ptr, self.layout(), self.dtype(), &index, values) }
    }

    /// NumPy's `a[index] = value` for a scalar: `a[mask] = 0`, `one_hot[rows, labels] = 1`.
    ///
    /// # Errors
    /// As [`Array::index_assign`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = array![[1.0, -2.0], [-3.0, 4.0]];
    /// let negative = a.less(0.0)?;
    /// a.index_fill(idx![&negative], 0.0)?;
    /// assert_eq!(a.to_vec::<f64>()?, vec![1.0, 0.0, 0.0, 4.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn index_fill<I>(&mut self, index: I, value: impl Into<Scalar>) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<IndexElem>,
    {
        let index: Vec<IndexElem> = index.into_iter().map(Into::into).collect();
        let value = value.into();
        if let Some(basic) = basic_only(&index) {
            return self.slice_mut(&basic)?.fill(value);
        }
        let ptr = self.make_mut_ptr()?;
        // SAFETY: as in `index_assign`.
        unsafe { write_scalar(ptr, self.layout(), self.dtype(), &index, value) }
    }
}

impl ArrayViewMut<'_> {
    /// [`Array::index_assign`] through a borrowed view: writes land in the parent, as
    /// NumPy's `a[1:][mask] = values` does.
    ///
    /// # Errors
    /// As [`Array::index_assign`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = Array::zeros(&[3, 4], DType::I64);
    /// a.slice_mut(s![1..])?.index_assign(idx![.., [0, 3]], &array![7, 8])?;
    /// assert_eq!(a.to_vec::<i64>()?, vec![0, 0, 0, 0, 7, 0, 0, 8, 7, 0, 0, 8]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn index_assign<I>(&mut self, index: I, values: &Array) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<IndexElem>,
    {
        let index: Vec<IndexElem> = index.into_iter().map(Into::into).collect();
        let (ptr, layout, dtype) = self.raw_target();
        // SAFETY: the view borrows its parent's uniquely owned buffer exclusively (so `values`
        // cannot share it), its layout is writable and non-aliasing, and `ptr` is its
        // element 0.
        unsafe { write_values(ptr, &layout, dtype, &index, values) }
    }

    /// [`Array::index_fill`] through a borrowed view.
    ///
    /// # Errors
    /// As [`Array::index_fill`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = array![1.0, -2.0, 3.0, -4.0];
    /// let tail_negative = a.slice(s![2..])?.less(0.0)?;
    /// a.slice_mut(s![2..])?.index_fill(idx![&tail_negative], 0.0)?;
    /// assert_eq!(a.to_vec::<f64>()?, vec![1.0, -2.0, 3.0, 0.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn index_fill<I>(&mut self, index: I, value: impl Into<Scalar>) -> Result<()>
    where
        I: IntoIterator,
        I::Item: Into<IndexElem>,
    {
        let index: Vec<IndexElem> = index.into_iter().map(Into::into).collect();
        let (ptr, layout, dtype) = self.raw_target();
        // SAFETY: as in `index_assign`.
        unsafe { write_scalar(ptr, &layout, dtype, &index, value.into()) }
    }
}

/// NumPy's unbuffered `np.<op>.at(target, index, values)`: `target[index] = op(target[index],
/// values)` element by element, so repeated indices accumulate (`add_at` of `[1, 1]` adds
/// twice), unlike `target[index] += values`. `op` is one of add, subtract, multiply, maximum
/// and minimum; `values` (an array or a Rust scalar) broadcasts to the shape of
/// `target[index]`. The operation runs in `target`'s dtype, which the op's result must cast
/// to under `same_kind` (NumPy's rule: `add.at` of floats into an int array is refused).
///
/// # Errors
/// As [`Array::index_assign`]; [`Error::Value`] for another op or one with no loop for the
/// dtypes (bool subtract); [`Error::Cast`] when the result cannot be cast back.
///
/// ```
/// use numfuse::ir::BinaryOp;
/// use numfuse::prelude::*;
/// let mut counts = Array::zeros(&[4], DType::I64);
/// numfuse::index::ufunc_at(BinaryOp::Add, &mut counts, idx![[0, 2, 2, 2]], 1)?;
/// assert_eq!(counts.to_vec::<i64>()?, vec![1, 0, 3, 0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn ufunc_at<'a, I>(
    op: BinaryOp,
    target: &mut Array,
    index: I,
    values: impl Into<Input<'a>>,
) -> Result<()>
where
    I: IntoIterator,
    I::Item: Into<IndexElem>,
{
    use BinaryOp::{Add, Maximum, Minimum, Multiply, Subtract};
    if !matches!(op, Add | Subtract | Multiply | Maximum | Minimum) {
        return Err(Error::Value {
            op: "ufunc_at",
            msg: format!(
                "{} is not supported; use add, subtract, multiply, maximum or minimum",
                op.name()
            ),
        });
    }
    let values = values.into();
    let dtype = target.dtype();
    let lp = op
        .resolve(dtype.into(), values.operand())
        .map_err(crate::ops::ufunc::no_loop)?;
    if !can_cast(lp.output, dtype, Casting::SameKind) {
        return Err(Error::Cast {
            from: lp.output,
            to: dtype,
            casting: "same_kind",
        });
    }
    let values = values.convert_to(op.name(), dtype)?;
    let index: Vec<IndexElem> = index.into_iter().map(Into::into).collect();
    let ptr = target.make_mut_ptr()?;
    // The copy-on-write above may have changed the layout: plan against the current one.
    let plan = write_plan(target.layout(), &index)?;
    let values = values_for(&values, dtype, &plan.shape)?;
    crate::dispatch!(dtype, T => {
        let v = values.as_slice::<T>()?;
        // SAFETY: as in `index_assign`: `ptr` is element 0 of the unique, writable target and
        // the plan was resolved against its current layout; `v` has the plan's size.
        unsafe { apply_at::<T>(op, &plan, ptr, v) }
    });
    Ok(())
}

/// `dst[off] = op(dst[off], values[k])` along the walk.
///
/// # Safety
/// As [`scatter`].
unsafe fn apply_at<T: Num>(op: BinaryOp, plan: &Plan, dst: *mut u8, values: &[T]) {
    let f: fn(T, T) -> T = match op {
        BinaryOp::Add => T::add,
        BinaryOp::Subtract => T::sub,
        BinaryOp::Multiply => T::mul,
        BinaryOp::Maximum => T::maximum,
        _ => T::minimum,
    };
    let mut k = 0;
    plan.walk(|off| {
        // SAFETY: the function's contract: an element of the target, `k < values.len()`.
        unsafe {
            let p = dst.offset(off).cast::<T>();
            p.write(f(p.read(), values[k]));
        }
        k += 1;
    });
}

/// NumPy's `np.ix_`: one index array per input, shaped to select the cross product
/// (`a.index(ix_(&[&rows, &cols])?)` is the submatrix at those rows and columns). Bool arrays
/// stand for the positions where they are true.
///
/// # Errors
/// [`Error::Value`] for an input that is not 1-D; [`Error::Index`] for a float array.
///
/// ```
/// use numfuse::index::ix_;
/// use numfuse::prelude::*;
/// let a = Array::arange(100.0, DType::I64).reshape(&[10, 10])?;
/// let sub = a.index(ix_(&[&array![0, 3, 7], &array![1, 4, 8]])?)?;
/// assert_eq!(sub.shape(), &[3, 3]);
/// assert_eq!(sub.get(&[1, 2])?, Scalar::I64(38));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn ix_(arrays: &[&Array]) -> Result<Vec<Array>> {
    let n = arrays.len();
    arrays
        .iter()
        .enumerate()
        .map(|(k, a)| {
            if a.ndim() != 1 {
                return Err(Error::Value {
                    op: "ix_",
                    msg: "Cross index must be 1 dimensional".into(),
                });
            }
            let positions = match a.dtype() {
                DType::Bool => a.nonzero()?.remove(0),
                t if t.is_integer() => (*a).clone(),
                _ if a.is_empty() => Array::zeros(&[0], DType::I64),
                _ => {
                    return Err(index_err(
                        "arrays used as indices must be of integer (or boolean) type",
                    ));
                }
            };
            let mut shape = vec![1isize; n];
            shape[k] = positions.len() as isize;
            positions.reshape(&shape)
        })
        .collect()
}

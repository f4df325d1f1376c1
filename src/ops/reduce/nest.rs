//! The loop nest of a reduction, in NumPy's iteration order, and the executor that runs a
//! [`Reducer`] over it on the calling thread or on the rayon pool.
//!
//! Reductions plan their own loops instead of going through `array::traverse`, for three reasons
//! that all come from matching NumPy's results bit for bit:
//!
//! - **Order.** A float sum or product depends on the order of its terms. NumPy's iterator orders
//!   axes by the *input's* strides with a stable insertion sort in which zero strides are
//!   ambiguous ([`iteration_order`]); the traversal core orders by its first operand, which for a
//!   reduction would be the output, whose strides are zero on every reduced axis.
//! - **Buffering.** When the reduced axes of one output element do not coalesce into one run, or
//!   when the input is cast (the `float64` sum behind `mean` of integers), NumPy copies the
//!   elements through an 8192-element buffer and sums each buffer pairwise. [`units`] reproduces
//!   exactly which elements share a buffer.
//! - **Parallelism without changing results.** Work is split over the kept axes (every output
//!   element is then finished by one task, in the nest's order), or, for a full reduction, into
//!   the same units NumPy would sum one after another, combined in that order. The result never
//!   depends on the number of threads.
//!
//! Invariants of a [`Nest`]:
//! 1. `dims` lists the non-unit axes innermost first (never empty: a 0-d or all-unit array has
//!    one dimension of length 1), each with its element stride in the input and in the output
//!    (0 on reduced axes). Adjacent axes are merged only when contiguous for both.
//! 2. Every axis is walked from logical index 0 upward whatever the sign of its stride (NumPy's
//!    reductions do not flip negative strides), so a reduction along one axis visits elements in
//!    logical order.
//! 3. Output offsets stay inside the compact output array the nest was built for.

use super::pairwise::split_point;
use crate::array::Element;
use crate::array::traverse::PAR_MIN_ELEMS;
use rayon::prelude::*;
use smallvec::{SmallVec, smallvec};

pub(super) use super::run::{Run, RunMut, Strided};

/// NumPy's buffer size in elements (`np.getbufsize()`), which decides how cast or
/// non-contiguous reductions are grouped.
pub(super) const BUFSIZE: usize = 8192;

/// Pairwise trees are split across threads down to runs of this many elements.
const PAIRWISE_PAR_MIN: usize = 2 * PAR_MIN_ELEMS;

/// How a reducer's partial results may be regrouped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Grouping {
    /// Any grouping gives the same result (integer arithmetic, min/max, any/all).
    Any,
    /// NumPy's pairwise sum: runs and buffers are summed pairwise, then added in order.
    Pairwise,
    /// Only a left fold in iteration order reproduces NumPy (float products, `subtract.reduce`).
    Sequential,
}

/// One reduction: how input elements become accumulators and how those combine.
///
/// The executor computes, for each output element, `combine(... combine(out, part1) ..., partN)`
/// where the parts follow [`Grouping`], starting from the value the output was filled with.
pub(super) trait Reducer: Sync {
    /// Element type read.
    type In: Element;
    /// Output (accumulator) type.
    type Acc: Element;
    /// How partial results may be regrouped.
    fn grouping(&self) -> Grouping;
    /// The value every output element starts from.
    fn identity(&self) -> Self::Acc;
    /// Converts an input element.
    fn lift(&self, x: Self::In) -> Self::Acc;
    /// `acc ⊕ x`.
    fn combine(&self, acc: Self::Acc, x: Self::Acc) -> Self::Acc;
    /// True when NumPy casts the input through its buffer (pairwise sums only: the buffer
    /// decides which elements are summed together).
    fn buffered(&self) -> bool {
        false
    }
    /// The reduction of one run from the identity (for [`Grouping::Pairwise`], NumPy's pairwise
    /// sum of the run).
    fn partial(&self, run: Run<'_, Self::In>) -> Self::Acc {
        self.fold(self.identity(), run)
    }
    /// [`Grouping::Pairwise`] only: the pairwise sum of a buffer of converted elements.
    fn partial_buffer(&self, buf: &[Self::Acc]) -> Self::Acc {
        buf.iter()
            .fold(self.identity(), |acc, &x| self.combine(acc, x))
    }
    /// `acc` combined with each element of the run in order.
    fn fold(&self, acc: Self::Acc, run: Run<'_, Self::In>) -> Self::Acc {
        (0..run.len()).fold(acc, |acc, i| self.combine(acc, self.lift(run.get(i))))
    }
    /// `out[i] = out[i] ⊕ x[i]`: a reduced axis outside a kept one (NumPy's `out[j] += a[i, j]`).
    fn accumulate(&self, out: RunMut<'_, Self::Acc>, x: Run<'_, Self::In>) {
        out.update(x, |o, x| self.combine(o, self.lift(x)));
    }
    /// [`Reducer::accumulate`] of four rows in turn, in one pass when all are contiguous:
    /// `out[i] = (((out[i] ⊕ x0[i]) ⊕ x1[i]) ⊕ x2[i]) ⊕ x3[i]`, the same order per element.
    fn accumulate4(&self, out: RunMut<'_, Self::Acc>, xs: [Run<'_, Self::In>; 4]) {
        match (out, xs) {
            (
                RunMut::Contiguous(o),
                [
                    Run::Contiguous(a),
                    Run::Contiguous(b),
                    Run::Contiguous(c),
                    Run::Contiguous(d),
                ],
            ) => {
                for ((((o, &a), &b), &c), &d) in o.iter_mut().zip(a).zip(b).zip(c).zip(d) {
                    let v = self.combine(*o, self.lift(a));
                    let v = self.combine(v, self.lift(b));
                    let v = self.combine(v, self.lift(c));
                    *o = self.combine(v, self.lift(d));
                }
            }
            (out, xs) => {
                // Re-borrow the output run for each row.
                let (ptr, len, stride) = out.raw();
                for x in xs {
                    // SAFETY: the same elements `out` owned, used one row at a time.
                    self.accumulate(unsafe { RunMut::new(ptr, len, stride) }, x);
                }
            }
        }
    }
}

/// One merged loop of the nest.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Dim {
    /// Number of iterations.
    pub len: usize,
    /// Element stride of the input.
    pub inp: isize,
    /// Element stride of the output (0 on reduced axes).
    pub out: isize,
}

/// The loop nest of a reduction (see the module invariants).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Nest {
    /// Innermost first.
    pub dims: SmallVec<[Dim; 6]>,
}

/// The non-unit axes of an array, innermost first, in the order NumPy's iterator walks them
/// (`npyiter_find_best_axis_ordering` with the input as the only operand that has strides):
/// starting from C order, a stable insertion sort moves an axis inward past axes with a larger
/// `|stride|`; a zero stride compares with nothing.
pub(super) fn iteration_order(shape: &[usize], strides: &[isize]) -> SmallVec<[usize; 6]> {
    let mut perm: SmallVec<[usize; 6]> = (0..shape.len()).rev().filter(|&a| shape[a] > 1).collect();
    for i0 in 1..perm.len() {
        let s0 = strides[perm[i0]];
        let mut ipos = i0;
        for i1 in (0..i0).rev() {
            let s1 = strides[perm[i1]];
            if s0 != 0 && s1 != 0 {
                if s1.unsigned_abs() <= s0.unsigned_abs() {
                    break;
                }
                ipos = i1;
            }
        }
        perm[ipos..=i0].rotate_right(1);
    }
    perm
}

/// Element strides of a dense output holding the kept axes, laid out in the input's iteration
/// order (`order`, innermost first), so the result keeps the input's memory order as NumPy's
/// does. Reduced and unit axes get stride 0. Returns the strides and the output size.
pub(super) fn compact_strides(
    shape: &[usize],
    mask: &[bool],
    order: &[usize],
) -> (SmallVec<[isize; 6]>, usize) {
    let mut strides: SmallVec<[isize; 6]> = smallvec![0; shape.len()];
    let mut acc = 1usize;
    for &ax in order {
        if !mask[ax] {
            strides[ax] = acc as isize;
            acc *= shape[ax];
        }
    }
    let size = shape
        .iter()
        .zip(mask)
        .filter(|&(_, &m)| !m)
        .map(|(&n, _)| n)
        .product();
    (strides, size)
}

impl Nest {
    /// The nest over `shape` with these element strides, walking axes in `order` (innermost
    /// first, non-unit axes only, as [`iteration_order`] returns).
    pub fn new(shape: &[usize], inp: &[isize], out: &[isize], order: &[usize]) -> Nest {
        let mut dims: SmallVec<[Dim; 6]> = SmallVec::new();
        for &ax in order {
            let d = Dim {
                len: shape[ax],
                inp: inp[ax],
                out: out[ax],
            };
            if let Some(last) = dims.last_mut() {
                let n = last.len as isize;
                if last.inp.checked_mul(n) == Some(d.inp) && last.out.checked_mul(n) == Some(d.out)
                {
                    last.len *= d.len;
                    continue;
                }
            }
            dims.push(d);
        }
        if dims.is_empty() {
            dims.push(Dim {
                len: 1,
                inp: 0,
                out: 0,
            });
        }
        Nest { dims }
    }

    /// Total number of input elements visited.
    pub fn size(&self) -> usize {
        self.dims.iter().map(|d| d.len).product()
    }
}

/// Number of innermost dimensions that are reduced (the "core" one output element sums).
fn core_len(dims: &[Dim]) -> usize {
    dims.iter().take_while(|d| d.out == 0).count()
}

/// Calls `f(in_offset, out_offset)` for every index of `dims` (innermost first), the innermost
/// varying fastest. An empty list is one empty index.
pub(super) fn for_each_offset(dims: &[Dim], mut f: impl FnMut(isize, isize)) {
    let mut idx: SmallVec<[usize; 6]> = smallvec![0; dims.len()];
    let (mut i, mut o) = (0isize, 0isize);
    loop {
        f(i, o);
        let mut d = 0;
        loop {
            let Some(dim) = dims.get(d) else {
                return;
            };
            idx[d] += 1;
            if idx[d] < dim.len {
                i += dim.inp;
                o += dim.out;
                break;
            }
            i -= dim.inp * (dim.len as isize - 1);
            o -= dim.out * (dim.len as isize - 1);
            idx[d] = 0;
            d += 1;
        }
    }
}

/// A raw pointer that may cross to rayon workers; each use states why that is sound.
#[derive(Clone, Copy)]
struct SendPtr<T>(*mut T);

impl<T> SendPtr<T> {
    /// The pointer (a method, so closures capture the whole `Send` wrapper).
    fn get(self) -> *mut T {
        self.0
    }
}
// SAFETY: the executor hands each worker disjoint output elements and read-only input, as the
// `execute` contract requires; the pointer itself is only an address.
unsafe impl<T> Send for SendPtr<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for SendPtr<T> {}

/// Runs `r` over the nest: every output element `o` becomes `o ⊕ parts of its input elements`.
///
/// # Safety
/// `input` must point at input element `[0, ..., 0]` such that every offset the nest reaches is
/// valid for reads of `R::In` and not written during the call (Array invariant 1); `out` must
/// point at element 0 of a buffer of `R::Acc` that this call owns exclusively and that every
/// output offset of the nest stays inside (Nest invariant 3).
pub(super) unsafe fn execute<R: Reducer>(
    r: &R,
    nest: &Nest,
    input: *const R::In,
    out: *mut R::Acc,
) {
    let dims = &nest.dims[..];
    let total = nest.size();
    if total < 2 * PAR_MIN_ELEMS || rayon::current_num_threads() == 1 {
        // SAFETY: forwarded contract.
        return unsafe { serial(r, dims, input, out) };
    }
    let (input, out) = (SendPtr(input.cast_mut()), SendPtr(out));
    if let Some(s) = (0..dims.len()).rev().find(|&d| dims[d].out != 0) {
        // Split the outermost kept axis: each piece owns its output elements.
        let len = dims[s].len;
        let step = if s == 0 {
            // Columns of an outer-axis reduction. Wide blocks, one per thread: several blocks per thread reading the same rows
            // measured 30% slower on a (4000, 4000) column sum.
            len.div_ceil(rayon::current_num_threads()).max(256)
        } else {
            PAR_MIN_ELEMS.div_ceil(total / len).max(1)
        };
        (0..len.div_ceil(step)).into_par_iter().for_each(|piece| {
            let start = piece * step;
            let mut sub: SmallVec<[Dim; 6]> = dims.into();
            sub[s].len = step.min(len - start);
            let (i, o) = (start as isize * dims[s].inp, start as isize * dims[s].out);
            // SAFETY: the piece is a sub-block of the nest's index space; pieces write disjoint
            // output elements because they differ in a kept index.
            unsafe {
                serial(
                    r,
                    &sub,
                    input.get().wrapping_offset(i),
                    out.get().wrapping_offset(o),
                )
            }
        });
        return;
    }
    // A full reduction: one output element.
    let parts: Vec<R::Acc> = match r.grouping() {
        // SAFETY: forwarded contract.
        Grouping::Sequential => return unsafe { serial(r, dims, input.get(), out.get()) },
        Grouping::Any => {
            let (len, s) = (dims[dims.len() - 1].len, dims.len() - 1);
            let step = PAR_MIN_ELEMS.div_ceil(total / len).max(1);
            (0..len.div_ceil(step))
                .into_par_iter()
                .map(|piece| {
                    let start = piece * step;
                    let mut sub: SmallVec<[Dim; 6]> = dims.into();
                    sub[s].len = step.min(len - start);
                    let i = input.get().wrapping_offset(start as isize * dims[s].inp);
                    // SAFETY: a sub-block of the index space; reads only.
                    unsafe { reduce_core(r, r.identity(), i, &sub) }
                })
                .collect()
        }
        Grouping::Pairwise => {
            let mut list = Vec::new();
            units(dims, r.buffered(), |u| list.push(u));
            if let [only] = list[..]
                && only.len == dims[0].len
                && dims.len() == 1
            {
                // SAFETY: the whole (single-run) index space.
                let run = unsafe { Run::new(input.get().cast_const(), dims[0].len, dims[0].inp) };
                vec![pairwise_par(r, run)]
            } else {
                list.par_iter()
                    .map_init(Vec::new, |buf, &u| {
                        // SAFETY: a unit lies inside the index space; reads only.
                        unsafe { unit_partial(r, input.get(), dims, u, buf) }
                    })
                    .collect()
            }
        }
    };
    // SAFETY: `out` is the single output element, owned by this call.
    unsafe {
        let acc = parts
            .into_iter()
            .fold(out.get().read(), |a, p| r.combine(a, p));
        out.get().write(acc);
    }
}

/// NumPy's pairwise tree over one long run, with the two halves of large nodes on two threads.
fn pairwise_par<R: Reducer>(r: &R, run: Run<'_, R::In>) -> R::Acc {
    let n = run.len();
    if n <= PAIRWISE_PAR_MIN {
        return r.partial(run);
    }
    let (a, b) = run.split_at(split_point(n));
    let (x, y) = rayon::join(|| pairwise_par(r, a), || pairwise_par(r, b));
    r.combine(x, y)
}

/// The nest on the calling thread.
///
/// # Safety
/// As [`execute`].
unsafe fn serial<R: Reducer>(r: &R, dims: &[Dim], input: *const R::In, out: *mut R::Acc) {
    let k = core_len(dims);
    if k == 0 {
        // A kept innermost axis: whole rows combine into the output row. When the next axis
        // is reduced, four of its rows go through in one pass (the same order per element,
        // a quarter of the output traffic; measured 1.4x on a (4000, 4000) column sum).
        let (d0, d1) = (dims[0], dims.get(1).copied());
        let grouped = d1.is_some_and(|d| d.out == 0);
        let rest = if grouped { &dims[2..] } else { &dims[1..] };
        for_each_offset(rest, |i, o| {
            // SAFETY: offsets of the nest (contract); a kept axis has distinct output offsets.
            unsafe {
                let row = |q: usize| {
                    let step = d1.map_or(0, |d| d.inp);
                    Run::new(input.offset(i + q as isize * step), d0.len, d0.inp)
                };
                let out_row = || RunMut::new(out.offset(o), d0.len, d0.out);
                let rows = if grouped { d1.map_or(1, |d| d.len) } else { 1 };
                let mut q = 0;
                while q + 4 <= rows {
                    r.accumulate4(out_row(), [row(q), row(q + 1), row(q + 2), row(q + 3)]);
                    q += 4;
                }
                for q in q..rows {
                    r.accumulate(out_row(), row(q));
                }
            }
        });
    } else {
        let (core, outer) = dims.split_at(k);
        for_each_offset(outer, |i, o| {
            // SAFETY: offsets of the nest (contract).
            unsafe {
                let p = out.offset(o);
                p.write(reduce_core(r, p.read(), input.offset(i), core));
            }
        });
    }
}

/// `acc ⊕` every element of one output element's core (`core` all reduced, innermost first).
///
/// # Safety
/// `base` must be the input element at core index 0, inside the nest of [`execute`].
unsafe fn reduce_core<R: Reducer>(
    r: &R,
    mut acc: R::Acc,
    base: *const R::In,
    core: &[Dim],
) -> R::Acc {
    let d0 = core[0];
    match r.grouping() {
        Grouping::Any | Grouping::Sequential => {
            let sequential = r.grouping() == Grouping::Sequential;
            for_each_offset(&core[1..], |i, _| {
                // SAFETY: a run of the core.
                let run = unsafe { Run::new(base.offset(i), d0.len, d0.inp) };
                acc = if sequential {
                    r.fold(acc, run)
                } else {
                    r.combine(acc, r.partial(run))
                };
            });
        }
        Grouping::Pairwise => {
            let mut buf = Vec::new();
            units(core, r.buffered(), |u| {
                // SAFETY: units lie inside the core.
                acc = r.combine(acc, unsafe { unit_partial(r, base, core, u, &mut buf) });
            });
        }
    }
    acc
}

/// A range of elements of a core, in iteration order, that NumPy sums pairwise as one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Unit {
    start: usize,
    len: usize,
}

/// The units of a core, in order, as NumPy's buffered iterator forms them:
/// - a core that is one run and needs no cast is one unit, however long (the iterator grows
///   its inner loop past the buffer);
/// - if the innermost run is longer than the buffer, each run is a unit (cut into
///   buffer-sized pieces when the input is cast);
/// - otherwise the buffer holds as many whole inner runs (then whole blocks of the next axes)
///   as fit, and each buffer-full is a unit.
fn units(core: &[Dim], buffered: bool, mut f: impl FnMut(Unit)) {
    let d0 = core[0].len;
    let total: usize = core.iter().map(|d| d.len).product();
    if core.len() == 1 && !buffered {
        return f(Unit { start: 0, len: d0 });
    }
    if d0 > BUFSIZE {
        let piece = if buffered { BUFSIZE } else { d0 };
        for run in 0..total / d0 {
            let mut s = 0;
            while s < d0 {
                f(Unit {
                    start: run * d0 + s,
                    len: piece.min(d0 - s),
                });
                s += piece;
            }
        }
        return;
    }
    let (mut p, mut j) = (1, 0);
    while j < core.len() && p * core[j].len <= BUFSIZE {
        p *= core[j].len;
        j += 1;
    }
    let chunk = if j == core.len() {
        p
    } else {
        p * (BUFSIZE / p)
    };
    let mut s = 0;
    while s < total {
        f(Unit {
            start: s,
            len: chunk.min(total - s),
        });
        s += chunk;
    }
}

/// The input offset of flat index `flat` of a core (innermost first).
fn flat_offset(core: &[Dim], mut flat: usize) -> isize {
    let mut off = 0;
    for d in core {
        off += (flat % d.len) as isize * d.inp;
        flat /= d.len;
    }
    off
}

/// The pairwise sum of one unit: directly when it lies in one run, else through a buffer.
///
/// # Safety
/// As [`reduce_core`]; the unit must lie inside the core.
unsafe fn unit_partial<R: Reducer>(
    r: &R,
    base: *const R::In,
    core: &[Dim],
    u: Unit,
    buf: &mut Vec<R::Acc>,
) -> R::Acc {
    let d0 = core[0];
    let (first_run, last_run) = (u.start / d0.len, (u.start + u.len - 1) / d0.len);
    if first_run == last_run {
        // SAFETY: elements start..start+len of one run of the core.
        let run = unsafe { Run::new(base.offset(flat_offset(core, u.start)), u.len, d0.inp) };
        return r.partial(run);
    }
    buf.clear();
    let (mut at, end) = (u.start, u.start + u.len);
    while at < end {
        let pos = at % d0.len;
        let take = (d0.len - pos).min(end - at);
        // SAFETY: elements pos..pos+take of one run of the core.
        let run = unsafe { Run::new(base.offset(flat_offset(core, at)), take, d0.inp) };
        buf.extend((0..take).map(|i| r.lift(run.get(i))));
        at += take;
    }
    r.partial_buffer(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_follows_strides() {
        // C order: innermost first is the last axis.
        assert_eq!(
            iteration_order(&[2, 3, 4], &[12, 4, 1]).as_slice(),
            &[2, 1, 0]
        );
        // Transposed: the first axis is innermost.
        assert_eq!(
            iteration_order(&[4, 3, 2], &[1, 4, 12]).as_slice(),
            &[0, 1, 2]
        );
        // Unit axes are dropped; zero strides keep their C position.
        assert_eq!(iteration_order(&[3, 1, 4], &[4, 0, 1]).as_slice(), &[2, 0]);
        assert_eq!(iteration_order(&[5, 3], &[0, 1]).as_slice(), &[1, 0]);
        // Negative strides sort by magnitude.
        assert_eq!(iteration_order(&[3, 4], &[-1, 3]).as_slice(), &[0, 1]);
    }

    #[test]
    fn nest_merges_contiguous_axes() {
        let (shape, inp) = ([2usize, 3, 4], [12isize, 4, 1]);
        let order = iteration_order(&shape, &inp);
        let (out, size) = compact_strides(&shape, &[true, true, true], &order);
        assert_eq!(size, 1);
        let n = Nest::new(&shape, &inp, &out, &order);
        assert_eq!(
            n.dims.as_slice(),
            &[Dim {
                len: 24,
                inp: 1,
                out: 0
            }]
        );
        // axes (0, 2): inner reduced run of 4, kept axis of 3, outer reduced axis of 2
        let (out, size) = compact_strides(&shape, &[true, false, true], &order);
        assert_eq!(size, 3);
        let n = Nest::new(&shape, &inp, &out, &order);
        assert_eq!(
            n.dims.as_slice(),
            &[
                Dim {
                    len: 4,
                    inp: 1,
                    out: 0
                },
                Dim {
                    len: 3,
                    inp: 4,
                    out: 1
                },
                Dim {
                    len: 2,
                    inp: 12,
                    out: 0
                }
            ]
        );
        assert_eq!(core_len(&n.dims), 1);
    }

    fn unit_list(core: &[Dim], buffered: bool) -> Vec<(usize, usize)> {
        let mut v = Vec::new();
        units(core, buffered, |u| v.push((u.start, u.len)));
        v
    }

    fn dims(lens: &[usize]) -> Vec<Dim> {
        lens.iter()
            .map(|&len| Dim {
                len,
                inp: 1,
                out: 0,
            })
            .collect()
    }

    #[test]
    fn units_follow_numpy_buffering() {
        // One run, no cast: one unit however long.
        assert_eq!(unit_list(&dims(&[100_000]), false), [(0, 100_000)]);
        // Cast: buffer-sized pieces.
        assert_eq!(
            unit_list(&dims(&[20_000]), true),
            [(0, 8192), (8192, 8192), (16384, 3616)]
        );
        // Two axes of 400 x 50: 20 rows per buffer.
        assert_eq!(
            unit_list(&dims(&[400, 50]), false),
            [(0, 8000), (8000, 8000), (16000, 4000)]
        );
        // Everything fits: one buffer.
        assert_eq!(unit_list(&dims(&[40, 4, 6]), false), [(0, 960)]);
        // Inner runs longer than the buffer: each run alone (no cast) or cut (cast).
        assert_eq!(
            unit_list(&dims(&[9000, 2]), false),
            [(0, 9000), (9000, 9000)]
        );
        assert_eq!(
            unit_list(&dims(&[9000, 2]), true),
            [(0, 8192), (8192, 808), (9000, 8192), (17192, 808)]
        );
    }

    #[test]
    fn offsets_in_order() {
        let d = [
            Dim {
                len: 2,
                inp: 1,
                out: 0,
            },
            Dim {
                len: 3,
                inp: 10,
                out: 1,
            },
        ];
        let mut seen = Vec::new();
        for_each_offset(&d, |i, o| seen.push((i, o)));
        assert_eq!(seen, [(0, 0), (1, 0), (10, 1), (11, 1), (20, 2), (21, 2)]);
        let mut once = Vec::new();
        for_each_offset(&[], |i, o| once.push((i, o)));
        assert_eq!(once, [(0, 0)]);
        assert_eq!(flat_offset(&d, 5), 21);
    }
}

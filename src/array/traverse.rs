//! The one eager traversal core: every element loop in numfuse's eager half goes through here.
//!
//! [`for_each_run`] walks the index space of a shape over N operands that each have their own
//! byte strides. It drops length-1 axes, orders the rest so that the first operand (the output,
//! by convention) is walked in memory order, merges axes that are contiguous for *every* operand,
//! and hands out "runs": a pointer per operand, a length and one constant stride per operand
//! along the innermost axis. A fully contiguous job is one run.
//!
//! The typed helpers on top ([`map_into`], [`fill`]) pick a slice loop when every run stride is
//! the item size, so rustc auto-vectorises it, and a pointer-stepping loop otherwise.

use super::element::Element;
use smallvec::SmallVec;

/// One operand of a traversal: a pointer to its element `[0, ..., 0]` and its byte strides.
#[derive(Clone, Copy)]
pub(crate) struct Operand<'s> {
    pub ptr: *mut u8,
    pub strides: &'s [isize],
}

/// Calls `f(ptrs, len, strides)` for each innermost run of `shape`.
///
/// # Safety
/// For every index `i` in `shape` and every operand `k`, `ops[k].ptr + Σ i[a]·strides[a]` must be
/// valid for reads (and writes, if `f` writes) of one element of the type `f` uses; this is
/// layout condition 1 of the operand's array. Operands that `f` writes must not overlap
/// operands it reads, except exactly (same pointer and strides).
pub(crate) unsafe fn for_each_run<const N: usize>(
    shape: &[usize],
    ops: [Operand<'_>; N],
    mut f: impl FnMut([*mut u8; N], usize, [isize; N]),
) {
    if let Some(plan) = Plan::new(shape, &ops) {
        let base: [*mut u8; N] = std::array::from_fn(|k| ops[k].ptr);
        // SAFETY: forwarded contract; the plan covers exactly the index space of `shape`.
        unsafe { plan.run(base, &mut f) };
    }
}

/// Elements below which a job runs on the calling thread: a rayon call costs 10-18 µs here.
pub(crate) const PAR_MIN_ELEMS: usize = 1 << 16;

/// [`for_each_run`] split across the rayon pool when the job is large enough: the outermost
/// merged axis (or, for a single run, the run itself) is cut into pieces of about
/// [`PAR_MIN_ELEMS`] elements that are processed independently. `f` must therefore not depend
/// on the order of runs.
///
/// # Safety
/// As [`for_each_run`]; in addition, pieces run concurrently, so distinct indices of written
/// operands must not alias (layout condition 3).
pub(crate) unsafe fn par_for_each_run<const N: usize>(
    shape: &[usize],
    ops: [Operand<'_>; N],
    f: impl Fn([*mut u8; N], usize, [isize; N]) + Sync,
) {
    use rayon::prelude::*;
    let Some(plan) = Plan::new(shape, &ops) else {
        return;
    };
    let total: usize = plan.dims.iter().map(|d| d.0).product();
    let base: [usize; N] = std::array::from_fn(|k| ops[k].ptr as usize);
    if total < 2 * PAR_MIN_ELEMS || rayon::current_num_threads() == 1 {
        let base = base.map(|p| p as *mut u8);
        // SAFETY: forwarded contract.
        unsafe { plan.run(base, &mut |p, l, s| f(p, l, s)) };
        return;
    }
    let outer = plan.dims.len() - 1;
    let (len, strides) = plan.dims[outer];
    let per_unit = total / len;
    let step = PAR_MIN_ELEMS.div_ceil(per_unit).max(1);
    (0..len.div_ceil(step)).into_par_iter().for_each(|piece| {
        let start = piece * step;
        let mut sub = plan.clone();
        sub.dims[outer].0 = step.min(len - start);
        let ptrs: [*mut u8; N] = std::array::from_fn(|k| {
            (base[k] as *mut u8).wrapping_offset(start as isize * strides[k])
        });
        // SAFETY: the piece covers indices start..start+len' of the outermost axis, a subset of
        // the caller's index space; pieces write disjoint elements (condition 3).
        unsafe { sub.run(ptrs, &mut |p, l, s| f(p, l, s)) };
    });
}

/// The merged loop nest of a traversal: `(len, strides)` per axis, innermost first.
#[derive(Clone)]
struct Plan<const N: usize> {
    dims: SmallVec<[(usize, [isize; N]); 6]>,
}

impl<const N: usize> Plan<N> {
    /// Drops length-1 axes, orders the rest by the first operand's |stride| (outermost first,
    /// stable), and merges axes that are contiguous for every operand. `None` when empty.
    fn new(shape: &[usize], ops: &[Operand<'_>; N]) -> Option<Plan<N>> {
        if shape.contains(&0) {
            return None;
        }
        let mut axes: SmallVec<[usize; 6]> = (0..shape.len()).filter(|&a| shape[a] > 1).collect();
        axes.sort_by_key(|&a| std::cmp::Reverse(ops[0].strides[a].unsigned_abs()));
        let mut dims: SmallVec<[(usize, [isize; N]); 6]> = SmallVec::new();
        for &a in axes.iter().rev() {
            let strides: [isize; N] = std::array::from_fn(|k| ops[k].strides[a]);
            if let Some((len, inner)) = dims.last_mut()
                && (0..N).all(|k| strides[k] == inner[k] * *len as isize)
            {
                *len *= shape[a];
                continue;
            }
            dims.push((shape[a], strides));
        }
        if dims.is_empty() {
            // 0-d, or every axis has length 1: a single element.
            dims.push((1, [0; N]));
        }
        Some(Plan { dims })
    }

    /// Runs the nest from `base`, calling `f` once per innermost run.
    ///
    /// # Safety
    /// As [`for_each_run`] for the index space of `self.dims`.
    unsafe fn run(&self, base: [*mut u8; N], f: &mut dyn FnMut([*mut u8; N], usize, [isize; N])) {
        let (inner_len, inner_strides) = self.dims[0];
        let outer = &self.dims[1..];
        let mut counter: SmallVec<[usize; 6]> = SmallVec::from_elem(0, outer.len());
        let mut ptrs = base;
        loop {
            f(ptrs, inner_len, inner_strides);
            let mut d = 0;
            loop {
                if d == outer.len() {
                    return;
                }
                let (len, strides) = outer[d];
                counter[d] += 1;
                if counter[d] < len {
                    for k in 0..N {
                        ptrs[k] = ptrs[k].wrapping_offset(strides[k]);
                    }
                    break;
                }
                for k in 0..N {
                    ptrs[k] = ptrs[k].wrapping_offset(-(strides[k] * (len as isize - 1)));
                }
                counter[d] = 0;
                d += 1;
            }
        }
    }
}

/// `dst[i] = f(src[i])` over a shape, with a slice fast path for contiguous runs.
///
/// # Safety
/// As [`par_for_each_run`], with `dst` holding `D`s (written) and `src` holding `S`s (read), both
/// aligned (layout condition 4).
pub(crate) unsafe fn map_into<S: Element, D: Element>(
    shape: &[usize],
    dst: Operand<'_>,
    src: Operand<'_>,
    f: impl Fn(S) -> D + Sync,
) {
    let (ds, ss) = (size_of::<D>() as isize, size_of::<S>() as isize);
    // SAFETY: forwarded contract.
    unsafe {
        par_for_each_run(shape, [dst, src], |[d, s], len, [dstep, sstep]| {
            if dstep == ds && sstep == ss {
                // SAFETY: a contiguous run of `len` aligned elements for both operands.
                let d = std::slice::from_raw_parts_mut(d.cast::<D>(), len);
                let s = std::slice::from_raw_parts(s.cast_const().cast::<S>(), len);
                for (o, &x) in d.iter_mut().zip(s) {
                    *o = f(x);
                }
            } else {
                for i in 0..len as isize {
                    // SAFETY: in-bounds element `i` of the run for each operand.
                    let x = s.offset(i * sstep).cast::<S>().read();
                    d.offset(i * dstep).cast::<D>().write(f(x));
                }
            }
        });
    }
}

/// Writes `value` to every element.
///
/// # Safety
/// As [`for_each_run`] for one written operand of `T`s.
pub(crate) unsafe fn fill<T: Element>(shape: &[usize], dst: Operand<'_>, value: T) {
    let ts = size_of::<T>() as isize;
    // SAFETY: forwarded contract.
    unsafe {
        par_for_each_run(shape, [dst], |[d], len, [step]| {
            if step == ts {
                std::slice::from_raw_parts_mut(d.cast::<T>(), len).fill(value);
            } else {
                for i in 0..len as isize {
                    d.offset(i * step).cast::<T>().write(value);
                }
            }
        });
    }
}

/// `x = f(x)` for every element.
///
/// # Safety
/// As [`for_each_run`] for one read-and-written operand of `T`s that does not alias itself.
pub(crate) unsafe fn update<T: Element>(
    shape: &[usize],
    op: Operand<'_>,
    f: impl Fn(T) -> T + Sync,
) {
    let ts = size_of::<T>() as isize;
    // SAFETY: forwarded contract.
    unsafe {
        par_for_each_run(shape, [op], |[p], len, [step]| {
            if step == ts {
                for x in std::slice::from_raw_parts_mut(p.cast::<T>(), len) {
                    *x = f(*x);
                }
            } else {
                for i in 0..len as isize {
                    let q = p.offset(i * step).cast::<T>();
                    q.write(f(q.read()));
                }
            }
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn runs(shape: &[usize], a: &[isize], b: &[isize]) -> Vec<(usize, [isize; 2])> {
        let mut out = Vec::new();
        let ops = [
            Operand {
                ptr: 4096 as *mut u8,
                strides: a,
            },
            Operand {
                ptr: 8192 as *mut u8,
                strides: b,
            },
        ];
        // SAFETY: the closure never dereferences the pointers.
        unsafe { for_each_run(shape, ops, |_, len, s| out.push((len, s))) };
        out
    }

    #[test]
    fn contiguous_merges_into_one_run() {
        assert_eq!(runs(&[3, 4], &[32, 8], &[32, 8]), vec![(12, [8, 8])]);
    }

    #[test]
    fn transposed_operand_keeps_output_order() {
        // output C order, input transposed: runs along the output's last axis
        let r = runs(&[3, 4], &[32, 8], &[8, 24]);
        assert_eq!(r.len(), 3);
        assert!(r.iter().all(|&(len, s)| len == 4 && s == [8, 24]));
    }

    #[test]
    fn length_one_and_empty_axes() {
        assert_eq!(
            runs(&[1, 5, 1], &[0, 8, 0], &[0, 16, 0]),
            vec![(5, [8, 16])]
        );
        assert!(runs(&[3, 0], &[8, 8], &[8, 8]).is_empty());
        assert_eq!(runs(&[], &[], &[]), vec![(1, [0, 0])]);
    }
}

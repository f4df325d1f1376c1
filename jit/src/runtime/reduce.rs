//! Running a reduction kernel: fixed chunks, partial accumulators, a combine in chunk order,
//! then the epilogue.
//!
//! The decomposition depends only on the sizes (`runtime` invariant 2):
//! - a reduced range of at most [`CHUNK`] elements is folded whole, per output, in blocks of
//!   outputs; each block's fold is the interpreter's left-to-right fold exactly;
//! - a longer reduced range is cut into chunks of [`CHUNK`] elements, every chunk folds every
//!   output into its own slots, and the slots are combined in chunk order. Integer results,
//!   `min`/`max`, `any`/`all` and `argmin`/`argmax` are still exact (their combine is the fold
//!   step, see [`combine`]); a float `sum`/`prod`/`mean` then adds about `n/CHUNK` partial sums
//!   in a different order from the left-to-right fold: the difference is bounded by the usual
//!   `(n - 1)·ε·Σ|x|` of any summation order.
//! - from [`VEC_REDUCE_MIN`](super::VEC_REDUCE_MIN) reduced elements per output, a float
//!   `sum`/`prod`/`mean` whose inner axis is contiguous folds into 4 vector accumulators (8
//!   `f64` or 16 `f32` partial sums, combined pairwise, then the scalar tail): the same bound
//!   holds. A float `max`/`min` does too; its value is exact except that among `+0.0`/`-0.0`
//!   ties the sign of the zero returned may differ from the interpreter's (last tie).
//! - a reduction whose innermost reduced axis is strided (a column sum) runs its fold with the
//!   loops swapped (`fold_outer`, blocks of at least 1024 outputs): same bits, contiguous
//!   inner loop.

use super::{Args, CHUNK, threads_for};
use crate::compile::{Compiled, KernelFn};
use crate::lower::fold::{SLOT, operand_dtype};
use crate::lower::fold_index;
use crate::{Error, Options};
use numfuse_ir::kernel::{Expr, Inst, Kernel};
use numfuse_ir::{DType, ReduceOp};
use rayon::prelude::*;

const WORDS: usize = SLOT / 8;

/// Runs reduction `k` over `n_out` outputs of `n_red` reduced elements each.
pub(crate) fn run(
    k: &Kernel,
    c: &Compiled,
    args: Args,
    n_out: usize,
    n_red: usize,
    options: &Options,
) -> Result<(usize, String), Error> {
    let at = fold_index(k).ok_or_else(|| Error::Compile(format!("{}: no reduce", k.name)))?;
    let Inst::Let {
        dtype,
        expr: Expr::Reduce(op, x),
        ..
    } = &k.body[at]
    else {
        return Err(Error::Compile(format!("{}: no reduce", k.name)));
    };
    let acc_t = match op {
        ReduceOp::Argmin | ReduceOp::Argmax => operand_dtype(k, at, *x).unwrap_or(*dtype),
        _ => *dtype,
    };
    let no_identity = matches!(
        op,
        ReduceOp::Min | ReduceOp::Max | ReduceOp::Argmin | ReduceOp::Argmax
    );
    if n_red == 0 && n_out > 0 && no_identity {
        return Err(Error::Value(format!(
            "zero-size array to reduction operation {op} which has no identity"
        )));
    }
    let epi = c
        .epilogue
        .ok_or_else(|| Error::Compile(format!("{}: no epilogue", k.name)))?;
    if n_out == 0 {
        return Ok((1, "no outputs".into()));
    }
    let n_rc = n_red.div_ceil(CHUNK).max(1);
    // Deterministic: the choice depends on the sizes and layouts only (and `fold_outer`
    // gives `main`'s bits).
    let outer_order = c.fold_outer.filter(|_| n_out >= 2 && n_red >= 2);
    let fold = match (c.fold_vec, outer_order) {
        (Some(f), _) if n_red >= super::VEC_REDUCE_MIN => f,
        (_, Some(f)) => f,
        _ => c.main,
    };
    if n_rc == 1 {
        // Swapped loops want long inner rows of outputs.
        let least = if outer_order.is_some() { 1024 } else { 1 };
        let block = (CHUNK / n_red.max(1)).max(least);
        let blocks = n_out.div_ceil(block);
        let (threads, why) = threads_for(options, n_out * n_red, blocks);
        let run_block = |b: usize| {
            let (s, e) = (b * block, ((b + 1) * block).min(n_out));
            let mut parts = vec![0u64; (e - s) * WORDS];
            // SAFETY: `fold` and `epi` are this kernel's entries, `args` its argument block
            // (maps checked in bounds); `[s, e)` is within the outputs, `[0, n_red)` the whole
            // reduced range, and `parts` holds one slot per output of the block.
            unsafe {
                call(fold, args, s, e, 0, n_red, &mut parts);
                call(epi, args, s, e, 0, 0, &mut parts);
            }
        };
        if threads > 1 {
            (0..blocks).into_par_iter().for_each(run_block);
        } else {
            (0..blocks).for_each(run_block);
        }
        return Ok((threads, why));
    }
    let (threads, why) = threads_for(options, n_out * n_red, n_rc);
    let mut parts = vec![0u64; n_rc * n_out * WORDS];
    let run_chunk = |(rc, slots): (usize, &mut [u64])| {
        let (r0, r1) = (rc * CHUNK, ((rc + 1) * CHUNK).min(n_red));
        // SAFETY: as above, with `[r0, r1)` within the reduced range and `slots` one slot
        // per output.
        unsafe { call(fold, args, 0, n_out, r0, r1, slots) };
    };
    if threads > 1 {
        parts
            .par_chunks_mut(n_out * WORDS)
            .enumerate()
            .for_each(run_chunk);
    } else {
        parts
            .chunks_mut(n_out * WORDS)
            .enumerate()
            .for_each(run_chunk);
    }
    let (first, rest) = parts.split_at_mut(n_out * WORDS);
    for chunk in rest.chunks(n_out * WORDS) {
        for (a, b) in first.chunks_mut(WORDS).zip(chunk.chunks(WORDS)) {
            let r = combine(*op, acc_t, [a[0], a[1]], [b[0], b[1]]);
            a.copy_from_slice(&r);
        }
    }
    // SAFETY: as above; `first` holds the combined slot of every output.
    unsafe { call(epi, args, 0, n_out, 0, 0, first) };
    Ok((threads, why))
}

/// # Safety
/// `f` must be an entry of the kernel `args` was filled for, with valid ranges, and `slots`
/// must hold a slot per output of `[s, e)`.
unsafe fn call(
    f: KernelFn,
    args: Args,
    s: usize,
    e: usize,
    r0: usize,
    r1: usize,
    slots: &mut [u64],
) {
    debug_assert!(slots.len() >= (e - s) * WORDS);
    // SAFETY: the caller's contract.
    unsafe {
        f(
            args.ptr(),
            s as i64,
            e as i64,
            r0 as i64,
            r1 as i64,
            slots.as_mut_ptr().cast(),
        )
    };
}

/// Two partial accumulators combined, the earlier chunk's first: the fold's own step.
pub(crate) fn combine(op: ReduceOp, t: DType, a: [u64; 2], b: [u64; 2]) -> [u64; 2] {
    macro_rules! go {
        ($ty:ty, $add:expr, $mul:expr, $gt:expr, $nan:expr) => {{
            const N: usize = std::mem::size_of::<$ty>();
            let get = |w: u64| {
                let mut bytes = [0u8; N];
                bytes.copy_from_slice(&w.to_le_bytes()[..N]);
                <$ty>::from_le_bytes(bytes)
            };
            let put = |v: $ty| {
                let mut w = [0u8; 8];
                w[..N].copy_from_slice(&v.to_le_bytes());
                u64::from_le_bytes(w)
            };
            let (x, y): ($ty, $ty) = (get(a[0]), get(b[0]));
            let add: fn($ty, $ty) -> $ty = $add;
            let mul: fn($ty, $ty) -> $ty = $mul;
            let gt: fn($ty, $ty) -> bool = $gt;
            let nan: fn($ty) -> bool = $nan;
            let lt = |p: $ty, q: $ty| gt(q, p);
            match op {
                ReduceOp::Sum | ReduceOp::Mean => [put(add(x, y)), 0],
                ReduceOp::Prod => [put(mul(x, y)), 0],
                // eval.rs: maximum(a, b) = a > b || isnan(a) ? a : b.
                ReduceOp::Max | ReduceOp::Any => [put(if gt(x, y) || nan(x) { x } else { y }), 0],
                ReduceOp::Min | ReduceOp::All => [put(if lt(x, y) || nan(x) { x } else { y }), 0],
                ReduceOp::Argmax | ReduceOp::Argmin => {
                    let better = if op == ReduceOp::Argmax {
                        gt(y, x)
                    } else {
                        lt(y, x)
                    };
                    if !nan(x) && (nan(y) || better) { b } else { a }
                }
            }
        }};
    }
    macro_rules! int {
        ($ty:ty) => {
            go!(
                $ty,
                <$ty>::wrapping_add,
                <$ty>::wrapping_mul,
                |p, q| p > q,
                |_| false
            )
        };
    }
    match t {
        DType::Bool | DType::U8 => int!(u8),
        DType::I8 => int!(i8),
        DType::I16 => int!(i16),
        DType::U16 => int!(u16),
        DType::I32 => int!(i32),
        DType::U32 => int!(u32),
        DType::I64 => int!(i64),
        DType::U64 => int!(u64),
        DType::F32 => go!(f32, |p, q| p + q, |p, q| p * q, |p, q| p > q, f32::is_nan),
        DType::F64 => go!(f64, |p, q| p + q, |p, q| p * q, |p, q| p > q, f64::is_nan),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn combine_keeps_first_occurrence_and_nan() {
        let f = |v: f64, i: u64| [v.to_bits(), i];
        let r = combine(ReduceOp::Argmax, DType::F64, f(3.0, 1), f(3.0, 7));
        assert_eq!(r, f(3.0, 1));
        let r = combine(ReduceOp::Argmax, DType::F64, f(3.0, 1), f(f64::NAN, 9));
        assert_eq!(r[1], 9);
        let r = combine(ReduceOp::Argmin, DType::F64, f(f64::NAN, 2), f(-1.0, 9));
        assert_eq!(r[1], 2);
        let r = combine(ReduceOp::Max, DType::F64, f(0.0, 0), f(-0.0, 0));
        assert_eq!(r[0], (-0.0f64).to_bits());
        let r = combine(ReduceOp::Sum, DType::I8, [127, 0], [1, 0]);
        assert_eq!(r[0] as u8 as i8, -128);
    }
}

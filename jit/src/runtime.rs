//! The runtime: a [`KernelGraph`] run over raw strided buffers.
//!
//! Driver order: bind symbolic lengths from the inputs and check every buffer
//! ([`Error::Buffers`]), allocate temporaries (64-byte aligned), then per kernel: check its maps
//! against the concrete shapes, fill the argument block (`lower`'s ABI), take the compiled
//! kernel from the cache, and run it in chunks.
//!
//! Invariants:
//! 1. No generated code runs before every map of its kernel is checked in bounds over the
//!    domain (`lower` invariant 1), every buffer it writes is a temporary or an output, and
//!    every buffer read through a reshape is contiguous (graph inputs are copied if not).
//! 2. Work is cut into chunks whose boundaries depend only on the sizes ([`CHUNK`] elements),
//!    never on the thread count; a reduction combines per-chunk partials in chunk order. So a
//!    result is the same whether the chunks run on one thread or on rayon's pool.
//! 3. Whether chunks go to rayon is the cost model's choice ([`threads_for`]), recorded with its
//!    reason in `KernelReport::threads`.

mod check;
mod reduce;

use crate::cache::{self, Key, LayoutClass};
use crate::compile::KernelFn;
use crate::lower::{Abi, ERR_NEGATIVE_POWER, loop_order};
use crate::{
    BufferMut, BufferView, CacheOutcome, Error, Host, KernelReport, Options, Probe, Report,
};
use numfuse_ir::DType;
use numfuse_ir::kernel::{BufferKind, IndexMap, Kernel, KernelGraph, KernelKind, Param};
use numfuse_ir::op::Lit;
use rayon::prelude::*;
use std::alloc::Layout;
use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

/// Elements per chunk of work.
pub const CHUNK: usize = 1 << 16;

/// Reduced elements per output from which float `sum`/`prod`/`mean`/`max`/`min` use vector
/// accumulators (fewer fold exactly in the interpreter's order).
pub const VEC_REDUCE_MIN: usize = 1024;

/// A buffer's memory during a run: address of element 0, byte strides, shape.
#[derive(Clone, Debug)]
pub(crate) struct Mem {
    pub addr: usize,
    pub dtype: DType,
    pub shape: Vec<usize>,
    pub strides: Vec<isize>,
}

impl Mem {
    fn contiguous(addr: usize, dtype: DType, shape: Vec<usize>) -> Mem {
        let strides = c_strides(&shape, dtype.itemsize());
        Mem {
            addr,
            dtype,
            shape,
            strides,
        }
    }

    fn is_contiguous(&self) -> bool {
        let want = c_strides(&self.shape, self.dtype.itemsize());
        self.shape
            .iter()
            .zip(self.strides.iter().zip(&want))
            .all(|(&n, (s, w))| n <= 1 || s == w)
    }

    fn size(&self) -> usize {
        self.shape.iter().product()
    }
}

/// C-order byte strides.
pub(crate) fn c_strides(shape: &[usize], item: usize) -> Vec<isize> {
    let mut s = vec![0isize; shape.len()];
    let mut acc = item as isize;
    for i in (0..shape.len()).rev() {
        s[i] = acc;
        acc = acc.wrapping_mul(shape[i].max(1) as isize);
    }
    s
}

/// A 64-byte aligned allocation, freed on drop.
struct Alloc {
    ptr: *mut u8,
    layout: Layout,
}

/// Temporaries from this size up are kept for reuse when freed: a fresh one of tens of MiB
/// costs a page fault per 4 KiB on first touch, which on these VMs is as slow as the kernel
/// that writes it (softmax's stored `exp(x - max)` took twice as long in a fresh buffer).
const REUSE_MIN_BYTES: usize = 1 << 20;

/// The most memory the reuse pool keeps (the largest freed temporaries beyond it are freed).
const REUSE_MAX_BYTES: usize = 256 << 20;

/// Freed temporaries kept for reuse, by layout (bounded by [`REUSE_MAX_BYTES`]).
static REUSE: std::sync::Mutex<Vec<Alloc>> = std::sync::Mutex::new(Vec::new());

impl Alloc {
    fn new(bytes: usize) -> Result<Alloc, Error> {
        let layout = Layout::from_size_align(bytes.max(64), 64)
            .map_err(|e| Error::Buffers(format!("temporary of {bytes} bytes: {e}")))?;
        if layout.size() >= REUSE_MIN_BYTES
            && let Ok(mut pool) = REUSE.lock()
            && let Some(k) = pool.iter().position(|a| a.layout == layout)
        {
            return Ok(pool.swap_remove(k));
        }
        // SAFETY: `layout` has a non-zero size.
        let ptr = unsafe { std::alloc::alloc(layout) };
        if ptr.is_null() {
            return Err(Error::Buffers(format!("cannot allocate {bytes} bytes")));
        }
        Ok(Alloc { ptr, layout })
    }
}

// SAFETY: an `Alloc` owns its memory exclusively; moving it to another thread moves that
// ownership (the JIT's chunks only borrow it while the run that owns it waits).
unsafe impl Send for Alloc {}

/// A pool of `n` threads for `Options::threads == Some(n)`, `n > 1` (kept for the process);
/// `None` runs on the global pool (or the calling thread).
fn pool(options: &Options) -> Option<std::sync::Arc<rayon::ThreadPool>> {
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};
    static POOLS: OnceLock<Mutex<HashMap<usize, Arc<rayon::ThreadPool>>>> = OnceLock::new();
    let n = options.threads.filter(|&n| n > 1)?;
    if n == rayon::current_num_threads() {
        return None;
    }
    let mut pools = POOLS.get_or_init(Default::default).lock().ok()?;
    if let Some(p) = pools.get(&n) {
        return Some(p.clone());
    }
    let p = Arc::new(
        rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build()
            .ok()?,
    );
    pools.insert(n, p.clone());
    Some(p)
}

impl Drop for Alloc {
    /// A large temporary goes back to the reuse pool while it has room; anything else is freed.
    fn drop(&mut self) {
        let size = self.layout.size();
        if size >= REUSE_MIN_BYTES
            && let Ok(mut pool) = REUSE.lock()
            && pool.iter().map(|a| a.layout.size()).sum::<usize>() + size <= REUSE_MAX_BYTES
        {
            // The pool takes over the memory; this value is forgotten without freeing it.
            pool.push(Alloc {
                ptr: self.ptr,
                layout: self.layout,
            });
            return;
        }
        // SAFETY: `ptr` came from `alloc` with this `layout` and is freed once (a pooled
        // allocation returned `Ok` above and is owned by the pool's copy instead).
        unsafe { std::alloc::dealloc(self.ptr, self.layout) };
    }
}

/// See [`crate::run`].
///
/// # Safety
/// As [`crate::run`].
pub(crate) unsafe fn run(
    graph: &KernelGraph,
    inputs: &[BufferView<'_>],
    outputs: &mut [BufferMut<'_>],
    host: &dyn Host,
    options: &Options,
    report: &mut Report,
) -> Result<(), Error> {
    let syms = check::bind(graph, inputs, outputs)?;
    let mut allocs = Vec::new();
    let mut mems = Vec::with_capacity(graph.buffers.len());
    for b in &graph.buffers {
        let shape = check::dims(&b.shape, &syms)?;
        let m = match b.kind {
            BufferKind::Input(i) => {
                let v = &inputs[i as usize];
                Mem {
                    addr: v.ptr as usize,
                    dtype: v.dtype,
                    shape,
                    strides: v.strides.to_vec(),
                }
            }
            BufferKind::Output(i) => {
                Mem::contiguous(outputs[i as usize].ptr as usize, b.dtype, shape)
            }
            BufferKind::Temp => {
                let bytes = check::bytes(&shape, b.dtype)?;
                let a = Alloc::new(bytes)?;
                let m = Mem::contiguous(a.ptr as usize, b.dtype, shape);
                allocs.push(a);
                m
            }
        };
        mems.push(m);
    }
    let mut kernels = || -> Result<(), Error> {
        for k in &graph.kernels {
            let r = run_kernel(graph, k, &syms, &mut mems, &mut allocs, host, options)?;
            report.kernels.push(r);
        }
        Ok(())
    };
    match pool(options) {
        Some(p) => p.install(kernels)?,
        None => kernels()?,
    }
    // Outputs returned more than once, or that are inputs or temporaries, are copied.
    for (k, &b) in graph.outputs.iter().enumerate() {
        if graph.buffer(b).kind == BufferKind::Output(k as u32) {
            continue;
        }
        let dst = Mem::contiguous(outputs[k].ptr as usize, mems[b.index()].dtype, {
            mems[b.index()].shape.clone()
        });
        // SAFETY: `src` is a buffer of this run (valid per `run`'s contract or allocated
        // here); `dst` is output `k`, valid for writes of this shape and dtype (checked by
        // `bind`) and disjoint from every other buffer.
        unsafe { check::copy(&mems[b.index()], &dst) };
    }
    Ok(())
}

fn run_kernel(
    graph: &KernelGraph,
    k: &Kernel,
    syms: &check::Syms,
    mems: &mut [Mem],
    allocs: &mut Vec<Alloc>,
    host: &dyn Host,
    options: &Options,
) -> Result<KernelReport, Error> {
    let mut rep = KernelReport {
        name: k.name.clone(),
        cache: CacheOutcome::NotCompiled(String::new()),
        compile: Duration::ZERO,
        run: Duration::ZERO,
        threads: (1, "calling thread".into()),
        lanes: (1, "scalar".into()),
        bytes: (0, 0),
        ir: None,
    };
    let domain = check::kernel(graph, k, mems, syms)?;
    let reads = check::reads(k, mems, allocs, syms)?;
    rep.bytes = check::traffic(k, &reads, mems, &domain);
    if let KernelKind::Call { f, .. } = &k.kind {
        rep.cache = CacheOutcome::NotCompiled("library call, run by the host".into());
        let t0 = Instant::now();
        check::call(k, *f, syms, &reads, mems, host)?;
        rep.run = t0.elapsed();
        return Ok(rep);
    }
    let p = prepare(k, &reads, mems, &domain, options.math);
    let k = p.kernel.as_ref();
    let (n_outer, n_inner) = (p.n_outer, p.n_inner);
    let err = AtomicU32::new(0);
    let mut words = p.words;
    words[Abi::ERR] = err.as_ptr() as usize as u64;
    let (ins, outs, layout) = (p.ins, p.outs, p.layout);
    let (compiled, outcome, took) = cache::get(p.key, k, &ins, &outs, &layout)?;
    rep.cache = outcome;
    rep.compile = took;
    rep.lanes = compiled.lanes.clone();
    if options.keep_ir {
        rep.ir = Some(compiled.ir.clone());
    }
    let t0 = Instant::now();
    let args = Args(words.as_ptr());
    rep.threads = match &k.kind {
        KernelKind::Reduce { .. } => reduce::run(k, &compiled, args, n_outer, n_inner, options)?,
        _ => {
            // A scan's outer index carries a whole line of `n_inner` elements.
            let per = if matches!(k.kind, KernelKind::Scan { .. }) {
                n_inner.max(1)
            } else {
                1
            };
            // Expensive bodies (calls, long chains) split into smaller chunks, earlier.
            let cost = cost(k);
            let chunk = (CHUNK / per / cost).max(1);
            let (threads, why) =
                threads_for(options, n_outer * per * cost, n_outer.div_ceil(chunk));
            // SAFETY: the maps were checked in bounds (invariant 1), `words` is this kernel's
            // argument block and outlives the calls, and chunks are disjoint output ranges.
            unsafe { chunks(compiled.main, args, n_outer, chunk, threads > 1) };
            (threads, why)
        }
    };
    rep.run = t0.elapsed();
    drop(compiled);
    if err.load(Ordering::Relaxed) == ERR_NEGATIVE_POWER {
        return Err(Error::Value(
            "Integers to negative integer powers are not allowed.".into(),
        ));
    }
    Ok(rep)
}

/// A kernel ready to look up and run: the (possibly coalesced) kernel, its cache key, the
/// argument block (error word left 0) and the loop counts.
struct Prepared<'k> {
    kernel: std::borrow::Cow<'k, Kernel>,
    key: Key,
    words: Vec<u64>,
    ins: Vec<DType>,
    outs: Vec<DType>,
    layout: Vec<LayoutClass>,
    n_outer: usize,
    n_inner: usize,
}

/// Composes kernel `k`'s maps with the buffers' strides in loop order, coalesces the loop
/// axes of an elementwise kernel, and fills the argument block: everything the cache key
/// depends on, without touching memory (addresses are only arithmetic here).
fn prepare<'k>(
    k: &'k Kernel,
    reads: &[(Mem, IndexMap)],
    mems: &[Mem],
    domain: &[usize],
    math: crate::MathImpl,
) -> Prepared<'k> {
    let (order, outer) = loop_order(k);
    let views = reads.iter().cloned().chain(k.outputs.iter().map(|o| {
        let m = &mems[o.buffer.index()];
        (m.clone(), o.map.clone())
    }));
    let mut items = Vec::new();
    let mut bases = Vec::new();
    let mut strides = Vec::new();
    for (m, map) in views {
        let (base, st) = check::compose(&m, &map, &order);
        items.push(m.dtype.itemsize() as i64);
        bases.push(base);
        strides.push(st);
    }
    let mut ext: Vec<usize> = order.iter().map(|&a| domain[a]).collect();
    let n_outer: usize = ext[..outer].iter().product();
    let n_inner: usize = ext[outer..].iter().product();
    let kernel = if k.kind == KernelKind::Elementwise && coalesce(&mut ext, &mut strides) {
        // Fewer, longer rows: the same kernel over a lower-rank domain (its maps are data).
        std::borrow::Cow::Owned(Kernel {
            domain: numfuse_ir::Shape::fixed(&ext),
            ..k.clone()
        })
    } else {
        std::borrow::Cow::Borrowed(k)
    };
    let outer = if kernel.kind == KernelKind::Elementwise {
        ext.len()
    } else {
        outer
    };
    let abi = Abi {
        n_bufs: bases.len(),
        rank: ext.len(),
        n_args: kernel.args.len(),
    };
    let mut words = vec![0u64; abi.words()];
    let mut layout = Vec::with_capacity(abi.n_bufs);
    for (b, ((&base, st), &item)) in bases.iter().zip(&strides).zip(&items).enumerate() {
        words[abi.base(b)] = base as u64;
        for (a, s) in st.iter().enumerate() {
            words[abi.stride(b, a)] = *s as u64;
        }
        layout.push(match st.last() {
            None => LayoutClass::Contiguous,
            Some(&s) if s == item => LayoutClass::Contiguous,
            Some(0) => LayoutClass::Broadcast,
            Some(_) => LayoutClass::Strided,
        });
    }
    for (a, &e) in ext.iter().enumerate() {
        words[abi.extent(a)] = e as u64;
    }
    words[abi.count()] = n_inner as u64;
    for (c, p) in kernel.args.iter().enumerate() {
        words[abi.arg(c)] = param_bits(p);
    }
    let ins: Vec<DType> = reads.iter().map(|(m, _)| m.dtype).collect();
    let outs: Vec<DType> = kernel
        .outputs
        .iter()
        .map(|o| mems[o.buffer.index()].dtype)
        .collect();
    let key = Key::new(&kernel, outer, &ins, &outs, &layout, math);
    Prepared {
        kernel,
        key,
        words,
        ins,
        outs,
        layout,
        n_outer,
        n_inner,
    }
}

/// See [`crate::probe`].
pub(crate) fn probe(
    graph: &KernelGraph,
    inputs: &[BufferView<'_>],
    options: &Options,
) -> Result<Vec<Probe>, Error> {
    let syms = check::bind_inputs(graph, inputs)?;
    let mut mems = Vec::with_capacity(graph.buffers.len());
    for b in &graph.buffers {
        let shape = check::dims(&b.shape, &syms)?;
        mems.push(match b.kind {
            BufferKind::Input(i) => {
                let v = &inputs[i as usize];
                Mem {
                    addr: v.ptr as usize,
                    dtype: v.dtype,
                    shape,
                    strides: v.strides.to_vec(),
                }
            }
            // Outputs and temporaries are contiguous; their addresses do not enter the key.
            _ => Mem::contiguous(0, b.dtype, shape),
        });
    }
    let mut out = Vec::with_capacity(graph.kernels.len());
    for k in &graph.kernels {
        let domain = check::kernel(graph, k, &mems, &syms)?;
        let elements = domain.iter().product();
        if matches!(k.kind, KernelKind::Call { .. }) {
            out.push(Probe {
                name: k.name.clone(),
                elements,
                cached: None,
            });
            continue;
        }
        // As `check::reads`, without the copy: a reshaped read sees contiguous memory.
        let mut reads = Vec::with_capacity(k.inputs.len());
        for inp in &k.inputs {
            let read = check::dims(&inp.shape, &syms)?;
            let m = &mems[inp.buffer.index()];
            reads.push(if read != m.shape {
                (Mem::contiguous(m.addr, m.dtype, read), inp.map.clone())
            } else {
                (m.clone(), inp.map.clone())
            });
        }
        let p = prepare(k, &reads, &mems, &domain, options.math);
        out.push(Probe {
            name: k.name.clone(),
            elements,
            cached: Some(cache::contains(&p.key)),
        });
    }
    Ok(out)
}

/// Merges loop axes that every buffer steps through as one (`stride[a] == stride[a+1] ·
/// extent[a+1]`) and drops axes of extent 1, so rows get longer; `false` when nothing changed.
/// An empty domain is left alone (nothing runs).
fn coalesce(ext: &mut Vec<usize>, strides: &mut [Vec<i64>]) -> bool {
    if ext.contains(&0) {
        return false;
    }
    let rank = ext.len();
    let mut out_ext: Vec<usize> = Vec::with_capacity(rank);
    let mut out_st: Vec<Vec<i64>> = vec![Vec::with_capacity(rank); strides.len()];
    for a in (0..rank).rev() {
        if ext[a] == 1 {
            continue;
        }
        let merge = !out_ext.is_empty()
            && strides.iter().zip(&out_st).all(|(s, o)| {
                let inner = o[o.len() - 1];
                let last = out_ext[out_ext.len() - 1] as i64;
                s[a] == inner.wrapping_mul(last)
            });
        if merge {
            let last = out_ext.len() - 1;
            out_ext[last] *= ext[a];
        } else {
            out_ext.push(ext[a]);
            for (o, s) in out_st.iter_mut().zip(strides.iter()) {
                o.push(s[a]);
            }
        }
    }
    if out_ext.len() == rank {
        return false;
    }
    out_ext.reverse();
    for (s, mut o) in strides.iter_mut().zip(out_st) {
        o.reverse();
        *s = o;
    }
    *ext = out_ext;
    true
}

/// A constant's bits in its word: the value in its dtype, in the low bytes.
fn param_bits(p: &Param) -> u64 {
    match (p.value, p.dtype) {
        (Lit::Bool(b), _) => u64::from(b),
        (Lit::Int(i), DType::F32) => u64::from((i as f32).to_bits()),
        (Lit::Int(i), DType::F64) => (i as f64).to_bits(),
        (Lit::Int(i), _) => i as u64,
        (Lit::Float(f), DType::F32) => u64::from((f.get() as f32).to_bits()),
        (Lit::Float(f), DType::F64) => f.get().to_bits(),
        (Lit::Float(f), DType::Bool) => u64::from(f.get() != 0.0),
        (Lit::Float(f), _) => f.get() as i64 as u64,
    }
}

/// The argument block's address, sendable to rayon's workers.
#[derive(Clone, Copy)]
pub(crate) struct Args(*const u64);

// SAFETY: the block is only read by generated code while the run that owns it waits for every
// chunk to finish; the buffers it points to are written in disjoint ranges.
unsafe impl Send for Args {}
// SAFETY: as for `Send`: shared read-only access.
unsafe impl Sync for Args {}

impl Args {
    pub(crate) fn ptr(self) -> *const u64 {
        self.0
    }
}

/// Relative cost of one element of `k`'s body: 1 for a short arithmetic body, more per
/// instruction, much more per transcendental or float `**`/`//`/`%` (a host call).
pub(crate) fn cost(k: &Kernel) -> usize {
    use numfuse_ir::kernel::{Expr, Inst};
    let per: usize = k
        .body
        .iter()
        .map(|i| match i {
            Inst::Let {
                expr: Expr::Unary(op, _),
                dtype,
                ..
            } if dtype.is_float() && crate::lower::symbols::unary_symbol(*op, *dtype).is_some() => {
                32
            }
            Inst::Let {
                expr: Expr::Binary(op, _, _),
                dtype,
                ..
            } if dtype.is_float()
                && crate::lower::symbols::binary_symbol(*op, *dtype).is_some() =>
            {
                32
            }
            _ => 1,
        })
        .sum();
    (per / 8).clamp(1, 64)
}

/// The cost model: how many threads for `work` elements in `chunks` chunks, and why.
pub(crate) fn threads_for(options: &Options, work: usize, chunks: usize) -> (usize, String) {
    let pool = rayon::current_num_threads();
    if options.threads == Some(1) {
        (1, "one thread requested".into())
    } else if pool < 2 {
        (1, "rayon's pool has one thread".into())
    } else if chunks < 2 || work < 2 * CHUNK {
        (
            1,
            format!(
                "{work} elements: below the parallel threshold {}",
                2 * CHUNK
            ),
        )
    } else {
        (
            pool.min(chunks),
            format!("{chunks} chunks of {CHUNK} elements on rayon's pool"),
        )
    }
}

/// Calls `f(args, s, e)` over `[0, n)` in chunks of `chunk`, on rayon's pool when `par`.
///
/// # Safety
/// `f` must be a kernel compiled for `args`, and every `[s, e)` within `[0, n)` valid for it.
pub(crate) unsafe fn chunks(f: KernelFn, args: Args, n: usize, chunk: usize, par: bool) {
    let call = |c: usize| {
        let (s, e) = (c * chunk, ((c + 1) * chunk).min(n));
        // SAFETY: the caller's contract; `[s, e)` is within `[0, n)`.
        unsafe { f(args.ptr(), s as i64, e as i64, 0, 0, std::ptr::null_mut()) };
    };
    let n_chunks = n.div_ceil(chunk);
    if par {
        (0..n_chunks).into_par_iter().for_each(call);
    } else if n > 0 {
        // One call: the chunk boundaries do not matter for elementwise kernels and scans.
        // SAFETY: the caller's contract.
        unsafe { f(args.ptr(), 0, n as i64, 0, 0, std::ptr::null_mut()) };
    }
}

#[cfg(test)]
mod tests {
    use super::{Alloc, REUSE_MAX_BYTES, REUSE_MIN_BYTES, coalesce};

    #[test]
    fn large_temporaries_are_reused_small_ones_freed() {
        // A size no other test allocates, so the pooled block comes back to this test.
        let big = REUSE_MIN_BYTES + 7 * 4096 + 64;
        let first = Alloc::new(big).unwrap();
        let p = first.ptr;
        drop(first);
        let again = Alloc::new(big).unwrap();
        assert_eq!(again.ptr, p, "the freed block was not reused");
        drop(again);
        // Beyond the pool's bound a block is freed, not kept.
        let huge = Alloc::new(REUSE_MAX_BYTES + 64).unwrap();
        drop(huge);
        let held: usize = super::REUSE
            .lock()
            .unwrap()
            .iter()
            .map(|a| a.layout.size())
            .sum();
        assert!(held <= REUSE_MAX_BYTES);
    }

    #[test]
    fn coalesce_merges_contiguous_axes_only() {
        // [4, 5] C-contiguous f64 and a broadcast row: the row's strides do not merge.
        let mut ext = vec![4, 5];
        let mut st = vec![vec![40, 8], vec![0, 8]];
        assert!(!coalesce(&mut ext, &mut st));
        // Two C-contiguous buffers and an extent-1 axis: one axis of 20.
        let mut ext = vec![4, 1, 5];
        let mut st = vec![vec![40, 99, 8], vec![20, 7, 4]];
        assert!(coalesce(&mut ext, &mut st));
        assert_eq!(ext, vec![20]);
        assert_eq!(st, vec![vec![8], vec![4]]);
        // Negative strides merge too; all-ones become rank 0.
        let mut ext = vec![3, 2];
        let mut st = vec![vec![-16, -8]];
        assert!(coalesce(&mut ext, &mut st));
        assert_eq!((ext, st), (vec![6], vec![vec![-8]]));
        let mut ext = vec![1, 1];
        let mut st = vec![vec![5, 6]];
        assert!(coalesce(&mut ext, &mut st));
        assert!(ext.is_empty());
    }
}

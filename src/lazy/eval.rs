//! THE DRIVER: build → verify → optimize → fuse → (lower, compile, run in the JIT). One function,
//! [`evaluate`], calls the stages in that order; [`plan`] is its first four stages, which
//! `explain` shares.
//!
//! Invariants:
//! 1. A graph reaches the passes only after the verifier accepted it; an invalid expression
//!    returns the eager error naming the expression (see `errors.rs`), never a panic.
//! 2. Results are fresh, C-contiguous arrays, whichever backend ran, except that
//!    `eval_into` lets the JIT write straight into a C-contiguous destination that
//!    `OutArg::target` made unique (so it overlaps no input).
//! 3. The JIT receives each input through a [`BufferView`](numfuse_jit::BufferView) built from
//!    the array's own layout (pointer to element 0, shape, byte strides), which the array's
//!    invariant 1 keeps inside its buffer (the runtime copies a strided input that a kernel
//!    reads through a reshape, kernel invariant 2), and one C-contiguous output per graph
//!    output.
//! 4. [`Backend::Auto`] never compiles for small work: it asks the JIT which kernels are cached
//!    ([`numfuse_jit::probe`], which compiles and reads nothing) and runs eagerly when some are
//!    not and the work is below [`AUTO_EAGER_MAX_WORK`](super::AUTO_EAGER_MAX_WORK). The choice and its reason are recorded
//!    for `explain_analyze` and `NUMFUSE_DEBUG`.

use super::auto::{Choice, choose};
use super::chunk::{self, Decision};
use super::eager::{self, EagerStats};
use super::{Builder, Expr, ExprArg, errors};
use crate::array::{Array, Order};
use crate::ir::kernel::KernelGraph;
use crate::ir::op::LibCall;
use crate::ir::trace::Trace;
use crate::ir::{FloatPolicy, Graph, NodeId, PassCx};
use crate::ops::OutArg;
use crate::{Error, Result};
use numfuse_jit as jit;
use std::collections::HashMap;
use std::time::{Duration, Instant};

/// Which engine runs an evaluation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Backend {
    /// The JIT, except for small work whose kernels are not compiled yet, which runs eagerly
    /// (the default): see [`AUTO_EAGER_MAX_WORK`](super::AUTO_EAGER_MAX_WORK) for the cost model. `explain_analyze` and
    /// `NUMFUSE_DEBUG` print the choice and its reason.
    #[default]
    Auto,
    /// Fused kernels compiled by Cranelift, always (compiling on a cache miss).
    Jit,
    /// The optimised graph run node by node with the eager library (the reference).
    Eager,
}

impl Backend {
    /// `auto`, `jit` or `eager`, as `explain` prints it.
    pub const fn name(self) -> &'static str {
        match self {
            Backend::Auto => "auto",
            Backend::Jit => "jit",
            Backend::Eager => "eager",
        }
    }
}

/// How to evaluate: the float policy of the passes, the backend and the threads.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ir::FloatPolicy;
/// let a = array![1.0, 2.0];
/// let opts = EvalOptions { policy: FloatPolicy::Strict, backend: Backend::Eager, ..Default::default() };
/// let y = (&a.lazy() * 2.0 + &a.lazy() * 3.0).eval_with(&opts)?;
/// assert_eq!(y.to_vec::<f64>()?, vec![5.0, 10.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EvalOptions {
    /// Which floating-point rewrites the passes may make (default `Algebraic`).
    pub policy: FloatPolicy,
    /// Which engine runs the result (default [`Backend::Auto`]).
    pub backend: Backend,
    /// `None`: the runtime's cost model picks; `Some(1)`: the calling thread only.
    pub threads: Option<usize>,
    /// The working-set budget in bytes for inputs larger than memory. `None` (the default):
    /// a graph reading memory-mapped arrays of more than
    /// [`DEFAULT_MEMORY_BUDGET`](super::DEFAULT_MEMORY_BUDGET) bytes runs chunk by chunk within
    /// that budget. `Some(b)`: any graph whose inputs exceed `b` bytes runs in chunks sized to
    /// `b`. `explain` shows the chunking (`-- chunking --`).
    pub memory_budget: Option<usize>,
}

/// The graph of some expressions, extracted from their builder: only the nodes they reach,
/// inputs in binding order, and the typed errors of those nodes.
pub(crate) struct Bound {
    pub graph: Graph,
    pub arrays: Vec<crate::array::Array>,
    pub typed: HashMap<NodeId, Error>,
}

/// Stage 1: the graph of `exprs` (one output each), with their arrays.
pub(crate) fn bind(exprs: &[&Expr]) -> Bound {
    let mut fresh = Builder::new();
    let roots = match exprs.split_first() {
        None => Vec::new(),
        Some((first, rest)) => {
            let others: Vec<ExprArg> = rest.iter().map(|e| ExprArg::from(*e)).collect();
            let (b, me, args) = first.unify(&others);
            let mut ids = vec![me];
            ids.extend(args.iter().filter_map(|a| match a {
                crate::ir::Arg::Node(n) => Some(*n),
                crate::ir::Arg::Weak(_) => None,
            }));
            let mut src = b.lock().unwrap_or_else(|e| e.into_inner());
            if src.pinned > 0 {
                // Evaluated while a jit function traces (trace_jit invariant 2).
                src.evaluated = true;
            }
            fresh.import(&src, &ids)
        }
    };
    fresh.graph.set_outputs(&roots);
    Bound {
        graph: fresh.graph,
        arrays: fresh.arrays,
        typed: fresh.typed,
    }
}

/// What stages 1–4 produced.
pub(crate) struct Planned {
    /// The graph as built.
    pub built: Graph,
    /// The graph after the passes.
    pub graph: Graph,
    /// What each pass did.
    pub trace: Trace,
    /// The kernels (when fusion ran).
    pub kernels: Option<KernelGraph>,
    /// The arrays bound to the inputs.
    pub arrays: Vec<crate::array::Array>,
    /// True when stages 2–4 were skipped: an identical graph was planned before
    /// ([`plan_cache`]), so `trace` (and its pass times) is that earlier plan's.
    pub cached: bool,
}

fn internal(stage: &'static str, e: impl std::fmt::Display) -> Error {
    Error::Value {
        op: stage,
        msg: format!("internal error (please report): {e}"),
    }
}

/// Stages 1–4: build, verify, optimize, and fuse when `fuse` is set.
pub(crate) fn plan(exprs: &[&Expr], opts: &EvalOptions, fuse: bool) -> Result<Planned> {
    plan_cached(bind(exprs), opts, fuse) // 1 build, then 2-4
}

/// Stages 2–4 through the plan cache (a graph with recorded errors is never cached).
fn plan_cached(bound: Bound, opts: &EvalOptions, fuse: bool) -> Result<Planned> {
    if !bound.graph.errors().is_empty() {
        return plan_bound(bound, opts, fuse);
    }
    let key = plan_cache::key(&bound.graph, opts.policy, fuse);
    if let Some(hit) = plan_cache::get(&key) {
        return Ok(Planned {
            built: hit.built.clone(),
            graph: hit.graph.clone(),
            trace: hit.trace.clone(),
            kernels: hit.kernels.clone(),
            arrays: bound.arrays,
            cached: true,
        });
    }
    let planned = plan_bound(bound, opts, fuse)?;
    plan_cache::put(key, &planned);
    Ok(planned)
}

/// Plans by graph: evaluating the same expression again (a loop calling `eval` on freshly
/// built expressions of the same structure, shapes and constants) skips verify, the passes and
/// fusion, which cost tens of microseconds, far more than running a small kernel.
///
/// Invariants:
/// 1. The key is everything stages 2–4 read: the built graph's nodes in arena order (ops,
///    literal constants, dtypes, shapes), its inputs and outputs, the float policy and whether
///    fusion runs. Arrays (pointers, strides) are not in it: the plan does not depend on them
///    and the runtime checks every buffer against the kernels.
/// 2. Only graphs without recorded errors are cached, so a hit never hides an error.
/// 3. Bounded: at most [`plan_cache::CAPACITY`] plans; a full cache is cleared.
pub(crate) mod plan_cache {
    use crate::ir::graph::Node;
    use crate::ir::kernel::KernelGraph;
    use crate::ir::trace::Trace;
    use crate::ir::{FloatPolicy, Graph, NodeId};
    use std::collections::HashMap;
    use std::sync::{Arc, Mutex, OnceLock};

    /// The most plans kept.
    pub const CAPACITY: usize = 512;

    /// What stages 1–4 depend on (invariant 1).
    #[derive(Clone, PartialEq, Eq, Hash)]
    pub(crate) struct Key {
        nodes: Vec<Node>,
        inputs: Vec<(String, NodeId)>,
        outputs: Vec<NodeId>,
        policy: FloatPolicy,
        fuse: bool,
    }

    /// A plan without its arrays.
    pub(crate) struct Entry {
        pub built: Graph,
        pub graph: Graph,
        pub trace: Trace,
        pub kernels: Option<KernelGraph>,
    }

    fn cache() -> &'static Mutex<HashMap<Key, Arc<Entry>>> {
        static CACHE: OnceLock<Mutex<HashMap<Key, Arc<Entry>>>> = OnceLock::new();
        CACHE.get_or_init(|| Mutex::new(HashMap::new()))
    }

    pub(crate) fn key(g: &Graph, policy: FloatPolicy, fuse: bool) -> Key {
        Key {
            nodes: g.ids().map(|id| g.node(id).clone()).collect(),
            inputs: g
                .inputs()
                .iter()
                .map(|i| (i.name.clone(), i.node))
                .collect(),
            outputs: g.outputs().to_vec(),
            policy,
            fuse,
        }
    }

    pub(crate) fn get(key: &Key) -> Option<Arc<Entry>> {
        let map = cache().lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).cloned()
    }

    pub(crate) fn put(key: Key, p: &super::Planned) {
        let entry = Arc::new(Entry {
            built: p.built.clone(),
            graph: p.graph.clone(),
            trace: p.trace.clone(),
            kernels: p.kernels.clone(),
        });
        let mut map = cache().lock().unwrap_or_else(|e| e.into_inner());
        if map.len() >= CAPACITY {
            map.clear();
        }
        map.insert(key, entry);
    }
}

/// Stages 2–4 (through the plan cache) for a graph built elsewhere, bound to `arrays`
/// (chunked evaluation's chunk graphs).
pub(crate) fn plan_graph(graph: Graph, arrays: Vec<Array>, opts: &EvalOptions) -> Result<Planned> {
    let bound = Bound {
        graph,
        arrays,
        typed: HashMap::new(),
    };
    plan_cached(bound, opts, fuses(opts))
}

/// Stages 2–4 for a graph already built.
pub(crate) fn plan_bound(bound: Bound, opts: &EvalOptions, fuse: bool) -> Result<Planned> {
    crate::ir::verify(&bound.graph) // 2 verify
        .map_err(|e| errors::from_verify(&bound.graph, &e, &bound.typed))?;
    let mut graph = bound.graph.clone();
    let mut cx = PassCx::new(opts.policy);
    let mut trace = Trace::default();
    crate::ir::optimize(&mut graph, &mut cx, &mut trace) // 3 simplify
        .map_err(|e| internal("optimize", e))?;
    let kernels = if fuse {
        Some(crate::ir::passes::fuse(&graph).map_err(|e| internal("fuse", e))?) // 4 fuse
    } else {
        None
    };
    Ok(Planned {
        built: bound.graph,
        graph,
        trace,
        kernels,
        arrays: bound.arrays,
        cached: false,
    })
}

/// What running did: which backend ran and why, the JIT's report, the eager
/// evaluator's per-node costs, the wall time.
#[derive(Clone, Debug, Default)]
pub(crate) struct RunRecord {
    /// Keep each compiled kernel's Cranelift IR in `report` (as `NUMFUSE_DEBUG=4` does).
    pub keep_ir: bool,
    pub backend: Backend,
    pub reason: String,
    pub report: jit::Report,
    pub eager: EagerStats,
    pub time: Duration,
}

/// The JIT's view of each array: its own layout (eval invariant 3).
pub(crate) fn views(arrays: &[Array]) -> Vec<jit::BufferView<'_>> {
    arrays
        .iter()
        .map(|a| jit::BufferView {
            ptr: a.base_ptr(),
            dtype: a.dtype(),
            shape: a.shape(),
            strides: a.strides(),
        })
        .collect()
}

/// THE DRIVER (STYLE §3): every stage, in order.
pub(crate) fn evaluate(
    exprs: &[&Expr],
    opts: &EvalOptions,
    record: &mut RunRecord,
) -> Result<(Planned, Vec<Array>)> {
    let planned = plan(exprs, opts, fuses(opts))?; // 1-4
    if let Decision::Chunk(c) = chunk::decide(&planned, opts) {
        let out = chunk::run(&planned, &c, opts, record, None)?; // 5-7, chunk by chunk
        return Ok((planned, out));
    }
    let out = run_planned(&planned, opts, record, None)?; // 5-7
    Ok((planned, out))
}

/// Whether planning must fuse: for the JIT, for `Auto`'s cost model, and for the
/// `NUMFUSE_DEBUG` kernel listing.
fn fuses(opts: &EvalOptions) -> bool {
    opts.backend != Backend::Eager || crate::explain::debug_level() > 0
}

/// Stages 5–7 on a plan: choose the backend, then lower, compile (cached) and run in the JIT,
/// or run eagerly. With `direct`, the JIT writes the plan's single output there (it must be a
/// unique, writable, C-contiguous buffer of the output's shape and dtype, overlapping no
/// input) and the result holds no array for it; an eager run still returns it.
pub(crate) fn run_planned(
    planned: &Planned,
    opts: &EvalOptions,
    record: &mut RunRecord,
    direct: Option<*mut u8>,
) -> Result<Vec<Array>> {
    let level = crate::explain::debug_level();
    let start = Instant::now();
    let views = views(&planned.arrays);
    let choice = match &planned.kernels {
        Some(kg) => choose(kg, &views, opts),
        None => Choice {
            backend: Backend::Eager,
            reason: "requested".to_string(),
            uncached: 0,
            work: 0,
        },
    };
    record.backend = choice.backend;
    record.reason = choice.reason;
    let out = match (choice.backend, &planned.kernels) {
        (Backend::Jit, Some(kg)) => {
            let level = if record.keep_ir { level.max(4) } else { level };
            run_jit(kg, &views, opts, level, &mut record.report, direct)?
        }
        _ => eager::run(&planned.graph, &planned.arrays, Some(&mut record.eager))?,
    };
    record.time = start.elapsed();
    if level > 0 {
        eprint!(
            "{}",
            crate::explain::debug_dump(planned, opts, record, level)
        );
    }
    Ok(out)
}

/// Stages 5–7 in the JIT: hands the kernel graph, the input views and the outputs (fresh
/// C-contiguous arrays, or `direct` for a single output) to the JIT. Its errors become
/// [`Error::Value`] (`op` "jit").
pub(crate) fn run_jit(
    kg: &KernelGraph,
    views: &[jit::BufferView<'_>],
    opts: &EvalOptions,
    level: u8,
    report: &mut jit::Report,
    direct: Option<*mut u8>,
) -> Result<Vec<Array>> {
    let err = |e: jit::Error| Error::Value {
        op: "jit",
        msg: e.to_string(),
    };
    let syms = jit_syms(kg, views);
    let shapes: Vec<Vec<usize>> = kg
        .outputs
        .iter()
        .map(|b| {
            let buf = kg.buffer(*b);
            buf.shape
                .dims()
                .iter()
                .map(|d| match d {
                    crate::ir::Dim::Fixed(n) => *n,
                    crate::ir::Dim::Sym(s) => syms.get(s.as_str()).copied().unwrap_or(0),
                })
                .collect()
        })
        .collect();
    let direct = direct.filter(|_| kg.outputs.len() == 1);
    // One fresh C-contiguous array per graph output, unless written directly.
    let mut outs: Vec<Array> = Vec::with_capacity(kg.outputs.len());
    let mut ptrs = Vec::with_capacity(kg.outputs.len());
    match direct {
        Some(ptr) => ptrs.push(ptr),
        None => {
            for (b, shape) in kg.outputs.iter().zip(&shapes) {
                outs.push(Array::try_zeros(shape, kg.buffer(*b).dtype, Order::C)?);
            }
            for a in &mut outs {
                ptrs.push(a.make_mut_ptr()?);
            }
        }
    }
    let mut muts: Vec<jit::BufferMut<'_>> = kg
        .outputs
        .iter()
        .zip(&ptrs)
        .zip(&shapes)
        .map(|((b, &ptr), shape)| jit::BufferMut {
            ptr,
            dtype: kg.buffer(*b).dtype,
            shape,
        })
        .collect();
    let options = jit_options(opts, level);
    // SAFETY: each view is built from a live array (the caller holds it for the whole call)
    // from its own layout, which Array invariant 1 keeps inside its buffer; each BufferMut is
    // either a fresh, uniquely owned, C-contiguous array of exactly its shape and dtype, or
    // `direct`, which the caller guarantees is the same (`run_planned`'s contract): neither
    // overlaps an input or another output. The runtime checks shapes against the views.
    unsafe { jit::run(kg, views, &mut muts, &EagerHost, &options, report) }.map_err(err)?;
    drop(muts);
    // The runtime writes every output, copying a node returned twice (jit `runtime.rs`).
    Ok(outs)
}

/// The JIT's options for an evaluation under `opts` at `NUMFUSE_DEBUG` level `level` (what
/// `Auto`'s cache probe must ask with, too: the math implementation is part of the key).
pub(crate) fn jit_options(opts: &EvalOptions, level: u8) -> jit::Options {
    jit::Options {
        threads: opts.threads,
        keep_ir: level >= 4,
        // Strict is bit-exact with eager: libm calls; otherwise the inline routines (ulp bounds).
        math: if opts.policy == FloatPolicy::Strict {
            jit::MathImpl::Libm
        } else {
            jit::MathImpl::Inline
        },
    }
}

/// The lengths the inputs give the kernel graph's symbols (none for a graph of fixed
/// shapes); a mismatch is left for the runtime to report.
fn jit_syms(kg: &KernelGraph, views: &[jit::BufferView<'_>]) -> HashMap<String, usize> {
    let mut syms = HashMap::new();
    for b in &kg.buffers {
        let crate::ir::kernel::BufferKind::Input(i) = b.kind else {
            continue;
        };
        if let Some(v) = views.get(i as usize) {
            for (d, &len) in b.shape.dims().iter().zip(v.shape) {
                if let crate::ir::Dim::Sym(s) = d {
                    syms.entry(s.as_str().to_string()).or_insert(len);
                }
            }
        }
    }
    syms
}

/// Library calls for the JIT runtime, computed by the eager library.
struct EagerHost;

impl jit::Host for EagerHost {
    fn call(
        &self,
        f: LibCall,
        args: &[jit::BufferView<'_>],
        out: jit::BufferMut<'_>,
    ) -> std::result::Result<(), String> {
        // SAFETY: the runtime's contract (`jit::run`) makes every view readable over its shape.
        let arrays: Vec<Array> = args
            .iter()
            .map(|v| unsafe { array_from_view(v) })
            .collect::<Result<_>>()
            .map_err(|e| e.to_string())?;
        match (f, arrays.as_slice()) {
            (LibCall::Matmul, [a, b]) => {
                // SAFETY: `out` is valid for writes of its whole C-contiguous extent (the
                // runtime's contract) and cannot overlap the fresh copies in `arrays`;
                // `matmul_into` checks that its shape and dtype are the product's first.
                let written = unsafe {
                    crate::linalg::matmul::matmul_into(a, b, out.ptr, out.shape, out.dtype)
                };
                written.map_err(|e| format!("{f}: {e}"))?
            }
            _ => return Err(format!("{f}: wrong number of operands ({})", args.len())),
        }
        Ok(())
    }
}

/// A fresh C-contiguous copy of the strided buffer `v`, copied a contiguous run at a time (the
/// trailing axes whose strides are C-contiguous; the whole buffer in one copy when `v` is).
///
/// # Safety
/// `v` must address readable memory of its dtype at every index of its shape.
unsafe fn array_from_view(v: &jit::BufferView<'_>) -> Result<Array> {
    let mut a = Array::try_zeros(v.shape, v.dtype, Order::C)?;
    if a.size() == 0 {
        return Ok(a);
    }
    let dst = a.make_mut_ptr()?;
    let item = v.dtype.itemsize();
    // Axes `inner..` are one C-contiguous run of `run` elements in `v`.
    let (mut inner, mut run) = (v.shape.len(), 1usize);
    while inner > 0 {
        let ax = inner - 1;
        if v.shape[ax] != 1 && v.strides[ax] != (run * item) as isize {
            break;
        }
        run *= v.shape[ax];
        inner = ax;
    }
    let outer = &v.shape[..inner];
    let mut index = vec![0usize; outer.len()];
    for k in 0..a.size() / run {
        let off: isize = index
            .iter()
            .zip(v.strides)
            .map(|(&i, &s)| i as isize * s)
            .sum();
        // SAFETY: `index` is inside the outer shape, so `off` reaches the first element of a
        // contiguous run of `run` elements of `v` (the caller's contract and the loop above);
        // `dst` holds `size = (size / run) * run` elements of `item` bytes and `k < size / run`.
        unsafe {
            std::ptr::copy_nonoverlapping(v.ptr.offset(off), dst.add(k * run * item), run * item);
        }
        for ax in (0..outer.len()).rev() {
            index[ax] += 1;
            if index[ax] < outer[ax] {
                break;
            }
            index[ax] = 0;
        }
    }
    Ok(a)
}

impl Expr {
    /// Evaluates the expression with the default options ([`Backend::Auto`], `Algebraic` policy).
    ///
    /// # Errors
    /// The error of the first invalid node, as the eager call would return it, wrapped in
    /// [`Error::Expr`] naming the expression (`add a, b`); a runtime error of the backend.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![[1.0, 2.0], [3.0, 4.0]];
    /// let y = (a.lazy().t() * 10.0).sum(0).eval()?;
    /// assert_eq!(y.to_vec::<f64>()?, vec![30.0, 70.0]);
    /// let bad = (a.lazy() + &array![1.0, 2.0, 3.0]).eval().unwrap_err();
    /// assert!(bad.to_string().contains("could not be broadcast"));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn eval(&self) -> Result<Array> {
        self.eval_with(&EvalOptions::default())
    }

    /// Evaluates with explicit options.
    ///
    /// # Errors
    /// As [`Expr::eval`].
    pub fn eval_with(&self, opts: &EvalOptions) -> Result<Array> {
        let mut record = RunRecord::default();
        let (_, mut out) = evaluate(&[self], opts, &mut record)?;
        out.pop().ok_or_else(|| internal("eval", "no output"))
    }

    /// Evaluates into `out` (an [`Array`] or an [`ArrayViewMut`](crate::ArrayViewMut)), which
    /// must have the expression's shape and dtype.
    ///
    /// # Errors
    /// As [`Expr::eval`], plus [`Error::Shape`] or [`Error::DType`] for a mismatched `out` and
    /// [`Error::ReadOnly`] for a read-only one.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut out = Array::zeros(&[2, 3], DType::F64);
    /// let a = Array::ones(&[3], DType::F64);
    /// (a.lazy() * 2.0).eval_into(&mut out.slice_mut(s![1])?)?;
    /// assert_eq!(out.to_vec::<f64>()?, vec![0.0, 0.0, 0.0, 2.0, 2.0, 2.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn eval_into(&self, out: &mut dyn OutArg) -> Result<()> {
        self.eval_into_with(out, &EvalOptions::default())
    }

    /// [`Expr::eval_into`] with explicit options.
    ///
    /// When the JIT runs and `out` is C-contiguous, the kernels write straight into it (no
    /// temporary result, no copy); otherwise the result is computed, then copied (with the
    /// strides of `out`). `out` never aliases an input: [`OutArg::target`] makes its buffer
    /// unique first (copy-on-write), and every array the expression reads holds its own
    /// reference to its buffer, so `(a.lazy() * 2.0).eval_into(&mut a)` reads the old `a`.
    ///
    /// # Errors
    /// As [`Expr::eval_into`].
    pub fn eval_into_with(&self, out: &mut dyn OutArg, opts: &EvalOptions) -> Result<()> {
        let planned = plan(&[self], opts, fuses(opts))?; // 1-4
        let (shape, dtype) = match planned.graph.outputs() {
            [o] => {
                let n = planned.graph.node(*o);
                (super::dims(&n.shape), n.dtype)
            }
            _ => return Err(internal("eval_into", "not one output")),
        };
        let (ptr, layout, out_dtype) = out.target()?;
        if layout.shape[..] != shape[..] {
            return Err(Error::Shape {
                op: "eval_into",
                msg: format!(
                    "output shape {:?} does not match the result shape {shape:?}",
                    &layout.shape[..]
                ),
            });
        }
        if out_dtype != dtype {
            return Err(Error::DType {
                op: "eval_into",
                got: out_dtype,
                expected: dtype.name().to_string(),
            });
        }
        if let Decision::Chunk(c) = chunk::decide(&planned, opts) {
            // Chunk by chunk, each block of rows written into `out` (a memory-mapped output
            // keeps a result larger than RAM out of memory).
            let mut record = RunRecord::default();
            let target = chunk::Target {
                ptr,
                layout: &layout,
                dtype,
                array: out.as_array(),
            };
            chunk::run(&planned, &c, opts, &mut record, Some(target))?;
            return Ok(());
        }
        // The direct path: a C-contiguous destination of the result's shape and dtype, made
        // unique by `target()` (so it overlaps no input, see above).
        let direct = layout.is_c_contiguous(dtype.itemsize()).then_some(ptr);
        let mut record = RunRecord::default();
        let mut results = run_planned(&planned, opts, &mut record, direct)?; // 5-7
        if direct.is_some() && record.backend == Backend::Jit {
            return Ok(());
        }
        let result = results
            .pop()
            .ok_or_else(|| internal("eval_into", "no output"))?;
        // SAFETY: `target()` made the destination unique and writable with this layout and
        // dtype; `result` is a fresh array, so it cannot overlap the destination.
        unsafe { crate::array::cast::copy_cast_into(&result, ptr, &layout, dtype) };
        Ok(())
    }
}

/// Evaluates several expressions as one graph: work they share is done once.
///
/// # Errors
/// As [`Expr::eval`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::lazy::eval_many;
/// let x = array![1.0, 2.0, 3.0].lazy();
/// let e = x.exp();
/// let outs = eval_many(&[&e.sum(None), &(&e * 2.0)])?;
/// assert_eq!(outs.len(), 2);
/// assert_eq!(outs[1].shape(), &[3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn eval_many(exprs: &[&Expr]) -> Result<Vec<Array>> {
    eval_many_with(exprs, &EvalOptions::default())
}

/// [`eval_many`] with explicit options.
///
/// # Errors
/// As [`Expr::eval`].
pub fn eval_many_with(exprs: &[&Expr], opts: &EvalOptions) -> Result<Vec<Array>> {
    if exprs.is_empty() {
        return Ok(Vec::new());
    }
    let mut record = RunRecord::default();
    Ok(evaluate(exprs, opts, &mut record)?.1)
}

//! `numfuse-jit`: fused kernels from [`numfuse_ir::kernel`] lowered through Cranelift into
//! native loops, and the runtime that runs a [`KernelGraph`] over raw strided buffers.
//!
//! This crate knows machine code and raw memory but not `numfuse::Array`: the `numfuse` crate
//! turns its arrays into [`BufferView`]s, allocates the outputs, and runs library calls for
//! the runtime through [`Host`]. Keeping the JIT out of the main crate lets it be built and
//! tested alone (the main crate's generic eager code takes minutes to compile).
//!
//! | stage | module | entry point |
//! |---|---|---|
//! | lower | `lower` (+ `vmath`) | `Kernel` → Cranelift function |
//! | compile + cache | `cache` | compiled kernels keyed by structure, never by sizes or constants |
//! | run | `runtime` | [`run`]: temporaries, rayon chunks, fixed-order reduction partials |
//!
//! What a run computes (each point is tested against `numfuse_ir::interp`, see `jit/tests/`):
//!
//! - Elementwise ops, casts and `where` give the interpreter's values bit for bit, for all 11
//!   dtypes and any strides (negative, zero), scalar or vector (`f64x2`, `f32x4`, integer
//!   lanes), on one thread or many. Transcendentals call the same Rust/libm functions as
//!   `numfuse_ir::eval` under [`MathImpl::Libm`]; under [`MathImpl::Inline`] (the default)
//!   they are the inline routines of `vmath`, within their stated ulp bounds. One difference is deliberate: a NaN computed by the hardware keeps
//!   its sign (x86 makes `0/0` negative), which `copysign` can see; the interpreter makes every
//!   NaN positive.
//! - Reductions fold in the interpreter's order, exactly, up to [`VEC_REDUCE_MIN`] reduced
//!   elements per output (and for integers, `any`/`all`, `argmin`/`argmax` always). Beyond,
//!   float `sum`/`prod`/`mean` use vector accumulators and per-[`CHUNK`] partials combined in
//!   chunk order: within `(n - 1)·ε·Σ|x|` of the in-order fold, and identical whatever the
//!   thread count. Float `max`/`min` stay exact except for the sign of a `±0` tie.
//! - Scans run in order along their axis, exactly.

mod cache;
mod compile;
mod lower;
mod runtime;
mod vmath;

pub use cache::{CAPACITY, cached_kernels};
pub use runtime::{CHUNK, VEC_REDUCE_MIN};

use numfuse_ir::DType;
use numfuse_ir::kernel::KernelGraph;
use numfuse_ir::op::LibCall;
use std::fmt;
use std::time::Duration;

/// A read-only strided buffer: where its element `[0, 0, ..]` is, its dtype, shape and byte
/// strides (any sign, 0 for broadcast axes).
#[derive(Clone, Copy, Debug)]
pub struct BufferView<'a> {
    /// Address of the element at index 0 on every axis.
    pub ptr: *const u8,
    /// Element type.
    pub dtype: DType,
    /// Axis lengths.
    pub shape: &'a [usize],
    /// Byte strides, one per axis.
    pub strides: &'a [isize],
}

/// A writable, C-contiguous buffer.
#[derive(Debug)]
pub struct BufferMut<'a> {
    /// Address of element 0.
    pub ptr: *mut u8,
    /// Element type.
    pub dtype: DType,
    /// Axis lengths.
    pub shape: &'a [usize],
}

/// What the runtime asks of the caller: library calls, which run the eager implementation.
pub trait Host: Sync {
    /// Computes `f(args)` into `out` (C-contiguous, of the call's result dtype and shape).
    ///
    /// # Errors
    /// A message when the eager implementation fails.
    fn call(&self, f: LibCall, args: &[BufferView<'_>], out: BufferMut<'_>) -> Result<(), String>;
}

/// How to run: threads, transcendentals and diagnostics.
///
/// ```
/// use numfuse_jit::{MathImpl, Options};
/// // Bit-identical to the eager kernels, on the calling thread:
/// let exact = Options { threads: Some(1), math: MathImpl::Libm, ..Options::default() };
/// assert_eq!(Options::default().math, MathImpl::Inline);
/// # let _ = exact;
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    /// `None`: the cost model decides per kernel between the calling thread and rayon's pool;
    /// `Some(1)`: always the calling thread.
    pub threads: Option<usize>,
    /// Keep each kernel's Cranelift IR text in the report (`NUMFUSE_DEBUG=4`).
    pub keep_ir: bool,
    /// How transcendental float ops (`exp`, `log`, `sin`, `power`, ...) are computed. Part of
    /// the kernel cache key: a kernel compiled one way is never reused for the other.
    pub math: MathImpl,
}

/// How generated code computes transcendental float functions.
///
/// The ops concerned are `exp`, `exp2`, `expm1`, `log`, `log2`, `log10`, `log1p`, `sin`,
/// `cos`, `tan`, `arcsin`, `arccos`, `arctan`, `sinh`, `cosh`, `tanh`, `arcsinh`, `arccosh`,
/// `arctanh`, `cbrt` and the binary `power`, `arctan2`, `hypot`, on `f32` and `f64`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MathImpl {
    /// A call per element to the functions the eager kernels call (Rust's `f64::exp`, which
    /// is the platform libm, ...): results bit-identical to eager, at scalar speed.
    Libm,
    /// Polynomial routines emitted inline in the kernel, vectorised (`f64x2`/`f32x4`) in the
    /// vector loop and the same routine on one lane in the scalar loop, so an element's
    /// result depends only on its value. Each is within a stated bound of libm (1 ulp for
    /// most, 2 for `log10`, `tanh`, `sinh`, `cosh`, `arcsinh`, `arccosh`), with libm's special
    /// values (signed zeros, infinities, NaN, subnormals). On a CPU without FMA and SSE4.1
    /// (or not x86-64) kernels use [`MathImpl::Libm`] instead.
    #[default]
    Inline,
}

/// Whether a kernel came from the cache.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CacheOutcome {
    /// Found compiled.
    Hit,
    /// Compiled now; why no cached kernel fitted (e.g. "first use", "new dtype f32").
    Miss(String),
    /// Not compiled: a library call run by the host, or run another way (with the reason).
    NotCompiled(String),
}

/// What happened to one kernel of a run.
#[derive(Clone, Debug, PartialEq)]
pub struct KernelReport {
    /// The kernel's name (`E_1000`).
    pub name: String,
    /// Cache hit or miss.
    pub cache: CacheOutcome,
    /// Time spent compiling (zero on a hit).
    pub compile: Duration,
    /// Time spent running.
    pub run: Duration,
    /// Threads used, and why (the cost model's reason).
    pub threads: (usize, String),
    /// Vector width used for the innermost loop (1 = scalar), and why.
    pub lanes: (usize, String),
    /// Bytes read and written.
    pub bytes: (u64, u64),
    /// Cranelift IR, when [`Options::keep_ir`] is set.
    pub ir: Option<String>,
}

/// Per-kernel reports of one [`run`].
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Report {
    /// One per kernel, in execution order.
    pub kernels: Vec<KernelReport>,
}

/// What can go wrong in the JIT.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Error {
    /// The buffers given do not match the kernel graph (count, dtype, shape).
    Buffers(String),
    /// Cranelift refused the function (a bug in lowering, or an unsupported type).
    Compile(String),
    /// A library call failed in the host.
    Call(String),
    /// A runtime condition NumPy raises on (e.g. integer `**` a negative integer).
    Value(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Buffers(m) => write!(f, "buffers do not match the kernels: {m}"),
            Error::Compile(m) => write!(f, "JIT compilation failed: {m}"),
            Error::Call(m) => write!(f, "library call failed: {m}"),
            Error::Value(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for Error {}

/// What [`probe`] found for one kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Probe {
    /// The kernel's name (`E_1000`).
    pub name: String,
    /// Elements of its loop domain for these inputs (for a reduction, the reduced ones too).
    pub elements: usize,
    /// `Some(true)` when its compiled code is in the cache for these inputs' dtypes and
    /// layouts, `Some(false)` when a run would compile it, `None` for a library call.
    pub cached: Option<bool>,
}

/// Per kernel of `graph`, whether a [`run`] over `inputs` with `options` would find it
/// compiled (the cache key includes [`Options::math`]), and its
/// loop size: what a caller's cost model needs to choose between compiling and another
/// backend. Compiles nothing, runs nothing and reads no memory (the pointers are only used
/// for address arithmetic, so the call is safe).
///
/// # Errors
/// As [`run`] for inputs that do not match the graph, or maps out of bounds.
pub fn probe(
    graph: &KernelGraph,
    inputs: &[BufferView<'_>],
    options: &Options,
) -> Result<Vec<Probe>, Error> {
    runtime::probe(graph, inputs, options)
}

/// Runs every kernel of `graph` in order: `inputs[k]` is the graph's input `k`, `outputs[k]`
/// receives output `k`. Temporaries are allocated here. Kernels are compiled on first use and
/// cached (process-wide) by structure.
///
/// # Safety
/// Every `BufferView` must address readable memory of its dtype at every index of its shape
/// (through its strides) for the duration of the call; every `BufferMut` must be valid for
/// writes of its whole C-contiguous extent and must not overlap any input or other output.
///
/// # Errors
/// Mismatched buffers, a compilation failure, a failed library call.
pub unsafe fn run(
    graph: &KernelGraph,
    inputs: &[BufferView<'_>],
    outputs: &mut [BufferMut<'_>],
    host: &dyn Host,
    options: &Options,
    report: &mut Report,
) -> Result<(), Error> {
    // SAFETY: the caller upholds this function's contract, which is `runtime::run`'s.
    unsafe { runtime::run(graph, inputs, outputs, host, options, report) }
}

//! Stage 5a, choose: the backend of one run. [`Backend::Auto`]'s cost model weighs compiling
//! the kernels the JIT does not have cached against running the graph eagerly.
//!
//! Invariants:
//! 1. Asking costs no compile and reads no memory: [`numfuse_jit::probe`] only computes the
//!    kernels' cache keys from the buffers' layouts.
//! 2. An explicit `Backend::Jit` or `Backend::Eager` is never overridden.
//! 3. Every choice carries its reason in words, which `explain_analyze`, `NUMFUSE_DEBUG` and a
//!    `JitFn`'s `CallReport` print.

use super::eval::EvalOptions;
use crate::Backend;
use crate::ir::kernel::KernelGraph;
use numfuse_jit as jit;

/// [`Backend::Auto`] runs eagerly when the kernels a run would compile are not cached and the
/// work — the elements of every kernel's loop, summed over the kernels — is below this.
///
/// Why 32K: compiling costs about [`COMPILE_NS`] per kernel, while running the eager library
/// instead costs about [`EAGER_NS_PER_ELEMENT`] per element and kernel more than the compiled
/// loop (both measured on this project's machines, `examples/overhead.rs`). Below 32K the eager
/// run takes at most about 32K × 2 ns ≈ 65 µs, an order of magnitude less than one compile, so
/// a one-off evaluation is faster eagerly; above it, a few repeated evaluations repay the
/// compile. Once compiled (by a larger run, or `Backend::Jit`), the kernels are used at any size.
pub const AUTO_EAGER_MAX_WORK: usize = 1 << 15;

/// The estimated cost of compiling one kernel, in nanoseconds (Cranelift at `opt_level`
/// "none", measured 0.3–1.5 ms per kernel here).
pub const COMPILE_NS: u64 = 1_000_000;

/// The estimated cost of an eager evaluation per element of each kernel's loop, in
/// nanoseconds (per-op dispatch and temporaries of the eager library, measured here).
pub const EAGER_NS_PER_ELEMENT: u64 = 2;

/// The backend a run uses and why (`Auto`'s cost model, or the request).
#[derive(Clone, Debug)]
pub(crate) struct Choice {
    /// `Jit` or `Eager`, never `Auto`.
    pub backend: Backend,
    /// Why, in words (`explain_analyze`, `NUMFUSE_DEBUG`).
    pub reason: String,
    /// Compiled kernels the JIT would have to compile first (0 when not probed).
    pub uncached: usize,
    /// Elements summed over the kernels' loops.
    pub work: usize,
}

/// `1,000,000`: an integer with thousands separators.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A time in nanoseconds as `~1 ms` / `~2 µs`.
pub(crate) fn approx_ns(ns: u64) -> String {
    if ns >= 1_000_000 {
        format!("~{} ms", ns.div_ceil(1_000_000))
    } else {
        format!("~{} µs", ns.div_ceil(1_000).max(1))
    }
}

/// The backend for running `kg` over `views` under `opts`: the requested one, or for
/// [`Backend::Auto`] the cost model of [`AUTO_EAGER_MAX_WORK`] (the JIT is asked, without
/// compiling, which kernels it has cached).
pub(crate) fn choose(
    kg: &KernelGraph,
    views: &[jit::BufferView<'_>],
    opts: &EvalOptions,
) -> Choice {
    let requested = |backend: Backend| Choice {
        backend,
        reason: "requested".to_string(),
        uncached: 0,
        work: 0,
    };
    match opts.backend {
        Backend::Jit => return requested(Backend::Jit),
        Backend::Eager => return requested(Backend::Eager),
        Backend::Auto => {}
    }
    let probes = match jit::probe(kg, views, &super::eval::jit_options(opts, 0)) {
        Ok(p) => p,
        // The run reports the mismatch; the JIT's message is the precise one.
        Err(e) => {
            return Choice {
                backend: Backend::Jit,
                reason: format!("the cost model could not size the run ({e})"),
                uncached: 0,
                work: 0,
            };
        }
    };
    let work: usize = probes
        .iter()
        .filter(|p| p.cached.is_some())
        .map(|p| p.elements)
        .fold(0, usize::saturating_add);
    let uncached = probes.iter().filter(|p| p.cached == Some(false)).count();
    let elements = thousands(work);
    let (backend, reason) = if uncached == 0 {
        (Backend::Jit, format!("{elements} elements, kernels cached"))
    } else if work >= AUTO_EAGER_MAX_WORK {
        (
            Backend::Jit,
            format!(
                "{elements} elements >= {}: compiling {uncached} kernel{} pays",
                thousands(AUTO_EAGER_MAX_WORK),
                if uncached == 1 { "" } else { "s" }
            ),
        )
    } else {
        let compile = COMPILE_NS * uncached as u64;
        let eager = EAGER_NS_PER_ELEMENT * work as u64;
        (
            Backend::Eager,
            format!(
                "{elements} elements, {uncached} kernel{} not cached, compile {} > work {}",
                if uncached == 1 { "" } else { "s" },
                approx_ns(compile),
                approx_ns(eager)
            ),
        )
    };
    Choice {
        backend,
        reason,
        uncached,
        work,
    }
}

//! The mid-end: passes that rewrite a [`Graph`] into an equivalent, simpler one, and the
//! fusion partitioner that cuts it into kernels.
//!
//! Every pass has the signature `fn run(&mut Graph, &mut PassCx) -> Changed` and reports each
//! rewrite it makes to `cx` (rule name, before, after), which `explain` and the filetests print.
//! [`optimize`] runs [`PASSES`] in order, verifying between passes when `cx.verify` is set.

pub mod cse;
pub mod dce;
pub mod fold;
pub mod fuse;
pub mod simplify;

pub use fuse::fuse;

use crate::error::VerifyErrors;
use crate::graph::Graph;
use crate::trace::{PassRecord, Rewrite, StopReason, Trace};
use std::time::Instant;

/// Which rewrites of floating-point arithmetic are allowed. Integer and boolean arithmetic is
/// exact under every policy (wrapping included), so integer rewrites are always `Strict`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FloatPolicy {
    /// Only rewrites that give bit-identical results for every input, NaN and infinities
    /// included (`x * 1 => x`, `x * 2 => x + x`, `x / 2^k => x * 2^-k`, `x ** 2 => x * x`).
    Strict,
    /// The default: also rewrites that reassociate or collect like terms. For finite inputs
    /// whose intermediate results do not overflow, each such rewrite changes a result by at
    /// most the bound in its rule's doc line; an intermediate overflow can change `inf` to a
    /// finite value or back (`a*3 - a*2`).
    #[default]
    Algebraic,
    /// Also assumes every value is finite and not NaN: `x - x => 0`, `x * 0 => 0`.
    Fast,
}

impl FloatPolicy {
    /// The name used by `set float_policy=...` in filetests and by `explain`.
    pub const fn name(self) -> &'static str {
        match self {
            FloatPolicy::Strict => "strict",
            FloatPolicy::Algebraic => "algebraic",
            FloatPolicy::Fast => "fast",
        }
    }
}

impl std::str::FromStr for FloatPolicy {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "strict" => Ok(FloatPolicy::Strict),
            "algebraic" => Ok(FloatPolicy::Algebraic),
            "fast" => Ok(FloatPolicy::Fast),
            _ => Err(format!(
                "unknown float policy {s:?} (expected strict, algebraic or fast)"
            )),
        }
    }
}

/// Whether a pass changed the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Changed {
    /// The graph is as it was.
    No,
    /// At least one rewrite happened.
    Yes,
}

/// What a pass gets besides the graph: options, and where to record what it did.
#[derive(Debug)]
pub struct PassCx {
    /// Which float rewrites are allowed.
    pub policy: FloatPolicy,
    /// The most rewrites a fixpoint pass may make before it stops (`StopReason::FuelExhausted`).
    pub fuel: u32,
    /// Run the verifier after every pass (on in debug builds and in tests).
    pub verify: bool,
    /// The record of the pass now running; [`optimize`] moves it into the trace.
    pub record: PassRecord,
}

impl PassCx {
    /// Options for `policy`, with the default fuel and verification on in debug builds.
    pub fn new(policy: FloatPolicy) -> PassCx {
        PassCx {
            policy,
            fuel: 10_000,
            verify: cfg!(debug_assertions),
            record: PassRecord::default(),
        }
    }

    /// Records one rewrite made by `rule`.
    pub fn rewrote(&mut self, rule: &'static str, before: String, after: String) {
        self.record.rewrites.push(Rewrite {
            rule,
            before,
            after,
        });
    }

    /// Records how a fixpoint pass stopped.
    pub fn stopped(&mut self, reason: StopReason) {
        self.record.stop = Some(reason);
    }
}

/// A mid-end pass: its name (in `explain`, timings and filetest commands), a one-line
/// description and its entry point.
#[derive(Clone, Copy, Debug)]
pub struct Pass {
    /// The name.
    pub name: &'static str,
    /// What it does, in a few words.
    pub desc: &'static str,
    /// The entry point.
    pub run: fn(&mut Graph, &mut PassCx) -> Changed,
}

/// Every mid-end pass, in pipeline order. Names appear in `explain`, timings and filetests.
pub const PASSES: &[Pass] = &[
    Pass {
        name: "fold",
        desc: "constant folding",
        run: fold::run,
    },
    Pass {
        name: "simplify",
        desc: "algebraic simplification",
        run: simplify::run,
    },
    Pass {
        name: "cse",
        desc: "common subexpression elimination",
        run: cse::run,
    },
    Pass {
        name: "dce",
        desc: "dead code elimination",
        run: dce::run,
    },
];

/// Looks a pass up by name.
pub fn pass(name: &str) -> Option<&'static Pass> {
    PASSES.iter().find(|p| p.name == name)
}

/// Runs one pass, recording it in `trace` (and verifying afterwards when `cx.verify` is set).
///
/// # Errors
/// The verifier's findings when the pass produced an invalid graph (a bug in the pass).
pub fn run_pass(
    pass: &Pass,
    graph: &mut Graph,
    cx: &mut PassCx,
    trace: &mut Trace,
) -> Result<Changed, VerifyErrors> {
    cx.record = PassRecord {
        pass: pass.name,
        ..PassRecord::default()
    };
    let start = Instant::now();
    let changed = (pass.run)(graph, cx);
    cx.record.time = start.elapsed();
    if changed == Changed::Yes {
        cx.record.after = Some(crate::text::print(graph));
    }
    trace.passes.push(std::mem::take(&mut cx.record));
    if cx.verify {
        crate::verify::verify(graph)?;
    }
    Ok(changed)
}

/// Runs every pass of [`PASSES`] once, in order.
///
/// # Errors
/// The verifier's findings if a pass produced an invalid graph (a bug in the pass).
pub fn optimize(graph: &mut Graph, cx: &mut PassCx, trace: &mut Trace) -> Result<(), VerifyErrors> {
    for pass in PASSES {
        run_pass(pass, graph, cx, trace)?;
    }
    Ok(())
}

/// Convenience for a fixpoint: records `Saturated` or `FuelExhausted`.
pub fn stop_reason(iterations: u32, rewrites: u32, fuel: u32) -> StopReason {
    if rewrites >= fuel {
        StopReason::FuelExhausted(rewrites)
    } else {
        StopReason::Saturated(iterations)
    }
}

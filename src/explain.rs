//! Stage 8, report: `explain`, `explain_analyze` and the `NUMFUSE_DEBUG` dumps, built from the
//! IR's one text form ([`ir::text::print`](crate::ir::text::print), the kernel listing) and the
//! passes' [`Trace`](crate::ir::trace::Trace).
//!
//! Sections, in pipeline order (STYLE §7):
//!
//! ```text
//! numfuse explain  policy=algebraic  backend=jit  threads=auto
//!
//! -- graph as built: 4 nodes --
//! graph %expr(a: f64[5]) -> f64[5] { ... }
//!
//! -- pass fold: no change --
//! -- pass simplify: 1 rewrite, saturated after 2 iterations --
//!     like_terms   add (multiply a, 2.0), (multiply a, 3.0)  =>  multiply a, 5.0
//! graph %expr(a: f64[5]) -> f64[5] { ... }
//! -- pass cse: no change --
//! -- pass dce: no change --
//!
//! -- kernels: 1 --
//! kernels %expr: 1 ...
//!
//! -- codegen --
//! ```
//!
//! Invariants: `explain()` is deterministic — no times, no addresses, no thread counts that
//! depend on the machine — so it can be golden-tested. Times appear only in `explain_analyze`
//! and in `NUMFUSE_DEBUG` level 2 and above.
//!
//! `NUMFUSE_DEBUG` levels (printed to stderr at each evaluation):
//!
//! | level | adds |
//! |---|---|
//! | 1 | the kernels, the backend and why (`backend: eager — 1,000 elements, 1 kernel not cached, compile ~1 ms > work ~2 µs`), and per kernel the cache hit/miss |
//! | 2 | per-kernel time and GB/s |
//! | 3 | the graph as built and after each pass, with the rules that fired |
//! | 4 | the Cranelift IR of each compiled kernel |
//! | 5 | the machine code (when the JIT provides it) |

use crate::Result;
use crate::lazy::{Backend, EvalOptions, Expr};
use crate::lazy::{Planned, RunRecord};
use numfuse_jit::CacheOutcome;
use std::fmt::Write as _;
use std::time::Duration;

/// The `NUMFUSE_DEBUG` level: 0 when unset or not a number.
pub(crate) fn debug_level() -> u8 {
    std::env::var("NUMFUSE_DEBUG")
        .ok()
        .and_then(|v| v.trim().parse::<u8>().ok())
        .unwrap_or(0)
}

fn header(out: &mut String, what: &str, opts: &EvalOptions) {
    let threads = match opts.threads {
        None => "auto".to_string(),
        Some(n) => n.to_string(),
    };
    let budget = match opts.memory_budget {
        None => String::new(),
        Some(b) => format!("  memory_budget={b}"),
    };
    let _ = writeln!(
        out,
        "numfuse {what}  policy={}  backend={}  threads={threads}{budget}",
        opts.policy.name(),
        opts.backend.name()
    );
}

fn built(out: &mut String, p: &Planned) {
    let g = &p.built;
    let nodes = g
        .topo_order()
        .iter()
        .filter(|id| !matches!(g.node(**id).op, crate::ir::Op::Const(_)))
        .count();
    let s = if nodes == 1 { "" } else { "s" };
    let _ = writeln!(out, "\n-- graph as built: {nodes} node{s} --");
    out.push_str(&crate::ir::print(g));
}

fn passes(out: &mut String, p: &Planned) {
    out.push('\n');
    for rec in &p.trace.passes {
        let n = rec.rewrites.len();
        if n == 0 && rec.after.is_none() {
            let _ = writeln!(out, "-- pass {}: no change --", rec.pass);
            continue;
        }
        let s = if n == 1 { "" } else { "s" };
        let stop = rec.stop.map(|r| format!(", {r}")).unwrap_or_default();
        let _ = writeln!(out, "-- pass {}: {n} rewrite{s}{stop} --", rec.pass);
        for r in &rec.rewrites {
            let _ = writeln!(out, "    {:<12} {}  =>  {}", r.rule, r.before, r.after);
        }
        if let Some(after) = &rec.after {
            out.push_str(after);
        }
    }
}

fn kernels(out: &mut String, p: &Planned) {
    if let Some(kg) = &p.kernels {
        let _ = writeln!(out, "\n-- kernels: {} --", kg.kernels.len());
        let _ = write!(out, "{kg}");
        if !out.ends_with('\n') {
            out.push('\n');
        }
    }
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

fn gbps(bytes: u64, d: Duration) -> String {
    let s = d.as_secs_f64();
    if s > 0.0 {
        format!("{:.2} GB/s", bytes as f64 / s / 1e9)
    } else {
        "- GB/s".to_string()
    }
}

/// The codegen section: per kernel, the cache outcome (and, with `times`, compile time);
/// with `ir`, the Cranelift IR the report kept.
fn codegen(out: &mut String, run: &RunRecord, times: bool, ir: bool) {
    out.push_str("\n-- codegen --\n");
    let _ = writeln!(out, "backend: {} — {}", run.backend.name(), run.reason);
    if run.backend == Backend::Eager {
        out.push_str("not compiled: backend=eager\n");
        return;
    }
    for (k, r) in run.report.kernels.iter().enumerate() {
        let cache = match &r.cache {
            CacheOutcome::Hit => "cache hit".to_string(),
            CacheOutcome::Miss(why) => format!("cache miss ({why})"),
            CacheOutcome::NotCompiled(why) => format!("not compiled ({why})"),
        };
        let _ = write!(out, "k{k} {}  {cache}", r.name);
        if times {
            let _ = write!(out, "  compile {}", ms(r.compile));
        }
        out.push('\n');
        if ir && let Some(text) = &r.ir {
            out.push_str(text);
            if !text.ends_with('\n') {
                out.push('\n');
            }
        }
    }
}

/// The run section: per kernel (or, on the eager path, per node) time and GB/s, and the pass
/// times.
fn timings(out: &mut String, p: &Planned, run: &RunRecord) {
    let _ = writeln!(
        out,
        "\n-- run: {}, total {} --",
        run.backend.name(),
        ms(run.time)
    );
    if run.backend == Backend::Jit {
        for (k, r) in run.report.kernels.iter().enumerate() {
            let bytes = r.bytes.0 + r.bytes.1;
            let _ = writeln!(
                out,
                "k{k} {:<16} run {}  {}  threads {} ({})  lanes {} ({})",
                r.name,
                ms(r.run),
                gbps(bytes, r.run),
                r.threads.0,
                r.threads.1,
                r.lanes.0,
                r.lanes.1
            );
        }
    } else {
        for (i, n) in run.eager.nodes.iter().enumerate() {
            let bytes = n.read + n.write;
            let _ = writeln!(
                out,
                "op{i} {:<14} run {}  {}  read {} B  write {} B",
                n.op,
                ms(n.time),
                gbps(bytes, n.time),
                n.read,
                n.write
            );
        }
    }
    let times: Vec<String> = p
        .trace
        .passes
        .iter()
        .map(|r| format!("{} {}", r.pass, ms(r.time)))
        .collect();
    if p.cached {
        let _ = writeln!(
            out,
            "passes: skipped, plan cached (the first plan took {})",
            times.join(", ")
        );
    } else {
        let _ = writeln!(out, "passes: {}", times.join(", "));
    }
}

/// How the graph is split into chunks of rows for inputs larger than the memory budget
/// (nothing when they fit).
fn chunking(out: &mut String, p: &Planned, opts: &EvalOptions) {
    let decision = crate::lazy::decide_chunking(p, opts);
    out.push_str(&crate::lazy::describe_chunking(p, &decision));
}

/// The graph as built, the passes and the kernels of a plan (what a `JitFn` explains).
pub(crate) fn plan_sections(p: &Planned) -> String {
    let mut out = String::new();
    built(&mut out, p);
    passes(&mut out, p);
    kernels(&mut out, p);
    out
}

/// The sections `NUMFUSE_DEBUG=level` prints after an evaluation.
pub(crate) fn debug_dump(p: &Planned, opts: &EvalOptions, run: &RunRecord, level: u8) -> String {
    let mut out = String::new();
    header(&mut out, "debug", opts);
    if level >= 3 {
        built(&mut out, p);
        passes(&mut out, p);
    }
    kernels(&mut out, p);
    codegen(&mut out, run, level >= 2, level >= 4);
    if level >= 2 {
        timings(&mut out, p, run);
    }
    out
}

impl Expr {
    /// Every stage of the pipeline for this expression, without running it: the graph as
    /// built, each pass with the rewrites that fired and the graph after it, and the kernels.
    /// Deterministic (no times).
    ///
    /// # Errors
    /// As [`Expr::eval`] for an invalid expression.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let x = Array::arange(5.0, DType::F64).lazy();
    /// let text = (&x * 2.0 + &x * 3.0).explain()?;
    /// assert!(text.contains("like_terms"));
    /// assert!(text.contains("-- kernels: 1 --"));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn explain(&self) -> Result<String> {
        self.explain_with(&EvalOptions::default())
    }

    /// [`Expr::explain`] with explicit options (the float policy changes the rewrites).
    ///
    /// # Errors
    /// As [`Expr::explain`].
    pub fn explain_with(&self, opts: &EvalOptions) -> Result<String> {
        let p = crate::lazy::plan(&[self], opts, true)?;
        let mut out = String::new();
        header(&mut out, "explain", opts);
        built(&mut out, &p);
        passes(&mut out, &p);
        kernels(&mut out, &p);
        chunking(&mut out, &p, opts);
        out.push_str("\n-- codegen --\nnot run: explain_analyze compiles and runs\n");
        Ok(out)
    }

    /// [`Expr::explain`], then runs the expression and adds the codegen outcome, per-kernel
    /// time and GB/s, and per-pass times. Not deterministic.
    ///
    /// # Errors
    /// As [`Expr::eval`].
    pub fn explain_analyze(&self) -> Result<String> {
        self.explain_analyze_with(&EvalOptions::default())
    }

    /// The Cranelift IR of every kernel the expression compiles to, as `NUMFUSE_DEBUG=4`
    /// prints it: one function per entry point (`Main`, and for a reduction its `Epilogue`
    /// and vector or swapped-loop folds), each headed `; <kernel> <entry>`. Evaluates the
    /// expression once with the JIT (whatever `opts.backend` says); a kernel that is a library
    /// call has no IR and is named in a `;` line.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::lazy::EvalOptions;
    /// let x = Array::linspace(0.0, 1.0, 64).lazy();
    /// let ir = (&x * 2.0 + 1.0).cranelift_ir(&EvalOptions::default())?;
    /// assert!(ir.contains("fma") || ir.contains("fmul"));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Expr::eval`].
    pub fn cranelift_ir(&self, opts: &EvalOptions) -> Result<String> {
        let opts = EvalOptions {
            backend: Backend::Jit,
            ..opts.clone()
        };
        let mut run = RunRecord {
            keep_ir: true,
            ..RunRecord::default()
        };
        crate::lazy::evaluate(&[self], &opts, &mut run)?;
        let mut out = String::new();
        for r in &run.report.kernels {
            match &r.ir {
                Some(text) => {
                    out.push_str(text);
                    if !text.ends_with('\n') {
                        out.push('\n');
                    }
                }
                None => {
                    let _ = writeln!(out, "; {}: no Cranelift IR (not compiled)", r.name);
                }
            }
        }
        Ok(out)
    }

    /// [`Expr::explain_analyze`] with explicit options.
    ///
    /// # Errors
    /// As [`Expr::eval`].
    pub fn explain_analyze_with(&self, opts: &EvalOptions) -> Result<String> {
        let mut run = RunRecord::default();
        let (mut p, _) = crate::lazy::evaluate(&[self], opts, &mut run)?;
        if p.kernels.is_none() {
            p.kernels = crate::lazy::plan(&[self], opts, true)?.kernels;
        }
        let mut out = String::new();
        header(&mut out, "explain analyze", opts);
        built(&mut out, &p);
        passes(&mut out, &p);
        kernels(&mut out, &p);
        chunking(&mut out, &p, opts);
        codegen(&mut out, &run, true, false);
        timings(&mut out, &p, &run);
        Ok(out)
    }
}

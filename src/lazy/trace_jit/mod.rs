//! [`jit`]: a function of expressions traced once per call signature and reused, as Numba's
//! `@jit` compiles one specialisation per argument type signature.
//!
//! A call's *signature* is each argument's dtype and rank, and the pattern of its lengths:
//! which are 1, which are 0, and which of the others are equal to each other (across all
//! arguments). That is everything broadcasting, type resolution and the passes can see of the
//! sizes. The first call with a new signature traces the function on symbolic lengths
//! (`f64[n0, n1]`, with 1 and 0 kept as numbers), then verifies, optimizes and fuses the graph
//! once; later calls with the same signature skip all of that and hand the kernel graph to the
//! JIT runtime with their own buffers, which binds the symbols (so one plan serves every size,
//! and the compiled kernels come from the JIT cache, keyed by structure, never by sizes).
//!
//! Invariants:
//! 1. A plan is used only for calls whose signature equals the one it was traced for (the
//!    runtime re-checks every buffer against the kernel graph anyway).
//! 2. A plan is symbolic only if its trace read no length ([`Expr::shape`] sets
//!    `Builder::sizes_read`), returned expressions of the trace's own graph, bound no argument
//!    array a second time by value, and verified, optimized and fused without error. Otherwise
//!    the signature is re-planned per distinct set of shapes (`PlanKind::PerShape`, the trace
//!    then sees concrete lengths), or per call when the outputs came from another graph or
//!    an argument was also captured (`PlanKind::PerCall`: nothing is cached).
//! 3. Plans hold no argument array (only arrays the function captured), so a call never keeps
//!    its arguments alive or makes a later write to them copy.
//! 4. A `JitFn` is `Send + Sync`. The plan map's lock is held only to look up or insert,
//!    never while tracing or running; plans are immutable once made (`Arc`), so any number of
//!    threads call one `JitFn` at once. Two threads missing on one signature may both trace;
//!    the first insertion wins.
//! 5. Bounded: at most [`MAX_PLANS`] signatures and, per signature, [`MAX_PLANS`] shape sets;
//!    a full map is cleared (kernels stay in the JIT's own cache).

use super::auto::{self, approx_ns, choose, thousands};
use super::eval::{self, Bound, Planned, RunRecord, run_jit};
use super::{Expr, eager, errors, same_array};
use crate::array::Array;
use crate::ir::NodeId;
use crate::{Backend, Error, EvalOptions, Result};
use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

mod api;
mod signature;

pub use api::{CallReport, IntoOutputs, JitStats, KernelOutcome, PlanKind, TraceFn};
use signature::{Signature, build_args, concretize, lengths, pinned_exprs, shapes};

/// The most signatures (and shape sets per signature) a [`JitFn`] keeps plans for.
pub const MAX_PLANS: usize = 64;

/// A traced, planned graph ready to run.
struct Plan {
    planned: Planned,
    kind: PlanKind,
    /// The arrays the function captured (graph inputs after the arguments).
    captured: Vec<Array>,
    /// `Backend::Auto`'s estimated eager time spent on this plan so far (ns): once it
    /// reaches the compile estimate, compiling has paid (the ski-rental rule).
    eager_ns: AtomicU64,
}

enum Entry {
    Symbolic(Arc<Plan>),
    PerShape(HashMap<Vec<Vec<usize>>, Arc<Plan>>),
    PerCall,
}

/// The traced function, behind one signature whatever its arity.
type Traceable = dyn Fn(&[Expr]) -> Vec<Expr> + Send + Sync;

/// A function of lazy expressions, traced once per call signature (see [`jit`]).
pub struct JitFn {
    f: Box<Traceable>,
    arity: Option<usize>,
    opts: EvalOptions,
    plans: Mutex<HashMap<Signature, Entry>>,
    calls: AtomicU64,
    traces: AtomicU64,
    compiled: AtomicU64,
    eager_calls: AtomicU64,
}

impl fmt::Debug for JitFn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("JitFn")
            .field("arity", &self.arity)
            .field("opts", &self.opts)
            .field("stats", &self.stats())
            .finish_non_exhaustive()
    }
}

/// Traces `f` on lazy expressions once per call signature and reuses the optimized, fused,
/// compiled plan for later calls with arrays of the same dtypes and ranks, at any sizes
/// (Numba's `@jit`: a new dtype or rank is a new specialisation). The module documentation
/// says exactly what a signature is and when a plan is per shape instead.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::lazy::where_;
/// let f = numfuse::jit(|x: &Expr| where_(&x.greater(0.0), x.sqrt() * (x + 1.0).log(), x.power(2)));
/// let a = Array::arange(1000.0, DType::F64);
/// let y = f.call(&[&a])?;                     // traces, optimizes, fuses, runs
/// let b = Array::arange(5000.0, DType::F64);
/// let (z, report) = f.call_report(&[&b])?;   // same dtypes and ranks: no trace
/// assert!(!report.traced);
/// assert_eq!(f.stats().traces, 1);
/// assert_eq!(y.shape(), &[1000]);
/// assert_eq!(z[0].shape(), &[5000]);
/// # Ok::<(), numfuse::Error>(())
/// ```
///
/// Several arguments and outputs:
///
/// ```
/// use numfuse::prelude::*;
/// let f = numfuse::jit(|x: &Expr, w: &Expr| ((x * w).sum(None), x - w));
/// let outs = f.call_many(&[&array![1.0, 2.0], &array![3.0, 4.0]])?;
/// assert_eq!(outs[0].to_vec::<f64>()?, vec![11.0]);
/// assert!(f.call(&[&array![1.0]]).unwrap_err().to_string().contains("takes 2 arguments"));
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn jit<M, F: TraceFn<M>>(f: F) -> JitFn {
    let arity = f.arity();
    JitFn {
        f: Box::new(move |args: &[Expr]| f.trace(args)),
        arity,
        opts: EvalOptions::default(),
        plans: Mutex::new(HashMap::new()),
        calls: AtomicU64::new(0),
        traces: AtomicU64::new(0),
        compiled: AtomicU64::new(0),
        eager_calls: AtomicU64::new(0),
    }
}

fn jit_error(msg: String) -> Error {
    Error::Value { op: "jit", msg }
}

impl JitFn {
    /// The same function evaluated with `opts` (policy, backend, threads). Plans made so far
    /// are dropped (the policy changes them).
    pub fn with_options(mut self, opts: EvalOptions) -> JitFn {
        self.opts = opts;
        self.plans = Mutex::new(HashMap::new());
        self
    }

    /// Calls, traces, compiled kernels and eager runs so far.
    pub fn stats(&self) -> JitStats {
        JitStats {
            calls: self.calls.load(Ordering::Relaxed),
            traces: self.traces.load(Ordering::Relaxed),
            compiled: self.compiled.load(Ordering::Relaxed),
            eager_calls: self.eager_calls.load(Ordering::Relaxed),
        }
    }

    /// Calls a function of one output.
    ///
    /// # Errors
    /// A wrong number of arguments (naming the arity); the function's first invalid
    /// expression, as [`Expr::eval`] reports it; more than one output; a runtime error.
    pub fn call(&self, args: &[&Array]) -> Result<Array> {
        let mut outs = self.call_many(args)?;
        match outs.len() {
            1 => outs.pop().ok_or_else(|| jit_error("no output".into())),
            n => Err(jit_error(format!(
                "the function returns {n} outputs: use call_many"
            ))),
        }
    }

    /// Calls the function and returns all its outputs.
    ///
    /// # Errors
    /// As [`JitFn::call`], except for the number of outputs.
    pub fn call_many(&self, args: &[&Array]) -> Result<Vec<Array>> {
        Ok(self.call_report(args)?.0)
    }

    /// Calls the function and reports what the call did ([`CallReport`]).
    ///
    /// # Errors
    /// As [`JitFn::call_many`].
    pub fn call_report(&self, args: &[&Array]) -> Result<(Vec<Array>, CallReport)> {
        self.calls.fetch_add(1, Ordering::Relaxed);
        let start = Instant::now();
        if let Some(n) = self.arity
            && args.len() != n
        {
            let s = if n == 1 { "" } else { "s" };
            return Err(jit_error(format!(
                "the function takes {n} argument{s} but {} were given",
                args.len()
            )));
        }
        let sig = Signature::of(args);
        let (plan, traced) = self.plan_for(&sig, args)?;
        let mut record = RunRecord::default();
        let outs = self.run(&plan, args, &mut record)?;
        let kernels: Vec<KernelOutcome> = record
            .report
            .kernels
            .iter()
            .map(|k| {
                let detail = match &k.cache {
                    numfuse_jit::CacheOutcome::Hit => "cache hit".to_string(),
                    numfuse_jit::CacheOutcome::Miss(why) => format!("cache miss ({why})"),
                    numfuse_jit::CacheOutcome::NotCompiled(why) => format!("not compiled ({why})"),
                };
                KernelOutcome {
                    name: k.name.clone(),
                    hit: k.cache == numfuse_jit::CacheOutcome::Hit,
                    detail,
                }
            })
            .collect();
        let report = CallReport {
            traced,
            plan: plan.kind,
            signature: sig.text(),
            backend: record.backend,
            reason: record.reason,
            kernels,
            time: start.elapsed(),
        };
        self.compiled
            .fetch_add(report.compiled() as u64, Ordering::Relaxed);
        if report.backend == Backend::Eager {
            self.eager_calls.fetch_add(1, Ordering::Relaxed);
        }
        let level = crate::explain::debug_level();
        if level > 0 {
            eprint!("{report}");
        }
        Ok((outs, report))
    }

    /// Calls the function and describes the call: the [`CallReport`] (traced or reused, the
    /// backend and why, each kernel's cache outcome), then the plan's graph as built, the
    /// passes and the kernels, as [`Expr::explain`] prints them.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let f = numfuse::jit(|x: &Expr| x * 2.0 + 1.0);
    /// let text = f.explain(&[&Array::ones(&[10], DType::F64)])?;
    /// assert!(text.contains("plan=symbolic (traced)"));
    /// assert!(text.contains("a: f64[n0]"));
    /// let text = f.explain(&[&Array::ones(&[20], DType::F64)])?;
    /// assert!(text.contains("plan=symbolic (reused)"));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`JitFn::call_many`].
    pub fn explain(&self, args: &[&Array]) -> Result<String> {
        let (_, report) = self.call_report(args)?;
        let sig = Signature::of(args);
        let mut out = report.to_string();
        let plan = self.lookup(&sig, args);
        if let Some(plan) = plan {
            out.push_str(&crate::explain::plan_sections(&plan.planned));
        }
        Ok(out)
    }

    /// The cached plan for this call, if any.
    fn lookup(&self, sig: &Signature, args: &[&Array]) -> Option<Arc<Plan>> {
        let plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        match plans.get(sig)? {
            Entry::Symbolic(p) => Some(p.clone()),
            Entry::PerShape(m) => m.get(&shapes(args)).cloned(),
            Entry::PerCall => None,
        }
    }

    /// The plan for this call and whether it was traced now.
    fn plan_for(&self, sig: &Signature, args: &[&Array]) -> Result<(Arc<Plan>, bool)> {
        let kind = {
            let plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
            match plans.get(sig) {
                Some(Entry::Symbolic(p)) => return Ok((p.clone(), false)),
                Some(Entry::PerShape(m)) => match m.get(&shapes(args)) {
                    Some(p) => return Ok((p.clone(), false)),
                    None => PlanKind::PerShape,
                },
                Some(Entry::PerCall) => PlanKind::PerCall,
                None => PlanKind::Symbolic,
            }
        };
        let plan = Arc::new(self.trace(sig, args, kind)?);
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        if plans.len() >= MAX_PLANS && !plans.contains_key(sig) {
            plans.clear();
        }
        match plan.kind {
            PlanKind::Symbolic => {
                plans.insert(sig.clone(), Entry::Symbolic(plan.clone()));
            }
            PlanKind::PerShape => {
                let e = plans
                    .entry(sig.clone())
                    .or_insert_with(|| Entry::PerShape(HashMap::new()));
                if let Entry::PerShape(m) = e {
                    if m.len() >= MAX_PLANS {
                        m.clear();
                    }
                    m.insert(shapes(args), plan.clone());
                }
            }
            PlanKind::PerCall => {
                plans.insert(sig.clone(), Entry::PerCall);
            }
        }
        Ok((plan, true))
    }

    /// Traces the function for this call and plans the graph: symbolically when `kind` allows
    /// and the trace qualifies (invariant 2), else for these shapes, else for this call only.
    fn trace(&self, sig: &Signature, args: &[&Array], kind: PlanKind) -> Result<Plan> {
        if kind == PlanKind::Symbolic {
            match self.trace_once(sig, args, true)? {
                Traced::Graph(bound) => {
                    if let Ok(planned) = eval::plan_bound(*bound, &self.opts, true) {
                        return Ok(self.finish(planned, args.len(), PlanKind::Symbolic));
                    }
                }
                // Planned for this call only, from a concrete trace below.
                Traced::Foreign(_) => return self.per_call(sig, args),
                Traced::SizeDependent => {}
            }
        }
        if kind == PlanKind::PerCall {
            return self.per_call(sig, args);
        }
        match self.trace_once(sig, args, false)? {
            Traced::Graph(bound) => {
                let planned = eval::plan_bound(*bound, &self.opts, true)?;
                Ok(self.finish(planned, args.len(), PlanKind::PerShape))
            }
            Traced::Foreign(outs) => self.plan_call(&outs),
            Traced::SizeDependent => Err(jit_error(
                "internal error (please report): a concrete trace read symbolic lengths".into(),
            )),
        }
    }

    /// A concrete trace planned for this call only.
    fn per_call(&self, sig: &Signature, args: &[&Array]) -> Result<Plan> {
        let outs = self.call_traced(pinned_exprs(build_args(sig, args, false)))?;
        self.plan_call(&outs)
    }

    /// Outputs of a concrete trace, planned with the arrays they are bound to.
    fn plan_call(&self, outs: &[Expr]) -> Result<Plan> {
        let refs: Vec<&Expr> = outs.iter().collect();
        let planned = eval::plan(&refs, &self.opts, true)?;
        Ok(Plan {
            planned,
            kind: PlanKind::PerCall,
            captured: Vec::new(),
            eager_ns: AtomicU64::new(0),
        })
    }

    fn finish(&self, mut planned: Planned, n_args: usize, kind: PlanKind) -> Plan {
        // Invariant 3: keep only the captured arrays.
        let captured = planned.arrays.split_off(n_args.min(planned.arrays.len()));
        planned.arrays.clear();
        Plan {
            planned,
            kind,
            captured,
            eager_ns: AtomicU64::new(0),
        }
    }

    /// Calls the function on `args` (counted as a trace), turning a panic into an error.
    fn call_traced(&self, args: Vec<Expr>) -> Result<Vec<Expr>> {
        self.traces.fetch_add(1, Ordering::Relaxed);
        let outs = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| (self.f)(&args)))
            .map_err(|p| {
                let msg = p
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| p.downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "a panic".to_string());
                jit_error(format!(
                    "tracing the function with {} arguments panicked: {msg}",
                    args.len()
                ))
            })?;
        if outs.is_empty() {
            return Err(jit_error("the function returned no expression".into()));
        }
        Ok(outs)
    }

    /// One trace: the function called on fresh argument inputs (symbolic or concrete).
    fn trace_once(&self, sig: &Signature, args: &[&Array], symbolic: bool) -> Result<Traced> {
        let builder = build_args(sig, args, symbolic);
        let outs = self.call_traced(pinned_exprs(builder.clone()))?;
        if outs.iter().any(|e| !Arc::ptr_eq(&e.builder, &builder)) {
            return Ok(Traced::Foreign(outs));
        }
        let b = builder.lock().unwrap_or_else(|e| e.into_inner());
        let n = args.len();
        // An argument array bound again by value (captured too, or imported back from
        // another graph), or a materialisation point evaluated during the trace, would pin
        // this call's data into the plan.
        let rebound = b.arrays[n..]
            .iter()
            .any(|c| b.arrays[..n].iter().any(|a| same_array(a, c)));
        if rebound || b.evaluated {
            return Ok(Traced::Foreign(outs.clone()));
        }
        if symbolic && b.sizes_read {
            return Ok(Traced::SizeDependent);
        }
        let mut graph = b.graph.clone();
        let roots: Vec<NodeId> = outs.iter().map(|e| e.id).collect();
        graph.set_outputs(&roots);
        let mut map = HashMap::new();
        let graph = graph.rebuild(|g, old, node| {
            let new = g.intern(node);
            map.insert(old, new);
            new
        });
        let typed = b
            .typed
            .iter()
            .filter_map(|(k, e)| map.get(k).map(|n| (*n, errors::clone_error(e))))
            .collect();
        Ok(Traced::Graph(Box::new(Bound {
            graph,
            arrays: b.arrays.clone(),
            typed,
        })))
    }

    /// Runs `plan` on `args` with the backend the cost model picks.
    fn run(&self, plan: &Plan, args: &[&Array], record: &mut RunRecord) -> Result<Vec<Array>> {
        let level = crate::explain::debug_level();
        let start = Instant::now();
        let arrays: Vec<&Array> = if plan.kind == PlanKind::PerCall {
            plan.planned.arrays.iter().collect()
        } else {
            args.iter().copied().chain(&plan.captured).collect()
        };
        let views: Vec<numfuse_jit::BufferView<'_>> = arrays
            .iter()
            .map(|a| numfuse_jit::BufferView {
                ptr: a.base_ptr(),
                dtype: a.dtype(),
                shape: a.shape(),
                strides: a.strides(),
            })
            .collect();
        let Some(kg) = &plan.planned.kernels else {
            return Err(jit_error(
                "internal error (please report): no kernels".into(),
            ));
        };
        let mut choice = choose(kg, &views, &self.opts);
        if choice.backend == Backend::Eager && self.opts.backend == Backend::Auto {
            // Ski rental: run eagerly until the eager time spent on this plan would have paid
            // for compiling, then compile.
            let est = auto::EAGER_NS_PER_ELEMENT * choice.work as u64;
            let compile = auto::COMPILE_NS * choice.uncached as u64;
            let spent = plan.eager_ns.fetch_add(est, Ordering::Relaxed) + est;
            if spent >= compile {
                choice.backend = Backend::Jit;
                choice.reason = format!(
                    "{} elements, eager runs of this plan so far {} >= compile {}: compiling",
                    thousands(choice.work),
                    approx_ns(spent),
                    approx_ns(compile)
                );
            }
        }
        record.backend = choice.backend;
        record.reason = choice.reason;
        let out = if choice.backend == Backend::Jit {
            run_jit(kg, &views, &self.opts, level, &mut record.report, None)?
        } else {
            let owned: Vec<Array> = arrays.iter().map(|a| (*a).clone()).collect();
            let graph = match plan.kind {
                PlanKind::Symbolic => {
                    concretize(&plan.planned.graph, &lengths(&plan.planned.graph, &owned))
                }
                _ => plan.planned.graph.clone(),
            };
            eager::run(&graph, &owned, Some(&mut record.eager))?
        };
        record.time = start.elapsed();
        if level > 0 {
            eprint!(
                "{}",
                crate::explain::debug_dump(&plan.planned, &self.opts, record, level)
            );
        }
        Ok(out)
    }
}

/// What one trace produced.
enum Traced {
    /// The outputs' graph, inputs in argument order then captured arrays.
    Graph(Box<Bound>),
    /// Outputs that cannot be planned for other calls (invariant 2): plan this call only.
    Foreign(Vec<Expr>),
    /// A symbolic trace that read a length.
    SizeDependent,
}

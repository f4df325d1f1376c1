//! The public vocabulary of [`jit`](super::jit): which functions it traces ([`TraceFn`],
//! [`IntoOutputs`]) and what a call reports ([`CallReport`], [`PlanKind`], [`JitStats`]).

use crate::Backend;
use crate::lazy::Expr;
use std::fmt;
use std::time::Duration;

/// A function that [`jit`](super::jit) can trace: `Fn(&Expr) -> R` up to four arguments, or
/// `Fn(&[Expr]) -> R` for any number, where `R` is an [`Expr`], a `Vec<Expr>` or a tuple of
/// two or three. `M` is a marker that tells the implementations apart; it is inferred.
pub trait TraceFn<M>: Send + Sync + 'static {
    /// The number of arguments, or `None` for a slice function.
    fn arity(&self) -> Option<usize>;
    /// Calls the function on `args` (as many as [`TraceFn::arity`] says).
    fn trace(&self, args: &[Expr]) -> Vec<Expr>;
}

/// What a traced function returns: one or several expressions.
pub trait IntoOutputs {
    /// The expressions, in order.
    fn into_outputs(self) -> Vec<Expr>;
}

impl IntoOutputs for Expr {
    fn into_outputs(self) -> Vec<Expr> {
        vec![self]
    }
}

impl IntoOutputs for Vec<Expr> {
    fn into_outputs(self) -> Vec<Expr> {
        self
    }
}

impl IntoOutputs for (Expr, Expr) {
    fn into_outputs(self) -> Vec<Expr> {
        vec![self.0, self.1]
    }
}

impl IntoOutputs for (Expr, Expr, Expr) {
    fn into_outputs(self) -> Vec<Expr> {
        vec![self.0, self.1, self.2]
    }
}

/// Marker of slice functions, `Fn(&[Expr]) -> R`.
pub struct SliceArgs<R>(std::marker::PhantomData<R>);

impl<F, R> TraceFn<SliceArgs<R>> for F
where
    F: Fn(&[Expr]) -> R + Send + Sync + 'static,
    R: IntoOutputs,
{
    fn arity(&self) -> Option<usize> {
        None
    }
    fn trace(&self, args: &[Expr]) -> Vec<Expr> {
        self(args).into_outputs()
    }
}

macro_rules! trace_fn {
    ($n:literal, $marker:ident, $($i:tt),+) => {
        /// Marker of functions of fixed arity.
        pub struct $marker<R>(std::marker::PhantomData<R>);

        impl<F, R> TraceFn<$marker<R>> for F
        where
            F: Fn($(trace_fn!(@ref $i)),+) -> R + Send + Sync + 'static,
            R: IntoOutputs,
        {
            fn arity(&self) -> Option<usize> {
                Some($n)
            }
            fn trace(&self, args: &[Expr]) -> Vec<Expr> {
                self($(&args[$i]),+).into_outputs()
            }
        }
    };
    (@ref $i:tt) => { &Expr };
}
trace_fn!(1, Args1, 0);
trace_fn!(2, Args2, 0, 1);
trace_fn!(3, Args3, 0, 1, 2);
trace_fn!(4, Args4, 0, 1, 2, 3);

/// How a signature's calls are planned (see the [`jit`](super::jit) module documentation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlanKind {
    /// One plan over symbolic lengths serves every size.
    Symbolic,
    /// One plan per distinct set of argument shapes (the function read a length, or a
    /// symbolic plan failed).
    PerShape,
    /// Traced at every call (the function returned expressions of another graph, or also
    /// captured an argument array).
    PerCall,
}

impl PlanKind {
    /// `symbolic`, `per-shape` or `per-call`.
    pub const fn name(self) -> &'static str {
        match self {
            PlanKind::Symbolic => "symbolic",
            PlanKind::PerShape => "per-shape",
            PlanKind::PerCall => "per-call",
        }
    }
}

/// One kernel's compile-cache outcome in a call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KernelOutcome {
    /// The kernel's name (`E_n0`).
    pub name: String,
    /// True when the compiled kernel came from the cache.
    pub hit: bool,
    /// `cache hit`, `cache miss (first use)`, `not compiled (library call, ...)`.
    pub detail: String,
}

/// What one call of a [`JitFn`](super::JitFn) did: whether it traced, which plan ran, the backend and why,
/// and each kernel's cache outcome.
#[derive(Clone, Debug)]
pub struct CallReport {
    /// True when this call traced the function (and planned the graph).
    pub traced: bool,
    /// How this signature is planned.
    pub plan: PlanKind,
    /// The call signature in the text form: `(f64[n0], f64[1, n0])`.
    pub signature: String,
    /// The backend that ran (`Jit` or `Eager`).
    pub backend: Backend,
    /// Why that backend.
    pub reason: String,
    /// Per kernel, in run order (empty when the eager backend ran).
    pub kernels: Vec<KernelOutcome>,
    /// Wall time of the call.
    pub time: Duration,
}

impl CallReport {
    /// Kernels this call compiled (cache misses).
    pub fn compiled(&self) -> usize {
        self.kernels
            .iter()
            .filter(|k| k.detail.starts_with("cache miss"))
            .count()
    }
}

impl fmt::Display for CallReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = if self.traced { "traced" } else { "reused" };
        writeln!(
            f,
            "numfuse jit call  signature={}  plan={} ({what})",
            self.signature,
            self.plan.name()
        )?;
        writeln!(f, "backend: {} — {}", self.backend.name(), self.reason)?;
        for (i, k) in self.kernels.iter().enumerate() {
            writeln!(f, "k{i} {}  {}", k.name, k.detail)?;
        }
        Ok(())
    }
}

/// Counters of a [`JitFn`](super::JitFn) since it was made.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JitStats {
    /// Calls (including failed ones).
    pub calls: u64,
    /// Times the function was traced.
    pub traces: u64,
    /// Kernels compiled by its calls (JIT cache misses).
    pub compiled: u64,
    /// Calls that ran on the eager backend.
    pub eager_calls: u64,
}

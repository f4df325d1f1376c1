//! `compare()`: the same expression run eagerly — the graph as built, node by node with a
//! temporary per node, which is what the NumPy program it mirrors does — and lazily, on the
//! same inputs; both timed (median of a few runs), with the bytes each moved, the temporaries
//! the lazy engine avoided and the largest difference between the results.
//!
//! Bytes: eager counts every node's operands read and result written (a broadcast operand
//! once); lazy counts the kernels' estimate from the kernel listing (an input read once per
//! kernel that reads it, outputs and temporaries written once).

use super::Expr;
use super::eager::{self, EagerStats};
use super::eval::{EvalOptions, RunRecord, evaluate, plan};
use crate::array::Array;
use crate::ir::DType;
use crate::{Error, Result};
use std::fmt;
use std::time::{Duration, Instant};

/// What [`Expr::compare`] measured.
#[derive(Clone, Debug, PartialEq)]
pub struct CompareReport {
    /// Runs of each side (the times are their medians).
    pub runs: usize,
    /// Median eager time.
    pub eager_time: Duration,
    /// Median lazy time of the runs after the first (build, passes, fusion, cache lookup,
    /// run): what a program pays per call once its kernels are compiled.
    pub lazy_time: Duration,
    /// The first lazy call, including compilation of the kernels the cache did not hold.
    pub lazy_first_time: Duration,
    /// Kernels the first call compiled (the rest came from the cache or ran on the host).
    pub kernels_compiled: usize,
    /// Time the first call spent compiling.
    pub compile_time: Duration,
    /// Bytes the eager run read and wrote.
    pub eager_bytes: u64,
    /// Bytes the lazy kernels read and wrote (estimate from the kernel listing).
    pub lazy_bytes: u64,
    /// Temporaries eager allocated (nodes that are not outputs).
    pub eager_temporaries: usize,
    /// Temporary buffers of the lazy kernels.
    pub lazy_temporaries: usize,
    /// Eager ops run (one loop each) and lazy kernels run.
    pub loops: (usize, usize),
    /// The largest absolute difference between the results (0 for equal results).
    pub max_abs_diff: f64,
    /// The largest difference in units in the last place (floats; integers count exactly).
    /// Element by element, so a value that cancels to near zero (a distance of a point to
    /// itself) can be many ulps off while tiny in absolute terms: see `max_rel_diff`.
    pub max_ulp_diff: u64,
    /// The largest absolute difference relative to the largest eager magnitude (the
    /// normwise relative difference, `max|e - l| / max|e|`; 0 when equal).
    pub max_rel_diff: f64,
    /// The backend that ran the lazy side (`jit` or `eager`).
    pub lazy_backend: &'static str,
}

impl CompareReport {
    /// Eager time over lazy time.
    pub fn speedup(&self) -> f64 {
        let l = self.lazy_time.as_secs_f64();
        if l > 0.0 {
            self.eager_time.as_secs_f64() / l
        } else {
            f64::INFINITY
        }
    }
}

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn ms(d: Duration) -> String {
    format!("{:.3} ms", d.as_secs_f64() * 1e3)
}

impl fmt::Display for CompareReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "numfuse compare  runs={}  lazy backend={}",
            self.runs, self.lazy_backend
        )?;
        writeln!(f, "              {:>14} {:>14}", "eager", "lazy")?;
        writeln!(
            f,
            "time          {:>14} {:>14}   speed-up {:.2}x",
            ms(self.eager_time),
            ms(self.lazy_time),
            self.speedup()
        )?;
        writeln!(
            f,
            "first call    {:>14} {:>14}   compiled {} kernel(s) in {}",
            "",
            ms(self.lazy_first_time),
            self.kernels_compiled,
            ms(self.compile_time)
        )?;
        writeln!(
            f,
            "bytes moved   {:>14} {:>14}",
            mb(self.eager_bytes),
            mb(self.lazy_bytes)
        )?;
        writeln!(f, "loops         {:>14} {:>14}", self.loops.0, self.loops.1)?;
        writeln!(
            f,
            "temporaries   {:>14} {:>14}   avoided {}",
            self.eager_temporaries,
            self.lazy_temporaries,
            self.eager_temporaries.saturating_sub(self.lazy_temporaries)
        )?;
        write!(
            f,
            "max difference  abs {:e}  ulps {}  relative {:e}",
            self.max_abs_diff, self.max_ulp_diff, self.max_rel_diff
        )
    }
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort_unstable();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

/// A float's position on the number line of its dtype's bit patterns (adjacent floats differ
/// by 1), so the distance of two positions is their difference in ulps.
fn ordered(x: f64, dtype: DType) -> i128 {
    if dtype == DType::F32 {
        let b = (x as f32).to_bits() as i32;
        i128::from(if b < 0 { i32::MIN - b } else { b })
    } else {
        let b = x.to_bits() as i64;
        i128::from(if b < 0 { i64::MIN - b } else { b })
    }
}

/// The largest absolute and ulp difference between two arrays of one shape and dtype. NaN
/// against NaN is equal; NaN against a number is an infinite difference.
pub(crate) fn max_diff(a: &Array, b: &Array) -> Result<(f64, u64)> {
    if a.shape() != b.shape() || a.dtype() != b.dtype() {
        return Err(Error::Value {
            op: "compare",
            msg: format!(
                "results differ in type: {}{:?} and {}{:?}",
                a.dtype(),
                a.shape(),
                b.dtype(),
                b.shape()
            ),
        });
    }
    let dtype = a.dtype();
    let mut worst = (0.0f64, 0u64);
    if dtype.is_float() {
        // float32 widens to float64 exactly, so differences are measured on the true values.
        let wide = |a: &Array| a.astype(DType::F64).to_vec::<f64>();
        let (x, y) = (wide(a)?, wide(b)?);
        for (&p, &q) in x.iter().zip(&y) {
            let same = p == q || (p.is_nan() && q.is_nan());
            if same {
                continue;
            }
            let abs = if p.is_nan() || q.is_nan() {
                f64::INFINITY
            } else {
                (p - q).abs()
            };
            let ulps = if p.is_nan() || q.is_nan() {
                u64::MAX
            } else {
                u64::try_from((ordered(p, dtype) - ordered(q, dtype)).unsigned_abs())
                    .unwrap_or(u64::MAX)
            };
            worst = (worst.0.max(abs), worst.1.max(ulps));
        }
    } else {
        let wide = |a: &Array| -> Result<Vec<i128>> {
            Ok(if dtype == DType::U64 {
                a.to_vec::<u64>()?.into_iter().map(i128::from).collect()
            } else {
                // Every other integer dtype and bool widens to int64 exactly.
                a.astype(DType::I64)
                    .to_vec::<i64>()?
                    .into_iter()
                    .map(i128::from)
                    .collect()
            })
        };
        let (x, y) = (wide(a)?, wide(b)?);
        for (p, q) in x.iter().zip(&y) {
            let d = (p - q).unsigned_abs();
            worst = (
                worst.0.max(d as f64),
                worst.1.max(u64::try_from(d).unwrap_or(u64::MAX)),
            );
        }
    }
    Ok(worst)
}

impl Expr {
    /// Runs the expression eagerly (op by op, as built) and lazily, and reports both times,
    /// bytes moved, temporaries and the largest difference. Five runs of each.
    ///
    /// # Errors
    /// As [`Expr::eval`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let x = Array::arange(1000.0, DType::F64).lazy();
    /// let report = (&x * 2.0 + &x * 3.0).compare()?;
    /// assert_eq!(report.max_ulp_diff, 0);
    /// assert_eq!(report.eager_temporaries, 2);
    /// println!("{report}");
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn compare(&self) -> Result<CompareReport> {
        self.compare_with(&EvalOptions::default(), 5)
    }

    /// The expression as built, run node by node with the eager library and no passes: one
    /// loop and one temporary per operation, what the same program costs written with eager
    /// arrays (the eager side of [`Expr::compare`], and of the `compare` benches).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(4.0, DType::F64).lazy();
    /// let e = &a * 2.0 + &a * 3.0;
    /// assert_eq!(e.eval_eager()?.to_vec::<f64>()?, e.eval()?.to_vec::<f64>()?);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    ///
    /// # Errors
    /// As [`Expr::eval`].
    pub fn eval_eager(&self) -> Result<Array> {
        let p = plan(&[self], &EvalOptions::default(), false)?;
        let out = eager::run(&p.built, &p.arrays, None)?;
        out.into_iter().next().ok_or_else(|| Error::Value {
            op: "eval_eager",
            msg: "the expression has no result".into(),
        })
    }

    /// [`Expr::compare`] with explicit options and number of runs (at least 1).
    ///
    /// # Errors
    /// As [`Expr::eval`].
    pub fn compare_with(&self, opts: &EvalOptions, runs: usize) -> Result<CompareReport> {
        let runs = runs.max(1);
        let p = plan(&[self], opts, true)?;
        let mut eager_stats = EagerStats::default();
        let mut eager_times = Vec::with_capacity(runs);
        let mut eager_out = None;
        for _ in 0..runs {
            let start = Instant::now();
            let out = eager::run(&p.built, &p.arrays, Some(&mut eager_stats))?;
            eager_times.push(start.elapsed());
            eager_out = out.into_iter().next();
        }
        let mut record = RunRecord::default();
        let start = Instant::now();
        let (_, mut lazy_out) = evaluate(&[self], opts, &mut record)?;
        let lazy_first_time = start.elapsed();
        let compiled: Vec<Duration> = record
            .report
            .kernels
            .iter()
            .filter(|k| matches!(k.cache, numfuse_jit::CacheOutcome::Miss(_)))
            .map(|k| k.compile)
            .collect();
        let mut lazy_out = lazy_out.pop();
        let mut lazy_times = Vec::with_capacity(runs);
        for _ in 0..runs {
            record = RunRecord::default();
            let start = Instant::now();
            let (_, out) = evaluate(&[self], opts, &mut record)?;
            lazy_times.push(start.elapsed());
            lazy_out = out.into_iter().next().or(lazy_out);
        }
        let (e, l) = match (eager_out, lazy_out) {
            (Some(e), Some(l)) => (e, l),
            _ => {
                return Err(Error::Value {
                    op: "compare",
                    msg: "no result".to_string(),
                });
            }
        };
        let (max_abs_diff, max_ulp_diff) = max_diff(&e, &l)?;
        let max_rel_diff = if max_abs_diff == 0.0 {
            0.0
        } else {
            let scale = e
                .astype(DType::F64)
                .to_vec::<f64>()?
                .into_iter()
                .filter(|x| x.is_finite())
                .fold(0.0f64, |m, x| m.max(x.abs()));
            max_abs_diff / scale
        };
        let (lazy_bytes, lazy_temporaries, kernels) = match &p.kernels {
            Some(kg) => {
                let bytes = kg
                    .kernels
                    .iter()
                    .map(|k| {
                        let (r, w) = kg.bytes(k);
                        let fixed = |p: crate::ir::kernel::Poly| p.fixed().unwrap_or(0);
                        u64::try_from(fixed(r) + fixed(w)).unwrap_or(u64::MAX)
                    })
                    .sum();
                (bytes, kg.temps().count(), kg.kernels.len())
            }
            None => (0, 0, 0),
        };
        Ok(CompareReport {
            runs,
            eager_time: median(eager_times),
            lazy_time: median(lazy_times),
            lazy_first_time,
            kernels_compiled: compiled.len(),
            compile_time: compiled.iter().sum(),
            eager_bytes: eager_stats.bytes(),
            lazy_bytes,
            eager_temporaries: eager_stats.temporaries,
            lazy_temporaries,
            loops: (eager_stats.nodes.len(), kernels),
            max_abs_diff,
            max_ulp_diff,
            max_rel_diff,
            lazy_backend: record.backend.name(),
        })
    }
}

//! Criterion benches of every `compare` workload, eager against lazy side by side, plus the
//! machine's memory bandwidth as a reference line.
//!
//! The workloads are `examples/compare/workloads.rs` itself (the same expressions, inputs and
//! sizes as the showcase): one group per workload, named after it, with
//! - `eager`: [`Expr::eval_eager`], the expression as built, node by node (one temporary per
//!   operation: what the same NumPy program does);
//! - `lazy`: `eval_with` the JIT backend, kernels cached after the first iteration.
//!
//! The `bandwidth` group times a parallel copy and triad (`o = x + 3y`) of 10M f64 into a
//! preallocated buffer, the ceiling for memory-bound workloads.
//!
//! `cargo bench --bench compare` runs them all; a filter selects groups:
//! `cargo bench --bench compare -- softmax`. `NUMFUSE_BENCH_QUICK=1` uses compare's `--quick`
//! sizes.

#[path = "../examples/compare/workloads.rs"]
#[allow(
    dead_code,
    reason = "the bench reads the workloads, not every field the example prints"
)]
mod workloads;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numfuse::ops::errstate::{ErrMode, ErrState, errstate, geterr};
use numfuse::prelude::*;
use rayon::prelude::*;
use std::hint::black_box;
use std::time::Duration;

fn workloads(c: &mut Criterion) {
    let quick = std::env::var_os("NUMFUSE_BENCH_QUICK").is_some();
    let jit = EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    };
    for w in workloads::all(quick).expect("workloads build") {
        let expr = (w.build)().expect("workload builds");
        let quiet = ErrState {
            invalid: ErrMode::Ignore,
            ..geterr()
        };
        let run = |f: &dyn Fn() -> Array| {
            if w.ignore_invalid {
                errstate(quiet, f)
            } else {
                f()
            }
        };
        let eager = || run(&|| expr.eval_eager().expect("eager runs"));
        let lazy = || run(&|| expr.eval_with(&jit).expect("lazy runs"));
        // Never time a wrong kernel: the two agree before anything is measured.
        let (e, l) = (eager(), lazy());
        assert_eq!(e.shape(), l.shape(), "{}", w.name);
        let name = w.name.replace(['*', ' ', '(', ')', ','], "_");
        let mut g = c.benchmark_group(format!("{name} {}", w.shape));
        g.sample_size(10)
            .warm_up_time(Duration::from_millis(300))
            .measurement_time(Duration::from_secs(2));
        g.bench_function("eager", |i| i.iter(|| black_box(eager())));
        g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
        g.finish();
    }
}

fn bandwidth(c: &mut Criterion) {
    const N: usize = 10_000_000;
    const CHUNK: usize = 1 << 16;
    let x = vec![1.0f64; N];
    let y = vec![2.0f64; N];
    let mut out = vec![0.0f64; N];
    let mut g = c.benchmark_group("bandwidth 10M f64");
    g.sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(2));
    g.throughput(Throughput::Bytes(2 * 8 * N as u64));
    g.bench_function("copy_into", |i| {
        i.iter(|| {
            out.par_chunks_mut(CHUNK)
                .zip(x.par_chunks(CHUNK))
                .for_each(|(o, a)| o.copy_from_slice(a));
            black_box(&out);
        })
    });
    g.throughput(Throughput::Bytes(3 * 8 * N as u64));
    g.bench_function("triad_into", |i| {
        i.iter(|| {
            out.par_chunks_mut(CHUNK)
                .zip(x.par_chunks(CHUNK).zip(y.par_chunks(CHUNK)))
                .for_each(|(o, (a, b))| {
                    for ((o, a), b) in o.iter_mut().zip(a).zip(b) {
                        *o = a + 3.0 * b;
                    }
                });
            black_box(&out);
        })
    });
    g.finish();
}

criterion_group!(benches, bandwidth, workloads);
criterion_main!(benches);

//! Eager reductions against plain Rust loops over a slice (issue 3's bar: within 1.5x).
//!
//! Each group runs the same workload as `numfuse` (eager) and `rust_loop`: what a Rust user
//! writes for it (`iter().sum()`, a fold with `f64::max`, a row-accumulating loop). Full
//! reductions also have `rust_8_lanes`, a hand-vectorised single-threaded loop with eight
//! accumulators, the fastest plain loop there is on one core. numfuse sums pairwise exactly as
//! NumPy does and uses every core for large inputs.
//!
//! The Rust loops read the numfuse array's own buffer (`as_slice`), so both sides touch the same
//! memory (64-byte aligned, huge-page advised); a `Vec` of 80 MB from the allocator would be
//! slower to read on 4 KiB pages and skew the ratio in numfuse's favour.
//!
//! Sizes: `N` elements for full reductions, `ROWS x COLS` for axis reductions of a C-ordered
//! matrix (axis 0: column sums, axis 1: row sums).

use criterion::{Criterion, criterion_group, criterion_main};
use numfuse::prelude::*;
use std::hint::black_box;

const N: usize = 10_000_000;
const ROWS: usize = 4000;
const COLS: usize = 4000;

/// Eight independent accumulators: vectorises without reassociation flags.
fn sum_8_lanes(x: &[f64]) -> f64 {
    let mut acc = [0.0; 8];
    let chunks = x.chunks_exact(8);
    let tail = chunks.remainder();
    for c in chunks {
        for k in 0..8 {
            acc[k] += c[k];
        }
    }
    acc.iter().sum::<f64>() + tail.iter().sum::<f64>()
}

fn bench(c: &mut Criterion) {
    let a = Array::linspace(-1.0, 2.0, N);
    let av = a.as_slice::<f64>().unwrap();

    let mut g = c.benchmark_group("sum_10M");
    g.sample_size(30);
    g.bench_function("numfuse", |i| i.iter(|| black_box(a.sum(None).unwrap())));
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().sum::<f64>()))
    });
    g.bench_function("rust_8_lanes", |i| i.iter(|| black_box(sum_8_lanes(av))));
    g.finish();

    let mut g = c.benchmark_group("mean_10M");
    g.sample_size(30);
    g.bench_function("numfuse", |i| i.iter(|| black_box(a.mean(None).unwrap())));
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().sum::<f64>() / av.len() as f64))
    });
    g.bench_function("rust_8_lanes", |i| {
        i.iter(|| black_box(sum_8_lanes(av) / av.len() as f64))
    });
    g.finish();

    let mut g = c.benchmark_group("max_10M");
    g.sample_size(30);
    g.bench_function("numfuse", |i| i.iter(|| black_box(a.max(None).unwrap())));
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().copied().fold(f64::NEG_INFINITY, f64::max)))
    });
    g.finish();

    let m = Array::linspace(-1.0, 2.0, ROWS * COLS)
        .reshape(&[ROWS as isize, COLS as isize])
        .unwrap();
    let mv = m.as_slice::<f64>().unwrap();

    let mut g = c.benchmark_group("sum_axis0_4000x4000");
    g.sample_size(20);
    g.bench_function("numfuse", |i| i.iter(|| black_box(m.sum(0).unwrap())));
    g.bench_function("rust_loop", |i| {
        i.iter(|| {
            let mut out = vec![0.0; COLS];
            for row in mv.chunks_exact(COLS) {
                for (o, x) in out.iter_mut().zip(row) {
                    *o += x;
                }
            }
            black_box(out)
        })
    });
    g.finish();

    let mut g = c.benchmark_group("sum_axis1_4000x4000");
    g.sample_size(20);
    g.bench_function("numfuse", |i| i.iter(|| black_box(m.sum(1).unwrap())));
    g.bench_function("rust_loop", |i| {
        i.iter(|| {
            black_box(
                mv.chunks_exact(COLS)
                    .map(|r| r.iter().sum::<f64>())
                    .collect::<Vec<f64>>(),
            )
        })
    });
    g.bench_function("rust_8_lanes", |i| {
        i.iter(|| black_box(mv.chunks_exact(COLS).map(sum_8_lanes).collect::<Vec<f64>>()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

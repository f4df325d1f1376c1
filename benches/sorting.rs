//! Sorting and order statistics against NumPy (issue 9's bench: sort, argsort, argpartition and
//! percentile on 10M f64). `python3 benches/numpy_sorting.py` times the same workloads in NumPy
//! under the same names; run both in one sitting and divide.
//!
//! | group/id | numfuse | NumPy (numpy_sorting.py) |
//! |---|---|---|
//! | `sort/{f64,i64}` | `sort(&x, Some(-1))` | `np.sort(x)` |
//! | `argsort/f64` | `argsort(&x, Some(-1), SortKind::Default)` | `np.argsort(x)` |
//! | `argsort_stable/f64` | `SortKind::Stable` | `np.argsort(x, kind="stable")` |
//! | `argpartition/f64` | `argpartition(&x, n / 2, Some(-1))` | `np.argpartition(x, n // 2)` |
//! | `percentile_5_50_95/f64` | `percentile(&x, [5, 50, 95], None, Linear)` | `np.percentile(x, [5, 50, 95])` |
//! | `median/f64` | `median(&x, None)` | `np.median(x)` |
//! | `histogram_100/f64` | `histogram(&x, 100, None, false, None)` | `np.histogram(x, bins=100)` |
//! | `unique_counts/i64` | `unique_with(&k, counts)` | `np.unique(k, return_counts=True)` |
//!
//! `x` is 10M standard normal f64 (a fixed stream), `k` 10M integers in 0..1000. `--quick`
//! (an environment variable `NUMFUSE_BENCH_QUICK=1`) uses 100k elements.

mod common;

use common::{SplitMix, group};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numfuse::prelude::*;
use numfuse::{QuantileMethod, histogram, median, percentile};
use numfuse::{SortKind, UniqueOptions, argpartition, argsort, sort, unique_with};
use std::hint::black_box;

fn inputs() -> (Array, Array) {
    let n = if std::env::var_os("NUMFUSE_BENCH_QUICK").is_some() {
        100_000
    } else {
        10_000_000
    };
    let mut s = SplitMix(7);
    // Box–Muller from the fixed stream: normal values, as NumPy's input.
    let x: Vec<f64> = (0..n)
        .map(|_| {
            let u = (s.next() >> 11) as f64 / (1u64 << 53) as f64 + 1e-300;
            let v = (s.next() >> 11) as f64 / (1u64 << 53) as f64;
            (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
        })
        .collect();
    let k: Vec<i64> = (0..n).map(|_| (s.next() % 1000) as i64).collect();
    (
        Array::from_vec(x, &[n]).unwrap(),
        Array::from_vec(k, &[n]).unwrap(),
    )
}

fn sorting(c: &mut Criterion) {
    let (x, k) = inputs();
    let n = x.size();
    let mut g = group(c, "sort");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| b.iter(|| sort(black_box(&x), Some(-1)).unwrap()));
    g.bench_function("i64", |b| b.iter(|| sort(black_box(&k), Some(-1)).unwrap()));
    g.finish();

    let mut g = group(c, "argsort");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| {
        b.iter(|| argsort(black_box(&x), Some(-1), SortKind::Default).unwrap())
    });
    g.finish();
    let mut g = group(c, "argsort_stable");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| {
        b.iter(|| argsort(black_box(&x), Some(-1), SortKind::Stable).unwrap())
    });
    g.finish();

    let mut g = group(c, "argpartition");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| {
        b.iter(|| argpartition(black_box(&x), (n / 2) as isize, Some(-1)).unwrap())
    });
    g.finish();
}

fn order_statistics(c: &mut Criterion) {
    let (x, k) = inputs();
    let n = x.size();
    let mut g = group(c, "percentile_5_50_95");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| {
        b.iter(|| {
            percentile(
                black_box(&x),
                &[5.0, 50.0, 95.0][..],
                None,
                QuantileMethod::Linear,
            )
            .unwrap()
        })
    });
    g.finish();
    let mut g = group(c, "median");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| b.iter(|| median(black_box(&x), None).unwrap()));
    g.finish();
    let mut g = group(c, "histogram_100");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("f64", |b| {
        b.iter(|| histogram(black_box(&x), 100usize, None, false, None).unwrap())
    });
    g.finish();
    let mut g = group(c, "unique_counts");
    g.throughput(Throughput::Elements(n as u64));
    g.bench_function("i64", |b| {
        b.iter(|| unique_with(black_box(&k), UniqueOptions::new().counts()).unwrap())
    });
    g.finish();
}

criterion_group!(benches, sorting, order_statistics);
criterion_main!(benches);

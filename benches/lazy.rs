//! The lazy engine against eager numfuse: issue 5's targets, one criterion group per workload,
//! eager and lazy side by side over the same inputs (10M f64 unless stated).
//!
//! | group | variants | target |
//! |---|---|---|
//! | `a2_plus_a3` | `eager` (two temporaries), `lazy`, `eager_a5` | lazy within 10% of `eager_a5`, ≥ 2.5x `eager` |
//! | `axpy3` (`2a + 3b - 0.5c`) | `eager`, `lazy`, copy and triad references | ≥ 2.5x `eager`, ≥ 70% of copy GB/s |
//! | `numba_fn` (`where(x>0, sqrt(x)*log(x+1), x**2)`) | `eager`, `lazy` | ≥ 4x |
//! | `sum_sq` (`sum(a**2)`) | `eager`, `lazy` | ≥ 2x |
//! | `softmax_4096x1024` (rows) | `eager`, `lazy` | ≥ 2x |
//! | `pairwise_2000x64` (broadcast form) | `lazy`, `eager_gram` (reference) | no `(n, n, d)` temporary (asserted in setup) |
//!
//! Lazy means `Expr::eval_with` with [`Backend::Jit`] given explicitly: each iteration builds
//! the graph, runs the passes and fusion, finds the compiled kernels in the cache (compiled in
//! the setup's correctness check) and runs them into a fresh output. Eager allocates a fresh
//! output (and its temporaries) too.
//!
//! Throughput is set per variant to the bytes that variant must move (every operand it reads
//! and every array it writes, temporaries included), so criterion's GB/s compares memory
//! traffic; ratios of the times are what the targets name.
//!
//! Before each group the setup checks that lazy gives the eager result (allclose), so a bench
//! never times a wrong kernel. Filters work as usual: `cargo bench --bench lazy -- softmax`.

mod common;

use common::group;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numfuse::prelude::*;
use numfuse::testing::try_assert_allclose;
use numfuse::{Axes, NewAxis};
use rayon::prelude::*;
use std::hint::black_box;

/// Elements of the 1-d workloads.
const N: usize = 10_000_000;
/// Bytes of one 1-d f64 array.
const ARR: u64 = (N * 8) as u64;
/// Softmax rows and columns.
const SOFTMAX: (usize, usize) = (4096, 1024);
/// Pairwise distances: points and dimensions.
const PAIRWISE: (usize, usize) = (2000, 64);

fn jit() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

/// Panics (the bench setup's only failure mode) unless lazy and eager agree.
fn check(what: &str, lazy: &Array, eager: &Array, rtol: f64, atol: f64) {
    if let Err(msg) = try_assert_allclose(lazy, eager, rtol, atol) {
        panic!("{what}: lazy differs from eager, not benchmarking it\n{msg}");
    }
}

fn a2_plus_a3(c: &mut Criterion) {
    let a = Array::linspace(-2.0, 2.0, N);
    let lazy = || {
        (&a.lazy() * 2.0 + &a.lazy() * 3.0)
            .eval_with(&jit())
            .unwrap()
    };
    let eager = || &(&a * 2.0) + &(&a * 3.0);
    check("a*2 + a*3", &lazy(), &eager(), 1e-15, 1e-12);

    let mut g = group(c, "a2_plus_a3");
    g.throughput(Throughput::Bytes(6 * ARR)); // 2 reads of a, 2 temporaries written and read, out
    g.bench_function("eager", |i| i.iter(|| black_box(eager())));
    g.throughput(Throughput::Bytes(2 * ARR));
    g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
    g.bench_function("eager_a5", |i| i.iter(|| black_box(&a * 5.0)));
    g.finish();
}

fn axpy3(c: &mut Criterion) {
    let a = Array::linspace(-2.0, 2.0, N);
    let b = Array::linspace(1.0, 3.0, N);
    let cc = Array::linspace(5.0, -5.0, N);
    let lazy = || {
        (2.0f64 * &a.lazy() + 3.0f64 * &b.lazy() - &cc.lazy() * 0.5)
            .eval_with(&jit())
            .unwrap()
    };
    let eager = || &(&(&a * 2.0) + &(&b * 3.0)) - &(&cc * 0.5);
    check("2a + 3b - 0.5c", &lazy(), &eager(), 1e-15, 1e-12);
    let (av, bv) = (a.to_vec::<f64>().unwrap(), b.to_vec::<f64>().unwrap());
    let mut out = vec![0.0f64; N];
    const CHUNK: usize = 1 << 16;

    let mut g = group(c, "axpy3");
    // 3 multiplies (read 1, write 1), add and subtract (read 2, write 1): 12 arrays.
    g.throughput(Throughput::Bytes(12 * ARR));
    g.bench_function("eager", |i| i.iter(|| black_box(eager())));
    g.throughput(Throughput::Bytes(4 * ARR));
    g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
    // The copy bandwidth references: read one array, write one.
    g.throughput(Throughput::Bytes(2 * ARR));
    g.bench_function("copy_fresh", |i| i.iter(|| black_box(a.copy())));
    g.bench_function("copy_loop_into", |i| {
        i.iter(|| {
            out.par_chunks_mut(CHUNK)
                .zip(av.par_chunks(CHUNK))
                .for_each(|(o, x)| o.copy_from_slice(x));
            black_box(&out);
        })
    });
    g.throughput(Throughput::Bytes(3 * ARR));
    g.bench_function("triad_loop_into", |i| {
        i.iter(|| {
            out.par_chunks_mut(CHUNK)
                .zip(av.par_chunks(CHUNK).zip(bv.par_chunks(CHUNK)))
                .for_each(|(o, (x, y))| {
                    for ((o, x), y) in o.iter_mut().zip(x).zip(y) {
                        *o = x + 3.0 * y;
                    }
                });
            black_box(&out);
        })
    });
    g.bench_function("triad_loop_fresh", |i| {
        i.iter(|| {
            let mut out = vec![0.0f64; N];
            out.par_chunks_mut(CHUNK)
                .zip(av.par_chunks(CHUNK).zip(bv.par_chunks(CHUNK)))
                .for_each(|(o, (x, y))| {
                    for ((o, x), y) in o.iter_mut().zip(x).zip(y) {
                        *o = x + 3.0 * y;
                    }
                });
            black_box(out)
        })
    });
    g.finish();
}

fn numba_fn(c: &mut Criterion) {
    let x = Array::linspace(-1.0, 3.0, N);
    let lazy = || {
        let xl = x.lazy();
        let f = numfuse::lazy::where_(
            &xl.greater(0.0),
            xl.sqrt() * (&xl + 1.0).log(),
            xl.power(2.0),
        );
        f.eval_with(&jit()).unwrap()
    };
    let eager = || {
        let pos = &x.sqrt().unwrap() * &(&x + 1.0).log().unwrap();
        let neg = x.power(2.0).unwrap();
        numfuse::ops::where_(&x.greater(0.0).unwrap(), &pos, &neg).unwrap()
    };
    check("numba fn", &lazy(), &eager(), 1e-14, 1e-12);

    let mut g = group(c, "numba_fn");
    // greater (r1 w1/8), sqrt (r1 w1), add (r1 w1), log (r1 w1), multiply (r2 w1),
    // power (r1 w1), where (r 2 + 1/8, w1): 14 arrays and two bool arrays.
    g.throughput(Throughput::Bytes(14 * ARR + 2 * ARR / 8));
    g.bench_function("eager", |i| i.iter(|| black_box(eager())));
    g.throughput(Throughput::Bytes(2 * ARR));
    g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
    g.finish();
}

fn sum_sq(c: &mut Criterion) {
    let a = Array::linspace(-2.0, 2.0, N);
    let lazy = || a.lazy().power(2.0).sum(None).eval_with(&jit()).unwrap();
    let eager = || a.power(2.0).unwrap().sum(None).unwrap();
    check("sum(a**2)", &lazy(), &eager(), 1e-12, 1e-12);

    let mut g = group(c, "sum_sq");
    g.throughput(Throughput::Bytes(3 * ARR)); // a read, the square written and read
    g.bench_function("eager", |i| i.iter(|| black_box(eager())));
    g.throughput(Throughput::Bytes(ARR));
    g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
    g.finish();
}

fn softmax(c: &mut Criterion) {
    let (m, n) = SOFTMAX;
    let x = Array::linspace(-30.0, 30.0, m * n)
        .reshape(&[m as isize, n as isize])
        .unwrap();
    let rows = || Axes::from(1).keepdims();
    let lazy = || {
        let xl = x.lazy();
        let e = (&xl - xl.max(rows())).exp();
        (&e / e.sum(rows())).eval_with(&jit()).unwrap()
    };
    let eager = || {
        let e = (&x - &x.max(rows()).unwrap()).exp().unwrap();
        &e / &e.sum(rows()).unwrap()
    };
    check("softmax", &lazy(), &eager(), 1e-13, 1e-12);
    let bytes = (m * n * 8) as u64;

    let mut g = group(c, "softmax_4096x1024");
    // max (r1), subtract (r1 w1), exp (r1 w1), sum (r1), divide (r1 w1).
    g.throughput(Throughput::Bytes(8 * bytes));
    g.bench_function("eager", |i| i.iter(|| black_box(eager())));
    // max (r1); sum of exp(x - max), storing it (r1 w1); divide (r1 w1).
    g.throughput(Throughput::Bytes(5 * bytes));
    g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
    g.finish();
}

/// Kernel count and total estimated bytes from an `explain` kernel listing.
fn kernel_bytes(explain: &str) -> (usize, u64) {
    let kernels = explain
        .lines()
        .filter(|l| l.starts_with("kernel k"))
        .count();
    let bytes = explain
        .lines()
        .filter_map(|l| l.trim().strip_prefix("bytes: read "))
        .flat_map(|l| l.split(", write "))
        .map(|n| n.trim().parse::<u64>().expect("fixed byte counts"))
        .sum();
    (kernels, bytes)
}

fn pairwise(c: &mut Criterion) {
    let (n, d) = PAIRWISE;
    let x = Array::linspace(-1.0, 1.0, n * d)
        .reshape(&[n as isize, d as isize])
        .unwrap()
        .sin()
        .unwrap();
    let broadcast_form = |x: &Expr| {
        let diff = x.slice(numfuse::s![.., NewAxis, ..]) - x.slice(numfuse::s![NewAxis, .., ..]);
        diff.power(2.0).sum(-1).sqrt()
    };
    // The broadcast form checked against eager on the first 200 points (the eager
    // temporary of all 2000 would be 2 GB).
    let small = x.slice(numfuse::s![..200, ..]).unwrap();
    let eager_small = {
        let diff = &small.slice(numfuse::s![.., NewAxis, ..]).unwrap()
            - &small.slice(numfuse::s![NewAxis, .., ..]).unwrap();
        diff.power(2.0).unwrap().sum(-1).unwrap().sqrt().unwrap()
    };
    let lazy_small = broadcast_form(&small.lazy()).eval_with(&jit()).unwrap();
    check(
        "pairwise (200 points)",
        &lazy_small,
        &eager_small,
        1e-13,
        1e-12,
    );
    let dist = broadcast_form(&x.lazy());
    // No (n, n, d) temporary: every buffer the kernels move fits in far less than one.
    let explain = dist.explain_with(&jit()).unwrap();
    let (kernels, moved) = kernel_bytes(&explain);
    let temporary = (n * n * d * 8) as u64;
    assert!(
        kernels >= 1 && moved < temporary / 10,
        "pairwise: {kernels} kernels move {moved} bytes (an (n, n, d) temporary is \
         {temporary})\n{explain}"
    );
    assert!(
        !explain
            .lines()
            .any(|l| l.trim().starts_with("temp ") && l.contains(&format!("[{n}, {n}, {d}]"))),
        "pairwise: an (n, n, d) temporary\n{explain}"
    );
    let lazy = || dist.eval_with(&jit()).unwrap();
    // The reference: the Gram form, eager (the broadcast form would allocate 2 GB).
    let gram = || {
        let sq = (&x * &x).sum(1).unwrap();
        let g = x.matmul(&x.t()).unwrap();
        let s = &sq.reshape(&[n as isize, 1]).unwrap() + &sq.reshape(&[1, n as isize]).unwrap();
        (&s - &(&g * 2.0)).maximum(0.0).unwrap().sqrt().unwrap()
    };
    check("pairwise vs gram", &lazy(), &gram(), 1e-6, 1e-6);

    let mut g = group(c, "pairwise_2000x64");
    g.throughput(Throughput::Bytes(moved));
    g.bench_function("lazy", |i| i.iter(|| black_box(lazy())));
    g.bench_function("eager_gram", |i| i.iter(|| black_box(gram())));
    g.finish();
}

criterion_group!(
    benches, a2_plus_a3, axpy3, numba_fn, sum_sq, softmax, pairwise
);
criterion_main!(benches);

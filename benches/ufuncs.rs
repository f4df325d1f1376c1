//! Eager ufuncs on 10M f64 against a plain Rust loop over a slice (issue 3's bar: within 1.5x).
//!
//! Each group has the same workload as `numfuse` (eager) and `rust_loop`; both allocate a fresh
//! output per iteration, except the `_into` groups, which write into a preallocated buffer.

use criterion::{Criterion, criterion_group, criterion_main};
use numfuse::ir::{BinaryOp, UnaryOp};
use numfuse::ops::{binary_into, unary};
use numfuse::prelude::*;
use std::hint::black_box;

const N: usize = 10_000_000;

fn inputs() -> (Array, Array, Vec<f64>, Vec<f64>) {
    let a = Array::linspace(0.5, 2.0, N);
    let b = Array::linspace(-1.0, 1.0, N);
    let (av, bv) = (a.to_vec::<f64>().unwrap(), b.to_vec::<f64>().unwrap());
    (a, b, av, bv)
}

fn bench(c: &mut Criterion) {
    let (a, b, av, bv) = inputs();

    let mut g = c.benchmark_group("mul_scalar_10M");
    g.sample_size(20);
    g.bench_function("numfuse", |i| i.iter(|| black_box(&a * 5.0)));
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().map(|x| x * 5.0).collect::<Vec<f64>>()))
    });
    g.finish();

    let mut g = c.benchmark_group("add_10M");
    g.sample_size(20);
    g.bench_function("numfuse", |i| i.iter(|| black_box(&a + &b)));
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().zip(&bv).map(|(x, y)| x + y).collect::<Vec<f64>>()))
    });
    g.finish();

    let mut g = c.benchmark_group("mul_scalar_into_10M");
    g.sample_size(20);
    let mut out = Array::zeros(&[N], DType::F64);
    let mut outv = vec![0.0; N];
    g.bench_function("numfuse", |i| {
        i.iter(|| binary_into(BinaryOp::Multiply, &a, 5.0, &mut out).unwrap())
    });
    g.bench_function("rust_loop", |i| {
        i.iter(|| {
            for (o, x) in outv.iter_mut().zip(&av) {
                *o = x * 5.0;
            }
            black_box(&outv);
        })
    });
    g.finish();

    let mut g = c.benchmark_group("sqrt_10M");
    g.sample_size(20);
    g.bench_function("numfuse", |i| {
        i.iter(|| black_box(unary(UnaryOp::Sqrt, &a).unwrap()))
    });
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().map(|x| x.sqrt()).collect::<Vec<f64>>()))
    });
    g.finish();

    let mut g = c.benchmark_group("exp_10M");
    g.sample_size(10);
    g.bench_function("numfuse", |i| {
        i.iter(|| black_box(unary(UnaryOp::Exp, &a).unwrap()))
    });
    g.bench_function("rust_loop", |i| {
        i.iter(|| black_box(av.iter().map(|x| x.exp()).collect::<Vec<f64>>()))
    });
    g.finish();

    // A strided operand: add a transposed (4000, 2500) view to a C-order one.
    let m = a.reshape(&[4000, 2500]).unwrap();
    let mt = b.reshape(&[2500, 4000]).unwrap().t();
    let mut g = c.benchmark_group("add_transposed_4000x2500");
    g.sample_size(10);
    g.bench_function("numfuse", |i| i.iter(|| black_box(&m + &mt)));
    g.bench_function("rust_loop", |i| {
        i.iter(|| {
            let mut out = vec![0.0; N];
            for r in 0..4000 {
                for k in 0..2500 {
                    out[r * 2500 + k] = av[r * 2500 + k] + bv[k * 4000 + r];
                }
            }
            black_box(out)
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

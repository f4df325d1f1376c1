//! Compile time and per-call overhead of the lazy engine (issue 5's targets: a 20-op
//! elementwise kernel compiles in under 2 ms; a cached call on 1000 elements costs under 10 µs
//! more than the arithmetic).
//!
//! | group | function | measures |
//! |---|---|---|
//! | `compile_20op` | `compile` | Cranelift lowering + compilation of one kernel, as the JIT reports it (`explain_analyze`'s `compile` time) |
//! | `compile_20op` | `cold_eval` | a whole first evaluation: build, passes, fusion, compile, run |
//! | `cached_1000` | `lazy_20op`, `lazy_a2_plus_a3` | a call whose kernel is cached: build-free `eval_with` of a held `Expr` (passes and fusion run per call) |
//! | `cached_1000` | `jitfn_20op`, `jitfn_a2_plus_a3` | the same through a [`numfuse::jit`] function: traced once, only the run per call |
//! | `cached_1000` | `rust_loop_20op`, `rust_loop_a5` | the same arithmetic in plain Rust: overhead = lazy − loop |
//!
//! Cold compiles defeat the kernel cache by giving every iteration a new structure: the
//! twenty operations are drawn from a counter's base-4 digits (`add`, `multiply`, `maximum`,
//! `minimum`), so no two iterations share a kernel (the cache keys by structure, never by
//! constants or sizes). `Strict` keeps the passes from merging operations, so each kernel has
//! its twenty. The `compile` measurement panics if a run reports anything but a cache miss.

use criterion::{Criterion, criterion_group, criterion_main};
use numfuse::ir::{BinaryOp, FloatPolicy};
use numfuse::prelude::*;
use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// Elements of the cached-call inputs (and of the cold compiles' runs).
const SMALL: usize = 1000;
/// Operations in the compiled kernel.
const OPS: usize = 20;
/// The operations a digit picks.
const CHOICES: [BinaryOp; 4] = [
    BinaryOp::Add,
    BinaryOp::Multiply,
    BinaryOp::Maximum,
    BinaryOp::Minimum,
];

fn opts(policy: FloatPolicy) -> EvalOptions {
    EvalOptions {
        policy,
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

/// Three inputs of [`SMALL`] elements.
fn inputs() -> [Array; 3] {
    [
        Array::linspace(0.5, 1.5, SMALL),
        Array::linspace(-1.0, 1.0, SMALL),
        Array::linspace(0.9, 1.1, SMALL),
    ]
}

/// A chain of [`OPS`] binary operations whose kinds are `seed`'s base-4 digits, the right
/// operand cycling through the inputs `b`, `c`, `a` (so no two neighbours repeat one).
fn chain_of(ls: [&Expr; 3], seed: u64) -> Expr {
    let mut e = ls[0].clone();
    for k in 0..OPS {
        let digit = (seed >> (2 * k)) & 3;
        e = e.binary(CHOICES[digit as usize], ls[(k + 1) % 3]);
    }
    e
}

/// [`chain_of`] over the arrays `xs`.
fn chain(xs: &[Array; 3], seed: u64) -> Expr {
    let ls = xs.each_ref().map(Array::lazy);
    chain_of(ls.each_ref(), seed)
}

/// The same chain over slices, in plain Rust.
fn chain_loop(xs: &[Vec<f64>; 3], seed: u64, out: &mut [f64]) {
    for (i, o) in out.iter_mut().enumerate() {
        let mut v = xs[0][i];
        for k in 0..OPS {
            let w = xs[(k + 1) % 3][i];
            v = match (seed >> (2 * k)) & 3 {
                0 => v + w,
                1 => v * w,
                2 => v.max(w),
                _ => v.min(w),
            };
        }
        *o = v;
    }
}

/// Sum of the `compile <t> ms` times of an `explain_analyze` codegen section; panics unless
/// every compiled kernel was a cache miss.
fn compile_time(analyze: &str) -> Duration {
    let mut total = Duration::ZERO;
    let mut kernels = 0;
    for line in analyze.lines().filter(|l| l.contains("  compile ")) {
        assert!(
            line.contains("cache miss"),
            "a cold compile hit the cache:\n{analyze}"
        );
        let ms = line
            .rsplit("  compile ")
            .next()
            .and_then(|t| t.strip_suffix(" ms"))
            .and_then(|t| t.trim().parse::<f64>().ok())
            .unwrap_or_else(|| panic!("no compile time in `{line}`"));
        total += Duration::from_secs_f64(ms / 1e3);
        kernels += 1;
    }
    assert_eq!(kernels, 1, "one kernel expected:\n{analyze}");
    total
}

/// A counter of structures never compiled before in this process.
static NEXT: AtomicU64 = AtomicU64::new(0x5eed);

fn compile(c: &mut Criterion) {
    let xs = inputs();
    let strict = opts(FloatPolicy::Strict);
    // The chain is correct: the plain loop gives the same (bit-exact: no rewrites, no
    // transcendentals).
    let vs = xs.each_ref().map(|a| a.to_vec::<f64>().unwrap());
    let mut want = vec![0.0; SMALL];
    let seed = NEXT.fetch_add(1, Ordering::Relaxed);
    chain_loop(&vs, seed, &mut want);
    let got = chain(&xs, seed).eval_with(&strict).unwrap();
    assert_eq!(got.to_vec::<f64>().unwrap(), want, "20-op chain");

    let mut g = c.benchmark_group("compile_20op");
    g.sample_size(30).measurement_time(Duration::from_secs(3));
    g.bench_function("compile", |i| {
        i.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let e = chain(&xs, NEXT.fetch_add(1, Ordering::Relaxed));
                    compile_time(&e.explain_analyze_with(&strict).unwrap())
                })
                .sum()
        })
    });
    g.bench_function("cold_eval", |i| {
        i.iter_custom(|iters| {
            (0..iters)
                .map(|_| {
                    let e = chain(&xs, NEXT.fetch_add(1, Ordering::Relaxed));
                    let t = Instant::now();
                    black_box(e.eval_with(&strict).unwrap());
                    t.elapsed()
                })
                .sum()
        })
    });
    g.finish();
}

fn cached(c: &mut Criterion) {
    let xs = inputs();
    let vs = xs.each_ref().map(|a| a.to_vec::<f64>().unwrap());
    let strict = opts(FloatPolicy::Strict);
    let algebraic = opts(FloatPolicy::Algebraic);
    let seed = 0x1234_5678_9abc;
    let e20 = chain(&xs, seed);
    let x = xs[0].lazy();
    let a5 = &x * 2.0 + &x * 3.0;
    // Warm the cache (and check once).
    let mut want = vec![0.0; SMALL];
    chain_loop(&vs, seed, &mut want);
    assert_eq!(
        e20.eval_with(&strict).unwrap().to_vec::<f64>().unwrap(),
        want
    );
    a5.eval_with(&algebraic).unwrap();

    let mut g = c.benchmark_group("cached_1000");
    g.sample_size(50).measurement_time(Duration::from_secs(2));
    g.bench_function("lazy_20op", |i| {
        i.iter(|| black_box(e20.eval_with(&strict).unwrap()))
    });
    g.bench_function("rust_loop_20op", |i| {
        i.iter(|| {
            let mut out = vec![0.0; SMALL];
            chain_loop(&vs, seed, &mut out);
            black_box(out)
        })
    });
    g.bench_function("lazy_a2_plus_a3", |i| {
        i.iter(|| black_box(a5.eval_with(&algebraic).unwrap()))
    });
    // The same through `numfuse::jit`: traced once, no passes or fusion per call.
    let f20 = numfuse::jit(move |a: &Expr, b: &Expr, c: &Expr| chain_of([a, b, c], seed))
        .with_options(strict.clone());
    assert_eq!(
        f20.call(&xs.each_ref()).unwrap().to_vec::<f64>().unwrap(),
        want
    );
    g.bench_function("jitfn_20op", |i| {
        i.iter(|| black_box(f20.call(&xs.each_ref()).unwrap()))
    });
    let fa5 = numfuse::jit(|x: &Expr| x * 2.0 + x * 3.0).with_options(algebraic.clone());
    fa5.call(&[&xs[0]]).unwrap();
    g.bench_function("jitfn_a2_plus_a3", |i| {
        i.iter(|| black_box(fa5.call(&[&xs[0]]).unwrap()))
    });
    g.bench_function("rust_loop_a5", |i| {
        i.iter(|| black_box(vs[0].iter().map(|v| v * 5.0).collect::<Vec<f64>>()))
    });
    g.finish();
}

criterion_group!(benches, compile, cached);
criterion_main!(benches);

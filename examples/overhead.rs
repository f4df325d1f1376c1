//! Per-call overhead of the lazy engine, and the figures behind `Backend::Auto`'s cost model:
//! `cargo run --release --example overhead`.
//!
//! - A cached `eval()` of `a*2 + 1` on 1000 f64 (the JIT, kernel already compiled), and the
//!   same through a `numfuse::jit` function (no trace, no passes, no fusion per call).
//! - Eager vs JIT time per element at sizes around the `AUTO_EAGER_MAX_WORK` threshold.
//! - Compile time of a fresh kernel (the first use of a structure).
//!
//! Medians of many runs; the machine is shared, so note `uptime` beside the figures.

use numfuse::lazy::AUTO_EAGER_MAX_WORK;
use numfuse::prelude::*;
use std::hint::black_box;
use std::time::{Duration, Instant};

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn time(runs: usize, mut f: impl FnMut()) -> Duration {
    for _ in 0..runs / 10 + 1 {
        f();
    }
    median(
        (0..runs)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}

fn main() -> numfuse::Result<()> {
    let jit = EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    };
    let a = Array::arange(1000.0, DType::F64);
    let expr = |x: &Array| x.lazy() * 2.0 + 1.0;
    expr(&a).eval_with(&jit)?; // compile once
    let eval_jit = time(20_000, || {
        black_box(expr(black_box(&a)).eval_with(&jit).unwrap());
    });
    let eval_auto = time(20_000, || {
        black_box(expr(black_box(&a)).eval().unwrap());
    });
    let build = time(20_000, || {
        black_box(expr(black_box(&a)));
    });
    let f = numfuse::jit(|x: &Expr| x * 2.0 + 1.0).with_options(jit.clone());
    f.call(&[&a])?;
    let call = time(20_000, || {
        black_box(f.call(&[black_box(&a)]).unwrap());
    });
    let eager = time(20_000, || {
        black_box(&(black_box(&a) * 2.0) + 1.0);
    });
    println!("a*2 + 1 on 1000 f64 (medians):");
    println!("  build the Expr only          {:7.2} µs", us(build));
    println!("  eval(), Backend::Jit, cached {:7.2} µs", us(eval_jit));
    println!("  eval(), Backend::Auto, cached{:7.2} µs", us(eval_auto));
    println!("  JitFn::call, cached          {:7.2} µs", us(call));
    println!("  eager a*2 + 1                {:7.2} µs", us(eager));

    println!("\nper element, eager vs JIT (cached), a*2 + 1 and sqrt(a)*log(a+1):");
    for n in [1_000usize, 8_192, AUTO_EAGER_MAX_WORK, 262_144] {
        let a = &Array::arange(n as f64, DType::F64) + 1.0;
        let runs = (2_000_000 / n).max(20);
        let e1 = time(runs, || {
            black_box(&(black_box(&a) * 2.0) + 1.0);
        });
        let j1 = time(runs, || {
            black_box(f.call(&[black_box(&a)]).unwrap());
        });
        let e2 = time(runs, || {
            black_box(&a.sqrt().unwrap() * &(&a + 1.0).log().unwrap());
        });
        let g = numfuse::jit(|x: &Expr| x.sqrt() * (x + 1.0).log()).with_options(jit.clone());
        g.call(&[&a])?;
        let j2 = time(runs, || {
            black_box(g.call(&[black_box(&a)]).unwrap());
        });
        let ns = |d: Duration| d.as_secs_f64() * 1e9 / n as f64;
        println!(
            "  n={n:>7}  a*2+1: eager {:6.2} ns/el  jit {:6.2} ns/el   sqrt*log: eager {:6.2}  jit {:6.2}",
            ns(e1),
            ns(j1),
            ns(e2),
            ns(j2)
        );
    }

    println!("\ncompile time of fresh kernels (first use of a structure):");
    let mut times = Vec::new();
    for k in 0..12u32 {
        // A different structure each time: k + 1 more ops.
        let (_, rep) = numfuse::jit(move |x: &Expr| {
            let mut y = x * 1.5;
            for i in 0..=k {
                y = if i % 2 == 0 {
                    (&y + 0.5).abs()
                } else {
                    (&y * 0.9).sqrt()
                };
            }
            y
        })
        .with_options(jit.clone())
        .call_report(&[&a])?;
        times.push((k, rep.time));
    }
    for (k, t) in times {
        println!("  {:>2} ops: first call {:8.1} µs", 2 * (k + 1) + 1, us(t));
    }
    Ok(())
}

//! The numfuse showcase: workloads timed eagerly (and, once the lazy engine lands, lazily).
//!
//! The lazy, JIT-compiled engine is not built yet, so this table shows **eager figures only**:
//! the array core's memory-bound operations (strided copies, casts, fills) against a plain Rust
//! loop over a slice, the bar every eager kernel must meet.
//!
//! Run: `cargo run --release --example compare` (add `--quick` for a small, fast run).

use numfuse::prelude::*;
use std::hint::black_box;
use std::time::{Duration, Instant};

/// Median of `reps` timed runs of `f`.
fn time<R>(reps: usize, mut f: impl FnMut() -> R) -> Duration {
    let mut times: Vec<Duration> = (0..reps)
        .map(|_| {
            let t = Instant::now();
            black_box(f());
            t.elapsed()
        })
        .collect();
    times.sort();
    times[reps / 2]
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

fn main() -> numfuse::Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n, side, reps) = if quick {
        (1_000_000, 1000, 3)
    } else {
        (10_000_000, 4000, 7)
    };
    println!("numfuse compare: eager figures only (the lazy engine has not landed yet)");
    println!("sizes: {n} elements, {side}x{side} matrices; median of {reps} runs\n");
    println!(
        "{:<42} {:>10} {:>10} {:>8} {:>9}",
        "workload", "numfuse ms", "rust ms", "ratio", "GB/s"
    );

    let a = Array::arange(n as f64, DType::F64);
    let src: Vec<f64> = a.to_vec()?;
    let mut rows = Vec::new();

    let t = time(reps, || a.copy());
    let r = time(reps, || src.clone());
    rows.push(("copy, contiguous f64", t, r, 16 * n));

    let t = time(reps, || a.astype(DType::F32));
    let r = time(reps, || src.iter().map(|&x| x as f32).collect::<Vec<f32>>());
    rows.push(("astype f64 -> f32", t, r, 12 * n));

    let rev = a.slice(s![..;-1])?;
    let t = time(reps, || rev.copy());
    let r = time(reps, || src.iter().rev().copied().collect::<Vec<f64>>());
    rows.push(("copy, reversed view a[::-1]", t, r, 16 * n));

    let m =
        Array::arange((side * side) as f64, DType::F64).reshape(&[side as isize, side as isize])?;
    let mv: Vec<f64> = m.to_vec()?;
    let mt = m.t();
    let t = time(reps, || mt.copy());
    let r = time(reps, || {
        let mut out = vec![0.0; side * side];
        for i in 0..side {
            for j in 0..side {
                out[i * side + j] = mv[j * side + i];
            }
        }
        out
    });
    rows.push(("copy, transposed (C order out)", t, r, 16 * side * side));

    let mut z = Array::zeros(&[n], DType::F64);
    let mut zv = vec![0.0f64; n];
    let t = time(reps, || z.fill(1.5));
    let r = time(reps, || zv.fill(1.5));
    rows.push(("fill f64", t, r, 8 * n));

    for (name, t, r, bytes) in rows {
        let gbs = bytes as f64 / t.as_secs_f64() / 1e9;
        println!(
            "{name:<42} {:>10.2} {:>10.2} {:>8.2} {gbs:>9.1}",
            ms(t),
            ms(r),
            ms(t) / ms(r)
        );
    }
    println!("\nratio = numfuse / plain Rust loop (lower is better; 1.00 = as fast as the loop)");
    Ok(())
}

//! The numfuse showcase: the seed's workloads, timed in one run.
//!
//! The lazy, JIT-compiled engine is not built yet, so this table shows **eager figures only**:
//! numfuse's eager ufuncs and reductions (one pass and one temporary per operation, as NumPy)
//! against the same computation written as one hand-fused Rust loop over slices. The ratio is
//! the cost of temporaries that the lazy engine exists to remove.
//!
//! Run: `cargo run --release --example compare` (add `--quick` for a small, fast run).

use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::{Axes, ops};
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

struct Row {
    name: &'static str,
    shape: String,
    eager: Duration,
    fused: Duration,
    max_diff: f64,
}

/// Largest absolute difference between an array and a reference vector.
fn max_diff(a: &Array, reference: &[f64]) -> Result<f64> {
    let v = a.astype(DType::F64).to_vec::<f64>()?;
    Ok(v.iter()
        .zip(reference)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max))
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (n, reps) = if quick {
        (1_000_000, 3)
    } else {
        (10_000_000, 7)
    };
    let (rows_sm, cols_sm) = if quick { (512, 1024) } else { (4096, 1024) };
    let pd = if quick { 300 } else { 1000 };
    println!("numfuse compare: eager figures only (the lazy engine has not landed yet)");
    println!("eager numfuse vs one hand-fused Rust loop; median of {reps} runs\n");

    let mut rng = default_rng(0);
    let a = rng.standard_normal(&[n]);
    let b = rng.standard_normal(&[n]);
    let c = rng.standard_normal(&[n]);
    let (av, bv, cv) = (a.to_vec::<f64>()?, b.to_vec::<f64>()?, c.to_vec::<f64>()?);
    let mut rows = Vec::new();
    let shape = format!("({n},)");

    // a*2 + a*3 (the seed's like-terms example) and the a*5 it simplifies to.
    let e = time(reps, || &(&a * 2.0) + &(&a * 3.0));
    let f = time(reps, || {
        av.iter().map(|x| x * 2.0 + x * 3.0).collect::<Vec<f64>>()
    });
    let reference: Vec<f64> = av.iter().map(|x| x * 2.0 + x * 3.0).collect();
    let d = max_diff(&(&(&a * 2.0) + &(&a * 3.0)), &reference)?;
    rows.push(Row {
        name: "a*2 + a*3",
        shape: shape.clone(),
        eager: e,
        fused: f,
        max_diff: d,
    });
    let e = time(reps, || &a * 5.0);
    let f = time(reps, || av.iter().map(|x| x * 5.0).collect::<Vec<f64>>());
    rows.push(Row {
        name: "a*5",
        shape: shape.clone(),
        eager: e,
        fused: f,
        max_diff: 0.0,
    });

    // A three-input linear combination.
    let lin = || -> Result<Array> { (&(&a * 2.0) + &(&b * 3.0)).try_sub(&(&c * 0.5)) };
    let e = time(reps, lin);
    let fused = || -> Vec<f64> {
        av.iter()
            .zip(&bv)
            .zip(&cv)
            .map(|((x, y), z)| 2.0 * x + 3.0 * y - 0.5 * z)
            .collect()
    };
    let f = time(reps, fused);
    let d = max_diff(&lin()?, &fused())?;
    rows.push(Row {
        name: "2*a + 3*b - 0.5*c",
        shape: shape.clone(),
        eager: e,
        fused: f,
        max_diff: d,
    });

    // Leaky ReLU, both of the seed's forms.
    let relu_where = || -> Result<Array> { ops::where_(&a.greater(0.0)?, &a, &(&a * 0.01)) };
    let relu_arith = || -> Result<Array> { a.maximum(0.0)?.try_add(&(0.01 * &a.minimum(0.0)?)) };
    let relu_loop = || -> Vec<f64> {
        av.iter()
            .map(|&x| if x > 0.0 { x } else { x * 0.01 })
            .collect()
    };
    let f = time(reps, relu_loop);
    let d = max_diff(&relu_where()?, &relu_loop())?;
    rows.push(Row {
        name: "leaky ReLU: where",
        shape: shape.clone(),
        eager: time(reps, relu_where),
        fused: f,
        max_diff: d,
    });
    let d = max_diff(&relu_arith()?, &relu_loop())?;
    rows.push(Row {
        name: "leaky ReLU: maximum + minimum",
        shape: shape.clone(),
        eager: time(reps, relu_arith),
        fused: f,
        max_diff: d,
    });

    // The seed's Numba function: sqrt(x)*log(x+1) where x > 0, else x**2.
    let numba = || -> Result<Array> {
        let pos = a.sqrt()?.try_mul(&(&a + 1.0).log()?)?;
        ops::where_(&a.greater(0.0)?, &pos, &a.power(2.0)?)
    };
    let numba_loop = || -> Vec<f64> {
        av.iter()
            .map(|&x| {
                if x > 0.0 {
                    x.sqrt() * (x + 1.0).ln()
                } else {
                    x * x
                }
            })
            .collect()
    };
    let e = numfuse::ops::errstate::errstate(
        numfuse::ops::errstate::ErrState::all(numfuse::ops::errstate::ErrMode::Ignore),
        || time(reps, numba),
    );
    let f = time(reps, numba_loop);
    let d = numfuse::ops::errstate::errstate(
        numfuse::ops::errstate::ErrState::all(numfuse::ops::errstate::ErrMode::Ignore),
        || -> Result<f64> { max_diff(&numba()?, &numba_loop()) },
    )?;
    rows.push(Row {
        name: "where(x>0, sqrt(x)*log(x+1), x**2)",
        shape: shape.clone(),
        eager: e,
        fused: f,
        max_diff: d,
    });

    // Sum of squares in f64 and f32.
    let e = time(reps, || a.power(2.0).and_then(|s| s.sum(None)));
    let f = time(reps, || av.iter().map(|x| x * x).sum::<f64>());
    let exact: f64 = av.iter().map(|x| x * x).sum();
    let d = (a.power(2.0)?.sum(None)?.get(&[])?.to_f64() - exact).abs();
    rows.push(Row {
        name: "sum(a**2) f64",
        shape: shape.clone(),
        eager: e,
        fused: f,
        max_diff: d,
    });
    let a32 = a.astype(DType::F32);
    let a32v = a32.to_vec::<f32>()?;
    let e = time(reps, || a32.power(2.0).and_then(|s| s.sum(None)));
    let f = time(reps, || a32v.iter().map(|x| x * x).sum::<f32>());
    rows.push(Row {
        name: "sum(a**2) f32",
        shape: shape.clone(),
        eager: e,
        fused: f,
        max_diff: f64::NAN,
    });

    // Row softmax.
    let x = rng.standard_normal(&[rows_sm, cols_sm]);
    let xv = x.to_vec::<f64>()?;
    let softmax = || -> Result<Array> {
        let e = x.try_sub(&x.max(Axes::from(-1).keepdims())?)?.exp()?;
        e.try_div(&e.sum(Axes::from(-1).keepdims())?)
    };
    let softmax_loop = || -> Vec<f64> {
        let mut out = vec![0.0; xv.len()];
        for (row, o) in xv.chunks(cols_sm).zip(out.chunks_mut(cols_sm)) {
            let m = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let mut s = 0.0;
            for (oi, &v) in o.iter_mut().zip(row) {
                *oi = (v - m).exp();
                s += *oi;
            }
            o.iter_mut().for_each(|v| *v /= s);
        }
        out
    };
    let d = max_diff(&softmax()?, &softmax_loop())?;
    rows.push(Row {
        name: "softmax, last axis",
        shape: format!("({rows_sm}, {cols_sm})"),
        eager: time(reps, softmax),
        fused: time(reps, softmax_loop),
        max_diff: d,
    });

    // Pairwise distances, broadcast form (allocates the (n, n, d) temporary) and Gram form.
    let xp = rng.standard_normal(&[pd, 64]);
    let xpv = xp.to_vec::<f64>()?;
    let broadcast = || -> Result<Array> {
        let diff = xp
            .slice(s![.., NewAxis, ..])?
            .try_sub(&xp.slice(s![NewAxis, .., ..])?)?;
        diff.power(2.0)?.sum(2)?.sqrt()
    };
    let gram = || -> Result<Array> {
        let sq = xp.power(2.0)?.sum(1)?;
        let d2 = sq
            .slice(s![.., NewAxis])?
            .try_add(&sq.slice(s![NewAxis, ..])?)?;
        d2.try_sub(&(&xp.matmul(&xp.t())? * 2.0))?
            .maximum(0.0)?
            .sqrt()
    };
    let pd_loop = || -> Vec<f64> {
        let mut out = vec![0.0; pd * pd];
        for i in 0..pd {
            for j in 0..pd {
                let (p, q) = (&xpv[i * 64..i * 64 + 64], &xpv[j * 64..j * 64 + 64]);
                out[i * pd + j] = p
                    .iter()
                    .zip(q)
                    .map(|(u, v)| (u - v) * (u - v))
                    .sum::<f64>()
                    .sqrt();
            }
        }
        out
    };
    let f = time(reps, pd_loop);
    let d = max_diff(&broadcast()?, &pd_loop())?;
    let pshape = format!("({pd}, 64)");
    rows.push(Row {
        name: "pairwise distances, broadcast",
        shape: pshape.clone(),
        eager: time(reps, broadcast),
        fused: f,
        max_diff: d,
    });
    let d = max_diff(&gram()?, &pd_loop())?;
    rows.push(Row {
        name: "pairwise distances, Gram (matmul)",
        shape: pshape,
        eager: time(reps, gram),
        fused: f,
        max_diff: d,
    });

    println!(
        "{:<36} {:>13} {:>11} {:>11} {:>8} {:>9}",
        "workload", "shape", "eager ms", "fused ms", "ratio", "max diff"
    );
    for r in rows {
        let diff = if r.max_diff.is_nan() {
            "-".to_string()
        } else {
            format!("{:.1e}", r.max_diff)
        };
        println!(
            "{:<36} {:>13} {:>11.2} {:>11.2} {:>8.2} {:>9}",
            r.name,
            r.shape,
            ms(r.eager),
            ms(r.fused),
            ms(r.eager) / ms(r.fused),
            diff
        );
    }
    println!(
        "\nratio = eager / hand-fused loop (above 1: the cost of eager temporaries, which the lazy \
         engine will remove).\nThe fused loops are single-threaded; eager ufuncs use every core \
         above 64K elements."
    );
    Ok(())
}

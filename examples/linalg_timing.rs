//! Times `numfuse::linalg` on large matrices, to compare with NumPy on the same machine:
//!
//! ```text
//! cargo run --release --example linalg_timing
//! python3 -c "import numpy as np, time; a = np.random.default_rng(0).random((1000, 1000)) + 1000 * np.eye(1000); b = np.ones(1000); np.linalg.solve(a, b); t = time.perf_counter(); [np.linalg.solve(a, b) for _ in range(10)]; print((time.perf_counter() - t) / 10 * 1e3, 'ms')"
//! ```
//!
//! The issue's bar: `solve` of 1000×1000 within 1.5× of NumPy (31 ms on the reference machine).

use numfuse::linalg;
use numfuse::prelude::*;
use std::time::Instant;

fn time(name: &str, reps: u32, mut f: impl FnMut()) {
    f();
    let t = Instant::now();
    for _ in 0..reps {
        f();
    }
    println!(
        "{name:<28} {:8.2} ms",
        t.elapsed().as_secs_f64() * 1e3 / f64::from(reps)
    );
}

fn main() -> numfuse::Result<()> {
    let n = 1000;
    let mut rng = numfuse::random::default_rng(0);
    let a = rng
        .random(&[n, n])
        .try_add(&Array::eye(n, None, 0, DType::F64).try_mul(n as f64)?)?;
    let b = Array::ones(&[n], DType::F64);
    time("solve 1000x1000, vector b", 10, || {
        linalg::solve(&a, &b).expect("solve");
    });
    time("solve 1000x1000, F-order a", 10, || {
        linalg::solve(&a.t(), &b).expect("solve");
    });
    time("inv 1000x1000", 5, || {
        linalg::inv(&a).expect("inv");
    });
    time("det 1000x1000", 10, || {
        linalg::det(&a).expect("det");
    });
    let sym = a.try_add(&a.t())?;
    time("cholesky 1000x1000", 10, || {
        linalg::cholesky(&sym).expect("cholesky");
    });
    let small = rng
        .random(&[1000, 8, 8])
        .try_add(&Array::eye(8, None, 0, DType::F64))?;
    time("inv of 1000 stacked 8x8", 10, || {
        linalg::inv(&small).expect("inv");
    });
    Ok(())
}

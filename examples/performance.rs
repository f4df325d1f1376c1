//! The seed's section 4, "Performance Optimization — Profiling & Tuning", in numfuse: the seven
//! tips (dtype, temporaries, memory order, matmul vs einsum, einsum's `optimize`,
//! pre-allocation, clip vs maximum) and the profiling of `my_function`.
//!
//! Run with `cargo run --release --example performance` for meaningful times (the seed's sizes:
//! 10M elements, 1000x1000 matrices, 1000 draws of 10000); `--quick` shrinks every size for CI,
//! which runs it in the debug profile. Every tip the seed times is timed eagerly (the NumPy-like
//! library, one temporary per operation) AND lazily (`x.lazy()` builds an expression, `eval`
//! fuses it into JIT-compiled kernels). Lazy times are of a warm call (kernels cached, as Numba
//! is timed after its warm-up); the first call's compile time is printed next to it. Nothing is
//! asserted on a time.
//!
//! Asserted: the `out=` version of TIP 2 equals `(arr*2) + (arr*3)` bit for bit, and the lazy
//! `a*2 + a*3` equals `a*5` bit for bit (the engine rewrote it: `explain` shows the rule), or
//! `(arr*2) + (arr*3)` bit for bit under `FloatPolicy::Strict`; C- and F-order sums agree;
//! matmul and einsum agree; TIP 5's two paths agree (the seed's `np.allclose`); the three TIP 6
//! variants give the same means; clip and maximum are exact and lazy equals eager; the row loop
//! of `my_function` agrees with its vectorised and lazy forms. `tests/seed_performance.rs`
//! compares every result with NumPy's on NumPy's own inputs.
//!
//! What differs from the seed:
//! - `np.random.randn` becomes `default_rng(0).standard_normal`, so the numbers differ.
//! - TIP 1 squares a float32 *copy* of the float64 array (the seed draws two arrays), so the
//!   two sums differ by their dtype alone.
//! - TIP 4: the lazy side times `A.lazy().matmul(B)` and `numfuse::lazy::einsum('ij,jk->ik')`,
//!   which lowers to the same GEMM call. TIP 5's lazy side is `(A @ B) @ C`, the optimal
//!   path's pairwise products (the lazy einsum has no contraction-path search).
//! - Profiling: `cProfile`/`pstats`, `line_profiler` (`%lprun`) and `memory_profiler`
//!   (`%memit`) are Python tooling, out of scope. numfuse's equivalents for its own engine are
//!   `Expr::explain_analyze` (the graph, the rewrites, each kernel's time and GB/s, each pass's
//!   time), printed below for the vectorised `my_function`, and `NUMFUSE_DEBUG=2` (the same per
//!   evaluation, on stderr). For Rust code in general, use a sampling profiler (`perf`).

mod seed_lib {
    include!("seed_lib/performance.rs");
}

use numfuse::ir::FloatPolicy;
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::{assert_allclose, assert_array_equal};
use seed_lib::*;
use std::time::Instant;

/// The JIT backend, always (`Backend::Auto` would run small quick-mode work eagerly).
fn jit() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

/// Runs `f` `reps` times; the last result and the seconds taken.
fn timed<T>(reps: usize, mut f: impl FnMut() -> Result<T>) -> Result<(T, f64)> {
    let t0 = Instant::now();
    let mut out = f()?;
    for _ in 1..reps {
        out = f()?;
    }
    Ok((out, t0.elapsed().as_secs_f64()))
}

/// Evaluates `build()` once to compile (timed), then `reps` more times warm (timed).
fn timed_lazy(reps: usize, build: impl Fn() -> Expr) -> Result<(Array, f64, f64)> {
    let (_, first) = timed(1, || build().eval_with(&jit()))?;
    let (out, warm) = timed(reps, || build().eval_with(&jit()))?;
    Ok((out, warm, first))
}

fn report(what: &str, eager: f64, lazy: f64, first: f64) {
    println!("{what}: eager {eager:.6}s, lazy {lazy:.6}s (one first call, compiling: {first:.6}s)");
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut rng = default_rng(0);
    let eps = f64::EPSILON;

    // --- TIP 1: Use appropriate dtype ---
    // float32 vs float64: 2x memory, nearly same speed on CPU
    let n = if quick { 100_000 } else { 10_000_000 };
    let big_float64 = rng.standard_normal(&[n]); // 80 MB at the seed's size
    let big_float32 = big_float64.astype(DType::F32); // 40 MB
    for (name, x) in [("float64", &big_float64), ("float32", &big_float32)] {
        let (eager, te) = timed(1, || sum_of_squares(x))?;
        let (lazy, tl, first) = timed_lazy(1, || sum_of_squares_lazy(x))?;
        report(name, te, tl, first);
        assert_eq!((eager.dtype(), lazy.dtype()), (x.dtype(), x.dtype()));
        // Both sum n positive terms, in different orders: within n·eps of each other at worst.
        let tol = if x.dtype() == DType::F32 { 1e-4 } else { 1e-9 };
        assert_allclose(&lazy, &eager, tol, 0.0);
    }

    // --- TIP 2: Avoid unnecessary copies ---
    let side = if quick { 200 } else { 1000 };
    let arr = rng.standard_normal(&[side, side]);
    // BAD — creates 3 temporary arrays
    let (bad, t_bad) = timed(1, || times2_plus_times3(&arr))?;
    // GOOD — fewer temporaries
    let (good, t_good) = timed(1, || times2_plus_times3_out(&arr))?;
    // BETTER
    let (better, t_better) = timed(1, || times5(&arr))?; // arr * 2 + arr * 3 = arr * 5 — simpler!
    // LAZY — write it as you think of it; the engine collects the like terms itself.
    let (lazy, t_lazy, first) = timed_lazy(1, || times2_plus_times3_lazy(&arr))?;
    // ... and with an `out=` destination: the kernel writes straight into `into`.
    let mut into = Array::empty_like(&arr);
    times2_plus_times3_lazy(&arr).eval_into_with(&mut into, &jit())?; // warm
    let (_, t_into) = timed(1, || {
        times2_plus_times3_lazy(&arr).eval_into_with(&mut into, &jit())
    })?;
    println!(
        "(arr*2)+(arr*3): eager {t_bad:.6}s; out=: {t_good:.6}s; arr*5: {t_better:.6}s; \
         lazy a*2 + a*3: {t_lazy:.6}s (first call {first:.6}s); lazy into out: {t_into:.6}s"
    );
    assert_array_equal(&good, &bad);
    assert_array_equal(&lazy, &better); // the engine computed a*5, bit for bit
    assert_array_equal(&into, &better);
    // a*2 + a*3 rounds twice, a*5 once: they differ by at most about one ulp.
    assert_allclose(&bad, &better, 2.0 * eps, 0.0);
    // Under FloatPolicy::Strict the engine makes only bit-identical rewrites: NumPy's BAD result.
    let strict = EvalOptions {
        policy: FloatPolicy::Strict,
        ..jit()
    };
    assert_array_equal(&times2_plus_times3_lazy(&arr).eval_with(&strict)?, &bad);
    println!("\nWhat the engine did with a*2 + a*3 (Expr::explain):");
    print!("{}", times2_plus_times3_lazy(&arr).explain_with(&jit())?);
    println!();

    // --- TIP 3: Contiguous memory access ---
    let reps = if quick { 10 } else { 100 };
    // Column-wise sum on C-order array (cache-unfriendly — jumps in memory)
    let (col_sums, t) = timed(reps, || arr.sum(0))?;
    let (col_lazy, tl, first) = timed_lazy(reps, || col_row_sums_lazy(&arr).0)?;
    report("Column sum", t, tl, first);
    // Row-wise sum on C-order array (cache-friendly — sequential access)
    let (row_sums, t) = timed(reps, || arr.sum(1))?;
    let (row_lazy, tl, first) = timed_lazy(reps, || col_row_sums_lazy(&arr).1)?;
    report("Row sum", t, tl, first);
    // TIP: If you do many column operations, use F-order!
    let arr_f = arr.asfortranarray(); // F-contiguous copy
    assert!(arr_f.is_f_contiguous() && !arr_f.is_c_contiguous());
    let (col_sums_f, t) = timed(reps, || arr_f.sum(0))?;
    let (col_lazy_f, tl, first) = timed_lazy(reps, || col_row_sums_lazy(&arr_f).0)?;
    report("Column sum (F-order)", t, tl, first);
    // Sums of `side` terms of either sign, added in different orders: the error is bounded by
    // side·eps·Σ|x|, about side·eps·0.8·side; 1e-10 absolute covers it at side = 1000.
    for got in [&col_lazy, &col_sums_f, &col_lazy_f] {
        assert_allclose(got, &col_sums, 1e-12, 1e-10);
    }
    assert_allclose(&row_lazy, &row_sums, 1e-12, 1e-10);
    let (c_sums, r_sums) = col_row_sums(&arr_f)?;
    assert_allclose(&c_sums, &col_sums, 1e-12, 1e-10);
    assert_allclose(&r_sums, &row_sums, 1e-12, 1e-10);

    // --- TIP 4: np.einsum for complex ops ---
    let a = rng.standard_normal(&[100, 200]);
    let b = rng.standard_normal(&[200, 150]);
    // Standard matmul
    let (c_matmul, t) = timed(1, || matmul(&a, &b))?;
    let (c_lazy, tl, first) = timed_lazy(1, || matmul_lazy(&a, &b))?;
    report("matmul", t, tl, first);
    // einsum (sometimes faster for specific ops)
    let (c_einsum, t) = timed(1, || einsum_ij_jk(&a, &b))?; // optimize=True is key!
    let (c_einsum_lazy, tl, first) = timed_lazy(1, || einsum_ij_jk_lazy(&a, &b))?;
    report("einsum", t, tl, first);
    // 200-term dot products in different orders (blocked matmul vs a running sum).
    for got in [&c_lazy, &c_einsum, &c_einsum_lazy] {
        assert_allclose(got, &c_matmul, 1e-12, 1e-12);
    }

    // --- TIP 5: np.einsum optimize parameter ---
    let a = rng.standard_normal(&[10, 100, 50]);
    let b = rng.standard_normal(&[10, 50, 80]);
    let c = rng.standard_normal(&[10, 80, 30]);
    // Without optimization — pairwise from the left / with optimization — best order
    let ((result1, result2), t) = timed(1, || einsum_chain(&a, &b, &c))?;
    let (result3, tl, first) = timed_lazy(1, || einsum_chain_lazy(&a, &b, &c))?;
    report("einsum chain (none + optimal)", t, tl, first);
    // np.allclose: rtol 1e-5, atol 1e-8.
    let allclose = |x: &Array, y: &Array| -> Result<bool> {
        let (x, y) = (x.to_vec::<f64>()?, y.to_vec::<f64>()?);
        Ok(x.iter()
            .zip(&y)
            .all(|(p, q)| (p - q).abs() <= 1e-8 + 1e-5 * q.abs()))
    };
    println!(
        "{}",
        if allclose(&result1, &result2)? {
            "True"
        } else {
            "False"
        }
    ); // True
    assert!(allclose(&result1, &result2)? && allclose(&result3, &result2)?);

    // --- TIP 6: Pre-allocate result arrays ---
    let (n_iterations, data_size) = if quick { (100, 1000) } else { (1000, 10000) };
    // All three draw the same numbers: a clone of the generator, and one (n, size) draw is n
    // successive draws of size.
    let (mut r1, mut r2, mut r3) = (rng.clone(), rng.clone(), rng.clone());
    // BAD — appending to a Vec then converting
    let (results_bad, t_bad) = timed(1, || {
        means_append(n_iterations, |_| Ok(r1.standard_normal(&[data_size])))
    })?;
    // GOOD — pre-allocate
    let (results_good, t_good) = timed(1, || {
        means_preallocated(n_iterations, |_| Ok(r2.standard_normal(&[data_size])))
    })?;
    // BEST — fully vectorized
    let t0 = Instant::now();
    let draws = r3.standard_normal(&[n_iterations, data_size]);
    let t_draw = t0.elapsed().as_secs_f64();
    let (results_best, t_best) = timed(1, || means_vectorized(&draws))?;
    let (results_lazy, tl, first) = timed_lazy(1, || means_vectorized_lazy(&draws))?;
    println!(
        "means: append {t_bad:.4}s, pre-allocated {t_good:.4}s, vectorized {:.4}s \
         (draw {t_draw:.4}s + mean eager {t_best:.4}s / lazy {tl:.4}s, first lazy call {first:.4}s)",
        t_draw + t_best
    );
    assert_array_equal(&results_good, &results_bad);
    assert_allclose(&results_best, &results_bad, 1e-12, 1e-15);
    assert_allclose(&results_lazy, &results_bad, 1e-12, 1e-15);

    // --- TIP 7: Use np.maximum/minimum instead of np.clip when possible ---
    let arr = rng.standard_normal(&[if quick { 100_000 } else { 1_000_000 }]);
    // clip (one function call)
    let (clipped, t) = timed(1, || clip01(&arr))?;
    let (clipped_lazy, tl, first) = timed_lazy(1, || clip01_lazy(&arr))?;
    report("clip", t, tl, first);
    // ReLU using maximum (faster for single bound)
    let (relu_eager, t) = timed(1, || relu(&arr))?;
    let (relu_lazy_out, tl, first) = timed_lazy(1, || relu_lazy(&arr))?;
    report("maximum", t, tl, first);
    assert_array_equal(&clipped_lazy, &clipped);
    assert_array_equal(&relu_lazy_out, &relu_eager);
    assert_array_equal(&relu_eager.minimum(1.0)?, &clipped);

    // Profiling NumPy Code
    // cProfile/pstats, %lprun (line_profiler) and %memit (memory_profiler) are Python tooling
    // and out of scope here; time the loop against its vectorised forms, and let
    // `explain_analyze` profile the lazy one.
    let rows = if quick { 1000 } else { 10000 };
    let prof = rng.standard_normal(&[rows, 100]);
    let (looped, t_loop) = timed(1, || my_function(&prof))?; // Intentionally slow!
    let (vectorized, t_vec) = timed(1, || my_function_vectorized(&prof))?;
    let (lazy, t_lazy, first) = timed_lazy(1, || my_function_lazy(&prof))?;
    println!(
        "\nmy_function: row loop {t_loop:.4}s, vectorized eager {t_vec:.4}s, \
         lazy {t_lazy:.4}s (first call {first:.4}s)"
    );
    // 100 positive terms per row, summed in different orders: rtol 100·eps at worst.
    assert_allclose(&vectorized, &looped, 1e-13, 0.0);
    assert_allclose(&lazy, &looped, 1e-13, 0.0);
    println!("\nExpr::explain_analyze of np.sum(arr ** 2, axis=1), the profiler's view:");
    print!("{}", my_function_lazy(&prof).explain_analyze_with(&jit())?);
    Ok(())
}

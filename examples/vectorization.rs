//! Seed section 3, "Vectorization — Writing Fast NumPy Code", in numfuse, eager and lazy.
//!
//! Run: `cargo run --release --example vectorization` (`--quick` for a small run, as CI does).
//!
//! Each timed example runs the seed's versions eagerly (an explicit loop, broadcasting, the Gram
//! identity) and then as lazy expressions that the engine fuses into one JIT-compiled loop
//! nest: the broadcast distance matrix never stores its (n, n, d) difference, and leaky ReLU
//! reads `arr` once. The seed's inputs are `np.random` draws; here they come from a seeded
//! generator, so the numbers differ from the seed's printout while every version is asserted
//! to agree with the loop. `tests/seed_vectorization.rs` compares every function with NumPy
//! running the seed's code on the same inputs.

mod seed_lib {
    include!("seed_lib/vectorization.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::{assert_allclose, assert_array_equal};
use seed_lib::*;
use std::time::Instant;

/// Runs `f` once and returns its result and the seconds it took.
fn timed<T>(f: impl FnOnce() -> Result<T>) -> Result<(T, f64)> {
    let t0 = Instant::now();
    let out = f()?;
    Ok((out, t0.elapsed().as_secs_f64()))
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut rng = default_rng(0);

    // --- EXAMPLE 1: Distance Matrix ---
    // Benchmark the distance functions on X = randn(500, 10).
    let n = if quick { 100 } else { 500 };
    let x = rng.standard_normal(&[n, 10]);
    // The lazy forms compile once per shape; run them once first so the timing is the kernel's.
    pairwise_distance_lazy(&x)?;
    pairwise_distance_gram_lazy(&x)?;
    let (d_loop, t) = timed(|| pairwise_distance_loop(&x))?;
    println!("Loop: {t:.3}s");
    let (d_vec, t) = timed(|| pairwise_distance_vectorized(&x))?;
    println!("Vectorized: {t:.3}s (eager)");
    let (d_lazy, t) = timed(|| pairwise_distance_lazy(&x))?;
    println!("Vectorized: {t:.3}s (lazy, fused: no (n, n, d) temporary)");
    let (d_ein, t) = timed(|| pairwise_distance_einsum(&x))?;
    println!("Einsum: {t:.3}s (eager)");
    let (d_gram, t) = timed(|| pairwise_distance_gram_lazy(&x))?;
    println!("Einsum: {t:.3}s (lazy)");
    assert_allclose(&d_vec, &d_loop, 1e-12, 0.0);
    assert_allclose(&d_lazy, &d_loop, 1e-12, 0.0);
    // The Gram form cancels catastrophically on the diagonal: sqrt(~1e-15) ~ 6e-8 (as in NumPy).
    assert_allclose(&d_ein, &d_loop, 1e-9, 1e-7);
    assert_allclose(&d_gram, &d_loop, 1e-9, 1e-7);
    println!("all agree: max |D| = {:#}", d_loop.max(None)?);

    // --- EXAMPLE 2: Conditional Assignment (no loop!) ---
    let arr = rng.standard_normal(&[1_000_000]);
    leaky_relu_lazy(&arr)?; // compile once
    // SLOW
    let (result, t_loop) = timed(|| leaky_relu_loop(&arr))?;
    // FAST
    let (fast, t_where) = timed(|| leaky_relu_where(&arr))?;
    // Even faster — using clip and arithmetic
    let (faster, t_arith) = timed(|| leaky_relu_arith(&arr))?;
    let (lazy, t_lazy) = timed(|| leaky_relu_lazy(&arr))?;
    assert_array_equal(&fast, &result);
    assert_array_equal(&faster, &result);
    assert_array_equal(&lazy, &result);
    println!(
        "leaky ReLU: loop {t_loop:.4}s, where {t_where:.4}s, maximum/minimum {t_arith:.4}s, \
         lazy where {t_lazy:.4}s"
    );

    // --- EXAMPLE 3: Softmax (no loop!) ---
    let logits = rng.standard_normal(&[32, 10]); // 32 samples, 10 classes
    let probs = softmax(&logits)?;
    println!("{}", numfuse::ir::ShapeDisplay(probs.shape())); // (32, 10)
    println!("{:#}", probs.sum(1)?); // All ones — correctly normalized
    assert_allclose(&softmax_lazy(&logits)?, &probs, 1e-15, 0.0);
    assert_allclose(&probs.sum(1)?, &Array::ones(&[32], DType::F64), 1e-15, 0.0);

    // --- EXAMPLE 4: One-Hot Encoding (no loop!) ---
    let labels = array![0i64, 2, 1, 3, 2];
    let one_hot_encoded = one_hot(&labels, 4)?;
    println!("{one_hot_encoded:#}");
    // [[1 0 0 0]
    //  [0 0 1 0]
    //  [0 1 0 0]
    //  [0 0 0 1]
    //  [0 0 1 0]]
    assert_array_equal(&one_hot_broadcast(&labels, 4)?, &one_hot_encoded);
    Ok(())
}

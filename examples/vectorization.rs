//! Seed section 3, "Vectorization — Writing Fast NumPy Code", in numfuse (eager).
//!
//! Run: `cargo run --release --example vectorization` (`--quick` for a small run).

use numfuse::Axes;
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::assert_allclose;
use std::time::Instant;

// --- EXAMPLE 1: Distance Matrix ---

/// SLOW — an explicit loop over every pair, as the seed's Python loop.
fn pairwise_distance_loop(x: &Array) -> Result<Array> {
    let n = x.len();
    let mut d = Array::zeros(&[n, n], DType::F64);
    for i in 0..n as isize {
        let xi = x.slice(s![i])?;
        for j in 0..n as isize {
            let xj = x.slice(s![j])?;
            let dist = xi.try_sub(&xj)?.power(2.0)?.sum(None)?.sqrt()?;
            d.set(&[i, j], dist.get(&[])?)?;
        }
    }
    Ok(d)
}

/// FAST — vectorized using broadcasting: (n, 1, d) - (1, n, d), then sum over d.
fn pairwise_distance_vectorized(x: &Array) -> Result<Array> {
    let diff = x
        .slice(s![.., NewAxis, ..])?
        .try_sub(&x.slice(s![NewAxis, .., ..])?)?; // (n, n, d)
    diff.power(2.0)?.sum(2)?.sqrt()
}

/// FASTEST — ||a - b||² = ||a||² + ||b||² - 2(a·b), with a matrix product.
fn pairwise_distance_einsum(x: &Array) -> Result<Array> {
    let sq_norms = x.power(2.0)?.sum(1)?; // (n,)
    let gram = x.matmul(&x.t())?;
    let d_sq = sq_norms
        .slice(s![.., NewAxis])?
        .try_add(&sq_norms.slice(s![NewAxis, ..])?)?;
    let d_sq = d_sq.try_sub(&(&gram * 2.0))?;
    let d_sq = d_sq.maximum(0.0)?; // numerical stability
    d_sq.sqrt()
}

// --- EXAMPLE 3: Softmax (no loop!) ---

fn softmax(x: &Array) -> Result<Array> {
    let x_shifted = x.try_sub(&x.max(Axes::from(-1).keepdims())?)?; // numerical stability!
    let exp_x = x_shifted.exp()?;
    exp_x.try_div(&exp_x.sum(Axes::from(-1).keepdims())?)
}

// --- EXAMPLE 4: One-Hot Encoding (no loop!) ---

/// One row per label with a 1 in the label's column. The seed assigns through a fancy index
/// (`encoded[np.arange(n), labels] = 1`); this is the same table built by broadcasting a
/// comparison, `labels[:, None] == arange(num_classes)`.
fn one_hot(labels: &Array, num_classes: usize) -> Result<Array> {
    let classes = Array::arange(num_classes as f64, labels.dtype());
    Ok(labels
        .slice(s![.., NewAxis])?
        .equal(&classes)?
        .astype(DType::I8))
}

fn seconds(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut rng = default_rng(0);

    // Benchmark the three distance functions on X = randn(500, 10).
    let n = if quick { 100 } else { 500 };
    let x = rng.standard_normal(&[n, 10]);
    let t0 = Instant::now();
    let d_loop = pairwise_distance_loop(&x)?;
    println!("Loop: {:.3}s", seconds(t0));
    let t0 = Instant::now();
    let d_vec = pairwise_distance_vectorized(&x)?;
    println!("Vectorized: {:.3}s", seconds(t0));
    let t0 = Instant::now();
    let d_ein = pairwise_distance_einsum(&x)?;
    println!("Einsum: {:.3}s", seconds(t0));
    assert_allclose(&d_vec, &d_loop, 1e-12, 0.0);
    // The Gram form cancels catastrophically on the diagonal: sqrt(~1e-15) ~ 6e-8 (as in NumPy).
    assert_allclose(&d_ein, &d_loop, 1e-9, 1e-7);
    println!("all three agree: max |D| = {:#}", d_loop.max(None)?);

    // --- EXAMPLE 2: Conditional Assignment (no loop!) ---
    let arr = rng.standard_normal(&[1_000_000]);
    // SLOW: a loop over the elements.
    let t0 = Instant::now();
    let mut result = Array::zeros_like(&arr);
    {
        let src = arr.view::<f64>()?;
        let mut out = result.view_mut()?;
        let mut out = out.typed::<f64>()?;
        for (i, x) in src.iter().enumerate() {
            out[[i]] = if x > 0.0 { x } else { x * 0.01 }; // Leaky ReLU
        }
    }
    let t_loop = seconds(t0);
    // FAST
    let t0 = Instant::now();
    let fast = numfuse::ops::where_(&arr.greater(0.0)?, &arr, &(&arr * 0.01))?;
    let t_where = seconds(t0);
    // Even faster — using clip and arithmetic
    let t0 = Instant::now();
    let faster = arr.maximum(0.0)?.try_add(&(0.01 * &arr.minimum(0.0)?))?;
    let t_arith = seconds(t0);
    numfuse::testing::assert_array_equal(&fast, &result);
    numfuse::testing::assert_array_equal(&faster, &result);
    println!("leaky ReLU: loop {t_loop:.4}s, where {t_where:.4}s, maximum/minimum {t_arith:.4}s");

    let logits = rng.standard_normal(&[32, 10]); // 32 samples, 10 classes
    let probs = softmax(&logits)?;
    println!("{}", numfuse::ir::ShapeDisplay(probs.shape())); // (32, 10)
    println!("{:#}", probs.sum(1)?); // All ones — correctly normalized

    let labels = array![0i64, 2, 1, 3, 2];
    let one_hot_encoded = one_hot(&labels, 4)?;
    println!("{one_hot_encoded:#}");
    // [[1 0 0 0]
    //  [0 0 1 0]
    //  [0 1 0 0]
    //  [0 0 0 1]
    //  [0 0 1 0]]
    Ok(())
}

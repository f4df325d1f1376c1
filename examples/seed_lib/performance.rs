// The seed's section 4 ("Performance Optimization — Profiling & Tuning") as functions taking
// arrays, each in its eager form and, where the seed times it, as a lazy expression too. Shared
// by `examples/performance.rs` and `tests/seed_performance.rs` through `include!`.
//
// Invariants the functions keep (the test checks each against NumPy):
// 1. Every eager function computes what the seed's NumPy line computes, in NumPy's dtype
//    (`np.sum` of a float32 array is float32).
// 2. Every lazy function builds the same computation as an `Expr`, evaluated by the caller;
//    under the default `FloatPolicy::Algebraic` the engine may rewrite it (`a*2 + a*3` becomes
//    `a*5`), under `FloatPolicy::Strict` only bit-identical rewrites are made.
// 3. Nothing here draws random numbers: the example draws, the test loads NumPy's draws.

use numfuse::ir::BinaryOp;
use numfuse::ops::{binary_inplace, binary_into};
use numfuse::prelude::*;
use numfuse::{Optimize, einsum_opt};

// --- TIP 1: Use appropriate dtype ---

/// `np.sum(x ** 2)`, in `x`'s dtype.
pub fn sum_of_squares(x: &Array) -> Result<Array> {
    x.power(2.0)?.sum(None)
}

/// `np.sum(x ** 2)` as one fused reduction kernel (no `x ** 2` temporary).
pub fn sum_of_squares_lazy(x: &Array) -> Expr {
    x.lazy().power(2.0).sum(None)
}

// --- TIP 2: Avoid unnecessary copies ---

/// BAD: `(arr * 2) + (arr * 3)`, three temporaries.
pub fn times2_plus_times3(arr: &Array) -> Result<Array> {
    (arr * 2.0).try_add(&(arr * 3.0))
}

/// GOOD: `np.multiply(arr, 2, out=result)` then `np.add(result, arr * 3, out=result)`.
pub fn times2_plus_times3_out(arr: &Array) -> Result<Array> {
    let mut result = Array::empty_like(arr);
    binary_into(BinaryOp::Multiply, arr, 2.0, &mut result)?;
    binary_inplace(BinaryOp::Add, &mut result, &(arr * 3.0))?;
    Ok(result)
}

/// BETTER: `arr * 5`.
pub fn times5(arr: &Array) -> Result<Array> {
    Ok(arr * 5.0)
}

/// LAZY: `a*2 + a*3` as written; the simplifier's `like_terms` rule makes it `a*5` before
/// anything runs (under `FloatPolicy::Algebraic`, the default).
pub fn times2_plus_times3_lazy(arr: &Array) -> Expr {
    let a = arr.lazy();
    &a * 2.0 + &a * 3.0
}

// --- TIP 3: Contiguous memory access ---

/// `arr.sum(axis=0)` and `arr.sum(axis=1)`: column and row sums.
pub fn col_row_sums(arr: &Array) -> Result<(Array, Array)> {
    Ok((arr.sum(0)?, arr.sum(1)?))
}

/// The same sums as lazy reductions.
pub fn col_row_sums_lazy(arr: &Array) -> (Expr, Expr) {
    (arr.lazy().sum(0), arr.lazy().sum(1))
}

// --- TIP 4: np.einsum for complex ops ---

/// `A @ B`.
pub fn matmul(a: &Array, b: &Array) -> Result<Array> {
    a.matmul(b)
}

/// `np.einsum('ij,jk->ik', A, B, optimize=True)`.
pub fn einsum_ij_jk(a: &Array, b: &Array) -> Result<Array> {
    einsum_opt("ij,jk->ik", &[a, b], Optimize::Greedy)
}

/// `A @ B` lazily: the eager library's matmul as one library-call kernel.
pub fn matmul_lazy(a: &Array, b: &Array) -> Expr {
    a.lazy().matmul(b.lazy())
}

/// `np.einsum('ij,jk->ik', A, B)` lazily (`numfuse::lazy::einsum`): a matrix-product pattern,
/// so it lowers to the same GEMM call as `matmul_lazy`.
pub fn einsum_ij_jk_lazy(a: &Array, b: &Array) -> Expr {
    numfuse::lazy::einsum("ij,jk->ik", &[&a.lazy(), &b.lazy()])
}

// --- TIP 5: np.einsum optimize parameter ---

/// `np.einsum('bij,bjk,bkl->bil', A, B, C)` (`optimize=False`: pairwise from the left) and
/// with `optimize='optimal'`.
pub fn einsum_chain(a: &Array, b: &Array, c: &Array) -> Result<(Array, Array)> {
    let ops = [a, b, c];
    Ok((
        einsum_opt("bij,bjk,bkl->bil", &ops, Optimize::None)?,
        einsum_opt("bij,bjk,bkl->bil", &ops, Optimize::Optimal)?,
    ))
}

/// The same contraction lazily, as the optimal path contracts it: two batched matmuls,
/// `(A @ B) @ C` (the lazy `einsum` fuses three operands into one product without a path).
pub fn einsum_chain_lazy(a: &Array, b: &Array, c: &Array) -> Expr {
    a.lazy().matmul(b.lazy()).matmul(c.lazy())
}

// --- TIP 6: Pre-allocate result arrays ---

/// BAD: append each draw's mean to a `Vec`, then convert (`np.array(results_bad)`).
pub fn means_append(
    n_iterations: usize,
    mut draw: impl FnMut(usize) -> Result<Array>,
) -> Result<Array> {
    let mut results_bad = Vec::new();
    for i in 0..n_iterations {
        results_bad.push(draw(i)?.mean(None)?.get(&[])?.to_f64());
    }
    Array::from_vec(results_bad, &[n_iterations])
}

/// GOOD: pre-allocate with `Array::empty` and set each element.
pub fn means_preallocated(
    n_iterations: usize,
    mut draw: impl FnMut(usize) -> Result<Array>,
) -> Result<Array> {
    let mut results_good = Array::empty(&[n_iterations], DType::F64);
    for i in 0..n_iterations {
        results_good.set(&[i as isize], draw(i)?.mean(None)?.get(&[])?)?;
    }
    Ok(results_good)
}

/// BEST: one `(n_iterations, data_size)` draw, `mean(axis=1)`.
pub fn means_vectorized(draws: &Array) -> Result<Array> {
    draws.mean(1)
}

/// BEST, lazily.
pub fn means_vectorized_lazy(draws: &Array) -> Expr {
    draws.lazy().mean(1)
}

// --- TIP 7: Use np.maximum/minimum instead of np.clip when possible ---

/// `np.clip(arr, 0, 1)`.
pub fn clip01(arr: &Array) -> Result<Array> {
    arr.clip(0.0, 1.0)
}

/// `np.maximum(arr, 0)` (ReLU).
pub fn relu(arr: &Array) -> Result<Array> {
    arr.maximum(0.0)
}

/// `np.clip(arr, 0, 1)` lazily: `np.clip` is `minimum(maximum(arr, 0), 1)`.
pub fn clip01_lazy(arr: &Array) -> Expr {
    arr.lazy().maximum(0.0).minimum(1.0)
}

/// `np.maximum(arr, 0)` lazily.
pub fn relu_lazy(arr: &Array) -> Expr {
    arr.lazy().maximum(0.0)
}

// --- Profiling NumPy Code ---

/// The seed's `my_function`, taking its input: one `np.sum(arr[i] ** 2)` per row, each a
/// handful of library calls on a 100-element row ("Intentionally slow!").
pub fn my_function(arr: &Array) -> Result<Array> {
    let n = arr.shape()[0];
    let mut result = Array::zeros(&[n], DType::F64);
    for i in 0..n as isize {
        let row_sum = arr.index(idx![i])?.power(2.0)?.sum(None)?;
        result.set(&[i], row_sum.get(&[])?)?;
    }
    Ok(result)
}

/// `my_function` vectorised: `np.sum(arr ** 2, axis=1)`.
pub fn my_function_vectorized(arr: &Array) -> Result<Array> {
    arr.power(2.0)?.sum(1)
}

/// `my_function` vectorised and lazy: one fused row-reduction kernel.
pub fn my_function_lazy(arr: &Array) -> Expr {
    arr.lazy().power(2.0).sum(1)
}

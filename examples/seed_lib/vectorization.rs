// The seed's section 3, "Vectorization — Writing Fast NumPy Code": each function as the seed
// writes it, eagerly, and its lazy counterpart where the seed times it. Shared by
// `examples/vectorization.rs` and `tests/seed_vectorization.rs`.

use numfuse::Axes;
use numfuse::prelude::*;

// --- EXAMPLE 1: Distance Matrix ---

/// SLOW — an explicit loop over every pair, as the seed's Python loop.
pub fn pairwise_distance_loop(x: &Array) -> Result<Array> {
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
pub fn pairwise_distance_vectorized(x: &Array) -> Result<Array> {
    let diff = x
        .slice(s![.., NewAxis, ..])?
        .try_sub(&x.slice(s![NewAxis, .., ..])?)?; // (n, n, d)
    diff.power(2.0)?.sum(2)?.sqrt()
}

/// The broadcasting form as one lazy expression: the JIT fuses the subtraction, square, sum
/// and square root into one loop nest, so the (n, n, d) difference is never stored.
pub fn pairwise_distance_lazy(x: &Array) -> Result<Array> {
    let x = x.lazy();
    let diff = x.slice(s![.., NewAxis, ..]) - x.slice(s![NewAxis, .., ..]); // (n, n, d)
    diff.power(2.0).sum(2).sqrt().eval()
}

/// FASTEST — ||a - b||² = ||a||² + ||b||² - 2(a·b), with a matrix product.
pub fn pairwise_distance_einsum(x: &Array) -> Result<Array> {
    let sq_norms = x.power(2.0)?.sum(1)?; // (n,)
    let gram = x.matmul(&x.t())?;
    let d_sq = sq_norms
        .slice(s![.., NewAxis])?
        .try_add(&sq_norms.slice(s![NewAxis, ..])?)?;
    let d_sq = d_sq.try_sub(&(&gram * 2.0))?;
    let d_sq = d_sq.maximum(0.0)?; // numerical stability
    d_sq.sqrt()
}

/// The Gram-matrix form lazily: one graph holding the matmul and the elementwise tail.
pub fn pairwise_distance_gram_lazy(x: &Array) -> Result<Array> {
    let x = x.lazy();
    let sq_norms = x.power(2.0).sum(1); // (n,)
    let d_sq = sq_norms.slice(s![.., NewAxis]) + sq_norms.slice(s![NewAxis, ..])
        - 2.0 * x.matmul(x.t());
    d_sq.maximum(0.0).sqrt().eval()
}

// --- EXAMPLE 2: Conditional Assignment (no loop!) ---

/// SLOW: a loop over the elements, writing each result (the seed's `for i, x in enumerate`).
pub fn leaky_relu_loop(arr: &Array) -> Result<Array> {
    let mut result = Array::zeros_like(arr);
    {
        let src = arr.view::<f64>()?;
        let mut out = result.view_mut()?;
        let mut out = out.typed::<f64>()?;
        for (i, x) in src.iter().enumerate() {
            out[[i]] = if x > 0.0 { x } else { x * 0.01 }; // Leaky ReLU
        }
    }
    Ok(result)
}

/// FAST: `np.where(arr > 0, arr, arr * 0.01)`.
pub fn leaky_relu_where(arr: &Array) -> Result<Array> {
    numfuse::ops::where_(&arr.greater(0.0)?, arr, &(arr * 0.01))
}

/// Even faster — using clip and arithmetic: `np.maximum(arr, 0) + 0.01 * np.minimum(arr, 0)`.
pub fn leaky_relu_arith(arr: &Array) -> Result<Array> {
    arr.maximum(0.0)?.try_add(&(0.01 * &arr.minimum(0.0)?))
}

/// The `where` form as a lazy expression: one fused pass, no `arr > 0` or `arr * 0.01` temporary.
pub fn leaky_relu_lazy(arr: &Array) -> Result<Array> {
    let a = arr.lazy();
    numfuse::lazy::where_(&a.greater(0.0), &a, &a * 0.01).eval()
}

// --- EXAMPLE 3: Softmax (no loop!) ---

pub fn softmax(x: &Array) -> Result<Array> {
    let x_shifted = x.try_sub(&x.max(Axes::from(-1).keepdims())?)?; // numerical stability!
    let exp_x = x_shifted.exp()?;
    exp_x.try_div(&exp_x.sum(Axes::from(-1).keepdims())?)
}

/// The same softmax as one lazy graph (two reductions and the elementwise work around them).
pub fn softmax_lazy(x: &Array) -> Result<Array> {
    let x = x.lazy();
    let exp_x = (&x - x.max(Axes::from(-1).keepdims())).exp();
    (&exp_x / exp_x.sum(Axes::from(-1).keepdims())).eval()
}

// --- EXAMPLE 4: One-Hot Encoding (no loop!) ---

/// The seed's version: `encoded[np.arange(n), labels] = 1` into an `int8` table of zeros.
pub fn one_hot(labels: &Array, num_classes: usize) -> Result<Array> {
    let n = labels.len();
    let mut encoded = Array::zeros(&[n, num_classes], DType::I8);
    let rows = Array::arange(n as f64, DType::I64);
    encoded.index_assign(idx![&rows, labels], &Array::scalar(1i8))?; // Fancy indexing!
    Ok(encoded)
}

/// The same table built by broadcasting a comparison, `labels[:, None] == arange(num_classes)`.
pub fn one_hot_broadcast(labels: &Array, num_classes: usize) -> Result<Array> {
    let classes = Array::arange(num_classes as f64, labels.dtype());
    Ok(labels
        .slice(s![.., NewAxis])?
        .equal(&classes)?
        .astype(DType::I8))
}

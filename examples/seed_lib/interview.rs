// The seed's section 15 ("Complete Interview Question Bank"): the answers that compute
// something, as functions shared by `examples/interview.rs` and `tests/seed_interview.rs`
// through `include!`. The answers that are about semantics (Q1, Q4, Q5, Q7, Q12–Q15) are
// shown and asserted in the example itself.
//
// Invariants the test checks against NumPy:
// 1. Q2, Q3, Q6, Q8, Q9 and Q18 are exact (integer results, dtype and flags).
// 2. Q10, Q16, Q17 and Q20 agree with NumPy to a few ulps (sums in another order).
// 3. Q11: `solve` and `inv(A) @ b` agree with NumPy's and with each other to ~1e-14 for a
//    well-conditioned `A`; `solve`'s residual is no larger than a few ulps of `|b|`.
// 4. Q19 reads only the numeric columns, with NaN for the empty fields.

use numfuse::Axes;
use numfuse::io::{TextOptions, genfromtxt_str};
use numfuse::prelude::*;

/// Q2: `np.arange(12).reshape(-1, 4)`: the -1 is inferred as 12 / 4 = 3.
pub fn q2_reshape() -> Result<Array> {
    Array::arange(12.0, DType::I64).reshape(&[-1, 4])
}

/// Q3: `np.array([1, 2.0, True])`: the elements' dtypes promote to float64 (`np.result_type`),
/// and each element is cast to it.
pub fn q3_mixed() -> Result<Array> {
    let items = [
        Array::scalar(1i64),
        Array::scalar(2.0f64),
        Array::scalar(true),
    ];
    let refs: Vec<&Array> = items.iter().collect();
    let dtype = numfuse::result_type(&refs).ok_or_else(|| Error::Value {
        op: "q3_mixed",
        msg: "no elements".into(),
    })?;
    let cast: Vec<Array> = items.iter().map(|a| a.astype(dtype)).collect();
    numfuse::stack(&cast.iter().collect::<Vec<_>>(), 0)
}

/// Q6: the strides of a (3, 4) float64 array, then of its transpose (no copy): `[32, 8, 8, 32]`.
pub fn q6_strides() -> Result<Array> {
    let a = Array::zeros(&[3, 4], DType::F64);
    let t = a.t();
    let strides: Vec<i64> = a.strides().iter().chain(t.strides()).map(|&s| s as i64).collect();
    Array::from_vec(strides, &[4])
}

/// Q8: `(dot(a, b), dot(M, N.T), inner(a, b), inner(M, N), outer(a, b))`.
pub fn q8_products(a: &Array, b: &Array, m: &Array, n: &Array) -> Result<[Array; 5]> {
    Ok([
        numfuse::dot(a, b)?,
        numfuse::dot(m, &n.t())?,
        numfuse::inner(a, b)?,
        numfuse::inner(m, n)?,
        numfuse::outer(a, b)?,
    ])
}

/// Q9: `[shares_memory(arr, arr.ravel()), shares_memory(arr.T, arr.T.ravel())]` for a
/// C-contiguous (3, 4) array: a view, then a copy.
pub fn q9_ravel_flags() -> Result<Array> {
    let arr = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
    let t = arr.t();
    Array::from_vec(
        vec![arr.shares_memory(&arr.ravel()), t.shares_memory(&t.ravel())],
        &[2],
    )
}

/// Q10: the means of every window of `window_size` consecutive elements, without a loop.
pub fn q10_window_means(arr: &Array, window_size: usize) -> Result<Array> {
    let windows = arr.sliding_window_view(&[window_size], None)?;
    windows.mean(-1)
}

/// Q11: `(np.linalg.solve(A, b), np.linalg.inv(A) @ b)`.
pub fn q11_solve_vs_inv(a: &Array, b: &Array) -> Result<(Array, Array)> {
    let x = numfuse::linalg::solve(a, b)?;
    let y = numfuse::linalg::inv(a)?.matmul(b)?;
    Ok((x, y))
}

/// `max |A x - b|`, the residual of a solution.
pub fn residual(a: &Array, x: &Array, b: &Array) -> Result<f64> {
    Ok(a.matmul(x)?.try_sub(b)?.abs()?.max(None)?.get(&[])?.to_f64())
}

/// Q16: each row to zero mean and unit (ddof=1) standard deviation.
pub fn q16_normalize_rows(arr: &Array) -> Result<Array> {
    let mean = arr.mean(Axes::from(1).keepdims())?; // (rows, 1)
    let std = arr.std(Axes::from(1).keepdims(), 1)?; // (rows, 1)
    arr.try_sub(&mean)?.try_div(&std.try_add(1e-8)?) // Broadcasting: (rows, cols)
}

/// Q17: all pairwise Euclidean distances, by `||a-b||² = ||a||² + ||b||² - 2 a·b`.
pub fn q17_pairwise(x: &Array) -> Result<Array> {
    let sq_norms = x.square()?.sum(1)?; // (n,)
    let gram = x.matmul(&x.t())?.try_mul(2.0)?;
    let d_sq = sq_norms
        .slice(s![.., NewAxis])?
        .try_add(&sq_norms.slice(s![NewAxis, ..])?)?
        .try_sub(&gram)?;
    d_sq.maximum(0.0)?.sqrt() // (n, n)
}

/// [`q17_pairwise`] as one lazy expression.
pub fn q17_pairwise_lazy(x: &Array) -> Expr {
    let x = x.lazy();
    let sq_norms = (&x * &x).sum(1);
    let d_sq = sq_norms.expand_dims(1) + sq_norms.expand_dims(0) - x.matmul(x.t()) * 2.0;
    d_sq.maximum(0.0).sqrt()
}

/// Q18: the (row, column) indices of the 5 largest values, largest first, as a (2, 5) int64.
pub fn q18_top5(arr: &Array) -> Result<Array> {
    let flat = arr.ravel(); // arr.flat
    let flat_indices = numfuse::argpartition(&flat, -5, None)?.slice(s![-5..])?;
    let order = numfuse::argsort(&flat.take(&flat_indices, None)?, None, Default::default())?;
    let sorted_flat = flat_indices.take(&order.slice(s![..;-1])?, None)?;
    let rc = numfuse::unravel_index(&sorted_flat, arr.shape(), Order::C)?;
    numfuse::stack(&[&rc[0], &rc[1]], 0)
}

/// Q19: `np.genfromtxt(csv, delimiter=',', skip_header=1, usecols=(1, 2, 4), dtype=float64,
/// filling_values=np.nan)` on CSV text.
pub fn q19_numeric_columns(csv: &str) -> Result<Array> {
    let opts = TextOptions::new()
        .delimiter(',')
        .skip_header(1)
        .usecols(&[1, 2, 4]) // Specific numeric columns
        .dtype(DType::F64)
        .filling_values(f64::NAN);
    genfromtxt_str(csv, &opts)
}

/// Q20: batch normalisation, forward: `x` is (batch, features).
pub fn batch_norm(x: &Array, gamma: &Array, beta: &Array, eps: f64) -> Result<Array> {
    let mean = x.mean(0)?; // (features,)
    let var = x.var(0, 0)?; // (features,)
    let x_norm = x.try_sub(&mean)?.try_div(&var.try_add(eps)?.sqrt()?)?; // (batch, features)
    gamma.try_mul(&x_norm)?.try_add(beta) // Scale and shift
}

/// [`batch_norm`] as one lazy expression.
pub fn batch_norm_lazy(x: &Array, gamma: &Array, beta: &Array, eps: f64) -> Expr {
    let x = x.lazy();
    let x_norm = (&x - x.mean(0)) / (x.var(0, 0) + eps).sqrt();
    gamma.lazy() * x_norm + beta
}

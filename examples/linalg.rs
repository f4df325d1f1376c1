//! The seed's linear algebra in numfuse: products (interview Q8), `einsum` and its `optimize`
//! (tips 4 and 5, Q12), the portfolio's `weights @ cov @ weights` and its Monte Carlo einsum,
//! convolution as an einsum over sliding windows, attention, cosine similarity with
//! `linalg::norm`, PCA through `linalg::eigh`, and `solve` against `inv(A) @ b` (Q11).
//!
//! Run with `cargo run --release --example linalg` (`--quick`: smaller shapes, for CI). The
//! seed's `np.random` draws become a seeded generator, so random values differ from the seed's;
//! every identity the seed prints (`allclose` → `true`) holds, and is asserted here too.

use numfuse::linalg::{self, NormOrd, Uplo};
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::{Axes, Optimize, SortKind, dot, einsum, einsum_opt, einsum_path, inner, outer};
use std::time::Instant;

fn seconds(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// The largest absolute difference between two arrays of one shape, as f64.
fn max_abs_diff(a: &Array, b: &Array) -> Result<f64> {
    let d = a.astype(DType::F64).try_sub(&b.astype(DType::F64))?.abs()?;
    Ok(d.max(None)?.to_vec::<f64>()?[0])
}

/// The value of a 0-d array, as f64.
fn scalar(a: &Array) -> Result<f64> {
    Ok(a.astype(DType::F64).to_vec::<f64>()?[0])
}

fn allclose(a: &Array, b: &Array) -> Result<bool> {
    let scale = b.astype(DType::F64).abs()?.max(None)?.to_vec::<f64>()?[0].max(1.0);
    Ok(max_abs_diff(a, b)? <= 1e-8 * scale)
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut rng = default_rng(42);

    // --- Q8: np.dot, np.inner and np.outer ---
    let a = array![1.0, 2.0, 3.0];
    let b = array![4.0, 5.0, 6.0];
    println!("dot(a, b) = {:#}", dot(&a, &b)?); // 32.0: sum of products for 1-D
    println!("inner(a, b) = {:#}", inner(&a, &b)?); // 32.0: the same for 1-D
    println!("outer(a, b) =\n{:#}", outer(&a, &b)?); // (3, 3): every combination
    let m = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
    println!("dot(M, M.T) =\n{:#}", dot(&m, &m.t())?); // matrix product for 2-D
    println!("inner(M, M) =\n{:#}", inner(&m, &m)?); // contracts the last axes: the same here

    // --- TIP 4: np.einsum for complex ops ---
    let a = rng.standard_normal(&[100, 200]);
    let b = rng.standard_normal(&[200, 150]);
    let t0 = Instant::now();
    let c1 = a.matmul(&b)?; // Standard matmul
    println!("matmul: {:.6}s", seconds(t0));
    let t0 = Instant::now();
    let c2 = einsum("ij,jk->ik", &[&a, &b])?; // einsum, planned (NumPy's optimize=True)
    println!("einsum: {:.6}s", seconds(t0));
    assert!(allclose(&c1, &c2)?);

    // --- TIP 5: np.einsum optimize parameter ---
    let a = rng.standard_normal(&[10, 100, 50]);
    let b = rng.standard_normal(&[10, 50, 80]);
    let c = rng.standard_normal(&[10, 80, 30]);
    // Without optimization: contracted in the order written
    let t0 = Instant::now();
    let result1 = einsum_opt("bij,bjk,bkl->bil", &[&a, &b, &c], Optimize::None)?;
    let t_none = seconds(t0);
    // With optimization: finds the best contraction order
    let t0 = Instant::now();
    let result2 = einsum_opt("bij,bjk,bkl->bil", &[&a, &b, &c], Optimize::Optimal)?;
    let t_opt = seconds(t0);
    println!("{}", allclose(&result1, &result2)?); // true
    println!("unoptimized {t_none:.6}s, optimal {t_opt:.6}s");
    // Q12: the plan, with its FLOP estimate (np.einsum_path)
    println!(
        "{}",
        einsum_path("bij,bjk,bkl->bil", &[&a, &b, &c], Optimize::Optimal)?
    );

    // --- PORTFOLIO: weights @ cov_matrix @ weights, and the Monte Carlo einsum ---
    let n_assets = 5;
    let daily_returns = rng.normal(0.0005, 0.02, &[252, n_assets])?;
    let annual_return = &daily_returns.mean(0)? * 252.0;
    let centred = daily_returns.try_sub(&daily_returns.mean(Axes::from(0).keepdims())?)?;
    let cov_matrix = &centred.t().matmul(&centred)? / 251.0; // np.cov(daily_returns.T)
    let weights = &Array::ones(&[n_assets], DType::F64) / n_assets as f64;
    let portfolio_variance = &weights.matmul(&cov_matrix)?.matmul(&weights)? * 252.0;
    println!(
        "Portfolio vol: {:.2}%",
        100.0 * scalar(&portfolio_variance.sqrt()?)?
    );
    let n_simulations = if quick { 1000 } else { 10_000 };
    let raw = rng.uniform(0.0, 1.0, &[n_simulations, n_assets])?;
    let sim_weights = raw.try_div(&raw.sum(Axes::from(1).keepdims())?)?; // rows sum to 1
    let sim_returns = sim_weights.matmul(&annual_return)?;
    let cov_annual = &cov_matrix * 252.0;
    let sim_vols = einsum("ij,jk,ik->i", &[&sim_weights, &cov_annual, &sim_weights])?.sqrt()?;
    // The same quadratic forms, one matrix product and a row sum:
    let check = sim_weights
        .matmul(&cov_annual)?
        .try_mul(&sim_weights)?
        .sum(1)?
        .sqrt()?;
    assert!(allclose(&sim_vols, &check)?);
    let sharpes = sim_returns.try_div(&sim_vols)?;
    println!(
        "sims {}: best Sharpe {:.3}, lowest vol {:.2}%",
        sim_vols.shape()[0],
        scalar(&sharpes.max(None)?)?,
        100.0 * scalar(&sim_vols.min(None)?)?
    );

    // --- CONVOLUTION: einsum over sliding windows (no copies of the windows) ---
    let side = if quick { 64 } else { 480 };
    let image = rng.integers(0, 256, &[side, side])?.astype(DType::F64);
    let sobel_x = array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    let windows = image.sliding_window_view(&[3, 3], None)?; // (side-2, side-2, 3, 3) view
    assert!(windows.shares_memory(&image));
    let edges = einsum("ijkl,kl->ij", &[&windows, &sobel_x])?;
    // The same filter from shifted views: the window sum written out.
    let h = side as isize;
    let at = |k: isize, m: isize| image.slice(s![k..h - 2 + k, m..h - 2 + m]);
    let mut by_hand = Array::zeros(&[side - 2, side - 2], DType::F64);
    for k in 0..3 {
        for m in 0..3 {
            let w = sobel_x.get(&[k, m])?.to_f64();
            by_hand = by_hand.try_add(&at(k, m)?.try_mul(w)?)?;
        }
    }
    assert!(allclose(&edges, &by_hand)?);
    println!(
        "Sobel x over {side}x{side}: max |gx| = {}",
        scalar(&edges.abs()?.max(None)?)?
    );

    // --- ATTENTION: Q @ K.transpose(0, 2, 1) / sqrt(d_k), softmax, @ V ---
    let (batch, seq, d_k) = (2, 8, 16);
    let q = rng.standard_normal(&[batch, seq, d_k]);
    let k = rng.standard_normal(&[batch, seq, d_k]);
    let v = rng.standard_normal(&[batch, seq, d_k]);
    let scores = &q.matmul(&k.transpose(Some(&[0, 2, 1]))?)? / (d_k as f64).sqrt();
    let e = scores
        .try_sub(&scores.max(Axes::from(-1).keepdims())?)?
        .exp()?;
    let attn = e.try_div(&e.sum(Axes::from(-1).keepdims())?)?;
    let output = attn.matmul(&v)?;
    println!("attention output {:?}", output.shape()); // [2, 8, 16]
    // The same scores as an einsum over the batch
    let scores2 = &einsum("bqd,bkd->bqk", &[&q, &k])? / (d_k as f64).sqrt();
    assert!(allclose(&scores, &scores2)?);

    // --- COSINE SIMILARITY: np.linalg.norm(X, axis=1, keepdims=True) ---
    let x = rng.uniform(0.0, 1.0, &[4, 6])?;
    let norms = linalg::norm(&x, NormOrd::Default, Some(&[1]), true)?; // (4, 1)
    let x_normalized = x.try_div(&(&norms + 1e-8))?;
    let similarity = x_normalized.matmul(&x_normalized.t())?;
    println!("Document similarity matrix:\n{:#}", similarity.round(3)?);

    // --- PCA from scratch, through eigh ---
    let n = if quick { 200 } else { 2000 };
    let latent = rng.standard_normal(&[n, 2]);
    let mixing = array![[3.0, 1.0, 0.5, 0.0], [0.0, 0.5, 1.0, 2.0]];
    let data = latent
        .matmul(&mixing)?
        .try_add(&(&rng.standard_normal(&[n, 4]) * 0.1))?;
    let x_centered = data.try_sub(&data.mean(Axes::from(0).keepdims())?)?;
    let cov = &x_centered.t().matmul(&x_centered)? / (n - 1) as f64;
    // Eigendecomposition (for a symmetric matrix, use eigh: more stable)
    let (eigenvalues, eigenvectors) = linalg::eigh(&cov, Uplo::L)?;
    // Sort by descending eigenvalue
    let idx = eigenvalues
        .argsort(Some(-1), SortKind::Default)?
        .slice(s![..;-1])?;
    let eigenvalues = eigenvalues.take(&idx, None)?;
    let eigenvectors = eigenvectors.take(&idx, Some(1))?;
    let explained_var_ratio = eigenvalues.try_div(&eigenvalues.sum(None)?)?;
    let components = eigenvectors.slice(s![.., ..2])?;
    let x_projected = x_centered.matmul(&components)?;
    println!(
        "PCA explained variance: {:#}",
        explained_var_ratio.slice(s![..2])?.round(4)?
    );
    println!("projected {:?}", x_projected.shape());
    // cov · v = λ v for every eigenpair
    let lhs = cov.matmul(&eigenvectors)?;
    let rhs = eigenvectors.try_mul(&eigenvalues)?;
    assert!(allclose(&lhs, &rhs)?);

    // --- Q11: np.linalg.solve vs inv(A) @ b ---
    let size = if quick { 100 } else { 1000 };
    let a = rng
        .standard_normal(&[size, size])
        .try_add(&(&Array::eye(size, None, 0, DType::F64) * size as f64))?;
    let b = rng.standard_normal(&[size]);
    let t0 = Instant::now();
    let x1 = linalg::solve(&a, &b)?;
    let t_solve = seconds(t0);
    let t0 = Instant::now();
    let x2 = linalg::inv(&a)?.matmul(&b)?;
    let t_inv = seconds(t0);
    println!(
        "solve {t_solve:.4}s, inv @ b {t_inv:.4}s, agree: {}",
        allclose(&x1, &x2)?
    );
    // On an ill-conditioned system (a Hilbert matrix) solve leaves the smaller residual.
    let hn = 10;
    let hilbert = Array::from_vec(
        (0..hn * hn)
            .map(|i| 1.0 / ((i / hn + i % hn + 1) as f64))
            .collect::<Vec<f64>>(),
        &[hn, hn],
    )?;
    let rhs = Array::ones(&[hn], DType::F64);
    let residual = |x: &Array| -> Result<f64> { max_abs_diff(&hilbert.matmul(x)?, &rhs) };
    let r_solve = residual(&linalg::solve(&hilbert, &rhs)?)?;
    let r_inv = residual(&linalg::inv(&hilbert)?.matmul(&rhs)?)?;
    println!(
        "Hilbert(10), cond {:.1e}: residual solve {r_solve:.1e}, inv @ b {r_inv:.1e}",
        scalar(&linalg::cond(&hilbert, NormOrd::Default)?)?
    );
    println!(
        "det {:.3e}, rank {}",
        scalar(&linalg::det(&hilbert)?)?,
        linalg::matrix_rank(&hilbert, None)?.to_vec::<i64>()?[0]
    );
    Ok(())
}

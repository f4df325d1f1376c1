//! The seed's section 8, "Data Science Workflow with NumPy", in numfuse: a simulated
//! house-price dataset (`uniform`, `integers`, `normal` draws), per-feature statistics and
//! correlations with the price, a permutation train/test split, scaling with the training
//! statistics, PCA from `eigh` of the covariance sorted by descending eigenvalue, and the
//! seed's `regression_metrics`.
//!
//! The seed defines `regression_metrics` but fits no model; here it scores a least-squares fit
//! (`linalg::lstsq` on an intercept column and the scaled features). The seed times nothing in
//! this section, so neither does the example.
//!
//! Run with `cargo run --example data_science` (`--quick` draws 100 houses instead of the
//! seed's 500, for CI). The seed's `np.random.seed(42)` becomes `default_rng(42)`, so the
//! numbers differ from the seed's printout; `tests/seed_data_science.rs` runs the same
//! functions on NumPy's own draws and compares every step. The example asserts the identities
//! behind what it prints: the scaled training set has mean 0 and std 1, the eigenvalues are
//! descending and the eigenvectors orthonormal, the ratios sum to 1 over all components, the
//! projection's variance is the eigenvalue, and RMSE² = MSE.

mod seed_lib {
    include!("seed_lib/data_science.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use seed_lib::{
    Pca, Scaled, Split, correlations, feature_stats, fit_predict, house_prices, pca_numpy,
    regression_metrics, scalar, scale, train_test_split,
};

/// `f"{x:,.0f}"`: rounded to an integer, thousands separated by commas.
fn thousands(x: f64) -> String {
    let digits = format!("{:.0}", x.abs());
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if x < 0.0 && digits != "0" {
        format!("-{out}")
    } else {
        out
    }
}

fn assert_close(a: f64, b: f64, tol: f64, what: &str) {
    assert!(
        (a - b).abs() <= tol * b.abs().max(1.0),
        "{what}: {a} vs {b}"
    );
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    // Simulated dataset: House prices
    let mut rng = default_rng(42);
    let n = if quick { 100 } else { 500 };
    // Features: size(sqft), bedrooms, age, distance_to_city
    let size = rng.uniform(500.0, 3000.0, &[n])?;
    let bedrooms = rng.integers(1, 6, &[n])?;
    let age = rng.uniform(0.0, 50.0, &[n])?;
    let distance = rng.uniform(1.0, 50.0, &[n])?;
    let noise = rng.normal(0.0, 20000.0, &[n])?;
    // Target: price
    let (x, y) = house_prices(&size, &bedrooms, &age, &distance, &noise)?;

    // --- EXPLORATORY DATA ANALYSIS ---
    println!(
        "Dataset: {} samples, {} features",
        x.shape()[0],
        x.shape()[1]
    );
    println!("\nFeature statistics:");
    let feature_names = ["Size", "Bedrooms", "Age", "Distance"];
    let stats = feature_stats(&x)?;
    for (i, name) in feature_names.iter().enumerate() {
        let col = x.index(idx![.., i as isize])?;
        let (mean, std) = (scalar(&col.mean(None)?)?, scalar(&col.std(None, 0)?)?);
        let (min, max) = (scalar(&col.min(None)?)?, scalar(&col.max(None)?)?);
        println!(" {name}: mean={mean:.1}, std={std:.1}, min={min:.1}, max={max:.1}");
        let by_axis = stats.index(idx![.., i as isize])?.to_vec::<f64>()?;
        for (got, want) in [mean, std, min, max].iter().zip(&by_axis) {
            assert_close(*got, *want, 1e-12, "column statistic vs axis=0");
        }
    }
    let (y_mean, y_std) = (scalar(&y.mean(None)?)?, scalar(&y.std(None, 0)?)?);
    println!(
        "\nTarget (Price): mean={}, std={}",
        thousands(y_mean),
        thousands(y_std)
    );
    // Correlation with target
    for (name, corr) in feature_names.iter().zip(correlations(&x, &y)?) {
        println!(" {name} correlation with Price: {corr:.4}");
        assert!(corr.abs() <= 1.0 + 1e-12);
    }

    // --- TRAIN/TEST SPLIT (without sklearn) ---
    let indices = rng.permutation(n)?;
    let train_size = (0.8 * n as f64) as usize;
    let Split {
        x_train,
        x_test,
        y_train,
        y_test,
    } = train_test_split(&x, &y, &indices, train_size)?;
    assert_eq!(
        (x_train.shape()[0], x_test.shape()[0]),
        (train_size, n - train_size)
    );

    // --- FEATURE SCALING ---
    let Scaled {
        train_mean,
        train_std,
        train,
        test,
    } = scale(&x_train, &x_test)?;
    // The test rows are scaled with the training statistics, not their own.
    let (mu, sd) = (train_mean.to_vec::<f64>()?, train_std.to_vec::<f64>()?);
    let (raw, scaled) = (x_test.to_vec::<f64>()?, test.to_vec::<f64>()?);
    for (k, (r, t)) in raw.iter().zip(&scaled).enumerate() {
        assert_close(*t, (r - mu[k % 4]) / sd[k % 4], 1e-15, "test scaling");
    }
    for m in train.mean(0)?.to_vec::<f64>()? {
        assert!(m.abs() < 1e-12);
    }
    for s in train.std(0, 0)?.to_vec::<f64>()? {
        assert_close(s, 1.0, 1e-12, "scaled std");
    }

    // --- PRINCIPAL COMPONENT ANALYSIS (PCA) from scratch ---
    let Pca {
        projected,
        var_ratio,
        components,
        eigenvalues,
        eigenvectors,
    } = pca_numpy(&train, 2)?;
    println!("\nPCA explained variance: {var_ratio}");
    println!(
        "Total explained: {:.2}%",
        scalar(&var_ratio.sum(None)?)? * 100.0
    );
    let ev = eigenvalues.to_vec::<f64>()?;
    assert!(ev.windows(2).all(|w| w[0] >= w[1]));
    let gram = eigenvectors.t().matmul(&eigenvectors)?.to_vec::<f64>()?;
    for (k, g) in gram.iter().enumerate() {
        assert_close(*g, if k % 5 == 0 { 1.0 } else { 0.0 }, 1e-12, "V^T V");
    }
    // Scaled with ddof=0 but the covariance divides by m - 1: its trace is 4 m / (m - 1).
    let m = train_size as f64;
    let trace = 4.0 * m / (m - 1.0);
    assert_close(
        scalar(&eigenvalues.sum(None)?)?,
        trace,
        1e-12,
        "trace of the covariance",
    );
    assert_eq!(components.shape(), &[4, 2]);
    let proj_var = projected.var(0, 1)?.to_vec::<f64>()?;
    for (v, e) in proj_var.iter().zip(&ev) {
        assert_close(*v, *e, 1e-10, "variance along a component");
    }

    // --- EVALUATION METRICS --- (on a least-squares fit: the seed has no model)
    let (coef, y_pred) = fit_predict(&train, &y_train, &test)?;
    println!("\nLeast-squares coefficients (intercept, size, bedrooms, age, distance): {coef}");
    let metrics = regression_metrics(&y_test, &y_pred)?;
    for (name, value) in metrics {
        println!(" {name}: {value:.4}");
    }
    assert_close(
        metrics[2].1 * metrics[2].1,
        metrics[1].1,
        1e-12,
        "RMSE² = MSE",
    );
    assert!(metrics[0].1 <= metrics[2].1, "MAE <= RMSE");
    assert!(metrics[3].1 <= 1.0);
    Ok(())
}

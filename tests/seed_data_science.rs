//! The seed's section 8 (house prices: statistics, correlations, split, scaling, PCA, metrics),
//! as `examples/data_science.rs` computes it, on NumPy's own draws, against NumPy running the
//! seed's code (`scripts/seed_ref/data_science.py`, data under `tests/data/seed/data_science/`).
//!
//! Exact: `X` and `y` (the same float64 operations in the same order), the split (fancy
//! indexing), and min/max. Tolerances, and why:
//! - rtol 1e-13: sums over 400-500 terms (means, stds, scaling, the covariance) may add in
//!   another order than NumPy's pairwise summation, each order a few ulps from the other.
//! - rtol 1e-10 for `corrcoef`, the eigenpairs, the projection and the fit: these go through
//!   `eigh` / an SVD, whose results are stable to about the condition number (under 10 here)
//!   times the ulp of the largest entry, which small entries feel relatively more; 1e-10 still
//!   catches any wrong step. Eigenvectors are compared up to a sign per column, as `eigh`
//!   fixes no sign.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/data_science.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
use numfuse::prelude::*;
use numfuse::testing::assert_allclose;
use seed_lib::{
    Pca, Scaled, Split, correlations, feature_stats, fit_predict, house_prices, pca_numpy,
    regression_metrics, scale, train_test_split,
};

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/data_science/{name}.npy"))
}

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64, atol: f64) {
    assert_close_to(got, &npy(name), name, rtol, atol);
}

/// `X` and `y` from NumPy's draws.
fn dataset() -> (Array, Array) {
    let (size, bedrooms, age) = (npy("size"), npy("bedrooms"), npy("age"));
    house_prices(&size, &bedrooms, &age, &npy("distance"), &npy("noise")).unwrap()
}

fn split() -> Split {
    let (x, y) = dataset();
    train_test_split(&x, &y, &npy("indices"), 400).unwrap()
}

#[test]
fn dataset_matches_numpy_exactly() {
    let (x, y) = dataset();
    assert_array_eq(&x, &npy("X"), "X");
    assert_array_eq(&y, &npy("y"), "y");
}

#[test]
fn feature_statistics_and_correlations_match_numpy() {
    let (x, y) = dataset();
    let stats = feature_stats(&x).unwrap();
    assert_close(&stats, "feature_stats", 1e-13, 0.0);
    // min and max pick elements: exact.
    assert_array_eq(
        &stats.slice(s![2..]).unwrap(),
        &npy("feature_stats").slice(s![2..]).unwrap(),
        "min/max",
    );
    let corr = correlations(&x, &y).unwrap();
    assert_close(&Array::from_vec(corr, &[4]).unwrap(), "corr", 1e-10, 0.0);
}

#[test]
fn split_and_scaling_match_numpy() {
    let Split {
        x_train,
        x_test,
        y_train,
        y_test,
    } = split();
    let (x, y, indices) = (npy("X"), npy("y"), npy("indices").to_vec::<i64>().unwrap());
    // Row k of the training set is row indices[k] of X, and likewise for the test set.
    for (k, &i) in indices.iter().enumerate() {
        let (xs, ys, r) = if k < 400 {
            (&x_train, &y_train, k)
        } else {
            (&x_test, &y_test, k - 400)
        };
        assert_array_eq(
            &xs.index(idx![r as isize]).unwrap(),
            &x.index(idx![i as isize]).unwrap(),
            "X row",
        );
        assert_eq!(
            ys.get(&[r as isize]).unwrap(),
            y.get(&[i as isize]).unwrap()
        );
    }
    let Scaled {
        train_mean,
        train_std,
        train,
        test,
    } = scale(&x_train, &x_test).unwrap();
    assert_close(&train_mean, "train_mean", 1e-13, 0.0);
    assert_close(&train_std, "train_std", 1e-13, 0.0);
    // Scaled values near 0 get an absolute floor: a 1e-13 relative error of the mean (~1e3)
    // over the std (~1e2) is 1e-12 absolute.
    assert_close(&train, "X_train_scaled", 1e-12, 1e-12);
    assert_close(&test, "X_test_scaled", 1e-12, 1e-12);
}

/// Column `j` of `got` equals column `j` of `want` or its negation.
fn assert_columns_up_to_sign(got: &Array, want: &Array, rtol: f64, what: &str) {
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    for j in 0..got.shape()[1] as isize {
        let g = got.index(idx![.., j]).unwrap();
        let w = want.index(idx![.., j]).unwrap();
        let (gv, wv) = (g.to_vec::<f64>().unwrap(), w.to_vec::<f64>().unwrap());
        let k = wv
            .iter()
            .enumerate()
            .max_by(|a, b| a.1.abs().total_cmp(&b.1.abs()))
            .unwrap()
            .0;
        let sign = if (gv[k] > 0.0) == (wv[k] > 0.0) {
            1.0
        } else {
            -1.0
        };
        let scale = wv.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        assert_allclose(&g.try_mul(sign).unwrap(), &w, rtol, rtol * scale);
    }
}

#[test]
fn pca_matches_numpy_up_to_eigenvector_signs() {
    let Pca {
        projected,
        var_ratio,
        components,
        eigenvalues,
        eigenvectors,
    } = pca_numpy(&npy("X_train_scaled"), 2).unwrap();
    assert_close(&eigenvalues, "eigenvalues", 1e-10, 0.0);
    assert_close(&var_ratio, "var_ratio", 1e-10, 0.0);
    assert_columns_up_to_sign(&eigenvectors, &npy("eigenvectors"), 1e-10, "eigenvectors");
    assert_columns_up_to_sign(&components, &npy("components"), 1e-10, "components");
    assert_columns_up_to_sign(&projected, &npy("X_pca"), 1e-10, "X_pca");
}

#[test]
fn least_squares_fit_and_metrics_match_numpy() {
    let Split {
        y_train, y_test, ..
    } = split();
    let (coef, y_pred) =
        fit_predict(&npy("X_train_scaled"), &y_train, &npy("X_test_scaled")).unwrap();
    assert_close(&coef, "coef", 1e-10, 0.0);
    assert_close(&y_pred, "y_pred", 1e-10, 0.0);
    let metrics = regression_metrics(&y_test, &npy("y_pred")).unwrap();
    let want = npy("metrics").to_vec::<f64>().unwrap();
    for ((name, got), want) in metrics.iter().zip(&want) {
        assert!(
            (got - want).abs() <= 1e-13 * want.abs(),
            "{name}: {got} vs NumPy {want}"
        );
    }
}

// The seed's section 8, "Data Science Workflow with NumPy", as functions taking arrays, shared by
// `examples/data_science.rs` and `tests/seed_data_science.rs` through `include!` (a directory
// without `main.rs`, so cargo does not build this file as an example of its own).
//
// Invariants the functions keep (the test checks each against NumPy):
// 1. `house_prices` evaluates the seed's price formula left to right, as Python does, with
//    `bedrooms` kept int64 until it meets a float64 term, so the target is NumPy's bit for bit.
// 2. The split takes rows in the order of the permutation it is given (`X[indices[:k]]`).
// 3. Scaling uses the training rows' mean and population std (`ddof=0`) for both sets.
// 4. `pca_numpy` sorts the eigenpairs of `eigh` by descending eigenvalue (`argsort()[::-1]`);
//    an eigenvector's sign is whatever `eigh` returns, as in NumPy, so it may differ per column.

use numfuse::linalg::{Uplo, eigh, lstsq};
use numfuse::prelude::*;
use numfuse::{SortKind, column_stack, corrcoef};

/// The value of a 0-d or one-element array as `f64` (NumPy's `.item()`).
pub fn scalar(a: &Array) -> Result<f64> {
    Ok(a.astype(DType::F64).to_vec::<f64>()?[0])
}

/// `price = 100*size + 50000*bedrooms - 1000*age - 5000*distance + 200000 + noise` and
/// `X = np.column_stack([size, bedrooms, age, distance])`.
pub fn house_prices(
    size: &Array,
    bedrooms: &Array,
    age: &Array,
    distance: &Array,
    noise: &Array,
) -> Result<(Array, Array)> {
    let price = size
        .try_mul(100)?
        .try_add(&bedrooms.try_mul(50000)?)?
        .try_sub(&age.try_mul(1000)?)?
        .try_sub(&distance.try_mul(5000)?)?
        .try_add(200000)?
        .try_add(noise)?;
    let x = column_stack(&[size, bedrooms, age, distance])?;
    Ok((x, price))
}

/// Per-feature `[mean, std, min, max]` as the rows of a `(4, n_features)` array.
pub fn feature_stats(x: &Array) -> Result<Array> {
    let rows = [x.mean(0)?, x.std(0, 0)?, x.min(0)?, x.max(0)?];
    numfuse::stack(&[&rows[0], &rows[1], &rows[2], &rows[3]], 0)
}

/// `np.corrcoef(X[:, i], y)[0, 1]` for every feature `i`.
pub fn correlations(x: &Array, y: &Array) -> Result<Vec<f64>> {
    (0..x.shape()[1] as isize)
        .map(|i| {
            let col = x.index(idx![.., i])?;
            Ok(corrcoef(&col, Some(y), true)?.get(&[0, 1])?.to_f64())
        })
        .collect()
}

/// The train/test split of the seed, for a given permutation of the row indices.
pub struct Split {
    /// `X[train_idx]`.
    pub x_train: Array,
    /// `X[test_idx]`.
    pub x_test: Array,
    /// `y[train_idx]`.
    pub y_train: Array,
    /// `y[test_idx]`.
    pub y_test: Array,
}

/// `train_idx = indices[:train_size]`, `test_idx = indices[train_size:]`, then fancy indexing.
pub fn train_test_split(x: &Array, y: &Array, indices: &Array, train_size: usize) -> Result<Split> {
    let k = train_size as isize;
    let train_idx = indices.slice(s![..k])?;
    let test_idx = indices.slice(s![k..])?;
    Ok(Split {
        x_train: x.take(&train_idx, Some(0))?,
        x_test: x.take(&test_idx, Some(0))?,
        y_train: y.take(&train_idx, None)?,
        y_test: y.take(&test_idx, None)?,
    })
}

/// Training statistics and both sets scaled with them.
pub struct Scaled {
    /// `X_train.mean(axis=0)`.
    pub train_mean: Array,
    /// `X_train.std(axis=0)`.
    pub train_std: Array,
    /// `(X_train - train_mean) / train_std`.
    pub train: Array,
    /// `(X_test - train_mean) / train_std`: the training statistics, not the test set's.
    pub test: Array,
}

/// Fits the scaler on the training rows only and applies it to both sets.
pub fn scale(x_train: &Array, x_test: &Array) -> Result<Scaled> {
    let train_mean = x_train.mean(0)?;
    let train_std = x_train.std(0, 0)?;
    let train = x_train.try_sub(&train_mean)?.try_div(&train_std)?;
    let test = x_test.try_sub(&train_mean)?.try_div(&train_std)?; // Use training stats!
    Ok(Scaled {
        train_mean,
        train_std,
        train,
        test,
    })
}

/// What `pca_numpy` returns, plus the sorted eigenpairs it computes on the way.
pub struct Pca {
    /// `X_centered @ components`.
    pub projected: Array,
    /// `explained_var_ratio[:n_components]`.
    pub var_ratio: Array,
    /// `eigenvectors[:, :n_components]`.
    pub components: Array,
    /// All eigenvalues of the covariance, descending.
    pub eigenvalues: Array,
    /// Their eigenvectors, as columns in the same order.
    pub eigenvectors: Array,
}

/// The seed's PCA: centre, covariance, `eigh`, sort descending, project.
pub fn pca_numpy(x: &Array, n_components: usize) -> Result<Pca> {
    // Center the data
    let x_centered = x.try_sub(&x.mean(0)?)?;
    // Compute covariance matrix
    let n = x.shape()[0] as f64;
    let cov = x_centered.t().matmul(&x_centered)?.try_div(n - 1.0)?;
    // Eigendecomposition (for symmetric matrix, use eigh — more stable)
    let (eigenvalues, eigenvectors) = eigh(&cov, Uplo::L)?;
    // Sort by descending eigenvalue
    let order = eigenvalues
        .argsort(Some(-1), SortKind::Default)?
        .slice(s![..;-1])?;
    let eigenvalues = eigenvalues.take(&order, None)?;
    let eigenvectors = eigenvectors.index(idx![.., &order])?;
    // Explained variance ratio
    let explained_var_ratio = eigenvalues.try_div(&eigenvalues.sum(None)?)?;
    // Project data
    let k = n_components as isize;
    let components = eigenvectors.slice(s![.., ..k])?;
    let projected = x_centered.matmul(&components)?;
    Ok(Pca {
        projected,
        var_ratio: explained_var_ratio.slice(s![..k])?,
        components,
        eigenvalues,
        eigenvectors,
    })
}

/// A least-squares linear model with an intercept: `np.linalg.lstsq` on
/// `column_stack([ones, X_train])`, returning the coefficients and the predictions for `x_test`.
pub fn fit_predict(x_train: &Array, y_train: &Array, x_test: &Array) -> Result<(Array, Array)> {
    let design = |x: &Array| {
        let ones = Array::ones(&[x.shape()[0]], DType::F64);
        column_stack(&[&ones, x])
    };
    let coef = lstsq(&design(x_train)?, y_train, None)?.x;
    let y_pred = design(x_test)?.matmul(&coef)?;
    Ok((coef, y_pred))
}

/// The seed's `regression_metrics`: MAE, MSE, RMSE, R² and MAPE (in percent), in that order.
pub fn regression_metrics(y_true: &Array, y_pred: &Array) -> Result<[(&'static str, f64); 5]> {
    let errors = y_true.try_sub(y_pred)?;
    let mae = errors.abs()?.mean(None)?;
    let mse = errors.power(2)?.mean(None)?;
    let rmse = mse.sqrt()?;
    let ss_res = errors.power(2)?.sum(None)?;
    let ss_tot = y_true.try_sub(&y_true.mean(None)?)?.power(2)?.sum(None)?;
    let r2 = 1.0 - scalar(&ss_res)? / scalar(&ss_tot)?;
    let mape = scalar(&errors.try_div(y_true)?.abs()?.mean(None)?)? * 100.0;
    Ok([
        ("MAE", scalar(&mae)?),
        ("MSE", scalar(&mse)?),
        ("RMSE", scalar(&rmse)?),
        ("R²", r2),
        ("MAPE%", mape),
    ])
}

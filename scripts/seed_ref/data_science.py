#!/usr/bin/env python3
"""NumPy reference for examples/data_science.rs: the seed's section 8, "Data Science Workflow".

Run from the repository root:

    python3 scripts/seed_ref/data_science.py

The seed's code runs below nearly verbatim, at the seed's size (n = 500; every file is at most
16 kB) and with its `np.random.seed(42)`. The seed defines `regression_metrics` but never calls
it, as it has no model; the script adds the least-squares fit the example makes (an intercept
column plus the four scaled features, fitted on the training rows with `np.linalg.lstsq`) and
scores its test predictions. It writes, under tests/data/seed/data_science/:

    inputs:   size, bedrooms, age, distance, noise (the seed's draws, float64 / int64 (500,))
              indices (np.random.permutation(n), int64 (500,))
    outputs:  X (500, 4), y (500,), feature_stats (4, 4: rows mean, std, min, max),
              corr (4,) (np.corrcoef(X[:, i], y)[0, 1]), train_mean, train_std (4,),
              X_train_scaled (400, 4), X_test_scaled (100, 4),
              eigenvalues (4,) and eigenvectors (4, 4) sorted by descending eigenvalue,
              var_ratio (2,), components (4, 2), X_pca (400, 2),
              coef (5,), y_pred (100,), metrics (5,: MAE, MSE, RMSE, R², MAPE%)
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "data_science")


def pca_numpy(X, n_components):
    """Manual PCA using NumPy SVD (the seed's function, also returning the sorted eigenpairs)."""
    # Center the data
    X_centered = X - X.mean(axis=0)
    # Compute covariance matrix
    cov = X_centered.T @ X_centered / (len(X) - 1)
    # Eigendecomposition (for symmetric matrix, use eigh — more stable)
    eigenvalues, eigenvectors = np.linalg.eigh(cov)
    # Sort by descending eigenvalue
    idx = np.argsort(eigenvalues)[::-1]
    eigenvalues = eigenvalues[idx]
    eigenvectors = eigenvectors[:, idx]
    # Explained variance ratio
    explained_var_ratio = eigenvalues / eigenvalues.sum()
    # Project data
    components = eigenvectors[:, :n_components]
    X_projected = X_centered @ components
    return X_projected, explained_var_ratio[:n_components], components, eigenvalues, eigenvectors


def regression_metrics(y_true, y_pred):
    errors = y_true - y_pred
    mae = np.mean(np.abs(errors))
    mse = np.mean(errors ** 2)
    rmse = np.sqrt(mse)
    ss_res = np.sum(errors ** 2)
    ss_tot = np.sum((y_true - y_true.mean()) ** 2)
    r2 = 1 - ss_res / ss_tot
    mape = np.mean(np.abs(errors / y_true)) * 100
    return {'MAE': mae, 'MSE': mse, 'RMSE': rmse, 'R²': r2, 'MAPE%': mape}


def main():
    os.makedirs(OUT, exist_ok=True)
    saved = {}
    # Simulated dataset: House prices
    np.random.seed(42)
    n = 500
    # Features: size(sqft), bedrooms, age, distance_to_city
    size = np.random.uniform(500, 3000, n)
    bedrooms = np.random.randint(1, 6, n)
    age = np.random.uniform(0, 50, n)
    distance = np.random.uniform(1, 50, n)
    noise = np.random.normal(0, 20000, n)
    saved.update(size=size, bedrooms=bedrooms, age=age, distance=distance, noise=noise)
    # Target: price
    price = (100 * size + 50000 * bedrooms - 1000 * age - 5000 * distance + 200000 + noise)
    # --- EXPLORATORY DATA ANALYSIS ---
    X = np.column_stack([size, bedrooms, age, distance])
    y = price
    print(f"Dataset: {X.shape[0]} samples, {X.shape[1]} features")
    print(f"\nFeature statistics:")
    feature_names = ['Size', 'Bedrooms', 'Age', 'Distance']
    for i, name in enumerate(feature_names):
        col = X[:, i]
        print(f" {name}: mean={col.mean():.1f}, std={col.std():.1f}, "
              f"min={col.min():.1f}, max={col.max():.1f}")
    print(f"\nTarget (Price): mean={y.mean():,.0f}, std={y.std():,.0f}")
    saved["feature_stats"] = np.array([X.mean(axis=0), X.std(axis=0), X.min(axis=0), X.max(axis=0)])
    # Correlation with target
    corr = []
    for i, name in enumerate(feature_names):
        c = np.corrcoef(X[:, i], y)[0, 1]
        corr.append(c)
        print(f" {name} correlation with Price: {c:.4f}")
    saved.update(X=X, y=y, corr=np.array(corr))
    # --- TRAIN/TEST SPLIT (without sklearn) ---
    indices = np.random.permutation(n)
    saved["indices"] = indices
    train_size = int(0.8 * n)
    train_idx = indices[:train_size]
    test_idx = indices[train_size:]
    X_train, X_test = X[train_idx], X[test_idx]
    y_train, y_test = y[train_idx], y[test_idx]
    # --- FEATURE SCALING ---
    # Fit scaler on training data only
    train_mean = X_train.mean(axis=0)
    train_std = X_train.std(axis=0)
    X_train_scaled = (X_train - train_mean) / train_std
    X_test_scaled = (X_test - train_mean) / train_std  # Use training stats!
    saved.update(train_mean=train_mean, train_std=train_std, X_train_scaled=X_train_scaled,
                 X_test_scaled=X_test_scaled)
    # --- PRINCIPAL COMPONENT ANALYSIS (PCA) from scratch ---
    X_pca, var_ratio, components, eigenvalues, eigenvectors = pca_numpy(X_train_scaled, 2)
    print(f"\nPCA explained variance: {var_ratio}")
    print(f"Total explained: {var_ratio.sum():.2%}")
    saved.update(X_pca=X_pca, var_ratio=var_ratio, components=components,
                 eigenvalues=eigenvalues, eigenvectors=eigenvectors)
    # --- EVALUATION METRICS --- (the fit is this script's, the seed has no model)
    A_train = np.column_stack([np.ones(len(X_train_scaled)), X_train_scaled])
    A_test = np.column_stack([np.ones(len(X_test_scaled)), X_test_scaled])
    coef = np.linalg.lstsq(A_train, y_train, rcond=None)[0]
    y_pred = A_test @ coef
    metrics = regression_metrics(y_test, y_pred)
    for k, v in metrics.items():
        print(f" {k}: {v:,.4f}")
    saved.update(coef=coef, y_pred=y_pred, metrics=np.array(list(metrics.values())))

    for name, arr in saved.items():
        np.save(os.path.join(OUT, name + ".npy"), arr)
        print(f"{name}: {arr.dtype} {arr.shape}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""NumPy reference for examples/etl.rs: the seed's section 7, use case 1, "ETL Data Pipeline".

Run from the repository root:

    python3 scripts/seed_ref/etl.py

The seed's code runs below verbatim, with two changes: 300 timestamps instead of 1000 (to keep
the data small), and two leading readings of sensor 3 set missing so that STEP 4 (the column
median fill of gaps forward fill cannot reach) has work to do whatever the draws. The seed's
vectorised rolling mean, `windows[0].mean(axis=(1, 2, 3))`, raises AxisError in NumPy (axis 3
of a 3-d array); the rolling mean it means, `windows[:, 0].mean(axis=1)`, is saved instead.
Everything goes to tests/data/seed/etl/ (float64, bool where noted):

    raw.npy            (300, 10)  raw_data: normal(25, 5), -9999 sentinels, +100 outliers
    data_nan.npy       (300, 10)  STEP 1, sentinels replaced by NaN
    q1.npy, q3.npy     (10,)      np.nanpercentile(data_nan, 25 / 75, axis=0)
    outlier_mask.npy   (300, 10)  bool, (arr < lower) | (arr > upper)
    data_clean.npy     (300, 10)  STEP 2, remove_outliers_iqr(data_nan)
    data_ffill.npy     (300, 10)  STEP 3, forward_fill(data_clean)
    col_medians.npy    (10,)      np.nanmedian(data_ffill, axis=0)
    data_filled.npy    (300, 10)  STEP 4
    normalized.npy     (300, 10)  STEP 5
    rolling_mean.npy   (291, 10)  STEP 6, the seed's list comprehension
    rolling_fast.npy   (291, 10)  sliding_window_view(...)[:, 0].mean(axis=1)
"""

import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

OUT = os.path.join("tests", "data", "seed", "etl")


# STEP 2: Detect and remove outliers using IQR
def remove_outliers_iqr(arr, factor=3.0):
    q1 = np.nanpercentile(arr, 25, axis=0)
    q3 = np.nanpercentile(arr, 75, axis=0)
    iqr = q3 - q1
    lower = q1 - factor * iqr
    upper = q3 + factor * iqr
    mask = (arr < lower) | (arr > upper)  # Outlier positions
    arr_clean = arr.copy()
    arr_clean[mask] = np.nan  # Replace outliers with NaN
    return arr_clean, q1, q3, mask


# STEP 3: Forward-fill NaN values (simple imputation)
def forward_fill(arr):
    """Fill NaN with previous valid value, column by column."""
    result = arr.copy()
    for col in range(arr.shape[1]):
        col_data = result[:, col]
        nan_mask = np.isnan(col_data)
        not_nan_idx = np.where(~nan_mask)[0]
        if len(not_nan_idx) == 0:
            continue
        # Use searchsorted to find previous valid value
        fill_idx = np.searchsorted(not_nan_idx, np.where(nan_mask)[0], side="right") - 1
        valid_fills = fill_idx >= 0
        nan_positions = np.where(nan_mask)[0][valid_fills]
        source_positions = not_nan_idx[fill_idx[valid_fills]]
        col_data[nan_positions] = col_data[source_positions]
    return result


def save(name, value):
    np.save(os.path.join(OUT, name + ".npy"), value)


def main():
    os.makedirs(OUT, exist_ok=True)
    # Simulate raw sensor data with missing values and outliers
    np.random.seed(42)
    n_sensors = 10
    n_timestamps = 300
    raw_data = np.random.normal(25, 5, (n_timestamps, n_sensors))
    raw_data[np.random.rand(*raw_data.shape) < 0.05] = -9999  # 5% missing
    raw_data[np.random.rand(*raw_data.shape) < 0.02] += 100  # 2% outliers
    raw_data[0:2, 3] = -9999  # leading gaps for STEP 4
    save("raw", raw_data)
    print(f"Raw data shape: {raw_data.shape}")
    print(f"Missing values: {np.sum(raw_data == -9999)}")

    # STEP 1: Handle missing values — replace with NaN
    data = raw_data.copy().astype(np.float64)
    data[data == -9999] = np.nan
    save("data_nan", data)

    data, q1, q3, mask = remove_outliers_iqr(data)
    save("q1", q1)
    save("q3", q3)
    save("outlier_mask", mask)
    save("data_clean", data)
    print(f"After outlier removal — NaN count: {np.sum(np.isnan(data))}")

    data = forward_fill(data)
    save("data_ffill", data)

    # STEP 4: Remaining NaN (at start) — fill with column median
    col_medians = np.nanmedian(data, axis=0)
    nan_positions = np.where(np.isnan(data))
    assert len(nan_positions[0]) > 0
    data[nan_positions] = np.take(col_medians, nan_positions[1])
    save("col_medians", col_medians)
    save("data_filled", data)

    # STEP 5: Normalize to [0, 1] per sensor
    col_min = data.min(axis=0)
    col_max = data.max(axis=0)
    normalized = (data - col_min) / (col_max - col_min + 1e-8)
    save("normalized", normalized)

    # STEP 6: Compute rolling statistics
    window = 10
    rolling_mean = np.array(
        [normalized[i : i + window].mean(axis=0) for i in range(len(normalized) - window + 1)]
    )
    save("rolling_mean", rolling_mean)
    windows = sliding_window_view(normalized, window_shape=(window, n_sensors))
    try:
        windows[0].mean(axis=(1, 2, 3))
        raise SystemExit("the seed's axis=(1, 2, 3) unexpectedly worked")
    except np.exceptions.AxisError as e:
        print(f"seed line raises: {e}")
    save("rolling_fast", windows[:, 0].mean(axis=1))
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()

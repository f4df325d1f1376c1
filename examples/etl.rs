//! The seed's section 7, use case 1, "ETL Data Pipeline", in numfuse: sensor readings with
//! missing values and outliers are cleaned (sentinels to NaN, an IQR outlier filter from
//! `nanpercentile`), forward-filled with `searchsorted`, the remaining gaps filled with column
//! medians (`nanmedian`), normalised per sensor, and smoothed with a rolling mean, once as the
//! seed's loop and once through `sliding_window_view`.
//!
//! Run with `cargo run --release --example etl` (`--quick` is accepted for CI; the data is
//! small either way). The seed's `np.random` draws become a seeded generator, so the counts
//! differ from the seed's printout; every property the pipeline promises is asserted (no NaN
//! left, values in [0, 1], forward fill copies the previous valid reading, the fast rolling mean
//! equals the loop).
//!
//! One line of the seed does not run in NumPy either: `windows[0].mean(axis=(1, 2, 3))` names
//! axis 3 of a 3-d array, so NumPy raises `AxisError`; numfuse returns
//! `Error::AxisOutOfRange`, shown below, and the rolling mean it meant is
//! `windows[:, 0].mean(axis=1)`.

use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::{QuantileMethod, nanmedian, nanpercentile};
use numfuse::{Side, idx, searchsorted};

fn count(mask: &Array) -> Result<i64> {
    Ok(mask
        .count_nonzero(None)?
        .astype(DType::I64)
        .to_vec::<i64>()?[0])
}

/// Detects outliers with the interquartile range per column and replaces them with NaN.
fn remove_outliers_iqr(arr: &Array, factor: f64) -> Result<Array> {
    let q1 = nanpercentile(arr, 25.0, 0, QuantileMethod::Linear)?;
    let q3 = nanpercentile(arr, 75.0, 0, QuantileMethod::Linear)?;
    let iqr = q3.try_sub(&q1)?;
    let lower = q1.try_sub(&iqr.try_mul(factor)?)?;
    let upper = q3.try_add(&iqr.try_mul(factor)?)?;
    let mask = arr.less(&lower)?.logical_or(&arr.greater(&upper)?)?; // Outlier positions
    let mut arr_clean = arr.copy();
    arr_clean.putmask(&mask, &Array::scalar(f64::NAN))?; // Replace outliers with NaN
    Ok(arr_clean)
}

/// Fills NaN with the previous valid value, column by column.
fn forward_fill(arr: &Array) -> Result<Array> {
    let mut result = arr.copy();
    for col in 0..arr.shape()[1] as isize {
        let col_data = result.index(idx![.., col])?;
        let nan_mask = col_data.isnan()?;
        let not_nan_idx = nan_mask.logical_not()?.nonzero()?.remove(0);
        if not_nan_idx.size() == 0 {
            continue;
        }
        // Use searchsorted to find previous valid value
        let nan_idx = nan_mask.nonzero()?.remove(0);
        let fill_idx = searchsorted(&not_nan_idx, &nan_idx, Side::Right, None)?.try_sub(1)?;
        let valid_fills = fill_idx.greater_equal(0)?;
        let nan_positions = nan_idx.mask_select(&valid_fills)?;
        let source_positions = not_nan_idx.take(&fill_idx.mask_select(&valid_fills)?, None)?;
        let values = col_data.take(&source_positions, None)?;
        result.index_assign(idx![&nan_positions, col], &values)?;
    }
    Ok(result)
}

fn main() -> Result<()> {
    let _quick = std::env::args().any(|a| a == "--quick");
    // Simulate raw sensor data with missing values and outliers
    let mut rng = default_rng(42);
    let n_sensors = 10;
    let n_timestamps = 1000;
    let shape = [n_timestamps, n_sensors];
    // Raw data: temperatures in °C (some missing: -9999, some outliers)
    let mut raw_data = rng.normal(25.0, 5.0, &shape)?;
    let missing = rng.random(&shape).less(0.05)?; // 5% missing
    raw_data.putmask(&missing, &Array::scalar(-9999.0))?;
    let outliers = rng.random(&shape).less(0.02)?; // 2% outliers
    raw_data = numfuse::ops::where_(&outliers, &raw_data.try_add(100.0)?, &raw_data)?;
    println!("Raw data shape: {:?}", raw_data.shape());
    let n_missing = count(&raw_data.equal(-9999.0)?)?;
    println!("Missing values: {n_missing}");

    // STEP 1: Handle missing values — replace with NaN
    let mut data = raw_data.astype(DType::F64);
    data.putmask(&data.equal(-9999.0)?, &Array::scalar(f64::NAN))?;
    assert_eq!(count(&data.isnan()?)?, n_missing);

    // STEP 2: Detect and remove outliers using IQR
    let data = remove_outliers_iqr(&data, 3.0)?;
    let after_iqr = count(&data.isnan()?)?;
    println!("After outlier removal — NaN count: {after_iqr}");
    // Every +100 outlier (about 125 °C against a 25 ± 5 °C spread) is caught, and no more than
    // a handful of genuine readings: 3 IQRs is over 4.5 standard deviations from the quartiles.
    let outliers_left = count(&data.greater(80.0)?)?;
    assert_eq!(outliers_left, 0);
    assert!(after_iqr >= n_missing);

    // STEP 3: Forward-fill NaN values (simple imputation)
    let filled = forward_fill(&data)?;
    // A filled reading equals the last valid reading above it in its column.
    let (before, after) = (data.to_vec::<f64>()?, filled.to_vec::<f64>()?);
    for c in 0..n_sensors {
        let mut last = f64::NAN;
        for r in 0..n_timestamps {
            let (b, a) = (before[r * n_sensors + c], after[r * n_sensors + c]);
            if b.is_nan() {
                assert!(a.to_bits() == last.to_bits(), "row {r} col {c}");
            } else {
                assert_eq!(a, b);
                last = b;
            }
        }
    }

    // STEP 4: Remaining NaN (at start) — fill with column median
    let col_medians = nanmedian(&filled, 0)?;
    let nan_positions = filled.isnan()?.nonzero()?;
    let fills = col_medians.take(&nan_positions[1], None)?;
    let mut data = filled;
    data.index_assign(idx![&nan_positions[0], &nan_positions[1]], &fills)?;
    println!("Leading gaps filled with column medians: {}", fills.size());

    // STEP 5: Normalize to [0, 1] per sensor
    let col_min = data.min(0)?;
    let col_max = data.max(0)?;
    let normalized = data
        .try_sub(&col_min)?
        .try_div(&col_max.try_sub(&col_min)?.try_add(1e-8)?)?;

    // STEP 6: Compute rolling statistics
    let window = 10;
    let rolling_mean = (0..n_timestamps - window + 1)
        .map(|i| {
            normalized
                .slice(s![i as isize..(i + window) as isize])?
                .mean(0)
        })
        .collect::<Result<Vec<_>>>()?;
    // Vectorized version using stride tricks
    let windows = normalized.sliding_window_view(&[window, n_sensors], None)?;
    println!("windows shape: {:?}", windows.shape()); // (991, 1, 10, 10)
    match windows.slice(s![0])?.mean([1, 2, 3]) {
        Err(e) => println!("the seed's windows[0].mean(axis=(1, 2, 3)): {e}"),
        Ok(_) => unreachable!("axis 3 of a 3-d array"),
    }
    let rolling_mean_fast = windows.slice(s![.., 0])?.mean(1)?;
    let fast = rolling_mean_fast.to_vec::<f64>()?;
    for (i, row) in rolling_mean.iter().enumerate() {
        for (j, v) in row.to_vec::<f64>()?.iter().enumerate() {
            assert!((fast[i * n_sensors + j] - v).abs() < 1e-12);
        }
    }
    println!("Final data shape: {:?}", normalized.shape());
    let no_nan = !normalized.isnan()?.any(None)?.to_vec::<bool>()?[0];
    println!("No remaining NaN: {no_nan}");
    let lo = normalized.min(None)?.to_vec::<f64>()?[0];
    let hi = normalized.max(None)?.to_vec::<f64>()?[0];
    println!("Range: [{lo:.4}, {hi:.4}]");
    assert!(no_nan && lo >= 0.0 && hi <= 1.0);
    Ok(())
}

// The seed's section 7, use case 1, "ETL Data Pipeline": each step as a function, shared by
// `examples/etl.rs` and `tests/seed_etl.rs`.

use numfuse::prelude::*;
use numfuse::{QuantileMethod, Side, nanmedian, nanpercentile, searchsorted};

/// STEP 1: Handle missing values — replace the `-9999` sentinels with NaN.
pub fn missing_to_nan(raw: &Array) -> Result<Array> {
    let mut data = raw.astype(DType::F64);
    data.putmask(&data.equal(-9999.0)?, &Array::scalar(f64::NAN))?;
    Ok(data)
}

/// What `remove_outliers_iqr` computed on the way.
pub struct Iqr {
    /// `np.nanpercentile(arr, 25, axis=0)`.
    pub q1: Array,
    /// `np.nanpercentile(arr, 75, axis=0)`.
    pub q3: Array,
    /// `(arr < lower) | (arr > upper)`.
    pub mask: Array,
    /// `arr` with the outliers replaced by NaN.
    pub clean: Array,
}

/// STEP 2: Detect and remove outliers using IQR (per column, `factor` IQRs beyond the quartiles).
pub fn remove_outliers_iqr(arr: &Array, factor: f64) -> Result<Iqr> {
    let q1 = nanpercentile(arr, 25.0, 0, QuantileMethod::Linear)?;
    let q3 = nanpercentile(arr, 75.0, 0, QuantileMethod::Linear)?;
    let iqr = q3.try_sub(&q1)?;
    let lower = q1.try_sub(&iqr.try_mul(factor)?)?;
    let upper = q3.try_add(&iqr.try_mul(factor)?)?;
    let mask = arr.less(&lower)?.logical_or(&arr.greater(&upper)?)?; // Outlier positions
    let mut clean = arr.copy();
    clean.putmask(&mask, &Array::scalar(f64::NAN))?; // Replace outliers with NaN
    Ok(Iqr { q1, q3, mask, clean })
}

/// STEP 3: Forward-fill NaN values — each NaN takes the previous valid value of its column.
pub fn forward_fill(arr: &Array) -> Result<Array> {
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

/// STEP 4: Remaining NaN (at start) — fill with column median. Returns the medians and the
/// filled data.
pub fn fill_with_medians(data: &Array) -> Result<(Array, Array)> {
    let col_medians = nanmedian(data, 0)?;
    let nan_positions = data.isnan()?.nonzero()?;
    let fills = col_medians.take(&nan_positions[1], None)?;
    let mut filled = data.copy();
    filled.index_assign(idx![&nan_positions[0], &nan_positions[1]], &fills)?;
    Ok((col_medians, filled))
}

/// STEP 5: Normalize to [0, 1] per sensor.
pub fn normalize(data: &Array) -> Result<Array> {
    let col_min = data.min(0)?;
    let col_max = data.max(0)?;
    data.try_sub(&col_min)?
        .try_div(&col_max.try_sub(&col_min)?.try_add(1e-8)?)
}

/// STEP 5 as one lazy expression: the two column reductions and the elementwise tail in one
/// graph, evaluated by the JIT.
pub fn normalize_lazy(data: &Array) -> Result<Array> {
    let d = data.lazy();
    let (col_min, col_max) = (d.min(0), d.max(0));
    ((&d - &col_min) / (col_max - &col_min + 1e-8)).eval()
}

/// STEP 6: Compute rolling statistics — the seed's loop, one window mean per row, stacked.
pub fn rolling_mean_loop(normalized: &Array, window: usize) -> Result<Array> {
    let n = normalized.shape()[0];
    let rows = (0..n + 1 - window)
        .map(|i| {
            normalized
                .slice(s![i as isize..(i + window) as isize])?
                .mean(0)
        })
        .collect::<Result<Vec<_>>>()?;
    let rows: Vec<&Array> = rows.iter().collect();
    numfuse::stack(&rows, 0)
}

/// Vectorized version using stride tricks: `sliding_window_view(normalized, (window, n_sensors))`
/// is (n - window + 1, 1, window, n_sensors); the mean over each window's rows.
pub fn rolling_mean_fast(normalized: &Array, window: usize) -> Result<Array> {
    let n_sensors = normalized.shape()[1];
    let windows = normalized.sliding_window_view(&[window, n_sensors], None)?;
    windows.slice(s![.., 0])?.mean(1)
}

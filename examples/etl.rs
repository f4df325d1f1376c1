//! The seed's section 7, use case 1, "ETL Data Pipeline", in numfuse: sensor readings with
//! missing values and outliers are cleaned (sentinels to NaN, an IQR outlier filter from
//! `nanpercentile`), forward-filled with `searchsorted`, the remaining gaps filled with column
//! medians (`nanmedian`), normalised per sensor, and smoothed with a rolling mean, once as the
//! seed's loop and once through `sliding_window_view`.
//!
//! Run with `cargo run --release --example etl` (`--quick` is accepted for CI; the data is
//! small either way). The steps live in `examples/seed_lib/etl.rs`, which
//! `tests/seed_etl.rs` runs on NumPy's own raw data and compares step by step. The seed's `np.random` draws become a seeded generator, so the counts
//! differ from the seed's printout; every property the pipeline promises is asserted (no NaN
//! left, values in [0, 1], forward fill copies the previous valid reading, the fast rolling mean
//! equals the loop).
//!
//! One line of the seed does not run in NumPy either: `windows[0].mean(axis=(1, 2, 3))` names
//! axis 3 of a 3-d array, so NumPy raises `AxisError`; numfuse returns
//! `Error::AxisOutOfRange`, shown below, and the rolling mean it meant is
//! `windows[:, 0].mean(axis=1)`.

mod seed_lib {
    include!("seed_lib/etl.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::assert_allclose;
use seed_lib::*;
use std::time::Instant;

fn count(mask: &Array) -> Result<i64> {
    Ok(mask
        .count_nonzero(None)?
        .astype(DType::I64)
        .to_vec::<i64>()?[0])
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
    let data = missing_to_nan(&raw_data)?;
    assert_eq!(count(&data.isnan()?)?, n_missing);

    // STEP 2: Detect and remove outliers using IQR
    let Iqr {
        q1,
        q3,
        mask,
        clean,
    } = remove_outliers_iqr(&data, 3.0)?;
    let data = clean;
    let after_iqr = count(&data.isnan()?)?;
    println!("After outlier removal — NaN count: {after_iqr}");
    // NaN compares false, so the mask only marks real readings: the NaN count grows by it.
    assert_eq!(after_iqr, n_missing + count(&mask)?);
    assert!(count(&q1.less_equal(&q3)?)? == n_sensors as i64);
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
    let gaps = count(&filled.isnan()?)?;
    let (_col_medians, data) = fill_with_medians(&filled)?;
    println!("Leading gaps filled with column medians: {gaps}");

    // STEP 5: Normalize to [0, 1] per sensor
    let normalized = normalize(&data)?;
    // The same step as one lazy graph (two column reductions and the elementwise tail), timed
    // against the eager one; the first lazy call compiles, the second reuses the kernel.
    normalize_lazy(&data)?;
    let t0 = Instant::now();
    let eager = normalize(&data)?;
    let t_eager = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let lazy = normalize_lazy(&data)?;
    let t_lazy = t0.elapsed().as_secs_f64();
    assert_allclose(&lazy, &eager, 1e-15, 0.0);
    println!(
        "normalize: eager {:.1} us, lazy {:.1} us",
        t_eager * 1e6,
        t_lazy * 1e6
    );

    // STEP 6: Compute rolling statistics
    let window = 10;
    let rolling_mean = rolling_mean_loop(&normalized, window)?;
    // Vectorized version using stride tricks
    let windows = normalized.sliding_window_view(&[window, n_sensors], None)?;
    println!("windows shape: {:?}", windows.shape()); // (991, 1, 10, 10)
    match windows.slice(s![0])?.mean([1, 2, 3]) {
        Err(e) => println!("the seed's windows[0].mean(axis=(1, 2, 3)): {e}"),
        Ok(_) => unreachable!("axis 3 of a 3-d array"),
    }
    let rolling_mean_fast = rolling_mean_fast(&normalized, window)?;
    assert_allclose(&rolling_mean_fast, &rolling_mean, 1e-12, 0.0);
    println!("Final data shape: {:?}", normalized.shape());
    let no_nan = !normalized.isnan()?.any(None)?.to_vec::<bool>()?[0];
    println!("No remaining NaN: {no_nan}");
    let lo = normalized.min(None)?.to_vec::<f64>()?[0];
    let hi = normalized.max(None)?.to_vec::<f64>()?[0];
    println!("Range: [{lo:.4}, {hi:.4}]");
    assert!(no_nan && lo >= 0.0 && hi <= 1.0);
    Ok(())
}

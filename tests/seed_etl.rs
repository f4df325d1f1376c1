//! The seed's section 7, use case 1 (the ETL pipeline), as `examples/etl.rs` computes it, on
//! NumPy's own raw data, against NumPy running the seed's code step by step
//! (`scripts/seed_ref/etl.py`, data under `tests/data/seed/etl/`).
//!
//! Tolerances: STEP 1 to 4 only move or compare readings (sentinel to NaN, outlier to NaN,
//! copies for the forward fill, a median of an even count is the mean of two readings) and
//! the quartiles are linear interpolations NumPy and numfuse compute with the same formula, so
//! all of them must match exactly, NaN positions included. STEP 5 divides by `max - min + 1e-8`
//! the same way: exact too. The rolling means add ten values in an order that may differ:
//! rtol 1e-13.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/etl.rs");
}

use common::{assert_array_eq, load_npy};
use numfuse::prelude::*;
use numfuse::testing::assert_allclose;
use seed_lib::*;

fn expected(name: &str) -> Array {
    load_npy(&format!("seed/etl/{name}.npy"))
}

#[test]
fn cleaning_steps_match_numpy_exactly() {
    let data = missing_to_nan(&expected("raw")).unwrap();
    assert_array_eq(&data, &expected("data_nan"), "STEP 1");
    let iqr = remove_outliers_iqr(&data, 3.0).unwrap();
    assert_array_eq(&iqr.q1, &expected("q1"), "q1");
    assert_array_eq(&iqr.q3, &expected("q3"), "q3");
    assert_array_eq(&iqr.mask, &expected("outlier_mask"), "outlier mask");
    assert_array_eq(&iqr.clean, &expected("data_clean"), "STEP 2");
}

#[test]
fn forward_fill_and_median_fill_match_numpy_exactly() {
    let filled = forward_fill(&expected("data_clean")).unwrap();
    assert_array_eq(&filled, &expected("data_ffill"), "STEP 3");
    let (medians, data) = fill_with_medians(&expected("data_ffill")).unwrap();
    assert_array_eq(&medians, &expected("col_medians"), "medians");
    assert_array_eq(&data, &expected("data_filled"), "STEP 4");
}

#[test]
fn normalization_matches_numpy_eager_and_lazy() {
    let data = expected("data_filled");
    assert_array_eq(
        &normalize(&data).unwrap(),
        &expected("normalized"),
        "STEP 5",
    );
    assert_array_eq(
        &normalize_lazy(&data).unwrap(),
        &expected("normalized"),
        "STEP 5 (lazy)",
    );
}

#[test]
fn rolling_means_match_numpy() {
    let normalized = expected("normalized");
    let want = expected("rolling_mean");
    let slow = rolling_mean_loop(&normalized, 10).unwrap();
    assert_eq!(slow.shape(), want.shape());
    assert_allclose(&slow, &want, 1e-13, 0.0);
    let fast = rolling_mean_fast(&normalized, 10).unwrap();
    assert_eq!(fast.shape(), want.shape());
    assert_allclose(&fast, &expected("rolling_fast"), 1e-13, 0.0);
}

#[test]
fn the_seeds_axis_typo_is_an_error_as_in_numpy() {
    // `windows[0].mean(axis=(1, 2, 3))` on a 3-d array: NumPy raises AxisError.
    let windows = expected("normalized")
        .sliding_window_view(&[10, 10], None)
        .unwrap();
    let err = windows.slice(s![0]).unwrap().mean([1, 2, 3]).unwrap_err();
    assert!(matches!(err, Error::AxisOutOfRange { .. }), "{err}");
}

#[test]
fn pipeline_end_to_end_matches_numpy() {
    // The whole pipeline from the raw readings, as the example chains it.
    let data = missing_to_nan(&expected("raw")).unwrap();
    let data = remove_outliers_iqr(&data, 3.0).unwrap().clean;
    let data = forward_fill(&data).unwrap();
    let (_, data) = fill_with_medians(&data).unwrap();
    let normalized = normalize(&data).unwrap();
    assert_array_eq(&normalized, &expected("normalized"), "normalized");
    assert!(
        !normalized
            .isnan()
            .unwrap()
            .any(None)
            .unwrap()
            .to_vec::<bool>()
            .unwrap()[0]
    );
}

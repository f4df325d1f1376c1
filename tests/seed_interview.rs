//! The seed's section 15 (interview questions), the computed answers as `examples/interview.rs`
//! gives them, against NumPy running the same code (`scripts/seed_ref/interview.py`, inputs and
//! outputs under `tests/data/seed/interview/`).
//!
//! Exact (dtype, shape, values): Q2, Q3, Q6, Q8 (int64 products), Q9 (bool flags), Q18 (int64
//! indices; the values have no ties, so the order is determined), Q19 (parsed decimals are
//! correctly rounded on both sides; NaN matches NaN).
//! Within a tolerance, each stated where it is checked: Q10 (a 5-term mean, rtol 1e-15), Q11
//! (LU and inverse, rtol 1e-13 on a well-conditioned 5x5), Q16 and Q20 (a mean, a variance and
//! a square root per row/column, rtol 1e-13), Q17 (a Gram matrix whose diagonal cancels:
//! rtol 1e-12 with atol 1e-7 for the near-zero diagonal, where both sides hold sqrt of rounding
//! noise).

mod common;

mod seed_lib {
    include!("../examples/seed_lib/interview.rs");
}

use common::{assert_array_eq, assert_close_to, data_path, load_npy};
use numfuse::prelude::*;
use seed_lib::{
    batch_norm, batch_norm_lazy, q2_reshape, q3_mixed, q6_strides, q8_products, q9_ravel_flags,
    q10_window_means, q11_solve_vs_inv, q16_normalize_rows, q17_pairwise, q17_pairwise_lazy,
    q18_top5, q19_numeric_columns, residual,
};

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/interview/{name}.npy"))
}

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64, atol: f64) {
    assert_close_to(got, &npy(name), name, rtol, atol);
}

#[test]
fn q2_q3_q6_match_numpy_exactly() {
    assert_array_eq(&q2_reshape().unwrap(), &npy("q2"), "Q2");
    assert_array_eq(&q3_mixed().unwrap(), &npy("q3"), "Q3");
    assert_array_eq(&q6_strides().unwrap(), &npy("q6"), "Q6");
}

#[test]
fn q8_products_match_numpy_exactly() {
    let [dot1, dot2, inner1, inner2, outer] =
        q8_products(&npy("q8_a"), &npy("q8_b"), &npy("q8_m"), &npy("q8_n")).unwrap();
    assert_array_eq(&dot1, &npy("q8_dot1"), "dot 1-D");
    assert_array_eq(&dot2, &npy("q8_dot2"), "dot 2-D");
    assert_array_eq(&inner1, &npy("q8_inner1"), "inner 1-D");
    assert_array_eq(&inner2, &npy("q8_inner2"), "inner 2-D");
    assert_array_eq(&outer, &npy("q8_outer"), "outer");
}

#[test]
fn q9_ravel_view_or_copy_matches_numpy() {
    assert_array_eq(&q9_ravel_flags().unwrap(), &npy("q9"), "Q9");
}

#[test]
fn q10_window_means_match_numpy() {
    // Five-term sums; NumPy's pairwise sum and ours may round differently in the last bit.
    assert_close(
        &q10_window_means(&npy("q10_arr"), 5).unwrap(),
        "q10",
        1e-15,
        1e-16,
    );
}

#[test]
fn q11_solve_and_inverse_match_numpy() {
    let (a, b) = (npy("q11_a"), npy("q11_b"));
    let (x, y) = q11_solve_vs_inv(&a, &b).unwrap();
    // Different LU kernels (faer vs LAPACK) pivot alike but round differently: a few ulps times
    // cond(A) (~3 here).
    assert_close(&x, "q11_solve", 1e-13, 0.0);
    assert_close(&y, "q11_inv", 1e-13, 0.0);
    assert!(residual(&a, &x, &b).unwrap() < 1e-14);
}

#[test]
fn q16_row_normalisation_matches_numpy() {
    let got = q16_normalize_rows(&npy("q16_in")).unwrap();
    assert_close(&got, "q16", 1e-13, 1e-15);
}

#[test]
fn q17_pairwise_distances_match_numpy_eager_and_lazy() {
    let x = npy("q17_x");
    assert_close(&q17_pairwise(&x).unwrap(), "q17", 1e-12, 1e-7);
    assert_close(&q17_pairwise_lazy(&x).eval().unwrap(), "q17", 1e-12, 1e-7);
}

#[test]
fn q18_top5_indices_match_numpy() {
    assert_array_eq(&q18_top5(&npy("q18_in")).unwrap(), &npy("q18"), "Q18");
}

#[test]
fn q19_genfromtxt_matches_numpy() {
    let csv = std::fs::read_to_string(data_path("seed/interview/q19.csv")).unwrap();
    let got = q19_numeric_columns(&csv).unwrap();
    let want = npy("q19");
    assert_eq!(got.dtype(), want.dtype());
    assert_eq!(got.shape(), want.shape());
    numfuse::testing::assert_array_equal(&got, &want); // exact, NaN matching NaN
    // The file itself reads the same as the string.
    let opts = numfuse::io::TextOptions::new()
        .delimiter(',')
        .skip_header(1)
        .usecols(&[1, 2, 4])
        .filling_values(f64::NAN);
    let from_file = numfuse::io::genfromtxt(data_path("seed/interview/q19.csv"), &opts).unwrap();
    numfuse::testing::assert_array_equal(&from_file, &want);
}

#[test]
fn q20_batch_norm_matches_numpy_eager_and_lazy() {
    let (x, gamma, beta) = (npy("q20_x"), npy("q20_gamma"), npy("q20_beta"));
    assert_close(
        &batch_norm(&x, &gamma, &beta, 1e-5).unwrap(),
        "q20",
        1e-13,
        1e-15,
    );
    let lazy = batch_norm_lazy(&x, &gamma, &beta, 1e-5).eval().unwrap();
    assert_close(&lazy, "q20", 1e-13, 1e-15);
}

#[test]
fn q4_read_only_arrays_refuse_writes() {
    // `Array::set_writeable` (added for this section): NumPy's `flags.writeable = False`.
    let mut a = npy("q2");
    let shared = a.clone();
    a.set_writeable(false).unwrap();
    assert!(!a.flags().writeable);
    assert!(matches!(
        a.set(&[0, 0], 5).unwrap_err(),
        Error::ReadOnly { .. }
    ));
    assert!(a.slice_mut(s![0]).is_err());
    assert!(!a.clone().flags().writeable && !a.t().flags().writeable);
    let err = a.set_writeable(true).unwrap_err();
    assert_eq!(
        err.to_string(),
        "set_writeable: cannot set WRITEABLE flag to True of this array"
    );
    // Another value sharing the buffer stays writeable, and its write does not reach `a`.
    let mut shared = shared;
    shared.set(&[0, 0], 5).unwrap();
    assert_array_eq(&a, &npy("q2"), "read-only array unchanged");
    // Setting it to what it already is never fails.
    a.set_writeable(false).unwrap();
    shared.set_writeable(true).unwrap();
}

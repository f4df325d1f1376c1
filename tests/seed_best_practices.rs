//! The seed's section 13 (best practices), as `examples/best_practices.rs` computes it, against
//! NumPy running the seed's own functions (`scripts/seed_ref/best_practices.py`, inputs and
//! outputs under `tests/data/seed/best_practices/`).
//!
//! Tolerances: `matrix_multiply` (four products summed) and `safe_normalize` (a norm and a
//! division) get rtol 1e-14, a few ulps for a summation order or an `hypot`-style norm that may
//! differ from NumPy's. Attention chains a matmul, `exp`, a sum and a second matmul, each with a
//! last-bit difference possible (libm `exp` vs NumPy's SIMD `exp`), so rtol 1e-13 for the eager
//! and lazy forms. The masked positions hold exactly 0 weight on both sides (`exp(-1e9 - max)`
//! underflows to 0). `log` is elementwise: -inf, 0 and NaN exactly, `log 2` within 1 ulp.
//! `min`/`max` are integers: exact.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/best_practices.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
use numfuse::prelude::*;
use seed_lib::{
    attention_scores, attention_scores_lazy, matrix_multiply, quiet_log, safe_normalize,
};

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/best_practices/{name}.npy"))
}

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64) {
    assert_close_to(got, &npy(name), name, rtol, 0.0);
}

#[test]
fn matrix_multiply_matches_numpy_and_names_bad_shapes() {
    let (a, b) = (npy("mm_a"), npy("mm_b"));
    assert_close(&matrix_multiply(&a, &b).unwrap(), "mm_out", 1e-14);
    let err = matrix_multiply(&a, &a).unwrap_err();
    assert!(matches!(err, Error::Shape { .. }));
    assert_eq!(
        err.to_string(),
        "matrix_multiply: Shape mismatch: (3, 4) vs (3, 4)"
    );
    let err = matrix_multiply(&a, &Array::zeros(&[4], DType::F64)).unwrap_err();
    assert_eq!(err.to_string(), "matrix_multiply: B must be 2D, got 1D");
}

#[test]
fn safe_normalize_matches_numpy_and_counts_zero_norms() {
    let x = npy("norm_in");
    let axis0 = safe_normalize(&x, 0).unwrap();
    assert_eq!(axis0.zero_norms, 1, "column 2 is all zeros");
    assert_close(&axis0.normalized, "norm_axis0", 1e-14);
    assert!(
        axis0
            .normalized
            .slice(s![.., 2])
            .unwrap()
            .isnan()
            .unwrap()
            .all(None)
            .unwrap()
            .get(&[])
            .unwrap()
            .to_f64()
            == 1.0
    );
    let axis1 = safe_normalize(&x, 1).unwrap();
    assert_eq!(axis1.zero_norms, 0);
    assert_close(&axis1.normalized, "norm_axis1", 1e-14);
    // Integer input is converted to float64 first, as `np.asarray(arr, dtype=np.float64)`.
    let ints = safe_normalize(&array![3i64, 4], 0).unwrap().normalized;
    assert_eq!(ints.dtype(), DType::F64);
    assert_eq!(ints.to_vec::<f64>().unwrap(), vec![0.6, 0.8]);
}

#[test]
fn attention_matches_numpy_eager_and_lazy() {
    let (q, k, v, mask) = (npy("q"), npy("k"), npy("v"), npy("mask"));
    assert_eq!(mask.dtype(), DType::Bool);
    let eager = attention_scores(&q, &k, &v, Some(&mask)).unwrap();
    assert_close(&eager, "attn", 1e-13);
    let lazy = attention_scores_lazy(&q, &k, &v, Some(&mask))
        .eval()
        .unwrap();
    assert_close(&lazy, "attn", 1e-13);
    let open = attention_scores(&q, &k, &v, None).unwrap();
    assert_close(&open, "attn_nomask", 1e-13);
    let open_lazy = attention_scores_lazy(&q, &k, &v, None).eval().unwrap();
    assert_close(&open_lazy, "attn_nomask", 1e-13);
    // The mask matters: masked and unmasked differ except in the first query row.
    assert!(!numfuse::testing::allclose(&eager, &open, 1e-6, 0.0, false).unwrap());
}

#[test]
fn errstate_log_matches_numpy() {
    let input = npy("log_in");
    assert_eq!(input.dtype(), DType::I64);
    let got = quiet_log(&input).unwrap();
    assert_close(&got, "log_out", 2.3e-16);
    let (g, w) = (
        got.to_vec::<f64>().unwrap(),
        npy("log_out").to_vec::<f64>().unwrap(),
    );
    assert_eq!(g[0], w[0]); // -inf
    assert_eq!(g[1], w[1]); // 0
    assert!(g[3].is_nan() && w[3].is_nan());
}

#[test]
fn min_max_methods_match_numpy() {
    let arr = array![3i64, 1, 4, 1, 5, 9];
    let (lo, hi) = (arr.min(None).unwrap(), arr.max(None).unwrap());
    assert_eq!(lo.dtype(), DType::I64);
    let got = Array::from_vec(
        vec![
            lo.to_vec::<i64>().unwrap()[0],
            hi.to_vec::<i64>().unwrap()[0],
        ],
        &[2],
    )
    .unwrap();
    assert_array_eq(&got, &npy("minmax"), "minmax");
}

#[test]
fn float32_zeros_take_half_the_bytes() {
    let a = Array::zeros(&[10000, 512], DType::F32);
    assert_eq!(a.nbytes(), 10000 * 512 * 4);
    assert_eq!(a.astype(DType::F64).nbytes(), 2 * a.nbytes());
}

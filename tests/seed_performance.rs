//! The seed's section 4 (performance tips and `my_function`), as `examples/performance.rs`
//! computes it eagerly and lazily, against NumPy running the seed's own code
//! (`scripts/seed_ref/performance.py`, inputs and outputs under `tests/data/seed/performance/`).
//!
//! Tolerances, and why:
//! - Exact (bit for bit, with dtype and shape): `np.clip`, `np.maximum` (comparisons, no
//!   rounding), `arr * 5` (one correctly rounded multiply), `(arr * 2) + (arr * 3)` eagerly and
//!   with `out=` (each operation correctly rounded, in the same order), the lazy `a*2 + a*3`
//!   against NumPy's `arr * 5` (the engine rewrites it to `a*5`) and, under
//!   `FloatPolicy::Strict`, against NumPy's `(arr * 2) + (arr * 3)`.
//! - `a*2 + a*3` vs `a*5` themselves: rtol 2·eps. `fl(2a + fl(3a))` rounds twice and `fl(5a)`
//!   once; they differ by at most about 1.3 ulps relative (NumPy: 561 of 2000 elements differ).
//! - Sums: NumPy adds pairwise in blocks of 8, numfuse in its own order, so the last bits may
//!   differ. Sums of n positive terms (TIP 1, `my_function`, TIP 6 is a mean of n terms of
//!   either sign) are compared with rtol 1e-13 in float64 (n <= 1000: the error bound n·eps/2
//!   is 1.1e-13 and far from reached) and 1e-5 in float32 (n·eps32/2 = 6e-5 worst case, typical
//!   sqrt(n)·eps32 = 4e-6). Sums of terms of either sign (TIP 3) can cancel, so they get an
//!   absolute tolerance too: 1e-13 (n·eps·max|x| with n = 50 and |x| < 5 is 5.5e-14).
//! - matmul/einsum: dot products of 40 (TIP 4) or 6 then 8 (TIP 5) terms summed in a different
//!   order: rtol 1e-12 with atol 1e-13.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/performance.rs");
}

use common::{assert_array_eq, load_npy};
use numfuse::ir::FloatPolicy;
use numfuse::prelude::*;
use numfuse::testing::assert_allclose;
use seed_lib::*;

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/performance/{name}.npy"))
}

fn jit() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

fn eager_opts() -> EvalOptions {
    EvalOptions {
        backend: Backend::Eager,
        ..EvalOptions::default()
    }
}

/// Same dtype and shape as NumPy's, elements within `rtol`/`atol`.
fn assert_close(got: &Array, name: &str, rtol: f64, atol: f64) {
    let want = npy(name);
    assert_eq!(got.dtype(), want.dtype(), "{name}: dtype");
    assert_eq!(got.shape(), want.shape(), "{name}: shape");
    assert_allclose(got, &want, rtol, atol);
}

#[test]
fn tip1_sum_of_squares_in_each_dtype() {
    let (x, x32) = (npy("x"), npy("x32"));
    assert_eq!(x32.dtype(), DType::F32);
    assert_close(&sum_of_squares(&x).unwrap(), "sum_sq64", 1e-13, 0.0);
    assert_close(&sum_of_squares(&x32).unwrap(), "sum_sq32", 1e-5, 0.0);
    for opts in [jit(), eager_opts()] {
        let lazy64 = sum_of_squares_lazy(&x).eval_with(&opts).unwrap();
        assert_close(&lazy64, "sum_sq64", 1e-13, 0.0);
        let lazy32 = sum_of_squares_lazy(&x32).eval_with(&opts).unwrap();
        assert_close(&lazy32, "sum_sq32", 1e-5, 0.0);
    }
}

#[test]
fn tip2_temporaries_out_and_times5_are_exact() {
    let arr = npy("arr");
    let bad = times2_plus_times3(&arr).unwrap();
    assert_array_eq(&bad, &npy("times2_plus_times3"), "(arr*2)+(arr*3)");
    let out = times2_plus_times3_out(&arr).unwrap();
    assert_array_eq(&out, &npy("out_version"), "out= version");
    assert_array_eq(&times5(&arr).unwrap(), &npy("times5"), "arr*5");
    // The two formulas are not the same in floating point: NumPy's own results differ in some
    // elements, by about an ulp.
    let (b, f) = (npy("times2_plus_times3"), npy("times5"));
    let differ = b.to_vec::<f64>().unwrap() != f.to_vec::<f64>().unwrap();
    assert!(differ, "a*2 + a*3 and a*5 should differ somewhere");
    assert_allclose(&b, &f, 2.0 * f64::EPSILON, 0.0);
}

#[test]
fn tip2_lazy_engine_collects_like_terms() {
    let arr = npy("arr");
    let expr = times2_plus_times3_lazy(&arr);
    let text = expr.explain().unwrap();
    assert!(text.contains("like_terms"), "{text}");
    assert!(text.contains("-- kernels: 1 --"), "{text}");
    // The default (Algebraic) policy evaluates a*5: NumPy's `arr * 5`, bit for bit.
    for opts in [jit(), eager_opts()] {
        let got = expr.eval_with(&opts).unwrap();
        assert_array_eq(&got, &npy("times5"), "lazy a*2 + a*3 (algebraic)");
        let mut into = Array::empty_like(&arr);
        expr.eval_into_with(&mut into, &opts).unwrap();
        assert_array_eq(&into, &npy("times5"), "lazy a*2 + a*3 into out");
    }
    // Strict makes only bit-identical rewrites: NumPy's `(arr * 2) + (arr * 3)`, bit for bit.
    for backend in [Backend::Jit, Backend::Eager] {
        let strict = EvalOptions {
            policy: FloatPolicy::Strict,
            backend,
            ..EvalOptions::default()
        };
        let text = expr.explain_with(&strict).unwrap();
        assert!(!text.contains("like_terms"), "{text}");
        let got = expr.eval_with(&strict).unwrap();
        assert_array_eq(&got, &npy("times2_plus_times3"), "lazy a*2 + a*3 (strict)");
    }
}

#[test]
fn tip3_sums_in_c_and_f_order() {
    let arr = npy("arr");
    let arr_f = npy("arr_f");
    assert!(arr_f.is_f_contiguous() && !arr_f.is_c_contiguous());
    let ours_f = arr.asfortranarray();
    assert!(ours_f.is_f_contiguous() && !ours_f.is_c_contiguous());
    assert_array_eq(&ours_f, &arr_f, "asfortranarray");
    for (a, suffix) in [(&arr, "c"), (&arr_f, "f"), (&ours_f, "f")] {
        let (col, row) = col_row_sums(a).unwrap();
        assert_close(&col, &format!("col_sums_{suffix}"), 1e-12, 1e-13);
        assert_close(&row, &format!("row_sums_{suffix}"), 1e-12, 1e-13);
        for opts in [jit(), eager_opts()] {
            let (col, row) = col_row_sums_lazy(a);
            let col = col.eval_with(&opts).unwrap();
            assert_close(&col, &format!("col_sums_{suffix}"), 1e-12, 1e-13);
            let row = row.eval_with(&opts).unwrap();
            assert_close(&row, &format!("row_sums_{suffix}"), 1e-12, 1e-13);
        }
    }
}

#[test]
fn tip4_matmul_and_einsum() {
    let (a, b) = (npy("A"), npy("B"));
    assert_close(&matmul(&a, &b).unwrap(), "matmul", 1e-12, 1e-13);
    assert_close(&einsum_ij_jk(&a, &b).unwrap(), "einsum", 1e-12, 1e-13);
    for opts in [jit(), eager_opts()] {
        let got = matmul_lazy(&a, &b).eval_with(&opts).unwrap();
        assert_close(&got, "matmul", 1e-12, 1e-13);
        let got = einsum_ij_jk_lazy(&a, &b).eval_with(&opts).unwrap();
        assert_close(&got, "einsum", 1e-12, 1e-13);
    }
}

#[test]
fn tip5_einsum_with_and_without_optimize() {
    let (a, b, c) = (npy("A5"), npy("B5"), npy("C5"));
    let (plain, optimal) = einsum_chain(&a, &b, &c).unwrap();
    assert_close(&plain, "einsum_plain", 1e-12, 1e-13);
    assert_close(&optimal, "einsum_optimal", 1e-12, 1e-13);
    for opts in [jit(), eager_opts()] {
        let got = einsum_chain_lazy(&a, &b, &c).eval_with(&opts).unwrap();
        assert_close(&got, "einsum_optimal", 1e-12, 1e-13);
    }
}

#[test]
fn tip6_three_ways_to_collect_means() {
    let draws = npy("draws");
    let n = draws.shape()[0];
    let row = |i: usize| draws.index(idx![i as isize]);
    let bad = means_append(n, row).unwrap();
    let good = means_preallocated(n, row).unwrap();
    // The two loops compute the same row means: identical to each other.
    assert_array_eq(&good, &bad, "append vs pre-allocated");
    // Means of 50 terms of either sign: rtol 1e-13 plus a small atol for cancellation.
    assert_close(&bad, "means_bad", 1e-13, 1e-15);
    assert_close(&good, "means_good", 1e-13, 1e-15);
    assert_close(&means_vectorized(&draws).unwrap(), "means_best", 1e-13, 1e-15);
    for opts in [jit(), eager_opts()] {
        let got = means_vectorized_lazy(&draws).eval_with(&opts).unwrap();
        assert_close(&got, "means_best", 1e-13, 1e-15);
    }
}

#[test]
fn tip7_clip_and_maximum_are_exact() {
    let arr = npy("clip_in");
    assert_array_eq(&clip01(&arr).unwrap(), &npy("clip"), "clip");
    assert_array_eq(&relu(&arr).unwrap(), &npy("maximum"), "maximum");
    for opts in [jit(), eager_opts()] {
        let got = clip01_lazy(&arr).eval_with(&opts).unwrap();
        assert_array_eq(&got, &npy("clip"), "lazy clip");
        let got = relu_lazy(&arr).eval_with(&opts).unwrap();
        assert_array_eq(&got, &npy("maximum"), "lazy maximum");
    }
}

#[test]
fn my_function_loop_vectorized_and_lazy() {
    let arr = npy("prof_in");
    // 20 positive terms per row: rtol 1e-13 (bound 20·eps/2 = 2.2e-15, in any order).
    assert_close(&my_function(&arr).unwrap(), "my_function", 1e-13, 0.0);
    let vectorized = my_function_vectorized(&arr).unwrap();
    assert_close(&vectorized, "my_function_vec", 1e-13, 0.0);
    for opts in [jit(), eager_opts()] {
        let got = my_function_lazy(&arr).eval_with(&opts).unwrap();
        assert_close(&got, "my_function_vec", 1e-13, 0.0);
    }
    // explain_analyze profiles the lazy version: one fused kernel, with its time.
    let text = my_function_lazy(&arr).explain_analyze_with(&jit()).unwrap();
    assert!(text.contains("-- kernels: 1 --"), "{text}");
}

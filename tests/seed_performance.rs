//! The seed's section 4 (performance tips and `my_function`), as `examples/performance.rs`
//! computes it eagerly and lazily, against NumPy running the seed's own code
//! (`scripts/seed_ref/performance.py`, inputs and outputs under `tests/data/seed/performance/`).
//! Every lazy expression is evaluated twice: by the JIT and by `Backend::Eager` (the optimized
//! graph run node by node with the eager library).
//!
//! Tolerances, and why:
//! - Exact (bit for bit, with dtype and shape): `np.clip`, `np.maximum` (comparisons, no
//!   rounding), `arr * 5` (one correctly rounded multiply), `(arr * 2) + (arr * 3)` eagerly and
//!   with `out=` (each operation correctly rounded, in the same order), the lazy `a*2 + a*3`
//!   against NumPy's `arr * 5` (the engine rewrites it to `a*5`) and, under
//!   `FloatPolicy::Strict`, against NumPy's `(arr * 2) + (arr * 3)`.
//! - `a*2 + a*3` vs `a*5` themselves: rtol 2·eps. `fl(2a + fl(3a))` rounds twice and `fl(5a)`
//!   once; they differ by at most about 1.3 ulps relative (NumPy: 561 of 2000 elements differ,
//!   by at most 1 eps relative).
//! - Sums and means, eagerly (the library, and `Backend::Eager`): exact. numfuse's eager float
//!   sums are NumPy's pairwise summation over the runs NumPy's iterator forms, bit for bit
//!   (`src/ops/reduce/mod.rs`), in both memory orders.
//! - Sums and means by the JIT: its reductions add in their own order (vector lanes, several
//!   accumulators, threads), so the last bits differ. Float64: rtol 1e-13 plus, for sums of
//!   terms of either sign that can cancel (TIP 3, TIP 6), atol 1e-14 (observed: at most 38 eps
//!   = 8.5e-15 relative, 6.2e-15 absolute, on 50-term sums). Float32 (TIP 1, 1000 positive
//!   terms): rtol 1e-5 (worst-case bound n·eps32/2 = 6e-5; observed 2.5e-7).
//! - matmul / einsum: NumPy's `@` calls BLAS and its unplanned 3-operand `einsum` runs one C
//!   loop, so the order of the 40-term (TIP 4) and 6x8-term (TIP 5) dot products is theirs:
//!   rtol 1e-12 with atol 1e-13 for results near 0 (observed: at most 7.4e-14 relative, TIP 5).

mod common;

mod seed_lib {
    include!("../examples/seed_lib/performance.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
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

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64, atol: f64) {
    assert_close_to(got, &npy(name), name, rtol, atol);
}

#[test]
fn tip1_sum_of_squares_in_each_dtype() {
    let (x, x32) = (npy("x"), npy("x32"));
    assert_eq!(x32.dtype(), DType::F32);
    assert_array_eq(&sum_of_squares(&x).unwrap(), &npy("sum_sq64"), "sum f64");
    assert_array_eq(&sum_of_squares(&x32).unwrap(), &npy("sum_sq32"), "sum f32");
    let lazy64 = sum_of_squares_lazy(&x);
    let lazy32 = sum_of_squares_lazy(&x32);
    assert_close(&lazy64.eval_with(&jit()).unwrap(), "sum_sq64", 1e-13, 0.0);
    assert_close(&lazy32.eval_with(&jit()).unwrap(), "sum_sq32", 1e-5, 0.0);
    let eager64 = lazy64.eval_with(&eager_opts()).unwrap();
    assert_array_eq(&eager64, &npy("sum_sq64"), "lazy sum f64 (eager backend)");
    let eager32 = lazy32.eval_with(&eager_opts()).unwrap();
    assert_array_eq(&eager32, &npy("sum_sq32"), "lazy sum f32 (eager backend)");
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
        let (col_name, row_name) = (format!("col_sums_{suffix}"), format!("row_sums_{suffix}"));
        let (col, row) = col_row_sums(a).unwrap();
        assert_array_eq(&col, &npy(&col_name), &col_name);
        assert_array_eq(&row, &npy(&row_name), &row_name);
        let (col, row) = col_row_sums_lazy(a);
        assert_close(&col.eval_with(&jit()).unwrap(), &col_name, 1e-13, 1e-14);
        assert_close(&row.eval_with(&jit()).unwrap(), &row_name, 1e-13, 1e-14);
        let (col, row) = (col.eval_with(&eager_opts()), row.eval_with(&eager_opts()));
        assert_array_eq(&col.unwrap(), &npy(&col_name), &col_name);
        assert_array_eq(&row.unwrap(), &npy(&row_name), &row_name);
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
    assert_array_eq(&bad, &npy("means_bad"), "means_bad");
    assert_array_eq(&good, &npy("means_good"), "means_good");
    let best = means_vectorized(&draws).unwrap();
    assert_array_eq(&best, &npy("means_best"), "means_best");
    let lazy = means_vectorized_lazy(&draws);
    assert_close(&lazy.eval_with(&jit()).unwrap(), "means_best", 1e-13, 1e-14);
    let eager = lazy.eval_with(&eager_opts()).unwrap();
    assert_array_eq(&eager, &npy("means_best"), "lazy means (eager backend)");
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
    let looped = my_function(&arr).unwrap();
    assert_array_eq(&looped, &npy("my_function"), "my_function");
    let vectorized = my_function_vectorized(&arr).unwrap();
    assert_array_eq(
        &vectorized,
        &npy("my_function_vec"),
        "my_function vectorized",
    );
    let lazy = my_function_lazy(&arr);
    // 20 positive terms per row in the JIT's order: rtol 1e-13 (bound 20·eps/2 = 2.2e-15).
    assert_close(
        &lazy.eval_with(&jit()).unwrap(),
        "my_function_vec",
        1e-13,
        0.0,
    );
    let eager = lazy.eval_with(&eager_opts()).unwrap();
    assert_array_eq(
        &eager,
        &npy("my_function_vec"),
        "lazy my_function (eager backend)",
    );
    // explain_analyze profiles the lazy version: one fused kernel, with its time.
    let text = my_function_lazy(&arr).explain_analyze_with(&jit()).unwrap();
    assert!(text.contains("-- kernels: 1 --"), "{text}");
}

//! The seed's section 3 (vectorization), as `examples/vectorization.rs` computes it eagerly and
//! lazily, against NumPy running the seed's own functions on the same inputs
//! (`scripts/seed_ref/vectorization.py`, data under `tests/data/seed/vectorization/`).
//!
//! Tolerances: leaky ReLU is one comparison and at most one multiplication per element, and
//! the one-hot table is integer, so both must match exactly. The distance loop and the
//! broadcasting form sum ten squares per pair; the order of those additions may differ from
//! NumPy's pairwise summation, so 1e-14 relative. The Gram form subtracts nearly equal numbers on
//! the diagonal (NumPy's own result there is ~1e-7 instead of 0), so it gets rtol 1e-12 with an
//! absolute 1e-6 for those cancelled entries. Softmax goes through `exp`, whose last bit may
//! differ from NumPy's loop: 1e-14.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/vectorization.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
use numfuse::prelude::*;
use numfuse::testing::assert_allclose;
use seed_lib::*;

fn expected(name: &str) -> Array {
    load_npy(&format!("seed/vectorization/{name}.npy"))
}

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64, atol: f64) {
    assert_close_to(got, &expected(name), name, rtol, atol);
}

#[test]
fn distance_matrices_match_numpy() {
    let x = expected("x");
    assert_close(&pairwise_distance_loop(&x).unwrap(), "d_loop", 1e-14, 0.0);
    assert_close(
        &pairwise_distance_vectorized(&x).unwrap(),
        "d_vec",
        1e-14,
        0.0,
    );
    assert_close(&pairwise_distance_lazy(&x).unwrap(), "d_vec", 1e-14, 0.0);
    assert_close(
        &pairwise_distance_einsum(&x).unwrap(),
        "d_einsum",
        1e-12,
        1e-6,
    );
    assert_close(
        &pairwise_distance_gram_lazy(&x).unwrap(),
        "d_einsum",
        1e-12,
        1e-6,
    );
}

#[test]
fn distance_matrix_of_a_strided_view() {
    // The lazy form reads its input through any layout: every other row, columns reversed.
    let x = expected("x");
    let view = x.slice(s![..;2, ..;-1]).unwrap();
    let eager = pairwise_distance_vectorized(&view).unwrap();
    assert_allclose(&pairwise_distance_lazy(&view).unwrap(), &eager, 1e-14, 0.0);
    assert_allclose(&pairwise_distance_loop(&view).unwrap(), &eager, 1e-14, 0.0);
}

#[test]
fn leaky_relu_matches_numpy_exactly() {
    let arr = expected("arr");
    assert_array_eq(
        &leaky_relu_loop(&arr).unwrap(),
        &expected("leaky_loop"),
        "loop",
    );
    assert_array_eq(
        &leaky_relu_where(&arr).unwrap(),
        &expected("leaky_where"),
        "where",
    );
    assert_array_eq(
        &leaky_relu_arith(&arr).unwrap(),
        &expected("leaky_arith"),
        "arith",
    );
    assert_array_eq(
        &leaky_relu_lazy(&arr).unwrap(),
        &expected("leaky_where"),
        "lazy",
    );
}

#[test]
fn softmax_matches_numpy() {
    let logits = expected("logits");
    let probs = softmax(&logits).unwrap();
    assert_close(&probs, "probs", 1e-14, 0.0);
    assert_close(&softmax_lazy(&logits).unwrap(), "probs", 1e-14, 0.0);
    assert_close(&probs.sum(1).unwrap(), "probs_sum", 1e-15, 0.0);
}

#[test]
fn one_hot_matches_numpy_exactly() {
    let labels = expected("labels");
    let want = expected("one_hot");
    assert_array_eq(&one_hot(&labels, 4).unwrap(), &want, "one_hot");
    assert_array_eq(&one_hot_broadcast(&labels, 4).unwrap(), &want, "broadcast");
    // A label outside the table is an error naming it, as NumPy's IndexError.
    let bad = array![0i64, 4];
    assert!(one_hot(&bad, 4).is_err());
}

//! The seed's section 7, use case 2 (bag of words, TF-IDF, cosine similarity), as
//! `examples/text_tfidf.rs` computes it, against NumPy running the seed's own code
//! (`scripts/seed_ref/text_tfidf.py`, outputs under `tests/data/seed/text_tfidf/`).
//!
//! The counts (`bow`, `df`) and `tf` (one float32 division of exact small integers, the same
//! IEEE operation in both) must match exactly; so must the printed `np.round(similarity, 3)`.
//! `idf` goes through `log`, whose last bit may differ between libm and NumPy's loops, so it
//! is compared with rtol 1e-15 (a few ulps); `tfidf`, the norms and the `@` product add up to
//! ten terms in an order that may differ, so those get rtol 1e-13.

mod common;

mod seed_lib {
    include!("../examples/seed_lib/text_tfidf.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
use numfuse::prelude::*;
use seed_lib::{TfIdf, bow_add_at, bow_loop, cosine_similarity_matrix, tf_idf, vocabulary};

const DOCUMENTS: [&[&str]; 3] = [
    &["the", "cat", "sat", "on", "the", "mat"],
    &["the", "dog", "sat", "on", "the", "log"],
    &["cat", "and", "dog", "are", "friends"],
];

fn expected(name: &str) -> Array {
    load_npy(&format!("seed/text_tfidf/{name}.npy"))
}

/// Same dtype and shape as NumPy's result `name`, elements within the tolerances.
fn assert_close(got: &Array, name: &str, rtol: f64) {
    assert_close_to(got, &expected(name), name, rtol, 0.0);
}

#[test]
fn vocabulary_is_sorted_and_indexed() {
    let (vocab, word2idx) = vocabulary(&DOCUMENTS);
    let want = [
        "and", "are", "cat", "dog", "friends", "log", "mat", "on", "sat", "the",
    ];
    assert_eq!(vocab, want);
    for (i, w) in vocab.iter().enumerate() {
        assert_eq!(word2idx[w], i as isize);
    }
}

#[test]
fn bow_matrix_matches_numpy_both_ways() {
    let (_, word2idx) = vocabulary(&DOCUMENTS);
    let bow = bow_loop(&DOCUMENTS, &word2idx).unwrap();
    assert_array_eq(&bow, &expected("bow"), "bow (loop)");
    let vectorised = bow_add_at(&DOCUMENTS, &word2idx).unwrap();
    assert_array_eq(&vectorised, &expected("bow"), "bow (add.at)");
}

#[test]
fn tf_idf_steps_match_numpy() {
    let TfIdf { tf, df, idf, tfidf } = tf_idf(&expected("bow")).unwrap();
    assert_array_eq(&tf, &expected("tf"), "tf");
    assert_array_eq(&df, &expected("df"), "df");
    assert_close(&idf, "idf", 1e-15);
    assert_close(&tfidf, "tfidf", 1e-13);
}

#[test]
fn similarity_matches_numpy() {
    let similarity = cosine_similarity_matrix(&expected("tfidf")).unwrap();
    assert_close(&similarity, "similarity", 1e-13);
    assert_array_eq(
        &similarity.round(3).unwrap(),
        &expected("rounded"),
        "rounded",
    );
}

#[test]
fn similarity_of_a_zero_row_is_zero_not_nan() {
    // The seed's `+ 1e-8` keeps an empty document (all-zero row) from dividing by zero.
    let mut x = expected("tfidf");
    x.index_fill(idx![2], 0.0).unwrap();
    let s = cosine_similarity_matrix(&x)
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    assert_eq!(&s[6..], &[0.0, 0.0, 0.0]);
}

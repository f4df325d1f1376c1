// The seed's section 7, use case 2 (bag of words and TF-IDF) as functions taking arrays, shared
// by `examples/text_tfidf.rs` and `tests/seed_text_tfidf.rs` through `include!` (a directory
// without `main.rs`, so cargo does not build this file as an example of its own).
//
// Invariants the functions keep (the test checks each against NumPy):
// 1. `vocabulary` is sorted and free of duplicates, and `word2idx[vocab[i]] == i`.
// 2. The BoW matrix is `float32`, as the seed's `np.zeros(..., dtype=np.float32)`; the loop and
//    the vectorised `np.add.at` build the same counts.
// 3. The dtypes follow NumPy's promotion: `tf` float32, `df` int64, `idf`, `tfidf` and the
//    similarity float64 (float32 times a float64 array is float64).

use std::collections::{BTreeSet, HashMap};

use numfuse::ir::BinaryOp;
use numfuse::linalg::{NormOrd, norm};
use numfuse::Axes;
use numfuse::prelude::*;

/// `vocab = sorted(set(...))` and `word2idx = {word: idx ...}`.
pub fn vocabulary(documents: &[&[&str]]) -> (Vec<String>, HashMap<String, isize>) {
    let vocab: Vec<String> = documents
        .iter()
        .flat_map(|doc| doc.iter().map(|w| w.to_string()))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let word2idx = vocab
        .iter()
        .enumerate()
        .map(|(i, w)| (w.clone(), i as isize))
        .collect();
    (vocab, word2idx)
}

/// The seed's loop: `bow_matrix[doc_idx, word2idx[word]] += 1`, one element at a time.
pub fn bow_loop(documents: &[&[&str]], word2idx: &HashMap<String, isize>) -> Result<Array> {
    let mut bow_matrix = Array::zeros(&[documents.len(), word2idx.len()], DType::F32);
    for (doc_idx, doc) in documents.iter().enumerate() {
        for word in doc.iter() {
            let at = [doc_idx as isize, word2idx[*word]];
            let count = bow_matrix.get(&at)?.to_f64();
            bow_matrix.set(&at, count + 1.0)?;
        }
    }
    Ok(bow_matrix)
}

/// The vectorised form: `np.add.at(bow, (doc_ids, word_ids), 1)`, which counts a repeated
/// (doc, word) pair once per occurrence (`bow[doc_ids, word_ids] += 1` would count it once).
pub fn bow_add_at(documents: &[&[&str]], word2idx: &HashMap<String, isize>) -> Result<Array> {
    let (mut doc_ids, mut word_ids) = (Vec::new(), Vec::new());
    for (doc_idx, doc) in documents.iter().enumerate() {
        for word in doc.iter() {
            doc_ids.push(doc_idx as i64);
            word_ids.push(word2idx[*word] as i64);
        }
    }
    let n = doc_ids.len();
    let doc_ids = Array::from_vec(doc_ids, &[n])?;
    let word_ids = Array::from_vec(word_ids, &[n])?;
    let mut bow = Array::zeros(&[documents.len(), word2idx.len()], DType::F32);
    numfuse::index::ufunc_at(BinaryOp::Add, &mut bow, idx![&doc_ids, &word_ids], 1.0)?;
    Ok(bow)
}

/// TF, DF, IDF and TF-IDF of a BoW matrix, each as the seed computes it.
pub struct TfIdf {
    /// `bow / bow.sum(axis=1, keepdims=True)`: float32.
    pub tf: Array,
    /// `np.sum(bow > 0, axis=0)`: int64.
    pub df: Array,
    /// `np.log((n + 1) / (df + 1)) + 1`: float64.
    pub idf: Array,
    /// `tf * idf`: float64.
    pub tfidf: Array,
}

/// The seed's TF-IDF lines, in order.
pub fn tf_idf(bow_matrix: &Array) -> Result<TfIdf> {
    let n_docs = bow_matrix.shape()[0] as i64;
    let tf = bow_matrix.try_div(&bow_matrix.sum(Axes::from(1).keepdims())?)?; // Term Frequency
    let df = bow_matrix.greater(0.0)?.sum(0)?; // Document Frequency
    // (len(documents) + 1) / (df + 1): a Python int over an int64 array, true division.
    let idf = Array::scalar(n_docs + 1)
        .try_div(&df.try_add(1)?)?
        .log()?
        .try_add(1.0)?; // Inverse Document Frequency
    let tfidf = tf.try_mul(&idf)?; // TF-IDF
    Ok(TfIdf { tf, df, idf, tfidf })
}

/// Cosine similarity between the rows of `x` (the seed's `cosine_similarity_matrix`).
pub fn cosine_similarity_matrix(x: &Array) -> Result<Array> {
    let norms = norm(x, NormOrd::Default, Some(&[1]), true)?;
    let x_normalized = x.try_div(&norms.try_add(1e-8)?)?;
    x_normalized.matmul(&x_normalized.t())
}

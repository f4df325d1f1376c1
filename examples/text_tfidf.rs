//! The seed's section 7, use case 2, "Text Vectorization (Bag of Words)", in numfuse: a sorted
//! vocabulary from three tokenised documents, the `float32` bag-of-words matrix built by the
//! seed's element loop and again by the vectorised `np.add.at`, TF, DF, IDF, TF-IDF, and the
//! cosine-similarity matrix of the documents, printed rounded to 3 decimals.
//!
//! Run with `cargo run --example text_tfidf` (`--quick` is accepted for CI; the data is tiny
//! either way). The documents are the seed's, so the printout matches NumPy's; the identities
//! behind it are asserted (row sums of TF are 1, the similarity is symmetric with a unit
//! diagonal, the loop and `add.at` agree), and `tests/seed_text_tfidf.rs` compares every step
//! with NumPy's output.

mod seed_lib {
    include!("seed_lib/text_tfidf.rs");
}

use numfuse::prelude::*;
use seed_lib::{TfIdf, bow_add_at, bow_loop, cosine_similarity_matrix, tf_idf, vocabulary};

fn main() -> Result<()> {
    let _quick = std::env::args().any(|a| a == "--quick");
    // Documents
    let documents: [&[&str]; 3] = [
        &["the", "cat", "sat", "on", "the", "mat"],
        &["the", "dog", "sat", "on", "the", "log"],
        &["cat", "and", "dog", "are", "friends"],
    ];
    // Build vocabulary
    let (vocab, word2idx) = vocabulary(&documents);
    println!("Vocabulary size: {}", vocab.len());
    println!("Vocabulary: {vocab:?}");
    assert!(vocab.windows(2).all(|w| w[0] < w[1]));

    // Create BoW matrix (term frequency)
    let bow_matrix = bow_loop(&documents, &word2idx)?;
    println!("BoW matrix:");
    println!("{bow_matrix}");
    assert_eq!(bow_matrix.dtype(), DType::F32);
    assert_eq!(
        bow_add_at(&documents, &word2idx)?.to_vec::<f32>()?,
        bow_matrix.to_vec::<f32>()?
    );
    let words: Vec<f32> = documents.iter().map(|d| d.len() as f32).collect();
    assert_eq!(bow_matrix.sum(1)?.to_vec::<f32>()?, words);

    // TF-IDF
    let TfIdf { tf, df, idf, tfidf } = tf_idf(&bow_matrix)?;
    println!(
        "tf: {}, df: {}, idf: {}, tfidf: {}",
        tf.dtype(),
        df.dtype(),
        idf.dtype(),
        tfidf.dtype()
    );
    for s in tf.sum(1)?.to_vec::<f32>()? {
        assert!((s - 1.0).abs() < 1e-6);
    }
    // A word in every document would get idf 1; a word in one document log(4/2) + 1.
    let (df, idf) = (df.to_vec::<i64>()?, idf.to_vec::<f64>()?);
    for (d, i) in df.iter().zip(&idf) {
        assert!((i - ((4.0 / (*d as f64 + 1.0)).ln() + 1.0)).abs() < 1e-15);
    }

    // Cosine similarity between documents
    let similarity = cosine_similarity_matrix(&tfidf)?;
    println!("\nDocument similarity matrix:");
    println!("{}", similarity.round(3)?);
    let s = similarity.to_vec::<f64>()?;
    for i in 0..3 {
        assert!((s[i * 3 + i] - 1.0).abs() < 1e-7);
        for j in 0..3 {
            assert!((s[i * 3 + j] - s[j * 3 + i]).abs() < 1e-15);
        }
    }
    Ok(())
}

#!/usr/bin/env python3
"""NumPy reference for examples/text_tfidf.rs: the seed's section 7, use case 2 (bag of words).

Run from the repository root:

    python3 scripts/seed_ref/text_tfidf.py

The seed's code runs below nearly verbatim (its documents are fixed, so there are no inputs to
save). It writes, under tests/data/seed/text_tfidf/, each step's result with NumPy's dtype:

    bow.npy         float32 (3, 10)   the bag-of-words counts
    tf.npy          float32 (3, 10)   bow / bow.sum(axis=1, keepdims=True)
    df.npy          int64   (10,)     np.sum(bow > 0, axis=0)
    idf.npy         float64 (10,)     np.log((n + 1) / (df + 1)) + 1
    tfidf.npy       float64 (3, 10)   tf * idf (float32 times float64 is float64)
    similarity.npy  float64 (3, 3)    the cosine-similarity matrix
    rounded.npy     float64 (3, 3)    np.round(similarity, 3), what the seed prints
"""

import os

import numpy as np

OUT = os.path.join("tests", "data", "seed", "text_tfidf")


def main():
    os.makedirs(OUT, exist_ok=True)
    # Documents
    documents = [
        ["the", "cat", "sat", "on", "the", "mat"],
        ["the", "dog", "sat", "on", "the", "log"],
        ["cat", "and", "dog", "are", "friends"],
    ]
    # Build vocabulary
    vocab = sorted(set(word for doc in documents for word in doc))
    word2idx = {word: idx for idx, word in enumerate(vocab)}
    print(f"Vocabulary size: {len(vocab)}")
    print(f"Vocabulary: {vocab}")
    # Create BoW matrix (term frequency)
    bow_matrix = np.zeros((len(documents), len(vocab)), dtype=np.float32)
    for doc_idx, doc in enumerate(documents):
        for word in doc:
            bow_matrix[doc_idx, word2idx[word]] += 1
    print("BoW matrix:")
    print(bow_matrix)
    # TF-IDF
    tf = bow_matrix / bow_matrix.sum(axis=1, keepdims=True)  # Term Frequency
    df = np.sum(bow_matrix > 0, axis=0)  # Document Frequency
    idf = np.log((len(documents) + 1) / (df + 1)) + 1  # Inverse Document Frequency
    tfidf = tf * idf  # TF-IDF

    # Cosine similarity between documents
    def cosine_similarity_matrix(X):
        norms = np.linalg.norm(X, axis=1, keepdims=True)
        X_normalized = X / (norms + 1e-8)
        return X_normalized @ X_normalized.T

    similarity = cosine_similarity_matrix(tfidf)
    print("\nDocument similarity matrix:")
    print(np.round(similarity, 3))

    outputs = {
        "bow": bow_matrix,
        "tf": tf,
        "df": df,
        "idf": idf,
        "tfidf": tfidf,
        "similarity": similarity,
        "rounded": np.round(similarity, 3),
    }
    for name, arr in outputs.items():
        np.save(os.path.join(OUT, name + ".npy"), arr)
        print(f"{name}: {arr.dtype} {arr.shape}")


if __name__ == "__main__":
    main()

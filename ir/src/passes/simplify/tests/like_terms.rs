//! like_terms: the seed, the forms of the issue, cancellation, shared and mixed-dtype terms.

use super::{check, unchanged};
use crate::passes::FloatPolicy::{Algebraic, Fast, Strict};

#[test]
fn like_terms_seed() {
    let body = "v1: f64[n] = multiply x, 2.0 | v2: f64[n] = multiply x, 3.0 | v3: f64[n] = add v1, v2 | return v3";
    let want = "v1: f64[n] = multiply x, 5.0 | return v1";
    check(Algebraic, "f64[n]", body, want, &["like_terms"]);
    unchanged(Strict, "f64[n]", body);
    // Integers are a ring under wrapping: exact under every policy.
    let body = "v1: i64[n] = multiply i, 2 | v2: i64[n] = multiply i, 3 | v3: i64[n] = add v1, v2 | return v3";
    check(
        Strict,
        "i64[n]",
        body,
        "v1: i64[n] = multiply i, 5 | return v1",
        &["like_terms"],
    );
}

#[test]
fn like_terms_forms() {
    let body = "v1: f64[n] = multiply x, 3.0 | v2: f64[n] = add x, v1 | return v2";
    check(
        Algebraic,
        "f64[n]",
        body,
        "v1: f64[n] = multiply x, 4.0 | return v1",
        &["like_terms"],
    );
    let body = "v1: f64[n] = multiply x, 3.0 | v2: f64[n] = subtract v1, x | return v2";
    check(
        Algebraic,
        "f64[n]",
        body,
        "v1: f64[n] = multiply x, 2.0 | return v1",
        &["like_terms"],
    );
    let body = "v1: f64[n] = add x, 1.0 | v2: f64[n] = multiply v1, 2.0 | v3: f64[n] = subtract v2, x | return v3";
    check(
        Algebraic,
        "f64[n]",
        body,
        "v1: f64[n] = add x, 2.0 | return v1",
        &["like_terms"],
    );
    // Distributing alone does not pay: (x + 1)*2 stays.
    unchanged(
        Fast,
        "f64[n]",
        "v1: f64[n] = add x, 1.0 | v2: f64[n] = multiply v1, 2.0 | return v2",
    );
    // Two terms and a constant, a negative coefficient.
    let body = "v1: f64[n] = add x, 1.0 | v2: f64[n] = subtract y, v1 | v3: f64[n] = subtract v2, y | v4: f64[n] = subtract v3, x | return v4";
    // Under Algebraic the cancelled y stays as y*0.0 (inf and NaN in y still give NaN): as
    // many ops, in the collected form.
    let want = "v1: f64[n] = multiply y, 0.0 | v2: f64[n] = multiply x, 2.0 | v3: f64[n] = subtract v1, v2 | v4: f64[n] = subtract v3, 1.0 | return v4";
    check(Algebraic, "f64[n]", body, want, &["like_terms"]);
    // Under Fast the whole sum collects at its root.
    let want = "v1: f64[n] = multiply x, 2.0 | v2: f64[n] = subtract -1.0, v1 | return v2";
    check(Fast, "f64[n]", body, want, &["like_terms"]);
    // With a constant and only negative terms the constant leads.
    let body = "v1: i64[n] = subtract 5, i | v2: i64[n] = add v1, j | v3: i64[n] = subtract v2, j | return v3";
    let want = "v1: i64[n] = subtract 5, i | return v1";
    check(Strict, "i64[n]", body, want, &["like_terms"]);
}

#[test]
fn like_terms_cancellation() {
    // A cancelled float term stays as t * 0.0 (inf - inf is NaN) unless Fast.
    let body = "v1: f64[n] = multiply x, 3.0 | v2: f64[n] = add v1, y | v3: f64[n] = multiply x, 3.0 | v4: f64[n] = subtract v2, x | v5: f64[n] = multiply x, 2.0 | v6: f64[n] = subtract v4, v5 | return v6";
    let want = "v1: f64[n] = multiply x, 0.0 | v2: f64[n] = add v1, y | return v2";
    // The sum collects at its root, to x*0.0 + y.
    check(Algebraic, "f64[n]", body, want, &["like_terms"]);
    check(Fast, "f64[n]", body, "return y", &["like_terms"]);
    // A term of a smaller shape that cancels leaves a broadcast.
    let body = "v1: f64[4, n] = add m, x | v2: f64[4, n] = subtract v1, x | return v2";
    check(Fast, "f64[4, n]", body, "return m", &["like_terms"]);
    // The whole sum cancels at its root.
    let body = "v1: i64[n] = add i, j | v2: i64[n] = subtract v1, i | v3: i64[n] = subtract v2, j | return v3";
    let want = "v1: i64[n] = broadcast 0 | return v1";
    check(Strict, "i64[n]", body, want, &["like_terms"]);
}

#[test]
fn like_terms_keeps_shared_subterms() {
    // v1 = x + y is also an output: expanding 2*(x + y) + x would add work.
    let body = "v1: f64[n] = add x, y | v2: f64[n] = multiply v1, 2.0 | v3: f64[n] = add v2, x | return v1, v3";
    unchanged(Fast, "(f64[n], f64[n])", body);
    // Mixed dtypes are terms, not sums: i16 + i16 wraps in i16 before the f64 add.
    let body = "v1: i16[n] = multiply h, 3 | v2: f64[n] = add v1, x | v3: f64[n] = subtract v2, x | return v3";
    unchanged(Fast, "f64[n]", body);
}

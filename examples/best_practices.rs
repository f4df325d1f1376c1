//! The seed's section 13, "Best Practices & Pro Developer Guide", in numfuse: a seeded
//! generator, shape checks that return `Err` instead of asserting, the `numfuse::testing`
//! asserts, defensive normalisation, multi-head attention with a mask (eager, and lazy as one
//! fused expression, timed), `errstate` around `log([0, 1, 2, -1])`, `min`/`max` methods and the
//! memory of a float32 array.
//!
//! Run with `cargo run --example best_practices` (`--quick` shrinks the timed attention for CI).
//! Asserted: the shape errors' messages, that the generator is reproducible, that the testing
//! asserts pass and fail as NumPy's do, that `safe_normalize` gives unit vectors and NaN only
//! along zero-norm vectors, that masked attention ignores masked keys and that lazy equals eager,
//! the `log` values and that `Raise` turns them into errors, and the float32 byte count.
//! `tests/seed_best_practices.rs` compares the results with NumPy's run of the seed.
//!
//! Differs from the seed: `matrix_multiply` returns a `Result`, and `safe_normalize` returns the
//! number of zero-norm vectors instead of calling `warnings.warn` (see `seed_lib`);
//! "profile before optimising" (practice 7) is Python tooling — here `NUMFUSE_DEBUG=2` prints
//! per-kernel timings, and `Instant` times the two attention forms.

mod seed_lib {
    include!("seed_lib/best_practices.rs");
}

use numfuse::Axes;
use numfuse::ops::errstate::{ErrMode, ErrState, errstate};
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::{
    assert_allclose, assert_array_almost_equal, assert_array_equal, try_assert_allclose,
};
use seed_lib::{
    Normalized, attention_scores, attention_scores_lazy, matrix_multiply, quiet_log, safe_normalize,
};
use std::time::Instant;

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");

    // --- BEST PRACTICE 1: Always set random seed for reproducibility ---
    let mut rng = default_rng(42); // A Generator value, no global state
    let first = rng.standard_normal(&[3]);
    assert_array_equal(&default_rng(42).standard_normal(&[3]), &first);
    println!("default_rng(42) draws {first}, and again after re-seeding");

    // --- BEST PRACTICE 2: Use assertions to validate shapes ---
    let a = rng.standard_normal(&[3, 4]);
    let b = rng.standard_normal(&[4, 2]);
    println!("matrix_multiply(A, B): {}", matrix_multiply(&a, &b)?);
    let err = matrix_multiply(&a, &a).unwrap_err();
    println!("matrix_multiply(A, A): Err({err})");
    assert_eq!(
        err.to_string(),
        "matrix_multiply: Shape mismatch: (3, 4) vs (3, 4)"
    );
    let cube = Array::zeros(&[2, 2, 2], DType::F64);
    let err = matrix_multiply(&cube, &a).unwrap_err();
    println!("matrix_multiply(cube, A): Err({err})");
    assert_eq!(err.to_string(), "matrix_multiply: A must be 2D, got 3D");

    // --- BEST PRACTICE 3: Use np.testing for unit tests ---
    let actual = array![1.0, 2.0, 3.0];
    let expected = array![1.0, 2.0, 3.0];
    assert_array_equal(&actual, &expected); // Exact equality
    assert_array_almost_equal(&actual, &expected, 5); // ~5 decimal places
    assert_allclose(&actual, &expected, 1e-5, 0.0); // Relative tolerance
    let off = array![1.0, 2.0, 3.001];
    let msg = try_assert_allclose(&off, &expected, 1e-5, 0.0).unwrap_err();
    println!("assert_allclose failing, with NumPy's message:{msg}");
    assert!(msg.contains("Not equal to tolerance"));

    // --- BEST PRACTICE 4: Validate inputs defensively ---
    let mut x = rng.standard_normal(&[3, 4]);
    x.slice_mut(s![.., 2])?.fill(0.0)?; // one zero-norm column
    let Normalized {
        normalized,
        zero_norms,
    } = safe_normalize(&x, 0)?;
    println!("safe_normalize(x, axis=0) with a zero column: {zero_norms} zero-norm vector(s)");
    println!("{:#}", normalized.round(4)?);
    assert_eq!(zero_norms, 1);
    let col_norms = normalized.square()?.sum(0)?.to_vec::<f64>()?;
    assert!(col_norms[2].is_nan());
    for c in [0, 1, 3] {
        assert!((col_norms[c] - 1.0).abs() < 1e-12);
    }
    assert_eq!(safe_normalize(&x, 1)?.zero_norms, 0);
    let err = safe_normalize(&Array::scalar(1.0), 0)
        .err()
        .map(|e| e.to_string());
    println!(
        "safe_normalize(scalar): Err({})",
        err.as_deref().unwrap_or("?")
    );
    assert_eq!(
        err.as_deref(),
        Some("safe_normalize: Input must be at least 1D")
    );

    // --- BEST PRACTICE 5: Document array shapes with comments ---
    let (batch, seq, d_k, d_v) = if quick {
        (2, 16, 8, 8)
    } else {
        (8, 256, 64, 64)
    };
    let q = rng.standard_normal(&[batch, seq, d_k]);
    let k = rng.standard_normal(&[batch, seq, d_k]);
    let v = rng.standard_normal(&[batch, seq, d_v]);
    // Causal mask (seq, seq): query i sees keys j <= i; broadcast over the batch (a view).
    let pos = Array::arange(seq as f64, DType::I64);
    let mask = pos
        .slice(s![.., NewAxis])?
        .greater_equal(&pos)?
        .broadcast_to(&[batch, seq, seq])?;
    let t0 = Instant::now();
    let eager = attention_scores(&q, &k, &v, Some(&mask))?;
    let t_eager = t0.elapsed().as_secs_f64();
    let expr = attention_scores_lazy(&q, &k, &v, Some(&mask));
    let t0 = Instant::now();
    let lazy = expr.eval()?;
    let t_lazy_first = t0.elapsed().as_secs_f64();
    let t0 = Instant::now();
    let lazy_again = attention_scores_lazy(&q, &k, &v, Some(&mask)).eval()?;
    let t_lazy = t0.elapsed().as_secs_f64();
    println!(
        "attention (batch {batch}, seq {seq}, d {d_k}): eager {:.2} ms, lazy {:.2} ms \
         (first eval, with compilation {:.2} ms)",
        t_eager * 1e3,
        t_lazy * 1e3,
        t_lazy_first * 1e3
    );
    println!("output shape {}", numfuse::ir::ShapeDisplay(eager.shape()));
    assert_eq!(eager.shape(), &[batch, seq, d_v]);
    // Fusion may reassociate the sums; the softmax weights are in [0, 1], so 1e-12 is ample.
    assert_allclose(&lazy, &eager, 1e-12, 1e-12);
    assert_array_equal(&lazy_again, &lazy);
    // The first query sees only the first key, so its output is V's first row.
    assert_allclose(
        &eager.slice(s![.., 0, ..])?,
        &v.slice(s![.., 0, ..])?,
        1e-12,
        0.0,
    );
    // Without a mask every weight is positive and each output row is a convex mix of V's rows.
    let open = attention_scores(&q, &k, &v, None)?;
    let hi = v.max(Axes::from(1).keepdims())?;
    assert!(
        open.less_equal(&hi.try_add(1e-12)?)?
            .all(None)?
            .get(&[])?
            .to_f64()
            == 1.0
    );

    // --- BEST PRACTICE 6: Use context managers for precision control ---
    let input = array![0i64, 1, 2, -1];
    let result = quiet_log(&input)?; // No warning for log(0) or log(-1)
    println!("log([0, 1, 2, -1]) under errstate(ignore): {result}");
    let r = result.to_vec::<f64>()?;
    assert!(r[0] == f64::NEG_INFINITY && r[1] == 0.0 && r[3].is_nan());
    assert_eq!(r[2], std::f64::consts::LN_2);
    let raised = errstate(ErrState::all(ErrMode::Raise), || input.log());
    let err = raised.unwrap_err().to_string();
    println!("under errstate(all='raise'): Err({err})");
    assert_eq!(err, "divide by zero encountered in log");

    // --- BEST PRACTICE 7: Profile before optimizing ---
    // Make it correct, then measure: `NUMFUSE_DEBUG=2 cargo run --example best_practices`
    // prints each kernel with its time, and `expr.explain()` shows what was fused.

    // --- BEST PRACTICE 8: Prefer NumPy functions over Python equivalents ---
    let arr = array![3i64, 1, 4, 1, 5, 9];
    let slow_min = arr.view::<i64>()?.iter().min(); // element by element, like Python's min()
    let min_val = arr.min(None)?; // one reduction kernel
    let max_val = numfuse::ops::max(&arr, None)?; // the same, as a function
    println!("min {min_val}, max {max_val}");
    assert_eq!(min_val.to_vec::<i64>()?, vec![1]);
    assert_eq!(max_val.to_vec::<i64>()?, vec![9]);
    assert_eq!(slow_min, Some(1));

    // --- BEST PRACTICE 9: Avoid Python loops — use vectorization ---
    // See examples/vectorization.rs.

    // --- BEST PRACTICE 10: Memory — float32 for large ML arrays ---
    let large_ml_array = Array::zeros(&[10000, 512], DType::F32); // 20MB not 40MB
    let as_f64 = Array::zeros(&[10000, 512], DType::F64);
    println!(
        "float32 (10000, 512): {} bytes; float64: {} bytes",
        large_ml_array.nbytes(),
        as_f64.nbytes()
    );
    assert_eq!(large_ml_array.nbytes(), 20_480_000);
    assert_eq!(as_f64.nbytes(), 2 * large_ml_array.nbytes());
    Ok(())
}

// The seed's section 13 ("Best Practices") as functions taking arrays, shared by
// `examples/best_practices.rs` and `tests/seed_best_practices.rs` through `include!`.
//
// What differs from the seed, and why:
// 1. `matrix_multiply` returns `Err(Error::Shape)` naming both shapes where the seed `assert`s:
//    a Rust library reports bad input as a value, not a panic. The message keeps the seed's words.
// 2. `safe_normalize` returns the normalised array *and* the number of zero-norm vectors where
//    the seed calls `warnings.warn`. numfuse has no warnings channel for library code (its only
//    warnings are errstate's floating-point ones), and a count is something the caller can
//    test, log or turn into an error; a typed error instead would refuse the NaN result the seed
//    deliberately returns. The 0/0 division runs under `errstate(invalid = Ignore)`, since the
//    count already reports it (NumPy would print a second "invalid value" warning).
// 3. `attention_scores` exists twice: eager, and lazy as one expression that the JIT fuses
//    (the softmax's elementwise steps around the two reductions and the matmuls).

use numfuse::Axes;
use numfuse::ir::ShapeDisplay;
use numfuse::linalg::{NormOrd, norm};
use numfuse::ops::errstate::{ErrMode, errstate, geterr};
use numfuse::prelude::*;

/// `A @ B` for two 2-D arrays, with the seed's checks as errors:
/// "A must be 2D, got 3D", "Shape mismatch: (3, 4) vs (3, 4)".
pub fn matrix_multiply(a: &Array, b: &Array) -> Result<Array> {
    for (name, m) in [("A", a), ("B", b)] {
        if m.ndim() != 2 {
            return Err(Error::Shape {
                op: "matrix_multiply",
                msg: format!("{name} must be 2D, got {}D", m.ndim()),
            });
        }
    }
    if a.shape()[1] != b.shape()[0] {
        return Err(Error::Shape {
            op: "matrix_multiply",
            msg: format!(
                "Shape mismatch: {} vs {}",
                ShapeDisplay(a.shape()),
                ShapeDisplay(b.shape())
            ),
        });
    }
    a.matmul(b)
}

/// The result of [`safe_normalize`]: the seed's return value and what it warns about.
pub struct Normalized {
    /// `arr / norms`: NaN along every zero-norm vector, as in the seed.
    pub normalized: Array,
    /// How many vectors along `axis` had norm 0 (the seed warns when this is not 0).
    pub zero_norms: usize,
}

/// `arr / ||arr||` along `axis` in float64, counting zero-norm vectors instead of warning.
pub fn safe_normalize(arr: &Array, axis: isize) -> Result<Normalized> {
    let arr = arr.astype(DType::F64); // Ensure correct type
    if arr.ndim() < 1 {
        return Err(Error::Value {
            op: "safe_normalize",
            msg: "Input must be at least 1D".into(),
        });
    }
    let norms = norm(&arr, NormOrd::Default, Some(&[axis]), true)?;
    let zero_norms = norms.equal(0.0)?;
    let zero_norms = zero_norms.sum(None)?.get(&[])?.to_f64() as usize;
    let quiet = geterr().invalid(ErrMode::Ignore);
    let normalized = errstate(quiet, || arr.try_div(&norms))?;
    Ok(Normalized {
        normalized,
        zero_norms,
    })
}

/// Scaled dot-product attention, eagerly, as the seed writes it.
///
/// Shapes: `q`, `k` (batch, seq_len, d_k); `v` (batch, seq_len, d_v); `mask` (batch, seq_len,
/// seq_len) bool or `None`; result (batch, seq_len, d_v).
pub fn attention_scores(q: &Array, k: &Array, v: &Array, mask: Option<&Array>) -> Result<Array> {
    let d_k = q.shape()[q.ndim() - 1] as f64;
    // (batch, seq_len, seq_len)
    let mut scores = q
        .matmul(&k.transpose(Some(&[0, 2, 1]))?)?
        .try_div(d_k.sqrt())?;
    if let Some(mask) = mask {
        scores = numfuse::ops::where_(mask, &scores, -1e9)?;
    }
    // (batch, seq_len, seq_len)
    let weights = scores
        .try_sub(&scores.max(Axes::from(-1).keepdims())?)?
        .exp()?;
    let weights = weights.try_div(&weights.sum(Axes::from(-1).keepdims())?)?;
    // (batch, seq_len, d_v)
    weights.matmul(v)
}

/// [`attention_scores`] as one lazy expression; `.eval()` compiles and runs it.
pub fn attention_scores_lazy(q: &Array, k: &Array, v: &Array, mask: Option<&Array>) -> Expr {
    let d_k = q.shape()[q.ndim() - 1] as f64;
    let mut scores = q.lazy().matmul(k.lazy().transpose(Some(&[0, 2, 1]))) / d_k.sqrt();
    if let Some(mask) = mask {
        scores = numfuse::lazy::where_(&mask.lazy(), &scores, -1e9);
    }
    let weights = (&scores - scores.max(Axes::from(-1).keepdims())).exp();
    let weights = &weights / weights.sum(Axes::from(-1).keepdims());
    weights.matmul(v)
}

/// `np.log` of `x` under `np.errstate(divide='ignore', invalid='ignore', over='ignore')`.
pub fn quiet_log(x: &Array) -> Result<Array> {
    let state = geterr()
        .divide(ErrMode::Ignore)
        .invalid(ErrMode::Ignore)
        .over(ErrMode::Ignore);
    errstate(state, || x.log())
}

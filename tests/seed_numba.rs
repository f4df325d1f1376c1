//! The seed's section 5 (`python_loop`, `numpy_vectorized`, `numba_loop`, `leaky_relu`), as
//! `examples/numba.rs` computes it, against NumPy running the seed's own `python_loop`,
//! `numpy_vectorized` and the Python body of `leaky_relu` (`scripts/seed_ref/numba.py`; Numba
//! itself is not needed: `numba_loop` is `python_loop` with `prange`). Inputs and outputs are
//! under `tests/data/seed/numba/`; the input starts with 0, -0, ±1, ±1e-300, 1e300, -1e150.
//!
//! Tolerances, and why:
//! - `sqrt(x) * log(x + 1)`: rtol 4·eps. `sqrt`, `+` and `*` are correctly rounded everywhere,
//!   so the only difference is `log`: the Rust loop and the eager library call libm's, as NumPy
//!   does (bit for bit on the machine that wrote the data, but libm versions may differ in the
//!   last bit), and the JIT's inline `log` is within 1 ulp of libm's (`jit/src/vmath.rs`); with
//!   the product's rounding, about 2 ulps at most (observed: 14 of 1000 differ, by at most 1.3
//!   eps relative).
//! - The `x ** 2` branch (every element <= 0) is one correctly rounded multiply everywhere, so
//!   it is compared exactly, as are the signs of zeros.
//! - `leaky_relu`: exact (a comparison and one correctly rounded multiply, and for float32 one
//!   rounding from float64, as Numba types it; the NEP 50 variant multiplies by float32(0.01)
//!   in float32 and is compared exactly with NumPy 2's float32 scalar arithmetic).

mod common;

mod seed_lib {
    include!("../examples/seed_lib/numba.rs");
}

use common::{assert_array_eq, load_npy};
use numfuse::ops::errstate::{ErrMode, ErrState, errstate};
use numfuse::prelude::*;
use numfuse::testing::assert_allclose;
use seed_lib::*;

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/numba/{name}.npy"))
}

const RTOL: f64 = 4.0 * f64::EPSILON;

/// `got` against NumPy's `want`: same dtype and shape, bit-identical on the elements where the
/// input is <= 0 (the `x ** 2` branch, one multiply), within [`RTOL`] elsewhere.
fn assert_matches(got: &Array, want: &Array, what: &str) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    assert_allclose(got, want, RTOL, 0.0);
    let x = npy("arr").to_vec::<f64>().unwrap();
    let (g, w) = (got.to_vec::<f64>().unwrap(), want.to_vec::<f64>().unwrap());
    for i in 0..x.len() {
        if x[i] <= 0.0 {
            assert_eq!(g[i].to_bits(), w[i].to_bits(), "{what}[{i}]: x = {}", x[i]);
        }
    }
}

#[test]
fn numpy_agrees_with_itself() {
    // The two NumPy versions agree exactly (NumPy's scalar and array `log` are both libm's
    // here); if a future NumPy changes that, the comparisons below still hold to RTOL.
    assert_allclose(&npy("numpy_vectorized"), &npy("python_loop"), RTOL, 0.0);
}

#[test]
fn rust_loop_matches_python_loop() {
    let arr = npy("arr");
    let got = python_loop(&arr).unwrap();
    assert_matches(&got, &npy("python_loop"), "python_loop");
}

#[test]
fn eager_vectorized_matches_numpy_vectorized() {
    let got = numpy_vectorized(&npy("arr")).unwrap();
    assert_matches(&got, &npy("numpy_vectorized"), "numpy_vectorized");
}

#[test]
fn lazy_expression_matches_numba_semantics() {
    let arr = npy("arr");
    for backend in [Backend::Jit, Backend::Eager] {
        let opts = EvalOptions {
            backend,
            ..EvalOptions::default()
        };
        // The eager backend runs both branches of `where` over the whole array, so `sqrt` and
        // `log` of negatives and `x ** 2` of 1e300 raise NumPy's warnings: silenced, as the
        // results of those elements are discarded.
        let quiet = ErrState::all(ErrMode::Ignore);
        let got = errstate(quiet, || numba_expr(&arr.lazy()).eval_with(&opts)).unwrap();
        assert_matches(&got, &npy("python_loop"), &format!("lazy ({backend:?})"));
    }
}

#[test]
fn jit_function_matches_and_is_reused() {
    let arr = npy("arr");
    let f = numba_jit();
    let (got, first) = f.call_report(&[&arr]).unwrap();
    assert!(first.traced, "{first}");
    assert_matches(&got[0], &npy("python_loop"), "numba_jit");
    // A slice of another length reuses the plan: no trace, nothing compiled.
    let part = arr.slice(s![..333]).unwrap();
    let (got, again) = f.call_report(&[&part]).unwrap();
    assert!(!again.traced && again.compiled() == 0, "{again}");
    let want = npy("python_loop").slice(s![..333]).unwrap();
    assert_allclose(&got[0], &want, RTOL, 0.0);
}

#[test]
fn leaky_relu_float64_is_exact() {
    let arr = npy("arr");
    assert_array_eq(
        &leaky_relu_loop(&arr).unwrap(),
        &npy("leaky_relu"),
        "loop f64",
    );
    let got = leaky_relu_jit().call(&[&arr]).unwrap();
    assert_array_eq(&got, &npy("leaky_relu"), "jit f64");
    let got = leaky_relu_weak_jit().call(&[&arr]).unwrap();
    assert_array_eq(&got, &npy("leaky_relu"), "weak jit f64 (same in float64)");
}

#[test]
fn leaky_relu_float32_is_exact_under_either_typing() {
    let arr32 = npy("arr32");
    assert_eq!(arr32.dtype(), DType::F32);
    let f = leaky_relu_jit();
    assert_array_eq(
        &leaky_relu_loop(&arr32).unwrap(),
        &npy("leaky_relu_f32"),
        "loop f32",
    );
    assert_array_eq(
        &f.call(&[&arr32]).unwrap(),
        &npy("leaky_relu_f32"),
        "jit f32",
    );
    // One function, two specialisations (float64 and float32), as Numba's signature list.
    f.call(&[&npy("arr")]).unwrap();
    assert_eq!(f.stats().traces, 2);
    let weak = leaky_relu_weak_jit().call(&[&arr32]).unwrap();
    assert_array_eq(&weak, &npy("leaky_relu_f32_weak"), "weak jit f32 (NEP 50)");
    // The typings really differ: a test that confused them would fail.
    let (a, b) = (npy("leaky_relu_f32"), npy("leaky_relu_f32_weak"));
    assert_ne!(a.to_vec::<f32>().unwrap(), b.to_vec::<f32>().unwrap());
}

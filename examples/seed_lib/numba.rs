// The seed's section 5 ("NumPy + Numba — JIT Compilation") as functions, shared by
// `examples/numba.rs` and `tests/seed_numba.rs` through `include!`.
//
// The seed's three versions of one elementwise function,
// `f(x) = sqrt(x) * log(x + 1) if x > 0 else x ** 2`, become four here:
// 1. `python_loop`: an explicit loop over the elements. It is compiled Rust, not interpreted
//    Python, so it is the analogue of the seed's loop in shape only, not in speed; it is the
//    reference the others are checked against.
// 2. `numpy_vectorized`: the seed's eager `np.where` of whole-array temporaries.
// 3. `numba_expr`: the Numba loop as a lazy expression, which the JIT fuses into one kernel
//    (one pass over memory, split across threads, as `prange` does).
// 4. `numba_jit`: the same body as a `numfuse::jit` function, Numba's `@nb.jit`: traced,
//    optimized and compiled once per argument signature (dtype and rank), then reused.
//
// `leaky_relu_jit` is the seed's `@nb.vectorize(['float64(float64)', 'float32(float32)'])`
// ufunc: one `jit` function, specialised per dtype like Numba's list of signatures.
// Invariants: the loops read contiguous input (`as_slice`), and every function returns a new
// array of the input's dtype and shape.

use numfuse::lazy::where_;
use numfuse::prelude::*;
use numfuse::{JitFn, jit};

/// The JIT backend, always (the default `Backend::Auto` runs small work eagerly until its
/// kernels are compiled).
pub fn jit_options() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

/// The seed's `python_loop`: one branch per element, written as a Rust loop over the slice.
pub fn python_loop(arr: &Array) -> Result<Array> {
    let x = arr.as_slice::<f64>()?;
    let mut result = vec![0.0; x.len()]; // np.empty_like(arr)
    for i in 0..x.len() {
        if x[i] > 0.0 {
            result[i] = x[i].sqrt() * (x[i] + 1.0).ln();
        } else {
            result[i] = x[i] * x[i]; // x ** 2: one correctly rounded multiply, as NumPy's
        }
    }
    Array::from_vec(result, arr.shape())
}

/// The seed's `numpy_vectorized`: `np.where(arr > 0, sqrt(|arr|) * log(|arr| + 1), arr ** 2)`,
/// eager, with a temporary per operation. `abs` keeps `sqrt`/`log` off negative numbers, so no
/// "invalid value" warning is raised for the branch `where` discards.
pub fn numpy_vectorized(arr: &Array) -> Result<Array> {
    let abs = arr.abs()?;
    let positive = abs.sqrt()?.try_mul(&abs.try_add(1.0)?.log()?)?;
    numfuse::ops::where_(&arr.greater(0.0)?, &positive, &arr.power(2.0)?)
}

/// The Numba loop's body on an expression: `where(x > 0, sqrt(x) * log(x + 1), x ** 2)`.
/// The JIT evaluates both branches per element in registers; `sqrt` of a negative number is a
/// NaN that `where` discards (no flag is raised by the compiled kernel).
pub fn numba_expr(x: &Expr) -> Expr {
    where_(&x.greater(0.0), x.sqrt() * (x + 1.0).log(), x.power(2.0))
}

/// `@nb.jit(nopython=True, parallel=True)` on `numba_loop`: a `jit` function of [`numba_expr`].
pub fn numba_jit() -> JitFn {
    jit(|x: &Expr| numba_expr(x)).with_options(jit_options())
}

/// The scalar body of the seed's `leaky_relu`, as Numba types it: `0.01` is a float64 literal,
/// so for a float32 `x` the product is computed in float64 and rounded on return.
pub fn leaky_relu_scalar(x: f64) -> f64 {
    if x > 0.0 { x } else { 0.01 * x }
}

/// `leaky_relu` element by element (the reference): float64 in, float64 out, or float32 in,
/// float32 out through [`leaky_relu_scalar`] in float64.
pub fn leaky_relu_loop(arr: &Array) -> Result<Array> {
    match arr.dtype() {
        DType::F32 => {
            let v: Vec<f32> = arr
                .as_slice::<f32>()?
                .iter()
                .map(|&x| leaky_relu_scalar(f64::from(x)) as f32)
                .collect();
            Array::from_vec(v, arr.shape())
        }
        _ => {
            let v: Vec<f64> = arr
                .as_slice::<f64>()?
                .iter()
                .map(|&x| leaky_relu_scalar(x))
                .collect();
            Array::from_vec(v, arr.shape())
        }
    }
}

/// `@nb.vectorize(['float64(float64)', 'float32(float32)'])` on `leaky_relu`: one `jit`
/// function whose float32 specialisation computes `0.01 * x` in float64 and casts back, as
/// Numba's typing does.
pub fn leaky_relu_jit() -> JitFn {
    jit(|x: &Expr| {
        let scaled = if x.dtype() == DType::F32 {
            (x.astype(DType::F64) * 0.01).astype(DType::F32)
        } else {
            x * 0.01
        };
        where_(&x.greater(0.0), x, scaled)
    })
    .with_options(jit_options())
}

/// The same function under NumPy 2's rules instead (NEP 50): `0.01` is a weak Python float,
/// so for float32 the product is a float32 multiply by `float32(0.01)`. This is what the
/// seed's undecorated `leaky_relu` computes on NumPy float32 scalars.
pub fn leaky_relu_weak_jit() -> JitFn {
    jit(|x: &Expr| where_(&x.greater(0.0), x, x * 0.01)).with_options(jit_options())
}

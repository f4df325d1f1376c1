//! The seed's section 5, "NumPy + Numba — JIT Compilation", in numfuse: the seed's
//! `python_loop`, `numpy_vectorized` and `numba_loop` (`@nb.jit(nopython=True, parallel=True)`)
//! of `sqrt(x) * log(x + 1) if x > 0 else x ** 2`, and its `@nb.vectorize` `leaky_relu` for
//! float64 and float32.
//!
//! Run with `cargo run --release --example numba` for meaningful times (10M elements, as the
//! seed); `--quick` uses 1M for CI, which runs it in the debug profile.
//!
//! numfuse's counterparts of the seed's versions (see `examples/seed_lib/numba.rs`):
//! - `python_loop` is an explicit Rust loop over the elements. It is compiled Rust, not an
//!   interpreter, so it is NOT the seed's 100x-slower Python loop: it is the reference the
//!   other versions are checked against (and is timed on the whole array).
//! - `numpy_vectorized` is eager: one temporary array per operation, as in NumPy.
//! - `numba_loop` is the same body as a lazy expression, which the JIT (Cranelift) fuses into
//!   one kernel, split across threads as `prange` splits the loop; and as a `numfuse::jit`
//!   function, which, like `@nb.jit`, traces and compiles once per argument signature and then
//!   reuses the plan. The first call (warm-up, as the seed's `numba_loop(arr[:100])`) compiles;
//!   the timed call does not.
//! - `leaky_relu` is one `jit` function specialised per dtype, like Numba's signature list
//!   `['float64(float64)', 'float32(float32)']`; the float32 version computes `0.01 * x` in
//!   float64 and rounds once, as Numba types it (see `tests/seed_numba.rs` for NumPy 2's
//!   weak-scalar alternative, which differs in the last bit). The CUDA target is out of scope.
//!
//! Asserted: every version is within 4 ulps of the loop (`sqrt`, `+` and `*` are correctly
//! rounded everywhere; the JIT's inline `log` is within 1 ulp of libm's), and the count of
//! elements that are not bit-identical is printed; the `jit` function and the lazy expression
//! agree bit for bit; `leaky_relu` is bit-identical to its loop in both dtypes. Times are
//! printed, never asserted. `tests/seed_numba.rs` compares every version with NumPy's output.

mod seed_lib {
    include!("seed_lib/numba.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use seed_lib::*;
use std::time::Instant;

fn seconds(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Asserts `got` is within `ulps` of `want` relative to `want`, element by element, and returns
/// how many elements are not bit-identical. (A plain loop over the slices: quick even in the
/// debug profile CI runs, on millions of elements.)
fn assert_close_ulps(got: &Array, want: &Array, ulps: f64, what: &str) -> Result<usize> {
    assert_eq!(
        (got.dtype(), got.shape()),
        (want.dtype(), want.shape()),
        "{what}"
    );
    let (g, w) = (got.as_slice::<f64>()?, want.as_slice::<f64>()?);
    let mut differ = 0;
    for (i, (a, b)) in g.iter().zip(w).enumerate() {
        if a.to_bits() != b.to_bits() {
            differ += 1;
            let ok = (a - b).abs() <= ulps * f64::EPSILON * b.abs();
            assert!(ok, "{what}: element {i}: {a:e} vs {b:e}");
        }
    }
    Ok(differ)
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let n = if quick { 1_000_000 } else { 10_000_000 };
    let arr = default_rng(0).standard_normal(&[n]);

    // Warmup the JIT (first call compiles), as the seed warms up Numba on arr[:100]. The `jit`
    // function compiles one plan for every length; the lazy expression's kernel is cached by
    // its structure, so the 100-element evaluation compiles the kernel the full one reuses.
    let numba_loop = numba_jit();
    let t0 = Instant::now();
    numba_loop.call(&[&arr.slice(s![..100])?])?;
    let t_compile = seconds(t0);
    numba_expr(&arr.slice(s![..100])?.lazy()).eval_with(&jit_options())?;

    let t0 = Instant::now();
    let reference = python_loop(&arr)?;
    println!(
        "Rust loop ({n}): {:.3}s  (compiled, not interpreted: the reference, not a Python loop)",
        seconds(t0)
    );
    let t0 = Instant::now();
    let vectorized = numpy_vectorized(&arr)?;
    println!("NumPy-style vectorized (eager): {:.3}s", seconds(t0));
    let t0 = Instant::now();
    let lazy = numba_expr(&arr.lazy()).eval_with(&jit_options())?;
    println!("Lazy expression (fused, parallel JIT): {:.3}s", seconds(t0));
    let t0 = Instant::now();
    let (jitted, report) = numba_loop.call_report(&[&arr])?;
    println!(
        "numfuse::jit function: {:.3}s (first call on arr[:100], compiling: {t_compile:.3}s)",
        seconds(t0)
    );
    assert!(
        !report.traced,
        "the warm-up's plan serves every length: {report}"
    );

    // The loop is the reference. The `x ** 2` branch is one multiply everywhere (exact
    // agreement); the JIT's `log` is within 1 ulp of libm's, so the product within about 2.
    let d_vec = assert_close_ulps(&vectorized, &reference, 4.0, "vectorized")?;
    let d_lazy = assert_close_ulps(&lazy, &reference, 4.0, "lazy")?;
    let d_jit = assert_close_ulps(&jitted[0], &reference, 4.0, "jit")?;
    assert_eq!(assert_close_ulps(&jitted[0], &lazy, 0.0, "jit vs lazy")?, 0);
    println!(
        "all four versions agree within 4 ulps; not bit-identical to the loop: \
         vectorized {d_vec}, lazy {d_lazy}, jit {d_jit} of {n}"
    );

    // Numba for custom ufuncs: @nb.vectorize(['float64(float64)', 'float32(float32)'])
    let leaky_relu = leaky_relu_jit();
    let arr32 = arr.astype(DType::F32);
    for x in [&arr, &arr32] {
        leaky_relu.call(&[&x.slice(s![..100])?])?; // compile this dtype's specialisation
        let t0 = Instant::now();
        let result = leaky_relu.call(&[x])?; // Vectorized, uses SIMD
        let t_jit = seconds(t0);
        let t0 = Instant::now();
        let expected = leaky_relu_loop(x)?;
        println!(
            "leaky_relu {}: jit {t_jit:.3}s, Rust loop {:.3}s",
            x.dtype(),
            seconds(t0)
        );
        assert_eq!(result.dtype(), x.dtype());
        let (r, e) = (result.astype(DType::F64), expected.astype(DType::F64));
        assert_eq!(assert_close_ulps(&r, &e, 0.0, "leaky_relu")?, 0);
    }
    assert_eq!(leaky_relu.stats().traces, 2, "one specialisation per dtype");
    // NumPy 2 applying the undecorated function to float32 scalars would multiply by
    // float32(0.01) in float32 instead (NEP 50's weak Python float): last-bit differences.
    let weak = leaky_relu_weak_jit().call(&[&arr32])?;
    let numba_typed = leaky_relu.call(&[&arr32])?;
    let (w, t) = (weak.to_vec::<f32>()?, numba_typed.to_vec::<f32>()?);
    let differ = w.iter().zip(&t).filter(|(a, b)| a != b).count();
    println!("leaky_relu float32, NEP 50 typing vs Numba's: {differ} of {n} elements differ");
    // GPU target (requires CUDA): out of scope for numfuse, which compiles for the CPU.
    Ok(())
}

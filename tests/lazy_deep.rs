//! Over-deep graphs: a long chain built in a loop evaluates (fusion cuts it into several kernels
//! instead of inlining one huge expression), on the JIT as on the eager evaluator, without
//! recursion deep enough to overflow a thread's stack, and with the same result as the eager
//! loop that built it.

use numfuse::ir::FloatPolicy;
use numfuse::prelude::*;

fn opts(backend: Backend) -> EvalOptions {
    EvalOptions {
        policy: FloatPolicy::Strict,
        backend,
        ..EvalOptions::default()
    }
}

/// `x = sin(x) * 0.5 + a` repeated `n` times, lazily and eagerly.
fn chain(a: &Array, n: usize) -> (Expr, Array) {
    let mut lazy = a.lazy();
    let mut eager = a.clone();
    for _ in 0..n {
        lazy = lazy.sin() * 0.5 + a;
        eager = &(&eager.sin().unwrap() * 0.5) + a;
    }
    (lazy, eager)
}

#[test]
fn a_chain_of_3000_ops_is_cut_into_kernels_and_matches_eager() {
    let a = Array::linspace(-2.0, 2.0, 1000);
    let (lazy, eager) = chain(&a, 1000);
    for backend in [Backend::Jit, Backend::Eager] {
        let got = lazy
            .eval_with(&opts(backend))
            .expect("deep chain evaluates");
        // Strict: every rewrite is bit-exact and the JIT calls the same libm `sin`.
        assert_eq!(
            got.to_vec::<f64>().unwrap(),
            eager.to_vec::<f64>().unwrap(),
            "{}",
            backend.name()
        );
    }
    let plan = lazy.explain_with(&opts(Backend::Jit)).unwrap();
    assert!(
        plan.contains("depth"),
        "explain names the depth cut:\n{}",
        &plan[..plan.len().min(4000)]
    );
}

#[test]
fn a_deep_chain_evaluates_on_a_small_stack() {
    // Fusion inlines at most `MAX_INLINE_DEPTH` (200) ops per kernel expression and recurses
    // over that depth (about 3 KiB of stack per level in a debug build); recursion over the whole
    // 4000-op chain would need about 12 MiB. 1 MiB holds the first and not the second.
    let handle = std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let a = Array::linspace(0.0, 1.0, 64);
            let (lazy, eager) = chain(&a, 2000);
            let got = lazy
                .eval_with(&opts(Backend::Jit))
                .map_err(|e| e.to_string())?;
            Ok::<_, String>((got.to_vec::<f64>().unwrap(), eager.to_vec::<f64>().unwrap()))
        })
        .unwrap();
    let (got, want) = handle.join().expect("no stack overflow").unwrap();
    assert_eq!(got, want);
}

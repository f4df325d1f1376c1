//! `compare()` reports the first call (with what it compiled) apart from the cached calls.
//! This test binary is its own process, so the JIT's kernel cache starts empty.

use numfuse::prelude::*;

#[test]
fn the_first_call_compiles_and_later_ones_hit_the_cache() {
    let opts = EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    };
    let x = Array::linspace(-3.0, 3.0, 5000).lazy();
    let e = (&x * 1.5 - 0.25).tanh() + &x;
    let first = e.compare_with(&opts, 3).unwrap();
    assert_eq!(first.lazy_backend, "jit");
    assert_eq!(first.kernels_compiled, 1, "{first}");
    assert!(first.compile_time > std::time::Duration::ZERO, "{first}");
    assert!(first.lazy_first_time >= first.compile_time, "{first}");
    assert!(first.max_abs_diff <= 1e-15, "{first}");
    // Same structure, other constants and size: the kernel is reused.
    let y = Array::linspace(0.0, 1.0, 77).lazy();
    let again = ((&y * 7.0 - 2.0).tanh() + &y)
        .compare_with(&opts, 3)
        .unwrap();
    assert_eq!(again.kernels_compiled, 0, "{again}");
    assert_eq!(again.compile_time, std::time::Duration::ZERO);
    let text = again.to_string();
    assert!(
        text.contains("first call") && text.contains("compiled 0 kernel(s)"),
        "{text}"
    );
}

#[test]
fn compare_measures_differences_in_every_dtype() {
    let opts = EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    };
    let base = Array::arange(300.0, DType::F64);
    for dt in [DType::F32, DType::I32, DType::U8, DType::Bool, DType::U64] {
        let x = base.astype(dt).lazy();
        let e = if dt == DType::Bool {
            x.logical_not()
        } else {
            (&x * 3).sum(None)
        };
        let r = e.compare_with(&opts, 1).unwrap();
        assert_eq!((r.max_abs_diff, r.max_ulp_diff), (0.0, 0), "{dt}: {r}");
    }
}

#[test]
fn an_identical_graph_reuses_its_plan() {
    let opts = EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    };
    let build = |a: &Array| {
        let x = a.lazy();
        (&x * 2.0 + &x * 3.0 - 1.25).sqrt()
    };
    let a = Array::linspace(1.0, 2.0, 4000);
    let first = build(&a).explain_analyze_with(&opts).unwrap();
    assert!(!first.contains("plan cached"), "{first}");
    // Rebuilt from scratch on another array of the same shape: same graph, same plan.
    let b = Array::linspace(3.0, 4.0, 4000);
    let again = build(&b).explain_analyze_with(&opts).unwrap();
    assert!(again.contains("passes: skipped, plan cached"), "{again}");
    let y = build(&b).eval_with(&opts).unwrap();
    let want = (&(&b * 5.0) - 1.25).sqrt().unwrap();
    numfuse::testing::assert_allclose(&y, &want, 1e-15, 0.0);
    // Another shape or constant is another graph.
    let other = build(&Array::linspace(1.0, 2.0, 4001))
        .explain_analyze_with(&opts)
        .unwrap();
    assert!(!other.contains("plan cached"), "{other}");
}

//! `Backend::Auto`'s cost model (eager for small uncached work, the JIT for large or cached
//! work, and for a `JitFn` the switch to the JIT once eager runs have paid for a compile), and
//! `eval_into` writing straight into its destination, including destinations that alias an
//! input before copy-on-write, strided and read-only destinations. Each test uses kernel
//! structures no other test in this binary compiles, so cache state is its own.

use numfuse::lazy::{AUTO_EAGER_MAX_WORK, eval_many_with};
use numfuse::prelude::*;

fn with(backend: Backend) -> EvalOptions {
    EvalOptions {
        backend,
        ..EvalOptions::default()
    }
}

fn ramp(n: usize) -> Array {
    &Array::arange(n as f64, DType::F64) - (n / 2) as f64
}

fn same(a: &Array, b: &Array) {
    assert_eq!(a.shape(), b.shape());
    assert_eq!(a.dtype(), b.dtype());
    assert_eq!(
        a.astype(DType::F64).to_vec::<f64>().unwrap(),
        b.astype(DType::F64).to_vec::<f64>().unwrap()
    );
}

#[test]
fn auto_runs_small_uncached_work_eagerly() {
    let a = ramp(1000);
    // A structure only this test builds: minimum of a scaled copy and a constant.
    let y = (&a.lazy() * 1.25).minimum(3.5);
    let text = y.explain_analyze().unwrap();
    assert!(
        text.contains(
            "backend: eager — 1,000 elements, 1 kernel not cached, compile ~1 ms > work ~2 µs"
        ),
        "{text}"
    );
    assert!(text.contains("-- run: eager"), "{text}");
    same(&y.eval().unwrap(), &(&a * 1.25).minimum(3.5).unwrap());
    // Compiled once (explicitly), the same structure runs on the JIT at any size.
    y.eval_with(&with(Backend::Jit)).unwrap();
    let small = (&ramp(10).lazy() * 7.0).minimum(-1.0);
    let text = small.explain_analyze().unwrap();
    assert!(
        text.contains("backend: jit — 10 elements, kernels cached"),
        "{text}"
    );
    same(
        &small.eval().unwrap(),
        &(&ramp(10) * 7.0).minimum(-1.0).unwrap(),
    );
}

#[test]
fn auto_compiles_large_work() {
    let n = AUTO_EAGER_MAX_WORK + 1;
    let a = ramp(n);
    let y = (&a.lazy() * 0.75).maximum(-2.0).abs();
    let text = y.explain_analyze().unwrap();
    assert!(
        text.contains("backend: jit — 32,769 elements >= 32,768: compiling 1 kernel pays"),
        "{text}"
    );
    same(
        &y.eval().unwrap(),
        &(&a * 0.75).maximum(-2.0).unwrap().abs().unwrap(),
    );
    // Explicit backends are never overridden.
    let tiny = (&ramp(3).lazy() * 0.5).maximum(1.0).abs();
    let text = tiny.explain_analyze_with(&with(Backend::Eager)).unwrap();
    assert!(text.contains("backend: eager — requested"), "{text}");
}

#[test]
fn jit_function_compiles_once_eager_runs_have_paid() {
    // 20,000 elements: ~40 µs of eager work a call against ~1 ms of compiling.
    let f = numfuse::jit(|x: &Expr| (x * 1.5 + 0.25).floor());
    let a = ramp(20_000);
    let want = (&(&a * 1.5) + 0.25).floor().unwrap();
    let mut backends = Vec::new();
    for _ in 0..40 {
        let (y, r) = f.call_report(&[&a]).unwrap();
        same(&y[0], &want);
        backends.push(r.backend);
    }
    assert_eq!(backends[0], Backend::Eager);
    let switch = backends
        .iter()
        .position(|b| *b == Backend::Jit)
        .expect("switched to the JIT");
    assert!(switch <= 30, "{backends:?}");
    assert!(
        backends[switch..].iter().all(|b| *b == Backend::Jit),
        "{backends:?}"
    );
    assert_eq!(f.stats().compiled, 1);
    assert_eq!(f.stats().eager_calls, switch as u64);
}

#[test]
fn eval_into_writes_in_place() {
    let jit = with(Backend::Jit);
    for opts in [
        with(Backend::Jit),
        with(Backend::Eager),
        with(Backend::Auto),
    ] {
        // The destination is also the input: it reads the old values.
        let mut a = ramp(10);
        let old = a.clone();
        (&a.lazy() * 2.0 + 1.0)
            .eval_into_with(&mut a, &opts)
            .unwrap();
        same(&a, &(&(&old * 2.0) + 1.0));
        same(&old, &ramp(10));
        // A view of a parent that is also an input: row 1 from row 0, then reversed in place.
        let mut p = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
        let x = p.lazy();
        (&x.slice(s![0]) + 100.0)
            .eval_into_with(&mut p.slice_mut(s![1]).unwrap(), &opts)
            .unwrap();
        same(
            &p.slice(s![1]).unwrap(),
            &(&Array::arange(4.0, DType::F64) + 100.0),
        );
        same(&p.slice(s![0]).unwrap(), &Array::arange(4.0, DType::F64));
        let before = p.clone();
        p.lazy()
            .slice(s![..;-1, ..;-1])
            .eval_into_with(&mut p, &opts)
            .unwrap();
        same(&p, &before.slice(s![..;-1, ..;-1]).unwrap());
        // A reduction, and an expression that is just its input.
        let mut s = Array::zeros(&[4], DType::F64);
        before.lazy().sum(0).eval_into_with(&mut s, &opts).unwrap();
        same(&s, &before.sum(0).unwrap());
        let mut c = Array::zeros(&[3, 4], DType::F64);
        before.lazy().eval_into_with(&mut c, &opts).unwrap();
        same(&c, &before);
    }
    // A strided destination takes the copy path.
    let mut big = Array::zeros(&[2, 8], DType::F64);
    let r = ramp(8).reshape(&[2, 4]).unwrap();
    (r.lazy() * 3.0)
        .eval_into_with(&mut big.slice_mut(s![.., ..;2]).unwrap(), &jit)
        .unwrap();
    same(&big.slice(s![.., ..;2]).unwrap(), &(&r * 3.0));
    same(
        &big.slice(s![.., 1..;2]).unwrap(),
        &Array::zeros(&[2, 4], DType::F64),
    );
}

#[test]
fn eval_into_errors() {
    let jit = with(Backend::Jit);
    let x = ramp(6).lazy();
    let err = (&x * 2.0)
        .eval_into_with(&mut Array::zeros(&[5], DType::F64), &jit)
        .unwrap_err();
    assert!(
        err.to_string().contains("does not match the result shape"),
        "{err}"
    );
    let err = (&x * 2.0)
        .eval_into_with(&mut Array::zeros(&[6], DType::F32), &jit)
        .unwrap_err();
    assert!(matches!(err, Error::DType { .. }), "{err}");
    let mut ro = Array::zeros(&[1], DType::F64).broadcast_to(&[6]).unwrap();
    let err = (&x * 2.0).eval_into_with(&mut ro, &jit).unwrap_err();
    assert!(matches!(err, Error::ReadOnly { .. }), "{err}");
    // An invalid expression reports itself, not the destination.
    let err = (&x + &ramp(4))
        .eval_into_with(&mut Array::zeros(&[5], DType::F64), &jit)
        .unwrap_err();
    assert!(err.to_string().contains("could not be broadcast"), "{err}");
}

#[test]
fn eval_many_shares_one_evaluation() {
    let a = ramp(5000);
    let x = a.lazy();
    let e = (&x * 0.001).exp();
    // Strict: transcendentals call libm, bit-exact with eager.
    let strict = EvalOptions {
        policy: numfuse::ir::FloatPolicy::Strict,
        ..with(Backend::Jit)
    };
    let outs = eval_many_with(&[&e.sum(None), &(&e * 2.0)], &strict).unwrap();
    let ea = (&a * 0.001).exp().unwrap();
    let sum = outs[0].to_vec::<f64>().unwrap()[0];
    let want = ea.sum(None).unwrap().to_vec::<f64>().unwrap()[0];
    assert!((sum - want).abs() <= 1e-9 * want.abs(), "{sum} vs {want}");
    same(&outs[1], &(&ea * 2.0));
}

//! `numfuse::jit`: plans reused across sizes, a new specialisation per dtype/rank/broadcast
//! pattern, per-shape plans for functions that read lengths, captured arrays, arity errors,
//! several outputs, and many threads calling one `JitFn`. Every result is checked against
//! the eager API; reuse is checked through `CallReport` and `JitStats`, never timing.

use numfuse::lazy::PlanKind;
use numfuse::lazy::where_;
use numfuse::prelude::*;
use numfuse::{JitFn, jit};

fn jit_opts() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

fn close(lazy: &Array, eager: &Array) {
    assert_eq!(lazy.shape(), eager.shape());
    assert_eq!(lazy.dtype(), eager.dtype());
    let l = lazy.astype(DType::F64).to_vec::<f64>().unwrap();
    let e = eager.astype(DType::F64).to_vec::<f64>().unwrap();
    for (i, (x, y)) in l.iter().zip(&e).enumerate() {
        // The JIT's transcendentals are within a few ulps of libm (the eager reference).
        let eps = if lazy.dtype() == DType::F32 {
            f64::from(f32::EPSILON)
        } else {
            f64::EPSILON
        };
        let ok =
            x == y || (x.is_nan() && y.is_nan()) || (x - y).abs() <= 8.0 * eps * y.abs().max(1.0);
        assert!(ok, "element {i}: {x} vs {y}");
    }
}

fn ramp(n: usize, dtype: DType) -> Array {
    (&Array::arange(n as f64, dtype) - (n / 3) as f64).astype(dtype)
}

/// The seed's Numba function, eagerly.
fn numba_eager(x: &Array) -> Array {
    let pos = x.greater(&Array::scalar(0.0)).unwrap();
    let a = &x.sqrt().unwrap() * &(x + 1.0).log().unwrap();
    let b = x * x; // x ** 2 with a weak 2 keeps x's dtype
    numfuse::ops::where_(&pos, &a, &b).unwrap()
}

fn numba() -> JitFn {
    jit(|x: &Expr| where_(&x.greater(0.0), x.sqrt() * (x + 1.0).log(), x.power(2)))
        .with_options(jit_opts())
}

#[test]
fn one_trace_serves_every_size() {
    let f = numba();
    let a = ramp(1000, DType::F64);
    let (y, first) = f.call_report(&[&a]).unwrap();
    assert!(first.traced, "{first}");
    assert_eq!(first.plan, PlanKind::Symbolic, "{first}");
    assert_eq!(first.signature, "(f64[n0])");
    close(&y[0], &numba_eager(&a));
    for n in [5000, 7, 65_536 * 3 + 5, 2] {
        let b = ramp(n, DType::F64);
        let (y, r) = f.call_report(&[&b]).unwrap();
        assert!(!r.traced, "size {n}: {r}");
        assert_eq!(r.compiled(), 0, "size {n}: {r}");
        assert!(r.kernels.iter().all(|k| k.hit), "size {n}: {r}");
        close(&y[0], &numba_eager(&b));
    }
    let s = f.stats();
    assert_eq!((s.calls, s.traces), (5, 1), "{s:?}");
    // A length of 1 broadcasts differently: a new signature.
    let (_, r) = f.call_report(&[&ramp(1, DType::F64)]).unwrap();
    assert!(r.traced && r.signature == "(f64[1])", "{r}");
}

#[test]
fn new_dtype_or_rank_is_a_new_specialisation() {
    let f = jit(|x: &Expr| (x * 3.0 - 1.0).abs()).with_options(jit_opts());
    let a = ramp(100, DType::F64);
    f.call(&[&a]).unwrap();
    let b = ramp(50, DType::F32);
    let (y, r) = f.call_report(&[&b]).unwrap();
    assert!(r.traced, "{r}");
    assert_eq!(r.signature, "(f32[n0])");
    close(&y[0], &(&(&b * 3.0) - 1.0).abs().unwrap());
    let m = ramp(12, DType::F64).reshape(&[3, 4]).unwrap();
    let (y, r) = f.call_report(&[&m]).unwrap();
    assert!(r.traced && r.signature == "(f64[n0, n1])", "{r}");
    close(&y[0], &(&(&m * 3.0) - 1.0).abs().unwrap());
    // Back to the first dtype and rank, another size: reused.
    let (_, r) = f.call_report(&[&ramp(333, DType::F64)]).unwrap();
    assert!(!r.traced, "{r}");
    assert_eq!(f.stats().traces, 3);
    // Integers: a specialisation of their own, with integer results.
    let i = Array::arange(10.0, DType::I64);
    let y = f.call(&[&i]).unwrap();
    assert_eq!(y.dtype(), DType::F64);
}

#[test]
fn broadcast_patterns_and_errors() {
    let f = jit(|x: &Expr, y: &Expr| x * y + 1.0).with_options(jit_opts());
    let (x, y) = (
        ramp(12, DType::F64).reshape(&[3, 4]).unwrap(),
        ramp(4, DType::F64),
    );
    let (out, r) = f.call_report(&[&x, &y]).unwrap();
    assert_eq!(r.signature, "(f64[n0, n1], f64[n1])");
    close(&out[0], &(&(&x * &y) + 1.0));
    let (x2, y2) = (
        ramp(30, DType::F64).reshape(&[5, 6]).unwrap(),
        ramp(6, DType::F64),
    );
    let (out, r) = f.call_report(&[&x2, &y2]).unwrap();
    assert!(!r.traced, "{r}");
    close(&out[0], &(&(&x2 * &y2) + 1.0));
    // A length-1 operand: another signature, still correct.
    let one = ramp(1, DType::F64);
    let (out, r) = f.call_report(&[&x2, &one]).unwrap();
    assert!(r.traced, "{r}");
    close(&out[0], &(&(&x2 * &one) + 1.0));
    // Shapes that do not broadcast: NumPy's error, naming the expression.
    let err = f
        .call(&[&x2, &ramp(4, DType::F64)])
        .unwrap_err()
        .to_string();
    assert!(err.contains("could not be broadcast"), "{err}");
}

#[test]
fn arity_and_outputs() {
    let f = jit(|x: &Expr| x + 1.0);
    let err = f
        .call(&[&ramp(3, DType::F64), &ramp(3, DType::F64)])
        .unwrap_err();
    assert!(
        err.to_string()
            .contains("takes 1 argument but 2 were given"),
        "{err}"
    );
    assert!(f.call(&[]).is_err());
    // Slice functions take any number: each count is its own signature; indexing past the
    // end is an error, not a panic of the caller.
    let g = jit(|x: &[Expr]| &x[0] + &x[1]).with_options(jit_opts());
    let a = ramp(4, DType::F64);
    close(&g.call(&[&a, &a]).unwrap(), &(&a + &a));
    let err = g.call(&[&a]).unwrap_err().to_string();
    assert!(
        err.contains("tracing the function with 1 arguments panicked"),
        "{err}"
    );
    // Several outputs: `call_many`; `call` names the count.
    let h = jit(|x: &Expr, w: &Expr| ((x * w).sum(None), x - w)).with_options(jit_opts());
    let w = ramp(4, DType::F64);
    let outs = h.call_many(&[&a, &w]).unwrap();
    close(&outs[0], &(&a * &w).sum(None).unwrap());
    close(&outs[1], &(&a - &w));
    assert!(
        h.call(&[&a, &w])
            .unwrap_err()
            .to_string()
            .contains("2 outputs")
    );
    let v = jit(|x: &[Expr]| vec![x[0].exp(), x[0].sum(None)]).with_options(jit_opts());
    assert_eq!(v.call_many(&[&a]).unwrap().len(), 2);
}

#[test]
fn functions_that_read_lengths_plan_per_shape() {
    let f = jit(|x: &Expr| x / x.shape()[0] as f64).with_options(jit_opts());
    for n in [4, 10, 4] {
        let a = ramp(n, DType::F64);
        let (y, r) = f.call_report(&[&a]).unwrap();
        assert_eq!(r.plan, PlanKind::PerShape, "{r}");
        close(&y[0], &(&a / n as f64));
    }
    // Traced symbolically once, then once per new shape: 4 and 10 (4 again is reused).
    assert_eq!(f.stats().traces, 3);
}

#[test]
fn captured_arrays() {
    // A captured array of fixed shape: planned per shape (its length cannot meet a symbol).
    let w = ramp(5, DType::F64);
    let w2 = w.clone();
    let f = jit(move |x: &Expr| x * &w2).with_options(jit_opts());
    let a = ramp(5, DType::F64);
    let (y, r) = f.call_report(&[&a]).unwrap();
    assert_eq!(r.plan, PlanKind::PerShape, "{r}");
    close(&y[0], &(&a * &w));
    // A captured 0-d array broadcasts against a symbol: one symbolic plan.
    let s = Array::scalar(2.5);
    let g = jit(move |x: &Expr| x + &s).with_options(jit_opts());
    for n in [3, 8] {
        let a = ramp(n, DType::F64);
        let (y, r) = g.call_report(&[&a]).unwrap();
        assert_eq!(r.plan, PlanKind::Symbolic, "{r}");
        close(&y[0], &(&a + 2.5));
    }
    // An argument that is also captured is not confused with it on later calls.
    let c = ramp(6, DType::F64);
    let c2 = c.clone();
    let h = jit(move |x: &Expr| x - &c2).with_options(jit_opts());
    close(&h.call(&[&c]).unwrap(), &Array::zeros(&[6], DType::F64));
    let d = Array::ones(&[6], DType::F64);
    close(&h.call(&[&d]).unwrap(), &(&d - &c));
    close(&h.call(&[&d]).unwrap(), &(&d - &c));
    // The same array as two arguments, then two different ones.
    let k = jit(|x: &Expr, y: &Expr| x - y).with_options(jit_opts());
    close(&k.call(&[&c, &c]).unwrap(), &Array::zeros(&[6], DType::F64));
    close(&k.call(&[&d, &c]).unwrap(), &(&d - &c));
}

#[test]
fn explain_says_traced_or_reused() {
    let f = jit(|x: &Expr| (x - 1.0) * (x - 1.0)).with_options(jit_opts());
    let text = f.explain(&[&ramp(10, DType::F64)]).unwrap();
    for s in [
        "plan=symbolic (traced)",
        "backend: jit",
        "-- graph as built",
        "a: f64[n0]",
        "-- kernels: 1 --",
        "k0 E_",
    ] {
        assert!(text.contains(s), "{s} missing:\n{text}");
    }
    let text = f.explain(&[&ramp(99, DType::F64)]).unwrap();
    assert!(text.contains("plan=symbolic (reused)"), "{text}");
    assert!(text.contains("cache hit"), "{text}");
}

#[test]
fn many_threads_one_function() {
    let f = std::sync::Arc::new(numba());
    let g = std::sync::Arc::new(jit(|x: &Expr, y: &Expr| (x * y).sum(None) + x.max(None)));
    std::thread::scope(|scope| {
        for t in 0..8usize {
            let (f, g) = (f.clone(), g.clone());
            scope.spawn(move || {
                for round in 0..6usize {
                    let n = 1 + t * 37 + round * 1001;
                    let dtype = if (t + round) % 3 == 0 {
                        DType::F32
                    } else {
                        DType::F64
                    };
                    let a = ramp(n, dtype);
                    close(&f.call(&[&a]).unwrap(), &numba_eager(&a));
                    let b = ramp(n, dtype);
                    let want = &(&a * &b).sum(None).unwrap() + &a.max(None).unwrap();
                    close(&g.call(&[&a, &b]).unwrap(), &want);
                }
            });
        }
    });
    let s = f.stats();
    assert_eq!(s.calls, 48);
    // At most a few signatures (f32/f64, length 1): traces stay far below the calls.
    assert!(s.traces <= 8 * 3, "{s:?}");
}

#[test]
fn materialisation_points_inside_a_function_plan_per_call() {
    // A boolean mask selects data-dependent elements: evaluated at each call, never baked
    // into a plan from the first call's data.
    let f = jit(|x: &Expr| {
        let pos = x.mask_select(x.greater(0.0)).expect("mask_select");
        (x * 2.0).sum(None) + pos.sum(None)
    })
    .with_options(jit_opts());
    for n in [10, 10, 25] {
        let a = ramp(n, DType::F64);
        let (y, r) = f.call_report(&[&a]).unwrap();
        assert_eq!(r.plan, PlanKind::PerCall, "{r}");
        let pos = a
            .mask_select(&a.greater(&Array::scalar(0.0)).unwrap())
            .unwrap();
        let want = &(&a * 2.0).sum(None).unwrap() + &pos.sum(None).unwrap();
        close(&y[0], &want);
    }
}

//! The lazy front end against the eager API: the DESIGN example, every operator and method,
//! views, reductions, errors, `eval_into` / `eval_many`, `explain` and `compare`.

use numfuse::ir::{BinaryOp, FloatPolicy, UnaryOp};
use numfuse::lazy::{eval_many_with, where_};
use numfuse::prelude::*;
use numfuse::{Axes, Expr, SliceElem};

/// The backend under test: the JIT (the eager evaluator is the reference it is compared with).
const BACKEND: Backend = Backend::Jit;

fn opts() -> EvalOptions {
    EvalOptions {
        backend: BACKEND,
        ..EvalOptions::default()
    }
}

fn strict() -> EvalOptions {
    EvalOptions {
        policy: FloatPolicy::Strict,
        ..opts()
    }
}

fn ev(e: &Expr) -> Array {
    e.eval_with(&strict())
        .unwrap_or_else(|err| panic!("{e:?}: {err}"))
}

/// Same dtype and shape; integers and bools exactly equal; floats within a few ulps (the
/// JIT's vectorised transcendentals and reduction order are not bit-identical to eager's) or,
/// for sums that cancel, within a small absolute tolerance. NaN equals NaN.
fn same(lazy: &Array, eager: &Array, what: &str) {
    assert_eq!(lazy.dtype(), eager.dtype(), "{what}: dtype");
    assert_eq!(lazy.shape(), eager.shape(), "{what}: shape");
    let float = lazy.dtype().is_float();
    let (ulps, tol) = if lazy.dtype() == DType::F32 {
        (8u64, 1e-5)
    } else {
        (8u64, 1e-12)
    };
    let a = lazy.astype(DType::F64).to_vec::<f64>().unwrap();
    let b = eager.astype(DType::F64).to_vec::<f64>().unwrap();
    for (i, (x, y)) in a.iter().zip(&b).enumerate() {
        let ok = x.to_bits() == y.to_bits()
            || (x.is_nan() && y.is_nan())
            || (float && x == y)
            || (float && x.is_finite() && y.is_finite() && {
                let d = (x.to_bits() as i64)
                    .wrapping_sub(y.to_bits() as i64)
                    .unsigned_abs();
                (x.signum() == y.signum() && d <= ulps) || (x - y).abs() <= tol * (1.0 + y.abs())
            });
        assert!(ok, "{what}: element {i}: lazy {x} eager {y}");
    }
}

fn floats() -> Array {
    Array::from_vec(vec![0.5, -1.25, 2.0, 3.5, -0.0, 7.0], &[2, 3]).unwrap()
}

fn ints() -> Array {
    Array::from_vec(vec![3i64, -7, 12, 0, 5, -2], &[2, 3]).unwrap()
}

#[test]
fn design_example_like_terms() {
    let a = Array::arange(10_000.0, DType::F64);
    let x = a.lazy();
    let y = &x * 2.0 + &x * 3.0;
    let text = y.explain_with(&opts()).unwrap();
    assert!(text.contains("policy=algebraic"), "{text}");
    assert!(text.contains("-- graph as built: 4 nodes --"), "{text}");
    assert!(text.contains("-- pass simplify: 1 rewrite"), "{text}");
    assert!(text.contains("like_terms"), "{text}");
    assert!(text.contains("multiply a, 5.0"), "{text}");
    assert!(text.contains("-- kernels: 1 --"), "{text}");
    // Deterministic.
    assert_eq!(text, y.explain_with(&opts()).unwrap());
    let out = y.eval_with(&opts()).unwrap();
    same(&out, &(&a * 5.0), "a*2 + a*3 == a*5");
}

#[test]
fn binary_ops_match_eager() {
    let (f, i) = (floats(), ints());
    let g = Array::from_vec(vec![1.5, 2.0, -3.0], &[3]).unwrap();
    let j = Array::from_vec(vec![2i64, 3, -4], &[3]).unwrap();
    for &op in BinaryOp::ALL {
        for (a, b) in [(&f, &g), (&i, &j), (&f, &j), (&i, &g)] {
            let eager = numfuse::ops::binary(op, a, b);
            let lazy = a.lazy().binary(op, b).eval_with(&strict());
            match (eager, lazy) {
                (Ok(e), Ok(l)) => same(&l, &e, op.name()),
                (Err(_), Err(_)) => {}
                (e, l) => panic!("{op}: eager {e:?} lazy {l:?}"),
            }
        }
        // Weak scalars on either side.
        for s in [2.0f64, -3.0] {
            if let Ok(e) = numfuse::ops::binary(op, &f, s) {
                same(&ev(&f.lazy().binary(op, s)), &e, op.name());
            }
        }
        if let Ok(e) = numfuse::ops::binary(op, &i, 3i64) {
            same(&ev(&i.lazy().binary(op, 3i64)), &e, op.name());
        }
    }
}

#[test]
fn operators_match_eager() {
    let (f, i) = (floats(), ints());
    let x = f.lazy();
    same(&ev(&(&x + 1.0)), &(&f + 1.0), "+");
    same(&ev(&(1.0 - &x)), &(1.0 - &f), "scalar -");
    same(&ev(&(&x * &x)), &(&f * &f), "*");
    same(&ev(&(2.0 / &x)), &(2.0 / &f), "scalar /");
    same(&ev(&(&x % 2.0)), &(&f % 2.0), "%");
    same(&ev(&(-&x)), &(-&f), "neg");
    // A weak int next to a float array takes the float dtype (NEP 50).
    same(&ev(&(&x * 2i64)), &(&f * 2i64), "float * weak int");
    same(&ev(&(3i64 - &x)), &(3i64 - &f), "weak int - float");
    let k = i.lazy();
    same(&ev(&(&k & 6i64)), &(&i & 6i64), "&");
    same(&ev(&(&k | 1i64)), &(&i | 1i64), "|");
    same(&ev(&(&k ^ &k)), &(&i ^ &i), "^");
    same(&ev(&(&k << 2i64)), &(&i << 2i64), "<<");
    same(&ev(&(!&k)), &(!&i), "!");
    // f32 stays f32 next to a weak float (NEP 50).
    let h = f.astype(DType::F32);
    let y = &h.lazy() * 2.0;
    assert_eq!(y.dtype(), DType::F32);
    same(&ev(&y), &(&h * 2.0), "f32 * weak");
    // u8 wraps.
    let u = Array::from_slice(&[200u8, 250]);
    same(&ev(&(&u.lazy() + 100i64)), &(&u + 100i64), "u8 wrap");
    // Comparisons.
    same(&ev(&x.less(1.0)), &f.less(1.0).unwrap(), "less");
    same(
        &ev(&x.greater_equal(&x)),
        &f.greater_equal(&f).unwrap(),
        "ge",
    );
    same(&ev(&k.not_equal(0i64)), &i.not_equal(0i64).unwrap(), "ne");
}

#[test]
fn unary_ops_match_eager() {
    let inputs = [
        floats(),
        ints(),
        floats().astype(DType::F32),
        ints().astype(DType::I32),
        ints().astype(DType::Bool),
    ];
    for &op in UnaryOp::ALL {
        for a in &inputs {
            let eager = numfuse::ops::unary(op, a);
            let lazy = a.lazy().unary(op).eval_with(&strict());
            match (eager, lazy) {
                (Ok(e), Ok(l)) => same(&l, &e, op.name()),
                (Err(_), Err(_)) => {}
                (e, l) => panic!("{op} of {}: eager {e:?} lazy {l:?}", a.dtype()),
            }
        }
    }
    let f = floats();
    same(&ev(&f.lazy().sqrt()), &f.sqrt().unwrap(), "sqrt");
    same(&ev(&f.lazy().abs()), &f.abs().unwrap(), "abs");
    for p in [2.0, 0.5, 1.0, -1.0, 0.0, 3.0] {
        same(
            &ev(&f.lazy().power(p)),
            &f.power(p).unwrap(),
            &format!("power {p}"),
        );
    }
    same(
        &ev(&ints().lazy().power(2i64)),
        &ints().power(2i64).unwrap(),
        "ipow",
    );
}

#[test]
fn where_and_astype() {
    let f = floats();
    let x = f.lazy();
    let r = where_(&x.less(0.0), 0.0, &x);
    let e = numfuse::ops::where_(&f.less(0.0).unwrap(), 0.0, &f).unwrap();
    same(&ev(&r), &e, "where");
    // A non-bool condition converts to bool.
    let i = ints();
    let r = where_(&i.lazy(), 1i64, -1i64);
    let e = numfuse::ops::where_(&i, 1i64, -1i64).unwrap();
    same(&ev(&r), &e, "where int cond");
    for t in [DType::I32, DType::U8, DType::Bool, DType::F32] {
        same(&ev(&x.astype(t)), &f.astype(t), "astype");
    }
}

#[test]
fn views_match_eager() {
    let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4]).unwrap();
    let x = a.lazy();
    same(&ev(&x.t()), &a.t().copy(), "t");
    let p = [1isize, 2, 0];
    same(
        &ev(&x.permute_axes(&p)),
        &a.permute_axes(&p).unwrap(),
        "permute",
    );
    same(&ev(&x.transpose(None)), &a.t(), "transpose");
    let indices: Vec<Vec<SliceElem>> = vec![
        s![.., ..;-1, 1..;2].to_vec(),
        s![1, .., NewAxis, ..;3].to_vec(),
        s![-1, 2].to_vec(),
        s![NewAxis, Ellipsis, 0].to_vec(),
        s![..1, 1..3, ..;-2].to_vec(),
        s![.., 5..].to_vec(),
    ];
    for idx in &indices {
        same(
            &ev(&x.slice(idx)),
            &a.slice(idx).unwrap(),
            &format!("{idx:?}"),
        );
        same(
            &ev(&(&x.slice(idx) * 2.0)),
            &(&a.slice(idx).unwrap() * 2.0),
            "slice*2",
        );
    }
    let row = Array::arange(4.0, DType::F64);
    same(
        &ev(&row.lazy().broadcast_to(&[3, 4])),
        &row.broadcast_to(&[3, 4]).unwrap(),
        "broadcast_to",
    );
    same(
        &ev(&x.expand_dims(1)),
        &a.expand_dims(1).unwrap(),
        "expand_dims",
    );
    same(
        &ev(&x.expand_dims(-1)),
        &a.expand_dims(-1).unwrap(),
        "expand_dims -1",
    );
    let s = a.reshape(&[2, 1, 12]).unwrap();
    same(
        &ev(&s.lazy().squeeze(None)),
        &s.squeeze(None).unwrap(),
        "squeeze",
    );
    same(
        &ev(&x.reshape(&[4, -1])),
        &a.reshape(&[4, -1]).unwrap(),
        "reshape",
    );
    // Reshape of a transposed (non-contiguous) input copies, as eager does.
    same(
        &ev(&x.t().reshape(&[-1])),
        &a.t().reshape(&[-1]).unwrap(),
        "reshape of t",
    );
    // Broadcasting a strided input against a new axis: pairwise differences.
    let pts = Array::arange(6.0, DType::F64).reshape(&[3, 2]).unwrap();
    let p = pts.lazy();
    let d = (p.slice(s![.., NewAxis, ..]) - p.slice(s![NewAxis, .., ..]))
        .square()
        .sum(2);
    let pe = (&pts.slice(s![.., NewAxis, ..]).unwrap() - &pts.slice(s![NewAxis, .., ..]).unwrap())
        .square()
        .unwrap()
        .sum(2)
        .unwrap();
    same(&ev(&d), &pe, "pairwise");
}

#[test]
fn reductions_match_eager() {
    let a = Array::from_vec(
        vec![
            3.0, -1.0, 4.0, 1.0, -5.0, 9.0, 2.0, 6.0, 5.0, -3.0, 5.0, 8.0,
        ],
        &[2, 3, 2],
    )
    .unwrap();
    let specs: Vec<Axes> = vec![
        Axes::all(),
        Axes::from(0),
        Axes::from(-1),
        Axes::from([0, 2]),
        Axes::from(1).keepdims(),
        Axes::all().keepdims(),
        Axes::none(),
    ];
    for dt in [DType::F64, DType::I64, DType::F32, DType::I32, DType::Bool] {
        let a = a.astype(dt);
        let x = a.lazy();
        for spec in &specs {
            let pairs: Vec<(&str, Expr, numfuse::Result<Array>)> = vec![
                ("sum", x.sum(spec.clone()), a.sum(spec.clone())),
                ("prod", x.prod(spec.clone()), a.prod(spec.clone())),
                ("min", x.min(spec.clone()), a.min(spec.clone())),
                ("max", x.max(spec.clone()), a.max(spec.clone())),
                ("mean", x.mean(spec.clone()), a.mean(spec.clone())),
                ("any", x.any(spec.clone()), a.any(spec.clone())),
                ("all", x.all(spec.clone()), a.all(spec.clone())),
            ];
            for (name, l, e) in pairs {
                match (l.eval_with(&strict()), e) {
                    (Ok(l), Ok(e)) => same(&l, &e, &format!("{name} {spec:?} {dt}")),
                    (Err(_), Err(_)) => {}
                    (l, e) => panic!("{name} {spec:?} {dt}: lazy {l:?} eager {e:?}"),
                }
            }
        }
        for ax in [None, Some(0), Some(-1)] {
            same(&ev(&x.argmax(ax)), &a.argmax(ax).unwrap(), "argmax");
            same(&ev(&x.argmin(ax)), &a.argmin(ax).unwrap(), "argmin");
        }
        for ax in [None, Some(0), Some(2), Some(-2)] {
            if dt != DType::Bool {
                same(&ev(&x.cumsum(ax)), &a.cumsum(ax).unwrap(), "cumsum");
                same(&ev(&x.cumprod(ax)), &a.cumprod(ax).unwrap(), "cumprod");
            }
        }
    }
}

#[test]
fn matmul_matches_eager() {
    let a = Array::arange(6.0, DType::F64).reshape(&[2, 3]).unwrap();
    let b = Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap();
    let y = (a.lazy() * 2.0).matmul(&b).exp().sum(None);
    let e = (&a * 2.0)
        .matmul(&b)
        .unwrap()
        .exp()
        .unwrap()
        .sum(None)
        .unwrap();
    same(&ev(&y), &e, "matmul");
    same(
        &ev(&a.lazy().matmul(&a.t())),
        &a.matmul(&a.t()).unwrap(),
        "a @ a.T",
    );
}

#[test]
fn errors_name_the_expression() {
    let a = Array::zeros(&[3], DType::F64);
    let b = Array::zeros(&[4], DType::F64);
    let y = (a.lazy() + &b).sqrt() * 2.0; // building never panics
    let err = y.eval_with(&opts()).unwrap_err();
    let msg = err.to_string();
    assert!(
        msg.starts_with("operands could not be broadcast together with shapes (3,) (4,)"),
        "{msg}"
    );
    assert!(msg.contains("`add a, b`"), "{msg}");
    match &err {
        Error::Expr { source, .. } => assert!(matches!(**source, Error::Broadcast { .. })),
        e => panic!("{e:?}"),
    }
    assert!(y.explain().is_err());
    // Axis out of range: the eager variant.
    let e = a.lazy().sum(3).eval_with(&opts()).unwrap_err();
    match &e {
        Error::Expr { source, .. } => {
            assert!(
                matches!(**source, Error::AxisOutOfRange { axis: 3, ndim: 1 }),
                "{e}"
            )
        }
        e => panic!("{e:?}"),
    }
    // No loop: a shift of floats.
    let e = (a.lazy() << 1i64).eval_with(&opts()).unwrap_err();
    assert!(e.to_string().contains("left_shift"), "{e}");
    // Bad slice, bad reshape, bad squeeze, bad transpose, bad broadcast, bad matmul.
    for bad in [
        a.lazy().slice(s![5]),
        a.lazy().reshape(&[2, -1]),
        a.lazy().squeeze(Some(&[0])),
        a.lazy().permute_axes(&[0, 0]),
        a.lazy().broadcast_to(&[2, 4]),
        a.lazy().matmul(&b),
        a.lazy().expand_dims(5),
        a.lazy().cumsum(Some(2)),
    ] {
        let e = bad.eval_with(&opts()).unwrap_err();
        assert!(matches!(e, Error::Expr { .. }), "{e:?}");
    }
    // A weak integer that does not fit.
    let u = Array::from_slice(&[1u8]);
    assert!((u.lazy() + 300i64).eval_with(&opts()).is_err());
}

#[test]
fn eval_into_and_eval_many() {
    let a = Array::arange(6.0, DType::F64).reshape(&[2, 3]).unwrap();
    let x = a.lazy();
    let mut out = Array::zeros(&[3, 2], DType::F64);
    (&x.t() + 1.0).eval_into_with(&mut out, &opts()).unwrap();
    same(&out, &(&a.t() + 1.0), "eval_into");
    // Into a strided view of a bigger array.
    let mut big = Array::zeros(&[2, 6], DType::F64);
    (&x * 2.0)
        .eval_into_with(&mut big.slice_mut(s![.., ..;2]).unwrap(), &opts())
        .unwrap();
    same(&big.slice(s![.., ..;2]).unwrap(), &(&a * 2.0), "into view");
    assert!(
        (&x * 2.0)
            .eval_into(&mut Array::zeros(&[3], DType::F64))
            .is_err()
    );
    assert!(
        (&x * 2.0)
            .eval_into(&mut Array::zeros(&[2, 3], DType::F32))
            .is_err()
    );
    // Several outputs in one graph, from two builders.
    let b = Array::ones(&[3], DType::F64);
    let e = x.exp();
    let outs = eval_many_with(&[&e.sum(None), &(&e + &b.lazy()), &x], &opts()).unwrap();
    assert_eq!(outs.len(), 3);
    same(&outs[0], &a.exp().unwrap().sum(None).unwrap(), "many 0");
    same(&outs[1], &(&a.exp().unwrap() + &b), "many 1");
    same(&outs[2], &a, "many 2");
    // Inputs are values: writing the array afterwards does not change the graph's input.
    let mut c = Array::arange(3.0, DType::F64);
    let y = &c.lazy() * 2.0;
    c.fill(100.0).unwrap();
    same(&ev(&y), &(&Array::arange(3.0, DType::F64) * 2.0), "cow");
}

#[test]
fn explain_sections_and_compare() {
    let a = Array::arange(1000.0, DType::F64);
    let x = a.lazy();
    let y = ((&x - 1.0) * (&x - 1.0)).sum(None);
    let text = y.explain_with(&opts()).unwrap();
    for s in [
        "numfuse explain",
        "-- graph as built",
        "-- pass fold",
        "-- pass cse",
        "-- pass dce",
        "-- kernels: 1 --",
        "-- codegen --",
    ] {
        assert!(text.contains(s), "{s} missing:\n{text}");
    }
    let analyzed = y.explain_analyze_with(&opts()).unwrap();
    assert!(analyzed.contains("-- run: jit"), "{analyzed}");
    assert!(analyzed.contains("cache"), "{analyzed}");
    let eager = EvalOptions {
        backend: Backend::Eager,
        ..opts()
    };
    let analyzed = y.explain_analyze_with(&eager).unwrap();
    assert!(analyzed.contains("-- run: eager"), "{analyzed}");
    assert!(
        analyzed.contains("not compiled: backend=eager"),
        "{analyzed}"
    );
    let r = (&x * 2.0 + &x * 3.0).compare_with(&opts(), 3).unwrap();
    assert_eq!(r.max_ulp_diff, 0);
    assert_eq!(r.eager_temporaries, 2);
    assert_eq!(r.lazy_temporaries, 0);
    assert_eq!(r.loops, (3, 1));
    assert!(r.eager_bytes >= 8000 * 7, "{r:?}");
    assert_eq!(r.lazy_bytes, 8000 * 2);
    let shown = r.to_string();
    assert!(
        shown.contains("speed-up") && shown.contains("avoided 2"),
        "{shown}"
    );
}

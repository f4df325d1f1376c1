//! Sizes past one chunk: elementwise kernels split over rayon, reductions combining per-chunk
//! partials, and the same results with one thread and with the pool.

mod common;

use common::{Layout, Strided, kernels, run_jit};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, ScanOp, UnaryOp};
use numfuse_jit::{MathImpl, Options};

/// One thread; transcendentals bit for bit with the interpreter (libm calls).
const SERIAL: Options = Options {
    threads: Some(1),
    keep_ir: false,
    math: MathImpl::Libm,
};

fn data(n: usize) -> Vec<f64> {
    (0..n)
        .map(|k| ((k * 7919) % 1000) as f64 * 0.001 - 0.3)
        .collect()
}

#[test]
fn elementwise_over_many_chunks_is_exact() {
    let n = 3 * numfuse_jit::CHUNK + 123;
    let mut g = Graph::new("big");
    let a = g.input("a", DType::F64, Shape::from([Dim::from("n")]));
    let b = g.input("b", DType::F64, Shape::from([Dim::from("n")]));
    let x = g.binary(BinaryOp::Multiply, a, 2.0);
    let y = g.binary(BinaryOp::Multiply, b, 3.0);
    let z = g.binary(BinaryOp::Subtract, x, y);
    let e = g.unary(UnaryOp::Exp, z);
    g.set_outputs(&[e]);
    let (va, vb) = (
        Value::f64(&[n], &data(n)).unwrap(),
        Value::f64(&[n], &data(n + 5)[5..]).unwrap(),
    );
    let want = interp::run(&g, &[va.clone(), vb.clone()]).unwrap();
    let kg = kernels(&g, false).unwrap();
    let (sa, sb) = (
        Strided::new(&va, Layout::C),
        Strided::new(&vb, Layout::Reversed),
    );
    for options in [SERIAL, common::libm()] {
        let (got, rep) = run_jit(&kg, &[&sa, &sb], &options).unwrap();
        assert_eq!(got, want, "{options:?}");
        if options.threads == Some(1) {
            assert_eq!(rep.kernels[0].threads.0, 1);
        }
    }
}

#[test]
fn reductions_over_many_chunks() {
    let (r, c) = (3, 2 * numfuse_jit::CHUNK + 77);
    let mut g = Graph::new("bigsum");
    let a = g.input("a", DType::F64, Shape::fixed(&[r, c]));
    let sq = g.binary(BinaryOp::Multiply, a, a);
    let outs = [
        g.reduce(ReduceOp::Sum, sq, None, false),
        g.reduce(ReduceOp::Sum, sq, Some(&[1]), false),
        g.reduce(ReduceOp::Mean, a, Some(&[1]), true),
        g.reduce(ReduceOp::Max, a, None, false),
        g.reduce(ReduceOp::Argmin, a, Some(&[1]), false),
        g.reduce(ReduceOp::Argmax, a, None, false),
        g.reduce(ReduceOp::Sum, a, Some(&[0]), false),
    ];
    let i = g.cast(a, DType::I32);
    let isum = g.reduce(ReduceOp::Sum, i, None, false);
    let cs = g.scan(ScanOp::Cummax, a, 1);
    g.set_outputs(&[&outs[..], &[isum, cs]].concat());
    let va = Value::f64(&[r, c], &data(r * c)).unwrap();
    let want = interp::run(&g, std::slice::from_ref(&va)).unwrap();
    let kg = kernels(&g, false).unwrap();
    for layout in [Layout::C, Layout::F] {
        let sa = Strided::new(&va, layout);
        let (serial, _) = run_jit(&kg, &[&sa], &SERIAL).unwrap();
        let (par, rep) = run_jit(&kg, &[&sa], &Options::default()).unwrap();
        if layout == Layout::C {
            assert_eq!(rep.kernels[0].lanes.0, 2, "{:?}", rep.kernels[0].lanes);
        }
        compare(&serial, &par, &want);
        let three = Options {
            threads: Some(3),
            ..Options::default()
        };
        let (par3, rep3) = run_jit(&kg, &[&sa], &three).unwrap();
        assert_eq!(par3, serial);
        assert!(rep3.kernels.iter().all(|k| k.threads.0 <= 3), "{rep3:?}");
        assert!(rep3.kernels.iter().any(|k| k.threads.0 == 3), "{rep3:?}");
    }
}

fn compare(serial: &[Value], par: &[Value], want: &[Value]) {
    // Invariant 2 of the runtime: the thread count never changes a bit.
    assert_eq!(serial, par);
    for (k, (got, want)) in par.iter().zip(want).enumerate() {
        assert_eq!(got.shape, want.shape);
        for (x, y) in got.data.iter().zip(&want.data) {
            let (x, y) = (x.to_f64(), y.to_f64());
            // Float sums may add chunk partials in another order: (n-1)·ε·Σ|x| at most.
            let tol = 1e-12 * y.abs().max(1.0);
            assert!((x - y).abs() <= tol, "output {k}: {x} vs {y}");
        }
    }
    // Integer sums, extrema and arg-reductions are exact.
    for k in [3, 4, 5, 7, 8] {
        assert_eq!(par[k], want[k], "output {k}");
    }
}

#[test]
fn vector_sums_within_bound() {
    for (dtype, n) in [(DType::F64, 5000usize), (DType::F32, 3001)] {
        let mut g = Graph::new("vsum");
        let a = g.input("a", dtype, Shape::fixed(&[2, n]));
        let b = g.input("b", dtype, Shape::fixed(&[n]));
        let ab = g.binary(BinaryOp::Multiply, a, b);
        let s = g.reduce(ReduceOp::Sum, ab, Some(&[1]), false);
        let m = g.reduce(ReduceOp::Mean, a, None, false);
        let p = g.reduce(ReduceOp::Prod, b, None, false);
        g.set_outputs(&[s, m, p]);
        let d = data(2 * n);
        let va = Value::new(
            dtype,
            &[2, n],
            d.iter().map(|&x| numfuse_ir::Lit::float(x)).collect(),
        )
        .unwrap();
        let vb = Value::new(
            dtype,
            &[n],
            d[..n]
                .iter()
                .map(|&x| numfuse_ir::Lit::float(1.0 + x * 1e-3))
                .collect(),
        )
        .unwrap();
        let want = interp::run(&g, &[va.clone(), vb.clone()]).unwrap();
        let kg = kernels(&g, false).unwrap();
        let (sa, sb) = (Strided::new(&va, Layout::C), Strided::new(&vb, Layout::C));
        let (got, rep) = run_jit(&kg, &[&sa, &sb], &Options::default()).unwrap();
        assert!(rep.kernels.iter().all(|k| k.lanes.0 > 1), "{rep:?}");
        let eps = if dtype == DType::F32 {
            f64::from(f32::EPSILON)
        } else {
            f64::EPSILON
        };
        for (g, w) in got.iter().zip(&want) {
            for (x, y) in g.data.iter().zip(&w.data) {
                let (x, y) = (x.to_f64(), y.to_f64());
                // Any summation order: |error| <= (n - 1)·ε·Σ|x|; Σ|x| is at most ~n here.
                assert!(
                    (x - y).abs() <= 2.0 * n as f64 * eps * y.abs().max(1.0),
                    "{dtype}: {x} vs {y}"
                );
            }
        }
    }
}

#[test]
fn vector_extrema_are_exact_and_propagate_nan() {
    let n = 5000;
    let mut g = Graph::new("vmax");
    let a = g.input("a", DType::F64, Shape::fixed(&[3, n]));
    let mx = g.reduce(ReduceOp::Max, a, Some(&[1]), false);
    let mn = g.reduce(ReduceOp::Min, a, Some(&[1]), false);
    g.set_outputs(&[mx, mn]);
    let mut d = data(3 * n);
    d[n + 3333] = f64::NAN;
    d[2 * n + 4999] = 7.5;
    d[2 * n + 17] = -9.0;
    let va = Value::f64(&[3, n], &d).unwrap();
    let want = interp::run(&g, std::slice::from_ref(&va)).unwrap();
    let kg = kernels(&g, false).unwrap();
    let (got, rep) = run_jit(&kg, &[&Strided::new(&va, Layout::C)], &Options::default()).unwrap();
    assert!(rep.kernels.iter().all(|k| k.lanes.0 == 2), "{rep:?}");
    assert_eq!(got, want);
}

#[test]
fn strided_reductions_swap_loops_exactly() {
    let (r, c) = (300, 2500);
    let mut g = Graph::new("cols");
    let a = g.input("a", DType::F64, Shape::fixed(&[r, c]));
    let i = g.cast(a, DType::I16);
    let outs = [
        g.reduce(ReduceOp::Sum, a, Some(&[0]), false),
        g.reduce(ReduceOp::Mean, a, Some(&[1]), true),
        g.reduce(ReduceOp::Argmax, a, Some(&[0]), false),
        g.reduce(ReduceOp::Argmin, a, Some(&[1]), false),
        g.reduce(ReduceOp::Max, i, Some(&[0]), false),
        g.reduce(ReduceOp::Prod, i, Some(&[1]), false),
    ];
    g.set_outputs(&outs);
    let mut d = data(r * c);
    d[7 * c + 11] = f64::NAN;
    let va = Value::f64(&[r, c], &d).unwrap();
    let want = interp::run(&g, std::slice::from_ref(&va)).unwrap();
    let kg = kernels(&g, false).unwrap();
    for layout in [Layout::F, Layout::Padded, Layout::C] {
        let sa = Strided::new(&va, layout);
        let (serial, _) = run_jit(&kg, &[&sa], &SERIAL).unwrap();
        let (par, _) = run_jit(&kg, &[&sa], &Options::default()).unwrap();
        assert_eq!(serial, par, "{layout:?}");
        // Below VEC_REDUCE_MIN per output or strided: the interpreter's fold exactly.
        for k in [0, 2, 3, 4, 5] {
            assert_eq!(par[k], want[k], "{layout:?} output {k}");
        }
    }
}

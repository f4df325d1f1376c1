//! Inline transcendentals inside fused kernels: a reduction's vector fold (accumulators in
//! variables across the branch `sin` emits for huge arguments), a `where` over two routines
//! in the vector loop, and the scalar loop of a strided input, each against the same kernel
//! compiled with libm calls (`MathImpl::Libm`, bit-exact with the interpreter).

mod common;

use common::{Layout, Strided, kernels, libm, run_jit};
use numfuse_ir::interp::Value;
use numfuse_ir::op::Lit;
use numfuse_ir::shape::Shape;
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, UnaryOp};
use numfuse_jit::Options;

/// Deterministic values in `[-50, 50)`, with a huge one (beyond the inline `sin` range)
/// every 97 elements.
fn data(n: usize) -> Vec<f64> {
    (0..n)
        .map(|k| {
            if k % 97 == 13 {
                1e15 + k as f64
            } else {
                ((k * 7919) % 10_000) as f64 * 0.01 - 50.0
            }
        })
        .collect()
}

fn floats(v: &Value) -> Vec<f64> {
    v.data.iter().map(|l| l.to_f64()).collect()
}

/// `sum(sin(a) * 2, axis=1)` with a row long enough for the vector fold: inline and libm
/// add the same terms in the same order, each term within 1 ulp, so the sums agree to
/// `n · 2^-52 · Σ|term|`.
#[test]
fn reduction_of_sin_with_huge_arguments() {
    let (r, c) = (3, 10_001);
    let mut g = Graph::new("sumsin");
    let a = g.input("a", DType::F64, Shape::fixed(&[r, c]));
    let s = g.unary(UnaryOp::Sin, a);
    let t = g.binary(BinaryOp::Multiply, s, 2.0);
    let y = g.reduce(ReduceOp::Sum, t, Some(&[1]), false);
    g.set_outputs(&[y]);
    let kg = kernels(&g, false).expect("fuses");
    let v = Value::f64(&[r, c], &data(r * c)).expect("sized");
    let sa = Strided::new(&v, Layout::C);
    let (inline, rep) = run_jit(&kg, &[&sa], &Options::default()).expect("runs");
    assert_eq!(rep.kernels[0].lanes.0, 2, "{:?}", rep.kernels[0].lanes);
    let (exact, _) = run_jit(&kg, &[&sa], &libm()).expect("runs");
    let tol = c as f64 * f64::EPSILON * 2.0 * c as f64;
    for (x, y) in floats(&inline[0]).iter().zip(floats(&exact[0])) {
        assert!((x - y).abs() <= tol, "{x} vs {y}");
    }
}

/// `where(x > 0, log(x), exp(x))` on f32 in the vector loop (masks and two routines), then
/// on a strided view (the scalar loop): within 1 ulp of libm, and the two loops agree.
#[test]
fn where_over_two_routines_in_both_loops() {
    let n = 1003;
    let mut g = Graph::new("logexp");
    let x = g.input("x", DType::F32, Shape::fixed(&[n]));
    let pos = g.binary(BinaryOp::Greater, x, 0.0);
    let l = g.unary(UnaryOp::Log, x);
    let e = g.unary(UnaryOp::Exp, x);
    let w = g.select(pos, l, e);
    g.set_outputs(&[w]);
    let kg = kernels(&g, false).expect("fuses");
    let xs: Vec<f64> = data(n)
        .iter()
        .map(|&v| f64::from(v as f32 * 0.37))
        .collect();
    let lits = xs.iter().map(|&v| Lit::float(v)).collect();
    let v = Value::new(DType::F32, &[n], lits).expect("sized");
    let (vec, rep) =
        run_jit(&kg, &[&Strided::new(&v, Layout::C)], &Options::default()).expect("runs");
    assert_eq!(rep.kernels[0].lanes.0, 4, "{:?}", rep.kernels[0].lanes);
    let (scalar, rep) = run_jit(
        &kg,
        &[&Strided::new(&v, Layout::Padded)],
        &Options::default(),
    )
    .expect("runs");
    assert_eq!(rep.kernels[0].lanes.0, 1, "{:?}", rep.kernels[0].lanes);
    assert_eq!(vec, scalar);
    let (exact, _) = run_jit(&kg, &[&Strided::new(&v, Layout::C)], &libm()).expect("runs");
    for ((&x, got), want) in xs.iter().zip(floats(&vec[0])).zip(floats(&exact[0])) {
        let (g32, w32) = (got as f32, want as f32);
        let d = (g32.to_bits() as i64 - w32.to_bits() as i64).abs();
        assert!(g32 == w32 || d <= 1, "at {x}: {g32} vs libm {w32}");
    }
}

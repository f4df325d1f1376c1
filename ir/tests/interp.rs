//! The reference interpreter against hand-checked NumPy results (each expected value was
//! computed with NumPy 2.4 and is written out here).

use numfuse_ir::interp::{self, Value};
use numfuse_ir::op::{Lit, SliceAxis};
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, LibCall, ReduceOp, ScanOp, UnaryOp};

fn sym(dims: &[&str]) -> Shape {
    Shape(dims.iter().map(|&d| Dim::from(d)).collect())
}

fn run1(g: &Graph, inputs: &[Value]) -> Vec<Value> {
    interp::run(g, inputs).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn reductions_follow_numpy() {
    let mut g = Graph::new("red");
    let a = g.input("a", DType::F64, sym(&["n", "m"]));
    let mx = g.reduce(ReduceOp::Max, a, Some(&[1]), false);
    let amx = g.reduce(ReduceOp::Argmax, a, Some(&[1]), false);
    let amin_all = g.reduce(ReduceOp::Argmin, a, None, false);
    let amin0 = g.reduce(ReduceOp::Argmin, a, Some(&[0]), false);
    g.set_outputs(&[mx, amx, amin_all, amin0]);
    let x = Value::f64(&[2, 3], &[1.0, f64::NAN, 3.0, 4.0, -5.0, 6.0]).unwrap();
    let out = run1(&g, &[x]);
    assert_eq!(out[0], Value::f64(&[2], &[f64::NAN, 6.0]).unwrap());
    assert_eq!(out[1], Value::i64(&[2], &[1, 2]).unwrap());
    assert_eq!(out[2], Value::i64(&[], &[1]).unwrap());
    assert_eq!(out[3], Value::i64(&[3], &[0, 0, 0]).unwrap());
}

#[test]
fn integer_reductions_and_scans_widen() {
    let mut g = Graph::new("ints");
    let b = g.input("b", DType::I8, Shape::fixed(&[2, 3]));
    let s = g.reduce(ReduceOp::Sum, b, Some(&[0]), false);
    let cs = g.scan(ScanOp::Cumsum, b, 1);
    let cm = g.scan(ScanOp::Cummax, b, 0);
    let mean = g.reduce(ReduceOp::Mean, b, Some(&[1]), true);
    let prod = g.reduce(ReduceOp::Prod, b, Some(&[1]), false);
    let am = g.reduce(ReduceOp::Argmax, b, None, false);
    g.set_outputs(&[s, cs, cm, mean, prod, am]);
    let ints = |v: &[i64]| v.iter().map(|&x| Lit::Int(x.into())).collect::<Vec<_>>();
    let x = Value::new(DType::I8, &[2, 3], ints(&[3, 1, 2, 0, 5, 5])).unwrap();
    let out = run1(&g, &[x]);
    assert_eq!(out[0], Value::i64(&[3], &[3, 6, 7]).unwrap());
    assert_eq!(out[1], Value::i64(&[2, 3], &[3, 4, 6, 0, 5, 10]).unwrap());
    let cm = Value::new(DType::I8, &[2, 3], ints(&[3, 1, 2, 3, 5, 5])).unwrap();
    assert_eq!(out[2], cm);
    assert_eq!(out[3], Value::f64(&[2, 1], &[2.0, 10.0 / 3.0]).unwrap());
    assert_eq!(out[4], Value::i64(&[2], &[6, 0]).unwrap());
    assert_eq!(out[5], Value::i64(&[], &[4]).unwrap());
}

#[test]
fn views_and_matmul() {
    let mut g = Graph::new("views");
    let x = g.input("x", DType::F64, Shape::fixed(&[2, 3]));
    let t = g.transpose(x);
    let rev = SliceAxis::from_python(None, None, -1, 3).unwrap();
    let tail = SliceAxis::from_python(Some(1), None, 1, 2).unwrap();
    let v = g.slice(t, &[rev, tail]);
    let i = g.input("i", DType::I64, Shape::fixed(&[2, 3]));
    let k = g.input("k", DType::I64, Shape::fixed(&[3]));
    let mv = g.call(LibCall::Matmul, &[i, k]);
    let vm = g.reshape(i, Shape::fixed(&[3, 2]));
    let vm = g.call(LibCall::Matmul, &[k, vm]);
    g.set_outputs(&[v, mv, vm]);
    let xs = Value::f64(&[2, 3], &[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
    let is = Value::i64(&[2, 3], &[0, 1, 2, 3, 4, 5]).unwrap();
    let ks = Value::i64(&[3], &[0, 1, 2]).unwrap();
    let out = run1(&g, &[xs, is, ks]);
    assert_eq!(out[0], Value::f64(&[3, 1], &[5.0, 4.0, 3.0]).unwrap());
    assert_eq!(out[1], Value::i64(&[2], &[5, 14]).unwrap());
    assert_eq!(out[2], Value::i64(&[2], &[10, 13]).unwrap());
}

#[test]
fn broadcasting_bools_and_nan_scans() {
    let mut g = Graph::new("misc");
    let a = g.input("a", DType::F64, sym(&["n", "m"]));
    let r = g.input("r", DType::F64, sym(&["m"]));
    let s = g.binary(BinaryOp::Add, a, r);
    let nz = g.binary(BinaryOp::NotEqual, a, 0.0);
    let any = g.reduce(ReduceOp::Any, nz, Some(&[1]), false);
    let cs = g.scan(ScanOp::Cumsum, nz, 1);
    let cmin = g.scan(ScanOp::Cummin, r, 0);
    let neg = g.unary(UnaryOp::Negative, r);
    let w = g.select(any, 1i64, 2.5);
    g.set_outputs(&[s, any, cs, cmin, neg, w]);
    let av = Value::f64(&[2, 2], &[0.0, f64::NAN, 0.0, 0.0]).unwrap();
    let rv = Value::f64(&[2], &[2.0, f64::NAN]).unwrap();
    let out = run1(&g, &[av, rv]);
    assert_eq!(
        out[0],
        Value::f64(&[2, 2], &[2.0, f64::NAN, 2.0, f64::NAN]).unwrap()
    );
    let bools = |v: &[bool]| v.iter().map(|&b| Lit::Bool(b)).collect::<Vec<_>>();
    assert_eq!(
        out[1],
        Value::new(DType::Bool, &[2], bools(&[true, false])).unwrap()
    );
    assert_eq!(out[2], Value::i64(&[2, 2], &[0, 1, 0, 0]).unwrap());
    assert_eq!(out[3], Value::f64(&[2], &[2.0, f64::NAN]).unwrap());
    assert_eq!(out[4], Value::f64(&[2], &[-2.0, f64::NAN]).unwrap());
    assert_eq!(out[5], Value::f64(&[2], &[1.0, 2.5]).unwrap());
}

#[test]
fn errors_are_reported_not_panicked() {
    let mut g = Graph::new("errs");
    let a = g.input("a", DType::I64, sym(&["n"]));
    let p = g.binary(BinaryOp::Power, 2i64, a);
    let m = g.reduce(ReduceOp::Max, a, None, false);
    g.set_outputs(&[p, m]);
    let neg = Value::i64(&[2], &[1, -1]).unwrap();
    assert!(interp::run(&g, &[neg]).unwrap_err().contains("negative"));
    let empty = Value::i64(&[0], &[]).unwrap();
    assert!(interp::run(&g, &[empty]).unwrap_err().contains("zero-size"));
    let wrong = Value::f64(&[2], &[1.0, 2.0]).unwrap();
    assert!(interp::run(&g, &[wrong]).is_err());
    assert!(interp::run(&g, &[]).is_err());
}

/// A parsed graph whose declared types are wrong is refused by the verifier up front, so the
/// interpreter never indexes out of range.
#[test]
fn an_invalid_parsed_graph_is_an_error() {
    let text = "\
graph %g(a: f64[3]) -> f64[5] {
    v1: f64[5] = reshape a
    return v1
}
";
    let g = numfuse_ir::parse(text).expect("the text parses");
    let x = Value::f64(&[3], &[1.0, 2.0, 3.0]).unwrap();
    let err = interp::run(&g, &[x]).unwrap_err();
    assert!(err.contains("does not verify"), "{err}");
}

#[test]
fn weak_int_next_to_float_is_a_float_constant() {
    use numfuse_ir::{BinaryOp, DType, Graph, Lit, Shape};
    let mut g = Graph::new("w");
    let x = g.input("x", DType::F32, Shape::fixed(&[3]));
    let y = g.binary(BinaryOp::Add, x, 0i64);
    assert!(g.errors().is_empty(), "{:?}", g.errors());
    assert_eq!(g.node(y).dtype, DType::F32);
    let c = g.node(y).args[1];
    assert_eq!(g.as_const(c), Some(Lit::float(0.0)));
    // Out of range for an integer operand stays an error (NEP 50).
    let u = g.input("u", DType::U8, Shape::fixed(&[3]));
    let _ = g.binary(BinaryOp::Add, u, 300i64);
    assert!(g.errors()[0].1.contains("out of bounds for uint8"));
}

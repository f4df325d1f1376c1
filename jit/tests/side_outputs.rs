//! Reductions that also store the elementwise value they fold (side outputs, fusion rule 4):
//! softmax's sum of `exp(x - max)`, stored for the division. The stored values are the
//! interpreter's bit for bit on every path of the fold: rows shorter and longer than the vector
//! fold's threshold, f32 and f64, C and transposed (column: swapped loops) and strided inputs,
//! a full reduction cut into several chunks, one thread and the pool.

mod common;

use common::{LAYOUTS, Layout, Strided, kernels, run_jit};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::shape::Shape;
use numfuse_ir::{BinaryOp, DType, Graph, Lit, ReduceOp, UnaryOp};
use numfuse_jit::{MathImpl, Options};

fn opts(threads: Option<usize>) -> Options {
    Options {
        threads,
        keep_ir: false,
        math: MathImpl::Libm,
    }
}

fn values(dtype: DType, shape: &[usize]) -> Value {
    let n: usize = shape.iter().product();
    let data = (0..n)
        .map(|k| Lit::float(((k * 7919) % 1000) as f64 * 0.01 - 5.0))
        .collect();
    Value::new(dtype, shape, data).unwrap()
}

/// softmax along `axis` (keepdims) of an input of `shape`; the graph and its input.
fn softmax(dtype: DType, shape: &[usize], axis: isize) -> Graph {
    let mut g = Graph::new("softmax");
    let x = g.input("x", dtype, Shape::fixed(shape));
    let m = g.reduce(ReduceOp::Max, x, Some(&[axis]), true);
    let d = g.binary(BinaryOp::Subtract, x, m);
    let e = g.unary(UnaryOp::Exp, d);
    let s = g.reduce(ReduceOp::Sum, e, Some(&[axis]), true);
    let p = g.binary(BinaryOp::TrueDivide, e, s);
    g.set_outputs(&[p]);
    g
}

/// Relative difference allowed: the JIT's vector fold adds in another order.
fn close(got: &Value, want: &Value, tol: f64) {
    assert_eq!(got.shape, want.shape);
    for (k, (x, y)) in got.data.iter().zip(&want.data).enumerate() {
        let (x, y) = (x.to_f64(), y.to_f64());
        assert!((x - y).abs() <= tol * y.abs(), "element {k}: {x} vs {y}");
    }
}

#[test]
fn softmax_stores_exp_once() {
    let kg = kernels(&softmax(DType::F64, &[4, 8], 1), false).unwrap();
    // The sum's kernel writes the sum and exp(x - max); the division reads them only.
    assert_eq!(kg.kernels.len(), 3);
    assert_eq!(kg.kernels[1].outputs.len(), 2);
    let ops = |k: usize| format!("{:?}", kg.kernels[k].body);
    assert!(ops(1).contains("Exp") && !ops(2).contains("Exp"), "{kg}");
}

#[test]
fn side_outputs_on_every_fold_path() {
    let cases: &[(DType, &[usize], isize)] = &[
        (DType::F64, &[5, 7], 1),
        (DType::F64, &[3, 2500], 1), // vector fold with a scalar tail
        (DType::F32, &[3, 2501], 1),
        (DType::F64, &[2500, 3], 0), // column reduction
        (DType::F64, &[6, 1100], 0),
    ];
    for &(dtype, shape, axis) in cases {
        let g = softmax(dtype, shape, axis);
        let v = values(dtype, shape);
        let want = interp::run(&g, std::slice::from_ref(&v)).unwrap();
        let kg = kernels(&g, false).unwrap();
        assert_eq!(kg.kernels[1].outputs.len(), 2, "{kg}");
        let tol = if dtype == DType::F32 { 1e-5 } else { 1e-13 };
        for layout in LAYOUTS {
            let sx = Strided::new(&v, layout);
            let (serial, _) = run_jit(&kg, &[&sx], &opts(Some(1))).unwrap();
            let (par, _) = run_jit(&kg, &[&sx], &opts(None)).unwrap();
            assert_eq!(serial, par, "{dtype} {shape:?} {layout:?}");
            close(&serial[0], &want[0], tol);
        }
    }
}

#[test]
fn full_reduction_over_chunks_stores_every_element() {
    // exp(sin a) is summed in several chunks and also returned: each element stored once.
    let n = 2 * numfuse_jit::CHUNK + 99;
    let mut g = Graph::new("total");
    let a = g.input("a", DType::F64, Shape::fixed(&[n]));
    let s = g.unary(UnaryOp::Sin, a);
    let e = g.unary(UnaryOp::Exp, s);
    let total = g.reduce(ReduceOp::Sum, e, None, true);
    let share = g.binary(BinaryOp::TrueDivide, e, total);
    g.set_outputs(&[share, total]);
    let v = values(DType::F64, &[n]);
    let want = interp::run(&g, std::slice::from_ref(&v)).unwrap();
    let kg = kernels(&g, false).unwrap();
    assert_eq!(kg.kernels.len(), 2, "{kg}");
    assert_eq!(kg.kernels[0].outputs.len(), 2, "{kg}");
    for layout in [Layout::C, Layout::Reversed] {
        let sx = Strided::new(&v, layout);
        for threads in [Some(1), Some(3), None] {
            let (got, _) = run_jit(&kg, &[&sx], &opts(threads)).unwrap();
            close(&got[0], &want[0], 1e-12);
            close(&got[1], &want[1], 1e-12);
        }
    }
}

//! Bad input never panics and never runs generated code: mismatched buffers and malformed
//! kernels come back as `Error::Buffers` / `Error::Compile`.

mod common;

use common::{Layout, Out, RefHost, Strided, kernels};
use numfuse_ir::interp::Value;
use numfuse_ir::kernel::{Affine, Expr, Inst, KernelGraph};
use numfuse_ir::shape::Shape;
use numfuse_ir::{BinaryOp, DType, Graph};
use numfuse_jit::{BufferMut, Error, Options, Report};

fn graph() -> KernelGraph {
    let mut g = Graph::new("e");
    let a = g.input("a", DType::F64, Shape::fixed(&[4]));
    let y = g.binary(BinaryOp::Add, a, 1.0);
    g.set_outputs(&[y]);
    kernels(&g, false).unwrap()
}

fn run(kg: &KernelGraph, input: &Strided, out: &mut Out) -> Result<(), Error> {
    let mut outs: Vec<BufferMut<'_>> = vec![out.buf()];
    let mut report = Report::default();
    // SAFETY: the view and the output are live Vecs of their shapes.
    unsafe {
        numfuse_jit::run(
            kg,
            &[input.view()],
            &mut outs,
            &RefHost,
            &Options::default(),
            &mut report,
        )
    }
}

#[test]
fn mismatched_buffers() {
    let kg = graph();
    let ok = Strided::new(&Value::f64(&[4], &[1.0, 2.0, 3.0, 4.0]).unwrap(), Layout::C);
    let short = Strided::new(&Value::f64(&[3], &[1.0, 2.0, 3.0]).unwrap(), Layout::C);
    let ints = Strided::new(&Value::i64(&[4], &[1, 2, 3, 4]).unwrap(), Layout::C);
    let mut out = Out::new(DType::F64, &[4]);
    assert_eq!(run(&kg, &ok, &mut out), Ok(()));
    assert!(matches!(run(&kg, &short, &mut out), Err(Error::Buffers(_))));
    assert!(matches!(run(&kg, &ints, &mut out), Err(Error::Buffers(_))));
    let mut wrong = Out::new(DType::F32, &[4]);
    assert!(matches!(run(&kg, &ok, &mut wrong), Err(Error::Buffers(_))));
    let mut outs: Vec<BufferMut<'_>> = Vec::new();
    // SAFETY: no buffer is touched: the count is refused first.
    let r = unsafe {
        numfuse_jit::run(
            &kg,
            &[],
            &mut outs,
            &RefHost,
            &Options::default(),
            &mut Report::default(),
        )
    };
    assert!(matches!(r, Err(Error::Buffers(_))));
}

#[test]
fn malformed_kernels_are_refused() {
    let ok = Strided::new(&Value::f64(&[4], &[1.0, 2.0, 3.0, 4.0]).unwrap(), Layout::C);
    let mut out = Out::new(DType::F64, &[4]);
    // A map reading past the end.
    let mut kg = graph();
    kg.kernels[0].inputs[0].map.0[0] = Affine::axis(0).plus(&Affine::constant(1)).unwrap();
    assert!(matches!(run(&kg, &ok, &mut out), Err(Error::Buffers(_))));
    // A map with a negative reach.
    let mut kg = graph();
    kg.kernels[0].inputs[0].map.0[0] = Affine::axis(0).scaled(-1).unwrap();
    assert!(matches!(run(&kg, &ok, &mut out), Err(Error::Buffers(_))));
    // A load of the wrong dtype, and a load of an input that does not exist.
    let mut kg = graph();
    if let Inst::Let { dtype, .. } = &mut kg.kernels[0].body[0] {
        *dtype = DType::I32;
    }
    assert!(matches!(run(&kg, &ok, &mut out), Err(Error::Compile(_))));
    let mut kg = graph();
    if let Inst::Let { expr, .. } = &mut kg.kernels[0].body[0] {
        *expr = Expr::Load(7);
    }
    assert!(matches!(run(&kg, &ok, &mut out), Err(Error::Compile(_))));
}

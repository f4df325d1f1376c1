//! Fusion never changes a result: for random valid graphs (`common/graphgen.rs`, with shared
//! expensive work and non-affine reshapes added), as built and after `optimize`, running the
//! kernels of `fuse` with a small kernel interpreter gives the reference interpreter's outputs
//! bit for bit (NaN equal to NaN). Fusion reorders nothing (a
//! reduction folds its elements in C order, as the reference does), so no tolerance is needed.
//!
//! The kernel interpreter (`common/kernels.rs`) also checks the invariants of
//! `numfuse_ir::kernel`: maps in bounds, reads after writes, every output element written.

mod common;

use common::graphgen::{self, Case};
use common::kernels::{fold_at, run_kernels};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::op::{LibCall, Lit};
use numfuse_ir::passes::fuse::fuse;
use numfuse_ir::passes::{self, FloatPolicy, PassCx};
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::trace::Trace;
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, ScanOp, UnaryOp};
use proptest::prelude::*;

const FLOATS: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    2.0,
    0.5,
    -2.5,
    3.0,
    1e-3,
    7.25,
    -4.0,
    100.0,
    f64::INFINITY,
    f64::NAN,
];
const INTS: [i64; 10] = [-3, -2, -1, 0, 1, 2, 3, 7, -8, 64];

fn inputs(case: &Case) -> Vec<Value> {
    let (n, m) = (case.n, case.m);
    let mut picks = case.data.chunks(9);
    let mut next = |shape: &[usize], float: bool| {
        let p = picks.next().unwrap_or(&[0; 9]);
        let size: usize = shape.iter().product();
        if float {
            let d: Vec<f64> = (0..size)
                .map(|k| FLOATS[p[k] as usize % FLOATS.len()])
                .collect();
            Value::f64(shape, &d).expect("sized")
        } else {
            let d: Vec<i64> = (0..size)
                .map(|k| INTS[p[k] as usize % INTS.len()])
                .collect();
            Value::i64(shape, &d).expect("sized")
        }
    };
    vec![
        next(&[n, m], true),
        next(&[m], true),
        next(&[n, m], false),
        next(&[m], false),
    ]
}

fn same_results(g: &Graph, ins: &[Value]) -> Result<(), String> {
    let Ok(want) = interp::run(g, ins) else {
        return Ok(()); // NumPy raises for these inputs: nothing to compare.
    };
    let kg = fuse(g).map_err(|e| format!("fuse failed: {e}"))?;
    let got = run_kernels(&kg, ins).map_err(|e| format!("{e}\n{kg}"))?;
    if got != want {
        return Err(format!("fused {got:?}\n!= reference {want:?}\n{kg}"));
    }
    Ok(())
}

/// The case's graph with fusion's harder cases added: expensive work shared by a reduction and
/// a scan, and (for fixed shapes) flattening a computed value and an input (non-affine
/// reshapes).
fn extended(case: &Case) -> Graph {
    let mut g = graphgen::build(case);
    let mut outs = g.outputs().to_vec();
    let y = *outs.last().expect("an output");
    if g.node(y).dtype.is_float() && g.node(y).shape.rank() > 0 {
        let s = g.unary(UnaryOp::Sin, y);
        let t = g.binary(BinaryOp::Multiply, s, 2.0);
        let e = g.unary(UnaryOp::Exp, t);
        outs.push(g.reduce(ReduceOp::Sum, e, None, false));
        outs.push(g.scan(ScanOp::Cumsum, e, -1));
        // Expensive work no reduction folds: a temporary of its own.
        let c = g.unary(UnaryOp::Cos, y);
        let e2 = g.unary(UnaryOp::Exp, c);
        outs.push(g.scan(ScanOp::Cummax, e2, -1));
        outs.push(g.binary(BinaryOp::Add, e2, 1.0));
    }
    if !case.symbolic {
        let a = g.inputs()[0].node;
        let flat = Shape::fixed(&[case.n * case.m]);
        let a1 = g.binary(BinaryOp::Add, a, 1.0);
        let r1 = g.reshape(a1, flat.clone());
        let r2 = g.reshape(a, flat);
        outs.push(g.binary(BinaryOp::Multiply, r1, r2));
    }
    g.set_outputs(&outs);
    g
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn fusion_preserves_values(case in graphgen::case()) {
        let g = extended(&case);
        let ins = inputs(&case);
        let r = same_results(&g, &ins);
        prop_assert!(r.is_ok(), "as built: {}\n{g}", r.unwrap_err());
        let mut opt = g.clone();
        let mut cx = PassCx::new(FloatPolicy::Algebraic);
        if passes::optimize(&mut opt, &mut cx, &mut Trace::default()).is_ok() {
            let r = same_results(&opt, &ins);
            prop_assert!(r.is_ok(), "optimized: {}\n{opt}", r.unwrap_err());
        }
    }
}

/// The seed's workloads and the library-call cases, which the generator does not build.
#[test]
fn seed_workloads_and_calls() {
    let x = Value::f64(&[3, 2], &[1.0, 2.0, -0.5, 4.0, 3.0, 0.25]).unwrap();
    let w = Value::f64(&[2, 2], &[0.5, -1.0, 2.0, 1.5]).unwrap();
    let b = Value::f64(&[2], &[0.1, -3.0]).unwrap();
    let b_in = b.clone();
    let mut cases: Vec<(Graph, Vec<Value>)> = Vec::new();

    // relu(x @ w.T + b) and a prologue: tanh((x * 0.5) @ w).
    let mut g = Graph::new("dense");
    let (xi, wi, bi) = (
        g.input("x", DType::F64, Shape::fixed(&[3, 2])),
        g.input("w", DType::F64, Shape::fixed(&[2, 2])),
        g.input("b", DType::F64, Shape::fixed(&[2])),
    );
    let wt = g.transpose(wi);
    let mm = g.call(LibCall::Matmul, &[xi, wt]);
    let z = g.binary(BinaryOp::Add, mm, bi);
    let y = g.binary(BinaryOp::Maximum, z, 0.0);
    let sx = g.binary(BinaryOp::Multiply, xi, 0.5);
    let mm2 = g.call(LibCall::Matmul, &[sx, wi]);
    let t = g.unary(UnaryOp::Tanh, mm2);
    g.set_outputs(&[y, t]);
    cases.push((g, vec![x.clone(), w, b_in]));

    // Pairwise distances, both ways, and softmax.
    let mut g = Graph::new("pairwise");
    let xi = g.input(
        "X",
        DType::F64,
        Shape::from([Dim::from("n"), Dim::from("d")]),
    );
    let a = g.expand_dims(xi, &[1]);
    let c = g.expand_dims(xi, &[0]);
    let diff = g.binary(BinaryOp::Subtract, a, c);
    let sq = g.binary(BinaryOp::Multiply, diff, diff);
    let s = g.reduce(ReduceOp::Sum, sq, Some(&[2]), false);
    let d1 = g.unary(UnaryOp::Sqrt, s);
    let xx = g.binary(BinaryOp::Multiply, xi, xi);
    let norms = g.reduce(ReduceOp::Sum, xx, Some(&[1]), false);
    let (r, cl) = (g.expand_dims(norms, &[1]), g.expand_dims(norms, &[0]));
    let xt = g.transpose(xi);
    let gram = g.call(LibCall::Matmul, &[xi, xt]);
    let two = g.binary(BinaryOp::Multiply, gram, 2.0);
    let sum = g.binary(BinaryOp::Add, r, cl);
    let dsq = g.binary(BinaryOp::Subtract, sum, two);
    let clamp = g.binary(BinaryOp::Maximum, dsq, 0.0);
    let d2 = g.unary(UnaryOp::Sqrt, clamp);
    let m = g.reduce(ReduceOp::Max, xi, Some(&[-1]), true);
    let sh = g.binary(BinaryOp::Subtract, xi, m);
    let e = g.unary(UnaryOp::Exp, sh);
    let se = g.reduce(ReduceOp::Sum, e, Some(&[-1]), true);
    let p = g.binary(BinaryOp::TrueDivide, e, se);
    g.set_outputs(&[d1, d2, p]);
    cases.push((g, vec![x.clone()]));

    // Odd corners: a constant matmul operand, 1-d and stacked matmuls, empty and axis-less
    // reductions, a 0-d input.
    let mut g = Graph::new("corners");
    let xi = g.input("x", DType::F64, Shape::fixed(&[3, 2]));
    let vi = g.input("v", DType::F64, Shape::fixed(&[2]));
    let si = g.input("s", DType::F64, Shape::fixed(&[2, 3, 2]));
    let ei = g.input("e", DType::F64, Shape::fixed(&[0, 2]));
    let zi = g.input("z", DType::I64, Shape::scalar());
    let ones = g.constant(Lit::float(1.0), DType::F64);
    let ones = g.broadcast_to(ones, Shape::fixed(&[2, 2]));
    let c1 = g.call(LibCall::Matmul, &[xi, ones]);
    let c2 = g.call(LibCall::Matmul, &[xi, vi]);
    let c3 = g.call(LibCall::Matmul, &[vi, vi]);
    let st = g.transpose(si);
    let st = g.permute(st, &[2, 1, 0]);
    let xt = g.transpose(xi);
    let c4 = g.call(LibCall::Matmul, &[si, xt]);
    let c5 = g.call(LibCall::Matmul, &[st, vi]);
    let r1 = g.reduce(ReduceOp::Sum, ei, Some(&[0]), true);
    let r2 = g.reduce(ReduceOp::Mean, xi, Some(&[]), false);
    let r3 = g.reduce(ReduceOp::Prod, ei, None, false);
    let z = g.binary(BinaryOp::Multiply, zi, 3i64);
    g.set_outputs(&[c1, c2, c3, c4, c5, r1, r2, r3, z]);
    let s = Value::f64(
        &[2, 3, 2],
        &[
            1.0, -2.0, 0.5, 3.0, 4.0, -1.0, 2.0, 2.0, 0.0, 1.0, -3.0, 0.25,
        ],
    )
    .unwrap();
    let ins = vec![
        x.clone(),
        b.clone(),
        s,
        Value::f64(&[0, 2], &[]).unwrap(),
        Value::i64(&[], &[5]).unwrap(),
    ];
    cases.push((g, ins));

    for (g, ins) in &cases {
        assert!(g.errors().is_empty(), "{:?}", g.errors());
        let kg = fuse(g).unwrap();
        let got = run_kernels(&kg, ins).unwrap_or_else(|e| panic!("{e}\n{kg}"));
        let want = interp::run(g, ins).unwrap();
        assert_eq!(got, want, "{kg}");
    }
}

/// The generated graphs reach every fusion decision, so the property above is not vacuous.
#[test]
fn generated_graphs_cover_the_fusion_decisions() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..400 {
        let case = graphgen::case().new_tree(&mut runner).unwrap().current();
        let kg = fuse(&extended(&case)).unwrap();
        for k in &kg.kernels {
            seen.insert(k.kind.prefix().to_string());
            let fold = fold_at(k).map(|f| f.0);
            if fold.is_some_and(|at| at + 2 < k.body.len()) {
                seen.insert("epilogue".to_string());
            }
            if k.inputs
                .iter()
                .any(|i| i.shape != kg.buffer(i.buffer).shape)
            {
                seen.insert("read as reshaped".to_string());
            }
        }
        for b in kg.temps() {
            let why = b.note.clone().unwrap_or_default();
            seen.insert(why.split([',', ' ']).next().unwrap_or_default().to_string());
        }
    }
    for what in [
        "E",
        "R",
        "S",
        "epilogue",
        "read as reshaped",
        "shared",
        "stored",
        "broadcast",
        "reshaped",
    ] {
        assert!(seen.contains(what), "{what} never seen: {seen:?}");
    }
}

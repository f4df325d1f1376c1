//! Kernel counts for typical expressions (tinygrad's `check_schedule`), and the listing.

use super::fuse;
use crate::dtype::DType;
use crate::graph::{Graph, NodeId};
use crate::kernel::{BufferKind, Expr, Inst, KernelGraph, KernelKind};
use crate::op::{BinaryOp, LibCall, ReduceOp, ScanOp, SliceAxis, UnaryOp};
use crate::shape::{Dim, Shape};

fn sym(dims: &[&str]) -> Shape {
    Shape(
        dims.iter()
            .map(|d| {
                d.parse::<usize>()
                    .map_or_else(|_| Dim::from(*d), Dim::Fixed)
            })
            .collect(),
    )
}

fn fused(g: &mut Graph, outs: &[NodeId]) -> KernelGraph {
    g.set_outputs(outs);
    assert!(g.errors().is_empty(), "{:?}", g.errors());
    fuse(g).unwrap_or_else(|e| panic!("{e}"))
}

/// The kernel kinds in order, as name prefixes: `"R R E"`.
fn kinds(kg: &KernelGraph) -> String {
    let v: Vec<&str> = kg.kernels.iter().map(|k| k.kind.prefix()).collect();
    v.join(" ")
}

fn ops(kg: &KernelGraph, k: usize) -> Vec<String> {
    kg.kernels[k]
        .body
        .iter()
        .filter_map(|i| match i {
            Inst::Let { expr, .. } => Some(match expr {
                Expr::Load(_) => "load".to_string(),
                Expr::Unary(u, _) => u.name().to_string(),
                Expr::Binary(b, ..) => b.name().to_string(),
                Expr::Select(..) => "where".to_string(),
                Expr::Cast(_) => "cast".to_string(),
                Expr::Reduce(r, _) => format!("reduce {r}"),
                Expr::Scan(s, _) => format!("scan {s}"),
                Expr::Call(f, _) => format!("call {f}"),
            }),
            Inst::Store { .. } => None,
        })
        .collect()
}

#[test]
fn scale_is_one_kernel_with_the_constant_as_argument() {
    let mut g = Graph::new("scale");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let y = g.binary(BinaryOp::Multiply, a, 5.0);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E");
    assert_eq!(kg.kernels[0].name, "E_n");
    assert_eq!(kg.kernels[0].args.len(), 1);
    let expect = "\
kernels %scale: 1
    input a: f64[n]
    output o0: f64[n]
    return o0

kernel k0 E_n over [n]: elementwise
    in0: a f64[n] at [i0]
    out0: o0 f64[n] at [i0]
    c0: f64 = 5.0
    bytes: read 8*n, write 8*n
    t0: f64 = load in0
    t1: f64 = multiply t0, c0
    store out0, t1
";
    assert_eq!(kg.to_string(), expect);
}

#[test]
fn constants_are_arguments_so_structures_match() {
    let build = |k: f64, c: f64| {
        let mut g = Graph::new("axpb");
        let a = g.input("a", DType::F64, sym(&["n"]));
        let x = g.binary(BinaryOp::Multiply, a, k);
        let y = g.binary(BinaryOp::Add, x, c);
        fused(&mut g, &[y])
    };
    let (p, q) = (build(2.0, 1.0), build(7.0, 3.0));
    assert_ne!(p.kernels[0], q.kernels[0]);
    assert_eq!(p.kernels[0].structure(), q.kernels[0].structure());
}

#[test]
fn elementwise_feeding_a_sum_is_one_reduction() {
    let mut g = Graph::new("sum");
    let a = g.input("a", DType::F64, sym(&["n", "4"]));
    let x = g.binary(BinaryOp::Multiply, a, 2.0);
    let y = g.binary(BinaryOp::Add, x, 1.0);
    let s = g.reduce(ReduceOp::Sum, y, None, false);
    let kg = fused(&mut g, &[s]);
    assert_eq!(kinds(&kg), "R");
    assert_eq!(kg.kernels[0].name, "R_n_4");
    assert_eq!(ops(&kg, 0), ["load", "multiply", "add", "reduce sum"]);
    assert_eq!(kg.temps().count(), 0);
}

/// softmax(x) = exp(x - max(x)) / sum(exp(x - max(x))), over the last axis, keepdims.
fn softmax(g: &mut Graph, x: NodeId) -> NodeId {
    let m = g.reduce(ReduceOp::Max, x, Some(&[-1]), true);
    let d = g.binary(BinaryOp::Subtract, x, m);
    let e = g.unary(UnaryOp::Exp, d);
    let s = g.reduce(ReduceOp::Sum, e, Some(&[-1]), true);
    g.binary(BinaryOp::TrueDivide, e, s)
}

#[test]
fn softmax_is_three_kernels() {
    let mut g = Graph::new("softmax");
    let x = g.input("x", DType::F64, sym(&["32", "10"]));
    let p = softmax(&mut g, x);
    let kg = fused(&mut g, &[p]);
    assert_eq!(kinds(&kg), "R R E");
    // exp(x - max) is computed once: the sum's kernel stores it as it folds it, and the
    // division loads it. The other temporaries are the two reductions.
    let temps: Vec<String> = kg
        .temps()
        .map(|b| format!("{}{} {}", b.dtype, b.shape, b.note.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(
        temps,
        [
            "f64[32, 1] max result",
            "f64[32, 10] stored by the sum kernel, cost 17",
            "f64[32, 1] sum result"
        ]
    );
    assert_eq!(
        ops(&kg, 1),
        ["load", "load", "subtract", "exp", "reduce sum"]
    );
    let side = &kg.kernels[1].outputs[1];
    assert_eq!(
        (side.buffer, side.map.to_string().as_str()),
        (kg.kernels[2].inputs[0].buffer, "[i0, i1]")
    );
    assert_eq!(ops(&kg, 2), ["load", "load", "divide"]);
    // The reduced value is read back broadcast along the reduced axis.
    let maps: Vec<String> = kg.kernels[2]
        .inputs
        .iter()
        .map(|i| i.map.to_string())
        .collect();
    assert_eq!(maps, ["[i0, i1]", "[i0, 0]"]);
}

fn pairwise(g: &mut Graph, sqrt: bool) -> NodeId {
    let x = g.input("X", DType::F64, sym(&["n", "d"]));
    let a = g.expand_dims(x, &[1]);
    let b = g.expand_dims(x, &[0]);
    let diff = g.binary(BinaryOp::Subtract, a, b);
    let sq = g.binary(BinaryOp::Multiply, diff, diff);
    let s = g.reduce(ReduceOp::Sum, sq, Some(&[2]), false);
    if sqrt { g.unary(UnaryOp::Sqrt, s) } else { s }
}

#[test]
fn pairwise_distances_are_one_kernel_without_the_cube() {
    for sqrt in [false, true] {
        let mut g = Graph::new("pairwise");
        let d = pairwise(&mut g, sqrt);
        let kg = fused(&mut g, &[d]);
        assert_eq!(kinds(&kg), "R", "sqrt={sqrt}");
        let k = &kg.kernels[0];
        assert_eq!(k.name, "R_n_n_d");
        assert_eq!(kg.temps().count(), 0);
        assert!(kg.buffers.iter().all(|b| b.shape.rank() <= 2));
        let maps: Vec<String> = k.inputs.iter().map(|i| i.map.to_string()).collect();
        assert_eq!(maps, ["[i0, i2]", "[i1, i2]"]);
        assert_eq!(k.outputs[0].map.to_string(), "[i0, i1]");
        let tail = if sqrt { vec!["sqrt"] } else { vec![] };
        let mut want = vec!["load", "load", "subtract", "multiply", "reduce sum"];
        want.extend(tail);
        assert_eq!(ops(&kg, 0), want);
    }
}

#[test]
fn leaky_relu_is_one_kernel() {
    let mut g = Graph::new("leaky_relu");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let pos = g.binary(BinaryOp::Greater, a, 0.0);
    let neg = g.binary(BinaryOp::Multiply, a, 0.01);
    let y = g.select(pos, a, neg);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E");
    assert_eq!(ops(&kg, 0), ["load", "greater", "multiply", "where"]);
    assert_eq!(kg.kernels[0].inputs.len(), 1);
}

#[test]
fn matmul_bias_relu_is_a_call_then_an_epilogue() {
    let mut g = Graph::new("dense");
    let x = g.input("x", DType::F64, sym(&["n", "k"]));
    let w = g.input("w", DType::F64, sym(&["m", "k"]));
    let b = g.input("b", DType::F64, sym(&["m"]));
    let wt = g.transpose(w);
    let mm = g.call(LibCall::Matmul, &[x, wt]);
    let z = g.binary(BinaryOp::Add, mm, b);
    let y = g.binary(BinaryOp::Maximum, z, 0.0);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "L E");
    let l = &kg.kernels[0];
    assert_eq!(l.name, "L_n_m");
    // The transpose is passed as a strided map over the operand's shape, not copied.
    let maps: Vec<String> = l.inputs.iter().map(|i| i.map.to_string()).collect();
    assert_eq!(maps, ["[i0, i1]", "[i1, i0]"]);
    assert_eq!(ops(&kg, 1), ["load", "load", "add", "maximum"]);
}

#[test]
fn computed_matmul_operands_get_a_prologue_kernel() {
    let mut g = Graph::new("prologue");
    let x = g.input("x", DType::F64, sym(&["n", "k"]));
    let w = g.input("w", DType::F64, sym(&["k", "m"]));
    let sx = g.binary(BinaryOp::Multiply, x, 0.5);
    let mm = g.call(LibCall::Matmul, &[sx, w]);
    let kg = fused(&mut g, &[mm]);
    assert_eq!(kinds(&kg), "E L");
    assert_eq!(kg.temps().count(), 1);
}

#[test]
fn cheap_shared_work_is_recomputed() {
    let mut g = Graph::new("shared");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let t = g.binary(BinaryOp::Multiply, a, 2.0);
    let u = g.binary(BinaryOp::Add, t, 1.0);
    let v = g.binary(BinaryOp::Multiply, t, 3.0);
    let kg = fused(&mut g, &[u, v]);
    assert_eq!(kinds(&kg), "E E");
    assert_eq!(kg.temps().count(), 0);
    assert_eq!(ops(&kg, 0), ["load", "multiply", "add"]);
    assert_eq!(ops(&kg, 1), ["load", "multiply", "multiply"]);
}

#[test]
fn expensive_shared_work_is_materialised_once() {
    let mut g = Graph::new("expensive");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let s = g.unary(UnaryOp::Sin, a);
    let c = g.unary(UnaryOp::Cos, a);
    let p = g.binary(BinaryOp::Multiply, s, c);
    let e = g.unary(UnaryOp::Exp, p);
    let total = g.reduce(ReduceOp::Sum, e, None, false);
    let top = g.reduce(ReduceOp::Max, e, None, false);
    let kg = fused(&mut g, &[total, top]);
    // The sum's kernel stores exp(sin a * cos a) as it folds it; the max loads it.
    assert_eq!(kinds(&kg), "R R");
    let temps: Vec<_> = kg.temps().collect();
    assert_eq!(temps.len(), 1);
    assert_eq!(
        temps[0].note.as_deref(),
        Some("stored by the sum kernel, cost 49")
    );
    assert_eq!(
        ops(&kg, 0),
        ["load", "sin", "cos", "multiply", "exp", "reduce sum"]
    );
    assert_eq!(ops(&kg, 1), ["load", "reduce max"]);
}

#[test]
fn expensive_work_is_not_recomputed_per_broadcast_element() {
    let mut g = Graph::new("outer");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let b = g.input("b", DType::F64, sym(&["m", "n"]));
    let e = g.unary(UnaryOp::Exp, a);
    let y = g.binary(BinaryOp::Multiply, b, e);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E E");
    // A cheap one is.
    let mut g = Graph::new("outer_cheap");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let b = g.input("b", DType::F64, sym(&["m", "n"]));
    let e = g.binary(BinaryOp::Add, a, 1.0);
    let y = g.binary(BinaryOp::Multiply, b, e);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E");
}

#[test]
fn views_fold_into_maps() {
    let mut g = Graph::new("views");
    let a = g.input("a", DType::F32, sym(&["4", "10"]));
    let t = g.transpose(a);
    let s = g.slice(
        t,
        &[
            SliceAxis::Range {
                start: 9,
                len: 5,
                step: -2,
            },
            SliceAxis::Full,
        ],
    );
    let r = g.reshape(s, Shape::fixed(&[5, 2, 2]));
    let y = g.unary(UnaryOp::Negative, r);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E");
    assert_eq!(
        kg.kernels[0].inputs[0].map.to_string(),
        "[2*i1 + i2, -2*i0 + 9]"
    );
}

#[test]
fn a_non_affine_reshape_reads_a_contiguous_buffer() {
    let mut g = Graph::new("flatten");
    let a = g.input("a", DType::F64, sym(&["3", "4"]));
    let t = g.binary(BinaryOp::Add, a, 1.0);
    let r = g.reshape(t, Shape::fixed(&[12]));
    let y = g.unary(UnaryOp::Sqrt, r);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E E");
    let inp = &kg.kernels[1].inputs[0];
    assert_eq!(kg.buffer(inp.buffer).kind, BufferKind::Temp);
    assert_eq!(inp.shape, Shape::fixed(&[12]));
    // Flattening an input reads the input as reshaped, with no copy kernel.
    let mut g = Graph::new("flatten_input");
    let a = g.input("a", DType::F64, sym(&["3", "4"]));
    let r = g.reshape(a, Shape::fixed(&[12]));
    let y = g.unary(UnaryOp::Sqrt, r);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "E");
    assert!(kg.to_string().contains("in0: a f64[3, 4] as [12] at [i0]"));
}

#[test]
fn scans_take_a_prologue_and_an_epilogue() {
    let mut g = Graph::new("scan");
    let a = g.input("a", DType::I32, sym(&["n", "8"]));
    let x = g.binary(BinaryOp::Multiply, a, 3i64);
    let c = g.scan(ScanOp::Cumsum, x, -1);
    let y = g.binary(BinaryOp::Add, c, 1i64);
    let kg = fused(&mut g, &[y]);
    assert_eq!(kinds(&kg), "S");
    let k = &kg.kernels[0];
    assert_eq!(k.kind, KernelKind::Scan { axis: 1 });
    // cumsum of int32 accumulates in int64.
    assert_eq!(
        ops(&kg, 0),
        ["load", "multiply", "cast", "scan cumsum", "add"]
    );
}

#[test]
fn outputs_are_materialised_and_reused() {
    let mut g = Graph::new("two");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let y = g.unary(UnaryOp::Exp, a);
    let s = g.reduce(ReduceOp::Sum, y, None, false);
    let kg = fused(&mut g, &[y, s, a, y]);
    assert_eq!(kinds(&kg), "E E R");
    let names: Vec<&str> = kg
        .outputs
        .iter()
        .map(|b| kg.buffer(*b).name.as_str())
        .collect();
    assert_eq!(names, ["o0", "o1", "o2", "o0"]);
    // The copy of the input comes first; the sum reads the output buffer of exp.
    assert_eq!(ops(&kg, 0), ["load"]);
    assert_eq!(kg.buffer(kg.kernels[2].inputs[0].buffer).name, "o0");
}

#[test]
fn zero_d_outputs() {
    let mut g = Graph::new("scalar");
    let a = g.input("a", DType::F64, sym(&["n"]));
    let s = g.reduce(ReduceOp::Mean, a, None, false);
    let c = g.constant(crate::op::Lit::float(2.5), DType::F64);
    let kg = fused(&mut g, &[s, c]);
    assert_eq!(kinds(&kg), "R E");
    assert_eq!(kg.kernels[1].name, "E");
    assert_eq!(kg.kernels[1].outputs[0].map.to_string(), "[]");
}

#[test]
fn deep_chains_are_cut() {
    let mut g = Graph::new("deep");
    let mut x = g.input("a", DType::F64, sym(&["n"]));
    for _ in 0..450 {
        x = g.unary(UnaryOp::Negative, x);
    }
    let kg = fused(&mut g, &[x]);
    assert_eq!(kinds(&kg), "E E E");
}

#[test]
fn invalid_graphs_are_refused() {
    let mut g = Graph::new("bad");
    let a = g.input("a", DType::F64, sym(&["3"]));
    let b = g.input("b", DType::F64, sym(&["4"]));
    let y = g.binary(BinaryOp::Add, a, b);
    g.set_outputs(&[y]);
    assert!(fuse(&g).is_err());
}

#[test]
fn buffer_names_do_not_collide_with_inputs() {
    let mut g = Graph::new("names");
    let o0 = g.input("o0", DType::F64, sym(&["n"]));
    let b0 = g.input("b0", DType::F64, sym(&["n"]));
    let m = g.reduce(ReduceOp::Max, o0, None, true);
    let y = g.binary(BinaryOp::Subtract, b0, m);
    let kg = fused(&mut g, &[y]);
    let names: Vec<&str> = kg.buffers.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(names, ["o0", "b0", "o0_", "b0_"]);
}

#[test]
fn side_outputs_need_an_elementwise_fold_that_runs_first() {
    // The sum reads exp(a) through a transpose: it would not store each element once in its
    // own loop order, so exp(a) is recomputed (cost 16 <= 20) by both kernels.
    let mut g = Graph::new("transposed");
    let a = g.input("a", DType::F64, sym(&["4", "4"]));
    let e = g.unary(UnaryOp::Exp, a);
    let t = g.transpose(e);
    let s = g.reduce(ReduceOp::Sum, t, Some(&[1]), true);
    let p = g.binary(BinaryOp::TrueDivide, e, s);
    let kg = fused(&mut g, &[p]);
    assert_eq!(kinds(&kg), "R E");
    assert!(kg.kernels.iter().all(|k| k.outputs.len() == 1));

    // Cheap shared work (cost 2 < 16) is recomputed, not stored.
    let mut g = Graph::new("cheap");
    let x = g.input("x", DType::F64, sym(&["n", "m"]));
    let d = g.binary(BinaryOp::Multiply, x, 2.0);
    let d = g.binary(BinaryOp::Add, d, 1.0);
    let s = g.reduce(ReduceOp::Sum, d, Some(&[1]), true);
    let p = g.binary(BinaryOp::TrueDivide, d, s);
    let kg = fused(&mut g, &[p]);
    assert_eq!(kinds(&kg), "R E");
    assert_eq!(kg.temps().count(), 1);

    // The other reader is an output computed before the reduction in kernel order: the
    // expensive value gets a temporary of its own instead (it would be read before stored).
    let mut g = Graph::new("early");
    let x = g.input("x", DType::F64, sym(&["n"]));
    let e = g.unary(UnaryOp::Exp, x);
    let e = g.unary(UnaryOp::Sin, e);
    let early = g.binary(BinaryOp::Add, e, 1.0);
    let total = g.reduce(ReduceOp::Sum, e, None, false);
    let kg = fused(&mut g, &[early, total]);
    let notes: Vec<_> = kg.temps().filter_map(|b| b.note.clone()).collect();
    assert!(notes.iter().all(|n| !n.starts_with("stored")), "{kg}");
}

//! Every unary and binary op, every cast and every reduction and scan on all 11 dtypes,
//! through the JIT on every input layout, bit for bit against the reference interpreter.

mod common;

use common::{LAYOUTS, Layout, Strided, same};
use numfuse_ir::interp::Value;
use numfuse_ir::op::Lit;
use numfuse_ir::shape::Shape;
use numfuse_ir::{BinaryOp, DType, Graph, NodeId, ReduceOp, ScanOp, UnaryOp};
use numfuse_jit::Options;

const DTYPES: [DType; 11] = [
    DType::Bool,
    DType::I8,
    DType::I16,
    DType::I32,
    DType::I64,
    DType::U8,
    DType::U16,
    DType::U32,
    DType::U64,
    DType::F32,
    DType::F64,
];

/// Special values of each kind (converted to the dtype by `Value::new`).
fn pool(t: DType) -> Vec<Lit> {
    if t.is_float() {
        [
            0.0,
            -0.0,
            1.0,
            -1.0,
            2.5,
            -2.5,
            0.5,
            1.5,
            3.0,
            -7.0,
            1e-3,
            100.0,
            3e9,
            -3e9,
            1e19,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
        ]
        .map(Lit::float)
        .to_vec()
    } else if t == DType::Bool {
        vec![Lit::Bool(false), Lit::Bool(true), Lit::Bool(true)]
    } else {
        let (lo, hi) = numfuse_ir::op::int_range(t);
        [0, 1, -1, 2, -2, 7, -8, 3, 64, 100, lo, hi, lo + 1, 9]
            .map(Lit::Int)
            .to_vec()
    }
}

/// `x` and `y` holding every pair of pool values.
fn pairs(t: DType) -> (Value, Value) {
    let p = pool(t);
    let n = p.len() * p.len();
    let x = (0..n).map(|k| p[k / p.len()]).collect();
    let y = (0..n).map(|k| p[k % p.len()]).collect();
    (
        Value::new(t, &[p.len(), p.len()], x).unwrap(),
        Value::new(t, &[p.len(), p.len()], y).unwrap(),
    )
}

fn check(g: &Graph, vals: &[Value]) {
    for layout in LAYOUTS {
        // Transcendentals bit for bit: the libm calls (the inline ones are in vmath.rs).
        let r = same(g, vals, layout, &common::libm());
        assert!(r.is_ok(), "{}\n{g}", r.unwrap_err());
        assert!(r.unwrap(), "the interpreter raised for\n{g}");
    }
}

fn inputs(g: &mut Graph, t: DType, n: usize) -> (NodeId, NodeId) {
    let s = Shape::fixed(&[n, n]);
    (g.input("x", t, s.clone()), g.input("y", t, s))
}

#[test]
fn unary_ops_and_casts_on_every_dtype() {
    for t in DTYPES {
        let (x, _) = pairs(t);
        let mut g = Graph::new("unary");
        let (xi, _) = inputs(&mut g, t, x.shape[0]);
        let mut outs = Vec::new();
        for &op in UnaryOp::ALL {
            if op.resolve(t.into()).is_ok() {
                outs.push(g.unary(op, xi));
            }
        }
        for u in DTYPES {
            outs.push(g.cast(xi, u));
        }
        g.set_outputs(&outs);
        let y = x.clone();
        check(&g, &[x, y]);
    }
}

#[test]
fn binary_ops_on_every_dtype() {
    for t in DTYPES {
        let (x, y) = pairs(t);
        let mut g = Graph::new("binary");
        let (xi, yi) = inputs(&mut g, t, x.shape[0]);
        let mut outs = Vec::new();
        for &op in BinaryOp::ALL {
            let int_power = op == BinaryOp::Power && !t.is_float();
            if !int_power && op.resolve(t.into(), t.into()).is_ok() {
                outs.push(g.binary(op, xi, yi));
            }
        }
        g.set_outputs(&outs);
        check(&g, &[x, y]);
    }
}

#[test]
fn integer_power() {
    for t in DTYPES
        .into_iter()
        .filter(|t| !t.is_float() && *t != DType::Bool)
    {
        let (x, _) = pairs(t);
        let n = x.shape[0];
        let e: Vec<Lit> = (0..n * n).map(|k| Lit::Int((k % 9) as i128)).collect();
        let y = Value::new(t, &[n, n], e).unwrap();
        let mut g = Graph::new("power");
        let (xi, yi) = inputs(&mut g, t, n);
        let p = g.binary(BinaryOp::Power, xi, yi);
        g.set_outputs(&[p]);
        check(&g, &[x, y]);
    }
}

#[test]
fn negative_integer_power_raises() {
    let x = Value::i64(&[2, 2], &[1, 2, 3, 4]).unwrap();
    let y = Value::i64(&[2, 2], &[1, 2, -1, 4]).unwrap();
    let mut g = Graph::new("power");
    let (xi, yi) = inputs(&mut g, DType::I64, 2);
    let p = g.binary(BinaryOp::Power, xi, yi);
    g.set_outputs(&[p]);
    let kg = common::kernels(&g, false).unwrap();
    let (sx, sy) = (Strided::new(&x, Layout::C), Strided::new(&y, Layout::C));
    let r = common::run_jit(&kg, &[&sx, &sy], &Options::default());
    assert_eq!(
        r.err(),
        Some(numfuse_jit::Error::Value(
            "Integers to negative integer powers are not allowed.".into()
        ))
    );
}

#[test]
fn select_and_mixed_dtypes() {
    let (x, _) = pairs(DType::I16);
    let (y, _) = pairs(DType::I16);
    let mut g = Graph::new("mixed");
    let n = x.shape[0];
    let xi = g.input("x", DType::I16, Shape::fixed(&[n, n]));
    let yi = g.input("y", DType::I16, Shape::fixed(&[n, n]));
    let f = g.cast(yi, DType::F32);
    let c = g.binary(BinaryOp::Less, xi, 0i64);
    let s = g.select(c, xi, f);
    let u = g.cast(xi, DType::U8);
    let w = g.binary(BinaryOp::Add, u, 1.5);
    let m = g.binary(BinaryOp::Multiply, s, w);
    g.set_outputs(&[s, m]);
    check(&g, &[x, y]);
}

#[test]
fn reductions_on_every_dtype() {
    for t in DTYPES {
        let (x, _) = pairs(t);
        let n = x.shape[0];
        let mut g = Graph::new("reduce");
        let xi = g.input("x", t, Shape::fixed(&[n, n]));
        let mut outs = Vec::new();
        for &op in ReduceOp::ALL {
            for axes in [
                None,
                Some(&[0isize][..]),
                Some(&[1isize][..]),
                Some(&[-1, 0][..]),
            ] {
                for keep in [false, true] {
                    let r = g.reduce(op, xi, axes, keep);
                    if g.errors().is_empty() {
                        outs.push(r);
                    }
                }
            }
        }
        // An epilogue: mean(x, axis=1) * 2 + x[:, 0]-like broadcast use.
        if t.is_float() {
            let m = g.reduce(ReduceOp::Mean, xi, Some(&[1]), true);
            let d = g.binary(BinaryOp::Subtract, xi, m);
            let s = g.reduce(ReduceOp::Max, d, Some(&[1]), false);
            outs.push(g.unary(UnaryOp::Sqrt, s));
        }
        g.set_outputs(&outs);
        check(&g, &[x]);
    }
}

#[test]
fn scans_on_every_dtype() {
    for t in DTYPES {
        let (x, _) = pairs(t);
        let n = x.shape[0];
        let mut g = Graph::new("scan");
        let xi = g.input("x", t, Shape::fixed(&[n, n]));
        let mut outs = Vec::new();
        for &op in ScanOp::ALL {
            for axis in [0, 1] {
                let s = g.scan(op, xi, axis);
                if g.errors().is_empty() {
                    outs.push(s);
                }
            }
        }
        g.set_outputs(&outs);
        check(&g, &[x]);
    }
}

#[test]
fn broadcast_input_views() {
    let row = Value::f64(&[1, 5], &[1.0, -2.0, 0.5, f64::NAN, 3.0]).unwrap();
    let (sb, full) = Strided::broadcast_first(&row, 4);
    let y = Value::f64(&[4, 5], &(0..20).map(f64::from).collect::<Vec<_>>()).unwrap();
    let sy = Strided::new(&y, Layout::Reversed);
    let mut g = Graph::new("bcast");
    let a = g.input("a", DType::F64, Shape::fixed(&[4, 5]));
    let b = g.input("b", DType::F64, Shape::fixed(&[4, 5]));
    let m = g.binary(BinaryOp::Multiply, a, b);
    let s = g.reduce(ReduceOp::Sum, m, Some(&[0]), false);
    g.set_outputs(&[m, s]);
    let want = numfuse_ir::interp::run(&g, &[full, y]).unwrap();
    let kg = common::kernels(&g, true).unwrap();
    let (got, _) = common::run_jit(&kg, &[&sb, &sy], &Options::default()).unwrap();
    assert_eq!(got, want);
}

#[test]
fn empty_and_zero_d() {
    let mut g = Graph::new("empty");
    let a = g.input("a", DType::F64, Shape::fixed(&[0, 3]));
    let s = g.reduce(ReduceOp::Sum, a, Some(&[0]), false);
    let p = g.reduce(ReduceOp::Prod, a, None, false);
    let e = g.binary(BinaryOp::Add, a, 1.0);
    g.set_outputs(&[s, p, e]);
    let x = Value::f64(&[0, 3], &[]).unwrap();
    check(&g, &[x]);
    let mut g = Graph::new("scalar");
    let a = g.input("a", DType::I32, Shape::fixed(&[]));
    let b = g.binary(BinaryOp::Multiply, a, 3i64);
    g.set_outputs(&[b]);
    check(&g, &[Value::scalar(Lit::Int(-5), DType::I32)]);
}

#[test]
fn empty_max_raises() {
    let mut g = Graph::new("empty");
    let a = g.input("a", DType::F64, Shape::from([numfuse_ir::Dim::from("n")]));
    let s = g.reduce(ReduceOp::Max, a, None, false);
    g.set_outputs(&[s]);
    let kg = common::kernels(&g, false).unwrap();
    let x = Strided::new(&Value::f64(&[0], &[]).unwrap(), Layout::C);
    let r = common::run_jit(&kg, &[&x], &Options::default());
    assert!(
        matches!(r, Err(numfuse_jit::Error::Value(_))),
        "{:?}",
        r.err()
    );
}

#[test]
fn integer_vector_loops() {
    for t in DTYPES
        .into_iter()
        .filter(|t| !t.is_float() && *t != DType::Bool)
    {
        let p = pool(t);
        let n = 3 * 70;
        let x: Vec<Lit> = (0..n).map(|k| p[(k * 7) % p.len()]).collect();
        let y: Vec<Lit> = (0..n).map(|k| p[(k * 5 + 3) % p.len()]).collect();
        let (x, y) = (
            Value::new(t, &[3, 70], x).unwrap(),
            Value::new(t, &[3, 70], y).unwrap(),
        );
        let mut g = Graph::new("ivec");
        let xi = g.input("x", t, Shape::fixed(&[3, 70]));
        let yi = g.input("y", t, Shape::fixed(&[3, 70]));
        let mut outs = Vec::new();
        for op in [
            BinaryOp::Add,
            BinaryOp::Subtract,
            BinaryOp::Multiply,
            BinaryOp::Maximum,
            BinaryOp::Minimum,
            BinaryOp::BitwiseAnd,
            BinaryOp::BitwiseXor,
        ] {
            outs.push(g.binary(op, xi, yi));
        }
        let s = g.unary(UnaryOp::Square, xi);
        let v = g.unary(UnaryOp::Invert, s);
        outs.push(g.binary(BinaryOp::Maximum, v, xi));
        if t.is_signed() {
            outs.push(g.unary(UnaryOp::Negative, yi));
        }
        g.set_outputs(&outs);
        check(&g, &[x.clone(), y.clone()]);
        let kg = common::kernels(&g, false).unwrap();
        let (sx, sy) = (Strided::new(&x, Layout::C), Strided::new(&y, Layout::C));
        let (_, rep) = common::run_jit(&kg, &[&sx, &sy], &Options::default()).unwrap();
        let add = &rep.kernels[0];
        assert_eq!(add.lanes.0, 16 / t.itemsize(), "{t}: {:?}", add.lanes);
    }
}

#[test]
fn vector_masks_and_where() {
    for t in [DType::F64, DType::F32, DType::I32, DType::U16] {
        let p = pool(t);
        let x: Vec<Lit> = (0..2 * 45).map(|k| p[(k * 7) % p.len()]).collect();
        let y: Vec<Lit> = (0..2 * 45).map(|k| p[(k * 5 + 3) % p.len()]).collect();
        let (x, y) = (
            Value::new(t, &[2, 45], x).unwrap(),
            Value::new(t, &[2, 45], y).unwrap(),
        );
        let mut g = Graph::new("masks");
        let xi = g.input("x", t, Shape::fixed(&[2, 45]));
        let yi = g.input("y", t, Shape::fixed(&[2, 45]));
        // Leaky-ReLU-like and clip-like selects, with logical ops on the masks.
        let pos = g.binary(BinaryOp::Greater, xi, yi);
        let le = if t.is_float() {
            g.binary(BinaryOp::LessEqual, xi, 3.0)
        } else {
            g.binary(BinaryOp::LessEqual, xi, 3i64)
        };
        let both = g.binary(BinaryOp::LogicalAnd, pos, le);
        let not = g.unary(UnaryOp::LogicalNot, both);
        let s1 = g.select(pos, xi, yi);
        let s2 = g.select(not, yi, xi);
        let sum = g.binary(BinaryOp::Add, s1, s2);
        g.set_outputs(&[sum]);
        check(&g, &[x.clone(), y.clone()]);
        let kg = common::kernels(&g, false).unwrap();
        let (sx, sy) = (Strided::new(&x, Layout::C), Strided::new(&y, Layout::C));
        let (_, rep) = common::run_jit(&kg, &[&sx, &sy], &Options::default()).unwrap();
        assert!(
            rep.kernels[0].lanes.0 > 1,
            "{t}: {:?}",
            rep.kernels[0].lanes
        );
    }
}

/// Casts a vector instruction can do on load (`f32 -> f64`, `i32 -> f64`, `i64 -> f64`,
/// `i32 -> f32`, integer widening) keep the kernel's vector loop and the scalar loop's bits:
/// every pool value (extremes, NaN, infinities, signed zeros), contiguous and broadcast.
#[test]
fn casts_on_load_take_the_vector_loop() {
    use DType as D;
    let pairs = [
        (D::F32, D::F64),
        (D::I32, D::F64),
        (D::I64, D::F64),
        (D::I32, D::F32),
        (D::I32, D::I64),
        (D::I16, D::I32),
        (D::U32, D::I64),
        (D::U16, D::I32),
        (D::U16, D::U32),
        (D::U32, D::U64),
    ];
    for (from, to) in pairs {
        let p = pool(from);
        // Enough elements for several vector groups and a scalar tail.
        let n = 8 * p.len() + 3;
        let data: Vec<Lit> = (0..n).map(|k| p[k % p.len()]).collect();
        let x = Value::new(from, &[n], data).unwrap();
        let y = Value::new(to, &[n], pool(to).iter().cycle().take(n).copied().collect()).unwrap();
        let mut g = Graph::new("cast");
        let xi = g.input("x", from, Shape::fixed(&[n]));
        let yi = g.input("y", to, Shape::fixed(&[n]));
        let c = g.cast(xi, to);
        let m = g.binary(BinaryOp::Maximum, c, yi);
        g.set_outputs(&[c, m]);
        let want = numfuse_ir::interp::run(&g, &[x.clone(), y.clone()]).unwrap();
        let kg = common::kernels(&g, false).unwrap();
        let (sx, sy) = (Strided::new(&x, Layout::C), Strided::new(&y, Layout::C));
        let (got, rep) = common::run_jit(&kg, &[&sx, &sy], &common::libm()).unwrap();
        assert_eq!(got, want, "{from} -> {to}");
        let lanes = &rep.kernels[0].lanes;
        assert!(lanes.0 > 1, "{from} -> {to}: {lanes:?}");
        // A broadcast input is converted once and splatted.
        let (sb, full) = Strided::broadcast_first(&Value::new(from, &[1], vec![p[1]]).unwrap(), n);
        let want = numfuse_ir::interp::run(&g, &[full, y.clone()]).unwrap();
        let (got, rep) = common::run_jit(&kg, &[&sb, &sy], &common::libm()).unwrap();
        assert_eq!(got, want, "{from} -> {to}, broadcast");
        assert!(
            rep.kernels[0].lanes.0 > 1,
            "{from} -> {to}: {:?}",
            rep.kernels[0].lanes
        );
    }
}

//! Property test: random expressions over random shapes, strided and transposed inputs and
//! dtypes (f64, f32, i64, i32, bool), evaluated by the JIT and by the eager evaluator (the
//! reference), under the `Strict` float policy (only bit-exact rewrites). Integers and bools
//! must agree exactly; floats within a few ulps (the JIT's vectorised transcendentals and
//! reduction order), or a small absolute tolerance for sums.

use numfuse::ir::{BinaryOp, FloatPolicy, UnaryOp};
use numfuse::lazy::where_;
use numfuse::prelude::*;
use proptest::prelude::*;

#[derive(Clone, Debug)]
enum Tree {
    Input(usize),
    Scalar(i8),
    Unary(usize, Box<Tree>),
    Binary(usize, Box<Tree>, Box<Tree>),
    Where(Box<Tree>, Box<Tree>, Box<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        3 => (0usize..2).prop_map(Tree::Input),
        1 => (-3i8..4).prop_map(Tree::Scalar),
    ];
    leaf.prop_recursive(4, 16, 3, |inner| {
        prop_oneof![
            (0usize..16, inner.clone()).prop_map(|(o, t)| Tree::Unary(o, Box::new(t))),
            (0usize..16, inner.clone(), inner.clone()).prop_map(|(o, a, b)| Tree::Binary(
                o,
                Box::new(a),
                Box::new(b)
            )),
            (inner.clone(), inner.clone(), inner).prop_map(|(c, a, b)| Tree::Where(
                Box::new(c),
                Box::new(a),
                Box::new(b)
            )),
        ]
    })
}

fn unary_ops(dt: DType) -> &'static [UnaryOp] {
    use UnaryOp::*;
    match dt {
        DType::Bool => &[LogicalNot, Invert, Absolute],
        DType::I64 | DType::I32 => &[Negative, Absolute, Square, Sign, Invert],
        _ => &[
            Negative, Absolute, Sqrt, Exp, Tanh, Sin, Floor, Square, Log1p, Arctan,
        ],
    }
}

fn binary_ops(dt: DType) -> &'static [BinaryOp] {
    use BinaryOp::*;
    match dt {
        DType::Bool => &[LogicalAnd, LogicalOr, LogicalXor, Add, Multiply, Maximum],
        DType::I64 | DType::I32 => &[
            Add,
            Subtract,
            Multiply,
            Maximum,
            Minimum,
            BitwiseAnd,
            BitwiseXor,
            FloorDivide,
            Remainder,
        ],
        _ => &[
            Add, Subtract, Multiply, TrueDivide, Maximum, Minimum, Fmin, Hypot,
        ],
    }
}

/// Builds the expression; every node keeps the dtype `dt` (comparisons go through `where`).
fn build(t: &Tree, xs: &[Expr], dt: DType) -> Expr {
    match t {
        Tree::Input(k) => xs[*k % xs.len()].clone(),
        Tree::Scalar(v) => {
            let base = xs[0].multiply(0i64); // a zero of the inputs' shape and dtype
            let base = if dt == DType::Bool {
                base.astype(DType::Bool)
            } else {
                base.astype(dt)
            };
            match dt {
                DType::Bool => base.logical_or(*v > 0),
                DType::F64 | DType::F32 => &base + f64::from(*v) * 0.75,
                _ => &base + i64::from(*v),
            }
        }
        Tree::Unary(o, a) => {
            let ops = unary_ops(dt);
            build(a, xs, dt).unary(ops[o % ops.len()]).astype(dt)
        }
        Tree::Binary(o, a, b) => {
            let ops = binary_ops(dt);
            build(a, xs, dt)
                .binary(ops[o % ops.len()], build(b, xs, dt))
                .astype(dt)
        }
        Tree::Where(c, a, b) => {
            let c = build(c, xs, dt);
            let cond = if dt == DType::Bool {
                c
            } else {
                c.greater(0i64)
            };
            where_(&cond, build(a, xs, dt), build(b, xs, dt))
        }
    }
}

/// `(values, shape, layout)`: layout 0 contiguous, 1 transposed, 2 every other column.
fn inputs() -> impl Strategy<Value = (Vec<i8>, usize, usize, u8, bool)> {
    (0usize..5, 1usize..5, 0u8..3, any::<bool>()).prop_flat_map(|(m, n, layout, bcast)| {
        (
            proptest::collection::vec(-8i8..9, 4 * 5 * 2 * 2),
            Just(m),
            Just(n),
            Just(layout),
            Just(bcast),
        )
    })
}

fn make(values: &[i8], m: usize, n: usize, layout: u8, dt: DType, off: usize) -> Array {
    let vals = |k: usize| -> Vec<f64> {
        (0..k)
            .map(|i| f64::from(values[(i + off) % values.len()]) * 0.5)
            .collect()
    };
    let a = match layout {
        0 => Array::from_vec(vals(m * n), &[m, n]).unwrap(),
        1 => Array::from_vec(vals(m * n), &[n, m]).unwrap().t(),
        _ => Array::from_vec(vals(m * n * 2), &[m, 2 * n])
            .unwrap()
            .slice(s![.., ..;2])
            .unwrap(),
    };
    if dt.is_float() {
        a.astype(dt)
    } else {
        // Integers from the halves: floor keeps them small; bool is "non-zero".
        a.astype(DType::I64).astype(dt)
    }
}

fn check(lazy: &Array, eager: &Array, sums: bool) -> Result<(), String> {
    if lazy.dtype() != eager.dtype() || lazy.shape() != eager.shape() {
        return Err(format!(
            "type: lazy {}{:?} eager {}{:?}",
            lazy.dtype(),
            lazy.shape(),
            eager.dtype(),
            eager.shape()
        ));
    }
    let f32 = lazy.dtype() == DType::F32;
    let a = lazy.astype(DType::F64).to_vec::<f64>().unwrap();
    let b = eager.astype(DType::F64).to_vec::<f64>().unwrap();
    for (i, (&x, &y)) in a.iter().zip(&b).enumerate() {
        let ok = if !lazy.dtype().is_float() {
            x == y
        } else if x.is_nan() || y.is_nan() {
            x.is_nan() && y.is_nan()
        } else if x == y {
            true
        } else if !x.is_finite() || !y.is_finite() {
            false
        } else {
            let (bx, by) = if f32 {
                (
                    i64::from((x as f32).to_bits() as i32),
                    i64::from((y as f32).to_bits() as i32),
                )
            } else {
                (x.to_bits() as i64, y.to_bits() as i64)
            };
            let ulps = bx.wrapping_sub(by).unsigned_abs();
            let tol = if f32 { 1e-5 } else { 1e-12 };
            (x.signum() == y.signum() && ulps <= 16)
                || (sums && (x - y).abs() <= tol * (1.0 + y.abs()) * 64.0)
        };
        if !ok {
            return Err(format!("element {i}: lazy {x:e} eager {y:e}"));
        }
    }
    Ok(())
}

const DTYPES: [DType; 5] = [DType::F64, DType::F32, DType::I64, DType::I32, DType::Bool];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn lazy_equals_eager(
        t in tree(),
        (values, m, n, layout, bcast) in inputs(),
        dt in 0usize..5,
        root in 0u8..4,
    ) {
        let dt = DTYPES[dt];
        let a = make(&values, m, n, layout, dt, 0);
        let b = if bcast {
            make(&values, 1, n, 0, dt, 7).reshape(&[n as isize]).unwrap()
        } else {
            make(&values, m, n, (layout + 1) % 3, dt, 7)
        };
        let xs = [a.lazy(), b.lazy()];
        let body = build(&t, &xs, dt);
        let (e, sums) = match root {
            0 => (body, false),
            1 => (body.sum(-1), true),
            2 => (body.max(Some(0isize)), false),
            _ => (body.cumsum(Some(-1)), true),
        };
        let max_on_empty = root == 2 && m == 0;
        let jit = EvalOptions { policy: FloatPolicy::Strict, backend: Backend::Jit, ..Default::default() };
        let eager = EvalOptions { backend: Backend::Eager, ..jit.clone() };
        let l = e.eval_with(&jit);
        let r = e.eval_with(&eager);
        match (l, r) {
            (Ok(l), Ok(r)) => {
                if let Err(msg) = check(&l, &r, sums) {
                    prop_assert!(false, "{msg}\n{}", e.explain_with(&jit).unwrap_or_default());
                }
            }
            (Err(le), Err(re)) => {
                // Both refuse (a max over an empty axis): the same error text.
                prop_assert_eq!(le.to_string(), re.to_string());
                prop_assert!(max_on_empty, "unexpected error {le}");
            }
            (l, r) => prop_assert!(
                max_on_empty && l.is_err() && r.is_err(),
                "lazy {l:?} eager {r:?}\n{e}"
            ),
        }
    }
}

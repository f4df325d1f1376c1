//! Property test: random float expressions evaluated by the JIT under the default
//! `Algebraic` float policy (like terms collected, constants reassociated, `x / c` turned into
//! `x * (1/c)`, ...) against the reference: the eager backend under `Strict` (bit-exact
//! rewrites only, so the graph as built), on f64 and f32, over random shapes, strided,
//! transposed and broadcast inputs.
//!
//! # The bound
//!
//! The expressions are straight-line `+ - *` programs: sums and differences of subexpressions,
//! products of subexpressions, multiplication, division and addition by constants, and
//! negation, over leaves that are inputs, constants, or a transcendental of an input
//! (`exp`, `sin`, `tanh`, `arctan`, and `sqrt`, `log` of the positive input), optionally summed
//! along the last axis or over everything. Let `u` be the unit roundoff (2^-53 for f64, 2^-24
//! for f32), `m` the number of arithmetic ops of the expression (a sum over `k` elements counts
//! `k`) and `S` the *absolute evaluation*: the same expression with every leaf and constant
//! replaced by its magnitude, `-` by `+` and `/ c` by `* (1/|c|)`.
//!
//! 1. Evaluated in any order, such a program errs from the exact value of its leaves by at most
//!    `γ_m·S`, `γ_m = m·u/(1 - m·u)` (the running error bound of `+ - *`; Higham, *Accuracy
//!    and Stability*, §3.1). This covers both sides and every summation order the JIT's
//!    vector accumulators and chunk partials use.
//! 2. The `Algebraic` rewrites stay inside it (ir/src/passes/simplify/README.md and the rules'
//!    doc lines): like-term collection and constant reassociation rebuild the same linear form
//!    with fewer ops, each op still one rounding (`|difference| ≤ 4u·(|x| + |c1| + |c2|)` for
//!    `reassoc_add`, relative `≤ 4u` for `reassoc_mul`), and the rewritten form's own absolute
//!    evaluation is no larger than `S` (collecting `a*2 + a*-3` into `a*-1` shrinks it, by the
//!    triangle inequality). `x / c => x * (1/c)` adds `2u` relative on its path (`≤ 3u` in
//!    all, the rule's doc line).
//! 3. A transcendental leaf is within 2 ulps (`4u` relative) of the exact value on each side
//!    (libm, or the JIT's vectorised routines with their 1-2 ulp bounds), so leaves add at
//!    most `8u·S` to the difference, and divisions by constants at most `2u·S` each.
//!
//! Hence the test's bound: `|jit - reference| ≤ (2m + 8 + 2d)·u·S·(1 + 2^-10)`, `d` the
//! number of divisions by constants, with a tenth of a percent of slack for `γ_m`'s higher
//! order term. Every value stays finite (inputs in `[-4, 4.5]`, constants bounded, `log`
//! and `sqrt` of a positive input, no division by a variable), so the bound is the whole
//! property: no NaN or infinity ever appears on either side.

use numfuse::ir::{FloatPolicy, UnaryOp};
use numfuse::prelude::*;
use proptest::prelude::*;

/// Constants drawn by the generator; none is zero, so every division is defined.
const CONSTS: [f64; 8] = [3.0, 0.5, -7.0, 10.0, 0.1, 1.5, -0.25, 1.0 / 3.0];

/// Transcendentals of any input, and of the positive input only.
const ANY: [UnaryOp; 4] = [UnaryOp::Exp, UnaryOp::Sin, UnaryOp::Tanh, UnaryOp::Arctan];
const POSITIVE: [UnaryOp; 2] = [UnaryOp::Sqrt, UnaryOp::Log];

#[derive(Clone, Debug)]
enum Tree {
    /// Input `k % 3`; input 2 is positive.
    Input(usize),
    /// `CONSTS[k]` as an array of the inputs' shape.
    Const(usize),
    /// A transcendental of an input: `ANY[op]` of input `k`, or `POSITIVE[op]` of input 2.
    Trans(usize, usize, bool),
    Add(Box<Tree>, Box<Tree>),
    Sub(Box<Tree>, Box<Tree>),
    Mul(Box<Tree>, Box<Tree>),
    Neg(Box<Tree>),
    /// `t * c`, `t / c`, `t + c` with `c = CONSTS[k]`.
    MulC(Box<Tree>, usize),
    DivC(Box<Tree>, usize),
    AddC(Box<Tree>, usize),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        4 => (0usize..3).prop_map(Tree::Input),
        1 => (0usize..CONSTS.len()).prop_map(Tree::Const),
        2 => (0usize..4, 0usize..3, any::<bool>()).prop_map(|(o, k, p)| Tree::Trans(o, k, p)),
    ];
    leaf.prop_recursive(4, 24, 2, |inner| {
        let c = 0usize..CONSTS.len();
        prop_oneof![
            3 => (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Add(a.into(), b.into())),
            3 => (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Sub(a.into(), b.into())),
            1 => (inner.clone(), inner.clone()).prop_map(|(a, b)| Tree::Mul(a.into(), b.into())),
            1 => inner.clone().prop_map(|a| Tree::Neg(a.into())),
            3 => (inner.clone(), c.clone()).prop_map(|(a, k)| Tree::MulC(a.into(), k)),
            2 => (inner.clone(), c.clone()).prop_map(|(a, k)| Tree::DivC(a.into(), k)),
            2 => (inner, c).prop_map(|(a, k)| Tree::AddC(a.into(), k)),
        ]
    })
}

/// `(ops, divisions by constants)` of the tree.
fn count(t: &Tree) -> (usize, usize) {
    match t {
        Tree::Input(_) | Tree::Const(_) | Tree::Trans(..) => (0, 0),
        Tree::Add(a, b) | Tree::Sub(a, b) | Tree::Mul(a, b) => {
            let (x, y) = (count(a), count(b));
            (x.0 + y.0 + 1, x.1 + y.1)
        }
        Tree::Neg(a) | Tree::MulC(a, _) | Tree::AddC(a, _) => {
            let x = count(a);
            (x.0 + 1, x.1)
        }
        Tree::DivC(a, _) => {
            let x = count(a);
            (x.0 + 1, x.1 + 1)
        }
    }
}

fn trans(op: usize, k: usize, positive: bool) -> (UnaryOp, usize) {
    if positive {
        (POSITIVE[op % POSITIVE.len()], 2)
    } else {
        (ANY[op % ANY.len()], k % 3)
    }
}

/// The expression over the inputs `xs`; with `mags` (the inputs' magnitudes, `xs` then
/// being the inputs in f64), its absolute evaluation (module doc).
fn build(t: &Tree, xs: &[Expr], mags: Option<&[Expr]>) -> Expr {
    let abs = mags.is_some();
    let c = |k: usize| if abs { CONSTS[k].abs() } else { CONSTS[k] };
    let go = |t: &Tree| build(t, xs, mags);
    match t {
        Tree::Input(k) => mags.unwrap_or(xs)[k % 3].clone(),
        Tree::Const(k) => &xs[0] * 0.0 + c(*k),
        Tree::Trans(op, k, p) => {
            let (op, k) = trans(*op, *k, *p);
            let v = xs[k].unary(op);
            if abs { v.unary(UnaryOp::Absolute) } else { v }
        }
        Tree::Add(a, b) => go(a) + go(b),
        Tree::Sub(a, b) if abs => go(a) + go(b),
        Tree::Sub(a, b) => go(a) - go(b),
        Tree::Mul(a, b) => go(a) * go(b),
        Tree::Neg(a) if abs => go(a),
        Tree::Neg(a) => -go(a),
        Tree::MulC(a, k) => go(a) * c(*k),
        Tree::DivC(a, k) if abs => go(a) * (1.0 / c(*k)),
        Tree::DivC(a, k) => go(a) / c(*k),
        Tree::AddC(a, k) => go(a) + c(*k),
    }
}

/// An `(m, n)` input from the drawn values: layout 0 C-contiguous, 1 transposed, 2 every other
/// column of a wider array. `positive` maps `v` to `|v| + 0.25` (exact in binary).
fn make(values: &[i8], (m, n): (usize, usize), layout: u8, off: usize, positive: bool) -> Array {
    let vals = |k: usize| -> Vec<f64> {
        (0..k)
            .map(|i| {
                let v = f64::from(values[(i + off) % values.len()]) * 0.5;
                if positive { v.abs() + 0.25 } else { v }
            })
            .collect()
    };
    match layout {
        0 => Array::from_vec(vals(m * n), &[m, n]).unwrap(),
        1 => Array::from_vec(vals(m * n), &[n, m]).unwrap().t(),
        _ => Array::from_vec(vals(m * n * 2), &[m, 2 * n])
            .unwrap()
            .slice(s![.., ..;2])
            .unwrap(),
    }
}

/// `root` 0: elementwise; 1: sum over the last axis; 2: sum of everything. Also the number
/// of elements each output sums (added to the op count).
fn rooted(e: Expr, root: u8, (m, n): (usize, usize)) -> (Expr, usize) {
    match root {
        0 => (e, 0),
        1 => (e.sum(-1), n),
        _ => (e.sum(None), m * n),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    #[test]
    fn algebraic_jit_within_the_bound(
        t in tree(),
        values in proptest::collection::vec(-8i8..10, 40),
        shape in (1usize..5, 1usize..6),
        layouts in (0u8..3, 0u8..3),
        bcast in any::<bool>(),
        f32 in any::<bool>(),
        root in 0u8..3,
    ) {
        let dt = if f32 { DType::F32 } else { DType::F64 };
        let n = shape.1;
        let a = make(&values, shape, layouts.0, 0, false);
        let b = if bcast {
            make(&values, (1, n), 0, 11, false)
        } else {
            make(&values, shape, layouts.1, 11, false)
        };
        let p = make(&values, shape, (layouts.0 + 1) % 3, 23, true);
        let inputs = [a, b, p].map(|x| x.astype(dt));
        let xs: Vec<Expr> = inputs.iter().map(Array::lazy).collect();
        let (e, summed) = rooted(build(&t, &xs, None), root, shape);

        let jit = EvalOptions {
            policy: FloatPolicy::Algebraic,
            backend: Backend::Jit,
            ..EvalOptions::default()
        };
        let reference = EvalOptions {
            policy: FloatPolicy::Strict,
            backend: Backend::Eager,
            ..EvalOptions::default()
        };
        let got = e.eval_with(&jit).unwrap();
        let want = e.eval_with(&reference).unwrap();
        prop_assert_eq!(got.dtype(), dt);
        prop_assert_eq!(got.shape(), want.shape());

        // The absolute evaluation, in f64 from the same (rounded) inputs.
        let wide: Vec<Array> = inputs.iter().map(|x| x.astype(DType::F64)).collect();
        let signed: Vec<Expr> = wide.iter().map(Array::lazy).collect();
        let mags: Vec<Expr> = wide.iter().map(|x| x.abs().unwrap().lazy()).collect();
        let (s, _) = rooted(build(&t, &signed, Some(&mags)), root, shape);
        let scale = s.eval_with(&reference).unwrap().to_vec::<f64>().unwrap();

        let (ops, divs) = count(&t);
        let u = if f32 { 2f64.powi(-24) } else { 2f64.powi(-53) };
        let k = (2 * (ops + summed) + 8 + 2 * divs) as f64 * (1.0 + 2f64.powi(-10));
        let g = got.astype(DType::F64).to_vec::<f64>().unwrap();
        let w = want.astype(DType::F64).to_vec::<f64>().unwrap();
        for (i, ((&g, &w), &s)) in g.iter().zip(&w).zip(&scale).enumerate() {
            prop_assert!(g.is_finite() && w.is_finite(), "element {i}: jit {g} reference {w}");
            let bound = k * u * s;
            prop_assert!(
                (g - w).abs() <= bound,
                "element {i}: jit {g:e} reference {w:e}: |difference| {:e} > bound {bound:e} \
                 (m = {}, d = {divs}, S = {s:e})\n{}",
                (g - w).abs(),
                ops + summed,
                e.explain_with(&jit).unwrap_or_default()
            );
        }
    }
}

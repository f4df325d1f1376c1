//! Property tests of the mid-end: for random valid graphs (`common/graphgen.rs`) and random
//! small inputs, `passes::optimize` under each float policy gives a graph that
//!
//! 1. verifies,
//! 2. has no more nodes than the input graph (the nodes the outputs reach, inputs, constants and
//!    views included),
//! 3. evaluates, with the reference interpreter, to the same outputs as the unoptimised graph:
//!    - `Strict`: bit for bit (NaN equals NaN, `-0.0` differs from `0.0`), on inputs that
//!      include NaN, infinities and `-0.0`;
//!    - `Algebraic`: on finite inputs, integer and bool outputs computed from integers only are
//!      exact; a float output `got` may differ from `want` by at most
//!      `1e-9 * max(|want|, M)`, where `M` is the largest finite magnitude of any value of the
//!      unoptimised graph (reassociating or collecting terms errs by a few ulps of the
//!      magnitudes involved, and later ops can scale that; 1e-9 leaves room for that scaling,
//!      far below any real bug). Where the unoptimised graph has a non-finite value from
//!      finite inputs (an overflow, `log(0)`), a non-finite output may change, as the policy
//!      states (`a*3 - a*2` with `a*3 = inf`). The sign of a zero is not preserved
//!      (`a*2 + a*-2 => a*0` is `-0.0` for negative `a`), so where an op that tells the signs
//!      apart (division, `arctan2`, `copysign`, `**`, `%`, `reciprocal`) sees a zero, its
//!      result may change. Integer or bool outputs computed from floats
//!      (comparisons, casts, `argmax` of near-ties) may flip where a float moved within the
//!      bound, so they are compared only when no float node feeds them;
//!    - `Fast`: as `Algebraic`, but only when every value of the unoptimised graph is finite
//!      and no zero reaches an op that tells the signs of zero apart (the policy assumes
//!      finite values, and `x * 0 => 0` ignores the sign of zero).
//!
//! The interpreter reduces left to right, the same order before and after the passes, so
//! reductions need no extra tolerance beyond the above.

mod common;

use common::graphgen::{self, Case};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::op::{Lit, Op};
use numfuse_ir::passes::{self, FloatPolicy, PassCx};
use numfuse_ir::trace::Trace;
use numfuse_ir::{BinaryOp, DType, Graph, UnaryOp, verify};
use proptest::prelude::*;

const FINITE: [f64; 12] = [
    0.0, -0.0, 1.0, -1.0, 2.0, 0.5, -2.5, 3.0, 1e-3, 7.25, -4.0, 100.0,
];
const SPECIAL: [f64; 3] = [f64::INFINITY, f64::NEG_INFINITY, f64::NAN];
const INTS: [i64; 12] = [-3, -2, -1, 0, 1, 2, 3, 7, -8, 64, i64::MAX, i64::MIN];

/// The four inputs of a case; `special` mixes NaN and infinities into the floats.
fn inputs(case: &Case, special: bool) -> Vec<Value> {
    let (n, m) = (case.n, case.m);
    let mut picks = case.data.chunks(9);
    let mut float = |shape: &[usize]| {
        let p = picks.next().expect("four chunks");
        let size = shape.iter().product::<usize>();
        let pool: Vec<f64> = if special {
            FINITE.iter().chain(&SPECIAL).copied().collect()
        } else {
            FINITE.to_vec()
        };
        let data: Vec<f64> = (0..size)
            .map(|k| pool[p[k] as usize % pool.len()])
            .collect();
        Value::f64(shape, &data).expect("sized")
    };
    let a = float(&[n, m]);
    let b = float(&[m]);
    let mut int = |shape: &[usize]| {
        let p = picks.next().expect("four chunks");
        let size = shape.iter().product::<usize>();
        let data: Vec<i64> = (0..size)
            .map(|k| INTS[p[k] as usize % INTS.len()])
            .collect();
        Value::i64(shape, &data).expect("sized")
    };
    let i = int(&[n, m]);
    let j = int(&[m]);
    vec![a, b, i, j]
}

/// The nodes the outputs reach, inputs and constants included (what the simplify driver's
/// "never larger" ledger counts).
fn size(g: &Graph) -> usize {
    // Constants are kernel arguments (free, printed inline): count what computes or views.
    g.topo_order()
        .into_iter()
        .filter(|&n| !matches!(g.node(n).op, Op::Const(_)))
        .count()
}

/// What the unoptimised graph's values say about how far the optimised one may stray.
struct Facts {
    /// The largest finite float magnitude of any value.
    scale: f64,
    /// Some value is NaN or infinite although the inputs are finite.
    nonfinite: bool,
    /// An op that tells `-0.0` from `0.0` (division, `arctan2`, `copysign`, ...) saw a zero.
    signed_zero: bool,
    /// Per output: whether a float node feeds it.
    tainted: Vec<bool>,
}

fn zero_sensitive(op: &Op) -> bool {
    use BinaryOp as B;
    matches!(
        op,
        Op::Binary(
            B::TrueDivide
                | B::FloorDivide
                | B::Remainder
                | B::Fmod
                | B::Power
                | B::Arctan2
                | B::Copysign
        ) | Op::Unary(UnaryOp::Reciprocal)
    )
}

/// Evaluates every node of `g` (all reached nodes as outputs) and gathers the [`Facts`].
fn facts(g: &Graph, inputs: &[Value]) -> Facts {
    let order = g.topo_order();
    let mut all = g.clone();
    all.set_outputs(&order);
    let values = interp::run(&all, inputs).expect("the graph evaluated once already");
    let mut at = vec![None; g.len()];
    let mut tainted = vec![false; g.len()];
    for (&id, v) in order.iter().zip(&values) {
        at[id.index()] = Some(v);
        let n = g.node(id);
        tainted[id.index()] = n.dtype.is_float() || n.args.iter().any(|a| tainted[a.index()]);
    }
    let all_floats: Vec<f64> = values.iter().flat_map(floats).collect();
    let signed_zero = order.iter().any(|&id| {
        let n = g.node(id);
        zero_sensitive(&n.op)
            && n.args
                .iter()
                .filter_map(|a| at[a.index()])
                .any(|v| floats(v).any(|x| x == 0.0))
    });
    Facts {
        scale: all_floats
            .iter()
            .filter(|x| x.is_finite())
            .fold(0.0f64, |m, x| m.max(x.abs())),
        nonfinite: all_floats.iter().any(|x| !x.is_finite()),
        signed_zero,
        tainted: g.outputs().iter().map(|o| tainted[o.index()]).collect(),
    }
}

fn floats(v: &Value) -> impl Iterator<Item = f64> + '_ {
    v.data.iter().filter_map(|x| match x {
        Lit::Float(f) => Some(f.get()),
        _ => None,
    })
}

/// Checks output `k` of the optimised graph against the unoptimised one under `policy`.
fn check(
    policy: FloatPolicy,
    got: &Value,
    want: &Value,
    k: usize,
    f: &Facts,
) -> Result<(), String> {
    if got.dtype != want.dtype || got.shape != want.shape {
        return Err(format!(
            "type {}{:?} != {}{:?}",
            got.dtype, got.shape, want.dtype, want.shape
        ));
    }
    if policy == FloatPolicy::Strict || got == want {
        return if got == want {
            Ok(())
        } else {
            Err(format!("not bit-exact: {got:?} != {want:?}"))
        };
    }
    if !want.dtype.is_float() {
        return if f.tainted[k] {
            Ok(())
        } else {
            Err(format!("integer result changed: {got:?} != {want:?}"))
        };
    }
    for (g, w) in floats(got).zip(floats(want)) {
        let same = g == w || (g.is_nan() && w.is_nan());
        let close = g.is_finite() && w.is_finite() && (g - w).abs() <= 1e-9 * w.abs().max(f.scale);
        if !(same || close || f.nonfinite || f.signed_zero) {
            return Err(format!(
                "{g} differs from {w} beyond the bound (scale {})",
                f.scale
            ));
        }
    }
    Ok(())
}

fn property(case: &Case) -> Result<(), TestCaseError> {
    let g = graphgen::build(case);
    prop_assert!(verify(&g).is_ok(), "generated graph invalid:\n{g}");
    for policy in [
        FloatPolicy::Strict,
        FloatPolicy::Algebraic,
        FloatPolicy::Fast,
    ] {
        let ins = inputs(case, policy == FloatPolicy::Strict);
        let Ok(want) = interp::run(&g, &ins) else {
            // NumPy raises for these inputs (an integer to a negative power): nothing to compare.
            continue;
        };
        let mut opt = g.clone();
        let mut cx = PassCx::new(policy);
        cx.verify = true;
        let res = passes::optimize(&mut opt, &mut cx, &mut Trace::default());
        prop_assert!(
            res.is_ok(),
            "{policy:?}: optimised graph invalid: {res:?}\n{g}"
        );
        prop_assert!(
            size(&opt) <= size(&g),
            "{policy:?}: {} nodes became {}\n{g}\n=>\n{opt}",
            size(&g),
            size(&opt)
        );
        let got = interp::run(&opt, &ins);
        prop_assert!(got.is_ok(), "{policy:?}: {got:?}\n{g}\n=>\n{opt}");
        let got = got.unwrap_or_default();
        let f = facts(&g, &ins);
        if policy == FloatPolicy::Fast && (f.nonfinite || f.signed_zero) {
            continue;
        }
        for (k, (o, w)) in got.iter().zip(&want).enumerate() {
            let r = check(policy, o, w, k, &f);
            prop_assert!(
                r.is_ok(),
                "{policy:?}, output {k}: {}\ninputs {ins:?}\n{g}\n=>\n{opt}",
                r.unwrap_err()
            );
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn optimize_preserves_values(case in graphgen::case()) {
        property(&case)?;
    }
}

/// The generator reaches every kind of node, so the property above is not vacuous.
#[test]
fn generator_covers_the_op_set() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    let mut nodes = 0;
    for _ in 0..300 {
        let case = graphgen::case()
            .new_tree(&mut runner)
            .expect("a case")
            .current();
        let g = graphgen::build(&case);
        for id in g.topo_order() {
            seen.insert(g.node(id).op.mnemonic());
            nodes += 1;
        }
        assert!(
            g.inputs()
                .iter()
                .all(|i| g.node(i.node).dtype != DType::Bool)
        );
    }
    for op in [
        "add",
        "multiply",
        "subtract",
        "divide",
        "power",
        "negative",
        "where",
        "cast",
        "sum",
        "argmax",
        "cumsum",
        "permute",
        "slice",
        "broadcast",
        "reshape",
        "expand_dims",
        "const",
        "greater",
    ] {
        assert!(
            seen.contains(op),
            "{op} never generated in {nodes} nodes: {seen:?}"
        );
    }
}

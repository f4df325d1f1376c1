//! Chunked evaluation (`EvalOptions::memory_budget`): graphs over inputs larger than the budget
//! run block of rows by block of rows and must give the unchunked answer. Each case is
//! evaluated with a budget of a few hundred bytes (many chunks, a ragged last one) and compared
//! with the eager evaluator, under the `Strict` policy so that elementwise results are
//! bit-identical and only the order of additions across chunks differs.

mod common;

use numfuse::Axes;
use numfuse::ir::FloatPolicy;
use numfuse::lazy::EvalOptions;
use numfuse::prelude::*;
use proptest::prelude::*;

fn chunked(budget: usize) -> EvalOptions {
    EvalOptions {
        policy: FloatPolicy::Strict,
        memory_budget: Some(budget),
        ..Default::default()
    }
}

fn eager() -> EvalOptions {
    EvalOptions {
        policy: FloatPolicy::Strict,
        backend: Backend::Eager,
        ..Default::default()
    }
}

/// Integers, bools and arg reductions exactly; floats within `rtol` of the largest magnitude
/// of the reference (sums reassociate across chunks).
fn assert_close(got: &Array, want: &Array, rtol: f64, what: &str) {
    assert_eq!(got.dtype(), want.dtype(), "{what}: dtype");
    assert_eq!(got.shape(), want.shape(), "{what}: shape");
    if !want.dtype().is_float() {
        let (g, w) = (got.astype(DType::I64), want.astype(DType::I64));
        assert_eq!(
            g.to_vec::<i64>().unwrap(),
            w.to_vec::<i64>().unwrap(),
            "{what}"
        );
        return;
    }
    let g = got.astype(DType::F64).to_vec::<f64>().unwrap();
    let w = want.astype(DType::F64).to_vec::<f64>().unwrap();
    let scale = w
        .iter()
        .filter(|v| v.is_finite())
        .fold(1.0f64, |m, v| m.max(v.abs()));
    for (i, (a, b)) in g.iter().zip(&w).enumerate() {
        let same = (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= rtol * scale;
        assert!(same, "{what}: element {i}: chunked {a} vs eager {b}");
    }
}

/// Evaluates `e` chunked (and checks `explain` shows the chunking) and eagerly.
fn check(e: &Expr, budget: usize, rtol: f64, what: &str) {
    let text = e.explain_with(&chunked(budget)).unwrap();
    assert!(
        text.contains("-- chunking --\naxis 0 of"),
        "{what}: not chunked:\n{text}"
    );
    let got = e.eval_with(&chunked(budget)).unwrap();
    let want = e.eval_with(&eager()).unwrap();
    assert_close(&got, &want, rtol, what);
}

fn ramp(shape: &[usize], dtype: DType, seed: u64) -> Array {
    let mut state = seed;
    let n: usize = shape.iter().product();
    let vals: Vec<f64> = (0..n)
        .map(|_| (common::splitmix(&mut state) % 2001) as f64 / 100.0 - 10.0)
        .collect();
    Array::from_vec(vals, shape).unwrap().astype(dtype)
}

#[test]
fn reductions_of_every_kind_combine_across_chunks() {
    let x = ramp(&[301, 7], DType::F64, 1);
    let xi = ramp(&[301, 7], DType::I32, 2);
    let l = x.lazy();
    let li = xi.lazy();
    check(&(&l * 2.0 + 1.0).sum(None), 512, 1e-12, "sum all");
    check(&l.sum(0), 512, 1e-12, "sum axis 0");
    check(
        &l.sum(Axes::from(0).keepdims()),
        512,
        1e-12,
        "sum axis 0 keepdims",
    );
    check(&l.mean(None), 512, 1e-12, "mean all");
    check(&l.mean(0), 512, 1e-12, "mean axis 0");
    check(&l.max(0), 512, 0.0, "max axis 0");
    check(&l.min(None), 512, 0.0, "min all");
    check(&(&l * 0.1).exp().prod(0), 512, 1e-12, "prod axis 0");
    check(&l.argmax(None), 512, 0.0, "argmax flat");
    check(&l.argmax(0), 512, 0.0, "argmax axis 0");
    check(&l.argmin(0), 512, 0.0, "argmin axis 0");
    check(&li.sum(None), 512, 0.0, "int sum");
    check(&(&li * 3).prod(0), 512, 0.0, "int prod wraps the same");
    check(&li.max(0), 512, 0.0, "int max");
    check(&l.greater(9.5).any(0), 512, 0.0, "any");
    check(&l.greater(-9.9).all(None), 512, 0.0, "all");
    // Rows survive a reduction over the other axis: the output is chunked.
    check(&l.sum(1), 512, 1e-12, "sum axis 1 (row results)");
}

#[test]
fn elementwise_outputs_and_whole_operands() {
    let x = ramp(&[257, 5], DType::F32, 3);
    let w = ramp(&[5], DType::F32, 4);
    let col = ramp(&[257, 1], DType::F32, 5);
    let l = x.lazy();
    check(&(&l * &w.lazy() + 1.0), 256, 0.0, "row broadcast");
    check(
        &(&l - &col.lazy()).abs(),
        256,
        0.0,
        "column input is chunked too",
    );
    check(&(&l * &w.lazy()).sum(None), 256, 1e-5, "fused dot-like sum");
    // Two passes: the mean first, then the squares around it.
    check(&l.var(0, 0), 256, 1e-5, "var axis 0");
    check(&l.std(None, 1), 256, 1e-5, "std all");
    check(&(&l - &l.mean(0)).max(0), 256, 1e-5, "centred max");
}

#[test]
fn argmax_finds_the_first_nan_and_the_first_of_ties() {
    let mut v = vec![1.0f64; 100];
    v[37] = 5.0;
    v[80] = 5.0;
    let a = Array::from_vec(v.clone(), &[100]).unwrap();
    check(&a.lazy().argmax(None), 64, 0.0, "ties across chunks");
    v[60] = f64::NAN;
    v[90] = f64::NAN;
    let a = Array::from_vec(v, &[100]).unwrap();
    check(&a.lazy().argmax(None), 64, 0.0, "first NaN");
    check(&a.lazy().argmin(None), 64, 0.0, "first NaN (argmin)");
    check(&a.lazy().max(None), 64, 0.0, "max propagates NaN");
}

#[test]
fn several_outputs_and_eval_into() {
    let x = ramp(&[123, 4], DType::F64, 6);
    let l = x.lazy();
    let (s, m) = (l.sum(None), &l * 2.0);
    let outs = numfuse::lazy::eval_many_with(&[&s, &m], &chunked(200)).unwrap();
    let want = numfuse::lazy::eval_many_with(&[&s, &m], &eager()).unwrap();
    assert_close(&outs[0], &want[0], 1e-12, "sum of two outputs");
    assert_close(&outs[1], &want[1], 0.0, "rows of two outputs");
    let mut out = Array::zeros(&[123, 4], DType::F64);
    (&l * 2.0).eval_into_with(&mut out, &chunked(200)).unwrap();
    assert_close(&out, &want[1], 0.0, "eval_into rows");
    // A strided destination: every other column of a wider array.
    let mut wide = Array::zeros(&[123, 8], DType::F64);
    (&l * 2.0)
        .eval_into_with(&mut wide.slice_mut(s![.., ..;2]).unwrap(), &chunked(200))
        .unwrap();
    assert_close(
        &wide.slice(s![.., ..;2]).unwrap(),
        &want[1],
        0.0,
        "strided eval_into",
    );
    let mut scalar = Array::zeros(&[], DType::F64);
    s.eval_into_with(&mut scalar, &chunked(200)).unwrap();
    assert_close(&scalar, &want[0], 1e-12, "eval_into of a reduction");
}

#[test]
fn graphs_that_mix_the_chunk_axis_run_whole_and_say_why() {
    let x = ramp(&[40, 40], DType::F64, 7);
    let l = x.lazy();
    for (e, why) in [
        (l.t().sum(1), "moves or mixes"),
        (
            l.cumsum(Some(0)).sum(None),
            "accumulates along the chunked axis",
        ),
        (&l.sum(1) + &l.sum(0), "whole operand of the same length"),
    ] {
        let text = e.explain_with(&chunked(256)).unwrap();
        assert!(text.contains("not chunked (evaluated whole)"), "{text}");
        assert!(text.contains(why), "{why}: {text}");
        let got = e.eval_with(&chunked(256)).unwrap();
        assert_close(&got, &e.eval_with(&eager()).unwrap(), 1e-12, why);
    }
    // Within the budget: no chunking section at all.
    let text = (&l * 2.0).sum(None).explain().unwrap();
    assert!(!text.contains("-- chunking --"), "{text}");
}

#[derive(Clone, Debug)]
enum Tree {
    X,
    W,
    Scalar(i8),
    Unary(usize, Box<Tree>),
    Binary(usize, Box<Tree>, Box<Tree>),
}

fn tree() -> impl Strategy<Value = Tree> {
    let leaf = prop_oneof![
        3 => Just(Tree::X),
        1 => Just(Tree::W),
        1 => (-3i8..4).prop_map(Tree::Scalar),
    ];
    leaf.prop_recursive(3, 10, 2, |inner| {
        prop_oneof![
            (0usize..4, inner.clone()).prop_map(|(o, t)| Tree::Unary(o, Box::new(t))),
            (0usize..5, inner.clone(), inner).prop_map(|(o, a, b)| Tree::Binary(
                o,
                Box::new(a),
                Box::new(b)
            )),
        ]
    })
}

fn build(t: &Tree, x: &Expr, w: &Expr) -> Expr {
    match t {
        Tree::X => x.clone(),
        Tree::W => w.clone(),
        Tree::Scalar(s) => x * 0.0 + f64::from(*s),
        Tree::Unary(o, a) => {
            let a = build(a, x, w);
            match o {
                0 => a.abs(),
                1 => -&a,
                2 => a.floor(),
                _ => &a * &a,
            }
        }
        Tree::Binary(o, a, b) => {
            let (a, b) = (build(a, x, w), build(b, x, w));
            match o {
                0 => &a + &b,
                1 => &a - &b,
                2 => &a * &b,
                3 => a.maximum(&b),
                _ => a.minimum(&b),
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Random elementwise trees over a chunked `x` (rows × cols), a whole row vector `w` and
    /// scalars, with a random reduction on top, agree with the eager evaluator.
    #[test]
    fn random_graphs_chunked_equal_eager(
        t in tree(),
        rows in 2usize..90,
        cols in 1usize..6,
        top in 0usize..9,
        budget in 40usize..400,
        int in any::<bool>(),
    ) {
        let dtype = if int { DType::I64 } else { DType::F64 };
        let x = ramp(&[rows, cols], dtype, rows as u64 * 31 + cols as u64);
        let w = ramp(&[cols], dtype, 99);
        let e = build(&t, &x.lazy(), &w.lazy());
        // A tree of `w` and scalars alone has no rows: add `x` so every graph has them.
        let e = if e.shape().len() < 2 { &e + &x.lazy() } else { e };
        let e = match top {
            0 => e,
            1 => e.sum(None),
            2 => e.sum(0),
            3 => e.max(0),
            4 => e.min(None),
            5 => e.argmax(None),
            6 => e.argmin(0),
            7 => e.mean(0),
            _ => e.sum(1),
        };
        let got = e.eval_with(&chunked(budget)).unwrap();
        let want = e.eval_with(&eager()).unwrap();
        assert_close(&got, &want, 1e-9, &format!("{t:?} top {top}"));
    }
}

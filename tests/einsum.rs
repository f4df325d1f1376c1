//! `einsum` and `einsum_path` against NumPy, and against a brute-force reference.
//!
//! - `tests/data/einsum/cases.json` (written by `scripts/gen_numpy_einsum.py`): every form of
//!   the subscript language, several dtypes, non-contiguous, broadcast, empty and 0-d operands,
//!   the seed's three cases, and NumPy's errors. Each case runs under all three `Optimize`
//!   modes (`Optimize::None` against NumPy's unplanned `einsum` where that differs: it
//!   computes in the common dtype from the start); integer and bool results match exactly, floats within 1e-12 (f64) or 1e-5 (f32)
//!   of the largest magnitude; an error must be the expected variant and share a fragment with
//!   NumPy's message. One-operand results share memory with the operand exactly when NumPy's do.
//! - The paths of `np.einsum_path` for 3–6 operand expressions: greedy and left-to-right paths
//!   equal NumPy's, optimal FLOP counts equal NumPy's, all figures and the printed report too.
//! - A proptest of random expressions (2–4 operands, repeats, ellipsis, size-1 broadcasting,
//!   strided layouts) against nested loops over every label, exact on integer-valued data.

mod common;

use common::cases::{array_from_json, check, expected_header, header_mismatch, parse_scalar};
use common::{Json, dtype, read_text};
use numfuse::linalg::{Optimize, einsum, einsum_opt, einsum_path};
use numfuse::prelude::*;
use numfuse::{Error, SliceElem};
use proptest::prelude::*;
use rand::{RngExt, SeedableRng};

const MODES: [Optimize; 3] = [Optimize::Greedy, Optimize::Optimal, Optimize::None];

fn cases() -> Json {
    Json::parse(&read_text("einsum/cases.json"))
}

/// An operand: the JSON array, then the view ops numfuse's test applies (`then`).
fn operand(j: &Json) -> Array {
    let mut a = array_from_json(j);
    if let Json::Obj(m) = j
        && let Some((_, then)) = m.iter().find(|(k, _)| k == "then")
    {
        for op in then.arr() {
            let shape: Vec<usize> = op.get("shape").ints().iter().map(|&d| d as usize).collect();
            a = match op.get("op").str() {
                "window" => a.sliding_window_view(&shape, None).unwrap(),
                "broadcast_to" => a.broadcast_to(&shape).unwrap(),
                other => panic!("unknown op {other}"),
            };
        }
    }
    a
}

fn variant(e: &Error) -> &'static str {
    match e {
        Error::Parse { .. } => "Parse",
        Error::Value { .. } => "Value",
        Error::Shape { .. } => "Shape",
        _ => "other",
    }
}

/// Floats: every element within `rtol` of NumPy's, relative to the largest magnitude.
fn check_float(a: &Array, expect: &Json) -> Option<String> {
    let (t, shape) = expected_header(expect);
    if let Some(m) = header_mismatch("", a, t, &shape) {
        return Some(m);
    }
    let want: Vec<f64> = expect
        .get("values")
        .arr()
        .iter()
        .map(|v| parse_scalar(v.str(), DType::F64).to_f64())
        .collect();
    let got = a.astype(DType::F64).to_vec::<f64>().unwrap();
    let rtol = if t == DType::F32 { 1e-5 } else { 1e-12 };
    let scale = want.iter().fold(f64::MIN_POSITIVE, |m, v| m.max(v.abs()));
    let bad: Vec<String> = got
        .iter()
        .zip(&want)
        .enumerate()
        .filter(|(_, (g, w))| (*g - *w).abs() > rtol * scale)
        .take(4)
        .map(|(i, (g, w))| format!("[{i}] {g} vs numpy {w}"))
        .collect();
    (!bad.is_empty()).then(|| format!("values differ: {}", bad.join(", ")))
}

fn check_case(c: &Json, mode: Optimize) -> Option<String> {
    let ops: Vec<Array> = c.get("operands").arr().iter().map(operand).collect();
    let refs: Vec<&Array> = ops.iter().collect();
    let got = einsum_opt(c.get("subscripts").str(), &refs, mode);
    // Optimize::None follows NumPy's unplanned einsum where its result differs.
    let expect = match (mode, c) {
        (Optimize::None, Json::Obj(m)) => m
            .iter()
            .find(|(k, _)| k == "expect_none")
            .map_or(c.get("expect"), |(_, v)| v),
        _ => c.get("expect"),
    };
    if let Json::Obj(m) = expect
        && m.iter().any(|(k, _)| k == "error")
    {
        let (want, frag) = (expect.get("variant").str(), expect.get("fragment").str());
        return match got {
            Ok(a) => Some(format!(
                "numpy raised {}, numfuse returned {a}",
                expect.get("msg").str()
            )),
            Err(e) if variant(&e) != want => {
                Some(format!("variant {} (want {want}): {e}", variant(&e)))
            }
            Err(e) if !e.to_string().to_lowercase().contains(&frag.to_lowercase()) => {
                Some(format!("message {e:?} lacks {frag:?}"))
            }
            Err(_) => None,
        };
    }
    let a = match got {
        Ok(a) => a,
        Err(e) => return Some(format!("numfuse failed: {e}")),
    };
    let shares = refs.iter().any(|o| a.shares_memory(o));
    if shares != c.get("view").bool() {
        return Some(format!(
            "shares memory {shares}, numpy {}",
            c.get("view").bool()
        ));
    }
    if dtype(expect.get("dtype").str()).is_float() {
        check_float(&a, expect)
    } else {
        check(Ok(a), expect)
    }
}

#[test]
fn numpy_einsum_cases() {
    let all = cases();
    let list = all.get("einsum").arr();
    assert!(list.len() >= 80, "only {} cases", list.len());
    let mut failures = Vec::new();
    for c in list {
        for mode in MODES {
            if let Some(f) = check_case(c, mode) {
                failures.push(format!("{} ({mode:?}): {f}", c.get("name").str()));
            }
        }
    }
    common::assert_agree(&failures, list.len() * MODES.len());
}

#[test]
fn numpy_einsum_paths() {
    let all = cases();
    let list = all.get("paths").arr();
    let mut failures = Vec::new();
    for c in list {
        let name = c.get("name").str();
        let ops: Vec<Array> = c
            .get("shapes")
            .arr()
            .iter()
            .map(|s| {
                let shape: Vec<usize> = s.ints().iter().map(|&d| d as usize).collect();
                Array::zeros(&shape, DType::F64)
            })
            .collect();
        let refs: Vec<&Array> = ops.iter().collect();
        let mode = match c.get("optimize").str() {
            "greedy" => Optimize::Greedy,
            "optimal" => Optimize::Optimal,
            _ => Optimize::None,
        };
        let p = einsum_path(c.get("subscripts").str(), &refs, mode).unwrap();
        let want_path: Vec<Vec<usize>> = c
            .get("path")
            .arr()
            .iter()
            .map(|s| s.ints().iter().map(|&d| d as usize).collect())
            .collect();
        let num = |k: &str| c.get(k).str().parse::<u128>().unwrap();
        if p.path != want_path {
            failures.push(format!("{name}: path {:?}, numpy {want_path:?}", p.path));
        }
        let figures = (
            p.naive_flops,
            p.optimized_flops,
            p.largest_intermediate as u128,
        );
        let want = (num("naive"), num("opt"), num("largest"));
        if figures != want {
            failures.push(format!(
                "{name}: (naive, opt, largest) {figures:?}, numpy {want:?}"
            ));
        }
        if let Some(report) = c.get("report").opt()
            && p.to_string() != report.str()
        {
            failures.push(format!("{name}: report\n{p}\nnumpy\n{}", report.str()));
        }
    }
    common::assert_agree(&failures, list.len());
}

#[test]
fn seed_cases_agree_across_modes_and_with_loops() {
    // The sobel case again with a larger image: the window view is not contiguous and 4-D.
    let img = Array::arange(30.0 * 40.0, DType::F64)
        .reshape(&[30, 40])
        .unwrap()
        .sin()
        .unwrap();
    let win = img.sliding_window_view(&[3, 3], None).unwrap();
    let sobel = array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    let g = einsum("ijkl,kl->ij", &[&win, &sobel]).unwrap();
    assert_eq!(g.shape(), &[28, 38]);
    let (x, k) = (img.to_vec::<f64>().unwrap(), sobel.to_vec::<f64>().unwrap());
    let got = g.to_vec::<f64>().unwrap();
    for i in 0..28 {
        for j in 0..38 {
            let mut s = 0.0;
            for a in 0..3 {
                for b in 0..3 {
                    s += x[(i + a) * 40 + j + b] * k[a * 3 + b];
                }
            }
            assert!(
                (got[i * 38 + j] - s).abs() < 1e-12,
                "({i}, {j}): {} vs {s}",
                got[i * 38 + j]
            );
        }
    }
    let a = Array::arange(2.0 * 5.0 * 6.0, DType::F64)
        .reshape(&[2, 5, 6])
        .unwrap();
    let b = Array::arange(2.0 * 6.0 * 7.0, DType::F64)
        .reshape(&[2, 6, 7])
        .unwrap();
    let c = Array::arange(2.0 * 7.0 * 3.0, DType::F64)
        .reshape(&[2, 7, 3])
        .unwrap();
    let r: Vec<Vec<f64>> = MODES
        .iter()
        .map(|&m| {
            einsum_opt("bij,bjk,bkl->bil", &[&a, &b, &c], m)
                .unwrap()
                .to_vec()
                .unwrap()
        })
        .collect();
    assert_eq!(r[0], r[1]);
    assert_eq!(r[1], r[2]);
}

#[test]
fn one_operand_views_follow_numpy_and_others_are_fresh() {
    let a = Array::arange(9.0, DType::F64).reshape(&[3, 3]).unwrap();
    let d = einsum("ii->i", &[&a]).unwrap();
    assert!(d.shares_memory(&a));
    assert_eq!(d.strides(), &[32]);
    assert!(!einsum("ij->i", &[&a]).unwrap().shares_memory(&a));
    let m = einsum("ij,jk->ki", &[&a, &a]).unwrap();
    assert!(m.flags().c_contiguous && !m.shares_memory(&a));
    let p = einsum_path("ij,jk->ki", &[&a, &a], Optimize::Optimal).unwrap();
    assert_eq!(p.path, vec![vec![0, 1]]);
}

#[test]
fn optimal_falls_back_to_greedy_above_eight_operands() {
    let m = Array::ones(&[2, 3], DType::F64);
    let n = Array::ones(&[3, 2], DType::F64);
    let subs = "ab,bc,cd,de,ef,fg,gh,hi,ij->aj";
    let ops = [&m, &n, &m, &n, &m, &n, &m, &n, &m];
    let opt = einsum_path(subs, &ops, Optimize::Optimal).unwrap();
    let greedy = einsum_path(subs, &ops, Optimize::Greedy).unwrap();
    assert_eq!(opt.optimizer, Optimize::Greedy);
    assert_eq!(opt.path, greedy.path);
    let eight = einsum_path("ab,bc,cd,de,ef,fg,gh,hi->ai", &ops[..8], Optimize::Optimal).unwrap();
    assert_eq!(eight.optimizer, Optimize::Optimal);
    assert!(eight.optimized_flops <= greedy.optimized_flops);
    let r = einsum_opt(subs, &ops, Optimize::Optimal).unwrap();
    assert_eq!(r.shape(), &[2, 3]);
}

#[test]
fn huge_broadcast_operands_give_errors_not_panics() {
    let x = Array::ones(&[1], DType::F64)
        .broadcast_to(&[1 << 40])
        .unwrap();
    let one = Array::ones(&[1, 1, 1], DType::F64);
    for mode in MODES {
        let r = einsum_opt("i,j,k,ijk->", &[&x, &x, &x, &one], mode);
        assert!(r.is_err(), "{mode:?}");
        let p = einsum_path("i,j,k,ijk->", &[&x, &x, &x, &one], mode).unwrap();
        assert!(p.naive_flops >= 1 << 120);
    }
}

// ---------------------------------------------------------------- brute-force reference

/// A random expression: letters per operand (with repeats), the output, label sizes, and the
/// operands laid out in memory in random ways.
#[derive(Debug)]
struct Random {
    subscripts: String,
    /// Labels per operand, with ellipsis labels spelled out (`x`, `y`).
    terms: Vec<Vec<u8>>,
    output: Vec<u8>,
    operands: Vec<Array>,
}

fn random_case(seed: u64) -> Random {
    let mut rng = rand_pcg::Pcg64::seed_from_u64(seed);
    let pool = b"abcde";
    let mut size = [0usize; 128];
    for &c in pool.iter().chain(b"xy") {
        size[c as usize] = rng.random_range(1..4);
    }
    let n = rng.random_range(2..5);
    let ellipsis = rng.random_bool(0.3);
    let ell_len = if ellipsis { rng.random_range(0..3) } else { 0 };
    let ell: Vec<u8> = b"xy"[2 - ell_len..].to_vec();
    let mut terms = Vec::new();
    let mut texts = Vec::new();
    for _ in 0..n {
        let k = rng.random_range(0..4);
        let mut t: Vec<u8> = (0..k)
            .map(|_| pool[rng.random_range(0..pool.len())])
            .collect();
        let mut text: String = t.iter().map(|&c| c as char).collect();
        if ellipsis {
            let c = rng.random_range(0..=ell_len);
            let at = rng.random_range(0..=t.len());
            let mine = &ell[ell_len - c..];
            text.insert_str(at, "...");
            t.splice(at..at, mine.iter().copied());
        }
        terms.push(t);
        texts.push(text);
    }
    let mut count = [0usize; 128];
    for &l in terms.iter().flatten() {
        count[l as usize] += 1;
    }
    // The ellipsis covers as many axes as the longest one written (right-aligned).
    let ell: Vec<u8> = ell.into_iter().filter(|&l| count[l as usize] > 0).collect();
    let explicit = rng.random_bool(0.6);
    let (output, out_text) = if explicit {
        let mut letters: Vec<u8> = pool
            .iter()
            .copied()
            .filter(|&c| count[c as usize] > 0)
            .collect();
        letters.retain(|_| rng.random_bool(0.5));
        for i in (1..letters.len()).rev() {
            letters.swap(i, rng.random_range(0..=i));
        }
        let mut text: String = letters.iter().map(|&c| c as char).collect();
        let mut out = letters.clone();
        if ellipsis && rng.random_bool(0.7) {
            let at = rng.random_range(0..=letters.len());
            text.insert_str(at, "...");
            out.splice(at..at, ell.iter().copied());
        }
        (out, Some(text))
    } else {
        let mut out = ell.clone();
        out.extend(pool.iter().copied().filter(|&c| count[c as usize] == 1));
        (out, None)
    };
    let mut subscripts = texts.join(",");
    if let Some(t) = out_text {
        subscripts = format!("{subscripts}->{t}");
    }
    let operands = terms
        .iter()
        .map(|t| {
            // Size 1 (broadcast) now and then, the same for a label's repeats in one term.
            let mut dims = [0usize; 128];
            for &l in t {
                if dims[l as usize] == 0 {
                    let one = rng.random_bool(0.15);
                    dims[l as usize] = if one { 1 } else { size[l as usize] };
                }
            }
            let shape: Vec<usize> = t.iter().map(|&l| dims[l as usize]).collect();
            strided(&mut rng, &shape)
        })
        .collect();
    Random {
        subscripts,
        terms,
        output,
        operands,
    }
}

/// Integer values in -3..=3 of a random dtype, laid out contiguous, transposed, reversed or
/// with a step.
fn strided(rng: &mut rand_pcg::Pcg64, shape: &[usize]) -> Array {
    let t = [DType::I64, DType::F64, DType::I32][rng.random_range(0..3)];
    let n: usize = shape.iter().product();
    let vals = |rng: &mut rand_pcg::Pcg64, n: usize| -> Vec<i64> {
        (0..n).map(|_| rng.random_range(-3..4)).collect()
    };
    let nd = shape.len();
    let make = |v: Vec<i64>, s: &[usize]| Array::from_vec(v, s).unwrap().astype(t);
    match (rng.random_range(0..4), nd) {
        (1, 1..) => {
            // Transposed: built reversed, then `.t()`.
            let rev: Vec<usize> = shape.iter().rev().copied().collect();
            make(vals(rng, n), &rev).t()
        }
        (2, 1..) => {
            let idx: Vec<SliceElem> = (0..nd)
                .map(|_| SliceElem::Slice {
                    start: None,
                    stop: None,
                    step: -1,
                })
                .collect();
            make(vals(rng, n), shape).slice(&idx).unwrap()
        }
        (3, 1..) => {
            let mut big = shape.to_vec();
            big[0] = shape[0] * 2;
            let mut idx = vec![SliceElem::Slice {
                start: None,
                stop: None,
                step: 2,
            }];
            idx.extend((1..nd).map(|_| SliceElem::Slice {
                start: None,
                stop: None,
                step: 1,
            }));
            make(vals(rng, n * 2), &big).slice(&idx).unwrap()
        }
        _ => make(vals(rng, n), shape),
    }
}

/// Nested loops over every label: the sum over the labels not in the output of the product of
/// the operands' elements (index 0 on a broadcast axis), in i64 (wrapping; values are small).
fn brute_force(r: &Random) -> (Vec<usize>, Vec<i64>) {
    let mut size = [1usize; 128];
    let mut labels: Vec<u8> = Vec::new();
    for (t, a) in r.terms.iter().zip(&r.operands) {
        for (&l, &d) in t.iter().zip(a.shape()) {
            if !labels.contains(&l) {
                labels.push(l);
                size[l as usize] = d;
            } else if size[l as usize] == 1 {
                size[l as usize] = d;
            }
        }
    }
    let values: Vec<Vec<i64>> = r
        .operands
        .iter()
        .map(|a| a.astype(DType::I64).to_vec::<i64>().unwrap())
        .collect();
    let summed: Vec<u8> = labels
        .iter()
        .copied()
        .filter(|l| !r.output.contains(l))
        .collect();
    let out_shape: Vec<usize> = r.output.iter().map(|&l| size[l as usize]).collect();
    let out_n: usize = out_shape.iter().product();
    let sum_n: usize = summed.iter().map(|&l| size[l as usize]).product();
    let mut out = vec![0i64; out_n];
    let mut at = [0usize; 128];
    for (o, slot) in out.iter_mut().enumerate() {
        let mut rem = o;
        for (k, &l) in r.output.iter().enumerate().rev() {
            at[l as usize] = rem % out_shape[k];
            rem /= out_shape[k];
        }
        for s in 0..sum_n {
            let mut rem = s;
            for &l in summed.iter().rev() {
                at[l as usize] = rem % size[l as usize];
                rem /= size[l as usize];
            }
            let mut prod = 1i64;
            for ((t, a), v) in r.terms.iter().zip(&r.operands).zip(&values) {
                let mut flat = 0;
                for (&l, &d) in t.iter().zip(a.shape()) {
                    flat = flat * d + if d == 1 { 0 } else { at[l as usize] };
                }
                prod = prod.wrapping_mul(v[flat]);
            }
            *slot = slot.wrapping_add(prod);
        }
    }
    (out_shape, out)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn random_expressions_match_nested_loops(seed in any::<u64>()) {
        let r = random_case(seed);
        let refs: Vec<&Array> = r.operands.iter().collect();
        let (shape, want) = brute_force(&r);
        for mode in MODES {
            let got = einsum_opt(&r.subscripts, &refs, mode);
            let got = got.unwrap_or_else(|e| panic!("{} {mode:?}: {e}\n{r:?}", r.subscripts));
            prop_assert_eq!(got.shape(), shape.as_slice(), "{} {:?}", &r.subscripts, mode);
            let got = got.astype(DType::I64).to_vec::<i64>().unwrap();
            prop_assert_eq!(&got, &want, "{} {:?} {:?}", &r.subscripts, mode, &r.operands);
        }
    }

    #[test]
    fn garbage_subscripts_never_panic(s in "[ij.,\\->! A]{0,10}", nd in 0usize..3) {
        let a = Array::ones(&vec![2; nd], DType::F64);
        for mode in MODES {
            let _ = einsum_opt(&s, &[&a], mode);
            let _ = einsum_opt(&s, &[&a, &a], mode);
            let _ = einsum_path(&s, &[&a, &a], mode);
        }
    }
}

//! The products against NumPy: `tests/data/products/cases.json`, written by
//! `scripts/gen_numpy_products.py` (matmul, dot, vdot, inner, outer, tensordot, kron, diagonal
//! and trace over dtypes, mixed dtypes, strided inputs, empty axes and NumPy's errors). Float
//! inputs are multiples of 0.5, so every result is exact whatever the summation order and is
//! compared exactly. Also: the GEMM paths on random data against a plain triple loop (rtol
//! 1e-12 for f64, 1e-5 for f32, relative to the largest possible partial sum), and identities
//! between the products.

mod common;

use common::cases::{array_from_json, check};
use common::{Json, assert_agree, read_text};
use numfuse::prelude::*;
use numfuse::{TensorAxes, dot, inner, kron, matmul, outer, tensordot, vdot};

fn run(c: &Json) -> numfuse::Result<Array> {
    let arr = |k: &str| array_from_json(c.get(k));
    let int = |k: &str| c.get(k).int() as isize;
    match c.get("func").str() {
        "matmul" => matmul(&arr("a"), &arr("b")),
        "dot" => dot(&arr("a"), &arr("b")),
        "vdot" => vdot(&arr("a"), &arr("b")),
        "inner" => inner(&arr("a"), &arr("b")),
        "outer" => outer(&arr("a"), &arr("b")),
        "kron" => kron(&arr("a"), &arr("b")),
        "tensordot" => {
            let axes = match c.get("axes") {
                Json::Arr(pair) => {
                    let list = |j: &Json| j.ints().iter().map(|&v| v as isize).collect();
                    TensorAxes::Pairs(list(&pair[0]), list(&pair[1]))
                }
                n => TensorAxes::Last(n.int() as usize),
            };
            tensordot(&arr("a"), &arr("b"), axes)
        }
        "diagonal" => arr("a").diagonal(int("offset"), int("axis1"), int("axis2")),
        "trace" => arr("a").trace(int("offset"), int("axis1"), int("axis2")),
        other => panic!("unknown func {other}"),
    }
}

/// True when numfuse's error is the variant that stands for NumPy's exception, with NumPy's
/// text inside numfuse's message where numfuse uses it.
fn same_error(e: &Error, numpy: &str, msg: &str) -> bool {
    let text = e.to_string();
    match numpy {
        "AxisError" => matches!(e, Error::AxisOutOfRange { .. }) && msg.ends_with(&text),
        "ValueError" if msg.contains("not aligned") || msg.contains("shape-mismatch") => {
            matches!(e, Error::Shape { .. }) && text.contains(msg)
        }
        "ValueError" if msg.contains("gufunc signature") => {
            matches!(e, Error::Shape { .. }) && text.contains("size 4 is different from 3")
        }
        "ValueError" if msg.contains("broadcast") => matches!(e, Error::Broadcast { .. }),
        "ValueError" => matches!(e, Error::Value { .. }) && text.contains(msg),
        _ => false,
    }
}

#[test]
fn products_match_numpy() {
    let text = read_text("products/cases.json");
    let doc = Json::parse(&text);
    let cases = doc.get("cases").arr();
    assert!(cases.len() > 150, "{} cases", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let name = c.get("name").str();
        let expect = c.get("expect");
        let is_err = matches!(expect, Json::Obj(m) if m.iter().any(|(k, _)| k == "error"));
        let got = run(c);
        let problem = match (&got, is_err) {
            (Err(e), true) => {
                let (kind, msg) = (expect.get("error").str(), expect.get("msg").str());
                (!same_error(e, kind, msg)).then(|| format!("numpy {kind}: {msg}; numfuse: {e}"))
            }
            _ => check(got, expect),
        };
        if let Some(p) = problem {
            failures.push(format!("{name}: {p}"));
        }
    }
    assert_agree(&failures, cases.len());
}

/// A small deterministic generator (xorshift), so the random checks need no extra crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> f64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as f64 / (1u64 << 53) as f64 * 2.0 - 1.0
    }

    fn array(&mut self, shape: &[usize]) -> Array {
        let n = shape.iter().product();
        Array::from_vec((0..n).map(|_| self.next()).collect::<Vec<f64>>(), shape).unwrap()
    }
}

/// `a @ b` for 2-D f64 operands by the textbook triple loop.
fn naive(a: &Array, b: &Array) -> Vec<f64> {
    let (n, k, m) = (a.shape()[0], a.shape()[1], b.shape()[1]);
    let (x, y) = (a.to_vec::<f64>().unwrap(), b.to_vec::<f64>().unwrap());
    let mut out = vec![0.0; n * m];
    for i in 0..n {
        for j in 0..m {
            out[i * m + j] = (0..k).map(|p| x[i * k + p] * y[p * m + j]).sum();
        }
    }
    out
}

fn assert_close(got: &[f64], want: &[f64], tol: f64, what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: lengths");
    for (i, (g, w)) in got.iter().zip(want).enumerate() {
        assert!((g - w).abs() <= tol, "{what}[{i}]: {g} vs {w} (tol {tol})");
    }
}

#[test]
fn gemm_paths_agree_with_a_triple_loop() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    // Sizes on both sides of the threading threshold, odd sizes that leave GEMM remainders,
    // and operands transposed and reversed (strided inputs go to the GEMM without a copy).
    for &(n, k, m) in &[
        (1, 1, 1),
        (7, 5, 3),
        (33, 65, 17),
        (64, 64, 64),
        (97, 130, 75),
    ] {
        let a = rng.array(&[n, k]);
        let b = rng.array(&[k, m]);
        let want = naive(&a, &b);
        let tol = 1e-12 * k as f64;
        let got = matmul(&a, &b).unwrap();
        assert_close(&got.to_vec::<f64>().unwrap(), &want, tol, "f64");
        let at = a.t().copy().t();
        let got = matmul(
            &at,
            &b.slice(s![..;-1, ..])
                .unwrap()
                .copy()
                .slice(s![..;-1, ..])
                .unwrap(),
        );
        assert_close(
            &got.unwrap().to_vec::<f64>().unwrap(),
            &want,
            tol,
            "strided f64",
        );
        let (a32, b32) = (a.astype(DType::F32), b.astype(DType::F32));
        let got = matmul(&a32, &b32).unwrap();
        assert_eq!(got.dtype(), DType::F32);
        let got: Vec<f64> = got.astype(DType::F64).to_vec::<f64>().unwrap();
        assert_close(&got, &want, 1e-5 * k as f64, "f32");
    }
}

#[test]
fn batched_products_match_each_matrix() {
    let mut rng = Rng(12345);
    // Many small matrices (spread over the cores) and a few large ones (threaded GEMM).
    for &(batch, n) in &[(50, 4), (3, 70)] {
        let a = rng.array(&[batch, n, n]);
        let b = rng.array(&[n, n]);
        let c = matmul(&a, &b).unwrap();
        for i in [0, batch / 2, batch - 1] {
            let ai = a.slice(s![i as isize]).unwrap();
            let ci = c.slice(s![i as isize]).unwrap();
            let want = naive(&ai, &b);
            assert_close(
                &ci.to_vec::<f64>().unwrap(),
                &want,
                1e-12 * n as f64,
                "batch",
            );
        }
    }
}

#[test]
fn identities_between_products() {
    let mut rng = Rng(777);
    let a = rng.array(&[3, 4, 5]);
    let b = rng.array(&[5, 6]);
    // dot of N-D by 2-D is tensordot over (last of a, first of b), is matmul here.
    let d = dot(&a, &b).unwrap();
    let t = tensordot(&a, &b, 1).unwrap();
    let m = matmul(&a, &b).unwrap();
    assert_eq!(d.to_vec::<f64>().unwrap(), t.to_vec::<f64>().unwrap());
    assert_close(
        &d.to_vec::<f64>().unwrap(),
        &m.to_vec::<f64>().unwrap(),
        1e-12,
        "dot=matmul",
    );
    // inner(a, b) = tensordot over the last axes; outer = tensordot with no axes, flattened.
    let v = rng.array(&[5]);
    let i = inner(&a, &v).unwrap();
    let t = tensordot(&a, &v, ([-1], [0])).unwrap();
    assert_eq!(i.to_vec::<f64>().unwrap(), t.to_vec::<f64>().unwrap());
    let w = rng.array(&[2, 3]);
    let o = outer(&v, &w).unwrap();
    let t = tensordot(&v, &w.ravel(), 0).unwrap();
    assert_eq!(o.to_vec::<f64>().unwrap(), t.to_vec::<f64>().unwrap());
    // trace(A B) = trace(B A) = vdot(A, B^T).
    let p = rng.array(&[4, 6]);
    let q = rng.array(&[6, 4]);
    let t1 = matmul(&p, &q)
        .unwrap()
        .trace(0, 0, 1)
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0];
    let t2 = matmul(&q, &p)
        .unwrap()
        .trace(0, 0, 1)
        .unwrap()
        .to_vec::<f64>()
        .unwrap()[0];
    let t3 = vdot(&p, &q.t()).unwrap().to_vec::<f64>().unwrap()[0];
    assert!(
        (t1 - t2).abs() < 1e-12 && (t1 - t3).abs() < 1e-12,
        "{t1} {t2} {t3}"
    );
    // kron(I, B) is block-diagonal with B on the diagonal.
    let eye = Array::eye(2, None, 0, DType::F64);
    let k = kron(&eye, &b).unwrap();
    assert_eq!(k.shape(), &[10, 12]);
    let block = k.slice(s![5.., 6..]).unwrap();
    assert_eq!(block.to_vec::<f64>().unwrap(), b.to_vec::<f64>().unwrap());
    assert!(
        k.slice(s![..5, 6..])
            .unwrap()
            .to_vec::<f64>()
            .unwrap()
            .iter()
            .all(|&x| x == 0.0)
    );
}

#[test]
fn integer_products_are_exact_and_wrap() {
    // Large enough to overflow an i32 accumulator: NumPy wraps in the result dtype.
    let a = Array::full(&[2, 3], 2_000_000_000i32, DType::I32);
    let b = Array::full(&[3, 2], 2i32, DType::I32);
    let c = matmul(&a, &b).unwrap();
    let want = (2_000_000_000i32).wrapping_mul(2).wrapping_mul(3);
    assert_eq!(c.to_vec::<i32>().unwrap(), vec![want; 4]);
    let big = Array::full(&[2], 1i64 << 40, DType::I64);
    assert_eq!(vdot(&big, &big).unwrap().to_vec::<i64>().unwrap()[0], 0);
}

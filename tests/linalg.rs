//! `numfuse::linalg`'s solvers and decompositions.
//!
//! 1. Against NumPy: `tests/data/linalg/cases.json`, written by `scripts/gen_numpy_linalg.py`
//!    (every function on float64, float32, integer and bool inputs; stacks with broadcasting;
//!    transposed, Fortran-ordered, negative-stride and stepped inputs; empty matrices; every
//!    norm order with every axis form and keepdims; the errors; the seed's PCA). Integer
//!    results are exact; floats agree within `rtol` relative to the largest magnitude of the
//!    expected array: 1e-9 for float64, 1e-4 for float32 (the test matrices have condition
//!    numbers below about 100). Factors defined up to sign are compared column by column after
//!    matching the sign. NumPy's errors map to numfuse's variants.
//! 2. Identities needing no reference, on pseudo-random matrices of several sizes and layouts
//!    (C, transposed, negative strides, stacked): A·A⁻¹ = I, L·Lᵀ = A, Q·R = A with QᵀQ = I,
//!    U·S·Vh = A with orthonormal factors, A·V = V·diag(w) for `eigh` and `eig`,
//!    det = sign·exp(logdet), the Moore–Penrose conditions, lstsq residuals = |Ax − b|², and
//!    proptests.
//! 3. The seed's interview question 11: `solve(A, b)` and `inv(A) @ b` agree on a
//!    well-conditioned system, and on Hilbert matrices `solve`'s residual is the smaller.

mod common;

use common::cases::{array_from_json, header_mismatch};
use common::{Json, dtype, read_text};
use numfuse::linalg::{self, NormOrd, QrMode, Uplo};
use numfuse::prelude::*;
use proptest::prelude::*;

// ------------------------------------------------------------------------------------------
// Comparison helpers

fn rtol_of(t: DType) -> f64 {
    if t == DType::F32 { 1e-4 } else { 1e-9 }
}

fn floats(a: &Array) -> Vec<f64> {
    a.astype(DType::F64).to_vec::<f64>().unwrap()
}

fn expected(j: &Json) -> (DType, Vec<usize>, Vec<f64>) {
    let t = dtype(j.get("dtype").str());
    let shape = j.get("shape").ints().iter().map(|&v| v as usize).collect();
    let values = j
        .get("values")
        .arr()
        .iter()
        .map(|v| match v.str() {
            "True" => 1.0,
            "False" => 0.0,
            s => s.parse::<f64>().unwrap_or_else(|_| panic!("bad value {s}")),
        })
        .collect();
    (t, shape, values)
}

/// `None` when `got` matches the expected `{"dtype", "shape", "values"}`.
fn compare(got: &Array, want: &Json) -> Option<String> {
    let (t, shape, w) = expected(want);
    if let Some(m) = header_mismatch("", got, t, &shape) {
        return Some(m);
    }
    if !t.is_float() {
        let g = got.astype(DType::I64).to_vec::<i64>().unwrap();
        let wi = expected_ints(want);
        return (g != wi).then(|| format!("integers differ: {g:?} vs numpy {wi:?}"));
    }
    close(&floats(got), &w, rtol_of(t))
}

fn expected_ints(want: &Json) -> Vec<i64> {
    want.get("values")
        .arr()
        .iter()
        .map(|v| match v.str() {
            "True" => 1,
            "False" => 0,
            s => s
                .parse::<i64>()
                .unwrap_or_else(|_| s.parse::<u64>().unwrap() as i64),
        })
        .collect()
}

/// Elementwise agreement within `rtol` of the largest finite magnitude of `w` (at least
/// `rtol · 1e-12`).
fn close(g: &[f64], w: &[f64], rtol: f64) -> Option<String> {
    let scale = w
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0f64, |m, v| m.max(v.abs()));
    let bad: Vec<String> = g
        .iter()
        .zip(w)
        .enumerate()
        .filter(|&(_, (&x, &y))| {
            let same_special = (x.is_nan() && y.is_nan()) || (x.is_infinite() && x == y);
            // The absolute floor lets a computed 1e-30 match NumPy's exact 0.
            let within = (x - y).abs() <= rtol * scale.max(y.abs()).max(1e-12);
            !same_special && !within
        })
        .take(5)
        .map(|(i, (x, y))| format!("[{i}] {x} vs numpy {y}"))
        .collect();
    (!bad.is_empty()).then(|| format!("values differ (rtol {rtol}): {}", bad.join(", ")))
}

/// `m` (`(..., r, c)`, C order) with columns `j < cols` flipped by `signs[batch][j]`.
fn flip_cols(v: &mut [f64], shape: &[usize], signs: &[Vec<f64>]) {
    let (r, c) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    for (b, s) in signs.iter().enumerate() {
        for i in 0..r {
            for (j, &sj) in s.iter().enumerate() {
                v[b * r * c + i * c + j] *= sj;
            }
        }
    }
}

/// The sign per column (first `k` columns) that best matches `g` to `w`.
fn col_signs(g: &[f64], w: &[f64], shape: &[usize], k: usize) -> Vec<Vec<f64>> {
    let (r, c) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    let count = g.len().checked_div(r * c).unwrap_or(0);
    (0..count)
        .map(|b| {
            (0..k.min(c))
                .map(|j| {
                    let dot: f64 = (0..r)
                        .map(|i| g[b * r * c + i * c + j] * w[b * r * c + i * c + j])
                        .sum();
                    if dot < 0.0 { -1.0 } else { 1.0 }
                })
                .collect()
        })
        .collect()
}

/// Transposes the last two axes of a C-ordered buffer.
fn transpose_last(v: &[f64], shape: &[usize]) -> (Vec<f64>, Vec<usize>) {
    let nd = shape.len();
    let (r, c) = (shape[nd - 2], shape[nd - 1]);
    let mut out = vec![0.0; v.len()];
    let count = v.len().checked_div(r * c).unwrap_or(0);
    for b in 0..count {
        for i in 0..r {
            for j in 0..c {
                out[b * r * c + j * r + i] = v[b * r * c + i * c + j];
            }
        }
    }
    let mut s = shape.to_vec();
    s.swap(nd - 2, nd - 1);
    (out, s)
}

/// Keeps the first `k` columns of each matrix.
fn first_cols(v: &[f64], shape: &[usize], k: usize) -> Vec<f64> {
    let (r, c) = (shape[shape.len() - 2], shape[shape.len() - 1]);
    let count = v.len().checked_div(r * c).unwrap_or(0);
    let mut out = Vec::new();
    for b in 0..count {
        for i in 0..r {
            out.extend_from_slice(&v[b * r * c + i * c..b * r * c + i * c + k.min(c)]);
        }
    }
    out
}

/// Compares factors that may differ by the sign of column `j < k` of `q` (and row `j` of the
/// partner `r`, given transposed so that its rows are columns): the signs come from `q`.
fn compare_signed(
    q: &Array,
    qw: &Json,
    partner: Option<(&Array, &Json, bool)>,
    k: usize,
) -> Option<String> {
    let (t, qshape, qwv) = expected(qw);
    if let Some(m) = header_mismatch("q ", q, t, &qshape) {
        return Some(m);
    }
    let mut qg = floats(q);
    let signs = col_signs(&qg, &qwv, &qshape, k);
    flip_cols(&mut qg, &qshape, &signs);
    let rtol = rtol_of(t);
    if let Some(e) = close(
        &first_cols(&qg, &qshape, k),
        &first_cols(&qwv, &qshape, k),
        rtol,
    ) {
        return Some(format!("q: {e}"));
    }
    if let Some((r, rw, rows)) = partner {
        let (rt, rshape, rwv) = expected(rw);
        if let Some(m) = header_mismatch("r ", r, rt, &rshape) {
            return Some(m);
        }
        let rg = floats(r);
        // Rows of `r` flip with the columns of `q`: work on the transpose.
        let (mut rgt, tshape) = if rows {
            transpose_last(&rg, &rshape)
        } else {
            (rg, rshape.clone())
        };
        let (rwt, _) = if rows {
            transpose_last(&rwv, &rshape)
        } else {
            (rwv, rshape.clone())
        };
        flip_cols(&mut rgt, &tshape, &signs);
        if let Some(e) = close(
            &first_cols(&rgt, &tshape, k),
            &first_cols(&rwt, &tshape, k),
            rtol,
        ) {
            return Some(format!("r: {e}"));
        }
        // Rows of R past k are zeros (checked by the identity tests); columns of U and rows
        // of Vh past k span a complement and are not unique.
    }
    None
}

/// Checks a numfuse error against NumPy's exception type and message.
fn error_matches(e: &Error, kind: &str, msg: &str) -> bool {
    if kind == "AxisError" {
        return matches!(e, Error::AxisOutOfRange { .. });
    }
    if msg.contains("Singular matrix") {
        matches!(e, Error::Singular { .. })
    } else if msg.contains("Last 2 dimensions") {
        matches!(e, Error::NotSquare { .. })
    } else if msg.contains("not positive definite") {
        matches!(e, Error::NotPositiveDefinite { .. })
    } else if msg.contains("did not converge") {
        matches!(e, Error::NoConvergence { .. })
    } else if msg.contains("could not be broadcast") {
        matches!(e, Error::Broadcast { .. })
    } else if msg.contains("dimensional array given")
        || msg.contains("Incompatible dimensions")
        || msg.contains("mismatch in its core dimension")
    {
        matches!(e, Error::Shape { .. })
    } else {
        // Invalid orders, duplicate axes, NaN input to eig, empty input to cond.
        matches!(e, Error::Value { .. })
    }
}

fn norm_ord(j: &Json) -> NormOrd {
    match j {
        Json::Null => NormOrd::Default,
        Json::Str(s) => match s.as_str() {
            "fro" => NormOrd::Fro,
            "nuc" => NormOrd::Nuc,
            "inf" => NormOrd::Inf,
            "-inf" => NormOrd::NegInf,
            o => panic!("unknown ord {o}"),
        },
        v => NormOrd::P(v.num()),
    }
}

fn qr_mode(s: &str) -> QrMode {
    match s {
        "reduced" => QrMode::Reduced,
        "complete" => QrMode::Complete,
        "r" => QrMode::R,
        o => panic!("unknown mode {o}"),
    }
}

fn uplo(s: &str) -> Uplo {
    if s == "U" { Uplo::U } else { Uplo::L }
}

// ------------------------------------------------------------------------------------------
// 1. The NumPy reference cases

/// Runs one case; `Ok(None)` when it agrees with NumPy.
fn run_case(c: &Json) -> Result<Option<String>, Error> {
    let arr = |k: &str| array_from_json(c.get(k));
    let expect = c.get("expect");
    let arrays = |e: &Json| -> Vec<Json> { e.get("arrays").arr().to_vec() };
    let all = |got: &[Array], want: &[Json]| -> Option<String> {
        got.iter()
            .zip(want)
            .enumerate()
            .find_map(|(i, (g, w))| compare(g, w).map(|e| format!("output {i}: {e}")))
    };
    Ok(match c.get("func").str() {
        "solve" => compare(&linalg::solve(&arr("a"), &arr("b"))?, expect),
        "inv" => compare(&linalg::inv(&arr("a"))?, expect),
        "det" => compare(&linalg::det(&arr("a"))?, expect),
        "cholesky" => compare(&linalg::cholesky(&arr("a"))?, expect),
        "svdvals" => compare(&linalg::svdvals(&arr("a"))?, expect),
        "slogdet" => {
            let (s, l) = linalg::slogdet(&arr("a"))?;
            all(&[s, l], &arrays(expect))
        }
        "qr" => {
            let a = arr("a");
            let mode = qr_mode(c.get("mode").str());
            let f = linalg::qr(&a, mode)?;
            let w = arrays(expect);
            let nd = a.ndim();
            let k = a.shape()[nd - 2].min(a.shape()[nd - 1]);
            match f.q {
                Some(q) => compare_signed(&q, &w[0], Some((&f.r, &w[1], true)), k),
                None => {
                    // Only R: match the sign of each row against NumPy's.
                    let (rt, shape) = transpose_last(&floats(&f.r), f.r.shape());
                    let r_t = Array::from_vec(rt, &shape).unwrap().astype(f.r.dtype());
                    let (t, ws, wv) = expected(&w[0]);
                    let (wt, wts) = transpose_last(&wv, &ws);
                    let wj = Json::Obj(vec![
                        ("dtype".into(), Json::Str(t.to_string())),
                        (
                            "shape".into(),
                            Json::Arr(wts.iter().map(|&d| Json::Num(d as f64)).collect()),
                        ),
                        (
                            "values".into(),
                            Json::Arr(wt.iter().map(|v| Json::Str(format!("{v:?}"))).collect()),
                        ),
                    ]);
                    compare_signed(&r_t, &wj, None, k)
                }
            }
        }
        "eigh" => {
            let (w, v) = linalg::eigh(&arr("a"), uplo(c.get("uplo").str()))?;
            let e = arrays(expect);
            let n = v.shape()[v.ndim() - 1];
            compare(&w, &e[0]).or_else(|| compare_signed(&v, &e[1], None, n))
        }
        "eigvalsh" => compare(
            &linalg::eigvalsh(&arr("a"), uplo(c.get("uplo").str()))?,
            expect,
        ),
        "eig" | "eigvals" => {
            let a = arr("a");
            let values = if c.get("func").str() == "eig" {
                let e = linalg::eig(&a)?;
                if let Some(msg) = check_eig_identity(&a, &e) {
                    return Ok(Some(msg));
                }
                e.values
            } else {
                linalg::eigvals(&a)?
            };
            let (re, im) = sorted_eig(&values);
            let w = arrays(expect);
            let real = expect.get("real").bool();
            if values.is_real() != real {
                Some(format!("real: {} vs numpy {real}", values.is_real()))
            } else {
                all(&[re, im], &w)
            }
        }
        "svd" => {
            let a = arr("a");
            let (u, s, vh) = linalg::svd(&a, c.get("full_matrices").bool())?;
            let w = arrays(expect);
            let nd = a.ndim();
            let k = a.shape()[nd - 2].min(a.shape()[nd - 1]);
            compare(&s, &w[1]).or_else(|| compare_signed(&u, &w[0], Some((&vh, &w[2], true)), k))
        }
        "lstsq" => {
            let rcond = c.get("rcond").opt().map(Json::num);
            let r = linalg::lstsq(&arr("a"), &arr("b"), rcond)?;
            let w = arrays(expect);
            let rank = expect.get("rank").int() as usize;
            if r.rank != rank {
                Some(format!("rank {} vs numpy {rank}", r.rank))
            } else {
                all(&[r.x, r.residuals, r.s], &w)
            }
        }
        "pinv" => compare(
            &linalg::pinv(&arr("a"), c.get("rcond").opt().map(Json::num))?,
            expect,
        ),
        "matrix_rank" => compare(
            &linalg::matrix_rank(&arr("a"), c.get("tol").opt().map(Json::num))?,
            expect,
        ),
        "matrix_power" => compare(&linalg::matrix_power(&arr("a"), c.get("n").int())?, expect),
        "norm" => {
            let axis: Option<Vec<isize>> = match c.get("axis") {
                Json::Null => None,
                Json::Arr(v) => Some(v.iter().map(|x| x.int() as isize).collect()),
                v => Some(vec![v.int() as isize]),
            };
            let got = linalg::norm(
                &arr("x"),
                norm_ord(c.get("ord")),
                axis.as_deref(),
                c.get("keepdims").bool(),
            )?;
            compare(&got, expect)
        }
        "cond" => compare(&linalg::cond(&arr("x"), norm_ord(c.get("p")))?, expect),
        "pca" => {
            let got = pca(&arr("x"), c.get("n_components").int() as usize)?;
            let w = arrays(expect);
            let k = got[2].shape()[1];
            compare(&got[1], &w[1])
                .or_else(|| compare_signed(&got[2], &w[2], None, k))
                .or_else(|| compare_signed(&got[0], &w[0], None, k))
        }
        other => panic!("unknown func {other}"),
    })
}

/// The eigenvalues of each matrix sorted by (re, im), as NumPy's `sort_complex`.
fn sorted_eig(v: &linalg::ComplexParts) -> (Array, Array) {
    let t = v.re.dtype();
    let (re, im) = (floats(&v.re), floats(&v.im));
    let n = *v.re.shape().last().unwrap();
    let mut ro = Vec::new();
    let mut io = Vec::new();
    if n > 0 {
        for (r, i) in re.chunks(n).zip(im.chunks(n)) {
            let mut pairs: Vec<(f64, f64)> = r.iter().copied().zip(i.iter().copied()).collect();
            pairs.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.total_cmp(&b.1)));
            ro.extend(pairs.iter().map(|p| p.0));
            io.extend(pairs.iter().map(|p| p.1));
        }
    }
    let shape = v.re.shape();
    (
        Array::from_vec(ro, shape).unwrap().astype(t),
        Array::from_vec(io, shape).unwrap().astype(t),
    )
}

/// A·v = v·w for every eigenpair, in complex arithmetic; `None` when it holds.
fn check_eig_identity(a: &Array, e: &linalg::Eig) -> Option<String> {
    let n = a.shape()[a.ndim() - 1];
    if n == 0 {
        return None;
    }
    let t = e.values.re.dtype();
    let tol = if t == DType::F32 { 1e-3 } else { 1e-9 };
    let av = floats(&a.astype(DType::F64).ascontiguousarray());
    let (wr, wi) = (floats(&e.values.re), floats(&e.values.im));
    let (vr, vi) = (floats(&e.vectors.re), floats(&e.vectors.im));
    let scale = av.iter().fold(1.0f64, |m, x| m.max(x.abs())) * n as f64;
    for b in 0..wr.len() / n {
        let (m, w, v) = (b * n * n, b * n, b * n * n);
        for j in 0..n {
            let norm: f64 = (0..n)
                .map(|i| vr[v + i * n + j].powi(2) + vi[v + i * n + j].powi(2))
                .sum();
            if (norm - 1.0).abs() > tol {
                return Some(format!("eigenvector {j} has norm² {norm}"));
            }
            for i in 0..n {
                let (mut sr, mut si) = (0.0, 0.0);
                for k in 0..n {
                    sr += av[m + i * n + k] * vr[v + k * n + j];
                    si += av[m + i * n + k] * vi[v + k * n + j];
                }
                let (xr, xi) = (vr[v + i * n + j], vi[v + i * n + j]);
                let (pr, pi) = (
                    wr[w + j] * xr - wi[w + j] * xi,
                    wr[w + j] * xi + wi[w + j] * xr,
                );
                if (sr - pr).abs() > tol * scale || (si - pi).abs() > tol * scale {
                    return Some(format!("A v != v w for eigenpair {j} of matrix {b}"));
                }
            }
        }
    }
    None
}

/// The seed's `pca_numpy`, in numfuse: `[X_projected, explained_var_ratio, components]`.
fn pca(x: &Array, n_components: usize) -> Result<Vec<Array>, Error> {
    let xc = x.try_sub(&x.mean(0)?)?;
    let n = x.shape()[0];
    let cov = xc.t().matmul(&xc)?.try_div((n - 1) as f64)?;
    let (w, v) = linalg::eigh(&cov, Uplo::L)?;
    let wv = w.to_vec::<f64>()?;
    // np.argsort(eigenvalues)[::-1]
    let mut idx: Vec<i64> = (0..wv.len() as i64).collect();
    idx.sort_by(|&a, &b| wv[a as usize].total_cmp(&wv[b as usize]));
    idx.reverse();
    let idx = Array::from_vec(idx, &[wv.len()])?;
    let w = w.take(&idx, Some(0))?;
    let v = v.take(&idx, Some(1))?;
    let ratio = w.try_div(&w.sum(None)?)?;
    let keep = Array::from_vec(
        (0..n_components as i64).collect::<Vec<_>>(),
        &[n_components],
    )?;
    let components = v.take(&keep, Some(1))?;
    let projected = xc.matmul(&components)?;
    Ok(vec![projected, ratio.take(&keep, Some(0))?, components])
}

#[test]
fn numpy_reference_cases() {
    let doc = Json::parse(&read_text("linalg/cases.json"));
    let cases = doc.get("cases").arr();
    assert!(cases.len() > 300, "only {} cases", cases.len());
    let mut failures = Vec::new();
    for c in cases {
        let name = c.get("name").str();
        let expect = c.get("expect");
        let is_err = matches!(expect, Json::Obj(m) if m.iter().any(|(k, _)| k == "error"));
        match run_case(c) {
            Ok(None) if !is_err => {}
            Ok(None) => failures.push(format!(
                "{name}: numpy raised {}: {}, numfuse returned a result",
                expect.get("error").str(),
                expect.get("msg").str()
            )),
            Ok(Some(diff)) => failures.push(format!("{name}: {diff}")),
            Err(e) if is_err => {
                let (kind, msg) = (expect.get("error").str(), expect.get("msg").str());
                if !error_matches(&e, kind, msg) {
                    failures.push(format!("{name}: numpy {kind}: {msg}; numfuse {e:?}"));
                }
            }
            Err(e) => failures.push(format!("{name}: numfuse failed: {e}")),
        }
    }
    common::assert_agree(&failures, cases.len());
}

// ------------------------------------------------------------------------------------------
// 2. Identities on pseudo-random matrices

/// Deterministic values in [-1, 1) (a 64-bit LCG).
fn lcg(seed: u64, n: usize) -> Vec<f64> {
    let mut s = seed
        .wrapping_mul(6364136223846793005)
        .wrapping_add(1442695040888963407);
    (0..n)
        .map(|_| {
            s = s
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((s >> 11) as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
        })
        .collect()
}

/// A random (rows × cols) matrix, optionally made well conditioned (a dominant diagonal).
fn random(rows: usize, cols: usize, seed: u64, dominant: bool) -> Array {
    let mut v = lcg(seed, rows * cols);
    if dominant {
        for i in 0..rows.min(cols) {
            v[i * cols + i] += rows as f64 + 1.0;
        }
    }
    Array::from_vec(v, &[rows, cols]).unwrap()
}

/// The same matrix in three layouts: C order, a transposed view of an F copy, and a view
/// through negative strides of a reversed copy.
fn layouts(a: &Array) -> Vec<(&'static str, Array)> {
    let f = a.t().copy().t();
    let rev = a.slice(s![..;-1, ..;-1]).unwrap().copy();
    let back = rev.slice(s![..;-1, ..;-1]).unwrap();
    vec![("C", a.clone()), ("F", f), ("negative", back)]
}

fn max_abs_diff(a: &Array, b: &Array) -> f64 {
    assert_eq!(a.shape(), b.shape());
    floats(a)
        .iter()
        .zip(floats(b))
        .fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

fn eye_like(n: usize) -> Array {
    Array::eye(n, None, 0, DType::F64)
}

const SIZES: [usize; 5] = [1, 2, 5, 12, 33];

#[test]
fn inverse_times_matrix_is_identity() {
    for (k, &n) in SIZES.iter().enumerate() {
        for (name, a) in layouts(&random(n, n, k as u64, true)) {
            let ai = linalg::inv(&a).unwrap();
            let err = max_abs_diff(&a.matmul(&ai).unwrap(), &eye_like(n));
            assert!(err < 1e-12, "n={n} {name}: |A A^-1 - I| = {err}");
            let x = linalg::solve(&a, &Array::ones(&[n], DType::F64)).unwrap();
            let r = a.matmul(&x).unwrap();
            assert!(
                max_abs_diff(&r, &Array::ones(&[n], DType::F64)) < 1e-12,
                "n={n} {name}"
            );
        }
    }
}

#[test]
fn cholesky_reconstructs() {
    for (k, &n) in SIZES.iter().enumerate() {
        let b = random(n, n, 10 + k as u64, false);
        let a = b.matmul(&b.t()).unwrap().try_add(&eye_like(n)).unwrap();
        for (name, a) in layouts(&a) {
            let l = linalg::cholesky(&a).unwrap();
            let lv = floats(&l);
            for i in 0..n {
                for j in i + 1..n {
                    assert_eq!(lv[i * n + j], 0.0, "n={n} {name}: L not lower");
                }
            }
            let err = max_abs_diff(&l.matmul(&l.t()).unwrap(), &a);
            assert!(err < 1e-11 * n as f64, "n={n} {name}: |L Lᵀ - A| = {err}");
        }
    }
}

#[test]
fn qr_reconstructs_with_orthonormal_q() {
    for (k, &(m, n)) in [(1, 1), (4, 4), (9, 5), (5, 9), (33, 7)].iter().enumerate() {
        for (name, a) in layouts(&random(m, n, 20 + k as u64, false)) {
            for mode in [QrMode::Reduced, QrMode::Complete] {
                let f = linalg::qr(&a, mode).unwrap();
                let q = f.q.unwrap();
                let err = max_abs_diff(&q.matmul(&f.r).unwrap(), &a);
                assert!(err < 1e-12, "{m}x{n} {name} {mode:?}: |QR - A| = {err}");
                let qc = q.shape()[1];
                let err = max_abs_diff(&q.t().matmul(&q).unwrap(), &eye_like(qc));
                assert!(err < 1e-12, "{m}x{n} {name} {mode:?}: |QᵀQ - I| = {err}");
                let rv = floats(&f.r);
                let rc = f.r.shape()[1];
                for i in 0..f.r.shape()[0] {
                    for j in 0..i.min(rc) {
                        assert_eq!(rv[i * rc + j], 0.0, "{m}x{n} {name}: R not upper");
                    }
                }
            }
            let r_only = linalg::qr(&a, QrMode::R).unwrap();
            assert!(r_only.q.is_none());
            assert_eq!(r_only.r.shape(), &[m.min(n), n]);
        }
    }
}

#[test]
fn svd_reconstructs_with_orthonormal_factors() {
    for (k, &(m, n)) in [(1, 1), (4, 4), (9, 5), (5, 9), (33, 12)]
        .iter()
        .enumerate()
    {
        for (name, a) in layouts(&random(m, n, 30 + k as u64, false)) {
            for full in [false, true] {
                let (u, s, vh) = linalg::svd(&a, full).unwrap();
                let kk = m.min(n);
                let sv = floats(&s);
                assert!(sv.windows(2).all(|w| w[0] >= w[1]) && sv.iter().all(|&x| x >= 0.0));
                // U[:, :k] diag(s) Vh[:k, :]
                let uk = u.slice(s![.., ..kk as isize]).unwrap();
                let vk = vh.slice(s![..kk as isize, ..]).unwrap();
                let us = uk.try_mul(&s).unwrap();
                let err = max_abs_diff(&us.matmul(&vk).unwrap(), &a);
                assert!(
                    err < 1e-12,
                    "{m}x{n} {name} full={full}: |U S Vh - A| = {err}"
                );
                for f in [&u.t().matmul(&u).unwrap(), &vh.matmul(&vh.t()).unwrap()] {
                    let d = f.shape()[0];
                    assert!(
                        max_abs_diff(f, &eye_like(d)) < 1e-12,
                        "{m}x{n} {name}: not orthonormal"
                    );
                }
                let vals = linalg::svdvals(&a).unwrap();
                assert!(max_abs_diff(&vals, &s) < 1e-12);
            }
        }
    }
}

#[test]
fn eigh_and_eig_satisfy_av_equals_vw() {
    for (k, &n) in SIZES.iter().enumerate() {
        let b = random(n, n, 40 + k as u64, false);
        let sym = b.try_add(&b.t()).unwrap();
        for (name, a) in layouts(&sym) {
            for up in [Uplo::L, Uplo::U] {
                let (w, v) = linalg::eigh(&a, up).unwrap();
                let wv = floats(&w);
                assert!(wv.windows(2).all(|p| p[0] <= p[1]), "eigh not ascending");
                let err = max_abs_diff(&a.matmul(&v).unwrap(), &v.try_mul(&w).unwrap());
                assert!(
                    err < 1e-11 * n as f64,
                    "n={n} {name} {up:?}: |AV - VW| = {err}"
                );
                let err = max_abs_diff(&v.t().matmul(&v).unwrap(), &eye_like(n));
                assert!(err < 1e-12, "n={n} {name}: VᵀV");
                let w2 = linalg::eigvalsh(&a, up).unwrap();
                assert!(max_abs_diff(&w2, &w) < 1e-11 * n as f64);
            }
        }
        let general = random(n, n, 50 + k as u64, false);
        for (name, a) in layouts(&general) {
            let e = linalg::eig(&a).unwrap();
            assert_eq!(check_eig_identity(&a, &e), None, "n={n} {name}");
            let vals = linalg::eigvals(&a).unwrap();
            let (r1, i1) = sorted_eig(&vals);
            let (r2, i2) = sorted_eig(&e.values);
            assert!(max_abs_diff(&r1, &r2) < 1e-10 && max_abs_diff(&i1, &i2) < 1e-10);
        }
    }
}

#[test]
fn det_is_sign_times_exp_logdet() {
    for (k, &n) in SIZES.iter().enumerate() {
        for (name, a) in layouts(&random(n, n, 60 + k as u64, false)) {
            let d = floats(&linalg::det(&a).unwrap())[0];
            let (s, l) = linalg::slogdet(&a).unwrap();
            let (s, l) = (floats(&s)[0], floats(&l)[0]);
            assert!(s == 1.0 || s == -1.0, "n={n} {name}: sign {s}");
            let back = s * l.exp();
            assert!(
                (d - back).abs() <= 1e-12 * d.abs().max(1e-300),
                "n={n} {name}: {d} vs {back}"
            );
        }
    }
    // det(AB) = det(A) det(B)
    let (a, b) = (random(6, 6, 70, true), random(6, 6, 71, false));
    let dab = floats(&linalg::det(&a.matmul(&b).unwrap()).unwrap())[0];
    let da = floats(&linalg::det(&a).unwrap())[0];
    let db = floats(&linalg::det(&b).unwrap())[0];
    assert!((dab - da * db).abs() < 1e-10 * dab.abs().max(1.0));
}

#[test]
fn pinv_satisfies_moore_penrose() {
    for (k, &(m, n)) in [(3, 3), (7, 4), (4, 7), (12, 12)].iter().enumerate() {
        let mut a = random(m, n, 80 + k as u64, false);
        if k == 3 {
            // Rank deficient: the last column repeats the first.
            let mut v = floats(&a);
            for i in 0..m {
                v[i * n + n - 1] = v[i * n];
            }
            a = Array::from_vec(v, &[m, n]).unwrap();
        }
        let p = linalg::pinv(&a, None).unwrap();
        assert_eq!(p.shape(), &[n, m]);
        let apa = a.matmul(&p).unwrap().matmul(&a).unwrap();
        let pap = p.matmul(&a).unwrap().matmul(&p).unwrap();
        let ap = a.matmul(&p).unwrap();
        let pa = p.matmul(&a).unwrap();
        let tol = 1e-10;
        assert!(max_abs_diff(&apa, &a) < tol, "{m}x{n}: A A+ A");
        assert!(max_abs_diff(&pap, &p) < tol, "{m}x{n}: A+ A A+");
        assert!(max_abs_diff(&ap, &ap.t()) < tol, "{m}x{n}: (A A+)ᵀ");
        assert!(max_abs_diff(&pa, &pa.t()) < tol, "{m}x{n}: (A+ A)ᵀ");
    }
}

#[test]
fn lstsq_residuals_are_squared_norms() {
    let a = random(20, 4, 90, false);
    let b = random(20, 3, 91, false);
    let r = linalg::lstsq(&a, &b, None).unwrap();
    assert_eq!(r.rank, 4);
    let diff = a.matmul(&r.x).unwrap().try_sub(&b).unwrap();
    let sq = diff.square().unwrap().sum(0).unwrap();
    assert!(
        max_abs_diff(&sq, &r.residuals) < 1e-12,
        "{sq} vs {}",
        r.residuals
    );
    // The normal equations hold: Aᵀ (A x - b) = 0.
    let normal = a.t().matmul(&diff).unwrap();
    assert!(max_abs_diff(&normal, &Array::zeros(&[4, 3], DType::F64)) < 1e-12);
}

#[test]
fn stacks_match_matrix_by_matrix() {
    let mats: Vec<Array> = (0..6).map(|k| random(4, 4, 100 + k, true)).collect();
    let all: Vec<f64> = mats.iter().flat_map(floats).collect();
    let stack = Array::from_vec(all, &[2, 3, 4, 4]).unwrap();
    let inv = linalg::inv(&stack).unwrap();
    let det = linalg::det(&stack).unwrap();
    let (w, _) = linalg::eigh(
        &stack.try_add(&stack.swapaxes(-1, -2).unwrap()).unwrap(),
        Uplo::L,
    )
    .unwrap();
    for (k, m) in mats.iter().enumerate() {
        let (i, j) = ((k / 3) as isize, (k % 3) as isize);
        let one = inv.slice(s![i, j]).unwrap();
        assert!(max_abs_diff(&one, &linalg::inv(m).unwrap()) < 1e-14);
        let d = det.slice(s![i, j]).unwrap();
        assert!(max_abs_diff(&d, &linalg::det(m).unwrap()) < 1e-12);
        let sym = m.try_add(&m.t()).unwrap();
        let wk = w.slice(s![i, j]).unwrap();
        assert!(max_abs_diff(&wk, &linalg::eigvalsh(&sym, Uplo::L).unwrap()) < 1e-12);
    }
}

#[test]
fn float32_stays_float32() {
    let a = random(5, 5, 110, true).astype(DType::F32);
    assert_eq!(linalg::inv(&a).unwrap().dtype(), DType::F32);
    assert_eq!(linalg::det(&a).unwrap().dtype(), DType::F32);
    assert_eq!(linalg::svd(&a, false).unwrap().1.dtype(), DType::F32);
    assert_eq!(linalg::eigvalsh(&a, Uplo::L).unwrap().dtype(), DType::F32);
    assert_eq!(
        linalg::norm(&a, NormOrd::Default, None, false)
            .unwrap()
            .dtype(),
        DType::F32
    );
    let b = Array::ones(&[5], DType::F32);
    assert_eq!(linalg::solve(&a, &b).unwrap().dtype(), DType::F32);
    // float32 with float64 computes in float64, as NumPy's _commonType.
    assert_eq!(
        linalg::solve(&a, &b.astype(DType::F64)).unwrap().dtype(),
        DType::F64
    );
    let ai = linalg::inv(&a).unwrap();
    let err = max_abs_diff(&a.matmul(&ai).unwrap().astype(DType::F64), &eye_like(5));
    assert!(err < 1e-5, "{err}");
}

#[test]
fn bad_input_returns_errors_and_never_panics() {
    let nan = Array::from_vec(vec![f64::NAN, 1.0, 2.0, f64::INFINITY], &[2, 2]).unwrap();
    // NaN and infinity: whatever each function returns, it does not panic.
    let _ = linalg::solve(&nan, &Array::ones(&[2], DType::F64));
    let _ = linalg::inv(&nan);
    let _ = linalg::det(&nan);
    let _ = linalg::cholesky(&nan);
    let _ = linalg::qr(&nan, QrMode::Complete);
    let _ = linalg::matrix_power(&nan, 3);
    assert!(matches!(
        linalg::svd(&nan, true),
        Err(Error::NoConvergence { .. })
    ));
    assert!(matches!(
        linalg::eigh(&nan, Uplo::L),
        Err(Error::NoConvergence { .. })
    ));
    assert!(matches!(linalg::eig(&nan), Err(Error::Value { .. })));
    assert!(matches!(
        linalg::pinv(&nan, None),
        Err(Error::NoConvergence { .. })
    ));
    assert!(matches!(
        linalg::lstsq(&nan, &Array::ones(&[2], DType::F64), None),
        Err(Error::NoConvergence { .. })
    ));
    assert!(matches!(
        linalg::matrix_rank(&nan, None),
        Err(Error::NoConvergence { .. })
    ));
    // Error texts use NumPy's LinAlgError wording.
    let sing = Array::from_vec(vec![1.0, 2.0, 2.0, 4.0], &[2, 2]).unwrap();
    assert_eq!(
        linalg::inv(&sing).unwrap_err().to_string(),
        "inv: Singular matrix"
    );
    let e = linalg::det(&Array::ones(&[2, 3], DType::F64)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "det: Last 2 dimensions of the array must be square (got shape (2, 3))"
    );
    let e = linalg::cholesky(&Array::from_vec(vec![-1.0], &[1, 1]).unwrap()).unwrap_err();
    assert_eq!(e.to_string(), "cholesky: Matrix is not positive definite");
    assert_eq!(
        linalg::svd(&nan, false).unwrap_err().to_string(),
        "svd: SVD did not converge"
    );
    let e = linalg::inv(&Array::ones(&[3], DType::F64)).unwrap_err();
    assert_eq!(
        e.to_string(),
        "inv: 1-dimensional array given. Array must be at least two-dimensional"
    );
    // Broadcasting failure of solve's batch axes names both shapes.
    let e = linalg::solve(
        &Array::ones(&[2, 2, 2], DType::F64),
        &Array::ones(&[3, 2, 1], DType::F64),
    )
    .unwrap_err();
    assert!(matches!(e, Error::Broadcast { .. }), "{e:?}");
}

// ------------------------------------------------------------------------------------------
// 3. The seed's interview question 11

#[test]
fn q11_solve_versus_inverse() {
    // Well conditioned: both agree closely.
    let a = random(12, 12, 120, true);
    let b = random(12, 1, 121, false).reshape(&[12]).unwrap();
    let x1 = linalg::solve(&a, &b).unwrap();
    let x2 = linalg::inv(&a).unwrap().matmul(&b).unwrap();
    assert!(max_abs_diff(&x1, &x2) < 1e-13);
    // Ill conditioned (Hilbert matrices, cond 1e10..1e16): solve's residual |A x - b| is the
    // smaller by orders of magnitude (NumPy: 3e-16 vs 3e-8 for n = 8); the margin asserted is
    // a factor of 10, far below what is measured, so the inequality is robust.
    for n in [8usize, 10, 12] {
        let h: Vec<f64> = (0..n * n)
            .map(|k| 1.0 / ((k / n + k % n) as f64 + 1.0))
            .collect();
        let h = Array::from_vec(h, &[n, n]).unwrap();
        let b = h.matmul(&Array::ones(&[n], DType::F64)).unwrap();
        let res = |x: &Array| {
            let r = h.matmul(x).unwrap().try_sub(&b).unwrap();
            floats(&linalg::norm(&r, NormOrd::Default, None, false).unwrap())[0]
        };
        let r_solve = res(&linalg::solve(&h, &b).unwrap());
        let r_inv = res(&linalg::inv(&h).unwrap().matmul(&b).unwrap());
        assert!(r_solve < 1e-13, "n={n}: solve residual {r_solve}");
        assert!(
            r_solve * 10.0 < r_inv,
            "n={n}: solve {r_solve} vs inv {r_inv}"
        );
    }
}

// ------------------------------------------------------------------------------------------
// Property tests

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// For diagonally dominant matrices of any size up to 10 in any of the layouts, solve's
    /// residual is tiny and solve agrees with inv(A) @ b.
    #[test]
    fn solve_residual_is_small(n in 1usize..10, seed in 0u64..10_000, layout in 0usize..3) {
        let a = layouts(&random(n, n, seed, true)).swap_remove(layout).1;
        let b = random(n, 2, seed + 1, false);
        let x = linalg::solve(&a, &b).unwrap();
        prop_assert!(max_abs_diff(&a.matmul(&x).unwrap(), &b) < 1e-12);
        let y = linalg::inv(&a).unwrap().matmul(&b).unwrap();
        prop_assert!(max_abs_diff(&x, &y) < 1e-12);
    }

    /// The 2-norm of a matrix is its largest singular value and the Frobenius norm the root of
    /// the sum of squared singular values.
    #[test]
    fn norms_agree_with_singular_values(m in 1usize..8, n in 1usize..8, seed in 0u64..10_000) {
        let a = random(m, n, seed, false);
        let s = floats(&linalg::svdvals(&a).unwrap());
        let two = floats(&linalg::norm(&a, NormOrd::P(2.0), None, false).unwrap())[0];
        let fro = floats(&linalg::norm(&a, NormOrd::Fro, None, false).unwrap())[0];
        let nuc = floats(&linalg::norm(&a, NormOrd::Nuc, None, false).unwrap())[0];
        prop_assert!((two - s[0]).abs() < 1e-12);
        prop_assert!((fro - s.iter().map(|x| x * x).sum::<f64>().sqrt()).abs() < 1e-12);
        prop_assert!((nuc - s.iter().sum::<f64>()).abs() < 1e-12);
    }
}

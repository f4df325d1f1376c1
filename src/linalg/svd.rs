//! The singular value decomposition and what is built on it: `svd`, `svdvals`, `lstsq` and
//! `pinv`.

use super::stack::with_float;
use super::stack::{Float, Out, Stack, as_float, check_2d, check_finite, common_float, par};
use crate::array::Element as _;
use crate::{Array, Error, Result};
use faer::linalg::matmul::matmul;
use faer::linalg::solvers::Svd;
use faer::{Accum, Mat, MatRef};

/// The singular value decomposition of each matrix of a stack (`np.linalg.svd`):
/// `(u, s, vh)` with `a = u @ diag(s) @ vh`, singular values descending. With
/// `full_matrices`, `u` is `(..., M, M)` and `vh` `(..., N, N)`; without, `(..., M, K)` and
/// `(..., K, N)`, `K = min(M, N)`. Singular vectors are defined up to sign (pairwise: column
/// `i` of `u` and row `i` of `vh` flip together).
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NoConvergence`] when the input holds NaN
/// or infinity (NumPy's "SVD did not converge") or the iteration does not converge.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[3.0, 0.0], [0.0, -4.0], [0.0, 0.0]];
/// let (u, s, vh) = numfuse::linalg::svd(&a, false)?;
/// assert_eq!((u.shape(), vh.shape()), (&[3, 2][..], &[2, 2][..]));
/// let s = s.to_vec::<f64>()?;
/// assert!((s[0] - 4.0).abs() < 1e-12 && (s[1] - 3.0).abs() < 1e-12);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn svd(a: &Array, full_matrices: bool) -> Result<(Array, Array, Array)> {
    let (u, s, vh) = svd_imp("svd", a, Some(full_matrices))?;
    Ok((
        u.expect("vectors requested"),
        s,
        vh.expect("vectors requested"),
    ))
}

/// The singular values, descending, of each matrix of a stack (`np.linalg.svdvals`, or
/// `np.linalg.svd(a, compute_uv=False)`).
///
/// # Errors
/// As [`svd`].
///
/// ```
/// use numfuse::prelude::*;
/// let s = numfuse::linalg::svdvals(&array![[0.0, 2.0], [1.0, 0.0]])?;
/// assert_eq!(s.to_vec::<f64>()?, vec![2.0, 1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn svdvals(a: &Array) -> Result<Array> {
    Ok(svd_imp("svdvals", a, None)?.1)
}

type SvdParts = (Option<Array>, Array, Option<Array>);

/// `full == None`: singular values only.
pub(crate) fn svd_imp(op: &'static str, a: &Array, full: Option<bool>) -> Result<SvdParts> {
    check_2d(op, a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    check_finite(op, &a)?;
    with_float!(t, F => svd_stack::<F>(op, &a, full))
}

fn svd_stack<F: Float>(op: &'static str, a: &Array, full: Option<bool>) -> Result<SvdParts> {
    let s = Stack::new(a);
    let (m, n) = (s.rows, s.cols);
    let k = m.min(n);
    let vectors = full.is_some();
    let (uc, vr) = match full {
        Some(true) => (m, n),
        Some(false) => (k, k),
        None => (0, 0),
    };
    let (um, vn) = if vectors { (m, n) } else { (0, 0) };
    let mut u = Out::<F>::new(&s.batch, &[um, uc])?;
    let mut sv = Out::<F>::new(&s.batch, &[k])?;
    let mut vh = Out::<F>::new(&s.batch, &[vr, vn])?;
    for i in 0..s.len() {
        if k == 0 {
            if full == Some(true) {
                for (o, d) in [(&mut u, m), (&mut vh, n)] {
                    let mut e = o.mat(i);
                    for j in 0..d {
                        e[(j, j)] = F::from_f64(1.0);
                    }
                }
            }
            continue;
        }
        let x = s.mat::<F>(i);
        if !vectors {
            let vals = x
                .singular_values()
                .map_err(|_| Error::NoConvergence { op })?;
            sv.slot(i).copy_from_slice(&vals);
            continue;
        }
        let f = if full == Some(true) {
            Svd::new(x)
        } else {
            Svd::new_thin(x)
        }
        .map_err(|_| Error::NoConvergence { op })?;
        for (d, v) in sv.slot(i).iter_mut().zip(f.S().column_vector().iter()) {
            *d = *v;
        }
        u.mat(i).copy_from(f.U());
        vh.mat(i).copy_from(f.V().transpose());
    }
    let sv = sv.finish()?;
    if vectors {
        Ok((Some(u.finish()?), sv, Some(vh.finish()?)))
    } else {
        Ok((None, sv, None))
    }
}

/// A thin SVD of one matrix: `(U, s, V)`, `U` (m × k), `V` (n × k).
fn thin<F: Float>(op: &'static str, x: MatRef<'_, F>) -> Result<(Mat<F>, Vec<F>, Mat<F>)> {
    let f = Svd::new_thin(x).map_err(|_| Error::NoConvergence { op })?;
    let s = f.S().column_vector().iter().copied().collect();
    Ok((f.U().to_owned(), s, f.V().to_owned()))
}

/// `V diag(w) Uᵀ rhs` over the first `w.len()` singular triplets, into `out` (`n × ncols`);
/// `rhs == None` stands for the identity (the pseudo-inverse itself).
fn apply_pinv<F: Float>(
    u: &Mat<F>,
    w: &[F],
    v: &Mat<F>,
    rhs: Option<MatRef<'_, F>>,
    out: faer::MatMut<'_, F>,
) {
    let r = w.len();
    let (ur, vr) = (u.as_ref().subcols(0, r), v.as_ref().subcols(0, r));
    let p = par(u.nrows().max(v.nrows()));
    let mut t = match rhs {
        Some(rhs) => {
            let mut t = Mat::<F>::zeros(r, rhs.ncols());
            matmul(
                t.as_mut(),
                Accum::Replace,
                ur.transpose(),
                rhs,
                F::from_f64(1.0),
                p,
            );
            t
        }
        None => ur.transpose().to_owned(),
    };
    for (row, &wi) in w.iter().enumerate() {
        for c in 0..t.ncols() {
            t[(row, c)] *= wi;
        }
    }
    matmul(out, Accum::Replace, vr, t.as_ref(), F::from_f64(1.0), p);
}

/// The result of [`lstsq`] (NumPy's `(x, residuals, rank, s)`).
#[derive(Clone, Debug)]
pub struct Lstsq {
    /// The least-squares solution, `(N,)` or `(N, K)` as `b` is `(M,)` or `(M, K)`.
    pub x: Array,
    /// The squared residual norms `|b - a x|²` per column of `b`, `(K,)` (`(1,)` for a vector
    /// `b`), when `a` has full column rank and `M > N`; otherwise empty, `(0,)`.
    pub residuals: Array,
    /// The effective rank of `a`: the singular values above `rcond · max(s)`.
    pub rank: usize,
    /// The singular values of `a`, descending, `(min(M, N),)`.
    pub s: Array,
}

/// The least-squares solution of `a @ x = b` (`np.linalg.lstsq`), through the SVD as LAPACK's
/// `gelsd`: singular values at or below `rcond · max(s)` count as zero (`rcond` defaults to
/// `eps · max(M, N)`, `eps` of the computing dtype). `a` is a single `(M, N)` matrix, as in
/// NumPy.
///
/// # Errors
/// [`Error::Shape`] when `a` is not 2-D, `b` is not 1-D or 2-D, or their first axes differ
/// (NumPy's "Incompatible dimensions"); [`Error::NoConvergence`] for NaN or infinity in `a`.
///
/// ```
/// use numfuse::prelude::*;
/// // Fit y = c0 + c1 t through three points.
/// let a = array![[1.0, 0.0], [1.0, 1.0], [1.0, 2.0]];
/// let r = numfuse::linalg::lstsq(&a, &array![1.0, 3.0, 5.0], None)?;
/// let x = r.x.to_vec::<f64>()?;
/// assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 2.0).abs() < 1e-12);
/// assert_eq!(r.rank, 2);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn lstsq(a: &Array, b: &Array, rcond: Option<f64>) -> Result<Lstsq> {
    const OP: &str = "lstsq";
    for x in [a, b] {
        let ok = if std::ptr::eq(x, a) {
            x.ndim() == 2
        } else {
            x.ndim() == 1 || x.ndim() == 2
        };
        if !ok {
            return Err(Error::Shape {
                op: OP,
                msg: format!(
                    "{}-dimensional array given. Array must be two-dimensional",
                    x.ndim()
                ),
            });
        }
    }
    let vector = b.ndim() == 1;
    let b2 = if vector {
        b.expand_dims(-1)?
    } else {
        b.clone()
    };
    let (m, n) = (a.shape()[0], a.shape()[1]);
    if b2.shape()[0] != m {
        return Err(Error::Shape {
            op: OP,
            msg: format!(
                "Incompatible dimensions: a is {m}x{n}, b has {} rows",
                b2.shape()[0]
            ),
        });
    }
    let t = common_float(&[a, b]);
    let (a, b2) = (as_float(a, t)?, as_float(&b2, t)?);
    check_finite(OP, &a)?;
    with_float!(t, F => lstsq_imp::<F>(&a, &b2, rcond, vector))
}

fn lstsq_imp<F: Float>(a: &Array, b: &Array, rcond: Option<f64>, vector: bool) -> Result<Lstsq> {
    let (sa, sb) = (Stack::new(a), Stack::new(b));
    let (m, n, nrhs) = (sa.rows, sa.cols, sb.cols);
    let k = m.min(n);
    let rcond = rcond.unwrap_or(F::EPS * m.max(n) as f64);
    let (ma, mb) = (sa.mat::<F>(0), sb.mat::<F>(0));
    let (x, s, rank) = if k == 0 {
        (Mat::<F>::zeros(n, nrhs), Vec::new(), 0)
    } else {
        let (u, s, v) = thin("lstsq", ma)?;
        let cutoff = rcond * s[0].to_f64();
        let rank = s.iter().filter(|v| v.to_f64() > cutoff).count();
        let w: Vec<F> = s[..rank]
            .iter()
            .map(|&v| F::from_f64(1.0 / v.to_f64()))
            .collect();
        let mut x = Mat::<F>::zeros(n, nrhs);
        apply_pinv(&u, &w, &v, Some(mb), x.as_mut());
        (x, s, rank)
    };
    let residuals = if rank == n && m > n {
        let mut r = mb.to_owned();
        if n > 0 {
            matmul(
                r.as_mut(),
                Accum::Add,
                ma,
                x.as_ref(),
                F::from_f64(-1.0),
                par(m),
            );
        }
        let sums: Vec<F> = (0..nrhs)
            .map(|c| F::from_f64((0..m).map(|i| r[(i, c)].to_f64().powi(2)).sum()))
            .collect();
        let len = sums.len();
        Array::from_vec(sums, &[len])?
    } else {
        Array::zeros(&[0], F::DTYPE)
    };
    let mut xo = Out::<F>::new(&[], &[n, nrhs])?;
    xo.mat(0).copy_from(x.as_ref());
    let mut xa = xo.finish()?;
    if vector {
        xa = xa.squeeze(Some(&[-1]))?;
    }
    let slen = s.len();
    Ok(Lstsq {
        x: xa,
        residuals,
        rank,
        s: Array::from_vec(s, &[slen])?,
    })
}

/// The Moore–Penrose pseudo-inverse of each matrix of a stack (`np.linalg.pinv`): from the
/// thin SVD, with singular values at or below `rcond · max(s)` treated as zero (`rcond`
/// defaults to NumPy's `1e-15`). The result is `(..., N, M)`.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NoConvergence`] for NaN or infinity.
///
/// ```
/// use numfuse::prelude::*;
/// let p = numfuse::linalg::pinv(&array![[2.0, 0.0], [0.0, 0.0]], None)?;
/// assert_eq!(p.to_vec::<f64>()?, vec![0.5, 0.0, 0.0, 0.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn pinv(a: &Array, rcond: Option<f64>) -> Result<Array> {
    const OP: &str = "pinv";
    check_2d(OP, a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    check_finite(OP, &a)?;
    let rcond = rcond.unwrap_or(1e-15);
    with_float!(t, F => {
        let s = Stack::new(&a);
        let (m, n) = (s.rows, s.cols);
        let mut out = Out::<F>::new(&s.batch, &[n, m])?;
        for i in 0..s.len() {
            if m.min(n) == 0 {
                continue;
            }
            let (u, sv, v) = thin(OP, s.mat::<F>(i))?;
            let cutoff = rcond * sv[0].to_f64();
            let w: Vec<F> = sv
                .iter()
                .map(|&x| {
                    let x = x.to_f64();
                    F::from_f64(if x > cutoff { 1.0 / x } else { 0.0 })
                })
                .collect();
            apply_pinv(&u, &w, &v, None, out.mat(i));
        }
        out.finish()
    })
}

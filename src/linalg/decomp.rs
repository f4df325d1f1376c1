//! Matrix decompositions and solvers (`numpy.linalg`), on `faer`: `solve`, `inv`, `det`,
//! `slogdet` (LU with partial pivoting), `cholesky`, `qr` and `matrix_power`.
//!
//! Every function takes a stack `(..., M, M)` (or `(..., M, N)`) and loops over the leading
//! axes, as NumPy's gufuncs do. Bool and integer inputs compute in `float64`, `float32` stays
//! `float32`. A matrix is singular, for `solve` and `inv`, exactly where LAPACK's `getrf` says
//! so: an exact zero pivot in the LU factorization.

use super::stack::{Float, Out, Stack, as_float, check_2d, check_square, common_float, par};
use super::stack::{broadcast_batch, with_float};
use crate::array::Element as _;
use crate::{Array, DType, Error, Result};
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::lu::partial_pivoting::{factor, inverse, solve as lu_solve};
use faer::perm::PermRef;
use faer::{Mat, MatRef};

/// An LU factorization with partial pivoting, `P A = L U` (L and U share `lu`).
pub(crate) struct Lu<F> {
    lu: Mat<F>,
    fwd: Vec<usize>,
    bwd: Vec<usize>,
    transpositions: usize,
}

impl<F: Float> Lu<F> {
    /// Factors a square matrix (a working copy; `a` is not changed).
    pub fn new(a: MatRef<'_, F>) -> Lu<F> {
        let n = a.nrows();
        let mut lu = a.to_owned();
        let p = par(n);
        let (mut fwd, mut bwd) = (vec![0usize; n], vec![0usize; n]);
        let mut mem = MemBuffer::new(factor::lu_in_place_scratch::<usize, F>(
            n,
            n,
            p,
            Default::default(),
        ));
        let (info, _) = factor::lu_in_place(
            lu.as_mut(),
            &mut fwd,
            &mut bwd,
            p,
            MemStack::new(&mut mem),
            Default::default(),
        );
        Lu {
            lu,
            fwd,
            bwd,
            transpositions: info.transposition_count,
        }
    }

    fn n(&self) -> usize {
        self.lu.nrows()
    }

    fn perm(&self) -> PermRef<'_, usize> {
        PermRef::new_checked(&self.fwd, &self.bwd, self.n())
    }

    /// True when a pivot is exactly zero (LAPACK's `info > 0`).
    pub fn singular(&self) -> bool {
        (0..self.n()).any(|i| self.lu[(i, i)] == F::from_f64(0.0))
    }

    /// `(sign, log|det|)` as NumPy's `slogdet` computes them from the factors.
    pub fn slogdet(&self) -> (f64, f64) {
        if self.singular() {
            return (0.0, f64::NEG_INFINITY);
        }
        let mut sign = if self.transpositions % 2 == 1 {
            -1.0
        } else {
            1.0
        };
        let mut logdet = 0.0;
        for i in 0..self.n() {
            let u = self.lu[(i, i)].to_f64();
            if u < 0.0 {
                sign = -sign;
            }
            logdet += u.abs().ln();
        }
        (sign, logdet)
    }

    /// Solves `A x = rhs` in place.
    pub fn solve_in_place(&self, rhs: faer::MatMut<'_, F>) {
        let n = self.n();
        let p = par(n);
        let mut mem = MemBuffer::new(lu_solve::solve_in_place_scratch::<usize, F>(
            n,
            rhs.ncols(),
            p,
        ));
        lu_solve::solve_in_place(
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            rhs,
            p,
            MemStack::new(&mut mem),
        );
    }

    /// `A⁻¹` into `out`.
    pub fn inverse_into(&self, out: faer::MatMut<'_, F>) {
        let n = self.n();
        let p = par(n);
        let mut mem = MemBuffer::new(inverse::inverse_scratch::<usize, F>(n, p));
        inverse::inverse(
            out,
            self.lu.as_ref(),
            self.lu.as_ref(),
            self.perm(),
            p,
            MemStack::new(&mut mem),
        );
    }
}

/// Solves `a @ x = b` for `x` (`np.linalg.solve`), for each matrix of a stack.
///
/// `a` is `(..., M, M)`. With NumPy 2's rule, `b` is a vector only when it has one axis: then
/// `b` is `(M,)` and `x` is `(..., M)`; otherwise `b` is `(..., M, K)`, the batch axes of `a`
/// and `b` broadcast, and `x` is `(batch..., M, K)`. A matrix factored once serves every
/// right-hand side broadcast against it.
///
/// # Errors
/// [`Error::Shape`] when `a` has fewer than two axes, `b` is 0-d or its length differs from `M`;
/// [`Error::NotSquare`]; [`Error::Broadcast`] when the batch axes do not broadcast;
/// [`Error::Singular`] for an exact zero pivot.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::solve;
/// let a = array![[3.0, 1.0], [1.0, 2.0]];
/// let x = solve(&a, &array![9.0, 8.0])?;
/// assert_eq!(x.to_vec::<f64>()?, vec![2.0, 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn solve(a: &Array, b: &Array) -> Result<Array> {
    const OP: &str = "solve";
    let n = check_square(OP, a)?;
    let vector = b.ndim() == 1;
    if b.ndim() == 0 {
        return Err(Error::Shape {
            op: OP,
            msg: "Input operand 1 does not have enough dimensions".into(),
        });
    }
    let b2 = if vector {
        b.expand_dims(-1)?
    } else {
        b.clone()
    };
    let (m2, k) = (b2.shape()[b2.ndim() - 2], b2.shape()[b2.ndim() - 1]);
    if m2 != n {
        let sig = if vector {
            "(m,m),(m)->(m)"
        } else {
            "(m,m),(m,n)->(m,n)"
        };
        return Err(Error::Shape {
            op: OP,
            msg: format!(
                "Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \
                 {sig} (size {m2} is different from {n})"
            ),
        });
    }
    let batch = if vector {
        a.shape()[..a.ndim() - 2].to_vec()
    } else {
        broadcast_batch(OP, a, &b2, 2, 2)?
    };
    let t = common_float(&[a, b]);
    let full = |core: [usize; 2]| -> Vec<usize> {
        let mut s = batch.clone();
        s.extend(core);
        s
    };
    let a3 = as_float(a, t)?.broadcast_to(&full([n, n]))?;
    let b3 = as_float(&b2, t)?.broadcast_to(&full([n, k]))?;
    let x = with_float!(t, F => solve_stack::<F>(&a3, &b3, &batch, [n, k])?);
    if vector {
        x.squeeze(Some(&[-1]))
    } else {
        Ok(x)
    }
}

fn solve_stack<F: Float>(a: &Array, b: &Array, batch: &[usize], nk: [usize; 2]) -> Result<Array> {
    let (sa, sb) = (Stack::new(a), Stack::new(b));
    let mut out = Out::<F>::new(batch, &nk)?;
    let mut cached: Option<(isize, Lu<F>)> = None;
    for i in 0..sa.len() {
        if cached.as_ref().is_none_or(|(off, _)| *off != sa.offset(i)) {
            let lu = Lu::new(sa.mat::<F>(i));
            if lu.singular() {
                return Err(Error::Singular { op: "solve" });
            }
            cached = Some((sa.offset(i), lu));
        }
        let (_, lu) = cached.as_ref().expect("set above");
        let mut x = out.mat(i);
        x.copy_from(sb.mat::<F>(i));
        if nk[0] > 0 && nk[1] > 0 {
            lu.solve_in_place(x);
        }
    }
    out.finish()
}

/// The inverse of each matrix of a stack (`np.linalg.inv`).
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`], [`Error::Singular`] for an
/// exact zero pivot.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[2.0, 0.0], [0.0, 4.0]];
/// assert_eq!(numfuse::linalg::inv(&a)?.to_vec::<f64>()?, vec![0.5, 0.0, 0.0, 0.25]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn inv(a: &Array) -> Result<Array> {
    let n = check_square("inv", a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    with_float!(t, F => inv_stack::<F>(&a, n, false)?.ok_or(Error::Singular { op: "inv" }))
}

/// The inverses of a float stack; a singular matrix gives `None`, or with `nan_if_singular`
/// a matrix of NaN (what NumPy's `inv` ufunc writes when errors are ignored, as in `cond`).
pub(crate) fn inv_stack<F: Float>(
    a: &Array,
    n: usize,
    nan_if_singular: bool,
) -> Result<Option<Array>> {
    let s = Stack::new(a);
    let mut out = Out::<F>::new(&s.batch, &[n, n])?;
    let mut tmp = Mat::<F>::zeros(n, n);
    for i in 0..s.len() {
        if n == 0 {
            continue;
        }
        let lu = Lu::new(s.mat::<F>(i));
        if lu.singular() {
            if !nan_if_singular {
                return Ok(None);
            }
            out.mat(i).fill(F::from_f64(f64::NAN));
            continue;
        }
        lu.inverse_into(tmp.as_mut());
        out.mat(i).copy_from(tmp.as_ref());
    }
    out.finish().map(Some)
}

/// The determinant of each matrix of a stack (`np.linalg.det`), computed as NumPy does:
/// `sign * exp(logabsdet)` from the LU factors (so a singular matrix gives exactly 0).
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`].
///
/// ```
/// use numfuse::prelude::*;
/// let d = numfuse::linalg::det(&array![[2.0, 1.0], [1.0, 3.0]])?;
/// assert!((d.to_vec::<f64>()?[0] - 5.0).abs() < 1e-12);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn det(a: &Array) -> Result<Array> {
    let (sign, logdet) = slogdet_imp("det", a)?;
    let t = sign.dtype();
    with_float!(t, F => {
        let (s, l) = (sign.to_vec::<F>()?, logdet.to_vec::<F>()?);
        let v: Vec<F> = s
            .iter()
            .zip(&l)
            .map(|(&s, &l)| F::from_f64(s.to_f64() * l.to_f64().exp()))
            .collect();
        Array::from_vec(v, sign.shape())
    })
}

/// The sign and the natural log of the absolute value of the determinant of each matrix of a
/// stack (`np.linalg.slogdet`): `(sign, logabsdet)`, with sign 0 and `-inf` for a singular
/// matrix.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`].
///
/// ```
/// use numfuse::prelude::*;
/// let (sign, logdet) = numfuse::linalg::slogdet(&array![[0.0, 2.0], [3.0, 0.0]])?;
/// assert_eq!(sign.to_vec::<f64>()?, vec![-1.0]);
/// assert!((logdet.to_vec::<f64>()?[0] - 6f64.ln()).abs() < 1e-12);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn slogdet(a: &Array) -> Result<(Array, Array)> {
    slogdet_imp("slogdet", a)
}

fn slogdet_imp(op: &'static str, a: &Array) -> Result<(Array, Array)> {
    check_square(op, a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    with_float!(t, F => {
        let s = Stack::new(&a);
        let (mut sign, mut logdet) = (Out::<F>::new(&s.batch, &[])?, Out::<F>::new(&s.batch, &[])?);
        for i in 0..s.len() {
            let (sg, ld) = if s.rows == 0 { (1.0, 0.0) } else { Lu::new(s.mat::<F>(i)).slogdet() };
            sign.slot(i)[0] = F::from_f64(sg);
            logdet.slot(i)[0] = F::from_f64(ld);
        }
        Ok((sign.finish()?, logdet.finish()?))
    })
}

/// The lower Cholesky factor `L` of each matrix of a stack, `a = L Lᵀ`
/// (`np.linalg.cholesky`); only the lower triangle of `a` is read, as LAPACK's `potrf('L')`.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`],
/// [`Error::NotPositiveDefinite`] when a pivot is not positive (or is NaN).
///
/// ```
/// use numfuse::prelude::*;
/// let l = numfuse::linalg::cholesky(&array![[4.0, 2.0], [2.0, 2.0]])?;
/// assert_eq!(l.to_vec::<f64>()?, vec![2.0, 0.0, 1.0, 1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn cholesky(a: &Array) -> Result<Array> {
    const OP: &str = "cholesky";
    let n = check_square(OP, a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    with_float!(t, F => {
        let s = Stack::new(&a);
        let mut out = Out::<F>::new(&s.batch, &[n, n])?;
        for i in 0..s.len() {
            if n == 0 {
                continue;
            }
            let llt = faer::linalg::solvers::Llt::new(s.mat::<F>(i), faer::Side::Lower)
                .map_err(|_| Error::NotPositiveDefinite { op: OP })?;
            out.mat(i).copy_from(llt.L());
        }
        out.finish()
    })
}

/// What [`qr`] returns (NumPy's `mode=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum QrMode {
    /// `Q` is `(..., M, K)` and `R` is `(..., K, N)`, `K = min(M, N)` (NumPy's default).
    #[default]
    Reduced,
    /// `Q` is `(..., M, M)` and `R` is `(..., M, N)`.
    Complete,
    /// Only `R`, `(..., K, N)` (`q` is `None`).
    R,
}

/// The result of [`qr`]: `a = q @ r` with orthonormal columns in `q` and `r` upper triangular.
#[derive(Clone, Debug)]
pub struct Qr {
    /// `Q`; `None` for [`QrMode::R`].
    pub q: Option<Array>,
    /// `R`.
    pub r: Array,
}

/// The QR factorization of each matrix of a stack (`np.linalg.qr`), by Householder
/// reflections. The signs of the rows of `R` (and columns of `Q`) may differ from LAPACK's.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{QrMode, qr};
/// let a = array![[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]];
/// let f = qr(&a, QrMode::Reduced)?;
/// assert_eq!(f.q.as_ref().unwrap().shape(), &[3, 2]);
/// assert_eq!(f.r.shape(), &[2, 2]);
/// let back = f.q.unwrap().matmul(&f.r)?;
/// assert!(numfuse::testing::allclose(&back, &a, 1e-12, 1e-12, false)?);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn qr(a: &Array, mode: QrMode) -> Result<Qr> {
    check_2d("qr", a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    with_float!(t, F => qr_stack::<F>(&a, mode))
}

fn qr_stack<F: Float>(a: &Array, mode: QrMode) -> Result<Qr> {
    let s = Stack::new(a);
    let (m, n) = (s.rows, s.cols);
    let k = m.min(n);
    let (qc, rr) = match mode {
        QrMode::Complete => (m, m),
        _ => (k, k),
    };
    let mut q = Out::<F>::new(&s.batch, &[m, qc])?;
    let mut r = Out::<F>::new(&s.batch, &[rr, n])?;
    for i in 0..s.len() {
        if k == 0 {
            // Complete mode of an empty factorization: Q is the identity.
            let mut qi = q.mat(i);
            for d in 0..m.min(qc) {
                qi[(d, d)] = F::from_f64(1.0);
            }
            continue;
        }
        let f = faer::linalg::solvers::Qr::new(s.mat::<F>(i));
        let thin_r = f.thin_R();
        r.mat(i).subrows_mut(0, k).copy_from(thin_r);
        if mode != QrMode::R {
            let qm = if mode == QrMode::Complete {
                f.compute_Q()
            } else {
                f.compute_thin_Q()
            };
            q.mat(i).copy_from(qm.as_ref());
        }
    }
    Ok(Qr {
        q: if mode == QrMode::R {
            None
        } else {
            Some(q.finish()?)
        },
        r: r.finish()?,
    })
}

/// `a` raised to the integer power `n` for each matrix of a stack (`np.linalg.matrix_power`):
/// the identity for `n == 0` (in `a`'s dtype), repeated products by binary decomposition, as
/// NumPy orders them, for `n > 0` (integers stay integers, exact with wrapping), and powers of
/// [`inv`]`(a)` for `n < 0`.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`], [`Error::Singular`] for a
/// negative power of a singular matrix.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1i64, 1], [1, 0]];
/// let f = numfuse::linalg::matrix_power(&a, 10)?;
/// assert_eq!(f.to_vec::<i64>()?, vec![89, 55, 55, 34]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn matrix_power(a: &Array, n: i64) -> Result<Array> {
    let m = check_square("matrix_power", a)?;
    if n == 0 {
        let eye = Array::eye(m, None, 0, a.dtype());
        return eye.broadcast_to(a.shape())?.try_copy_order(crate::Order::C);
    }
    let base = if n < 0 { inv(a)? } else { a.clone() };
    let mut e = n.unsigned_abs();
    if e == 1 {
        return base.try_copy_order(crate::Order::C);
    }
    // NumPy's order: bits from the least significant, z = a^(2^i), result *= z.
    let mut z: Option<Array> = None;
    let mut result: Option<Array> = None;
    while e > 0 {
        let zi = match z {
            None => base.clone(),
            Some(ref zz) => super::matmul(zz, zz)?,
        };
        if e & 1 == 1 {
            result = Some(match result {
                None => zi.clone(),
                Some(r) => super::matmul(&r, &zi)?,
            });
        }
        z = Some(zi);
        e >>= 1;
    }
    let r = result.expect("n != 0 has a set bit");
    if r.dtype() == DType::Bool || r.is_c_contiguous() {
        Ok(r)
    } else {
        r.try_copy_order(crate::Order::C)
    }
}

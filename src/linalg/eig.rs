//! Eigenvalues and eigenvectors: `eigh`/`eigvalsh` for symmetric matrices and `eig`/`eigvals`
//! for general real matrices, on faer's self-adjoint and real Schur decompositions.
//!
//! numfuse has no complex dtype, so `eig` returns the real and imaginary parts as separate
//! arrays ([`ComplexParts`]). NumPy returns a real array when every eigenvalue of the input is
//! real; [`ComplexParts::real`] and [`Eig::real`] give that array (and `None` otherwise).

use super::stack::with_float;
use super::stack::{Float, Out, Stack, as_float, check_finite, check_square, common_float, par};
use crate::array::Element as _;
use crate::{Array, Error, Result};
use faer::diag::Diag;
use faer::dyn_stack::{MemBuffer, MemStack};
use faer::linalg::evd::{self, ComputeEigenvectors};
use faer::linalg::solvers::SelfAdjointEigen;
use faer::{Mat, Side};

/// Which triangle of a symmetric matrix [`eigh`] and [`eigvalsh`] read (NumPy's `UPLO=`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Uplo {
    /// The lower triangle (NumPy's default, `'L'`).
    #[default]
    L,
    /// The upper triangle (`'U'`).
    U,
}

impl Uplo {
    fn side(self) -> Side {
        match self {
            Uplo::L => Side::Lower,
            Uplo::U => Side::Upper,
        }
    }
}

/// The eigenvalues (ascending) and orthonormal eigenvectors (columns) of each symmetric matrix
/// of a stack (`np.linalg.eigh`): `(w, v)` with `a @ v[..., :, i] = w[..., i] * v[..., :, i]`.
/// Only the triangle `uplo` of `a` is read. Each eigenvector is defined up to its sign.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`], [`Error::NoConvergence`]
/// when the input holds NaN or infinity or the iteration does not converge.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{Uplo, eigh};
/// let (w, v) = eigh(&array![[2.0, 1.0], [1.0, 2.0]], Uplo::L)?;
/// let w = w.to_vec::<f64>()?;
/// assert!((w[0] - 1.0).abs() < 1e-12 && (w[1] - 3.0).abs() < 1e-12);
/// assert_eq!(v.shape(), &[2, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn eigh(a: &Array, uplo: Uplo) -> Result<(Array, Array)> {
    let (w, v) = eigh_imp("eigh", a, uplo, true)?;
    Ok((w, v.expect("vectors requested")))
}

/// The eigenvalues, ascending, of each symmetric matrix of a stack (`np.linalg.eigvalsh`).
///
/// # Errors
/// As [`eigh`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{Uplo, eigvalsh};
/// let w = eigvalsh(&array![[2.0, 0.0], [0.0, -1.0]], Uplo::L)?;
/// assert_eq!(w.to_vec::<f64>()?, vec![-1.0, 2.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn eigvalsh(a: &Array, uplo: Uplo) -> Result<Array> {
    Ok(eigh_imp("eigvalsh", a, uplo, false)?.0)
}

fn eigh_imp(
    op: &'static str,
    a: &Array,
    uplo: Uplo,
    vectors: bool,
) -> Result<(Array, Option<Array>)> {
    let n = check_square(op, a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    check_finite(op, &a)?;
    with_float!(t, F => {
        let s = Stack::new(&a);
        let mut w = Out::<F>::new(&s.batch, &[n])?;
        let vshape = if vectors { [n, n] } else { [0, 0] };
        let mut v = Out::<F>::new(&s.batch, &vshape)?;
        for i in 0..s.len() {
            if n == 0 {
                continue;
            }
            let m = s.mat::<F>(i);
            if vectors {
                let e = SelfAdjointEigen::new(m, uplo.side())
                    .map_err(|_| Error::NoConvergence { op })?;
                for (dst, src) in w.slot(i).iter_mut().zip(e.S().column_vector().iter()) {
                    *dst = *src;
                }
                v.mat(i).copy_from(e.U());
            } else {
                let vals = m
                    .self_adjoint_eigenvalues(uplo.side())
                    .map_err(|_| Error::NoConvergence { op })?;
                w.slot(i).copy_from_slice(&vals);
            }
        }
        Ok((w.finish()?, if vectors { Some(v.finish()?) } else { None }))
    })
}

/// An array of complex numbers as two real arrays of the same shape and dtype.
#[derive(Clone, Debug)]
pub struct ComplexParts {
    /// The real parts.
    pub re: Array,
    /// The imaginary parts.
    pub im: Array,
}

impl ComplexParts {
    /// True when every imaginary part is zero.
    pub fn is_real(&self) -> bool {
        with_float!(self.im.dtype(), F => self
            .im
            .to_vec::<F>()
            .map(|v| v.iter().all(|&x| x == F::from_f64(0.0)))
            .unwrap_or(false))
    }

    /// The real parts when every imaginary part is zero (NumPy then returns a real array),
    /// else `None`.
    pub fn real(&self) -> Option<&Array> {
        self.is_real().then_some(&self.re)
    }
}

/// The result of [`eig`]: `a @ v[..., :, i] = w[..., i] * v[..., :, i]` in complex arithmetic,
/// with `w = values.re + i·values.im` and `v = vectors.re + i·vectors.im`.
#[derive(Clone, Debug)]
pub struct Eig {
    /// The eigenvalues, `(..., M)`; complex ones come in conjugate pairs, the one with positive
    /// imaginary part first, as LAPACK's `geev` returns them.
    pub values: ComplexParts,
    /// The eigenvectors as columns, `(..., M, M)`, each of unit Euclidean norm with its largest
    /// component real (LAPACK's normalisation); a real eigenvector is defined up to sign.
    pub vectors: ComplexParts,
}

impl Eig {
    /// `(values, vectors)` as real arrays when every eigenvalue is real (what NumPy returns
    /// then), else `None`.
    pub fn real(&self) -> Option<(&Array, &Array)> {
        self.values
            .is_real()
            .then_some((&self.values.re, &self.vectors.re))
    }
}

/// The eigenvalues and right eigenvectors of each (general, real) matrix of a stack
/// (`np.linalg.eig`). The order of the eigenvalues is that of faer's Schur form, which need
/// not be LAPACK's.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`], [`Error::Value`] when the
/// input holds NaN or infinity (NumPy's "Array must not contain infs or NaNs"),
/// [`Error::NoConvergence`].
///
/// ```
/// use numfuse::prelude::*;
/// // A rotation by 90 degrees: eigenvalues ±i.
/// let e = numfuse::linalg::eig(&array![[0.0, -1.0], [1.0, 0.0]])?;
/// assert!(e.real().is_none());
/// let mut im = e.values.im.to_vec::<f64>()?;
/// im.sort_by(f64::total_cmp);
/// assert!((im[0] + 1.0).abs() < 1e-12 && (im[1] - 1.0).abs() < 1e-12);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn eig(a: &Array) -> Result<Eig> {
    let (values, vectors) = eig_imp("eig", a, true)?;
    Ok(Eig {
        values,
        vectors: vectors.expect("vectors requested"),
    })
}

/// The eigenvalues of each (general, real) matrix of a stack (`np.linalg.eigvals`).
///
/// # Errors
/// As [`eig`].
///
/// ```
/// use numfuse::prelude::*;
/// let w = numfuse::linalg::eigvals(&array![[2.0, 0.0], [0.0, 3.0]])?;
/// let mut re = w.real().expect("real eigenvalues").to_vec::<f64>()?;
/// re.sort_by(f64::total_cmp);
/// assert_eq!(re, vec![2.0, 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn eigvals(a: &Array) -> Result<ComplexParts> {
    Ok(eig_imp("eigvals", a, false)?.0)
}

type EigParts = (ComplexParts, Option<ComplexParts>);

fn eig_imp(op: &'static str, a: &Array, vectors: bool) -> Result<EigParts> {
    let n = check_square(op, a)?;
    let t = common_float(&[a]);
    let a = as_float(a, t)?;
    if check_finite(op, &a).is_err() {
        return Err(Error::Value {
            op,
            msg: "Array must not contain infs or NaNs".into(),
        });
    }
    with_float!(t, F => eig_stack::<F>(op, &a, n, vectors))
}

fn eig_stack<F: Float>(op: &'static str, a: &Array, n: usize, vectors: bool) -> Result<EigParts> {
    let s = Stack::new(a);
    let vshape: &[usize] = if vectors { &[n, n] } else { &[0, 0] };
    let (mut wr, mut wi) = (
        Out::<F>::new(&s.batch, &[n])?,
        Out::<F>::new(&s.batch, &[n])?,
    );
    let (mut vr, mut vi) = (
        Out::<F>::new(&s.batch, vshape)?,
        Out::<F>::new(&s.batch, vshape)?,
    );
    let p = par(n);
    let want = if vectors {
        ComputeEigenvectors::Yes
    } else {
        ComputeEigenvectors::No
    };
    for i in 0..s.len() {
        if n == 0 {
            continue;
        }
        let mut u = Mat::<F>::zeros(if vectors { n } else { 0 }, if vectors { n } else { 0 });
        let (mut re, mut im) = (Diag::<F>::zeros(n), Diag::<F>::zeros(n));
        let mut mem = MemBuffer::new(evd::evd_scratch::<F>(
            n,
            ComputeEigenvectors::No,
            want,
            p,
            Default::default(),
        ));
        evd::evd_real(
            s.mat::<F>(i),
            re.as_mut(),
            im.as_mut(),
            None,
            if vectors { Some(u.as_mut()) } else { None },
            p,
            MemStack::new(&mut mem),
            Default::default(),
        )
        .map_err(|_| Error::NoConvergence { op })?;
        let (re, im) = (re.column_vector(), im.column_vector());
        let mut j = 0;
        while j < n {
            let (x, y) = (re[j], im[j]);
            if y == F::from_f64(0.0) || j + 1 == n {
                wr.slot(i)[j] = x;
                wi.slot(i)[j] = y;
                if vectors {
                    normalise_real(vr.mat(i), &u, j);
                }
                j += 1;
                continue;
            }
            // A conjugate pair: columns j and j+1 of `u` hold the real and imaginary parts of
            // the eigenvector of re[j] + i·im[j]. LAPACK puts the positive imaginary part first.
            let y = if y < F::from_f64(0.0) { -y } else { y };
            let flip = im[j] < F::from_f64(0.0);
            wr.slot(i)[j] = x;
            wr.slot(i)[j + 1] = x;
            wi.slot(i)[j] = y;
            wi.slot(i)[j + 1] = -y;
            if vectors {
                normalise_pair(&mut vr, &mut vi, i, &u, j, flip);
            }
            j += 2;
        }
    }
    let values = ComplexParts {
        re: wr.finish()?,
        im: wi.finish()?,
    };
    let vectors = if vectors {
        Some(ComplexParts {
            re: vr.finish()?,
            im: vi.finish()?,
        })
    } else {
        None
    };
    Ok((values, vectors))
}

/// Column `j` of `u`, scaled to unit norm, into column `j` of `out`.
fn normalise_real<F: Float>(mut out: faer::MatMut<'_, F>, u: &Mat<F>, j: usize) {
    let n = u.nrows();
    let norm = (0..n)
        .map(|r| u[(r, j)].to_f64().powi(2))
        .sum::<f64>()
        .sqrt();
    let scale = if norm > 0.0 { 1.0 / norm } else { 1.0 };
    for r in 0..n {
        out[(r, j)] = F::from_f64(u[(r, j)].to_f64() * scale);
    }
}

/// The eigenvector `u[:, j] + i·u[:, j+1]` (conjugated when `flip`) and its conjugate, scaled
/// to unit norm and rotated so that its largest component is real (LAPACK `geev`), into
/// columns `j` and `j + 1` of result `i`.
fn normalise_pair<F: Float>(
    vr: &mut Out<F>,
    vi: &mut Out<F>,
    i: usize,
    u: &Mat<F>,
    j: usize,
    flip: bool,
) {
    let n = u.nrows();
    let sgn = if flip { -1.0 } else { 1.0 };
    let z: Vec<(f64, f64)> = (0..n)
        .map(|r| (u[(r, j)].to_f64(), sgn * u[(r, j + 1)].to_f64()))
        .collect();
    let norm = z.iter().map(|(a, b)| a * a + b * b).sum::<f64>().sqrt();
    let k = (0..n)
        .max_by(|&p, &q| {
            let m = |(a, b): (f64, f64)| a * a + b * b;
            m(z[p]).total_cmp(&m(z[q]))
        })
        .unwrap_or(0);
    let (ka, kb) = z[k];
    let r = (ka * ka + kb * kb).sqrt();
    // Multiply by conj(z_k)/|z_k| / norm.
    let (c, s) = if r > 0.0 {
        (ka / r, -kb / r)
    } else {
        (1.0, 0.0)
    };
    let scale = if norm > 0.0 { 1.0 / norm } else { 1.0 };
    let (mut re, mut im) = (vr.mat(i), vi.mat(i));
    for (row, &(a, b)) in z.iter().enumerate() {
        let (x, y) = ((a * c - b * s) * scale, (a * s + b * c) * scale);
        let y = if row == k { 0.0 } else { y };
        re[(row, j)] = F::from_f64(x);
        re[(row, j + 1)] = F::from_f64(x);
        im[(row, j)] = F::from_f64(y);
        im[(row, j + 1)] = F::from_f64(-y);
    }
}

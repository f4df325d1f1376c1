//! Vector and matrix norms (`norm`), condition numbers (`cond`) and `matrix_rank`, with
//! NumPy's definitions: vector norms are reductions over one axis, matrix norms over a pair
//! of axes (the 2-norm, its inverse and the nuclear norm through the singular values).

use super::stack::{Float, as_float, check_2d, check_square, common_float, with_float};
use super::svd::svdvals;
use crate::{Array, Axes, DType, Error, Result};

/// The order of a norm (NumPy's `ord=`).
///
/// | `NormOrd` | vectors | matrices |
/// |---|---|---|
/// | `Default` | 2-norm | Frobenius |
/// | `Fro` | — | Frobenius |
/// | `Nuc` | — | sum of singular values |
/// | `Inf` | `max(abs(x))` | `max(sum(abs(x), axis=1))` |
/// | `NegInf` | `min(abs(x))` | `min(sum(abs(x), axis=1))` |
/// | `P(0.0)` | `sum(x != 0)` | — |
/// | `P(1.0)` | `sum(abs(x))` | `max(sum(abs(x), axis=0))` |
/// | `P(-1.0)` | `sum(abs(x)**-1)**-1` | `min(sum(abs(x), axis=0))` |
/// | `P(2.0)` | 2-norm | largest singular value |
/// | `P(-2.0)` | `sum(abs(x)**-2)**-0.5` | smallest singular value |
/// | `P(p)` | `sum(abs(x)**p)**(1/p)` | — |
///
/// `P(f64::INFINITY)` is `Inf` and `P(f64::NEG_INFINITY)` is `NegInf`.
#[derive(Clone, Copy, Debug, PartialEq, Default)]
pub enum NormOrd {
    /// NumPy's `ord=None`.
    #[default]
    Default,
    /// `'fro'`.
    Fro,
    /// `'nuc'`.
    Nuc,
    /// `inf`.
    Inf,
    /// `-inf`.
    NegInf,
    /// A number.
    P(f64),
}

impl NormOrd {
    fn canonical(self) -> NormOrd {
        match self {
            NormOrd::P(p) if p == f64::INFINITY => NormOrd::Inf,
            NormOrd::P(p) if p == f64::NEG_INFINITY => NormOrd::NegInf,
            o => o,
        }
    }
}

/// A vector or matrix norm (`np.linalg.norm`).
///
/// With `axis == None`: a 1-D `x` gets a vector norm, a 2-D `x` a matrix norm, and with
/// `NormOrd::Default` any `x` gets the 2-norm of all its elements. One axis gives vector norms
/// along it, two axes matrix norms over them. With `keepdims` the normed axes stay with length
/// 1. Bool and integer inputs compute in `float64`; `float32` stays `float32`.
///
/// # Errors
/// [`Error::Value`] for an order that does not apply (`Fro` for vectors, `P(3.0)` for
/// matrices), duplicate axes, or more than two axes; [`Error::AxisOutOfRange`];
/// [`Error::NoConvergence`] when a singular-value norm meets NaN or infinity.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{NormOrd, norm};
/// let x = array![[3.0, 4.0], [6.0, 8.0]];
/// let rows = norm(&x, NormOrd::Default, Some(&[1]), true)?;   // np.linalg.norm(X, axis=1, keepdims=True)
/// assert_eq!(rows.shape(), &[2, 1]);
/// assert_eq!(rows.to_vec::<f64>()?, vec![5.0, 10.0]);
/// let one = norm(&x, NormOrd::P(1.0), None, false)?;           // max column sum
/// assert_eq!(one.to_vec::<f64>()?, vec![12.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn norm(x: &Array, ord: NormOrd, axis: Option<&[isize]>, keepdims: bool) -> Result<Array> {
    const OP: &str = "norm";
    let ord = ord.canonical();
    let x = if x.dtype().is_float() {
        x.clone()
    } else {
        x.astype_casting(DType::F64, crate::Casting::Unsafe)?
    };
    let nd = x.ndim();
    if axis.is_none()
        && (ord == NormOrd::Default
            || (ord == NormOrd::Fro && nd == 2)
            || (ord == NormOrd::P(2.0) && nd == 1))
    {
        let r = x.square()?.sum(None)?.sqrt()?;
        return if keepdims {
            r.reshape(&vec![1; nd])
        } else {
            Ok(r)
        };
    }
    let all: Vec<isize> = (0..nd as isize).collect();
    let axes = axis.unwrap_or(&all);
    match *axes {
        [a] => vector_norm(&x, ord, a, keepdims),
        [r, c] => {
            let (r, c) = (
                crate::error::normalize_axis(r, nd)?,
                crate::error::normalize_axis(c, nd)?,
            );
            if r == c {
                return Err(Error::Value {
                    op: OP,
                    msg: "Duplicate axes given.".into(),
                });
            }
            let out = matrix_norm(&x, ord, r, c)?;
            if keepdims {
                let mut shape: Vec<isize> = x.shape().iter().map(|&d| d as isize).collect();
                shape[r] = 1;
                shape[c] = 1;
                out.reshape(&shape)
            } else {
                Ok(out)
            }
        }
        _ => Err(Error::Value {
            op: OP,
            msg: "Improper number of dimensions to norm.".into(),
        }),
    }
}

/// `max` along `axis` with NumPy's `initial=0` (an empty axis gives 0).
fn max0(a: &Array, axis: isize, keepdims: bool) -> Result<Array> {
    let ax = crate::error::normalize_axis(axis, a.ndim())?;
    let axes = Axes::list(&[axis]).with_keepdims(keepdims);
    if a.shape()[ax] == 0 {
        // The sum of nothing is 0 of the right shape and dtype.
        a.sum(axes)
    } else {
        a.max(axes)
    }
}

fn vector_norm(x: &Array, ord: NormOrd, axis: isize, keepdims: bool) -> Result<Array> {
    let ax = || Axes::list(&[axis]).with_keepdims(keepdims);
    match ord {
        NormOrd::Inf => max0(&x.abs()?, axis, keepdims),
        NormOrd::NegInf => x.abs()?.min(ax()),
        NormOrd::P(0.0) => x.not_equal(0.0)?.astype(x.dtype()).sum(ax()),
        NormOrd::P(1.0) => x.abs()?.sum(ax()),
        NormOrd::Default => x.square()?.sum(ax())?.sqrt(),
        NormOrd::P(2.0) => x.square()?.sum(ax())?.sqrt(),
        NormOrd::Fro | NormOrd::Nuc => Err(Error::Value {
            op: "norm",
            msg: format!(
                "Invalid norm order '{}' for vectors",
                if ord == NormOrd::Fro { "fro" } else { "nuc" }
            ),
        }),
        NormOrd::P(p) => {
            let s = x.abs()?.power(p)?.sum(ax())?;
            s.power(1.0 / p)
        }
    }
}

fn matrix_norm(x: &Array, ord: NormOrd, r: usize, c: usize) -> Result<Array> {
    let (ri, ci) = (r as isize, c as isize);
    match ord {
        NormOrd::P(p) if p == 2.0 || p == -2.0 => {
            let s = svd_last(x, r, c)?;
            if p == 2.0 {
                max0(&s, -1, false)
            } else {
                s.min(-1)
            }
        }
        NormOrd::Nuc => svd_last(x, r, c)?.sum(-1),
        NormOrd::P(p) if p == 1.0 || p == -1.0 => {
            let c2 = if c > r { ci - 1 } else { ci };
            let sums = x.abs()?.sum(ri)?;
            if p == 1.0 {
                max0(&sums, c2, false)
            } else {
                sums.min(c2)
            }
        }
        NormOrd::Inf | NormOrd::NegInf => {
            let r2 = if r > c { ri - 1 } else { ri };
            let sums = x.abs()?.sum(ci)?;
            if ord == NormOrd::Inf {
                max0(&sums, r2, false)
            } else {
                sums.min(r2)
            }
        }
        NormOrd::Default | NormOrd::Fro => x.square()?.sum([ri, ci])?.sqrt(),
        NormOrd::P(_) => Err(Error::Value {
            op: "norm",
            msg: "Invalid norm order for matrices.".into(),
        }),
    }
}

/// The singular values of the matrices over axes `(r, c)`, as `(others..., k)`.
fn svd_last(x: &Array, r: usize, c: usize) -> Result<Array> {
    let mut perm: Vec<isize> = (0..x.ndim())
        .filter(|&i| i != r && i != c)
        .map(|i| i as isize)
        .collect();
    perm.extend([r as isize, c as isize]);
    svdvals(&x.permute_axes(&perm)?).map_err(|e| match e {
        Error::NoConvergence { .. } => Error::NoConvergence { op: "norm" },
        e => e,
    })
}

/// The condition number of each matrix of a stack (`np.linalg.cond`): `‖a‖·‖a⁻¹‖` in the
/// norm `p` (`NormOrd::Default`, `P(2.0)` and `P(-2.0)` from the singular values, which also
/// takes non-square matrices; `Fro`, `Nuc`, `Inf`, `NegInf`, `P(±1.0)` through the inverse).
/// A singular matrix gives `inf` (NaN is kept only where the input has NaN), as NumPy.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::Value`] for empty matrices (NumPy's
/// "cond is not defined on empty arrays") or an order that does not apply to matrices,
/// [`Error::NotSquare`] for the orders that invert, [`Error::NoConvergence`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::linalg::{NormOrd, cond};
/// let c = cond(&array![[2.0, 0.0], [0.0, 0.5]], NormOrd::Default)?;
/// assert!((c.to_vec::<f64>()?[0] - 4.0).abs() < 1e-12);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn cond(x: &Array, p: NormOrd) -> Result<Array> {
    const OP: &str = "cond";
    check_2d(OP, x)?;
    let nd = x.ndim();
    if x.shape()[nd - 2] == 0 || x.shape()[nd - 1] == 0 {
        return Err(Error::Value {
            op: OP,
            msg: "cond is not defined on empty arrays".into(),
        });
    }
    let p = p.canonical();
    let t = common_float(&[x]);
    let xf = as_float(x, t)?;
    let batch = x.shape()[..nd - 2].to_vec();
    let r = match p {
        NormOrd::Default | NormOrd::P(2.0) | NormOrd::P(-2.0) => {
            let s = svdvals(&xf).map_err(|e| match e {
                Error::NoConvergence { .. } => Error::NoConvergence { op: OP },
                e => e,
            })?;
            let inverse = p == NormOrd::P(-2.0);
            with_float!(t, F => {
                let k = s.shape()[s.ndim() - 1];
                let v: Vec<F> = s
                    .to_vec::<F>()?
                    .chunks(k)
                    .map(|row| {
                        let (first, last) = (row[0], row[k - 1]);
                        if inverse { last / first } else { first / last }
                    })
                    .collect();
                Array::from_vec(v, &batch)?
            })
        }
        _ => {
            let n = check_square(OP, &xf)?;
            let inv = with_float!(t, F => super::decomp::inv_stack::<F>(&xf, n, true)?)
                .expect("singular matrices give NaN here");
            let axes: &[isize] = &[-2, -1];
            let nx = norm(&xf, p, Some(axes), false)?;
            // The inverse of a singular matrix is all NaN (NumPy's inv under
            // errstate(all='ignore')); the SVD of that does not converge, in NumPy too.
            let ni = norm(&inv, p, Some(axes), false).map_err(|e| match e {
                Error::NoConvergence { .. } => Error::NoConvergence { op: OP },
                e => e,
            })?;
            nx.try_mul(&ni)?
        }
    };
    // NaN becomes inf unless the matrix itself holds NaN.
    let had_nan = xf.isnan()?.any(Axes::list(&[-2, -1]))?.to_vec::<bool>()?;
    with_float!(t, F => fix_nan::<F>(&r, &had_nan))
}

fn fix_nan<F: Float>(r: &Array, had_nan: &[bool]) -> Result<Array> {
    let mut v = r.to_vec::<F>()?;
    for (x, &bad) in v.iter_mut().zip(had_nan) {
        if x.to_f64().is_nan() && !bad {
            *x = F::from_f64(f64::INFINITY);
        }
    }
    Array::from_vec(v, r.shape())
}

/// The rank of each matrix of a stack (`np.linalg.matrix_rank`): the number of singular
/// values above `tol`, which defaults to `max(s) · max(M, N) · eps` (eps of the computing
/// dtype). For fewer than two axes, 1 unless every element is zero. The result has `int64`
/// dtype and the batch shape.
///
/// # Errors
/// [`Error::NoConvergence`] for NaN or infinity.
///
/// ```
/// use numfuse::prelude::*;
/// let r = numfuse::linalg::matrix_rank(&array![[1.0, 2.0], [2.0, 4.0]], None)?;
/// assert_eq!(r.to_vec::<i64>()?, vec![1]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn matrix_rank(a: &Array, tol: Option<f64>) -> Result<Array> {
    if a.ndim() < 2 {
        let nonzero = a.not_equal(0)?.any(None)?.to_vec::<bool>()?[0];
        return Ok(Array::scalar(i64::from(nonzero)));
    }
    let nd = a.ndim();
    let (m, n) = (a.shape()[nd - 2], a.shape()[nd - 1]);
    let s = svdvals(a).map_err(|e| match e {
        Error::NoConvergence { .. } => Error::NoConvergence { op: "matrix_rank" },
        e => e,
    })?;
    let eps = if s.dtype() == DType::F32 {
        f32::EPSILON as f64
    } else {
        f64::EPSILON
    };
    let k = m.min(n);
    let vals = s.astype(DType::F64).to_vec::<f64>()?;
    let batch = &a.shape()[..nd - 2];
    let ranks: Vec<i64> = if k == 0 {
        vec![0; batch.iter().product()]
    } else {
        vals.chunks(k)
            .map(|row| {
                let cut = tol.unwrap_or_else(|| {
                    // NumPy computes the tolerance in the singular values' dtype.
                    let smax = row.iter().copied().fold(0.0, f64::max);
                    let t = smax * (m.max(n) as f64) * eps;
                    if s.dtype() == DType::F32 {
                        t as f32 as f64
                    } else {
                        t
                    }
                });
                row.iter().filter(|&&v| v > cut).count() as i64
            })
            .collect()
    };
    Array::from_vec(ranks, batch)
}

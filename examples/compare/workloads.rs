//! The workloads: the seed's programs as lazy expressions over seeded random inputs. Ids and
//! shapes match `benches/numpy_compare.py`, so its CSV merges row by row.

use numfuse::lazy::where_;
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::{Axes, Expr};

/// One workload: its id, shape label, a note on how it differs from the seed (if it does), and
/// how to build its expression (inputs are made when it is built, so only one workload's
/// inputs are alive at a time).
pub struct Workload {
    pub name: &'static str,
    pub shape: String,
    pub note: &'static str,
    /// Evaluates both branches of a `where` over invalid inputs (sqrt of negatives), as NumPy
    /// does: run it with invalid-value warnings off (`np.errstate(invalid='ignore')`).
    pub ignore_invalid: bool,
    pub build: Box<dyn Fn() -> Result<Expr>>,
}

fn w(
    name: &'static str,
    shape: String,
    note: &'static str,
    build: impl Fn() -> Result<Expr> + 'static,
) -> Workload {
    Workload {
        name,
        shape,
        note,
        ignore_invalid: false,
        build: Box::new(build),
    }
}

fn normal(seed: u64, shape: &[usize]) -> Array {
    default_rng(seed).standard_normal(shape)
}

/// `x[:, None]`-style new axis at `axis`.
fn col(x: &Expr, axis: isize) -> Expr {
    x.expand_dims(axis)
}

pub fn all(quick: bool) -> Result<Vec<Workload>> {
    let n = if quick { 1_000_000 } else { 10_000_000 };
    let rows = if quick { 512 } else { 4096 };
    let pd = if quick { 200 } else { 1000 };
    let sims = if quick { 10_000 } else { 1_000_000 };
    let paths = if quick { 1_000 } else { 10_000 };
    let side = if quick { 512 } else { 2048 };
    let vec1 = format!("({n},) f64");
    let mut out = vec![
        w("a*2 + a*3", vec1.clone(), "", move || {
            let a = normal(1, &[n]).lazy();
            Ok(&a * 2.0 + &a * 3.0)
        }),
        w(
            "2*a + 3*b - 0.5*c",
            format!("({n},) f64 x3"),
            "",
            move || {
                let (a, b, c) = (normal(1, &[n]), normal(2, &[n]), normal(3, &[n]));
                Ok(a.lazy() * 2.0 + b.lazy() * 3.0 - c.lazy() * 0.5)
            },
        ),
        w("leaky_relu where", vec1.clone(), "", move || {
            let a = normal(4, &[n]).lazy();
            Ok(where_(&a.greater(0.0), &a, &a * 0.01))
        }),
        w("leaky_relu maximum", vec1.clone(), "", move || {
            let a = normal(4, &[n]).lazy();
            Ok(a.maximum(&a * 0.01))
        }),
        Workload {
            ignore_invalid: true,
            ..w("numba fn", vec1.clone(), "", move || {
                let x = normal(5, &[n]).lazy();
                Ok(where_(
                    &x.greater(0.0),
                    x.sqrt() * (&x + 1.0).log(),
                    x.power(2.0),
                ))
            })
        },
        w("sum(a**2) f64", vec1.clone(), "", move || {
            Ok(normal(6, &[n]).lazy().power(2.0).sum(None))
        }),
        w("sum(a**2) f32", format!("({n},) f32"), "", move || {
            Ok(normal(6, &[n])
                .astype(DType::F32)
                .lazy()
                .power(2.0)
                .sum(None))
        }),
        w(
            "softmax rows",
            format!("({rows}, 1024) f64"),
            "",
            move || {
                let x = normal(7, &[rows, 1024]).lazy();
                let e = (&x - x.max(Axes::from(1).keepdims())).exp();
                Ok(&e / e.sum(Axes::from(1).keepdims()))
            },
        ),
        w(
            "pairwise broadcast",
            format!("({pd}, 64) f64"),
            "",
            move || {
                let x = normal(8, &[pd, 64]).lazy();
                let d = col(&x, 1) - col(&x, 0);
                Ok((&d * &d).sum(-1).sqrt())
            },
        ),
        w("pairwise gram", format!("({pd}, 64) f64"), "", move || {
            let x = normal(8, &[pd, 64]).lazy();
            let sq = (&x * &x).sum(1);
            let d2 = col(&sq, 1) + col(&sq, 0) - x.matmul(x.t()) * 2.0;
            Ok(d2.maximum(0.0).sqrt())
        }),
        w(
            "standardize rows",
            format!("({rows}, 1024) f64"),
            "",
            move || {
                let x = normal(9, &[rows, 1024]).lazy();
                Ok((&x - x.mean(Axes::from(1).keepdims())) / x.std(Axes::from(1).keepdims(), 0))
            },
        ),
        w(
            "batch norm forward",
            format!("({rows}, 1024) f64"),
            "",
            move || {
                let x = normal(10, &[rows, 1024]).lazy();
                let mut rng = default_rng(11);
                let gamma = rng.uniform(0.5, 1.5, &[1024])?;
                let beta = rng.standard_normal(&[1024]);
                let norm = (&x - x.mean(0)) / (x.var(0, 0) + 1e-5).sqrt();
                Ok(norm * &gamma + &beta)
            },
        ),
        w(
            "portfolio vol einsum",
            format!("({sims}, 5) f64"),
            "einsum('ij,jk,ik->i', W, C, W) in its fused lazy form sum((W @ C) * W, 1) (einsum is eager only)",
            move || {
                let mut rng = default_rng(12);
                let raw = rng.uniform(0.0, 1.0, &[sims, 5])?;
                let weights = raw.try_div(&raw.sum(Axes::from(1).keepdims())?)?;
                let returns = rng.normal(0.0005, 0.01, &[252, 5])?;
                let centred = returns.try_sub(&returns.mean(Axes::from(0).keepdims())?)?;
                let cov = &centred.t().matmul(&centred)? * (252.0 / 251.0);
                let w = weights.lazy();
                Ok((w.matmul(&cov) * &w).sum(1).sqrt())
            },
        ),
        w("gbm paths", format!("({paths}, 252) f64"), "", move || {
            let z = normal(13, &[paths, 252]).lazy();
            let (mu, sigma) = (0.10 / 252.0, 0.20 / 252f64.sqrt());
            let steps = z * sigma + (mu - 0.5 * sigma * sigma);
            Ok(steps.cumsum(Some(1)).exp() * 100.0)
        }),
        w(
            "sobel edges",
            format!("({side}, {side}) f64"),
            "valid region (no reflect padding) from 9 shifted views until pad lands",
            move || {
                let img = default_rng(14)
                    .integers(0, 256, &[side, side])?
                    .astype(DType::F64)
                    .lazy();
                let h = side as isize;
                let at = |k: isize, m: isize| img.slice(s![k..h - 2 + k, m..h - 2 + m]);
                let ex = at(0, 2) - at(0, 0) + (at(1, 2) - at(1, 0)) * 2.0 + at(2, 2) - at(2, 0);
                let ey = at(2, 0) - at(0, 0) + (at(2, 1) - at(0, 1)) * 2.0 + at(2, 2) - at(0, 2);
                Ok((&ex * &ex + &ey * &ey).sqrt())
            },
        ),
        w("nn forward", format!("({rows}, 784) f64"), "", move || {
            let mut rng = default_rng(15);
            let x = rng.standard_normal(&[rows, 784]).lazy();
            let w1 = &rng.standard_normal(&[784, 128]) * (2.0 / 784.0f64).sqrt();
            let w2 = &rng.standard_normal(&[128, 1]) * (2.0 / 128.0f64).sqrt();
            let (b1, b2) = (
                Array::zeros(&[1, 128], DType::F64),
                Array::zeros(&[1, 1], DType::F64),
            );
            let a1 = (x.matmul(&w1) + &b1).maximum(0.0);
            let z2 = a1.matmul(&w2) + &b2;
            Ok((z2.maximum(-500.0).minimum(500.0).negative().exp() + 1.0).reciprocal())
        }),
    ];
    out.shrink_to_fit();
    Ok(out)
}

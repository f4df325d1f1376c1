//! No input makes linear algebra panic: every product, `einsum` form and `numfuse::linalg`
//! function is called on random operands (0 to 4 axes, lengths 0 to 4, five dtypes, transposed,
//! reversed and broadcast layouts, NaN and infinities), and must return `Ok` or an `Err`. Where
//! a call succeeds, the result's shape is checked against the rule NumPy documents for it, so a
//! wrong-but-quiet answer on an odd shape fails too.

use numfuse::SliceElem;
use numfuse::linalg::{self, NormOrd, QrMode, Uplo};
use numfuse::prelude::*;
use numfuse::{dot, einsum, inner, kron, matmul, outer, tensordot, vdot};
use proptest::prelude::*;

/// An operand: dtype, shape, layout trick, and whether to plant NaN/inf.
#[derive(Clone, Debug)]
struct Spec {
    dtype: DType,
    shape: Vec<usize>,
    layout: u8,
    special: u8,
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec![
            DType::F64,
            DType::F32,
            DType::I32,
            DType::U8,
            DType::Bool,
        ]),
        prop::collection::vec(0usize..5, 0..5),
        0u8..4,
        0u8..4,
    )
        .prop_map(|(dtype, shape, layout, special)| Spec {
            dtype,
            shape,
            layout,
            special,
        })
}

fn build(s: &Spec) -> Array {
    let n: usize = s.shape.iter().product();
    let mut vals: Vec<f64> = (0..n).map(|i| ((i * 7 + 3) % 11) as f64 - 5.0).collect();
    if s.dtype.is_float() && n > 0 {
        match s.special {
            1 => vals[0] = f64::NAN,
            2 => vals[n - 1] = f64::INFINITY,
            _ => {}
        }
    }
    let a = Array::from_vec(vals, &s.shape).unwrap().astype(s.dtype);
    match s.layout {
        // The same shape through a transposed copy: F-order strides.
        1 => a.t().copy().t(),
        // Every axis reversed: negative strides.
        2 => {
            let rev = |x: &Array| {
                let all = vec![
                    SliceElem::Slice {
                        start: None,
                        stop: None,
                        step: -1,
                    };
                    x.ndim()
                ];
                x.slice(all).unwrap()
            };
            rev(&rev(&a).copy())
        }
        // A broadcast (zero-stride) view: the first entry of the last axis, repeated.
        3 if a.ndim() > 0 && s.shape[a.ndim() - 1] > 0 => {
            let mut first = vec![
                SliceElem::Slice {
                    start: None,
                    stop: None,
                    step: 1
                };
                a.ndim()
            ];
            first[a.ndim() - 1] = SliceElem::Slice {
                start: Some(0),
                stop: Some(1),
                step: 1,
            };
            a.slice(first).unwrap().broadcast_to(a.shape()).unwrap()
        }
        _ => a,
    }
}

/// `a`'s shape with its last two axes swapped into a matrix product with `b`'s: NumPy's
/// `matmul` result shape when both are at least 2-D and the batches broadcast.
fn matmul_shape(a: &[usize], b: &[usize]) -> Option<Vec<usize>> {
    if a.len() < 2 || b.len() < 2 || a[a.len() - 1] != b[b.len() - 2] {
        return None;
    }
    let batch = numfuse::broadcast_shapes(&[&a[..a.len() - 2], &b[..b.len() - 2]]).ok()?;
    let mut out = batch.to_vec();
    out.extend([a[a.len() - 2], b[b.len() - 1]]);
    Some(out)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn products_never_panic(sa in spec(), sb in spec()) {
        let (a, b) = (build(&sa), build(&sb));
        let m = matmul(&a, &b);
        if let Some(shape) = matmul_shape(a.shape(), b.shape()) {
            let m = m.unwrap();
            prop_assert_eq!(m.shape(), shape.as_slice());
        }
        let _ = dot(&a, &b);
        let _ = inner(&a, &b);
        let _ = vdot(&a, &b);
        if let Ok(o) = outer(&a, &b) {
            prop_assert_eq!(o.shape(), &[a.size(), b.size()]);
        }
        if let Ok(k) = kron(&a, &b) {
            prop_assert_eq!(k.size(), a.size() * b.size());
        }
        for n in 0..3 {
            let _ = tensordot(&a, &b, n);
        }
        for off in -2..=2 {
            let _ = a.diagonal(off, 0, -1);
            let _ = a.trace(off, -1, 0);
        }
        for sub in ["ij,jk->ik", "...i,...i->...", "ii->i", "ij,ij", "i,j->ij", "ijk->kji"] {
            let _ = einsum(sub, &[&a, &b]);
            let _ = einsum(sub, &[&a]);
        }
    }

    #[test]
    fn linalg_never_panics(sa in spec(), sb in spec()) {
        let (a, b) = (build(&sa), build(&sb));
        let square = a.ndim() >= 2 && a.shape()[a.ndim() - 1] == a.shape()[a.ndim() - 2];
        let inv = linalg::inv(&a);
        if let Ok(x) = &inv {
            prop_assert!(square);
            prop_assert_eq!(x.shape(), a.shape());
        }
        if let Ok(d) = linalg::det(&a) {
            prop_assert_eq!(d.shape(), &a.shape()[..a.ndim() - 2]);
        }
        let _ = linalg::solve(&a, &b);
        let _ = linalg::slogdet(&a);
        let _ = linalg::cholesky(&a);
        for mode in [QrMode::Reduced, QrMode::Complete, QrMode::R] {
            let _ = linalg::qr(&a, mode);
        }
        let _ = linalg::eigh(&a, Uplo::L);
        let _ = linalg::eigvalsh(&a, Uplo::U);
        let _ = linalg::eig(&a);
        let _ = linalg::eigvals(&a);
        for full in [true, false] {
            if let Ok((_, s, _)) = linalg::svd(&a, full) {
                let nd = a.ndim();
                prop_assert_eq!(s.shape()[s.ndim() - 1], a.shape()[nd - 1].min(a.shape()[nd - 2]));
            }
        }
        let _ = linalg::svdvals(&a);
        let _ = linalg::lstsq(&a, &b, None);
        let _ = linalg::pinv(&a, None);
        let _ = linalg::matrix_rank(&a, None);
        for ord in [NormOrd::Default, NormOrd::Fro, NormOrd::Nuc, NormOrd::Inf, NormOrd::NegInf,
                    NormOrd::P(0.0), NormOrd::P(1.0), NormOrd::P(-1.0), NormOrd::P(2.0),
                    NormOrd::P(-2.0), NormOrd::P(3.5)] {
            let _ = linalg::norm(&a, ord, None, false);
            let _ = linalg::norm(&a, ord, Some(&[-1]), true);
            let _ = linalg::norm(&a, ord, Some(&[0, -1]), false);
            let _ = linalg::cond(&a, ord);
        }
        for n in [-2, -1, 0, 1, 3] {
            if let Ok(p) = linalg::matrix_power(&a, n) {
                prop_assert_eq!(p.shape(), a.shape());
            }
        }
    }
}

//! Lazy `matmul` (a library call with elementwise prologue and epilogue kernels) against eager,
//! over the shapes where fusion writes unit axes as constants: column and row vectors, 1x1
//! results, 1-D operands, and stacks.

use numfuse::prelude::*;

fn jit() -> EvalOptions {
    EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    }
}

#[test]
fn matmul_with_unit_axes_matches_eager() {
    let shapes: [(&[usize], &[usize]); 8] = [
        (&[4, 3], &[3, 1]),
        (&[1, 3], &[3, 4]),
        (&[1, 3], &[3, 1]),
        (&[5, 1], &[1, 2]),
        (&[3], &[3, 2]),
        (&[2, 3], &[3]),
        (&[3], &[3]),
        (&[2, 1, 3], &[1, 3, 1]),
    ];
    for (sa, sb) in shapes {
        let na: usize = sa.iter().product();
        let nb: usize = sb.iter().product();
        let a = Array::linspace(-1.0, 2.0, na)
            .reshape(&to_isize(sa))
            .unwrap();
        let b = Array::linspace(0.5, -1.5, nb)
            .reshape(&to_isize(sb))
            .unwrap();
        let want = a.matmul(&b).unwrap();
        let bias = Array::ones(want.shape(), DType::F64);
        let want = (&(&want + &bias) * -1.0).exp().unwrap();
        let got = ((a.lazy() * 1.0).matmul(&b) + &bias)
            .negative()
            .exp()
            .eval_with(&jit())
            .unwrap_or_else(|e| panic!("{sa:?} @ {sb:?}: {e}"));
        assert_eq!(got.shape(), want.shape(), "{sa:?} @ {sb:?}");
        numfuse::testing::assert_allclose(&got, &want, 1e-14, 0.0);
    }
}

fn to_isize(s: &[usize]) -> Vec<isize> {
    s.iter().map(|&d| d as isize).collect()
}

#[test]
fn matmul_of_strided_operands_matches_eager() {
    let a = Array::linspace(-1.0, 1.0, 6 * 8).reshape(&[6, 8]).unwrap();
    let b = Array::linspace(2.0, -2.0, 6 * 5).reshape(&[6, 5]).unwrap();
    // a.T (strided), every other row of b's transpose's transpose, a reversed slice.
    let cases = [
        (a.t(), b.clone()),
        (a.t().slice(s![..;2, ..]).unwrap(), b.clone()),
        (a.t(), b.slice(s![..;-1, ..]).unwrap()),
    ];
    for (x, y) in cases {
        let want = x.matmul(&y).unwrap();
        let got = x.lazy().matmul(&y).eval_with(&jit()).unwrap();
        numfuse::testing::assert_allclose(&got, &want, 1e-14, 0.0);
        // Through the graph's own views: the host receives the strided buffer.
        let got = a.lazy().t().matmul(b.lazy()).eval_with(&jit()).unwrap();
        numfuse::testing::assert_allclose(&got, &a.t().matmul(&b).unwrap(), 1e-14, 0.0);
    }
}

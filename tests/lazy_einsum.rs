//! `numfuse::lazy::einsum` against the eager `numfuse::einsum` (itself checked against NumPy in
//! `tests/einsum.rs`): a table of the subscripts the seed and NumPy users write, on contiguous,
//! transposed, reversed and sliding-window inputs in f64, f32, i64 and bool; the errors; and a
//! property test over random subscripts and shapes. Integers and bools must match exactly
//! (wrapping sums, "or" for bools); floats within rtol 1e-12 (f32: 1e-5), since the lazy
//! reduction and the eager contraction add in different orders.

use numfuse::lazy::einsum as lazy_einsum;
use numfuse::prelude::*;
use numfuse::testing::{assert_allclose, assert_array_equal};
use proptest::prelude::*;

fn data(shape: &[usize], dtype: DType, seed: u64) -> Array {
    let n: usize = shape.iter().product();
    let v: Vec<f64> = (0..n)
        .map(|i| (((i as u64 + 1) * (seed * 2 + 7) % 23) as f64) - 11.0)
        .collect();
    Array::from_vec(v, &[n])
        .unwrap()
        .reshape(&shape.iter().map(|&d| d as isize).collect::<Vec<_>>())
        .unwrap()
        .astype(dtype)
}

fn check(subscripts: &str, ops: &[&Array]) {
    let eager = numfuse::einsum(subscripts, ops).unwrap();
    let exprs: Vec<Expr> = ops.iter().map(|a| a.lazy()).collect();
    let refs: Vec<&Expr> = exprs.iter().collect();
    let lazy = lazy_einsum(subscripts, &refs)
        .eval()
        .unwrap_or_else(|e| panic!("{subscripts}: {e}"));
    assert_eq!(lazy.dtype(), eager.dtype(), "{subscripts}: dtype");
    assert_eq!(lazy.shape(), eager.shape(), "{subscripts}: shape");
    match eager.dtype() {
        DType::F64 => assert_allclose(&lazy, &eager, 1e-12, 1e-12),
        DType::F32 => assert_allclose(&lazy, &eager, 1e-5, 1e-5),
        _ => assert_array_equal(&lazy, &eager),
    }
}

#[test]
fn the_seeds_subscripts_match_eager() {
    for dtype in [DType::F64, DType::F32, DType::I64] {
        let a = data(&[4, 5], dtype, 1);
        let b = data(&[5, 3], dtype, 2);
        let c = data(&[4, 3], dtype, 3);
        check("ij,jk->ik", &[&a, &b]);
        check("ij,jk", &[&a, &b]);
        check("ij,jk,ik->i", &[&a, &b, &c]);
        check("ij->ji", &[&a]);
        check("ij->", &[&a]);
        check("ij->j", &[&a]);
        check("ij,ij->ij", &[&a, &a]);
        let v = data(&[5], dtype, 4);
        let w = data(&[3], dtype, 5);
        check("i,i->", &[&v, &v]);
        check("i,j->ij", &[&v, &w]);
        check("ij,j->i", &[&a, &v]);
        let x = data(&[2, 4, 5], dtype, 6);
        let y = data(&[2, 5, 3], dtype, 7);
        let z = data(&[2, 3, 6], dtype, 8);
        check("bij,bjk->bik", &[&x, &y]);
        check("bij,bjk,bkl->bil", &[&x, &y, &z]);
        check("...ij,...jk->...ik", &[&x, &y]);
        check("bij,bjk->kib", &[&x, &y]);
    }
}

#[test]
fn views_and_windows_match_eager() {
    let img = data(&[9, 11], DType::F64, 9);
    let windows = img.sliding_window_view(&[3, 3], None).unwrap();
    let kernel = data(&[3, 3], DType::F64, 10);
    check("ijkl,kl->ij", &[&windows, &kernel]);
    let a = data(&[5, 4], DType::F64, 11).t();
    let b = data(&[3, 5], DType::F64, 12)
        .slice(s![..;-1, ..])
        .unwrap()
        .t();
    check("ij,jk->ik", &[&a, &b]);
    // A broadcast length-1 batch.
    let x = data(&[1, 4, 5], DType::F64, 13);
    let y = data(&[3, 5, 2], DType::F64, 14);
    check("bij,bjk->bik", &[&x, &y]);
}

#[test]
fn bools_and_small_ints_reduce_as_eager() {
    let p = data(&[4, 5], DType::F64, 15).greater(0.0).unwrap();
    let q = data(&[5, 3], DType::F64, 16).greater(0.0).unwrap();
    check("ij,jk->ik", &[&p, &q]);
    let a = data(&[4, 40], DType::I8, 17);
    let b = data(&[40, 3], DType::I8, 18);
    check("ij,jk->ik", &[&a, &b]); // wraps in int8, as the eager einsum
}

#[test]
fn errors_are_the_eager_ones() {
    let a = data(&[2, 3], DType::F64, 1);
    let b = data(&[4, 2], DType::F64, 2);
    for (s, ops) in [
        ("ij,jk->ik", vec![&a, &b]),
        ("ij,jk", vec![&a]),
        ("ij$->i", vec![&a]),
        ("ijk->i", vec![&a]),
    ] {
        let eager = numfuse::einsum(s, &ops).unwrap_err();
        let exprs: Vec<Expr> = ops.iter().map(|a| a.lazy()).collect();
        let refs: Vec<&Expr> = exprs.iter().collect();
        let lazy = match lazy_einsum(s, &refs).eval().unwrap_err() {
            Error::Expr { source, .. } => *source,
            other => panic!("{s}: not located in the graph: {other}"),
        };
        match &eager {
            // The graph keeps a parse error as text: the same position and message.
            Error::Parse { pos, msg, .. } => {
                let text = lazy.to_string();
                assert!(
                    text.contains(&format!("at byte {pos}: {msg}")),
                    "{s}: {text}"
                );
            }
            // Otherwise the same variant and message.
            _ => {
                assert_eq!(
                    std::mem::discriminant(&lazy),
                    std::mem::discriminant(&eager),
                    "{s}"
                );
                assert_eq!(lazy.to_string(), eager.to_string(), "{s}");
            }
        }
    }
    let sq = data(&[3, 3], DType::F64, 3);
    let err = lazy_einsum("ii->i", &[&sq.lazy()]).eval().unwrap_err();
    assert!(err.to_string().contains("label 'i' repeats"), "{err}");
    assert!(lazy_einsum("i", &[]).eval().is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    #[test]
    fn random_contractions_match_eager(
        n_ops in 1usize..=3,
        picks in proptest::collection::vec(proptest::collection::vec(0usize..4, 1..=3), 3),
        lens in proptest::collection::vec(1usize..=4, 4),
        keep in proptest::collection::vec(any::<bool>(), 4),
        seed in 0u64..100,
    ) {
        let letters = b"ijkl";
        let mut terms = Vec::new();
        let mut ops = Vec::new();
        let mut used = [false; 4];
        for (k, pick) in picks.iter().take(n_ops).enumerate() {
            let mut labels: Vec<usize> = pick.clone();
            labels.sort_unstable();
            labels.dedup();
            for &l in &labels { used[l] = true; }
            terms.push(labels.iter().map(|&l| letters[l] as char).collect::<String>());
            let shape: Vec<usize> = labels.iter().map(|&l| lens[l]).collect();
            ops.push(data(&shape, DType::F64, seed + k as u64));
        }
        let out: String = (0..4).filter(|&l| used[l] && keep[l]).map(|l| letters[l] as char).rev().collect();
        let subscripts = format!("{}->{}", terms.join(","), out);
        let refs: Vec<&Array> = ops.iter().collect();
        check(&subscripts, &refs);
    }
}

//! Linear algebra against NumPy (issue 8's targets: 1024² matmul at ≥ 70% of NumPy's GFLOP/s in
//! f64 and f32, solve of 1000² within 1.5x of NumPy). `python3 benches/numpy_linalg.py` times
//! the same workloads in NumPy under the same names; run both in one sitting and divide.
//!
//! | group/id | numfuse | NumPy (numpy_linalg.py) |
//! |---|---|---|
//! | `matmul/{f64,f32}_1024` | `a.matmul(&b)` (faer GEMM, both cores) | `a @ b` (OpenBLAS) |
//! | `solve/f64_1000` | `linalg::solve(&a, &b)`, b a vector | `np.linalg.solve` |
//! | `solve/inv_then_matmul_1000` | `linalg::inv(&a)?.matmul(&b)` | `np.linalg.inv(a) @ b` |
//! | `decomp/{inv,det,cholesky,qr,eigh,svd}_500` | `linalg::*` | `np.linalg.*` |
//! | `einsum/chain_b64_128` | `einsum("bij,bjk,bkl->bil", ..)` | `np.einsum(.., optimize=True)` |
//! | `einsum/portfolio_ij_jk_ik` | `einsum("ij,jk,ik->i", ..)`, (10000, 50) weights | same |
//!
//! Matrices are a fixed-seed normal-ish random matrix plus n on the diagonal (well conditioned),
//! and `XᵀX + nI` where a symmetric positive definite input is needed. Criterion's throughput
//! for the matmul group is in flops (2n³), so its "elem/s" reads as FLOP/s.

mod common;

use common::{SplitMix, group};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numfuse::linalg::{self, QrMode, Uplo};
use numfuse::prelude::*;
use numfuse::{einsum, matmul};
use std::hint::black_box;

/// The bench's matrices, from the shared fixed stream.
trait Matrices {
    fn array(&mut self, shape: &[usize]) -> Array;
    fn well(&mut self, n: usize) -> Array;
    fn spd(&mut self, n: usize) -> Array;
}

impl Matrices for SplitMix {
    fn array(&mut self, shape: &[usize]) -> Array {
        let n: usize = shape.iter().product();
        Array::from_vec((0..n).map(|_| self.unit()).collect::<Vec<f64>>(), shape).unwrap()
    }

    /// A random n×n matrix plus n·I.
    fn well(&mut self, n: usize) -> Array {
        let eye = Array::eye(n, None, 0, DType::F64);
        self.array(&[n, n])
            .try_add(&eye.try_mul(n as f64).unwrap())
            .unwrap()
    }

    /// XᵀX + n·I.
    fn spd(&mut self, n: usize) -> Array {
        let x = self.array(&[n, n]);
        let eye = Array::eye(n, None, 0, DType::F64);
        x.t()
            .matmul(&x)
            .unwrap()
            .try_add(&eye.try_mul(n as f64).unwrap())
            .unwrap()
    }
}

fn products(c: &mut Criterion) {
    let n = 1024;
    let mut rng = SplitMix(1);
    let mut g = group(c, "matmul");
    g.throughput(Throughput::Elements(2 * (n as u64).pow(3)));
    for (dtype, name) in [(DType::F64, "f64"), (DType::F32, "f32")] {
        let a = rng.well(n).astype(dtype);
        let b = rng.well(n).astype(dtype);
        g.bench_function(format!("{name}_{n}"), |bch| {
            bch.iter(|| black_box(matmul(&a, &b).unwrap()))
        });
    }
    g.finish();
}

fn solve(c: &mut Criterion) {
    let n = 1000;
    let mut rng = SplitMix(2);
    let a = rng.well(n);
    let b = rng.array(&[n]);
    // Both ways must agree before either is timed.
    let x = linalg::solve(&a, &b).unwrap();
    let y = linalg::inv(&a).unwrap().matmul(&b).unwrap();
    let diff = x.try_sub(&y).unwrap().abs().unwrap().max(None).unwrap();
    assert!(
        diff.to_vec::<f64>().unwrap()[0] < 1e-10,
        "solve vs inv @ b: {diff}"
    );
    let mut g = group(c, "solve");
    g.bench_function(format!("f64_{n}"), |bch| {
        bch.iter(|| black_box(linalg::solve(&a, &b).unwrap()))
    });
    g.bench_function(format!("inv_then_matmul_{n}"), |bch| {
        bch.iter(|| black_box(linalg::inv(&a).unwrap().matmul(&b).unwrap()))
    });
    g.finish();
}

fn decompositions(c: &mut Criterion) {
    let n = 500;
    let mut rng = SplitMix(3);
    let (d, s) = (rng.well(n), rng.spd(n));
    let mut g = group(c, "decomp");
    g.bench_function(format!("inv_{n}"), |b| {
        b.iter(|| black_box(linalg::inv(&d).unwrap()))
    });
    g.bench_function(format!("det_{n}"), |b| {
        b.iter(|| black_box(linalg::det(&d).unwrap()))
    });
    g.bench_function(format!("cholesky_{n}"), |b| {
        b.iter(|| black_box(linalg::cholesky(&s).unwrap()))
    });
    g.bench_function(format!("qr_{n}"), |b| {
        b.iter(|| black_box(linalg::qr(&d, QrMode::Reduced).unwrap()))
    });
    g.bench_function(format!("eigh_{n}"), |b| {
        b.iter(|| black_box(linalg::eigh(&s, Uplo::L).unwrap()))
    });
    g.bench_function(format!("svd_{n}"), |b| {
        b.iter(|| black_box(linalg::svd(&d, true).unwrap()))
    });
    g.finish();
}

fn einsums(c: &mut Criterion) {
    let mut rng = SplitMix(4);
    let (bt, m) = (64, 128);
    let (x, y, z) = (
        rng.array(&[bt, m, m]),
        rng.array(&[bt, m, m]),
        rng.array(&[bt, m, m]),
    );
    let w = rng.array(&[10_000, 50]);
    let cov = rng.array(&[50, 50]);
    let mut g = group(c, "einsum");
    g.bench_function(format!("chain_b{bt}_{m}"), |b| {
        b.iter(|| black_box(einsum("bij,bjk,bkl->bil", &[&x, &y, &z]).unwrap()))
    });
    g.bench_function("portfolio_ij_jk_ik", |b| {
        b.iter(|| black_box(einsum("ij,jk,ik->i", &[&w, &cov, &w]).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, products, solve, decompositions, einsums);
criterion_main!(benches);

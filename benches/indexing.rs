//! Advanced indexing against the plain Rust loop a user would otherwise write (issue 7's
//! target: within 2x of it).
//!
//! | group | numfuse | reference loop |
//! |---|---|---|
//! | `gather_1m` | `a.index(idx![&indices])`: 1M random int64 indices into 10M f64 | `indices.iter().map(\|&i\| src[i as usize]).collect()`, over a `Vec` and over the array's buffer |
//! | `mask_select_10m` | `a.index(idx![&mask])`: a random half of 10M f64 | `zip(src, mask).filter(..).map(..).collect()` |
//! | `mask_fill_10m` | `a.index_fill(idx![&mask], 0.0)` | `for (v, m) in zip(..) { if m { *v = 0.0 } }` |
//! | `scatter_1m` | `a.index_assign(idx![&indices], &values)` | `for (i, v) in zip(..) { dst[i] = v }` |
//!
//! The indices and the mask come from a fixed-seed generator (the same in both variants);
//! each setup checks that numfuse and the loop agree before anything is timed.

mod common;

use common::{SplitMix, group};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numfuse::prelude::*;
use std::hint::black_box;

/// Elements of the indexed array.
const N: usize = 10_000_000;
/// Indices in the gather and scatter groups.
const K: usize = 1_000_000;

fn source() -> Vec<f64> {
    (0..N).map(|i| i as f64 * 0.5).collect()
}

fn indices(rng: &mut SplitMix) -> Vec<i64> {
    (0..K).map(|_| (rng.next() % N as u64) as i64).collect()
}

fn gather(c: &mut Criterion) {
    let src = source();
    let idx = indices(&mut SplitMix(1));
    let a = Array::from_slice(&src);
    let ia = Array::from_slice(&idx);
    let looped =
        |src: &[f64], idx: &[i64]| -> Vec<f64> { idx.iter().map(|&i| src[i as usize]).collect() };
    let got = a.index(idx![&ia]).unwrap();
    assert_eq!(got.to_vec::<f64>().unwrap(), looped(&src, &idx));
    let mut g = group(c, "gather_1m");
    g.throughput(Throughput::Elements(K as u64));
    g.bench_function("numfuse", |b| {
        b.iter(|| black_box(a.index(idx![&ia]).unwrap()))
    });
    g.bench_function("rust_loop", |b| b.iter(|| black_box(looped(&src, &idx))));
    // The same loop over the array's own buffer: separates the memory's placement (page
    // sizes) from the gather code.
    let own = a.as_slice::<f64>().unwrap();
    g.bench_function("rust_loop_array_buffer", |b| {
        b.iter(|| black_box(looped(own, &idx)))
    });
    g.finish();
}

fn mask_select(c: &mut Criterion) {
    let src = source();
    let mut rng = SplitMix(2);
    let keep: Vec<bool> = (0..N).map(|_| rng.next() & 1 == 1).collect();
    let a = Array::from_slice(&src);
    let mask = Array::from_slice(&keep);
    let looped = |src: &[f64], keep: &[bool]| -> Vec<f64> {
        src.iter()
            .zip(keep)
            .filter(|(_, k)| **k)
            .map(|(v, _)| *v)
            .collect()
    };
    let got = a.index(idx![&mask]).unwrap();
    assert_eq!(got.to_vec::<f64>().unwrap(), looped(&src, &keep));
    let mut g = group(c, "mask_select_10m");
    g.throughput(Throughput::Elements(N as u64));
    g.bench_function("numfuse", |b| {
        b.iter(|| black_box(a.index(idx![&mask]).unwrap()))
    });
    g.bench_function("rust_loop", |b| b.iter(|| black_box(looped(&src, &keep))));
    g.finish();

    let mut g = group(c, "mask_fill_10m");
    g.throughput(Throughput::Elements(N as u64));
    let mut target = a.copy();
    let mut plain = src.clone();
    let fill = |dst: &mut [f64], keep: &[bool]| {
        for (v, k) in dst.iter_mut().zip(keep) {
            if *k {
                *v = 0.0;
            }
        }
    };
    target.index_fill(idx![&mask], 0.0).unwrap();
    fill(&mut plain, &keep);
    assert_eq!(target.to_vec::<f64>().unwrap(), plain);
    g.bench_function("numfuse", |b| {
        b.iter(|| target.index_fill(idx![&mask], 0.0).unwrap())
    });
    g.bench_function("rust_loop", |b| {
        b.iter(|| fill(black_box(&mut plain), &keep))
    });
    g.finish();
}

fn scatter(c: &mut Criterion) {
    let idx = indices(&mut SplitMix(3));
    let values: Vec<f64> = (0..K).map(|i| i as f64).collect();
    let ia = Array::from_slice(&idx);
    let va = Array::from_slice(&values);
    let mut target = Array::zeros(&[N], DType::F64);
    let mut plain = vec![0.0f64; N];
    let put = |dst: &mut [f64], idx: &[i64], values: &[f64]| {
        for (&i, &v) in idx.iter().zip(values) {
            dst[i as usize] = v;
        }
    };
    target.index_assign(idx![&ia], &va).unwrap();
    put(&mut plain, &idx, &values);
    assert_eq!(target.to_vec::<f64>().unwrap(), plain);
    let mut g = group(c, "scatter_1m");
    g.throughput(Throughput::Elements(K as u64));
    g.bench_function("numfuse", |b| {
        b.iter(|| target.index_assign(idx![&ia], &va).unwrap())
    });
    g.bench_function("rust_loop", |b| {
        b.iter(|| put(black_box(&mut plain), &idx, &values))
    });
    g.finish();
}

criterion_group!(benches, gather, mask_select, scatter);
criterion_main!(benches);

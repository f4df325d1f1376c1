//! Memory-mapped reductions against in-memory ones (issue 10's bench): the fused lazy
//! reduction `(x * 2 + 1).sum()` over 1 GiB of f64 held in memory, in a memory-mapped `.npy`
//! file (warm page cache) evaluated chunk by chunk under the default 512 MiB budget and whole,
//! and the cost of getting there from a file: `load` + eager sum against `load_mmap` + lazy sum.
//!
//! | group/id | what |
//! |---|---|
//! | `sum_2x_plus_1/in_memory` | `(x.lazy() * 2.0 + 1.0).sum(None)` on an array in memory |
//! | `sum_2x_plus_1/memmap_chunked` | the same on `load_mmap(path, ReadOnly)` (default budget: chunked) |
//! | `sum_2x_plus_1/memmap_whole` | the same with `memory_budget: Some(usize::MAX)` (one pass, no chunks) |
//! | `sum_2x_plus_1/eager_in_memory` | `(&(&x * 2.0) + 1.0).sum(None)`, NumPy's way (two temporaries) |
//! | `from_file/load_then_sum` | `load(path)` then `sum(None)` |
//! | `from_file/mmap_then_lazy_sum` | `load_mmap(path)` then the lazy `sum` |
//!
//! Throughput is the input's bytes. The file lives under `target/`; it is written once per
//! run. `NUMFUSE_BENCH_QUICK=1` uses 8 MiB.

mod common;

use common::group;
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use numfuse::io::{MmapMode, load, load_mmap, save};
use numfuse::lazy::EvalOptions;
use numfuse::prelude::*;
use std::hint::black_box;

fn io(c: &mut Criterion) {
    let n = if std::env::var_os("NUMFUSE_BENCH_QUICK").is_some() {
        1 << 20
    } else {
        1 << 27
    };
    let x = Array::linspace(-1.0, 1.0, n);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-io");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("x.npy");
    save(&path, &x).unwrap();
    let mm = load_mmap(&path, MmapMode::ReadOnly).unwrap();
    let whole = EvalOptions {
        memory_budget: Some(usize::MAX),
        ..Default::default()
    };
    let f = |a: &Array| (&a.lazy() * 2.0 + 1.0).sum(None);

    let mut g = group(c, "sum_2x_plus_1");
    g.throughput(Throughput::Bytes((n * 8) as u64));
    g.bench_function("in_memory", |b| b.iter(|| f(black_box(&x)).eval().unwrap()));
    g.bench_function("memmap_chunked", |b| {
        b.iter(|| f(black_box(&mm)).eval().unwrap())
    });
    g.bench_function("memmap_whole", |b| {
        b.iter(|| f(black_box(&mm)).eval_with(&whole).unwrap())
    });
    g.bench_function("eager_in_memory", |b| {
        b.iter(|| {
            let y = &(black_box(&x) * 2.0) + 1.0;
            y.sum(None).unwrap()
        })
    });
    g.finish();

    let mut g = group(c, "from_file");
    g.throughput(Throughput::Bytes((n * 8) as u64));
    g.bench_function("load_then_sum", |b| {
        b.iter(|| load(black_box(&path)).unwrap().sum(None).unwrap())
    });
    g.bench_function("mmap_then_lazy_sum", |b| {
        b.iter(|| {
            let m = load_mmap(black_box(&path), MmapMode::ReadOnly).unwrap();
            f(&m).eval().unwrap()
        })
    });
    g.finish();
    drop(mm);
    let _ = std::fs::remove_file(&path);
}

criterion_group!(benches, io);
criterion_main!(benches);

//! Seed section 6, "Advanced Indexing Patterns", in numfuse, line by line.
//!
//! Run with `cargo run --example indexing`. Each `println!` prints what the seed's `print(...)`
//! prints in NumPy (the seed's `np.random.randn(5, 5)` becomes a seeded generator, so those
//! values differ; the selections' shapes do not). The seed's comments are kept; where NumPy
//! writes `a[index]`, numfuse writes `a.index(idx![...])`, and `a[index] = v` is
//! `a.index_assign(idx![...], &v)` (`index_fill` for a scalar). `--quick` is accepted for CI
//! and changes nothing: the seed's arrays are already small. The section lives in
//! `examples/seed_lib/indexing.rs`; `tests/seed_indexing.rs` runs it on NumPy's own random
//! matrix and compares every printed result with NumPy's.

mod seed_lib {
    use numfuse::prelude::*;
    include!("seed_lib/record.rs");
    include!("seed_lib/indexing.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;

fn main() -> Result<()> {
    let _quick = std::env::args().any(|a| a == "--quick");
    let randn = default_rng(42).standard_normal(&[5, 5]);
    seed_lib::advanced_indexing(&mut seed_lib::Record::default(), &randn)
}

//! Seed section 2, "Stride Tricks — Advanced Memory Manipulation", in numfuse.
//!
//! Run with `cargo run --example stride_tricks`. Every line it prints is what the seed's
//! `print(...)` calls print in NumPy, followed by the checks the seed only states in comments:
//! every view shares memory with its input, views are read-only, and an `as_strided` that would
//! read outside the array is refused with an error instead of reading stray memory. The seed's
//! sizes are tiny, so `--quick` (accepted for CI, like the other seed examples) changes nothing. The section lives in
//! `examples/seed_lib/stride_tricks.rs`; `tests/seed_stride_tricks.rs` compares every result it
//! prints with NumPy's run of the seed.

mod seed_lib {
    use numfuse::prelude::*;
    include!("seed_lib/record.rs");
    include!("seed_lib/stride_tricks.rs");
}

use numfuse::prelude::*;

fn main() -> Result<()> {
    // `--quick` is accepted for CI; the seed's arrays are already small.
    let _quick = std::env::args().any(|a| a == "--quick");
    seed_lib::stride_tricks(&mut seed_lib::Record::default())
}

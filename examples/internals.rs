//! Seed section 1, "NumPy Internals — How It Really Works", in numfuse.
//!
//! Run with `cargo run --example internals`. Every line it prints is what the seed's
//! `print(...)` calls print in NumPy. The section lives in `examples/seed_lib/internals.rs`;
//! `tests/seed_internals.rs` compares every fact it prints with NumPy's run of the seed.

mod seed_lib {
    use numfuse::prelude::*;
    include!("seed_lib/record.rs");
    include!("seed_lib/internals.rs");
}

use numfuse::prelude::*;

fn main() -> Result<()> {
    seed_lib::internals(&mut seed_lib::Record::default())
}

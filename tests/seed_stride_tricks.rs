//! The seed's section 2 (stride tricks), as `examples/stride_tricks.rs` runs it, against NumPy
//! running the seed's code (`scripts/seed_ref/stride_tricks.py`, results under
//! `tests/data/seed/stride_tricks/`): the `as_strided` rolling windows and Toeplitz view,
//! `sliding_window_view` in 1-D and 2-D, the patch means (exact: nine small integers over 9),
//! read-only windows and shared memory. All exact.

mod common;

mod seed_lib {
    use numfuse::prelude::*;
    include!("../examples/seed_lib/record.rs");
    include!("../examples/seed_lib/stride_tricks.rs");
}

use common::assert_record_matches_npz;

#[test]
fn every_result_matches_numpy() {
    let mut rec = seed_lib::Record::default();
    seed_lib::stride_tricks(&mut rec).unwrap();
    assert_record_matches_npz(&rec.entries, "seed/stride_tricks/results.npz");
}

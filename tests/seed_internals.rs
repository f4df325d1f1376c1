//! The seed's section 1 (internals), as `examples/internals.rs` runs it, against NumPy running
//! the seed's code (`scripts/seed_ref/internals.py`, results under
//! `tests/data/seed/internals/`): the array, its shape, strides and flags, the byte offset of
//! `arr[2, 3]`, the transpose's strides and flags, which reshapes share memory, the promoted
//! dtypes, the int16 sum and the custom element functions. All exact.

mod common;

mod seed_lib {
    use numfuse::prelude::*;
    include!("../examples/seed_lib/record.rs");
    include!("../examples/seed_lib/internals.rs");
}

use common::assert_record_matches_npz;

#[test]
fn every_fact_matches_numpy() {
    let mut rec = seed_lib::Record::default();
    seed_lib::internals(&mut rec).unwrap();
    assert_record_matches_npz(&rec.entries, "seed/internals/results.npz");
}

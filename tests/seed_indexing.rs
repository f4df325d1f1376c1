//! The seed's section 6 (advanced indexing), as `examples/indexing.rs` runs it, against NumPy
//! running the seed's code (`scripts/seed_ref/indexing.py`, results under
//! `tests/data/seed/indexing/`). Gathers, scatters, `add.at`, `take`/`put`/`putmask` and the
//! index conversions only move values, so every result must match exactly, dtype included.

mod common;

mod seed_lib {
    use numfuse::prelude::*;
    include!("../examples/seed_lib/record.rs");
    include!("../examples/seed_lib/indexing.rs");
}

use common::{assert_record_matches_npz, load_npy};

#[test]
fn every_result_matches_numpy() {
    let mut rec = seed_lib::Record::default();
    seed_lib::advanced_indexing(&mut rec, &load_npy("seed/indexing/randn.npy")).unwrap();
    assert_record_matches_npz(&rec.entries, "seed/indexing/results.npz");
}

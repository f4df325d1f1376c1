//! The seed's section 14 (anti-patterns), each bad form and its fix as
//! `examples/anti_patterns.rs` runs them, against NumPy running the seed's own code
//! (`scripts/seed_ref/anti_patterns.py`, outputs under `tests/data/seed/anti_patterns/`).
//!
//! Everything here is exact (dtype, shape and bits): integer squares, a selection of input
//! elements, a wrapped uint8, `x * x` (one correctly rounded multiply on both sides), and an
//! int64 reshape. NumPy's sizes are 1,000 (the seed's 10,000 / 100,000 shrunk for the data).

mod common;

mod seed_lib {
    include!("../examples/seed_lib/anti_patterns.rs");
}

use common::{assert_array_eq, load_npy};
use numfuse::prelude::*;
use seed_lib::{
    add_in_place, arange_squared, collect_then_convert, grow_by_concatenate, nan_filter_bad,
    nan_filter_good, outliers_lazy, outliers_loop, outliers_mask, reshape_transposed,
    square_per_element, square_vectorized, write_through_slices,
};

fn npy(name: &str) -> Array {
    load_npy(&format!("seed/anti_patterns/{name}.npy"))
}

#[test]
fn growing_and_preallocating_match_numpy_with_its_dtypes() {
    let n = npy("ap1_arange").len();
    assert_array_eq(
        &grow_by_concatenate(n).unwrap(),
        &npy("ap1_append"),
        "append loop",
    );
    assert_array_eq(
        &collect_then_convert(n).unwrap(),
        &npy("ap1_listcomp"),
        "list comp",
    );
    assert_array_eq(&arange_squared(n).unwrap(), &npy("ap1_arange"), "arange**2");
}

#[test]
fn outlier_filters_match_numpy() {
    let data = npy("ap2_data");
    let want = npy("ap2_outliers");
    assert_array_eq(&outliers_loop(&data, 2.0).unwrap(), &want, "loop");
    assert_array_eq(&outliers_mask(&data, 2.0).unwrap(), &want, "mask");
    assert_array_eq(&outliers_lazy(&data, 2.0).unwrap(), &want, "lazy mask");
}

#[test]
fn slice_writes_copy_and_slice_mut_writes_the_parent() {
    let (original, parent) = write_through_slices().unwrap();
    // NumPy's `original[2:5].copy()` result: original unchanged.
    assert_array_eq(&original, &npy("ap3_copy"), "slice (a value)");
    // NumPy's view write: [1 2 99 99 99].
    assert_array_eq(&parent, &npy("ap3_view"), "slice_mut (a borrow)");
}

#[test]
fn nan_comparison_keeps_everything_and_isnan_filters() {
    let arr = array![1.0, 2.0, f64::NAN, 4.0];
    let bad_len = npy("ap4_bad_len");
    assert_eq!(
        nan_filter_bad(&arr).unwrap() as i64,
        bad_len.get(&[]).unwrap().to_f64() as i64
    );
    assert_array_eq(&nan_filter_good(&arr).unwrap(), &npy("ap4_good"), "isnan");
}

#[test]
fn uint8_wraps_like_numpy_and_int32_does_not() {
    assert_array_eq(
        &add_in_place(DType::U8).unwrap(),
        &npy("ap5_uint8"),
        "uint8",
    );
    assert_array_eq(
        &add_in_place(DType::I32).unwrap(),
        &npy("ap5_int32"),
        "int32",
    );
    // The `+=` operator (panicking form) does the same.
    let mut age = array![200i64].astype(DType::U8);
    age += 100;
    assert_array_eq(&age, &npy("ap5_uint8"), "uint8 +=");
}

#[test]
fn closure_and_power_match_numpy() {
    let arr = array![1.0, 2.0, f64::NAN, 4.0];
    assert_array_eq(
        &square_per_element(&arr).unwrap(),
        &npy("ap6_vectorize"),
        "closure",
    );
    assert_array_eq(
        &square_vectorized(&arr).unwrap(),
        &npy("ap6_power"),
        "power",
    );
}

#[test]
fn transposed_reshape_matches_numpy() {
    let (err, flat, flat2) = reshape_transposed().unwrap();
    assert_eq!(
        err.to_string(),
        "set_shape: Incompatible shape for in-place modification. Use `.reshape()` to make a \
         copy with the desired shape."
    );
    assert_array_eq(&flat, &npy("ap7_flat"), "reshape(-1)");
    assert_array_eq(
        &flat2,
        &npy("ap7_flat"),
        "ascontiguousarray(..).reshape(-1)",
    );
}

#[test]
fn set_shape_changes_a_contiguous_array_in_place_and_keeps_a_failed_one() {
    // `Array::set_shape` (added for this section): a view-only reshape.
    let mut a = Array::arange(12.0, DType::I64);
    let before = a.clone();
    a.set_shape(&[3, -1]).unwrap();
    assert_eq!(a.shape(), &[3, 4]);
    assert!(a.shares_memory(&before));
    let mut t = a.t();
    assert!(t.set_shape(&[12]).is_err());
    assert_eq!(t.shape(), &[4, 3]);
    assert!(t.set_shape(&[5, -1]).is_err(), "12 is not a multiple of 5");
    // A transposed array can still take shapes that keep its axes' order.
    // NumPy's `.reshape(4, 3, 1).strides` of this transpose: (8, 32, 32).
    t.set_shape(&[4, 3, 1]).unwrap();
    assert_eq!(t.strides(), &[8, 32, 32]);
    assert!(t.shares_memory(&before));
}

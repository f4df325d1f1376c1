//! Every error path of the array core, triggered from the public API: each test asserts the
//! `Error` variant with its context and the exact message text (STYLE 9, 12). None may panic.
//!
//! Known bugs stay here as `#[ignore = "bug: ..."]` tests that fail until the bug is fixed.

use numfuse::SliceElem;
use numfuse::prelude::*;

/// Asserts that `$e` is an `Err` matching `$pat` whose message is `$msg`.
macro_rules! assert_err {
    ($e:expr, $pat:pat, $msg:expr) => {
        assert_err!($e, $pat if true, $msg)
    };
    ($e:expr, $pat:pat if $guard:expr, $msg:expr) => {{
        let err: Error = match $e {
            Ok(_) => panic!("expected an error from `{}`", stringify!($e)),
            Err(err) => err,
        };
        assert!(
            matches!(err, $pat if $guard),
            "`{}` gave {err:?}, expected {}",
            stringify!($e),
            stringify!($pat)
        );
        assert_eq!(err.to_string(), $msg, "message of `{}`", stringify!($e));
    }};
}

fn arr34() -> Array {
    Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap()
}

const HUGE: usize = usize::MAX;

// ---------------------------------------------------------------------------------------------
// Shape products that overflow

#[test]
fn try_zeros_element_count_overflow() {
    assert_err!(
        Array::try_zeros(&[HUGE, 2], DType::F64, Order::C),
        Error::ShapeOverflow { ref shape, itemsize: 8 } if shape == &[HUGE, 2],
        "array is too big: shape (18446744073709551615, 2) of 8-byte elements overflows the \
         address space"
    );
    assert_err!(
        Array::try_zeros(&[1 << 32, 1 << 32], DType::U8, Order::F),
        Error::ShapeOverflow { itemsize: 1, .. },
        "array is too big: shape (4294967296, 4294967296) of 1-byte elements overflows the \
         address space"
    );
}

#[test]
fn try_zeros_byte_size_overflow() {
    // 2^61 elements fit in usize, 2^64 bytes do not.
    assert_err!(
        Array::try_zeros(&[1 << 61], DType::F64, Order::C),
        Error::ShapeOverflow { itemsize: 8, .. },
        "array is too big: shape (2305843009213693952,) of 8-byte elements overflows the \
         address space"
    );
    // 2^60 f64 = 2^63 bytes: one past isize::MAX.
    assert_err!(
        Array::try_zeros(&[1 << 30, 1 << 30], DType::F64, Order::C),
        Error::ShapeOverflow { .. },
        "array is too big: shape (1073741824, 1073741824) of 8-byte elements overflows the \
         address space"
    );
}

#[test]
fn try_zeros_allocation_failure() {
    // 2^62 bytes is a valid size that no machine can allocate: reported, not aborted.
    assert_err!(
        Array::try_zeros(&[1 << 59], DType::F64, Order::C),
        Error::ShapeOverflow { itemsize: 8, .. },
        "array is too big: shape (576460752303423488,) of 8-byte elements overflows the \
         address space"
    );
}

#[test]
fn huge_shapes_with_a_zero_length_are_fine() {
    let a = Array::try_zeros(&[HUGE, 0], DType::F64, Order::C).unwrap();
    assert_eq!(a.size(), 0);
    let b = Array::try_zeros(&[0, 1 << 62], DType::I8, Order::F).unwrap();
    assert!(b.is_empty());
}

#[test]
fn try_zeros_zero_length_with_overflowing_rest() {
    // NumPy: np.empty((2**62, 4, 0)) raises "array is too big": the product of the non-zero
    // lengths is checked even when a zero makes the array empty. (This used to panic with
    // "attempt to multiply with overflow" in Layout::size.)
    assert_err!(
        Array::try_zeros(&[HUGE, HUGE, 0], DType::F64, Order::C),
        Error::ShapeOverflow { .. },
        "array is too big: shape (18446744073709551615, 18446744073709551615, 0) of 8-byte \
         elements overflows the address space"
    );
}

#[test]
fn reshape_and_broadcast_zero_length_with_overflowing_rest() {
    let empty = Array::zeros(&[0], DType::F64);
    let r = empty
        .reshape(&[isize::MAX, isize::MAX, 0])
        .map(|a| a.shape().to_vec());
    assert!(matches!(r, Err(Error::ShapeOverflow { .. })), "{r:?}");
    let b = Array::scalar(1.0)
        .broadcast_to(&[HUGE, HUGE, 0])
        .map(|a| a.shape().to_vec());
    assert!(matches!(b, Err(Error::ShapeOverflow { .. })), "{b:?}");
    // The zero may come first, and a -1 next to it is still refused for its own reason.
    let r = empty
        .reshape(&[0, isize::MAX, isize::MAX])
        .map(|a| a.shape().to_vec());
    assert!(matches!(r, Err(Error::ShapeOverflow { .. })), "{r:?}");
    assert_err!(
        Array::from_vec(Vec::<f64>::new(), &[0, HUGE, 2]),
        Error::ShapeOverflow { .. },
        "array is too big: shape (0, 18446744073709551615, 2) of 8-byte elements overflows \
         the address space"
    );
}

#[test]
#[should_panic(expected = "array is too big")]
fn zeros_panics_with_the_try_zeros_message() {
    // Documented under `# Panics`: the infallible constructor panics with the same message.
    let _ = Array::zeros(&[HUGE, 2], DType::F64);
}

#[test]
fn reshape_to_a_huge_shape() {
    let a = arr34();
    assert_err!(
        a.reshape(&[isize::MAX, 4]),
        Error::ShapeOverflow { ref shape, itemsize: 8 } if shape == &[isize::MAX as usize, 4],
        "array is too big: shape (9223372036854775807, 4) of 8-byte elements overflows the \
         address space"
    );
    assert_err!(
        a.reshape(&[isize::MAX, isize::MAX, -1]),
        Error::ShapeOverflow { .. },
        "array is too big: shape (9223372036854775807, 9223372036854775807) of 8-byte \
         elements overflows the address space"
    );
    assert_err!(
        a.reshape_order(&[1 << 40, 1 << 40], Order::F),
        Error::ShapeOverflow { .. },
        "array is too big: shape (1099511627776, 1099511627776) of 8-byte elements \
         overflows the address space"
    );
}

#[test]
fn broadcast_to_a_huge_shape() {
    assert_err!(
        Array::scalar(1.0).broadcast_to(&[HUGE, 2]),
        Error::ShapeOverflow { itemsize: 8, .. },
        "array is too big: shape (18446744073709551615, 2) of 8-byte elements overflows the \
         address space"
    );
    // The element count fits in usize but not the bytes.
    assert_err!(
        Array::arange(2.0, DType::F64).broadcast_to(&[1 << 61, 2]),
        Error::ShapeOverflow { .. },
        "array is too big: shape (2305843009213693952, 2) of 8-byte elements overflows the \
         address space"
    );
    // A huge but representable broadcast is a fine O(1) view.
    let big = Array::scalar(1.0)
        .broadcast_to(&[1 << 40, 1 << 10])
        .unwrap();
    assert_eq!(big.strides(), &[0, 0]);
    assert_eq!(big.get(&[-1, -1]).unwrap(), Scalar::F64(1.0));
}

#[test]
fn copy_of_a_huge_broadcast_returns_an_error() {
    // `to_vec` and `reshape` return `Result`, so the copy they need reports the failed
    // allocation (it used to panic with "allocate: unable to allocate 4611686018427387904
    // bytes" because Array::copy_order unwrapped).
    let big = Array::scalar(1.0).broadcast_to(&[1 << 59]).unwrap();
    assert_err!(
        big.to_vec::<f64>(),
        Error::ShapeOverflow { itemsize: 8, .. },
        "array is too big: shape (576460752303423488,) of 8-byte elements overflows the \
         address space"
    );
    let big2 = Array::arange(2.0, DType::F64)
        .broadcast_to(&[1 << 58, 2])
        .unwrap();
    assert!(matches!(
        big2.t().reshape(&[-1]),
        Err(Error::ShapeOverflow { .. })
    ));
    assert!(big.try_copy_order(Order::F).is_err());
    assert!(big.try_flatten().is_err());
    assert!(big.astype_casting(DType::F32, Casting::Unsafe).is_err());
    // A wider dtype can overflow the byte size where the source did not.
    let bytes = Array::scalar(1u8).broadcast_to(&[1 << 61]).unwrap();
    assert_err!(
        bytes.astype_casting(DType::F64, Casting::Unsafe),
        Error::ShapeOverflow { itemsize: 8, .. },
        "array is too big: shape (2305843009213693952,) of 8-byte elements overflows the \
         address space"
    );
    // Iterating a huge broadcast view is lazy: nothing is copied.
    let v = big.view::<f64>().unwrap();
    assert_eq!(v.iter().len(), 1 << 59);
    assert_eq!(v.iter().take(3).collect::<Vec<_>>(), vec![1.0; 3]);
}

#[test]
fn from_vec_with_a_huge_shape() {
    assert_err!(
        Array::from_vec(vec![1.0f64; 4], &[HUGE, HUGE]),
        Error::ShapeOverflow { .. },
        "array is too big: shape (18446744073709551615, 18446744073709551615) of 8-byte \
         elements overflows the address space"
    );
}

// ---------------------------------------------------------------------------------------------
// reshape

#[test]
fn reshape_wrong_size() {
    let a = arr34();
    assert_err!(
        a.reshape(&[5, 3]),
        Error::Shape { op: "reshape", .. },
        "reshape: cannot reshape array of size 12 into shape (5,3)"
    );
    assert_err!(
        a.reshape(&[7]),
        Error::Shape { op: "reshape", .. },
        "reshape: cannot reshape array of size 12 into shape (7,)"
    );
    assert_err!(
        a.reshape(&[5, -1]),
        Error::Shape { op: "reshape", .. },
        "reshape: cannot reshape array of size 12 into shape (5,newaxis)"
    );
    assert_err!(
        a.reshape(&[]),
        Error::Shape { .. },
        "reshape: cannot reshape array of size 12 into shape ()"
    );
    assert_err!(
        a.reshape_order(&[2, 5], Order::F),
        Error::Shape { .. },
        "reshape: cannot reshape array of size 12 into shape (2,5)"
    );
    // -1 next to a zero length cannot be inferred (NumPy raises too).
    assert_err!(
        Array::zeros(&[0], DType::F64).reshape(&[-1, 0]),
        Error::Shape { .. },
        "reshape: cannot reshape array of size 0 into shape (newaxis,0)"
    );
}

#[test]
fn reshape_two_unknowns_and_negative_lengths() {
    let a = arr34();
    assert_err!(
        a.reshape(&[-1, -1]),
        Error::Shape { op: "reshape", .. },
        "reshape: can only specify one unknown dimension"
    );
    assert_err!(
        a.reshape(&[-1, 2, -1]),
        Error::Shape { .. },
        "reshape: can only specify one unknown dimension"
    );
    assert_err!(
        a.reshape(&[-3, 4]),
        Error::Value { op: "reshape", .. },
        "reshape: negative dimensions not allowed, got -3"
    );
}

// ---------------------------------------------------------------------------------------------
// Basic indexing

#[test]
fn integer_index_out_of_range() {
    let a = Array::arange(10.0, DType::F64);
    assert_err!(
        a.slice(s![10]),
        Error::IndexOutOfBounds {
            index: 10,
            axis: 0,
            len: 10
        },
        "index 10 is out of bounds for axis 0 with size 10"
    );
    assert_err!(
        a.slice(s![-11]),
        Error::IndexOutOfBounds {
            index: -11,
            axis: 0,
            len: 10
        },
        "index -11 is out of bounds for axis 0 with size 10"
    );
    assert!(a.slice(s![-10]).is_ok());
    assert!(a.slice(s![9]).is_ok());
    assert_err!(
        a.slice(s![isize::MIN]),
        Error::IndexOutOfBounds { .. },
        "index -9223372036854775808 is out of bounds for axis 0 with size 10"
    );
    assert_err!(
        Array::zeros(&[0], DType::I32).slice(s![0]),
        Error::IndexOutOfBounds { len: 0, .. },
        "index 0 is out of bounds for axis 0 with size 0"
    );
}

#[test]
fn integer_index_out_of_range_names_the_source_axis() {
    let a = arr34();
    assert_err!(
        a.slice(s![.., 4]),
        Error::IndexOutOfBounds {
            index: 4,
            axis: 1,
            len: 4
        },
        "index 4 is out of bounds for axis 1 with size 4"
    );
    // As in NumPy, NewAxis does not count: `z[None, 3]` is about axis 0.
    assert_err!(
        a.slice(s![NewAxis, 3]),
        Error::IndexOutOfBounds { axis: 0, .. },
        "index 3 is out of bounds for axis 0 with size 3"
    );
    assert_err!(
        a.slice(s![Ellipsis, 5]),
        Error::IndexOutOfBounds { axis: 1, .. },
        "index 5 is out of bounds for axis 1 with size 4"
    );
    assert_err!(
        a.slice(s![.., NewAxis, -5]),
        Error::IndexOutOfBounds {
            index: -5,
            axis: 1,
            ..
        },
        "index -5 is out of bounds for axis 1 with size 4"
    );
}

#[test]
fn usize_index_above_isize_max_is_out_of_range() {
    // `s![usize::MAX]` used to wrap to Index(-1) and select the last element; it saturates to
    // isize::MAX, which is out of bounds for every axis.
    let a = Array::arange(5.0, DType::F64);
    assert!(matches!(
        a.slice(s![usize::MAX]),
        Err(Error::IndexOutOfBounds { .. })
    ));
    assert_err!(
        a.slice(s![1usize << 63]),
        Error::IndexOutOfBounds {
            index: isize::MAX,
            axis: 0,
            len: 5
        },
        "index 9223372036854775807 is out of bounds for axis 0 with size 5"
    );
}

#[test]
fn usize_range_bound_above_isize_max_clips_to_the_end() {
    // `s![1..usize::MAX - 1]` used to wrap to 1..-2 and drop the last two elements; Python
    // clips `a[1:2**64-2]` to the end.
    let a = Array::arange(5.0, DType::F64);
    let v = a.slice(s![1..usize::MAX - 1]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![1.0, 2.0, 3.0, 4.0]);
    let v = a.slice(s![usize::MAX..;-2]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![4.0, 2.0, 0.0]);
    let v = a.slice(s![2..=usize::MAX]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![2.0, 3.0, 4.0]);
}

#[test]
fn inclusive_range_to_isize_max() {
    let a = Array::arange(5.0, DType::F64);
    let v = a.slice(s![0..=isize::MAX]).unwrap();
    assert_eq!(v.size(), 5);
    let v = a.slice(s![isize::MIN..=isize::MAX;isize::MAX]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![0.0]);
    let v = a.slice(s![..=isize::MIN;-1]).unwrap();
    assert_eq!(v.size(), 5);
}

#[test]
#[expect(
    clippy::reversed_empty_ranges,
    reason = "s![3..isize::MIN;isize::MIN] is a NumPy-style reversed slice, not an empty Rust range"
)]
fn step_isize_min() {
    // NumPy: np.arange(5.)[::-2**63] == [4.]
    let a = Array::arange(5.0, DType::F64);
    let v = a.slice(s![..;isize::MIN]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![4.0]);
    // np.arange(5.)[3:-2**63:-2**63] == [3.], np.arange(5.)[::2**63-1] == [0.]
    let v = a.slice(s![3..isize::MIN;isize::MIN]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![3.0]);
    let v = a.slice(s![..;isize::MAX]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![0.0]);
    assert_eq!(
        Array::zeros(&[0], DType::F64)
            .slice(s![..;isize::MIN])
            .unwrap()
            .size(),
        0
    );
}

#[test]
#[expect(
    clippy::reversed_empty_ranges,
    reason = "s![4..=0;-1] is a NumPy-style reversed slice, not an empty Rust range"
)]
fn inclusive_range_with_negative_step() {
    // `4..=0;-1` used to turn `..=0` into the exclusive stop 1 before the step was known,
    // giving [4, 3, 2]; the inclusive end is kept until the step's sign is.
    let a = Array::arange(5.0, DType::F64);
    let v = a.slice(s![4..=0;-1]).unwrap();
    assert_eq!(v.to_vec::<f64>().unwrap(), vec![4.0, 3.0, 2.0, 1.0, 0.0]);
    // (index, the NumPy slice it means, the result)
    let cases: [(Vec<SliceElem>, &str, Vec<f64>); 9] = [
        (s![..=-1;-1].to_vec(), "a[:-2:-1]", vec![4.0]),
        (s![..=-2;-1].to_vec(), "a[:-3:-1]", vec![4.0, 3.0]),
        (
            s![..=-5;-1].to_vec(),
            "a[::-1]",
            vec![4.0, 3.0, 2.0, 1.0, 0.0],
        ),
        (s![3..=1;-2].to_vec(), "a[3:0:-2]", vec![3.0, 1.0]),
        (s![2..=2].to_vec(), "a[2:3]", vec![2.0]),
        (s![..=2].to_vec(), "a[:3]", vec![0.0, 1.0, 2.0]),
        (s![..=-1].to_vec(), "a[:]", vec![0.0, 1.0, 2.0, 3.0, 4.0]),
        (s![1..=-2;2].to_vec(), "a[1:-1:2]", vec![1.0, 3.0]),
        (
            s![..=0;-1].to_vec(),
            "a[::-1]",
            vec![4.0, 3.0, 2.0, 1.0, 0.0],
        ),
    ];
    for (index, numpy, want) in cases {
        let got = a.slice(&index).unwrap().to_vec::<f64>().unwrap();
        assert_eq!(got, want, "{numpy}");
    }
}

#[test]
fn too_many_indices() {
    let a = arr34();
    assert_err!(
        a.slice(s![0, 0, 0]),
        Error::Index { .. },
        "too many indices for array: array is 2-dimensional, but 3 were indexed"
    );
    assert_err!(
        a.slice(s![.., 1..2, 0, Ellipsis]),
        Error::Index { .. },
        "too many indices for array: array is 2-dimensional, but 3 were indexed"
    );
    assert_err!(
        Array::scalar(1.0).slice(s![0]),
        Error::Index { .. },
        "too many indices for array: array is 0-dimensional, but 1 were indexed"
    );
    // NewAxis and Ellipsis index nothing.
    assert!(a.slice(s![NewAxis, 0, NewAxis, 0, NewAxis]).is_ok());
}

#[test]
fn two_ellipses() {
    let a = arr34();
    assert_err!(
        a.slice(s![Ellipsis, 0, Ellipsis]),
        Error::Index { .. },
        "an index can only have a single ellipsis ('...')"
    );
    assert_err!(
        a.slice(s![Ellipsis, Ellipsis]),
        Error::Index { .. },
        "an index can only have a single ellipsis ('...')"
    );
}

#[test]
fn zero_step() {
    let a = Array::arange(10.0, DType::F64);
    assert_err!(
        a.slice(s![..;0]),
        Error::Value { op: "slice", .. },
        "slice: slice step cannot be zero"
    );
    assert_err!(
        arr34().slice(s![1, 2..;0]),
        Error::Value { op: "slice", .. },
        "slice: slice step cannot be zero"
    );
    // An empty axis does not excuse a zero step.
    assert_err!(
        Array::zeros(&[0], DType::F64).slice(s![..;0]),
        Error::Value { .. },
        "slice: slice step cannot be zero"
    );
}

#[test]
fn step_on_a_non_range() {
    let a = Array::arange(10.0, DType::F64);
    assert_err!(
        a.slice(s![3;2]),
        Error::Index { .. },
        "a step (`;k`) can only follow a range in s![]"
    );
    assert_err!(
        arr34().slice(s![.., 1;-1]),
        Error::Index { .. },
        "a step (`;k`) can only follow a range in s![]"
    );
    // A range that already has a step cannot take another (the step applies once).
    let twice = SliceElem::from(1..3).step(2).step(3);
    assert_err!(
        a.slice([twice]),
        Error::Index { .. },
        "a step (`;k`) can only follow a range in s![]"
    );
}

#[test]
fn slice_mut_reports_the_same_errors() {
    let mut a = arr34();
    assert_err!(
        a.slice_mut(s![3]),
        Error::IndexOutOfBounds { .. },
        "index 3 is out of bounds for axis 0 with size 3"
    );
    assert_err!(
        a.slice_mut(s![0, 0, 0]),
        Error::Index { .. },
        "too many indices for array: array is 2-dimensional, but 3 were indexed"
    );
    assert_err!(
        a.slice_mut(s![..;0]),
        Error::Value { .. },
        "slice: slice step cannot be zero"
    );
    let mut v = a.slice_mut(s![1..]).unwrap();
    assert_err!(
        v.slice_mut(s![2]),
        Error::IndexOutOfBounds { len: 2, .. },
        "index 2 is out of bounds for axis 0 with size 2"
    );
    // Nothing was written by the failed calls.
    assert_eq!(a.to_vec::<f64>().unwrap(), arr34().to_vec::<f64>().unwrap());
}

// ---------------------------------------------------------------------------------------------
// get / set

#[test]
fn get_wrong_index_count() {
    let a = arr34();
    assert_err!(
        a.get(&[1]),
        Error::Index { .. },
        "an element index needs 2 entries for shape (3, 4), got 1"
    );
    assert_err!(
        a.get(&[1, 2, 3]),
        Error::Index { .. },
        "an element index needs 2 entries for shape (3, 4), got 3"
    );
    assert_err!(
        Array::scalar(2i32).get(&[0]),
        Error::Index { .. },
        "an element index needs 0 entries for shape (), got 1"
    );
    assert_eq!(Array::scalar(2i32).get(&[]).unwrap(), Scalar::I32(2));
}

#[test]
fn get_out_of_range() {
    let a = arr34();
    assert_err!(
        a.get(&[3, 0]),
        Error::IndexOutOfBounds {
            index: 3,
            axis: 0,
            len: 3
        },
        "index 3 is out of bounds for axis 0 with size 3"
    );
    assert_err!(
        a.get(&[0, -5]),
        Error::IndexOutOfBounds {
            index: -5,
            axis: 1,
            len: 4
        },
        "index -5 is out of bounds for axis 1 with size 4"
    );
    assert_err!(
        a.t().get(&[4, 0]),
        Error::IndexOutOfBounds {
            axis: 0,
            len: 4,
            ..
        },
        "index 4 is out of bounds for axis 0 with size 4"
    );
}

#[test]
fn set_wrong_index_count_or_out_of_range() {
    let mut a = arr34();
    assert_err!(
        a.set(&[0], 1.0),
        Error::Index { .. },
        "an element index needs 2 entries for shape (3, 4), got 1"
    );
    assert_err!(
        a.set(&[0, 4], 1.0),
        Error::IndexOutOfBounds { .. },
        "index 4 is out of bounds for axis 1 with size 4"
    );
    assert_err!(
        a.set(&[-4, 0], 1.0),
        Error::IndexOutOfBounds { .. },
        "index -4 is out of bounds for axis 0 with size 3"
    );
    // A failed set on a shared buffer neither copies nor writes.
    let b = a.clone();
    assert!(a.set(&[9, 9], 1.0).is_err());
    assert!(a.shares_memory(&b));
    assert_eq!(a.to_vec::<f64>().unwrap(), arr34().to_vec::<f64>().unwrap());
}

#[test]
fn view_mut_get_set_errors() {
    let mut a = arr34();
    let mut v = a.slice_mut(s![1..]).unwrap();
    assert_err!(
        v.set(&[2, 0], 1.0),
        Error::IndexOutOfBounds { .. },
        "index 2 is out of bounds for axis 0 with size 2"
    );
    assert_err!(
        v.get(&[0]),
        Error::Index { .. },
        "an element index needs 2 entries for shape (2, 4), got 1"
    );
}

#[test]
fn get_and_set_on_many_dimensions() {
    // `expand_dims` builds a (1,)*40 array happily (NumPy allows 64 dimensions), and a full
    // index works on it (it used to fail with Error::Index "too many indices" because of a
    // fixed 32-entry buffer in access.rs `element_offset`).
    let mut a = Array::scalar(1.0);
    for _ in 0..40 {
        a = a.expand_dims(0).unwrap();
    }
    assert_eq!(a.get(&[0; 40]).unwrap(), Scalar::F64(1.0));
    a.set(&[0; 40], 2.0).unwrap();
    assert_eq!(a.get(&[-1; 40]).unwrap(), Scalar::F64(2.0));
    assert_err!(
        a.get(&[0; 41]),
        Error::Index { .. },
        format!(
            "an element index needs 40 entries for shape ({}), got 41",
            ["1"; 40].join(", ")
        )
    );
    let mut v = a.view_mut().unwrap();
    v.set(&[0; 40], 3.0).unwrap();
    assert_eq!(v.get(&[0; 40]).unwrap(), Scalar::F64(3.0));
}

// ---------------------------------------------------------------------------------------------
// Read-only views

const READ_ONLY: &str = "assignment destination is read-only (a read-only view)";

#[test]
fn writes_to_a_broadcast_view_are_refused() {
    let a = Array::arange(3.0, DType::F64);
    let mut b = a.broadcast_to(&[4, 3]).unwrap();
    assert!(!b.flags().writeable);
    assert_err!(b.fill(1.0), Error::ReadOnly { .. }, READ_ONLY);
    assert_err!(b.set(&[0, 0], 1.0), Error::ReadOnly { .. }, READ_ONLY);
    assert_err!(b.slice_mut(s![0]), Error::ReadOnly { .. }, READ_ONLY);
    assert_err!(b.view_mut(), Error::ReadOnly { .. }, READ_ONLY);
    // as_slice_mut checks the dtype, then contiguity, then writeability.
    let mut row = Array::arange(3.0, DType::F64)
        .broadcast_to(&[1, 3])
        .unwrap();
    assert!(row.is_c_contiguous());
    assert_err!(row.as_slice_mut::<f64>(), Error::ReadOnly { .. }, READ_ONLY);
    assert_err!(
        b.as_slice_mut::<f64>(),
        Error::NotContiguous { .. },
        "as_slice_mut: the array is not contiguous"
    );
    // Nothing changed, and the source is still writeable.
    assert_eq!(a.to_vec::<f64>().unwrap(), vec![0.0, 1.0, 2.0]);
    assert!(a.flags().writeable);
}

#[test]
fn views_of_read_only_views_stay_read_only() {
    let a = Array::arange(6.0, DType::F64).reshape(&[2, 3]).unwrap();
    let b = a.broadcast_to(&[2, 2, 3]).unwrap();
    let derived = [
        b.clone(),
        b.t(),
        b.slice(s![0]).unwrap(),
        b.swapaxes(0, 2).unwrap(),
        b.expand_dims(0).unwrap(),
        b.slice(s![..1]).unwrap().squeeze(None).unwrap(),
        b.slice(s![0]).unwrap().reshape(&[3, 2]).unwrap(),
    ];
    for mut d in derived {
        assert!(!d.flags().writeable, "{:?}", d.shape());
        assert_err!(d.fill(7.0), Error::ReadOnly { .. }, READ_ONLY);
    }
    // A copy is writeable again.
    let mut c = b.copy();
    assert!(c.flags().writeable);
    c.fill(7.0).unwrap();
    assert_eq!(a.get(&[0, 0]).unwrap(), Scalar::F64(0.0));
}

#[test]
fn broadcast_incompatible() {
    let a = Array::arange(3.0, DType::F64);
    assert_err!(
        a.broadcast_to(&[4, 2]),
        Error::Broadcast { op: "broadcast_to", ref shapes } if shapes == &[vec![3], vec![4, 2]],
        "operands could not be broadcast together with remapped shapes [original->remapped]: (3,)  and requested shape (4,2)"
    );
    assert_err!(
        a.broadcast_to(&[]),
        Error::Broadcast { .. },
        "operands could not be broadcast together with remapped shapes [original->remapped]: (3,)  and requested shape ()"
    );
    assert_err!(
        a.broadcast_to(&[0]),
        Error::Broadcast { .. },
        "operands could not be broadcast together with remapped shapes [original->remapped]: (3,)  and requested shape (0,)"
    );
    let b = Array::zeros(&[4], DType::F64);
    assert_err!(
        a.broadcast_with(&b),
        Error::Broadcast {
            op: "broadcast",
            ..
        },
        "operands could not be broadcast together with shapes (3,) (4,)"
    );
    let c = Array::zeros(&[2, 1], DType::F64);
    assert_err!(
        numfuse::broadcast_arrays(&[&c, &a, &b]),
        Error::Broadcast { ref shapes, .. } if shapes.len() == 3,
        "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between \
         arg 1 with shape (3,) and arg 2 with shape (4,)."
    );
}

#[test]
fn assign_incompatible_shape() {
    let mut a = Array::arange(6.0, DType::F64);
    let src = Array::arange(2.0, DType::F64);
    let mut v = a.slice_mut(s![2..5]).unwrap();
    assert_err!(
        v.assign(&src),
        Error::Broadcast { .. },
        "operands could not be broadcast together with remapped shapes [original->remapped]: (2,)  and requested shape (3,)"
    );
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 2.0, 3.0, 4.0, 5.0]
    );
}

#[test]
fn assign_strips_leading_unit_axes() {
    // NumPy: x = np.arange(6.); x[2:5] = np.ones((1, 3)) gives [0, 1, 1, 1, 1, 5].
    let mut a = Array::arange(6.0, DType::F64);
    a.slice_mut(s![2..5])
        .unwrap()
        .assign(&Array::ones(&[1, 3], DType::F64))
        .unwrap();
    assert_eq!(
        a.to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 1.0, 1.0, 1.0, 5.0]
    );
    // Several leading length-1 axes, and a source that also broadcasts.
    let src = Array::arange(2.0, DType::F64)
        .reshape(&[1, 1, 1, 2])
        .unwrap();
    let mut b = Array::zeros(&[3, 2], DType::F64);
    b.view_mut().unwrap().assign(&src).unwrap();
    assert_eq!(
        b.to_vec::<f64>().unwrap(),
        vec![0.0, 1.0, 0.0, 1.0, 0.0, 1.0]
    );
    // An extra leading axis longer than 1 is still refused, naming the shape as given.
    assert_err!(
        b.view_mut()
            .unwrap()
            .assign(&Array::zeros(&[2, 1, 2], DType::F64)),
        Error::Broadcast { .. },
        "operands could not be broadcast together with remapped shapes [original->remapped]: (2,1,2)  and requested shape (3,2)"
    );
    assert_err!(
        a.slice_mut(s![2..5])
            .unwrap()
            .assign(&Array::zeros(&[1, 2], DType::F64)),
        Error::Broadcast { .. },
        "operands could not be broadcast together with remapped shapes [original->remapped]: (1,2)  and requested shape (3,)"
    );
}

// ---------------------------------------------------------------------------------------------
// Casting and typed access

#[test]
fn astype_casting_refused() {
    let a = Array::arange(3.0, DType::F64);
    assert_err!(
        a.astype_casting(DType::I64, Casting::SameKind),
        Error::Cast {
            from: DType::F64,
            to: DType::I64,
            casting: "same_kind"
        },
        "cannot cast array data from dtype('float64') to dtype('int64') according to the rule \
         'same_kind'"
    );
    assert_err!(
        a.astype_casting(DType::F32, Casting::Safe),
        Error::Cast {
            casting: "safe",
            ..
        },
        "cannot cast array data from dtype('float64') to dtype('float32') according to the rule \
         'safe'"
    );
    let i = Array::arange(3.0, DType::I64);
    assert_err!(
        i.astype_casting(DType::F64, Casting::No),
        Error::Cast { casting: "no", .. },
        "cannot cast array data from dtype('int64') to dtype('float64') according to the rule \
         'no'"
    );
    assert_err!(
        i.astype_casting(DType::U64, Casting::Safe),
        Error::Cast { .. },
        "cannot cast array data from dtype('int64') to dtype('uint64') according to the rule \
         'safe'"
    );
    assert_err!(
        Array::zeros(&[2], DType::U8).astype_casting(DType::Bool, Casting::SameKind),
        Error::Cast { .. },
        "cannot cast array data from dtype('uint8') to dtype('bool') according to the rule \
         'same_kind'"
    );
    // What the rules allow goes through.
    assert_eq!(
        i.astype_casting(DType::F64, Casting::Safe).unwrap().dtype(),
        DType::F64
    );
    assert!(a.astype_casting(DType::I8, Casting::Unsafe).is_ok());
}

#[test]
fn from_vec_length_mismatch() {
    assert_err!(
        Array::from_vec(vec![1.0f64; 5], &[2, 3]),
        Error::Shape {
            op: "from_shape_vec",
            ..
        },
        "from_shape_vec: cannot reshape array of size 5 into shape (2,3)"
    );
    assert_err!(
        Array::from_vec(vec![1u8; 2], &[]),
        Error::Shape { .. },
        "from_shape_vec: cannot reshape array of size 2 into shape ()"
    );
    assert_err!(
        Array::from_shape_vec(&[4], vec![1i32; 3], Order::F),
        Error::Shape { .. },
        "from_shape_vec: cannot reshape array of size 3 into shape (4,)"
    );
}

#[test]
fn as_slice_non_contiguous() {
    let a = arr34();
    assert_err!(
        a.t().as_slice::<f64>(),
        Error::NotContiguous { op: "as_slice" },
        "as_slice: the array is not contiguous"
    );
    assert_err!(
        a.slice(s![.., ..2]).unwrap().as_slice::<f64>(),
        Error::NotContiguous { .. },
        "as_slice: the array is not contiguous"
    );
    assert_err!(
        a.slice(s![..;-1]).unwrap().as_slice::<f64>(),
        Error::NotContiguous { .. },
        "as_slice: the array is not contiguous"
    );
    let mut t = a.t();
    assert_err!(
        t.as_slice_mut::<f64>(),
        Error::NotContiguous { op: "as_slice_mut" },
        "as_slice_mut: the array is not contiguous"
    );
    // Length-1 axes and empty arrays are contiguous whatever their strides.
    assert!(a.slice(s![.., 1..2]).unwrap().as_slice::<f64>().is_err());
    assert_eq!(
        a.slice(s![1..2]).unwrap().as_slice::<f64>().unwrap(),
        &[4.0, 5.0, 6.0, 7.0]
    );
    assert!(
        a.slice(s![.., 4..])
            .unwrap()
            .as_slice::<f64>()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn typed_access_with_the_wrong_element_type() {
    let a = arr34();
    assert_err!(
        a.as_slice::<f32>(),
        Error::DType {
            op: "as_slice",
            got: DType::F64,
            ..
        },
        "as_slice: expected float32, got float64"
    );
    // The dtype is checked before contiguity.
    assert_err!(
        a.t().as_slice::<i64>(),
        Error::DType { .. },
        "as_slice: expected int64, got float64"
    );
    let mut b = a.clone();
    assert_err!(
        b.as_slice_mut::<u8>(),
        Error::DType { .. },
        "as_slice_mut: expected uint8, got float64"
    );
    assert_err!(
        a.view::<f32>(),
        Error::DType { op: "view", .. },
        "view: expected float32, got float64"
    );
    assert_err!(
        Array::zeros(&[2], DType::Bool).view::<u8>(),
        Error::DType { .. },
        "view: expected uint8, got bool"
    );
    assert_err!(
        a.to_vec::<i64>(),
        Error::DType { op: "to_vec", .. },
        "to_vec: expected int64, got float64"
    );
    let mut c = arr34();
    let mut v = c.view_mut().unwrap();
    assert_err!(
        v.typed::<i32>(),
        Error::DType { op: "typed", .. },
        "typed: expected int32, got float64"
    );
    // A failed typed borrow on a shared buffer does not copy it.
    assert!(b.shares_memory(&a));
}

// ---------------------------------------------------------------------------------------------
// Axes

#[test]
fn permute_axes_bad_permutation() {
    let a = Array::zeros(&[2, 3, 4], DType::I8);
    assert_err!(
        a.permute_axes(&[0, 1]),
        Error::Value {
            op: "transpose",
            ..
        },
        "transpose: axes don't match array"
    );
    assert_err!(
        a.permute_axes(&[0, 1, 2, 3]),
        Error::Value { .. },
        "transpose: axes don't match array"
    );
    assert_err!(
        a.permute_axes(&[0, 0, 1]),
        Error::Value { .. },
        "transpose: repeated axis in transpose"
    );
    assert_err!(
        a.permute_axes(&[0, -3, 1]),
        Error::Value { .. },
        "transpose: repeated axis in transpose"
    );
    assert_err!(
        a.permute_axes(&[0, 1, 3]),
        Error::AxisOutOfRange { axis: 3, ndim: 3 },
        "axis 3 is out of bounds for array of dimension 3"
    );
    assert_err!(
        a.transpose(Some(&[-4, 0, 1])),
        Error::AxisOutOfRange { axis: -4, ndim: 3 },
        "axis -4 is out of bounds for array of dimension 3"
    );
    assert_eq!(a.permute_axes(&[-1, 0, 1]).unwrap().shape(), &[4, 2, 3]);
}

#[test]
fn swapaxes_axis_out_of_range() {
    let a = arr34();
    assert_err!(
        a.swapaxes(0, 2),
        Error::AxisOutOfRange { axis: 2, ndim: 2 },
        "axis 2 is out of bounds for array of dimension 2"
    );
    assert_err!(
        a.swapaxes(-3, 0),
        Error::AxisOutOfRange { axis: -3, ndim: 2 },
        "axis -3 is out of bounds for array of dimension 2"
    );
    assert_err!(
        Array::scalar(1.0).swapaxes(0, 0),
        Error::AxisOutOfRange { axis: 0, ndim: 0 },
        "axis 0 is out of bounds for array of dimension 0"
    );
}

#[test]
fn moveaxis_axis_out_of_range() {
    let a = Array::zeros(&[2, 3, 4], DType::F32);
    assert_err!(
        a.moveaxis(3, 0),
        Error::AxisOutOfRange { axis: 3, ndim: 3 },
        "axis 3 is out of bounds for array of dimension 3"
    );
    assert_err!(
        a.moveaxis(0, -4),
        Error::AxisOutOfRange { axis: -4, ndim: 3 },
        "axis -4 is out of bounds for array of dimension 3"
    );
}

#[test]
fn expand_dims_axis_out_of_range() {
    let a = arr34();
    // The axis counts in the result, which has 3 dimensions.
    assert_err!(
        a.expand_dims(3),
        Error::AxisOutOfRange { axis: 3, ndim: 3 },
        "axis 3 is out of bounds for array of dimension 3"
    );
    assert_err!(
        a.expand_dims(-4),
        Error::AxisOutOfRange { axis: -4, ndim: 3 },
        "axis -4 is out of bounds for array of dimension 3"
    );
    assert_eq!(a.expand_dims(2).unwrap().shape(), &[3, 4, 1]);
    assert_eq!(a.expand_dims(-3).unwrap().shape(), &[1, 3, 4]);
}

#[test]
fn squeeze_axis_out_of_range_or_not_length_one() {
    let a = Array::zeros(&[1, 3, 1], DType::F64);
    assert_err!(
        a.squeeze(Some(&[3])),
        Error::AxisOutOfRange { axis: 3, ndim: 3 },
        "axis 3 is out of bounds for array of dimension 3"
    );
    assert_err!(
        a.squeeze(Some(&[-4])),
        Error::AxisOutOfRange { axis: -4, ndim: 3 },
        "axis -4 is out of bounds for array of dimension 3"
    );
    assert_err!(
        a.squeeze(Some(&[1])),
        Error::Value { op: "squeeze", .. },
        "squeeze: cannot select an axis to squeeze out which has size not equal to one"
    );
    assert_eq!(a.squeeze(Some(&[-1])).unwrap().shape(), &[1, 3]);
}

#[test]
fn squeeze_repeated_axis() {
    let a = Array::zeros(&[1, 3, 1], DType::F64);
    assert!(matches!(
        a.squeeze(Some(&[0, -3])),
        Err(Error::Value { op: "squeeze", .. })
    ));
    assert_err!(
        a.squeeze(Some(&[2, 2])),
        Error::Value { op: "squeeze", .. },
        "squeeze: duplicate value in 'axis'"
    );
    // As in NumPy, repeats are found before lengths are checked ...
    assert_err!(
        a.squeeze(Some(&[1, 1])),
        Error::Value { .. },
        "squeeze: duplicate value in 'axis'"
    );
    // ... and range errors in the order the axes are listed.
    assert_err!(
        a.squeeze(Some(&[0, 0, 5])),
        Error::Value { .. },
        "squeeze: duplicate value in 'axis'"
    );
    assert_err!(
        a.squeeze(Some(&[1, 5])),
        Error::AxisOutOfRange { axis: 5, ndim: 3 },
        "axis 5 is out of bounds for array of dimension 3"
    );
    assert_eq!(a.squeeze(Some(&[0, -1])).unwrap().shape(), &[3]);
}

// ---------------------------------------------------------------------------------------------
// arange

#[test]
fn arange_step_zero_or_not_finite() {
    assert_err!(
        Array::arange_step(0.0, 10.0, 0.0, DType::F64),
        Error::Value { op: "arange", .. },
        "arange: maximum allowed size exceeded: step must not be zero"
    );
    assert_err!(
        Array::arange_step(0.0, 10.0, -0.0, DType::I64),
        Error::Value { .. },
        "arange: maximum allowed size exceeded: step must not be zero"
    );
    for (start, stop, step) in [
        (0.0, 10.0, f64::NAN),
        (f64::NAN, 10.0, 1.0),
        (0.0, f64::NAN, 1.0),
        (0.0, f64::INFINITY, 1.0),
        (0.0, 10.0, f64::NEG_INFINITY),
    ] {
        assert_err!(
            Array::arange_step(start, stop, step, DType::F64),
            Error::Value { op: "arange", .. },
            "arange: arange requires finite start, stop and step"
        );
    }
}

#[test]
fn arange_too_long() {
    assert_err!(
        Array::arange_step(0.0, 1e300, 1e-300, DType::F64),
        Error::Value { op: "arange", .. },
        "arange: maximum allowed size exceeded"
    );
    assert_err!(
        Array::arange_step(0.0, 1e18, 1.0, DType::F64),
        Error::ShapeOverflow { itemsize: 8, .. },
        "array is too big: shape (1000000000000000000,) of 8-byte elements overflows the \
         address space"
    );
    // Stepping away from `stop` is empty, not an error.
    assert_eq!(
        Array::arange_step(0.0, 10.0, -1.0, DType::F64)
            .unwrap()
            .shape(),
        &[0]
    );
}

// ---------------------------------------------------------------------------------------------
// The error type itself

#[test]
fn error_is_a_std_error_with_an_io_source() {
    use std::error::Error as _;
    let io = std::io::Error::new(std::io::ErrorKind::NotFound, "no such file");
    let e = Error::from(io);
    assert_eq!(e.to_string(), "i/o error: no such file");
    assert!(e.source().is_some());
    let e = arr34().reshape(&[5]).unwrap_err();
    assert!(e.source().is_none());
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(e);
    assert!(boxed.to_string().starts_with("reshape: "));
}

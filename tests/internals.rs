//! Seed section 1, "NumPy Internals — How It Really Works", reproduced exactly:
//! `np.arange(12, dtype=np.float64).reshape(3, 4)`, its shape, strides and flags, the element
//! address rule, the transpose, and which reshapes copy.

use numfuse::ir::ShapeDisplay;
use numfuse::prelude::*;

/// `arr = np.arange(12, dtype=np.float64).reshape(3, 4)`
fn seed_array() -> Array {
    Array::arange(12.0, DType::F64).reshape(&[3, 4]).unwrap()
}

#[test]
fn shape_and_strides() {
    let arr = seed_array();
    assert_eq!(arr.dtype(), DType::F64);
    assert_eq!(arr.shape(), &[3, 4]);
    assert_eq!(ShapeDisplay(arr.shape()).to_string(), "(3, 4)");
    // 32 bytes per row, 8 bytes per column.
    assert_eq!(arr.strides(), &[32, 8]);
    assert_eq!(arr.ndim(), 2);
    assert_eq!(arr.size(), 12);
    assert_eq!(arr.itemsize(), 8);
    assert_eq!(arr.nbytes(), 96);
    assert_eq!(arr.len(), 3);
    assert_eq!(
        arr.to_vec::<f64>().unwrap(),
        (0..12).map(f64::from).collect::<Vec<_>>()
    );
}

#[test]
fn flags() {
    let arr = seed_array();
    let f = arr.flags();
    assert!(f.c_contiguous);
    assert!(!f.f_contiguous);
    // `reshape` returned a view of the arange buffer: NumPy's
    // `np.arange(12.).reshape(3, 4).flags.owndata` is False too.
    assert!(!f.owndata);
    assert!(f.writeable);
    assert!(f.aligned);
    assert!(arr.is_c_contiguous());
    assert!(!arr.is_f_contiguous());
}

#[test]
fn flags_text_matches_numpy() {
    let arr = seed_array();
    assert_eq!(
        arr.flags().to_string(),
        "  C_CONTIGUOUS : True\n  F_CONTIGUOUS : False\n  OWNDATA : False\n  \
         WRITEABLE : True\n  ALIGNED : True\n  WRITEBACKIFCOPY : False"
    );
    assert_eq!(
        arr.t().flags().to_string(),
        "  C_CONTIGUOUS : False\n  F_CONTIGUOUS : True\n  OWNDATA : False\n  \
         WRITEABLE : True\n  ALIGNED : True\n  WRITEBACKIFCOPY : False"
    );
    let fresh = Array::zeros(&[3, 4], DType::F64);
    assert!(fresh.flags().to_string().contains("\n  OWNDATA : True\n"));
    let b = Array::arange(3.0, DType::F64)
        .broadcast_to(&[2, 3])
        .unwrap();
    assert_eq!(
        b.flags().to_string(),
        "  C_CONTIGUOUS : False\n  F_CONTIGUOUS : False\n  OWNDATA : False\n  \
         WRITEABLE : False\n  ALIGNED : True\n  WRITEBACKIFCOPY : False"
    );
}

#[test]
fn owndata_is_true_only_for_fresh_buffers() {
    // Fresh arrays own their data...
    assert!(Array::zeros(&[3, 4], DType::F64).flags().owndata);
    assert!(Array::arange(12.0, DType::F64).flags().owndata);
    assert!(
        Array::from_vec(vec![1.0f64, 2.0], &[2])
            .unwrap()
            .flags()
            .owndata
    );
    assert!(Array::ones(&[2], DType::I8).flags().owndata);
    let arr = seed_array();
    // ...and so do copies.
    assert!(arr.copy().flags().owndata);
    assert!(arr.t().copy().flags().owndata);
    assert!(arr.astype(DType::F32).flags().owndata);
    assert!(arr.flatten().flags().owndata);
    // A reshape that had to copy owns its result.
    let copied = arr.t().reshape(&[2, 6]).unwrap();
    assert!(!copied.shares_memory(&arr));
    assert!(copied.flags().owndata);
    // Views and clones do not.
    let base = Array::arange(12.0, DType::F64);
    assert!(!base.clone().flags().owndata);
    assert!(!arr.t().flags().owndata);
    assert!(!base.slice(s![2..5]).unwrap().flags().owndata);
    assert!(!base.reshape(&[3, 4]).unwrap().flags().owndata);
    assert!(!base.ravel().flags().owndata);
    assert!(!base.expand_dims(0).unwrap().flags().owndata);
    assert!(!base.broadcast_to(&[2, 12]).unwrap().flags().owndata);
}

#[test]
fn owndata_after_copy_on_write() {
    // Writing to a clone makes it copy its buffer: it then owns its data.
    let a = Array::arange(4.0, DType::F64);
    let mut b = a.clone();
    assert!(!b.flags().owndata);
    b.set(&[0], 9.0).unwrap();
    assert!(b.flags().owndata);
    assert!(!b.shares_memory(&a));
}

#[test]
fn element_address_rule() {
    // element at [i, j] is at data_pointer + i*strides[0] + j*strides[1]
    let arr = seed_array();
    let s = arr.strides();
    assert_eq!(2 * s[0] + 3 * s[1], 88); // 2*32 + 3*8 = 64 + 24
    let layout = arr.layout();
    assert_eq!(layout.byte_offset(&[2, 3]) - layout.offset, 88);
    // The element there is arr[2, 3] == 11.0, the 88 / 8 = 11th of the buffer.
    assert_eq!(arr.get(&[2, 3]).unwrap(), Scalar::F64(11.0));
    assert_eq!(arr.as_slice::<f64>().unwrap()[88 / 8], 11.0);
    // The rule holds for every element.
    for i in 0..3 {
        for j in 0..4 {
            let off = (i as isize * s[0] + j as isize * s[1]) as usize;
            assert_eq!(layout.byte_offset(&[i, j]) - layout.offset, off);
            assert_eq!(
                arr.get(&[i as isize, j as isize]).unwrap().to_f64(),
                (off / 8) as f64
            );
        }
    }
}

#[test]
fn transpose_swaps_strides_without_copying() {
    let arr = seed_array();
    let arr_t = arr.t();
    assert_eq!(arr_t.shape(), &[4, 3]);
    assert_eq!(arr_t.strides(), &[8, 32]);
    let f = arr_t.flags();
    assert!(!f.c_contiguous);
    assert!(f.f_contiguous);
    assert!(arr_t.shares_memory(&arr));
    assert_eq!(arr_t.get(&[3, 2]).unwrap(), Scalar::F64(11.0));
    // The element address rule with the swapped strides reaches the same byte.
    assert_eq!(
        arr_t.layout().byte_offset(&[3, 2]),
        arr.layout().byte_offset(&[2, 3])
    );
}

#[test]
fn reshape_of_a_contiguous_array_is_a_view() {
    let arr = seed_array();
    let reshaped = arr.reshape(&[2, 6]).unwrap();
    assert!(arr.shares_memory(&reshaped)); // True — no copy made!
    assert_eq!(reshaped.strides(), &[48, 8]);
    assert_eq!(
        reshaped.to_vec::<f64>().unwrap(),
        arr.to_vec::<f64>().unwrap()
    );
}

#[test]
fn reshape_of_the_transpose_copies() {
    let arr = seed_array();
    let arr_t_reshaped = arr.t().reshape(&[2, 6]).unwrap();
    assert!(!arr.t().shares_memory(&arr_t_reshaped)); // False — needed a copy!
    assert!(arr_t_reshaped.flags().c_contiguous);
    assert_eq!(
        arr_t_reshaped.to_vec::<f64>().unwrap(),
        vec![0.0, 4.0, 8.0, 1.0, 5.0, 9.0, 2.0, 6.0, 10.0, 3.0, 7.0, 11.0]
    );
}

#[test]
fn repr_matches_numpy() {
    let arr = seed_array();
    assert_eq!(
        arr.to_string(),
        "array([[ 0.,  1.,  2.,  3.],\n       [ 4.,  5.,  6.,  7.],\n       [ 8.,  9., 10., 11.]])"
    );
}

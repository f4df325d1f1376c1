// The seed's section 14 ("Common Anti-Patterns") as functions, each anti-pattern next to its
// fix, shared by `examples/anti_patterns.rs` and `tests/seed_anti_patterns.rs` via `include!`.
//
// Invariants the test checks against NumPy:
// 1. Growing by concatenation gives float64 (the seed starts from `np.array([])`, a float64
//    array), the list-then-convert and `arange(n) ** 2` forms give int64; all hold `i * i`.
// 2. The loop and the boolean mask select the same outliers in the same order.
// 3. Writing into `original.slice(..)` leaves `original` alone (arrays are values: the slice
//    copies on write); writing through `original.slice_mut(..)` changes it, as NumPy's view does.
// 4. `x != NaN` is true for every `x`, so the "bad" filter keeps all elements; `isnan` works.
// 5. `uint8 [200] += 100` wraps to `[44]` (the weak Rust integer takes the array's dtype, as
//    NEP 50 does for a Python int); in int32 it is `[300]`.
// 6. A per-element closure and `arr ** 2` agree (NaN included).
// 7. A transposed array cannot take a new shape in place (`set_shape` errors, as NumPy's
//    `arr.shape = ...`); `reshape(-1)` copies, and so does `ascontiguousarray`, after which the
//    reshape is a view.

use numfuse::ir::BinaryOp;
use numfuse::prelude::*;

/// BAD: `result = np.append(result, i**2)` in a loop: every step allocates and copies the whole
/// array (O(n²)). `np.append` of a scalar is a concatenation with a 1-element array.
pub fn grow_by_concatenate(n: usize) -> Result<Array> {
    let mut result = Array::zeros(&[0], DType::F64); // np.array([]) is float64
    for i in 0..n as i64 {
        result = numfuse::concatenate(&[&result, &array![i * i]], None)?;
    }
    Ok(result)
}

/// GOOD: collect in a `Vec` (the seed's list comprehension), convert once.
pub fn collect_then_convert(n: usize) -> Result<Array> {
    let squares: Vec<i64> = (0..n as i64).map(|i| i * i).collect();
    Array::from_vec(squares, &[n])
}

/// BEST: `np.arange(n) ** 2`, one kernel.
pub fn arange_squared(n: usize) -> Result<Array> {
    Array::arange(n as f64, DType::I64).power(2)
}

/// BAD: `for x in data: if abs(x) > threshold: outliers.append(x)`.
pub fn outliers_loop(data: &Array, threshold: f64) -> Result<Array> {
    let mut outliers = Vec::new();
    for x in data.view::<f64>()?.iter() {
        if x.abs() > threshold {
            outliers.push(x);
        }
    }
    let n = outliers.len();
    Array::from_vec(outliers, &[n])
}

/// GOOD: `data[np.abs(data) > threshold]`.
pub fn outliers_mask(data: &Array, threshold: f64) -> Result<Array> {
    data.mask_select(&data.abs()?.greater(threshold)?)
}

/// The mask lazily: `abs` and `>` fuse into one kernel; the selection has a data-dependent
/// length, so it is a materialisation point.
pub fn outliers_lazy(data: &Array, threshold: f64) -> Result<Array> {
    let x = data.lazy();
    x.mask_select(x.abs().greater(threshold))?.eval()
}

/// Anti-pattern 3, both ways: `(original after writing 99 into original.slice(2..5),
/// original after writing 99 through original.slice_mut(2..5))`.
pub fn write_through_slices() -> Result<(Array, Array)> {
    let original = array![1i64, 2, 3, 4, 5];
    // `slice` gives a value that shares the buffer until one side writes: this write copies
    // first, so `original` keeps its elements. NumPy's surprise cannot happen here.
    let mut modified = original.slice(s![2..5])?;
    assert!(modified.shares_memory(&original));
    modified.fill(99)?;
    assert!(!modified.shares_memory(&original));
    // To write into the parent, as the seed's view does, borrow it mutably: the compiler makes
    // sure nothing else reads `parent` while the borrow lives.
    let mut parent = array![1i64, 2, 3, 4, 5];
    parent.slice_mut(s![2..5])?.fill(99)?;
    Ok((original, parent))
}

/// BAD: `[x for x in arr if x != np.nan]`: how many elements it keeps (all of them).
#[expect(
    invalid_nan_comparisons,
    reason = "the anti-pattern itself: every value is unequal to NaN, NaN included"
)]
pub fn nan_filter_bad(arr: &Array) -> Result<usize> {
    let kept = arr.view::<f64>()?.iter().filter(|&x| x != f64::NAN).count();
    Ok(kept)
}

/// GOOD: `arr[~np.isnan(arr)]`.
pub fn nan_filter_good(arr: &Array) -> Result<Array> {
    arr.mask_select(&arr.isnan()?.logical_not()?)
}

/// `age = np.array([200], dtype); age += 100`: wraps in uint8, exact in int32.
pub fn add_in_place(dtype: DType) -> Result<Array> {
    let mut age = array![200i64].astype(dtype);
    // `age += 100` (the operator panics on error; the function form returns it).
    numfuse::ops::binary_inplace(BinaryOp::Add, &mut age, 100)?;
    Ok(age)
}

/// BAD: `np.vectorize(lambda x: x**2)(arr)`: a closure called once per element.
pub fn square_per_element(arr: &Array) -> Result<Array> {
    let squares: Vec<f64> = arr.view::<f64>()?.iter().map(|x| x * x).collect();
    Array::from_vec(squares, arr.shape())
}

/// GOOD: `arr ** 2`.
pub fn square_vectorized(arr: &Array) -> Result<Array> {
    arr.power(2.0)
}

/// Anti-pattern 7: `(error of arr.shape = (12,), arr.reshape(-1),
/// np.ascontiguousarray(arr).reshape(-1))` for `arr = np.arange(12).reshape(3, 4).T`.
pub fn reshape_transposed() -> Result<(Error, Array, Array)> {
    let arr = Array::arange(12.0, DType::I64).reshape(&[3, 4])?.t(); // now F-contiguous
    let mut in_place = arr.clone();
    let err = match in_place.set_shape(&[12]) {
        Err(e) => e,
        Ok(()) => {
            return Err(Error::Value {
                op: "reshape_transposed",
                msg: "set_shape on a transposed array should fail".into(),
            });
        }
    };
    let flat = arr.reshape(&[-1])?; // works, copies here
    let contiguous = arr.ascontiguousarray(); // the copy, made explicit
    let flat2 = contiguous.reshape(&[-1])?; // now a view of that copy
    assert!(!flat.shares_memory(&arr) && flat2.shares_memory(&contiguous));
    Ok((err, flat, flat2))
}

//! The seed's section 14, "Common Anti-Patterns — What NOT to Do", in numfuse: each anti-pattern
//! run next to its fix — growing an array in a loop vs `arange(n) ** 2`, a loop outlier filter
//! vs a boolean mask (eager and lazy), writing through a slice, comparing with NaN vs `isnan`,
//! uint8 wrap-around, a per-element closure vs `arr ** 2`, and reshaping a transposed array.
//!
//! Run with `cargo run --example anti_patterns` (`--quick` uses smaller sizes for CI). Timings
//! are printed, never asserted; the results of each bad and good form are asserted equal (or,
//! where the seed says the bad form is wrong, asserted to be wrong in the seed's way), and
//! `tests/seed_anti_patterns.rs` compares them with NumPy's run of the seed.
//!
//! Differs from the seed, by design: ANTI-PATTERN 3 cannot happen. numfuse arrays are values
//! (`/work/shared/DESIGN.md`, "Arrays are values"): `original.slice(s![2..5])` shares the buffer
//! until someone writes, and a write through it copies first, so `original` is unchanged. To
//! write into the parent as NumPy's view does, borrow it: `original.slice_mut(s![2..5])`, which
//! the compiler checks. `np.append` is `concatenate` with a one-element array (numfuse has no
//! `append`; it would be the same copy). `np.vectorize` is a Rust closure over the elements —
//! compiled, so far cheaper than Python's, yet still a scalar loop beside the SIMD kernel.
//! `arr.shape = (12,)` is `set_shape`, which fails on the transposed array as NumPy's does.

mod seed_lib {
    include!("seed_lib/anti_patterns.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::assert_array_equal;
use seed_lib::{
    add_in_place, arange_squared, collect_then_convert, grow_by_concatenate, nan_filter_bad,
    nan_filter_good, outliers_lazy, outliers_loop, outliers_mask, reshape_transposed,
    square_per_element, square_vectorized, write_through_slices,
};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");

    // ❌ ANTI-PATTERN 1: Growing arrays with np.append in loops
    let n = if quick { 2_000 } else { 10_000 };
    let t0 = Instant::now();
    let grown = grow_by_concatenate(n)?; // BAD — O(n²), a new array each iteration
    let t_grow = ms(t0);
    let t0 = Instant::now();
    let listed = collect_then_convert(n)?; // collect, then convert once
    let t_list = ms(t0);
    let t0 = Instant::now();
    let result = arange_squared(n)?; // Best — one kernel
    let t_arange = ms(t0);
    println!(
        "n = {n}: concatenate loop {t_grow:.2} ms, Vec then convert {t_list:.3} ms, \
         arange(n)**2 {t_arange:.3} ms"
    );
    assert_eq!(grown.dtype(), DType::F64); // np.array([]) is float64, so is every append
    assert_eq!(result.dtype(), DType::I64);
    assert_array_equal(&listed, &result);
    assert_array_equal(&grown, &result.astype(DType::F64));

    // ❌ ANTI-PATTERN 2: Not using vectorization
    let size = if quick { 10_000 } else { 100_000 };
    let data = default_rng(0).standard_normal(&[size]);
    let threshold = 2.0;
    let t0 = Instant::now();
    let bad = outliers_loop(&data, threshold)?; // BAD
    let t_loop = ms(t0);
    let t0 = Instant::now();
    let outliers = outliers_mask(&data, threshold)?; // GOOD
    let t_mask = ms(t0);
    let _ = outliers_lazy(&data, threshold)?; // compile once
    let t0 = Instant::now();
    let lazy = outliers_lazy(&data, threshold)?;
    let t_lazy = ms(t0);
    println!(
        "{} outliers of {size}: loop {t_loop:.3} ms, mask {t_mask:.3} ms, lazy mask {t_lazy:.3} ms",
        outliers.len()
    );
    assert_array_equal(&bad, &outliers);
    assert_array_equal(&lazy, &outliers);

    // ❌ ANTI-PATTERN 3: Accidental view modification
    let (original, parent) = write_through_slices()?;
    println!("{original:#}"); // [1 2 3 4 5] — `slice` gives a value: the write copied
    println!("{parent:#}"); // [ 1  2 99 99 99] — written through `slice_mut`, a borrow
    assert_eq!(original.to_vec::<i64>()?, vec![1, 2, 3, 4, 5]);
    assert_eq!(parent.to_vec::<i64>()?, vec![1, 2, 99, 99, 99]);
    // GOOD — an explicit copy still says what you mean, and owns its buffer at once.
    let copied = original.slice(s![2..5])?.copy();
    assert!(copied.flags().owndata && !copied.shares_memory(&original));

    // ❌ ANTI-PATTERN 4: Using Python comparison instead of np.isnan
    let arr = array![1.0, 2.0, f64::NAN, 4.0];
    let kept = nan_filter_bad(&arr)?; // BAD: never works, nan != nan
    let result = nan_filter_good(&arr)?; // GOOD
    println!("x != NaN keeps {kept} of 4; isnan keeps {result:#}");
    assert_eq!(kept, 4);
    assert_eq!(result.to_vec::<f64>()?, vec![1.0, 2.0, 4.0]);

    // ❌ ANTI-PATTERN 5: Forgetting that int arrays can overflow silently
    let age = add_in_place(DType::U8)?; // `age += 100` on uint8: silently wraps around!
    println!("{age:#}"); // [44] — wrong!
    assert_eq!(age.to_vec::<u8>()?, vec![44]);
    let age = add_in_place(DType::I32)?; // GOOD — a larger dtype
    println!("{age:#}");
    assert_eq!(age.to_vec::<i32>()?, vec![300]);
    // A weak scalar that does not fit the dtype is an error, as in NumPy 2 (`uint8 + 300`).
    let err = array![200i64].astype(DType::U8).try_add(300).unwrap_err();
    println!("uint8 + 300: Err({err})");

    // ❌ ANTI-PATTERN 6: Using np.vectorize thinking it's fast
    let squares = square_per_element(&arr)?; // one closure call per element
    assert_array_equal(&squares, &square_vectorized(&arr)?); // Truly vectorized
    let big = default_rng(1).standard_normal(&[if quick { 100_000 } else { 2_000_000 }]);
    let t0 = Instant::now();
    let a = square_per_element(&big)?;
    let t_closure = ms(t0);
    let t0 = Instant::now();
    let b = square_vectorized(&big)?;
    let t_vec = ms(t0);
    let _ = big.lazy().power(2.0).eval()?; // compile once
    let t0 = Instant::now();
    let c = big.lazy().power(2.0).eval()?;
    let t_lazy = ms(t0);
    println!(
        "x**2 of {} elements: closure {t_closure:.2} ms, arr**2 {t_vec:.2} ms, lazy {t_lazy:.2} ms",
        big.len()
    );
    assert_array_equal(&a, &b);
    assert_array_equal(&c, &b);

    // ❌ ANTI-PATTERN 7: Reshape without checking contiguity
    let (err, flat, flat2) = reshape_transposed()?;
    println!("arr.set_shape(&[12]) on the transpose: Err({err})");
    println!("reshape(-1): {flat:#}");
    assert!(matches!(err, Error::Shape { .. }));
    assert_array_equal(&flat, &flat2);
    Ok(())
}

// The seed's section 2, "Stride Tricks — Advanced Memory Manipulation": printed as the seed
// prints, and every printed result kept in a `Record` for `tests/seed_stride_tricks.rs`.
// Shared by `examples/stride_tricks.rs` (which includes `record.rs` beside this file).

use numfuse::ir::ShapeDisplay;

/// Runs the section.
pub fn stride_tricks(rec: &mut Record) -> Result<()> {
    // --- ROLLING WINDOW (most common use case) ---
    let arr = array![1i64, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    // Create overlapping windows of size 3 using as_strided
    let window_size = 3;
    let shape = [arr.len() - window_size + 1, window_size];
    let strides = [arr.strides()[0], arr.strides()[0]]; // Step by 1 element in both dims
    let windows = arr.as_strided(&shape, &strides)?;
    println!("{windows:#}");
    rec.keep("windows", &windows);
    // [[ 1  2  3]
    //  [ 2  3  4]
    //  [ 3  4  5]
    //  ...
    //  [ 8  9 10]]

    // Better way — sliding_window_view
    let windows2 = arr.sliding_window_view(&[3], None)?;
    println!("{}", ShapeDisplay(windows2.shape())); // (8, 3)
    rec.keep("sliding_windows", &windows2);
    rec.keep_bool("sliding_writeable", windows2.flags().writeable);

    // 2D sliding windows (for image convolution)
    let image = Array::arange(25.0, DType::I64).reshape(&[5, 5])?;
    let patches = image.sliding_window_view(&[3, 3], None)?;
    println!("{}", ShapeDisplay(patches.shape())); // (3, 3, 3, 3) — (3 positions y, 3 positions x, 3, 3)
    rec.keep("patches", &patches);
    // Compute mean of each patch
    let patch_means = patches.mean([-2, -1])?;
    println!("{patch_means:#}"); // 3x3 array of means (like average pooling!)
    rec.keep("patch_means", &patch_means);
    // [[ 6.  7.  8.]
    //  [11. 12. 13.]
    //  [16. 17. 18.]]

    // --- USING AS_STRIDED FOR MATRIX MULTIPLICATION VIEW ---
    // Memory-efficient Toeplitz matrix (no data copy!)
    let arr7 = array![1i64, 2, 3, 4, 5, 6, 7];
    let n = 4; // window size
    let m = arr7.len() - n + 1;
    let toeplitz_shape = [m, n];
    let toeplitz_strides = [arr7.strides()[0], arr7.strides()[0]];
    let t = arr7.as_strided(&toeplitz_shape, &toeplitz_strides)?;
    println!("{t:#}");
    rec.keep("toeplitz", &t);
    // [[1 2 3 4]
    //  [2 3 4 5]
    //  [3 4 5 6]
    //  [4 5 6 7]]

    // All of this shares memory with original arr!
    println!(
        "shares memory: windows {}, sliding windows {}, patches {}, toeplitz {}",
        py_bool(windows.shares_memory(&arr)),
        py_bool(windows2.shares_memory(&arr)),
        py_bool(patches.shares_memory(&image)),
        py_bool(t.shares_memory(&arr7)),
    ); // True, True, True, True
    rec.keep_bool("windows_shares", windows.shares_memory(&arr));
    rec.keep_bool("sliding_shares", windows2.shares_memory(&arr));
    rec.keep_bool("patches_shares", patches.shares_memory(&image));
    rec.keep_bool("toeplitz_shares", t.shares_memory(&arr7));

    // WARNING in NumPy: as_strided is dangerous! It can access memory outside the array
    // (segfault risk). numfuse's as_strided checks every reachable element against the buffer
    // and refuses with an error instead:
    match arr.as_strided(&[arr.len() - window_size + 2, window_size], &strides) {
        Ok(v) => println!("unexpected: {v}"),
        Err(e) => println!("refused: {e}"),
    }
    match arr.as_strided(&[3], &[4]) {
        Ok(v) => println!("unexpected: {v}"),
        Err(e) => println!("refused: {e}"),
    }
    // ... and treats the result as READ-ONLY, since elements overlap:
    let mut w = windows.clone();
    println!(
        "writeable: {}; write refused: {}",
        py_bool(windows.flags().writeable),
        w.fill(0i64).unwrap_err()
    );
    Ok(())
}

fn py_bool(b: bool) -> &'static str {
    if b { "True" } else { "False" }
}

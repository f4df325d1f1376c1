//! The seed's section 10 (image processing), as `examples/image.rs` computes it, against NumPy
//! running the seed's own code (`scripts/seed_ref/image.py`, outputs under
//! `tests/data/seed/image/`), on the 48 x 64 x 3 uint8 image NumPy drew with
//! `np.random.seed(42)` (the seed's 480 x 640, divided by 10 to keep the data small) and a
//! centre crop of 20 x 20 (the seed's 200 x 200 would not fit).
//!
//! Exact (dtype, shape and every element): every uint8 output (grayscale, brighter, darker,
//! inverted, blue_tint, crop, flips, edges, equalized), the int64 histograms, the bin edges
//! (`i * (255 / 256)`, exact in binary), the Sobel responses (integer pixels times integer
//! weights: every partial sum is an exact integer, whatever the order) and `cdf_normalized`
//! (one division of two exact integers). Within a tolerance: the Gaussian kernel (`exp` may
//! differ in the last bit between libm and NumPy's SIMD loop: rtol 1e-15, a few ulps) and the
//! blurred image (25 products summed in an order einsum chooses: rtol 1e-13, with NumPy's own
//! kernel as input so only the convolution is compared).

mod common;

mod seed_lib {
    include!("../examples/seed_lib/image.rs");
}

use common::{assert_array_eq, assert_close_to, load_npy};
use numfuse::prelude::*;
use numfuse::{PadMode, pad};
use seed_lib::{
    Edges, blue_tint, brighten, channel_histogram, channels, convolve2d, convolve2d_lazy,
    convolve2d_windows_lazy, crop_center, darken, flips, gaussian_kernel, grayscale,
    histogram_equalize, invert, sobel_edges, sobel_edges_lazy, sobel_kernels,
};

fn expected(name: &str) -> Array {
    load_npy(&format!("seed/image/{name}.npy"))
}

fn image() -> Array {
    let image = expected("image");
    assert_eq!(image.dtype(), DType::U8);
    assert_eq!(image.shape(), &[48, 64, 3]);
    image
}

/// Same dtype and shape as NumPy's, elements within `rtol`.
fn assert_close(got: &Array, want: &Array, name: &str, rtol: f64) {
    assert_close_to(got, want, name, rtol, 0.0);
}

#[test]
fn grayscale_is_a_truncated_float64_sum() {
    let gray = grayscale(&image()).unwrap();
    assert_array_eq(&gray, &expected("grayscale"), "grayscale");
}

#[test]
fn pixel_operations_match_numpy_exactly() {
    let image = image();
    assert_array_eq(
        &brighten(&image).unwrap(),
        &expected("brighter"),
        "brighter",
    );
    assert_array_eq(&darken(&image).unwrap(), &expected("darker"), "darker");
    assert_array_eq(&invert(&image).unwrap(), &expected("inverted"), "inverted");
    assert_array_eq(
        &blue_tint(&image).unwrap(),
        &expected("blue_tint"),
        "blue_tint",
    );
}

#[test]
fn blue_tint_writes_through_a_view_of_a_copy_only() {
    let image = image();
    let alias = image.clone(); // shares the buffer
    let tinted = blue_tint(&alias).unwrap();
    assert_array_eq(&alias, &image, "input after tint");
    assert!(!tinted.shares_memory(&alias));
    // Channels 0 and 1 untouched; the test image has blue values above 175, which clip.
    let [_, _, b] = channels(&image).unwrap();
    assert!(
        b.greater(175)
            .unwrap()
            .any(None)
            .unwrap()
            .get(&[])
            .unwrap()
            .to_f64()
            == 1.0
    );
    let [tr, tg, _] = channels(&tinted).unwrap();
    let [r, g, _] = channels(&image).unwrap();
    assert_array_eq(&tr.copy(), &r.copy(), "tint channel 0");
    assert_array_eq(&tg.copy(), &g.copy(), "tint channel 1");
}

#[test]
fn crop_and_flips_are_numpys_views() {
    let image = image();
    let crop = crop_center(&image, 10).unwrap();
    assert!(crop.shares_memory(&image));
    assert_array_eq(&crop.copy(), &expected("crop"), "crop");
    let [h, v, r] = flips(&image).unwrap();
    for (got, name) in [(h, "flipped_h"), (v, "flipped_v"), (r, "rotated_180")] {
        assert!(got.shares_memory(&image), "{name} is a view");
        assert_array_eq(&got.copy(), &expected(name), name);
    }
}

#[test]
fn gaussian_kernel_matches_numpy() {
    // `exp` may round differently in the last bit; the normalising sum of 25 terms too.
    assert_close(
        &gaussian_kernel(5, 1.0).unwrap(),
        &expected("gaussian"),
        "gaussian",
        1e-15,
    );
}

#[test]
fn blur_matches_numpy_eager_and_lazy() {
    let gray = expected("grayscale").astype(DType::F64);
    let kernel = expected("gaussian");
    let want = expected("blurred");
    // Sums of 25 products of values up to 255; einsum and the lazy loops may add them in a
    // different order, a few ulps of the result at most.
    assert_close(
        &convolve2d(&gray, &kernel).unwrap(),
        &want,
        "blurred",
        1e-13,
    );
    let lazy = convolve2d_lazy(&gray, &kernel).unwrap().eval().unwrap();
    assert_close(&lazy, &want, "blurred (lazy shifted views)", 1e-13);
    let lazy = convolve2d_windows_lazy(&gray, &kernel)
        .unwrap()
        .eval()
        .unwrap();
    assert_close(&lazy, &want, "blurred (lazy window view)", 1e-13);
}

#[test]
fn sobel_edges_match_numpy_exactly() {
    let gray = expected("grayscale");
    let Edges {
        edges_x,
        edges_y,
        edges,
    } = sobel_edges(&gray).unwrap();
    assert_array_eq(&edges_x, &expected("edges_x"), "edges_x");
    assert_array_eq(&edges_y, &expected("edges_y"), "edges_y");
    assert_array_eq(&edges, &expected("edges"), "edges");
    let lazy = sobel_edges_lazy(&gray).unwrap().eval().unwrap();
    assert_array_eq(&lazy, &expected("edges"), "edges (lazy)");
    let (sobel_x, sobel_y) = sobel_kernels();
    let gray = gray.astype(DType::F64);
    let lazy_x = convolve2d_lazy(&gray, &sobel_x).unwrap().eval().unwrap();
    assert_array_eq(&lazy_x, &expected("edges_x"), "edges_x (lazy)");
    let lazy_y = convolve2d_windows_lazy(&gray, &sobel_y)
        .unwrap()
        .eval()
        .unwrap();
    assert_array_eq(&lazy_y, &expected("edges_y"), "edges_y (lazy window view)");
}

#[test]
fn reflect_padding_excludes_the_edge() {
    // np.pad(np.arange(12).reshape(3, 4), ((1, 1), (2, 2)), mode='reflect'): the first and
    // last rows are input row 1 (not row 0 or 2, the edges), itself reflected along the row:
    // [6, 5, | 4, 5, 6, 7 |, 6, 5].
    let a = Array::arange(12.0, DType::I64).reshape(&[3, 4]).unwrap();
    let p = pad(&a, [(1, 1), (2, 2)], PadMode::Reflect).unwrap();
    assert_eq!(p.shape(), &[5, 8]);
    let first: Vec<i64> = p.slice(s![0]).unwrap().to_vec().unwrap();
    assert_eq!(first, [6, 5, 4, 5, 6, 7, 6, 5]);
    let last: Vec<i64> = p.slice(s![-1]).unwrap().to_vec().unwrap();
    assert_eq!(last, [6, 5, 4, 5, 6, 7, 6, 5]);
}

#[test]
fn channel_histograms_match_numpy_exactly() {
    let image = image();
    let [r, g, b] = channels(&image).unwrap();
    let (r_hist, bins) = channel_histogram(&r).unwrap();
    assert_array_eq(&r_hist, &expected("r_hist"), "r_hist");
    assert_array_eq(&bins, &expected("bins"), "bins");
    let (g_hist, _) = channel_histogram(&g).unwrap();
    assert_array_eq(&g_hist, &expected("g_hist"), "g_hist");
    let (b_hist, _) = channel_histogram(&b).unwrap();
    assert_array_eq(&b_hist, &expected("b_hist"), "b_hist");
    // With range (0, 255) and 256 bins, value v lands in bin v (255 in the last, closed bin).
    let counts = numfuse::bincount(&r.flatten().astype(DType::I64), None, 256).unwrap();
    assert_array_eq(&r_hist, &counts, "r_hist as bincount");
}

#[test]
fn histogram_equalization_matches_numpy_exactly() {
    let gray = expected("grayscale");
    let (equalized, cdf_normalized) = histogram_equalize(&gray).unwrap();
    assert_array_eq(
        &cdf_normalized,
        &expected("cdf_normalized"),
        "cdf_normalized",
    );
    assert_array_eq(&equalized, &expected("equalized"), "equalized");
}

//! The seed's section 10, "NumPy for Image Processing", in numfuse: a synthetic 480 x 640 RGB
//! uint8 image; its channels and the weighted grayscale; brighten (clip), darken, invert and a
//! blue tint written through a view of channel 2; a centre crop and three flips (views); the
//! seed's convolution (reflect padding, a sliding window view and
//! `einsum('ijkl,kl->ij')`) with a Gaussian and the two Sobel kernels; the colour histograms;
//! and histogram equalisation (a uint8 image used as a fancy index into a float64 table).
//!
//! Run with `cargo run --example image` (`--quick` shrinks the image to 48 x 64, for CI).
//!
//! What is asserted: the dtypes NumPy gives (float64 grayscale sum truncated to uint8, uint8
//! `255 - image`, float64 `image * 0.5`); inverting twice and flipping twice give the image
//! back; the tint changes channel 2 only and the input not at all; crops and flips are views;
//! the Gaussian kernel sums to 1; the lazy convolution (a sum of `kh * kw` shifted views of the
//! padded image, one fused loop) equals the eager einsum one; histograms count every pixel;
//! equalisation maps the darkest level to 0 and the brightest to 255. `tests/seed_image.rs`
//! compares every output with NumPy running the seed's code.
//!
//! Differences from the seed: the image comes from numfuse's generator
//! (`default_rng(42).integers(0, 256, ...)` cast to uint8), not NumPy's legacy
//! `np.random.seed(42)` stream, so the printed values differ from NumPy's (the test uses the
//! image NumPy drew). In `--quick` mode the crop is 20 x 20 (the seed's 200 x 200 would not
//! fit). The seed defines `gaussian_kernel` without applying it; here it blurs the grayscale
//! image. The seed times nothing in this section; as everywhere in these examples, the Sobel
//! edges are timed eagerly and lazily (first lazy call compiles, second reuses the kernels).

mod seed_lib {
    include!("seed_lib/image.rs");
}

use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::{assert_allclose, assert_array_equal};
use seed_lib::{
    Edges, blue_tint, brighten, channel_histogram, channels, convolve2d, convolve2d_lazy,
    convolve2d_windows_lazy, crop_center, darken, flips, gaussian_kernel, grayscale,
    histogram_equalize, invert, sobel_edges, sobel_edges_lazy, sobel_kernels,
};
use std::time::Instant;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let (height, width, half) = if quick { (48, 64, 10) } else { (480, 640, 100) };

    // Images are 3D arrays: (height, width, channels)
    // channels: 1=grayscale, 3=RGB, 4=RGBA
    // Create a synthetic RGB image
    let mut rng = default_rng(42);
    let image = rng.integers(0, 256, &[height, width, 3])?.astype(DType::U8);
    println!("Image shape: {}", numfuse::ir::ShapeDisplay(image.shape()));
    println!("Image dtype: {}", image.dtype().name()); // uint8
    println!(
        "Value range: [{:#}, {:#}]",
        image.min(None)?,
        image.max(None)?
    );

    // --- CHANNEL OPERATIONS ---
    let [r, g, b] = channels(&image)?;
    assert!(r.shares_memory(&image) && b.shares_memory(&image));
    // Convert to grayscale (weighted average — human perception)
    let gray = grayscale(&image)?;
    println!(
        "Grayscale shape: {}",
        numfuse::ir::ShapeDisplay(gray.shape())
    );
    assert_eq!(gray.dtype(), DType::U8);
    assert_eq!(r.try_mul(0.2989)?.dtype(), DType::F64); // uint8 * Python float is float64

    // --- PIXEL OPERATIONS ---
    // Brighten (clip to avoid overflow)
    let brighter = brighten(&image)?;
    assert_array_equal(&brighter.greater_equal(&image)?, true);
    // Darken
    let darker = darken(&image)?;
    assert_eq!(image.try_mul(0.5)?.dtype(), DType::F64);
    assert_array_equal(&darker, &(&image / 2.0).floor()?.astype(DType::U8));
    // Invert colors
    let inverted = invert(&image)?;
    assert_eq!(inverted.dtype(), DType::U8);
    assert_array_equal(&invert(&inverted)?, &image);
    // Apply channel-specific adjustment (blue tint)
    let tinted = blue_tint(&image)?;
    let [tr, tg, tb] = channels(&tinted)?;
    assert_array_equal(&tr, &r);
    assert_array_equal(&tg, &g);
    assert_array_equal(&tb, &b.astype(DType::I64).try_add(80)?.minimum(255)?);
    assert!(!tinted.shares_memory(&image));
    println!(
        "brighter mean {:.2}, darker mean {:.2}, inverted mean {:.2}, tinted blue mean {:.2}",
        brighter.mean(None)?.get(&[])?.to_f64(),
        darker.mean(None)?.get(&[])?.to_f64(),
        inverted.mean(None)?.get(&[])?.to_f64(),
        tb.mean(None)?.get(&[])?.to_f64(),
    );

    // --- CROPPING ---
    // Crop center 200x200 (20x20 in --quick mode)
    let crop = crop_center(&image, half)?;
    assert_eq!(crop.shape(), &[2 * half, 2 * half, 3]);
    assert!(crop.shares_memory(&image));

    // --- FLIPPING ---
    let [flipped_h, flipped_v, rotated_180] = flips(&image)?;
    let [back_h, _, _] = flips(&flipped_h)?;
    assert_array_equal(&back_h, &image);
    let [rot_from_v, _, _] = flips(&flipped_v)?;
    assert_array_equal(&rot_from_v, &rotated_180);
    assert!(rotated_180.shares_memory(&image));
    println!(
        "crop {}, flipped strides {:?}",
        numfuse::ir::ShapeDisplay(crop.shape()),
        rotated_180.strides()
    );

    // --- CONVOLUTION (manual 2D convolution) ---
    // Gaussian blur kernel
    let gauss = gaussian_kernel(5, 1.0)?;
    assert_allclose(&gauss.sum(None)?, 1.0, 1e-15, 0.0);
    assert_array_equal(&gauss, &gauss.t());
    let gray_f = gray.astype(DType::F64);
    let blurred = convolve2d(&gray_f, &gauss)?;
    // The lazy sums add the same 25 products in C order of (k, l); einsum may group them
    // differently, so they agree to rounding, not bit for bit.
    assert_allclose(
        &convolve2d_lazy(&gray_f, &gauss)?.eval()?,
        &blurred,
        1e-12,
        0.0,
    );
    assert_allclose(
        &convolve2d_windows_lazy(&gray_f, &gauss)?.eval()?,
        &blurred,
        1e-12,
        0.0,
    );
    println!(
        "blurred: {} {}, range [{:.3}, {:.3}]",
        blurred.dtype().name(),
        numfuse::ir::ShapeDisplay(blurred.shape()),
        blurred.min(None)?.get(&[])?.to_f64(),
        blurred.max(None)?.get(&[])?.to_f64()
    );

    // Edge detection (Sobel)
    let t0 = Instant::now();
    let Edges {
        edges_x,
        edges_y,
        edges,
    } = sobel_edges(&gray)?;
    let t_eager = ms(t0);
    let t0 = Instant::now();
    let edges_lazy = sobel_edges_lazy(&gray)?.eval()?;
    let t_lazy_first = ms(t0);
    let t0 = Instant::now();
    let edges_lazy_again = sobel_edges_lazy(&gray)?.eval()?;
    let t_lazy = ms(t0);
    println!(
        "Sobel edges {}: eager (pad + window view + einsum) {t_eager:.2} ms, \
         lazy {t_lazy_first:.2} ms first call (compiles), {t_lazy:.2} ms cached",
        numfuse::ir::ShapeDisplay(edges.shape())
    );
    // Sobel weights are small integers and the pixels are integers: every sum is exact.
    let (sobel_x, sobel_y) = sobel_kernels();
    assert_array_equal(&convolve2d_lazy(&gray_f, &sobel_x)?.eval()?, &edges_x);
    assert_array_equal(&convolve2d_lazy(&gray_f, &sobel_y)?.eval()?, &edges_y);
    assert_array_equal(&edges_lazy, &edges);
    assert_array_equal(&edges_lazy_again, &edges);
    assert_eq!(edges.dtype(), DType::U8);
    assert_eq!(edges.max(None)?.get(&[])?.to_f64(), 255.0);

    // --- COLOR HISTOGRAMS ---
    let (r_hist, bins) = channel_histogram(&r)?;
    let (g_hist, _) = channel_histogram(&g)?;
    let (b_hist, _) = channel_histogram(&b)?;
    let pixels = (height * width) as f64;
    for hist in [&r_hist, &g_hist, &b_hist] {
        assert_eq!(hist.shape(), &[256]);
        assert_eq!(hist.sum(None)?.get(&[])?.to_f64(), pixels);
    }
    assert_eq!(bins.shape(), &[257]);
    assert_eq!(bins.get(&[-1])?.to_f64(), 255.0);
    println!(
        "r_hist[:5] {:#}, last bin (254.00..=255) {}",
        r_hist.slice(s![..5])?,
        r_hist.get(&[-1])?.to_f64()
    );

    // Histogram equalization (grayscale)
    let (equalized, cdf_normalized) = histogram_equalize(&gray)?;
    assert_eq!(equalized.dtype(), DType::U8);
    assert_eq!(equalized.shape(), gray.shape());
    // The table rises from 0 (the cumulative count's minimum is its first entry) to 255, so
    // the brightest level maps to 255; every level below the darkest pixel maps to 0.
    let lo = gray.min(None)?.get(&[])?.to_f64() as isize;
    assert_eq!(cdf_normalized.get(&[0])?.to_f64(), 0.0);
    assert_eq!(cdf_normalized.get(&[-1])?.to_f64(), 255.0);
    assert_array_equal(&cdf_normalized.slice(s![..lo])?.equal(0.0)?, true);
    assert_eq!(equalized.max(None)?.get(&[])?.to_f64(), 255.0);
    println!(
        "grayscale range [{:#}, {:#}] -> equalized range [{:#}, {:#}]",
        gray.min(None)?,
        gray.max(None)?,
        equalized.min(None)?,
        equalized.max(None)?
    );
    Ok(())
}

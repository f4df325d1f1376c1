// The seed's section 10 ("NumPy for Image Processing") as functions taking arrays, shared by
// `examples/image.rs` and `tests/seed_image.rs` through `include!` (a directory without
// `main.rs`, so cargo does not build this file as an example of its own).
//
// Invariants the functions keep (the test checks each against NumPy):
// 1. The dtypes are NumPy's: `0.2989 * R + ...` on uint8 channels is float64 (a Python float
//    is weak, but an integer array times a float is float64) and `astype(np.uint8)` truncates;
//    `image * 0.5` is float64; `255 - image` stays uint8 (a weak int that fits); the clipped
//    int32 / int64 sums are cast back to uint8.
// 2. `blue_tint` writes channel 2 through a mutable view of a copy (`slice_mut` + `assign`),
//    as the seed's `blue_tint[:, :, 2] = ...`; the input is never changed.
// 3. Crops and flips are views (no copy), as basic slicing is in NumPy.
// 4. `convolve2d` is the seed's: `np.pad(mode='reflect')` (the mirror without the edge value),
//    `sliding_window_view` and `einsum('ijkl,kl->ij')`. `convolve2d_lazy` and
//    `convolve2d_windows_lazy` build the same sum as a lazy expression, computing nothing until
//    `.eval()`.
// 5. The histograms are `np.histogram(..., bins=256, range=(0, 255))` (255 falls in the last
//    bin); `histogram_equalize` uses `range=(0, 256)` and looks the uint8 image up in the
//    float64 table with a 2-d fancy index (`cdf_normalized[img]`).

use numfuse::ir::BinaryOp;
use numfuse::prelude::*;
use numfuse::{PadMode, histogram};

/// The seed's `R, G, B = image[:, :, 0], image[:, :, 1], image[:, :, 2]`: three views.
pub fn channels(image: &Array) -> Result<[Array; 3]> {
    Ok([
        image.slice(s![.., .., 0])?,
        image.slice(s![.., .., 1])?,
        image.slice(s![.., .., 2])?,
    ])
}

// --- CHANNEL OPERATIONS ---

/// `(0.2989 * R + 0.5870 * G + 0.1140 * B).astype(np.uint8)`: the weighted sum is float64,
/// added left to right as Python does, then truncated.
pub fn grayscale(image: &Array) -> Result<Array> {
    let [r, g, b] = channels(image)?;
    let gray = r
        .try_mul(0.2989)?
        .try_add(&g.try_mul(0.5870)?)?
        .try_add(&b.try_mul(0.1140)?)?;
    Ok(gray.astype(DType::U8))
}

// --- PIXEL OPERATIONS ---

/// `np.clip(image.astype(np.int32) + 50, 0, 255).astype(np.uint8)`.
pub fn brighten(image: &Array) -> Result<Array> {
    Ok(image
        .astype(DType::I32)
        .try_add(50)?
        .clip(0, 255)?
        .astype(DType::U8))
}

/// `(image * 0.5).astype(np.uint8)`: the product is float64.
pub fn darken(image: &Array) -> Result<Array> {
    Ok(image.try_mul(0.5)?.astype(DType::U8))
}

/// `255 - image`: a weak Python int on the left, so the result stays uint8.
pub fn invert(image: &Array) -> Result<Array> {
    numfuse::ops::binary(BinaryOp::Subtract, 255, image)
}

/// `blue_tint = image.copy()`, then
/// `blue_tint[:, :, 2] = np.clip(blue_tint[:, :, 2].astype(int) + 80, 0, 255).astype(np.uint8)`,
/// written through a mutable view of the copy's channel 2.
pub fn blue_tint(image: &Array) -> Result<Array> {
    let mut blue_tint = image.copy();
    let tinted = blue_tint
        .slice(s![.., .., 2])?
        .astype(DType::I64) // Python's `int` is int64
        .try_add(80)?
        .clip(0, 255)?
        .astype(DType::U8);
    blue_tint.slice_mut(s![.., .., 2])?.assign(&tinted)?;
    Ok(blue_tint)
}

// --- CROPPING ---

/// `image[cy-half:cy+half, cx-half:cx+half]` around the centre `(h // 2, w // 2)` (the seed
/// crops 200 x 200, `half = 100`): a view.
pub fn crop_center(image: &Array, half: usize) -> Result<Array> {
    let (cy, cx) = (image.shape()[0] / 2, image.shape()[1] / 2);
    image.slice(s![cy - half..cy + half, cx - half..cx + half])
}

// --- FLIPPING ---

/// `image[:, ::-1]`, `image[::-1, :]` and `image[::-1, ::-1]` (horizontal flip, vertical flip,
/// 180° rotation): three views with negative strides.
pub fn flips(image: &Array) -> Result<[Array; 3]> {
    Ok([
        image.slice(s![.., ..;-1])?,
        image.slice(s![..;-1, ..])?,
        image.slice(s![..;-1, ..;-1])?,
    ])
}

// --- CONVOLUTION (manual 2D convolution) ---

/// `np.pad(image, ((ph, ph), (pw, pw)), mode='reflect')` for a `(kh, kw)` kernel.
fn pad_for(image: &Array, kernel: &Array) -> Result<(Array, usize, usize)> {
    let (kh, kw) = (kernel.shape()[0], kernel.shape()[1]);
    let (ph, pw) = (kh / 2, kw / 2);
    let padded = numfuse::pad(image, [(ph, ph), (pw, pw)], PadMode::Reflect)?;
    Ok((padded, kh, kw))
}

/// Apply convolution to a 2D (grayscale) image: the seed's `convolve2d`, reflect padding, a
/// sliding window view `(h, w, kh, kw)` of the padded image, and `einsum('ijkl,kl->ij')`.
pub fn convolve2d(image: &Array, kernel: &Array) -> Result<Array> {
    // Pad image
    let (padded, kh, kw) = pad_for(image, kernel)?;
    // Sliding window view
    let windows = padded.sliding_window_view(&[kh, kw], None)?;
    // Apply kernel
    numfuse::einsum("ijkl,kl->ij", &[&windows, kernel])
}

/// The same convolution as a lazy expression: `Σ_kl kernel[k, l] * padded[k:k+h, l:l+w]`,
/// one shifted view of the padded image per kernel weight, the weights as scalar constants
/// (kernel arguments, so every 3 x 3 kernel shares one compiled kernel). Nothing is computed
/// until `.eval()`; the whole sum is one fused elementwise loop.
pub fn convolve2d_lazy(image: &Array, kernel: &Array) -> Result<Expr> {
    let (padded, kh, kw) = pad_for(image, kernel)?;
    let (h, w) = (image.shape()[0], image.shape()[1]);
    let weights = kernel.astype(DType::F64).to_vec::<f64>()?;
    let p = padded.lazy();
    let mut acc: Option<Expr> = None;
    for k in 0..kh {
        for l in 0..kw {
            let term = p.slice(s![k..k + h, l..l + w]) * weights[k * kw + l];
            acc = Some(match acc {
                None => term,
                Some(a) => a + term,
            });
        }
    }
    acc.ok_or_else(|| Error::Value {
        op: "convolve2d_lazy",
        msg: "empty kernel".into(),
    })
}

/// The seed's formula lazily, `einsum('ijkl,kl->ij', windows, kernel)` with
/// `numfuse::lazy::einsum`: one fused multiply-and-sum kernel reading the window view in place.
pub fn convolve2d_windows_lazy(image: &Array, kernel: &Array) -> Result<Expr> {
    let (padded, kh, kw) = pad_for(image, kernel)?;
    let windows = padded.sliding_window_view(&[kh, kw], None)?;
    Ok(numfuse::lazy::einsum(
        "ijkl,kl->ij",
        &[&windows.lazy(), &kernel.lazy()],
    ))
}

/// Gaussian blur kernel: the seed's `gaussian_kernel(size=5, sigma=1.0)`.
pub fn gaussian_kernel(size: usize, sigma: f64) -> Result<Array> {
    let half = (size as f64 - 1.0) / 2.0;
    let ax = Array::linspace(-half, half, size);
    // np.exp(-ax**2 / (2 * sigma**2)); the denominator is a Python float.
    let gauss = ax.power(2)?.negative()?.try_div(2.0 * sigma.powi(2))?.exp()?;
    let kernel = numfuse::outer(&gauss, &gauss)?;
    kernel.try_div(&kernel.sum(None)?)
}

/// The seed's Sobel kernels `(sobel_x, sobel_y)`, float64.
pub fn sobel_kernels() -> (Array, Array) {
    let sobel_x = array![[-1.0, 0.0, 1.0], [-2.0, 0.0, 2.0], [-1.0, 0.0, 1.0]];
    let sobel_y = array![[-1.0, -2.0, -1.0], [0.0, 0.0, 0.0], [1.0, 2.0, 1.0]];
    (sobel_x, sobel_y)
}

/// Edge detection (Sobel), eagerly.
pub struct Edges {
    /// `convolve2d(grayscale.astype(float), sobel_x)`: float64.
    pub edges_x: Array,
    /// `convolve2d(grayscale.astype(float), sobel_y)`: float64.
    pub edges_y: Array,
    /// `(np.sqrt(edges_x**2 + edges_y**2) / max * 255).astype(np.uint8)`.
    pub edges: Array,
}

/// The seed's Sobel lines, in order.
pub fn sobel_edges(grayscale: &Array) -> Result<Edges> {
    let (sobel_x, sobel_y) = sobel_kernels();
    let gray = grayscale.astype(DType::F64);
    let edges_x = convolve2d(&gray, &sobel_x)?;
    let edges_y = convolve2d(&gray, &sobel_y)?;
    let edges = edges_x.power(2)?.try_add(&edges_y.power(2)?)?.sqrt()?;
    let edges = edges
        .try_div(&edges.max(None)?)?
        .try_mul(255)?
        .astype(DType::U8);
    Ok(Edges {
        edges_x,
        edges_y,
        edges,
    })
}

/// The same edges as one lazy expression (both convolutions, the magnitude, its maximum and
/// the normalisation), evaluated by `.eval()`.
pub fn sobel_edges_lazy(grayscale: &Array) -> Result<Expr> {
    let (sobel_x, sobel_y) = sobel_kernels();
    let gray = grayscale.astype(DType::F64);
    let edges_x = convolve2d_lazy(&gray, &sobel_x)?;
    let edges_y = convolve2d_lazy(&gray, &sobel_y)?;
    let edges = (edges_x.power(2) + edges_y.power(2)).sqrt();
    Ok((edges.divide(edges.max(None)) * 255).astype(DType::U8))
}

// --- COLOR HISTOGRAMS ---

/// `np.histogram(channel.flatten(), bins=256, range=(0, 255))`: int64 counts and the 257
/// float64 edges (255 is counted in the last bin, which includes its right edge).
pub fn channel_histogram(channel: &Array) -> Result<(Array, Array)> {
    histogram(&channel.flatten(), 256, Some((0.0, 255.0)), false, None)
}

/// Histogram equalization (grayscale): the seed's `histogram_equalize`, also returning the
/// float64 lookup table `cdf_normalized`.
pub fn histogram_equalize(img: &Array) -> Result<(Array, Array)> {
    let (hist, _bins) = histogram(&img.flatten(), 256, Some((0.0, 256.0)), false, None)?;
    let cdf = hist.cumsum(None)?;
    // (cdf - cdf.min()) * 255 / (cdf.max() - cdf.min()): int64 until the true division.
    let (lo, hi) = (cdf.min(None)?, cdf.max(None)?);
    let cdf_normalized = cdf.try_sub(&lo)?.try_mul(255)?.try_div(&hi.try_sub(&lo)?)?;
    // cdf_normalized[img]: the uint8 image as a 2-d fancy index into the 1-d table.
    let equalized = cdf_normalized.index(idx![img])?.astype(DType::U8);
    Ok((equalized, cdf_normalized))
}

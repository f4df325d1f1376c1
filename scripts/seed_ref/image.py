#!/usr/bin/env python3
"""NumPy reference for examples/image.rs: the seed's section 10, "NumPy for Image Processing".

Run from the repository root:

    python3 scripts/seed_ref/image.py

The seed's code runs below nearly verbatim with its `np.random.seed(42)`, on a SMALLER image than
the seed's (48 x 64 x 3 uint8 instead of 480 x 640 x 3) so the reference data stays small (about
250 kB in all), and with a centre crop of 20 x 20 instead of the seed's 200 x 200, which would
not fit (`image[cy-10:cy+10, cx-10:cx+10]`, the seed's formula with half-size 10). The seed
defines `gaussian_kernel` but never applies it; the script also blurs the grayscale image with
the default kernel (`convolve2d(grayscale.astype(float), gaussian_kernel())`), as the example
does. It writes, under tests/data/seed/image/:

    input:    image          uint8   (48, 64, 3)  np.random.randint(0, 256, ..., dtype=np.uint8)
    outputs:  grayscale      uint8   (48, 64)     (0.2989 R + 0.5870 G + 0.1140 B).astype(uint8)
              brighter       uint8   (48, 64, 3)  np.clip(image.astype(int32) + 50, 0, 255)
              darker         uint8   (48, 64, 3)  (image * 0.5).astype(uint8)
              inverted       uint8   (48, 64, 3)  255 - image
              blue_tint      uint8   (48, 64, 3)  channel 2 + 80, clipped, written in place
              crop           uint8   (20, 20, 3)
              flipped_h, flipped_v, rotated_180   uint8 (48, 64, 3)
              gaussian       float64 (5, 5)       gaussian_kernel(5, 1.0)
              blurred        float64 (48, 64)     convolve2d(grayscale.astype(float), gaussian)
              edges_x        float64 (48, 64)     convolve2d(grayscale.astype(float), sobel_x)
              edges_y        float64 (48, 64)     convolve2d(grayscale.astype(float), sobel_y)
              edges          uint8   (48, 64)     the normalised gradient magnitude
              r_hist, g_hist, b_hist  int64 (256,)  np.histogram(..., bins=256, range=(0, 255))
              bins           float64 (257,)
              equalized      uint8   (48, 64)     histogram_equalize(grayscale)
              cdf_normalized float64 (256,)       its lookup table
"""

import os

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view

OUT = os.path.join("tests", "data", "seed", "image")
H, W = 48, 64  # the seed's (480, 640), divided by 10
HALF = 10  # the seed's crop half-size is 100


# --- CONVOLUTION (manual 2D convolution) ---
def convolve2d(image, kernel):
    """Apply convolution to a 2D (grayscale) image."""
    kh, kw = kernel.shape
    ph, pw = kh // 2, kw // 2
    # Pad image
    padded = np.pad(image, ((ph, ph), (pw, pw)), mode='reflect')
    # Sliding window view
    windows = sliding_window_view(padded, window_shape=(kh, kw))
    # Apply kernel
    return np.einsum('ijkl,kl->ij', windows, kernel)


# Gaussian blur kernel
def gaussian_kernel(size=5, sigma=1.0):
    ax = np.linspace(-(size-1)/2, (size-1)/2, size)
    gauss = np.exp(-ax**2 / (2 * sigma**2))
    kernel = np.outer(gauss, gauss)
    return kernel / kernel.sum()


# Histogram equalization (grayscale)
def histogram_equalize(img):
    hist, bins = np.histogram(img.flatten(), 256, range=(0, 256))
    cdf = hist.cumsum()
    cdf_normalized = (cdf - cdf.min()) * 255 / (cdf.max() - cdf.min())
    return cdf_normalized[img].astype(np.uint8), cdf_normalized


def main():
    os.makedirs(OUT, exist_ok=True)
    # Create a synthetic RGB image
    np.random.seed(42)
    image = np.random.randint(0, 256, (H, W, 3), dtype=np.uint8)
    print(f"Image shape: {image.shape}")
    print(f"Image dtype: {image.dtype}")
    print(f"Value range: [{image.min()}, {image.max()}]")
    # --- CHANNEL OPERATIONS ---
    R, G, B = image[:, :, 0], image[:, :, 1], image[:, :, 2]
    grayscale = 0.2989 * R + 0.5870 * G + 0.1140 * B
    grayscale = grayscale.astype(np.uint8)
    print(f"Grayscale shape: {grayscale.shape}")
    # --- PIXEL OPERATIONS ---
    brighter = np.clip(image.astype(np.int32) + 50, 0, 255).astype(np.uint8)
    darker = (image * 0.5).astype(np.uint8)
    inverted = 255 - image
    blue_tint = image.copy()
    blue_tint[:, :, 2] = np.clip(blue_tint[:, :, 2].astype(int) + 80, 0, 255).astype(np.uint8)
    # --- CROPPING ---
    h, w = image.shape[:2]
    cy, cx = h // 2, w // 2
    crop = image[cy-HALF:cy+HALF, cx-HALF:cx+HALF]
    # --- FLIPPING ---
    flipped_h = image[:, ::-1]
    flipped_v = image[::-1, :]
    rotated_180 = image[::-1, ::-1]
    # --- CONVOLUTION ---
    gaussian = gaussian_kernel()
    blurred = convolve2d(grayscale.astype(float), gaussian)
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
    sobel_y = np.array([[-1, -2, -1], [0, 0, 0], [1, 2, 1]], dtype=float)
    edges_x = convolve2d(grayscale.astype(float), sobel_x)
    edges_y = convolve2d(grayscale.astype(float), sobel_y)
    edges = np.sqrt(edges_x**2 + edges_y**2)
    edges = (edges / edges.max() * 255).astype(np.uint8)
    # --- COLOR HISTOGRAMS ---
    r_hist, bins = np.histogram(R.flatten(), bins=256, range=(0, 255))
    g_hist, _ = np.histogram(G.flatten(), bins=256, range=(0, 255))
    b_hist, _ = np.histogram(B.flatten(), bins=256, range=(0, 255))
    equalized, cdf_normalized = histogram_equalize(grayscale)

    outputs = {
        "image": image,
        "grayscale": grayscale,
        "brighter": brighter,
        "darker": darker,
        "inverted": inverted,
        "blue_tint": blue_tint,
        "crop": crop,
        "flipped_h": flipped_h,
        "flipped_v": flipped_v,
        "rotated_180": rotated_180,
        "gaussian": gaussian,
        "blurred": blurred,
        "edges_x": edges_x,
        "edges_y": edges_y,
        "edges": edges,
        "r_hist": r_hist,
        "g_hist": g_hist,
        "b_hist": b_hist,
        "bins": bins,
        "equalized": equalized,
        "cdf_normalized": cdf_normalized,
    }
    for name, arr in outputs.items():
        np.save(os.path.join(OUT, name + ".npy"), np.ascontiguousarray(arr))
        print(f"{name}: {arr.dtype} {arr.shape}")


if __name__ == "__main__":
    main()

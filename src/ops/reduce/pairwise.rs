//! NumPy's pairwise summation, bit for bit, and the float trait the reductions compute in.
//!
//! For a run of `n` elements NumPy's `pairwise_sum` (numpy/_core/src/umath/loops_utils.h.src)
//! adds sequentially from `-0.0` when `n < 8`; when `n <= 128` it keeps eight accumulators
//! `r[0..8]` over blocks of eight, combines them as `((r0+r1)+(r2+r3))+((r4+r5)+(r6+r7))` and
//! adds the tail sequentially; above that it splits at `n2 = n/2` rounded down to a multiple of 8
//! and adds the sums of the two halves. The functions here do exactly that, so every sum NumPy
//! computes over one run is reproduced exactly; [`split_point`] lets the executor evaluate the
//! same tree in parallel (the tree, not the thread count, fixes the result).
//!
//! The eight accumulators are independent, so the block loop is a vector loop: rustc turns it
//! into packed adds without reassociating anything.

use super::nest::{Run, Strided};
use crate::array::Element;
use std::ops::{Add, Div, Mul, Sub};

/// Runs of at most this many elements are summed with eight accumulators, longer ones split.
pub(super) const BLOCK: usize = 128;

/// `f32` or `f64`: the types float reductions accumulate in.
pub(super) trait Real:
    Element + Add<Output = Self> + Sub<Output = Self> + Mul<Output = Self> + Div<Output = Self>
{
    /// `0.0`, the identity NumPy assigns to a sum's output.
    const ZERO: Self;
    /// `-0.0`, where NumPy's short sums start (so a sum of `-0.0`s stays `-0.0`).
    const NEG_ZERO: Self;
    /// `1.0`.
    const ONE: Self;
}

impl Real for f32 {
    const ZERO: f32 = 0.0;
    const NEG_ZERO: f32 = -0.0;
    const ONE: f32 = 1.0;
}

impl Real for f64 {
    const ZERO: f64 = 0.0;
    const NEG_ZERO: f64 = -0.0;
    const ONE: f64 = 1.0;
}

/// Where NumPy splits a run of `n > 128` elements: half, rounded down to a multiple of 8.
pub(super) fn split_point(n: usize) -> usize {
    let n2 = n / 2;
    n2 - n2 % 8
}

/// The pairwise sum of `lift(x)` over a run.
#[inline]
pub(super) fn sum_run<T: Copy, A: Real>(run: Run<'_, T>, lift: impl Fn(T) -> A + Copy) -> A {
    match run {
        Run::Contiguous(x) => sum_slice(x, lift),
        Run::Strided(x) => sum_strided(x, lift),
    }
}

/// The pairwise sum of `lift(x)` over a slice.
pub(super) fn sum_slice<T: Copy, A: Real>(x: &[T], lift: impl Fn(T) -> A + Copy) -> A {
    let n = x.len();
    if n < 8 {
        let mut res = A::NEG_ZERO;
        for &v in x {
            res = res + lift(v);
        }
        res
    } else if n <= BLOCK {
        let mut r: [A; 8] = std::array::from_fn(|k| lift(x[k]));
        let full = n - n % 8;
        for (ci, c) in x[8..full].chunks_exact(8).enumerate() {
            // NumPy prefetches 512 bytes ahead here: short blocks confuse the hardware
            // prefetcher (measured: 10% on a 10M sum).
            prefetch(
                x.as_ptr()
                    .wrapping_add(8 + ci * 8 + 512 / size_of::<T>().max(1)),
            );
            for k in 0..8 {
                r[k] = r[k] + lift(c[k]);
            }
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for &v in &x[full..] {
            res = res + lift(v);
        }
        res
    } else {
        let n2 = split_point(n);
        sum_slice(&x[..n2], lift) + sum_slice(&x[n2..], lift)
    }
}

/// A hint to fetch the cache line at `p` (any address: prefetches never fault).
#[inline(always)]
fn prefetch<T>(p: *const T) {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: `prefetcht0` only hints the cache; it never faults, whatever the address.
    unsafe {
        use std::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        _mm_prefetch::<_MM_HINT_T0>(p.cast::<i8>());
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}

/// The pairwise sum of `lift(x)` over a strided run.
fn sum_strided<T: Copy, A: Real>(x: Strided<'_, T>, lift: impl Fn(T) -> A + Copy) -> A {
    let n = x.len();
    if n < 8 {
        let mut res = A::NEG_ZERO;
        for i in 0..n {
            res = res + lift(x.get(i));
        }
        res
    } else if n <= BLOCK {
        let mut r: [A; 8] = std::array::from_fn(|k| lift(x.get(k)));
        let full = n - n % 8;
        let mut i = 8;
        while i < full {
            for (k, rk) in r.iter_mut().enumerate() {
                *rk = *rk + lift(x.get(i + k));
            }
            i += 8;
        }
        let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
        for i in full..n {
            res = res + lift(x.get(i));
        }
        res
    } else {
        let n2 = split_point(n);
        let (a, b) = x.split_at(n2);
        sum_strided(a, lift) + sum_strided(b, lift)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The reference algorithm, written as NumPy's C code reads.
    fn numpy_pairwise(a: &[f64]) -> f64 {
        let n = a.len();
        if n < 8 {
            let mut res = -0.0;
            for &v in a {
                res += v;
            }
            res
        } else if n <= 128 {
            let mut r = [0.0; 8];
            r.copy_from_slice(&a[..8]);
            let mut i = 8;
            while i < n - (n % 8) {
                for k in 0..8 {
                    r[k] += a[i + k];
                }
                i += 8;
            }
            let mut res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            while i < n {
                res += a[i];
                i += 1;
            }
            res
        } else {
            let mut n2 = n / 2;
            n2 -= n2 % 8;
            numpy_pairwise(&a[..n2]) + numpy_pairwise(&a[n2..])
        }
    }

    fn data(n: usize) -> Vec<f64> {
        // Values whose sums round differently in different orders.
        (0..n)
            .map(|i| ((i * 7919) % 1013) as f64 * 1e-3 + 1e8 * ((i % 3) as f64 - 1.0) / 3.0)
            .collect()
    }

    #[test]
    fn matches_the_reference_tree() {
        for n in [
            0, 1, 7, 8, 9, 15, 16, 127, 128, 129, 130, 1000, 4099, 100_003,
        ] {
            let x = data(n);
            let want = numpy_pairwise(&x);
            assert_eq!(sum_slice(&x, |v| v).to_bits(), want.to_bits(), "n = {n}");
            // SAFETY: the pointer and length describe `x`, which outlives the run.
            let run = unsafe { Run::new(x.as_ptr(), n, 1) };
            assert_eq!(sum_run(run, |v| v).to_bits(), want.to_bits());
        }
    }

    #[test]
    fn strided_matches_gathered() {
        let x = data(3000);
        for (stride, n) in [(2isize, 1500usize), (3, 1000), (7, 428)] {
            let gathered: Vec<f64> = x.iter().step_by(stride as usize).take(n).copied().collect();
            // SAFETY: `n` elements at `stride` stay inside `x`.
            let run = unsafe { Run::new(x.as_ptr(), n, stride) };
            assert_eq!(
                sum_run(run, |v| v).to_bits(),
                numpy_pairwise(&gathered).to_bits()
            );
        }
        // negative stride: logical order is reversed memory order
        let rev: Vec<f64> = x.iter().rev().copied().collect();
        // SAFETY: starts at the last element and walks back over all of `x`.
        let run = unsafe { Run::new(x.as_ptr().add(x.len() - 1), x.len(), -1) };
        assert_eq!(
            sum_run(run, |v| v).to_bits(),
            numpy_pairwise(&rev).to_bits()
        );
    }

    #[test]
    fn short_sums_keep_negative_zero() {
        assert_eq!(
            sum_slice(&[-0.0f64; 3], |v| v).to_bits(),
            (-0.0f64).to_bits()
        );
        assert_eq!(
            sum_slice::<f64, f64>(&[], |v| v).to_bits(),
            (-0.0f64).to_bits()
        );
        assert_eq!(sum_slice(&[1u8, 2, 3], |v| v as f32), 6.0);
    }

    #[test]
    fn split_points() {
        assert_eq!(split_point(129), 64);
        assert_eq!(split_point(1000), 496);
        assert_eq!(split_point(10_000_000), 5_000_000);
    }
}

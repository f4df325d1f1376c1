//! Random numbers: a seeded [`Generator`] like NumPy's `np.random.default_rng(seed)`.
//!
//! The bit generator is PCG64 (the XSL-RR 128/64 variant NumPy's `PCG64` uses), from
//! `rand_pcg`; distributions come from `rand_distr`. A seed fixes the stream, so results are
//! reproducible across runs and platforms; they are not the same numbers NumPy draws for the
//! same seed (NumPy expands seeds with `SeedSequence`), so tests that compare with NumPy use data
//! saved as `.npy`, not seeds.
//!
//! Today the generator draws uniform, normal and integer samples; the rest of NumPy's
//! `Generator` follows with the random-numbers issue.

use crate::array::Array;
use crate::{Error, Result};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_pcg::Pcg64;

/// A seeded source of random arrays (`np.random.Generator`).
///
/// ```
/// use numfuse::random::default_rng;
/// let mut rng = default_rng(42);
/// let x = rng.standard_normal(&[500, 10]);
/// assert_eq!(x.shape(), &[500, 10]);
/// let again = default_rng(42).standard_normal(&[500, 10]);
/// assert_eq!(x.to_vec::<f64>()?, again.to_vec::<f64>()?);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Generator {
    bits: Pcg64,
}

/// A generator seeded with `seed` (`np.random.default_rng(seed)`).
pub fn default_rng(seed: u64) -> Generator {
    Generator {
        bits: Pcg64::seed_from_u64(seed),
    }
}

impl Generator {
    fn fill(&mut self, shape: &[usize], mut draw: impl FnMut(&mut Pcg64) -> f64) -> Array {
        let n: usize = shape.iter().product();
        let v: Vec<f64> = (0..n).map(|_| draw(&mut self.bits)).collect();
        Array::from_vec(v, shape).expect("the length is the shape's size")
    }

    /// Uniform `f64` samples in `[0, 1)` (`rng.random(shape)`).
    pub fn random(&mut self, shape: &[usize]) -> Array {
        self.fill(shape, |r| r.random::<f64>())
    }

    /// Uniform `f64` samples in `[low, high)` (`rng.uniform(low, high, shape)`).
    ///
    /// # Errors
    /// [`Error::Value`] for non-finite bounds.
    pub fn uniform(&mut self, low: f64, high: f64, shape: &[usize]) -> Result<Array> {
        if !(low.is_finite() && high.is_finite()) {
            return Err(Error::Value {
                op: "uniform",
                msg: "low and high must be finite".into(),
            });
        }
        Ok(self.fill(shape, |r| low + (high - low) * r.random::<f64>()))
    }

    /// Standard normal `f64` samples (`rng.standard_normal(shape)`).
    pub fn standard_normal(&mut self, shape: &[usize]) -> Array {
        self.fill(shape, |r| StandardNormal.sample(r))
    }

    /// Normal samples with mean `loc` and standard deviation `scale` (`rng.normal`).
    ///
    /// # Errors
    /// [`Error::Value`] when `scale` is negative or not finite.
    pub fn normal(&mut self, loc: f64, scale: f64, shape: &[usize]) -> Result<Array> {
        if !(scale >= 0.0 && scale.is_finite()) {
            return Err(Error::Value {
                op: "normal",
                msg: "scale < 0".into(),
            });
        }
        Ok(self.fill(shape, |r| {
            let z: f64 = StandardNormal.sample(r);
            loc + scale * z
        }))
    }

    /// Integers in `[low, high)` as `int64` (`rng.integers(low, high, shape)`).
    ///
    /// # Errors
    /// [`Error::Value`] when `low >= high`.
    pub fn integers(&mut self, low: i64, high: i64, shape: &[usize]) -> Result<Array> {
        if low >= high {
            return Err(Error::Value {
                op: "integers",
                msg: "low >= high".into(),
            });
        }
        let n: usize = shape.iter().product();
        let v: Vec<i64> = (0..n).map(|_| self.bits.random_range(low..high)).collect();
        Array::from_vec(v, shape)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moments_are_right() {
        let mut rng = default_rng(7);
        let n = 200_000;
        let x = rng.standard_normal(&[n]).to_vec::<f64>().unwrap();
        let mean = x.iter().sum::<f64>() / n as f64;
        let var = x.iter().map(|v| (v - mean).powi(2)).sum::<f64>() / n as f64;
        // Standard errors: 1/sqrt(n) ≈ 0.0022 for the mean, sqrt(2/n) ≈ 0.0032 for the variance.
        assert!(mean.abs() < 0.011, "{mean}");
        assert!((var - 1.0).abs() < 0.016, "{var}");
        let u = rng.random(&[n]).to_vec::<f64>().unwrap();
        assert!(u.iter().all(|&v| (0.0..1.0).contains(&v)));
        let um = u.iter().sum::<f64>() / n as f64;
        assert!((um - 0.5).abs() < 0.004, "{um}");
        let k = rng.integers(-3, 4, &[n]).unwrap().to_vec::<i64>().unwrap();
        assert!(k.iter().all(|v| (-3..4).contains(v)));
        for value in -3..4 {
            let share = k.iter().filter(|&&v| v == value).count() as f64 / n as f64;
            assert!((share - 1.0 / 7.0).abs() < 0.005, "{value}: {share}");
        }
    }

    #[test]
    fn bad_parameters_are_errors() {
        let mut rng = default_rng(0);
        assert!(rng.normal(0.0, -1.0, &[3]).is_err());
        assert!(rng.integers(5, 5, &[3]).is_err());
        assert!(rng.uniform(0.0, f64::INFINITY, &[3]).is_err());
    }
}

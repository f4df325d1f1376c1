//! Random numbers: a seeded [`Generator`] like NumPy's `np.random.default_rng(seed)`.
//!
//! The bit generator is PCG64 (the XSL-RR 128/64 variant NumPy's `PCG64` uses), from
//! `rand_pcg`; the samplers come from `rand_distr` (ziggurat normal and exponential, BTPE
//! binomial, PTRS Poisson, gamma-based Dirichlet). A seed fixes every stream, so results are
//! reproducible across runs and platforms; they are not the numbers NumPy draws for the same
//! seed (NumPy expands seeds with `SeedSequence` and uses its own samplers), so tests that compare
//! with NumPy use saved data, and the samplers are checked by statistical tests instead.
//!
//! Seeds are expanded the way `SeedSequence` does it in spirit: the seed and a *spawn key* (the
//! path of child indices from the root) are hashed into PCG64's 255-bit state and stream, so
//! [`Generator::spawn`] gives children whose streams are independent of the parent's and of each
//! other (different PCG streams, not offsets in one stream), and the same seed always spawns the
//! same children.
//!
//! Parameters that NumPy accepts as arrays ([`Param`]) broadcast against the sample shape.
//! Invalid parameters are [`Error::Value`]s with NumPy's messages ("scale < 0", "lam < 0 or lam
//! is NaN", "Probabilities do not sum to 1", ...).

mod discrete;
mod param;

pub use discrete::Population;
pub use param::Param;

use crate::array::Array;
use crate::ir::DType;
use crate::{Error, Result};
use param::{check, resolve};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, Exp1, StandardNormal};
use rand_pcg::Pcg64;

/// A seeded source of random arrays (`np.random.Generator`).
///
/// Cloning a generator duplicates its stream (both clones draw the same numbers); use
/// [`Generator::spawn`] for independent streams.
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
    seed: u64,
    /// The child indices from the root generator to this one.
    spawn_key: Vec<u64>,
    /// How many children this generator has spawned (the next child's index).
    spawned: u64,
}

/// A generator seeded with `seed` (`np.random.default_rng(seed)`).
pub fn default_rng(seed: u64) -> Generator {
    Generator::from_key(seed, Vec::new())
}

/// SplitMix64's output function: a bijective mixer with full avalanche.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

impl Generator {
    fn from_key(seed: u64, spawn_key: Vec<u64>) -> Generator {
        // Hash (seed, key length, key...) into a running state, then draw PCG64's 32 seed bytes
        // (state and stream) from it SplitMix-style. Distinct keys give unrelated states and
        // streams; the length is hashed so that no key is a prefix-collision of another.
        let golden = 0x9e37_79b9_7f4a_7c15_u64;
        let mut h = mix(seed ^ 0x6a09_e667_f3bc_c909);
        for &k in spawn_key
            .iter()
            .chain(std::iter::once(&(spawn_key.len() as u64)))
        {
            h = mix(h.wrapping_add(golden) ^ mix(k.wrapping_add(golden)));
        }
        let mut bytes = [0u8; 32];
        for chunk in bytes.chunks_exact_mut(8) {
            h = h.wrapping_add(golden);
            chunk.copy_from_slice(&mix(h).to_le_bytes());
        }
        Generator {
            bits: Pcg64::from_seed(bytes),
            seed,
            spawn_key,
            spawned: 0,
        }
    }

    /// `n` new generators whose streams are independent of this one and of each other
    /// (`rng.spawn(n)`): for parallel work, each task gets its own. Spawning again gives further
    /// new children; the same seed spawns the same children in the same order.
    ///
    /// ```
    /// use numfuse::random::default_rng;
    /// let mut rng = default_rng(7);
    /// let mut kids = rng.spawn(2);
    /// let a = kids[0].random(&[4]).to_vec::<f64>()?;
    /// let b = kids[1].random(&[4]).to_vec::<f64>()?;
    /// assert_ne!(a, b);
    /// assert_eq!(a, default_rng(7).spawn(1)[0].random(&[4]).to_vec::<f64>()?);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn spawn(&mut self, n: usize) -> Vec<Generator> {
        let first = self.spawned;
        self.spawned += n as u64;
        (first..self.spawned)
            .map(|i| {
                let mut key = self.spawn_key.clone();
                key.push(i);
                Generator::from_key(self.seed, key)
            })
            .collect()
    }

    fn fill<T: crate::Element>(
        &mut self,
        shape: &[usize],
        mut draw: impl FnMut(&mut Pcg64, usize) -> T,
    ) -> Array {
        let n: usize = shape.iter().product();
        let v: Vec<T> = (0..n).map(|i| draw(&mut self.bits, i)).collect();
        Array::from_vec(v, shape).expect("the length is the shape's size")
    }

    /// Draws `f32` or `f64` samples, refusing any other dtype.
    fn fill_float(
        &mut self,
        op: &'static str,
        shape: &[usize],
        dtype: DType,
        draw32: impl FnMut(&mut Pcg64, usize) -> f32,
        draw64: impl FnMut(&mut Pcg64, usize) -> f64,
    ) -> Result<Array> {
        match dtype {
            DType::F32 => Ok(self.fill(shape, draw32)),
            DType::F64 => Ok(self.fill(shape, draw64)),
            got => Err(Error::DType {
                op,
                got,
                expected: "float32 or float64".into(),
            }),
        }
    }

    /// Uniform `f64` samples in `[0, 1)` (`rng.random(shape)`).
    pub fn random(&mut self, shape: &[usize]) -> Array {
        self.fill(shape, |r, _| r.random::<f64>())
    }

    /// Uniform samples in `[0, 1)` of `dtype` `f32` or `f64` (`rng.random(shape, dtype)`);
    /// `f32` samples are drawn as `f32` (24 random bits), not rounded from `f64`.
    ///
    /// # Errors
    /// [`Error::DType`] for any other dtype.
    pub fn random_dtype(&mut self, shape: &[usize], dtype: DType) -> Result<Array> {
        self.fill_float(
            "random",
            shape,
            dtype,
            |r, _| r.random::<f32>(),
            |r, _| r.random::<f64>(),
        )
    }

    /// Uniform `f64` samples in `[low, high)` (`rng.uniform(low, high, shape)`); `low` and
    /// `high` broadcast against `shape`. As in NumPy, `low > high` draws from `(high, low]`.
    ///
    /// # Errors
    /// [`Error::Value`] when `high - low` is not finite (NumPy's "high - low range exceeds
    /// valid bounds") or a parameter does not broadcast to `shape`.
    pub fn uniform(
        &mut self,
        low: impl Into<Param>,
        high: impl Into<Param>,
        shape: &[usize],
    ) -> Result<Array> {
        let low = resolve("uniform", 0, low.into(), shape)?;
        let high = resolve("uniform", 1, high.into(), shape)?;
        let n: usize = shape.iter().product();
        if (0..n).any(|i| !(high.at(i) - low.at(i)).is_finite()) {
            return Err(Error::Value {
                op: "uniform",
                msg: "high - low range exceeds valid bounds".into(),
            });
        }
        Ok(self.fill(shape, |r, i| {
            let (lo, hi) = (low.at(i), high.at(i));
            lo + (hi - lo) * r.random::<f64>()
        }))
    }

    /// Standard normal `f64` samples (`rng.standard_normal(shape)`).
    pub fn standard_normal(&mut self, shape: &[usize]) -> Array {
        self.fill(shape, |r, _| -> f64 { StandardNormal.sample(r) })
    }

    /// Standard normal samples of `dtype` `f32` or `f64` (`rng.standard_normal(shape, dtype)`).
    ///
    /// # Errors
    /// [`Error::DType`] for any other dtype.
    pub fn standard_normal_dtype(&mut self, shape: &[usize], dtype: DType) -> Result<Array> {
        self.fill_float(
            "standard_normal",
            shape,
            dtype,
            |r, _| StandardNormal.sample(r),
            |r, _| StandardNormal.sample(r),
        )
    }

    /// Normal samples with mean `loc` and standard deviation `scale` (`rng.normal`); both
    /// broadcast against `shape`, as in the seed's `np.random.normal(mu, sigma, (n_days,
    /// n_stocks))`.
    ///
    /// # Errors
    /// [`Error::Value`] when a `scale` is negative ("scale < 0", NumPy's check, which also
    /// refuses `-0.0`) or a parameter does not broadcast to `shape`.
    pub fn normal(
        &mut self,
        loc: impl Into<Param>,
        scale: impl Into<Param>,
        shape: &[usize],
    ) -> Result<Array> {
        let loc = resolve("normal", 0, loc.into(), shape)?;
        let scale = resolve("normal", 1, scale.into(), shape)?;
        check(
            "normal",
            &scale,
            |s| s.is_sign_negative() && !s.is_nan(),
            "scale < 0",
        )?;
        Ok(self.fill(shape, |r, i| {
            let z: f64 = StandardNormal.sample(r);
            loc.at(i) + scale.at(i) * z
        }))
    }

    /// Standard exponential `f64` samples, mean 1 (`rng.standard_exponential(shape)`).
    pub fn standard_exponential(&mut self, shape: &[usize]) -> Array {
        self.fill(shape, |r, _| -> f64 { Exp1.sample(r) })
    }

    /// Standard exponential samples of `dtype` `f32` or `f64`.
    ///
    /// # Errors
    /// [`Error::DType`] for any other dtype.
    pub fn standard_exponential_dtype(&mut self, shape: &[usize], dtype: DType) -> Result<Array> {
        self.fill_float(
            "standard_exponential",
            shape,
            dtype,
            |r, _| Exp1.sample(r),
            |r, _| Exp1.sample(r),
        )
    }

    /// Exponential samples with mean `scale` (`rng.exponential(scale, shape)`; the rate is
    /// `1 / scale`); `scale` broadcasts against `shape`.
    ///
    /// # Errors
    /// [`Error::Value`] when a `scale` is negative ("scale < 0") or does not broadcast.
    pub fn exponential(&mut self, scale: impl Into<Param>, shape: &[usize]) -> Result<Array> {
        let scale = resolve("exponential", 0, scale.into(), shape)?;
        check(
            "exponential",
            &scale,
            |s| s.is_sign_negative() && !s.is_nan(),
            "scale < 0",
        )?;
        Ok(self.fill(shape, |r, i| {
            let e: f64 = Exp1.sample(r);
            scale.at(i) * e
        }))
    }

    /// Integers in `[low, high)` as `int64` (`rng.integers(low, high, shape)`), each value
    /// equally likely (no modulo bias).
    ///
    /// # Errors
    /// [`Error::Value`] when `low >= high` ("low >= high").
    pub fn integers(&mut self, low: i64, high: i64, shape: &[usize]) -> Result<Array> {
        if low >= high {
            return Err(Error::Value {
                op: "integers",
                msg: "low >= high".into(),
            });
        }
        Ok(self.fill(shape, |r, _| r.random_range(low..high)))
    }
}

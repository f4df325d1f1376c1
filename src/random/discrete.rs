//! The samplers that pick, reorder or count: `choice`, `permutation`, `shuffle`, `binomial`,
//! `poisson`, and `dirichlet` (whose components sum to one, so it lives with the choosers).

use super::Generator;
use super::param::{Param, check, resolve};
use crate::array::Array;
use crate::ir::DType;
use crate::{Error, Result};
use rand::RngExt;
use rand::seq::SliceRandom;
use rand_distr::multi::{Dirichlet, MultiDistribution};
use rand_distr::{Binomial, Distribution, Poisson};
use std::cmp::Ordering;

/// What [`Generator::choice`] and [`Generator::permutation`] draw from: the integers `0..n`
/// (NumPy's `rng.choice(5, ...)`) or the rows of an array (its elements along axis 0).
#[derive(Clone, Debug)]
pub enum Population<'a> {
    /// The integers `0..n` (`n` as given; negative is refused when drawing).
    Range(i64),
    /// The sub-arrays of an array along axis 0.
    Items(&'a Array),
}

impl From<usize> for Population<'_> {
    fn from(n: usize) -> Self {
        Population::Range(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<i32> for Population<'_> {
    fn from(n: i32) -> Self {
        Population::Range(i64::from(n))
    }
}

impl From<i64> for Population<'_> {
    fn from(n: i64) -> Self {
        Population::Range(n)
    }
}

impl<'a> From<&'a Array> for Population<'a> {
    fn from(a: &'a Array) -> Self {
        Population::Items(a)
    }
}

/// NumPy's largest Poisson mean: int64's maximum less ten standard deviations.
const POISSON_LAM_MAX: f64 = 9.223_372_006_484_771e18;

fn value_error(op: &'static str, msg: &str) -> Error {
    Error::Value {
        op,
        msg: msg.into(),
    }
}

/// The size of a population: `n`, or the length of axis 0; a 0-d integer array is a count, as
/// in NumPy.
fn population_size(op: &'static str, pop: &Population<'_>) -> Result<(i64, Option<Array>)> {
    match pop {
        Population::Range(n) => Ok((*n, None)),
        Population::Items(a) if a.ndim() == 0 => {
            if !a.dtype().is_integer() {
                return Err(value_error(
                    op,
                    "a must be a sequence or an integer, not a float",
                ));
            }
            let n = a.astype(DType::I64).reshape(&[1])?.to_vec::<i64>()?[0];
            Ok((n, None))
        }
        Population::Items(a) => Ok((a.shape()[0] as i64, Some((*a).clone()))),
    }
}

/// Checks `p` against a population of `n` and returns it as `f64`s (NumPy's messages).
fn probabilities(p: &Array, n: usize) -> Result<Vec<f64>> {
    let op = "choice";
    if p.ndim() != 1 {
        return Err(value_error(op, "p must be 1-dimensional"));
    }
    if !(p.dtype().is_float() || p.dtype().is_integer() || p.dtype() == DType::Bool) {
        return Err(Error::DType {
            op,
            got: p.dtype(),
            expected: "real probabilities".into(),
        });
    }
    if p.size() != n {
        return Err(value_error(op, "a and p must have same size"));
    }
    let p = p.astype(DType::F64).to_vec::<f64>()?;
    if p.iter().any(|v| v.is_nan()) {
        return Err(value_error(op, "Probabilities contain NaN"));
    }
    if p.iter().any(|&v| v < 0.0) {
        return Err(value_error(op, "Probabilities are not non-negative"));
    }
    // NumPy's tolerance: the square root of the machine epsilon, on a compensated sum.
    let mut sum = 0.0f64;
    let mut carry = 0.0f64;
    for &v in &p {
        let y = v - carry;
        let t = sum + y;
        carry = (t - sum) - y;
        sum = t;
    }
    if (sum - 1.0).abs() > f64::EPSILON.sqrt() || sum.is_nan() {
        return Err(value_error(
            op,
            "Probabilities do not sum to 1. See Notes section of docstring for more information.",
        ));
    }
    Ok(p)
}

impl Generator {
    /// A random sample of `shape` from a population (`rng.choice(a, shape, replace, p)`): of the
    /// integers `0..n` as `int64`, or of an array's sub-arrays along axis 0 (the result then has
    /// shape `shape + a.shape[1..]` and `a`'s dtype). With `replace = false` no position is
    /// drawn twice; `p` gives each position's probability (it must sum to 1). Without
    /// replacement and with `p`, positions are drawn one after another in proportion to the
    /// weights left, as NumPy does (here by Efraimidis–Spirakis keys, one pass).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::random::default_rng;
    /// let mut rng = default_rng(3);
    /// let picks = rng.choice(10, &[5], false, None)?.to_vec::<i64>()?;
    /// let mut sorted = picks.clone();
    /// sorted.sort();
    /// sorted.dedup();
    /// assert_eq!(sorted.len(), 5);
    /// let words = array![10, 20, 30];
    /// let p = array![0.0, 1.0, 0.0];
    /// assert_eq!(rng.choice(&words, &[3], true, Some(&p))?.to_vec::<i32>()?, [20, 20, 20]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Value`] with NumPy's messages: an empty or negative population when samples
    /// are asked for ("a must be a positive integer unless no samples are taken"), more samples
    /// than positions without replacement ("Cannot take a larger sample than population when
    /// replace is False"), `p` not 1-d, of the wrong length, with NaN or negative entries, not
    /// summing to 1, or with fewer non-zero entries than samples without replacement.
    pub fn choice<'a>(
        &mut self,
        a: impl Into<Population<'a>>,
        shape: &[usize],
        replace: bool,
        p: Option<&Array>,
    ) -> Result<Array> {
        let op = "choice";
        let (n, items) = population_size(op, &a.into())?;
        let k: usize = shape.iter().product();
        if n < 0 || (n == 0 && k > 0) {
            return Err(value_error(
                op,
                if items.is_some() {
                    "a cannot be empty unless no samples are taken"
                } else {
                    "a must be a positive integer unless no samples are taken"
                },
            ));
        }
        let n = n as usize;
        let p = p.map(|p| probabilities(p, n)).transpose()?;
        let picks: Vec<i64> = match (replace, p) {
            (true, None) => (0..k)
                .map(|_| self.bits.random_range(0..n as i64))
                .collect(),
            (true, Some(p)) => self.draw_weighted(&p, k),
            (false, p) => {
                if k > n {
                    return Err(value_error(
                        op,
                        "Cannot take a larger sample than population when replace is False",
                    ));
                }
                match p {
                    None => rand::seq::index::sample(&mut self.bits, n, k)
                        .into_iter()
                        .map(|i| i as i64)
                        .collect(),
                    Some(p) => {
                        if p.iter().filter(|&&w| w > 0.0).count() < k {
                            return Err(value_error(op, "Fewer non-zero entries in p than size"));
                        }
                        self.draw_successive(&p, k)
                    }
                }
            }
        };
        let picks = Array::from_vec(picks, shape)?;
        match items {
            None => Ok(picks),
            Some(a) => a.take(&picks, Some(0)),
        }
    }

    /// `k` positions drawn with replacement in proportion to `p` (which sums to 1 within
    /// tolerance): the inverse CDF of a uniform draw, by binary search.
    fn draw_weighted(&mut self, p: &[f64], k: usize) -> Vec<i64> {
        let mut cdf: Vec<f64> = p
            .iter()
            .scan(0.0, |acc, &w| {
                *acc += w;
                Some(*acc)
            })
            .collect();
        let total = *cdf.last().unwrap_or(&1.0);
        cdf.iter_mut().for_each(|c| *c /= total);
        let last = p.len().saturating_sub(1);
        (0..k)
            .map(|_| {
                let u: f64 = self.bits.random();
                // The first position whose cumulative weight exceeds u (searchsorted 'right').
                // A position of weight zero never has a larger CDF than its predecessor, so it
                // is never picked; the clamp guards u against rounding at the top end.
                cdf.partition_point(|&c| c <= u).min(last) as i64
            })
            .collect()
    }

    /// `k` distinct positions, each drawn in proportion to the weights not yet drawn, in the
    /// order drawn: keys `ln(u) / w` with `u` uniform in `(0, 1]`, largest first
    /// (Efraimidis–Spirakis), which has exactly that distribution.
    fn draw_successive(&mut self, p: &[f64], k: usize) -> Vec<i64> {
        let mut keys: Vec<(f64, i64)> = p
            .iter()
            .enumerate()
            .filter(|(_, w)| **w > 0.0)
            .map(|(i, &w)| {
                let u = 1.0 - self.bits.random::<f64>();
                (u.ln() / w, i as i64)
            })
            .collect();
        let desc =
            |a: &(f64, i64), b: &(f64, i64)| b.0.partial_cmp(&a.0).unwrap_or(Ordering::Equal);
        if k < keys.len() && k > 0 {
            keys.select_nth_unstable_by(k - 1, desc);
        }
        keys.truncate(k);
        keys.sort_by(desc);
        keys.into_iter().map(|(_, i)| i).collect()
    }

    /// A random permutation (`rng.permutation(x)`): of `0..n` as `int64`, or a shuffled copy of
    /// an array along axis 0.
    ///
    /// # Errors
    /// [`Error::Value`] for a negative `n` or a 0-d array that is not an integer.
    pub fn permutation<'a>(&mut self, x: impl Into<Population<'a>>) -> Result<Array> {
        let (n, items) = population_size("permutation", &x.into())?;
        if n < 0 {
            return Err(value_error(
                "permutation",
                "negative dimensions are not allowed",
            ));
        }
        let mut order: Vec<i64> = (0..n).collect();
        order.shuffle(&mut self.bits);
        let order = Array::from_vec(order, &[n as usize])?;
        match items {
            None => Ok(order),
            Some(a) => a.take(&order, Some(0)),
        }
    }

    /// Shuffles `a` along axis 0 in place (`rng.shuffle(a)`): its sub-arrays change order,
    /// their contents do not.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// use numfuse::random::default_rng;
    /// let mut a = Array::arange(10.0, DType::I64).reshape(&[5, 2])?;
    /// default_rng(0).shuffle(&mut a)?;
    /// let rows = a.to_vec::<i64>()?;
    /// assert!(rows.chunks(2).all(|r| r[1] == r[0] + 1));
    /// let mut firsts: Vec<i64> = rows.chunks(2).map(|r| r[0]).collect();
    /// firsts.sort();
    /// assert_eq!(firsts, [0, 2, 4, 6, 8]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Value`] for a 0-d array.
    pub fn shuffle(&mut self, a: &mut Array) -> Result<()> {
        if a.ndim() == 0 {
            return Err(value_error(
                "shuffle",
                "x must be an integer or at least 1-dimensional",
            ));
        }
        let shuffled = self.permutation(&*a)?;
        *a = shuffled;
        Ok(())
    }

    /// Binomial counts as `int64` (`rng.binomial(n, p, shape)`): successes in `n` trials of
    /// probability `p`; both broadcast against `shape`, and `n` is truncated to an integer as
    /// NumPy does.
    ///
    /// # Errors
    /// [`Error::Value`]: "n < 0", "p < 0, p > 1 or p is NaN", or a parameter that does not
    /// broadcast.
    pub fn binomial(
        &mut self,
        n: impl Into<Param>,
        p: impl Into<Param>,
        shape: &[usize],
    ) -> Result<Array> {
        let op = "binomial";
        let n = resolve(op, 0, n.into(), shape)?;
        let p = resolve(op, 1, p.into(), shape)?;
        check(op, &n, |n| n < 0.0 || n.is_nan(), "n < 0")?;
        check(
            op,
            &p,
            |p| !(0.0..=1.0).contains(&p),
            "p < 0, p > 1 or p is NaN",
        )?;
        let make = |n: f64, p: f64| {
            Binomial::new(n.min(u64::MAX as f64) as u64, p)
                .map_err(|e| value_error(op, &e.to_string()))
        };
        let count = |c: u64| i64::try_from(c).unwrap_or(i64::MAX);
        if let (1, 1) = (n.all().len(), p.all().len()) {
            let d = make(n.at(0), p.at(0))?;
            return Ok(self.fill(shape, |r, _| count(d.sample(r))));
        }
        let total: usize = shape.iter().product();
        let dists = (0..total)
            .map(|i| make(n.at(i), p.at(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(self.fill(shape, |r, i| count(dists[i].sample(r))))
    }

    /// Poisson counts as `int64` (`rng.poisson(lam, shape)`); `lam` broadcasts against
    /// `shape`, and `lam = 0` gives zeros.
    ///
    /// # Errors
    /// [`Error::Value`]: "lam < 0 or lam is NaN", "lam value too large" (above about 9.2e18, as
    /// NumPy), or a parameter that does not broadcast.
    pub fn poisson(&mut self, lam: impl Into<Param>, shape: &[usize]) -> Result<Array> {
        let op = "poisson";
        let lam = resolve(op, 0, lam.into(), shape)?;
        check(op, &lam, |l| l < 0.0 || l.is_nan(), "lam < 0 or lam is NaN")?;
        check(op, &lam, |l| l > POISSON_LAM_MAX, "lam value too large")?;
        let make = |l: f64| -> Result<Option<Poisson<f64>>> {
            if l == 0.0 {
                return Ok(None);
            }
            Poisson::new(l)
                .map(Some)
                .map_err(|e| value_error(op, &e.to_string()))
        };
        let draw = |d: &Option<Poisson<f64>>, r: &mut rand_pcg::Pcg64| match d {
            None => 0,
            Some(d) => d.sample(r) as i64,
        };
        if lam.all().len() == 1 {
            let d = make(lam.at(0))?;
            return Ok(self.fill(shape, |r, _| draw(&d, r)));
        }
        let total: usize = shape.iter().product();
        let dists = (0..total)
            .map(|i| make(lam.at(i)))
            .collect::<Result<Vec<_>>>()?;
        Ok(self.fill(shape, |r, i| draw(&dists[i], r)))
    }

    /// Dirichlet samples (`rng.dirichlet(alpha, shape)`): `f64` of shape `shape + [alpha.len()]`
    /// whose last axis sums to 1, component `j` having mean `alpha[j] / sum(alpha)`. As in
    /// NumPy, a zero `alpha[j]` gives a component that is always 0.
    ///
    /// ```
    /// use numfuse::random::default_rng;
    /// // The seed's random portfolio weights: 10,000 draws over 5 assets.
    /// let w = default_rng(42).dirichlet(&[1.0; 5], &[10_000])?;
    /// assert_eq!(w.shape(), &[10_000, 5]);
    /// let sums = w.sum(1)?.to_vec::<f64>()?;
    /// assert!(sums.iter().all(|s| (s - 1.0).abs() < 1e-12));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    ///
    /// # Errors
    /// [`Error::Value`]: "alpha < 0" (also for NaN), or a subnormal or infinite alpha that the
    /// sampler cannot take.
    pub fn dirichlet(&mut self, alpha: &[f64], shape: &[usize]) -> Result<Array> {
        let op = "dirichlet";
        if alpha.iter().any(|a| *a < 0.0 || a.is_nan()) {
            return Err(value_error(op, "alpha < 0"));
        }
        let k = alpha.len();
        let mut out_shape = shape.to_vec();
        out_shape.push(k);
        let rows: usize = shape.iter().product();
        let positive: Vec<usize> = (0..k).filter(|&j| alpha[j] > 0.0).collect();
        let mut out = vec![0.0f64; rows * k];
        match positive.len() {
            0 => {}
            1 => out
                .chunks_exact_mut(k)
                .for_each(|row| row[positive[0]] = 1.0),
            _ => {
                let weights: Vec<f64> = positive.iter().map(|&j| alpha[j]).collect();
                let d = Dirichlet::new(&weights).map_err(|e| value_error(op, &e.to_string()))?;
                let mut draw = vec![0.0f64; positive.len()];
                for row in out.chunks_exact_mut(k) {
                    d.sample_to_slice(&mut self.bits, &mut draw);
                    for (&j, &v) in positive.iter().zip(&draw) {
                        row[j] = v;
                    }
                }
            }
        }
        Array::from_vec(out, &out_shape)
    }
}

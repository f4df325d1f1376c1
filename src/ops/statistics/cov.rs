//! `cov` and `corrcoef`, computed in `float64` as NumPy computes them (mean-centred rows, a
//! weighted product, times `1 / fact`).

use crate::array::Array;
use crate::{DType, Error, Result};

/// The options of [`cov`] (NumPy's keyword arguments), with NumPy's defaults: each row is a
/// variable (`rowvar`), normalisation by `N - 1` (`bias == false`, `ddof == None`), no weights.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::{CovOptions, cov};
/// let x = array![[0.0, 2.0], [1.0, 1.0], [2.0, 0.0]];
/// let c = cov(&x, None, &CovOptions::new().rowvar(false))?;
/// assert_eq!(c.to_vec::<f64>()?, [1.0, -1.0, -1.0, 1.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct CovOptions<'a> {
    /// Each row is a variable and each column an observation (default); `false` transposes.
    pub rowvar: bool,
    /// Normalise by `N` instead of `N - 1` (ignored when `ddof` is given).
    pub bias: bool,
    /// Delta degrees of freedom; overrides `bias`.
    pub ddof: Option<i64>,
    /// Integer frequency weights, one per observation.
    pub fweights: Option<&'a Array>,
    /// Observation (reliability) weights, one per observation.
    pub aweights: Option<&'a Array>,
}

impl Default for CovOptions<'_> {
    fn default() -> Self {
        CovOptions {
            rowvar: true,
            bias: false,
            ddof: None,
            fweights: None,
            aweights: None,
        }
    }
}

impl<'a> CovOptions<'a> {
    /// NumPy's defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets `rowvar`.
    #[must_use]
    pub fn rowvar(mut self, rowvar: bool) -> Self {
        self.rowvar = rowvar;
        self
    }

    /// Sets `bias`.
    #[must_use]
    pub fn bias(mut self, bias: bool) -> Self {
        self.bias = bias;
        self
    }

    /// Sets `ddof`.
    #[must_use]
    pub fn ddof(mut self, ddof: i64) -> Self {
        self.ddof = Some(ddof);
        self
    }

    /// Sets the frequency weights.
    #[must_use]
    pub fn fweights(mut self, w: &'a Array) -> Self {
        self.fweights = Some(w);
        self
    }

    /// Sets the observation weights.
    #[must_use]
    pub fn aweights(mut self, w: &'a Array) -> Self {
        self.aweights = Some(w);
        self
    }
}

/// `a` as rows of `float64` (NumPy's `array(a, ndmin=2)`, transposed when `!rowvar` and
/// `transpose_if` holds for the 2-d shape).
fn rows(a: &Array, rowvar: bool, transpose_if: impl Fn(&[usize]) -> bool) -> Result<Vec<Vec<f64>>> {
    let shape2: Vec<usize> = match a.ndim() {
        0 => vec![1, 1],
        1 => vec![1, a.len()],
        _ => a.shape().to_vec(),
    };
    let v = a.astype(DType::F64).to_vec::<f64>()?;
    let (r, c) = (shape2[0], shape2[1]);
    let mut out: Vec<Vec<f64>> = if c == 0 {
        vec![Vec::new(); r]
    } else {
        v.chunks(c).map(<[f64]>::to_vec).collect()
    };
    if !rowvar && transpose_if(&shape2) {
        out = (0..c)
            .map(|j| (0..r).map(|i| out[i][j]).collect())
            .collect();
    }
    Ok(out)
}

/// Checks one weight vector as NumPy's `cov` does and returns it as `float64`.
fn weights(w: &Array, name: &str, nobs: usize, integer: bool) -> Result<Vec<f64>> {
    let value = |msg: String| Error::Value { op: "cov", msg };
    let v = w.astype(DType::F64).to_vec::<f64>()?;
    if integer && v.iter().any(|x| *x != x.round_ties_even()) {
        return Err(value(format!("{name} must be integer")));
    }
    if w.ndim() > 1 {
        return Err(value(format!("cannot handle multidimensional {name}")));
    }
    if w.ndim() == 0 || v.len() != nobs {
        return Err(value(format!("incompatible numbers of samples and {name}")));
    }
    if v.iter().any(|&x| x < 0.0) {
        return Err(value(format!("{name} cannot be negative")));
    }
    Ok(v)
}

/// Covariance matrix (`np.cov`) of the variables in `m` (and `y`, appended as more variables),
/// `float64` of shape `(p, p)`, or 0-d for one variable.
///
/// # Errors
/// [`Error::Value`] with NumPy's messages: inputs of more than 2 dimensions, `y` with another
/// number of observations, weights that are not integer (`fweights`), negative, not 1-d or of
/// the wrong length.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::{CovOptions, cov};
/// let x = array![-2.1, -1.0, 4.3];
/// let y = array![3.0, 1.1, 0.12];
/// let c = cov(&x, Some(&y), &CovOptions::new())?;
/// assert_eq!(c.shape(), &[2, 2]);
/// assert!((c.to_vec::<f64>()?[0] - 11.71).abs() < 1e-12);
/// let v = cov(&x, None, &CovOptions::new().bias(true))?;
/// assert_eq!(v.ndim(), 0);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn cov(m: &Array, y: Option<&Array>, opts: &CovOptions<'_>) -> Result<Array> {
    let value = |msg: String| Error::Value { op: "cov", msg };
    if m.ndim() > 2 {
        return Err(value("m has more than 2 dimensions".into()));
    }
    if y.is_some_and(|y| y.ndim() > 2) {
        return Err(value("y has more than 2 dimensions".into()));
    }
    let m_1d = m.ndim() == 1;
    let mut x = rows(m, opts.rowvar, |_| !m_1d)?;
    if x.is_empty() {
        return Array::from_vec(Vec::<f64>::new(), &[0, 0]);
    }
    let nobs = x[0].len();
    if let Some(y) = y {
        let yr = rows(y, opts.rowvar, |s| s[0] != 1)?;
        let ny = yr.first().map_or(0, Vec::len);
        if ny != nobs {
            return Err(Error::Shape {
                op: "cov",
                msg: format!(
                    "all the input array dimensions except for the concatenation axis must \
                     match exactly, but along dimension 1, the array at index 0 has size {nobs} \
                     and the array at index 1 has size {ny}"
                ),
            });
        }
        x.extend(yr);
    }
    let ddof = opts.ddof.unwrap_or(if opts.bias { 0 } else { 1 }) as f64;
    let fw = opts
        .fweights
        .map(|w| weights(w, "fweights", nobs, true))
        .transpose()?;
    let aw = opts
        .aweights
        .map(|w| weights(w, "aweights", nobs, false))
        .transpose()?;
    let w: Option<Vec<f64>> = match (&fw, &aw) {
        (None, None) => None,
        (Some(f), None) => Some(f.clone()),
        (None, Some(a)) => Some(a.clone()),
        (Some(f), Some(a)) => Some(f.iter().zip(a).map(|(f, a)| f * a).collect()),
    };
    let w_sum = w.as_ref().map_or(nobs as f64, |w| w.iter().sum());
    if w.is_some() && w_sum == 0.0 {
        return Err(value("Weights sum to zero, can't be normalized".into()));
    }
    let mut fact = match (&w, &aw) {
        (None, _) => nobs as f64 - ddof,
        (Some(_), _) if ddof == 0.0 => w_sum,
        (Some(_), None) => w_sum - ddof,
        (Some(w), Some(a)) => {
            w_sum - ddof * w.iter().zip(a).map(|(w, a)| w * a).sum::<f64>() / w_sum
        }
    };
    if fact <= 0.0 {
        fact = 0.0;
    }
    for row in &mut x {
        let avg = match &w {
            None => row.iter().sum::<f64>() / nobs as f64,
            Some(w) => row.iter().zip(w).map(|(v, w)| v * w).sum::<f64>() / w_sum,
        };
        row.iter_mut().for_each(|v| *v -= avg);
    }
    let p = x.len();
    let scale = 1.0 / fact;
    let mut c = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..p {
            let s: f64 = match &w {
                None => x[i].iter().zip(&x[j]).map(|(a, b)| a * b).sum(),
                Some(w) => x[i]
                    .iter()
                    .zip(&x[j])
                    .zip(w)
                    .map(|((a, b), w)| a * (b * w))
                    .sum(),
            };
            c[i * p + j] = s * scale;
        }
    }
    if p == 1 {
        Array::from_vec(c, &[])
    } else {
        Array::from_vec(c, &[p, p])
    }
}

/// Pearson correlation coefficients (`np.corrcoef`): [`cov`] divided by the outer product of
/// the standard deviations, clipped to `[-1, 1]`; `float64`, 0-d (`c / c`) for one variable.
///
/// # Errors
/// As [`cov`].
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::ops::corrcoef;
/// let x = array![[1.0, 2.0, 3.0], [2.0, 4.0, 7.0]];
/// let r = corrcoef(&x, None, true)?.to_vec::<f64>()?;
/// assert_eq!((r[0], r[3]), (1.0, 1.0));
/// assert!((r[1] - 0.9933992677987828).abs() < 1e-15);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn corrcoef(x: &Array, y: Option<&Array>, rowvar: bool) -> Result<Array> {
    let c = cov(x, y, &CovOptions::new().rowvar(rowvar))?;
    let mut v = c.to_vec::<f64>()?;
    if c.ndim() != 2 {
        v.iter_mut().for_each(|x| *x /= *x);
        return Array::from_vec(v, c.shape());
    }
    let p = c.shape()[0];
    let sd: Vec<f64> = (0..p).map(|i| v[i * p + i].sqrt()).collect();
    for i in 0..p {
        for j in 0..p {
            let e = &mut v[i * p + j];
            // NaN stays NaN, as with `np.clip`.
            *e = (*e / sd[i] / sd[j]).clamp(-1.0, 1.0);
        }
    }
    Array::from_vec(v, &[p, p])
}

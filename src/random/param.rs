//! Distribution parameters that are a number or an array broadcast against the sample shape
//! (NumPy's `rng.normal(mu, sigma, (n_days, n_stocks))` with `mu` of shape `(n_stocks,)`).

use crate::array::Array;
use crate::error::shape_tuple;
use crate::ir::DType;
use crate::{Error, Result};

/// A distribution parameter: one number for every sample, or an array that broadcasts against
/// the requested shape (each sample uses the value at its position).
///
/// Numbers (`f64`, `i32`, `i64`) and arrays (`&Array`, `Array`) convert into it, so calls read
/// like NumPy's:
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::random::default_rng;
/// let mut rng = default_rng(1);
/// let mu = array![0.0, 100.0, -100.0];
/// let x = rng.normal(&mu, 1.0, &[1000, 3])?;
/// let means = x.mean(0)?.to_vec::<f64>()?;
/// assert!((means[1] - 100.0).abs() < 0.2 && (means[2] + 100.0).abs() < 0.2);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug)]
pub struct Param(Array);

impl From<f64> for Param {
    fn from(v: f64) -> Param {
        Param(Array::scalar(v))
    }
}

impl From<i32> for Param {
    fn from(v: i32) -> Param {
        Param(Array::scalar(f64::from(v)))
    }
}

impl From<i64> for Param {
    fn from(v: i64) -> Param {
        // i64 parameters beyond 2^53 round, as NumPy's float parameters do.
        Param(Array::scalar(v as f64))
    }
}

impl From<&Array> for Param {
    fn from(a: &Array) -> Param {
        Param(a.clone())
    }
}

impl From<Array> for Param {
    fn from(a: Array) -> Param {
        Param(a)
    }
}

/// A parameter resolved against a sample shape: one value, or one per sample in C order.
pub(crate) enum Values {
    One(f64),
    Each(Vec<f64>),
}

impl Values {
    /// The parameter of sample `i`.
    #[inline]
    pub(crate) fn at(&self, i: usize) -> f64 {
        match self {
            Values::One(v) => *v,
            Values::Each(v) => v[i],
        }
    }

    /// Every distinct position's value (for validation): one value, or all of them.
    pub(crate) fn all(&self) -> &[f64] {
        match self {
            Values::One(v) => std::slice::from_ref(v),
            Values::Each(v) => v,
        }
    }
}

/// Resolves parameter number `k` (for the message) of a draw against `shape`: it must
/// broadcast to it (NumPy's "shape mismatch: objects cannot be broadcast to a single shape").
pub(crate) fn resolve(op: &'static str, k: usize, p: Param, shape: &[usize]) -> Result<Values> {
    let a = p.0;
    if !(a.dtype().is_float() || a.dtype().is_integer()) {
        return Err(Error::DType {
            op,
            got: a.dtype(),
            expected: "a numeric parameter".into(),
        });
    }
    let a = a.astype(DType::F64);
    if a.size() == 1 && a.ndim() <= shape.len() {
        return Ok(Values::One(a.reshape(&[-1])?.to_vec::<f64>()?[0]));
    }
    let b = a.broadcast_to(shape).map_err(|_| Error::Value {
        op,
        msg: format!(
            "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between \
             arg {k} with shape {} and the size {}.",
            shape_tuple(a.shape()),
            shape_tuple(shape)
        ),
    })?;
    Ok(Values::Each(b.to_vec::<f64>()?))
}

/// Refuses a parameter for which `bad` holds anywhere, with NumPy's message.
pub(crate) fn check(
    op: &'static str,
    values: &Values,
    bad: impl Fn(f64) -> bool,
    msg: &str,
) -> Result<()> {
    if values.all().iter().any(|&v| bad(v)) {
        return Err(Error::Value {
            op,
            msg: msg.into(),
        });
    }
    Ok(())
}

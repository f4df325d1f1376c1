//! The `axis=` and `keepdims=` arguments of every reduction: [`Axes`], and its resolution against
//! an array's rank into a mask of reduced axes.
//!
//! Invariants of a resolved [`Reduced`]:
//! 1. `mask.len() == ndim`, and `mask[i]` is true exactly when axis `i` is reduced.
//! 2. Every axis named was in `-ndim..ndim` and no axis was named twice (NumPy's "duplicate value
//!    in 'axis'"); a 0-d array accepts axis 0 or -1 and reduces nothing, as NumPy does.

use crate::{Error, Result};
use smallvec::SmallVec;

/// Which axes a reduction runs over (NumPy's `axis=`), and whether the reduced axes stay in the
/// result with length 1 (`keepdims=`).
///
/// Everything that names axes converts into it, so calls read like NumPy's:
///
/// | numfuse | NumPy |
/// |---|---|
/// | `a.sum(None)?` | `a.sum()` |
/// | `a.sum(0)?`, `a.sum(-1)?` | `a.sum(axis=0)`, `a.sum(axis=-1)` |
/// | `a.sum([0, 2])?` | `a.sum(axis=(0, 2))` |
/// | `a.sum(Axes::all().keepdims())?` | `a.sum(keepdims=True)` |
/// | `a.max(Axes::from(-1).keepdims())?` | `a.max(axis=-1, keepdims=True)` |
/// | `a.sum(Axes::none())?` | `a.sum(axis=())` |
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::Axes;
/// let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4])?;
/// assert_eq!(a.sum(None)?.shape(), &[] as &[usize]);
/// assert_eq!(a.sum(0)?.shape(), &[3, 4]);
/// assert_eq!(a.sum([0, 2])?.shape(), &[3]);
/// assert_eq!(a.sum(Axes::from([0, -1]).keepdims())?.shape(), &[1, 3, 1]);
/// let axes: &[isize] = &[1];
/// assert_eq!(a.max(axes)?.shape(), &[2, 4]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct Axes {
    /// `None` for every axis.
    axes: Option<SmallVec<[isize; 4]>>,
    keepdims: bool,
}

impl Axes {
    /// Every axis (NumPy's `axis=None`, the default).
    pub fn all() -> Axes {
        Axes::default()
    }

    /// No axis at all (NumPy's `axis=()`): the result has the input's shape and the reduction's
    /// dtype.
    pub fn none() -> Axes {
        Axes::list(&[])
    }

    /// The given axes; negative values count from the end.
    pub fn list(axes: &[isize]) -> Axes {
        Axes {
            axes: Some(axes.into()),
            keepdims: false,
        }
    }

    /// The same axes, keeping the reduced axes with length 1 (`keepdims=True`), so the result
    /// broadcasts against the input.
    #[must_use]
    pub fn keepdims(self) -> Axes {
        self.with_keepdims(true)
    }

    /// The same axes with `keepdims` set as given.
    #[must_use]
    pub fn with_keepdims(mut self, keepdims: bool) -> Axes {
        self.keepdims = keepdims;
        self
    }

    /// The axes as given, or `None` for every axis.
    pub fn axes(&self) -> Option<&[isize]> {
        self.axes.as_deref()
    }

    /// True when reduced axes are kept with length 1.
    pub fn keeps_dims(&self) -> bool {
        self.keepdims
    }

    /// Resolves the axes against an array of `ndim` dimensions.
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`] for an axis outside `-ndim..ndim`, [`Error::Value`] for an axis
    /// named twice.
    pub(crate) fn resolve(&self, op: &'static str, ndim: usize) -> Result<Reduced> {
        self.resolve_with(op, ndim, true)
    }

    /// [`Axes::resolve`]; with `scalar_axis_zero == false`, a 0-d array refuses axis 0 too
    /// (NumPy's `mean`, `var` and `std` check axes against the rank without that exception).
    pub(crate) fn resolve_with(
        &self,
        op: &'static str,
        ndim: usize,
        scalar_axis_zero: bool,
    ) -> Result<Reduced> {
        let mut mask: SmallVec<[bool; 6]> = SmallVec::from_elem(self.axes.is_none(), ndim);
        for &axis in self.axes.iter().flatten() {
            if ndim == 0 && scalar_axis_zero {
                // NumPy lets a 0-d array be reduced along "axis 0" (a no-op).
                if axis == 0 || axis == -1 {
                    continue;
                }
                return Err(Error::AxisOutOfRange { axis, ndim });
            }
            let ax = crate::error::normalize_axis(axis, ndim)?;
            if mask[ax] {
                return Err(Error::Value {
                    op,
                    msg: "duplicate value in 'axis'".into(),
                });
            }
            mask[ax] = true;
        }
        Ok(Reduced {
            mask,
            keepdims: self.keepdims,
        })
    }
}

/// Axes resolved against an array's rank (see the module invariants).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Reduced {
    /// `mask[i]`: axis `i` is reduced.
    pub mask: SmallVec<[bool; 6]>,
    /// Keep reduced axes with length 1.
    pub keepdims: bool,
}

impl Reduced {
    /// The number of elements each output element combines (the product of the reduced
    /// lengths).
    pub fn group_size(&self, shape: &[usize]) -> usize {
        shape
            .iter()
            .zip(&self.mask)
            .filter(|&(_, &m)| m)
            .map(|(&n, _)| n)
            .product()
    }
}

impl From<Option<isize>> for Axes {
    /// `None` is every axis, `Some(i)` the one axis `i`.
    fn from(axis: Option<isize>) -> Axes {
        match axis {
            None => Axes::all(),
            Some(i) => Axes::list(&[i]),
        }
    }
}

fn to_isize<T: TryInto<isize>>(v: T) -> isize {
    // Values beyond isize (a usize above 2^63) are out of range for any array anyway.
    v.try_into().unwrap_or(isize::MAX)
}

macro_rules! axes_from_ints {
    ($($t:ty),*) => {$(
        impl From<$t> for Axes {
            /// One axis.
            fn from(axis: $t) -> Axes {
                Axes::list(&[to_isize(axis)])
            }
        }
        impl<const N: usize> From<[$t; N]> for Axes {
            /// A list of axes.
            fn from(axes: [$t; N]) -> Axes {
                Axes::from(&axes[..])
            }
        }
        impl<const N: usize> From<&[$t; N]> for Axes {
            /// A list of axes.
            fn from(axes: &[$t; N]) -> Axes {
                Axes::from(&axes[..])
            }
        }
        impl From<&[$t]> for Axes {
            /// A list of axes.
            fn from(axes: &[$t]) -> Axes {
                Axes {
                    axes: Some(axes.iter().map(|&a| to_isize(a)).collect()),
                    keepdims: false,
                }
            }
        }
        impl From<Vec<$t>> for Axes {
            /// A list of axes.
            fn from(axes: Vec<$t>) -> Axes {
                Axes::from(&axes[..])
            }
        }
    )*};
}
axes_from_ints!(i32, i64, isize, usize);

#[cfg(test)]
mod tests {
    use super::*;

    fn mask(axes: impl Into<Axes>, ndim: usize) -> Result<Vec<bool>> {
        Ok(axes.into().resolve("sum", ndim)?.mask.to_vec())
    }

    #[test]
    fn conversions() {
        assert_eq!(Axes::from(None), Axes::all());
        assert_eq!(Axes::from(Some(-1)).axes(), Some(&[-1isize][..]));
        assert_eq!(Axes::from(2usize).axes(), Some(&[2isize][..]));
        assert_eq!(Axes::from([0, 2]).axes(), Some(&[0isize, 2][..]));
        assert_eq!(Axes::from(vec![1i64]).axes(), Some(&[1isize][..]));
        assert!(Axes::from(0).keepdims().keeps_dims());
        assert!(!Axes::from(0).keepdims().with_keepdims(false).keeps_dims());
        assert_eq!(Axes::none().axes(), Some(&[][..]));
    }

    #[test]
    fn resolution() {
        assert_eq!(mask(None, 3).unwrap(), [true, true, true]);
        assert_eq!(mask(-1, 3).unwrap(), [false, false, true]);
        assert_eq!(mask([0, 2], 3).unwrap(), [true, false, true]);
        assert_eq!(mask(Axes::none(), 2).unwrap(), [false, false]);
        assert!(mask(0, 0).unwrap().is_empty());
        assert!(mask(-1, 0).unwrap().is_empty());
        assert!(Axes::from(0).resolve_with("mean", 0, false).is_err());
        assert!(matches!(
            mask(1, 0),
            Err(Error::AxisOutOfRange { axis: 1, ndim: 0 })
        ));
        assert!(matches!(
            mask(3, 3),
            Err(Error::AxisOutOfRange { axis: 3, ndim: 3 })
        ));
        let dup = mask([0, -3], 3).unwrap_err();
        assert_eq!(dup.to_string(), "sum: duplicate value in 'axis'");
        assert!(mask(usize::MAX, 2).is_err());
    }

    #[test]
    fn shapes() {
        let r = Axes::from([0, 2]).resolve("sum", 3).unwrap();
        assert_eq!(r.group_size(&[2, 3, 4]), 8);
        assert!(!r.keepdims);
        assert!(Axes::from(0).keepdims().resolve("sum", 3).unwrap().keepdims);
    }
}

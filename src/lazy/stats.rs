//! Statistics composed from the graph's primitives: `var` and `std` as NumPy computes them
//! (`x - mean(x)` squared, summed, divided by `n - ddof`), so the passes fuse them like any
//! other expression (two kernels: the mean, then the squared deviations summed with the
//! division as epilogue).

use super::Expr;
use crate::Axes;

impl Expr {
    /// Variance over `axes` with `ddof` delta degrees of freedom (`np.var`): the mean of the
    /// squared deviations from the mean, divided by `n - ddof` instead of `n`. Integer and bool
    /// inputs give float64, as NumPy. A divisor of zero (`ddof >= n`) gives inf or NaN, as
    /// NumPy (which also warns).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let x = array![[1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]].lazy();
    /// assert_eq!(x.var(1, 0).eval()?.to_vec::<f64>()?, vec![1.25, 0.0]);
    /// assert_eq!(x.std(None, 1).eval()?.shape(), &[] as &[usize]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn var(&self, axes: impl Into<Axes>, ddof: usize) -> Expr {
        let axes = axes.into();
        let keep = axes.keeps_dims();
        let shape = self.shape();
        let n: usize = match axes.axes() {
            None => shape.iter().product(),
            Some(list) => {
                let nd = shape.len() as isize;
                let mut seen = vec![false; shape.len()];
                for &a in list {
                    let a = if a < 0 { a + nd } else { a };
                    if (0..nd).contains(&a) {
                        seen[a as usize] = true;
                    }
                }
                // An axis out of range is recorded as an error by `mean` below.
                shape
                    .iter()
                    .zip(&seen)
                    .filter(|(_, s)| **s)
                    .map(|(&n, _)| n)
                    .product()
            }
        };
        let mean = self.mean(axes.clone().with_keepdims(true));
        let dev = self - &mean;
        let squares = (&dev * &dev).sum(axes.with_keepdims(keep));
        squares / n.saturating_sub(ddof) as f64
    }

    /// Standard deviation over `axes` with `ddof` (`np.std`): the square root of
    /// [`Expr::var`].
    pub fn std(&self, axes: impl Into<Axes>, ddof: usize) -> Expr {
        self.var(axes, ddof).sqrt()
    }
}

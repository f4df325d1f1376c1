//! Materialisation points: operations whose result shape depends on the data (a boolean mask as
//! index, `nonzero`). A graph cannot describe their output before it runs, so the front end
//! evaluates the operands there and continues with the result as a new graph input.
//!
//! Invariants:
//! 1. The operands are evaluated together ([`eval_many_with`]), so work they share runs once,
//!    with the caller's options; the selection itself is the eager one
//!    ([`Array::mask_select`], [`Array::nonzero`]), so lazy and eager agree exactly.
//! 2. These methods return `Result`, unlike the rest of the builder: they compute, so the
//!    operands' errors (and the selection's) surface here, naming the expression.

use super::{EvalOptions, Expr, ExprArg, eval_many_with};
use crate::Result;
use crate::array::Array;

impl Expr {
    /// NumPy's `x[mask]` (see [`Array::mask_select`]), a materialisation point: evaluates this
    /// expression and `mask` now (as one graph, with the default options) and returns an
    /// expression bound to the selected elements.
    ///
    /// # Errors
    /// The operands' evaluation errors; the selection's ([`Array::mask_select`]).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let x = array![1.0, -2.0, 3.0, -4.0].lazy();
    /// let y = &x * 10.0;
    /// let pos = y.mask_select(&y.greater(0.0))?;   // evaluates y and the mask here
    /// assert_eq!((pos + 1.0).eval()?.to_vec::<f64>()?, vec![11.0, 31.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn mask_select(&self, mask: impl Into<ExprArg>) -> Result<Expr> {
        self.mask_select_with(mask, &EvalOptions::default())
    }

    /// [`Expr::mask_select`] with explicit evaluation options.
    ///
    /// # Errors
    /// As [`Expr::mask_select`].
    pub fn mask_select_with(&self, mask: impl Into<ExprArg>, opts: &EvalOptions) -> Result<Expr> {
        let (data, mask) = match mask.into() {
            ExprArg::Expr(m) => {
                let mut both = eval_many_with(&[self, &m], opts)?;
                let m = both.pop();
                (both.pop(), m)
            }
            ExprArg::Array(m) => (Some(self.eval_with(opts)?), Some(m)),
            ExprArg::Weak(v) => (
                Some(self.eval_with(opts)?),
                Some(Array::scalar(super::eager::scalar(v, crate::DType::Bool))),
            ),
        };
        match (data, mask) {
            (Some(data), Some(mask)) => Ok(data.mask_select(&mask)?.lazy()),
            _ => Err(crate::Error::Value {
                op: "mask_select",
                msg: "internal error (please report): missing evaluation result".to_string(),
            }),
        }
    }

    /// NumPy's `nonzero` (see [`Array::nonzero`]), a materialisation point: evaluates this
    /// expression now and returns one `int64` index expression per axis.
    ///
    /// # Errors
    /// The evaluation's errors; a 0-d expression.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let x = array![0.0, 2.0, 0.0, 5.0].lazy();
    /// let idx = (&x - 2.0).nonzero()?;
    /// assert_eq!(idx[0].eval()?.to_vec::<i64>()?, vec![0, 2, 3]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn nonzero(&self) -> Result<Vec<Expr>> {
        let data = self.eval()?;
        Ok(data.nonzero()?.iter().map(Array::lazy).collect())
    }
}

//! Coordinate grids: `meshgrid` (owned copies, NumPy's default `copy=True`) and
//! `meshgrid_views` (broadcast views, NumPy's `copy=False`).

use crate::{Array, Order, Result};

/// The indexing convention of [`meshgrid`] (NumPy's `indexing=`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Indexing {
    /// Cartesian (`'xy'`, NumPy's default): the first two output axes are swapped, so for
    /// inputs of lengths `m` and `n` the outputs have shape `(n, m)`.
    #[default]
    Xy,
    /// Matrix (`'ij'`): output axis `i` runs along input `i`; shape `(m, n)`.
    Ij,
}

/// The grid as views: input `i`, flattened, reshaped to have its length on output axis `i` (axes
/// 0 and 1 swapped for [`Indexing::Xy`]) and, unless `sparse`, broadcast to the full grid
/// (read-only views with stride 0).
///
/// # Errors
/// [`Error::ShapeOverflow`](crate::Error::ShapeOverflow) when the grid is too big.
pub fn meshgrid_views(arrays: &[&Array], indexing: Indexing, sparse: bool) -> Result<Vec<Array>> {
    let nd = arrays.len();
    let mut out = Vec::with_capacity(nd);
    for (i, a) in arrays.iter().enumerate() {
        let mut shape = vec![1isize; nd];
        let pos = match (indexing, nd > 1, i) {
            (Indexing::Xy, true, 0) => 1,
            (Indexing::Xy, true, 1) => 0,
            _ => i,
        };
        shape[pos] = -1;
        out.push(a.reshape(&shape)?);
    }
    if sparse {
        return Ok(out);
    }
    let refs: Vec<&Array> = out.iter().collect();
    crate::broadcast_arrays(&refs)
}

/// Coordinate matrices from coordinate vectors (`np.meshgrid`): output `i` holds input `i`
/// (flattened) repeated along every other axis of the grid. Each output keeps its input's
/// dtype. With `sparse`, output `i` has length 1 on every axis but its own. The outputs are new
/// arrays (NumPy's default `copy=True`); [`meshgrid_views`] returns views instead. No inputs
/// give no outputs.
///
/// # Errors
/// [`Error::ShapeOverflow`](crate::Error::ShapeOverflow) when the grid is too big.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::Indexing;
/// let x = array![1i64, 2, 3];
/// let y = array![10i64, 20];
/// let g = numfuse::meshgrid(&[&x, &y], Indexing::Xy, false)?;
/// assert_eq!(g[0].shape(), &[2, 3]);
/// assert_eq!(g[0].to_vec::<i64>()?, vec![1, 2, 3, 1, 2, 3]);
/// assert_eq!(g[1].to_vec::<i64>()?, vec![10, 10, 10, 20, 20, 20]);
/// let ij = numfuse::meshgrid(&[&x, &y], Indexing::Ij, false)?;
/// assert_eq!(ij[0].shape(), &[3, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn meshgrid(arrays: &[&Array], indexing: Indexing, sparse: bool) -> Result<Vec<Array>> {
    meshgrid_views(arrays, indexing, sparse)?
        .iter()
        .map(|v| v.try_copy_order(Order::C))
        .collect()
}

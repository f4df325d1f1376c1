//! Products beyond `matmul`: `dot`, `vdot`, `inner`, `outer`, `tensordot`, `kron`, and the
//! diagonal family (`diagonal`, `trace`). Every contraction here is one call of
//! [`matmul`](crate::linalg::matmul) on operands permuted and reshaped to 2-D, so floats run
//! through the GEMM and integers stay exact; the free axes come back by a reshape.

use crate::array::{Array, Layout};
use crate::error::{normalize_axis, shape_tuple};
use crate::ir::BinaryOp;
use crate::linalg::matmul;
use crate::ops::{binary, binary_inplace};
use crate::{Error, Result};

/// `np.dot(a, b)`: the product of a 0-d operand is elementwise; two vectors give their inner
/// product (0-d); otherwise the sum runs over the last axis of `a` and the second-to-last axis
/// of `b` (the only axis of a vector `b`), and the result has `a`'s other axes followed by
/// `b`'s. For 2-D operands this is the matrix product.
///
/// # Errors
/// [`Error::Shape`] with NumPy's "shapes (2,3) and (4,) not aligned" message when the summed
/// lengths differ.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1, 2], [3, 4]];
/// assert_eq!(numfuse::dot(&a, &array![1, 1])?.to_vec::<i32>()?, vec![3, 7]);
/// assert_eq!(numfuse::dot(&array![1.0, 2.0], &array![3.0, 4.0])?.to_vec::<f64>()?[0], 11.0);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn dot(a: &Array, b: &Array) -> Result<Array> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return scaled(a, b);
    }
    let ax_a = a.ndim() - 1;
    let ax_b = b.ndim().saturating_sub(2);
    if a.shape()[ax_a] != b.shape()[ax_b] {
        return Err(not_aligned("dot", a, b, ax_a, ax_b));
    }
    contract(a, b, &[ax_a], &[ax_b])
}

/// `np.vdot(a, b)`: both operands flattened in C order, then their inner product (0-d). With no
/// complex dtype there is nothing to conjugate.
///
/// # Errors
/// [`Error::Shape`] when the sizes differ.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1, 2], [3, 4]];
/// assert_eq!(numfuse::vdot(&a, &array![1, 1, 1, 1])?.to_vec::<i32>()?[0], 10);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn vdot(a: &Array, b: &Array) -> Result<Array> {
    if a.size() != b.size() {
        return Err(Error::Shape {
            op: "vdot",
            msg: format!(
                "vdot: inputs of sizes {} and {} (shapes {} and {}) differ",
                a.size(),
                b.size(),
                shape_tuple(a.shape()),
                shape_tuple(b.shape())
            ),
        });
    }
    contract(&a.ravel(), &b.ravel(), &[0], &[0])
}

/// `np.inner(a, b)`: the sum over the last axes of both; the result has `a`'s other axes
/// followed by `b`'s. A 0-d operand multiplies elementwise.
///
/// # Errors
/// [`Error::Shape`] with NumPy's "not aligned" message when the last lengths differ.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::ones(&[2, 3], DType::F64);
/// let b = Array::ones(&[4, 3], DType::F64);
/// assert_eq!(numfuse::inner(&a, &b)?.shape(), &[2, 4]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn inner(a: &Array, b: &Array) -> Result<Array> {
    if a.ndim() == 0 || b.ndim() == 0 {
        return scaled(a, b);
    }
    let (ax_a, ax_b) = (a.ndim() - 1, b.ndim() - 1);
    if a.shape()[ax_a] != b.shape()[ax_b] {
        return Err(not_aligned("inner", a, b, ax_a, ax_b));
    }
    contract(a, b, &[ax_a], &[ax_b])
}

/// The product with a 0-d operand. For floats NumPy runs it as BLAS `axpy` into a zeroed
/// output, `0 + x*y`, so a negative zero product comes out as +0.0; this does the same.
fn scaled(a: &Array, b: &Array) -> Result<Array> {
    let mut out = binary(BinaryOp::Multiply, a, b)?;
    if out.dtype().is_float() {
        binary_inplace(BinaryOp::Add, &mut out, 0.0)?;
    }
    Ok(out)
}

/// `np.outer(a, b)`: both operands flattened, then `out[i, j] = a[i] * b[j]`.
///
/// # Errors
/// Only allocation failure ([`Error::ShapeOverflow`]).
///
/// ```
/// use numfuse::prelude::*;
/// let o = numfuse::outer(&array![1, 2], &array![10, 20, 30])?;
/// assert_eq!(o.shape(), &[2, 3]);
/// assert_eq!(o.to_vec::<i32>()?, vec![10, 20, 30, 20, 40, 60]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn outer(a: &Array, b: &Array) -> Result<Array> {
    let col = a.ravel().reshape(&[-1, 1])?;
    binary(BinaryOp::Multiply, &col, &b.ravel())
}

/// Which axes [`tensordot`] sums over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TensorAxes {
    /// The last `n` axes of `a` against the first `n` of `b` (`axes=n`; NumPy's default is 2).
    Last(usize),
    /// Axis `a_axes[i]` of `a` against axis `b_axes[i]` of `b` (negative axes count from the end).
    Pairs(Vec<isize>, Vec<isize>),
}

impl From<usize> for TensorAxes {
    fn from(n: usize) -> TensorAxes {
        TensorAxes::Last(n)
    }
}

impl<const N: usize> From<([isize; N], [isize; N])> for TensorAxes {
    fn from((a, b): ([isize; N], [isize; N])) -> TensorAxes {
        TensorAxes::Pairs(a.to_vec(), b.to_vec())
    }
}

/// `np.tensordot(a, b, axes)`: the sum over the given axis pairs; the result has `a`'s free axes
/// followed by `b`'s, each in their original order.
///
/// # Errors
/// [`Error::Shape`] ("shape-mismatch for sum") when paired lengths differ or the axis lists
/// differ in length; [`Error::AxisOutOfRange`] for an axis outside an operand, or
/// [`Error::Value`] for an axis listed twice or `Last(n)` longer than an operand.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4])?;
/// let b = Array::ones(&[4, 3, 5], DType::F64);
/// let c = numfuse::tensordot(&a, &b, ([1, 2], [1, 0]))?;
/// assert_eq!(c.shape(), &[2, 5]);
/// assert_eq!(c.to_vec::<f64>()?[0], (0..12).sum::<i32>() as f64);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn tensordot(a: &Array, b: &Array, axes: impl Into<TensorAxes>) -> Result<Array> {
    let (ax_a, ax_b): (Vec<usize>, Vec<usize>) = match axes.into() {
        TensorAxes::Last(n) => {
            if n > a.ndim() || n > b.ndim() {
                return Err(Error::Value {
                    op: "tensordot",
                    msg: format!(
                        "axes={n} sums over more axes than the operands have ({} and {})",
                        a.ndim(),
                        b.ndim()
                    ),
                });
            }
            ((a.ndim() - n..a.ndim()).collect(), (0..n).collect())
        }
        TensorAxes::Pairs(pa, pb) => {
            if pa.len() != pb.len() {
                return Err(mismatch());
            }
            let norm = |axes: &[isize], x: &Array| -> Result<Vec<usize>> {
                axes.iter()
                    .map(|&ax| normalize_axis(ax, x.ndim()))
                    .collect()
            };
            (norm(&pa, a)?, norm(&pb, b)?)
        }
    };
    for (list, x) in [(&ax_a, a), (&ax_b, b)] {
        let mut seen = vec![false; x.ndim()];
        for &ax in list {
            if std::mem::replace(&mut seen[ax], true) {
                return Err(Error::Value {
                    op: "tensordot",
                    msg: format!("repeated axis {ax} in the summed axes"),
                });
            }
        }
    }
    if ax_a
        .iter()
        .zip(&ax_b)
        .any(|(&i, &j)| a.shape()[i] != b.shape()[j])
    {
        return Err(mismatch());
    }
    contract(a, b, &ax_a, &ax_b)
}

fn mismatch() -> Error {
    Error::Shape {
        op: "tensordot",
        msg: "shape-mismatch for sum".into(),
    }
}

/// `np.kron(a, b)`: the Kronecker product. The operand with fewer axes gains leading length-1
/// axes; result axis `d` has length `a.shape[d] * b.shape[d]`, and block `i` along it is
/// `a[i] * b`.
///
/// # Errors
/// Only allocation failure ([`Error::ShapeOverflow`]).
///
/// ```
/// use numfuse::prelude::*;
/// let k = numfuse::kron(&array![[1, 2], [3, 4]], &array![[0, 1], [1, 0]])?;
/// assert_eq!(k.shape(), &[4, 4]);
/// assert_eq!(k.to_vec::<i32>()?[..4], [0, 1, 0, 2]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn kron(a: &Array, b: &Array) -> Result<Array> {
    let nd = a.ndim().max(b.ndim());
    let padded = |x: &Array| -> Vec<usize> {
        let mut s = vec![1; nd - x.ndim()];
        s.extend_from_slice(x.shape());
        s
    };
    let (sa, sb) = (padded(a), padded(b));
    // a as (a0, 1, a1, 1, ...) times b as (1, b0, 1, b1, ...) broadcasts to (a0, b0, a1, b1, ...),
    // which in C order is exactly the block layout of the Kronecker product.
    let interleave = |s: &[usize], first: bool| -> Vec<isize> {
        s.iter()
            .flat_map(|&n| {
                if first {
                    [n as isize, 1]
                } else {
                    [1, n as isize]
                }
            })
            .collect()
    };
    let ea = a.reshape(&interleave(&sa, true))?;
    let eb = b.reshape(&interleave(&sb, false))?;
    let prod = binary(BinaryOp::Multiply, &ea, &eb)?;
    let out: Vec<isize> = sa
        .iter()
        .zip(&sb)
        .map(|(&x, &y)| (x * y) as isize)
        .collect();
    prod.reshape(&out)
}

/// The sum over `ax_a` of `a` against `ax_b` of `b` (paired, lengths already checked), as one
/// matrix product: `a` permuted to (free, summed) and `b` to (summed, free), each reshaped to
/// 2-D, and the product reshaped to the free axes.
fn contract(a: &Array, b: &Array, ax_a: &[usize], ax_b: &[usize]) -> Result<Array> {
    let free = |x: &Array, summed: &[usize]| -> Vec<usize> {
        (0..x.ndim()).filter(|d| !summed.contains(d)).collect()
    };
    let (free_a, free_b) = (free(a, ax_a), free(b, ax_b));
    let len = |x: &Array, axes: &[usize]| -> usize { axes.iter().map(|&d| x.shape()[d]).product() };
    let k = len(a, ax_a);
    let perm = |first: &[usize], second: &[usize]| -> Vec<isize> {
        first.iter().chain(second).map(|&d| d as isize).collect()
    };
    let a2 = a
        .permute_axes(&perm(&free_a, ax_a))?
        .reshape(&[len(a, &free_a) as isize, k as isize])?;
    let b2 = b
        .permute_axes(&perm(ax_b, &free_b))?
        .reshape(&[k as isize, len(b, &free_b) as isize])?;
    let out: Vec<isize> = free_a
        .iter()
        .map(|&d| a.shape()[d])
        .chain(free_b.iter().map(|&d| b.shape()[d]))
        .map(|n| n as isize)
        .collect();
    matmul(&a2, &b2)?.reshape(&out)
}

fn not_aligned(op: &'static str, a: &Array, b: &Array, ax_a: usize, ax_b: usize) -> Error {
    Error::Shape {
        op,
        msg: format!(
            "shapes {} and {} not aligned: {} (dim {ax_a}) != {} (dim {ax_b})",
            shape_tuple(a.shape()),
            shape_tuple(b.shape()),
            a.shape()[ax_a],
            b.shape()[ax_b]
        ),
    }
}

impl Array {
    /// `a.dot(b)`: see [`dot`].
    ///
    /// # Errors
    /// As [`dot`].
    pub fn dot(&self, other: &Array) -> Result<Array> {
        dot(self, other)
    }

    /// The diagonal with `offset` of the 2-D sub-arrays on `axis1` and `axis2`
    /// (`np.diagonal`): those axes are removed and the diagonal becomes the last axis. A
    /// positive offset takes a diagonal above the main one (`a[i, i + offset]`), a negative one
    /// below it. The result is a read-only view sharing `self`'s memory, as in NumPy.
    ///
    /// # Errors
    /// [`Error::Value`] for fewer than two axes or `axis1 == axis2`;
    /// [`Error::AxisOutOfRange`] for an axis outside the array.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(9.0, DType::I64).reshape(&[3, 3])?;
    /// assert_eq!(a.diagonal(0, 0, 1)?.to_vec::<i64>()?, vec![0, 4, 8]);
    /// assert_eq!(a.diagonal(1, 0, 1)?.to_vec::<i64>()?, vec![1, 5]);
    /// assert_eq!(a.diagonal(-1, 0, 1)?.to_vec::<i64>()?, vec![3, 7]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn diagonal(&self, offset: isize, axis1: isize, axis2: isize) -> Result<Array> {
        let nd = self.ndim();
        if nd < 2 {
            return Err(Error::Value {
                op: "diagonal",
                msg: "diag requires an array of at least two dimensions".into(),
            });
        }
        let (a1, a2) = (normalize_axis(axis1, nd)?, normalize_axis(axis2, nd)?);
        if a1 == a2 {
            return Err(Error::Value {
                op: "diagonal",
                msg: "axis1 and axis2 cannot be the same".into(),
            });
        }
        let l = self.layout();
        let (n1, n2) = (l.shape[a1], l.shape[a2]);
        let (s1, s2) = (l.strides[a1], l.strides[a2]);
        // The diagonal starts at (0, offset) or (-offset, 0) and runs while both stay inside.
        let (start1, start2) = if offset >= 0 {
            (0, offset.unsigned_abs())
        } else {
            (offset.unsigned_abs(), 0)
        };
        let len = n1.saturating_sub(start1).min(n2.saturating_sub(start2));
        let mut layout = Layout {
            shape: Default::default(),
            strides: Default::default(),
            offset: l.offset,
        };
        if len > 0 {
            // In bounds: (start1, start2) is an element of the array because len > 0.
            let shift = start1 as isize * s1 + start2 as isize * s2;
            layout.offset = (l.offset as isize + shift) as usize;
        }
        for d in (0..nd).filter(|&d| d != a1 && d != a2) {
            layout.shape.push(l.shape[d]);
            layout.strides.push(l.strides[d]);
        }
        layout.shape.push(len);
        layout.strides.push(s1 + s2);
        Ok(self.with_layout(layout).into_readonly())
    }

    /// The sum of the diagonal with `offset` on `axis1` and `axis2` (`np.trace`); for more than
    /// two axes, one sum per remaining index. Dtypes as [`Array::sum`]: small integers and bool
    /// sum in the platform integer, as NumPy's do.
    ///
    /// # Errors
    /// As [`Array::diagonal`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(9.0, DType::I32).reshape(&[3, 3])?;
    /// let t = a.trace(0, 0, 1)?;
    /// assert_eq!((t.dtype(), t.to_vec::<i64>()?[0]), (DType::I64, 12));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn trace(&self, offset: isize, axis1: isize, axis2: isize) -> Result<Array> {
        self.diagonal(offset, axis1, axis2)?.sum(-1)
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn errors_name_the_shapes() {
        let e = crate::dot(
            &Array::ones(&[2, 3], DType::F64),
            &Array::ones(&[4], DType::F64),
        );
        let msg = e.unwrap_err().to_string();
        assert!(
            msg.contains("shapes (2,3) and (4,) not aligned: 3 (dim 1) != 4 (dim 0)"),
            "{msg}"
        );
        let e = crate::tensordot(
            &Array::ones(&[2, 3], DType::F64),
            &Array::ones(&[4, 5], DType::F64),
            1,
        );
        assert!(
            e.unwrap_err()
                .to_string()
                .contains("shape-mismatch for sum")
        );
        assert!(
            crate::tensordot(
                &Array::ones(&[2], DType::F64),
                &Array::ones(&[2], DType::F64),
                2
            )
            .is_err()
        );
        assert!(Array::ones(&[3], DType::F64).diagonal(0, 0, 1).is_err());
        assert!(Array::ones(&[3, 3], DType::F64).diagonal(0, 1, -1).is_err());
        assert!(Array::ones(&[3, 3], DType::F64).diagonal(0, 0, 2).is_err());
    }

    #[test]
    fn diagonal_is_a_read_only_view_and_empty_past_the_edge() {
        let a = Array::arange(12.0, DType::I64).reshape(&[3, 4]).unwrap();
        let d = a.diagonal(1, 0, 1).unwrap();
        assert!(d.shares_memory(&a));
        assert!(!d.flags().writeable);
        assert_eq!(d.to_vec::<i64>().unwrap(), vec![1, 6, 11]);
        assert_eq!(a.diagonal(4, 0, 1).unwrap().shape(), &[0]);
        assert_eq!(a.diagonal(-5, 0, 1).unwrap().shape(), &[0]);
        let t = a.t();
        assert_eq!(
            t.diagonal(-1, 0, 1).unwrap().to_vec::<i64>().unwrap(),
            vec![1, 6, 11]
        );
    }
}

//! The bridge between numfuse arrays and `faer`, shared by every `numpy.linalg` function:
//!
//! - the float type a factorization runs in (NumPy's `_commonType`: `float32` stays `float32`,
//!   everything else, bool and integers included, computes in `float64`);
//! - the checks on the input NumPy makes first (at least two axes, square matrices), with
//!   NumPy's `LinAlgError` texts;
//! - [`Stack`]: the walk over a stack of matrices `(..., M, N)`, one faer view per matrix over
//!   the array's own strides (transposed, sliced, negative or broadcast), so nothing is copied
//!   before the factorization makes its own working copy;
//! - [`Out`]: a C-ordered output buffer for a stack of results, adopted by the returned array
//!   without a copy.

use crate::array::Element;
use crate::{Array, Casting, DType, Error, Result};
use faer::{MatMut, MatRef, Par};

/// A float type the factorizations run in: `f32` or `f64`.
pub(crate) trait Float:
    Element
    + faer::traits::RealField
    + Copy
    + std::ops::Add<Output = Self>
    + std::ops::Sub<Output = Self>
    + std::ops::Mul<Output = Self>
    + std::ops::Div<Output = Self>
    + std::ops::Neg<Output = Self>
    + std::ops::MulAssign
{
    /// Machine epsilon (`np.finfo(T).eps`), as `f64`.
    const EPS: f64;
}

impl Float for f32 {
    const EPS: f64 = f32::EPSILON as f64;
}

impl Float for f64 {
    const EPS: f64 = f64::EPSILON;
}

/// Runs `$body` with `$F` bound to `f32` when `$dt` is `F32` and to `f64` otherwise.
macro_rules! with_float {
    ($dt:expr, $F:ident => $body:expr) => {
        match $dt {
            $crate::DType::F32 => {
                type $F = f32;
                $body
            }
            _ => {
                type $F = f64;
                $body
            }
        }
    };
}
pub(crate) use with_float;

/// The dtype the operands compute in (NumPy's `_commonType`): `float32` when every operand is
/// `float32`, else `float64`.
pub(crate) fn common_float(arrays: &[&Array]) -> DType {
    if arrays.iter().all(|a| a.dtype() == DType::F32) {
        DType::F32
    } else {
        DType::F64
    }
}

/// `a` in dtype `t` (itself when it already is).
pub(crate) fn as_float(a: &Array, t: DType) -> Result<Array> {
    if a.dtype() == t {
        Ok(a.clone())
    } else {
        a.astype_casting(t, Casting::Unsafe)
    }
}

/// NumPy's `_assert_stacked_2d`.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes.
pub(crate) fn check_2d(op: &'static str, a: &Array) -> Result<()> {
    if a.ndim() < 2 {
        return Err(Error::Shape {
            op,
            msg: format!(
                "{}-dimensional array given. Array must be at least two-dimensional",
                a.ndim()
            ),
        });
    }
    Ok(())
}

/// NumPy's `_assert_stacked_2d` + `_assert_stacked_square`; the matrix order.
///
/// # Errors
/// [`Error::Shape`] for fewer than two axes, [`Error::NotSquare`] when the last two differ.
pub(crate) fn check_square(op: &'static str, a: &Array) -> Result<usize> {
    check_2d(op, a)?;
    let nd = a.ndim();
    let (m, n) = (a.shape()[nd - 2], a.shape()[nd - 1]);
    if m != n {
        return Err(Error::NotSquare {
            op,
            shape: a.shape().to_vec(),
        });
    }
    Ok(n)
}

/// `Error::NoConvergence` when `a` holds a NaN or an infinity (faer's iterations are not asked
/// to run on them; LAPACK reports these as not converging).
pub(crate) fn check_finite(op: &'static str, a: &Array) -> Result<()> {
    if !a.dtype().is_float() || a.size() == 0 {
        return Ok(());
    }
    let finite = a.isfinite()?.all(None)?;
    if finite.to_vec::<bool>()?.first().copied().unwrap_or(true) {
        Ok(())
    } else {
        Err(Error::NoConvergence { op })
    }
}

/// The parallelism for one factorization of order `n`: faer's rayon splitting pays off from a
/// few hundred rows; below that it costs more than it saves.
pub(crate) fn par(n: usize) -> Par {
    if n >= 192 { Par::rayon(0) } else { Par::Seq }
}

/// A stack of matrices `(..., M, N)`: the batch shape and the byte offset of each matrix.
pub(crate) struct Stack<'a> {
    a: &'a Array,
    /// The leading (batch) axes.
    pub batch: Vec<usize>,
    /// Rows of each matrix.
    pub rows: usize,
    /// Columns of each matrix.
    pub cols: usize,
    offsets: Vec<isize>,
}

impl<'a> Stack<'a> {
    /// The matrices of `a`, which has at least two axes and a float dtype.
    pub fn new(a: &'a Array) -> Stack<'a> {
        let nd = a.ndim();
        debug_assert!(nd >= 2 && a.dtype().is_float());
        let batch = a.shape()[..nd - 2].to_vec();
        let strides = &a.strides()[..nd - 2];
        let count: usize = batch.iter().product();
        let mut offsets = Vec::with_capacity(count);
        let mut idx = vec![0usize; batch.len()];
        for _ in 0..count {
            offsets.push(idx.iter().zip(strides).map(|(&i, &s)| i as isize * s).sum());
            for d in (0..batch.len()).rev() {
                idx[d] += 1;
                if idx[d] < batch[d] {
                    break;
                }
                idx[d] = 0;
            }
        }
        Stack {
            a,
            rows: a.shape()[nd - 2],
            cols: a.shape()[nd - 1],
            batch,
            offsets,
        }
    }

    /// Number of matrices.
    pub fn len(&self) -> usize {
        self.offsets.len()
    }

    /// The byte offset of matrix `i` (equal offsets are the same matrix: a broadcast batch).
    pub fn offset(&self, i: usize) -> isize {
        self.offsets[i]
    }

    /// Matrix `i` as a faer view over the array's memory.
    ///
    /// # Panics
    /// If `F` is not the array's dtype or `i` is out of range (internal misuse).
    pub fn mat<F: Float>(&self, i: usize) -> MatRef<'a, F> {
        assert_eq!(
            F::DTYPE,
            self.a.dtype(),
            "Stack::mat with the wrong float type"
        );
        let off = self.offsets[i];
        let (m, n) = (self.rows, self.cols);
        if m == 0 || n == 0 {
            return MatRef::from_row_major_slice(&[], m, n);
        }
        let nd = self.a.ndim();
        let isz = size_of::<F>() as isize;
        // Layout condition 4: strides are multiples of the item size.
        let (rs, cs) = (
            self.a.strides()[nd - 2] / isz,
            self.a.strides()[nd - 1] / isz,
        );
        let ptr = self.a.base_ptr().wrapping_offset(off).cast::<F>();
        // SAFETY: the dtype is `F` (asserted above) and every element is `F`-aligned (layout
        // condition 4); `off` is the offset of a batch index inside the shape, so each element
        // (r, c) with r < m, c < n lies inside the buffer (condition 1). The view borrows `a` for
        // `'a`, and nothing writes to the buffer meanwhile (arrays are copy-on-write).
        unsafe { MatRef::from_raw_parts(ptr, m, n, rs, cs) }
    }
}

/// A stack of results of shape `batch + tail`, in C order, filled matrix by matrix.
pub(crate) struct Out<F> {
    data: Vec<F>,
    shape: Vec<usize>,
    each: usize,
}

impl<F: Float> Out<F> {
    /// Zeros of shape `batch + tail`.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if the size overflows.
    pub fn new(batch: &[usize], tail: &[usize]) -> Result<Out<F>> {
        let mut shape = batch.to_vec();
        shape.extend_from_slice(tail);
        let overflow = || Error::ShapeOverflow {
            shape: shape.clone(),
            itemsize: size_of::<F>(),
        };
        let total = shape
            .iter()
            .try_fold(1usize, |acc, &d| acc.checked_mul(d))
            .filter(|t| {
                t.checked_mul(size_of::<F>())
                    .is_some_and(|b| b <= isize::MAX as usize)
            })
            .ok_or_else(overflow)?;
        let each = tail.iter().product();
        Ok(Out {
            data: vec![F::from_f64(0.0); total],
            shape,
            each,
        })
    }

    /// The elements of result `i`, in C order.
    pub fn slot(&mut self, i: usize) -> &mut [F] {
        &mut self.data[i * self.each..(i + 1) * self.each]
    }

    /// Result `i` as a (rows × cols) row-major faer matrix (the tail has two axes).
    pub fn mat(&mut self, i: usize) -> MatMut<'_, F> {
        let nd = self.shape.len();
        let (r, c) = (self.shape[nd - 2], self.shape[nd - 1]);
        MatMut::from_row_major_slice_mut(self.slot(i), r, c)
    }

    /// The finished array (adopts the buffer).
    ///
    /// # Errors
    /// None in practice: the shape matches the buffer by construction.
    pub fn finish(self) -> Result<Array> {
        Array::from_vec(self.data, &self.shape)
    }
}

/// The (rows, cols) pair `(a, b)` broadcast batch shape of two stacks.
///
/// # Errors
/// [`Error::Broadcast`] naming both shapes.
pub(crate) fn broadcast_batch(
    op: &'static str,
    a: &Array,
    b: &Array,
    core_a: usize,
    core_b: usize,
) -> Result<Vec<usize>> {
    let ba = &a.shape()[..a.ndim() - core_a];
    let bb = &b.shape()[..b.ndim() - core_b];
    crate::broadcast_shapes(&[ba, bb])
        .map(|s| s.to_vec())
        .map_err(|_| Error::Broadcast {
            op,
            shapes: vec![a.shape().to_vec(), b.shape().to_vec()],
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::prelude::*;

    #[test]
    fn stack_views_follow_strides() {
        // (2, 2, 3) reversed on every axis: matrix 0 of the view is matrix 1 of the base,
        // walked backwards.
        let base = Array::arange(12.0, DType::F64).reshape(&[2, 2, 3]).unwrap();
        let view = base.slice(s![..;-1, ..;-1, ..;-1]).unwrap();
        let st = Stack::new(&view);
        assert_eq!(
            (st.batch.as_slice(), st.len(), st.rows, st.cols),
            (&[2][..], 2, 2, 3)
        );
        let m = st.mat::<f64>(0);
        assert_eq!((m[(0, 0)], m[(1, 2)]), (11.0, 6.0));
        let m = st.mat::<f64>(1).transpose();
        assert_eq!((m[(0, 0)], m[(2, 1)]), (5.0, 0.0));
        // A broadcast batch repeats one offset.
        let b = Array::arange(4.0, DType::F64)
            .reshape(&[2, 2])
            .unwrap()
            .broadcast_to(&[3, 2, 2])
            .unwrap();
        let sb = Stack::new(&b);
        assert_eq!(sb.len(), 3);
        assert!((0..3).all(|i| sb.offset(i) == sb.offset(0)));
        // Empty batches and empty matrices.
        let e = Array::zeros(&[0, 3, 3], DType::F64);
        assert_eq!(Stack::new(&e).len(), 0);
        let e = Array::zeros(&[2, 0, 3], DType::F32);
        let se = Stack::new(&e);
        assert_eq!(se.len(), 2);
        assert_eq!(se.mat::<f32>(1).nrows(), 0);
    }

    #[test]
    fn out_fills_each_slot_in_c_order() {
        let mut out = Out::<f64>::new(&[2], &[2, 2]).unwrap();
        out.mat(1)[(0, 1)] = 5.0;
        out.slot(0)[3] = 7.0;
        let a = out.finish().unwrap();
        assert_eq!(a.shape(), &[2, 2, 2]);
        assert_eq!(
            a.to_vec::<f64>().unwrap(),
            vec![0.0, 0.0, 0.0, 7.0, 0.0, 5.0, 0.0, 0.0]
        );
        assert!(matches!(
            Out::<f64>::new(&[usize::MAX], &[2, 2]),
            Err(Error::ShapeOverflow { .. })
        ));
    }

    #[test]
    fn checks_and_dtypes() {
        let v = Array::zeros(&[3], DType::F64);
        assert!(matches!(
            check_2d("inv", &v),
            Err(Error::Shape { op: "inv", .. })
        ));
        let r = Array::zeros(&[2, 3], DType::F64);
        assert!(matches!(
            check_square("det", &r),
            Err(Error::NotSquare { op: "det", .. })
        ));
        assert_eq!(
            check_square("det", &Array::zeros(&[4, 3, 3], DType::F64)).unwrap(),
            3
        );
        let (f, i) = (
            Array::zeros(&[1], DType::F32),
            Array::zeros(&[1], DType::I8),
        );
        assert_eq!(common_float(&[&f]), DType::F32);
        assert_eq!(common_float(&[&f, &i]), DType::F64);
        assert_eq!(common_float(&[&i]), DType::F64);
        let nan = Array::from_slice(&[1.0, f64::NAN]);
        assert!(matches!(
            check_finite("svd", &nan),
            Err(Error::NoConvergence { op: "svd" })
        ));
        assert!(check_finite("svd", &Array::from_slice(&[1.0, 2.0])).is_ok());
    }
}

//! `matmul` / `@` with NumPy's rules: 1-D operands are promoted to a row (left) or a column
//! (right) and the added axis removed afterwards; leading "batch" axes broadcast; the result
//! dtype is NumPy's promotion of the two. Floats run through faer's GEMM (which takes
//! arbitrary strides, so transposed and sliced views are not copied); integers use a wrapping
//! triple loop, bool an or-of-ands.

use crate::array::{Array, Element, Layout, Order};
use crate::ir::{DType, broadcast_shapes, promote_types};
use crate::{Error, Result};

/// The matrix product `a @ b` (`np.matmul`).
///
/// # Errors
/// [`Error::Shape`] for 0-d operands or mismatched core dimensions (with NumPy's message),
/// [`Error::Broadcast`] when the batch axes do not broadcast.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// let b = array![[5.0, 6.0], [7.0, 8.0]];
/// assert_eq!(a.matmul(&b)?.to_vec::<f64>()?, vec![19.0, 22.0, 43.0, 50.0]);
/// assert_eq!(a.matmul(&array![1.0, 1.0])?.to_vec::<f64>()?, vec![3.0, 7.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn matmul(a: &Array, b: &Array) -> Result<Array> {
    let p = prepare(a, b)?;
    let mut out = Array::try_zeros(&p.out_shape, p.dtype, Order::C)?;
    let ptr = out.make_mut_ptr()?;
    // SAFETY: `out` is fresh, C-contiguous, unique and of `p.out_shape` in `p.dtype`.
    unsafe { p.run(ptr)? };
    out.reshape(
        &squeeze_shape(a, b, &p.out_shape)
            .iter()
            .map(|&d| d as isize)
            .collect::<Vec<_>>(),
    )
}

/// Checks the operands of `a @ b` and brings them to the common dtype and broadcast shapes.
fn prepare(a: &Array, b: &Array) -> Result<Prepared> {
    for (i, x) in [a, b].iter().enumerate() {
        if x.ndim() == 0 {
            return Err(Error::Shape {
                op: "matmul",
                msg: format!("Input operand {i} does not have enough dimensions"),
            });
        }
    }
    // Promote 1-D operands to matrices.
    let a2 = if a.ndim() == 1 {
        a.expand_dims(0)?
    } else {
        a.clone()
    };
    let b2 = if b.ndim() == 1 {
        b.expand_dims(-1)?
    } else {
        b.clone()
    };
    let (n, k) = (a2.shape()[a2.ndim() - 2], a2.shape()[a2.ndim() - 1]);
    let (k2, m) = (b2.shape()[b2.ndim() - 2], b2.shape()[b2.ndim() - 1]);
    if k != k2 {
        return Err(Error::Shape {
            op: "matmul",
            msg: format!(
                "Input operand 1 has a mismatch in its core dimension 0, with gufunc signature \
                 (n?,k),(k,m?)->(n?,m?) (size {k2} is different from {k})"
            ),
        });
    }
    let (ba, bb) = (&a2.shape()[..a2.ndim() - 2], &b2.shape()[..b2.ndim() - 2]);
    let batch = broadcast_shapes(&[ba, bb]).map_err(|_| Error::Broadcast {
        op: "matmul",
        shapes: vec![a.shape().to_vec(), b.shape().to_vec()],
    })?;
    let dtype = promote_types(a.dtype(), b.dtype());
    let a2 = if a2.dtype() == dtype {
        a2
    } else {
        a2.astype_casting(dtype, crate::Casting::Unsafe)?
    };
    let b2 = if b2.dtype() == dtype {
        b2
    } else {
        b2.astype_casting(dtype, crate::Casting::Unsafe)?
    };
    let mut full_a: Vec<usize> = batch.to_vec();
    full_a.extend([n, k]);
    let mut full_b: Vec<usize> = batch.to_vec();
    full_b.extend([k, m]);
    let mut out_shape: Vec<usize> = batch.to_vec();
    out_shape.extend([n, m]);
    Ok(Prepared {
        a: a2.broadcast_to(&full_a)?,
        b: b2.broadcast_to(&full_b)?,
        out_shape,
        dtype,
    })
}

/// The operands of a product in the common dtype, broadcast to `(batch.., n, k)` and
/// `(batch.., k, m)`, and the unsqueezed result shape `(batch.., n, m)`.
struct Prepared {
    a: Array,
    b: Array,
    out_shape: Vec<usize>,
    dtype: DType,
}

impl Prepared {
    /// Computes the product into `out`.
    ///
    /// # Safety
    /// `out` is writable for the C-contiguous extent of `out_shape` in `dtype` and overlaps
    /// neither operand.
    unsafe fn run(&self, out: *mut u8) -> Result<()> {
        let layout = Layout::contiguous(&self.out_shape, self.dtype.itemsize(), Order::C)?;
        let nd = self.out_shape.len();
        let (n, m) = (self.out_shape[nd - 2], self.out_shape[nd - 1]);
        if n > 0 && m > 0 {
            // SAFETY: the caller's contract for `out`; the operands are valid views with the
            // batch shape broadcast and the core shapes (n, k), (k, m) checked in `prepare`.
            crate::dispatch!(self.dtype, T => unsafe { batched::<T>(&self.a, &self.b, out, &layout) });
        }
        Ok(())
    }
}

/// `a @ b` written into `out`, the C-contiguous buffer of the result (`out_shape`, `dtype`
/// must be what [`matmul`] returns): the lazy engine's library call, without a temporary.
///
/// # Errors
/// As [`matmul`], and [`Error::Shape`] when `out_shape`/`dtype` are not the product's.
///
/// # Safety
/// `out` is writable for `out_shape`'s C-contiguous extent in `dtype` and overlaps neither
/// operand.
pub(crate) unsafe fn matmul_into(
    a: &Array,
    b: &Array,
    out: *mut u8,
    out_shape: &[usize],
    dtype: DType,
) -> Result<()> {
    let p = prepare(a, b)?;
    // The unsqueezed shape differs from the result's only by length-1 axes, so both have the
    // same C-contiguous layout.
    let squeezed: Vec<usize> = squeeze_shape(a, b, &p.out_shape);
    if squeezed != out_shape || p.dtype != dtype {
        return Err(Error::Shape {
            op: "matmul",
            msg: format!(
                "result {dtype}{out_shape:?} does not fit the product {}{squeezed:?}",
                p.dtype
            ),
        });
    }
    // SAFETY: the caller's contract, with the extent checked equal just above.
    unsafe { p.run(out) }
}

/// The result shape after removing the axes that 1-D operands gained.
fn squeeze_shape(a: &Array, b: &Array, full: &[usize]) -> Vec<usize> {
    let nd = full.len();
    let mut shape = full.to_vec();
    if b.ndim() == 1 {
        shape.remove(nd - 1);
    }
    if a.ndim() == 1 {
        shape.remove(nd - 2);
    }
    shape
}

impl Array {
    /// The matrix product `self @ other` (see [`matmul`]).
    ///
    /// # Errors
    /// As [`matmul`].
    pub fn matmul(&self, other: &Array) -> Result<Array> {
        matmul(self, other)
    }
}

/// Runs one core product per batch index: in parallel over the batch when the cores are small
/// (faer's own threading only pays off inside a large product), otherwise one batch after
/// another with the GEMM itself threaded.
///
/// # Safety
/// `out` is element 0 of a unique C-contiguous buffer laid out by `out_layout` (batch.., n, m);
/// `a` is (batch.., n, k) and `b` is (batch.., k, m), both valid views of `T`s.
unsafe fn batched<T: Element + Gemm>(a: &Array, b: &Array, out: *mut u8, out_layout: &Layout) {
    let nd = out_layout.ndim();
    let batch = &out_layout.shape[..nd - 2];
    let (n, m) = (out_layout.shape[nd - 2], out_layout.shape[nd - 1]);
    let k = a.shape()[nd - 1];
    let isz = size_of::<T>() as isize;
    let elems = |s: &[isize]| -> Vec<isize> { s.iter().map(|x| x / isz).collect() };
    let (sa, sb, so) = (
        elems(a.strides()),
        elems(b.strides()),
        elems(&out_layout.strides),
    );
    let count: usize = batch.iter().product();
    let work = n.saturating_mul(m).saturating_mul(k.max(1));
    let par_batch = count > 1 && work < PAR_GEMM_WORK;
    let (pa, pb, po) = (
        SendPtr(a.base_ptr().cast::<T>()),
        SendPtr(b.base_ptr().cast::<T>()),
        SendPtr(out.cast::<T>().cast_const()),
    );
    let one = |flat: usize, threaded: bool| {
        // The batch index of `flat` in C order, then each operand's element offset.
        let (mut rest, mut offs) = (flat, [0isize; 3]);
        for d in (0..batch.len()).rev() {
            let i = (rest % batch[d]) as isize;
            rest /= batch[d];
            for (o, s) in offs.iter_mut().zip([&sa, &sb, &so]) {
                *o += i * s[d];
            }
        }
        // SAFETY: `flat < count`, so the batch index is inside the batch shape and every pointer
        // addresses element (idx, 0, 0) of its operand; the core strides stay in bounds (Array
        // invariant 1). Distinct batch indices write disjoint output blocks (C-contiguous, unique),
        // so parallel calls never overlap.
        unsafe {
            T::gemm(
                [n, k, m],
                (pa.get().offset(offs[0]), [sa[nd - 2], sa[nd - 1]]),
                (pb.get().offset(offs[1]), [sb[nd - 2], sb[nd - 1]]),
                (
                    po.get().cast_mut().offset(offs[2]),
                    [so[nd - 2], so[nd - 1]],
                ),
                threaded,
            );
        }
    };
    if par_batch {
        use rayon::prelude::*;
        (0..count).into_par_iter().for_each(|f| one(f, false));
    } else {
        (0..count).for_each(|f| one(f, work >= PAR_GEMM_WORK));
    }
}

/// Below this many multiply-adds a single product runs on one thread (and a batch of them is
/// spread over the cores instead).
const PAR_GEMM_WORK: usize = 48 * 48 * 48;

/// At or below this many multiply-adds a float product is a plain loop, not a GEMM call.
const SMALL_GEMM_WORK: usize = 512;

/// A raw pointer that may cross to rayon's threads (see the SAFETY note in [`batched`]).
#[derive(Clone, Copy)]
struct SendPtr<T>(*const T);
// SAFETY: only used for disjoint writes and shared reads of buffers that outlive the scope.
unsafe impl<T> Send for SendPtr<T> {}
// SAFETY: as above.
unsafe impl<T> Sync for SendPtr<T> {}
impl<T> SendPtr<T> {
    fn get(self) -> *const T {
        self.0
    }
}

/// A matrix operand: element 0 and the `[row, col]` element strides.
type Operand<P> = (P, [isize; 2]);

/// `C = A · B` for one (n × k) · (k × m) product.
trait Gemm: Sized {
    /// # Safety
    /// The pointers address valid matrices of the sizes `[n, k, m]` with the given strides;
    /// `c` is writable and overlaps neither input.
    unsafe fn gemm(
        nkm: [usize; 3],
        a: Operand<*const Self>,
        b: Operand<*const Self>,
        c: Operand<*mut Self>,
        threaded: bool,
    );
}

macro_rules! faer_gemm {
    ($($t:ty),*) => {$(
        impl Gemm for $t {
            unsafe fn gemm(
                [n, k, m]: [usize; 3],
                (pa, sa): Operand<*const $t>,
                (pb, sb): Operand<*const $t>,
                (pc, sc): Operand<*mut $t>,
                threaded: bool,
            ) {
                if n * m * k <= SMALL_GEMM_WORK {
                    // A call into faer costs more than the arithmetic of a tiny product (einsum's
                    // `ij,ij->i` is 10⁴ products of 1×K by K×1): a dot per element instead.
                    for i in 0..n as isize {
                        for j in 0..m as isize {
                            let mut acc: $t = 0.0;
                            for p in 0..k as isize {
                                // SAFETY: (i, p) is inside A and (p, j) inside B (forwarded).
                                acc += unsafe {
                                    *pa.offset(i * sa[0] + p * sa[1]) * *pb.offset(p * sb[0] + j * sb[1])
                                };
                            }
                            // SAFETY: (i, j) is inside C, which overlaps neither input.
                            unsafe { *pc.offset(i * sc[0] + j * sc[1]) = acc };
                        }
                    }
                    return;
                }
                // SAFETY: forwarded contract: each view addresses a valid (rows × cols) matrix
                // with these element strides, and `c` is written through no other alias.
                let (a, b, c) = unsafe {
                    (
                        faer::MatRef::from_raw_parts(pa, n, k, sa[0], sa[1]),
                        faer::MatRef::from_raw_parts(pb, k, m, sb[0], sb[1]),
                        faer::MatMut::from_raw_parts_mut(pc, n, m, sc[0], sc[1]),
                    )
                };
                let par = if threaded { faer::Par::rayon(0) } else { faer::Par::Seq };
                faer::linalg::matmul::matmul(c, faer::Accum::Replace, a, b, 1.0, par);
            }
        }
    )*};
}
faer_gemm!(f32, f64);

macro_rules! naive_gemm {
    ($($t:ty),*) => {$(
        impl Gemm for $t {
            unsafe fn gemm(
                [n, k, m]: [usize; 3],
                (a, sa): Operand<*const $t>,
                (b, sb): Operand<*const $t>,
                (c, sc): Operand<*mut $t>,
                _threaded: bool,
            ) {
                // Row i of C accumulates a[i, p] * row p of B, walking B and C along rows (the
                // cache-friendly order for C-order operands); sums wrap as NumPy's do.
                for i in 0..n as isize {
                    for j in 0..m as isize {
                        // SAFETY: (i, j) is inside the (n, m) output.
                        unsafe { *c.offset(i * sc[0] + j * sc[1]) = 0 };
                    }
                    for p in 0..k as isize {
                        // SAFETY: (i, p) is inside the (n, k) operand.
                        let x = unsafe { *a.offset(i * sa[0] + p * sa[1]) };
                        if x == 0 {
                            continue;
                        }
                        for j in 0..m as isize {
                            // SAFETY: (p, j) is inside B and (i, j) inside C, which overlap
                            // neither input.
                            unsafe {
                                let y = *b.offset(p * sb[0] + j * sb[1]);
                                let o = c.offset(i * sc[0] + j * sc[1]);
                                *o = (*o).wrapping_add(x.wrapping_mul(y));
                            }
                        }
                    }
                }
            }
        }
    )*};
}
naive_gemm!(i8, i16, i32, i64, u8, u16, u32, u64);

impl Gemm for bool {
    unsafe fn gemm(
        [n, k, m]: [usize; 3],
        (a, sa): Operand<*const bool>,
        (b, sb): Operand<*const bool>,
        (c, sc): Operand<*mut bool>,
        _threaded: bool,
    ) {
        for i in 0..n as isize {
            for j in 0..m as isize {
                // SAFETY: indices are inside the operands, as for the integer loop.
                let any = (0..k as isize).any(|p| unsafe {
                    *a.offset(i * sa[0] + p * sa[1]) && *b.offset(p * sb[0] + j * sb[1])
                });
                // SAFETY: (i, j) is inside the output.
                unsafe { *c.offset(i * sc[0] + j * sc[1]) = any };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::prelude::*;

    #[test]
    fn shapes_follow_numpy() {
        let a = Array::ones(&[2, 3, 4], DType::F64);
        let b = Array::ones(&[4, 5], DType::F64);
        assert_eq!(a.matmul(&b).unwrap().shape(), &[2, 3, 5]);
        let v = Array::ones(&[4], DType::F64);
        assert_eq!(a.matmul(&v).unwrap().shape(), &[2, 3]);
        assert_eq!(v.matmul(&b).unwrap().shape(), &[5]);
        assert_eq!(v.matmul(&v).unwrap().shape(), &[] as &[usize]);
        let e = a.matmul(&Array::ones(&[3, 5], DType::F64)).unwrap_err();
        assert!(e.to_string().contains("size 3 is different from 4"), "{e}");
        assert!(Array::scalar(1.0).matmul(&b).is_err());
        assert!(
            Array::ones(&[2, 2, 2], DType::F64)
                .matmul(&Array::ones(&[3, 2, 2], DType::F64))
                .is_err()
        );
    }

    #[test]
    fn strided_and_integer_products() {
        let x = Array::arange(6.0, DType::F64).reshape(&[2, 3]).unwrap();
        let g = x.matmul(&x.t()).unwrap();
        assert_eq!(g.to_vec::<f64>().unwrap(), vec![5.0, 14.0, 14.0, 50.0]);
        let xi = x.astype(DType::I32);
        let gi = xi.matmul(&xi.t()).unwrap();
        assert_eq!(gi.dtype(), DType::I32);
        assert_eq!(gi.to_vec::<i32>().unwrap(), vec![5, 14, 14, 50]);
        let rev = x.slice(s![.., ..;-1]).unwrap();
        let r = rev.matmul(&Array::from_slice(&[1.0, 0.0, 0.0])).unwrap();
        assert_eq!(r.to_vec::<f64>().unwrap(), vec![2.0, 5.0]);
        let mixed = xi.matmul(&x.t()).unwrap();
        assert_eq!(mixed.dtype(), DType::F64);
    }
}

//! Array creation: zeros/ones/full/empty and their `_like` forms, arange, linspace, eye, and
//! construction from Rust vectors and nested arrays (the [`array!`](crate::array!) macro).

use super::Array;
use super::element::{Element, Scalar};
use super::layout::{Layout, Order};
use super::storage::Storage;
use super::traverse::{self, Operand};
use crate::ir::{DType, ShapeDisplay};
use crate::{Error, Result};

impl Array {
    /// A new array of zeros in the given order.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if the byte size overflows or cannot be allocated.
    pub fn try_zeros(shape: &[usize], dtype: DType, order: Order) -> Result<Array> {
        let layout = Layout::contiguous(shape, dtype.itemsize(), order)?;
        let bytes = layout.size() * dtype.itemsize();
        let storage = Storage::zeroed(bytes).map_err(|e| match e {
            Error::Value { .. } => Error::ShapeOverflow {
                shape: shape.to_vec(),
                itemsize: dtype.itemsize(),
            },
            e => e,
        })?;
        Ok(Array::from_storage(storage, layout, dtype))
    }

    /// A new C-ordered array of zeros (`np.zeros`).
    ///
    /// # Panics
    /// If the shape's byte size overflows or cannot be allocated; [`Array::try_zeros`] returns
    /// the error instead.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let z = Array::zeros(&[2, 3], DType::I32);
    /// assert_eq!(z.to_string(), "array([[0, 0, 0],\n       [0, 0, 0]], dtype=int32)");
    /// ```
    pub fn zeros(shape: &[usize], dtype: DType) -> Array {
        Array::try_zeros(shape, dtype, Order::C).unwrap_or_else(|e| panic!("{e}"))
    }

    /// A new C-ordered array of ones (`np.ones`).
    ///
    /// # Panics
    /// As [`Array::zeros`].
    pub fn ones(shape: &[usize], dtype: DType) -> Array {
        Array::full(shape, 1u8, dtype)
    }

    /// A new C-ordered array filled with `value` cast to `dtype` (`np.full`).
    ///
    /// # Panics
    /// As [`Array::zeros`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::full(&[3], 7.5, DType::F32);
    /// assert_eq!(a.to_vec::<f32>()?, vec![7.5, 7.5, 7.5]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn full(shape: &[usize], value: impl Into<Scalar>, dtype: DType) -> Array {
        let mut a = Array::zeros(shape, dtype);
        a.fill(value).expect("a new array is writeable");
        a
    }

    /// A new array whose contents the caller will overwrite (`np.empty`).
    ///
    /// numfuse never exposes uninitialised memory, so the elements are zero; large buffers are
    /// fresh pages from the OS, so this costs no more than NumPy's `empty`.
    ///
    /// # Panics
    /// As [`Array::zeros`].
    pub fn empty(shape: &[usize], dtype: DType) -> Array {
        Array::zeros(shape, dtype)
    }

    /// Zeros with the shape and dtype of `a`, laid out like `a` (`np.zeros_like`, order K).
    ///
    /// # Panics
    /// If the buffer cannot be allocated (`a` may be a huge broadcast view).
    pub fn zeros_like(a: &Array) -> Array {
        let layout = a.layout.keep_order(a.itemsize());
        let storage = Storage::zeroed(a.nbytes()).unwrap_or_else(|e| panic!("{e}"));
        Array::from_storage(storage, layout, a.dtype)
    }

    /// Ones with the shape and dtype of `a` (`np.ones_like`).
    ///
    /// # Panics
    /// As [`Array::zeros_like`].
    pub fn ones_like(a: &Array) -> Array {
        Array::full_like(a, 1u8)
    }

    /// `value` with the shape and dtype of `a` (`np.full_like`).
    ///
    /// # Panics
    /// As [`Array::zeros_like`].
    pub fn full_like(a: &Array, value: impl Into<Scalar>) -> Array {
        let mut out = Array::zeros_like(a);
        out.fill(value).expect("a new array is writeable");
        out
    }

    /// An array with the shape and dtype of `a` (`np.empty_like`; zero-filled, see [`Array::empty`]).
    ///
    /// # Panics
    /// As [`Array::zeros_like`].
    pub fn empty_like(a: &Array) -> Array {
        Array::zeros_like(a)
    }

    /// `[0, 1, ..., ceil(stop) - 1]` as `dtype` (`np.arange(stop, dtype=...)`).
    ///
    /// # Panics
    /// If `stop` is not finite or the array cannot be allocated; [`Array::arange_step`] returns
    /// the error instead.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// assert_eq!(Array::arange(4.0, DType::I64).to_vec::<i64>()?, vec![0, 1, 2, 3]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn arange(stop: f64, dtype: DType) -> Array {
        Array::arange_step(0.0, stop, 1.0, dtype).unwrap_or_else(|e| panic!("{e}"))
    }

    /// Values from `start` up to (not including) `stop` in steps of `step`, as NumPy's
    /// `np.arange(start, stop, step, dtype)`: the length is `ceil((stop - start) / step)` and
    /// element `i` is `start + i * step` computed in `f64` (exactly in `i64` when `start` and
    /// `step` are integers and `dtype` is an integer type), then cast.
    ///
    /// # Errors
    /// [`Error::Value`] for a zero or non-finite step, or a non-finite bound;
    /// [`Error::ShapeOverflow`] if the array cannot be allocated.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange_step(1.0, 2.0, 0.25, DType::F64)?;
    /// assert_eq!(a.to_vec::<f64>()?, vec![1.0, 1.25, 1.5, 1.75]);
    /// let b = Array::arange_step(10.0, 0.0, -3.0, DType::I32)?;
    /// assert_eq!(b.to_vec::<i32>()?, vec![10, 7, 4, 1]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn arange_step(start: f64, stop: f64, step: f64, dtype: DType) -> Result<Array> {
        let bad = |msg: &str| Error::Value {
            op: "arange",
            msg: msg.to_string(),
        };
        if step == 0.0 {
            return Err(bad("maximum allowed size exceeded: step must not be zero"));
        }
        if !(start.is_finite() && stop.is_finite() && step.is_finite()) {
            return Err(bad("arange requires finite start, stop and step"));
        }
        let len = ((stop - start) / step).ceil().max(0.0);
        if len >= isize::MAX as f64 {
            return Err(bad("maximum allowed size exceeded"));
        }
        let len = len as usize;
        let mut a = Array::try_zeros(&[len], dtype, Order::C)?;
        let exact_int = dtype.is_integer() && start.fract() == 0.0 && step.fract() == 0.0;
        crate::dispatch!(dtype, T => {
            let out = a.as_slice_mut::<T>()?;
            for (i, o) in out.iter_mut().enumerate() {
                *o = if exact_int {
                    T::from_i64(start as i64 + i as i64 * step as i64)
                } else {
                    T::from_f64(start + i as f64 * step)
                };
            }
        });
        Ok(a)
    }

    /// `num` evenly spaced `f64` values from `start` to `stop` inclusive (`np.linspace`).
    ///
    /// # Panics
    /// If the values cannot be allocated.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::linspace(0.0, 1.0, 5);
    /// assert_eq!(a.to_vec::<f64>()?, vec![0.0, 0.25, 0.5, 0.75, 1.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn linspace(start: f64, stop: f64, num: usize) -> Array {
        Array::linspace_with(start, stop, num, true, DType::F64)
    }

    /// `np.linspace(start, stop, num, endpoint, dtype)`: NumPy's formula, `start + i * step`
    /// with `step = (stop - start) / div`, and the last element set to `stop` exactly when
    /// `endpoint` is true.
    ///
    /// # Panics
    /// If the values cannot be allocated.
    pub fn linspace_with(start: f64, stop: f64, num: usize, endpoint: bool, dtype: DType) -> Array {
        let div = if endpoint { num.saturating_sub(1) } else { num };
        let delta = stop - start;
        let step = delta / div as f64;
        let value = |i: usize| match div {
            0 => start + i as f64 * delta,
            _ if step == 0.0 => start + i as f64 / div as f64 * delta,
            _ => start + i as f64 * step,
        };
        let mut vals: Vec<f64> = (0..num).map(value).collect();
        if endpoint && num > 1 {
            vals[num - 1] = stop;
        }
        Array::from_vec(vals, &[num])
            .expect("length matches")
            .astype(dtype)
    }

    /// An `n × m` array with ones on the `k`-th diagonal (`np.eye(n, m, k)`).
    ///
    /// # Panics
    /// As [`Array::zeros`].
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let e = Array::eye(2, Some(3), 1, DType::I64);
    /// assert_eq!(e.to_vec::<i64>()?, vec![0, 1, 0, 0, 0, 1]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn eye(n: usize, m: Option<usize>, k: isize, dtype: DType) -> Array {
        let m = m.unwrap_or(n);
        let mut a = Array::zeros(&[n, m], dtype);
        let one = Scalar::from(1u8).cast(dtype);
        for i in 0..n {
            // A `k` near isize::MAX puts the diagonal past every column.
            let Some(j) = (i as isize).checked_add(k) else {
                break;
            };
            if (0..m as isize).contains(&j) {
                a.set(&[i as isize, j], one).expect("index in bounds");
            }
        }
        a
    }

    /// The `n × n` identity matrix (`np.identity`).
    ///
    /// # Panics
    /// As [`Array::zeros`].
    pub fn identity(n: usize, dtype: DType) -> Array {
        Array::eye(n, None, 0, dtype)
    }

    /// Adopts a vector as a C-ordered array of the given shape, without copying.
    ///
    /// # Errors
    /// [`Error::Shape`] if the shape's size differs from the vector's length.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::from_vec(vec![1u8, 2, 3, 4, 5, 6], &[2, 3])?;
    /// assert_eq!(a.dtype(), DType::U8);
    /// assert_eq!(a.get(&[1, 0])?, Scalar::U8(4));
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn from_vec<T: Element>(v: Vec<T>, shape: &[usize]) -> Result<Array> {
        Array::from_shape_vec(shape, v, Order::C)
    }

    /// Adopts a vector whose elements are in `order` (C or F), without copying.
    ///
    /// # Errors
    /// [`Error::Shape`] if the shape's size differs from the vector's length.
    pub fn from_shape_vec<T: Element>(shape: &[usize], v: Vec<T>, order: Order) -> Result<Array> {
        let layout = Layout::contiguous(shape, size_of::<T>(), order)?;
        if layout.size() != v.len() {
            return Err(Error::Shape {
                op: "from_shape_vec",
                msg: format!(
                    "cannot reshape array of size {} into shape {:#}",
                    v.len(),
                    ShapeDisplay(shape)
                ),
            });
        }
        let storage = Storage::from_vec(v);
        Ok(Array::from_storage(storage, layout, T::DTYPE))
    }

    /// A 1-D array copied from a slice.
    pub fn from_slice<T: Element>(v: &[T]) -> Array {
        Array::from_vec(v.to_vec(), &[v.len()]).expect("length matches")
    }

    /// A 0-d array holding one value.
    pub fn scalar(value: impl Into<Scalar>) -> Array {
        let v = value.into();
        Array::full(&[], v, v.dtype())
    }

    /// An array from a nested Rust array (`[[1.0, 2.0], [3.0, 4.0]]`); used by [`array!`](crate::array!).
    pub fn from_nested<N: Nested>(nested: N) -> Array {
        let mut shape = Vec::new();
        N::shape_into(&mut shape);
        let mut flat = Vec::with_capacity(shape.iter().product());
        nested.flatten_into(&mut flat);
        Array::from_vec(flat, &shape).expect("nested arrays are rectangular")
    }

    /// Writes `value` (cast to the array's dtype) to every element.
    ///
    /// # Errors
    /// [`Error::ReadOnly`] for read-only arrays.
    pub fn fill(&mut self, value: impl Into<Scalar>) -> Result<()> {
        let value = value.into();
        let ptr = self.make_mut_ptr()?;
        crate::dispatch!(self.dtype, T => {
            let op = Operand { ptr, strides: &self.layout.strides };
            // SAFETY: `ptr` is element 0 of our uniquely owned buffer, and invariant 1 keeps
            // every index of the layout inside it.
            unsafe { traverse::fill::<T>(&self.layout.shape, op, value.to::<T>()) };
        });
        Ok(())
    }
}

/// A rectangular nested Rust array of elements: `T`, `[T; N]`, `[[T; N]; M]`, ...
///
/// Rust's fixed-size arrays are rectangular by construction, so the shape is a property of the
/// type alone.
pub trait Nested {
    /// The element type at the bottom of the nesting.
    type Elem: Element;
    /// Appends the length of this level and of every level below it.
    fn shape_into(shape: &mut Vec<usize>);
    /// Appends the elements in C order.
    fn flatten_into(&self, out: &mut Vec<Self::Elem>);
}

impl<T: Element> Nested for T {
    type Elem = T;
    fn shape_into(_: &mut Vec<usize>) {}
    fn flatten_into(&self, out: &mut Vec<T>) {
        out.push(*self);
    }
}

impl<N: Nested, const K: usize> Nested for [N; K] {
    type Elem = N::Elem;
    fn shape_into(shape: &mut Vec<usize>) {
        shape.push(K);
        N::shape_into(shape);
    }
    fn flatten_into(&self, out: &mut Vec<Self::Elem>) {
        for x in self {
            x.flatten_into(out);
        }
    }
}

/// Builds an [`Array`] from nested brackets, like `np.array([[1., 2.], [3., 4.]])`.
///
/// The dtype comes from the element type, so unsuffixed integer literals give `int32` (Rust's
/// default) and float literals `float64`; write `1i64` for NumPy's default integer.
///
/// ```
/// use numfuse::prelude::*;
/// let a = array![[1.0, 2.0], [3.0, 4.0]];
/// assert_eq!(a.shape(), &[2, 2]);
/// assert_eq!(a.dtype(), DType::F64);
/// let b = array![1i64, 2, 3];
/// assert_eq!(b.dtype(), DType::I64);
/// ```
#[macro_export]
macro_rules! array {
    ($($x:tt)*) => {
        $crate::Array::from_nested([$($x)*])
    };
}

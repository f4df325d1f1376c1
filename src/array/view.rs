//! O(1) view constructors: each is a pure `Layout -> Result<Layout>` function and a wrapper
//! that shares the storage. Transpose permutes strides, `broadcast_to` sets stride 0 and marks
//! the result read-only, and `reshape` returns a view exactly when NumPy would.

use super::Array;
use super::layout::{Layout, Order, Strides, c_strides, f_strides};
use crate::error::normalize_axis;
use crate::index::{SliceElem, slice_layout};
use crate::ir::shape::checked_size;
use crate::ir::{Dims, broadcast_shapes};
use crate::{Error, Result};
use smallvec::SmallVec;

impl Array {
    /// Basic indexing (`a[1:3, ::-1, 0, None, ...]`): a view sharing the buffer.
    ///
    /// # Errors
    /// [`Error::IndexOutOfBounds`] for an integer outside its axis, [`Error::Index`] for too many
    /// indices or two ellipses, [`Error::Value`] for a zero step.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(10.0, DType::F64);
    /// let r = a.slice(s![7..2;-2])?;
    /// assert_eq!(r.to_vec::<f64>()?, vec![7.0, 5.0, 3.0]);
    /// assert!(a.slice(s![10]).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn slice(&self, index: impl AsRef<[SliceElem]>) -> Result<Array> {
        Ok(self.with_layout(slice_layout(&self.layout, index.as_ref())?))
    }

    /// The transpose: axes reversed (`a.T`).
    pub fn t(&self) -> Array {
        let mut l = self.layout.clone();
        l.shape.reverse();
        l.strides.reverse();
        self.with_layout(l)
    }

    /// Axes permuted: axis `i` of the result is axis `axes[i]` of `self` (`np.transpose(a, axes)`).
    ///
    /// # Errors
    /// [`Error::Value`] unless `axes` is a permutation of `0..ndim` (negative axes allowed).
    pub fn permute_axes(&self, axes: &[isize]) -> Result<Array> {
        let ndim = self.ndim();
        let bad = || Error::Value {
            op: "transpose",
            msg: "axes don't match array".into(),
        };
        if axes.len() != ndim {
            return Err(bad());
        }
        let mut seen: SmallVec<[bool; 6]> = SmallVec::from_elem(false, ndim);
        let mut l = self.layout.clone();
        for (i, &ax) in axes.iter().enumerate() {
            let ax = normalize_axis(ax, ndim)?;
            if std::mem::replace(&mut seen[ax], true) {
                return Err(Error::Value {
                    op: "transpose",
                    msg: "repeated axis in transpose".into(),
                });
            }
            l.shape[i] = self.layout.shape[ax];
            l.strides[i] = self.layout.strides[ax];
        }
        Ok(self.with_layout(l))
    }

    /// `np.transpose(a, axes)`: with `None` the axes are reversed, as [`Array::t`].
    ///
    /// # Errors
    /// As [`Array::permute_axes`].
    pub fn transpose(&self, axes: Option<&[isize]>) -> Result<Array> {
        match axes {
            None => Ok(self.t()),
            Some(axes) => self.permute_axes(axes),
        }
    }

    /// Two axes interchanged (`np.swapaxes`).
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`].
    pub fn swapaxes(&self, a: isize, b: isize) -> Result<Array> {
        let (a, b) = (
            normalize_axis(a, self.ndim())?,
            normalize_axis(b, self.ndim())?,
        );
        let mut l = self.layout.clone();
        l.shape.swap(a, b);
        l.strides.swap(a, b);
        Ok(self.with_layout(l))
    }

    /// Axis `source` moved to position `destination`, the others keeping their order
    /// (`np.moveaxis`).
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`].
    pub fn moveaxis(&self, source: isize, destination: isize) -> Result<Array> {
        let ndim = self.ndim();
        let (src, dst) = (
            normalize_axis(source, ndim)?,
            normalize_axis(destination, ndim)?,
        );
        let mut order: SmallVec<[isize; 6]> =
            (0..ndim as isize).filter(|&a| a != src as isize).collect();
        order.insert(dst, src as isize);
        self.permute_axes(&order)
    }

    /// A length-1 axis inserted at `axis` (`np.expand_dims`); `axis` counts in the result.
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`] outside `-(ndim+1)..=ndim`.
    pub fn expand_dims(&self, axis: isize) -> Result<Array> {
        let ax = normalize_axis(axis, self.ndim() + 1)?;
        let mut l = self.layout.clone();
        l.shape.insert(ax, 1);
        l.strides.insert(ax, 0);
        Ok(self.with_layout(l))
    }

    /// Length-1 axes removed: all of them with `None`, else the listed ones (`np.squeeze`).
    ///
    /// # Errors
    /// [`Error::AxisOutOfRange`], [`Error::Value`] for an axis listed twice (`[0, -3]` on three
    /// axes included) or a listed axis whose length is not 1. As in NumPy, the axes are all
    /// checked for range and repeats before any length is.
    pub fn squeeze(&self, axes: Option<&[isize]>) -> Result<Array> {
        let ndim = self.ndim();
        let mut drop: SmallVec<[bool; 6]> = SmallVec::from_elem(false, ndim);
        match axes {
            None => drop
                .iter_mut()
                .zip(self.shape())
                .for_each(|(d, &n)| *d = n == 1),
            Some(axes) => {
                for &ax in axes {
                    let a = normalize_axis(ax, ndim)?;
                    if std::mem::replace(&mut drop[a], true) {
                        return Err(Error::Value {
                            op: "squeeze",
                            msg: "duplicate value in 'axis'".into(),
                        });
                    }
                }
                if drop.iter().zip(self.shape()).any(|(&d, &n)| d && n != 1) {
                    return Err(Error::Value {
                        op: "squeeze",
                        msg: "cannot select an axis to squeeze out which has size not equal to one"
                            .into(),
                    });
                }
            }
        }
        let keep = |i: &usize| !drop[*i];
        let l = Layout {
            shape: (0..ndim)
                .filter(keep)
                .map(|i| self.layout.shape[i])
                .collect(),
            strides: (0..ndim)
                .filter(keep)
                .map(|i| self.layout.strides[i])
                .collect(),
            offset: self.layout.offset,
        };
        Ok(self.with_layout(l))
    }

    /// A new shape for the same elements, read in C order; one length may be `-1` (inferred).
    /// Returns a view when the strides allow it (exactly when NumPy does), a copy otherwise;
    /// [`Array::shares_memory`] tells which.
    ///
    /// # Errors
    /// [`Error::Shape`] if the sizes differ or more than one length is `-1`,
    /// [`Error::ShapeOverflow`] if the new shape is too big (its zero lengths do not excuse the
    /// others) or the copy cannot be allocated.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let arr = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
    /// assert!(arr.shares_memory(&arr.reshape(&[2, 6])?));       // a view
    /// let t = arr.t();
    /// assert!(!t.shares_memory(&t.reshape(&[2, 6])?));          // needed a copy
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn reshape(&self, shape: &[isize]) -> Result<Array> {
        self.reshape_order(shape, Order::C)
    }

    /// [`Array::reshape`] reading and writing elements in `order` (C or F; A means F when the
    /// array is F-contiguous and not C-contiguous).
    ///
    /// # Errors
    /// As [`Array::reshape`].
    pub fn reshape_order(&self, shape: &[isize], order: Order) -> Result<Array> {
        let new_shape = infer_shape(shape, self.size(), self.itemsize())?;
        let fortran = match order {
            Order::F => true,
            Order::A => self.is_f_contiguous() && !self.is_c_contiguous(),
            Order::C | Order::K => false,
        };
        if let Some(strides) = reshape_strides(&self.layout, &new_shape, self.itemsize(), fortran) {
            let l = Layout {
                shape: new_shape,
                strides,
                offset: self.layout.offset,
            };
            return Ok(self.with_layout(l));
        }
        let o = if fortran { Order::F } else { Order::C };
        let l = Layout::contiguous(&new_shape, self.itemsize(), o)?;
        let copy = self.try_copy_order(o)?;
        Ok(copy.with_layout(l).owning())
    }

    /// Changes the shape in place without copying (`arr.shape = new_shape`): only possible
    /// when [`Array::reshape`] would return a view; a `-1` length is inferred as there.
    ///
    /// # Errors
    /// [`Error::Shape`] with NumPy's message ("Incompatible shape for in-place modification.
    /// Use `.reshape()` to make a copy with the desired shape.") when the elements cannot be
    /// read in C order with the new shape over the same strides (a transposed array to 1-D);
    /// [`Error::Shape`] as in `reshape` when the sizes differ. The array is unchanged on error.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let mut a = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
    /// a.set_shape(&[2, -1])?;
    /// assert_eq!(a.shape(), &[2, 6]);
    /// let mut t = a.t();
    /// assert!(t.set_shape(&[12]).is_err());
    /// assert_eq!(t.shape(), &[6, 2]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn set_shape(&mut self, shape: &[isize]) -> Result<()> {
        let new_shape = infer_shape(shape, self.size(), self.itemsize())?;
        let strides = reshape_strides(&self.layout, &new_shape, self.itemsize(), false)
            .ok_or_else(|| Error::Shape {
                op: "set_shape",
                msg: "Incompatible shape for in-place modification. Use `.reshape()` to make a \
                      copy with the desired shape."
                    .into(),
            })?;
        self.layout = Layout {
            shape: new_shape,
            strides,
            offset: self.layout.offset,
        };
        Ok(())
    }

    /// The elements as 1-D, in C order: a view when possible, else a copy (`np.ravel`).
    ///
    /// # Panics
    /// If the copy cannot be allocated; `reshape(&[-1])` returns the error instead.
    pub fn ravel(&self) -> Array {
        self.reshape(&[-1]).unwrap_or_else(|e| panic!("{e}"))
    }

    /// The elements as a new 1-D array in C order; always a copy (`ndarray.flatten`).
    ///
    /// # Panics
    /// If the copy cannot be allocated; [`Array::try_flatten`] returns the error instead.
    pub fn flatten(&self) -> Array {
        self.try_flatten().unwrap_or_else(|e| panic!("{e}"))
    }

    /// [`Array::flatten`], returning an allocation failure instead of panicking.
    ///
    /// # Errors
    /// [`Error::ShapeOverflow`] if the copy cannot be allocated.
    pub fn try_flatten(&self) -> Result<Array> {
        let c = self.try_copy_order(Order::C)?;
        // The copy is C-contiguous, so one axis of `size` elements covers exactly its buffer.
        let l = Layout::contiguous(&[self.size()], self.itemsize(), Order::C)?;
        Ok(c.with_layout(l).owning())
    }

    /// A read-only view with the given shape, repeating along broadcast axes with stride 0
    /// (`np.broadcast_to`).
    ///
    /// # Errors
    /// [`Error::Broadcast`] if the shape is not compatible.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(3.0, DType::F64);
    /// let b = a.broadcast_to(&[2, 3])?;
    /// assert_eq!(b.strides(), &[0, 8]);
    /// assert!(!b.flags().writeable);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn broadcast_to(&self, shape: &[usize]) -> Result<Array> {
        let err = || Error::Broadcast {
            op: "broadcast_to",
            shapes: vec![self.shape().to_vec(), shape.to_vec()],
        };
        let l = broadcast_layout(&self.layout, shape).ok_or_else(err)?;
        checked_size(shape, self.itemsize()).ok_or_else(|| Error::ShapeOverflow {
            shape: shape.to_vec(),
            itemsize: self.itemsize(),
        })?;
        Ok(self.with_layout(l).into_readonly())
    }

    /// Both arrays broadcast to their common shape (read-only views, `np.broadcast_arrays`).
    ///
    /// # Errors
    /// [`Error::Broadcast`] with both shapes.
    pub fn broadcast_with(&self, other: &Array) -> Result<(Array, Array)> {
        let shape =
            broadcast_shapes(&[self.shape(), other.shape()]).map_err(|_| Error::Broadcast {
                op: "broadcast",
                shapes: vec![self.shape().to_vec(), other.shape().to_vec()],
            })?;
        Ok((self.broadcast_to(&shape)?, other.broadcast_to(&shape)?))
    }

    /// Marks a freshly copied array (whose buffer nobody else holds) as owning its data.
    fn owning(mut self) -> Array {
        self.owndata = true;
        self
    }
}

/// Broadcasts every array to one common shape (`np.broadcast_arrays`): read-only views that
/// share memory with their inputs.
///
/// # Errors
/// [`Error::Broadcast`] naming every shape; its message is NumPy's, naming the first two
/// arguments that disagree.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::zeros(&[2, 1], DType::F64);
/// let b = Array::arange(3.0, DType::F64);
/// let out = numfuse::broadcast_arrays(&[&a, &b])?;
/// assert_eq!(out[1].shape(), &[2, 3]);
/// assert!(!out[1].flags().writeable && out[1].shares_memory(&b));
/// let err = numfuse::broadcast_arrays(&[&a, &b, &Array::zeros(&[4, 3, 1], DType::F64)]);
/// assert_eq!(
///     err.unwrap_err().to_string(),
///     "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch is between \
///      arg 0 with shape (2, 1) and arg 2 with shape (4, 3, 1)."
/// );
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn broadcast_arrays(arrays: &[&Array]) -> Result<Vec<Array>> {
    let shapes: Vec<&[usize]> = arrays.iter().map(|a| a.shape()).collect();
    let shape = broadcast_shapes(&shapes).map_err(|_| Error::Broadcast {
        op: "broadcast_arrays",
        shapes: shapes.iter().map(|s| s.to_vec()).collect(),
    })?;
    arrays.iter().map(|a| a.broadcast_to(&shape)).collect()
}

/// The layout of `layout` broadcast to `shape`, or `None` if incompatible.
pub(crate) fn broadcast_layout(layout: &Layout, shape: &[usize]) -> Option<Layout> {
    let nd = shape.len();
    if layout.ndim() > nd {
        return None;
    }
    let lead = nd - layout.ndim();
    let mut strides: Strides = SmallVec::from_elem(0, nd);
    for (i, (&len, &stride)) in layout.shape.iter().zip(&layout.strides).enumerate() {
        let target = shape[lead + i];
        if len == target {
            strides[lead + i] = stride;
        } else if len != 1 {
            return None;
        }
    }
    Some(Layout {
        shape: shape.into(),
        strides,
        offset: layout.offset,
    })
}

/// Resolves a `-1` in a requested shape against `size` elements.
pub(crate) fn infer_shape(shape: &[isize], size: usize, itemsize: usize) -> Result<Dims> {
    let shown = || {
        // NumPy's wording: compact, with an inferred length shown as `newaxis`.
        let s: Vec<String> = shape
            .iter()
            .map(|&d| {
                if d == -1 {
                    "newaxis".into()
                } else {
                    d.to_string()
                }
            })
            .collect();
        if s.len() == 1 {
            format!("({},)", s[0])
        } else {
            format!("({})", s.join(","))
        }
    };
    let unknown: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == -1).collect();
    if unknown.len() > 1 {
        return Err(Error::Shape {
            op: "reshape",
            msg: "can only specify one unknown dimension".into(),
        });
    }
    if let Some(&d) = shape.iter().find(|&&d| d < -1) {
        return Err(Error::Value {
            op: "reshape",
            msg: format!("negative dimensions not allowed, got {d}"),
        });
    }
    let known: Dims = shape
        .iter()
        .filter(|&&d| d >= 0)
        .map(|&d| d as usize)
        .collect();
    let known_size = checked_size(&known, itemsize).ok_or_else(|| Error::ShapeOverflow {
        shape: known.to_vec(),
        itemsize,
    })?;
    let mismatch = || Error::Shape {
        op: "reshape",
        msg: format!("cannot reshape array of size {size} into shape {}", shown()),
    };
    let mut out: Dims = shape.iter().map(|&d| d.max(0) as usize).collect();
    if let Some(&i) = unknown.first() {
        if known_size == 0 || !size.is_multiple_of(known_size) {
            return Err(mismatch());
        }
        out[i] = size / known_size;
    } else if known_size != size {
        return Err(mismatch());
    }
    Ok(out)
}

/// Strides that give `new_shape` over the same elements without copying, read in C order (or F
/// order when `fortran`), or `None` if a copy is needed. This is NumPy's
/// `_attempt_nocopy_reshape`: old and new axes are grouped into runs of equal element count, and
/// each old run must be contiguous (in the reading order) to be re-strided.
pub(crate) fn reshape_strides(
    old: &Layout,
    new_shape: &[usize],
    itemsize: usize,
    fortran: bool,
) -> Option<Strides> {
    if old.size() == 0 || new_shape.contains(&0) {
        // Nothing to read: any strides will do; use the contiguous ones.
        return Some(if fortran {
            f_strides(new_shape, itemsize)
        } else {
            c_strides(new_shape, itemsize)
        });
    }
    // Length-1 axes of the old layout carry no information.
    let (od, os): (SmallVec<[usize; 6]>, SmallVec<[isize; 6]>) = old
        .shape
        .iter()
        .zip(&old.strides)
        .filter(|&(&n, _)| n != 1)
        .map(|(&n, &s)| (n, s))
        .unzip();
    let nd = new_shape;
    let mut ns: Strides = SmallVec::from_elem(0, nd.len());
    let (mut oi, mut oj, mut ni, mut nj) = (0, 1, 0, 1);
    while ni < nd.len() && oi < od.len() {
        let (mut np, mut op) = (nd[ni], od[oi]);
        while np != op {
            if np < op {
                np *= nd[nj];
                nj += 1;
            } else {
                op *= od[oj];
                oj += 1;
            }
        }
        // The old axes oi..oj must be contiguous in the reading order.
        for ok in oi..oj - 1 {
            let contiguous = if fortran {
                os[ok + 1] == od[ok] as isize * os[ok]
            } else {
                os[ok] == od[ok + 1] as isize * os[ok + 1]
            };
            if !contiguous {
                return None;
            }
        }
        if fortran {
            ns[ni] = os[oi];
            for nk in ni + 1..nj {
                ns[nk] = ns[nk - 1] * nd[nk - 1] as isize;
            }
        } else {
            ns[nj - 1] = os[oj - 1];
            for nk in (ni + 1..nj).rev() {
                ns[nk - 1] = ns[nk] * nd[nk] as isize;
            }
        }
        ni = nj;
        nj += 1;
        oi = oj;
        oj += 1;
    }
    // Trailing length-1 axes of the new shape.
    let mut last = if ni >= 1 {
        ns[ni - 1]
    } else {
        itemsize as isize
    };
    if fortran && ni >= 1 {
        last *= nd[ni - 1] as isize;
    }
    for s in ns.iter_mut().skip(ni) {
        *s = last;
    }
    Some(ns)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::DType;
    use crate::s;

    #[test]
    fn reshape_view_cases() {
        let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4]).unwrap();
        assert_eq!(a.reshape(&[6, 4]).unwrap().strides(), &[32, 8]);
        assert_eq!(a.reshape(&[2, 12]).unwrap().strides(), &[96, 8]);
        // every other column: rows can merge only where contiguous
        let cols = a.slice(s![.., .., ..;2]).unwrap();
        let r = cols.reshape(&[6, 2]).unwrap();
        assert!(r.shares_memory(&a));
        assert_eq!(r.strides(), &[32, 16]);
        assert_eq!(cols.reshape(&[12]).unwrap().strides(), &[16]);
        let pairs = a.slice(s![.., .., ..2]).unwrap();
        assert!(!pairs.reshape(&[12]).unwrap().shares_memory(&a));
        // reshape with a length-1 axis inserted
        assert_eq!(a.reshape(&[2, 1, 12]).unwrap().strides(), &[96, 96, 8]);
    }

    #[test]
    fn reshape_errors() {
        let a = Array::arange(12.0, DType::F64);
        assert!(a.reshape(&[5, -1]).is_err());
        assert!(a.reshape(&[-1, -1]).is_err());
        assert!(a.reshape(&[5, 3]).is_err());
        assert!(a.reshape(&[-3, 4]).is_err());
        let e = a.reshape(&[isize::MAX, 4]).unwrap_err();
        assert!(matches!(e, Error::ShapeOverflow { .. }), "{e}");
        assert_eq!(a.reshape(&[3, -1]).unwrap().shape(), &[3, 4]);
    }

    #[test]
    fn broadcast_views_are_read_only() {
        let a = Array::arange(3.0, DType::F64);
        let mut b = a.broadcast_to(&[4, 3]).unwrap();
        assert!(b.fill(1.0).is_err());
        assert!(a.broadcast_to(&[4, 2]).is_err());
        assert!(a.broadcast_to(&[]).is_err());
    }

    #[test]
    fn moveaxis_and_squeeze() {
        let a = Array::zeros(&[2, 3, 4], DType::I8);
        assert_eq!(a.moveaxis(0, -1).unwrap().shape(), &[3, 4, 2]);
        assert_eq!(a.moveaxis(-1, 0).unwrap().shape(), &[4, 2, 3]);
        let b = a.expand_dims(1).unwrap();
        assert_eq!(b.shape(), &[2, 1, 3, 4]);
        assert_eq!(b.squeeze(None).unwrap().shape(), &[2, 3, 4]);
        assert!(b.squeeze(Some(&[0])).is_err());
        assert!(a.permute_axes(&[0, 0, 1]).is_err());
        assert!(a.permute_axes(&[0, 1]).is_err());
    }
}

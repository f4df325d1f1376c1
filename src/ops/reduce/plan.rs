//! From an array and its reduced axes to a result array: the result's layout, its allocation and
//! starting values, and the call into the executor.
//!
//! Invariants:
//! 1. A result is a fresh, dense array at offset 0 whose kept axes follow the input's memory
//!    order (NumPy allocates reduction outputs in the iterator's order), so an F-ordered input
//!    gives an F-ordered result.
//! 2. Every result element starts from the reducer's identity (or the given starting array)
//!    before the executor combines the input into it; an empty input therefore gives identities.

use super::axes::Reduced;
use super::nest::{Nest, Reducer, compact_strides, execute, iteration_order};
use crate::array::traverse::{self, Operand};
use crate::array::{Array, Element, Layout};
use crate::ir::DType;
use crate::{Error, Result};
use smallvec::SmallVec;

/// The geometry of one reduction: the input in element strides, the axis order and the
/// output's element strides.
pub(super) struct Plan<'r> {
    shape: SmallVec<[usize; 6]>,
    inp: SmallVec<[isize; 6]>,
    order: SmallVec<[usize; 6]>,
    out: SmallVec<[isize; 6]>,
    red: &'r Reduced,
}

impl<'r> Plan<'r> {
    /// The plan for reducing `a` over `red`.
    pub fn new(a: &Array, red: &'r Reduced) -> Plan<'r> {
        // Layout condition 4: strides are multiples of the item size.
        let isz = a.itemsize() as isize;
        let inp: SmallVec<[isize; 6]> = a.strides().iter().map(|s| s / isz).collect();
        let order = iteration_order(a.shape(), &inp);
        let (out, _) = compact_strides(a.shape(), &red.mask, &order);
        Plan {
            shape: a.shape().into(),
            inp,
            order,
            out,
            red,
        }
    }

    /// The loop nest.
    pub fn nest(&self) -> Nest {
        Nest::new(&self.shape, &self.inp, &self.out, &self.order)
    }

    /// The result's layout (with unit axes for `keepdims`) for elements of `itemsize` bytes.
    pub fn result_layout(&self, itemsize: usize) -> Layout {
        let mut shape: SmallVec<[usize; 6]> = SmallVec::new();
        let mut strides: SmallVec<[isize; 6]> = SmallVec::new();
        for (ax, &len) in self.shape.iter().enumerate() {
            match (self.red.mask[ax], self.red.keepdims) {
                (true, false) => continue,
                (true, true) => shape.push(1),
                (false, _) => shape.push(len),
            }
            strides.push(self.out[ax] * itemsize as isize);
        }
        // Unit and empty axes have no stride of their own in the compact output; give them the
        // C-order one (any value is valid for a length-1 axis).
        let mut c = itemsize as isize;
        for (len, s) in shape.iter().zip(strides.iter_mut()).rev() {
            if *len <= 1 || *s == 0 {
                *s = c;
            }
            c *= (*len).max(1) as isize;
        }
        Layout {
            shape,
            strides,
            offset: 0,
        }
    }

    /// The kept axes alone: the result's shape without `keepdims` and the output's byte
    /// strides on them.
    fn kept(&self, itemsize: usize) -> (SmallVec<[usize; 6]>, SmallVec<[isize; 6]>) {
        (0..self.shape.len())
            .filter(|&ax| !self.red.mask[ax])
            .map(|ax| (self.shape[ax], self.out[ax] * itemsize as isize))
            .unzip()
    }
}

/// Where the result's elements start.
pub(super) enum Start<'a> {
    /// The reducer's identity.
    Identity,
    /// The elements of this array, whose shape is the result's without `keepdims` and whose
    /// dtype is the reducer's accumulator type (the first element along the axis, for ops
    /// without an identity).
    From(&'a Array),
}

/// Reduces `a` over `red` with `r`, starting every result element from the identity.
///
/// # Errors
/// [`Error::ShapeOverflow`] if the result cannot be allocated.
pub(super) fn run<R: Reducer>(r: &R, a: &Array, red: &Reduced) -> Result<Array> {
    run_from(r, a, red, Start::Identity)
}

/// Reduces `a` over `red` with `r` from the given starting values.
///
/// # Errors
/// [`Error::ShapeOverflow`] if the result cannot be allocated.
pub(super) fn run_from<R: Reducer>(
    r: &R,
    a: &Array,
    red: &Reduced,
    start: Start<'_>,
) -> Result<Array> {
    if a.dtype() != R::In::DTYPE {
        return Err(dtype_error(a.dtype(), R::In::DTYPE));
    }
    let plan = Plan::new(a, red);
    let isz = R::Acc::DTYPE.itemsize();
    let mut out = Array::with_fresh_layout(plan.result_layout(isz), R::Acc::DTYPE)?;
    match start {
        Start::Identity => dense_mut::<R::Acc>(&mut out)?.fill(r.identity()),
        Start::From(init) => {
            if init.dtype() != R::Acc::DTYPE {
                return Err(dtype_error(init.dtype(), R::Acc::DTYPE));
            }
            let (shape, strides) = plan.kept(isz);
            if init.shape() != shape.as_slice() {
                return Err(Error::Shape {
                    op: "reduce",
                    msg: "starting values do not have the result's shape".into(),
                });
            }
            let ptr = out.make_mut_ptr()?;
            let dst = Operand {
                ptr,
                strides: &strides,
            };
            let src = Operand {
                ptr: init.base_ptr().cast_mut(),
                strides: init.strides(),
            };
            // SAFETY: `dst` covers the fresh, unique output (its kept axes, dense); `src` is a
            // valid array of the same shape and dtype that cannot share the fresh buffer.
            unsafe { traverse::map_into::<R::Acc, R::Acc>(&shape, dst, src, |x| x) };
        }
    }
    if a.size() > 0 {
        let ptr = out.make_mut_ptr()?.cast::<R::Acc>();
        // SAFETY: `a` satisfies Array invariant 1 for the nest built from its own layout and is
        // only read; `ptr` is element 0 of the fresh, unique output, whose compact strides are
        // the nest's output strides (invariant 1 of this module).
        unsafe { execute(r, &plan.nest(), a.base_ptr().cast::<R::In>(), ptr) };
    }
    Ok(out)
}

fn dtype_error(got: DType, want: DType) -> Error {
    Error::DType {
        op: "reduce",
        got,
        expected: want.name().into(),
    }
}

/// The elements of a fresh dense array in memory order, for in-place post-processing (`mean`
/// divides its sums).
///
/// # Errors
/// [`Error::DType`] for the wrong `T`, [`Error::NotContiguous`] if the array is not dense at
/// offset 0 (only fresh results are).
pub(super) fn dense_mut<T: Element>(a: &mut Array) -> Result<&mut [T]> {
    if a.dtype() != T::DTYPE {
        return Err(dtype_error(a.dtype(), T::DTYPE));
    }
    let n = a.size();
    let dense = a.layout().offset == 0
        && match a.layout().extent() {
            None => true,
            Some((lo, hi)) => lo == 0 && hi as usize == (n - 1) * a.itemsize(),
        };
    if !dense {
        return Err(Error::NotContiguous { op: "reduce" });
    }
    let ptr = a.make_mut_ptr()?.cast::<T>();
    // SAFETY: the layout spans exactly `n` elements from offset 0 with no gaps (checked above;
    // `n` elements reach exactly (n-1)·itemsize bytes only without gaps or overlaps for a
    // writable array, layout condition 3), in the now unique buffer borrowed through `a`.
    Ok(unsafe { std::slice::from_raw_parts_mut(ptr, n) })
}

/// A fresh array with `a`'s shape, dense in `a`'s iteration order (NumPy's layout for the
/// temporary `a - mean` inside `var`).
pub(super) fn iteration_layout(a: &Array, itemsize: usize) -> Layout {
    let isz = a.itemsize() as isize;
    let inp: SmallVec<[isize; 6]> = a.strides().iter().map(|s| s / isz).collect();
    let order = iteration_order(a.shape(), &inp);
    let mut strides: SmallVec<[isize; 6]> = SmallVec::from_elem(0, a.ndim());
    let mut acc = itemsize as isize;
    for &ax in &order {
        strides[ax] = acc;
        acc *= a.shape()[ax] as isize;
    }
    for (ax, s) in strides.iter_mut().enumerate() {
        if a.shape()[ax] <= 1 {
            *s = acc;
        }
    }
    Layout {
        shape: a.shape().into(),
        strides,
        offset: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ops::reduce::axes::Axes;

    fn layout_of(shape: &[usize], strides: &[isize], axes: Axes) -> Layout {
        let a = Array::zeros(&[64], DType::F64);
        let l = Layout {
            shape: shape.into(),
            strides: strides.into(),
            offset: 0,
        };
        let v = a.with_layout(l);
        let red = axes.resolve("sum", v.ndim()).unwrap();
        Plan::new(&v, &red).result_layout(8)
    }

    #[test]
    fn results_keep_the_input_order() {
        // C input (2, 3, 4) summed over axis 1: C-ordered (2, 4).
        let l = layout_of(&[2, 3, 4], &[96, 32, 8], Axes::from(1));
        assert_eq!(
            (l.shape.as_slice(), l.strides.as_slice()),
            (&[2, 4][..], &[32, 8][..])
        );
        // F input: F-ordered result.
        let l = layout_of(&[2, 3, 4], &[8, 16, 48], Axes::from(1));
        assert_eq!(l.strides.as_slice(), &[8, 16]);
        // keepdims: unit axis with a C stride, result still dense.
        let l = layout_of(&[2, 3, 4], &[96, 32, 8], Axes::from(1).keepdims());
        assert_eq!(l.shape.as_slice(), &[2, 1, 4]);
        assert!(l.is_c_contiguous(8));
        // full reduction: 0-d
        let l = layout_of(&[2, 3], &[24, 8], Axes::all());
        assert!(l.shape.is_empty());
    }

    #[test]
    fn dense_views_only() {
        let mut a = Array::zeros(&[3, 4], DType::F64);
        assert_eq!(dense_mut::<f64>(&mut a).unwrap().len(), 12);
        assert!(dense_mut::<f32>(&mut a).is_err());
        let mut col = a.slice(crate::s![.., 1]).unwrap();
        assert!(dense_mut::<f64>(&mut col).is_err());
    }
}

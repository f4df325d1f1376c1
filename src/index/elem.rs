//! [`IndexElem`], one element of a full NumPy index (basic or advanced), and the
//! [`idx!`](crate::idx!) macro that builds a list of them.

use crate::array::Array;
use crate::index::slice::{Ellipsis, NewAxis, SliceElem};
use std::ops::{Range, RangeFrom, RangeFull, RangeInclusive, RangeTo, RangeToInclusive};

/// One element of a NumPy index: a basic element (integer, slice, new axis, ellipsis) or an
/// index array (integers: fancy indexing; bools: a mask over as many axes as it has).
///
/// Everything [`SliceElem`] converts from converts into an `IndexElem`, and so do arrays
/// (`Array`, `&Array`) and integer or bool lists (`[i64; N]`, `Vec<usize>`, `&[bool]`, ...),
/// which become 1-D index arrays. [`idx!`](crate::idx!) builds a list.
///
/// ```
/// use numfuse::index::IndexElem;
/// use numfuse::prelude::*;
/// let a = Array::arange(12.0, DType::F64).reshape(&[3, 4])?;
/// let index = [IndexElem::from(..), IndexElem::from([3, 0])];   // a[:, [3, 0]]
/// assert_eq!(a.index(index)?.to_vec::<f64>()?, vec![3.0, 0.0, 7.0, 4.0, 11.0, 8.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone, Debug)]
pub enum IndexElem {
    /// An integer, a slice, a new axis or the ellipsis.
    Basic(SliceElem),
    /// An integer array (fancy index) or a bool array (mask).
    Array(Array),
}

impl IndexElem {
    /// True for an index array.
    pub fn is_array(&self) -> bool {
        matches!(self, IndexElem::Array(_))
    }
}

impl From<SliceElem> for IndexElem {
    fn from(e: SliceElem) -> IndexElem {
        IndexElem::Basic(e.normalized())
    }
}

impl From<&IndexElem> for IndexElem {
    /// O(1): an index array is shared, not copied.
    fn from(e: &IndexElem) -> IndexElem {
        e.clone()
    }
}

impl From<Array> for IndexElem {
    fn from(a: Array) -> IndexElem {
        IndexElem::Array(a)
    }
}

impl From<&Array> for IndexElem {
    /// O(1): the array is shared, not copied.
    fn from(a: &Array) -> IndexElem {
        IndexElem::Array(a.clone())
    }
}

macro_rules! basic_from {
    ($($t:ty),*) => {$(
        impl From<$t> for IndexElem {
            fn from(v: $t) -> IndexElem {
                IndexElem::Basic(SliceElem::from(v).normalized())
            }
        }
    )*};
}
basic_from!(RangeFull, NewAxis, Ellipsis);

macro_rules! int_from {
    ($($t:ty),*) => {$(
        basic_from!($t, Range<$t>, RangeFrom<$t>, RangeTo<$t>, RangeInclusive<$t>,
                    RangeToInclusive<$t>);
    )*};
}
int_from!(i32, i64, isize, usize);

macro_rules! list_from {
    ($($t:ty => $e:ty),*) => {$(
        impl From<Vec<$t>> for IndexElem {
            fn from(v: Vec<$t>) -> IndexElem {
                IndexElem::from(v.as_slice())
            }
        }
        impl<const N: usize> From<[$t; N]> for IndexElem {
            fn from(v: [$t; N]) -> IndexElem {
                IndexElem::from(v.as_slice())
            }
        }
        impl From<&[$t]> for IndexElem {
            #[allow(trivial_numeric_casts, reason = "the list includes i64 => i64")]
            fn from(v: &[$t]) -> IndexElem {
                let items: Vec<$e> = v.iter().map(|&x| x as $e).collect();
                IndexElem::Array(Array::from_slice(&items))
            }
        }
    )*};
}
list_from!(i32 => i64, i64 => i64, isize => i64, usize => i64, u32 => i64, bool => bool);

/// Builds a full NumPy index: [`s!`](crate::s!)'s ranges (with `;step`), integers, [`NewAxis`]
/// and [`Ellipsis`], plus index arrays (`&Array`, `Array`) and integer or bool lists, which
/// are fancy indices and masks. Pass the result to [`Array::index`],
/// [`Array::index_assign`] or [`Array::index_fill`].
///
/// ```
/// use numfuse::prelude::*;
/// let arr = Array::arange(100.0, DType::I64).reshape(&[10, 10])?;
/// let picked = arr.index(idx![[0, 0, 1, 1, 2, 2], [0, 2, 1, 3, 0, 4]])?; // arr[rows, cols]
/// assert_eq!(picked.to_vec::<i64>()?, vec![0, 2, 11, 13, 20, 24]);
/// let cols = arr.index(idx![..;3, [1, 4, 8]])?;                         // arr[::3, [1, 4, 8]]
/// assert_eq!(cols.shape(), &[4, 3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[macro_export]
macro_rules! idx {
    (@parse [$($acc:expr,)*]) => { [$($acc,)*] };
    (@parse [$($acc:expr,)*] $r:expr ; $step:expr , $($rest:tt)*) => {
        $crate::idx!(@parse [$($acc,)*
            $crate::index::IndexElem::Basic($crate::SliceElem::from($r).step($step)),] $($rest)*)
    };
    (@parse [$($acc:expr,)*] $r:expr ; $step:expr) => {
        $crate::idx!(@parse [$($acc,)*
            $crate::index::IndexElem::Basic($crate::SliceElem::from($r).step($step)),])
    };
    (@parse [$($acc:expr,)*] $r:expr , $($rest:tt)*) => {
        $crate::idx!(@parse [$($acc,)* $crate::index::IndexElem::from($r),] $($rest)*)
    };
    (@parse [$($acc:expr,)*] $r:expr) => {
        $crate::idx!(@parse [$($acc,)* $crate::index::IndexElem::from($r),])
    };
    ($($t:tt)*) => { $crate::idx!(@parse [] $($t)*) };
}

//! Stride tricks: [`as_strided`] (checked) and [`sliding_window_view`], NumPy's
//! `numpy.lib.stride_tricks`.
//!
//! Both are pure layout functions ([`as_strided_layout`], [`sliding_window_layout`]) plus a
//! wrapper that shares the storage, like every other view constructor.
//!
//! Invariants:
//! 1. No stride trick reaches outside memory: every layout built here is accepted by
//!    [`Layout::check_bounds`] (conditions 1, 2 and 4 of `array::layout`) against the whole
//!    buffer before it is attached to it. A layout that would reach outside the buffer, overflow,
//!    or put an element at a misaligned address is an error, never a view.
//! 2. The results are read-only: their elements may overlap (layout condition 3 does not hold),
//!    so writing through them would change several elements at once.
//! 3. The offset of the result is the offset of the input: strides count from the input's first
//!    element, as NumPy's `as_strided` does, and may reach before it (a negative stride) or past
//!    it, but never outside the buffer.

use crate::array::Layout;
use crate::error::normalize_axis;
use crate::ir::ShapeDisplay;
use crate::{Array, Error, Result};
use smallvec::SmallVec;

/// Strides printed the way Python prints a tuple: `(8, -8)`, `(8,)`, `()`.
fn strides_display(strides: &[isize]) -> String {
    match strides {
        [s] => format!("({s},)"),
        _ => {
            let parts: Vec<String> = strides.iter().map(isize::to_string).collect();
            format!("({})", parts.join(", "))
        }
    }
}

/// The layout `as_strided(x, shape, strides)` gives for an input laid out as `base` over a
/// buffer of `buf_len` bytes: `shape` and byte `strides`, starting at `base`'s first element.
///
/// # Errors
/// [`Error::Shape`] if `shape` and `strides` differ in length; [`Error::ShapeOverflow`] if the
/// element count overflows; [`Error::StridesOutOfBounds`] naming the violated layout condition,
/// the shape, the strides and the buffer size otherwise.
pub fn as_strided_layout(
    base: &Layout,
    shape: &[usize],
    strides: &[isize],
    buf_len: usize,
    itemsize: usize,
) -> Result<Layout> {
    if shape.len() != strides.len() {
        return Err(Error::Shape {
            op: "as_strided",
            msg: format!(
                "strides, if given, must be the same length as shape (got {} strides for shape {})",
                strides.len(),
                ShapeDisplay(shape)
            ),
        });
    }
    let layout = Layout {
        shape: shape.into(),
        strides: strides.into(),
        offset: base.offset,
    };
    // Conditions 1, 2 and 4; an empty shape passes condition 1 whatever its strides.
    layout
        .check_bounds(buf_len, itemsize)
        .map_err(|e| match e {
            // Condition 1's detail already names the shape, strides and buffer size.
            Error::StridesOutOfBounds {
                condition: 1,
                detail,
            } => Error::StridesOutOfBounds {
                condition: 1,
                detail: format!("as_strided: {detail}"),
            },
            Error::StridesOutOfBounds { condition, detail } => Error::StridesOutOfBounds {
                condition,
                detail: format!(
                    "as_strided with shape {} and strides {} over a {buf_len}-byte buffer: {detail}",
                    ShapeDisplay(shape),
                    strides_display(strides)
                ),
            },
            other => other,
        })?;
    Ok(layout)
}

/// The layout of `sliding_window_view(x, window_shape, axis=axes)` for an input laid out as
/// `base`: every windowed axis shrinks to `len - w + 1` positions, and one window axis per entry
/// of `window_shape` follows, with the stride of the axis it slides along.
///
/// With `axes = None`, `window_shape` has one entry per axis; otherwise one per listed axis, and
/// an axis may be listed more than once (each listing shrinks it again, as in NumPy).
///
/// # Errors
/// [`Error::Value`] with NumPy's message for a length mismatch or a window larger than its axis
/// (and for more than `isize::MAX` positions along an axis, which only an empty window over a
/// huge broadcast axis can ask for); [`Error::AxisOutOfRange`] for an axis outside `-ndim..ndim`.
/// Window lengths are `usize`, so NumPy's "`window_shape` cannot contain negative values" has no
/// counterpart.
pub fn sliding_window_layout(
    base: &Layout,
    window_shape: &[usize],
    axes: Option<&[isize]>,
) -> Result<Layout> {
    let ndim = base.ndim();
    let op = "sliding_window_view";
    let axes: SmallVec<[usize; 6]> = match axes {
        None => {
            if window_shape.len() != ndim {
                return Err(Error::Value {
                    op,
                    msg: format!(
                        "Since axis is `None`, must provide window_shape for all dimensions of \
                         `x`; got {} window_shape elements and `x.ndim` is {ndim}.",
                        window_shape.len()
                    ),
                });
            }
            (0..ndim).collect()
        }
        Some(axes) => {
            let axes = axes
                .iter()
                .map(|&ax| normalize_axis(ax, ndim))
                .collect::<Result<SmallVec<[usize; 6]>>>()?;
            if window_shape.len() != axes.len() {
                return Err(Error::Value {
                    op,
                    msg: format!(
                        "Must provide matching length window_shape and axis; got {} \
                         window_shape elements and {} axes elements.",
                        window_shape.len(),
                        axes.len()
                    ),
                });
            }
            axes
        }
    };
    let mut layout = base.clone();
    for (&ax, &w) in axes.iter().zip(window_shape) {
        let len = &mut layout.shape[ax];
        if *len < w {
            return Err(Error::Value {
                op,
                msg: "window shape cannot be larger than input array shape".into(),
            });
        }
        // `*len >= w`, so this is at most `len + 1` (for `w == 0`), which fits in `usize`; past
        // `isize::MAX` (an empty window over a huge broadcast axis) no index could address it.
        *len = *len - w + 1;
        if *len > isize::MAX as usize {
            return Err(Error::Value {
                op,
                msg: format!(
                    "array is too big: {} window positions along axis {ax}",
                    *len
                ),
            });
        }
    }
    for (&ax, &w) in axes.iter().zip(window_shape) {
        layout.shape.push(w);
        layout.strides.push(base.strides[ax]);
    }
    Ok(layout)
}

impl Array {
    /// A read-only view with the given shape and byte strides over this array's buffer,
    /// starting at this array's first element (`np.lib.stride_tricks.as_strided`), checked.
    ///
    /// Unlike NumPy's, this `as_strided` cannot read outside memory: every element the view can
    /// reach must lie inside the buffer the array views (which may extend before and after the
    /// array itself, when it is a slice of a larger one), and every stride must be a multiple of
    /// the item size. A shape with a zero length reaches nothing and passes the bounds check
    /// whatever its strides. Elements may overlap, so the view is always read-only.
    ///
    /// # Errors
    /// [`Error::StridesOutOfBounds`] (naming the layout condition, the shape, the strides and the
    /// buffer size) when an element would lie outside the buffer, the reach overflows, or a
    /// stride is not a multiple of the item size; [`Error::ShapeOverflow`] when the element
    /// count overflows; [`Error::Shape`] when `shape` and `strides` differ in length.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let arr = Array::arange(10.0, DType::F64);
    /// let s = arr.strides()[0];
    /// let windows = arr.as_strided(&[8, 3], &[s, s])?;
    /// assert_eq!(windows.slice(s![1])?.to_vec::<f64>()?, vec![1.0, 2.0, 3.0]);
    /// assert!(!windows.flags().writeable);
    /// assert!(windows.shares_memory(&arr));
    /// // One window too many would read past the end: refused.
    /// assert!(arr.as_strided(&[9, 3], &[s, s]).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn as_strided(&self, shape: &[usize], strides: &[isize]) -> Result<Array> {
        let layout = as_strided_layout(
            self.layout(),
            shape,
            strides,
            self.buffer_len(),
            self.itemsize(),
        )?;
        Ok(self.with_layout(layout).into_readonly())
    }

    /// A read-only view of every window of `window_shape` sliding over this array
    /// (`np.lib.stride_tricks.sliding_window_view`).
    ///
    /// With `axes = None`, `window_shape` has one length per axis; otherwise one per entry of
    /// `axes` (negative axes count from the end; an axis may repeat, as in NumPy). The result's
    /// shape is this array's shape with each windowed axis shrunk to `len - w + 1`, followed by
    /// the window lengths. It shares memory with this array and is read-only, since windows
    /// overlap.
    ///
    /// # Errors
    /// [`Error::Value`] (NumPy's messages) when `window_shape` has the wrong length or a window
    /// is longer than its axis, [`Error::AxisOutOfRange`] for a bad axis,
    /// [`Error::ShapeOverflow`] when the result's element count overflows.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let image = Array::arange(25.0, DType::F64).reshape(&[5, 5])?;
    /// let patches = image.sliding_window_view(&[3, 3], None)?;
    /// assert_eq!(patches.shape(), &[3, 3, 3, 3]);
    /// let means = patches.mean([-2, -1])?; // 3x3 average pooling
    /// assert_eq!(means.to_vec::<f64>()?, vec![6.0, 7.0, 8.0, 11.0, 12.0, 13.0, 16.0, 17.0, 18.0]);
    /// let rows = image.sliding_window_view(&[2], Some(&[0]))?;
    /// assert_eq!(rows.shape(), &[4, 5, 2]);
    /// assert!(image.sliding_window_view(&[6, 1], None).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn sliding_window_view(
        &self,
        window_shape: &[usize],
        axes: Option<&[isize]>,
    ) -> Result<Array> {
        let layout = sliding_window_layout(self.layout(), window_shape, axes)?;
        // Windows of an in-bounds array stay in bounds; the check costs O(ndim) and turns an
        // element count that overflows (huge broadcast inputs) into an error.
        layout.check_bounds(self.buffer_len(), self.itemsize())?;
        Ok(self.with_layout(layout).into_readonly())
    }
}

/// `np.lib.stride_tricks.as_strided(x, shape, strides)`, checked: [`Array::as_strided`].
///
/// # Errors
/// As [`Array::as_strided`].
///
/// ```
/// use numfuse::prelude::*;
/// let arr = array![1i64, 2, 3, 4, 5, 6, 7];
/// let s = arr.strides()[0];
/// let toeplitz = numfuse::as_strided(&arr, &[4, 4], &[s, s])?;
/// assert_eq!(toeplitz.slice(s![3])?.to_vec::<i64>()?, vec![4, 5, 6, 7]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn as_strided(x: &Array, shape: &[usize], strides: &[isize]) -> Result<Array> {
    x.as_strided(shape, strides)
}

/// `np.lib.stride_tricks.sliding_window_view(x, window_shape, axis)`:
/// [`Array::sliding_window_view`].
///
/// # Errors
/// As [`Array::sliding_window_view`].
///
/// ```
/// use numfuse::prelude::*;
/// let arr = array![1i64, 2, 3, 4, 5, 6, 7, 8, 9, 10];
/// let windows = numfuse::sliding_window_view(&arr, &[3], None)?;
/// assert_eq!(windows.shape(), &[8, 3]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn sliding_window_view(
    x: &Array,
    window_shape: &[usize],
    axes: Option<&[isize]>,
) -> Result<Array> {
    x.sliding_window_view(window_shape, axes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::array::layout::tests::lay;
    use crate::ir::DType;

    #[test]
    fn as_strided_conditions() {
        let base = lay(&[10], &[8], 0);
        assert!(as_strided_layout(&base, &[8, 3], &[8, 8], 80, 8).is_ok());
        let e = as_strided_layout(&base, &[9, 3], &[8, 8], 80, 8).unwrap_err();
        assert!(
            matches!(e, Error::StridesOutOfBounds { condition: 1, .. }),
            "{e}"
        );
        let msg = e.to_string();
        for part in [
            "as_strided",
            "shape (9, 3)",
            "strides [8, 8]",
            "80-byte buffer",
        ] {
            assert!(msg.contains(part), "{msg}");
        }
        let e = as_strided_layout(&base, &[3], &[4], 80, 8).unwrap_err();
        assert!(
            matches!(e, Error::StridesOutOfBounds { condition: 4, .. }),
            "{e}"
        );
        let e = as_strided_layout(&base, &[3, 3], &[isize::MAX, isize::MAX], 80, 8);
        assert!(matches!(e, Err(Error::StridesOutOfBounds { .. })));
        assert!(matches!(
            as_strided_layout(&base, &[3], &[8, 8], 80, 8),
            Err(Error::Shape { .. })
        ));
        // Empty shapes reach nothing.
        assert!(as_strided_layout(&base, &[0, 5], &[1 << 40, -(1 << 40)], 80, 8).is_ok());
        // Negative strides count back from the first element.
        let tail = lay(&[5], &[8], 40);
        assert!(as_strided_layout(&tail, &[6], &[-8], 80, 8).is_ok());
        assert!(as_strided_layout(&tail, &[7], &[-8], 80, 8).is_err());
    }

    #[test]
    fn window_layouts() {
        let base = lay(&[5, 4], &[32, 8], 0);
        let w = sliding_window_layout(&base, &[3, 2], None).unwrap();
        assert_eq!(w.shape.as_slice(), &[3, 3, 3, 2]);
        assert_eq!(w.strides.as_slice(), &[32, 8, 32, 8]);
        let w = sliding_window_layout(&base, &[2, 2], Some(&[0, -2])).unwrap();
        assert_eq!(w.shape.as_slice(), &[3, 4, 2, 2]);
        assert_eq!(w.strides.as_slice(), &[32, 8, 32, 32]);
        let w = sliding_window_layout(&base, &[0], Some(&[1])).unwrap();
        assert_eq!(w.shape.as_slice(), &[5, 5, 0]);
        assert!(sliding_window_layout(&base, &[6, 1], None).is_err());
        assert!(sliding_window_layout(&base, &[1], None).is_err());
        assert!(sliding_window_layout(&base, &[1], Some(&[2])).is_err());
        assert!(sliding_window_layout(&base, &[1, 1], Some(&[0])).is_err());
    }

    #[test]
    fn views_are_read_only_and_shared() {
        let a = Array::arange(10.0, DType::F64);
        let mut w = a.sliding_window_view(&[3], None).unwrap();
        assert!(!w.flags().writeable);
        assert!(w.fill(1.0).is_err());
        assert!(w.shares_memory(&a));
        let big = Array::zeros(&[1], DType::U8)
            .broadcast_to(&[1 << 31, 1 << 31])
            .unwrap();
        let e = big
            .sliding_window_view(&[1 << 30, 1 << 30], None)
            .unwrap_err();
        assert!(matches!(e, Error::ShapeOverflow { .. }), "{e}");
        let widest = Array::zeros(&[1], DType::U8)
            .broadcast_to(&[isize::MAX as usize])
            .unwrap();
        assert!(widest.sliding_window_view(&[0], None).is_err());
        assert_eq!(
            widest.sliding_window_view(&[1], None).unwrap().shape(),
            &[isize::MAX as usize, 1]
        );
    }
}

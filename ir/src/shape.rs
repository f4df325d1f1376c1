//! Shapes and the one broadcasting rule.
//!
//! Eager arrays, lazy graphs and the JIT's bounds all broadcast through [`broadcast_shapes`], so
//! there is exactly one place that decides whether shapes are compatible.
//!
//! Invariants:
//! 1. Broadcasting aligns shapes at their trailing axes; two lengths are compatible when they are
//!    equal or one of them is 1, and the result takes the other length (so a 0 next to a 1 gives 0).
//! 2. The result has the rank of the longest input.
//! 3. A shape is only ever given to an array after [`checked_size`] accepts it: the product of
//!    its non-zero lengths fits `usize` (zeros do not excuse the other lengths, as in NumPy), and
//!    a non-empty array's byte size fits `isize`.

use smallvec::SmallVec;
use std::fmt;

/// Axis lengths, inline for up to 6 axes.
pub type Dims = SmallVec<[usize; 6]>;

/// Shapes that cannot be broadcast together: which operand and axis (counted from the end)
/// first disagreed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BroadcastError {
    /// Index of the operand that could not be broadcast against the ones before it.
    pub operand: usize,
    /// The offending axis of the result, counted from the right (0 = last axis).
    pub axis_from_end: usize,
}

/// Broadcasts any number of shapes together (`np.broadcast_shapes`).
///
/// ```
/// use numfuse_ir::broadcast_shapes;
/// let s = broadcast_shapes(&[&[8, 1, 6, 1], &[7, 1, 5]]).unwrap();
/// assert_eq!(&s[..], &[8, 7, 6, 5]);
/// assert!(broadcast_shapes(&[&[3], &[4]]).is_err());
/// ```
///
/// # Errors
/// Returns which operand and axis disagreed when two lengths differ and neither is 1.
pub fn broadcast_shapes(shapes: &[&[usize]]) -> Result<Dims, BroadcastError> {
    let ndim = shapes.iter().map(|s| s.len()).max().unwrap_or(0);
    let mut out: Dims = SmallVec::from_elem(1, ndim);
    for (operand, shape) in shapes.iter().enumerate() {
        for (k, &len) in shape.iter().rev().enumerate() {
            let slot = &mut out[ndim - 1 - k];
            if *slot == len || len == 1 {
                continue;
            }
            // Only a 1 may yield to another length (a 0 can only meet 0 or 1).
            if *slot == 1 {
                *slot = len;
            } else {
                return Err(BroadcastError {
                    operand,
                    axis_from_end: k,
                });
            }
        }
    }
    Ok(out)
}

/// A shape formatted the way Python prints tuples: `()`, `(3,)`, `(3, 4)`. The alternate form
/// `{:#}` is the compact one NumPy's C-level error messages use: `(3,4)`.
#[derive(Clone, Copy)]
pub struct ShapeDisplay<'a>(pub &'a [usize]);

impl fmt::Display for ShapeDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sep = if f.alternate() { "," } else { ", " };
        match self.0 {
            [] => f.write_str("()"),
            [n] => write!(f, "({n},)"),
            dims => {
                f.write_str("(")?;
                for (i, d) in dims.iter().enumerate() {
                    if i > 0 {
                        f.write_str(sep)?;
                    }
                    write!(f, "{d}")?;
                }
                f.write_str(")")
            }
        }
    }
}

/// The number of elements of a shape, or `None` if the shape is too big: the product of its
/// non-zero lengths overflows `usize`, or (for a non-empty shape) the total byte size for
/// `itemsize`-byte elements overflows `isize` (the largest allocation Rust allows).
///
/// Zero lengths are skipped when checking the product, as NumPy does ("array is too big"), so a
/// shape accepted here has a product that cannot overflow in any order of multiplication: every
/// partial product divides the product of the non-zero lengths, or is 0.
///
/// ```
/// use numfuse_ir::shape::checked_size;
/// assert_eq!(checked_size(&[3, 4], 8), Some(12));
/// assert_eq!(checked_size(&[usize::MAX, 2], 1), None);
/// assert_eq!(checked_size(&[0, usize::MAX], 8), Some(0));
/// assert_eq!(checked_size(&[usize::MAX, usize::MAX, 0], 8), None);
/// ```
pub fn checked_size(shape: &[usize], itemsize: usize) -> Option<usize> {
    let nonzero = shape
        .iter()
        .filter(|&&d| d != 0)
        .try_fold(1usize, |acc, &d| acc.checked_mul(d))?;
    if shape.contains(&0) {
        return Some(0);
    }
    let bytes = nonzero.checked_mul(itemsize)?;
    (bytes <= isize::MAX as usize).then_some(nonzero)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broadcast_rules() {
        let ok = |a: &[usize], b: &[usize]| broadcast_shapes(&[a, b]).map(|d| d.to_vec());
        assert_eq!(ok(&[], &[3]), Ok(vec![3]));
        assert_eq!(ok(&[2, 1], &[1, 3]), Ok(vec![2, 3]));
        assert_eq!(ok(&[0], &[1]), Ok(vec![0]));
        assert_eq!(ok(&[1], &[0]), Ok(vec![0]));
        assert_eq!(ok(&[4, 3], &[3]), Ok(vec![4, 3]));
        assert_eq!(
            ok(&[0], &[3]),
            Err(BroadcastError {
                operand: 1,
                axis_from_end: 0
            })
        );
        assert_eq!(
            ok(&[2, 3], &[3, 3]),
            Err(BroadcastError {
                operand: 1,
                axis_from_end: 1
            })
        );
    }

    #[test]
    fn size_checks_the_lengths_around_a_zero() {
        assert_eq!(checked_size(&[], 8), Some(1));
        assert_eq!(checked_size(&[usize::MAX, 0], 8), Some(0));
        assert_eq!(checked_size(&[0, usize::MAX, 2], 8), None);
        assert_eq!(checked_size(&[1 << 62, 4, 0], 8), None);
        assert_eq!(checked_size(&[1 << 32, 0, 1 << 31], 1), Some(0));
        assert_eq!(checked_size(&[1 << 60], 8), None);
    }

    #[test]
    fn shape_display() {
        assert_eq!(ShapeDisplay(&[]).to_string(), "()");
        assert_eq!(ShapeDisplay(&[3]).to_string(), "(3,)");
        assert_eq!(ShapeDisplay(&[3, 4]).to_string(), "(3, 4)");
        assert_eq!(format!("{:#}", ShapeDisplay(&[3, 4])), "(3,4)");
        assert_eq!(format!("{:#}", ShapeDisplay(&[3])), "(3,)");
    }
}

/// One axis length in a graph: a known number or a named symbol (`n`) fixed at evaluation.
///
/// A symbol broadcasts only against itself and against 1; two different symbols, or a symbol
/// and a fixed length other than 1, do not broadcast (the graph cannot know they agree).
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dim {
    /// A length known when the graph is built.
    Fixed(usize),
    /// A length named in the graph's signature and bound when it is evaluated.
    Sym(Sym),
}

/// The name of a symbolic axis length: an identifier such as `n` or `rows`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(std::sync::Arc<str>);

impl Sym {
    /// A symbol with this name.
    ///
    /// # Panics
    /// If `name` is not an identifier (ASCII letter or `_`, then letters, digits or `_`).
    pub fn new(name: &str) -> Sym {
        assert!(Sym::is_valid(name), "{name:?} is not a symbol name");
        Sym(name.into())
    }

    /// True when `name` can name a symbol: an ASCII letter or `_`, then letters, digits or `_`.
    pub fn is_valid(name: &str) -> bool {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sym {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Dim {
    /// The fixed length, if known.
    pub fn fixed(&self) -> Option<usize> {
        match self {
            Dim::Fixed(n) => Some(*n),
            Dim::Sym(_) => None,
        }
    }

    /// True for a fixed length of 1 (the length that broadcasts against anything).
    pub fn is_one(&self) -> bool {
        *self == Dim::Fixed(1)
    }
}

impl From<usize> for Dim {
    fn from(n: usize) -> Dim {
        Dim::Fixed(n)
    }
}

impl From<&str> for Dim {
    fn from(name: &str) -> Dim {
        Dim::Sym(Sym::new(name))
    }
}

impl fmt::Display for Dim {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Dim::Fixed(n) => write!(f, "{n}"),
            Dim::Sym(s) => write!(f, "{s}"),
        }
    }
}

/// The shape of a graph node: its axis lengths, each fixed or symbolic. Prints as in the text
/// form, `[n, 4]`, and `[]` for a 0-d value.
///
/// ```
/// use numfuse_ir::shape::{Dim, Shape};
/// let s = Shape::from([Dim::from("n"), Dim::from(4)]);
/// assert_eq!(s.to_string(), "[n, 4]");
/// assert_eq!(Shape::scalar().to_string(), "[]");
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Shape(pub SmallVec<[Dim; 4]>);

impl Shape {
    /// The 0-d shape `[]`.
    pub fn scalar() -> Shape {
        Shape(SmallVec::new())
    }

    /// A shape of fixed lengths.
    pub fn fixed(dims: &[usize]) -> Shape {
        Shape(dims.iter().map(|&n| Dim::Fixed(n)).collect())
    }

    /// Number of axes.
    pub fn rank(&self) -> usize {
        self.0.len()
    }

    /// The axis lengths.
    pub fn dims(&self) -> &[Dim] {
        &self.0
    }

    /// All lengths, when every one is fixed.
    pub fn to_fixed(&self) -> Option<Dims> {
        self.0.iter().map(Dim::fixed).collect()
    }

    /// The number of elements, when every length is fixed (and the product fits `usize`).
    pub fn size(&self) -> Option<usize> {
        self.0
            .iter()
            .try_fold(1usize, |acc, d| acc.checked_mul(d.fixed()?))
    }

    /// Broadcasts shapes together under the rule of [`Dim`]: fixed lengths as
    /// [`broadcast_shapes`], a symbol only against itself or 1.
    ///
    /// # Errors
    /// A message naming the shapes and the axis (counted from the end) that disagreed.
    pub fn broadcast(shapes: &[&Shape]) -> Result<Shape, String> {
        let rank = shapes.iter().map(|s| s.rank()).max().unwrap_or(0);
        let mut out: SmallVec<[Dim; 4]> = SmallVec::from_elem(Dim::Fixed(1), rank);
        for shape in shapes {
            for (k, d) in shape.0.iter().rev().enumerate() {
                let slot = &mut out[rank - 1 - k];
                if slot == d || d.is_one() {
                    continue;
                }
                if slot.is_one() {
                    *slot = d.clone();
                } else {
                    let list: Vec<String> = shapes.iter().map(|s| s.to_string()).collect();
                    return Err(format!(
                        "shapes {} cannot be broadcast together: axis -{} has lengths {slot} and {d}",
                        list.join(", "),
                        k + 1
                    ));
                }
            }
        }
        Ok(Shape(out))
    }
}

impl<const N: usize> From<[Dim; N]> for Shape {
    fn from(dims: [Dim; N]) -> Shape {
        Shape(dims.into_iter().collect())
    }
}

impl From<&[usize]> for Shape {
    fn from(dims: &[usize]) -> Shape {
        Shape::fixed(dims)
    }
}

impl fmt::Display for Shape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, d) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{d}")?;
        }
        f.write_str("]")
    }
}

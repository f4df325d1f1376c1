//! `numfuse::Error`: one error type whose variants carry the context a user needs to fix the call.
//!
//! Messages reuse NumPy's wording where NumPy has a message, so a search for the text finds the
//! NumPy explanation too. They are lower case with no trailing period.

use crate::ir::{DType, ShapeDisplay};
use std::fmt;

/// Everything that can go wrong in numfuse.
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::zeros(&[3], DType::F64);
/// let b = Array::zeros(&[4], DType::F64);
/// let err = a.broadcast_with(&b).unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "operands could not be broadcast together with shapes (3,) (4,)"
/// );
/// ```
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// Shapes that cannot be broadcast together.
    Broadcast {
        /// The operation that broadcast.
        op: &'static str,
        /// The shapes of the operands, in order.
        shapes: Vec<Vec<usize>>,
    },
    /// A shape that does not fit: a reshape of the wrong size, mismatched lengths.
    Shape {
        /// The operation.
        op: &'static str,
        /// What was wrong, in NumPy's words where it has them.
        msg: String,
    },
    /// A shape whose element count or byte size overflows.
    ShapeOverflow {
        /// The offending shape.
        shape: Vec<usize>,
        /// The element size in bytes.
        itemsize: usize,
    },
    /// An axis argument outside `-ndim..ndim`.
    AxisOutOfRange {
        /// The axis as given.
        axis: isize,
        /// The number of dimensions of the array.
        ndim: usize,
    },
    /// An integer index outside `-len..len` on an axis.
    IndexOutOfBounds {
        /// The index as given.
        index: isize,
        /// The axis it indexes.
        axis: usize,
        /// The length of that axis.
        len: usize,
    },
    /// More indices than the array has dimensions, or a malformed index expression.
    Index {
        /// What was wrong.
        msg: String,
    },
    /// A dtype that the operation cannot take, or a typed access with the wrong element type.
    DType {
        /// The operation.
        op: &'static str,
        /// The dtype that was given.
        got: DType,
        /// What was expected, in words (`"float64"`, `"a float dtype"`).
        expected: String,
    },
    /// A cast refused by the casting rule.
    Cast {
        /// Source dtype.
        from: DType,
        /// Target dtype.
        to: DType,
        /// The casting rule in force (`"safe"`, `"same_kind"`, ...).
        casting: &'static str,
    },
    /// A write to a read-only array (a broadcast view, a stride-trick view, a read-only map).
    ReadOnly {
        /// What refused the write.
        what: &'static str,
    },
    /// A layout whose strides would reach memory outside the buffer, or would overflow.
    StridesOutOfBounds {
        /// The number of the violated condition in `array::layout`.
        condition: u8,
        /// The numbers involved.
        detail: String,
    },
    /// A value that is not valid for a parameter (a zero step, a negative count).
    Value {
        /// The operation.
        op: &'static str,
        /// What was wrong.
        msg: String,
    },
    /// An array that must be contiguous for the requested access and is not.
    NotContiguous {
        /// The operation that needed contiguity.
        op: &'static str,
    },
    /// A floating-point condition under `ErrMode::Raise` (NumPy's `FloatingPointError`).
    FloatingPoint {
        /// The ufunc that raised it.
        op: &'static str,
        /// What happened: "divide by zero", "overflow", "underflow", "invalid value".
        what: &'static str,
    },
    /// A malformed string or file, with the position of the problem.
    Parse {
        /// What was being parsed (a file name, "npy header", ...).
        input: String,
        /// Byte offset of the problem.
        pos: usize,
        /// What was wrong.
        msg: String,
    },
    /// A malformed line of a text file (`loadtxt`, `genfromtxt`), where an editor finds it.
    TextParse {
        /// The file's path, or `<str>` / `<reader>` for text in memory.
        input: String,
        /// The 1-based line of the input.
        line: usize,
        /// The 1-based character column of the offending field (or of the line's end).
        column: usize,
        /// What was wrong, in NumPy's words where it has them.
        msg: String,
    },
    /// An operating-system I/O error.
    Io(std::io::Error),
    /// A square matrix that is singular: an exact zero pivot in its LU factorization (NumPy's
    /// `LinAlgError: Singular matrix`).
    Singular {
        /// The operation (`"solve"`, `"inv"`, ...).
        op: &'static str,
    },
    /// An operation that needs square matrices got a stack whose last two axes differ (NumPy's
    /// `LinAlgError: Last 2 dimensions of the array must be square`).
    NotSquare {
        /// The operation.
        op: &'static str,
        /// The shape of the offending array.
        shape: Vec<usize>,
    },
    /// A Cholesky factorization of a matrix that is not (numerically) positive definite.
    NotPositiveDefinite {
        /// The operation.
        op: &'static str,
    },
    /// An iterative factorization (SVD, eigenvalues) that did not converge, for example on
    /// input with NaN or infinity.
    NoConvergence {
        /// The operation.
        op: &'static str,
    },
    /// An invalid lazy expression: the error the eager call would give (`source`), and the
    /// expression that caused it in the graph's text form (`add a, b`).
    Expr {
        /// The offending node, as an inline expression of the text form.
        expr: String,
        /// What is wrong with it.
        source: Box<Error>,
    },
}

/// `Result` with [`Error`] as the error type.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Broadcast { op, shapes } => {
                let shown: Vec<String> = shapes
                    .iter()
                    .map(|s| format!("{:#}", ShapeDisplay(s)))
                    .collect();
                if *op == "broadcast_arrays"
                    && let Some((i, j)) = first_mismatch(shapes)
                {
                    // NumPy's wording (`np.broadcast_arrays`, `np.broadcast_shapes`), double
                    // space and trailing period included.
                    write!(
                        f,
                        "shape mismatch: objects cannot be broadcast to a single shape.  Mismatch \
                         is between arg {i} with shape {} and arg {j} with shape {}.",
                        ShapeDisplay(&shapes[i]),
                        ShapeDisplay(&shapes[j])
                    )
                } else if *op == "broadcast_to" && shapes.len() == 2 {
                    // NumPy's wording, double space included.
                    write!(
                        f,
                        "operands could not be broadcast together with remapped shapes \
                         [original->remapped]: {}  and requested shape {}",
                        shown[0], shown[1]
                    )
                } else {
                    write!(f, "operands could not be broadcast together with shapes ")?;
                    f.write_str(&shown.join(" "))
                }
            }
            Error::Shape { op, msg } => write!(f, "{op}: {msg}"),
            Error::ShapeOverflow { shape, itemsize } => write!(
                f,
                "array is too big: shape {} of {itemsize}-byte elements overflows the address space",
                ShapeDisplay(shape)
            ),
            Error::AxisOutOfRange { axis, ndim } => {
                write!(
                    f,
                    "axis {axis} is out of bounds for array of dimension {ndim}"
                )
            }
            Error::IndexOutOfBounds { index, axis, len } => {
                write!(
                    f,
                    "index {index} is out of bounds for axis {axis} with size {len}"
                )
            }
            Error::Index { msg } => f.write_str(msg),
            Error::DType { op, got, expected } => {
                write!(f, "{op}: expected {expected}, got {}", got.name())
            }
            Error::Cast { from, to, casting } => write!(
                f,
                "cannot cast array data from dtype('{}') to dtype('{}') according to the rule '{casting}'",
                from.name(),
                to.name()
            ),
            Error::ReadOnly { what } => write!(f, "assignment destination is read-only ({what})"),
            Error::StridesOutOfBounds { condition, detail } => {
                write!(
                    f,
                    "strides reach outside the buffer (layout condition {condition}): {detail}"
                )
            }
            Error::Value { op, msg } => write!(f, "{op}: {msg}"),
            Error::NotContiguous { op } => write!(f, "{op}: the array is not contiguous"),
            Error::FloatingPoint { op, what } => write!(f, "{what} encountered in {op}"),
            Error::Parse { input, pos, msg } => write!(f, "{input}: at byte {pos}: {msg}"),
            Error::TextParse {
                input,
                line,
                column,
                msg,
            } => {
                write!(f, "{input}:{line}:{column}: {msg}")
            }
            Error::Io(e) => write!(f, "i/o error: {e}"),
            Error::Singular { op } => write!(f, "{op}: Singular matrix"),
            Error::NotSquare { op, shape } => write!(
                f,
                "{op}: Last 2 dimensions of the array must be square (got shape {})",
                ShapeDisplay(shape)
            ),
            Error::NotPositiveDefinite { op } => {
                write!(f, "{op}: Matrix is not positive definite")
            }
            Error::NoConvergence { op } => match *op {
                "svd" | "lstsq" | "pinv" | "matrix_rank" | "cond" | "norm" | "svdvals" => {
                    write!(f, "{op}: SVD did not converge")
                }
                _ => write!(f, "{op}: Eigenvalues did not converge"),
            },
            Error::Expr { expr, source } => write!(f, "{source} (in lazy expression `{expr}`)"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io(e) => Some(e),
            Error::Expr { source, .. } => Some(source.as_ref()),
            _ => None,
        }
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

/// The first two shapes that cannot be broadcast together, as NumPy's `PyArray_Broadcast`
/// finds them: axes from the left of the result, operands in order, the second index being the
/// operand that disagrees with the one that set the axis's length.
fn first_mismatch(shapes: &[Vec<usize>]) -> Option<(usize, usize)> {
    let ndim = shapes.iter().map(Vec::len).max().unwrap_or(0);
    for i in 0..ndim {
        let (mut len, mut src) = (1, 0);
        for (j, shape) in shapes.iter().enumerate() {
            let Some(k) = (i + shape.len()).checked_sub(ndim) else {
                continue;
            };
            match shape[k] {
                1 => {}
                n if len == 1 => (len, src) = (n, j),
                n if n != len => return Some((src, j)),
                _ => {}
            }
        }
    }
    None
}

/// NumPy's spelling of a shape in messages: `(2,)`, `(2,3)`, `()`.
pub(crate) fn shape_tuple(shape: &[usize]) -> String {
    match shape {
        [n] => format!("({n},)"),
        _ => {
            let parts: Vec<String> = shape.iter().map(|n| n.to_string()).collect();
            format!("({})", parts.join(","))
        }
    }
}

/// Normalises an axis argument (negative counts from the end) for an array of `ndim` axes.
pub(crate) fn normalize_axis(axis: isize, ndim: usize) -> Result<usize> {
    let n = ndim as isize;
    if (-n..n).contains(&axis) {
        Ok(if axis < 0 {
            (axis + n) as usize
        } else {
            axis as usize
        })
    } else {
        Err(Error::AxisOutOfRange { axis, ndim })
    }
}

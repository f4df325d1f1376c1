//! The eager API on [`Expr`]: operators, NumPy-named ufunc methods, casts, reductions, scans,
//! views and `matmul`. Each builds one or a few graph nodes; arguments the eager API would
//! refuse (an axis out of range, a bad slice) are checked here with the eager code, so the
//! error `eval` returns is the one the eager call returns.

use super::{Expr, ExprArg};
use crate::Axes;
use crate::array::Array;
use crate::index::SliceElem;
use crate::ir::op::ReduceOp;
use crate::ir::{BinaryOp, DType, LibCall, Lit, ScanOp, Shape, SliceAxis, UnaryOp};
use std::ops;

macro_rules! binary_methods {
    ($($(#[$doc:meta])* $name:ident => $op:ident,)*) => {
        impl Expr {
            $(
                $(#[$doc])*
                pub fn $name(&self, other: impl Into<ExprArg>) -> Expr {
                    self.binary(BinaryOp::$op, other)
                }
            )*
        }
    };
}

binary_methods! {
    /// `self + other` (`np.add`).
    add => Add,
    /// `self - other` (`np.subtract`).
    subtract => Subtract,
    /// `self * other` (`np.multiply`).
    multiply => Multiply,
    /// `self / other`, always a float (`np.divide`).
    divide => TrueDivide,
    /// `self // other`, rounding toward -inf (`np.floor_divide`).
    floor_divide => FloorDivide,
    /// `self % other`, with the divisor's sign (`np.remainder`).
    remainder => Remainder,
    /// Elementwise maximum, NaN-propagating (`np.maximum`).
    maximum => Maximum,
    /// Elementwise minimum, NaN-propagating (`np.minimum`).
    minimum => Minimum,
    /// Elementwise maximum ignoring NaN (`np.fmax`).
    fmax => Fmax,
    /// Elementwise minimum ignoring NaN (`np.fmin`).
    fmin => Fmin,
    /// `atan2(self, other)` (`np.arctan2`).
    arctan2 => Arctan2,
    /// `sqrt(self² + other²)` (`np.hypot`).
    hypot => Hypot,
    /// `|self|` with the sign of `other` (`np.copysign`).
    copysign => Copysign,
    /// C `fmod`: remainder with the dividend's sign (`np.fmod`).
    fmod => Fmod,
    /// `self == other` elementwise (`np.equal`).
    equal => Equal,
    /// `self != other` elementwise (`np.not_equal`).
    not_equal => NotEqual,
    /// `self < other` elementwise (`np.less`).
    less => Less,
    /// `self <= other` elementwise (`np.less_equal`).
    less_equal => LessEqual,
    /// `self > other` elementwise (`np.greater`).
    greater => Greater,
    /// `self >= other` elementwise (`np.greater_equal`).
    greater_equal => GreaterEqual,
    /// Elementwise logical and (`np.logical_and`).
    logical_and => LogicalAnd,
    /// Elementwise logical or (`np.logical_or`).
    logical_or => LogicalOr,
    /// Elementwise logical xor (`np.logical_xor`).
    logical_xor => LogicalXor,
    /// `self & other` (`np.bitwise_and`).
    bitwise_and => BitwiseAnd,
    /// `self | other` (`np.bitwise_or`).
    bitwise_or => BitwiseOr,
    /// `self ^ other` (`np.bitwise_xor`).
    bitwise_xor => BitwiseXor,
    /// `self << other` (`np.left_shift`).
    left_shift => LeftShift,
    /// `self >> other` (`np.right_shift`).
    right_shift => RightShift,
}

macro_rules! unary_methods {
    ($($name:ident => $op:ident,)*) => {
        impl Expr {
            $(
                #[doc = concat!("`np.", stringify!($name), "` elementwise.")]
                pub fn $name(&self) -> Expr {
                    self.unary(UnaryOp::$op)
                }
            )*
        }
    };
}

unary_methods! {
    negative => Negative,
    positive => Positive,
    abs => Absolute,
    absolute => Absolute,
    sign => Sign,
    sqrt => Sqrt,
    cbrt => Cbrt,
    square => Square,
    reciprocal => Reciprocal,
    exp => Exp,
    exp2 => Exp2,
    expm1 => Expm1,
    log => Log,
    log2 => Log2,
    log10 => Log10,
    log1p => Log1p,
    sin => Sin,
    cos => Cos,
    tan => Tan,
    arcsin => Arcsin,
    arccos => Arccos,
    arctan => Arctan,
    sinh => Sinh,
    cosh => Cosh,
    tanh => Tanh,
    arcsinh => Arcsinh,
    arccosh => Arccosh,
    arctanh => Arctanh,
    floor => Floor,
    ceil => Ceil,
    trunc => Trunc,
    rint => Rint,
    isnan => IsNan,
    isinf => IsInf,
    isfinite => IsFinite,
    logical_not => LogicalNot,
    invert => Invert,
}

impl Expr {
    /// `self ** other`, with the eager [`Array::power`]'s fast paths for a weak scalar
    /// exponent (`** 2` is `square`, `** 0.5` `sqrt` on floats, ...), so lazy and eager agree
    /// bit for bit.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![1.5, -2.0];
    /// assert_eq!(a.lazy().power(2.0).eval()?.to_vec::<f64>()?, vec![2.25, 4.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn power(&self, other: impl Into<ExprArg>) -> Expr {
        let other = other.into();
        if let ExprArg::Weak(e) = other {
            let dtype = self.dtype();
            let float = dtype.is_float();
            let int_exponent = matches!(e, Lit::Int(_));
            let unary = match e.to_f64() {
                2.0 if float || (dtype.is_integer() && int_exponent) => Some(UnaryOp::Square),
                0.5 if float => Some(UnaryOp::Sqrt),
                1.0 if float => Some(UnaryOp::Positive),
                -1.0 if float => Some(UnaryOp::Reciprocal),
                0.0 if float => {
                    // `ones_like`: a weak 1 broadcast to the shape, in the array's dtype.
                    let shape = self.lock().graph.node(self.id).shape.clone();
                    return self.apply(|g, x| {
                        let one = g.constant(Lit::Int(1), dtype);
                        let _ = x;
                        g.broadcast_to(one, shape)
                    });
                }
                _ => None,
            };
            if let Some(op) = unary {
                return self.unary(op);
            }
        }
        self.binary(BinaryOp::Power, other)
    }

    /// `np.clip(self, min, max)`, computed as NumPy computes it: `minimum(maximum(self, min),
    /// max)`, so a NaN element stays NaN and the result equals the eager [`Array::clip`] with
    /// two bounds. The bounds broadcast and promote like any operand (weak Rust scalars keep
    /// the array's dtype).
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let x = array![-600.0, 0.25, f64::NAN, 900.0];
    /// let lazy = x.lazy().clip(-500.0, 500.0).eval()?;
    /// numfuse::testing::assert_array_equal(&lazy, &x.clip(-500.0, 500.0)?);
    /// let img = Array::from_slice(&[10u8, 200, 250]);
    /// let brighter = (img.lazy().astype(DType::I32) + 50).clip(0, 255).astype(DType::U8);
    /// assert_eq!(brighter.eval()?.to_vec::<u8>()?, [60, 250, 255]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn clip(&self, min: impl Into<ExprArg>, max: impl Into<ExprArg>) -> Expr {
        self.maximum(min).minimum(max)
    }

    /// Conversion to `dtype` with NumPy's `astype` (unsafe casting: floats truncate toward
    /// zero, integers wrap).
    pub fn astype(&self, dtype: DType) -> Expr {
        self.apply(|g, x| g.cast(x, dtype))
    }

    /// A reduction over `axes`, checked as the eager method checks it.
    fn reduce(&self, op: ReduceOp, axes: Axes) -> Expr {
        let ndim = self.ndim();
        let resolved = if op == ReduceOp::Mean {
            axes.resolve_with(op.name(), ndim, false)
        } else {
            axes.resolve(op.name(), ndim)
        };
        let keepdims = axes.keeps_dims();
        match resolved {
            Ok(r) => {
                let list: Vec<isize> = (0..ndim as isize).filter(|&i| r.mask[i as usize]).collect();
                self.apply(|g, x| g.reduce(op, x, Some(&list), keepdims))
            }
            Err(e) => {
                let raw: Vec<isize> = axes.axes().map(<[isize]>::to_vec).unwrap_or_default();
                self.invalid(e, |g, x| g.reduce(op, x, Some(&raw), keepdims))
            }
        }
    }

    /// Sum over `axes` (`np.sum`); `None` sums everything.
    pub fn sum(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Sum, axes.into())
    }

    /// Product over `axes` (`np.prod`).
    pub fn prod(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Prod, axes.into())
    }

    /// Minimum over `axes`, NaN-propagating (`np.min`).
    pub fn min(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Min, axes.into())
    }

    /// Maximum over `axes`, NaN-propagating (`np.max`).
    pub fn max(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Max, axes.into())
    }

    /// Mean over `axes` (`np.mean`).
    pub fn mean(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Mean, axes.into())
    }

    /// Index of the first minimum (`np.argmin`): over one axis, or all of them.
    pub fn argmin(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Argmin, axes.into())
    }

    /// Index of the first maximum (`np.argmax`): over one axis, or all of them.
    pub fn argmax(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Argmax, axes.into())
    }

    /// True where any element over `axes` is non-zero (`np.any`).
    pub fn any(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::Any, axes.into())
    }

    /// True where every element over `axes` is non-zero (`np.all`).
    pub fn all(&self, axes: impl Into<Axes>) -> Expr {
        self.reduce(ReduceOp::All, axes.into())
    }

    fn scan(&self, op: ScanOp, axis: Option<isize>) -> Expr {
        let (x, axis) = match axis {
            None => (self.reshape(&[-1]), 0),
            Some(ax) if self.ndim() == 0 => (self.reshape(&[1]), ax),
            Some(ax) => (self.clone(), ax),
        };
        match crate::error::normalize_axis(axis, x.ndim()) {
            Ok(a) => x.apply(|g, x| g.scan(op, x, a as isize)),
            Err(e) => x.invalid(e, |g, x| g.scan(op, x, axis)),
        }
    }

    /// Cumulative sum along `axis`, or over the flattened expression for `None` (`np.cumsum`).
    pub fn cumsum(&self, axis: Option<isize>) -> Expr {
        self.scan(ScanOp::Cumsum, axis)
    }

    /// Cumulative product along `axis`, or over the flattened expression (`np.cumprod`).
    pub fn cumprod(&self, axis: Option<isize>) -> Expr {
        self.scan(ScanOp::Cumprod, axis)
    }

    /// A zero-strided stand-in of this expression's shape: the eager view functions run on it
    /// to check arguments and give the result shape, in O(1) memory.
    fn dummy(&self) -> Array {
        let shape = self.shape();
        Array::scalar(false)
            .broadcast_to(&shape)
            .unwrap_or_else(|_| Array::scalar(false))
    }

    /// The transpose: axes reversed (`a.T`).
    pub fn t(&self) -> Expr {
        self.apply(|g, x| g.transpose(x))
    }

    /// Axes permuted: axis `i` of the result is axis `axes[i]` of `self`.
    pub fn permute_axes(&self, axes: &[isize]) -> Expr {
        let ndim = self.ndim() as isize;
        let perm: Vec<usize> = axes
            .iter()
            .map(|&a| if a < 0 { a + ndim } else { a }.max(0) as usize)
            .collect();
        match self.dummy().permute_axes(axes) {
            Ok(_) => self.apply(|g, x| g.permute(x, &perm)),
            Err(e) => {
                let bad: Vec<usize> = axes.iter().map(|&a| a.unsigned_abs()).collect();
                self.invalid(e, |g, x| g.permute(x, &bad))
            }
        }
    }

    /// `np.transpose(a, axes)`: with `None` the axes are reversed.
    pub fn transpose(&self, axes: Option<&[isize]>) -> Expr {
        match axes {
            None => self.t(),
            Some(a) => self.permute_axes(a),
        }
    }

    /// Basic slicing with `s![..]`: ranges with steps (negative too), integers, [`NewAxis`]
    /// and one [`Ellipsis`], as [`Array::slice`].
    ///
    /// [`NewAxis`]: crate::NewAxis
    /// [`Ellipsis`]: crate::Ellipsis
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = Array::arange(6.0, DType::F64).reshape(&[2, 3])?;
    /// let r = a.lazy().slice(s![.., ..;-2]).eval()?;
    /// assert_eq!(r.to_vec::<f64>()?, vec![2.0, 0.0, 5.0, 3.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn slice(&self, index: impl AsRef<[SliceElem]>) -> Expr {
        let index = index.as_ref();
        let shape = self.shape();
        if let Err(e) = self.dummy().slice(index) {
            return self.invalid(e, |g, x| g.slice(x, &[]));
        }
        let plan = slice_plan(&shape, index);
        self.apply(|g, x| {
            let mut v = x;
            if plan.spec.iter().any(|s| *s != SliceAxis::Full) {
                v = g.slice(v, &plan.spec);
            }
            if !plan.squeeze.is_empty() {
                v = g.squeeze(v, &plan.squeeze);
            }
            if !plan.new_axes.is_empty() {
                v = g.expand_dims(v, &plan.new_axes);
            }
            v
        })
    }

    /// `np.broadcast_to(a, shape)`.
    pub fn broadcast_to(&self, shape: &[usize]) -> Expr {
        match self.dummy().broadcast_to(shape) {
            Ok(_) => self.apply(|g, x| g.broadcast_to(x, Shape::fixed(shape))),
            Err(e) => self.invalid(e, |g, x| g.broadcast_to(x, Shape::fixed(shape))),
        }
    }

    /// A length-1 axis inserted at `axis` (`np.expand_dims`); `axis` counts in the result.
    pub fn expand_dims(&self, axis: isize) -> Expr {
        match crate::error::normalize_axis(axis, self.ndim() + 1) {
            Ok(a) => self.apply(|g, x| g.expand_dims(x, &[a])),
            Err(e) => self.invalid(e, |g, x| g.expand_dims(x, &[axis.unsigned_abs()])),
        }
    }

    /// Length-1 axes removed: all of them with `None`, else the listed ones (`np.squeeze`).
    pub fn squeeze(&self, axes: Option<&[isize]>) -> Expr {
        let shape = self.shape();
        let ndim = shape.len() as isize;
        match self.dummy().squeeze(axes) {
            Ok(_) => {
                let mut list: Vec<usize> = match axes {
                    None => (0..shape.len()).filter(|&i| shape[i] == 1).collect(),
                    Some(a) => a
                        .iter()
                        .map(|&a| if a < 0 { a + ndim } else { a } as usize)
                        .collect(),
                };
                list.sort_unstable();
                if list.is_empty() {
                    return self.clone();
                }
                self.apply(|g, x| g.squeeze(x, &list))
            }
            Err(e) => {
                let bad: Vec<usize> = axes
                    .unwrap_or(&[])
                    .iter()
                    .map(|a| a.unsigned_abs())
                    .collect();
                self.invalid(e, |g, x| g.squeeze(x, &bad))
            }
        }
    }

    /// C-order reshape; one length may be `-1` (inferred), as [`Array::reshape`].
    pub fn reshape(&self, shape: &[isize]) -> Expr {
        let size: usize = self.shape().iter().product();
        let itemsize = self.dtype().itemsize();
        match crate::array::view::infer_shape(shape, size, itemsize) {
            Ok(d) => self.apply(|g, x| g.reshape(x, Shape::fixed(&d))),
            Err(e) => {
                let raw: Vec<usize> = shape.iter().map(|d| d.unsigned_abs()).collect();
                self.invalid(e, |g, x| g.reshape(x, Shape::fixed(&raw)))
            }
        }
    }

    /// The matrix product with NumPy's `@` semantics (`np.matmul`): computed by the eager
    /// library, with the elementwise work before and after it fused.
    pub fn matmul(&self, other: impl Into<ExprArg>) -> Expr {
        let (b, me, args) = self.unify(&[other.into()]);
        let id = {
            let mut g = b.lock().unwrap_or_else(|e| e.into_inner());
            let other = match args[0] {
                crate::ir::Arg::Node(n) => n,
                crate::ir::Arg::Weak(v) => {
                    let t = g.graph.node(me).dtype;
                    g.graph.constant(v, t)
                }
            };
            g.graph.call(LibCall::Matmul, &[me, other])
        };
        Expr { builder: b, id }
    }
}

/// A basic index as graph ops: a slice of the operand's axes, the axes indexed by an integer
/// (squeezed after the slice), and the new axes (positions in the result).
struct SlicePlan {
    spec: Vec<SliceAxis>,
    squeeze: Vec<usize>,
    new_axes: Vec<usize>,
}

/// The plan for an index the eager [`slice_layout`](crate::index::slice::slice_layout) accepted
/// on `shape` (so every integer is in range and the step is not zero).
fn slice_plan(shape: &[usize], index: &[SliceElem]) -> SlicePlan {
    let index: Vec<SliceElem> = index.iter().map(|e| e.normalized()).collect();
    let consumed = index
        .iter()
        .filter(|e| matches!(e, SliceElem::Index(_) | SliceElem::Slice { .. }))
        .count();
    let full = SliceElem::Slice {
        start: None,
        stop: None,
        step: 1,
    };
    let fill = shape.len().saturating_sub(consumed);
    let mut expanded: Vec<SliceElem> = Vec::new();
    let mut saw_ellipsis = false;
    for e in &index {
        if *e == SliceElem::Ellipsis {
            saw_ellipsis = true;
            expanded.extend(std::iter::repeat_n(full, fill));
        } else {
            expanded.push(*e);
        }
    }
    if !saw_ellipsis {
        expanded.extend(std::iter::repeat_n(full, fill));
    }
    let mut plan = SlicePlan {
        spec: Vec::new(),
        squeeze: Vec::new(),
        new_axes: Vec::new(),
    };
    let (mut axis, mut pos) = (0usize, 0usize);
    for e in expanded {
        match e {
            SliceElem::Index(i) => {
                let n = shape.get(axis).copied().unwrap_or(0);
                let i = crate::index::slice::resolve_index(i, axis, n).unwrap_or(0);
                plan.spec.push(SliceAxis::Range {
                    start: i,
                    len: 1,
                    step: 1,
                });
                plan.squeeze.push(axis);
                axis += 1;
            }
            SliceElem::Slice { start, stop, step } => {
                let n = shape.get(axis).copied().unwrap_or(0);
                let s = match crate::index::slice::resolve_slice(start, stop, step, n) {
                    Ok((_, _, 0)) => SliceAxis::Range {
                        start: 0,
                        len: 0,
                        step,
                    },
                    Ok((first, step, len)) => SliceAxis::Range {
                        start: first.max(0) as usize,
                        len,
                        step,
                    },
                    Err(_) => SliceAxis::Full,
                };
                plan.spec.push(s.canonical(n));
                axis += 1;
                pos += 1;
            }
            SliceElem::NewAxis => {
                plan.new_axes.push(pos);
                pos += 1;
            }
            _ => {}
        }
    }
    plan
}

// --- operators -------------------------------------------------------------------------------

macro_rules! operator {
    ($Trait:ident, $method:ident, $op:ident) => {
        impl<R: Into<ExprArg>> ops::$Trait<R> for &Expr {
            type Output = Expr;
            /// Builds the node; never panics (an invalid node's error surfaces at `eval`).
            fn $method(self, rhs: R) -> Expr {
                self.binary(BinaryOp::$op, rhs)
            }
        }
        impl<R: Into<ExprArg>> ops::$Trait<R> for Expr {
            type Output = Expr;
            fn $method(self, rhs: R) -> Expr {
                self.binary(BinaryOp::$op, rhs)
            }
        }
        operator!(@scalars $Trait, $method, $op, f64, f32, i64, i32, bool);
    };
    (@scalars $Trait:ident, $method:ident, $op:ident, $($t:ty),*) => {$(
        impl ops::$Trait<&Expr> for $t {
            type Output = Expr;
            fn $method(self, rhs: &Expr) -> Expr {
                rhs.binary_rev(BinaryOp::$op, self)
            }
        }
        impl ops::$Trait<Expr> for $t {
            type Output = Expr;
            fn $method(self, rhs: Expr) -> Expr {
                rhs.binary_rev(BinaryOp::$op, self)
            }
        }
    )*};
}

operator!(Add, add, Add);
operator!(Sub, sub, Subtract);
operator!(Mul, mul, Multiply);
operator!(Div, div, TrueDivide);
operator!(Rem, rem, Remainder);
operator!(BitAnd, bitand, BitwiseAnd);
operator!(BitOr, bitor, BitwiseOr);
operator!(BitXor, bitxor, BitwiseXor);
operator!(Shl, shl, LeftShift);
operator!(Shr, shr, RightShift);

impl ops::Neg for &Expr {
    type Output = Expr;
    fn neg(self) -> Expr {
        self.unary(UnaryOp::Negative)
    }
}

impl ops::Neg for Expr {
    type Output = Expr;
    fn neg(self) -> Expr {
        self.unary(UnaryOp::Negative)
    }
}

impl ops::Not for &Expr {
    type Output = Expr;
    /// `~x`: bitwise not for integers, logical not for bool.
    fn not(self) -> Expr {
        self.unary(UnaryOp::Invert)
    }
}

impl ops::Not for Expr {
    type Output = Expr;
    fn not(self) -> Expr {
        self.unary(UnaryOp::Invert)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_plans() {
        let p = slice_plan(&[4, 5], &crate::s![1, ..;-2, crate::NewAxis]);
        assert_eq!(p.squeeze, vec![0]);
        assert_eq!(p.new_axes, vec![1]);
        assert_eq!(
            p.spec,
            vec![
                SliceAxis::Range {
                    start: 1,
                    len: 1,
                    step: 1
                },
                SliceAxis::Range {
                    start: 4,
                    len: 3,
                    step: -2
                }
            ]
        );
    }
}

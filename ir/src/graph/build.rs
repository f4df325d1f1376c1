//! Typed constructors with shape and dtype inference, and [`infer`], the one function that
//! decides a node's dtype and shape (the builders and the verifier both call it).

use super::{Args, Graph, Node, NodeId};
use crate::dtype::{DType, Operand, result_type};
use crate::op::{Axes, BinaryOp, LibCall, Lit, Op, ReduceOp, ScanOp, SliceAxis, UnaryOp};
use crate::shape::{Dim, Shape};
use smallvec::SmallVec;

/// An operand of a builder: a node, or a Rust literal that is weakly typed (NEP 50) and takes
/// its dtype from the other operands (`f32_node * 2.0` stays `f32`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Arg {
    /// A node of the graph.
    Node(NodeId),
    /// A weak scalar literal.
    Weak(Lit),
}

impl From<NodeId> for Arg {
    fn from(id: NodeId) -> Arg {
        Arg::Node(id)
    }
}

impl From<f64> for Arg {
    fn from(x: f64) -> Arg {
        Arg::Weak(Lit::float(x))
    }
}

impl From<i64> for Arg {
    fn from(i: i64) -> Arg {
        Arg::Weak(Lit::Int(i.into()))
    }
}

impl From<bool> for Arg {
    fn from(b: bool) -> Arg {
        Arg::Weak(Lit::Bool(b))
    }
}

impl From<Lit> for Arg {
    fn from(v: Lit) -> Arg {
        Arg::Weak(v)
    }
}

/// The dtype a weak literal takes next to strong operands of `context` dtypes (NEP 50), or
/// the default dtype of its kind when there is no strong operand. The printer and the parser
/// use this same rule to decide when a constant needs a dtype suffix.
pub fn weak_dtype(context: &[DType], value: Lit) -> DType {
    let mut ops: SmallVec<[Operand; 3]> = context.iter().map(|&t| Operand::Strong(t)).collect();
    ops.push(Operand::Weak(value.kind()));
    result_type(&ops).expect("at least one operand")
}

/// The dtype and shape `node` must have, given its op and its operands in `g`.
///
/// For `cast`, `broadcast` and `reshape` the target comes from the node itself (its dtype or
/// shape), and only its validity is checked.
///
/// # Errors
/// A message saying what does not fit: the op, the operand shapes or dtypes, the axis.
pub fn infer(g: &Graph, node: &Node) -> Result<(DType, Shape), String> {
    let op = &node.op;
    if node.args.len() != op.arity() {
        return Err(format!(
            "{} takes {} operand(s), got {}",
            op.mnemonic(),
            op.arity(),
            node.args.len()
        ));
    }
    let arg = |i: usize| g.node(node.args[i]);
    let same_shape = |dtype: DType| Ok((dtype, arg(0).shape.clone()));
    match op {
        Op::Input(i) => match g.inputs().get(*i as usize) {
            Some(_) => Ok((node.dtype, node.shape.clone())),
            None => Err(format!("input number {i} is not in the signature")),
        },
        Op::Const(v) => {
            if node.shape.rank() != 0 {
                Err(format!("a constant is 0-d, not {}", node.shape))
            } else if !v.fits(node.dtype) {
                let shown = match v {
                    Lit::Bool(b) => b.to_string(),
                    Lit::Int(i) => i.to_string(),
                    Lit::Float(x) => format!("{:?}", x.get()),
                };
                Err(format!("constant {shown} is not a value of {}", node.dtype))
            } else {
                Ok((node.dtype, Shape::scalar()))
            }
        }
        Op::Unary(u) => {
            let l = u.resolve(arg(0).dtype.into()).map_err(|e| e.to_string())?;
            same_shape(l.output)
        }
        Op::Binary(b) => {
            let l = b
                .resolve(arg(0).dtype.into(), arg(1).dtype.into())
                .map_err(|e| e.to_string())?;
            Ok((l.output, Shape::broadcast(&[&arg(0).shape, &arg(1).shape])?))
        }
        Op::Select => {
            if arg(0).dtype != DType::Bool {
                return Err(format!(
                    "where: the condition must be bool, not {}",
                    arg(0).dtype
                ));
            }
            let dtype = crate::promote_types(arg(1).dtype, arg(2).dtype);
            let shape = Shape::broadcast(&[&arg(0).shape, &arg(1).shape, &arg(2).shape])?;
            Ok((dtype, shape))
        }
        Op::Cast => same_shape(node.dtype),
        Op::Reduce { op, axes, keepdims } => {
            let x = arg(0);
            check_axes(axes, x.shape.rank(), op.name())?;
            let rank = x.shape.rank();
            if matches!(op, ReduceOp::Argmin | ReduceOp::Argmax)
                && !(axes.len() == 1 || axes.len() == rank)
            {
                return Err(format!(
                    "{op} reduces one axis or all of them, not {} of {rank}",
                    axes.len()
                ));
            }
            if matches!(
                op,
                ReduceOp::Min | ReduceOp::Max | ReduceOp::Argmin | ReduceOp::Argmax
            ) && axes.iter().any(|&a| x.shape.dims()[a] == Dim::Fixed(0))
            {
                return Err(format!(
                    "zero-size array to reduction operation {op} which has no identity"
                ));
            }
            let dims = x.shape.dims().iter().enumerate().filter_map(|(i, d)| {
                if !axes.contains(&i) {
                    Some(d.clone())
                } else if *keepdims {
                    Some(Dim::Fixed(1))
                } else {
                    None
                }
            });
            Ok((op.result_dtype(x.dtype), Shape(dims.collect())))
        }
        Op::Scan { op, axis } => {
            check_axes(&[*axis], arg(0).shape.rank(), op.name())?;
            same_shape(op.result_dtype(arg(0).dtype))
        }
        Op::Permute(perm) => {
            let x = &arg(0).shape;
            let mut seen = vec![false; x.rank()];
            let valid = perm.len() == x.rank()
                && perm
                    .iter()
                    .all(|&p| p < x.rank() && !std::mem::replace(&mut seen[p], true));
            if !valid {
                return Err(format!(
                    "permute: {perm:?} is not a permutation of the axes of {x}"
                ));
            }
            let dims = perm.iter().map(|&p| x.dims()[p].clone()).collect();
            Ok((arg(0).dtype, Shape(dims)))
        }
        Op::Slice(spec) => {
            let x = &arg(0).shape;
            if spec.len() != x.rank() {
                return Err(format!(
                    "slice: {} entries for the {} axes of {x}",
                    spec.len(),
                    x.rank()
                ));
            }
            let mut dims = SmallVec::new();
            for (axis, (s, d)) in spec.iter().zip(x.dims()).enumerate() {
                dims.push(match (s, d) {
                    (SliceAxis::Full, d) => d.clone(),
                    (&SliceAxis::Range { start, len, step }, &Dim::Fixed(n)) => {
                        let last = start as i128 + (len as i128 - 1) * step as i128;
                        let ok = step != 0
                            && if len == 0 {
                                start == 0
                            } else {
                                start < n && (0..n as i128).contains(&last)
                            };
                        if !ok {
                            return Err(format!(
                                "slice: {} does not fit axis {axis} of length {n}",
                                s.display(n)
                            ));
                        }
                        Dim::Fixed(len)
                    }
                    (_, Dim::Sym(name)) => {
                        return Err(format!(
                            "slice: axis {axis} has symbolic length {name}; only `:` slices it"
                        ));
                    }
                });
            }
            Ok((arg(0).dtype, Shape(dims)))
        }
        Op::Broadcast => {
            let x = &arg(0).shape;
            let ok = x.rank() <= node.shape.rank()
                && Shape::broadcast(&[x, &node.shape]).is_ok_and(|s| s == node.shape);
            if ok {
                Ok((arg(0).dtype, node.shape.clone()))
            } else {
                Err(format!("cannot broadcast {x} to {}", node.shape))
            }
        }
        Op::ExpandDims(axes) => {
            let x = &arg(0).shape;
            let rank = x.rank() + axes.len();
            check_axes(axes, rank, "expand_dims")?;
            let mut rest = x.dims().iter();
            let dims = (0..rank)
                .map(|i| {
                    if axes.contains(&i) {
                        Dim::Fixed(1)
                    } else {
                        rest.next().expect("rank counts them").clone()
                    }
                })
                .collect();
            Ok((arg(0).dtype, Shape(dims)))
        }
        Op::Squeeze(axes) => {
            let x = &arg(0).shape;
            check_axes(axes, x.rank(), "squeeze")?;
            if let Some(&a) = axes.iter().find(|&&a| !x.dims()[a].is_one()) {
                return Err(format!(
                    "cannot select an axis to squeeze out which has size not equal to one \
                     (axis {a} of {x})"
                ));
            }
            let dims = x
                .dims()
                .iter()
                .enumerate()
                .filter(|(i, _)| !axes.contains(i))
                .map(|(_, d)| d.clone())
                .collect();
            Ok((arg(0).dtype, Shape(dims)))
        }
        Op::Reshape => {
            let x = &arg(0).shape;
            if same_size(x, &node.shape) {
                Ok((arg(0).dtype, node.shape.clone()))
            } else {
                Err(format!("cannot reshape {x} into {}", node.shape))
            }
        }
        Op::Call(LibCall::Matmul) => matmul(arg(0), arg(1)),
    }
}

/// Axes sorted, distinct and below `rank`.
fn check_axes(axes: &[usize], rank: usize, what: &str) -> Result<(), String> {
    if let Some(&a) = axes.iter().find(|&&a| a >= rank) {
        return Err(format!(
            "{what}: axis {a} is out of bounds for array of dimension {rank}"
        ));
    }
    if axes.windows(2).any(|w| w[0] >= w[1]) {
        return Err(format!("{what}: axes {axes:?} must be sorted and distinct"));
    }
    Ok(())
}

/// True when two shapes provably hold the same number of elements: equal products of fixed
/// lengths and the same symbols the same number of times.
fn same_size(a: &Shape, b: &Shape) -> bool {
    fn split(s: &Shape) -> (u128, Vec<&str>) {
        let mut fixed: u128 = 1;
        let mut syms: Vec<&str> = Vec::new();
        for d in s.dims() {
            match d {
                Dim::Fixed(n) => fixed = fixed.saturating_mul(*n as u128),
                Dim::Sym(name) => syms.push(name.as_str()),
            }
        }
        syms.sort_unstable();
        (fixed, syms)
    }
    let (fa, sa) = split(a);
    let (fb, sb) = split(b);
    fa == fb && (sa == sb || fa == 0)
}

/// `np.matmul`'s shape and dtype rule.
fn matmul(a: &Node, b: &Node) -> Result<(DType, Shape), String> {
    let l = BinaryOp::Multiply
        .resolve(a.dtype.into(), b.dtype.into())
        .map_err(|e| e.to_string().replace("multiply", "matmul"))?;
    let (ra, rb) = (a.shape.rank(), b.shape.rank());
    if ra == 0 || rb == 0 {
        return Err("matmul: Input operand does not have enough dimensions".to_string());
    }
    let ad = a.shape.dims();
    let bd = b.shape.dims();
    let k_a = &ad[ra - 1];
    let k_b = if rb == 1 { &bd[0] } else { &bd[rb - 2] };
    if k_a != k_b {
        return Err(format!(
            "matmul: Input operand 1 has a mismatch in its core dimension 0, with gufunc \
             signature (n?,k),(k,m?)->(n?,m?) (size {k_b} is different from {k_a})"
        ));
    }
    let stack_a = Shape(ad[..ra.saturating_sub(2)].iter().cloned().collect());
    let stack_b = Shape(bd[..rb.saturating_sub(2)].iter().cloned().collect());
    let mut out = Shape::broadcast(&[&stack_a, &stack_b]).map_err(|e| format!("matmul: {e}"))?;
    if ra >= 2 {
        out.0.push(ad[ra - 2].clone());
    }
    if rb >= 2 {
        out.0.push(bd[rb - 1].clone());
    }
    Ok((l.output, out))
}

impl SliceAxis {
    /// Normalises a Python slice `start:stop:step` (each bound optional, negative counts from
    /// the end, out-of-range bounds clip) against an axis of length `n`, as NumPy does.
    ///
    /// ```
    /// use numfuse_ir::op::SliceAxis;
    /// assert_eq!(
    ///     SliceAxis::from_python(None, None, -1, 4),
    ///     Ok(SliceAxis::Range { start: 3, len: 4, step: -1 })
    /// );
    /// assert!(SliceAxis::from_python(None, None, 0, 4).is_err());
    /// ```
    ///
    /// # Errors
    /// If `step` is 0 ("slice step cannot be zero").
    pub fn from_python(
        start: Option<isize>,
        stop: Option<isize>,
        step: isize,
        n: usize,
    ) -> Result<SliceAxis, String> {
        if step == 0 {
            return Err("slice step cannot be zero".to_string());
        }
        let n = n as i128;
        let clip = |i: isize, lo: i128, hi: i128| {
            let i = i as i128;
            let i = if i < 0 { i + n } else { i };
            i.clamp(lo, hi)
        };
        let (first, end) = if step > 0 {
            (
                start.map_or(0, |s| clip(s, 0, n)),
                stop.map_or(n, |s| clip(s, 0, n)),
            )
        } else {
            (
                start.map_or(n - 1, |s| clip(s, -1, n - 1)),
                stop.map_or(-1, |s| clip(s, -1, n - 1)),
            )
        };
        let step_w = step as i128;
        let len = if step > 0 {
            if end > first {
                (end - first + step_w - 1) / step_w
            } else {
                0
            }
        } else if first > end {
            (first - end + (-step_w) - 1) / (-step_w)
        } else {
            0
        };
        if len == 0 {
            return Ok(SliceAxis::Range {
                start: 0,
                len: 0,
                step,
            });
        }
        Ok(SliceAxis::Range {
            start: first as usize,
            len: len as usize,
            step,
        })
    }

    /// The one form of this slice of an axis of length `n`: `0:n` with step 1 (`n > 0`) is
    /// [`SliceAxis::Full`], which prints the same (`:`).
    pub fn canonical(self, n: usize) -> SliceAxis {
        match self {
            SliceAxis::Range {
                start: 0,
                len,
                step: 1,
            } if len == n && n > 0 => SliceAxis::Full,
            s => s,
        }
    }

    /// The slice in Python notation for an axis of length `n`: `:`, `1:7:2`, `::-1`, `3::-1`.
    /// Bounds equal to the defaults are left out, so the text is canonical.
    pub fn display(&self, n: usize) -> String {
        match *self {
            SliceAxis::Full => ":".to_string(),
            SliceAxis::Range { start, len, step } => {
                let (start, len, step) = (start as i128, len as i128, step as i128);
                let n = n as i128;
                let stop = start + len * step;
                let (start_s, stop_s) = if step > 0 {
                    (
                        if start == 0 {
                            String::new()
                        } else {
                            start.to_string()
                        },
                        if stop >= n {
                            String::new()
                        } else {
                            stop.to_string()
                        },
                    )
                } else {
                    (
                        if start == n - 1 {
                            String::new()
                        } else {
                            start.to_string()
                        },
                        if stop < 0 {
                            String::new()
                        } else {
                            stop.to_string()
                        },
                    )
                };
                let (start_s, stop_s) = if len == 0 {
                    ("0".to_string(), "0".to_string())
                } else {
                    (start_s, stop_s)
                };
                if step == 1 {
                    format!("{start_s}:{stop_s}")
                } else {
                    format!("{start_s}:{stop_s}:{step}")
                }
            }
        }
    }
}

impl Graph {
    /// Adds a node whose dtype and shape come from [`infer`]; when inference fails, the node
    /// keeps the given fallback type, and the error is recorded against it.
    fn add_inferred(&mut self, op: Op, args: Args, fallback: (DType, Shape)) -> NodeId {
        let mut node = Node {
            op,
            dtype: fallback.0,
            shape: fallback.1,
            args,
        };
        match infer(self, &node) {
            Ok((dtype, shape)) => {
                node.dtype = dtype;
                node.shape = shape;
                self.intern(node)
            }
            Err(message) => {
                let id = self.intern(node);
                self.record_error(id, message);
                id
            }
        }
    }

    fn fallback(&self, id: NodeId) -> (DType, Shape) {
        let n = self.node(id);
        (n.dtype, n.shape.clone())
    }

    /// Turns builder operands into nodes: weak literals become constants of the dtype NEP 50
    /// gives them next to the node operands (`context` picks which operands count).
    fn resolve_args(&mut self, args: &[Arg], comparison: bool) -> (Args, Option<String>) {
        let strong: SmallVec<[DType; 3]> = args
            .iter()
            .filter_map(|a| match a {
                Arg::Node(id) => Some(self.node(*id).dtype),
                Arg::Weak(_) => None,
            })
            .collect();
        let mut error = None;
        let ids = args
            .iter()
            .map(|a| match *a {
                Arg::Node(id) => id,
                Arg::Weak(v) => {
                    let mut dtype = weak_dtype(&strong, v);
                    if let Lit::Int(i) = v
                        && dtype.is_integer()
                        && !v.fits(dtype)
                    {
                        // NumPy compares out-of-range Python integers exactly; elsewhere they
                        // are an error (NEP 50).
                        if !comparison {
                            error = Some(format!(
                                "Python integer {i} out of bounds for {}",
                                dtype.name()
                            ));
                        }
                        dtype = if i < 0 || i <= i128::from(i64::MAX) {
                            DType::I64
                        } else {
                            DType::U64
                        };
                        if !v.fits(dtype) {
                            error = Some(format!("integer {i} does not fit in 64 bits"));
                            return self.constant(Lit::Int(0), DType::I64);
                        }
                    }
                    self.constant(v, dtype)
                }
            })
            .collect();
        (ids, error)
    }

    fn add_with_args(&mut self, op: Op, args: &[Arg], comparison: bool) -> NodeId {
        let (ids, error) = self.resolve_args(args, comparison);
        let fallback = self.fallback(ids[0]);
        let id = self.add_inferred(op, ids, fallback);
        if let Some(e) = error {
            self.record_error(id, e);
        }
        id
    }

    /// A two-input ufunc (`add`, `less`, ...) with NumPy's broadcasting and type resolution.
    pub fn binary(&mut self, op: BinaryOp, a: impl Into<Arg>, b: impl Into<Arg>) -> NodeId {
        let cmp = op.is_predicate();
        self.add_with_args(Op::Binary(op), &[a.into(), b.into()], cmp)
    }

    /// A one-input ufunc (`sqrt`, `negative`, ...).
    pub fn unary(&mut self, op: UnaryOp, x: NodeId) -> NodeId {
        let fallback = self.fallback(x);
        self.add_inferred(Op::Unary(op), smallvec::smallvec![x], fallback)
    }

    /// `np.where(cond, x, y)`: `cond` must be bool; the branches promote together.
    pub fn select(&mut self, cond: NodeId, x: impl Into<Arg>, y: impl Into<Arg>) -> NodeId {
        self.add_with_args(Op::Select, &[Arg::Node(cond), x.into(), y.into()], false)
    }

    /// Conversion to `dtype` (`astype`).
    pub fn cast(&mut self, x: NodeId, dtype: DType) -> NodeId {
        let shape = self.node(x).shape.clone();
        self.add_inferred(Op::Cast, smallvec::smallvec![x], (dtype, shape))
    }

    /// A reduction over `axes` (negative axes count from the end; `None` reduces all).
    pub fn reduce(
        &mut self,
        op: ReduceOp,
        x: NodeId,
        axes: Option<&[isize]>,
        keepdims: bool,
    ) -> NodeId {
        let rank = self.node(x).shape.rank();
        let (axes, error) = normalize_axes(axes, rank);
        let fallback = self.fallback(x);
        let id = self.add_inferred(
            Op::Reduce { op, axes, keepdims },
            smallvec::smallvec![x],
            fallback,
        );
        if let Some(e) = error {
            self.record_error(id, e);
        }
        id
    }

    /// A scan along `axis` (negative counts from the end).
    pub fn scan(&mut self, op: ScanOp, x: NodeId, axis: isize) -> NodeId {
        let rank = self.node(x).shape.rank();
        let (axes, error) = normalize_axes(Some(&[axis]), rank);
        let axis = axes.first().copied().unwrap_or(0);
        let fallback = self.fallback(x);
        let id = self.add_inferred(Op::Scan { op, axis }, smallvec::smallvec![x], fallback);
        if let Some(e) = error {
            self.record_error(id, e);
        }
        id
    }

    /// `np.transpose(x, perm)`.
    pub fn permute(&mut self, x: NodeId, perm: &[usize]) -> NodeId {
        let fallback = self.fallback(x);
        self.add_inferred(Op::Permute(perm.into()), smallvec::smallvec![x], fallback)
    }

    /// `x.T`: the axes reversed.
    pub fn transpose(&mut self, x: NodeId) -> NodeId {
        let perm: Axes = (0..self.node(x).shape.rank()).rev().collect();
        self.permute(x, &perm)
    }

    /// Basic slicing with one normalised entry per axis (see [`SliceAxis::from_python`]).
    /// An entry that takes a whole fixed axis in order becomes [`SliceAxis::Full`]
    /// ([`SliceAxis::canonical`]), so one slice has one node and one spelling.
    pub fn slice(&mut self, x: NodeId, spec: &[SliceAxis]) -> NodeId {
        let fallback = self.fallback(x);
        let dims = &fallback.1;
        let spec = spec
            .iter()
            .enumerate()
            .map(|(k, s)| match dims.dims().get(k) {
                Some(&Dim::Fixed(n)) => s.canonical(n),
                _ => *s,
            })
            .collect();
        self.add_inferred(Op::Slice(spec), smallvec::smallvec![x], fallback)
    }

    /// `np.broadcast_to(x, shape)`.
    pub fn broadcast_to(&mut self, x: NodeId, shape: Shape) -> NodeId {
        let dtype = self.node(x).dtype;
        self.add_inferred(Op::Broadcast, smallvec::smallvec![x], (dtype, shape))
    }

    /// Inserts length-1 axes at the given result positions (sorted, distinct).
    pub fn expand_dims(&mut self, x: NodeId, axes: &[usize]) -> NodeId {
        let fallback = self.fallback(x);
        self.add_inferred(
            Op::ExpandDims(axes.into()),
            smallvec::smallvec![x],
            fallback,
        )
    }

    /// Removes the given length-1 axes (sorted, distinct).
    pub fn squeeze(&mut self, x: NodeId, axes: &[usize]) -> NodeId {
        let fallback = self.fallback(x);
        self.add_inferred(Op::Squeeze(axes.into()), smallvec::smallvec![x], fallback)
    }

    /// C-order reshape to `shape` (same number of elements).
    pub fn reshape(&mut self, x: NodeId, shape: Shape) -> NodeId {
        let dtype = self.node(x).dtype;
        self.add_inferred(Op::Reshape, smallvec::smallvec![x], (dtype, shape))
    }

    /// A library call (`matmul`).
    pub fn call(&mut self, f: LibCall, args: &[NodeId]) -> NodeId {
        let fallback = args
            .first()
            .map_or((DType::F64, Shape::scalar()), |&a| self.fallback(a));
        self.add_inferred(Op::Call(f), args.into(), fallback)
    }
}

/// Normalised reduction axes: negative ones from the end, sorted, distinct; `None` is all.
fn normalize_axes(axes: Option<&[isize]>, rank: usize) -> (Axes, Option<String>) {
    let Some(axes) = axes else {
        return ((0..rank).collect(), None);
    };
    let mut out = Axes::new();
    for &a in axes {
        let n = if a < 0 { a + rank as isize } else { a };
        if n < 0 || n as usize >= rank {
            return (
                Axes::new(),
                Some(format!(
                    "axis {a} is out of bounds for array of dimension {rank}"
                )),
            );
        }
        if out.contains(&(n as usize)) {
            return (Axes::new(), Some("duplicate value in 'axis'".to_string()));
        }
        out.push(n as usize);
    }
    out.sort_unstable();
    (out, None)
}

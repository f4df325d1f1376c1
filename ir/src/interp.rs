//! The reference interpreter: evaluates a [`Graph`] on small concrete inputs, element by
//! element, through [`eval`](crate::eval)'s scalar semantics. It is the oracle of the property tests (a graph
//! and its optimised form must give the same values) and of the filetests' expectations.
//!
//! It is written to be obviously correct, not fast: every value is a dense C-order array of
//! [`Lit`]s, every view is a gather, every reduction a plain loop.
//!
//! Semantics, and where they knowingly differ from the eager library:
//!
//! 1. Symbolic axis lengths are bound from the inputs' actual shapes; an input whose dtype,
//!    rank, fixed lengths or symbol bindings disagree with the signature is an error.
//! 2. Elementwise ops broadcast, convert operands to the loop dtype and apply
//!    [`apply_unary`]/[`apply_binary`] (the eager loop's value; floating-point conditions are
//!    ignored, as under `np.errstate(all="ignore")`). An integer to a negative power is an error,
//!    as in NumPy.
//! 3. Reductions and scans accumulate in the result dtype (`sum` of `i8` in `i64`, `mean` of
//!    integers in `f64`, of `f32` in `f32`), strictly left to right over the reduced elements in
//!    C order. NumPy sums floats pairwise, so a float `sum`/`mean`/`prod` can differ from NumPy's
//!    in the last bits; the property tests compare the interpreter with itself (before and
//!    after the passes), where the order is the same, and compare reductions under non-strict
//!    policies with a tolerance.
//! 4. `min`/`max`/`cummax`/`cummin` propagate NaN; `argmin`/`argmax` return the first occurrence
//!    of the extremum, and the first NaN if there is one. Empty `min`, `max`, `argmin`, `argmax`
//!    are errors; empty `sum` is 0, `prod` 1, `mean` NaN, `any` false, `all` true.
//! 5. `matmul` sums `a[i, k] * b[k, j]` from `k = 0` upward, starting from 0, in the loop dtype
//!    (NumPy's BLAS path may order float sums differently).

use crate::dtype::DType;
use crate::eval::{apply_binary, apply_cast, apply_unary};
use crate::graph::{Graph, Node, NodeId};
use crate::op::{BinaryOp, LibCall, Lit, Loop, Op, ReduceOp, ScanOp, SliceAxis};
use crate::shape::{Dim, Shape, broadcast_shapes};
use std::collections::HashMap;

/// A dense array in C order: the interpreter's inputs and results.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Value {
    /// The element type; every element is a value of it.
    pub dtype: DType,
    /// Axis lengths.
    pub shape: Vec<usize>,
    /// The elements in C order (`shape`'s product of them).
    pub data: Vec<Lit>,
}

impl Value {
    /// An array of `dtype` and `shape` holding `data` converted to `dtype` (as `astype` does).
    ///
    /// # Errors
    /// When `data` does not have `shape`'s number of elements.
    pub fn new(dtype: DType, shape: &[usize], data: Vec<Lit>) -> Result<Value, String> {
        let size: usize = shape.iter().product();
        if size != data.len() {
            return Err(format!(
                "{} elements for shape {shape:?} ({size} elements)",
                data.len()
            ));
        }
        let data = data.into_iter().map(|x| convert(x, dtype)).collect();
        Ok(Value {
            dtype,
            shape: shape.to_vec(),
            data,
        })
    }

    /// An `f64` array.
    ///
    /// # Errors
    /// As [`Value::new`].
    pub fn f64(shape: &[usize], data: &[f64]) -> Result<Value, String> {
        Value::new(
            DType::F64,
            shape,
            data.iter().map(|&x| Lit::float(x)).collect(),
        )
    }

    /// An `i64` array.
    ///
    /// # Errors
    /// As [`Value::new`].
    pub fn i64(shape: &[usize], data: &[i64]) -> Result<Value, String> {
        Value::new(
            DType::I64,
            shape,
            data.iter().map(|&x| Lit::Int(x.into())).collect(),
        )
    }

    /// A 0-d array.
    pub fn scalar(x: Lit, dtype: DType) -> Value {
        Value {
            dtype,
            shape: Vec::new(),
            data: vec![convert(x, dtype)],
        }
    }

    /// The number of elements.
    pub fn len(&self) -> usize {
        self.data.len()
    }

    /// True when the array has no elements.
    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
    }
}

/// `x` as a value of `dtype` (eager `astype`; conditions ignored).
fn convert(x: Lit, dtype: DType) -> Lit {
    apply_cast(x, dtype).value
}

/// Evaluates `graph` on `inputs` (one per graph input, in signature order) and returns its
/// outputs, in `return` order.
///
/// ```
/// use numfuse_ir::{BinaryOp, DType, Graph, interp::{self, Value}, shape::{Dim, Shape}};
/// let mut g = Graph::new("axpy");
/// let a = g.input("a", DType::F64, Shape::from([Dim::from("n")]));
/// let y = g.binary(BinaryOp::Multiply, a, 2.0);
/// let y = g.binary(BinaryOp::Add, y, 1.0);
/// g.set_outputs(&[y]);
/// let out = interp::run(&g, &[Value::f64(&[3], &[0.0, 1.0, 2.5])?])?;
/// assert_eq!(out[0], Value::f64(&[3], &[1.0, 3.0, 6.0])?);
/// # Ok::<(), String>(())
/// ```
///
/// # Errors
/// A message when the graph does not verify, the inputs do not fit the signature, or
/// evaluation fails as NumPy would fail (an integer to a negative power, an empty `max`).
pub fn run(graph: &Graph, inputs: &[Value]) -> Result<Vec<Value>, String> {
    // Every index the interpreter computes is in range for a graph that verifies.
    crate::verify::verify(graph).map_err(|e| format!("the graph does not verify: {e}"))?;
    let syms = bind(graph, inputs)?;
    let mut values: HashMap<NodeId, Value> = HashMap::new();
    for id in graph.topo_order() {
        let node = graph.node(id);
        let args: Vec<&Value> = node.args.iter().map(|a| &values[a]).collect();
        let shape = concrete(&node.shape, &syms)?;
        let v = node_value(graph, node, &args, inputs, &shape)
            .map_err(|e| format!("{id} ({}): {e}", node.op.mnemonic()))?;
        if v.shape != shape || v.dtype != node.dtype {
            return Err(format!(
                "{id} ({}): computed {}{:?}, declared {}{shape:?}",
                node.op.mnemonic(),
                v.dtype,
                v.shape,
                node.dtype
            ));
        }
        values.insert(id, v);
    }
    Ok(graph.outputs().iter().map(|o| values[o].clone()).collect())
}

/// Binds every symbol of the signature to the length it has in the inputs.
fn bind(graph: &Graph, inputs: &[Value]) -> Result<HashMap<String, usize>, String> {
    if inputs.len() != graph.inputs().len() {
        return Err(format!(
            "{} inputs for a signature of {}",
            inputs.len(),
            graph.inputs().len()
        ));
    }
    let mut syms = HashMap::new();
    for (inp, v) in graph.inputs().iter().zip(inputs) {
        let n = graph.node(inp.node);
        let fits = n.dtype == v.dtype
            && n.shape.rank() == v.shape.len()
            && v.data.len() == v.shape.iter().product::<usize>();
        if !fits {
            return Err(format!(
                "input {}: expected {}{}, got {}{:?}",
                inp.name, n.dtype, n.shape, v.dtype, v.shape
            ));
        }
        for (d, &len) in n.shape.dims().iter().zip(&v.shape) {
            let ok = match d {
                Dim::Fixed(k) => *k == len,
                Dim::Sym(s) => *syms.entry(s.as_str().to_string()).or_insert(len) == len,
            };
            if !ok {
                return Err(format!(
                    "input {}: shape {:?} does not fit {}",
                    inp.name, v.shape, n.shape
                ));
            }
        }
    }
    Ok(syms)
}

fn concrete(shape: &Shape, syms: &HashMap<String, usize>) -> Result<Vec<usize>, String> {
    shape
        .dims()
        .iter()
        .map(|d| match d {
            Dim::Fixed(n) => Ok(*n),
            Dim::Sym(s) => syms
                .get(s.as_str())
                .copied()
                .ok_or_else(|| format!("symbol {s} is not bound by the inputs")),
        })
        .collect()
}

/// C-order strides, in elements.
fn c_strides(shape: &[usize]) -> Vec<isize> {
    let mut s = vec![0isize; shape.len()];
    let mut acc = 1isize;
    for i in (0..shape.len()).rev() {
        s[i] = acc;
        acc *= shape[i].max(1) as isize;
    }
    s
}

/// Every multi-index of `shape`, in C order.
fn indices(shape: &[usize]) -> impl Iterator<Item = Vec<usize>> + '_ {
    let size: usize = shape.iter().product();
    (0..size).map(move |mut flat| {
        let mut idx = vec![0; shape.len()];
        for i in (0..shape.len()).rev() {
            idx[i] = flat % shape[i];
            flat /= shape[i];
        }
        idx
    })
}

/// The array of `shape` whose element at index `i` is `v.data[offset + sum(i * strides)]`.
fn gather(v: &Value, shape: &[usize], strides: &[isize], offset: isize) -> Value {
    let data = indices(shape)
        .map(|idx| {
            let at = idx
                .iter()
                .zip(strides)
                .fold(offset, |acc, (&i, &s)| acc + i as isize * s);
            v.data[at as usize]
        })
        .collect();
    Value {
        dtype: v.dtype,
        shape: shape.to_vec(),
        data,
    }
}

/// `v` broadcast to `shape` (which it must broadcast to).
fn broadcast(v: &Value, shape: &[usize]) -> Result<Value, String> {
    let lead = shape
        .len()
        .checked_sub(v.shape.len())
        .ok_or("cannot broadcast to a lower rank")?;
    let own = c_strides(&v.shape);
    let mut strides = vec![0isize; shape.len()];
    for (i, &len) in v.shape.iter().enumerate() {
        if len == shape[lead + i] {
            strides[lead + i] = own[i];
        } else if len != 1 {
            return Err(format!("cannot broadcast {:?} to {shape:?}", v.shape));
        }
    }
    Ok(gather(v, shape, &strides, 0))
}

fn broadcast_all(args: &[&Value]) -> Result<(Vec<usize>, Vec<Value>), String> {
    let shapes: Vec<&[usize]> = args.iter().map(|a| a.shape.as_slice()).collect();
    let shape = broadcast_shapes(&shapes)
        .map_err(|_| format!("shapes {shapes:?} do not broadcast"))?
        .to_vec();
    let vals = args
        .iter()
        .map(|a| broadcast(a, &shape))
        .collect::<Result<_, _>>()?;
    Ok((shape, vals))
}

fn elementwise(
    dtype: DType,
    shape: Vec<usize>,
    n: usize,
    mut f: impl FnMut(usize) -> Result<Lit, String>,
) -> Result<Value, String> {
    let data = (0..n).map(&mut f).collect::<Result<_, _>>()?;
    Ok(Value { dtype, shape, data })
}

fn node_value(
    g: &Graph,
    node: &Node,
    args: &[&Value],
    inputs: &[Value],
    shape: &[usize],
) -> Result<Value, String> {
    let same_data = |data: Vec<Lit>| Value {
        dtype: node.dtype,
        shape: shape.to_vec(),
        data,
    };
    let dtype_of = |i: usize| g.node(node.args[i]).dtype;
    match &node.op {
        Op::Input(i) => inputs
            .get(*i as usize)
            .cloned()
            .ok_or_else(|| format!("no input number {i}")),
        Op::Const(v) => Ok(Value::scalar(*v, node.dtype)),
        Op::Unary(op) => {
            let l = op.resolve(dtype_of(0).into()).map_err(|e| e.to_string())?;
            let x = args[0];
            elementwise(l.output, x.shape.clone(), x.len(), |i| {
                Ok(apply_unary(*op, x.data[i], l).map_err(|e| e.0)?.value)
            })
        }
        Op::Binary(op) => {
            let l = op
                .resolve(dtype_of(0).into(), dtype_of(1).into())
                .map_err(|e| e.to_string())?;
            let (out, v) = broadcast_all(args)?;
            let n = v[0].len();
            elementwise(l.output, out, n, |i| {
                Ok(apply_binary(*op, v[0].data[i], v[1].data[i], l)
                    .map_err(|e| e.0)?
                    .value)
            })
        }
        Op::Select => {
            let (out, v) = broadcast_all(args)?;
            let n = v[0].len();
            elementwise(node.dtype, out, n, |i| {
                let pick = if v[0].data[i] == Lit::Bool(true) {
                    v[1].data[i]
                } else {
                    v[2].data[i]
                };
                Ok(convert(pick, node.dtype))
            })
        }
        Op::Cast => Ok(same_data(
            args[0]
                .data
                .iter()
                .map(|&x| convert(x, node.dtype))
                .collect(),
        )),
        Op::Reduce { op, axes, keepdims } => reduce(*op, args[0], axes, *keepdims, node.dtype),
        Op::Scan { op, axis } => scan(*op, args[0], *axis, node.dtype),
        Op::Permute(perm) => {
            let own = c_strides(&args[0].shape);
            let strides: Vec<isize> = perm.iter().map(|&p| own[p]).collect();
            Ok(gather(args[0], shape, &strides, 0))
        }
        Op::Slice(spec) => {
            let own = c_strides(&args[0].shape);
            let (mut strides, mut offset) = (Vec::new(), 0isize);
            for (s, &st) in spec.iter().zip(&own) {
                match *s {
                    SliceAxis::Full => strides.push(st),
                    SliceAxis::Range { start, step, .. } => {
                        offset += start as isize * st;
                        strides.push(step * st);
                    }
                }
            }
            Ok(gather(args[0], shape, &strides, offset))
        }
        Op::Broadcast => broadcast(args[0], shape),
        Op::ExpandDims(_) | Op::Squeeze(_) | Op::Reshape => {
            if shape.iter().product::<usize>() != args[0].len() {
                return Err(format!("cannot reshape {:?} into {shape:?}", args[0].shape));
            }
            Ok(same_data(args[0].data.clone()))
        }
        Op::Call(LibCall::Matmul) => matmul(args[0], args[1], node.dtype),
    }
}

/// Applies a two-input op in one dtype, ignoring conditions.
fn step(op: BinaryOp, a: Lit, b: Lit, t: DType) -> Result<Lit, String> {
    let l = Loop {
        input: t,
        output: t,
    };
    Ok(apply_binary(op, a, b, l).map_err(|e| e.0)?.value)
}

fn truthy(x: Lit) -> bool {
    convert(x, DType::Bool) == Lit::Bool(true)
}

fn reduce(
    op: ReduceOp,
    x: &Value,
    axes: &[usize],
    keepdims: bool,
    dtype: DType,
) -> Result<Value, String> {
    let kept: Vec<usize> = (0..x.shape.len()).filter(|a| !axes.contains(a)).collect();
    let out_shape: Vec<usize> = kept.iter().map(|&a| x.shape[a]).collect();
    let n_out: usize = out_shape.iter().product();
    let mut groups: Vec<Vec<(usize, Lit)>> = vec![Vec::new(); n_out];
    let out_strides = c_strides(&out_shape);
    let red_shape: Vec<usize> = axes.iter().map(|&a| x.shape[a]).collect();
    let red_strides = c_strides(&red_shape);
    for (flat, idx) in indices(&x.shape).enumerate() {
        let o: isize = kept
            .iter()
            .zip(&out_strides)
            .map(|(&a, &s)| idx[a] as isize * s)
            .sum();
        let r: isize = axes
            .iter()
            .zip(&red_strides)
            .map(|(&a, &s)| idx[a] as isize * s)
            .sum();
        groups[o as usize].push((r as usize, x.data[flat]));
    }
    let data = groups
        .iter()
        .map(|g| reduce_group(op, g, x.dtype, dtype))
        .collect::<Result<_, _>>()?;
    let shape = if keepdims {
        (0..x.shape.len())
            .map(|a| if axes.contains(&a) { 1 } else { x.shape[a] })
            .collect()
    } else {
        out_shape
    };
    Ok(Value { dtype, shape, data })
}

/// One reduction over `(position among the reduced elements, value)` pairs, in C order.
fn reduce_group(op: ReduceOp, g: &[(usize, Lit)], t: DType, out: DType) -> Result<Lit, String> {
    let fold = |bop: BinaryOp, init: Lit| {
        g.iter().try_fold(convert(init, out), |acc, &(_, x)| {
            step(bop, acc, convert(x, out), out)
        })
    };
    match op {
        ReduceOp::Sum => fold(BinaryOp::Add, Lit::Int(0)),
        ReduceOp::Prod => fold(BinaryOp::Multiply, Lit::Int(1)),
        ReduceOp::Mean => {
            let s = fold(BinaryOp::Add, Lit::Int(0))?;
            step(
                BinaryOp::TrueDivide,
                s,
                convert(Lit::Int(g.len() as i128), out),
                out,
            )
        }
        ReduceOp::Any => Ok(Lit::Bool(g.iter().any(|&(_, x)| truthy(x)))),
        ReduceOp::All => Ok(Lit::Bool(g.iter().all(|&(_, x)| truthy(x)))),
        ReduceOp::Min | ReduceOp::Max | ReduceOp::Argmin | ReduceOp::Argmax => {
            let Some(&(_, first)) = g.first() else {
                return Err(format!(
                    "zero-size array to reduction operation {op} which has no identity"
                ));
            };
            if matches!(op, ReduceOp::Min | ReduceOp::Max) {
                let bop = if op == ReduceOp::Max {
                    BinaryOp::Maximum
                } else {
                    BinaryOp::Minimum
                };
                return g[1..]
                    .iter()
                    .try_fold(first, |acc, &(_, x)| step(bop, acc, x, t));
            }
            let better = if op == ReduceOp::Argmax {
                BinaryOp::Greater
            } else {
                BinaryOp::Less
            };
            let is_nan = |x: Lit| matches!(x, Lit::Float(f) if f.get().is_nan());
            let mut best = g[0];
            for &(i, x) in &g[1..] {
                if is_nan(best.1) {
                    break;
                }
                if is_nan(x) || step(better, x, best.1, t)? == Lit::Bool(true) {
                    best = (i, x);
                }
            }
            Ok(Lit::Int(best.0 as i128))
        }
    }
}

fn scan(op: ScanOp, x: &Value, axis: usize, dtype: DType) -> Result<Value, String> {
    let strides = c_strides(&x.shape);
    let len = x.shape[axis];
    let stride = strides[axis] as usize;
    let (bop, init) = match op {
        ScanOp::Cumsum => (BinaryOp::Add, Some(Lit::Int(0))),
        ScanOp::Cumprod => (BinaryOp::Multiply, Some(Lit::Int(1))),
        ScanOp::Cummax => (BinaryOp::Maximum, None),
        ScanOp::Cummin => (BinaryOp::Minimum, None),
    };
    let mut data: Vec<Lit> = x.data.iter().map(|&v| convert(v, dtype)).collect();
    for (flat, idx) in indices(&x.shape).enumerate() {
        if idx.get(axis) != Some(&0) {
            continue;
        }
        let mut acc = init.map(|v| convert(v, dtype));
        for k in 0..len {
            let at = flat + k * stride;
            let next = match acc {
                Some(a) => step(bop, a, data[at], dtype)?,
                None => data[at],
            };
            data[at] = next;
            acc = Some(next);
        }
    }
    Ok(Value {
        dtype,
        shape: x.shape.clone(),
        data,
    })
}

fn matmul(a: &Value, b: &Value, dtype: DType) -> Result<Value, String> {
    let l = BinaryOp::Multiply
        .resolve(a.dtype.into(), b.dtype.into())
        .map_err(|e| e.to_string())?;
    let t = l.input;
    // Promote 1-d operands to matrices: [k] @ .. is [1, k]; .. @ [k] is [k, 1].
    let mut ash = a.shape.clone();
    let mut bsh = b.shape.clone();
    if ash.len() == 1 {
        ash.insert(0, 1);
    }
    if bsh.len() == 1 {
        bsh.push(1);
    }
    let (ra, rb) = (ash.len(), bsh.len());
    let (n, k, m) = (ash[ra - 2], ash[ra - 1], bsh[rb - 1]);
    if bsh[rb - 2] != k {
        return Err(format!(
            "matmul: core dimensions {k} and {} differ",
            bsh[rb - 2]
        ));
    }
    let stack = broadcast_shapes(&[&ash[..ra - 2], &bsh[..rb - 2]])
        .map_err(|_| "matmul: stack axes do not broadcast".to_string())?
        .to_vec();
    let full = |sh: &[usize], r: usize| [stack.clone(), sh[r - 2..].to_vec()].concat();
    let av = Value {
        shape: ash.clone(),
        ..a.clone()
    };
    let bv = Value {
        shape: bsh.clone(),
        ..b.clone()
    };
    let (av, bv) = (
        broadcast(&av, &full(&ash, ra))?,
        broadcast(&bv, &full(&bsh, rb))?,
    );
    let batches: usize = stack.iter().product();
    let mut data = Vec::with_capacity(batches * n * m);
    for s in 0..batches {
        for i in 0..n {
            for j in 0..m {
                let mut acc = convert(Lit::Int(0), l.output);
                for p in 0..k {
                    let x = convert(av.data[s * n * k + i * k + p], t);
                    let y = convert(bv.data[s * k * m + p * m + j], t);
                    acc = step(BinaryOp::Add, acc, step(BinaryOp::Multiply, x, y, t)?, t)?;
                }
                data.push(acc);
            }
        }
    }
    let mut shape = stack;
    if a.shape.len() >= 2 {
        shape.push(n);
    }
    if b.shape.len() >= 2 {
        shape.push(m);
    }
    Ok(Value { dtype, shape, data })
}

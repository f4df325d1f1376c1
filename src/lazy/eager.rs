//! The eager graph evaluator: runs an [`ir::Graph`](crate::ir::Graph) node by node with the
//! eager library, one temporary per node, as a NumPy program would.
//!
//! It is the reference the lazy engine is tested against, the `Backend::Eager` path, and the
//! eager side of `compare()`. Each node calls the eager function of the same name, so a graph
//! as built computes exactly what the eager calls it mirrors compute.
//!
//! Invariants:
//! 1. Nodes run in arena order, which is topological; only nodes the outputs reach run.
//! 2. A value is dropped after its last use, so peak memory is what NumPy's would be.
//! 3. Constants are 0-d arrays of the node's dtype, which the IR already resolved (NEP 50), so
//!    passing them as strong operands gives the dtype the graph says.
//! 4. Results are fresh, C-contiguous and writable (a view result, such as a transpose of an
//!    input, is copied), like the JIT's outputs.

use crate::array::{Array, Order, Scalar};
use crate::index::SliceElem;
use crate::ir::op::ReduceOp;
use crate::ir::{BinaryOp, DType, Graph, LibCall, Lit, NodeId, Op, ScanOp, SliceAxis};
use crate::{Axes, Error, Result};
use std::time::{Duration, Instant};

/// What one node cost: its time and the bytes it read and wrote (views cost nothing).
#[derive(Clone, Debug, Default)]
pub(crate) struct NodeStat {
    /// The node's op, as printed (`multiply`).
    pub op: &'static str,
    pub time: Duration,
    pub read: u64,
    pub write: u64,
}

/// Per-node costs of one eager run, and the temporaries it made.
#[derive(Clone, Debug, Default)]
pub(crate) struct EagerStats {
    pub nodes: Vec<NodeStat>,
    /// Arrays allocated for values that are not graph outputs.
    pub temporaries: usize,
}

impl EagerStats {
    pub(crate) fn bytes(&self) -> u64 {
        self.nodes.iter().map(|n| n.read + n.write).sum()
    }
}

/// Evaluates `graph` with `inputs[i]` bound to input `i`; returns one array per output.
///
/// # Errors
/// Whatever the eager call of a node returns, or a mismatch between the inputs and the
/// signature.
pub(crate) fn run(
    graph: &Graph,
    inputs: &[Array],
    stats: Option<&mut EagerStats>,
) -> Result<Vec<Array>> {
    if inputs.len() != graph.inputs().len() {
        return Err(Error::Value {
            op: "eval",
            msg: format!(
                "{} arrays for the {} inputs of the graph",
                inputs.len(),
                graph.inputs().len()
            ),
        });
    }
    let order = graph.topo_order();
    let mut uses = graph.use_counts();
    let mut values: Vec<Option<Array>> = vec![None; graph.len()];
    let mut local = EagerStats::default();
    for id in order {
        let node = graph.node(id);
        let start = Instant::now();
        let value = {
            let arg = |k: usize| -> Result<&Array> {
                node.args
                    .get(k)
                    .and_then(|a| values[a.index()].as_ref())
                    .ok_or_else(|| internal("an operand was not computed"))
            };
            eval_node(graph, id, inputs, &arg)?
        };
        if !node.op.is_view() && !matches!(node.op, Op::Input(_) | Op::Const(_)) {
            let read = node
                .args
                .iter()
                .filter_map(|a| values[a.index()].as_ref())
                .map(|a| a.nbytes() as u64)
                .sum();
            local.nodes.push(NodeStat {
                op: node.op.mnemonic(),
                time: start.elapsed(),
                read,
                write: value.nbytes() as u64,
            });
            if !graph.outputs().contains(&id) {
                local.temporaries += 1;
            }
        }
        values[id.index()] = Some(value);
        for a in &node.args {
            let u = &mut uses[a.index()];
            *u = u.saturating_sub(1);
            if *u == 0 {
                values[a.index()] = None;
            }
        }
    }
    if let Some(s) = stats {
        *s = local;
    }
    graph
        .outputs()
        .iter()
        .map(|o| {
            let v = values[o.index()]
                .as_ref()
                .ok_or_else(|| internal("an output was not computed"))?;
            Ok(fresh(v))
        })
        .collect()
}

fn internal(msg: &str) -> Error {
    Error::Value {
        op: "eval",
        msg: format!("internal: {msg}"),
    }
}

/// `a` itself when it owns a C-contiguous writable buffer, else a C-order copy (invariant 4).
fn fresh(a: &Array) -> Array {
    let f = a.flags();
    if f.owndata && f.c_contiguous && f.writeable {
        a.clone()
    } else {
        a.copy_order(Order::C)
    }
}

/// A literal as a scalar of `dtype`.
pub(crate) fn scalar(v: Lit, dtype: DType) -> Scalar {
    let s = match v {
        Lit::Bool(b) => Scalar::from(b),
        Lit::Int(i) if i < 0 => Scalar::from(i as i64),
        Lit::Int(i) => Scalar::from(i as u64),
        Lit::Float(x) => Scalar::from(x.get()),
    };
    s.cast(dtype)
}

fn isize_of(v: &[usize]) -> Vec<isize> {
    v.iter().map(|&a| a as isize).collect()
}

/// A normalised slice entry as the `s![]` element that selects it.
fn slice_elem(s: SliceAxis) -> SliceElem {
    match s {
        SliceAxis::Full => SliceElem::Slice {
            start: None,
            stop: None,
            step: 1,
        },
        SliceAxis::Range { start, len, step } => {
            let stop = start as i128 + len as i128 * step as i128;
            let stop = if stop < 0 {
                None
            } else {
                Some(isize::try_from(stop).unwrap_or(isize::MAX))
            };
            SliceElem::Slice {
                start: Some(start as isize),
                stop: if len == 0 { Some(start as isize) } else { stop },
                step,
            }
        }
    }
}

fn eval_node<'a>(
    g: &Graph,
    id: NodeId,
    inputs: &[Array],
    arg: &dyn Fn(usize) -> Result<&'a Array>,
) -> Result<Array> {
    let node = g.node(id);
    let shape = super::dims(&node.shape);
    let out = match &node.op {
        Op::Input(i) => inputs
            .get(*i as usize)
            .cloned()
            .ok_or_else(|| internal("input out of range"))?,
        Op::Const(v) => Array::scalar(scalar(*v, node.dtype)),
        Op::Unary(op) => crate::ops::unary(*op, arg(0)?)?,
        Op::Binary(op) => crate::ops::binary(*op, arg(0)?, arg(1)?)?,
        Op::Select => crate::ops::where_(arg(0)?, arg(1)?, arg(2)?)?,
        Op::Cast => arg(0)?.astype(node.dtype),
        Op::Reduce { op, axes, keepdims } => {
            let x = arg(0)?;
            let list = isize_of(axes);
            let all = axes.len() == x.ndim();
            let spec = if matches!(op, ReduceOp::Argmin | ReduceOp::Argmax) && all {
                Axes::all()
            } else {
                Axes::list(&list)
            };
            crate::ops::reduction(*op, x, spec.with_keepdims(*keepdims))?
        }
        Op::Scan { op, axis } => {
            let x = arg(0)?;
            let a = Some(*axis as isize);
            match op {
                ScanOp::Cumsum => crate::ops::cumsum(x, a)?,
                ScanOp::Cumprod => crate::ops::cumprod(x, a)?,
                ScanOp::Cummax => crate::ops::accumulate(BinaryOp::Maximum, x, *axis as isize)?,
                ScanOp::Cummin => crate::ops::accumulate(BinaryOp::Minimum, x, *axis as isize)?,
            }
        }
        Op::Permute(perm) => arg(0)?.permute_axes(&isize_of(perm))?,
        Op::Slice(spec) => {
            let index: Vec<SliceElem> = spec.iter().map(|s| slice_elem(*s)).collect();
            arg(0)?.slice(&index)?
        }
        Op::Broadcast => arg(0)?.broadcast_to(&shape)?,
        Op::ExpandDims(axes) => {
            let mut x = arg(0)?.clone();
            for &a in axes.iter() {
                x = x.expand_dims(a as isize)?;
            }
            x
        }
        Op::Squeeze(axes) => arg(0)?.squeeze(Some(&isize_of(axes)))?,
        Op::Reshape => arg(0)?.reshape(&isize_of(&shape))?,
        Op::Call(LibCall::Matmul) => crate::linalg::matmul(arg(0)?, arg(1)?)?,
    };
    // The eager call and the graph agree on dtypes by construction (one type-resolution code);
    // a difference would be a bug, which a cast hides from users but tests catch in debug.
    debug_assert_eq!(
        out.dtype(),
        node.dtype,
        "{}",
        crate::ir::text::expr(g, id, 1)
    );
    debug_assert_eq!(
        out.shape(),
        &shape[..],
        "{}",
        crate::ir::text::expr(g, id, 1)
    );
    Ok(if out.dtype() == node.dtype {
        out
    } else {
        out.astype(node.dtype)
    })
}

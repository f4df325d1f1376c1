//! Building one kernel: the expression of its root node, inlined down to buffers and
//! constants, with views folded into the input maps.

use super::view;
use crate::dtype::DType;
use crate::graph::{Graph, NodeId};
use crate::kernel::{
    Affine, BufferId, Expr, IndexMap, Inst, Kernel, KernelId, KernelInput, KernelKind,
    KernelOutput, Param, Val, kernel_name,
};
use crate::op::{Lit, Op, ReduceOp, ScanOp};
use crate::shape::Shape;
use std::collections::HashMap;

/// Drops the terms on loop axes of length 1 (their index is always 0), so that equal
/// addressing gives equal maps.
pub(super) fn normalize(map: IndexMap, domain: &Shape) -> IndexMap {
    let unit = |a: usize| domain.dims().get(a).is_some_and(|d| d.is_one());
    IndexMap(
        map.0
            .iter()
            .map(|e| e.renamed(|a| (!unit(a)).then_some(a)))
            .collect(),
    )
}

/// The buffers of nodes: the one a node's readers read, the one its kernel writes.
pub(super) struct Buffers {
    /// Per arena index: the buffer later kernels read the node from (inputs and materialised
    /// nodes).
    pub read: Vec<Option<BufferId>>,
    /// Per arena index: the buffer the node's own kernel writes (materialised nodes).
    pub write: Vec<Option<BufferId>>,
    /// Per arena index: for a side output, the reduction whose kernel computes and stores it
    /// (into its `read` buffer).
    pub side: Vec<Option<NodeId>>,
}

/// The kernel being built.
struct Cx<'a> {
    g: &'a Graph,
    bufs: &'a Buffers,
    root: NodeId,
    domain: Shape,
    inputs: Vec<KernelInput>,
    args: Vec<Param>,
    body: Vec<Inst>,
    temps: Vec<DType>,
    values: HashMap<(NodeId, IndexMap), Val>,
    exprs: HashMap<(DType, Expr), Val>,
    /// Outputs after the root's (side outputs, stored where they are computed).
    side_outputs: Vec<KernelOutput>,
}

impl Cx<'_> {
    fn dtype(&self, v: Val) -> DType {
        match v {
            Val::Temp(t) => self.temps[t as usize],
            Val::Arg(c) => self.args[c as usize].dtype,
        }
    }

    /// `tN: dtype = expr`, or the temporary that already holds it.
    fn emit(&mut self, dtype: DType, expr: Expr) -> Val {
        let pure = !matches!(expr, Expr::Reduce(..) | Expr::Scan(..) | Expr::Call(..));
        if pure && let Some(&v) = self.exprs.get(&(dtype, expr.clone())) {
            return v;
        }
        let temp = self.temps.len() as u32;
        self.temps.push(dtype);
        self.body.push(Inst::Let {
            temp,
            dtype,
            expr: expr.clone(),
        });
        let v = Val::Temp(temp);
        if pure {
            self.exprs.insert((dtype, expr), v);
        }
        v
    }

    fn arg(&mut self, dtype: DType, value: Lit) -> Val {
        let p = Param { dtype, value };
        let k = match self.args.iter().position(|a| *a == p) {
            Some(k) => k,
            None => {
                self.args.push(p);
                self.args.len() - 1
            }
        };
        Val::Arg(k as u32)
    }

    fn input(&mut self, buffer: BufferId, shape: Shape, map: IndexMap, over: &Shape) -> u32 {
        let inp = KernelInput {
            buffer,
            shape,
            map: normalize(map, over),
        };
        // A library call's input k is its operand k, so its inputs are never shared.
        let call = matches!(self.g.node(self.root).op, Op::Call(_));
        let k = match self.inputs.iter().position(|i| *i == inp && !call) {
            Some(k) => k,
            None => {
                self.inputs.push(inp);
                self.inputs.len() - 1
            }
        };
        k as u32
    }

    fn load(&mut self, buffer: BufferId, shape: Shape, map: IndexMap, dtype: DType) -> Val {
        let domain = self.domain.clone();
        let k = self.input(buffer, shape, map, &domain);
        self.emit(dtype, Expr::Load(k))
    }

    fn convert(&mut self, v: Val, to: DType) -> Val {
        if self.dtype(v) == to {
            v
        } else {
            self.emit(to, Expr::Cast(v))
        }
    }

    /// The buffer a node is read from here, if it is not computed in this kernel.
    fn leaf(&self, id: NodeId) -> Option<BufferId> {
        let hosted = self.bufs.side[id.index()] == Some(self.root);
        if hosted || (id == self.root && !matches!(self.g.node(id).op, Op::Input(_))) {
            None
        } else {
            self.bufs.read[id.index()]
        }
    }

    /// The value of node `id` at the buffer index `map` (one affine expression per axis of
    /// the node).
    fn value(&mut self, id: NodeId, map: IndexMap) -> Result<Val, String> {
        if let Some(&v) = self.values.get(&(id, map.clone())) {
            return Ok(v);
        }
        let g = self.g;
        let node = g.node(id);
        let arg = |k: usize| g.node(node.args[k]);
        let v = if let Op::Const(c) = node.op {
            self.arg(node.dtype, c)
        } else if let Some(b) = self.leaf(id) {
            self.load(b, node.shape.clone(), map.clone(), node.dtype)
        } else {
            match &node.op {
                Op::Reshape if !view::reshape_is_affine(&arg(0).shape, &node.shape) => {
                    let b = self.leaf(node.args[0]).ok_or_else(|| {
                        format!("internal: {id} reshapes a value that has no buffer")
                    })?;
                    self.load(b, node.shape.clone(), map.clone(), node.dtype)
                }
                op if op.is_view() => {
                    let m = view::through(op, &arg(0).shape, &node.shape, &map)
                        .ok_or_else(|| format!("index arithmetic of {id} overflows"))?;
                    self.value(node.args[0], m)?
                }
                Op::Unary(u) => {
                    let l = u.resolve(arg(0).dtype.into()).map_err(|e| e.to_string())?;
                    let x = self.operand(node.args[0], &map)?;
                    let x = self.convert(x, l.input);
                    self.emit(node.dtype, Expr::Unary(*u, x))
                }
                Op::Binary(b) => {
                    let l = b
                        .resolve(arg(0).dtype.into(), arg(1).dtype.into())
                        .map_err(|e| e.to_string())?;
                    let x = self.operand(node.args[0], &map)?;
                    let y = self.operand(node.args[1], &map)?;
                    let (x, y) = (self.convert(x, l.input), self.convert(y, l.input));
                    self.emit(node.dtype, Expr::Binary(*b, x, y))
                }
                Op::Select => {
                    let c = self.operand(node.args[0], &map)?;
                    let x = self.operand(node.args[1], &map)?;
                    let y = self.operand(node.args[2], &map)?;
                    let (x, y) = (self.convert(x, node.dtype), self.convert(y, node.dtype));
                    self.emit(node.dtype, Expr::Select(c, x, y))
                }
                Op::Cast => {
                    let x = self.operand(node.args[0], &map)?;
                    self.convert(x, node.dtype)
                }
                op => {
                    return Err(format!(
                        "internal: {id} ({}) is inlined but has no buffer",
                        op.mnemonic()
                    ));
                }
            }
        };
        self.store_side(id, &map, v);
        self.values.insert((id, map), v);
        Ok(v)
    }

    /// Stores `v`, the value of `id` at `map`, when `id` is a side output of this kernel and
    /// `map` is the domain's own index (each element once; other maps only recompute it).
    fn store_side(&mut self, id: NodeId, map: &IndexMap, v: Val) {
        let Some(buffer) = self.bufs.read[id.index()] else {
            return;
        };
        let identity = normalize(IndexMap::identity(self.domain.rank()), &self.domain);
        let own = normalize(map.clone(), &self.domain) == identity;
        let stored = self.side_outputs.iter().any(|o| o.buffer == buffer);
        if self.bufs.side[id.index()] == Some(self.root) && own && !stored {
            self.side_outputs.push(KernelOutput {
                buffer,
                map: identity,
            });
            self.body.push(Inst::Store {
                output: self.side_outputs.len() as u32,
                value: v,
            });
        }
    }

    /// The value of an elementwise op's operand, broadcast to the op's index.
    fn operand(&mut self, x: NodeId, map: &IndexMap) -> Result<Val, String> {
        let m = view::broadcast(&self.g.node(x).shape, map);
        self.value(x, m)
    }

    /// A library call's operand as an input addressed over the operand's own shape.
    fn call_operand(&mut self, a: NodeId) -> Result<u32, String> {
        let g = self.g;
        let over = g.node(a).shape.clone();
        let (mut id, mut map) = (a, IndexMap::identity(over.rank()));
        loop {
            let node = g.node(id);
            if let Some(b) = self.bufs.read[id.index()] {
                return Ok(self.input(b, node.shape.clone(), map, &over));
            }
            let x = node.args.first().copied();
            match (&node.op, x) {
                (Op::Reshape, Some(x))
                    if !view::reshape_is_affine(&g.node(x).shape, &node.shape) =>
                {
                    let b = self.bufs.read[x.index()]
                        .ok_or_else(|| format!("internal: {id} reshapes a value with no buffer"))?;
                    return Ok(self.input(b, node.shape.clone(), map, &over));
                }
                (op, Some(x)) if op.is_view() => {
                    map = view::through(op, &g.node(x).shape, &node.shape, &map)
                        .ok_or_else(|| format!("index arithmetic of {id} overflows"))?;
                    id = x;
                }
                _ => return Err(format!("internal: call operand {a} has no buffer")),
            }
        }
    }
}

/// The accumulator dtype a reduction folds in (NumPy's: `sum` of `i32` accumulates in `i64`).
fn reduce_input(op: ReduceOp, x: DType, out: DType) -> DType {
    match op {
        ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Mean => out,
        ReduceOp::Any | ReduceOp::All => DType::Bool,
        ReduceOp::Min | ReduceOp::Max | ReduceOp::Argmin | ReduceOp::Argmax => x,
    }
}

/// The kernel that computes `root` into its buffer.
pub(super) fn kernel(g: &Graph, bufs: &Buffers, root: NodeId) -> Result<Kernel, String> {
    let node = g.node(root);
    let out = bufs.write[root.index()].ok_or_else(|| format!("internal: {root} has no buffer"))?;
    let (kind, domain) = match &node.op {
        Op::Reduce { axes, keepdims, .. } => (
            KernelKind::Reduce {
                axes: axes.clone(),
                keepdims: *keepdims,
            },
            g.node(node.args[0]).shape.clone(),
        ),
        Op::Scan { axis, .. } => (
            KernelKind::Scan { axis: *axis },
            g.node(node.args[0]).shape.clone(),
        ),
        Op::Call(f) => (
            KernelKind::Call {
                f: *f,
                operands: node.args.iter().map(|a| g.node(*a).shape.clone()).collect(),
            },
            node.shape.clone(),
        ),
        _ => (KernelKind::Elementwise, node.shape.clone()),
    };
    let mut cx = Cx {
        g,
        bufs,
        root,
        domain: domain.clone(),
        inputs: Vec::new(),
        args: Vec::new(),
        body: Vec::new(),
        temps: Vec::new(),
        values: HashMap::new(),
        exprs: HashMap::new(),
        side_outputs: Vec::new(),
    };
    let id = IndexMap::identity(domain.rank());
    let mut out_map = id.clone();
    let result = match &node.op {
        Op::Reduce { op, axes, keepdims } => {
            let x = node.args[0];
            let v = cx.value(x, id.clone())?;
            let v = cx.convert(v, reduce_input(*op, g.node(x).dtype, node.dtype));
            let kept = (0..domain.rank()).filter(|a| !axes.contains(a));
            out_map = if *keepdims {
                IndexMap(
                    (0..domain.rank())
                        .map(|a| match axes.contains(&a) {
                            true => Affine::constant(0),
                            false => Affine::axis(a),
                        })
                        .collect(),
                )
            } else {
                IndexMap(kept.map(Affine::axis).collect())
            };
            cx.emit(node.dtype, Expr::Reduce(*op, v))
        }
        Op::Scan { op, .. } => {
            let v = cx.value(node.args[0], id.clone())?;
            let acc = match op {
                ScanOp::Cumsum | ScanOp::Cumprod => node.dtype,
                ScanOp::Cummax | ScanOp::Cummin => g.node(node.args[0]).dtype,
            };
            let v = cx.convert(v, acc);
            cx.emit(node.dtype, Expr::Scan(*op, v))
        }
        Op::Call(f) => {
            let ins = node
                .args
                .iter()
                .map(|&a| cx.call_operand(a))
                .collect::<Result<Vec<u32>, String>>()?;
            cx.emit(node.dtype, Expr::Call(*f, ins))
        }
        _ => {
            let v = cx.value(root, id.clone())?;
            cx.convert(v, node.dtype)
        }
    };
    cx.body.push(Inst::Store {
        output: 0,
        value: result,
    });
    let name = kernel_name(&kind, &domain);
    Ok(Kernel {
        id: KernelId(0),
        name,
        kind,
        domain: domain.clone(),
        inputs: cx.inputs,
        outputs: std::iter::once(KernelOutput {
            buffer: out,
            map: normalize(out_map, &domain),
        })
        .chain(cx.side_outputs)
        .collect(),
        args: cx.args,
        body: cx.body,
    })
}

//! A kernel interpreter: runs a [`KernelGraph`] kernel by kernel on dense values, with the
//! reference interpreter's scalar semantics and fold order, so that its outputs can be compared
//! bit for bit with `interp::run` on the graph that was fused (`tests/fusion.rs`), and later
//! with the JIT's.
//!
//! It also checks the invariants of `numfuse_ir::kernel`: every index map stays in bounds, a
//! kernel reads only inputs and elements earlier kernels wrote, and every temporary and output
//! element is written.

use numfuse_ir::eval::{apply_binary, apply_cast, apply_unary};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::kernel::{BufferKind, Expr, IndexMap, Inst, Kernel, KernelGraph, KernelKind, Val};
use numfuse_ir::op::{LibCall, Lit, Loop};
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, ScanOp};
use std::collections::HashMap;

/// The buffers while the kernels run: values and which elements have been written.
struct Mem {
    values: Vec<Value>,
    written: Vec<Vec<bool>>,
}

fn dims(s: &Shape, syms: &HashMap<String, usize>) -> Result<Vec<usize>, String> {
    s.dims()
        .iter()
        .map(|d| match d {
            Dim::Fixed(n) => Ok(*n),
            Dim::Sym(s) => syms.get(s.as_str()).copied().ok_or(format!("unbound {s}")),
        })
        .collect()
}

fn indices(shape: &[usize]) -> Vec<Vec<usize>> {
    let size: usize = shape.iter().product();
    (0..size)
        .map(|mut flat| {
            let mut idx = vec![0; shape.len()];
            for i in (0..shape.len()).rev() {
                idx[i] = flat % shape[i];
                flat /= shape[i];
            }
            idx
        })
        .collect()
}

/// The C-order flat offset of `map` at loop index `idx` into a buffer read as `shape`.
fn offset(map: &IndexMap, idx: &[usize], shape: &[usize]) -> Result<usize, String> {
    let mut flat = 0usize;
    for (e, &len) in map.0.iter().zip(shape) {
        let v = e
            .terms
            .iter()
            .fold(e.offset, |acc, &(a, c)| acc + c * idx[a] as i64);
        if v < 0 || v as usize >= len {
            return Err(format!("index {v} out of 0..{len} (map {map} at {idx:?})"));
        }
        flat = flat * len + v as usize;
    }
    Ok(flat)
}

fn step(op: BinaryOp, a: Lit, b: Lit, t: DType) -> Result<Lit, String> {
    let l = Loop {
        input: t,
        output: t,
    };
    Ok(apply_binary(op, a, b, l).map_err(|e| e.0)?.value)
}

struct Run<'a> {
    kg: &'a KernelGraph,
    k: &'a Kernel,
    syms: &'a HashMap<String, usize>,
    temps: Vec<Option<Lit>>,
    dtypes: Vec<DType>,
}

impl Run<'_> {
    fn val(&self, v: Val) -> Result<Lit, String> {
        match v {
            Val::Temp(t) => self.temps[t as usize].ok_or(format!("t{t} used before set")),
            Val::Arg(c) => Ok(self.k.args[c as usize].value),
        }
    }

    fn dtype(&self, v: Val) -> DType {
        match v {
            Val::Temp(t) => self.dtypes[t as usize],
            Val::Arg(c) => self.k.args[c as usize].dtype,
        }
    }

    /// Runs `insts` at loop index `idx`; a `Reduce`/`Scan` instruction takes the value `folded`.
    fn exec(
        &mut self,
        mem: &mut Mem,
        insts: &[Inst],
        idx: &[usize],
        folded: Option<Lit>,
    ) -> Result<(), String> {
        for inst in insts {
            match inst {
                Inst::Let { temp, dtype, expr } => {
                    let v = match expr {
                        Expr::Load(k) => {
                            let inp = &self.k.inputs[*k as usize];
                            let shape = dims(&inp.shape, self.syms)?;
                            let at = offset(&inp.map, idx, &shape)?;
                            let b = inp.buffer.index();
                            if !mem.written[b][at] {
                                return Err(format!("{}: reads an unwritten element", self.k.id));
                            }
                            mem.values[b].data[at]
                        }
                        Expr::Unary(op, x) => {
                            let l = Loop {
                                input: self.dtype(*x),
                                output: *dtype,
                            };
                            apply_unary(*op, self.val(*x)?, l).map_err(|e| e.0)?.value
                        }
                        Expr::Binary(op, x, y) => {
                            let l = Loop {
                                input: self.dtype(*x),
                                output: *dtype,
                            };
                            apply_binary(*op, self.val(*x)?, self.val(*y)?, l)
                                .map_err(|e| e.0)?
                                .value
                        }
                        Expr::Select(c, x, y) => {
                            let pick = if self.val(*c)? == Lit::Bool(true) {
                                x
                            } else {
                                y
                            };
                            self.val(*pick)?
                        }
                        Expr::Cast(x) => apply_cast(self.val(*x)?, *dtype).value,
                        Expr::Reduce(..) | Expr::Scan(..) => {
                            folded.ok_or("fold outside its place")?
                        }
                        Expr::Call(..) => return Err("call in a loop body".into()),
                    };
                    self.temps[*temp as usize] = Some(v);
                }
                Inst::Store { output, value } => {
                    let out = &self.k.outputs[*output as usize];
                    let b = out.buffer.index();
                    let shape = dims(&self.kg.buffer(out.buffer).shape, self.syms)?;
                    let at = offset(&out.map, idx, &shape)?;
                    mem.values[b].data[at] = self.val(*value)?;
                    mem.written[b][at] = true;
                }
            }
        }
        Ok(())
    }
}

/// Where the body splits: the index of its `Reduce`/`Scan` instruction.
pub fn fold_at(k: &Kernel) -> Option<(usize, Expr, DType, DType)> {
    k.body.iter().enumerate().find_map(|(i, inst)| match inst {
        Inst::Let {
            dtype,
            expr: e @ (Expr::Reduce(_, x) | Expr::Scan(_, x)),
            ..
        } => {
            let xt = k.body[..i].iter().find_map(|p| match p {
                Inst::Let { temp, dtype, .. } if Val::Temp(*temp) == *x => Some(*dtype),
                _ => None,
            });
            let xt = xt.or_else(|| match x {
                Val::Arg(c) => Some(k.args[*c as usize].dtype),
                _ => None,
            });
            Some((i, e.clone(), *dtype, xt.unwrap_or(*dtype)))
        }
        _ => None,
    })
}

fn run_kernel(
    kg: &KernelGraph,
    k: &Kernel,
    mem: &mut Mem,
    syms: &HashMap<String, usize>,
) -> Result<(), String> {
    let dtypes: Vec<DType> = k
        .body
        .iter()
        .filter_map(|i| match i {
            Inst::Let { dtype, .. } => Some(*dtype),
            Inst::Store { .. } => None,
        })
        .collect();
    let mut r = Run {
        kg,
        k,
        syms,
        temps: vec![None; dtypes.len()],
        dtypes,
    };
    let domain = dims(&k.domain, syms)?;
    match &k.kind {
        KernelKind::Elementwise => {
            for idx in indices(&domain) {
                r.exec(mem, &k.body, &idx, None)?;
            }
        }
        KernelKind::Call {
            f: LibCall::Matmul,
            operands,
        } => {
            // The reference's matmul on the operands gathered through their maps.
            let mut g = Graph::new("call");
            let mut vals = Vec::new();
            for (n, (inp, over)) in k.inputs.iter().zip(operands).enumerate() {
                let shape = dims(over, syms)?;
                let read = dims(&inp.shape, syms)?;
                let b = inp.buffer.index();
                let data = indices(&shape)
                    .iter()
                    .map(|idx| Ok(mem.values[b].data[offset(&inp.map, idx, &read)?]))
                    .collect::<Result<Vec<Lit>, String>>()?;
                let dtype = kg.buffer(inp.buffer).dtype;
                vals.push(Value::new(dtype, &shape, data)?);
                g.input(&format!("x{n}"), dtype, Shape::fixed(&shape));
            }
            let ids: Vec<_> = g.inputs().iter().map(|i| i.node).collect();
            let c = g.call(LibCall::Matmul, &ids);
            g.set_outputs(&[c]);
            let out = interp::run(&g, &vals)?.remove(0);
            let b = k.outputs[0].buffer.index();
            mem.values[b].data.clone_from(&out.data);
            mem.written[b].iter_mut().for_each(|w| *w = true);
        }
        KernelKind::Reduce { axes, .. } => {
            let (at, fold, out_t, in_t) = fold_at(k).ok_or("reduction without reduce")?;
            let Expr::Reduce(op, x) = fold else {
                return Err("reduce kernel with a scan".into());
            };
            let kept: Vec<usize> = (0..domain.len()).filter(|a| !axes.contains(a)).collect();
            let outer: Vec<usize> = kept.iter().map(|&a| domain[a]).collect();
            let inner: Vec<usize> = axes.iter().map(|&a| domain[a]).collect();
            for o in indices(&outer) {
                let mut items = Vec::new();
                let mut idx = vec![0; domain.len()];
                for (&a, &i) in kept.iter().zip(&o) {
                    idx[a] = i;
                }
                for (pos, red) in indices(&inner).iter().enumerate() {
                    for (&a, &i) in axes.iter().zip(red) {
                        idx[a] = i;
                    }
                    r.exec(mem, &k.body[..at], &idx, None)?;
                    items.push((pos, r.val(x)?));
                }
                let v = reduce(op, &items, in_t, out_t)?;
                for &a in axes {
                    idx[a] = 0;
                }
                r.exec(mem, &k.body[at..], &idx, Some(v))?;
            }
        }
        KernelKind::Scan { axis } => {
            let (at, fold, t, _) = fold_at(k).ok_or("scan without scan")?;
            let Expr::Scan(op, x) = fold else {
                return Err("scan kernel with a reduce".into());
            };
            let (bop, init) = match op {
                ScanOp::Cumsum => (BinaryOp::Add, Some(Lit::Int(0))),
                ScanOp::Cumprod => (BinaryOp::Multiply, Some(Lit::Int(1))),
                ScanOp::Cummax => (BinaryOp::Maximum, None),
                ScanOp::Cummin => (BinaryOp::Minimum, None),
            };
            for start in indices(&domain).into_iter().filter(|i| i[*axis] == 0) {
                let mut acc = init.map(|v| apply_cast(v, t).value);
                let mut idx = start;
                for s in 0..domain[*axis] {
                    idx[*axis] = s;
                    r.exec(mem, &k.body[..at], &idx, None)?;
                    let xv = r.val(x)?;
                    let next = match acc {
                        Some(a) => step(bop, a, xv, t)?,
                        None => xv,
                    };
                    acc = Some(next);
                    r.exec(mem, &k.body[at..], &idx, Some(next))?;
                }
            }
        }
    }
    Ok(())
}

/// The reference interpreter's fold (`interp.rs`), on `(position, value)` pairs in C order.
fn reduce(op: ReduceOp, g: &[(usize, Lit)], t: DType, out: DType) -> Result<Lit, String> {
    let conv = |x: Lit| apply_cast(x, out).value;
    let fold = |bop, init: Lit| {
        g.iter()
            .try_fold(conv(init), |acc, &(_, x)| step(bop, acc, conv(x), out))
    };
    let truthy = |x: Lit| apply_cast(x, DType::Bool).value == Lit::Bool(true);
    match op {
        ReduceOp::Sum => fold(BinaryOp::Add, Lit::Int(0)),
        ReduceOp::Prod => fold(BinaryOp::Multiply, Lit::Int(1)),
        ReduceOp::Mean => {
            let s = fold(BinaryOp::Add, Lit::Int(0))?;
            step(
                BinaryOp::TrueDivide,
                s,
                conv(Lit::Int(g.len() as i128)),
                out,
            )
        }
        ReduceOp::Any => Ok(Lit::Bool(g.iter().any(|&(_, x)| truthy(x)))),
        ReduceOp::All => Ok(Lit::Bool(g.iter().all(|&(_, x)| truthy(x)))),
        ReduceOp::Min | ReduceOp::Max => {
            let bop = if op == ReduceOp::Max {
                BinaryOp::Maximum
            } else {
                BinaryOp::Minimum
            };
            let (&(_, first), rest) = g.split_first().ok_or("empty min/max")?;
            rest.iter()
                .try_fold(first, |acc, &(_, x)| step(bop, acc, x, t))
        }
        ReduceOp::Argmin | ReduceOp::Argmax => {
            let better = if op == ReduceOp::Argmax {
                BinaryOp::Greater
            } else {
                BinaryOp::Less
            };
            let is_nan = |x: Lit| matches!(x, Lit::Float(f) if f.get().is_nan());
            let mut best = *g.first().ok_or("empty argmin/argmax")?;
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

/// Runs every kernel in order and returns the graph's outputs.
pub fn run_kernels(kg: &KernelGraph, inputs: &[Value]) -> Result<Vec<Value>, String> {
    let mut syms = HashMap::new();
    for b in &kg.buffers {
        if let BufferKind::Input(i) = b.kind {
            for (d, &len) in b.shape.dims().iter().zip(&inputs[i as usize].shape) {
                if let Dim::Sym(s) = d {
                    syms.insert(s.as_str().to_string(), len);
                }
            }
        }
    }
    let mut mem = Mem {
        values: Vec::new(),
        written: Vec::new(),
    };
    for b in &kg.buffers {
        let v = match b.kind {
            BufferKind::Input(i) => inputs[i as usize].clone(),
            _ => {
                let shape = dims(&b.shape, &syms)?;
                let n = shape.iter().product();
                Value::new(
                    b.dtype,
                    &shape,
                    vec![apply_cast(Lit::Int(0), b.dtype).value; n],
                )?
            }
        };
        let input = matches!(b.kind, BufferKind::Input(_));
        mem.written.push(vec![input; v.len()]);
        mem.values.push(v);
    }
    for k in &kg.kernels {
        run_kernel(kg, k, &mut mem, &syms)?;
    }
    for (b, w) in mem.written.iter().enumerate() {
        if !w.iter().all(|&x| x) {
            return Err(format!(
                "buffer {} is not fully written",
                kg.buffers[b].name
            ));
        }
    }
    Ok(kg
        .outputs
        .iter()
        .map(|o| mem.values[o.index()].clone())
        .collect())
}

//! Fusion never changes a result: for random valid graphs (`common/graphgen.rs`, with shared
//! expensive work and non-affine reshapes added), as built and after `optimize`, running the kernels of `fuse` with a small kernel interpreter gives the
//! reference interpreter's outputs bit for bit (NaN equal to NaN). Fusion reorders nothing (a
//! reduction folds its elements in C order, as the reference does), so no tolerance is needed.
//!
//! The kernel interpreter also checks the invariants of `numfuse_ir::kernel`: every index map
//! stays in bounds, a kernel reads only inputs and elements earlier kernels wrote, and every
//! temporary and output element is written.

mod common;

use common::graphgen::{self, Case};
use numfuse_ir::eval::{apply_binary, apply_cast, apply_unary};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::kernel::{BufferKind, Expr, IndexMap, Inst, Kernel, KernelGraph, KernelKind, Val};
use numfuse_ir::op::{LibCall, Lit, Loop};
use numfuse_ir::passes::fuse::fuse;
use numfuse_ir::passes::{self, FloatPolicy, PassCx};
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::trace::Trace;
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, ScanOp, UnaryOp};
use proptest::prelude::*;
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
fn fold_at(k: &Kernel) -> Option<(usize, Expr, DType, DType)> {
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
fn run_kernels(kg: &KernelGraph, inputs: &[Value]) -> Result<Vec<Value>, String> {
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

const FLOATS: [f64; 14] = [
    0.0,
    -0.0,
    1.0,
    -1.0,
    2.0,
    0.5,
    -2.5,
    3.0,
    1e-3,
    7.25,
    -4.0,
    100.0,
    f64::INFINITY,
    f64::NAN,
];
const INTS: [i64; 10] = [-3, -2, -1, 0, 1, 2, 3, 7, -8, 64];

fn inputs(case: &Case) -> Vec<Value> {
    let (n, m) = (case.n, case.m);
    let mut picks = case.data.chunks(9);
    let mut next = |shape: &[usize], float: bool| {
        let p = picks.next().unwrap_or(&[0; 9]);
        let size: usize = shape.iter().product();
        if float {
            let d: Vec<f64> = (0..size)
                .map(|k| FLOATS[p[k] as usize % FLOATS.len()])
                .collect();
            Value::f64(shape, &d).expect("sized")
        } else {
            let d: Vec<i64> = (0..size)
                .map(|k| INTS[p[k] as usize % INTS.len()])
                .collect();
            Value::i64(shape, &d).expect("sized")
        }
    };
    vec![
        next(&[n, m], true),
        next(&[m], true),
        next(&[n, m], false),
        next(&[m], false),
    ]
}

fn same_results(g: &Graph, ins: &[Value]) -> Result<(), String> {
    let Ok(want) = interp::run(g, ins) else {
        return Ok(()); // NumPy raises for these inputs: nothing to compare.
    };
    let kg = fuse(g).map_err(|e| format!("fuse failed: {e}"))?;
    let got = run_kernels(&kg, ins).map_err(|e| format!("{e}\n{kg}"))?;
    if got != want {
        return Err(format!("fused {got:?}\n!= reference {want:?}\n{kg}"));
    }
    Ok(())
}

/// The case's graph with fusion's harder cases added: expensive work shared by a reduction and
/// a scan, and (for fixed shapes) flattening a computed value and an input (non-affine
/// reshapes).
fn extended(case: &Case) -> Graph {
    let mut g = graphgen::build(case);
    let mut outs = g.outputs().to_vec();
    let y = *outs.last().expect("an output");
    if g.node(y).dtype.is_float() && g.node(y).shape.rank() > 0 {
        let s = g.unary(UnaryOp::Sin, y);
        let t = g.binary(BinaryOp::Multiply, s, 2.0);
        let e = g.unary(UnaryOp::Exp, t);
        outs.push(g.reduce(ReduceOp::Sum, e, None, false));
        outs.push(g.scan(ScanOp::Cumsum, e, -1));
    }
    if !case.symbolic {
        let a = g.inputs()[0].node;
        let flat = Shape::fixed(&[case.n * case.m]);
        let a1 = g.binary(BinaryOp::Add, a, 1.0);
        let r1 = g.reshape(a1, flat.clone());
        let r2 = g.reshape(a, flat);
        outs.push(g.binary(BinaryOp::Multiply, r1, r2));
    }
    g.set_outputs(&outs);
    g
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn fusion_preserves_values(case in graphgen::case()) {
        let g = extended(&case);
        let ins = inputs(&case);
        let r = same_results(&g, &ins);
        prop_assert!(r.is_ok(), "as built: {}\n{g}", r.unwrap_err());
        let mut opt = g.clone();
        let mut cx = PassCx::new(FloatPolicy::Algebraic);
        if passes::optimize(&mut opt, &mut cx, &mut Trace::default()).is_ok() {
            let r = same_results(&opt, &ins);
            prop_assert!(r.is_ok(), "optimized: {}\n{opt}", r.unwrap_err());
        }
    }
}

/// The seed's workloads and the library-call cases, which the generator does not build.
#[test]
fn seed_workloads_and_calls() {
    let x = Value::f64(&[3, 2], &[1.0, 2.0, -0.5, 4.0, 3.0, 0.25]).unwrap();
    let w = Value::f64(&[2, 2], &[0.5, -1.0, 2.0, 1.5]).unwrap();
    let b = Value::f64(&[2], &[0.1, -3.0]).unwrap();
    let mut cases: Vec<(Graph, Vec<Value>)> = Vec::new();

    // relu(x @ w.T + b) and a prologue: tanh((x * 0.5) @ w).
    let mut g = Graph::new("dense");
    let (xi, wi, bi) = (
        g.input("x", DType::F64, Shape::fixed(&[3, 2])),
        g.input("w", DType::F64, Shape::fixed(&[2, 2])),
        g.input("b", DType::F64, Shape::fixed(&[2])),
    );
    let wt = g.transpose(wi);
    let mm = g.call(LibCall::Matmul, &[xi, wt]);
    let z = g.binary(BinaryOp::Add, mm, bi);
    let y = g.binary(BinaryOp::Maximum, z, 0.0);
    let sx = g.binary(BinaryOp::Multiply, xi, 0.5);
    let mm2 = g.call(LibCall::Matmul, &[sx, wi]);
    let t = g.unary(UnaryOp::Tanh, mm2);
    g.set_outputs(&[y, t]);
    cases.push((g, vec![x.clone(), w, b]));

    // Pairwise distances, both ways, and softmax.
    let mut g = Graph::new("pairwise");
    let xi = g.input(
        "X",
        DType::F64,
        Shape::from([Dim::from("n"), Dim::from("d")]),
    );
    let a = g.expand_dims(xi, &[1]);
    let c = g.expand_dims(xi, &[0]);
    let diff = g.binary(BinaryOp::Subtract, a, c);
    let sq = g.binary(BinaryOp::Multiply, diff, diff);
    let s = g.reduce(ReduceOp::Sum, sq, Some(&[2]), false);
    let d1 = g.unary(UnaryOp::Sqrt, s);
    let xx = g.binary(BinaryOp::Multiply, xi, xi);
    let norms = g.reduce(ReduceOp::Sum, xx, Some(&[1]), false);
    let (r, cl) = (g.expand_dims(norms, &[1]), g.expand_dims(norms, &[0]));
    let xt = g.transpose(xi);
    let gram = g.call(LibCall::Matmul, &[xi, xt]);
    let two = g.binary(BinaryOp::Multiply, gram, 2.0);
    let sum = g.binary(BinaryOp::Add, r, cl);
    let dsq = g.binary(BinaryOp::Subtract, sum, two);
    let clamp = g.binary(BinaryOp::Maximum, dsq, 0.0);
    let d2 = g.unary(UnaryOp::Sqrt, clamp);
    let m = g.reduce(ReduceOp::Max, xi, Some(&[-1]), true);
    let sh = g.binary(BinaryOp::Subtract, xi, m);
    let e = g.unary(UnaryOp::Exp, sh);
    let se = g.reduce(ReduceOp::Sum, e, Some(&[-1]), true);
    let p = g.binary(BinaryOp::TrueDivide, e, se);
    g.set_outputs(&[d1, d2, p]);
    cases.push((g, vec![x]));

    for (g, ins) in &cases {
        assert!(g.errors().is_empty(), "{:?}", g.errors());
        let kg = fuse(g).unwrap();
        let got = run_kernels(&kg, ins).unwrap_or_else(|e| panic!("{e}\n{kg}"));
        let want = interp::run(g, ins).unwrap();
        assert_eq!(got, want, "{kg}");
    }
}

/// The generated graphs reach every fusion decision, so the property above is not vacuous.
#[test]
fn generated_graphs_cover_the_fusion_decisions() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let mut seen = std::collections::BTreeSet::new();
    for _ in 0..400 {
        let case = graphgen::case().new_tree(&mut runner).unwrap().current();
        let kg = fuse(&extended(&case)).unwrap();
        for k in &kg.kernels {
            seen.insert(k.kind.prefix().to_string());
            let fold = fold_at(k).map(|f| f.0);
            if fold.is_some_and(|at| at + 2 < k.body.len()) {
                seen.insert("epilogue".to_string());
            }
            if k.inputs
                .iter()
                .any(|i| i.shape != kg.buffer(i.buffer).shape)
            {
                seen.insert("read as reshaped".to_string());
            }
        }
        for b in kg.temps() {
            let why = b.note.clone().unwrap_or_default();
            seen.insert(why.split([',', ' ']).next().unwrap_or_default().to_string());
        }
    }
    for what in [
        "E",
        "R",
        "S",
        "epilogue",
        "read as reshaped",
        "shared",
        "broadcast",
        "reshaped",
    ] {
        assert!(seen.contains(what), "{what} never seen: {seen:?}");
    }
}

//! Chunked evaluation: a graph whose inputs are too large for memory (memory-mapped files
//! larger than RAM) runs over blocks of rows of its leading axis, one block at a time, so that
//! `(mm * 2.0 + 1.0).sum(None)` over a 40 GB file works on a 24 GB machine.
//!
//! The optimised graph is split by the *chunk axis*: axis 0 of the largest input, of length
//! `N`. Every node is either *chunked* (its axis 0 is the chunk axis: it can be computed for
//! rows `i0..i1` from rows `i0..i1` of its chunked operands) or *whole* (independent of the
//! rows). A reduction over axis 0 of a chunked operand is a *combine point*: each chunk
//! computes the same reduction of its rows (a partial), and the partials are combined across
//! chunks (add, multiply, min, max, or, and; a row-weighted sum for `mean`; value and offset
//! index for `argmin`/`argmax`). A chunked node that needs a combined result (`x - x.mean()`)
//! runs in a later *pass* over the data, so `var` takes two passes.
//!
//! Invariants:
//! 1. Chunking changes no result beyond the order of floating-point additions and
//!    multiplications across chunks (integer, min/max, arg and boolean results are exact).
//! 2. Each chunk is evaluated by the ordinary driver (plan cache, JIT, `Backend::Auto`) on a
//!    graph whose chunked inputs are row slices (views, no copies) of the input arrays; the
//!    chunk graphs of one run differ only in their row count, so at most two are planned.
//! 3. The memory a chunk needs is bounded by the budget: rows per chunk = budget / (bytes per
//!    row of the chunked inputs and of every buffer the fused plan writes). After a chunk, the
//!    pages of memory-mapped inputs it read are released (`Array::release_pages`), and the next
//!    chunk's pages are prefetched before it runs.
//! 4. A graph that cannot be split this way (a view or scan that moves or mixes the chunk axis,
//!    a whole operand as long as the chunk axis, matmul with a chunked right operand) is
//!    evaluated whole, and `explain` says why.

use super::eval::{EvalOptions, Planned, RunRecord, plan_graph, run_planned};
use crate::array::{Array, Layout, Order};
use crate::ir::graph::Node;
use crate::ir::{BinaryOp, DType, Dim, Graph, NodeId, Op, Shape, op::LibCall, op::ReduceOp};
use crate::ops::ufunc::binary;
use crate::{Error, Result, s};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The working-set budget when [`EvalOptions::memory_budget`] is `None`: graphs reading
/// memory-mapped arrays of more than this many bytes in total are chunked to it.
pub const DEFAULT_MEMORY_BUDGET: usize = 512 << 20;

/// What the planner decided for a graph.
#[derive(Clone, Debug)]
pub(crate) enum Decision {
    /// The inputs fit the budget: evaluate whole, say nothing.
    NotNeeded,
    /// The inputs exceed the budget but the graph cannot be split: evaluate whole, say why.
    Refused(String),
    /// Evaluate chunk by chunk.
    Chunk(ChunkPlan),
}

/// How a graph is split (invariants 1–3).
#[derive(Clone, Debug)]
pub(crate) struct ChunkPlan {
    /// Length of the chunk axis.
    n: usize,
    /// Rows per chunk.
    rows: usize,
    /// The budget the rows were chosen for, and the estimated bytes per row.
    budget: usize,
    row_bytes: usize,
    /// The input whose axis 0 is the chunk axis (for `explain`).
    primary: String,
    /// Per node (by arena index): chunked or whole.
    chunked: Vec<bool>,
    /// Per chunked node: the pass it is computed in.
    pass: Vec<usize>,
    /// Combine points (reductions over axis 0 of a chunked operand), by pass.
    combines: Vec<Vec<NodeId>>,
    /// Positions of chunked graph outputs, by pass.
    outputs: Vec<Vec<usize>>,
}

impl ChunkPlan {
    /// Number of chunks per pass.
    fn chunks(&self) -> usize {
        self.n.div_ceil(self.rows)
    }
}

/// Decides whether and how to chunk the plan's graph for `opts` (invariant 3 sizes it).
pub(crate) fn decide(p: &Planned, opts: &EvalOptions) -> Decision {
    let mapped: usize = p
        .arrays
        .iter()
        .filter(|a| a.is_memory_mapped())
        .map(Array::nbytes)
        .sum();
    let total: usize = p.arrays.iter().map(Array::nbytes).sum();
    let (budget, over) = match opts.memory_budget {
        None => (DEFAULT_MEMORY_BUDGET, mapped > DEFAULT_MEMORY_BUDGET),
        Some(b) => (b.max(1), total > b),
    };
    if !over || !p.graph.errors().is_empty() {
        return Decision::NotNeeded;
    }
    match split(p, budget) {
        Ok(Some(plan)) => Decision::Chunk(plan),
        Ok(None) => Decision::NotNeeded,
        Err(reason) => Decision::Refused(reason),
    }
}

fn dim0(shape: &Shape) -> Option<usize> {
    shape.dims().first().and_then(Dim::fixed)
}

fn row_bytes(shape: &Shape, dtype: DType) -> usize {
    shape.dims()[1..]
        .iter()
        .map(|d| d.fixed().unwrap_or(1))
        .product::<usize>()
        * dtype.itemsize()
}

/// Classifies every node (chunked or whole), finds the combine points and passes, and sizes
/// the chunks. `Ok(None)`: nothing is chunked or one chunk would hold every row.
fn split(p: &Planned, budget: usize) -> std::result::Result<Option<ChunkPlan>, String> {
    let g = &p.graph;
    // The chunk axis: axis 0 of the largest input (memory-mapped ones first).
    let Some((primary, big)) = g
        .inputs()
        .iter()
        .zip(&p.arrays)
        .filter(|(_, a)| a.ndim() >= 1)
        .max_by_key(|(_, a)| (a.is_memory_mapped(), a.nbytes()))
    else {
        return Ok(None);
    };
    let n = big.shape()[0];
    if n < 2 {
        return Err(format!(
            "the largest input %{} has {n} row(s) on axis 0, nothing to split",
            primary.name
        ));
    }
    let len = g.len();
    let mut chunked = vec![false; len];
    let mut pass = vec![0usize; len];
    // For whole nodes: the first pass after which their value exists.
    let mut ready = vec![0usize; len];
    let mut combine_of: Vec<(NodeId, usize)> = Vec::new();
    let show = |id: NodeId| {
        let node = g.node(id);
        format!("{} ({})", node.op.mnemonic(), node.shape)
    };
    for id in g.topo_order() {
        let node = g.node(id);
        let i = id.index();
        let args: Vec<NodeId> = node.args.to_vec();
        let any_chunked = args.iter().any(|a| chunked[a.index()]);
        let rank = node.shape.rank();
        let arg_pass = args
            .iter()
            .map(|a| {
                if chunked[a.index()] {
                    pass[a.index()]
                } else {
                    ready[a.index()]
                }
            })
            .max()
            .unwrap_or(0);
        if let Op::Input(_) = node.op {
            chunked[i] = rank >= 1 && dim0(&node.shape) == Some(n);
            continue;
        }
        if !any_chunked {
            ready[i] = arg_pass;
            continue;
        }
        let refuse = |why: &str| Err(format!("{} {why}", show(id)));
        match &node.op {
            op if op.is_elementwise() => {
                for a in &args {
                    let an = g.node(*a);
                    let aligned = an.shape.rank() == rank;
                    if chunked[a.index()] && !aligned {
                        return refuse("broadcasts a chunked operand to a higher rank");
                    }
                    if !chunked[a.index()] && aligned && dim0(&an.shape).is_none_or(|d| d != 1) {
                        return refuse(
                            "combines the chunked rows with a whole operand of the same length",
                        );
                    }
                }
            }
            Op::Reduce { axes, .. } => {
                if axes.contains(&0) {
                    ready[i] = arg_pass + 1;
                    combine_of.push((id, arg_pass));
                    continue;
                }
            }
            Op::Scan { axis, .. } if *axis != 0 => {}
            Op::Scan { .. } => return refuse("accumulates along the chunked axis"),
            Op::Permute(perm) if perm.first() == Some(&0) => {}
            Op::Slice(spec)
                if spec
                    .first()
                    .is_some_and(|s| matches!(s, crate::ir::op::SliceAxis::Full)) => {}
            Op::ExpandDims(axes) | Op::Squeeze(axes) if !axes.contains(&0) => {}
            Op::Broadcast | Op::Reshape => {
                // Rows stay rows: the operand and the result both have the chunk axis first,
                // and (for reshape) the same number of elements per row.
                let a = g.node(args[0]);
                let keeps = dim0(&a.shape) == Some(n)
                    && match node.op {
                        Op::Broadcast => a.shape.rank() == rank,
                        _ => row_bytes(&a.shape, DType::U8) == row_bytes(&node.shape, DType::U8),
                    };
                if !keeps {
                    return refuse("moves the chunked axis");
                }
            }
            Op::Call(LibCall::Matmul)
                if chunked[args[0].index()]
                    && !chunked[args[1].index()]
                    && rank == 2
                    && g.node(args[0]).shape.rank() == 2 => {}
            _ => return refuse("moves or mixes the chunked axis"),
        }
        if dim0(&node.shape) != Some(n) {
            return refuse("changes the length of the chunked axis");
        }
        chunked[i] = true;
        pass[i] = arg_pass;
    }
    let mut passes = 0;
    for &(_, p) in &combine_of {
        passes = passes.max(p + 1);
    }
    let mut out_pass = Vec::new();
    for (k, o) in g.outputs().iter().enumerate() {
        if chunked[o.index()] {
            passes = passes.max(pass[o.index()] + 1);
            out_pass.push((k, pass[o.index()]));
        }
    }
    if passes == 0 {
        return Ok(None);
    }
    let mut combines = vec![Vec::new(); passes];
    for (id, p) in combine_of {
        combines[p].push(id);
    }
    let mut outputs = vec![Vec::new(); passes];
    for (k, p) in out_pass {
        outputs[p].push(k);
    }
    // Invariant 3: bytes per row of the chunked inputs and of every buffer the plan writes
    // that has the chunk axis (the unfused node values when there is no fused plan).
    let mut per_row: usize = g
        .inputs()
        .iter()
        .filter(|inp| chunked[inp.node.index()])
        .map(|inp| {
            let node = g.node(inp.node);
            row_bytes(&node.shape, node.dtype)
        })
        .sum();
    match &p.kernels {
        Some(kg) => {
            per_row += kg
                .buffers
                .iter()
                .filter(|b| !matches!(b.kind, crate::ir::kernel::BufferKind::Input(_)))
                .filter(|b| dim0(&b.shape) == Some(n))
                .map(|b| row_bytes(&b.shape, b.dtype))
                .sum::<usize>();
        }
        None => {
            per_row += g
                .ids()
                .filter(|id| chunked[id.index()] && !g.node(*id).op.is_view())
                .map(|id| row_bytes(&g.node(id).shape, g.node(id).dtype))
                .sum::<usize>();
        }
    }
    let per_row = per_row.max(1);
    let rows = (budget / per_row).clamp(1, n);
    if rows == n && passes == 1 {
        return Ok(None);
    }
    Ok(Some(ChunkPlan {
        n,
        rows,
        budget,
        row_bytes: per_row,
        primary: primary.name.clone(),
        chunked,
        pass,
        combines,
        outputs,
    }))
}

/// The `-- chunking --` section of `explain`, empty when nothing is chunked or refused.
pub(crate) fn describe(p: &Planned, d: &Decision) -> String {
    let mut out = String::new();
    match d {
        Decision::NotNeeded => {}
        Decision::Refused(why) => {
            let _ = writeln!(
                out,
                "\n-- chunking --\nnot chunked (evaluated whole): {why}"
            );
        }
        Decision::Chunk(c) => {
            let _ = writeln!(
                out,
                "\n-- chunking --\naxis 0 of %{} ({} rows): {} chunk(s) of {} rows, {} pass(es); \
                 budget {}, {} bytes per row",
                c.primary,
                c.n,
                c.chunks(),
                c.rows,
                c.combines.len(),
                bytes(c.budget),
                c.row_bytes
            );
            let g = &p.graph;
            for (k, (combines, outputs)) in c.combines.iter().zip(&c.outputs).enumerate() {
                let mut items: Vec<String> = combines
                    .iter()
                    .map(|id| {
                        let Op::Reduce { op, .. } = g.node(*id).op else {
                            return String::new();
                        };
                        format!("{} {}", op.name(), combiner(op))
                    })
                    .collect();
                items.extend(outputs.iter().map(|o| format!("rows of output {o}")));
                let _ = writeln!(out, "  pass {}: {}", k + 1, items.join("; "));
            }
        }
    }
    out
}

/// A byte count as `explain` prints it: `512 MiB`, `1.5 KiB`, `300 B`.
fn bytes(b: usize) -> String {
    let units = [("GiB", 30), ("MiB", 20), ("KiB", 10)];
    for (name, shift) in units {
        if b >= 1 << shift {
            let v = b as f64 / (1u64 << shift) as f64;
            return if v.fract() == 0.0 {
                format!("{v} {name}")
            } else {
                format!("{v:.1} {name}")
            };
        }
    }
    format!("{b} B")
}

/// How partials of `op` combine, as `explain` prints it.
fn combiner(op: ReduceOp) -> &'static str {
    match op {
        ReduceOp::Sum => "partials combined by add",
        ReduceOp::Prod => "partials combined by multiply",
        ReduceOp::Min => "partials combined by minimum",
        ReduceOp::Max => "partials combined by maximum",
        ReduceOp::Any => "partials combined by logical_or",
        ReduceOp::All => "partials combined by logical_and",
        ReduceOp::Mean => "partials weighted by rows and added",
        ReduceOp::Argmin => "partials (min, index + row offset) kept where smaller",
        ReduceOp::Argmax => "partials (max, index + row offset) kept where larger",
    }
}

/// A graph computing `targets` of `g`: Input nodes and nodes `cut` returns true for become
/// inputs (listed in input order in the result), chunked nodes get `rows` rows on axis 0,
/// and each `(reduction, op)` in `companions` adds an output: the reduction `op` over the
/// same axes of the same operand (the value an arg reduction's partial index belongs to).
fn extract(
    g: &Graph,
    targets: &[NodeId],
    companions: &[(NodeId, ReduceOp)],
    cut: &dyn Fn(NodeId) -> bool,
    chunked: &[bool],
    rows: usize,
) -> (Graph, Vec<NodeId>) {
    let mut new = Graph::new(&format!("{}_chunk", g.name()));
    let mut map: HashMap<NodeId, NodeId> = HashMap::new();
    let mut leaves = Vec::new();
    let reshape = |id: NodeId| {
        let node = g.node(id);
        let mut shape = node.shape.clone();
        if chunked[id.index()] {
            shape.0[0] = Dim::Fixed(rows);
        }
        shape
    };
    // Iterative post-order from the targets.
    let mut stack: Vec<(NodeId, bool)> = targets.iter().rev().map(|&t| (t, false)).collect();
    stack.extend(companions.iter().map(|&(t, _)| (t, false)));
    while let Some((id, expanded)) = stack.pop() {
        if map.contains_key(&id) {
            continue;
        }
        let node = g.node(id);
        if matches!(node.op, Op::Input(_)) || cut(id) {
            let name = format!("c{}", leaves.len());
            let new_id = new.input(&name, node.dtype, reshape(id));
            map.insert(id, new_id);
            leaves.push(id);
            continue;
        }
        if !expanded {
            stack.push((id, true));
            stack.extend(node.args.iter().rev().map(|&a| (a, false)));
            continue;
        }
        let mut copy = node.clone();
        for a in copy.args.iter_mut() {
            *a = map[a];
        }
        copy.shape = reshape(id);
        map.insert(id, new.intern(copy));
    }
    let mut outs: Vec<NodeId> = targets.iter().map(|t| map[t]).collect();
    for &(r, op) in companions {
        let node = g.node(r);
        let Op::Reduce { axes, keepdims, .. } = &node.op else {
            continue;
        };
        let x = node.args[0];
        let companion = Node {
            op: Op::Reduce {
                op,
                axes: axes.clone(),
                keepdims: *keepdims,
            },
            dtype: g.node(x).dtype,
            shape: node.shape.clone(),
            args: std::iter::once(map[&x]).collect(),
        };
        outs.push(new.intern(companion));
    }
    new.set_outputs(&outs);
    (new, leaves)
}

/// `eval_into`'s destination: pointer to element 0, layout and dtype (`OutArg::target`), and
/// the array itself when it is one (its written pages are released as chunks complete).
pub(crate) struct Target<'a> {
    pub ptr: *mut u8,
    pub layout: &'a Layout,
    pub dtype: DType,
    pub array: Option<&'a Array>,
}

/// Evaluates a planned graph chunk by chunk (the plan from [`decide`]). With `target`, output
/// 0 is written there and the result holds no array for it.
pub(crate) fn run(
    p: &Planned,
    c: &ChunkPlan,
    opts: &EvalOptions,
    record: &mut RunRecord,
    target: Option<Target<'_>>,
) -> Result<Vec<Array>> {
    let g = &p.graph;
    let start = std::time::Instant::now();
    // Whole values known so far: the whole inputs, then combined results.
    let mut values: HashMap<NodeId, Array> = HashMap::new();
    for (inp, a) in g.inputs().iter().zip(&p.arrays) {
        if !c.chunked[inp.node.index()] {
            values.insert(inp.node, a.clone());
        }
    }
    // The chunked outputs, written row block by row block.
    let mut outs: Vec<Option<Array>> = vec![None; g.outputs().len()];
    let mut dests: Vec<Option<(*mut u8, Layout, DType)>> = vec![None; g.outputs().len()];
    for k in c.outputs.iter().flatten() {
        let node = g.node(g.outputs()[*k]);
        match &target {
            Some(t) if *k == 0 => dests[0] = Some((t.ptr, t.layout.clone(), t.dtype)),
            _ => {
                let mut a = Array::try_zeros(&super::dims(&node.shape), node.dtype, Order::C)?;
                let ptr = a.make_mut_ptr()?;
                dests[*k] = Some((ptr, a.layout().clone(), node.dtype));
                outs[*k] = Some(a);
            }
        }
    }
    let inputs_of = |leaves: &[NodeId], values: &HashMap<NodeId, Array>, i0: usize, r: usize| {
        leaves
            .iter()
            .map(|id| match g.node(*id).op {
                Op::Input(i) if c.chunked[id.index()] => p.arrays[i as usize].slice(s![i0..i0 + r]),
                _ => values
                    .get(id)
                    .cloned()
                    .ok_or_else(|| internal("unbound leaf")),
            })
            .collect::<Result<Vec<Array>>>()
    };
    for (k, (combines, outputs)) in c.combines.iter().zip(&c.outputs).enumerate() {
        // Whole operands this pass reads that are not known yet (they depend on earlier passes).
        let needed = whole_operands(g, c, k, &values);
        if !needed.is_empty() {
            let cut = |id: NodeId| values.contains_key(&id);
            let (wg, leaves) = extract(g, &needed, &[], &cut, &c.chunked, c.rows);
            let arrays = inputs_of(&leaves, &values, 0, 0)?;
            let computed = eval_graph(wg, arrays, opts, record)?;
            values.extend(needed.iter().copied().zip(computed));
        }
        let mut targets: Vec<NodeId> = combines.clone();
        targets.extend(outputs.iter().map(|o| g.outputs()[*o]));
        let companions: Vec<(NodeId, ReduceOp)> = combines
            .iter()
            .filter_map(|id| match g.node(*id).op {
                Op::Reduce {
                    op: ReduceOp::Argmax,
                    ..
                } => Some((*id, ReduceOp::Max)),
                Op::Reduce {
                    op: ReduceOp::Argmin,
                    ..
                } => Some((*id, ReduceOp::Min)),
                _ => None,
            })
            .collect();
        let cut = |id: NodeId| !c.chunked[id.index()] && values.contains_key(&id);
        let mut graphs: HashMap<usize, (Graph, Vec<NodeId>)> = HashMap::new();
        let mut acc: Vec<Option<Partial>> = vec![None; combines.len()];
        let mut i0 = 0;
        while i0 < c.n {
            let r = c.rows.min(c.n - i0);
            let (cg, leaves) = graphs
                .entry(r)
                .or_insert_with(|| extract(g, &targets, &companions, &cut, &c.chunked, r))
                .clone();
            let arrays = inputs_of(&leaves, &values, i0, r)?;
            let next = i0 + r;
            if next < c.n {
                let nr = c.rows.min(c.n - next);
                for a in inputs_of(&leaves, &values, next, nr)? {
                    a.prefetch_pages();
                }
            }
            let results = eval_graph(cg, arrays.clone(), opts, record)?;
            for a in &arrays {
                a.release_pages();
            }
            let (partials, rest) = results.split_at(combines.len());
            let (rows_out, values_out) = rest.split_at(outputs.len());
            let mut extra = values_out.iter();
            for ((slot, id), part) in acc.iter_mut().zip(combines).zip(partials) {
                let Op::Reduce { op, ref axes, .. } = g.node(*id).op else {
                    return Err(internal("combine point is not a reduction"));
                };
                let companion = match op {
                    ReduceOp::Argmax | ReduceOp::Argmin => extra.next().cloned(),
                    _ => None,
                };
                let x = g.node(g.node(*id).args[0]);
                let offset = if axes.len() == 1 {
                    i0
                } else {
                    i0 * row_bytes(&x.shape, DType::U8)
                };
                let part = Partial {
                    value: part.clone(),
                    arg_value: companion,
                };
                *slot = Some(combine(op, slot.take(), part, offset, r, c.n)?);
            }
            for (o, chunk) in outputs.iter().zip(rows_out) {
                let Some((ptr, layout, dtype)) = &dests[*o] else {
                    return Err(internal("chunked output without a destination"));
                };
                write_rows(chunk, *ptr, layout, *dtype, i0)?;
                if let (0, Some(Target { array: Some(a), .. })) = (*o, &target) {
                    a.slice(s![i0..next])?.release_pages();
                }
            }
            i0 = next;
        }
        for (id, a) in combines.iter().zip(acc) {
            let a = a.ok_or_else(|| internal("no chunk ran"))?;
            let dtype = g.node(*id).dtype;
            values.insert(*id, finish(a, dtype));
        }
    }
    // The whole outputs, from the combined results.
    let whole: Vec<NodeId> = g
        .outputs()
        .iter()
        .filter(|o| !c.chunked[o.index()])
        .copied()
        .collect();
    let mut computed: HashMap<NodeId, Array> = HashMap::new();
    if !whole.is_empty() {
        let cut = |id: NodeId| values.contains_key(&id);
        let (wg, leaves) = extract(g, &whole, &[], &cut, &c.chunked, c.rows);
        let arrays = inputs_of(&leaves, &values, 0, 0)?;
        computed.extend(
            whole
                .iter()
                .copied()
                .zip(eval_graph(wg, arrays, opts, record)?),
        );
    }
    let mut result = Vec::with_capacity(g.outputs().len());
    for (k, o) in g.outputs().iter().enumerate() {
        if let Some(a) = outs[k].take() {
            result.push(a);
        } else if let Some(a) = computed.get(o) {
            result.push(a.clone());
        } else if k != 0 || target.is_none() {
            return Err(internal("an output was not computed"));
        }
    }
    if let Some(t) = target
        && !c.chunked[g.outputs()[0].index()]
    {
        // A whole output 0 (a reduction) goes to the destination too.
        let a = result.remove(0);
        // SAFETY: `target` is eval_into's destination: unique, writable, laid out by `layout`
        // for `dtype` (its `OutArg::target` contract); `a` is a fresh array, no overlap.
        unsafe { crate::array::cast::copy_cast_into(&a, t.ptr, t.layout, t.dtype) };
    }
    record.time = start.elapsed();
    record.reason = format!(
        "chunked: {} pass(es) of {} chunk(s) of {} rows",
        c.combines.len(),
        c.chunks(),
        c.rows
    );
    Ok(result)
}

/// Whole, non-constant operands of the chunked nodes pass `k` computes that are not in
/// `values` yet.
fn whole_operands(
    g: &Graph,
    c: &ChunkPlan,
    k: usize,
    values: &HashMap<NodeId, Array>,
) -> Vec<NodeId> {
    let mut needed = Vec::new();
    for id in g.ids() {
        if !c.chunked[id.index()] || c.pass[id.index()] != k {
            continue;
        }
        for a in &g.node(id).args {
            let whole = !c.chunked[a.index()];
            let constant = matches!(g.node(*a).op, Op::Const(_));
            if whole && !constant && !values.contains_key(a) && !needed.contains(a) {
                needed.push(*a);
            }
        }
    }
    needed
}

/// Runs `graph` on `arrays` with the ordinary driver (plan cache, backend choice).
fn eval_graph(
    graph: Graph,
    arrays: Vec<Array>,
    opts: &EvalOptions,
    record: &mut RunRecord,
) -> Result<Vec<Array>> {
    let planned = plan_graph(graph, arrays, opts)?;
    run_planned(&planned, opts, record, None)
}

/// Copies a chunk's rows into rows `i0..` of the destination.
fn write_rows(chunk: &Array, ptr: *mut u8, layout: &Layout, dtype: DType, i0: usize) -> Result<()> {
    let rows = chunk.shape().first().copied().unwrap_or(0);
    if layout.shape.len() != chunk.ndim() || i0 + rows > layout.shape[0] {
        return Err(internal("chunk rows do not fit the output"));
    }
    let mut sub = layout.clone();
    sub.shape[0] = rows;
    let offset = i0 as isize * layout.strides[0];
    // SAFETY: rows `i0..i0 + rows` of the destination lie inside it (checked above); `ptr`
    // is element 0 of a writable destination laid out by `layout` (a fresh output of `run`, or
    // eval_into's target), so `ptr + offset` with `sub` addresses a part of it; the chunk is a
    // fresh result array and cannot overlap it.
    unsafe {
        crate::array::cast::copy_cast_into(chunk, ptr.wrapping_offset(offset), &sub, dtype);
    }
    Ok(())
}

/// A reduction's running result across chunks: the value (for arg reductions, the index)
/// and, for arg reductions, the extreme value it points at. Mean keeps a float64 weighted sum.
#[derive(Clone)]
struct Partial {
    value: Array,
    arg_value: Option<Array>,
}

/// Folds one chunk's partial (offset by the chunk's first row for arg reductions) into the
/// accumulator.
fn combine(
    op: ReduceOp,
    acc: Option<Partial>,
    part: Partial,
    offset: usize,
    rows: usize,
    n: usize,
) -> Result<Partial> {
    let part = match op {
        ReduceOp::Mean => Partial {
            value: binary(
                BinaryOp::Multiply,
                &part.value.astype(DType::F64),
                rows as f64 / n as f64,
            )?,
            arg_value: None,
        },
        ReduceOp::Argmax | ReduceOp::Argmin => Partial {
            value: binary(BinaryOp::Add, &part.value, offset as i64)?,
            arg_value: part.arg_value,
        },
        _ => part,
    };
    let Some(acc) = acc else {
        return Ok(part);
    };
    let fold = |f: BinaryOp| -> Result<Partial> {
        Ok(Partial {
            value: binary(f, &acc.value, &part.value)?,
            arg_value: None,
        })
    };
    match op {
        ReduceOp::Sum | ReduceOp::Mean => fold(BinaryOp::Add),
        ReduceOp::Prod => fold(BinaryOp::Multiply),
        ReduceOp::Min => fold(BinaryOp::Minimum),
        ReduceOp::Max => fold(BinaryOp::Maximum),
        ReduceOp::Any => fold(BinaryOp::LogicalOr),
        ReduceOp::All => fold(BinaryOp::LogicalAnd),
        ReduceOp::Argmax | ReduceOp::Argmin => {
            let (Some(av), Some(pv)) = (&acc.arg_value, &part.arg_value) else {
                return Err(internal("arg reduction without its values"));
            };
            // The later chunk wins where its extreme is strictly better, or where it found the
            // first NaN (NumPy's arg reductions return the first NaN).
            let better = if op == ReduceOp::Argmax {
                BinaryOp::Greater
            } else {
                BinaryOp::Less
            };
            let strictly = binary(better, pv, av)?;
            let new_nan = binary(BinaryOp::NotEqual, pv, pv)?;
            let old_nan = binary(BinaryOp::NotEqual, av, av)?;
            let first_nan = binary(
                BinaryOp::LogicalAnd,
                &new_nan,
                &crate::ops::ufunc::unary(crate::ir::UnaryOp::LogicalNot, &old_nan)?,
            )?;
            let take = binary(BinaryOp::LogicalOr, &strictly, &first_nan)?;
            Ok(Partial {
                value: crate::ops::where_(&take, &part.value, &acc.value)?,
                arg_value: Some(crate::ops::where_(&take, pv, av)?),
            })
        }
    }
}

/// The combined result in the reduction's dtype.
fn finish(a: Partial, dtype: DType) -> Array {
    if a.value.dtype() == dtype {
        a.value
    } else {
        a.value.astype(dtype)
    }
}

fn internal(msg: &str) -> Error {
    Error::Value {
        op: "chunk",
        msg: format!("internal error (please report): {msg}"),
    }
}

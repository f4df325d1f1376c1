//! Fusion: the partition of an optimized graph into kernels ([`fuse`] → [`KernelGraph`]).
//!
//! Fusion runs after [`optimize`](crate::passes::optimize) and never changes a result: it only
//! decides which values get a buffer and which are recomputed inside the kernels that need
//! them. The rules, in the order they are applied:
//!
//! 1. **Which nodes get a buffer** (`plan.rs`): graph outputs, reductions, scans, library calls,
//!    computed operands of library calls and of non-affine reshapes, and shared or broadcast
//!    elementwise work whose cost exceeds the recompute limits (the cost model is documented
//!    in `plan.rs`). Everything else is inlined.
//! 2. **One kernel per buffer** (`build.rs`), in topological order: its root's expression is
//!    inlined down to buffers and constants. Elementwise chains (with casts and selects) become
//!    one `E_` kernel; the elementwise work feeding a reduction or a scan becomes the body of
//!    its `R_`/`S_` kernel, computed per element before the fold; a library call is an `L_`
//!    kernel of its own whose operands are buffers (views of buffers are passed as strided
//!    maps). View ops become index maps (`view.rs`), so `X[:, None, :] - X[None, :, :]` reads
//!    `X` twice through two maps and the `(n, n, d)` difference never exists. Constants become
//!    kernel arguments.
//! 3. **Epilogues** (`merge.rs`): an elementwise kernel that reads a reduction's or scan's result
//!    at its own index, and is its only reader, is appended to that kernel
//!    (`sqrt(sum(d*d, axis=2))` is one kernel). A reduction whose result is broadcast back
//!    over the reduced axes ends its kernel, so softmax
//!    (`e = exp(x - max(x)); e / sum(e)`, keepdims) is three kernels (see rule 4).
//!
//! 4. **Side outputs** (`plan.rs`): shared work that costs at least a transcendental function
//!    and that a reduction folds element by element is stored by the reduction's kernel as it
//!    folds, and the later kernels load it. Softmax is then `R` (max), `R` (sum of
//!    `exp(x - max)`, also storing `exp(x - max)`), `E` (the stored value divided by the sum).
//!
//! Other shared expensive work is materialised into a temporary that every reader loads (two
//! reductions of one expression are two kernels reading one temporary).

mod build;
mod merge;
mod plan;
mod view;

#[cfg(test)]
mod tests;

pub use plan::{BROADCAST_RECOMPUTE_LIMIT, MAX_INLINE_DEPTH, RECOMPUTE_LIMIT, weight};

use crate::error::{VerifyError, VerifyErrors};
use crate::graph::Graph;
use crate::kernel::{Buffer, BufferId, BufferKind, KernelGraph, KernelId};
use crate::op::Op;
use build::Buffers;

/// `name`, with `_` appended until no input of `g` has it.
fn fresh(mut name: String, g: &Graph) -> String {
    while g.inputs().iter().any(|i| i.name == name) {
        name.push('_');
    }
    name
}

/// Partitions `g` into kernels (see the [module documentation](self)).
///
/// # Errors
/// The verifier's findings when `g` is not a valid graph (fusion needs every node's dtype and
/// shape right), or an index map whose coefficients overflow `i64`.
pub fn fuse(g: &Graph) -> Result<KernelGraph, VerifyErrors> {
    if !g.errors().is_empty() {
        let errs = g.errors().iter().map(|(n, m)| VerifyError {
            node: Some(*n),
            message: m.clone(),
        });
        return Err(VerifyErrors(errs.collect()));
    }
    crate::verify::verify(g)?;
    let fail = |message: String| {
        VerifyErrors(vec![VerifyError {
            node: None,
            message,
        }])
    };
    let plan = plan::plan(g);
    let order = g.topo_order();
    let mut buffers: Vec<Buffer> = Vec::new();
    let mut temp_notes: Vec<Option<String>> = Vec::new();
    let mut bufs = Buffers {
        read: vec![None; g.len()],
        write: vec![None; g.len()],
        side: plan.side.clone(),
    };
    let add = |buffers: &mut Vec<Buffer>, name: String, kind, id: crate::graph::NodeId| {
        let n = g.node(id);
        buffers.push(Buffer {
            name,
            kind,
            dtype: n.dtype,
            shape: n.shape.clone(),
            note: None,
        });
        BufferId(buffers.len() as u32 - 1)
    };
    for (k, inp) in g.inputs().iter().enumerate() {
        let b = add(
            &mut buffers,
            inp.name.clone(),
            BufferKind::Input(k as u32),
            inp.node,
        );
        temp_notes.push(None);
        bufs.read[inp.node.index()] = Some(b);
    }
    for (k, &o) in g.outputs().iter().enumerate() {
        if bufs.write[o.index()].is_none() {
            let b = add(
                &mut buffers,
                fresh(format!("o{k}"), g),
                BufferKind::Output(k as u32),
                o,
            );
            temp_notes.push(None);
            bufs.write[o.index()] = Some(b);
            if !matches!(g.node(o).op, Op::Input(_) | Op::Const(_)) {
                bufs.read[o.index()] = Some(b);
            }
        }
    }
    for &id in &order {
        if plan.materialised(id) && bufs.write[id.index()].is_none() {
            let b = add(&mut buffers, String::new(), BufferKind::Temp, id);
            temp_notes.push(plan.why[id.index()].clone());
            bufs.read[id.index()] = Some(b);
            if plan.side[id.index()].is_none() {
                bufs.write[id.index()] = Some(b);
            }
        }
    }
    let mut kernels = Vec::new();
    for &id in &order {
        if bufs.write[id.index()].is_some() {
            kernels.push(build::kernel(g, &bufs, id).map_err(fail)?);
        }
    }
    merge::merge_epilogues(&mut kernels, &buffers);
    // A side output is stored by its host's kernel (where the host folds it), never by one
    // of its own.
    for (n, host) in plan.side.iter().enumerate() {
        let stored = |b: BufferId| {
            kernels
                .iter()
                .any(|k| k.outputs.iter().any(|o| o.buffer == b))
        };
        if let (Some(h), Some(b)) = (host, bufs.read[n])
            && !stored(b)
        {
            return Err(fail(format!(
                "internal: the {h} kernel does not store its side output"
            )));
        }
    }

    // Drop the temporaries epilogue fusion made unnecessary; number what is left.
    let written = |b: usize| {
        kernels
            .iter()
            .any(|k| k.outputs.iter().any(|o| o.buffer.index() == b))
    };
    let mut renumber: Vec<Option<BufferId>> = vec![None; buffers.len()];
    let mut kept = Vec::new();
    let mut temps = 0;
    for (b, mut buf) in buffers.into_iter().enumerate() {
        if buf.kind == BufferKind::Temp {
            if !written(b) {
                continue;
            }
            buf.name = fresh(format!("b{temps}"), g);
            buf.note = temp_notes[b].take();
            temps += 1;
        }
        renumber[b] = Some(BufferId(kept.len() as u32));
        kept.push(buf);
    }
    let re = |b: BufferId| renumber[b.index()].unwrap_or(b);
    for (n, k) in kernels.iter_mut().enumerate() {
        k.id = KernelId(n as u32);
        for i in &mut k.inputs {
            i.buffer = re(i.buffer);
        }
        for o in &mut k.outputs {
            o.buffer = re(o.buffer);
        }
    }
    let outputs = g
        .outputs()
        .iter()
        .map(|o| bufs.write[o.index()].map(re))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| fail("internal: an output has no buffer".to_string()))?;
    Ok(KernelGraph {
        name: g.name().to_string(),
        buffers: kept,
        kernels,
        outputs,
    })
}

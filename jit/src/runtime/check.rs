//! What the runtime checks before generated code touches memory, and the address arithmetic
//! that turns a buffer and an index map into argument-block words.
//!
//! Conditions (each referenced where it is checked):
//! 1. The buffers given match the graph: count, dtype, rank, fixed lengths, and one binding
//!    per symbolic length.
//! 2. Every map has one affine expression per axis of the shape it addresses, over loop axes
//!    of the domain, and stays within that shape for every index of the domain.
//! 3. A kernel writes only temporaries and outputs.
//! 4. A buffer read through a reshape has the reshape's element count and is contiguous (a
//!    graph input that is not is copied first, as an eager reshape would).

use super::{Alloc, Mem};
use crate::lower::{epilogue_needs, fold_index};
use crate::{BufferMut, BufferView, Error, Host};
use numfuse_ir::DType;
use numfuse_ir::kernel::{BufferKind, Expr, IndexMap, Inst, Kernel, KernelGraph, KernelKind};
use numfuse_ir::op::LibCall;
use numfuse_ir::shape::{Dim, Shape};
use std::collections::HashMap;

/// Symbol bindings of a run.
pub(crate) type Syms = HashMap<String, usize>;

fn bad(msg: String) -> Error {
    Error::Buffers(msg)
}

/// Binds the symbolic lengths from the inputs and checks inputs and outputs (condition 1).
pub(crate) fn bind(
    g: &KernelGraph,
    inputs: &[BufferView<'_>],
    outputs: &[BufferMut<'_>],
) -> Result<Syms, Error> {
    let syms = bind_inputs(g, inputs)?;
    if outputs.len() != g.outputs.len() {
        return Err(bad(format!(
            "{} outputs for {}",
            outputs.len(),
            g.outputs.len()
        )));
    }
    for (k, (o, &id)) in outputs.iter().zip(&g.outputs).enumerate() {
        let b = g
            .buffers
            .get(id.index())
            .ok_or_else(|| bad(format!("output {k}: no buffer {}", id.0)))?;
        let shape = dims(&b.shape, &syms)?;
        if o.dtype != b.dtype || o.shape != shape.as_slice() {
            return Err(bad(format!(
                "output {k}: expected {}{shape:?}, got {}{:?}",
                b.dtype, o.dtype, o.shape
            )));
        }
    }
    Ok(syms)
}

/// Binds the symbolic lengths from the inputs and checks the inputs (condition 1).
pub(crate) fn bind_inputs(g: &KernelGraph, inputs: &[BufferView<'_>]) -> Result<Syms, Error> {
    let mut syms = Syms::new();
    let n_in = g
        .buffers
        .iter()
        .filter(|b| matches!(b.kind, BufferKind::Input(_)))
        .count();
    if inputs.len() != n_in {
        return Err(bad(format!("{} inputs for {n_in}", inputs.len())));
    }
    for b in &g.buffers {
        let BufferKind::Input(i) = b.kind else {
            continue;
        };
        let v = inputs
            .get(i as usize)
            .ok_or_else(|| bad(format!("no input {i}")))?;
        if v.dtype != b.dtype || v.shape.len() != b.shape.rank() || v.strides.len() != v.shape.len()
        {
            return Err(bad(format!(
                "input {}: expected {}{}, got {}{:?} with {} strides",
                b.name,
                b.dtype,
                b.shape,
                v.dtype,
                v.shape,
                v.strides.len()
            )));
        }
        for (d, &len) in b.shape.dims().iter().zip(v.shape) {
            let ok = match d {
                Dim::Fixed(n) => *n == len,
                Dim::Sym(s) => *syms.entry(s.as_str().to_string()).or_insert(len) == len,
            };
            if !ok {
                return Err(bad(format!(
                    "input {}: shape {:?} does not fit {}",
                    b.name, v.shape, b.shape
                )));
            }
        }
    }
    Ok(syms)
}

/// A shape's concrete lengths.
pub(crate) fn dims(s: &Shape, syms: &Syms) -> Result<Vec<usize>, Error> {
    s.dims()
        .iter()
        .map(|d| match d {
            Dim::Fixed(n) => Ok(*n),
            Dim::Sym(s) => syms
                .get(s.as_str())
                .copied()
                .ok_or_else(|| bad(format!("symbol {s} is not bound by the inputs"))),
        })
        .collect()
}

/// The byte size of a contiguous buffer, checked.
pub(crate) fn bytes(shape: &[usize], dtype: DType) -> Result<usize, Error> {
    shape
        .iter()
        .try_fold(dtype.itemsize(), |acc, &n| acc.checked_mul(n))
        .filter(|&b| b <= isize::MAX as usize)
        .ok_or_else(|| bad(format!("a buffer of shape {shape:?} is too large")))
}

/// Whether `map` stays within `shape` for every index of a domain of extents `ext`
/// (condition 2); an empty domain has no index.
fn in_bounds(map: &IndexMap, ext: &[usize], shape: &[usize]) -> bool {
    if map.0.len() != shape.len() {
        return false;
    }
    if map
        .0
        .iter()
        .any(|e| e.terms.iter().any(|t| t.0 >= ext.len()))
    {
        return false;
    }
    if ext.contains(&0) {
        return true;
    }
    map.0.iter().zip(shape).all(|(e, &len)| {
        let (mut lo, mut hi) = (i128::from(e.offset), i128::from(e.offset));
        for &(a, c) in &e.terms {
            let span = i128::from(c) * (ext[a] as i128 - 1);
            if span < 0 {
                lo += span;
            } else {
                hi += span;
            }
        }
        lo >= 0 && hi < len as i128
    })
}

/// Checks kernel `k` against the run's buffers (conditions 2–4) and returns its domain.
pub(crate) fn kernel(
    g: &KernelGraph,
    k: &Kernel,
    mems: &[Mem],
    syms: &Syms,
) -> Result<Vec<usize>, Error> {
    let domain = dims(&k.domain, syms)?;
    let rank = domain.len();
    let name = &k.name;
    let mut epi_ext = domain.clone();
    let mut epi_inputs = vec![false; k.inputs.len()];
    match &k.kind {
        KernelKind::Reduce { axes, .. } => {
            if axes.iter().any(|&a| a >= rank) || axes.windows(2).any(|w| w[0] >= w[1]) {
                return Err(bad(format!("{name}: bad reduced axes {axes:?}")));
            }
            // The epilogue runs at reduced index 0 even when the reduced extent is 0.
            for &a in axes {
                epi_ext[a] = epi_ext[a].max(1);
            }
            let at = fold_index(k).ok_or_else(|| bad(format!("{name}: no reduce")))?;
            for (inst, need) in k.body.iter().zip(epilogue_needs(k, at)) {
                if let (
                    Inst::Let {
                        expr: Expr::Load(i),
                        ..
                    },
                    true,
                ) = (inst, need)
                    && let Some(f) = epi_inputs.get_mut(*i as usize)
                {
                    *f = true;
                }
            }
        }
        KernelKind::Scan { axis } if *axis >= rank => {
            return Err(bad(format!(
                "{name}: scan axis {axis} of a rank-{rank} domain"
            )));
        }
        _ => {}
    }
    for (n, inp) in k.inputs.iter().enumerate() {
        let m = mems
            .get(inp.buffer.index())
            .ok_or_else(|| bad(format!("{name}: no buffer {}", inp.buffer.0)))?;
        let read = dims(&inp.shape, syms)?;
        if read.iter().product::<usize>() != m.size() {
            return Err(bad(format!("{name}: reads {:?} as {read:?}", m.shape)));
        }
        let over = match &k.kind {
            KernelKind::Call { operands, .. } => match operands.get(n) {
                Some(s) => dims(s, syms)?,
                None => return Err(bad(format!("{name}: input {n} is no operand"))),
            },
            _ => domain.clone(),
        };
        let ok = in_bounds(&inp.map, &over, &read)
            && (!epi_inputs[n] || in_bounds(&inp.map, &epi_ext, &read));
        if !ok {
            return Err(bad(format!(
                "{name}: map {} of input {n} leaves {read:?}",
                inp.map
            )));
        }
    }
    for (n, out) in k.outputs.iter().enumerate() {
        let b = g
            .buffers
            .get(out.buffer.index())
            .ok_or_else(|| bad(format!("{name}: no buffer {}", out.buffer.0)))?;
        if matches!(b.kind, BufferKind::Input(_)) {
            return Err(bad(format!("{name}: writes input {}", b.name)));
        }
        let shape = &mems[out.buffer.index()].shape;
        if !in_bounds(&out.map, &domain, shape) || !in_bounds(&out.map, &epi_ext, shape) {
            return Err(bad(format!(
                "{name}: map {} of output {n} leaves {shape:?}",
                out.map
            )));
        }
    }
    Ok(domain)
}

/// Each input's memory as the kernel reads it, and its map (condition 4: a reshaped read of a
/// strided graph input gets a contiguous copy, kept for later kernels).
pub(crate) fn reads(
    k: &Kernel,
    mems: &mut [Mem],
    allocs: &mut Vec<Alloc>,
    syms: &Syms,
) -> Result<Vec<(Mem, IndexMap)>, Error> {
    let mut out = Vec::with_capacity(k.inputs.len());
    for inp in &k.inputs {
        let read = dims(&inp.shape, syms)?;
        let b = inp.buffer.index();
        if read != mems[b].shape {
            if !mems[b].is_contiguous() {
                let a = Alloc::new(bytes(&mems[b].shape, mems[b].dtype)?)?;
                let dst = Mem::contiguous(a.ptr as usize, mems[b].dtype, mems[b].shape.clone());
                // SAFETY: `mems[b]` is a buffer of this run (valid per `run`'s contract) and
                // `dst` a fresh allocation of its size.
                unsafe { copy(&mems[b], &dst) };
                allocs.push(a);
                mems[b] = dst;
            }
            out.push((
                Mem::contiguous(mems[b].addr, mems[b].dtype, read),
                inp.map.clone(),
            ));
        } else {
            out.push((mems[b].clone(), inp.map.clone()));
        }
    }
    Ok(out)
}

/// Bytes read (each input over the loop axes its map uses) and written (whole outputs).
pub(crate) fn traffic(
    k: &Kernel,
    reads: &[(Mem, IndexMap)],
    mems: &[Mem],
    domain: &[usize],
) -> (u64, u64) {
    let read = reads
        .iter()
        .map(|(m, map)| {
            let n: usize = if matches!(k.kind, KernelKind::Call { .. }) {
                m.size()
            } else {
                map.used_axes().iter().map(|&a| domain[a]).product()
            };
            (n * m.dtype.itemsize()) as u64
        })
        .sum();
    let write = k
        .outputs
        .iter()
        .map(|o| {
            let m = &mems[o.buffer.index()];
            (m.size() * m.dtype.itemsize()) as u64
        })
        .sum();
    (read, write)
}

/// Buffer `m` read through `map`: its address at loop index 0 and its byte stride along each
/// loop axis of `order` (the ABI's composition of map and strides).
pub(crate) fn compose(m: &Mem, map: &IndexMap, order: &[usize]) -> (usize, Vec<i64>) {
    let mut base = m.addr as i64;
    let mut strides = vec![0i64; order.len()];
    for (e, &st) in map.0.iter().zip(&m.strides) {
        let st = st as i64;
        base = base.wrapping_add(st.wrapping_mul(e.offset));
        for &(a, c) in &e.terms {
            if let Some(pos) = order.iter().position(|&o| o == a) {
                strides[pos] = strides[pos].wrapping_add(st.wrapping_mul(c));
            }
        }
    }
    (base as usize, strides)
}

/// Runs a library-call kernel through the host (its maps were checked over the operands).
pub(crate) fn call(
    k: &Kernel,
    f: LibCall,
    syms: &Syms,
    reads: &[(Mem, IndexMap)],
    mems: &[Mem],
    host: &dyn Host,
) -> Result<(), Error> {
    let KernelKind::Call { operands, .. } = &k.kind else {
        return Err(bad(format!("{}: not a call", k.name)));
    };
    let domain = dims(&k.domain, syms)?;
    let out = match k.outputs.as_slice() {
        [o] if writes_in_order(&o.map, &domain) => &mems[o.buffer.index()],
        _ => {
            return Err(bad(format!(
                "{}: a call writes one output in order",
                k.name
            )));
        }
    };
    let shapes: Vec<Vec<usize>> = operands
        .iter()
        .map(|s| dims(s, syms))
        .collect::<Result<_, _>>()?;
    let parts: Vec<(usize, Vec<isize>)> = reads
        .iter()
        .zip(&shapes)
        .map(|((m, map), s)| {
            let (base, st) = compose(m, map, &(0..s.len()).collect::<Vec<_>>());
            (base, st.into_iter().map(|x| x as isize).collect())
        })
        .collect();
    let views: Vec<BufferView<'_>> = parts
        .iter()
        .zip(reads.iter().zip(&shapes))
        .map(|((base, st), ((m, _), s))| BufferView {
            ptr: *base as *const u8,
            dtype: m.dtype,
            shape: s,
            strides: st,
        })
        .collect();
    let dst = BufferMut {
        ptr: out.addr as *mut u8,
        dtype: out.dtype,
        shape: &out.shape,
    };
    host.call(f, &views, dst).map_err(Error::Call)
}

/// True when `map` addresses the domain's elements in order: the identity, except that an
/// axis of length 1 may be written as the constant 0 (fusion canonicalises unit axes so).
fn writes_in_order(map: &IndexMap, domain: &[usize]) -> bool {
    map.0.len() == domain.len()
        && map.0.iter().enumerate().all(|(a, e)| {
            *e == numfuse_ir::kernel::Affine::axis(a)
                || (domain[a] == 1
                    && e.offset == 0
                    && e.terms.iter().all(|&(ax, _)| domain.get(ax) == Some(&1)))
        })
}

/// Copies `src` (any strides) into `dst` (contiguous, same shape and dtype).
///
/// # Safety
/// `src` must be readable at every index of its shape, `dst` writable over its whole
/// contiguous extent, and the two disjoint.
pub(crate) unsafe fn copy(src: &Mem, dst: &Mem) {
    let item = src.dtype.itemsize();
    let n = src.size();
    let mut idx = vec![0usize; src.shape.len()];
    for flat in 0..n {
        let off: isize = idx
            .iter()
            .zip(&src.strides)
            .map(|(&i, &s)| i as isize * s)
            .sum();
        // SAFETY: the caller's contract: `off` addresses an element of `src`, `flat` one of
        // `dst`, and they do not overlap.
        unsafe {
            std::ptr::copy_nonoverlapping(
                (src.addr as *const u8).offset(off),
                (dst.addr as *mut u8).add(flat * item),
                item,
            );
        }
        for a in (0..idx.len()).rev() {
            idx[a] += 1;
            if idx[a] < src.shape[a] {
                break;
            }
            idx[a] = 0;
        }
    }
}

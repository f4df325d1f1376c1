//! Epilogue fusion: an elementwise kernel that finishes a reduction or a scan joins it.
//!
//! `sqrt(sum(d*d, axis=2))` is built as a reduction kernel writing a temporary and an
//! elementwise kernel taking its square root. When the elementwise kernel is the only reader of
//! the temporary, reads it at exactly its own index (no broadcast: its domain is the
//! temporary's shape), and the producer has that one output, the two become one kernel: the
//! producer's body, then the consumer's body as an epilogue run once per output index, reading
//! the accumulated value instead of the buffer. The temporary disappears.
//!
//! A reduction whose result is broadcast back over the reduced axes (softmax's `x - max`) does
//! not qualify, so it still ends its kernel.

use super::build::normalize;
use crate::kernel::{
    Buffer, BufferKind, Expr, IndexMap, Inst, Kernel, KernelInput, KernelKind, KernelOutput, Val,
};
use std::collections::HashMap;

/// Merges every qualifying (producer, elementwise consumer) pair, repeatedly.
pub(super) fn merge_epilogues(kernels: &mut Vec<Kernel>, buffers: &[Buffer]) {
    'again: loop {
        for j in 0..kernels.len() {
            if kernels[j].kind != KernelKind::Elementwise {
                continue;
            }
            for q in 0..kernels[j].inputs.len() {
                if let Some(p) = producer(kernels, buffers, j, q) {
                    let merged = merge(&kernels[p], &kernels[j], q);
                    kernels[j] = merged;
                    kernels.remove(p);
                    continue 'again;
                }
            }
        }
        return;
    }
}

/// The kernel whose result consumer `j` can take as an epilogue through its input `q`.
fn producer(kernels: &[Kernel], buffers: &[Buffer], j: usize, q: usize) -> Option<usize> {
    let k = &kernels[j];
    let inp = &k.inputs[q];
    let buf = &buffers[inp.buffer.index()];
    let readers: usize = kernels
        .iter()
        .map(|k| k.inputs.iter().filter(|i| i.buffer == inp.buffer).count())
        .sum();
    let identity = normalize(IndexMap::identity(k.domain.rank()), &k.domain);
    let exact = buf.kind == BufferKind::Temp
        && readers == 1
        && buf.shape == k.domain
        && inp.shape == buf.shape
        && inp.map == identity;
    if !exact {
        return None;
    }
    let p = kernels[..j]
        .iter()
        .position(|k| k.outputs.iter().any(|o| o.buffer == inp.buffer))?;
    let pk = &kernels[p];
    let kind_ok = matches!(pk.kind, KernelKind::Reduce { .. } | KernelKind::Scan { .. });
    (kind_ok && pk.outputs.len() == 1).then_some(p)
}

/// `producer` with `consumer` appended as its epilogue; `q` is the consumer's input that reads
/// the producer's result.
fn merge(producer: &Kernel, consumer: &Kernel, q: usize) -> Kernel {
    let mut out = producer.clone();
    // The producer's store is replaced by the consumer's reads of the stored value.
    let stored = out.body.iter().rev().find_map(|i| match i {
        Inst::Store { value, .. } => Some(*value),
        Inst::Let { .. } => None,
    });
    out.body.retain(|i| !matches!(i, Inst::Store { .. }));
    // Consumer index axis k is producer domain axis full(k) (None: a kept length-1 axis).
    let full = |k: usize| -> Option<usize> {
        match &producer.kind {
            KernelKind::Reduce {
                axes,
                keepdims: false,
            } => (0..producer.domain.rank())
                .filter(|a| !axes.contains(a))
                .nth(k),
            KernelKind::Reduce { axes, .. } => (!axes.contains(&k)).then_some(k),
            _ => Some(k),
        }
    };
    let rename = |m: &IndexMap| IndexMap(m.0.iter().map(|e| e.renamed(full)).collect());
    let mut inputs: HashMap<u32, u32> = HashMap::new();
    for (r, inp) in consumer.inputs.iter().enumerate() {
        if r == q {
            continue;
        }
        let moved = KernelInput {
            buffer: inp.buffer,
            shape: inp.shape.clone(),
            map: rename(&inp.map),
        };
        let at = out
            .inputs
            .iter()
            .position(|i| *i == moved)
            .unwrap_or_else(|| {
                out.inputs.push(moved);
                out.inputs.len() - 1
            });
        inputs.insert(r as u32, at as u32);
    }
    let mut args: HashMap<u32, u32> = HashMap::new();
    for (c, a) in consumer.args.iter().enumerate() {
        let at = out.args.iter().position(|b| b == a).unwrap_or_else(|| {
            out.args.push(*a);
            out.args.len() - 1
        });
        args.insert(c as u32, at as u32);
    }
    let mut next = out
        .body
        .iter()
        .filter(|i| matches!(i, Inst::Let { .. }))
        .count() as u32;
    let mut temps: HashMap<u32, Val> = HashMap::new();
    let scan = matches!(producer.kind, KernelKind::Scan { .. });
    let loaded: HashMap<u32, Val> = out
        .body
        .iter()
        .filter_map(|i| match i {
            Inst::Let {
                temp,
                expr: Expr::Load(k),
                ..
            } => Some((*k, Val::Temp(*temp))),
            _ => None,
        })
        .collect();
    let v = |temps: &HashMap<u32, Val>, x: Val| match x {
        Val::Temp(t) => temps.get(&t).copied().unwrap_or(x),
        Val::Arg(c) => Val::Arg(args.get(&c).copied().unwrap_or(c)),
    };
    for inst in &consumer.body {
        match inst {
            Inst::Let { temp, expr, .. } if *expr == Expr::Load(q as u32) => {
                if let Some(s) = stored {
                    temps.insert(*temp, s);
                }
            }
            Inst::Let {
                temp,
                expr: Expr::Load(k),
                ..
            } if scan && inputs.get(k).is_some_and(|i| loaded.contains_key(i)) => {
                // A scan's epilogue runs at the element just loaded: reuse that load.
                let at = inputs.get(k).and_then(|i| loaded.get(i));
                if let Some(&t) = at {
                    temps.insert(*temp, t);
                }
            }
            Inst::Let { temp, dtype, expr } => {
                let expr = match expr {
                    Expr::Load(k) => Expr::Load(inputs.get(k).copied().unwrap_or(*k)),
                    Expr::Unary(op, x) => Expr::Unary(*op, v(&temps, *x)),
                    Expr::Binary(op, x, y) => Expr::Binary(*op, v(&temps, *x), v(&temps, *y)),
                    Expr::Select(c, x, y) => {
                        Expr::Select(v(&temps, *c), v(&temps, *x), v(&temps, *y))
                    }
                    Expr::Cast(x) => Expr::Cast(v(&temps, *x)),
                    Expr::Reduce(op, x) => Expr::Reduce(*op, v(&temps, *x)),
                    Expr::Scan(op, x) => Expr::Scan(*op, v(&temps, *x)),
                    Expr::Call(f, ins) => Expr::Call(*f, ins.clone()),
                };
                out.body.push(Inst::Let {
                    temp: next,
                    dtype: *dtype,
                    expr,
                });
                temps.insert(*temp, Val::Temp(next));
                next += 1;
            }
            Inst::Store { output, value } => out.body.push(Inst::Store {
                output: *output,
                value: v(&temps, *value),
            }),
        }
    }
    out.outputs = consumer
        .outputs
        .iter()
        .map(|o| KernelOutput {
            buffer: o.buffer,
            map: rename(&o.map),
        })
        .collect();
    out
}

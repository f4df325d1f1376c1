//! Call signatures (what a plan is keyed by) and the argument inputs a trace starts from.

use crate::array::Array;
use crate::ir::{DType, Dim, Graph, NodeId, Shape, Sym};
use crate::lazy::{Builder, Expr, input_name};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// A call signature: per argument the dtype and, per axis, 0 for length 0, 1 for length 1,
/// and `k + 2` for the k-th distinct other length (invariant 1).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(super) struct Signature(Vec<(DType, Vec<u32>)>);

impl Signature {
    pub(super) fn of(args: &[&Array]) -> Signature {
        let mut seen: Vec<usize> = Vec::new();
        let mut class = |n: usize| -> u32 {
            match n {
                0 | 1 => n as u32,
                _ => {
                    let k = match seen.iter().position(|&m| m == n) {
                        Some(k) => k,
                        None => {
                            seen.push(n);
                            seen.len() - 1
                        }
                    };
                    k as u32 + 2
                }
            }
        };
        Signature(
            args.iter()
                .map(|a| (a.dtype(), a.shape().iter().map(|&n| class(n)).collect()))
                .collect(),
        )
    }

    /// Argument `i`'s shape over symbols `n0, n1, ...`.
    pub(super) fn shape(&self, i: usize) -> Shape {
        Shape(
            self.0[i]
                .1
                .iter()
                .map(|&c| match c {
                    0 | 1 => Dim::Fixed(c as usize),
                    k => Dim::Sym(Sym::new(&format!("n{}", k - 2))),
                })
                .collect(),
        )
    }

    pub(super) fn text(&self) -> String {
        let parts: Vec<String> = (0..self.0.len())
            .map(|i| format!("{}{}", self.0[i].0, self.shape(i)))
            .collect();
        format!("({})", parts.join(", "))
    }
}

pub(super) fn shapes(args: &[&Array]) -> Vec<Vec<usize>> {
    args.iter().map(|a| a.shape().to_vec()).collect()
}

/// A builder whose first inputs are the arguments, bound by position (`pinned`), with
/// symbolic lengths from `sig` or the arrays' own.
pub(super) fn build_args(sig: &Signature, args: &[&Array], symbolic: bool) -> Arc<Mutex<Builder>> {
    let mut b = Builder::new();
    for (i, a) in args.iter().enumerate() {
        let shape = if symbolic {
            sig.shape(i)
        } else {
            Shape::fixed(a.shape())
        };
        for (d, &n) in shape.dims().iter().zip(a.shape()) {
            if let Dim::Sym(s) = d {
                b.sym_lengths.insert(s.as_str().to_string(), n);
            }
        }
        b.graph.input(&input_name(i), a.dtype(), shape);
        b.arrays.push((*a).clone());
    }
    b.pinned = args.len();
    Arc::new(Mutex::new(b))
}

/// One expression per pinned input of `builder`.
pub(super) fn pinned_exprs(builder: Arc<Mutex<Builder>>) -> Vec<Expr> {
    let ids: Vec<NodeId> = {
        let b = builder.lock().unwrap_or_else(|e| e.into_inner());
        b.graph.inputs()[..b.pinned]
            .iter()
            .map(|i| i.node)
            .collect()
    };
    ids.into_iter()
        .map(|id| Expr {
            builder: Arc::clone(&builder),
            id,
        })
        .collect()
}

/// The lengths `arrays` give the symbols of `g`'s inputs.
pub(super) fn lengths(g: &Graph, arrays: &[Array]) -> HashMap<String, usize> {
    let mut syms = HashMap::new();
    for (inp, a) in g.inputs().iter().zip(arrays) {
        for (d, &n) in g.node(inp.node).shape.dims().iter().zip(a.shape()) {
            if let Dim::Sym(s) = d {
                syms.entry(s.as_str().to_string()).or_insert(n);
            }
        }
    }
    syms
}

/// `g` with every symbol replaced by its length (for the eager backend, which runs on
/// concrete shapes).
pub(super) fn concretize(g: &Graph, syms: &HashMap<String, usize>) -> Graph {
    let sub = |s: &Shape| {
        Shape(
            s.dims()
                .iter()
                .map(|d| match d {
                    Dim::Fixed(n) => Dim::Fixed(*n),
                    Dim::Sym(x) => Dim::Fixed(syms.get(x.as_str()).copied().unwrap_or(0)),
                })
                .collect(),
        )
    };
    let mut new = Graph::new(g.name());
    let mut map: Vec<Option<NodeId>> = vec![None; g.len()];
    for inp in g.inputs() {
        let n = g.node(inp.node);
        map[inp.node.index()] = Some(new.input(&inp.name, n.dtype, sub(&n.shape)));
    }
    for id in g.topo_order() {
        if map[id.index()].is_some() {
            continue;
        }
        let mut node = g.node(id).clone();
        node.shape = sub(&node.shape);
        for a in node.args.iter_mut() {
            *a = map[a.index()].unwrap_or(*a);
        }
        map[id.index()] = Some(new.intern(node));
    }
    let outs: Vec<NodeId> = g
        .outputs()
        .iter()
        .map(|o| map[o.index()].unwrap_or(*o))
        .collect();
    new.set_outputs(&outs);
    new
}

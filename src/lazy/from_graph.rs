//! [`Expr::from_graph`]: expressions for the outputs of a graph given in the text form, its
//! inputs bound to arrays. This is how a graph written by hand (a filetest, a saved
//! `explain` listing) is evaluated, explained and compared like one built with the operators.
//!
//! Invariants:
//! 1. Graph input `i` is bound to `arrays[i]`: the dtypes and ranks are equal, every fixed
//!    length equals the array's, and each symbol (`n`) takes one length, the same on every axis
//!    that names it.
//! 2. Every node's shape has its symbols replaced by their lengths, so the expressions have
//!    fixed shapes like those the front end builds (the builder's invariant 2). Nothing else
//!    in a node changes.
//! 3. The graph is not verified here: `eval` and `explain` verify it (the driver's invariant 1),
//!    so a node whose declared type does not fit its operands is reported as any invalid
//!    expression is, with the expression it belongs to.

use super::{Builder, Expr};
use crate::array::Array;
use crate::ir::shape::{Dim, Sym};
use crate::ir::{Graph, NodeId, Op, Shape};
use crate::{Error, Result};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

fn shape_error(msg: String) -> Error {
    Error::Shape {
        op: "from_graph",
        msg,
    }
}

/// The lengths of the symbols of `graph`'s inputs, taken from `arrays` (invariant 1).
fn bind_symbols(graph: &Graph, arrays: &[Array]) -> Result<HashMap<Sym, usize>> {
    if graph.inputs().len() != arrays.len() {
        return Err(Error::Value {
            op: "from_graph",
            msg: format!(
                "graph %{} takes {} input(s), {} array(s) given",
                graph.name(),
                graph.inputs().len(),
                arrays.len()
            ),
        });
    }
    let mut symbols: HashMap<Sym, usize> = HashMap::new();
    for (input, array) in graph.inputs().iter().zip(arrays) {
        let node = graph.node(input.node);
        if node.dtype != array.dtype() {
            return Err(Error::DType {
                op: "from_graph",
                got: array.dtype(),
                expected: format!("{} for input {}", node.dtype.name(), input.name),
            });
        }
        if node.shape.rank() != array.ndim() {
            return Err(shape_error(format!(
                "input {} is {}, the array has shape {:?}",
                input.name,
                node.shape,
                array.shape()
            )));
        }
        for (dim, &len) in node.shape.dims().iter().zip(array.shape()) {
            let fits = match dim {
                Dim::Fixed(n) => *n == len,
                Dim::Sym(s) => *symbols.entry(s.clone()).or_insert(len) == len,
            };
            if !fits {
                return Err(shape_error(format!(
                    "input {} is {}, the array has shape {:?}{}",
                    input.name,
                    node.shape,
                    array.shape(),
                    match dim {
                        Dim::Sym(s) => format!(" ({s} is {} already)", symbols[s]),
                        Dim::Fixed(_) => String::new(),
                    }
                )));
            }
        }
    }
    Ok(symbols)
}

/// `shape` with every symbol replaced by its length (invariant 2).
fn fixed(shape: &Shape, symbols: &HashMap<Sym, usize>) -> Result<Shape> {
    let dims = shape
        .dims()
        .iter()
        .map(|d| match d {
            Dim::Fixed(n) => Ok(Dim::Fixed(*n)),
            Dim::Sym(s) => symbols.get(s).map(|&n| Dim::Fixed(n)).ok_or_else(|| {
                shape_error(format!("symbol {s} is not the length of any input axis"))
            }),
        })
        .collect::<Result<_>>()?;
    Ok(Shape(dims))
}

impl Expr {
    /// Expressions for the outputs of `graph` (in `return` order), its inputs bound to
    /// `arrays` in signature order. Symbolic lengths (`f64[n]`) take the arrays' lengths.
    /// Inputs bound to the same array become one input, as when expressions are combined.
    ///
    /// # Errors
    /// [`Error::Value`] for the wrong number of arrays, [`Error::DType`] for an array of
    /// another dtype than its input, [`Error::Shape`] for a rank or length that does not fit
    /// (or a symbol that no input axis defines). A graph that does not verify is reported by
    /// `eval`/`explain`, as for any invalid expression.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let g = numfuse::ir::text::parse(
    ///     "graph %axpy(x: f64[n], y: f64[n]) -> f64[n] {
    ///         v1: f64[n] = multiply x, 2.0
    ///         v2: f64[n] = add v1, y
    ///         return v2
    ///     }",
    /// ).unwrap();
    /// let out = Expr::from_graph(&g, &[array![1.0, 2.0], array![10.0, 20.0]])?;
    /// assert_eq!(out[0].eval()?.to_vec::<f64>()?, vec![12.0, 24.0]);
    /// assert!(Expr::from_graph(&g, &[array![1.0, 2.0], array![1.0]]).is_err());
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn from_graph(graph: &Graph, arrays: &[Array]) -> Result<Vec<Expr>> {
        let symbols = bind_symbols(graph, arrays)?;
        let mut b = Builder::new();
        let mut map: Vec<Option<NodeId>> = vec![None; graph.len()];
        for (input, array) in graph.inputs().iter().zip(arrays) {
            map[input.node.index()] = Some(b.bind(array));
        }
        for id in graph.topo_order() {
            if map[id.index()].is_some() {
                continue;
            }
            let mut node = graph.node(id).clone();
            if matches!(node.op, Op::Input(_)) {
                continue; // every input was bound above
            }
            for a in node.args.iter_mut() {
                *a = map[a.index()].ok_or_else(|| Error::Value {
                    op: "from_graph",
                    msg: format!("operand {a} of {id} is not an earlier node"),
                })?;
            }
            node.shape = fixed(&node.shape, &symbols)?;
            let new = b.graph.intern(node);
            for (n, m) in graph.errors() {
                if *n == id {
                    b.graph.record_error(new, m.clone());
                }
            }
            map[id.index()] = Some(new);
        }
        let outputs: Vec<NodeId> = graph
            .outputs()
            .iter()
            .map(|o| {
                map[o.index()].ok_or_else(|| Error::Value {
                    op: "from_graph",
                    msg: format!("output {o} is not a node of the graph"),
                })
            })
            .collect::<Result<_>>()?;
        let builder = Arc::new(Mutex::new(b));
        Ok(outputs
            .into_iter()
            .map(|id| Expr {
                builder: Arc::clone(&builder),
                id,
            })
            .collect())
    }
}

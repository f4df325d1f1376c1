//! Errors of lazy expressions: the first invalid node of a graph as a [`numfuse::Error`]
//! (the variant the eager call would return), wrapped with the expression it came from.
//!
//! The verifier reports problems in arena order, so the first one is the root cause: every
//! later node built on an invalid one inherits a best-guess type and may report a follow-on
//! problem. Front-end checks (axes, slices, reshape) stored their eager error as a typed error
//! against the node; for the rest the node's op and operands decide the variant.

use crate::Error;
use crate::ir::{Graph, NodeId, Op, Shape, VerifyErrors};
use std::collections::HashMap;

/// A copy of an error (the I/O variant, which the front end never records, becomes `Value`).
pub(crate) fn clone_error(e: &Error) -> Error {
    match e {
        Error::Broadcast { op, shapes } => Error::Broadcast {
            op,
            shapes: shapes.clone(),
        },
        Error::Shape { op, msg } => Error::Shape {
            op,
            msg: msg.clone(),
        },
        Error::AxisOutOfRange { axis, ndim } => Error::AxisOutOfRange {
            axis: *axis,
            ndim: *ndim,
        },
        Error::IndexOutOfBounds { index, axis, len } => Error::IndexOutOfBounds {
            index: *index,
            axis: *axis,
            len: *len,
        },
        Error::Index { msg } => Error::Index { msg: msg.clone() },
        Error::DType { op, got, expected } => Error::DType {
            op,
            got: *got,
            expected: expected.clone(),
        },
        Error::Value { op, msg } => Error::Value {
            op,
            msg: msg.clone(),
        },
        Error::Expr { expr, source } => Error::Expr {
            expr: expr.clone(),
            source: Box::new(clone_error(source)),
        },
        other => Error::Value {
            op: "lazy",
            msg: other.to_string(),
        },
    }
}

fn fixed(s: &Shape) -> Vec<usize> {
    super::dims(s)
}

/// The error for the first problem of `errs` found in `graph`, naming its expression.
pub(crate) fn from_verify(
    graph: &Graph,
    errs: &VerifyErrors,
    typed: &HashMap<NodeId, Error>,
) -> Error {
    let Some(first) = errs.0.first() else {
        return Error::Value {
            op: "verify",
            msg: "the graph is invalid".to_string(),
        };
    };
    let Some(id) = first.node.filter(|n| n.index() < graph.len()) else {
        return Error::Value {
            op: "verify",
            msg: first.message.clone(),
        };
    };
    let source = match typed.get(&id) {
        Some(e) => clone_error(e),
        None => node_error(graph, id, &first.message),
    };
    Error::Expr {
        expr: crate::ir::text::expr(graph, id, 2),
        source: Box::new(source),
    }
}

/// The eager error variant for an invalid node with the verifier's `msg`.
fn node_error(g: &Graph, id: NodeId, msg: &str) -> Error {
    let node = g.node(id);
    let operand_shapes: Vec<Vec<usize>> =
        node.args.iter().map(|a| fixed(&g.node(*a).shape)).collect();
    let broadcasts = || {
        let shapes: Vec<&Shape> = node.args.iter().map(|a| &g.node(*a).shape).collect();
        Shape::broadcast(&shapes).is_ok()
    };
    let op = node.op.mnemonic();
    match &node.op {
        Op::Binary(_) | Op::Select if !broadcasts() => Error::Broadcast {
            op,
            shapes: operand_shapes,
        },
        Op::Broadcast => Error::Broadcast {
            op: "broadcast_to",
            shapes: vec![
                operand_shapes.first().cloned().unwrap_or_default(),
                fixed(&node.shape),
            ],
        },
        Op::Unary(_) | Op::Binary(_) | Op::Select | Op::Cast => Error::Value {
            op,
            msg: msg.to_string(),
        },
        Op::Call(_) => Error::Shape {
            op,
            msg: msg.strip_prefix("matmul: ").unwrap_or(msg).to_string(),
        },
        Op::Permute(_) => Error::Value {
            op: "transpose",
            msg: msg.to_string(),
        },
        Op::Squeeze(_) | Op::Reduce { .. } | Op::Scan { .. } => Error::Value {
            op,
            msg: msg.to_string(),
        },
        _ => Error::Shape {
            op,
            msg: msg.to_string(),
        },
    }
}

//! The printer: a graph in the text form described in [`crate::text`].
//!
//! Invariants:
//! 1. Deterministic: the output depends only on the graph's structure ([`Graph`]'s `==`), never
//!    on arena ids, so equal graphs print the same text.
//! 2. Total: any graph prints without panicking, including graphs with recorded errors, nodes
//!    whose operands do not fit their op, and outputs that are inputs or constants. Such text
//!    need not parse back; text printed from a graph the parser can build does.
//! 3. A constant prints with a dtype suffix exactly when [`weak_dtype`] next to the other
//!    operands of the node that uses it would not give its dtype back (see [`literal`]).

use crate::dtype::DType;
use crate::graph::{Graph, Node, NodeId, weak_dtype};
use crate::op::{Lit, Op, SliceAxis};
use crate::shape::{Dim, Shape};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The graph in the text form.
pub fn print(graph: &Graph) -> String {
    print_annotated(graph, &|_| Vec::new())
}

/// The graph in the text form, with `; <note>` lines after the line of each node for which
/// `notes` returns something (the verifier's `; error:` lines). Notes for inputs follow the
/// signature line (in signature order); notes for a constant follow the first line that uses
/// it (the `return` line for a constant output). Nodes the outputs do not reach print no line
/// and get no notes. Graph-level notes (for `None` nodes) are not printed here.
pub fn print_annotated(graph: &Graph, notes: &dyn Fn(NodeId) -> Vec<String>) -> String {
    let order = graph.topo_order();
    let names = names_in(graph, &order);
    let mut out = String::new();
    let mut noted = vec![false; graph.len()];
    let mut add_notes = |out: &mut String, id: NodeId| {
        if let Some(done) = noted.get_mut(id.index())
            && !std::mem::replace(done, true)
        {
            for note in notes(id) {
                let _ = writeln!(out, "    ; {note}");
            }
        }
    };

    // The signature.
    let inputs: Vec<String> = graph
        .inputs()
        .iter()
        .map(|i| format!("{}: {}", i.name, type_of(graph, i.node)))
        .collect();
    let results: Vec<String> = graph.outputs().iter().map(|&o| type_of(graph, o)).collect();
    let result = if results.len() == 1 {
        results[0].clone()
    } else {
        format!("({})", results.join(", "))
    };
    let _ = writeln!(
        out,
        "graph %{}({}) -> {result} {{",
        graph.name(),
        inputs.join(", ")
    );
    for i in graph.inputs() {
        add_notes(&mut out, i.node);
    }

    // One line per named node, then the notes of the constants it is the first to use.
    let operand = |a: NodeId| -> String {
        names
            .get(&a)
            .cloned()
            .unwrap_or_else(|| format!("?{}", a.index()))
    };
    for &id in &order {
        let node = graph.node(id);
        if is_input(graph, id) || matches!(node.op, Op::Const(_)) {
            continue;
        }
        let name = names.get(&id).cloned().unwrap_or_default();
        let _ = writeln!(
            out,
            "    {name}: {} = {}",
            type_str(node.dtype, &node.shape),
            rhs(graph, node, &operand)
        );
        add_notes(&mut out, id);
        for &a in &node.args {
            if is_const(graph, a) {
                add_notes(&mut out, a);
            }
        }
    }

    // The return line.
    let returned: Vec<String> = graph
        .outputs()
        .iter()
        .map(|&o| match graph.as_const(o) {
            Some(v) => literal(v, graph.node(o).dtype, &[]),
            None => names
                .get(&o)
                .cloned()
                .unwrap_or_else(|| format!("?{}", o.index())),
        })
        .collect();
    if returned.is_empty() {
        out.push_str("    return\n");
    } else {
        let _ = writeln!(out, "    return {}", returned.join(", "));
    }
    for &o in graph.outputs() {
        if is_const(graph, o) {
            add_notes(&mut out, o);
        }
    }
    out.push_str("}\n");
    out
}

/// The printed name of every node the printer names (`a` for inputs, `v1`...), by arena id.
/// Constants have no name (they print inline).
pub fn names(graph: &Graph) -> HashMap<NodeId, String> {
    names_in(graph, &graph.topo_order())
}

fn names_in(graph: &Graph, order: &[NodeId]) -> HashMap<NodeId, String> {
    let mut names: HashMap<NodeId, String> = graph
        .inputs()
        .iter()
        .map(|i| (i.node, i.name.clone()))
        .collect();
    let mut next = 1usize;
    for &id in order {
        if names.contains_key(&id) || is_const(graph, id) {
            continue;
        }
        names.insert(id, format!("v{next}"));
        next += 1;
    }
    names
}

/// One node as an inline expression, for rewrite records: the op and its operands, where an
/// operand that is an input or a constant prints as its name or literal and any other operand
/// prints nested in parentheses down to `depth` levels, then as `(...)`.
/// `expr(g, v3, 2)` gives `add (multiply a, 2.0), (multiply a, 3.0)`.
///
/// An input prints as its name and a constant as its literal (with a suffix unless its dtype
/// is the default of its kind).
pub fn expr(graph: &Graph, id: NodeId, depth: usize) -> String {
    if id.index() >= graph.len() {
        return format!("?{}", id.index());
    }
    let node = graph.node(id);
    if let Some(i) = graph.inputs().iter().find(|i| i.node == id) {
        return i.name.clone();
    }
    if let Op::Const(v) = node.op {
        return literal(v, node.dtype, &[]);
    }
    let operand = |a: NodeId| -> String {
        if is_input(graph, a) {
            expr(graph, a, 0)
        } else if depth == 0 {
            "(...)".to_string()
        } else {
            format!("({})", expr(graph, a, depth - 1))
        }
    };
    rhs(graph, node, &operand)
}

/// `dtype[shape]`.
fn type_str(dtype: DType, shape: &Shape) -> String {
    format!("{dtype}{shape}")
}

/// The declared type of a node, or `?` for an id that is not in the graph.
fn type_of(graph: &Graph, id: NodeId) -> String {
    if id.index() < graph.len() {
        let n = graph.node(id);
        type_str(n.dtype, &n.shape)
    } else {
        "?".to_string()
    }
}

fn is_input(graph: &Graph, id: NodeId) -> bool {
    graph.inputs().iter().any(|i| i.node == id)
}

fn is_const(graph: &Graph, id: NodeId) -> bool {
    id.index() < graph.len() && matches!(graph.node(id).op, Op::Const(_))
}

/// The dtypes that decide the weak dtype of a literal operand `i` of `node`: the other
/// operands that are not constants (for `where`, the other branch only; for its condition,
/// none). The parser uses the same rule on the declared dtypes.
pub(super) fn literal_context(
    node_op: &Op,
    operand_dtypes: &[Option<DType>],
    i: usize,
) -> Vec<DType> {
    let pick = |j: usize| operand_dtypes.get(j).copied().flatten();
    match node_op {
        Op::Select => match i {
            1 => pick(2).into_iter().collect(),
            2 => pick(1).into_iter().collect(),
            _ => Vec::new(),
        },
        _ => (0..operand_dtypes.len())
            .filter(|&j| j != i)
            .filter_map(pick)
            .collect(),
    }
}

/// The text after `=` on a node's line: the op, its operands (each from `operand`, or as a
/// literal when it is a constant) and its parameters.
fn rhs(graph: &Graph, node: &Node, operand: &dyn Fn(NodeId) -> String) -> String {
    // The declared dtype of each operand that is not a constant (None for constants).
    let dtypes: Vec<Option<DType>> = node
        .args
        .iter()
        .map(|&a| (a.index() < graph.len() && !is_const(graph, a)).then(|| graph.node(a).dtype))
        .collect();
    let args: Vec<String> = node
        .args
        .iter()
        .enumerate()
        .map(|(i, &a)| match const_at(graph, a) {
            Some(v) => literal(
                v,
                graph.node(a).dtype,
                &literal_context(&node.op, &dtypes, i),
            ),
            None => operand(a),
        })
        .collect();
    let args = args.join(", ");
    let operand_dims = |i: usize| -> Vec<Dim> {
        node.args
            .get(i)
            .filter(|a| a.index() < graph.len())
            .map(|&a| graph.node(a).shape.dims().to_vec())
            .unwrap_or_default()
    };
    let list = |xs: &[usize]| {
        let items: Vec<String> = xs.iter().map(usize::to_string).collect();
        format!("[{}]", items.join(", "))
    };
    let m = node.op.mnemonic();
    match &node.op {
        Op::Input(i) => format!("input {i}"),
        Op::Const(v) => literal(*v, node.dtype, &[]),
        Op::Unary(_) | Op::Binary(_) | Op::Select | Op::Cast | Op::Broadcast | Op::Reshape => {
            format!("{m} {args}")
        }
        Op::Reduce { axes, keepdims, .. } => {
            let keep = if *keepdims { ", keepdims" } else { "" };
            format!("{m} {args}, axes={}{keep}", list(axes))
        }
        Op::Scan { axis, .. } => format!("{m} {args}, axis={axis}"),
        Op::Permute(p) | Op::ExpandDims(p) | Op::Squeeze(p) => format!("{m} {args}, {}", list(p)),
        Op::Slice(spec) => {
            let dims = operand_dims(0);
            let items: Vec<String> = spec
                .iter()
                .enumerate()
                .map(|(k, s)| slice_entry(s, dims.get(k)))
                .collect();
            format!("{m} {args}, [{}]", items.join(", "))
        }
        Op::Call(f) => format!("call {f}({args})"),
    }
}

/// One slice entry against an operand axis: [`SliceAxis::display`] for a fixed length; for a
/// symbolic or missing axis (an ill-typed slice) the entry as if the axis were unbounded.
fn slice_entry(s: &SliceAxis, dim: Option<&Dim>) -> String {
    match dim {
        Some(Dim::Fixed(n)) => s.display(*n),
        _ => s.display(usize::MAX),
    }
}

/// A constant as an operand: its value, with a dtype suffix unless [`weak_dtype`] next to
/// `context` gives `dtype` back. Integers print in decimal, floats in the shortest form that
/// reads back to the same value of their dtype (always with a `.`, an exponent, or as `inf`,
/// `-inf`, `nan`), booleans as `true`/`false`.
pub(super) fn literal(value: Lit, dtype: DType, context: &[DType]) -> String {
    let text = match value {
        Lit::Bool(b) => b.to_string(),
        Lit::Int(i) => i.to_string(),
        Lit::Float(x) => float_text(x.get(), dtype == DType::F32),
    };
    if weak_dtype(context, value) == dtype {
        text
    } else {
        format!("{text}{dtype}")
    }
}

/// The shortest text that reads back to `x` (as an `f32` when `single`).
fn float_text(x: f64, single: bool) -> String {
    if x.is_nan() {
        return "nan".to_string();
    }
    if x.is_infinite() {
        return if x > 0.0 { "inf" } else { "-inf" }.to_string();
    }
    // Debug is the shortest round-trip form and always has a `.` or an exponent.
    if single {
        format!("{:?}", x as f32)
    } else {
        format!("{x:?}")
    }
}

/// The value of a constant node, or `None` for any other node or an id outside the graph.
fn const_at(graph: &Graph, id: NodeId) -> Option<Lit> {
    if id.index() < graph.len() {
        graph.as_const(id)
    } else {
        None
    }
}

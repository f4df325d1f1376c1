//! A random graph generator for the property tests: a short program of instructions, each
//! applied with the builder API to earlier nodes, over `f64` and `i64` inputs of small fixed
//! shapes (and bools from comparisons). An instruction whose node would not be valid (no loop
//! for the dtype, shapes that do not broadcast, an axis out of range) is skipped, so every
//! generated graph is valid by construction.
//!
//! Besides plain ufuncs, casts, `where`, reductions, scans and views, the generator emits the
//! patterns the simplification rules target (`a*k1 + a*k2`, `(x + c)*k - x`, `x**2`, `x**0.5`,
//! `x/c`, `-(-x)`, `x*1`, `x + 0`, `x - x`, `where` of a constant, ...), and constants combined
//! with constants for folding, with the special values 0, 1, 2, 0.5 and -1 among the constants.

use numfuse_ir::graph::Arg;
use numfuse_ir::op::{Lit, SliceAxis};
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, NodeId, ReduceOp, ScanOp, UnaryOp};
use proptest::prelude::*;

/// One step of a generated program; the `u8`s pick ops, operands and constants.
#[derive(Clone, Debug)]
pub enum Instr {
    /// A one-input ufunc.
    Unary(u8, u8),
    /// A two-input ufunc of two nodes.
    Binary(u8, u8, u8),
    /// A two-input ufunc of a node and a weak constant (on the right unless the flag is set).
    WithConst(u8, u8, u8, bool),
    /// A two-input ufunc of two strong constants (`f64` or `i64`), then added to a node.
    ConstConst(u8, u8, u8, u8),
    /// `where(x > y, x, y)`-like selects and `where` of a constant condition.
    Select(u8, u8, u8, u8),
    /// A cast to one of a few dtypes.
    Cast(u8, u8),
    /// A reduction over an axis choice, with or without keepdims.
    Reduce(u8, u8, u8, bool),
    /// A scan along an axis.
    Scan(u8, u8, u8),
    /// A view: transpose, slice, expand/squeeze, broadcast, reshape.
    View(u8, u8, u8),
    /// A pattern a simplification rule targets.
    Pattern(u8, u8, u8, u8),
}

/// A generated test case: input shapes, the program, which nodes are outputs, input data picks.
#[derive(Clone, Debug)]
pub struct Case {
    /// Rows of the 2-d inputs.
    pub n: usize,
    /// Columns of the 2-d inputs and length of the 1-d ones.
    pub m: usize,
    /// The program.
    pub program: Vec<Instr>,
    /// Extra outputs (besides the last node), picked among the nodes.
    pub outputs: Vec<u8>,
    /// Element picks for the four inputs, indices into the value pools.
    pub data: Vec<u8>,
    /// Declare the inputs' lengths as the symbols `n` and `m` rather than numbers (then
    /// slices, broadcasts and reshapes, which need fixed lengths, are skipped).
    pub symbolic: bool,
}

/// Float constants the generator uses (weak literals and strong constants).
pub const FLOAT_CONSTS: [f64; 10] = [0.0, 1.0, 2.0, 0.5, -1.0, 3.0, -0.0, 4.0, 0.25, -2.5];
/// Integer constants.
pub const INT_CONSTS: [i64; 8] = [0, 1, 2, -1, 3, -2, 7, 64];

fn instr() -> impl Strategy<Value = Instr> {
    let b = any::<u8>;
    prop_oneof![
        2 => (b(), b()).prop_map(|(o, x)| Instr::Unary(o, x)),
        3 => (b(), b(), b()).prop_map(|(o, x, y)| Instr::Binary(o, x, y)),
        3 => (b(), b(), b(), any::<bool>()).prop_map(|(o, x, c, l)| Instr::WithConst(o, x, c, l)),
        1 => (b(), b(), b(), b()).prop_map(|(o, c1, c2, x)| Instr::ConstConst(o, c1, c2, x)),
        1 => (b(), b(), b(), b()).prop_map(|(k, c, x, y)| Instr::Select(k, c, x, y)),
        1 => (b(), b()).prop_map(|(t, x)| Instr::Cast(t, x)),
        1 => (b(), b(), b(), any::<bool>()).prop_map(|(o, x, a, k)| Instr::Reduce(o, x, a, k)),
        1 => (b(), b(), b()).prop_map(|(o, x, a)| Instr::Scan(o, x, a)),
        2 => (b(), b(), b()).prop_map(|(k, x, p)| Instr::View(k, x, p)),
        4 => (b(), b(), b(), b()).prop_map(|(k, x, c1, c2)| Instr::Pattern(k, x, c1, c2)),
    ]
}

/// Cases with 1 to 12 instructions over inputs of up to 3 x 3 elements.
pub fn case() -> impl Strategy<Value = Case> {
    (
        1usize..=3,
        1usize..=3,
        prop::collection::vec(instr(), 1..12),
        prop::collection::vec(any::<u8>(), 0..3),
        prop::collection::vec(any::<u8>(), 4 * 9),
        prop::bool::weighted(0.25),
    )
        .prop_map(|(n, m, program, outputs, data, symbolic)| Case {
            n,
            m,
            program,
            outputs,
            data,
            symbolic,
        })
}

/// Builds the case's graph: inputs `a: f64[n, m]`, `b: f64[m]`, `i: i64[n, m]`, `j: i64[m]`.
pub fn build(case: &Case) -> Graph {
    let mut g = Graph::new("generated");
    let (n, m) = (case.n, case.m);
    let (mat, row) = if case.symbolic {
        (
            Shape::from([Dim::from("n"), Dim::from("m")]),
            Shape::from([Dim::from("m")]),
        )
    } else {
        (Shape::fixed(&[n, m]), Shape::fixed(&[m]))
    };
    let mut nodes = vec![
        g.input("a", DType::F64, mat.clone()),
        g.input("b", DType::F64, row.clone()),
        g.input("i", DType::I64, mat),
        g.input("j", DType::I64, row),
    ];
    for ins in &case.program {
        // Build on a copy; keep it only if the new node is valid.
        let mut h = g.clone();
        let errors = h.errors().len();
        let id = apply(&mut h, &nodes, ins, m);
        if let Some(id) = id
            && h.errors().len() == errors
            && !nodes.contains(&id)
        {
            g = h;
            nodes.push(id);
        }
    }
    let last = *nodes.last().expect("the inputs at least");
    let mut outs = vec![last];
    for &o in &case.outputs {
        let id = nodes[o as usize % nodes.len()];
        if !outs.contains(&id) {
            outs.push(id);
        }
    }
    g.set_outputs(&outs);
    g.compacted()
}

/// Picks an operand: mostly one of the last three nodes, sometimes any.
fn pick(nodes: &[NodeId], p: u8) -> NodeId {
    let len = nodes.len();
    if p < 160 {
        nodes[len - 1 - (p as usize % len.min(3))]
    } else {
        nodes[p as usize % len]
    }
}

fn weak(c: u8) -> Arg {
    if c.is_multiple_of(2) {
        Arg::from(FLOAT_CONSTS[(c / 2) as usize % FLOAT_CONSTS.len()])
    } else {
        Arg::from(INT_CONSTS[(c / 2) as usize % INT_CONSTS.len()])
    }
}

fn fconst(c: u8) -> f64 {
    FLOAT_CONSTS[c as usize % FLOAT_CONSTS.len()]
}

fn apply(g: &mut Graph, nodes: &[NodeId], ins: &Instr, m: usize) -> Option<NodeId> {
    use BinaryOp as B;
    let binops = BinaryOp::ALL;
    let rank = |g: &Graph, x: NodeId| g.node(x).shape.rank();
    Some(match *ins {
        Instr::Unary(o, x) => {
            let op = UnaryOp::ALL[o as usize % UnaryOp::ALL.len()];
            g.unary(op, pick(nodes, x))
        }
        Instr::Binary(o, x, y) => {
            let op = binops[o as usize % binops.len()];
            g.binary(op, pick(nodes, x), pick(nodes, y))
        }
        Instr::WithConst(o, x, c, left) => {
            let op = binops[o as usize % binops.len()];
            let x = pick(nodes, x);
            if left {
                g.binary(op, weak(c), x)
            } else {
                g.binary(op, x, weak(c))
            }
        }
        Instr::ConstConst(o, c1, c2, x) => {
            let op = binops[o as usize % binops.len()];
            let strong = |g: &mut Graph, c: u8| {
                if c.is_multiple_of(2) {
                    g.constant(Lit::float(fconst(c / 2)), DType::F64)
                } else {
                    let i = INT_CONSTS[(c / 2) as usize % INT_CONSTS.len()];
                    g.constant(Lit::Int(i.into()), DType::I64)
                }
            };
            let (k1, k2) = (strong(g, c1), strong(g, c2));
            let k = g.binary(op, k1, k2);
            g.binary(B::Add, pick(nodes, x), k)
        }
        Instr::Select(k, c, x, y) => {
            let (x, y) = (pick(nodes, x), pick(nodes, y));
            if k.is_multiple_of(2) {
                let cond = g.binary(B::Greater, x, weak(c));
                g.select(cond, x, y)
            } else {
                let cond = g.constant(Lit::Bool(c.is_multiple_of(2)), DType::Bool);
                g.select(cond, x, y)
            }
        }
        Instr::Cast(t, x) => {
            const TO: [DType; 6] = [
                DType::F64,
                DType::I64,
                DType::F32,
                DType::Bool,
                DType::I32,
                DType::U8,
            ];
            g.cast(pick(nodes, x), TO[t as usize % TO.len()])
        }
        Instr::Reduce(o, x, a, keep) => {
            let op = ReduceOp::ALL[o as usize % ReduceOp::ALL.len()];
            let x = pick(nodes, x);
            let axes: Option<&[isize]> = match a % 4 {
                0 => None,
                1 => Some(&[0]),
                2 => Some(&[-1]),
                _ => Some(&[0, 1]),
            };
            g.reduce(op, x, axes, keep)
        }
        Instr::Scan(o, x, a) => {
            let op = ScanOp::ALL[o as usize % ScanOp::ALL.len()];
            let x = pick(nodes, x);
            let r = rank(g, x);
            if r == 0 {
                return None;
            }
            g.scan(op, x, (a as usize % r) as isize)
        }
        Instr::View(k, x, p) => view(g, pick(nodes, x), k, p, m)?,
        Instr::Pattern(k, x, c1, c2) => pattern(g, pick(nodes, x), k, c1, c2),
    })
}

fn view(g: &mut Graph, x: NodeId, kind: u8, p: u8, m: usize) -> Option<NodeId> {
    match kind % 6 {
        0 => return Some(g.transpose(x)),
        2 => {
            let e = g.expand_dims(x, &[0]);
            return Some(if p.is_multiple_of(2) {
                g.squeeze(e, &[0])
            } else {
                e
            });
        }
        _ => {}
    }
    let shape = g.node(x).shape.to_fixed()?;
    Some(match kind % 6 {
        1 => {
            let spec: Vec<SliceAxis> = shape
                .iter()
                .enumerate()
                .map(|(i, &len)| {
                    let bits = p >> (2 * i);
                    let step = if bits & 1 == 0 { 1 } else { -1 };
                    let start = if bits & 2 == 0 { None } else { Some(1) };
                    SliceAxis::from_python(start, None, step, len).ok()
                })
                .collect::<Option<_>>()?;
            g.slice(x, &spec)
        }
        2 => {
            let e = g.expand_dims(x, &[0]);
            if p.is_multiple_of(2) {
                g.squeeze(e, &[0])
            } else {
                e
            }
        }
        3 => {
            let mut target = vec![2];
            target.extend(shape.iter().copied());
            if shape.is_empty() {
                target = vec![m];
            }
            g.broadcast_to(x, Shape::fixed(&target))
        }
        4 => {
            let size = shape.iter().product::<usize>();
            g.reshape(x, Shape::fixed(&[size]))
        }
        _ => {
            let ones: Vec<usize> = (0..shape.len()).filter(|&i| shape[i] == 1).collect();
            if ones.is_empty() {
                return None;
            }
            g.squeeze(x, &ones)
        }
    })
}

fn pattern(g: &mut Graph, x: NodeId, kind: u8, c1: u8, c2: u8) -> NodeId {
    use BinaryOp as B;
    let (k1, k2) = (weak(c1), weak(c2));
    match kind % 16 {
        0 => {
            let a = g.binary(B::Multiply, x, k1);
            let b = g.binary(B::Multiply, x, k2);
            g.binary(B::Add, a, b)
        }
        1 => {
            let s = g.binary(B::Add, x, k1);
            let t = g.binary(B::Multiply, s, k2);
            g.binary(B::Subtract, t, x)
        }
        2 => g.binary(B::Power, x, 2i64),
        3 => g.binary(B::Power, x, 0.5),
        4 => g.binary(B::TrueDivide, x, k1),
        5 => {
            let n = g.unary(UnaryOp::Negative, x);
            g.unary(UnaryOp::Negative, n)
        }
        6 => g.binary(B::Multiply, x, 1i64),
        7 => g.binary(B::Add, x, 0i64),
        8 => g.binary(B::Subtract, x, x),
        9 => {
            let c = g.constant(Lit::Bool(c1.is_multiple_of(2)), DType::Bool);
            g.select(c, x, k2)
        }
        10 => {
            let a = g.binary(B::Multiply, x, k1);
            let b = g.binary(B::Multiply, x, k2);
            g.binary(B::Subtract, a, b)
        }
        11 => g.binary(B::Multiply, x, 2.0),
        12 => g.binary(B::TrueDivide, x, 4.0),
        13 => {
            let a = g.binary(B::Multiply, x, k1);
            g.binary(B::Multiply, a, k2)
        }
        14 => g.binary(B::Power, x, 1.0),
        _ => g.binary(B::Add, x, x),
    }
}

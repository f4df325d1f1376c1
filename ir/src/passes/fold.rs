//! Constant folding: a node whose operands are all constants becomes the constant it computes.
//!
//! Folded, one sweep in topological order (so chains of constants fold completely):
//!
//! | node | rule | result |
//! |---|---|---|
//! | one-input ufunc of a constant | `fold_unary` | [`eval::unary`] in the resolved loop |
//! | two-input ufunc of constants | `fold_binary` | [`eval::binary`] in the resolved loop |
//! | `where` of three constants | `fold_where` | the chosen branch, converted to the node's dtype |
//! | `cast` of a constant | `fold_cast` | [`eval::cast`] |
//! | a 0-d view of a constant (`reshape`, `permute []`, ...) | `fold_view` | the constant |
//! | a reduction of a 0-d constant | `fold_reduce` | the one element, as the reduction gives it |
//!
//! Invariants:
//! 1. Bit-exact: the folded value is what the eager loop computes for those constants, so the
//!    pass runs under every float policy.
//! 2. Never folds what NumPy reports or raises: when `eval` returns `None` (division by zero,
//!    overflow, an invalid operation, an integer to a negative power) the node stays for the
//!    kernel to compute, with whatever error handling the engine applies.
//! 3. Only constants combine with constants, so the graph's structure is the same whatever the
//!    inputs' values: constants that meet an input stay kernel arguments.
//! 4. A node with a recorded error is left alone (the verifier reports it).

use super::{Changed, PassCx};
use crate::dtype::DType;
use crate::eval;
use crate::graph::{Graph, Node};
use crate::op::{Lit, Op, ReduceOp};
use crate::text;

/// Runs the pass.
pub fn run(graph: &mut Graph, cx: &mut PassCx) -> Changed {
    let old = &*graph;
    let mut rewrites: Vec<(&'static str, String, String)> = Vec::new();
    let new = old.rebuild(|g, id, node| {
        let erroneous = old.errors().iter().any(|(n, _)| *n == id);
        let folded = if erroneous { None } else { fold(g, &node) };
        match folded {
            Some((rule, value)) => {
                // The node as folding saw it (its operands already folded), for the record;
                // nothing uses it, so compaction drops it.
                let before = g.intern(node);
                let c = g.constant(value, g.node(before).dtype);
                rewrites.push((rule, text::expr(g, before, 1), text::expr(g, c, 0)));
                c
            }
            None => g.intern(node),
        }
    });
    if rewrites.is_empty() {
        return Changed::No;
    }
    for (rule, before, after) in rewrites {
        cx.rewrote(rule, before, after);
    }
    *graph = new.compacted();
    Changed::Yes
}

/// The rule and the constant `node` folds to, when it folds. Operands are ids in `g`.
fn fold(g: &Graph, node: &Node) -> Option<(&'static str, Lit)> {
    let consts: Vec<Lit> = node
        .args
        .iter()
        .map(|&a| g.as_const(a))
        .collect::<Option<_>>()?;
    let dtype_of = |i: usize| g.node(node.args[i]).dtype;
    let (rule, value) = match node.op {
        Op::Input(_) | Op::Const(_) | Op::Call(_) | Op::Scan { .. } => return None,
        Op::Unary(op) => {
            let l = op.resolve(dtype_of(0).into()).ok()?;
            same(l.output, node.dtype)?;
            ("fold_unary", eval::unary(op, consts[0], l)?)
        }
        Op::Binary(op) => {
            let l = op.resolve(dtype_of(0).into(), dtype_of(1).into()).ok()?;
            same(l.output, node.dtype)?;
            ("fold_binary", eval::binary(op, consts[0], consts[1], l)?)
        }
        Op::Select => {
            let pick = if matches!(consts[0], Lit::Bool(true)) {
                consts[1]
            } else {
                consts[2]
            };
            ("fold_where", eval::cast(pick, node.dtype)?)
        }
        Op::Cast => ("fold_cast", eval::cast(consts[0], node.dtype)?),
        ref view if view.is_view() => {
            // A constant is 0-d; only a view that stays 0-d is still a constant.
            if node.shape.rank() != 0 || node.dtype != dtype_of(0) {
                return None;
            }
            ("fold_view", consts[0])
        }
        Op::Reduce { op, .. } => {
            if node.shape.rank() != 0 || g.node(node.args[0]).shape.rank() != 0 {
                return None;
            }
            ("fold_reduce", reduce_one(op, consts[0], node.dtype)?)
        }
        _ => return None,
    };
    value.fits(node.dtype).then_some((rule, value))
}

/// `Some(())` when the loop's output dtype is the node's (it always is in a verified graph).
fn same(a: DType, b: DType) -> Option<()> {
    (a == b).then_some(())
}

/// A reduction of exactly one element `x` into a result of `dtype`: `sum`, `prod`, `min`,
/// `max` and `mean` give the element converted (`mean` divides by 1), `argmin`/`argmax` 0,
/// `any`/`all` its truth.
fn reduce_one(op: ReduceOp, x: Lit, dtype: DType) -> Option<Lit> {
    match op {
        ReduceOp::Sum | ReduceOp::Prod | ReduceOp::Min | ReduceOp::Max | ReduceOp::Mean => {
            eval::cast(x, dtype)
        }
        ReduceOp::Argmin | ReduceOp::Argmax => Some(Lit::Int(0)),
        ReduceOp::Any | ReduceOp::All => eval::cast(x, DType::Bool),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::NodeId;
    use crate::op::{BinaryOp, UnaryOp};
    use crate::passes::FloatPolicy;
    use crate::shape::{Dim, Shape};

    fn fold_all(g: &mut Graph) -> (Changed, Vec<&'static str>) {
        let mut cx = PassCx::new(FloatPolicy::Strict);
        let changed = run(g, &mut cx);
        (changed, cx.record.rewrites.iter().map(|r| r.rule).collect())
    }

    fn vector(g: &mut Graph, dtype: DType) -> NodeId {
        g.input("a", dtype, Shape::from([Dim::from("n")]))
    }

    #[test]
    fn folds_a_chain_of_constants() {
        let mut g = Graph::new("chain");
        let a = vector(&mut g, DType::F64);
        let two = g.constant(Lit::float(2.0), DType::F64);
        let three = g.constant(Lit::float(3.0), DType::F64);
        let s = g.binary(BinaryOp::Add, two, three);
        let r = g.unary(UnaryOp::Sqrt, s);
        let y = g.binary(BinaryOp::Multiply, a, r);
        g.set_outputs(&[y]);
        let (changed, rules) = fold_all(&mut g);
        assert_eq!(changed, Changed::Yes);
        assert_eq!(rules, ["fold_binary", "fold_unary"]);
        let mut cx = PassCx::new(FloatPolicy::Strict);
        let mut again = Graph::new("chain");
        let two = again.constant(Lit::float(2.0), DType::F64);
        let s = again.binary(BinaryOp::Add, two, 3.0);
        let r = again.unary(UnaryOp::Sqrt, s);
        again.set_outputs(&[r]);
        run(&mut again, &mut cx);
        let records: Vec<(String, String)> = cx
            .record
            .rewrites
            .iter()
            .map(|r| (r.before.clone(), r.after.clone()))
            .collect();
        let pair = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            records,
            [
                pair("add 2.0, 3.0", "5.0"),
                pair("sqrt 5.0", "2.23606797749979")
            ]
        );
        let out = g.node(g.outputs()[0]).clone();
        assert_eq!(g.as_const(out.args[1]), Some(Lit::float(5f64.sqrt())));
        assert_eq!(g.topo_order().len(), 3);
    }

    #[test]
    fn integer_wrapping_folds_and_division_by_zero_does_not() {
        let mut g = Graph::new("ints");
        let big = g.constant(Lit::Int(127), DType::I8);
        let one = g.constant(Lit::Int(1), DType::I8);
        let zero = g.constant(Lit::Int(0), DType::I8);
        let wrapped = g.binary(BinaryOp::Add, big, one);
        let by_zero = g.binary(BinaryOp::FloorDivide, one, zero);
        g.set_outputs(&[wrapped, by_zero]);
        let (_, rules) = fold_all(&mut g);
        assert_eq!(rules, ["fold_binary"]);
        assert_eq!(g.as_const(g.outputs()[0]), Some(Lit::Int(-128)));
        assert_eq!(g.as_const(g.outputs()[1]), None);
    }

    #[test]
    fn f32_folds_round_in_f32() {
        let mut g = Graph::new("f32");
        let a = g.constant(Lit::float(f64::from(0.1f32)), DType::F32);
        let b = g.constant(Lit::float(f64::from(0.2f32)), DType::F32);
        let s = g.binary(BinaryOp::Add, a, b);
        g.set_outputs(&[s]);
        fold_all(&mut g);
        let want = f64::from(0.1f32 + 0.2f32);
        assert_eq!(g.as_const(g.outputs()[0]), Some(Lit::float(want)));
        assert_ne!(want, f64::from(0.1f32) + f64::from(0.2f32));
    }

    #[test]
    fn where_cast_views_and_reductions_of_constants() {
        let mut g = Graph::new("misc");
        let t = g.constant(Lit::Bool(true), DType::Bool);
        let x = g.constant(Lit::Int(3), DType::I64);
        let y = g.constant(Lit::float(0.5), DType::F64);
        let w = g.select(t, x, y);
        let c = g.cast(x, DType::U8);
        let r = g.reshape(y, Shape::scalar());
        let m = g.reduce(ReduceOp::Mean, x, None, false);
        let am = g.reduce(ReduceOp::Argmax, y, None, false);
        let e = g.expand_dims(x, &[0]);
        g.set_outputs(&[w, c, r, m, am, e]);
        let (_, rules) = fold_all(&mut g);
        assert_eq!(
            rules,
            [
                "fold_where",
                "fold_cast",
                "fold_view",
                "fold_reduce",
                "fold_reduce"
            ]
        );
        let outs: Vec<Option<Lit>> = g.outputs().iter().map(|&o| g.as_const(o)).collect();
        assert_eq!(
            outs,
            [
                Some(Lit::float(3.0)),
                Some(Lit::Int(3)),
                Some(Lit::float(0.5)),
                Some(Lit::float(3.0)),
                Some(Lit::Int(0)),
                None
            ]
        );
    }

    #[test]
    fn nothing_to_fold_leaves_the_graph() {
        let mut g = Graph::new("none");
        let a = vector(&mut g, DType::F64);
        let y = g.binary(BinaryOp::Multiply, a, 2.0);
        g.set_outputs(&[y]);
        let before = g.clone();
        assert_eq!(fold_all(&mut g).0, Changed::No);
        assert_eq!(g, before);
        let nan = g.constant(Lit::float(f64::NAN), DType::F64);
        let bad = g.cast(nan, DType::I64);
        g.set_outputs(&[bad]);
        assert_eq!(fold_all(&mut g).0, Changed::No);
    }
}

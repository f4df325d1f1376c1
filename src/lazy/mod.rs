//! Stage 1, build: [`Expr`], the lazy front end. Array operations on expressions build an
//! [`ir::Graph`](crate::ir::Graph) and compute nothing until [`Expr::eval`].
//!
//! An `Expr` is a cheap-clone handle to one node of a graph under construction, shared by every
//! expression built from the same arrays. Each graph input is bound to an [`Array`] (a cheap
//! clone, so later writes to the caller's array never reach the graph: arrays are values).
//! Expressions from different graphs combine by importing the smaller graph's reachable nodes
//! into the other's; inputs bound to the same array (same buffer, layout and dtype) are merged,
//! so `a.lazy() * 2.0 + a.lazy() * 3.0` reads `a` once and simplifies to `a * 5`.
//!
//! Names, broadcasting and promotion are the eager API's: `+ - * / %` and the bitwise operators
//! with weak Rust scalars on either side (NEP 50), NumPy-named methods for every ufunc,
//! [`where_`], [`Expr::astype`], reductions taking [`Axes`](crate::Axes), `cumsum`/`cumprod`,
//! the views (`t`, `transpose`, `slice(s![..])`, `broadcast_to`, `expand_dims`, `squeeze`,
//! `reshape`) and `matmul`.
//!
//! [`jit`] wraps a function of expressions: traced once per call signature (dtypes, ranks,
//! broadcast pattern) over symbolic lengths, then reused at any size (`trace_jit.rs`).
//!
//! Invariants:
//! 1. Building never panics. An invalid node is still added; its error is recorded in the
//!    graph (and, when the front end found it with the eager validation, as a typed
//!    [`Error`] too) and returned by `eval`/`explain` with the expression it came
//!    from.
//! 2. `Builder::arrays[i]` is bound to graph input `i`; its dtype and shape are the input's.
//! 3. Graphs only grow (nodes are appended and hash-consed), so a `NodeId` held by an `Expr`
//!    stays valid for the builder's lifetime.

mod auto;
mod chunk;
mod compare;
mod eager;
mod einsum;
mod errors;
mod eval;
mod from_graph;
mod materialize;
mod ops;
mod stats;
mod trace_jit;

pub use auto::{AUTO_EAGER_MAX_WORK, COMPILE_NS, EAGER_NS_PER_ELEMENT};
pub use chunk::DEFAULT_MEMORY_BUDGET;
pub(crate) use chunk::{decide as decide_chunking, describe as describe_chunking};
pub use compare::CompareReport;
pub use einsum::einsum;
pub use eval::{Backend, EvalOptions, eval_many, eval_many_with};
pub(crate) use eval::{Planned, RunRecord, evaluate, plan};
pub use trace_jit::{
    CallReport, IntoOutputs, JitFn, JitStats, KernelOutcome, MAX_PLANS, PlanKind, TraceFn, jit,
};

use crate::Error;
use crate::array::Array;
use crate::ir::{Arg, DType, Graph, Lit, NodeId, Op, Shape};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

/// A graph under construction: the graph, the arrays bound to its inputs, and the typed errors
/// the front end found (by node).
#[derive(Default)]
pub(crate) struct Builder {
    pub(crate) graph: Graph,
    pub(crate) arrays: Vec<Array>,
    pub(crate) typed: HashMap<NodeId, Error>,
    /// Set when a symbolic length was read as a number ([`Expr::shape`]): a trace that did so
    /// may depend on the sizes, so [`jit`] re-plans it per shape (trace_jit invariant 2).
    pub(crate) sizes_read: bool,
    /// The tracing call's length of each symbol (what [`Expr::shape`] shows for it).
    pub(crate) sym_lengths: HashMap<String, usize>,
    /// Inputs `0..pinned` are a [`jit`] function's arguments, bound by position, not by value.
    pub(crate) pinned: usize,
    /// Set when an expression of a [`jit`] trace was evaluated during the trace (a
    /// materialisation point): the trace holds this call's data, so it is planned per call.
    pub(crate) evaluated: bool,
}

impl Clone for Builder {
    fn clone(&self) -> Builder {
        Builder {
            graph: self.graph.clone(),
            arrays: self.arrays.clone(),
            typed: self
                .typed
                .iter()
                .map(|(k, e)| (*k, errors::clone_error(e)))
                .collect(),
            sizes_read: self.sizes_read,
            sym_lengths: self.sym_lengths.clone(),
            pinned: self.pinned,
            evaluated: self.evaluated,
        }
    }
}

impl Builder {
    pub(crate) fn new() -> Builder {
        Builder {
            graph: Graph::new("expr"),
            ..Builder::default()
        }
    }

    /// The input bound to `array`, added if no input is bound to the same array yet.
    fn bind(&mut self, array: &Array) -> NodeId {
        // A jit function's arguments (the first `pinned` inputs) stand for later calls' arrays:
        // never reuse them for an array bound by value.
        let found = self.arrays.iter().enumerate().skip(self.pinned);
        if let Some(i) = found
            .filter(|(_, b)| same_array(b, array))
            .map(|(i, _)| i)
            .next()
        {
            return self.graph.inputs()[i].node;
        }
        let name = input_name(self.arrays.len());
        self.arrays.push(array.clone());
        self.graph
            .input(&name, array.dtype(), Shape::fixed(array.shape()))
    }

    /// Copies the nodes of `other` that `roots` reach into this builder; returns the new ids of
    /// the roots.
    fn import(&mut self, other: &Builder, roots: &[NodeId]) -> Vec<NodeId> {
        let g = &other.graph;
        let mut reach = vec![false; g.len()];
        let mut stack: Vec<NodeId> = roots.to_vec();
        while let Some(id) = stack.pop() {
            if id.index() < g.len() && !std::mem::replace(&mut reach[id.index()], true) {
                stack.extend(g.node(id).args.iter().copied());
            }
        }
        let mut map: Vec<Option<NodeId>> = vec![None; g.len()];
        for id in g.ids().filter(|id| reach[id.index()]) {
            let node = g.node(id);
            let new = match node.op {
                Op::Input(i) => match other.arrays.get(i as usize) {
                    Some(a) => self.bind(a),
                    None => self.graph.intern(node.clone()),
                },
                _ => {
                    let mut n = node.clone();
                    // A jit trace's symbolic lengths, evaluated (a materialisation point inside
                    // the traced function): this call's lengths, matching the re-bound inputs.
                    if !other.sym_lengths.is_empty() {
                        n.shape = Shape(
                            n.shape
                                .dims()
                                .iter()
                                .map(|d| match d {
                                    crate::ir::Dim::Sym(s) => crate::ir::Dim::Fixed(
                                        other.sym_lengths.get(s.as_str()).copied().unwrap_or(0),
                                    ),
                                    d => d.clone(),
                                })
                                .collect(),
                        );
                    }
                    for a in n.args.iter_mut() {
                        *a = map[a.index()].unwrap_or(*a);
                    }
                    self.graph.intern(n)
                }
            };
            map[id.index()] = Some(new);
            for (n, m) in g.errors() {
                if *n == id {
                    self.graph.record_error(new, m.clone());
                }
            }
            if let Some(e) = other.typed.get(&id) {
                self.typed
                    .entry(new)
                    .or_insert_with(|| errors::clone_error(e));
            }
        }
        roots
            .iter()
            .map(|r| map.get(r.index()).copied().flatten().unwrap_or(*r))
            .collect()
    }
}

/// `a`, `b`, ..., `z`, then `a1`, `b1`, ...: identifiers the text form accepts as input names.
pub(crate) fn input_name(i: usize) -> String {
    let letter = char::from(b'a' + (i % 26) as u8);
    if i < 26 {
        letter.to_string()
    } else {
        format!("{letter}{}", i / 26)
    }
}

/// True when two arrays are the same value by identity: same buffer, layout and dtype.
pub(crate) fn same_array(a: &Array, b: &Array) -> bool {
    a.dtype() == b.dtype() && a.layout() == b.layout() && a.base_ptr() == b.base_ptr()
}

/// A lazy array expression: a node of a graph under construction (see the
/// [module documentation](self)). Cloning is O(1).
///
/// ```
/// use numfuse::prelude::*;
/// let a = Array::arange(6.0, DType::F64);
/// let x = a.lazy();
/// let y = &x * 2.0 + &x * 3.0;          // builds a graph, computes nothing
/// assert_eq!(y.shape(), vec![6]);
/// assert_eq!(y.eval()?.to_vec::<f64>()?, vec![0.0, 5.0, 10.0, 15.0, 20.0, 25.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
#[derive(Clone)]
pub struct Expr {
    builder: Arc<Mutex<Builder>>,
    id: NodeId,
}

impl std::fmt::Debug for Expr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let b = self.lock();
        write!(f, "Expr({})", crate::ir::text::expr(&b.graph, self.id, 2))
    }
}

impl std::fmt::Display for Expr {
    /// The expression's graph in the text form (as built, with only this expression's nodes).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let bound = eval::bind(&[self]);
        f.write_str(&crate::ir::print(&bound.graph))
    }
}

/// An operand of an expression method: another expression, an array (bound as an input), or
/// a weak Rust scalar (NEP 50: it takes the dtype of the expression next to it).
#[derive(Clone, Debug)]
pub enum ExprArg {
    /// An expression.
    Expr(Expr),
    /// An array, bound as a graph input.
    Array(Array),
    /// A weakly typed scalar literal.
    Weak(Lit),
}

impl From<&Expr> for ExprArg {
    fn from(e: &Expr) -> ExprArg {
        ExprArg::Expr(e.clone())
    }
}

impl From<Expr> for ExprArg {
    fn from(e: Expr) -> ExprArg {
        ExprArg::Expr(e)
    }
}

impl From<&Array> for ExprArg {
    fn from(a: &Array) -> ExprArg {
        ExprArg::Array(a.clone())
    }
}

macro_rules! weak_int {
    ($($t:ty),*) => {$(
        impl From<$t> for ExprArg {
            fn from(v: $t) -> ExprArg {
                ExprArg::Weak(Lit::Int(i128::from(v)))
            }
        }
    )*};
}
weak_int!(i8, i16, i32, i64, u8, u16, u32, u64);

impl From<f64> for ExprArg {
    fn from(v: f64) -> ExprArg {
        ExprArg::Weak(Lit::float(v))
    }
}

impl From<f32> for ExprArg {
    fn from(v: f32) -> ExprArg {
        ExprArg::Weak(Lit::float(f64::from(v)))
    }
}

impl From<bool> for ExprArg {
    fn from(v: bool) -> ExprArg {
        ExprArg::Weak(Lit::Bool(v))
    }
}

impl Array {
    /// This array as a lazy expression: a graph input bound to a cheap clone of the array.
    ///
    /// ```
    /// use numfuse::prelude::*;
    /// let a = array![1.0, 2.0, 3.0];
    /// let y = (a.lazy() + 1.0).sqrt();
    /// assert_eq!(y.eval()?.to_vec::<f64>()?, vec![2f64.sqrt(), 3f64.sqrt(), 2.0]);
    /// # Ok::<(), numfuse::Error>(())
    /// ```
    pub fn lazy(&self) -> Expr {
        let mut b = Builder::new();
        let id = b.bind(self);
        Expr {
            builder: Arc::new(Mutex::new(b)),
            id,
        }
    }
}

impl Expr {
    /// The builder, locked. A poisoned lock (a panic elsewhere while holding it) is recovered:
    /// the graph is append-only, so it is consistent at every point.
    fn lock(&self) -> MutexGuard<'_, Builder> {
        self.builder.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The node's dtype (for an invalid node, the front end's best guess).
    pub fn dtype(&self) -> DType {
        self.lock().graph.node(self.id).dtype
    }

    /// The node's shape (for an invalid node, the front end's best guess).
    ///
    /// Inside a [`jit`] function the argument lengths are symbolic while tracing: reading the
    /// shape makes that function re-plan for each new set of argument shapes (its result may
    /// depend on them), and the lengths read are the tracing call's.
    pub fn shape(&self) -> Vec<usize> {
        let mut b = self.lock();
        let shape = &b.graph.node(self.id).shape;
        if shape.to_fixed().is_none() {
            b.sizes_read = true;
        }
        let b = &*b;
        b.graph
            .node(self.id)
            .shape
            .dims()
            .iter()
            .map(|d| match d {
                crate::ir::Dim::Fixed(n) => *n,
                crate::ir::Dim::Sym(s) => b.sym_lengths.get(s.as_str()).copied().unwrap_or(0),
            })
            .collect()
    }

    /// The number of dimensions.
    pub fn ndim(&self) -> usize {
        self.lock().graph.node(self.id).shape.rank()
    }

    /// A new expression in this expression's builder: `f` gets the graph and this node.
    fn apply(&self, f: impl FnOnce(&mut Graph, NodeId) -> NodeId) -> Expr {
        let id = {
            let mut b = self.lock();
            f(&mut b.graph, self.id)
        };
        Expr {
            builder: Arc::clone(&self.builder),
            id,
        }
    }

    /// As [`Expr::apply`], for a node the front end already knows to be invalid: the node is
    /// still added (invariant 1) and `err` is recorded against it.
    fn invalid(&self, err: Error, f: impl FnOnce(&mut Graph, NodeId) -> NodeId) -> Expr {
        let e = self.apply(f);
        {
            let mut b = e.lock();
            let msg = err.to_string();
            b.graph.record_error(e.id, msg);
            b.typed.entry(e.id).or_insert(err);
        }
        e
    }

    /// This expression and the operands in one builder: `(self's builder, [ids])`, importing
    /// the operands' graphs where they differ. Weak scalars stay literals.
    fn unify(&self, others: &[ExprArg]) -> (Arc<Mutex<Builder>>, NodeId, Vec<Arg>) {
        let target = Arc::clone(&self.builder);
        let mut args = Vec::with_capacity(others.len());
        for o in others {
            let arg = match o {
                ExprArg::Weak(v) => Arg::Weak(*v),
                ExprArg::Array(a) => {
                    let mut b = target.lock().unwrap_or_else(|e| e.into_inner());
                    Arg::Node(b.bind(a))
                }
                ExprArg::Expr(e) if Arc::ptr_eq(&e.builder, &target) => Arg::Node(e.id),
                ExprArg::Expr(e) => {
                    // Snapshot the other builder first, so two locks are never held at once.
                    let snapshot = e.lock().clone();
                    let mut b = target.lock().unwrap_or_else(|e| e.into_inner());
                    Arg::Node(b.import(&snapshot, &[e.id])[0])
                }
            };
            args.push(arg);
        }
        // NEP 50: a Python int next to a float array takes the float dtype. The IR builder
        // range-checks weak integers against that dtype as if it were an integer dtype, so
        // hand it the value as a float literal (what the eager ufunc converts it to).
        let float_context = {
            let b = target.lock().unwrap_or_else(|e| e.into_inner());
            std::iter::once(self.id)
                .chain(args.iter().filter_map(|a| match a {
                    Arg::Node(n) => Some(*n),
                    Arg::Weak(_) => None,
                }))
                .any(|n| b.graph.node(n).dtype.is_float())
        };
        if float_context {
            for a in &mut args {
                if let Arg::Weak(Lit::Int(i)) = *a {
                    *a = Arg::Weak(Lit::float(i as f64));
                }
            }
        }
        (target, self.id, args)
    }

    /// `op(self, other)` with NumPy's broadcasting and type resolution.
    pub fn binary(&self, op: crate::ir::BinaryOp, other: impl Into<ExprArg>) -> Expr {
        let (b, me, args) = self.unify(&[other.into()]);
        let id = {
            let mut g = b.lock().unwrap_or_else(|e| e.into_inner());
            g.graph.binary(op, me, args[0])
        };
        Expr { builder: b, id }
    }

    /// `op(lhs, self)` for a weak scalar on the left (`2.0 - x`).
    fn binary_rev(&self, op: crate::ir::BinaryOp, lhs: impl Into<ExprArg>) -> Expr {
        let (b, me, args) = self.unify(&[lhs.into()]);
        let id = {
            let mut g = b.lock().unwrap_or_else(|e| e.into_inner());
            g.graph.binary(op, args[0], me)
        };
        Expr { builder: b, id }
    }

    /// `op(self)`.
    pub fn unary(&self, op: crate::ir::UnaryOp) -> Expr {
        self.apply(|g, x| g.unary(op, x))
    }
}

/// `np.where(cond, x, y)`: elements of `x` where `cond` is true, of `y` elsewhere. All three
/// broadcast; `x` and `y` promote together (weak scalars are weak), and a `cond` that is not
/// bool is converted to bool first (non-zero is true), as the eager [`where_`](crate::ops::where_)
/// does.
///
/// ```
/// use numfuse::prelude::*;
/// use numfuse::lazy::where_;
/// let a = array![1.0, -2.0, 3.0].lazy();
/// let r = where_(&a.less(0.0), 0.0, &a).eval()?;
/// assert_eq!(r.to_vec::<f64>()?, vec![1.0, 0.0, 3.0]);
/// # Ok::<(), numfuse::Error>(())
/// ```
pub fn where_(cond: &Expr, x: impl Into<ExprArg>, y: impl Into<ExprArg>) -> Expr {
    let c = if cond.dtype() == DType::Bool {
        cond.clone()
    } else {
        cond.astype(DType::Bool)
    };
    let (b, c_id, args) = c.unify(&[x.into(), y.into()]);
    let id = {
        let mut g = b.lock().unwrap_or_else(|e| e.into_inner());
        g.graph.select(c_id, args[0], args[1])
    };
    Expr { builder: b, id }
}

/// The fixed lengths of a shape (a symbolic length, which the front end never makes, is 0).
pub(crate) fn dims(shape: &Shape) -> Vec<usize> {
    shape
        .dims()
        .iter()
        .map(|d| d.fixed().unwrap_or(0))
        .collect()
}

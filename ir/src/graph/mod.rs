//! The expression graph: an arena of hash-consed nodes, named inputs and ordered outputs.
//!
//! Nodes are only ever appended, so every operand's id is smaller than its user's and the arena
//! order is a topological order. Passes do not edit nodes in place: they build the rewritten
//! graph with [`Graph::rebuild`], which re-interns every node (so equal results merge, which is
//! CSE) and keeps only what the outputs reach (which is DCE).
//!
//! Building never panics on bad input: a node whose operands do not fit its op (shapes that do
//! not broadcast, an axis out of range, a dtype with no loop) is still added, with a best-guess
//! dtype and shape, and its error is recorded in [`Graph::errors`]; the verifier reports it
//! with the node's line.

pub mod build;
mod node;

pub use build::{Arg, infer, weak_dtype};
pub use node::{Args, Node, NodeId};

use crate::dtype::DType;
use crate::op::{Lit, Op};
use crate::shape::Shape;
use indexmap::IndexMap;

/// A graph flattened for comparison: nodes in topological order with operands as positions,
/// output positions, input names.
type Structure = (Vec<(Op, DType, Shape, Vec<usize>)>, Vec<usize>, Vec<String>);

/// A graph input: its name in the signature and its node.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Input {
    /// The name (`a`, `x`): an identifier.
    pub name: String,
    /// The `input` node.
    pub node: NodeId,
}

/// A hash-consed expression DAG with named inputs and ordered outputs.
///
/// ```
/// use numfuse_ir::{BinaryOp, DType, Graph, shape::Shape};
/// let mut g = Graph::new("like_terms");
/// let a = g.input("a", DType::F64, Shape::from([numfuse_ir::shape::Dim::from("n")]));
/// let x = g.binary(BinaryOp::Multiply, a, 2.0);
/// let y = g.binary(BinaryOp::Multiply, a, 2.0);
/// assert_eq!(x, y); // hash-consed: one node
/// g.set_outputs(&[x]);
/// assert!(g.errors().is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct Graph {
    name: String,
    nodes: Vec<Node>,
    interner: IndexMap<Node, NodeId>,
    inputs: Vec<Input>,
    outputs: Vec<NodeId>,
    errors: Vec<(NodeId, String)>,
}

impl PartialEq for Graph {
    /// Two graphs are equal when they have the same name, the same inputs and compute the same
    /// nodes for their outputs, whatever their arena numbering (what the text form round-trips).
    fn eq(&self, other: &Graph) -> bool {
        if self.name != other.name
            || self.inputs.len() != other.inputs.len()
            || self.outputs.len() != other.outputs.len()
        {
            return false;
        }
        let (sa, sb) = (self.structure(), other.structure());
        sa == sb
    }
}

impl Eq for Graph {}

impl Graph {
    /// An empty graph called `name` (printed as `graph %name`).
    pub fn new(name: &str) -> Graph {
        Graph {
            name: name.to_string(),
            ..Graph::default()
        }
    }

    /// The graph's name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Renames the graph.
    pub fn set_name(&mut self, name: &str) {
        self.name = name.to_string();
    }

    /// Adds an input called `name`. Inputs are numbered in the order they are added.
    pub fn input(&mut self, name: &str, dtype: DType, shape: Shape) -> NodeId {
        let index = self.inputs.len() as u32;
        let id = self.intern(Node {
            op: Op::Input(index),
            dtype,
            shape,
            args: Args::new(),
        });
        self.inputs.push(Input {
            name: name.to_string(),
            node: id,
        });
        id
    }

    /// The inputs, in signature order.
    pub fn inputs(&self) -> &[Input] {
        &self.inputs
    }

    /// The outputs, in `return` order.
    pub fn outputs(&self) -> &[NodeId] {
        &self.outputs
    }

    /// Sets the outputs.
    pub fn set_outputs(&mut self, outputs: &[NodeId]) {
        self.outputs = outputs.to_vec();
    }

    /// A 0-d constant of `dtype`. The value is converted to `dtype` first ([`Lit::cast`]), so
    /// the node always holds a value of its own dtype.
    pub fn constant(&mut self, value: Lit, dtype: DType) -> NodeId {
        self.intern(Node {
            op: Op::Const(value.cast(dtype)),
            dtype,
            shape: Shape::scalar(),
            args: Args::new(),
        })
    }

    /// The node behind an id.
    ///
    /// # Panics
    /// If `id` is not a node of this graph.
    pub fn node(&self, id: NodeId) -> &Node {
        &self.nodes[id.index()]
    }

    /// The value of a constant node, if `id` is one.
    pub fn as_const(&self, id: NodeId) -> Option<Lit> {
        match self.node(id).op {
            Op::Const(v) => Some(v),
            _ => None,
        }
    }

    /// Number of nodes in the arena (including any no output reaches).
    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    /// True when the arena is empty.
    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Every node id, in arena (topological) order.
    pub fn ids(&self) -> impl Iterator<Item = NodeId> + '_ {
        (0..self.nodes.len() as u32).map(NodeId)
    }

    /// Errors recorded while building, each with the node it concerns.
    pub fn errors(&self) -> &[(NodeId, String)] {
        &self.errors
    }

    /// Records an error against a node (the builders and the parser call this).
    pub fn record_error(&mut self, node: NodeId, message: String) {
        if !self.errors.iter().any(|(n, m)| *n == node && *m == message) {
            self.errors.push((node, message));
        }
    }

    /// Adds `node` as it is, without inference (the parser uses this so that the verifier can
    /// compare what the text declares with what inference gives), or returns the id of the
    /// equal node already in the graph.
    ///
    /// # Panics
    /// If an operand is not an earlier node of this graph.
    pub fn intern(&mut self, node: Node) -> NodeId {
        if let Some(&id) = self.interner.get(&node) {
            return id;
        }
        let id = NodeId(self.nodes.len() as u32);
        for a in &node.args {
            assert!(a.index() < self.nodes.len(), "operand {a} of new node {id}");
        }
        self.nodes.push(node.clone());
        self.interner.insert(node, id);
        id
    }

    /// The nodes the outputs reach, operands before users; among a node's operands, the
    /// earlier argument's subtree comes first. This is the order the printer numbers nodes in.
    pub fn topo_order(&self) -> Vec<NodeId> {
        let mut seen = vec![false; self.nodes.len()];
        let mut order = Vec::new();
        // Inputs come first, in signature order, even when unused.
        for inp in &self.inputs {
            seen[inp.node.index()] = true;
            order.push(inp.node);
        }
        // Iterative post-order DFS: (node, next argument to visit).
        let mut stack: Vec<(NodeId, usize)> = Vec::new();
        for &root in &self.outputs {
            if seen[root.index()] {
                continue;
            }
            seen[root.index()] = true;
            stack.push((root, 0));
            while let Some(top) = stack.last_mut() {
                let (id, next) = *top;
                if let Some(&arg) = self.nodes[id.index()].args.get(next) {
                    top.1 += 1;
                    if !seen[arg.index()] {
                        seen[arg.index()] = true;
                        stack.push((arg, 0));
                    }
                } else {
                    order.push(id);
                    stack.pop();
                }
            }
        }
        order
    }

    /// How many times each node is used as an operand by nodes the outputs reach, plus once per
    /// appearance among the outputs. Indexed by arena index.
    pub fn use_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.nodes.len()];
        for id in self.topo_order() {
            for a in &self.nodes[id.index()].args {
                counts[a.index()] += 1;
            }
        }
        for o in &self.outputs {
            counts[o.index()] += 1;
        }
        counts
    }

    /// Builds a new graph from this one, visiting the nodes the outputs reach in topological
    /// order. For each node, `f` gets the new graph, the old node's id and the node with its
    /// operands already mapped into the new graph, and returns the new node's id (usually
    /// `new.intern(node)` or a builder call). Inputs are carried over unchanged and keep their
    /// numbers; errors recorded against nodes that survive are carried over.
    pub fn rebuild(&self, mut f: impl FnMut(&mut Graph, NodeId, Node) -> NodeId) -> Graph {
        let mut new = Graph::new(&self.name);
        let mut map: Vec<Option<NodeId>> = vec![None; self.nodes.len()];
        for inp in &self.inputs {
            let n = self.node(inp.node).clone();
            map[inp.node.index()] = Some(new.input(&inp.name, n.dtype, n.shape));
        }
        for id in self.topo_order() {
            if map[id.index()].is_some() {
                continue;
            }
            let mut node = self.node(id).clone();
            for a in node.args.iter_mut() {
                *a = map[a.index()].expect("operands are visited first");
            }
            let new_id = f(&mut new, id, node);
            map[id.index()] = Some(new_id);
            for (n, m) in &self.errors {
                if *n == id {
                    new.record_error(new_id, m.clone());
                }
            }
        }
        new.outputs = self
            .outputs
            .iter()
            .map(|o| map[o.index()].expect("outputs are visited"))
            .collect();
        new
    }

    /// A copy that keeps only the nodes the outputs reach, renumbered in topological order.
    pub fn compacted(&self) -> Graph {
        self.rebuild(|g, _, node| g.intern(node))
    }

    /// The graph as a list of nodes in topological order with operands given as positions in
    /// that list: what equality compares.
    fn structure(&self) -> Structure {
        let order = self.topo_order();
        let mut pos = vec![usize::MAX; self.nodes.len()];
        for (i, id) in order.iter().enumerate() {
            pos[id.index()] = i;
        }
        let nodes = order
            .iter()
            .map(|id| {
                let n = self.node(*id);
                let args = n.args.iter().map(|a| pos[a.index()]).collect();
                (n.op.clone(), n.dtype, n.shape.clone(), args)
            })
            .collect();
        let outputs = self.outputs.iter().map(|o| pos[o.index()]).collect();
        let names = self.inputs.iter().map(|i| i.name.clone()).collect();
        (nodes, outputs, names)
    }
}

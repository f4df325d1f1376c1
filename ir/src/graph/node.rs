//! Node handles and nodes.

use crate::dtype::DType;
use crate::op::Op;
use crate::shape::Shape;
use smallvec::SmallVec;
use std::fmt;

/// A handle to a node of one [`Graph`](super::Graph): an index into its arena.
///
/// `Display` prints `v7` (the arena index). The printer does not use it for operands: it
/// renumbers nodes densely in print order so that golden files do not churn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeId(pub u32);

impl NodeId {
    /// The arena index.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for NodeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}", self.0)
    }
}

/// Operands of a node, inline up to three (the most any elementwise op takes).
pub type Args = SmallVec<[NodeId; 3]>;

/// One value of the graph: an op applied to earlier nodes, with its dtype and shape.
///
/// Nodes are hash-consed: a graph holds at most one node equal to any other, so equal
/// subexpressions share one id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Node {
    /// The operation and its parameters.
    pub op: Op,
    /// The element type of the result.
    pub dtype: DType,
    /// The shape of the result.
    pub shape: Shape,
    /// Operands, each created before this node.
    pub args: Args,
}

//! `numfuse-ir`: the part of numfuse that knows nothing of memory or machine code.
//!
//! Today it holds the type system shared by the eager arrays and (later) the lazy graph:
//!
//! | module | what it decides |
//! |---|---|
//! | [`dtype`] | element types, NumPy 2 promotion (NEP 50 weak scalars), casting rules |
//! | [`op`] | the elementwise op set, NumPy's type loops and type resolution |
//! | [`shape`] | the one broadcasting rule, checked sizes, NumPy-style shape printing |
//!
//! The expression graph, its text form and the passes (build → verify → simplify → fuse) land
//! here next; the JIT in the `numfuse` crate lowers what they produce.

pub mod dtype;
pub mod op;
pub mod shape;

pub use dtype::{Casting, DType, Kind, Operand, can_cast, promote_types, result_type};
pub use op::{BinaryOp, Loop, NoLoop, UnaryOp};
pub use shape::{BroadcastError, Dims, ShapeDisplay, broadcast_shapes};

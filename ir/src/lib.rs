//! `numfuse-ir`: the part of numfuse that knows nothing of memory or machine code.
//!
//! | module | what it decides |
//! |---|---|
//! | [`dtype`] | element types, NumPy 2 promotion (NEP 50 weak scalars), casting rules |
//! | [`op`] | the op set: ufuncs with NumPy's type loops, reductions, scans, views, library calls |
//! | [`shape`] | the one broadcasting rule, fixed and symbolic axis lengths, checked sizes |
//! | [`graph`] | the hash-consed expression DAG and its typed builders (shape/dtype inference) |
//! | [`text`] | the text form: printer and parser |
//! | [`verify`](mod@verify) | the verifier |
//! | `filetest` | the `.nfir` golden-test runner and its commands (feature `filetest`, on by default) |
//! | [`interp`] | the reference interpreter: a graph evaluated on small concrete inputs |
//! | [`passes`] | fold, simplify, cse, dce, and fusion into kernels |
//! | [`kernel`] | the kernels fusion produces and the JIT lowers |
//! | [`trace`] | what the passes did, for `explain` |

pub mod dtype;
pub mod error;
pub mod eval;
#[cfg(feature = "filetest")]
pub mod filetest;
pub mod graph;
pub mod interp;
pub mod kernel;
pub mod op;
pub mod passes;
pub mod shape;
pub mod text;
pub mod trace;
pub mod verify;

pub use dtype::{Casting, DType, Kind, Operand, can_cast, promote_types, result_type};
pub use error::{ParseError, VerifyError, VerifyErrors};
pub use graph::{Arg, Graph, Node, NodeId};
pub use op::{BinaryOp, LibCall, Lit, Loop, NoLoop, Op, ReduceOp, ScanOp, SliceAxis, UnaryOp};
pub use passes::{FloatPolicy, PassCx, optimize};
pub use shape::{BroadcastError, Dim, Dims, Shape, ShapeDisplay, Sym, broadcast_shapes};
pub use text::{parse, print};
pub use verify::verify;

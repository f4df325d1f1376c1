//! `numfuse-ir`: the part of numfuse that knows nothing of memory or machine code.
//!
//! # The pipeline
//!
//! | # | stage | file | entry point | text it prints | filetest command |
//! |---|---|---|---|---|---|
//! | 1 | build | `graph/build.rs` | [`Graph::binary`], [`Graph::reduce`], ... | graph as built | `cat` |
//! | 2 | verify | `verify.rs` | [`verify()`] | errors inline in the graph | `verify` |
//! | 3 | simplify | `passes/{fold,simplify,cse,dce}.rs` | [`optimize`] | graph after each pass + fired rules | `fold`, `simplify`, `cse`, `dce`, `optimize` |
//! | 4 | fuse | `passes/fuse/` → `kernel.rs` | [`passes::fuse()`] | kernel listing | `fuse` |
//!
//! Stages 5–7 (lower, compile + cache, run) are the `numfuse-jit` crate; stage 8 (explain) is
//! in `numfuse`.
//!
//! ```
//! use numfuse_ir::{FloatPolicy, PassCx, parse, print, optimize, trace::Trace};
//! let mut g = parse(
//!     "graph %seed(a: f64[n]) -> f64[n] {
//!          v1: f64[n] = multiply a, 2.0
//!          v2: f64[n] = multiply a, 3.0
//!          v3: f64[n] = add v1, v2
//!          return v3
//!      }",
//! )?;
//! let mut cx = PassCx::new(FloatPolicy::Algebraic);
//! optimize(&mut g, &mut cx, &mut Trace::default())?;
//! assert!(print(&g).contains("v1: f64[n] = multiply a, 5.0"));
//! assert_eq!(numfuse_ir::passes::fuse(&g)?.kernels.len(), 1);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
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

//! Eager operations: ufuncs (elementwise, with broadcasting, NEP 50 promotion and `out`),
//! the operators and NumPy-named methods on [`Array`](crate::Array), and the kernels behind them.

pub mod errstate;
mod kernels;
mod operators;
pub mod ufunc;

pub use ufunc::{Input, OutArg, binary, binary_inplace, binary_into, unary, unary_into};

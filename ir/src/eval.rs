//! PLACEHOLDER: scalar semantics of every op (interp work). The signatures are the contract
//! that constant folding and simplification code against.

use crate::op::{BinaryOp, Lit, Loop, UnaryOp};

/// `op(x)` on a constant: `x` is converted to `l.input`, the op runs in that dtype exactly as
/// the eager ufunc does, and the result is a value of `l.output`. `None` when NumPy would
/// raise for this value (so the caller must not fold it).
pub fn unary(op: UnaryOp, x: Lit, l: Loop) -> Option<Lit> {
    let _ = (op, x, l);
    None
}

/// `op(a, b)` on constants: both converted to `l.input`, computed as the eager ufunc computes
/// (integer wrapping, NumPy's floor division and remainder signs, NaN-propagating extrema),
/// giving a value of `l.output`. `None` when NumPy would raise (integer `**` a negative
/// integer) or the result depends on error state the caller cannot see.
pub fn binary(op: BinaryOp, a: Lit, b: Lit, l: Loop) -> Option<Lit> {
    let _ = (op, a, b, l);
    None
}

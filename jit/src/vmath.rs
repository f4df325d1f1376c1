//! The seam for inline vector math: transcendental functions emitted as Cranelift IR
//! (polynomial kernels) instead of calls to the host symbols of `lower::symbols`.
//!
//! Lowering asks [`lower_unary`] first for every float op Cranelift has no instruction for
//! (`exp`, `log`, `sin`, ...); `None` means "emit the call". The vmath routines (being written
//! on branch `jit-vmath`) plug in here: a routine returns `Some(value)` for the ops and types
//! it implements, with the accuracy bound its doc states. The call path stays the fallback and
//! the reference (it calls exactly what the eager kernels call).

use cranelift_codegen::ir::{Type, Value};
use cranelift_frontend::FunctionBuilder;
use numfuse_ir::UnaryOp;

/// Inline IR for `op(x)` on a float scalar or vector of type `ty`, when one exists.
pub(crate) fn lower_unary(
    b: &mut FunctionBuilder<'_>,
    op: UnaryOp,
    ty: Type,
    x: Value,
) -> Option<Value> {
    let _ = (b, op, ty, x);
    None
}

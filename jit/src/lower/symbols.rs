//! Host symbols: the Rust and libm functions generated code calls for what Cranelift has no
//! instruction for (transcendentals, float `//` and `%`, integer `**`).
//!
//! Each wrapper calls exactly the function `numfuse_ir::eval` (and the eager kernels) use, so a
//! call from JIT code gives the same bits. Every symbol is registered on each `JITBuilder`
//! before `JITModule::new` (an unresolved import panics in `finalize_definitions`).
//! Under `MathImpl::Inline` (the default), [`vmath`](crate::vmath) replaces the transcendental
//! calls with inline code; `sin`/`cos`/`tan` still call these for huge arguments.

use cranelift_jit::JITBuilder;
use numfuse_ir::eval::{divmod_f32, divmod_f64};
use numfuse_ir::{BinaryOp, DType, UnaryOp};

/// The platform C math library, for the inverse hyperbolic functions (as eval.rs does: Rust's
/// own versions overflow for large arguments).
mod libm {
    // SAFETY: C99 <math.h> functions from the libm Rust's std links; each takes and returns a
    // float by value, has no preconditions and touches no memory.
    unsafe extern "C" {
        pub(super) safe fn asinh(x: f64) -> f64;
        pub(super) safe fn acosh(x: f64) -> f64;
        pub(super) safe fn atanh(x: f64) -> f64;
        pub(super) safe fn asinhf(x: f32) -> f32;
        pub(super) safe fn acoshf(x: f32) -> f32;
        pub(super) safe fn atanhf(x: f32) -> f32;
    }
}

macro_rules! host_fns {
    ($t:ident, $unary:ident, $binary:ident; $(($uop:ident, $un:literal, $uf:expr)),* ; $(($bop:ident, $bn:literal, $bf:expr)),*) => {
        /// The unary wrappers of this precision: (op, symbol, address).
        fn $unary() -> Vec<(UnaryOp, &'static str, *const u8)> {
            vec![$({
                extern "C" fn f(x: $t) -> $t {
                    let g: fn($t) -> $t = $uf;
                    g(x)
                }
                (UnaryOp::$uop, concat!("nf_", $un, "_", stringify!($t)), f as *const u8)
            }),*]
        }
        /// The binary wrappers of this precision: (op, symbol, address).
        fn $binary() -> Vec<(BinaryOp, &'static str, *const u8)> {
            vec![$({
                extern "C" fn f(x: $t, y: $t) -> $t {
                    let g: fn($t, $t) -> $t = $bf;
                    g(x, y)
                }
                (BinaryOp::$bop, concat!("nf_", $bn, "_", stringify!($t)), f as *const u8)
            }),*]
        }
    };
}

host_fns!(f64, unary_f64, binary_f64;
    (Cbrt, "cbrt", f64::cbrt), (Exp, "exp", f64::exp), (Exp2, "exp2", f64::exp2),
    (Expm1, "expm1", f64::exp_m1), (Log, "log", f64::ln), (Log2, "log2", f64::log2),
    (Log10, "log10", f64::log10), (Log1p, "log1p", f64::ln_1p), (Sin, "sin", f64::sin),
    (Cos, "cos", f64::cos), (Tan, "tan", f64::tan), (Arcsin, "arcsin", f64::asin),
    (Arccos, "arccos", f64::acos), (Arctan, "arctan", f64::atan), (Sinh, "sinh", f64::sinh),
    (Cosh, "cosh", f64::cosh), (Tanh, "tanh", f64::tanh), (Arcsinh, "arcsinh", |x| libm::asinh(x)),
    (Arccosh, "arccosh", |x| libm::acosh(x)), (Arctanh, "arctanh", |x| libm::atanh(x));
    (Power, "power", f64::powf), (Arctan2, "arctan2", f64::atan2), (Hypot, "hypot", f64::hypot),
    (Fmod, "fmod", |a, b| a % b), (FloorDivide, "floor_divide", |a, b| divmod_f64(a, b).0),
    (Remainder, "remainder", |a, b| divmod_f64(a, b).1));

host_fns!(f32, unary_f32, binary_f32;
    (Cbrt, "cbrt", f32::cbrt), (Exp, "exp", f32::exp), (Exp2, "exp2", f32::exp2),
    (Expm1, "expm1", f32::exp_m1), (Log, "log", f32::ln), (Log2, "log2", f32::log2),
    (Log10, "log10", f32::log10), (Log1p, "log1p", f32::ln_1p), (Sin, "sin", f32::sin),
    (Cos, "cos", f32::cos), (Tan, "tan", f32::tan), (Arcsin, "arcsin", f32::asin),
    (Arccos, "arccos", f32::acos), (Arctan, "arctan", f32::atan), (Sinh, "sinh", f32::sinh),
    (Cosh, "cosh", f32::cosh), (Tanh, "tanh", f32::tanh), (Arcsinh, "arcsinh", |x| libm::asinhf(x)),
    (Arccosh, "arccosh", |x| libm::acoshf(x)), (Arctanh, "arctanh", |x| libm::atanhf(x));
    (Power, "power", f32::powf), (Arctan2, "arctan2", f32::atan2), (Hypot, "hypot", f32::hypot),
    (Fmod, "fmod", |a, b| a % b), (FloorDivide, "floor_divide", |a, b| divmod_f32(a, b).0),
    (Remainder, "remainder", |a, b| divmod_f32(a, b).1));

/// Integer `**` by repeated squaring, wrapping (eval.rs rule 3); a negative exponent gives 0
/// (the kernel raises the error flag for it separately).
extern "C" fn nf_ipow(a: i64, b: i64) -> i64 {
    if b < 0 {
        return 0;
    }
    nf_upow(a as u64, b as u64) as i64
}

/// Unsigned integer `**`, wrapping modulo 2^64 (the low bits are right for narrower dtypes).
extern "C" fn nf_upow(a: u64, b: u64) -> u64 {
    let (mut base, mut acc, mut exp) = (a, 1u64, b);
    while exp > 0 {
        if exp & 1 == 1 {
            acc = acc.wrapping_mul(base);
        }
        base = base.wrapping_mul(base);
        exp >>= 1;
    }
    acc
}

/// The symbol generated code calls for `op` on floats of dtype `t`.
pub(crate) fn unary_symbol(op: UnaryOp, t: DType) -> Option<&'static str> {
    let table = if t == DType::F32 {
        unary_f32()
    } else {
        unary_f64()
    };
    table.into_iter().find(|e| e.0 == op).map(|e| e.1)
}

/// The symbol generated code calls for `op` on floats of dtype `t`.
pub(crate) fn binary_symbol(op: BinaryOp, t: DType) -> Option<&'static str> {
    let table = if t == DType::F32 {
        binary_f32()
    } else {
        binary_f64()
    };
    table.into_iter().find(|e| e.0 == op).map(|e| e.1)
}

/// Registers every host symbol on a builder (before `JITModule::new`).
pub(crate) fn register(jb: &mut JITBuilder) {
    for (_, name, f) in unary_f64().into_iter().chain(unary_f32()) {
        jb.symbol(name, f);
    }
    for (_, name, f) in binary_f64().into_iter().chain(binary_f32()) {
        jb.symbol(name, f);
    }
    jb.symbol("nf_ipow", nf_ipow as *const u8);
    jb.symbol("nf_upow", nf_upow as *const u8);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integer_power_wraps() {
        assert_eq!(nf_ipow(3, 4), 81);
        assert_eq!(nf_ipow(-2, 63), i64::MIN);
        assert_eq!(nf_ipow(2, 64), 0);
        assert_eq!(nf_ipow(5, -1), 0);
        assert_eq!(nf_upow(u64::MAX, 2), 1);
    }

    #[test]
    fn every_float_op_has_a_symbol() {
        assert_eq!(
            unary_symbol(UnaryOp::Arcsinh, DType::F32),
            Some("nf_arcsinh_f32")
        );
        assert_eq!(
            binary_symbol(BinaryOp::Remainder, DType::F64),
            Some("nf_remainder_f64")
        );
        assert_eq!(divmod_f64(-7.0, 2.0), (-4.0, 1.0));
    }
}

//! Inline vector math (lower stage): transcendental functions emitted as Cranelift IR instead
//! of calls to the host symbols of [`lower::symbols`](crate::lower::symbols).
//!
//! Cranelift has no `exp`, `log` or `sin` instruction, and a libm call per element runs at
//! scalar speed (~4 ns). Each routine here is straight-line IR in the style of SLEEF: an
//! argument reduction, a polynomial on the reduced argument, a reconstruction, then
//! `bitselect`s that give the special values glibc's libm (and therefore NumPy and the eager
//! kernels) returns. The implementation is written from the mathematics (Cody-Waite
//! reductions, `2 atanh(s)` for logarithms, double-word arithmetic where a result needs more
//! than 53 bits); no code is taken from SLEEF or any libm. The polynomials are near-minimax
//! fits (Chebyshev interpolation in 60-digit arithmetic, rounded to the lane precision) made by
//! `jit/src/vmath/fit.py` (mpmath): `python3 fit.py EXP:10:f64 LOG:7:f32 ...` prints the
//! `const` tables of [`exp`], [`log`], [`trig`] and [`inverse_trig`].
//!
//! # Where it is used
//!
//! Under [`MathImpl::Inline`](crate::MathImpl::Inline) (the default), lowering asks
//! [`lower_unary`] / [`lower_binary`] first for every float op listed below, in **both** loops
//! of a kernel: the vector body (`f64x2`/`f32x4`, the `UNROLL` copies passed in one call so the
//! IR is interleaved op by op) and the scalar loop (the tail of each row, strided kernels,
//! reductions). The scalar loop runs the *same* routine on a one-lane operand, so an element's
//! result depends only on its value, never on its position, its neighbours or the layout.
//! Under [`MathImpl::Libm`](crate::MathImpl::Libm) lowering calls the host symbols, which call
//! exactly what `numfuse_ir::eval` and the eager kernels call (bit-identical to eager).
//!
//! | op (NumPy name) | ulps vs libm | method (`dw` = double-word, an unevaluated `hi + lo`) | module |
//! |---|---|---|---|
//! | `exp` | 1 | `x = n ln2 + r`, `1 + r + r^2 P(r)`, `2^n` applied as two factors | [`exp`] |
//! | `exp2` | 1 | `x = n + r`, `1 + r P(r)` | [`exp`] |
//! | `expm1` | 1 | as exp; `2^n p + (2^n - 1)` by two-sum | [`exp`] |
//! | `log` | 1 | `x = 2^e (1 + f)`, `s = f/(2 + f)`, `ln(1 + f) = f - s (f - s^2 R(s^2))` | [`log`] |
//! | `log2`, `log10` | 1, 2 | as log, with `hi + lo` constants | [`log`] |
//! | `log1p` | 1 | log of `u = 1 + x`, plus `err(1 + x) / u` | [`log`] |
//! | `sin`, `cos` | 1 | `x = q pi/2 + r` (3-part `fma` Cody-Waite), `r` and both polynomials dw | [`trig`] |
//! | `tan` | 1 | as sin/cos; `sin r / cos r` or `-cos r / sin r`, corrected quotient | [`trig`] |
//! | `arctan` | 1 | `1/|x|` above 1, `pi/4 + atan((t-1)/(t+1))` above `tan(pi/8)`, dw | [`inverse_trig`] |
//! | `arcsin`, `arccos` | 1 | polynomial to 1/2, then `sqrt((1 - |x|)/2)` dw | [`inverse_trig`] |
//! | `arctan2` | 1 | atan of the smaller/larger ratio (dw), octant fix-up | [`inverse_trig`] |
//! | `tanh` | 2 | `e / (e + 2)` with `e = expm1(2|x|)` dw, corrected quotient | [`hyperbolic`] |
//! | `sinh`, `cosh` | 2 | from `expm1(|x|)` dw; `(e^(|x|/2))^2 / 2` for large `|x|` | [`hyperbolic`] |
//! | `arcsinh`, `arccosh`, `arctanh` | 2, 2, 1 | through log1p of a dw argument | [`hyperbolic`] |
//! | `power` | 1 | `ln|x|` dw times `y`, exp of a dw argument in dw | [`pow`] |
//! | `cbrt` | 1 | exponent divided by 3, Newton steps with `fma` residuals | [`pow`] |
//! | `hypot` | 1 | scaled by the exponent of the larger, `sqrt(fma(a, a, b b))` | [`pow`] |
//!
//! The bounds hold for f64 and f32 alike, for finite results, against the platform libm
//! (glibc, which NumPy shows, itself within 1 ulp of the exact value). Where a bound is 2, the
//! worst cases found are within 1 ulp of the exact value and glibc is 1-2 ulps away on the
//! other side (checked with mpmath at each worst case). `jit/tests/vmath.rs` asserts the
//! bounds through the public API over random values across each domain (log-uniform
//! magnitudes, both signs, random bit patterns) and the edge cases below, in the vector body
//! and the scalar tail. The f32 routines were also run on every f32 against glibc while they
//! were written: exp, exp2, expm1, log, log2, log1p, sin, cos, tan, arctan, arcsin, arccos at 1
//! ulp; log10, tanh, sinh, cosh at 2.
//!
//! **Domains and edge cases** (C99 Annex F as glibc implements it; each is tested):
//! ±0 keep their sign where libm does (`sin`, `tan`, `expm1`, `log1p`, `arctan`, `cbrt`, ...);
//! subnormal inputs are scaled before `log`/`cbrt` reduce them; results that overflow are
//! `±inf` and results that underflow round once into the subnormals (`exp(-745)` for f64);
//! `log(0) = -inf`, `log(x < 0) = NaN`, `arcsin(|x| > 1) = NaN`, `arccosh(x < 1) = NaN`,
//! `arctanh(±1) = ±inf`; `pow(x, ±0) = 1` even for NaN `x`, `pow(1, y) = 1`, `pow(-1, ±inf) = 1`,
//! a negative base with an odd integral exponent keeps its sign, with a non-integral one gives
//! NaN; `hypot(±inf, NaN) = inf`; `arctan2(±0, -0) = ±pi`. `sin`, `cos` and `tan` reduce
//! `|x| <= 2^28` (f64) / `2^16` (f32) in IR; larger or infinite lanes are recomputed by the
//! scalar host function (`nf_sin_f64`, ...), so huge arguments give exactly libm's value.
//!
//! # Invariants
//!
//! 1. All values passed in one call have the same type, one of [`SUPPORTED`] (`F64X2`,
//!    `F32X4`, `F64`, `F32`); the results have that type. Scalar operands are splatted,
//!    computed in lane 0 of a vector and extracted again: one code path for both loops.
//! 2. The emitted code uses `fma`, `nearest`, `floor`, `trunc` and `sqrt` on vectors: the ISA
//!    must have `has_fma` and `has_sse41` ([`isa_supported`]); without them the kernel uses
//!    the libm calls whatever the option says.
//! 3. No memory access (constants come from the function's constant pool) and no trap.
//! 4. Only `sin`, `cos`, `tan`, `exp` and `log`/`log2`/`log10` emit control flow. Trig: when any
//!    lane's `|x|` exceeds the reduction range or is infinite, the lanes that do are
//!    recomputed by the scalar host function (the others keep the inline value, so a lane's
//!    result never depends on its neighbours). Logarithms: a fast block when every lane is
//!    positive, normal and finite, else a block with the subnormal and special-value
//!    selects that gives ordinary lanes the same bits; `exp` likewise (fast block when every
//!    result is normal). These routines leave the builder in a
//!    new, sealed block.
//! 5. The IR is emitted op-major over the `K` values of one call (operation `j` of every copy
//!    before operation `j + 1` of any), giving `K` independent dependency chains; the kernels
//!    compile at `opt_level = "none"`, which keeps that order. [`lower_unary`] splits the
//!    values into calls of [`MathFn::unroll_hint`] copies.

mod em;
pub(crate) mod exp;
pub(crate) mod hyperbolic;
pub(crate) mod inverse_trig;
pub(crate) mod log;
pub(crate) mod pow;
pub(crate) mod trig;

use cranelift_codegen::ir::{FuncRef, Type, Value, types};
use cranelift_codegen::isa::TargetIsa;
use cranelift_frontend::FunctionBuilder;
use em::Em;
use numfuse_ir::{BinaryOp, UnaryOp};

/// The value types the routines accept.
pub(crate) const SUPPORTED: [Type; 4] = [types::F64X2, types::F32X4, types::F64, types::F32];

/// A one-argument function [`emit`] can generate.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum MathFn {
    /// `e^x`.
    Exp,
    /// `2^x`.
    Exp2,
    /// `e^x - 1`, accurate near 0.
    Expm1,
    /// Natural logarithm.
    Log,
    /// Base-2 logarithm.
    Log2,
    /// Base-10 logarithm.
    Log10,
    /// `ln(1 + x)`, accurate near 0.
    Log1p,
    /// Sine (radians).
    Sin,
    /// Cosine (radians).
    Cos,
    /// Tangent (radians).
    Tan,
    /// Hyperbolic tangent.
    Tanh,
    /// Hyperbolic sine.
    Sinh,
    /// Hyperbolic cosine.
    Cosh,
    /// Inverse tangent.
    Arctan,
    /// Inverse sine.
    Arcsin,
    /// Inverse cosine.
    Arccos,
    /// Inverse hyperbolic sine.
    Arcsinh,
    /// Inverse hyperbolic cosine.
    Arccosh,
    /// Inverse hyperbolic tangent.
    Arctanh,
    /// Cube root.
    Cbrt,
}

/// A two-argument function [`emit2`] can generate.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) enum MathFn2 {
    /// `x^y` with C99/glibc special cases.
    Pow,
    /// `atan2(x, y)`: the angle of the point `(y, x)`, NumPy's `arctan2(x1, x2)` (the first
    /// operand is the ordinate).
    Arctan2,
    /// `sqrt(x^2 + y^2)` without intermediate overflow or underflow.
    Hypot,
}

impl MathFn {
    /// The routine for a unary op, if there is one.
    pub(crate) fn of(op: UnaryOp) -> Option<MathFn> {
        use UnaryOp as U;
        Some(match op {
            U::Exp => MathFn::Exp,
            U::Exp2 => MathFn::Exp2,
            U::Expm1 => MathFn::Expm1,
            U::Log => MathFn::Log,
            U::Log2 => MathFn::Log2,
            U::Log10 => MathFn::Log10,
            U::Log1p => MathFn::Log1p,
            U::Sin => MathFn::Sin,
            U::Cos => MathFn::Cos,
            U::Tan => MathFn::Tan,
            U::Tanh => MathFn::Tanh,
            U::Sinh => MathFn::Sinh,
            U::Cosh => MathFn::Cosh,
            U::Arctan => MathFn::Arctan,
            U::Arcsin => MathFn::Arcsin,
            U::Arccos => MathFn::Arccos,
            U::Arcsinh => MathFn::Arcsinh,
            U::Arccosh => MathFn::Arccosh,
            U::Arctanh => MathFn::Arctanh,
            U::Cbrt => MathFn::Cbrt,
            _ => return None,
        })
    }

    /// Interleaved copies per [`emit`] call, from timings of kernels made of this call alone
    /// (thread CPU time, f64x2 and f32x4): 4 is fastest, or within 3 %, for every routine but
    /// arcsin/arccos and log, where the extra spills (Cranelift allocates only 16 XMM
    /// registers) make 2 better (f64 log: 4.5 instead of 4.95 ns/element; its fast block keeps
    /// `e`, `f`, `s` and `s^2` of every copy live across the division and the polynomial). A
    /// fused kernel with other live values may want fewer.
    pub(crate) fn unroll_hint(self) -> usize {
        match self {
            MathFn::Arcsin | MathFn::Arccos | MathFn::Log => 2,
            _ => 4,
        }
    }
}

impl MathFn2 {
    /// The routine for a binary op, if there is one.
    pub(crate) fn of(op: BinaryOp) -> Option<MathFn2> {
        Some(match op {
            BinaryOp::Power => MathFn2::Pow,
            BinaryOp::Arctan2 => MathFn2::Arctan2,
            BinaryOp::Hypot => MathFn2::Hypot,
            _ => return None,
        })
    }

    /// As [`MathFn::unroll_hint`]: 4 for every two-argument routine.
    pub(crate) fn unroll_hint(self) -> usize {
        4
    }
}

/// Whether `isa` has what the routines need (invariant 2): FMA and SSE4.1 on x86-64. Other
/// architectures are not supported yet (their kernels use the libm calls).
pub(crate) fn isa_supported(isa: &dyn TargetIsa) -> bool {
    if isa.triple().architecture != target_lexicon::Architecture::X86_64 {
        return false;
    }
    let flags = isa.isa_flags();
    let has = |name: &str| {
        flags
            .iter()
            .any(|f| f.name == name && f.as_bool() == Some(true))
    };
    has("has_fma") && has("has_sse41")
}

/// Where `sin`, `cos` and `tan` get the scalar host function they call for lanes beyond the
/// reduction range (invariant 4).
pub(crate) trait HostFns {
    /// The error of declaring an import.
    type Error;

    /// A `FuncRef`, valid in `b.func`, of a C-ABI function `fn(lane) -> lane` that computes `f`
    /// like the platform libm (`lane` is `F64` or `F32`; `f` is `Sin`, `Cos` or `Tan`).
    fn scalar_fn(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        f: MathFn,
        lane: Type,
    ) -> Result<FuncRef, Self::Error>;
}

/// `op(x)` for each value of `xs` (all of one [`SUPPORTED`] type), or `None` when `op` has no
/// routine here. The values are emitted in groups of [`MathFn::unroll_hint`], interleaved
/// within a group (invariant 5).
///
/// # Errors
///
/// `host`'s error if it cannot provide the scalar fallback of `sin`/`cos`/`tan`.
///
/// # Panics
///
/// If `xs` is empty or breaks invariant 1 (a bug in the caller).
pub(crate) fn lower_unary<H: HostFns + ?Sized>(
    b: &mut FunctionBuilder<'_>,
    host: &mut H,
    op: UnaryOp,
    xs: &[Value],
) -> Result<Option<Vec<Value>>, H::Error> {
    let Some(f) = MathFn::of(op) else {
        return Ok(None);
    };
    let mut out = Vec::with_capacity(xs.len());
    for group in xs.chunks(f.unroll_hint()) {
        out.extend(emit(b, host, f, group)?);
    }
    Ok(Some(out))
}

/// `op(x, y)` for each pair of `xs`, `ys`, or `None` when `op` has no routine here (as
/// [`lower_unary`]).
///
/// # Panics
///
/// If the slices are empty, differ in length or break invariant 1.
pub(crate) fn lower_binary(
    b: &mut FunctionBuilder<'_>,
    op: BinaryOp,
    xs: &[Value],
    ys: &[Value],
) -> Option<Vec<Value>> {
    let f = MathFn2::of(op)?;
    let mut out = Vec::with_capacity(xs.len());
    for (x, y) in xs.chunks(f.unroll_hint()).zip(ys.chunks(f.unroll_hint())) {
        out.extend(emit2(b, f, x, y));
    }
    Some(out)
}

/// Emits `f(x)` for each value of `xs` (all of one [`SUPPORTED`] type), interleaved op by op.
///
/// `host` is asked (once per call) only by `sin`/`cos`/`tan`, for the scalar fallback function
/// (invariant 4).
///
/// # Errors
///
/// `host`'s error if it cannot provide the fallback function.
///
/// # Panics
///
/// If `xs` is empty, mixes types, or has a type outside [`SUPPORTED`].
pub(crate) fn emit<H: HostFns + ?Sized>(
    b: &mut FunctionBuilder<'_>,
    host: &mut H,
    f: MathFn,
    xs: &[Value],
) -> Result<Vec<Value>, H::Error> {
    let mut e = Em::new(b, xs);
    let scalar = !e.b.func.dfg.value_type(xs[0]).is_vector();
    let x = e.widen(xs);
    let r = match f {
        MathFn::Exp => e.exp(&x),
        MathFn::Exp2 => e.exp2(&x),
        MathFn::Expm1 => e.expm1(&x),
        MathFn::Log => e.log(&x, log::Base::E),
        MathFn::Log2 => e.log(&x, log::Base::Two),
        MathFn::Log10 => e.log(&x, log::Base::Ten),
        MathFn::Log1p => e.log1p(&x),
        MathFn::Sin => e.trig(host, &x, trig::Trig::Sin)?,
        MathFn::Cos => e.trig(host, &x, trig::Trig::Cos)?,
        MathFn::Tan => e.trig(host, &x, trig::Trig::Tan)?,
        MathFn::Tanh => e.tanh(&x),
        MathFn::Sinh => e.sinh_cosh(&x, true),
        MathFn::Cosh => e.sinh_cosh(&x, false),
        MathFn::Arctan => e.atan(&x),
        MathFn::Arcsin => e.asin_acos(&x, false),
        MathFn::Arccos => e.asin_acos(&x, true),
        MathFn::Arcsinh => e.asinh(&x),
        MathFn::Arccosh => e.acosh(&x),
        MathFn::Arctanh => e.atanh(&x),
        MathFn::Cbrt => e.cbrt(&x),
    };
    Ok(e.narrow(scalar, r))
}

/// Emits `f(x, y)` for each pair of `xs`, `ys` (all of one [`SUPPORTED`] type).
///
/// # Panics
///
/// If the slices are empty, differ in length, mix types, or have an unsupported type.
pub(crate) fn emit2(
    b: &mut FunctionBuilder<'_>,
    f: MathFn2,
    xs: &[Value],
    ys: &[Value],
) -> Vec<Value> {
    assert_eq!(xs.len(), ys.len(), "vmath::emit2: operand counts differ");
    let t0 = b.func.dfg.value_type(xs[0]);
    for &y in ys {
        assert_eq!(b.func.dfg.value_type(y), t0, "vmath::emit2: mixed types");
    }
    let mut e = Em::new(b, xs);
    let scalar = !t0.is_vector();
    let (x, y) = (e.widen(xs), e.widen(ys));
    let r = match f {
        MathFn2::Pow => e.pow(&x, &y),
        MathFn2::Arctan2 => e.atan2(&x, &y),
        MathFn2::Hypot => e.hypot(&x, &y),
    };
    e.narrow(scalar, r)
}

#[cfg(test)]
mod tests {
    use super::isa_supported;
    use cranelift_codegen::settings;

    /// Invariant 2: a baseline x86-64 ISA (SSE2 only) is refused, the host's follows CPUID.
    #[test]
    fn isa_check_follows_the_cpu_features() {
        let flags = || settings::Flags::new(settings::builder());
        let Ok(baseline) = cranelift_native::builder_with_options(false) else {
            return; // no Cranelift backend for this host: nothing is compiled at all
        };
        let baseline = baseline.finish(flags()).expect("baseline ISA");
        assert!(!isa_supported(baseline.as_ref()));
        let host = cranelift_native::builder()
            .expect("host ISA builder")
            .finish(flags())
            .expect("host ISA");
        #[cfg(target_arch = "x86_64")]
        assert_eq!(
            isa_supported(host.as_ref()),
            is_x86_feature_detected!("fma") && is_x86_feature_detected!("sse4.1")
        );
        #[cfg(not(target_arch = "x86_64"))]
        assert!(!isa_supported(host.as_ref()));
    }
}

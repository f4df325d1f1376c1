//! Vectorised transcendental functions emitted as Cranelift IR (codegen stage, `src/jit/`).
//!
//! Cranelift has no `exp`, `log` or `sin` instruction, and a libm call per element runs at scalar
//! speed. This module emits each function as straight-line IR in the style of SLEEF: an argument
//! reduction, a polynomial on the reduced argument, a reconstruction, then `bitselect`s that give
//! the special cases the values glibc's libm (and therefore NumPy) returns. The implementation is
//! written from the mathematics (Cody-Waite reductions, `2 atanh(s)` for logarithms, double-word
//! arithmetic where a result needs more than 53 bits); no code is taken from SLEEF or any libm.
//! The polynomials are near-minimax fits (Chebyshev interpolation in 60-digit arithmetic, then
//! rounded to the lane precision) of the function named at each `const`.
//!
//! # Use
//!
//! ```text
//! emit(b, &mut LibmImports(module), MathFn::Exp, &[x0, x1, x2, x3])? -> vec![exp(x0), .., exp(x3)]
//! emit2(b, MathFn2::Pow, &[x0, x1], &[y0, y1]) -> vec![x0^y0, x1^y1]
//! ```
//!
//! [`emit`] (one argument) and [`emit2`] (two arguments) take a slice of `K >= 1` independent
//! values of one type from [`SUPPORTED`] (`F64X2`, `F32X4`, `F64`, `F32`) and return `K` results
//! of that type. The IR is emitted **op-major**: operation `j` of every copy comes before
//! operation `j + 1` of any copy, so a kernel that unrolls its loop `K` times
//! ([`MathFn::unroll_hint`]) gets `K` interleaved dependency chains, which hides the latency of the
//! `fma` chains. Compile with `opt_level = "none"`, which keeps the IR order
//! (`notes/cranelift-0.135.md` §3); at "speed" the e-graph re-serialises the copies. Scalar
//! operands are splatted, computed in lane 0 of a vector and extracted again: one code path, and
//! vector `bitselect` instead of the branchy scalar float `select` lowering. The engine should use
//! the vector types for the body of a loop and the scalar types only for its tail.
//!
//! Ulp bounds (f64 and f32 alike) and methods (`dw` = double-word, an unevaluated `hi + lo`):
//!
//! | routine | ulps | method |
//! |---|---|---|
//! | `Exp` | 1 | `x = n ln2 + r`, `1 + r + r^2 P(r)`, `2^n` applied as two factors |
//! | `Exp2` | 1 | `x = n + r`, `1 + r P(r)` |
//! | `Expm1` | 1 | as exp; `2^n p + (2^n - 1)` by two-sum |
//! | `Log` | 1 | `x = 2^e (1 + f)`, `s = f/(2 + f)`, `ln(1 + f) = f - s (f - s^2 R(s^2))` |
//! | `Log2`, `Log10` | 1, 2 | as log, with `hi + lo` constants |
//! | `Log1p` | 1 | log of `u = 1 + x`, plus `err(1 + x) / u` |
//! | `Sin`, `Cos` | 1 | `x = q pi/2 + r` (3-part `fma` Cody-Waite), `r` and both polynomials dw |
//! | `Tan` | 1 | as sin/cos; `sin r / cos r` or `-cos r / sin r`, corrected quotient |
//! | `Tanh` | 2 | `e / (e + 2)` with `e = expm1(2|x|)` dw, corrected quotient |
//! | `Sinh`, `Cosh` | 2 | from `expm1(|x|)` dw; `(e^(|x|/2))^2 / 2` for large `|x|` |
//! | `Arctan` | 1 | `1/|x|` above 1, `pi/4 + atan((t-1)/(t+1))` above `tan(pi/8)`, dw |
//! | `Arcsin`, `Arccos` | 1 | polynomial to 1/2, then `sqrt((1 - |x|)/2)` dw |
//! | `Arcsinh`, `Arccosh`, `Arctanh` | 2, 2, 1 | through log1p of a dw argument |
//! | `Cbrt` | 1 | exponent divided by 3, Newton steps with `fma` residuals |
//! | `MathFn2::Pow` | 1 | `ln|x|` dw times `y`, exp of a dw argument in dw |
//! | `MathFn2::Arctan2` | 1 | atan of the smaller/larger ratio (dw), octant fix-up |
//! | `MathFn2::Hypot` | 1 | scaled by the exponent of the larger, `sqrt(fma(a, a, b b))` |
//!
//! The bounds are against glibc, which NumPy shows, not against the exact result. Where a bound
//! is 2 (`log10`, `tanh`, `sinh`, `cosh`, `arcsinh`, `arccosh`), the worst cases found are within
//! 1 ulp of the exact value and glibc is 1-2 ulps away on the other side (checked with mpmath at
//! each worst case). `vmath_tests.rs` asserts the bounds over ~1M inputs per
//! routine and type (random bit patterns, edge cases, threshold neighbourhoods, floats next to
//! multiples of pi/2). The f32x4 kernels were also run on every f32 against glibc (scratch
//! `exhaustive32`): exp, exp2, expm1, log, log2, log1p, sin, cos, tan, arctan, arcsin, arccos at
//! 1 ulp; log10, tanh, sinh, cosh at 2; all within their bounds (cbrt, arcsinh, arccosh and
//! arctanh were not run exhaustively).
//!
//! # Invariants
//!
//! 1. All values passed in one call have the same type, one of [`SUPPORTED`]; the results have that
//!    type (checked; a violation panics, it is a bug in the caller).
//! 2. The emitted code uses `fma`, `nearest`, `floor`, `trunc` and `sqrt` on vectors: the ISA must
//!    have `has_fma` and `has_sse41` (`cranelift_native::builder()` sets both on the project
//!    machines); without them these become libcalls or fail to lower.
//! 3. No memory access (constants come from the function's constant pool) and no trap.
//! 4. Only `sin`, `cos` and `tan` emit control flow: when any lane's `|x|` exceeds the reduction
//!    range ([`TRIG_MAX_F64`], [`TRIG_MAX_F32`]) or is infinite, every lane of that call is
//!    recomputed by a scalar host function, a C-ABI `fn(f64) -> f64` / `fn(f32) -> f32` that the
//!    caller's [`HostFns`] provides as a `FuncRef` (numfuse's lowering can hand out its own
//!    `nf_sin_f64`-style wrappers; [`LibmImports`] imports libm's names [`LIBM_IMPORTS`]). The JIT
//!    must make the symbol resolvable before `JITModule::new`, by `JITBuilder::symbol` or the
//!    default `dlsym` lookup; an unresolved import panics in `finalize_definitions`. These
//!    routines leave the builder positioned in a new block (sealed); the caller continues there.
//! 5. NaN inputs give NaN; signed zeros, infinities, subnormals, overflow and underflow follow
//!    C99 Annex F as glibc implements it (`pow(x, 0) = 1` even for NaN `x`, `hypot(inf, NaN) =
//!    inf`, `atan2(±0, -0) = ±pi`, ...).

use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{AbiParam, FuncRef, InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::FunctionBuilder;
use cranelift_module::{Linkage, Module, ModuleError};
use std::f64::consts::{self, FRAC_PI_2, FRAC_PI_4, LN_2, LOG2_E, LOG10_E};

/// The value types the routines accept.
pub(crate) const SUPPORTED: [Type; 4] = [types::F64X2, types::F32X4, types::F64, types::F32];

/// Largest `|x|` that `sin`/`cos`/`tan` reduce in IR for f64; larger lanes call libm.
pub(crate) const TRIG_MAX_F64: f64 = 268_435_456.0;
/// Largest `|x|` that `sin`/`cos`/`tan` reduce in IR for f32; larger lanes call libm.
pub(crate) const TRIG_MAX_F32: f64 = 65536.0;

/// Host symbols the emitted code may import (C ABI, one float in, one float out).
pub(crate) const LIBM_IMPORTS: [&str; 6] = ["sin", "cos", "tan", "sinf", "cosf", "tanf"];

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
    /// `x^y` with C99/glibc special cases (`pow(x, 0) = 1`, `pow(1, y) = 1`, negative `x` with
    /// integral `y`, ...).
    Pow,
    /// `atan2(x, y)`: the angle of the point `(y, x)`, NumPy's `arctan2(x1, x2)` (first operand
    /// is the ordinate).
    Arctan2,
    /// `sqrt(x^2 + y^2)` without intermediate overflow or underflow.
    Hypot,
}

impl MathFn {
    /// Every one-argument function, in priority order.
    pub(crate) const ALL: [MathFn; 20] = [
        MathFn::Exp,
        MathFn::Log,
        MathFn::Expm1,
        MathFn::Log1p,
        MathFn::Sin,
        MathFn::Cos,
        MathFn::Tanh,
        MathFn::Exp2,
        MathFn::Log2,
        MathFn::Log10,
        MathFn::Tan,
        MathFn::Arctan,
        MathFn::Arcsin,
        MathFn::Arccos,
        MathFn::Sinh,
        MathFn::Cosh,
        MathFn::Cbrt,
        MathFn::Arcsinh,
        MathFn::Arccosh,
        MathFn::Arctanh,
    ];

    /// Interleaved copies per [`emit`] call for a kernel made of this call alone, from the
    /// harness's timings (thread CPU time, f64x2 and f32x4): 4 is fastest, or within 3 %, for
    /// every routine but arcsin/arccos, where the extra spills (Cranelift allocates only 16 XMM
    /// registers; sin at 4 copies spills about 200 times per iteration) make 2 better. A fused
    /// kernel with other live values may want fewer.
    pub(crate) fn unroll_hint(self) -> usize {
        match self {
            MathFn::Arcsin | MathFn::Arccos => 2,
            _ => 4,
        }
    }

    /// The NumPy ufunc name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            MathFn::Exp => "exp",
            MathFn::Exp2 => "exp2",
            MathFn::Expm1 => "expm1",
            MathFn::Log => "log",
            MathFn::Log2 => "log2",
            MathFn::Log10 => "log10",
            MathFn::Log1p => "log1p",
            MathFn::Sin => "sin",
            MathFn::Cos => "cos",
            MathFn::Tan => "tan",
            MathFn::Tanh => "tanh",
            MathFn::Sinh => "sinh",
            MathFn::Cosh => "cosh",
            MathFn::Arctan => "arctan",
            MathFn::Arcsin => "arcsin",
            MathFn::Arccos => "arccos",
            MathFn::Arcsinh => "arcsinh",
            MathFn::Arccosh => "arccosh",
            MathFn::Arctanh => "arctanh",
            MathFn::Cbrt => "cbrt",
        }
    }

    /// Maximum error in ulps against glibc (which is itself within 1 ulp of the exact result),
    /// for f64 (`wide`) or f32 lanes.
    pub(crate) fn ulp_bound(self, wide: bool) -> f64 {
        let _ = wide;
        match self {
            MathFn::Exp | MathFn::Exp2 | MathFn::Expm1 => 1.0,
            MathFn::Log | MathFn::Log2 | MathFn::Log1p => 1.0,
            MathFn::Log10 => 2.0,
            MathFn::Sin | MathFn::Cos => 1.0,
            MathFn::Tan => 1.0,
            MathFn::Tanh => 2.0,
            MathFn::Sinh | MathFn::Cosh => 2.0,
            MathFn::Arctan | MathFn::Arcsin | MathFn::Arccos => 1.0,
            MathFn::Arcsinh | MathFn::Arccosh => 2.0,
            MathFn::Arctanh | MathFn::Cbrt => 1.0,
        }
    }
}

impl MathFn2 {
    /// Every two-argument function.
    pub(crate) const ALL: [MathFn2; 3] = [MathFn2::Pow, MathFn2::Arctan2, MathFn2::Hypot];

    /// As [`MathFn::unroll_hint`]: 4 for every two-argument routine.
    pub(crate) fn unroll_hint(self) -> usize {
        4
    }

    /// The NumPy ufunc name.
    pub(crate) fn name(self) -> &'static str {
        match self {
            MathFn2::Pow => "power",
            MathFn2::Arctan2 => "arctan2",
            MathFn2::Hypot => "hypot",
        }
    }

    /// Maximum error in ulps against glibc, for f64 (`wide`) or f32 lanes.
    pub(crate) fn ulp_bound(self, wide: bool) -> f64 {
        let _ = wide;
        match self {
            MathFn2::Pow => 1.0,
            MathFn2::Arctan2 => 1.0,
            MathFn2::Hypot => 1.0,
        }
    }
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

/// [`HostFns`] through a `cranelift_module::Module`: imports libm's own names, [`LIBM_IMPORTS`]
/// (`sin`, `cos`, `tan`, `sinf`, `cosf`, `tanf`).
pub(crate) struct LibmImports<'m, M: Module + ?Sized>(pub(crate) &'m mut M);

impl<M: Module + ?Sized> HostFns for LibmImports<'_, M> {
    type Error = Box<ModuleError>;

    fn scalar_fn(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        f: MathFn,
        lane: Type,
    ) -> Result<FuncRef, Self::Error> {
        let i = match f {
            MathFn::Sin => 0,
            MathFn::Cos => 1,
            _ => 2,
        } + if lane == types::F32 { 3 } else { 0 };
        let mut sig = self.0.make_signature();
        sig.params.push(AbiParam::new(lane));
        sig.returns.push(AbiParam::new(lane));
        let id = self
            .0
            .declare_function(LIBM_IMPORTS[i], Linkage::Import, &sig)
            .map_err(Box::new)?;
        Ok(self.0.declare_func_in_func(id, b.func))
    }
}

/// Emits `f(x)` for each value of `xs` (all of one [`SUPPORTED`] type), interleaved op by op.
///
/// `host` is asked (once per call) only by `sin`/`cos`/`tan`, for the scalar fallback function
/// (invariant 4); [`LibmImports`] serves it from a `Module`.
///
/// # Errors
///
/// Returns `host`'s error if it cannot provide the fallback function.
///
/// # Panics
///
/// Panics if `xs` is empty, mixes types, or has a type outside [`SUPPORTED`].
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
        MathFn::Log => e.log(&x, Base::E),
        MathFn::Log2 => e.log(&x, Base::Two),
        MathFn::Log10 => e.log(&x, Base::Ten),
        MathFn::Log1p => e.log1p(&x),
        MathFn::Sin => e.trig(host, &x, Trig::Sin)?,
        MathFn::Cos => e.trig(host, &x, Trig::Cos)?,
        MathFn::Tan => e.trig(host, &x, Trig::Tan)?,
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
/// Panics if the slices are empty, differ in length, mix types, or have an unsupported type.
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

// ---------------------------------------------------------------------------------------------
// Polynomial coefficients, lowest degree first.

/// `exp(r) = 1 + r + r^2 P(r)`, `|r| <= ln2/2`, f64.
const EXP_F64: [f64; 11] = [
    0.5,
    0.1666666666666667,
    0.04166666666666667,
    0.008333333333325544,
    0.0013888888888883327,
    0.00019841269876864356,
    2.4801587327007187e-05,
    2.755725283351691e-06,
    2.75572718102198e-07,
    2.5106274733573296e-08,
    2.0915442297780116e-09,
];
/// As [`EXP_F64`], f32.
const EXP_F32: [f64; 6] = [
    0.5,
    0.1666666716337204,
    0.04166645556688309,
    0.00833331048488617,
    0.0013934541493654251,
    0.00019891980628017336,
];
/// `2^r = 1 + r P(r)`, `|r| <= 1/2`, f64.
const EXP2_F64: [f64; 12] = [
    LN_2,
    0.24022650695910072,
    0.05550410866482163,
    0.00961812910762848,
    0.001333355814640465,
    0.00015403530393369832,
    1.5252733843864855e-05,
    1.3215486809848003e-06,
    1.0178055912546169e-07,
    7.054896722470352e-09,
    4.4560247551334643e-10,
    2.5730348009234352e-11,
];
/// As [`EXP2_F64`], f32.
const EXP2_F32: [f64; 6] = [
    0.6931471824645996,
    0.24022650718688965,
    0.05550355091691017,
    0.009618080221116543,
    0.0013392016990110278,
    0.0001545416162116453,
];
/// `2 atanh(s) = 2s + s z R(z)`, `z = s^2 <= ((sqrt2 - 1)/(sqrt2 + 1))^2`, f64.
const LOG_F64: [f64; 8] = [
    0.6666666666666666,
    0.40000000000001007,
    0.2857142857072325,
    0.22222222409750114,
    0.18181793732111753,
    0.15386342449645143,
    0.13266048812203002,
    0.131148348695975,
];
/// `2 atanh(s) = 2s + s z (2/3 + z R2(z))`, `z = s^2` (the double-word log of `pow`), f64.
const LOG2_F64: [f64; 8] = [
    0.4,
    0.28571428571429486,
    0.2222222222158344,
    0.1818181835165175,
    0.15384593242579514,
    0.13334897308547064,
    0.11703780772949368,
    0.11748603365608093,
];
/// As [`LOG2_F64`], f32.
const LOG2_F32: [f64; 4] = [
    0.4000000059604645,
    0.28571537137031555,
    0.22204042971134186,
    0.19139818847179413,
];
/// As [`LOG_F64`], f32.
const LOG_F32: [f64; 4] = [
    0.6666666865348816,
    0.40000128746032715,
    0.2854996919631958,
    0.23353427648544312,
];
/// `sin(r) = r + r z S(z)`, `z = r^2 <= (pi/4)^2`, f64.
const SIN_F64: [f64; 7] = [
    -0.16666666666666666,
    0.008333333333333331,
    -0.0001984126984126457,
    2.755731921895673e-06,
    -2.5052106100926675e-08,
    1.605851097953535e-10,
    -7.58549250782124e-13,
];
/// As [`SIN_F64`], f32.
const SIN_F32: [f64; 4] = [
    -0.1666666716337204,
    0.008333331905305386,
    -0.00019840039021801203,
    2.7243811473454116e-06,
];
/// `cos(r) = 1 - z/2 + z^2 C(z)`, `z = r^2 <= (pi/4)^2`, f64.
const COS_F64: [f64; 7] = [
    0.041666666666666664,
    -0.0013888888888888887,
    2.480158730158437e-05,
    -2.75573192211902e-07,
    2.0876755717957296e-09,
    -1.147044941240971e-11,
    4.745202155702359e-14,
];
/// As [`COS_F64`], f32.
const COS_F32: [f64; 4] = [
    0.0416666679084301,
    -0.00138888880610466,
    2.48005599132739e-05,
    -2.729585730776307e-07,
];

/// `atan(u) = u + u z A(z)`, `z = u^2 <= tan(pi/8)^2`, f64.
const ATAN_F64: [f64; 12] = [
    -0.3333333333333333,
    0.19999999999999762,
    -0.1428571428564902,
    0.11111111104112661,
    -0.09090908702135936,
    0.07692294904896305,
    -0.06666398746388635,
    0.05878631460320977,
    -0.05228284767565546,
    0.045417954500753324,
    -0.034321082112901316,
    0.016012008547392122,
];
/// As [`ATAN_F64`], f32.
const ATAN_F32: [f64; 6] = [
    -0.3333333432674408,
    0.19999974966049194,
    -0.14284035563468933,
    0.11069243401288986,
    -0.08609013259410858,
    0.05008123442530632,
];
/// `asin(u) = u + u z B(z)`, `z = u^2 <= 1/4`, f64.
const ASIN_F64: [f64; 14] = [
    0.16666666666666666,
    0.07500000000000118,
    0.044642857142551895,
    0.03038194447553234,
    0.02237215744350722,
    0.017352816540325496,
    0.01396378001220357,
    0.011566459612121669,
    0.009621842970100282,
    0.009319560794767446,
    0.0030448799094556773,
    0.019554513336123378,
    -0.01924167174674304,
    0.02961201126495512,
];
/// As [`ASIN_F64`], f32.
const ASIN_F32: [f64; 6] = [
    0.1666666567325592,
    0.07500094175338745,
    0.04459940269589424,
    0.031100662425160408,
    0.017149237915873528,
    0.03369084745645523,
];
/// Initial `cbrt(m)`, `m` in `[1, 2]` (relative error 1e-4; Newton steps follow).
const CBRT_0: [f64; 4] = [
    0.5557909602691388,
    0.5808263911380952,
    -0.1586624600531909,
    0.022148699208245196,
];

/// `pi/4`, `pi/2`, `pi` as `hi + lo`.
const PI4: (f64, f64) = (FRAC_PI_4, 3.061616997868383e-17);
/// See [`PI4`].
const PI2: (f64, f64) = (FRAC_PI_2, 6.123233995736766e-17);
/// See [`PI4`].
const PI: (f64, f64) = (consts::PI, 1.2246467991473532e-16);

/// `ln 2` split as `hi + lo` (f64 parts; the f32 parts are derived in [`Em::ln2`]).
const LN2: (f64, f64) = (LN_2, 2.3190468138462996e-17);
/// `log2(e)` split as `hi + lo`.
const LOG2E: (f64, f64) = (LOG2_E, 2.0355273740931033e-17);
/// `log10(e)` split as `hi + lo`.
const LOG10E: (f64, f64) = (LOG10_E, 1.098319650216765e-17);
/// `log10(2)` split as `hi + lo`.
const LOG10_2: (f64, f64) = (consts::LOG10_2, -2.8037281277851704e-18);
/// `pi/2` in three f64 parts (Cody-Waite with `fma`).
const PIO2_F64: [f64; 3] = [FRAC_PI_2, 6.123233995736766e-17, -1.4973849048591698e-33];
/// `pi/2` in three f32 parts.
const PIO2_F32: [f64; 3] = [
    1.5707963705062866,
    -4.371138828673793e-08,
    -1.7151245100058819e-15,
];

// ---------------------------------------------------------------------------------------------
// The emitter: every operation maps over the K interleaved copies.

/// K values, one per interleaved copy.
type V = Vec<Value>;

/// Which logarithm [`Em::log`] computes.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Base {
    /// Natural logarithm.
    E,
    /// Base 2.
    Two,
    /// Base 10.
    Ten,
}

/// Which function [`Em::trig`] computes.
#[derive(Copy, Clone, PartialEq, Eq)]
enum Trig {
    /// Sine.
    Sin,
    /// Cosine.
    Cos,
    /// Tangent.
    Tan,
}

/// Builder state for one call: the vector type computed in and its integer twin.
///
/// Masks are float-typed vectors of all-ones / all-zeros lanes, consumed by `bitselect`.
struct Em<'a, 'f> {
    /// The caller's builder, positioned where the code goes.
    b: &'a mut FunctionBuilder<'f>,
    /// The float vector type (`F64X2` or `F32X4`).
    ty: Type,
    /// The integer type of the same shape (`I64X2` or `I32X4`).
    ity: Type,
    /// f64 lanes (otherwise f32).
    wide: bool,
    /// Number of interleaved copies.
    k: usize,
    /// Lanes that carry caller data (1 for scalar operands, which live in lane 0).
    lanes: u8,
}

impl<'a, 'f> Em<'a, 'f> {
    /// State for operands `xs` (checks invariant 1).
    fn new(b: &'a mut FunctionBuilder<'f>, xs: &[Value]) -> Self {
        assert!(!xs.is_empty(), "vmath: no operands");
        let ty = b.func.dfg.value_type(xs[0]);
        assert!(SUPPORTED.contains(&ty), "vmath: unsupported type {ty}");
        for &x in xs {
            assert_eq!(b.func.dfg.value_type(x), ty, "vmath: mixed types");
        }
        let wide = ty.lane_type() == types::F64;
        // Scalars are computed in lane 0 of a splatted vector: one code path, and vector
        // `bitselect` instead of the branchy scalar float `select` lowering.
        let vty = if wide { types::F64X2 } else { types::F32X4 };
        let lanes = if ty.is_vector() {
            ty.lane_count() as u8
        } else {
            1
        };
        Em {
            b,
            ty: vty,
            ity: vty.as_int(),
            wide,
            k: xs.len(),
            lanes,
        }
    }

    /// Moves scalar operands into vectors (identity for vector operands).
    fn widen(&mut self, xs: &[Value]) -> V {
        let ty = self.ty;
        xs.iter()
            .map(|&x| {
                if self.b.func.dfg.value_type(x).is_vector() {
                    x
                } else {
                    self.b.ins().splat(ty, x)
                }
            })
            .collect()
    }

    /// Back to the caller's type: lane 0 for scalar operands.
    fn narrow(&mut self, scalar: bool, v: V) -> Vec<Value> {
        if scalar {
            v.into_iter()
                .map(|x| self.b.ins().extractlane(x, 0))
                .collect()
        } else {
            v
        }
    }

    // ----- constants -----

    /// Float constant (rounded to the lane type), splatted.
    fn c(&mut self, v: f64) -> V {
        if self.wide {
            self.vconst(v.to_bits(), 8)
        } else {
            self.vconst(u64::from((v as f32).to_bits()), 4)
        }
    }

    /// A vector constant with every lane equal to the low `bytes` bytes of `bits`, loaded from
    /// the constant pool (one instruction, often folded into its user; `splat` of a scalar
    /// constant costs three at `opt_level = "none"`).
    fn vconst(&mut self, bits: u64, bytes: usize) -> V {
        let lane = &bits.to_le_bytes()[..bytes];
        let data: Vec<u8> = lane.iter().copied().cycle().take(16).collect();
        let handle = self.b.func.dfg.constants.insert(data.into());
        let v = self.b.ins().vconst(self.ty, handle);
        vec![v; self.k]
    }

    /// Picks the f64 or the f32 value of a constant.
    fn pick(&self, w: f64, n: f64) -> f64 {
        if self.wide { w } else { n }
    }

    /// Integer constant of the integer twin type, splatted.
    fn ci(&mut self, v: i64) -> V {
        let c = self.vconst(v as u64, if self.wide { 8 } else { 4 });
        self.bits(&c)
    }

    // ----- element-wise maps -----

    /// Applies `f` to each copy.
    fn map1(&mut self, a: &V, f: impl Fn(&mut FunctionBuilder<'f>, Value) -> Value) -> V {
        a.iter().map(|&x| f(self.b, x)).collect()
    }

    /// Applies `f` to each pair of copies.
    fn map2(
        &mut self,
        a: &V,
        c: &V,
        f: impl Fn(&mut FunctionBuilder<'f>, Value, Value) -> Value,
    ) -> V {
        a.iter().zip(c).map(|(&x, &y)| f(self.b, x, y)).collect()
    }

    /// `a + c`.
    fn add(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fadd(x, y))
    }
    /// `a - c`.
    fn sub(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fsub(x, y))
    }
    /// `a * c`.
    fn mul(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fmul(x, y))
    }
    /// `a / c`.
    fn div(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fdiv(x, y))
    }
    /// `a * c + d` with one rounding.
    fn fma(&mut self, a: &V, c: &V, d: &V) -> V {
        (0..self.k)
            .map(|i| self.b.ins().fma(a[i], c[i], d[i]))
            .collect()
    }
    /// `-a`.
    fn neg(&mut self, a: &V) -> V {
        // An xor with a pool constant: `fneg` rebuilds its sign mask on every use.
        let m = self.c(-0.0);
        self.map2(a, &m, |b, x, y| b.ins().bxor(x, y))
    }
    /// `|a|`.
    fn abs(&mut self, a: &V) -> V {
        let m = self.vconst(
            if self.wide {
                !(1u64 << 63)
            } else {
                0x7fff_ffff
            },
            if self.wide { 8 } else { 4 },
        );
        self.map2(a, &m, |b, x, y| b.ins().band(x, y))
    }
    /// `a` rounded to the nearest integer, ties to even.
    fn nearest(&mut self, a: &V) -> V {
        self.map1(a, |b, x| b.ins().nearest(x))
    }
    /// `a` rounded down.
    fn floor(&mut self, a: &V) -> V {
        self.map1(a, |b, x| b.ins().floor(x))
    }
    /// `a` rounded toward zero.
    fn trunc(&mut self, a: &V) -> V {
        self.map1(a, |b, x| b.ins().trunc(x))
    }
    /// `a + k`.
    fn addc(&mut self, a: &V, k: f64) -> V {
        let c = self.c(k);
        self.add(a, &c)
    }
    /// `a * k`.
    fn mulc(&mut self, a: &V, k: f64) -> V {
        let c = self.c(k);
        self.mul(a, &c)
    }

    /// Horner evaluation of `sum coef[i] x^i` with `fma`.
    fn poly(&mut self, x: &V, coef: &[f64]) -> V {
        let n = coef.len();
        let mut p = self.c(coef[n - 1]);
        for &ci in coef[..n - 1].iter().rev() {
            let c = self.c(ci);
            p = self.fma(&p, x, &c);
        }
        p
    }

    // ----- masks and selection -----

    /// Lane mask of `a cc c`.
    fn cmp(&mut self, cc: FloatCC, a: &V, c: &V) -> V {
        let ty = self.ty;
        self.map2(a, c, |b, x, y| {
            let m = b.ins().fcmp(cc, x, y);
            b.ins().bitcast(ty, MemFlagsData::new(), m)
        })
    }
    /// Lane mask of `a cc k`.
    fn cmpc(&mut self, cc: FloatCC, a: &V, k: f64) -> V {
        let c = self.c(k);
        self.cmp(cc, a, &c)
    }
    /// Mask intersection.
    fn and(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().band(x, y))
    }
    /// Mask union.
    fn or(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().bor(x, y))
    }
    /// Per lane `m ? a : c`.
    fn sel(&mut self, m: &V, a: &V, c: &V) -> V {
        (0..self.k)
            .map(|i| self.b.ins().bitselect(m[i], a[i], c[i]))
            .collect()
    }
    /// Per lane `m ? k : c`.
    fn selc(&mut self, m: &V, k: f64, c: &V) -> V {
        let kv = self.c(k);
        self.sel(m, &kv, c)
    }
    /// `min(a, k)` that keeps NaN.
    fn minc(&mut self, a: &V, k: f64) -> V {
        let m = self.cmpc(FloatCC::GreaterThan, a, k);
        self.selc(&m, k, a)
    }
    /// `max(a, k)` that keeps NaN.
    fn maxc(&mut self, a: &V, k: f64) -> V {
        let m = self.cmpc(FloatCC::LessThan, a, k);
        self.selc(&m, k, a)
    }
    /// Magnitude of `mag` with the sign bit of `sgn`.
    fn copysign(&mut self, mag: &V, sgn: &V) -> V {
        let sm = self.c(-0.0);
        let s = self.and(sgn, &sm);
        let a = self.abs(mag);
        self.or(&a, &s)
    }

    // ----- integer views -----

    /// The bits of float lanes as integer lanes.
    fn bits(&mut self, a: &V) -> V {
        let ity = self.ity;
        self.map1(a, |b, x| b.ins().bitcast(ity, MemFlagsData::new(), x))
    }
    /// Integer lanes reinterpreted as float lanes.
    fn floats(&mut self, a: &V) -> V {
        let ty = self.ty;
        self.map1(a, |b, x| b.ins().bitcast(ty, MemFlagsData::new(), x))
    }
    /// Integer lane sum (wrapping).
    fn iadd(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().iadd(x, y))
    }
    /// Integer lane bitwise and.
    fn iand(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().band(x, y))
    }
    /// Integer lane bitwise or.
    fn ior(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().bor(x, y))
    }
    /// Integer lanes shifted left by `s`.
    fn ishl(&mut self, a: &V, s: i64) -> V {
        self.map1(a, |b, x| {
            let s = b.ins().iconst(types::I32, s);
            b.ins().ishl(x, s)
        })
    }
    /// Integer lanes shifted right by `s`, zero-filling.
    fn ushr(&mut self, a: &V, s: i64) -> V {
        self.map1(a, |b, x| {
            let s = b.ins().iconst(types::I32, s);
            b.ins().ushr(x, s)
        })
    }
    /// Mantissa width of the lane type.
    fn mant(&self) -> i64 {
        if self.wide { 52 } else { 23 }
    }
    /// Exponent bias of the lane type.
    fn bias(&self) -> i64 {
        if self.wide { 1023 } else { 127 }
    }

    /// The low integer bits of an integral float `n` (`|n| < 2^22` for f32, `2^51` for f64), as
    /// two's complement in the integer twin type (the rounding-constant trick: adding
    /// `1.5 * 2^mant` puts `n` into the low mantissa bits). No `fcvt`, which x64 lacks for i64x2.
    fn int_bits(&mut self, n: &V) -> V {
        let magic = self.pick(6755399441055744.0, 12582912.0);
        let t = self.addc(n, magic);
        self.bits(&t)
    }

    /// `2^n` for an integral float `n` in the normal exponent range.
    fn pow2i(&mut self, n: &V) -> V {
        let i = self.int_bits(n);
        let bias = self.ci(self.bias());
        let i = self.iadd(&i, &bias);
        let mant = self.mant();
        let i = self.ishl(&i, mant);
        self.floats(&i)
    }

    /// `y * 2^n` for integral `n` in `[-1100, 1100]` (f32: `[-170, 170]`), rounding once even
    /// when the result is subnormal: `2^n` is applied as two factors `2^floor(n/2)`, `2^ceil(n/2)`.
    fn scale2(&mut self, y: &V, n: &V) -> V {
        let h = self.mulc(n, 0.5);
        let n1 = self.floor(&h);
        let n2 = self.sub(n, &n1);
        let s1 = self.pow2i(&n1);
        let s2 = self.pow2i(&n2);
        let t = self.mul(y, &s1);
        self.mul(&t, &s2)
    }

    /// `(s, err)` with `s + err == a + c` exactly (Knuth's two-sum).
    fn two_sum(&mut self, a: &V, c: &V) -> (V, V) {
        let s = self.add(a, c);
        let bb = self.sub(&s, a);
        let t = self.sub(&s, &bb);
        let e1 = self.sub(a, &t);
        let e2 = self.sub(c, &bb);
        let e = self.add(&e1, &e2);
        (s, e)
    }

    /// `ln 2` as `(hi, lo)` for the lane type.
    fn ln2(&self) -> (f64, f64) {
        if self.wide {
            LN2
        } else {
            let h = LN2.0 as f32;
            (f64::from(h), (LN2.0 - f64::from(h)) as f32 as f64)
        }
    }

    /// Splits a constant `(hi, lo)` so that `hi` has at most `53 - drop` (f64) or `24 - drop`
    /// (f32) significant bits, making `e * hi` exact for `|e| < 2^drop`.
    fn short_split(&self, c: (f64, f64), drop: u32) -> (f64, f64) {
        if self.wide {
            let h = f64::from_bits(c.0.to_bits() & !((1u64 << drop) - 1));
            (h, (c.0 - h) + c.1)
        } else {
            let h = f32::from_bits((c.0 as f32).to_bits() & !((1u32 << drop) - 1));
            (f64::from(h), c.0 - f64::from(h) + c.1)
        }
    }

    // ----- exponentials -----

    /// `e^r - 1 = r + r^2 P(r)` for `|r| <= ln2/2` (relative accuracy).
    fn em1_poly(&mut self, r: &V) -> V {
        let z = self.mul(r, r);
        let p = if self.wide {
            self.poly(r, &EXP_F64)
        } else {
            self.poly(r, &EXP_F32)
        };
        self.fma(&z, &p, r)
    }

    /// `n = nearest(x / ln2)`, `r = x - n ln2` (two-part, exact first step).
    fn exp_reduce(&mut self, x: &V) -> (V, V) {
        let t = self.mulc(x, LOG2E.0);
        let n = self.nearest(&t);
        let (hi, lo) = self.ln2();
        let nhi = self.c(-hi);
        let r = self.fma(&n, &nhi, x);
        let nlo = self.c(-lo);
        let r = self.fma(&n, &nlo, &r);
        (n, r)
    }

    /// `e^x`.
    fn exp(&mut self, x: &V) -> V {
        let x = self.minc(x, self.pick(710.0, 89.0));
        let x = self.maxc(&x, self.pick(-760.0, -110.0));
        let (n, r) = self.exp_reduce(&x);
        let p = self.em1_poly(&r);
        let y = self.addc(&p, 1.0);
        self.scale2(&y, &n)
    }

    /// `2^x`.
    fn exp2(&mut self, x: &V) -> V {
        let x = self.minc(x, self.pick(1025.0, 129.0));
        let x = self.maxc(&x, self.pick(-1080.0, -160.0));
        let n = self.nearest(&x);
        let r = self.sub(&x, &n);
        let p = if self.wide {
            self.poly(&r, &EXP2_F64)
        } else {
            self.poly(&r, &EXP2_F32)
        };
        let one = self.c(1.0);
        let y = self.fma(&r, &p, &one);
        self.scale2(&y, &n)
    }

    /// `e^x - 1`.
    fn expm1(&mut self, x: &V) -> V {
        self.expm1_dd(x).0
    }

    /// `e^x - 1` as `hi + lo` (`lo` is zero where `hi` is exact or the error is irrelevant).
    fn expm1_dd(&mut self, x: &V) -> (V, V) {
        let xc = self.minc(x, self.pick(710.0, 89.0));
        let xc = self.maxc(&xc, self.pick(-45.0, -20.0));
        // x = n ln2 + rh + rl, with rl the rounding error of the second reduction step.
        let t = self.mulc(&xc, LOG2E.0);
        let n = self.nearest(&t);
        let (hi, lo) = self.ln2();
        let nhi = self.c(-hi);
        let r1 = self.fma(&n, &nhi, &xc);
        let nlo = self.c(-lo);
        let rh = self.fma(&n, &nlo, &r1);
        let d = self.sub(&r1, &rh);
        let rl = self.fma(&n, &nlo, &d);
        // e^r - 1 = ph + pl: rh + z P(rh) as a two-sum, plus rl e^rh.
        let z = self.mul(&rh, &rh);
        let pp = if self.wide {
            self.poly(&rh, &EXP_F64)
        } else {
            self.poly(&rh, &EXP_F32)
        };
        let zp = self.mul(&z, &pp);
        let ph = self.add(&rh, &zp);
        let d = self.sub(&rh, &ph);
        let pl = self.add(&d, &zp);
        let pl = self.add(&pl, &rl);
        let pl = self.fma(&rl, &ph, &pl);
        // n > big: the -1 is below half an ulp of 2^n (1 + p); scale (p + 1) instead, which
        // cannot overflow early near the threshold. Otherwise e^x - 1 = 2^n p + (2^n - 1), with
        // 2^n p exact and the sum as a two-sum.
        let big_n = self.pick(60.0, 30.0);
        let big = self.cmpc(FloatCC::GreaterThan, &n, big_n);
        let p1 = self.addc(&ph, 1.0);
        let t = self.sel(&big, &p1, &ph);
        let y = self.scale2(&t, &n);
        let nc = self.minc(&n, big_n);
        let two_n = self.pow2i(&nc);
        let c = self.addc(&two_n, -1.0);
        let c = self.selc(&big, 0.0, &c);
        // Big: the low part of 2^n (1 + ph + pl).
        let one = self.c(1.0);
        let d1 = self.sub(&one, &p1);
        let d1 = self.add(&d1, &ph);
        let d1 = self.add(&d1, &pl);
        let lo_big = self.scale2(&d1, &n);
        let pl = self.selc(&big, 0.0, &pl);
        let (s, err) = self.two_sum(&c, &y);
        let lo = self.fma(&pl, &two_n, &err);
        let res = self.add(&s, &lo);
        let back = self.sub(&res, &s);
        let rlo = self.sub(&lo, &back);
        let res = self.sel(&big, &y, &res);
        // Tiny |x| (including zeros and subnormals): expm1(x) rounds to x.
        let ax = self.abs(x);
        let tiny = self.cmpc(
            FloatCC::LessThan,
            &ax,
            self.pick(5.551115123125783e-17, 2.9802322e-8),
        );
        let res = self.sel(&tiny, x, &res);
        let rlo = self.sel(&big, &lo_big, &rlo);
        let rlo = self.selc(&tiny, 0.0, &rlo);
        (res, rlo)
    }

    /// `tanh(x) = sign(x) e/(e + 2)` with `e = expm1(2|x|)`.
    fn tanh(&mut self, x: &V) -> V {
        let ax = self.abs(x);
        let ax = self.minc(&ax, self.pick(40.0, 20.0));
        let a2 = self.add(&ax, &ax);
        let (e, el) = self.expm1_dd(&a2);
        // q = e / (e + 2) with one correction step against the exact numerator and denominator.
        let two = self.c(2.0);
        let (d, dl) = self.two_sum(&e, &two);
        let dl = self.add(&dl, &el);
        let q = self.div(&e, &d);
        let nq = self.neg(&q);
        let res = self.fma(&nq, &d, &e);
        let res = self.fma(&nq, &dl, &res);
        let res = self.add(&res, &el);
        let corr = self.div(&res, &d);
        let t = self.add(&q, &corr);
        self.copysign(&t, x)
    }

    /// `sinh` or `cosh` from `e = expm1(|x|)` (or `expm1(|x|/2)` for large `|x|`, squared).
    fn sinh_cosh(&mut self, x: &V, sinh: bool) -> V {
        let ax = self.abs(x);
        let ax = self.minc(&ax, self.pick(720.0, 100.0));
        let big_t = self.pick(40.0, 20.0);
        let big = self.cmpc(FloatCC::GreaterThan, &ax, big_t);
        let half = self.mulc(&ax, 0.5);
        let a = self.sel(&big, &half, &ax);
        let (e, el) = self.expm1_dd(&a);
        // Large: E^2 / 2 with E = e + el + 1 = e^a, a = |x|/2 (in double-word); the other
        // exponential term is below an ulp.
        let one = self.c(1.0);
        let (eh, ee) = self.two_sum(&e, &one);
        let ee = self.add(&ee, &el);
        let h = self.mulc(&eh, 0.5);
        let cross = self.mul(&eh, &ee);
        let large = self.fma(&eh, &h, &cross);
        // Small: with E = e + el = expm1(|x|) and D = E + 1 = eh + ee (from above),
        // sinh = (E + E/D) / 2 and cosh = 1 + E^2 / (2 D), quotients with one correction step.
        let (num_h, num_l) = if sinh {
            (e.clone(), el.clone())
        } else {
            let e2 = self.mul(&e, &e);
            let ne2 = self.neg(&e2);
            let e2l = self.fma(&e, &e, &ne2);
            let two_e = self.add(&e, &e);
            let e2l = self.fma(&two_e, &el, &e2l);
            (e2, e2l)
        };
        let qh = self.div(&num_h, &eh);
        let nq = self.neg(&qh);
        let res = self.fma(&nq, &eh, &num_h);
        let res = self.add(&res, &num_l);
        let res = self.fma(&nq, &ee, &res);
        let ql = self.div(&res, &eh);
        let small = if sinh {
            let (s, t) = self.two_sum(&e, &qh);
            let t = self.add(&t, &el);
            let t = self.add(&t, &ql);
            let s = self.add(&s, &t);
            self.mulc(&s, 0.5)
        } else {
            let qh = self.mulc(&qh, 0.5);
            let ql = self.mulc(&ql, 0.5);
            let one = self.c(1.0);
            let (s, t) = self.two_sum(&one, &qh);
            let t = self.add(&t, &ql);
            self.add(&s, &t)
        };
        let r = self.sel(&big, &large, &small);
        if sinh { self.copysign(&r, x) } else { r }
    }

    // ----- logarithms -----

    /// Splits a positive finite `x` as `2^e (1 + f)` with `1 + f` in `[sqrt(1/2), sqrt(2))`;
    /// returns `(e, f)` as floats. Subnormals are scaled first. Other inputs give garbage.
    fn log_reduce(&mut self, x: &V) -> (V, V) {
        let (min_norm, up, up_e) = self.pick3();
        let sub = self.cmpc(FloatCC::LessThan, x, min_norm);
        let xs = self.mulc(x, up);
        let xs = self.sel(&sub, &xs, x);
        let adj = self.c(-up_e);
        let zero = self.c(0.0);
        let adj = self.sel(&sub, &adj, &zero);
        let ix = self.bits(&xs);
        let mant = self.mant();
        let eraw = self.ushr(&ix, mant);
        // Exponent field to float: OR it into the mantissa of 2^mant.
        let two_m = self.pick(4503599627370496.0, 8388608.0);
        let tb = self.c(two_m);
        let tb = self.bits(&tb);
        let ef = self.ior(&eraw, &tb);
        let ef = self.floats(&ef);
        let e = self.addc(&ef, -(two_m + self.bias() as f64));
        let e = self.add(&e, &adj);
        let mmask = self.ci((1i64 << mant) - 1);
        let one = self.c(1.0);
        let one_bits = self.bits(&one);
        let m = self.iand(&ix, &mmask);
        let m = self.ior(&m, &one_bits);
        let m = self.floats(&m);
        let big = self.cmpc(FloatCC::GreaterThan, &m, std::f64::consts::SQRT_2);
        let mh = self.mulc(&m, 0.5);
        let m = self.sel(&big, &mh, &m);
        let e1 = self.addc(&e, 1.0);
        let e = self.sel(&big, &e1, &e);
        let f = self.addc(&m, -1.0);
        (e, f)
    }

    /// `(smallest normal, 2^s, s)` for subnormal scaling.
    fn pick3(&self) -> (f64, f64, f64) {
        if self.wide {
            (f64::MIN_POSITIVE, 18014398509481984.0, 54.0)
        } else {
            (f64::from(f32::MIN_POSITIVE), 33554432.0, 25.0)
        }
    }

    /// `ln(1 + f) - f` for the reduced `f` (about `-f^2/2`), with `s = f / (2 + f)`:
    /// `ln(1 + f) = 2 atanh(s) = f - s (f - s^2 R(s^2))`.
    fn log1pf_tail(&mut self, f: &V) -> V {
        let d = self.addc(f, 2.0);
        let s = self.div(f, &d);
        let z = self.mul(&s, &s);
        let r = if self.wide {
            self.poly(&z, &LOG_F64)
        } else {
            self.poly(&z, &LOG_F32)
        };
        let q = self.mul(&z, &r);
        let w = self.sub(f, &q);
        let ns = self.neg(&s);
        self.mul(&ns, &w)
    }

    /// `log_b(u) + corr/u`-style core: `u = 2^e (1 + f)`, `ylo = ln(1+f) - f`, plus an optional
    /// extra low term `extra` (in natural-log units) added before scaling.
    fn log_combine(&mut self, e: &V, f: &V, ylo: &V, base: Base) -> V {
        let (c, kk) = match base {
            Base::E => (LN2, (1.0, 0.0)),
            Base::Two => ((1.0, 0.0), LOG2E),
            Base::Ten => (LOG10_2, LOG10E),
        };
        let (chi, clo) = self.short_split(c, if self.wide { 11 } else { 8 });
        let chi_v = self.c(chi);
        let a = self.mul(e, &chi_v);
        // p + pe + klo_f = K f (exactly enough), with the K = 1 case free.
        let (p, low) = if base == Base::E {
            (f.clone(), None)
        } else {
            let (khi, klo) = self.split(kk);
            let khi_v = self.c(khi);
            let p = self.mul(&khi_v, f);
            let np = self.neg(&p);
            let pe = self.fma(&khi_v, f, &np);
            let klo_v = self.c(klo);
            let kf = self.fma(&klo_v, f, &pe);
            (p, Some(kf))
        };
        let (s, err) = self.two_sum(&a, &p);
        let clo_v = self.c(clo);
        let lo = self.fma(e, &clo_v, &err);
        let lo = match low {
            Some(kf) => self.add(&lo, &kf),
            None => lo,
        };
        let khi = if self.wide {
            kk.0
        } else {
            f64::from(kk.0 as f32)
        };
        let lo = if base == Base::E {
            self.add(&lo, ylo)
        } else {
            let kv = self.c(khi);
            self.fma(ylo, &kv, &lo)
        };
        self.add(&s, &lo)
    }

    /// Logarithm of `x` to `base`, with the special cases.
    fn log(&mut self, x: &V, base: Base) -> V {
        let (e, f) = self.log_reduce(x);
        let ylo = self.log1pf_tail(&f);
        let res = self.log_combine(&e, &f, &ylo, base);
        self.log_specials(x, x, res)
    }

    /// Special cases of `log(u)`: `u == 0` gives -inf, `u < 0` or NaN gives NaN, `u == inf` gives
    /// inf. `x` is the original argument (returned unchanged when it is NaN).
    fn log_specials(&mut self, u: &V, x: &V, res: V) -> V {
        let inf = self.cmpc(FloatCC::Equal, u, f64::INFINITY);
        let res = self.selc(&inf, f64::INFINITY, &res);
        let zero = self.cmpc(FloatCC::Equal, u, 0.0);
        let res = self.selc(&zero, f64::NEG_INFINITY, &res);
        let neg = self.cmpc(FloatCC::LessThan, u, 0.0);
        let res = self.selc(&neg, f64::NAN, &res);
        let nan = self.cmp(FloatCC::Unordered, x, x);
        self.sel(&nan, x, &res)
    }

    /// `ln(1 + x)`: `u = 1 + x` rounded, with the rounding error `err` corrected by `err / u`.
    fn log1p(&mut self, x: &V) -> V {
        self.log1p_dd(x, None)
    }

    /// `ln(1 + x + xl)` for a small correction `xl` of `x` (a double-word argument).
    fn log1p_dd(&mut self, x: &V, xl: Option<&V>) -> V {
        let one = self.c(1.0);
        let (u, err) = self.two_sum(&one, x);
        let err = match xl {
            Some(l) => self.add(&err, l),
            None => err,
        };
        let (e, f) = self.log_reduce(&u);
        let ylo = self.log1pf_tail(&f);
        let corr = self.div(&err, &u);
        let ylo = self.add(&ylo, &corr);
        let res = self.log_combine(&e, &f, &ylo, Base::E);
        let res = self.log_specials(&u, x, res);
        let ax = self.abs(x);
        let tiny = self.cmpc(
            FloatCC::LessThan,
            &ax,
            self.pick(5.551115123125783e-17, 2.9802322e-8),
        );
        self.sel(&tiny, x, &res)
    }

    /// `ln|x|` as an unevaluated sum `hi + lo` accurate to about `2^-60` relative (f64), for
    /// positive finite `x`.
    fn log_dd(&mut self, x: &V) -> (V, V) {
        let (e, f) = self.log_reduce(x);
        // s = f / (2 + f) as sh + sl.
        let d = self.addc(&f, 2.0);
        let two = self.c(2.0);
        let dm = self.sub(&two, &d);
        let dl = self.add(&dm, &f);
        let sh = self.div(&f, &d);
        let nsh = self.neg(&sh);
        let r1 = self.fma(&nsh, &d, &f);
        let r1 = self.fma(&nsh, &dl, &r1);
        let sl = self.div(&r1, &d);
        // z = s^2 as zh + zl.
        let zh = self.mul(&sh, &sh);
        let nzh = self.neg(&zh);
        let zl = self.fma(&sh, &sh, &nzh);
        let s2 = self.add(&sh, &sh);
        let zl = self.fma(&s2, &sl, &zl);
        // q = z (2/3 + z R2(z)) = qh + ql, the 2/3 z term in double-word.
        let (c23h, c23l) = if self.wide {
            (0.6666666666666666, 3.700743415417188e-17)
        } else {
            (0.6666666865348816, -1.9868215517249155e-08)
        };
        let c23 = self.c(c23h);
        let qh = self.mul(&c23, &zh);
        let nqh = self.neg(&qh);
        let ql = self.fma(&c23, &zh, &nqh);
        let ql = self.fma(&c23, &zl, &ql);
        let c23lv = self.c(c23l);
        let ql = self.fma(&c23lv, &zh, &ql);
        let r2 = if self.wide {
            self.poly(&zh, &LOG2_F64)
        } else {
            self.poly(&zh, &LOG2_F32)
        };
        let z2 = self.mul(&zh, &zh);
        let ql = self.fma(&z2, &r2, &ql);
        // w = f - q as wh + wl (|f| > |q|).
        let wh = self.sub(&f, &qh);
        let t = self.sub(&f, &wh);
        let t = self.sub(&t, &qh);
        let wl = self.sub(&t, &ql);
        // ln(1 + f) = f - s w = f - ph - (pl + sh wl + sl wh).
        let ph = self.mul(&sh, &wh);
        let nph = self.neg(&ph);
        let pl = self.fma(&sh, &wh, &nph);
        let t = self.fma(&sh, &wl, &pl);
        let t = self.fma(&sl, &wh, &t);
        let (chi, clo) = self.short_split(LN2, if self.wide { 11 } else { 8 });
        let chi_v = self.c(chi);
        let a = self.mul(&e, &chi_v);
        let (s1, e1) = self.two_sum(&a, &f);
        let (s2, e2) = self.two_sum(&s1, &nph);
        let clo_v = self.c(clo);
        let lo = self.fma(&e, &clo_v, &e1);
        let lo = self.add(&lo, &e2);
        let lo = self.sub(&lo, &t);
        let hi = self.add(&s2, &lo);
        let back = self.sub(&hi, &s2);
        let lo = self.sub(&lo, &back);
        (hi, lo)
    }

    // ----- power -----

    /// `x^y`.
    fn pow(&mut self, x: &V, y: &V) -> V {
        let ax = self.abs(x);
        let (lh, ll) = self.log_dd(&ax);
        let zh = self.mul(y, &lh);
        let nzh = self.neg(&zh);
        let zl = self.fma(y, &lh, &nzh);
        let zl = self.fma(y, &ll, &zl);
        let (hi_t, lo_t) = (self.pick(710.0, 89.0), self.pick(-760.0, -110.0));
        let big = self.cmpc(FloatCC::GreaterThan, &zh, hi_t);
        let small = self.cmpc(FloatCC::LessThan, &zh, lo_t);
        let out = self.or(&big, &small);
        let zc = self.selc(&big, hi_t, &zh);
        let zc = self.selc(&small, lo_t, &zc);
        let zl = self.selc(&out, 0.0, &zl);
        let (n, v) = if self.wide {
            self.exp_dd_parts(&zc, &zl)
        } else {
            // f32 has enough headroom for the single-word reconstruction (1 ulp measured).
            let (n, r) = self.exp_reduce(&zc);
            let r = self.add(&r, &zl);
            let p = self.em1_poly(&r);
            (n, self.addc(&p, 1.0))
        };
        let res = self.scale2(&v, &n);

        // Integer and odd-integer tests on y (|y| >= 2^53 is always even).
        let ty = self.trunc(y);
        let is_int = self.cmp(FloatCC::Equal, &ty, y);
        let hy = self.mulc(y, 0.5);
        let thy = self.trunc(&hy);
        let not_half = self.cmp(FloatCC::NotEqual, &thy, &hy);
        let odd = self.and(&is_int, &not_half);
        // x == 0 or x == inf.
        let ylt0 = self.cmpc(FloatCC::LessThan, y, 0.0);
        let xz = self.cmpc(FloatCC::Equal, &ax, 0.0);
        let zres = self.c(0.0);
        let ires = self.c(f64::INFINITY);
        let zval = self.sel(&ylt0, &ires, &zres);
        let res = self.sel(&xz, &zval, &res);
        let xinf = self.cmpc(FloatCC::Equal, &ax, f64::INFINITY);
        let ival = self.sel(&ylt0, &zres, &ires);
        let res = self.sel(&xinf, &ival, &res);
        // Negative x (sign bit set) with odd integral y: negate.
        let one = self.c(1.0);
        let sx = self.copysign(&one, x);
        let xsign = self.cmpc(FloatCC::LessThan, &sx, 0.0);
        let flip = self.and(&xsign, &odd);
        let nres = self.neg(&res);
        let res = self.sel(&flip, &nres, &res);
        // Finite negative x with finite non-integral y: NaN.
        let xneg = self.cmpc(FloatCC::LessThan, x, 0.0);
        let xfin = self.cmpc(FloatCC::NotEqual, &ax, f64::INFINITY);
        let ay = self.abs(y);
        let yfin = self.cmpc(FloatCC::LessThan, &ay, f64::INFINITY);
        let nonint = self.cmp(FloatCC::NotEqual, &ty, y);
        let bad = self.and(&xneg, &xfin);
        let bad = self.and(&bad, &yfin);
        let bad = self.and(&bad, &nonint);
        let res = self.selc(&bad, f64::NAN, &res);
        // NaN operands propagate ...
        let xn = self.cmp(FloatCC::Unordered, x, y);
        let sum = self.add(x, y);
        let res = self.sel(&xn, &sum, &res);
        // ... except pow(x, ±0) = 1, pow(1, y) = 1, pow(-1, ±inf) = 1.
        let ax1 = self.cmpc(FloatCC::Equal, &ax, 1.0);
        let yinf = self.cmpc(FloatCC::Equal, &ay, f64::INFINITY);
        let one_a = self.and(&ax1, &yinf);
        let y0 = self.cmpc(FloatCC::Equal, y, 0.0);
        let x1 = self.cmpc(FloatCC::Equal, x, 1.0);
        let one = self.or(&one_a, &y0);
        let one = self.or(&one, &x1);
        self.selc(&one, 1.0, &res)
    }

    // ----- inverse trigonometric -----

    /// A `(hi, lo)` constant for the lane type.
    fn split(&self, c: (f64, f64)) -> (f64, f64) {
        if self.wide {
            c
        } else {
            let h = c.0 as f32;
            (f64::from(h), (c.0 - f64::from(h) + c.1) as f32 as f64)
        }
    }

    /// `c - (a + b)` for a `(hi, lo)` constant `c`, a value `a` and a small correction `b`, with
    /// `c.hi - a` as an exact two-sum so that only the final addition rounds.
    fn const_minus(&mut self, c: (f64, f64), a: &V, b: &V) -> V {
        let (h, l) = self.split(c);
        let hv = self.c(h);
        let na = self.neg(a);
        let (s, e) = self.two_sum(&hv, &na);
        let lv = self.c(l);
        let e = self.add(&e, &lv);
        let e = self.sub(&e, b);
        self.add(&s, &e)
    }

    /// `atan(t + tl)` for `t` in `[0, 1]` and a small correction `tl`, as `(hi, lo)`: above
    /// `tan(pi/8)` use `pi/4 + atan((t - 1)/(t + 1))` with the quotient in double-word.
    fn atan_core(&mut self, t: &V, tl: &V) -> (V, V) {
        let big = self.cmpc(FloatCC::GreaterThan, t, 0.41421356237309503);
        let one = self.c(1.0);
        let mone = self.c(-1.0);
        let (tmh, tml) = self.two_sum(t, &mone);
        let (tph, tpl) = self.two_sum(t, &one);
        let tml = self.add(&tml, tl);
        let tpl = self.add(&tpl, tl);
        let q = self.div(&tmh, &tph);
        let nq = self.neg(&q);
        let res = self.fma(&nq, &tph, &tmh);
        let res = self.add(&res, &tml);
        let res = self.fma(&nq, &tpl, &res);
        let ql = self.div(&res, &tph);
        let u = self.sel(&big, &q, t);
        let ul = self.sel(&big, &ql, tl);
        let z = self.mul(&u, &u);
        let p = if self.wide {
            self.poly(&z, &ATAN_F64)
        } else {
            self.poly(&z, &ATAN_F32)
        };
        let uz = self.mul(&u, &z);
        let tail = self.mul(&uz, &p);
        // atan(u + ul) = atan(u) + ul / (1 + u^2) to first order; 1 - z is close enough.
        let omz = self.sub(&one, &z);
        let tail = self.fma(&ul, &omz, &tail);
        let (h, l) = self.split(PI4);
        let zero = self.c(0.0);
        let hv = self.c(h);
        let lv = self.c(l);
        let oh = self.sel(&big, &hv, &zero);
        let ol = self.sel(&big, &lv, &zero);
        let lo = self.add(&tail, &ol);
        let (s, e) = self.two_sum(&oh, &u);
        let lo = self.add(&lo, &e);
        let hi = self.add(&s, &lo);
        let back = self.sub(&hi, &s);
        let lo = self.sub(&lo, &back);
        (hi, lo)
    }

    /// The rounding error of `t = num / den` divided by `den` (zero where it is not finite).
    fn div_low(&mut self, t: &V, num: &V, den: &V) -> V {
        let nt = self.neg(t);
        let r = self.fma(&nt, den, num);
        let l = self.div(&r, den);
        let bad = self.cmp(FloatCC::Unordered, &l, &l);
        self.selc(&bad, 0.0, &l)
    }

    /// `atan(x)`: `|x| > 1` uses `pi/2 - atan(1/|x|)`.
    fn atan(&mut self, x: &V) -> V {
        let a = self.abs(x);
        let inv = self.cmpc(FloatCC::GreaterThan, &a, 1.0);
        let one = self.c(1.0);
        let r = self.div(&one, &a);
        let rl = self.div_low(&r, &one, &a);
        let t = self.sel(&inv, &r, &a);
        let zero = self.c(0.0);
        let tl = self.sel(&inv, &rl, &zero);
        let (rh, rlo) = self.atan_core(&t, &tl);
        let c = self.const_minus(PI2, &rh, &rlo);
        let r = self.sel(&inv, &c, &rh);
        self.copysign(&r, x)
    }

    /// `atan2(y, x)` with the C99 special cases.
    fn atan2(&mut self, y: &V, x: &V) -> V {
        let ax = self.abs(x);
        let ay = self.abs(y);
        let swap = self.cmp(FloatCC::GreaterThan, &ay, &ax);
        let num = self.sel(&swap, &ax, &ay);
        let den = self.sel(&swap, &ay, &ax);
        let t = self.div(&num, &den);
        let tl = self.div_low(&t, &num, &den);
        let xi = self.cmpc(FloatCC::Equal, &ax, f64::INFINITY);
        let yi = self.cmpc(FloatCC::Equal, &ay, f64::INFINITY);
        let both = self.and(&xi, &yi);
        let t = self.selc(&both, 1.0, &t);
        let y0 = self.cmpc(FloatCC::Equal, &ay, 0.0);
        let t = self.selc(&y0, 0.0, &t);
        let special = self.or(&both, &y0);
        let tl = self.selc(&special, 0.0, &tl);
        let (rh, rl) = self.atan_core(&t, &tl);
        // Octant fix-ups keep the low part until the last step.
        let ch = self.const_minus(PI2, &rh, &rl);
        let (ph, pl) = self.split(PI2);
        let phv = self.c(ph);
        let plv = self.c(pl);
        let t1 = self.sub(&phv, &ch);
        let t1 = self.sub(&t1, &rh);
        let t1 = self.add(&t1, &plv);
        let cl = self.sub(&t1, &rl);
        let rh = self.sel(&swap, &ch, &rh);
        let rl = self.sel(&swap, &cl, &rl);
        let one = self.c(1.0);
        let sx = self.copysign(&one, x);
        let xneg = self.cmpc(FloatCC::LessThan, &sx, 0.0);
        let c = self.const_minus(PI, &rh, &rl);
        let r = self.add(&rh, &rl);
        let r = self.sel(&xneg, &c, &r);
        let r = self.copysign(&r, y);
        let nan = self.cmp(FloatCC::Unordered, x, y);
        let sum = self.add(x, y);
        self.sel(&nan, &sum, &r)
    }

    /// `asin(x)` or `acos(x)`: `|x| <= 1/2` by the polynomial, else through
    /// `asin(|x|) = pi/2 - 2 asin(sqrt((1 - |x|)/2))` with the square root as `s + sl`.
    fn asin_acos(&mut self, x: &V, acos: bool) -> V {
        let a = self.abs(x);
        let big = self.cmpc(FloatCC::GreaterThan, &a, 0.5);
        let one = self.c(1.0);
        let om = self.sub(&one, &a);
        let w = self.mulc(&om, 0.5);
        let s = self.map1(&w, |b, v| b.ins().sqrt(v));
        let ns = self.neg(&s);
        let res = self.fma(&ns, &s, &w);
        let s2 = self.add(&s, &s);
        let sl = self.div(&res, &s2);
        let s0 = self.cmpc(FloatCC::Equal, &s, 0.0);
        let sl = self.selc(&s0, 0.0, &sl);
        // Small branch works on the signed x for acos, |x| for asin (sign restored later).
        let u0 = if acos { x.clone() } else { a.clone() };
        let u = self.sel(&big, &s, &u0);
        let xx = self.mul(&u0, &u0);
        let z = self.sel(&big, &w, &xx);
        let p = if self.wide {
            self.poly(&z, &ASIN_F64)
        } else {
            self.poly(&z, &ASIN_F32)
        };
        let uz = self.mul(&u, &z);
        let q = self.mul(&uz, &p);
        // Big branch: 2 asin(s) = th + tl.
        let th = s2;
        let sq = self.add(&sl, &q);
        let tl = self.add(&sq, &sq);
        let res = if acos {
            // |x| <= 1/2: pi/2 - (x + q).
            let small = self.const_minus(PI2, &u0, &q);
            let pos = self.add(&th, &tl);
            let neg = self.const_minus(PI, &th, &tl);
            let xneg = self.cmpc(FloatCC::LessThan, x, 0.0);
            let bigv = self.sel(&xneg, &neg, &pos);
            self.sel(&big, &bigv, &small)
        } else {
            let small = self.add(&u0, &q);
            let bigv = self.const_minus(PI2, &th, &tl);
            let r = self.sel(&big, &bigv, &small);
            self.copysign(&r, x)
        };
        let out = self.cmpc(FloatCC::GreaterThan, &a, 1.0);
        self.selc(&out, f64::NAN, &res)
    }

    // ----- inverse hyperbolic -----

    /// `log1p(v)`, plus `ln 2` where `big` (callers pass `v = x - 1` there, so the sum is
    /// `ln(2x)` without overflow).
    fn log1p_plus_ln2(&mut self, v: &V, vl: &V, big: &V) -> V {
        let l = self.log1p_dd(v, Some(vl));
        let (h, lo) = self.split(LN2);
        let lv = self.c(lo);
        let t = self.add(&l, &lv);
        let hv = self.c(h);
        let t = self.add(&t, &hv);
        self.sel(big, &t, &l)
    }

    /// `asinh(x) = sign(x) log1p(a + a^2 / (1 + sqrt(1 + a^2)))`, `a = |x|`; `ln(2a)` for
    /// large `a`.
    fn asinh(&mut self, x: &V) -> V {
        let a = self.abs(x);
        let big = self.cmpc(FloatCC::GreaterThan, &a, self.pick(268435456.0, 4096.0));
        // Double-word throughout: a^2, 1 + a^2, its square root, 1 + sqrt, the quotient, the sum.
        let (a2h, a2l) = self.two_prod(&a, &a);
        let one = self.c(1.0);
        let (qh, e) = self.two_sum(&a2h, &one);
        let ql = self.add(&e, &a2l);
        let (sh, sl) = self.sqrt_dd(&qh, &ql);
        let (dh, e) = self.two_sum(&sh, &one);
        let dl = self.add(&e, &sl);
        let (rh, rl) = self.div_dd(&a2h, &a2l, &dh, &dl);
        let (vh, e) = self.two_sum(&a, &rh);
        let vl = self.add(&e, &rl);
        let vb = self.addc(&a, -1.0);
        let v = self.sel(&big, &vb, &vh);
        let vl = self.selc(&big, 0.0, &vl);
        let r = self.log1p_plus_ln2(&v, &vl, &big);
        self.copysign(&r, x)
    }

    /// `acosh(x) = log1p(t + sqrt(t (t + 2)))`, `t = x - 1` (exact), in double-word; `ln(2x)`
    /// for large `x`.
    fn acosh(&mut self, x: &V) -> V {
        let big = self.cmpc(FloatCC::GreaterThan, x, self.pick(268435456.0, 4096.0));
        let t = self.addc(x, -1.0);
        let (t2h, t2l) = self.two_prod(&t, &t);
        let tt = self.add(&t, &t);
        let (ph, e) = self.two_sum(&t2h, &tt);
        let pl = self.add(&e, &t2l);
        let (sh, sl) = self.sqrt_dd(&ph, &pl);
        let (vh, e) = self.two_sum(&t, &sh);
        let vl = self.add(&e, &sl);
        let v = self.sel(&big, &t, &vh);
        let vl = self.selc(&big, 0.0, &vl);
        let r = self.log1p_plus_ln2(&v, &vl, &big);
        let lt1 = self.cmpc(FloatCC::LessThan, x, 1.0);
        self.selc(&lt1, f64::NAN, &r)
    }

    /// `(p, e)` with `p + e == a * c` exactly (`fma`).
    fn two_prod(&mut self, a: &V, c: &V) -> (V, V) {
        let p = self.mul(a, c);
        let np = self.neg(&p);
        let e = self.fma(a, c, &np);
        (p, e)
    }

    /// `sqrt(h + l)` as `(s, sl)`; `sl` is zero where `s` is zero or not finite.
    fn sqrt_dd(&mut self, h: &V, l: &V) -> (V, V) {
        let s = self.map1(h, |b, v| b.ins().sqrt(v));
        let ns = self.neg(&s);
        let r = self.fma(&ns, &s, h);
        let r = self.add(&r, l);
        let s2 = self.add(&s, &s);
        let sl = self.div(&r, &s2);
        let bad = self.cmp(FloatCC::Unordered, &sl, &sl);
        let sl = self.selc(&bad, 0.0, &sl);
        (s, sl)
    }

    /// `(nh + nl) / (dh + dl)` as `(q, ql)` with one correction step; `ql` is zero where it is
    /// not finite.
    fn div_dd(&mut self, nh: &V, nl: &V, dh: &V, dl: &V) -> (V, V) {
        let q = self.div(nh, dh);
        let nq = self.neg(&q);
        let r = self.fma(&nq, dh, nh);
        let r = self.add(&r, nl);
        let r = self.fma(&nq, dl, &r);
        let ql = self.div(&r, dh);
        let bad = self.cmp(FloatCC::Unordered, &ql, &ql);
        let ql = self.selc(&bad, 0.0, &ql);
        (q, ql)
    }

    /// `atanh(x) = sign(x) log1p(2a / (1 - a)) / 2`; for `a < 1/2` the argument is formed as
    /// `2a + 2a^2 / (1 - a)`.
    fn atanh(&mut self, x: &V) -> V {
        let a = self.abs(x);
        let small = self.cmpc(FloatCC::LessThan, &a, 0.5);
        let a2 = self.add(&a, &a);
        let sq = self.mul(&a2, &a);
        let num = self.sel(&small, &sq, &a2);
        let one = self.c(1.0);
        let om = self.sub(&one, &a);
        let d = self.div(&num, &om);
        let vs = self.add(&a2, &d);
        let v = self.sel(&small, &vs, &d);
        let l = self.log1p(&v);
        let r = self.mulc(&l, 0.5);
        self.copysign(&r, x)
    }

    // ----- roots -----

    /// `cbrt(x)`: `|x| = m 2^(3q + r)`, Newton steps on `m 2^r` from a cubic first guess.
    fn cbrt(&mut self, x: &V) -> V {
        let a = self.abs(x);
        let (min_norm, up, up_e) = self.pick3();
        let sub = self.cmpc(FloatCC::LessThan, &a, min_norm);
        let asc = self.mulc(&a, up);
        let asc = self.sel(&sub, &asc, &a);
        let adj = self.c(-up_e);
        let zero = self.c(0.0);
        let adj = self.sel(&sub, &adj, &zero);
        let ix = self.bits(&asc);
        let mant = self.mant();
        let eraw = self.ushr(&ix, mant);
        let two_m = self.pick(4503599627370496.0, 8388608.0);
        let tb = self.c(two_m);
        let tb = self.bits(&tb);
        let ef = self.ior(&eraw, &tb);
        let ef = self.floats(&ef);
        let e = self.addc(&ef, -(two_m + self.bias() as f64));
        let e = self.add(&e, &adj);
        let mmask = self.ci((1i64 << mant) - 1);
        let one = self.c(1.0);
        let one_bits = self.bits(&one);
        let m = self.iand(&ix, &mmask);
        let m = self.ior(&m, &one_bits);
        let m = self.floats(&m);
        // e = 3q + r, r in {0, 1, 2}.
        let eh = self.addc(&e, 0.5);
        let e3 = self.mulc(&eh, 1.0 / 3.0);
        let q = self.floor(&e3);
        let q3 = self.mulc(&q, 3.0);
        let r = self.sub(&e, &q3);
        let pr = self.pow2i(&r);
        let mr = self.mul(&m, &pr);
        let r1 = self.cmpc(FloatCC::Equal, &r, 1.0);
        let r2 = self.cmpc(FloatCC::Equal, &r, 2.0);
        let c1 = self.c(1.2599210498948732);
        let c2 = self.c(1.5874010519681994);
        let k = self.selc(&r1, 1.0, &c2);
        let k = self.sel(&r2, &k, &c1);
        let k = self.sel(&r1, &c1, &k);
        let r0 = self.cmpc(FloatCC::Equal, &r, 0.0);
        let k = self.selc(&r0, 1.0, &k);
        let y0 = self.poly(&m, &CBRT_0);
        let mut y = self.mul(&y0, &k);
        // Newton: y <- y - (y^3 - mr) / (3 y^2), residual with fma.
        let steps = if self.wide { 3 } else { 2 };
        for _ in 0..steps {
            let y2 = self.mul(&y, &y);
            let nmr = self.neg(&mr);
            let res = self.fma(&y2, &y, &nmr);
            let d = self.mulc(&y2, 3.0);
            let corr = self.div(&res, &d);
            y = self.sub(&y, &corr);
        }
        let res = self.scale2(&y, &q);
        let res = self.copysign(&res, x);
        // 0, inf and NaN are their own cube roots.
        let z = self.cmpc(FloatCC::Equal, &a, 0.0);
        let inf = self.cmpc(FloatCC::Equal, &a, f64::INFINITY);
        let nan = self.cmp(FloatCC::Unordered, x, x);
        let keep = self.or(&z, &inf);
        let keep = self.or(&keep, &nan);
        self.sel(&keep, x, &res)
    }

    /// `hypot(x, y)`: scale by the exponent of the larger magnitude, `sqrt(fma(a, a, b b))`.
    fn hypot(&mut self, x: &V, y: &V) -> V {
        let ax = self.abs(x);
        let ay = self.abs(y);
        let gt = self.cmp(FloatCC::GreaterThan, &ay, &ax);
        let a = self.sel(&gt, &ay, &ax);
        let bb = self.sel(&gt, &ax, &ay);
        // n = exponent of a (subnormals count as the minimum exponent).
        let ix = self.bits(&a);
        let mant = self.mant();
        let eraw = self.ushr(&ix, mant);
        let two_m = self.pick(4503599627370496.0, 8388608.0);
        let tb = self.c(two_m);
        let tb = self.bits(&tb);
        let ef = self.ior(&eraw, &tb);
        let ef = self.floats(&ef);
        let n = self.addc(&ef, -(two_m + self.bias() as f64));
        let n = self.maxc(&n, -(self.bias() as f64) + 1.0);
        let nn = self.neg(&n);
        let as_ = self.scale2(&a, &nn);
        let bs = self.scale2(&bb, &nn);
        let b2 = self.mul(&bs, &bs);
        let h2 = self.fma(&as_, &as_, &b2);
        let h = self.map1(&h2, |b, v| b.ins().sqrt(v));
        let res = self.scale2(&h, &n);
        let inf = self.cmpc(FloatCC::Equal, &a, f64::INFINITY);
        let binf = self.cmpc(FloatCC::Equal, &bb, f64::INFINITY);
        let inf = self.or(&inf, &binf);
        self.selc(&inf, f64::INFINITY, &res)
    }

    /// `e^(zc + zl) = 2^n v` for the double-word argument `zc + zl`, reduced and evaluated in
    /// double-word (`e^r - 1 = ph + pl`); returns `(n, v)` with `v` rounded once.
    fn exp_dd_parts(&mut self, zc: &V, zl: &V) -> (V, V) {
        let t = self.mulc(zc, LOG2E.0);
        let n = self.nearest(&t);
        let (hi, lo) = self.ln2();
        let nhi = self.c(-hi);
        let r1 = self.fma(&n, &nhi, zc);
        let nlo = self.c(-lo);
        let (rh, rl) = self.two_sum(&r1, zl);
        let rh2 = self.fma(&n, &nlo, &rh);
        let d = self.sub(&rh, &rh2);
        let d = self.fma(&n, &nlo, &d);
        let rl = self.add(&rl, &d);
        let rh = rh2;
        let z = self.mul(&rh, &rh);
        let pp = if self.wide {
            self.poly(&rh, &EXP_F64)
        } else {
            self.poly(&rh, &EXP_F32)
        };
        let zp = self.mul(&z, &pp);
        let ph = self.add(&rh, &zp);
        let d = self.sub(&rh, &ph);
        let pl = self.add(&d, &zp);
        let pl = self.add(&pl, &rl);
        let pl = self.fma(&rl, &ph, &pl);
        let one = self.c(1.0);
        let (th, tl) = self.two_sum(&one, &ph);
        let tl = self.add(&tl, &pl);
        let v = self.add(&th, &tl);
        (n, v)
    }

    // ----- trigonometric -----

    /// `sin`, `cos` or `tan`: `x = q pi/2 + r`, `|r| <= pi/4`, both polynomials, quadrant select.
    fn trig<H: HostFns + ?Sized>(
        &mut self,
        host: &mut H,
        x: &V,
        which: Trig,
    ) -> Result<V, H::Error> {
        let t = self.mulc(x, std::f64::consts::FRAC_2_PI);
        let q = self.nearest(&t);
        let p = if self.wide { PIO2_F64 } else { PIO2_F32 };
        // r = rh + rl: the first step is exact, rl keeps the rounding error of the second and
        // the third part of pi/2.
        let p1 = self.c(-p[0]);
        let r1 = self.fma(&q, &p1, x);
        let p2 = self.c(-p[1]);
        let ph = self.mul(&q, &p2);
        let nph = self.neg(&ph);
        let pl = self.fma(&q, &p2, &nph);
        let (rh, e2) = self.two_sum(&r1, &ph);
        let e2 = self.add(&e2, &pl);
        let p3 = self.c(-p[2]);
        let rl = self.fma(&q, &p3, &e2);
        // Renormalise so that |rl| is below half an ulp of rh.
        let (rh, rl) = {
            let s = self.add(&rh, &rl);
            let back = self.sub(&s, &rh);
            let l = self.sub(&rl, &back);
            (s, l)
        };
        // sin(rh) = sh + sl, cos(rh) = ch + cl.
        let z = self.mul(&rh, &rh);
        let nz = self.neg(&z);
        let zl = self.fma(&rh, &rh, &nz);
        let rz = self.mul(&rh, &z);
        let sp = if self.wide {
            self.poly(&z, &SIN_F64)
        } else {
            self.poly(&z, &SIN_F32)
        };
        let t = self.mul(&rz, &sp);
        let sh = self.add(&rh, &t);
        let d = self.sub(&rh, &sh);
        let sl = self.add(&d, &t);
        let cp = if self.wide {
            self.poly(&z, &COS_F64)
        } else {
            self.poly(&z, &COS_F32)
        };
        let h = self.mulc(&z, 0.5);
        let hl = self.mulc(&zl, 0.5);
        let one = self.c(1.0);
        let ch = self.sub(&one, &h);
        let d = self.sub(&one, &ch);
        let d = self.sub(&d, &h);
        let d = self.sub(&d, &hl);
        let z2 = self.mul(&z, &z);
        let cl = self.fma(&z2, &cp, &d);
        // Renormalise: cl holds the z^2 C(z) term, far above an ulp of ch.
        let c = self.add(&ch, &cl);
        let d = self.sub(&ch, &c);
        let cl = self.add(&d, &cl);
        let ch = c;
        // Add rl: sin(r) = sin(rh) + rl cos(rh), cos(r) = cos(rh) - rl sin(rh).
        let sl = self.fma(&rl, &ch, &sl);
        let nrl = self.neg(&rl);
        let cl = self.fma(&nrl, &sh, &cl);
        let mut j = self.int_bits(&q);
        if which == Trig::Cos {
            let one_i = self.ci(1);
            j = self.iadd(&j, &one_i);
        }
        let one_i = self.ci(1);
        let odd_i = self.iand(&j, &one_i);
        let odd = self.int_mask(&odd_i);
        let res = if which == Trig::Tan {
            // tan = (sh + sl) / (ch + cl), or -(ch + cl) / (sh + sl) in odd quadrants, with one
            // correction step of the quotient.
            let nch = self.neg(&ch);
            let ncl = self.neg(&cl);
            let nh = self.sel(&odd, &nch, &sh);
            let nl = self.sel(&odd, &ncl, &sl);
            let dh = self.sel(&odd, &sh, &ch);
            let dl = self.sel(&odd, &sl, &cl);
            let qq = self.div(&nh, &dh);
            let nq = self.neg(&qq);
            let res = self.fma(&nq, &dh, &nh);
            let res = self.add(&res, &nl);
            let res = self.fma(&nq, &dl, &res);
            let corr = self.div(&res, &dh);
            self.add(&qq, &corr)
        } else {
            let vh = self.sel(&odd, &ch, &sh);
            let vl = self.sel(&odd, &cl, &sl);
            let v = self.add(&vh, &vl);
            // Quadrants 2 and 3 negate: move bit 1 of j to the sign bit.
            let two_i = self.ci(2);
            let sgn = self.iand(&j, &two_i);
            let sh = if self.wide { 62 } else { 30 };
            let sgn = self.ishl(&sgn, sh);
            let vb = self.bits(&v);
            let vb = self.map2(&vb, &sgn, |b, a, s| b.ins().bxor(a, s));
            self.floats(&vb)
        };
        // sin(±0) = ±0 and tan(±0) = ±0 (the reduction loses the sign of zero).
        let res = if which == Trig::Cos {
            res
        } else {
            let z0 = self.cmpc(FloatCC::Equal, x, 0.0);
            self.sel(&z0, x, &res)
        };
        let ax = self.abs(x);
        let lim = self.pick(TRIG_MAX_F64, TRIG_MAX_F32);
        let big = self.cmpc(FloatCC::GreaterThan, &ax, lim);
        self.libm_fallback(host, x, &big, res, which)
    }

    /// Integer `0/1` per lane to a lane mask.
    fn int_mask(&mut self, a: &V) -> V {
        let ty = self.ty;
        self.map1(a, |b, x| {
            let m = b.ins().ineg(x);
            b.ins().bitcast(ty, MemFlagsData::new(), m)
        })
    }

    /// If any lane of `big` is set, recomputes every lane of `x` with the libm import.
    fn libm_fallback<H: HostFns + ?Sized>(
        &mut self,
        host: &mut H,
        x: &V,
        big: &V,
        res: V,
        which: Trig,
    ) -> Result<V, H::Error> {
        let f = match which {
            Trig::Sin => MathFn::Sin,
            Trig::Cos => MathFn::Cos,
            Trig::Tan => MathFn::Tan,
        };
        let fref = host.scalar_fn(self.b, f, self.ty.lane_type())?;

        let mut any = big[0];
        for &m in &big[1..] {
            any = self.b.ins().bor(any, m);
        }
        let mi = self.b.ins().bitcast(self.ity, MemFlagsData::new(), any);
        let any = self.b.ins().vany_true(mi);
        let slow = self.b.create_block();
        let join = self.b.create_block();
        for _ in 0..self.k {
            self.b.append_block_param(join, self.ty);
        }
        let args: Vec<_> = res.iter().map(|&v| v.into()).collect();
        self.b.ins().brif(any, slow, &[], join, &args);
        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        let mut out = Vec::with_capacity(self.k);
        for &xv in x {
            let mut acc = xv;
            for l in 0..self.lanes {
                let xl = self.b.ins().extractlane(xv, l);
                let call = self.b.ins().call(fref, &[xl]);
                let yl = self.b.inst_results(call)[0];
                acc = self.b.ins().insertlane(acc, yl, l);
            }
            out.push(acc.into());
        }
        self.b.ins().jump(join, &out);
        self.b.switch_to_block(join);
        self.b.seal_block(join);
        Ok(self.b.block_params(join).to_vec())
    }
}

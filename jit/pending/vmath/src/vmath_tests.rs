//! Accuracy and speed harness for [`super::vmath`] (tests of the codegen stage).
//!
//! Each routine is JIT-compiled for each [`SUPPORTED`] type into a kernel `out[i] = f(in[i])`
//! (`f(a[i], b[i])` for two arguments): a body of the routine's unroll hint of
//! interleaved values (`MathFn::unroll_hint`), then a tail loop
//! of one scalar at a time, with unaligned (`notrap` only) loads and stores. It runs over a dense
//! sweep of random bit patterns, the IEEE edge cases and their neighbours, values around the
//! overflow and underflow thresholds, floats next to multiples of pi/2, and for `pow` grids of
//! special pairs and pairs aimed at the overflow/underflow range, and compares in ulps with the
//! platform libm (Rust's `f64`/`f32` methods, which call it, except `asinh`/`acosh`/`atanh`, which
//! Rust computes itself, so those are called from libm directly).
//!
//! This is a module rather than `tests/jit_vmath.rs` because it needs only Cranelift (no numfuse
//! API): `src/jit/mod.rs` declares `mod vmath;` and `#[cfg(test)] mod vmath_tests;`, and the tests
//! run with `cargo test --lib jit::vmath_tests` as soon as the crate depends on
//! `cranelift-{codegen,frontend,jit,module,native}`. It also links as-is into a scratch binary
//! (`#[path]` modules) for release-mode timing ([`bench_table`]) and disassembly
//! (`VMATH_DISASM=1` prints the vcode of each compiled kernel).
//!
//! # Invariants
//!
//! 1. NaN must give NaN; where either result is infinite or zero both must be bit-identical (so
//!    the sign of zero matters); elsewhere the distance in ulps (ordinal distance of the bit
//!    patterns) must be at most the routine's stated bound.
//! 2. Lengths are not multiples of the unrolled step, so every test also runs the scalar tail.
//! 3. [`bench_table`] times kernels in release builds: blocks of [`BLOCK`] elements (cache
//!    resident), 1M elements per measurement, best of 5 in thread CPU time (the machines are
//!    shared), against a Rust loop calling libm.

use super::vmath::{self, LIBM_IMPORTS, LibmImports, MathFn, MathFn2, SUPPORTED};
use cranelift_codegen::ir::{AbiParam, InstBuilder, MemFlagsData, Type, types};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Module, default_libcall_names};

/// Elements per timed block.
pub(crate) const BLOCK: usize = 4096;

// SAFETY: the C99 libm functions with their exact C signatures; std links libm on the targets
// numfuse supports.
unsafe extern "C" {
    fn sin(x: f64) -> f64;
    fn cos(x: f64) -> f64;
    fn tan(x: f64) -> f64;
    fn sinf(x: f32) -> f32;
    fn cosf(x: f32) -> f32;
    fn tanf(x: f32) -> f32;
    // References only: Rust's `asinh`/`acosh`/`atanh` are not libm calls (they are computed in
    // std with other formulas), while NumPy calls libm.
    fn asinh(x: f64) -> f64;
    fn acosh(x: f64) -> f64;
    fn atanh(x: f64) -> f64;
    fn asinhf(x: f32) -> f32;
    fn acoshf(x: f32) -> f32;
    fn atanhf(x: f32) -> f32;
}

/// The host symbol behind each name of [`LIBM_IMPORTS`].
fn libm_symbols() -> [(&'static str, *const u8); 6] {
    let ptrs = [
        sin as *const u8,
        cos as *const u8,
        tan as *const u8,
        sinf as *const u8,
        cosf as *const u8,
        tanf as *const u8,
    ];
    std::array::from_fn(|i| (LIBM_IMPORTS[i], ptrs[i]))
}

/// `unsafe extern "C" fn(a, b, out, n)`; `b` is ignored by one-argument kernels.
type KernelFn = unsafe extern "C" fn(*const u8, *const u8, *mut u8, i64);

/// A compiled kernel and the module that owns its code.
pub(crate) struct Kernel {
    /// Owns the code; `None` only while dropping.
    module: Option<JITModule>,
    /// Entry point into the module's code.
    f: KernelFn,
    /// Lane type (F64 or F32).
    pub(crate) lane: Type,
}

impl Drop for Kernel {
    fn drop(&mut self) {
        if let Some(m) = self.module.take() {
            // SAFETY: `self.f` is the only pointer into this module's code and it dies with `self`.
            unsafe { m.free_memory() };
        }
    }
}

/// Which routine a kernel runs.
#[derive(Copy, Clone, Debug)]
pub(crate) enum Op {
    /// One argument.
    Unary(MathFn),
    /// Two arguments.
    Binary(MathFn2),
}

impl Op {
    /// The NumPy name.
    fn name(self) -> &'static str {
        match self {
            Op::Unary(f) => f.name(),
            Op::Binary(f) => f.name(),
        }
    }
    /// The routine's unroll hint.
    fn unroll(self) -> usize {
        match self {
            Op::Unary(f) => f.unroll_hint(),
            Op::Binary(f) => f.unroll_hint(),
        }
    }
    /// The stated ulp bound.
    fn bound(self, wide: bool) -> f64 {
        match self {
            Op::Unary(f) => f.ulp_bound(wide),
            Op::Binary(f) => f.ulp_bound(wide),
        }
    }
}

impl Kernel {
    /// Compiles `out[i] = op(a[i] [, b[i]])` with `ty` values in the body (`unroll` of them
    /// interleaved) and a scalar tail.
    pub(crate) fn compile(op: Op, ty: Type, unroll: usize, opt: &str) -> Kernel {
        assert!(SUPPORTED.contains(&ty));
        let mut fb = settings::builder();
        fb.set("opt_level", opt).unwrap();
        fb.set("is_pic", "false").unwrap();
        fb.set("use_colocated_libcalls", "false").unwrap();
        fb.set(
            "enable_verifier",
            if cfg!(debug_assertions) {
                "true"
            } else {
                "false"
            },
        )
        .unwrap();
        let isa = cranelift_native::builder()
            .unwrap()
            .finish(settings::Flags::new(fb))
            .unwrap();
        let mut jb = JITBuilder::with_isa(isa, default_libcall_names());
        for (name, p) in libm_symbols() {
            jb.symbol(name, p);
        }
        let mut module = JITModule::new(jb);
        let ptr = module.target_config().pointer_type();
        let mut sig = module.make_signature();
        for _ in 0..3 {
            sig.params.push(AbiParam::new(ptr));
        }
        sig.params.push(AbiParam::new(types::I64));
        let id = module.declare_anonymous_function(&sig).unwrap();
        let mut ctx = module.make_context();
        ctx.func.signature = sig;
        let mut fctx = FunctionBuilderContext::new();
        let lane = ty.lane_type();
        let esz = i64::from(lane.bytes());
        let lanes = i64::from(ty.lane_count());
        let step = lanes * unroll as i64;
        let tcfg = module.target_config();
        {
            let mut b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            let vhead = b.create_block();
            b.append_block_param(vhead, types::I64);
            let vbody = b.create_block();
            let thead = b.create_block();
            b.append_block_param(thead, types::I64);
            let tbody = b.create_block();
            let exit = b.create_block();
            b.switch_to_block(entry);
            let p = b.block_params(entry).to_vec();
            let (pa, pb, po, n) = (p[0], p[1], p[2], p[3]);
            let zero = b.ins().iconst(types::I64, 0);
            b.ins().jump(vhead, &[zero.into()]);
            let flags = MemFlagsData::new().with_notrap();

            // Unrolled body.
            b.switch_to_block(vhead);
            let i = b.block_params(vhead)[0];
            let next = b.ins().iadd_imm_s(i, step);
            let ok = b.ins().icmp(
                cranelift_codegen::ir::condcodes::IntCC::SignedLessThanOrEqual,
                next,
                n,
            );
            b.ins().brif(ok, vbody, &[], thead, &[i.into()]);
            b.switch_to_block(vbody);
            let off = b.ins().imul_imm_s(i, esz);
            let (mut xs, mut ys, mut addrs) = (vec![], vec![], vec![]);
            for j in 0..unroll as i64 {
                let o = b.ins().iadd_imm_s(off, j * lanes * esz);
                let aa = b.ins().iadd(pa, o);
                xs.push(b.ins().load(ty, flags, aa, 0));
                if matches!(op, Op::Binary(_)) {
                    let ab = b.ins().iadd(pb, o);
                    ys.push(b.ins().load(ty, flags, ab, 0));
                }
                addrs.push(b.ins().iadd(po, o));
            }
            let rs = match op {
                Op::Unary(f) => vmath::emit(&mut b, &mut LibmImports(&mut module), f, &xs).unwrap(),
                Op::Binary(f) => vmath::emit2(&mut b, f, &xs, &ys),
            };
            for (r, a) in rs.iter().zip(&addrs) {
                b.ins().store(flags, *r, *a, 0);
            }
            b.ins().jump(vhead, &[next.into()]);

            // Scalar tail.
            b.switch_to_block(thead);
            let i = b.block_params(thead)[0];
            let ok = b.ins().icmp(
                cranelift_codegen::ir::condcodes::IntCC::SignedLessThan,
                i,
                n,
            );
            b.ins().brif(ok, tbody, &[], exit, &[]);
            b.switch_to_block(tbody);
            let off = b.ins().imul_imm_s(i, esz);
            let aa = b.ins().iadd(pa, off);
            let x = b.ins().load(lane, flags, aa, 0);
            let r = match op {
                Op::Unary(f) => {
                    vmath::emit(&mut b, &mut LibmImports(&mut module), f, &[x]).unwrap()
                }
                Op::Binary(f) => {
                    let ab = b.ins().iadd(pb, off);
                    let y = b.ins().load(lane, flags, ab, 0);
                    vmath::emit2(&mut b, f, &[x], &[y])
                }
            };
            let ao = b.ins().iadd(po, off);
            b.ins().store(flags, r[0], ao, 0);
            let i1 = b.ins().iadd_imm_s(i, 1);
            b.ins().jump(thead, &[i1.into()]);
            b.switch_to_block(exit);
            b.ins().return_(&[]);
            b.seal_all_blocks();
            b.finalize(tcfg);
        }
        let disasm = std::env::var_os("VMATH_DISASM").is_some();
        ctx.set_disasm(disasm);
        module.define_function(id, &mut ctx).unwrap();
        if disasm {
            let code = ctx.compiled_code().unwrap();
            eprintln!("{}", code.vcode.as_deref().unwrap_or(""));
        }
        module.clear_context(&mut ctx);
        module.finalize_definitions().unwrap();
        let code = module.get_finalized_function(id);
        // SAFETY: `code` was compiled from `sig`, whose ABI matches `KernelFn`.
        let f = unsafe { std::mem::transmute::<*const u8, KernelFn>(code) };
        Kernel {
            module: Some(module),
            f,
            lane,
        }
    }

    /// Runs the kernel over f64 data.
    pub(crate) fn run_f64(&self, a: &[f64], b: &[f64], out: &mut [f64]) {
        assert!(self.lane == types::F64 && a.len() == out.len());
        assert!(b.is_empty() || b.len() == a.len());
        let bp = if b.is_empty() { a.as_ptr() } else { b.as_ptr() };
        // SAFETY: the kernel reads `len` elements from `a` (and from `b` for binary ops, which
        // callers give the same length) and writes `len` elements to `out`.
        unsafe {
            (self.f)(
                a.as_ptr().cast(),
                bp.cast(),
                out.as_mut_ptr().cast(),
                a.len() as i64,
            )
        };
    }

    /// Runs the kernel over f32 data.
    pub(crate) fn run_f32(&self, a: &[f32], b: &[f32], out: &mut [f32]) {
        assert!(self.lane == types::F32 && a.len() == out.len());
        assert!(b.is_empty() || b.len() == a.len());
        let bp = if b.is_empty() { a.as_ptr() } else { b.as_ptr() };
        // SAFETY: as in `run_f64`.
        unsafe {
            (self.f)(
                a.as_ptr().cast(),
                bp.cast(),
                out.as_mut_ptr().cast(),
                a.len() as i64,
            )
        };
    }
}

// ---------------------------------------------------------------------------------------------
// References and ulp distance.

/// Rust's (libm's) f64 value of `op`.
pub(crate) fn ref64(op: Op, x: f64, y: f64) -> f64 {
    match op {
        Op::Unary(f) => match f {
            MathFn::Exp => x.exp(),
            MathFn::Exp2 => x.exp2(),
            MathFn::Expm1 => x.exp_m1(),
            MathFn::Log => x.ln(),
            MathFn::Log2 => x.log2(),
            MathFn::Log10 => x.log10(),
            MathFn::Log1p => x.ln_1p(),
            MathFn::Sin => x.sin(),
            MathFn::Cos => x.cos(),
            MathFn::Tan => x.tan(),
            MathFn::Tanh => x.tanh(),
            MathFn::Sinh => x.sinh(),
            MathFn::Cosh => x.cosh(),
            MathFn::Arctan => x.atan(),
            MathFn::Arcsin => x.asin(),
            MathFn::Arccos => x.acos(),
            // SAFETY: libm functions of one float, no preconditions.
            MathFn::Arcsinh => unsafe { asinh(x) },
            // SAFETY: as above.
            MathFn::Arccosh => unsafe { acosh(x) },
            // SAFETY: as above.
            MathFn::Arctanh => unsafe { atanh(x) },
            MathFn::Cbrt => x.cbrt(),
        },
        Op::Binary(MathFn2::Pow) => x.powf(y),
        Op::Binary(MathFn2::Arctan2) => x.atan2(y),
        Op::Binary(MathFn2::Hypot) => x.hypot(y),
    }
}

/// Rust's (libm's) f32 value of `op`.
pub(crate) fn ref32(op: Op, x: f32, y: f32) -> f32 {
    match op {
        Op::Unary(f) => match f {
            MathFn::Exp => x.exp(),
            MathFn::Exp2 => x.exp2(),
            MathFn::Expm1 => x.exp_m1(),
            MathFn::Log => x.ln(),
            MathFn::Log2 => x.log2(),
            MathFn::Log10 => x.log10(),
            MathFn::Log1p => x.ln_1p(),
            MathFn::Sin => x.sin(),
            MathFn::Cos => x.cos(),
            MathFn::Tan => x.tan(),
            MathFn::Tanh => x.tanh(),
            MathFn::Sinh => x.sinh(),
            MathFn::Cosh => x.cosh(),
            MathFn::Arctan => x.atan(),
            MathFn::Arcsin => x.asin(),
            MathFn::Arccos => x.acos(),
            // SAFETY: libm functions of one float, no preconditions.
            MathFn::Arcsinh => unsafe { asinhf(x) },
            // SAFETY: as above.
            MathFn::Arccosh => unsafe { acoshf(x) },
            // SAFETY: as above.
            MathFn::Arctanh => unsafe { atanhf(x) },
            MathFn::Cbrt => x.cbrt(),
        },
        Op::Binary(MathFn2::Pow) => x.powf(y),
        Op::Binary(MathFn2::Arctan2) => x.atan2(y),
        Op::Binary(MathFn2::Hypot) => x.hypot(y),
    }
}

/// Distance in ulps, or infinity when the special-value rules of invariant 1 are broken.
fn ulps(got_bits: u64, want_bits: u64, wide: bool) -> f64 {
    let (sign, exp_mask, mant_mask) = if wide {
        (1u64 << 63, 0x7ffu64 << 52, (1u64 << 52) - 1)
    } else {
        (1u64 << 31, 0xffu64 << 23, (1u64 << 23) - 1)
    };
    let nan = |b: u64| b & exp_mask == exp_mask && b & mant_mask != 0;
    let inf_or_zero = |b: u64| (b & !sign) == exp_mask || (b & !sign) == 0;
    if nan(want_bits) || nan(got_bits) {
        return if nan(want_bits) && nan(got_bits) {
            0.0
        } else {
            f64::INFINITY
        };
    }
    if inf_or_zero(want_bits) || inf_or_zero(got_bits) {
        return if got_bits == want_bits {
            0.0
        } else {
            f64::INFINITY
        };
    }
    let ord = |b: u64| -> i128 {
        if b & sign != 0 {
            -i128::from(b & !sign)
        } else {
            i128::from(b)
        }
    };
    (ord(got_bits) - ord(want_bits)).unsigned_abs() as f64
}

// ---------------------------------------------------------------------------------------------
// Inputs.

/// A small deterministic generator (xorshift64*).
pub(crate) struct Rng(u64);
impl Rng {
    /// Seeded generator.
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    /// Next 64 random bits.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `[lo, hi)`.
    pub(crate) fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
}

/// `x` and its `n` neighbours on each side (f64).
fn around(x: f64, n: i64, out: &mut Vec<f64>) {
    let base = x.abs().to_bits();
    for d in -n..=n {
        let b = base.wrapping_add_signed(d);
        out.push(f64::from_bits(b));
        out.push(-f64::from_bits(b));
    }
}

/// Thresholds where results overflow, underflow or change regime, per routine.
fn thresholds(f: MathFn, wide: bool) -> Vec<f64> {
    let mut t = vec![0.5, 1.0, 2.0, 0.25, 1e-8, 1e-30, 1e30];
    let (ovf, unf, den) = if wide {
        (709.782712893384, -708.3964185322641, -745.1332191019411)
    } else {
        (88.72283, -87.33654, -103.27893)
    };
    match f {
        MathFn::Exp | MathFn::Expm1 | MathFn::Sinh | MathFn::Cosh | MathFn::Tanh => {
            t.extend([
                ovf,
                unf,
                den,
                ovf + std::f64::consts::LN_2,
                19.06,
                9.01,
                40.0,
                20.0,
                0.34657,
                std::f64::consts::LN_2,
            ]);
        }
        MathFn::Exp2 => t.extend(if wide {
            [1024.0, -1022.0, -1074.0, -1075.0]
        } else {
            [128.0, -126.0, -149.0, -150.0]
        }),
        MathFn::Log | MathFn::Log2 | MathFn::Log10 | MathFn::Log1p => {
            t.extend([
                std::f64::consts::SQRT_2,
                std::f64::consts::FRAC_1_SQRT_2,
                10.0,
                100.0,
                1e-300,
            ]);
            t.extend(if wide {
                [f64::MIN_POSITIVE, 5e-324]
            } else {
                [f64::from(f32::MIN_POSITIVE), 1.4e-45]
            });
        }
        MathFn::Sin | MathFn::Cos | MathFn::Tan => {
            let lim = if wide {
                vmath::TRIG_MAX_F64
            } else {
                vmath::TRIG_MAX_F32
            };
            t.extend([lim, std::f64::consts::FRAC_PI_4, 1e6, 1e15, 1e300]);
        }
        MathFn::Arctan | MathFn::Arcsin | MathFn::Arccos | MathFn::Arctanh => {
            t.extend([0.41421356237309503, 0.5, 1.0, 0.9999, 2.414213562373095]);
        }
        MathFn::Arcsinh | MathFn::Arccosh => {
            t.extend([268435456.0, 4096.0, 1.0, 1.5, 1e154, 1e300])
        }
        MathFn::Cbrt => t.extend([8.0, 27.0, 1e-310, 3.0, 4.0]),
    }
    t
}

/// The inputs for a one-argument routine, as f64 (cast to f32 for f32 kernels).
fn inputs_unary(f: MathFn, wide: bool, rng: &mut Rng) -> Vec<f64> {
    let mut v = Vec::new();
    // Dense sweep of random bit patterns.
    for _ in 0..400_000 {
        let b = rng.next();
        v.push(if wide {
            f64::from_bits(b)
        } else {
            f64::from(f32::from_bits(b as u32))
        });
    }
    // Edge cases.
    let specials = [
        0.0,
        -0.0,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1.0,
        -1.0,
        f64::MAX,
        f64::MIN,
        f64::MIN_POSITIVE,
        5e-324,
        2.2250738585072e-308,
        f64::from(f32::MAX),
        f64::from(f32::MIN_POSITIVE),
        1.4e-45,
        1e-40,
        3.4e38,
    ];
    for s in specials {
        around(s, 3, &mut v);
    }
    for t in thresholds(f, wide) {
        let t = if wide { t } else { f64::from(t as f32) };
        around(t, 40, &mut v);
    }
    // Typical magnitudes: log-uniform and uniform ranges.
    for _ in 0..200_000 {
        let m = rng.uniform(-30.0, 12.0).exp2();
        let s = if rng.next() & 1 == 0 { 1.0 } else { -1.0 };
        v.push(s * m);
        v.push(rng.uniform(-800.0, 800.0));
        v.push(rng.uniform(-2.0, 2.0));
    }
    // Floats nearest to multiples of pi/2 (and their neighbours).
    if matches!(f, MathFn::Sin | MathFn::Cos | MathFn::Tan) {
        let lim = if wide {
            vmath::TRIG_MAX_F64
        } else {
            vmath::TRIG_MAX_F32
        };
        let kmax = (lim / std::f64::consts::FRAC_PI_2) as u64;
        for i in 0..20_000u64 {
            let k = if i < 2000 { i } else { rng.next() % kmax };
            let x = k as f64 * std::f64::consts::FRAC_PI_2;
            if wide {
                around(x, 2, &mut v);
            } else {
                let xf = x as f32;
                for d in -2i32..=2 {
                    let b = xf.to_bits().wrapping_add_signed(d);
                    v.push(f64::from(f32::from_bits(b)));
                    v.push(-f64::from(f32::from_bits(b)));
                }
            }
        }
    }
    if !wide {
        for x in &mut v {
            *x = f64::from(*x as f32);
        }
    }
    v
}

/// Input pairs for the two-argument routines (aimed at `pow`; all are valid for the others).
fn inputs_binary(wide: bool, rng: &mut Rng) -> (Vec<f64>, Vec<f64>) {
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    let specials = [
        0.0,
        -0.0,
        1.0,
        -1.0,
        0.5,
        -0.5,
        2.0,
        -2.0,
        3.0,
        -3.0,
        0.25,
        1e-310,
        -1e-310,
        1e300,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
        1.0000001,
        0.9999999,
        f64::MAX,
        1e-45,
        f64::from(f32::MAX),
        2.5,
        -2.5,
        9007199254740992.0,
        1e20,
        -1e20,
        1075.0,
        150.0,
        1.5,
    ];
    for &a in &specials {
        for &b in &specials {
            xs.push(a);
            ys.push(b);
        }
    }
    for _ in 0..300_000 {
        // Random bits for x, and y spread over magnitudes.
        let b = rng.next();
        xs.push(if wide {
            f64::from_bits(b)
        } else {
            f64::from(f32::from_bits(b as u32))
        });
        ys.push(rng.uniform(-4.0, 4.0) * rng.uniform(-4.0, 8.0).exp2().floor().max(1.0));
        // Positive x with y chosen to land near overflow / underflow and across the range.
        let x = rng.uniform(-20.0, 20.0).exp2();
        let lim = if wide { 1100.0 } else { 155.0 };
        let target = rng.uniform(-lim, lim);
        xs.push(x);
        ys.push(target / x.log2());
        // Negative x with integral y.
        xs.push(-rng.uniform(0.1, 10.0));
        ys.push(rng.uniform(-300.0, 300.0).round());
        // Both from random bits.
        let c = rng.next();
        xs.push(if wide {
            f64::from_bits(c)
        } else {
            f64::from(f32::from_bits(c as u32))
        });
        let d = rng.next();
        ys.push(if wide {
            f64::from_bits(d)
        } else {
            f64::from(f32::from_bits(d as u32))
        });
    }
    if !wide {
        for x in xs.iter_mut().chain(ys.iter_mut()) {
            *x = f64::from(*x as f32);
        }
    }
    (xs, ys)
}

/// The worst case found by [`check`].
#[derive(Debug)]
pub(crate) struct Worst {
    /// Largest ulp distance.
    pub(crate) ulps: f64,
    /// Argument(s) and the two results at the worst case.
    pub(crate) at: (f64, f64, f64, f64),
    /// Number of inputs checked.
    pub(crate) count: usize,
}

/// Runs `op` on `ty` over all test inputs and returns the worst ulp distance.
pub(crate) fn check(op: Op, ty: Type) -> Worst {
    let wide = ty.lane_type() == types::F64;
    let mut rng = Rng::new(0x5eed ^ u64::from(ty.bits()) ^ op.name().len() as u64);
    let (xs, ys) = match op {
        Op::Unary(f) => (inputs_unary(f, wide, &mut rng), Vec::new()),
        Op::Binary(_) => inputs_binary(wide, &mut rng),
    };
    // Lengths that are not a multiple of the unrolled step, to exercise the tail.
    let n = xs.len() - (xs.len() % 64) + 37.min(xs.len() % 64);
    let (xs, ys) = (&xs[..n], if ys.is_empty() { &ys[..] } else { &ys[..n] });
    let k = Kernel::compile(op, ty, op.unroll(), "none");
    let mut worst = Worst {
        ulps: 0.0,
        at: (0.0, 0.0, 0.0, 0.0),
        count: n,
    };
    if wide {
        let mut out = vec![0.0; n];
        k.run_f64(xs, ys, &mut out);
        for i in 0..n {
            let y = ys.get(i).copied().unwrap_or(0.0);
            let want = ref64(op, xs[i], y);
            let u = ulps(out[i].to_bits(), want.to_bits(), true);
            if u > worst.ulps {
                worst.ulps = u;
                worst.at = (xs[i], y, out[i], want);
            }
        }
    } else {
        let a: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
        let b: Vec<f32> = ys.iter().map(|&x| x as f32).collect();
        let mut out = vec![0.0f32; n];
        k.run_f32(&a, &b, &mut out);
        for i in 0..n {
            let y = b.get(i).copied().unwrap_or(0.0);
            let want = ref32(op, a[i], y);
            let u = ulps(
                u64::from(out[i].to_bits()),
                u64::from(want.to_bits()),
                false,
            );
            if u > worst.ulps {
                worst.ulps = u;
                worst.at = (
                    f64::from(a[i]),
                    f64::from(y),
                    f64::from(out[i]),
                    f64::from(want),
                );
            }
        }
    }
    worst
}

/// Every routine as an [`Op`].
pub(crate) fn all_ops() -> Vec<Op> {
    let mut v: Vec<Op> = MathFn::ALL.iter().map(|&f| Op::Unary(f)).collect();
    v.extend(MathFn2::ALL.iter().map(|&f| Op::Binary(f)));
    v
}

/// Typical-domain inputs for timing.
fn bench_inputs(op: Op, rng: &mut Rng) -> (Vec<f64>, Vec<f64>) {
    let (lo, hi) = match op {
        Op::Unary(MathFn::Exp | MathFn::Expm1 | MathFn::Exp2) => (-50.0, 50.0),
        Op::Unary(MathFn::Log | MathFn::Log2 | MathFn::Log10) => (1e-3, 1e3),
        Op::Unary(MathFn::Log1p) => (-0.9, 100.0),
        Op::Unary(MathFn::Sin | MathFn::Cos | MathFn::Tan) => (-100.0, 100.0),
        Op::Unary(MathFn::Tanh | MathFn::Sinh | MathFn::Cosh) => (-10.0, 10.0),
        Op::Unary(MathFn::Arctan | MathFn::Arcsinh | MathFn::Cbrt) => (-100.0, 100.0),
        Op::Unary(MathFn::Arcsin | MathFn::Arccos | MathFn::Arctanh) => (-1.0, 1.0),
        Op::Unary(MathFn::Arccosh) => (1.0, 100.0),
        Op::Binary(MathFn2::Pow) => (0.01, 100.0),
        Op::Binary(_) => (-100.0, 100.0),
    };
    let xs = (0..BLOCK).map(|_| rng.uniform(lo, hi)).collect();
    let ys = (0..BLOCK).map(|_| rng.uniform(-10.0, 10.0)).collect();
    (xs, ys)
}

/// Seconds of CPU time this thread has used (Linux), or wall time elsewhere. The build machines
/// are shared: thread CPU time leaves out the time other processes hold the core.
fn now() -> f64 {
    #[cfg(target_os = "linux")]
    {
        /// `struct timespec` on 64-bit Linux.
        #[repr(C)]
        struct Timespec {
            /// Seconds.
            sec: i64,
            /// Nanoseconds.
            nsec: i64,
        }
        // SAFETY: the C `clock_gettime` from the platform libc, with its exact signature.
        unsafe extern "C" {
            fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
        }
        /// `CLOCK_THREAD_CPUTIME_ID` on Linux.
        const THREAD_CPUTIME: i32 = 3;
        let mut t = Timespec { sec: 0, nsec: 0 };
        // SAFETY: `t` is a valid, writable `timespec` for the duration of the call.
        let rc = unsafe { clock_gettime(THREAD_CPUTIME, &mut t) };
        assert_eq!(rc, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        t.sec as f64 + t.nsec as f64 * 1e-9
    }
    #[cfg(not(target_os = "linux"))]
    {
        use std::sync::OnceLock;
        /// Origin of the wall clock.
        static START: OnceLock<std::time::Instant> = OnceLock::new();
        START
            .get_or_init(std::time::Instant::now)
            .elapsed()
            .as_secs_f64()
    }
}

/// ns per element of `f` over 1M elements in blocks of [`BLOCK`] (best of 5, thread CPU time).
fn time(mut f: impl FnMut()) -> f64 {
    let reps = (1 << 20) / BLOCK;
    let mut best = f64::INFINITY;
    for _ in 0..5 {
        let t = now();
        for _ in 0..reps {
            f();
        }
        best = best.min((now() - t) * 1e9 / (reps * BLOCK) as f64);
    }
    best
}

/// ns per element of the `ty` kernel for `op` with `unroll` copies at `opt` level.
pub(crate) fn time_kernel(op: Op, ty: Type, unroll: usize, opt: &str) -> f64 {
    let mut rng = Rng::new(7);
    let (xs, ys) = bench_inputs(op, &mut rng);
    let k = Kernel::compile(op, ty, unroll, opt);
    if ty.lane_type() == types::F64 {
        let mut out = vec![0.0; BLOCK];
        time(|| k.run_f64(&xs, &ys, &mut out))
    } else {
        let a: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
        let b: Vec<f32> = ys.iter().map(|&x| x as f32).collect();
        let mut out = vec![0.0f32; BLOCK];
        time(|| k.run_f32(&a, &b, &mut out))
    }
}

/// The accuracy and speed table: routine, type, max ulps, bound, JIT ns/elem with 1, 2 and 4
/// interleaved copies, the libm loop's ns/elem, and the speed-up of the best JIT variant.
pub(crate) fn bench_table() -> String {
    let mut s = String::from(
        "| routine | type | max ulp | bound | JIT x1 | JIT x2 | JIT x4 | libm loop | speed-up |\n\
         |---|---|---|---|---|---|---|---|---|\n",
    );
    for op in all_ops() {
        for ty in SUPPORTED {
            let wide = ty.lane_type() == types::F64;
            let w = check(op, ty);
            let t: Vec<f64> = [1, 2, 4]
                .iter()
                .map(|&u| time_kernel(op, ty, u, "none"))
                .collect();
            let mut rng = Rng::new(7);
            let (xs, ys) = bench_inputs(op, &mut rng);
            let tl = if wide {
                let mut out = vec![0.0; BLOCK];
                time(|| {
                    for i in 0..BLOCK {
                        out[i] = ref64(op, xs[i], ys[i]);
                    }
                    std::hint::black_box(&mut out);
                })
            } else {
                let a: Vec<f32> = xs.iter().map(|&x| x as f32).collect();
                let b: Vec<f32> = ys.iter().map(|&x| x as f32).collect();
                let mut out = vec![0.0f32; BLOCK];
                time(|| {
                    for i in 0..BLOCK {
                        out[i] = ref32(op, a[i], b[i]);
                    }
                    std::hint::black_box(&mut out);
                })
            };
            let best = t.iter().copied().fold(f64::INFINITY, f64::min);
            s += &format!(
                "| {} | {ty} | {} | {} | {:.2} | {:.2} | {:.2} | {tl:.2} | {:.1}x |\n",
                op.name(),
                w.ulps,
                op.bound(wide),
                t[0],
                t[1],
                t[2],
                tl / best
            );
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks one op on every type against its stated bound; returns a failure message per type.
    fn check_op(op: Op) -> Vec<String> {
        let mut fails = Vec::new();
        for ty in SUPPORTED {
            let w = check(op, ty);
            let bound = op.bound(ty.lane_type() == types::F64);
            if w.ulps > bound {
                fails.push(format!(
                    "{} {ty}: {} ulps > {bound} at {:?}",
                    op.name(),
                    w.ulps,
                    w.at
                ));
            }
        }
        fails
    }

    macro_rules! accuracy_tests {
        ($($name:ident => $op:expr,)*) => {$(
            #[test]
            fn $name() {
                let fails = check_op($op);
                assert!(fails.is_empty(), "{}", fails.join("\n"));
            }
        )*};
    }

    accuracy_tests! {
        exp => Op::Unary(MathFn::Exp),
        exp2 => Op::Unary(MathFn::Exp2),
        expm1 => Op::Unary(MathFn::Expm1),
        log => Op::Unary(MathFn::Log),
        log2 => Op::Unary(MathFn::Log2),
        log10 => Op::Unary(MathFn::Log10),
        log1p => Op::Unary(MathFn::Log1p),
        sin => Op::Unary(MathFn::Sin),
        cos => Op::Unary(MathFn::Cos),
        tan => Op::Unary(MathFn::Tan),
        tanh => Op::Unary(MathFn::Tanh),
        sinh => Op::Unary(MathFn::Sinh),
        cosh => Op::Unary(MathFn::Cosh),
        arctan => Op::Unary(MathFn::Arctan),
        arcsin => Op::Unary(MathFn::Arcsin),
        arccos => Op::Unary(MathFn::Arccos),
        arcsinh => Op::Unary(MathFn::Arcsinh),
        arccosh => Op::Unary(MathFn::Arccosh),
        arctanh => Op::Unary(MathFn::Arctanh),
        cbrt => Op::Unary(MathFn::Cbrt),
        pow => Op::Binary(MathFn2::Pow),
        arctan2 => Op::Binary(MathFn2::Arctan2),
        hypot => Op::Binary(MathFn2::Hypot),
    }

    /// The ulp metric itself: signed zeros, NaN and infinities are exact, else ordinal distance.
    #[test]
    fn ulp_metric() {
        let d = |a: f64, b: f64| ulps(a.to_bits(), b.to_bits(), true);
        assert_eq!(d(1.0, 1.0), 0.0);
        assert_eq!(d(f64::from_bits(1.0f64.to_bits() + 3), 1.0), 3.0);
        assert_eq!(d(-0.0, 0.0), f64::INFINITY);
        assert_eq!(d(f64::NAN, -f64::NAN), 0.0);
        assert_eq!(d(f64::MAX, f64::INFINITY), f64::INFINITY);
        assert_eq!(d(5e-324, -5e-324), 2.0);
    }
}

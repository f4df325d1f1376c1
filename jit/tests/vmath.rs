//! The inline transcendentals (`MathImpl::Inline`, `jit/src/vmath`) through the public JIT
//! API, against the platform libm (Rust's `f64`/`f32` methods, which call it, and libm's own
//! `asinh`/`acosh`/`atanh`, which NumPy and the eager kernels call).
//!
//! Each routine runs on `f32` and `f64` over ~5000 inputs: random bit patterns (log-uniform
//! magnitudes over the whole exponent range, both signs), log-uniform values in
//! `[2^-30, 2^12]`, uniform values over the routine's main domain, and the edge cases (±0,
//! the smallest and largest subnormal, the smallest normal, ±1, ±inf, NaN, huge values, large
//! multiples of pi for trig, overflow/underflow thresholds, domain edges) with their
//! neighbours. Invariants checked:
//!
//! 1. Finite results are within the routine's stated ulp bound of libm's ([`UNARY`],
//!    [`BINARY`], the table of `jit/src/vmath.rs`); where libm gives NaN, an infinity or a
//!    zero the result is the same (the sign of a zero and of an infinity included).
//! 2. A result depends only on its input: the same data shifted by one element (so values
//!    move between the vector body and the scalar tail), run in short arrays of 1..9 elements
//!    (tail only), or read through a strided view (the scalar loop) gives the same bits.
//! 3. `MathImpl::Libm` gives exactly libm's bits; the cache never hands a kernel compiled one
//!    way to a run asking for the other.

mod common;

use common::{Layout, Strided, kernels, libm, run_jit};
use numfuse_ir::interp::Value;
use numfuse_ir::op::Lit;
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, UnaryOp};
use numfuse_jit::{CacheOutcome, Options};
use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, LN_2};

/// Every unary routine and its stated ulp bound (f32 and f64).
const UNARY: [(UnaryOp, u64); 20] = [
    (UnaryOp::Exp, 1),
    (UnaryOp::Exp2, 1),
    (UnaryOp::Expm1, 1),
    (UnaryOp::Log, 1),
    (UnaryOp::Log2, 1),
    (UnaryOp::Log10, 2),
    (UnaryOp::Log1p, 1),
    (UnaryOp::Sin, 1),
    (UnaryOp::Cos, 1),
    (UnaryOp::Tan, 1),
    (UnaryOp::Tanh, 2),
    (UnaryOp::Sinh, 2),
    (UnaryOp::Cosh, 2),
    (UnaryOp::Arctan, 1),
    (UnaryOp::Arcsin, 1),
    (UnaryOp::Arccos, 1),
    (UnaryOp::Arcsinh, 2),
    (UnaryOp::Arccosh, 2),
    (UnaryOp::Arctanh, 1),
    (UnaryOp::Cbrt, 1),
];

/// Every binary routine and its stated ulp bound.
const BINARY: [(BinaryOp, u64); 3] = [
    (BinaryOp::Power, 1),
    (BinaryOp::Arctan2, 1),
    (BinaryOp::Hypot, 1),
];

/// The C library's inverse hyperbolic functions (Rust computes its own, NumPy calls these).
mod clib {
    // SAFETY: C99 <math.h> functions of one float, no preconditions, no memory access.
    unsafe extern "C" {
        pub safe fn asinh(x: f64) -> f64;
        pub safe fn acosh(x: f64) -> f64;
        pub safe fn atanh(x: f64) -> f64;
        pub safe fn asinhf(x: f32) -> f32;
        pub safe fn acoshf(x: f32) -> f32;
        pub safe fn atanhf(x: f32) -> f32;
    }
}

/// A routine: one operand or two.
#[derive(Clone, Copy, Debug)]
enum Op {
    U(UnaryOp),
    B(BinaryOp),
}

/// libm's value of `op` in f64.
fn ref64(op: Op, x: f64, y: f64) -> f64 {
    use UnaryOp as U;
    match op {
        Op::U(u) => match u {
            U::Exp => x.exp(),
            U::Exp2 => x.exp2(),
            U::Expm1 => x.exp_m1(),
            U::Log => x.ln(),
            U::Log2 => x.log2(),
            U::Log10 => x.log10(),
            U::Log1p => x.ln_1p(),
            U::Sin => x.sin(),
            U::Cos => x.cos(),
            U::Tan => x.tan(),
            U::Tanh => x.tanh(),
            U::Sinh => x.sinh(),
            U::Cosh => x.cosh(),
            U::Arctan => x.atan(),
            U::Arcsin => x.asin(),
            U::Arccos => x.acos(),
            U::Arcsinh => clib::asinh(x),
            U::Arccosh => clib::acosh(x),
            U::Arctanh => clib::atanh(x),
            U::Cbrt => x.cbrt(),
            _ => unreachable!("not a routine: {u}"),
        },
        Op::B(BinaryOp::Power) => x.powf(y),
        Op::B(BinaryOp::Arctan2) => x.atan2(y),
        Op::B(BinaryOp::Hypot) => x.hypot(y),
        Op::B(b) => unreachable!("not a routine: {b}"),
    }
}

/// libm's value of `op` in f32.
fn ref32(op: Op, x: f32, y: f32) -> f32 {
    use UnaryOp as U;
    match op {
        Op::U(u) => match u {
            U::Exp => x.exp(),
            U::Exp2 => x.exp2(),
            U::Expm1 => x.exp_m1(),
            U::Log => x.ln(),
            U::Log2 => x.log2(),
            U::Log10 => x.log10(),
            U::Log1p => x.ln_1p(),
            U::Sin => x.sin(),
            U::Cos => x.cos(),
            U::Tan => x.tan(),
            U::Tanh => x.tanh(),
            U::Sinh => x.sinh(),
            U::Cosh => x.cosh(),
            U::Arctan => x.atan(),
            U::Arcsin => x.asin(),
            U::Arccos => x.acos(),
            U::Arcsinh => clib::asinhf(x),
            U::Arccosh => clib::acoshf(x),
            U::Arctanh => clib::atanhf(x),
            U::Cbrt => x.cbrt(),
            _ => unreachable!("not a routine: {u}"),
        },
        Op::B(BinaryOp::Power) => x.powf(y),
        Op::B(BinaryOp::Arctan2) => x.atan2(y),
        Op::B(BinaryOp::Hypot) => x.hypot(y),
        Op::B(b) => unreachable!("not a routine: {b}"),
    }
}

/// Distance in ulps (ordinal distance of the bit patterns); `u64::MAX` when the classes of
/// invariant 1 differ (NaN vs not, or a zero/infinity that is not bit-identical).
fn ulps(got: f64, want: f64, t: DType) -> u64 {
    if got.is_nan() || want.is_nan() {
        return if got.is_nan() && want.is_nan() {
            0
        } else {
            u64::MAX
        };
    }
    let special = |v: f64| v == 0.0 || v.is_infinite();
    if special(got) || special(want) {
        return if got.to_bits() == want.to_bits() {
            0
        } else {
            u64::MAX
        };
    }
    let ord = |v: f64| -> i64 {
        let (b, sign) = if t == DType::F32 {
            let b = (v as f32).to_bits();
            (i64::from(b & 0x7fff_ffff), b >> 31 == 1)
        } else {
            let b = v.to_bits();
            ((b & !(1 << 63)) as i64, b >> 63 == 1)
        };
        if sign { -b } else { b }
    };
    ord(got).abs_diff(ord(want))
}

/// A small deterministic generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn uniform(&mut self, lo: f64, hi: f64) -> f64 {
        lo + (hi - lo) * ((self.next() >> 11) as f64 / (1u64 << 53) as f64)
    }
    /// A random float of dtype `t` from random bits: log-uniform over every exponent.
    fn bits(&mut self, t: DType) -> f64 {
        let b = self.next();
        if t == DType::F32 {
            f64::from(f32::from_bits(b as u32))
        } else {
            f64::from_bits(b)
        }
    }
    fn sign(&mut self) -> f64 {
        if self.next() & 1 == 0 { 1.0 } else { -1.0 }
    }
}

/// `x` rounded to `t` and its `n` neighbours on each side, both signs.
fn around(x: f64, n: i64, t: DType, out: &mut Vec<f64>) {
    for d in -n..=n {
        let v = if t == DType::F32 {
            let b = (x.abs() as f32).to_bits().wrapping_add_signed(d as i32);
            f64::from(f32::from_bits(b))
        } else {
            f64::from_bits(x.abs().to_bits().wrapping_add_signed(d))
        };
        out.extend([v, -v]);
    }
}

/// IEEE edge cases of dtype `t` (invariant: each also appears negated through `around`).
fn edges(t: DType) -> Vec<f64> {
    let f32s = [
        0.0,
        1.0,
        f64::INFINITY,
        f64::NAN,
        f64::from(f32::from_bits(1)),
        f64::from(f32::from_bits(0x007f_ffff)),
        f64::from(f32::MIN_POSITIVE),
        f64::from(f32::MAX),
        3.4e38,
        1e30,
        1e-30,
    ];
    let f64s = [
        5e-324,
        f64::from_bits(0x000f_ffff_ffff_ffff),
        f64::MIN_POSITIVE,
        1e300,
        f64::MAX,
    ];
    let mut v = Vec::new();
    for &x in f32s
        .iter()
        .chain(if t == DType::F64 { &f64s[..] } else { &[] })
    {
        around(x, 2, t, &mut v);
    }
    v
}

/// Where results overflow, underflow or change regime, per routine (f64 values, rounded to
/// `t` by `around`).
fn thresholds(op: UnaryOp, t: DType) -> Vec<f64> {
    use UnaryOp as U;
    let wide = t == DType::F64;
    let mut v = vec![0.5, 2.0, 1e-8];
    let (ovf, unf, den) = if wide {
        (709.782712893384, -708.3964185322641, -745.1332191019411)
    } else {
        (88.72283, -87.33654, -103.27893)
    };
    match op {
        U::Exp | U::Expm1 | U::Sinh | U::Cosh | U::Tanh => {
            v.extend([ovf, unf, den, ovf + LN_2, 20.0, 40.0, 0.34657, LN_2]);
        }
        U::Exp2 if wide => v.extend([1024.0, -1022.0, -1074.0, -1075.0]),
        U::Exp2 => v.extend([128.0, -126.0, -149.0, -150.0]),
        U::Log | U::Log2 | U::Log10 | U::Log1p => {
            v.extend([
                std::f64::consts::SQRT_2,
                std::f64::consts::FRAC_1_SQRT_2,
                10.0,
                1e-300,
                1e-40,
            ]);
        }
        U::Sin | U::Cos | U::Tan => {
            v.extend([FRAC_PI_4, FRAC_PI_2, 268_435_456.0, 65536.0, 1e6, 1e15]);
        }
        U::Arctan | U::Arcsin | U::Arccos | U::Arctanh => {
            v.extend([0.414_213_562_373_095, 0.9999, 2.414_213_562_373_095]);
        }
        U::Arcsinh | U::Arccosh => v.extend([268_435_456.0, 4096.0, 1.5, 1e154]),
        _ => v.extend([8.0, 27.0, 1e-310, 3.0]),
    }
    v
}

/// The main domain of a routine, for uniform samples.
fn domain(op: UnaryOp) -> (f64, f64) {
    use UnaryOp as U;
    match op {
        U::Exp | U::Expm1 | U::Exp2 => (-750.0, 750.0),
        U::Log | U::Log2 | U::Log10 => (0.0, 1e3),
        U::Log1p => (-1.0, 100.0),
        U::Sin | U::Cos | U::Tan => (-100.0, 100.0),
        U::Tanh | U::Sinh | U::Cosh => (-30.0, 30.0),
        U::Arcsin | U::Arccos | U::Arctanh => (-1.0, 1.0),
        U::Arccosh => (1.0, 100.0),
        _ => (-100.0, 100.0),
    }
}

/// The inputs of a one-operand routine on dtype `t` (rounded to `t`).
fn unary_inputs(op: UnaryOp, t: DType) -> Vec<f64> {
    let seed = op
        .name()
        .bytes()
        .fold(t.itemsize() as u64, |h, c| h * 31 + u64::from(c));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15 ^ seed);
    let mut v = edges(t);
    for x in thresholds(op, t) {
        around(x, 8, t, &mut v);
    }
    let (lo, hi) = domain(op);
    for _ in 0..1500 {
        v.push(rng.bits(t));
        v.push(rng.sign() * rng.uniform(-30.0, 12.0).exp2());
        v.push(rng.uniform(lo, hi));
    }
    if matches!(op, UnaryOp::Sin | UnaryOp::Cos | UnaryOp::Tan) {
        // Floats next to multiples of pi/2, within the inline range and far beyond it.
        for k in (0..300u64).chain([1 << 20, 1 << 30, 1 << 40, 3 << 50, 1 << 62]) {
            around(k as f64 * FRAC_PI_2, 1, t, &mut v);
        }
    }
    round_to(v, t)
}

/// Pairs for the two-operand routines: every pair of special values, then random pairs aimed
/// at `pow`'s regimes (all are valid for `arctan2` and `hypot`).
fn binary_inputs(t: DType) -> (Vec<f64>, Vec<f64>) {
    let mut rng = Rng(0x5eed ^ t.itemsize() as u64);
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
        2.5,
        -2.5,
        1e-310,
        -1e-310,
        1e-40,
        1e300,
        -1e300,
        3.4e38,
        1e20,
        -1e20,
        1075.0,
        150.0,
        9007199254740992.0,
        1.0000001,
        0.9999999,
        f64::INFINITY,
        f64::NEG_INFINITY,
        f64::NAN,
    ];
    let (mut xs, mut ys) = (Vec::new(), Vec::new());
    for &a in &specials {
        for &b in &specials {
            xs.push(a);
            ys.push(b);
        }
    }
    let lim = if t == DType::F64 { 1100.0 } else { 155.0 };
    for _ in 0..1200 {
        xs.push(rng.bits(t));
        ys.push(rng.uniform(-4.0, 4.0) * rng.uniform(-4.0, 8.0).exp2().floor().max(1.0));
        // Positive x with y landing anywhere up to overflow and underflow.
        let x = rng.uniform(-20.0, 20.0).exp2();
        xs.push(x);
        ys.push(rng.uniform(-lim, lim) / x.log2());
        // Negative x with integral y.
        xs.push(-rng.uniform(0.1, 10.0));
        ys.push(rng.uniform(-300.0, 300.0).round());
        xs.push(rng.bits(t));
        ys.push(rng.bits(t));
    }
    (round_to(xs, t), round_to(ys, t))
}

fn round_to(v: Vec<f64>, t: DType) -> Vec<f64> {
    if t == DType::F32 {
        v.into_iter().map(|x| f64::from(x as f32)).collect()
    } else {
        v
    }
}

/// `op` over inputs `x` (and `y`) of dtype `t`, length `n` symbolic.
fn graph(op: Op, t: DType) -> Graph {
    let mut g = Graph::new("vmath");
    let s = || Shape::from([Dim::from("n")]);
    let x = g.input("x", t, s());
    let out = match op {
        Op::U(u) => g.unary(u, x),
        Op::B(b) => {
            let y = g.input("y", t, s());
            g.binary(b, x, y)
        }
    };
    g.set_outputs(&[out]);
    g
}

/// Runs `op` on dtype `t` through the JIT; results widened to f64.
fn run(op: Op, t: DType, xs: &[f64], ys: &[f64], layout: Layout, o: &Options) -> Vec<f64> {
    let kg = kernels(&graph(op, t), false).expect("fuses");
    let val = |v: &[f64]| {
        let lits = v.iter().map(|&x| Lit::float(x)).collect();
        Strided::new(&Value::new(t, &[v.len()], lits).expect("sized"), layout)
    };
    let mut ins = vec![val(xs)];
    if let Op::B(_) = op {
        ins.push(val(ys));
    }
    let refs: Vec<&Strided> = ins.iter().collect();
    let (out, _) = run_jit(&kg, &refs, o).expect("runs");
    out[0].data.iter().map(|l| l.to_f64()).collect()
}

/// libm's results for the inputs, in f64.
fn reference(op: Op, t: DType, xs: &[f64], ys: &[f64]) -> Vec<f64> {
    (0..xs.len())
        .map(|i| {
            let y = ys.get(i).copied().unwrap_or(0.0);
            if t == DType::F32 {
                f64::from(ref32(op, xs[i] as f32, y as f32))
            } else {
                ref64(op, xs[i], y)
            }
        })
        .collect()
}

/// Invariants 1 and 2 for `op` on `t`; returns failure messages.
fn check(op: Op, bound: u64, t: DType, xs: &[f64], ys: &[f64]) -> Vec<String> {
    let inline = Options::default();
    let mut fails = Vec::new();
    let got = run(op, t, xs, ys, Layout::C, &inline);
    let want = reference(op, t, xs, ys);
    let mut worst = (0, 0);
    for i in 0..xs.len() {
        let d = ulps(got[i], want[i], t);
        if d > worst.0 {
            worst = (d, i);
        }
    }
    if worst.0 > bound {
        let i = worst.1;
        let y = ys.get(i).map_or(String::new(), |y| format!(", {y:e}"));
        fails.push(format!(
            "{op:?} {t}: {} ulps > {bound} at ({:e}{y}): got {:e}, libm {:e}",
            if worst.0 == u64::MAX {
                "wrong class".into()
            } else {
                worst.0.to_string()
            },
            xs[i],
            got[i],
            want[i]
        ));
    }
    // Invariant 2: the same bits whatever an element's position or the loop that ran it.
    let same = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(x, y)| x.to_bits() == y.to_bits());
    let yshift = if ys.is_empty() { ys } else { &ys[1..] };
    let shifted = run(op, t, &xs[1..], yshift, Layout::C, &inline);
    if !same(&shifted, &got[1..]) {
        fails.push(format!("{op:?} {t}: results move with their position"));
    }
    let strided = run(op, t, xs, ys, Layout::Padded, &inline);
    if !same(&strided, &got) {
        fails.push(format!("{op:?} {t}: the strided (scalar) loop differs"));
    }
    for n in 1..=9 {
        let ysn = if ys.is_empty() { ys } else { &ys[..n] };
        if !same(&run(op, t, &xs[..n], ysn, Layout::C, &inline), &got[..n]) {
            fails.push(format!("{op:?} {t}: length {n} differs"));
        }
    }
    fails
}

#[test]
fn unary_routines_within_their_bounds() {
    let mut fails = Vec::new();
    for (op, bound) in UNARY {
        for t in [DType::F64, DType::F32] {
            let xs = unary_inputs(op, t);
            fails.extend(check(Op::U(op), bound, t, &xs, &[]));
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

/// Positive normal inputs only, so whole vector groups take the logarithms' fast block
/// (`jit/src/vmath/log.rs`, invariant 4), which the mixed inputs above rarely reach: random
/// magnitudes over every exponent, uniform values in `[1/2, 2]`, floats within 64 ulps of 1
/// and of `1 ± 2^-k`, and the neighbours of the reduction's boundary `sqrt(1/2) 2^k`.
#[test]
fn logarithms_of_positive_normals_within_their_bounds() {
    let mut fails = Vec::new();
    for t in [DType::F64, DType::F32] {
        let mut rng = Rng(0x10_6fa5 ^ t.itemsize() as u64);
        let mut v = Vec::new();
        for _ in 0..4000 {
            v.push(rng.bits(t).abs());
            v.push(rng.uniform(0.5, 2.0));
        }
        around(1.0, 64, t, &mut v);
        for k in 1..=40 {
            around(1.0 + (-f64::from(k)).exp2(), 4, t, &mut v);
            around(1.0 - (-f64::from(k)).exp2(), 4, t, &mut v);
        }
        for k in -60..=60 {
            around(
                std::f64::consts::FRAC_1_SQRT_2 * f64::from(k).exp2(),
                4,
                t,
                &mut v,
            );
        }
        let min = if t == DType::F64 {
            f64::MIN_POSITIVE
        } else {
            f64::from(f32::MIN_POSITIVE)
        };
        let xs: Vec<f64> = round_to(v, t)
            .into_iter()
            .filter(|x| *x >= min && x.is_finite())
            .collect();
        assert!(xs.len() > 9000, "{t}: {} inputs", xs.len());
        for (op, bound) in UNARY {
            if matches!(
                op,
                UnaryOp::Log | UnaryOp::Log2 | UnaryOp::Log10 | UnaryOp::Log1p
            ) {
                fails.extend(check(Op::U(op), bound, t, &xs, &[]));
            }
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

/// Arguments whose `exp` is normal, so whole vector groups take `exp`'s fast block
/// (`jit/src/vmath/exp.rs`, invariant 3): uniform values up to the block's limit (708, f32:
/// 86), random magnitudes from `2^-60`, the neighbours of the limit and of the reduction's
/// ties `(k + 1/2) ln 2`.
#[test]
fn exp_of_normal_results_within_its_bound() {
    let mut fails = Vec::new();
    for t in [DType::F64, DType::F32] {
        let lim = if t == DType::F64 { 708.0 } else { 86.0 };
        let mut rng = Rng(0xe4_9fa5 ^ t.itemsize() as u64);
        let mut v = Vec::new();
        for _ in 0..4000 {
            v.push(rng.uniform(-lim, lim));
            v.push(rng.sign() * rng.uniform(-60.0, 9.0).exp2());
        }
        around(lim, 8, t, &mut v);
        for k in 0..120 {
            around((f64::from(k) + 0.5) * LN_2, 2, t, &mut v);
        }
        let xs: Vec<f64> = round_to(v, t)
            .into_iter()
            .filter(|x| x.abs() <= lim)
            .collect();
        assert!(xs.len() > 8000, "{t}: {} inputs", xs.len());
        fails.extend(check(Op::U(UnaryOp::Exp), 1, t, &xs, &[]));
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

#[test]
fn binary_routines_within_their_bounds() {
    let mut fails = Vec::new();
    for (op, bound) in BINARY {
        for t in [DType::F64, DType::F32] {
            let (xs, ys) = binary_inputs(t);
            fails.extend(check(Op::B(op), bound, t, &xs, &ys));
        }
    }
    assert!(fails.is_empty(), "{}", fails.join("\n"));
}

#[test]
fn libm_option_is_bit_identical_to_std() {
    let ops = UNARY.map(|(u, _)| Op::U(u)).into_iter();
    for op in ops.chain(BINARY.map(|(b, _)| Op::B(b))) {
        for t in [DType::F64, DType::F32] {
            let (xs, ys) = match op {
                Op::U(u) => (unary_inputs(u, t), Vec::new()),
                Op::B(_) => binary_inputs(t),
            };
            let got = run(op, t, &xs, &ys, Layout::C, &libm());
            let want = reference(op, t, &xs, &ys);
            for i in 0..xs.len() {
                let ok =
                    got[i].to_bits() == want[i].to_bits() || got[i].is_nan() && want[i].is_nan();
                assert!(
                    ok,
                    "{op:?} {t} at {:e}: {:e} != {:e}",
                    xs[i], got[i], want[i]
                );
            }
        }
    }
}

/// Invariant 3: `exp(x * c)` compiled inline, then asked for with libm calls, misses the cache
/// and gives libm's bits (and the inline kernel is really inline: it differs somewhere).
#[test]
fn cache_keeps_libm_and_inline_apart() {
    let mut g = Graph::new("keyed");
    let x = g.input("x", DType::F64, Shape::from([Dim::from("n")]));
    let m = g.binary(BinaryOp::Multiply, x, 1.0);
    let e = g.unary(UnaryOp::Exp, m);
    g.set_outputs(&[e]);
    let kg = kernels(&g, false).expect("fuses");
    let mut rng = Rng(17);
    let xs: Vec<f64> = (0..4000).map(|_| rng.uniform(-700.0, 700.0)).collect();
    let v = Value::f64(&[xs.len()], &xs).expect("sized");
    let s = Strided::new(&v, Layout::C);
    let (inline, _) = run_jit(&kg, &[&s], &Options::default()).expect("runs");
    let (exact, rep) = run_jit(&kg, &[&s], &libm()).expect("runs");
    let want: Vec<f64> = xs.iter().map(|x| x.exp()).collect();
    let bits = |v: &Value| -> Vec<u64> { v.data.iter().map(|l| l.to_f64().to_bits()).collect() };
    assert_eq!(
        bits(&exact[0]),
        want.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
    assert_eq!(
        rep.kernels[0].cache,
        CacheOutcome::Miss("new math (libm calls)".into())
    );
    let (_, rep) = run_jit(&kg, &[&s], &Options::default()).expect("runs");
    assert_eq!(rep.kernels[0].cache, CacheOutcome::Hit);
    if inline_available() {
        assert_ne!(
            bits(&inline[0]),
            bits(&exact[0]),
            "inline math was not used"
        );
    }
}

/// Whether this CPU runs `MathImpl::Inline` (FMA and SSE4.1 on x86-64).
fn inline_available() -> bool {
    #[cfg(target_arch = "x86_64")]
    {
        is_x86_feature_detected!("fma") && is_x86_feature_detected!("sse4.1")
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        false
    }
}

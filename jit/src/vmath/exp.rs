//! Exponentials: `exp`, `exp2`, `expm1`, and the double-word `expm1`/`exp` cores that
//! [`hyperbolic`](super::hyperbolic) and [`pow`](super::pow) build on.
//!
//! | routine | ulps | domain and edge cases |
//! |---|---|---|
//! | `exp` | 1 | overflows to `inf` above 709.78 (f32: 88.72); rounds once into the subnormals down to -745.13 (f32: -103.97), then `+0`; `exp(-inf) = 0`, `exp(±0) = 1`, NaN gives NaN |
//! | `exp2` | 1 | `inf` from 1024 (f32: 128), subnormals to -1074 (f32: -149) |
//! | `expm1` | 1 | `expm1(±0) = ±0` and `|x| < 2^-54` returns `x`; `-1` below -37 (f32: -17); overflow as `exp` |
//!
//! Invariants:
//! 1. The argument is clamped before reduction, so `n` stays in `[-1100, 1100]` (f32:
//!    `[-170, 170]`), where [`Em::scale2`] applies `2^n` as two exact factors and the result
//!    rounds once, also when it is subnormal.
//! 2. The reduction `x = n ln2 + r` uses a two-part `ln 2` whose high part has trailing zero
//!    bits, so `n ln2_hi` is exact; `|r| <= ln2/2` (plus rounding) where the polynomials of
//!    this file were fitted.
//! 3. [`Em::exp`] branches once per call (see [`vmath`](super), invariant 4): a fast block
//!    when every lane's result is normal, else a cold block with the clamps and
//!    [`Em::scale2`]; both share [`Em::exp_parts`], so a lane gets the same bits on either.

use super::em::{Em, LOG2E, V};
use cranelift_codegen::ir::InstBuilder;
use cranelift_codegen::ir::condcodes::FloatCC;
use std::f64::consts::LN_2;

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

impl Em<'_, '_> {
    /// `e^r - 1 = r + r^2 P(r)` for `|r| <= ln2/2` (relative accuracy).
    pub(super) fn em1_poly(&mut self, r: &V) -> V {
        let z = self.mul(r, r);
        let p = if self.wide {
            self.poly(r, &EXP_F64)
        } else {
            self.poly(r, &EXP_F32)
        };
        self.fma(&z, &p, r)
    }

    /// `e^(rh + rl) - 1` as a double word `ph + pl` for a reduced `|rh| <= ln2/2` with a
    /// small tail `rl`: `rh + z P(rh)` summed exactly (two-sum), plus `rl e^rh`.
    fn em1_dd_poly(&mut self, rh: &V, rl: &V) -> (V, V) {
        let z = self.mul(rh, rh);
        let pp = if self.wide {
            self.poly(rh, &EXP_F64)
        } else {
            self.poly(rh, &EXP_F32)
        };
        let zp = self.mul(&z, &pp);
        let ph = self.add(rh, &zp);
        let d = self.sub(rh, &ph);
        let pl = self.add(&d, &zp);
        let pl = self.add(&pl, rl);
        let pl = self.fma(rl, &ph, &pl);
        (ph, pl)
    }

    /// `n = nearest(x / ln2)`, `r = x - n ln2` (two-part, exact first step).
    pub(super) fn exp_reduce(&mut self, x: &V) -> (V, V) {
        let t = self.mulc(x, LOG2E.0);
        let n = self.nearest(&t);
        let (hi, lo) = self.ln2();
        let nhi = self.c(-hi);
        let r = self.fma(&n, &nhi, x);
        let nlo = self.c(-lo);
        let r = self.fma(&n, &nlo, &r);
        (n, r)
    }

    /// `e^x` for `|x| <= 708` (f32: 86), as `(t, n, y)` with `e^x = 2^n y`, `y` in about
    /// `[0.7, 1.42]`: `t = x log2(e) + 1.5 2^mant` rounds once to an integer `n` held in the
    /// low mantissa bits of `t` (so `bits(t) << mant` is `n` in the exponent field).
    /// Larger `|x|` give a valid `(n, y)` up to `|n| < 2^mant` (no clamping here).
    fn exp_parts(&mut self, x: &V) -> (V, V, V) {
        let l2e = self.c(LOG2E.0);
        let shift = self.c(self.pick(6755399441055744.0, 12582912.0));
        let t = self.fma(x, &l2e, &shift);
        let n = self.sub(&t, &shift);
        let (hi, lo) = self.ln2();
        let nhi = self.c(-hi);
        let r = self.fma(&n, &nhi, x);
        let nlo = self.c(-lo);
        let r = self.fma(&n, &nlo, &r);
        let p = self.em1_poly(&r);
        let y = self.addc(&p, 1.0);
        (t, n, y)
    }

    /// `e^x` (invariant 3): one branch per call. When every lane of every copy has
    /// `|x| <= 708` (f32: 86), the result is normal and `2^n` is added to the exponent bits
    /// of `y` (no clamps, no selects); otherwise a cold block clamps and scales with
    /// [`Em::scale2`], which gives the in-range lanes the same bits.
    pub(super) fn exp(&mut self, x: &V) -> V {
        let ax = self.abs(x);
        let ok = self.cmpc(FloatCC::LessThanOrEqual, &ax, self.pick(708.0, 86.0));
        let (slow, join) = self.branch_if_all(&ok);
        let (t, _, y) = self.exp_parts(x);
        let tb = self.bits(&t);
        let mant = self.mant();
        let sc = self.ishl(&tb, mant);
        let yb = self.bits(&y);
        let res = self.iadd(&yb, &sc);
        let res = self.floats(&res);
        let args: Vec<_> = res.iter().map(|&v| v.into()).collect();
        self.b.ins().jump(join, &args);

        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        let xc = self.minc(x, self.pick(710.0, 89.0));
        let xc = self.maxc(&xc, self.pick(-760.0, -110.0));
        let (_, n, y) = self.exp_parts(&xc);
        let res = self.scale2(&y, &n);
        let args: Vec<_> = res.iter().map(|&v| v.into()).collect();
        self.b.ins().jump(join, &args);

        self.b.switch_to_block(join);
        self.b.seal_block(join);
        self.b.block_params(join).to_vec()
    }

    /// `2^x`.
    pub(super) fn exp2(&mut self, x: &V) -> V {
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
    pub(super) fn expm1(&mut self, x: &V) -> V {
        self.expm1_dd(x).0
    }

    /// `e^x - 1` as `hi + lo` (`lo` is zero where `hi` is exact or the error is irrelevant).
    pub(super) fn expm1_dd(&mut self, x: &V) -> (V, V) {
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
        let (ph, pl) = self.em1_dd_poly(&rh, &rl);
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

    /// `e^(zc + zl) = 2^n v` for the double-word argument `zc + zl`, reduced and evaluated in
    /// double-word (`e^r - 1 = ph + pl`); returns `(n, v)` with `v` rounded once.
    pub(super) fn exp_dd_parts(&mut self, zc: &V, zl: &V) -> (V, V) {
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
        let (ph, pl) = self.em1_dd_poly(&rh, &rl);
        let one = self.c(1.0);
        let (th, tl) = self.two_sum(&one, &ph);
        let tl = self.add(&tl, &pl);
        let v = self.add(&th, &tl);
        (n, v)
    }
}

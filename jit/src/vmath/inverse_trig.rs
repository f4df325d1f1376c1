//! Inverse trigonometric functions: `arctan`, `arcsin`, `arccos`, `arctan2`.
//!
//! | routine | ulps | domain and edge cases |
//! |---|---|---|
//! | `arctan` | 1 | `arctan(±0) = ±0`, `arctan(±inf) = ±pi/2` |
//! | `arcsin`, `arccos` | 1 | `|x| > 1` gives NaN; `arcsin(±1) = ±pi/2`, `arccos(1) = +0`, `arccos(-1) = pi` |
//! | `arctan2(y, x)` | 1 | C99: `(±0, -0) = ±pi`, `(±0, +0) = ±0`, `(±inf, ±inf) = ±pi/4, ±3pi/4`, NaN in either gives NaN |
//!
//! Invariants:
//! 1. Every reduction keeps its rounding error as a low part (`t + tl`), and the final
//!    `pi/2 - ...` / `pi - ...` steps subtract from a `(hi, lo)` constant through
//!    [`Em::const_minus`], which rounds once.
//! 2. [`Em::atan_core`] is only called with `t` in `[0, 1]` (a ratio of magnitudes or its
//!    reciprocal); signs and octants are restored by the callers.

use super::em::{Em, V};
use cranelift_codegen::ir::InstBuilder;
use cranelift_codegen::ir::condcodes::FloatCC;
use std::f64::consts::{self, FRAC_PI_2, FRAC_PI_4};

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
/// `pi/4`, `pi/2`, `pi` as `hi + lo`.
const PI4: (f64, f64) = (FRAC_PI_4, 3.061616997868383e-17);
/// See [`PI4`].
const PI2: (f64, f64) = (FRAC_PI_2, 6.123233995736766e-17);
/// See [`PI4`].
const PI: (f64, f64) = (consts::PI, 1.2246467991473532e-16);

impl Em<'_, '_> {
    /// `c - (a + b)` for a `(hi, lo)` constant `c`, a value `a` and a small correction `b`, with
    /// `c.hi - a` as an exact two-sum so that only the final addition rounds.
    pub(super) fn const_minus(&mut self, c: (f64, f64), a: &V, b: &V) -> V {
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
    pub(super) fn atan_core(&mut self, t: &V, tl: &V) -> (V, V) {
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
    pub(super) fn div_low(&mut self, t: &V, num: &V, den: &V) -> V {
        let nt = self.neg(t);
        let r = self.fma(&nt, den, num);
        let l = self.div(&r, den);
        let bad = self.cmp(FloatCC::Unordered, &l, &l);
        self.selc(&bad, 0.0, &l)
    }

    /// `atan(x)`: `|x| > 1` uses `pi/2 - atan(1/|x|)`.
    pub(super) fn atan(&mut self, x: &V) -> V {
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
    pub(super) fn atan2(&mut self, y: &V, x: &V) -> V {
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
    pub(super) fn asin_acos(&mut self, x: &V, acos: bool) -> V {
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
}

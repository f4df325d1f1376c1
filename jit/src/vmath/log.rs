//! Logarithms: `log`, `log2`, `log10`, `log1p`, and the double-word `ln` that
//! [`pow`](super::pow) raises.
//!
//! | routine | ulps | domain and edge cases |
//! |---|---|---|
//! | `log`, `log2` | 1 | `log(±0) = -inf`, `log(x < 0) = NaN`, `log(inf) = inf`; subnormals are scaled by `2^54` (f32: `2^25`) first |
//! | `log10` | 2 | as `log` |
//! | `log1p` | 1 | `log1p(-1) = -inf`, below -1 NaN, `|x| < 2^-54` returns `x` (so `±0` keep their sign) |
//!
//! Invariants:
//! 1. [`Em::log_reduce`] writes a positive finite `x` as `2^e (1 + f)` with `1 + f` in
//!    `[sqrt(1/2), sqrt(2))`; the special cases are selected afterwards by
//!    [`Em::log_specials`], so garbage from non-finite or non-positive lanes never escapes.
//! 2. `e ln2_hi` is exact (`ln2_hi` has 11 trailing zero bits, f32: 8), so the sum
//!    `e ln2 + f` is formed by one exact two-sum and rounds once.
//! 3. In [`Em::log_combine`], `|f| < 0.415`, so `|K f| < |c_hi|` for every base (`K c = 1`:
//!    `ln 2` and 1, `log2 e` and 1, `log10 e` and `log10 2`): `e c_hi + K f` needs only
//!    Fast2Sum (3 ops) to be exact, `e c_hi` being either zero or the larger term.
//! 4. [`Em::log`] branches once per call: when every lane of every copy is positive, normal
//!    and finite it runs [`Em::log_reduce_normal`] alone (no selects); otherwise a cold block
//!    computes all copies with subnormal scaling and [`Em::log_specials`]. An ordinary lane
//!    gets the same bits on both paths (`e + 0` and the unscaled `x`).

use super::em::{Em, LN2, LOG2E, V};
use cranelift_codegen::ir::InstBuilder;
use cranelift_codegen::ir::condcodes::FloatCC;
use std::f64::consts::{self, LOG10_E};

/// Which logarithm [`Em::log`] computes.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Base {
    /// Natural logarithm.
    E,
    /// Base 2.
    Two,
    /// Base 10.
    Ten,
}

/// `2 atanh(s) = 2s + s z R(z)`, `z = s^2 <= ((sqrt2 - 1)/(sqrt2 + 1))^2`, f64:
/// `python3 fit.py LOG:6:f64` (relative error of `R` 6e-16, below 0.01 ulp of the log once
/// scaled by `z/2 <= 0.015`).
const LOG_F64: [f64; 7] = [
    0.666666666666667,
    0.39999999999886615,
    0.28571428631764334,
    0.2222221019926421,
    0.18182956608063458,
    0.15329500754204178,
    0.14643628601909797,
];
/// As [`LOG_F64`], f32.
const LOG_F32: [f64; 4] = [
    0.6666666865348816,
    0.40000128746032715,
    0.2854996919631958,
    0.23353427648544312,
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
/// `log10(e)` split as `hi + lo`.
const LOG10E: (f64, f64) = (LOG10_E, 1.098319650216765e-17);
/// `log10(2)` split as `hi + lo`.
const LOG10_2: (f64, f64) = (consts::LOG10_2, -2.8037281277851704e-18);

impl Em<'_, '_> {
    /// Splits a positive finite `x` as `2^e (1 + f)` with `1 + f` in `[sqrt(1/2), sqrt(2))`;
    /// returns `(e, f)` as floats. Subnormals are scaled first. Other inputs give garbage.
    pub(super) fn log_reduce(&mut self, x: &V) -> (V, V) {
        let (min_norm, up, up_e) = self.pick3();
        let sub = self.cmpc(FloatCC::LessThan, x, min_norm);
        let xs = self.mulc(x, up);
        let xs = self.sel(&sub, &xs, x);
        let adj = self.c(-up_e);
        let zero = self.c(0.0);
        let adj = self.sel(&sub, &adj, &zero);
        let (e, f) = self.log_reduce_normal(&xs);
        let e = self.add(&e, &adj);
        (e, f)
    }

    /// [`Em::log_reduce`] for a positive normal finite `x` (no subnormal scaling), in integer
    /// arithmetic: with `t = bits(x) + bits(1) - bits(sqrt(1/2))`, the exponent field of `t` is
    /// `e + bias` and `bits(1 + f) = bits(x) - (t & exponent mask) + bits(1)`. `1 + f` lies in
    /// `[sqrt(1/2), 2 sqrt(1/2))` (`sqrt(1/2)` rounded to the lane type), so `f = (1 + f) - 1`
    /// is exact (Sterbenz). Garbage for other inputs, without trapping.
    pub(super) fn log_reduce_normal(&mut self, x: &V) -> (V, V) {
        let mant = self.mant();
        let (one_bits, off, high) = if self.wide {
            (
                1.0f64.to_bits() as i64,
                std::f64::consts::FRAC_1_SQRT_2.to_bits() as i64,
                -(1i64 << 52),
            )
        } else {
            (
                i64::from(1.0f32.to_bits()),
                i64::from(std::f32::consts::FRAC_1_SQRT_2.to_bits()),
                i64::from(0xff80_0000u32 as i32),
            )
        };
        let ix = self.bits(x);
        let c1 = self.ci(one_bits - off);
        let t = self.iadd(&ix, &c1);
        let k = self.ushr(&t, mant);
        // Exponent field to float: OR it into the mantissa of 2^mant.
        let two_m = self.pick(4503599627370496.0, 8388608.0);
        let tb = self.c(two_m);
        let tb = self.bits(&tb);
        let ef = self.ior(&k, &tb);
        let ef = self.floats(&ef);
        let e = self.addc(&ef, -(two_m + self.bias() as f64));
        let hm = self.ci(high);
        let hm = self.iand(&t, &hm);
        let iz = self.isub(&ix, &hm);
        let c2 = self.ci(one_bits);
        let iz = self.iadd(&iz, &c2);
        let z = self.floats(&iz);
        let f = self.addc(&z, -1.0);
        (e, f)
    }

    /// `(smallest normal, 2^s, s)` for subnormal scaling.
    pub(super) fn pick3(&self) -> (f64, f64, f64) {
        if self.wide {
            (f64::MIN_POSITIVE, 18014398509481984.0, 54.0)
        } else {
            (f64::from(f32::MIN_POSITIVE), 33554432.0, 25.0)
        }
    }

    /// `ln(1 + f) - f` for the reduced `f` (about `-f^2/2`), with `s = f / (2 + f)`:
    /// `ln(1 + f) = 2 atanh(s) = f - s (f - s^2 R(s^2))`.
    pub(super) fn log1pf_tail(&mut self, f: &V) -> V {
        let d = self.addc(f, 2.0);
        let s = self.div(f, &d);
        let z = self.mul(&s, &s);
        let r = if self.wide {
            self.poly(&z, &LOG_F64)
        } else {
            self.poly(&z, &LOG_F32)
        };
        let q = self.mul(&z, &r);
        let w = self.sub(&q, f);
        self.mul(&s, &w)
    }

    /// `log_b(u) + corr/u`-style core: `u = 2^e (1 + f)`, `ylo = ln(1+f) - f`, plus an optional
    /// extra low term `extra` (in natural-log units) added before scaling.
    pub(super) fn log_combine(&mut self, e: &V, f: &V, ylo: &V, base: Base) -> V {
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
        // Fast2Sum is exact (invariant 3): a == 0 or |a| >= |chi| > |p|.
        let s = self.add(&a, &p);
        let back = self.sub(&s, &a);
        let err = self.sub(&p, &back);
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

    /// Logarithm of `x` to `base`, with the special cases (invariant 4): when every lane of
    /// every copy is positive, normal and finite, only the integer reduction runs; otherwise a
    /// second block scales subnormals and selects the special values, with the same
    /// arithmetic for the ordinary lanes (so they get the same bits).
    pub(super) fn log(&mut self, x: &V, base: Base) -> V {
        let (min_norm, _, _) = self.pick3();
        let lo_ok = self.cmpc(FloatCC::GreaterThanOrEqual, x, min_norm);
        let hi_ok = self.cmpc(FloatCC::LessThan, x, f64::INFINITY);
        let ok = self.and(&lo_ok, &hi_ok);
        let (slow, join) = self.branch_if_all(&ok);
        let (e, f) = self.log_reduce_normal(x);
        let ylo = self.log1pf_tail(&f);
        let res = self.log_combine(&e, &f, &ylo, base);
        let args: Vec<_> = res.iter().map(|&v| v.into()).collect();
        self.b.ins().jump(join, &args);

        self.b.switch_to_block(slow);
        self.b.seal_block(slow);
        let (e, f) = self.log_reduce(x);
        let ylo = self.log1pf_tail(&f);
        let res = self.log_combine(&e, &f, &ylo, base);
        let res = self.log_specials(x, x, res);
        let args: Vec<_> = res.iter().map(|&v| v.into()).collect();
        self.b.ins().jump(join, &args);

        self.b.switch_to_block(join);
        self.b.seal_block(join);
        self.b.block_params(join).to_vec()
    }

    /// Special cases of `log(u)`: `u == 0` gives -inf, `u < 0` or NaN gives NaN, `u == inf` gives
    /// inf. `x` is the original argument (returned unchanged when it is NaN).
    pub(super) fn log_specials(&mut self, u: &V, x: &V, res: V) -> V {
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
    pub(super) fn log1p(&mut self, x: &V) -> V {
        self.log1p_dd(x, None)
    }

    /// `ln(1 + x + xl)` for a small correction `xl` of `x` (a double-word argument).
    pub(super) fn log1p_dd(&mut self, x: &V, xl: Option<&V>) -> V {
        let one = self.c(1.0);
        let (u, err) = self.two_sum(&one, x);
        let err = match xl {
            Some(l) => self.add(&err, l),
            None => err,
        };
        // u = fl(1 + x) is 0 or at least 2^-53 (f32: 2^-24): never subnormal, so no scaling.
        let (e, f) = self.log_reduce_normal(&u);
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
    pub(super) fn log_dd(&mut self, x: &V) -> (V, V) {
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
}

//! Hyperbolic functions and their inverses: `tanh`, `sinh`, `cosh`, `arcsinh`, `arccosh`,
//! `arctanh`.
//!
//! | routine | ulps | domain and edge cases |
//! |---|---|---|
//! | `tanh` | 2 | `tanh(±0) = ±0`, `±1` beyond 20 (f32: 10), `tanh(±inf) = ±1` |
//! | `sinh`, `cosh` | 2 | overflow to `±inf` / `inf` above 710.48 (f32: 89.42); `sinh(±0) = ±0`, `cosh(±0) = 1` |
//! | `arcsinh` | 2 | `arcsinh(±0) = ±0`, `ln(2|x|)` form above `2^28` (f32: `2^12`), so no overflow up to the largest float |
//! | `arccosh` | 2 | `x < 1` gives NaN, `arccosh(1) = +0`, large `x` as `arcsinh` |
//! | `arctanh` | 1 | `|x| > 1` gives NaN, `arctanh(±1) = ±inf`, `arctanh(±0) = ±0` |
//!
//! Invariants:
//! 1. Each routine works on `|x|` and restores the sign with `copysign` (odd functions) or
//!    ignores it (`cosh`), so both signs of zero come out as libm's.
//! 2. Cancellation-prone arguments (`1 + x^2`, `x - 1`, `2a/(1 - a)`) are carried in
//!    double-word into [`Em::log1p_dd`] or [`Em::expm1_dd`].

use super::em::{Em, LN2, V};
use cranelift_codegen::ir::condcodes::FloatCC;

impl Em<'_, '_> {
    /// `tanh(x) = sign(x) e/(e + 2)` with `e = expm1(2|x|)`.
    pub(super) fn tanh(&mut self, x: &V) -> V {
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
    pub(super) fn sinh_cosh(&mut self, x: &V, sinh: bool) -> V {
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

    /// `log1p(v)`, plus `ln 2` where `big` (callers pass `v = x - 1` there, so the sum is
    /// `ln(2x)` without overflow).
    pub(super) fn log1p_plus_ln2(&mut self, v: &V, vl: &V, big: &V) -> V {
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
    pub(super) fn asinh(&mut self, x: &V) -> V {
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
    pub(super) fn acosh(&mut self, x: &V) -> V {
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

    /// `atanh(x) = sign(x) log1p(2a / (1 - a)) / 2`; for `a < 1/2` the argument is formed as
    /// `2a + 2a^2 / (1 - a)`.
    pub(super) fn atanh(&mut self, x: &V) -> V {
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
}

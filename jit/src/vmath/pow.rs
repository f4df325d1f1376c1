//! Powers and roots: `power`, `cbrt`, `hypot`.
//!
//! | routine | ulps | domain and edge cases |
//! |---|---|---|
//! | `power(x, y)` | 1 | C99 Annex F: `pow(x, ±0) = 1` (NaN `x` too), `pow(1, y) = 1` (NaN `y` too), `pow(-1, ±inf) = 1`; `x = ±0` gives `±0`/`+0` or `±inf`/`+inf` by the sign of `y` and whether `y` is an odd integer; negative finite `x` with non-integral finite `y` gives NaN; overflow and underflow round once |
//! | `cbrt` | 1 | `±0`, `±inf` and NaN return themselves; subnormals are scaled first |
//! | `hypot` | 1 | `hypot(±inf, y) = inf` even for NaN `y`; no intermediate overflow or underflow |
//!
//! Invariants:
//! 1. `pow` computes `ln|x|` as a double-word (about `2^-60` relative for f64), multiplies by
//!    `y` exactly with `fma`, and takes `exp` of the double-word product; the argument is
//!    clamped so the result scales like `exp` (`exp` invariant 1). The special cases are
//!    selected after the main path, in the order C99 gives them precedence.
//! 2. `cbrt`'s first guess (a cubic in the mantissa, [`CBRT_0`], relative error `1e-4`) is
//!    refined by Newton steps (3 for f64, 2 for f32) with `fma` residuals.

use super::em::{Em, V};
use cranelift_codegen::ir::InstBuilder;
use cranelift_codegen::ir::condcodes::FloatCC;

/// Initial `cbrt(m)`, `m` in `[1, 2]` (relative error 1e-4; Newton steps follow).
const CBRT_0: [f64; 4] = [
    0.5557909602691388,
    0.5808263911380952,
    -0.1586624600531909,
    0.022148699208245196,
];

impl Em<'_, '_> {
    /// `x^y`.
    pub(super) fn pow(&mut self, x: &V, y: &V) -> V {
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

    /// `cbrt(x)`: `|x| = m 2^(3q + r)`, Newton steps on `m 2^r` from a cubic first guess.
    pub(super) fn cbrt(&mut self, x: &V) -> V {
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
    pub(super) fn hypot(&mut self, x: &V, y: &V) -> V {
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
}

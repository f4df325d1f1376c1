//! Trigonometric functions: `sin`, `cos`, `tan`.
//!
//! | routine | ulps | domain and edge cases |
//! |---|---|---|
//! | `sin`, `cos`, `tan` | 1 | `sin(±0) = ±0`, `tan(±0) = ±0`, `cos(±0) = 1`; `±inf` and NaN give NaN; `|x| > 2^28` (f32: `2^16`) calls the scalar host function for that lane |
//!
//! Invariants:
//! 1. `x = q pi/2 + r` with a three-part `pi/2` and `fma`: the first step is exact for
//!    `|x| <=` [`TRIG_MAX_F64`] / [`TRIG_MAX_F32`], `r = rh + rl` keeps the rounding errors of
//!    the other two, and the quadrant is the low bits of the integer `q`.
//! 2. Lanes beyond the range, and infinite lanes, take the host function's value through a
//!    branch that runs only when some lane needs it; the other lanes keep the inline value
//!    (so a result never depends on a neighbour). The builder continues in a new sealed block.

use super::em::{Em, V};
use super::{HostFns, MathFn};
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData};
use std::f64::consts::FRAC_PI_2;

/// Largest `|x|` that `sin`/`cos`/`tan` reduce in IR for f64; larger lanes call the host.
pub(crate) const TRIG_MAX_F64: f64 = 268_435_456.0;
/// Largest `|x|` that `sin`/`cos`/`tan` reduce in IR for f32; larger lanes call the host.
pub(crate) const TRIG_MAX_F32: f64 = 65536.0;

/// Which function [`Em::trig`] computes.
#[derive(Copy, Clone, PartialEq, Eq)]
pub(crate) enum Trig {
    /// Sine.
    Sin,
    /// Cosine.
    Cos,
    /// Tangent.
    Tan,
}

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
/// `pi/2` in three f64 parts (Cody-Waite with `fma`).
const PIO2_F64: [f64; 3] = [FRAC_PI_2, 6.123233995736766e-17, -1.4973849048591698e-33];
/// `pi/2` in three f32 parts.
const PIO2_F32: [f64; 3] = [
    1.5707963705062866,
    -4.371138828673793e-08,
    -1.7151245100058819e-15,
];

impl Em<'_, '_> {
    /// `sin`, `cos` or `tan`: `x = q pi/2 + r`, `|r| <= pi/4`, both polynomials, quadrant select.
    pub(super) fn trig<H: HostFns + ?Sized>(
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

    /// If any lane of `big` is set, recomputes the lanes of `x` with the scalar host function
    /// and takes its value where `big` is set (invariant 2).
    pub(super) fn libm_fallback<H: HostFns + ?Sized>(
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
        for ((&xv, &m), &r) in x.iter().zip(big).zip(&res) {
            let mut acc = xv;
            for l in 0..self.lanes {
                let xl = self.b.ins().extractlane(xv, l);
                let call = self.b.ins().call(fref, &[xl]);
                let yl = self.b.inst_results(call)[0];
                acc = self.b.ins().insertlane(acc, yl, l);
            }
            out.push(self.b.ins().bitselect(m, acc, r).into());
        }
        self.b.ins().jump(join, &out);
        self.b.switch_to_block(join);
        self.b.seal_block(join);
        Ok(self.b.block_params(join).to_vec())
    }
}

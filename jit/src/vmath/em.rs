//! The emitter shared by every routine: [`Em`] maps each operation over the `K` interleaved
//! copies of one call, and holds the lane-type details (f64 or f32 lanes, constants from the
//! constant pool, masks, integer views of the bits, exact two-sum and two-product steps).
//!
//! Invariants:
//! 1. Every value is a vector of [`Em::ty`] (`F64X2` or `F32X4`) or of its integer twin
//!    [`Em::ity`]; scalar operands were splatted by [`Em::widen`] and leave through
//!    [`Em::narrow`] (lane 0).
//! 2. Masks are float-typed vectors of all-ones / all-zeros lanes, consumed by `bitselect`.
//! 3. Constants are written in f64 and rounded to the lane type by [`Em::c`]; `(hi, lo)` pairs
//!    are re-split for f32 lanes by [`Em::split`] / [`Em::ln2`] so `hi + lo` stays exact.

use super::SUPPORTED;
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{Block, InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::FunctionBuilder;
use std::f64::consts::{LN_2, LOG2_E};

/// K values, one per interleaved copy.
pub(super) type V = Vec<Value>;

/// `ln 2` split as `hi + lo` (f64 parts; the f32 parts are derived in [`Em::ln2`]).
pub(super) const LN2: (f64, f64) = (LN_2, 2.3190468138462996e-17);
/// `log2(e)` split as `hi + lo`.
pub(super) const LOG2E: (f64, f64) = (LOG2_E, 2.0355273740931033e-17);

/// Builder state for one call: the vector type computed in and its integer twin.
pub(super) struct Em<'a, 'f> {
    /// The caller's builder, positioned where the code goes.
    pub(super) b: &'a mut FunctionBuilder<'f>,
    /// The float vector type (`F64X2` or `F32X4`).
    pub(super) ty: Type,
    /// The integer type of the same shape (`I64X2` or `I32X4`).
    pub(super) ity: Type,
    /// f64 lanes (otherwise f32).
    pub(super) wide: bool,
    /// Number of interleaved copies.
    pub(super) k: usize,
    /// Lanes that carry caller data (1 for scalar operands, which live in lane 0).
    pub(super) lanes: u8,
}

impl<'a, 'f> Em<'a, 'f> {
    /// State for operands `xs` (checks invariant 1).
    pub(super) fn new(b: &'a mut FunctionBuilder<'f>, xs: &[Value]) -> Self {
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
    pub(super) fn widen(&mut self, xs: &[Value]) -> V {
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
    pub(super) fn narrow(&mut self, scalar: bool, v: V) -> Vec<Value> {
        if scalar {
            v.into_iter()
                .map(|x| self.b.ins().extractlane(x, 0))
                .collect()
        } else {
            v
        }
    }

    /// Float constant (rounded to the lane type), splatted.
    pub(super) fn c(&mut self, v: f64) -> V {
        if self.wide {
            self.vconst(v.to_bits(), 8)
        } else {
            self.vconst(u64::from((v as f32).to_bits()), 4)
        }
    }

    /// A vector constant with every lane equal to the low `bytes` bytes of `bits`, loaded from
    /// the constant pool (one instruction, often folded into its user; `splat` of a scalar
    /// constant costs three at `opt_level = "none"`).
    pub(super) fn vconst(&mut self, bits: u64, bytes: usize) -> V {
        let lane = &bits.to_le_bytes()[..bytes];
        let data: Vec<u8> = lane.iter().copied().cycle().take(16).collect();
        let handle = self.b.func.dfg.constants.insert(data.into());
        let v = self.b.ins().vconst(self.ty, handle);
        vec![v; self.k]
    }

    /// Picks the f64 or the f32 value of a constant.
    pub(super) fn pick(&self, w: f64, n: f64) -> f64 {
        if self.wide { w } else { n }
    }

    /// Integer constant of the integer twin type, splatted.
    pub(super) fn ci(&mut self, v: i64) -> V {
        let c = self.vconst(v as u64, if self.wide { 8 } else { 4 });
        self.bits(&c)
    }

    /// Applies `f` to each copy.
    pub(super) fn map1(
        &mut self,
        a: &V,
        f: impl Fn(&mut FunctionBuilder<'f>, Value) -> Value,
    ) -> V {
        a.iter().map(|&x| f(self.b, x)).collect()
    }

    /// Applies `f` to each pair of copies.
    pub(super) fn map2(
        &mut self,
        a: &V,
        c: &V,
        f: impl Fn(&mut FunctionBuilder<'f>, Value, Value) -> Value,
    ) -> V {
        a.iter().zip(c).map(|(&x, &y)| f(self.b, x, y)).collect()
    }

    /// `a + c`.
    pub(super) fn add(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fadd(x, y))
    }

    /// `a - c`.
    pub(super) fn sub(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fsub(x, y))
    }

    /// `a * c`.
    pub(super) fn mul(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fmul(x, y))
    }

    /// `a / c`.
    pub(super) fn div(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().fdiv(x, y))
    }

    /// `a * c + d` with one rounding.
    pub(super) fn fma(&mut self, a: &V, c: &V, d: &V) -> V {
        (0..self.k)
            .map(|i| self.b.ins().fma(a[i], c[i], d[i]))
            .collect()
    }

    /// `-a`.
    pub(super) fn neg(&mut self, a: &V) -> V {
        // An xor with a pool constant: `fneg` rebuilds its sign mask on every use.
        let m = self.c(-0.0);
        self.map2(a, &m, |b, x, y| b.ins().bxor(x, y))
    }

    /// `|a|`.
    pub(super) fn abs(&mut self, a: &V) -> V {
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
    pub(super) fn nearest(&mut self, a: &V) -> V {
        self.map1(a, |b, x| b.ins().nearest(x))
    }

    /// `a` rounded down.
    pub(super) fn floor(&mut self, a: &V) -> V {
        self.map1(a, |b, x| b.ins().floor(x))
    }

    /// `a` rounded toward zero.
    pub(super) fn trunc(&mut self, a: &V) -> V {
        self.map1(a, |b, x| b.ins().trunc(x))
    }

    /// `a + k`.
    pub(super) fn addc(&mut self, a: &V, k: f64) -> V {
        let c = self.c(k);
        self.add(a, &c)
    }

    /// `a * k`.
    pub(super) fn mulc(&mut self, a: &V, k: f64) -> V {
        let c = self.c(k);
        self.mul(a, &c)
    }

    /// Horner evaluation of `sum coef[i] x^i` with `fma`.
    pub(super) fn poly(&mut self, x: &V, coef: &[f64]) -> V {
        let n = coef.len();
        let mut p = self.c(coef[n - 1]);
        for &ci in coef[..n - 1].iter().rev() {
            let c = self.c(ci);
            p = self.fma(&p, x, &c);
        }
        p
    }

    /// Lane mask of `a cc c`.
    pub(super) fn cmp(&mut self, cc: FloatCC, a: &V, c: &V) -> V {
        let ty = self.ty;
        self.map2(a, c, |b, x, y| {
            let m = b.ins().fcmp(cc, x, y);
            b.ins().bitcast(ty, MemFlagsData::new(), m)
        })
    }

    /// Lane mask of `a cc k`.
    pub(super) fn cmpc(&mut self, cc: FloatCC, a: &V, k: f64) -> V {
        let c = self.c(k);
        self.cmp(cc, a, &c)
    }

    /// Mask intersection.
    /// Branches once on `ok` holding in every lane of every copy: continues in a fresh, sealed
    /// fast block and returns `(slow, join)`, the block to emit the general path in and the
    /// join block (one parameter per copy), which the caller fills and seals.
    pub(super) fn branch_if_all(&mut self, ok: &V) -> (Block, Block) {
        let mut all = ok[0];
        for &m in &ok[1..] {
            all = self.b.ins().band(all, m);
        }
        let mi = self.b.ins().bitcast(self.ity, MemFlagsData::new(), all);
        let all = self.b.ins().vall_true(mi);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let join = self.b.create_block();
        for _ in 0..self.k {
            self.b.append_block_param(join, self.ty);
        }
        self.b.ins().brif(all, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        self.b.seal_block(fast);
        (slow, join)
    }

    pub(super) fn and(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().band(x, y))
    }

    /// Mask union.
    pub(super) fn or(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().bor(x, y))
    }

    /// Per lane `m ? a : c`.
    pub(super) fn sel(&mut self, m: &V, a: &V, c: &V) -> V {
        (0..self.k)
            .map(|i| self.b.ins().bitselect(m[i], a[i], c[i]))
            .collect()
    }

    /// Per lane `m ? k : c`.
    pub(super) fn selc(&mut self, m: &V, k: f64, c: &V) -> V {
        let kv = self.c(k);
        self.sel(m, &kv, c)
    }

    /// `min(a, k)` that keeps NaN.
    pub(super) fn minc(&mut self, a: &V, k: f64) -> V {
        let m = self.cmpc(FloatCC::GreaterThan, a, k);
        self.selc(&m, k, a)
    }

    /// `max(a, k)` that keeps NaN.
    pub(super) fn maxc(&mut self, a: &V, k: f64) -> V {
        let m = self.cmpc(FloatCC::LessThan, a, k);
        self.selc(&m, k, a)
    }

    /// Magnitude of `mag` with the sign bit of `sgn`.
    pub(super) fn copysign(&mut self, mag: &V, sgn: &V) -> V {
        let sm = self.c(-0.0);
        let s = self.and(sgn, &sm);
        let a = self.abs(mag);
        self.or(&a, &s)
    }

    /// The bits of float lanes as integer lanes.
    pub(super) fn bits(&mut self, a: &V) -> V {
        let ity = self.ity;
        self.map1(a, |b, x| b.ins().bitcast(ity, MemFlagsData::new(), x))
    }

    /// Integer lanes reinterpreted as float lanes.
    pub(super) fn floats(&mut self, a: &V) -> V {
        let ty = self.ty;
        self.map1(a, |b, x| b.ins().bitcast(ty, MemFlagsData::new(), x))
    }

    /// Integer lane sum (wrapping).
    pub(super) fn iadd(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().iadd(x, y))
    }

    /// Integer lane difference (wrapping).
    pub(super) fn isub(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().isub(x, y))
    }

    /// Integer lane bitwise and.
    pub(super) fn iand(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().band(x, y))
    }

    /// Integer lane bitwise or.
    pub(super) fn ior(&mut self, a: &V, c: &V) -> V {
        self.map2(a, c, |b, x, y| b.ins().bor(x, y))
    }

    /// Integer lanes shifted left by `s`.
    pub(super) fn ishl(&mut self, a: &V, s: i64) -> V {
        self.map1(a, |b, x| {
            let s = b.ins().iconst(types::I32, s);
            b.ins().ishl(x, s)
        })
    }

    /// Integer lanes shifted right by `s`, zero-filling.
    pub(super) fn ushr(&mut self, a: &V, s: i64) -> V {
        self.map1(a, |b, x| {
            let s = b.ins().iconst(types::I32, s);
            b.ins().ushr(x, s)
        })
    }

    /// Mantissa width of the lane type.
    pub(super) fn mant(&self) -> i64 {
        if self.wide { 52 } else { 23 }
    }

    /// Exponent bias of the lane type.
    pub(super) fn bias(&self) -> i64 {
        if self.wide { 1023 } else { 127 }
    }

    /// The low integer bits of an integral float `n` (`|n| < 2^22` for f32, `2^51` for f64), as
    /// two's complement in the integer twin type (the rounding-constant trick: adding
    /// `1.5 * 2^mant` puts `n` into the low mantissa bits). No `fcvt`, which x64 lacks for i64x2.
    pub(super) fn int_bits(&mut self, n: &V) -> V {
        let magic = self.pick(6755399441055744.0, 12582912.0);
        let t = self.addc(n, magic);
        self.bits(&t)
    }

    /// `2^n` for an integral float `n` in the normal exponent range.
    pub(super) fn pow2i(&mut self, n: &V) -> V {
        let i = self.int_bits(n);
        let bias = self.ci(self.bias());
        let i = self.iadd(&i, &bias);
        let mant = self.mant();
        let i = self.ishl(&i, mant);
        self.floats(&i)
    }

    /// `y * 2^n` for integral `n` in `[-1100, 1100]` (f32: `[-170, 170]`), rounding once even
    /// when the result is subnormal: `2^n` is applied as two factors `2^floor(n/2)`, `2^ceil(n/2)`.
    pub(super) fn scale2(&mut self, y: &V, n: &V) -> V {
        let h = self.mulc(n, 0.5);
        let n1 = self.floor(&h);
        let n2 = self.sub(n, &n1);
        let s1 = self.pow2i(&n1);
        let s2 = self.pow2i(&n2);
        let t = self.mul(y, &s1);
        self.mul(&t, &s2)
    }

    /// `(s, err)` with `s + err == a + c` exactly (Knuth's two-sum).
    pub(super) fn two_sum(&mut self, a: &V, c: &V) -> (V, V) {
        let s = self.add(a, c);
        let bb = self.sub(&s, a);
        let t = self.sub(&s, &bb);
        let e1 = self.sub(a, &t);
        let e2 = self.sub(c, &bb);
        let e = self.add(&e1, &e2);
        (s, e)
    }

    /// `(p, e)` with `p + e == a * c` exactly (`fma`).
    pub(super) fn two_prod(&mut self, a: &V, c: &V) -> (V, V) {
        let p = self.mul(a, c);
        let np = self.neg(&p);
        let e = self.fma(a, c, &np);
        (p, e)
    }

    /// `ln 2` as `(hi, lo)` for the lane type.
    pub(super) fn ln2(&self) -> (f64, f64) {
        if self.wide {
            LN2
        } else {
            let h = LN2.0 as f32;
            (f64::from(h), (LN2.0 - f64::from(h)) as f32 as f64)
        }
    }

    /// Splits a constant `(hi, lo)` so that `hi` has at most `53 - drop` (f64) or `24 - drop`
    /// (f32) significant bits, making `e * hi` exact for `|e| < 2^drop`.
    pub(super) fn short_split(&self, c: (f64, f64), drop: u32) -> (f64, f64) {
        if self.wide {
            let h = f64::from_bits(c.0.to_bits() & !((1u64 << drop) - 1));
            (h, (c.0 - h) + c.1)
        } else {
            let h = f32::from_bits((c.0 as f32).to_bits() & !((1u32 << drop) - 1));
            (f64::from(h), c.0 - f64::from(h) + c.1)
        }
    }

    /// A `(hi, lo)` constant for the lane type.
    pub(super) fn split(&self, c: (f64, f64)) -> (f64, f64) {
        if self.wide {
            c
        } else {
            let h = c.0 as f32;
            (f64::from(h), (c.0 - f64::from(h) + c.1) as f32 as f64)
        }
    }

    /// `sqrt(h + l)` as `(s, sl)`; `sl` is zero where `s` is zero or not finite.
    pub(super) fn sqrt_dd(&mut self, h: &V, l: &V) -> (V, V) {
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
    pub(super) fn div_dd(&mut self, nh: &V, nl: &V, dh: &V, dl: &V) -> (V, V) {
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

    /// Integer `0/1` per lane to a lane mask.
    pub(super) fn int_mask(&mut self, a: &V) -> V {
        let ty = self.ty;
        self.map1(a, |b, x| {
            let m = b.ins().ineg(x);
            b.ins().bitcast(ty, MemFlagsData::new(), m)
        })
    }
}

//! Scalar semantics of every body instruction in Cranelift IR: `ir/src/eval.rs`'s rules, op by
//! op and dtype by dtype, so the generated code computes the eager library's values bit for bit.
//!
//! Invariants:
//! 1. A value of dtype `t` has the Cranelift type [`clif_type`]`(t)`; a bool is an `i8` holding
//!    0 or 1 (the comparisons' result), and every op here keeps it 0 or 1.
//! 2. Nothing traps: integer division guards its divisor (0 and -1), float-to-integer casts use
//!    the saturating instruction under an explicit range check, shifts select on the amount.
//! 3. Transcendentals are calls to the host symbols of [`symbols`](super::symbols) (the same
//!    Rust/libm functions the eager kernels call), unless the kernel is compiled with inline
//!    math: then [`vmath`](crate::vmath)'s routine on one lane, the same routine the vector
//!    loop runs on `f64x2`/`f32x4`, so the scalar tail and the vector body agree bit for bit.

use super::{Lower, LowerError};
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{InstBuilder, Type, Value, types};
use numfuse_ir::{BinaryOp, DType, Kind, UnaryOp};

/// The Cranelift type of a dtype's values.
pub(crate) fn clif_type(d: DType) -> Type {
    match d {
        DType::Bool | DType::I8 | DType::U8 => types::I8,
        DType::I16 | DType::U16 => types::I16,
        DType::I32 | DType::U32 => types::I32,
        DType::I64 | DType::U64 => types::I64,
        DType::F32 => types::F32,
        DType::F64 => types::F64,
    }
}

fn no_loop(op: &str, t: DType) -> LowerError {
    LowerError(format!("no loop for {op} on {t}"))
}

impl Lower<'_> {
    /// A float constant of `t`'s precision.
    pub(super) fn fconst(&mut self, ty: Type, v: f64) -> Value {
        if ty == types::F32 {
            self.b.ins().f32const(v as f32)
        } else {
            self.b.ins().f64const(v)
        }
    }

    /// An 0/1 `i8` flag widened to `ty`.
    fn flag_to(&mut self, ty: Type, f: Value) -> Value {
        if ty == types::I8 {
            f
        } else {
            self.b.ins().uextend(ty, f)
        }
    }

    /// `op(x)` in loop dtype `t`; the result has dtype `out`.
    pub(super) fn unary(&mut self, op: UnaryOp, t: DType, x: Value) -> Result<Value, LowerError> {
        use UnaryOp as U;
        let ty = clif_type(t);
        match t.kind() {
            Kind::Bool => Ok(match op {
                U::Absolute | U::Floor | U::Ceil | U::Trunc => x,
                U::IsNan | U::IsInf => self.b.ins().iconst(types::I8, 0),
                U::IsFinite => self.b.ins().iconst(types::I8, 1),
                U::LogicalNot | U::Invert => self.b.ins().bxor_imm_u(x, 1),
                _ => return Err(no_loop(op.name(), t)),
            }),
            Kind::Signed | Kind::Unsigned => {
                let signed = t.is_signed();
                let zero = self.b.ins().iconst(ty, 0);
                Ok(match op {
                    U::Negative => self.b.ins().ineg(x),
                    U::Positive | U::Floor | U::Ceil | U::Trunc => x,
                    U::Absolute if signed => {
                        let neg = self.b.ins().icmp(IntCC::SignedLessThan, x, zero);
                        let nx = self.b.ins().ineg(x);
                        self.b.ins().select(neg, nx, x)
                    }
                    U::Absolute => x,
                    U::Sign if signed => {
                        let gt = self.b.ins().icmp(IntCC::SignedGreaterThan, x, zero);
                        let lt = self.b.ins().icmp(IntCC::SignedLessThan, x, zero);
                        let (gt, lt) = (self.flag_to(ty, gt), self.flag_to(ty, lt));
                        self.b.ins().isub(gt, lt)
                    }
                    U::Sign => {
                        let ne = self.b.ins().icmp(IntCC::NotEqual, x, zero);
                        self.flag_to(ty, ne)
                    }
                    U::Square => self.b.ins().imul(x, x),
                    U::Reciprocal => {
                        // 1 / x truncates: 1 for 1, -1 for -1, 0 otherwise (and for 0).
                        let one = self.b.ins().iconst(ty, 1);
                        let is1 = self.b.ins().icmp(IntCC::Equal, x, one);
                        let other = if signed {
                            let m1 = self.b.ins().iconst(ty, -1);
                            let ism1 = self.b.ins().icmp(IntCC::Equal, x, m1);
                            self.b.ins().select(ism1, m1, zero)
                        } else {
                            zero
                        };
                        self.b.ins().select(is1, one, other)
                    }
                    U::IsNan | U::IsInf => self.b.ins().iconst(types::I8, 0),
                    U::IsFinite => self.b.ins().iconst(types::I8, 1),
                    U::LogicalNot => self.b.ins().icmp(IntCC::Equal, x, zero),
                    U::Invert => self.b.ins().bnot(x),
                    _ => return Err(no_loop(op.name(), t)),
                })
            }
            Kind::Float => self.float_unary(op, t, x),
        }
    }

    fn float_unary(&mut self, op: UnaryOp, t: DType, x: Value) -> Result<Value, LowerError> {
        use UnaryOp as U;
        let ty = clif_type(t);
        Ok(match op {
            U::IsNan => self.b.ins().fcmp(FloatCC::Unordered, x, x),
            U::IsInf | U::IsFinite => {
                let inf = self.fconst(ty, f64::INFINITY);
                let a = self.b.ins().fabs(x);
                let cc = if op == U::IsInf {
                    FloatCC::Equal
                } else {
                    FloatCC::LessThan
                };
                self.b.ins().fcmp(cc, a, inf)
            }
            U::LogicalNot => {
                let zero = self.fconst(ty, 0.0);
                self.b.ins().fcmp(FloatCC::Equal, x, zero)
            }
            U::Negative => self.b.ins().fneg(x),
            U::Positive => x,
            U::Absolute => self.b.ins().fabs(x),
            U::Sign => {
                // 1 above zero, -1 below, 0.0 for both zeros, NaN for NaN.
                let zero = self.fconst(ty, 0.0);
                let one = self.fconst(ty, 1.0);
                let m1 = self.fconst(ty, -1.0);
                let gt = self.b.ins().fcmp(FloatCC::GreaterThan, x, zero);
                let lt = self.b.ins().fcmp(FloatCC::LessThan, x, zero);
                let eq = self.b.ins().fcmp(FloatCC::Equal, x, zero);
                let r = self.b.ins().select(eq, zero, x);
                let r = self.b.ins().select(lt, m1, r);
                self.b.ins().select(gt, one, r)
            }
            U::Square => self.b.ins().fmul(x, x),
            U::Reciprocal => {
                let one = self.fconst(ty, 1.0);
                self.b.ins().fdiv(one, x)
            }
            U::Sqrt => self.b.ins().sqrt(x),
            U::Floor => self.b.ins().floor(x),
            U::Ceil => self.b.ins().ceil(x),
            U::Trunc => self.b.ins().trunc(x),
            U::Rint => self.b.ins().nearest(x),
            U::Invert => return Err(no_loop(op.name(), t)),
            _ => {
                if let Some(v) = self.inline_unary(op, t, &[x])? {
                    return Ok(v[0]);
                }
                let name =
                    super::symbols::unary_symbol(op, t).ok_or_else(|| no_loop(op.name(), t))?;
                self.call_host(name, &[ty], ty, &[x])?
            }
        })
    }

    /// `op(x, y)` in loop dtype `t` (both operands of dtype `t`).
    pub(super) fn binary(
        &mut self,
        op: BinaryOp,
        t: DType,
        x: Value,
        y: Value,
    ) -> Result<Value, LowerError> {
        use BinaryOp as B;
        let ty = clif_type(t);
        if let Some(cc) = int_cc(op, t.is_signed())
            && !t.is_float()
        {
            return Ok(self.b.ins().icmp(cc, x, y));
        }
        if let Some(cc) = float_cc(op)
            && t.is_float()
        {
            return Ok(self.b.ins().fcmp(cc, x, y));
        }
        if matches!(op, B::LogicalAnd | B::LogicalOr | B::LogicalXor) {
            let (a, b) = (self.truth(t, x), self.truth(t, y));
            return Ok(match op {
                B::LogicalAnd => self.b.ins().band(a, b),
                B::LogicalOr => self.b.ins().bor(a, b),
                _ => self.b.ins().bxor(a, b),
            });
        }
        match t.kind() {
            Kind::Bool => Ok(match op {
                B::Add | B::Maximum | B::Fmax | B::BitwiseOr => self.b.ins().bor(x, y),
                B::Multiply | B::Minimum | B::Fmin | B::BitwiseAnd => self.b.ins().band(x, y),
                B::BitwiseXor => self.b.ins().bxor(x, y),
                _ => return Err(no_loop(op.name(), t)),
            }),
            Kind::Signed | Kind::Unsigned => self.int_binary(op, t, x, y),
            Kind::Float => Ok(match op {
                B::Add => self.b.ins().fadd(x, y),
                B::Subtract => self.b.ins().fsub(x, y),
                B::Multiply => self.b.ins().fmul(x, y),
                B::TrueDivide => self.b.ins().fdiv(x, y),
                B::Copysign => self.b.ins().fcopysign(x, y),
                B::Maximum | B::Minimum | B::Fmax | B::Fmin => {
                    // eval.rs rule 5: `a > b || isnan(a) ? a : b` and its three siblings.
                    let cc = if matches!(op, B::Maximum | B::Fmax) {
                        FloatCC::GreaterThan
                    } else {
                        FloatCC::LessThan
                    };
                    let better = self.b.ins().fcmp(cc, x, y);
                    let nan_of = if matches!(op, B::Maximum | B::Minimum) {
                        x
                    } else {
                        y
                    };
                    let nan = self.b.ins().fcmp(FloatCC::Unordered, nan_of, nan_of);
                    let pick = self.b.ins().bor(better, nan);
                    self.b.ins().select(pick, x, y)
                }
                _ => {
                    if let Some(v) = self.inline_binary(op, t, &[x], &[y]) {
                        return Ok(v[0]);
                    }
                    let name = super::symbols::binary_symbol(op, t)
                        .ok_or_else(|| no_loop(op.name(), t))?;
                    self.call_host(name, &[ty, ty], ty, &[x, y])?
                }
            }),
        }
    }

    /// `x != 0` as a 0/1 flag.
    pub(super) fn truth(&mut self, t: DType, x: Value) -> Value {
        let ty = clif_type(t);
        if t.is_float() {
            let zero = self.fconst(ty, 0.0);
            self.b.ins().fcmp(FloatCC::NotEqual, x, zero)
        } else {
            self.b.ins().icmp_imm_s(IntCC::NotEqual, x, 0)
        }
    }

    fn int_binary(
        &mut self,
        op: BinaryOp,
        t: DType,
        x: Value,
        y: Value,
    ) -> Result<Value, LowerError> {
        use BinaryOp as B;
        let ty = clif_type(t);
        let signed = t.is_signed();
        let bits = i64::from(ty.bits());
        Ok(match op {
            B::Add => self.b.ins().iadd(x, y),
            B::Subtract => self.b.ins().isub(x, y),
            B::Multiply => self.b.ins().imul(x, y),
            B::FloorDivide | B::Remainder | B::Fmod => self.int_divide(op, t, x, y),
            B::Maximum | B::Fmax | B::Minimum | B::Fmin => {
                let cc = match (matches!(op, B::Maximum | B::Fmax), signed) {
                    (true, true) => IntCC::SignedGreaterThanOrEqual,
                    (true, false) => IntCC::UnsignedGreaterThanOrEqual,
                    (false, true) => IntCC::SignedLessThanOrEqual,
                    (false, false) => IntCC::UnsignedLessThanOrEqual,
                };
                let c = self.b.ins().icmp(cc, x, y);
                self.b.ins().select(c, x, y)
            }
            B::BitwiseAnd => self.b.ins().band(x, y),
            B::BitwiseOr => self.b.ins().bor(x, y),
            B::BitwiseXor => self.b.ins().bxor(x, y),
            B::LeftShift | B::RightShift => {
                // eval.rs rule 4: amounts outside 0..bits give 0 (or -1 shifting a negative right).
                let ok = self.b.ins().icmp_imm_u(IntCC::UnsignedLessThan, y, bits);
                let shifted = match (op, signed) {
                    (B::LeftShift, _) => self.b.ins().ishl(x, y),
                    (_, true) => self.b.ins().sshr(x, y),
                    _ => self.b.ins().ushr(x, y),
                };
                let out = if op == B::RightShift && signed {
                    self.b.ins().sshr_imm_u(x, bits - 1)
                } else {
                    self.b.ins().iconst(ty, 0)
                };
                self.b.ins().select(ok, shifted, out)
            }
            B::Power => {
                if signed {
                    let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, y, 0);
                    self.raise_if(neg, super::ERR_NEGATIVE_POWER);
                }
                let (a, e) = (self.widen64(t, x), self.widen64(t, y));
                let name = if signed { "nf_ipow" } else { "nf_upow" };
                let r = self.call_host(name, &[types::I64, types::I64], types::I64, &[a, e])?;
                self.narrow(ty, r)
            }
            _ => return Err(no_loop(op.name(), t)),
        })
    }

    /// `x` of integer dtype `t` extended to 64 bits by its signedness.
    pub(super) fn widen64(&mut self, t: DType, x: Value) -> Value {
        self.widen(t, types::I64, x)
    }

    fn widen(&mut self, t: DType, to: Type, x: Value) -> Value {
        if clif_type(t) == to {
            x
        } else if t.is_signed() {
            self.b.ins().sextend(to, x)
        } else {
            self.b.ins().uextend(to, x)
        }
    }

    fn narrow(&mut self, ty: Type, x: Value) -> Value {
        if self.b.func.dfg.value_type(x) == ty {
            x
        } else {
            self.b.ins().ireduce(ty, x)
        }
    }

    /// `//`, `%`, `fmod` on integers (eval.rs rule 2): by zero gives 0, `MIN // -1` wraps.
    fn int_divide(&mut self, op: BinaryOp, t: DType, x: Value, y: Value) -> Value {
        let ty = clif_type(t);
        let signed = t.is_signed();
        // Narrow types divide in 32 bits, where `MIN / -1` cannot trap.
        let wty = if ty.bits() < 32 { types::I32 } else { ty };
        let (a, b) = (self.widen(t, wty, x), self.widen(t, wty, y));
        let zero = self.b.ins().iconst(wty, 0);
        let one = self.b.ins().iconst(wty, 1);
        let bz = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let r = if signed {
            let bm1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
            let bad = self.b.ins().bor(bz, bm1);
            let bs = self.b.ins().select(bad, one, b);
            let q = self.b.ins().sdiv(a, bs);
            let r = self.b.ins().srem(a, bs);
            let q = {
                let na = self.b.ins().ineg(a);
                self.b.ins().select(bm1, na, q)
            };
            // The remainder is non-zero with the other sign than the divisor: floor adjusts.
            let rnz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
            let sx = self.b.ins().bxor(r, b);
            let opp = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, sx, 0);
            let adj = self.b.ins().band(rnz, opp);
            match op {
                BinaryOp::FloorDivide => {
                    let adj = self.b.ins().uextend(wty, adj);
                    self.b.ins().isub(q, adj)
                }
                BinaryOp::Remainder => {
                    let rb = self.b.ins().iadd(r, b);
                    self.b.ins().select(adj, rb, r)
                }
                _ => r,
            }
        } else {
            let bs = self.b.ins().select(bz, one, b);
            if op == BinaryOp::FloorDivide {
                self.b.ins().udiv(a, bs)
            } else {
                self.b.ins().urem(a, bs)
            }
        };
        let r = self.b.ins().select(bz, zero, r);
        self.narrow(ty, r)
    }

    /// `x` (dtype `from`) converted to `to` as eval.rs's `apply_cast` converts.
    pub(super) fn cast(&mut self, from: DType, to: DType, x: Value) -> Value {
        let (fty, tty) = (clif_type(from), clif_type(to));
        if from == to {
            return x;
        }
        match (from.kind(), to.kind()) {
            (_, Kind::Bool) => self.truth(from, x),
            (Kind::Float, Kind::Float) => {
                if tty == types::F64 {
                    self.b.ins().fpromote(tty, x)
                } else {
                    self.b.ins().fdemote(tty, x)
                }
            }
            (Kind::Bool | Kind::Unsigned, Kind::Float) if fty.bits() < 64 => {
                let w = self.b.ins().uextend(types::I64, x);
                self.b.ins().fcvt_from_sint(tty, w)
            }
            (Kind::Unsigned, Kind::Float) => self.b.ins().fcvt_from_uint(tty, x),
            (Kind::Signed, Kind::Float) => {
                let w = self.widen(from, types::I64, x);
                self.b.ins().fcvt_from_sint(tty, w)
            }
            (Kind::Float, _) => self.float_to_int(from, to, x),
            _ => {
                // Integer (or bool) to integer: extend by the source's signedness, or wrap.
                if tty.bits() > fty.bits() {
                    self.widen(from, tty, x)
                } else {
                    self.narrow(tty, x)
                }
            }
        }
    }

    /// x86's truncating conversions (eval.rs `float_to_int`): in range, truncation; NaN or
    /// out of range, the destination's minimum ("integer indefinite"), then wrapped to `to`.
    fn float_to_int(&mut self, from: DType, to: DType, x: Value) -> Value {
        const TWO_31: f64 = 2_147_483_648.0;
        const TWO_63: f64 = 9_223_372_036_854_775_808.0;
        let v = if from == DType::F32 {
            self.b.ins().fpromote(types::F64, x)
        } else {
            x
        };
        let tty = clif_type(to);
        match to {
            DType::I8 | DType::I16 | DType::I32 | DType::U8 | DType::U16 => {
                let r = self.trunc_in(v, types::I32, -TWO_31 - 1.0, TWO_31, false);
                self.narrow(tty, r)
            }
            DType::U64 => {
                let big_c = self.fconst(types::F64, TWO_63);
                let big = self.b.ins().fcmp(FloatCC::GreaterThanOrEqual, v, big_c);
                let shifted = self.b.ins().fsub(v, big_c);
                let w = self.b.ins().select(big, shifted, v);
                let r = self.trunc_in(w, types::I64, -TWO_63, TWO_63, true);
                let up = self.b.ins().iadd_imm_s(r, i64::MIN);
                self.b.ins().select(big, up, r)
            }
            _ => {
                let r = self.trunc_in(v, types::I64, -TWO_63, TWO_63, true);
                self.narrow(tty, r)
            }
        }
    }

    /// `v` truncated to `ity` when `lo < v < hi` (`lo <= v` when `lo_incl`), else `ity`'s
    /// minimum.
    fn trunc_in(&mut self, v: Value, ity: Type, lo: f64, hi: f64, lo_incl: bool) -> Value {
        let (lo_c, hi_c) = (self.fconst(types::F64, lo), self.fconst(types::F64, hi));
        let cc = if lo_incl {
            FloatCC::GreaterThanOrEqual
        } else {
            FloatCC::GreaterThan
        };
        let above = self.b.ins().fcmp(cc, v, lo_c);
        let below = self.b.ins().fcmp(FloatCC::LessThan, v, hi_c);
        let ok = self.b.ins().band(above, below);
        let t = self.b.ins().fcvt_to_sint_sat(ity, v);
        let min = if ity == types::I32 {
            i64::from(i32::MIN)
        } else {
            i64::MIN
        };
        let m = self.b.ins().iconst(ity, min);
        self.b.ins().select(ok, t, m)
    }
}

pub(super) fn int_cc(op: BinaryOp, signed: bool) -> Option<IntCC> {
    use BinaryOp as B;
    Some(match (op, signed) {
        (B::Equal, _) => IntCC::Equal,
        (B::NotEqual, _) => IntCC::NotEqual,
        (B::Less, true) => IntCC::SignedLessThan,
        (B::Less, false) => IntCC::UnsignedLessThan,
        (B::LessEqual, true) => IntCC::SignedLessThanOrEqual,
        (B::LessEqual, false) => IntCC::UnsignedLessThanOrEqual,
        (B::Greater, true) => IntCC::SignedGreaterThan,
        (B::Greater, false) => IntCC::UnsignedGreaterThan,
        (B::GreaterEqual, true) => IntCC::SignedGreaterThanOrEqual,
        (B::GreaterEqual, false) => IntCC::UnsignedGreaterThanOrEqual,
        _ => return None,
    })
}

pub(super) fn float_cc(op: BinaryOp) -> Option<FloatCC> {
    use BinaryOp as B;
    Some(match op {
        B::Equal => FloatCC::Equal,
        B::NotEqual => FloatCC::NotEqual,
        B::Less => FloatCC::LessThan,
        B::LessEqual => FloatCC::LessThanOrEqual,
        B::Greater => FloatCC::GreaterThan,
        B::GreaterEqual => FloatCC::GreaterThanOrEqual,
        _ => return None,
    })
}

//! Reductions and scans: the fold loop, the partial-accumulator slots and the epilogue.
//!
//! Invariants:
//! 1. Every reduction starts from an identity of its fold (`-inf`/the minimum for `max`,
//!    `+inf`/the maximum for `min`): `maximum(identity, x)` is `x` bit for bit, `-0.0` and NaN
//!    included, so the fold over a range equals eval.rs's "first element, then fold the rest".
//! 2. `argmin`/`argmax` keep `(best, index)`: an element replaces the best when the best is not
//!    NaN and the element is NaN or strictly better, which keeps the first occurrence and the
//!    first NaN. The index starts at `r_start`.
//! 3. The fold reads elements in increasing reduced flat index (C order), one accumulator per
//!    output: a reduction over one chunk is the interpreter's fold exactly.

use super::simd::{self, VecHook};
use super::{FoldOp, Lower, epilogue_needs};
use crate::compile::LowerError;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{InstBuilder, Value, types};
use numfuse_ir::{BinaryOp, DType, Kind, ReduceOp, ScanOp};
use std::collections::HashMap;

/// Size of one partial-accumulator slot in bytes.
pub(crate) const SLOT: usize = 16;

/// The binary op a fold steps with (`None` for `argmin`/`argmax`).
fn step_op(op: FoldOp) -> Option<BinaryOp> {
    Some(match op {
        FoldOp::Reduce(ReduceOp::Sum | ReduceOp::Mean) | FoldOp::Scan(ScanOp::Cumsum) => {
            BinaryOp::Add
        }
        FoldOp::Reduce(ReduceOp::Prod) | FoldOp::Scan(ScanOp::Cumprod) => BinaryOp::Multiply,
        FoldOp::Reduce(ReduceOp::Max) | FoldOp::Scan(ScanOp::Cummax) => BinaryOp::Maximum,
        FoldOp::Reduce(ReduceOp::Min) | FoldOp::Scan(ScanOp::Cummin) => BinaryOp::Minimum,
        FoldOp::Reduce(ReduceOp::Any) => BinaryOp::BitwiseOr,
        FoldOp::Reduce(ReduceOp::All) => BinaryOp::BitwiseAnd,
        FoldOp::Reduce(ReduceOp::Argmin | ReduceOp::Argmax) => return None,
    })
}

/// Whether an `argmin`/`argmax`/`min`/`max`-like fold looks for the largest element.
fn wants_max(op: FoldOp) -> bool {
    matches!(
        op,
        FoldOp::Reduce(ReduceOp::Max | ReduceOp::Argmax) | FoldOp::Scan(ScanOp::Cummax)
    )
}

/// The dtype the fold accumulates in, given the operand's and the result's.
pub(crate) fn acc_dtype(op: FoldOp, operand: DType, result: DType) -> DType {
    match op {
        FoldOp::Reduce(ReduceOp::Argmin | ReduceOp::Argmax) => operand,
        _ => result,
    }
}

impl Lower<'_> {
    /// The fold's starting value in dtype `t`.
    fn identity(&mut self, op: FoldOp, t: DType) -> Value {
        let ty = super::ops::clif_type(t);
        let additive = matches!(
            op,
            FoldOp::Reduce(ReduceOp::Sum | ReduceOp::Mean | ReduceOp::Any)
                | FoldOp::Scan(ScanOp::Cumsum)
        );
        let multiplicative = matches!(
            op,
            FoldOp::Reduce(ReduceOp::Prod | ReduceOp::All) | FoldOp::Scan(ScanOp::Cumprod)
        );
        let big = !wants_max(op);
        match t.kind() {
            Kind::Float if additive => self.fconst(ty, 0.0),
            Kind::Float if multiplicative => self.fconst(ty, 1.0),
            Kind::Float => self.fconst(ty, if big { f64::INFINITY } else { -f64::INFINITY }),
            _ if additive => self.b.ins().iconst(ty, 0),
            _ if multiplicative => self.b.ins().iconst(ty, 1),
            Kind::Bool => self.b.ins().iconst(ty, i64::from(big)),
            Kind::Unsigned => self.b.ins().iconst(ty, if big { -1 } else { 0 }),
            _ => {
                let bits = ty.bits();
                let max = (1i64 << (bits - 1)).wrapping_sub(1);
                let v = if bits == 64 {
                    if big { i64::MAX } else { i64::MIN }
                } else if big {
                    max
                } else {
                    -max - 1
                };
                self.b.ins().iconst(ty, v)
            }
        }
    }

    /// The `main` function of a reduction kernel: per output, the fold of a reduced range into
    /// a partial slot.
    pub(super) fn reduce_fold(
        &mut self,
        outer: usize,
        bases: &[Value],
        vector: bool,
    ) -> Result<(), LowerError> {
        let k = self.k;
        let vec = match vector {
            true => Some(simd::fold_plan(k, &self.in_dtypes, &self.layout).map_err(LowerError)?),
            false => None,
        };
        let (at, op, x, out_t, _) = self.fold_parts()?;
        let (start, end, r_start, r_end) = (
            self.params[1],
            self.params[2],
            self.params[3],
            self.params[4],
        );
        let partials = self.params[5];
        let rank = self.abi.rank;
        let w = self.walk_begin(0..outer, start, end, bases, None)?;
        // The operand's dtype is known once the prologue is emitted; the identity needs it
        // before the loop, so the prologue's dtypes are read from the body.
        let xt = operand_dtype(self.k, at, x).ok_or_else(|| LowerError("bad operand".into()))?;
        let at_t = acc_dtype(op, xt, out_t);
        if xt != at_t
            || (!matches!(op, FoldOp::Reduce(ReduceOp::Argmin | ReduceOp::Argmax)) && at_t != out_t)
        {
            return Err(LowerError(format!("reduce of {xt} into {out_t}")));
        }
        let acc = self.b.declare_var(super::ops::clif_type(at_t));
        let idx = self.b.declare_var(types::I64);
        let init = self.identity(op, at_t);
        self.b.def_var(acc, init);
        self.b.def_var(idx, r_start);
        let mut accs = Vec::new();
        if let Some((p, _)) = &vec {
            for _ in 0..simd::UNROLL {
                let v = self.b.declare_var(p.ty);
                let s = self.identity(op, at_t);
                let s = self.b.ins().splat(p.ty, s);
                self.b.def_var(v, s);
                accs.push(v);
            }
        }
        let hook = vec.map(|(_, bop)| VecHook::Fold {
            insts: &k.body[..at],
            x,
            accs: &accs,
            op: bop,
        });
        let vector = vec.as_ref().map(|(p, _)| p).zip(hook.as_ref());
        let inner = self.walk_begin(outer..rank, r_start, r_end, &w.ptrs, vector)?;
        let mut temps = HashMap::new();
        self.insts(&k.body[..at], &inner.ptrs, &mut temps, None)?;
        let (xv, _) = self.val(&temps, x)?;
        let a = self.b.use_var(acc);
        match step_op(op) {
            Some(bop) => {
                let next = self.binary(bop, at_t, a, xv)?;
                self.b.def_var(acc, next);
            }
            None => {
                let i = self.b.use_var(idx);
                let take = self.better(op, at_t, a, xv);
                let na = self.b.ins().select(take, xv, a);
                let ni = self.b.ins().select(take, inner.flat, i);
                self.b.def_var(acc, na);
                self.b.def_var(idx, ni);
            }
        }
        self.walk_end(inner);
        if let Some((p, bop)) = &vec {
            // The accumulators pairwise, then the lanes in order, then the scalar tail's.
            let a: Vec<Value> = accs.iter().map(|&v| self.b.use_var(v)).collect();
            let v01 = self.vec_binary(p, *bop, a[0], a[1])?;
            let v23 = self.vec_binary(p, *bop, a[2], a[3])?;
            let v = self.vec_binary(p, *bop, v01, v23)?;
            let mut s = self.b.ins().extractlane(v, 0);
            for l in 1..p.lanes as u8 {
                let x = self.b.ins().extractlane(v, l);
                s = self.binary(*bop, at_t, s, x)?;
            }
            let t = self.b.use_var(acc);
            let all = self.binary(*bop, at_t, s, t)?;
            self.b.def_var(acc, all);
        }
        let o = self.b.ins().isub(w.flat, start);
        let off = self.b.ins().imul_imm_s(o, SLOT as i64);
        let slot = self.b.ins().iadd(partials, off);
        let (a, i) = (self.b.use_var(acc), self.b.use_var(idx));
        self.b.ins().store(self.mem, a, slot, 0);
        self.b.ins().store(self.mem, i, slot, 8);
        self.walk_end(w);
        Ok(())
    }

    /// The `fold_outer` function of a reduction kernel: the same fold with the loops swapped,
    /// reduced axes outside and outputs inside, each output's accumulator in its slot. Every
    /// output still folds its elements in increasing reduced index, so the result is `main`'s
    /// bit for bit; the inner loop walks the kept axes, which is the contiguous direction when
    /// the reduced one is strided (a column sum).
    pub(super) fn reduce_fold_outer(
        &mut self,
        outer: usize,
        bases: &[Value],
    ) -> Result<(), LowerError> {
        let k = self.k;
        let (at, op, x, out_t, _) = self.fold_parts()?;
        let (start, end, r_start, r_end) = (
            self.params[1],
            self.params[2],
            self.params[3],
            self.params[4],
        );
        let partials = self.params[5];
        let rank = self.abi.rank;
        let xt = operand_dtype(k, at, x).ok_or_else(|| LowerError("bad operand".into()))?;
        let at_t = acc_dtype(op, xt, out_t);
        let arg = matches!(op, FoldOp::Reduce(ReduceOp::Argmin | ReduceOp::Argmax));
        if xt != at_t || (!arg && at_t != out_t) {
            return Err(LowerError(format!("reduce of {xt} into {out_t}")));
        }
        let ty = super::ops::clif_type(at_t);
        // Every slot starts at the fold's identity.
        let w = self.walk_begin(0..outer, start, end, bases, None)?;
        let slot = self.slot(w.flat, start, partials);
        let init = self.identity(op, at_t);
        self.b.ins().store(self.mem, init, slot, 0);
        self.b.ins().store(self.mem, r_start, slot, 8);
        self.walk_end(w);
        let r = self.walk_begin(outer..rank, r_start, r_end, bases, None)?;
        let w = self.walk_begin(0..outer, start, end, &r.ptrs, None)?;
        let mut temps = HashMap::new();
        self.insts(&k.body[..at], &w.ptrs, &mut temps, None)?;
        let (xv, _) = self.val(&temps, x)?;
        let slot = self.slot(w.flat, start, partials);
        let a = self.b.ins().load(ty, self.mem, slot, 0);
        match step_op(op) {
            Some(bop) => {
                let next = self.binary(bop, at_t, a, xv)?;
                self.b.ins().store(self.mem, next, slot, 0);
            }
            None => {
                let i = self.b.ins().load(types::I64, self.mem, slot, 8);
                let take = self.better(op, at_t, a, xv);
                let na = self.b.ins().select(take, xv, a);
                let ni = self.b.ins().select(take, r.flat, i);
                self.b.ins().store(self.mem, na, slot, 0);
                self.b.ins().store(self.mem, ni, slot, 8);
            }
        }
        self.walk_end(w);
        self.walk_end(r);
        Ok(())
    }

    /// The partial slot of output `flat` in a block starting at `start`.
    fn slot(&mut self, flat: Value, start: Value, partials: Value) -> Value {
        let o = self.b.ins().isub(flat, start);
        let off = self.b.ins().imul_imm_s(o, SLOT as i64);
        self.b.ins().iadd(partials, off)
    }

    /// Whether `x` replaces `best` in an `argmin`/`argmax` (invariant 2), as an `i8` flag.
    fn better(&mut self, op: FoldOp, t: DType, best: Value, x: Value) -> Value {
        let max = wants_max(op);
        if t.is_float() {
            let cc = if max {
                FloatCC::GreaterThan
            } else {
                FloatCC::LessThan
            };
            let strictly = self.b.ins().fcmp(cc, x, best);
            let x_nan = self.b.ins().fcmp(FloatCC::Unordered, x, x);
            let best_ok = self.b.ins().fcmp(FloatCC::Ordered, best, best);
            let cand = self.b.ins().bor(strictly, x_nan);
            self.b.ins().band(cand, best_ok)
        } else {
            let cc = match (max, t.is_signed()) {
                (true, true) => IntCC::SignedGreaterThan,
                (true, false) => IntCC::UnsignedGreaterThan,
                (false, true) => IntCC::SignedLessThan,
                (false, false) => IntCC::UnsignedLessThan,
            };
            self.b.ins().icmp(cc, x, best)
        }
    }

    /// The `epilogue` function of a reduction kernel: per output, the combined accumulator
    /// finished and the epilogue run.
    pub(super) fn reduce_epilogue(
        &mut self,
        outer: usize,
        bases: &[Value],
    ) -> Result<(), LowerError> {
        let (at, op, _, out_t, temp) = self.fold_parts()?;
        let (start, end, partials) = (self.params[1], self.params[2], self.params[5]);
        let need = epilogue_needs(self.k, at);
        let pro: Vec<_> = self.k.body[..at]
            .iter()
            .zip(&need)
            .filter(|(_, n)| **n)
            .map(|(i, _)| i.clone())
            .collect();
        let w = self.walk_begin(0..outer, start, end, bases, None)?;
        let mut temps = HashMap::new();
        self.insts(&pro, &w.ptrs, &mut temps, None)?;
        let o = self.b.ins().isub(w.flat, start);
        let off = self.b.ins().imul_imm_s(o, SLOT as i64);
        let slot = self.b.ins().iadd(partials, off);
        let ty = super::ops::clif_type(out_t);
        let v = match op {
            FoldOp::Reduce(ReduceOp::Argmin | ReduceOp::Argmax) => {
                self.b.ins().load(types::I64, self.mem, slot, 8)
            }
            FoldOp::Reduce(ReduceOp::Mean) => {
                let s = self.b.ins().load(ty, self.mem, slot, 0);
                if !out_t.is_float() {
                    return Err(LowerError(format!("mean into {out_t}")));
                }
                let n = self.word(self.abi.count());
                let n = self.b.ins().fcvt_from_uint(ty, n);
                self.b.ins().fdiv(s, n)
            }
            _ => self.b.ins().load(ty, self.mem, slot, 0),
        };
        let rest = self.k.body[at + 1..].to_vec();
        temps.insert(temp, (v, out_t));
        self.insts(&rest, &w.ptrs, &mut temps, None)?;
        self.walk_end(w);
        Ok(())
    }

    /// The `main` function of a scan kernel: per outer index, the scan line in order.
    pub(super) fn scan(&mut self, bases: &[Value]) -> Result<(), LowerError> {
        let (at, op, x, t, temp) = self.fold_parts()?;
        let (start, end) = (self.params[1], self.params[2]);
        let rank = self.abi.rank;
        let xt = operand_dtype(self.k, at, x).ok_or_else(|| LowerError("bad operand".into()))?;
        if xt != t {
            return Err(LowerError(format!("scan of {xt} into {t}")));
        }
        let bop = step_op(op).ok_or_else(|| LowerError("scan without a step".into()))?;
        let w = self.walk_begin(0..rank - 1, start, end, bases, None)?;
        let acc = self.b.declare_var(super::ops::clif_type(t));
        let init = self.identity(op, t);
        self.b.def_var(acc, init);
        let zero = self.b.ins().iconst(types::I64, 0);
        let len = self.word(self.abi.extent(rank - 1));
        let inner = self.walk_begin(rank - 1..rank, zero, len, &w.ptrs, None)?;
        let mut temps = HashMap::new();
        self.insts(&self.k.body[..at], &inner.ptrs, &mut temps, None)?;
        let (xv, _) = self.val(&temps, x)?;
        let a = self.b.use_var(acc);
        let next = self.binary(bop, t, a, xv)?;
        self.b.def_var(acc, next);
        temps.insert(temp, (next, t));
        let rest = self.k.body[at + 1..].to_vec();
        self.insts(&rest, &inner.ptrs, &mut temps, None)?;
        self.walk_end(inner);
        self.walk_end(w);
        Ok(())
    }
}

/// The dtype of the fold's operand `x` (a temp of the prologue or a constant).
pub(crate) fn operand_dtype(
    k: &numfuse_ir::kernel::Kernel,
    at: usize,
    x: numfuse_ir::kernel::Val,
) -> Option<DType> {
    use numfuse_ir::kernel::{Inst, Val};
    match x {
        Val::Temp(t) => k.body[..at].iter().find_map(|i| match i {
            Inst::Let { temp, dtype, .. } if *temp == t => Some(*dtype),
            _ => None,
        }),
        Val::Arg(c) => k.args.get(c as usize).map(|p| p.dtype),
    }
}

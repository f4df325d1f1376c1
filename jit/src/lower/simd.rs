//! The vector loop of elementwise kernels: 128-bit lanes (`f64x2`, `f32x4`, the widest the
//! Cranelift x64 backend lowers), unrolled ×[`UNROLL`] with op-major interleaving (instruction
//! `j` of every copy before instruction `j+1`, so independent chains overlap: Cranelift has
//! no scheduler, and `opt_level=none` keeps this order).
//!
//! Invariants:
//! 1. A kernel gets a vector loop only when [`plan`] accepts it: one dtype throughout the body
//!    (float, or integer with wrapping `+ - *`, bitwise ops and compare-and-select extrema),
//!    except inputs of another dtype that a vector instruction converts as they are loaded
//!    ([`cast_on_load`]: `f32`/`i32`/`i64 -> f64`, `i32 -> f32`, integer widening) and that
//!    only that cast uses; only ops whose lane-wise vector form computes the scalar form's bits (IEEE
//!    `+ - * /`, `sqrt`, rounding, `abs`/`neg`, eval.rs's `maximum`/`minimum`/`fmax`/`fmin`
//!    as compare-and-select; transcendentals and float `**`, `//`, `%` call the scalar host
//!    symbol per lane, or, with inline math, run [`vmath`](crate::vmath)'s routine on the
//!    vector, the same routine the scalar loop runs on one lane), every loaded input contiguous or broadcast along the innermost axis
//!    and every output contiguous. So vector and scalar code give identical results.
//! 2. The vector loop runs while a whole unrolled group fits in the row; the scalar loop
//!    finishes the row (the tail) from the same pointers.

use super::{Lower, symbols};
use crate::cache::LayoutClass;
use crate::compile::LowerError;
use cranelift_codegen::ir::condcodes::FloatCC;
use cranelift_codegen::ir::{Endianness, InstBuilder, MemFlagsData, Type, Value, types};
use numfuse_ir::kernel::{Expr, Inst, Kernel, KernelKind, Val};
use numfuse_ir::{BinaryOp, DType, UnaryOp};
use std::collections::HashMap;

/// Unrolled copies of the vector body.
pub(crate) const UNROLL: usize = 4;

/// How an elementwise kernel is vectorised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct VecPlan {
    /// The vector type.
    pub ty: Type,
    /// Lanes per vector.
    pub lanes: usize,
    /// The element dtype.
    pub elem: DType,
}

impl VecPlan {
    /// Elements per iteration of the vector loop.
    pub fn group(&self) -> usize {
        self.lanes * UNROLL
    }
}

fn vector_unary(op: UnaryOp, t: DType) -> bool {
    use UnaryOp as U;
    if !t.is_float() {
        return matches!(op, U::Negative | U::Positive | U::Invert)
            || (op == U::Square && t.itemsize() >= 2);
    }
    matches!(
        op,
        U::Negative
            | U::Positive
            | U::Absolute
            | U::Sqrt
            | U::Square
            | U::Reciprocal
            | U::Floor
            | U::Ceil
            | U::Trunc
            | U::Rint
    ) || symbols::unary_symbol(op, DType::F64).is_some()
}

fn vector_binary(op: BinaryOp, t: DType) -> bool {
    use BinaryOp as B;
    if !t.is_float() {
        return matches!(
            op,
            B::Add
                | B::Subtract
                | B::BitwiseAnd
                | B::BitwiseOr
                | B::BitwiseXor
                | B::Maximum
                | B::Minimum
                | B::Fmax
                | B::Fmin
        ) || (op == B::Multiply && t.itemsize() >= 2);
    }
    matches!(
        op,
        B::Add
            | B::Subtract
            | B::Multiply
            | B::TrueDivide
            | B::Maximum
            | B::Minimum
            | B::Fmax
            | B::Fmin
    ) || symbols::binary_symbol(op, DType::F64).is_some()
}

/// The 128-bit vector type of a dtype and its lane count.
fn vector_type(t: DType) -> (Type, usize) {
    let lane = super::ops::clif_type(t);
    let lanes = 16 / t.itemsize();
    let ty = lane.by(lanes as u32).unwrap_or(lane);
    (ty, lanes)
}

/// How a load of `from` values feeds a vector of `to` (`to`'s lane count, so `from` values
/// take `lanes * from.itemsize()` bytes): the conversions with a vector instruction, or `None`.
/// Each is exact or rounds like the scalar conversion (`fcvt_from_sint` of `i64` rounds to
/// nearest, as `cvtsi2sd` does), so the vector loop keeps the scalar loop's bits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum CastOnLoad {
    /// `f32 -> f64`: the low two lanes promoted.
    Promote,
    /// `i32 -> f64`: the low two lanes converted.
    IntToF64Low,
    /// `i64 -> f64` and `i32 -> f32`: lane for lane.
    IntToFloat,
    /// `i32/u32 -> i64`, `i16/u16 -> i32`: the low half widened, signed or not.
    Widen { signed: bool },
}

pub(crate) fn cast_on_load(from: DType, to: DType) -> Option<CastOnLoad> {
    use DType as D;
    Some(match (from, to) {
        (D::F32, D::F64) => CastOnLoad::Promote,
        (D::I32, D::F64) => CastOnLoad::IntToF64Low,
        (D::I64, D::F64) | (D::I32, D::F32) => CastOnLoad::IntToFloat,
        (D::I32, D::I64) | (D::I16, D::I32) => CastOnLoad::Widen { signed: true },
        (D::U32, D::I64) | (D::U16, D::I32) | (D::U16, D::U32) | (D::U32, D::U64) => {
            CastOnLoad::Widen { signed: false }
        }
        _ => return None,
    })
}

/// The vector plan of an elementwise kernel, or why it stays scalar (invariant 1).
pub(crate) fn plan(
    k: &Kernel,
    in_dtypes: &[DType],
    out_dtypes: &[DType],
    layout: &[LayoutClass],
) -> Result<VecPlan, String> {
    if k.kind != KernelKind::Elementwise || k.domain.rank() == 0 {
        return Err("not an elementwise loop".into());
    }
    let elem = match out_dtypes.first() {
        Some(&t) if t != DType::Bool => t,
        _ => return Err("a bool result".into()),
    };
    let (ty, lanes) = vector_type(elem);
    if out_dtypes.iter().any(|&t| t != elem) || k.args.iter().any(|p| p.dtype != elem) {
        return Err("mixed dtypes".into());
    }
    let n_in = in_dtypes.len();
    if layout[n_in..].iter().any(|&l| l != LayoutClass::Contiguous) {
        return Err("strided output".into());
    }
    vector_body(&k.body, elem, in_dtypes, layout)?;
    Ok(VecPlan { ty, lanes, elem })
}

/// What one iteration of the vector loop does.
pub(crate) enum VecHook<'a> {
    /// Runs these instructions (an elementwise body, stores included).
    Body(&'a [Inst]),
    /// Runs a reduction's prologue and folds its value `x` into the vector accumulators.
    Fold {
        /// The prologue.
        insts: &'a [Inst],
        /// The folded value.
        x: Val,
        /// One accumulator per unrolled copy.
        accs: &'a [cranelift_frontend::Variable],
        /// The fold step.
        op: BinaryOp,
    },
}

/// The vector plan of a reduction's fold: float `sum`/`prod`/`mean`/`max`/`min` whose
/// prologue has a vector form, or why not.
pub(crate) fn fold_plan(
    k: &Kernel,
    in_dtypes: &[DType],
    layout: &[LayoutClass],
) -> Result<(VecPlan, BinaryOp), String> {
    use numfuse_ir::ReduceOp;
    let at = super::fold_index(k).ok_or("no reduce")?;
    let (elem, op) = match &k.body[at] {
        Inst::Let {
            dtype,
            expr: Expr::Reduce(op, _),
            ..
        } if dtype.is_float() => (*dtype, *op),
        _ => return Err("not a float reduction".into()),
    };
    let bop = match op {
        ReduceOp::Sum | ReduceOp::Mean => BinaryOp::Add,
        ReduceOp::Prod => BinaryOp::Multiply,
        // NaN still propagates; only the sign of a zero extremum among ±0 ties may differ.
        ReduceOp::Max => BinaryOp::Maximum,
        ReduceOp::Min => BinaryOp::Minimum,
        _ => return Err(format!("{op} folds exactly, in order")),
    };
    let (ty, lanes) = if elem == DType::F32 {
        (types::F32X4, 4)
    } else {
        (types::F64X2, 2)
    };
    let p = VecPlan { ty, lanes, elem };
    if k.args.iter().any(|a| a.dtype != elem) {
        return Err("mixed dtypes".into());
    }
    // Side outputs stored by the prologue are written a vector at a time.
    let n_in = in_dtypes.len();
    for inst in &k.body[..at] {
        if let Inst::Store { output, .. } = inst
            && layout.get(n_in + *output as usize) != Some(&LayoutClass::Contiguous)
        {
            return Err("strided side output".into());
        }
    }
    vector_body(&k.body[..at], elem, in_dtypes, layout)?;
    Ok((p, bop))
}

/// Whether `insts` have a vector form (invariant 1). Bools are lane masks: they may come from
/// comparisons of `elem` values and logical ops on masks, and may only be used as `where`
/// conditions or by other mask ops (never stored or converted).
fn vector_body(
    insts: &[Inst],
    elem: DType,
    in_dtypes: &[DType],
    layout: &[LayoutClass],
) -> Result<(), String> {
    use std::collections::HashSet;
    let mut masks: HashSet<u32> = HashSet::new();
    // Loads of another dtype, converted on load: only a cast to `elem` may use them.
    let mut raw: HashSet<u32> = HashSet::new();
    let is_mask = |masks: &HashSet<u32>, v: &Val| matches!(v, Val::Temp(t) if masks.contains(t));
    let is_raw = |raw: &HashSet<u32>, v: &Val| matches!(v, Val::Temp(t) if raw.contains(t));
    for inst in insts {
        let uses_raw = match inst {
            Inst::Store { value, .. } => is_raw(&raw, value),
            Inst::Let { expr, .. } => match expr {
                Expr::Unary(_, x) => is_raw(&raw, x),
                Expr::Binary(_, x, y) => is_raw(&raw, x) || is_raw(&raw, y),
                Expr::Select(c, x, y) => [c, x, y].iter().any(|v| is_raw(&raw, v)),
                _ => false,
            },
        };
        if uses_raw {
            return Err(format!(
                "a converted load used other than by a cast: {inst:?}"
            ));
        }
        let ok = match inst {
            Inst::Store { value, .. } => !is_mask(&masks, value),
            Inst::Let {
                temp,
                dtype,
                expr: Expr::Load(i),
            } if *dtype != elem && cast_on_load(*dtype, elem).is_some() => {
                let i = *i as usize;
                raw.insert(*temp);
                in_dtypes.get(i) == Some(dtype) && layout.get(i) != Some(&LayoutClass::Strided)
            }
            Inst::Let {
                dtype,
                expr: Expr::Cast(x),
                ..
            } if *dtype == elem => is_raw(&raw, x),
            Inst::Let {
                temp,
                dtype: DType::Bool,
                expr,
            } => {
                let ok = match expr {
                    Expr::Binary(op, x, y) if super::ops::int_cc(*op, true).is_some() => {
                        !is_mask(&masks, x) && !is_mask(&masks, y)
                    }
                    Expr::Binary(
                        BinaryOp::LogicalAnd | BinaryOp::LogicalOr | BinaryOp::LogicalXor,
                        x,
                        y,
                    ) => is_mask(&masks, x) && is_mask(&masks, y),
                    Expr::Unary(UnaryOp::LogicalNot, x) => is_mask(&masks, x),
                    _ => false,
                };
                masks.insert(*temp);
                ok
            }
            Inst::Let { dtype, expr, .. } => {
                *dtype == elem
                    && match expr {
                        Expr::Load(i) => {
                            let i = *i as usize;
                            in_dtypes.get(i) == Some(&elem)
                                && layout.get(i) != Some(&LayoutClass::Strided)
                        }
                        Expr::Unary(op, x) => vector_unary(*op, elem) && !is_mask(&masks, x),
                        Expr::Binary(op, x, y) => {
                            vector_binary(*op, elem) && !is_mask(&masks, x) && !is_mask(&masks, y)
                        }
                        Expr::Select(c, x, y) => {
                            is_mask(&masks, c) && !is_mask(&masks, x) && !is_mask(&masks, y)
                        }
                        _ => false,
                    }
            }
        };
        if !ok {
            return Err(format!("no vector form for {inst:?}"));
        }
    }
    Ok(())
}

impl Lower<'_> {
    /// One iteration of the vector loop at `ptrs`: [`UNROLL`] interleaved copies of the body,
    /// then the hook's fold.
    pub(super) fn vec_hook(
        &mut self,
        plan: &VecPlan,
        layout: &[LayoutClass],
        ptrs: &[Value],
        hook: &VecHook<'_>,
    ) -> Result<(), LowerError> {
        match hook {
            VecHook::Body(insts) => {
                self.vec_insts(plan, layout, ptrs, insts)?;
            }
            VecHook::Fold { insts, x, accs, op } => {
                let (temps, mut splats) = self.vec_insts(plan, layout, ptrs, insts)?;
                let xs = self.vals(plan, &temps, &mut splats, *x)?;
                for (&acc, x) in accs.iter().zip(xs) {
                    let a = self.b.use_var(acc);
                    let n = self.vec_binary(plan, *op, a, x)?;
                    self.b.def_var(acc, n);
                }
            }
        }
        Ok(())
    }

    /// `insts` in vector form, [`UNROLL`] interleaved copies: the vector temps and splats.
    #[expect(clippy::type_complexity, reason = "two maps of the emitted values")]
    fn vec_insts(
        &mut self,
        plan: &VecPlan,
        layout: &[LayoutClass],
        ptrs: &[Value],
        insts: &[Inst],
    ) -> Result<(HashMap<u32, Vec<Value>>, HashMap<u32, Value>), LowerError> {
        let item = plan.elem.itemsize() * plan.lanes;
        let mut temps: HashMap<u32, Vec<Value>> = HashMap::new();
        let mut splats: HashMap<u32, Value> = HashMap::new();
        let n_in = self.in_dtypes.len();
        for inst in insts {
            match inst {
                Inst::Let { temp, expr, dtype } => {
                    let vals: Vec<Value> = match expr {
                        Expr::Load(i) if *dtype != plan.elem => {
                            self.load_converted(plan, layout, ptrs, *i as usize, *dtype)?
                        }
                        // The load converted it already (vector_body: only casts use it).
                        Expr::Cast(x) => self.vals(plan, &temps, &mut splats, *x)?,
                        Expr::Load(i) => {
                            let i = *i as usize;
                            if layout[i] == LayoutClass::Broadcast {
                                let s = self.b.ins().load(
                                    super::ops::clif_type(plan.elem),
                                    self.mem,
                                    ptrs[i],
                                    0,
                                );
                                vec![self.b.ins().splat(plan.ty, s); UNROLL]
                            } else {
                                (0..UNROLL)
                                    .map(|u| {
                                        let off = (u * item) as i32;
                                        self.b.ins().load(plan.ty, self.mem, ptrs[i], off)
                                    })
                                    .collect()
                            }
                        }
                        Expr::Unary(UnaryOp::LogicalNot, x) if *dtype == DType::Bool => {
                            let xs = self.vals(plan, &temps, &mut splats, *x)?;
                            xs.into_iter().map(|x| self.b.ins().bnot(x)).collect()
                        }
                        Expr::Unary(op, x) => {
                            let xs = self.vals(plan, &temps, &mut splats, *x)?;
                            // Inline math takes every copy in one call (interleaved).
                            if let Some(out) = self.inline_unary(*op, plan.elem, &xs)? {
                                out
                            } else {
                                let mut out = Vec::with_capacity(UNROLL);
                                for x in xs {
                                    out.push(self.vec_unary(plan, *op, x)?);
                                }
                                out
                            }
                        }
                        Expr::Binary(op, x, y) if *dtype != DType::Bool => {
                            let xs = self.vals(plan, &temps, &mut splats, *x)?;
                            let ys = self.vals(plan, &temps, &mut splats, *y)?;
                            match self.inline_binary(*op, plan.elem, &xs, &ys) {
                                Some(out) => out,
                                None => {
                                    let mut out = Vec::with_capacity(UNROLL);
                                    for (x, y) in xs.into_iter().zip(ys) {
                                        out.push(self.vec_binary(plan, *op, x, y)?);
                                    }
                                    out
                                }
                            }
                        }
                        Expr::Binary(op, x, y) => {
                            let xs = self.vals(plan, &temps, &mut splats, *x)?;
                            let ys = self.vals(plan, &temps, &mut splats, *y)?;
                            let mut out = Vec::with_capacity(UNROLL);
                            for (x, y) in xs.into_iter().zip(ys) {
                                out.push(self.vec_mask(plan, *op, x, y)?);
                            }
                            out
                        }
                        Expr::Select(c, x, y) => {
                            let cs = self.vals(plan, &temps, &mut splats, *c)?;
                            let xs = self.vals(plan, &temps, &mut splats, *x)?;
                            let ys = self.vals(plan, &temps, &mut splats, *y)?;
                            let mut out = Vec::with_capacity(UNROLL);
                            for ((c, x), y) in cs.into_iter().zip(xs).zip(ys) {
                                let m = if plan.elem.is_float() {
                                    self.b.ins().bitcast(plan.ty, MemFlagsData::new(), c)
                                } else {
                                    c
                                };
                                out.push(self.b.ins().bitselect(m, x, y));
                            }
                            out
                        }
                        _ => return Err(LowerError("not vectorisable".into())),
                    };
                    temps.insert(*temp, vals);
                }
                Inst::Store { output, value } => {
                    let vs = self.vals(plan, &temps, &mut splats, *value)?;
                    let p = ptrs[n_in + *output as usize];
                    for (u, v) in vs.into_iter().enumerate() {
                        self.b.ins().store(self.mem, v, p, (u * item) as i32);
                    }
                }
            }
        }
        Ok((temps, splats))
    }

    /// [`UNROLL`] vectors of `plan.elem` from input `i`, whose values are `from`s (see
    /// [`cast_on_load`]): `plan.lanes` of them per vector, loaded whole when they fill a
    /// vector, else as one 64-bit word into the low half.
    fn load_converted(
        &mut self,
        plan: &VecPlan,
        layout: &[LayoutClass],
        ptrs: &[Value],
        i: usize,
        from: DType,
    ) -> Result<Vec<Value>, LowerError> {
        let how = cast_on_load(from, plan.elem)
            .ok_or_else(|| LowerError(format!("no vector cast {from} -> {}", plan.elem)))?;
        if layout[i] == LayoutClass::Broadcast {
            let x = self
                .b
                .ins()
                .load(super::ops::clif_type(from), self.mem, ptrs[i], 0);
            let x = self.cast(from, plan.elem, x);
            return Ok(vec![self.b.ins().splat(plan.ty, x); UNROLL]);
        }
        let bytes = plan.lanes * from.itemsize();
        let src = super::ops::clif_type(from)
            .by((16 / from.itemsize()) as u32)
            .ok_or_else(|| LowerError(format!("no vector of {from}")))?;
        let mut out = Vec::with_capacity(UNROLL);
        for u in 0..UNROLL {
            let off = (u * bytes) as i32;
            let v = if bytes == 16 {
                self.b.ins().load(src, self.mem, ptrs[i], off)
            } else {
                let w = self.b.ins().load(types::I64, self.mem, ptrs[i], off);
                let w = self.b.ins().scalar_to_vector(types::I64X2, w);
                let little = MemFlagsData::new().with_endianness(Endianness::Little);
                self.b.ins().bitcast(src, little, w)
            };
            out.push(match how {
                CastOnLoad::Promote => self.b.ins().fvpromote_low(v),
                CastOnLoad::IntToF64Low => {
                    // Cranelift matches this pair to one `cvtdq2pd`.
                    let wide = self.b.ins().swiden_low(v);
                    self.b.ins().fcvt_from_sint(plan.ty, wide)
                }
                CastOnLoad::IntToFloat => self.b.ins().fcvt_from_sint(plan.ty, v),
                CastOnLoad::Widen { signed: true } => self.b.ins().swiden_low(v),
                CastOnLoad::Widen { signed: false } => self.b.ins().uwiden_low(v),
            });
        }
        Ok(out)
    }

    fn vals(
        &mut self,
        plan: &VecPlan,
        temps: &HashMap<u32, Vec<Value>>,
        splats: &mut HashMap<u32, Value>,
        v: Val,
    ) -> Result<Vec<Value>, LowerError> {
        match v {
            Val::Temp(t) => temps
                .get(&t)
                .cloned()
                .ok_or_else(|| LowerError(format!("t{t} used before it is defined"))),
            Val::Arg(c) => {
                let s = match splats.get(&c) {
                    Some(s) => *s,
                    None => {
                        let x = *self
                            .consts
                            .get(c as usize)
                            .ok_or_else(|| LowerError(format!("no argument c{c}")))?;
                        let s = self.b.ins().splat(plan.ty, x);
                        splats.insert(c, s);
                        s
                    }
                };
                Ok(vec![s; UNROLL])
            }
        }
    }

    fn vec_unary(&mut self, plan: &VecPlan, op: UnaryOp, x: Value) -> Result<Value, LowerError> {
        use UnaryOp as U;
        if !plan.elem.is_float() {
            return Ok(match op {
                U::Negative => self.b.ins().ineg(x),
                U::Positive => x,
                U::Invert => self.b.ins().bnot(x),
                U::Square => self.b.ins().imul(x, x),
                _ => return Err(LowerError(format!("no vector {op} on {}", plan.elem))),
            });
        }
        Ok(match op {
            U::Negative => self.b.ins().fneg(x),
            U::Positive => x,
            U::Absolute => self.b.ins().fabs(x),
            U::Sqrt => self.b.ins().sqrt(x),
            U::Square => self.b.ins().fmul(x, x),
            U::Reciprocal => {
                let one = self.fconst(plan.ty.lane_type(), 1.0);
                let one = self.b.ins().splat(plan.ty, one);
                self.b.ins().fdiv(one, x)
            }
            U::Floor => self.b.ins().floor(x),
            U::Ceil => self.b.ins().ceil(x),
            U::Trunc => self.b.ins().trunc(x),
            U::Rint => self.b.ins().nearest(x),
            _ => {
                let name = symbols::unary_symbol(op, plan.elem)
                    .ok_or_else(|| LowerError(format!("no vector {op}")))?;
                self.per_lane(plan, name, &[x])?
            }
        })
    }

    pub(super) fn vec_binary(
        &mut self,
        plan: &VecPlan,
        op: BinaryOp,
        x: Value,
        y: Value,
    ) -> Result<Value, LowerError> {
        use BinaryOp as B;
        if !plan.elem.is_float() {
            use cranelift_codegen::ir::condcodes::IntCC;
            let signed = plan.elem.is_signed();
            return Ok(match op {
                B::Add => self.b.ins().iadd(x, y),
                B::Subtract => self.b.ins().isub(x, y),
                B::Multiply => self.b.ins().imul(x, y),
                B::BitwiseAnd => self.b.ins().band(x, y),
                B::BitwiseOr => self.b.ins().bor(x, y),
                B::BitwiseXor => self.b.ins().bxor(x, y),
                B::Maximum | B::Fmax | B::Minimum | B::Fmin => {
                    let cc = match (matches!(op, B::Maximum | B::Fmax), signed) {
                        (true, true) => IntCC::SignedGreaterThanOrEqual,
                        (true, false) => IntCC::UnsignedGreaterThanOrEqual,
                        (false, true) => IntCC::SignedLessThanOrEqual,
                        (false, false) => IntCC::UnsignedLessThanOrEqual,
                    };
                    let m = self.b.ins().icmp(cc, x, y);
                    self.b.ins().bitselect(m, x, y)
                }
                _ => return Err(LowerError(format!("no vector {op} on {}", plan.elem))),
            });
        }
        Ok(match op {
            B::Add => self.b.ins().fadd(x, y),
            B::Subtract => self.b.ins().fsub(x, y),
            B::Multiply => self.b.ins().fmul(x, y),
            B::TrueDivide => self.b.ins().fdiv(x, y),
            B::Maximum | B::Minimum | B::Fmax | B::Fmin => {
                // eval.rs rule 5, lane-wise: `a > b || isnan(a) ? a : b` and its siblings.
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
                let pick = self.b.ins().bitcast(plan.ty, MemFlagsData::new(), pick);
                self.b.ins().bitselect(pick, x, y)
            }
            _ => {
                let name = symbols::binary_symbol(op, plan.elem)
                    .ok_or_else(|| LowerError(format!("no vector {op}")))?;
                self.per_lane(plan, name, &[x, y])?
            }
        })
    }

    /// A lane mask: a comparison of two `elem` vectors, or a logical op of two masks.
    fn vec_mask(
        &mut self,
        plan: &VecPlan,
        op: BinaryOp,
        x: Value,
        y: Value,
    ) -> Result<Value, LowerError> {
        use super::ops::{float_cc, int_cc};
        Ok(match op {
            BinaryOp::LogicalAnd => self.b.ins().band(x, y),
            BinaryOp::LogicalOr => self.b.ins().bor(x, y),
            BinaryOp::LogicalXor => self.b.ins().bxor(x, y),
            _ if plan.elem.is_float() => {
                let cc = float_cc(op).ok_or_else(|| LowerError(format!("no mask {op}")))?;
                self.b.ins().fcmp(cc, x, y)
            }
            _ => {
                let cc = int_cc(op, plan.elem.is_signed())
                    .ok_or_else(|| LowerError(format!("no mask {op}")))?;
                self.b.ins().icmp(cc, x, y)
            }
        })
    }

    /// `name` called on each lane of `args` (a scalar host function).
    fn per_lane(
        &mut self,
        plan: &VecPlan,
        name: &'static str,
        args: &[Value],
    ) -> Result<Value, LowerError> {
        let lane = plan.ty.lane_type();
        let params = vec![lane; args.len()];
        let mut out = None;
        for l in 0..plan.lanes as u8 {
            let xs: Vec<Value> = args
                .iter()
                .map(|&a| self.b.ins().extractlane(a, l))
                .collect();
            let r = self.call_host(name, &params, lane, &xs)?;
            out = Some(match out {
                None => self.b.ins().splat(plan.ty, r),
                Some(v) => self.b.ins().insertlane(v, r, l),
            });
        }
        out.ok_or_else(|| LowerError("a vector without lanes".into()))
    }
}

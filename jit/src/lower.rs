//! Lowering: one [`Kernel`] → Cranelift functions, built with `cranelift-frontend`.
//!
//! # The kernel ABI
//!
//! Every generated function has the signature
//!
//! ```text
//! extern "C" fn(args: *const u64, start: i64, end: i64, r_start: i64, r_end: i64, partials: *mut u8)
//! ```
//!
//! `args` is the *argument block*, an array of 64-bit words filled by the runtime for one run
//! ([`Abi`] gives each word's index). With `B` buffers (the kernel's inputs, then its outputs)
//! and a domain of rank `R`, in the kernel's *loop order* (see below):
//!
//! | words | content |
//! |---|---|
//! | `0` | address of the run's error flag (`u32`; set to [`ERR_NEGATIVE_POWER`] by `int ** negative`) |
//! | `1 .. 1+B` | buffer `b`'s address at loop index 0: `base + Σ_k stride_k · offset_k` |
//! | `1+B + b·R + a` | buffer `b`'s byte stride along loop axis `a`: `Σ_k stride_k · coeff_k,a` |
//! | then `R` words | the extent of each loop axis |
//! | then 1 word | the number of reduced elements (the divisor of `mean`) |
//! | then one word per [`Kernel::args`] | each constant as the bit pattern of its dtype (low bytes) |
//!
//! so the address of buffer `b` at loop index `i` is `base_b + Σ_a stride_b,a · i_a`: each
//! [`IndexMap`](numfuse_ir::kernel::IndexMap)'s affine coefficients composed with the buffer's
//! strides (any sign, 0 for broadcasts). Sizes, strides, addresses and constant values are all
//! data, so one compiled kernel serves every size and every constant (`a*2+1` and `a*7+3`).
//!
//! **Loop order.** Elementwise kernels loop over the domain's axes in order. Reductions put the
//! kept axes first and the reduced ones after (both ascending), so a reduced flat index is the
//! C-order position `argmin`/`argmax` report. Scans put the scanned axis last.
//!
//! **Entry points.** `[start, end)` is a range of flat (C-order) indices over the *outer* loop
//! axes, which is how the runtime splits work into chunks:
//!
//! - elementwise: the outer axes are all axes; the function runs the body at each index.
//! - scan: the outer axes are all but the scanned one; for each outer index the function runs
//!   the whole scan line in order.
//! - reduction, `main`: the outer axes are the kept ones; for each output `o` in
//!   `[start, end)` it folds the reduced flat range `[r_start, r_end)` and writes the partial
//!   accumulator to the 16-byte slot `partials + 16·(o - start)` (value at +0 in its dtype,
//!   index of `argmin`/`argmax` at +8).
//! - reduction, `epilogue`: for each output `o` in `[start, end)` it reads the combined
//!   accumulator from slot `o - start`, finishes it (`mean` divides) and runs the epilogue.
//! - reduction, `fold_vec` (optional): `main` with vector accumulators for float
//!   `sum`/`prod`/`mean`/`max`/`min` over a contiguous inner axis (see `simd`).
//! - reduction, `fold_outer` (optional, when the innermost reduced axis is strided): `main`
//!   with the loops swapped, reduced axes outside and outputs inside, folding into the slots
//!   (which it initialises); same bits as `main`.
//!
//! Invariants lowering relies on (checked by the runtime before any call, see `runtime`):
//! 1. Every map stays in bounds over the domain, so every address computed is inside its buffer.
//! 2. `0 <= start <= end <=` the outer index count, and `[r_start, r_end)` within the reduced
//!    count; the walkers never touch an index outside these ranges.
//! 3. Body operand dtypes are consistent; [`Lower`] checks them and refuses (no panic) otherwise.

pub(crate) mod ops;
pub(crate) mod simd;
pub(crate) mod symbols;
mod walk;

use crate::cache::LayoutClass;
use crate::compile::LowerError;
use cranelift_codegen::ir::{FuncRef, InstBuilder, MemFlagsData, Type, Value, types};
use cranelift_frontend::FunctionBuilder;
use cranelift_jit::JITModule;
use cranelift_module::{Linkage, Module};
use numfuse_ir::kernel::{Expr, Inst, Kernel, KernelKind, Val};
use numfuse_ir::{DType, ReduceOp};
use ops::clif_type;
use simd::{VecHook, VecPlan};
use std::collections::HashMap;

/// The error flag's value for an integer raised to a negative integer power.
pub(crate) const ERR_NEGATIVE_POWER: u32 = 1;

/// Word indices of the argument block (see the [module documentation](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Abi {
    /// Buffers: the kernel's inputs, then its outputs.
    pub n_bufs: usize,
    /// Loop axes.
    pub rank: usize,
    /// Constants.
    pub n_args: usize,
}

impl Abi {
    /// The word holding the error flag's address.
    pub const ERR: usize = 0;

    /// Buffer `b`'s address at loop index 0.
    pub fn base(&self, b: usize) -> usize {
        1 + b
    }

    /// Buffer `b`'s byte stride along loop axis `a`.
    pub fn stride(&self, b: usize, a: usize) -> usize {
        1 + self.n_bufs + b * self.rank + a
    }

    /// The extent of loop axis `a`.
    pub fn extent(&self, a: usize) -> usize {
        1 + self.n_bufs * (1 + self.rank) + a
    }

    /// The number of reduced elements.
    pub fn count(&self) -> usize {
        self.extent(self.rank)
    }

    /// Constant `c`.
    pub fn arg(&self, c: usize) -> usize {
        self.count() + 1 + c
    }

    /// The block's length in words.
    pub fn words(&self) -> usize {
        self.arg(self.n_args)
    }
}

/// The loop order of a kernel's domain axes, and how many of them are outer axes.
pub(crate) fn loop_order(k: &Kernel) -> (Vec<usize>, usize) {
    let rank = k.domain.rank();
    match &k.kind {
        KernelKind::Reduce { axes, .. } => {
            let mut order: Vec<usize> = (0..rank).filter(|a| !axes.contains(a)).collect();
            let outer = order.len();
            order.extend(axes.iter().copied().filter(|&a| a < rank));
            (order, outer)
        }
        KernelKind::Scan { axis } => {
            let mut order: Vec<usize> = (0..rank).filter(|a| a != axis).collect();
            order.push(*axis);
            (order, rank.saturating_sub(1))
        }
        _ => ((0..rank).collect(), rank),
    }
}

/// Where the body splits around its one `reduce`/`scan`: the instruction's index.
pub(crate) fn fold_index(k: &Kernel) -> Option<usize> {
    k.body.iter().position(|i| {
        matches!(
            i,
            Inst::Let {
                expr: Expr::Reduce(..) | Expr::Scan(..),
                ..
            }
        )
    })
}

/// Which instructions before the fold the epilogue needs (the values it uses from the
/// prologue, transitively): the epilogue function recomputes them at the output index.
pub(crate) fn epilogue_needs(k: &Kernel, at: usize) -> Vec<bool> {
    let mut need = vec![false; at];
    let mut wanted: Vec<u32> = Vec::new();
    let temps_of = |e: &Expr| -> Vec<u32> {
        let vals: Vec<Val> = match e {
            Expr::Unary(_, x) | Expr::Cast(x) => vec![*x],
            Expr::Binary(_, x, y) => vec![*x, *y],
            Expr::Select(c, x, y) => vec![*c, *x, *y],
            _ => Vec::new(),
        };
        vals.into_iter()
            .filter_map(|v| match v {
                Val::Temp(t) => Some(t),
                Val::Arg(_) => None,
            })
            .collect()
    };
    for inst in &k.body[at + 1..] {
        match inst {
            Inst::Let { expr, .. } => wanted.extend(temps_of(expr)),
            Inst::Store {
                value: Val::Temp(t),
                ..
            } => wanted.push(*t),
            Inst::Store { .. } => {}
        }
    }
    for i in (0..at).rev() {
        if let Inst::Let { temp, expr, .. } = &k.body[i]
            && wanted.contains(temp)
        {
            need[i] = true;
            wanted.extend(temps_of(expr));
        }
    }
    need
}

/// Which generated function of a kernel.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Entry {
    /// The loop (for a reduction: the fold into partials).
    Main,
    /// A reduction's fold with vector accumulators (float `sum`/`prod`/`mean`/`max`/`min`).
    FoldVec,
    /// A reduction's fold with the reduced loops outside (for a strided reduced axis).
    FoldOuter,
    /// A reduction's epilogue.
    Epilogue,
}

/// The state of one function being lowered.
pub(crate) struct Lower<'a> {
    pub(crate) b: FunctionBuilder<'a>,
    module: &'a mut JITModule,
    imports: HashMap<&'static str, FuncRef>,
    k: &'a Kernel,
    abi: Abi,
    in_dtypes: Vec<DType>,
    out_dtypes: Vec<DType>,
    mem: MemFlagsData,
    args: Value,
    err_ptr: Value,
    params: Vec<Value>,
    consts: Vec<Value>,
    layout: Vec<LayoutClass>,
    vplan: Option<VecPlan>,
    inline_math: bool,
}

/// The host functions [`vmath`](crate::vmath) falls back on (`sin`/`cos`/`tan` of huge
/// arguments): the same symbols as the libm path, imported through the module.
struct HostImports<'m> {
    module: &'m mut JITModule,
    imports: &'m mut HashMap<&'static str, FuncRef>,
}

impl crate::vmath::HostFns for HostImports<'_> {
    type Error = LowerError;

    fn scalar_fn(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        f: crate::vmath::MathFn,
        lane: Type,
    ) -> Result<FuncRef, LowerError> {
        use crate::vmath::MathFn;
        let op = match f {
            MathFn::Sin => numfuse_ir::UnaryOp::Sin,
            MathFn::Cos => numfuse_ir::UnaryOp::Cos,
            _ => numfuse_ir::UnaryOp::Tan,
        };
        let t = if lane == types::F32 {
            DType::F32
        } else {
            DType::F64
        };
        let name = symbols::unary_symbol(op, t)
            .ok_or_else(|| LowerError(format!("no host symbol for {op} on {t}")))?;
        import(self.module, self.imports, b, name, &[lane], lane)
    }
}

/// The `FuncRef` of host symbol `name` in `b`'s function, declared on first use.
fn import(
    module: &mut JITModule,
    imports: &mut HashMap<&'static str, FuncRef>,
    b: &mut FunctionBuilder<'_>,
    name: &'static str,
    params: &[Type],
    ret: Type,
) -> Result<FuncRef, LowerError> {
    if let Some(f) = imports.get(name) {
        return Ok(*f);
    }
    let mut sig = module.make_signature();
    for p in params {
        sig.params.push(cranelift_codegen::ir::AbiParam::new(*p));
    }
    sig.returns.push(cranelift_codegen::ir::AbiParam::new(ret));
    let id = module
        .declare_function(name, Linkage::Import, &sig)
        .map_err(|e| LowerError(e.to_string()))?;
    let f = module.declare_func_in_func(id, b.func);
    imports.insert(name, f);
    Ok(f)
}

/// A body value and its dtype.
type Typed = (Value, DType);

impl<'a> Lower<'a> {
    /// Starts a function: the entry block, its parameters, the constants loaded.
    pub(crate) fn new(
        mut b: FunctionBuilder<'a>,
        module: &'a mut JITModule,
        k: &'a Kernel,
        in_dtypes: Vec<DType>,
        out_dtypes: Vec<DType>,
        layout: Vec<LayoutClass>,
        vplan: Option<VecPlan>,
    ) -> Lower<'a> {
        let abi = Abi {
            n_bufs: in_dtypes.len() + out_dtypes.len(),
            rank: k.domain.rank(),
            n_args: k.args.len(),
        };
        let entry = b.create_block();
        b.append_block_params_for_function_params(entry);
        b.switch_to_block(entry);
        let params = b.block_params(entry).to_vec();
        let mem = MemFlagsData::new().with_notrap();
        let args = params[0];
        let err_ptr = b.ins().load(types::I64, mem, args, 0);
        let consts = k
            .args
            .iter()
            .enumerate()
            .map(|(c, p)| {
                let off = (abi.arg(c) * 8) as i32;
                b.ins().load(clif_type(p.dtype), mem, args, off)
            })
            .collect();
        Lower {
            b,
            module,
            imports: HashMap::new(),
            k,
            abi,
            in_dtypes,
            out_dtypes,
            mem,
            args,
            err_ptr,
            params,
            consts,
            layout,
            vplan,
            inline_math: false,
        }
    }

    /// Lowers transcendentals to the inline routines of [`vmath`](crate::vmath) when `on`
    /// (otherwise to host calls, the default).
    pub(crate) fn with_inline_math(mut self, on: bool) -> Self {
        self.inline_math = on;
        self
    }

    /// `op(x)` for each value of `xs` (float scalars or vectors of dtype `t`) by the inline
    /// routine, or `None` (emit the host call) when inline math is off or has no routine.
    pub(crate) fn inline_unary(
        &mut self,
        op: numfuse_ir::UnaryOp,
        t: DType,
        xs: &[Value],
    ) -> Result<Option<Vec<Value>>, LowerError> {
        if !self.inline_math || !t.is_float() {
            return Ok(None);
        }
        let mut host = HostImports {
            module: self.module,
            imports: &mut self.imports,
        };
        crate::vmath::lower_unary(&mut self.b, &mut host, op, xs)
    }

    /// `op(x, y)` for each pair of `xs`, `ys` by the inline routine, or `None` (as
    /// [`Lower::inline_unary`]).
    pub(crate) fn inline_binary(
        &mut self,
        op: numfuse_ir::BinaryOp,
        t: DType,
        xs: &[Value],
        ys: &[Value],
    ) -> Option<Vec<Value>> {
        if !self.inline_math || !t.is_float() {
            return None;
        }
        crate::vmath::lower_binary(&mut self.b, op, xs, ys)
    }

    /// Emits the whole function for `entry` and finalizes the builder.
    pub(crate) fn build(mut self, entry: Entry) -> Result<(), LowerError> {
        let (start, end) = (self.params[1], self.params[2]);
        let bases: Vec<Value> = (0..self.abi.n_bufs)
            .map(|b| self.word(self.abi.base(b)))
            .collect();
        let (_, outer) = loop_order(self.k);
        let rank = self.abi.rank;
        match (&self.k.kind, entry) {
            (KernelKind::Elementwise, Entry::Main) => {
                let vplan = self.vplan;
                let hook = VecHook::Body(&self.k.body);
                let vector = vplan.as_ref().map(|p| (p, &hook));
                let w = self.walk_begin(0..rank, start, end, &bases, vector)?;
                let mut temps = HashMap::new();
                self.insts(&self.k.body, &w.ptrs, &mut temps, None)?;
                self.walk_end(w);
            }
            (KernelKind::Reduce { .. }, Entry::Main) => self.reduce_fold(outer, &bases, false)?,
            (KernelKind::Reduce { .. }, Entry::FoldVec) => self.reduce_fold(outer, &bases, true)?,
            (KernelKind::Reduce { .. }, Entry::FoldOuter) => {
                self.reduce_fold_outer(outer, &bases)?
            }
            (KernelKind::Reduce { .. }, Entry::Epilogue) => self.reduce_epilogue(outer, &bases)?,
            (KernelKind::Scan { .. }, Entry::Main) if rank > 0 => self.scan(&bases)?,
            _ => return Err(LowerError("kernel kind has no such entry".into())),
        }
        self.b.ins().return_(&[]);
        self.b.seal_all_blocks();
        let cfg = self.module.target_config();
        self.b.finalize(cfg);
        Ok(())
    }

    /// Loads word `w` of the argument block.
    fn word(&mut self, w: usize) -> Value {
        self.b
            .ins()
            .load(types::I64, self.mem, self.args, (w * 8) as i32)
    }

    /// Calls host symbol `name` (registered by [`symbols::register`]).
    pub(crate) fn call_host(
        &mut self,
        name: &'static str,
        params: &[Type],
        ret: Type,
        args: &[Value],
    ) -> Result<Value, LowerError> {
        let f = import(
            self.module,
            &mut self.imports,
            &mut self.b,
            name,
            params,
            ret,
        )?;
        let call = self.b.ins().call(f, args);
        Ok(self.b.inst_results(call)[0])
    }

    /// Stores `code` into the error flag when `cond` (an `i8` flag) is set.
    pub(crate) fn raise_if(&mut self, cond: Value, code: u32) {
        let set = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(cond, set, &[], cont, &[]);
        self.b.switch_to_block(set);
        let c = self.b.ins().iconst(types::I32, i64::from(code));
        self.b.ins().store(self.mem, c, self.err_ptr, 0);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    fn val(&self, temps: &HashMap<u32, Typed>, v: Val) -> Result<Typed, LowerError> {
        match v {
            Val::Temp(t) => temps
                .get(&t)
                .copied()
                .ok_or_else(|| LowerError(format!("t{t} used before it is defined"))),
            Val::Arg(c) => {
                let p = self
                    .k
                    .args
                    .get(c as usize)
                    .ok_or_else(|| LowerError(format!("no argument c{c}")))?;
                Ok((self.consts[c as usize], p.dtype))
            }
        }
    }

    /// Emits body instructions at the buffer addresses `ptrs`; a `reduce`/`scan` takes `fold`.
    fn insts(
        &mut self,
        insts: &[Inst],
        ptrs: &[Value],
        temps: &mut HashMap<u32, Typed>,
        fold: Option<Value>,
    ) -> Result<(), LowerError> {
        for inst in insts {
            match inst {
                Inst::Let { temp, dtype, expr } => {
                    let v = self.expr(expr, *dtype, ptrs, temps, fold)?;
                    if self.b.func.dfg.value_type(v) != clif_type(*dtype) {
                        return Err(LowerError(format!("t{temp}: not a value of {dtype}")));
                    }
                    temps.insert(*temp, (v, *dtype));
                }
                Inst::Store { output, value } => {
                    let (v, t) = self.val(temps, *value)?;
                    let o = *output as usize;
                    if self.out_dtypes.get(o) != Some(&t) {
                        return Err(LowerError(format!("store of {t} to output {o}")));
                    }
                    let p = ptrs[self.in_dtypes.len() + o];
                    self.b.ins().store(self.mem, v, p, 0);
                }
            }
        }
        Ok(())
    }

    fn expr(
        &mut self,
        expr: &Expr,
        dtype: DType,
        ptrs: &[Value],
        temps: &HashMap<u32, Typed>,
        fold: Option<Value>,
    ) -> Result<Value, LowerError> {
        let bad = |what: &str| Err(LowerError(format!("ill-typed {what} of {dtype}")));
        Ok(match expr {
            Expr::Load(k) => {
                let k = *k as usize;
                if self.in_dtypes.get(k) != Some(&dtype) {
                    return bad("load");
                }
                self.b.ins().load(clif_type(dtype), self.mem, ptrs[k], 0)
            }
            Expr::Unary(op, x) => {
                let (x, t) = self.val(temps, *x)?;
                self.unary(*op, t, x)?
            }
            Expr::Binary(op, x, y) => {
                let ((x, t), (y, u)) = (self.val(temps, *x)?, self.val(temps, *y)?);
                if t != u {
                    return bad("binary");
                }
                self.binary(*op, t, x, y)?
            }
            Expr::Select(c, x, y) => {
                let (c, ct) = self.val(temps, *c)?;
                let ((x, t), (y, u)) = (self.val(temps, *x)?, self.val(temps, *y)?);
                if ct != DType::Bool || t != dtype || u != dtype {
                    return bad("where");
                }
                self.b.ins().select(c, x, y)
            }
            Expr::Cast(x) => {
                let (x, t) = self.val(temps, *x)?;
                self.cast(t, dtype, x)
            }
            Expr::Reduce(..) | Expr::Scan(..) => {
                fold.ok_or_else(|| LowerError("a second reduce or scan".into()))?
            }
            Expr::Call(..) => return Err(LowerError("a library call inside a loop".into())),
        })
    }

    /// The fold instruction: (op, operand, result dtype, temp).
    fn fold_parts(&self) -> Result<(usize, FoldOp, Val, DType, u32), LowerError> {
        let at = fold_index(self.k).ok_or_else(|| LowerError("no reduce or scan".into()))?;
        match &self.k.body[at] {
            Inst::Let {
                temp,
                dtype,
                expr: Expr::Reduce(op, x),
            } => Ok((at, FoldOp::Reduce(*op), *x, *dtype, *temp)),
            Inst::Let {
                temp,
                dtype,
                expr: Expr::Scan(op, x),
            } => Ok((at, FoldOp::Scan(*op), *x, *dtype, *temp)),
            _ => Err(LowerError("no reduce or scan".into())),
        }
    }
}

/// A reduction or a scan.
#[derive(Clone, Copy, Debug)]
pub(crate) enum FoldOp {
    /// A reduction.
    Reduce(ReduceOp),
    /// A scan.
    Scan(numfuse_ir::ScanOp),
}

pub(crate) mod fold;

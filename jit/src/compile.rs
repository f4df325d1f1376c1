//! Compilation: a lowered kernel turned into machine code in its own `JITModule`, owned by a
//! [`Compiled`] value that frees the code when the last holder drops it.
//!
//! Invariants:
//! 1. One target ISA per process (CPU features detected once), built with `opt_level=none`
//!    (the engine schedules its own IR; "speed" would undo interleaving), `is_pic=false`, and
//!    the verifier on in debug builds and tests only.
//! 2. Every host symbol is registered on each `JITBuilder` before `JITModule::new`.
//! 3. Transcendentals are inline ([`vmath`](crate::vmath)) when the options ask for
//!    [`MathImpl::Inline`] and the ISA has what the routines need (`vmath` invariant 2);
//!    otherwise they are host calls.
//! 4. A [`Compiled`]'s function pointers are only called while the `Compiled` is alive (callers
//!    hold an `Arc`); its `Drop` frees the module's memory, so the cache may evict an entry
//!    while a run still uses it.

use crate::MathImpl;
use crate::cache::LayoutClass;
use crate::lower::{Entry, Lower, simd, symbols};
use cranelift_codegen::ir::{AbiParam, UserFuncName, types};
use cranelift_codegen::isa::OwnedTargetIsa;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Module, default_libcall_names};
use numfuse_ir::DType;
use numfuse_ir::kernel::{Kernel, KernelKind};
use std::sync::{Mutex, OnceLock};

/// Why lowering refused a kernel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct LowerError(pub String);

/// A generated function: `(args, start, end, r_start, r_end, partials)` (see `lower`).
pub(crate) type KernelFn = unsafe extern "C" fn(*const u64, i64, i64, i64, i64, *mut u8);

/// A compiled kernel: its entry points and the module that owns their code.
pub(crate) struct Compiled {
    /// The loop (a reduction's fold).
    pub main: KernelFn,
    /// A reduction's epilogue.
    pub epilogue: Option<KernelFn>,
    /// A reduction's fold with vector accumulators, when it has one.
    pub fold_vec: Option<KernelFn>,
    /// A reduction's fold with the reduced loops outside, when its reduced axis is strided.
    pub fold_outer: Option<KernelFn>,
    /// The Cranelift IR of every function, for `Options::keep_ir`.
    pub ir: String,
    /// Vector lanes of the innermost loop and why.
    pub lanes: (usize, String),
    module: Mutex<Option<JITModule>>,
}

impl Drop for Compiled {
    fn drop(&mut self) {
        let module = self.module.get_mut().map(Option::take);
        if let Ok(Some(m)) = module {
            // SAFETY: invariant 3: the function pointers live in `self`, which is being
            // dropped, and every caller held an `Arc<Compiled>` while calling them, so no
            // pointer from this module can run again.
            unsafe { m.free_memory() };
        }
    }
}

fn isa() -> Result<&'static OwnedTargetIsa, LowerError> {
    static ISA: OnceLock<Result<OwnedTargetIsa, String>> = OnceLock::new();
    ISA.get_or_init(|| {
        let mut fb = settings::builder();
        let verifier = if cfg!(debug_assertions) {
            "true"
        } else {
            "false"
        };
        for (k, v) in [
            ("opt_level", "none"),
            ("is_pic", "false"),
            ("use_colocated_libcalls", "false"),
            ("enable_verifier", verifier),
        ] {
            fb.set(k, v).map_err(|e| e.to_string())?;
        }
        cranelift_native::builder()
            .map_err(str::to_string)?
            .finish(settings::Flags::new(fb))
            .map_err(|e| e.to_string())
    })
    .as_ref()
    .map_err(|e| LowerError(e.clone()))
}

/// Lowers and compiles `k`, whose inputs and outputs have the given dtypes, with
/// transcendentals computed as `math` says (invariant 3).
pub(crate) fn compile(
    k: &Kernel,
    in_dtypes: &[DType],
    out_dtypes: &[DType],
    layout: &[LayoutClass],
    math: MathImpl,
) -> Result<Compiled, LowerError> {
    let inline_math = math == MathImpl::Inline && crate::vmath::isa_supported(isa()?.as_ref());
    let plan = simd::plan(k, in_dtypes, out_dtypes, layout);
    let lanes = match &plan {
        Ok(p) => (
            p.lanes,
            format!(
                "{}x{} unrolled x{} interleaved, scalar tail",
                p.elem,
                p.lanes,
                simd::UNROLL
            ),
        ),
        Err(why) => (1, format!("scalar: {why}")),
    };
    let plan = plan.ok();
    let fold_plan = simd::fold_plan(k, in_dtypes, layout);
    let lanes = match (&k.kind, &fold_plan) {
        (KernelKind::Reduce { .. }, Ok((p, _))) => (
            p.lanes,
            format!(
                "{}x{}, {} accumulators from {} reduced elements (exact fold below)",
                p.elem,
                p.lanes,
                simd::UNROLL,
                crate::runtime::VEC_REDUCE_MIN
            ),
        ),
        (KernelKind::Reduce { .. }, Err(why)) => (1, format!("scalar: {why}")),
        _ => lanes,
    };
    let vec_fold = fold_plan.is_ok();
    let shape = Shape {
        in_dtypes,
        out_dtypes,
        layout,
        inline_math,
    };
    match build(k, &shape, plan, vec_fold, lanes) {
        // Cranelift may lack an instruction for a vector type: the scalar loop always exists.
        Err(LowerError(why)) if plan.is_some() || vec_fold => {
            let lanes = (1, format!("scalar: the vector loop was refused ({why})"));
            build(k, &shape, None, false, lanes)
        }
        r => r,
    }
}

/// What a kernel is compiled for besides its body: buffer dtypes, layouts, inline math.
struct Shape<'s> {
    in_dtypes: &'s [DType],
    out_dtypes: &'s [DType],
    layout: &'s [LayoutClass],
    inline_math: bool,
}

fn build(
    k: &Kernel,
    shape: &Shape<'_>,
    plan: Option<simd::VecPlan>,
    vec_fold: bool,
    lanes: (usize, String),
) -> Result<Compiled, LowerError> {
    let isa = isa()?;
    let mut jb = JITBuilder::with_isa(isa.clone(), default_libcall_names());
    symbols::register(&mut jb);
    let mut module = JITModule::new(jb);
    match define(&mut module, k, shape, plan, vec_fold) {
        Ok((ids, ir)) => {
            let ptrs: Vec<(Entry, KernelFn)> = ids
                .iter()
                .map(|&(entry, id)| {
                    let p = module.get_finalized_function(id);
                    // SAFETY: `p` is the finalized code of a function declared with the
                    // six-`i64` signature `define` gives every entry, which is `KernelFn`'s
                    // C ABI on this host (pointers are `i64`).
                    (entry, unsafe {
                        std::mem::transmute::<*const u8, KernelFn>(p)
                    })
                })
                .collect();
            let get = |e: Entry| ptrs.iter().find(|p| p.0 == e).map(|p| p.1);
            Ok(Compiled {
                main: ptrs[0].1,
                epilogue: get(Entry::Epilogue),
                fold_vec: get(Entry::FoldVec),
                fold_outer: get(Entry::FoldOuter),
                ir,
                lanes,
                module: Mutex::new(Some(module)),
            })
        }
        Err(e) => {
            // SAFETY: no function of this module was finalized or handed out.
            unsafe { module.free_memory() };
            Err(e)
        }
    }
}

fn define(
    module: &mut JITModule,
    k: &Kernel,
    shape: &Shape<'_>,
    plan: Option<simd::VecPlan>,
    vec_fold: bool,
) -> Result<(Vec<(Entry, cranelift_module::FuncId)>, String), LowerError> {
    let mut entries = match k.kind {
        KernelKind::Reduce { .. } => vec![Entry::Main, Entry::Epilogue],
        KernelKind::Elementwise | KernelKind::Scan { .. } => vec![Entry::Main],
        KernelKind::Call { .. } => return Err(LowerError("a library call".into())),
    };
    if let KernelKind::Reduce { .. } = k.kind {
        if vec_fold {
            entries.push(Entry::FoldVec);
        }
        // A strided innermost (reduced) axis: the loops swapped walk the kept axes inside.
        if shape.layout.contains(&LayoutClass::Strided) && k.domain.rank() >= 2 {
            entries.push(Entry::FoldOuter);
        }
    }
    let mut sig = module.make_signature();
    for _ in 0..6 {
        sig.params.push(AbiParam::new(types::I64));
    }
    let mut ctx = module.make_context();
    let mut fctx = FunctionBuilderContext::new();
    let mut ids = Vec::new();
    let mut ir = String::new();
    for &entry in &entries {
        let id = module
            .declare_anonymous_function(&sig)
            .map_err(|e| LowerError(e.to_string()))?;
        ctx.func.signature = sig.clone();
        ctx.func.name = UserFuncName::user(0, id.as_u32());
        {
            let b = FunctionBuilder::new(&mut ctx.func, &mut fctx);
            let lower = Lower::new(
                b,
                module,
                k,
                shape.in_dtypes.to_vec(),
                shape.out_dtypes.to_vec(),
                shape.layout.to_vec(),
                plan,
            )
            .with_inline_math(shape.inline_math);
            lower.build(entry)?;
        }
        ir.push_str(&format!("; {} {entry:?}\n{}", k.name, ctx.func.display()));
        module
            .define_function(id, &mut ctx)
            .map_err(|e| LowerError(format!("{e:?}")))?;
        module.clear_context(&mut ctx);
        ids.push((entry, id));
    }
    module
        .finalize_definitions()
        .map_err(|e| LowerError(e.to_string()))?;
    Ok((ids, ir))
}

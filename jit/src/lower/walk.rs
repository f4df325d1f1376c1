//! Loop nests: a flat index range over some loop axes walked row by row, with the buffers'
//! addresses advanced by their innermost strides, and an optional vector loop before each
//! row's scalar loop.
//!
//! Invariants:
//! 1. The body runs exactly once per flat index in `[start, end)`, in increasing order, with
//!    each buffer's address `base + Σ stride_a · i_a` for the unravelled index `i`.
//! 2. A row's vector loop ([`simd`](super::simd)) covers whole groups from the row's start;
//!    the scalar loop continues from where it stopped.

use super::simd::{VecHook, VecPlan};
use super::{Lower, LowerError};
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Block, InstBuilder, Value, types};
use cranelift_frontend::Variable;
use std::ops::Range;

/// A loop nest being emitted: see [`Lower::walk_begin`].
pub(crate) struct Walk {
    /// Each buffer's address at the current index.
    pub ptrs: Vec<Value>,
    /// The flat index over the walked axes.
    pub flat: Value,
    state: Option<WalkLoop>,
    exit: Block,
}

struct WalkLoop {
    pos: Variable,
    j: Variable,
    ptr_vars: Vec<Variable>,
    pos_val: Value,
    j_val: Value,
    n: Value,
    steps: Vec<Value>,
    outer_head: Block,
    inner_head: Block,
    inner_exit: Block,
}

impl Lower<'_> {
    /// Opens a loop nest over loop axes `axes`, flat indices `[start, end)`, with each
    /// buffer's address at index 0 of these axes in `bases`. The caller emits the body at
    /// `walk.ptrs`, then calls [`Lower::walk_end`].
    ///
    /// Each row of the innermost axis starts by unravelling its flat index (a division per
    /// outer axis); along the row, addresses advance by the innermost strides.
    pub(crate) fn walk_begin(
        &mut self,
        axes: Range<usize>,
        start: Value,
        end: Value,
        bases: &[Value],
        vector: Option<(&VecPlan, &VecHook<'_>)>,
    ) -> Result<Walk, LowerError> {
        let exit = self.b.create_block();
        if axes.is_empty() {
            let body = self.b.create_block();
            let go = self.b.ins().icmp(IntCC::SignedLessThan, start, end);
            self.b.ins().brif(go, body, &[], exit, &[]);
            self.b.switch_to_block(body);
            return Ok(Walk {
                ptrs: bases.to_vec(),
                flat: start,
                state: None,
                exit,
            });
        }
        let (outer_head, outer_body) = (self.b.create_block(), self.b.create_block());
        let (inner_head, inner_body) = (self.b.create_block(), self.b.create_block());
        let inner_exit = self.b.create_block();
        let pos = self.b.declare_var(types::I64);
        let j = self.b.declare_var(types::I64);
        let ptr_vars: Vec<Variable> = bases
            .iter()
            .map(|_| self.b.declare_var(types::I64))
            .collect();
        self.b.def_var(pos, start);
        self.b.ins().jump(outer_head, &[]);

        self.b.switch_to_block(outer_head);
        let pos_val = self.b.use_var(pos);
        let go = self.b.ins().icmp(IntCC::SignedLessThan, pos_val, end);
        self.b.ins().brif(go, outer_body, &[], exit, &[]);

        self.b.switch_to_block(outer_body);
        let last = axes.end - 1;
        let mut idx = vec![pos_val; axes.len()];
        let mut rem = pos_val;
        let mut last_ext = pos_val;
        for a in axes.clone().rev() {
            let ext = self.word(self.abi.extent(a));
            if a == last {
                last_ext = ext;
            }
            if a == axes.start {
                idx[a - axes.start] = rem;
            } else {
                idx[a - axes.start] = self.b.ins().urem(rem, ext);
                rem = self.b.ins().udiv(rem, ext);
            }
        }
        let mut steps = Vec::with_capacity(bases.len());
        for (bi, (&base, &var)) in bases.iter().zip(&ptr_vars).enumerate() {
            let mut p = base;
            for a in axes.clone() {
                let s = self.word(self.abi.stride(bi, a));
                if a == last {
                    steps.push(s);
                }
                let off = self.b.ins().imul(s, idx[a - axes.start]);
                p = self.b.ins().iadd(p, off);
            }
            self.b.def_var(var, p);
        }
        let in_row = self.b.ins().isub(last_ext, idx[last - axes.start]);
        let left = self.b.ins().isub(end, pos_val);
        let n = self.b.ins().smin(in_row, left);
        let zero = self.b.ins().iconst(types::I64, 0);
        self.b.def_var(j, zero);
        if let Some((plan, hook)) = vector {
            // The vector loop (simd.rs invariant 2): whole groups, then the scalar tail.
            let (vhead, vbody) = (self.b.create_block(), self.b.create_block());
            let group = plan.group() as i64;
            self.b.ins().jump(vhead, &[]);
            self.b.switch_to_block(vhead);
            let jv = self.b.use_var(j);
            let jg = self.b.ins().iadd_imm_s(jv, group);
            let fits = self.b.ins().icmp(IntCC::SignedLessThanOrEqual, jg, n);
            self.b.ins().brif(fits, vbody, &[], inner_head, &[]);
            self.b.switch_to_block(vbody);
            let ptrs: Vec<Value> = ptr_vars.iter().map(|&v| self.b.use_var(v)).collect();
            let layout = self.layout.clone();
            self.vec_hook(plan, &layout, &ptrs, hook)?;
            for ((&p, &var), &step) in ptrs.iter().zip(&ptr_vars).zip(&steps) {
                let adv = self.b.ins().imul_imm_s(step, group);
                let next = self.b.ins().iadd(p, adv);
                self.b.def_var(var, next);
            }
            self.b.def_var(j, jg);
            self.b.ins().jump(vhead, &[]);
        } else {
            self.b.ins().jump(inner_head, &[]);
        }

        self.b.switch_to_block(inner_head);
        let j_val = self.b.use_var(j);
        let go = self.b.ins().icmp(IntCC::SignedLessThan, j_val, n);
        self.b.ins().brif(go, inner_body, &[], inner_exit, &[]);

        self.b.switch_to_block(inner_body);
        let ptrs = ptr_vars.iter().map(|&v| self.b.use_var(v)).collect();
        let flat = self.b.ins().iadd(pos_val, j_val);
        Ok(Walk {
            ptrs,
            flat,
            state: Some(WalkLoop {
                pos,
                j,
                ptr_vars,
                pos_val,
                j_val,
                n,
                steps,
                outer_head,
                inner_head,
                inner_exit,
            }),
            exit,
        })
    }

    /// Closes a loop nest opened by [`Lower::walk_begin`]; emission continues after it.
    pub(crate) fn walk_end(&mut self, w: Walk) {
        if let Some(s) = w.state {
            for ((&p, &var), &step) in w.ptrs.iter().zip(&s.ptr_vars).zip(&s.steps) {
                let next = self.b.ins().iadd(p, step);
                self.b.def_var(var, next);
            }
            let j1 = self.b.ins().iadd_imm_s(s.j_val, 1);
            self.b.def_var(s.j, j1);
            self.b.ins().jump(s.inner_head, &[]);
            self.b.switch_to_block(s.inner_exit);
            let p1 = self.b.ins().iadd(s.pos_val, s.n);
            self.b.def_var(s.pos, p1);
            self.b.ins().jump(s.outer_head, &[]);
        } else {
            self.b.ins().jump(w.exit, &[]);
        }
        self.b.switch_to_block(w.exit);
    }
}

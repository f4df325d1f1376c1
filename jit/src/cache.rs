//! The process-wide kernel cache, keyed by a kernel's *structure*.
//!
//! Invariants:
//! 1. A [`Key`] holds what the generated code depends on and nothing else: the kind and loop
//!    shape (rank, outer axes), the body's operations, every dtype, and each buffer's layout
//!    class along the innermost loop axis (contiguous / broadcast / strided), and how
//!    transcendentals are computed ([`MathImpl`]: a kernel with libm calls is never reused for
//!    inline math, nor the reverse). Never extents,
//!    strides, addresses or constant values: those are argument-block data (see `lower`).
//! 2. The cache is bounded ([`CAPACITY`] entries, least recently used evicted first). Entries
//!    are `Arc<Compiled>`: a run holds its own `Arc`, so eviction never frees code in use.
//! 3. Compilation happens outside the lock; two threads missing on one key both compile, the
//!    first insertion wins and the other's module is freed when its `Arc` drops.

use crate::compile::{Compiled, LowerError, compile};
use crate::{CacheOutcome, Error, MathImpl};
use numfuse_ir::DType;
use numfuse_ir::kernel::{Inst, Kernel};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The most compiled kernels kept.
pub const CAPACITY: usize = 256;

/// How a buffer is laid out along the innermost loop axis.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub(crate) enum LayoutClass {
    /// Stride equal to the item size.
    Contiguous,
    /// Stride 0 (a broadcast).
    Broadcast,
    /// Any other stride.
    Strided,
}

impl LayoutClass {
    fn letter(self) -> char {
        match self {
            LayoutClass::Contiguous => 'c',
            LayoutClass::Broadcast => 'b',
            LayoutClass::Strided => 's',
        }
    }
}

/// A kernel's structure (invariant 1): plain data, compared whole (no hashing shortcut can
/// hand out another kernel's code), and cheap to build on every run (no formatting).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub(crate) struct Key {
    kind: &'static str,
    rank: usize,
    outer: usize,
    body: Vec<Inst>,
    args: Vec<DType>,
    ins: Vec<DType>,
    outs: Vec<DType>,
    layout: Vec<LayoutClass>,
    math: MathImpl,
}

impl Key {
    /// The key of kernel `k` with buffer dtypes `ins`/`outs`, innermost layouts `layout`,
    /// compiled with transcendentals computed by `math`.
    pub(crate) fn new(
        k: &Kernel,
        outer: usize,
        ins: &[DType],
        outs: &[DType],
        layout: &[LayoutClass],
        math: MathImpl,
    ) -> Key {
        Key {
            kind: k.kind.prefix(),
            rank: k.domain.rank(),
            outer,
            body: k.body.clone(),
            args: k.args.iter().map(|p| p.dtype).collect(),
            ins: ins.to_vec(),
            outs: outs.to_vec(),
            layout: layout.to_vec(),
            math,
        }
    }

    /// The same operations, whatever the dtypes and layouts.
    fn same_ops(&self, o: &Key) -> bool {
        (self.kind, self.rank, self.outer, self.body.len(), self.math)
            == (o.kind, o.rank, o.outer, o.body.len(), o.math)
            && self.body.iter().zip(&o.body).all(|p| match p {
                (
                    Inst::Let { temp, expr, .. },
                    Inst::Let {
                        temp: t2, expr: e2, ..
                    },
                ) => temp == t2 && expr == e2,
                (a, b) => a == b,
            })
    }

    /// The same dtypes everywhere.
    fn same_dtypes(&self, o: &Key) -> bool {
        let lets = |k: &Key| -> Vec<DType> {
            k.body
                .iter()
                .filter_map(|i| match i {
                    Inst::Let { dtype, .. } => Some(*dtype),
                    Inst::Store { .. } => None,
                })
                .collect()
        };
        self.ins == o.ins && self.outs == o.outs && self.args == o.args && lets(self) == lets(o)
    }
}

struct Entry {
    compiled: Arc<Compiled>,
    last_use: u64,
}

#[derive(Default)]
struct Cache {
    map: HashMap<Key, Entry>,
    tick: u64,
}

impl Cache {
    fn miss_reason(&self, key: &Key, ins: &[DType]) -> String {
        let same_ops = self.map.keys().filter(|k| k.same_ops(key));
        let mut new_dtypes = false;
        let mut new_layout = false;
        for k in same_ops {
            new_dtypes |= k.layout == key.layout;
            new_layout |= k.same_dtypes(key);
        }
        let other_math = self.map.keys().any(|k| {
            k.math != key.math
                && Key {
                    math: key.math,
                    ..k.clone()
                } == *key
        });
        if other_math {
            let how = match key.math {
                MathImpl::Libm => "libm calls",
                MathImpl::Inline => "inline",
            };
            format!("new math ({how})")
        } else if new_dtypes {
            let names: Vec<String> = ins.iter().map(ToString::to_string).collect();
            format!("new dtypes ({})", names.join(", "))
        } else if new_layout {
            let letters: String = key.layout.iter().map(|l| l.letter()).collect();
            format!("new layout ({letters})")
        } else {
            "first use".to_string()
        }
    }

    fn evict(&mut self) {
        while self.map.len() > CAPACITY {
            let oldest = self
                .map
                .iter()
                .min_by_key(|(_, e)| e.last_use)
                .map(|(k, _)| k.clone());
            match oldest {
                Some(k) => self.map.remove(&k),
                None => break,
            };
        }
    }
}

fn cache() -> &'static Mutex<Cache> {
    static CACHE: OnceLock<Mutex<Cache>> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Cache::default()))
}

/// The compiled kernel for `key`, compiling `k` on a miss: the kernel, whether it was cached,
/// and the time spent compiling.
pub(crate) fn get(
    key: Key,
    k: &Kernel,
    ins: &[DType],
    outs: &[DType],
    layout: &[LayoutClass],
) -> Result<(Arc<Compiled>, CacheOutcome, Duration), Error> {
    let poisoned = |_| Error::Compile("the kernel cache lock is poisoned".into());
    let reason = {
        let mut c = cache().lock().map_err(poisoned)?;
        c.tick += 1;
        let tick = c.tick;
        if let Some(e) = c.map.get_mut(&key) {
            e.last_use = tick;
            return Ok((e.compiled.clone(), CacheOutcome::Hit, Duration::ZERO));
        }
        c.miss_reason(&key, ins)
    };
    let t0 = Instant::now();
    let compiled = compile(k, ins, outs, layout, key.math)
        .map_err(|LowerError(m)| Error::Compile(format!("{}: {m}", k.name)))?;
    let took = t0.elapsed();
    let compiled = Arc::new(compiled);
    let mut c = cache().lock().map_err(poisoned)?;
    c.tick += 1;
    let tick = c.tick;
    let e = c.map.entry(key).or_insert(Entry {
        compiled,
        last_use: tick,
    });
    let got = e.compiled.clone();
    c.evict();
    Ok((got, CacheOutcome::Miss(reason), took))
}

/// Whether `key` has a compiled kernel in the cache (without compiling, and without counting
/// as a use for eviction).
pub(crate) fn contains(key: &Key) -> bool {
    cache().lock().is_ok_and(|c| c.map.contains_key(key))
}

/// The number of compiled kernels in the process-wide cache.
pub fn cached_kernels() -> usize {
    cache().lock().map(|c| c.map.len()).unwrap_or(0)
}

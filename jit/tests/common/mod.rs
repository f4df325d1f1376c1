//! Helpers of the JIT's differential tests: interpreter values laid out in Vec-backed strided
//! buffers (C order, transposed, reversed, padded, broadcast), a graph run through
//! `optimize` + `fuse` + `numfuse_jit::run`, and the comparison with `interp::run`.

#![allow(dead_code, reason = "each test binary uses part of the helpers")]

use numfuse_ir::interp::{self, Value};
use numfuse_ir::kernel::KernelGraph;
use numfuse_ir::op::{LibCall, Lit};
use numfuse_ir::passes::fuse::fuse;
use numfuse_ir::passes::{self, FloatPolicy, PassCx};
use numfuse_ir::shape::Shape;
use numfuse_ir::trace::Trace;
use numfuse_ir::{DType, Graph};
use numfuse_jit::{BufferMut, BufferView, Host, MathImpl, Options, Report};

/// How an input is laid out in memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// C order.
    C,
    /// Fortran order (a transposed view of a C array).
    F,
    /// C order with the first axis reversed (a negative stride).
    Reversed,
    /// C order with every other element skipped along the last axis.
    Padded,
}

/// All layouts.
pub const LAYOUTS: [Layout; 4] = [Layout::C, Layout::F, Layout::Reversed, Layout::Padded];

/// A value stored in a Vec with a layout.
pub struct Strided {
    store: Vec<u64>,
    offset: isize,
    /// Shape.
    pub shape: Vec<usize>,
    /// Byte strides.
    pub strides: Vec<isize>,
    /// Element type.
    pub dtype: DType,
}

/// The bytes of one element.
pub fn lit_bytes(x: Lit, dtype: DType) -> Vec<u8> {
    let i = |x: Lit| match x {
        Lit::Bool(b) => i128::from(b),
        Lit::Int(i) => i,
        Lit::Float(f) => f.get() as i128,
    };
    match dtype {
        DType::Bool => vec![u8::from(x == Lit::Bool(true))],
        DType::F32 => (x.to_f64() as f32).to_le_bytes().to_vec(),
        DType::F64 => x.to_f64().to_le_bytes().to_vec(),
        _ => (i(x) as u64).to_le_bytes()[..dtype.itemsize()].to_vec(),
    }
}

/// The element stored in `b`.
pub fn lit_from(b: &[u8], dtype: DType) -> Lit {
    let mut w = [0u8; 8];
    w[..b.len()].copy_from_slice(b);
    let u = u64::from_le_bytes(w);
    match dtype {
        DType::Bool => Lit::Bool(u != 0),
        DType::F32 => Lit::float(f64::from(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))),
        DType::F64 => Lit::float(f64::from_bits(u)),
        DType::I8 => Lit::Int(i128::from(u as u8 as i8)),
        DType::I16 => Lit::Int(i128::from(u as u16 as i16)),
        DType::I32 => Lit::Int(i128::from(u as u32 as i32)),
        DType::I64 => Lit::Int(i128::from(u as i64)),
        _ => Lit::Int(i128::from(u)),
    }
}

fn c_index(idx: &[usize], shape: &[usize]) -> usize {
    idx.iter().zip(shape).fold(0, |acc, (&i, &n)| acc * n + i)
}

fn unravel(mut flat: usize, shape: &[usize]) -> Vec<usize> {
    let mut idx = vec![0; shape.len()];
    for a in (0..shape.len()).rev() {
        idx[a] = flat % shape[a].max(1);
        flat /= shape[a].max(1);
    }
    idx
}

impl Strided {
    /// `v` laid out as `layout`.
    pub fn new(v: &Value, layout: Layout) -> Strided {
        let item = v.dtype.itemsize() as isize;
        let shape = v.shape.clone();
        let rank = shape.len();
        let n = v.len();
        let mut elem = vec![0isize; rank];
        let mut acc = 1isize;
        let order: Vec<usize> = match layout {
            Layout::F => (0..rank).collect(),
            _ => (0..rank).rev().collect(),
        };
        let pad = if layout == Layout::Padded { 2 } else { 1 };
        for (k, &a) in order.iter().enumerate() {
            elem[a] = acc * if k == 0 { pad } else { 1 };
            acc *= shape[a].max(1) as isize * if k == 0 { pad } else { 1 };
        }
        let mut offset = 0isize;
        if layout == Layout::Reversed && rank > 0 && shape[0] > 0 {
            offset = elem[0] * (shape[0] as isize - 1);
            elem[0] = -elem[0];
        }
        let bytes = (acc.max(1) * item) as usize;
        let mut store = vec![0u64; bytes.div_ceil(8) + 1];
        let strides: Vec<isize> = elem.iter().map(|e| e * item).collect();
        let mut s = Strided {
            store: Vec::new(),
            offset: offset * item,
            shape,
            strides,
            dtype: v.dtype,
        };
        {
            // SAFETY: viewing the u64 store as bytes.
            let raw = unsafe {
                std::slice::from_raw_parts_mut(store.as_mut_ptr().cast::<u8>(), store.len() * 8)
            };
            for flat in 0..n {
                let idx = unravel(flat, &s.shape);
                let at = s.offset
                    + idx
                        .iter()
                        .zip(&s.strides)
                        .map(|(&i, &st)| i as isize * st)
                        .sum::<isize>();
                let b = lit_bytes(v.data[flat], v.dtype);
                raw[at as usize..at as usize + b.len()].copy_from_slice(&b);
            }
        }
        s.store = store;
        s
    }

    /// A broadcast view: `v` (whose first axis has length 1) seen with first axis `n`.
    pub fn broadcast_first(v: &Value, n: usize) -> (Strided, Value) {
        let mut s = Strided::new(v, Layout::C);
        s.shape[0] = n;
        s.strides[0] = 0;
        let mut shape = v.shape.clone();
        shape[0] = n;
        let data = (0..n).flat_map(|_| v.data.iter().copied()).collect();
        (
            s,
            Value {
                dtype: v.dtype,
                shape,
                data,
            },
        )
    }

    /// The view of this buffer.
    pub fn view(&self) -> BufferView<'_> {
        BufferView {
            // SAFETY: `offset` is inside the store.
            ptr: unsafe { self.store.as_ptr().cast::<u8>().offset(self.offset) },
            dtype: self.dtype,
            shape: &self.shape,
            strides: &self.strides,
        }
    }
}

/// A contiguous output buffer.
pub struct Out {
    store: Vec<u64>,
    /// Shape.
    pub shape: Vec<usize>,
    /// Element type.
    pub dtype: DType,
}

impl Out {
    /// Zeroed storage for `shape`.
    pub fn new(dtype: DType, shape: &[usize]) -> Out {
        let n: usize = shape.iter().product();
        Out {
            store: vec![0u64; (n * dtype.itemsize()).div_ceil(8) + 1],
            shape: shape.to_vec(),
            dtype,
        }
    }

    /// The writable buffer.
    pub fn buf(&mut self) -> BufferMut<'_> {
        BufferMut {
            ptr: self.store.as_mut_ptr().cast(),
            dtype: self.dtype,
            shape: &self.shape,
        }
    }

    /// The contents as an interpreter value.
    pub fn value(&self) -> Value {
        let n: usize = self.shape.iter().product();
        let item = self.dtype.itemsize();
        // SAFETY: viewing the u64 store as bytes.
        let raw = unsafe {
            std::slice::from_raw_parts(self.store.as_ptr().cast::<u8>(), self.store.len() * 8)
        };
        let data = (0..n)
            .map(|k| lit_from(&raw[k * item..(k + 1) * item], self.dtype))
            .collect();
        Value {
            dtype: self.dtype,
            shape: self.shape.clone(),
            data,
        }
    }
}

/// Options whose transcendentals call libm exactly as the interpreter does (bit-exact
/// comparisons; the inline routines are tested against libm with ulp bounds in `vmath.rs`).
pub fn libm() -> Options {
    Options {
        math: MathImpl::Libm,
        ..Options::default()
    }
}

/// A host running `matmul` with the reference interpreter.
pub struct RefHost;

impl Host for RefHost {
    fn call(&self, f: LibCall, args: &[BufferView<'_>], out: BufferMut<'_>) -> Result<(), String> {
        let mut g = Graph::new("call");
        let mut vals = Vec::new();
        let mut ids = Vec::new();
        for (k, a) in args.iter().enumerate() {
            let n: usize = a.shape.iter().product();
            let data = (0..n)
                .map(|flat| {
                    let idx = unravel(flat, a.shape);
                    let off: isize = idx
                        .iter()
                        .zip(a.strides)
                        .map(|(&i, &s)| i as isize * s)
                        .sum();
                    // SAFETY: the runtime hands valid views.
                    let b = unsafe {
                        std::slice::from_raw_parts(a.ptr.offset(off), a.dtype.itemsize())
                    };
                    lit_from(b, a.dtype)
                })
                .collect();
            vals.push(Value::new(a.dtype, a.shape, data)?);
            ids.push(g.input(&format!("x{k}"), a.dtype, Shape::fixed(a.shape)));
        }
        let c = g.call(f, &ids);
        g.set_outputs(&[c]);
        let r = interp::run(&g, &vals)?.remove(0);
        let item = out.dtype.itemsize();
        for (k, &x) in r.data.iter().enumerate() {
            let b = lit_bytes(x, out.dtype);
            // SAFETY: `out` is valid for its whole extent.
            unsafe { std::ptr::copy_nonoverlapping(b.as_ptr(), out.ptr.add(k * item), item) };
        }
        Ok(())
    }
}

/// `g` optimised (when `optimize`) and fused.
pub fn kernels(g: &Graph, optimize: bool) -> Result<KernelGraph, String> {
    let mut g = g.clone();
    if optimize {
        let mut cx = PassCx::new(FloatPolicy::Algebraic);
        passes::optimize(&mut g, &mut cx, &mut Trace::default()).map_err(|e| e.to_string())?;
    }
    fuse(&g).map_err(|e| e.to_string())
}

/// Runs `kg` through the JIT on `inputs` laid out as given.
pub fn run_jit(
    kg: &KernelGraph,
    inputs: &[&Strided],
    options: &Options,
) -> Result<(Vec<Value>, Report), numfuse_jit::Error> {
    let views: Vec<BufferView<'_>> = inputs.iter().map(|s| s.view()).collect();
    let mut outs: Vec<Out> = kg
        .outputs
        .iter()
        .map(|&b| {
            let buf = kg.buffer(b);
            let shape = shape_of(kg, &buf.shape, inputs);
            Out::new(buf.dtype, &shape)
        })
        .collect();
    let mut bufs: Vec<BufferMut<'_>> = outs.iter_mut().map(Out::buf).collect();
    let mut report = Report::default();
    // SAFETY: the views address their Vec stores; the outputs are fresh, disjoint Vecs.
    unsafe { numfuse_jit::run(kg, &views, &mut bufs, &RefHost, options, &mut report)? };
    drop(bufs);
    Ok((outs.iter().map(Out::value).collect(), report))
}

/// The concrete shape of a buffer of `kg`, binding symbols from the inputs.
pub fn shape_of(kg: &KernelGraph, s: &Shape, inputs: &[&Strided]) -> Vec<usize> {
    use numfuse_ir::kernel::BufferKind;
    use numfuse_ir::shape::Dim;
    let mut syms = std::collections::HashMap::new();
    for b in &kg.buffers {
        if let BufferKind::Input(i) = b.kind {
            for (d, &n) in b.shape.dims().iter().zip(&inputs[i as usize].shape) {
                if let Dim::Sym(s) = d {
                    syms.insert(s.as_str().to_string(), n);
                }
            }
        }
    }
    s.dims()
        .iter()
        .map(|d| match d {
            Dim::Fixed(n) => *n,
            Dim::Sym(s) => syms[s.as_str()],
        })
        .collect()
}

/// Runs `g` through the interpreter and through the JIT (as built and optimised, inputs laid
/// out as `layout`) and requires bit-equal results. `Ok(false)` when the interpreter raises.
pub fn same(
    g: &Graph,
    values: &[Value],
    layout: Layout,
    options: &Options,
) -> Result<bool, String> {
    if interp::run(g, values).is_err() {
        return Ok(false);
    }
    // The interpreter makes every NaN the positive quiet NaN; hardware keeps a NaN's sign (and
    // x86 makes `0/0` negative), which `copysign` can see. Graphs that copy a sign are only
    // compared when the caller knows no computed NaN reaches `copysign`.
    let copysign_ok = g.to_string().contains("copysign");
    let strided: Vec<Strided> = values.iter().map(|v| Strided::new(v, layout)).collect();
    let refs: Vec<&Strided> = strided.iter().collect();
    for optimize in [false, true] {
        // Algebraic rewrites change float bits: the optimised graph is its own reference.
        let mut g = g.clone();
        if optimize {
            let mut cx = PassCx::new(FloatPolicy::Algebraic);
            if passes::optimize(&mut g, &mut cx, &mut Trace::default()).is_err() {
                continue;
            }
        }
        let Ok(want) = interp::run(&g, values) else {
            continue;
        };
        if g.to_string().contains("copysign") && !copysign_ok {
            continue;
        }
        let kg = kernels(&g, false)?;
        let (got, _) = run_jit(&kg, &refs, options).map_err(|e| format!("{e}\n{kg}"))?;
        if got != want {
            return Err(format!(
                "optimize={optimize} layout={layout:?}\njit {got:?}\n!= interp {want:?}\n{kg}"
            ));
        }
    }
    Ok(true)
}

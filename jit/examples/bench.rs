//! ns/elem of three fused kernels on 10M `f64` through the JIT, serial and on rayon's pool,
//! against plain Rust loops: `a*5`, `2*a + 3*b - 0.5*c`, `sum(a*a)`; then transcendentals
//! (`exp`, `log`, `sin`, `tanh`, `power`) on 1M `f64` and `f32` on one thread, inline
//! (`MathImpl::Inline`) against the libm calls (`MathImpl::Libm`) and a Rust loop.
//!
//! `cargo run --release -p numfuse-jit --example bench [n]`, or `... --example bench math [op]`
//! for the transcendentals alone (one of them: `exp`, `log`, ...).

use numfuse_ir::passes::fuse::fuse;
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, UnaryOp};
use numfuse_jit::{BufferMut, BufferView, Host, MathImpl, Options, Report};
use rayon::prelude::*;
use std::time::Instant;

struct NoHost;

impl Host for NoHost {
    fn call(
        &self,
        _: numfuse_ir::LibCall,
        _: &[BufferView<'_>],
        _: BufferMut<'_>,
    ) -> Result<(), String> {
        Err("no library calls here".into())
    }
}

/// The best of `reps` timings of `f`, in ns per element.
fn best(n: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64() * 1e9 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

fn graph(which: usize) -> Graph {
    let s = || Shape::from([Dim::from("n")]);
    let mut g = Graph::new("bench");
    let a = g.input("a", DType::F64, s());
    let out = match which {
        0 => g.binary(BinaryOp::Multiply, a, 5.0),
        1 => {
            let b = g.input("b", DType::F64, s());
            let c = g.input("c", DType::F64, s());
            let x = g.binary(BinaryOp::Multiply, 2.0, a);
            let y = g.binary(BinaryOp::Multiply, 3.0, b);
            let z = g.binary(BinaryOp::Multiply, 0.5, c);
            let xy = g.binary(BinaryOp::Add, x, y);
            g.binary(BinaryOp::Subtract, xy, z)
        }
        _ => {
            let sq = g.binary(BinaryOp::Multiply, a, a);
            g.reduce(ReduceOp::Sum, sq, None, false)
        }
    };
    g.set_outputs(&[out]);
    g
}

fn main() {
    // `bench math [op]`: only the transcendentals (of one op).
    if std::env::args().nth(1).as_deref() == Some("math") {
        return math(std::env::args().nth(2).as_deref());
    }
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(10_000_000);
    let reps = 7;
    let a: Vec<f64> = (0..n).map(|k| (k % 1000) as f64 * 1e-3).collect();
    let b: Vec<f64> = a.iter().map(|x| 1.0 - x).collect();
    let c: Vec<f64> = a.iter().map(|x| x * 0.5).collect();
    let mut out = vec![0.0f64; n];
    let shape = [n];
    let strides = [8isize];
    let view = |v: &[f64]| BufferView {
        ptr: v.as_ptr().cast(),
        dtype: DType::F64,
        shape: &shape,
        strides: &strides,
    };
    println!(
        "n = {n}, threads in pool = {}",
        rayon::current_num_threads()
    );
    println!(
        "{:<22} {:>10} {:>10} {:>10} {:>10}",
        "kernel", "jit 1t", "jit par", "rust 1t", "rust par"
    );
    for which in 0..3 {
        let kg = fuse(&graph(which)).expect("fuses");
        let inputs: Vec<BufferView<'_>> = [&a, &b, &c][..[1, 3, 1][which]]
            .iter()
            .map(|v| view(v))
            .collect();
        let mut scalar = [0.0f64];
        let mut jit = |threads: Option<usize>| {
            let opts = Options {
                threads,
                ..Options::default()
            };
            let mut report = Report::default();
            let (ptr, oshape): (*mut u8, &[usize]) = if which == 2 {
                (scalar.as_mut_ptr().cast(), &[])
            } else {
                (out.as_mut_ptr().cast(), &shape)
            };
            let mut outs = [BufferMut {
                ptr,
                dtype: DType::F64,
                shape: oshape,
            }];
            // SAFETY: the views address live Vecs of n elements; the output is a distinct
            // Vec of n elements (or one f64).
            unsafe { numfuse_jit::run(&kg, &inputs, &mut outs, &NoHost, &opts, &mut report) }
                .expect("runs");
            report
        };
        let rep = jit(None);
        let serial = best(n, reps, || {
            jit(Some(1));
        });
        let par = best(n, reps, || {
            jit(None);
        });
        let (rust1, rustp) = match which {
            0 => (
                best(n, reps, || {
                    out.iter_mut().zip(&a).for_each(|(o, x)| *o = x * 5.0)
                }),
                best(n, reps, || {
                    out.par_chunks_mut(1 << 16)
                        .zip(a.par_chunks(1 << 16))
                        .for_each(|(o, x)| o.iter_mut().zip(x).for_each(|(o, x)| *o = x * 5.0))
                }),
            ),
            1 => {
                let f = |o: &mut f64, ((x, y), z): ((&f64, &f64), &f64)| {
                    *o = 2.0 * x + 3.0 * y - 0.5 * z
                };
                (
                    best(n, reps, || {
                        out.iter_mut()
                            .zip(a.iter().zip(&b).zip(&c))
                            .for_each(|(o, v)| f(o, v))
                    }),
                    best(n, reps, || {
                        out.par_iter_mut()
                            .zip(a.par_iter().zip(&b).zip(&c))
                            .with_min_len(1 << 16)
                            .for_each(|(o, v)| f(o, v))
                    }),
                )
            }
            _ => {
                let mut s = 0.0;
                let r1 = best(n, reps, || {
                    s = std::hint::black_box(
                        std::hint::black_box(&a).iter().map(|x| x * x).sum::<f64>(),
                    )
                });
                let rp = best(n, reps, || {
                    s = a
                        .par_iter()
                        .with_min_len(1 << 16)
                        .map(|x| x * x)
                        .sum::<f64>()
                });
                assert!((s - scalar[0]).abs() <= 1e-9 * s.abs());
                (r1, rp)
            }
        };
        let name = ["a*5", "2a + 3b - 0.5c", "sum(a*a)"][which];
        println!("{name:<22} {serial:>10.3} {par:>10.3} {rust1:>10.3} {rustp:>10.3}");
        let k = &rep.kernels[0];
        println!(
            "    lanes {:?}; threads {:?}; compile {:?}",
            k.lanes, k.threads, k.compile
        );
    }
    math(None);
}

/// One transcendental of the math table: its name, graph op and input range.
struct MathCase {
    name: &'static str,
    op: Result<UnaryOp, BinaryOp>,
    range: (f64, f64),
}

const MATH: [MathCase; 5] = [
    MathCase {
        name: "exp",
        op: Ok(UnaryOp::Exp),
        range: (-50.0, 50.0),
    },
    MathCase {
        name: "log",
        op: Ok(UnaryOp::Log),
        range: (1e-3, 1e3),
    },
    MathCase {
        name: "sin",
        op: Ok(UnaryOp::Sin),
        range: (-100.0, 100.0),
    },
    MathCase {
        name: "tanh",
        op: Ok(UnaryOp::Tanh),
        range: (-10.0, 10.0),
    },
    MathCase {
        name: "power",
        op: Err(BinaryOp::Power),
        range: (0.01, 100.0),
    },
];

/// The Rust loop's value of a math case (what eager computes).
fn reference(op: Result<UnaryOp, BinaryOp>, x: f64, y: f64, dtype: DType) -> f64 {
    let f32_of = |v: f32| f64::from(v);
    match (op, dtype) {
        (Ok(UnaryOp::Exp), DType::F32) => f32_of((x as f32).exp()),
        (Ok(UnaryOp::Log), DType::F32) => f32_of((x as f32).ln()),
        (Ok(UnaryOp::Sin), DType::F32) => f32_of((x as f32).sin()),
        (Ok(UnaryOp::Tanh), DType::F32) => f32_of((x as f32).tanh()),
        (Err(_), DType::F32) => f32_of((x as f32).powf(y as f32)),
        (Ok(UnaryOp::Exp), _) => x.exp(),
        (Ok(UnaryOp::Log), _) => x.ln(),
        (Ok(UnaryOp::Sin), _) => x.sin(),
        (Ok(UnaryOp::Tanh), _) => x.tanh(),
        _ => x.powf(y),
    }
}

/// Seconds of CPU time used by this thread (Linux; wall time elsewhere). The math table runs
/// on one thread, and the build machines are shared: CPU time leaves out the time other
/// processes hold the core.
fn thread_time() -> f64 {
    #[cfg(target_os = "linux")]
    {
        /// `struct timespec` on 64-bit Linux.
        #[repr(C)]
        struct Timespec {
            sec: i64,
            nsec: i64,
        }
        // SAFETY: the C `clock_gettime` of the platform libc, with its exact signature.
        unsafe extern "C" {
            fn clock_gettime(clock: i32, tp: *mut Timespec) -> i32;
        }
        /// `CLOCK_THREAD_CPUTIME_ID`.
        const THREAD_CPUTIME: i32 = 3;
        let mut t = Timespec { sec: 0, nsec: 0 };
        // SAFETY: `t` is a valid, writable `timespec` for the duration of the call.
        let rc = unsafe { clock_gettime(THREAD_CPUTIME, &mut t) };
        assert_eq!(rc, 0, "clock_gettime failed");
        t.sec as f64 + t.nsec as f64 * 1e-9
    }
    #[cfg(not(target_os = "linux"))]
    {
        use std::sync::OnceLock;
        static START: OnceLock<Instant> = OnceLock::new();
        START.get_or_init(Instant::now).elapsed().as_secs_f64()
    }
}

/// The best of `reps` thread-CPU-time measurements of `f`, in ns per element.
fn best_cpu(n: usize, reps: usize, mut f: impl FnMut()) -> f64 {
    (0..reps)
        .map(|_| {
            let t = thread_time();
            f();
            (thread_time() - t) * 1e9 / n as f64
        })
        .fold(f64::INFINITY, f64::min)
}

/// ns/elem of each math case on 1M elements, one thread (thread CPU time): inline, libm
/// calls, Rust loop.
fn math(only: Option<&str>) {
    let n = 1 << 20;
    let reps = 7;
    println!("\ntranscendentals, n = {n}, 1 thread, ns/elem of thread CPU time (best of {reps})");
    println!(
        "{:<10} {:>5} {:>10} {:>10} {:>10} {:>9}",
        "op", "dtype", "inline", "libm", "rust loop", "speed-up"
    );
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    let mut uniform = |lo: f64, hi: f64| {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        let u = (seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 11) as f64 / (1u64 << 53) as f64;
        lo + (hi - lo) * u
    };
    for case in MATH.iter().filter(|c| only.is_none_or(|o| o == c.name)) {
        let xs: Vec<f64> = (0..n)
            .map(|_| uniform(case.range.0, case.range.1))
            .collect();
        let ys: Vec<f64> = (0..n).map(|_| uniform(-10.0, 10.0)).collect();
        for dtype in [DType::F64, DType::F32] {
            let s = || Shape::from([Dim::from("n")]);
            let mut g = Graph::new("math");
            let x = g.input("x", dtype, s());
            let out = match case.op {
                Ok(u) => g.unary(u, x),
                Err(b) => {
                    let y = g.input("y", dtype, s());
                    g.binary(b, x, y)
                }
            };
            g.set_outputs(&[out]);
            let kg = fuse(&g).expect("fuses");
            let bytes = |v: &[f64]| -> Vec<u8> {
                if dtype == DType::F32 {
                    v.iter().flat_map(|&x| (x as f32).to_le_bytes()).collect()
                } else {
                    v.iter().flat_map(|&x| x.to_le_bytes()).collect()
                }
            };
            let (bx, by) = (bytes(&xs), bytes(&ys));
            let mut out = vec![0u8; n * dtype.itemsize()];
            let shape = [n];
            let strides = [dtype.itemsize() as isize];
            let inputs: Vec<BufferView<'_>> = [&bx, &by][..if case.op.is_ok() { 1 } else { 2 }]
                .iter()
                .map(|b| BufferView {
                    ptr: b.as_ptr(),
                    dtype,
                    shape: &shape,
                    strides: &strides,
                })
                .collect();
            let mut time = |math: MathImpl| {
                let opts = Options {
                    threads: Some(1),
                    math,
                    ..Options::default()
                };
                let mut run = || {
                    let mut outs = [BufferMut {
                        ptr: out.as_mut_ptr(),
                        dtype,
                        shape: &shape,
                    }];
                    let mut report = Report::default();
                    // SAFETY: the views address live Vecs of n elements of `dtype`; the
                    // output is a distinct Vec of n elements.
                    unsafe {
                        numfuse_jit::run(&kg, &inputs, &mut outs, &NoHost, &opts, &mut report)
                    }
                    .expect("runs");
                };
                run();
                best_cpu(n, reps, run)
            };
            let inline = time(MathImpl::Inline);
            let libm = time(MathImpl::Libm);
            let mut sink = 0.0;
            let rust = best_cpu(n, reps, || {
                sink = xs
                    .iter()
                    .zip(&ys)
                    .map(|(&x, &y)| reference(case.op, x, y, dtype))
                    .sum::<f64>();
                std::hint::black_box(sink);
            });
            println!(
                "{:<10} {:>5} {inline:>10.2} {libm:>10.2} {rust:>10.2} {:>8.1}x",
                case.name,
                dtype.to_string(),
                libm / inline
            );
        }
    }
}

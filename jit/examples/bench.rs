//! ns/elem of three fused kernels on 10M `f64` through the JIT, serial and on rayon's pool,
//! against plain Rust loops: `a*5`, `2*a + 3*b - 0.5*c`, `sum(a*a)`.
//!
//! `cargo run --release -p numfuse-jit --example bench [n]`

use numfuse_ir::passes::fuse::fuse;
use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp};
use numfuse_jit::{BufferMut, BufferView, Host, Options, Report};
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
}

//! The kernel cache: keyed by structure (constants and sizes are arguments), shared by
//! threads, reporting why a kernel missed.

mod common;

use common::{Layout, Strided, kernels, run_jit};
use numfuse_ir::interp::{self, Value};
use numfuse_ir::shape::Shape;
use numfuse_ir::{BinaryOp, DType, Graph, ReduceOp, UnaryOp};
use numfuse_jit::{CacheOutcome, Options};

fn affine(dtype: DType, k: f64, c: f64, name: &str) -> Graph {
    let mut g = Graph::new(name);
    let a = g.input("a", dtype, Shape::from([numfuse_ir::Dim::from("n")]));
    let m = g.binary(BinaryOp::Multiply, a, k);
    let y = g.binary(BinaryOp::Add, m, c);
    let z = g.unary(UnaryOp::Sqrt, y);
    g.set_outputs(&[z]);
    g
}

#[test]
fn constants_and_sizes_share_a_kernel_dtypes_do_not() {
    // A structure no other test uses, so the first run is a miss whatever ran before.
    let run = |g: &Graph, v: &Value| {
        let kg = kernels(g, false).unwrap();
        let s = Strided::new(v, Layout::C);
        let (got, rep) = run_jit(&kg, &[&s], &Options::default()).unwrap();
        assert_eq!(got, interp::run(g, std::slice::from_ref(v)).unwrap());
        rep.kernels[0].cache.clone()
    };
    let v = Value::f64(&[5], &[1.0, 2.0, 3.0, 4.0, 5.0]).unwrap();
    let w = Value::f64(&[7], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]).unwrap();
    let first = run(&affine(DType::F64, 2.0, 1.0, "a2p1"), &v);
    assert!(matches!(first, CacheOutcome::Miss(_) | CacheOutcome::Hit));
    assert_eq!(
        run(&affine(DType::F64, 7.0, 3.0, "a7p3"), &w),
        CacheOutcome::Hit
    );
    let f32v = Value::new(DType::F32, &[5], v.data.clone()).unwrap();
    match run(&affine(DType::F32, 7.0, 3.0, "f32"), &f32v) {
        CacheOutcome::Miss(why) => assert!(why.contains("f32"), "{why}"),
        other => panic!("expected a miss, got {other:?}"),
    }
    // A strided input is another layout.
    let kg = kernels(&affine(DType::F64, 2.0, 1.0, "strided"), false).unwrap();
    let s = Strided::new(&v, Layout::Padded);
    let (_, rep) = run_jit(&kg, &[&s], &Options::default()).unwrap();
    assert!(
        matches!(&rep.kernels[0].cache, CacheOutcome::Miss(w) if w.contains("layout"))
            || rep.kernels[0].cache == CacheOutcome::Hit,
        "{:?}",
        rep.kernels[0].cache
    );
    assert!(numfuse_jit::cached_kernels() <= numfuse_jit::CAPACITY);
}

#[test]
fn report_and_ir() {
    let g = affine(DType::F64, 3.0, 0.5, "ir");
    let kg = kernels(&g, false).unwrap();
    let v = Value::f64(&[3], &[1.0, 2.0, 3.0]).unwrap();
    let s = Strided::new(&v, Layout::C);
    let options = Options {
        keep_ir: true,
        ..Options::default()
    };
    let (_, rep) = run_jit(&kg, &[&s], &options).unwrap();
    let k = &rep.kernels[0];
    assert!(
        k.ir.as_deref().unwrap_or("").contains("function"),
        "{:?}",
        k.ir
    );
    assert_eq!(k.bytes, (24, 24));
    assert_eq!(k.threads.0, 1);
    assert_eq!(k.lanes.0, 2, "{:?}", k.lanes);
    // A strided input keeps the kernel scalar, and says why.
    let s = Strided::new(&v, Layout::Padded);
    let (_, rep) = run_jit(&kg, &[&s], &options).unwrap();
    assert_eq!(rep.kernels[0].lanes.0, 1, "{:?}", rep.kernels[0].lanes);
}

#[test]
fn many_threads_through_one_cache() {
    let v: Vec<f64> = (0..1000).map(|k| f64::from(k) * 0.25 - 7.0).collect();
    let x = Value::f64(&[10, 100], &v).unwrap();
    std::thread::scope(|s| {
        for t in 0..8 {
            let x = x.clone();
            s.spawn(move || {
                for r in 0..20 {
                    let mut g = Graph::new("conc");
                    let a = g.input("a", DType::F64, Shape::fixed(&[10, 100]));
                    let m = g.binary(BinaryOp::Multiply, a, f64::from(t * 20 + r));
                    let e = g.unary(UnaryOp::Exp, m);
                    let y = g.reduce(ReduceOp::Sum, e, Some(&[1]), false);
                    g.set_outputs(&[y, m]);
                    let kg = kernels(&g, false).unwrap();
                    let layout = if r % 2 == 0 { Layout::C } else { Layout::F };
                    let sx = Strided::new(&x, layout);
                    let (got, _) = run_jit(&kg, &[&sx], &common::libm()).unwrap();
                    assert_eq!(got, interp::run(&g, std::slice::from_ref(&x)).unwrap());
                }
            });
        }
    });
}

#[test]
fn eviction_keeps_the_cache_bounded_and_running_kernels_alive() {
    let v = Value::f64(&[4], &[1.0, 2.0, 3.0, 4.0]).unwrap();
    let s = Strided::new(&v, Layout::C);
    // More distinct structures than the cache holds: chains of k `exp(x) - 1` steps.
    let held = std::thread::scope(|scope| {
        let held = scope.spawn(|| {
            // Another thread keeps running one kernel while the cache evicts it.
            let g = affine(DType::F64, 1.5, 0.25, "held");
            let kg = kernels(&g, false).unwrap();
            for _ in 0..200 {
                let (got, _) = run_jit(&kg, &[&s], &Options::default()).unwrap();
                assert_eq!(got, interp::run(&g, std::slice::from_ref(&v)).unwrap());
            }
        });
        for k in 0..numfuse_jit::CAPACITY + 20 {
            let mut g = Graph::new("evict");
            let mut x = g.input("a", DType::F64, Shape::fixed(&[4]));
            for _ in 0..=k % 40 {
                let e = g.unary(UnaryOp::Sin, x);
                x = g.binary(BinaryOp::Subtract, e, 1.0);
            }
            // k / 40 picks the op closing the chain, so every k is a distinct structure.
            let ops = [
                BinaryOp::Add,
                BinaryOp::Multiply,
                BinaryOp::Maximum,
                BinaryOp::Minimum,
            ];
            let mut y = x;
            for j in 0..=(k / 40) % 7 {
                y = g.binary(ops[j % 4], y, 0.5);
            }
            g.set_outputs(&[y]);
            let kg = kernels(&g, false).unwrap();
            let (got, _) = run_jit(&kg, &[&s], &common::libm()).unwrap();
            assert_eq!(got, interp::run(&g, std::slice::from_ref(&v)).unwrap());
            assert!(numfuse_jit::cached_kernels() <= numfuse_jit::CAPACITY);
        }
        held.join()
    });
    assert!(held.is_ok());
}

//! Unit tests through the public API: argument forms, dtypes, layouts, errors, and that the
//! parallel paths give the serial (NumPy) result for any number of threads. Behaviour against
//! NumPy itself is `tests/numpy_reduce.rs`.

use super::pairwise::sum_slice;
use super::*;
use crate::ir::BinaryOp;
use crate::ir::op::ReduceOp;
use crate::{array, s};

/// A reduction function of `numfuse::ops`.
type ReduceFn = fn(&Array, Axes) -> Result<Array>;

/// `f()` on a rayon pool of `threads` threads.
fn on_threads<R: Send>(threads: usize, f: impl FnOnce() -> R + Send) -> R {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(f)
}

/// Values whose sums depend on the order of additions.
fn wiggly(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| ((i * 7919) % 1013) as f64 * 1e-3 + 1e9 * ((i % 3) as f64 - 1.0) / 3.0)
        .collect()
}

fn f64s(a: &Array) -> Vec<f64> {
    a.to_vec::<f64>().unwrap()
}

#[test]
fn axis_argument_forms() {
    let a = Array::arange(24.0, DType::F64).reshape(&[2, 3, 4]).unwrap();
    assert_eq!(a.sum(None).unwrap().shape(), &[] as &[usize]);
    assert_eq!(a.sum(Some(1)).unwrap().shape(), &[2, 4]);
    assert_eq!(a.sum(0).unwrap().shape(), &[3, 4]);
    assert_eq!(a.sum(-1).unwrap().shape(), &[2, 3]);
    assert_eq!(a.sum(2usize).unwrap().shape(), &[2, 3]);
    assert_eq!(a.sum([0, 2]).unwrap().shape(), &[3]);
    assert_eq!(a.sum(&[0isize, 1][..]).unwrap().shape(), &[4]);
    assert_eq!(a.sum(vec![1i64]).unwrap().shape(), &[2, 4]);
    assert_eq!(a.sum(Axes::none()).unwrap().shape(), &[2, 3, 4]);
    let k = a.max(Axes::from(-1).keepdims()).unwrap();
    assert_eq!(k.shape(), &[2, 3, 1]);
    assert_eq!(f64s(&k), [3.0, 7.0, 11.0, 15.0, 19.0, 23.0]);
    let all = a.sum(Axes::all().keepdims()).unwrap();
    assert_eq!(
        (all.shape(), f64s(&all)),
        (&[1usize, 1, 1][..], vec![276.0])
    );
}

#[test]
fn keepdims_results_broadcast_back() {
    let a = array![[1.0, 2.0, 6.0], [4.0, 4.0, 4.0]];
    let m = a.mean(Axes::from(1).keepdims()).unwrap();
    let centred = a.try_sub(&m).unwrap();
    assert_eq!(f64s(&centred), [-2.0, -1.0, 3.0, 0.0, 0.0, 0.0]);
}

#[test]
fn dtypes_follow_numpy() {
    let i8s = Array::from_slice(&[100i8, 100, 100]);
    for (op, dtype) in [
        (ReduceOp::Sum, DType::I64),
        (ReduceOp::Prod, DType::I64),
        (ReduceOp::Mean, DType::F64),
        (ReduceOp::Max, DType::I8),
        (ReduceOp::Argmax, DType::I64),
        (ReduceOp::Any, DType::Bool),
    ] {
        let r = reduction(op, &i8s, None).unwrap();
        assert_eq!(r.dtype(), dtype, "{op}");
        assert_eq!(op.result_dtype(DType::I8), dtype);
    }
    assert_eq!(i8s.sum(None).unwrap().to_vec::<i64>().unwrap(), [300]);
    let u = Array::from_slice(&[u64::MAX, 2]);
    assert_eq!(u.sum(None).unwrap().to_vec::<u64>().unwrap(), [1]);
    let f = Array::from_slice(&[1.5f32, 2.5]);
    assert_eq!(f.var(None, 0).unwrap().dtype(), DType::F32);
    assert_eq!(f.mean(None).unwrap().to_vec::<f32>().unwrap(), [2.0]);
}

#[test]
fn results_keep_memory_order() {
    let a = Array::arange(24.0, DType::F64)
        .reshape(&[2, 3, 4])
        .unwrap()
        .asfortranarray();
    let s = a.sum(1).unwrap();
    assert!(s.is_f_contiguous() && !s.is_c_contiguous());
    let c = a.copy();
    assert_eq!(f64s(&s.copy()), f64s(&c.sum(1).unwrap()));
}

#[test]
fn errors_use_numpy_wording() {
    let empty = Array::zeros(&[0, 3], DType::F64);
    let msg = |r: Result<Array>| r.unwrap_err().to_string();
    assert!(msg(empty.max(0)).contains("zero-size array to reduction operation maximum"));
    assert!(msg(empty.nanmin(None)).contains("reduction operation fmin which has no identity"));
    assert_eq!(empty.max(1).unwrap().shape(), &[0]);
    assert!(msg(empty.argmin(0)).contains("attempt to get argmin of an empty sequence"));
    assert!(msg(empty.argmax([0, 1])).contains("'tuple' object"));
    let a = Array::zeros(&[2, 3], DType::F64);
    assert!(msg(a.sum([0, -2])).contains("duplicate value in 'axis'"));
    assert_eq!(
        msg(a.sum(2)),
        "axis 2 is out of bounds for array of dimension 2"
    );
    assert!(msg(reduce(BinaryOp::Subtract, &a, None)).contains("is not reorderable"));
    let b = Array::from_slice(&[true, false]);
    assert!(msg(b.ptp(None)).contains("numpy boolean subtract"));
    assert!(msg(array![f64::NAN, f64::NAN].nanargmax(None)).contains("All-NaN slice"));
    assert!(msg(reduce(BinaryOp::Equal, &a, 0)).contains("No loop matching"));
    let neg = Array::from_slice(&[2i32, -1]);
    assert!(msg(reduce(BinaryOp::Power, &neg, None)).contains("negative integer powers"));
}

#[test]
fn empty_reductions() {
    let e = Array::zeros(&[0], DType::I32);
    assert_eq!(e.sum(None).unwrap().to_vec::<i64>().unwrap(), [0]);
    assert_eq!(e.prod(None).unwrap().to_vec::<i64>().unwrap(), [1]);
    assert_eq!(e.any(None).unwrap().to_vec::<bool>().unwrap(), [false]);
    assert_eq!(e.all(None).unwrap().to_vec::<bool>().unwrap(), [true]);
    assert!(f64s(&e.mean(None).unwrap())[0].is_nan());
    let bits = reduce(BinaryOp::BitwiseAnd, &Array::zeros(&[0], DType::U8), None).unwrap();
    assert_eq!(bits.to_vec::<u8>().unwrap(), [255]);
}

#[test]
fn variance_edge_cases() {
    let a = array![1.0, 2.0];
    assert_eq!(f64s(&a.var(None, 2).unwrap()), [f64::INFINITY]);
    assert!(f64s(&array![1.0, 1.0].var(None, 2).unwrap())[0].is_nan());
    assert!(f64s(&a.nanvar(None, 2).unwrap())[0].is_nan());
    assert_eq!(f64s(&a.std(None, 1).unwrap()), [0.5f64.sqrt()]);
}

#[test]
fn nan_forms_agree_on_every_layout() {
    let mut v = wiggly(600);
    for i in (0..600).step_by(7) {
        v[i] = f64::NAN;
    }
    let a = Array::from_vec(v, &[20, 30]).unwrap();
    let views = [a.clone(), a.t(), a.slice(s![..;-1, 1..]).unwrap()];
    for x in &views {
        let c = x.copy();
        for axes in [Axes::all(), Axes::from(0), Axes::from(1)] {
            let forms: [(&str, ReduceFn); 4] = [
                ("nansum", nansum),
                ("nanmean", nanmean),
                ("nanmax", nanmax),
                ("nanargmin", nanargmin),
            ];
            for (name, f) in forms {
                let (p, q) = (f(x, axes.clone()).unwrap(), f(&c, axes.clone()).unwrap());
                assert_eq!((p.dtype(), p.shape()), (q.dtype(), q.shape()), "{name}");
                // Sums may round differently in another memory order; the others may not.
                if !matches!(name, "nansum" | "nanmean") {
                    assert_eq!(format!("{p:?}"), format!("{q:?}"), "{name}");
                }
            }
        }
    }
}

#[test]
fn parallel_full_sum_is_numpys_pairwise_sum() {
    let v = wiggly(3_000_001);
    let want = sum_slice(&v, |x| x);
    let a = Array::from_vec(v, &[3_000_001]).unwrap();
    for threads in [1, 2, 3] {
        let got = on_threads(threads, || f64s(&a.sum(None).unwrap())[0]);
        assert_eq!(got.to_bits(), (0.0 + want).to_bits(), "{threads} threads");
    }
}

#[test]
fn parallel_paths_do_not_depend_on_threads() {
    let a = Array::from_vec(wiggly(900 * 1000), &[900, 1000]).unwrap();
    let views = [
        a.clone(),
        a.t(),
        a.slice(s![.., ..990]).unwrap(),
        a.slice(s![..;-1, ..;3]).unwrap(),
    ];
    for x in &views {
        for axes in [
            Axes::all(),
            Axes::from(0),
            Axes::from(1),
            Axes::from([0, 1]),
        ] {
            let run = |threads| {
                on_threads(threads, || {
                    let sum = f64s(&x.sum(axes.clone()).unwrap());
                    let mean = f64s(&x.mean(axes.clone()).unwrap());
                    let max = f64s(&x.max(axes.clone()).unwrap());
                    let prod = f64s(&x.prod(axes.clone()).unwrap());
                    (sum, mean, max, prod)
                })
            };
            let serial = run(1);
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            for threads in [2, 4] {
                let par = run(threads);
                assert_eq!(bits(&serial.0), bits(&par.0));
                assert_eq!(bits(&serial.1), bits(&par.1));
                assert_eq!(bits(&serial.2), bits(&par.2));
                assert_eq!(bits(&serial.3), bits(&par.3));
            }
        }
    }
}

#[test]
fn column_sums_accumulate_rows_in_order() {
    let (rows, cols) = (700, 800);
    let v = wiggly(rows * cols);
    let mut want = vec![0.0; cols];
    for r in v.chunks_exact(cols) {
        for (o, x) in want.iter_mut().zip(r) {
            *o += x;
        }
    }
    let a = Array::from_vec(v.clone(), &[rows, cols]).unwrap();
    assert_eq!(f64s(&a.sum(0).unwrap()), want);
    let rows_want: Vec<f64> = v.chunks_exact(cols).map(|r| sum_slice(r, |x| x)).collect();
    assert_eq!(f64s(&a.sum(1).unwrap()), rows_want);
}

#[test]
fn integer_and_logical_reductions_in_parallel() {
    let n = 1 << 20;
    let v: Vec<i64> = (0..n as i64)
        .map(|i| i.wrapping_mul(0x1234_5678_9abc))
        .collect();
    let want = v.iter().fold(0i64, |a, &x| a.wrapping_add(x));
    let a = Array::from_vec(v, &[n]).unwrap();
    for threads in [1, 2] {
        let s = on_threads(threads, || a.sum(None).unwrap().to_vec::<i64>().unwrap());
        assert_eq!(s, [want]);
    }
    let mut flags = vec![false; n];
    flags[n - 3] = true;
    let b = Array::from_vec(flags, &[n]).unwrap();
    assert_eq!(b.any(None).unwrap().to_vec::<bool>().unwrap(), [true]);
    assert_eq!(b.all(None).unwrap().to_vec::<bool>().unwrap(), [false]);
    assert_eq!(
        b.argmax(None).unwrap().to_vec::<i64>().unwrap(),
        [n as i64 - 3]
    );
}

#[test]
fn arg_extremes_take_the_first_occurrence() {
    let n = 3_000_000;
    let mut v = vec![1.0; n];
    v[1_500_000] = 5.0;
    v[2_900_000] = 5.0;
    let a = Array::from_vec(v.clone(), &[n]).unwrap();
    for threads in [1, 2, 3] {
        let i = on_threads(threads, || a.argmax(None).unwrap().to_vec::<i64>().unwrap());
        assert_eq!(i, [1_500_000]);
    }
    v[2_000_000] = f64::NAN;
    v[2_500_000] = f64::NAN;
    let a = Array::from_vec(v, &[n]).unwrap();
    assert_eq!(
        a.argmax(None).unwrap().to_vec::<i64>().unwrap(),
        [2_000_000]
    );
    assert_eq!(
        a.argmin(None).unwrap().to_vec::<i64>().unwrap(),
        [2_000_000]
    );
    assert_eq!(
        a.nanargmax(None).unwrap().to_vec::<i64>().unwrap(),
        [1_500_000]
    );
    // Along an outer axis (row passes) and an inner one (scans): the same answers.
    let m = array![[3.0, 1.0, 2.0], [3.0, 5.0, 2.0], [0.0, 5.0, 9.0]];
    assert_eq!(m.argmax(0).unwrap().to_vec::<i64>().unwrap(), [0, 1, 2]);
    assert_eq!(m.t().argmax(1).unwrap().to_vec::<i64>().unwrap(), [0, 1, 2]);
    assert_eq!(m.argmin(1).unwrap().to_vec::<i64>().unwrap(), [1, 2, 0]);
}

#[test]
fn ufunc_reduce_matches_the_named_reductions() {
    let a = Array::from_vec((0..24i32).map(|i| (i * 5) % 7 - 3).collect(), &[4, 6]).unwrap();
    for (op, f) in [
        (BinaryOp::Add, sum as ReduceFn),
        (BinaryOp::Multiply, prod),
        (BinaryOp::Maximum, max),
        (BinaryOp::Minimum, min),
        (BinaryOp::LogicalAnd, all),
        (BinaryOp::LogicalOr, any),
    ] {
        for axes in [Axes::all(), Axes::from(1)] {
            let (p, q) = (reduce(op, &a, axes.clone()).unwrap(), f(&a, axes).unwrap());
            assert_eq!(format!("{p:?}"), format!("{q:?}"), "{op}");
        }
    }
    let r = a.reduce(BinaryOp::Subtract, 0).unwrap();
    let v = a.to_vec::<i32>().unwrap();
    let want: Vec<i32> = (0..6)
        .map(|j| v[j] - v[6 + j] - v[12 + j] - v[18 + j])
        .collect();
    assert_eq!(r.to_vec::<i32>().unwrap(), want);
}

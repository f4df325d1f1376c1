//! The seed's section 15, "Complete Interview Question Bank": each of Q1–Q20 answered in numfuse
//! code, with the answer's claim asserted.
//!
//! Run with `cargo run --example interview` (`--quick` shrinks the timed Q17 and Q20 for CI).
//! `tests/seed_interview.rs` compares the computed answers (Q2, Q3, Q6, Q8–Q11, Q16–Q20) with
//! NumPy's run of the same code.
//!
//! Where numfuse's answer differs from NumPy's, the example says so: Q1 — arrays are values, so
//! "no copy" is a clone sharing the buffer and a copy is `copy()`; Q4 — `set_writeable(false)`
//! and writes return `Err(ReadOnly)`; Q5 — `Array::empty` returns zeros, never garbage (numfuse
//! never exposes uninitialised memory; large buffers are fresh OS pages, so it costs no more);
//! Q13 — there is no GIL: `Array` is `Send + Sync`, so plain Rust threads share arrays, and
//! numfuse's kernels already split large loops across its own thread pool.

mod seed_lib {
    include!("seed_lib/interview.rs");
}

use numfuse::io::{MemmapOptions, MmapMode, memmap};
use numfuse::linalg::{Optimize, einsum_opt, einsum_path};
use numfuse::ops::errstate::{ErrMode, ErrState, errstate};
use numfuse::prelude::*;
use numfuse::random::default_rng;
use numfuse::testing::{assert_allclose, assert_array_equal};
use seed_lib::{
    batch_norm, batch_norm_lazy, q2_reshape, q3_mixed, q6_strides, q8_products, q9_ravel_flags,
    q10_window_means, q11_solve_vs_inv, q16_normalize_rows, q17_pairwise, q17_pairwise_lazy,
    q18_top5, q19_numeric_columns, residual,
};
use std::time::Instant;

const CSV: &str = "name,height,weight,city,score
ann,1.62,55.5,Oslo,7.5
bob,,80.25,Rome,8
cy,1.80,,Paris,
dee,1.55,49.0,Lima,9.25
";

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

fn main() -> Result<()> {
    let quick = std::env::args().any(|a| a == "--quick");
    let mut rng = default_rng(2024);

    // --- Basic Level ---
    // Q1: np.array vs np.asarray. `asarray` of an array is the array itself: here a clone,
    // which shares the buffer (O(1)); `np.array` copies: `copy()`.
    let a = Array::arange(5.0, DType::F64);
    let as_array = a.clone(); // np.asarray(a)
    let copied = a.copy(); // np.array(a)
    println!(
        "Q1: asarray shares memory: {}, array shares memory: {}",
        as_array.shares_memory(&a),
        copied.shares_memory(&a)
    );
    assert!(as_array.shares_memory(&a) && !copied.shares_memory(&a));
    // A different dtype needs a conversion, so it is a new buffer either way.
    assert!(!a.astype(DType::F32).shares_memory(&a));

    // Q2: -1 in reshape is inferred.
    let q2 = q2_reshape()?;
    println!("Q2: arange(12).reshape(-1, 4) has shape {:?}", q2.shape());
    assert_eq!(q2.shape(), &[3, 4]);

    // Q3: the dtype of [1, 2.0, True].
    let q3 = q3_mixed()?;
    println!("Q3: [1, 2.0, True] -> {q3} ({})", q3.dtype());
    assert_eq!(q3.dtype(), DType::F64);
    assert_eq!(
        numfuse::promote_types(numfuse::promote_types(DType::I64, DType::F64), DType::Bool),
        DType::F64
    );

    // Q4: a read-only array.
    let mut constants = array![1.0, 2.0, 3.0];
    constants.set_writeable(false)?; // arr.flags['WRITEABLE'] = False
    let err = constants.set(&[0], 9.0).unwrap_err();
    println!("Q4: write to a read-only array: Err({err})");
    assert!(matches!(err, Error::ReadOnly { .. }));
    assert!(constants.fill(0.0).is_err());
    // Views and clones inherit the flag.
    assert!(!constants.slice(s![1..])?.flags().writeable);

    // Q5: zeros vs empty.
    let z = Array::zeros(&[2, 3], DType::F64);
    // `empty` states the intent "every element will be written"; numfuse still gives zeros
    // (fresh pages from the OS for large arrays), so it is as cheap and never garbage.
    let mut e = Array::empty(&[2, 3], DType::F64);
    e.fill(7.0)?; // ... so fill every element before reading
    println!("Q5: zeros {z:#}\n    empty, then filled {e:#}");
    assert_eq!(z.to_vec::<f64>()?, vec![0.0; 6]);
    assert_eq!(e.to_vec::<f64>()?, vec![7.0; 6]);

    // --- Intermediate Level ---
    // Q6: memory layout and a free transpose.
    let m = Array::zeros(&[3, 4], DType::F64);
    let t = m.t();
    println!(
        "Q6: (3, 4) float64: {} bytes, strides {:?}; transposed strides {:?}",
        m.nbytes(),
        m.strides(),
        t.strides()
    );
    assert_eq!(q6_strides()?.to_vec::<i64>()?, vec![32, 8, 8, 32]);
    assert!(t.shares_memory(&m) && t.is_f_contiguous());

    // Q7: broadcasting fails when trailing dimensions differ and neither is 1.
    let err = Array::zeros(&[3, 4], DType::F64)
        .try_add(&Array::zeros(&[2], DType::F64))
        .unwrap_err();
    println!("Q7: (3, 4) + (2,): Err({err})");
    assert!(matches!(err, Error::Broadcast { .. }));
    assert!(err.to_string().contains("could not be broadcast together"));
    let ok = Array::zeros(&[3, 4], DType::F64).try_add(&Array::zeros(&[4], DType::F64))?;
    assert_eq!(ok.shape(), &[3, 4]);

    // Q8: dot, inner, outer.
    let (va, vb) = (array![1i64, 2, 3], array![4i64, 5, 6]);
    let mm = Array::arange(6.0, DType::I64).reshape(&[2, 3])?;
    let nn = Array::arange(12.0, DType::I64).reshape(&[4, 3])?;
    let [dot1, dot2, inner1, inner2, outer] = q8_products(&va, &vb, &mm, &nn)?;
    println!("Q8: dot(a, b) = {dot1}, inner(a, b) = {inner1}, outer(a, b) =\n{outer:#}");
    assert_eq!(dot1.to_vec::<i64>()?, vec![32]);
    assert_array_equal(&dot1, &inner1); // the same for 1-D
    assert_array_equal(&dot2, &inner2); // inner contracts the last axes: M @ N.T
    assert_eq!(outer.shape(), &[3, 3]);

    // Q9: ravel is a view of a C-contiguous array and a copy of its transpose.
    let q9 = q9_ravel_flags()?;
    println!("Q9: ravel shares memory (C-contiguous, transposed): {q9}");
    assert_eq!(q9.to_vec::<bool>()?, vec![true, false]);

    // Q10: a sliding window without loops.
    let arr = rng.standard_normal(&[20]);
    let window_means = q10_window_means(&arr, 5)?;
    println!(
        "Q10: {} window means of 5, first {}",
        window_means.len(),
        window_means.get(&[0])?
    );
    let first = arr.slice(s![..5])?.mean(None)?;
    assert_allclose(&window_means.slice(s![0])?, &first, 1e-15, 0.0);
    assert!(arr.sliding_window_view(&[5], None)?.shares_memory(&arr)); // no copy

    // --- Advanced Level ---
    // Q11: solve vs inv(A) @ b.
    let n11 = 5;
    let a11 = rng
        .standard_normal(&[n11, n11])
        .try_add(&Array::eye(n11, None, 0, DType::F64).try_mul(5.0)?)?;
    let b11 = rng.standard_normal(&[n11]);
    let (x_solve, x_inv) = q11_solve_vs_inv(&a11, &b11)?;
    let (r_solve, r_inv) = (
        residual(&a11, &x_solve, &b11)?,
        residual(&a11, &x_inv, &b11)?,
    );
    println!("Q11: max |Ax - b|: solve {r_solve:.1e}, inv(A) @ b {r_inv:.1e}");
    assert_allclose(&x_inv, &x_solve, 1e-12, 0.0);
    assert!(r_solve < 1e-13);
    // On an ill-conditioned matrix the difference shows: Hilbert(10), cond ~ 1.6e13.
    let h = 10;
    let i = Array::arange(h as f64, DType::F64);
    let hilbert = i
        .slice(s![.., NewAxis])?
        .try_add(&i)?
        .try_add(1.0)?
        .reciprocal()?;
    let bh = hilbert.sum(1)?; // exact solution: ones
    let (xs, xi) = q11_solve_vs_inv(&hilbert, &bh)?;
    println!(
        "     Hilbert(10): residual solve {:.1e}, inv(A) @ b {:.1e}",
        residual(&hilbert, &xs, &bh)?,
        residual(&hilbert, &xi, &bh)?
    );

    // Q12: einsum's contraction order. A chain of three matrices, (10x100)(100x10)(10x100):
    // without optimisation one loop nest runs over all four indices at once (i, j, k, l);
    // the optimiser contracts two operands at a time, choosing the cheapest pair first.
    let a12 = rng.standard_normal(&[10, 100]);
    let b12 = rng.standard_normal(&[100, 10]);
    let c12 = rng.standard_normal(&[10, 100]);
    let path = einsum_path("ij,jk,kl->il", &[&a12, &b12, &c12], Optimize::Optimal)?;
    println!(
        "Q12: path {:?}: naive {} FLOPs, optimized {} FLOPs",
        path.path, path.naive_flops, path.optimized_flops
    );
    assert!(path.optimized_flops * 10 < path.naive_flops);
    let fast = einsum_opt("ij,jk,kl->il", &[&a12, &b12, &c12], Optimize::Optimal)?;
    let plain = a12.matmul(&b12)?.matmul(&c12)?;
    assert_allclose(&fast, &plain, 1e-12, 1e-12);

    // Q13: no GIL. `Array` is Send + Sync: scoped threads read one shared array, each summing
    // its own rows (numfuse's own kernels split large loops across a thread pool as well).
    let big = rng.standard_normal(&[8, 10_000]);
    let partial: Vec<f64> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..4)
            .map(|k| {
                let big = &big;
                scope.spawn(move || -> Result<f64> {
                    Ok(big
                        .slice(s![2 * k..2 * k + 2, ..])?
                        .sum(None)?
                        .get(&[])?
                        .to_f64())
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("worker thread panicked"))
            .collect::<Result<Vec<f64>>>()
    })?;
    let total = big.sum(None)?.get(&[])?.to_f64();
    println!(
        "Q13: 4 threads' partial sums add up to {:.6} (whole: {total:.6})",
        partial.iter().sum::<f64>()
    );
    assert!((partial.iter().sum::<f64>() - total).abs() < 1e-9);

    // Q14: errstate.
    let ones = array![1.0, -1.0];
    let err = errstate(ErrState::all(ErrMode::Raise), || ones.try_div(0.0)).unwrap_err();
    let quiet = errstate(ErrState::all(ErrMode::Ignore), || ones.try_div(0.0))?;
    println!("Q14: under 'raise': Err({err}); under 'ignore': {quiet}");
    assert!(matches!(err, Error::FloatingPoint { .. }));
    assert_eq!(
        quiet.to_vec::<f64>()?,
        vec![f64::INFINITY, f64::NEG_INFINITY]
    );

    // Q15: memmap. Write a (100, 4) float32 file, map it read-only, read one slice.
    let dir = std::env::temp_dir().join(format!("numfuse-interview-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let path = dir.join("data.dat");
    let spec = MemmapOptions {
        shape: Some(vec![100, 4]),
        ..Default::default()
    };
    {
        let mut w = memmap(&path, DType::F32, MmapMode::Create, &spec)?;
        w.slice_mut(s![.., ..])?
            .assign(&Array::arange(400.0, DType::F32).reshape(&[100, 4])?)?;
        w.flush()?;
    }
    let mapped = memmap(&path, DType::F32, MmapMode::ReadOnly, &spec)?;
    let rows = mapped.slice(s![50..52, ..])?; // only these pages are read from disk
    println!("Q15: rows 50..52 of the mapped file: {rows:#}");
    assert!(mapped.is_memory_mapped() && !mapped.flags().writeable);
    assert_eq!(
        rows.to_vec::<f32>()?,
        (200..208).map(|v| v as f32).collect::<Vec<_>>()
    );
    drop((rows, mapped));
    std::fs::remove_dir_all(&dir)?;

    // --- Scenario-Based ---
    // Q16: normalise each row (ddof=1).
    let arr16 = rng
        .standard_normal(&[1000, 100])
        .try_mul(3.0)?
        .try_add(1.0)?;
    let normalized = q16_normalize_rows(&arr16)?;
    let row_std = normalized.std(1, 1)?;
    println!(
        "Q16: row means ~0 (max |mean| {:.1e}), row std ~1",
        normalized.mean(1)?.abs()?.max(None)?.get(&[])?.to_f64()
    );
    assert_allclose(&row_std, 1.0, 1e-7, 0.0);

    // Q17: pairwise distances, eager and lazy, timed.
    let (n17, d17) = if quick { (200, 32) } else { (1000, 128) };
    let x17 = rng.standard_normal(&[n17, d17]);
    let t0 = Instant::now();
    let d = q17_pairwise(&x17)?;
    let t_eager = ms(t0);
    let _ = q17_pairwise_lazy(&x17).eval()?; // compile once
    let t0 = Instant::now();
    let dl = q17_pairwise_lazy(&x17).eval()?;
    let t_lazy = ms(t0);
    println!(
        "Q17: ({n17}, {n17}) distances in {d17}-D: eager {t_eager:.2} ms, lazy {t_lazy:.2} ms"
    );
    // The Gram form cancels on the diagonal: |D_ii| ~ sqrt(eps * |x|^2), not 0 (as in NumPy).
    assert_allclose(&dl, &d, 1e-10, 1e-6);
    let d01 = x17
        .slice(s![0])?
        .try_sub(&x17.slice(s![1])?)?
        .square()?
        .sum(None)?
        .sqrt()?;
    assert_allclose(&d.slice(s![0, 1])?, &d01, 1e-12, 0.0);

    // Q18: the 5 largest values of a 2-D array, largest first.
    let arr18 = rng.standard_normal(&[6, 7]);
    let top = q18_top5(&arr18)?;
    println!("Q18: (row, col) of the top 5:\n{top:#}");
    let flat: Vec<f64> = arr18.to_vec::<f64>()?;
    let mut sorted = flat.clone();
    sorted.sort_by(|p, q| q.total_cmp(p));
    let rc = top.to_vec::<i64>()?;
    for j in 0..5 {
        assert_eq!(flat[(rc[j] * 7 + rc[5 + j]) as usize], sorted[j]);
    }

    // Q19: numeric columns of a mixed CSV.
    let data = q19_numeric_columns(CSV)?;
    println!("Q19: usecols (1, 2, 4):\n{data:#}");
    assert_eq!(data.shape(), &[4, 3]);
    assert_eq!(data.isnan()?.sum(None)?.to_vec::<i64>()?, vec![3]);

    // Q20: batch normalisation forward, eager and lazy, timed.
    let (batch, features) = if quick { (256, 64) } else { (4096, 512) };
    let x20 = rng
        .standard_normal(&[batch, features])
        .try_mul(2.0)?
        .try_add(0.5)?;
    let gamma = Array::ones(&[features], DType::F64);
    let beta = Array::zeros(&[features], DType::F64);
    let t0 = Instant::now();
    let y = batch_norm(&x20, &gamma, &beta, 1e-5)?;
    let t_eager = ms(t0);
    let _ = batch_norm_lazy(&x20, &gamma, &beta, 1e-5).eval()?; // compile once
    let t0 = Instant::now();
    let yl = batch_norm_lazy(&x20, &gamma, &beta, 1e-5).eval()?;
    let t_lazy = ms(t0);
    println!("Q20: batch_norm ({batch}, {features}): eager {t_eager:.2} ms, lazy {t_lazy:.2} ms");
    assert_allclose(&yl, &y, 1e-12, 1e-12);
    // With gamma = 1 and beta = 0 every feature has mean 0 and variance var/(var+eps) ~ 1.
    assert_allclose(&y.mean(0)?, 0.0, 0.0, 1e-12);
    assert_allclose(&y.var(0, 0)?, 1.0, 1e-5, 0.0);
    Ok(())
}

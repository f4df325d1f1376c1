//! Lazy `var`/`std` against the eager ones (which are checked against NumPy in
//! `numpy_reduce.rs`): every axis form, keepdims, ddof, float and integer dtypes, strided input.
//! The JIT sums in a different order than eager's pairwise sum, so floats agree to a relative
//! 1e-12 (f64) / 1e-5 (f32) of the mean square, not bit for bit.

use numfuse::Axes;
use numfuse::prelude::*;

fn opts(backend: Backend) -> EvalOptions {
    EvalOptions {
        backend,
        ..EvalOptions::default()
    }
}

fn close(lazy: &Array, eager: &Array, what: &str) {
    assert_eq!(lazy.dtype(), eager.dtype(), "{what}: dtype");
    assert_eq!(lazy.shape(), eager.shape(), "{what}: shape");
    let rtol = if eager.dtype() == DType::F32 {
        1e-5
    } else {
        1e-12
    };
    let l = lazy.astype(DType::F64).to_vec::<f64>().unwrap();
    let e = eager.astype(DType::F64).to_vec::<f64>().unwrap();
    let scale = e.iter().fold(1.0f64, |m, x| m.max(x.abs()));
    for (i, (x, y)) in l.iter().zip(&e).enumerate() {
        let ok = (x.is_nan() && y.is_nan()) || x == y || (x - y).abs() <= rtol * scale;
        assert!(ok, "{what}: element {i}: lazy {x} eager {y}");
    }
}

#[test]
fn var_and_std_match_eager() {
    let base = Array::arange(120.0, DType::F64)
        .reshape(&[4, 5, 6])
        .unwrap();
    let wobble = base.sin().unwrap();
    let inputs = [
        ("f64", &(&wobble * 3.0) + 1.0),
        ("f32", wobble.astype(DType::F32)),
        ("i32", base.astype(DType::I32)),
        ("bool", wobble.greater(0.2).unwrap()),
        ("f64 transposed", wobble.t()),
    ];
    let axes: [(&str, Axes); 6] = [
        ("None", Axes::all()),
        ("0", Axes::from(0)),
        ("-1", Axes::from(-1)),
        ("[0, 2]", Axes::list(&[0, 2])),
        ("1 keepdims", Axes::from(1).keepdims()),
        ("None keepdims", Axes::all().keepdims()),
    ];
    for (name, a) in &inputs {
        for (label, ax) in &axes {
            for ddof in [0, 1] {
                let what = format!("{name} axes={label} ddof={ddof}");
                let want_var = a.var(ax.clone(), ddof).unwrap();
                let want_std = a.std(ax.clone(), ddof).unwrap();
                for backend in [Backend::Jit, Backend::Eager] {
                    let x = a.lazy();
                    let got = x.var(ax.clone(), ddof).eval_with(&opts(backend)).unwrap();
                    close(&got, &want_var, &format!("var {what} {}", backend.name()));
                    let got = x.std(ax.clone(), ddof).eval_with(&opts(backend)).unwrap();
                    close(&got, &want_std, &format!("std {what} {}", backend.name()));
                }
            }
        }
    }
}

#[test]
fn bad_axes_and_large_ddof() {
    let a = Array::ones(&[3, 4], DType::F64);
    let err = a.lazy().var(2, 0).eval().unwrap_err().to_string();
    assert!(err.contains("axis 2 is out of bounds"), "{err}");
    // ddof >= n divides by zero: inf for a non-zero sum, NaN for zero (NumPy warns; so do we
    // not raise).
    let v = (a.lazy() * &Array::arange(4.0, DType::F64))
        .var(1, 4)
        .eval()
        .unwrap();
    assert!(v.to_vec::<f64>().unwrap().iter().all(|x| x.is_infinite()));
}

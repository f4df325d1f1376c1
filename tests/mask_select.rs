//! Boolean-mask selection (`a[mask]`) and `nonzero`, eager and lazy, against NumPy: the inputs,
//! masks and results in `tests/data/mask/` (`gen_mask` in `scripts/gen_numpy_reference.py`),
//! with C- and F-ordered inputs; NumPy's messages for refused masks.

mod common;

use common::{Json, assert_array_eq, data_files, load_npy, read_text};
use numfuse::prelude::*;

fn cases() -> Vec<String> {
    let names: Vec<String> = data_files("mask", "_a.npy")
        .iter()
        .map(|p| {
            p.trim_start_matches("mask/")
                .trim_end_matches("_a.npy")
                .to_string()
        })
        .collect();
    assert!(names.len() >= 8, "reference cases: {names:?}");
    names
}

#[test]
fn mask_select_matches_numpy() {
    for name in cases() {
        let a = load_npy(&format!("mask/{name}_a.npy"));
        let mask = load_npy(&format!("mask/{name}_mask.npy"));
        let want = load_npy(&format!("mask/{name}_select.npy"));
        for (layout, input) in [("C", a.clone()), ("F", a.copy_order(Order::F))] {
            let got = input.mask_select(&mask).unwrap();
            assert_array_eq(&got, &want, &format!("{name} ({layout}) eager"));
            let lazy = input.lazy().mask_select(mask.lazy()).unwrap();
            let got = lazy.eval().unwrap();
            assert_array_eq(&got, &want, &format!("{name} ({layout}) lazy"));
        }
    }
}

#[test]
fn nonzero_matches_numpy() {
    for name in cases() {
        let a = load_npy(&format!("mask/{name}_a.npy"));
        if a.ndim() == 0 {
            let err = a.nonzero().unwrap_err().to_string();
            assert!(err.contains("0d arrays"), "{err}");
            continue;
        }
        let got = a.copy_order(Order::F).nonzero().unwrap();
        let lazy = a.lazy().nonzero().unwrap();
        assert_eq!(got.len(), a.ndim(), "{name}");
        for (k, (g, l)) in got.iter().zip(&lazy).enumerate() {
            let want = load_npy(&format!("mask/{name}_nonzero{k}.npy"));
            assert_array_eq(g, &want, &format!("{name} axis {k} eager"));
            assert_array_eq(&l.eval().unwrap(), &want, &format!("{name} axis {k} lazy"));
        }
    }
}

#[test]
fn refused_masks_give_numpys_messages() {
    let errors = Json::parse(&read_text("mask/errors.json"));
    for (label, case) in errors.members() {
        let dims = |key: &str| -> Vec<usize> {
            case.get(key)
                .arr()
                .iter()
                .map(|d| d.int() as usize)
                .collect()
        };
        let a = Array::zeros(&dims("shape"), DType::F64);
        let mask = Array::zeros(&dims("mask"), DType::Bool);
        let err = a.mask_select(&mask).unwrap_err();
        assert_eq!(err.to_string(), case.get("error").str(), "{label}");
    }
    let ints = Array::zeros(&[3], DType::I64);
    let err = ints.mask_select(&ints).unwrap_err().to_string();
    assert!(err.contains("bool mask"), "{err}");
}

#[test]
fn lazy_materialisation_surfaces_operand_errors() {
    let a = array![1.0, 2.0, 3.0];
    let bad = a.lazy() + &array![1.0, 2.0];
    let err = bad.mask_select(a.lazy().greater(1.0)).unwrap_err();
    assert!(err.to_string().contains("could not be broadcast"), "{err}");
    // A mask from another graph, and a weak scalar mask (NumPy's `a[True]`).
    let m = array![true, false, true].lazy();
    let got = a.lazy().mask_select(&m).unwrap().eval().unwrap();
    assert_eq!(got.to_vec::<f64>().unwrap(), vec![1.0, 3.0]);
    let all = a.lazy().mask_select(true).unwrap().eval().unwrap();
    assert_eq!(all.shape(), &[1, 3]);
}

//! Statistics against NumPy: `tests/data/stats/cases.json`, written by
//! `scripts/gen_numpy_stats.py` (median/quantile/percentile and their `nan*` forms with every
//! method, dtypes, axes, keepdims, views, NaN, ties and empty inputs; histogram edge cases;
//! bincount, digitize, cov, corrcoef, average; NumPy's errors and their messages).
//!
//! Tolerances: integer and bool results exact; `float64` within rtol 1e-12 (1e-10 plus atol
//! 1e-12 for cov, corrcoef, average and density, whose sums NumPy orders differently);
//! `float32` within rtol 1e-5; NaN matches NaN. Also: property tests (median is the middle of a
//! sort, quantiles are monotone in `q`, lower <= linear <= higher, histogram counts add up, no
//! input panics) and long lanes that take the parallel paths.

mod common;

use common::cases::array_from_json;
use common::{Json, assert_agree, dtype, read_text, splitmix};
use numfuse::ops::{
    CovOptions, QuantileMethod, average_with_sum, bincount, corrcoef, cov, digitize, histogram,
    histogram_bin_edges, median, nanmedian, nanpercentile, nanquantile, percentile, quantile,
};
use numfuse::prelude::*;
use numfuse::{Axes, Bins, Quantiles};
use proptest::prelude::*;

fn axes(c: &Json) -> Axes {
    let keep = c.members().iter().any(|(k, _)| k == "keepdims") && c.get("keepdims").bool();
    let ax = match c.get("axis") {
        Json::Null => Axes::all(),
        Json::Arr(_) => {
            let v: Vec<isize> = c.get("axis").ints().iter().map(|&i| i as isize).collect();
            Axes::list(&v)
        }
        j => Axes::from(j.int() as isize),
    };
    ax.with_keepdims(keep)
}

fn opt_arr(j: &Json) -> Option<Array> {
    j.opt().map(array_from_json)
}

fn bins(j: &Json) -> Bins {
    match j {
        Json::Num(_) => Bins::Count(j.int()),
        _ => Bins::from(&array_from_json(j)),
    }
}

fn range(j: &Json) -> Option<(f64, f64)> {
    j.opt().map(|r| {
        let v = r.arr();
        let f = |x: &Json| x.str().parse::<f64>().unwrap();
        (f(&v[0]), f(&v[1]))
    })
}

/// Runs a case: its result arrays.
fn run(c: &Json) -> numfuse::Result<Vec<Array>> {
    let arr = |k: &str| array_from_json(c.get(k));
    let one = |r: numfuse::Result<Array>| r.map(|a| vec![a]);
    let f = c.get("func").str();
    match f {
        "median" => one(median(&arr("a"), axes(c))),
        "nanmedian" => one(nanmedian(&arr("a"), axes(c))),
        "quantile" | "percentile" | "nanquantile" | "nanpercentile" => {
            let qj = c.get("q");
            let q: Quantiles = if qj.members().iter().any(|(k, _)| k == "scalar") {
                Quantiles::from(qj.get("scalar").str().parse::<f64>().unwrap())
            } else {
                Quantiles::from(&array_from_json(qj))
            };
            let m = QuantileMethod::from_name(c.get("method").str()).unwrap();
            let a = arr("a");
            one(match f {
                "quantile" => quantile(&a, q, axes(c), m),
                "percentile" => percentile(&a, q, axes(c), m),
                "nanquantile" => nanquantile(&a, q, axes(c), m),
                _ => nanpercentile(&a, q, axes(c), m),
            })
        }
        "histogram" => {
            let w = opt_arr(c.get("weights"));
            let (n, e) = histogram(
                &arr("a"),
                bins(c.get("bins")),
                range(c.get("range")),
                c.get("density").bool(),
                w.as_ref(),
            )?;
            Ok(vec![n, e])
        }
        "histogram_bin_edges" => one(histogram_bin_edges(
            &arr("a"),
            bins(c.get("bins")),
            range(c.get("range")),
        )),
        "bincount" => {
            let w = opt_arr(c.get("weights"));
            one(bincount(
                &arr("x"),
                w.as_ref(),
                c.get("minlength").int() as usize,
            ))
        }
        "digitize" => one(digitize(&arr("x"), &arr("bins"), c.get("right").bool())),
        "cov" => {
            let (y, fw, aw) = (
                opt_arr(c.get("y")),
                opt_arr(c.get("fweights")),
                opt_arr(c.get("aweights")),
            );
            let opts = CovOptions {
                rowvar: c.get("rowvar").bool(),
                bias: c.get("bias").bool(),
                ddof: c.get("ddof").opt().map(Json::int),
                fweights: fw.as_ref(),
                aweights: aw.as_ref(),
            };
            one(cov(&arr("m"), y.as_ref(), &opts))
        }
        "corrcoef" => {
            let y = opt_arr(c.get("y"));
            one(corrcoef(&arr("x"), y.as_ref(), c.get("rowvar").bool()))
        }
        "average" => {
            let w = opt_arr(c.get("weights"));
            let (avg, sum) = average_with_sum(&arr("a"), axes(c), w.as_ref())?;
            Ok(if c.get("returned").bool() {
                vec![avg, sum]
            } else {
                vec![avg]
            })
        }
        other => panic!("unknown func {other}"),
    }
}

/// `None` when `got` matches the expected `{"dtype", "shape", "values"}` within the tolerances
/// of the module docs.
fn compare(got: &Array, want: &Json, loose: bool) -> Option<String> {
    let t = dtype(want.get("dtype").str());
    let shape: Vec<usize> = want
        .get("shape")
        .ints()
        .iter()
        .map(|&v| v as usize)
        .collect();
    if got.dtype() != t || got.shape() != shape.as_slice() {
        return Some(format!(
            "dtype/shape {} {:?}, numpy {t} {shape:?}",
            got.dtype(),
            got.shape()
        ));
    }
    let g = got.astype(DType::F64).to_vec::<f64>().unwrap();
    let w: Vec<f64> = want
        .get("values")
        .arr()
        .iter()
        .map(|v| match v.str() {
            "True" => 1.0,
            "False" => 0.0,
            s => s.parse::<f64>().unwrap(),
        })
        .collect();
    let (rtol, atol) = match t {
        DType::F32 => (1e-5, 1e-6),
        DType::F64 if loose => (1e-10, 1e-12),
        DType::F64 => (1e-12, 0.0),
        _ => (0.0, 0.0),
    };
    let bad: Vec<String> = g
        .iter()
        .zip(&w)
        .enumerate()
        .filter(|&(_, (&g, &w))| {
            !(g == w || (g.is_nan() && w.is_nan()) || (g - w).abs() <= atol + rtol * w.abs())
        })
        .take(5)
        .map(|(i, (g, w))| format!("[{i}] {g:?} vs numpy {w:?}"))
        .collect();
    (!bad.is_empty()).then(|| format!("values differ: {}", bad.join(", ")))
}

/// Cases whose NumPy message numfuse words differently (axis errors use the crate's wording).
const OWN_MESSAGE: &[&str] = &["median_dup_axis"];

#[test]
fn numpy_cases() {
    let json = Json::parse(&read_text("stats/cases.json"));
    let mut failures = Vec::new();
    let cases = json.get("cases").arr();
    for c in cases {
        let name = c.get("name").str();
        let f = c.get("func").str();
        let loose = matches!(f, "cov" | "corrcoef" | "average")
            || (f == "histogram" && c.get("density").bool());
        let expect = c.get("expect");
        let got = std::panic::catch_unwind(|| run(c));
        let got = match got {
            Ok(g) => g,
            Err(_) => {
                failures.push(format!("{name}: panicked"));
                continue;
            }
        };
        let err = if expect.members().iter().any(|(k, _)| k == "error") {
            let msg = expect.get("msg").str();
            match &got {
                Ok(_) => Some(format!("numpy raised {msg:?}, numfuse returned a value")),
                Err(e)
                    if !OWN_MESSAGE.contains(&name)
                        && !e.to_string().to_lowercase().contains(&msg.to_lowercase()) =>
                {
                    Some(format!("message {:?}, numpy {msg:?}", e.to_string()))
                }
                Err(_) => None,
            }
        } else {
            match got {
                Err(e) => Some(format!("numfuse failed: {e}")),
                Ok(arrays) => {
                    let wants: Vec<&Json> = if expect.members().iter().any(|(k, _)| k == "arrays") {
                        expect.get("arrays").arr().iter().collect()
                    } else {
                        vec![expect]
                    };
                    if arrays.len() != wants.len() {
                        Some(format!("{} results, numpy {}", arrays.len(), wants.len()))
                    } else {
                        arrays
                            .iter()
                            .zip(wants)
                            .enumerate()
                            .find_map(|(i, (g, w))| {
                                compare(g, w, loose).map(|m| format!("result {i}: {m}"))
                            })
                    }
                }
            }
        };
        if let Some(e) = err {
            failures.push(format!("{name}: {e}"));
        }
    }
    assert_agree(&failures, cases.len());
}

#[test]
fn empty_inputs_give_nan_where_numpy_raises() {
    let e = Array::zeros(&[0], DType::F64);
    let p = percentile(&e, [10.0, 50.0], None, QuantileMethod::Linear).unwrap();
    assert_eq!(p.shape(), &[2]);
    assert!(p.to_vec::<f64>().unwrap().iter().all(|v| v.is_nan()));
    let ei = Array::zeros(&[0], DType::I64);
    assert!(quantile(&ei, 0.5, None, QuantileMethod::Lower).is_err());
    let q = quantile(&ei, 0.5, None, QuantileMethod::Linear).unwrap();
    assert!(q.to_vec::<f64>().unwrap()[0].is_nan());
    let nm = nanmedian(&Array::full(&[3], f64::NAN, DType::F64), None).unwrap();
    assert!(nm.to_vec::<f64>().unwrap()[0].is_nan());
}

#[test]
fn method_names_and_array_methods() {
    for m in QuantileMethod::ALL {
        assert_eq!(QuantileMethod::from_name(m.name()).unwrap(), m);
    }
    let a = array![[3.0, 1.0, 2.0], [6.0, 5.0, 4.0]];
    assert_eq!(a.median(1).unwrap().to_vec::<f64>().unwrap(), [2.0, 5.0]);
    let q = a.quantile(0.5, 0, QuantileMethod::Higher).unwrap();
    assert_eq!(q.to_vec::<f64>().unwrap(), [6.0, 5.0, 4.0]);
    let p = a.percentile(50.0, None, QuantileMethod::Linear).unwrap();
    assert_eq!(p.to_vec::<f64>().unwrap(), [3.5]);
}

/// Sorted copy with NaN last (NumPy's order).
fn sorted(v: &[f64]) -> Vec<f64> {
    let mut s = v.to_vec();
    s.sort_by(|a, b| {
        a.partial_cmp(b)
            .unwrap_or_else(|| a.is_nan().cmp(&b.is_nan()))
    });
    s
}

/// A deterministic pseudo-random stream (SplitMix64) in `[-1000, 1000)` with many ties.
fn stream(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            let z = splitmix(&mut s);
            ((z % 200_000) as f64 - 100_000.0) / 100.0
        })
        .collect()
}

#[test]
fn long_lane_against_sort() {
    let n = 500_001;
    let v = stream(n, 7);
    let s = sorted(&v);
    let a = Array::from_vec(v, &[n]).unwrap();
    let qs = [0.0, 0.1, 0.5, 0.73, 1.0];
    let got = quantile(&a, qs, None, QuantileMethod::Linear)
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    for (q, g) in qs.iter().zip(got) {
        let vi = (n - 1) as f64 * q;
        let lo = vi.floor() as usize;
        let hi = (lo + 1).min(n - 1);
        let t = vi - lo as f64;
        let want = s[lo] + (s[hi] - s[lo]) * t;
        assert!(
            (g - want).abs() <= 1e-9 * want.abs().max(1.0),
            "q={q}: {g} vs {want}"
        );
    }
    assert_eq!(
        median(&a, None).unwrap().to_vec::<f64>().unwrap(),
        [s[n / 2]]
    );
}

#[test]
fn many_lanes_in_parallel_against_sort() {
    let (rows, cols) = (300, 301);
    let v = stream(rows * cols, 11);
    let a = Array::from_vec(v.clone(), &[rows, cols]).unwrap();
    let got = median(&a, 1).unwrap().to_vec::<f64>().unwrap();
    for (r, g) in got.iter().enumerate() {
        let s = sorted(&v[r * cols..(r + 1) * cols]);
        assert_eq!(*g, s[cols / 2], "row {r}");
    }
    let got0 = quantile(&a, 0.25, 0, QuantileMethod::Lower)
        .unwrap()
        .to_vec::<f64>()
        .unwrap();
    for (c, g) in got0.iter().enumerate() {
        let col: Vec<f64> = (0..rows).map(|r| v[r * cols + c]).collect();
        let s = sorted(&col);
        assert_eq!(
            *g,
            s[((rows - 1) as f64 * 0.25).floor() as usize],
            "col {c}"
        );
    }
}

#[test]
fn large_histogram_against_simple_count() {
    let n = 2_500_000;
    let v = stream(n, 3);
    let a = Array::from_vec(v.clone(), &[n]).unwrap();
    let (counts, edges) = histogram(&a, 10, Some((-500.0, 500.0)), false, None).unwrap();
    let e = edges.to_vec::<f64>().unwrap();
    let mut want = [0i64; 10];
    for &x in &v {
        if (-500.0..=500.0).contains(&x) {
            let i = e[1..].partition_point(|&b| b <= x).min(9);
            want[i] += 1;
        }
    }
    assert_eq!(counts.to_vec::<i64>().unwrap(), want);
    let w = Array::full(&[n], 0.5, DType::F64);
    let (wc, _) = histogram(&a, 10, Some((-500.0, 500.0)), false, Some(&w)).unwrap();
    let wc = wc.to_vec::<f64>().unwrap();
    for (g, c) in wc.iter().zip(want) {
        assert_eq!(*g, c as f64 * 0.5);
    }
}

fn float_vec() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(
        prop_oneof![
            8 => (-50i32..50).prop_map(|v| v as f64 / 4.0),
            1 => Just(f64::NAN),
        ],
        0..40,
    )
}

fn method() -> impl Strategy<Value = QuantileMethod> {
    (0usize..13).prop_map(|i| QuantileMethod::ALL[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn median_is_middle_of_sort(v in prop::collection::vec(-1000i64..1000, 1..60)) {
        let f: Vec<f64> = v.iter().map(|&x| x as f64).collect();
        let s = sorted(&f);
        let n = s.len();
        let want = if n % 2 == 1 { s[n / 2] } else { (s[n / 2 - 1] + s[n / 2]) / 2.0 };
        let a = Array::from_vec(v, &[n]).unwrap();
        prop_assert_eq!(median(&a, None).unwrap().to_vec::<f64>().unwrap(), vec![want]);
    }

    #[test]
    fn quantiles_monotone_and_bracketed(
        v in prop::collection::vec(-100i32..100, 1..50),
        m in method(),
        mut qs in prop::collection::vec(0.0f64..=1.0, 1..6),
    ) {
        qs.sort_by(f64::total_cmp);
        let f: Vec<f64> = v.iter().map(|&x| x as f64).collect();
        let a = Array::from_vec(f, &[v.len()]).unwrap();
        let got = quantile(&a, qs.as_slice(), None, m).unwrap().to_vec::<f64>().unwrap();
        for w in got.windows(2) {
            prop_assert!(w[0] <= w[1] + 1e-9, "{:?} not monotone: {:?}", m, got);
        }
        for &q in &qs {
            let one = |m| quantile(&a, q, None, m).unwrap().to_vec::<f64>().unwrap()[0];
            let (lo, lin, hi) = (
                one(QuantileMethod::Lower),
                one(QuantileMethod::Linear),
                one(QuantileMethod::Higher),
            );
            prop_assert!(lo <= lin + 1e-9 && lin <= hi + 1e-9, "q={} {} {} {}", q, lo, lin, hi);
        }
    }

    #[test]
    fn histogram_counts_add_up(v in float_vec(), nb in 1usize..12, lo in -10.0f64..0.0, w in 0.1f64..10.0) {
        let n = v.len();
        let hi = lo + w;
        let a = Array::from_vec(v.clone(), &[n]).unwrap();
        let (c, e) = histogram(&a, nb, Some((lo, hi)), false, None).unwrap();
        let inside = v.iter().filter(|&&x| x >= lo && x <= hi).count() as i64;
        prop_assert_eq!(c.to_vec::<i64>().unwrap().iter().sum::<i64>(), inside);
        let e = e.to_vec::<f64>().unwrap();
        let (c2, _) = histogram(&a, e.as_slice(), None, false, None).unwrap();
        prop_assert_eq!(c2.to_vec::<i64>().unwrap().iter().sum::<i64>(), inside);
    }

    #[test]
    fn never_panics(
        v in float_vec(),
        rows in 1usize..4,
        axis in -3isize..3,
        keep in any::<bool>(),
        m in method(),
        q in -0.5f64..1.5,
        nb in -2i64..6,
        dt in 0usize..4,
    ) {
        let n = v.len() / rows * rows;
        let a = Array::from_vec(v[..n].to_vec(), &[rows, n / rows]).unwrap();
        let a = a.astype([DType::F64, DType::F32, DType::I32, DType::Bool][dt]);
        let ax = Axes::from(axis).with_keepdims(keep);
        let _ = median(&a, ax.clone());
        let _ = nanmedian(&a, ax.clone());
        let _ = quantile(&a, q, ax.clone(), m);
        let _ = nanpercentile(&a, q * 100.0, ax.clone(), m);
        let _ = histogram(&a, nb, None, nb % 2 == 0, None);
        let _ = histogram(&a, [1.0, q, 2.0], None, false, Some(&a));
        let _ = bincount(&a, None, 3);
        let _ = digitize(&a, &Array::from_slice(&[q, 0.5]), keep);
        let _ = cov(&a, None, &CovOptions::new().rowvar(keep).ddof(nb));
        let _ = corrcoef(&a, Some(&a), keep);
        let _ = average_with_sum(&a, ax, Some(&a));
    }
}

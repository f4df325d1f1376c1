//! The main crate's golden filetests: every `tests/filetests/**/*.nfir` run by the IR's
//! runner (`numfuse_ir::filetest`: format, precise-output, diffs, `NUMFUSE_BLESS=1`) with the
//! IR's commands plus three that need arrays and the JIT:
//!
//! - `test lower`: the Cranelift IR of each kernel ([`Expr::cranelift_ir`]), checked with
//!   filecheck-style `check:`/`nextln:`/`not:` lines (the runner's partial mode).
//! - `test explain`: [`Expr::explain_with`] of the graph's one output (JIT backend, the block's
//!   float policy). `explain()` is deterministic by construction (no times, no cache outcomes,
//!   no addresses), so nothing is masked.
//! - `test run`: the graph evaluated by the JIT and by the eager backend on the inputs of
//!   `set inputs=...`; they must agree (below), and the output is the eager result's NumPy
//!   repr, one per graph output.
//!
//! Both bind the graph's inputs to arrays with [`Expr::from_graph`]; the graphs declare fixed
//! input shapes (a symbol has no length to take) and the arrays take them.
//!
//! # Input specs
//!
//! `set inputs=SPEC; SPEC; ...`, one per graph input in signature order (`explain` defaults
//! to zeros). Values are generated as f64 in C order over the input's shape, then cast to
//! its dtype (`astype`: bool is "non-zero", integers truncate):
//!
//! | spec | values |
//! |---|---|
//! | `arange` | 0, 1, 2, ... |
//! | `arange(start, step)` | start, start + step, ... |
//! | `linspace(lo, hi)` | evenly spaced from `lo` to `hi` inclusive |
//! | `full(v)` | every element `v` |
//! | `[v, v, ...]` | exactly these (`nan`, `inf`, `-inf` allowed) |
//!
//! A spec ending in `:F` stores the same values in Fortran order, so the JIT reads the input
//! through its strided path.
//!
//! # Agreement of `run`
//!
//! Integers and bools: equal. Floats: equal, both NaN, or within 8 ulps of the larger
//! magnitude (`|l - e| ≤ 8·ε·max(|l|, |e|)`, the JIT's vectorised transcendentals and reduction
//! order), with an absolute floor of 8·ε for results that cancel to near zero.

use numfuse::ir::filetest::{COMMANDS, Context, Runner, SubTest};
use numfuse::ir::{FloatPolicy, Graph};
use numfuse::prelude::*;
use std::path::Path;

/// How one input's values are generated.
#[derive(Clone, Debug, PartialEq)]
enum Gen {
    Arange(f64, f64),
    Linspace(f64, f64),
    Full(f64),
    Values(Vec<f64>),
}

/// One input spec: the values and whether they are stored in Fortran order.
#[derive(Clone, Debug, PartialEq)]
struct Spec {
    values: Gen,
    fortran: bool,
}

fn number(s: &str) -> Result<f64, String> {
    match s.trim() {
        "nan" => Ok(f64::NAN),
        "inf" => Ok(f64::INFINITY),
        "-inf" => Ok(f64::NEG_INFINITY),
        t => t.parse().map_err(|_| format!("`{t}` is not a number")),
    }
}

/// The numbers of `(a, b)` (or of `[a, b, ...]`), `count` of them when given.
fn numbers(inner: &str, count: Option<usize>) -> Result<Vec<f64>, String> {
    let v: Vec<f64> = if inner.trim().is_empty() {
        Vec::new()
    } else {
        inner.split(',').map(number).collect::<Result<_, _>>()?
    };
    match count {
        Some(n) if v.len() != n => Err(format!("expected {n} numbers, found {}", v.len())),
        _ => Ok(v),
    }
}

fn parse_spec(text: &str) -> Result<Spec, String> {
    let t = text.trim();
    let (t, fortran) = match t.strip_suffix(":F") {
        Some(rest) => (rest.trim(), true),
        None => (t, false),
    };
    let call = |name: &str, n: usize| -> Option<Result<Vec<f64>, String>> {
        let args = t.strip_prefix(name)?.trim();
        let inner = args.strip_prefix('(')?.strip_suffix(')')?;
        Some(numbers(inner, Some(n)))
    };
    let values = if t == "arange" {
        Gen::Arange(0.0, 1.0)
    } else if let Some(v) = call("arange", 2) {
        let v = v?;
        Gen::Arange(v[0], v[1])
    } else if let Some(v) = call("linspace", 2) {
        let v = v?;
        Gen::Linspace(v[0], v[1])
    } else if let Some(v) = call("full", 1) {
        Gen::Full(v?[0])
    } else if let Some(inner) = t.strip_prefix('[').and_then(|r| r.strip_suffix(']')) {
        Gen::Values(numbers(inner, None)?)
    } else {
        return Err(format!(
            "unknown input spec `{t}` (arange, arange(start, step), linspace(lo, hi), \
             full(v), [v, ...], each optionally followed by :F)"
        ));
    };
    Ok(Spec { values, fortran })
}

/// The specs of a `set inputs=` value.
fn parse_specs(text: &str) -> Result<Vec<Spec>, String> {
    text.split(';').map(parse_spec).collect()
}

/// The array of one input: `spec`'s values over `shape`, cast to `dtype`.
fn make(spec: &Spec, shape: &[usize], dtype: DType) -> Result<Array, String> {
    let n: usize = shape.iter().product();
    let values: Vec<f64> = match &spec.values {
        Gen::Arange(start, step) => (0..n).map(|i| start + step * i as f64).collect(),
        Gen::Linspace(lo, hi) if n > 1 => (0..n)
            .map(|i| lo + (hi - lo) * i as f64 / (n - 1) as f64)
            .collect(),
        Gen::Linspace(lo, _) => vec![*lo; n],
        Gen::Full(v) => vec![*v; n],
        Gen::Values(v) if v.len() == n => v.clone(),
        Gen::Values(v) => {
            return Err(format!(
                "{} values given for shape {shape:?} ({n} elements)",
                v.len()
            ));
        }
    };
    let a = Array::from_vec(values, shape)
        .map_err(|e| e.to_string())?
        .astype(dtype);
    Ok(if spec.fortran {
        a.copy_order(Order::F)
    } else {
        a
    })
}

/// The arrays for `graph`'s inputs: from `set inputs=`, or zeros when `default_zeros`.
fn arrays(graph: &Graph, cx: &Context<'_>, default_zeros: bool) -> Result<Vec<Array>, String> {
    let specs = match cx.settings.get("inputs") {
        Some(text) => parse_specs(text)?,
        None if default_zeros => vec![
            Spec {
                values: Gen::Full(0.0),
                fortran: false
            };
            graph.inputs().len()
        ],
        None => return Err("`test run` needs `set inputs=...`".to_string()),
    };
    if specs.len() != graph.inputs().len() {
        return Err(format!(
            "{} input specs for {} inputs",
            specs.len(),
            graph.inputs().len()
        ));
    }
    graph
        .inputs()
        .iter()
        .zip(&specs)
        .map(|(input, spec)| {
            let node = graph.node(input.node);
            let shape = node.shape.to_fixed().ok_or_else(|| {
                format!(
                    "input {} has symbolic shape {}: declare fixed lengths",
                    input.name, node.shape
                )
            })?;
            make(spec, &shape, node.dtype)
        })
        .collect()
}

/// The graph's outputs as expressions over the block's input arrays (zeros by default when
/// `default_zeros`).
fn bind(graph: &Graph, cx: &Context<'_>, default_zeros: bool) -> Result<Vec<Expr>, String> {
    Expr::from_graph(graph, &arrays(graph, cx, default_zeros)?).map_err(|e| e.to_string())
}

fn options(policy: FloatPolicy, backend: Backend) -> EvalOptions {
    EvalOptions {
        policy,
        backend,
        ..EvalOptions::default()
    }
}

/// `test explain`: the `explain()` text of the graph's one output.
struct Explain;

impl SubTest for Explain {
    fn name(&self) -> &'static str {
        "explain"
    }

    fn needs_verifier(&self) -> bool {
        true
    }

    fn settings(&self) -> &'static [&'static str] {
        &["inputs"]
    }

    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        let exprs = bind(graph, cx, true)?;
        let [e] = exprs.as_slice() else {
            return Err(format!(
                "explain takes one output, the graph has {}",
                exprs.len()
            ));
        };
        e.explain_with(&options(cx.policy, Backend::Jit))
            .map_err(|e| e.to_string())
    }
}

/// True when the JIT's `l` and eager's `e` agree (module doc).
fn agree(l: f64, e: f64, eps: f64) -> bool {
    l == e
        || (l.is_nan() && e.is_nan())
        || (l - e).abs() <= 8.0 * eps * l.abs().max(e.abs()).max(1.0)
}

/// The first disagreement between two results, if any.
fn disagreement(jit: &Array, eager: &Array) -> Option<String> {
    if jit.dtype() != eager.dtype() || jit.shape() != eager.shape() {
        return Some(format!(
            "jit gives {}{:?}, eager {}{:?}",
            jit.dtype(),
            jit.shape(),
            eager.dtype(),
            eager.shape()
        ));
    }
    let eps = match jit.dtype() {
        DType::F32 => f64::from(f32::EPSILON),
        t if t.is_float() => f64::EPSILON,
        _ => 0.0,
    };
    let (l, e) = (
        jit.astype(DType::F64).to_vec::<f64>().ok()?,
        eager.astype(DType::F64).to_vec::<f64>().ok()?,
    );
    let exact = !jit.dtype().is_float();
    l.iter()
        .zip(&e)
        .position(|(&a, &b)| if exact { a != b } else { !agree(a, b, eps) })
        .map(|i| format!("element {i} (flat): jit {:e}, eager {:e}", l[i], e[i]))
}

/// `test run`: JIT and eager on the block's inputs, which must agree; the eager results.
struct Run;

impl SubTest for Run {
    fn name(&self) -> &'static str {
        "run"
    }

    fn needs_verifier(&self) -> bool {
        true
    }

    fn settings(&self) -> &'static [&'static str] {
        &["inputs"]
    }

    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        let exprs = bind(graph, cx, false)?;
        let refs: Vec<&Expr> = exprs.iter().collect();
        let eval = |backend| {
            numfuse::lazy::eval_many_with(&refs, &options(cx.policy, backend))
                .map_err(|e| format!("{} backend: {e}", backend.name()))
        };
        let (jit, eager) = (eval(Backend::Jit)?, eval(Backend::Eager)?);
        let mut out = String::new();
        for (k, (j, e)) in jit.iter().zip(&eager).enumerate() {
            if let Some(why) = disagreement(j, e) {
                return Err(format!("output {k}: the JIT and eager disagree: {why}"));
            }
            out.push_str(&format!("{e}\n"));
        }
        Ok(out)
    }
}

/// `test lower`: the Cranelift IR of every kernel of the graph's outputs
/// ([`Expr::cranelift_ir`]), checked with `check:`/`nextln:`/`not:` lines rather than
/// precise output (CLIF value numbers change with the Cranelift version). Inputs default to
/// zeros of the declared shapes; `set inputs=` chooses their layout (`:F`), which selects
/// the kernel's vector or strided loops.
struct Lower;

impl SubTest for Lower {
    fn name(&self) -> &'static str {
        "lower"
    }

    fn needs_verifier(&self) -> bool {
        true
    }

    fn settings(&self) -> &'static [&'static str] {
        &["inputs"]
    }

    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        let exprs = bind(graph, cx, true)?;
        let mut out = String::new();
        for e in &exprs {
            let ir = e
                .cranelift_ir(&options(cx.policy, Backend::Jit))
                .map_err(|e| e.to_string())?;
            out.push_str(&ir);
        }
        Ok(out)
    }
}

/// The IR's commands and this crate's.
fn commands() -> Vec<&'static dyn SubTest> {
    let mut all: Vec<&'static dyn SubTest> = COMMANDS.to_vec();
    all.push(&Explain);
    all.push(&Lower);
    all.push(&Run);
    all
}

const BLESS: &str = "NUMFUSE_BLESS=1 cargo test -p numfuse --test filetests";

#[test]
fn filetests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
    let commands = commands();
    match Runner::new(&commands).with_bless_hint(BLESS).run_dir(&root) {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("\n{report}"),
    }
}

#[test]
fn input_specs_parse() {
    let s =
        parse_specs("arange; arange(1, -0.5); linspace(0, 1):F; full(2); [1, nan, -inf]").unwrap();
    assert_eq!(s.len(), 5);
    assert_eq!(s[1].values, Gen::Arange(1.0, -0.5));
    assert!(s[2].fortran && !s[0].fortran);
    let a = make(&s[1], &[2, 2], DType::F64).unwrap();
    assert_eq!(a.to_vec::<f64>().unwrap(), vec![1.0, 0.5, 0.0, -0.5]);
    let f = make(&s[2], &[2, 3], DType::F32).unwrap();
    assert_eq!(f.dtype(), DType::F32);
    assert_eq!(f.strides(), &[4, 8]);
    assert_eq!(
        f.to_vec::<f32>().unwrap(),
        vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]
    );
    for bad in ["arange(1)", "linspace(a, b)", "ones", "[1, 2"] {
        assert!(parse_specs(bad).is_err(), "{bad}");
    }
    assert!(make(&s[4], &[2], DType::F64).is_err());
}

/// End to end through the real runner: a wrong `run` expectation fails with a diff, a graph
/// with symbolic inputs is refused, and blessing writes the right output.
#[test]
fn run_command_fails_and_blesses() {
    let text = "\
test run precise-output
set inputs=arange; [1, 2, 3]
graph %g(a: f64[3], b: i32[3]) -> f64[3] {
    v1: f64[3] = multiply a, b
    return v1
}
; array([0., 2., 7.])

set inputs=arange
graph %sym(a: f64[n]) -> f64[n] {
    return a
}
";
    let commands = commands();
    let runner = Runner::new(&commands);
    let out = runner.run_source("run.nfir", text, false);
    assert_eq!(out.failures.len(), 2, "{:?}", out.failures);
    assert!(out.failures[0].mismatch);
    assert!(
        out.failures[0]
            .message
            .contains("-array([0., 2., 7.])\n+array([0., 2., 6.])"),
        "{}",
        out.failures[0].message
    );
    assert!(
        out.failures[1].message.contains("symbolic shape [n]"),
        "{}",
        out.failures[1].message
    );
    let blessed = runner.run_source("run.nfir", text, true).blessed.unwrap();
    assert!(blessed.contains("; array([0., 2., 6.])"), "{blessed}");
}

#[test]
fn from_graph_checks_the_arrays() {
    let g = numfuse::ir::text::parse(
        "graph %g(x: f64[n, 2], y: f64[n]) -> f64[n, 2] {
            v1: f64[n, 1] = expand_dims y, [1]
            v2: f64[n, 2] = add x, v1
            return v2
        }",
    )
    .unwrap();
    let x = Array::arange(6.0, DType::F64).reshape(&[3, 2]).unwrap();
    let y = array![10.0, 20.0, 30.0];
    let out = Expr::from_graph(&g, &[x.clone(), y.clone()]).unwrap();
    assert_eq!(out[0].shape(), vec![3, 2]);
    let want = vec![10.0, 11.0, 22.0, 23.0, 34.0, 35.0];
    assert_eq!(out[0].eval().unwrap().to_vec::<f64>().unwrap(), want);
    let err = |arrays: &[Array]| Expr::from_graph(&g, arrays).unwrap_err().to_string();
    assert!(err(std::slice::from_ref(&x)).contains("takes 2 input(s), 1 array(s)"));
    assert!(err(&[x.clone(), array![1.0, 2.0]]).contains("n is 3 already"));
    assert!(err(&[x.astype(DType::F32), y.clone()]).contains("float64 for input x"));
    assert!(err(&[y.clone(), y]).contains("input x is [n, 2]"));
}

//! Text form round trips: canonical texts print back unchanged, built graphs parse back equal.

mod text_cases;

use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::text::{parse, parse_all, print};
use numfuse_ir::{BinaryOp, DType, Graph, LibCall, Lit, ReduceOp, ScanOp, SliceAxis, UnaryOp};
use text_cases::CANONICAL;

#[test]
fn canonical_texts_print_back_unchanged() {
    for s in CANONICAL {
        let g = parse(s).unwrap_or_else(|e| panic!("{e}\n{s}"));
        assert_eq!(print(&g), *s);
        assert_eq!(parse(&print(&g)).unwrap(), g);
    }
}

fn sym(n: &str) -> Dim {
    Dim::from(n)
}

/// Every printed graph parses back to an equal graph, and prints the same again.
fn round_trip(g: &Graph) {
    let text = print(g);
    let back = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
    assert_eq!(&back, g, "\n{text}");
    assert_eq!(print(&back), text);
}

#[test]
fn built_graphs_parse_back_equal() {
    let mut g = Graph::new("built");
    let a = g.input("a", DType::F32, Shape::from([sym("n"), Dim::from(4)]));
    let b = g.input("b", DType::I8, Shape::fixed(&[4]));
    let m = g.input("m", DType::Bool, Shape::from([sym("n"), Dim::from(1)]));
    let x = g.binary(BinaryOp::Multiply, a, 2.0);
    let y = g.binary(BinaryOp::Add, x, b);
    let z = g.binary(BinaryOp::Add, b, 2.0);
    let w = g.binary(BinaryOp::Subtract, b, 3);
    let u = g.unary(UnaryOp::Exp, y);
    let s = g.select(m, u, f64::NAN);
    let c = g.cast(s, DType::F64);
    let r = g.reduce(ReduceOp::Sum, c, Some(&[-1]), true);
    let q = g.scan(ScanOp::Cummax, c, 0);
    let t = g.transpose(q);
    let sl = g.slice(
        b,
        &[SliceAxis::from_python(None, None, -1, 4).expect("step is not zero")],
    );
    let full = g.slice(
        b,
        &[SliceAxis::from_python(Some(0), None, 1, 4).expect("step is not zero")],
    );
    let e = g.expand_dims(sl, &[0]);
    let sq = g.squeeze(e, &[0]);
    let br = g.broadcast_to(sq, Shape::from([Dim::from(3), Dim::from(4)]));
    let rs = g.reshape(br, Shape::fixed(&[2, 6]));
    let mm = g.call(LibCall::Matmul, &[t, c]);
    let k = g.constant(Lit::float(-0.0), DType::F32);
    let k2 = g.binary(BinaryOp::Maximum, c, k);
    g.set_outputs(&[r, rs, mm, z, w, k2, full, a, k]);
    assert!(g.errors().is_empty(), "{:?}", g.errors());
    round_trip(&g);
    // A graph with errors still prints and parses back.
    let mut h = Graph::new("errors");
    let a = h.input("a", DType::F64, Shape::fixed(&[3]));
    let b = h.input("b", DType::F64, Shape::fixed(&[4]));
    let bad = h.binary(BinaryOp::Add, a, b);
    let big = h.binary(BinaryOp::Add, b, 1e300);
    h.set_outputs(&[bad, big]);
    assert!(!h.errors().is_empty());
    round_trip(&h);
}

#[test]
fn outputs_that_are_inputs_or_constants() {
    let mut g = Graph::new("odd");
    let a = g.input("a", DType::F64, Shape::scalar());
    let five = g.constant(Lit::float(5.0), DType::F64);
    let three = g.constant(Lit::Int(3), DType::U8);
    g.set_outputs(&[a, five, three]);
    let text = print(&g);
    assert!(text.contains("    return a, 5.0, 3u8\n"), "{text}");
    round_trip(&g);
}

#[test]
fn several_graphs_in_one_text() {
    let text = format!(
        "; first\n\n{}\n;; between\n{}; trailing comment\n",
        CANONICAL[0], CANONICAL[1]
    );
    let all = parse_all(&text).expect("two graphs");
    assert_eq!(all.len(), 2);
    assert_eq!(print(&all[0]), CANONICAL[0]);
    assert_eq!(print(&all[1]), CANONICAL[1]);
    let e = parse(&text).expect_err("parse takes one graph");
    assert_eq!((e.line, e.col), (13, 1), "{e}");
    assert!(parse_all("").expect("empty text").is_empty());
    assert!(
        parse_all("; only a comment\n\n")
            .expect("no graphs")
            .is_empty()
    );
}

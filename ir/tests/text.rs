//! Text form round trips: canonical texts print back unchanged, built graphs parse back equal.

mod text_cases;

use numfuse_ir::shape::{Dim, Shape};
use numfuse_ir::text::{expr, names, parse, parse_all, print, print_annotated};
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

/// `a*2 + a*3` over `a: f64[n]`, plus the ids of the two products and the sum.
fn like_terms() -> (Graph, [numfuse_ir::NodeId; 4]) {
    let mut g = Graph::new("like_terms");
    let a = g.input("a", DType::F64, Shape::from([sym("n")]));
    let x = g.binary(BinaryOp::Multiply, a, 2.0);
    let y = g.binary(BinaryOp::Multiply, a, 3.0);
    let s = g.binary(BinaryOp::Add, x, y);
    g.set_outputs(&[s]);
    (g, [a, x, y, s])
}

#[test]
fn expr_nests_operands_to_a_depth() {
    let (mut g, [a, x, _, s]) = like_terms();
    assert_eq!(expr(&g, s, 2), "add (multiply a, 2.0), (multiply a, 3.0)");
    assert_eq!(expr(&g, s, 0), "add (...), (...)");
    assert_eq!(expr(&g, x, 0), "multiply a, 2.0");
    assert_eq!(expr(&g, a, 3), "a");
    let n = g.unary(UnaryOp::Negative, s);
    let r = g.reduce(ReduceOp::Max, n, None, true);
    assert_eq!(expr(&g, r, 1), "max (negative (...)), axes=[0], keepdims");
    let five = g.constant(Lit::Int(5), DType::U8);
    assert_eq!(expr(&g, five, 1), "5u8");
}

#[test]
fn names_are_dense_in_print_order() {
    let (g, [a, x, y, s]) = like_terms();
    let names = names(&g);
    assert_eq!(names[&a], "a");
    assert_eq!(names[&x], "v1");
    assert_eq!(names[&y], "v2");
    assert_eq!(names[&s], "v3");
    // Constants have no name: they print inline.
    assert_eq!(names.len(), 4);
}

#[test]
fn notes_follow_their_lines() {
    let (mut g, [a, x, _, s]) = like_terms();
    let k = g.constant(Lit::float(7.0), DType::F32);
    let t = g.binary(BinaryOp::Add, s, k);
    g.set_outputs(&[t, k]);
    let notes = |id| match id {
        _ if id == a => vec!["error: on the input".to_string()],
        _ if id == x => vec!["first".to_string(), "second".to_string()],
        _ if id == k => vec!["error: on the constant".to_string()],
        _ => Vec::new(),
    };
    let want = "\
graph %like_terms(a: f64[n]) -> (f64[n], f32[]) {
    ; error: on the input
    v1: f64[n] = multiply a, 2.0
    ; first
    ; second
    v2: f64[n] = multiply a, 3.0
    v3: f64[n] = add v1, v2
    v4: f64[n] = add v3, 7.0f32
    ; error: on the constant
    return v4, 7.0f32
}
";
    assert_eq!(print_annotated(&g, &notes), want);
    // Notes are comments: the annotated text parses to the same graph.
    assert_eq!(parse(want).expect("annotated text parses"), g);
}

#[test]
fn odd_graphs_print_without_panicking() {
    // An op with the wrong number of operands, and an input node outside the signature.
    let mut g = Graph::new("odd");
    let a = g.input("a", DType::F64, Shape::scalar());
    let bad = g.intern(numfuse_ir::Node {
        op: numfuse_ir::Op::Binary(BinaryOp::Add),
        dtype: DType::F64,
        shape: Shape::scalar(),
        args: [a].into_iter().collect(),
    });
    let stray = g.intern(numfuse_ir::Node {
        op: numfuse_ir::Op::Input(7),
        dtype: DType::I8,
        shape: Shape::fixed(&[2]),
        args: Default::default(),
    });
    let sl = g.intern(numfuse_ir::Node {
        op: numfuse_ir::Op::Slice(
            [SliceAxis::Range {
                start: 9,
                len: 3,
                step: -4,
            }; 2]
                .into_iter()
                .collect(),
        ),
        dtype: DType::I8,
        shape: Shape::fixed(&[3]),
        args: [stray].into_iter().collect(),
    });
    g.set_outputs(&[bad, sl]);
    let text = print(&g);
    assert!(text.contains("    v1: f64[] = add a\n"), "{text}");
    assert!(text.contains("    v2: i8[2] = input 7\n"), "{text}");
    assert!(text.contains("= slice v2, [9::-4, 9::-4]\n"), "{text}");
    // It is not valid text, and the parser says so.
    assert!(parse(&text).is_err());
}

#[test]
fn every_op_name_parses_to_its_op() {
    let line = |op: &str, ret: &str| {
        format!(
            "graph %g(a: f64[2, 3], b: f64[2, 3]) -> f64[2] {{\n    v1: f64[2] = {op}\n    return {ret}\n}}\n"
        )
    };
    let check = |text: String, want: numfuse_ir::Op| {
        let g = parse(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        let out = g.outputs()[0];
        assert_eq!(g.node(out).op, want, "{text}");
        assert_eq!(print(&g), text);
    };
    for &u in UnaryOp::ALL {
        check(line(&format!("{u} a"), "v1"), numfuse_ir::Op::Unary(u));
    }
    for &b in BinaryOp::ALL {
        check(line(&format!("{b} a, b"), "v1"), numfuse_ir::Op::Binary(b));
    }
    for &r in ReduceOp::ALL {
        let want = numfuse_ir::Op::Reduce {
            op: r,
            axes: [1].into_iter().collect(),
            keepdims: false,
        };
        check(line(&format!("{r} a, axes=[1]"), "v1"), want);
    }
    for &s in ScanOp::ALL {
        let want = numfuse_ir::Op::Scan { op: s, axis: 1 };
        check(line(&format!("{s} a, axis=1"), "v1"), want);
    }
}

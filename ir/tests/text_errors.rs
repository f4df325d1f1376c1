//! Malformed text gives a parse error at the offending token, never a panic.

use numfuse_ir::text::parse;

/// The signature and the lines that the cases below vary.
const HEAD: &str = "graph %g(a: f64[n], b: u8[4]) -> f64[n] {\n";

/// (text, line, column, part of the message).
fn cases() -> Vec<(String, usize, usize, &'static str)> {
    let body = |line: &str| format!("{HEAD}{line}\n    return a\n}}\n");
    vec![
        (
            body("    v1: f64[n] = frobnicate a"),
            2,
            18,
            "unknown op `frobnicate`",
        ),
        (
            body("    v1: f16[n] = negative a"),
            2,
            9,
            "unknown dtype `f16`",
        ),
        (
            "graph %g(a: float64[n]) -> f64[n] {\n    return a\n}\n".to_string(),
            1,
            13,
            "unknown dtype `float64`",
        ),
        (
            body("    v1: f64[n] = multiply a, 2.0x"),
            2,
            30,
            "unknown literal suffix `x`",
        ),
        (
            body("    v1: u8[4] = add b, 300u8"),
            2,
            24,
            "out of range for u8",
        ),
        (
            body("    v1: u8[4] = add b, 300"),
            2,
            24,
            "out of range for u8",
        ),
        (
            body("    v1: u8[4] = add b, -1"),
            2,
            24,
            "out of range for u8",
        ),
        (
            body("    v1: f64[n] = multiply c, 2.0"),
            2,
            27,
            "undefined value `c`",
        ),
        (
            body("    v1: f64[n] = add v2, a"),
            2,
            22,
            "undefined value `v2`",
        ),
        (
            body("    v1: f64[n] = negative a\n    v1: f64[n] = negative a"),
            3,
            5,
            "`v1` is already defined",
        ),
        (
            body("    x: f64[n] = negative a"),
            2,
            5,
            "expected a node name",
        ),
        (
            body("    v1: f64[n] = add a"),
            2,
            23,
            "`add` takes 2 operands, found 1",
        ),
        (
            body("    v1: f64[n] = where a, a"),
            2,
            28,
            "`where` takes 3 operands, found 2",
        ),
        (
            body("    v1: f64[n] = negative a, a"),
            2,
            30,
            "too many operands",
        ),
        (
            body("    v1: f64[n] = negative"),
            2,
            26,
            "expected an operand of `negative`",
        ),
        (
            body("    v1: f64[n] = call matmul(a, a, a)"),
            2,
            36,
            "`matmul` takes 2",
        ),
        (
            body("    v1: f64[n] = call matmul(a)"),
            2,
            31,
            "`matmul` takes 2 operands, found 1",
        ),
        (
            body("    v1: f64[n] = call foo(a, a)"),
            2,
            23,
            "unknown library call",
        ),
        (
            "graph %g(a: f64[n,]) -> f64[n] {\n    return a\n}\n".to_string(),
            1,
            19,
            "expected an axis length",
        ),
        (
            "graph %g(a: f64[-3]) -> f64[n] {\n    return a\n}\n".to_string(),
            1,
            17,
            "expected an axis length",
        ),
        (
            "graph %g(a: f64[99999999999999999999999]) -> f64[n] {\n".to_string(),
            1,
            17,
            "fits usize",
        ),
        (
            body("    v1: f64[2] = slice a, [0:2]"),
            2,
            28,
            "symbolic length n",
        ),
        (
            body("    v1: u8[4] = slice b, [::0]"),
            2,
            29,
            "slice step cannot be zero",
        ),
        (
            body("    v1: u8[4] = slice b, [:, :]"),
            2,
            30,
            "slice entry 2",
        ),
        (
            body("    v1: u8[4] = slice b, []"),
            2,
            26,
            "slice has 0 entries",
        ),
        (body("    v1: u8[4] = slice b, [1]"), 2, 28, "expected `:`"),
        (
            body("    v1: u8[4] = slice b, [1.5:]"),
            2,
            27,
            "slice bound",
        ),
        (
            body("    v1: f64[] = sum a, axes=[-1]"),
            2,
            30,
            "axis number",
        ),
        (
            body("    v1: f64[] = sum a, axes=[0"),
            2,
            31,
            "expected `,` or `]`",
        ),
        (body("    v1: f64[] = sum a"), 2, 22, "expected `, axes=`"),
        (
            body("    v1: f64[] = sum a, axis=[0]"),
            2,
            24,
            "expected `axes=`",
        ),
        (
            body("    v1: f64[] = sum a, axes=[0], keepdim"),
            2,
            34,
            "expected `keepdims`",
        ),
        (
            body("    v1: f64[n] = cumsum a, axes=[0]"),
            2,
            28,
            "expected `axis=`",
        ),
        (body("    v1: f64[n] = permute a, 0"), 2, 29, "expected `[`"),
        (
            body("    v1: f64[n] = negative a ]"),
            2,
            29,
            "unexpected `]`",
        ),
        (
            body("    v1: f64[n] = multiply a, é"),
            2,
            30,
            "unexpected character",
        ),
        (
            body("    v1: f64[n] = multiply a, 1\u{2212}2"),
            2,
            31,
            "unexpected character",
        ),
        (
            body("    v1: f64[n] = multiply a, 99999999999999999999999999999999999999999"),
            2,
            30,
            "too large",
        ),
        (
            body("    v1: f64[n] = multiply a, 1e400"),
            2,
            30,
            "out of range for f64",
        ),
        (
            body("    v1: f64[n] = multiply a, 1e39f32"),
            2,
            30,
            "out of range for f32",
        ),
        (
            body("    v1: f64[n] = multiply a, 3f32"),
            2,
            30,
            "does not fit an integer",
        ),
        (
            body("    v1: f64[n] = multiply a, 2.5i64"),
            2,
            30,
            "does not fit a float",
        ),
        (
            body("    v1: f64[n] = multiply a, truei8"),
            2,
            30,
            "does not fit a bool",
        ),
        (
            body("    v1: f64[n] = multiply a, -nan"),
            2,
            30,
            "not a literal",
        ),
        (
            body("    v1: f64[n] = multiply a, - 1.0"),
            2,
            30,
            "unexpected `-`",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n}\n".to_string(),
            2,
            1,
            "missing `return`",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return a\n".to_string(),
            3,
            1,
            "unterminated graph",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    v1: f64[n] = negative a".to_string(),
            2,
            28,
            "unterminated graph",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return a\n    v1: f64[n] = negative a\n}\n"
                .to_string(),
            3,
            5,
            "expected `}` after `return`",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return a\n} extra\n".to_string(),
            3,
            3,
            "unexpected `extra` after `}`",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return a\n}\nxyz\n".to_string(),
            4,
            1,
            "expected `graph`",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return a }\n".to_string(),
            2,
            14,
            "unexpected `}` after `return`",
        ),
        (
            "graph %g(v1: f64[n]) -> f64[n] {\n".to_string(),
            1,
            10,
            "form of a node name",
        ),
        (
            "graph %g(a: f64[n], a: f64[n]) -> f64[n] {\n".to_string(),
            1,
            21,
            "duplicate input name `a`",
        ),
        (
            "graph %g(nan: f64[n]) -> f64[n] {\n".to_string(),
            1,
            10,
            "expected an input name",
        ),
        (
            "graph %g(a: f64[n]) f64[n] {\n".to_string(),
            1,
            21,
            "expected `->`",
        ),
        (
            "graph g(a: f64[n]) -> f64[n] {\n".to_string(),
            1,
            7,
            "expected `%`",
        ),
        (
            "graph %g(a: f64[n]) -> f32[n] {\n    return a\n}\n".to_string(),
            2,
            12,
            "signature declares f32[n]",
        ),
        (
            "graph %g(a: f64[n]) -> (f64[n], f64[n]) {\n    return a\n}\n".to_string(),
            2,
            13,
            "gives 1 value(s) but the signature declares 2",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return a, a\n}\n".to_string(),
            2,
            15,
            "more values",
        ),
        (
            "graph %g(a: f64[n]) -> f64[n] {\n    return\n}\n".to_string(),
            2,
            5,
            "gives 0 value(s)",
        ),
        ("".to_string(), 1, 1, "expected a graph, found none"),
        (
            "\n; nothing\n".to_string(),
            3,
            1,
            "expected a graph, found none",
        ),
    ]
}

#[test]
fn malformed_text_names_line_and_column() {
    let mut failures = Vec::new();
    for (text, line, col, fragment) in cases() {
        match parse(&text) {
            Ok(_) => failures.push(format!("parsed, expected {line}:{col} {fragment}\n{text}")),
            Err(e) => {
                if (e.line, e.col) != (line, col) || !e.message.contains(fragment) {
                    failures.push(format!(
                        "got {e}\nwant {line}:{col}: ...{fragment}...\n{text}"
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n----\n"));
}

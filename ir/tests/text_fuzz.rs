//! Fuzz-style tests of the parser: thousands of random mutations of valid texts (characters
//! and tokens deleted, inserted, replaced, duplicated, swapped; texts truncated) must give a
//! graph or a [`ParseError`] whose line and column lie inside the text, never a panic. Every
//! graph that does parse must print to text that parses back to the same graph.

mod text_cases;

use numfuse_ir::text::{parse, parse_all, print};
use numfuse_ir::{Graph, ParseError};
use text_cases::CANONICAL;

/// A small deterministic generator (xorshift64*), so failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// Characters worth inserting: the grammar's punctuation, digits, letters, and some that
/// start no token.
const CHARS: &[char] = &[
    '%',
    '(',
    ')',
    '[',
    ']',
    '{',
    '}',
    ',',
    ':',
    '=',
    '-',
    '>',
    ';',
    '.',
    '\n',
    ' ',
    '\t',
    '0',
    '1',
    '9',
    'e',
    'v',
    'a',
    'f',
    'u',
    'i',
    '_',
    'é',
    '\u{2212}',
    '\u{1F600}',
    '\0',
    '"',
    '\r',
];

/// Tokens worth inserting or substituting.
const TOKENS: &[&str] = &[
    "v1",
    "v2",
    "v99",
    "a",
    "x",
    "n",
    "2.0",
    "-0.0",
    "inf",
    "-inf",
    "nan",
    "nanf32",
    "truebool",
    "truei8",
    "300u8",
    "3u8",
    "1e400",
    "1e39f32",
    "99999999999999999999999999999999999999999",
    "-1",
    "0",
    "::-1",
    "1:7:2",
    ":",
    "[",
    "]",
    "(",
    ")",
    "{",
    "}",
    ",",
    "=",
    "->",
    "%g",
    "return",
    "graph",
    "axes=[0]",
    "axis=0",
    "keepdims",
    "f64[n]",
    "u8[]",
    "f16",
    "add",
    "where",
    "sum",
    "slice",
    "call matmul",
    "cast",
    "reshape",
    "\n",
    ";",
    "é",
];

/// The text split into pieces: runs of identifier-like characters, runs of spaces, and single
/// other characters.
fn pieces(text: &str) -> Vec<String> {
    let class = |c: char| {
        if c.is_ascii_alphanumeric() || c == '_' || c == '.' {
            0
        } else if c == ' ' {
            1
        } else {
            2
        }
    };
    let mut out: Vec<String> = Vec::new();
    let mut last = None;
    for c in text.chars() {
        let k = class(c);
        match out.last_mut() {
            Some(p) if last == Some(k) && k != 2 => p.push(c),
            _ => out.push(c.to_string()),
        }
        last = Some(k);
    }
    out
}

/// One random edit of `text`.
fn mutate(rng: &mut Rng, text: &str) -> String {
    let kind = rng.below(8);
    if kind >= 4 {
        return mutate_pieces(rng, kind, pieces(text));
    }
    let mut c: Vec<char> = text.chars().collect();
    let at = rng.below(c.len() + 1);
    match kind {
        0 if at < c.len() => {
            c.remove(at);
        }
        1 => c.insert(at, *rng.pick(CHARS)),
        2 if at < c.len() => c[at] = *rng.pick(CHARS),
        _ => c.truncate(at),
    }
    c.into_iter().collect()
}

/// One random edit of the pieces of a text: delete, duplicate, swap or replace a piece.
fn mutate_pieces(rng: &mut Rng, kind: usize, mut p: Vec<String>) -> String {
    if p.is_empty() {
        return String::new();
    }
    let i = rng.below(p.len());
    let j = rng.below(p.len());
    match kind {
        4 => {
            p.remove(i);
            p.concat()
        }
        5 => {
            let t = p[i].clone();
            p.insert(j, t);
            p.concat()
        }
        6 => {
            p.swap(i, j);
            p.concat()
        }
        _ => {
            p[i] = (*rng.pick(TOKENS)).to_string();
            p.concat()
        }
    }
}

/// True when `line:col` is a character of `text` or just after the last one of its line.
fn in_bounds(text: &str, e: &ParseError) -> bool {
    let lines: Vec<&str> = text.split('\n').collect();
    e.line >= 1
        && e.col >= 1
        && e.line <= lines.len()
        && e.col <= lines[e.line - 1].chars().count() + 1
}

/// Checks one text; returns whether it parsed.
fn check(text: &str) -> bool {
    match parse(text) {
        Ok(g) => {
            round_trips(&g, text);
            true
        }
        Err(e) => {
            assert!(in_bounds(text, &e), "{e} is outside the text:\n{text:?}");
            assert!(!e.message.is_empty());
            false
        }
    }
}

fn round_trips(g: &Graph, source: &str) {
    let printed = print(g);
    let back = parse(&printed)
        .unwrap_or_else(|e| panic!("printed text does not parse: {e}\n{printed}\nfrom\n{source}"));
    assert_eq!(&back, g, "\n{printed}\nfrom\n{source}");
    assert_eq!(print(&back), printed);
}

#[test]
fn mutated_texts_never_panic() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut ok, mut err) = (0, 0);
    for base in CANONICAL {
        for _ in 0..300 {
            let mut text = base.to_string();
            for _ in 0..=rng.below(3) {
                text = mutate(&mut rng, &text);
            }
            if check(&text) {
                ok += 1;
            } else {
                err += 1;
            }
        }
    }
    // Both outcomes occur: the mutations are neither all harmless nor all fatal.
    assert!(ok > 100 && err > 1000, "{ok} parsed, {err} rejected");
}

#[test]
fn every_prefix_of_a_valid_text_is_handled() {
    for base in CANONICAL {
        let chars: Vec<char> = base.chars().collect();
        for n in 0..chars.len() {
            let prefix: String = chars[..n].iter().collect();
            check(&prefix);
        }
    }
}

#[test]
fn several_graphs_mutated() {
    let mut rng = Rng(12345);
    let joined = CANONICAL.join("\n; next\n");
    assert_eq!(parse_all(&joined).expect("valid").len(), CANONICAL.len());
    for _ in 0..200 {
        let text = mutate(&mut rng, &joined);
        if let Err(e) = parse_all(&text) {
            assert!(in_bounds(&text, &e), "{e} is outside the text");
        }
    }
}

#[test]
fn odd_inputs() {
    let texts = [
        "",
        "\n",
        "\u{feff}graph",
        "graph",
        "graph %",
        "graph %g(",
        "graph %g() -> () {",
        "graph %g() -> () {\n    return\n}",
        "}",
        "-",
        "-->",
        "1e",
        "1e+",
        "0x10",
        "\u{1F600}\n\u{1F600}",
        "graph %g() -> i64[] {\n    return 170141183460469231731687303715884105728\n}\n",
        "graph %g() -> u64[] {\n    return 18446744073709551615u64\n}\n",
        "graph %g() -> i64[] {\n    return -170141183460469231731687303715884105728\n}\n",
        "graph %g(a: f64[18446744073709551615]) -> f64[18446744073709551615] {\n    v1: f64[1] = slice a, [-1:]\n    return a\n}\n",
        "graph %g(a: f64[3]) -> f64[3] {\n    v1: f64[3] = slice a, [9223372036854775807:-9223372036854775808:-9223372036854775808]\n    return a\n}\n",
    ];
    for t in texts {
        check(t);
    }
    // Long inputs: a deep chain and a very long line.
    let mut deep =
        String::from("graph %deep(a: f64[n]) -> f64[n] {\n    v1: f64[n] = negative a\n");
    for i in 2..3000 {
        deep.push_str(&format!("    v{i}: f64[n] = negative v{}\n", i - 1));
    }
    deep.push_str("    return v2999\n}\n");
    assert!(check(&deep));
    let wide = format!(
        "graph %w() -> f64[] {{\n    return {}\n}}\n",
        "1".repeat(100_000)
    );
    assert!(!check(&wide));
}

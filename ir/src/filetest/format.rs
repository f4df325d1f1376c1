//! Reading a `.nfir` file into its header, graph blocks and expectations, and writing blessed
//! expectations back.
//!
//! Invariants:
//! 1. Every line of the file is exactly one of: blank, a `;;` comment, a `test` or `set` line,
//!    a line of a graph block (from a `graph` line to the next line that is `}`), or a `;`
//!    expectation line, which belongs to the nearest graph block above it. Anything else is a
//!    [`FormatError`] with its line.
//! 2. [`TestFile::blessed`] changes only expectation lines: every other byte of the file,
//!    `;;` comments and line endings included, is kept.
//! 3. `decode(encode(output)) == output` for every output (a line of output `L` is written
//!    `; L`, an empty line `;`).

use std::collections::BTreeMap;
use std::fmt;

/// A problem with the file's format (not with a graph in it): its 1-based line and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormatError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.line, self.message)
    }
}

/// A `set key=value` setting: its value and the 1-based line that set it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Setting {
    /// The value after `=`.
    pub value: String,
    /// Where it was set.
    pub line: usize,
}

/// One graph block: its text, the settings in force for it and its expectation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    /// 1-based line of the `graph` line.
    pub line: usize,
    /// The block's text, from the `graph` line to the closing `}` line, as written.
    pub text: String,
    /// The settings of every `set` line above the block (a later `set` overrides an earlier).
    pub settings: BTreeMap<String, Setting>,
    /// The expected output, decoded: one entry per `;` line.
    pub expected: Vec<String>,
    /// 0-based index of the closing `}` line.
    end: usize,
    /// 0-based indices of the expectation lines.
    expect_lines: Vec<usize>,
}

/// A parsed `.nfir` file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestFile<'a> {
    /// The command of the `test` line.
    pub command: String,
    /// 1-based line of the `test` line.
    pub command_line: usize,
    /// True when the `test` line says `precise-output`: the output must equal the expectation,
    /// and blessing rewrites it. Otherwise the expectation lines must appear in the output in
    /// order, and blessing leaves them alone.
    pub precise: bool,
    /// The graph blocks, in file order.
    pub blocks: Vec<Block>,
    /// The file's lines, each with its line ending.
    lines: Vec<&'a str>,
}

/// `output` as expectation lines (without line endings): `; L` per line, `;` for an empty one.
pub fn encode(output: &str) -> Vec<String> {
    output_lines(output)
        .map(|l| {
            if l.is_empty() {
                ";".to_string()
            } else {
                format!("; {l}")
            }
        })
        .collect()
}

/// The lines of an output, trailing whitespace and trailing empty lines dropped.
pub fn output_lines(output: &str) -> impl Iterator<Item = &str> {
    let trimmed = output.trim_end();
    trimmed
        .split('\n')
        .map(str::trim_end)
        .take(if trimmed.is_empty() { 0 } else { usize::MAX })
}

/// One expectation line's content: the text after `;` and one optional space, trailing
/// whitespace dropped.
fn decode(line: &str) -> String {
    let rest = line.trim().strip_prefix(';').unwrap_or("");
    rest.strip_prefix(' ')
        .unwrap_or(rest)
        .trim_end()
        .to_string()
}

/// True for a line that opens a graph block: `graph` followed by a space or `%`.
fn opens_graph(t: &str) -> bool {
    t.strip_prefix("graph")
        .is_some_and(|r| r.starts_with('%') || r.starts_with(char::is_whitespace))
}

impl<'a> TestFile<'a> {
    /// Reads a file's structure (the graphs themselves are parsed later, one block at a time).
    ///
    /// # Errors
    /// The first line that fits no part of the format, a missing or repeated `test` line, a
    /// `test` line after a graph, a graph block without its `}`, or a file with no graph.
    pub fn parse(text: &'a str) -> Result<TestFile<'a>, FormatError> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let err = |i: usize, message: String| FormatError {
            line: i + 1,
            message,
        };
        let mut command: Option<(String, usize, bool)> = None;
        let mut settings = BTreeMap::new();
        let mut blocks: Vec<Block> = Vec::new();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim();
            if t.is_empty() || t.starts_with(";;") {
                // A blank line or a human comment.
            } else if t.starts_with(';') {
                let block = blocks.last_mut().ok_or_else(|| {
                    err(i, "an expectation line (`;`) before any graph block".into())
                })?;
                block.expected.push(decode(t));
                block.expect_lines.push(i);
            } else if t == "test" || t.starts_with("test ") {
                if !blocks.is_empty() {
                    return Err(err(i, "`test` lines belong in the header".into()));
                }
                if command.is_some() {
                    return Err(err(i, "a file has one `test` line".into()));
                }
                let mut words = t.split_whitespace().skip(1);
                let name = words
                    .next()
                    .ok_or_else(|| err(i, "`test` needs a command".into()))?;
                let precise = match words.next() {
                    None => false,
                    Some("precise-output") => true,
                    Some(w) => {
                        return Err(err(i, format!("unknown `test` option `{w}`")));
                    }
                };
                if let Some(w) = words.next() {
                    return Err(err(i, format!("unexpected `{w}` after the `test` options")));
                }
                command = Some((name.to_string(), i + 1, precise));
            } else if let Some(rest) = t.strip_prefix("set ") {
                let (key, value) = rest
                    .split_once('=')
                    .map(|(k, v)| (k.trim(), v.trim()))
                    .filter(|(k, v)| !k.is_empty() && !v.is_empty())
                    .ok_or_else(|| err(i, format!("expected `set key=value`, found `{t}`")))?;
                let setting = Setting {
                    value: value.to_string(),
                    line: i + 1,
                };
                settings.insert(key.to_string(), setting);
            } else if opens_graph(t) {
                let end = (i + 1..lines.len())
                    .find(|&j| lines[j].trim() == "}")
                    .ok_or_else(|| err(i, "graph block without a closing `}` line".into()))?;
                blocks.push(Block {
                    line: i + 1,
                    text: lines[i..=end].concat(),
                    settings: settings.clone(),
                    expected: Vec::new(),
                    end,
                    expect_lines: Vec::new(),
                });
                i = end;
            } else {
                return Err(err(
                    i,
                    format!("expected `test`, `set`, a `graph` block or a `;` line, found `{t}`"),
                ));
            }
            i += 1;
        }
        let (command, command_line, precise) =
            command.ok_or_else(|| err(0, "missing `test <command>` line".into()))?;
        if blocks.is_empty() {
            return Err(err(lines.len().max(1) - 1, "no graph block".into()));
        }
        Ok(TestFile {
            command,
            command_line,
            precise,
            blocks,
            lines,
        })
    }

    /// The file with the expectation of block `k` replaced by `outputs[k]` where that is
    /// `Some` (in place of the old expectation lines, or right after the block's `}` when it
    /// had none). Every other line is kept byte for byte.
    pub fn blessed(&self, outputs: &[Option<String>]) -> String {
        // New expectation text by the 0-based line it goes at (before that line's own use).
        let mut replace: BTreeMap<usize, &Block> = BTreeMap::new();
        let mut insert_after: BTreeMap<usize, &Block> = BTreeMap::new();
        let mut drop = vec![false; self.lines.len()];
        for (block, out) in self.blocks.iter().zip(outputs) {
            if out.is_none() {
                continue;
            }
            match block.expect_lines.first() {
                Some(&first) => {
                    replace.insert(first, block);
                    for &l in &block.expect_lines {
                        drop[l] = true;
                    }
                }
                None => {
                    insert_after.insert(block.end, block);
                }
            }
        }
        let output_of = |b: &Block| {
            let k = self
                .blocks
                .iter()
                .position(|x| std::ptr::eq(x, b))
                .expect("a block of this file");
            outputs[k].as_deref().unwrap_or_default()
        };
        let eol = if self.lines.first().is_some_and(|l| l.ends_with("\r\n")) {
            "\r\n"
        } else {
            "\n"
        };
        let mut out = String::new();
        for (i, line) in self.lines.iter().enumerate() {
            if let Some(b) = replace.get(&i) {
                let last_had_eol = b
                    .expect_lines
                    .last()
                    .is_some_and(|&l| self.lines[l].ends_with('\n'));
                let new = encode(output_of(b));
                for (k, l) in new.iter().enumerate() {
                    out.push_str(l);
                    if k + 1 < new.len() || last_had_eol {
                        out.push_str(eol);
                    }
                }
            }
            if !drop[i] {
                out.push_str(line);
            }
            if let Some(b) = insert_after.get(&i) {
                if !line.ends_with('\n') {
                    out.push_str(eol);
                }
                for l in encode(output_of(b)) {
                    out.push_str(&l);
                    out.push_str(eol);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "\
;; A header comment.
test simplify precise-output
set float_policy=strict

graph %one(a: f64[n]) -> f64[n] {
    ; a comment inside the block is the parser's
    return a
}
; graph %one
;
;   indented
;; kept between expectation lines
; fired: none

set float_policy=fast
graph %two(a: f64[n]) -> f64[n] {
    return a
}
";

    #[test]
    fn reads_header_blocks_settings_and_expectations() {
        let f = TestFile::parse(FILE).unwrap();
        assert_eq!(
            (f.command.as_str(), f.command_line, f.precise),
            ("simplify", 2, true)
        );
        assert_eq!(f.blocks.len(), 2);
        let (one, two) = (&f.blocks[0], &f.blocks[1]);
        assert_eq!(one.line, 5);
        assert!(one.text.starts_with("graph %one") && one.text.ends_with("}\n"));
        assert!(one.text.contains("; a comment inside"));
        assert_eq!(
            one.expected,
            ["graph %one", "", "  indented", "fired: none"]
        );
        assert_eq!(one.settings["float_policy"].value, "strict");
        assert_eq!(two.settings["float_policy"].value, "fast");
        assert_eq!(two.settings["float_policy"].line, 15);
        assert!(two.expected.is_empty());
    }

    #[test]
    fn format_errors_name_their_line() {
        let e = |text: &str| TestFile::parse(text).unwrap_err();
        assert_eq!(e("test cat\nbogus\n").line, 2);
        assert_eq!(e("; x\ntest cat\n").line, 1);
        let missing = e("graph %g() -> f64[] {\n}\n");
        assert_eq!(missing.message, "missing `test <command>` line");
        assert_eq!(e("test cat\ntest cat\n").line, 2);
        assert_eq!(e("test cat wrong\n").line, 1);
        assert_eq!(e("test cat\ngraph %g() -> f64[] {\n  return 1.0\n").line, 2);
        assert_eq!(e("test cat\nset policy\n").line, 2);
        assert_eq!(e("test cat\n").message, "no graph block");
        let late = e("test cat\ngraph %g() -> f64[] {\n}\ntest verify\n");
        assert_eq!(
            (late.line, late.message.as_str()),
            (4, "`test` lines belong in the header")
        );
    }

    #[test]
    fn encode_and_decode_round_trip() {
        let out = "graph %g {\n\n    v1 = x   \n; error: y\n}\n\n";
        let enc = encode(out);
        assert_eq!(
            enc,
            ["; graph %g {", ";", ";     v1 = x", "; ; error: y", "; }"]
        );
        let dec: Vec<String> = enc.iter().map(|l| decode(l)).collect();
        let want: Vec<&str> = output_lines(out).collect();
        assert_eq!(dec, want);
        assert!(encode("").is_empty());
    }

    #[test]
    fn bless_replaces_only_expectation_lines() {
        let f = TestFile::parse(FILE).unwrap();
        let new = f.blessed(&[Some("graph %one\nfired: x1\n".into()), Some("two\n".into())]);
        let want = "\
;; A header comment.
test simplify precise-output
set float_policy=strict

graph %one(a: f64[n]) -> f64[n] {
    ; a comment inside the block is the parser's
    return a
}
; graph %one
; fired: x1
;; kept between expectation lines

set float_policy=fast
graph %two(a: f64[n]) -> f64[n] {
    return a
}
; two
";
        assert_eq!(new, want);
        // Blessing with the same outputs is the identity; `None` leaves a block alone.
        let again = TestFile::parse(&new).unwrap();
        let same = again.blessed(&[Some("graph %one\nfired: x1".into()), None]);
        assert_eq!(same, new);
    }

    #[test]
    fn bless_keeps_crlf_and_a_missing_final_newline() {
        let text = "test cat precise-output\r\ngraph %g() -> f64[] {\r\n}";
        let f = TestFile::parse(text).unwrap();
        let new = f.blessed(&[Some("a\nb".into())]);
        assert_eq!(new, format!("{text}\r\n; a\r\n; b\r\n"));
        let f = TestFile::parse(&new).unwrap();
        assert_eq!(f.blocks[0].expected, ["a", "b"]);
        let old = "test cat precise-output\ngraph %g() -> f64[] {\n}\n; old";
        let f = TestFile::parse(old).unwrap();
        assert_eq!(
            f.blessed(&[Some("x\ny\n".into())]),
            "test cat precise-output\ngraph %g() -> f64[] {\n}\n; x\n; y"
        );
    }
}

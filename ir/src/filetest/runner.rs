//! The runner: walks a directory of `.nfir` files, runs every graph block through its command,
//! compares the output with the expectation, and reports every failure at once (Cranelift's
//! one-test-for-the-corpus runner) or, with `NUMFUSE_BLESS=1`, rewrites the expectations.
//!
//! Invariants:
//! 1. Every block of every file runs, even after a failure; the report lists all failures.
//! 2. A failure names `file:line` (`file:line:col` for a graph that does not parse, the line
//!    counted in the file, not in the block).
//! 3. Blessing writes a file only when its text changes, and only for `precise-output` files;
//!    blocks that failed for another reason than their expectation keep their old one.

use super::format::{Block, TestFile, output_lines};
use super::{Context, SubTest};
use crate::error::ParseError;
use crate::graph::Graph;
use crate::passes::FloatPolicy;
use std::fmt;
use std::path::{Path, PathBuf};

/// One failing test: where, and what went wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Failure {
    /// `file:line` or `file:line:col`.
    pub location: String,
    /// The problem; for a wrong output, a unified diff from the expectation to the output.
    pub message: String,
    /// True when the output differed from a `precise-output` expectation (what blessing
    /// would accept).
    pub mismatch: bool,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

/// The result of running one file.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileOutcome {
    /// Graph blocks run.
    pub blocks: usize,
    /// What failed.
    pub failures: Vec<Failure>,
    /// The file's new text, when blessing changed it.
    pub blessed: Option<String>,
}

/// What a passing run covered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Summary {
    /// Files run.
    pub files: usize,
    /// Graph blocks run.
    pub blocks: usize,
    /// Files whose expectations were rewritten.
    pub blessed: usize,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "filetests: {} files, {} graph blocks passed",
            self.files, self.blocks
        )?;
        if self.blessed > 0 {
            write!(f, " ({} files blessed)", self.blessed)?;
        }
        Ok(())
    }
}

/// Runs `.nfir` files with a set of commands.
#[derive(Clone, Copy)]
pub struct Runner<'c> {
    commands: &'c [&'c dyn SubTest],
    parse: fn(&str) -> Result<Graph, ParseError>,
    bless_hint: &'c str,
}

impl<'c> Runner<'c> {
    /// A runner for these commands, parsing blocks with [`text::parse`](crate::text::parse).
    pub fn new(commands: &'c [&'c dyn SubTest]) -> Runner<'c> {
        Runner {
            commands,
            parse: crate::text::parse,
            bless_hint: "NUMFUSE_BLESS=1 cargo test -p numfuse-ir --test filetests",
        }
    }

    /// The command printed after a failure to accept the new output (the main crate's runner
    /// names its own test).
    pub fn with_bless_hint(self, bless_hint: &'c str) -> Runner<'c> {
        Runner { bless_hint, ..self }
    }

    /// Parses blocks with `parse` instead of the text form's parser (the runner's own tests
    /// use a tiny fake one).
    pub fn with_parser(self, parse: fn(&str) -> Result<Graph, ParseError>) -> Runner<'c> {
        Runner { parse, ..self }
    }

    /// Runs every `.nfir` file under `root`, in sorted path order, and blesses when the
    /// environment has `NUMFUSE_BLESS=1`.
    ///
    /// # Errors
    /// The report of every failure (with the bless hint when an output differed), or why the
    /// directory could not be read, or that it holds no `.nfir` file.
    pub fn run_dir(&self, root: &Path) -> Result<Summary, String> {
        let bless = std::env::var("NUMFUSE_BLESS").is_ok_and(|v| v == "1");
        let mut files = Vec::new();
        collect(root, &mut files).map_err(|e| format!("{}: {e}", root.display()))?;
        files.sort();
        if files.is_empty() {
            return Err(format!("no .nfir files under {}", root.display()));
        }
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut summary = Summary {
            files: files.len(),
            blocks: 0,
            blessed: 0,
        };
        let mut failures = Vec::new();
        for path in &files {
            let label = path
                .strip_prefix(&cwd)
                .unwrap_or(path)
                .display()
                .to_string();
            let source = match std::fs::read_to_string(path) {
                Ok(s) => s,
                Err(e) => {
                    failures.push(Failure {
                        location: label,
                        message: e.to_string(),
                        mismatch: false,
                    });
                    continue;
                }
            };
            let outcome = self.run_source(&label, &source, bless);
            summary.blocks += outcome.blocks;
            failures.extend(outcome.failures);
            if let Some(text) = outcome.blessed {
                match std::fs::write(path, text) {
                    Ok(()) => summary.blessed += 1,
                    Err(e) => failures.push(Failure {
                        location: label,
                        message: format!("cannot bless: {e}"),
                        mismatch: false,
                    }),
                }
            }
        }
        if failures.is_empty() {
            Ok(summary)
        } else {
            Err(self.report(&failures, summary))
        }
    }

    /// The report of a failing run: every failure, then a count and the bless hint.
    pub fn report(&self, failures: &[Failure], summary: Summary) -> String {
        let mut out = String::new();
        for f in failures {
            out.push_str(&format!("{f}\n\n"));
        }
        out.push_str(&format!(
            "{} filetest failure(s) in {} files ({} graph blocks)\n",
            failures.len(),
            summary.files,
            summary.blocks
        ));
        if failures.iter().any(|f| f.mismatch) {
            out.push_str(&format!(
                "if the new output is right, accept it with: {}\n",
                self.bless_hint
            ));
        }
        out
    }

    /// Runs the graph blocks of one file's text; `label` names the file in failures. With
    /// `bless`, outputs that differ from a `precise-output` expectation are not failures, and
    /// the rewritten text is returned.
    pub fn run_source(&self, label: &str, source: &str, bless: bool) -> FileOutcome {
        let fail = |line: usize, message: String| Failure {
            location: format!("{label}:{line}"),
            message,
            mismatch: false,
        };
        let mut outcome = FileOutcome::default();
        let file = match TestFile::parse(source) {
            Ok(f) => f,
            Err(e) => {
                outcome.failures.push(fail(e.line, e.message));
                return outcome;
            }
        };
        let Some(cmd) = self.commands.iter().find(|c| c.name() == file.command) else {
            let names: Vec<&str> = self.commands.iter().map(|c| c.name()).collect();
            let message = format!(
                "unknown command `{}` (known: {})",
                file.command,
                names.join(", ")
            );
            outcome.failures.push(fail(file.command_line, message));
            return outcome;
        };
        let mut new_outputs = vec![None; file.blocks.len()];
        for (k, block) in file.blocks.iter().enumerate() {
            outcome.blocks += 1;
            let cx = match context(block, *cmd, label) {
                Ok(cx) => cx,
                Err((line, message)) => {
                    outcome.failures.push(fail(line, message));
                    continue;
                }
            };
            let here = |message: String, mismatch: bool| Failure {
                mismatch,
                ..fail(
                    block.line,
                    format!("graph {}: {message}", block_name(&block.text)),
                )
            };
            let output = match (self.parse)(&block.text) {
                Err(e) if cmd.shows_parse_errors() => {
                    format!("parse error at {}:{}: {}", e.line, e.col, e.message)
                }
                Err(e) => {
                    outcome.failures.push(Failure {
                        location: format!("{label}:{}:{}", block.line + e.line - 1, e.col),
                        message: e.message,
                        mismatch: false,
                    });
                    continue;
                }
                Ok(graph) => {
                    if cmd.needs_verifier()
                        && let Err(errors) = crate::verify::verify(&graph)
                    {
                        let listing = super::test_verify::annotate(&graph, &errors);
                        let message = format!("the graph does not verify:\n{listing}");
                        outcome.failures.push(here(message, false));
                        continue;
                    }
                    match cmd.run(&graph, &cx) {
                        Ok(o) => o,
                        Err(e) => {
                            let message = format!("`{}` failed: {e}", cmd.name());
                            outcome.failures.push(here(message, false));
                            continue;
                        }
                    }
                }
            };
            if let Some((message, mismatch)) =
                check(&file, block, output, bless, &mut new_outputs[k])
            {
                outcome.failures.push(here(message, mismatch));
            }
        }
        if new_outputs.iter().any(Option::is_some) {
            let text = file.blessed(&new_outputs);
            if text != source {
                outcome.blessed = Some(text);
            }
        }
        outcome
    }
}

/// Compares a block's output with its expectation: `None` when it passes or is blessed (the
/// new output then goes to `blessed`), else the failure's message and whether it is a
/// mismatch that blessing would accept.
fn check(
    file: &TestFile<'_>,
    block: &Block,
    output: String,
    bless: bool,
    blessed: &mut Option<String>,
) -> Option<(String, bool)> {
    let got: Vec<&str> = output_lines(&output).collect();
    if !file.precise {
        let missing = first_missing(&block.expected, &got)?;
        let message = format!(
            "expectation `{missing}` not met (in order) by the output:\n{}",
            got.join("\n")
        );
        return Some((message, false));
    }
    if got == block.expected {
        return None;
    }
    if bless {
        *blessed = Some(output);
        return None;
    }
    let message = format!(
        "output differs from the expectation\n{}",
        diff(&block.expected, &got)
    );
    Some((message, true))
}

/// `%name` of a block's `graph %name(...)` line, as written.
fn block_name(text: &str) -> &str {
    let line = text.lines().next().unwrap_or_default().trim_start();
    let rest = line.strip_prefix("graph").unwrap_or(line).trim_start();
    let end = rest
        .find(|c: char| c == '(' || c.is_whitespace())
        .unwrap_or(rest.len());
    &rest[..end]
}

/// The block's settings checked and gathered, or the line and message of a bad one.
fn context<'a>(
    block: &'a Block,
    cmd: &dyn SubTest,
    file: &'a str,
) -> Result<Context<'a>, (usize, String)> {
    let mut cx = Context {
        policy: FloatPolicy::default(),
        fuel: None,
        settings: Default::default(),
        file,
    };
    for (key, s) in &block.settings {
        match key.as_str() {
            "float_policy" => cx.policy = s.value.parse().map_err(|e| (s.line, e))?,
            "fuel" => {
                let fuel = s
                    .value
                    .parse()
                    .map_err(|_| (s.line, format!("fuel must be a count, not `{}`", s.value)))?;
                cx.fuel = Some(fuel);
            }
            k if cmd.settings().contains(&k) => {}
            k => {
                return Err((
                    s.line,
                    format!("unknown setting `{k}` for `test {}`", cmd.name()),
                ));
            }
        }
        cx.settings.insert(key.as_str(), s.value.as_str());
    }
    Ok(cx)
}

/// The first expectation line that `got` does not satisfy, in order (filecheck-style):
///
/// - `check: PAT` — a later output line contains `PAT`;
/// - `nextln: PAT` — the output line right after the previous match contains `PAT`;
/// - `not: PAT` — no output line between the previous match and the next one contains `PAT`
///   (up to the end when it is the last directive);
/// - any other line — a later output line equals it.
///
/// Patterns are plain substrings (no regexes or variables): the `lower` filetests check the
/// instructions a kernel must contain, not Cranelift's value numbering, which changes with
/// the Cranelift version.
fn first_missing<'e>(expected: &'e [String], got: &[&str]) -> Option<&'e str> {
    let mut next = 0; // the first output line the next directive may match
    let mut nots: Vec<&'e str> = Vec::new();
    // The `not:` line (whole, as written) that one of `lines` breaks.
    let broken = |nots: &[&'e str], lines: &[&str]| -> Option<&'e str> {
        nots.iter().copied().find(|n| {
            let pat = n["not:".len()..].trim();
            lines.iter().any(|l| l.contains(pat))
        })
    };
    for want in expected {
        let want = want.as_str();
        if want.starts_with("not:") {
            nots.push(want);
            continue;
        }
        let rest = &got[next.min(got.len())..];
        let found = if let Some(pat) = want.strip_prefix("nextln:") {
            let pat = pat.trim();
            (next > 0 && rest.first().is_some_and(|l| l.contains(pat))).then_some(next)
        } else if let Some(pat) = want.strip_prefix("check:") {
            let pat = pat.trim();
            rest.iter().position(|l| l.contains(pat)).map(|k| next + k)
        } else {
            rest.iter()
                .position(|l| l.trim_end() == want)
                .map(|k| next + k)
        };
        let Some(at) = found else {
            return Some(want);
        };
        if let Some(n) = broken(&nots, &got[next.min(at)..at]) {
            return Some(n);
        }
        nots.clear();
        next = at + 1;
    }
    broken(&nots, &got[next.min(got.len())..])
}

/// A unified diff from `expected` to `actual` lines.
pub fn diff(expected: &[impl AsRef<str>], actual: &[impl AsRef<str>]) -> String {
    let (e, a) = (with_newlines(expected), with_newlines(actual));
    similar::TextDiff::from_lines(&e, &a)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

/// The lines, each ended by a newline.
fn with_newlines(lines: &[impl AsRef<str>]) -> String {
    lines.iter().map(|l| format!("{}\n", l.as_ref())).collect()
}

/// Every `.nfir` file under `dir`, recursively.
fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "nfir") {
            out.push(path);
        }
    }
    Ok(())
}

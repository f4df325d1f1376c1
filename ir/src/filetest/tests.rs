//! Tests of the runner itself, with a fake parser and fake commands so that they depend only
//! on the file format, not on the text form or the passes.

use super::runner::{Runner, diff};
use super::{Context, SubTest};
use crate::dtype::DType;
use crate::error::ParseError;
use crate::graph::Graph;
use crate::shape::{Dim, Shape};

/// A graph named as the block's `graph %name` line, with one input that is its output; no
/// outputs when the name is `broken`. A line `bad` is a parse error at its `b`.
fn fake_parse(text: &str) -> Result<Graph, ParseError> {
    for (i, line) in text.lines().enumerate() {
        if let Some(col) = line.find("bad") {
            return Err(ParseError {
                line: i + 1,
                col: col + 1,
                message: "bad token".into(),
            });
        }
    }
    let name: String = text
        .trim_start()
        .trim_start_matches("graph")
        .trim_start()
        .trim_start_matches('%')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    let mut g = Graph::new(&name);
    let a = g.input("a", DType::F64, Shape::from([Dim::from("n")]));
    if name != "broken" {
        g.set_outputs(&[a]);
    }
    Ok(g)
}

/// Prints the graph's name and the block's settings; fails on a graph named `fail`.
struct Echo;

impl SubTest for Echo {
    fn name(&self) -> &'static str {
        "echo"
    }
    fn needs_verifier(&self) -> bool {
        true
    }
    fn settings(&self) -> &'static [&'static str] {
        &["extra"]
    }
    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        if graph.name() == "fail" {
            return Err("asked to fail".into());
        }
        let mut out = format!("name: {}\npolicy: {}\n", graph.name(), cx.policy.name());
        if let Some(f) = cx.fuel {
            out.push_str(&format!("fuel: {f}\n"));
        }
        if let Some(x) = cx.settings.get("extra") {
            out.push_str(&format!("extra: {x}\n"));
        }
        Ok(out)
    }
}

/// `echo` that shows parse errors as output.
struct Shows;

impl SubTest for Shows {
    fn name(&self) -> &'static str {
        "shows"
    }
    fn needs_verifier(&self) -> bool {
        false
    }
    fn shows_parse_errors(&self) -> bool {
        true
    }
    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        Echo.run(graph, cx)
    }
}

const COMMANDS: &[&dyn SubTest] = &[&Echo, &Shows];

fn runner() -> Runner<'static> {
    Runner::new(COMMANDS).with_parser(fake_parse)
}

const PASSING: &str = "\
test echo precise-output
set float_policy=strict

;; The first graph.
graph %first(a: f64[n]) -> f64[n] {
    return a
}
; name: first
; policy: strict

set fuel=7
set extra=yes
graph %second(a: f64[n]) -> f64[n] {
    return a
}
;; A comment among the expectation lines.
; name: second
; policy: strict
; fuel: 7
; extra: yes
";

#[test]
fn a_right_expectation_passes() {
    let out = runner().run_source("p.nfir", PASSING, false);
    assert_eq!(out.failures, []);
    assert_eq!(out.blocks, 2);
    assert_eq!(out.blessed, None);
}

#[test]
fn a_wrong_expectation_fails_with_a_diff_and_the_bless_hint() {
    let wrong = PASSING.replace("; policy: strict\n; fuel", "; policy: fast\n; fuel");
    let out = runner().run_source("w.nfir", &wrong, false);
    assert_eq!(out.failures.len(), 1, "{:?}", out.failures);
    let f = &out.failures[0];
    assert_eq!(f.location, "w.nfir:13");
    assert!(f.mismatch);
    assert!(
        f.message
            .starts_with("graph %second: output differs from the expectation\n"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("--- expected\n+++ actual\n"),
        "{}",
        f.message
    );
    assert!(
        f.message.contains("\n-policy: fast\n+policy: strict\n"),
        "{}",
        f.message
    );
    let summary = super::Summary {
        files: 1,
        blocks: out.blocks,
        blessed: 0,
    };
    let report = runner().report(&out.failures, summary);
    assert!(report.starts_with("w.nfir:13: graph %second:"), "{report}");
    assert!(report.contains("1 filetest failure(s) in 1 files (2 graph blocks)"));
    assert!(
        report.contains("NUMFUSE_BLESS=1 cargo test -p numfuse-ir --test filetests"),
        "{report}"
    );
    let hinted = runner().with_bless_hint("NUMFUSE_BLESS=1 cargo test --test filetests");
    assert!(
        hinted
            .report(&out.failures, summary)
            .contains("accept it with: NUMFUSE_BLESS=1 cargo test --test filetests")
    );
}

#[test]
fn blessing_rewrites_expectations_and_keeps_comments() {
    let stale = PASSING
        .replace("; name: first\n; policy: strict\n", "; stale\n")
        .replace("; extra: yes\n", "");
    let out = runner().run_source("b.nfir", &stale, true);
    assert_eq!(out.failures, []);
    assert_eq!(out.blessed.as_deref(), Some(PASSING));
    // An expectation that is right is left alone: nothing to write.
    assert_eq!(runner().run_source("b.nfir", PASSING, true).blessed, None);
}

#[test]
fn a_missing_expectation_is_a_failure_and_blessing_adds_it() {
    let bare = "test echo precise-output\ngraph %g() -> f64[] {\n}\n";
    let out = runner().run_source("m.nfir", bare, false);
    assert_eq!(out.failures.len(), 1);
    assert!(
        out.failures[0].message.contains("\n+name: g\n"),
        "{}",
        out.failures[0].message
    );
    let blessed = runner().run_source("m.nfir", bare, true).blessed.unwrap();
    assert_eq!(blessed, format!("{bare}; name: g\n; policy: algebraic\n"));
}

#[test]
fn a_parse_error_is_located_in_the_file() {
    let text = "test echo precise-output\n\ngraph %g(a: f64[n]) -> f64[n] {\n    v1 = x\n    v2 = bad\n}\n";
    let out = runner().run_source("e.nfir", text, true);
    assert_eq!(out.failures.len(), 1);
    assert_eq!(out.failures[0].location, "e.nfir:5:10");
    assert_eq!(out.failures[0].message, "bad token");
    assert_eq!(
        out.blessed, None,
        "a block that fails to parse is not blessed"
    );
}

#[test]
fn a_command_may_show_parse_errors_as_output() {
    let text = "test shows precise-output\n\ngraph %g(a: f64[n]) -> f64[n] {\n    v2 = bad\n}\n";
    let out = runner().run_source("s.nfir", text, true);
    assert_eq!(out.failures, []);
    let want = format!("{text}; parse error at 2:10: bad token\n");
    assert_eq!(out.blessed.as_deref(), Some(want.as_str()));
    let out = runner().run_source("s.nfir", &want, false);
    assert_eq!((out.failures, out.blocks), (vec![], 1));
    let wrong = want.replace("2:10", "2:11");
    let out = runner().run_source("s.nfir", &wrong, false);
    assert_eq!(out.failures.len(), 1);
    assert_eq!(out.failures[0].location, "s.nfir:3");
    assert!(
        out.failures[0]
            .message
            .starts_with("graph %g: output differs")
    );
}

#[test]
fn every_failing_block_is_reported() {
    let text = "\
test echo precise-output
graph %fail(a: f64[n]) -> f64[n] {
}
graph %broken(a: f64[n]) -> f64[n] {
}
graph %ok(a: f64[n]) -> f64[n] {
}
; name: ok
; policy: algebraic
set float_policy=sloppy
graph %late(a: f64[n]) -> f64[n] {
}
";
    let out = runner().run_source("f.nfir", text, true);
    let got: Vec<(&str, bool)> = out
        .failures
        .iter()
        .map(|f| (f.location.as_str(), f.mismatch))
        .collect();
    assert_eq!(
        got,
        [
            ("f.nfir:2", false),
            ("f.nfir:4", false),
            ("f.nfir:10", false)
        ]
    );
    assert!(
        out.failures[0]
            .message
            .contains("`echo` failed: asked to fail")
    );
    assert!(out.failures[1].message.contains("does not verify"));
    assert!(
        out.failures[2]
            .message
            .contains("unknown float policy \"sloppy\"")
    );
    assert_eq!(out.blessed, None);
}

#[test]
fn file_level_problems_are_failures() {
    let out = runner().run_source("u.nfir", "test nope\ngraph %g() -> f64[] {\n}\n", false);
    assert_eq!(out.failures[0].location, "u.nfir:1");
    assert_eq!(
        out.failures[0].message,
        "unknown command `nope` (known: echo, shows)"
    );
    let out = runner().run_source(
        "k.nfir",
        "test echo\nset colour=red\ngraph %g() -> f64[] {\n}\n",
        false,
    );
    assert_eq!(out.failures[0].location, "k.nfir:2");
    assert_eq!(
        out.failures[0].message,
        "unknown setting `colour` for `test echo`"
    );
    let out = runner().run_source("x.nfir", "test echo\nhello\n", false);
    assert_eq!(out.failures[0].location, "x.nfir:2");
    let out = runner().run_source(
        "n.nfir",
        "test echo\nset fuel=lots\ngraph %g() -> f64[] {\n}\n",
        false,
    );
    assert_eq!(out.failures[0].message, "fuel must be a count, not `lots`");
}

#[test]
fn without_precise_output_expectations_are_checked_in_order() {
    let text = |want: &str| format!("test echo\ngraph %g() -> f64[] {{\n}}\n{want}");
    let pass = runner().run_source("s.nfir", &text("; name: g\n; policy: algebraic\n"), true);
    assert_eq!(pass.failures, []);
    let partial = runner().run_source("s.nfir", &text("; policy: algebraic\n"), false);
    assert_eq!(partial.failures, []);
    let order = runner().run_source("s.nfir", &text("; policy: algebraic\n; name: g\n"), true);
    assert_eq!(order.failures.len(), 1);
    assert!(
        order.failures[0]
            .message
            .starts_with("graph %g: expectation `name: g` not met")
    );
    assert_eq!(order.blessed, None, "only precise-output files are blessed");
}

#[test]
fn diffs_are_unified() {
    let d = diff(&["a", "b", "c"], &["a", "x", "c"]);
    assert_eq!(
        d,
        "--- expected\n+++ actual\n@@ -1,3 +1,3 @@\n a\n-b\n+x\n c\n"
    );
    let empty: [&str; 0] = [];
    assert_eq!(
        diff(&empty, &["new"]),
        "--- expected\n+++ actual\n@@ -0,0 +1 @@\n+new\n"
    );
}

#[test]
fn a_directory_is_walked_and_every_failing_file_reported() {
    let root = std::env::temp_dir().join(format!("numfuse-filetest-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    std::fs::create_dir_all(root.join("sub")).unwrap();
    assert!(
        runner()
            .run_dir(&root)
            .unwrap_err()
            .starts_with("no .nfir files under")
    );
    std::fs::write(root.join("sub/good.nfir"), PASSING).unwrap();
    std::fs::write(root.join("ignored.txt"), "not a test").unwrap();
    let summary = runner().run_dir(&root).unwrap();
    assert_eq!((summary.files, summary.blocks), (1, 2));
    let wrong = PASSING.replace("; name: first", "; name: last");
    std::fs::write(root.join("a_bad.nfir"), &wrong).unwrap();
    std::fs::write(root.join("z_bad.nfir"), &wrong).unwrap();
    let report = runner().run_dir(&root).unwrap_err();
    let a = report.find("a_bad.nfir:5: graph %first").expect(&report);
    let z = report.find("z_bad.nfir:5: graph %first").expect(&report);
    assert!(a < z, "files run in sorted order");
    assert!(!report.contains("good.nfir"), "{report}");
    assert!(
        report.contains("2 filetest failure(s) in 3 files (6 graph blocks)"),
        "{report}"
    );
    std::fs::remove_dir_all(&root).unwrap();
}

/// A partial (not precise) file of `echo` with the given expectation lines.
fn partial(expect: &[&str]) -> String {
    let mut s = String::from(
        "test echo\nset fuel=7\nset extra=yes\ngraph %g(a: f64[n]) -> f64[n] {\n    return a\n}\n",
    );
    for e in expect {
        s.push_str(&format!("; {e}\n"));
    }
    s
}

#[test]
fn check_nextln_and_not_directives() {
    // The output: `name: g`, `policy: algebraic`, `fuel: 7`, `extra: yes`.
    let ok = [
        &["check: name", "nextln: policy", "not: zzz", "check: extra"][..],
        &["name: g", "check: fuel", "nextln: yes"],
        &["check: g", "not: name", "check: 7", "not: policy"],
        &["check: algebraic", "not: nothing after"],
    ];
    for lines in ok {
        let out = runner().run_source("c.nfir", &partial(lines), false);
        assert!(out.failures.is_empty(), "{lines:?}: {:?}", out.failures);
    }
    let bad: [(&[&str], &str); 5] = [
        (&["check: name", "nextln: fuel"], "nextln: fuel"),
        (&["nextln: name"], "nextln: name"),
        (&["check: fuel", "check: policy"], "check: policy"),
        (
            &["check: name", "not: policy", "check: fuel"],
            "not: policy",
        ),
        (&["check: policy", "not: yes"], "not: yes"),
    ];
    for (lines, culprit) in bad {
        let out = runner().run_source("c.nfir", &partial(lines), false);
        assert_eq!(out.failures.len(), 1, "{lines:?}");
        let m = &out.failures[0].message;
        assert!(
            m.contains(&format!("`{culprit}` not met")),
            "{lines:?}: {m}"
        );
    }
}

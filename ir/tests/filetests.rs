//! The IR's golden filetests: every `tests/filetests/**/*.nfir` run with the IR's commands
//! (see `numfuse_ir::filetest` for the format). One test for the whole corpus, reporting every
//! failing block; `NUMFUSE_BLESS=1 cargo test -p numfuse-ir --test filetests` rewrites the
//! `precise-output` expectations.

use numfuse_ir::filetest::{COMMANDS, Runner};
use std::path::Path;

#[test]
fn filetests() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/filetests");
    match Runner::new(COMMANDS).run_dir(&root) {
        Ok(summary) => println!("{summary}"),
        Err(report) => panic!("\n{report}"),
    }
}

/// The real parser and commands, end to end: a wrong expectation fails with its line and a
/// diff, and blessing turns it into the right one.
#[test]
fn a_wrong_expectation_fails() {
    let text = "\
test cat precise-output
;; The expectation says 3.0; the graph says 2.0.
graph %g(a: f64[n]) -> f64[n] {
    v1: f64[n] = multiply a, 2.0
    return v1
}
; graph %g(a: f64[n]) -> f64[n] {
;     v1: f64[n] = multiply a, 3.0
;     return v1
; }
";
    let runner = Runner::new(COMMANDS);
    let out = runner.run_source("wrong.nfir", text, false);
    assert_eq!(out.failures.len(), 1, "{:?}", out.failures);
    let f = &out.failures[0];
    assert_eq!(f.location, "wrong.nfir:3");
    assert!(f.mismatch);
    assert!(
        f.message
            .contains("-    v1: f64[n] = multiply a, 3.0\n+    v1: f64[n] = multiply a, 2.0\n"),
        "{}",
        f.message
    );
    let blessed = runner.run_source("wrong.nfir", text, true).blessed.unwrap();
    assert_eq!(blessed, text.replace("a, 3.0", "a, 2.0"));
    assert_eq!(
        runner.run_source("wrong.nfir", &blessed, false).failures,
        []
    );
}

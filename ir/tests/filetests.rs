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

//! The numfuse showcase: the seed's workloads run eagerly and lazily on the same inputs, in one
//! run, with what each moved and how far the results differ.
//!
//! Each workload is written once, as a lazy expression. `compare` runs it two ways:
//! - **eager**: the expression as built, node by node with numfuse's eager library (one loop
//!   and one temporary per operation: what the same NumPy program does);
//! - **lazy**: simplified, fused and compiled by the JIT. "first" is the first call, including
//!   compilation of kernels not already cached; "lazy" is the median of the cached calls.
//!
//! Run: `cargo run --release --example compare` (`--quick` for reduced sizes, `--with-python`
//! to merge `target/compare/python.csv` from `python3 benches/numpy_compare.py`). Writes
//! `target/compare/compare.csv` and `target/compare/compare.svg`.

mod report;
mod workloads;

use numfuse::ops::errstate::{ErrMode, ErrState, errstate, geterr};
use numfuse::prelude::*;
use report::Row;
use std::io::Write;
use std::time::Instant;

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    for a in &args {
        if !matches!(a.as_str(), "--quick" | "--with-python") {
            eprintln!("usage: compare [--quick] [--with-python]  (unknown argument {a})");
            std::process::exit(2);
        }
    }
    let quick = args.iter().any(|a| a == "--quick");
    let with_python = args.iter().any(|a| a == "--with-python");
    let runs = if quick { 3 } else { 5 };
    let threads = rayon::current_num_threads();
    println!(
        "numfuse compare: eager vs lazy (JIT) on the seed's workloads{}",
        if quick { " (--quick sizes)" } else { "" }
    );
    println!(
        "median of {runs} runs after one warm-up; {threads} threads; times in ms, bytes in MB\n"
    );

    let opts = EvalOptions {
        backend: Backend::Jit,
        ..EvalOptions::default()
    };
    let list = workloads::all(quick)?;
    let total = list.len();
    let started = Instant::now();
    let mut rows = Vec::with_capacity(total);
    for (i, w) in list.into_iter().enumerate() {
        eprint!("\r\x1b[2K[{:>2}/{total}] {} {} ...", i + 1, w.name, w.shape);
        let _ = std::io::stderr().flush();
        let expr = (w.build)()?;
        let r = if w.ignore_invalid {
            let quiet = ErrState {
                invalid: ErrMode::Ignore,
                ..geterr()
            };
            errstate(quiet, || expr.compare_with(&opts, runs))?
        } else {
            expr.compare_with(&opts, runs)?
        };
        rows.push(Row::new(w.name, w.shape, w.note, &r));
    }
    eprintln!(
        "\r\x1b[2K{total} workloads in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    report::print_table(&rows);
    let python = if with_python {
        report::read_python()
    } else {
        Vec::new()
    };
    if with_python {
        report::print_python(&rows, &python);
    }
    let dir = report::out_dir();
    match report::write_files(&dir, &rows, &python) {
        Ok(()) => println!("\nwrote {0}/compare.csv and {0}/compare.svg", dir.display()),
        Err(e) => eprintln!("\ncould not write {}: {e}", dir.display()),
    }
    Ok(())
}

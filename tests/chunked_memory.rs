//! Chunked evaluation keeps memory bounded: a lazy graph over a 2 GiB memory-mapped file runs
//! under a 256 MiB working-set budget, and the process's peak resident memory (VmHWM, reset
//! before each measurement through /proc/self/clear_refs) grows by no more than the budget plus
//! a margin. The same graph evaluated whole grows it by the file's size, which shows that the
//! measurement sees mapped pages. This binary holds one test, so no other test's memory
//! mixes into the peak. Linux only (it reads /proc).

#![cfg(target_os = "linux")]

use numfuse::io::{MemmapOptions, MmapMode, memmap, open_memmap};
use numfuse::lazy::EvalOptions;
use numfuse::prelude::*;
use std::io::Write;

const MIB: usize = 1 << 20;
/// The file: 2 GiB of f64.
const LEN: usize = 2048 * MIB / 8;
/// The working-set budget, and how far above it the peak may go (code, page tables, the
/// partials, allocator slack).
const BUDGET: usize = 256 * MIB;
const MARGIN: usize = 96 * MIB;

/// Resets the peak resident set to the current one and returns the current one, in bytes.
fn reset_peak() -> usize {
    std::fs::write("/proc/self/clear_refs", "5").expect("reset VmHWM");
    status("VmRSS:")
}

fn status(key: &str) -> usize {
    let text = std::fs::read_to_string("/proc/self/status").expect("read /proc/self/status");
    let line = text
        .lines()
        .find(|l| l.starts_with(key))
        .unwrap_or_else(|| panic!("{key} missing from /proc/self/status"));
    let kb: usize = line[key.len()..]
        .trim()
        .trim_end_matches("kB")
        .trim()
        .parse()
        .expect("a number of kB");
    kb * 1024
}

/// Writes `LEN` f64 values `i % 1024` to `path` through a small buffer (page cache, not this
/// process's memory).
fn write_ramp(path: &std::path::Path) {
    let block: Vec<u8> = (0..128 * 1024)
        .flat_map(|i| ((i % 1024) as f64).to_ne_bytes())
        .collect();
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).expect("create"));
    for _ in 0..LEN * 8 / block.len() {
        f.write_all(&block).expect("write");
    }
    f.flush().expect("flush");
}

#[test]
fn a_2_gib_memmap_evaluates_within_a_256_mib_budget() {
    let dir = std::path::PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let input = dir.join(format!("chunked-input-{}.f64", std::process::id()));
    let output = dir.join(format!("chunked-output-{}.npy", std::process::id()));
    write_ramp(&input);
    let mm = memmap(
        &input,
        DType::F64,
        MmapMode::ReadOnly,
        &MemmapOptions::default(),
    )
    .unwrap();
    assert_eq!(mm.shape(), &[LEN]);
    let opts = EvalOptions {
        memory_budget: Some(BUDGET),
        ..Default::default()
    };
    let e = (&mm.lazy() * 2.0 + 1.0).sum(None);
    let text = e.explain_with(&opts).unwrap();
    assert!(text.contains("-- chunking --\naxis 0 of"), "{text}");

    // A fused reduction: each 1024-block sums to 1024 * 1024, exactly in f64.
    let base = reset_peak();
    let total = e.eval_with(&opts).unwrap();
    let grew = status("VmHWM:").saturating_sub(base);
    println!("chunked sum: peak RSS +{} MiB", grew / MIB);
    assert_eq!(total.to_vec::<f64>().unwrap(), vec![(LEN as f64) * 1024.0]);
    assert!(
        grew <= BUDGET + MARGIN,
        "peak RSS grew by {} MiB for a {} MiB budget",
        grew / MIB,
        BUDGET / MIB
    );

    // An elementwise result as large as the input, written into a memory-mapped .npy.
    let mut out = open_memmap(&output, DType::F64, &[LEN], Order::C).unwrap();
    let base = reset_peak();
    (&mm.lazy() * 2.0 + 1.0)
        .eval_into_with(&mut out, &opts)
        .unwrap();
    let grew = status("VmHWM:").saturating_sub(base);
    println!("chunked eval_into a memmap: peak RSS +{} MiB", grew / MIB);
    assert!(
        grew <= BUDGET + MARGIN,
        "eval_into a memmap: peak RSS grew by {} MiB for a {} MiB budget",
        grew / MIB,
        BUDGET / MIB
    );
    out.flush().unwrap();
    for i in [0, 1023, 1024, LEN / 2 + 7, LEN - 1] {
        let want = 2.0 * (i % 1024) as f64 + 1.0;
        assert_eq!(
            out.get(&[i as isize]).unwrap().to_f64(),
            want,
            "element {i}"
        );
    }
    drop(out);
    let back = numfuse::io::load_mmap(&output, MmapMode::ReadOnly).unwrap();
    assert_eq!(
        back.get(&[LEN as isize - 2]).unwrap().to_f64(),
        2.0 * 1022.0 + 1.0
    );
    drop(back);

    // The control: the same reduction evaluated whole touches every page of the file.
    let whole = EvalOptions {
        memory_budget: Some(usize::MAX),
        ..Default::default()
    };
    let base = reset_peak();
    let again = e.eval_with(&whole).unwrap();
    let grew = status("VmHWM:").saturating_sub(base);
    println!("whole sum: peak RSS +{} MiB", grew / MIB);
    assert_eq!(
        again.to_vec::<f64>().unwrap(),
        total.to_vec::<f64>().unwrap()
    );
    assert!(
        grew > 1024 * MIB,
        "evaluated whole, the peak grew by only {} MiB: the measurement does not see the map",
        grew / MIB
    );
    drop(mm);
    std::fs::remove_file(&input).unwrap();
    std::fs::remove_file(&output).unwrap();
}

//! The table, the CSV, the SVG chart and the merge of `benches/numpy_compare.py`'s CSV. Every
//! number printed comes from this run's `CompareReport`s or from the Python CSV (labelled so).

use numfuse::CompareReport;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// One measured workload.
pub struct Row {
    pub name: &'static str,
    pub shape: String,
    pub note: &'static str,
    pub eager_ms: f64,
    pub first_ms: f64,
    pub lazy_ms: f64,
    pub eager_mb: f64,
    pub lazy_mb: f64,
    pub kernels: usize,
    pub compiled: usize,
    pub compile_ms: f64,
    pub temps_avoided: usize,
    pub max_abs: f64,
    pub max_ulps: u64,
    pub max_rel: f64,
}

fn ms(d: std::time::Duration) -> f64 {
    d.as_secs_f64() * 1e3
}

impl Row {
    pub fn new(name: &'static str, shape: String, note: &'static str, r: &CompareReport) -> Row {
        Row {
            name,
            shape,
            note,
            eager_ms: ms(r.eager_time),
            first_ms: ms(r.lazy_first_time),
            lazy_ms: ms(r.lazy_time),
            eager_mb: r.eager_bytes as f64 / 1e6,
            lazy_mb: r.lazy_bytes as f64 / 1e6,
            kernels: r.loops.1,
            compiled: r.kernels_compiled,
            compile_ms: ms(r.compile_time),
            temps_avoided: r.eager_temporaries.saturating_sub(r.lazy_temporaries),
            max_abs: r.max_abs_diff,
            max_ulps: r.max_ulp_diff,
            max_rel: r.max_rel_diff,
        }
    }

    fn speedup(&self) -> f64 {
        self.eager_ms / self.lazy_ms
    }
}

pub fn print_table(rows: &[Row]) {
    println!(
        "{:<22} {:<20} {:>9} {:>9} {:>9} {:>8} {:>9} {:>9} {:>7} {:>9} {:>9}",
        "workload",
        "shape",
        "eager",
        "first",
        "lazy",
        "speedup",
        "eager MB",
        "lazy MB",
        "kernels",
        "max diff",
        "rel diff"
    );
    for r in rows {
        println!(
            "{:<22} {:<20} {:>9.2} {:>9.2} {:>9.2} {:>7.2}x {:>9.1} {:>9.1} {:>7} {:>9.1e} {:>9.1e}",
            r.name,
            r.shape,
            r.eager_ms,
            r.first_ms,
            r.lazy_ms,
            r.speedup(),
            r.eager_mb,
            r.lazy_mb,
            r.kernels,
            r.max_abs,
            r.max_rel
        );
    }
    println!(
        "\neager: node by node, a temporary per op. first: first lazy call incl. compiling its \
         uncached kernels. lazy: cached calls.\nMB: bytes read and written (lazy: the fused \
         kernels' estimate). max diff: largest |eager - lazy|; rel diff: that over the largest \
         |eager| (ulps per element are in the CSV)."
    );
    let notes: Vec<&Row> = rows.iter().filter(|r| !r.note.is_empty()).collect();
    for r in notes {
        println!("note, {}: {}", r.name, r.note);
    }
}

/// One row of `benches/numpy_compare.py`'s CSV.
pub struct PyRow {
    pub workload: String,
    pub tool: String,
    pub median_ms: f64,
}

/// Splits one CSV line (fields may be double-quoted, `""` inside quotes is a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut out = vec![String::new()];
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                chars.next();
                if let Some(f) = out.last_mut() {
                    f.push('"');
                }
            }
            ('"', _) => quoted = !quoted,
            (',', false) => out.push(String::new()),
            _ => {
                if let Some(f) = out.last_mut() {
                    f.push(c);
                }
            }
        }
    }
    out
}

pub fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target"));
    target.join("compare")
}

/// The Python CSV's rows, or none (with a message saying why).
pub fn read_python() -> Vec<PyRow> {
    let path = out_dir().join("python.csv");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) => {
            println!(
                "\n--with-python: {} not read ({e}); run `python3 benches/numpy_compare.py` first",
                path.display()
            );
            return Vec::new();
        }
    };
    let mut lines = text.lines();
    let header = lines.next().map(csv_fields).unwrap_or_default();
    let col = |name: &str| header.iter().position(|h| h == name);
    let (Some(w), Some(t), Some(m)) = (col("workload"), col("tool"), col("median_ms")) else {
        println!(
            "\n--with-python: {} has no workload/tool/median_ms header",
            path.display()
        );
        return Vec::new();
    };
    lines
        .map(csv_fields)
        .filter_map(|f| {
            Some(PyRow {
                workload: f.get(w)?.clone(),
                tool: f.get(t)?.clone(),
                median_ms: f.get(m)?.parse().ok()?,
            })
        })
        .collect()
}

const TOOLS: [&str; 3] = ["numpy", "numexpr", "numba"];

fn python_ms(py: &[PyRow], workload: &str, tool: &str) -> Option<f64> {
    py.iter()
        .find(|p| p.workload == workload && p.tool == tool)
        .map(|p| p.median_ms)
}

pub fn print_python(rows: &[Row], py: &[PyRow]) {
    if py.is_empty() {
        return;
    }
    println!("\nagainst Python on this machine (from target/compare/python.csv; ms, median)");
    println!(
        "{:<22} {:>10} {:>10} {:>10} {:>10} {:>10}",
        "workload", "nf eager", "nf lazy", "numpy", "numexpr", "numba"
    );
    for r in rows {
        let cell = |t: &str| {
            python_ms(py, r.name, t).map_or_else(|| "-".to_string(), |v| format!("{v:.2}"))
        };
        println!(
            "{:<22} {:>10.2} {:>10.2} {:>10} {:>10} {:>10}",
            r.name,
            r.eager_ms,
            r.lazy_ms,
            cell("numpy"),
            cell("numexpr"),
            cell("numba")
        );
    }
}

pub fn write_files(dir: &Path, rows: &[Row], py: &[PyRow]) -> std::io::Result<()> {
    std::fs::create_dir_all(dir)?;
    let mut csv = String::from(
        "workload,shape,eager_ms,lazy_first_ms,lazy_ms,speedup,eager_mb,lazy_mb,kernels,\
         kernels_compiled,compile_ms,temporaries_avoided,max_abs_diff,max_ulp_diff,max_rel_diff\n",
    );
    for r in rows {
        let _ = writeln!(
            csv,
            "\"{}\",\"{}\",{:.4},{:.4},{:.4},{:.3},{:.3},{:.3},{},{},{:.4},{},{:e},{},{:e}",
            r.name,
            r.shape,
            r.eager_ms,
            r.first_ms,
            r.lazy_ms,
            r.speedup(),
            r.eager_mb,
            r.lazy_mb,
            r.kernels,
            r.compiled,
            r.compile_ms,
            r.temps_avoided,
            r.max_abs,
            r.max_ulps,
            r.max_rel
        );
    }
    std::fs::write(dir.join("compare.csv"), csv)?;
    std::fs::write(dir.join("compare.svg"), svg(rows, py))
}

/// Horizontal bars: each tool's speed-up over numfuse eager (eager time / tool time), one
/// group per workload, with a line at 1x.
fn svg(rows: &[Row], py: &[PyRow]) -> String {
    let mut series: Vec<(&str, &str)> = vec![("numfuse lazy", "#2b7bba")];
    let colours = ["#999999", "#e8a33d", "#5aae61"];
    for (t, c) in TOOLS.iter().zip(colours) {
        if py.iter().any(|p| p.tool == *t) {
            series.push((t, c));
        }
    }
    let value = |r: &Row, s: &str| -> Option<f64> {
        if s == "numfuse lazy" {
            Some(r.speedup())
        } else {
            python_ms(py, r.name, s).map(|t| r.eager_ms / t)
        }
    };
    let max = rows
        .iter()
        .flat_map(|r| series.iter().filter_map(|(s, _)| value(r, s)))
        .fold(1.0f64, f64::max)
        * 1.1;
    let (left, width, bar) = (190.0, 560.0, 12.0);
    let group = bar * series.len() as f64 + 10.0;
    let height = 40.0 + group * rows.len() as f64 + 30.0;
    let x = |v: f64| left + width * v / max;
    let mut s = String::new();
    let _ = writeln!(
        s,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{}\" height=\"{height}\" \
         font-family=\"sans-serif\" font-size=\"11\">",
        left + width + 60.0
    );
    let _ = writeln!(
        s,
        "<text x=\"10\" y=\"16\" font-size=\"13\">speed-up over numfuse eager \
         (eager time / time; higher is faster)</text>"
    );
    for (k, (name, colour)) in series.iter().enumerate() {
        let lx = left + 130.0 * k as f64;
        let _ = writeln!(
            s,
            "<rect x=\"{lx}\" y=\"24\" width=\"10\" height=\"10\" fill=\"{colour}\"/>\
             <text x=\"{}\" y=\"33\">{name}</text>",
            lx + 14.0
        );
    }
    for (i, r) in rows.iter().enumerate() {
        let y0 = 40.0 + group * i as f64;
        let _ = writeln!(
            s,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>",
            left - 6.0,
            y0 + group / 2.0,
            xml(r.name)
        );
        for (k, (name, colour)) in series.iter().enumerate() {
            if let Some(v) = value(r, name) {
                let y = y0 + bar * k as f64;
                let _ = writeln!(
                    s,
                    "<rect x=\"{left}\" y=\"{y}\" width=\"{:.1}\" height=\"{}\" \
                     fill=\"{colour}\"/><text x=\"{:.1}\" y=\"{}\">{v:.2}x</text>",
                    x(v) - left,
                    bar - 2.0,
                    x(v) + 3.0,
                    y + bar - 3.0
                );
            }
        }
    }
    let one = x(1.0);
    let _ = writeln!(
        s,
        "<line x1=\"{one}\" y1=\"38\" x2=\"{one}\" y2=\"{}\" stroke=\"black\" \
         stroke-dasharray=\"3,3\"/></svg>",
        height - 25.0
    );
    s
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

//! `test fold`, `test simplify`, `test cse`, `test dce`: one pass of
//! [`PASSES`](crate::passes::PASSES), run by [`run_pass`] under the block's float policy and
//! fuel, with the verifier after it. The output is the graph after the pass, then
//! `fired: rule xN, ...` (or `fired: none`), then `stop: <reason>` when the pass is a fixpoint
//! that recorded how it stopped.

use super::{Context, SubTest, fired_line};
use crate::graph::Graph;
use crate::passes::{pass, run_pass};
use crate::trace::Trace;

/// A command that runs the pass of the same name.
pub struct PassTest(pub &'static str);

impl SubTest for PassTest {
    fn name(&self) -> &'static str {
        self.0
    }

    fn needs_verifier(&self) -> bool {
        true
    }

    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        let p = pass(self.0).ok_or_else(|| format!("no pass named `{}`", self.0))?;
        let mut g = graph.clone();
        let mut pcx = cx.pass_cx();
        let mut trace = Trace::default();
        run_pass(p, &mut g, &mut pcx, &mut trace).map_err(|e| {
            format!(
                "the graph after `{}` does not verify:\n{}",
                p.name,
                super::test_verify::annotate(&g, &e)
            )
        })?;
        let mut out = crate::text::print(&g);
        let record = trace.passes.last().ok_or("the pass left no record")?;
        push_line(&mut out, &fired_line(record));
        if let Some(stop) = record.stop {
            push_line(&mut out, &format!("stop: {stop}"));
        }
        Ok(out)
    }
}

/// Appends `line` to `out` on a line of its own.
pub(super) fn push_line(out: &mut String, line: &str) {
    if !out.is_empty() && !out.ends_with('\n') {
        out.push('\n');
    }
    out.push_str(line);
    out.push('\n');
}

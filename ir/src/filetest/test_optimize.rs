//! `test optimize`: every pass of [`PASSES`](crate::passes::PASSES) in order, as
//! [`optimize`] runs them, under the block's float policy and fuel, verifying after each. The
//! output is the final graph, then for each pass one line `<pass>: fired: ...` (as in
//! [`test_pass`](super::test_pass)) and, when it recorded one, `<pass>: stop: <reason>`.

use super::test_pass::push_line;
use super::{Context, SubTest, fired_line};
use crate::graph::Graph;
use crate::passes::optimize;
use crate::trace::Trace;

/// The `optimize` command.
pub struct Optimize;

impl SubTest for Optimize {
    fn name(&self) -> &'static str {
        "optimize"
    }

    fn needs_verifier(&self) -> bool {
        true
    }

    fn run(&self, graph: &Graph, cx: &Context<'_>) -> Result<String, String> {
        let mut g = graph.clone();
        let mut trace = Trace::default();
        optimize(&mut g, &mut cx.pass_cx(), &mut trace).map_err(|e| {
            let pass = trace.passes.last().map_or("?", |r| r.pass);
            format!(
                "the graph after `{pass}` does not verify:\n{}",
                super::test_verify::annotate(&g, &e)
            )
        })?;
        let mut out = crate::text::print(&g);
        for record in &trace.passes {
            push_line(
                &mut out,
                &format!("{}: {}", record.pass, fired_line(record)),
            );
            if let Some(stop) = record.stop {
                push_line(&mut out, &format!("{}: stop: {stop}", record.pass));
            }
        }
        Ok(out)
    }
}

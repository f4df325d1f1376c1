//! `test fuse`: the graph, as written, partitioned into kernels by
//! [`fuse`](crate::passes::fuse()). The output is the kernel listing (the `Display` of
//! [`KernelGraph`](crate::kernel::KernelGraph)): buffers, then each kernel with its inputs and
//! their index maps, outputs, arguments, byte estimate and body. Fusion runs after `optimize`
//! in the pipeline; a fuse filetest states the graph it starts from, so it does not change
//! when a pass does.

use super::{Context, SubTest};
use crate::graph::Graph;
use crate::passes::fuse::fuse;

/// The `fuse` command.
pub struct Fuse;

impl SubTest for Fuse {
    fn name(&self) -> &'static str {
        "fuse"
    }

    fn needs_verifier(&self) -> bool {
        true
    }

    fn run(&self, graph: &Graph, _cx: &Context<'_>) -> Result<String, String> {
        fuse(graph)
            .map(|kg| kg.to_string())
            .map_err(|e| e.to_string())
    }
}

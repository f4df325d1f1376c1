//! Helpers shared by the integration tests.

#![allow(dead_code, reason = "each test binary uses part of the helpers")]

pub mod graphgen;
pub mod kernels;

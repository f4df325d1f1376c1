//! PLACEHOLDER: filled in by the fusion work.

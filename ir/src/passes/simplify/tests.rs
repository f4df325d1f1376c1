//! Unit tests of the rules (filled below).

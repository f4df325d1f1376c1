//! The IR's filetest commands, in one table: a new command is one file and one line here.

use super::SubTest;
use super::test_cat::Cat;
use super::test_fuse::Fuse;
use super::test_optimize::Optimize;
use super::test_pass::PassTest;
use super::test_verify::Verify;

/// Every filetest command of the IR crate (`test <name>`). The main crate's runner appends
/// its own (`lower`, `run`, `explain`).
pub static COMMANDS: &[&dyn SubTest] = &[
    &Cat,
    &Verify,
    &PassTest("fold"),
    &PassTest("simplify"),
    &PassTest("cse"),
    &PassTest("dce"),
    &Optimize,
    &Fuse,
];

/// Looks a command up by name.
pub fn command(name: &str) -> Option<&'static dyn SubTest> {
    COMMANDS.iter().copied().find(|c| c.name() == name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_found() {
        for (i, c) in COMMANDS.iter().enumerate() {
            assert!(
                COMMANDS[..i].iter().all(|d| d.name() != c.name()),
                "{}",
                c.name()
            );
            assert_eq!(command(c.name()).map(|c| c.name()), Some(c.name()));
        }
        assert!(command("nope").is_none());
    }

    #[test]
    fn every_pass_has_a_command() {
        for p in crate::passes::PASSES {
            assert!(
                command(p.name).is_some(),
                "no filetest command for pass {}",
                p.name
            );
        }
    }
}

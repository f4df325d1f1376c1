//! Floating-point error handling like `np.errstate` / `np.seterr`.
//!
//! Each eager ufunc reads the CPU's floating-point exception flags around its element loops (on
//! every worker thread that ran a piece) and reports what happened according to the calling
//! thread's [`ErrState`]: ignore it, warn (a `RuntimeWarning` line on stderr, once per message
//! per process, like Python's default warning filter), or raise (the call returns
//! [`Error::FloatingPoint`]). NumPy's defaults apply: warn on
//! divide-by-zero, overflow and invalid, ignore underflow. Integer division by zero counts as
//! divide-by-zero, as in NumPy.
//!
//! ```
//! use numfuse::prelude::*;
//! use numfuse::ops::errstate::{ErrMode, ErrState, errstate};
//! let a = array![1.0, 0.0];
//! let raise = ErrState::all(ErrMode::Raise);
//! let err = errstate(raise, || a.try_div(0.0)).unwrap_err();
//! assert_eq!(err.to_string(), "divide by zero encountered in divide");
//! let quiet = errstate(ErrState::all(ErrMode::Ignore), || a.try_div(0.0))?;
//! assert!(quiet.to_vec::<f64>()?[0].is_infinite());
//! # Ok::<(), numfuse::Error>(())
//! ```

use crate::{Error, Result};
use std::cell::Cell;
use std::collections::HashSet;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

/// What to do when a floating-point condition occurs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ErrMode {
    /// Do nothing.
    Ignore,
    /// Print a `RuntimeWarning` line to stderr (once per message per process).
    Warn,
    /// Return [`Error::FloatingPoint`] from the operation.
    Raise,
}

/// The handling of each floating-point condition (`np.geterr()`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ErrState {
    /// Division by zero (`1/0`, `log(0)`, integer `x // 0`).
    pub divide: ErrMode,
    /// A result too large to represent (`exp(1000)`).
    pub over: ErrMode,
    /// A result too small to represent normally.
    pub under: ErrMode,
    /// An invalid operation (`0/0`, `sqrt(-1)`, `inf - inf`).
    pub invalid: ErrMode,
}

impl Default for ErrState {
    /// NumPy's defaults: warn, except ignore underflow.
    fn default() -> Self {
        ErrState {
            divide: ErrMode::Warn,
            over: ErrMode::Warn,
            under: ErrMode::Ignore,
            invalid: ErrMode::Warn,
        }
    }
}

impl ErrState {
    /// The same mode for all four conditions (`np.errstate(all=...)`).
    pub fn all(mode: ErrMode) -> Self {
        ErrState {
            divide: mode,
            over: mode,
            under: mode,
            invalid: mode,
        }
    }

    /// This state with `divide` replaced.
    pub fn divide(self, mode: ErrMode) -> Self {
        ErrState {
            divide: mode,
            ..self
        }
    }

    /// This state with `over` replaced.
    pub fn over(self, mode: ErrMode) -> Self {
        ErrState { over: mode, ..self }
    }

    /// This state with `under` replaced.
    pub fn under(self, mode: ErrMode) -> Self {
        ErrState {
            under: mode,
            ..self
        }
    }

    /// This state with `invalid` replaced.
    pub fn invalid(self, mode: ErrMode) -> Self {
        ErrState {
            invalid: mode,
            ..self
        }
    }

    fn watches_anything(self) -> bool {
        [self.divide, self.over, self.under, self.invalid]
            .iter()
            .any(|&m| m != ErrMode::Ignore)
    }
}

thread_local! {
    static STATE: Cell<ErrState> = Cell::new(ErrState::default());
}

/// The calling thread's error handling (`np.geterr()`).
pub fn geterr() -> ErrState {
    STATE.with(Cell::get)
}

/// Sets the calling thread's error handling and returns the previous one (`np.seterr`).
pub fn seterr(state: ErrState) -> ErrState {
    STATE.with(|s| s.replace(state))
}

/// Runs `f` with `state` in force on this thread, restoring the previous state afterwards, even
/// if `f` panics (`with np.errstate(...)`).
pub fn errstate<R>(state: ErrState, f: impl FnOnce() -> R) -> R {
    struct Restore(ErrState);
    impl Drop for Restore {
        fn drop(&mut self) {
            seterr(self.0);
        }
    }
    let _restore = Restore(seterr(state));
    f()
}

/// Exception flag bits of the x86 MXCSR register (the same bit order as our own flags).
pub(crate) const INVALID: u32 = 0x01;
pub(crate) const DIVIDE: u32 = 0x04;
pub(crate) const OVER: u32 = 0x08;
pub(crate) const UNDER: u32 = 0x10;
const WATCHED: u32 = INVALID | DIVIDE | OVER | UNDER;

/// Collects the floating-point exceptions raised by the runs of one operation, across threads.
pub(crate) struct FpWatch {
    enabled: bool,
    flags: AtomicU32,
}

impl FpWatch {
    /// A watch for the calling thread's current state (disabled if everything is ignored).
    pub(crate) fn new() -> FpWatch {
        FpWatch {
            enabled: geterr().watches_anything(),
            flags: AtomicU32::new(0),
        }
    }

    /// True when the operation should report conditions at all.
    pub(crate) fn enabled(&self) -> bool {
        self.enabled
    }

    /// Runs one piece of work, recording the exceptions it raised on this thread.
    #[inline]
    pub(crate) fn run(&self, f: impl FnOnce()) {
        if !self.enabled {
            return f();
        }
        if fp::read() & WATCHED != 0 {
            fp::clear();
        }
        f();
        let raised = fp::read() & WATCHED;
        if raised != 0 {
            self.flags.fetch_or(raised, Ordering::Relaxed);
        }
    }

    /// Records a condition found without the hardware (integer division by zero).
    pub(crate) fn raise(&self, flag: u32) {
        self.flags.fetch_or(flag, Ordering::Relaxed);
    }

    /// Reports the collected conditions for ufunc `op` under the calling thread's state.
    ///
    /// # Errors
    /// [`Error::FloatingPoint`] for the first condition whose mode is `Raise`, in NumPy's order
    /// (divide, over, under, invalid).
    pub(crate) fn finish(&self, op: &'static str) -> Result<()> {
        let flags = self.flags.load(Ordering::Relaxed);
        if !self.enabled || flags == 0 {
            return Ok(());
        }
        let state = geterr();
        let checks = [
            (DIVIDE, state.divide, "divide by zero"),
            (OVER, state.over, "overflow"),
            (UNDER, state.under, "underflow"),
            (INVALID, state.invalid, "invalid value"),
        ];
        for (bit, mode, what) in checks {
            if flags & bit == 0 {
                continue;
            }
            match mode {
                ErrMode::Ignore => {}
                ErrMode::Warn => warn_once(format!("{what} encountered in {op}")),
                ErrMode::Raise => return Err(Error::FloatingPoint { op, what }),
            }
        }
        Ok(())
    }
}

fn warn_once(msg: String) {
    static SEEN: Mutex<Option<HashSet<String>>> = Mutex::new(None);
    let mut seen = SEEN.lock().unwrap_or_else(|e| e.into_inner());
    if seen.get_or_insert_with(HashSet::new).insert(msg.clone()) {
        eprintln!("RuntimeWarning: {msg}");
    }
}

#[cfg(target_arch = "x86_64")]
mod fp {
    use std::arch::asm;

    /// The MXCSR register (SSE/AVX status and control).
    #[inline(always)]
    pub(super) fn read() -> u32 {
        let mut csr: u32 = 0;
        // SAFETY: `stmxcsr` stores the 32-bit MXCSR into the pointed-to `u32`; nothing else.
        unsafe { asm!("stmxcsr [{}]", in(reg) &mut csr, options(nostack, preserves_flags)) };
        csr
    }

    /// Clears the exception flags, keeping the control bits (rounding, masks) unchanged.
    #[inline(always)]
    pub(super) fn clear() {
        let csr = read() & !0x3f;
        // SAFETY: loads MXCSR with its current control bits and the status bits cleared; the
        // rounding mode and exception masks Rust relies on are not changed.
        unsafe { asm!("ldmxcsr [{}]", in(reg) &csr, options(nostack, preserves_flags)) };
    }
}

#[cfg(not(target_arch = "x86_64"))]
mod fp {
    //! Without access to the flags on this target, no floating-point condition is reported.
    pub(super) fn read() -> u32 {
        0
    }
    pub(super) fn clear() {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scoped_state_is_restored() {
        let before = geterr();
        errstate(ErrState::all(ErrMode::Raise), || {
            assert_eq!(geterr().divide, ErrMode::Raise);
        });
        assert_eq!(geterr(), before);
        let r =
            std::panic::catch_unwind(|| errstate(ErrState::all(ErrMode::Ignore), || panic!("x")));
        assert!(r.is_err());
        assert_eq!(geterr(), before);
    }

    #[cfg(target_arch = "x86_64")]
    #[test]
    fn hardware_flags_are_seen() {
        let w = errstate(ErrState::all(ErrMode::Raise), FpWatch::new);
        let zero = std::hint::black_box(0.0f64);
        w.run(|| {
            std::hint::black_box(1.0 / zero);
        });
        assert_ne!(w.flags.load(Ordering::Relaxed) & DIVIDE, 0);
    }
}

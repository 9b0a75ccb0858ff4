//! `SendWrapper<T>`: a value that is `Send` and `Sync` whatever `T` is,
//! usable only on the thread that wrapped it. Leptos keeps DOM nodes,
//! closures and futures (never `Send` in a browser) in its `Send` structures
//! this way. The API is that of the `send_wrapper` crate 0.6, which this
//! package replaces (see `Cargo.toml` for why).
//!
//! Where threads exist, the wrapper remembers its thread and panics on use
//! from another one, as the original does. On `wasm32` without the
//! `atomics` feature there is one thread only, so every check holds by
//! construction and none is compiled: no `std::thread::current()`, whose
//! thread-handle code would otherwise be in every wasm app.

#[cfg(feature = "futures")]
mod futures;
mod owner;

use std::fmt;
use std::mem::ManuallyDrop;
use std::ops::{Deref, DerefMut};

use owner::Owner;

/// A value that may travel between threads but is used, and dropped, only
/// on the thread that wrapped it.
pub struct SendWrapper<T> {
    data: ManuallyDrop<T>,
    owner: Owner,
}

impl<T> SendWrapper<T> {
    /// Wraps `data`, owned by the current thread.
    pub fn new(data: T) -> SendWrapper<T> {
        SendWrapper {
            data: ManuallyDrop::new(data),
            owner: Owner::current(),
        }
    }

    /// True when the current thread may use the value.
    pub fn valid(&self) -> bool {
        self.owner.is_current()
    }

    /// Unwraps the value.
    ///
    /// # Panics
    /// On another thread than the one that wrapped it.
    #[track_caller]
    pub fn take(self) -> T {
        self.check("took");
        let mut this = ManuallyDrop::new(self);
        // SAFETY: `this` is never dropped (ManuallyDrop), so `data` is taken
        // exactly once, here; the check above ran on the owning thread.
        unsafe { ManuallyDrop::take(&mut this.data) }
    }

    #[track_caller]
    fn check(&self, what: &str) {
        if !self.valid() {
            panic!("{what} a SendWrapper<T> value on another thread than the one that wrapped it");
        }
    }
}

// SAFETY: every access to the value (deref, take, poll, drop) checks that it
// happens on the thread that wrapped it (see `owner`), so the value itself
// never crosses threads: only the wrapper does.
unsafe impl<T> Send for SendWrapper<T> {}
// SAFETY: as for `Send`: a shared reference gives access only through
// `Deref`, which checks the thread.
unsafe impl<T> Sync for SendWrapper<T> {}

impl<T> Deref for SendWrapper<T> {
    type Target = T;

    /// # Panics
    /// On another thread than the one that wrapped the value.
    #[track_caller]
    fn deref(&self) -> &T {
        self.check("used");
        &self.data
    }
}

impl<T> DerefMut for SendWrapper<T> {
    /// # Panics
    /// On another thread than the one that wrapped the value.
    #[track_caller]
    fn deref_mut(&mut self) -> &mut T {
        self.check("used");
        &mut self.data
    }
}

impl<T> Drop for SendWrapper<T> {
    /// Drops the value on its own thread. Elsewhere a value with nothing to
    /// drop is fine; any other panics (unless the thread is already
    /// panicking: the value then leaks rather than abort the process).
    #[track_caller]
    fn drop(&mut self) {
        if !std::mem::needs_drop::<T>() || self.valid() {
            // SAFETY: `data` is dropped only here, once; `take` never lets
            // this run after it moved the value out.
            unsafe { ManuallyDrop::drop(&mut self.data) };
        } else if !std::thread::panicking() {
            panic!("dropped a SendWrapper<T> value on another thread than the one that wrapped it");
        }
    }
}

impl<T: fmt::Debug> fmt::Debug for SendWrapper<T> {
    /// # Panics
    /// On another thread than the one that wrapped the value.
    #[track_caller]
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SendWrapper")
            .field("data", self.deref())
            .field("owner", &self.owner)
            .finish()
    }
}

impl<T: Clone> Clone for SendWrapper<T> {
    /// A copy owned by the current thread.
    ///
    /// # Panics
    /// On another thread than the one that wrapped the value.
    #[track_caller]
    fn clone(&self) -> Self {
        SendWrapper::new(self.deref().clone())
    }
}

#[cfg(test)]
mod tests {
    use std::rc::Rc;
    use std::sync::Arc;
    use std::thread;

    use super::SendWrapper;

    #[test]
    fn the_owning_thread_uses_takes_and_clones_the_value() {
        let wrapped = SendWrapper::new(Rc::new(7));
        assert!(wrapped.valid());
        assert_eq!(**wrapped, 7);
        let copy = wrapped.clone();
        assert_eq!(*copy.take(), 7);
        assert!(format!("{wrapped:?}").contains("data: 7"));
    }

    #[test]
    fn another_thread_may_carry_it_but_not_use_it() {
        let wrapped = Arc::new(SendWrapper::new(Rc::new(7)));
        let elsewhere = Arc::clone(&wrapped);
        let used = thread::spawn(move || {
            let valid = elsewhere.valid();
            let deref = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| ***elsewhere));
            // Hand the wrapper back undropped: dropping an `Rc` here would panic.
            (valid, deref.is_err(), elsewhere)
        })
        .join()
        .expect("the thread returns");
        assert_eq!((used.0, used.1), (false, true));
        assert!(wrapped.valid());
    }

    #[test]
    fn dropping_a_value_that_needs_dropping_elsewhere_panics() {
        let wrapped = SendWrapper::new(Rc::new(7));
        assert!(thread::spawn(move || drop(wrapped)).join().is_err());
        let plain = SendWrapper::new(7_u8);
        assert!(thread::spawn(move || drop(plain)).join().is_ok());
    }
}

//! Which thread owns a wrapped value. Threads exist natively and on wasm
//! built with `atomics`: there the owner is a thread id. A browser page's
//! wasm without `atomics` has one thread, so there is nothing to record
//! and every check holds.

#[cfg(not(all(target_arch = "wasm32", not(target_feature = "atomics"))))]
mod imp {
    use std::thread::{self, ThreadId};

    /// The id of the thread that wrapped the value.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Owner(ThreadId);

    impl Owner {
        /// The current thread.
        pub fn current() -> Owner {
            Owner(thread::current().id())
        }

        /// True on the owning thread.
        pub fn is_current(self) -> bool {
            self == Owner::current()
        }
    }
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod imp {
    /// The only thread there is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    pub struct Owner;

    impl Owner {
        /// The only thread.
        pub fn current() -> Owner {
            Owner
        }

        /// Always: there is no other thread.
        pub fn is_current(self) -> bool {
            true
        }
    }
}

pub use imp::Owner;

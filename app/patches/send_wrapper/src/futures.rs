//! A wrapped future or stream is one too (the `futures` feature, which
//! Leptos' reactive graph enables): polled, like any use, only on the
//! thread that wrapped it.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use futures_core::Stream;

use crate::SendWrapper;

impl<T> SendWrapper<T> {
    /// The pinned inner value, after the thread check.
    #[track_caller]
    fn pinned(self: Pin<&mut Self>) -> Pin<&mut T> {
        self.check("polled");
        // SAFETY: the wrapper never moves its value out while pinned (only
        // `take`, which consumes an unpinned wrapper), so pinning the
        // wrapper pins the value (structural pinning).
        unsafe { self.map_unchecked_mut(|wrapper| &mut *wrapper.data) }
    }
}

impl<F: Future> Future for SendWrapper<F> {
    type Output = F::Output;

    #[track_caller]
    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<F::Output> {
        self.pinned().poll(cx)
    }
}

impl<S: Stream> Stream for SendWrapper<S> {
    type Item = S::Item;

    #[track_caller]
    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<S::Item>> {
        self.pinned().poll_next(cx)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (**self).size_hint()
    }
}

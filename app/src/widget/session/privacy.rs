//! The parent's own conversation, the session's side (issue 13): which
//! frame the erase panel sends ("forget this device" or "delete my
//! conversation", both answered by `Forgotten`), "download my
//! conversation" (answered by `Transcript`, which the page's script saves
//! as a file), and the parent's answers to the cases staff sent for their
//! consent (answered by `Cases`, the cases as they stand).

use leptos::prelude::*;
use yorisoi_protocol::cases::Decision;
use yorisoi_protocol::widget::ClientFrame;

use super::super::forget_step::Erase;
use super::super::help;
use super::WidgetSession;

impl WidgetSession {
    /// The frame the erase panel's confirmation sends.
    pub(super) fn erase_frame(&self) -> ClientFrame {
        match self.erase.get_untracked() {
            Erase::Forget => ClientFrame::Forget,
            Erase::Delete => ClientFrame::Delete,
        }
    }

    /// Asks for the conversation as a text file, times in the browser's
    /// time zone. Offline nothing goes: the status line says why.
    pub fn download(&self) {
        self.send_frame(&ClientFrame::Download {
            time_zone: Some(help::zone()),
        });
    }

    /// The parent's answer to case `id`, about the words they were shown,
    /// whose digest `wording_hash` is (words changed meanwhile are refused).
    pub fn decide(&self, id: i64, decision: Decision, wording_hash: String) {
        self.send_frame(&ClientFrame::Decide {
            case: id,
            decision,
            wording_hash,
        });
    }
}

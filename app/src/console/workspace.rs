//! The logged-in console: conversation list beside the open conversation
//! (stacked on narrow screens, with a back button). It is the page's `main`
//! landmark, with the list as its `navigation`. Its keyboard shortcuts live
//! in `super::shortcuts`. Its status line holds the staff member's presence
//! (online, away, offline: parents see it in when a reply can be
//! expected) and the controls of sound and notifications
//! (`super::status_line`); the tab's title counts unread parent messages.

use leptos::prelude::*;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::model::StaffInfo;

use super::conversation_list::ConversationList;
use super::conversation_view::ConversationView;
use super::session::ConsoleSession;
use super::state::{Auth, refresh_auth};
use super::status_line::StatusTools;
use super::{alerts, shortcuts};
use crate::browser;
use crate::components::alert::Alert;
use crate::components::connection_status::ConnectionStatus;
use crate::contexts::i18n::use_i18n;
use crate::erased::effect;

/// The staff workspace; owns the console socket while it exists.
#[component]
pub fn Workspace(
    /// Who is logged in.
    staff: StaffInfo,
    /// The session; the socket closes when this view goes (logout).
    auth: RwSignal<Auth>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = ConsoleSession::start(staff, i18n);
    provide_context(session);
    on_cleanup(move || session.stop());
    shortcuts::listen(session);
    alerts::listen(session);
    // A session that ended on the server shows up as a refused socket
    // (Offline) or an Unauthorized error: ask who we are, and fall back to
    // the login form if nobody.
    effect(Box::new(move || {
        let offline = session.status.get().is_down();
        if offline || session.alert.get() == Some(ErrorCode::Unauthorized) {
            refresh_auth(auth);
        }
    }));
    // The tab's title counts the parents' unread messages, "(3) …", so a
    // waiting parent shows in the browser's tab strip; it goes with logout.
    // A conversation whose parent asked for someone else counts only in
    // that person's console: they are told first.
    let me = session.staff_id();
    effect(Box::new(move || {
        let lang = i18n.lang();
        let unread: u32 = session.conversations.with(|list| {
            list.iter()
                .filter(|summary| summary.nominee.is_none_or(|nominee| nominee == me))
                .map(|summary| summary.unread)
                .sum()
        });
        let title = i18n.t("console-title");
        let shown = if unread > 0 {
            i18n.t_with(
                "console-title-unread",
                &[("count", unread.into()), ("title", title.as_str().into())],
            )
        } else {
            title
        };
        browser::set_document_language(lang, &shown);
    }));
    on_cleanup(move || {
        browser::set_document_language(i18n.lang_untracked(), &i18n.t("console-title"));
    });
    view! {
        <main
            class="workspace"
            aria-label=i18n.text("console-workspace")
            class:has-selection=move || session.selected.get().is_some()
        >
            <div class="status-line">
                <StatusTools />
                <ConnectionStatus status=session.status />
                <Alert code=session.alert />
            </div>
            <ConversationList />
            <ConversationView />
        </main>
    }
}

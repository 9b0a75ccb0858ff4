//! The logged-in console: conversation list beside the open conversation
//! (stacked on narrow screens, with a back button). It is the page's `main`
//! landmark, with the list as its `navigation`. Its keyboard shortcuts live
//! in `super::shortcuts`.

use leptos::prelude::*;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::model::StaffInfo;

use super::conversation_list::ConversationList;
use super::conversation_view::ConversationView;
use super::session::ConsoleSession;
use super::shortcuts;
use super::state::{Auth, refresh_auth};
use crate::components::alert::Alert;
use crate::components::connection_status::ConnectionStatus;
use crate::contexts::i18n::use_i18n;

/// The staff workspace; owns the console socket while it exists.
#[component]
pub fn Workspace(
    /// Who is logged in.
    staff: StaffInfo,
    /// The session; the socket closes when this view goes (logout).
    auth: RwSignal<Auth>,
) -> impl IntoView {
    let i18n = use_i18n();
    let session = ConsoleSession::start(staff);
    provide_context(session);
    on_cleanup(move || session.stop());
    shortcuts::listen(session);
    // A session that ended on the server shows up as a refused socket
    // (Offline) or an Unauthorized error: ask who we are, and fall back to
    // the login form if nobody.
    Effect::new(move |_| {
        let offline = session.status.get().is_down();
        if offline || session.alert.get() == Some(ErrorCode::Unauthorized) {
            refresh_auth(auth);
        }
    });
    view! {
        <main
            class="workspace"
            aria-label=i18n.text("console-workspace")
            class:has-selection=move || session.selected.get().is_some()
        >
            <div class="status-line">
                <ConnectionStatus status=session.status />
                <Alert code=session.alert />
            </div>
            <ConversationList />
            <ConversationView />
        </main>
    }
}

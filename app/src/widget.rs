//! The parent's chat widget, shown in an iframe on the organisation's site.
//! [`mount`] is all the `yorisoi-widget` binary calls; nothing here reaches
//! into [`crate::console`], so the console never ships in the widget's wasm.

mod forget;
mod header;
pub mod host;
mod session;
mod visitor;
mod welcome;

use leptos::prelude::*;
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::limits::MAX_NICKNAME_CHARS;

use crate::components::alert::Alert;
use crate::components::composer::Composer;
use crate::components::connection_status::ConnectionStatus;
use crate::components::message_bubble::Viewer;
use crate::components::message_log::MessageLog;
use crate::contexts::i18n::provide_i18n_context;
use forget::ForgetDevice;
use header::Header;
use session::WidgetSession;
use welcome::Welcome;

/// Where the parent's language choice is remembered.
pub const LANG_KEY: &str = "yorisoi.lang";

/// Renders the widget into `<body>`, then tells the embedding page (the
/// loader) that the chat is ready to be shown.
pub fn mount() {
    leptos::mount::mount_to_body(WidgetApp);
    host::post("ready");
}

/// The whole widget: header, conversation, composer.
#[component]
fn WidgetApp() -> impl IntoView {
    let i18n = provide_i18n_context(crate::i18n::WIDGET, LANG_KEY, "widget-title");
    let session = WidgetSession::start(i18n);
    let thread = session.thread;
    let nickname = session.nickname;
    let on_retry = Callback::new(move |client_id| session.retry(client_id));
    let on_send = Callback::new(move |body: String| {
        let nick = nickname.get_untracked();
        if nick.trim().chars().count() > MAX_NICKNAME_CHARS {
            return Some(ErrorCode::NicknameTooLong);
        }
        session.send(body);
        None
    });
    view! {
        <div class="widget">
            <Header />
            <main class="conversation">
                <MessageLog thread=thread viewer=Viewer::Visitor label_id="widget-log-label" on_retry=on_retry>
                    <Show when=move || thread.with(|t| t.is_empty())>
                        <Welcome nickname=nickname />
                    </Show>
                </MessageLog>
            </main>
            <footer class="footer">
                <ConnectionStatus status=session.status />
                <Alert code=session.alert />
                <Composer label_id="message-label" placeholder_id="widget-placeholder" on_send=on_send />
                <ForgetDevice session=session />
            </footer>
        </div>
    }
}

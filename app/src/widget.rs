//! The parent's chat widget, shown in an iframe on the organisation's site.
//! [`mount`] is all the `yorisoi-widget` binary calls; nothing here reaches
//! into [`crate::console`], so the console never ships in the widget's wasm.
//!
//! Imports inside the widget run one way, never in a circle: the views
//! (`header`, `welcome`, `forget`) use `session` and the leaves; `session`
//! (the socket and the conversation) uses `visitor` (what the browser keeps,
//! per embedding site) and the leaves; `visitor` uses `storage` (where it is
//! kept: the loader's storage on the embedding page, the frame's own), which
//! uses [`host`]. The leaves, `face` (the organisation's name, greeting and
//! colours), `forget_step` and [`host`] (the embedding page), import nothing
//! of the widget; `keyboard` (focus on opening, Esc, the language told to
//! the loader) uses only [`host`].

mod chooser;
mod code;
mod expectation;
mod face;
mod forget;
mod forget_step;
mod header;
mod help;
pub mod host;
mod keyboard;
mod session;
mod storage;
mod team;
mod visitor;
mod welcome;
mod work;

use leptos::prelude::*;
use yorisoi_protocol::limits::normalise_nickname;

use crate::components::alert::Alert;
use crate::components::composer::Composer;
use crate::components::connection_status::ConnectionStatus;
use crate::components::message_bubble::Viewer;
use crate::components::message_log::MessageLog;
use crate::contexts::i18n::{LangKeeping, provide_i18n_context};
use chooser::Chooser;
use code::{ShowCode, UseCode};
use expectation::Expectation;
use face::Face;
use forget::ForgetDevice;
use header::Header;
use session::WidgetSession;
use welcome::Welcome;

/// Where the parent's language choice is remembered (with the widget's
/// other items, so on the embedding page's storage when the loader keeps
/// them; the loader reads it too, for the launcher's label).
pub const LANG_KEY: &str = "yorisoi.lang";

/// Once it is known where the widget's items are kept (the session reads
/// them as it starts), renders the widget into `<body>`, then tells the
/// embedding page (the loader) that the chat is ready to be shown.
pub fn mount() {
    storage::open(|| {
        leptos::mount::mount_to_body(WidgetApp);
        host::post("ready");
    });
}

/// The whole widget: header, conversation, composer.
#[component]
fn WidgetApp() -> impl IntoView {
    let keeping = LangKeeping {
        key: LANG_KEY,
        get: storage::get,
        set: storage::set,
    };
    let i18n = provide_i18n_context(crate::i18n::WIDGET, keeping, "widget-title");
    let face = Face::start();
    keyboard::start(i18n);
    let session = WidgetSession::start(i18n);
    let thread = session.thread;
    let nickname = session.nickname;
    let on_retry = Callback::new(move |client_id| session.retry(client_id));
    let on_cancel = Callback::new(move |client_id| session.cancel(client_id));
    let on_send = Callback::new(move |body: String| {
        if let Err(code) = nickname.with_untracked(|nick| normalise_nickname(Some(nick))) {
            return Some(code);
        }
        session.send(body);
        None
    });
    let on_typing = Callback::new(move |()| session.typing());
    view! {
        <div class="widget">
            <Header face=face />
            <Expectation session=session />
            <main class="conversation">
                <MessageLog thread=thread viewer=Viewer::Visitor label_id="widget-log-label" on_retry=on_retry on_cancel=on_cancel>
                    <Welcome nickname=nickname face=face />
                    <Chooser session=session />
                    <UseCode session=session />
                </MessageLog>
            </main>
            <footer class="footer">

                <p class="hint" role="note">
                    {move || (!storage::durable()).then(|| i18n.t("widget-not-kept"))}
                </p>
                <ConnectionStatus status=session.status />
                <Alert code=session.alert />
                <Composer label_id="message-label" placeholder_id="widget-placeholder" on_send=on_send on_typing=on_typing />
                <div class="device">
                    <ShowCode session=session />
                    <ForgetDevice session=session />
                </div>
            </footer>
        </div>
    }
}

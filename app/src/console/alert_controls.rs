//! The status line's part of [`super::alerts`]: the "Sound and
//! notifications" switch, the "Allow notifications" button (the only place
//! the browser's permission is asked, never on load), a note while the
//! staff member is in quiet hours, the visually hidden log of what was
//! announced, and the overdue alert's line (`role="alert"`, until
//! dismissed).

use leptos::prelude::*;
use web_sys::NotificationPermission;

use super::alerts::overdue_text;
use super::session::use_session;
use crate::contexts::i18n::use_i18n;
use crate::fresh::Fresh;

/// The switch, the permission button, the quiet note and the log.
#[component]
pub fn AlertControls() -> impl IntoView {
    let i18n = use_i18n();
    let alerts = use_session().alerts;
    let toggled = move |event: web_sys::Event| {
        alerts.set_muted(!event_target_checked(&event));
    };
    let asking = move || {
        (alerts.permission.get() == Some(NotificationPermission::Default)).then(|| {
            Fresh(view! {
                <button type="button" class="tool" on:click=move |_| alerts.ask_permission()>
                    {i18n.text("alerts-allow")}
                </button>
            })
        })
    };
    view! {
        <label class="presence">
            <input type="checkbox" on:change=toggled prop:checked=move || !alerts.muted.get() />
            <span>{i18n.text("alerts-toggle")}</span>
        </label>
        {asking}
        <span class="hint quiet">{move || alerts.quiet.get().then(|| i18n.t("alerts-quiet"))}</span>
        <div class="sr-only" role="log" aria-label=i18n.text("alerts-log")>
            {move || {
                alerts
                    .log
                    .get()
                    .into_iter()
                    .map(|line| view! { <p>{line}</p> })
                    .collect::<Vec<_>>()
            }}
        </div>
    }
}

/// "A parent has been waiting 2 hours: …" until dismissed. The `alert`
/// element always exists, so screen readers announce the text as it comes.
#[component]
pub fn OverdueAlert() -> impl IntoView {
    let i18n = use_i18n();
    let alerts = use_session().alerts;
    let text = move || {
        let _language = i18n.lang();
        alerts.overdue.with(|overdue| {
            overdue
                .as_ref()
                .map(|(hours, waiting)| overdue_text(i18n, *hours, waiting))
        })
    };
    let dismiss = move || {
        alerts.overdue.with(Option::is_some).then(|| {
            Fresh(view! {
                <button type="button" class="tool" on:click=move |_| alerts.overdue.set(None)>
                    {i18n.text("alerts-dismiss")}
                </button>
            })
        })
    };
    view! {
        <div class="overdue-line">
            <p class="alert overdue" role="alert">{text}</p>
            {dismiss}
        </div>
    }
}

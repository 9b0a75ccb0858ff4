//! The widget's two public faces over HTTP, both resolved to the
//! organisation of the embedding site (`?host=<origin>`):
//! - `/widget?host=…`: the chat page, framed only by that organisation's
//!   sites, with the organisation's face as JSON in the page so the widget
//!   shows its name and greeting at once. A site of no organisation gets the
//!   small refusal page (403), which any site may frame so its loader can
//!   explain.
//! - `GET /api/widget/face?host=…`: the face alone, for the loader on the
//!   host page (public data, so any origin may read it; no cookies).

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::Lang;
use yorisoi_protocol::http::FACE_ELEMENT_ID;
use yorisoi_protocol::organisation::OrganisationFace;

use super::AppError;
use super::extractors::OwnOrigin;
use crate::assets;
use crate::help;
use crate::i18n::{self, Arg};
use crate::service::Service;
use crate::store::{OrganisationTexts, TextName};

/// The `host` parameter both endpoints take: the embedding page's origin.
/// An unreadable query counts as none.
fn host_param(uri: &Uri) -> Option<String> {
    Query::<Vec<(String, String)>>::try_from_uri(uri)
        .ok()
        .and_then(|Query(pairs)| pairs.into_iter().find(|(key, _)| key == "host"))
        .map(|(_, host)| host)
}

/// What the refusal page says when the site was built without it.
const REFUSED_FALLBACK: &str = "<!doctype html><meta charset=\"utf-8\"><title>Yorisoi</title>\
    <p>この相談窓口はこのサイトでは利用できません。 This chat is not available on this site.</p>";

/// `/widget?host=<origin>`.
pub async fn page(
    State(service): State<Service>,
    OwnOrigin(own): OwnOrigin,
    uri: Uri,
    headers: HeaderMap,
) -> Result<Response, AppError> {
    let host = host_param(&uri);
    let found = match host.as_deref() {
        Some(host) => {
            service
                .organisation_for_site(Some(host), own.as_deref())
                .await?
        }
        None => None,
    };
    let Some(organisation) = found else {
        let shown = host.map(|host| host.chars().take(100).collect::<String>());
        tracing::info!(check = "embedding", host = ?shown, "widget refused to a site of no organisation");
        return Ok(refusal(&headers));
    };
    if !assets::is_built() {
        return Ok(assets::serve_embedded("widget.html", &headers));
    }
    let mut ancestors = vec!["'self'".to_owned()];
    ancestors.extend(service.embedding_origins(&organisation, own.as_deref()));
    let html = assets::embedded("widget.html")
        .map(|file| String::from_utf8_lossy(file.bytes).into_owned())
        .unwrap_or_default();
    let (texts, days) = service.organisation_texts(organisation.id).await?;
    let page = with_notices(
        &with_face(&html, &organisation.face, &texts, days),
        &organisation.face,
        &texts,
    );
    let response = (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        page,
    )
        .into_response();
    Ok(assets::with_policy(response, &ancestors.join(" ")))
}

/// The widget page with the face as a JSON data block before `</head>`.
/// The greeting it shows is followed by the privacy notice (the
/// organisation's words or the standard ones), so a parent reads who sees
/// the conversation before their first message, in their language, at no
/// cost to the widget's wasm; an organisation without a greeting of its own
/// gets the widget's standard welcome here. `<`, `>` and `&` are escaped so
/// no text can end the block.
fn with_face(html: &str, face: &OrganisationFace, texts: &OrganisationTexts, days: u32) -> String {
    let mut shown = face.clone();
    for lang in Lang::ALL {
        let greeting = match face.greeting(lang).trim() {
            "" => i18n::text(lang, "widget-welcome"),
            own => own.to_owned(),
        };
        let field = match lang {
            Lang::Ja => &mut shown.greeting_ja,
            Lang::En => &mut shown.greeting_en,
        };
        *field = [greeting.as_str(), "\n\n", &privacy(lang, face, texts, days)].concat();
    }
    let json = serde_json::to_string(&shown)
        .unwrap_or_default()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026");
    let block =
        format!("<script type=\"application/json\" id=\"{FACE_ELEMENT_ID}\">{json}</script>\n");
    match html.find("</head>") {
        Some(at) => format!("{}{block}{}", &html[..at], &html[at..]),
        None => format!("{block}{html}"),
    }
}

/// The privacy notice in `lang`: the organisation's, or the standard one
/// (which says how long resolved conversations are kept, `days`; 0 keeps).
fn privacy(lang: Lang, face: &OrganisationFace, texts: &OrganisationTexts, days: u32) -> String {
    match texts.get(TextName::Privacy(lang)) {
        "" => i18n::text_with(
            lang,
            "privacy-standard",
            &[
                ("name", Arg::Text(face.name(lang))),
                ("days", Arg::Number(i64::from(days))),
            ],
        ),
        own => own.to_owned(),
    }
}

/// The page with the emergency notice's dialogs (see [`help`]) at the
/// start of `<body>`, where the widget mounts after them.
fn with_notices(html: &str, face: &OrganisationFace, texts: &OrganisationTexts) -> String {
    let dialogs = help::dialogs(|lang| help::Local {
        name: face.name(lang),
        text: texts.get(TextName::Help(lang)),
    });
    match html.find("<body>") {
        Some(at) => {
            let at = at + "<body>".len();
            format!("{}{dialogs}{}", &html[..at], &html[at..])
        }
        None => format!("{html}{dialogs}"),
    }
}

fn refusal(headers: &HeaderMap) -> Response {
    let mut response = if assets::embedded("refused.html").is_some() {
        assets::serve_embedded("refused.html", headers)
    } else {
        (
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            REFUSED_FALLBACK,
        )
            .into_response()
    };
    if response.status() == StatusCode::OK {
        *response.status_mut() = StatusCode::FORBIDDEN;
    }
    assets::with_policy(response, "*")
}

/// `GET /api/widget/face?host=<origin>`.
pub async fn face(State(service): State<Service>, OwnOrigin(own): OwnOrigin, uri: Uri) -> Response {
    let host = host_param(&uri);
    let found = match host.as_deref() {
        Some(host) => {
            service
                .organisation_for_site(Some(host), own.as_deref())
                .await
        }
        None => Ok(None),
    };
    let mut response = match found {
        Ok(Some(organisation)) => axum::Json(organisation.face).into_response(),
        Ok(None) => AppError::NotFound.into_response(),
        Err(failure) => AppError::from(failure).into_response(),
    };
    let headers = response.headers_mut();
    headers.insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

#[cfg(test)]
mod tests {
    use yorisoi_protocol::organisation::LauncherSide;

    use super::*;

    #[test]
    fn the_face_goes_into_the_head_and_cannot_close_the_block() {
        let face = OrganisationFace {
            name_ja: "ひだまり</script><script>alert(1)</script>".into(),
            name_en: "A & B".into(),
            greeting_ja: String::new(),
            greeting_en: String::new(),
            accent_color: "#b4532a".into(),
            launcher_side: LauncherSide::Left,
        };
        let own = OrganisationTexts(vec![(
            TextName::Privacy(Lang::En),
            "Read by <two> of us.".into(),
        )]);
        let page = with_face(
            "<html><head><title>x</title></head><body></body></html>",
            &face,
            &own,
            365,
        );
        assert!(page.contains("<script type=\"application/json\" id=\"yorisoi-face\">"));
        assert_eq!(page.matches("</script>").count(), 1, "{page}");
        assert!(page.find("yorisoi-face") < page.find("</head>"));
        let json = page
            .split("yorisoi-face\">")
            .nth(1)
            .and_then(|rest| rest.split("</script>").next())
            .expect("block");
        let back: OrganisationFace = serde_json::from_str(json).expect("valid JSON");
        assert_eq!(back.name_ja, face.name_ja);
        assert_eq!(back.name_en, face.name_en);
        assert_eq!(back.launcher_side, face.launcher_side);
        assert!(
            back.greeting_en.ends_with("\n\nRead by <two> of us."),
            "the organisation's own"
        );
        assert!(
            back.greeting_ja.contains("\n\nここでのご相談は"),
            "the standard one"
        );
        assert!(
            back.greeting_ja
                .ends_with("解決したご相談は365日後に消去されます。"),
            "{}",
            back.greeting_ja
        );
        assert!(
            !back.greeting_ja.starts_with("\n"),
            "the standard welcome first"
        );
    }

    #[test]
    fn the_emergency_notice_opens_the_body_in_both_languages() {
        let face = OrganisationFace {
            name_ja: "ひだまり".into(),
            name_en: "Hidamari".into(),
            greeting_ja: String::new(),
            greeting_en: String::new(),
            accent_color: "#b4532a".into(),
            launcher_side: LauncherSide::Right,
        };
        let own = OrganisationTexts(vec![(
            TextName::Help(Lang::Ja),
            "センター 03-1111-2222".into(),
        )]);
        let page = with_notices("<html><head></head><body></body></html>", &face, &own);
        assert!(page.contains("<body><dialog id=\"help-ja\""), "{page}");
        assert!(page.contains("<dialog id=\"help-en\""));
        assert!(page.contains("ひだまりからのご案内") && page.contains("センター 03-1111-2222"));
        assert!(!page.contains("From Hidamari"), "nothing added in English");
        assert!(page.ends_with("</dialog></body></html>"));
    }
}

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
use yorisoi_protocol::http::FACE_ELEMENT_ID;
use yorisoi_protocol::organisation::OrganisationFace;

use super::AppError;
use super::extractors::OwnOrigin;
use crate::assets;
use crate::service::Service;

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
    let page = with_face(&html, &organisation.face);
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
/// `<`, `>` and `&` are escaped so no text can end the block.
fn with_face(html: &str, face: &OrganisationFace) -> String {
    let json = serde_json::to_string(face)
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
        let page = with_face(
            "<html><head><title>x</title></head><body></body></html>",
            &face,
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
        assert_eq!(back, face);
    }
}

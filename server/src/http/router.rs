//! Every route of the server, joined with the guards and the security
//! headers. Paths come from `yorisoi_protocol::http`. Unknown paths and
//! methods answer an `ErrorBody` like every other API error.

use axum::routing::{get, post};
use axum::{Router, middleware};
use yorisoi_protocol::http::{
    CONSOLE_SOCKET, HEALTHZ, READYZ, STAFF_LOGIN, STAFF_LOGOUT, STAFF_LOGOUT_ALL, STAFF_ME,
    STAFF_ORGANISATION, STAFF_PHOTOS, WIDGET_FACE, WIDGET_SOCKET, WIDGET_UNREAD,
};

use super::{
    cases, error, guards, health, photos, privacy, staff, team_settings, unread, upgrade, widget,
};
use crate::assets;
use crate::service::Service;

/// The whole application as a router.
pub fn router(service: Service) -> Router {
    Router::new()
        .route(WIDGET_SOCKET, get(upgrade::widget))
        .route(CONSOLE_SOCKET, get(upgrade::console))
        .route(STAFF_LOGIN, post(staff::login))
        .route(STAFF_LOGOUT, post(staff::logout))
        .route(STAFF_LOGOUT_ALL, post(staff::logout_all))
        .route(STAFF_ME, get(staff::me))
        .route(
            STAFF_ORGANISATION,
            get(staff::organisation).post(staff::update_organisation),
        )
        .route(WIDGET_FACE, get(widget::face))
        .route(WIDGET_UNREAD, post(unread::unread))
        .merge(team_settings::routes())
        // Issue 13: cases shared with the parent's consent.
        .merge(cases::routes())
        .merge(privacy::routes())
        .route(
            &format!("{STAFF_PHOTOS}/{{organisation}}/{{staff}}/{{version}}"),
            get(photos::photo),
        )
        .route("/widget", get(widget::page))
        .route(HEALTHZ, get(health::live))
        .route(READYZ, get(health::ready))
        .merge(assets::routes())
        .fallback(error::no_such_route)
        // Applies to the routes above only: it stays after the last one.
        .method_not_allowed_fallback(error::method_not_allowed)
        .layer(middleware::from_fn_with_state(
            service.clone(),
            guards::guard,
        ))
        .layer(middleware::from_fn_with_state(
            service.clone(),
            guards::security_headers,
        ))
        .with_state(service)
}

//! `GET /api/photos/{organisation}/{staff}/{version}`: a staff member's
//! photo, for parents' widgets. Public (staff choose to show it); the
//! version in the address changes with each new photo, so browsers keep
//! it for a year, and an old version answers 404 rather than the new one.

use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::OrganisationId;

use super::AppError;
use crate::service::Service;

/// The photo at that address, or 404.
pub async fn photo(
    State(service): State<Service>,
    Path((organisation, staff, version)): Path<(i64, i64, i64)>,
) -> Result<Response, AppError> {
    let found = service.photo(OrganisationId(organisation), staff).await?;
    Ok(match found {
        Some(photo) if photo.version == version => (
            [
                (header::CONTENT_TYPE, photo.content_type),
                (
                    header::CACHE_CONTROL,
                    "public, max-age=31536000, immutable".to_owned(),
                ),
            ],
            photo.bytes,
        )
            .into_response(),
        _ => StatusCode::NOT_FOUND.into_response(),
    })
}

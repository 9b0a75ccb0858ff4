//! Cases shared with the parent's consent (issue 13), over HTTP: the
//! console's `/api/console/cases…` (the staff session cookie; `POST`s pass
//! the origin and CSRF guards like every other) and the widget's
//! `/api/widget/cases…` (the visitor token in the JSON body, never in a
//! URL; the widget's page is the server's own, so the same guards hold).
//! Paths and bodies: `yorisoi_protocol::cases`; every rule is the
//! service's ([`crate::service::cases`]).
//!
//! A refused step answers a [`CaseErrorBody`]: 404 for a case or
//! conversation the caller cannot see, 403 for the proposer's own review,
//! 409 for a step the case's state does not allow (export before approval
//! and review, after a decline or a withdrawal…), 422 for an edit that
//! would reveal or add personal details or break a size.

use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use yorisoi_protocol::cases::{
    CONSOLE_CASES, CaseEdit, CaseErrorBody, CaseEvent, CaseExport, CaseRefusal, ParentAsk,
    ParentCase, ParentDecision, ProposeCase, StaffCase, WIDGET_CASES,
};
use yorisoi_protocol::{ConversationId, ErrorCode};

use super::AppError;
use super::extractors::{Json, OwnOrigin, StaffSession};
use crate::service::Service;
use crate::service::cases::CaseError;

/// A case handler's failure: a refusal with its reason, or any other.
#[derive(Debug)]
pub struct CaseHttpError(CaseError);

impl From<CaseError> for CaseHttpError {
    fn from(error: CaseError) -> Self {
        CaseHttpError(error)
    }
}

/// The status and general code of a refusal.
fn status_of(reason: CaseRefusal) -> (StatusCode, ErrorCode) {
    use CaseRefusal::*;
    match reason {
        UnknownCase | UnknownConversation => {
            (StatusCode::NOT_FOUND, ErrorCode::UnknownConversation)
        }
        OwnProposal => (StatusCode::FORBIDDEN, ErrorCode::Forbidden),
        EditRevealsHidden | EditAddsContact | TextTooLong | EmptyText => {
            (StatusCode::UNPROCESSABLE_ENTITY, ErrorCode::Forbidden)
        }
        NothingToPropose | WordingFixed | Closed | NotSent | AlreadyDecided | WordingChanged
        | NotApproved | NotReviewed | Declined | Withdrawn => {
            (StatusCode::CONFLICT, ErrorCode::Forbidden)
        }
    }
}

impl IntoResponse for CaseHttpError {
    fn into_response(self) -> Response {
        match self.0 {
            CaseError::Refused(reason) => {
                tracing::debug!(?reason, "case step refused");
                let (status, error) = status_of(reason);
                (status, axum::Json(CaseErrorBody { error, reason })).into_response()
            }
            CaseError::Service(failure) => AppError::Service(failure).into_response(),
        }
    }
}

type Answer<T> = Result<axum::Json<T>, CaseHttpError>;

/// `GET` the organisation's cases (`?conversation=<id>` for one's).
pub async fn list(
    State(service): State<Service>,
    session: StaffSession,
    uri: Uri,
) -> Answer<Vec<StaffCase>> {
    let conversation = Query::<Vec<(String, String)>>::try_from_uri(&uri)
        .ok()
        .and_then(|Query(pairs)| pairs.into_iter().find(|(key, _)| key == "conversation"))
        .map(|(_, value)| value.parse().map(ConversationId))
        .transpose()
        .map_err(|_| CaseError::Refused(CaseRefusal::UnknownConversation))?;
    Ok(axum::Json(
        service.staff_cases(&session.staff, conversation).await?,
    ))
}

/// `POST` a proposal.
pub async fn propose(
    State(service): State<Service>,
    session: StaffSession,
    Json(propose): Json<ProposeCase>,
) -> Answer<StaffCase> {
    Ok(axum::Json(
        service
            .propose_case(&session.staff, propose.conversation)
            .await?,
    ))
}

/// `GET` one case.
pub async fn one(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> Answer<StaffCase> {
    Ok(axum::Json(service.staff_case(&session.staff, id).await?))
}

/// `POST` an edit.
pub async fn edit(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
    Json(edit): Json<CaseEdit>,
) -> Answer<StaffCase> {
    Ok(axum::Json(
        service.edit_case(&session.staff, id, &edit).await?,
    ))
}

/// `POST` sending it to the parent.
pub async fn send(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> Answer<StaffCase> {
    Ok(axum::Json(service.send_case(&session.staff, id).await?))
}

/// `POST` a review.
pub async fn review(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> Answer<StaffCase> {
    Ok(axum::Json(service.review_case(&session.staff, id).await?))
}

/// `POST` an export: the texts, never cached.
pub async fn export(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> Result<Response, CaseHttpError> {
    let export: CaseExport = service.export_case(&session.staff, id).await?;
    Ok(([(header::CACHE_CONTROL, "no-store")], axum::Json(export)).into_response())
}

/// `GET` the audit trail.
pub async fn trail(
    State(service): State<Service>,
    session: StaffSession,
    Path(id): Path<i64>,
) -> Answer<Vec<CaseEvent>> {
    Ok(axum::Json(service.case_trail(&session.staff, id).await?))
}

/// `POST` the parent's request for their cases.
pub async fn parent_list(
    State(service): State<Service>,
    OwnOrigin(own): OwnOrigin,
    Json(ask): Json<ParentAsk>,
) -> Answer<Vec<ParentCase>> {
    Ok(axum::Json(
        service.parent_cases(&ask, own.as_deref()).await?,
    ))
}

/// `POST` the parent's answer.
pub async fn parent_decision(
    State(service): State<Service>,
    OwnOrigin(own): OwnOrigin,
    Path(id): Path<i64>,
    Json(answer): Json<ParentDecision>,
) -> Answer<ParentCase> {
    Ok(axum::Json(
        service.parent_decides(id, &answer, own.as_deref()).await?,
    ))
}

/// These routes, for the router.
pub fn routes() -> axum::Router<Service> {
    use axum::routing::{get, post};
    axum::Router::new()
        .route(CONSOLE_CASES, get(list).post(propose))
        .route(&format!("{CONSOLE_CASES}/{{id}}"), get(one))
        .route(&format!("{CONSOLE_CASES}/{{id}}/edit"), post(edit))
        .route(&format!("{CONSOLE_CASES}/{{id}}/send"), post(send))
        .route(&format!("{CONSOLE_CASES}/{{id}}/review"), post(review))
        .route(&format!("{CONSOLE_CASES}/{{id}}/export"), post(export))
        .route(&format!("{CONSOLE_CASES}/{{id}}/trail"), get(trail))
        .route(WIDGET_CASES, post(parent_list))
        .route(
            &format!("{WIDGET_CASES}/{{id}}/decision"),
            post(parent_decision),
        )
}

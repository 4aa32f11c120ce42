//! SePay's bank-statement webhook (`POST /v1/payments/sepay/webhook`), which
//! confirms VietQR transfers, and the staff review queue of transfers no
//! order could take (`/v1/admin/bank-transfers`).

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use cho_platform::auth::StaffUser;
use cho_platform::error::ErrorBody;
use cho_platform::extract::{ClientInfo, Json as Body, Path, Query};
use cho_platform::{ApiError, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;
use uuid::Uuid;

use crate::bank_transfers::{self, BankTransfer, Received, Resolution, StatementLine, Status};
use crate::signing::signatures_match;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(sepay_webhook))
        .routes(routes!(review_queue))
        .routes(routes!(resolve))
}

/// SePay's answer: `{"success": true}` with a 2xx means "delivered", anything
/// else makes it deliver again.
fn answer(status: StatusCode, success: bool, message: &str) -> Response {
    (
        status,
        Json(json!({ "success": success, "message": message })),
    )
        .into_response()
}

/// SePay's bank-statement webhook, authenticated by `Authorization: Apikey …`.
/// Each line is recorded once (SePay's `id`); a transfer naming an order
/// awaiting a VietQR payment, for its exact amount, pays it; other incoming
/// money goes to the review queue.
#[utoipa::path(post, path = "/payments/sepay/webhook", tag = "payments", request_body = StatementLine,
    responses((status = 200, description = "`{\"success\": true}`: recorded (or a repeat)"),
        (status = 400, description = "malformed line"), (status = 401, description = "wrong or missing API key"),
        (status = 503, description = "not recorded; SePay should deliver again")))]
async fn sepay_webhook(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(expected) = bank_transfers::api_key(&state) else {
        tracing::warn!("SePay webhook received but CHO_SEPAY_API_KEY is not set");
        return answer(
            StatusCode::NOT_FOUND,
            false,
            "bank-statement webhook is not configured",
        );
    };
    let presented = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Apikey "))
        .unwrap_or("");
    if !signatures_match(&expected, presented.trim()) {
        metrics::counter!("cho_payment_suspicious_callbacks_total", "provider" => "SEPAY", "reason" => "bad_api_key")
            .increment(1);
        tracing::warn!(
            provider = "SEPAY",
            "suspicious bank-statement webhook: wrong API key"
        );
        return answer(StatusCode::UNAUTHORIZED, false, "invalid API key");
    }
    let payload: Value = match serde_json::from_slice(&body) {
        Ok(payload) => payload,
        Err(err) => {
            return answer(
                StatusCode::BAD_REQUEST,
                false,
                &format!("invalid JSON: {err}"),
            )
        }
    };
    let line: StatementLine = match serde_json::from_value(payload.clone()) {
        Ok(line) => line,
        Err(err) => {
            tracing::warn!(provider = "SEPAY", error = %err, "malformed bank-statement line rejected");
            return answer(
                StatusCode::BAD_REQUEST,
                false,
                &format!("invalid statement line: {err}"),
            );
        }
    };
    if line.transfer_amount <= 0 {
        return answer(
            StatusCode::BAD_REQUEST,
            false,
            "transferAmount must be positive",
        );
    }
    metrics::counter!("cho_payment_callbacks_total", "provider" => "SEPAY", "kind" => "callback", "outcome" => "received")
        .increment(1);
    match bank_transfers::receive(&state, &line, &payload).await {
        Ok(Received::Recorded { .. }) => answer(StatusCode::OK, true, "recorded"),
        Ok(Received::Duplicate) => answer(StatusCode::OK, true, "already recorded"),
        Err(err) => {
            tracing::error!(provider = "SEPAY", external_id = line.id, error = %err, "bank-statement line could not be recorded");
            answer(StatusCode::SERVICE_UNAVAILABLE, false, "try again later")
        }
    }
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct QueueParams {
    /// `review` (the default), `applied`, `ignored` or `dismissed`; `all` for every line.
    status: Option<String>,
    /// At most this many, newest first (1–200, default 50).
    limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
struct TransferList {
    items: Vec<BankTransfer>,
}

/// Staff: bank transfers by status — by default those awaiting review:
/// money that came in without an order code, for the wrong amount, or for an
/// order already paid or closed.
#[utoipa::path(get, path = "/admin/bank-transfers", tag = "admin", security(("bearer" = [])), params(QueueParams),
    responses((status = 200, body = TransferList), (status = 400, body = ErrorBody)))]
async fn review_queue(
    State(state): State<AppState>,
    _staff: StaffUser,
    Query(params): Query<QueueParams>,
) -> ApiResult<Json<TransferList>> {
    let status = match params.status.as_deref().unwrap_or("review") {
        "all" => None,
        "review" => Some(Status::Review),
        "applied" => Some(Status::Applied),
        "ignored" => Some(Status::Ignored),
        "dismissed" => Some(Status::Dismissed),
        _ => {
            return Err(ApiError::bad_request(
                "status must be review, applied, ignored, dismissed or all",
            ))
        }
    };
    let limit = params.limit.unwrap_or(50);
    if !(1..=200).contains(&limit) {
        return Err(ApiError::bad_request("limit must be between 1 and 200"));
    }
    Ok(Json(TransferList {
        items: bank_transfers::list(&state.db, status, limit).await?,
    }))
}

/// Staff: resolve a transfer under review — `apply` it to an order (its
/// amount must be what the order owes) or `dismiss` it with a note. Audited.
#[utoipa::path(post, path = "/admin/bank-transfers/{id}/resolve", extensions(("x-error-codes" = json!(["transfer_not_in_review", "transfer_mismatch", "transfer_resolved"]))), tag = "admin", security(("bearer" = [])),
    request_body = Resolution,
    responses((status = 200, body = BankTransfer), (status = 400, body = ErrorBody),
        (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn resolve(
    State(state): State<AppState>,
    StaffUser(staff): StaffUser,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Body(resolution): Body<Resolution>,
) -> ApiResult<Json<BankTransfer>> {
    Ok(Json(
        bank_transfers::resolve(&state, id, &resolution, staff.id, &client).await?,
    ))
}

use axum::Json;
use cho_platform::extract::Query;
use cho_platform::{ApiError, ApiResult, AppState};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::divisions::{self, Province, Ward};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_provinces))
        .routes(routes!(list_wards))
        .routes(routes!(calculate_fee))
}

#[derive(Serialize, ToSchema)]
pub struct ProvinceList {
    items: &'static [Province],
}

/// The 34 provinces and centrally-run cities (2025 map).
#[utoipa::path(get, path = "/shipping/provinces", tag = "shipping", responses((status = 200, body = ProvinceList)))]
async fn list_provinces() -> Json<ProvinceList> {
    Json(ProvinceList {
        items: divisions::provinces(),
    })
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
struct WardQuery {
    /// Province code, e.g. 79 for Hồ Chí Minh City.
    province: i64,
}

#[derive(Serialize, ToSchema)]
pub struct WardList {
    items: &'static [Ward],
}

/// Wards and communes of one province (there are no districts any more).
#[utoipa::path(get, path = "/shipping/wards", tag = "shipping", params(WardQuery),
    responses((status = 200, body = WardList), (status = 400, body = cho_platform::error::ErrorBody)))]
async fn list_wards(Query(query): Query<WardQuery>) -> ApiResult<Json<WardList>> {
    let province = divisions::province(query.province).ok_or_else(|| {
        ApiError::bad_request(format!(
            "province {} is not a province of Vietnam",
            query.province
        ))
    })?;
    Ok(Json(WardList {
        items: &province.wards,
    }))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct FeeRequest {
    province_code: i64,
    ward_code: i64,
    /// Order subtotal in VND.
    subtotal: i64,
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct FeeQuote {
    shipping_fee: i64,
    free_shipping_from: i64,
}

/// Quotes the shipping fee for a destination and subtotal.
#[utoipa::path(post, path = "/shipping/calculate", tag = "shipping", request_body = FeeRequest,
    responses((status = 200, body = FeeQuote), (status = 400, body = cho_platform::error::ErrorBody)))]
async fn calculate_fee(
    cho_platform::extract::Json(req): cho_platform::extract::Json<FeeRequest>,
) -> ApiResult<Json<FeeQuote>> {
    divisions::validate_ward(req.province_code, req.ward_code)?;
    if req.subtotal < 0 {
        return Err(ApiError::bad_request("subtotal must not be negative"));
    }
    Ok(Json(FeeQuote {
        shipping_fee: crate::fees::shipping_fee(req.province_code, req.subtotal),
        free_shipping_from: crate::fees::FREE_SHIPPING_FROM,
    }))
}

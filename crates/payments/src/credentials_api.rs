//! `/v1/admin/payment-credentials`: admins set, replace and remove gateway credentials.
//! Answers carry metadata only — where the credentials in force come from, the key sealing
//! them, when and by whom they were set — and never a secret value.

use axum::extract::State;
use axum::http::StatusCode;
use axum::Json;
use cho_platform::auth::AdminUser;
use cho_platform::config::Secret;
use cho_platform::crypto::SecretMap;
use cho_platform::error::ErrorBody;
use cho_platform::extract::{ClientInfo, Path, Query};
use cho_platform::{ApiError, ApiResult, AppState};
use serde::{Deserialize, Deserializer, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::credentials::{self, CredentialStatus, Provider, ENVIRONMENTS};
use crate::settings::PaymentSettings;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list))
        .routes(routes!(put, remove))
}

#[derive(Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
struct EnvironmentParam {
    /// `sandbox` or `production`; the configured `CHO_PAYMENT_ENVIRONMENT` when left out.
    environment: Option<String>,
}

impl EnvironmentParam {
    fn resolve(&self, state: &AppState) -> ApiResult<String> {
        match self.environment.as_deref() {
            None => Ok(PaymentSettings::of(state).payment_environment.clone()),
            Some(env) if ENVIRONMENTS.contains(&env) => Ok(env.to_owned()),
            Some(_) => Err(ApiError::bad_request(
                "environment must be sandbox or production",
            )),
        }
    }
}

fn provider(name: &str) -> ApiResult<Provider> {
    Provider::parse(name).ok_or_else(|| {
        ApiError::not_found_with(format!(
            "no payment provider '{name}': credentials are kept for VNPAY, MOMO and ZALOPAY"
        ))
    })
}

#[derive(Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
struct CredentialList {
    /// The gateway environment listed.
    environment: String,
    /// The key new credentials are sealed with.
    current_key_id: String,
    items: Vec<CredentialStatus>,
}

/// Every provider's credentials for one environment: where those in force come from
/// (`stored`, `environment` or `none`), the merchant id, the sealing key, when and by whom
/// they were set. Secret values are never shown.
#[utoipa::path(get, path = "/admin/payment-credentials", tag = "admin-payments", security(("bearer" = [])),
    params(EnvironmentParam),
    responses((status = 200, body = CredentialList)))]
async fn list(
    State(state): State<AppState>,
    _admin: AdminUser,
    Query(params): Query<EnvironmentParam>,
) -> ApiResult<Json<CredentialList>> {
    let environment = params.resolve(&state)?;
    Ok(Json(CredentialList {
        items: credentials::statuses(&state, &environment).await?,
        current_key_id: state.keys.encryption.current_key_id().to_owned(),
        environment,
    }))
}

/// A provider's credentials: VNPAY takes `tmnCode`, `hashSecret`; MOMO `partnerCode`,
/// `accessKey`, `secretKey`; ZALOPAY `appId`, `key1`, `key2`. All of the provider's fields
/// are required, and no other.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct CredentialsInput {
    tmn_code: Option<String>,
    #[schema(value_type = Option<String>)]
    hash_secret: Option<Secret>,
    partner_code: Option<String>,
    #[schema(value_type = Option<String>)]
    access_key: Option<Secret>,
    #[schema(value_type = Option<String>)]
    secret_key: Option<Secret>,
    /// A string or a number.
    #[serde(default, deserialize_with = "string_or_number")]
    #[schema(value_type = Option<String>)]
    app_id: Option<String>,
    #[schema(value_type = Option<String>)]
    key1: Option<Secret>,
    #[schema(value_type = Option<String>)]
    key2: Option<Secret>,
}

impl CredentialsInput {
    fn into_fields(self) -> SecretMap {
        let code = |v: Option<String>| v.map(Secret::new);
        [
            ("tmnCode", code(self.tmn_code)),
            ("hashSecret", self.hash_secret),
            ("partnerCode", code(self.partner_code)),
            ("accessKey", self.access_key),
            ("secretKey", self.secret_key),
            ("appId", code(self.app_id)),
            ("key1", self.key1),
            ("key2", self.key2),
        ]
        .into_iter()
        .filter_map(|(name, value)| Some((name.to_owned(), value?)))
        .collect()
    }
}

fn string_or_number<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(u64),
    }
    Ok(Option::<Id>::deserialize(d)
        .map_err(|_| serde::de::Error::custom("appId must be a string or a whole number"))?
        .map(|id| match id {
            Id::Text(text) => text,
            Id::Number(n) => n.to_string(),
        }))
}

/// Sets or replaces a provider's credentials, stored encrypted; they win over the `CHO_*`
/// settings. The answer carries metadata only.
#[utoipa::path(put, path = "/admin/payment-credentials/{provider}", tag = "admin-payments", security(("bearer" = [])),
    params(("provider" = String, Path, description = "VNPAY, MOMO or ZALOPAY"), EnvironmentParam),
    request_body = CredentialsInput,
    responses((status = 200, body = CredentialStatus), (status = 400, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn put(
    State(state): State<AppState>,
    admin: AdminUser,
    client: ClientInfo,
    Path(name): Path<String>,
    Query(params): Query<EnvironmentParam>,
    cho_platform::extract::Json(input): cho_platform::extract::Json<CredentialsInput>,
) -> ApiResult<Json<CredentialStatus>> {
    let provider = provider(&name)?;
    let environment = params.resolve(&state)?;
    let status = credentials::set(
        &state,
        provider,
        &environment,
        input.into_fields(),
        admin.0.id,
        &client,
    )
    .await?;
    Ok(Json(status))
}

/// Removes a provider's stored credentials; the `CHO_*` settings, if any, apply again.
#[utoipa::path(delete, path = "/admin/payment-credentials/{provider}", tag = "admin-payments", security(("bearer" = [])),
    params(("provider" = String, Path, description = "VNPAY, MOMO or ZALOPAY"), EnvironmentParam),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn remove(
    State(state): State<AppState>,
    admin: AdminUser,
    client: ClientInfo,
    Path(name): Path<String>,
    Query(params): Query<EnvironmentParam>,
) -> ApiResult<StatusCode> {
    let provider = provider(&name)?;
    let environment = params.resolve(&state)?;
    if credentials::delete(&state, provider, &environment, admin.0.id, &client).await? {
        Ok(StatusCode::NO_CONTENT)
    } else {
        Err(ApiError::not_found_with(format!(
            "no stored {provider} credentials for {environment}"
        )))
    }
}

//! The OpenAPI document: its frame (title, tags, bearer scheme) and the passes that
//! complete every operation once the modules' routes are in — the error codes each
//! operation can answer with, and a description on every response.
//!
//! An operation declares the codes of its own logic next to its handler:
//! `extensions(("x-error-codes" = json!(["insufficient_stock", "cart_empty"])))`.
//! The codes its guards and inputs imply are derived here, never written by hand:
//! bearer security → `unauthenticated`, `token_expired`; a back-office tag → `forbidden`;
//! a path parameter → `not_found`; parameters or a body → `invalid_input`; a body →
//! `invalid_body`, `unsupported_media_type`; an `Idempotency-Key` header → the two
//! idempotency codes. [`ANY_OPERATION`] lists what every operation may answer.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use cho_platform::error::{ErrorBody, ErrorCode};
use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
use utoipa::{Modify, OpenApi};

/// The operation extension listing the codes an operation can answer with.
pub const ERROR_CODES_EXTENSION: &str = "x-error-codes";

/// Codes any operation may answer with, whatever it does: the transport's limits
/// and faults. They are listed on the error body, not on each operation.
pub const ANY_OPERATION: &[&str] = &[
    "method_not_allowed",
    "request_timeout",
    "payload_too_large",
    "uri_too_long",
    "headers_too_large",
    "rate_limited",
    "unavailable",
    "database_unavailable",
    "internal_error",
];

#[derive(OpenApi)]
#[openapi(
    info(title = "Chợ API", description = "Commerce and payments for Vietnamese shops. Amounts are integer VND."),
    modifiers(&BearerAuth),
    components(schemas(ErrorBody)),
    tags(
        (name = "auth", description = "Accounts and tokens"),
        (name = "users", description = "The signed-in user and their addresses"),
        (name = "catalog", description = "Categories, brands and products"),
        (name = "cart", description = "The server-side cart"),
        (name = "orders", description = "Checkout and the shopper's orders"),
        (name = "shipping", description = "2025 administrative divisions and shipping fees"),
        (name = "payments", description = "Payment gateways' callbacks and return URLs"),
        (name = "admin-catalog", description = "Staff: catalog management"),
        (name = "admin-orders", description = "Staff: order operations"),
        (name = "admin-payments", description = "Admin: payment gateway credentials (stored encrypted, never shown)"),
        (name = "admin", description = "Admin: jobs and audit log"),
        (name = "ops", description = "Health and metrics"),
    )
)]
pub(crate) struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .build(),
            ),
        );
    }
}

/// Every error code an answer can carry: the platform's and each module's.
pub fn error_codes() -> impl Iterator<Item = &'static ErrorCode> {
    let modules = crate::modules::all().into_iter().map(|m| m.error_codes);
    std::iter::once(cho_platform::error::CODES)
        .chain(modules)
        .flatten()
}

fn registered(code: &str) -> Option<&'static ErrorCode> {
    error_codes().find(|c| c.code == code)
}

/// Completes the document once every module's routes are in.
pub(crate) fn complete(openapi: &mut utoipa::openapi::OpenApi) {
    OperationErrors.modify(openapi);
    DocumentedErrorCodes.modify(openapi);
}

/// Gives each operation its full list of error codes (declared and derived) in
/// `x-error-codes`, and a response per status they answer with, whose description
/// names each code; any other response without a description gets its status's.
/// The API tests hold this against what the server answers: every error a test
/// provokes must be listed on its operation.
struct OperationErrors;

impl Modify for OperationErrors {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        for item in openapi.paths.paths.values_mut() {
            if let Some(post) = &mut item.post {
                document_idempotency_key(post);
            }
            let operations = [
                &mut item.get,
                &mut item.put,
                &mut item.post,
                &mut item.delete,
                &mut item.patch,
            ];
            for operation in operations.into_iter().flatten() {
                let codes = operation_codes(operation);
                document_codes(operation, codes);
            }
        }
    }
}

/// Every POST takes an `Idempotency-Key` (see `crate::idempotency`).
fn document_idempotency_key(operation: &mut Operation) {
    use utoipa::openapi::path::ParameterBuilder;
    use utoipa::openapi::schema::{ObjectBuilder, Type};
    let parameters = operation.parameters.get_or_insert_with(Vec::new);
    if parameters.iter().any(|p| p.name == IDEMPOTENCY_KEY) {
        return;
    }
    parameters.push(
        ParameterBuilder::new()
            .name(IDEMPOTENCY_KEY)
            .parameter_in(ParameterIn::Header)
            .description(Some(
                "Repeat-safe key: a retry with the same key and body gets the first answer",
            ))
            .schema(Some(ObjectBuilder::new().schema_type(Type::String).build()))
            .build(),
    );
}

const IDEMPOTENCY_KEY: &str = "Idempotency-Key";

/// The codes `operation` declares plus those its security, tag and inputs imply,
/// ordered by status. A declared code the registry lacks stays in the list (without
/// a response), where the API test that every listed code is registered finds it.
fn operation_codes(operation: &Operation) -> Vec<String> {
    let declared = operation
        .extensions
        .as_ref()
        .and_then(|e| e.get(ERROR_CODES_EXTENSION))
        .and_then(|codes| codes.as_array())
        .into_iter()
        .flatten()
        .filter_map(|code| code.as_str());
    let parameters = operation.parameters.iter().flatten();
    let has_parameters = parameters.clone().next().is_some();
    let has_path_parameter = parameters
        .clone()
        .any(|p| p.parameter_in == ParameterIn::Path);
    let has_idempotency_key = parameters.clone().any(|p| p.name == IDEMPOTENCY_KEY);
    let has_body = operation.request_body.is_some();
    let secured = operation.security.as_ref().is_some_and(|s| !s.is_empty());
    let back_office = operation
        .tags
        .iter()
        .flatten()
        .any(|tag| tag.starts_with("admin"));
    let derived = [
        (has_body || has_parameters, &["invalid_input"][..]),
        (secured, &["unauthenticated", "token_expired"]),
        (back_office, &["forbidden"]),
        (has_path_parameter, &["not_found"]),
        (has_body, &["invalid_body", "unsupported_media_type"]),
        (
            has_idempotency_key,
            &["idempotency_key_in_use", "idempotency_key_reused"],
        ),
    ]
    .into_iter()
    .filter(|(applies, _)| *applies)
    .flat_map(|(_, codes)| codes.iter().copied());
    let mut codes: Vec<String> = Vec::new();
    for code in derived.chain(declared) {
        if !codes.iter().any(|c| c == code) {
            codes.push(code.to_owned());
        }
    }
    codes.sort_by_key(|code| registered(code).map(|c| c.status));
    codes
}

fn document_codes(operation: &mut Operation, codes: Vec<String>) {
    let mut by_status: BTreeMap<u16, Vec<String>> = BTreeMap::new();
    for code in codes.iter().filter_map(|code| registered(code)) {
        by_status
            .entry(code.status)
            .or_default()
            .push(format!("- `{}`: {}", code.code, code.meaning));
    }
    operation
        .extensions
        .get_or_insert_with(Default::default)
        .insert(ERROR_CODES_EXTENSION.into(), codes.into());
    let responses = &mut operation.responses.responses;
    for (status, lines) in by_status {
        let description = lines.join("\n");
        match responses.get_mut(&status.to_string()) {
            Some(RefOr::T(response)) => response.description = description,
            Some(RefOr::Ref(_)) => {}
            None => {
                responses.insert(status.to_string(), error_response(description).into());
            }
        }
    }
    for (status, response) in responses.iter_mut() {
        if let RefOr::T(response) = response {
            if response.description.is_empty() {
                response.description = canonical_reason(status).to_owned();
            }
        }
    }
}

fn error_response(description: String) -> utoipa::openapi::Response {
    ResponseBuilder::new()
        .description(description)
        .content(
            "application/json",
            ContentBuilder::new()
                .schema(Some(Ref::from_schema_name("ErrorBody")))
                .build(),
        )
        .build()
}

fn canonical_reason(status: &str) -> &'static str {
    status
        .parse()
        .ok()
        .and_then(|s| StatusCode::from_u16(s).ok())
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Answer")
}

/// Lists the error codes in the schema of the error body's `code`.
struct DocumentedErrorCodes;

impl Modify for DocumentedErrorCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
        let Some(RefOr::T(Schema::Object(body))) = openapi
            .components
            .as_mut()
            .and_then(|c| c.schemas.get_mut("ErrorBody"))
        else {
            return;
        };
        let description: String = error_codes()
            .map(|c| format!("- `{}` ({}): {}\n", c.code, c.status, c.meaning))
            .collect();
        let code = ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(error_codes().map(|c| c.code)))
            .description(Some(format!(
                "Stable and machine-readable; decide on it, never on `message`. Each operation \
                 lists the codes it answers with in `x-error-codes` and in its responses; any \
                 operation may also answer {}.\n\n{description}",
                ANY_OPERATION
                    .iter()
                    .map(|c| format!("`{c}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            )))
            .build();
        body.properties.insert("code".into(), code.into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_code_is_documented_once() {
        let mut codes: Vec<_> = error_codes().map(|c| c.code).collect();
        let all = codes.len();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all, "a code is listed twice");
    }

    #[test]
    fn codes_any_operation_answers_are_registered() {
        for code in ANY_OPERATION {
            assert!(registered(code).is_some(), "{code} is not registered");
        }
    }

    #[test]
    fn the_readme_lists_every_error_code() {
        let readme = include_str!("../../../README.md");
        for code in error_codes() {
            let row = format!("| `{}` | {} |", code.code, code.status);
            assert!(readme.contains(&row), "README lacks {row}");
        }
    }
}

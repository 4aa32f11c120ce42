//! Signing in, registering and signing out in a browser. The forms work without
//! JavaScript; a refused form comes back with what was typed (never the password) and
//! the reason next to its field, in Vietnamese.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_identity::sign_in::{self, Credentials};
use cho_identity::{sessions, IdentitySettings, NewUser, Role};
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiError, AppState};
use serde::Deserialize;

use crate::layout::{html, Layout};
use crate::pages::{error_page, failure_page, private_layout, TokenForm};
use crate::session::Visitor;

/// Where to go after signing in: a path of this shop only, never another site.
pub fn next_path(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => {
            path.to_owned()
        }
        _ => "/".to_owned(),
    }
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    tiep: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct SignInForm {
    login: String,
    password: String,
    tiep: String,
    _csrf: String,
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    csrf: String,
    login: String,
    next: String,
    error: Option<&'static str>,
}

pub async fn sign_in_page(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<NextQuery>,
) -> Response {
    let page = SignInPage {
        layout: private_layout(&state, &visitor, "Đăng nhập", "/dang-nhap").await,
        csrf: visitor.csrf.clone(),
        login: String::new(),
        next: next_path(query.tiep.as_deref()),
        error: None,
    };
    visitor.finish(html(StatusCode::OK, &page))
}

/// What a refused sign-in tells the person, by the refusal's code.
fn sign_in_refusal(err: &ApiError) -> Option<(StatusCode, &'static str)> {
    Some(match err.code() {
        "invalid_credentials" => (
            StatusCode::UNAUTHORIZED,
            "Email, số điện thoại hoặc mật khẩu không đúng.",
        ),
        "account_disabled" => (StatusCode::FORBIDDEN, "Tài khoản này đã bị khóa."),
        "rate_limited" => (
            StatusCode::TOO_MANY_REQUESTS,
            "Bạn đã thử đăng nhập quá nhiều lần. Vui lòng đợi một phút rồi thử lại.",
        ),
        "invalid_input" => (
            StatusCode::BAD_REQUEST,
            "Email hoặc số điện thoại không hợp lệ.",
        ),
        _ => return None,
    })
}

const STALE_FORM: &str = "Biểu mẫu đã hết hạn. Vui lòng gửi lại.";

pub async fn sign_in(
    State(state): State<AppState>,
    visitor: Visitor,
    client: ClientInfo,
    Form(form): Form<SignInForm>,
) -> Response {
    let next = next_path(Some(&form.tiep));
    if !visitor.form_is_genuine(&form._csrf) {
        return refused(
            &state,
            &visitor,
            &form.login,
            &next,
            StatusCode::FORBIDDEN,
            STALE_FORM,
        )
        .await;
    }
    let login = form.login.trim();
    let by_email = login.contains('@');
    let credentials = Credentials {
        email: by_email.then_some(login),
        phone: (!by_email).then_some(login),
        password: form.password.clone(),
    };
    let signed_in = match sign_in::authenticate(&state, client.ip.as_deref(), credentials).await {
        Ok(signed_in) => signed_in,
        Err(err) => {
            return match sign_in_refusal(&err) {
                Some((status, message)) => {
                    refused(&state, &visitor, &form.login, &next, status, message).await
                }
                None => failure_page(&state, err).await,
            }
        }
    };
    open_session(&state, &visitor, signed_in.user_id, &next).await
}

/// The sign-in form again, with what was typed and why it was refused.
async fn refused(
    state: &AppState,
    visitor: &Visitor,
    login: &str,
    next: &str,
    status: StatusCode,
    error: &'static str,
) -> Response {
    let page = SignInPage {
        layout: private_layout(state, visitor, "Đăng nhập", "/dang-nhap").await,
        csrf: visitor.csrf.clone(),
        login: login.to_owned(),
        next: next.to_owned(),
        error: Some(error),
    };
    visitor.finish(html(status, &page))
}

async fn open_session(
    state: &AppState,
    visitor: &Visitor,
    user_id: cho_platform::auth::UserId,
    next: &str,
) -> Response {
    let ttl_days = IdentitySettings::of(state).refresh_token_ttl_days;
    if let Some(old) = visitor.session_token() {
        // A browser signing in again leaves no second session behind.
        let _ = sessions::close(&state.db, old).await;
    }
    match sessions::open(&state.db, user_id, ttl_days).await {
        Ok(token) => visitor.sign_in(Redirect::to(next).into_response(), &token, ttl_days),
        Err(err) => failure_page(state, err).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RegisterForm {
    full_name: String,
    email: String,
    phone: String,
    password: String,
    _csrf: String,
}

#[derive(Default)]
pub struct FieldErrors {
    pub full_name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password: Option<String>,
    pub form: Option<&'static str>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.full_name.is_some()
            || self.email.is_some()
            || self.phone.is_some()
            || self.password.is_some()
            || self.form.is_some()
    }
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    layout: Layout,
    csrf: String,
    full_name: String,
    email: String,
    phone: String,
    errors: FieldErrors,
    password_min: usize,
}

pub async fn register_page(State(state): State<AppState>, visitor: Visitor) -> Response {
    let page = RegisterPage {
        layout: private_layout(&state, &visitor, "Đăng ký", "/dang-ky").await,
        csrf: visitor.csrf.clone(),
        full_name: String::new(),
        email: String::new(),
        phone: String::new(),
        errors: FieldErrors::default(),
        password_min: cho_identity::PASSWORD_MIN_LEN,
    };
    visitor.finish(html(StatusCode::OK, &page))
}

/// Each field's problem, checked with identity's own rules.
fn check_registration(form: &RegisterForm) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if cho_identity::validate_full_name(&form.full_name).is_err() {
        errors.full_name = Some("Vui lòng nhập họ tên (tối đa 100 ký tự).".into());
    }
    let (email, phone) = (form.email.trim(), form.phone.trim());
    if email.is_empty() && phone.is_empty() {
        errors.email = Some("Vui lòng nhập email hoặc số điện thoại.".into());
    }
    if !email.is_empty() && cho_identity::normalize_email(email).is_err() {
        errors.email = Some("Email không hợp lệ.".into());
    }
    if !phone.is_empty() && cho_identity::normalize_phone(phone).is_err() {
        errors.phone = Some("Số điện thoại di động không hợp lệ (ví dụ 0912 345 678).".into());
    }
    if cho_identity::validate_password(&form.password).is_err() {
        errors.password = Some(format!(
            "Mật khẩu cần từ {} đến {} ký tự.",
            cho_identity::PASSWORD_MIN_LEN,
            cho_identity::PASSWORD_MAX_LEN
        ));
    }
    errors
}

pub async fn register(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<RegisterForm>,
) -> Response {
    let mut errors = if visitor.form_is_genuine(&form._csrf) {
        check_registration(&form)
    } else {
        FieldErrors {
            form: Some(STALE_FORM),
            ..Default::default()
        }
    };
    if !errors.any() {
        let optional = |v: &str| Some(v.trim().to_owned()).filter(|v| !v.is_empty());
        let created = cho_identity::create_user(
            &state.db,
            NewUser {
                email: optional(&form.email),
                phone: optional(&form.phone),
                password: form.password.clone(),
                full_name: form.full_name.clone(),
                role: Role::Customer,
            },
        )
        .await;
        match created {
            Ok(user) => {
                return open_session(&state, &visitor, user.id.into(), "/").await;
            }
            Err(err) if err.code() == "account_exists" => {
                errors.email = Some("Email hoặc số điện thoại này đã có tài khoản.".into());
            }
            Err(err) => return failure_page(&state, err).await,
        }
    }
    let status = if errors.form.is_some() {
        StatusCode::FORBIDDEN
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let page = RegisterPage {
        layout: private_layout(&state, &visitor, "Đăng ký", "/dang-ky").await,
        csrf: visitor.csrf.clone(),
        full_name: form.full_name,
        email: form.email,
        phone: form.phone,
        errors,
        password_min: cho_identity::PASSWORD_MIN_LEN,
    };
    visitor.finish(html(status, &page))
}

pub async fn sign_out(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<TokenForm>,
) -> Response {
    if !visitor.form_is_genuine(&form._csrf) {
        return error_page(&state, StatusCode::FORBIDDEN).await;
    }
    if let Some(token) = visitor.session_token() {
        if let Err(err) = sessions::close(&state.db, token).await {
            return failure_page(&state, err).await;
        }
    }
    visitor.sign_out(Redirect::to("/").into_response())
}

#[cfg(test)]
mod tests {
    use super::next_path;

    #[test]
    fn only_this_shops_paths_are_followed_after_signing_in() {
        assert_eq!(next_path(Some("/gio-hang")), "/gio-hang");
        for elsewhere in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "",
        ] {
            assert_eq!(next_path(Some(elsewhere)), "/", "{elsewhere}");
        }
        assert_eq!(next_path(None), "/");
    }
}

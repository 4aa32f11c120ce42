//! Who is browsing: the signed-in cookie and the form token that protects every form.
//!
//! `cho_session` carries a browser session's token (see `cho_identity::sessions`):
//! HttpOnly, SameSite=Lax, Secure behind HTTPS. Forms carry a CSRF token that must equal
//! the `cho_csrf` cookie (double submit): another site can make a browser send our
//! cookies but can neither read them nor set them — behind HTTPS the cookie is
//! `__Host-` prefixed, so not even a sibling subdomain can plant one.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use cho_identity::sessions::{self, BrowserSession};
use cho_platform::secrets::random_token;
use cho_platform::AppState;

const SESSION: &str = "cho_session";

/// Cookie attributes and names for this deployment.
fn secure(state: &AppState) -> bool {
    state.config.public_url.starts_with("https://")
}

fn csrf_cookie(state: &AppState) -> &'static str {
    if secure(state) {
        "__Host-cho_csrf"
    } else {
        "cho_csrf"
    }
}

fn cookie(parts: &Parts, name: &str) -> Option<String> {
    parts
        .headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value.to_owned())
        .filter(|value| !value.is_empty() && value.len() <= 128)
}

pub struct Visitor {
    pub session: Option<BrowserSession>,
    session_token: Option<String>,
    /// The token this browser's forms carry.
    pub csrf: String,
    /// Set when the browser had no CSRF cookie yet: the response must set it.
    new_csrf: bool,
    secure: bool,
    csrf_cookie: &'static str,
}

impl FromRequestParts<AppState> for Visitor {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let session_token = cookie(parts, SESSION);
        let session = match &session_token {
            Some(token) => match sessions::find(&state.db, token).await {
                Ok(session) => session,
                Err(err) => return Err(crate::pages::failure_page(state, err).await),
            },
            None => None,
        };
        let csrf_cookie = csrf_cookie(state);
        let existing = cookie(parts, csrf_cookie);
        Ok(Visitor {
            session,
            session_token,
            new_csrf: existing.is_none(),
            csrf: existing.unwrap_or_else(|| random_token(24)),
            secure: secure(state),
            csrf_cookie,
        })
    }
}

impl Visitor {
    /// Whether a submitted form's token is this browser's.
    pub fn form_is_genuine(&self, submitted: &str) -> bool {
        !self.new_csrf && constant_time_eq(self.csrf.as_bytes(), submitted.as_bytes())
    }

    /// The signed-in cookie's token, to close its session.
    pub fn session_token(&self) -> Option<&str> {
        self.session_token.as_deref()
    }

    fn set_cookie(&self, response: &mut Response, name: &str, value: &str, max_age: Option<i64>) {
        let mut cookie = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax");
        if self.secure {
            cookie.push_str("; Secure");
        }
        if let Some(seconds) = max_age {
            cookie.push_str(&format!("; Max-Age={seconds}"));
        }
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }

    /// Sets the CSRF cookie on `response` when the browser had none, and keeps pages
    /// that carry a browser's own details out of shared caches.
    pub fn finish(&self, mut response: Response) -> Response {
        if self.new_csrf {
            self.set_cookie(&mut response, self.csrf_cookie, &self.csrf, None);
        }
        if self.session.is_some() || self.new_csrf {
            response.headers_mut().insert(
                header::CACHE_CONTROL,
                HeaderValue::from_static("private, no-store"),
            );
        }
        response
    }

    /// `response` signing the browser in with a new session `token` (a fresh token at
    /// every sign-in, so a planted cookie never becomes a signed-in one).
    pub fn sign_in(&self, mut response: Response, token: &str, ttl_days: i64) -> Response {
        self.set_cookie(&mut response, SESSION, token, Some(ttl_days * 86_400));
        self.finish(response)
    }

    pub fn sign_out(&self, mut response: Response) -> Response {
        self.set_cookie(&mut response, SESSION, "", Some(0));
        self.finish(response)
    }
}

/// A fresh idempotency key for a form that places an order or moves money: drawn when
/// the form is shown, so sending it twice (a double click, a reload) is one request.
pub fn form_key() -> String {
    random_token(24)
}

/// The key a form brought back, if it looks like one [`form_key`] drew; anything else
/// is not used as a key.
pub fn drawn_key(key: &str) -> Option<&str> {
    let drawn = (16..=64).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    drawn.then_some(key)
}

/// The way to a page for signed-in shoppers only: the sign-in page, coming back to `path`.
pub fn sign_in_first(path: &str) -> Response {
    let back: String = form_urlencoded::byte_serialize(path.as_bytes()).collect();
    Redirect::to(&format!("/dang-nhap?tiep={back}")).into_response()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"abc", b"abc"));
        assert!(!constant_time_eq(b"abc", b"abd"));
        assert!(!constant_time_eq(b"abc", b"ab"));
    }
}

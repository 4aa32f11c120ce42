//! What every page shares: the head (title, description, canonical URL, Open Graph,
//! structured data), the header with the category menu, and the footer with the
//! business details Decree 52/2013 asks for; and how a page becomes a response.

use askama::Template;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use cho_platform::AppState;

use crate::assets;
use crate::settings::StorefrontSettings;

/// A link in the header's menu or a breadcrumb trail.
pub struct Link {
    pub name: String,
    pub href: String,
}

pub struct Layout {
    pub shop: StorefrontSettings,
    /// The whole `<title>`, shop name included.
    pub title: String,
    pub description: String,
    /// Absolute URL of the page's one address.
    pub canonical: String,
    /// Absolute URL of the picture a shared link shows.
    pub og_image: Option<String>,
    pub og_type: &'static str,
    /// `application/ld+json` documents, serialised and safe inside `<script>`.
    pub structured_data: Vec<String>,
    pub menu: Vec<Link>,
    pub stylesheet: String,
    pub icon: String,
    /// The header search box's suggestions.
    pub search_script: String,
    /// Pages for shoppers only say `noindex` when they are not for search engines.
    pub indexable: bool,
    /// The signed-in person's name, for the header.
    pub visitor_name: Option<String>,
    /// The form token of the header's sign-out button.
    pub csrf: String,
    /// What the header's search box holds: the search this page shows, if any.
    pub query: String,
}

impl Layout {
    pub fn new(state: &AppState, menu: Vec<Link>, title: &str, path: &str) -> Self {
        let shop = StorefrontSettings::of(state).clone();
        let title = if title.is_empty() {
            format!("{} – {}", shop.shop_name, shop.tagline)
        } else {
            format!("{title} | {}", shop.shop_name)
        };
        Layout {
            description: shop.tagline.clone(),
            title,
            canonical: absolute(state, path),
            og_image: None,
            og_type: "website",
            structured_data: Vec::new(),
            menu,
            stylesheet: assets::url("shop.css"),
            icon: assets::url("favicon.svg"),
            search_script: assets::url("search.js"),
            indexable: true,
            visitor_name: None,
            csrf: String::new(),
            query: String::new(),
            shop,
        }
    }

    /// The header as `visitor` sees it: their name and a sign-out button.
    pub fn for_visitor(mut self, visitor: &crate::session::Visitor) -> Self {
        self.visitor_name = visitor.session.as_ref().map(|s| s.full_name.clone());
        self.csrf = visitor.csrf.clone();
        self
    }

    pub fn describe(mut self, description: impl Into<String>) -> Self {
        self.description = description.into();
        self
    }

    /// Adds a JSON-LD document; `</` is escaped so no value can close the script.
    pub fn with_structured_data(mut self, document: &serde_json::Value) -> Self {
        self.structured_data
            .push(document.to_string().replace("</", "<\\/"));
        self
    }
}

/// `path` as an absolute URL of the shop (`CHO_PUBLIC_URL`).
pub fn absolute(state: &AppState, path: &str) -> String {
    format!("{}{path}", state.config.public_url.trim_end_matches('/'))
}

/// A rendered page with its status.
pub fn html(status: StatusCode, page: &impl Template) -> Response {
    match page.render() {
        Ok(body) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            body,
        )
            .into_response(),
        Err(err) => {
            tracing::error!(error = %err, "a page failed to render");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
                "<!doctype html><html lang=\"vi\"><title>Lỗi</title><p>Đã có lỗi xảy ra. Vui lòng thử lại sau.</p></html>",
            )
                .into_response()
        }
    }
}

//! The back office at `/admin`, for staff and admins signed in with the same accounts
//! as shoppers. Every page goes through [`Staff`]: a visitor who is not signed in is
//! sent to sign in, a customer gets the 403 page.

mod brands;
mod categories;
mod credentials;
mod dashboard;
mod operations;
mod orders;
mod payments;
mod products;
mod transfers;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum::Router;
use cho_catalog::staff::Actor;
use cho_platform::auth::{Role, UserId};
use cho_platform::extract::ClientInfo;
use cho_platform::AppState;

use crate::assets;
use crate::pages::error_page;
use crate::session::{sign_in_first, Visitor};
use crate::settings::StorefrontSettings;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(dashboard::page))
        .route(orders::PATH, get(orders::list))
        .route("/admin/don-hang/{code}", get(orders::detail))
        .route("/admin/don-hang/{code}/hoan-tien", post(orders::refund))
        .route("/admin/don-hang/{code}/{action}", post(orders::act))
        .route(payments::PATH, get(payments::list))
        .route("/admin/thanh-toan/{id}", get(payments::detail))
        .route(transfers::PATH, get(transfers::queue))
        .route(credentials::PATH, get(credentials::page))
        .route("/admin/cong-thanh-toan/{provider}", post(credentials::set))
        .route(
            "/admin/cong-thanh-toan/{provider}/xoa",
            post(credentials::remove),
        )
        .route(operations::JOBS_PATH, get(operations::jobs))
        .route("/admin/tac-vu/{id}/thu-lai", post(operations::retry))
        .route(operations::AUDIT_PATH, get(operations::audit_log))
        .route("/admin/chuyen-khoan/{id}/ap-dung", post(transfers::apply))
        .route("/admin/chuyen-khoan/{id}/dong", post(transfers::dismiss))
        .route(
            categories::PATH,
            get(categories::list).post(categories::create),
        )
        .route(
            "/admin/danh-muc/{id}",
            get(categories::edit).post(categories::update),
        )
        .route("/admin/danh-muc/{id}/xoa", post(categories::delete))
        .route(brands::PATH, get(brands::list).post(brands::create))
        .route(
            "/admin/thuong-hieu/{id}",
            get(brands::edit).post(brands::update),
        )
        .route("/admin/thuong-hieu/{id}/xoa", post(brands::delete))
        .route(products::PATH, get(products::list).post(products::create))
        .route("/admin/san-pham/moi", get(products::new))
        .route(
            "/admin/san-pham/{id}",
            get(products::detail).post(products::update),
        )
        .route(
            "/admin/san-pham/{id}/phien-ban",
            post(products::add_variant),
        )
        .route("/admin/san-pham/{id}/luu-tru", post(products::archive))
        .route(
            "/admin/san-pham/{id}/phien-ban/{variant}",
            post(products::change_variant),
        )
}

/// The `?thong-bao=` a page shows after a form sent the browser back to it.
#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct NoticeQuery {
    #[serde(rename = "thong-bao")]
    pub notice: String,
}

/// A signed-in staff member or admin, with the browser's session and form token.
pub struct Staff {
    pub visitor: Visitor,
    pub user_id: UserId,
    pub name: String,
    pub role: Role,
}

impl FromRequestParts<AppState> for Staff {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Response> {
        let visitor = Visitor::from_request_parts(parts, state).await?;
        let Some(session) = &visitor.session else {
            // After signing in, a GET comes back to its page; a form to the back office.
            let back = match parts.method {
                axum::http::Method::GET => parts.uri.to_string(),
                _ => "/admin".to_owned(),
            };
            return Err(sign_in_first(&back));
        };
        if !matches!(session.role, Role::Staff | Role::Admin) {
            return Err(error_page(state, StatusCode::FORBIDDEN).await);
        }
        Ok(Staff {
            user_id: session.user_id,
            role: session.role,
            name: session.full_name.clone(),
            visitor,
        })
    }
}

impl Staff {
    /// This staff member, making a change from `client`: what catalog's audit records.
    pub fn actor<'a>(&self, client: &'a ClientInfo) -> Actor<'a> {
        Actor {
            staff: self.user_id,
            client,
        }
    }
}

/// Some pages are for admins only: a staff member gets the 403 page.
pub async fn admins_only(state: &AppState, staff: &Staff) -> Option<Response> {
    (staff.role != Role::Admin).then_some(error_page(state, StatusCode::FORBIDDEN).await)
}

/// What every back-office page shares: its title, who is signed in, the menu.
pub struct AdminLayout {
    pub title: String,
    pub shop_name: String,
    pub staff_name: String,
    /// Admins also see the job queue and the audit log.
    pub is_admin: bool,
    pub csrf: String,
    pub stylesheet: String,
    pub icon: String,
}

impl AdminLayout {
    pub fn new(state: &AppState, staff: &Staff, title: &str) -> Self {
        let shop_name = StorefrontSettings::of(state).shop_name.clone();
        AdminLayout {
            title: format!("{title} | Quản trị {shop_name}"),
            shop_name,
            staff_name: staff.name.clone(),
            is_admin: staff.role == Role::Admin,
            csrf: staff.visitor.csrf.clone(),
            stylesheet: assets::url("shop.css"),
            icon: assets::url("favicon.svg"),
        }
    }
}

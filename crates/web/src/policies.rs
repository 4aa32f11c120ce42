//! The pages Decree 52/2013 asks of an online shop: who we are, and how returns,
//! privacy, shipping and payment work, with the business details from settings and
//! the shipping fees from the fee table itself.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cho_platform::{ApiError, AppState, Vnd};

use crate::layout::{html, Layout};
use crate::pages::{menu, respond};
use crate::session::Visitor;

pub struct Policy {
    pub slug: &'static str,
    pub title: &'static str,
    pub description: &'static str,
}

pub const POLICIES: &[Policy] = &[
    Policy {
        slug: "gioi-thieu",
        title: "Giới thiệu",
        description: "Thông tin về cửa hàng và doanh nghiệp sở hữu.",
    },
    Policy {
        slug: "chinh-sach-doi-tra",
        title: "Chính sách đổi trả",
        description: "Đổi trả trong 7 ngày, hoàn tiền theo phương thức đã thanh toán.",
    },
    Policy {
        slug: "chinh-sach-bao-mat",
        title: "Chính sách bảo mật",
        description: "Chúng tôi thu thập, sử dụng và bảo vệ thông tin cá nhân của bạn như thế nào.",
    },
    Policy {
        slug: "chinh-sach-van-chuyen",
        title: "Chính sách vận chuyển",
        description: "Phí giao hàng theo khu vực, miễn phí cho đơn hàng lớn.",
    },
    Policy {
        slug: "chinh-sach-thanh-toan",
        title: "Chính sách thanh toán",
        description: "Thanh toán khi nhận hàng, VNPay, MoMo, ZaloPay hoặc chuyển khoản VietQR.",
    },
];

#[derive(Template)]
#[template(path = "policy.html")]
struct PolicyPage {
    layout: Layout,
    policy: &'static Policy,
    same_city_fee: String,
    same_region_fee: String,
    other_region_fee: String,
    free_from: String,
}

/// The router registers one route per policy; each calls this with its own.
pub async fn page(state: State<AppState>, visitor: Visitor, policy: &'static Policy) -> Response {
    respond(
        &state,
        &visitor,
        policy_page(&state, &visitor, policy).await,
    )
    .await
}

async fn policy_page(
    state: &AppState,
    visitor: &Visitor,
    policy: &'static Policy,
) -> Result<Response, ApiError> {
    let path = format!("/{}", policy.slug);
    let layout = Layout::new(state, menu(state).await?, policy.title, &path)
        .for_visitor(visitor)
        .describe(policy.description);
    // Hồ Chí Minh City (79) is the warehouse's; Cần Thơ (92) shares its region; Hà Nội (1) does not.
    let fee = |province| Vnd(cho_geography::shipping_fee(province, 1)).to_string();
    let page = PolicyPage {
        layout,
        policy,
        same_city_fee: fee(79),
        same_region_fee: fee(92),
        other_region_fee: fee(1),
        free_from: Vnd(cho_geography::FREE_SHIPPING_FROM).to_string(),
    };
    Ok(html(StatusCode::OK, &page))
}

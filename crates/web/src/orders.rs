//! The shopper's orders: the list, one order with its status timeline, and cancelling
//! while the state machine still lets the shopper do it. Only the signed-in owner sees
//! an order: anyone else's code is "not found", as in the API.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_platform::auth::UserId;
use cho_platform::{ApiError, AppState, Vnd};
use cho_sales::orders::{self, OrderFilter, OrderView};
use cho_sales::status::{OrderStatus, PaymentMethod, PaymentStatus};
use serde::Deserialize;

use crate::assets;
use crate::labels::{local_time, method_hint, method_label, payment_status_label, status_label};
use crate::layout::{html, Layout};
use crate::pages::{private_layout, respond, stale_form_page};
use crate::payment::{Outcome, ONLINE_METHODS};
use crate::session::{sign_in_first, Visitor};

pub const ORDERS_PATH: &str = "/tai-khoan/don-hang";

pub fn order_path(code: &str) -> String {
    format!("{ORDERS_PATH}/{code}")
}

pub struct OrderRow {
    pub href: String,
    pub code: String,
    pub placed_at: String,
    pub total: String,
    pub status: &'static str,
}

#[derive(Template)]
#[template(path = "orders.html")]
struct OrdersPage {
    layout: Layout,
    orders: Vec<OrderRow>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    sau: Option<String>,
}

pub async fn list(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<ListQuery>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(ORDERS_PATH);
    };
    let result = list_page(&state, &visitor, session.user_id, query).await;
    respond(&state, &visitor, result).await
}

async fn list_page(
    state: &AppState,
    visitor: &Visitor,
    user_id: UserId,
    query: ListQuery,
) -> Result<Response, ApiError> {
    let mine = OrderFilter {
        owner: Some(user_id),
        ..Default::default()
    };
    let page = orders::list(&state.db, &mine, Some(20), query.sau.as_deref()).await?;
    let orders = page
        .items
        .iter()
        .map(|order| OrderRow {
            href: order_path(&order.order_code),
            code: order.order_code.clone(),
            placed_at: local_time(order.created_at),
            total: Vnd(order.total).to_string(),
            status: status_label(order.status),
        })
        .collect();
    let page = OrdersPage {
        layout: private_layout(state, visitor, "Đơn hàng của tôi", ORDERS_PATH).await,
        orders,
        next: page
            .next_cursor
            .map(|cursor| format!("{ORDERS_PATH}?sau={cursor}")),
    };
    Ok(html(StatusCode::OK, &page))
}

pub struct Step {
    pub label: String,
    pub at: String,
}

pub struct ItemRow {
    pub name: String,
    pub variant: String,
    pub unit_price: String,
    pub quantity: i64,
    pub total: String,
}

#[derive(Template)]
#[template(path = "order.html")]
struct OrderPage {
    layout: Layout,
    csrf: String,
    just_placed: bool,
    code: String,
    status: &'static str,
    method: &'static str,
    payment_status: &'static str,
    /// Where to pay an online order still waiting for its payment.
    pay_url: Option<String>,
    /// What the last payment step came to, and whether it is good news.
    notice: Option<(bool, &'static str)>,
    /// Waiting for its payment: the page watches its status and offers other methods.
    awaiting_payment: bool,
    status_url: String,
    script: String,
    pay_again_path: String,
    pay_again_key: String,
    methods: Vec<crate::checkout::MethodChoice>,
    transfer: Option<Transfer>,
    steps: Vec<Step>,
    items: Vec<ItemRow>,
    subtotal: String,
    discount: Option<String>,
    shipping_fee: String,
    total: String,
    recipient: String,
    address: String,
    note: Option<String>,
    cancellable: bool,
    cancel_path: String,
}

/// A VietQR transfer to make: the code to scan and what it says, for typing by hand.
pub struct Transfer {
    pub qr_svg: String,
    pub bank_bin: String,
    pub account: String,
    pub amount: String,
    pub purpose: String,
    /// The simulated banking app, in sandbox mode.
    pub sandbox_app: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct OrderQuery {
    moi: Option<String>,
    #[serde(rename = "ket-qua")]
    outcome: String,
}

/// What the page says about the last payment step, given what our records say now.
fn notice(order: &OrderView, outcome: Option<Outcome>) -> Option<(bool, &'static str)> {
    let paid = order.payment_status == PaymentStatus::Paid;
    let waiting = order.status == OrderStatus::PendingPayment;
    Some(match outcome? {
        _ if paid => (true, "Thanh toán thành công. Cửa hàng sẽ sớm xác nhận đơn của bạn."),
        _ if !waiting => return None,
        Outcome::Failed => (
            false,
            "Thanh toán chưa thành công. Bạn có thể thử lại hoặc chọn phương thức khác bên dưới.",
        ),
        Outcome::NotOpened => (
            false,
            "Chưa mở được thanh toán bằng phương thức này. Vui lòng thử lại hoặc chọn phương thức khác.",
        ),
        Outcome::Succeeded | Outcome::Pending => (
            true,
            "Đang chờ cổng thanh toán xác nhận. Trang sẽ tự cập nhật khi có kết quả.",
        ),
    })
}

fn transfer(order: &OrderView) -> Option<Transfer> {
    let payload = order.payment.qr_payload.as_deref()?;
    let details = cho_payments::vietqr::parse(payload)?;
    Some(Transfer {
        qr_svg: crate::payment::qr_svg(payload)?,
        bank_bin: details.bank_bin,
        account: details.account,
        amount: Vnd(details.amount.unwrap_or(order.total)).to_string(),
        purpose: details.purpose,
        sandbox_app: order.payment.payment_url.clone(),
    })
}

pub async fn detail(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(code): Path<String>,
    Query(query): Query<OrderQuery>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(&order_path(&code));
    };
    let result = order_page(&state, &visitor, session.user_id, &code, query).await;
    respond(&state, &visitor, result).await
}

/// The order's history, oldest first: each step it has been through, with its time.
fn steps(order: &OrderView) -> Vec<Step> {
    let shipped = match &order.tracking_code {
        Some(code) => format!("Bàn giao cho đơn vị vận chuyển (mã vận đơn {code})"),
        None => "Bàn giao cho đơn vị vận chuyển".into(),
    };
    let cancelled = match &order.cancel_reason {
        Some(reason) => format!("Đã hủy: {reason}"),
        None => "Đã hủy".into(),
    };
    let mut steps: Vec<(chrono::DateTime<chrono::Utc>, String)> = [
        (Some(order.created_at), "Đặt hàng".to_owned()),
        (order.paid_at, "Đã thanh toán".into()),
        (order.confirmed_at, "Cửa hàng xác nhận đơn".into()),
        (order.shipped_at, shipped),
        (order.delivered_at, "Đã giao hàng".into()),
        (order.cancelled_at, cancelled),
    ]
    .into_iter()
    .filter_map(|(at, label)| Some((at?, label)))
    .collect();
    steps.sort_by_key(|(at, _)| *at);
    steps
        .into_iter()
        .map(|(at, label)| Step {
            label,
            at: local_time(at),
        })
        .collect()
}

async fn order_page(
    state: &AppState,
    visitor: &Visitor,
    user_id: UserId,
    code: &str,
    query: OrderQuery,
) -> Result<Response, ApiError> {
    let order = orders::get_by_code(&state.db, code, Some(user_id)).await?;
    let path = order_path(&order.order_code);
    let address = &order.shipping_address;
    let online = matches!(
        order.payment.method,
        PaymentMethod::Vnpay | PaymentMethod::Momo | PaymentMethod::Zalopay
    );
    let awaiting_payment = order.status == OrderStatus::PendingPayment;
    let page = OrderPage {
        layout: private_layout(state, visitor, &format!("Đơn hàng {code}"), &path).await,
        csrf: visitor.csrf.clone(),
        just_placed: query.moi.is_some(),
        code: order.order_code.clone(),
        status: status_label(order.status),
        method: method_label(order.payment.method),
        payment_status: payment_status_label(order.payment_status),
        pay_url: order
            .payment
            .payment_url
            .clone()
            .filter(|_| online && awaiting_payment),
        notice: notice(&order, Outcome::parse(&query.outcome)),
        awaiting_payment,
        status_url: format!("{path}/trang-thai"),
        script: assets::url("order.js"),
        pay_again_path: format!("{path}/thanh-toan"),
        pay_again_key: crate::session::form_key(),
        methods: ONLINE_METHODS
            .iter()
            .map(|&method| crate::checkout::MethodChoice {
                value: method.as_str(),
                label: method_label(method),
                hint: method_hint(method),
                checked: method == order.payment.method,
            })
            .collect(),
        transfer: if awaiting_payment && order.payment.method == PaymentMethod::Vietqr {
            transfer(&order)
        } else {
            None
        },
        steps: steps(&order),
        items: order
            .items
            .iter()
            .map(|item| ItemRow {
                name: item.product_name.clone(),
                variant: item.variant_name.clone(),
                unit_price: Vnd(item.unit_price).to_string(),
                quantity: item.quantity,
                total: Vnd(item.total).to_string(),
            })
            .collect(),
        subtotal: Vnd(order.subtotal).to_string(),
        discount: (order.discount_amount > 0).then(|| Vnd(order.discount_amount).to_string()),
        shipping_fee: Vnd(order.shipping_fee).to_string(),
        total: Vnd(order.total).to_string(),
        recipient: format!("{} · {}", address.recipient_name, address.phone),
        address: format!(
            "{}, {}, {}",
            address.address_detail, address.ward_name, address.province_name
        ),
        note: order.note.clone(),
        cancellable: order.status.cancellable_by_customer(),
        cancel_path: format!("{path}/huy"),
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct CancelForm {
    reason: String,
    _csrf: String,
}

pub async fn cancel(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(code): Path<String>,
    Form(form): Form<CancelForm>,
) -> Response {
    let path = order_path(&code);
    let Some(session) = &visitor.session else {
        return sign_in_first(&path);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let user_id = session.user_id;
    let result = async {
        let order = orders::get_by_code(&state.db, &code, Some(user_id)).await?;
        let reason = Some(form.reason.trim().chars().take(500).collect::<String>())
            .filter(|r| !r.is_empty());
        orders::cancel_by_customer(&state.db, order.id, user_id, reason).await
    }
    .await;
    match result {
        Ok(_) => Redirect::to(&path).into_response(),
        // The order moved on meanwhile (shipped, or cancelled in another tab): its page says where it is.
        Err(err) if matches!(err.code(), "order_not_cancellable" | "order_changed") => {
            Redirect::to(&path).into_response()
        }
        Err(err) => respond(&state, &visitor, Err(err)).await,
    }
}

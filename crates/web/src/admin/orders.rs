//! Orders in the back office: the list by status, one order with its payments and
//! refunds, the moves the state machine allows from where it is, and refunds. Every
//! move is sales' own `staff_transition` (audited, with the cash a courier collected on
//! delivery); every refund is payments' `refunds::request`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use cho_payments::attempts;
use cho_payments::refunds::{self, RefundInput, Requester};
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiError, AppState, Vnd};
use cho_sales::orders::{self, OrderFilter, OrderView, TransitionInput};
use cho_sales::payment::{OrderId, SharedStarter};
use cho_sales::status::{Action, OrderStatus, PaymentMethod, PaymentStatus};
use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Deserialize;

use super::{AdminLayout, Staff};
use crate::labels::{local_time, method_label, payment_status_label, status_label};
use crate::layout::html;
use crate::pages::{failure_page, stale_form_page};
use crate::session::{drawn_key, form_key};

pub const PATH: &str = "/admin/don-hang";

fn order_path(code: &str) -> String {
    format!("{PATH}/{code}")
}

/// The moves staff make, with the path segment of each one's form.
const MOVES: &[(Action, &str, &str)] = &[
    (Action::Confirm, "xac-nhan", "Xác nhận đơn"),
    (
        Action::Ship,
        "giao-van-chuyen",
        "Giao cho đơn vị vận chuyển",
    ),
    (Action::Deliver, "da-giao", "Đã giao hàng"),
    (Action::Complete, "hoan-thanh", "Hoàn thành"),
    (Action::Cancel, "huy", "Hủy đơn"),
];

const METHODS: &[PaymentMethod] = &[
    PaymentMethod::Cod,
    PaymentMethod::Vnpay,
    PaymentMethod::Momo,
    PaymentMethod::Zalopay,
    PaymentMethod::Vietqr,
];

const STATUSES: &[OrderStatus] = &[
    OrderStatus::PendingPayment,
    OrderStatus::PendingConfirmation,
    OrderStatus::Paid,
    OrderStatus::Confirmed,
    OrderStatus::Shipping,
    OrderStatus::Delivered,
    OrderStatus::Completed,
    OrderStatus::Cancelled,
    OrderStatus::Refunded,
];

pub struct StatusChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub selected: bool,
}

pub struct Row {
    pub href: String,
    pub code: String,
    pub placed_at: String,
    pub total: String,
    pub method: &'static str,
    pub status: &'static str,
    pub payment_status: &'static str,
}

#[derive(Template)]
#[template(path = "admin/orders.html")]
struct ListPage {
    layout: AdminLayout,
    statuses: Vec<StatusChoice>,
    methods: Vec<StatusChoice>,
    from: String,
    to: String,
    rows: Vec<Row>,
    next: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListQuery {
    #[serde(rename = "trang-thai")]
    status: String,
    #[serde(rename = "phuong-thuc")]
    method: String,
    /// The first day, `2026-12-01`, in Vietnam.
    #[serde(rename = "tu-ngay")]
    from: String,
    /// The last day, included.
    #[serde(rename = "den-ngay")]
    to: String,
    sau: Option<String>,
}

impl ListQuery {
    /// Midnight in Vietnam at the start of `day`, or of the day after it.
    fn day_start(day: &str, after: bool) -> Option<DateTime<Utc>> {
        let date = NaiveDate::parse_from_str(day.trim(), "%Y-%m-%d").ok()?;
        let date = if after { date.succ_opt()? } else { date };
        let vietnam = FixedOffset::east_opt(7 * 3600)?;
        Some(
            date.and_hms_opt(0, 0, 0)?
                .and_local_timezone(vietnam)
                .single()?
                .to_utc(),
        )
    }

    fn filter(&self) -> OrderFilter {
        OrderFilter {
            status: OrderStatus::parse(&self.status),
            method: PaymentMethod::parse(&self.method),
            placed_from: Self::day_start(&self.from, false),
            placed_before: Self::day_start(&self.to, true),
            ..Default::default()
        }
    }

    /// This list's query again, for the link to its next page.
    fn with_cursor(&self, cursor: &str) -> String {
        form_urlencoded::Serializer::new(String::new())
            .append_pair("trang-thai", &self.status)
            .append_pair("phuong-thuc", &self.method)
            .append_pair("tu-ngay", &self.from)
            .append_pair("den-ngay", &self.to)
            .append_pair("sau", cursor)
            .finish()
    }
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<ListQuery>,
) -> Response {
    let filter = query.filter();
    let page = match orders::list(&state.db, &filter, Some(50), query.sau.as_deref()).await {
        Ok(page) => page,
        Err(err) => return failure_page(&state, err).await,
    };
    let page = ListPage {
        layout: AdminLayout::new(&state, &staff, "Đơn hàng"),
        statuses: STATUSES
            .iter()
            .map(|&s| StatusChoice {
                value: s.as_str(),
                label: status_label(s),
                selected: Some(s) == filter.status,
            })
            .collect(),
        rows: page
            .items
            .iter()
            .map(|order| Row {
                href: order_path(&order.order_code),
                code: order.order_code.clone(),
                placed_at: local_time(order.created_at),
                total: Vnd(order.total).to_string(),
                method: method_label(order.payment.method),
                status: status_label(order.status),
                payment_status: payment_status_label(order.payment_status),
            })
            .collect(),
        methods: METHODS
            .iter()
            .map(|&m| StatusChoice {
                value: m.as_str(),
                label: method_label(m),
                selected: Some(m) == filter.method,
            })
            .collect(),
        from: query.from.clone(),
        to: query.to.clone(),
        next: page
            .next_cursor
            .map(|cursor| format!("{PATH}?{}", query.with_cursor(&cursor))),
    };
    staff.visitor.finish(html(StatusCode::OK, &page))
}

pub struct MoveForm {
    pub path: String,
    pub label: &'static str,
    /// Shipping asks for the tracking code, cancelling for a reason.
    pub field: Option<(&'static str, &'static str)>,
}

pub struct PaymentRow {
    pub method: String,
    pub amount: String,
    pub refunded: String,
    pub status: &'static str,
    pub at: String,
}

pub struct RefundRow {
    pub amount: String,
    pub reason: String,
    pub status: &'static str,
    pub at: String,
}

#[derive(Template)]
#[template(path = "admin/order.html")]
struct DetailPage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    order: OrderView,
    status: &'static str,
    method: &'static str,
    payment_status: &'static str,
    placed_at: String,
    total: String,
    items: Vec<(String, i64, String)>,
    moves: Vec<MoveForm>,
    payments: Vec<PaymentRow>,
    refunds: Vec<RefundRow>,
    refundable: Option<String>,
    refund_path: String,
    refund_key: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailQuery {
    #[serde(rename = "thong-bao")]
    notice: String,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-cap-nhat" => (true, "Đã cập nhật đơn hàng."),
        "da-hoan-tien" => (true, "Đã ghi nhận hoàn tiền."),
        "khong-hop-le" => (
            false,
            "Đơn hàng vừa đổi trạng thái nên không thực hiện được thao tác này.",
        ),
        "ma-van-don" => (false, "Vui lòng nhập mã vận đơn (tối đa 64 ký tự)."),
        "so-tien" => (
            false,
            "Số tiền hoàn không hợp lệ hoặc vượt quá số tiền đã thu.",
        ),
        "ly-do" => (false, "Vui lòng nhập lý do hoàn tiền (tối đa 255 ký tự)."),
        "khong-con-gi" => (false, "Đơn hàng không còn khoản nào để hoàn."),
        _ => return None,
    })
}

fn refund_status(status: refunds::RefundStatus) -> &'static str {
    match status {
        refunds::RefundStatus::Pending => "Đang xử lý",
        refunds::RefundStatus::Succeeded => "Đã hoàn",
        refunds::RefundStatus::Failed => "Không thành công",
    }
}

fn attempt_status(status: attempts::AttemptStatus) -> &'static str {
    use attempts::AttemptStatus::*;
    match status {
        Pending | Processing => "Đang chờ",
        Succeeded => "Thành công",
        Failed => "Không thành công",
        Cancelled => "Đã hủy",
        Expired => "Hết hạn",
    }
}

pub async fn detail(
    State(state): State<AppState>,
    staff: Staff,
    Path(code): Path<String>,
    Query(query): Query<DetailQuery>,
) -> Response {
    let page = detail_page(&state, &staff, &code, &query).await;
    staff.visitor.finish(match page {
        Ok(page) => page,
        Err(err) => failure_page(&state, err).await,
    })
}

async fn detail_page(
    state: &AppState,
    staff: &Staff,
    code: &str,
    query: &DetailQuery,
) -> Result<Response, ApiError> {
    let order = orders::get_by_code(&state.db, code, None).await?;
    let id = OrderId(order.id);
    let payments = attempts::for_order(&state.db, id).await?;
    let refunds = refunds::for_order(state, id).await?;
    let path = order_path(&order.order_code);
    let captured: i64 = payments
        .iter()
        .filter(|p| p.status == attempts::AttemptStatus::Succeeded)
        .map(|p| p.amount - p.refunded_amount)
        .sum();
    let refundable = matches!(
        order.payment_status,
        PaymentStatus::Paid | PaymentStatus::PartiallyRefunded
    ) && captured > 0;
    let page = DetailPage {
        layout: AdminLayout::new(state, staff, &format!("Đơn hàng {code}")),
        notice: notice(&query.notice),
        status: status_label(order.status),
        method: method_label(order.payment.method),
        payment_status: payment_status_label(order.payment_status),
        placed_at: local_time(order.created_at),
        total: Vnd(order.total).to_string(),
        items: order
            .items
            .iter()
            .map(|i| {
                (
                    format!("{} – {} ({})", i.product_name, i.variant_name, i.sku),
                    i.quantity,
                    Vnd(i.total).to_string(),
                )
            })
            .collect(),
        moves: MOVES
            .iter()
            .filter(|(action, _, _)| order.status.apply(*action).is_ok())
            .map(|&(action, slug, label)| MoveForm {
                path: format!("{path}/{slug}"),
                label,
                field: match action {
                    Action::Ship => Some(("tracking_code", "Mã vận đơn")),
                    Action::Cancel => Some(("reason", "Lý do hủy")),
                    _ => None,
                },
            })
            .collect(),
        payments: payments
            .iter()
            .map(|p| PaymentRow {
                method: p.method.clone(),
                amount: Vnd(p.amount).to_string(),
                refunded: Vnd(p.refunded_amount).to_string(),
                status: attempt_status(p.status),
                at: local_time(p.created_at),
            })
            .collect(),
        refunds: refunds
            .iter()
            .map(|r| RefundRow {
                amount: Vnd(r.amount).to_string(),
                reason: r.reason.clone(),
                status: refund_status(r.status),
                at: local_time(r.created_at),
            })
            .collect(),
        refundable: refundable.then(|| Vnd(captured).to_string()),
        refund_path: format!("{path}/hoan-tien"),
        refund_key: form_key(),
        order,
    };
    Ok(html(StatusCode::OK, &page))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ActForm {
    tracking_code: String,
    reason: String,
    _csrf: String,
}

fn back(code: &str, notice: &str) -> Response {
    Redirect::to(&format!("{}?thong-bao={notice}", order_path(code))).into_response()
}

/// One move of the state machine, by its path segment.
pub async fn act(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    staff: Staff,
    client: ClientInfo,
    Path((code, slug)): Path<(String, String)>,
    Form(form): Form<ActForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let Some(&(action, _, _)) = MOVES.iter().find(|(_, s, _)| *s == slug) else {
        return crate::pages::error_page(&state, StatusCode::NOT_FOUND).await;
    };
    let tracking_code = form.tracking_code.trim();
    if action == Action::Ship && (tracking_code.is_empty() || tracking_code.len() > 64) {
        return back(&code, "ma-van-don");
    }
    let input = TransitionInput {
        tracking_code: (action == Action::Ship).then(|| tracking_code.to_owned()),
        reason: (action == Action::Cancel).then(|| {
            Some(form.reason.trim())
                .filter(|r| !r.is_empty())
                .unwrap_or("cancelled by the shop")
                .chars()
                .take(500)
                .collect()
        }),
    };
    let result = async {
        let order = orders::get_by_code(&state.db, &code, None).await?;
        orders::staff_transition(
            &state.db,
            staff.user_id,
            &client,
            order.id,
            action,
            input,
            payments.as_ref(),
        )
        .await
    }
    .await;
    match result {
        Ok(_) => back(&code, "da-cap-nhat"),
        Err(err) if matches!(err.code(), "invalid_transition" | "order_changed") => {
            back(&code, "khong-hop-le")
        }
        Err(err) => failure_page(&state, err).await,
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct RefundForm {
    /// Đồng, as typed (dots and spaces allowed); empty refunds what remains.
    amount: String,
    reason: String,
    key: String,
    _csrf: String,
}

/// A typed amount of đồng: `1.500.000`, `1500000` or `1 500 000`.
fn typed_amount(text: &str) -> Option<Option<i64>> {
    let digits: String = text.chars().filter(|c| !matches!(c, '.' | ' ')).collect();
    if digits.is_empty() {
        return Some(None);
    }
    digits.parse::<i64>().ok().filter(|a| *a > 0).map(Some)
}

pub async fn refund(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(code): Path<String>,
    Form(form): Form<RefundForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let Some(amount) = typed_amount(&form.amount) else {
        return back(&code, "so-tien");
    };
    let reason = form.reason.trim();
    if reason.is_empty() || reason.chars().count() > 255 {
        return back(&code, "ly-do");
    }
    let order = match orders::get_by_code(&state.db, &code, None).await {
        Ok(order) => order,
        Err(err) => return failure_page(&state, err).await,
    };
    let input = RefundInput {
        amount,
        reason: reason.to_owned(),
        payment_id: None,
    };
    let requester = Requester {
        actor: Some(staff.user_id),
        client: &client,
    };
    // The form's key makes a resubmitted form the same refund, never a second one.
    let scope = format!("refunds:{}:{}", staff.user_id, order.id);
    let key = drawn_key(&form.key);
    let idempotency = key.map(|key| (scope.as_str(), key));
    match refunds::request(
        &state,
        OrderId(order.id),
        &input,
        requester,
        None,
        idempotency,
    )
    .await
    {
        Ok(_) => back(&code, "da-hoan-tien"),
        Err(err) => match err.code() {
            "refund_exceeds_captured" => back(&code, "so-tien"),
            "nothing_to_refund" => back(&code, "khong-con-gi"),
            _ => failure_page(&state, err).await,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::typed_amount;

    #[test]
    fn amounts_are_read_the_way_they_are_written() {
        assert_eq!(typed_amount("1.500.000"), Some(Some(1_500_000)));
        assert_eq!(typed_amount("1 500 000"), Some(Some(1_500_000)));
        assert_eq!(typed_amount(""), Some(None));
        assert_eq!(typed_amount("0"), None);
        assert_eq!(typed_amount("1,5"), None);
        assert_eq!(typed_amount("-5"), None);
    }
}

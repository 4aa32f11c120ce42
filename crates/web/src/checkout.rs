//! The checkout page: where to deliver (a saved address, or a new one picked from the
//! 2025 divisions, province then ward) and how to pay. Placing the order is sales' own
//! `place_order`, under an idempotency key drawn when the form was shown, so a double
//! click or a resubmitted form places one order.
//!
//! The ward list depends on the province: with JavaScript it is fetched when the
//! province changes (`checkout.js`); without, the "Chọn phường/xã" button posts the
//! form back to show it, keeping everything typed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::{Extension, Form};
use cho_identity::AddressView;
use cho_platform::auth::UserId;
use cho_platform::extract::ClientInfo;
use cho_platform::{AppState, Vnd};
use cho_sales::cart::{self, CartView};
use cho_sales::checkout::{self, Checkout, PlaceOrder};
use cho_sales::payment::SharedStarter;
use cho_sales::status::PaymentMethod;
use cho_sales::SalesSettings;
use serde::Deserialize;
use uuid::Uuid;

use crate::address_form::{AddressErrors, AddressFields, WardChoice};
use crate::assets;
use crate::cart::{lines, LineView, ProvinceChoice};
use crate::labels::{method_hint, method_label};
use crate::layout::{html, Layout};
use crate::orders::{order_path, ORDERS_PATH};
use crate::pages::{failure_page, private_layout, stale_form_page};
use crate::session::{drawn_key, form_key, sign_in_first, Visitor};

const PATH: &str = "/thanh-toan";

/// The methods a shopper can choose, in the order shown.
const METHODS: &[PaymentMethod] = &[
    PaymentMethod::Cod,
    PaymentMethod::Vnpay,
    PaymentMethod::Momo,
    PaymentMethod::Zalopay,
    PaymentMethod::Vietqr,
];

/// The form as posted; every field is text so that what was typed comes back as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct CheckoutForm {
    /// `moi` for a new address, or a saved address's id.
    address: String,
    #[serde(flatten)]
    fields: AddressFields,
    payment_method: String,
    note: String,
    /// The idempotency key drawn when the form was shown.
    key: String,
    /// `chon-tinh` when the form is posted back only to list the province's wards.
    step: String,
    _csrf: String,
}

#[derive(Default)]
pub struct FieldErrors {
    pub address: AddressErrors,
    pub payment_method: Option<&'static str>,
    pub note: Option<&'static str>,
    pub form: Option<String>,
}

impl FieldErrors {
    fn any(&self) -> bool {
        self.address.any()
            || self.payment_method.is_some()
            || self.note.is_some()
            || self.form.is_some()
    }
}

pub struct SavedChoice {
    pub id: Uuid,
    pub recipient: String,
    pub line: String,
    pub checked: bool,
}

pub struct MethodChoice {
    pub value: &'static str,
    pub label: &'static str,
    pub hint: &'static str,
    pub checked: bool,
}

#[derive(Template)]
#[template(path = "checkout.html")]
struct CheckoutPage {
    layout: Layout,
    csrf: String,
    form: CheckoutForm,
    errors: FieldErrors,
    fields: AddressFields,
    field_errors: AddressErrors,
    lines: Vec<LineView>,
    subtotal: String,
    shipping_fee: Option<String>,
    total: String,
    saved: Vec<SavedChoice>,
    new_address: bool,
    provinces: Vec<ProvinceChoice>,
    wards: Vec<WardChoice>,
    methods: Vec<MethodChoice>,
    script: String,
}

pub async fn page(State(state): State<AppState>, visitor: Visitor) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PATH);
    };
    let form = CheckoutForm {
        key: form_key(),
        payment_method: PaymentMethod::Cod.as_str().to_owned(),
        ..Default::default()
    };
    let page = render(
        &state,
        &visitor,
        session.user_id,
        form,
        FieldErrors::default(),
    )
    .await;
    visitor.finish(page)
}

/// The checkout page for `form`, with `errors` next to their fields.
async fn render(
    state: &AppState,
    visitor: &Visitor,
    user_id: UserId,
    mut form: CheckoutForm,
    errors: FieldErrors,
) -> Response {
    let (cart, saved) = match tokio::try_join!(
        cart::view(&state.db, user_id),
        cho_identity::addresses(&state.db, user_id)
    ) {
        Ok(found) => found,
        Err(err) => return failure_page(state, err).await,
    };
    if cart.items.is_empty() {
        return Redirect::to("/gio-hang").into_response();
    }
    if form.address.is_empty() {
        form.address = saved
            .iter()
            .find(|a| a.is_default)
            .or(saved.first())
            .map_or("moi".to_owned(), |a| a.id.to_string());
    }
    let status = if errors.any() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let province = destination(&form, &saved);
    let layout = private_layout(state, visitor, "Đặt hàng", PATH).await;
    let page = page_of(layout, visitor, form, errors, &cart, &saved, province);
    html(status, &page)
}

/// The province the order would ship to, as far as the form tells.
fn destination(form: &CheckoutForm, saved: &[AddressView]) -> Option<i64> {
    match saved.iter().find(|a| a.id.to_string() == form.address) {
        Some(address) => Some(address.address.province_code),
        None => form.fields.province_code(),
    }
}

fn page_of(
    layout: Layout,
    visitor: &Visitor,
    form: CheckoutForm,
    errors: FieldErrors,
    cart: &CartView,
    saved: &[AddressView],
    province: Option<i64>,
) -> CheckoutPage {
    let (provinces, wards) = form.fields.pickers();
    let FieldErrors {
        address: field_errors,
        payment_method,
        note,
        form: form_error,
    } = errors;
    let shipping_fee = province.map(|code| cho_geography::shipping_fee(code, cart.total));
    CheckoutPage {
        layout,
        csrf: visitor.csrf.clone(),
        errors: FieldErrors {
            payment_method,
            note,
            form: form_error,
            ..Default::default()
        },
        fields: form.fields.clone(),
        field_errors,
        lines: lines(cart),
        subtotal: Vnd(cart.total).to_string(),
        shipping_fee: shipping_fee.map(|fee| Vnd(fee).to_string()),
        total: Vnd(cart.total.saturating_add(shipping_fee.unwrap_or(0))).to_string(),
        saved: saved
            .iter()
            .map(|a| SavedChoice {
                id: a.id,
                recipient: format!("{} · {}", a.address.recipient_name, a.address.phone),
                line: format!(
                    "{}, {}, {}",
                    a.address.address_detail, a.address.ward_name, a.address.province_name
                ),
                checked: a.id.to_string() == form.address,
            })
            .collect(),
        new_address: form.address == "moi",
        provinces,
        wards,
        methods: METHODS
            .iter()
            .map(|&method| MethodChoice {
                value: method.as_str(),
                label: method_label(method),
                hint: method_hint(method),
                checked: form.payment_method == method.as_str(),
            })
            .collect(),
        script: assets::url("checkout.js"),
        form,
    }
}

/// Each field's problem, by identity's and geography's own rules; or the order to place.
fn check(form: &CheckoutForm) -> Result<PlaceOrder, Box<FieldErrors>> {
    let mut errors = FieldErrors::default();
    let payment_method = PaymentMethod::parse(&form.payment_method)
        .filter(|m| METHODS.contains(m))
        .unwrap_or_else(|| {
            errors.payment_method = Some("Vui lòng chọn phương thức thanh toán.");
            PaymentMethod::Cod
        });
    let note = Some(form.note.trim().to_owned()).filter(|n| !n.is_empty());
    if note.as_ref().is_some_and(|n| n.chars().count() > 500) {
        errors.note = Some("Ghi chú tối đa 500 ký tự.");
    }
    let (shipping_address, address_id) = if form.address == "moi" {
        let (address, problems) = form.fields.check();
        errors.address = problems;
        (Some(address), None)
    } else {
        match Uuid::parse_str(&form.address) {
            Ok(id) => (None, Some(id)),
            Err(_) => {
                errors.form = Some("Vui lòng chọn địa chỉ giao hàng.".into());
                (None, None)
            }
        }
    };
    if errors.any() {
        return Err(Box::new(errors));
    }
    Ok(PlaceOrder {
        shipping_address,
        address_id,
        payment_method,
        note,
    })
}

/// What the placed order's response tells the page about where to go next.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Placed {
    order_code: String,
    payment: PlacedPayment,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PlacedPayment {
    method: PaymentMethod,
    payment_url: Option<String>,
}

pub async fn place(
    State(state): State<AppState>,
    Extension(payments): Extension<SharedStarter>,
    visitor: Visitor,
    client: ClientInfo,
    Form(form): Form<CheckoutForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PATH);
    };
    let user_id = session.user_id;
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    if form.step == "chon-tinh" || drawn_key(&form.key).is_none() {
        let mut form = CheckoutForm {
            key: drawn_key(&form.key).map_or_else(form_key, str::to_owned),
            ..form
        };
        form.fields.ward.clear();
        return visitor
            .finish(render(&state, &visitor, user_id, form, FieldErrors::default()).await);
    }
    let request = match check(&form) {
        Ok(request) => request,
        Err(errors) => {
            return visitor.finish(render(&state, &visitor, user_id, form, *errors).await)
        }
    };
    let timeout =
        chrono::Duration::seconds(SalesSettings::of(&state).order_payment_timeout_secs as i64);
    let checkout = Checkout {
        user_id,
        idempotency_key: Some(&form.key),
        payment_timeout: timeout,
        client_ip: client.ip,
        payments: payments.as_ref(),
    };
    let refused = match checkout::place_order(&state.db, checkout, request).await {
        Ok(placed) => return next_step(&state, placed.body).await,
        Err(err) => err,
    };
    let mut errors = FieldErrors::default();
    match refused.code() {
        "cart_empty" => return Redirect::to("/gio-hang").into_response(),
        "insufficient_stock" | "product_unavailable" | "product_unpriced" => {
            errors.form = Some(
                "Một sản phẩm trong giỏ không còn đủ hàng hoặc đã ngừng bán. Vui lòng xem lại giỏ hàng."
                    .into(),
            )
        }
        "payment_method_unavailable" | "provider_not_configured" | "payment_method_not_online" => {
            errors.payment_method =
                Some("Phương thức này đang tạm ngưng. Vui lòng chọn phương thức khác.")
        }
        "not_found" => errors.form = Some("Địa chỉ đã chọn không còn. Vui lòng chọn lại.".into()),
        // The same form is being placed by a first click: its order is on the way.
        "idempotency_key_in_use" => return Redirect::to(ORDERS_PATH).into_response(),
        "idempotency_key_reused" => {
            errors.form = Some(
                "Biểu mẫu này đã được dùng để đặt một đơn hàng. Vui lòng kiểm tra lại rồi đặt hàng."
                    .into(),
            )
        }
        _ => return failure_page(&state, refused).await,
    }
    let form = CheckoutForm {
        key: form_key(),
        ..form
    };
    visitor.finish(render(&state, &visitor, user_id, form, errors).await)
}

/// After placing: a gateway's payment page, or the order's own page (COD, VietQR, or a
/// payment that could not be opened yet and is retried from there).
async fn next_step(state: &AppState, body: serde_json::Value) -> Response {
    let placed: Placed = match serde_json::from_value(body) {
        Ok(placed) => placed,
        Err(err) => return failure_page(state, anyhow::Error::from(err)).await,
    };
    let to_gateway = matches!(
        placed.payment.method,
        PaymentMethod::Vnpay | PaymentMethod::Momo | PaymentMethod::Zalopay
    );
    match placed.payment.payment_url {
        Some(url) if to_gateway => Redirect::to(&url).into_response(),
        _ => Redirect::to(&format!("{}?moi=1", order_path(&placed.order_code))).into_response(),
    }
}

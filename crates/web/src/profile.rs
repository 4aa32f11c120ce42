//! The shopper's account: their details (`/tai-khoan/thong-tin`) and their address book
//! (`/tai-khoan/dia-chi`), whose addresses checkout offers. Adding an address uses the
//! same fields and pickers as checkout; identity's `save_address` keeps the rules.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_identity::{AddressRequest, AddressView};
use cho_platform::auth::{Role, UserId};
use cho_platform::{ApiError, AppState};
use serde::Deserialize;
use uuid::Uuid;

use crate::address_form::{AddressErrors, AddressFields, WardChoice};
use crate::assets;
use crate::cart::ProvinceChoice;
use crate::labels::local_time;
use crate::layout::{html, Layout};
use crate::pages::{failure_page, private_layout, respond, stale_form_page, TokenForm};
use crate::session::{sign_in_first, Visitor};

pub const PROFILE_PATH: &str = "/tai-khoan/thong-tin";
pub const ADDRESSES_PATH: &str = "/tai-khoan/dia-chi";

#[derive(Template)]
#[template(path = "profile.html")]
struct ProfilePage {
    layout: Layout,
    full_name: String,
    email: Option<String>,
    phone: Option<String>,
    role: &'static str,
    member_since: String,
}

pub async fn profile(State(state): State<AppState>, visitor: Visitor) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PROFILE_PATH);
    };
    let result = async {
        let user = cho_identity::profile(&state.db, session.user_id).await?;
        let page = ProfilePage {
            layout: private_layout(&state, &visitor, "Thông tin tài khoản", PROFILE_PATH).await,
            full_name: user.full_name,
            email: user.email,
            phone: user.phone,
            role: match user.role {
                Role::Customer => "Khách hàng",
                Role::Staff => "Nhân viên",
                Role::Admin => "Quản trị viên",
            },
            member_since: local_time(user.created_at),
        };
        Ok(html(StatusCode::OK, &page))
    }
    .await;
    respond(&state, &visitor, result).await
}

pub struct SavedRow {
    pub id: Uuid,
    pub recipient: String,
    pub line: String,
    pub is_default: bool,
}

#[derive(Template)]
#[template(path = "addresses.html")]
struct AddressesPage {
    layout: Layout,
    csrf: String,
    notice: Option<&'static str>,
    saved: Vec<SavedRow>,
    fields: AddressFields,
    field_errors: AddressErrors,
    form_error: Option<&'static str>,
    make_default: bool,
    provinces: Vec<ProvinceChoice>,
    wards: Vec<WardChoice>,
    script: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BookQuery {
    #[serde(rename = "thong-bao")]
    notice: String,
}

fn notice(key: &str) -> Option<&'static str> {
    Some(match key {
        "da-luu" => "Đã lưu địa chỉ.",
        "da-xoa" => "Đã xóa địa chỉ.",
        "mac-dinh" => "Đã đặt làm địa chỉ mặc định.",
        _ => return None,
    })
}

fn rows(saved: &[AddressView]) -> Vec<SavedRow> {
    saved
        .iter()
        .map(|a| SavedRow {
            id: a.id,
            recipient: format!("{} · {}", a.address.recipient_name, a.address.phone),
            line: format!(
                "{}, {}, {}",
                a.address.address_detail, a.address.ward_name, a.address.province_name
            ),
            is_default: a.is_default,
        })
        .collect()
}

/// The address book with the add form showing `fields` and their problems.
async fn book(
    state: &AppState,
    visitor: &Visitor,
    user_id: UserId,
    form: AddressForm,
    problems: (AddressErrors, Option<&'static str>),
    notice: Option<&'static str>,
) -> Result<Response, ApiError> {
    let saved = cho_identity::addresses(&state.db, user_id).await?;
    let (provinces, wards) = form.fields.pickers();
    let (field_errors, form_error) = problems;
    let status = if field_errors.any() || form_error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let page = AddressesPage {
        layout: private_layout(state, visitor, "Sổ địa chỉ", ADDRESSES_PATH).await,
        csrf: visitor.csrf.clone(),
        notice,
        saved: rows(&saved),
        fields: form.fields,
        field_errors,
        form_error,
        make_default: form.is_default == "1",
        provinces,
        wards,
        script: assets::url("checkout.js"),
    };
    Ok(html(status, &page))
}

pub async fn addresses(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<BookQuery>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(ADDRESSES_PATH);
    };
    let result = book(
        &state,
        &visitor,
        session.user_id,
        AddressForm::default(),
        Default::default(),
        notice(&query.notice),
    )
    .await;
    respond(&state, &visitor, result).await
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AddressForm {
    #[serde(flatten)]
    fields: AddressFields,
    /// `1` when the new address should be the default.
    is_default: String,
    /// `chon-tinh` when posted back only to list the province's wards.
    step: String,
    _csrf: String,
}

fn back(notice: &str) -> Response {
    Redirect::to(&format!("{ADDRESSES_PATH}?thong-bao={notice}")).into_response()
}

pub async fn add(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(mut form): Form<AddressForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(ADDRESSES_PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let user_id = session.user_id;
    if form.step == "chon-tinh" {
        form.fields.ward.clear();
        let result = book(&state, &visitor, user_id, form, Default::default(), None).await;
        return respond(&state, &visitor, result).await;
    }
    let (address, errors) = form.fields.check();
    let problems = if errors.any() {
        (errors, None)
    } else {
        let request = AddressRequest {
            recipient_name: address.recipient_name,
            phone: address.phone,
            province_code: address.province_code,
            ward_code: address.ward_code,
            address_detail: address.address_detail,
            is_default: form.is_default == "1",
        };
        match cho_identity::save_address(&state.db, user_id, None, request).await {
            Ok(_) => return back("da-luu"),
            Err(err) if err.code() == "too_many_addresses" => (
                AddressErrors::default(),
                Some("Sổ địa chỉ đã đầy (tối đa 20 địa chỉ). Vui lòng xóa bớt một địa chỉ."),
            ),
            Err(err) => return failure_page(&state, err).await,
        }
    };
    let result = book(&state, &visitor, user_id, form, problems, None).await;
    respond(&state, &visitor, result).await
}

pub async fn remove(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<Uuid>,
    Form(form): Form<TokenForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(ADDRESSES_PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    match cho_identity::delete_address(&state.db, session.user_id, id).await {
        Ok(()) => back("da-xoa"),
        Err(err) => respond(&state, &visitor, Err(err)).await,
    }
}

/// Makes a saved address the default: saved again as it is, marked default.
pub async fn make_default(
    State(state): State<AppState>,
    visitor: Visitor,
    Path(id): Path<Uuid>,
    Form(form): Form<TokenForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(ADDRESSES_PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let user_id = session.user_id;
    let result = async {
        let saved = cho_identity::saved_address(&state.db, user_id, id).await?;
        let request = AddressRequest {
            recipient_name: saved.recipient_name,
            phone: saved.phone,
            province_code: saved.province_code,
            ward_code: saved.ward_code,
            address_detail: saved.address_detail,
            is_default: true,
        };
        cho_identity::save_address(&state.db, user_id, Some(id), request).await
    }
    .await;
    match result {
        Ok(_) => back("mac-dinh"),
        Err(err) => respond(&state, &visitor, Err(err)).await,
    }
}

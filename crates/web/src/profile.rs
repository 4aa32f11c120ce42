//! The shopper's account: their details (`/tai-khoan/thong-tin`: name, phone number and
//! password, changed through identity's `update_profile` / `change_password`) and their address book
//! (`/tai-khoan/dia-chi`), whose addresses checkout offers. Adding an address uses the
//! same fields and pickers as checkout; identity's `save_address` keeps the rules.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::Form;
use cho_identity::{AddressRequest, AddressView, PasswordChange, ProfileChange};
use cho_platform::auth::{Role, UserId};
use cho_platform::{ApiError, AppState};
use serde::Deserialize;
use uuid::Uuid;

use crate::address_form::{AddressErrors, AddressFields, WardChoice};
use crate::assets;
use crate::cart::ProvinceChoice;
use crate::form::FormErrors;
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
    notice: Option<(bool, &'static str)>,
    email: Option<String>,
    role: &'static str,
    member_since: String,
    details: DetailsForm,
    details_errors: FormErrors,
    password_errors: FormErrors,
    password_min: usize,
}

/// The name and phone number as typed, or as saved.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct DetailsForm {
    full_name: String,
    phone: String,
    _csrf: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    _csrf: String,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ProfileQuery {
    #[serde(rename = "thong-bao")]
    notice: String,
}

fn profile_notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-luu" => (true, "Đã lưu thông tin tài khoản."),
        "da-doi-mat-khau" => (
            true,
            "Đã đổi mật khẩu. Các thiết bị khác đã được đăng xuất.",
        ),
        _ => return None,
    })
}

/// What came back with errors to the page: the details form, or the password form.
enum Typed {
    Nothing,
    Details(DetailsForm, FormErrors),
    Password(FormErrors),
}

async fn profile_page(
    state: &AppState,
    visitor: &Visitor,
    user_id: UserId,
    notice: &str,
    typed: Typed,
) -> Result<Response, ApiError> {
    let user = cho_identity::profile(&state.db, user_id).await?;
    let saved = DetailsForm {
        full_name: user.full_name.clone(),
        phone: user.phone.clone().unwrap_or_default(),
        _csrf: String::new(),
    };
    let (details, details_errors, password_errors) = match typed {
        Typed::Nothing => (saved, FormErrors::default(), FormErrors::default()),
        Typed::Details(form, errors) => (form, errors, FormErrors::default()),
        Typed::Password(errors) => (saved, FormErrors::default(), errors),
    };
    let status = match details_errors.status() {
        StatusCode::OK => password_errors.status(),
        status => status,
    };
    let page = ProfilePage {
        layout: private_layout(state, visitor, "Thông tin tài khoản", PROFILE_PATH).await,
        notice: profile_notice(notice),
        email: user.email,
        role: match user.role {
            Role::Customer => "Khách hàng",
            Role::Staff => "Nhân viên",
            Role::Admin => "Quản trị viên",
        },
        member_since: local_time(user.created_at),
        details,
        details_errors,
        password_errors,
        password_min: cho_identity::PASSWORD_MIN_LEN,
    };
    Ok(html(status, &page))
}

pub async fn profile(
    State(state): State<AppState>,
    visitor: Visitor,
    Query(query): Query<ProfileQuery>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PROFILE_PATH);
    };
    let result = profile_page(
        &state,
        &visitor,
        session.user_id,
        &query.notice,
        Typed::Nothing,
    )
    .await;
    respond(&state, &visitor, result).await
}

/// The details form checked on the page, in Vietnamese, with identity's own rules.
fn check_details(form: &DetailsForm) -> Result<ProfileChange, FormErrors> {
    let mut errors = FormErrors::default();
    if cho_identity::validate_full_name(&form.full_name).is_err() {
        errors.add("full_name", "Vui lòng nhập họ tên (tối đa 100 ký tự).");
    }
    let phone = form.phone.trim();
    if !phone.is_empty() && cho_identity::normalize_phone(phone).is_err() {
        errors.add(
            "phone",
            "Số điện thoại di động không hợp lệ (ví dụ 0912 345 678).",
        );
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ProfileChange {
        full_name: form.full_name.clone(),
        phone: Some(phone.to_owned()),
    })
}

pub async fn save_details(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<DetailsForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PROFILE_PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let errors = match check_details(&form) {
        Ok(change) => match cho_identity::update_profile(&state.db, session.user_id, &change).await
        {
            Ok(_) => {
                return Redirect::to(&format!("{PROFILE_PATH}?thong-bao=da-luu")).into_response()
            }
            Err(err) => {
                let message = match err.code() {
                    "account_exists" => "Số điện thoại này đã thuộc về một tài khoản khác.",
                    "invalid_input" => {
                        "Tài khoản chỉ đăng nhập bằng số điện thoại này nên không thể xoá nó."
                    }
                    _ => return failure_page(&state, err).await,
                };
                let mut errors = FormErrors::default();
                errors.add("phone", message);
                errors
            }
        },
        Err(errors) => errors,
    };
    let result = profile_page(
        &state,
        &visitor,
        session.user_id,
        "",
        Typed::Details(form, errors),
    )
    .await;
    respond(&state, &visitor, result).await
}

pub async fn change_password(
    State(state): State<AppState>,
    visitor: Visitor,
    Form(form): Form<PasswordForm>,
) -> Response {
    let Some(session) = &visitor.session else {
        return sign_in_first(PROFILE_PATH);
    };
    if !visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let mut errors = FormErrors::default();
    if cho_identity::validate_password(&form.new_password).is_err() {
        errors.add(
            "new_password",
            format!(
                "Mật khẩu mới cần từ {} đến {} ký tự.",
                cho_identity::PASSWORD_MIN_LEN,
                cho_identity::PASSWORD_MAX_LEN
            ),
        );
    } else {
        let change = PasswordChange {
            current_password: form.current_password,
            new_password: form.new_password,
        };
        let kept = visitor.session_token();
        match cho_identity::change_password(&state.db, session.user_id, change, kept).await {
            Ok(()) => {
                return Redirect::to(&format!("{PROFILE_PATH}?thong-bao=da-doi-mat-khau"))
                    .into_response()
            }
            Err(err) => match err.code() {
                "wrong_password" => errors.add("current_password", "Mật khẩu hiện tại không đúng."),
                "rate_limited" => {
                    errors.form =
                        Some("Bạn đã thử quá nhiều lần. Vui lòng đợi một phút rồi thử lại.".into())
                }
                _ => return failure_page(&state, err).await,
            },
        }
    }
    let result = profile_page(
        &state,
        &visitor,
        session.user_id,
        "",
        Typed::Password(errors),
    )
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

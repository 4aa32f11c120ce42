//! Brands in the back office: the list with a form to add one, and a page per brand
//! to change or delete it, through catalog's audited `catalog::save_brand` / `delete_brand`.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use cho_catalog::staff as catalog;
use cho_catalog::{Brand, BrandInput};
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiError, AppState};
use serde::Deserialize;
use uuid::Uuid;

use super::{AdminLayout, NoticeQuery, Staff};
use crate::form::{answer, check_name, filled, is_image_address, whole, FormErrors};
use crate::layout::html;
use crate::pages::{respond, stale_form_page, TokenForm};

pub const PATH: &str = "/admin/thuong-hieu";

fn brand_path(id: Uuid) -> String {
    format!("{PATH}/{id}")
}

/// A brand as the form shows it: the values typed, or the saved ones.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct BrandForm {
    name: String,
    slug: String,
    description: String,
    logo_url: String,
    sort_order: String,
    _csrf: String,
}

impl BrandForm {
    fn of(brand: &Brand) -> Self {
        BrandForm {
            name: brand.name.clone(),
            slug: brand.slug.clone(),
            description: brand.description.clone().unwrap_or_default(),
            logo_url: brand.logo_url.clone().unwrap_or_default(),
            sort_order: brand.sort_order.to_string(),
            _csrf: String::new(),
        }
    }

    fn input(&self) -> Result<BrandInput, FormErrors> {
        let mut errors = FormErrors::default();
        check_name(&mut errors, "name", &self.name, 200);
        let sort_order = match self.sort_order.trim() {
            "" => 0,
            typed => whole(typed).unwrap_or_else(|| {
                errors.add("sort_order", "Thứ tự hiển thị phải là một số nguyên.");
                0
            }),
        };
        let logo_url = filled(&self.logo_url);
        if logo_url
            .as_deref()
            .is_some_and(|url| !is_image_address(url))
        {
            errors.add(
                "logo_url",
                "Địa chỉ logo phải bắt đầu bằng https:// hoặc / (ảnh của cửa hàng).",
            );
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(BrandInput {
            name: self.name.clone(),
            slug: filled(&self.slug),
            description: filled(&self.description),
            logo_url,
            sort_order,
        })
    }
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub slug: String,
}

#[derive(Template)]
#[template(path = "admin/brands.html")]
struct ListPage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    rows: Vec<Row>,
    form: BrandForm,
    errors: FormErrors,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-tao" => (true, "Đã thêm thương hiệu."),
        "da-luu" => (true, "Đã lưu thương hiệu."),
        "da-xoa" => (true, "Đã xoá thương hiệu."),
        _ => return None,
    })
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    notice_key: &str,
    form: BrandForm,
    errors: FormErrors,
) -> Result<Response, ApiError> {
    let brands = cho_catalog::all_brands(&state.db).await?;
    let page = ListPage {
        layout: AdminLayout::new(state, staff, "Thương hiệu"),
        notice: notice(notice_key),
        rows: brands
            .iter()
            .map(|b| Row {
                href: brand_path(b.id),
                name: b.name.clone(),
                slug: b.slug.clone(),
            })
            .collect(),
        form,
        errors,
    };
    Ok(html(page.errors.status(), &page))
}

pub async fn list(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let result = list_page(
        &state,
        &staff,
        &query.notice,
        BrandForm::default(),
        FormErrors::default(),
    )
    .await;
    respond(&state, &staff.visitor, result).await
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Form(form): Form<BrandForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let errors = match form.input() {
        Ok(input) => {
            let saved = catalog::save_brand(&state, staff.actor(&client), None, input).await;
            match answer(
                &state,
                saved,
                |_| format!("{PATH}?thong-bao=da-tao"),
                "slug",
            )
            .await
            {
                Ok(answer) => return answer,
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let result = list_page(&state, &staff, "", form, errors).await;
    respond(&state, &staff.visitor, result).await
}

#[derive(Template)]
#[template(path = "admin/brand.html")]
struct EditPage {
    layout: AdminLayout,
    /// The name as saved, whatever was typed.
    heading: String,
    notice: Option<(bool, &'static str)>,
    action: String,
    delete_path: String,
    form: BrandForm,
    errors: FormErrors,
}

/// The brand's page: the form as typed when it came back with errors, else as saved.
async fn edit_page(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    notice_key: &str,
    typed: Option<BrandForm>,
    errors: FormErrors,
) -> Result<Response, ApiError> {
    let brands = cho_catalog::all_brands(&state.db).await?;
    let brand = brands
        .iter()
        .find(|b| b.id == id)
        .ok_or_else(|| ApiError::not_found("brand"))?;
    let page = EditPage {
        layout: AdminLayout::new(state, staff, &brand.name),
        heading: brand.name.clone(),
        notice: notice(notice_key),
        action: brand_path(id),
        delete_path: format!("{}/xoa", brand_path(id)),
        form: typed.unwrap_or_else(|| BrandForm::of(brand)),
        errors,
    };
    Ok(html(page.errors.status(), &page))
}

pub async fn edit(
    State(state): State<AppState>,
    staff: Staff,
    Path(id): Path<Uuid>,
    Query(query): Query<NoticeQuery>,
) -> Response {
    let result = edit_page(
        &state,
        &staff,
        id,
        &query.notice,
        None,
        FormErrors::default(),
    )
    .await;
    respond(&state, &staff.visitor, result).await
}

pub async fn update(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<BrandForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let errors = match form.input() {
        Ok(input) => {
            let saved = catalog::save_brand(&state, staff.actor(&client), Some(id), input).await;
            match answer(
                &state,
                saved,
                |_| format!("{}?thong-bao=da-luu", brand_path(id)),
                "slug",
            )
            .await
            {
                Ok(answer) => return answer,
                Err(errors) => errors,
            }
        }
        Err(errors) => errors,
    };
    let result = edit_page(&state, &staff, id, "", Some(form), errors).await;
    respond(&state, &staff.visitor, result).await
}

pub async fn delete(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Path(id): Path<Uuid>,
    Form(form): Form<TokenForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let deleted = catalog::delete_brand(&state, staff.actor(&client), id).await;
    let done = |_| format!("{PATH}?thong-bao=da-xoa");
    let errors = match answer(&state, deleted, done, "slug").await {
        Ok(answer) => return answer,
        Err(errors) => errors,
    };
    let result = edit_page(&state, &staff, id, "", None, errors).await;
    respond(&state, &staff.visitor, result).await
}

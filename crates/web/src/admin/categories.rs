//! Categories in the back office: the whole tree (hidden ones too) with a form to add
//! one, and a page per category to change or delete it. Every change is catalog's
//! audited `catalog::save_category` / `delete_category`.

use std::collections::HashMap;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::Form;
use cho_catalog::staff as catalog;
use cho_catalog::{CategoryInput, CategoryRow};
use cho_platform::extract::ClientInfo;
use cho_platform::{ApiError, AppState};
use serde::Deserialize;
use uuid::Uuid;

use super::{AdminLayout, NoticeQuery, Staff};
use crate::form::{answer, check_name, filled, whole, Choice, FormErrors};
use crate::layout::html;
use crate::pages::{respond, stale_form_page, TokenForm};

pub const PATH: &str = "/admin/danh-muc";

fn category_path(id: Uuid) -> String {
    format!("{PATH}/{id}")
}

/// A category as the form shows it: the values typed, or the saved ones.
#[derive(Deserialize)]
#[serde(default)]
pub struct CategoryForm {
    name: String,
    parent: String,
    slug: String,
    description: String,
    sort_order: String,
    active: Option<String>,
    _csrf: String,
}

impl Default for CategoryForm {
    /// A new category is shown on the storefront unless staff say otherwise.
    fn default() -> Self {
        CategoryForm {
            name: String::new(),
            parent: String::new(),
            slug: String::new(),
            description: String::new(),
            sort_order: "0".into(),
            active: Some("1".into()),
            _csrf: String::new(),
        }
    }
}

impl CategoryForm {
    fn of(row: &CategoryRow) -> Self {
        CategoryForm {
            name: row.name.clone(),
            parent: row.parent_id.map(|p| p.to_string()).unwrap_or_default(),
            slug: row.slug.clone(),
            description: row.description.clone().unwrap_or_default(),
            sort_order: row.sort_order.to_string(),
            active: row.is_active.then(|| "1".into()),
            _csrf: String::new(),
        }
    }

    fn input(&self) -> Result<CategoryInput, FormErrors> {
        let mut errors = FormErrors::default();
        check_name(&mut errors, "name", &self.name, 200);
        let parent_id = match self.parent.as_str() {
            "" => None,
            id => Uuid::parse_str(id).ok().or_else(|| {
                errors.add("parent", "Vui lòng chọn danh mục cha trong danh sách.");
                None
            }),
        };
        let sort_order = match self.sort_order.trim() {
            "" => 0,
            typed => whole(typed).unwrap_or_else(|| {
                errors.add("sort_order", "Thứ tự hiển thị phải là một số nguyên.");
                0
            }),
        };
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CategoryInput {
            name: self.name.clone(),
            parent_id,
            slug: filled(&self.slug),
            description: filled(&self.description),
            image_url: None,
            sort_order,
            is_active: self.active.is_some(),
        })
    }
}

/// The tree in display order: each category after its parent, indented by depth.
fn in_tree_order(rows: &[CategoryRow]) -> Vec<(usize, &CategoryRow)> {
    let known: HashMap<Uuid, ()> = rows.iter().map(|r| (r.id, ())).collect();
    let mut children: HashMap<Option<Uuid>, Vec<&CategoryRow>> = HashMap::new();
    for row in rows {
        let parent = row.parent_id.filter(|p| known.contains_key(p));
        children.entry(parent).or_default().push(row);
    }
    fn walk<'a>(
        parent: Option<Uuid>,
        depth: usize,
        children: &HashMap<Option<Uuid>, Vec<&'a CategoryRow>>,
        out: &mut Vec<(usize, &'a CategoryRow)>,
    ) {
        for row in children.get(&parent).into_iter().flatten() {
            out.push((depth, row));
            walk(Some(row.id), depth + 1, children, out);
        }
    }
    let mut out = Vec::with_capacity(rows.len());
    walk(None, 0, &children, &mut out);
    out
}

/// The parents a category can be placed under: not itself, nor anything below it.
fn parent_choices(rows: &[CategoryRow], except: Option<Uuid>) -> Vec<Choice> {
    let mut choices = vec![Choice::new("", "(Danh mục gốc)")];
    let mut skipping_below: Option<usize> = None;
    for (depth, row) in in_tree_order(rows) {
        match skipping_below {
            Some(top) if depth > top => continue,
            _ => skipping_below = None,
        }
        if Some(row.id) == except {
            skipping_below = Some(depth);
            continue;
        }
        let label = format!("{}{}", "— ".repeat(depth), row.name);
        choices.push(Choice::new(row.id.to_string(), label));
    }
    choices
}

pub struct Row {
    pub href: String,
    pub name: String,
    pub depth: usize,
    pub slug: String,
    pub active: bool,
}

#[derive(Template)]
#[template(path = "admin/categories.html")]
struct ListPage {
    layout: AdminLayout,
    notice: Option<(bool, &'static str)>,
    rows: Vec<Row>,
    form: CategoryForm,
    errors: FormErrors,
    parents: Vec<Choice>,
}

fn notice(key: &str) -> Option<(bool, &'static str)> {
    Some(match key {
        "da-tao" => (true, "Đã thêm danh mục."),
        "da-luu" => (true, "Đã lưu danh mục."),
        "da-xoa" => (true, "Đã xoá danh mục."),
        _ => return None,
    })
}

async fn list_page(
    state: &AppState,
    staff: &Staff,
    notice_key: &str,
    form: CategoryForm,
    errors: FormErrors,
) -> Result<Response, ApiError> {
    let rows = cho_catalog::all_categories(&state.db).await?;
    let page = ListPage {
        layout: AdminLayout::new(state, staff, "Danh mục"),
        notice: notice(notice_key),
        rows: in_tree_order(&rows)
            .into_iter()
            .map(|(depth, row)| Row {
                href: category_path(row.id),
                name: row.name.clone(),
                depth,
                slug: row.slug.clone(),
                active: row.is_active,
            })
            .collect(),
        parents: parent_choices(&rows, None),
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
        CategoryForm::default(),
        FormErrors::default(),
    )
    .await;
    respond(&state, &staff.visitor, result).await
}

pub async fn create(
    State(state): State<AppState>,
    staff: Staff,
    client: ClientInfo,
    Form(form): Form<CategoryForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let errors = match form.input() {
        Ok(input) => {
            let saved = catalog::save_category(&state, staff.actor(&client), None, input).await;
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
#[template(path = "admin/category.html")]
struct EditPage {
    layout: AdminLayout,
    /// The name as saved, whatever was typed.
    heading: String,
    notice: Option<(bool, &'static str)>,
    action: String,
    delete_path: String,
    form: CategoryForm,
    errors: FormErrors,
    parents: Vec<Choice>,
}

/// The category's page: the form as typed when it came back with errors, else as saved.
async fn edit_page(
    state: &AppState,
    staff: &Staff,
    id: Uuid,
    notice_key: &str,
    typed: Option<CategoryForm>,
    errors: FormErrors,
) -> Result<Response, ApiError> {
    let rows = cho_catalog::all_categories(&state.db).await?;
    let row = rows
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| ApiError::not_found("category"))?;
    let page = EditPage {
        layout: AdminLayout::new(state, staff, &row.name),
        heading: row.name.clone(),
        notice: notice(notice_key),
        action: category_path(id),
        delete_path: format!("{}/xoa", category_path(id)),
        parents: parent_choices(&rows, Some(id)),
        form: typed.unwrap_or_else(|| CategoryForm::of(row)),
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
    Form(form): Form<CategoryForm>,
) -> Response {
    if !staff.visitor.form_is_genuine(&form._csrf) {
        return stale_form_page(&state).await;
    }
    let errors = match form.input() {
        Ok(input) => {
            let saved = catalog::save_category(&state, staff.actor(&client), Some(id), input).await;
            match answer(
                &state,
                saved,
                |_| format!("{}?thong-bao=da-luu", category_path(id)),
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
    let deleted = catalog::delete_category(&state, staff.actor(&client), id).await;
    let done = |_| format!("{PATH}?thong-bao=da-xoa");
    let errors = match answer(&state, deleted, done, "slug").await {
        Ok(answer) => return answer,
        Err(errors) => errors,
    };
    let result = edit_page(&state, &staff, id, "", None, errors).await;
    respond(&state, &staff.visitor, result).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(name: &str, parent: Option<Uuid>) -> CategoryRow {
        CategoryRow {
            id: Uuid::now_v7(),
            parent_id: parent,
            name: name.into(),
            slug: name.to_lowercase(),
            description: None,
            image_url: None,
            sort_order: 0,
            is_active: true,
        }
    }

    #[test]
    fn children_follow_their_parent() {
        let phones = row("Phones", None);
        let laptops = row("Laptops", None);
        let android = row("Android", Some(phones.id));
        let rows = vec![phones.clone(), laptops.clone(), android.clone()];
        let order: Vec<(usize, &str)> = in_tree_order(&rows)
            .into_iter()
            .map(|(depth, r)| (depth, r.name.as_str()))
            .collect();
        assert_eq!(order, vec![(0, "Phones"), (1, "Android"), (0, "Laptops")]);
        let choices = parent_choices(&rows, Some(phones.id));
        let labels: Vec<&str> = choices.iter().map(|c| c.label.as_str()).collect();
        assert_eq!(labels, vec!["(Danh mục gốc)", "Laptops"]);
    }
}

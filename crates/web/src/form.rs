//! Forms: what was typed comes back with an error next to each field
//! it concerns, in Vietnamese, and the few conversions between form text and values.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use cho_platform::{ApiError, ApiResult, AppState};
use serde_json::{Map, Value};

use crate::pages::failure_page;

/// What is wrong with a submitted form: a line for the whole form, or one per field.
#[derive(Default)]
pub struct FormErrors {
    pub form: Option<String>,
    fields: Vec<(&'static str, String)>,
}

impl FormErrors {
    /// The error of the field with this `name`, for the template.
    pub fn of(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(field, _)| *field == name)
            .map(|(_, message)| message.as_str())
    }

    pub fn add(&mut self, field: &'static str, message: impl Into<String>) {
        self.fields.push((field, message.into()));
    }

    pub fn is_empty(&self) -> bool {
        self.form.is_none() && self.fields.is_empty()
    }

    /// 200 for a form shown afresh, 400 for one that came back with errors.
    pub fn status(&self) -> StatusCode {
        match self.is_empty() {
            true => StatusCode::OK,
            false => StatusCode::BAD_REQUEST,
        }
    }

    /// The catalog's refusal of a form that looked right here: a taken slug or SKU
    /// belongs to `taken_field`, a rule we do not check on the page to the whole form.
    /// `None` for a failure that is not the form's fault (the error page says it).
    fn from_catalog(err: &ApiError, taken_field: &'static str) -> Option<Self> {
        let mut errors = FormErrors::default();
        match err.code() {
            "already_taken" => errors.add(
                taken_field,
                "Giá trị này đã được dùng, vui lòng chọn giá trị khác.",
            ),
            "invalid_input" => {
                errors.form = Some(format!("Thông tin chưa hợp lệ: {}", err.message()))
            }
            "category_in_use" => {
                errors.form = Some(
                    "Danh mục còn danh mục con hoặc sản phẩm: hãy chuyển hoặc xoá chúng trước."
                        .into(),
                )
            }
            "brand_in_use" => {
                errors.form = Some(
                    "Thương hiệu còn sản phẩm: hãy chuyển sản phẩm sang thương hiệu khác trước."
                        .into(),
                )
            }
            _ => return None,
        }
        Some(errors)
    }
}

/// How a form page answers a catalog change: when it was made, the browser goes to
/// `done(value)`; when the catalog refused what the form said, `Err` holds the errors to
/// show with the form; any other failure is answered with its error page.
pub async fn answer<T>(
    state: &AppState,
    result: ApiResult<T>,
    done: impl FnOnce(T) -> String,
    taken_field: &'static str,
) -> Result<Response, FormErrors> {
    match result {
        Ok(value) => Ok(Redirect::to(&done(value)).into_response()),
        Err(err) => match FormErrors::from_catalog(&err, taken_field) {
            Some(errors) => Err(errors),
            None => Ok(failure_page(state, err).await),
        },
    }
}

/// One choice of a `<select>`.
pub struct Choice {
    pub value: String,
    pub label: String,
}

impl Choice {
    pub fn new(value: impl Into<String>, label: impl Into<String>) -> Self {
        Choice {
            value: value.into(),
            label: label.into(),
        }
    }
}

/// A whole number of đồng or units as typed (`1.290.000`); `None` when it is not one.
pub fn whole(text: &str) -> Option<i64> {
    let digits: String = text
        .trim()
        .chars()
        .filter(|c| !matches!(c, '.' | ' '))
        .collect();
    digits.parse().ok()
}

/// The trimmed text, or `None` when the field was left empty.
pub fn filled(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// Checks a required name of at most `max` characters.
pub fn check_name(errors: &mut FormErrors, field: &'static str, text: &str, max: usize) {
    let count = text.trim().chars().count();
    if count == 0 || count > max {
        errors.add(field, format!("Vui lòng nhập tên (tối đa {max} ký tự)."));
    }
}

/// A product's specifications as staff type them: a `[Group]` line opens a group,
/// `Name: value` lines fill it.
pub fn specs_text(specs: &Value) -> String {
    let mut text = String::new();
    for (group, rows) in specs.as_object().into_iter().flatten() {
        text.push_str(&format!("[{group}]\n"));
        for (name, value) in rows.as_object().into_iter().flatten() {
            let value = match value {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            text.push_str(&format!("{name}: {value}\n"));
        }
    }
    text
}

/// Reads [`specs_text`] back; the error names the first line that is neither.
pub fn parse_specs(text: &str) -> Result<Value, String> {
    let mut groups = Map::new();
    let mut current: Option<String> = None;
    for (number, line) in text.lines().enumerate().map(|(i, l)| (i + 1, l.trim())) {
        if line.is_empty() {
            continue;
        }
        if let Some(group) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let group = group.trim().to_owned();
            groups
                .entry(group.clone())
                .or_insert(Value::Object(Map::new()));
            current = Some(group);
            continue;
        }
        let (Some(group), Some((name, value))) = (&current, line.split_once(':')) else {
            return Err(format!(
                "Dòng {number}: hãy mở nhóm bằng [Tên nhóm] rồi viết Tên: giá trị."
            ));
        };
        if let Some(Value::Object(rows)) = groups.get_mut(group) {
            rows.insert(
                name.trim().to_owned(),
                Value::String(value.trim().to_owned()),
            );
        }
    }
    Ok(Value::Object(groups))
}

/// An image the pages may show: our own path or an https address (never `javascript:`).
pub fn is_image_address(url: &str) -> bool {
    (url.starts_with('/') && !url.starts_with("//")) || url.starts_with("https://")
}

/// Image addresses, one per line.
pub fn lines(text: &str) -> Vec<String> {
    text.lines().filter_map(filled).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn specs_survive_the_text_form() {
        let specs = json!({"Màn hình": {"Kích thước": "6.9 inch", "Tần số": 120}, "Pin": {}});
        let text = specs_text(&specs);
        assert_eq!(
            text,
            "[Màn hình]\nKích thước: 6.9 inch\nTần số: 120\n[Pin]\n"
        );
        let back = parse_specs(&text).unwrap();
        assert_eq!(back["Màn hình"]["Tần số"], "120");
        assert_eq!(back["Pin"], json!({}));
        // A time with a colon keeps everything after the first one.
        assert_eq!(
            parse_specs("[Pin]\nSạc: 0:30 giờ").unwrap()["Pin"]["Sạc"],
            "0:30 giờ"
        );
    }

    #[test]
    fn a_row_outside_a_group_names_its_line() {
        assert_eq!(
            parse_specs("\nKích thước: 6.9 inch").unwrap_err(),
            "Dòng 2: hãy mở nhóm bằng [Tên nhóm] rồi viết Tên: giá trị."
        );
        assert!(parse_specs("[Pin]\nkhông có dấu hai chấm").is_err());
    }

    #[test]
    fn amounts_are_typed_with_dots() {
        assert_eq!(whole(" 1.290.000 "), Some(1_290_000));
        assert_eq!(whole("12,5"), None);
        assert_eq!(filled("  "), None);
        assert_eq!(lines("a\n\n b \n"), vec!["a", "b"]);
        assert!(is_image_address("/anh/a.svg") && is_image_address("https://cdn.vn/a.jpg"));
        assert!(
            !is_image_address("//evil.example/a.jpg") && !is_image_address("javascript:alert(1)")
        );
    }
}

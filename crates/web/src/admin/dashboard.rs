//! The back office's first page: today's orders, revenue and payment failure rate, and
//! the last two weeks of each as bar charts drawn by the server (SVG, no script), each
//! with its figures in a table for screen readers.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use cho_platform::{ApiError, AppState, Vnd};
use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

use super::{AdminLayout, Staff};
use crate::layout::html;
use crate::pages::failure_page;

/// How many days the charts show, today included.
const DAYS: usize = 14;

pub struct Chart {
    pub title: &'static str,
    pub svg: String,
    /// Each day's label and figure, as the table under the chart shows them.
    pub rows: Vec<(String, String)>,
}

#[derive(Template)]
#[template(path = "admin/dashboard.html")]
struct DashboardPage {
    layout: AdminLayout,
    orders_today: i64,
    revenue_today: String,
    failure_rate_today: String,
    charts: Vec<Chart>,
}

fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

fn day_of(at: DateTime<Utc>) -> NaiveDate {
    at.with_timezone(&vietnam()).date_naive()
}

/// The figures of each of the last [`DAYS`] days, oldest first.
struct Days {
    first: NaiveDate,
    orders: [i64; DAYS],
    revenue: [i64; DAYS],
    /// Online payments decided that day: (failed, decided).
    payments: [(i64, i64); DAYS],
}

impl Days {
    fn new(today: NaiveDate) -> Self {
        Days {
            first: today - Duration::days(DAYS as i64 - 1),
            orders: [0; DAYS],
            revenue: [0; DAYS],
            payments: [(0, 0); DAYS],
        }
    }

    fn index(&self, at: DateTime<Utc>) -> Option<usize> {
        usize::try_from((day_of(at) - self.first).num_days())
            .ok()
            .filter(|i| *i < DAYS)
    }

    fn label(&self, i: usize) -> String {
        (self.first + Duration::days(i as i64))
            .format("%d/%m")
            .to_string()
    }

    fn failure_percent(&self, i: usize) -> Option<i64> {
        let (failed, decided) = self.payments[i];
        (decided > 0).then(|| failed * 100 / decided)
    }
}

/// A bar chart of `values`, labelled by day, with `caption` naming it for screen readers;
/// the bars are scaled to `top`, or to the largest value without one.
fn bar_chart(caption: &str, labels: &[String], values: &[i64], top: Option<i64>) -> String {
    const WIDTH: i64 = 560;
    const HEIGHT: i64 = 160;
    const BASE: i64 = 140;
    let max = top
        .unwrap_or_else(|| values.iter().copied().max().unwrap_or(0))
        .max(1);
    let slot = WIDTH / values.len().max(1) as i64;
    let mut svg = format!(
        r#"<svg viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" role="img" aria-label="{caption}" class="chart">"#
    );
    svg.push_str(&format!(
        r#"<line x1="0" y1="{BASE}" x2="{WIDTH}" y2="{BASE}" stroke="currentColor" stroke-width="1"/>"#
    ));
    for (i, (label, value)) in labels.iter().zip(values).enumerate() {
        let height = value * (BASE - 10) / max;
        let x = i as i64 * slot + slot / 6;
        svg.push_str(&format!(
            r##"<rect x="{x}" y="{}" width="{}" height="{height}" fill="#0b57d0"/>"##,
            BASE - height,
            slot * 2 / 3,
        ));
        if i % 2 == 1 || i + 1 == labels.len() {
            svg.push_str(&format!(
                r#"<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="currentColor">{label}</text>"#,
                x + slot / 3,
                HEIGHT - 4,
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

pub async fn page(State(state): State<AppState>, staff: Staff) -> Response {
    let result = dashboard(&state, &staff).await;
    staff.visitor.finish(match result {
        Ok(page) => page,
        Err(err) => failure_page(&state, err).await,
    })
}

async fn dashboard(state: &AppState, staff: &Staff) -> Result<Response, ApiError> {
    let now = Utc::now();
    let mut days = Days::new(day_of(now));
    let from = now - Duration::days(DAYS as i64);
    for (placed, paid, total) in cho_sales::orders::placed_since(&state.db, from).await? {
        if let Some(i) = days.index(placed) {
            days.orders[i] += 1;
        }
        if let Some(i) = paid.and_then(|at| days.index(at)) {
            days.revenue[i] = days.revenue[i].saturating_add(total);
        }
    }
    for (at, outcome) in cho_payments::attempts::online_outcomes_since(&state.db, from).await? {
        if let (Some(i), Some(succeeded)) = (days.index(at), outcome) {
            days.payments[i].1 += 1;
            days.payments[i].0 += i64::from(!succeeded);
        }
    }
    let labels: Vec<String> = (0..DAYS).map(|i| days.label(i)).collect();
    let failure: Vec<i64> = (0..DAYS)
        .map(|i| days.failure_percent(i).unwrap_or(0))
        .collect();
    let percent = |i: usize| {
        days.failure_percent(i)
            .map_or("–".to_owned(), |p| format!("{p}%"))
    };
    let chart = |title: &'static str,
                 values: &[i64],
                 top: Option<i64>,
                 shown: &dyn Fn(usize) -> String| Chart {
        title,
        svg: bar_chart(title, &labels, values, top),
        rows: (0..DAYS).map(|i| (labels[i].clone(), shown(i))).collect(),
    };
    let today = DAYS - 1;
    let page = DashboardPage {
        layout: AdminLayout::new(state, staff, "Tổng quan"),
        orders_today: days.orders[today],
        revenue_today: Vnd(days.revenue[today]).to_string(),
        failure_rate_today: percent(today),
        charts: vec![
            chart("Đơn hàng mỗi ngày", &days.orders, None, &|i| {
                days.orders[i].to_string()
            }),
            chart(
                "Doanh thu đã thu mỗi ngày",
                &days.revenue,
                None,
                &|i| Vnd(days.revenue[i]).to_string(),
            ),
            chart(
                "Tỷ lệ thanh toán trực tuyến thất bại",
                &failure,
                Some(100),
                &percent,
            ),
        ],
    };
    Ok(html(StatusCode::OK, &page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_is_a_day_in_vietnam() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let days = Days::new(today);
        let late = DateTime::parse_from_rfc3339("2026-12-03T18:30:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(
            days.index(late),
            Some(DAYS - 1),
            "01:30 on the 4th in Hà Nội"
        );
        let old = DateTime::parse_from_rfc3339("2026-11-01T00:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(days.index(old), None);
        assert_eq!(days.label(DAYS - 1), "04/12");
    }

    #[test]
    fn bars_scale_to_the_largest_value() {
        let labels: Vec<String> = (0..3).map(|i| i.to_string()).collect();
        let svg = bar_chart("Đơn", &labels, &[0, 5, 10], None);
        assert!(
            svg.contains("height=\"130\""),
            "the largest bar is full height"
        );
        assert!(svg.contains("height=\"65\""));
        let percent = bar_chart("Tỷ lệ", &labels, &[0, 25, 50], Some(100));
        assert!(percent.contains("height=\"65\""), "50% is half height");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    }
}

//! What search engines read besides the pages: `robots.txt` and `sitemap.xml`.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use cho_catalog::ProductFilter;
use cho_platform::{ApiError, AppState};

use crate::catalog::product_href;
use crate::layout::absolute;
use crate::policies::POLICIES;

pub async fn robots(State(state): State<AppState>) -> Response {
    let body = format!(
        "User-agent: *\nDisallow: /admin\nDisallow: /tai-khoan\nDisallow: /gio-hang\nDisallow: /thanh-toan\nDisallow: /v1/\nDisallow: /sandbox/\nSitemap: {}\n",
        absolute(&state, "/sitemap.xml")
    );
    ([(header::CONTENT_TYPE, "text/plain; charset=utf-8")], body).into_response()
}

pub async fn sitemap(State(state): State<AppState>) -> Response {
    match sitemap_paths(&state).await {
        Ok(paths) => {
            let mut xml = String::from(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
            );
            for path in paths {
                xml.push_str("<url><loc>");
                xml.push_str(&escape_xml(&absolute(&state, &path)));
                xml.push_str("</loc></url>\n");
            }
            xml.push_str("</urlset>\n");
            (
                [(header::CONTENT_TYPE, "application/xml; charset=utf-8")],
                xml,
            )
                .into_response()
        }
        Err(err) => err.status().into_response(),
    }
}

/// Every page worth indexing: home, categories, products, policies.
async fn sitemap_paths(state: &AppState) -> Result<Vec<String>, ApiError> {
    let mut paths = vec!["/".to_owned()];
    let categories = cho_catalog::all_categories(&state.db).await?;
    paths.extend(
        categories
            .iter()
            .filter(|c| c.is_active)
            .map(|c| format!("/{}", c.slug)),
    );
    let mut cursor = None;
    loop {
        let page = cho_catalog::page(
            &state.db,
            &ProductFilter {
                limit: Some(100),
                cursor,
                ..Default::default()
            },
            false,
        )
        .await?;
        paths.extend(page.items.iter().map(product_href));
        match page.next_cursor {
            Some(next) => cursor = Some(next),
            None => break,
        }
    }
    paths.extend(POLICIES.iter().map(|p| format!("/{}", p.slug)));
    Ok(paths)
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

//! Product pictures for the demo catalog, drawn by the server: `/static/demo/{slug}-{n}.svg`
//! is a card in the product's own colours with its name, so a demo shop shows a real,
//! distinct image for every product without shipping a folder of photos.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use cho_platform::extract::Path;
use cho_platform::{ApiError, ApiResult, AppState};

/// A week: a picture never changes for a given product name (the ETag says so).
const CACHE_CONTROL: &str = "public, max-age=604800";

pub fn router() -> Router<AppState> {
    Router::new().route("/static/demo/{file}", get(demo_image))
}

async fn demo_image(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(file): Path<String>,
) -> ApiResult<Response> {
    // `.jpg` too: shops seeded before the pictures were drawn still link to those names.
    let (slug, n) = file
        .strip_suffix(".svg")
        .or_else(|| file.strip_suffix(".jpg"))
        .and_then(|stem| stem.rsplit_once('-'))
        .and_then(|(slug, n)| Some((slug, n.parse::<u8>().ok()?)))
        .ok_or_else(|| ApiError::not_found("image"))?;
    let name: Option<String> = state
        .db
        .query("SELECT name FROM products WHERE slug = $1")
        .bind(slug)
        .scalar_optional()
        .await?;
    let name = name.ok_or_else(|| ApiError::not_found("image"))?;
    let etag = format!("\"{:016x}\"", fnv(&format!("{name}/{n}")));
    let cache = [
        (
            header::CACHE_CONTROL,
            HeaderValue::from_static(CACHE_CONTROL),
        ),
        (
            header::ETAG,
            HeaderValue::from_str(&etag).expect("hex is a header value"),
        ),
    ];
    if headers
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag.as_bytes() == etag.as_bytes())
    {
        return Ok((StatusCode::NOT_MODIFIED, cache).into_response());
    }
    let content_type = [(
        header::CONTENT_TYPE,
        HeaderValue::from_static("image/svg+xml"),
    )];
    Ok((content_type, cache, card(&name, n)).into_response())
}

/// An 800 × 800 card: a gradient in a hue drawn from the name, a device-like silhouette
/// whose shape changes with `n` (front, side, detail), and the name in up to three lines.
pub fn card(name: &str, n: u8) -> String {
    let hue = fnv(name) % 360;
    let accent = (hue + 40) % 360;
    let shape = match n % 3 {
        1 => {
            r##"<rect x="260" y="140" width="280" height="420" rx="36" fill="#fff" fill-opacity=".85"/>"##
        }
        2 => {
            r##"<rect x="170" y="200" width="460" height="300" rx="24" fill="#fff" fill-opacity=".85"/>"##
        }
        _ => r##"<circle cx="400" cy="350" r="190" fill="#fff" fill-opacity=".85"/>"##,
    };
    let lines: String = wrap(name, 22)
        .iter()
        .take(3)
        .enumerate()
        .map(|(i, line)| {
            format!(
                r#"<text x="400" y="{}" text-anchor="middle">{}</text>"#,
                640 + i * 48,
                escape(line)
            )
        })
        .collect();
    format!(
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="800" height="800" viewBox="0 0 800 800" role="img" aria-label="{label}">
<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="hsl({hue},70%,55%)"/><stop offset="1" stop-color="hsl({accent},70%,35%)"/></linearGradient></defs>
<rect width="800" height="800" fill="url(#g)"/>{shape}
<g font-family="system-ui,sans-serif" font-size="40" font-weight="600" fill="#fff">{lines}</g>
</svg>"##,
        label = escape(name),
    )
}

/// Words of `text` in lines of at most `width` characters (a longer word gets its own line).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        match lines.last_mut() {
            Some(line) if line.chars().count() + 1 + word.chars().count() <= width => {
                line.push(' ');
                line.push_str(word);
            }
            _ => lines.push(word.to_owned()),
        }
    }
    lines
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_differ_by_product_and_escape_the_name() {
        let a = card("Tai nghe <Pro> & \"Max\"", 1);
        assert!(a.starts_with("<svg") && a.ends_with("</svg>"));
        assert!(a.contains("&lt;Pro&gt; &amp; &quot;Max&quot;"));
        assert_ne!(card("iPhone 15", 1), card("iPhone 16", 1));
        assert_ne!(card("iPhone 15", 1), card("iPhone 15", 2));
    }

    #[test]
    fn names_wrap_at_word_boundaries() {
        assert_eq!(
            wrap("Máy lọc không khí Xiaomi Smart Air Purifier 4", 22),
            ["Máy lọc không khí", "Xiaomi Smart Air", "Purifier 4"]
        );
    }
}

//! Static files embedded in the binary, served under a name carrying a digest of their
//! content (`/assets/shop.3f2a9c1b.css`), so a browser may keep them for a year: a new
//! build that changes a file changes its name, and pages link the new one.

use std::sync::LazyLock;

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

struct Asset {
    /// The name pages use to ask for it (`shop.css`).
    name: &'static str,
    content_type: &'static str,
    bytes: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "shop.css",
        content_type: "text/css; charset=utf-8",
        bytes: include_bytes!("../assets/shop.css"),
    },
    Asset {
        name: "checkout.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/checkout.js"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        bytes: include_bytes!("../assets/favicon.svg"),
    },
    Asset {
        name: "order.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/order.js"),
    },
    Asset {
        name: "search.js",
        content_type: "text/javascript; charset=utf-8",
        bytes: include_bytes!("../assets/search.js"),
    },
];

/// Each asset with its served name.
static SERVED: LazyLock<Vec<(String, &'static Asset)>> = LazyLock::new(|| {
    ASSETS
        .iter()
        .map(|asset| (served_name(asset), asset))
        .collect()
});

fn served_name(asset: &Asset) -> String {
    let digest = hex::encode(&Sha256::digest(asset.bytes)[..4]);
    match asset.name.rsplit_once('.') {
        Some((stem, extension)) => format!("{stem}.{digest}.{extension}"),
        None => format!("{}.{digest}", asset.name),
    }
}

/// The URL of the asset named `name`.
pub fn url(name: &str) -> String {
    let served = SERVED
        .iter()
        .find(|(_, asset)| asset.name == name)
        .map_or(name, |(served, _)| served.as_str());
    format!("/assets/{served}")
}

pub async fn serve(Path(file): Path<String>) -> Response {
    let Some((_, asset)) = SERVED.iter().find(|(served, _)| *served == file) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    (
        [
            (header::CONTENT_TYPE, asset.content_type),
            (header::CACHE_CONTROL, "public, max-age=31536000, immutable"),
        ],
        asset.bytes,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_served_name_carries_the_content_digest() {
        let url = super::url("shop.css");
        assert!(
            url.starts_with("/assets/shop.") && url.ends_with(".css"),
            "{url}"
        );
        assert_eq!(url.len(), "/assets/shop.12345678.css".len());
    }
}

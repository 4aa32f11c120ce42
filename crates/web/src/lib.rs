//! The storefront: server-rendered Vietnamese pages for shoppers, over the same Rust
//! APIs the JSON routes call, so every rule is enforced in one place. Templates are
//! askama's, compiled into the binary and checked by the compiler (ADR 0002).

mod assets;
mod catalog;
mod layout;
mod pages;
mod policies;
mod seo;
mod settings;

pub use settings::StorefrontSettings;

use axum::routing::get;
use axum::Router;
use cho_platform::{AppState, Module};

/// The storefront module: its pages and settings; it has no tables of its own.
pub fn module() -> Module {
    Module {
        state: |config, modules| {
            modules.insert(config.section::<StorefrontSettings>()?);
            Ok(())
        },
        pages: Box::new(|_| router()),
        ..Module::new("web")
    }
}

fn router() -> Router<AppState> {
    let policies = policies::POLICIES
        .iter()
        .fold(Router::new(), |router, policy| {
            router.route(
                &format!("/{}", policy.slug),
                get(move |state| policies::page(state, policy)),
            )
        });
    Router::new()
        .route("/", get(catalog::home))
        .route("/assets/{file}", get(assets::serve))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .merge(policies)
        .route("/{category}", get(catalog::category))
        .route("/{category}/{product}", get(catalog::product))
}

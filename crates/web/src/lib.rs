//! The storefront: server-rendered Vietnamese pages for shoppers, over the same Rust
//! APIs the JSON routes call, so every rule is enforced in one place. Templates are
//! askama's, compiled into the binary and checked by the compiler (ADR 0002).

mod account;
mod address_form;
mod admin;
mod assets;
mod cart;
mod catalog;
mod checkout;
mod form;
mod labels;
mod layout;
mod orders;
mod pages;
mod payment;
mod policies;
mod profile;
mod search;
mod seo;
mod session;
mod settings;

pub use pages::error_page;
pub use settings::StorefrontSettings;

use axum::routing::{get, post};
use axum::{Extension, Router};
use cho_platform::{AppState, Module};
use cho_sales::payment::SharedStarter;

/// The storefront module: its pages and settings; it has no tables of its own. Checkout
/// starts payments through the same [`SharedStarter`] the JSON API's checkout uses.
pub fn module(payments: fn(&AppState) -> SharedStarter) -> Module {
    Module {
        state: |config, modules| {
            modules.insert(config.section::<StorefrontSettings>()?);
            Ok(())
        },
        pages: Box::new(move |state| router().layer(Extension(payments(state)))),
        ..Module::new("web")
    }
}

fn router() -> Router<AppState> {
    let policies = policies::POLICIES
        .iter()
        .fold(Router::new(), |router, policy| {
            router.route(
                &format!("/{}", policy.slug),
                get(move |state, visitor| policies::page(state, visitor, policy)),
            )
        });
    Router::new()
        .route("/", get(catalog::home))
        .route("/assets/{file}", get(assets::serve))
        .route("/robots.txt", get(seo::robots))
        .route("/sitemap.xml", get(seo::sitemap))
        .route(
            "/dang-nhap",
            get(account::sign_in_page).post(account::sign_in),
        )
        .route(
            "/dang-ky",
            get(account::register_page).post(account::register),
        )
        .route("/dang-xuat", post(account::sign_out))
        .route(search::SEARCH_PATH, get(search::page))
        .route("/gio-hang", get(cart::page).post(cart::add))
        .route("/gio-hang/{item}", post(cart::update))
        .route("/gio-hang/{item}/xoa", post(cart::remove))
        .route("/thanh-toan", get(checkout::page).post(checkout::place))
        .route(orders::ORDERS_PATH, get(orders::list))
        .route("/tai-khoan/don-hang/{code}", get(orders::detail))
        .route("/tai-khoan/don-hang/{code}/huy", post(orders::cancel))
        .route(
            "/tai-khoan/don-hang/{code}/thanh-toan",
            post(payment::pay_again),
        )
        .route(
            "/tai-khoan/don-hang/{code}/trang-thai",
            get(payment::status),
        )
        .route("/thanh-toan/ket-qua", get(payment::returned))
        .route(
            profile::PROFILE_PATH,
            get(profile::profile).post(profile::save_details),
        )
        .route("/tai-khoan/mat-khau", post(profile::change_password))
        .route(
            profile::ADDRESSES_PATH,
            get(profile::addresses).post(profile::add),
        )
        .route("/tai-khoan/dia-chi/{id}/xoa", post(profile::remove))
        .route(
            "/tai-khoan/dia-chi/{id}/mac-dinh",
            post(profile::make_default),
        )
        .merge(admin::router())
        .merge(policies)
        .route("/{category}", get(catalog::category))
        .route("/{category}/{product}", get(catalog::product))
}

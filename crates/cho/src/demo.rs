//! Demo mode: the demo catalog and a demo admin, so a fresh shop is usable at once.

use cho_identity::{create_user, NewUser, Role};
use cho_platform::secrets::random_token;
use cho_platform::AppState;

pub const DEMO_ADMIN_EMAIL: &str = "admin@cho.local";

pub async fn seed(state: &AppState) -> anyhow::Result<()> {
    let report = cho_catalog::demo::seed(&state.db)
        .await
        .map_err(|e| anyhow::anyhow!("demo catalog: {e}"))?;
    if report.products > 0 {
        tracing::info!(
            categories = report.categories,
            brands = report.brands,
            products = report.products,
            variants = report.variants,
            "demo catalog seeded"
        );
    }
    let password = random_token(12);
    let admin = NewUser {
        email: Some(DEMO_ADMIN_EMAIL.into()),
        phone: None,
        password: password.clone(),
        full_name: "Quản trị viên Demo".into(),
        role: Role::Admin,
    };
    match create_user(&state.db, admin).await {
        // Printed once, to the terminal rather than the log stream.
        Ok(_) => {
            println!("Demo admin created: {DEMO_ADMIN_EMAIL} / {password} (shown only this once)")
        }
        Err(e) if e.code() == "account_exists" => {}
        Err(e) => return Err(anyhow::anyhow!("demo admin: {e}")),
    }
    Ok(())
}

//! The `[storefront]` settings section (`CHO_STOREFRONT_*`): who the shop is. Decree
//! 52/2013 asks an online shop to show its owner's business details; the policy pages
//! and the footer read them from here.

use cho_platform::config::Section;
use cho_platform::AppState;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct StorefrontSettings {
    /// The shop's name in titles and the header (`CHO_STOREFRONT_SHOP_NAME`).
    pub shop_name: String,
    /// One line under the name, for the home page's description.
    pub tagline: String,
    /// The registered business (`CHO_STOREFRONT_LEGAL_NAME`).
    pub legal_name: String,
    /// Business registration number (mã số doanh nghiệp).
    pub business_code: String,
    /// Who issued it, and when.
    pub business_code_issued_by: String,
    pub address: String,
    pub phone: String,
    pub email: String,
}

impl Default for StorefrontSettings {
    fn default() -> Self {
        Self {
            shop_name: "Chợ".into(),
            tagline: "Điện thoại, máy tính và phụ kiện chính hãng, giao tận nơi trên toàn quốc"
                .into(),
            legal_name: "Công ty TNHH Chợ Demo".into(),
            business_code: "0312345678".into(),
            business_code_issued_by: "Sở Tài chính TP. Hồ Chí Minh, cấp ngày 01/07/2025".into(),
            address: "12 Lê Lợi, Phường Sài Gòn, TP. Hồ Chí Minh".into(),
            phone: "1900 1234".into(),
            email: "hotro@cho.example.vn".into(),
        }
    }
}

impl Section for StorefrontSettings {
    const NAME: &'static str = "storefront";
    const RAW: &'static [&'static str] = &["business_code", "phone"];
}

impl StorefrontSettings {
    /// The settings the binary registered for this process.
    pub fn of(state: &AppState) -> &Self {
        state.module::<Self>()
    }
}

//! The `[sales]` settings section (`CHO_SALES_*`; the flat names from before, such as
//! `CHO_ORDER_PAYMENT_TIMEOUT_SECS`, still work).

use cho_platform::config::Section;
use cho_platform::AppState;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct SalesSettings {
    /// Seconds an unpaid online order keeps its stock before it expires (`CHO_ORDER_PAYMENT_TIMEOUT_SECS`).
    pub order_payment_timeout_secs: u64,
    /// Days after which an untouched cart is deleted (`CHO_CART_ABANDON_DAYS`).
    pub cart_abandon_days: i64,
}

impl Default for SalesSettings {
    fn default() -> Self {
        Self {
            order_payment_timeout_secs: 15 * 60,
            cart_abandon_days: 30,
        }
    }
}

impl Section for SalesSettings {
    const NAME: &'static str = "sales";
}

impl SalesSettings {
    /// The settings the binary registered for this process.
    pub fn of(state: &AppState) -> &Self {
        state.module::<Self>()
    }
}

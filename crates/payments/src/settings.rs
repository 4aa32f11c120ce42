//! The `[payments]` settings section. Every field is also read from its name before
//! sections existed (`CHO_VNPAY_TMN_CODE` as well as `CHO_PAYMENTS_VNPAY_TMN_CODE`).

use cho_platform::config::{Config, Secret, Section};
use cho_platform::AppState;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(default)]
pub struct PaymentSettings {
    /// Which of the gateways' environments stored credentials are for: `sandbox` or
    /// `production` (`CHO_PAYMENT_ENVIRONMENT`).
    pub payment_environment: String,
    /// VNPay merchant code (`CHO_VNPAY_TMN_CODE`).
    pub vnpay_tmn_code: Option<String>,
    /// VNPay hash secret (`CHO_VNPAY_HASH_SECRET`).
    pub vnpay_hash_secret: Option<Secret>,
    /// VNPay's payment page (`CHO_VNPAY_PAY_URL`); the built-in simulator in sandbox mode.
    pub vnpay_pay_url: Option<String>,
    /// VNPay's merchant API for querydr and refund (`CHO_VNPAY_API_URL`).
    pub vnpay_api_url: Option<String>,
    /// MoMo partner code (`CHO_MOMO_PARTNER_CODE`).
    pub momo_partner_code: Option<String>,
    /// MoMo access key (`CHO_MOMO_ACCESS_KEY`).
    pub momo_access_key: Option<Secret>,
    /// MoMo secret key (`CHO_MOMO_SECRET_KEY`).
    pub momo_secret_key: Option<Secret>,
    /// MoMo's API base URL (`CHO_MOMO_API_URL`).
    pub momo_api_url: Option<String>,
    /// ZaloPay app id (`CHO_ZALOPAY_APP_ID`).
    pub zalopay_app_id: Option<String>,
    /// ZaloPay key1, which signs our requests (`CHO_ZALOPAY_KEY1`).
    pub zalopay_key1: Option<Secret>,
    /// ZaloPay key2, which signs its callbacks (`CHO_ZALOPAY_KEY2`).
    pub zalopay_key2: Option<Secret>,
    /// ZaloPay's API base URL (`CHO_ZALOPAY_API_URL`).
    pub zalopay_api_url: Option<String>,
    /// Upper bound on one call to a gateway, in seconds (`CHO_GATEWAY_TIMEOUT_SECS`).
    pub gateway_timeout_secs: u64,
    /// Seconds a payment may stay pending before reconciliation asks the gateway (`CHO_RECONCILE_AFTER_SECS`).
    pub reconcile_after_secs: i64,
    /// Refund a payment that lands after its order was closed, instead of queueing it for review (`CHO_REFUND_LATE_PAYMENTS`).
    pub refund_late_payments: bool,
    /// The shop's bank for VietQR transfers, as its 6-digit BIN (`CHO_VIETQR_BANK_BIN`).
    pub vietqr_bank_bin: Option<String>,
    /// The shop's account number for VietQR transfers (`CHO_VIETQR_ACCOUNT_NO`).
    pub vietqr_account_no: Option<String>,
    /// The key SePay presents (`Authorization: Apikey …`) on its bank-statement
    /// webhook, which confirms VietQR transfers (`CHO_SEPAY_API_KEY`).
    pub sepay_api_key: Option<Secret>,
    /// Where a shopper's browser coming back from a gateway is sent, with `order` (its
    /// id) and `outcome` (`succeeded`, `failed`, `pending` or `invalid`) in the query;
    /// empty answers browsers with the JSON clients get (`CHO_PAYMENTS_SHOPPER_RETURN_PAGE`).
    pub shopper_return_page: String,
}

impl Default for PaymentSettings {
    fn default() -> Self {
        Self {
            payment_environment: "sandbox".into(),
            vnpay_tmn_code: None,
            vnpay_hash_secret: None,
            vnpay_pay_url: None,
            vnpay_api_url: None,
            momo_partner_code: None,
            momo_access_key: None,
            momo_secret_key: None,
            momo_api_url: None,
            zalopay_app_id: None,
            zalopay_key1: None,
            zalopay_key2: None,
            zalopay_api_url: None,
            gateway_timeout_secs: 30,
            reconcile_after_secs: 15 * 60,
            refund_late_payments: false,
            vietqr_bank_bin: None,
            vietqr_account_no: None,
            sepay_api_key: None,
            shopper_return_page: "/thanh-toan/ket-qua".into(),
        }
    }
}

impl Section for PaymentSettings {
    const NAME: &'static str = "payments";
    const RAW: &'static [&'static str] = &[
        "vnpay_tmn_code",
        "vnpay_hash_secret",
        "momo_partner_code",
        "momo_access_key",
        "momo_secret_key",
        "zalopay_app_id",
        "zalopay_key1",
        "zalopay_key2",
        "vietqr_bank_bin",
        "vietqr_account_no",
        "sepay_api_key",
    ];
}

impl PaymentSettings {
    /// Reads and checks the section.
    pub fn load(config: &Config) -> anyhow::Result<Self> {
        let settings: Self = config.section()?;
        anyhow::ensure!(
            matches!(
                settings.payment_environment.as_str(),
                "sandbox" | "production"
            ),
            "CHO_PAYMENT_ENVIRONMENT must be sandbox or production, not '{}'",
            settings.payment_environment
        );
        Ok(settings)
    }

    /// The settings the binary registered for this process.
    pub fn of(state: &AppState) -> &Self {
        state.module::<Self>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_are_redacted_when_the_settings_are_printed() {
        let settings = PaymentSettings {
            vnpay_hash_secret: Some(Secret::new("vnpay-hash-secret")),
            momo_access_key: Some(Secret::new("momo-access-key")),
            momo_secret_key: Some(Secret::new("momo-secret-key")),
            zalopay_key1: Some(Secret::new("zalopay-key-one")),
            zalopay_key2: Some(Secret::new("zalopay-key-two")),
            sepay_api_key: Some(Secret::new("sepay-api-key")),
            ..PaymentSettings::default()
        };
        let printed = format!("{settings:?} {settings:#?}");
        for secret in ["vnpay-hash", "momo-", "zalopay-key", "sepay-api"] {
            assert!(!printed.contains(secret), "{secret} printed");
        }
    }

    #[test]
    fn numeric_looking_secrets_and_ids_are_read_verbatim() {
        // No other test of this crate loads the configuration from the environment.
        std::env::set_var("CHO_ZALOPAY_APP_ID", "2553");
        std::env::set_var("CHO_PAYMENTS_VIETQR_ACCOUNT_NO", "0123456789");
        std::env::set_var("CHO_ZALOPAY_KEY1", "[not, an, array]");
        let settings = PaymentSettings::load(&Config::load(None).unwrap()).unwrap();
        std::env::remove_var("CHO_ZALOPAY_APP_ID");
        std::env::remove_var("CHO_PAYMENTS_VIETQR_ACCOUNT_NO");
        std::env::remove_var("CHO_ZALOPAY_KEY1");
        assert_eq!(settings.zalopay_app_id.as_deref(), Some("2553"));
        assert_eq!(settings.vietqr_account_no.as_deref(), Some("0123456789"));
        assert_eq!(
            settings.zalopay_key1.as_ref().map(Secret::expose),
            Some("[not, an, array]")
        );
        assert_eq!(settings.payment_environment, "sandbox");
    }

    #[test]
    fn an_unknown_environment_is_refused() {
        let mut config = Config::default();
        config.set("payments.payment_environment", "staging");
        assert!(PaymentSettings::load(&config).is_err());
    }
}

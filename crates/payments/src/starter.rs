//! Starting a payment at checkout: an attempt row, and the URL or QR payload
//! the shopper pays with — in the checkout's own transaction.

use cho_platform::db::Tx;
use cho_platform::{ApiError, ApiResult, AppState};
use cho_sales::payment::{OrderToPay, PaymentStarter, StartedPayment};
use cho_sales::status::PaymentMethod;

use crate::{attempts, vietqr, vnpay};

/// The demo shop's account when no bank account is configured (sandbox only).
const SANDBOX_BANK_BIN: &str = "970436";
const SANDBOX_ACCOUNT_NO: &str = "1023456789";

pub struct Payments {
    pub state: AppState,
}

#[async_trait::async_trait]
impl PaymentStarter for Payments {
    async fn start(&self, tx: &mut Tx, order: &OrderToPay) -> ApiResult<StartedPayment> {
        // The first attempt for an order; retries will number theirs.
        let provider_ref = format!("{}01", order.order_code);
        match order.method {
            PaymentMethod::Vnpay => {
                let vnpay = vnpay::Vnpay::resolve(&self.state).ok_or_else(|| {
                    ApiError::Unprocessable("VNPay is not configured for this shop".into())
                })?;
                attempts::insert(
                    tx,
                    order.order_id,
                    "VNPAY",
                    vnpay::PROVIDER,
                    order.amount,
                    &provider_ref,
                )
                .await?;
                let ip = order.client_ip.as_deref().unwrap_or("127.0.0.1");
                let url = vnpay.pay_url(
                    &provider_ref,
                    order.amount,
                    &vnpay::order_info(&order.order_code),
                    ip,
                    order.expires_at,
                );
                Ok(StartedPayment {
                    payment_url: Some(url),
                    qr_payload: None,
                })
            }
            PaymentMethod::Vietqr => {
                let config = &self.state.config;
                let (bin, account) = match (&config.vietqr_bank_bin, &config.vietqr_account_no) {
                    (Some(bin), Some(account)) => (bin.clone(), account.clone()),
                    _ if config.sandbox => (SANDBOX_BANK_BIN.into(), SANDBOX_ACCOUNT_NO.into()),
                    _ => {
                        return Err(ApiError::Unprocessable(
                            "VietQR transfers are not configured for this shop".into(),
                        ))
                    }
                };
                attempts::insert(
                    tx,
                    order.order_id,
                    "VIETQR",
                    "VIETQR",
                    order.amount,
                    &order.order_code,
                )
                .await?;
                let payload =
                    vietqr::payload(&bin, &account, Some(order.amount), &order.order_code);
                Ok(StartedPayment {
                    payment_url: None,
                    qr_payload: Some(payload),
                })
            }
            other => Err(ApiError::Unprocessable(format!(
                "{} payments are not available yet",
                other.as_str()
            ))),
        }
    }
}

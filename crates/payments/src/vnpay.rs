//! VNPay 2.1.0: the signed pay URL, the IPN and return parameters, and the
//! merchant API's `querydr` and `refund`.

use std::collections::BTreeMap;

use cho_platform::crypto::SecretMap;
use cho_platform::{new_id, AppState};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use serde_json::{json, Value};

use crate::attempts::Attempt;
use crate::gateway::{
    self, Checkout, Gateway, GatewayError, NewPayment, Notification, Outcome, RefundCall,
    RefundOutcome, Rejected,
};
use crate::settings::PaymentSettings;
use crate::signing::{signatures_match, vnpay_api_signature, vnpay_hash_data, vnpay_signature};

pub const PROVIDER: &str = "VNPAY";
const PUBLIC_SANDBOX_PAY_URL: &str = "https://sandbox.vnpayment.vn/paymentv2/vpcpay.html";
const PUBLIC_SANDBOX_API_URL: &str = "https://sandbox.vnpayment.vn/merchant_webapi/api/transaction";
const PRODUCTION_PAY_URL: &str = "https://pay.vnpay.vn/vpcpay.html";
const PRODUCTION_API_URL: &str = "https://merchant.vnpay.vn/merchant_webapi/api/transaction";
/// The merchant code the built-in simulator uses when no real one is configured.
pub const SANDBOX_TMN_CODE: &str = "CHODEMO1";
/// The address our server-to-server calls declare (`vnp_IpAddr`).
const SERVER_IP: &str = "127.0.0.1";

/// VNPay settings in force: the shop's credentials, or the simulator's in sandbox mode.
pub struct Vnpay {
    pub tmn_code: String,
    pub hash_secret: String,
    pub pay_url: String,
    pub api_url: String,
    pub return_url: String,
    timeout: std::time::Duration,
    http: reqwest::Client,
}

impl Vnpay {
    /// The built-in simulator's merchant (sandbox mode only), as the simulator
    /// and its callers sign with it.
    pub fn simulated(state: &AppState) -> Option<Self> {
        Self::new(state, None)
    }

    /// VNPay with `credentials` (`tmnCode`, `hashSecret`), or without them the
    /// built-in simulator's merchant when the sandbox is on.
    pub fn new(state: &AppState, credentials: Option<&SecretMap>) -> Option<Self> {
        let config = &state.config;
        let simulator = gateway::sandbox_url(state, "vnpay");
        let (tmn_code, hash_secret, pay_url, api_url) = match credentials {
            Some(fields) => (
                gateway::field(fields, "tmnCode"),
                gateway::field(fields, "hashSecret"),
                gateway::environment_url(state, PUBLIC_SANDBOX_PAY_URL, PRODUCTION_PAY_URL),
                gateway::environment_url(state, PUBLIC_SANDBOX_API_URL, PRODUCTION_API_URL),
            ),
            None if config.sandbox => (
                SANDBOX_TMN_CODE.to_owned(),
                hex::encode(&state.keys.sandbox),
                format!("{simulator}/pay"),
                format!("{simulator}/merchant_webapi/api/transaction"),
            ),
            None => return None,
        };
        Some(Vnpay {
            tmn_code,
            hash_secret,
            pay_url: PaymentSettings::of(state)
                .vnpay_pay_url
                .clone()
                .unwrap_or(pay_url),
            api_url: PaymentSettings::of(state)
                .vnpay_api_url
                .clone()
                .unwrap_or(api_url),
            return_url: gateway::our_url(state, "vnpay/return"),
            timeout: gateway::timeout(state),
            http: state.http.clone(),
        })
    }

    /// The signed URL that sends the shopper to VNPay's payment page.
    pub fn pay_url(&self, payment: &NewPayment<'_>) -> String {
        let amount = (payment.amount * 100).to_string();
        let create_date = vnpay_time(payment.created_at);
        let expire_date = payment.expires_at.map(vnpay_time);
        let order_info = order_info(payment.order_code);
        let mut params: Vec<(&str, &str)> = vec![
            ("vnp_Version", "2.1.0"),
            ("vnp_Command", "pay"),
            ("vnp_TmnCode", &self.tmn_code),
            ("vnp_Amount", &amount),
            ("vnp_CreateDate", &create_date),
            ("vnp_CurrCode", "VND"),
            ("vnp_IpAddr", payment.client_ip),
            ("vnp_Locale", "vn"),
            ("vnp_OrderInfo", &order_info),
            ("vnp_OrderType", "other"),
            ("vnp_ReturnUrl", &self.return_url),
            ("vnp_TxnRef", payment.provider_ref),
        ];
        if let Some(expire_date) = &expire_date {
            params.push(("vnp_ExpireDate", expire_date));
        }
        let signature = vnpay_signature(&self.hash_secret, params.iter().copied());
        format!(
            "{}?{}&vnp_SecureHash={signature}",
            self.pay_url,
            vnpay_hash_data(params.iter().copied())
        )
    }

    /// True when `params` carry a valid `vnp_SecureHash` for our secret.
    pub fn verify(&self, params: &BTreeMap<String, String>) -> bool {
        let Some(presented) = params.get("vnp_SecureHash") else {
            return false;
        };
        let expected = vnpay_signature(
            &self.hash_secret,
            params.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        );
        signatures_match(&expected, presented)
    }

    /// What VNPay reports for a finished transaction, in the IPN and to the
    /// return URL, before signing (the simulator's answer; tests and benchmarks forge it).
    pub fn result_params(
        &self,
        txn_ref: &str,
        amount: i64,
        order_info: &str,
        paid: bool,
        transaction_no: &str,
    ) -> BTreeMap<String, String> {
        [
            ("vnp_Amount", (amount * 100).to_string()),
            ("vnp_BankCode", "NCB".into()),
            ("vnp_BankTranNo", format!("VNP{transaction_no}")),
            ("vnp_CardType", "ATM".into()),
            ("vnp_OrderInfo", order_info.into()),
            ("vnp_PayDate", vnpay_time(Utc::now())),
            ("vnp_ResponseCode", if paid { "00" } else { "24" }.into()),
            ("vnp_TmnCode", self.tmn_code.clone()),
            ("vnp_TransactionNo", transaction_no.into()),
            (
                "vnp_TransactionStatus",
                if paid { "00" } else { "02" }.into(),
            ),
            ("vnp_TxnRef", txn_ref.into()),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect()
    }

    /// Signs result parameters as VNPay does (used by the simulator).
    pub fn signed_query(&self, params: &BTreeMap<String, String>) -> String {
        let pairs = || params.iter().map(|(k, v)| (k.as_str(), v.as_str()));
        format!(
            "{}&vnp_SecureHash={}",
            vnpay_hash_data(pairs()),
            vnpay_signature(&self.hash_secret, pairs())
        )
    }

    /// Posts to the merchant API and checks the answer's signature over `answer_fields`.
    async fn merchant_api(
        &self,
        operation: &'static str,
        request: Value,
        answer_fields: &[&str],
    ) -> Result<BTreeMap<String, String>, GatewayError> {
        let answer: BTreeMap<String, Value> = gateway::call(
            PROVIDER,
            operation,
            self.timeout,
            self.http.post(&self.api_url).json(&request),
        )
        .await?;
        let answer: BTreeMap<String, String> = answer
            .into_iter()
            .map(|(k, v)| {
                let text = match v {
                    Value::String(s) => s,
                    Value::Null => String::new(),
                    other => other.to_string(),
                };
                (k, text)
            })
            .collect();
        let field = |name: &str| {
            answer
                .get(&format!("vnp_{name}"))
                .map_or("", String::as_str)
        };
        let signed: Vec<&str> = answer_fields.iter().map(|name| field(name)).collect();
        let expected = vnpay_api_signature(&self.hash_secret, &signed);
        if !signatures_match(&expected, field("SecureHash")) {
            return Err(GatewayError::InvalidAnswer(format!(
                "the {operation} answer is not signed by VNPay (code {})",
                field("ResponseCode")
            )));
        }
        Ok(answer)
    }
}

/// The fields VNPay signs in a `querydr` answer, in order.
pub const QUERY_ANSWER_FIELDS: &[&str] = &[
    "ResponseId",
    "Command",
    "ResponseCode",
    "Message",
    "TmnCode",
    "TxnRef",
    "Amount",
    "BankCode",
    "PayDate",
    "TransactionNo",
    "TransactionType",
    "TransactionStatus",
    "OrderInfo",
    "PromotionCode",
    "PromotionAmount",
];

/// The fields VNPay signs in a `refund` answer: the query's without the promotion.
pub const REFUND_ANSWER_FIELDS: &[&str] = QUERY_ANSWER_FIELDS.split_at(13).0;

/// Reads an object of string values, as VNPay's parameters are.
pub fn params_of(value: &Value) -> Option<BTreeMap<String, String>> {
    value
        .as_object()?
        .iter()
        .map(|(k, v)| Some((k.clone(), v.as_str()?.to_owned())))
        .collect()
}

/// `vnp_Amount` (đồng × 100) as đồng; `None` unless it is a whole number of đồng.
fn amount_of(params: &BTreeMap<String, String>) -> Option<i64> {
    let hundredths: i64 = params.get("vnp_Amount")?.parse().ok()?;
    (hundredths % 100 == 0).then_some(hundredths / 100)
}

#[async_trait::async_trait]
impl Gateway for Vnpay {
    fn provider(&self) -> &'static str {
        PROVIDER
    }

    fn creates_locally(&self) -> bool {
        true
    }

    async fn create(&self, payment: &NewPayment<'_>) -> Result<Checkout, GatewayError> {
        Ok(Checkout {
            payment_url: Some(self.pay_url(payment)),
            qr_payload: None,
        })
    }

    fn verify_callback(&self, callback: &Value) -> Result<Notification, Rejected> {
        let params = params_of(callback)
            .ok_or_else(|| Rejected::Malformed("parameters must be text".into()))?;
        if !self.verify(&params) {
            return Err(Rejected::BadSignature);
        }
        let tmn_code = params.get("vnp_TmnCode").cloned().unwrap_or_default();
        if tmn_code != self.tmn_code {
            return Err(Rejected::OtherMerchant(tmn_code));
        }
        let provider_ref = params
            .get("vnp_TxnRef")
            .filter(|r| !r.is_empty())
            .ok_or_else(|| Rejected::Malformed("vnp_TxnRef is missing".into()))?;
        let code = |name: &str| params.get(name).map_or("", String::as_str);
        let outcome = match (code("vnp_ResponseCode"), code("vnp_TransactionStatus")) {
            ("00", "00") => Outcome::Succeeded,
            (response, _) => Outcome::Failed(response.to_owned()),
        };
        Ok(Notification {
            provider_ref: provider_ref.clone(),
            amount: amount_of(&params),
            outcome,
            transaction_id: params.get("vnp_TransactionNo").cloned(),
            payload: callback.clone(),
        })
    }

    async fn query(&self, attempt: &Attempt) -> Result<Notification, GatewayError> {
        let request_id = new_id().simple().to_string();
        let transaction_date = vnpay_time(attempt.created_at);
        let create_date = vnpay_time(Utc::now());
        let info = format!("Truy van giao dich {}", attempt.provider_ref);
        let signature = vnpay_api_signature(
            &self.hash_secret,
            &[
                &request_id,
                "2.1.0",
                "querydr",
                &self.tmn_code,
                &attempt.provider_ref,
                &transaction_date,
                &create_date,
                SERVER_IP,
                &info,
            ],
        );
        let request = json!({
            "vnp_RequestId": request_id, "vnp_Version": "2.1.0", "vnp_Command": "querydr",
            "vnp_TmnCode": self.tmn_code, "vnp_TxnRef": attempt.provider_ref, "vnp_OrderInfo": info,
            "vnp_TransactionDate": transaction_date, "vnp_CreateDate": create_date,
            "vnp_IpAddr": SERVER_IP, "vnp_SecureHash": signature,
        });
        let answer = self
            .merchant_api("query", request, QUERY_ANSWER_FIELDS)
            .await?;
        let field = |name: &str| answer.get(name).map_or("", String::as_str);
        let outcome = match (field("vnp_ResponseCode"), field("vnp_TransactionStatus")) {
            ("00", "00") => Outcome::Succeeded,
            ("00", "01") => Outcome::Pending,
            ("00", status) => Outcome::Failed(status.to_owned()),
            ("91", _) => Outcome::NotFound,
            (code, _) => {
                return Err(GatewayError::Refused {
                    code: code.to_owned(),
                    message: field("vnp_Message").to_owned(),
                })
            }
        };
        Ok(Notification {
            provider_ref: attempt.provider_ref.clone(),
            amount: amount_of(&answer),
            outcome,
            transaction_id: answer.get("vnp_TransactionNo").cloned(),
            payload: json!(answer),
        })
    }

    async fn refund(&self, refund: &RefundCall<'_>) -> Result<RefundOutcome, GatewayError> {
        let attempt = refund.attempt;
        // The refund's own reference, so that sending it again is a duplicate to VNPay.
        let request_id: String = refund.refund_ref.chars().take(32).collect();
        let transaction_type = if refund.full { "02" } else { "03" };
        let amount = (refund.amount * 100).to_string();
        let transaction_no = attempt.provider_transaction_id.clone().unwrap_or_default();
        let transaction_date = vnpay_time(attempt.created_at);
        let create_date = vnpay_time(Utc::now());
        let info = ascii_only(&format!(
            "Hoan tien {} {}",
            attempt.provider_ref, refund.reason
        ));
        let signature = vnpay_api_signature(
            &self.hash_secret,
            &[
                &request_id,
                "2.1.0",
                "refund",
                &self.tmn_code,
                transaction_type,
                &attempt.provider_ref,
                &amount,
                &transaction_no,
                &transaction_date,
                refund.requested_by,
                &create_date,
                SERVER_IP,
                &info,
            ],
        );
        let request = json!({
            "vnp_RequestId": request_id, "vnp_Version": "2.1.0", "vnp_Command": "refund",
            "vnp_TmnCode": self.tmn_code, "vnp_TransactionType": transaction_type,
            "vnp_TxnRef": attempt.provider_ref, "vnp_Amount": amount, "vnp_OrderInfo": info,
            "vnp_TransactionNo": transaction_no, "vnp_TransactionDate": transaction_date,
            "vnp_CreateBy": refund.requested_by, "vnp_CreateDate": create_date,
            "vnp_IpAddr": SERVER_IP, "vnp_SecureHash": signature,
        });
        let answer = self
            .merchant_api("refund", request, REFUND_ANSWER_FIELDS)
            .await?;
        let field = |name: &str| answer.get(name).map_or("", String::as_str);
        Ok(match field("vnp_ResponseCode") {
            "00" => RefundOutcome::Succeeded {
                provider_refund_id: answer.get("vnp_TransactionNo").cloned(),
            },
            code => RefundOutcome::Failed {
                code: code.to_owned(),
                message: field("vnp_Message").to_owned(),
            },
        })
    }
}

/// `yyyyMMddHHmmss` in Vietnam's time zone, whatever the server's.
pub fn vnpay_time(at: DateTime<Utc>) -> String {
    let vietnam = FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset");
    at.with_timezone(&vietnam)
        .format("%Y%m%d%H%M%S")
        .to_string()
}

/// VNPay's IPN answer: `{"RspCode": "00", "Message": "Confirm Success"}`.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct IpnAnswer {
    #[serde(rename = "RspCode")]
    pub rsp_code: &'static str,
    #[serde(rename = "Message")]
    pub message: &'static str,
}

impl IpnAnswer {
    pub const fn new(rsp_code: &'static str, message: &'static str) -> Self {
        IpnAnswer { rsp_code, message }
    }
}

/// Plain ASCII order description, as VNPay requires.
pub fn order_info(order_code: &str) -> String {
    format!("Thanh toan don hang {order_code}")
}

/// Keeps the characters VNPay accepts in descriptions.
fn ascii_only(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == ' ' || *c == '-')
        .collect()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    #[test]
    fn times_are_in_vietnam() {
        let at = chrono::Utc.with_ymd_and_hms(2024, 5, 21, 2, 18, 6).unwrap();
        assert_eq!(super::vnpay_time(at), "20240521091806");
        assert_eq!(super::order_info("CHO1"), "Thanh toan don hang CHO1");
    }

    #[test]
    fn amounts_are_whole_dong() {
        let params = |a: &str| [("vnp_Amount".to_owned(), a.to_owned())].into();
        assert_eq!(super::amount_of(&params("1000000")), Some(10_000));
        assert_eq!(super::amount_of(&params("1000001")), None);
        assert_eq!(super::amount_of(&params("1e6")), None);
        assert_eq!(super::REFUND_ANSWER_FIELDS.last(), Some(&"OrderInfo"));
    }
}

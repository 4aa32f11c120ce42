//! The signature schemes of each gateway, as pure functions checked against
//! the published test vectors (../shared/docs/payment-protocols.md).

use hmac::{Hmac, Mac};
use sha2::{Sha256, Sha512};

pub fn hmac_sha512_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha512>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

pub fn hmac_sha256_hex(key: &[u8], data: &[u8]) -> String {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(data);
    hex::encode(mac.finalize().into_bytes())
}

/// Compares two hex signatures in constant time (case-insensitively), so a
/// forger learns nothing from how long the comparison took.
pub fn signatures_match(expected: &str, presented: &str) -> bool {
    let (a, b) = (expected.as_bytes(), presented.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |diff, (x, y)| {
        diff | (x.to_ascii_lowercase() ^ y.to_ascii_lowercase())
    }) == 0
}

/// VNPay's form encoding: unreserved characters `A-Z a-z 0-9 - _ .` stay,
/// space becomes `+`, every other byte of the UTF-8 text becomes `%XX` (upper case).
pub fn vnpay_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' => out.push(byte as char),
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// The string VNPay signs: every non-empty `vnp_*` parameter except the hash
/// fields, sorted by key, encoded, joined with `&`.
pub fn vnpay_hash_data<'a>(params: impl IntoIterator<Item = (&'a str, &'a str)>) -> String {
    let mut fields: Vec<(&str, &str)> = params
        .into_iter()
        .filter(|(k, v)| {
            k.starts_with("vnp_")
                && !v.is_empty()
                && *k != "vnp_SecureHash"
                && *k != "vnp_SecureHashType"
        })
        .collect();
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    fields
        .iter()
        .map(|(k, v)| format!("{}={}", vnpay_encode(k), vnpay_encode(v)))
        .collect::<Vec<_>>()
        .join("&")
}

pub fn vnpay_signature<'a>(
    secret: &str,
    params: impl IntoIterator<Item = (&'a str, &'a str)>,
) -> String {
    hmac_sha512_hex(secret.as_bytes(), vnpay_hash_data(params).as_bytes())
}

/// VNPay's merchant API (querydr, refund) signs `|`-joined fields with HMAC-SHA512.
pub fn vnpay_api_signature(secret: &str, fields: &[&str]) -> String {
    hmac_sha512_hex(secret.as_bytes(), fields.join("|").as_bytes())
}

/// MoMo signs `key=value` pairs, raw (not URL-encoded), keys in alphabetical order.
pub fn momo_signature(secret_key: &str, fields: &[(&str, &str)]) -> String {
    let mut fields = fields.to_vec();
    fields.sort_unstable_by(|a, b| a.0.cmp(b.0));
    let raw = fields
        .iter()
        .map(|(k, v)| format!("{k}={v}"))
        .collect::<Vec<_>>()
        .join("&");
    hmac_sha256_hex(secret_key.as_bytes(), raw.as_bytes())
}

/// ZaloPay's `mac`: HMAC-SHA256 over `|`-joined fields.
pub fn zalopay_mac(key: &str, fields: &[&str]) -> String {
    hmac_sha256_hex(key.as_bytes(), fields.join("|").as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vnpay_published_vector() {
        let hash_data = "vnp_Amount=1000000&vnp_BankCode=NCB&vnp_BankTranNo=VNP14422574&vnp_CardType=ATM&vnp_OrderInfo=Thanh+toan+don+hang+2024-05-21T02%3A17%3A31.249Z&vnp_PayDate=20240521091806&vnp_ResponseCode=00&vnp_TmnCode=TEST_TMN_CODE&vnp_TransactionNo=14422574&vnp_TransactionStatus=00&vnp_TxnRef=1716257871703";
        let expected = "649982421beb422556a1374713c74e58e716ecbd05007c0c0e1f7effdfaf361dbf146889ca446139afe11b9954c4d5c486e99e3b86fcfab6957f29eb0be72895";
        assert_eq!(
            hmac_sha512_hex(b"test_secret", hash_data.as_bytes()),
            expected
        );
        // The same string rebuilt from decoded parameters, in any order, hash fields ignored.
        let params = [
            ("vnp_TxnRef", "1716257871703"),
            ("vnp_SecureHash", "ignored"),
            ("vnp_Amount", "1000000"),
            ("vnp_BankCode", "NCB"),
            ("vnp_BankTranNo", "VNP14422574"),
            ("vnp_CardType", "ATM"),
            (
                "vnp_OrderInfo",
                "Thanh toan don hang 2024-05-21T02:17:31.249Z",
            ),
            ("vnp_PayDate", "20240521091806"),
            ("vnp_ResponseCode", "00"),
            ("vnp_SecureHashType", "HmacSHA512"),
            ("vnp_TmnCode", "TEST_TMN_CODE"),
            ("vnp_TransactionNo", "14422574"),
            ("vnp_TransactionStatus", "00"),
            ("vnp_Empty", ""),
        ];
        assert_eq!(vnpay_hash_data(params), hash_data);
        assert_eq!(vnpay_signature("test_secret", params), expected);
    }

    #[test]
    fn zalopay_published_vector() {
        let mac = zalopay_mac(
            "9phuAOYhan4urywHTh0ndEXiV3pKHr5Q",
            &[
                "553",
                "200904_000234",
                "user123",
                "10000",
                "1599202366026",
                "{}",
                "[]",
            ],
        );
        assert_eq!(
            mac,
            "7e95836a9feace32458f23416feea423172ef0a098f27a668a1e10788b5a6838"
        );
    }

    #[test]
    fn momo_signs_sorted_raw_pairs() {
        let a = momo_signature(
            "secret",
            &[("orderId", "A1"), ("amount", "10000"), ("accessKey", "k")],
        );
        let b = hmac_sha256_hex(b"secret", b"accessKey=k&amount=10000&orderId=A1");
        assert_eq!(a, b);
    }

    #[test]
    fn signature_comparison() {
        assert!(signatures_match("abcdef", "ABCDEF"));
        assert!(!signatures_match("abcdef", "abcdee"));
        assert!(!signatures_match("abcdef", "abcde"));
    }

    #[test]
    fn encoding_follows_vnpay() {
        assert_eq!(
            vnpay_encode("Thanh toan 2024-05-21T02:17:31.249Z"),
            "Thanh+toan+2024-05-21T02%3A17%3A31.249Z"
        );
        assert_eq!(vnpay_encode("a*b~c"), "a%2Ab%7Ec");
        assert_eq!(vnpay_encode("đ"), "%C4%91");
    }
}

//! VietQR (NAPAS 247) payloads: EMVCo tag-length-value fields with a CRC.

pub const PROVIDER: &str = "VIETQR";

/// One EMVCo field: two-digit id, two-digit decimal length, value.
fn tlv(id: &str, value: &str) -> String {
    format!("{id}{:02}{value}", value.len())
}

/// CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection.
pub fn crc16_ccitt_false(data: &[u8]) -> u16 {
    let mut crc: u16 = 0xFFFF;
    for &byte in data {
        crc ^= u16::from(byte) << 8;
        for _ in 0..8 {
            crc = if crc & 0x8000 != 0 {
                (crc << 1) ^ 0x1021
            } else {
                crc << 1
            };
        }
    }
    crc
}

/// A transfer to `account` at the bank with `bank_bin`, for `amount` đồng, with
/// `purpose` (the order code) as the transfer content.
pub fn payload(bank_bin: &str, account: &str, amount: Option<i64>, purpose: &str) -> String {
    let beneficiary = tlv("00", bank_bin) + &tlv("01", account);
    let merchant = tlv("00", "A000000727") + &tlv("01", &beneficiary) + &tlv("02", "QRIBFTTA");
    let mut body = tlv("00", "01")
        + &tlv("01", if amount.is_some() { "12" } else { "11" })
        + &tlv("38", &merchant)
        + &tlv("53", "704");
    if let Some(amount) = amount {
        body += &tlv("54", &amount.to_string());
    }
    body += &tlv("58", "VN");
    body += &tlv("62", &tlv("08", purpose));
    body += "6304";
    let crc = crc16_ccitt_false(body.as_bytes());
    format!("{body}{crc:04X}")
}

#[cfg(test)]
mod tests {
    #[test]
    fn published_vector() {
        assert_eq!(
            super::payload("970416", "257678859", Some(10000), "Chuyen tien"),
            "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA53037045405100005802VN62150811Chuyen tien630453E6"
        );
    }

    #[test]
    fn crc_check_value() {
        // The standard check value of CRC-16/CCITT-FALSE.
        assert_eq!(super::crc16_ccitt_false(b"123456789"), 0x29B1);
    }
}

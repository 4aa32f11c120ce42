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

/// What a VietQR payload asks to transfer, as a banking app reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Transfer {
    pub bank_bin: String,
    pub account: String,
    pub amount: Option<i64>,
    pub purpose: String,
}

/// Reads a payload made by [`payload`]; `None` when it is malformed or its CRC
/// does not match.
pub fn parse(payload: &str) -> Option<Transfer> {
    let body = payload.get(..payload.len().checked_sub(4)?)?;
    let crc = &payload[body.len()..];
    if !body.ends_with("6304")
        || u16::from_str_radix(crc, 16).ok()? != crc16_ccitt_false(body.as_bytes())
    {
        return None;
    }
    let top = fields(&body[..body.len() - 4])?;
    let merchant = fields(field(&top, "38")?)?;
    let beneficiary = fields(field(&merchant, "01")?)?;
    let additional = fields(field(&top, "62").unwrap_or(""))?;
    Some(Transfer {
        bank_bin: field(&beneficiary, "00")?.to_owned(),
        account: field(&beneficiary, "01")?.to_owned(),
        amount: match field(&top, "54") {
            Some(amount) => Some(amount.parse().ok()?),
            None => None,
        },
        purpose: field(&additional, "08").unwrap_or("").to_owned(),
    })
}

/// Splits tag-length-value fields; `None` when a length runs past the end.
fn fields(mut text: &str) -> Option<Vec<(&str, &str)>> {
    let mut out = Vec::new();
    while !text.is_empty() {
        let id = text.get(..2)?;
        let len: usize = text.get(2..4)?.parse().ok()?;
        out.push((id, text.get(4..4 + len)?));
        text = &text[4 + len..];
    }
    Some(out)
}

fn field<'a>(fields: &[(&str, &'a str)], id: &str) -> Option<&'a str> {
    fields.iter().find(|(i, _)| *i == id).map(|(_, v)| *v)
}

#[cfg(test)]
mod tests {
    #[test]
    fn payloads_read_back() {
        let payload = super::payload("970436", "1023456789", Some(1_990_000), "CHO261202ABCDEF");
        assert_eq!(
            super::parse(&payload),
            Some(super::Transfer {
                bank_bin: "970436".into(),
                account: "1023456789".into(),
                amount: Some(1_990_000),
                purpose: "CHO261202ABCDEF".into(),
            })
        );
        let tampered = payload.replace("1990000", "1000000");
        assert_eq!(super::parse(&tampered), None, "the CRC no longer matches");
        assert_eq!(super::parse("6304"), None);
        assert_eq!(super::parse(""), None);
        assert_eq!(super::parse("đđđ"), None, "not cut inside a character");
    }

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

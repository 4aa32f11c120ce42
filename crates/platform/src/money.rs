//! Vietnamese đồng, the one currency Chợ keeps amounts in.
//!
//! The đồng has no minor unit, so an amount is a whole number of đồng: an `i64`, never a
//! float. [`Vnd`] is that number wherever an amount crosses from one module to another,
//! so a quantity, a count or an id cannot be passed where money is expected. On the
//! wire and in the database it is the plain integer.

use std::fmt;

use serde::{Deserialize, Serialize};

/// An amount of Vietnamese đồng.
#[derive(
    Debug,
    Clone,
    Copy,
    Default,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    Hash,
    Serialize,
    Deserialize,
    sqlx::Type,
    utoipa::ToSchema,
)]
#[serde(transparent)]
#[sqlx(transparent)]
#[schema(value_type = i64, example = 12990000)]
pub struct Vnd(pub i64);

impl Vnd {
    pub const ZERO: Vnd = Vnd(0);

    /// The number of đồng.
    pub fn dong(self) -> i64 {
        self.0
    }

    /// `None` on overflow (no real amount comes near it; a forged one might).
    pub fn checked_add(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_add(other.0).map(Vnd)
    }

    /// `None` on overflow.
    pub fn checked_sub(self, other: Vnd) -> Option<Vnd> {
        self.0.checked_sub(other.0).map(Vnd)
    }
}

impl From<i64> for Vnd {
    fn from(dong: i64) -> Self {
        Vnd(dong)
    }
}

/// The way Vietnamese shops write prices: `12.990.000 ₫` (dots between thousands).
impl fmt::Display for Vnd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let digits = self.0.unsigned_abs().to_string();
        let mut grouped = String::with_capacity(digits.len() + digits.len() / 3 + 1);
        if self.0 < 0 {
            grouped.push('-');
        }
        for (i, digit) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(digit);
        }
        write!(f, "{grouped} ₫")
    }
}

#[cfg(test)]
mod tests {
    use super::Vnd;
    use proptest::prelude::*;

    #[test]
    fn amounts_are_written_the_vietnamese_way() {
        assert_eq!(Vnd(12_990_000).to_string(), "12.990.000 ₫");
        assert_eq!(Vnd(500).to_string(), "500 ₫");
        assert_eq!(Vnd(0).to_string(), "0 ₫");
        assert_eq!(Vnd(1_000).to_string(), "1.000 ₫");
        assert_eq!(Vnd(-50_000).to_string(), "-50.000 ₫");
        assert_eq!(Vnd(i64::MIN).to_string(), "-9.223.372.036.854.775.808 ₫");
    }

    #[test]
    fn on_the_wire_an_amount_is_the_plain_integer() {
        assert_eq!(serde_json::to_string(&Vnd(34_990_000)).unwrap(), "34990000");
        assert_eq!(serde_json::from_str::<Vnd>("990000").unwrap(), Vnd(990_000));
    }

    proptest! {
        #[test]
        fn the_written_amount_reads_back(dong in any::<i64>()) {
            let written = Vnd(dong).to_string();
            let digits: String = written.chars().filter(|c| c.is_ascii_digit() || *c == '-').collect();
            prop_assert_eq!(digits.parse::<i64>().unwrap(), dong);
            prop_assert!(written.ends_with(" ₫"));
        }
    }
}

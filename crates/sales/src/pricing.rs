//! Order arithmetic, in whole đồng with overflow checked at every step.

use cho_geography::shipping_fee;

/// The most units of one variant in one cart line.
pub const MAX_LINE_QUANTITY: i64 = 100;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub unit_price: i64,
    pub quantity: i64,
}

impl Line {
    pub fn total(&self) -> Option<i64> {
        self.unit_price.checked_mul(self.quantity)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Totals {
    pub subtotal: i64,
    pub discount_amount: i64,
    pub shipping_fee: i64,
    pub total: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PricingError {
    #[error("the order is too large to price")]
    Overflow,
    #[error("a line has a non-positive price or quantity")]
    InvalidLine,
}

/// Prices lines shipped to `province_code`. The discount can at most cancel
/// the subtotal; shipping is charged on what remains.
pub fn price(lines: &[Line], discount: i64, province_code: i64) -> Result<Totals, PricingError> {
    let mut subtotal: i64 = 0;
    for line in lines {
        if line.unit_price <= 0 || line.quantity <= 0 {
            return Err(PricingError::InvalidLine);
        }
        subtotal = subtotal
            .checked_add(line.total().ok_or(PricingError::Overflow)?)
            .ok_or(PricingError::Overflow)?;
    }
    let discount_amount = discount.clamp(0, subtotal);
    let after_discount = subtotal - discount_amount;
    let shipping_fee = shipping_fee(province_code, after_discount);
    let total = after_discount
        .checked_add(shipping_fee)
        .ok_or(PricingError::Overflow)?;
    Ok(Totals {
        subtotal,
        discount_amount,
        shipping_fee,
        total,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use cho_geography::FREE_SHIPPING_FROM;
    use proptest::prelude::*;

    #[test]
    fn a_simple_order() {
        let lines = [
            Line {
                unit_price: 990_000,
                quantity: 2,
            },
            Line {
                unit_price: 150_000,
                quantity: 1,
            },
        ];
        let totals = price(&lines, 0, 79).unwrap();
        assert_eq!(
            totals,
            Totals {
                subtotal: 2_130_000,
                discount_amount: 0,
                shipping_fee: 20_000,
                total: 2_150_000
            }
        );
    }

    #[test]
    fn overflow_is_an_error_not_a_wrap() {
        let lines = [Line {
            unit_price: i64::MAX / 2,
            quantity: 3,
        }];
        assert_eq!(price(&lines, 0, 79), Err(PricingError::Overflow));
        assert_eq!(
            price(
                &[Line {
                    unit_price: 0,
                    quantity: 1
                }],
                0,
                79
            ),
            Err(PricingError::InvalidLine)
        );
    }

    fn lines() -> impl Strategy<Value = Vec<Line>> {
        prop::collection::vec(
            (1i64..=100_000_000, 1i64..=MAX_LINE_QUANTITY).prop_map(|(unit_price, quantity)| {
                Line {
                    unit_price,
                    quantity,
                }
            }),
            1..20,
        )
    }

    proptest! {
        #[test]
        fn totals_add_up(lines in lines(), discount in -1_000_000i64..500_000_000, province in 1i64..=96) {
            let t = price(&lines, discount, province).unwrap();
            let expected_subtotal: i64 = lines.iter().map(|l| l.unit_price * l.quantity).sum();
            prop_assert_eq!(t.subtotal, expected_subtotal);
            prop_assert!(t.discount_amount >= 0 && t.discount_amount <= t.subtotal);
            prop_assert_eq!(t.total, t.subtotal - t.discount_amount + t.shipping_fee);
            prop_assert!(t.total >= 0);
            prop_assert_eq!(t.shipping_fee == 0, t.subtotal - t.discount_amount >= FREE_SHIPPING_FROM);
        }

        #[test]
        fn order_of_lines_does_not_matter(mut lines in lines(), province in 1i64..=96) {
            let forward = price(&lines, 0, province).unwrap();
            lines.reverse();
            prop_assert_eq!(forward, price(&lines, 0, province).unwrap());
        }
    }
}

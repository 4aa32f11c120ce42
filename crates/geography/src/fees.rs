//! The shipping fee table. Fees depend on how far the parcel travels from the
//! shop's warehouse region; large orders ship free, as at most Vietnamese
//! electronics retailers.

/// The three regions parcels are priced by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Region {
    North,
    Central,
    South,
}

/// Orders whose subtotal reaches this ship free (VND).
pub const FREE_SHIPPING_FROM: i64 = 5_000_000;
/// The warehouse ships from Hồ Chí Minh City.
const WAREHOUSE_PROVINCE: i64 = 79;
const SAME_PROVINCE_FEE: i64 = 20_000;
const SAME_REGION_FEE: i64 = 30_000;
const OTHER_REGION_FEE: i64 = 45_000;

/// Statistics-office province codes run north to south: up to Ninh Bình (37) is
/// the North, Thanh Hóa (38) to Lâm Đồng (68) the Centre and Highlands, then the South.
pub fn region_of(province_code: i64) -> Region {
    match province_code {
        ..=37 => Region::North,
        38..=68 => Region::Central,
        _ => Region::South,
    }
}

/// The fee for shipping an order with `subtotal` to `province_code`.
pub fn shipping_fee(province_code: i64, subtotal: i64) -> i64 {
    if subtotal >= FREE_SHIPPING_FROM {
        0
    } else if province_code == WAREHOUSE_PROVINCE {
        SAME_PROVINCE_FEE
    } else if region_of(province_code) == region_of(WAREHOUSE_PROVINCE) {
        SAME_REGION_FEE
    } else {
        OTHER_REGION_FEE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_grow_with_distance_and_vanish_for_large_orders() {
        assert_eq!(shipping_fee(79, 100_000), 20_000);
        assert_eq!(shipping_fee(92, 100_000), 30_000); // Cần Thơ
        assert_eq!(shipping_fee(1, 100_000), 45_000); // Hà Nội
        assert_eq!(shipping_fee(1, FREE_SHIPPING_FROM), 0);
        assert_eq!(region_of(48), Region::Central); // Đà Nẵng
    }
}

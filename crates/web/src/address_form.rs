//! The address fields shared by checkout and the address book: what was typed, each
//! field's problem by identity's and geography's own rules, and the province → ward
//! pickers (`address_fields.html`, enhanced by `checkout.js`).

use cho_identity::ShippingAddressInput;
use serde::Deserialize;

use crate::cart::ProvinceChoice;

/// An address as typed; every field is text so that it comes back as typed.
#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct AddressFields {
    pub recipient_name: String,
    pub phone: String,
    pub province: String,
    pub ward: String,
    pub address_detail: String,
}

#[derive(Default)]
pub struct AddressErrors {
    pub recipient_name: Option<&'static str>,
    pub phone: Option<&'static str>,
    pub province: Option<&'static str>,
    pub ward: Option<&'static str>,
    pub address_detail: Option<&'static str>,
}

impl AddressErrors {
    pub fn any(&self) -> bool {
        self.recipient_name.is_some()
            || self.phone.is_some()
            || self.province.is_some()
            || self.ward.is_some()
            || self.address_detail.is_some()
    }
}

pub struct WardChoice {
    pub code: i64,
    pub name: &'static str,
    pub selected: bool,
}

impl AddressFields {
    pub fn province_code(&self) -> Option<i64> {
        self.province
            .parse()
            .ok()
            .filter(|code| cho_geography::province(*code).is_some())
    }

    /// The address to save or ship to, with each field's problem.
    pub fn check(&self) -> (ShippingAddressInput, AddressErrors) {
        let mut errors = AddressErrors::default();
        if cho_identity::validate_full_name(&self.recipient_name).is_err() {
            errors.recipient_name = Some("Vui lòng nhập tên người nhận (tối đa 100 ký tự).");
        }
        if cho_identity::normalize_phone(&self.phone).is_err() {
            errors.phone = Some("Số điện thoại di động không hợp lệ (ví dụ 0912 345 678).");
        }
        let province_code = self.province.parse().unwrap_or(0);
        let ward_code = self.ward.parse().unwrap_or(0);
        if cho_geography::province(province_code).is_none() {
            errors.province = Some("Vui lòng chọn tỉnh/thành phố.");
        } else if cho_geography::validate_ward(province_code, ward_code).is_err() {
            errors.ward = Some("Vui lòng chọn phường/xã thuộc tỉnh/thành phố đã chọn.");
        }
        let detail = self.address_detail.trim();
        if detail.is_empty() || detail.chars().count() > 255 {
            errors.address_detail = Some("Vui lòng nhập số nhà, tên đường (tối đa 255 ký tự).");
        }
        let input = ShippingAddressInput {
            recipient_name: self.recipient_name.clone(),
            phone: self.phone.clone(),
            province_code,
            ward_code,
            address_detail: self.address_detail.clone(),
        };
        (input, errors)
    }

    /// Every province, and the wards of the chosen one, with what was chosen selected.
    pub fn pickers(&self) -> (Vec<ProvinceChoice>, Vec<WardChoice>) {
        let chosen = self.province_code();
        let ward: Option<i64> = self.ward.parse().ok();
        let provinces = cho_geography::provinces()
            .iter()
            .map(|p| ProvinceChoice {
                code: p.code,
                name: &p.name,
                selected: Some(p.code) == chosen,
            })
            .collect();
        let wards = chosen
            .and_then(cho_geography::province)
            .map(|p| {
                p.wards
                    .iter()
                    .map(|w| WardChoice {
                        code: w.code,
                        name: &w.name,
                        selected: Some(w.code) == ward,
                    })
                    .collect()
            })
            .unwrap_or_default();
        (provinces, wards)
    }
}

use std::collections::HashMap;
use std::sync::OnceLock;

use cho_platform::ApiError;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Ward {
    #[schema(example = 26743)]
    pub code: i64,
    #[schema(example = "Phường Bến Thành")]
    pub name: String,
    /// `phường`, `xã` or `đặc khu`.
    #[serde(rename = "type")]
    pub kind: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Province {
    #[schema(example = 79)]
    pub code: i64,
    #[schema(example = "Thành phố Hồ Chí Minh")]
    pub name: String,
    /// `tỉnh` or `thành phố trung ương`.
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(skip_serializing)]
    pub wards: Vec<Ward>,
}

struct Divisions {
    provinces: Vec<Province>,
    by_code: HashMap<i64, usize>,
}

fn divisions() -> &'static Divisions {
    static DATA: OnceLock<Divisions> = OnceLock::new();
    DATA.get_or_init(|| {
        let provinces: Vec<Province> =
            serde_json::from_str(include_str!("../data/divisions-2025.json"))
                .expect("embedded divisions parse");
        let by_code = provinces
            .iter()
            .enumerate()
            .map(|(i, p)| (p.code, i))
            .collect();
        Divisions { provinces, by_code }
    })
}

pub fn provinces() -> &'static [Province] {
    &divisions().provinces
}

pub fn province(code: i64) -> Option<&'static Province> {
    let data = divisions();
    data.by_code.get(&code).map(|&i| &data.provinces[i])
}

/// Checks that `ward_code` is a ward or commune of `province_code`.
pub fn validate_ward(
    province_code: i64,
    ward_code: i64,
) -> Result<(&'static Province, &'static Ward), ApiError> {
    let province = province(province_code).ok_or_else(|| {
        ApiError::bad_request(format!(
            "provinceCode {province_code} is not a province of Vietnam"
        ))
    })?;
    let ward = province
        .wards
        .binary_search_by_key(&ward_code, |w| w.code)
        .map(|i| &province.wards[i])
        .map_err(|_| {
            ApiError::bad_request(format!(
                "wardCode {ward_code} is not a ward of {}",
                province.name
            ))
        })?;
    Ok((province, ward))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_2025_map_has_34_provinces_and_3321_wards() {
        assert_eq!(provinces().len(), 34);
        assert_eq!(
            provinces().iter().map(|p| p.wards.len()).sum::<usize>(),
            3321
        );
    }

    #[test]
    fn wards_belong_to_their_province() {
        let (province, ward) = validate_ward(1, 70).unwrap();
        assert_eq!(
            (province.name.as_str(), ward.name.as_str()),
            ("Thành phố Hà Nội", "Phường Hoàn Kiếm")
        );
        assert!(validate_ward(79, 70).is_err());
        assert!(validate_ward(2, 70).is_err());
    }
}

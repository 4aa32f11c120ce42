//! Delivery addresses, validated against the 2025 divisions.

use cho_platform::auth::UserId;
use cho_platform::db::Db;
use cho_platform::{new_id, now, ApiError, ApiResult};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::IdentityError;
use crate::users::{normalize_phone, validate_full_name};

/// An address as a shopper types it.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ShippingAddressInput {
    #[schema(example = "Nguyễn Văn An")]
    pub recipient_name: String,
    #[schema(example = "0912345678")]
    pub phone: String,
    #[schema(example = 79)]
    pub province_code: i64,
    #[schema(example = 26743)]
    pub ward_code: i64,
    #[schema(example = "123 Lê Lợi")]
    pub address_detail: String,
}

/// A validated address, with the names of its province and ward.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct ShippingAddress {
    pub recipient_name: String,
    pub phone: String,
    pub province_code: i64,
    pub province_name: String,
    pub ward_code: i64,
    pub ward_name: String,
    pub address_detail: String,
}

impl ShippingAddressInput {
    pub fn validate(&self) -> ApiResult<ShippingAddress> {
        let recipient_name = validate_full_name(&self.recipient_name)
            .map_err(|_| ApiError::bad_request("recipientName must be 1 to 100 characters"))?;
        let phone = normalize_phone(&self.phone)?;
        let (province, ward) = cho_geography::validate_ward(self.province_code, self.ward_code)?;
        let address_detail = self.address_detail.trim();
        if address_detail.is_empty() || address_detail.chars().count() > 255 {
            return Err(ApiError::bad_request(
                "addressDetail must be 1 to 255 characters",
            ));
        }
        Ok(ShippingAddress {
            recipient_name,
            phone,
            province_code: province.code,
            province_name: province.name.clone(),
            ward_code: ward.code,
            ward_name: ward.name.clone(),
            address_detail: address_detail.to_owned(),
        })
    }
}

#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct AddressView {
    pub id: Uuid,
    #[serde(flatten)]
    pub address: ShippingAddress,
    pub is_default: bool,
    pub created_at: DateTime<Utc>,
}

/// A saved address: the address fields, spelled out rather than flattened in, because
/// serde cannot refuse unknown fields around a flattened struct.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AddressRequest {
    pub recipient_name: String,
    pub phone: String,
    pub province_code: i64,
    pub ward_code: i64,
    pub address_detail: String,
    #[serde(default)]
    pub is_default: bool,
}

impl AddressRequest {
    fn address(&self) -> ShippingAddressInput {
        ShippingAddressInput {
            recipient_name: self.recipient_name.clone(),
            phone: self.phone.clone(),
            province_code: self.province_code,
            ward_code: self.ward_code,
            address_detail: self.address_detail.clone(),
        }
    }
}

#[derive(sqlx::FromRow)]
struct AddressRow {
    id: Uuid,
    recipient_name: String,
    phone: String,
    province_code: i64,
    ward_code: i64,
    address_detail: String,
    is_default: bool,
    created_at: DateTime<Utc>,
}

impl AddressRow {
    fn view(self) -> AddressView {
        let names = cho_geography::validate_ward(self.province_code, self.ward_code).ok();
        AddressView {
            id: self.id,
            address: ShippingAddress {
                recipient_name: self.recipient_name,
                phone: self.phone,
                province_code: self.province_code,
                province_name: names.map(|(p, _)| p.name.clone()).unwrap_or_default(),
                ward_code: self.ward_code,
                ward_name: names.map(|(_, w)| w.name.clone()).unwrap_or_default(),
                address_detail: self.address_detail,
            },
            is_default: self.is_default,
            created_at: self.created_at,
        }
    }
}

const MAX_ADDRESSES: i64 = 20;

pub async fn list(db: &Db, user_id: UserId) -> ApiResult<Vec<AddressView>> {
    let rows: Vec<AddressRow> = db
        .query(
            "SELECT id, recipient_name, phone, province_code, ward_code, address_detail,
             is_default, created_at
             FROM addresses
             WHERE user_id = $1
             ORDER BY is_default DESC, id",
        )
        .bind(user_id)
        .fetch_all()
        .await?;
    Ok(rows.into_iter().map(AddressRow::view).collect())
}

/// Creates (`id` = None) or replaces an address of `user_id`; returns its id.
pub async fn save(
    db: &Db,
    user_id: UserId,
    id: Option<Uuid>,
    request: AddressRequest,
) -> ApiResult<Uuid> {
    let address = request.address().validate()?;
    let now = now();
    let mut tx = db.begin().await?;
    let count: i64 = tx
        .query("SELECT COUNT(*) FROM addresses WHERE user_id = $1")
        .bind(user_id)
        .scalar()
        .await?;
    // The first address is the default whatever the request says.
    let is_default = request.is_default || count == 0;
    if is_default {
        tx.query("UPDATE addresses SET is_default = $1 WHERE user_id = $2")
            .bind(false)
            .bind(user_id)
            .execute()
            .await?;
    }
    let id = match id {
        Some(id) => {
            let updated = tx
                .query(
                    "UPDATE addresses
                     SET recipient_name = $1, phone = $2, province_code = $3, ward_code = $4,
                     address_detail = $5, is_default = $6, updated_at = $7
                     WHERE id = $8 AND user_id = $9",
                )
                .bind(&address.recipient_name)
                .bind(&address.phone)
                .bind(address.province_code)
                .bind(address.ward_code)
                .bind(&address.address_detail)
                .bind(is_default)
                .bind(now)
                .bind(id)
                .bind(user_id)
                .execute()
                .await?;
            if updated == 0 {
                return Err(ApiError::not_found("address"));
            }
            id
        }
        None => {
            if count >= MAX_ADDRESSES {
                return Err(IdentityError::TooManyAddresses { max: MAX_ADDRESSES }.into());
            }
            let id = new_id();
            tx.query(
                "INSERT INTO addresses (id, user_id, recipient_name, phone, province_code,
                 ward_code, address_detail, is_default, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)",
            )
            .bind(id)
            .bind(user_id)
            .bind(&address.recipient_name)
            .bind(&address.phone)
            .bind(address.province_code)
            .bind(address.ward_code)
            .bind(&address.address_detail)
            .bind(is_default)
            .bind(now)
            .execute()
            .await?;
            id
        }
    };
    tx.commit().await?;
    Ok(id)
}

/// One of `user_id`'s saved addresses, to ship an order to.
pub async fn saved_address(db: &Db, user_id: UserId, id: Uuid) -> ApiResult<ShippingAddress> {
    Ok(get(db, user_id, id).await?.address)
}

pub async fn get(db: &Db, user_id: UserId, id: Uuid) -> ApiResult<AddressView> {
    let row: Option<AddressRow> = db
        .query(
            "SELECT id, recipient_name, phone, province_code, ward_code, address_detail,
             is_default, created_at
             FROM addresses
             WHERE id = $1 AND user_id = $2",
        )
        .bind(id)
        .bind(user_id)
        .fetch_optional()
        .await?;
    row.map(AddressRow::view)
        .ok_or_else(|| ApiError::not_found("address"))
}

pub async fn delete(db: &Db, user_id: UserId, id: Uuid) -> ApiResult<()> {
    let mut tx = db.begin().await?;
    let deleted = tx
        .query("DELETE FROM addresses WHERE id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute()
        .await?;
    tx.commit().await?;
    if deleted == 0 {
        return Err(ApiError::not_found("address"));
    }
    Ok(())
}

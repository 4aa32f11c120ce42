//! Accounts: validation of what a person types, and the `users` table.

use cho_platform::auth::Role;
use cho_platform::auth::UserId;
use cho_platform::db::{is_unique_violation, Db, Tx};
use cho_platform::{new_id, now, ApiError, ApiResult};
use chrono::{DateTime, Utc};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::IdentityError;
use crate::password;

#[derive(Debug, Clone, sqlx::FromRow)]
pub(crate) struct UserRow {
    pub id: Uuid,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password_hash: String,
    pub full_name: String,
    pub role: String,
    pub status: String,
    pub locked_until: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

const USER_COLUMNS: &str =
    "id, email, phone, password_hash, full_name, role, status, locked_until, created_at";

/// A user as the API shows it (never the password hash).
#[derive(Debug, Clone, Serialize, ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct UserView {
    pub id: Uuid,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub full_name: String,
    pub role: Role,
    pub created_at: DateTime<Utc>,
}

impl From<&UserRow> for UserView {
    fn from(row: &UserRow) -> Self {
        UserView {
            id: row.id,
            email: row.email.clone(),
            phone: row.phone.clone(),
            full_name: row.full_name.clone(),
            role: Role::parse(&row.role).unwrap_or(Role::Customer),
            created_at: row.created_at,
        }
    }
}

pub struct NewUser {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub password: String,
    pub full_name: String,
    pub role: Role,
}

/// Lower-cases and checks an email address.
pub fn normalize_email(raw: &str) -> Result<String, ApiError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        })
        && !email.contains(char::is_whitespace);
    if valid {
        Ok(email)
    } else {
        Err(ApiError::bad_request(format!(
            "'{}' is not a valid email address",
            raw.trim()
        )))
    }
}

/// Normalises a Vietnamese mobile number to its ten-digit domestic form
/// (`+84 912 345 678` → `0912345678`).
pub fn normalize_phone(raw: &str) -> Result<String, ApiError> {
    let digits: String = raw
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-'))
        .collect();
    let domestic = match digits
        .strip_prefix("+84")
        .or_else(|| digits.strip_prefix("84").filter(|d| d.len() == 9))
    {
        Some(rest) => format!("0{rest}"),
        None => digits,
    };
    let valid = domestic.len() == 10
        && domestic.starts_with('0')
        && domestic.bytes().all(|b| b.is_ascii_digit())
        && matches!(domestic.as_bytes()[1], b'3' | b'5' | b'7' | b'8' | b'9');
    if valid {
        Ok(domestic)
    } else {
        Err(ApiError::bad_request(format!(
            "'{}' is not a valid Vietnamese mobile number",
            raw.trim()
        )))
    }
}

pub fn validate_password(password: &str) -> Result<(), ApiError> {
    // Spaces inside a passphrase count; spaces around it (or a password of spaces) do not.
    let len = password.trim().chars().count();
    if !(password::MIN_LEN..=password::MAX_LEN).contains(&len)
        || password.chars().count() > password::MAX_LEN
    {
        return Err(ApiError::bad_request(format!(
            "password must be {} to {} characters long, not counting spaces at either end",
            password::MIN_LEN,
            password::MAX_LEN
        )));
    }
    if password.chars().any(char::is_control) {
        return Err(ApiError::bad_request(
            "password must not contain control characters",
        ));
    }
    Ok(())
}

pub fn validate_full_name(name: &str) -> Result<String, ApiError> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 100 {
        return Err(ApiError::bad_request(
            "fullName must be 1 to 100 characters",
        ));
    }
    Ok(name.to_owned())
}

/// Creates an account; a taken email or phone is a 409.
pub async fn create_user(db: &Db, new: NewUser) -> Result<UserView, ApiError> {
    let email = new.email.as_deref().map(normalize_email).transpose()?;
    let phone = new.phone.as_deref().map(normalize_phone).transpose()?;
    if email.is_none() && phone.is_none() {
        return Err(ApiError::bad_request(
            "an email or a phone number is required",
        ));
    }
    validate_password(&new.password)?;
    let full_name = validate_full_name(&new.full_name)?;
    let password_hash = password::hash(new.password).await?;
    let now = now();
    let row = UserRow {
        id: new_id(),
        email,
        phone,
        password_hash,
        full_name,
        role: new.role.as_str().to_owned(),
        status: "active".into(),
        locked_until: None,
        created_at: now,
    };
    let mut tx = db.begin().await?;
    let inserted = tx
        .query(
            "INSERT INTO users (id, email, phone, password_hash, full_name, role, status,
             created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'active', $7, $7)",
        )
        .bind(row.id)
        .bind(&row.email)
        .bind(&row.phone)
        .bind(&row.password_hash)
        .bind(&row.full_name)
        .bind(&row.role)
        .bind(now)
        .execute()
        .await;
    match inserted {
        Ok(_) => {}
        Err(e) if is_unique_violation(&e) => return Err(IdentityError::AccountExists.into()),
        Err(e) => return Err(e.into()),
    }
    tx.commit().await?;
    Ok(UserView::from(&row))
}

pub(crate) enum Login<'a> {
    Email(&'a str),
    Phone(&'a str),
}

pub(crate) async fn find_by_login(
    db: &Db,
    login: Login<'_>,
) -> Result<Option<UserRow>, sqlx::Error> {
    let (sql, value) = match login {
        Login::Email(email) => (
            format!("SELECT {USER_COLUMNS} FROM users WHERE email = $1"),
            email,
        ),
        Login::Phone(phone) => (
            format!("SELECT {USER_COLUMNS} FROM users WHERE phone = $1"),
            phone,
        ),
    };
    db.query(&sql).bind(value).fetch_optional().await
}

pub(crate) async fn find_by_id(db: &Db, id: UserId) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1");
    db.query(&sql).bind(id).fetch_optional().await
}

/// The stored password hash of an account (`None` when there is no such account).
pub(crate) async fn password_hash(db: &Db, id: UserId) -> Result<Option<String>, sqlx::Error> {
    db.query("SELECT password_hash FROM users WHERE id = $1")
        .bind(id)
        .scalar_optional()
        .await
}

/// A user's account as they see it.
pub async fn profile(db: &Db, user_id: UserId) -> ApiResult<UserView> {
    let row = find_by_id(db, user_id)
        .await?
        .ok_or_else(|| ApiError::not_found("user"))?;
    Ok(UserView::from(&row))
}

/// Resolves an email address or phone number to an active account's id.
pub async fn find_user_id_by_login(db: &Db, login: &str) -> Result<Option<UserId>, ApiError> {
    let user = if login.contains('@') {
        find_by_login(db, Login::Email(&normalize_email(login)?)).await?
    } else {
        find_by_login(db, Login::Phone(&normalize_phone(login)?)).await?
    };
    Ok(user.filter(|u| u.status == "active").map(|u| UserId(u.id)))
}

/// Records a failed login; locks the account once `max_failures` is reached.
pub(crate) async fn record_failed_login(
    tx: &mut Tx,
    id: Uuid,
    max_failures: i64,
    lockout: chrono::Duration,
) -> Result<(), sqlx::Error> {
    let now = now();
    tx.query(
        "UPDATE users
         SET locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END,
         failed_logins = CASE WHEN failed_logins + 1 >= $1 THEN 0 ELSE failed_logins + 1 END,
         updated_at = $3
         WHERE id = $4",
    )
    .bind(max_failures)
    .bind(now + lockout)
    .bind(now)
    .bind(id)
    .execute()
    .await?;
    Ok(())
}

pub(crate) async fn record_successful_login(tx: &mut Tx, id: Uuid) -> Result<(), sqlx::Error> {
    tx.query(
        "UPDATE users
         SET failed_logins = 0, locked_until = NULL
         WHERE id = $1 AND (failed_logins <> 0 OR locked_until IS NOT NULL)",
    )
    .bind(id)
    .execute()
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn phones_normalise_to_domestic_form() {
        assert_eq!(normalize_phone("+84 912 345 678").unwrap(), "0912345678");
        assert_eq!(normalize_phone("0912.345.678").unwrap(), "0912345678");
        assert_eq!(normalize_phone("84912345678").unwrap(), "0912345678");
        assert!(normalize_phone("0123456789").is_err()); // 01x prefixes were retired
        assert!(normalize_phone("091234567").is_err());
        assert!(normalize_phone("09123456789").is_err());
        assert!(normalize_phone("09a2345678").is_err());
    }

    #[test]
    fn emails_are_lowercased_and_checked() {
        assert_eq!(
            normalize_email("  An.Nguyen@Example.VN ").unwrap(),
            "an.nguyen@example.vn"
        );
        for bad in [
            "",
            "an",
            "an@",
            "@example.vn",
            "an@example",
            "an @example.vn",
            "an@.vn",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad} should be rejected");
        }
    }
}

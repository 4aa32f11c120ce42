//! What can go wrong in identity, each with its stable code.

use cho_platform::error::{DomainError, ErrorCode, ErrorKind};

#[derive(Debug, thiserror::Error)]
pub enum IdentityError {
    #[error("an account with this email or phone number already exists")]
    AccountExists,
    #[error("invalid email, phone or password")]
    InvalidCredentials,
    #[error("this account is disabled")]
    AccountDisabled,
    #[error("refresh token is invalid, expired or revoked")]
    RefreshTokenInvalid,
    #[error("refresh token was already used: every session of this sign-in is now revoked")]
    RefreshTokenReused,
    #[error("the current password is not right")]
    WrongPassword,
    #[error("an account can keep at most {max} addresses")]
    TooManyAddresses { max: i64 },
}

impl DomainError for IdentityError {
    fn kind(&self) -> ErrorKind {
        match self {
            IdentityError::AccountExists => ErrorKind::Conflict,
            IdentityError::InvalidCredentials
            | IdentityError::RefreshTokenInvalid
            | IdentityError::RefreshTokenReused => ErrorKind::Unauthorized,
            IdentityError::AccountDisabled | IdentityError::WrongPassword => ErrorKind::Forbidden,
            IdentityError::TooManyAddresses { .. } => ErrorKind::Unprocessable,
        }
    }

    fn code(&self) -> &'static str {
        match self {
            IdentityError::AccountExists => "account_exists",
            IdentityError::InvalidCredentials => "invalid_credentials",
            IdentityError::AccountDisabled => "account_disabled",
            IdentityError::RefreshTokenInvalid => "refresh_token_invalid",
            IdentityError::RefreshTokenReused => "refresh_token_reused",
            IdentityError::WrongPassword => "wrong_password",
            IdentityError::TooManyAddresses { .. } => "too_many_addresses",
        }
    }
}

/// Identity's codes, for the API document.
#[rustfmt::skip]
pub const ERROR_CODES: &[ErrorCode] = &[
    ErrorCode { code: "account_exists", status: 409, meaning: "an account with this email or phone number exists" },
    ErrorCode { code: "invalid_credentials", status: 401, meaning: "wrong email, phone or password (or the account is locked for a while)" },
    ErrorCode { code: "account_disabled", status: 403, meaning: "the account is disabled" },
    ErrorCode { code: "refresh_token_invalid", status: 401, meaning: "the refresh token is invalid, expired or revoked: sign in again" },
    ErrorCode { code: "refresh_token_reused", status: 401, meaning: "the refresh token was used twice: every session of the sign-in was revoked" },
    ErrorCode { code: "wrong_password", status: 403, meaning: "the current password given to change it is not right" },
    ErrorCode { code: "too_many_addresses", status: 422, meaning: "the account keeps the most addresses allowed" },
];

//! Cursor pagination: `?limit=&cursor=` in, `{"items": […], "nextCursor": …}` out.
//! A cursor is the opaque, URL-safe encoding of the last row's sort key.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

pub const DEFAULT_LIMIT: i64 = 20;
pub const MAX_LIMIT: i64 = 100;

#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct Page<T> {
    pub items: Vec<T>,
    pub next_cursor: Option<String>,
}

/// Validates `?limit=`: default 20, 1 to 100.
pub fn limit(requested: Option<i64>) -> Result<i64, ApiError> {
    match requested {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(n) => Err(ApiError::bad_request(format!(
            "limit must be between 1 and {MAX_LIMIT}, got {n}"
        ))),
    }
}

pub fn encode_cursor<K: Serialize>(key: &K) -> String {
    URL_SAFE_NO_PAD.encode(serde_json::to_vec(key).expect("cursor keys serialise"))
}

pub fn decode_cursor<K: DeserializeOwned>(cursor: &str) -> Result<K, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .ok_or_else(|| ApiError::bad_request("cursor is not one this API issued"))
}

/// Builds a page from `limit + 1` fetched rows: the extra row only says that
/// another page exists, and the cursor is the key of the last row returned.
pub fn page_from<R, T, K: Serialize>(
    mut rows: Vec<R>,
    limit: i64,
    key: impl Fn(&R) -> K,
    render: impl FnMut(R) -> T,
) -> Page<T> {
    let has_more = rows.len() as i64 > limit;
    rows.truncate(limit as usize);
    let next_cursor = if has_more {
        rows.last().map(|r| encode_cursor(&key(r)))
    } else {
        None
    };
    Page {
        items: rows.into_iter().map(render).collect(),
        next_cursor,
    }
}

/// The common `?limit=&cursor=` query parameters.
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Page size, 1 to 100 (default 20).
    pub limit: Option<i64>,
    /// `nextCursor` of the previous page.
    pub cursor: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_garbage() {
        let key = (42i64, "abc".to_owned());
        let decoded: (i64, String) = decode_cursor(&encode_cursor(&key)).unwrap();
        assert_eq!(decoded, key);
        assert!(decode_cursor::<(i64, String)>("not-a-cursor!").is_err());
    }

    #[test]
    fn limit_bounds() {
        assert_eq!(limit(None).unwrap(), 20);
        assert_eq!(limit(Some(100)).unwrap(), 100);
        assert!(limit(Some(0)).is_err());
        assert!(limit(Some(101)).is_err());
    }

    #[test]
    fn page_from_sets_cursor_only_when_more_rows_exist() {
        let page = page_from(vec![1, 2, 3], 2, |r| *r, |r| r * 10);
        assert_eq!(page.items, vec![10, 20]);
        assert_eq!(
            decode_cursor::<i32>(page.next_cursor.as_deref().unwrap()).unwrap(),
            2
        );
        let last = page_from(vec![1, 2], 2, |r| *r, |r| r);
        assert!(last.next_cursor.is_none());
    }
}

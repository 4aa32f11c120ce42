//! Callbacks that fail verification (forged, tampered, malformed). Each is counted and
//! logged; what is kept of it is bounded — an excerpt, a hash of the whole and the
//! reason — and only so many a minute per source address, so forged traffic cannot
//! fill the database.

use std::sync::Arc;

use cho_platform::extract::ClientInfo;
use cho_platform::ratelimit::{SharedLimiter, Verdict};
use cho_platform::AppState;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

use crate::attempts;
use crate::gateway::{self, Rejected};

/// How much of a rejected callback is kept.
const EXCERPT_BYTES: usize = 1024;
/// Rejected callbacks recorded per source address per minute; the rest are only counted.
const RECORDS_PER_MINUTE: i64 = 20;

#[derive(Clone, Default)]
pub struct Recorder {
    /// Never synced: a budget of this process's own.
    per_source: Arc<SharedLimiter>,
}

impl Recorder {
    pub async fn note(
        &self,
        state: &AppState,
        provider: &'static str,
        client: &ClientInfo,
        callback: &Value,
        rejected: &Rejected,
    ) {
        let reference = ["vnp_TxnRef", "orderId", "data"]
            .iter()
            .find_map(|field| gateway::text(callback, field))
            .map(|r| excerpt(&r, 64).to_owned());
        let kind = match rejected {
            Rejected::BadSignature => "bad_signature",
            Rejected::OtherMerchant(_) => "other_merchant",
            Rejected::Malformed(_) => "malformed",
        };
        metrics::counter!("cho_payment_suspicious_callbacks_total", "provider" => provider, "reason" => kind)
            .increment(1);
        let source = client.ip.as_deref().unwrap_or("unknown");
        tracing::warn!(provider, source, reference = ?reference, reason = %rejected, "suspicious payment callback rejected");
        if self.per_source.hit(source, RECORDS_PER_MINUTE) != Verdict::Allowed {
            metrics::counter!("cho_payment_suspicious_callbacks_unrecorded_total", "provider" => provider)
                .increment(1);
            return;
        }
        let whole = callback.to_string();
        let record = json!({
            "excerpt": excerpt(&whole, EXCERPT_BYTES),
            "sha256": hex::encode(Sha256::digest(whole.as_bytes())),
            "bytes": whole.len(),
            "reason": rejected.to_string(),
            "source": source,
        });
        let outcome = format!("callback:{kind}");
        attempts::record_callback(&state.db, provider, None, &record, &outcome).await;
    }
}

/// At most `max` bytes of `text`, cut at a character boundary.
fn excerpt(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

#[cfg(test)]
mod tests {
    #[test]
    fn excerpts_cut_at_character_boundaries() {
        assert_eq!(super::excerpt("Thanh toán", 9), "Thanh to");
        assert_eq!(super::excerpt("abc", 10), "abc");
    }
}

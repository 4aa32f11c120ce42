//! Vietnamese-aware text folding and URL slugs: "Điện thoại Samsung" → "dien-thoai-samsung".

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// Removes diacritics and keeps everything else, case included:
/// "Titan Tự nhiên" → "Titan Tu nhien", "Đen" → "Den".
pub fn fold(text: &str) -> String {
    // NFD splits "ệ" into "e" plus combining marks, which are then dropped;
    // "đ" has no decomposition and is mapped by hand.
    text.nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            c => c,
        })
        .collect()
}

pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    for ch in fold(text).chars().map(|c| c.to_ascii_lowercase()) {
        if ch.is_ascii_alphanumeric() {
            if pending_dash && !slug.is_empty() {
                slug.push('-');
            }
            pending_dash = false;
            slug.push(ch);
        } else {
            pending_dash = true;
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::{fold, slugify};
    use proptest::prelude::*;

    #[test]
    fn fold_removes_diacritics_and_keeps_the_rest() {
        assert_eq!(fold("Titan Tự nhiên"), "Titan Tu nhien");
        assert_eq!(fold("Đen Không Gian, đỏ"), "Den Khong Gian, do");
        assert_eq!(fold("1.5 HP / 16GB"), "1.5 HP / 16GB");
        assert_eq!(
            fold("Tie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t"),
            "Tieng Viet"
        );
    }

    #[test]
    fn vietnamese_text_becomes_ascii_slugs() {
        assert_eq!(slugify("Điện thoại Samsung"), "dien-thoai-samsung");
        assert_eq!(
            slugify("  Nồi cơm điện Sharp 1.8 lít "),
            "noi-com-dien-sharp-1-8-lit"
        );
        assert_eq!(
            slugify("Tai nghe — Sony WH-1000XM5!"),
            "tai-nghe-sony-wh-1000xm5"
        );
        assert_eq!(
            slugify("Máy lọc không khí Xiaomi"),
            "may-loc-khong-khi-xiaomi"
        );
        // Precomposed and decomposed input give the same slug.
        assert_eq!(
            slugify("Tie\u{0302}\u{0301}ng Vie\u{0323}\u{0302}t"),
            slugify("Tiếng Việt")
        );
    }

    proptest! {
        #[test]
        fn slugs_are_always_url_safe(text in "\\PC*") {
            let slug = slugify(&text);
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'));
            prop_assert!(!slug.starts_with('-') && !slug.ends_with('-') && !slug.contains("--"));
        }
    }
}

//! The Vietnamese analyzer: how text becomes the terms that are indexed and searched.
//!
//! Every word gives two terms, one per field family:
//! - **exact**: NFC, lower case, with the tone mark moved to one canonical vowel, so the
//!   old and new placements (`hoà` / `hòa`, `thuỷ` / `thủy`) are the same term;
//! - **folded**: every diacritic removed and `đ` → `d` (`xịt chống nắng` → `xit chong
//!   nang`), for shoppers who type without accents.
//!
//! A query is analyzed the same way and searches both families, the exact one boosted,
//! so `chó` ranks "chó" above "chợ" while `cho` finds both. Typo tolerance belongs to the
//! folded family only: a word differing only in its accents is never a typo.
//!
//! Words are runs of letters and digits (combining marks included, so text typed in NFD
//! stays whole). Digits joined by `.` or `,` are one number (`1.5`, `1,5` → `1.5`). A word
//! mixing letters and digits (`iphone15`, `s24`, `rtx4060`) is kept whole and also split
//! into its parts, so "iphone15" finds "iPhone 15" and "ip 15" finds it by prefix.

use tantivy::tokenizer::{Token, TokenStream, Tokenizer};
use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// The five Vietnamese tone marks, as combining characters.
const TONES: [char; 5] = ['\u{0300}', '\u{0301}', '\u{0303}', '\u{0309}', '\u{0323}'];
/// The marks that make a vowel another letter (â ê ô, ă, ơ ư): the tone goes on it.
const VOWEL_MARKS: [char; 3] = ['\u{0302}', '\u{0306}', '\u{031B}'];

/// One term of a text: its two forms and where it came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub exact: String,
    pub folded: String,
    /// Byte offsets into the text analyzed.
    pub from: usize,
    pub to: usize,
    pub position: usize,
}

/// Lower case, NFC, with the tone mark on the canonical vowel.
pub fn exact(word: &str) -> String {
    unify_tone(&word.to_lowercase())
}

/// Lower case with every diacritic removed and đ → d.
pub fn fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Moves a word's tone mark to one vowel of its vowel group: the one that carries a
/// vowel mark (`tuấn`, `người`), else the group's last vowel (`hoà`, `thuỷ`). A word
/// with no tone, or with several (two syllables written together), is left in NFC.
fn unify_tone(word: &str) -> String {
    // Letters with the marks that follow each, from the decomposed word.
    let mut letters: Vec<(char, Vec<char>)> = Vec::new();
    for c in word.nfd() {
        match letters.last_mut() {
            Some((_, marks)) if is_combining_mark(c) => marks.push(c),
            _ => letters.push((c, Vec::new())),
        }
    }
    let toned: Vec<usize> = (0..letters.len())
        .filter(|&i| letters[i].1.iter().any(|m| TONES.contains(m)))
        .collect();
    let [at] = toned[..] else {
        return word.nfc().collect();
    };
    let Some(tone_index) = letters[at].1.iter().position(|m| TONES.contains(m)) else {
        return word.nfc().collect();
    };
    let tone = letters[at].1.remove(tone_index);
    let group = |i: usize| is_vowel(letters[i].0);
    let (mut start, mut end) = (at, at);
    while start > 0 && group(start - 1) {
        start -= 1;
    }
    while end + 1 < letters.len() && group(end + 1) {
        end += 1;
    }
    let target = (start..=end)
        .rev()
        .find(|&i| letters[i].1.iter().any(|m| VOWEL_MARKS.contains(m)))
        .or_else(|| (start..=end).rev().find(|&i| group(i)))
        .unwrap_or(at);
    letters[target].1.push(tone);
    letters
        .into_iter()
        .flat_map(|(letter, marks)| std::iter::once(letter).chain(marks))
        .nfc()
        .collect()
}

/// Whether `c` belongs to a word: a letter, a digit, or a mark on one.
fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || is_combining_mark(c)
}

/// The words of `text` as byte ranges; digits around a `.` or `,` stay one word.
fn words(text: &str) -> Vec<(usize, usize)> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut words = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &(offset, c)) in chars.iter().enumerate() {
        let joins_number = matches!(c, '.' | ',')
            && start.is_some()
            && i > 0
            && chars[i - 1].1.is_ascii_digit()
            && chars
                .get(i + 1)
                .is_some_and(|(_, next)| next.is_ascii_digit());
        if is_word_char(c) || joins_number {
            start.get_or_insert(offset);
        } else if let Some(from) = start.take() {
            words.push((from, offset));
        }
    }
    if let Some(from) = start {
        words.push((from, text.len()));
    }
    words
}

/// The letter and digit runs of a word that mixes both (`rtx4060` → `rtx`, `4060`);
/// empty for a word that does not.
fn parts(word: &str) -> Vec<(usize, usize)> {
    let has_digit = word.chars().any(|c| c.is_ascii_digit());
    let has_letter = word.chars().any(char::is_alphabetic);
    if !(has_digit && has_letter) {
        return Vec::new();
    }
    let mut parts = Vec::new();
    let mut start = 0;
    let mut digit_run: Option<bool> = None;
    for (offset, c) in word.char_indices() {
        if is_combining_mark(c) {
            continue;
        }
        let digit = c.is_ascii_digit() || matches!(c, '.' | ',');
        if digit_run.is_some_and(|run| run != digit) {
            parts.push((start, offset));
            start = offset;
        }
        digit_run = Some(digit);
    }
    parts.push((start, word.len()));
    parts
}

/// Every term of `text`, in order.
pub fn terms(text: &str) -> Vec<Term> {
    let mut terms = Vec::new();
    let mut position = 0;
    for (from, to) in words(text) {
        let word = &text[from..to];
        let term = |from: usize, to: usize, position: usize| {
            let piece = text[from..to].replace(',', ".");
            Term {
                exact: exact(&piece),
                folded: fold(&piece),
                from,
                to,
                position,
            }
        };
        terms.push(term(from, to, position));
        let pieces = parts(word);
        for (i, (part_from, part_to)) in pieces.iter().enumerate() {
            terms.push(term(from + part_from, from + part_to, position + i));
        }
        position += pieces.len().max(1);
    }
    terms
}

/// Which of a term's two forms a tokenizer emits.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Form {
    Exact,
    Folded,
}

/// [`terms`] as a tantivy tokenizer, emitting one [`Form`]; registered as
/// [`EXACT`] and [`FOLDED`].
#[derive(Debug, Clone, Copy)]
pub struct VietnameseTokenizer(pub Form);

/// The tokenizers' names in an index's tokenizer manager.
pub const EXACT: &str = "vi_exact";
pub const FOLDED: &str = "vi_folded";

impl Tokenizer for VietnameseTokenizer {
    type TokenStream<'a> = Tokens;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Tokens {
        let form = self.0;
        let tokens = terms(text)
            .into_iter()
            .map(|term| Token {
                offset_from: term.from,
                offset_to: term.to,
                position: term.position,
                text: match form {
                    Form::Exact => term.exact,
                    Form::Folded => term.folded,
                },
                position_length: 1,
            })
            .collect();
        Tokens {
            tokens,
            next: 0,
            current: Token::default(),
        }
    }
}

/// The tokens of one text, handed out one by one.
pub struct Tokens {
    tokens: Vec<Token>,
    next: usize,
    current: Token,
}

impl TokenStream for Tokens {
    fn advance(&mut self) -> bool {
        let Some(token) = self.tokens.get_mut(self.next) else {
            return false;
        };
        self.current = std::mem::take(token);
        self.next += 1;
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

/// Registers both tokenizers with `index`, under [`EXACT`] and [`FOLDED`].
pub fn register(index: &tantivy::Index) {
    let manager = index.tokenizers();
    manager.register(EXACT, VietnameseTokenizer(Form::Exact));
    manager.register(FOLDED, VietnameseTokenizer(Form::Folded));
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn exact_terms(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.exact).collect()
    }

    fn folded_terms(text: &str) -> Vec<String> {
        terms(text).into_iter().map(|t| t.folded).collect()
    }

    #[test]
    fn old_and_new_tone_placement_are_one_term() {
        for (old, new) in [
            ("hoà", "hòa"),
            ("thuỷ", "thủy"),
            ("Hoá", "hóa"),
            ("khoẻ", "khỏe"),
            ("tuỳ", "tùy"),
            ("loạ", "lọa"),
        ] {
            assert_eq!(exact(old), exact(new), "{old} / {new}");
        }
        // A vowel carrying its own mark takes the tone, whoever wrote it.
        assert_eq!(exact("người"), "người");
        assert_eq!(exact("Tuấn"), "tuấn");
        assert_eq!(exact("việt"), "việt");
        // Accents still tell words apart in the exact form.
        assert_ne!(exact("chó"), exact("chợ"));
        assert_ne!(exact("thụy"), exact("thủy"));
    }

    #[test]
    fn folding_removes_every_mark_and_crosses_the_d() {
        assert_eq!(folded_terms("Xịt chống nắng"), ["xit", "chong", "nang"]);
        assert_eq!(fold("Đồng hồ ĐẸP"), "dong ho dep");
        assert_eq!(fold("thuỵ"), fold("thụy"));
        assert_eq!(fold("ươ"), "uo");
    }

    #[test]
    fn text_typed_decomposed_gives_the_same_terms() {
        let composed = "Điều hòa Daikin 1.5 tấn";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(exact_terms(composed), exact_terms(&decomposed));
        // The canonical placement is the group's last vowel: "hòa" is kept as "hoà".
        assert_eq!(
            exact_terms(composed),
            ["điều", "hoà", "daikin", "1.5", "tấn"]
        );
    }

    #[test]
    fn model_numbers_are_whole_and_in_parts() {
        assert_eq!(
            exact_terms("iPhone15 Pro Max"),
            ["iphone15", "iphone", "15", "pro", "max"]
        );
        let positions: Vec<usize> = terms("iphone15 pro").iter().map(|t| t.position).collect();
        assert_eq!(
            positions,
            [0, 0, 1, 2],
            "the parts line up with 'iphone 15 pro'"
        );
        assert_eq!(
            exact_terms("Galaxy S24 Ultra"),
            ["galaxy", "s24", "s", "24", "ultra"]
        );
        assert_eq!(exact_terms("RTX 4060"), ["rtx", "4060"]);
        assert_eq!(
            exact_terms("55 inch, 1,5 tấn"),
            ["55", "inch", "1.5", "tấn"]
        );
        assert_eq!(exact_terms("12.990.000 ₫"), ["12.990.000"]);
        assert_eq!(
            exact_terms("8GB/256GB"),
            ["8gb", "8", "gb", "256gb", "256", "gb"]
        );
    }

    #[test]
    fn punctuation_and_syntax_are_only_separators() {
        assert!(terms("\"AND ( * ~ : -- !!!")
            .iter()
            .all(|t| t.exact == "and"));
        assert!(terms("😀🔥 ").is_empty());
        assert!(terms("").is_empty());
        assert_eq!(
            exact_terms("tai nghe\u{0}bluetooth"),
            ["tai", "nghe", "bluetooth"]
        );
    }

    #[test]
    fn offsets_point_at_the_words_written() {
        let text = "Máy lọc không khí";
        let words: Vec<&str> = terms(text).iter().map(|t| &text[t.from..t.to]).collect();
        assert_eq!(words, ["Máy", "lọc", "không", "khí"]);
    }

    #[test]
    fn a_tantivy_index_finds_words_with_and_without_accents() {
        use tantivy::collector::TopDocs;
        use tantivy::query::QueryParser;
        use tantivy::schema::{IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED};
        use tantivy::{doc, Index, TantivyDocument};

        let options = |tokenizer: &str| {
            TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(tokenizer)
                    .set_index_option(IndexRecordOption::WithFreqsAndPositions),
            )
        };
        let mut schema = Schema::builder();
        let name = schema.add_text_field("name", options(EXACT) | STORED);
        let folded = schema.add_text_field("name_folded", options(FOLDED));
        let index = Index::create_in_ram(schema.build());
        register(&index);
        let mut writer = index.writer(15_000_000).unwrap();
        for title in [
            "Xịt chống nắng Anessa",
            "Máy lọc nước Karofi",
            "Điều hoà Daikin 1.5 tấn",
        ] {
            writer
                .add_document(doc!(name => title, folded => title))
                .unwrap();
        }
        writer.commit().unwrap();
        let searcher = index.reader().unwrap().searcher();
        let found = |query: &str| -> Vec<String> {
            let parser = QueryParser::for_index(&index, vec![name, folded]);
            let (query, _) = parser.parse_query_lenient(query);
            searcher
                .search(&query, &TopDocs::with_limit(3).order_by_score())
                .unwrap()
                .into_iter()
                .map(|(_, address)| {
                    let doc: TantivyDocument = searcher.doc(address).unwrap();
                    doc.get_first(name)
                        .and_then(|v| tantivy::schema::Value::as_str(&v))
                        .unwrap()
                        .to_owned()
                })
                .collect()
        };
        assert_eq!(found("xit chong nang"), ["Xịt chống nắng Anessa"]);
        assert_eq!(found("xịt chống nắng"), ["Xịt chống nắng Anessa"]);
        assert_eq!(
            found("điều hòa"),
            ["Điều hoà Daikin 1.5 tấn"],
            "new-style tone finds old-style"
        );
        assert_eq!(found("dieu hoa 1,5 tan"), ["Điều hoà Daikin 1.5 tấn"]);
    }

    proptest! {
        #[test]
        fn folding_is_idempotent_and_ignores_tone_placement(text in "\\PC{0,40}") {
            let folded = fold(&text);
            prop_assert_eq!(fold(&folded), folded.clone());
            prop_assert_eq!(fold(&exact(&text)), fold(&text.to_lowercase()));
        }

        #[test]
        fn exact_is_idempotent(text in "[a-zA-Zàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ ]{0,30}") {
            let once = exact(&text);
            prop_assert_eq!(exact(&once), once);
        }

        #[test]
        fn terms_never_panic_and_point_inside_the_text(text in "\\PC{0,60}") {
            for term in terms(&text) {
                prop_assert!(term.from < term.to && term.to <= text.len());
                prop_assert!(text.is_char_boundary(term.from) && text.is_char_boundary(term.to));
                prop_assert!(!term.exact.is_empty());
            }
        }
    }
}

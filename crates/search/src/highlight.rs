//! Marking what matched: a product's name as HTML with the words the query found wrapped
//! in `<mark>`, by the same analyzer as the search, so "dien thoai" marks "Điện thoại".

use crate::analyzer::{self, Term};

/// `text`, HTML-escaped, with each word a word of `query` matches — exactly, folded or as
/// its beginning — in `<mark>`.
pub fn highlight(query: &str, text: &str) -> String {
    let wanted = analyzer::terms(query);
    let mut marks: Vec<(usize, usize)> = analyzer::terms(text)
        .into_iter()
        .filter(|word| wanted.iter().any(|w| matches(w, word)))
        .map(|word| (word.from, word.to))
        .collect();
    // A mixed word comes whole and as its parts: the widest mark at a place wins.
    marks.sort_unstable_by_key(|&(from, to)| (from, std::cmp::Reverse(to)));
    let mut html = String::with_capacity(text.len() + 16);
    let mut at = 0;
    for (from, to) in marks {
        if from < at {
            continue;
        }
        html.push_str(&htmlescape::encode_minimal(&text[at..from]));
        html.push_str("<mark>");
        html.push_str(&htmlescape::encode_minimal(&text[from..to]));
        html.push_str("</mark>");
        at = to;
    }
    html.push_str(&htmlescape::encode_minimal(&text[at..]));
    html
}

fn matches(wanted: &Term, word: &Term) -> bool {
    word.exact == wanted.exact
        || word.folded == wanted.folded
        || (wanted.folded.chars().count() >= 2 && word.folded.starts_with(&wanted.folded))
}

#[cfg(test)]
mod tests {
    use super::highlight;

    #[test]
    fn marks_words_found_with_or_without_accents_and_escapes_the_rest() {
        assert_eq!(
            highlight("dien thoai sam", "Điện thoại Samsung <S25>"),
            "<mark>Điện</mark> <mark>thoại</mark> <mark>Samsung</mark> &lt;S25&gt;"
        );
        assert_eq!(
            highlight("ip 15", "iPhone15 Pro"),
            "<mark>iPhone15</mark> Pro"
        );
        assert_eq!(highlight("", "A & B"), "A &amp; B");
    }
}

//! `pc_models::text`: folding onto one line, control characters, and cuts counted in characters.

use pc_models::text::{REPLACEMENT, one_line, snippet, truncate_chars};

#[test]
fn one_line_of_empty_or_blank_text_is_empty() {
    for text in ["", " ", "\r\n", "\t \n\u{a0}\u{2028}"] {
        // Act
        let folded = one_line(text);

        // Assert
        assert_eq!(folded, "", "{text:?}");
    }
}

#[test]
fn one_line_folds_every_whitespace_run_including_crlf_into_one_space() {
    // Arrange
    let text = "  first\r\nsecond\n\nthird\t\tfourth\u{b}\u{c}fifth\u{85}sixth\u{2028}seventh  ";

    // Act
    let folded = one_line(text);

    // Assert
    assert_eq!(folded, "first second third fourth fifth sixth seventh");
}

#[test]
fn one_line_replaces_c0_del_and_c1_controls_that_are_not_whitespace() {
    // Arrange: NUL, BEL, ESC (an ANSI colour sequence), US, DEL, and the C1 CSI and APC.
    let text = "a\u{0}b\u{7}c\u{1b}[31md\u{1f}e\u{7f}f\u{9b}g\u{9f}h";

    // Act
    let folded = one_line(text);

    // Assert
    assert_eq!(
        folded,
        "a\u{fffd}b\u{fffd}c\u{fffd}[31md\u{fffd}e\u{fffd}f\u{fffd}g\u{fffd}h"
    );
    assert!(!folded.chars().any(char::is_control));
    assert_eq!(REPLACEMENT, '\u{fffd}');
}

#[test]
fn one_line_keeps_multi_byte_text_and_format_characters_unchanged() {
    // Arrange: accents, CJK, an emoji, and a zero-width joiner (a format character, not a control).
    let text = "héllo 日本 🦀 a\u{200d}b";

    // Act
    let folded = one_line(text);

    // Assert
    assert_eq!(folded, text);
}

#[test]
fn snippet_of_empty_text_is_empty_even_with_a_zero_limit() {
    // Act + Assert
    assert_eq!(snippet("", 0), "");
    assert_eq!(snippet(" \r\n ", 0), "");
    assert_eq!(snippet("", 5), "");
}

#[test]
fn snippet_of_exactly_max_chars_is_whole_without_an_ellipsis() {
    // Act + Assert
    assert_eq!(snippet("abcde", 5), "abcde");
    assert_eq!(snippet("ab cd", 5), "ab cd");
    assert_eq!(snippet("  ab\r\ncd  ", 5), "ab cd");
}

#[test]
fn snippet_of_max_chars_plus_one_keeps_max_chars_and_appends_an_ellipsis() {
    // Act + Assert
    assert_eq!(snippet("abcdef", 5), "abcde…");
    assert_eq!(snippet("abcdef", 0), "…");
}

#[test]
fn snippet_counts_characters_not_bytes_and_never_splits_one() {
    // Arrange: two-, three- and four-byte characters.
    let text = "é日🦀é日🦀";

    // Act
    let cut = snippet(text, 4);

    // Assert
    assert_eq!(cut, "é日🦀é…");
    assert_eq!(snippet(text, 6), text);
}

#[test]
fn snippet_drops_a_space_left_at_the_cut() {
    // Act + Assert
    assert_eq!(snippet("abc def", 3), "abc…");
    assert_eq!(snippet("abc def", 4), "abc…");
    assert_eq!(snippet("abc def", 5), "abc d…");
}

#[test]
fn snippet_counts_folded_text_and_replaced_controls() {
    // Arrange: the `\r\n` counts as one space, the ESC as one replacement character.
    let text = "ab\r\n\u{1b}cd";

    // Act + Assert
    assert_eq!(snippet(text, 4), "ab \u{fffd}…");
    assert_eq!(snippet(text, 5), "ab \u{fffd}c…");
    assert_eq!(snippet(text, 6), "ab \u{fffd}cd");
}

#[test]
fn snippet_of_a_huge_body_is_bounded() {
    // Arrange
    let text = "line\r\n".repeat(100_000);

    // Act
    let cut = snippet(&text, 4096);

    // Assert
    assert_eq!(cut.chars().count(), 4096 + 1);
    assert!(cut.ends_with('…'));
    assert!(!cut.contains(['\r', '\n']));
}

#[test]
fn truncate_chars_of_empty_text_is_empty() {
    // Act + Assert
    assert_eq!(truncate_chars("", 0), "");
    assert_eq!(truncate_chars("", 3), "");
}

#[test]
fn truncate_chars_at_exactly_and_beyond_the_length_returns_everything() {
    // Act + Assert
    assert_eq!(truncate_chars("abc", 3), "abc");
    assert_eq!(truncate_chars("abc", 4), "abc");
    assert_eq!(truncate_chars("abc", usize::MAX), "abc");
}

#[test]
fn truncate_chars_one_short_of_the_length_drops_the_last_character() {
    // Act + Assert
    assert_eq!(truncate_chars("abcd", 3), "abc");
    assert_eq!(truncate_chars("abc", 0), "");
}

#[test]
fn truncate_chars_counts_characters_not_bytes() {
    // Arrange: 1 + 2 + 3 + 4 bytes.
    let text = "aé日🦀";

    // Act + Assert
    assert_eq!(truncate_chars(text, 1), "a");
    assert_eq!(truncate_chars(text, 2), "aé");
    assert_eq!(truncate_chars(text, 3), "aé日");
    assert_eq!(truncate_chars(text, 4), text);
}

#[test]
fn truncate_chars_only_cuts_and_leaves_line_breaks_and_controls_alone() {
    // Arrange
    let text = "a\r\n\u{1b}b";

    // Act + Assert
    assert_eq!(truncate_chars(text, 4), "a\r\n\u{1b}");
    assert_eq!(truncate_chars(text, 2), "a\r");
}

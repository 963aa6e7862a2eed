//! The shared bare-or-wrapped list decoding of `decode_qualification_list` and
//! `decode_validation_codes`: shape picked from the first non-white-space byte, error positions.

use pc_models::{decode_qualification_list, decode_validation_codes};

use crate::TestResult;

#[test]
fn both_decoders_skip_leading_whitespace_before_picking_the_shape() -> TestResult {
    // Arrange
    let qualifications = b" \r\n\t{\"qualifications\": []}";
    let codes = b" \r\n\t{\"items\": [{\"validationId\": \"7\"}]}";

    // Act
    let qualifications = decode_qualification_list(qualifications)?;
    let codes = decode_validation_codes(codes)?;

    // Assert
    assert!(qualifications.is_empty());
    assert_eq!(codes.len(), 1);
    assert_eq!(codes[0].validation_id.expose(), "7");
    Ok(())
}

#[test]
fn validation_code_errors_point_at_the_failing_line_and_column() {
    // Arrange
    let bare = b"[\n  {\"validationId\": true}\n]";
    let wrapped = b"{\"items\": [\n  {\"validationId\": 1.5}\n]}";

    // Act
    let bare_err = decode_validation_codes(bare).expect_err("a boolean id");
    let wrapped_err = decode_validation_codes(wrapped).expect_err("a fractional id");

    // Assert
    assert_eq!((bare_err.line(), bare_err.column()), (2, 23));
    assert_eq!((wrapped_err.line(), wrapped_err.column()), (2, 22));
}

#[test]
fn empty_and_blank_bodies_are_errors_for_both_decoders() {
    for body in [&b""[..], b"  \n"] {
        // Act
        let qualifications = decode_qualification_list(body);
        let codes = decode_validation_codes(body);

        // Assert
        assert!(
            qualifications.is_err_and(|e| e.is_eof()),
            "{:?}",
            String::from_utf8_lossy(body)
        );
        assert!(
            codes.is_err_and(|e| e.is_eof()),
            "{:?}",
            String::from_utf8_lossy(body)
        );
    }
}

#[test]
fn a_wrapper_with_the_other_decoders_field_is_an_error() {
    // Act
    let qualifications = decode_qualification_list(b"{\"items\": []}");
    let codes = decode_validation_codes(b"{\"qualifications\": []}");

    // Assert
    assert!(
        qualifications.is_err_and(|e| e.to_string().contains("missing field `qualifications`"))
    );
    assert!(codes.is_err_and(|e| e.to_string().contains("missing field `items`")));
}

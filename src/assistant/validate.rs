//! Request validation shared by every assistant endpoint: the SPEC's
//! "trimmed query must be 3–500 characters" rule and the typed error object
//! `{ success: false, error, code }` that the server answers with HTTP 400/422.

use crate::input::Field;

/// Fewest characters (Unicode scalar values, as the server's Python counts
/// them) a trimmed query may have.
pub const MIN_CHARS: usize = 3;
/// Most characters a trimmed query may have.
pub const MAX_CHARS: usize = 500;

/// Machine-readable error codes, serialised in `snake_case` (generated from
/// `[assistant_error_code]` of `src/vocab/vocab.txt`).
pub use crate::vocab::ErrorCode;

/// The error object every endpoint returns for bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct AssistantError {
    /// Always `false`.
    pub success: bool,
    /// A sentence a person can read.
    pub error: String,
    /// What a program switches on.
    pub code: ErrorCode,
}

impl AssistantError {
    /// An error with the given code and message.
    pub fn new(code: ErrorCode, error: impl Into<String>) -> Self {
        Self {
            success: false,
            error: error.into(),
            code,
        }
    }

    /// What a program switches on.
    pub fn code(&self) -> ErrorCode {
        self.code
    }

    /// The error as a JSON object, as serde serialises it.
    pub fn to_value(&self) -> crate::json::Json {
        let mut m = crate::json::Map::new();
        m.insert("success".into(), self.success.into());
        m.insert("error".into(), self.error.as_str().into());
        m.insert("code".into(), self.code.as_str().into());
        crate::json::Json::Object(m)
    }
}

impl std::fmt::Display for AssistantError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.error)
    }
}

impl std::error::Error for AssistantError {}

/// Characters that never count and are dropped from the query: C0/C1 control
/// characters other than tab and newline, and the byte-order mark.
fn is_noise(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || c == '\u{feff}'
}

/// Validates the text field `name` (`"query"`, or `"error"` for debug) and
/// returns it trimmed, with control characters removed.
///
/// Length is counted in Unicode scalar values after trimming; counting stops
/// at [`MAX_CHARS`] + 1, so a 10 MB string costs no allocation.
pub fn validate_query(raw: Field<&str>, name: &str) -> Result<String, AssistantError> {
    let text = match raw {
        Field::Value(s) => s,
        Field::Missing => {
            return Err(AssistantError::new(
                ErrorCode::QueryMissing,
                ["Please type a ", name, ": `", name, "` is required."].concat(),
            ))
        }
        Field::WrongType(t) => {
            return Err(AssistantError::new(
                ErrorCode::InvalidType,
                ["`", name, "` must be a string, not ", article(t), t, "."].concat(),
            ))
        }
        Field::NotFinite => {
            return Err(AssistantError::new(
                ErrorCode::InvalidType,
                ["`", name, "` must be a string, not a number."].concat(),
            ))
        }
    };
    let trimmed = text.trim_matches(|c: char| c.is_whitespace() || is_noise(c));
    // printable ASCII, tab and newline (most requests; a long text is
    // walked no further than its first characters): no noise, and one
    // character a byte, so no character walk
    let plain = trimmed.len() <= 4 * MAX_CHARS
        && trimmed
            .bytes()
            .all(|b| matches!(b, b' '..=b'~' | b'\n' | b'\t'));
    let count = if plain {
        trimmed.len().min(MAX_CHARS + 1)
    } else {
        trimmed
            .chars()
            .filter(|&c| !is_noise(c))
            .take(MAX_CHARS + 1)
            .count()
    };
    if count < MIN_CHARS {
        return Err(AssistantError::new(
            ErrorCode::QueryTooShort,
            [
                "Your ",
                name,
                " is too short: please use at least ",
                &crate::digits::dec(MIN_CHARS as u64),
                " characters.",
            ]
            .concat(),
        ));
    }
    if count > MAX_CHARS {
        return Err(AssistantError::new(
            ErrorCode::QueryTooLong,
            [
                "Your ",
                name,
                " is too long: please keep it under ",
                &crate::digits::dec(MAX_CHARS as u64),
                " characters.",
            ]
            .concat(),
        ));
    }
    if plain {
        return Ok(trimmed.to_owned());
    }
    Ok(trimmed.chars().filter(|&c| !is_noise(c)).collect())
}

/// `"an "` or `"a "`, to go before `type_name`.
fn article(type_name: &str) -> &'static str {
    match type_name {
        "array" | "object" => "an ",
        _ => "a ",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn to_value_is_what_serde_writes() {
        for code in [
            ErrorCode::QueryMissing,
            ErrorCode::QueryTooShort,
            ErrorCode::QueryTooLong,
            ErrorCode::InvalidType,
            ErrorCode::InvalidJson,
            ErrorCode::AssistantUnavailable,
        ] {
            let e = AssistantError::new(code, "Some \"text\".");
            let theirs = serde_json::to_string(&e).unwrap();
            assert_eq!(Some(e.to_value()), crate::json::parse(&theirs));
        }
    }

    fn v(s: &str) -> Result<String, AssistantError> {
        validate_query(Field::Value(s), "query")
    }

    #[test]
    fn accepts_and_trims() {
        assert_eq!(v("  how much?  ").unwrap(), "how much?");
        assert_eq!(v("abc").unwrap(), "abc");
    }

    #[test]
    fn bounds_are_inclusive() {
        assert_eq!(v("ab").unwrap_err().code, ErrorCode::QueryTooShort);
        assert!(v(&"é".repeat(MAX_CHARS)).is_ok());
        assert_eq!(
            v(&"é".repeat(MAX_CHARS + 1)).unwrap_err().code,
            ErrorCode::QueryTooLong
        );
        // counted in characters, not bytes or UTF-16 units
        assert!(v("😀😀😀").is_ok());
    }

    #[test]
    fn whitespace_and_control_characters_do_not_count() {
        assert_eq!(v("   \n\t  ").unwrap_err().code, ErrorCode::QueryTooShort);
        assert_eq!(v("\0\0\0\0").unwrap_err().code, ErrorCode::QueryTooShort);
        assert_eq!(v("a\0b\u{7}c").unwrap(), "abc");
    }

    #[test]
    fn huge_input_is_too_long_not_a_crash() {
        let big = "x".repeat(10 * 1024 * 1024);
        assert_eq!(v(&big).unwrap_err().code, ErrorCode::QueryTooLong);
    }

    #[test]
    fn wrong_types_are_typed_errors() {
        let e = validate_query(Field::WrongType("number"), "query").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidType);
        assert!(!e.success);
        let e = validate_query(Field::Missing, "error").unwrap_err();
        assert_eq!(e.code, ErrorCode::QueryMissing);
        assert!(e.error.contains("error"));
        let e = validate_query(Field::NotFinite, "query").unwrap_err();
        assert_eq!(e.code, ErrorCode::InvalidType);
    }

    #[test]
    fn serialises_as_the_spec_shape() {
        let e = v("a").unwrap_err();
        let json = serde_json::to_value(&e).unwrap();
        assert_eq!(json["success"], false);
        assert_eq!(json["code"], "query_too_short");
        assert!(json["error"].as_str().unwrap().len() > 10);
    }
}

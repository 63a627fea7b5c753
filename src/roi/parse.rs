//! Reading a number typed into an ROI field, with the decimal and grouping
//! marks of the locales the calculator formats: `35,5` is 35.5 in de-DE and
//! fr-FR, `1.234,5` is 1234.5 in de-DE, `1 234,5` (space, no-break space or
//! narrow no-break space) is 1234.5 in fr-FR, `1,234.5` is 1234.5 in English.
//! Grouping must be well formed (groups of three), so `1,5` in English is an
//! error rather than 15. Never panics: every input answers a value or a
//! [`NumberError`].

use super::Locale;
use std::fmt;

/// Longest text read (a valid field value is far shorter).
pub const MAX_INPUT_CHARS: usize = 64;

/// Why typed text is not a number: its own code enum (generated from
/// `[roi_number_error]` of `src/vocab/vocab.txt`; `as_str` is the wire code).
pub use crate::vocab::NumberError;

impl NumberError {
    /// What a program switches on (the error is its own code).
    pub fn code(self) -> NumberError {
        self
    }
}

impl NumberError {
    /// A sentence a person can read (also the `Display` text).
    pub fn message(self) -> &'static str {
        match self {
            Self::Empty => "Enter a number.",
            Self::TooLong => "That is too long to be a number.",
            Self::BadGrouping => "The thousands separators are in the wrong place.",
            Self::NotANumber => "Enter a number, such as 35 or 35.5.",
        }
    }
}

impl fmt::Display for NumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.message())
    }
}

impl std::error::Error for NumberError {}

/// The spaces accepted as grouping marks: space, no-break space, narrow
/// no-break space, thin space.
fn is_space_group(c: char) -> bool {
    matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\u{2009}')
}

/// (decimal marks accepted, whether `c` is a grouping mark) per locale. In
/// fr-FR a `.` is read as a decimal mark too (it is never a group mark
/// there); in de-DE it is the group mark, so `35.5` is a grouping error.
fn marks(locale: Locale) -> (&'static [char], fn(char) -> bool) {
    match locale {
        Locale::EnGb | Locale::EnUs | Locale::EnIe => (&['.'], |c| c == ',' || is_space_group(c)),
        Locale::DeDe => (&[','], |c| c == '.' || is_space_group(c)),
        Locale::FrFr => (&[',', '.'], is_space_group),
    }
}

/// Reads `text` as a number written in `locale`: an optional sign (`+`, `-`
/// or `−`), digits with optional grouping marks between groups of three,
/// and an optional decimal mark with digits after it.
///
/// ```
/// use levqor_wasm::roi::{parse_number, Locale, NumberError};
/// assert_eq!(parse_number("35,5", Locale::DeDe), Ok(35.5));
/// assert_eq!(parse_number("1.234,5", Locale::DeDe), Ok(1234.5));
/// assert_eq!(parse_number("1\u{202f}234,5", Locale::FrFr), Ok(1234.5));
/// assert_eq!(parse_number("1,234.5", Locale::EnGb), Ok(1234.5));
/// assert_eq!(parse_number("1,5", Locale::EnGb), Err(NumberError::BadGrouping));
/// ```
pub fn parse_number(text: &str, locale: Locale) -> Result<f64, NumberError> {
    let t = text.trim_matches(|c: char| c.is_whitespace());
    if t.is_empty() {
        return Err(NumberError::Empty);
    }
    if crate::substr::char_count(t) > MAX_INPUT_CHARS {
        return Err(NumberError::TooLong);
    }
    let (decimals, is_group) = marks(locale);
    let (negative, rest) = match t.chars().next() {
        Some(c @ ('+' | '-' | '\u{2212}')) => (c != '+', &t[c.len_utf8()..]),
        _ => (false, t),
    };
    // Split at the decimal mark (at most one).
    let mut split = rest.splitn(2, |c| decimals.contains(&c));
    let int_part = split.next().unwrap_or("");
    let frac_part = split.next();
    if let Some(f) = frac_part {
        if f.chars().any(|c| decimals.contains(&c)) {
            return Err(NumberError::NotANumber);
        }
        if f.is_empty() && int_part.is_empty() {
            return Err(NumberError::NotANumber);
        }
        if !f.bytes().all(|b| b.is_ascii_digit()) {
            return Err(if f.chars().all(|c| c.is_ascii_digit() || is_group(c)) {
                NumberError::BadGrouping
            } else {
                NumberError::NotANumber
            });
        }
    }
    // The integer part: digits, or groups of three after a first group of
    // one to three, all separated by the same grouping mark.
    let mut digits = String::with_capacity(int_part.len() + 8);
    let mut group_mark: Option<char> = None;
    let mut group_len = 0usize;
    let mut groups = 0usize;
    for c in int_part.chars() {
        if c.is_ascii_digit() {
            digits.push(c);
            group_len += 1;
        } else if is_group(c) {
            let first = groups == 0;
            let space = is_space_group(c);
            let same = group_mark.map_or(true, |m| m == c || (space && is_space_group(m)));
            if group_len == 0 || !same || (first && group_len > 3) || (!first && group_len != 3) {
                return Err(NumberError::BadGrouping);
            }
            group_mark = Some(c);
            groups += 1;
            group_len = 0;
        } else {
            return Err(NumberError::NotANumber);
        }
    }
    if groups > 0 && group_len != 3 {
        return Err(NumberError::BadGrouping);
    }
    if digits.is_empty() && frac_part.map_or(true, str::is_empty) {
        return Err(NumberError::NotANumber);
    }
    Ok(to_f64(negative, &digits, frac_part.unwrap_or("")))
}

/// The value of ASCII digits `int.frac`, without the standard library's
/// float parser (≈ 14 KB of gzipped wasm): up to 19 significant digits are
/// read into an integer and scaled once by a power of ten. With at most 15
/// significant digits and 22 decimals (every amount a field holds) both are
/// exact, so the one division is correctly rounded: the value `str::parse`
/// gives. Digits beyond 19 only scale the value.
fn to_f64(negative: bool, int: &str, frac: &str) -> f64 {
    let mut mantissa: u64 = 0;
    let mut significant = 0u32;
    let mut scale = 0i32; // value = mantissa · 10^scale
    for b in int.bytes() {
        if significant < 19 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            if mantissa > 0 {
                significant += 1;
            }
        } else {
            scale += 1;
        }
    }
    for b in frac.bytes() {
        if significant < 19 {
            mantissa = mantissa * 10 + u64::from(b - b'0');
            if mantissa > 0 {
                significant += 1;
            }
            scale -= 1;
        }
    }
    let m = mantissa as f64;
    let v = if scale >= 0 {
        m * 10f64.powi(scale)
    } else {
        m / 10f64.powi(-scale)
    };
    if negative {
        -v
    } else {
        v
    }
}

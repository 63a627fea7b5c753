//! Why `track` refuses an event: the closed set of refusal reasons (its
//! wire names generated in [`crate::vocab`]) and which of them mean
//! personal data.

/// Why `track` refused an event, generated from `[refusal_reason]` of
/// `src/vocab/vocab.txt` (`ALL` in wire order, `as_str`, `parse`). Counted
/// per reason, never thrown, and the refused value itself is never kept or
/// logged.
pub use crate::vocab::RefusalReason as Reason;

impl Reason {
    /// Whether this reason means personal data or a secret was detected.
    pub fn is_pii(self) -> bool {
        !matches!(
            self,
            Reason::UnknownEvent
                | Reason::PropsNotObject
                | Reason::UnknownProp
                | Reason::InvalidValue
                | Reason::FreeText
        )
    }
}

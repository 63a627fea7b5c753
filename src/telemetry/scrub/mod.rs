//! Scrubbing: refusal reasons ([`reason`]), the personal-data detectors
//! ([`pii`], with IP syntax in [`ip`]) and page-path coarsening ([`path`]). No regex: every check is a
//! linear scan.

pub mod ip;
pub mod path;
pub mod pii;
pub mod reason;

pub use path::{coarsen_path, MAX_SEGMENTS, MAX_SEGMENT_LEN};
pub use pii::{detect_pii, MAX_SCAN};
pub use reason::Reason;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_lose_ids_and_queries() {
        assert_eq!(
            coarsen_path("/workflows/8f3a9c1e7b2d4f60/edit?x=1").as_deref(),
            Ok("/workflows/:id/edit")
        );
        assert_eq!(
            coarsen_path("https://levqor.ai/Pricing/#faq").as_deref(),
            Ok("/pricing")
        );
        assert_eq!(
            coarsen_path("/runs/123/steps/550e8400-e29b-41d4-a716-446655440000").as_deref(),
            Ok("/runs/:id/steps/:id")
        );
        assert_eq!(coarsen_path("/users/jo@example.com"), Err(Reason::Email));
        assert_eq!(
            coarsen_path("/search/how%20do%20i%20cancel"),
            Err(Reason::FreeText)
        );
        assert_eq!(coarsen_path("pricing"), Err(Reason::InvalidValue));
        assert_eq!(coarsen_path("/").as_deref(), Ok("/"));
    }

    #[test]
    fn luhn_separates_cards_from_other_digits() {
        assert_eq!(detect_pii("4111 1111 1111 1111"), Some(Reason::CardNumber));
        assert_ne!(detect_pii("4111 1111 1111 1112"), Some(Reason::CardNumber));
    }
}

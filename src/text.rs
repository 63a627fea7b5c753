//! The matching engine shared by the assistant endpoints (filled in by the assistant work).

//! The exit-intent state machine (filled in by the exit-intent work).

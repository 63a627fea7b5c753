//! Privacy-safe telemetry (filled in by the telemetry work).

//! Server-or-fallback policy: circuit breaker, response validation (filled in by the bridge work).

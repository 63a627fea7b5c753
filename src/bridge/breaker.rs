//! The circuit breaker: counts consecutive server failures, skips the server
//! for a cool-down once they reach the threshold, then lets exactly one probe
//! through (half-open) while every other caller falls back.

/// Breaker settings. Built by [`super::Config::from_json`], which clamps them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BreakerConfig {
    /// Consecutive failures that open the breaker. Default 3, range 1–100.
    pub failure_threshold: u32,
    /// How long the server is skipped once open, ms. Default 30 000, range 0–3 600 000.
    pub cooldown_ms: f64,
    /// A probe outstanding for longer than this is presumed lost (its promise
    /// was dropped) and another caller may probe, ms. The client sets it to
    /// the request timeout plus one second.
    pub probe_timeout_ms: f64,
}

impl Default for BreakerConfig {
    fn default() -> Self {
        Self {
            failure_threshold: 3,
            cooldown_ms: 30_000.0,
            probe_timeout_ms: 16_000.0,
        }
    }
}

/// Where the breaker stands.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum State {
    /// Calls go to the server; `failures` consecutive ones have failed.
    Closed {
        /// Consecutive failures so far (below the threshold).
        failures: u32,
    },
    /// The server is skipped until `until` (ms).
    Open {
        /// End of the cool-down.
        until: f64,
    },
    /// One probe is outstanding since `since` (ms); everyone else falls back.
    HalfOpen {
        /// When the probe started.
        since: f64,
    },
}

/// What a caller may do now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Admit {
    /// Call the server.
    Call,
    /// Call the server as the single half-open probe.
    Probe,
    /// Do not call the server: it is open, or another caller is probing.
    Skip,
}

/// The breaker itself. Time is passed in (ms), so it is pure.
#[derive(Debug, Clone)]
pub struct Breaker {
    cfg: BreakerConfig,
    state: State,
}

impl Breaker {
    /// A closed breaker.
    pub fn new(cfg: BreakerConfig) -> Self {
        Self {
            cfg,
            state: State::Closed { failures: 0 },
        }
    }

    /// The current state.
    pub fn state(&self) -> State {
        self.state
    }

    /// The settings.
    pub fn config(&self) -> &BreakerConfig {
        &self.cfg
    }

    /// Asks to call the server at `now`. Moving from open to half-open
    /// happens here, for the first caller after the cool-down only.
    pub fn admit(&mut self, now: f64) -> Admit {
        match self.state {
            State::Closed { .. } => Admit::Call,
            State::Open { until } if now >= until => {
                self.state = State::HalfOpen { since: now };
                Admit::Probe
            }
            State::Open { .. } => Admit::Skip,
            State::HalfOpen { since } if now - since > self.cfg.probe_timeout_ms => {
                self.state = State::HalfOpen { since: now };
                Admit::Probe
            }
            State::HalfOpen { .. } => Admit::Skip,
        }
    }

    /// Reports how a call admitted with `admit` ended.
    ///
    /// A success from any call closes the breaker (the server answered). A
    /// failure counts toward the threshold while closed; a failed probe
    /// re-opens it for another cool-down; a late failure of a call that
    /// started before the breaker opened changes nothing (it is old news).
    pub fn record(&mut self, admit: Admit, ok: bool, now: f64) {
        if admit == Admit::Skip {
            return;
        }
        if ok {
            self.state = State::Closed { failures: 0 };
            return;
        }
        match (self.state, admit) {
            (State::Closed { failures }, _) => {
                let failures = failures.saturating_add(1);
                self.state = if failures >= self.cfg.failure_threshold.max(1) {
                    State::Open {
                        until: now + self.cfg.cooldown_ms,
                    }
                } else {
                    State::Closed { failures }
                };
            }
            (State::HalfOpen { .. }, Admit::Probe) => {
                self.state = State::Open {
                    until: now + self.cfg.cooldown_ms,
                };
            }
            _ => {}
        }
    }

    /// Forgets everything (the browser came back online: try the server).
    pub fn reset(&mut self) {
        self.state = State::Closed { failures: 0 };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn breaker(threshold: u32, cooldown: f64) -> Breaker {
        Breaker::new(BreakerConfig {
            failure_threshold: threshold,
            cooldown_ms: cooldown,
            probe_timeout_ms: 1_000.0,
        })
    }

    #[test]
    fn opens_after_threshold_consecutive_failures() {
        let mut b = breaker(3, 100.0);
        for i in 0..3 {
            assert_eq!(b.admit(0.0), Admit::Call, "call {i}");
            b.record(Admit::Call, false, 0.0);
        }
        assert_eq!(b.state(), State::Open { until: 100.0 });
        assert_eq!(b.admit(99.9), Admit::Skip);
    }

    #[test]
    fn a_success_resets_the_count() {
        let mut b = breaker(3, 100.0);
        for ok in [false, false, true, false, false, true, false, false] {
            let a = b.admit(0.0);
            assert_eq!(a, Admit::Call);
            b.record(a, ok, 0.0);
        }
        assert_eq!(b.state(), State::Closed { failures: 2 });
    }

    #[test]
    fn one_probe_after_cooldown_then_close_or_reopen() {
        let mut b = breaker(1, 100.0);
        b.record(b.clone().admit(0.0), false, 0.0);
        assert_eq!(b.admit(100.0), Admit::Probe);
        assert_eq!(b.admit(100.0), Admit::Skip, "second caller falls back");
        b.record(Admit::Probe, false, 150.0);
        assert_eq!(b.state(), State::Open { until: 250.0 });
        assert_eq!(b.admit(249.0), Admit::Skip);
        assert_eq!(b.admit(250.0), Admit::Probe);
        b.record(Admit::Probe, true, 260.0);
        assert_eq!(b.state(), State::Closed { failures: 0 });
        assert_eq!(b.admit(261.0), Admit::Call);
    }

    #[test]
    fn a_lost_probe_is_replaced_after_the_probe_timeout() {
        let mut b = breaker(1, 0.0);
        b.record(Admit::Call, false, 0.0);
        assert_eq!(b.admit(0.0), Admit::Probe);
        assert_eq!(b.admit(1_000.0), Admit::Skip);
        assert_eq!(b.admit(1_000.1), Admit::Probe);
    }

    #[test]
    fn late_failures_of_old_calls_do_not_extend_or_abort_the_probe() {
        let mut b = breaker(1, 100.0);
        let old = b.admit(0.0);
        let first = b.admit(0.0);
        b.record(first, false, 0.0); // opens until 100
        b.record(old, false, 50.0); // old news
        assert_eq!(b.state(), State::Open { until: 100.0 });
        assert_eq!(b.admit(100.0), Admit::Probe);
        b.record(Admit::Call, false, 101.0); // another old call
        assert_eq!(b.state(), State::HalfOpen { since: 100.0 });
    }

    #[test]
    fn threshold_zero_behaves_as_one() {
        let mut b = breaker(0, 10.0);
        b.record(Admit::Call, false, 0.0);
        assert!(matches!(b.state(), State::Open { .. }));
    }
}

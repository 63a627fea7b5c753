//! Fixed-bucket latency histograms and the percentiles read from them.
//!
//! Bucket upper bounds ([`BOUNDS`], milliseconds) grow by at most ×1.34 per
//! step from 30 ms up to 60 s, plus an overflow bucket. A percentile is
//! interpolated linearly inside the bucket that holds its rank, so its error is
//! at most that bucket's width: ≤ 5 ms below 30 ms, and ≤ 34 % of the value
//! (typically ≤ 25 %) from 30 ms to 60 s. Above 60 s the estimate is clamped
//! to 60 s.

/// Inclusive upper bounds of the buckets, in ms; a final overflow bucket
/// holds everything above the last bound.
pub const BOUNDS: [u32; 39] = [
    5, 10, 15, 20, 25, 30, 40, 50, 60, 75, 100, 125, 150, 200, 250, 300, 400, 500, 600, 750, 1000,
    1250, 1500, 2000, 2500, 3000, 4000, 5000, 6000, 7500, 10000, 12500, 15000, 20000, 25000, 30000,
    40000, 50000, 60000,
];

/// Number of buckets including the overflow bucket.
pub const N_BUCKETS: usize = BOUNDS.len() + 1;

/// Counts per bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    counts: [u64; N_BUCKETS],
}

impl Default for Histogram {
    fn default() -> Self {
        Self {
            counts: [0; N_BUCKETS],
        }
    }
}

/// The bucket index for `ms` (negative and non-finite values are not recorded
/// by callers).
pub fn bucket_of(ms: f64) -> usize {
    BOUNDS
        .iter()
        .position(|b| ms <= f64::from(*b))
        .unwrap_or(BOUNDS.len())
}

impl Histogram {
    /// Records one observation.
    pub fn record(&mut self, ms: f64) {
        self.add(bucket_of(ms), 1);
    }
    /// Adds `n` to bucket `i` (ignored when `i` is out of range).
    pub fn add(&mut self, i: usize, n: u64) {
        if let Some(c) = self.counts.get_mut(i) {
            *c = c.saturating_add(n);
        }
    }
    /// Adds every count of `other`.
    pub fn merge(&mut self, other: &Histogram) {
        for (a, b) in self.counts.iter_mut().zip(other.counts.iter()) {
            *a = a.saturating_add(*b);
        }
    }
    /// Total observations.
    pub fn total(&self) -> u64 {
        self.counts.iter().fold(0u64, |a, b| a.saturating_add(*b))
    }
    /// Non-empty buckets as `(upper bound or None for overflow, count)`.
    pub fn nonzero(&self) -> impl Iterator<Item = (Option<u32>, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, n)| **n > 0)
            .map(|(i, n)| (BOUNDS.get(i).copied(), *n))
    }
    /// The `q`-quantile (0 < q ≤ 1) in ms, interpolated within its bucket;
    /// `None` when empty.
    pub fn quantile(&self, q: f64) -> Option<f64> {
        let total = self.total();
        if total == 0 {
            return None;
        }
        let rank = (q.clamp(0.0, 1.0) * total as f64).ceil().max(1.0);
        let mut seen = 0.0;
        for (i, n) in self.counts.iter().enumerate() {
            let n = *n as f64;
            if n > 0.0 && seen + n >= rank {
                let lo = if i == 0 {
                    0.0
                } else {
                    f64::from(BOUNDS[i - 1])
                };
                let Some(hi) = BOUNDS.get(i) else {
                    return Some(f64::from(BOUNDS[BOUNDS.len() - 1]));
                };
                let frac = (rank - seen) / n;
                return Some(lo + (f64::from(*hi) - lo) * frac);
            }
            seen += n;
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_ratio_is_documented() {
        for w in BOUNDS.windows(2) {
            if w[0] >= 30 {
                assert!(f64::from(w[1]) / f64::from(w[0]) <= 1.34, "{w:?}");
            } else {
                assert!(w[1] - w[0] <= 5);
            }
        }
    }
}

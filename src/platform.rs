//! Side-effect traits the pure core depends on (clock, key-value storage,
//! randomness), with in-memory implementations for tests (feature
//! `testing`, which this crate's tests, benches and fuzz targets turn on; the
//! package never has them). The browser implementations live in
//! `web::platform`.

#[cfg(any(test, feature = "testing"))]
use std::cell::{Cell, RefCell};
#[cfg(any(test, feature = "testing"))]
use std::collections::BTreeMap;

/// Milliseconds since the Unix epoch (wall clock) — the browser's `Date.now()`.
pub trait Clock {
    /// Current time in milliseconds.
    fn now_ms(&self) -> f64;
}

/// A clock tests move by hand.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Default)]
pub struct ManualClock {
    now: Cell<f64>,
}

#[cfg(any(test, feature = "testing"))]
impl ManualClock {
    /// A clock reading `start_ms`.
    pub fn new(start_ms: f64) -> Self {
        Self {
            now: Cell::new(start_ms),
        }
    }
    /// Moves the clock forward by `ms`.
    pub fn advance(&self, ms: f64) {
        self.now.set(self.now.get() + ms);
    }
    /// Sets the clock to `ms`.
    pub fn set(&self, ms: f64) {
        self.now.set(ms);
    }
}

#[cfg(any(test, feature = "testing"))]
impl Clock for ManualClock {
    fn now_ms(&self) -> f64 {
        self.now.get()
    }
}

/// Why a storage operation failed: its own code enum (generated from
/// `[storage_error]` of `src/vocab/vocab.txt`). Storage faults never
/// panic: callers count them and carry on.
pub use crate::vocab::StorageError;

impl StorageError {
    /// What a program switches on (the error is its own code).
    pub fn code(self) -> StorageError {
        self
    }
}

impl core::fmt::Display for StorageError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            StorageError::Unavailable => "Storage is unavailable.",
            StorageError::QuotaExceeded => "The storage quota is exceeded.",
        })
    }
}

impl std::error::Error for StorageError {}

/// A string key-value store — `localStorage`/`sessionStorage` in the browser.
pub trait KeyValueStore {
    /// The value under `key`, or `None` (also when storage is unavailable).
    fn get(&self, key: &str) -> Option<String>;
    /// Stores `value` under `key`.
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError>;
    /// Removes `key`.
    fn remove(&self, key: &str) -> Result<(), StorageError>;
}

/// An in-memory store with an optional byte quota and a switch to make it
/// fail, for tests of storage faults.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Default)]
pub struct MemoryStore {
    map: RefCell<BTreeMap<String, String>>,
    quota_bytes: Cell<Option<usize>>,
    disabled: Cell<bool>,
}

#[cfg(any(test, feature = "testing"))]
impl MemoryStore {
    /// An empty, unbounded store.
    pub fn new() -> Self {
        Self::default()
    }
    /// Limits the total bytes of keys and values, like a browser quota.
    pub fn with_quota(quota_bytes: usize) -> Self {
        let s = Self::default();
        s.quota_bytes.set(Some(quota_bytes));
        s
    }
    /// Makes every operation fail with [`StorageError::Unavailable`].
    pub fn set_disabled(&self, disabled: bool) {
        self.disabled.set(disabled);
    }
    /// Bytes currently stored (keys plus values).
    pub fn used_bytes(&self) -> usize {
        self.map
            .borrow()
            .iter()
            .map(|(k, v)| k.len() + v.len())
            .sum()
    }
}

#[cfg(any(test, feature = "testing"))]
impl KeyValueStore for MemoryStore {
    fn get(&self, key: &str) -> Option<String> {
        if self.disabled.get() {
            return None;
        }
        self.map.borrow().get(key).cloned()
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        if self.disabled.get() {
            return Err(StorageError::Unavailable);
        }
        if let Some(quota) = self.quota_bytes.get() {
            let old = self
                .map
                .borrow()
                .get(key)
                .map_or(0, |v| key.len() + v.len());
            if self.used_bytes() - old + key.len() + value.len() > quota {
                return Err(StorageError::QuotaExceeded);
            }
        }
        self.map
            .borrow_mut()
            .insert(key.to_owned(), value.to_owned());
        Ok(())
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        if self.disabled.get() {
            return Err(StorageError::Unavailable);
        }
        self.map.borrow_mut().remove(key);
        Ok(())
    }
}

/// A source of random 64-bit numbers (batch ids, jitter). The browser uses
/// `crypto.getRandomValues`; tests use [`SeqRandom`].
pub trait Random {
    /// The next random value.
    fn next_u64(&self) -> u64;
}

/// A deterministic generator (SplitMix64) for tests.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug)]
pub struct SeqRandom(Cell<u64>);

#[cfg(any(test, feature = "testing"))]
impl SeqRandom {
    /// A generator started from `seed`.
    pub fn new(seed: u64) -> Self {
        Self(Cell::new(seed))
    }
}

#[cfg(any(test, feature = "testing"))]
impl Random for SeqRandom {
    fn next_u64(&self) -> u64 {
        let mut z = self.0.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.0.set(z);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

// Shared handles: a test (or the web boundary) can keep a reference to the
// clock, store or generator it gave to a component.
impl<T: Clock + ?Sized> Clock for &T {
    fn now_ms(&self) -> f64 {
        (**self).now_ms()
    }
}
impl<T: Clock + ?Sized> Clock for std::rc::Rc<T> {
    fn now_ms(&self) -> f64 {
        (**self).now_ms()
    }
}
impl<T: KeyValueStore + ?Sized> KeyValueStore for &T {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        (**self).remove(key)
    }
}
impl<T: KeyValueStore + ?Sized> KeyValueStore for std::rc::Rc<T> {
    fn get(&self, key: &str) -> Option<String> {
        (**self).get(key)
    }
    fn set(&self, key: &str, value: &str) -> Result<(), StorageError> {
        (**self).set(key, value)
    }
    fn remove(&self, key: &str) -> Result<(), StorageError> {
        (**self).remove(key)
    }
}
impl<T: Random + ?Sized> Random for &T {
    fn next_u64(&self) -> u64 {
        (**self).next_u64()
    }
}
impl<T: Random + ?Sized> Random for std::rc::Rc<T> {
    fn next_u64(&self) -> u64 {
        (**self).next_u64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memory_store_honours_quota_and_disable() {
        let s = MemoryStore::with_quota(10);
        assert_eq!(s.set("k", "12345"), Ok(()));
        assert_eq!(
            s.set("k", "123456789"),
            Ok(()),
            "replacing counts the old value out"
        );
        assert_eq!(s.set("k2", "1"), Err(StorageError::QuotaExceeded));
        s.set_disabled(true);
        assert_eq!(s.get("k"), None);
        assert_eq!(s.set("k", "x"), Err(StorageError::Unavailable));
        s.set_disabled(false);
        assert_eq!(s.get("k").as_deref(), Some("123456789"));
    }

    #[test]
    fn manual_clock_moves() {
        let c = ManualClock::new(1000.0);
        c.advance(500.0);
        assert_eq!(c.now_ms(), 1500.0);
    }

    #[test]
    fn seq_random_is_deterministic_and_varied() {
        let a = SeqRandom::new(1);
        let b = SeqRandom::new(1);
        let xs: Vec<u64> = (0..4).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..4).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(xs[0], xs[1]);
    }
}

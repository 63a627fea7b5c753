//! A small ordered map on a sorted `Vec`, for maps of a few dozen entries
//! (refusal reasons, latency histograms, event props). Same iteration order
//! as `BTreeMap` and serialised as a JSON object, with a fraction of its wasm
//! (each `BTreeMap<K, V>` instantiation cost ~5 KB).

/// A map kept sorted by key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SmallMap<K, V>(Vec<(K, V)>);

impl<K, V> Default for SmallMap<K, V> {
    fn default() -> Self {
        SmallMap(Vec::new())
    }
}

impl<K: Ord, V> SmallMap<K, V> {
    /// An empty map.
    pub const fn new() -> Self {
        SmallMap(Vec::new())
    }
    /// The value for `k`.
    pub fn get<Q: Ord + ?Sized>(&self, k: &Q) -> Option<&V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.0.binary_search_by(|(x, _)| x.borrow().cmp(k)).ok()?;
        self.0.get(i).map(|(_, v)| v)
    }
    /// The value for `k`, to change.
    pub fn get_mut<Q: Ord + ?Sized>(&mut self, k: &Q) -> Option<&mut V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.0.binary_search_by(|(x, _)| x.borrow().cmp(k)).ok()?;
        self.0.get_mut(i).map(|(_, v)| v)
    }
    /// Whether `k` has a value.
    pub fn contains_key<Q: Ord + ?Sized>(&self, k: &Q) -> bool
    where
        K: std::borrow::Borrow<Q>,
    {
        self.get(k).is_some()
    }
    /// Removes `k`, returning its value.
    pub fn remove<Q: Ord + ?Sized>(&mut self, k: &Q) -> Option<V>
    where
        K: std::borrow::Borrow<Q>,
    {
        let i = self.0.binary_search_by(|(x, _)| x.borrow().cmp(k)).ok()?;
        Some(self.0.remove(i).1)
    }
    /// The value for `k`, inserted with `make` if absent.
    pub fn entry_or_insert_with(&mut self, k: K, make: impl FnOnce() -> V) -> &mut V {
        let i = match self.0.binary_search_by(|(x, _)| x.cmp(&k)) {
            Ok(i) => i,
            Err(i) => {
                self.0.insert(i, (k, make()));
                i
            }
        };
        &mut self.0[i].1
    }
    /// Sets `k` to `v`, returning the previous value.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        match self.0.binary_search_by(|(x, _)| x.cmp(&k)) {
            Ok(i) => Some(std::mem::replace(&mut self.0[i].1, v)),
            Err(i) => {
                self.0.insert(i, (k, v));
                None
            }
        }
    }
}

impl<K, V> SmallMap<K, V> {
    /// Entries in key order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.0.iter().map(|(k, v)| (k, v))
    }
    /// Values in key order.
    pub fn values(&self) -> impl Iterator<Item = &V> {
        self.0.iter().map(|(_, v)| v)
    }
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.0.len()
    }
    /// Whether there are no entries.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The entries from the `at`-th on, in key order, as their own map.
    pub fn split_off(&mut self, at: usize) -> SmallMap<K, V> {
        SmallMap(self.0.split_off(at.min(self.0.len())))
    }
    /// The entries in key order.
    pub fn into_vec(self) -> Vec<(K, V)> {
        self.0
    }
}

impl<K: Ord, V: Default> SmallMap<K, V> {
    /// The value for `k`, inserted as `V::default()` if absent.
    pub fn entry_or_default(&mut self, k: K) -> &mut V {
        self.entry_or_insert_with(k, V::default)
    }
}

impl<K: Ord, V> FromIterator<(K, V)> for SmallMap<K, V> {
    /// Later duplicates replace earlier ones, as with `BTreeMap`.
    fn from_iter<I: IntoIterator<Item = (K, V)>>(iter: I) -> Self {
        let mut m = SmallMap::new();
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl<K, V> IntoIterator for SmallMap<K, V> {
    type Item = (K, V);
    type IntoIter = std::vec::IntoIter<(K, V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a, K, V> IntoIterator for &'a SmallMap<K, V> {
    type Item = (&'a K, &'a V);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (K, V)>, fn(&'a (K, V)) -> (&'a K, &'a V)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

/// For the tests' `Serialize` derives (see `Cargo.toml`'s `serde` feature).
#[cfg(feature = "serde")]
impl<K: serde::Serialize, V: serde::Serialize> serde::Serialize for SmallMap<K, V> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut m = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            m.serialize_entry(k, v)?;
        }
        m.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn behaves_like_a_btree_map() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut ours = SmallMap::new();
        let mut std = BTreeMap::new();
        for i in 0..500u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let k = (seed % 40) as u8;
            if i % 3 == 0 {
                assert_eq!(ours.insert(k, i), std.insert(k, i));
            } else {
                *ours.entry_or_default(k) += i;
                *std.entry(k).or_default() += i;
            }
            assert_eq!(ours.get(&k), std.get(&k));
        }
        assert!(ours.iter().eq(std.iter()));
        assert_eq!(ours.len(), std.len());
        assert_eq!(
            serde_json::to_string(
                &ours
                    .iter()
                    .map(|(k, v)| (k.to_string(), *v))
                    .collect::<SmallMap<_, _>>()
            )
            .ok(),
            serde_json::to_string(
                &std.iter()
                    .map(|(k, v)| (k.to_string(), *v))
                    .collect::<BTreeMap<_, _>>()
            )
            .ok()
        );
    }
}

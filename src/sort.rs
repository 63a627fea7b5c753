//! One stable sort shared by every caller. The standard library's sorts are
//! monomorphised per element type and comparator (~4 KB of wasm each); here
//! the merge sort runs once, on indices, behind a `dyn` comparator, and only
//! the small permutation step is generic.

use std::cmp::Ordering;

/// Sorts `v` stably by `cmp` in O(n log n).
pub fn sort_by<T>(v: &mut Vec<T>, cmp: impl Fn(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = sorted_indices(v.len(), &|a, b| cmp(&v[a], &v[b]));
    let mut items: Vec<Option<T>> = v.drain(..).map(Some).collect();
    v.extend(order.into_iter().filter_map(|i| items.get_mut(i)?.take()));
}

/// Sorts `v` stably by a key.
pub fn sort_by_key<T, K: Ord>(v: &mut Vec<T>, key: impl Fn(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// The stable order of `0..n` under `cmp` (bottom-up merge sort).
fn sorted_indices(n: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b = vec![0; n];
    let mut width = 1;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            for slot in &mut b[start..end] {
                // Take from the left run unless the right one is strictly smaller.
                if i < mid && (j >= end || cmp(a[j], a[i]) != Ordering::Less) {
                    *slot = a[i];
                    i += 1;
                } else {
                    *slot = a[j];
                    j += 1;
                }
            }
            start = end;
        }
        std::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_like_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in 0..200usize {
            let mut v: Vec<(u8, usize)> = (0..n)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 7;
                    seed ^= seed << 17;
                    ((seed % 7) as u8, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|x| x.0); // stable: ties keep their order
            sort_by_key(&mut v, |x| x.0);
            assert_eq!(v, expected, "n = {n}");
        }
    }

    #[test]
    fn sorts_owned_values_without_losing_any() {
        let mut v: Vec<String> = ["pear", "apple", "fig", "apple"].map(String::from).into();
        sort_by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["pear", "fig", "apple", "apple"]);
    }
}

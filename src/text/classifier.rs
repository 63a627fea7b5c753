//! A small learned text classifier: multinomial logistic regression over
//! hashed features ([`super::features`]), trained deterministically (fixed
//! epochs, learning rate, L2, a seeded shuffle), stored compactly (the most
//! useful features only, weights quantised to `i8`, small weights dropped)
//! and calibrated by temperature scaling fitted on out-of-fold predictions
//! (source-grouped folds), so its probabilities mean what they say.
//!
//! The same code trains at build time (`build.rs` includes this file and its
//! training half, `classifier/train.rs`; the tables are written out with
//! [`Packed::to_rust`]) and natively in tests (grouped k-fold evaluation);
//! at run time only [`Table`] is used.
//! Self-contained: no `crate::` paths.

mod train;
pub use train::{fit_temperature, out_of_fold, out_of_fold_with, train, train_with, Options};

/// How to train: every knob is fixed, so a build is reproducible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Passes over the training samples.
    pub epochs: u32,
    /// Initial SGD step, decayed linearly to a tenth.
    pub rate: f32,
    /// L2 penalty on the weights (applied to the features of each update).
    pub l2: f32,
    /// Features seen in fewer training samples are ignored.
    pub min_count: u32,
    /// At most this many features are kept (the largest weights).
    pub keep: usize,
    /// Quantised weights below this many steps (of max/127) are dropped.
    pub min_step: i8,
    /// The kept weights are stored rounded to multiples of this many steps
    /// (1: every step), as a weight of `round(q / coarse)` and a scale
    /// `coarse` times larger: fewer distinct values, which gzip stores in
    /// fewer bits.
    pub coarse: i8,
    /// Weigh samples so every class counts the same in total.
    pub balance: bool,
    /// Folds for fitting the temperature (0 or 1: no calibration).
    pub calibration_folds: u32,
}

/// One labelled training sample.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// Its feature ids, sorted, without duplicates.
    pub feats: Vec<u16>,
    /// Its class, `0..classes`.
    pub label: u16,
    /// Its source group ([`group_hash`]); `None`: always trained on, never
    /// held out (e.g. examples taken from the knowledge base).
    pub group: Option<u32>,
}

/// A trained model as stored, compact so that it gzips well: the kept
/// feature ids, sorted and delta-coded ([`encode_ids`]), each with a run of
/// (class, weight) entries; weights are `weight * scale`.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    /// Kept feature ids, sorted, as deltas: one byte under 255, else 255
    /// and the delta as two little-endian bytes.
    pub ids: &'a [u8],
    /// Entries per kept feature.
    pub counts: &'a [u8],
    /// Class of each entry.
    pub classes: &'a [u8],
    /// Quantised weight of each entry.
    pub weights: &'a [i8],
    /// Bias per class.
    pub bias: &'a [f32],
    /// Size of one weight step.
    pub scale: f32,
    /// Calibration: logits are divided by it before the softmax.
    pub temperature: f32,
}

impl Table<'_> {
    /// How many classes it tells apart.
    pub fn class_count(&self) -> usize {
        self.bias.len()
    }

    /// Raw scores per class for a sample's features (sorted, as
    /// [`super::features`] gives them; `out` is resized). One merge pass
    /// over the table.
    pub fn logits(&self, feats: &[u16], out: &mut Vec<f32>) {
        out.clear();
        out.extend_from_slice(self.bias);
        let Some(&first) = feats.first() else {
            return;
        };
        let v = self.scale / (feats.len() as f32).sqrt();
        // the next query feature not yet passed (`qi` indexes `feats`)
        let (mut qi, mut f) = (0usize, u32::from(first));
        let (mut id, mut pos, mut entry) = (0u32, 0usize, 0usize);
        for &n in self.counts {
            let Some((delta, used)) = decode_id(self.ids, pos) else {
                break;
            };
            pos += used;
            id += delta;
            let n = usize::from(n);
            if f < id {
                // skip the query features under this id
                let rest = feats.get(qi..).unwrap_or(&[]);
                match rest.iter().enumerate().find(|(_, &x)| u32::from(x) >= id) {
                    Some((k, &x)) => {
                        qi += k;
                        f = u32::from(x);
                    }
                    None => break,
                }
            }
            if f == id {
                let classes = self.classes.get(entry..).unwrap_or(&[]);
                let weights = self.weights.get(entry..).unwrap_or(&[]);
                for (&c, &w) in classes.iter().zip(weights).take(n) {
                    if let Some(slot) = out.get_mut(usize::from(c)) {
                        *slot += f32::from(w) * v;
                    }
                }
                qi += 1;
                match feats.get(qi) {
                    Some(&x) => f = u32::from(x),
                    None => break,
                }
            }
            entry += n;
        }
    }

    /// Calibrated class probabilities (`out` is resized).
    pub fn probabilities(&self, feats: &[u16], out: &mut Vec<f32>) {
        self.logits(feats, out);
        softmax(out, self.temperature);
    }
}

/// A [`Table`]'s feature ids decoded once, with where each one's entries
/// start: [`Decoded::logits`] then finds a message's features by binary
/// search instead of walking the whole table (a short question has a dozen
/// features, the table thousands). Same sums, in the same order, as
/// [`Table::logits`].
#[derive(Debug, Clone, Default)]
pub struct Decoded {
    /// A bit per id of the 2^16: whether the table keeps it (most of a
    /// message's features it does not, and they skip the search).
    kept: Vec<u64>,
    ids: Vec<u16>,
    /// `starts[i]..starts[i + 1]`: the entries of `ids[i]`.
    starts: Vec<u32>,
}

impl Decoded {
    /// Decodes `t`'s ids.
    pub fn of(t: &Table) -> Self {
        let mut d = Decoded {
            kept: vec![0; 1 << 10],
            ids: Vec::with_capacity(t.counts.len()),
            starts: Vec::with_capacity(t.counts.len() + 1),
        };
        let (mut id, mut pos, mut entry) = (0u32, 0usize, 0u32);
        d.starts.push(0);
        for &n in t.counts {
            let Some((delta, used)) = decode_id(t.ids, pos) else {
                break;
            };
            pos += used;
            id += delta;
            entry += u32::from(n);
            d.ids.push(id as u16);
            d.starts.push(entry);
            if let Some(w) = d.kept.get_mut(id as usize >> 6) {
                *w |= 1 << (id & 63);
            }
        }
        d
    }

    /// [`Table::logits`] of `t` (the table this was decoded from).
    pub fn logits(&self, t: &Table, feats: &[u16], out: &mut Vec<f32>) {
        out.clear();
        out.extend_from_slice(t.bias);
        if feats.is_empty() {
            return;
        }
        let v = t.scale / (feats.len() as f32).sqrt();
        let mut lo = 0usize;
        for &f in feats {
            let kept = self.kept.get(usize::from(f >> 6));
            if !kept.is_some_and(|w| w & (1 << (f & 63)) != 0) {
                continue;
            }
            // gallop from the last hit (the features are sorted too), then
            // search the last step's span
            let mut step = 1;
            while self.ids.get(lo + step).is_some_and(|&x| x < f) {
                step *= 2;
            }
            let from = lo + step / 2;
            let span = self
                .ids
                .get(from..(lo + step + 1).min(self.ids.len()))
                .unwrap_or(&[]);
            lo = from + span.partition_point(|&x| x < f);
            if self.ids.get(lo) != Some(&f) {
                continue;
            }
            let (a, b) = (
                self.starts.get(lo).copied().unwrap_or(0) as usize,
                self.starts.get(lo + 1).copied().unwrap_or(0) as usize,
            );
            let classes = t.classes.get(a..b).unwrap_or(&[]);
            let weights = t.weights.get(a..b).unwrap_or(&[]);
            for (&c, &w) in classes.iter().zip(weights) {
                if let Some(slot) = out.get_mut(usize::from(c)) {
                    *slot += f32::from(w) * v;
                }
            }
            lo += 1;
        }
    }
}

/// Sorted ids as deltas (see [`Table::ids`]).
pub fn encode_ids(ids: &[u16]) -> Vec<u8> {
    let mut out = Vec::with_capacity(ids.len() + 8);
    let mut prev = 0u16;
    for &id in ids {
        let d = id.wrapping_sub(prev);
        prev = id;
        if d < 255 {
            out.push(d as u8);
        } else {
            out.push(255);
            out.extend_from_slice(&d.to_le_bytes());
        }
    }
    out
}

/// The delta at `b[pos..]` and the bytes it took (read in place, not from
/// a slice cut per entry: [`Table::logits`] runs it over the whole table
/// for a long message).
#[inline]
fn decode_id(b: &[u8], pos: usize) -> Option<(u32, usize)> {
    match b.get(pos)? {
        255 => Some((
            u32::from(u16::from_le_bytes([*b.get(pos + 1)?, *b.get(pos + 2)?])),
            3,
        )),
        &d => Some((u32::from(d), 1)),
    }
}

/// In place: `logits / temperature` to probabilities.
pub fn softmax(x: &mut [f32], temperature: f32) {
    let t = if temperature > 0.0 { temperature } else { 1.0 };
    let max = x.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for v in x.iter_mut() {
        *v = ((*v - max) / t).exp();
        sum += *v;
    }
    if sum > 0.0 {
        for v in x.iter_mut() {
            *v /= sum;
        }
    }
}

/// The group hash of a source name (FNV-1a, 32 bits); a fold is
/// `group_hash(name) % k`, which the browser bench computes the same way.
pub fn group_hash(name: &str) -> u32 {
    super::words::fnv1a(name)
}

/// The group of a corpus line's source, for grouped folds and held-out
/// splits: `github.com/OWNER/REPO` for GitHub addresses, otherwise the host,
/// lower-cased and without `www.` (so `www.make.com` and `make.com`, or two
/// casings of one repository, are one group and never on both sides).
///
/// ```
/// use levqor_wasm::text::classifier::source_group;
/// assert_eq!(source_group("github.com/n8n-io/n8n/issues/12"), "github.com/n8n-io/n8n");
/// assert_eq!(source_group("https://github.com/N8N-io/N8N/pull/3"), "github.com/n8n-io/n8n");
/// assert_eq!(source_group("community.n8n.io/t/slug/1234"), "community.n8n.io");
/// assert_eq!(source_group("www.make.com/en/help"), "make.com");
/// ```
pub fn source_group(source: &str) -> String {
    let s = source.trim();
    let s = s
        .strip_prefix("https://")
        .or_else(|| s.strip_prefix("http://"))
        .unwrap_or(s)
        .to_lowercase();
    let mut parts = s.split('/');
    let host = parts.next().unwrap_or("");
    let host = host.strip_prefix("www.").unwrap_or(host);
    if host == "github.com" {
        if let (Some(owner), Some(repo)) = (parts.next(), parts.next()) {
            return format!("{host}/{owner}/{repo}");
        }
    }
    host.to_owned()
}

/// A trained model that owns its tables (see [`Table`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Packed {
    /// Kept feature ids, sorted.
    pub feats: Vec<u16>,
    /// The same, delta-coded.
    pub ids: Vec<u8>,
    /// Entries per kept feature.
    pub counts: Vec<u8>,
    /// Class of each entry.
    pub classes: Vec<u8>,
    /// Quantised weight of each entry.
    pub weights: Vec<i8>,
    /// Bias per class.
    pub bias: Vec<f32>,
    /// Size of one weight step.
    pub scale: f32,
    /// Fitted temperature.
    pub temperature: f32,
}

impl Packed {
    /// A view for prediction.
    pub fn table(&self) -> Table<'_> {
        Table {
            ids: &self.ids,
            counts: &self.counts,
            classes: &self.classes,
            weights: &self.weights,
            bias: &self.bias,
            scale: self.scale,
            temperature: self.temperature,
        }
    }

    /// Bytes of its tables as stored (before compression).
    pub fn bytes(&self) -> usize {
        self.ids.len()
            + self.counts.len()
            + self.classes.len()
            + self.weights.len()
            + self.bias.len() * 4
            + 8
    }

    /// Rust source for a `pub static {name}: Table<'static>`.
    pub fn to_rust(&self, name: &str) -> String {
        fn join<T: std::fmt::Display>(v: &[T]) -> String {
            let mut s = String::with_capacity(v.len() * 4);
            for (i, x) in v.iter().enumerate() {
                if i > 0 {
                    s.push(',');
                }
                s.push_str(&x.to_string());
            }
            s
        }
        let bias: Vec<String> = self.bias.iter().map(|b| format!("{b:?}")).collect();
        format!(
            "pub static {name}: Table<'static> = Table {{\n    ids: &[{}],\n    counts: &[{}],\n    classes: &[{}],\n    weights: &[{}],\n    bias: &[{}],\n    scale: {:?},\n    temperature: {:?},\n}};\n",
            join(&self.ids),
            join(&self.counts),
            join(&self.classes),
            join(&self.weights),
            bias.join(","),
            self.scale,
            self.temperature
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CFG: Config = Config {
        epochs: 30,
        rate: 0.5,
        l2: 1e-4,
        min_count: 1,
        keep: 1000,
        min_step: 1,
        coarse: 1,
        balance: true,
        calibration_folds: 3,
    };

    fn samples() -> Vec<Sample> {
        let mut v = Vec::new();
        for g in 0..12u16 {
            v.push(Sample {
                feats: vec![1, 2, 10 + g],
                label: 0,
                group: Some(u32::from(g)),
            });
            v.push(Sample {
                feats: vec![3, 4, 100 + g],
                label: 1,
                group: Some(u32::from(g) + 50),
            });
            // an ambiguous sample now and then keeps probabilities below 1
            v.push(Sample {
                feats: vec![1, 3],
                label: g % 2,
                group: Some(u32::from(g) + 99),
            });
        }
        v
    }

    #[test]
    fn learns_separable_classes_deterministically() {
        let m = train(&samples(), 2, &CFG);
        assert_eq!(m, train(&samples(), 2, &CFG), "same data, same model");
        let mut p = Vec::new();
        m.table().probabilities(&[1, 2], &mut p);
        assert!(p[0] > 0.8, "{p:?}");
        m.table().probabilities(&[3, 4, 999], &mut p);
        assert!(p[1] > 0.8, "{p:?}");
        assert!((p.iter().sum::<f32>() - 1.0).abs() < 1e-4);
        assert!(m.temperature > 0.0 && m.temperature.is_finite());
    }

    #[test]
    fn packing_keeps_at_most_keep_features() {
        let cfg = Config { keep: 3, ..CFG };
        let m = train(&samples(), 2, &cfg);
        assert!(m.feats.len() <= 3);
        assert_eq!(m.counts.len(), m.feats.len());
        assert!(m.to_rust("M").starts_with("pub static M: Table<'static>"));
    }

    #[test]
    fn refit_trains_only_the_kept_entries() {
        let cfg = Config { keep: 3, ..CFG };
        let plain = train(&samples(), 2, &cfg);
        let refit = train_with(&samples(), 2, &cfg, &Options { refit: true });
        assert_eq!(
            refit,
            train_with(&samples(), 2, &cfg, &Options { refit: true })
        );
        // the same features as the pruned model, fitted again on their own
        assert_eq!(refit.feats, plain.feats);
        assert!(refit.classes.len() <= plain.classes.len());
        assert_ne!(refit.weights, plain.weights);
        let mut p = Vec::new();
        refit.table().probabilities(&[1, 2], &mut p);
        assert!(p[0] > 0.5, "{p:?}");
    }

    #[test]
    fn coarse_weights_are_the_fine_ones_in_fewer_steps() {
        // min_step 4: no entry rounds to 0 in steps of 8, so both keep the same
        let fine_cfg = Config { min_step: 4, ..CFG };
        let fine = train(&samples(), 2, &fine_cfg);
        let coarse = train(
            &samples(),
            2,
            &Config {
                coarse: 8,
                ..fine_cfg
            },
        );
        assert_eq!(coarse.classes, fine.classes);
        assert!((coarse.scale - fine.scale * 8.0).abs() <= fine.scale * 1e-4);
        // 127 steps fit in 16 of 8
        assert!(coarse.weights.iter().all(|w| w.unsigned_abs() <= 16));
        assert!(coarse.weights.iter().any(|w| w.unsigned_abs() > 1));
        for (c, f) in coarse.weights.iter().zip(&fine.weights) {
            assert!((i32::from(*c) * 8 - i32::from(*f)).abs() <= 4, "{c} {f}");
        }
        let mut p = Vec::new();
        coarse.table().probabilities(&[1, 2], &mut p);
        assert!(p[0] > 0.8, "{p:?}");
    }

    #[test]
    fn ids_round_trip_through_deltas() {
        let ids = [0u16, 3, 300, 301, 65_535];
        let b = encode_ids(&ids);
        let (mut pos, mut id, mut back) = (0, 0u32, Vec::new());
        while let Some((d, used)) = decode_id(&b, pos) {
            pos += used;
            id += d;
            back.push(id as u16);
        }
        assert_eq!(back, ids);
    }

    #[test]
    fn temperature_softens_overconfident_logits() {
        // logits say 100% but half are wrong: the fit must flatten them
        let logits = vec![vec![5.0, 0.0]; 10];
        let labels: Vec<u16> = (0..10).map(|i| i % 2).collect();
        assert!(fit_temperature(&logits, &labels) > 5.0);
        // and sharpen under-confident ones that are always right
        let labels = vec![0u16; 10];
        let logits = vec![vec![0.5, 0.0]; 10];
        assert!(fit_temperature(&logits, &labels) < 0.2);
    }

    #[test]
    fn empty_and_unknown_input_gives_the_bias() {
        let m = train(&samples(), 2, &CFG);
        let mut a = Vec::new();
        let mut b = Vec::new();
        m.table().logits(&[], &mut a);
        m.table().logits(&[60_000], &mut b);
        assert_eq!(a, m.bias);
        assert_eq!(b, m.bias);
    }
}

//! A small learned linear classifier: multinomial logistic regression over
//! hashed features ([`super::features`]), trained deterministically (fixed
//! epochs and step, L2, a seeded shuffle, class-balanced), stored compactly
//! (the features with the largest weights only, weights quantised to `i8`,
//! small ones dropped). Self-contained: the build script includes this file
//! to train on the corpus and write the table ([`Packed::to_rust`]); tests
//! train it fold by fold; at run time only [`Table`] is used.

/// How to train; every knob is fixed, so a build is reproducible.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Config {
    /// Passes over the samples.
    pub epochs: u32,
    /// Initial step, decayed linearly to a tenth.
    pub rate: f32,
    /// L2 penalty.
    pub l2: f32,
    /// At most this many features are kept.
    pub keep: usize,
    /// Quantised weights smaller than this are dropped.
    pub min_step: i8,
}

/// The configuration the shipped model is trained with.
pub const CONFIG: Config = Config {
    epochs: 12,
    rate: 0.5,
    l2: 1e-5,
    keep: 1200,
    min_step: 8,
};

/// A stored model: sorted feature ids, each with a run of (class, weight)
/// entries; a weight is `q * scale`.
#[derive(Debug, Clone, Copy)]
pub struct Table<'a> {
    /// Kept feature ids, sorted.
    pub feats: &'a [u16],
    /// Entry offsets per feature (`feats.len() + 1` values).
    pub starts: &'a [u16],
    /// Class of each entry.
    pub classes: &'a [u8],
    /// Quantised weight of each entry.
    pub weights: &'a [i8],
    /// Bias per class.
    pub bias: &'a [f32],
    /// Size of one weight step.
    pub scale: f32,
}

impl Table<'_> {
    /// Raw scores per class for a message's features (`out` is resized).
    pub fn logits(&self, feats: &[u16], out: &mut Vec<f32>) {
        out.clear();
        out.extend_from_slice(self.bias);
        if feats.is_empty() {
            return;
        }
        let v = self.scale / (feats.len() as f32).sqrt();
        for f in feats {
            let Ok(k) = self.feats.binary_search(f) else {
                continue;
            };
            let lo = self.starts.get(k).copied().unwrap_or(0) as usize;
            let hi = self.starts.get(k + 1).copied().unwrap_or(0) as usize;
            for e in lo..hi {
                let (Some(c), Some(w)) = (self.classes.get(e), self.weights.get(e)) else {
                    continue;
                };
                if let Some(o) = out.get_mut(*c as usize) {
                    *o += f32::from(*w) * v;
                }
            }
        }
    }
}

/// A trained model that owns its tables.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Packed {
    pub feats: Vec<u16>,
    pub starts: Vec<u16>,
    pub classes: Vec<u8>,
    pub weights: Vec<i8>,
    pub bias: Vec<f32>,
    pub scale: f32,
}

impl Packed {
    /// Borrowed view.
    pub fn table(&self) -> Table<'_> {
        Table {
            feats: &self.feats,
            starts: &self.starts,
            classes: &self.classes,
            weights: &self.weights,
            bias: &self.bias,
            scale: self.scale,
        }
    }

    /// Rust source for static tables named `{name}_FEATS` and so on (used
    /// by the build script).
    #[allow(dead_code)]
    pub fn to_rust(&self, name: &str) -> String {
        fn list<T: std::fmt::Debug>(v: &[T]) -> String {
            v.iter().map(|x| format!("{x:?}")).collect::<Vec<_>>().join(",")
        }
        format!(
            "pub(crate) static {name}_FEATS: [u16; {}] = [{}];\n\
             pub(crate) static {name}_STARTS: [u16; {}] = [{}];\n\
             pub(crate) static {name}_CLASSES: [u8; {}] = [{}];\n\
             pub(crate) static {name}_WEIGHTS: [i8; {}] = [{}];\n\
             pub(crate) static {name}_BIAS: [f32; {}] = [{}];\n\
             pub(crate) const {name}_SCALE: f32 = {:?};\n",
            self.feats.len(),
            list(&self.feats),
            self.starts.len(),
            list(&self.starts),
            self.classes.len(),
            list(&self.classes),
            self.weights.len(),
            list(&self.weights),
            self.bias.len(),
            list(&self.bias),
            self.scale
        )
    }
}

/// A deterministic shuffle (xorshift, fixed seed).
fn shuffle(v: &mut [usize], seed: u64) {
    let mut s = seed | 1;
    for i in (1..v.len()).rev() {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        let j = (s % (i as u64 + 1)) as usize;
        v.swap(i, j);
    }
}

/// Trains on `(features, class)` samples (`features` sorted, unique).
pub fn train(samples: &[(Vec<u16>, usize)], classes: usize, cfg: &Config) -> Packed {
    let n_feat = super::features::BUCKETS as usize;
    let mut w = vec![0f32; n_feat * classes];
    let mut bias = vec![0f32; classes];
    // class balance: every class weighs the same in total
    let mut count = vec![0usize; classes];
    for (_, c) in samples {
        if let Some(x) = count.get_mut(*c) {
            *x += 1;
        }
    }
    let present = count.iter().filter(|c| **c > 0).count().max(1);
    let weight: Vec<f32> = count
        .iter()
        .map(|c| {
            if *c == 0 {
                0.0
            } else {
                samples.len() as f32 / (present as f32 * *c as f32)
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut p = vec![0f32; classes];
    let total = (cfg.epochs as usize * samples.len()).max(1);
    let mut step = 0usize;
    for epoch in 0..cfg.epochs {
        shuffle(&mut order, 0x9e37_79b9_7f4a_7c15 ^ u64::from(epoch));
        for &i in &order {
            let Some((feats, label)) = samples.get(i) else {
                continue;
            };
            let rate = cfg.rate * (1.0 - 0.9 * step as f32 / total as f32);
            step += 1;
            let v = 1.0 / (feats.len().max(1) as f32).sqrt();
            p.copy_from_slice(&bias);
            for f in feats {
                let row = *f as usize * classes;
                for (c, pc) in p.iter_mut().enumerate() {
                    *pc += w[row + c] * v;
                }
            }
            let m = p.iter().copied().fold(f32::MIN, f32::max);
            let mut z = 0.0;
            for x in p.iter_mut() {
                *x = (*x - m).exp();
                z += *x;
            }
            let sw = weight.get(*label).copied().unwrap_or(1.0);
            for (c, pc) in p.iter_mut().enumerate() {
                let g = (*pc / z - if c == *label { 1.0 } else { 0.0 }) * sw;
                *pc = g;
                bias[c] -= rate * g;
            }
            for f in feats {
                let row = *f as usize * classes;
                for (c, g) in p.iter().enumerate() {
                    let x = &mut w[row + c];
                    *x -= rate * (g * v + cfg.l2 * *x);
                }
            }
        }
    }
    pack(&w, bias, classes, cfg)
}

fn pack(w: &[f32], bias: Vec<f32>, classes: usize, cfg: &Config) -> Packed {
    let n_feat = w.len() / classes.max(1);
    let mut strength: Vec<(f32, usize)> = (0..n_feat)
        .map(|f| {
            let row = &w[f * classes..(f + 1) * classes];
            (row.iter().map(|x| x.abs()).fold(0.0, f32::max), f)
        })
        .filter(|(s, _)| *s > 0.0)
        .collect();
    strength.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    strength.truncate(cfg.keep);
    let max = strength.first().map_or(1.0, |s| s.0).max(1e-6);
    let scale = max / 127.0;
    let mut kept: Vec<usize> = strength.iter().map(|s| s.1).collect();
    kept.sort_unstable();
    let mut out = Packed {
        bias,
        scale,
        ..Packed::default()
    };
    out.starts.push(0);
    for f in kept {
        let before = out.classes.len();
        for c in 0..classes {
            let q = (w[f * classes + c] / scale).round().clamp(-127.0, 127.0) as i8;
            if q.unsigned_abs() >= cfg.min_step.unsigned_abs() {
                out.classes.push(c as u8);
                out.weights.push(q);
            }
        }
        if out.classes.len() > before {
            out.feats.push(f as u16);
            out.starts.push(out.classes.len() as u16);
        }
    }
    out
}

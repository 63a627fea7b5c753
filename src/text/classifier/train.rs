//! Training of [`super::Table`] models (build time and tests): SGD on a
//! dense model, packing to the stored form, the optional refit on the kept
//! entries and temperature calibration on source-grouped out-of-fold
//! predictions. Self-contained like its parent: no `crate::` paths.

use super::{encode_ids, softmax, Config, Packed, Sample};

/// Trains on `samples` (labels `0..classes`), packs the model and, with
/// `calibration_folds >= 2`, fits its temperature on out-of-fold logits:
/// each fold's samples (by group) are predicted by a model trained without
/// them. Deterministic. ([`train_with`] with [`Options::default`].)
pub fn train(samples: &[Sample], classes: usize, cfg: &Config) -> Packed {
    train_with(samples, classes, cfg, &Options::default())
}

/// Training choices beyond [`Config`] (what chat uses; the default is plain
/// [`train`]).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Options {
    /// After packing, train again from scratch with only the kept (feature,
    /// class) entries free, so the small stored model is fitted as it is
    /// stored instead of being a truncated large one.
    pub refit: bool,
}

/// [`train`] with [`Options`].
pub fn train_with(samples: &[Sample], classes: usize, cfg: &Config, opt: &Options) -> Packed {
    let all: Vec<&Sample> = samples.iter().collect();
    let mut packed = fit(&all, classes, cfg, opt);
    if cfg.calibration_folds >= 2 {
        let (logits, labels) = out_of_fold_with(samples, classes, cfg, opt);
        packed.temperature = fit_temperature(&logits, &labels);
    }
    packed
}

/// Trains, packs and (with `opt.refit`) refits on the kept entries.
fn fit(samples: &[&Sample], classes: usize, cfg: &Config, opt: &Options) -> Packed {
    let packed = pack(&train_dense(samples, classes, cfg, None), cfg);
    if !opt.refit {
        return packed;
    }
    let mut kept = Vec::with_capacity(packed.classes.len());
    let mut e = 0;
    for (&f, &n) in packed.feats.iter().zip(&packed.counts) {
        for &c in packed.classes.get(e..e + usize::from(n)).unwrap_or(&[]) {
            kept.push((f, c));
        }
        e += usize::from(n);
    }
    let dense = train_dense(samples, classes, cfg, Some(&kept));
    pack(
        &dense,
        &Config {
            keep: usize::MAX,
            ..*cfg
        },
    )
}

/// Logits of every held-out sample under grouped `calibration_folds`-fold
/// training (samples without a group are never held out), with their labels.
pub fn out_of_fold(samples: &[Sample], classes: usize, cfg: &Config) -> (Vec<Vec<f32>>, Vec<u16>) {
    out_of_fold_with(samples, classes, cfg, &Options::default())
}

/// [`out_of_fold`] with [`Options`].
pub fn out_of_fold_with(
    samples: &[Sample],
    classes: usize,
    cfg: &Config,
    opt: &Options,
) -> (Vec<Vec<f32>>, Vec<u16>) {
    let k = cfg.calibration_folds.max(2);
    let fold = |g: u32| {
        let m = (g ^ (g >> 15)).wrapping_mul(0x2c1b_3c6d);
        (m >> 12) % k
    };
    let (mut logits, mut labels) = (Vec::new(), Vec::new());
    let mut buf = Vec::new();
    for f in 0..k {
        let train: Vec<&Sample> = samples
            .iter()
            .filter(|s| match s.group {
                None => true,
                Some(g) => fold(g) != f,
            })
            .collect();
        if train.len() == samples.len() {
            continue;
        }
        let model = fit(&train, classes, cfg, opt);
        let t = model.table();
        for s in samples
            .iter()
            .filter(|s| s.group.is_some_and(|g| fold(g) == f))
        {
            t.logits(&s.feats, &mut buf);
            logits.push(buf.clone());
            labels.push(s.label);
        }
    }
    (logits, labels)
}

/// The temperature minimising the negative log-likelihood of `labels`
/// (golden-section search over log T in [1/20, 20]).
pub fn fit_temperature(logits: &[Vec<f32>], labels: &[u16]) -> f32 {
    if logits.is_empty() {
        return 1.0;
    }
    let nll = |log_t: f64| -> f64 {
        let t = log_t.exp();
        let mut total = 0.0;
        for (l, &y) in logits.iter().zip(labels) {
            let max = l.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
            let sum: f64 = l.iter().map(|&x| ((x as f64 - max) / t).exp()).sum();
            let ly = l.get(usize::from(y)).copied().unwrap_or(0.0) as f64;
            total -= (ly - max) / t - sum.ln();
        }
        total
    };
    let (mut a, mut b) = ((0.05f64).ln(), (20.0f64).ln());
    let g = (5f64.sqrt() - 1.0) / 2.0;
    for _ in 0..60 {
        let c = b - g * (b - a);
        let d = a + g * (b - a);
        if nll(c) < nll(d) {
            b = d;
        } else {
            a = c;
        }
    }
    ((a + b) / 2.0).exp() as f32
}

/// A model during training: dense weights over the counted features.
struct Dense {
    classes: usize,
    /// Feature id of each row.
    ids: Vec<u16>,
    /// Row-major weights, `ids.len() * classes`.
    w: Vec<f32>,
    bias: Vec<f32>,
}

/// `mask`: only these (feature, class) entries are trained.
fn train_dense(
    samples: &[&Sample],
    classes: usize,
    cfg: &Config,
    mask: Option<&[(u16, u8)]>,
) -> Dense {
    // rows: features seen in at least min_count samples
    let mut count = vec![0u32; 1 << 16];
    for s in samples {
        for &f in &s.feats {
            count[usize::from(f)] += 1;
        }
    }
    if let Some(m) = mask {
        count.iter_mut().for_each(|n| *n = 0);
        for &(f, _) in m {
            count[usize::from(f)] = u32::MAX;
        }
    }
    let mut row = vec![u32::MAX; 1 << 16];
    let mut ids = Vec::new();
    for (f, &n) in count.iter().enumerate() {
        if n >= cfg.min_count.max(1) {
            row[f] = ids.len() as u32;
            ids.push(f as u16);
        }
    }
    let c = classes.max(1);
    let mut w = vec![0.0f32; ids.len() * c];
    // which entries may move (all without a mask)
    let free: Vec<bool> = match mask {
        None => Vec::new(),
        Some(m) => {
            let mut v = vec![false; ids.len() * c];
            for &(f, k) in m {
                let r = row[usize::from(f)];
                if r != u32::MAX && usize::from(k) < c {
                    v[r as usize * c + usize::from(k)] = true;
                }
            }
            v
        }
    };

    let mut bias = vec![0.0f32; c];
    let mut per_class = vec![0usize; c];
    for s in samples {
        if let Some(n) = per_class.get_mut(usize::from(s.label)) {
            *n += 1;
        }
    }
    let class_weight: Vec<f32> = per_class
        .iter()
        .map(|&n| {
            if !cfg.balance || n == 0 {
                1.0
            } else {
                (samples.len() as f32 / (c as f32 * n as f32)).clamp(0.2, 5.0)
            }
        })
        .collect();
    let mut order: Vec<usize> = (0..samples.len()).collect();
    let mut rng: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut p = vec![0.0f32; c];
    let mut rows: Vec<usize> = Vec::new();
    let epochs = cfg.epochs.max(1);
    for e in 0..epochs {
        for i in (1..order.len()).rev() {
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            order.swap(i, (rng % (i as u64 + 1)) as usize);
        }
        let lr = cfg.rate * (1.0 - 0.9 * e as f32 / epochs as f32);
        for &i in &order {
            let s = samples[i];
            let y = usize::from(s.label);
            if y >= c {
                continue;
            }
            rows.clear();
            rows.extend(
                s.feats
                    .iter()
                    .map(|&f| row[usize::from(f)])
                    .filter(|&r| r != u32::MAX)
                    .map(|r| r as usize),
            );
            let v = if s.feats.is_empty() {
                0.0
            } else {
                1.0 / (s.feats.len() as f32).sqrt()
            };
            p.copy_from_slice(&bias);
            for &r in &rows {
                for (pk, wk) in p.iter_mut().zip(&w[r * c..(r + 1) * c]) {
                    *pk += wk * v;
                }
            }
            softmax(&mut p, 1.0);
            let cw = class_weight[y];
            for (k, pk) in p.iter_mut().enumerate() {
                *pk = (*pk - if k == y { 1.0 } else { 0.0 }) * cw;
            }
            for (b, g) in bias.iter_mut().zip(&p) {
                *b -= lr * g;
            }
            for &r in &rows {
                for (k, (wk, g)) in w[r * c..(r + 1) * c].iter_mut().zip(&p).enumerate() {
                    if free.is_empty() || free[r * c + k] {
                        *wk -= lr * (g * v + cfg.l2 * *wk);
                    }
                }
            }
        }
    }
    Dense {
        classes: c,
        ids,
        w,
        bias,
    }
}

/// Keeps the `keep` features with the largest weights, quantises to `i8`,
/// drops entries under `min_step` and stores the rest in `coarse` steps.
fn pack(d: &Dense, cfg: &Config) -> Packed {
    let c = d.classes;
    let importance = |r: usize| {
        d.w[r * c..(r + 1) * c]
            .iter()
            .fold(0.0f32, |m, x| m.max(x.abs()))
    };
    let mut rows: Vec<usize> = (0..d.ids.len()).collect();
    rows.sort_by(|&a, &b| importance(b).total_cmp(&importance(a)).then(a.cmp(&b)));
    rows.truncate(cfg.keep);
    rows.sort_unstable();
    let max = rows.iter().map(|&r| importance(r)).fold(0.0f32, f32::max);
    let scale = if max > 0.0 { max / 127.0 } else { 1.0 };
    let coarse = cfg.coarse.max(1);
    let mut out = Packed {
        feats: Vec::new(),
        ids: Vec::new(),
        counts: Vec::new(),
        classes: Vec::new(),
        weights: Vec::new(),
        bias: d.bias.clone(),
        scale: scale * f32::from(coarse),
        temperature: 1.0,
    };
    for r in rows {
        let before = out.weights.len();
        for (k, &x) in d.w[r * c..(r + 1) * c].iter().enumerate() {
            let q = (x / scale).round().clamp(-127.0, 127.0) as i8;
            let stored = (f32::from(q) / f32::from(coarse)).round() as i8;
            if q.unsigned_abs() >= cfg.min_step.unsigned_abs().max(1) && stored != 0 {
                out.classes.push(k as u8);
                out.weights.push(stored);
            }
        }
        if out.weights.len() > before {
            out.feats.push(d.ids[r]);
            out.counts.push((out.weights.len() - before) as u8);
        }
    }
    out.ids = encode_ids(&out.feats);
    out
}

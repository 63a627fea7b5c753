//! The decision: the learned text model (`crate::text::classifier` over
//! [`super::features`], trained at build time on the debug corpora) and the evidence of the rules and signal
//! tables, blended as `logits + rules * ln(1 + score)` and divided by a
//! temperature before the softmax, so the confidence is calibrated. The
//! blend's two numbers are `blend` lines of `signals.txt`, chosen by the
//! source-grouped evaluation on training folds ([`fit_blend`]).

use super::features::features;
use super::tables::{self, CATEGORIES};
use crate::text::classifier::{self as learn, Packed, Sample, Table};

pub use crate::text::classifier::{group_hash, source_group};

/// The shipped text model.
pub(crate) fn shipped() -> Table<'static> {
    tables::MODEL
}

/// How rules and model are blended.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Blend {
    /// Weight of `ln(1 + rule score)` against the model's logits.
    pub rules: f32,
    /// Temperature of the softmax.
    pub temperature: f32,
}

/// The shipped blend (from `signals.txt`).
pub const BLEND: Blend = Blend {
    rules: tables::BLEND_RULES,
    temperature: tables::BLEND_TEMPERATURE,
};

/// Probabilities per category from model logits and rule scores.
pub(crate) fn blend(logits: &[f32], scores: &[u32], b: Blend, out: &mut Vec<f32>) {
    out.clear();
    out.extend(
        logits
            .iter()
            .zip(scores)
            .map(|(l, s)| (l + b.rules * (1.0 + *s as f32).ln()) / b.temperature.max(1e-3)),
    );
    let m = out.iter().copied().fold(f32::MIN, f32::max);
    let mut z = 0.0;
    for x in out.iter_mut() {
        *x = (*x - m).exp();
        z += *x;
    }
    for x in out.iter_mut() {
        *x /= z.max(1e-30);
    }
}

/// The best category and its probability.
pub(crate) fn decide(table: &Table, text: &str, scores: &[u32], b: Blend) -> (usize, f32) {
    let mut f = Vec::new();
    features(text, &mut f);
    let mut l = Vec::new();
    table.logits(&f, &mut l);
    let mut p = Vec::new();
    blend(&l, scores, b, &mut p);
    argmax(&p)
}

fn argmax(p: &[f32]) -> (usize, f32) {
    let mut best = (CATEGORIES.len() - 1, f32::MIN);
    for (k, v) in p.iter().enumerate() {
        if *v > best.1 {
            best = (k, *v);
        }
    }
    best
}

/// A model trained by [`train`] (for the evaluation; the shipped one is
/// trained by the build).
#[derive(Debug, Clone)]
pub struct Model {
    packed: Packed,
    /// The blend fitted on the training data's own folds.
    pub blend: Blend,
}

/// One training line: error text, category, source group (`None`: always
/// trained on, never held out in the inner folds).
pub type Line<'a> = (&'a str, &'a str, Option<&'a str>);

fn samples(lines: &[&Line]) -> Vec<Sample> {
    lines
        .iter()
        .filter_map(|(t, c, g)| {
            let k = CATEGORIES.iter().position(|x| x == c)?;
            let mut feats = Vec::new();
            features(t, &mut feats);
            Some(Sample {
                feats,
                label: k as u16,
                group: g.map(group_hash),
            })
        })
        .collect()
}

/// Trains the text model on `lines` and fits the blend on their own
/// source-grouped inner folds.
pub fn train(lines: &[Line]) -> Model {
    let all: Vec<&Line> = lines.iter().collect();
    let packed = learn::train(&samples(&all), CATEGORIES.len(), &tables::MODEL_CONFIG);
    Model {
        packed,
        blend: fit_blend(lines, 4),
    }
}

/// The category and confidence `model` gives `text`.
pub fn classify(model: &Model, text: &str) -> (&'static str, f32) {
    let (scores, _, _) = super::evidence(text);
    let (k, p) = decide(&model.packed.table(), text, &scores, model.blend);
    (CATEGORIES.get(k).copied().unwrap_or("unknown"), p)
}

/// Chooses the blend on `folds` source-grouped folds of `lines`: the grid
/// point with the best accuracy, then the best log-likelihood.
pub fn fit_blend(lines: &[Line], folds: u32) -> Blend {
    // out-of-fold model logits and rule scores of the grouped lines
    let mut rows: Vec<(Vec<f32>, Vec<u32>, usize)> = Vec::new();
    for fold in 0..folds {
        let held = |l: &Line| l.2.is_some_and(|g| group_hash(g) % folds == fold);
        let train: Vec<&Line> = lines.iter().filter(|l| !held(l)).collect();
        let m = learn::train(&samples(&train), CATEGORIES.len(), &tables::MODEL_CONFIG);
        for l in lines.iter().filter(|l| held(l)) {
            let Some(k) = CATEGORIES.iter().position(|x| *x == l.1) else {
                continue;
            };
            let mut f = Vec::new();
            features(l.0, &mut f);
            let mut lg = Vec::new();
            m.table().logits(&f, &mut lg);
            rows.push((lg, super::evidence(l.0).0, k));
        }
    }
    let mut best = (BLEND, 0usize, f64::MIN);
    let mut p = Vec::new();
    for r in [0.0f32, 0.25, 0.5, 0.75, 1.0, 1.5, 2.0, 3.0] {
        for t in [0.3f32, 0.4, 0.5, 0.6, 0.75, 1.0, 1.5, 2.0] {
            let b = Blend {
                rules: r,
                temperature: t,
            };
            let (mut hits, mut ll) = (0usize, 0f64);
            for (lg, s, k) in &rows {
                blend(lg, s, b, &mut p);
                hits += usize::from(argmax(&p).0 == *k);
                ll += f64::from(p.get(*k).copied().unwrap_or(0.0).max(1e-9)).ln();
            }
            if hits > best.1 || (hits == best.1 && ll > best.2) {
                best = (b, hits, ll);
            }
        }
    }
    best.0
}

//! `conditions`: filter conditions ("if the amount is over £100", "only
//! from VIP customers", "that contain 'invoice'", comparisons with a number)
//! and delays ("wait 2 days", "after 3 hours", "2 days later"), each with
//! the token where it starts so steps keep the request's order.

use super::clauses::text_of;
use super::schedule::amount;
use super::words::{
    self, COMPARATORS, CONDITION_WORDS, FILTER_FIELDS, MATCH_VERBS, VALUE_UNITS, VALUE_WORDS,
};
use crate::text::tokens::{is, span_text, Tok, BREAK};

/// The clause (between breaks and "then") around token `i`, as a token range.
pub fn clause(toks: &[Tok], i: usize) -> (usize, usize) {
    let stop = |t: &Tok| t.text == BREAK || t.text == "then";
    let mut a = i;
    while a > 0 && toks.get(a - 1).is_some_and(|t| !stop(t)) {
        a -= 1;
    }
    let mut b = i;
    while toks.get(b + 1).is_some_and(|t| !stop(t)) {
        b += 1;
    }
    (a, b)
}

/// Conditions as (start token, text quoted from the request).
pub fn find(toks: &[Tok], text: &str, trigger_at: Option<usize>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut covered_to: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        if covered_to.is_some_and(|c| i <= c) {
            continue;
        }
        let w = t.text.as_str();
        let next = toks.get(i + 1).map_or("", |t| t.text.as_str());
        let starts = words::has(&CONDITION_WORDS, w)
            || (w == "that" && words::has(&MATCH_VERBS, next))
            || (w == "with" && words::has(&FILTER_FIELDS, next));
        if starts {
            let (_, b) = clause(toks, i);
            if trigger_at.is_some_and(|ta| ta > i && ta <= b) && w == "if" {
                continue; // "if I get a new Stripe payment": the trigger's clause
            }
            let b = b.max(i);
            if b > i || w != "if" {
                out.push((i, span_text(toks, text, i, b)));
                covered_to = Some(b);
            }
            continue;
        }
        if words::has(&COMPARATORS, w) {
            let found = (i + 1..=i + 4)
                .take_while(|j| toks.get(*j).is_some_and(|x| x.text != BREAK))
                .find(|j| {
                    toks.get(*j)
                        .is_some_and(|x| x.text.starts_with(|c: char| c.is_ascii_digit()))
                });
            if let Some(j) = found {
                let mut a = i;
                if a > 0 && words::has(&VALUE_WORDS, text_of(toks, a - 1)) {
                    a -= 1;
                    while a > 0
                        && (words::has(&VALUE_WORDS, text_of(toks, a - 1))
                            || text_of(toks, a - 1) == "the")
                    {
                        a -= 1;
                    }
                }
                let mut b = j;
                if words::has(&VALUE_UNITS, text_of(toks, b + 1)) {
                    b += 1;
                }
                out.push((a, span_text(toks, text, a, b)));
                covered_to = Some(b);
            }
        }
    }
    out.retain(|(_, s)| !s.is_empty());
    out
}

/// Delays as (start token, label such as "Wait 2 days").
pub fn delays(toks: &[Tok]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let w = t.text.as_str();
        let found = if matches!(w, "wait" | "after" | "delay" | "pause") {
            let k = if is(toks.get(i + 1), &["for", "of", "about"]) {
                i + 2
            } else {
                i + 1
            };
            match amount(toks, k) {
                Some((n, u, _)) => Some((n, u)),
                None if w != "after" => super::schedule::unit(toks.get(k)).map(|u| (1, u)),
                None => None,
            }
        } else {
            amount(toks, i)
                .filter(|(_, _, used)| {
                    is(toks.get(i + used), &["later", "after", "before"])
                        && !is(
                            i.checked_sub(1).and_then(|p| toks.get(p)),
                            &["every", "each", "wait", "after", "delay", "for", "of"],
                        )
                })
                .map(|(n, u, _)| (n, u))
        };
        if let Some((n, u)) = found {
            let plural = if n == 1 { "" } else { "s" };
            out.push((i, format!("Wait {n} {u}{plural}")));
        }
    }
    out
}

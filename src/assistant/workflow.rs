//! `workflow`: plain English to workflow steps. Finds the apps (catalog in
//! `apps.txt`, aliases and typos via [`crate::text`]), which app triggers and
//! which receive actions, schedules (words + cron), conditions, delays and
//! notifications, and names the template family (`meta.pattern`).

use super::validate::{validate_query, AssistantError};
use super::Assistant;
use crate::input;
use crate::text::{fuzzy, normalize};
use serde::Serialize;
use serde_json::Value;
use std::sync::OnceLock;

/// One step of a workflow.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkflowStep {
    /// `trigger`, `action`, `condition`, `delay` or `notification`.
    #[serde(rename = "type")]
    pub kind: &'static str,
    /// Short title.
    pub label: String,
    /// What the step does, quoting the request where it can.
    pub description: String,
    /// Display name of the app, when the step uses one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub app: Option<&'static str>,
    /// For a scheduled trigger.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub schedule: Option<Schedule>,
}

/// A schedule as the user wrote it and as a cron expression.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Schedule {
    /// The words of the request, e.g. "every Monday at 9am".
    pub text: String,
    /// Five-field cron, e.g. "0 9 * * 1".
    pub cron: String,
}

/// `meta` of a workflow answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkflowMeta {
    /// `"fallback"`.
    pub source: &'static str,
    /// backup, sync, notify, email, data_entry, report or custom.
    pub pattern: &'static str,
    /// 0..1.
    #[serde(serialize_with = "super::confidence")]
    pub confidence: f32,
    /// The module.
    pub engine: &'static str,
}

/// A workflow answer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WorkflowResponse {
    /// Always `true`.
    pub success: bool,
    /// Plain-text summary.
    pub answer: String,
    /// Trigger first, then conditions, delays, actions and notifications.
    pub steps: Vec<WorkflowStep>,
    /// Source, pattern, confidence, engine.
    pub meta: WorkflowMeta,
}

/// A catalog app.
#[derive(Debug)]
pub struct App {
    /// Display name, e.g. "Google Sheets".
    pub name: &'static str,
    /// Kind: mail, sheet, storage, chat, sms, crm, ...
    pub kind: &'static str,
}

struct Catalog {
    apps: Vec<App>,
    /// (alias words, app index), longest alias first.
    aliases: Vec<(Vec<&'static str>, usize)>,
}

const APPS_TXT: &str = include_str!("apps.txt");

fn catalog() -> &'static Catalog {
    static CAT: OnceLock<Catalog> = OnceLock::new();
    CAT.get_or_init(|| {
        let mut apps = Vec::new();
        let mut aliases = Vec::new();
        for line in APPS_TXT.lines() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut parts = line.splitn(3, '|');
            let (Some(name), Some(kind), Some(list)) = (parts.next(), parts.next(), parts.next())
            else {
                continue;
            };
            let i = apps.len();
            apps.push(App {
                name: name.trim(),
                kind: kind.trim(),
            });
            for a in list.split(',') {
                let words: Vec<&'static str> = a.split_whitespace().collect();
                if !words.is_empty() {
                    aliases.push((words, i));
                }
            }
        }
        crate::sort::sort_by_key(&mut aliases, |a| std::cmp::Reverse(a.0.len()));
        Catalog { apps, aliases }
    })
}

/// The app catalog (display name and kind), in file order.
pub fn apps() -> &'static [App] {
    &catalog().apps
}

/// A word of the request: folded text and its byte span in the original.
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// Boundary marker token (sentence or clause break).
pub(crate) const BREAK: &str = ",";

/// Splits `text` into folded words with their byte spans; clause
/// punctuation becomes a [`BREAK`] token.
pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::new();
    let mut cur = String::new();
    let mut start = 0;
    let mut end = 0;
    let mut buf = String::new();
    let mut it = text.char_indices().peekable();
    let flush = |cur: &mut String, start: usize, end: usize, out: &mut Vec<Tok>| {
        if !cur.is_empty() {
            out.push(Tok {
                text: std::mem::take(cur),
                start,
                end,
            });
        }
    };
    while let Some((i, c)) = it.next() {
        let next_space = it.peek().map_or(true, |(_, n)| n.is_whitespace());
        let is_break = matches!(c, ',' | ';' | '!' | '?' | '\n' | '(' | ')')
            || (matches!(c, '.' | ':') && next_space);
        if is_break {
            flush(&mut cur, start, end, &mut out);
            if out.last().is_some_and(|t| t.text != BREAK) {
                out.push(Tok {
                    text: BREAK.into(),
                    start: i,
                    end: i,
                });
            }
            continue;
        }
        buf.clear();
        normalize::fold(c, &mut buf);
        for f in buf.chars() {
            if f.is_ascii_alphanumeric() {
                if cur.is_empty() {
                    start = i;
                }
                cur.push(f);
                end = i + c.len_utf8();
            } else {
                flush(&mut cur, start, end, &mut out);
            }
        }
    }
    flush(&mut cur, start, end, &mut out);
    out
}

#[derive(Debug, Clone, Copy)]
struct Mention {
    app: usize,
    at: usize,
    len: usize,
}

fn alias_fits(alias: &str, tok: &str) -> bool {
    if alias == tok {
        return true;
    }
    if tok.len() == alias.len() + 1 && tok.ends_with('s') && tok.starts_with(alias) {
        return true;
    }
    alias.len() >= 5
        && tok.len() >= 5
        && alias.as_bytes().first() == tok.as_bytes().first()
        && !alias.bytes().any(|b| b.is_ascii_digit())
        && fuzzy::distance(alias, tok, fuzzy::tolerance(alias.len()).min(1)).is_some()
}

fn find_apps(toks: &[Tok]) -> Vec<Mention> {
    let cat = catalog();
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        let mut hit = None;
        for (words, app) in &cat.aliases {
            let n = words.len();
            let Some(window) = toks.get(i..i + n) else {
                continue;
            };
            let ok = if n == 1 {
                window.first().is_some_and(|t| {
                    words
                        .first()
                        .is_some_and(|w| alias_fits(w, &t.text) && !is_common(&t.text, w))
                })
            } else {
                window.iter().zip(words).all(|(t, w)| t.text == *w)
            };
            if ok {
                hit = Some(Mention {
                    app: *app,
                    at: i,
                    len: n,
                });
                break;
            }
        }
        match hit {
            Some(m) => {
                i += m.len;
                out.push(m);
            }
            None => i += 1,
        }
    }
    // a generic "email" next to Gmail/Outlook is that app
    let has_mail_app = out.iter().any(|m| {
        cat.apps
            .get(m.app)
            .is_some_and(|a| matches!(a.kind, "mail" | "marketing") && a.name != "Email")
    });
    if has_mail_app {
        out.retain(|m| cat.apps.get(m.app).map_or(true, |a| a.name != "Email"));
    }
    // a generic "drive"/"calendar"/"sheets" alone is the Google one; fine.
    out
}

/// Words close to an alias that are ordinary English, not the app.
fn is_common(tok: &str, alias: &str) -> bool {
    tok != alias
        && matches!(
            tok,
            "black" | "discard" | "nation" | "driver" | "sheep" | "notice" | "steps" | "shopping"
        )
}

fn is(t: Option<&Tok>, words: &[&str]) -> bool {
    t.is_some_and(|t| words.contains(&t.text.as_str()))
}

fn num(t: Option<&Tok>) -> Option<u32> {
    let t = t?;
    match t.text.as_str() {
        "a" | "an" | "one" | "every" => Some(1),
        "two" => Some(2),
        "three" => Some(3),
        "four" => Some(4),
        "five" => Some(5),
        "six" => Some(6),
        "ten" => Some(10),
        "fifteen" => Some(15),
        "twenty" => Some(20),
        "thirty" => Some(30),
        s => s.parse().ok().filter(|n| *n < 100_000),
    }
}

fn unit(t: Option<&Tok>) -> Option<&'static str> {
    match t?.text.as_str() {
        "minute" | "minutes" | "min" | "mins" => Some("minute"),
        "hour" | "hours" | "hr" | "hrs" => Some("hour"),
        "day" | "days" => Some("day"),
        "week" | "weeks" => Some("week"),
        "month" | "months" => Some("month"),
        _ => None,
    }
}

const WEEKDAYS: [(&str, &str, u8); 7] = [
    ("sunday", "sun", 0),
    ("monday", "mon", 1),
    ("tuesday", "tue", 2),
    ("wednesday", "wed", 3),
    ("thursday", "thu", 4),
    ("friday", "fri", 5),
    ("saturday", "sat", 6),
];

fn weekday(s: &str) -> Option<(u8, bool)> {
    for (full, short, n) in WEEKDAYS {
        if s == full || s == short {
            return Some((n, false));
        }
        if s.strip_suffix('s') == Some(full) {
            return Some((n, true));
        }
    }
    None
}

/// Parses "9am", "9", "17" (+ following "am"/"pm", minutes) at `i`.
fn clock(toks: &[Tok], i: usize) -> Option<(u32, u32, usize)> {
    let t = toks.get(i)?.text.as_str();
    let (digits, suffix) = match t.find(|c: char| !c.is_ascii_digit()) {
        Some(p) => (t.get(..p)?, t.get(p..)?),
        None => (t, ""),
    };
    let mut h: u32 = digits.parse().ok()?;
    let mut m = 0;
    let mut used = 1;
    let mut ampm = suffix;
    if suffix.is_empty() {
        if let Some(mm) = toks.get(i + 1).filter(|x| x.text.len() == 2) {
            if let Ok(v) = mm.text.parse::<u32>() {
                m = v;
                used += 1;
            } else if let Some((v, s)) = mm
                .text
                .get(..2)
                .and_then(|d| d.parse::<u32>().ok())
                .zip(mm.text.get(2..))
            {
                m = v;
                ampm = s;
                used += 1;
            }
        } else if let Some(mm) = toks.get(i + 1).filter(|x| x.text.len() == 4) {
            if let (Some(Ok(v)), Some(s)) =
                (mm.text.get(..2).map(str::parse::<u32>), mm.text.get(2..))
            {
                if s == "am" || s == "pm" {
                    m = v;
                    ampm = s;
                    used += 1;
                }
            }
        }
        if ampm.is_empty() && is(toks.get(i + used), &["am", "pm"]) {
            ampm = if is(toks.get(i + used), &["am"]) {
                "am"
            } else {
                "pm"
            };
            used += 1;
        }
    }
    match ampm {
        "am" => {
            if h == 12 {
                h = 0
            }
        }
        "pm" => {
            if h < 12 {
                h += 12
            }
        }
        "" | "h" => {}
        _ => return None,
    }
    (h < 24 && m < 60).then_some((h, m, used))
}

#[derive(Default)]
struct Sched {
    minute: Option<String>,
    hour: Option<String>,
    dom: Option<String>,
    dow: Option<String>,
    default_hour: Option<u32>,
    first: Option<usize>,
    last: usize,
    found: bool,
}

impl Sched {
    fn mark(&mut self, from: usize, to: usize) {
        self.found = true;
        self.first = Some(self.first.map_or(from, |f| f.min(from)));
        self.last = self.last.max(to);
    }
}

fn parse_schedule(toks: &[Tok], text: &str) -> Option<(Schedule, Vec<bool>)> {
    let mut s = Sched::default();
    let mut used = vec![false; toks.len()];
    let mut at_time: Option<(u32, u32)> = None;
    let mut i = 0;
    while i < toks.len() {
        let t = toks.get(i).map(|t| t.text.as_str()).unwrap_or("");
        let next = toks.get(i + 1).map(|t| t.text.as_str()).unwrap_or("");
        let mut span = 0;
        match t {
            "every" | "each" | "once" | "twice" => {
                let (n, k) = match num(toks.get(i + 1)) {
                    Some(n) if t == "every" && next != "a" && next != "an" => (n, 2),
                    _ if (t == "once" || t == "twice") && matches!(next, "a" | "an" | "per") => {
                        (1, 2)
                    }
                    _ => (1, 1),
                };
                let w = toks.get(i + k).map(|x| x.text.as_str()).unwrap_or("");
                let step = |n: u32| if n > 1 { format!("*/{n}") } else { "*".into() };
                match unit(toks.get(i + k)) {
                    Some("minute") => {
                        s.minute = Some(step(n));
                        s.hour = Some("*".into());
                        span = k + 1;
                    }
                    Some("hour") => {
                        s.minute = Some("0".into());
                        s.hour = Some(step(n));
                        span = k + 1;
                    }
                    Some("day") => {
                        if t == "twice" {
                            s.hour = Some("9,17".into());
                        }
                        s.default_hour.get_or_insert(9);
                        span = k + 1;
                    }
                    Some("week") => {
                        s.dow.get_or_insert("1".into());
                        span = k + 1;
                    }
                    Some("month") => {
                        s.dom.get_or_insert("1".into());
                        span = k + 1;
                    }
                    _ => match w {
                        "night" | "evening" | "morning" | "afternoon" | "midnight" => {
                            s.default_hour = Some(match w {
                                "night" => 2,
                                "evening" => 18,
                                "afternoon" => 14,
                                "midnight" => 0,
                                _ => 8,
                            });
                            span = k + 1;
                        }
                        "weekday" | "weekdays" | "workday" | "business" => {
                            s.dow = Some("1-5".into());
                            span = k + 1;
                        }
                        "weekend" => {
                            s.dow = Some("0,6".into());
                            span = k + 1;
                        }
                        "quarter" => {
                            s.dom = Some("1".into());
                            span = k + 1;
                        }
                        _ => {
                            if let Some((d, _)) = weekday(w) {
                                s.dow = Some(d.to_string());
                                span = k + 1;
                            }
                        }
                    },
                }
            }
            "hourly" => {
                s.minute = Some("0".into());
                s.hour = Some("*".into());
                span = 1;
            }
            "daily" | "everyday" => {
                s.default_hour.get_or_insert(9);
                span = 1;
            }
            "nightly" | "overnight" | "midnight" => {
                s.default_hour = Some(if t == "midnight" { 0 } else { 2 });
                span = 1;
            }
            "weekly" => {
                s.dow.get_or_insert("1".into());
                span = 1;
            }
            "monthly" => {
                s.dom.get_or_insert("1".into());
                span = 1;
            }
            "weekdays" => {
                s.dow = Some("1-5".into());
                span = 1;
            }
            "at" | "by" | "around" => {
                if let Some((h, m, n)) = clock(toks, i + 1) {
                    let explicit = toks
                        .get(i + 1)
                        .is_some_and(|x| x.text.ends_with("am") || x.text.ends_with("pm"))
                        || n > 1;
                    if explicit || s.found {
                        at_time = Some((h, m));
                        span = n + 1;
                    }
                } else if next == "noon" || next == "midday" {
                    at_time = Some((12, 0));
                    span = 2;
                } else if next == "midnight" {
                    at_time = Some((0, 0));
                    span = 2;
                }
            }
            "end" if next == "of" => {
                let w = toks.get(i + 2).map(|x| x.text.as_str()).unwrap_or("");
                let w = if w == "the" {
                    toks.get(i + 3).map(|x| x.text.as_str()).unwrap_or("")
                } else {
                    w
                };
                match w {
                    "day" => {
                        s.default_hour = Some(17);
                        span = 3;
                    }
                    "week" => {
                        s.dow = Some("5".into());
                        s.default_hour = Some(17);
                        span = 3;
                    }
                    "month" => {
                        s.dom = Some("L".into());
                        span = 3;
                    }
                    _ => {}
                }
            }
            _ => {
                if let Some((d, plural)) = weekday(t) {
                    let prev_on = i > 0 && is(toks.get(i - 1), &["on", "every", "each"]);
                    if plural || prev_on {
                        s.dow = Some(d.to_string());
                        span = 1;
                    }
                } else if t.ends_with("am") || t.ends_with("pm") {
                    if let Some((h, m, n)) = clock(toks, i) {
                        at_time = Some((h, m));
                        span = n;
                    }
                }
            }
        }
        if span > 0 {
            s.mark(i, i + span - 1);
            for u in used.iter_mut().skip(i).take(span) {
                *u = true;
            }
            i += span;
        } else {
            i += 1;
        }
    }
    if !s.found {
        return None;
    }
    // a clock time alone ("at 9am") without any recurrence word is not a schedule
    let recurring = s.minute.is_some()
        || s.hour.is_some()
        || s.dom.is_some()
        || s.dow.is_some()
        || s.default_hour.is_some();
    if !recurring {
        return None;
    }
    let (minute, hour) = match (s.minute, s.hour, at_time) {
        (Some(m), Some(h), _) => (m, h),
        (_, Some(h), _) => ("0".into(), h),
        (_, None, Some((h, m))) => (m.to_string(), h.to_string()),
        (_, None, None) => ("0".into(), s.default_hour.unwrap_or(9).to_string()),
    };
    let cron = format!(
        "{minute} {hour} {} * {}",
        s.dom.unwrap_or_else(|| "*".into()),
        s.dow.unwrap_or_else(|| "*".into())
    );
    let first = s.first.unwrap_or(0);
    let words = match (toks.get(first), toks.get(s.last)) {
        (Some(a), Some(b)) => text.get(a.start..b.end).unwrap_or("").to_string(),
        _ => String::new(),
    };
    Some((Schedule { text: words, cron }, used))
}

/// The text of clause (between breaks) around token `i`.
fn clause(toks: &[Tok], text: &str, i: usize) -> (usize, usize) {
    let mut a = i;
    while a > 0
        && toks
            .get(a - 1)
            .is_some_and(|t| t.text != BREAK && t.text != "then")
    {
        a -= 1;
    }
    let mut b = i;
    while toks
        .get(b + 1)
        .is_some_and(|t| t.text != BREAK && t.text != "then")
    {
        b += 1;
    }
    let _ = text;
    (a, b)
}

fn span_text(toks: &[Tok], text: &str, a: usize, b: usize) -> String {
    match (toks.get(a), toks.get(b)) {
        (Some(x), Some(y)) if x.start <= y.end => {
            text.get(x.start..y.end).unwrap_or("").trim().to_string()
        }
        _ => String::new(),
    }
}

const WHEN: &[&str] = &[
    "when", "whenever", "once", "after", "if", "upon", "as", "each", "every", "on",
];

fn in_when_clause(toks: &[Tok], at: usize) -> bool {
    let mut j = at;
    let mut steps = 0;
    while j > 0 && steps < 12 {
        j -= 1;
        steps += 1;
        let t = toks.get(j).map(|t| t.text.as_str()).unwrap_or(BREAK);
        if t == BREAK || t == "then" {
            return false;
        }
        if matches!(t, "when" | "whenever" | "upon")
            || (t == "if" && j + 1 < at)
            || (t == "once" && !is(toks.get(j + 1), &["a", "an", "per"]))
            || (t == "as" && is(toks.get(j + 1), &["soon"]))
            || (matches!(t, "each" | "every") && is(toks.get(j + 1), &["time", "new", "incoming"]))
            || (t == "on" && is(toks.get(j + 1), &["new", "every", "each"]))
        {
            return true;
        }
    }
    false
}

fn trigger_score(toks: &[Tok], m: &Mention, first: bool) -> i32 {
    let mut s = if first { 1 } else { 0 };
    if in_when_clause(toks, m.at) {
        s += 4;
    }
    let prev1 = m.at.checked_sub(1).and_then(|i| toks.get(i));
    let linked = m.at == 0 || is(prev1, &["in", "on", "from", "of", "at", "via"]);
    let source = (1..=4).any(|d| {
        m.at >= d
            && is(
                toks.get(m.at - d),
                &[
                    "new", "incoming", "received", "receive", "get", "watch", "monitor", "from",
                ],
            )
            && (d == 1 || linked || is(toks.get(m.at - d), &["from"]))
            && !toks
                .get(m.at - d + 1..m.at)
                .is_some_and(|w| w.iter().any(|t| t.text == BREAK))
    }) || is(prev1, &["from"]);
    if source {
        s += 2;
    } else if is(
        prev1,
        &[
            "to", "into", "onto", "in", "on", "via", "through", "using", "with",
        ],
    ) && !in_when_clause(toks, m.at)
    {
        s -= 2;
    }
    let _ = WHEN;
    s
}

const COMPARATORS: &[&str] = &[
    "over", "above", "more", "greater", "less", "under", "below", "exceeds", "exceed", "least",
    "bigger", "larger", "higher", "lower",
];

fn find_conditions(toks: &[Tok], text: &str, trigger_at: Option<usize>) -> Vec<(usize, String)> {
    let mut out: Vec<(usize, String)> = Vec::new();
    let mut covered_to: Option<usize> = None;
    for (i, t) in toks.iter().enumerate() {
        if covered_to.is_some_and(|c| i <= c) {
            continue;
        }
        let w = t.text.as_str();
        let starts = matches!(w, "if" | "only" | "unless" | "where" | "provided")
            || (w == "that"
                && is(
                    toks.get(i + 1),
                    &[
                        "contain", "contains", "include", "includes", "match", "matches",
                    ],
                ))
            || (w == "with"
                && is(
                    toks.get(i + 1),
                    &["status", "tag", "label", "subject", "priority"],
                ));
        if starts {
            let (_, b) = clause(toks, text, i);
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
        if COMPARATORS.contains(&w) {
            let mut j = i + 1;
            let mut found = None;
            while j <= i + 4 {
                match toks.get(j) {
                    Some(x) if x.text == BREAK => break,
                    Some(x) if x.text.chars().next().is_some_and(|c| c.is_ascii_digit()) => {
                        found = Some(j);
                        break;
                    }
                    Some(_) => j += 1,
                    None => break,
                }
            }
            if let Some(j) = found {
                let mut a = i;
                if a > 0
                    && is(
                        toks.get(a - 1),
                        &[
                            "is", "are", "amount", "total", "value", "price", "order", "score",
                        ],
                    )
                {
                    a -= 1;
                    while a > 0
                        && is(
                            toks.get(a - 1),
                            &["the", "amount", "total", "value", "price", "order", "is"],
                        )
                    {
                        a -= 1;
                    }
                }
                let mut b = j;
                if is(
                    toks.get(b + 1),
                    &["gbp", "usd", "eur", "k", "items", "stars", "percent"],
                ) {
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

fn find_delays(toks: &[Tok]) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, t) in toks.iter().enumerate() {
        let w = t.text.as_str();
        let (n, u, at) = if matches!(w, "wait" | "after" | "delay" | "pause") {
            let mut k = i + 1;
            if is(toks.get(k), &["for", "of", "about"]) {
                k += 1;
            }
            match (num(toks.get(k)), unit(toks.get(k + 1))) {
                (Some(n), Some(u)) => (n, u, i),
                _ if w == "wait" || w == "delay" || w == "pause" => match unit(toks.get(k)) {
                    Some(u) => (1, u, i),
                    None => continue,
                },
                _ => continue,
            }
        } else if let (Some(n), Some(u)) = (num(Some(t)), unit(toks.get(i + 1))) {
            if is(toks.get(i + 2), &["later", "after", "before"])
                && !is(
                    toks.get(i.wrapping_sub(1)),
                    &["every", "each", "wait", "after", "delay", "for", "of"],
                )
            {
                (n, u, i)
            } else {
                continue;
            }
        } else {
            continue;
        };
        let plural = if n == 1 { "" } else { "s" };
        out.push((at, format!("Wait {n} {u}{plural}")));
    }
    out
}

fn words_any(toks: &[Tok], words: &[&str]) -> bool {
    toks.iter().any(|t| words.contains(&t.text.as_str()))
}

fn phrase(toks: &[Tok], a: &str, b: &str) -> bool {
    toks.windows(2)
        .any(|w| matches!(w, [x, y] if x.text == a && y.text == b))
}

/// The analysis, independent of the response format (used by tests).
#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    /// Display name of the trigger app, or "schedule" / "manual".
    pub trigger: String,
    /// Display names of the action apps, in order of mention.
    pub actions: Vec<&'static str>,
    /// The schedule, if any.
    pub schedule: Option<Schedule>,
    /// The template family.
    pub pattern: &'static str,
}

/// Builds the workflow for an already-validated request text.
pub fn build(text: &str) -> WorkflowResponse {
    let cat = catalog();
    let toks = tokenize(text);
    let sched = parse_schedule(&toks, text);
    let mentions = find_apps(&toks);
    let app = |m: &Mention| cat.apps.get(m.app);

    // trigger
    let mut trigger: Option<Mention> = None;
    let any_when = mentions.iter().any(|m| in_when_clause(&toks, m.at));
    if sched.is_none() || any_when {
        let mut best: Option<(i32, Mention)> = None;
        for (k, m) in mentions.iter().enumerate() {
            let sc = trigger_score(&toks, m, k == 0);
            if best.map_or(true, |(b, _)| sc > b) {
                best = Some((sc, *m));
            }
        }
        let distinct = {
            let mut v: Vec<usize> = Vec::new();
            for m in &mentions {
                if !v.contains(&m.app) {
                    v.push(m.app);
                }
            }
            v.len()
        };
        if let Some((sc, m)) = best {
            if (distinct >= 2 && sc >= 0)
                || sc >= 3
                || (sc >= 2 && distinct == 1 && !any_action_verb_before(&toks, m.at))
            {
                trigger = Some(m);
            }
        }
    }
    let sched = if trigger.is_some() { None } else { sched };

    // actions: other apps, in order, deduplicated
    let mut actions: Vec<Mention> = Vec::new();
    for m in &mentions {
        if trigger.is_some_and(|t| t.app == m.app) {
            continue;
        }
        if actions.iter().any(|a| a.app == m.app) {
            continue;
        }
        actions.push(*m);
    }

    let conditions = find_conditions(&toks, text, trigger.map(|t| t.at));
    let delays = find_delays(&toks);

    // pattern
    let kinds: Vec<&str> = actions
        .iter()
        .filter_map(|m| app(m).map(|a| a.kind))
        .collect();
    let notify_words = words_any(
        &toks,
        &[
            "notify",
            "notification",
            "notifications",
            "alert",
            "alerts",
            "remind",
            "reminder",
            "ping",
            "tell",
            "message",
            "dm",
        ],
    );
    let pattern = if words_any(&toks, &["backup", "backups", "archive", "archived"])
        || phrase(&toks, "back", "up")
    {
        "backup"
    } else if words_any(
        &toks,
        &[
            "sync",
            "synced",
            "syncing",
            "synchronise",
            "synchronize",
            "mirror",
        ],
    ) {
        "sync"
    } else if words_any(
        &toks,
        &[
            "report",
            "reports",
            "summary",
            "summaries",
            "digest",
            "recap",
            "kpi",
            "kpis",
            "dashboard",
            "stats",
            "metrics",
        ],
    ) {
        "report"
    } else {
        match kinds.first().copied() {
            Some("chat" | "sms") => "notify",
            Some("mail" | "marketing") => "email",
            Some("sheet" | "data" | "crm" | "tasks" | "notes" | "docs" | "support" | "hr") => {
                "data_entry"
            }
            Some("storage") if words_any(&toks, &["copy", "save", "upload", "move", "store"]) => {
                "backup"
            }
            _ if notify_words => "notify",
            _ if words_any(&toks, &["email", "emails", "mail"]) => "email",
            _ if words_any(
                &toks,
                &[
                    "add", "log", "record", "create", "row", "rows", "entry", "entries",
                ],
            ) && !kinds.is_empty() =>
            {
                "data_entry"
            }
            _ => "custom",
        }
    };

    // steps
    let mut steps = Vec::new();
    let trigger_name: String = match (&trigger, &sched) {
        (Some(m), _) => {
            let name = app(m).map_or("App", |a| a.name);
            let (a, b) = clause(&toks, text, m.at);
            let d = span_text(&toks, text, a, b);
            steps.push(WorkflowStep {
                kind: "trigger",
                label: format!("When something happens in {name}"),
                description: if d.is_empty() {
                    format!("Starts the workflow from {name}.")
                } else {
                    d
                },
                app: app(m).map(|a| a.name),
                schedule: None,
            });
            name.to_string()
        }
        (None, Some((s, _))) => {
            steps.push(WorkflowStep {
                kind: "trigger",
                label: format!("On a schedule: {}", s.text),
                description: format!("Runs {} (cron {}).", s.text, s.cron),
                app: None,
                schedule: Some(s.clone()),
            });
            "schedule".into()
        }
        (None, None) => {
            steps.push(WorkflowStep {
                kind: "trigger",
                label: "Start manually".into(),
                description:
                    "Runs when you click Run (add an app or a schedule to start it automatically)."
                        .into(),
                app: None,
                schedule: None,
            });
            "manual".into()
        }
    };
    let mut ordered: Vec<(usize, WorkflowStep)> = Vec::new();
    for (at, c) in &conditions {
        ordered.push((
            *at,
            WorkflowStep {
                kind: "condition",
                label: "Only continue if…".into(),
                description: c.clone(),
                app: None,
                schedule: None,
            },
        ));
    }
    for (at, d) in &delays {
        ordered.push((
            *at,
            WorkflowStep {
                kind: "delay",
                label: d.clone(),
                description: format!("{d} before the next step."),
                app: None,
                schedule: None,
            },
        ));
    }
    for m in &actions {
        let Some(a) = app(m) else { continue };
        let (x, y) = clause(&toks, text, m.at);
        let d = span_text(&toks, text, x, y);
        let notify = matches!(a.kind, "chat" | "sms");
        ordered.push((
            m.at,
            WorkflowStep {
                kind: if notify { "notification" } else { "action" },
                label: if notify {
                    format!("Notify in {}", a.name)
                } else {
                    format!("Do it in {}", a.name)
                },
                description: if d.is_empty() {
                    format!("Runs the action in {}.", a.name)
                } else {
                    d
                },
                app: Some(a.name),
                schedule: None,
            },
        ));
    }
    // conditions keep their place after the trigger; the rest follow the text
    crate::sort::sort_by_key(&mut ordered, |(at, s)| (s.kind != "condition", *at));
    if actions.is_empty() {
        let (kind, label, desc) = if notify_words {
            (
                "notification",
                "Send a notification",
                "Notify you (choose email, Slack or SMS).",
            )
        } else {
            (
                "action",
                "Do the work",
                "Choose the app and the action this workflow should perform.",
            )
        };
        ordered.push((
            usize::MAX,
            WorkflowStep {
                kind,
                label: label.into(),
                description: desc.into(),
                app: None,
                schedule: None,
            },
        ));
    }
    steps.extend(ordered.into_iter().map(|(_, s)| s));

    let known_trigger = trigger.is_some() || sched.is_some();
    let mut confidence: f32 = 0.2;
    if known_trigger {
        confidence += 0.35;
    }
    if !actions.is_empty() {
        confidence += 0.25;
    }
    if pattern != "custom" {
        confidence += 0.1;
    }
    let confidence = confidence.min(0.95);
    let action_names: Vec<&str> = actions
        .iter()
        .filter_map(|m| app(m).map(|a| a.name))
        .collect();
    let answer = if !known_trigger && action_names.is_empty() {
        "I couldn't tell which apps or schedule you mean, so here is a starting skeleton: a manual trigger and one action. Name the apps (e.g. \"when a Typeform is submitted, add a row in Google Sheets\") for a complete workflow.".to_string()
    } else {
        let start = match (&trigger, &sched) {
            (Some(_), _) => format!("Starts from {trigger_name}"),
            (None, Some((s, _))) => format!("Runs {} ({})", s.text, s.cron),
            _ => "Starts manually".into(),
        };
        let then = if action_names.is_empty() {
            String::new()
        } else {
            format!(", then {}", action_names.join(" → "))
        };
        let extra = match (conditions.len(), delays.len()) {
            (0, 0) => String::new(),
            (c, d) => format!(" ({c} condition(s), {d} delay(s))"),
        };
        format!(
            "{start}{then}{extra}. {} steps, {} pattern.",
            steps.len(),
            pattern.replace('_', " ")
        )
    };
    WorkflowResponse {
        success: true,
        answer,
        steps,
        meta: WorkflowMeta {
            source: "fallback",
            pattern,
            confidence,
            engine: crate::ENGINE,
        },
    }
}

fn any_action_verb_before(toks: &[Tok], at: usize) -> bool {
    toks.iter().take(at).any(|t| {
        matches!(
            t.text.as_str(),
            "send" | "post" | "add" | "create" | "save" | "upload" | "put" | "write"
        )
    })
}

/// The plan behind a response (trigger, action apps, schedule, pattern).
pub fn plan(r: &WorkflowResponse) -> Plan {
    let mut trigger = "manual".to_string();
    let mut schedule = None;
    let mut actions = Vec::new();
    for s in &r.steps {
        if s.kind == "trigger" {
            if let Some(a) = s.app {
                trigger = a.to_string();
            } else if let Some(sc) = &s.schedule {
                trigger = "schedule".into();
                schedule = Some(sc.clone());
            }
        } else if let Some(a) = s.app {
            actions.push(a);
        }
    }
    Plan {
        trigger,
        actions,
        schedule,
        pattern: r.meta.pattern,
    }
}

impl Assistant {
    /// `POST /api/ai/workflow`: `{ query, context? }` to workflow steps.
    pub fn workflow(&self, request: &Value) -> Result<WorkflowResponse, AssistantError> {
        let query = validate_query(input::string(request, "query"), "query")?;
        Ok(build(&query))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(q: &str) -> Plan {
        plan(&build(q))
    }

    #[test]
    fn catalog_has_100_apps_with_aliases() {
        assert!(apps().len() >= 100);
        assert_eq!(p("save attachments from gmial to gdrive").trigger, "Gmail");
    }

    #[test]
    fn brief_examples() {
        let a = p("save new Gmail attachments to Google Drive");
        assert_eq!(
            (a.trigger.as_str(), a.actions.as_slice()),
            ("Gmail", &["Google Drive"][..])
        );
        let b = p("when a row is added in Sheets, post to Slack");
        assert_eq!(
            (b.trigger.as_str(), b.actions.as_slice()),
            ("Google Sheets", &["Slack"][..])
        );
        let c = p("every night back up Dropbox to S3");
        assert_eq!(c.trigger, "schedule");
        assert_eq!(c.actions, ["Dropbox", "Amazon S3"]);
        assert_eq!(c.schedule.map(|s| s.cron).as_deref(), Some("0 2 * * *"));
        assert_eq!(c.pattern, "backup");
    }

    #[test]
    fn schedules_to_cron() {
        let cron = |q: &str| p(q).schedule.map(|s| s.cron).unwrap_or_default();
        assert_eq!(cron("daily at 9am send me a summary by email"), "0 9 * * *");
        assert_eq!(
            cron("every Monday post the sales report to Slack"),
            "0 9 * * 1"
        );
        assert_eq!(cron("hourly check the RSS feed"), "0 * * * *");
        assert_eq!(
            cron("every 15 minutes sync Airtable to Sheets"),
            "*/15 * * * *"
        );
        assert_eq!(
            cron("every weekday at 5:30 pm email the team"),
            "30 17 * * 1-5"
        );
    }

    #[test]
    fn conditions_delays_and_unclear() {
        let r = build("When Stripe gets a payment, if the amount is over £100, wait 2 days then email the customer via Gmail");
        assert!(r
            .steps
            .iter()
            .any(|s| s.kind == "condition" && s.description.contains("£100")));
        assert!(r
            .steps
            .iter()
            .any(|s| s.kind == "delay" && s.label == "Wait 2 days"));
        let u = build("help me automate stuff");
        assert_eq!(u.meta.pattern, "custom");
        assert!(u.meta.confidence < 0.3);
        assert!(u.steps.len() >= 2);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod props {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,300}") {
            let r = build(&s);
            prop_assert!(!r.steps.is_empty());
            prop_assert!((0.0..=1.0).contains(&r.meta.confidence));
        }

        #[test]
        fn never_panics_on_wordy_input(s in "(every|at|9am|12 30|pm|wait|2|days|if|over|£|gmail|to|sheets|, |\\.|when|on|mondays| )+") {
            let _ = build(&s);
        }
    }
}

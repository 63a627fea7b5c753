//! `schedule`: time rules in a request ("every night", "daily at 9am",
//! "every Monday", "hourly", "every 15 minutes", "twice a day") to the words
//! as written and a five-field cron expression. Defaults (day parts, the
//! 09:00 of "daily") come from `workflow_words.txt`.

use super::words::{self, DAY_PARTS, NUMBERS, TIME_ZONES, UNITS, WEEKDAYS, WEEKDAY_WORDS};
use super::Schedule;
use crate::text::tokens::{is, Tok};

/// The hour a day-level rule runs at when the request names no time.
const DEFAULT_HOUR: u32 = 9;

fn text_of(toks: &[Tok], i: usize) -> &str {
    toks.get(i).map_or("", |t| t.text.as_str())
}

/// A count word or number ("two", "15", "a").
fn num(t: Option<&Tok>) -> Option<u32> {
    let t = t?.text.as_str();
    words::get(&NUMBERS, t).or_else(|| t.parse().ok().filter(|n| *n < 100_000))
}

/// A unit word ("minutes", "hr"), or a number glued to one ("15min", "2h").
pub(super) fn unit(t: Option<&Tok>) -> Option<&'static str> {
    words::get(&UNITS, t?.text.as_str())
}

/// "15min" -> (15, "minute").
fn glued(t: Option<&Tok>) -> Option<(u32, &'static str)> {
    let t = t?.text.as_str();
    let p = t.find(|c: char| !c.is_ascii_digit()).filter(|p| *p > 0)?;
    let n: u32 = t.get(..p)?.parse().ok()?;
    let u = words::get(&UNITS, t.get(p..)?)?;
    Some((n, u))
}

/// A count and a unit at token `i`, as (count, unit, tokens used).
pub(super) fn amount(toks: &[Tok], i: usize) -> Option<(u32, &'static str, usize)> {
    if let Some((n, u)) = glued(toks.get(i)) {
        return Some((n, u, 1));
    }
    let n = num(toks.get(i))?;
    let u = unit(toks.get(i + 1))?;
    Some((n, u, 2))
}

/// "monday" -> (1, false); "mondays" -> (1, true).
fn weekday(s: &str) -> Option<(u32, bool)> {
    if let Some(d) = words::get(&WEEKDAYS, s) {
        return Some((d, false));
    }
    let d = words::get(&WEEKDAYS, s.strip_suffix('s')?)?;
    Some((d, true))
}

/// Parses "9am", "9", "17" (+ a following "am"/"pm", minutes) at `i`, as
/// (hour, minute, tokens used).
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
        let next = text_of(toks, i + 1);
        if next.len() == 2 && next.bytes().all(|b| b.is_ascii_digit()) {
            m = next.parse().ok()?;
            used += 1;
        } else if next.len() == 4 && (next.ends_with("am") || next.ends_with("pm")) {
            if let Some(v) = next.get(..2).and_then(|d| d.parse::<u32>().ok()) {
                m = v;
                ampm = next.get(2..).unwrap_or("");
                used += 1;
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
        "am" if h == 12 => h = 0,
        "am" => {}
        "pm" if h < 12 => h += 12,
        "pm" | "" | "h" => {}
        _ => return None,
    }
    (h < 24 && m < 60).then_some((h, m, used))
}

/// One field of a cron expression.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Field {
    /// `*`
    Any,
    /// `*/n`
    Every(u32),
    /// `n`
    Num(u32),
    /// `a-b`
    Range(u32, u32),
    /// `a,b`
    Pair(u32, u32),
    /// `L` (last day of the month)
    Last,
}

impl std::fmt::Display for Field {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Field::Any => f.write_str("*"),
            Field::Every(n) => write!(f, "*/{n}"),
            Field::Num(n) => write!(f, "{n}"),
            Field::Range(a, b) => write!(f, "{a}-{b}"),
            Field::Pair(a, b) => write!(f, "{a},{b}"),
            Field::Last => f.write_str("L"),
        }
    }
}

/// The fields of a rule, to tell whether a word changed it.
type Key = (
    Option<Field>,
    Option<Field>,
    Option<Field>,
    Option<Field>,
    Option<u32>,
    Option<(u32, u32)>,
);

#[derive(Default)]
struct Rule {
    minute: Option<Field>,
    hour: Option<Field>,
    dom: Option<Field>,
    dow: Option<Field>,
    day_hour: Option<u32>,
    at: Option<(u32, u32)>,
    /// The clock time came after "at" with its am/pm or minutes ("at
    /// 10pm"): alone, a daily rule (not "between midnight and 6am").
    at_word: bool,
    /// A one-off day ("tomorrow at 9am"): a clock time alone is no rule.
    one_off: bool,
    /// Token spans that make up the rule, in order.
    spans: Vec<(usize, usize)>,
}

fn step(n: u32) -> Field {
    if n > 1 {
        Field::Every(n)
    } else {
        Field::Any
    }
}

/// Monday to Friday.
const WEEKDAYS_RANGE: Field = Field::Range(1, 5);

impl Rule {
    /// Applies "every <n> <unit>" (n = 1 for "every <unit>").
    fn every(&mut self, n: u32, u: &str, twice: bool) {
        match u {
            "minute" => {
                self.minute = Some(step(n));
                self.hour = Some(Field::Any);
            }
            "hour" => {
                self.minute = Some(Field::Num(0));
                self.hour = Some(step(n));
            }
            "day" => {
                if twice {
                    self.hour = Some(Field::Pair(9, 17));
                }
                self.day_hour.get_or_insert(DEFAULT_HOUR);
            }
            "week" => {
                self.dow.get_or_insert(Field::Num(1));
            }
            _ => {
                self.dom.get_or_insert(Field::Num(1));
            }
        }
    }

    fn key(&self) -> Key {
        (
            self.minute,
            self.hour,
            self.dom,
            self.dow,
            self.day_hour,
            self.at,
        )
    }

    fn recurring(&self) -> bool {
        self.minute.is_some()
            || self.hour.is_some()
            || self.dom.is_some()
            || self.dow.is_some()
            || self.day_hour.is_some()
    }
}

/// Tokens used by a rule word at `i` (0: not one).
fn rule_at(toks: &[Tok], i: usize, r: &mut Rule) -> usize {
    let t = text_of(toks, i);
    let next = text_of(toks, i + 1);
    match t {
        "every" | "each" => {
            if !matches!(next, "a" | "an") {
                if let Some((n, u, k)) = amount(toks, i + 1) {
                    r.every(n, u, false);
                    return k + 1;
                }
            }
            if let Some(u) = unit(toks.get(i + 1)) {
                r.every(1, u, false);
                return 2;
            }
            if let Some(h) = words::get(&DAY_PARTS, next) {
                r.day_hour = Some(h);
                return 2;
            }
            if words::has(&WEEKDAY_WORDS, next) {
                r.dow = Some(WEEKDAYS_RANGE);
                return if is(toks.get(i + 2), &["day", "days"]) {
                    3
                } else {
                    2
                };
            }
            if let Some((d, _)) = weekday(next) {
                r.dow = Some(Field::Num(d));
                return 2;
            }
            0
        }
        "once" | "twice" if matches!(next, "a" | "an" | "per") => match unit(toks.get(i + 2)) {
            Some(u) => {
                r.every(1, u, t == "twice");
                3
            }
            None => 0,
        },
        "hourly" => {
            r.every(1, "hour", false);
            1
        }
        "daily" | "everyday" => {
            r.every(1, "day", false);
            1
        }
        "weekly" => {
            r.every(1, "week", false);
            1
        }
        "monthly" => {
            r.every(1, "month", false);
            1
        }
        "nightly" | "overnight" => {
            r.day_hour = words::get(&DAY_PARTS, t);
            1
        }
        "weekdays" => {
            r.dow = Some(WEEKDAYS_RANGE);
            1
        }
        "tomorrow" | "tonight" | "today" => {
            r.one_off = true;
            0
        }
        "at" | "by" | "around" => {
            if let Some((h, m, n)) = clock(toks, i + 1) {
                let explicit = next.ends_with("am") || next.ends_with("pm") || n > 1;
                if explicit || !r.spans.is_empty() || r.recurring() {
                    r.at = Some((h, m));
                    r.at_word |= t == "at" && explicit;
                    return n + 1;
                }
            } else if matches!(next, "noon" | "midday" | "midnight") {
                r.at = Some((words::get(&DAY_PARTS, next).unwrap_or(12), 0));
                return 2;
            }
            0
        }
        "end" if next == "of" => {
            let (w, k) = if text_of(toks, i + 2) == "the" {
                (text_of(toks, i + 3), 4)
            } else {
                (text_of(toks, i + 2), 3)
            };
            match w {
                "day" => r.day_hour = Some(17),
                "week" => {
                    r.dow = Some(Field::Num(5));
                    r.day_hour = Some(17);
                }
                "month" => r.dom = Some(Field::Last),
                _ => return 0,
            }
            k
        }
        _ => {
            if let Some((d, plural)) = weekday(t) {
                let prev = i.checked_sub(1).and_then(|p| toks.get(p));
                // "monday.com" is an app, not a day
                let part = words::get(&DAY_PARTS, next).is_some();
                if (plural || part || is(prev, &["on", "every", "each"])) && next != "com" {
                    r.dow = Some(Field::Num(d));
                    return 1;
                }
            } else if let Some(h) = words::get(&DAY_PARTS, t) {
                // "monday morning", "every weekday morning": a part of an existing rule;
                // "morning briefing", "nightly digest": a recurring report
                let part_of = r.spans.last().is_some_and(|(_, b)| b + 1 == i) && r.at.is_none();
                if part_of || words::has(&words::RECURRING_NOUNS, next) {
                    r.day_hour = Some(h);
                    return 1;
                }
            } else if t.ends_with("am") || t.ends_with("pm") || is(toks.get(i + 2), &["am", "pm"]) {
                // "9am", "01:00 AM" without "at"
                if let Some((h, m, n)) = clock(toks, i) {
                    if n > 1 || t.ends_with('m') {
                        r.at = Some((h, m));
                        return n;
                    }
                }
            }
            0
        }
    }
}

/// The schedule in `toks`, if the request has a time rule. A clock time
/// alone ("at 10pm check the garage door") is a daily rule at that time:
/// an automation runs again, so that is what the request means.
pub fn parse(toks: &[Tok], text: &str) -> Option<Schedule> {
    let mut r = Rule::default();
    let mut i = 0;
    while i < toks.len() {
        let before = r.key();
        let mut n = rule_at(toks, i, &mut r);
        if n > 0 {
            // a clock time may carry its zone ("at 9:00 UTC"): part of the words
            if r.at != before.5 && words::has(&TIME_ZONES, text_of(toks, i + n)) {
                n += 1;
            }
            // a word that changes nothing ("monthly ... monthly") is not part of the rule
            if r.key() != before {
                r.spans.push((i, i + n - 1));
            }
            i += n;
        } else {
            i += 1;
        }
    }
    let daily_at = r.at_word && !r.one_off;
    if !r.recurring() && !daily_at {
        return None;
    }
    let (minute, hour) = match (r.minute, r.hour, r.at) {
        (Some(m), Some(h), _) => (m, h),
        (_, Some(h), _) => (Field::Num(0), h),
        (_, None, Some((h, m))) => (Field::Num(m), Field::Num(h)),
        (_, None, None) => (
            Field::Num(0),
            Field::Num(r.day_hour.unwrap_or(DEFAULT_HOUR)),
        ),
    };
    let cron = format!(
        "{minute} {hour} {} * {}",
        r.dom.unwrap_or(Field::Any),
        r.dow.unwrap_or(Field::Any)
    );
    // the words: adjacent spans joined as written, separate ones with a space
    let mut words = String::new();
    let mut prev_end: Option<usize> = None;
    let mut group: Option<(usize, usize)> = None;
    let flush = |g: Option<(usize, usize)>, words: &mut String| {
        if let Some((a, b)) = g {
            let s = crate::text::tokens::span_text(toks, text, a, b);
            if !s.is_empty() {
                if !words.is_empty() {
                    words.push(' ');
                }
                words.push_str(&s);
            }
        }
    };
    for (a, b) in r.spans {
        match (group, prev_end) {
            (Some((ga, _)), Some(pe)) if a == pe + 1 || (a == pe + 2 && joins(toks, pe + 1)) => {
                group = Some((ga, b));
            }
            _ => {
                flush(group, &mut words);
                group = Some((a, b));
            }
        }
        prev_end = Some(b);
    }
    flush(group, &mut words);
    Some(Schedule { text: words, cron })
}

/// A word that may sit between two parts of one rule ("every Monday and Friday" no; "daily, at 9").
fn joins(toks: &[Tok], i: usize) -> bool {
    is(toks.get(i), &["at", "on", "in", "the"])
}

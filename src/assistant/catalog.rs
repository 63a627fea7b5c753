//! `catalog`: the app catalog (`catalog.txt`, compiled and checked by
//! `build.rs`): display names, kinds, which roles each app can take, and
//! their aliases; finds app mentions in text (whole words after folding,
//! plurals, one-letter typos on longer single-word aliases). Used by the
//! workflow builder, and by anything that needs provider names in free text.

use super::packed::{Ends, List};
use super::workflow::words::{self, NOT_APPS};
use crate::text::fuzzy;
use crate::text::tokens::{tokenize, Tok, BREAK};

/// Which part an app can play in a workflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// Only starts workflows (forms, feeds).
    Trigger,
    /// Only receives actions (AI models, generic sends).
    Action,
    /// Either.
    Both,
}

impl Role {
    /// Whether the app can start a workflow.
    pub fn can_trigger(self) -> bool {
        self != Role::Action
    }
}

/// A catalog app (a small copy of its compiled entry).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct App {
    /// Display name, e.g. "Google Sheets".
    pub name: &'static str,
    /// Kind: mail, sheet, storage, chat, sms, crm, ai, http, ...
    pub kind: &'static str,
    /// Trigger, action or both.
    pub role: Role,
    /// For a generic stand-in (Email, SMS): the kinds of named apps it
    /// yields to when both are mentioned. Empty for named apps.
    pub yields: &'static [&'static str],
    /// Index in the catalog.
    id: u16,
}

impl App {
    /// Whether this is a generic stand-in (Email, SMS) rather than a product.
    pub fn is_generic(&self) -> bool {
        !self.yields.is_empty()
    }

    /// Whether this is the catalog's webhook (the `http` kind that can
    /// both start a workflow and be called), not a plain HTTP call.
    pub fn is_webhook(&self) -> bool {
        self.kind == "http" && self.role == Role::Both
    }
}

include!(concat!(env!("OUT_DIR"), "/assistant_catalog.rs"));

fn at(table: &[u16], i: usize) -> usize {
    table.get(i).map_or(0, |v| usize::from(*v))
}

/// App `i` of the catalog.
fn app(i: usize) -> Option<App> {
    let name = NAMES.get(i);
    let small = |t: &[u8]| t.get(i).map_or(0, |v| usize::from(*v));
    Some(App {
        name,
        kind: KINDS.get(small(&APP_KIND)).copied().unwrap_or(""),
        role: ROLES.get(small(&APP_ROLE)).copied().unwrap_or(Role::Both),
        yields: YIELDS.get(small(&APP_YIELDS)).copied().unwrap_or(&[]),
        id: u16::try_from(i).ok()?,
    })
}

/// The whole catalog, in file order.
pub fn apps() -> impl ExactSizeIterator<Item = App> {
    (0..APP_KIND.len()).map(|i| {
        app(i).unwrap_or(App {
            name: "",
            kind: "",
            role: Role::Both,
            yields: &[],
            id: 0,
        })
    })
}

/// One app mention: the app and the tokens it spans.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    /// The app.
    pub app: App,
    /// Index of the first token.
    pub at: usize,
    /// Number of tokens.
    pub len: usize,
}

/// Alias word `i`.
fn word(i: usize) -> &'static str {
    WORDS.get(i)
}

/// The id of alias word `w`.
fn word_id(w: &str) -> Option<usize> {
    WORDS.find(w)
}

/// One alias: its app and the word ids after its first word.
#[derive(Clone, Copy)]
struct Alias {
    app: usize,
    rest: &'static [u16],
}

/// The aliases whose first word is `w`, longest first.
fn aliases_from(w: usize) -> impl Iterator<Item = Alias> {
    let (mut pos, end) = (FIRST_AT.at(w), FIRST_AT.at(w + 1));
    std::iter::from_fn(move || {
        if pos >= end {
            return None;
        }
        let app = at(&ALIAS_RUNS, pos);
        let n = at(&ALIAS_RUNS, pos + 1).max(1);
        let rest = ALIAS_RUNS.get(pos + 2..pos + 1 + n).unwrap_or(&[]);
        pos += 1 + n;
        Some(Alias { app, rest })
    })
}

/// "reminder" ~ "reminders", either way.
fn same_but_plural(a: &str, b: &str) -> bool {
    a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The app of the one-word alias of word `w`, if it has one (the last, shortest, of its run).
fn single_word_alias(w: usize) -> Option<App> {
    let last = aliases_from(w).last()?;
    last.rest.is_empty().then(|| app(last.app)).flatten()
}

/// The longest alias starting at token `i`, as (app, tokens used).
fn match_at(toks: &[Tok], i: usize) -> Option<(App, usize)> {
    let tok = toks.get(i)?.text.as_str();
    if let Some(w) = word_id(tok) {
        for al in aliases_from(w) {
            let n = al.rest.len() + 1;
            let fits = toks.get(i + 1..i + n).is_some_and(|t| {
                t.iter().zip(al.rest).enumerate().all(|(k, (t, w))| {
                    let w = word(usize::from(*w));
                    t.text == w || (k + 2 == n && same_but_plural(&t.text, w))
                })
            });
            if fits {
                return app(al.app).map(|a| (a, n));
            }
        }
    }
    // plural of a one-word alias ("webhooks", "trellos"), not an ordinary word ("canvas")
    let ordinary = words::has(&NOT_APPS, tok);
    if let Some(stem) = tok.strip_suffix('s').filter(|s| s.len() >= 2 && !ordinary) {
        if let Some(a) = word_id(stem).and_then(single_word_alias) {
            return Some((a, 1));
        }
    }
    // one typo in a one-word alias of 5+ letters with the same first letter
    if tok.len() < 5 || tok.bytes().any(|b| b.is_ascii_digit()) || ordinary {
        return None;
    }
    let first = tok.as_bytes().first().copied();
    let initial = |w: usize| word(w).as_bytes().first().copied();
    let n = WORDS.len();
    let (mut lo, mut hi) = (0, n);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if initial(mid) < first {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    (lo..n)
        .take_while(|w| initial(*w) == first)
        .find_map(|w| {
            let s = word(w);
            let close = s.len() >= 5
                && s.len().abs_diff(tok.len()) <= 1
                && !s.bytes().any(|b| b.is_ascii_digit())
                && fuzzy::distance(s, tok, fuzzy::tolerance(s.len()).min(1)).is_some();
            if close {
                single_word_alias(w)
            } else {
                None
            }
        })
        .map(|a| (a, 1))
}

/// Every app mention in `toks`, left to right, longest alias first; a
/// generic stand-in (Email, SMS) is dropped when the text also names an
/// app of a kind it yields to.
pub fn mentions(toks: &[Tok]) -> Vec<Mention> {
    let mut out: Vec<Mention> = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match match_at(toks, i) {
            Some((app, len)) => {
                out.push(Mention { app, at: i, len });
                i += len;
            }
            None => i += 1,
        }
    }
    // a stand-in yields to an app of its own kind anywhere ("an email" with
    // Gmail named is Gmail), to one of another kind only in the same phrase
    // ("a text on WhatsApp"; not "post to Slack, then send an SMS")
    let near = |a: &Mention, b: &Mention| {
        let (lo, hi) = if a.at < b.at {
            (a.at + a.len, b.at)
        } else {
            (b.at + b.len, a.at)
        };
        hi <= lo + 3 && !(lo..hi).any(|j| toks.get(j).is_some_and(|t| t.text == BREAK))
    };
    let yielded: Vec<bool> = out
        .iter()
        .map(|m| {
            out.iter().any(|o| {
                !o.app.is_generic()
                    && m.app.yields.contains(&o.app.kind)
                    && (o.app.kind == m.app.kind || near(m, o))
            })
        })
        .collect();
    let mut k = 0;
    out.retain(|_| {
        k += 1;
        !yielded.get(k - 1).copied().unwrap_or(false)
    });
    out
}

/// The distinct catalog apps named in `text`, in order of first mention
/// (e.g. provider names in an error message).
///
/// ```
/// use levqor_wasm::assistant::catalog::find_in;
/// let names: Vec<&str> = find_in("Slack API error from hooks.slack.com; retry via Stripe").iter().map(|a| a.name).collect();
/// assert_eq!(names, ["Slack", "Stripe"]);
/// ```
pub fn find_in(text: &str) -> Vec<App> {
    let mut out: Vec<App> = Vec::new();
    for m in mentions(&tokenize(text)) {
        if !out.iter().any(|a| a.id == m.app.id) {
            out.push(m.app);
        }
    }
    out
}

/// The app whose display name or alias is exactly `name` (folded), e.g.
/// "Microsoft Outlook" or "outlook" -> Outlook.
pub fn lookup(name: &str) -> Option<App> {
    let toks = tokenize(name);
    let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    // display names are ASCII words: compare them word by word, folded
    let same = |s: &str| {
        let mut parts = s
            .split(|c: char| !c.is_ascii_alphanumeric())
            .filter(|p| !p.is_empty());
        words
            .iter()
            .all(|w| parts.next().is_some_and(|p| p.eq_ignore_ascii_case(w)))
            && parts.next().is_none()
    };
    apps().find(|a| same(a.name)).or_else(|| {
        let first = word_id(words.first()?)?;
        let rest = words.get(1..)?;
        aliases_from(first)
            .find(|al| {
                al.rest.len() == rest.len()
                    && al
                        .rest
                        .iter()
                        .zip(rest)
                        .all(|(a, b)| word(usize::from(*a)) == *b)
            })
            .and_then(|al| app(al.app))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str) -> Vec<&'static str> {
        find_in(text).iter().map(|a| a.name).collect()
    }

    #[test]
    fn catalog_is_large_and_roles_are_kept() {
        assert!(apps().len() >= 300, "{} apps", apps().len());
        let openai = lookup("ChatGPT").map(|a| (a.name, a.role));
        assert_eq!(openai, Some(("OpenAI", Role::Action)));
        assert_eq!(lookup("Typeform").map(|a| a.role), Some(Role::Trigger));
        assert_eq!(lookup("microsoft outlook").map(|a| a.name), Some("Outlook"));
        assert_eq!(lookup("no such app"), None);
    }

    #[test]
    fn aliases_plurals_typos_and_longest_first() {
        assert_eq!(names("gmial to gdrive"), ["Gmail", "Google Drive"]);
        assert_eq!(names("two webhooks"), ["Webhook"]);
        assert_eq!(names("zoho books and zoho crm"), ["Zoho Books", "Zoho CRM"]);
        // ordinary words near an alias are not apps
        assert!(names("a black sheep").is_empty());
    }

    #[test]
    fn generic_stand_ins_yield_to_named_apps() {
        assert_eq!(names("send an email with Gmail"), ["Gmail"]);
        assert_eq!(names("send an email"), ["Email"]);
        assert_eq!(names("text me via twilio"), ["Twilio"]);
        assert_eq!(names("text me"), ["SMS"]);
    }
}

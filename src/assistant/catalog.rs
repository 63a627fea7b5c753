//! `catalog`: the app catalog (`catalog.txt`, compiled and checked by
//! `build.rs`): display names, kinds, which roles each app can take, and
//! their aliases; finds app mentions in text (whole words after folding,
//! plurals, one-letter typos on longer single-word aliases). Used by the
//! workflow builder, and by anything that needs provider names in free text.

use super::workflow::words::NOT_APPS;
use crate::text::fuzzy;
use crate::text::tokens::{tokenize, Tok};

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

/// A catalog app.
#[derive(Debug, PartialEq, Eq)]
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
}

impl App {
    /// Whether this is a generic stand-in (Email, SMS) rather than a product.
    pub fn is_generic(&self) -> bool {
        !self.yields.is_empty()
    }
}

include!(concat!(env!("OUT_DIR"), "/assistant_catalog.rs"));

/// The whole catalog, in file order.
pub fn apps() -> &'static [App] {
    &APPS
}

/// One app mention: the app and the tokens it spans.
#[derive(Debug, Clone, Copy)]
pub struct Mention {
    /// The app.
    pub app: &'static App,
    /// Index of the first token.
    pub at: usize,
    /// Number of tokens.
    pub len: usize,
}

fn app(i: u16) -> Option<&'static App> {
    APPS.get(usize::from(i))
}

/// "reminder" ~ "reminders", either way.
fn same_but_plural(a: &str, b: &str) -> bool {
    a.strip_suffix('s') == Some(b) || b.strip_suffix('s') == Some(a)
}

/// The longest alias starting at token `i`, as (app, tokens used).
fn match_at(toks: &[Tok], i: usize) -> Option<(&'static App, usize)> {
    let tok = toks.get(i)?.text.as_str();
    if let Ok(k) = FIRST_WORD.binary_search_by(|(w, _)| (*w).cmp(tok)) {
        let ids = FIRST_WORD.get(k).map_or(&[][..], |(_, ids)| *ids);
        for id in ids {
            let Some((words, a)) = ALIASES.get(usize::from(*id)) else {
                continue;
            };
            let n = words.len();
            let fits = toks.get(i..i + n).is_some_and(|w| {
                w.iter().zip(words.iter()).enumerate().all(|(k, (t, w))| {
                    t.text == *w || (n > 1 && k + 1 == n && same_but_plural(&t.text, w))
                })
            });
            if fits {
                return app(*a).map(|a| (a, words.len()));
            }
        }
    }
    // plural of a one-word alias ("webhooks", "trellos"), not an ordinary word ("canvas")
    let ordinary = NOT_APPS.binary_search(&tok).is_ok();
    if let Some(stem) = tok.strip_suffix('s').filter(|s| s.len() >= 2 && !ordinary) {
        if let Ok(k) = FIRST_WORD.binary_search_by(|(w, _)| (*w).cmp(stem)) {
            let ids = FIRST_WORD.get(k).map_or(&[][..], |(_, ids)| *ids);
            for id in ids {
                if let Some((words, a)) = ALIASES.get(usize::from(*id)) {
                    if words.len() == 1 {
                        return app(*a).map(|a| (a, 1));
                    }
                }
            }
        }
    }
    // one typo in a longer single-word alias with the same first letter
    if tok.len() < 5 || tok.bytes().any(|b| b.is_ascii_digit()) || ordinary {
        return None;
    }
    fuzzy::same_initial(&FUZZY, tok, |(w, _)| w)
        .iter()
        .find(|(w, _)| fuzzy::distance(w, tok, fuzzy::tolerance(w.len()).min(1)).is_some())
        .and_then(|(_, a)| app(*a))
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
    let named: Vec<&str> = out
        .iter()
        .filter(|m| !m.app.is_generic())
        .map(|m| m.app.kind)
        .collect();
    out.retain(|m| !m.app.yields.iter().any(|k| named.contains(k)));
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
pub fn find_in(text: &str) -> Vec<&'static App> {
    let mut out: Vec<&'static App> = Vec::new();
    for m in mentions(&tokenize(text)) {
        if !out.iter().any(|a| std::ptr::eq(*a, m.app)) {
            out.push(m.app);
        }
    }
    out
}

/// The app whose display name or alias is exactly `name` (folded), e.g.
/// "Microsoft Outlook" or "outlook" -> Outlook.
pub fn lookup(name: &str) -> Option<&'static App> {
    let toks = tokenize(name);
    let words: Vec<&str> = toks.iter().map(|t| t.text.as_str()).collect();
    let same = |s: &str| {
        let t = tokenize(s);
        t.len() == words.len() && t.iter().zip(&words).all(|(a, b)| a.text == *b)
    };
    APPS.iter().find(|a| same(a.name)).or_else(|| {
        ALIASES
            .iter()
            .find(|(w, _)| *w == words.as_slice())
            .and_then(|(_, a)| app(*a))
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

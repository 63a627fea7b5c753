//! Build-time generator for the workflow builder: reads the app catalog
//! (`src/assistant/catalog.txt`) and the builder's word knowledge
//! (`src/assistant/workflow_words.txt`), checks them, and writes static
//! tables to `OUT_DIR/assistant_catalog.rs` and `OUT_DIR/workflow_words.rs`.
//! A malformed line, an unknown kind, role or section, a bad value, or an
//! alias (or word) listed twice fails the build with `file:line`.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::path::Path;

const CATALOG: &str = "src/assistant/catalog.txt";
const WORDS: &str = "src/assistant/workflow_words.txt";

/// The closed vocabulary of app kinds (one home: this list).
pub const KINDS: [&str; 25] = [
    "mail",
    "sheet",
    "storage",
    "chat",
    "sms",
    "notes",
    "tasks",
    "crm",
    "pay",
    "shop",
    "form",
    "marketing",
    "dev",
    "calendar",
    "meet",
    "data",
    "social",
    "support",
    "web",
    "ai",
    "docs",
    "hr",
    "http",
    "weather",
    "home",
];

const ROLES: [(&str, &str); 3] = [
    ("trigger", "Role::Trigger"),
    ("action", "Role::Action"),
    ("both", "Role::Both"),
];

/// Sections of `workflow_words.txt`: name, and what a map value must be
/// (`None` for a plain word list).
const SECTIONS: [(&str, Option<Value>); 67] = [
    ("numbers", Some(Value::Number(100_000))),
    (
        "units",
        Some(Value::OneOf(&["minute", "hour", "day", "week", "month"])),
    ),
    ("day_parts", Some(Value::Number(24))),
    ("time_zones", None),
    ("weekdays", Some(Value::Number(7))),
    ("recurring_nouns", None),
    ("weekday_words", None),
    ("action_verbs", None),
    ("source_cues", None),
    ("lead_ins", None),
    ("event_participles", None),
    ("subject_words", None),
    ("bot_words", None),
    ("self_words", None),
    ("holder_defaults", Some(Value::Any)),
    ("determiners", None),
    ("tool_verbs", None),
    ("event_nouns", None),
    ("send_words", None),
    ("notice_nouns", None),
    ("destination_preps", None),
    ("tool_preps", None),
    ("notify_words", None),
    ("pattern_words", Some(Value::Vocab("workflow_pattern"))),
    ("kind_patterns", Some(Value::Vocab("workflow_pattern"))),
    ("storage_verbs", None),
    ("entry_words", None),
    ("email_words", None),
    ("not_apps", None),
    ("name_cues", None),
    ("not_names", None),
    ("notification_kinds", None),
    ("sender_kinds", None),
    ("condition_words", None),
    ("match_verbs", None),
    ("filter_fields", None),
    ("value_words", None),
    ("value_units", None),
    ("comparators", None),
    ("holders", Some(Value::OneOf(&KINDS))),
    ("make_verbs", None),
    ("read_verbs", None),
    ("whether_words", None),
    ("arrive_words", None),
    ("device_verbs", None),
    ("chat_self_words", None),
    ("field_nouns", None),
    ("main_verbs", None),
    ("platforms", None),
    ("answer_verbs", None),
    ("event_cues", None),
    ("refer_words", None),
    ("relative_words", None),
    ("plain_noun_aliases", None),
    ("app_context_nouns", None),
    ("receive_verbs", None),
    ("report_nouns", None),
    ("start_verbs", None),
    ("address_nouns", None),
    ("comparison_cues", None),
    ("like_leads", None),
    ("value_verbs", None),
    ("place_nouns", None),
    ("id_nouns", None),
    ("common_aliases", None),
    ("place_refs", None),
    ("api_nouns", None),
];

#[derive(Clone, Copy)]
enum Value {
    /// A whole number below the bound.
    Number(u32),
    /// One of these words.
    OneOf(&'static [&'static str]),
    /// A value of this set of `src/vocab/vocab.txt`.
    Vocab(&'static str),
    /// The display name of a catalog app.
    Any,
}

fn is_word(w: &str) -> bool {
    !w.is_empty()
        && w.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
}

pub fn generate() {
    println!("cargo:rerun-if-changed={CATALOG}");
    println!("cargo:rerun-if-changed={WORDS}");
    let out = std::env::var("OUT_DIR").expect("OUT_DIR");
    let cat = fs::read_to_string(CATALOG).expect("read catalog.txt");
    let (tables, names) = catalog(&cat);
    fs::write(Path::new(&out).join("assistant_catalog.rs"), tables)
        .expect("write assistant_catalog.rs");
    let words = fs::read_to_string(WORDS).expect("read workflow_words.txt");
    fs::write(
        Path::new(&out).join("workflow_words.rs"),
        word_tables(&words, &names),
    )
    .expect("write workflow_words.rs");
}

struct Alias {
    words: Vec<String>,
    app: usize,
}

/// The generated tables and the apps' display names.
pub fn catalog(text: &str) -> (String, Vec<String>) {
    let mut apps: Vec<(String, String, &str, Vec<String>)> = Vec::new();
    let mut aliases: Vec<Alias> = Vec::new();
    let mut owner: BTreeMap<Vec<String>, (usize, usize)> = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split('|').map(str::trim).collect();
        let (name, kind, role, list, yields) = match fields.as_slice() {
            [a, b, c, d] => (*a, *b, *c, *d, ""),
            [a, b, c, d, e] => (*a, *b, *c, *d, *e),
            _ => panic!("{CATALOG}:{line_no}: expected `Name|kind|role|aliases[|yields KIND ...]`"),
        };
        if name.is_empty() || name.contains('"') || name.contains('\\') {
            panic!("{CATALOG}:{line_no}: bad display name {name:?}");
        }
        if !KINDS.contains(&kind) {
            panic!("{CATALOG}:{line_no}: unknown kind {kind:?} (known: {KINDS:?})");
        }
        let Some((_, role)) = ROLES.iter().find(|(r, _)| *r == role) else {
            panic!("{CATALOG}:{line_no}: unknown role {role:?} (trigger, action or both)");
        };
        let yields: Vec<String> = if yields.is_empty() {
            Vec::new()
        } else {
            let mut it = yields.split_whitespace();
            if it.next() != Some("yields") {
                panic!("{CATALOG}:{line_no}: fifth field must be `yields KIND ...`");
            }
            let ks: Vec<String> = it.map(str::to_owned).collect();
            for k in &ks {
                if !KINDS.contains(&k.as_str()) {
                    panic!("{CATALOG}:{line_no}: unknown kind {k:?} after `yields`");
                }
            }
            if ks.is_empty() {
                panic!("{CATALOG}:{line_no}: `yields` needs at least one kind");
            }
            ks
        };
        let app = apps.len();
        if apps.iter().any(|a| a.0 == name) {
            panic!("{CATALOG}:{line_no}: app {name:?} listed twice");
        }
        apps.push((name.to_owned(), kind.to_owned(), role, yields));
        let mut mine: Vec<Vec<String>> = Vec::new();
        for a in list.split(',').map(str::trim) {
            let words: Vec<String> = a.split_whitespace().map(str::to_owned).collect();
            if words.is_empty() {
                panic!("{CATALOG}:{line_no}: empty alias");
            }
            if let Some(w) = words.iter().find(|w| !is_word(w)) {
                panic!(
                    "{CATALOG}:{line_no}: alias word {w:?} must be lower-case letters and digits"
                );
            }
            if mine.contains(&words) {
                panic!("{CATALOG}:{line_no}: alias {a:?} listed twice");
            }
            mine.push(words);
        }
        for words in mine {
            if let Some((other, at)) = owner.get(&words) {
                let other = &apps[*other].0;
                panic!(
                    "{CATALOG}:{line_no}: duplicate alias {:?} (already {other:?} at line {at})",
                    words.join(" ")
                );
            }
            owner.insert(words.clone(), (app, line_no));
            aliases.push(Alias { words, app });
        }
    }
    if apps.len() > u16::MAX as usize {
        panic!("{CATALOG}: too many apps");
    }
    let mut s = String::from("// @generated by src/assistant/build_catalog.rs from catalog.txt\n");
    let nums = |v: &[usize]| v.iter().map(usize::to_string).collect::<Vec<_>>().join(",");
    // apps: names in one packed list, kind/role/yields as small indices
    let mut yield_sets: Vec<Vec<String>> = vec![Vec::new()];
    let (mut kinds, mut roles, mut yields) = (Vec::new(), Vec::new(), Vec::new());
    for (_, kind, role, ys) in &apps {
        kinds.push(KINDS.iter().position(|k| k == kind).unwrap_or(0));
        roles.push(ROLES.iter().position(|(_, r)| r == role).unwrap_or(0));
        let y = yield_sets.iter().position(|y| y == ys).unwrap_or_else(|| {
            yield_sets.push(ys.clone());
            yield_sets.len() - 1
        });
        yields.push(y);
    }
    let name_list: Vec<&str> = apps.iter().map(|(name, ..)| name.as_str()).collect();
    writeln!(
        s,
        "/// Display names, in file order (app `i`'s is `NAMES.get(i)`).\npub static NAMES: List = {};",
        crate::build_packed::list(CATALOG, &name_list)
    )
    .ok();
    writeln!(
        s,
        "/// App kinds (indices into [`KINDS`]).\npub static APP_KIND: [u8; {}] = [{}];",
        kinds.len(),
        nums(&kinds)
    )
    .ok();
    writeln!(
        s,
        "/// App roles (indices into [`ROLES`]).\npub static APP_ROLE: [u8; {}] = [{}];",
        roles.len(),
        nums(&roles)
    )
    .ok();
    writeln!(s, "/// What a generic app yields to (indices into [`YIELDS`]).\npub static APP_YIELDS: [u8; {}] = [{}];", yields.len(), nums(&yields)).ok();
    writeln!(
        s,
        "/// The kinds.\npub static KINDS: [&str; {}] = {KINDS:?};",
        KINDS.len()
    )
    .ok();
    let role_names: Vec<&str> = ROLES.iter().map(|(_, r)| *r).collect();
    writeln!(
        s,
        "/// The roles.\npub static ROLES: [Role; {}] = [{}];",
        ROLES.len(),
        role_names.join(",")
    )
    .ok();
    let sets: Vec<String> = yield_sets.iter().map(|y| format!("&{y:?}")).collect();
    writeln!(s, "/// The kind sets generic apps yield to (0: none).\npub static YIELDS: [&[&str]; {}] = [{}];", yield_sets.len(), sets.join(",")).ok();
    // aliases: distinct words sorted in one text; each alias a run of word
    // ids; aliases ordered by first word, longest first within a word
    let mut words: Vec<String> = aliases.iter().flat_map(|a| a.words.clone()).collect();
    words.sort_unstable();
    words.dedup();
    let id = |w: &str| words.binary_search_by(|x| x.as_str().cmp(w)).unwrap_or(0);
    aliases.sort_by_key(|a| (id(&a.words[0]), std::cmp::Reverse(a.words.len())));
    // one stream of alias runs `[app, n, words 2..=n]` (the first word is the
    // run's key), grouped by first word, longest first within a word
    let mut runs = Vec::new();
    let mut first_at = vec![0usize; words.len() + 1];
    for al in &aliases {
        let w = id(&al.words[0]);
        runs.push(al.app);
        runs.push(al.words.len());
        runs.extend(al.words.iter().skip(1).map(|w| id(w)));
        first_at[w + 1] = runs.len();
    }
    // words without aliases of their own start keep the previous end
    for w in 0..words.len() {
        first_at[w + 1] = first_at[w + 1].max(first_at[w]);
    }
    // (the packed lists check their own text)
    if runs.len() > u16::MAX as usize {
        panic!("{CATALOG}: the catalog outgrew its u16 tables");
    }
    writeln!(
        s,
        "/// The distinct alias words, sorted (word `i` is `WORDS.get(i)`).\npub static WORDS: List = {};",
        crate::build_packed::list(CATALOG, &words)
    )
    .ok();
    writeln!(s, "/// Alias runs `[app, words, word ids after the first]`.\npub static ALIAS_RUNS: [u16; {}] = [{}];", runs.len(), nums(&runs)).ok();
    writeln!(s, "/// The runs of aliases starting with word `w` are `ALIAS_RUNS[FIRST_AT[w]..FIRST_AT[w + 1]]`, longest first.\npub static FIRST_AT: Ends = {};", crate::build_packed::ends(&first_at)).ok();
    (s, apps.into_iter().map(|a| a.0).collect())
}

pub fn word_tables(text: &str, app_names: &[String]) -> String {
    let mut lists: BTreeMap<&str, Vec<(String, Option<String>)>> = BTreeMap::new();
    let mut section: Option<(&str, Option<Value>)> = None;
    for (n, line) in text.lines().enumerate() {
        let line_no = n + 1;
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let Some(sec) = SECTIONS.iter().find(|(s, _)| *s == name) else {
                panic!("{WORDS}:{line_no}: unknown section [{name}]");
            };
            if lists.contains_key(sec.0) {
                panic!("{WORDS}:{line_no}: section [{name}] appears twice");
            }
            lists.insert(sec.0, Vec::new());
            section = Some(*sec);
            continue;
        }
        let Some((name, value)) = section else {
            panic!("{WORDS}:{line_no}: entry before any [section]");
        };
        let (word, val) = match (value, line.split_once('=')) {
            (None, None) => (line, None),
            (Some(v), Some((w, x))) => {
                let x = x.trim();
                let ok = match v {
                    Value::Number(max) => x.parse::<u32>().is_ok_and(|n| n < max),
                    Value::OneOf(set) => set.contains(&x),
                    Value::Vocab(set) => crate::vocab::values(set).is_some_and(|v| v.contains(&x)),
                    Value::Any => app_names.iter().any(|n| n == x),
                };
                if !ok {
                    panic!("{WORDS}:{line_no}: bad value {x:?} in [{name}]");
                }
                (w.trim(), Some(x.to_owned()))
            }
            (None, Some(_)) => panic!("{WORDS}:{line_no}: [{name}] is a word list, no `= value`"),
            (Some(_), None) => panic!("{WORDS}:{line_no}: [{name}] needs `word = value`"),
        };
        if !is_word(word) {
            panic!("{WORDS}:{line_no}: {word:?} must be one folded word (lower-case letters and digits)");
        }
        if name == "holder_defaults" && !KINDS.contains(&word) {
            panic!("{WORDS}:{line_no}: unknown kind {word:?} in [{name}]");
        }
        let list = lists.entry(name).or_default();
        if list.iter().any(|(w, _)| w == word) {
            panic!("{WORDS}:{line_no}: {word:?} listed twice in [{name}]");
        }
        list.push((word.to_owned(), val));
    }
    let mut s =
        String::from("// @generated by src/assistant/build_catalog.rs from workflow_words.txt\n");
    for (name, value) in SECTIONS.iter() {
        let Some(list) = lists.get_mut(name) else {
            panic!("{WORDS}: missing section [{name}]");
        };
        list.sort();
        let upper = name.to_uppercase();
        // the words in one text with u16 ends: no pointer per word
        let keys: Vec<&str> = list.iter().map(|(w, _)| w.as_str()).collect();
        let words = crate::build_packed::list(&format!("{WORDS}: [{name}]"), &keys);
        match value {
            None => {
                writeln!(s, "/// `[{name}]`.\npub static {upper}: List = {words};").ok();
            }
            Some(Value::Number(_)) => {
                let vals: Vec<&str> = list
                    .iter()
                    .map(|(_, v)| v.as_deref().unwrap_or("0"))
                    .collect();
                writeln!(
                    s,
                    "/// `[{name}]`.\npub static {upper}: Map<u32> = Map {{ keys: {words}, values: &[{}] }};",
                    vals.join(",")
                )
                .ok();
            }
            Some(Value::OneOf(_)) | Some(Value::Vocab(_)) | Some(Value::Any) => {
                let vals: Vec<String> = list
                    .iter()
                    .map(|(_, v)| format!("{:?}", v.as_deref().unwrap_or("")))
                    .collect();
                writeln!(
                    s,
                    "/// `[{name}]`.\npub static {upper}: Map<&str> = Map {{ keys: {words}, values: &[{}] }};",
                    vals.join(",")
                )
                .ok();
            }
        }
    }
    s
}

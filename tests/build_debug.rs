//! The debug knowledge generator (`src/assistant/build_debug.rs`, run by
//! `build.rs`) rejects bad data with the file and line: an unknown
//! category, section, kind, key or placeholder, a malformed line, a bad
//! weight, a duplicate; and the shipped data passes.

#[path = "../src/text/mod.rs"]
#[allow(dead_code, unused_imports)]
pub mod text;

/// Where the generator finds the text classifier in `build.rs`.
mod assistant_kb {
    pub use super::text;
}

/// The packed-list writer, as `build.rs` has it.
#[path = "../src/assistant/build_packed.rs"]
mod build_packed;

#[path = "../src/assistant/build_debug.rs"]
#[allow(dead_code)]
mod generator;

#[path = "support/panic_message.rs"]
mod panic_message;

use panic_message::failure;

fn cats() -> Vec<String> {
    ["auth", "unknown"].iter().map(|s| s.to_string()).collect()
}

const RULES: &str = "@auth\nexplain: e\nstep: s\nprevent: p\nmatch 5: invalid api key\n\
                     @auth.expired\nexplain: e\nstep: s\nprevent: p\nmatch 7: token expired\n\
                     @unknown\nexplain: e\nstep: s\nprevent: p\n";

const SIGNALS_HEAD: &str = "weight http 5\nweight errno 5\nweight code 6\nweight sqlclass 4\n\
                            weight exception 4\nweight exception-part 3\nblend rules 1\nblend temperature 0.5\n";

#[test]
fn good_data_compiles() {
    let (secs, rules) = generator::parse_rules("rules.txt", RULES, &cats());
    assert_eq!(secs.len(), 3);
    assert_eq!(rules.len(), 2);
    let text = format!(
        "{SIGNALS_HEAD}http 401 auth | HTTP {{n}} from {{by}}.\ncode invalid_grant auth.expired\n"
    );
    let (tables, weights, blends) = generator::parse_signals("signals.txt", &text, &secs);
    assert_eq!(tables.get("http").map(Vec::len), Some(1));
    assert_eq!(weights.get("code"), Some(&6));
    assert_eq!(blends.get("temperature"), Some(&0.5));
}

#[test]
fn bad_categories_fail_with_file_and_line() {
    for (text, want) in [
        (
            "auth\nauth\nunknown\n",
            "categories.txt:2: duplicate category",
        ),
        ("auth\nRate-Limit\nunknown\n", "categories.txt:2: category"),
        ("auth\n", "last category must be `unknown`"),
    ] {
        let e = failure(move || {
            generator::parse_categories("categories.txt", text);
        })
        .unwrap_or_else(|| panic!("accepted: {text:?}"));
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

#[test]
fn bad_rules_fail_with_file_and_line() {
    let ok = "explain: e\nstep: s\nprevent: p\n";
    let cases: Vec<(String, &str)> = vec![
        (
            format!("@robot\n{ok}"),
            "rules.txt:1: unknown category `robot`",
        ),
        (
            format!("@auth.expired\n{ok}"),
            "rules.txt:1: variant `auth.expired` comes before",
        ),
        (
            format!("@auth\n{ok}colour: red\n"),
            "rules.txt:5: unknown key `colour`",
        ),
        (
            format!("@auth\n{ok}match 30: x\n"),
            "rules.txt:5: weight `30`",
        ),
        (
            format!("@auth\n{ok}match 5: Token-Expired\nmatch 3: token expired\n"),
            "rules.txt:6: duplicate phrase",
        ),
        (
            format!("@auth\n{ok}match 5: !!!\n"),
            "rules.txt:5: phrase `!!!` has no words",
        ),
        (
            "@auth\nexplain: e\n@unknown\n".to_string(),
            "rules.txt:1: section `auth` needs",
        ),
        (
            format!("explain: early\n@auth\n{ok}"),
            "rules.txt:1: `explain: early` before the first @section",
        ),
        (
            format!("@auth\n{ok}no colon here\n"),
            "rules.txt:5: `no colon here` is not `key: value`",
        ),
        (
            format!("@auth\n{ok}@auth\n{ok}"),
            "rules.txt:5: duplicate section `auth`",
        ),
        (format!("@auth\n{ok}"), "category `unknown` has no section"),
    ];
    for (text, want) in cases {
        let t = text.clone();
        let e = failure(move || {
            generator::parse_rules("rules.txt", &t, &cats());
        })
        .unwrap_or_else(|| panic!("accepted: {text:?}"));
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

#[test]
fn bad_signals_fail_with_file_and_line() {
    let (secs, _) = generator::parse_rules("rules.txt", RULES, &cats());
    let secs = std::sync::Arc::new(secs);
    // line numbers count the 8 head lines
    let cases = [
        (
            "shout 401 auth | x\n",
            "signals.txt:9: unknown kind `shout`",
        ),
        (
            "http 401 robots | x\n",
            "signals.txt:9: unknown section `robots`",
        ),
        (
            "http 401 auth.missing | x\n",
            "signals.txt:9: unknown section",
        ),
        (
            "http 4011 auth | x\n",
            "signals.txt:9: `4011` is not an HTTP status",
        ),
        ("http 401 auth\n", "signals.txt:9: an http line needs"),
        (
            "errno EPIPE auth\n",
            "signals.txt:9: an errno line needs its own",
        ),
        ("errno epipe auth | x\n", "signals.txt:9: errno `epipe`"),
        (
            "code invalid_grant auth\ncode invalid_grant auth\n",
            "signals.txt:10: duplicate code",
        ),
        (
            "http 401 auth | HTTP {status}\n",
            "signals.txt:9: unknown placeholder `{status}`",
        ),
        ("code two words auth extra\n", "signals.txt:9:"),
        (
            "code bad*code auth\n",
            "signals.txt:9: `bad*code` has characters",
        ),
        ("sqlclass 123 auth\n", "signals.txt:9: SQLSTATE class"),
        ("weight http 5\n", "signals.txt:9: duplicate weight"),
        ("blend colour 1\n", "signals.txt:9: unknown blend `colour`"),
        ("blend temperature 0\n", "signals.txt:9: blend value"),
    ];
    for (body, want) in cases {
        let text = format!("{SIGNALS_HEAD}{body}");
        let s = secs.clone();
        let e = failure(move || {
            generator::parse_signals("signals.txt", &text, &s);
        })
        .unwrap_or_else(|| panic!("accepted: {body:?}"));
        assert!(e.contains(want), "{body:?}: {e}");
    }
    let e = failure(move || {
        generator::parse_signals("signals.txt", "weight http 5\n", &[]);
    })
    .unwrap_or_default();
    assert!(e.contains("no `weight errno N` line"), "{e}");
}

#[test]
fn the_shipped_data_passes() {
    let cats = generator::parse_categories(
        "categories.txt",
        include_str!("../src/assistant/debug/categories.txt"),
    );
    assert_eq!(cats.len(), 11);
    let (secs, rules) = generator::parse_rules(
        "rules.txt",
        include_str!("../src/assistant/debug/rules.txt"),
        &cats,
    );
    assert!(
        secs.len() > 30 && rules.len() > 300,
        "{} sections, {} rules",
        secs.len(),
        rules.len()
    );
    let (tables, _, _) = generator::parse_signals(
        "signals.txt",
        include_str!("../src/assistant/debug/signals.txt"),
        &secs,
    );
    for (kind, at_least) in [
        ("http", 25),
        ("errno", 25),
        ("code", 150),
        ("exception", 40),
    ] {
        let n = tables.get(kind).map_or(0, Vec::len);
        assert!(n >= at_least, "{kind}: {n}");
    }
}

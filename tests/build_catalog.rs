//! The catalog and word-list generator (`src/assistant/build_catalog.rs`,
//! run by `build.rs`) rejects bad data with the file and line: a malformed
//! line, an unknown kind or role, a duplicate alias, an unknown section, a
//! bad value, a word listed twice, a default that is not a catalog app.

/// Where the generator finds the vocabularies in `build.rs`.
#[path = "../src/vocab/build_vocab.rs"]
#[allow(dead_code)]
mod vocab;

#[path = "../src/assistant/build_catalog.rs"]
#[allow(dead_code)]
mod generator;

/// The packed-list writer, as `build.rs` has it.
#[path = "../src/assistant/build_packed.rs"]
mod build_packed;

#[path = "support/panic_message.rs"]
mod panic_message;

use panic_message::failure;

const OK: &str = "# comment\nGmail|mail|both|gmail, google mail\nSlack|chat|both|slack\n";

fn catalog_error(text: &'static str) -> String {
    failure(move || {
        generator::catalog(text);
    })
    .unwrap_or_else(|| panic!("accepted: {text:?}"))
}

#[test]
fn good_catalog_compiles_to_tables() {
    let (tables, names) = generator::catalog(OK);
    assert_eq!(names, ["Gmail", "Slack"]);
    assert!(
        tables.contains(r#"NAMES: List = List::new("GmailSlack", &[5,5]);"#),
        "{tables}"
    );
    // distinct words sorted in one text, with their lengths; aliases as runs [app, words, later
    // word ids] keyed by their first word ("google mail": app 0, 2 words, "mail")
    assert!(
        tables.contains(r#"WORDS: List = List::new("gmailgooglemailslack", &[5,6,4,5]);"#),
        "{tables}"
    );
    assert!(
        tables.contains("ALIAS_RUNS: [u16; 7] = [0,1,0,2,2,1,1];"),
        "{tables}"
    );
    assert!(
        tables.contains("FIRST_AT: Ends = Ends::new(&[0,2,3,0,2]);"),
        "{tables}"
    );
}

#[test]
fn bad_catalog_lines_fail_with_file_and_line() {
    let cases = [
        ("Gmail|mail|gmail\n", "catalog.txt:1: expected"),
        (
            "Gmail|mail|both|gmail\nX|robot|both|x\n",
            "catalog.txt:2: unknown kind",
        ),
        (
            "Gmail|mail|sometimes|gmail\n",
            "catalog.txt:1: unknown role",
        ),
        (
            "Gmail|mail|both|gmail\n\nMail|mail|both|gmail\n",
            "catalog.txt:3: duplicate alias \"gmail\"",
        ),
        (
            "Gmail|mail|both|gmail, gmail\n",
            "catalog.txt:1: alias \"gmail\" listed twice",
        ),
        ("Gmail|mail|both|G-Mail\n", "catalog.txt:1: alias word"),
        (
            "Email|mail|both|email|yields robots\n",
            "catalog.txt:1: unknown kind \"robots\"",
        ),
    ];
    for (text, want) in cases {
        let e = catalog_error(text);
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

fn words_error(text: &'static str) -> String {
    failure(move || {
        generator::word_tables(text, &["GitHub".to_string()]);
    })
    .unwrap_or_else(|| panic!("accepted: {text:?}"))
}

#[test]
fn bad_word_lines_fail_with_file_and_line() {
    let cases = [
        ("[nonsense]\nx\n", "workflow_words.txt:1: unknown section"),
        ("[numbers]\ntwo = lots\n", "workflow_words.txt:2: bad value"),
        (
            "[day_parts]\nnight = 25\n",
            "workflow_words.txt:2: bad value",
        ),
        (
            "[action_verbs]\nsend\nsend\n",
            "workflow_words.txt:3: \"send\" listed twice",
        ),
        (
            "[action_verbs]\nsend = 1\n",
            "workflow_words.txt:2: [action_verbs] is a word list",
        ),
        (
            "[holder_defaults]\ndev = Gitlub\n",
            "workflow_words.txt:2: bad value",
        ),
        (
            "[holder_defaults]\nrobot = GitHub\n",
            "workflow_words.txt:2: unknown kind",
        ),
        (
            "[kind_patterns]\nchat = shout\n",
            "workflow_words.txt:2: bad value",
        ),
        ("send\n", "workflow_words.txt:1: entry before any [section]"),
    ];
    for (text, want) in cases {
        let e = words_error(text);
        assert!(e.contains(want), "{text:?}: {e}");
    }
}

#[test]
fn the_shipped_data_passes() {
    let cat = include_str!("../src/assistant/catalog.txt");
    let (_, names) = generator::catalog(cat);
    assert!(names.len() >= 300, "{} apps", names.len());
    let words = include_str!("../src/assistant/workflow_words.txt");
    assert!(generator::word_tables(words, &names).contains("pub static NUMBERS"));
}

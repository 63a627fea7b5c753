//! The vocabulary generator (`src/vocab/build_vocab.rs`, run by `build.rs`)
//! rejects bad data with the file and line: a malformed header, an unknown
//! key, a value before any set, a bad or duplicate value, a subset value
//! missing from its set, a set without values or without a description;
//! and the shipped `vocab.txt` passes.

#[path = "../src/vocab/build_vocab.rs"]
#[allow(dead_code)]
mod vocab;

#[path = "support/panic_message.rs"]
mod panic_message;

/// The message `vocab::parse` panics with on `text`.
fn failure(text: &'static str) -> String {
    panic_message::failure(|| {
        vocab::parse(text);
    })
    .expect("accepted bad data")
}

const OK: &str = "[a] rust=A ts=Aa\n> What a is.\nx  one\ny  two\n";

#[test]
fn good_data_passes() {
    let sets = vocab::parse(OK);
    assert_eq!(sets.len(), 1);
    assert_eq!(sets[0].values.len(), 2);
    assert!(vocab::sets().iter().any(|s| s.name == "topic"));
    assert_eq!(vocab::camel("http_4xx"), "Http4xx");
    assert_eq!(vocab::camel("GBP"), "Gbp");
    assert_eq!(vocab::camel("en-GB"), "EnGb");
}

#[test]
fn bad_data_fails_with_file_and_line() {
    let cases: [(&str, &str); 13] = [
        (
            "[a] rust=A tags\n> d\nen-GB\nen--x\n",
            "src/vocab/vocab.txt:4: value `en--x` must be a tag",
        ),
        (
            "[a] rust=A\n> d\nen-GB\n",
            "src/vocab/vocab.txt:3: value `en-GB` must be lower_snake_case",
        ),
        ("[a rust=A\n", "src/vocab/vocab.txt:1: a header"),
        (
            "[a] rust=A colour=red\n",
            "src/vocab/vocab.txt:1: unknown or malformed `colour=red`",
        ),
        ("[A] rust=A\n", "src/vocab/vocab.txt:1: set name"),
        (
            "[a]\n> d\nx\n",
            "src/vocab/vocab.txt:1: [a] needs rust=Enum",
        ),
        ("x one\n", "src/vocab/vocab.txt:1: a value before any [set]"),
        (
            "[a] rust=A\n> d\nx\nX\n",
            "src/vocab/vocab.txt:4: value `X`",
        ),
        (
            "[a] rust=A\n> d\nx\nx\n",
            "src/vocab/vocab.txt:4: duplicate value `x`",
        ),
        (
            "[a] rust=A\n> d\nx\n[a] rust=B\n",
            "src/vocab/vocab.txt:4: duplicate set",
        ),
        (
            "[a] rust=A\n> d\nx\n[b] rust=A\n",
            "src/vocab/vocab.txt:4: enum A used twice",
        ),
        (
            "[a] rust=A\n> d\nx\n[b] rust=B of=a\n> d\ny\n",
            "src/vocab/vocab.txt:4: `y` of [b] is not in [a]",
        ),
        (
            "[a] rust=A\n> d\n",
            "src/vocab/vocab.txt: [a] has no values",
        ),
    ];
    for (text, want) in cases {
        let got = failure(text);
        assert!(
            got.starts_with(want),
            "{text:?}: got {got:?}, want {want:?}"
        );
    }
    assert!(failure("[a] rust=A\nx\n").contains("[a] has no `> ` line"));
}

//! A small JSON Schema validator for the keywords `wire.schema.json` uses:
//! `$ref` (local), `type`, `const`, `enum`, `properties`, `required`,
//! `additionalProperties`, `propertyNames`, `items`, `minItems`, `maxItems`,
//! `minimum`, `maximum`, `minLength`, `maxLength`, `pattern` (anchored; literals,
//! `[...]` classes, groups, `{n}`, `*`, `+`, `?`) and `oneOf`. Unknown keywords
//! fail loudly so the schema cannot silently outgrow the validator.

use serde_json::Value;

pub fn validate(root: &Value, schema: &Value, v: &Value, path: &str, errors: &mut Vec<String>) {
    let Some(s) = schema.as_object() else {
        return;
    };
    for (k, kw) in s {
        match k.as_str() {
            "$schema" | "$id" | "title" | "description" | "$defs" | "examples" => {}
            "$ref" => {
                let target = kw
                    .as_str()
                    .and_then(|r| r.strip_prefix("#/"))
                    .map(|p| p.split('/').try_fold(root, |acc, seg| acc.get(seg)))
                    .and_then(|x| x);
                match target {
                    Some(t) => validate(root, t, v, path, errors),
                    None => errors.push(format!("{path}: bad $ref {kw}")),
                }
            }
            "type" => {
                let types: Vec<&str> = match kw {
                    Value::String(t) => vec![t.as_str()],
                    Value::Array(a) => a.iter().filter_map(Value::as_str).collect(),
                    _ => vec![],
                };
                if !types.iter().any(|t| type_ok(t, v)) {
                    errors.push(format!("{path}: expected {types:?}, got {v}"));
                }
            }
            "const" => {
                if kw != v {
                    errors.push(format!("{path}: expected const {kw}, got {v}"));
                }
            }
            "enum" => {
                if !kw.as_array().is_some_and(|a| a.contains(v)) {
                    errors.push(format!("{path}: {v} not in enum"));
                }
            }
            "properties" => {
                if let (Some(props), Some(obj)) = (kw.as_object(), v.as_object()) {
                    for (name, sub) in props {
                        if let Some(x) = obj.get(name) {
                            validate(root, sub, x, &format!("{path}.{name}"), errors);
                        }
                    }
                }
            }
            "required" => {
                if let (Some(req), Some(obj)) = (kw.as_array(), v.as_object()) {
                    for r in req.iter().filter_map(Value::as_str) {
                        if !obj.contains_key(r) {
                            errors.push(format!("{path}: missing {r}"));
                        }
                    }
                }
            }
            "additionalProperties" => {
                if let Some(obj) = v.as_object() {
                    let declared = s.get("properties").and_then(Value::as_object);
                    for (name, x) in obj {
                        if declared.is_some_and(|d| d.contains_key(name)) {
                            continue;
                        }
                        match kw {
                            Value::Bool(false) => {
                                errors.push(format!("{path}: unexpected key {name}"))
                            }
                            Value::Bool(true) => {}
                            sub => validate(root, sub, x, &format!("{path}.{name}"), errors),
                        }
                    }
                }
            }
            "propertyNames" => {
                if let Some(obj) = v.as_object() {
                    for name in obj.keys() {
                        validate(
                            root,
                            kw,
                            &Value::String(name.clone()),
                            &format!("{path}[key {name}]"),
                            errors,
                        );
                    }
                }
            }
            "items" => {
                if let Some(a) = v.as_array() {
                    for (i, x) in a.iter().enumerate() {
                        validate(root, kw, x, &format!("{path}[{i}]"), errors);
                    }
                }
            }
            "minItems" | "maxItems" => {
                if let (Some(n), Some(a)) = (kw.as_u64(), v.as_array()) {
                    let bad = if k == "minItems" {
                        (a.len() as u64) < n
                    } else {
                        a.len() as u64 > n
                    };
                    if bad {
                        errors.push(format!("{path}: {k} {n}, has {}", a.len()));
                    }
                }
            }
            "minimum" | "maximum" => {
                if let (Some(n), Some(x)) = (kw.as_f64(), v.as_f64()) {
                    if (k == "minimum" && x < n) || (k == "maximum" && x > n) {
                        errors.push(format!("{path}: {x} violates {k} {n}"));
                    }
                }
            }
            "minLength" | "maxLength" => {
                if let (Some(n), Some(x)) = (kw.as_u64(), v.as_str()) {
                    let len = x.chars().count() as u64;
                    if (k == "minLength" && len < n) || (k == "maxLength" && len > n) {
                        errors.push(format!("{path}: length {len} violates {k} {n}"));
                    }
                }
            }
            "pattern" => {
                if let (Some(p), Some(x)) = (kw.as_str(), v.as_str()) {
                    if !pattern_matches(p, x) {
                        errors.push(format!("{path}: {x:?} does not match {p}"));
                    }
                }
            }
            "oneOf" => {
                let n = kw
                    .as_array()
                    .map(|alts| {
                        alts.iter()
                            .filter(|alt| {
                                let mut e = Vec::new();
                                validate(root, alt, v, path, &mut e);
                                e.is_empty()
                            })
                            .count()
                    })
                    .unwrap_or(0);
                if n != 1 {
                    errors.push(format!("{path}: matches {n} of oneOf"));
                }
            }
            other => errors.push(format!(
                "{path}: validator does not support keyword {other}"
            )),
        }
    }
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "object" => v.is_object(),
        "array" => v.is_array(),
        "string" => v.is_string(),
        "null" => v.is_null(),
        "boolean" => v.is_boolean(),
        "number" => v.is_number(),
        "integer" => v.is_i64() || v.is_u64() || v.as_f64().is_some_and(|x| x.fract() == 0.0),
        _ => false,
    }
}

// ---- a tiny anchored regex matcher ----

#[derive(Debug, Clone)]
enum Atom {
    Lit(char),
    Class(Vec<(char, char)>),
    Group(Vec<(Atom, (usize, usize))>),
}

fn parse_seq(p: &[char], i: &mut usize) -> Vec<(Atom, (usize, usize))> {
    let mut out = Vec::new();
    while *i < p.len() && p[*i] != ')' {
        let atom = match p[*i] {
            '[' => {
                *i += 1;
                let mut ranges = Vec::new();
                while *i < p.len() && p[*i] != ']' {
                    let mut c = p[*i];
                    if c == '\\' {
                        *i += 1;
                        c = p[*i];
                    }
                    if *i + 2 < p.len() && p[*i + 1] == '-' && p[*i + 2] != ']' {
                        ranges.push((c, p[*i + 2]));
                        *i += 3;
                    } else {
                        ranges.push((c, c));
                        *i += 1;
                    }
                }
                *i += 1;
                Atom::Class(ranges)
            }
            '(' => {
                *i += 1;
                let g = parse_seq(p, i);
                *i += 1; // ')'
                Atom::Group(g)
            }
            '\\' => {
                *i += 2;
                Atom::Lit(p[*i - 1])
            }
            c => {
                *i += 1;
                Atom::Lit(c)
            }
        };
        let q = match p.get(*i) {
            Some('*') => {
                *i += 1;
                (0, usize::MAX)
            }
            Some('+') => {
                *i += 1;
                (1, usize::MAX)
            }
            Some('?') => {
                *i += 1;
                (0, 1)
            }
            Some('{') => {
                let end = p[*i..]
                    .iter()
                    .position(|c| *c == '}')
                    .map_or(p.len(), |e| *i + e);
                let n: usize = p[*i + 1..end]
                    .iter()
                    .collect::<String>()
                    .parse()
                    .unwrap_or(0);
                *i = end + 1;
                (n, n)
            }
            _ => (1, 1),
        };
        out.push((atom, q));
    }
    out
}

/// All end positions after matching `seq` from `pos`.
fn match_seq(seq: &[(Atom, (usize, usize))], s: &[char], pos: usize) -> Vec<usize> {
    let Some(((atom, (lo, hi)), rest)) = seq.split_first() else {
        return vec![pos];
    };
    let mut results = Vec::new();
    let mut frontier = vec![pos];
    let mut count = 0;
    loop {
        if count >= *lo {
            for p in &frontier {
                results.extend(match_seq(rest, s, *p));
            }
        }
        if count >= *hi || frontier.is_empty() {
            break;
        }
        let mut next = Vec::new();
        for p in frontier {
            for e in match_atom(atom, s, p) {
                if e > p && !next.contains(&e) {
                    next.push(e);
                }
            }
        }
        frontier = next;
        count += 1;
    }
    results.sort_unstable();
    results.dedup();
    results
}

fn match_atom(atom: &Atom, s: &[char], pos: usize) -> Vec<usize> {
    match atom {
        Atom::Lit(c) => (s.get(pos) == Some(c))
            .then_some(pos + 1)
            .into_iter()
            .collect(),
        Atom::Class(r) => s
            .get(pos)
            .filter(|c| r.iter().any(|(a, b)| (a..=b).contains(c)))
            .map(|_| pos + 1)
            .into_iter()
            .collect(),
        Atom::Group(g) => match_seq(g, s, pos),
    }
}

pub fn pattern_matches(pattern: &str, s: &str) -> bool {
    let body = pattern
        .strip_prefix('^')
        .and_then(|p| p.strip_suffix('$'))
        .expect("anchored pattern");
    let p: Vec<char> = body.chars().collect();
    let mut i = 0;
    let seq = parse_seq(&p, &mut i);
    let s: Vec<char> = s.chars().collect();
    match_seq(&seq, &s, 0).contains(&s.len())
}

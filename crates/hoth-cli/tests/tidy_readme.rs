//! The README says what the code does: its list of issue codes is the code's list, and the
//! `./x` verbs it names are the ones `x` has (and `x`'s own header lists them all).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeSet;
use std::path::Path;

use hoth_core::IssueCode;

fn read(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The words in backticks in `text` that look like codes (`snake_case`).
fn codes_in(text: &str) -> BTreeSet<String> {
    text.split('`')
        .skip(1)
        .step_by(2)
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c == '_'))
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_readme_lists_every_issue_code_and_no_other() {
    let readme = read("README.md");
    let from = readme
        .find("Codes are stable:")
        .expect("the README's Validation section says \"Codes are stable:\"");
    let to = from
        + readme[from..]
            .find("Dates are judged")
            .expect("and ends the list before \"Dates are judged\"");
    let listed = codes_in(&readme[from..to]);
    let code: BTreeSet<String> = IssueCode::ALL.iter().map(|c| c.code().to_owned()).collect();
    let missing: Vec<_> = code.difference(&listed).collect();
    let unknown: Vec<_> = listed.difference(&code).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "README issue codes: missing {missing:?}, not codes {unknown:?}"
    );
}

/// The verbs of `x`'s `case` (`  verb) ...` or `  verb | other) ...`).
fn x_verbs(x: &str) -> BTreeSet<String> {
    let case = &x[x
        .rfind("case \"${1:-help}\" in")
        .expect("x dispatches on $1")..];
    case.lines()
        .skip(1)
        .take_while(|l| !l.starts_with("esac"))
        .filter_map(|l| l.trim().split_once(')'))
        .flat_map(|(verbs, _)| verbs.split('|').map(|v| v.trim().to_owned()))
        .filter(|v| v != "*")
        .collect()
}

/// Every `./x WORD` in `text`.
fn mentioned(text: &str) -> BTreeSet<String> {
    text.split("./x ")
        .skip(1)
        .filter_map(|rest| {
            let word: String = rest
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '-')
                .collect();
            (!word.is_empty()).then_some(word)
        })
        .collect()
}

#[test]
fn the_readme_and_x_name_the_same_verbs() {
    let x = read("x");
    let verbs = x_verbs(&x);
    assert!(
        verbs.contains("test") && verbs.contains("serve"),
        "{verbs:?}"
    );
    let header: String = x
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with('#'))
        .collect::<Vec<_>>()
        .join("\n");
    assert_eq!(
        mentioned(&header),
        verbs,
        "x's header comment and its verbs"
    );
    let readme = mentioned(&read("README.md"));
    let missing: Vec<_> = verbs.difference(&readme).collect();
    let unknown: Vec<_> = readme.difference(&verbs).collect();
    assert!(
        missing.is_empty() && unknown.is_empty(),
        "README ./x verbs: missing {missing:?}, not verbs {unknown:?}"
    );
}

//! The committed rulebooks (`docs/rulebooks/<id>.md`) are what `hoth rulebook` writes for each
//! built-in pack and its scenarios (run `./x rulebooks` after changing a pack or a scenario).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a test may stop at the first surprise

use std::fs;
use std::path::{Path, PathBuf};

use hoth_core::policy::Policy;
use hoth_core::rulebook::{rulebook, tested_by};
use hoth_core::scenario::Scenario;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn scenarios(id: &str) -> Vec<(String, Scenario)> {
    let mut files: Vec<_> = fs::read_dir(root().join("tests/scenarios").join(id))
        .map(|dir| dir.map(|e| e.unwrap().path()).collect())
        .unwrap_or_default();
    files.retain(|f| f.extension().is_some_and(|e| e == "json"));
    files.sort();
    files
        .into_iter()
        .map(|f| {
            let name = f.file_name().unwrap().to_string_lossy().into_owned();
            (
                name,
                serde_json::from_str(&fs::read_to_string(&f).unwrap()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn committed_rulebooks_are_current() {
    for id in Policy::builtin_ids() {
        let policy = Policy::builtin(id).unwrap();
        let all = scenarios(id);
        let tested = tested_by(all.iter().map(|(n, s)| (n.as_str(), s)));
        let generated = rulebook(policy.pack(), &tested);
        let path = root().join("docs/rulebooks").join(format!("{id}.md"));
        let committed = fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "{} is stale: run `./x rulebooks` and commit the result",
            path.display()
        );
    }
}

/// Every rule is in its pack's rulebook, in order, with its scenarios, and no condition falls
/// back to JSON.
#[test]
fn every_rule_is_in_words_with_its_scenarios() {
    for id in Policy::builtin_ids() {
        let policy = Policy::builtin(id).unwrap();
        let all = scenarios(id);
        let tested = tested_by(all.iter().map(|(n, s)| (n.as_str(), s)));
        let text = rulebook(policy.pack(), &tested);
        let mut from = 0;
        for (index, rule) in policy.pack().rules.iter().enumerate() {
            let heading = format!("## {}. `{}`", index + 1, rule.id);
            let at = text[from..]
                .find(&heading)
                .unwrap_or_else(|| panic!("{id}: {heading} missing or out of order"));
            from += at + heading.len();
            let section = &text[from..];
            let section = &section[..section.find("\n## ").unwrap_or(section.len())];
            let when = section
                .lines()
                .find(|l| l.starts_with("**When** "))
                .unwrap();
            assert!(
                !when.contains('{') && !when.contains('"'),
                "{id}/{}: {when}",
                rule.id
            );
            let names = tested
                .get(&rule.id)
                .unwrap_or_else(|| panic!("{id}/{}", rule.id));
            for name in names {
                assert!(
                    section.contains(&format!("`{name}`")),
                    "{id}/{}: {name}",
                    rule.id
                );
            }
        }
    }
}

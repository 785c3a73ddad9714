//! The policies a caller can route under, by id: the built-in packs plus any packs it loaded
//! (a council's own). One set of rules for every boundary: the `hoth` command's `--policy`,
//! the back-end service's `--policies DIR` and `?policy=`, and the JavaScript module's
//! `loadPolicy` give a loaded pack the same id and name an unknown id the same way.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::{Policy, PolicyError, PolicySummary};

/// Built-in packs plus loaded ones. Cheap to share: loaded packs are behind an [`Arc`].
#[derive(Debug, Clone, Default)]
pub struct Registry {
    loaded: BTreeMap<String, Arc<Policy>>,
}

/// No built-in or loaded policy has this id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown policy \"{}\"; the built-in policies are {}{}", clip(.id), .builtin.join(", "), loaded_list(.loaded))]
pub struct UnknownPolicy {
    /// The id asked for.
    pub id: String,
    /// The built-in ids.
    pub builtin: Vec<String>,
    /// The loaded ids.
    pub loaded: Vec<String>,
}

impl Registry {
    /// The built-in packs only.
    pub fn new() -> Self {
        Registry::default()
    }

    /// The id a loaded pack is known by: its own `id`, or `<id>@<version>` when that is a
    /// built-in's id, so the built-in stays available to compare with.
    pub fn loaded_id(policy: &Policy) -> String {
        if Policy::builtin(policy.id()).is_some() {
            format!("{}@{}", policy.id(), policy.pack().version)
        } else {
            policy.id().to_owned()
        }
    }

    /// Add a loaded pack; returns the id it is known by ([`Registry::loaded_id`]). With
    /// `replace` false, a second pack with the same id is an error naming it (two files of one
    /// council's rules in one folder is a mistake, not an update).
    pub fn add(&mut self, policy: Policy, replace: bool) -> Result<String, PolicyError> {
        let id = Registry::loaded_id(&policy);
        if !replace && self.loaded.contains_key(&id) {
            return Err(PolicyError::new(
                None,
                "id",
                format!("another pack already has the id \"{id}\"; pack ids must be unique"),
            ));
        }
        self.loaded.insert(id.clone(), Arc::new(policy));
        Ok(id)
    }

    /// The built-in or loaded policy called `id`.
    pub fn get(&self, id: &str) -> Result<&Policy, UnknownPolicy> {
        if let Some(policy) = Policy::builtin(id) {
            return Ok(policy);
        }
        self.loaded
            .get(id)
            .map(AsRef::as_ref)
            .ok_or_else(|| UnknownPolicy {
                id: id.to_owned(),
                builtin: Policy::builtin_ids().map(str::to_owned).collect(),
                loaded: self.loaded.keys().cloned().collect(),
            })
    }

    /// Every policy in brief, built-in ones first, each under the id to ask for it by: what
    /// `hoth policies` prints.
    pub fn summaries(&self) -> Vec<PolicySummary> {
        let builtin = Policy::builtin_ids()
            .filter_map(Policy::builtin)
            .map(Policy::summary);
        let loaded = self.loaded.iter().map(|(id, policy)| PolicySummary {
            id: id.clone(),
            ..policy.summary()
        });
        builtin.chain(loaded).collect()
    }
}

/// At most 60 characters of an id someone typed, for a message.
fn clip(text: &str) -> String {
    const MAX: usize = 60;
    match text.char_indices().nth(MAX) {
        Some((at, _)) => format!("{}...", &text[..at]),
        None => text.to_owned(),
    }
}

fn loaded_list(loaded: &[String]) -> String {
    if loaded.is_empty() {
        String::new()
    } else {
        format!(", and loaded: {}", loaded.join(", "))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;

    #[test]
    fn a_pack_with_a_built_in_id_is_known_by_id_at_version() {
        let builtin = Policy::builtin("wokingham").unwrap();
        let mut registry = Registry::new();
        let id = registry.add(builtin.clone(), false).unwrap();
        assert_eq!(id, format!("wokingham@{}", builtin.pack().version));
        assert!(registry.get(&id).is_ok());
        assert!(registry.get("wokingham").is_ok());
        let twice = registry.add(builtin.clone(), false).unwrap_err();
        assert_eq!(twice.field, "id");
        assert!(registry.add(builtin.clone(), true).is_ok());
        let ids: Vec<String> = registry.summaries().into_iter().map(|s| s.id).collect();
        assert_eq!(
            ids,
            ["gloucestershire", "tower-hamlets", "wokingham", id.as_str()]
        );
    }

    #[test]
    fn an_unknown_id_names_the_known_ones() {
        let error = Registry::new().get("atlantis").unwrap_err();
        assert_eq!(
            error.to_string(),
            "unknown policy \"atlantis\"; the built-in policies are gloucestershire, tower-hamlets, wokingham"
        );
        let long = "x".repeat(100);
        let message = Registry::new().get(&long).unwrap_err().to_string();
        assert!(message.contains(&format!("\"{}...\"", "x".repeat(60))));
    }
}

//! JSON Schemas generated from the Rust types (JSON Schema 2020-12). The committed copies in
//! `schemas/` are checked against these by a test; `./x schemas` rewrites them.

use schemars::{JsonSchema, generate::SchemaSettings};

use crate::decision::Decision;
use crate::policy::PolicyPack;
use crate::referral::Referral;
use crate::screening::Catalogue;
use crate::timescales::BankHolidayTable;

/// The schemas this build can produce, by name.
pub const NAMES: &[&str] = &[
    "referral",
    "policy",
    "decision",
    "screening",
    "bank-holidays",
];

fn generate<T: JsonSchema>() -> String {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<T>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// The schema called `name`, as pretty JSON text ending in a newline.
pub fn schema(name: &str) -> Option<String> {
    match name {
        "referral" => Some(generate::<Referral>()),
        "policy" => Some(generate::<PolicyPack>()),
        "decision" => Some(generate::<Decision>()),
        "screening" => Some(generate::<Catalogue>()),
        "bank-holidays" => Some(generate::<BankHolidayTable>()),
        _ => None,
    }
}

/// The file in `schemas/` that holds the schema called `name`.
pub fn file_name(name: &str) -> String {
    format!("{name}.schema.json")
}

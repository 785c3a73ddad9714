//! TypeScript declarations from JSON Schemas (2020-12), for the subset schemars writes:
//! objects with `properties` / `required` / `additionalProperties`, arrays, `$ref` into
//! `$defs`, `enum`, `const`, `oneOf` / `anyOf`, `type` lists with `null`, and descriptions
//! (which become doc comments).

use std::collections::BTreeMap;
use std::fmt::Write;

use serde_json::{Map, Value};

/// Named declarations in the order first seen, checked to agree when two schemas share one.
///
/// Never fails: a construct it cannot translate becomes `unknown` and a problem is recorded
/// (a test fails on any), so a change to the core's types never breaks the build.
#[derive(Default)]
pub struct Declarations {
    order: Vec<String>,
    text: BTreeMap<String, String>,
    pub problems: Vec<String>,
}

impl Declarations {
    /// Declare `name` from a root schema, and every one of its `$defs`.
    pub fn add_root(&mut self, name: &str, schema: &Value) {
        self.declare(name, schema);
        if let Some(defs) = schema.get("$defs").and_then(Value::as_object) {
            for (def, schema) in defs {
                self.declare(def, schema);
            }
        }
    }

    /// Declare a type alias written by hand in TypeScript (only for unions of declared types).
    pub fn add_alias(&mut self, name: &str, doc: &str, ts: &str) {
        let mut text = doc_comment(Some(doc), "");
        let _ = writeln!(text, "export type {name} = {ts};");
        self.insert(name, text);
    }

    /// Record a problem found outside the generator (such as a schema the core lacks).
    pub fn problem(&mut self, problem: String) {
        self.problems.push(problem);
    }

    fn declare(&mut self, name: &str, schema: &Value) {
        let mut text = doc_comment(schema.get("description").and_then(Value::as_str), "");
        let body = match schema.get("properties").and_then(Value::as_object) {
            Some(properties) if is_object(schema) => object_body(schema, properties, "")
                .map(|body| format!("export interface {name} {body}")),
            _ => type_of(schema, "").map(|ts| format!("export type {name} = {ts};")),
        };
        match body {
            Ok(body) => {
                let _ = writeln!(text, "{body}");
            }
            Err(problem) => {
                self.problems.push(format!("{name}: {problem}"));
                let _ = writeln!(text, "export type {name} = unknown;");
            }
        }
        self.insert(name, text);
    }

    fn insert(&mut self, name: &str, text: String) {
        match self.text.get(name) {
            Some(existing) if *existing == text => {}
            Some(_) => self.problems.push(format!(
                "two schemas define {name} differently; the first is kept"
            )),
            None => {
                self.order.push(name.to_owned());
                self.text.insert(name.to_owned(), text);
            }
        }
    }

    /// Every declaration, in order, separated by blank lines.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for name in &self.order {
            if let Some(text) = self.text.get(name) {
                out.push_str(text);
                out.push('\n');
            }
        }
        out
    }
}

fn is_object(schema: &Value) -> bool {
    match schema.get("type") {
        Some(Value::String(t)) => t == "object",
        None => schema.get("properties").is_some(),
        _ => false,
    }
}

fn doc_comment(description: Option<&str>, indent: &str) -> String {
    let Some(description) = description.map(str::trim).filter(|d| !d.is_empty()) else {
        return String::new();
    };
    let description = description.replace("*/", "*\\/");
    let lines: Vec<&str> = description.lines().collect();
    if lines.len() == 1 {
        return format!("{indent}/** {} */\n", lines[0]);
    }
    let mut out = format!("{indent}/**\n");
    for line in lines {
        if line.is_empty() {
            let _ = writeln!(out, "{indent} *");
        } else {
            let _ = writeln!(out, "{indent} * {line}");
        }
    }
    let _ = writeln!(out, "{indent} */");
    out
}

fn object_body(
    schema: &Value,
    properties: &Map<String, Value>,
    indent: &str,
) -> Result<String, String> {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let inner = format!("{indent}  ");
    let mut out = String::from("{\n");
    for (name, property) in properties {
        out.push_str(&doc_comment(
            property.get("description").and_then(Value::as_str),
            &inner,
        ));
        let optional = if required.contains(&name.as_str()) {
            ""
        } else {
            "?"
        };
        let _ = writeln!(
            out,
            "{inner}{}{optional}: {};",
            property_name(name),
            type_of(property, &inner)?
        );
    }
    if let Some(extra) = schema
        .get("additionalProperties")
        .filter(|a| !a.is_boolean())
    {
        let _ = writeln!(out, "{inner}[key: string]: {};", type_of(extra, &inner)?);
    }
    out.push_str(indent);
    out.push('}');
    Ok(out)
}

fn property_name(name: &str) -> String {
    let ident = name.chars().enumerate().all(|(i, c)| {
        c == '_' || c == '$' || c.is_ascii_alphabetic() || (i > 0 && c.is_ascii_digit())
    });
    if ident && !name.is_empty() {
        name.to_owned()
    } else {
        Value::String(name.to_owned()).to_string()
    }
}

/// The TypeScript type of a schema, written at `indent`.
fn type_of(schema: &Value, indent: &str) -> Result<String, String> {
    let object = match schema {
        Value::Bool(true) => return Ok("unknown".to_owned()),
        Value::Bool(false) => return Ok("never".to_owned()),
        Value::Object(object) => object,
        other => return Err(format!("not a schema: {other}")),
    };
    if let Some(reference) = object.get("$ref").and_then(Value::as_str) {
        return reference
            .strip_prefix("#/$defs/")
            .map(str::to_owned)
            .ok_or_else(|| format!("only #/$defs/ references are supported, not {reference}"));
    }
    if let Some(value) = object.get("const") {
        return Ok(value.to_string());
    }
    if let Some(values) = object.get("enum").and_then(Value::as_array) {
        return Ok(union(values.iter().map(Value::to_string).collect()));
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = object.get(key).and_then(Value::as_array) {
            let types = options
                .iter()
                .map(|o| type_of(o, indent))
                .collect::<Result<Vec<_>, _>>()?;
            return Ok(union(types));
        }
    }
    match object.get("type") {
        None => Ok("unknown".to_owned()),
        Some(Value::String(t)) => single_type(t, schema, indent),
        Some(Value::Array(types)) => {
            let types = types
                .iter()
                .map(|t| match t.as_str() {
                    Some(t) => single_type(t, schema, indent),
                    None => Err(format!("not a type name: {t}")),
                })
                .collect::<Result<Vec<_>, _>>()?;
            Ok(union(types))
        }
        Some(other) => Err(format!("not a type: {other}")),
    }
}

fn single_type(name: &str, schema: &Value, indent: &str) -> Result<String, String> {
    Ok(match name {
        "string" => "string".to_owned(),
        "integer" | "number" => "number".to_owned(),
        "boolean" => "boolean".to_owned(),
        "null" => "null".to_owned(),
        "array" => {
            let item = match schema.get("items") {
                Some(items) => type_of(items, indent)?,
                None => "unknown".to_owned(),
            };
            if item.contains(' ') {
                format!("({item})[]")
            } else {
                format!("{item}[]")
            }
        }
        "object" => match schema.get("properties").and_then(Value::as_object) {
            Some(properties) => object_body(schema, properties, indent)?,
            None => match schema.get("additionalProperties") {
                Some(extra) if !extra.is_boolean() => {
                    format!("{{ [key: string]: {} }}", type_of(extra, indent)?)
                }
                _ => "{ [key: string]: unknown }".to_owned(),
            },
        },
        other => return Err(format!("unsupported type {other}")),
    })
}

fn union(mut types: Vec<String>) -> String {
    let mut seen = Vec::new();
    types.retain(|t| {
        let new = !seen.contains(t);
        seen.push(t.clone());
        new
    });
    types.join(" | ")
}

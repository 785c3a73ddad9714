//! The OpenAPI 3.1 document of the service (`GET /v1/openapi.json`, committed as
//! `schemas/openapi.json` and checked current by a test). Its schemas are the JSON Schemas the
//! project already generates from the Rust types (2020-12, OpenAPI 3.1's dialect), embedded
//! whole: each keeps its `$id`, so its own `$defs` resolve inside it.

use hoth_core::{ValidationResult, policy::PolicySummary, schema};
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde_json::{Map, Value, json};

use crate::error::ErrorBody;

const BASE: &str = "https://hoth.example/schemas/";

/// A committed schema (`hoth schema NAME`) as a component.
fn committed(name: &str) -> Value {
    let mut value = schema::schema(name)
        .and_then(|text| serde_json::from_str::<Value>(&text).ok())
        .unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        map.entry("$id")
            .or_insert_with(|| Value::String(format!("{BASE}{name}.schema.json")));
    }
    value
}

/// A schema generated from a Rust type of the boundary, with an `$id` of its own.
fn generated<T: JsonSchema>(name: &str) -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let mut value = serde_json::to_value(generator.into_root_schema_for::<T>()).unwrap_or_default();
    if let Value::Object(map) = &mut value {
        let mut with_id = Map::new();
        with_id.insert(
            "$id".into(),
            Value::String(format!("{BASE}{name}.schema.json")),
        );
        with_id.extend(std::mem::take(map));
        *map = with_id;
    }
    value
}

fn json_content(schema: Value) -> Value {
    json!({ "application/json": { "schema": schema } })
}

fn error_response(description: &str) -> Value {
    json!({
        "description": description,
        "content": json_content(json!({ "$ref": "#/components/schemas/Error" }))
    })
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/responses/{name}") })
}

/// The document.
pub fn document() -> Value {
    let referral_body = json!({
        "required": true,
        "description": "The referral, as the widget's `hoth-submit` event or a portal's form gives it (at most 1,000,000 bytes).",
        "content": json_content(json!({ "$ref": "#/components/schemas/Referral" }))
    });
    let today = json!({ "$ref": "#/components/parameters/today" });
    json!({
        "openapi": "3.1.0",
        "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
        "info": {
            "title": "hoth-server: the back-end re-check",
            "version": env!("CARGO_PKG_VERSION"),
            "summary": "Validate and route Multi-Agency Referral Forms about children harmed outside the home, with the same core and policy packs as the hoth command and the <hoth-referral> widget.",
            "description": "Stateless: the same request gets the same answer from any copy of the service with the same packs. JSON in and out; every error is {\"error\": {\"code\", \"message\"}} with a stable code. Nothing of a referral is logged or stored. Plain HTTP on 127.0.0.1 by default: put TLS in front of it (the council's reverse proxy).",
            "license": { "name": "MIT OR Apache-2.0", "identifier": "MIT OR Apache-2.0" }
        },
        "servers": [{ "url": "http://127.0.0.1:8087", "description": "hoth-server's default address" }],
        "security": [{}, { "bearer": [] }],
        "paths": {
            "/v1/validate": { "post": {
                "operationId": "validate",
                "summary": "Check a referral, as `hoth validate [--policy ID]`",
                "description": "200 whether or not the referral is valid: `valid` and every issue at once, with a path, a stable code and a message for the referrer.",
                "parameters": [{ "$ref": "#/components/parameters/policyOptional" }, today],
                "requestBody": referral_body,
                "responses": {
                    "200": { "description": "The result, as `hoth validate` prints it.",
                             "content": json_content(json!({ "$ref": "#/components/schemas/ValidationResult" })) },
                    "400": r("BadRequest"), "401": r("Unauthorized"), "404": r("UnknownPolicy"),
                    "408": r("Timeout"), "413": r("TooLarge"), "415": r("UnsupportedMediaType")
                }
            } },
            "/v1/route": { "post": {
                "operationId": "route",
                "summary": "Recommend the route for a referral under a policy, as `hoth route --policy ID`",
                "description": "The decision is byte for byte what `hoth route` prints for the same referral, policy and date. A referral that is not valid gets 422 with its issues, never a decision.",
                "parameters": [{ "$ref": "#/components/parameters/policy" }, today],
                "requestBody": referral_body,
                "responses": {
                    "200": {
                        "description": "The decision.",
                        "headers": { "Hoth-Reference": {
                            "description": "The check reference: HOTH- and 16 hex digits of the SHA-256 of the policy id and version, the date and the body. Nothing is stored; the same request gets the same reference from any copy.",
                            "schema": { "type": "string", "pattern": "^HOTH-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}$" } } },
                        "content": json_content(json!({ "$ref": "#/components/schemas/Decision" }))
                    },
                    "422": { "description": "The referral is not valid: its issues (`valid` is false), as `hoth route` prints them.",
                             "content": json_content(json!({ "$ref": "#/components/schemas/ValidationResult" })) },
                    "400": r("BadRequest"), "401": r("Unauthorized"), "404": r("UnknownPolicy"),
                    "408": r("Timeout"), "413": r("TooLarge"), "415": r("UnsupportedMediaType")
                }
            } },
            "/v1/policies": { "get": {
                "operationId": "policies",
                "summary": "The policies to route under, as `hoth policies`: the built-in packs, then the council's own (--policies DIR)",
                "responses": {
                    "200": { "description": "Each policy in brief; `id` is what to pass as `policy`.",
                             "content": json_content(json!({ "type": "array", "items": { "$ref": "#/components/schemas/PolicySummary" } })) },
                    "401": r("Unauthorized")
                }
            } },
            "/v1/schemas/{name}": { "get": {
                "operationId": "schema",
                "summary": "A JSON Schema (2020-12), as `hoth schema NAME`",
                "parameters": [{ "name": "name", "in": "path", "required": true,
                                 "schema": { "type": "string", "enum": schema::NAMES } }],
                "responses": {
                    "200": { "description": "The schema.", "content": json_content(json!({ "type": "object" })) },
                    "401": r("Unauthorized"),
                    "404": error_response("No schema has this name (`unknown_schema`).")
                }
            } },
            "/v1/openapi.json": { "get": {
                "operationId": "openapi",
                "summary": "This document",
                "responses": { "200": { "description": "OpenAPI 3.1.", "content": json_content(json!({ "type": "object" })) },
                               "401": r("Unauthorized") }
            } },
            "/healthz": { "get": {
                "operationId": "health",
                "summary": "Up, with its packs loaded (no token needed)",
                "security": [{}],
                "responses": { "200": { "description": "Up.", "content": json_content(json!({
                    "type": "object", "properties": { "status": { "const": "ok" } }, "required": ["status"] })) } }
            } },
            "/metrics": { "get": {
                "operationId": "metrics",
                "summary": "Prometheus text format: requests by endpoint, method and status, a latency histogram, errors by code, requests in flight",
                "responses": { "200": { "description": "Metrics (never anything of a referral).",
                                        "content": { "text/plain": { "schema": { "type": "string" } } } },
                               "401": r("Unauthorized") }
            } }
        },
        "components": {
            "schemas": {
                "Referral": committed("referral"),
                "Decision": committed("decision"),
                "PolicyPack": committed("policy"),
                "ValidationResult": generated::<ValidationResult>("validation-result"),
                "PolicySummary": generated::<PolicySummary>("policy-summary"),
                "Error": generated::<ErrorBody>("error")
            },
            "parameters": {
                "policy": { "name": "policy", "in": "query", "required": true,
                            "description": "A policy id from /v1/policies, e.g. wokingham.",
                            "schema": { "type": "string" } },
                "policyOptional": { "name": "policy", "in": "query", "required": false,
                                    "description": "Also check this policy's requirements (a policy id from /v1/policies).",
                                    "schema": { "type": "string" } },
                "today": { "name": "today", "in": "query", "required": false,
                           "description": "The date to judge dates against and route from (YYYY-MM-DD); defaults to the server's date, as `hoth --today` does.",
                           "schema": { "type": "string", "format": "date" } }
            },
            "responses": {
                "BadRequest": error_response("The body is not JSON (`invalid_json`) or a parameter is wrong (`invalid_argument`)."),
                "Unauthorized": error_response("The service has a token and the request did not send it as `Authorization: Bearer <token>` (`unauthorized`)."),
                "UnknownPolicy": error_response("No built-in or loaded policy has this id (`unknown_policy`)."),
                "Timeout": error_response("The request, its body included, took longer than the request timeout (`timeout`)."),
                "TooLarge": error_response("The body is over 1,000,000 bytes (`input_too_large`)."),
                "UnsupportedMediaType": error_response("The body is not `application/json` (`unsupported_media_type`).")
            },
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer",
                            "description": "Only when the service was started with --token-file." }
            }
        }
    })
}

/// The document as `schemas/openapi.json` holds it.
pub fn text() -> Result<String, serde_json::Error> {
    hoth_core::json_text(&document())
}

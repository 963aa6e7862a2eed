//! The OpenAPI document, loaded and ready to check values against its schemas.
//!
//! - [`OpenApi`]: the document as JSON, its operations, `$ref` resolution and a cache of compiled
//!   JSON Schema 2020-12 validators, one per schema location.
//! - [`Operation`]: one path + method of the document.
//! - [`DOCUMENT_PATH`], [`document_path`]: where the document lives in the repository.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};

use jsonschema::{Draft, Registry, Validator};
use serde_json::{Value, json};

/// The document's path, relative to the workspace root.
pub const DOCUMENT_PATH: &str = "openapi/partner-center-qualifications.yaml";

/// The base URI the document is registered under for `$ref` resolution (never fetched: the
/// validator is built without an HTTP client, and the document is in its registry).
const DOCUMENT_URI: &str = "https://pc-openapi.invalid/partner-center-qualifications.json";

/// The HTTP methods an OpenAPI path item may hold, lower case as the document spells them.
const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// The absolute path of [`DOCUMENT_PATH`] in this workspace.
pub fn document_path() -> PathBuf {
    workspace_root().join(DOCUMENT_PATH)
}

/// The workspace root: two levels above this crate's manifest (`tests/openapi`).
pub fn workspace_root() -> PathBuf {
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .parent()
        .and_then(|tests| tests.parent())
        .map_or(manifest.clone(), PathBuf::from)
}

/// One operation of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Operation {
    /// The method, upper case (`POST`).
    pub method: String,
    /// The path template (`/v1/customers/{customer-tenant-id}/qualifications`).
    pub template: String,
    /// The `operationId`, if any.
    pub operation_id: Option<String>,
    /// The JSON pointer of the operation object (`/paths/~1v1~1.../post`).
    pub pointer: String,
}

impl Operation {
    /// The JSON pointer of the operation's path item.
    pub fn path_item_pointer(&self) -> String {
        format!("/paths/{}", escape(&self.template))
    }

    /// The template's segments with their parameter names: `Some(name)` for `{name}`.
    fn segments(&self) -> impl Iterator<Item = (&str, Option<&str>)> {
        self.template.trim_start_matches('/').split('/').map(|s| {
            let name = s.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
            (s, name)
        })
    }

    /// Matches a request path: literal segments exactly, `{name}` any non-empty segment.
    /// Returns the path parameters (percent-decoded), or `None` when the path is another's.
    pub fn match_path(&self, path: &str) -> Option<Vec<(String, String)>> {
        let mut sent = path.trim_start_matches('/').split('/');
        let mut params = Vec::new();
        for (literal, name) in self.segments() {
            let segment = sent.next()?;
            match name {
                Some(name) if !segment.is_empty() => {
                    let value = url::form_urlencoded::parse(format!("v={segment}").as_bytes())
                        .next()
                        .map_or_else(|| segment.to_owned(), |(_, v)| v.into_owned());
                    params.push((name.to_owned(), value));
                }
                Some(_) => return None,
                None if segment == literal => {}
                None => return None,
            }
        }
        match sent.next() {
            Some(_) => None,
            None => Some(params),
        }
    }
}

/// The document, parsed, with compiled validators for its schemas.
///
/// Schemas are compiled on first use and cached by location; every `$ref` in them resolves
/// against the whole document, so a schema at `#/components/schemas/X` is checked exactly as an
/// OpenAPI tool would check it (JSON Schema 2020-12, `format` asserted).
#[derive(Debug)]
pub struct OpenApi {
    json: Value,
    registry: Registry<'static>,
    validators: Mutex<HashMap<String, Arc<Validator>>>,
}

impl OpenApi {
    /// Reads and parses the repository's document.
    ///
    /// # Errors
    ///
    /// When the file cannot be read or parsed.
    pub fn load() -> Result<Self, String> {
        let path = document_path();
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        Self::from_yaml(&text)
    }

    /// Parses a document from YAML text.
    ///
    /// # Errors
    ///
    /// When the text is not YAML, or not representable as JSON (a non-string key).
    pub fn from_yaml(text: &str) -> Result<Self, String> {
        let json: Value =
            serde_yaml_ng::from_str(text).map_err(|e| format!("the document is not YAML: {e}"))?;
        Self::from_json(json)
    }

    /// Wraps a document already in JSON form.
    ///
    /// # Errors
    ///
    /// When the document cannot be registered for `$ref` resolution.
    pub fn from_json(json: Value) -> Result<Self, String> {
        let resource = Draft::Draft202012.create_resource(json.clone());
        let registry = Registry::new()
            .add(DOCUMENT_URI, resource)
            .and_then(|builder| builder.prepare())
            .map_err(|e| format!("cannot register the document: {e}"))?;
        Ok(Self {
            json,
            registry,
            validators: Mutex::new(HashMap::new()),
        })
    }

    /// The document as JSON.
    pub fn json(&self) -> &Value {
        &self.json
    }

    /// The value at a JSON pointer.
    pub fn at(&self, pointer: &str) -> Option<&Value> {
        self.json.pointer(pointer)
    }

    /// Follows `$ref`s (local ones, `#/...`) until a value that is not a reference.
    pub fn resolve<'a>(&'a self, mut value: &'a Value) -> Result<&'a Value, String> {
        for _ in 0..16 {
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    let pointer = reference
                        .strip_prefix('#')
                        .ok_or_else(|| format!("not a local reference: {reference}"))?;
                    value = self
                        .json
                        .pointer(pointer)
                        .ok_or_else(|| format!("dangling reference: {reference}"))?;
                }
                None => return Ok(value),
            }
        }
        Err("a reference cycle".to_owned())
    }

    /// The value at a pointer, references followed, with the pointer it ends at.
    pub fn resolve_at(&self, pointer: &str) -> Result<(String, &Value), String> {
        let mut pointer = pointer.to_owned();
        for _ in 0..16 {
            let value = self
                .json
                .pointer(&pointer)
                .ok_or_else(|| format!("nothing at {pointer}"))?;
            match value.get("$ref").and_then(Value::as_str) {
                Some(reference) => {
                    pointer = reference
                        .strip_prefix('#')
                        .ok_or_else(|| format!("not a local reference: {reference}"))?
                        .to_owned();
                }
                None => return Ok((pointer, value)),
            }
        }
        Err("a reference cycle".to_owned())
    }

    /// Every operation, in document order.
    pub fn operations(&self) -> Vec<Operation> {
        let mut operations = Vec::new();
        let Some(paths) = self.json.get("paths").and_then(Value::as_object) else {
            return operations;
        };
        for (template, item) in paths {
            for method in METHODS {
                if let Some(operation) = item.get(method) {
                    operations.push(Operation {
                        method: method.to_ascii_uppercase(),
                        template: template.clone(),
                        operation_id: operation
                            .get("operationId")
                            .and_then(Value::as_str)
                            .map(str::to_owned),
                        pointer: format!("/paths/{}/{method}", escape(template)),
                    });
                }
            }
        }
        operations
    }

    /// The operation a request is for, with its path parameters.
    ///
    /// # Errors
    ///
    /// When no path template matches, or one does but not with this method.
    pub fn find(
        &self,
        method: &str,
        path: &str,
    ) -> Result<(Operation, Vec<(String, String)>), String> {
        let mut other_methods = Vec::new();
        for operation in self.operations() {
            if let Some(params) = operation.match_path(path) {
                if operation.method.eq_ignore_ascii_case(method) {
                    return Ok((operation, params));
                }
                other_methods.push(operation.method);
            }
        }
        if other_methods.is_empty() {
            Err(format!("no path of the document matches {path}"))
        } else {
            Err(format!(
                "{path} has no {method} operation (only {})",
                other_methods.join(", ")
            ))
        }
    }

    /// The operations whose template matches a path, whatever their method.
    pub fn operations_on(&self, path: &str) -> Vec<Operation> {
        self.operations()
            .into_iter()
            .filter(|operation| operation.match_path(path).is_some())
            .collect()
    }

    /// Checks a value against the schema at a JSON pointer of the document (`$ref`s in it
    /// resolve against the document). The errors, each with the failing location; empty when
    /// the value is valid.
    ///
    /// # Errors
    ///
    /// When the schema cannot be compiled.
    pub fn schema_errors(&self, pointer: &str, instance: &Value) -> Result<Vec<String>, String> {
        let validator = self.validator(pointer)?;
        Ok(validator
            .iter_errors(instance)
            .map(|error| format!("{} (at {})", error, error.instance_path()))
            .collect())
    }

    /// Checks a value against a schema of `#/components/schemas`.
    ///
    /// # Errors
    ///
    /// When there is no such schema, or it cannot be compiled.
    pub fn component_errors(&self, name: &str, instance: &Value) -> Result<Vec<String>, String> {
        let pointer = format!("/components/schemas/{}", escape(name));
        if self.at(&pointer).is_none() {
            return Err(format!("the document has no schema {name}"));
        }
        self.schema_errors(&pointer, instance)
    }

    fn validator(&self, pointer: &str) -> Result<Arc<Validator>, String> {
        let mut cache = self
            .validators
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        if let Some(validator) = cache.get(pointer) {
            return Ok(Arc::clone(validator));
        }
        let Some(schema) = self.json.pointer(pointer) else {
            return Err(format!("no schema at {pointer}"));
        };
        // A schema of `#/components` is referenced where it is; one under `#/paths` is copied
        // with its local references made absolute (the braces of a path template cannot be
        // part of a URI reference, and the resolver does not percent-decode fragments).
        let root = if pointer.contains(['{', '}']) {
            absolute_refs(schema)
        } else {
            json!({ "$ref": format!("{DOCUMENT_URI}#{pointer}") })
        };
        let validator = jsonschema::options()
            .with_draft(Draft::Draft202012)
            .should_validate_formats(true)
            .with_registry(&self.registry)
            .build(&root)
            .map_err(|e| format!("the schema at {pointer} does not compile: {e}"))?;
        let validator = Arc::new(validator);
        cache.insert(pointer.to_owned(), Arc::clone(&validator));
        Ok(validator)
    }
}

/// Escapes one JSON pointer token (`~` and `/`).
pub fn escape(token: &str) -> String {
    token.replace('~', "~0").replace('/', "~1")
}

/// A copy of a schema whose local references (`#/...`) point into the registered document.
fn absolute_refs(schema: &Value) -> Value {
    match schema {
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(key, value)| {
                    let value = match (key.as_str(), value) {
                        ("$ref", Value::String(reference)) if reference.starts_with('#') => {
                            Value::String(format!("{DOCUMENT_URI}{reference}"))
                        }
                        _ => absolute_refs(value),
                    };
                    (key.clone(), value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(absolute_refs).collect()),
        other => other.clone(),
    }
}

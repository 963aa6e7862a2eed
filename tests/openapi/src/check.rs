//! Checking HTTP exchanges against the document.
//!
//! - [`OpenApi::check_request`]: a request against its operation: path template and path
//!   parameters, query parameters (no undeclared ones), header parameters, bearer security,
//!   `Accept`, `Content-Type` and the body against the request body's schema.
//! - [`OpenApi::check_response`]: a response against the response its operation declares for
//!   the status (or the `4XX` range, or `default`): declared headers (required ones present,
//!   every one sent valid) and the body against the schema of its content type.
//!
//! Parameter and header values are strings on the wire; a value that is not valid as a string
//! is tried as the JSON number or boolean it spells (the `simple` style of a primitive), so
//! `Retry-After: 57` satisfies `type: integer`.

use http::{HeaderMap, Method, Request, Response, StatusCode};
use serde_json::Value;

use crate::document::{OpenApi, Operation, escape};

/// What `check_request` and `check_response` return: the operation, or every problem found.
pub type Checked = Result<Operation, Vec<String>>;

/// A parameter of an operation, references followed.
#[derive(Debug, Clone)]
struct Parameter {
    name: String,
    location: String,
    required: bool,
    /// The pointer of its schema.
    schema: String,
}

impl OpenApi {
    /// Checks a request against the document.
    ///
    /// # Errors
    ///
    /// Every problem found, each a sentence naming the part of the request it is about.
    pub fn check_request<B: AsRef<[u8]>>(&self, request: &Request<B>) -> Checked {
        let path = request.uri().path();
        let (operation, path_params) = self
            .find(request.method().as_str(), path)
            .map_err(|e| vec![e])?;
        let mut problems = Vec::new();
        let parameters = self.parameters(&operation).map_err(|e| vec![e])?;
        let query: Vec<(String, String)> = request
            .uri()
            .query()
            .map(|q| {
                url::form_urlencoded::parse(q.as_bytes())
                    .map(|(k, v)| (k.into_owned(), v.into_owned()))
                    .collect()
            })
            .unwrap_or_default();
        for (name, _) in &query {
            if !parameters
                .iter()
                .any(|p| p.location == "query" && &p.name == name)
            {
                problems.push(format!("query parameter {name} is not declared"));
            }
        }
        for parameter in &parameters {
            let values: Vec<String> = match parameter.location.as_str() {
                "path" => path_params
                    .iter()
                    .filter(|(name, _)| name == &parameter.name)
                    .map(|(_, value)| value.clone())
                    .collect(),
                "query" => query
                    .iter()
                    .filter(|(name, _)| name == &parameter.name)
                    .map(|(_, value)| value.clone())
                    .collect(),
                "header" => match header_values(request.headers(), &parameter.name) {
                    Ok(values) => values,
                    Err(problem) => {
                        problems.push(problem);
                        continue;
                    }
                },
                other => {
                    problems.push(format!("parameter location {other} is not checked"));
                    continue;
                }
            };
            let what = format!("{} parameter {}", parameter.location, parameter.name);
            match values.as_slice() {
                [] if parameter.required => {
                    problems.push(format!("{what} is required but missing"))
                }
                [] => {}
                [value] => problems.extend(self.scalar_problems(&what, &parameter.schema, value)),
                _ => problems.push(format!("{what} is sent {} times", values.len())),
            }
        }
        problems.extend(self.security_problems(&operation, request.headers()));
        problems.extend(self.accept_problems(&operation, request.headers()));
        problems.extend(self.request_body_problems(
            &operation,
            request.headers(),
            request.body().as_ref(),
        ));
        if problems.is_empty() {
            Ok(operation)
        } else {
            Err(problems)
        }
    }

    /// Checks a response to `method` on `path` against the document.
    ///
    /// A path the document has but not with this method is checked against the `405` its
    /// operations declare; a path it does not have, against `#/components/responses/NotFound`.
    ///
    /// # Errors
    ///
    /// Every problem found.
    pub fn check_response<B: AsRef<[u8]>>(
        &self,
        method: &Method,
        path: &str,
        response: &Response<B>,
    ) -> Result<String, Vec<String>> {
        let status = response.status();
        let pointer = match self.find(method.as_str(), path) {
            Ok((operation, _)) => self
                .response_pointer(&operation.pointer, status)
                .ok_or_else(|| {
                    vec![format!(
                        "{} {} declares no response for {status}",
                        operation.method, operation.template
                    )]
                })?,
            Err(error) => {
                let on_path = self.operations_on(path);
                match (on_path.first(), status) {
                    (Some(operation), StatusCode::METHOD_NOT_ALLOWED) => self
                        .response_pointer(&operation.pointer, status)
                        .ok_or_else(|| vec![format!("{} declares no 405", operation.template)])?,
                    (None, StatusCode::NOT_FOUND) => "/components/responses/NotFound".to_owned(),
                    _ => return Err(vec![format!("{error}; answered {status}")]),
                }
            }
        };
        let (pointer, declared) = self.resolve_at(&pointer).map_err(|e| vec![e])?;
        let mut problems = Vec::new();
        if let Some(headers) = declared.get("headers").and_then(Value::as_object) {
            for name in headers.keys() {
                let header_pointer = format!("{pointer}/headers/{}", escape(name));
                problems.extend(self.response_header_problems(
                    &header_pointer,
                    name,
                    response.headers(),
                ));
            }
        }
        problems.extend(self.content_problems(
            &pointer,
            declared,
            response.headers(),
            response.body().as_ref(),
            &format!("{status} body"),
        ));
        if problems.is_empty() {
            Ok(pointer)
        } else {
            Err(problems)
        }
    }

    /// The pointer of the response an operation declares for a status: the exact code, then
    /// its range (`4XX`), then `default`.
    fn response_pointer(&self, operation: &str, status: StatusCode) -> Option<String> {
        let responses = self.at(&format!("{operation}/responses"))?;
        let code = status.as_u16().to_string();
        let range = format!("{}XX", status.as_u16() / 100);
        [code.as_str(), range.as_str(), "default"]
            .into_iter()
            .find(|key| responses.get(*key).is_some())
            .map(|key| format!("{operation}/responses/{key}"))
    }

    /// The parameters of an operation: the path item's, overridden by the operation's.
    fn parameters(&self, operation: &Operation) -> Result<Vec<Parameter>, String> {
        let mut parameters: Vec<Parameter> = Vec::new();
        for owner in [operation.path_item_pointer(), operation.pointer.clone()] {
            let Some(list) = self
                .at(&format!("{owner}/parameters"))
                .and_then(Value::as_array)
            else {
                continue;
            };
            for index in 0..list.len() {
                let (pointer, parameter) =
                    self.resolve_at(&format!("{owner}/parameters/{index}"))?;
                let name = parameter
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("parameter at {pointer} has no name"))?;
                let location = parameter
                    .get("in")
                    .and_then(Value::as_str)
                    .ok_or_else(|| format!("parameter at {pointer} has no `in`"))?;
                let parameter = Parameter {
                    name: name.to_owned(),
                    location: location.to_owned(),
                    required: parameter.get("required").and_then(Value::as_bool) == Some(true),
                    schema: format!("{pointer}/schema"),
                };
                parameters.retain(|p| {
                    !(p.location == parameter.location
                        && same_name(&p.location, &p.name, &parameter.name))
                });
                parameters.push(parameter);
            }
        }
        Ok(parameters)
    }

    /// The problems of one wire value (parameter or header) against a schema.
    fn scalar_problems(&self, what: &str, schema: &str, value: &str) -> Vec<String> {
        let as_string = match self.schema_errors(schema, &Value::String(value.to_owned())) {
            Ok(errors) => errors,
            Err(error) => return vec![error],
        };
        if as_string.is_empty() {
            return Vec::new();
        }
        if let Ok(scalar @ (Value::Number(_) | Value::Bool(_))) =
            serde_json::from_str::<Value>(value)
            && matches!(self.schema_errors(schema, &scalar), Ok(errors) if errors.is_empty())
        {
            return Vec::new();
        }
        as_string
            .into_iter()
            .map(|error| format!("{what} {value:?}: {error}"))
            .collect()
    }

    /// A declared response header: present when required, valid when present.
    fn response_header_problems(
        &self,
        pointer: &str,
        name: &str,
        headers: &HeaderMap,
    ) -> Vec<String> {
        let (pointer, header) = match self.resolve_at(pointer) {
            Ok(resolved) => resolved,
            Err(error) => return vec![error],
        };
        let required = header.get("required").and_then(Value::as_bool) == Some(true);
        let values = match header_values(headers, name) {
            Ok(values) => values,
            Err(problem) => return vec![problem],
        };
        match values.as_slice() {
            [] if required => vec![format!("response header {name} is required but missing")],
            [] => Vec::new(),
            [value] => self.scalar_problems(
                &format!("response header {name}"),
                &format!("{pointer}/schema"),
                value,
            ),
            _ => vec![format!(
                "response header {name} is sent {} times",
                values.len()
            )],
        }
    }

    /// `Authorization: Bearer <token>` when the operation (or the document) requires bearer
    /// security.
    fn security_problems(&self, operation: &Operation, headers: &HeaderMap) -> Vec<String> {
        let requirements = self
            .at(&format!("{}/security", operation.pointer))
            .or_else(|| self.at("/security"))
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default();
        if requirements.is_empty() {
            return Vec::new();
        }
        let satisfied = requirements.iter().any(|requirement| {
            requirement.as_object().is_some_and(|schemes| {
                schemes
                    .keys()
                    .all(|scheme| self.scheme_satisfied(scheme, headers))
            })
        });
        if satisfied {
            Vec::new()
        } else {
            vec!["no security requirement is met (Authorization: Bearer <token>)".to_owned()]
        }
    }

    fn scheme_satisfied(&self, scheme: &str, headers: &HeaderMap) -> bool {
        let Some(declared) = self.at(&format!("/components/securitySchemes/{}", escape(scheme)))
        else {
            return false;
        };
        let is_bearer = declared.get("type").and_then(Value::as_str) == Some("http")
            && declared
                .get("scheme")
                .and_then(Value::as_str)
                .is_some_and(|s| s.eq_ignore_ascii_case("bearer"));
        if !is_bearer {
            return false;
        }
        let mut values = headers.get_all(http::header::AUTHORIZATION).iter();
        match (values.next(), values.next()) {
            (Some(value), None) => value
                .to_str()
                .ok()
                .and_then(|v| v.split_once(' '))
                .is_some_and(|(s, token)| {
                    s.eq_ignore_ascii_case("bearer") && !token.trim().is_empty()
                }),
            _ => false,
        }
    }

    /// An `Accept` header, when sent, must accept a media type of a success response.
    fn accept_problems(&self, operation: &Operation, headers: &HeaderMap) -> Vec<String> {
        let Some(accept) = headers.get(http::header::ACCEPT) else {
            return Vec::new();
        };
        let Ok(accept) = accept.to_str() else {
            return vec!["Accept is not text".to_owned()];
        };
        let mut offered = Vec::new();
        if let Some(responses) = self
            .at(&format!("{}/responses", operation.pointer))
            .and_then(Value::as_object)
        {
            for (code, response) in responses {
                if !code.starts_with('2') {
                    continue;
                }
                if let Ok(response) = self.resolve(response)
                    && let Some(content) = response.get("content").and_then(Value::as_object)
                {
                    offered.extend(content.keys().cloned());
                }
            }
        }
        let ranges: Vec<String> = accept
            .split(',')
            .filter_map(|range| range.split(';').next())
            .map(|range| range.trim().to_ascii_lowercase())
            .collect();
        let accepted = offered.iter().any(|media| {
            let (kind, _) = media.split_once('/').unwrap_or((media, ""));
            ranges
                .iter()
                .any(|range| range == media || range == "*/*" || *range == format!("{kind}/*"))
        });
        if accepted {
            Vec::new()
        } else {
            vec![format!("Accept {accept:?} accepts none of {offered:?}")]
        }
    }

    /// The body of a request against the operation's request body.
    fn request_body_problems(
        &self,
        operation: &Operation,
        headers: &HeaderMap,
        body: &[u8],
    ) -> Vec<String> {
        let pointer = format!("{}/requestBody", operation.pointer);
        if self.at(&pointer).is_none() {
            return if body.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "{} {} takes no body",
                    operation.method, operation.template
                )]
            };
        }
        let (pointer, declared) = match self.resolve_at(&pointer) {
            Ok(resolved) => resolved,
            Err(error) => return vec![error],
        };
        let required = declared.get("required").and_then(Value::as_bool) == Some(true);
        if body.is_empty() {
            return if required {
                vec!["the request body is required but empty".to_owned()]
            } else {
                Vec::new()
            };
        }
        self.content_problems(&pointer, declared, headers, body, "request body")
    }

    /// A body against the `content` of a request body or response: its `Content-Type` must be
    /// declared, and it must be valid against that media type's schema.
    fn content_problems(
        &self,
        owner: &str,
        declared: &Value,
        headers: &HeaderMap,
        body: &[u8],
        what: &str,
    ) -> Vec<String> {
        let content = declared.get("content").and_then(Value::as_object);
        let Some(content) = content.filter(|c| !c.is_empty()) else {
            return if body.is_empty() {
                Vec::new()
            } else {
                vec![format!(
                    "{what}: no content is declared, yet {} bytes came",
                    body.len()
                )]
            };
        };
        if body.is_empty() {
            return vec![format!("{what} is empty, but content is declared")];
        }
        let media = headers
            .get(http::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(';').next())
            .map(|v| v.trim().to_ascii_lowercase());
        let Some(media) = media else {
            return vec![format!("{what} has no Content-Type")];
        };
        let Some(key) = content.keys().find(|key| key.eq_ignore_ascii_case(&media)) else {
            return vec![format!(
                "{what}: Content-Type {media} is not one of {:?}",
                content.keys().collect::<Vec<_>>()
            )];
        };
        let schema = format!("{owner}/content/{}/schema", escape(key));
        let instance = if media == "application/json" || media.ends_with("+json") {
            match serde_json::from_slice::<Value>(body) {
                Ok(value) => value,
                Err(error) => return vec![format!("{what} is not JSON: {error}")],
            }
        } else {
            Value::String(String::from_utf8_lossy(body).into_owned())
        };
        match self.schema_errors(&schema, &instance) {
            Ok(errors) => errors
                .into_iter()
                .map(|error| format!("{what} {instance}: {error}"))
                .collect(),
            Err(error) => vec![error],
        }
    }
}

/// The values of a header, as text.
fn header_values(headers: &HeaderMap, name: &str) -> Result<Vec<String>, String> {
    headers
        .get_all(name)
        .iter()
        .map(|value| {
            value
                .to_str()
                .map(str::to_owned)
                .map_err(|_| format!("header {name} is not visible ASCII"))
        })
        .collect()
}

/// Header names compare without case; other parameter names exactly.
fn same_name(location: &str, a: &str, b: &str) -> bool {
    if location == "header" {
        a.eq_ignore_ascii_case(b)
    } else {
        a == b
    }
}

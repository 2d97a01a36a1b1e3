//! `JsonBody<T>`: the one way handlers read a JSON body. Besides what `web::Json` checks (size,
//! content type, syntax) it refuses, with 400 `VALIDATION_ERROR` and the offending field in
//! `details`:
//! - a body that is not a JSON object (an array would otherwise fill a struct by position);
//! - control characters in any string (NUL would reach PostgreSQL, which refuses it: a 500);
//!   newline and tab pass here, and the domain refuses them where a field is a single line;
//! - a field of the wrong type, unknown or missing, in words of our own: never serde's text,
//!   which names internal types (`struct RegisterBody`).

use crate::api::ApiError;
use actix_web::{FromRequest, HttpRequest, dev::Payload, web};
use futures::future::LocalBoxFuture;
use jobr_core::{TextKind, forbidden_character};
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

/// A JSON object body, checked as described in the module docs, deserialised into `T`.
pub struct JsonBody<T>(pub T);

impl<T> JsonBody<T> {
    pub fn into_inner(self) -> T {
        self.0
    }
}

impl<T> std::ops::Deref for JsonBody<T> {
    type Target = T;

    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T: DeserializeOwned + 'static> FromRequest for JsonBody<T> {
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        // The app's JsonConfig (limit, error handler) applies to this read.
        let json = web::Json::<Value>::from_request(req, payload);
        Box::pin(async move {
            let value = json.await?.into_inner();
            Ok(JsonBody(parse_body(value)?))
        })
    }
}

/// The checks of [`JsonBody`], on a body already parsed as JSON.
pub fn parse_body<T: DeserializeOwned>(body: Value) -> Result<T, ApiError> {
    if !body.is_object() {
        return Err(
            ApiError::validation("The body must be a JSON object").with_details(json!([
                { "field": "body", "message": "must be a JSON object" }
            ])),
        );
    }
    let mut bad_text = Vec::new();
    find_control_characters(&body, &mut String::new(), &mut bad_text);
    if !bad_text.is_empty() {
        let details: Vec<Value> = bad_text
            .into_iter()
            .map(
                |field| json!({ "field": field, "message": "must not contain control characters" }),
            )
            .collect();
        return Err(
            ApiError::validation("Text fields must not contain control characters")
                .with_details(Value::Array(details)),
        );
    }
    serde_path_to_error::deserialize(body).map_err(|error| {
        let (field, message) = describe(&error);
        ApiError::validation(format!("The field `{field}` {message}"))
            .with_details(json!([{ "field": field, "message": message }]))
    })
}

/// Collects the path (`jobPreferences.desiredTitles[0]`) of every string holding a character
/// that no text field allows.
fn find_control_characters(value: &Value, path: &mut String, found: &mut Vec<String>) {
    match value {
        Value::String(text) => {
            if forbidden_character(text, TextKind::FreeText).is_some() {
                found.push(path.clone());
            }
        }
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                let length = path.len();
                path.push_str(&format!("[{index}]"));
                find_control_characters(item, path, found);
                path.truncate(length);
            }
        }
        Value::Object(fields) => {
            for (key, item) in fields {
                let length = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
                find_control_characters(item, path, found);
                path.truncate(length);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

/// The field a deserialisation error is about, and what is wrong with it, in our words.
///
/// serde's messages follow fixed forms (`unknown field `x``, `missing field `x``, `invalid type:
/// …`); only their kind and the client's own key name are used, never the rest of the text.
fn describe(error: &serde_path_to_error::Error<serde_json::Error>) -> (String, &'static str) {
    let path = error.path().to_string();
    let text = error.inner().to_string();
    let parent = if path == "." {
        None
    } else {
        Some(path.as_str())
    };
    let named = |key: &str| match parent {
        Some(parent) => format!("{parent}.{key}"),
        None => key.to_string(),
    };
    let key_in_backticks = text.split('`').nth(1);
    if let (true, Some(key)) = (text.starts_with("unknown field"), key_in_backticks) {
        // serde_path_to_error already points at the unknown key itself.
        return (
            parent.map_or_else(|| key.to_string(), str::to_string),
            "is not a field this endpoint accepts",
        );
    }
    if let (true, Some(key)) = (text.starts_with("missing field"), key_in_backticks) {
        return (named(key), "is required");
    }
    let field = parent.unwrap_or("body").to_string();
    if text.starts_with("invalid type") {
        (field, "has the wrong type")
    } else {
        (field, "has an invalid value")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ErrorCode;
    use serde::Deserialize;

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Inner {
        titles: Vec<String>,
        min_salary: Option<i64>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "camelCase", deny_unknown_fields)]
    #[allow(dead_code)]
    struct Outer {
        name: String,
        preferences: Option<Inner>,
    }

    fn problem(body: Value) -> (String, Value) {
        let error = parse_body::<Outer>(body).unwrap_err();
        assert_eq!(error.code, ErrorCode::ValidationError);
        let details = error.details.unwrap_or_default();
        (error.message, details[0].clone())
    }

    #[test]
    fn a_non_object_body_is_refused() {
        for body in [
            json!([]),
            json!(["a", "b"]),
            json!("text"),
            json!(3),
            json!(null),
        ] {
            let (message, detail) = problem(body);
            assert_eq!(message, "The body must be a JSON object");
            assert_eq!(detail["field"], "body");
        }
    }

    #[test]
    fn control_characters_are_refused_with_their_path() {
        let (_, detail) = problem(json!({
            "name": "ok", "preferences": { "titles": ["fine", "bad\u{0}"], "minSalary": 1 }
        }));
        assert_eq!(detail["field"], "preferences.titles[1]");
        let (_, detail) = problem(json!({ "name": "a\u{1b}b" }));
        assert_eq!(detail["field"], "name");
        let parsed: Outer = parse_body(json!({ "name": "two\nlines\tand a tab" })).unwrap();
        assert_eq!(parsed.name, "two\nlines\tand a tab");
    }

    #[test]
    fn shape_errors_name_the_field_but_no_internal_type() {
        let cases = [
            (json!({ "name": 5 }), "name", "has the wrong type"),
            (json!({}), "name", "is required"),
            (
                json!({ "name": "a", "role": "admin" }),
                "role",
                "is not a field this endpoint accepts",
            ),
            (
                json!({ "name": "a", "preferences": { "titles": [], "minSalary": "lots" } }),
                "preferences.minSalary",
                "has the wrong type",
            ),
            (
                json!({ "name": "a", "preferences": { "titles": [], "x": 1 } }),
                "preferences.x",
                "is not a field this endpoint accepts",
            ),
        ];
        for (body, field, expected) in cases {
            let (message, detail) = problem(body.clone());
            assert_eq!(detail["field"], field, "{body}");
            assert_eq!(detail["message"], expected, "{body}");
            for internal in ["struct", "Outer", "Inner", "i64", "expected"] {
                assert!(!message.contains(internal), "{message:?} leaks {internal}");
            }
        }
    }
}

//! The chat completions wire format, as much of it as this adapter sends and reads.

use serde::{Deserialize, Serialize};
use serde_json::Value;

#[derive(Debug, Serialize)]
pub(crate) struct ChatRequest<'a> {
    pub model: &'a str,
    pub messages: [Message<'a>; 2],
    pub max_tokens: u32,
    pub temperature: f32,
    pub response_format: Value,
}

#[derive(Debug, Serialize)]
pub(crate) struct Message<'a> {
    pub role: &'static str,
    pub content: &'a str,
}

#[derive(Debug, Deserialize)]
pub(crate) struct ChatCompletion {
    #[serde(default)]
    pub choices: Vec<Choice>,
    #[serde(default)]
    pub usage: Option<TokenUsage>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct Choice {
    #[serde(default)]
    pub message: Option<AssistantMessage>,
    #[serde(default)]
    pub finish_reason: Option<String>,
}

#[derive(Debug, Deserialize)]
pub(crate) struct AssistantMessage {
    #[serde(default)]
    pub content: Option<String>,
    /// Set (and `content` null) when a structured-output model declines the request.
    #[serde(default)]
    pub refusal: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
pub(crate) struct TokenUsage {
    #[serde(default)]
    pub prompt_tokens: u32,
    #[serde(default)]
    pub completion_tokens: u32,
}

/// `{"error": {"type": ..., "code": ...}}` as OpenAI reports a refused request. Only these two
/// short identifiers are read: the message may quote the request back.
pub(crate) fn error_code(body_snippet: &str) -> Option<String> {
    let field = |name: &str| -> Option<String> {
        let after = &body_snippet[body_snippet.find(&format!("\"{name}\""))? + name.len() + 2..];
        let value = after.trim_start().strip_prefix(':')?.trim_start();
        let value = value.strip_prefix('"')?;
        let value = &value[..value.find('"')?];
        let plain = !value.is_empty()
            && value.len() <= 64
            && value
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        plain.then(|| value.to_owned())
    };
    field("code").or_else(|| field("type"))
}

/// Strict mode's rules (every object closed, every property required), checked on every
/// object of a schema: the tests of each operation's schema share it.
#[cfg(test)]
pub(crate) fn assert_strict(schema: &Value, at: &str) {
    if schema["type"] == "object" {
        assert_eq!(schema["additionalProperties"], false, "{at}");
        let mut props: Vec<&str> = schema["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("{at} has properties"))
            .keys()
            .map(String::as_str)
            .collect();
        let mut required: Vec<&str> = schema["required"]
            .as_array()
            .unwrap_or_else(|| panic!("{at} has required"))
            .iter()
            .filter_map(Value::as_str)
            .collect();
        props.sort_unstable();
        required.sort_unstable();
        assert_eq!(props, required, "{at}");
        for (name, sub) in schema["properties"].as_object().into_iter().flatten() {
            assert_strict(sub, &format!("{at}.{name}"));
        }
    }
    if let Some(items) = schema.get("items") {
        assert_strict(items, &format!("{at}[]"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_code_reads_only_plain_identifiers() {
        let body = r#"{"error": {"message": "Invalid parameter: 'response_format'", "type": "invalid_request_error", "param": "response_format", "code": null}}"#;
        assert_eq!(error_code(body).as_deref(), Some("invalid_request_error"));
        let body =
            r#"{"error":{"message":"x","type":"invalid_request_error","code":"model_not_found"}}"#;
        assert_eq!(error_code(body).as_deref(), Some("model_not_found"));
        assert_eq!(error_code(r#"{"error":{"code":"jane@example.com"}}"#), None);
        assert_eq!(error_code("<html>Bad gateway</html>"), None);
        assert_eq!(error_code(r#"{"error":{"message":"cut off here"#), None);
    }
}

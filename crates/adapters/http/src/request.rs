//! What a caller asks for and what it gets back.

use std::fmt;

use bytes::Bytes;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::HttpError;

/// The header that makes a non-idempotent request safe to repeat (Stripe's spelling; the
/// providers that support the idea use this name).
pub const IDEMPOTENCY_KEY: &str = "idempotency-key";

/// An outbound request, described as plain data so that it can be sent again on every retry
/// (a `reqwest::RequestBuilder` is consumed by sending; cloning this is a few reference counts).
///
/// # Which requests are retried
///
/// By default a request is retried on timeouts, 429 and 5xx only when repeating it cannot do
/// anything twice: a `GET`, `HEAD` or `OPTIONS`, or any request carrying an `Idempotency-Key`
/// header. Everything else (a `POST` that moves money, but also `PUT`, `PATCH`, `DELETE`) is sent
/// once, unless the caller says otherwise with [`RequestSpec::retryable`] — e.g. `true` for an
/// OpenAI completion, where a repeat only costs tokens. Connect errors are retried for every
/// request: the request never left this machine.
#[derive(Clone)]
pub struct RequestSpec {
    method: Method,
    url: Url,
    headers: HeaderMap,
    body: Option<Bytes>,
    retryable: Option<bool>,
}

impl RequestSpec {
    pub fn new(method: Method, url: Url) -> Self {
        Self {
            method,
            url,
            headers: HeaderMap::new(),
            body: None,
            retryable: None,
        }
    }

    pub fn get(url: Url) -> Self {
        Self::new(Method::GET, url)
    }

    pub fn post(url: Url) -> Self {
        Self::new(Method::POST, url)
    }

    /// Sets a header, replacing any earlier value under that name.
    pub fn header(mut self, name: HeaderName, value: HeaderValue) -> Self {
        self.headers.insert(name, value);
        self
    }

    /// `Authorization: Bearer <token>`, marked sensitive so that it is never printed.
    pub fn bearer_auth(self, token: &str) -> Result<Self, HttpError> {
        let mut value = HeaderValue::try_from(format!("Bearer {token}"))
            .map_err(|_| HttpError::Other("bearer token is not a valid header value".into()))?;
        value.set_sensitive(true);
        Ok(self.header(AUTHORIZATION, value))
    }

    /// Sets `Idempotency-Key`, which also makes the request retryable by default.
    pub fn idempotency_key(self, key: &str) -> Result<Self, HttpError> {
        let value = HeaderValue::try_from(key)
            .map_err(|_| HttpError::Other("idempotency key is not a valid header value".into()))?;
        Ok(self.header(HeaderName::from_static(IDEMPOTENCY_KEY), value))
    }

    /// A JSON body, serialised once here rather than on every attempt.
    pub fn json<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, HttpError> {
        let bytes = serde_json::to_vec(body)
            .map_err(|_| HttpError::Other("request body could not be serialised".into()))?;
        Ok(self.body(HeaderValue::from_static("application/json"), bytes))
    }

    /// An `application/x-www-form-urlencoded` body (Stripe, OAuth token endpoints).
    pub fn form<T: Serialize + ?Sized>(self, body: &T) -> Result<Self, HttpError> {
        let text = serde_urlencoded::to_string(body)
            .map_err(|_| HttpError::Other("form body could not be encoded".into()))?;
        Ok(self.body(
            HeaderValue::from_static("application/x-www-form-urlencoded"),
            text,
        ))
    }

    /// Raw body bytes with their content type.
    pub fn body(mut self, content_type: HeaderValue, bytes: impl Into<Bytes>) -> Self {
        self.headers.insert(CONTENT_TYPE, content_type);
        self.body = Some(bytes.into());
        self
    }

    /// Overrides the default rule (see the type's documentation): `false` for a request that must
    /// never be repeated, `true` for one that is harmless to repeat despite its method.
    pub fn retryable(mut self, retryable: bool) -> Self {
        self.retryable = Some(retryable);
        self
    }

    /// Whether timeouts, 429 and 5xx may be retried for this request.
    pub fn is_retryable(&self) -> bool {
        self.retryable.unwrap_or_else(|| {
            matches!(self.method, Method::GET | Method::HEAD | Method::OPTIONS)
                || self.headers.contains_key(IDEMPOTENCY_KEY)
        })
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    /// `host[:port]/path`: the only part of the URL fit for logs and metrics. The query string
    /// (API keys, emails, phone numbers), user info and fragment are left out.
    pub fn endpoint(&self) -> String {
        let host = self.url.host_str().unwrap_or("");
        match self.url.port() {
            Some(port) => format!("{host}:{port}{}", self.url.path()),
            None => format!("{host}{}", self.url.path()),
        }
    }

    pub(crate) fn to_reqwest(&self, client: &reqwest::Client) -> reqwest::RequestBuilder {
        let builder = client
            .request(self.method.clone(), self.url.clone())
            .headers(self.headers.clone());
        match &self.body {
            Some(body) => builder.body(body.clone()),
            None => builder,
        }
    }
}

// Hand-written so that `{:?}` never prints a query string, a header or a body.
impl fmt::Debug for RequestSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RequestSpec")
            .field("method", &self.method)
            .field("endpoint", &self.endpoint())
            .field("body_bytes", &self.body.as_ref().map(Bytes::len))
            .field("retryable", &self.is_retryable())
            .finish_non_exhaustive()
    }
}

/// A complete answer: the body has been read within the attempt's timeout.
#[derive(Clone)]
pub struct Response {
    status: StatusCode,
    headers: HeaderMap,
    body: Bytes,
}

impl fmt::Debug for Response {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("status", &self.status)
            .field("body_bytes", &self.body.len())
            .finish_non_exhaustive()
    }
}

impl Response {
    pub(crate) fn new(status: StatusCode, headers: HeaderMap, body: Bytes) -> Self {
        Self {
            status,
            headers,
            body,
        }
    }

    pub fn status(&self) -> StatusCode {
        self.status
    }

    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    pub fn body(&self) -> &Bytes {
        &self.body
    }

    pub fn into_body(self) -> Bytes {
        self.body
    }

    /// Decodes the body as JSON. The error names only where decoding failed, never the text
    /// around it, which may be personal data.
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, HttpError> {
        serde_json::from_slice(&self.body).map_err(|e| {
            HttpError::InvalidResponse(format!(
                "JSON {:?} error at line {} column {}",
                e.classify(),
                e.line(),
                e.column()
            ))
        })
    }
}

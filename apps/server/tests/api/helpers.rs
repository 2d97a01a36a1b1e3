//! Starts the real server (the same `Application::build` as `main`) on a free port and
//! drives it over HTTP. Every Postgres-backed app gets its own freshly migrated database.

use jobr_accounts::AccessTokenCodec;
use jobr_core::{Role, UserId};
use jobr_postgres::TestDatabase;
use jobr_server::{Application, Config};
use reqwest::{Client, Method, RequestBuilder, StatusCode, header::HeaderMap};
use secrecy::ExposeSecret;
use serde_json::{Value, json};
use std::{collections::HashMap, sync::Arc};
use time::OffsetDateTime;
use tokio::task::JoinHandle;

/// The secret every test app signs with, so tests can mint (and forge) tokens themselves.
pub const JWT_SECRET: &str = "integration-tests-jwt-secret-0123456789";
/// Long enough and not on the common-password list.
pub const PASSWORD: &str = "violet-canoe-42";
pub const NEW_PASSWORD: &str = "amber-kettle-97";

/// The environment handed to `Config::from_lookup`; tests adjust it before the app starts.
pub struct TestEnv(HashMap<String, String>);

impl TestEnv {
    pub fn set(&mut self, key: &str, value: impl Into<String>) -> &mut Self {
        self.0.insert(key.to_string(), value.into());
        self
    }

    pub fn get(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    pub fn remove(&mut self, key: &str) -> &mut Self {
        self.0.remove(key);
        self
    }
}

pub struct TestApp {
    pub address: String,
    pub port: u16,
    pub client: Client,
    env: HashMap<String, String>,
    server: Option<JoinHandle<std::io::Result<()>>>,
    /// Dropped after the server task is aborted; drops the database `WITH (FORCE)`.
    db: Option<Arc<TestDatabase>>,
}

/// A server on a fresh Postgres database with the default test settings.
pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A server on a fresh Postgres database; `configure` changes the environment first.
pub async fn spawn_app_with(configure: impl FnOnce(&mut TestEnv)) -> TestApp {
    let db = Arc::new(TestDatabase::new().await);
    let mut env = default_env();
    env.set("DATABASE_URL", db.url());
    configure(&mut env);
    start(env.0, Some(db)).await
}

/// A server on the in-memory store (no DATABASE_URL at all).
pub async fn spawn_in_memory_app() -> TestApp {
    spawn_in_memory_app_with(|_| {}).await
}

/// A server on the in-memory store; `configure` changes the environment first.
pub async fn spawn_in_memory_app_with(configure: impl FnOnce(&mut TestEnv)) -> TestApp {
    let mut env = default_env();
    env.remove("DATABASE_URL");
    configure(&mut env);
    start(env.0, None).await
}

fn default_env() -> TestEnv {
    let mut env = TestEnv(HashMap::new());
    env.set("JOBR_ENV", "development")
        .set("JWT_SECRET", JWT_SECRET)
        .set("HOST", "127.0.0.1")
        .set("PORT", "0")
        .set("WORKERS", "1")
        .set("DATABASE_POOL_SIZE", "4")
        .set("RATE_LIMIT_MAX", "10000")
        .set("RATE_LIMIT_AUTH_MAX", "10000")
        .set("UPLOAD_DIR", shared_upload_dir())
        // The test binary is not next to the worker, so name it.
        .set("EXTRACTOR_PATH", env!("CARGO_BIN_EXE_jobr-extract"));
    env
}

/// Apps that do not look at files share one upload directory under the system temp dir,
/// so no test writes into the source tree.
fn shared_upload_dir() -> String {
    std::env::temp_dir()
        .join("jobr-api-test-uploads")
        .to_string_lossy()
        .into_owned()
}

async fn start(env: HashMap<String, String>, db: Option<Arc<TestDatabase>>) -> TestApp {
    let config = Config::from_lookup(|key| env.get(key).cloned())
        .unwrap_or_else(|errors| panic!("test configuration is invalid: {errors}"));
    let app = Application::build(config)
        .await
        .expect("the application failed to build");
    let port = app.port();
    let server = tokio::spawn(app.run_until_stopped());
    TestApp {
        address: format!("http://127.0.0.1:{port}"),
        port,
        client: client(),
        env,
        server: Some(server),
        db,
    }
}

/// No proxies (a proxy variable in the environment must not intercept 127.0.0.1), no redirects.
pub fn client() -> Client {
    Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

/// A user registered through the API, with the tokens of its first session.
#[derive(Debug, Clone)]
pub struct TestUser {
    pub id: String,
    pub email: String,
    pub access_token: String,
    pub refresh_token: String,
}

impl TestApp {
    /// Another server process on the same database and secret (a restart, or a second
    /// instance behind the balancer).
    pub async fn another_instance(&self) -> TestApp {
        start(self.env.clone(), self.db.clone()).await
    }

    /// Stops this server: its listener closes and its workers are told to stop.
    pub async fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
            let _ = server.await;
        }
    }

    /// Drops this app's database under the running server (`DROP DATABASE … WITH (FORCE)`),
    /// to see how it behaves when its database disappears.
    pub fn drop_database(&mut self) {
        let db = self.db.take().expect("a Postgres-backed app");
        drop(Arc::into_inner(db).expect("no other instance shares the database"));
    }

    /// The app's database, for tests that set up state the API cannot produce.
    pub fn database(&self) -> jobr_postgres::Database {
        self.db.as_ref().expect("a Postgres-backed app").database()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }

    pub fn request(&self, method: Method, path: &str) -> RequestBuilder {
        self.client.request(method, self.url(path))
    }

    pub async fn get(&self, path: &str) -> ApiResponse {
        send(self.request(Method::GET, path)).await
    }

    pub async fn get_auth(&self, path: &str, token: &str) -> ApiResponse {
        send(self.request(Method::GET, path).bearer_auth(token)).await
    }

    pub async fn post_json(&self, path: &str, body: &Value) -> ApiResponse {
        send(self.request(Method::POST, path).json(body)).await
    }

    pub async fn post_json_auth(&self, path: &str, token: &str, body: &Value) -> ApiResponse {
        send(
            self.request(Method::POST, path)
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    pub async fn patch_json_auth(&self, path: &str, token: &str, body: &Value) -> ApiResponse {
        send(
            self.request(Method::PATCH, path)
                .bearer_auth(token)
                .json(body),
        )
        .await
    }

    /// Sends `body` verbatim with the given content type (for malformed and oversized bodies).
    pub async fn post_raw(
        &self,
        path: &str,
        content_type: Option<&str>,
        body: impl Into<reqwest::Body>,
    ) -> ApiResponse {
        let mut request = self.request(Method::POST, path).body(body);
        if let Some(content_type) = content_type {
            request = request.header(reqwest::header::CONTENT_TYPE, content_type);
        }
        send(request).await
    }

    /// POSTs a hand-built `multipart/form-data` body with one part (see [`multipart_body`]);
    /// `token` is sent as a bearer token when given.
    pub async fn post_multipart(
        &self,
        path: &str,
        token: Option<&str>,
        part: &MultipartPart<'_>,
    ) -> ApiResponse {
        let (content_type, body) = multipart_body(part);
        let mut request = self
            .request(Method::POST, path)
            .header(reqwest::header::CONTENT_TYPE, content_type)
            .body(body);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        send(request).await
    }

    /// Uploads `bytes` as the CV file `name`, with a neutral content type: the server sniffs.
    pub async fn upload_cv(&self, user: &TestUser, name: &str, bytes: &[u8]) -> ApiResponse {
        self.post_multipart(
            "/api/cv",
            Some(&user.access_token),
            &MultipartPart {
                field: "file",
                file_name: Some(name),
                content_type: Some("application/octet-stream"),
                bytes,
            },
        )
        .await
    }

    pub async fn register(&self, email: &str, password: &str) -> ApiResponse {
        self.post_json(
            "/api/auth/register",
            &json!({
                "email": email,
                "password": password,
                "firstName": "Ada",
                "lastName": "Lovelace",
            }),
        )
        .await
    }

    pub async fn login(&self, email: &str, password: &str) -> ApiResponse {
        self.post_json(
            "/api/auth/login",
            &json!({ "email": email, "password": password }),
        )
        .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> ApiResponse {
        self.post_json(
            "/api/auth/refresh",
            &json!({ "refreshToken": refresh_token }),
        )
        .await
    }

    pub async fn logout(&self, refresh_token: &str) -> ApiResponse {
        self.post_json(
            "/api/auth/logout",
            &json!({ "refreshToken": refresh_token }),
        )
        .await
    }

    pub async fn me(&self, access_token: &str) -> ApiResponse {
        self.get_auth("/api/users/me", access_token).await
    }

    /// Registers a user with a unique email and [`PASSWORD`]; panics unless it is a 201.
    pub async fn register_user(&self) -> TestUser {
        let email = unique_email();
        let response = self.register(&email, PASSWORD).await;
        response.assert_success(StatusCode::CREATED);
        TestUser::from_session(&response, &email)
    }

    /// A new session for an existing user; panics unless it is a 200.
    pub async fn login_user(&self, email: &str, password: &str) -> TestUser {
        let response = self.login(email, password).await;
        response.assert_success(StatusCode::OK);
        TestUser::from_session(&response, email)
    }
}

impl TestUser {
    fn from_session(response: &ApiResponse, email: &str) -> Self {
        let data = response.data();
        let text = |value: &Value| {
            value
                .as_str()
                .unwrap_or_else(|| panic!("expected a string, got {value} in {}", response.text))
                .to_string()
        };
        Self {
            id: text(&data["user"]["id"]),
            email: email.to_string(),
            access_token: text(&data["accessToken"]),
            refresh_token: text(&data["refreshToken"]),
        }
    }

    pub fn user_id(&self) -> UserId {
        UserId(self.id.parse().expect("user ids are UUIDs"))
    }
}

pub fn unique_email() -> String {
    format!("user-{}@example.com", uuid::Uuid::new_v4().simple())
}

/// An access token for `user` signed with `secret`, issued at `issued_at`, carrying token
/// version 0 (what a user has until a logout or password change).
pub fn mint_access_token(
    secret: &[u8],
    user: UserId,
    role: Role,
    issued_at: OffsetDateTime,
) -> String {
    AccessTokenCodec::new(secret)
        .issue(user, role, 0, issued_at, uuid::Uuid::new_v4())
        .expect("token issues")
        .expose_secret()
        .to_owned()
}

/// Unpadded base64url, enough to hand-craft JWT segments.
pub fn base64url(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, b)| n | (u32::from(*b) << (16 - 8 * i)));
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

/// One part of a `multipart/form-data` body (reqwest here has no `multipart` feature).
pub struct MultipartPart<'a> {
    /// The form field name; the CV endpoint reads `file`.
    pub field: &'a str,
    /// `filename="…"` in the Content-Disposition; `None` leaves it out.
    pub file_name: Option<&'a str>,
    /// The part's own Content-Type; `None` leaves it out.
    pub content_type: Option<&'a str>,
    pub bytes: &'a [u8],
}

/// `(Content-Type header value, body)` for a one-part `multipart/form-data` request.
pub fn multipart_body(part: &MultipartPart<'_>) -> (String, Vec<u8>) {
    let boundary = format!("----jobr-test-boundary-{}", uuid::Uuid::new_v4().simple());
    let mut head = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"",
        part.field
    );
    if let Some(file_name) = part.file_name {
        head.push_str(&format!("; filename=\"{file_name}\""));
    }
    head.push_str("\r\n");
    if let Some(content_type) = part.content_type {
        head.push_str(&format!("Content-Type: {content_type}\r\n"));
    }
    head.push_str("\r\n");
    let mut body = head.into_bytes();
    body.extend_from_slice(part.bytes);
    body.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

/// What came back: status, headers, the raw text, and the text parsed as JSON (`Null` when
/// it is not JSON).
#[derive(Debug)]
pub struct ApiResponse {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub text: String,
    pub body: Value,
}

pub async fn send(request: RequestBuilder) -> ApiResponse {
    let response = request
        .send()
        .await
        .expect("the request reached the server");
    let status = response.status();
    let headers = response.headers().clone();
    let text = response.text().await.expect("the body was readable");
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    ApiResponse {
        status,
        headers,
        text,
        body,
    }
}

impl ApiResponse {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn data(&self) -> &Value {
        &self.body["data"]
    }

    /// A success envelope with this status, whose `meta.requestId` is the response's id.
    pub fn assert_success(&self, status: StatusCode) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        assert_eq!(self.body["success"], json!(true), "body: {}", self.text);
        assert!(
            !self.body["data"].is_null(),
            "no data in the envelope: {}",
            self.text
        );
        let request_id = self
            .header("x-request-id")
            .expect("every response has x-request-id");
        assert_eq!(
            self.body["meta"]["requestId"],
            json!(request_id),
            "meta.requestId must equal the x-request-id header; body: {}",
            self.text
        );
        assert!(self.body["meta"]["timestamp"].is_string(), "{}", self.text);
        self
    }

    /// An error envelope: this status, `success: false`, this code and a message.
    pub fn assert_error(&self, status: StatusCode, code: &str) -> &Self {
        assert_eq!(
            self.status, status,
            "unexpected status; body: {}",
            self.text
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/json"),
            "errors are JSON; body: {}",
            self.text
        );
        assert_eq!(self.body["success"], json!(false), "body: {}", self.text);
        assert_eq!(
            self.body["error"]["code"],
            json!(code),
            "body: {}",
            self.text
        );
        assert!(
            self.body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "errors carry a message: {}",
            self.text
        );
        assert!(
            self.body.get("data").is_none(),
            "no data on errors: {}",
            self.text
        );
        self
    }

    /// A 400 VALIDATION_ERROR whose details name exactly these fields (in any order).
    pub fn assert_validation(&self, fields: &[&str]) -> &Self {
        self.assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
        let mut found = self.detail_fields();
        found.sort();
        let mut expected: Vec<String> = fields.iter().map(|f| f.to_string()).collect();
        expected.sort();
        assert_eq!(found, expected, "detail fields; body: {}", self.text);
        for detail in self.body["error"]["details"]
            .as_array()
            .into_iter()
            .flatten()
        {
            assert!(
                detail["message"].as_str().is_some_and(|m| !m.is_empty()),
                "every detail says what is wrong: {}",
                self.text
            );
        }
        self
    }

    pub fn detail_fields(&self) -> Vec<String> {
        self.body["error"]["details"]
            .as_array()
            .map(|details| {
                details
                    .iter()
                    .map(|d| d["field"].as_str().unwrap_or("<no field>").to_string())
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The Retry-After header as whole seconds; panics when absent or not a number.
    pub fn retry_after(&self) -> u64 {
        self.header("retry-after")
            .unwrap_or_else(|| panic!("no Retry-After header; body: {}", self.text))
            .parse()
            .expect("Retry-After is whole seconds")
    }
}

/// An RFC 3339 timestamp such as `2025-01-31T12:34:56.789Z` (the `time` crate is built
/// without its parser here, so the shape is checked by hand).
pub fn assert_rfc3339(value: &str) {
    let bytes = value.as_bytes();
    let digits_at = |positions: &[usize]| {
        positions
            .iter()
            .all(|&i| bytes.get(i).is_some_and(u8::is_ascii_digit))
    };
    let shape_ok = bytes.len() >= 20
        && digits_at(&[0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18])
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[10] == b'T'
        && bytes[13] == b':'
        && bytes[16] == b':'
        && (value.ends_with('Z') || value[19..].contains(['+', '-']));
    assert!(shape_ok, "not an RFC 3339 timestamp: {value:?}");
}

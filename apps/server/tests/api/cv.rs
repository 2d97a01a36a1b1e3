//! The CV API: POST/GET /api/cv, GET/DELETE /api/cv/{id}, GET /api/cv/{id}/text, over the
//! real server with real fixture files (crates/domain/cv/tests/fixtures) and a fresh upload
//! directory per app.

use crate::helpers::{
    ApiResponse, MultipartPart, TestApp, TestUser, assert_rfc3339, send, spawn_app_with,
};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::{
    ops::Deref,
    path::{Path, PathBuf},
};

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";
const DOC: &str = "application/msword";
const TEXT: &str = "text/plain";

/// A generous upload budget so only the rate-limit test ever meets the limiter.
const HIGH_UPLOAD_LIMIT: u32 = 10_000;

// ---------------------------------------------------------------- harness

/// A test app with its own upload directory, removed when the app is dropped.
struct CvApp {
    app: TestApp,
    /// The temporary tree this app may write to; the upload dir sits two levels below it
    /// so a `../../` escape would still land inside it and be seen.
    root: PathBuf,
    upload_dir: PathBuf,
}

impl Deref for CvApp {
    type Target = TestApp;

    fn deref(&self) -> &TestApp {
        &self.app
    }
}

impl Drop for CvApp {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

async fn spawn_cv_app() -> CvApp {
    spawn_cv_app_with_upload_limit(HIGH_UPLOAD_LIMIT).await
}

async fn spawn_cv_app_with_upload_limit(max_uploads: u32) -> CvApp {
    let root = std::env::temp_dir().join(format!("jobr-api-cv-{}", uuid::Uuid::new_v4().simple()));
    let upload_dir = root.join("srv").join("uploads");
    let dir = upload_dir
        .to_str()
        .expect("the temp dir is valid UTF-8")
        .to_string();
    let app = spawn_app_with(|env| {
        env.set("UPLOAD_DIR", dir)
            .set("RATE_LIMIT_UPLOAD_MAX", max_uploads.to_string());
    })
    .await;
    CvApp {
        app,
        root,
        upload_dir,
    }
}

impl CvApp {
    async fn upload(
        &self,
        user: &TestUser,
        file_name: &str,
        content_type: &str,
        bytes: &[u8],
    ) -> ApiResponse {
        self.post_multipart(
            "/api/cv",
            Some(&user.access_token),
            &MultipartPart {
                field: "file",
                file_name: Some(file_name),
                content_type: Some(content_type),
                bytes,
            },
        )
        .await
    }

    /// Uploads a fixture under its own name, with the content type its extension implies.
    async fn upload_fixture(&self, user: &TestUser, name: &str) -> ApiResponse {
        self.upload(user, name, content_type_for(name), &fixture(name))
            .await
    }

    /// Uploads a fixture and returns the created CV's data; panics unless it is a 201.
    async fn upload_ok(&self, user: &TestUser, name: &str) -> Value {
        let response = self.upload_fixture(user, name).await;
        response.assert_success(StatusCode::CREATED);
        response.data().clone()
    }

    async fn list(&self, user: &TestUser, query: &str) -> ApiResponse {
        self.get_auth(&format!("/api/cv{query}"), &user.access_token)
            .await
    }

    async fn delete_auth(&self, path: &str, token: &str) -> ApiResponse {
        send(self.request(Method::DELETE, path).bearer_auth(token)).await
    }

    /// Where the server keeps the original of a CV (`cvs/<user>/<id>` in UPLOAD_DIR).
    fn stored_path(&self, user: &TestUser, cv_id: &str) -> PathBuf {
        self.upload_dir.join("cvs").join(&user.id).join(cv_id)
    }

    /// Every regular file anywhere under this app's temporary tree.
    fn all_files(&self) -> Vec<PathBuf> {
        let mut files = Vec::new();
        collect_files(&self.root, &mut files);
        files.sort();
        files
    }

    /// The user has no CV (GET /api/cv says total 0) and no file was left in the tree.
    async fn assert_nothing_kept(&self, user: &TestUser, case: &str) {
        let list = self.list(user, "").await;
        list.assert_success(StatusCode::OK);
        assert_eq!(list.body["pagination"]["total"], 0, "{case}: {}", list.text);
        assert_eq!(list.data(), &json!([]), "{case}: {}", list.text);
        assert_eq!(
            self.all_files(),
            Vec::<PathBuf>::new(),
            "{case}: a refused upload left a file behind"
        );
    }

    /// The upload is refused with this status and code, and leaves no trace.
    async fn assert_refused(
        &self,
        user: &TestUser,
        case: &str,
        (file_name, content_type, bytes): (&str, &str, &[u8]),
        status: StatusCode,
        code: &str,
    ) -> ApiResponse {
        let response = self.upload(user, file_name, content_type, bytes).await;
        assert_eq!(response.status, status, "{case}: {}", response.text);
        response.assert_error(status, code);
        self.assert_nothing_kept(user, case).await;
        response
    }
}

fn collect_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect_files(&path, out);
        } else {
            out.push(path);
        }
    }
}

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/domain/cv/tests/fixtures")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = fixtures_dir().join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("fixture {}: {e}", path.display()))
}

fn expected(name: &str) -> Value {
    serde_json::from_slice(&fixture(&format!("{name}.expected.json")))
        .expect("expectations are JSON")
}

fn content_type_for(name: &str) -> &'static str {
    match name.rsplit('.').next() {
        Some("pdf") => PDF,
        Some("docx") => DOCX,
        Some("doc") => DOC,
        _ => TEXT,
    }
}

fn norm(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

fn strings(value: &Value, key: Option<&str>) -> Vec<String> {
    value
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| match key {
            Some(key) => item[key].as_str(),
            None => item.as_str(),
        })
        .map(norm)
        .collect()
}

/// `parsed` carries the fixture's name and email, most of its skills, and every company
/// and institution of its expectation.
fn assert_parsed_like_the_fixture(parsed: &Value, name: &str) {
    let expected = expected(name);
    assert_eq!(parsed["name"], expected["name"], "{name}: name; {parsed}");
    assert_eq!(
        parsed["email"], expected["email"],
        "{name}: email; {parsed}"
    );

    let skills = strings(&parsed["skills"], None);
    let wanted = strings(&expected["skills"], None);
    let found = wanted.iter().filter(|s| skills.contains(s)).count();
    assert!(
        found >= 3 && found * 10 >= wanted.len() * 7,
        "{name}: only {found} of the expected skills {wanted:?} in {skills:?}"
    );

    let companies = strings(&parsed["experience"], Some("company"));
    for company in strings(&expected["experience"], Some("company")) {
        assert!(
            companies.contains(&company),
            "{name}: company {company:?} missing from {companies:?}"
        );
    }
    let institutions = strings(&parsed["education"], Some("institution"));
    for institution in strings(&expected["education"], Some("institution")) {
        assert!(
            institutions.contains(&institution),
            "{name}: institution {institution:?} missing from {institutions:?}"
        );
    }
}

/// The 201 of a fixture upload: the view's fields, the parse, and the stored original.
fn assert_created_cv(
    app: &CvApp,
    user: &TestUser,
    response: &ApiResponse,
    name: &str,
    format: &str,
) {
    response.assert_success(StatusCode::CREATED);
    let bytes = fixture(name);
    let data = response.data();
    let id = data["id"].as_str().expect("data.id is a string");
    assert!(uuid::Uuid::parse_str(id).is_ok(), "id is a UUID: {id}");
    assert_eq!(data["fileName"], name);
    assert_eq!(data["format"], format);
    assert_eq!(data["sizeBytes"], json!(bytes.len()));
    assert_eq!(
        data["sha256"],
        json!(sha256_hex(&bytes)),
        "{}",
        response.text
    );
    // No OpenAI key in the test environment: the rule-based parser produced the result.
    assert_eq!(data["source"], "rules");
    assert_eq!(data["parsed"]["source"], "rules");
    assert_rfc3339(data["createdAt"].as_str().expect("createdAt is a string"));
    assert!(
        data.get("text").is_none(),
        "the view leaves the text to /text"
    );
    assert_parsed_like_the_fixture(&data["parsed"], name);

    let stored = app.stored_path(user, id);
    let kept = std::fs::read(&stored)
        .unwrap_or_else(|e| panic!("the original is kept at {}: {e}", stored.display()));
    assert!(kept == bytes, "the stored file differs from the upload");
    assert_eq!(app.all_files(), vec![stored], "exactly one file is written");
}

// ---------------------------------------------------------------- sha-256

fn sha256_hex(data: &[u8]) -> String {
    Sha256::digest(data)
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect()
}

// ---------------------------------------------------------------- POST /api/cv: good files

#[tokio::test(flavor = "multi_thread")]
async fn a_two_page_pdf_is_201_parsed_by_the_rules_and_kept_byte_for_byte() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let name = "lukas-becker-2pages.pdf";

    let response = app.upload_fixture(&user, name).await;

    assert_created_cv(&app, &user, &response, name, "pdf");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_docx_is_201_parsed_by_the_rules_and_kept_byte_for_byte() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let name = "chen-wei.docx";

    let response = app.upload_fixture(&user, name).await;

    assert_created_cv(&app, &user, &response, name, "docx");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_utf8_text_file_is_201_with_format_txt() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let name = "emily-clark.txt";

    let response = app.upload_fixture(&user, name).await;

    assert_created_cv(&app, &user, &response, name, "txt");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_utf16_text_file_is_201_with_format_txt() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let name = "hannah-schmidt-utf16.txt";

    let response = app.upload_fixture(&user, name).await;

    assert_created_cv(&app, &user, &response, name, "txt");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_type_is_sniffed_from_the_bytes_not_the_name_or_content_type() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("lukas-becker-2pages.pdf");

    let response = app.upload(&user, "cv.txt", TEXT, &bytes).await;

    response.assert_success(StatusCode::CREATED);
    let data = response.data();
    assert_eq!(data["format"], "pdf", "{}", response.text);
    assert_eq!(data["fileName"], "cv.txt");
    assert_parsed_like_the_fixture(&data["parsed"], "lukas-becker-2pages.pdf");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_path_traversal_file_name_keeps_its_last_segment_and_writes_nothing_outside() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("lukas-becker-2pages.pdf");

    let response = app.upload(&user, "../../etc/passwd.pdf", PDF, &bytes).await;

    response.assert_success(StatusCode::CREATED);
    let data = response.data();
    assert_eq!(data["fileName"], "passwd.pdf");
    let id = data["id"].as_str().unwrap();
    // The only file in the whole temporary tree is the one at cvs/<user>/<id>: nothing at
    // <root>/etc/passwd.pdf (where `../../` from UPLOAD_DIR would land) or anywhere else.
    assert_eq!(app.all_files(), vec![app.stored_path(&user, id)]);
    assert!(!app.root.join("etc").exists());
    let cwd_escape = std::env::current_dir()
        .unwrap()
        .join("../../etc/passwd.pdf");
    assert!(!cwd_escape.exists(), "{}", cwd_escape.display());

    // Backslashes (a Windows path) are cut the same way. In a quoted `filename="…"` a
    // backslash escapes the next character, so each one is sent doubled (`\\`).
    let response = app
        .upload(&user, r"..\\..\\Windows\\cv 2024.pdf", PDF, &bytes)
        .await;
    response.assert_success(StatusCode::CREATED);
    assert_eq!(response.data()["fileName"], "cv 2024.pdf");
    assert_eq!(app.all_files().len(), 2);
}

// ---------------------------------------------------------------- POST /api/cv: bad files

#[tokio::test(flavor = "multi_thread")]
async fn a_zip_bomb_docx_is_422_archive_too_large() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("bad-zip-bomb.docx");
    app.assert_refused(
        &user,
        "zip bomb",
        ("cv.docx", DOCX, &bytes),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ARCHIVE_TOO_LARGE",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_truncated_pdf_is_422_corrupt_file() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("bad-truncated.pdf");
    let response = app
        .assert_refused(
            &user,
            "truncated pdf",
            ("cv.pdf", PDF, &bytes),
            StatusCode::UNPROCESSABLE_ENTITY,
            "CORRUPT_FILE",
        )
        .await;
    // Our words, not the PDF reader's: its text names internals and may echo the file.
    assert_eq!(
        response.body["error"]["message"],
        "The file is damaged or not a valid PDF or DOCX; export it again and retry"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_pdf_is_422_encrypted_file() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("bad-encrypted.pdf");
    app.assert_refused(
        &user,
        "encrypted pdf",
        ("cv.pdf", PDF, &bytes),
        StatusCode::UNPROCESSABLE_ENTITY,
        "ENCRYPTED_FILE",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_scanned_pdf_without_a_text_layer_is_422_no_text_layer() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("bad-scanned.pdf");
    app.assert_refused(
        &user,
        "scanned pdf",
        ("cv.pdf", PDF, &bytes),
        StatusCode::UNPROCESSABLE_ENTITY,
        "NO_TEXT_LAYER",
    )
    .await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_legacy_doc_is_415_even_when_renamed_to_docx() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("bad-legacy.doc");
    for (case, file_name, content_type) in [
        ("legacy .doc", "cv.doc", DOC),
        (".doc renamed to .docx", "cv.docx", DOCX),
    ] {
        let response = app
            .assert_refused(
                &user,
                case,
                (file_name, content_type, &bytes),
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "UNSUPPORTED_FILE_TYPE",
            )
            .await;
        let message = response.body["error"]["message"].as_str().unwrap();
        assert!(
            message.contains("DOCX") && message.contains("PDF"),
            "{case}: the message says what to upload instead: {message}"
        );
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_empty_or_blank_file_is_400_empty_file() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let empty = fixture("bad-empty.txt");
    assert!(empty.is_empty());
    for (case, bytes) in [("empty", &empty[..]), ("only whitespace", b" \r\n\t \n")] {
        app.assert_refused(
            &user,
            case,
            ("cv.txt", TEXT, bytes),
            StatusCode::BAD_REQUEST,
            "EMPTY_FILE",
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn binary_junk_is_415_unsupported_file_type() {
    use rand::RngCore;
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let fixture_junk = fixture("bad-binary.txt");
    let mut random = vec![0u8; 64 * 1024];
    rand::thread_rng().fill_bytes(&mut random);
    for (case, file_name, content_type, bytes) in [
        ("binary fixture named .txt", "cv.txt", TEXT, &fixture_junk),
        ("random bytes named .pdf", "cv.pdf", PDF, &random),
        (
            "random bytes as octet-stream",
            "cv.bin",
            "application/octet-stream",
            &random,
        ),
    ] {
        app.assert_refused(
            &user,
            case,
            (file_name, content_type, bytes),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "UNSUPPORTED_FILE_TYPE",
        )
        .await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_over_5_mb_is_413_file_too_large_and_the_server_stays_healthy() {
    use rand::RngCore;
    let app = spawn_cv_app().await;
    let user = app.register_user().await;

    // A valid PDF padded to 6 MB.
    let mut padded_pdf = fixture("lukas-becker-2pages.pdf");
    padded_pdf.resize(6 * 1024 * 1024, b'\n');
    // Random bytes one past the 5 MiB cap.
    let mut just_over = vec![0u8; 5 * 1024 * 1024 + 1];
    rand::thread_rng().fill_bytes(&mut just_over);

    for (case, content_type, bytes) in [
        ("6 MB padded pdf", PDF, &padded_pdf),
        ("5 MiB + 1 byte", "application/octet-stream", &just_over),
    ] {
        let response = app
            .assert_refused(
                &user,
                case,
                ("cv.pdf", content_type, bytes),
                StatusCode::PAYLOAD_TOO_LARGE,
                "FILE_TOO_LARGE",
            )
            .await;
        assert!(
            response.body["error"]["message"]
                .as_str()
                .unwrap()
                .contains("5 MB"),
            "{case}: {}",
            response.text
        );
    }

    // Still serving: health, and a normal upload on the same connection pool.
    let health = app.get("/health").await;
    assert_eq!(health.status, StatusCode::OK, "{}", health.text);
    let name = "lukas-becker-2pages.pdf";
    let response = app.upload_fixture(&user, name).await;
    assert_created_cv(&app, &user, &response, name, "pdf");
}

// ---------------------------------------------------------------- POST /api/cv: bad requests

#[tokio::test(flavor = "multi_thread")]
async fn a_multipart_body_without_a_file_field_is_400_validation_error() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("emily-clark.txt");

    for (case, part) in [
        (
            "the file under another field name",
            MultipartPart {
                field: "document",
                file_name: Some("cv.txt"),
                content_type: Some(TEXT),
                bytes: &bytes,
            },
        ),
        (
            "only a text field",
            MultipartPart {
                field: "note",
                file_name: None,
                content_type: None,
                bytes: b"hello",
            },
        ),
    ] {
        let response = app
            .post_multipart("/api/cv", Some(&user.access_token), &part)
            .await;
        assert_eq!(
            response.status,
            StatusCode::BAD_REQUEST,
            "{case}: {}",
            response.text
        );
        response.assert_validation(&["file"]);
    }
    app.assert_nothing_kept(&user, "no file field").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_body_that_is_not_multipart_is_415_unsupported_media_type() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;

    let json_body = app
        .post_json_auth("/api/cv", &user.access_token, &json!({ "file": "cv.pdf" }))
        .await;
    json_body.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");

    let raw_pdf = send(
        app.request(Method::POST, "/api/cv")
            .bearer_auth(&user.access_token)
            .header("content-type", PDF)
            .body(fixture("lukas-becker-2pages.pdf")),
    )
    .await;
    raw_pdf.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");

    let no_content_type = send(
        app.request(Method::POST, "/api/cv")
            .bearer_auth(&user.access_token)
            .body("hello"),
    )
    .await;
    no_content_type.assert_error(StatusCode::UNSUPPORTED_MEDIA_TYPE, "UNSUPPORTED_MEDIA_TYPE");

    app.assert_nothing_kept(&user, "not multipart").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn every_cv_endpoint_needs_a_bearer_token() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let cv = app.upload_ok(&user, "emily-clark.txt").await;
    let id = cv["id"].as_str().unwrap();

    let upload = app
        .post_multipart(
            "/api/cv",
            None,
            &MultipartPart {
                field: "file",
                file_name: Some("cv.pdf"),
                content_type: Some(PDF),
                bytes: &fixture("lukas-becker-2pages.pdf"),
            },
        )
        .await;
    upload.assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");

    for (method, path) in [
        (Method::GET, "/api/cv".to_string()),
        (Method::GET, format!("/api/cv/{id}")),
        (Method::GET, format!("/api/cv/{id}/text")),
        (Method::DELETE, format!("/api/cv/{id}")),
    ] {
        let response = send(app.request(method.clone(), &path)).await;
        assert_eq!(
            response.status,
            StatusCode::UNAUTHORIZED,
            "{method} {path}: {}",
            response.text
        );
        response.assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    }

    // Nothing was added or removed.
    let list = app.list(&user, "").await;
    assert_eq!(list.body["pagination"]["total"], 1, "{}", list.text);
    assert_eq!(app.all_files().len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_third_upload_within_the_window_is_429_for_that_user_only() {
    let app = spawn_cv_app_with_upload_limit(2).await;
    let alice = app.register_user().await;
    let bob = app.register_user().await;

    app.upload_ok(&alice, "emily-clark.txt").await;
    app.upload_ok(&alice, "chen-wei.docx").await;
    let third = app.upload_fixture(&alice, "lukas-becker-2pages.pdf").await;

    third.assert_error(StatusCode::TOO_MANY_REQUESTS, "RATE_LIMITED");
    let wait = third.retry_after();
    assert!(
        (1..=3600).contains(&wait),
        "Retry-After is within the hour window: {wait}"
    );
    let list = app.list(&alice, "").await;
    assert_eq!(list.body["pagination"]["total"], 2, "{}", list.text);
    assert_eq!(app.all_files().len(), 2);

    // Another user has a budget of their own.
    app.upload_ok(&bob, "lukas-becker-2pages.pdf").await;
    // Reading is not limited.
    app.list(&alice, "").await.assert_success(StatusCode::OK);
}

// ---------------------------------------------------------------- GET /api/cv

#[tokio::test(flavor = "multi_thread")]
async fn the_list_is_newest_first_paginated_and_only_mine() {
    let app = spawn_cv_app().await;
    let alice = app.register_user().await;
    let bob = app.register_user().await;
    let first = app.upload_ok(&alice, "lukas-becker-2pages.pdf").await;
    let second = app.upload_ok(&alice, "chen-wei.docx").await;
    let bobs = app.upload_ok(&bob, "daniel-kim.docx").await;
    let third = app.upload_ok(&alice, "emily-clark.txt").await;

    let list = app.list(&alice, "").await;
    list.assert_success(StatusCode::OK);
    let ids: Vec<&Value> = list
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|cv| &cv["id"])
        .collect();
    assert_eq!(
        ids,
        [&third["id"], &second["id"], &first["id"]],
        "{}",
        list.text
    );
    assert_eq!(
        list.body["pagination"],
        json!({ "page": 1, "limit": 20, "total": 3, "pages": 1 })
    );
    // Items are summaries: the upload's answer without `parsed`, whose name they carry.
    let newest = &list.data()[0];
    for key in ["id", "fileName", "format", "sizeBytes", "sha256", "source"] {
        assert_eq!(newest[key], third[key], "{key}");
    }
    assert_eq!(newest["name"], third["parsed"]["name"]);
    assert_eq!(newest["name"], "Emily Clark", "{}", list.text);
    assert!(newest.get("parsed").is_none(), "{}", list.text);
    assert!(newest.get("text").is_none(), "{}", list.text);
    assert_rfc3339(newest["createdAt"].as_str().unwrap());

    let page_two = app.list(&alice, "?limit=1&page=2").await;
    page_two.assert_success(StatusCode::OK);
    assert_eq!(
        page_two.data().as_array().unwrap().len(),
        1,
        "{}",
        page_two.text
    );
    assert_eq!(page_two.data()[0]["id"], second["id"]);
    assert_eq!(
        page_two.body["pagination"],
        json!({ "page": 2, "limit": 1, "total": 3, "pages": 3 })
    );

    let last = app.list(&alice, "?limit=2&page=2").await;
    assert_eq!(last.data().as_array().unwrap().len(), 1, "{}", last.text);
    assert_eq!(last.data()[0]["id"], first["id"]);

    let beyond = app.list(&alice, "?limit=1&page=9").await;
    beyond.assert_success(StatusCode::OK);
    assert_eq!(beyond.data(), &json!([]), "{}", beyond.text);
    assert_eq!(beyond.body["pagination"]["total"], 3);

    let bobs_list = app.list(&bob, "").await;
    bobs_list.assert_success(StatusCode::OK);
    let bob_ids: Vec<&Value> = bobs_list
        .data()
        .as_array()
        .unwrap()
        .iter()
        .map(|cv| &cv["id"])
        .collect();
    assert_eq!(bob_ids, [&bobs["id"]], "{}", bobs_list.text);
    assert_eq!(bobs_list.body["pagination"]["total"], 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_user_without_cvs_gets_an_empty_page() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let list = app.list(&user, "").await;
    list.assert_success(StatusCode::OK);
    assert_eq!(list.data(), &json!([]));
    assert_eq!(list.body["pagination"]["total"], 0);
    assert_eq!(list.body["pagination"]["page"], 1);
}

// ---------------------------------------------------------------- GET/DELETE /api/cv/{id}

#[tokio::test(flavor = "multi_thread")]
async fn get_text_and_delete_one_cv() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let name = "lukas-becker-2pages.pdf";
    let cv = app.upload_ok(&user, name).await;
    let id = cv["id"].as_str().unwrap().to_string();
    let stored = app.stored_path(&user, &id);
    assert!(stored.exists());

    let got = app
        .get_auth(&format!("/api/cv/{id}"), &user.access_token)
        .await;
    got.assert_success(StatusCode::OK);
    for key in [
        "id",
        "fileName",
        "format",
        "sizeBytes",
        "sha256",
        "source",
        "parsed",
    ] {
        assert_eq!(got.data()[key], cv[key], "{key}");
    }

    let text = app
        .get_auth(&format!("/api/cv/{id}/text"), &user.access_token)
        .await;
    text.assert_success(StatusCode::OK);
    assert_eq!(text.data()["id"], json!(id));
    let body = text.data()["text"].as_str().expect("text is a string");
    assert!(
        norm(body).contains("lukas becker"),
        "the text has the candidate's name: {body}"
    );
    // Both pages made it into the text.
    assert!(norm(body).contains("pixelwerk"), "{body}");

    let deleted = app
        .delete_auth(&format!("/api/cv/{id}"), &user.access_token)
        .await;
    deleted.assert_success(StatusCode::OK);
    assert_eq!(deleted.data(), &json!({ "id": id, "deleted": true }));
    assert!(!stored.exists(), "the file is removed with the CV");
    assert_eq!(app.all_files(), Vec::<PathBuf>::new());

    for path in [format!("/api/cv/{id}"), format!("/api/cv/{id}/text")] {
        app.get_auth(&path, &user.access_token)
            .await
            .assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");
    }
    app.delete_auth(&format!("/api/cv/{id}"), &user.access_token)
        .await
        .assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");
    let list = app.list(&user, "").await;
    assert_eq!(list.body["pagination"]["total"], 0, "{}", list.text);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_users_cv_is_404_cv_not_found_and_stays_untouched() {
    let app = spawn_cv_app().await;
    let alice = app.register_user().await;
    let bob = app.register_user().await;
    let cv = app.upload_ok(&alice, "chen-wei.docx").await;
    let id = cv["id"].as_str().unwrap().to_string();

    for path in [format!("/api/cv/{id}"), format!("/api/cv/{id}/text")] {
        let response = app.get_auth(&path, &bob.access_token).await;
        response.assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");
        assert!(
            !response.text.contains("Chen Wei"),
            "{path}: {}",
            response.text
        );
    }
    app.delete_auth(&format!("/api/cv/{id}"), &bob.access_token)
        .await
        .assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");

    // Exactly as for an id that does not exist at all.
    let unknown = uuid::Uuid::new_v4();
    let missing = app
        .get_auth(&format!("/api/cv/{unknown}"), &bob.access_token)
        .await;
    missing.assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");

    // Alice still has it, file included.
    app.get_auth(&format!("/api/cv/{id}"), &alice.access_token)
        .await
        .assert_success(StatusCode::OK);
    let stored = std::fs::read(app.stored_path(&alice, &id)).expect("the file is still there");
    assert!(stored == fixture("chen-wei.docx"));
    let list = app.list(&alice, "").await;
    assert_eq!(list.body["pagination"]["total"], 1, "{}", list.text);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_malformed_id_is_400() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    for id in ["not-a-uuid", "123", "0000000-0000-0000-0000-000000000000"] {
        for (method, path) in [
            (Method::GET, format!("/api/cv/{id}")),
            (Method::GET, format!("/api/cv/{id}/text")),
            (Method::DELETE, format!("/api/cv/{id}")),
        ] {
            let response = send(
                app.request(method.clone(), &path)
                    .bearer_auth(&user.access_token),
            )
            .await;
            assert_eq!(
                response.status,
                StatusCode::BAD_REQUEST,
                "{method} {path}: {}",
                response.text
            );
            response.assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
        }
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_wrong_method_is_405_method_not_allowed() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let cv = app.upload_ok(&user, "emily-clark.txt").await;
    let id = cv["id"].as_str().unwrap();

    for (method, path) in [
        (Method::PUT, format!("/api/cv/{id}")),
        (Method::PATCH, format!("/api/cv/{id}")),
        (Method::POST, format!("/api/cv/{id}")),
        (Method::PUT, "/api/cv".to_string()),
        (Method::DELETE, "/api/cv".to_string()),
    ] {
        let response = send(
            app.request(method.clone(), &path)
                .bearer_auth(&user.access_token)
                .json(&json!({ "fileName": "x" })),
        )
        .await;
        assert_eq!(
            response.status,
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}: {}",
            response.text
        );
        response.assert_error(StatusCode::METHOD_NOT_ALLOWED, "METHOD_NOT_ALLOWED");
    }
    // `/{id}/text` is added with `.route()`, so like the other such paths (see
    // cross_cutting.rs) a wrong method falls through to the JSON 404; an envelope either way.
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let response = send(
            app.request(method.clone(), &format!("/api/cv/{id}/text"))
                .bearer_auth(&user.access_token),
        )
        .await;
        assert!(
            [StatusCode::METHOD_NOT_ALLOWED, StatusCode::NOT_FOUND].contains(&response.status),
            "{method} /text: {} {}",
            response.status,
            response.text
        );
        assert_eq!(
            response.body["success"], false,
            "{method} /text: {}",
            response.text
        );
        assert!(
            response.body["error"]["code"].is_string(),
            "{}",
            response.text
        );
    }
    // And the CV was not touched.
    let got = app
        .get_auth(&format!("/api/cv/{id}"), &user.access_token)
        .await;
    got.assert_success(StatusCode::OK);
    assert_eq!(got.data()["fileName"], "emily-clark.txt");
}

// ---------------------------------------------------------------- edges

#[tokio::test(flavor = "multi_thread")]
async fn file_names_are_cleaned_for_display() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("emily-clark.txt");
    for (sent, kept) in [
        (Some("Résumé – Emily Clark.txt"), "Résumé – Emily Clark.txt"),
        (Some("cv\t.txt"), "cv.txt"),
        (Some("../"), "cv"),
        (Some(""), "cv"),
        (None, "cv"),
    ] {
        let response = app
            .post_multipart(
                "/api/cv",
                Some(&user.access_token),
                &MultipartPart {
                    field: "file",
                    file_name: sent,
                    content_type: Some(TEXT),
                    bytes: &bytes,
                },
            )
            .await;
        assert_eq!(
            response.status,
            StatusCode::CREATED,
            "{sent:?}: {}",
            response.text
        );
        assert_eq!(response.data()["fileName"], kept, "{sent:?}");
        assert_eq!(response.data()["format"], "txt", "{sent:?}");
    }
    assert_eq!(app.all_files().len(), 5);
}

#[tokio::test(flavor = "multi_thread")]
async fn list_query_parameters_are_clamped_or_refused() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    app.upload_ok(&user, "emily-clark.txt").await;
    app.upload_ok(&user, "chen-wei.docx").await;

    for (query, page, limit, items) in [
        ("?page=0", 1, 20, 2),
        ("?limit=0", 1, 1, 1),
        ("?limit=1000", 1, 100, 2),
        ("?page=4294967295&limit=100", 4_294_967_295_u64, 100, 0),
    ] {
        let list = app.list(&user, query).await;
        list.assert_success(StatusCode::OK);
        assert_eq!(
            list.body["pagination"]["page"], page,
            "{query}: {}",
            list.text
        );
        assert_eq!(
            list.body["pagination"]["limit"], limit,
            "{query}: {}",
            list.text
        );
        assert_eq!(
            list.body["pagination"]["total"], 2,
            "{query}: {}",
            list.text
        );
        assert_eq!(
            list.data().as_array().map(Vec::len),
            Some(items),
            "{query}: {}",
            list.text
        );
    }
    for query in ["?page=abc", "?limit=-1", "?page=4294967296"] {
        let list = app.list(&user, query).await;
        assert_eq!(
            list.status,
            StatusCode::BAD_REQUEST,
            "{query}: {}",
            list.text
        );
        list.assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn concurrent_uploads_and_deletes_are_consistent() {
    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let bytes = fixture("lukas-becker-2pages.pdf");

    let names: Vec<String> = (0..6).map(|i| format!("cv-{i}.pdf")).collect();
    let uploads = futures::future::join_all(
        names
            .iter()
            .map(|name| app.upload(&user, name, PDF, &bytes)),
    )
    .await;
    let mut ids = Vec::new();
    for response in &uploads {
        response.assert_success(StatusCode::CREATED);
        assert_eq!(response.data()["sha256"], json!(sha256_hex(&bytes)));
        ids.push(response.data()["id"].as_str().unwrap().to_string());
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 6, "every upload gets its own id");
    assert_eq!(app.all_files().len(), 6);
    let list = app.list(&user, "").await;
    assert_eq!(list.body["pagination"]["total"], 6, "{}", list.text);

    // The same CV deleted four times at once: exactly one wins.
    let path = format!("/api/cv/{}", ids[0]);
    let deletes =
        futures::future::join_all((0..4).map(|_| app.delete_auth(&path, &user.access_token))).await;
    let ok = deletes
        .iter()
        .filter(|r| r.status == StatusCode::OK)
        .count();
    assert_eq!(ok, 1, "{deletes:#?}");
    for response in deletes.iter().filter(|r| r.status != StatusCode::OK) {
        response.assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");
    }
    assert_eq!(app.all_files().len(), 5);
    assert!(!app.stored_path(&user, &ids[0]).exists());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_cv_survives_a_restart() {
    let mut app = spawn_cv_app().await;
    let user = app.register_user().await;
    let cv = app.upload_ok(&user, "chen-wei.docx").await;
    let id = cv["id"].as_str().unwrap().to_string();

    app.app.stop().await;
    let second = app.another_instance().await;

    let got = second
        .get_auth(&format!("/api/cv/{id}"), &user.access_token)
        .await;
    got.assert_success(StatusCode::OK);
    assert_eq!(got.data()["parsed"], cv["parsed"]);
    assert_eq!(got.data()["sha256"], cv["sha256"]);
    let text = second
        .get_auth(&format!("/api/cv/{id}/text"), &user.access_token)
        .await;
    text.assert_success(StatusCode::OK);
    assert!(norm(text.data()["text"].as_str().unwrap()).contains("chen wei"));
    // The second instance uses the same UPLOAD_DIR: it deletes the first one's file.
    send(
        second
            .request(Method::DELETE, &format!("/api/cv/{id}"))
            .bearer_auth(&user.access_token),
    )
    .await
    .assert_success(StatusCode::OK);
    assert_eq!(app.all_files(), Vec::<PathBuf>::new());
}

// ---------------------------------------------------------------- the orphan sweep

/// An upload whose process died after writing its file leaves a pending row; a restarted
/// server sweeps file and row away at start-up, and the user never saw either.
#[tokio::test(flavor = "multi_thread")]
async fn a_restarted_server_sweeps_away_an_upload_that_died_half_way() {
    use jobr_core::{CvId, UserId};
    use jobr_cv::{CvRecord, CvRepository, DocumentFormat, ParsedCv};
    use jobr_postgres::PgCvRepository;

    let app = spawn_cv_app().await;
    let user = app.register_user().await;
    let kept = app.upload_ok(&user, "emily-clark.txt").await;

    // What the dead process left: a pending row from 20 minutes ago (past the 15-minute grace
    // age), and its file.
    let owner = UserId(user.id.parse().unwrap());
    let id = CvId::new();
    let abandoned = CvRecord {
        id,
        user_id: owner,
        file_name: "cv.txt".into(),
        format: DocumentFormat::Txt,
        size_bytes: 3,
        sha256: "00".repeat(32),
        file_key: format!("cvs/{owner}/{id}"),
        text: "Ada".into(),
        parsed: ParsedCv::default(),
        created_at: time::OffsetDateTime::now_utc() - time::Duration::minutes(20),
    };
    PgCvRepository::new(app.database())
        .insert_pending(&abandoned)
        .await
        .unwrap();
    let orphan = app.stored_path(&user, &id.to_string());
    std::fs::write(&orphan, b"Ada").unwrap();
    let listed = app.list(&user, "").await;
    assert_eq!(listed.body["pagination"]["total"], 1, "{}", listed.text);

    let restarted = app.another_instance().await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    while orphan.exists() && std::time::Instant::now() < deadline {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    assert!(
        !orphan.exists(),
        "the start-up sweep removed the orphaned file"
    );
    let kept_path = app.stored_path(&user, kept["id"].as_str().unwrap());
    assert!(kept_path.exists(), "a stored CV keeps its file");
    let list = restarted.get_auth("/api/cv", &user.access_token).await;
    assert_eq!(list.body["pagination"]["total"], 1, "{}", list.text);
    assert_eq!(list.data()[0]["id"], kept["id"]);
    let gone = PgCvRepository::new(app.database())
        .remove_unfinished(id)
        .await
        .unwrap();
    assert!(!gone, "the sweep removed the row too");
}

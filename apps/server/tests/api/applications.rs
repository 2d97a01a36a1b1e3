//! Applications over the real server on PostgreSQL: match → create → letter (and its DOCX) →
//! apply → illegal moves → interview → analysis → stats, the Free plan's monthly limit, and
//! another user's applications answering 404.

use crate::helpers::{
    ApiResponse, JWT_SECRET, TestApp, TestUser, mint_access_token, send, spawn_app,
};
use jobr_core::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use time::OffsetDateTime;

fn job(external_id: &str, title: &str, company: &str, skills: &[&str], description: &str) -> Value {
    json!({
        "externalId": external_id,
        "source": "test",
        "title": title,
        "company": company,
        "description": description,
        "requiredSkills": skills,
        "location": "Seattle, WA",
        "remote": "hybrid",
        "employmentType": "full_time",
        "experienceLevel": "senior",
        "postedAt": "2026-11-20",
        "applyUrl": "https://jobs.example.com/apply",
    })
}

fn admin_token(user: &TestUser) -> String {
    mint_access_token(
        JWT_SECRET.as_bytes(),
        user.user_id(),
        Role::Admin,
        OffsetDateTime::now_utc(),
    )
}

async fn create_job(app: &TestApp, admin: &str, body: &Value) -> String {
    let response = app.post_json_auth("/api/jobs", admin, body).await;
    response.assert_success(StatusCode::CREATED);
    response.data()["id"].as_str().expect("an id").to_owned()
}

async fn delete_auth(app: &TestApp, path: &str, token: &str) -> ApiResponse {
    send(app.request(Method::DELETE, path).bearer_auth(token)).await
}

async fn get_bytes(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
    let response = app
        .request(Method::GET, path)
        .bearer_auth(token)
        .send()
        .await
        .expect("the request reached the server");
    let status = response.status();
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = response.bytes().await.expect("a body").to_vec();
    (status, content_type, bytes)
}

/// The text of a DOCX as a real reader sees it: python-docx when installed, else the
/// document part read out of the zip by `unzip`.
fn docx_text(bytes: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("jobr-{}.docx", uuid::Uuid::new_v4()));
    std::fs::write(&path, bytes).expect("a temporary file");
    let python = std::process::Command::new("python3")
        .arg("-c")
        .arg(
            "import sys, docx\n\
             d = docx.Document(sys.argv[1])\n\
             print('\\n'.join(p.text for p in d.paragraphs))",
        )
        .arg(&path)
        .output();
    let text = match python {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout).into_owned(),
        _ => {
            let out = std::process::Command::new("unzip")
                .args(["-p"])
                .arg(&path)
                .arg("word/document.xml")
                .output()
                .expect("python-docx or unzip is installed");
            assert!(out.status.success(), "not a zip with word/document.xml");
            String::from_utf8_lossy(&out.stdout).into_owned()
        }
    };
    let _ = std::fs::remove_file(&path);
    text
}

/// The application-confirmation mails stored in the app's Postgres outbox for `email`.
async fn confirmations(app: &TestApp, email: &str) -> Vec<jobr_notifications::OutboxEntry> {
    use jobr_notifications::{MailKind, Outbox};
    jobr_postgres::PgOutbox::new(app.database())
        .list(None, 1000)
        .await
        .expect("the outbox")
        .into_iter()
        .filter(|m| {
            m.kind == MailKind::ApplicationConfirmation && m.to.as_str().eq_ignore_ascii_case(email)
        })
        .collect()
}

const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

#[tokio::test]
async fn a_free_user_tracks_an_application_from_match_to_interview() {
    let app = spawn_app().await;
    let admin = admin_token(&app.register_user().await);
    let spotify = create_job(
        &app,
        &admin,
        &job(
            "a-1",
            "Senior Data Scientist",
            "Spotify",
            &["Python", "SQL", "PyTorch", "Kubernetes"],
            "Build recommendation models with Python and PyTorch.",
        ),
    )
    .await;
    let owner = app.register_user().await;
    let txt = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/fixtures/emily-clark.txt"
    ))
    .expect("the fixture");
    let uploaded = app.upload_cv(&owner, "emily-clark.txt", &txt).await;
    uploaded.assert_success(StatusCode::CREATED);
    let cv = uploaded.data()["id"].as_str().expect("a CV id").to_owned();
    let token = owner.access_token.as_str();

    // The match, as the jobs API shows it.
    let matched = app
        .get_auth(&format!("/api/jobs/{spotify}/match?cvId={cv}"), token)
        .await;
    matched.assert_success(StatusCode::OK);
    let matching = matched.data()["matchingSkills"].clone();
    assert!(
        matching.as_array().is_some_and(|m| !m.is_empty()),
        "{}",
        matched.text
    );

    // Create: saved, with its first history entry.
    let created = app
        .post_json_auth(
            "/api/applications",
            token,
            &json!({ "jobId": spotify, "cvId": cv }),
        )
        .await;
    created.assert_success(StatusCode::CREATED);
    let id = created.data()["id"].as_str().expect("an id").to_owned();
    assert_eq!(created.data()["status"], "saved");
    assert_eq!(created.data()["history"].as_array().map(Vec::len), Some(1));

    // A letter: Free gets the template, which says so.
    let letter = app
        .post_json_auth(
            &format!("/api/applications/{id}/cover-letter"),
            token,
            &json!({ "tone": "enthusiastic" }),
        )
        .await;
    letter.assert_success(StatusCode::OK);
    let text = letter.data()["paragraphs"].to_string();
    assert_eq!(letter.data()["source"], "template");
    assert_eq!(letter.data()["tone"], "enthusiastic");
    assert!(
        text.contains("Spotify") && text.contains("Senior Data Scientist"),
        "{text}"
    );
    assert!(text.contains(matching[0].as_str().unwrap_or("?")), "{text}");
    assert!(!text.contains("Kubernetes"), "a skill the CV lacks: {text}");
    assert!(
        letter.data()["notice"]
            .as_str()
            .is_some_and(|n| n.contains("Premium"))
    );
    let bad_tone = app
        .post_json_auth(
            &format!("/api/applications/{id}/cover-letter"),
            token,
            &json!({ "tone": "sarcastic" }),
        )
        .await;
    assert_eq!(
        bad_tone.status,
        StatusCode::BAD_REQUEST,
        "{}",
        bad_tone.text
    );

    // The letter as a Word document, read back by a real reader.
    let (status, content_type, bytes) = get_bytes(
        &app,
        &format!("/api/applications/{id}/cover-letter.docx?tone=enthusiastic"),
        token,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, DOCX);
    let docx = docx_text(&bytes);
    assert!(docx.contains("Dear Spotify hiring team"), "{docx}");
    assert!(docx.contains("Emily Clark"), "{docx}");

    // The tailored CV: the job's skills first; and its DOCX.
    let tailored = app
        .post_json_auth(
            &format!("/api/applications/{id}/tailored-cv"),
            token,
            &json!({}),
        )
        .await;
    tailored.assert_success(StatusCode::OK);
    assert_eq!(tailored.data()["source"], "template");
    let skills = tailored.data()["skills"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        matching.as_array().is_some_and(|m| m.contains(&skills[0])),
        "{skills:?}"
    );
    let (status, _, bytes) =
        get_bytes(&app, &format!("/api/applications/{id}/cv.docx"), token).await;
    assert_eq!(status, StatusCode::OK);
    let docx = docx_text(&bytes);
    assert!(
        docx.contains("Zillow") && docx.contains("Experience"),
        "{docx}"
    );

    // Apply, then moves the pipeline does not allow.
    let applied = app
        .patch_json_auth(
            &format!("/api/applications/{id}"),
            token,
            &json!({ "status": "applied", "note": "sent via the careers page" }),
        )
        .await;
    applied.assert_success(StatusCode::OK);
    assert!(applied.data()["appliedAt"].is_string());
    // The move to applied queued exactly one confirmation, addressed to the owner.
    let queued = confirmations(&app, &owner.email).await;
    assert_eq!(queued.len(), 1, "{queued:?}");
    assert!(
        queued[0]
            .subject
            .contains("Senior Data Scientist at Spotify")
    );
    let back = app
        .patch_json_auth(
            &format!("/api/applications/{id}"),
            token,
            &json!({ "status": "saved" }),
        )
        .await;
    assert_eq!(back.status, StatusCode::CONFLICT, "{}", back.text);
    assert_eq!(back.body["error"]["code"], "INVALID_TRANSITION");
    assert_eq!(back.body["error"]["details"]["from"], "applied");
    let twice = app
        .post_json_auth(
            "/api/applications",
            token,
            &json!({ "jobId": spotify, "cvId": cv }),
        )
        .await;
    assert_eq!(twice.status, StatusCode::CONFLICT, "{}", twice.text);
    assert_eq!(twice.body["error"]["code"], "ALREADY_APPLIED");
    let unknown = app
        .patch_json_auth(
            &format!("/api/applications/{id}"),
            token,
            &json!({ "status": "ghosted" }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::BAD_REQUEST, "{}", unknown.text);

    let interview = app
        .patch_json_auth(
            &format!("/api/applications/{id}"),
            token,
            &json!({ "status": "interview", "note": "Tuesday with the team lead" }),
        )
        .await;
    interview.assert_success(StatusCode::OK);
    assert_eq!(
        confirmations(&app, &owner.email).await.len(),
        1,
        "a later move queues no second confirmation"
    );
    let got = app
        .get_auth(&format!("/api/applications/{id}"), token)
        .await;
    got.assert_success(StatusCode::OK);
    let history: Vec<String> = got.data()["history"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|h| h["to"].as_str().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(history, ["saved", "applied", "interview"]);
    assert_eq!(
        got.data()["history"][2]["note"],
        "Tuesday with the team lead"
    );

    // The analysis agrees with the matching engine.
    let analysis = app
        .get_auth(&format!("/api/applications/{id}/analysis"), token)
        .await;
    analysis.assert_success(StatusCode::OK);
    assert_eq!(analysis.data()["matchingSkills"], matching);
    assert_eq!(
        analysis.data()["missingSkills"],
        matched.data()["missingSkills"]
    );
    let score = analysis.data()["score"].as_f64().unwrap_or(-1.0);
    let engine = matched.data()["matchScore"].as_f64().unwrap_or(-1.0) * 100.0;
    assert!((score - engine).abs() <= 0.5, "{score} vs {engine}");

    // Interview prep is Pro's.
    let prep = app
        .get_auth(&format!("/api/applications/{id}/interview-prep"), token)
        .await;
    assert_eq!(prep.status, StatusCode::PAYMENT_REQUIRED, "{}", prep.text);
    assert_eq!(prep.body["error"]["code"], "FEATURE_NOT_IN_PLAN");

    // Stats: counts for everyone, rates for Pro only.
    let stats = app.get_auth("/api/applications/stats", token).await;
    stats.assert_success(StatusCode::OK);
    assert_eq!(stats.data()["byStatus"]["interview"], 1);
    assert_eq!(stats.data()["byStatus"]["saved"], 0);
    assert_eq!(stats.data()["byMonth"][0]["submitted"], 1);
    assert_eq!(stats.data()["usage"]["used"], 1);
    assert_eq!(stats.data()["usage"]["limit"], 5);
    assert_eq!(stats.data()["insights"], Value::Null);
    assert_eq!(stats.data()["upgrade"]["plan"], "pro");

    // Another user sees none of it.
    let stranger = app.register_user().await;
    let other = stranger.access_token.as_str();
    let path = format!("/api/applications/{id}");
    for response in [
        app.get_auth(&path, other).await,
        app.patch_json_auth(&path, other, &json!({ "status": "offer" }))
            .await,
        delete_auth(&app, &path, other).await,
        app.get_auth(&format!("{path}/analysis"), other).await,
        app.post_json_auth(&format!("{path}/cover-letter"), other, &json!({}))
            .await,
    ] {
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{}", response.text);
        assert_eq!(response.body["error"]["code"], "APPLICATION_NOT_FOUND");
    }
    let list = app.get_auth("/api/applications", other).await;
    list.assert_success(StatusCode::OK);
    assert_eq!(list.body["pagination"]["total"], 0);

    // The owner's list, filtered.
    let mine = app
        .get_auth("/api/applications?status=interview", token)
        .await;
    mine.assert_success(StatusCode::OK);
    assert_eq!(mine.body["pagination"]["total"], 1);
    let deleted = delete_auth(&app, &path, token).await;
    deleted.assert_success(StatusCode::OK);
    assert_eq!(
        app.get_auth(&path, token).await.status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn the_sixth_application_of_the_month_on_free_is_refused_with_the_numbers() {
    let app = spawn_app().await;
    let admin = admin_token(&app.register_user().await);
    let mut jobs = Vec::new();
    for i in 0..6 {
        jobs.push(
            create_job(
                &app,
                &admin,
                &job(
                    &format!("l-{i}"),
                    "Data Analyst",
                    "Acme",
                    &["SQL"],
                    "Reports.",
                ),
            )
            .await,
        );
    }
    let user = app.register_user().await;
    let txt = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/fixtures/emily-clark.txt"
    ))
    .expect("the fixture");
    let uploaded = app.upload_cv(&user, "cv.txt", &txt).await;
    let cv = uploaded.data()["id"].as_str().expect("a CV id").to_owned();
    for job in &jobs[..5] {
        app.post_json_auth(
            "/api/applications",
            &user.access_token,
            &json!({ "jobId": job, "cvId": cv, "status": "applied" }),
        )
        .await
        .assert_success(StatusCode::CREATED);
    }
    let sixth = app
        .post_json_auth(
            "/api/applications",
            &user.access_token,
            &json!({ "jobId": jobs[5], "cvId": cv, "status": "applied" }),
        )
        .await;
    assert_eq!(sixth.status, StatusCode::PAYMENT_REQUIRED, "{}", sixth.text);
    let error = &sixth.body["error"];
    assert_eq!(error["code"], "PLAN_LIMIT_REACHED");
    assert_eq!(error["details"]["limit"], 5);
    assert_eq!(error["details"]["usage"], 5);
    assert_eq!(error["details"]["upgrade"]["plan"], "premium");
    assert!(error["details"]["resetsAt"].is_string());
    // Five confirmations, each stored with its submission; the refused sixth stored none.
    assert_eq!(confirmations(&app, &user.email).await.len(), 5);
    // Saving it for later is still allowed: only sending counts.
    app.post_json_auth(
        "/api/applications",
        &user.access_token,
        &json!({ "jobId": jobs[5], "cvId": cv }),
    )
    .await
    .assert_success(StatusCode::CREATED);
    // Unknown jobs and CVs are 404s, not 500s.
    let unknown = app
        .post_json_auth(
            "/api/applications",
            &user.access_token,
            &json!({ "jobId": uuid::Uuid::new_v4(), "cvId": cv }),
        )
        .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
    assert_eq!(unknown.body["error"]["code"], "JOB_NOT_FOUND");
}

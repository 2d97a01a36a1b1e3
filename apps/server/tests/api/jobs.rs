//! The jobs API over the real server on PostgreSQL: admin writes, public search and job pages,
//! and matches for an uploaded CV (a real PDF fixture from crates/domain/cv/tests/fixtures).

use crate::helpers::{
    ApiResponse, JWT_SECRET, TestApp, TestUser, mint_access_token, send, spawn_app,
};
use jobr_core::Role;
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use std::collections::HashSet;
use time::OffsetDateTime;

fn job(external_id: &str, title: &str, skills: &[&str], description: &str) -> Value {
    json!({
        "externalId": external_id,
        "source": "test",
        "title": title,
        "company": "Acme",
        "description": description,
        "requiredSkills": skills,
        "location": "Berlin, Germany",
        "remote": "hybrid",
        "employmentType": "full_time",
        "experienceLevel": "senior",
        "salary": { "min": 70000, "max": 90000, "currency": "EUR", "interval": "year" },
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

async fn put_json_auth(app: &TestApp, path: &str, token: &str, body: &Value) -> ApiResponse {
    send(app.request(Method::PUT, path).bearer_auth(token).json(body)).await
}

async fn delete_auth(app: &TestApp, path: &str, token: &str) -> ApiResponse {
    send(app.request(Method::DELETE, path).bearer_auth(token)).await
}

/// Creates the job as an admin and returns its id.
async fn create(app: &TestApp, admin: &str, body: &Value) -> String {
    let response = app.post_json_auth("/api/jobs", admin, body).await;
    response.assert_success(StatusCode::CREATED);
    response.data()["id"].as_str().expect("an id").to_owned()
}

fn titles(response: &ApiResponse) -> Vec<String> {
    response.data()["jobs"]
        .as_array()
        .expect("a list of jobs")
        .iter()
        .map(|j| j["title"].as_str().unwrap_or_default().to_owned())
        .collect()
}

#[tokio::test]
async fn only_admins_write_jobs_and_anyone_reads_them() {
    let app = spawn_app().await;
    let user = app.register_user().await;
    let admin = admin_token(&app.register_user().await);
    let body = job(
        "w-1",
        "Backend Engineer",
        &["Rust", "PostgreSQL"],
        "Build APIs.",
    );

    app.post_json("/api/jobs", &body)
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    app.post_json_auth("/api/jobs", &user.access_token, &body)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let id = create(&app, &admin, &body).await;

    let page = app.get(&format!("/api/jobs/{id}")).await;
    page.assert_success(StatusCode::OK);
    assert_eq!(page.data()["title"], "Backend Engineer");
    assert_eq!(page.data()["postedAt"], "2026-11-20");
    assert_eq!(page.data()["status"], "open");

    let mut changed = body.clone();
    changed["title"] = json!("Senior Backend Engineer");
    put_json_auth(
        &app,
        &format!("/api/jobs/{id}"),
        &user.access_token,
        &changed,
    )
    .await
    .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    let updated = put_json_auth(&app, &format!("/api/jobs/{id}"), &admin, &changed).await;
    updated.assert_success(StatusCode::OK);
    assert_eq!(updated.data()["id"], id.as_str());
    assert_eq!(updated.data()["title"], "Senior Backend Engineer");

    delete_auth(&app, &format!("/api/jobs/{id}"), &user.access_token)
        .await
        .assert_error(StatusCode::FORBIDDEN, "FORBIDDEN");
    delete_auth(&app, &format!("/api/jobs/{id}"), &admin)
        .await
        .assert_success(StatusCode::OK);
    let closed = app.get(&format!("/api/jobs/{id}")).await;
    assert_eq!(closed.data()["status"], "closed");
    let search = app.get("/api/jobs/search?q=backend").await;
    assert!(titles(&search).is_empty(), "{}", search.text);

    let unknown = format!("/api/jobs/{}", uuid::Uuid::new_v4());
    app.get(&unknown)
        .await
        .assert_error(StatusCode::NOT_FOUND, "JOB_NOT_FOUND");
    put_json_auth(&app, &unknown, &admin, &body)
        .await
        .assert_error(StatusCode::NOT_FOUND, "JOB_NOT_FOUND");
    delete_auth(&app, &unknown, &admin)
        .await
        .assert_error(StatusCode::NOT_FOUND, "JOB_NOT_FOUND");
    let mut invalid = body.clone();
    invalid["requiredSkills"] = json!([]);
    app.post_json_auth("/api/jobs", &admin, &invalid)
        .await
        .assert_error(StatusCode::BAD_REQUEST, "VALIDATION_ERROR");
}

#[tokio::test]
async fn search_takes_phrases_exclusions_filters_and_a_cursor() {
    let app = spawn_app().await;
    let admin = admin_token(&app.register_user().await);
    create(
        &app,
        &admin,
        &job(
            "s-1",
            "Data Engineer",
            &["Python", "SQL"],
            "Build data pipelines in Python.",
        ),
    )
    .await;
    create(
        &app,
        &admin,
        &job(
            "s-2",
            "Data Engineer",
            &["Scala", "Spark"],
            "Build data pipelines in Scala.",
        ),
    )
    .await;
    create(
        &app,
        &admin,
        &job(
            "s-3",
            "Engineering Manager",
            &["Leadership"],
            "Lead engineers who build data tools.",
        ),
    )
    .await;
    let mut remote = job(
        "s-4",
        "Data Analyst",
        &["SQL"],
        "Analyse data for the sales team.",
    );
    remote["remote"] = json!("remote");
    remote["location"] = json!("Remote");
    // Posted today (the default when an admin gives no date).
    remote.as_object_mut().unwrap().remove("postedAt");
    create(&app, &admin, &remote).await;

    let phrase = app
        .get("/api/jobs/search?q=%22data%20pipelines%22%20-scala")
        .await;
    phrase.assert_success(StatusCode::OK);
    assert_eq!(titles(&phrase), ["Data Engineer"]);
    assert_eq!(phrase.data()["jobs"][0]["externalId"], "s-1");

    for (filters, expected) in [
        ("remote=remote", &["Data Analyst"][..]),
        ("location=remote", &["Data Analyst"]),
        ("postedWithin=1", &["Data Analyst"]),
        ("level=junior", &[]),
        ("type=contract", &[]),
        ("salaryMin=90001", &[]),
    ] {
        let filtered = app.get(&format!("/api/jobs/search?q=data&{filters}")).await;
        filtered.assert_success(StatusCode::OK);
        assert_eq!(titles(&filtered), expected, "{filters}");
    }
    let paid = app
        .get("/api/jobs/search?salaryMin=90000&type=full_time&level=senior")
        .await;
    assert_eq!(titles(&paid).len(), 4, "{}", paid.text);

    // Four jobs mention data; two per page, every one seen once.
    let mut seen = HashSet::new();
    let mut path = "/api/jobs/search?q=data&limit=2".to_owned();
    for _ in 0..5 {
        let page = app.get(&path).await;
        page.assert_success(StatusCode::OK);
        for j in page.data()["jobs"].as_array().expect("jobs") {
            assert!(seen.insert(j["id"].to_string()), "{j} twice");
        }
        match page.data()["nextCursor"].as_str() {
            Some(cursor) => path = format!("/api/jobs/search?q=data&limit=2&cursor={cursor}"),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);

    for (query, field) in [
        ("remote=moon", "remote"),
        ("type=forever", "type"),
        ("level=god", "level"),
        ("limit=0", "limit"),
        ("limit=1000", "limit"),
        ("salaryMin=lots", "salaryMin"),
        ("postedWithin=-3", "postedWithin"),
        ("cursor=not-a-cursor", "cursor"),
    ] {
        app.get(&format!("/api/jobs/search?{query}"))
            .await
            .assert_validation(&[field]);
    }
}

#[tokio::test]
async fn matches_rank_an_uploaded_cv_with_reasons_and_stay_private() {
    let app = spawn_app().await;
    let admin = admin_token(&app.register_user().await);
    let backend = create(
        &app,
        &admin,
        &job(
            "m-1",
            "Senior Software Engineer",
            &["Go", "Kubernetes", "PostgreSQL", "Kafka", "Rust"],
            "Build and run payment services in Go on Kubernetes with PostgreSQL and Kafka.",
        ),
    )
    .await;
    create(
        &app,
        &admin,
        &job(
            "m-2",
            "Registered Nurse",
            &["Patient Care", "Medication Administration"],
            "Care for patients on a surgical ward.",
        ),
    )
    .await;
    create(
        &app,
        &admin,
        &job(
            "m-3",
            "Marketing Manager",
            &["SEO", "Content Marketing"],
            "Plan campaigns and grow our audience.",
        ),
    )
    .await;

    let owner = app.register_user().await;
    let pdf = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../crates/domain/cv/tests/fixtures/jane-doe-onecol.pdf"
    ))
    .expect("the fixture");
    let uploaded = app.upload_cv(&owner, "jane-doe.pdf", &pdf).await;
    uploaded.assert_success(StatusCode::CREATED);
    let cv = uploaded.data()["id"].as_str().expect("a CV id").to_owned();

    let matches = app
        .get_auth(&format!("/api/jobs/matches?cvId={cv}"), &owner.access_token)
        .await;
    matches.assert_success(StatusCode::OK);
    let list = matches.data().as_array().expect("a list").clone();
    // Jobs of other fields (the nurse, the marketer) are absent or weak, never above.
    let best = &list[0];
    assert_eq!(best["job"]["id"], backend.as_str(), "{}", matches.text);
    assert_eq!(best["source"], "rules");
    assert!(
        ["strong", "good"].contains(&best["band"].as_str().unwrap_or_default()),
        "{best}"
    );
    let matching = best["matchingSkills"].to_string();
    assert!(
        matching.contains("Kubernetes") && matching.contains("PostgreSQL"),
        "{best}"
    );
    assert!(best["missingSkills"].to_string().contains("Rust"), "{best}");
    assert!(
        !best["recommendations"]
            .as_array()
            .expect("a list")
            .is_empty(),
        "{best}"
    );
    for other in &list[1..] {
        assert_eq!(other["band"], "weak", "{}", matches.text);
    }

    let one = app
        .get_auth(
            &format!("/api/jobs/{backend}/match?cvId={cv}"),
            &owner.access_token,
        )
        .await;
    one.assert_success(StatusCode::OK);
    assert_eq!(one.data()["matchScore"], best["matchScore"]);
    assert_eq!(one.data()["job"]["title"], "Senior Software Engineer");

    // A job an admin adds is matched on the next request (this process's index is rebuilt).
    create(
        &app,
        &admin,
        &job(
            "m-4",
            "Platform Engineer",
            &["Kubernetes", "Terraform", "AWS"],
            "Run our Kubernetes platform on AWS with Terraform.",
        ),
    )
    .await;
    let again = app
        .get_auth(
            &format!("/api/jobs/matches?cvId={cv}&limit=10"),
            &owner.access_token,
        )
        .await;
    assert!(again.text.contains("Platform Engineer"), "{}", again.text);

    let stranger = app.register_user().await;
    app.get_auth(
        &format!("/api/jobs/matches?cvId={cv}"),
        &stranger.access_token,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");
    app.get_auth(
        &format!("/api/jobs/{backend}/match?cvId={cv}"),
        &stranger.access_token,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "CV_NOT_FOUND");
    app.get(&format!("/api/jobs/matches?cvId={cv}"))
        .await
        .assert_error(StatusCode::UNAUTHORIZED, "UNAUTHORIZED");
    app.get_auth("/api/jobs/matches", &owner.access_token)
        .await
        .assert_validation(&["cvId"]);
    app.get_auth(
        &format!("/api/jobs/matches?cvId={cv}&remote=moon"),
        &owner.access_token,
    )
    .await
    .assert_validation(&["remote"]);
    app.get_auth(
        &format!("/api/jobs/{}/match?cvId={cv}", uuid::Uuid::new_v4()),
        &owner.access_token,
    )
    .await
    .assert_error(StatusCode::NOT_FOUND, "JOB_NOT_FOUND");
}

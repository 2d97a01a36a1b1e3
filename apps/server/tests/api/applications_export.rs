//! The PDF exports over the real server: the cover letter and the tailored CV come back as
//! `application/pdf` files the CV extractor reads the text of, and another user's
//! application is a 404.

use crate::applications_ai::application;
use crate::helpers::{TestApp, spawn_app};
use reqwest::{Method, StatusCode};

async fn get_pdf(app: &TestApp, path: &str, token: &str) -> (StatusCode, String, Vec<u8>) {
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
    (
        status,
        content_type,
        response.bytes().await.expect("a body").to_vec(),
    )
}

/// The text as the CV upload's own extractor reads it, whitespace runs as one space.
fn pdf_text(bytes: &[u8]) -> String {
    let text = jobr_cv::extract::extract(bytes)
        .unwrap_or_else(|e| panic!("a readable PDF: {e}"))
        .text;
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[tokio::test]
async fn the_letter_and_the_tailored_cv_download_as_pdf_for_their_owner_only() {
    let app = spawn_app().await;
    let owner = app.register_user().await;
    let id = application(&app, &owner).await;

    let (status, content_type, bytes) = get_pdf(
        &app,
        &format!("/api/applications/{id}/cover-letter.pdf?tone=concise"),
        &owner.access_token,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/pdf");
    let text = pdf_text(&bytes);
    assert!(text.contains("Dear Spotify hiring team,"), "{text}");
    assert!(
        text.contains("Spotify \u{2014} Senior Data Scientist"),
        "{text}"
    );
    assert!(text.contains("Emily Clark"), "{text}");

    let (status, content_type, bytes) = get_pdf(
        &app,
        &format!("/api/applications/{id}/cv.pdf"),
        &owner.access_token,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(content_type, "application/pdf");
    let text = pdf_text(&bytes);
    for expected in [
        "Emily Clark",
        "Experience",
        "Zillow",
        "Expedia Group",
        "Education",
    ] {
        assert!(text.contains(expected), "{expected} not in {text}");
    }

    let stranger = app.register_user().await;
    for file in ["cover-letter.pdf", "cv.pdf"] {
        let response = app
            .get_auth(
                &format!("/api/applications/{id}/{file}"),
                &stranger.access_token,
            )
            .await;
        assert_eq!(response.status, StatusCode::NOT_FOUND, "{}", response.text);
        assert_eq!(response.body["error"]["code"], "APPLICATION_NOT_FOUND");
    }
}

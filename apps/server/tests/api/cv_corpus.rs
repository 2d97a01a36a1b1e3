//! Every document of the real-world CV corpus (crates/domain/cv/tests/corpus, issue 10) through
//! the HTTP upload: a CV is created (201) or refused with a client error, never a 5xx.

use std::path::Path;

use reqwest::StatusCode;

use crate::helpers::spawn_app_with;

#[tokio::test(flavor = "multi_thread")]
async fn every_corpus_cv_uploads_as_201_or_a_client_error_never_a_5xx() {
    let root = std::env::temp_dir().join(format!(
        "jobr-api-cv-corpus-{}",
        uuid::Uuid::new_v4().simple()
    ));
    let dir = root.join("uploads").to_str().unwrap().to_owned();
    let app = spawn_app_with(|env| {
        env.set("UPLOAD_DIR", dir)
            .set("RATE_LIMIT_UPLOAD_MAX", "10000".to_owned());
    })
    .await;
    let user = app.register_user().await;

    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../crates/domain/cv/tests/corpus");
    let mut documents: Vec<_> = std::fs::read_dir(&corpus)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("pdf" | "docx" | "txt")
            )
        })
        .collect();
    documents.sort();
    assert!(
        documents.len() >= 40,
        "corpus missing: {}",
        corpus.display()
    );

    let (mut created, mut refused) = (0, Vec::new());
    for path in &documents {
        let name = path.file_name().unwrap().to_str().unwrap();
        let response = app
            .upload_cv(&user, name, &std::fs::read(path).unwrap())
            .await;
        assert!(
            !response.status.is_server_error(),
            "{name}: {} {}",
            response.status,
            response.text
        );
        if response.status == StatusCode::CREATED {
            created += 1;
        } else {
            assert!(
                response.status.is_client_error(),
                "{name}: {}",
                response.status
            );
            refused.push(format!("{name}: {} {}", response.status, response.text));
        }
    }
    let _ = std::fs::remove_dir_all(&root);
    // How many the extractor refuses is the corpus test's concern (its REJECTED_CEILING).
    println!("corpus uploads: {created} created, refused: {refused:#?}");
}

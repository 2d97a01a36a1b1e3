//! The memory store's text search is only right if `jobr_matching::fulltext` builds the same
//! tsvector PostgreSQL generates. This stores real-style jobs (the evaluation set plus awkward
//! text) and compares every lexeme, position and weight.

use diesel::QueryableByName;
use diesel::sql_types::{Array, Int2, Text};
use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl};
use jobr_matching::fulltext::{Document, Field};
use jobr_matching::{JobRepository, JobSearch, NewJob, RemoteMode, load_jobs};
use jobr_memory::MemoryJobRepository;
use jobr_postgres::{PgJobRepository, TestDatabase};
use std::collections::BTreeMap;
use time::Date;

#[derive(QueryableByName)]
struct Entry {
    #[diesel(sql_type = Text)]
    external_id: String,
    #[diesel(sql_type = Text)]
    lexeme: String,
    #[diesel(sql_type = Array<Int2>)]
    positions: Vec<i16>,
    #[diesel(sql_type = Array<Text>)]
    weights: Vec<String>,
}

type Vector = BTreeMap<String, Vec<(u32, String)>>;

fn rust_vector(job: &NewJob) -> Vector {
    Document::of_job(job)
        .entries()
        .into_iter()
        .map(|(lexeme, at)| {
            let at = at
                .into_iter()
                .map(|(position, field)| {
                    let weight = match field {
                        Field::Title => "A",
                        Field::Skills => "B",
                        Field::Description => "C",
                    };
                    (position, weight.to_string())
                })
                .collect();
            (lexeme.to_string(), at)
        })
        .collect()
}

fn awkward_job(template: &NewJob) -> NewJob {
    let mut job = template.clone();
    job.external_id = "awkward".into();
    job.title = "Sr. Full-Stack Engineer (Node/React) — Müller & Söhne".into();
    job.required_skills = vec![
        "Machine Learning".into(),
        "CI/CD".into(),
        "COVID-19 care".into(),
    ];
    job.preferred_skills = vec!["Don't panic".into()];
    job.description = "We're hiring 2 engineers: 5+ years, e-mail-free, café-style, \
        naïve Bayes, state-of-the-art, the best of the best. Your manager's managers' meetings. \
        ISO-9001, 3-5 years, 24/7 on-call, A/B tests, e.g. Node.js-based C# .NET x-ray-ready \
        9-to-5 2x-faster 1.5x $90,000-$120,000 v2.0 U.S. covid-19 e2e-tests."
        .into();
    job
}

fn jobs() -> Vec<NewJob> {
    let loaded = load_jobs(include_bytes!(
        "../../../domain/matching/tests/eval/jobs.json"
    ))
    .unwrap_or_else(|e| panic!("eval jobs: {e}"));
    assert!(loaded.jobs.len() >= 50);
    let mut jobs = loaded.jobs;
    jobs.push(awkward_job(&jobs[0]));
    jobs
}

/// Every result of `search`, one per page so that each cursor tells the job's rank (`None`
/// for the last), with its posting date. Ids differ between stores, so jobs that tie on rank
/// and date are sorted by external id.
async fn results(
    repo: &dyn JobRepository,
    mut search: JobSearch,
) -> Vec<(Option<f32>, Date, String)> {
    search.limit = 1;
    let mut out = Vec::new();
    loop {
        let page = repo
            .search(&search)
            .await
            .unwrap_or_else(|e| panic!("{search:?}: {e:?}"));
        let rank = page.next.as_ref().map(|c| c.rank);
        out.extend(
            page.jobs
                .into_iter()
                .map(|j| (rank, j.details.posted_at, j.details.external_id)),
        );
        match page.next {
            Some(next) => search.cursor = Some(next),
            None => break,
        }
    }
    out.chunk_by_mut(|a, b| a.0.is_some() && b.0.is_some() && (a.0, a.1) == (b.0, b.1))
        .for_each(|tie| tie.sort_by(|a, b| a.2.cmp(&b.2)));
    out
}

#[tokio::test]
async fn both_stores_return_the_same_pages_for_the_same_searches() {
    let jobs = jobs();
    let db = TestDatabase::new().await;
    let postgres = PgJobRepository::new(db.database());
    let memory = MemoryJobRepository::default();
    for job in &jobs {
        postgres
            .upsert(job)
            .await
            .unwrap_or_else(|e| panic!("{e:?}"));
        memory.upsert(job).await.unwrap_or_else(|e| panic!("{e:?}"));
    }
    let queries = [
        "engineer",
        "senior software engineers",
        "nurse or teacher",
        "\"product manager\"",
        "\"head of\" sales",
        "python -django",
        "data -\"data engineer\"",
        "-engineer",
        "sql postgres analytics",
        "A/B tests",
        "CI/CD",
        "node.js",
        "e2e-tests",
        "full-stack",
        "covid-19",
        "\"machine learning\" or \"deep learning\"",
        "the of and",
        "Kubernetes AWS",
        "accounting",
        "customer -support or sales",
        "\"unclosed quote",
        "--double -- negation -",
        // More words than the rank counts: both stores count the same first 16 lexemes.
        "zebra or yak or xylophone or warehouse or vendor or user or team or sql or sales or \
         python or product or nurse or manager or kubernetes or java or finance or excel or \
         engineer or design or data or customer or analyst or accounting",
    ];
    let mut differences = Vec::new();
    for q in queries {
        for remote in [None, Some(RemoteMode::Remote)] {
            let search = JobSearch {
                query: Some(q.to_string()),
                remote,
                ..JobSearch::default()
            };
            let (ours, theirs) = (
                results(&memory, search.clone()).await,
                results(&postgres, search).await,
            );
            if ours != theirs {
                differences.push(format!(
                    "{q:?} {remote:?}:\n  memory   {ours:?}\n  postgres {theirs:?}"
                ));
            }
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

#[tokio::test]
async fn the_rust_tsvector_is_the_one_postgresql_generates() {
    let jobs = jobs();
    let db = TestDatabase::new().await;
    let repo = PgJobRepository::new(db.database());
    for job in &jobs {
        repo.upsert(job).await.unwrap_or_else(|e| panic!("{e:?}"));
    }
    let mut conn = AsyncPgConnection::establish(db.url())
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let rows: Vec<Entry> = diesel::sql_query(
        "SELECT external_id, lexeme, positions, weights FROM jobs, unnest(search_vector)",
    )
    .load(&mut conn)
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    let mut postgres: BTreeMap<String, Vector> = BTreeMap::new();
    for row in rows {
        let at = row
            .positions
            .iter()
            .map(|p| *p as u32)
            .zip(row.weights)
            .collect();
        postgres
            .entry(row.external_id)
            .or_default()
            .insert(row.lexeme, at);
    }
    let mut differences = Vec::new();
    for job in &jobs {
        let ours = rust_vector(job);
        let theirs = postgres.remove(&job.external_id).unwrap_or_default();
        for lexeme in ours.keys().chain(theirs.keys()) {
            if ours.get(lexeme) != theirs.get(lexeme) {
                differences.push(format!(
                    "{}: {lexeme:?} rust {:?} postgres {:?}",
                    job.external_id,
                    ours.get(lexeme),
                    theirs.get(lexeme)
                ));
            }
        }
    }
    differences.dedup();
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}

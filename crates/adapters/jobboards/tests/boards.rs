//! The importers against local fake Greenhouse and Lever servers (wiremock) serving the real JSON
//! shapes (fixtures/), through the ImportService into a small in-memory repository.

// Helpers outside #[test] functions panic on purpose too.
#![allow(clippy::expect_used)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use jobr_http::{ClientConfig, OutboundClient, Url};
use jobr_jobboards::{FileBoard, FileFormat, FileImportError, GreenhouseBoard, LeverBoard};
use jobr_matching::{
    BoardError, EmploymentType, ImportError, ImportService, Job, JobBoard, JobError, JobId,
    JobLevel, JobRepository, JobSearch, JobStatus, NewJob, PayInterval, RemoteMode, SearchPage,
    Upserted,
};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// Just enough of a JobRepository for imports: upsert by (source, external id), close_missing.
#[derive(Default)]
struct FakeJobs {
    jobs: Mutex<HashMap<(String, String), Job>>,
}

impl FakeJobs {
    fn get(&self, source: &str, id: &str) -> Job {
        self.jobs.lock().expect("lock")[&(source.to_owned(), id.to_owned())].clone()
    }

    fn open_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .jobs
            .lock()
            .expect("lock")
            .values()
            .filter(|j| j.status == JobStatus::Open)
            .map(|j| j.details.external_id.clone())
            .collect();
        ids.sort();
        ids
    }
}

#[async_trait]
impl JobRepository for FakeJobs {
    async fn upsert(&self, job: &NewJob) -> Result<Upserted, JobError> {
        let mut jobs = self.jobs.lock().expect("lock");
        let key = (job.source.clone(), job.external_id.clone());
        match jobs.get_mut(&key) {
            Some(stored) if stored.details == *job && stored.status == JobStatus::Open => {
                Ok(Upserted::Unchanged(stored.id))
            }
            Some(stored) => {
                stored.details = job.clone();
                stored.status = JobStatus::Open;
                Ok(Upserted::Updated(stored.id))
            }
            None => {
                let id = JobId::new();
                jobs.insert(key, Job::open(id, job.clone()));
                Ok(Upserted::Created(id))
            }
        }
    }

    async fn find_by_id(&self, _: JobId) -> Result<Option<Job>, JobError> {
        unimplemented!("not used by imports")
    }

    async fn close(&self, _: JobId) -> Result<(), JobError> {
        unimplemented!("not used by imports")
    }

    async fn close_missing(&self, source: &str, keep: &[String]) -> Result<u64, JobError> {
        let mut closed = 0;
        for job in self.jobs.lock().expect("lock").values_mut() {
            if job.details.source == source
                && job.status == JobStatus::Open
                && !keep.contains(&job.details.external_id)
            {
                job.status = JobStatus::Closed;
                closed += 1;
            }
        }
        Ok(closed)
    }

    async fn search(&self, _: &JobSearch) -> Result<SearchPage, JobError> {
        unimplemented!("not used by imports")
    }

    async fn list_open(&self) -> Result<Vec<Job>, JobError> {
        unimplemented!("not used by imports")
    }
}

fn fixture(name: &str) -> serde_json::Value {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).expect("fixture");
    serde_json::from_str(&text).expect("fixture JSON")
}

/// A client that retries quickly and gives up on a slow answer after 300 ms.
fn client(integration: &'static str) -> OutboundClient {
    OutboundClient::new(ClientConfig {
        timeout: Duration::from_millis(300),
        max_retries: 2,
        base_backoff: Duration::from_millis(1),
        max_backoff: Duration::from_millis(5),
        ..ClientConfig::new(integration)
    })
    .expect("client")
}

fn base(server: &MockServer) -> Url {
    Url::parse(&server.uri()).expect("server URL")
}

const GREENHOUSE_PATH: &str = "/v1/boards/northwindlabs/jobs";

async fn serve_greenhouse(server: &MockServer, body: serde_json::Value) {
    server.reset().await;
    Mock::given(method("GET"))
        .and(path(GREENHOUSE_PATH))
        .and(query_param("content", "true"))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn greenhouse_create_update_close_across_two_imports() {
    let server = MockServer::start().await;
    let jobs = Arc::new(FakeJobs::default());
    let service = ImportService::new(jobs.clone());
    let board = GreenhouseBoard::new(client("greenhouse"), base(&server), "northwindlabs");

    serve_greenhouse(&server, fixture("greenhouse_board_v1.json")).await;
    let first = service.import(&board).await.expect("first import");
    assert_eq!((first.created, first.updated, first.closed), (3, 0, 0));
    // The posting without a title is skipped and reported, and the rest still imported.
    assert_eq!(first.skipped.len(), 1);
    assert_eq!(first.skipped[0].external_id.as_deref(), Some("4012004"));
    assert!(
        first.skipped[0].reason.contains("title"),
        "{:?}",
        first.skipped
    );

    let backend = jobs.get("greenhouse", "4012001");
    let job = &backend.details;
    assert_eq!(job.title, "Senior Backend Engineer");
    assert_eq!(job.company, "Northwind Labs");
    assert_eq!(job.experience_level, JobLevel::Senior);
    assert_eq!(job.remote, RemoteMode::Hybrid);
    assert_eq!(job.posted_at, time::macros::date!(2026 - 11 - 02));
    assert_eq!(
        job.apply_url,
        "https://boards.greenhouse.io/northwindlabs/jobs/4012001"
    );
    // Double-escaped HTML came out as plain text, entities and all.
    assert!(
        job.description.contains("carriers & shippers"),
        "{}",
        job.description
    );
    assert!(job.description.contains("- Own our Kubernetes deployments"));
    assert!(job.description.contains("€75,000 – €95,000"));
    assert!(!job.description.contains('<') && !job.description.contains("&amp;"));
    // Skills from the shared taxonomy, as the board lists none.
    for skill in ["Rust", "PostgreSQL", "Kubernetes", "Kafka"] {
        assert!(
            job.required_skills.iter().any(|s| s == skill),
            "{skill}: {:?}",
            job.required_skills
        );
    }
    let designer = jobs.get("greenhouse", "4012003").details;
    assert_eq!(designer.employment_type, EmploymentType::Contract);
    assert_eq!(
        jobs.get("greenhouse", "4012002").details.remote,
        RemoteMode::Remote
    );

    // Second import: 4012001 retitled, 4012002 gone, 4012003 unchanged, 4012005 new,
    // 4012004 (never stored) gone.
    serve_greenhouse(&server, fixture("greenhouse_board_v2.json")).await;
    let second = service.import(&board).await.expect("second import");
    assert_eq!(
        (
            second.created,
            second.updated,
            second.unchanged,
            second.closed
        ),
        (1, 1, 1, 1)
    );
    assert!(second.skipped.is_empty());
    let updated = jobs.get("greenhouse", "4012001");
    assert_eq!(updated.id, backend.id, "same job, updated in place");
    assert_eq!(updated.details.title, "Staff Backend Engineer");
    assert_eq!(jobs.get("greenhouse", "4012002").status, JobStatus::Closed);
    assert_eq!(jobs.open_ids(), ["4012001", "4012003", "4012005"]);
}

#[tokio::test]
async fn greenhouse_429_is_retried_then_imports() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(GREENHOUSE_PATH))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(GREENHOUSE_PATH))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("greenhouse_board_v2.json")))
        .mount(&server)
        .await;
    let jobs = Arc::new(FakeJobs::default());
    let board = GreenhouseBoard::new(client("greenhouse"), base(&server), "northwindlabs");
    let report = ImportService::new(jobs.clone())
        .import(&board)
        .await
        .expect("import after one 429");
    assert_eq!(report.created, 3);
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

const DEMO: &[u8] = include_bytes!("../../../../data/jobs/demo-jobs.json");

/// Stores one job of the board, so a wrongful close would show.
async fn seeded(source: &str, id: &str) -> Arc<FakeJobs> {
    let board = FileBoard::parse(FileFormat::Json, DEMO).expect("demo jobs");
    let mut job = JobBoard::fetch(&board)
        .await
        .expect("file")
        .into_iter()
        .find_map(Result::ok)
        .expect("a job");
    job.source = source.into();
    job.external_id = id.into();
    let jobs = Arc::new(FakeJobs::default());
    jobs.upsert(&job).await.expect("seed");
    jobs
}

#[tokio::test]
async fn greenhouse_rate_limit_beyond_retries_is_an_error_and_closes_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "0"))
        .mount(&server)
        .await;
    let jobs = seeded("greenhouse", "4012001").await;
    let board = GreenhouseBoard::new(client("greenhouse"), base(&server), "northwindlabs");
    let err = ImportService::new(jobs.clone())
        .import(&board)
        .await
        .expect_err("rate limited");
    assert!(
        matches!(
            err,
            ImportError::Fetch {
                cause: BoardError::RateLimited { .. },
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(jobs.open_ids(), ["4012001"], "a 429 is not an empty board");
}

#[tokio::test]
async fn greenhouse_timeout_is_an_error_and_closes_nothing() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"jobs": [], "meta": {"total": 0}}))
                .set_delay(Duration::from_secs(2)),
        )
        .mount(&server)
        .await;
    let jobs = seeded("greenhouse", "4012001").await;
    let board = GreenhouseBoard::new(client("greenhouse"), base(&server), "northwindlabs");
    let err = ImportService::new(jobs.clone())
        .import(&board)
        .await
        .expect_err("timeout");
    assert!(
        matches!(
            err,
            ImportError::Fetch {
                cause: BoardError::Unavailable(_),
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(jobs.open_ids(), ["4012001"]);
}

#[tokio::test]
async fn greenhouse_short_or_unknown_board_closes_nothing() {
    let server = MockServer::start().await;
    // Says 4 jobs, sends 3: a truncated answer.
    let mut short = fixture("greenhouse_board_v2.json");
    short["meta"]["total"] = 4.into();
    serve_greenhouse(&server, short).await;
    let jobs = seeded("greenhouse", "4012001").await;
    let service = ImportService::new(jobs.clone());
    let board = GreenhouseBoard::new(client("greenhouse"), base(&server), "northwindlabs");
    let err = service.import(&board).await.expect_err("incomplete");
    assert!(matches!(
        err,
        ImportError::Fetch {
            cause: BoardError::Incomplete(_),
            ..
        }
    ));
    // An unknown token is Greenhouse's 404, not an empty board.
    let unknown = GreenhouseBoard::new(client("greenhouse"), base(&server), "no-such-board");
    let err = service.import(&unknown).await.expect_err("404");
    assert!(matches!(
        err,
        ImportError::Fetch {
            cause: BoardError::Malformed(_),
            ..
        }
    ));
    assert_eq!(jobs.open_ids(), ["4012001"]);
    assert_eq!(jobs.get("greenhouse", "4012001").status, JobStatus::Open);
}

#[tokio::test]
async fn a_token_cannot_escape_its_path_segment() {
    let server = MockServer::start().await;
    serve_greenhouse(&server, fixture("greenhouse_board_v2.json")).await;
    let board = GreenhouseBoard::new(client("greenhouse"), base(&server), "../../x?content=false");
    let _ = JobBoard::fetch(&board).await;
    let requests = server.received_requests().await.expect("recorded");
    assert_eq!(
        requests[0].url.path(),
        "/v1/boards/..%2F..%2Fx%3Fcontent=false/jobs"
    );
}

async fn serve_lever_pages(server: &MockServer, pages: &[&str]) {
    server.reset().await;
    for (n, page) in pages.iter().enumerate() {
        Mock::given(method("GET"))
            .and(path("/v0/postings/globex"))
            .and(query_param("mode", "json"))
            .and(query_param("skip", (n * 2).to_string()))
            .and(query_param("limit", "2"))
            .respond_with(ResponseTemplate::new(200).set_body_json(fixture(page)))
            .mount(server)
            .await;
    }
}

#[tokio::test]
async fn lever_pages_create_update_close_and_skip_a_malformed_posting() {
    let server = MockServer::start().await;
    let jobs = Arc::new(FakeJobs::default());
    let service = ImportService::new(jobs.clone());
    let board = LeverBoard::new(client("lever"), base(&server), "globex").with_page_size(2);

    serve_lever_pages(
        &server,
        &[
            "lever_page_1.json",
            "lever_page_2.json",
            "lever_page_3.json",
        ],
    )
    .await;
    let first = service.import(&board).await.expect("first import");
    assert_eq!((first.created, first.closed), (3, 0));
    assert_eq!(first.skipped.len(), 1);
    assert_eq!(
        first.skipped[0].external_id.as_deref(),
        Some("ffffffff-0000-4000-8000-000000000bad")
    );
    assert_eq!(server.received_requests().await.expect("recorded").len(), 3);

    let sre = jobs
        .get("lever", "8f2b6c1e-0a4d-4b7e-9d51-3c6a2f0e7b11")
        .details;
    assert_eq!(sre.title, "Senior Site Reliability Engineer");
    assert_eq!(sre.company, "globex");
    assert_eq!(sre.remote, RemoteMode::Hybrid);
    assert_eq!(sre.experience_level, JobLevel::Senior);
    assert_eq!(sre.posted_at, time::macros::date!(2025 - 11 - 18));
    assert_eq!(
        sre.apply_url,
        "https://jobs.lever.co/globex/8f2b6c1e-0a4d-4b7e-9d51-3c6a2f0e7b11/apply"
    );
    let salary = sre.salary.as_ref().expect("salary");
    assert_eq!(
        (salary.min, salary.max, salary.currency.as_str()),
        (170_000, 210_000, "USD")
    );
    assert_eq!(salary.interval, PayInterval::Year);
    // Requirements come from lists[]; the "Nice to have" list gives preferred skills.
    assert!(sre.description.contains("Terraform and AWS in production"));
    assert_eq!(sre.preferred_skills, ["Go", "Kafka"]);
    for skill in ["Terraform", "AWS", "Prometheus"] {
        assert!(
            sre.required_skills.iter().any(|s| s == skill),
            "{skill}: {:?}",
            sre.required_skills
        );
    }
    assert!(
        !sre.required_skills.iter().any(|s| s == "Kafka"),
        "preferred, not required"
    );
    let warehouse = jobs
        .get("lever", "c4a1f2b3-9e8d-4c7b-a6f5-e4d3c2b1a033")
        .details;
    assert_eq!(warehouse.employment_type, EmploymentType::PartTime);
    assert_eq!(warehouse.remote, RemoteMode::Onsite);
    assert_eq!(
        warehouse.salary.expect("hourly").interval,
        PayInterval::Hour
    );

    // Second import (one full page, then an empty one): the SRE's salary changed, the CSM posting is gone.
    serve_lever_pages(&server, &["lever_second_import.json", "lever_page_3.json"]).await;
    let second = service.import(&board).await.expect("second import");
    assert_eq!(
        (
            second.created,
            second.updated,
            second.unchanged,
            second.closed
        ),
        (0, 1, 1, 1)
    );
    assert_eq!(
        jobs.open_ids(),
        [
            "8f2b6c1e-0a4d-4b7e-9d51-3c6a2f0e7b11",
            "c4a1f2b3-9e8d-4c7b-a6f5-e4d3c2b1a033"
        ]
    );
}

#[tokio::test]
async fn lever_paging_stops_when_the_api_ignores_skip() {
    let server = MockServer::start().await;
    // Every request gets the same full page.
    Mock::given(method("GET"))
        .and(path("/v0/postings/globex"))
        .respond_with(ResponseTemplate::new(200).set_body_json(fixture("lever_page_1.json")))
        .mount(&server)
        .await;
    let board = LeverBoard::new(client("lever"), base(&server), "globex").with_page_size(2);
    let postings = JobBoard::fetch(&board).await.expect("fetch");
    assert_eq!(postings.len(), 2, "the repeated page is not added again");
    assert_eq!(server.received_requests().await.expect("recorded").len(), 2);
}

#[tokio::test]
async fn lever_failure_on_a_later_page_closes_nothing() {
    let server = MockServer::start().await;
    serve_lever_pages(&server, &["lever_page_1.json"]).await;
    Mock::given(method("GET"))
        .and(query_param("skip", "2"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    let jobs = seeded("lever", "old-posting").await;
    let board = LeverBoard::new(client("lever"), base(&server), "globex").with_page_size(2);
    let err = ImportService::new(jobs.clone())
        .import(&board)
        .await
        .expect_err("page 2 failed");
    assert!(matches!(
        err,
        ImportError::Fetch {
            cause: BoardError::Unavailable(_),
            ..
        }
    ));
    assert_eq!(
        jobs.open_ids(),
        ["old-posting"],
        "half a list closes nothing"
    );
}

const CSV_HEADER: &str = "externalId,title,company,description,requiredSkills,preferredSkills,location,remote,employmentType,experienceLevel,salaryMin,salaryMax,salaryCurrency,salaryInterval,postedAt,applyUrl,source\n";

#[tokio::test]
async fn csv_file_imports_with_bad_rows_skipped_and_reported() {
    let csv = format!(
        "{CSV_HEADER}\
         c-1,Registered Nurse,St Mary's,\"Ward nursing, nights and weekends.\",Patient care; Medication administration,,\"Leeds, United Kingdom\",onsite,full_time,mid,32000,38000,GBP,year,2026-11-01,https://careers.example.com/c-1,partner\n\
         c-2,Sales Development Rep,Acme,Outbound prospecting.,Salesforce;Cold calling,HubSpot,Remote,remote,full_time,junior,,,,,2026-11-03,https://careers.example.com/c-2,partner\n\
         c-3,Welder,Acme,Pipe welding.,Welding,,\"Houston, United States\",onsite,contract,mid,lots,40,USD,hour,2026-11-04,https://careers.example.com/c-3,partner\n\
         c-4,Teacher,School,Maths.,Teaching,,\"Lagos, Nigeria\",onsite,full_time,mid,,,,,31/12/2026,https://careers.example.com/c-4,partner\n\
         c-5,too,few,columns\n"
    );
    let board = FileBoard::parse(FileFormat::Csv, csv.as_bytes()).expect("csv");
    let jobs = Arc::new(FakeJobs::default());
    let report = ImportService::new(jobs.clone())
        .import(&board)
        .await
        .expect("import");
    assert_eq!(report.source, "partner");
    assert_eq!(report.created, 2);
    let skipped: Vec<(usize, &str)> = report
        .skipped
        .iter()
        .map(|s| (s.index, s.external_id.as_deref().unwrap_or("")))
        .collect();
    assert_eq!(skipped, [(2, "c-3"), (3, "c-4"), (4, "")]);
    assert!(report.skipped[0].reason.contains("salaryMin"));
    assert!(report.skipped[1].reason.contains("postedAt"));
    let nurse = jobs.get("partner", "c-1").details;
    assert_eq!(nurse.required_skills.len(), 2);
    assert_eq!(nurse.salary.expect("salary").currency, "GBP");
    assert_eq!(
        jobs.get("partner", "c-2").details.preferred_skills,
        ["HubSpot"]
    );
}

#[test]
fn file_errors_are_whole_file_errors() {
    let wrong_header = "id,title\n1,x\n";
    assert!(matches!(
        FileBoard::parse(FileFormat::Csv, wrong_header.as_bytes()),
        Err(FileImportError::CsvHeader(_))
    ));
    assert!(matches!(
        FileBoard::parse(FileFormat::Json, b"{\"jobs\": []}"),
        Err(FileImportError::Json(_))
    ));
    assert!(matches!(
        FileBoard::parse(FileFormat::Json, b"[1, 2]"),
        Err(FileImportError::NoReadableJob(skipped)) if skipped.len() == 2
    ));
    let mut demo: Vec<serde_json::Value> = serde_json::from_slice(DEMO).expect("demo");
    demo[1]["source"] = "other".into();
    assert!(matches!(
        FileBoard::parse(FileFormat::Json, &serde_json::to_vec(&demo).expect("json")),
        Err(FileImportError::MixedSources(_, _))
    ));
}

#[tokio::test]
async fn the_demo_set_imports_whole_then_again_unchanged() {
    let bytes = DEMO;
    let board = FileBoard::parse(FileFormat::Json, bytes).expect("demo");
    let jobs = Arc::new(FakeJobs::default());
    let service = ImportService::new(jobs.clone());
    let first = service.import(&board).await.expect("import");
    assert!(
        first.created >= 200 && first.skipped.is_empty(),
        "{first:?}"
    );
    let again = service.import(&board).await.expect("again");
    assert_eq!(
        (again.created, again.unchanged, again.closed),
        (0, first.created, 0)
    );
}

#[test]
fn the_csv_example_in_the_jobs_readme_parses() {
    let readme = include_str!("../../../../data/jobs/README.md");
    let example = readme
        .split("```csv\n")
        .nth(1)
        .and_then(|rest| rest.split("```").next())
        .expect("a csv block in data/jobs/README.md");
    let board = FileBoard::parse(FileFormat::Csv, example.as_bytes()).expect("example parses");
    assert_eq!(board.source(), "partner");
}

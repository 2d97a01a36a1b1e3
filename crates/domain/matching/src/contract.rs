//! The one contract suite of [`JobRepository`], run by every adapter crate. Search cases use
//! plain words only (see `fulltext` for what the memory store does not reproduce), and every
//! expected order follows from the rank rules, so both stores must return exactly the same.

use crate::{
    EmploymentType, JobError, JobId, JobLevel, JobRepository, JobSearch, JobStatus, NewJob,
    PayInterval, RemoteMode, Salary, SearchPage, Upserted,
};
use std::collections::HashSet;
use std::sync::Arc;
use time::{Date, Duration, Month};

/// Generates one `#[tokio::test]` per case; `$make` is a future of `(Arc<dyn JobRepository>, guard)`.
#[macro_export]
macro_rules! job_repository_contract {
    ($make:expr) => {
        $crate::job_repository_contract!(@cases $make;
            upsert_creates_then_updates_by_source_and_external_id,
            upsert_of_the_same_values_is_unchanged_and_reopens_a_closed_job,
            concurrent_upserts_of_one_key_leave_one_job,
            an_unstorable_job_is_invalid_and_not_stored,
            close_keeps_the_job_readable_and_hides_it_from_search,
            close_missing_closes_only_that_sources_jobs_outside_the_keep_list,
            words_match_stemmed_in_title_skills_or_description,
            a_quoted_phrase_needs_its_words_in_order,
            a_negated_word_excludes_jobs,
            alternatives_with_or_match_either,
            a_stop_word_query_matches_nothing,
            filters_narrow_by_location_remote_type_and_level,
            salary_min_compares_the_yearly_maximum,
            posted_since_leaves_out_older_jobs,
            ranking_is_relevance_then_recency_then_id,
            pages_have_neither_duplicates_nor_gaps,
            pages_stay_stable_while_jobs_are_inserted,
            list_open_leaves_out_closed_jobs);
    };
    (@cases $make:expr; $($case:ident),+) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (repo, _guard) = $make.await;
                $crate::contract::$case(repo).await;
            }
        )+
    };
}

type Repo = Arc<dyn JobRepository>;

fn today() -> Date {
    Date::from_calendar_date(2026, Month::November, 27).unwrap_or(Date::MIN)
}

/// A job with the given text, posted `days_ago`; other fields are plain defaults.
pub fn job(external_id: &str, title: &str, skills: &[&str], description: &str) -> NewJob {
    NewJob {
        source: "contract".into(),
        external_id: external_id.into(),
        title: title.into(),
        company: "Acme".into(),
        description: description.into(),
        required_skills: skills.iter().map(|s| s.to_string()).collect(),
        preferred_skills: vec![],
        location: "Berlin, Germany".into(),
        remote: RemoteMode::Onsite,
        employment_type: EmploymentType::FullTime,
        experience_level: JobLevel::Mid,
        salary: None,
        posted_at: today(),
        apply_url: format!("https://jobs.example.com/{external_id}"),
    }
}

fn posted(mut job: NewJob, days_ago: i64) -> NewJob {
    job.posted_at = today() - Duration::days(days_ago);
    job
}

async fn upsert(repo: &Repo, job: &NewJob) -> Upserted {
    repo.upsert(job)
        .await
        .unwrap_or_else(|e| panic!("upsert {}: {e:?}", job.external_id))
}

async fn id_of(repo: &Repo, job: &NewJob) -> JobId {
    match upsert(repo, job).await {
        Upserted::Created(id) | Upserted::Updated(id) | Upserted::Unchanged(id) => id,
    }
}

async fn page(repo: &Repo, search: &JobSearch) -> SearchPage {
    repo.search(search)
        .await
        .unwrap_or_else(|e| panic!("search {search:?}: {e:?}"))
}

fn query(q: &str) -> JobSearch {
    JobSearch {
        query: Some(q.into()),
        limit: 100,
        ..JobSearch::default()
    }
}

fn all() -> JobSearch {
    JobSearch {
        limit: 100,
        ..JobSearch::default()
    }
}

/// External ids of one page, in order.
async fn found(repo: &Repo, search: JobSearch) -> Vec<String> {
    page(repo, &search)
        .await
        .jobs
        .into_iter()
        .map(|j| j.details.external_id)
        .collect()
}

async fn sorted(repo: &Repo, search: JobSearch) -> Vec<String> {
    let mut ids = found(repo, search).await;
    ids.sort();
    ids
}

async fn status(repo: &Repo, id: JobId) -> Option<JobStatus> {
    repo.find_by_id(id)
        .await
        .unwrap_or_else(|e| panic!("find_by_id: {e:?}"))
        .map(|j| j.status)
}

pub async fn upsert_creates_then_updates_by_source_and_external_id(repo: Repo) {
    let first = job("1", "Rust Engineer", &["Rust"], "Build services.");
    let Upserted::Created(id) = upsert(&repo, &first).await else {
        panic!("the first upsert must create");
    };
    let mut changed = first.clone();
    changed.title = "Senior Rust Engineer".into();
    changed.salary = Some(Salary {
        min: 70_000,
        max: 90_000,
        currency: "EUR".into(),
        interval: PayInterval::Year,
    });
    assert_eq!(upsert(&repo, &changed).await, Upserted::Updated(id));
    let stored = repo.find_by_id(id).await.ok().flatten();
    assert_eq!(stored.as_ref().map(|j| &j.details), Some(&changed));
    assert_eq!(stored.map(|j| j.status), Some(JobStatus::Open));
    // The same external id from another source is another job.
    let mut elsewhere = first.clone();
    elsewhere.source = "other".into();
    assert!(matches!(upsert(&repo, &elsewhere).await, Upserted::Created(other) if other != id));
    assert!(matches!(repo.find_by_id(JobId::new()).await, Ok(None)));
}

pub async fn upsert_of_the_same_values_is_unchanged_and_reopens_a_closed_job(repo: Repo) {
    let job = job("1", "Nurse", &["Patient Care"], "Ward nurse.");
    let id = id_of(&repo, &job).await;
    assert_eq!(upsert(&repo, &job).await, Upserted::Unchanged(id));
    assert!(repo.close(id).await.is_ok());
    assert_eq!(upsert(&repo, &job).await, Upserted::Updated(id));
    assert_eq!(status(&repo, id).await, Some(JobStatus::Open));
}

pub async fn concurrent_upserts_of_one_key_leave_one_job(repo: Repo) {
    let job = job("1", "Accountant", &["Xero"], "Month-end close.");
    let results = futures::future::join_all((0..8).map(|_| repo.upsert(&job))).await;
    let mut ids = HashSet::new();
    let mut created = 0;
    for result in results {
        match result {
            Ok(Upserted::Created(id)) => {
                created += 1;
                ids.insert(id);
            }
            Ok(Upserted::Updated(id) | Upserted::Unchanged(id)) => {
                ids.insert(id);
            }
            Err(e) => panic!("concurrent upsert failed: {e:?}"),
        }
    }
    assert_eq!((created, ids.len()), (1, 1));
    assert_eq!(found(&repo, all()).await, vec!["1".to_string()]);
}

pub async fn an_unstorable_job_is_invalid_and_not_stored(repo: Repo) {
    let mut nul = job("1", "Chef", &[], "Kitchen\0work");
    assert!(matches!(repo.upsert(&nul).await, Err(JobError::Invalid(_))));
    nul.description = "x".repeat(crate::job::MAX_DESCRIPTION + 1);
    assert!(matches!(repo.upsert(&nul).await, Err(JobError::Invalid(_))));
    nul.description = "Kitchen work".into();
    nul.salary = Some(Salary {
        min: 10,
        max: i64::MAX,
        currency: "EUR".into(),
        interval: PayInterval::Hour,
    });
    assert!(matches!(repo.upsert(&nul).await, Err(JobError::Invalid(_))));
    assert!(found(&repo, all()).await.is_empty());
}

pub async fn close_keeps_the_job_readable_and_hides_it_from_search(repo: Repo) {
    let id = id_of(&repo, &job("1", "Welder", &["Welding"], "Shop floor.")).await;
    assert!(repo.close(id).await.is_ok());
    assert!(repo.close(id).await.is_ok(), "closing twice is a no-op");
    assert_eq!(status(&repo, id).await, Some(JobStatus::Closed));
    assert!(found(&repo, query("welder")).await.is_empty());
    assert!(found(&repo, all()).await.is_empty());
    assert!(matches!(
        repo.close(JobId::new()).await,
        Err(JobError::NotFound)
    ));
}

pub async fn close_missing_closes_only_that_sources_jobs_outside_the_keep_list(repo: Repo) {
    let kept = id_of(&repo, &job("keep", "Teacher", &[], "")).await;
    let gone = id_of(&repo, &job("gone", "Teacher", &[], "")).await;
    let already = id_of(&repo, &job("closed", "Teacher", &[], "")).await;
    assert!(repo.close(already).await.is_ok());
    let mut foreign = job("gone", "Teacher", &[], "");
    foreign.source = "other".into();
    let foreign = id_of(&repo, &foreign).await;
    let closed = repo.close_missing("contract", &["keep".to_string()]).await;
    assert_eq!(closed.ok(), Some(1));
    assert_eq!(status(&repo, kept).await, Some(JobStatus::Open));
    assert_eq!(status(&repo, gone).await, Some(JobStatus::Closed));
    assert_eq!(status(&repo, foreign).await, Some(JobStatus::Open));
    assert_eq!(repo.close_missing("nobody", &[]).await.ok(), Some(0));
}

pub async fn words_match_stemmed_in_title_skills_or_description(repo: Repo) {
    upsert(&repo, &job("title", "Data Engineers", &[], "Pipelines.")).await;
    upsert(&repo, &job("skills", "Analyst", &["Engineering"], "")).await;
    upsert(
        &repo,
        &job("desc", "Analyst", &[], "You will be engineering."),
    )
    .await;
    upsert(&repo, &job("none", "Analyst", &["SQL"], "Reports.")).await;
    // "engineer", "engineers" and "engineering" share the stem "engin".
    assert_eq!(
        sorted(&repo, query("ENGINEER")).await,
        vec!["desc", "skills", "title"]
    );
    // Every word must match.
    assert_eq!(sorted(&repo, query("data engineer")).await, vec!["title"]);
}

pub async fn a_quoted_phrase_needs_its_words_in_order(repo: Repo) {
    upsert(&repo, &job("phrase", "Head of Sales", &[], "")).await;
    upsert(
        &repo,
        &job("apart", "Head Chef", &[], "We bake cakes for sales."),
    )
    .await;
    upsert(&repo, &job("reversed", "Sales Head", &[], "")).await;
    assert_eq!(
        found(&repo, query("\"head of sales\"")).await,
        vec!["phrase"]
    );
    assert_eq!(
        sorted(&repo, query("head sales")).await,
        vec!["apart", "phrase", "reversed"]
    );
}

pub async fn a_negated_word_excludes_jobs(repo: Repo) {
    upsert(&repo, &job("rust", "Rust Developer", &["Rust"], "")).await;
    upsert(
        &repo,
        &job("both", "Rust Developer", &["Rust"], "Some Java too."),
    )
    .await;
    upsert(&repo, &job("java", "Java Developer", &["Java"], "")).await;
    assert_eq!(found(&repo, query("developer -java")).await, vec!["rust"]);
    assert_eq!(sorted(&repo, query("-rust")).await, vec!["java"]);
    assert_eq!(
        found(&repo, query("rust -\"some java\"")).await,
        vec!["rust"]
    );
}

pub async fn alternatives_with_or_match_either(repo: Repo) {
    upsert(&repo, &job("nurse", "Nurse", &[], "")).await;
    upsert(&repo, &job("midwife", "Midwife", &[], "")).await;
    upsert(&repo, &job("porter", "Porter", &[], "")).await;
    assert_eq!(
        sorted(&repo, query("nurse or midwife")).await,
        vec!["midwife", "nurse"]
    );
}

pub async fn a_stop_word_query_matches_nothing(repo: Repo) {
    upsert(&repo, &job("1", "The Manager", &[], "All of the things.")).await;
    assert!(found(&repo, query("the of")).await.is_empty());
    // A blank query is no query: everything open, all ranked equal.
    assert_eq!(found(&repo, query("   ")).await, vec!["1"]);
}

pub async fn filters_narrow_by_location_remote_type_and_level(repo: Repo) {
    let mut remote = job("remote", "Designer", &[], "");
    remote.remote = RemoteMode::Remote;
    remote.location = "Lisbon, Portugal".into();
    let mut contract = job("contract", "Designer", &[], "");
    contract.employment_type = EmploymentType::Contract;
    contract.location = "Munich, Germany".into();
    let mut senior = job("senior", "Designer", &[], "");
    senior.experience_level = JobLevel::Senior;
    senior.location = "100%_Berlin".into();
    for job in [&remote, &contract, &senior] {
        upsert(&repo, job).await;
    }
    let with = |f: fn(&mut JobSearch)| {
        let mut search = query("designer");
        f(&mut search);
        search
    };
    assert_eq!(
        sorted(&repo, with(|s| s.location = Some("GERMANY".into()))).await,
        vec!["contract"]
    );
    // LIKE wildcards in the filter are plain characters.
    assert_eq!(
        found(&repo, with(|s| s.location = Some("0%_b".into()))).await,
        vec!["senior"]
    );
    assert!(
        found(&repo, with(|s| s.location = Some("%".into())))
            .await
            .len()
            == 1
    );
    assert_eq!(
        found(&repo, with(|s| s.remote = Some(RemoteMode::Remote))).await,
        vec!["remote"]
    );
    assert_eq!(
        found(
            &repo,
            with(|s| s.employment_type = Some(EmploymentType::Contract))
        )
        .await,
        vec!["contract"]
    );
    assert_eq!(
        found(&repo, with(|s| s.level = Some(JobLevel::Senior))).await,
        vec!["senior"]
    );
}

pub async fn salary_min_compares_the_yearly_maximum(repo: Repo) {
    let paid = |id: &str, max: i64, interval: PayInterval| {
        let mut j = job(id, "Driver", &[], "");
        j.salary = Some(Salary {
            min: max / 2,
            max,
            currency: "EUR".into(),
            interval,
        });
        j
    };
    upsert(&repo, &paid("yearly", 50_000, PayInterval::Year)).await;
    upsert(&repo, &paid("hourly", 30, PayInterval::Hour)).await; // 62,400 a year
    upsert(&repo, &paid("monthly", 3_000, PayInterval::Month)).await; // 36,000 a year
    upsert(&repo, &job("unpaid", "Driver", &[], "")).await;
    let search = |min| JobSearch {
        salary_min: Some(min),
        ..all()
    };
    assert_eq!(
        sorted(&repo, search(50_000)).await,
        vec!["hourly", "yearly"]
    );
    assert_eq!(sorted(&repo, search(62_401)).await, Vec::<String>::new());
    assert_eq!(sorted(&repo, search(0)).await.len(), 3);
}

pub async fn posted_since_leaves_out_older_jobs(repo: Repo) {
    upsert(&repo, &posted(job("new", "Cook", &[], ""), 1)).await;
    upsert(&repo, &posted(job("edge", "Cook", &[], ""), 7)).await;
    upsert(&repo, &posted(job("old", "Cook", &[], ""), 8)).await;
    let search = JobSearch {
        posted_since: Some(today() - Duration::days(7)),
        ..all()
    };
    assert_eq!(found(&repo, search).await, vec!["new", "edge"]);
}

pub async fn ranking_is_relevance_then_recency_then_id(repo: Repo) {
    // "rust" in the title scores 4, in the skills 2, in the description 1; both words add up.
    upsert(&repo, &posted(job("desc", "Engineer", &[], "Rust"), 0)).await;
    upsert(&repo, &posted(job("skills", "Developer", &["Rust"], ""), 5)).await;
    upsert(&repo, &posted(job("title", "Rust Dev", &[], "Rust"), 9)).await;
    upsert(
        &repo,
        &posted(job("both", "Rust Dev", &["Postgres"], ""), 30),
    )
    .await;
    upsert(&repo, &posted(job("newer", "Rust Lead", &[], ""), 2)).await;
    let a = id_of(&repo, &posted(job("tie-a", "Rust Dev", &[], ""), 12)).await;
    let b = id_of(&repo, &posted(job("tie-b", "Rust Dev", &[], ""), 12)).await;
    let ties: Vec<&str> = if a < b {
        vec!["tie-a", "tie-b"]
    } else {
        vec!["tie-b", "tie-a"]
    };
    let mut expected = vec!["both", "newer", "title"];
    expected.extend(ties);
    expected.extend(["skills", "desc"]);
    assert_eq!(found(&repo, query("rust postgres or rust")).await, expected);
    assert_eq!(found(&repo, query("rust postgres")).await, vec!["both"]);
    // Without a query every job ranks equal: newest first.
    let newest: Vec<String> = found(&repo, all()).await.into_iter().take(3).collect();
    assert_eq!(newest, vec!["desc", "newer", "skills"]);
}

/// Every page of `search`, following cursors; `between` runs after each page.
async fn all_pages<F, Fut>(repo: &Repo, mut search: JobSearch, mut between: F) -> Vec<String>
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut seen = Vec::new();
    for round in 0..100 {
        let page = page(repo, &search).await;
        assert!(page.jobs.len() <= search.limit as usize);
        seen.extend(page.jobs.into_iter().map(|j| j.details.external_id));
        between(round).await;
        match page.next {
            Some(cursor) => search.cursor = Some(cursor),
            None => return seen,
        }
    }
    panic!("pagination did not end");
}

/// 25 jobs in three rank groups and many shared posting dates, so that cursors must use
/// every part of the key.
async fn paging_set(repo: &Repo) -> Vec<String> {
    let mut ids = Vec::new();
    for i in 0..25 {
        let title = if i % 3 == 0 {
            "Sales Manager"
        } else {
            "Manager"
        };
        let skills: &[&str] = if i % 2 == 0 { &["Sales"] } else { &[] };
        let external_id = format!("job-{i:02}");
        upsert(
            repo,
            &posted(job(&external_id, title, skills, "Sales"), i % 4),
        )
        .await;
        ids.push(external_id);
    }
    ids
}

pub async fn pages_have_neither_duplicates_nor_gaps(repo: Repo) {
    let mut ids = paging_set(&repo).await;
    let one_page = found(&repo, query("sales")).await;
    let mut search = query("sales");
    search.limit = 4;
    let paged = all_pages(&repo, search, |_| async {}).await;
    assert_eq!(paged, one_page, "pages in order are the single page");
    let mut sorted_pages = paged.clone();
    sorted_pages.sort();
    ids.sort();
    assert_eq!(sorted_pages, ids);
    let mut exact = all();
    exact.limit = 25;
    assert!(
        page(&repo, &exact).await.next.is_none(),
        "no empty last page"
    );
}

pub async fn pages_stay_stable_while_jobs_are_inserted(repo: Repo) {
    let mut ids = paging_set(&repo).await;
    let mut search = query("sales");
    search.limit = 3;
    let writer = Arc::clone(&repo);
    let paged = all_pages(&repo, search, |round| {
        let writer = Arc::clone(&writer);
        async move {
            // New jobs that rank above, among and below the ones being paged.
            for (n, title) in ["Sales Sales Lead", "Sales Manager", "Clerk"]
                .iter()
                .enumerate()
            {
                let new = posted(job(&format!("new-{round}-{n}"), title, &[], "Sales"), 2);
                upsert(&writer, &new).await;
            }
        }
    })
    .await;
    let mut old: Vec<String> = paged
        .iter()
        .filter(|id| id.starts_with("job-"))
        .cloned()
        .collect();
    let unique: HashSet<&String> = paged.iter().collect();
    assert_eq!(unique.len(), paged.len(), "no job twice");
    old.sort();
    ids.sort();
    assert_eq!(old, ids, "every job that existed at the first page, once");
}

pub async fn list_open_leaves_out_closed_jobs(repo: Repo) {
    let open = id_of(&repo, &job("open", "Baker", &[], "")).await;
    let closed = id_of(&repo, &job("closed", "Baker", &[], "")).await;
    assert!(repo.close(closed).await.is_ok());
    let listed = repo.list_open().await.unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(listed.iter().map(|j| j.id).collect::<Vec<_>>(), vec![open]);
}

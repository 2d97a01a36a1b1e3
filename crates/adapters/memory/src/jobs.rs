use crate::lock;
use async_trait::async_trait;
use jobr_matching::fulltext::Document;
use jobr_matching::{
    Job, JobError, JobId, JobRepository, JobSearch, JobStatus, NewJob, SearchCursor, SearchPage,
    Upserted,
};
use std::cmp::Ordering;
use std::collections::HashMap;
use std::sync::Mutex;

/// Jobs in memory, searched with the same text semantics and rank as PostgreSQL
/// (`jobr_matching::fulltext`). Search scans every job: fine for the embedded default and
/// tests, not for 100,000 jobs.
#[derive(Default)]
pub struct MemoryJobRepository {
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    jobs: HashMap<JobId, Stored>,
    by_key: HashMap<(String, String), JobId>,
}

struct Stored {
    job: Job,
    /// The searchable text, kept like the generated `search_vector` column.
    document: Document,
}

#[async_trait]
impl JobRepository for MemoryJobRepository {
    async fn upsert(&self, new: &NewJob) -> Result<Upserted, JobError> {
        new.check_storable()?;
        let mut state = lock(&self.state);
        let key = (new.source.clone(), new.external_id.clone());
        let stored = Stored {
            document: Document::of_job(new),
            job: Job::open(JobId::new(), new.clone()),
        };
        let Some(&id) = state.by_key.get(&key) else {
            let id = stored.job.id;
            state.by_key.insert(key, id);
            state.jobs.insert(id, stored);
            return Ok(Upserted::Created(id));
        };
        let Some(existing) = state.jobs.get_mut(&id) else {
            return Err(JobError::NotFound);
        };
        if existing.job.details == *new && existing.job.status == JobStatus::Open {
            return Ok(Upserted::Unchanged(id));
        }
        existing.job = Job::open(id, new.clone());
        existing.document = stored.document;
        Ok(Upserted::Updated(id))
    }

    async fn find_by_id(&self, id: JobId) -> Result<Option<Job>, JobError> {
        Ok(lock(&self.state).jobs.get(&id).map(|s| s.job.clone()))
    }

    async fn close(&self, id: JobId) -> Result<(), JobError> {
        let mut state = lock(&self.state);
        let stored = state.jobs.get_mut(&id).ok_or(JobError::NotFound)?;
        stored.job.status = JobStatus::Closed;
        Ok(())
    }

    async fn close_missing(&self, source: &str, keep: &[String]) -> Result<u64, JobError> {
        let mut state = lock(&self.state);
        let mut closed = 0;
        for stored in state.jobs.values_mut() {
            let job = &mut stored.job;
            if job.status == JobStatus::Open
                && job.details.source == source
                && !keep.contains(&job.details.external_id)
            {
                job.status = JobStatus::Closed;
                closed += 1;
            }
        }
        Ok(closed)
    }

    async fn search(&self, search: &JobSearch) -> Result<SearchPage, JobError> {
        let query = search.text_query();
        let location = search.location.as_ref().map(|l| l.to_lowercase());
        let state = lock(&self.state);
        let mut hits: Vec<(f32, &Job)> = state
            .jobs
            .values()
            .filter(|s| s.job.status == JobStatus::Open)
            .filter(|s| query.as_ref().is_none_or(|q| q.matches(&s.document)))
            .filter(|s| {
                let job = &s.job.details;
                location
                    .as_ref()
                    .is_none_or(|l| job.location.to_lowercase().contains(l.as_str()))
                    && search.remote.is_none_or(|r| job.remote == r)
                    && search
                        .employment_type
                        .is_none_or(|t| job.employment_type == t)
                    && search.level.is_none_or(|l| job.experience_level == l)
                    && search.salary_min.is_none_or(|min| {
                        job.salary.as_ref().is_some_and(|s| s.max_per_year() >= min)
                    })
                    && search
                        .posted_since
                        .is_none_or(|since| job.posted_at >= since)
            })
            .map(|s| {
                let rank = query.as_ref().map_or(0.0, |q| q.rank(&s.document));
                (rank, &s.job)
            })
            .filter(|(rank, job)| {
                search.cursor.as_ref().is_none_or(|c| {
                    order(*rank, job, c.rank, c.posted_at, c.id) == Ordering::Greater
                })
            })
            .collect();
        hits.sort_by(|a, b| order(a.0, a.1, b.0, b.1.details.posted_at, b.1.id));
        let limit = search.page_size() as usize;
        let next = (hits.len() > limit)
            .then(|| hits.get(limit - 1))
            .flatten()
            .map(|(rank, job)| SearchCursor {
                rank: *rank,
                posted_at: job.details.posted_at,
                id: job.id,
            });
        let jobs = hits
            .into_iter()
            .take(limit)
            .map(|(_, j)| j.clone())
            .collect();
        Ok(SearchPage { jobs, next })
    }

    async fn list_open(&self) -> Result<Vec<Job>, JobError> {
        Ok(lock(&self.state)
            .jobs
            .values()
            .filter(|s| s.job.status == JobStatus::Open)
            .map(|s| s.job.clone())
            .collect())
    }
}

/// Result order: rank descending, then newest, then id ascending. `Greater` means `job`
/// comes after the position (rank, posted, id).
fn order(rank: f32, job: &Job, other_rank: f32, posted: time::Date, id: JobId) -> Ordering {
    other_rank
        .total_cmp(&rank)
        .then(posted.cmp(&job.details.posted_at))
        .then(job.id.cmp(&id))
}

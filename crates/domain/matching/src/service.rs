//! The jobs use cases the server and CLI share: admin writes, search, and matching a CV
//! against the open jobs through a cached [`JobIndex`].
//!
//! The index is rebuilt from `list_open()` when it is stale: when this service wrote a job
//! since it was built (a generation counter), or when it is older than the TTL (writes made
//! by imports, the CLI or another server instance are seen within that time).

use std::collections::HashMap;
use std::future::Future;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use jobr_core::{AiUse, UserId};
use jobr_cv::ParsedCv;
use time::Date;

use crate::engine::{JobMatch, Preferences};
use crate::index::JobIndex;
use crate::job::{Job, JobId, NewJob};
use crate::ports::{JobError, JobRepository, MatchedJob, SemanticMatcher, Upserted};
use crate::profile::CandidateProfile;
use crate::search::{JobSearch, SearchPage};

/// How long an index built from the store is used before it is rebuilt.
pub const DEFAULT_INDEX_TTL: Duration = Duration::from_secs(60);
/// Most matches one request returns.
pub const MAX_MATCHES: usize = 100;
/// How many of the engine's best matches the semantic matcher re-ranks; the rest keep the
/// engine's order below them.
pub const DEFAULT_RERANK_TOP_N: usize = 20;

/// The open jobs as one snapshot: the index and the jobs it was built from.
pub struct OpenJobs {
    pub index: JobIndex,
    jobs: HashMap<JobId, Job>,
}

impl OpenJobs {
    pub fn new(jobs: Vec<Job>) -> Self {
        let index = JobIndex::build(jobs.iter().cloned());
        let jobs = jobs.into_iter().map(|j| (j.id, j)).collect();
        Self { index, jobs }
    }

    pub fn job(&self, id: JobId) -> Option<&Job> {
        self.jobs.get(&id)
    }

    /// The best `limit` (at most [`MAX_MATCHES`]) open jobs for the candidate, best first.
    pub fn rank(
        &self,
        cv: &CandidateProfile,
        prefs: &Preferences,
        today: Date,
        limit: usize,
    ) -> Vec<(JobMatch, Job)> {
        self.index
            .rank(cv, prefs, today, limit.clamp(1, MAX_MATCHES))
            .into_iter()
            .filter_map(|m| self.jobs.get(&m.job_id).cloned().map(|job| (m, job)))
            .collect()
    }
}

/// Matches as they are answered, and why the rules ordered them when the AI did not.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// Best first.
    pub matches: Vec<(JobMatch, Job)>,
    /// Why the rule-based engine's order and explanations stand (not in the plan, not
    /// configured, the AI failed); `None` when the AI re-ranked them or there was nothing to
    /// re-rank.
    pub notice: Option<String>,
}

/// What the user is told when the rules' order stands, by the reason.
pub mod notices {
    pub const NOT_IN_PLAN: &str = "AI re-ranking comes with Premium and Pro; these matches were ranked and explained by the rule-based engine.";
    pub const NOT_CONFIGURED: &str = "AI re-ranking is not configured on this server; these matches were ranked and explained by the rule-based engine.";
    pub const AI_FAILED: &str = "The AI could not re-rank these matches just now; they were ranked and explained by the rule-based engine.";
}

/// `revised` as (match, job) pairs when it holds exactly the jobs of `sent`, each once.
fn same_jobs(sent: Vec<MatchedJob>, revised: Vec<JobMatch>) -> Option<Vec<(JobMatch, Job)>> {
    if revised.len() != sent.len() {
        return None;
    }
    let mut jobs: HashMap<JobId, Job> = sent.into_iter().map(|m| (m.job.id, m.job)).collect();
    revised
        .into_iter()
        .map(|m| jobs.remove(&m.job_id).map(|job| (m, job)))
        .collect()
}

/// An index past its TTL, see [`JobsService::aged_snapshot`].
pub struct AgedSnapshot {
    pub open: Arc<OpenJobs>,
    /// A rebuild is already under way: starting another would only wait for it.
    pub refresh_running: bool,
}

struct Cached {
    open: Arc<OpenJobs>,
    generation: u64,
    built: Instant,
}

pub struct JobsService {
    jobs: Arc<dyn JobRepository>,
    ttl: Duration,
    /// Bumped by every write made through this service.
    generation: AtomicU64,
    cache: Mutex<Option<Cached>>,
    /// Set while one request rebuilds the index.
    rebuilding: AtomicBool,
    /// Held while the index is built: requests with no index to fall back on wait here for
    /// the one build instead of each building their own.
    building: futures::lock::Mutex<()>,
    /// AI re-ranking of the top matches; `None` leaves the engine's order.
    semantic: Option<Arc<dyn SemanticMatcher>>,
    rerank_top_n: usize,
}

/// The claim on a rebuild, released when dropped (also when the rebuild fails or is
/// cancelled).
struct Rebuilding<'a>(&'a AtomicBool);

impl<'a> Rebuilding<'a> {
    fn claim(flag: &'a AtomicBool) -> Option<Self> {
        (!flag.swap(true, Ordering::SeqCst)).then_some(Self(flag))
    }
}

impl Drop for Rebuilding<'_> {
    fn drop(&mut self) {
        self.0.store(false, Ordering::SeqCst);
    }
}

impl JobsService {
    pub fn new(jobs: Arc<dyn JobRepository>, ttl: Duration) -> Self {
        Self {
            jobs,
            ttl,
            generation: AtomicU64::new(0),
            cache: Mutex::new(None),
            rebuilding: AtomicBool::new(false),
            building: futures::lock::Mutex::new(()),
            semantic: None,
            rerank_top_n: DEFAULT_RERANK_TOP_N,
        }
    }

    /// Re-ranks the top `top_n` matches of [`JobsService::rerank`] with `matcher`.
    pub fn with_semantic_matcher(
        mut self,
        matcher: Arc<dyn SemanticMatcher>,
        top_n: usize,
    ) -> Self {
        self.semantic = Some(matcher);
        self.rerank_top_n = top_n.max(1);
        self
    }

    /// The engine's ranking (best first) with its top N re-ranked and re-explained by the
    /// semantic matcher, when `ai` allows it (the user's plan includes AI features) and one is
    /// configured. Any failure of the matcher, or an answer that does not hold exactly the
    /// jobs sent, leaves the engine's order (each result then says `source: rules`); the
    /// answer's `notice` says why the rules' order stands.
    pub async fn rerank(
        &self,
        user: UserId,
        cv: &ParsedCv,
        mut ranked: Vec<(JobMatch, Job)>,
        ai: AiUse,
    ) -> Ranked {
        let rules = |matches, notice: &str| Ranked {
            matches,
            notice: Some(notice.to_owned()),
        };
        let top_n = self.rerank_top_n.min(ranked.len());
        if top_n == 0 {
            return Ranked {
                matches: ranked,
                notice: None,
            };
        }
        let matcher = match (ai, &self.semantic) {
            (AiUse::NotInPlan, _) => return rules(ranked, notices::NOT_IN_PLAN),
            (AiUse::Allowed, None) => return rules(ranked, notices::NOT_CONFIGURED),
            (AiUse::Allowed, Some(matcher)) => matcher,
        };
        let top: Vec<MatchedJob> = ranked[..top_n]
            .iter()
            .map(|(result, job)| MatchedJob {
                job: job.clone(),
                result: result.clone(),
            })
            .collect();
        let revised = match matcher.rerank(user, cv, &top).await {
            Ok(revised) => revised,
            Err(error) => {
                tracing::warn!(error = %error, "AI re-ranking failed; the rules' order is used");
                return rules(ranked, notices::AI_FAILED);
            }
        };
        let Some(reordered) = same_jobs(top, revised) else {
            tracing::warn!("AI re-ranking changed the set of jobs; the rules' order is used");
            return rules(ranked, notices::AI_FAILED);
        };
        ranked.splice(..top_n, reordered);
        Ranked {
            matches: ranked,
            notice: None,
        }
    }

    pub async fn search(&self, search: &JobSearch) -> Result<SearchPage, JobError> {
        self.jobs.search(search).await
    }

    /// Open or closed; `NotFound` when no job has the id.
    pub async fn get(&self, id: JobId) -> Result<Job, JobError> {
        self.jobs.find_by_id(id).await?.ok_or(JobError::NotFound)
    }

    /// Stores a new job (or updates the one with the same source and external id).
    pub async fn create(&self, job: &NewJob) -> Result<Job, JobError> {
        let upserted = self.jobs.upsert(job).await;
        self.written();
        let id = match upserted? {
            Upserted::Created(id) | Upserted::Updated(id) | Upserted::Unchanged(id) => id,
        };
        self.get(id).await
    }

    /// Replaces the job's fields; its source and external id stay those it has (they are its
    /// import key). Writing a closed job reopens it, as an import would.
    pub async fn update(&self, id: JobId, mut job: NewJob) -> Result<Job, JobError> {
        let existing = self.get(id).await?;
        job.source = existing.details.source;
        job.external_id = existing.details.external_id;
        self.create(&job).await
    }

    pub async fn close(&self, id: JobId) -> Result<(), JobError> {
        let closed = self.jobs.close(id).await;
        self.written();
        closed
    }

    fn written(&self) {
        self.generation.fetch_add(1, Ordering::SeqCst);
    }

    /// The open jobs, from the cache when it is current, else built in the calling task.
    pub async fn open_jobs(&self) -> Result<Arc<OpenJobs>, JobError> {
        self.open_jobs_with(|jobs| async { Ok(OpenJobs::new(jobs)) })
            .await
    }

    /// The cached snapshot when only its age makes it stale: no write went through this
    /// service since it was built, but it is older than the TTL. A caller that can run work in
    /// the background serves it and refreshes it there ([`JobsService::open_jobs_with`]), so
    /// no request waits seconds for a rebuild that is only a periodic re-read (2–3 s for
    /// 95,000 jobs). `None` when it is current, missing, or outdated by a write here.
    pub fn aged_snapshot(&self) -> Option<AgedSnapshot> {
        let generation = self.generation.load(Ordering::SeqCst);
        let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
        cache
            .as_ref()
            .filter(|c| c.generation == generation && c.built.elapsed() >= self.ttl)
            .map(|c| AgedSnapshot {
                open: c.open.clone(),
                refresh_running: self.rebuilding.load(Ordering::SeqCst),
            })
    }

    /// The open jobs, from the cache when it is current. Otherwise `build` makes the index
    /// from `list_open()` (the server hands it to a blocking thread: building takes about
    /// 100 µs a job). While one request rebuilds, the others are served the stale index;
    /// with no index yet, they wait for that one build rather than each building their own.
    pub async fn open_jobs_with<E, F, Fut>(&self, build: F) -> Result<Arc<OpenJobs>, E>
    where
        E: From<JobError>,
        F: FnOnce(Vec<Job>) -> Fut,
        Fut: Future<Output = Result<OpenJobs, E>>,
    {
        let generation = self.generation.load(Ordering::SeqCst);
        let stale = {
            let cache = self.cache.lock().unwrap_or_else(PoisonError::into_inner);
            match cache.as_ref() {
                Some(c) if c.generation == generation && c.built.elapsed() < self.ttl => {
                    return Ok(c.open.clone());
                }
                other => other.map(|c| c.open.clone()),
            }
        };
        let rebuilding = Rebuilding::claim(&self.rebuilding);
        if let (None, Some(stale)) = (&rebuilding, stale) {
            return Ok(stale);
        }
        let building = self.building.lock().await;
        // Built by another request while this one waited: that one is current.
        if let Some(c) = self
            .cache
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .as_ref()
            .filter(|c| c.generation >= generation && c.built.elapsed() < self.ttl)
        {
            return Ok(c.open.clone());
        }
        let open = Arc::new(build(self.jobs.list_open().await?).await?);
        // Stored with the generation read before loading: a write made meanwhile leaves it
        // stale, so the next request rebuilds.
        *self.cache.lock().unwrap_or_else(PoisonError::into_inner) = Some(Cached {
            open: open.clone(),
            generation,
            built: Instant::now(),
        });
        drop(building);
        drop(rebuilding);
        Ok(open)
    }

    /// The match of one job (open or closed) for the candidate, from `open` (see
    /// [`JobsService::open_jobs`]). A job outside the cached
    /// index (closed, or newer than it) is scored in an index of its own: its skills then
    /// weigh alike, instead of by their rarity, and no request rebuilds the whole index.
    pub async fn match_one(
        &self,
        open: &OpenJobs,
        cv: &CandidateProfile,
        prefs: &Preferences,
        today: Date,
        id: JobId,
    ) -> Result<(JobMatch, Job), JobError> {
        if let Some(job) = open.job(id)
            && let Some(m) = open.index.match_job(cv, prefs, today, id)
        {
            return Ok((m, job.clone()));
        }
        let job = self.get(id).await?;
        let mut as_open = job.clone();
        as_open.status = crate::JobStatus::Open;
        let m = JobIndex::build([as_open])
            .match_job(cv, prefs, today, id)
            .ok_or(JobError::NotFound)?;
        Ok((m, job))
    }
}

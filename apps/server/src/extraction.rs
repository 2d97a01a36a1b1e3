//! CV extraction in a child process: the server's [`ExtractionRunner`].
//!
//! Every upload is extracted by a fresh `jobr-extract` process that first caps its own
//! address space and CPU time, reads the file from stdin and answers one JSON value on
//! stdout. The server bounds the wall-clock time (killing the child when it is up) and the
//! size of the answer. Whatever a hostile file does to the parsers (overflow the stack,
//! allocate a gigabyte, spin) kills only the child; the upload gets 422 `UNREADABLE_FILE`
//! and the log gets the file's SHA-256, never its content.
//!
//! A process per upload, never reused: a fresh process keeps no state from one stranger's
//! file to the next. Its start-up is kept off the upload's path instead: one spare worker is
//! started ahead of time and warms itself up (extracting a built-in PDF fills the parsers'
//! lazily built tables) before it waits for a file; an upload takes the spare, and a new spare
//! is started behind it. The cost that remains is measured in docs/benchmarks.md.

use std::{
    path::PathBuf,
    process::Stdio,
    sync::{Arc, Mutex},
    time::Duration,
};

use async_trait::async_trait;
use bytes::Bytes;
use jobr_cv::{
    CvDate, CvError, ExtractError, ExtractLimits, Extraction, ExtractionOutcome, ExtractionRunner,
    WorkerFault, sha256_hex,
};
use tokio::{
    io::{AsyncReadExt, AsyncWriteExt},
    process::{Child, Command},
    sync::Semaphore,
};

/// The worker's answer: the extraction, or the extractor's own refusal of the file.
pub type WorkerAnswer = Result<Extraction, ExtractError>;

/// The most a worker may write: the text is capped at 500,000 characters, so a real answer
/// is a few MiB at most.
pub const MAX_ANSWER_BYTES: usize = 16 * 1024 * 1024;

/// Exit codes of `jobr-extract` that mean the server called it wrongly (our fault, a 500),
/// as opposed to a crash while reading the file.
pub mod exit {
    pub const BAD_ARGUMENTS: i32 = 2;
    pub const LIMITS_NOT_SET: i32 = 3;
    pub const ANSWER_NOT_WRITTEN: i32 = 4;
}

/// How the server runs the worker.
#[derive(Debug, Clone)]
pub struct WorkerSettings {
    pub program: PathBuf,
    /// The child's address-space limit (RLIMIT_AS).
    pub memory_limit_bytes: u64,
    /// Wall-clock time before the child is killed; its CPU limit is this, rounded up.
    pub timeout: Duration,
    /// Children at once; later uploads wait their turn.
    pub max_concurrent: usize,
}

pub struct ProcessExtraction {
    settings: WorkerSettings,
    permits: Semaphore,
    /// A started, warming worker for the next upload, with the limits it was started with.
    spare: Spare,
}

impl ProcessExtraction {
    pub fn new(settings: WorkerSettings) -> Self {
        let permits = Semaphore::new(settings.max_concurrent.max(1));
        Self {
            settings,
            permits,
            spare: Arc::new(Mutex::new(None)),
        }
    }

    /// The spare worker if it is still alive and was started with these limits, else a new
    /// one. Either way the next spare is started, off this upload's path.
    fn take_worker(&self, terms: Terms) -> Result<Child, Failure> {
        let ready = lock(&self.spare)
            .take()
            .and_then(|(spare_terms, mut child)| {
                let alive = matches!(child.try_wait(), Ok(None));
                (spare_terms == terms && alive).then_some(child)
            });
        self.start_spare(terms);
        match ready {
            Some(child) => Ok(child),
            None => start_worker(&self.settings, terms),
        }
    }

    fn start_spare(&self, terms: Terms) {
        let (settings, spare) = (self.settings.clone(), Arc::clone(&self.spare));
        // Starting a process blocks for a moment (fork and exec): not on an async worker.
        tokio::task::spawn_blocking(move || {
            // A spare that cannot be started now is started with the next upload instead.
            if let Ok(child) = start_worker(&settings, terms) {
                let mut slot = lock(&spare);
                if slot.is_none() {
                    *slot = Some((terms, child));
                }
            }
        });
    }

    async fn run_child(&self, bytes: &Bytes, terms: Terms) -> Result<WorkerAnswer, Failure> {
        let mut child = self.take_worker(terms)?;
        let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(Failure::Ours("the worker's pipes were not set up".into()));
        };
        let exchange = async {
            let write = async {
                // A child that dies early closes its stdin: its exit status says why.
                let _ = stdin.write_all(bytes).await;
                drop(stdin);
            };
            let read = async {
                let mut answer = Vec::new();
                let read = stdout
                    .take(MAX_ANSWER_BYTES as u64 + 1)
                    .read_to_end(&mut answer)
                    .await;
                read.map(|_| answer)
            };
            let ((), answer) = tokio::join!(write, read);
            answer
        };
        let answer = match tokio::time::timeout(self.settings.timeout, exchange).await {
            Err(_) => {
                let _ = child.kill().await;
                return Err(Failure::File(WorkerFault::TimedOut));
            }
            Ok(Err(_)) => {
                let _ = child.kill().await;
                return Err(Failure::File(WorkerFault::Crashed));
            }
            Ok(Ok(answer)) if answer.len() > MAX_ANSWER_BYTES => {
                let _ = child.kill().await;
                return Err(Failure::File(WorkerFault::OutputTooLarge));
            }
            Ok(Ok(answer)) => answer,
        };
        // Stdout is closed, so the child is exiting; the timeout still bounds a child that
        // closed it and kept running.
        let status = match tokio::time::timeout(self.settings.timeout, child.wait()).await {
            Err(_) => {
                let _ = child.kill().await;
                return Err(Failure::File(WorkerFault::TimedOut));
            }
            Ok(status) => status.map_err(|e| Failure::Ours(Box::new(e)))?,
        };
        match status.code() {
            Some(0) => {
                serde_json::from_slice(&answer).map_err(|_| Failure::File(WorkerFault::BadOutput))
            }
            Some(exit::BAD_ARGUMENTS | exit::LIMITS_NOT_SET | exit::ANSWER_NOT_WRITTEN) => Err(
                Failure::Ours(format!("the extraction worker failed to start: {status}").into()),
            ),
            // Killed by a signal (stack overflow, abort on a failed allocation, CPU limit) or
            // a panic that escaped the extractor: the file did it.
            _ => Err(Failure::File(WorkerFault::Crashed)),
        }
    }
}

fn start_worker(settings: &WorkerSettings, (limits, today): Terms) -> Result<Child, Failure> {
    let limits_json = serde_json::to_string(&limits).map_err(|e| Failure::Ours(Box::new(e)))?;
    let cpu_seconds = settings.timeout.as_millis().div_ceil(1000).max(1);
    Command::new(&settings.program)
        .arg(settings.memory_limit_bytes.to_string())
        .arg(cpu_seconds.to_string())
        .arg(limits_json)
        .arg(today.to_string())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env_clear()
        .kill_on_drop(true)
        .spawn()
        .map_err(|e| Failure::Ours(Box::new(e)))
}

/// What a worker is started with: the parsers' limits and the date "Present" is counted to.
/// A spare started on other terms (say, before midnight at a month's end) is not used.
type Terms = (ExtractLimits, CvDate);

type Spare = Arc<Mutex<Option<(Terms, Child)>>>;

/// The spare slot is a plain value: a panic elsewhere cannot leave it half-updated.
fn lock(spare: &Spare) -> std::sync::MutexGuard<'_, Option<(Terms, Child)>> {
    spare
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

enum Failure {
    File(WorkerFault),
    Ours(Box<dyn std::error::Error + Send + Sync>),
}

#[async_trait]
impl ExtractionRunner for ProcessExtraction {
    async fn run(&self, bytes: Bytes, limits: ExtractLimits, today: CvDate) -> ExtractionOutcome {
        let _permit = self
            .permits
            .acquire()
            .await
            .map_err(|e| CvError::Internal(Box::new(e)))?;
        match self.run_child(&bytes, (limits, today)).await {
            Ok(answer) => Ok(answer?),
            Err(Failure::File(fault)) => {
                tracing::warn!(
                    sha256 = %sha256_hex(&bytes),
                    size = bytes.len(),
                    %fault,
                    "an uploaded file made the extraction worker fail"
                );
                Err(CvError::Unreadable(fault))
            }
            Err(Failure::Ours(error)) => Err(CvError::Internal(error)),
        }
    }
}

/// The worker's side: `jobr-extract MEMORY_BYTES CPU_SECONDS LIMITS_JSON TODAY < file > answer`
/// (TODAY as `YYYY-MM`).
pub mod worker {
    use std::io::{Read, Write};

    use jobr_cv::{CvDate, ExtractError, ExtractLimits, extract_and_parse};
    use rlimit::Resource;

    use super::{WorkerAnswer, exit};

    /// A one-page CV, extracted once at start so the tables pdf-extract and the rules build
    /// lazily are ready before the upload arrives.
    const WARM_UP_PDF: &[u8] =
        include_bytes!("../../../crates/domain/cv/tests/fixtures/jane-doe-onecol.pdf");

    /// Runs the worker and returns its exit code.
    pub fn main(args: &[String]) -> i32 {
        let [memory, cpu, limits, today] = args else {
            return exit::BAD_ARGUMENTS;
        };
        let (Ok(memory), Ok(cpu), Ok(limits), Ok(today)) = (
            memory.parse::<u64>(),
            cpu.parse::<u64>(),
            serde_json::from_str::<ExtractLimits>(limits),
            today.parse::<CvDate>(),
        ) else {
            return exit::BAD_ARGUMENTS;
        };
        if confine(memory, cpu).is_err() {
            return exit::LIMITS_NOT_SET;
        }
        // Before the file comes: the parsers build their tables on first use.
        let _ = extract_and_parse(WARM_UP_PDF, &limits, today);
        let answer = answer(&limits, today);
        let mut stdout = std::io::stdout().lock();
        let written = serde_json::to_writer(&mut stdout, &answer).is_ok() && stdout.flush().is_ok();
        if written { 0 } else { exit::ANSWER_NOT_WRITTEN }
    }

    fn answer(limits: &ExtractLimits, today: CvDate) -> WorkerAnswer {
        let mut bytes = Vec::new();
        let cap = limits.max_input_bytes as u64 + 1;
        if std::io::stdin()
            .lock()
            .take(cap)
            .read_to_end(&mut bytes)
            .is_err()
        {
            return Err(ExtractError::Corrupt(
                "the file could not be received".into(),
            ));
        }
        extract_and_parse(&bytes, limits, today)
    }

    /// Address space and CPU time as given; no core dumps (they would hold the CV), no
    /// files written.
    fn confine(memory_bytes: u64, cpu_seconds: u64) -> std::io::Result<()> {
        Resource::CORE.set(0, 0)?;
        Resource::FSIZE.set(0, 0)?;
        Resource::CPU.set(cpu_seconds, cpu_seconds + 1)?;
        Resource::AS.set(memory_bytes, memory_bytes)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]

    use super::*;

    /// A stand-in worker: a shell script that misbehaves as told.
    struct FakeWorker {
        dir: PathBuf,
    }

    impl FakeWorker {
        fn new(script: &str) -> (Self, ProcessExtraction) {
            let dir = std::env::temp_dir().join(format!(
                "jobr-fake-worker-{}",
                uuid::Uuid::new_v4().simple()
            ));
            std::fs::create_dir_all(&dir).unwrap();
            let program = dir.join("worker.sh");
            write_executable(&program, &format!("#!/bin/sh\n{script}\n"));
            let runner = ProcessExtraction::new(WorkerSettings {
                program,
                memory_limit_bytes: 256 * 1024 * 1024,
                timeout: Duration::from_millis(500),
                max_concurrent: 2,
            });
            (Self { dir }, runner)
        }
    }

    /// Writes the script from a short-lived child process, never from this one: a test on
    /// another thread that forks while this process holds the file open for writing would
    /// carry that descriptor until its exec, and starting the script then fails with
    /// "Text file busy" (ETXTBSY).
    fn write_executable(path: &std::path::Path, content: &str) {
        use std::io::Write;
        let mut writer = std::process::Command::new("/bin/sh")
            .args(["-c", "cat > \"$1\" && chmod 755 \"$1\"", "sh"])
            .arg(path)
            .stdin(Stdio::piped())
            .spawn()
            .unwrap();
        writer
            .stdin
            .take()
            .unwrap()
            .write_all(content.as_bytes())
            .unwrap();
        assert!(writer.wait().unwrap().success());
    }

    impl Drop for FakeWorker {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }

    async fn run(script: &str) -> ExtractionOutcome {
        let (_worker, runner) = FakeWorker::new(script);
        runner
            .run(
                Bytes::from_static(b"Jane Doe\njane@example.org\n"),
                ExtractLimits::default(),
                CvDate::year_month(2026, 11),
            )
            .await
    }

    #[tokio::test]
    async fn a_worker_killed_by_a_signal_is_unreadable() {
        let outcome = run("cat > /dev/null; kill -KILL $$").await;
        assert!(
            matches!(outcome, Err(CvError::Unreadable(WorkerFault::Crashed))),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn a_worker_that_hangs_is_killed_at_the_timeout() {
        let started = std::time::Instant::now();
        let outcome = run("exec sleep 30").await;
        assert!(
            matches!(outcome, Err(CvError::Unreadable(WorkerFault::TimedOut))),
            "{outcome:?}"
        );
        assert!(started.elapsed() < Duration::from_secs(5));
    }

    #[tokio::test]
    async fn a_worker_answering_garbage_is_unreadable() {
        let outcome = run("cat > /dev/null; echo not-json").await;
        assert!(
            matches!(outcome, Err(CvError::Unreadable(WorkerFault::BadOutput))),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn a_worker_answering_without_end_is_cut_off() {
        let outcome = run("cat > /dev/null; exec yes").await;
        assert!(
            matches!(
                outcome,
                Err(CvError::Unreadable(
                    WorkerFault::OutputTooLarge | WorkerFault::TimedOut
                ))
            ),
            "{outcome:?}"
        );
    }

    #[tokio::test]
    async fn a_worker_called_wrongly_is_our_fault_not_the_files() {
        let outcome = run(&format!("exit {}", exit::BAD_ARGUMENTS)).await;
        assert!(matches!(outcome, Err(CvError::Internal(_))), "{outcome:?}");
    }

    #[tokio::test]
    async fn a_missing_worker_is_our_fault() {
        let runner = ProcessExtraction::new(WorkerSettings {
            program: PathBuf::from("/nonexistent/jobr-extract"),
            memory_limit_bytes: 256 * 1024 * 1024,
            timeout: Duration::from_secs(1),
            max_concurrent: 1,
        });
        let outcome = runner
            .run(
                Bytes::from_static(b"x"),
                ExtractLimits::default(),
                CvDate::year_month(2026, 11),
            )
            .await;
        assert!(matches!(outcome, Err(CvError::Internal(_))), "{outcome:?}");
    }

    #[tokio::test]
    async fn the_extractors_own_refusal_comes_through_as_it_is() {
        let refusal = serde_json::to_string(&WorkerAnswer::Err(ExtractError::Encrypted)).unwrap();
        let outcome = run(&format!("cat > /dev/null; printf '%s' '{refusal}'")).await;
        assert!(
            matches!(outcome, Err(CvError::Extract(ExtractError::Encrypted))),
            "{outcome:?}"
        );
    }
}

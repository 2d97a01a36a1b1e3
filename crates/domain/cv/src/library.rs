//! A user's uploaded CVs: the upload use case (extract, parse, keep the file and the result)
//! and the ports it stores through. Every read and delete is scoped to the owner.

use crate::{
    CvDate, CvError, CvParsingService, CvRepository, CvSummary, DocumentFormat, ExtractError,
    ParsedCv,
};
use bytes::Bytes;
use jobr_core::{
    AiUse, Clock, CvId, FileStore, FileStoreError, Page, Paged, StorageError, Timestamp, UserId,
};
use sha2::{Digest, Sha256};
use std::{sync::Arc, time::Duration};

/// The upload cap (seed: 5 MB).
pub const MAX_UPLOAD_BYTES: usize = 5 * 1024 * 1024;
const MAX_FILE_NAME_CHARS: usize = 255;

#[derive(Debug, Clone, PartialEq)]
pub struct CvRecord {
    pub id: CvId,
    pub user_id: UserId,
    /// As the user named it, cleaned; for display only, never used as a path.
    pub file_name: String,
    pub format: DocumentFormat,
    pub size_bytes: i64,
    pub sha256: String,
    /// Where the original is kept in the [`FileStore`].
    pub file_key: String,
    pub text: String,
    pub parsed: ParsedCv,
    pub created_at: Timestamp,
}

impl CvRecord {
    /// What a list shows of this CV.
    pub fn summary(&self) -> CvSummary {
        CvSummary {
            id: self.id,
            file_name: self.file_name.clone(),
            format: self.format,
            size_bytes: self.size_bytes,
            sha256: self.sha256.clone(),
            source: self.parsed.source,
            name: self.parsed.name.clone(),
            created_at: self.created_at,
        }
    }
}

/// A CV just uploaded, and what the upload answer tells the user about how it was parsed.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadedCv {
    pub record: CvRecord,
    /// Why the rules structured it rather than the AI (not in the plan, not configured, the
    /// AI failed); `None` when the AI did. Said once, at upload: it is not stored.
    pub notice: Option<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum CvLibraryError {
    #[error(transparent)]
    Unreadable(#[from] CvError),
    #[error("the file is larger than {limit} bytes")]
    TooLarge { limit: usize },
    #[error("CV not found")]
    NotFound,
    #[error("CV storage failed")]
    Storage(#[from] StorageError),
}

/// A file store fault is a storage fault like any other; the store's error stays the source.
impl From<FileStoreError> for CvLibraryError {
    fn from(error: FileStoreError) -> Self {
        Self::Storage(StorageError::failed(error))
    }
}

pub struct CvLibrary {
    parsing: CvParsingService,
    repository: Arc<dyn CvRepository>,
    files: Arc<dyn FileStore>,
    clock: Arc<dyn Clock>,
}

impl CvLibrary {
    pub fn new(
        parsing: CvParsingService,
        repository: Arc<dyn CvRepository>,
        files: Arc<dyn FileStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            parsing,
            repository,
            files,
            clock,
        }
    }

    pub fn parsing(&self) -> &CvParsingService {
        &self.parsing
    }

    /// Parses the file first (a file that cannot be read is refused before anything is kept),
    /// then writes the record as pending, the file, and marks the record stored.
    ///
    /// Row first, file second: a crash between the two leaves a pending row that names the
    /// file, which [`CvLibrary::sweep_abandoned`] finds through an index and removes with its
    /// file. The other order would leave a file no row points to, findable only by listing the
    /// whole file store. If a write fails here, what was written is removed again at once.
    ///
    /// `ai` is the user's AI gate (from their plan): with [`AiUse::NotInPlan`] no AI is asked.
    pub async fn upload(
        &self,
        user: UserId,
        file_name: &str,
        bytes: Bytes,
        ai: AiUse,
    ) -> Result<UploadedCv, CvLibraryError> {
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(CvLibraryError::TooLarge {
                limit: MAX_UPLOAD_BYTES,
            });
        }
        // The runner gets a handle on the same buffer, not a copy.
        let document = self
            .parsing
            .parse_document(bytes.clone(), Some(user), ai, self.today())
            .await?;
        let id = CvId::new();
        let record = CvRecord {
            id,
            user_id: user,
            file_name: clean_file_name(file_name),
            format: document.format,
            size_bytes: bytes.len() as i64,
            sha256: sha256_hex(&bytes),
            file_key: format!("cvs/{user}/{id}"),
            text: document.text,
            parsed: document.parsed,
            created_at: self.clock.now(),
        };
        self.store(&record, bytes).await?;
        Ok(UploadedCv {
            record,
            notice: document.notice,
        })
    }

    // ---- no orphans: the write and delete sequences, and the sweep (see docs/architecture.md)

    /// Pending row, file, stored. A failure undoes what was written; what cannot be undone
    /// here stays pending, which the user never sees and the sweep removes.
    async fn store(&self, record: &CvRecord, bytes: Bytes) -> Result<(), CvLibraryError> {
        self.repository.insert_pending(record).await?;
        if let Err(error) = self.files.put(&record.file_key, bytes).await {
            // The put may have failed after writing: the file goes first, and the row only
            // once it is gone, so a failed delete leaves the row for the sweep to find.
            if self.files.delete(&record.file_key).await.is_ok() {
                let _ = self.repository.remove_unfinished(record.id).await;
            }
            return Err(error.into());
        }
        match self.repository.mark_stored(record.id).await {
            Ok(true) => Ok(()),
            Ok(false) => {
                // The sweep claimed the upload as abandoned (it outlived the grace age) and may
                // have looked for the file before it was written: remove it here too.
                let _ = self.files.delete(&record.file_key).await;
                Err(CvLibraryError::Storage(StorageError::failed(
                    "the upload outlived its grace age and was swept",
                )))
            }
            // Nothing is undone: the update may have committed before the error, and a stored
            // row must keep its file. If it did not, the row is still pending: the sweep's.
            Err(error) => Err(error),
        }
    }

    /// Removes the CVs that a crash or a failed clean-up left half-written or half-deleted:
    /// uploads still pending after `grace` (older than any upload in flight can be), and every
    /// CV marked for deletion. Files go before rows, so a crash here is picked up next time.
    pub async fn sweep_abandoned(&self, grace: Duration) -> Result<SweepReport, CvLibraryError> {
        let now = self.clock.now();
        let mut report = SweepReport::default();
        // A grace age beyond the calendar's range means nothing is old enough to take.
        let Some(created_before) = grace
            .try_into()
            .ok()
            .and_then(|grace| now.checked_sub(grace))
        else {
            return Ok(report);
        };
        loop {
            let batch = self
                .repository
                .claim_abandoned(created_before, SWEEP_BATCH)
                .await?;
            let full = batch.len() == SWEEP_BATCH as usize;
            let mut all_removed = true;
            for file in batch {
                if self.files.delete(&file.file_key).await.is_err() {
                    // The row stays marked for deletion, so the next sweep retries it.
                    report.failed += 1;
                    all_removed = false;
                    continue;
                }
                if self.repository.remove_unfinished(file.id).await? {
                    report.removed += 1;
                }
            }
            if !full || !all_removed {
                return Ok(report);
            }
        }
    }

    // ---- end of the no-orphans part

    /// The user's CVs as summaries, newest first.
    pub async fn list(&self, user: UserId, page: Page) -> Result<Paged<CvSummary>, CvLibraryError> {
        self.repository.list_for_user(user, page).await
    }

    pub async fn get(&self, user: UserId, id: CvId) -> Result<CvRecord, CvLibraryError> {
        self.repository
            .find_for_user(user, id)
            .await?
            .ok_or(CvLibraryError::NotFound)
    }

    /// Marks the CV deleted (from then on it is gone for the user), removes the file, then the
    /// row. If the file cannot be removed the error is reported and the sweep retries it.
    pub async fn delete(&self, user: UserId, id: CvId) -> Result<(), CvLibraryError> {
        let file = self
            .repository
            .begin_delete_for_user(user, id)
            .await?
            .ok_or(CvLibraryError::NotFound)?;
        self.files.delete(&file.file_key).await?;
        self.repository.remove_unfinished(file.id).await?;
        Ok(())
    }

    /// This month, by the library's clock: "present" jobs are dated from it.
    fn today(&self) -> CvDate {
        CvDate::month_of(self.clock.now())
    }
}

/// How many CVs one sweep query claims; a sweep repeats until it finds fewer.
const SWEEP_BATCH: u32 = 100;

/// What [`CvLibrary::sweep_abandoned`] did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SweepReport {
    /// CVs whose file and row were removed.
    pub removed: u64,
    /// CVs whose file could not be removed; they stay marked and are retried next time.
    pub failed: u64,
}

impl DocumentFormat {
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentFormat::Pdf => "pdf",
            DocumentFormat::Docx => "docx",
            DocumentFormat::Txt => "txt",
        }
    }

    pub fn parse(value: &str) -> Option<Self> {
        match value {
            "pdf" => Some(DocumentFormat::Pdf),
            "docx" => Some(DocumentFormat::Docx),
            "txt" => Some(DocumentFormat::Txt),
            _ => None,
        }
    }
}

impl CvLibraryError {
    /// The extraction failure behind this error, if that is what it is.
    pub fn extract_error(&self) -> Option<&ExtractError> {
        match self {
            CvLibraryError::Unreadable(CvError::Extract(error)) => Some(error),
            _ => None,
        }
    }
}

/// Keeps the last path segment, drops control characters, bounds the length.
fn clean_file_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or_default();
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_FILE_NAME_CHARS)
        .collect();
    let cleaned = cleaned.trim();
    if cleaned.is_empty() {
        "cv".to_string()
    } else {
        cleaned.to_string()
    }
}

/// A file's SHA-256 in lower-case hex: the record's `sha256`, and how logs name a file without
/// showing it.
pub fn sha256_hex(bytes: &[u8]) -> String {
    format!("{:x}", Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(
            clean_file_name("C:\\Users\\ada\\CV 2024.pdf"),
            "CV 2024.pdf"
        );
        assert_eq!(clean_file_name("cv\u{0}\n.pdf"), "cv.pdf");
        assert_eq!(clean_file_name(""), "cv");
        assert_eq!(clean_file_name(&"x".repeat(300)).len(), 255);
    }
}

//! A user's uploaded CVs: the upload use case (extract, parse, keep the file and the result)
//! and the ports it stores through. Every read and delete is scoped to the owner.

use crate::{CvError, CvParsingService, DocumentFormat, ExtractError, ParsedCv};
use async_trait::async_trait;
use jobr_core::{
    Clock, CvId, FileStore, FileStoreError, Page, Paged, StorageError, Timestamp, UserId,
};
use sha2::{Digest, Sha256};
use std::sync::Arc;

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

#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait CvRepository: Send + Sync {
    async fn insert(&self, cv: &CvRecord) -> Result<(), CvLibraryError>;

    /// The owner's CVs, newest first. MUST never include another user's CV.
    async fn list_for_user(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<CvRecord>, CvLibraryError>;

    /// MUST return `None` when the CV belongs to someone else, exactly as when it does not exist.
    async fn find_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError>;

    /// Deletes and returns the CV if the user owns it; `None` otherwise (nothing is deleted).
    async fn delete_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError>;
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
    /// then stores the original and the record. If the record cannot be stored the file is
    /// removed again, so no orphan is left behind.
    pub async fn upload(
        &self,
        user: UserId,
        file_name: &str,
        bytes: &[u8],
    ) -> Result<CvRecord, CvLibraryError> {
        if bytes.len() > MAX_UPLOAD_BYTES {
            return Err(CvLibraryError::TooLarge {
                limit: MAX_UPLOAD_BYTES,
            });
        }
        let document = self.parsing.parse_document(bytes, Some(user)).await?;
        let id = CvId::new();
        let record = CvRecord {
            id,
            user_id: user,
            file_name: clean_file_name(file_name),
            format: document.format,
            size_bytes: bytes.len() as i64,
            sha256: hex(&Sha256::digest(bytes)),
            file_key: format!("cvs/{user}/{id}"),
            text: document.text,
            parsed: document.parsed,
            created_at: self.clock.now(),
        };
        self.files.put(&record.file_key, bytes).await?;
        if let Err(error) = self.repository.insert(&record).await {
            let _ = self.files.delete(&record.file_key).await;
            return Err(error);
        }
        Ok(record)
    }

    pub async fn list(&self, user: UserId, page: Page) -> Result<Paged<CvRecord>, CvLibraryError> {
        self.repository.list_for_user(user, page).await
    }

    pub async fn get(&self, user: UserId, id: CvId) -> Result<CvRecord, CvLibraryError> {
        self.repository
            .find_for_user(user, id)
            .await?
            .ok_or(CvLibraryError::NotFound)
    }

    /// Removes the record, then the file: once the call returns the CV is gone for the user
    /// even if the file removal failed (the error is still reported).
    pub async fn delete(&self, user: UserId, id: CvId) -> Result<(), CvLibraryError> {
        let record = self
            .repository
            .delete_for_user(user, id)
            .await?
            .ok_or(CvLibraryError::NotFound)?;
        self.files.delete(&record.file_key).await?;
        Ok(())
    }
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

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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

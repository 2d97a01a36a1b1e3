use crate::{Database, DatabaseError, schema::cvs};
use async_trait::async_trait;
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl, SelectableHelper};
use diesel_async::RunQueryDsl;
use jobr_core::{BoxError, CvId, Page, Paged, StorageError, Timestamp, UserId};
use jobr_cv::{CvLibraryError, CvRecord, CvRepository, DocumentFormat, ParseSource, ParsedCv};
use uuid::Uuid;

#[derive(Clone)]
pub struct PgCvRepository {
    db: Database,
}

impl PgCvRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[derive(diesel::Queryable, diesel::Selectable, diesel::Insertable)]
#[diesel(table_name = cvs, check_for_backend(diesel::pg::Pg))]
struct CvRow {
    id: Uuid,
    user_id: Uuid,
    file_name: String,
    format: String,
    size_bytes: i64,
    sha256: String,
    file_key: String,
    text: String,
    parsed: serde_json::Value,
    source: String,
    created_at: Timestamp,
}

fn failed(error: impl Into<DatabaseError>) -> CvLibraryError {
    CvLibraryError::Storage(error.into().into())
}

/// A stored row the domain cannot read back (an unknown format, unparsable JSON).
fn corrupt(error: impl Into<BoxError>) -> CvLibraryError {
    CvLibraryError::Storage(StorageError::failed(error))
}

impl TryFrom<&CvRecord> for CvRow {
    type Error = CvLibraryError;

    fn try_from(cv: &CvRecord) -> Result<Self, CvLibraryError> {
        Ok(CvRow {
            id: cv.id.0,
            user_id: cv.user_id.0,
            file_name: cv.file_name.clone(),
            format: cv.format.as_str().to_string(),
            size_bytes: cv.size_bytes,
            sha256: cv.sha256.clone(),
            file_key: cv.file_key.clone(),
            text: cv.text.clone(),
            parsed: serde_json::to_value(&cv.parsed).map_err(corrupt)?,
            source: match cv.parsed.source {
                ParseSource::Ai => "ai",
                ParseSource::Rules => "rules",
            }
            .to_string(),
            created_at: cv.created_at,
        })
    }
}

impl TryFrom<CvRow> for CvRecord {
    type Error = CvLibraryError;

    fn try_from(row: CvRow) -> Result<Self, CvLibraryError> {
        let format = DocumentFormat::parse(&row.format)
            .ok_or_else(|| corrupt(format!("cv {}: unknown format {}", row.id, row.format)))?;
        let parsed: ParsedCv = serde_json::from_value(row.parsed).map_err(corrupt)?;
        Ok(CvRecord {
            id: CvId(row.id),
            user_id: UserId(row.user_id),
            file_name: row.file_name,
            format,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            file_key: row.file_key,
            text: row.text,
            parsed,
            created_at: row.created_at,
        })
    }
}

#[async_trait]
impl CvRepository for PgCvRepository {
    async fn insert(&self, cv: &CvRecord) -> Result<(), CvLibraryError> {
        let row = CvRow::try_from(cv)?;
        let mut conn = self.db.connection().await.map_err(failed)?;
        diesel::insert_into(cvs::table)
            .values(&row)
            .execute(&mut conn)
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn list_for_user(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<CvRecord>, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let total: i64 = cvs::table
            .filter(cvs::user_id.eq(user.0))
            .count()
            .get_result(&mut conn)
            .await
            .map_err(failed)?;
        let rows: Vec<CvRow> = cvs::table
            .filter(cvs::user_id.eq(user.0))
            .order((cvs::created_at.desc(), cvs::id.desc()))
            .limit(i64::from(page.size()))
            .offset(i64::try_from(page.offset()).unwrap_or(i64::MAX))
            .select(CvRow::as_select())
            .load(&mut conn)
            .await
            .map_err(failed)?;
        Ok(Paged {
            items: rows
                .into_iter()
                .map(CvRecord::try_from)
                .collect::<Result<_, _>>()?,
            page,
            total: u64::try_from(total).unwrap_or(0),
        })
    }

    async fn find_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        cvs::table
            .filter(cvs::id.eq(id.0))
            .filter(cvs::user_id.eq(user.0))
            .select(CvRow::as_select())
            .first(&mut conn)
            .await
            .optional()
            .map_err(failed)?
            .map(CvRecord::try_from)
            .transpose()
    }

    async fn delete_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        diesel::delete(
            cvs::table
                .filter(cvs::id.eq(id.0))
                .filter(cvs::user_id.eq(user.0)),
        )
        .returning(CvRow::as_returning())
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(failed)?
        .map(CvRecord::try_from)
        .transpose()
    }
}

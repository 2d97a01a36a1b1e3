use crate::{Database, DatabaseError, schema::cvs};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, NullableExpressionMethods, OptionalExtension, PgAnyJsonExpressionMethods,
    QueryDsl, SelectableHelper,
};
use diesel_async::RunQueryDsl;
use jobr_core::{BoxError, CvId, Page, Paged, StorageError, Timestamp, UserId};
use jobr_cv::{
    CvFile, CvLibraryError, CvRecord, CvRepository, CvSummary, DocumentFormat, ParseSource,
    ParsedCv,
};
use uuid::Uuid;

/// The `state` column's values; see [`CvRepository`] for what they mean.
const PENDING: &str = "pending";
const STORED: &str = "stored";
const DELETING: &str = "deleting";

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
    state: String,
}

/// What a list shows: the text and the parse stay in the database; only the name is taken out
/// of the parse, by PostgreSQL (`parsed->>'name'`).
#[derive(diesel::Queryable)]
struct SummaryRow {
    id: Uuid,
    file_name: String,
    format: String,
    size_bytes: i64,
    sha256: String,
    source: String,
    name: Option<String>,
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
            source: source_str(cv.parsed.source).to_string(),
            created_at: cv.created_at,
            state: PENDING.to_string(),
        })
    }
}

fn source_str(source: ParseSource) -> &'static str {
    match source {
        ParseSource::Ai => "ai",
        ParseSource::Rules => "rules",
    }
}

fn format_of(id: Uuid, format: &str) -> Result<DocumentFormat, CvLibraryError> {
    DocumentFormat::parse(format)
        .ok_or_else(|| corrupt(format!("cv {id}: unknown format {format}")))
}

fn source_of(id: Uuid, source: &str) -> Result<ParseSource, CvLibraryError> {
    match source {
        "ai" => Ok(ParseSource::Ai),
        "rules" => Ok(ParseSource::Rules),
        other => Err(corrupt(format!("cv {id}: unknown source {other}"))),
    }
}

impl TryFrom<SummaryRow> for CvSummary {
    type Error = CvLibraryError;

    fn try_from(row: SummaryRow) -> Result<Self, CvLibraryError> {
        Ok(CvSummary {
            id: CvId(row.id),
            format: format_of(row.id, &row.format)?,
            source: source_of(row.id, &row.source)?,
            file_name: row.file_name,
            size_bytes: row.size_bytes,
            sha256: row.sha256,
            name: row.name,
            created_at: row.created_at,
        })
    }
}

impl TryFrom<CvRow> for CvRecord {
    type Error = CvLibraryError;

    fn try_from(row: CvRow) -> Result<Self, CvLibraryError> {
        let format = format_of(row.id, &row.format)?;
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
    async fn insert_pending(&self, cv: &CvRecord) -> Result<(), CvLibraryError> {
        let row = CvRow::try_from(cv)?;
        let mut conn = self.db.connection().await.map_err(failed)?;
        diesel::insert_into(cvs::table)
            .values(&row)
            .execute(&mut conn)
            .await
            .map_err(failed)?;
        Ok(())
    }

    async fn mark_stored(&self, id: CvId) -> Result<bool, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        // Conditional on `pending`, so a row the sweep has claimed stays claimed.
        let updated = diesel::update(
            cvs::table
                .filter(cvs::id.eq(id.0))
                .filter(cvs::state.eq(PENDING)),
        )
        .set(cvs::state.eq(STORED))
        .execute(&mut conn)
        .await
        .map_err(failed)?;
        Ok(updated == 1)
    }

    async fn list_for_user(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<CvSummary>, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let mine = cvs::table
            .filter(cvs::user_id.eq(user.0))
            .filter(cvs::state.eq(STORED));
        let total: i64 = mine.count().get_result(&mut conn).await.map_err(failed)?;
        let rows: Vec<SummaryRow> = mine
            .order((cvs::created_at.desc(), cvs::id.desc()))
            .limit(i64::from(page.size()))
            .offset(i64::try_from(page.offset()).unwrap_or(i64::MAX))
            .select((
                cvs::id,
                cvs::file_name,
                cvs::format,
                cvs::size_bytes,
                cvs::sha256,
                cvs::source,
                // `->>` is NULL for a missing key or a JSON null, whatever the column says.
                cvs::parsed.retrieve_as_text("name").nullable(),
                cvs::created_at,
            ))
            .load(&mut conn)
            .await
            .map_err(failed)?;
        Ok(Paged {
            items: rows
                .into_iter()
                .map(CvSummary::try_from)
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
            .filter(cvs::state.eq(STORED))
            .select(CvRow::as_select())
            .first(&mut conn)
            .await
            .optional()
            .map_err(failed)?
            .map(CvRecord::try_from)
            .transpose()
    }

    async fn begin_delete_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvFile>, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let file_key: Option<String> = diesel::update(
            cvs::table
                .filter(cvs::id.eq(id.0))
                .filter(cvs::user_id.eq(user.0))
                .filter(cvs::state.eq(STORED)),
        )
        .set(cvs::state.eq(DELETING))
        .returning(cvs::file_key)
        .get_result(&mut conn)
        .await
        .optional()
        .map_err(failed)?;
        Ok(file_key.map(|file_key| CvFile { id, file_key }))
    }

    async fn remove_unfinished(&self, id: CvId) -> Result<bool, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        let deleted = diesel::delete(
            cvs::table
                .filter(cvs::id.eq(id.0))
                .filter(cvs::state.ne(STORED)),
        )
        .execute(&mut conn)
        .await
        .map_err(failed)?;
        Ok(deleted == 1)
    }

    async fn claim_abandoned(
        &self,
        created_before: Timestamp,
        limit: u32,
    ) -> Result<Vec<CvFile>, CvLibraryError> {
        let mut conn = self.db.connection().await.map_err(failed)?;
        // Both statements use cvs_unfinished_idx. The claim is one conditional UPDATE, so an
        // upload that marks its row stored at the same moment either wins (and keeps its CV)
        // or finds the row claimed (and removes its own file).
        diesel::update(
            cvs::table
                .filter(cvs::state.eq(PENDING))
                .filter(cvs::created_at.lt(created_before)),
        )
        .set(cvs::state.eq(DELETING))
        .execute(&mut conn)
        .await
        .map_err(failed)?;
        let rows: Vec<(Uuid, String)> = cvs::table
            .filter(cvs::state.eq(DELETING))
            .order((cvs::created_at.asc(), cvs::id.asc()))
            .limit(i64::from(limit))
            .select((cvs::id, cvs::file_key))
            .load(&mut conn)
            .await
            .map_err(failed)?;
        Ok(rows
            .into_iter()
            .map(|(id, file_key)| CvFile {
                id: CvId(id),
                file_key,
            })
            .collect())
    }
}

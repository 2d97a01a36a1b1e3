use crate::{Database, schema::refresh_tokens, users::unexpected};
use async_trait::async_trait;
use diesel::{
    ExpressionMethods, OptionalExtension, QueryDsl, QueryResult, SelectableHelper,
    sql_types::BigInt,
};
use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl};
use jobr_accounts::{AccountError, RefreshToken, RefreshTokenRepository};
use jobr_core::{Timestamp, UserId};
use uuid::Uuid;

#[derive(Clone)]
pub struct PgRefreshTokenRepository {
    db: Database,
}

impl PgRefreshTokenRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

#[derive(diesel::Queryable, diesel::Selectable, diesel::Insertable)]
#[diesel(table_name = refresh_tokens, check_for_backend(diesel::pg::Pg))]
struct RefreshTokenRow {
    id: Uuid,
    user_id: Uuid,
    family_id: Uuid,
    token_hash: String,
    expires_at: Timestamp,
    created_at: Timestamp,
    revoked_at: Option<Timestamp>,
    replaced_by: Option<Uuid>,
}

impl From<RefreshTokenRow> for RefreshToken {
    fn from(row: RefreshTokenRow) -> Self {
        RefreshToken {
            id: row.id,
            user_id: UserId(row.user_id),
            family_id: row.family_id,
            token_hash: row.token_hash,
            expires_at: row.expires_at,
            created_at: row.created_at,
            revoked_at: row.revoked_at,
            replaced_by: row.replaced_by,
        }
    }
}

impl From<&RefreshToken> for RefreshTokenRow {
    fn from(token: &RefreshToken) -> Self {
        RefreshTokenRow {
            id: token.id,
            user_id: token.user_id.0,
            family_id: token.family_id,
            token_hash: token.token_hash.clone(),
            expires_at: token.expires_at,
            created_at: token.created_at,
            revoked_at: token.revoked_at,
            replaced_by: token.replaced_by,
        }
    }
}

#[async_trait]
impl RefreshTokenRepository for PgRefreshTokenRepository {
    async fn insert(&self, token: &RefreshToken) -> Result<(), AccountError> {
        let mut conn = self.db.connection().await?;
        diesel::insert_into(refresh_tokens::table)
            .values(RefreshTokenRow::from(token))
            .execute(&mut conn)
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    async fn find_by_hash(&self, token_hash: &str) -> Result<Option<RefreshToken>, AccountError> {
        let mut conn = self.db.connection().await?;
        let row = refresh_tokens::table
            .filter(refresh_tokens::token_hash.eq(token_hash))
            .select(RefreshTokenRow::as_select())
            .first(&mut conn)
            .await
            .optional()
            .map_err(unexpected)?;
        Ok(row.map(RefreshToken::from))
    }

    async fn rotate(
        &self,
        current: Uuid,
        replacement: &RefreshToken,
        at: Timestamp,
    ) -> Result<bool, AccountError> {
        let mut conn = self.db.connection().await?;
        let row = RefreshTokenRow::from(replacement);
        conn.transaction(async |conn| -> QueryResult<bool> {
            lock_families(conn, &[row.family_id]).await?;
            let revoked = diesel::update(
                refresh_tokens::table
                    .find(current)
                    .filter(refresh_tokens::revoked_at.is_null()),
            )
            .set((
                refresh_tokens::revoked_at.eq(at),
                refresh_tokens::replaced_by.eq(row.id),
            ))
            .execute(conn)
            .await?;
            if revoked == 0 {
                return Ok(false);
            }
            diesel::insert_into(refresh_tokens::table)
                .values(&row)
                .execute(conn)
                .await?;
            Ok(true)
        })
        .await
        .map_err(unexpected)
    }

    async fn revoke_family(&self, family_id: Uuid, at: Timestamp) -> Result<u64, AccountError> {
        let mut conn = self.db.connection().await?;
        conn.transaction(async |conn| revoke_families(conn, &[family_id], at).await)
            .await
            .map_err(unexpected)
    }

    async fn revoke_all_for_user(&self, user: UserId, at: Timestamp) -> Result<u64, AccountError> {
        let mut conn = self.db.connection().await?;
        conn.transaction(async |conn| revoke_all_of_user(conn, user, at).await)
            .await
            .map_err(unexpected)
    }
}

/// Revokes every active token of the user under their families' locks; run it inside a
/// transaction (also the password reset's, in `PgEmailTokens`).
pub(crate) async fn revoke_all_of_user(
    conn: &mut AsyncPgConnection,
    user: UserId,
    at: Timestamp,
) -> QueryResult<u64> {
    let families: Vec<Uuid> = refresh_tokens::table
        .filter(refresh_tokens::user_id.eq(user.0))
        .filter(refresh_tokens::revoked_at.is_null())
        .select(refresh_tokens::family_id)
        .distinct()
        .order(refresh_tokens::family_id)
        .load(conn)
        .await?;
    revoke_families(conn, &families, at).await
}

/// Revokes every active token of the families (sorted), under their locks; run it inside a
/// transaction so the locks hold until commit.
async fn revoke_families(
    conn: &mut AsyncPgConnection,
    families: &[Uuid],
    at: Timestamp,
) -> QueryResult<u64> {
    lock_families(conn, families).await?;
    diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::family_id.eq_any(families))
            .filter(refresh_tokens::revoked_at.is_null()),
    )
    .set(refresh_tokens::revoked_at.eq(at))
    .execute(conn)
    .await
    .map(|revoked| revoked as u64)
}

/// Takes a transaction-scoped advisory lock per family, in the given (sorted) order so two
/// lockers never deadlock. Rotations and revocations of a family thus run one at a time, and
/// every statement after the lock sees what the previous holder committed: a replacement
/// inserted by a concurrent rotation cannot escape a revocation.
async fn lock_families(conn: &mut AsyncPgConnection, families: &[Uuid]) -> QueryResult<()> {
    for family in families {
        let bytes = family.as_u64_pair();
        diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
            .bind::<BigInt, _>((bytes.0 ^ bytes.1) as i64)
            .execute(conn)
            .await?;
    }
    Ok(())
}

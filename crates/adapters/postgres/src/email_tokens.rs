use crate::{
    Database,
    mail_schema::email_tokens,
    outbox::insert_mail,
    refresh_tokens::revoke_all_of_user,
    schema::users,
    users::{UserRow, insert_error, insert_user, unexpected},
};
use async_trait::async_trait;
use diesel::{ExpressionMethods, OptionalExtension, QueryDsl, QueryResult};
use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl};
use jobr_accounts::{
    AccountError, EmailToken, EmailTokenPurpose, EmailTokenRepository, NewUser, User,
};
use jobr_core::{Timestamp, UserId};
use jobr_notifications::OutgoingMessage;
use uuid::Uuid;

/// Email tokens stored in the same transaction as the user change and the outbox mail.
#[derive(Clone)]
pub struct PgEmailTokens {
    db: Database,
}

impl PgEmailTokens {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

async fn insert_token(conn: &mut AsyncPgConnection, token: &EmailToken) -> QueryResult<()> {
    diesel::insert_into(email_tokens::table)
        .values((
            email_tokens::id.eq(token.id),
            email_tokens::user_id.eq(token.user_id.0),
            email_tokens::purpose.eq(token.purpose.as_str()),
            email_tokens::token_hash.eq(&token.token_hash),
            email_tokens::expires_at.eq(token.expires_at),
            email_tokens::created_at.eq(token.created_at),
        ))
        .execute(conn)
        .await?;
    Ok(())
}

/// Marks the live token with this hash used and returns its user, in one statement: of two
/// concurrent uses, the second finds it used.
async fn consume(
    conn: &mut AsyncPgConnection,
    token_hash: &str,
    purpose: EmailTokenPurpose,
    now: Timestamp,
) -> QueryResult<Option<Uuid>> {
    diesel::update(
        email_tokens::table
            .filter(email_tokens::token_hash.eq(token_hash))
            .filter(email_tokens::purpose.eq(purpose.as_str()))
            .filter(email_tokens::used_at.is_null())
            .filter(email_tokens::expires_at.gt(now)),
    )
    .set(email_tokens::used_at.eq(now))
    .returning(email_tokens::user_id)
    .get_result(conn)
    .await
    .optional()
}

#[async_trait]
impl EmailTokenRepository for PgEmailTokens {
    async fn register(
        &self,
        user: &NewUser,
        token: &EmailToken,
        mail: &[OutgoingMessage],
    ) -> Result<User, AccountError> {
        let mut conn = self.db.connection().await?;
        let row: UserRow = conn
            .transaction(async |conn| {
                let row = insert_user(conn, user).await?;
                insert_token(conn, token).await?;
                insert_mail(conn, mail, token.created_at).await?;
                QueryResult::Ok(row)
            })
            .await
            .map_err(insert_error)?;
        row.try_into()
    }

    async fn issue(
        &self,
        token: &EmailToken,
        mail: &[OutgoingMessage],
        limit: u32,
        since: Timestamp,
    ) -> Result<bool, AccountError> {
        let mut conn = self.db.connection().await?;
        let issued = conn
            .transaction(async |conn| {
                // The user's row lock serialises concurrent issues for one user, so each sees
                // the tokens the previous one stored.
                let exists: Option<Uuid> = users::table
                    .find(token.user_id.0)
                    .select(users::id)
                    .for_update()
                    .first(conn)
                    .await
                    .optional()?;
                if exists.is_none() {
                    return Ok(None);
                }
                let recent: i64 = email_tokens::table
                    .filter(email_tokens::user_id.eq(token.user_id.0))
                    .filter(email_tokens::purpose.eq(token.purpose.as_str()))
                    .filter(email_tokens::created_at.ge(since))
                    .count()
                    .get_result(conn)
                    .await?;
                if recent >= i64::from(limit) {
                    return Ok(Some(false));
                }
                insert_token(conn, token).await?;
                insert_mail(conn, mail, token.created_at).await?;
                QueryResult::Ok(Some(true))
            })
            .await
            .map_err(unexpected)?;
        issued.ok_or(AccountError::UserNotFound)
    }

    async fn verify_email(
        &self,
        token_hash: &str,
        now: Timestamp,
    ) -> Result<Option<UserId>, AccountError> {
        let mut conn = self.db.connection().await?;
        conn.transaction(async |conn| {
            let Some(user) = consume(conn, token_hash, EmailTokenPurpose::VerifyEmail, now).await?
            else {
                return Ok(None);
            };
            diesel::update(users::table.find(user))
                .set((users::email_verified.eq(true), users::updated_at.eq(now)))
                .execute(conn)
                .await?;
            QueryResult::Ok(Some(UserId(user)))
        })
        .await
        .map_err(unexpected)
    }

    async fn reset_password(
        &self,
        token_hash: &str,
        password_hash: &str,
        now: Timestamp,
    ) -> Result<Option<(UserId, i32)>, AccountError> {
        let mut conn = self.db.connection().await?;
        conn.transaction(async |conn| {
            let Some(user) =
                consume(conn, token_hash, EmailTokenPurpose::PasswordReset, now).await?
            else {
                return Ok(None);
            };
            let version: Option<i32> = diesel::update(users::table.find(user))
                .set((
                    users::password_hash.eq(password_hash),
                    users::failed_login_attempts.eq(0),
                    users::locked_until.eq(None::<Timestamp>),
                    users::token_version.eq(users::token_version + 1),
                    users::updated_at.eq(now),
                ))
                .returning(users::token_version)
                .get_result(conn)
                .await
                .optional()?;
            let Some(version) = version else {
                return Ok(None);
            };
            diesel::update(
                email_tokens::table
                    .filter(email_tokens::user_id.eq(user))
                    .filter(email_tokens::purpose.eq(EmailTokenPurpose::PasswordReset.as_str()))
                    .filter(email_tokens::used_at.is_null()),
            )
            .set(email_tokens::used_at.eq(now))
            .execute(conn)
            .await?;
            revoke_all_of_user(conn, UserId(user), now).await?;
            QueryResult::Ok(Some((UserId(user), version)))
        })
        .await
        .map_err(unexpected)
    }
}

//! Subscriptions, payment requests and provider events. Exactly-once event processing is
//! settled in SQL: the event row (unique on provider and event id) and its effect commit in one
//! transaction, with the payment and subscription rows locked `FOR UPDATE` while the domain
//! decides; statuses are database enums, read back as text and matched exhaustively.

use crate::{Database, DatabaseError, outbox::insert_mail};
use async_trait::async_trait;
use diesel::{
    QueryResult,
    result::{DatabaseErrorKind, Error as DieselError},
    sql_types::{BigInt, Bool, Nullable, Text, Timestamptz, Uuid as SqlUuid},
};
use diesel_async::{AsyncConnection as _, AsyncPgConnection, RunQueryDsl};
use jobr_core::{Currency, Money, Plan, StorageError, Timestamp, UserId};
use jobr_subscriptions::{
    CheckoutRecord, EventOutcome, EventTargets, PaymentEvent, PaymentRequest, PaymentRequestId,
    PaymentState, PreparedMail, ProviderKind, Subscription, SubscriptionError, SubscriptionId,
    SubscriptionRepository, SubscriptionStatus, decide, mail_to_store, may_race_a_checkout,
};
use uuid::Uuid;

#[derive(Clone)]
pub struct PgSubscriptionRepository {
    db: Database,
}

impl PgSubscriptionRepository {
    pub fn new(db: Database) -> Self {
        Self { db }
    }
}

const SUBSCRIPTION_COLUMNS: &str = "id, user_id, plan::text AS plan, status::text AS status, \
     provider::text AS provider, provider_customer_id, provider_subscription_id, \
     current_period_end, cancel_at_period_end, last_event_at, created_at, updated_at";

const PAYMENT_COLUMNS: &str = "id, user_id, subscription_id, provider::text AS provider, \
     plan::text AS plan, amount_minor, currency::text AS currency, state::text AS state, \
     provider_payment_id, created_at, updated_at, expires_at";

#[derive(diesel::QueryableByName)]
struct SubscriptionRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = Text)]
    plan: String,
    #[diesel(sql_type = Text)]
    status: String,
    #[diesel(sql_type = Text)]
    provider: String,
    #[diesel(sql_type = Nullable<Text>)]
    provider_customer_id: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    provider_subscription_id: Option<String>,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    current_period_end: Option<Timestamp>,
    #[diesel(sql_type = Bool)]
    cancel_at_period_end: bool,
    #[diesel(sql_type = Nullable<Timestamptz>)]
    last_event_at: Option<Timestamp>,
    #[diesel(sql_type = Timestamptz)]
    created_at: Timestamp,
    #[diesel(sql_type = Timestamptz)]
    updated_at: Timestamp,
}

#[derive(diesel::QueryableByName)]
struct PaymentRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    user_id: Uuid,
    #[diesel(sql_type = SqlUuid)]
    subscription_id: Uuid,
    #[diesel(sql_type = Text)]
    provider: String,
    #[diesel(sql_type = Text)]
    plan: String,
    #[diesel(sql_type = BigInt)]
    amount_minor: i64,
    #[diesel(sql_type = Text)]
    currency: String,
    #[diesel(sql_type = Text)]
    state: String,
    #[diesel(sql_type = Nullable<Text>)]
    provider_payment_id: Option<String>,
    #[diesel(sql_type = Timestamptz)]
    created_at: Timestamp,
    #[diesel(sql_type = Timestamptz)]
    updated_at: Timestamp,
    #[diesel(sql_type = Timestamptz)]
    expires_at: Timestamp,
}

#[derive(diesel::QueryableByName)]
struct Count {
    #[diesel(sql_type = BigInt)]
    count: i64,
}

fn unknown(column: &str, value: &str) -> DieselError {
    DieselError::DeserializationError(format!("unknown {column} {value:?}").into())
}

fn plan_from(value: &str) -> QueryResult<Plan> {
    match value {
        "free" => Ok(Plan::Free),
        "premium" => Ok(Plan::Premium),
        "pro" => Ok(Plan::Pro),
        other => Err(unknown("plan", other)),
    }
}

fn plan_to(plan: Plan) -> &'static str {
    match plan {
        Plan::Free => "free",
        Plan::Premium => "premium",
        Plan::Pro => "pro",
    }
}

fn status_from(value: &str) -> QueryResult<SubscriptionStatus> {
    match value {
        "incomplete" => Ok(SubscriptionStatus::Incomplete),
        "active" => Ok(SubscriptionStatus::Active),
        "past_due" => Ok(SubscriptionStatus::PastDue),
        "canceled" => Ok(SubscriptionStatus::Canceled),
        other => Err(unknown("subscription status", other)),
    }
}

fn provider_from(value: &str) -> QueryResult<ProviderKind> {
    match value {
        "stripe" => Ok(ProviderKind::Stripe),
        "phonepe" => Ok(ProviderKind::PhonePe),
        other => Err(unknown("provider", other)),
    }
}

fn currency_from(value: &str) -> QueryResult<Currency> {
    match value {
        "USD" => Ok(Currency::Usd),
        "INR" => Ok(Currency::Inr),
        other => Err(unknown("currency", other)),
    }
}

fn currency_to(currency: Currency) -> &'static str {
    match currency {
        Currency::Usd => "USD",
        Currency::Inr => "INR",
    }
}

fn state_from(value: &str) -> QueryResult<PaymentState> {
    match value {
        "pending" => Ok(PaymentState::Pending),
        "succeeded" => Ok(PaymentState::Succeeded),
        "failed" => Ok(PaymentState::Failed),
        "expired" => Ok(PaymentState::Expired),
        "refund_due" => Ok(PaymentState::RefundDue),
        other => Err(unknown("payment state", other)),
    }
}

fn state_to(state: PaymentState) -> &'static str {
    match state {
        PaymentState::Pending => "pending",
        PaymentState::Succeeded => "succeeded",
        PaymentState::Failed => "failed",
        PaymentState::Expired => "expired",
        PaymentState::RefundDue => "refund_due",
    }
}

impl SubscriptionRow {
    fn into_domain(self) -> QueryResult<Subscription> {
        Ok(Subscription {
            id: SubscriptionId(self.id),
            user_id: UserId(self.user_id),
            plan: plan_from(&self.plan)?,
            status: status_from(&self.status)?,
            provider: provider_from(&self.provider)?,
            provider_customer_id: self.provider_customer_id,
            provider_subscription_id: self.provider_subscription_id,
            current_period_end: self.current_period_end,
            cancel_at_period_end: self.cancel_at_period_end,
            last_event_at: self.last_event_at,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl PaymentRow {
    fn into_domain(self) -> QueryResult<PaymentRequest> {
        Ok(PaymentRequest {
            id: PaymentRequestId(self.id),
            user_id: UserId(self.user_id),
            subscription_id: SubscriptionId(self.subscription_id),
            provider: provider_from(&self.provider)?,
            plan: plan_from(&self.plan)?,
            amount: Money {
                minor_units: self.amount_minor,
                currency: currency_from(&self.currency)?,
            },
            state: state_from(&self.state)?,
            provider_payment_id: self.provider_payment_id,
            created_at: self.created_at,
            updated_at: self.updated_at,
            expires_at: self.expires_at,
        })
    }
}

/// What a transaction can end with besides a database error.
enum TxError {
    Db(DieselError),
    Domain(SubscriptionError),
}

impl From<DieselError> for TxError {
    fn from(error: DieselError) -> Self {
        TxError::Db(error)
    }
}

fn storage(error: impl Into<DatabaseError>) -> SubscriptionError {
    SubscriptionError::Storage(StorageError::from(error.into()))
}

fn tx_error(error: TxError) -> SubscriptionError {
    match error {
        TxError::Db(error) => storage(error),
        TxError::Domain(error) => error,
    }
}

fn is_unique_violation(error: &DieselError) -> bool {
    matches!(
        error,
        DieselError::DatabaseError(DatabaseErrorKind::UniqueViolation, _)
    )
}

async fn load_subscriptions(
    conn: &mut AsyncPgConnection,
    query: diesel::query_builder::BoxedSqlQuery<
        '_,
        diesel::pg::Pg,
        diesel::query_builder::SqlQuery,
    >,
) -> QueryResult<Vec<Subscription>> {
    let rows: Vec<SubscriptionRow> = query.load(conn).await?;
    rows.into_iter().map(SubscriptionRow::into_domain).collect()
}

async fn load_payments(
    conn: &mut AsyncPgConnection,
    query: diesel::query_builder::BoxedSqlQuery<
        '_,
        diesel::pg::Pg,
        diesel::query_builder::SqlQuery,
    >,
) -> QueryResult<Vec<PaymentRequest>> {
    let rows: Vec<PaymentRow> = query.load(conn).await?;
    rows.into_iter().map(PaymentRow::into_domain).collect()
}

fn sql(
    text: String,
) -> diesel::query_builder::BoxedSqlQuery<'static, diesel::pg::Pg, diesel::query_builder::SqlQuery>
{
    diesel::sql_query(text).into_boxed()
}

async fn write_subscription(conn: &mut AsyncPgConnection, s: &Subscription) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE subscriptions SET plan = $2::plan_id, status = $3::subscription_status, \
         provider_customer_id = $4, provider_subscription_id = $5, current_period_end = $6, \
         cancel_at_period_end = $7, last_event_at = $8, updated_at = $9 WHERE id = $1",
    )
    .bind::<SqlUuid, _>(s.id.0)
    .bind::<Text, _>(plan_to(s.plan))
    .bind::<Text, _>(s.status.as_str())
    .bind::<Nullable<Text>, _>(s.provider_customer_id.as_deref())
    .bind::<Nullable<Text>, _>(s.provider_subscription_id.as_deref())
    .bind::<Nullable<Timestamptz>, _>(s.current_period_end)
    .bind::<Bool, _>(s.cancel_at_period_end)
    .bind::<Nullable<Timestamptz>, _>(s.last_event_at)
    .bind::<Timestamptz, _>(s.updated_at)
    .execute(conn)
    .await?;
    Ok(())
}

async fn insert_payment(
    conn: &mut AsyncPgConnection,
    p: &PaymentRequest,
    next_poll_at: Option<Timestamp>,
) -> QueryResult<usize> {
    diesel::sql_query(
        "INSERT INTO payment_requests (id, user_id, subscription_id, provider, plan, amount_minor, \
         currency, state, provider_payment_id, next_poll_at, created_at, updated_at, expires_at) \
         VALUES ($1, $2, $3, $4::payment_provider, $5::plan_id, $6, $7::currency_code, \
         $8::payment_state, $9, $10, $11, $12, $13) ON CONFLICT DO NOTHING",
    )
    .bind::<SqlUuid, _>(p.id.0)
    .bind::<SqlUuid, _>(p.user_id.0)
    .bind::<SqlUuid, _>(p.subscription_id.0)
    .bind::<Text, _>(p.provider.as_str())
    .bind::<Text, _>(plan_to(p.plan))
    .bind::<BigInt, _>(p.amount.minor_units)
    .bind::<Text, _>(currency_to(p.amount.currency))
    .bind::<Text, _>(state_to(p.state))
    .bind::<Nullable<Text>, _>(p.provider_payment_id.as_deref())
    .bind::<Nullable<Timestamptz>, _>(next_poll_at)
    .bind::<Timestamptz, _>(p.created_at)
    .bind::<Timestamptz, _>(p.updated_at)
    .bind::<Timestamptz, _>(p.expires_at)
    .execute(conn)
    .await
}

/// The payment and subscription `event` names: the payment by provider id, then its
/// subscription, else the subscription by provider id; locked `FOR UPDATE` when `lock`.
async fn find_targets(
    conn: &mut AsyncPgConnection,
    event: &PaymentEvent,
    lock: bool,
) -> QueryResult<(Option<Subscription>, Option<PaymentRequest>)> {
    let for_update = if lock { " FOR UPDATE" } else { "" };
    let targets = EventTargets::of(event);
    let payment = match targets.provider_payment_id {
        Some(id) => load_payments(
            conn,
            sql(format!(
                "SELECT {PAYMENT_COLUMNS} FROM payment_requests \
                 WHERE provider = $1::payment_provider AND provider_payment_id = $2{for_update}"
            ))
            .bind::<Text, _>(event.provider.as_str())
            .bind::<Text, _>(id),
        )
        .await?
        .pop(),
        None => None,
    };
    let subscription = match (&payment, targets.provider_subscription_id) {
        (Some(payment), _) => load_subscriptions(
            conn,
            sql(format!(
                "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE id = $1{for_update}"
            ))
            .bind::<SqlUuid, _>(payment.subscription_id.0),
        )
        .await?
        .pop(),
        (None, Some(id)) => load_subscriptions(
            conn,
            sql(format!(
                "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions \
                 WHERE provider = $1::payment_provider AND provider_subscription_id = $2\
                 {for_update}"
            ))
            .bind::<Text, _>(event.provider.as_str())
            .bind::<Text, _>(id),
        )
        .await?
        .pop(),
        (None, None) => None,
    };
    Ok((subscription, payment))
}

/// All of `user`'s subscriptions, locked `FOR UPDATE` in id order. Every event that names a
/// subscription takes these locks before its payment row's, in the same order, so two events
/// about the same user (a late payment of an abandoned checkout and the newer checkout's
/// own) wait for each other instead of deadlocking.
async fn lock_user_subscriptions(
    conn: &mut AsyncPgConnection,
    user: UserId,
) -> QueryResult<Vec<Subscription>> {
    load_subscriptions(
        conn,
        sql(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE user_id = $1 \
             ORDER BY id FOR UPDATE"
        ))
        .bind::<SqlUuid, _>(user.0),
    )
    .await
}

/// A superseded checkout's pending payments expire with it, as in `begin_checkout`.
async fn expire_pending_of(
    conn: &mut AsyncPgConnection,
    subscription: SubscriptionId,
    at: Timestamp,
) -> QueryResult<()> {
    diesel::sql_query(
        "UPDATE payment_requests SET state = 'expired', updated_at = $2 \
         WHERE subscription_id = $1 AND state = 'pending'",
    )
    .bind::<SqlUuid, _>(subscription.0)
    .bind::<Timestamptz, _>(at)
    .execute(conn)
    .await?;
    Ok(())
}

/// Stores the event row with the placeholder outcome; `false` when it was there already (a
/// concurrent delivery waits here for the first transaction and then finds the row).
async fn insert_event(
    conn: &mut AsyncPgConnection,
    event: &PaymentEvent,
    now: Timestamp,
) -> QueryResult<bool> {
    let inserted = diesel::sql_query(
        "INSERT INTO webhook_events (provider, event_id, event_type, outcome, \
         provider_created_at, received_at) VALUES ($1::payment_provider, $2, $3, \
         'ignored', $4, $5) ON CONFLICT DO NOTHING",
    )
    .bind::<Text, _>(event.provider.as_str())
    .bind::<Text, _>(&event.id)
    .bind::<Text, _>(&event.event_type)
    .bind::<Timestamptz, _>(event.created)
    .bind::<Timestamptz, _>(now)
    .execute(conn)
    .await?;
    Ok(inserted == 1)
}

/// Sets the stored outcome; ignored events keep the reason an operator reads.
async fn set_outcome(
    conn: &mut AsyncPgConnection,
    event: &PaymentEvent,
    outcome: EventOutcome,
) -> QueryResult<()> {
    let (stored, reason) = match outcome {
        EventOutcome::Ignored => (
            "ignored",
            Some("an event type Jobr does not act on".to_owned()),
        ),
        EventOutcome::Unmatched => ("ignored", Some(unmatched_reason(event))),
        other => (other.as_str(), None),
    };
    diesel::sql_query(
        "UPDATE webhook_events SET outcome = $3::webhook_outcome, reason = $4 \
         WHERE provider = $1::payment_provider AND event_id = $2",
    )
    .bind::<Text, _>(event.provider.as_str())
    .bind::<Text, _>(&event.id)
    .bind::<Text, _>(stored)
    .bind::<Nullable<Text>, _>(reason)
    .execute(conn)
    .await?;
    Ok(())
}

fn unmatched_reason(event: &PaymentEvent) -> String {
    let targets = EventTargets::of(event);
    let named: Vec<&str> = [
        targets.provider_payment_id,
        targets.provider_subscription_id,
    ]
    .into_iter()
    .flatten()
    .collect();
    format!(
        "names no payment or subscription Jobr knows ({})",
        named.join(", ")
    )
}

/// An event whose targets are all unknown, its row inserted: retried (rolled back) while a
/// checkout of its provider may still be storing its ids, else kept as unmatched.
async fn settle_unmatched(
    conn: &mut AsyncPgConnection,
    event: &PaymentEvent,
    now: Timestamp,
) -> Result<EventOutcome, TxError> {
    #[derive(diesel::QueryableByName)]
    struct Newest {
        #[diesel(sql_type = Nullable<Timestamptz>)]
        begun: Option<Timestamp>,
    }
    let newest: Newest = diesel::sql_query(
        "SELECT max(created_at) AS begun FROM payment_requests \
         WHERE provider = $1::payment_provider AND state = 'pending' \
         AND provider_payment_id IS NULL",
    )
    .bind::<Text, _>(event.provider.as_str())
    .get_result(conn)
    .await?;
    if may_race_a_checkout(newest.begun, now) {
        return Err(TxError::Domain(SubscriptionError::UnknownTarget));
    }
    set_outcome(conn, event, EventOutcome::Unmatched).await?;
    Ok(EventOutcome::Unmatched)
}

#[async_trait]
impl SubscriptionRepository for PgSubscriptionRepository {
    async fn current(&self, user: UserId) -> Result<Option<Subscription>, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE user_id = $1 \
             ORDER BY (status <> 'canceled') DESC, created_at DESC, id LIMIT 1"
        ))
        .bind::<SqlUuid, _>(user.0);
        let mut rows = load_subscriptions(&mut conn, query)
            .await
            .map_err(storage)?;
        Ok(rows.pop())
    }

    async fn begin_checkout(
        &self,
        subscription: &Subscription,
        payment: &PaymentRequest,
    ) -> Result<(), SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let result = conn
            .transaction(async |conn| -> Result<(), TxError> {
                let open = load_subscriptions(
                    conn,
                    sql(format!(
                        "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions \
                         WHERE user_id = $1 AND status <> 'canceled' FOR UPDATE"
                    ))
                    .bind::<SqlUuid, _>(subscription.user_id.0),
                )
                .await?;
                for old in &open {
                    if old.status.grants_plan() {
                        return Err(TxError::Domain(SubscriptionError::AlreadySubscribed));
                    }
                    // An abandoned checkout: it ends, and its pending payments expire.
                    diesel::sql_query(
                        "UPDATE subscriptions SET status = 'canceled', updated_at = $2 WHERE id = $1",
                    )
                    .bind::<SqlUuid, _>(old.id.0)
                    .bind::<Timestamptz, _>(subscription.created_at)
                    .execute(conn)
                    .await?;
                    expire_pending_of(conn, old.id, subscription.created_at).await?;
                }
                diesel::sql_query(
                    "INSERT INTO subscriptions (id, user_id, plan, status, provider, \
                     provider_customer_id, provider_subscription_id, current_period_end, \
                     cancel_at_period_end, last_event_at, created_at, updated_at) VALUES \
                     ($1, $2, $3::plan_id, $4::subscription_status, $5::payment_provider, $6, $7, \
                     $8, $9, $10, $11, $12)",
                )
                .bind::<SqlUuid, _>(subscription.id.0)
                .bind::<SqlUuid, _>(subscription.user_id.0)
                .bind::<Text, _>(plan_to(subscription.plan))
                .bind::<Text, _>(subscription.status.as_str())
                .bind::<Text, _>(subscription.provider.as_str())
                .bind::<Nullable<Text>, _>(subscription.provider_customer_id.as_deref())
                .bind::<Nullable<Text>, _>(subscription.provider_subscription_id.as_deref())
                .bind::<Nullable<Timestamptz>, _>(subscription.current_period_end)
                .bind::<Bool, _>(subscription.cancel_at_period_end)
                .bind::<Nullable<Timestamptz>, _>(subscription.last_event_at)
                .bind::<Timestamptz, _>(subscription.created_at)
                .bind::<Timestamptz, _>(subscription.updated_at)
                .execute(conn)
                .await?;
                insert_payment(conn, payment, Some(payment.created_at)).await?;
                Ok(())
            })
            .await;
        match result {
            Err(TxError::Db(error)) if is_unique_violation(&error) => {
                // A concurrent checkout of the same user won the open-subscription slot.
                Err(SubscriptionError::AlreadySubscribed)
            }
            other => other.map_err(tx_error),
        }
    }

    async fn attach_checkout(
        &self,
        payment: PaymentRequestId,
        record: &CheckoutRecord,
        at: Timestamp,
    ) -> Result<(), SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        conn.transaction(async |conn| -> Result<(), TxError> {
            let updated = load_payments(
                conn,
                sql(format!(
                    "UPDATE payment_requests SET provider_payment_id = $2, updated_at = $3 \
                     WHERE id = $1 RETURNING {PAYMENT_COLUMNS}"
                ))
                .bind::<SqlUuid, _>(payment.0)
                .bind::<Text, _>(&record.provider_payment_id)
                .bind::<Timestamptz, _>(at),
            )
            .await?;
            let Some(payment) = updated.into_iter().next() else {
                return Err(TxError::Domain(SubscriptionError::PaymentNotFound));
            };
            diesel::sql_query(
                "UPDATE subscriptions SET \
                 provider_customer_id = COALESCE($2, provider_customer_id), \
                 provider_subscription_id = COALESCE($3, provider_subscription_id), \
                 current_period_end = COALESCE($4, current_period_end), updated_at = $5 \
                 WHERE id = $1",
            )
            .bind::<SqlUuid, _>(payment.subscription_id.0)
            .bind::<Nullable<Text>, _>(record.provider_customer_id.as_deref())
            .bind::<Nullable<Text>, _>(record.provider_subscription_id.as_deref())
            .bind::<Nullable<Timestamptz>, _>(record.current_period_end)
            .bind::<Timestamptz, _>(at)
            .execute(conn)
            .await?;
            Ok(())
        })
        .await
        .map_err(tx_error)
    }

    async fn targets_of(
        &self,
        event: &PaymentEvent,
    ) -> Result<(Option<Subscription>, Option<PaymentRequest>), SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        find_targets(&mut conn, event, false).await.map_err(storage)
    }

    async fn apply_event<'a>(
        &self,
        event: &PaymentEvent,
        mail: Option<&'a PreparedMail>,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let applied = conn
            .transaction(
                async |conn| -> Result<(EventOutcome, Option<PaymentRequest>), TxError> {
                    // The unique key settles duplicates.
                    if !insert_event(conn, event, now).await? {
                        return Ok((EventOutcome::Duplicate, None));
                    }
                    // The user's subscriptions first (the payment's owner never changes, so an
                    // unlocked read finds them), then the targets themselves.
                    let (named, _) = find_targets(conn, event, false).await?;
                    let mut locked_user = named.as_ref().map(|s| s.user_id);
                    let mut user_subscriptions = match locked_user {
                        Some(user) => lock_user_subscriptions(conn, user).await?,
                        None => Vec::new(),
                    };
                    let (subscription, payment) = find_targets(conn, event, true).await?;
                    if let Some(found) = &subscription
                        && locked_user != Some(found.user_id)
                    {
                        // Attached between the two reads: its user's rows are locked now.
                        locked_user = Some(found.user_id);
                        user_subscriptions = lock_user_subscriptions(conn, found.user_id).await?;
                    }
                    if !EventTargets::of(event).is_empty()
                        && payment.is_none()
                        && subscription.is_none()
                    {
                        return settle_unmatched(conn, event, now)
                            .await
                            .map(|outcome| (outcome, None));
                    }
                    let others: Vec<Subscription> = user_subscriptions
                        .into_iter()
                        .filter(|o| {
                            locked_user.is_some()
                                && subscription.as_ref().is_some_and(|s| s.id != o.id)
                        })
                        .collect();
                    let decision =
                        decide(event, subscription.as_ref(), payment.as_ref(), &others, now);
                    let mut mail = mail_to_store(&decision, mail).map_err(TxError::Domain)?;
                    // Superseded checkouts close before the paid one reopens: one open
                    // subscription per user.
                    for canceled in &decision.superseded {
                        write_subscription(conn, canceled).await?;
                        expire_pending_of(conn, canceled.id, now).await?;
                    }
                    if let Some(payment) = &decision.payment {
                        diesel::sql_query(
                        "UPDATE payment_requests SET state = $2::payment_state, updated_at = $3 \
                         WHERE id = $1",
                    )
                    .bind::<SqlUuid, _>(payment.id.0)
                    .bind::<Text, _>(state_to(payment.state))
                    .bind::<Timestamptz, _>(payment.updated_at)
                    .execute(conn)
                    .await?;
                    }
                    if let Some(new_payment) = &decision.new_payment
                        && insert_payment(conn, new_payment, None).await? == 0
                    {
                        // A concurrent event recorded this provider payment first (it was looked
                        // up before the subscription lock was granted); its receipt went with it.
                        mail = None;
                    }
                    if let Some(subscription) = &decision.subscription {
                        write_subscription(conn, subscription).await?;
                    }
                    if let Some(message) = mail {
                        insert_mail(conn, std::slice::from_ref(message), now).await?;
                    }
                    set_outcome(conn, event, decision.outcome).await?;
                    let owed_back = decision
                        .payment
                        .filter(|p| p.state == PaymentState::RefundDue);
                    Ok((decision.outcome, owed_back))
                },
            )
            .await
            .map_err(tx_error)?;
        let (outcome, owed_back) = applied;
        if let Some(payment) = owed_back {
            // Committed: an operator refunds this at the provider.
            tracing::warn!(
                payment_request = %payment.id,
                user = %payment.user_id,
                provider = payment.provider.as_str(),
                provider_payment_id = payment.provider_payment_id.as_deref().unwrap_or(""),
                amount_minor = payment.amount.minor_units,
                currency = currency_to(payment.amount.currency),
                "payment received for an abandoned checkout while another plan is active: refund due"
            );
        }
        Ok(outcome)
    }

    async fn record_unmatched(
        &self,
        event: &PaymentEvent,
        now: Timestamp,
    ) -> Result<EventOutcome, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        conn.transaction(async |conn| -> Result<EventOutcome, TxError> {
            if !insert_event(conn, event, now).await? {
                return Ok(EventOutcome::Duplicate);
            }
            settle_unmatched(conn, event, now).await
        })
        .await
        .map_err(tx_error)
    }

    async fn set_cancel_at_period_end(
        &self,
        id: SubscriptionId,
        cancel: bool,
        at: Timestamp,
    ) -> Result<Subscription, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "UPDATE subscriptions SET cancel_at_period_end = $2, updated_at = $3 \
             WHERE id = $1 RETURNING {SUBSCRIPTION_COLUMNS}"
        ))
        .bind::<SqlUuid, _>(id.0)
        .bind::<Bool, _>(cancel)
        .bind::<Timestamptz, _>(at);
        load_subscriptions(&mut conn, query)
            .await
            .map_err(storage)?
            .pop()
            .ok_or(SubscriptionError::SubscriptionNotFound)
    }

    async fn payments_of(
        &self,
        user: UserId,
        limit: i64,
        offset: i64,
    ) -> Result<(Vec<PaymentRequest>, i64), SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "SELECT {PAYMENT_COLUMNS} FROM payment_requests WHERE user_id = $1 \
             ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"
        ))
        .bind::<SqlUuid, _>(user.0)
        .bind::<BigInt, _>(limit)
        .bind::<BigInt, _>(offset);
        let payments = load_payments(&mut conn, query).await.map_err(storage)?;
        let total: Count =
            diesel::sql_query("SELECT count(*) AS count FROM payment_requests WHERE user_id = $1")
                .bind::<SqlUuid, _>(user.0)
                .get_result(&mut conn)
                .await
                .map_err(storage)?;
        Ok((payments, total.count))
    }

    async fn find_payment(
        &self,
        id: PaymentRequestId,
    ) -> Result<Option<PaymentRequest>, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "SELECT {PAYMENT_COLUMNS} FROM payment_requests WHERE id = $1"
        ))
        .bind::<SqlUuid, _>(id.0);
        Ok(load_payments(&mut conn, query)
            .await
            .map_err(storage)?
            .pop())
    }

    async fn find_payment_by_provider_id(
        &self,
        provider: ProviderKind,
        provider_payment_id: &str,
    ) -> Result<Option<PaymentRequest>, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "SELECT {PAYMENT_COLUMNS} FROM payment_requests \
             WHERE provider = $1::payment_provider AND provider_payment_id = $2"
        ))
        .bind::<Text, _>(provider.as_str())
        .bind::<Text, _>(provider_payment_id);
        Ok(load_payments(&mut conn, query)
            .await
            .map_err(storage)?
            .pop())
    }

    async fn customer_of(
        &self,
        user: UserId,
        provider: ProviderKind,
    ) -> Result<Option<String>, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "SELECT {SUBSCRIPTION_COLUMNS} FROM subscriptions WHERE user_id = $1 \
             AND provider = $2::payment_provider AND provider_customer_id IS NOT NULL \
             ORDER BY created_at DESC LIMIT 1"
        ))
        .bind::<SqlUuid, _>(user.0)
        .bind::<Text, _>(provider.as_str());
        Ok(load_subscriptions(&mut conn, query)
            .await
            .map_err(storage)?
            .pop()
            .and_then(|s| s.provider_customer_id))
    }

    async fn claim_due_payments(
        &self,
        provider: ProviderKind,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<PaymentRequest>, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let query = sql(format!(
            "UPDATE payment_requests SET next_poll_at = $3 WHERE id IN ( \
               SELECT id FROM payment_requests WHERE provider = $1::payment_provider \
               AND state = 'pending' AND next_poll_at <= $2 ORDER BY next_poll_at \
               LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING {PAYMENT_COLUMNS}"
        ))
        .bind::<Text, _>(provider.as_str())
        .bind::<Timestamptz, _>(now)
        .bind::<Timestamptz, _>(lease_until)
        .bind::<BigInt, _>(limit);
        load_payments(&mut conn, query).await.map_err(storage)
    }

    async fn schedule_poll(
        &self,
        id: PaymentRequestId,
        next_poll_at: Timestamp,
    ) -> Result<(), SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        diesel::sql_query(
            "UPDATE payment_requests SET poll_attempts = poll_attempts + 1, next_poll_at = $2 \
             WHERE id = $1 AND state = 'pending'",
        )
        .bind::<SqlUuid, _>(id.0)
        .bind::<Timestamptz, _>(next_poll_at)
        .execute(&mut conn)
        .await
        .map_err(storage)?;
        Ok(())
    }

    async fn expire_payment(
        &self,
        id: PaymentRequestId,
        at: Timestamp,
    ) -> Result<bool, SubscriptionError> {
        let mut conn = self.db.connection().await.map_err(storage)?;
        let updated = diesel::sql_query(
            "UPDATE payment_requests SET state = 'expired', updated_at = $2 \
             WHERE id = $1 AND state = 'pending'",
        )
        .bind::<SqlUuid, _>(id.0)
        .bind::<Timestamptz, _>(at)
        .execute(&mut conn)
        .await
        .map_err(storage)?;
        Ok(updated == 1)
    }
}

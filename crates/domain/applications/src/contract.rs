//! The one contract suite of [`ApplicationRepository`], run by every adapter crate.

use crate::{
    Application, ApplicationError, ApplicationId, ApplicationRepository, ApplicationStatus,
    MonthlyQuota, NewApplication, StatusMove,
};
use futures::future::BoxFuture;
use jobr_core::{CvId, Email, Page, Timestamp, UserId};
use jobr_matching::JobId;
use jobr_notifications::{
    ApplicationMail, BaseUrl, MailComposer, MailKind, Outbox, OutgoingMessage,
};
use std::sync::Arc;
use time::Duration;
use time::macros::datetime;

/// Makes a user the store accepts as an owner (a row in `users` for PostgreSQL).
pub type NewOwner = Arc<dyn Fn() -> BoxFuture<'static, UserId> + Send + Sync>;
/// Makes a job the store accepts (a row in `jobs` for PostgreSQL).
pub type NewJobId = Arc<dyn Fn() -> BoxFuture<'static, JobId> + Send + Sync>;

#[derive(Clone)]
pub struct ApplicationRepos {
    pub applications: Arc<dyn ApplicationRepository>,
    pub new_owner: NewOwner,
    pub new_job: NewJobId,
    /// The outbox the repository stores confirmations in.
    pub outbox: Arc<dyn Outbox>,
}

/// Generates one `#[tokio::test]` per case; `$make` is a future of `(ApplicationRepos, guard)`.
#[macro_export]
macro_rules! application_repository_contract {
    ($make:expr) => {
        $crate::application_repository_contract!(@cases $make;
            create_then_find_with_the_first_history_entry,
            another_users_application_is_not_found_anywhere,
            a_second_application_to_one_job_is_already_applied,
            concurrent_creates_for_one_job_leave_one,
            legal_moves_append_to_the_history_in_order,
            an_illegal_move_is_refused_and_changes_nothing,
            of_two_concurrent_moves_from_one_status_one_passes,
            the_sixth_submission_of_a_month_is_refused,
            the_limit_resets_the_next_month,
            twenty_concurrent_submissions_never_exceed_the_limit,
            a_deleted_submission_stays_counted,
            a_confirmation_is_stored_only_with_a_submission,
            an_unlimited_plan_is_not_counted_against,
            lists_filter_by_status_and_page_newest_first);
    };
    (@cases $make:expr; $($case:ident),+) => {
        $(
            #[tokio::test]
            async fn $case() {
                let (repos, _guard) = $make.await;
                $crate::contract::$case(repos).await;
            }
        )+
    };
}

const NOW: Timestamp = datetime!(2026-11-20 10:00 UTC);

fn free() -> MonthlyQuota {
    quota_at(NOW, Some(5))
}

fn quota_at(at: Timestamp, limit: Option<u32>) -> MonthlyQuota {
    let (month_start, month_end) = crate::month::month_bounds(at);
    MonthlyQuota {
        limit,
        month_start,
        month_end,
    }
}

fn new(user: UserId, job: JobId, status: ApplicationStatus, at: Timestamp) -> NewApplication {
    NewApplication {
        id: ApplicationId::new(),
        user_id: user,
        job_id: job,
        cv_id: CvId::new(),
        status,
        note: None,
        at,
    }
}

fn step(to: ApplicationStatus, at: Timestamp) -> StatusMove {
    StatusMove { to, note: None, at }
}

async fn create(
    repos: &ApplicationRepos,
    user: UserId,
    status: ApplicationStatus,
    at: Timestamp,
    quota: &MonthlyQuota,
) -> Result<Application, ApplicationError> {
    let job = (repos.new_job)().await;
    repos
        .applications
        .create(&new(user, job, status, at), quota, &mail(user))
        .await
}

fn ok<T>(result: Result<T, ApplicationError>) -> T {
    result.unwrap_or_else(|e| panic!("{e:?}"))
}

fn address_of(user: UserId) -> Email {
    Email::parse(&format!("{user}@example.com")).unwrap_or_else(|e| panic!("{e}"))
}

/// A confirmation for the user, handed with every write as the service hands it with every
/// possible submission: the store keeps it only when the write is the submission.
fn mail(user: UserId) -> Vec<OutgoingMessage> {
    let composer =
        MailComposer::new(BaseUrl::parse("https://jobr.example").unwrap_or_else(|e| panic!("{e}")));
    vec![composer.application_confirmation(
        &address_of(user),
        "Ada",
        &ApplicationMail {
            application_id: "a-1".into(),
            job_title: "Data Scientist".into(),
            company: "Acme".into(),
        },
    )]
}

/// The confirmations stored for the user.
async fn mails(repos: &ApplicationRepos, user: UserId) -> usize {
    let to = address_of(user);
    repos
        .outbox
        .list(None, 10_000)
        .await
        .unwrap_or_else(|e| panic!("{e}"))
        .iter()
        .filter(|m| m.kind == MailKind::ApplicationConfirmation && m.to == to)
        .count()
}

pub async fn create_then_find_with_the_first_history_entry(repos: ApplicationRepos) {
    let user = (repos.new_owner)().await;
    let job = (repos.new_job)().await;
    let mut wanted = new(user, job, ApplicationStatus::Applied, NOW);
    wanted.note = Some("sent through the careers page".into());
    let created = ok(repos
        .applications
        .create(&wanted, &free(), &mail(user))
        .await);
    assert_eq!(
        (created.id, created.user_id, created.job_id, created.cv_id),
        (wanted.id, user, job, wanted.cv_id)
    );
    assert_eq!(created.status, ApplicationStatus::Applied);
    assert_eq!(created.applied_at, Some(NOW));
    let found = ok(repos.applications.find_for_user(user, created.id).await);
    assert_eq!(found.as_ref(), Some(&created));
    let history = &created.history;
    assert_eq!(history.len(), 1);
    assert_eq!(
        (history[0].from, history[0].to, history[0].at),
        (None, ApplicationStatus::Applied, NOW)
    );
    assert_eq!(
        history[0].note.as_deref(),
        Some("sent through the careers page")
    );
    let saved = ok(create(&repos, user, ApplicationStatus::Saved, NOW, &free()).await);
    assert_eq!(saved.applied_at, None);
    assert_eq!(
        ok(repos
            .applications
            .submissions_between(user, free().month_start, free().month_end)
            .await),
        1
    );
}

pub async fn another_users_application_is_not_found_anywhere(repos: ApplicationRepos) {
    let owner = (repos.new_owner)().await;
    let other = (repos.new_owner)().await;
    let mine = ok(create(&repos, owner, ApplicationStatus::Saved, NOW, &free()).await);
    let apps = &repos.applications;
    assert_eq!(ok(apps.find_for_user(other, mine.id).await), None);
    assert!(matches!(
        apps.move_status(
            other,
            mine.id,
            &step(ApplicationStatus::Applied, NOW),
            &free(),
            &mail(other)
        )
        .await,
        Err(ApplicationError::NotFound)
    ));
    assert!(!ok(apps.delete_for_user(other, mine.id).await));
    assert_eq!(
        ok(apps.list_for_user(other, None, Page::default()).await).total,
        0
    );
    assert!(matches!(
        apps.move_status(
            owner,
            ApplicationId::new(),
            &step(ApplicationStatus::Applied, NOW),
            &free(),
            &mail(owner)
        )
        .await,
        Err(ApplicationError::NotFound)
    ));
    // Untouched by the attempts.
    assert_eq!(ok(apps.find_for_user(owner, mine.id).await), Some(mine));
}

pub async fn a_second_application_to_one_job_is_already_applied(repos: ApplicationRepos) {
    let user = (repos.new_owner)().await;
    let job = (repos.new_job)().await;
    let apps = &repos.applications;
    let first = ok(apps
        .create(
            &new(user, job, ApplicationStatus::Saved, NOW),
            &free(),
            &mail(user),
        )
        .await);
    let again = apps
        .create(
            &new(user, job, ApplicationStatus::Applied, NOW),
            &free(),
            &mail(user),
        )
        .await;
    assert!(
        matches!(again, Err(ApplicationError::AlreadyApplied { existing }) if existing == first.id),
        "{again:?}"
    );
    // The refused one was not counted, nor confirmed.
    assert_eq!(
        ok(apps
            .submissions_between(user, free().month_start, free().month_end)
            .await),
        0
    );
    assert_eq!(mails(&repos, user).await, 0);
    // Another user may apply to the same job.
    let other = (repos.new_owner)().await;
    ok(apps
        .create(
            &new(other, job, ApplicationStatus::Applied, NOW),
            &free(),
            &mail(other),
        )
        .await);
}

pub async fn concurrent_creates_for_one_job_leave_one(repos: ApplicationRepos) {
    let user = (repos.new_owner)().await;
    let job = (repos.new_job)().await;
    let quota = free();
    let attempts: Vec<NewApplication> = (0..8)
        .map(|_| new(user, job, ApplicationStatus::Applied, NOW))
        .collect();
    let confirmation = mail(user);
    let results = futures::future::join_all(
        attempts
            .iter()
            .map(|a| repos.applications.create(a, &quota, &confirmation)),
    )
    .await;
    let created = results.iter().filter(|r| r.is_ok()).count();
    let refused = results
        .iter()
        .filter(|r| matches!(r, Err(ApplicationError::AlreadyApplied { .. })))
        .count();
    assert_eq!((created, refused), (1, 7), "{results:?}");
    assert_eq!(mails(&repos, user).await, 1);
    assert_eq!(
        ok(repos
            .applications
            .submissions_between(user, quota.month_start, quota.month_end)
            .await),
        1
    );
}

pub async fn legal_moves_append_to_the_history_in_order(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let app = ok(create(&repos, user, Saved, NOW, &free()).await);
    let mut at = NOW;
    let mut last = app.clone();
    for (to, note) in [
        (Applied, Some("via referral")),
        (Screening, None),
        (Interview, Some("Tuesday 10:00 with the team lead")),
        (Offer, None),
        (Hired, None),
    ] {
        at += Duration::hours(5);
        let mv = StatusMove {
            to,
            note: note.map(str::to_owned),
            at,
        };
        last = ok(repos
            .applications
            .move_status(user, app.id, &mv, &free(), &mail(user))
            .await);
        assert_eq!(last.status, to);
        assert_eq!(last.updated_at, at);
    }
    assert_eq!(last.applied_at, Some(NOW + Duration::hours(5)));
    let history: Vec<(Option<ApplicationStatus>, ApplicationStatus)> =
        last.history.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        history,
        [
            (None, Saved),
            (Some(Saved), Applied),
            (Some(Applied), Screening),
            (Some(Screening), Interview),
            (Some(Interview), Offer),
            (Some(Offer), Hired)
        ]
    );
    assert!(last.history.windows(2).all(|w| w[0].at < w[1].at));
    assert_eq!(
        last.history[3].note.as_deref(),
        Some("Tuesday 10:00 with the team lead")
    );
    let found = ok(repos.applications.find_for_user(user, app.id).await);
    assert_eq!(found, Some(last));
    assert_eq!(mails(&repos, user).await, 1, "only the move out of saved");
}

pub async fn an_illegal_move_is_refused_and_changes_nothing(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let app = ok(create(&repos, user, Applied, NOW, &free()).await);
    let interview = ok(repos
        .applications
        .move_status(
            user,
            app.id,
            &step(Interview, NOW + Duration::hours(1)),
            &free(),
            &mail(user),
        )
        .await);
    for to in [Saved, Applied, Screening, Interview] {
        let refused = repos
            .applications
            .move_status(
                user,
                app.id,
                &step(to, NOW + Duration::hours(2)),
                &free(),
                &mail(user),
            )
            .await;
        assert!(
            matches!(refused, Err(ApplicationError::InvalidTransition { from: Interview, to: t }) if t == to),
            "{to}: {refused:?}"
        );
    }
    assert_eq!(
        ok(repos.applications.find_for_user(user, app.id).await),
        Some(interview)
    );
    let rejected = ok(repos
        .applications
        .move_status(
            user,
            app.id,
            &step(Rejected, NOW + Duration::hours(3)),
            &free(),
            &mail(user),
        )
        .await);
    assert_eq!(rejected.status, Rejected);
    assert!(matches!(
        repos
            .applications
            .move_status(
                user,
                app.id,
                &step(Withdrawn, NOW + Duration::hours(4)),
                &free(),
                &mail(user)
            )
            .await,
        Err(ApplicationError::InvalidTransition {
            from: Rejected,
            to: Withdrawn
        })
    ));
}

pub async fn of_two_concurrent_moves_from_one_status_one_passes(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let app = ok(create(&repos, user, Applied, NOW, &free()).await);
    let mv = step(Interview, NOW + Duration::hours(1));
    let quota = free();
    let (first, second) = (mail(user), mail(user));
    let (a, b) = futures::join!(
        repos
            .applications
            .move_status(user, app.id, &mv, &quota, &first),
        repos
            .applications
            .move_status(user, app.id, &mv, &quota, &second)
    );
    let passed = [&a, &b].iter().filter(|r| r.is_ok()).count();
    assert_eq!(passed, 1, "{a:?} {b:?}");
    let found = ok(repos.applications.find_for_user(user, app.id).await);
    assert_eq!(found.map(|f| f.history.len()), Some(2));
}

pub async fn the_sixth_submission_of_a_month_is_refused(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let quota = free();
    for _ in 0..4 {
        ok(create(&repos, user, Applied, NOW, &quota).await);
    }
    // Saved ones are not submissions.
    let saved = ok(create(&repos, user, Saved, NOW, &quota).await);
    let spare = ok(create(&repos, user, Saved, NOW, &quota).await);
    ok(repos
        .applications
        .move_status(user, saved.id, &step(Applied, NOW), &quota, &mail(user))
        .await);
    let sixth = create(&repos, user, Applied, NOW, &quota).await;
    assert!(
        matches!(
            sixth,
            Err(ApplicationError::PlanLimitReached { limit: 5, used: 5, resets_at })
                if resets_at == quota.month_end
        ),
        "{sixth:?}"
    );
    let moved = repos
        .applications
        .move_status(user, spare.id, &step(Interview, NOW), &quota, &mail(user))
        .await;
    assert!(
        matches!(moved, Err(ApplicationError::PlanLimitReached { .. })),
        "skipping ahead from saved is a submission too: {moved:?}"
    );
    let still = ok(repos.applications.find_for_user(user, spare.id).await);
    assert_eq!(still.map(|a| (a.status, a.history.len())), Some((Saved, 1)));
    // Moving on an application sent already is not a new submission.
    let page = ok(repos
        .applications
        .list_for_user(user, Some(Applied), Page::default())
        .await);
    let sent = &page.items[0];
    ok(repos
        .applications
        .move_status(user, sent.id, &step(Screening, NOW), &quota, &mail(user))
        .await);
    assert_eq!(
        ok(repos
            .applications
            .submissions_between(user, quota.month_start, quota.month_end)
            .await),
        5
    );
    assert_eq!(
        mails(&repos, user).await,
        5,
        "the refused sixth (created or moved) and the later move wrote no mail"
    );
    // The limit is per user.
    let other = (repos.new_owner)().await;
    ok(create(&repos, other, Applied, NOW, &quota).await);
    assert_eq!(mails(&repos, other).await, 1);
}

pub async fn the_limit_resets_the_next_month(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let end_of_month = datetime!(2026-11-30 23:59:59 UTC);
    let november = quota_at(end_of_month, Some(5));
    for _ in 0..5 {
        ok(create(&repos, user, Applied, end_of_month, &november).await);
    }
    assert!(matches!(
        create(&repos, user, Applied, end_of_month, &november).await,
        Err(ApplicationError::PlanLimitReached { .. })
    ));
    let first_of_december = datetime!(2026-12-01 0:00 UTC);
    let december = quota_at(first_of_december, Some(5));
    for _ in 0..5 {
        ok(create(&repos, user, Applied, first_of_december, &december).await);
    }
    assert!(matches!(
        create(&repos, user, Applied, first_of_december, &december).await,
        Err(ApplicationError::PlanLimitReached { used: 5, .. })
    ));
    assert_eq!(
        ok(repos
            .applications
            .submissions_between(user, november.month_start, december.month_end)
            .await),
        10
    );
}

pub async fn twenty_concurrent_submissions_never_exceed_the_limit(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let quota = free();
    // Half as new applications, half as moves of saved ones.
    let mut saved = Vec::new();
    for _ in 0..10 {
        saved.push(ok(create(&repos, user, Saved, NOW, &quota).await).id);
    }
    let mut jobs = Vec::new();
    for _ in 0..10 {
        jobs.push((repos.new_job)().await);
    }
    let news: Vec<NewApplication> = jobs.iter().map(|j| new(user, *j, Applied, NOW)).collect();
    let mv = step(Applied, NOW);
    let creates = news.iter().map(|n| {
        let apps = repos.applications.clone();
        async move { apps.create(n, &quota, &mail(user)).await.map(|_| ()) }
    });
    let moves = saved.iter().map(|id| {
        let apps = repos.applications.clone();
        let mv = mv.clone();
        async move {
            apps.move_status(user, *id, &mv, &quota, &mail(user))
                .await
                .map(|_| ())
        }
    });
    let (created, moved) = futures::join!(
        futures::future::join_all(creates),
        futures::future::join_all(moves)
    );
    let results: Vec<_> = created.into_iter().chain(moved).collect();
    let passed = results.iter().filter(|r| r.is_ok()).count();
    let limited = results
        .iter()
        .filter(|r| matches!(r, Err(ApplicationError::PlanLimitReached { limit: 5, .. })))
        .count();
    assert_eq!((passed, limited), (5, 15), "{results:?}");
    assert_eq!(
        mails(&repos, user).await,
        5,
        "one confirmation per submission"
    );
    assert_eq!(
        ok(repos
            .applications
            .submissions_between(user, quota.month_start, quota.month_end)
            .await),
        5
    );
}

pub async fn a_deleted_submission_stays_counted(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let quota = free();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(ok(create(&repos, user, Applied, NOW, &quota).await).id);
    }
    for id in &ids {
        assert!(ok(repos.applications.delete_for_user(user, *id).await));
        assert_eq!(ok(repos.applications.find_for_user(user, *id).await), None);
    }
    assert!(!ok(repos.applications.delete_for_user(user, ids[0]).await));
    assert!(matches!(
        create(&repos, user, Applied, NOW, &quota).await,
        Err(ApplicationError::PlanLimitReached { used: 5, .. })
    ));
}

/// Creating as saved, and moves between sent statuses, store none of the mail they carry; a
/// submission with no mail handed (the job could not be read) stores the move alone.
pub async fn a_confirmation_is_stored_only_with_a_submission(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let quota = free();
    let saved = ok(create(&repos, user, Saved, NOW, &quota).await);
    assert_eq!(mails(&repos, user).await, 0);
    ok(repos
        .applications
        .move_status(user, saved.id, &step(Applied, NOW), &quota, &[])
        .await);
    assert_eq!(mails(&repos, user).await, 0);
    ok(repos
        .applications
        .move_status(user, saved.id, &step(Screening, NOW), &quota, &mail(user))
        .await);
    assert_eq!(mails(&repos, user).await, 0);
    ok(create(&repos, user, Applied, NOW, &quota).await);
    assert_eq!(mails(&repos, user).await, 1);
}

pub async fn an_unlimited_plan_is_not_counted_against(repos: ApplicationRepos) {
    let user = (repos.new_owner)().await;
    let unlimited = quota_at(NOW, None);
    for _ in 0..8 {
        ok(create(&repos, user, ApplicationStatus::Applied, NOW, &unlimited).await);
    }
    assert_eq!(
        ok(repos
            .applications
            .submissions_between(user, unlimited.month_start, unlimited.month_end)
            .await),
        8
    );
}

pub async fn lists_filter_by_status_and_page_newest_first(repos: ApplicationRepos) {
    use ApplicationStatus::*;
    let user = (repos.new_owner)().await;
    let unlimited = quota_at(NOW, None);
    let mut created = Vec::new();
    for i in 0..5 {
        let status = if i % 2 == 0 { Saved } else { Applied };
        let at = NOW + Duration::minutes(i);
        created.push(ok(create(&repos, user, status, at, &unlimited).await));
    }
    let first = ok(repos
        .applications
        .list_for_user(user, None, Page::new(1, 2))
        .await);
    let second = ok(repos
        .applications
        .list_for_user(user, None, Page::new(2, 2))
        .await);
    let third = ok(repos
        .applications
        .list_for_user(user, None, Page::new(3, 2))
        .await);
    assert_eq!((first.total, first.pages()), (5, 3));
    let ids: Vec<ApplicationId> = [first, second, third]
        .into_iter()
        .flat_map(|p| p.items)
        .map(|a| a.id)
        .collect();
    let newest_first: Vec<ApplicationId> = created.iter().rev().map(|a| a.id).collect();
    assert_eq!(ids, newest_first);
    let saved = ok(repos
        .applications
        .list_for_user(user, Some(Saved), Page::default())
        .await);
    assert_eq!(saved.total, 3);
    assert!(
        saved
            .items
            .iter()
            .all(|a| a.status == Saved && a.history.len() == 1)
    );
    let all = ok(repos.applications.all_for_user(user).await);
    assert_eq!(all.len(), 5);
}

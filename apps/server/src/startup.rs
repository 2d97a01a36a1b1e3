//! Wiring: config in, a bound server out. `Application::build` binds first (port 0 works),
//! so tests can start the real server on a free port and learn which one it got.

use crate::{
    api,
    config::{Config, Environment, ExtractionConfig},
    extraction::{ProcessExtraction, WorkerSettings},
    middleware::{
        body_timeout::{BodyTimeout, body_timeout},
        client_ip::ClientKeys,
        edge::{error_envelopes, head_as_get},
        rate_limit::{RateLimiter, RateLimiters, limit_auth, limit_general},
        request_id::request_id,
        security_headers::security_headers,
    },
    outbox_worker, routes, sweep,
};
use actix_cors::Cors;
use actix_web::{App, HttpServer, dev::Server, http::header, middleware::from_fn, web};
use jobr_accounts::{
    AccountMail, AccountService, Argon2PasswordHasher, EmailTokenRepository,
    RefreshTokenRepository, UserRepository,
};
use jobr_applications::{ApplicationRepository, ApplicationService};
use jobr_argon2::BlockingPasswordHasher;
use jobr_core::{SystemClock, UsageRecorder};
use jobr_cv::{CvLibrary, CvParsingService, CvRepository};
use jobr_localfs::LocalFileStore;
use jobr_matching::{DEFAULT_INDEX_TTL, DEFAULT_RERANK_TOP_N, JobRepository, JobsService};
use jobr_memory::{
    MemoryApplicationRepository, MemoryCvRepository, MemoryEmailTokens, MemoryJobRepository,
    MemoryOutbox, MemoryRefreshTokenRepository, MemorySuppressionList, MemoryUsageRecorder,
    MemoryUserRepository,
};
use jobr_notifications::{
    DeliveryEvents, MailComposer, Mailer, Outbox, OutboxWorker, SuppressionList,
};
use jobr_openai::OpenAi;
use jobr_postgres::{
    Database, PgApplicationRepository, PgCvRepository, PgEmailTokens, PgJobRepository, PgOutbox,
    PgRefreshTokenRepository, PgSuppressionList, PgUsageRecorder, PgUserRepository, PoolSettings,
};
use secrecy::ExposeSecret;
use std::{
    net::TcpListener,
    sync::Arc,
    time::{Duration, Instant},
};

/// A client has this long to send its request headers (actix's default, made explicit).
const CLIENT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// An idle keep-alive connection is closed after this long.
const KEEP_ALIVE: Duration = Duration::from_secs(5);
/// A connection being shut down is given this long to go before it is dropped.
const CLIENT_DISCONNECT_TIMEOUT: Duration = Duration::from_secs(1);

#[derive(Debug, thiserror::Error)]
pub enum StartupError {
    #[error(transparent)]
    Database(#[from] jobr_postgres::DatabaseError),
    #[error("cannot set up the OpenAI client")]
    OpenAi(#[source] jobr_core::BoxError),
    #[error("cannot use the upload directory")]
    Files(#[source] jobr_core::FileStoreError),
    #[error(
        "cannot find the extraction worker at {path} (build it with `cargo build -p jobr-server --bins`, or set EXTRACTOR_PATH)"
    )]
    Extractor { path: String },
    #[error("cannot set up the mailer")]
    Mailer(#[from] jobr_sendgrid::MailerSetupError),
    #[error(transparent)]
    Payments(#[from] crate::payments::PaymentsSetupError),
    #[error("cannot listen on {address}: {source}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
}

pub struct Application {
    port: u16,
    server: Server,
    /// The CV orphan sweep; stopped with the server.
    sweep: tokio::task::JoinHandle<()>,
    /// The outbox worker; stopped with the server (claimed mail comes back after its lease).
    outbox: tokio::task::JoinHandle<()>,
    /// PhonePe payment reconciliation; stopped with the server.
    payments: tokio::task::JoinHandle<()>,
}

struct Storage {
    users: Arc<dyn UserRepository>,
    refresh_tokens: Arc<dyn RefreshTokenRepository>,
    cvs: Arc<dyn CvRepository>,
    jobs: Arc<dyn JobRepository>,
    usage: Arc<dyn UsageRecorder>,
    applications: Arc<dyn ApplicationRepository>,
    email_tokens: Arc<dyn EmailTokenRepository>,
    outbox: Arc<dyn Outbox>,
    suppressions: Arc<dyn SuppressionList>,
    subscriptions: Arc<dyn jobr_subscriptions::SubscriptionRepository>,
    database: Option<Database>,
}

async fn storage(config: &Config) -> Result<Storage, StartupError> {
    let Some(url) = &config.database_url else {
        tracing::warn!(
            "DATABASE_URL is not set: running on the in-memory store; NOTHING IS KEPT across restarts"
        );
        let users = Arc::new(MemoryUserRepository::default());
        let refresh_tokens = Arc::new(MemoryRefreshTokenRepository::default());
        let outbox = Arc::new(MemoryOutbox::default());
        return Ok(Storage {
            email_tokens: Arc::new(MemoryEmailTokens::new(
                users.clone(),
                refresh_tokens.clone(),
                outbox.clone(),
            )),
            users,
            refresh_tokens,
            cvs: Arc::new(MemoryCvRepository::default()),
            jobs: Arc::new(MemoryJobRepository::default()),
            usage: Arc::new(MemoryUsageRecorder::default()),
            // Confirmations and payment mail go into the one outbox with their changes.
            applications: Arc::new(MemoryApplicationRepository::new(outbox.clone())),
            suppressions: Arc::new(MemorySuppressionList::default()),
            subscriptions: Arc::new(jobr_memory::MemorySubscriptionRepository::new(
                outbox.clone(),
            )),
            outbox,
            database: None,
        });
    };
    let url = url.expose_secret();
    let applied = Database::migrate(url).await?;
    tracing::info!(
        applied = applied.len(),
        "database migrations are up to date"
    );
    let database = Database::connect(
        url,
        PoolSettings {
            max_connections: config.database_pool_size,
            acquire_timeout: config.database_acquire_timeout,
            statement_timeout: config.database_statement_timeout,
        },
    )
    .await?;
    Ok(Storage {
        users: Arc::new(PgUserRepository::new(database.clone())),
        refresh_tokens: Arc::new(PgRefreshTokenRepository::new(database.clone())),
        cvs: Arc::new(PgCvRepository::new(database.clone())),
        jobs: Arc::new(PgJobRepository::new(database.clone())),
        usage: Arc::new(PgUsageRecorder::new(database.clone())),
        applications: Arc::new(PgApplicationRepository::new(database.clone())),
        email_tokens: Arc::new(PgEmailTokens::new(database.clone())),
        outbox: Arc::new(PgOutbox::new(database.clone())),
        suppressions: Arc::new(PgSuppressionList::new(database.clone())),
        subscriptions: Arc::new(jobr_postgres::PgSubscriptionRepository::new(
            database.clone(),
        )),
        database: Some(database),
    })
}

/// The OpenAI integration when a key is configured; one client, cache and meter for the CV
/// analyzer, the job re-ranker and the applications' writing assistant.
fn openai(config: &Config, usage: Arc<dyn UsageRecorder>) -> Result<Option<OpenAi>, StartupError> {
    let Some(openai) = &config.openai else {
        tracing::info!(
            "OPENAI_API_KEY is not set: CVs are parsed by the rule-based parser, matches \
             ranked by the rules alone, and application letters written from templates"
        );
        return Ok(None);
    };
    let client =
        OpenAi::new(openai.clone(), usage).map_err(|e| StartupError::OpenAi(Box::new(e)))?;
    tracing::info!(
        model = %openai.model,
        "OpenAI CV analysis, match re-ranking and application writing (Premium and Pro) are \
         on; the rules and templates remain the fallback"
    );
    Ok(Some(client))
}

/// CV parsing with the OpenAI analyzer when configured, the rules alone otherwise;
/// extraction always runs in the isolated worker.
fn cv_parsing(config: &Config, openai: Option<&OpenAi>) -> Result<CvParsingService, StartupError> {
    let runner = Arc::new(ProcessExtraction::new(worker_settings(&config.extraction)?));
    let analyzer: Option<Arc<dyn jobr_cv::CvAnalyzer>> =
        openai.map(|o| Arc::new(o.cv_analyzer()) as Arc<dyn jobr_cv::CvAnalyzer>);
    Ok(CvParsingService::new(runner, analyzer))
}

/// The worker must exist at start, not be found missing at the first upload.
fn worker_settings(config: &ExtractionConfig) -> Result<WorkerSettings, StartupError> {
    let program = match &config.program {
        Some(path) => path.clone(),
        None => std::env::current_exe()
            .map(|exe| exe.with_file_name("jobr-extract"))
            .map_err(|_| StartupError::Extractor {
                path: "jobr-extract".into(),
            })?,
    };
    if !program.is_file() {
        return Err(StartupError::Extractor {
            path: program.display().to_string(),
        });
    }
    Ok(WorkerSettings {
        program,
        memory_limit_bytes: config.memory_limit_mb * 1024 * 1024,
        timeout: config.timeout,
        max_concurrent: std::thread::available_parallelism().map_or(2, |n| n.get()),
    })
}

impl Application {
    pub async fn build(config: Config) -> Result<Self, StartupError> {
        if config.jwt_secret_generated {
            tracing::warn!(
                "JWT_SECRET is not set: using a random secret; tokens die with this process"
            );
        }
        let storage = storage(&config).await?;
        let integrations = web::Data::new(routes::integrations::IntegrationsStatus::of(&config));
        let clock = Arc::new(SystemClock);
        if config.outbox.base_url_defaulted {
            tracing::warn!(
                base_url = config.outbox.base_url.as_str(),
                "BASE_URL is not set: links in mail point to the development web app"
            );
        }
        let mailer: Arc<dyn Mailer> = jobr_sendgrid::build_mailer(
            &config.mail.mailer,
            config.environment == Environment::Development,
        )?;
        let outbox_worker = Arc::new(OutboxWorker::new(
            storage.outbox.clone(),
            mailer,
            storage.suppressions.clone(),
            clock.clone(),
            config.outbox.policy,
        ));
        let sendgrid_events = web::Data::new(routes::sendgrid::SendGridEventsState {
            verifier: config.mail.webhook_key.map(|key| {
                tracing::info!("the SendGrid Event Webhook is on at POST /api/sendgrid/events");
                jobr_sendgrid::EventWebhookVerifier::new(key)
            }),
            events: DeliveryEvents::new(storage.suppressions.clone()),
        });
        if sendgrid_events.verifier.is_none() {
            tracing::info!(
                "SENDGRID_WEBHOOK_PUBLIC_KEY is not set: no Event Webhook, bounces are not recorded"
            );
        }

        let argon2 = Argon2PasswordHasher::default();
        let dummy_hash = argon2.dummy_hash().to_string();
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let hasher = Arc::new(BlockingPasswordHasher::new(argon2, cores * 2));
        let accounts = web::Data::new(AccountService::new(
            storage.users.clone(),
            storage.refresh_tokens,
            hasher,
            jobr_accounts::AccessTokenCodec::new(config.jwt_secret_bytes()),
            clock.clone(),
            dummy_hash,
            AccountMail {
                store: storage.email_tokens,
                composer: MailComposer::new(config.outbox.base_url.clone()),
            },
        ));
        let openai = openai(&config, storage.usage)?;
        let files = LocalFileStore::open(&config.upload_dir)
            .await
            .map_err(StartupError::Files)?;
        let cvs = storage.cvs.clone();
        let cv_library = web::Data::new(CvLibrary::new(
            cv_parsing(&config, openai.as_ref())?,
            storage.cvs,
            Arc::new(files),
            clock.clone(),
        ));
        jobr_matching::load_taxonomy();
        let mut jobs = JobsService::new(storage.jobs, DEFAULT_INDEX_TTL);
        if let Some(openai) = &openai {
            jobs = jobs
                .with_semantic_matcher(Arc::new(openai.semantic_matcher()), DEFAULT_RERANK_TOP_N);
        }
        let jobs = Arc::new(jobs);
        // Plans from subscriptions; the confirmation mail rendered for the account's address and
        // stored with the submission (application_ports).
        let applications = ApplicationService::new(
            storage.applications,
            Arc::new(crate::application_ports::SubscriptionPlans::new(
                storage.subscriptions.clone(),
                clock.clone(),
            )),
            Arc::new(crate::application_ports::ConfirmationMails::new(
                storage.users.clone(),
                MailComposer::new(config.outbox.base_url.clone()),
            )),
            cvs,
            jobs.clone(),
            clock.clone(),
        );
        // AI writing for Premium and Pro when OpenAI is configured; the service keeps Free on
        // the templates, and falls back to them on any failure or invented fact.
        let applications = web::Data::new(match &openai {
            Some(openai) => applications.with_assistant(Arc::new(openai.writing_assistant())),
            None => applications,
        });
        let jobs = web::Data::from(jobs);
        // AI CV structuring and re-ranking need Premium or Pro: asked per request of the one
        // subscription store.
        let ai_gate = web::Data::new(crate::ai_gate::AiGate::new(
            storage.subscriptions.clone(),
            clock.clone(),
        ));
        let swept_library = cv_library.clone().into_inner();
        let limiters = web::Data::new(RateLimiters {
            client_keys: ClientKeys::new(config.trusted_proxies.clone()),
            uploads: RateLimiter::new(config.upload_rate_limit.clone()),
            general: RateLimiter::new(config.general_rate_limit.clone()),
            auth: RateLimiter::new(config.auth_rate_limit.clone()),
        });
        // Subscriptions and payments (issue 9): Stripe and PhonePe when configured.
        let subscriptions = Arc::new(crate::payments::service(
            &config.payments,
            // The one subscription store: applications read plans from the same one.
            storage.subscriptions.clone(),
            clock.clone(),
            jobr_subscriptions::PaymentMailing {
                contacts: Arc::new(crate::application_ports::UserContacts::new(
                    storage.users.clone(),
                )),
                composer: MailComposer::new(config.outbox.base_url.clone()),
            },
        )?);
        let subscription_state = web::Data::new(routes::subscription::SubscriptionState {
            service: subscriptions.clone(),
            web_app: config.outbox.base_url.clone(),
            api: config.public_api.clone(),
        });
        let health = web::Data::new(routes::health::HealthState {
            started: Instant::now(),
            database: storage.database,
        });

        let address = format!("{}:{}", config.host, config.port);
        let listener = TcpListener::bind(&address).map_err(|source| StartupError::Bind {
            address: address.clone(),
            source,
        })?;
        let port = listener
            .local_addr()
            .map_err(|source| StartupError::Bind { address, source })?
            .port();

        let production = config.environment == Environment::Production;
        let json_limit = config.json_body_limit;
        let cors_origins = config.cors_origins.clone();
        let body_deadline = web::Data::new(BodyTimeout(config.request_body_timeout));
        let mut server = HttpServer::new(move || {
            App::new()
                .app_data(accounts.clone())
                .app_data(cv_library.clone())
                .app_data(jobs.clone())
                .app_data(ai_gate.clone())
                .app_data(applications.clone())
                .app_data(limiters.clone())
                .app_data(health.clone())
                .app_data(sendgrid_events.clone())
                .app_data(subscription_state.clone())
                .app_data(integrations.clone())
                .app_data(body_deadline.clone())
                .app_data(
                    web::JsonConfig::default()
                        .limit(json_limit)
                        .error_handler(api::json_error),
                )
                .app_data(web::PathConfig::default().error_handler(api::path_error))
                .app_data(web::QueryConfig::default().error_handler(api::query_error))
                // Outermost last: the request id and the security headers wrap every response
                // produced inside them, rate-limit refusals included.
                // HEAD is answered as GET (the HTTP layer sends the headers only).
                .wrap(from_fn(head_as_get))
                .wrap(from_fn(body_timeout))
                .wrap(cors(&cors_origins))
                // Refusals made by actix or actix-cors, outside our handlers, get the envelope.
                .wrap(from_fn(error_envelopes))
                .wrap(from_fn(request_id))
                .wrap(security_headers(production))
                .configure(routes::health::routes)
                .service(
                    web::scope("/api")
                        .wrap(from_fn(limit_general))
                        .service(
                            web::scope("/auth")
                                .wrap(from_fn(limit_auth))
                                .configure(routes::auth::routes),
                        )
                        .service(web::scope("/users").configure(routes::users::routes))
                        .service(web::scope("/cv").configure(routes::cv::routes))
                        .service(web::scope("/jobs").configure(routes::jobs::routes))
                        .service(
                            web::scope("/applications").configure(routes::applications::routes),
                        )
                        .service(web::scope("/sendgrid").configure(routes::sendgrid::routes))
                        .configure(routes::subscription::routes)
                        .configure(routes::integrations::routes),
                )
                .default_service(web::to(api::not_found))
        })
        // Slow clients: bounded in number per worker and in time at every stage of a request.
        .max_connections(config.max_connections_per_worker)
        .client_request_timeout(CLIENT_REQUEST_TIMEOUT)
        .client_disconnect_timeout(CLIENT_DISCONNECT_TIMEOUT)
        .keep_alive(KEEP_ALIVE)
        .listen(listener)
        .map_err(|source| StartupError::Bind {
            address: format!("port {port}"),
            source,
        })?;
        if let Some(workers) = config.workers {
            server = server.workers(workers);
        }
        tracing::info!(port, "listening");
        // Started once nothing else can fail, so a failed build leaves no task behind.
        let sweep = sweep::spawn(swept_library);
        let outbox = outbox_worker::spawn(outbox_worker, config.outbox.poll_interval);
        let payments = crate::payments::spawn_reconciler(subscriptions);
        Ok(Self {
            port,
            server: server.run(),
            sweep,
            outbox,
            payments,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let stopped = self.server.await;
        self.sweep.abort();
        self.outbox.abort();
        self.payments.abort();
        stopped
    }
}

/// Browsers may call from the listed origins only; `*` allows any (never with credentials).
fn cors(origins: &[String]) -> Cors {
    let cors = Cors::default()
        .allowed_methods(["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"])
        .allowed_headers([header::AUTHORIZATION, header::CONTENT_TYPE, header::ACCEPT])
        .allowed_header("x-request-id")
        .expose_headers(["x-request-id", "retry-after"])
        .max_age(3600);
    if origins.iter().any(|o| o == "*") {
        return cors.allow_any_origin();
    }
    origins
        .iter()
        .fold(cors, |cors, origin| cors.allowed_origin(origin))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    #[test]
    fn a_missing_extraction_worker_stops_the_start_with_its_path() {
        let config = ExtractionConfig {
            program: Some("/nonexistent/jobr-extract".into()),
            memory_limit_mb: 256,
            timeout: Duration::from_secs(10),
        };
        let error = worker_settings(&config).err().map(|e| e.to_string());
        assert!(
            error
                .as_deref()
                .is_some_and(|e| e.contains("/nonexistent/jobr-extract")),
            "{error:?}"
        );
    }
}

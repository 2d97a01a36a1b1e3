use crate::{
    api::{ApiResult, created, ok},
    routes::views::SessionView,
};
use actix_web::web;
use jobr_accounts::{AccountService, Registration, TokenPair};
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/register", web::post().to(register))
        .route("/login", web::post().to(login))
        .route("/refresh", web::post().to(refresh))
        .route("/logout", web::post().to(logout));
}

/// Missing fields default to empty so the domain reports each one by name.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    first_name: String,
    #[serde(default)]
    last_name: String,
}

#[derive(Deserialize)]
struct LoginBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    #[serde(default)]
    refresh_token: String,
}

async fn register(
    accounts: web::Data<AccountService>,
    body: web::Json<RegisterBody>,
) -> ApiResult<SessionView> {
    let body = body.into_inner();
    let session = accounts
        .register(Registration {
            email: body.email,
            password: body.password,
            first_name: body.first_name,
            last_name: body.last_name,
        })
        .await?;
    Ok(created(session.into()))
}

async fn login(
    accounts: web::Data<AccountService>,
    body: web::Json<LoginBody>,
) -> ApiResult<SessionView> {
    let session = accounts.login(&body.email, &body.password).await?;
    Ok(ok(session.into()))
}

async fn refresh(
    accounts: web::Data<AccountService>,
    body: web::Json<RefreshBody>,
) -> ApiResult<TokenPair> {
    Ok(ok(accounts.refresh(&body.refresh_token).await?))
}

async fn logout(
    accounts: web::Data<AccountService>,
    body: web::Json<RefreshBody>,
) -> ApiResult<Value> {
    accounts.logout(&body.refresh_token).await?;
    Ok(ok(json!({ "message": "Signed out" })))
}

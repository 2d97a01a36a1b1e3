use crate::{
    api::{ApiResult, created, ok},
    auth::AuthUser,
    json_body::JsonBody,
    routes::views::{SessionView, TokenPairView},
};
use actix_web::web;
use jobr_accounts::{AccountService, Registration};
use secrecy::SecretString;
use serde::Deserialize;
use serde_json::{Value, json};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Resources, not bare routes: another method on these paths is a 405 with `Allow`.
    cfg.service(web::resource("/register").post(register))
        .service(web::resource("/login").post(login))
        .service(web::resource("/refresh").post(refresh))
        .service(web::resource("/logout").post(logout))
        .service(web::resource("/logout-all").post(logout_all));
}

/// Missing fields default to empty so the domain reports each one by name. Passwords and
/// tokens are `SecretString` from the moment they are parsed, so no `{:?}` can print them.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RegisterBody {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: SecretString,
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
    password: SecretString,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct RefreshBody {
    #[serde(default)]
    refresh_token: SecretString,
}

async fn register(
    accounts: web::Data<AccountService>,
    body: JsonBody<RegisterBody>,
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
    body: JsonBody<LoginBody>,
) -> ApiResult<SessionView> {
    let session = accounts.login(&body.email, &body.password).await?;
    Ok(ok(session.into()))
}

async fn refresh(
    accounts: web::Data<AccountService>,
    body: JsonBody<RefreshBody>,
) -> ApiResult<TokenPairView> {
    Ok(ok(accounts.refresh(&body.refresh_token).await?.into()))
}

async fn logout(
    accounts: web::Data<AccountService>,
    body: JsonBody<RefreshBody>,
) -> ApiResult<Value> {
    accounts.logout(&body.refresh_token).await?;
    Ok(ok(json!({ "message": "Signed out" })))
}

/// Ends every session of the signed-in user: refresh tokens and access tokens alike.
async fn logout_all(user: AuthUser, accounts: web::Data<AccountService>) -> ApiResult<Value> {
    accounts.logout_all(user.id).await?;
    Ok(ok(json!({ "message": "Signed out of every session" })))
}

use crate::{
    api::{ApiResult, accepted, created, ok},
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
        .service(web::resource("/logout-all").post(logout_all))
        .service(web::resource("/password/forgot").post(forgot_password))
        .service(web::resource("/password/reset").post(reset_password))
        .service(web::resource("/email/verify").post(verify_email))
        .service(web::resource("/email/resend").post(resend_verification));
}

#[derive(Deserialize)]
struct ForgotBody {
    #[serde(default)]
    email: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ResetBody {
    #[serde(default)]
    token: SecretString,
    #[serde(default)]
    new_password: SecretString,
}

#[derive(Deserialize)]
struct VerifyBody {
    #[serde(default)]
    token: SecretString,
}

/// 202 whether or not an account has this email (and whether or not its limit of reset mails
/// was reached): the answer tells nothing about which emails are registered.
async fn forgot_password(
    accounts: web::Data<AccountService>,
    body: JsonBody<ForgotBody>,
) -> ApiResult<Value> {
    accounts.forgot_password(&body.email).await?;
    Ok(accepted(json!({
        "message": "If an account has this email, a reset link is on its way"
    })))
}

async fn reset_password(
    accounts: web::Data<AccountService>,
    body: JsonBody<ResetBody>,
) -> ApiResult<Value> {
    accounts
        .reset_password(&body.token, &body.new_password)
        .await?;
    Ok(ok(json!({
        "message": "Password changed; every session was signed out"
    })))
}

async fn verify_email(
    accounts: web::Data<AccountService>,
    body: JsonBody<VerifyBody>,
) -> ApiResult<Value> {
    accounts.verify_email(&body.token).await?;
    Ok(ok(
        json!({ "message": "Email verified", "emailVerified": true }),
    ))
}

/// Sends the signed-in user's verification link again (limited per hour).
async fn resend_verification(
    user: AuthUser,
    accounts: web::Data<AccountService>,
) -> ApiResult<Value> {
    accounts.resend_verification(user.id).await?;
    Ok(accepted(
        json!({ "message": "A new verification link is on its way" }),
    ))
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

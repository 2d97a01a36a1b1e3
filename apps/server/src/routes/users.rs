use crate::{
    api::{ApiResult, ok},
    auth::AuthUser,
    json_body::JsonBody,
    routes::views::UserView,
};
use actix_web::web;
use jobr_accounts::{AccountService, JobPreferences, ProfileChanges};
use secrecy::SecretString;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

pub fn routes(cfg: &mut web::ServiceConfig) {
    // Another method on these paths is actix's 405 with `Allow`, given the envelope by
    // `middleware::edge::error_envelopes`.
    cfg.service(web::resource("/me").get(me).patch(update_me))
        .service(web::resource("/me/password").post(change_password));
}

/// Unknown keys (say, `role`) are refused rather than ignored: nothing is changed silently.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ProfileBody {
    first_name: Option<String>,
    last_name: Option<String>,
    #[serde(default, deserialize_with = "present")]
    phone: Option<Option<String>>,
    #[serde(default, deserialize_with = "present")]
    location: Option<Option<String>>,
    job_preferences: Option<JobPreferences>,
}

/// Tells an absent key (`None`) from an explicit `null` (`Some(None)`), which clears the field.
fn present<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl From<ProfileBody> for ProfileChanges {
    fn from(body: ProfileBody) -> Self {
        ProfileChanges {
            first_name: body.first_name,
            last_name: body.last_name,
            phone: body.phone,
            location: body.location,
            job_preferences: body.job_preferences,
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordBody {
    #[serde(default)]
    current_password: SecretString,
    #[serde(default)]
    new_password: SecretString,
}

async fn me(user: AuthUser, accounts: web::Data<AccountService>) -> ApiResult<UserView> {
    Ok(ok(accounts.get_user(user.id).await?.into()))
}

async fn update_me(
    user: AuthUser,
    accounts: web::Data<AccountService>,
    body: JsonBody<ProfileBody>,
) -> ApiResult<UserView> {
    let changes = ProfileChanges::from(body.into_inner());
    Ok(ok(accounts.update_profile(user.id, changes).await?.into()))
}

async fn change_password(
    user: AuthUser,
    accounts: web::Data<AccountService>,
    body: JsonBody<PasswordBody>,
) -> ApiResult<Value> {
    accounts
        .change_password(user.id, &body.current_password, &body.new_password)
        .await?;
    Ok(ok(
        json!({ "message": "Password changed; every session was signed out" }),
    ))
}

use crate::{
    api::{ApiResult, ok},
    auth::AuthUser,
    routes::views::UserView,
};
use actix_web::web;
use jobr_accounts::{AccountError, AccountService, FieldError, JobPreferences, ProfileUpdate};
use jobr_core::Phone;
use serde::{Deserialize, Deserializer};
use serde_json::{Value, json};

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/me").get(me).patch(update_me))
        .route("/me/password", web::post().to(change_password));
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

impl ProfileBody {
    fn try_into_domain(self) -> Result<ProfileUpdate, AccountError> {
        let phone = match self.phone {
            Some(Some(raw)) => {
                Some(Some(Phone::parse(&raw).map_err(|e| {
                    AccountError::Validation(vec![FieldError::from(e)])
                })?))
            }
            Some(None) => Some(None),
            None => None,
        };
        let location = self
            .location
            .map(|l| l.map(|l| l.trim().to_string()).filter(|l| !l.is_empty()));
        Ok(ProfileUpdate {
            first_name: self.first_name,
            last_name: self.last_name,
            phone,
            location,
            job_preferences: self.job_preferences,
        })
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PasswordBody {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
}

async fn me(user: AuthUser, accounts: web::Data<AccountService>) -> ApiResult<UserView> {
    Ok(ok(accounts.get_user(user.id).await?.into()))
}

async fn update_me(
    user: AuthUser,
    accounts: web::Data<AccountService>,
    body: web::Json<ProfileBody>,
) -> ApiResult<UserView> {
    let update = body.into_inner().try_into_domain()?;
    Ok(ok(accounts.update_profile(user.id, update).await?.into()))
}

async fn change_password(
    user: AuthUser,
    accounts: web::Data<AccountService>,
    body: web::Json<PasswordBody>,
) -> ApiResult<Value> {
    accounts
        .change_password(user.id, &body.current_password, &body.new_password)
        .await?;
    Ok(ok(
        json!({ "message": "Password changed; every session was signed out" }),
    ))
}

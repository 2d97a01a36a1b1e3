//! Request extractors for signed-in callers. A handler that takes `AuthUser` cannot run
//! without a valid access token; one that takes `AdminUser` needs the admin role too.

use crate::api::{ApiError, ErrorCode};
use actix_web::{FromRequest, HttpRequest, dev::Payload, http::StatusCode, web};
use jobr_accounts::AccountService;
use jobr_core::{Role, UserId};
use std::future::{Ready, ready};

#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: UserId,
    pub role: Role,
}

/// The role comes from the access token, so a demotion takes effect within its 15 minutes.
#[derive(Debug, Clone, Copy)]
pub struct AdminUser(pub AuthUser);

fn bearer_token(req: &HttpRequest) -> Option<&str> {
    let value = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim())
        .filter(|t| !t.is_empty())
}

fn authenticate(req: &HttpRequest) -> Result<AuthUser, ApiError> {
    let token = bearer_token(req).ok_or_else(|| {
        ApiError::unauthorized(
            ErrorCode::Unauthorized,
            "Sign in first: send Authorization: Bearer <access token>",
        )
    })?;
    let accounts = req
        .app_data::<web::Data<AccountService>>()
        .ok_or_else(|| ApiError::internal(&"account service is not configured"))?;
    let claims = accounts.authenticate(token)?;
    Ok(AuthUser {
        id: claims.sub,
        role: claims.role,
    })
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req))
    }
}

impl FromRequest for AdminUser {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(authenticate(req).and_then(|user| match user.role {
            Role::Admin => Ok(AdminUser(user)),
            Role::User => Err(ApiError::new(
                StatusCode::FORBIDDEN,
                ErrorCode::Forbidden,
                "Administrators only",
            )),
        }))
    }
}

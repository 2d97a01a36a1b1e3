//! Request extractors for signed-in callers. A handler that takes `AuthUser` cannot run
//! without a valid access token whose token version is still current (checked through the
//! service's short in-process cache); one that takes `AdminUser` needs the admin role too.

use crate::api::{ApiError, ErrorCode};
use actix_web::{FromRequest, HttpRequest, dev::Payload, http::StatusCode, web};
use futures::future::LocalBoxFuture;
use jobr_accounts::AccountService;
use jobr_core::{Role, UserId};

#[derive(Debug, Clone, Copy)]
pub struct AuthUser {
    pub id: UserId,
    pub role: Role,
}

/// The role comes from the access token, so a demotion takes effect within its 15 minutes.
#[derive(Debug, Clone, Copy)]
pub struct AdminUser(pub AuthUser);

fn bearer_token(req: &HttpRequest) -> Option<String> {
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
        .map(str::to_owned)
}

/// Reads what it needs from the request up front, so the future owns its inputs.
fn authenticate(req: &HttpRequest) -> LocalBoxFuture<'static, Result<AuthUser, ApiError>> {
    let token = bearer_token(req);
    let accounts = req.app_data::<web::Data<AccountService>>().cloned();
    Box::pin(async move {
        let token = token.ok_or_else(|| {
            ApiError::unauthorized(
                ErrorCode::Unauthorized,
                "Sign in first: send Authorization: Bearer <access token>",
            )
        })?;
        let accounts =
            accounts.ok_or_else(|| ApiError::internal(&"account service is not configured"))?;
        let claims = accounts.authenticate(&token).await?;
        Ok(AuthUser {
            id: claims.sub,
            role: claims.role,
        })
    })
}

impl FromRequest for AuthUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        authenticate(req)
    }
}

impl FromRequest for AdminUser {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let user = authenticate(req);
        Box::pin(async move {
            let user = user.await?;
            match user.role {
                Role::Admin => Ok(AdminUser(user)),
                Role::User => Err(ApiError::new(
                    StatusCode::FORBIDDEN,
                    ErrorCode::Forbidden,
                    "Administrators only",
                )),
            }
        })
    }
}

//! Accounts: registration, login with lockout, access and refresh tokens, profile and password.
//!
//! Pure domain: the service talks to storage only through the ports in [`ports`].

mod common_passwords;
#[cfg(feature = "contract")]
pub mod contract;
pub mod email_tokens;
pub mod error;
pub mod model;
pub mod password;
pub mod ports;
pub mod service;
pub mod token_versions;
pub mod tokens;

pub use email_tokens::{AccountMail, EmailToken, EmailTokenPurpose, EmailTokenRepository};
pub use error::{AccountError, FieldError};
pub use model::{
    JobPreferences, LoginFailure, LoginGate, NewUser, ProfileChanges, ProfileUpdate, RefreshToken,
    Registration, User,
};
pub use password::{Argon2PasswordHasher, PasswordCheck, PasswordHasher};
pub use ports::{RefreshTokenRepository, UserRepository};
pub use service::{AccountService, LockoutPolicy, REFRESH_GRACE, Session};
pub use tokens::{AccessClaims, AccessTokenCodec, TokenPair};

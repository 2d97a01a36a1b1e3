use crate::{AccountError, FieldError, common_passwords};
use argon2::{
    Algorithm, Argon2, Params, Version,
    password_hash::{
        PasswordHash, PasswordHasher as _, PasswordVerifier, SaltString, rand_core::OsRng,
    },
};
use async_trait::async_trait;
use std::sync::OnceLock;

pub const MIN_PASSWORD_LENGTH: usize = 8;
/// Argon2 is fed the whole password; an upper bound keeps one request from costing seconds.
pub const MAX_PASSWORD_LENGTH: usize = 128;

/// Checks a new password against the policy, naming the API field it came from.
pub fn check_password_policy(field: &str, password: &str) -> Result<(), FieldError> {
    let length = password.chars().count();
    if length < MIN_PASSWORD_LENGTH {
        return Err(FieldError::new(
            field,
            format!("must be at least {MIN_PASSWORD_LENGTH} characters"),
        ));
    }
    if length > MAX_PASSWORD_LENGTH {
        return Err(FieldError::new(
            field,
            format!("must be at most {MAX_PASSWORD_LENGTH} characters"),
        ));
    }
    // Any printable Unicode is welcome, but not control characters: no keyboard types them,
    // and bcrypt (still read for imported hashes) ends a password at the first NUL.
    if password.chars().any(char::is_control) {
        return Err(FieldError::new(
            field,
            "must not contain control characters",
        ));
    }
    if common_passwords::is_common(password) {
        return Err(FieldError::new(field, "is too common; choose another"));
    }
    Ok(())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PasswordCheck {
    Mismatch,
    /// `needs_rehash` when the stored hash is bcrypt or argon2 with weaker parameters than today's.
    Match {
        needs_rehash: bool,
    },
}

/// Hashing is a port because it is slow on purpose: an adapter (jobr-argon2) runs it off the
/// async workers. The domain's [`Argon2PasswordHasher`] deliberately does NOT implement it,
/// so nothing can run argon2 inline on an executor by picking the wrong type.
#[cfg_attr(feature = "mock", mockall::automock)]
#[async_trait]
pub trait PasswordHasher: Send + Sync {
    async fn hash(&self, password: &str) -> Result<String, AccountError>;
    /// MUST return `Mismatch` (not an error) for a hash it cannot read, so a corrupt row
    /// fails closed as a wrong password.
    async fn verify(&self, password: &str, hash: &str) -> Result<PasswordCheck, AccountError>;
}

/// argon2id with OWASP's parameters; also verifies bcrypt hashes of imported users. Pure and
/// blocking (tens of milliseconds, 19 MiB per call): call it from a blocking thread.
#[derive(Clone)]
pub struct Argon2PasswordHasher {
    params: Params,
}

impl Default for Argon2PasswordHasher {
    /// OWASP: argon2id, m = 19 MiB, t = 2, p = 1.
    fn default() -> Self {
        Self {
            params: Params::default(),
        }
    }
}

impl Argon2PasswordHasher {
    /// Cheap parameters for tests only; hashes made with them verify but ask to be rehashed.
    pub fn insecure_fast_for_tests() -> Self {
        let params = Params::new(1024, 1, 1, None).unwrap_or_default();
        Self { params }
    }

    fn argon2(&self) -> Argon2<'static> {
        Argon2::new(Algorithm::Argon2id, Version::V0x13, self.params.clone())
    }

    pub fn hash_blocking(&self, password: &str) -> Result<String, AccountError> {
        let salt = SaltString::generate(&mut OsRng);
        self.argon2()
            .hash_password(password.as_bytes(), &salt)
            .map(|hash| hash.to_string())
            .map_err(AccountError::unexpected)
    }

    pub fn verify_blocking(&self, password: &str, hash: &str) -> PasswordCheck {
        if is_bcrypt(hash) {
            return match bcrypt::verify(password, hash) {
                Ok(true) => PasswordCheck::Match { needs_rehash: true },
                _ => PasswordCheck::Mismatch,
            };
        }
        let Ok(parsed) = PasswordHash::new(hash) else {
            return PasswordCheck::Mismatch;
        };
        if self
            .argon2()
            .verify_password(password.as_bytes(), &parsed)
            .is_err()
        {
            return PasswordCheck::Mismatch;
        }
        let current = Params::try_from(&parsed).ok();
        let needs_rehash = parsed.algorithm.as_str() != "argon2id"
            || current.is_none_or(|p| {
                p.m_cost() < self.params.m_cost()
                    || p.t_cost() < self.params.t_cost()
                    || p.p_cost() < self.params.p_cost()
            });
        PasswordCheck::Match { needs_rehash }
    }

    /// Verifying against this when no user matches keeps "unknown email" as slow as
    /// "wrong password", so response times do not reveal who has an account.
    pub fn dummy_hash(&self) -> &'static str {
        static DUMMY: OnceLock<String> = OnceLock::new();
        DUMMY.get_or_init(|| {
            self.hash_blocking("not-a-real-password")
                .unwrap_or_default()
        })
    }
}

fn is_bcrypt(hash: &str) -> bool {
    ["$2a$", "$2b$", "$2y$"]
        .iter()
        .any(|prefix| hash.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn argon2id_hash_round_trips() {
        let hasher = Argon2PasswordHasher::default();
        let hash = hasher.hash_blocking("correct horse battery").unwrap();
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert_eq!(
            hasher.verify_blocking("correct horse battery", &hash),
            PasswordCheck::Match {
                needs_rehash: false
            }
        );
        assert_eq!(
            hasher.verify_blocking("wrong horse battery", &hash),
            PasswordCheck::Mismatch
        );
    }

    #[test]
    fn bcrypt_hashes_verify_and_ask_for_rehash() {
        let hasher = Argon2PasswordHasher::default();
        let legacy = bcrypt::hash("imported-secret-1", 4).unwrap();
        for variant in ["$2a$", "$2b$", "$2y$"] {
            let hash = format!("{variant}{}", &legacy[4..]);
            assert_eq!(
                hasher.verify_blocking("imported-secret-1", &hash),
                PasswordCheck::Match { needs_rehash: true },
                "{variant}"
            );
            assert_eq!(
                hasher.verify_blocking("imported-secret-2", &hash),
                PasswordCheck::Mismatch
            );
        }
    }

    #[test]
    fn weaker_argon2_parameters_ask_for_rehash() {
        let weak = Argon2PasswordHasher::insecure_fast_for_tests()
            .hash_blocking("s3cret-words")
            .unwrap();
        assert_eq!(
            Argon2PasswordHasher::default().verify_blocking("s3cret-words", &weak),
            PasswordCheck::Match { needs_rehash: true }
        );
    }

    #[test]
    fn unreadable_hash_is_a_mismatch() {
        let hasher = Argon2PasswordHasher::default();
        assert_eq!(
            hasher.verify_blocking("anything", "not a hash"),
            PasswordCheck::Mismatch
        );
        assert_eq!(
            hasher.verify_blocking("anything", ""),
            PasswordCheck::Mismatch
        );
    }

    #[test]
    fn policy_rejects_short_long_and_common_passwords() {
        assert!(check_password_policy("password", "short1").is_err());
        assert!(check_password_policy("password", &"x".repeat(129)).is_err());
        assert!(check_password_policy("password", "Password123").is_err());
        assert!(check_password_policy("password", "qwertyuiop").is_err());
        assert!(check_password_policy("password", "violet-canoe-42").is_ok());
    }
}

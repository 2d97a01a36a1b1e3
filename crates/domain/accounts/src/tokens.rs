use crate::AccountError;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use jobr_core::{Role, Timestamp, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Duration;
use uuid::Uuid;

pub const ACCESS_TOKEN_TTL: Duration = Duration::minutes(15);
pub const REFRESH_TOKEN_TTL: Duration = Duration::days(7);

/// What the client holds after register, login or refresh.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TokenPair {
    pub access_token: String,
    pub refresh_token: String,
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// The claims of an access token: who, with what role, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: UserId,
    pub role: Role,
    pub iat: i64,
    pub exp: i64,
    pub jti: Uuid,
}

/// Signs and checks HS256 access tokens.
#[derive(Clone)]
pub struct AccessTokenCodec {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for AccessTokenCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessTokenCodec { secret: <redacted> }")
    }
}

impl AccessTokenCodec {
    pub fn new(secret: &[u8]) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        // Expiry is checked against the injected clock in `decode`, not the system time.
        validation.validate_exp = false;
        validation.required_spec_claims = ["exp", "sub"].iter().map(|s| s.to_string()).collect();
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    pub fn issue(&self, user: UserId, role: Role, now: Timestamp) -> Result<String, AccountError> {
        let claims = AccessClaims {
            sub: user,
            role,
            iat: now.unix_timestamp(),
            exp: (now + ACCESS_TOKEN_TTL).unix_timestamp(),
            jti: Uuid::new_v4(),
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(AccountError::unexpected)
    }

    /// Any malformed, forged, other-algorithm or expired token is `InvalidToken`.
    pub fn decode(&self, token: &str, now: Timestamp) -> Result<AccessClaims, AccountError> {
        let data = jsonwebtoken::decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| AccountError::InvalidToken)?;
        if data.claims.exp <= now.unix_timestamp() {
            return Err(AccountError::InvalidToken);
        }
        Ok(data.claims)
    }
}

/// A fresh refresh token (256 bits from the OS CSPRNG) and the hash that is stored for it.
pub fn generate_refresh_token() -> (String, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    (token, hash)
}

/// SHA-256 suffices (no salt, no stretching): the token is random, not a guessable secret.
pub fn hash_refresh_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::OffsetDateTime;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn access_token_round_trips_until_it_expires() {
        let codec = AccessTokenCodec::new(SECRET);
        let now = OffsetDateTime::now_utc();
        let user = UserId::new();
        let token = codec.issue(user, Role::Admin, now).unwrap();
        let claims = codec.decode(&token, now + Duration::minutes(14)).unwrap();
        assert_eq!((claims.sub, claims.role), (user, Role::Admin));
        assert!(matches!(
            codec.decode(&token, now + Duration::minutes(15)),
            Err(AccountError::InvalidToken)
        ));
    }

    #[test]
    fn tokens_signed_with_another_secret_or_tampered_are_rejected() {
        let now = OffsetDateTime::now_utc();
        let token = AccessTokenCodec::new(b"another-secret-another-secret-xx")
            .issue(UserId::new(), Role::User, now)
            .unwrap();
        let codec = AccessTokenCodec::new(SECRET);
        assert!(codec.decode(&token, now).is_err());
        assert!(codec.decode("not.a.jwt", now).is_err());
        assert!(codec.decode("", now).is_err());
    }

    #[test]
    fn unsigned_alg_none_token_is_rejected() {
        let now = OffsetDateTime::now_utc();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(
            format!(
                r#"{{"sub":"{}","role":"admin","iat":0,"exp":{},"jti":"{}"}}"#,
                UserId::new(),
                now.unix_timestamp() + 600,
                Uuid::new_v4()
            )
            .as_bytes(),
        );
        let forged = format!("{header}.{body}.");
        assert!(AccessTokenCodec::new(SECRET).decode(&forged, now).is_err());
    }

    #[test]
    fn refresh_tokens_are_random_and_only_their_hash_is_kept() {
        let (a, hash_a) = generate_refresh_token();
        let (b, _) = generate_refresh_token();
        assert_ne!(a, b);
        assert_eq!(hash_a, hash_refresh_token(&a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(&a));
    }
}

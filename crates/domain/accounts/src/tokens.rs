use crate::AccountError;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, KeyInit, Mac};
use jobr_core::{Role, Timestamp, UserId};
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use secrecy::SecretString;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::Duration;
use uuid::Uuid;

pub const ACCESS_TOKEN_TTL: Duration = Duration::minutes(15);
pub const REFRESH_TOKEN_TTL: Duration = Duration::days(7);

/// What the client holds after register, login or refresh. Both tokens are secrets: `{:?}`
/// prints them redacted, and the API view exposes them explicitly.
#[derive(Debug, Clone)]
pub struct TokenPair {
    pub access_token: SecretString,
    pub refresh_token: SecretString,
    pub token_type: &'static str,
    /// Seconds until the access token expires.
    pub expires_in: i64,
}

/// The claims of an access token: who, with what role, which token version, until when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessClaims {
    pub sub: UserId,
    pub role: Role,
    /// The user's token version at issue; a token whose version is behind is refused.
    pub ver: i32,
    pub iat: i64,
    pub exp: i64,
    pub jti: Uuid,
}

/// Signs and checks HS256 access tokens, and derives the successor of a rotated refresh
/// token (see [`AccessTokenCodec::successor_refresh_token`]), both from the one server secret.
#[derive(Clone)]
pub struct AccessTokenCodec {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    /// HMAC-SHA256 keyed with a key derived from the secret for this purpose only, so a
    /// successor cannot be computed without the server secret.
    successors: Hmac<Sha256>,
}

impl std::fmt::Debug for AccessTokenCodec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("AccessTokenCodec { secret: <redacted> }")
    }
}

/// Domain separation: the successor key is HMAC(secret, this label), never the secret itself.
const SUCCESSOR_KEY_LABEL: &[u8] = b"jobr refresh-token successor v1";

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
            successors: hmac_sha256(
                &hmac_sha256(secret)
                    .chain_update(SUCCESSOR_KEY_LABEL)
                    .finalize()
                    .into_bytes(),
            ),
        }
    }

    /// Signs an access token. The same inputs give the same token (HS256 is deterministic),
    /// which lets a refresh retried within the grace window answer with the very same pair.
    pub fn issue(
        &self,
        user: UserId,
        role: Role,
        version: i32,
        issued_at: Timestamp,
        id: Uuid,
    ) -> Result<SecretString, AccountError> {
        let claims = AccessClaims {
            sub: user,
            role,
            ver: version,
            iat: issued_at.unix_timestamp(),
            exp: (issued_at + ACCESS_TOKEN_TTL).unix_timestamp(),
            jti: id,
        };
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map(SecretString::from)
            .map_err(AccountError::unexpected)
    }

    /// The refresh token that replaces `token` when it is rotated: HMAC of the old token
    /// under a server key. Deterministic, so a retry of the same refresh (a lost response, two
    /// tabs at once) can be answered with the same successor without storing it in plaintext.
    pub fn successor_refresh_token(&self, token: &str) -> SecretString {
        let digest = self
            .successors
            .clone()
            .chain_update(token.as_bytes())
            .finalize()
            .into_bytes();
        SecretString::from(URL_SAFE_NO_PAD.encode(digest))
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

fn hmac_sha256(key: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length; `new_from_slice` cannot fail for it.
    <Hmac<Sha256> as KeyInit>::new_from_slice(key)
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

/// A fresh refresh token (256 bits from the OS CSPRNG) and the hash that is stored for it.
pub fn generate_refresh_token() -> (SecretString, String) {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    let token = URL_SAFE_NO_PAD.encode(bytes);
    let hash = hash_refresh_token(&token);
    (SecretString::from(token), hash)
}

/// SHA-256 suffices (no salt, no stretching): the token is random, not a guessable secret.
pub fn hash_refresh_token(token: &str) -> String {
    let digest = Sha256::digest(token.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use secrecy::ExposeSecret;
    use time::OffsetDateTime;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    #[test]
    fn access_token_round_trips_until_it_expires() {
        let codec = AccessTokenCodec::new(SECRET);
        let now = OffsetDateTime::now_utc();
        let user = UserId::new();
        let token = codec
            .issue(user, Role::Admin, 3, now, Uuid::new_v4())
            .unwrap();
        let token = token.expose_secret();
        let claims = codec.decode(token, now + Duration::minutes(14)).unwrap();
        assert_eq!(
            (claims.sub, claims.role, claims.ver),
            (user, Role::Admin, 3)
        );
        assert!(matches!(
            codec.decode(token, now + Duration::minutes(15)),
            Err(AccountError::InvalidToken)
        ));
    }

    #[test]
    fn tokens_signed_with_another_secret_or_tampered_are_rejected() {
        let now = OffsetDateTime::now_utc();
        let token = AccessTokenCodec::new(b"another-secret-another-secret-xx")
            .issue(UserId::new(), Role::User, 0, now, Uuid::new_v4())
            .unwrap();
        let codec = AccessTokenCodec::new(SECRET);
        assert!(codec.decode(token.expose_secret(), now).is_err());
        assert!(codec.decode("not.a.jwt", now).is_err());
        assert!(codec.decode("", now).is_err());
    }

    #[test]
    fn unsigned_alg_none_token_is_rejected() {
        let now = OffsetDateTime::now_utc();
        let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
        let body = URL_SAFE_NO_PAD.encode(
            format!(
                r#"{{"sub":"{}","role":"admin","ver":0,"iat":0,"exp":{},"jti":"{}"}}"#,
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
        let (a, b) = (a.expose_secret(), b.expose_secret());
        assert_ne!(a, b);
        assert_eq!(hash_a, hash_refresh_token(a));
        assert_eq!(hash_a.len(), 64);
        assert!(!hash_a.contains(a));
    }

    #[test]
    fn a_successor_is_fixed_by_the_old_token_and_the_secret() {
        let codec = AccessTokenCodec::new(SECRET);
        let (token, _) = generate_refresh_token();
        let token = token.expose_secret();
        let successor = codec.successor_refresh_token(token);
        assert_eq!(
            successor.expose_secret(),
            codec.successor_refresh_token(token).expose_secret()
        );
        assert_ne!(successor.expose_secret(), token);
        let other_secret = AccessTokenCodec::new(b"another-secret-another-secret-xx");
        assert_ne!(
            successor.expose_secret(),
            other_secret.successor_refresh_token(token).expose_secret(),
            "without the server secret the successor cannot be computed"
        );
    }

    #[test]
    fn debug_output_of_a_token_pair_shows_no_token() {
        let pair = TokenPair {
            access_token: SecretString::from("access-secret-value"),
            refresh_token: SecretString::from("refresh-secret-value"),
            token_type: "Bearer",
            expires_in: 900,
        };
        let shown = format!("{pair:?} {pair:#?}");
        assert!(!shown.contains("access-secret-value"), "{shown}");
        assert!(!shown.contains("refresh-secret-value"), "{shown}");
    }
}

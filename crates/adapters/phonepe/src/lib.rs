//! PhonePe Payment Gateway v1 (India, INR), the legacy salt-key API the seeds document.
//!
//! - [`PhonePe::pay`]: a PAY_PAGE pay request, `POST /pg/v1/pay` with the base64 (standard
//!   alphabet) JSON payload and `X-VERIFY = sha256(base64 + "/pg/v1/pay" + salt) + "###" + index`;
//!   answers the pay page URL to send the user to. Amounts are paise; the
//!   `merchantTransactionId` is derived from the payment request id ([`MerchantTransactionId`]),
//!   so it is unique per payment request and leads back to it.
//! - [`PhonePe::status`]: `GET /pg/v1/status/{merchantId}/{merchantTransactionId}` with its
//!   `X-VERIFY` and `X-MERCHANT-ID`. The source of truth for a payment.
//! - [`PhonePe::verify_callback`]: the server-to-server callback `{"response": "<base64>"}`,
//!   `X-VERIFY = sha256(response + salt) + "###" + index`, compared in constant time.
//! - Status answers and callbacks are judged by one function through one code table
//!   ([`codes::CODES`]; unknown codes mean pending, keep polling), and checked against the
//!   payment request: another merchant, transaction or amount (or a non-INR payment) is an
//!   error, never a success.
//! - Every call goes through the one `jobr_http::OutboundClient` (integration `"phonepe"`):
//!   per-attempt timeout, a circuit breaker, retries for status checks (GET) only.
//! - `PhonePe` implements `jobr_subscriptions::PaymentProvider` (checkout → redirect URL,
//!   payment status, webhook → `PaymentEvent`); PhonePe holds no subscriptions, so it does not
//!   implement `SubscriptionBilling`.
//! - Logs carry the transaction id, code, outcome and latency; never the salt key or a checksum.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use jobr_phonepe::{ExpectedPayment, Outcome, PhonePe, PhonePeConfig};
//!
//! let Some(config) = PhonePeConfig::from_lookup(|k| std::env::var(k).ok())
//!     .map_err(|problems| problems.join("; "))?
//! else {
//!     return Ok(()); // PhonePe not configured
//! };
//! let phonepe = PhonePe::new(config)?;
//! # let expected: ExpectedPayment = todo!();
//! match phonepe.status(&expected).await?.outcome {
//!     Outcome::Succeeded => { /* activate */ }
//!     Outcome::Failed => { /* mark failed */ }
//!     Outcome::Pending => { /* poll again later, with backoff */ }
//! }
//! # Ok(())
//! # }
//! ```

mod callback;
mod checksum;
mod client;
pub mod codes;
mod config;
mod error;
mod ids;
mod provider;
mod settle;
mod wire;

pub use callback::{Callback, CallbackError};
pub use checksum::{ChecksumError, PAY_PATH, Salt, SignedCallback, status_path};
pub use client::{PayPage, PayRequest, PhonePe};
pub use codes::CodeMeaning;
pub use config::{
    DEFAULT_TIMEOUT, Environment, PRODUCTION_API_BASE, PhonePeConfig, SANDBOX_API_BASE,
};
pub use error::PhonePeError;
pub use ids::{
    MAX_MERCHANT_TRANSACTION_ID_LEN, MAX_MERCHANT_USER_ID_LEN, MerchantTransactionId,
    merchant_user_id,
};
pub use settle::{ExpectedPayment, Outcome, PaymentStatus};
pub use wire::RedirectMode;

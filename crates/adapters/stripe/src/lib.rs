//! Stripe (API version pinned to `2024-06-20`) behind the payment ports: a customer and a
//! subscription for the plan's price at checkout (the first invoice's payment intent gives the
//! client secret), payment intent status, cancel at period end, resume, billing portal, and
//! webhook verification on the raw body.

mod config;
mod provider;
mod signature;
mod wire;

pub use config::{DEFAULT_API_BASE, StripeConfig};
pub use provider::{STRIPE_VERSION, StripeProvider};
pub use signature::{DEFAULT_TOLERANCE, sign, verify_signature};

//! Stripe's JSON shapes, only the fields Jobr reads (API version 2024-06-20).

use serde::Deserialize;

#[derive(Debug, Deserialize)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Deserialize)]
pub struct ErrorBody {
    #[serde(rename = "type")]
    pub kind: String,
    pub code: Option<String>,
    pub decline_code: Option<String>,
    pub message: Option<String>,
    pub param: Option<String>,
}

#[derive(Debug, Deserialize)]
pub struct Customer {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub struct PaymentIntent {
    pub id: String,
    pub amount: i64,
    pub amount_received: Option<i64>,
    pub currency: String,
    pub status: String,
    pub client_secret: Option<String>,
    pub last_payment_error: Option<ErrorBody>,
}

#[derive(Debug, Deserialize)]
pub struct Invoice {
    pub id: String,
    pub subscription: Option<String>,
    pub payment_intent: Option<Expandable<PaymentIntent>>,
    pub amount_paid: Option<i64>,
    pub currency: String,
    pub lines: Option<List<InvoiceLine>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Expandable<T> {
    Id(String),
    Object(Box<T>),
}

#[derive(Debug, Deserialize)]
pub struct List<T> {
    pub data: Vec<T>,
}

#[derive(Debug, Deserialize)]
pub struct InvoiceLine {
    pub period: Option<Period>,
}

#[derive(Debug, Deserialize)]
pub struct Period {
    pub end: i64,
}

#[derive(Debug, Deserialize)]
pub struct Subscription {
    pub id: String,
    pub status: String,
    pub current_period_end: Option<i64>,
    #[serde(default)]
    pub cancel_at_period_end: bool,
    pub items: Option<List<SubscriptionItem>>,
    pub latest_invoice: Option<Expandable<Invoice>>,
}

#[derive(Debug, Deserialize)]
pub struct SubscriptionItem {
    pub price: Price,
}

#[derive(Debug, Deserialize)]
pub struct Price {
    pub id: String,
}

#[derive(Debug, Deserialize)]
pub struct PortalSession {
    pub url: String,
}

/// A webhook event; `data.object` is read by type.
#[derive(Debug, Deserialize)]
pub struct Event {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub created: i64,
    pub data: EventData,
}

#[derive(Debug, Deserialize)]
pub struct EventData {
    pub object: serde_json::Value,
}

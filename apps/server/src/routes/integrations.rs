//! `GET /api/integrations/status`: which outside services this instance has configured, and
//! what stands in for each one that is missing. It keeps the seed's own top-level shape
//! (`success`, `summary`, `integrations`, `recommendations`), not the `data` envelope, because
//! operators script against it. Only services the platform has an adapter for are listed.

use crate::config::Config;
use actix_web::{HttpResponse, web};
use serde_json::{Value, json};

/// Read once from the configuration at start; no secret is kept, only whether it was given.
#[derive(Debug, Clone, Copy)]
pub struct IntegrationsStatus {
    openai: bool,
    stripe: bool,
    /// `Some(test_mode)` when PhonePe is configured.
    phonepe: Option<bool>,
    /// SMTP or the SendGrid API, as opposed to mail written to the log.
    mail: bool,
}

impl IntegrationsStatus {
    pub fn of(config: &Config) -> Self {
        Self {
            openai: config.openai.is_some(),
            stripe: config.payments.stripe.is_some(),
            phonepe: config
                .payments
                .phonepe
                .as_ref()
                .map(|phonepe| matches!(phonepe.environment, jobr_phonepe::Environment::Sandbox)),
            mail: !matches!(config.mail.mailer, jobr_sendgrid::MailerConfig::Log),
        }
    }

    fn report(&self) -> Value {
        let phonepe = self.phonepe.is_some();
        // (name, available, features, what works instead, the advice when missing)
        let entries = [
            (
                "openai",
                self.openai,
                &[
                    "cv_parsing",
                    "job_matching",
                    "ai_assistance",
                    "application_writing",
                ][..],
                "rule_based_parsing_matching_and_template_writing",
                "Set OPENAI_API_KEY for AI CV structuring, match re-ranking, and AI cover letters, \
                 tailored CVs, strength analyses and interview prep on Premium and Pro",
            ),
            (
                "stripe",
                self.stripe,
                &["subscription_payments", "billing_management"][..],
                if phonepe {
                    "phonepe_payments"
                } else {
                    "free_plan_only"
                },
                "Set the STRIPE_* variables for card payments",
            ),
            (
                "phonepe",
                phonepe,
                &["indian_payments", "subscription_management"][..],
                if self.stripe {
                    "stripe_payments"
                } else {
                    "free_plan_only"
                },
                "Set the PHONEPE_* variables for payments in India",
            ),
            (
                "sendgrid",
                self.mail,
                &["email_notifications", "password_reset"][..],
                "console_logging",
                "Set SMTP_URL or SENDGRID_API_KEY so mail is sent, not logged",
            ),
        ];
        let mut integrations = serde_json::Map::new();
        let mut recommendations = Vec::new();
        for (name, available, features, fallback, advice) in entries {
            let mut entry = json!({
                "available": available,
                "features": features,
                "fallback": if available { Value::Null } else { json!(fallback) },
            });
            if name == "phonepe"
                && let Some(test_mode) = self.phonepe
            {
                entry["test_mode"] = json!(test_mode);
            }
            if !available {
                recommendations.push(advice);
            }
            integrations.insert(name.to_string(), entry);
        }
        let available = entries.iter().filter(|entry| entry.1).count();
        json!({
            "success": true,
            "summary": {
                "total_integrations": entries.len(),
                "available": available,
                "missing": entries.len() - available,
                // Every feature has a fallback: accounts, CVs, matching and applications work
                // with nothing configured.
                "core_functional": true,
                "payments_functional": self.stripe || phonepe,
            },
            "integrations": integrations,
            "recommendations": recommendations,
        })
    }
}

pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/integrations/status").get(status));
}

async fn status(state: web::Data<IntegrationsStatus>) -> HttpResponse {
    HttpResponse::Ok().json(state.report())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn with_nothing_configured_every_integration_names_its_fallback() {
        let status = IntegrationsStatus {
            openai: false,
            stripe: false,
            phonepe: None,
            mail: false,
        };
        let report = status.report();
        assert_eq!(report["summary"]["available"], 0);
        assert_eq!(report["summary"]["missing"], 4);
        assert_eq!(report["summary"]["payments_functional"], false);
        assert_eq!(report["summary"]["core_functional"], true);
        assert_eq!(
            report["integrations"]["openai"]["fallback"],
            "rule_based_parsing_matching_and_template_writing"
        );
        assert!(
            report["integrations"]["openai"]["features"]
                .as_array()
                .is_some_and(|f| f.contains(&json!("application_writing")))
        );
        assert_eq!(
            report["integrations"]["stripe"]["fallback"],
            "free_plan_only"
        );
        assert_eq!(
            report["integrations"]["sendgrid"]["fallback"],
            "console_logging"
        );
        assert_eq!(report["recommendations"].as_array().map(Vec::len), Some(4));
    }

    #[test]
    fn phonepe_alone_makes_payments_work_and_stands_in_for_stripe() {
        let status = IntegrationsStatus {
            openai: true,
            stripe: false,
            phonepe: Some(true),
            mail: true,
        };
        let report = status.report();
        assert_eq!(report["summary"]["available"], 3);
        assert_eq!(report["summary"]["payments_functional"], true);
        assert_eq!(
            report["integrations"]["stripe"]["fallback"],
            "phonepe_payments"
        );
        assert_eq!(report["integrations"]["phonepe"]["available"], true);
        assert_eq!(report["integrations"]["phonepe"]["test_mode"], true);
        assert_eq!(report["integrations"]["phonepe"]["fallback"], Value::Null);
        assert_eq!(report["recommendations"].as_array().map(Vec::len), Some(1));
    }
}

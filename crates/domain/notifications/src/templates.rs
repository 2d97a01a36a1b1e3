//! Every mail Jobr sends: a subject, a plain-text body and an HTML body.
//!
//! User data reaches the HTML only through `html_escape` (text or attribute context), links are
//! built from `BASE_URL` with their query encoded by the `url` crate, and subjects have every
//! control character replaced by a space, so nothing a user typed can add markup or a header.

use crate::{MailKind, MessageId, OutgoingMessage};
use html_escape::{encode_double_quoted_attribute, encode_text};
use jobr_core::{Currency, Email, InvalidValue, Money};
use secrecy::{ExposeSecret, SecretString};
use url::Url;

const PRODUCT: &str = "Jobr";

/// The public address of the web app (`BASE_URL`): an absolute http(s) URL without query or
/// fragment. Links in mail are built from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl(Url);

impl BaseUrl {
    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        let invalid = |why: &str| InvalidValue::new("BASE_URL", why);
        let mut url = Url::parse(raw.trim()).map_err(|e| invalid(&e.to_string()))?;
        if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
            return Err(invalid("must be an http or https URL with a host"));
        }
        if url.query().is_some() || url.fragment().is_some() {
            return Err(invalid("must not have a query or a fragment"));
        }
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        Ok(Self(url))
    }

    /// `path` (relative, no leading slash) under the base, with the query pairs encoded.
    pub fn link(&self, path: &str, query: &[(&str, &str)]) -> Url {
        let mut url = self.0.clone();
        let joined = format!("{}{}", self.0.path(), path);
        url.set_path(&joined);
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query);
        }
        url
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// What the application-confirmation mail says about the application.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationMail {
    pub application_id: String,
    pub job_title: String,
    pub company: String,
}

/// What the payment mails say about the payment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentMail {
    pub amount: Money,
    /// The plan bought, as shown to the user ("Premium").
    pub plan: String,
    /// The provider's or our reference for the payment, shown so support can find it.
    pub reference: String,
}

/// Renders mail. Pure: enqueueing is the caller's (see the crate docs).
#[derive(Debug, Clone)]
pub struct MailComposer {
    base_url: BaseUrl,
}

/// One rendered body pair being built: every call says whether its text is trusted markup
/// (ours) or user data (escaped).
struct Body {
    text: String,
    html: String,
}

impl Body {
    fn new(greeting_name: &str) -> Self {
        let mut body = Self {
            text: String::new(),
            html: String::from(
                "<!DOCTYPE html>\n<html><body style=\"font-family: sans-serif; line-height: 1.5\">\n",
            ),
        };
        body.paragraph(&[
            Part::Plain("Hello "),
            Part::User(greeting_name),
            Part::Plain(","),
        ]);
        body
    }

    fn paragraph(&mut self, parts: &[Part<'_>]) {
        self.html.push_str("<p>");
        for part in parts {
            match part {
                Part::Plain(text) => {
                    self.text.push_str(text);
                    self.html.push_str(text);
                }
                Part::User(text) => {
                    self.text.push_str(text);
                    self.html.push_str(&encode_text(text));
                }
            }
        }
        self.html.push_str("</p>\n");
        self.text.push_str("\n\n");
    }

    fn link(&mut self, label: &str, url: &Url) {
        self.text.push_str(&format!("{label}: {url}\n\n"));
        self.html.push_str(&format!(
            "<p><a href=\"{}\">{}</a></p>\n",
            encode_double_quoted_attribute(url.as_str()),
            encode_text(label)
        ));
    }

    fn finish(mut self) -> (String, String) {
        self.paragraph(&[
            Part::Plain("— The "),
            Part::Plain(PRODUCT),
            Part::Plain(" team"),
        ]);
        self.html.push_str("</body></html>\n");
        (self.text, self.html)
    }
}

enum Part<'a> {
    /// Our own wording: already safe HTML.
    Plain(&'a str),
    /// Anything that came from a user or a third party: escaped.
    User(&'a str),
}

/// One line, no control characters (CR and LF above all), at most 200 characters: safe as a
/// mail header value.
fn subject(raw: &str) -> String {
    let line: String = raw
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(200)
        .collect();
    line.trim().to_string()
}

fn format_money(amount: Money) -> String {
    let code = match amount.currency {
        Currency::Usd => "USD",
        Currency::Inr => "INR",
    };
    let sign = if amount.minor_units < 0 { "-" } else { "" };
    let units = amount.minor_units.unsigned_abs();
    format!("{sign}{}.{:02} {code}", units / 100, units % 100)
}

impl MailComposer {
    pub fn new(base_url: BaseUrl) -> Self {
        Self { base_url }
    }

    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    fn message(
        &self,
        kind: MailKind,
        to: &Email,
        subject_line: &str,
        body: Body,
    ) -> OutgoingMessage {
        let (text, html) = body.finish();
        OutgoingMessage {
            id: MessageId::new(),
            kind,
            to: to.clone(),
            subject: subject(subject_line),
            text,
            html,
        }
    }

    pub fn welcome(&self, to: &Email, first_name: &str) -> OutgoingMessage {
        let mut body = Body::new(first_name);
        body.paragraph(&[Part::Plain(
            "Welcome to Jobr. Upload your CV and we will match you with jobs that fit.",
        )]);
        body.link("Open Jobr", &self.base_url.link("", &[]));
        self.message(MailKind::Welcome, to, "Welcome to Jobr", body)
    }

    /// The link carries `token`; it works once.
    pub fn verify_email(
        &self,
        to: &Email,
        first_name: &str,
        token: &SecretString,
    ) -> OutgoingMessage {
        let url = self
            .base_url
            .link("verify-email", &[("token", token.expose_secret())]);
        let mut body = Body::new(first_name);
        body.paragraph(&[Part::Plain(
            "Please confirm that this is your email address by opening the link below.",
        )]);
        body.link("Verify your email", &url);
        body.paragraph(&[Part::Plain(
            "If you did not sign up for Jobr, you can ignore this mail.",
        )]);
        self.message(
            MailKind::VerifyEmail,
            to,
            "Verify your email for Jobr",
            body,
        )
    }

    /// The link carries `token`; it works once, within an hour.
    pub fn password_reset(
        &self,
        to: &Email,
        first_name: &str,
        token: &SecretString,
    ) -> OutgoingMessage {
        let url = self
            .base_url
            .link("reset-password", &[("token", token.expose_secret())]);
        let mut body = Body::new(first_name);
        body.paragraph(&[Part::Plain(
            "Someone asked to reset the password of your Jobr account. The link below works \
             once, within one hour.",
        )]);
        body.link("Choose a new password", &url);
        body.paragraph(&[Part::Plain(
            "If it was not you, ignore this mail: your password stays as it is.",
        )]);
        self.message(
            MailKind::PasswordReset,
            to,
            "Reset your Jobr password",
            body,
        )
    }

    pub fn application_confirmation(
        &self,
        to: &Email,
        first_name: &str,
        application: &ApplicationMail,
    ) -> OutgoingMessage {
        let url = self
            .base_url
            .link(&format!("applications/{}", application.application_id), &[]);
        let mut body = Body::new(first_name);
        body.paragraph(&[
            Part::Plain("Your application for "),
            Part::User(&application.job_title),
            Part::Plain(" at "),
            Part::User(&application.company),
            Part::Plain(" was sent."),
        ]);
        body.link("See your application", &url);
        self.message(
            MailKind::ApplicationConfirmation,
            to,
            &format!(
                "Application sent: {} at {}",
                application.job_title, application.company
            ),
            body,
        )
    }

    pub fn payment_receipt(
        &self,
        to: &Email,
        first_name: &str,
        payment: &PaymentMail,
    ) -> OutgoingMessage {
        let amount = format_money(payment.amount);
        let mut body = Body::new(first_name);
        body.paragraph(&[
            Part::Plain("Thank you: we received your payment of "),
            Part::User(&amount),
            Part::Plain(" for the "),
            Part::User(&payment.plan),
            Part::Plain(" plan."),
        ]);
        body.paragraph(&[Part::Plain("Reference: "), Part::User(&payment.reference)]);
        body.link("Your subscription", &self.base_url.link("billing", &[]));
        self.message(
            MailKind::PaymentReceipt,
            to,
            &format!("Your Jobr receipt: {amount}"),
            body,
        )
    }

    pub fn payment_failed(
        &self,
        to: &Email,
        first_name: &str,
        payment: &PaymentMail,
    ) -> OutgoingMessage {
        let amount = format_money(payment.amount);
        let mut body = Body::new(first_name);
        body.paragraph(&[
            Part::Plain("Your payment of "),
            Part::User(&amount),
            Part::Plain(" for the "),
            Part::User(&payment.plan),
            Part::Plain(" plan did not go through. Nothing was charged."),
        ]);
        body.paragraph(&[Part::Plain("Reference: "), Part::User(&payment.reference)]);
        body.link("Try again", &self.base_url.link("billing", &[]));
        self.message(
            MailKind::PaymentFailed,
            to,
            "Your Jobr payment did not go through",
            body,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str =
        "<script>alert(\"x\")</script>&<b onmouseover='y'>\r\nBcc: evil@example.com";

    fn composer() -> MailComposer {
        MailComposer::new(BaseUrl::parse("https://jobr.example/app").unwrap())
    }

    fn every_template(name: &str, token: &str) -> Vec<OutgoingMessage> {
        let c = composer();
        let to = Email::parse("ada@example.com").unwrap();
        let token = SecretString::from(token.to_string());
        let application = ApplicationMail {
            application_id: "6f1c".into(),
            job_title: HOSTILE.into(),
            company: HOSTILE.into(),
        };
        let payment = PaymentMail {
            amount: Money {
                minor_units: 49_900,
                currency: Currency::Inr,
            },
            plan: HOSTILE.into(),
            reference: HOSTILE.into(),
        };
        vec![
            c.welcome(&to, name),
            c.verify_email(&to, name, &token),
            c.password_reset(&to, name, &token),
            c.application_confirmation(&to, name, &application),
            c.payment_receipt(&to, name, &payment),
            c.payment_failed(&to, name, &payment),
        ]
    }

    #[test]
    fn hostile_input_stays_escaped_in_html_and_out_of_the_headers() {
        let messages = every_template(HOSTILE, "a\"b<c>&d e");
        assert_eq!(messages.len(), MailKind::ALL.len());
        for message in messages {
            let kind = message.kind;
            assert!(
                !message.html.contains("<script"),
                "{kind}: {}",
                message.html
            );
            assert!(!message.html.contains("<b "), "{kind}: {}", message.html);
            assert!(!message.html.contains("'y'>"), "{kind}");
            assert!(
                message.html.contains("&lt;script&gt;"),
                "{kind}: {}",
                message.html
            );
            assert!(
                !message.subject.contains(['\r', '\n']),
                "{kind}: {:?}",
                message.subject
            );
            // The plain-text body keeps what the user typed, as text.
            assert!(message.text.contains("Hello <script>"), "{kind}");
        }
    }

    #[test]
    fn a_crlf_in_a_job_title_cannot_start_a_header_in_the_subject() {
        let c = composer();
        let to = Email::parse("ada@example.com").unwrap();
        let message = c.application_confirmation(
            &to,
            "Ada",
            &ApplicationMail {
                application_id: "1".into(),
                job_title: "Dev\r\nBcc: evil@example.com".into(),
                company: "Acme\n".into(),
            },
        );
        assert_eq!(
            message.subject,
            "Application sent: Dev  Bcc: evil@example.com at Acme"
        );
    }

    #[test]
    fn links_are_built_from_base_url_with_the_token_encoded() {
        let messages = every_template("Ada", "tok+/=&x");
        let verify = &messages[1];
        let link = "https://jobr.example/app/verify-email?token=tok%2B%2F%3D%26x";
        assert!(verify.text.contains(link), "{}", verify.text);
        assert!(
            verify.html.contains(&format!("href=\"{link}\"")),
            "{}",
            verify.html
        );
        let reset = &messages[2];
        assert!(
            reset
                .text
                .contains("https://jobr.example/app/reset-password?token=tok%2B%2F%3D%26x")
        );
        assert!(messages[0].text.contains("https://jobr.example/app/\n"));
        assert!(
            messages[3]
                .text
                .contains("https://jobr.example/app/applications/6f1c")
        );
        assert!(messages[4].text.contains("499.00 INR"));
    }

    #[test]
    fn every_message_gets_its_own_stable_id_and_kind() {
        let messages = every_template("Ada", "t");
        let kinds: Vec<_> = messages.iter().map(|m| m.kind).collect();
        assert_eq!(kinds, MailKind::ALL);
        let mut ids: Vec<_> = messages.iter().map(|m| m.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), messages.len());
    }

    #[test]
    fn base_url_must_be_an_absolute_http_url() {
        assert!(BaseUrl::parse("jobr.example").is_err());
        assert!(BaseUrl::parse("ftp://jobr.example").is_err());
        assert!(BaseUrl::parse("https://jobr.example/?a=1").is_err());
        let base = BaseUrl::parse("http://localhost:3000").unwrap();
        assert_eq!(
            base.link("verify-email", &[("token", "x")]).as_str(),
            "http://localhost:3000/verify-email?token=x"
        );
    }

    #[test]
    fn money_is_shown_in_major_units() {
        let usd = |minor_units| {
            format_money(Money {
                minor_units,
                currency: Currency::Usd,
            })
        };
        assert_eq!(usd(1999), "19.99 USD");
        assert_eq!(usd(5), "0.05 USD");
        assert_eq!(usd(-250), "-2.50 USD");
    }
}

use jobr_core::{Email, InvalidValue};
use std::fmt;
use uuid::Uuid;

/// The stable identity of one mail, fixed when it is enqueued. Mailers send it as the
/// `Message-ID` header (and SendGrid as a custom argument), so a mail sent twice after a crash
/// between "sent" and "marked sent" can be recognised as one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct MessageId(pub Uuid);

impl MessageId {
    pub fn new() -> Self {
        Self(Uuid::new_v4())
    }
}

impl Default for MessageId {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Display for MessageId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// Which template a mail came from. Stored with the mail; decides whether the suppression list
/// applies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MailKind {
    Welcome,
    VerifyEmail,
    PasswordReset,
    ApplicationConfirmation,
    PaymentReceipt,
    PaymentFailed,
}

impl MailKind {
    pub const ALL: [MailKind; 6] = [
        Self::Welcome,
        Self::VerifyEmail,
        Self::PasswordReset,
        Self::ApplicationConfirmation,
        Self::PaymentReceipt,
        Self::PaymentFailed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Welcome => "welcome",
            Self::VerifyEmail => "verify_email",
            Self::PasswordReset => "password_reset",
            Self::ApplicationConfirmation => "application_confirmation",
            Self::PaymentReceipt => "payment_receipt",
            Self::PaymentFailed => "payment_failed",
        }
    }

    pub fn parse(raw: &str) -> Result<Self, InvalidValue> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == raw)
            .ok_or_else(|| InvalidValue::new("kind", format!("unknown mail kind {raw:?}")))
    }

    /// A password reset is asked for by the person at that address right now: it goes out
    /// even to an address that bounced before (the bounce may be long over).
    pub fn ignores_suppression(self) -> bool {
        self == Self::PasswordReset
    }
}

impl fmt::Display for MailKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One rendered mail, ready for a [`crate::Mailer`].
///
/// `subject` is a single line: [`crate::MailComposer`] replaces any control character (CR and
/// LF included) with a space, so no user data can add a header. `text` and `html` are the two
/// alternative bodies; in `html` every piece of user data is escaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMessage {
    pub id: MessageId,
    pub kind: MailKind,
    pub to: Email,
    pub subject: String,
    pub text: String,
    pub html: String,
}

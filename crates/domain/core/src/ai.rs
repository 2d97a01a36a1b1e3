//! The AI gate every use case that may call an AI is given (issue 9: AI features need Premium
//! or Pro; Free users get the rule-based paths, and the response says so).

/// Whether the user's plan lets an AI path run for this request. The caller decides it from
/// the user's subscription (`jobr_subscriptions::Entitlements::ai_use`) and passes it in
/// explicitly: there is no default, so no path can run the AI for a user by forgetting to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AiUse {
    /// The plan includes AI features (Premium, Pro).
    Allowed,
    /// The plan does not (Free): the rules answer, and the answer says why.
    NotInPlan,
}

//! What a call costs, estimated from its token counts and the model's list price.

/// List prices in micro-USD per million tokens (= USD per million tokens × 1 000 000).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Price {
    pub input_per_million: u64,
    pub output_per_million: u64,
}

const GPT_4_TURBO: Price = Price {
    input_per_million: 10_000_000,
    output_per_million: 30_000_000,
};
const GPT_4O: Price = Price {
    input_per_million: 2_500_000,
    output_per_million: 10_000_000,
};
const GPT_4O_MINI: Price = Price {
    input_per_million: 150_000,
    output_per_million: 600_000,
};
const GPT_4: Price = Price {
    input_per_million: 30_000_000,
    output_per_million: 60_000_000,
};

/// The list price of `model`, dated snapshots included (`gpt-4o-2024-08-06` is `gpt-4o`).
///
/// A model not in the table (a newer one, a fine-tune, a compatible server's own) is priced as
/// gpt-4-turbo, the default model and among the dearer ones: overestimating cost is the safer
/// error for budgets and plan limits. Update the table when prices or models change.
pub fn price_for(model: &str) -> Price {
    if model.starts_with("gpt-4o-mini") {
        GPT_4O_MINI
    } else if model.starts_with("gpt-4o") {
        GPT_4O
    } else if model.starts_with("gpt-4-turbo") {
        GPT_4_TURBO
    } else if model == "gpt-4" || (model.starts_with("gpt-4-0") && !model.ends_with("-preview")) {
        // gpt-4-0613 and gpt-4-0314 are the original GPT-4; the -preview snapshots are Turbo.
        GPT_4
    } else {
        GPT_4_TURBO
    }
}

/// Estimated cost in micro-USD, rounded up to the next micro-dollar.
pub fn estimate_cost_micro_usd(model: &str, prompt_tokens: u32, completion_tokens: u32) -> i64 {
    let price = price_for(model);
    let numerator = u128::from(prompt_tokens) * u128::from(price.input_per_million)
        + u128::from(completion_tokens) * u128::from(price.output_per_million);
    let micro = numerator.div_ceil(1_000_000);
    i64::try_from(micro).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_prices_per_model() {
        // 1 000 prompt + 500 completion tokens.
        assert_eq!(estimate_cost_micro_usd("gpt-4-turbo", 1_000, 500), 25_000); // $0.025
        assert_eq!(estimate_cost_micro_usd("gpt-4o", 1_000, 500), 7_500);
        assert_eq!(estimate_cost_micro_usd("gpt-4o-mini", 1_000, 500), 450);
        assert_eq!(estimate_cost_micro_usd("gpt-4", 1_000, 500), 60_000);
    }

    #[test]
    fn snapshots_share_their_family_price() {
        assert_eq!(price_for("gpt-4o-2024-08-06"), GPT_4O);
        assert_eq!(price_for("gpt-4o-mini-2024-07-18"), GPT_4O_MINI);
        assert_eq!(price_for("gpt-4-turbo-2024-04-09"), GPT_4_TURBO);
        assert_eq!(price_for("gpt-4-0613"), GPT_4);
        assert_eq!(price_for("gpt-4-0125-preview"), GPT_4_TURBO);
    }

    #[test]
    fn unknown_models_are_priced_as_gpt_4_turbo() {
        assert_eq!(price_for("llama3.1:8b"), GPT_4_TURBO);
        assert_eq!(price_for("gpt-4.1"), GPT_4_TURBO);
        assert_eq!(
            estimate_cost_micro_usd("something-new", 1_000, 500),
            estimate_cost_micro_usd("gpt-4-turbo", 1_000, 500)
        );
    }

    #[test]
    fn fractions_round_up_and_nothing_overflows() {
        assert_eq!(estimate_cost_micro_usd("gpt-4o-mini", 1, 0), 1); // 0.15 µ$
        assert_eq!(estimate_cost_micro_usd("gpt-4o-mini", 0, 0), 0);
        let huge = estimate_cost_micro_usd("gpt-4", u32::MAX, u32::MAX);
        assert_eq!(huge, 386_547_056_550); // (30 + 60) × 4 294 967 295 µ$
    }
}

//! Email addresses, in the text or in a `mailto:` link target.

pub(crate) fn find_email(text: &str) -> Option<String> {
    text.split(|c: char| {
        c.is_whitespace() || matches!(c, '|' | '<' | '>' | '(' | ')' | ',' | ';' | '•' | '·')
    })
    .map(|t| {
        t.trim_start_matches("mailto:")
            .trim_matches(|c: char| matches!(c, '.' | ':' | '"' | '\''))
    })
    .find(|t| is_email(t))
    .map(str::to_owned)
}

fn is_email(t: &str) -> bool {
    let Some((local, domain)) = t.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "._%+-".contains(c))
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c))
        && domain
            .rsplit('.')
            .next()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic))
}

/// The first `mailto:` target that holds a valid address (query such as `?subject=` dropped).
pub(crate) fn email_from_targets(targets: &[String]) -> Option<String> {
    targets.iter().find_map(|t| {
        let rest = t.get(..7).filter(|s| s.eq_ignore_ascii_case("mailto:"))?;
        let address = t[rest.len()..].split('?').next()?.replace("%40", "@");
        is_email(&address).then_some(address)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_in_text_and_targets() {
        assert_eq!(
            find_email("Mail: <jane.doe+cv@example.co.uk>."),
            Some("jane.doe+cv@example.co.uk".into())
        );
        assert_eq!(
            email_from_targets(&["mailto:jane@example.com?subject=Hi".to_owned()]).as_deref(),
            Some("jane@example.com")
        );
        assert_eq!(email_from_targets(&["mailto:nobody".to_owned()]), None);
    }
}

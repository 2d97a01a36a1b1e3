//! LinkedIn, GitHub/GitLab and portfolio links, from the text and from link targets.

use crate::model::Links;

/// Links in `text`. Bare domains ("jane.dev") count only when `allow_bare` (the contact
/// block): elsewhere they are as likely a company ("Booking.com") as a portfolio.
pub(crate) fn find_links(text: &str, allow_bare: bool) -> Links {
    let mut links = Links::default();
    for token in text
        .split(|c: char| c.is_whitespace() || matches!(c, '|' | '<' | '>' | ',' | ';' | '•' | '·'))
    {
        let t = token.trim_matches(|c: char| matches!(c, '.' | ':' | '(' | ')' | '"' | '\''));
        if t.contains('@') || !looks_like_url(t, allow_bare) {
            continue;
        }
        let lower = t.to_lowercase();
        if lower.contains("linkedin.com/") {
            links.linkedin.get_or_insert_with(|| t.to_owned());
        } else if lower.contains("github.com/") || lower.contains("gitlab.com/") {
            links.github.get_or_insert_with(|| t.to_owned());
        } else {
            links.portfolio.get_or_insert_with(|| t.to_owned());
        }
    }
    links
}

/// Links from the document's link targets (annotation URIs, hyperlinks), written as the text
/// usually writes them: no scheme, no "www.", no query, fragment or trailing slash
/// ("https://www.linkedin.com/in/jane/?trk=x" is "linkedin.com/in/jane").
///
/// Another site counts as the portfolio only when it sits next to a contact target (LinkedIn,
/// GitHub/GitLab, mailto): contact links cluster in the header, while a lone clickable site is
/// as likely an employer ("acme.com" in a job entry) as a portfolio.
pub(crate) fn links_from_targets(targets: &[String]) -> Links {
    /// What a target is; profiles carry their link, bare hosts ("linkedin.com/") do not.
    enum Kind {
        LinkedIn(Option<String>),
        Code(Option<String>),
        Mail,
        Site(String),
        Other,
    }
    let classify = |target: &String| {
        if target.to_ascii_lowercase().starts_with("mailto:") {
            return Kind::Mail;
        }
        let Some(link) = normalise_target(target) else {
            return Kind::Other;
        };
        let lower = link.to_lowercase();
        let host = lower.split('/').next().unwrap_or_default();
        let profile = lower.contains('/').then(|| link.clone());
        if host == "linkedin.com" || host.ends_with(".linkedin.com") {
            Kind::LinkedIn(profile)
        } else if ["github.com", "gitlab.com"].contains(&host) {
            Kind::Code(profile)
        } else if looks_like_url(&link, true) {
            Kind::Site(link)
        } else {
            Kind::Other
        }
    };
    let kinds: Vec<Kind> = targets.iter().map(classify).collect();
    let is_contact = |k: &Kind| matches!(k, Kind::LinkedIn(_) | Kind::Code(_) | Kind::Mail);
    let beside_contact = |i: usize| {
        let before = i.checked_sub(1).and_then(|j| kinds.get(j));
        [before, kinds.get(i + 1)]
            .into_iter()
            .flatten()
            .any(is_contact)
    };

    // The first of each kind wins.
    let fill = |slot: &mut Option<String>, link: &String| {
        slot.get_or_insert_with(|| link.clone());
    };
    let mut links = Links::default();
    for (i, kind) in kinds.iter().enumerate() {
        match kind {
            Kind::LinkedIn(Some(link)) => fill(&mut links.linkedin, link),
            Kind::Code(Some(link)) => fill(&mut links.github, link),
            Kind::Site(link) if beside_contact(i) => fill(&mut links.portfolio, link),
            _ => {}
        }
    }
    links
}

fn normalise_target(target: &str) -> Option<String> {
    let lower = target.to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &target["https://".len()..]
    } else if lower.starts_with("http://") {
        &target["http://".len()..]
    } else {
        return None;
    };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let rest = if rest
        .get(..4)
        .is_some_and(|w| w.eq_ignore_ascii_case("www."))
    {
        &rest[4..]
    } else {
        rest
    };
    let rest = rest.trim_end_matches('/');
    (rest.contains('.') && !rest.contains('@')).then(|| rest.to_owned())
}

const TLDS: &[&str] = &[
    "com", "io", "dev", "me", "net", "org", "co", "app", "tech", "site", "xyz", "page", "ai", "in",
    "uk", "de", "fr", "nl", "eu", "info", "design", "codes", "us", "ca", "au",
];

fn looks_like_url(t: &str, allow_bare: bool) -> bool {
    let lower = t.to_lowercase();
    if lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("www.") {
        return lower.len() > 10;
    }
    // Bare "name.dev" or "site.com/path": a host with a known TLD. LinkedIn and GitHub
    // profiles are unmistakable anywhere.
    if !allow_bare && !lower.contains("linkedin.com/") && !lower.contains("github.com/") {
        return false;
    }
    let host = lower.split('/').next().unwrap_or_default();
    let Some((name, tld)) = host.rsplit_once('.') else {
        return false;
    };
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || ".-".contains(c))
        && TLDS.contains(&tld)
        && !name.chars().all(|c| c.is_ascii_digit() || c == '.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_in_text() {
        let links = find_links(
            "linkedin.com/in/jane | https://github.com/jane | jane.dev",
            true,
        );
        assert_eq!(links.linkedin.as_deref(), Some("linkedin.com/in/jane"));
        assert_eq!(links.github.as_deref(), Some("https://github.com/jane"));
        assert_eq!(links.portfolio.as_deref(), Some("jane.dev"));
    }

    #[test]
    fn links_from_link_targets() {
        let targets: Vec<String> = [
            "mailto:jane@example.com?subject=Hi",
            "https://www.linkedin.com/in/jane-doe/?trk=profile",
            "https://linkedin.com/",
            "HTTPS://GitHub.com/jane#readme",
            "https://jane.dev/",
            "https://other.dev/",
        ]
        .map(String::from)
        .to_vec();
        let links = links_from_targets(&targets);
        assert_eq!(links.linkedin.as_deref(), Some("linkedin.com/in/jane-doe"));
        assert_eq!(links.github.as_deref(), Some("GitHub.com/jane"));
        assert_eq!(links.portfolio.as_deref(), Some("jane.dev"));
        assert_eq!(
            links_from_targets(&["ftp://x.com/a".to_owned()]),
            Links::default()
        );
    }

    #[test]
    fn a_lone_clickable_site_is_not_taken_for_a_portfolio() {
        let employer = ["https://www.acme.com/careers".to_owned()];
        assert_eq!(links_from_targets(&employer).portfolio, None);
        let spread: Vec<String> = [
            "https://www.linkedin.com/in/jane-doe/",
            "https://github.com/jane",
            "https://jane.dev/",
            "https://acme.com/",
        ]
        .map(String::from)
        .to_vec();
        let links = links_from_targets(&spread);
        assert_eq!(
            links.portfolio.as_deref(),
            Some("jane.dev"),
            "beside GitHub, not acme.com"
        );
    }
}

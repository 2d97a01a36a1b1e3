//! The one check of a configured API root (`OPENAI_BASE_URL`, `PHONEPE_API_BASE`,
//! `SENDGRID_API_BASE`, …): the adapters append paths to it and send their credentials there.

use reqwest::Url;

/// An API root credentials may be sent to: https anywhere, plain http only to this machine (a
/// local fake or compatible server), no user info, query or fragment that a path would be
/// appended after. Errors are one line for the configuration report and never echo user info.
pub fn check_api_base(raw: &str) -> Result<Url, String> {
    let url = Url::parse(raw).map_err(|e| format!("is not a valid URL ({e}), got {raw:?}"))?;
    let loopback = matches!(
        url.host_str(),
        Some("localhost" | "127.0.0.1" | "[::1]" | "::1")
    );
    match url.scheme() {
        "https" => {}
        "http" if loopback => {}
        "http" => {
            return Err(format!(
                "must use https (plain http only to localhost), since credentials travel with \
                 every request; got {raw:?}"
            ));
        }
        _ => return Err(format!("must be an https URL, got {raw:?}")),
    }
    if url.cannot_be_a_base() || url.host_str().is_none() {
        return Err(format!("must be an absolute URL with a host, got {raw:?}"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Do not echo it: user info may hold a secret.
        return Err("must not contain a user name or password".to_owned());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(format!(
            "must not have a query string or fragment, got {raw:?}"
        ));
    }
    Ok(url)
}

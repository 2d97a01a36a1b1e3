//! Headers every response carries. The API serves JSON only, so the policy can be strict.

use actix_web::middleware::DefaultHeaders;

pub fn security_headers(production: bool) -> DefaultHeaders {
    let headers = DefaultHeaders::new()
        .add(("X-Content-Type-Options", "nosniff"))
        .add(("X-Frame-Options", "DENY"))
        .add(("Referrer-Policy", "no-referrer"))
        .add((
            "Content-Security-Policy",
            "default-src 'none'; frame-ancestors 'none'",
        ))
        .add(("Cross-Origin-Resource-Policy", "same-site"))
        .add((
            "Permissions-Policy",
            "camera=(), microphone=(), geolocation=()",
        ))
        // Responses carry tokens and personal data: no shared cache may keep them.
        .add(("Cache-Control", "no-store"));
    if production {
        // Only behind TLS; in development it would pin browsers to https on localhost.
        headers.add((
            "Strict-Transport-Security",
            "max-age=31536000; includeSubDomains",
        ))
    } else {
        headers
    }
}

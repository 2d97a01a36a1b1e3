pub mod body_timeout;
pub mod client_ip;
pub mod edge;
pub mod rate_limit;
pub mod request_id;
pub mod security_headers;

//! The contact block: email, phone, links, location and the candidate's name, one module each.

mod email;
mod links;
mod location;
mod name;
mod phone;

pub(crate) use email::{email_from_targets, find_email};
pub(crate) use links::{find_links, links_from_targets};
pub(crate) use location::find_location;
pub(crate) use name::{TITLE_WORDS, find_name};
pub(crate) use phone::{calling_code, find_phone, phone_labelled, to_e164};

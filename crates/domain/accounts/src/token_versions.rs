//! A small in-process cache of users' access-token versions, so checking the version on
//! every authenticated request does not cost a query each time.
//!
//! A bump made through this process updates the cache at once, so on one instance a revoked
//! access token is refused on its very next request. Another instance learns of the bump
//! when its entry expires: behind a balancer, a revoked access token can still pass on other
//! instances for at most [`TOKEN_VERSION_TTL`].

use jobr_core::{Timestamp, UserId};
use std::{
    collections::HashMap,
    sync::{Mutex, MutexGuard},
};
use time::Duration;

/// How long another instance may keep accepting a revoked access token.
pub const TOKEN_VERSION_TTL: Duration = Duration::seconds(5);
/// Entries are small; the bound only keeps a flood of distinct users from growing it forever.
const MAX_ENTRIES: usize = 50_000;

#[derive(Default)]
pub(crate) struct TokenVersionCache {
    entries: Mutex<HashMap<UserId, (i32, Timestamp)>>,
}

impl TokenVersionCache {
    /// The cached version, when it was learnt less than the TTL ago.
    pub(crate) fn get(&self, user: UserId, now: Timestamp) -> Option<i32> {
        self.lock()
            .get(&user)
            .filter(|(_, learnt)| now - *learnt < TOKEN_VERSION_TTL)
            .map(|(version, _)| *version)
    }

    /// Versions only grow: a slow read that returns an older version than a bump this
    /// process already stored must not overwrite it.
    pub(crate) fn put(&self, user: UserId, version: i32, now: Timestamp) {
        let mut entries = self.lock();
        if entries.len() >= MAX_ENTRIES && !entries.contains_key(&user) {
            entries.retain(|_, (_, learnt)| now - *learnt < TOKEN_VERSION_TTL);
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        let entry = entries.entry(user).or_insert((version, now));
        if version >= entry.0 {
            *entry = (version, now);
        }
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<UserId, (i32, Timestamp)>> {
        // A poisoned map is still a valid map of plain values.
        self.entries
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn entries_expire_and_never_go_back_in_version() {
        let cache = TokenVersionCache::default();
        let (user, t0) = (UserId::new(), datetime!(2025-03-01 09:00 UTC));
        cache.put(user, 2, t0);
        assert_eq!(cache.get(user, t0 + Duration::seconds(4)), Some(2));
        assert_eq!(cache.get(user, t0 + TOKEN_VERSION_TTL), None);
        cache.put(user, 1, t0);
        assert_eq!(
            cache.get(user, t0),
            Some(2),
            "a stale read does not undo a bump"
        );
    }
}

//! Answers already paid for, kept for a while so the same question is not paid for twice.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use sha2::{Digest, Sha256};

pub const CACHE_TTL: Duration = Duration::from_secs(30 * 60);
pub const CACHE_CAPACITY: usize = 1_000;

/// SHA-256 of the operation, model and input, so the cache holds no CV text as a key.
pub(crate) type CacheKey = [u8; 32];

/// `input` is every text the answer depends on (the prompts), so a changed prompt misses.
pub(crate) fn cache_key(operation: &str, model: &str, input: &[&str]) -> CacheKey {
    let mut hasher = Sha256::new();
    // Length-prefixed, so ("ab", "c") and ("a", "bc") cannot collide.
    for part in [operation, model].iter().chain(input) {
        hasher.update((part.len() as u64).to_le_bytes());
        hasher.update(part.as_bytes());
    }
    hasher.finalize().into()
}

/// In-memory, per process, bounded. Holds the model's validated answer text.
pub(crate) struct ResponseCache {
    ttl: Duration,
    capacity: usize,
    entries: Mutex<HashMap<CacheKey, Entry>>,
}

struct Entry {
    stored_at: Instant,
    content: String,
}

impl ResponseCache {
    pub(crate) fn new(ttl: Duration, capacity: usize) -> Self {
        Self {
            ttl,
            capacity: capacity.max(1),
            entries: Mutex::new(HashMap::new()),
        }
    }

    pub(crate) fn get(&self, key: &CacheKey, now: Instant) -> Option<String> {
        let mut entries = self.lock();
        match entries.get(key) {
            Some(entry) if now.saturating_duration_since(entry.stored_at) < self.ttl => {
                Some(entry.content.clone())
            }
            Some(_) => {
                entries.remove(key);
                None
            }
            None => None,
        }
    }

    pub(crate) fn insert(&self, key: CacheKey, content: String, now: Instant) {
        let mut entries = self.lock();
        if entries.len() >= self.capacity && !entries.contains_key(&key) {
            let ttl = self.ttl;
            entries.retain(|_, e| now.saturating_duration_since(e.stored_at) < ttl);
            // Still full of live answers: the oldest goes. A scan, but only when full, over
            // at most `capacity` entries.
            if entries.len() >= self.capacity
                && let Some(oldest) = entries
                    .iter()
                    .min_by_key(|(_, e)| e.stored_at)
                    .map(|(k, _)| *k)
            {
                entries.remove(&oldest);
            }
        }
        entries.insert(
            key,
            Entry {
                stored_at: now,
                content,
            },
        );
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.lock().len()
    }

    fn lock(&self) -> MutexGuard<'_, HashMap<CacheKey, Entry>> {
        // A panic while holding the lock leaves a map that is still consistent.
        self.entries.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(n: u8) -> CacheKey {
        cache_key("op", "model", &[&n.to_string()])
    }

    #[test]
    fn keys_differ_by_operation_model_and_input() {
        let base = cache_key("cv_analysis", "gpt-4o", &["system", "text"]);
        assert_ne!(
            base,
            cache_key("cover_letter", "gpt-4o", &["system", "text"])
        );
        assert_ne!(
            base,
            cache_key("cv_analysis", "gpt-4o-mini", &["system", "text"])
        );
        assert_ne!(
            base,
            cache_key("cv_analysis", "gpt-4o", &["system", "text2"])
        );
        assert_ne!(
            base,
            cache_key("cv_analysis", "gpt-4o", &["system2", "text"])
        );
        assert_ne!(cache_key("ab", "c", &[]), cache_key("a", "bc", &[]));
        assert_eq!(
            base,
            cache_key("cv_analysis", "gpt-4o", &["system", "text"])
        );
    }

    #[test]
    fn entries_expire_after_the_ttl() {
        let cache = ResponseCache::new(Duration::from_secs(60), 10);
        let t0 = Instant::now();
        cache.insert(key(1), "one".into(), t0);
        assert_eq!(
            cache.get(&key(1), t0 + Duration::from_secs(59)).as_deref(),
            Some("one")
        );
        assert_eq!(cache.get(&key(1), t0 + Duration::from_secs(60)), None);
        assert_eq!(cache.len(), 0);
    }

    #[test]
    fn a_full_cache_drops_expired_entries_then_the_oldest() {
        let cache = ResponseCache::new(Duration::from_secs(60), 3);
        let t0 = Instant::now();
        let s = Duration::from_secs;
        cache.insert(key(1), "1".into(), t0);
        cache.insert(key(2), "2".into(), t0 + s(30));
        cache.insert(key(3), "3".into(), t0 + s(40));
        // At t0+61 entry 1 has expired: it alone makes room.
        cache.insert(key(4), "4".into(), t0 + s(61));
        assert_eq!(cache.len(), 3);
        assert!(cache.get(&key(2), t0 + s(61)).is_some());
        // Nothing expired at t0+62: the oldest (2) goes.
        cache.insert(key(5), "5".into(), t0 + s(62));
        assert_eq!(cache.len(), 3);
        assert!(cache.get(&key(2), t0 + s(62)).is_none());
        assert!(cache.get(&key(3), t0 + s(62)).is_some());
        assert!(cache.get(&key(5), t0 + s(62)).is_some());
    }
}

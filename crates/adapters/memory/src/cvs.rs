use crate::lock;
use async_trait::async_trait;
use jobr_core::{CvId, Page, Paged, Timestamp, UserId};
use jobr_cv::{CvFile, CvLibraryError, CvRecord, CvRepository, CvSummary};
use std::{collections::HashMap, sync::Mutex};

/// Where a CV is in its life; see [`CvRepository`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Pending,
    Stored,
    Deleting,
}

#[derive(Default)]
pub struct MemoryCvRepository {
    cvs: Mutex<HashMap<CvId, (CvRecord, State)>>,
}

#[async_trait]
impl CvRepository for MemoryCvRepository {
    async fn insert_pending(&self, cv: &CvRecord) -> Result<(), CvLibraryError> {
        lock(&self.cvs).insert(cv.id, (cv.clone(), State::Pending));
        Ok(())
    }

    async fn mark_stored(&self, id: CvId) -> Result<bool, CvLibraryError> {
        Ok(match lock(&self.cvs).get_mut(&id) {
            Some((_, state)) if *state == State::Pending => {
                *state = State::Stored;
                true
            }
            _ => false,
        })
    }

    async fn list_for_user(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<CvSummary>, CvLibraryError> {
        let mut owned: Vec<CvSummary> = lock(&self.cvs)
            .values()
            .filter(|(cv, state)| cv.user_id == user && *state == State::Stored)
            .map(|(cv, _)| cv.summary())
            .collect();
        owned.sort_by(|a, b| b.created_at.cmp(&a.created_at).then(b.id.cmp(&a.id)));
        let total = owned.len() as u64;
        let items = owned
            .into_iter()
            .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
            .take(page.size() as usize)
            .collect();
        Ok(Paged { items, page, total })
    }

    async fn find_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError> {
        Ok(lock(&self.cvs)
            .get(&id)
            .filter(|(cv, state)| cv.user_id == user && *state == State::Stored)
            .map(|(cv, _)| cv.clone()))
    }

    async fn begin_delete_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvFile>, CvLibraryError> {
        Ok(match lock(&self.cvs).get_mut(&id) {
            Some((cv, state)) if cv.user_id == user && *state == State::Stored => {
                *state = State::Deleting;
                Some(file_of(cv))
            }
            _ => None,
        })
    }

    async fn remove_unfinished(&self, id: CvId) -> Result<bool, CvLibraryError> {
        let mut cvs = lock(&self.cvs);
        if cvs
            .get(&id)
            .is_some_and(|(_, state)| *state != State::Stored)
        {
            cvs.remove(&id);
            Ok(true)
        } else {
            Ok(false)
        }
    }

    async fn claim_abandoned(
        &self,
        created_before: Timestamp,
        limit: u32,
    ) -> Result<Vec<CvFile>, CvLibraryError> {
        let mut cvs = lock(&self.cvs);
        let mut deleting = Vec::new();
        for (cv, state) in cvs.values_mut() {
            if *state == State::Pending && cv.created_at < created_before {
                *state = State::Deleting;
            }
            if *state == State::Deleting {
                deleting.push((cv.created_at, file_of(cv)));
            }
        }
        deleting.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.id.cmp(&b.1.id)));
        Ok(deleting
            .into_iter()
            .take(limit as usize)
            .map(|(_, file)| file)
            .collect())
    }
}

fn file_of(cv: &CvRecord) -> CvFile {
    CvFile {
        id: cv.id,
        file_key: cv.file_key.clone(),
    }
}

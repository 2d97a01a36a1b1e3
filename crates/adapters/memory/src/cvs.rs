use crate::lock;
use async_trait::async_trait;
use jobr_core::{CvId, Page, Paged, UserId};
use jobr_cv::{CvLibraryError, CvRecord, CvRepository};
use std::{collections::HashMap, sync::Mutex};

#[derive(Default)]
pub struct MemoryCvRepository {
    cvs: Mutex<HashMap<CvId, CvRecord>>,
}

#[async_trait]
impl CvRepository for MemoryCvRepository {
    async fn insert(&self, cv: &CvRecord) -> Result<(), CvLibraryError> {
        lock(&self.cvs).insert(cv.id, cv.clone());
        Ok(())
    }

    async fn list_for_user(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<CvRecord>, CvLibraryError> {
        let mut owned: Vec<CvRecord> = lock(&self.cvs)
            .values()
            .filter(|cv| cv.user_id == user)
            .cloned()
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
            .filter(|cv| cv.user_id == user)
            .cloned())
    }

    async fn delete_for_user(
        &self,
        user: UserId,
        id: CvId,
    ) -> Result<Option<CvRecord>, CvLibraryError> {
        let mut cvs = lock(&self.cvs);
        if cvs.get(&id).is_some_and(|cv| cv.user_id == user) {
            Ok(cvs.remove(&id))
        } else {
            Ok(None)
        }
    }
}

//! Canned replies' rows, the same for every backend: the SQL that lists,
//! adds, changes and removes an organisation's canned replies (placeholders
//! `$1`, `$2`… which both drivers accept), bound and run by each backend
//! with its own pool through [`canned_methods!`]. Every statement names the
//! organisation: a reply of another organisation reads as unknown.

/// The canned replies of organisation `$1`, oldest first.
pub(super) const SELECT_CANNED: &str = "SELECT id, title, text_ja, text_en FROM canned_replies \
     WHERE organisation_id = $1 ORDER BY id";

/// Adds a canned reply (`$2` title, `$3` ja, `$4` en, `$5` time) to organisation `$1`.
pub(super) const INSERT_CANNED: &str = "INSERT INTO canned_replies \
     (organisation_id, title, text_ja, text_en, updated_at_ms) VALUES ($1, $2, $3, $4, $5) \
     RETURNING id";

/// Changes canned reply `$2` of organisation `$1`.
pub(super) const UPDATE_CANNED: &str = "UPDATE canned_replies SET title = $3, text_ja = $4, \
     text_en = $5, updated_at_ms = $6 WHERE organisation_id = $1 AND id = $2";

/// Removes canned reply `$2` of organisation `$1`.
pub(super) const DELETE_CANNED: &str =
    "DELETE FROM canned_replies WHERE organisation_id = $1 AND id = $2";

/// The canned-reply methods on a backend's store (`$store`, with a sqlx
/// `pool`); `$turn` names the method that serialises writes, for a backend
/// that needs one (as in `store::team`).
macro_rules! canned_methods {
    ($store:ty $(, $turn:ident)?) => {
        impl $store {
            pub(super) async fn select_canned(
                &self,
                organisation: OrganisationId,
            ) -> Result<Vec<CannedReply>, StoreError> {
                let rows: Vec<(i64, String, String, String)> = sqlx::query_as(SELECT_CANNED)
                    .bind(organisation.0)
                    .fetch_all(&self.pool)
                    .await?;
                Ok(rows
                    .into_iter()
                    .map(|(id, title, ja, en)| CannedReply { id, title, ja, en })
                    .collect())
            }

            pub(super) async fn insert_canned(
                &self,
                organisation: OrganisationId,
                draft: &CannedDraft,
                now_ms: i64,
            ) -> Result<CannedReply, StoreError> {
                $(let _turn = self.$turn().await;)?
                let (id,): (i64,) = sqlx::query_as(INSERT_CANNED)
                    .bind(organisation.0)
                    .bind(&draft.title)
                    .bind(&draft.ja)
                    .bind(&draft.en)
                    .bind(now_ms)
                    .fetch_one(&self.pool)
                    .await?;
                Ok(CannedReply {
                    id,
                    title: draft.title.clone(),
                    ja: draft.ja.clone(),
                    en: draft.en.clone(),
                })
            }

            pub(super) async fn update_canned(
                &self,
                organisation: OrganisationId,
                id: i64,
                draft: &CannedDraft,
                now_ms: i64,
            ) -> Result<Option<CannedReply>, StoreError> {
                $(let _turn = self.$turn().await;)?
                let done = sqlx::query(UPDATE_CANNED)
                    .bind(organisation.0)
                    .bind(id)
                    .bind(&draft.title)
                    .bind(&draft.ja)
                    .bind(&draft.en)
                    .bind(now_ms)
                    .execute(&self.pool)
                    .await?;
                Ok((done.rows_affected() == 1).then(|| CannedReply {
                    id,
                    title: draft.title.clone(),
                    ja: draft.ja.clone(),
                    en: draft.en.clone(),
                }))
            }

            pub(super) async fn delete_canned(
                &self,
                organisation: OrganisationId,
                id: i64,
            ) -> Result<bool, StoreError> {
                $(let _turn = self.$turn().await;)?
                let done = sqlx::query(DELETE_CANNED)
                    .bind(organisation.0)
                    .bind(id)
                    .execute(&self.pool)
                    .await?;
                Ok(done.rows_affected() == 1)
            }
        }
    };
}

pub(super) use canned_methods;

//! Devices staff members logged in from, by the digest of the device
//! cookie's id: they let their staff member past the per-account login
//! limit (see `crate::service::staff`).

use super::SqliteStore;
use crate::error::StoreError;

impl SqliteStore {
    pub(super) async fn insert_device(
        &self,
        id_hash: &str,
        staff_id: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "INSERT INTO staff_devices (id_hash, staff_id, created_at_ms) VALUES (?, ?, ?) \
             ON CONFLICT (id_hash) DO NOTHING",
        )
        .bind(id_hash)
        .bind(staff_id)
        .bind(now_ms)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn select_device(
        &self,
        id_hash: &str,
        since_ms: i64,
    ) -> Result<Option<i64>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as(
            "SELECT staff_id FROM staff_devices WHERE id_hash = ? AND created_at_ms >= ?",
        )
        .bind(id_hash)
        .bind(since_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(staff_id,)| staff_id))
    }

    pub(super) async fn delete_devices(&self, before_ms: i64) -> Result<u64, StoreError> {
        let _turn = self.write_turn().await;
        let deleted = sqlx::query("DELETE FROM staff_devices WHERE created_at_ms < ?")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::temp_db;

    #[tokio::test]
    async fn a_device_names_its_staff_member_until_it_is_too_old() {
        let db = temp_db().await;
        let staff = db
            .add_staff("a@example.org", "A", "hash")
            .await
            .expect("add");
        db.store
            .remember_device("device", staff.id, 1_000)
            .await
            .expect("remember");
        assert_eq!(
            db.store.device_staff("device", 0).await.expect("q"),
            Some(staff.id)
        );
        assert_eq!(
            db.store.device_staff("device", 2_000).await.expect("q"),
            None
        );
        assert_eq!(db.store.device_staff("other", 0).await.expect("q"), None);
        assert_eq!(db.store.prune_devices(2_000).await.expect("prune"), 1);
        assert_eq!(db.store.device_staff("device", 0).await.expect("q"), None);
    }
}

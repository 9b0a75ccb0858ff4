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

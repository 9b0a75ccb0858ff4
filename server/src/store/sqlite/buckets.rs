//! Abuse limits' token buckets (see `crate::store::Bucket`). This backend
//! serves one node, whose limits live in memory today; these keep the
//! schema and the store's promises the same on both backends.

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::Bucket;

impl SqliteStore {
    pub(super) async fn take_bucket_token(
        &self,
        bucket: Bucket<'_>,
        now_ms: i64,
    ) -> Result<f64, StoreError> {
        let _turn = self.write_turn().await;
        let (refilled,): (f64,) = sqlx::query_as(
            "INSERT INTO limit_buckets (limiter, key_hash, tokens, refilled, updated_ms) \
             VALUES (?1, ?2, ?3 - 1, ?3, ?5) \
             ON CONFLICT (limiter, key_hash) DO UPDATE SET \
             refilled = min(?3, limit_buckets.tokens + max(0, ?5 - limit_buckets.updated_ms) * ?4), \
             tokens = min(?3, limit_buckets.tokens + max(0, ?5 - limit_buckets.updated_ms) * ?4) \
               - CASE WHEN min(?3, limit_buckets.tokens + max(0, ?5 - limit_buckets.updated_ms) * ?4) >= 1 THEN 1 ELSE 0 END, \
             updated_ms = max(limit_buckets.updated_ms, ?5) \
             RETURNING refilled",
        )
        .bind(bucket.limiter)
        .bind(bucket.key_hash)
        .bind(bucket.capacity)
        .bind(bucket.refill_per_ms)
        .bind(now_ms)
        .fetch_one(&self.pool)
        .await?;
        Ok(refilled)
    }

    pub(super) async fn select_bucket_tokens(
        &self,
        bucket: Bucket<'_>,
        now_ms: i64,
    ) -> Result<f64, StoreError> {
        let row: Option<(f64,)> = sqlx::query_as(
            "SELECT min(?3, limit_buckets.tokens + max(0, ?5 - limit_buckets.updated_ms) * ?4) FROM limit_buckets \
             WHERE limiter = ?1 AND key_hash = ?2",
        )
        .bind(bucket.limiter)
        .bind(bucket.key_hash)
        .bind(bucket.capacity)
        .bind(bucket.refill_per_ms)
        .bind(now_ms)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map_or(bucket.capacity, |(tokens,)| tokens))
    }

    pub(super) async fn refund_bucket_token(&self, bucket: Bucket<'_>) -> Result<(), StoreError> {
        let _turn = self.write_turn().await;
        sqlx::query(
            "UPDATE limit_buckets SET tokens = min(?3, tokens + 1) \
             WHERE limiter = ?1 AND key_hash = ?2",
        )
        .bind(bucket.limiter)
        .bind(bucket.key_hash)
        .bind(bucket.capacity)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn delete_buckets(&self, before_ms: i64) -> Result<u64, StoreError> {
        let _turn = self.write_turn().await;
        let deleted = sqlx::query("DELETE FROM limit_buckets WHERE updated_ms < ?1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}

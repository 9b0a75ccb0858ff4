//! Abuse limits' token buckets (see `crate::store::Bucket`), shared by
//! every node: each change is one `INSERT … ON CONFLICT DO UPDATE`, which
//! PostgreSQL applies atomically on the bucket's row, so two nodes taking
//! the last token at once cannot both get it.

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::Bucket;

impl PostgresStore {
    pub(super) async fn take_bucket_token(
        &self,
        bucket: Bucket<'_>,
        now_ms: i64,
    ) -> Result<f64, StoreError> {
        let (refilled,): (f64,) = sqlx::query_as(
            "INSERT INTO limit_buckets (limiter, key_hash, tokens, refilled, updated_ms) \
             VALUES ($1, $2, $3 - 1, $3, $5) \
             ON CONFLICT (limiter, key_hash) DO UPDATE SET \
             refilled = LEAST($3::DOUBLE PRECISION, limit_buckets.tokens + GREATEST(0, $5::BIGINT - limit_buckets.updated_ms) * $4::DOUBLE PRECISION), \
             tokens = LEAST($3::DOUBLE PRECISION, limit_buckets.tokens + GREATEST(0, $5::BIGINT - limit_buckets.updated_ms) * $4::DOUBLE PRECISION) \
               - CASE WHEN LEAST($3::DOUBLE PRECISION, limit_buckets.tokens + GREATEST(0, $5::BIGINT - limit_buckets.updated_ms) * $4::DOUBLE PRECISION) >= 1 THEN 1 ELSE 0 END, \
             updated_ms = GREATEST(limit_buckets.updated_ms, $5::BIGINT) \
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
            "SELECT LEAST($3::DOUBLE PRECISION, limit_buckets.tokens + GREATEST(0, $5::BIGINT - limit_buckets.updated_ms) * $4::DOUBLE PRECISION) FROM limit_buckets \
             WHERE limiter = $1 AND key_hash = $2",
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
        sqlx::query(
            "UPDATE limit_buckets SET tokens = LEAST($3::DOUBLE PRECISION, tokens + 1) \
             WHERE limiter = $1 AND key_hash = $2",
        )
        .bind(bucket.limiter)
        .bind(bucket.key_hash)
        .bind(bucket.capacity)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub(super) async fn delete_buckets(&self, before_ms: i64) -> Result<u64, StoreError> {
        let deleted = sqlx::query("DELETE FROM limit_buckets WHERE updated_ms < $1")
            .bind(before_ms)
            .execute(&self.pool)
            .await?;
        Ok(deleted.rows_affected())
    }
}

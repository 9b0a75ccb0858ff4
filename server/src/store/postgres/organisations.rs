//! Organisations and the site origins that belong to them. `origin` is the
//! primary key of `organisation_origins`: of two admins on two nodes
//! claiming one origin, the second's insert waits for the first's commit,
//! finds the origin taken and fails with [`StoreError::OriginTaken`].

use sqlx::{AssertSqlSafe, Postgres, Transaction};
use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::organisation::OrganisationFace;

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::Organisation;
use crate::store::rows::{ORGANISATION_COLUMNS, OrganisationRow, organisation_from_row};

impl PostgresStore {
    pub(super) async fn insert_organisation(
        &self,
        slug: &str,
        face: &OrganisationFace,
        origins: &[String],
        now_ms: i64,
    ) -> Result<Organisation, StoreError> {
        let mut transaction = self.pool.begin().await?;
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO organisations (slug, name_ja, name_en, greeting_ja, greeting_en, \
             accent_color, launcher_side, created_at_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) \
             RETURNING id",
        )
        .bind(slug)
        .bind(&face.name_ja)
        .bind(&face.name_en)
        .bind(&face.greeting_ja)
        .bind(&face.greeting_en)
        .bind(&face.accent_color)
        .bind(face.launcher_side.as_str())
        .bind(now_ms)
        .fetch_one(&mut *transaction)
        .await;
        let id = match inserted {
            Ok((id,)) => OrganisationId(id),
            Err(sqlx::Error::Database(error)) if error.is_unique_violation() => {
                return Err(StoreError::DuplicateSlug(slug.to_owned()));
            }
            Err(error) => return Err(error.into()),
        };
        insert_origins(&mut transaction, id, origins).await?;
        transaction.commit().await?;
        self.select_organisations(Some(id))
            .await?
            .pop()
            .ok_or(StoreError::UnknownOrganisation(id.0))
    }

    /// Every organisation (or the one with `id`), with its origins.
    pub(super) async fn select_organisations(
        &self,
        only: Option<OrganisationId>,
    ) -> Result<Vec<Organisation>, StoreError> {
        let only = only.map(|id| id.0);
        // Only our own constant SQL is formatted in, never input (which is bound).
        let rows: Vec<OrganisationRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {ORGANISATION_COLUMNS} FROM organisations \
             WHERE $1::BIGINT IS NULL OR id = $1 ORDER BY id"
        )))
        .bind(only)
        .fetch_all(&self.pool)
        .await?;
        let origins: Vec<(i64, String)> = sqlx::query_as(
            "SELECT organisation_id, origin FROM organisation_origins \
             WHERE $1::BIGINT IS NULL OR organisation_id = $1 ORDER BY origin",
        )
        .bind(only)
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|row| organisation_from_row(row, &origins))
            .collect()
    }

    pub(super) async fn organisation_id_by_slug(
        &self,
        slug: &str,
    ) -> Result<Option<OrganisationId>, StoreError> {
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE slug = $1")
            .bind(slug)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.map(|(id,)| OrganisationId(id)))
    }

    pub(super) async fn select_organisation_id_by_origin(
        &self,
        origin: &str,
    ) -> Result<Option<OrganisationId>, StoreError> {
        let row: Option<(i64,)> =
            sqlx::query_as("SELECT organisation_id FROM organisation_origins WHERE origin = $1")
                .bind(origin)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(id,)| OrganisationId(id)))
    }

    pub(super) async fn write_face(
        &self,
        id: OrganisationId,
        face: &OrganisationFace,
    ) -> Result<(), StoreError> {
        let updated = sqlx::query(
            "UPDATE organisations SET name_ja = $1, name_en = $2, greeting_ja = $3, \
             greeting_en = $4, accent_color = $5, launcher_side = $6 WHERE id = $7",
        )
        .bind(&face.name_ja)
        .bind(&face.name_en)
        .bind(&face.greeting_ja)
        .bind(&face.greeting_en)
        .bind(&face.accent_color)
        .bind(face.launcher_side.as_str())
        .bind(id.0)
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() == 0 {
            return Err(StoreError::UnknownOrganisation(id.0));
        }
        Ok(())
    }

    pub(super) async fn replace_origins(
        &self,
        id: OrganisationId,
        origins: &[String],
    ) -> Result<(), StoreError> {
        let mut transaction = self.pool.begin().await?;
        sqlx::query("DELETE FROM organisation_origins WHERE organisation_id = $1")
            .bind(id.0)
            .execute(&mut *transaction)
            .await?;
        insert_origins(&mut transaction, id, origins).await?;
        transaction.commit().await?;
        Ok(())
    }
}

/// Adds origins to an organisation; an origin another organisation holds
/// fails the whole transaction with [`StoreError::OriginTaken`]. Insert
/// first, then look: the insert waits for a racing claim to commit.
async fn insert_origins(
    transaction: &mut Transaction<'static, Postgres>,
    id: OrganisationId,
    origins: &[String],
) -> Result<(), StoreError> {
    for origin in origins {
        sqlx::query(
            "INSERT INTO organisation_origins (origin, organisation_id) VALUES ($1, $2) \
             ON CONFLICT (origin) DO NOTHING",
        )
        .bind(origin)
        .bind(id.0)
        .execute(&mut **transaction)
        .await?;
        let owner: Option<(String,)> = sqlx::query_as(
            "SELECT o.slug FROM organisation_origins oo \
             JOIN organisations o ON o.id = oo.organisation_id \
             WHERE oo.origin = $1 AND oo.organisation_id <> $2",
        )
        .bind(origin)
        .bind(id.0)
        .fetch_optional(&mut **transaction)
        .await?;
        if let Some((slug,)) = owner {
            return Err(StoreError::OriginTaken {
                origin: origin.clone(),
                slug,
            });
        }
    }
    Ok(())
}

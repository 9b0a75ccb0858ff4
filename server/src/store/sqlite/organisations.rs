//! Organisations and the site origins that belong to them. `origin` is the
//! primary key of `organisation_origins`, so an origin belongs to at most one
//! organisation even when two admins race to claim it.

use sqlx::{AssertSqlSafe, Sqlite, Transaction};
use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::organisation::OrganisationFace;

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::Organisation;
use crate::store::rows::{ORGANISATION_COLUMNS, OrganisationRow, organisation_from_row};

impl SqliteStore {
    pub(super) async fn insert_organisation(
        &self,
        slug: &str,
        face: &OrganisationFace,
        origins: &[String],
        now_ms: i64,
    ) -> Result<Organisation, StoreError> {
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        let inserted: Result<(i64,), sqlx::Error> = sqlx::query_as(
            "INSERT INTO organisations (slug, name_ja, name_en, greeting_ja, greeting_en, \
             accent_color, launcher_side, created_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?) \
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
        self.organisation_or_corrupt(id).await
    }

    /// Every organisation (or the one with `id`), with its origins.
    pub(super) async fn select_organisations(
        &self,
        only: Option<OrganisationId>,
    ) -> Result<Vec<Organisation>, StoreError> {
        // Only our own constant SQL is formatted in, never input (which is bound).
        let rows: Vec<OrganisationRow> = sqlx::query_as(AssertSqlSafe(format!(
            "SELECT {ORGANISATION_COLUMNS} FROM organisations WHERE ? IS NULL OR id = ? ORDER BY id"
        )))
        .bind(only.map(|id| id.0))
        .bind(only.map(|id| id.0))
        .fetch_all(&self.pool)
        .await?;
        let origins: Vec<(i64, String)> = sqlx::query_as(
            "SELECT organisation_id, origin FROM organisation_origins \
             WHERE ? IS NULL OR organisation_id = ? ORDER BY origin",
        )
        .bind(only.map(|id| id.0))
        .bind(only.map(|id| id.0))
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
        let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM organisations WHERE slug = ?")
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
            sqlx::query_as("SELECT organisation_id FROM organisation_origins WHERE origin = ?")
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
        let _turn = self.write_turn().await;
        let updated = sqlx::query(
            "UPDATE organisations SET name_ja = ?, name_en = ?, greeting_ja = ?, \
             greeting_en = ?, accent_color = ?, launcher_side = ? WHERE id = ?",
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
        let _turn = self.write_turn().await;
        let mut transaction = self.pool.begin().await?;
        sqlx::query("DELETE FROM organisation_origins WHERE organisation_id = ?")
            .bind(id.0)
            .execute(&mut *transaction)
            .await?;
        insert_origins(&mut transaction, id, origins).await?;
        transaction.commit().await?;
        Ok(())
    }

    async fn organisation_or_corrupt(
        &self,
        id: OrganisationId,
    ) -> Result<Organisation, StoreError> {
        self.select_organisations(Some(id))
            .await?
            .pop()
            .ok_or(StoreError::UnknownOrganisation(id.0))
    }
}

/// Adds origins to an organisation; an origin another organisation holds
/// fails the whole transaction with [`StoreError::OriginTaken`].
async fn insert_origins(
    transaction: &mut Transaction<'static, Sqlite>,
    id: OrganisationId,
    origins: &[String],
) -> Result<(), StoreError> {
    for origin in origins {
        let owner: Option<(String,)> = sqlx::query_as(
            "SELECT o.slug FROM organisation_origins oo \
             JOIN organisations o ON o.id = oo.organisation_id \
             WHERE oo.origin = ? AND oo.organisation_id <> ?",
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
        sqlx::query(
            "INSERT INTO organisation_origins (origin, organisation_id) VALUES (?, ?) \
             ON CONFLICT (origin) DO NOTHING",
        )
        .bind(origin)
        .bind(id.0)
        .execute(&mut **transaction)
        .await?;
    }
    Ok(())
}

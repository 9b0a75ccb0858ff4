//! Organisations and the site origins that belong to them. `origin` is the
//! primary key of `organisation_origins`, so an origin belongs to at most one
//! organisation even when two admins race to claim it.

use sqlx::{Sqlite, Transaction};
use yorisoi_protocol::OrganisationId;
use yorisoi_protocol::organisation::{LauncherSide, OrganisationFace};

use super::SqliteStore;
use crate::error::StoreError;
use crate::store::Organisation;

/// Columns of an organisation row.
type OrganisationRow = (i64, String, String, String, String, String, String, String);

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
        let rows: Vec<OrganisationRow> = sqlx::query_as(
            "SELECT id, slug, name_ja, name_en, greeting_ja, greeting_en, accent_color, \
             launcher_side FROM organisations WHERE ? IS NULL OR id = ? ORDER BY id",
        )
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
            .map(|row| {
                let id = row.0;
                let mut organisation = organisation_from_row(row)?;
                organisation.origins = origins
                    .iter()
                    .filter(|(owner, _)| *owner == id)
                    .map(|(_, origin)| origin.clone())
                    .collect();
                Ok(organisation)
            })
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

fn organisation_from_row(row: OrganisationRow) -> Result<Organisation, StoreError> {
    let (id, slug, name_ja, name_en, greeting_ja, greeting_en, accent_color, side) = row;
    let launcher_side = LauncherSide::parse(&side)
        .ok_or_else(|| StoreError::Corrupt(format!("launcher side {side}")))?;
    Ok(Organisation {
        id: OrganisationId(id),
        slug,
        face: OrganisationFace {
            name_ja,
            name_en,
            greeting_ja,
            greeting_en,
            accent_color,
            launcher_side,
        },
        origins: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::super::tests::{face, temp_db};
    use crate::error::StoreError;

    #[tokio::test]
    async fn an_origin_belongs_to_one_organisation_and_slugs_are_unique() {
        let db = temp_db().await;
        let origins = vec!["https://hidamari.example.org".to_owned()];
        let hidamari = db
            .store
            .create_organisation("hidamari", &face("Hidamari"), &origins, 1)
            .await
            .expect("create");
        assert_eq!(hidamari.origins, origins);
        let found = db
            .store
            .organisation_id_by_origin("https://hidamari.example.org")
            .await
            .expect("q")
            .expect("found");
        assert_eq!(found, hidamari.id);
        let stolen = db
            .store
            .create_organisation("sunny", &face("Sunny"), &origins, 1)
            .await;
        assert!(
            matches!(&stolen, Err(StoreError::OriginTaken { slug, .. }) if slug == "hidamari"),
            "{stolen:?}"
        );
        assert!(
            db.store
                .organisation_by_slug("sunny")
                .await
                .expect("q")
                .is_none(),
            "a refused organisation is not half-created"
        );
        let again = db
            .store
            .create_organisation("hidamari", &face("Other"), &[], 1)
            .await;
        assert!(
            matches!(again, Err(StoreError::DuplicateSlug(_))),
            "{again:?}"
        );
        let moved = db
            .store
            .set_origins(hidamari.id, &["https://new.example.org".to_owned()])
            .await
            .expect("set");
        assert_eq!(moved.origins, ["https://new.example.org"]);
        let all = db.store.organisations().await.expect("all");
        let slugs: Vec<&str> = all.iter().map(|o| o.slug.as_str()).collect();
        assert_eq!(slugs, ["main", "hidamari"], "first organisation first");
    }
}

//! An organisation's own texts for parents (issue 13: the lines it adds
//! under the emergency notice, its privacy notice), the same SQL for every
//! backend (placeholders `$1`, `$2`… which both drivers accept), bound and
//! run by each backend with its own pool through [`texts_methods!`]. A text
//! is named by [`TextName`]; every statement names the organisation.

use yorisoi_protocol::Lang;

/// The texts an organisation may write, each in Japanese and English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TextName {
    /// Its own lines under the emergency notice (a local centre, hours).
    Help(Lang),
    /// Who reads a conversation and how long it is kept.
    Privacy(Lang),
}

impl TextName {
    /// Every name, in a fixed order.
    pub const ALL: [TextName; 4] = [
        TextName::Help(Lang::Ja),
        TextName::Help(Lang::En),
        TextName::Privacy(Lang::Ja),
        TextName::Privacy(Lang::En),
    ];

    /// As stored (and as `yorisoi org set` names it, with dashes).
    pub fn key(self) -> &'static str {
        match self {
            TextName::Help(Lang::Ja) => "help_ja",
            TextName::Help(Lang::En) => "help_en",
            TextName::Privacy(Lang::Ja) => "privacy_ja",
            TextName::Privacy(Lang::En) => "privacy_en",
        }
    }

    /// The name stored as `key`, if it is one.
    pub fn from_key(key: &str) -> Option<TextName> {
        TextName::ALL.into_iter().find(|name| name.key() == key)
    }
}

/// An organisation's texts as stored (a missing name: none written).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrganisationTexts(pub Vec<(TextName, String)>);

impl OrganisationTexts {
    /// The text of `name`, empty when none was written.
    pub fn get(&self, name: TextName) -> &str {
        self.0
            .iter()
            .find(|(of, _)| *of == name)
            .map_or("", |(_, text)| text.as_str())
    }
}

/// The texts of organisation `$1`.
pub(super) const SELECT_TEXTS: &str =
    "SELECT name, text FROM organisation_texts WHERE organisation_id = $1";

/// Writes text `$2` = `$3` of organisation `$1` at time `$4`.
pub(super) const UPSERT_TEXT: &str = "INSERT INTO organisation_texts \
     (organisation_id, name, text, updated_at_ms) VALUES ($1, $2, $3, $4) \
     ON CONFLICT (organisation_id, name) DO UPDATE SET text = excluded.text, \
     updated_at_ms = excluded.updated_at_ms";

/// The texts' methods on a backend's store (`$store`, with a sqlx `pool`);
/// `$turn` names the method that serialises writes, for a backend that
/// needs one (as in `store::canned`).
macro_rules! texts_methods {
    ($store:ty $(, $turn:ident)?) => {
        impl $store {
            pub(super) async fn select_texts(
                &self,
                organisation: OrganisationId,
            ) -> Result<OrganisationTexts, StoreError> {
                let rows: Vec<(String, String)> = sqlx::query_as(SELECT_TEXTS)
                    .bind(organisation.0)
                    .fetch_all(&self.pool)
                    .await?;
                // A name this version does not know is left alone.
                Ok(OrganisationTexts(
                    rows.into_iter()
                        .filter_map(|(key, text)| Some((TextName::from_key(&key)?, text)))
                        .collect(),
                ))
            }

            pub(super) async fn upsert_text(
                &self,
                organisation: OrganisationId,
                name: TextName,
                text: &str,
                now_ms: i64,
            ) -> Result<(), StoreError> {
                $(let _turn = self.$turn().await;)?
                sqlx::query(UPSERT_TEXT)
                    .bind(organisation.0)
                    .bind(name.key())
                    .bind(text)
                    .bind(now_ms)
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    };
}

pub(super) use texts_methods;

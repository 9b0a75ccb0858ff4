//! Organisations: which one a site belongs to, the first one, the settings
//! their admins edit, and the operator's commands (`yorisoi org …`).
//!
//! A site's organisation: the one whose origins list the site; failing
//! that, the first organisation when the site is the server's own origin
//! (its `/demo` page) or is listed in the `allowed_origins` setting, so a
//! single-organisation installation needs nothing new. Any other site
//! belongs to none and is refused.

use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::organisation::{
    DEFAULT_ACCENT, LauncherSide, OrganisationFace, OrganisationSettings,
};
use yorisoi_protocol::{ErrorCode, OrganisationId};

use super::Service;
use crate::error::{ServiceError, StoreError};
use crate::store::{Organisation, OrganisationTexts, Store, TextName};
use crate::web_origin::parse_origin;

/// The slug of the organisation a new server creates on first start.
pub const FIRST_SLUG: &str = "main";

/// Longest slug.
const MAX_SLUG_CHARS: usize = 40;

/// The longest emergency lines or privacy notice an organisation may write.
pub const MAX_TEXT_CHARS: usize = 1000;

/// The first organisation, created with neutral names if there is none.
pub async fn ensure_first(store: &Store, now_ms: i64) -> Result<Organisation, StoreError> {
    if let Some(first) = store.organisations().await?.into_iter().next() {
        return Ok(first);
    }
    let face = OrganisationFace {
        name_ja: "子育て相談チャット".to_owned(),
        name_en: "Parenting chat".to_owned(),
        greeting_ja: String::new(),
        greeting_en: String::new(),
        accent_color: DEFAULT_ACCENT.to_owned(),
        launcher_side: LauncherSide::Right,
    };
    match store
        .create_organisation(FIRST_SLUG, &face, &[], now_ms)
        .await
    {
        Ok(created) => Ok(created),
        // Another process (the server and a command) made it meanwhile.
        Err(StoreError::DuplicateSlug(_)) => store
            .organisation_by_slug(FIRST_SLUG)
            .await?
            .ok_or(StoreError::UnknownOrganisation(0)),
        Err(error) => Err(error),
    }
}

impl Service {
    /// What the organisation wrote for parents (the emergency notice's
    /// lines, the privacy notice) and how many days it keeps resolved
    /// conversations (0: for ever), for the widget's page.
    pub async fn organisation_texts(
        &self,
        organisation: OrganisationId,
    ) -> Result<(OrganisationTexts, u32), ServiceError> {
        let store = self.store();
        let texts = store.organisation_texts(organisation).await?;
        let days = store.retention_days(organisation).await?.unwrap_or(0);
        Ok((texts, days))
    }

    /// The organisation a page of `site` belongs to (see the module
    /// documentation); `None` when it belongs to none. No site given means
    /// the server's own pages, so the first organisation. At most one query:
    /// this runs for every parent's greeting.
    pub async fn organisation_id_for_site(
        &self,
        site: Option<&str>,
        own: Option<&str>,
    ) -> Result<Option<OrganisationId>, StoreError> {
        let Some(site) = site else {
            return Ok(Some(self.first_organisation()));
        };
        let Some(site) = parse_origin(site) else {
            return Ok(None);
        };
        if let Some(found) = self.store().organisation_id_by_origin(&site).await? {
            return Ok(Some(found));
        }
        let configured = self
            .config()
            .allowed_origins
            .iter()
            .filter_map(|allowed| parse_origin(allowed))
            .any(|allowed| allowed == site);
        let own = own.and_then(parse_origin).as_deref() == Some(site.as_str());
        Ok((configured || own).then(|| self.first_organisation()))
    }

    /// [`Service::organisation_id_for_site`] with the whole organisation
    /// (its face and origins), for the widget page and the loader.
    pub async fn organisation_for_site(
        &self,
        site: Option<&str>,
        own: Option<&str>,
    ) -> Result<Option<Organisation>, StoreError> {
        match self.organisation_id_for_site(site, own).await? {
            Some(id) => self.store().organisation(id).await,
            None => Ok(None),
        }
    }

    /// Every origin whose pages may frame `organisation`'s widget.
    pub fn embedding_origins(&self, organisation: &Organisation, own: Option<&str>) -> Vec<String> {
        let mut origins = organisation.origins.clone();
        if organisation.id == self.first_organisation() {
            origins.extend(own.and_then(parse_origin));
            origins.extend(
                self.config()
                    .allowed_origins
                    .iter()
                    .filter_map(|allowed| parse_origin(allowed)),
            );
        }
        origins.sort();
        origins.dedup();
        origins
    }

    /// The settings of the staff member's organisation.
    pub async fn organisation_settings(
        &self,
        staff: &StaffInfo,
    ) -> Result<OrganisationSettings, ServiceError> {
        let found = self.store().organisation(staff.organisation).await?;
        let organisation = found.ok_or(StoreError::UnknownOrganisation(staff.organisation.0))?;
        Ok(settings(organisation))
    }

    /// An admin changes what parents see of their organisation.
    pub async fn update_organisation_face(
        &self,
        staff: &StaffInfo,
        face: &OrganisationFace,
    ) -> Result<OrganisationSettings, ServiceError> {
        if !staff.admin {
            return Err(ServiceError::refused(ErrorCode::Forbidden));
        }
        if face.check().is_err() {
            return Err(ServiceError::refused(ErrorCode::InvalidSettings));
        }
        let saved = self
            .store()
            .update_face(staff.organisation, &face.normalised())
            .await?;
        tracing::info!(
            staff = staff.id,
            organisation = saved.id.0,
            "organisation settings changed"
        );
        Ok(settings(saved))
    }
}

fn settings(organisation: Organisation) -> OrganisationSettings {
    OrganisationSettings {
        id: organisation.id,
        slug: organisation.slug,
        face: organisation.face,
    }
}

/// A new organisation, as `yorisoi org add` gives it.
#[derive(Debug, Clone, Default)]
pub struct NewOrganisation {
    /// Short name: lower-case letters, digits and `-`.
    pub slug: String,
    /// Name in Japanese.
    pub name_ja: String,
    /// Name in English.
    pub name_en: String,
    /// Sites that embed its widget.
    pub origins: Vec<String>,
}

/// Changes to an organisation, as `yorisoi org set` gives them; `None` and
/// empty lists change nothing.
#[derive(Debug, Clone, Default)]
pub struct OrganisationChange {
    /// New Japanese name.
    pub name_ja: Option<String>,
    /// New English name.
    pub name_en: Option<String>,
    /// New Japanese greeting.
    pub greeting_ja: Option<String>,
    /// New English greeting.
    pub greeting_en: Option<String>,
    /// New accent colour, `#rrggbb`.
    pub accent_color: Option<String>,
    /// New launcher side.
    pub launcher_side: Option<LauncherSide>,
    /// Replaces every origin.
    pub origins: Option<Vec<String>>,
    /// Origins to add.
    pub add_origins: Vec<String>,
    /// Origins to remove.
    pub remove_origins: Vec<String>,
    /// The organisation's own texts for parents to write (empty: back to
    /// the standard one).
    pub texts: Vec<(TextName, String)>,
}

/// Why an operator's command was refused, in one line.
fn invalid(message: String) -> ServiceError {
    ServiceError::Invalid(message)
}

/// Adds an organisation (checks the slug, names and origins).
pub async fn create(
    store: &Store,
    new: &NewOrganisation,
    now_ms: i64,
) -> Result<Organisation, ServiceError> {
    let slug = new.slug.trim();
    if slug.is_empty()
        || slug.len() > MAX_SLUG_CHARS
        || !slug
            .bytes()
            .all(|byte| byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-')
    {
        return Err(invalid(format!(
            "the slug `{slug}` must be 1 to {MAX_SLUG_CHARS} lower-case letters, digits or -"
        )));
    }
    let face = OrganisationFace {
        name_ja: new.name_ja.clone(),
        name_en: new.name_en.clone(),
        greeting_ja: String::new(),
        greeting_en: String::new(),
        accent_color: DEFAULT_ACCENT.to_owned(),
        launcher_side: LauncherSide::Right,
    };
    check_face(&face)?;
    let origins = parse_origins(&new.origins)?;
    Ok(store
        .create_organisation(slug, &face.normalised(), &origins, now_ms)
        .await?)
}

/// Changes an organisation found by slug.
pub async fn change(
    store: &Store,
    slug: &str,
    change: &OrganisationChange,
    now_ms: i64,
) -> Result<Organisation, ServiceError> {
    let organisation = store
        .organisation_by_slug(slug)
        .await?
        .ok_or_else(|| invalid(format!("there is no organisation `{slug}`")))?;
    let mut face = organisation.face.clone();
    let replace = |field: &mut String, value: &Option<String>| {
        if let Some(value) = value {
            value.clone_into(field);
        }
    };
    replace(&mut face.name_ja, &change.name_ja);
    replace(&mut face.name_en, &change.name_en);
    replace(&mut face.greeting_ja, &change.greeting_ja);
    replace(&mut face.greeting_en, &change.greeting_en);
    replace(&mut face.accent_color, &change.accent_color);
    if let Some(side) = change.launcher_side {
        face.launcher_side = side;
    }
    check_face(&face)?;
    let texts: Vec<(TextName, String)> = change
        .texts
        .iter()
        .map(|(name, text)| (*name, text.trim().to_owned()))
        .collect();
    if texts
        .iter()
        .any(|(_, text)| text.chars().count() > MAX_TEXT_CHARS)
    {
        return Err(invalid(format!(
            "each emergency or privacy text may have at most {MAX_TEXT_CHARS} characters"
        )));
    }
    // Every check before any write, and the origins (which may be taken)
    // first: a refused change changes nothing.
    let mut origins = match &change.origins {
        Some(origins) => parse_origins(origins)?,
        None => organisation.origins.clone(),
    };
    origins.extend(parse_origins(&change.add_origins)?);
    let removed = parse_origins(&change.remove_origins)?;
    origins.retain(|origin| !removed.contains(origin));
    origins.sort();
    origins.dedup();
    if origins != organisation.origins {
        store.set_origins(organisation.id, &origins).await?;
    }
    for (name, text) in &texts {
        store
            .set_organisation_text(organisation.id, *name, text, now_ms)
            .await?;
    }
    let updated = store
        .update_face(organisation.id, &face.normalised())
        .await?;
    Ok(updated)
}

fn check_face(face: &OrganisationFace) -> Result<(), ServiceError> {
    use yorisoi_protocol::organisation::FaceProblem;
    face.check().map_err(|problem| {
        invalid(
            match problem {
                FaceProblem::Name => "each name must have 1 to 80 characters",
                FaceProblem::Greeting => "each greeting may have at most 600 characters",
                FaceProblem::AccentFormat => "the accent colour must be #rrggbb",
                FaceProblem::AccentContrast => {
                    "the accent colour is too light: white text on it must reach 4.5:1"
                }
            }
            .to_owned(),
        )
    })
}

fn parse_origins(origins: &[String]) -> Result<Vec<String>, ServiceError> {
    origins
        .iter()
        .map(|origin| {
            parse_origin(origin).ok_or_else(|| {
                invalid(format!(
                    "`{origin}` is not an origin like https://example.org"
                ))
            })
        })
        .collect()
}

//! The command line's commands that work on the database without serving:
//! migrations (`yorisoi migrate`), moving an installation (`yorisoi copy`),
//! organisations (`yorisoi org add|list|set`) and staff (`yorisoi staff
//! add|list`, and in [`team`] `show|profile|hours`). Like the sockets and HTTP handlers, this is transport: each
//! command calls the same use cases in [`crate::service`] (so the same
//! checks apply) and turns the result into lines of output. The tests call
//! these functions directly too.

mod team;

use yorisoi_protocol::Lang;
use yorisoi_protocol::model::StaffInfo;
use yorisoi_protocol::organisation::LauncherSide;

use crate::cli::{OrgCommand, OrgSetArgs, StaffCommand};
use crate::clock::{Clock, SystemClock, os_random};
use crate::config::{Config, Database};
use crate::error::ServerError;
use crate::service::{organisations, staff};
use crate::store::{Organisation, Store, TextName};

pub use crate::service::organisations::{NewOrganisation, OrganisationChange};
pub use crate::service::staff::NewStaff;

fn now_ms() -> i64 {
    SystemClock.now_ms()
}

async fn open(config: &Config) -> Result<Store, ServerError> {
    Ok(Store::open(&config.database).await?)
}

/// Brings the database's schema up to this version and stops: run once
/// before a rolling deployment starts new nodes (nodes also migrate on
/// start, one at a time). The line says which database.
pub async fn migrate(config: &Config) -> Result<String, ServerError> {
    open(config).await?;
    Ok(format!("migrated {}", config.database))
}

/// Copies every row of the database `from` into the empty database `to`
/// (typically a SQLite file into PostgreSQL, when one node is no longer
/// enough), keeping ids, tokens, sessions and passwords, then reads `to`
/// back and checks every table's row count and checksum against `from`.
/// One line per table, then one saying it matches. Stop the servers on
/// `from` first: what they write after the copy's moment stays behind.
pub async fn copy(from: &Database, to: &Database) -> Result<Vec<String>, ServerError> {
    if from == to {
        return Err(ServerError::Invalid(
            "copy needs two different databases".into(),
        ));
    }
    let source = Store::open(from).await?;
    let target = Store::open(to).await?;
    if !target.snapshot().await?.is_empty() {
        return Err(ServerError::Invalid(format!(
            "{to} already holds data: copy only into a new, empty database"
        )));
    }
    let snapshot = source.snapshot().await?;
    target.restore(&snapshot).await?;
    let expected = snapshot.sums();
    let copied = target.snapshot().await?.sums();
    let mut lines = Vec::new();
    for (want, got) in expected.iter().zip(&copied) {
        if want != got {
            return Err(ServerError::Invalid(format!(
                "the copy of {} differs: {} rows ({}) in {from}, {} rows ({}) in {to}",
                want.table, want.rows, want.checksum, got.rows, got.checksum
            )));
        }
        lines.push(format!(
            "{:<22} {:>8} rows  sha256 {}",
            want.table, want.rows, want.checksum
        ));
    }
    lines.push(format!("copied {from} to {to}: every table matches"));
    Ok(lines)
}

/// Adds an organisation.
pub async fn add_organisation(
    config: &Config,
    new: &NewOrganisation,
) -> Result<Organisation, ServerError> {
    let store = open(config).await?;
    Ok(organisations::create(&store, new, now_ms()).await?)
}

/// Every organisation, first first.
pub async fn list_organisations(config: &Config) -> Result<Vec<Organisation>, ServerError> {
    Ok(open(config).await?.organisations().await?)
}

/// Changes an organisation found by slug.
pub async fn set_organisation(
    config: &Config,
    slug: &str,
    change: &OrganisationChange,
) -> Result<Organisation, ServerError> {
    let store = open(config).await?;
    Ok(organisations::change(&store, slug, change, now_ms()).await?)
}

/// The first organisation (created if the database has none).
pub async fn default_organisation(config: &Config) -> Result<Organisation, ServerError> {
    let store = open(config).await?;
    Ok(organisations::ensure_first(&store, now_ms()).await?)
}

/// Adds a staff member.
pub async fn add_staff(config: &Config, new: &NewStaff) -> Result<StaffInfo, ServerError> {
    let store = open(config).await?;
    Ok(staff::add(&store, new, os_random, now_ms()).await?.0)
}

/// Staff members with their organisation's slug, of one organisation or all.
pub async fn list_staff(
    config: &Config,
    organisation: Option<&str>,
) -> Result<Vec<(StaffInfo, String)>, ServerError> {
    let store = open(config).await?;
    let organisations = store.organisations().await?;
    let only = match organisation {
        Some(slug) => Some(
            organisations
                .iter()
                .find(|organisation| organisation.slug == slug)
                .map(|organisation| organisation.id)
                .ok_or_else(|| {
                    ServerError::Invalid(format!("there is no organisation `{slug}`"))
                })?,
        ),
        None => None,
    };
    let slug_of = |staff: &StaffInfo| {
        organisations
            .iter()
            .find(|organisation| organisation.id == staff.organisation)
            .map(|organisation| organisation.slug.clone())
            .unwrap_or_default()
    };
    Ok(store
        .list_staff(only)
        .await?
        .into_iter()
        .map(|staff| {
            let slug = slug_of(&staff);
            (staff, slug)
        })
        .collect())
}

/// Runs `yorisoi staff …`; the lines to print. `password` is asked for only
/// when a staff member is added.
pub async fn staff_command(
    config: &Config,
    command: StaffCommand,
    password: impl FnOnce() -> Result<String, ServerError>,
) -> Result<Vec<String>, ServerError> {
    match command {
        StaffCommand::Add {
            org,
            email,
            name,
            admin,
        } => {
            let new = NewStaff {
                organisation: org,
                email,
                name,
                password: password()?,
                admin,
            };
            let store = open(config).await?;
            let (staff, slug) = staff::add(&store, &new, os_random, now_ms()).await?;
            Ok(vec![format!(
                "added staff member {} <{}> (id {}) to {slug}",
                staff.name, staff.email, staff.id
            )])
        }
        StaffCommand::Show { email } => team::show(config, &email).await,
        StaffCommand::Profile {
            email,
            role_ja,
            role_en,
            intro_ja,
            intro_en,
            photo,
            no_photo,
        } => {
            let photo = match (photo, no_photo) {
                (Some(path), _) => Some(Some(std::fs::read(&path).map_err(|error| {
                    ServerError::Invalid(format!("cannot read {}: {error}", path.display()))
                })?)),
                (None, true) => Some(None),
                (None, false) => None,
            };
            let change = team::ProfileChange {
                role_ja,
                role_en,
                intro_ja,
                intro_en,
                photo,
            };
            team::profile(config, &email, change).await
        }
        StaffCommand::Hours(args) => team::hours(config, args).await,
        StaffCommand::List { org } => Ok(list_staff(config, org.as_deref())
            .await?
            .into_iter()
            .map(|(staff, slug)| {
                let role = if staff.admin { "admin" } else { "staff" };
                format!(
                    "{}\t{}\t{}\t{slug}\t{role}",
                    staff.id, staff.email, staff.name
                )
            })
            .collect()),
    }
}

/// Runs `yorisoi org …`; the lines to print.
pub async fn org_command(config: &Config, command: OrgCommand) -> Result<Vec<String>, ServerError> {
    match command {
        OrgCommand::Add {
            slug,
            name_ja,
            name_en,
            origins,
        } => {
            let new = NewOrganisation {
                slug,
                name_ja,
                name_en,
                origins,
            };
            let added = add_organisation(config, &new).await?;
            Ok(vec![format!(
                "added organisation {} (id {})",
                added.slug, added.id.0
            )])
        }
        OrgCommand::List => Ok(list_organisations(config)
            .await?
            .into_iter()
            .map(|organisation| {
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    organisation.id.0,
                    organisation.slug,
                    organisation.face.name_ja,
                    organisation.face.name_en,
                    organisation.origins.join(",")
                )
            })
            .collect()),
        OrgCommand::Set(args) => {
            let slug = args.slug.clone();
            let change = change_of(*args)?;
            let updated = set_organisation(config, &slug, &change).await?;
            Ok(vec![format!("updated organisation {}", updated.slug)])
        }
    }
}

fn change_of(args: OrgSetArgs) -> Result<OrganisationChange, ServerError> {
    let launcher_side = match args.side.as_deref() {
        Some(side) => Some(LauncherSide::parse(side).ok_or_else(|| {
            ServerError::Invalid(format!("the side `{side}` must be left or right"))
        })?),
        None => None,
    };
    Ok(OrganisationChange {
        name_ja: args.name_ja,
        name_en: args.name_en,
        greeting_ja: args.greeting_ja,
        greeting_en: args.greeting_en,
        accent_color: args.accent,
        launcher_side,
        origins: (!args.origins.is_empty()).then_some(args.origins),
        add_origins: args.add_origins,
        remove_origins: args.remove_origins,
        texts: [
            (TextName::Help(Lang::Ja), args.help_ja),
            (TextName::Help(Lang::En), args.help_en),
            (TextName::Privacy(Lang::Ja), args.privacy_ja),
            (TextName::Privacy(Lang::En), args.privacy_en),
        ]
        .into_iter()
        .filter_map(|(name, text)| Some((name, text?)))
        .collect(),
    })
}

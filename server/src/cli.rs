//! The `yorisoi` command line. Only the shape lives here; `main` turns it
//! into [`crate::config::Overrides`] and calls the library ([`crate::run`]
//! or [`crate::admin::execute`]). Settings flags are global so
//! `yorisoi staff add --database other.db` works too.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::config::Overrides;

/// Yorisoi: a bilingual consultation chat for parenting-support non-profits.
#[derive(Debug, Parser)]
#[command(name = "yorisoi", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
    /// Settings shared by every command.
    #[command(flatten)]
    pub settings: SettingsArgs,
}

/// Flags that override settings from the file and environment.
#[derive(Debug, Args)]
pub struct SettingsArgs {
    /// Address to listen on, e.g. 127.0.0.1:8080.
    #[arg(long, global = true, value_name = "ADDR")]
    pub bind: Option<String>,
    /// Database: a SQLite file (default yorisoi.db, or sqlite://PATH) or a
    /// PostgreSQL URL (postgres://user@host:port/db).
    #[arg(long, global = true, value_name = "PATH|URL")]
    pub database: Option<String>,
    /// Settings file (default: ./yorisoi.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve,
    /// Run the database's migrations and exit (before a rolling deployment).
    Migrate,
    /// Copy every row of one database into a new, empty one and verify it
    /// (e.g. from SQLite to PostgreSQL); stop the servers first.
    Copy {
        /// The database to copy: a SQLite path or a postgres:// URL.
        #[arg(long, value_name = "PATH|URL")]
        from: String,
        /// The new, empty database: a SQLite path or a postgres:// URL.
        #[arg(long, value_name = "PATH|URL")]
        to: String,
    },
    /// Manage staff accounts.
    Staff {
        /// What to do with staff.
        #[command(subcommand)]
        command: StaffCommand,
    },
    /// Manage the organisations this server hosts.
    Org {
        /// What to do with organisations.
        #[command(subcommand)]
        command: OrgCommand,
    },
}

/// Staff administration.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member. The password is read from YORISOI_STAFF_PASSWORD
    /// if set, else as one line from standard input.
    Add {
        /// The organisation's slug (may be left out while there is only one).
        #[arg(long, value_name = "SLUG")]
        org: Option<String>,
        /// Login email.
        #[arg(long)]
        email: String,
        /// Display name shown to parents.
        #[arg(long)]
        name: String,
        /// An organisation admin (edits the organisation's settings).
        #[arg(long)]
        admin: bool,
    },
    /// List staff members: id, email, name, organisation, admin or staff.
    List {
        /// Only this organisation's.
        #[arg(long, value_name = "SLUG")]
        org: Option<String>,
    },
    /// Show a staff member's profile, hours and presence.
    Show {
        /// Their login email.
        #[arg(long)]
        email: String,
    },
    /// Change what parents see of a staff member (only the fields given).
    Profile {
        /// Their login email.
        #[arg(long)]
        email: String,
        /// Role in Japanese, e.g. 保育士.
        #[arg(long = "role-ja", value_name = "TEXT")]
        role_ja: Option<String>,
        /// Role in English, e.g. "Childcare worker".
        #[arg(long = "role-en", value_name = "TEXT")]
        role_en: Option<String>,
        /// A short introduction in Japanese.
        #[arg(long = "intro-ja", value_name = "TEXT")]
        intro_ja: Option<String>,
        /// A short introduction in English.
        #[arg(long = "intro-en", value_name = "TEXT")]
        intro_en: Option<String>,
        /// A PNG, JPEG or WebP photo (at most 256 KB).
        #[arg(long, value_name = "FILE", conflicts_with = "no_photo")]
        photo: Option<PathBuf>,
        /// Remove the photo.
        #[arg(long = "no-photo")]
        no_photo: bool,
    },
    /// Set a staff member's hours (only the days given change). Spans are
    /// like "09:00-12:00, 13:30-17:00"; "" means not working that day.
    Hours(HoursArgs),
}

/// `yorisoi staff hours`: weekly spans, date exceptions, quiet hours.
#[derive(Debug, Args)]
pub struct HoursArgs {
    /// Their login email.
    #[arg(long)]
    pub email: String,
    /// Time zone of the hours (IANA name; default Asia/Tokyo).
    #[arg(long = "time-zone", value_name = "ZONE")]
    pub time_zone: Option<String>,
    /// Monday's spans.
    #[arg(long, value_name = "SPANS")]
    pub mon: Option<String>,
    /// Tuesday's spans.
    #[arg(long, value_name = "SPANS")]
    pub tue: Option<String>,
    /// Wednesday's spans.
    #[arg(long, value_name = "SPANS")]
    pub wed: Option<String>,
    /// Thursday's spans.
    #[arg(long, value_name = "SPANS")]
    pub thu: Option<String>,
    /// Friday's spans.
    #[arg(long, value_name = "SPANS")]
    pub fri: Option<String>,
    /// Saturday's spans.
    #[arg(long, value_name = "SPANS")]
    pub sat: Option<String>,
    /// Sunday's spans.
    #[arg(long, value_name = "SPANS")]
    pub sun: Option<String>,
    /// A date that differs: "2026-12-29=" (a day off) or
    /// "2026-12-26=10:00-12:00"; repeatable.
    #[arg(long = "date", value_name = "DATE=SPANS")]
    pub dates: Vec<String>,
    /// Forget a date's exception; repeatable.
    #[arg(long = "clear-date", value_name = "DATE")]
    pub clear_dates: Vec<String>,
    /// Quiet hours every day (no sound or alert), e.g. "21:00-24:00, 00:00-07:00".
    #[arg(long, value_name = "SPANS")]
    pub quiet: Option<String>,
    /// Remove every hour (parents are then told nothing of when they answer).
    #[arg(long)]
    pub clear: bool,
}

/// Organisation administration.
#[derive(Debug, Subcommand)]
pub enum OrgCommand {
    /// Add an organisation.
    Add {
        /// Short name: lower-case letters, digits and -.
        #[arg(long)]
        slug: String,
        /// Name in Japanese.
        #[arg(long = "name-ja", value_name = "NAME")]
        name_ja: String,
        /// Name in English.
        #[arg(long = "name-en", value_name = "NAME")]
        name_en: String,
        /// A site that embeds its widget, e.g. https://hidamari.example.org
        /// (repeatable; each origin belongs to one organisation).
        #[arg(long = "origin", value_name = "ORIGIN")]
        origins: Vec<String>,
    },
    /// List organisations: id, slug, names, origins.
    List,
    /// Change an organisation.
    Set(Box<OrgSetArgs>),
}

/// What `yorisoi org set` changes; anything not given stays.
#[derive(Debug, Args)]
pub struct OrgSetArgs {
    /// The organisation's slug.
    pub slug: String,
    /// New name in Japanese.
    #[arg(long = "name-ja", value_name = "NAME")]
    pub name_ja: Option<String>,
    /// New name in English.
    #[arg(long = "name-en", value_name = "NAME")]
    pub name_en: Option<String>,
    /// New greeting in Japanese.
    #[arg(long = "greeting-ja", value_name = "TEXT")]
    pub greeting_ja: Option<String>,
    /// New greeting in English.
    #[arg(long = "greeting-en", value_name = "TEXT")]
    pub greeting_en: Option<String>,
    /// Accent colour, #rrggbb (white text on it must reach 4.5:1).
    #[arg(long, value_name = "COLOUR")]
    pub accent: Option<String>,
    /// Launcher side: left or right.
    #[arg(long, value_name = "SIDE")]
    pub side: Option<String>,
    /// Replaces every origin (repeatable).
    #[arg(long = "origin", value_name = "ORIGIN")]
    pub origins: Vec<String>,
    /// Adds an origin (repeatable).
    #[arg(long = "add-origin", value_name = "ORIGIN")]
    pub add_origins: Vec<String>,
    /// Removes an origin (repeatable).
    #[arg(long = "remove-origin", value_name = "ORIGIN")]
    pub remove_origins: Vec<String>,
    /// Lines added under the widget's emergency notice, in Japanese (a local
    /// centre, your own hours); "" removes them.
    #[arg(long = "help-ja", value_name = "TEXT")]
    pub help_ja: Option<String>,
    /// Lines added under the widget's emergency notice, in English.
    #[arg(long = "help-en", value_name = "TEXT")]
    pub help_en: Option<String>,
    /// The privacy notice parents see before their first message, in
    /// Japanese (who reads, how long it is kept); "" restores the standard one.
    #[arg(long = "privacy-ja", value_name = "TEXT")]
    pub privacy_ja: Option<String>,
    /// The privacy notice in English.
    #[arg(long = "privacy-en", value_name = "TEXT")]
    pub privacy_en: Option<String>,
}

impl SettingsArgs {
    /// The flags as configuration overrides.
    pub fn overrides(&self) -> Overrides {
        Overrides {
            config: self.config.clone(),
            bind: self.bind.clone(),
            database: self.database.clone(),
        }
    }
}

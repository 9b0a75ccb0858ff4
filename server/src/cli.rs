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
    Set(OrgSetArgs),
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

//! The `yorisoi` command line. Only the shape lives here; `main` turns it
//! into [`crate::config::Overrides`] and calls the library. Settings flags
//! are global so `yorisoi staff add --database other.db` works too.

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
    /// SQLite database file.
    #[arg(long, global = true, value_name = "PATH")]
    pub database: Option<PathBuf>,
    /// Settings file (default: ./yorisoi.toml if present).
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the server.
    Serve,
    /// Manage staff accounts.
    Staff {
        /// What to do with staff.
        #[command(subcommand)]
        command: StaffCommand,
    },
}

/// Staff administration.
#[derive(Debug, Subcommand)]
pub enum StaffCommand {
    /// Add a staff member. The password is read from YORISOI_STAFF_PASSWORD
    /// if set, else as one line from standard input.
    Add {
        /// Login email.
        #[arg(long)]
        email: String,
        /// Display name shown to parents.
        #[arg(long)]
        name: String,
    },
    /// List staff members.
    List,
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

//! The `yorisoi` binary: parses the command line, sets up logging and calls
//! the library. Errors are printed as one line, never as a panic.

use std::io::{BufRead as _, IsTerminal as _, Write as _};
use std::process::ExitCode;

use anyhow::Context as _;
use clap::Parser as _;
use yorisoi_server::cli::{Cli, Command};
use yorisoi_server::{ServerError, admin, config};

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("yorisoi: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(execute(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("yorisoi: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn execute(cli: Cli) -> anyhow::Result<()> {
    let loaded = config::load(&cli.settings.overrides())?;
    init_logging(&loaded.config.log);
    for warning in &loaded.warnings {
        tracing::warn!("{warning}");
    }
    let config = loaded.config;
    let lines = match cli.command {
        Command::Serve => {
            let listener = tokio::net::TcpListener::bind(config.bind)
                .await
                .with_context(|| format!("cannot listen on {}", config.bind))?;
            yorisoi_server::run(listener, config, shutdown_signal()).await?;
            return Ok(());
        }
        Command::Staff { command } => {
            admin::staff_command(&config, command, || {
                read_password().map_err(|error| ServerError::Invalid(format!("{error:#}")))
            })
            .await?
        }
        Command::Org { command } => admin::org_command(&config, command).await?,
        Command::Migrate => vec![admin::migrate(&config).await?],
        Command::Copy { from, to } => {
            let parse = |text: &str| config::Database::parse(text).map_err(ServerError::Invalid);
            admin::copy(&parse(&from)?, &parse(&to)?).await?
        }
    };
    for line in lines {
        println!("{line}");
    }
    Ok(())
}

/// Logs go to stderr so that command output on stdout stays clean.
/// PostgreSQL's notices ("relation … already exists, skipping" at every
/// start) are quiet unless the filter asks for sqlx's logs.
fn init_logging(filter: &str) {
    let filter = if filter.contains("sqlx") {
        filter.to_owned()
    } else {
        format!("{filter},sqlx::postgres::notice=warn")
    };
    let filter = tracing_subscriber::EnvFilter::try_new(&filter)
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _already_set = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// The new staff member's password: `YORISOI_STAFF_PASSWORD`, else one line
/// of standard input.
fn read_password() -> anyhow::Result<String> {
    if let Ok(password) = std::env::var("YORISOI_STAFF_PASSWORD") {
        return Ok(password);
    }
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprint!("Password (input is shown): ");
        let _ = std::io::stderr().flush();
    }
    let mut line = String::new();
    stdin
        .lock()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Completes on Ctrl-C or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = terminate => {}
    }
}

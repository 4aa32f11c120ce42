//! `cho`: the whole shop in one binary.

use std::path::PathBuf;

use anyhow::Context;
use cho::server::{self, Mode};
use cho_identity::{create_user, NewUser, Role};
use cho_platform::config::Config;
use cho_platform::db::Db;
use cho_platform::secrets::Keys;
use clap::{Parser, Subcommand};

// Many small, short-lived allocations per request, from every worker thread:
// mimalloc's per-thread heaps serve them with less contention than glibc's.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "cho",
    version,
    about = "Chợ: a commerce and payments platform for Vietnamese shops"
)]
struct Cli {
    /// Optional TOML configuration file (settings in CHO_* variables win over it).
    #[arg(long, global = true, env = "CHO_CONFIG")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// API and background workers in one process (the default).
    Serve {
        /// Seed the demo catalog and a demo admin on start.
        #[arg(long)]
        demo: bool,
    },
    /// Only the HTTP API (run `cho migrate` first).
    Api,
    /// Only the background job worker.
    Worker,
    /// Apply database migrations and exit.
    Migrate,
    /// Load data into the shop.
    Seed {
        #[command(subcommand)]
        what: SeedCommand,
    },
    /// Load-test a fresh instance and print throughput and latency.
    Bench(cho::bench::BenchArgs),
    /// Manage accounts.
    Admin {
        #[command(subcommand)]
        action: AdminCommand,
    },
    /// Manage secrets stored in the database.
    Secrets {
        #[command(subcommand)]
        action: SecretsCommand,
    },
}

#[derive(Subcommand)]
enum SecretsCommand {
    /// Re-encrypt every stored credential under the current CHO_APPLICATION_SECRET (old
    /// ones readable through CHO_APPLICATION_SECRET_PREVIOUS). Safe while the service runs.
    Rotate,
}

#[derive(Subcommand)]
enum SeedCommand {
    /// The demo catalog (≥ 200 products) and a demo admin.
    Demo,
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an admin account.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long)]
        password: String,
        #[arg(long, default_value = "Quản trị viên")]
        name: String,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    let mut config = Config::load(cli.config.as_deref())?;
    let command = match cli.command {
        Some(command) => command,
        // Without a subcommand, RUN_MODE picks one (seed 003's deployment modes).
        None => match std::env::var("RUN_MODE")
            .unwrap_or_default()
            .to_lowercase()
            .as_str()
        {
            "" | "full" | "serve" => Command::Serve { demo: false },
            "api" => Command::Api,
            "worker" => Command::Worker,
            "migrate" => Command::Migrate,
            other => anyhow::bail!("RUN_MODE must be full, api, worker or migrate, not '{other}'"),
        },
    };
    if matches!(command, Command::Bench(_)) && std::env::var_os("CHO_LOG").is_none() {
        config.log = "warn".into(); // a log line per request would measure the logger
    }
    cho::telemetry::init_logging(&config);
    match command {
        Command::Serve { demo } => {
            config.demo |= demo;
            config.sandbox |= config.demo;
            run(config, Mode::Full).await
        }
        Command::Api => run(config, Mode::Api).await,
        Command::Worker => run(config, Mode::Worker).await,
        Command::Migrate => {
            let db = Db::connect(&config)
                .await
                .context("could not connect to the database")?;
            db.migrate(cho::migrations::ALL).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Seed {
            what: SeedCommand::Demo,
        } => {
            config.demo = true;
            let state = server::prepare(&config, Mode::Full).await?;
            state.db.close().await;
            Ok(())
        }
        Command::Bench(args) => cho::bench::run(args).await,
        Command::Secrets {
            action: SecretsCommand::Rotate,
        } => rotate_secrets(&config).await,
        Command::Admin {
            action:
                AdminCommand::Create {
                    email,
                    password,
                    name,
                },
        } => {
            let state = server::prepare(&config, Mode::Full).await?;
            let user = create_user(
                &state.db,
                NewUser {
                    email: Some(email),
                    phone: None,
                    password,
                    full_name: name,
                    role: Role::Admin,
                },
            )
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
            println!(
                "admin created: {} ({})",
                user.email.unwrap_or_default(),
                user.id
            );
            Ok(())
        }
    }
}

/// `cho secrets rotate`: exits non-zero when a row opens under no known key.
async fn rotate_secrets(config: &Config) -> anyhow::Result<()> {
    let db = Db::connect(config)
        .await
        .context("could not connect to the database")?;
    let keys = Keys::load(config)?;
    let result = cho_payments::credentials::rotate(&db, &keys.encryption).await;
    db.close().await;
    let report = result?;
    println!(
        "current key {}: {} credential row(s) re-encrypted, {} already current",
        keys.encryption.current_key_id(),
        report.reencrypted,
        report.already_current
    );
    if report.failed.is_empty() {
        return Ok(());
    }
    for (provider, environment, reason) in &report.failed {
        eprintln!("cannot re-encrypt {provider} credentials for {environment}: {reason}");
    }
    anyhow::bail!(
        "{} row(s) could not be decrypted with the current or any previous application secret; \
         add the secret they were written under to CHO_APPLICATION_SECRET_PREVIOUS, or set them again",
        report.failed.len()
    )
}

async fn run(config: Config, mode: Mode) -> anyhow::Result<()> {
    let state = server::prepare(&config, mode).await?;
    let running = server::start(state, mode).await?;
    match running.addr {
        Some(addr) => {
            tracing::info!(%addr, ?mode, backend = ?running.state.db.backend(), "Chợ is running")
        }
        None => tracing::info!(?mode, "Chợ worker is running"),
    }
    server::shutdown_signal().await;
    tracing::info!("shutting down: draining requests and finishing jobs");
    running.stop().await;
    Ok(())
}

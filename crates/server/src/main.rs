//! `seedbed`: serve, migrate, load demo data.

use anyhow::Context;
use clap::{Parser, Subcommand};
use server::{AppState, Config, demo, time};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::Store;

#[derive(Parser)]
#[command(
    name = "seedbed",
    version,
    about = "Seedbed: KOC and KOS programs for consumer brands"
)]
struct Cli {
    /// `sqlite:PATH` (embedded, the default) or `postgres://USER@HOST/DB`.
    #[arg(
        long,
        env = "SEEDBED_DATABASE_URL",
        default_value = "sqlite:data/seedbed.db",
        global = true
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database, load demo data if asked and empty, and serve.
    Serve {
        #[arg(long, env = "SEEDBED_ADDR", default_value = "127.0.0.1:8080")]
        addr: SocketAddr,
        /// Folder with the built apps (`app/`, `admin/`).
        #[arg(long, env = "SEEDBED_WEB_DIR", default_value = "dist")]
        web_dir: PathBuf,
        /// Load the demo data when the database is empty.
        #[arg(long, env = "SEEDBED_DEMO")]
        demo: bool,
        /// Mark session cookies Secure (when served over https).
        #[arg(long, env = "SEEDBED_SECURE_COOKIES")]
        secure_cookies: bool,
    },
    /// Create or upgrade the schema.
    Migrate,
    /// Load the demo data into an empty database.
    Demo,
}

async fn open(url: &str) -> anyhow::Result<Arc<dyn Store>> {
    let store = store::connect(url)
        .await
        .with_context(|| format!("opening the database ({})", redact(url)))?;
    store.migrate().await.context("migrating the database")?;
    Ok(Arc::new(store))
}

/// The URL without its password, for messages.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let creds = &url[s + 3..at];
            let user = creds.split(':').next().unwrap_or("");
            format!(
                "{}://{}{}",
                &url[..s],
                if creds.contains(':') {
                    format!("{user}:***")
                } else {
                    user.to_string()
                },
                &url[at..]
            )
        }
        _ => url.to_string(),
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("database ready: {}", redact(&cli.database_url));
        }
        Command::Demo => {
            let store = open(&cli.database_url).await?;
            demo::load(store.as_ref(), time::Clock::System.now()).await?;
            println!("demo data loaded");
        }
        Command::Serve {
            addr,
            web_dir,
            demo: with_demo,
            secure_cookies,
        } => {
            let store = open(&cli.database_url).await?;
            if with_demo && store.is_empty().await? {
                demo::load(store.as_ref(), time::Clock::System.now()).await?;
                tracing::info!("demo data loaded");
            }
            if !web_dir.join("app/index.html").exists() {
                tracing::warn!(dir = %web_dir.display(), "built apps not found: run scripts/build-web (the API works without them)");
            }
            let config = Config {
                web_dir,
                secure_cookies,
                ..Config::default()
            };
            let app = server::router(AppState::new(store.clone(), config));
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            let local = listener.local_addr()?;
            println!("Seedbed is ready ({} database)", store.kind().as_str());
            println!("  consumer app: http://{local}/  (demo brand: http://{local}/b/demo)");
            println!("  admin:        http://{local}/admin/");
            println!(
                "  API:          http://{local}/api/v1/health   OpenAPI: http://{local}/api/v1/openapi.json"
            );
            if with_demo {
                println!(
                    "  demo logins:  operator@demo.test / {0}   consumer {1} / {0}",
                    demo::DEMO_PASSWORD,
                    demo::DEMO_CONSUMER_PHONE
                );
                println!(
                    "                operator@acme.test / {0} (second brand)",
                    demo::DEMO_PASSWORD
                );
            }
            axum::serve(listener, app)
                .with_graceful_shutdown(shutdown())
                .await?;
        }
    }
    Ok(())
}

async fn shutdown() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing in-flight requests");
}

#[cfg(test)]
mod tests {
    #[test]
    fn redacts_passwords() {
        assert_eq!(
            super::redact("postgres://u:secret@h:5432/db"),
            "postgres://u:***@h:5432/db"
        );
        assert_eq!(super::redact("postgres://u@h/db"), "postgres://u@h/db");
        assert_eq!(super::redact("sqlite:data/x.db"), "sqlite:data/x.db");
    }
}

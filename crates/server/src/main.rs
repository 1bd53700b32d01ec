//! `seedbed`: serve, migrate, load demo data, create a brand.

use anyhow::Context;
use clap::{Parser, Subcommand};
use server::{AppState, Config, demo, time};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use store::{DbStore, Store};

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
        /// Folder for uploaded files; default `uploads/` beside the SQLite
        /// file, or `data/uploads` with PostgreSQL.
        #[arg(long, env = "SEEDBED_UPLOAD_DIR")]
        upload_dir: Option<PathBuf>,
        /// Sites that may embed the widget (`/widget/`) in a frame: CSP
        /// `frame-ancestors` sources, e.g. `https://shop.example.com`.
        #[arg(long, env = "SEEDBED_WIDGET_ANCESTORS", default_value = server::web::DEFAULT_WIDGET_ANCESTORS, value_parser = server::web::frame_ancestors)]
        widget_ancestors: String,
        /// The address consumers reach the app at, e.g.
        /// `https://koc.brand.cn`: invitation links and QR codes use it.
        #[arg(long, env = "SEEDBED_PUBLIC_URL", value_parser = server::web::public_url)]
        public_url: Option<String>,
        /// An SMTP server for mail (`smtp://host:25`,
        /// `smtps://user:pass@host`): invitations are also mailed, through
        /// the outbox. Unset: the owner copies links.
        #[arg(long, env = "SEEDBED_SMTP_URL")]
        smtp_url: Option<String>,
        /// The sender of that mail.
        #[arg(
            long,
            env = "SEEDBED_MAIL_FROM",
            default_value = "Seedbed <noreply@localhost>"
        )]
        mail_from: String,
        /// The secret (32+ characters) device hashes are keyed with; the
        /// same on every server process. Unset: generated on first start
        /// and kept in the upload folder (`.client-key`).
        #[arg(long, env = "SEEDBED_CLIENT_KEY", hide_env_values = true)]
        client_key: Option<String>,
        /// Seconds an API request may take before it is answered 503
        /// `request_timeout` (uploads and imports: four times this; committing
        /// a settlement: twenty).
        #[arg(long, env = "SEEDBED_REQUEST_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
        request_timeout_secs: u64,
        #[command(flatten)]
        sms: Box<server::sms::SmsArgs>,
    },
    /// Create or upgrade the schema.
    Migrate,
    /// Brands: `seedbed brand create --id acme --name "Acme 护肤" --owner owner@acme.cn`.
    Brand {
        #[command(subcommand)]
        action: BrandCommand,
    },
    /// Load the demo data into an empty database; with `--members`, also a
    /// program of that size (brand `bulk`, owner `owner@bulk.test`) for
    /// benchmarks, e.g. `seedbed demo --members 25000 --notes 200000`.
    Demo {
        /// Members of the large program (none: the small demo only).
        #[arg(long)]
        members: Option<usize>,
        /// Months of themes, ending with this one.
        #[arg(long, default_value_t = 12)]
        months: u32,
        /// Campaigns, spread over the months.
        #[arg(long, default_value_t = 50)]
        campaigns: usize,
        /// Notes, spread over the campaigns by sign-ups.
        #[arg(long, default_value_t = 200_000)]
        notes: usize,
        /// Also a KOS program (brand `kos`, owner `owner@kos.test`): 20
        /// regions, 300 stores, 3,000 staff, 9,000 accounts, 200,000 leads,
        /// 20,000 notes at the default `--kos-stores 300`.
        #[arg(long)]
        kos: bool,
        /// The KOS program's stores; everything else follows in proportion.
        #[arg(long, default_value_t = 300)]
        kos_stores: usize,
    },
    /// Write a consistent copy of the running database to a new file
    /// (SQLite; for PostgreSQL use pg_dump).
    Backup {
        /// The backup file to create; it must not exist yet.
        #[arg(long)]
        to: PathBuf,
    },
    /// Copy every row of this database into another, empty one:
    /// `seedbed export --to postgres://…` moves a SQLite installation to
    /// PostgreSQL. The copy is one transaction and is compared table by
    /// table afterwards. Uploaded files stay in the upload folder.
    Export {
        /// The target database URL (`postgres://…` or `sqlite:PATH`).
        #[arg(long)]
        to: String,
    },
    /// Note links: `seedbed note-link parse [TEXT]`.
    NoteLink {
        #[command(subcommand)]
        action: NoteLinkCommand,
    },
    /// Replace the SQLite database with a backup. Stop the server first. The
    /// database being replaced is kept beside it as `*.before-restore-*`.
    Restore {
        /// A file written by `seedbed backup`.
        #[arg(long)]
        from: PathBuf,
    },
}

#[derive(Subcommand)]
enum BrandCommand {
    /// Create a brand and print a one-time invitation link for its first
    /// owner (valid 7 days; open it to set the owner's password). Exit 2
    /// for an id that exists or is malformed, or another refused value.
    Create {
        /// The brand's id, in its addresses (`/b/{id}`): 1 to 40 lower-case
        /// letters, digits, `-` or `_`.
        #[arg(long)]
        id: String,
        /// The display name consumers see.
        #[arg(long)]
        name: String,
        /// The brand's time zone (IANA name).
        #[arg(long, default_value = server::time::DEFAULT_TIME_ZONE)]
        tz: String,
        /// The first owner's e-mail address.
        #[arg(long)]
        owner: String,
        /// Where the server is reached (`https://koc.brand.cn`), for the
        /// link. Default: http:// and `SEEDBED_ADDR`.
        #[arg(long, env = "SEEDBED_PUBLIC_URL", value_parser = server::web::public_url)]
        public_url: Option<String>,
        /// The server's listen address, for the link when no public URL is set.
        #[arg(long, env = "SEEDBED_ADDR", default_value = "127.0.0.1:8080")]
        addr: String,
    },
}

#[derive(Subcommand)]
enum NoteLinkCommand {
    /// Find the note link in TEXT (or standard input) exactly as the apps
    /// and the API do; print one JSON object. Exit 0 for a link, 2 for an
    /// error (`{"error":{"code","message"}}`). Short links are not expanded.
    Parse { text: Option<String> },
}

/// Prints the parse of `text` as JSON; the exit code says which it was.
fn note_link_parse(text: Option<String>) -> anyhow::Result<std::process::ExitCode> {
    use std::io::Read as _;
    let text = match text {
        Some(t) => t,
        None => {
            // A little over the parser's limit, so a long input is refused
            // as too long rather than read without end.
            let mut buf = Vec::new();
            std::io::stdin()
                .take(rules::link::MAX_INPUT_BYTES as u64 + 1)
                .read_to_end(&mut buf)
                .context("reading standard input")?;
            String::from_utf8_lossy(&buf).into_owned()
        }
    };
    let (json, code) = match rules::parse_note_link(&text) {
        Ok(link) => (
            serde_json::to_string(&server::routes::views::note_link(link))?,
            0,
        ),
        Err(e) => (
            serde_json::to_string(&server::error::body(e.code(), e.message()))?,
            2,
        ),
    };
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout(), "{json}");
    Ok(std::process::ExitCode::from(code))
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

/// Prints a line of the start-up banner. A closed stdout (a supervisor
/// that stopped reading) must never take the server down, so write errors
/// are ignored, unlike `println!`, which panics.
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

#[tokio::main]
async fn main() -> anyhow::Result<std::process::ExitCode> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    match cli.command {
        Command::NoteLink {
            action: NoteLinkCommand::Parse { text },
        } => return note_link_parse(text),
        Command::Migrate => {
            open(&cli.database_url).await?;
            println!("database ready: {}", redact(&cli.database_url));
        }
        Command::Brand {
            action:
                BrandCommand::Create {
                    id,
                    name,
                    tz,
                    owner,
                    public_url,
                    addr,
                },
        } => {
            let store = open(&cli.database_url).await?;
            let base = public_url.unwrap_or_else(|| format!("http://{addr}"));
            let new = server::setup::NewBrand {
                id,
                name,
                time_zone: tz,
                owner_email: owner,
            };
            let now = time::Clock::System.now();
            match server::setup::create_brand(store.as_ref(), &new, &base, now).await? {
                Ok(made) => {
                    let b = store.brand(new.id.trim()).await?;
                    say!("brand {} created: {} ({})", b.id, b.name, b.time_zone);
                    say!(
                        "one-time owner invitation for {} (valid {} days):",
                        new.owner_email.trim().to_lowercase(),
                        server::setup::OWNER_INVITE_DAYS
                    );
                    say!("  {}", made.link);
                    say!("consumers: {base}/b/{}   admin: {base}/admin/", b.id);
                }
                Err(refusal) => {
                    eprintln!("seedbed brand create: {refusal}");
                    return Ok(std::process::ExitCode::from(2));
                }
            }
        }
        Command::Demo {
            members,
            months,
            campaigns,
            notes,
            kos,
            kos_stores,
        } => {
            let store = store::connect(&cli.database_url)
                .await
                .with_context(|| format!("opening the database ({})", redact(&cli.database_url)))?;
            store.migrate().await.context("migrating the database")?;
            let now = time::Clock::System.now();
            if (members.is_none() && !kos) || store.is_empty().await? {
                demo::load(&store, now).await?;
                println!("demo data loaded");
            }
            if let Some(members) = members {
                let started = std::time::Instant::now();
                let scale = server::generate::Scale {
                    members,
                    months,
                    campaigns,
                    notes,
                };
                let made = server::generate::load(&store, scale, now).await?;
                println!(
                    "brand {}: {} members, {} sign-ups, {} notes, {} metric snapshots, {} campaigns settled ({} points) in {:.1} s; owner {} / {}",
                    server::generate::BRAND,
                    made.members,
                    made.signups,
                    made.notes,
                    made.snapshots,
                    made.settled_campaigns,
                    made.ledger_points,
                    started.elapsed().as_secs_f64(),
                    server::generate::OWNER_EMAIL,
                    demo::DEMO_PASSWORD
                );
            }
            if kos {
                let started = std::time::Instant::now();
                let scale = server::generate_kos::KosScale::stores(kos_stores);
                let made = server::generate_kos::load(&store, scale, now).await?;
                println!(
                    "brand {}: {:?} in {:.1} s; owner {} / {}",
                    server::generate_kos::BRAND,
                    made,
                    started.elapsed().as_secs_f64(),
                    server::generate_kos::OWNER_EMAIL,
                    demo::DEMO_PASSWORD
                );
            }
        }
        Command::Backup { to } => {
            let store = open(&cli.database_url).await?;
            store.backup_to(&to).await?;
            let rows: i64 = store.row_counts().await?.iter().map(|(_, n)| n).sum();
            println!("backup written: {} ({rows} rows)", to.display());
        }
        Command::Restore { from } => restore(&cli.database_url, &from).await?,
        Command::Export { to } => export(&cli.database_url, &to).await?,
        Command::Serve {
            addr,
            web_dir,
            demo: with_demo,
            secure_cookies,
            upload_dir,
            widget_ancestors,
            public_url,
            smtp_url,
            mail_from,
            client_key,
            request_timeout_secs,
            sms,
        } => {
            // A provider missing a setting stops the start before anything.
            let provider = sms.provider(with_demo)?;
            let store = open(&cli.database_url).await?;
            if with_demo && store.is_empty().await? {
                demo::load(store.as_ref(), time::Clock::System.now()).await?;
                tracing::info!("demo data loaded");
            }
            if !web_dir.join("app/index.html").exists() {
                tracing::warn!(dir = %web_dir.display(), "built apps not found: run scripts/build-web (the API works without them)");
            }
            let upload_dir = upload_dir.unwrap_or_else(|| {
                match store::sqlite_file(&cli.database_url)
                    .as_deref()
                    .and_then(std::path::Path::parent)
                {
                    Some(dir) => dir.join("uploads"),
                    None => PathBuf::from("data/uploads"),
                }
            });
            let config = Config {
                web_dir,
                secure_cookies,
                upload_dir,
                widget_ancestors,
                public_url,
                smtp_url: smtp_url.clone(),
                mail_from: mail_from.clone(),
                client_key,
                request_timeout: std::time::Duration::from_secs(request_timeout_secs),
                demo: with_demo,
                ..Config::default()
            };
            let client_key = server::device::ClientKey::load(&config)
                .map_err(anyhow::Error::msg)
                .context("SEEDBED_CLIENT_KEY / the upload folder")?;
            if let Some(url) = &smtp_url {
                // The URL may hold a password: never logged.
                let mailer = server::mail::Mailer::new(url, &mail_from)
                    .context("SEEDBED_SMTP_URL / SEEDBED_MAIL_FROM")?;
                server::mail::spawn(store.clone(), mailer, time::Clock::System);
                tracing::info!("mail: sending the outbox over SMTP");
            }
            server::idempotency::spawn_purge(store.clone(), time::Clock::System);
            server::housekeeping::spawn(store.clone(), time::Clock::System);
            server::routes::spawn_timeouts(store.clone(), time::Clock::System);
            server::tiers::spawn(store.clone(), time::Clock::System);
            let mut state = AppState::new(store.clone(), config);
            state.client_key = client_key;
            server::sms::spawn(
                store.clone(),
                provider,
                time::Clock::System,
                state.sms_wake.clone(),
            );
            if sms.is_dev(with_demo) {
                say!(
                    "  SMS codes:    development provider: written to the log and {}",
                    sms.sms_dev_file.display()
                );
            }
            let app = server::router(state);
            let listener = tokio::net::TcpListener::bind(addr)
                .await
                .with_context(|| format!("binding {addr}"))?;
            let local = listener.local_addr()?;
            say!("Seedbed is ready ({} database)", store.kind().as_str());
            if with_demo {
                say!("  consumer app: http://{local}/  (demo brand: http://{local}/b/demo)");
            } else {
                say!("  consumer app: http://{local}/b/{{brand}}");
                if store.brand_count().await? == 0 {
                    say!("  no brand yet: seedbed brand create --id ID --name NAME --owner EMAIL");
                }
            }
            say!("  admin:        http://{local}/admin/");
            if with_demo {
                say!("  widget:       http://{local}/widget/?brand=demo  (embed in an <iframe>)");
            } else {
                say!(
                    "  widget:       http://{local}/widget/?brand={{brand}}  (embed in an <iframe>)"
                );
            }
            say!(
                "  API:          http://{local}/api/v1/health   OpenAPI: http://{local}/api/v1/openapi.json"
            );
            if with_demo {
                say!(
                    "  demo logins:  operator@demo.test / {0}   consumer {1} / {0}",
                    demo::DEMO_PASSWORD,
                    demo::DEMO_CONSUMER_PHONE
                );
                say!(
                    "                operator@acme.test / {0} (second brand)",
                    demo::DEMO_PASSWORD
                );
                say!(
                    "  KOS staff:    http://{local}/b/demo/staff  13900000001 (staff) · 13900000011 (store manager) · 13900000021 (regional manager) / {0}",
                    demo::DEMO_PASSWORD
                );
            }
            // The peer address keys the SMS codes' per-address cap when no
            // reverse proxy names the client.
            axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(shutdown())
            .await?;
        }
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// Copies the database at `from` into the empty one at `to`, then checks
/// that both hold the same rows.
async fn export(from: &str, to: &str) -> anyhow::Result<()> {
    anyhow::ensure!(from != to, "the target is the source");
    let source = store::connect(from)
        .await
        .with_context(|| format!("opening {}", redact(from)))?;
    source.migrate().await.context("migrating the source")?;
    let target = store::connect(to)
        .await
        .with_context(|| format!("opening {}", redact(to)))?;
    let copied = match source.copy_into(&target).await {
        Err(store::StoreError::Conflict("target_not_empty")) => {
            anyhow::bail!(
                "{} already holds data: export into an empty database",
                redact(to)
            )
        }
        other => other.context("copying")?,
    };
    let total: u64 = copied.iter().map(|(_, n)| n).sum();
    for (table, n) in &copied {
        println!("{table:>18}: {n} rows");
    }
    anyhow::ensure!(
        source.dump().await? == target.dump().await?,
        "the copy differs from the source: leave the target unused and report this"
    );
    println!(
        "exported {total} rows to {}; every table compared equal. Uploaded files stay in the upload folder: copy it with the data.",
        redact(to)
    );
    Ok(())
}

/// Swaps a checked backup in for the SQLite database at `url`.
async fn restore(url: &str, from: &std::path::Path) -> anyhow::Result<()> {
    let db = store::sqlite_file(url)
        .context("restore works on SQLite; for PostgreSQL use pg_restore")?;
    anyhow::ensure!(from.is_file(), "{} is not a file", from.display());
    // The backup must open as a Seedbed database of a known schema.
    let backup = store::connect(&format!("sqlite:{}?mode=ro", from.display()))
        .await
        .with_context(|| format!("opening {}", from.display()))?;
    let counts = backup
        .row_counts()
        .await
        .context("the file is not a Seedbed backup")?;
    drop(backup);
    let staged = db.with_extension("restore-tmp");
    std::fs::copy(from, &staged).with_context(|| format!("copying to {}", staged.display()))?;
    std::fs::File::open(&staged)?.sync_all()?;
    if db.exists() {
        let aside = db.with_extension(format!("before-restore-{}", time::Clock::System.now()));
        std::fs::rename(&db, &aside)?;
        println!("previous database kept as {}", aside.display());
    }
    // A stale write-ahead log belongs to the old file: never apply it to the new one.
    for suffix in ["-wal", "-shm"] {
        let mut side = db.clone().into_os_string();
        side.push(suffix);
        let _ = std::fs::remove_file(side);
    }
    std::fs::rename(&staged, &db)?;
    open(url).await?; // migrates a backup taken before an upgrade
    let rows: i64 = counts.iter().map(|(_, n)| n).sum();
    println!(
        "restored {} ({rows} rows) into {}",
        from.display(),
        db.display()
    );
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

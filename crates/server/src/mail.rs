//! Outgoing mail through the outbox: whatever announces a mail writes it
//! to `outbox` in its own transaction; this worker sends it over SMTP
//! (lettre), marks it sent (blanking the body, which may hold a link) or
//! records the error and tries again later, five times at most. A mail
//! server that is down loses nothing; the owner sees what failed. Each
//! round leases what it sends first (`claim_mail`), so several server
//! processes never send one mail twice.

use std::sync::Arc;
use std::time::Duration;

use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use store::Store;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
}

impl Mailer {
    /// `url`: `smtp://host:port` (plain, for a local relay),
    /// `smtp://host:587?tls=required` (STARTTLS) or `smtps://user:pass@host`.
    pub fn new(url: &str, from: &str) -> anyhow::Result<Mailer> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?
            .timeout(Some(Duration::from_secs(10)))
            .build();
        Ok(Mailer {
            transport,
            from: from.parse()?,
        })
    }

    async fn send(&self, m: &store::OutboxMail) -> Result<(), String> {
        let to: Mailbox = m.to_addr.parse().map_err(|e| format!("address: {e}"))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(m.subject.clone())
            .header(ContentType::TEXT_PLAIN)
            .body(m.body.clone())
            .map_err(|e| format!("message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

/// How long a sender holds the mail it leased: far longer than a send
/// takes (the SMTP time-out is 10 s), so a lease runs out only when its
/// sender died.
pub const LEASE_SECS: i64 = 300;

/// Sends what is waiting, once; `(sent, failed)`.
pub async fn deliver(store: &dyn Store, mailer: &Mailer, now: i64) -> store::Result<(u32, u32)> {
    let (mut sent, mut failed) = (0, 0);
    let claim = store::new_id();
    for m in store.claim_mail(&claim, now, LEASE_SECS, 50).await? {
        match mailer.send(&m).await {
            Ok(()) => {
                store
                    .mark_mail_sent(&m.brand_id, &m.id, &claim, now)
                    .await?;
                sent += 1;
            }
            Err(e) => {
                let e: String = e.chars().take(300).collect();
                tracing::warn!(mail = %m.id, error = %e, "mail not sent; will retry");
                store
                    .mark_mail_failed(&m.brand_id, &m.id, &claim, &e)
                    .await?;
                failed += 1;
            }
        }
    }
    Ok((sent, failed))
}

/// Sends the outbox every few seconds for as long as the server runs.
pub fn spawn(store: Arc<dyn Store>, mailer: Mailer, clock: crate::time::Clock) {
    tokio::spawn(async move {
        loop {
            if let Err(e) = deliver(store.as_ref(), &mailer, clock.now()).await {
                tracing::warn!(error = %e, "outbox");
            }
            tokio::time::sleep(Duration::from_secs(5)).await;
        }
    });
}

//! KOS leads (issue 17): people a staff member reached, from the public
//! platforms to the staff member's private account and on to the brand,
//! each stage change dated and attributed (`kos_lead_events`); the brand's
//! tag dictionary and each staff member's personal tags; the on-duty flag
//! and the store live code (活码) that hands a walk-in to a colleague in
//! turn; funnels as grouped SQL; erasure and the hand-over when staff leave.
//!
//! Every query of a staff member, store or region takes a
//! [`KosScope`] and adds its filter in SQL: a lead outside the caller's
//! scope is `NotFound`, exactly like a lead that does not exist.
//!
//! The live code's turn is one row per store (`kos_live_turns`); a walk-in's
//! transaction starts by updating it, which on PostgreSQL locks it until
//! commit and on SQLite takes the write lock, so two people scanning at the
//! same moment are handed to two colleagues, never both to one.

use crate::*;
use async_trait::async_trait;
use rules::kos::KosScope;
use rules::words::{FunnelBy, LeadSource, LeadStage};

/// Who changed a lead: a staff member, an operator, or the system (a
/// walk-in's own scan, `System("walk_in")`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadActor {
    Staff(String),
    Operator(String),
    System(String),
}

impl LeadActor {
    pub fn kind(&self) -> &'static str {
        match self {
            LeadActor::Staff(_) => "staff",
            LeadActor::Operator(_) => "operator",
            LeadActor::System(_) => "system",
        }
    }

    pub fn id(&self) -> &str {
        match self {
            LeadActor::Staff(s) | LeadActor::Operator(s) | LeadActor::System(s) => s,
        }
    }
}

/// A lead with its staff member's and store's names and its tag ids.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LeadRow {
    pub id: String,
    pub staff_id: String,
    pub staff_name: String,
    pub store_id: String,
    pub store_name: String,
    pub region_id: String,
    #[sqlx(try_from = "String")]
    pub source: LeadSource,
    /// A platform word (`xiaohongshu`, `personal_wechat` …) or `''`.
    pub source_platform: String,
    pub source_note_id: Option<String>,
    pub template_id: Option<String>,
    pub handle: String,
    /// Normalised (`rules::Phone`), or `''`.
    pub phone: String,
    #[sqlx(try_from = "IntFlag")]
    pub consent: bool,
    pub consent_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub stage: LeadStage,
    pub stage_at: i64,
    pub created_at: i64,
    /// Set when the lead was erased (its contact and tags are gone).
    pub erased_at: Option<i64>,
    #[sqlx(skip)]
    pub tags: Vec<String>,
}

/// A lead to add (by a staff member, or a walk-in's scan).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLead {
    pub id: String,
    pub staff_id: String,
    pub store_id: String,
    pub source: LeadSource,
    pub source_platform: String,
    pub source_note_id: Option<String>,
    pub template_id: Option<String>,
    pub handle: String,
    pub phone: String,
    pub consent: bool,
    pub stage: LeadStage,
    /// Tag ids: brand tags, or the staff member's own personal tags.
    pub tags: Vec<String>,
    pub by: LeadActor,
    pub at: i64,
}

/// A move to a later stage, by whom and when; a purchase's amount in fen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LeadMove {
    pub to: LeadStage,
    pub amount_fen: Option<i64>,
    pub by: LeadActor,
    pub at: i64,
}

/// One stage change.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LeadEvent {
    pub id: String,
    pub lead_id: String,
    pub from_stage: Option<String>,
    #[sqlx(try_from = "String")]
    pub to_stage: LeadStage,
    pub actor_kind: String,
    pub actor_id: String,
    pub at: i64,
    pub amount_fen: Option<i64>,
}

/// What the lead list narrows by; every field optional. `tag_groups`: one
/// list of tag ids per group, OR within a list, AND across lists
/// (`rules::kos_leads::tag_groups`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeadFilter {
    pub stage: Option<LeadStage>,
    pub staff_id: Option<String>,
    pub store_id: Option<String>,
    pub region_id: Option<String>,
    pub platform: Option<String>,
    pub source: Option<LeadSource>,
    pub tag_groups: Vec<Vec<String>>,
    /// A normalised phone or an exact handle.
    pub contact: Option<String>,
    /// Created at or after (UNIX seconds).
    pub from: Option<i64>,
    /// Created before.
    pub until: Option<i64>,
}

/// A tag group of the brand's dictionary.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct TagGroup {
    pub id: String,
    pub name: String,
    pub created_at: i64,
}

/// A brand tag (`group_id` set, `staff_id` `''`) or a staff member's
/// personal tag (`staff_id` set, `group_id` `''`).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Tag {
    pub id: String,
    pub group_id: String,
    pub staff_id: String,
    pub name: String,
    pub created_at: i64,
}

/// Time spent in one stage before the next change: how many stays ended,
/// their mean and median in seconds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StageTime {
    pub n: i64,
    pub mean_secs: i64,
    pub median_secs: i64,
}

/// One line of a funnel: the group (a staff member, store, region,
/// platform or template), how many leads are at each stage now (index:
/// `LeadStage::rank`), and the time spent in each stage.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FunnelRow {
    pub key: String,
    pub label: String,
    pub at_stage: [i64; 6],
    pub time: [StageTime; 6],
}

impl FunnelRow {
    /// How many reached each stage: a lead only moves forward, so one at
    /// a stage has passed every earlier one (a skipped stage counts as
    /// passed).
    pub fn reached(&self) -> [i64; 6] {
        let mut out = [0; 6];
        let mut sum = 0;
        for i in (0..6).rev() {
            sum += self.at_stage[i];
            out[i] = sum;
        }
        out
    }
}

/// A funnel: its lines and the total over every lead of the scope.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Funnel {
    pub rows: Vec<FunnelRow>,
    pub total: FunnelRow,
}

/// What a QR code names: a staff member's personal code or a store's live
/// code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadCode {
    Staff(String),
    Store(String),
}

/// A walk-in who scanned a code and left a contact, consenting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WalkIn {
    pub id: String,
    pub code: LeadCode,
    pub handle: String,
    pub phone: String,
    pub at: i64,
    /// The client's address keyed with the server secret, and how many
    /// walk-ins it may leave in a day (UTC).
    pub client_key: String,
    pub daily_limit: i64,
}

/// Where a leaving staff member's leads go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeadsTo {
    /// One colleague takes them all.
    Staff(String),
    /// The store's active staff take them in turn.
    Store(String),
}

/// Leads, tags, funnels, codes. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosLeadStore: Send + Sync {
    async fn tag_groups(&self, brand: &str) -> Result<Vec<TagGroup>>;
    /// The brand's tags and, with `staff`, that staff member's personal
    /// tags; by group and name.
    async fn tags(&self, brand: &str, staff: Option<&str>) -> Result<Vec<Tag>>;
    /// Audited. `Conflict("tag_group_exists")` for a name taken.
    async fn create_tag_group(&self, brand: &str, g: &TagGroup, by: &str) -> Result<()>;
    /// A brand tag (`by` an operator, audited; the group must exist) or a
    /// personal tag (`by` the staff member whose `staff_id` it carries).
    /// `Conflict("tag_exists")` for a name taken in its group or list.
    async fn create_tag(&self, brand: &str, t: &Tag, by: &LeadActor) -> Result<()>;
    /// Removes a tag from every lead and the dictionary: operators remove
    /// brand tags (audited), staff their own personal tags; any other is
    /// `NotFound`.
    async fn delete_tag(&self, brand: &str, id: &str, by: &LeadActor, at: i64) -> Result<()>;
    /// Adds a lead with its first event. `Conflict("lead_exists")` when
    /// the phone is already a lead of the brand; `("tag_unknown")` for a
    /// tag the staff member may not apply.
    async fn create_lead(&self, brand: &str, l: &NewLead) -> Result<LeadRow>;
    async fn lead(&self, brand: &str, scope: &KosScope, id: &str) -> Result<LeadRow>;
    /// Newest first, filtered and paged in SQL.
    async fn leads(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &LeadFilter,
        page: Page,
    ) -> Result<Vec<LeadRow>>;
    /// How many leads the filter matches.
    async fn count_leads(&self, brand: &str, scope: &KosScope, f: &LeadFilter) -> Result<i64>;
    /// Moves a lead (`rules::kos_leads::check_move`; refusals
    /// `Conflict("lead_stage_invalid")`, `("lead_amount_invalid")`) and
    /// records the event, in one transaction.
    async fn move_lead(
        &self,
        brand: &str,
        scope: &KosScope,
        id: &str,
        m: &LeadMove,
    ) -> Result<LeadRow>;
    /// Replaces the lead's tags (`staff`: the staff member applying them,
    /// who may use brand tags and their own personal tags).
    async fn set_lead_tags(
        &self,
        brand: &str,
        scope: &KosScope,
        id: &str,
        tags: &[String],
        staff: &str,
    ) -> Result<LeadRow>;
    /// The lead's stage changes, oldest first.
    async fn lead_events(&self, brand: &str, scope: &KosScope, id: &str) -> Result<Vec<LeadEvent>>;
    /// The funnel grouped `by`, over leads created in `[from, until)`:
    /// two grouped queries (stages now; time in stage from the events).
    async fn funnel(
        &self,
        brand: &str,
        scope: &KosScope,
        by: FunnelBy,
        from: Option<i64>,
        until: Option<i64>,
    ) -> Result<Funnel>;
    /// A walk-in scanned a code: a new lead of the code's staff member, or
    /// of the store's next colleague in turn (on shift first). `false`
    /// with the lead that is there when the phone already was a lead.
    /// `NotFound` for a code naming nobody active;
    /// `Conflict("store_has_no_staff")`.
    async fn walk_in(&self, brand: &str, w: &WalkIn) -> Result<(LeadRow, bool)>;
    async fn set_on_duty(&self, brand: &str, staff: &str, on: bool, at: i64) -> Result<()>;
    async fn on_duty(&self, brand: &str, staff: &str) -> Result<bool>;
    /// An operator erases a lead on request: contact and tags go, stage
    /// and dates stay for the funnels; audited.
    async fn erase_lead(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
    /// The leads holding `phone` (a member's data download).
    async fn leads_by_phone(&self, brand: &str, phone: &str) -> Result<Vec<LeadRow>>;
    /// Hands a staff member's leads on in one transaction (audited); the
    /// organisation's leaving calls [`hand_over_leads`] inside its own.
    async fn hand_over_staff_leads(
        &self,
        brand: &str,
        from_staff: &str,
        to: &LeadsTo,
        by: &str,
        at: i64,
    ) -> Result<u64>;
}

const LEAD_COLUMNS: &str = "l.id, l.staff_id, COALESCE(f.name, '') AS staff_name, l.store_id, \
     COALESCE(s.name, '') AS store_name, COALESCE(s.region_id, '') AS region_id, l.source, \
     l.source_platform, l.source_note_id, l.template_id, l.handle, l.phone, l.consent, l.consent_at, \
     l.stage, l.stage_at, l.created_at, l.erased_at";

const LEAD_FROM: &str = "FROM kos_leads l \
     LEFT JOIN kos_staff f ON f.brand_id = l.brand_id AND f.id = l.staff_id \
     LEFT JOIN kos_stores s ON s.brand_id = l.brand_id AND s.id = l.store_id";

/// The scope's filter on the lead table aliased `t` (the organisation's
/// [`scope_filter`]), as `AND …` and its one parameter `$n`.
fn scope_sql(scope: &KosScope, t: &str, n: usize) -> (String, Option<String>) {
    let (cond, binds) = scope_filter(scope, t, n);
    match binds.into_iter().next() {
        Some(b) => (format!(" AND {cond}"), Some(b)),
        None => (String::new(), None),
    }
}

/// A filter's SQL (after `WHERE l.brand_id = $1`) and its parameters,
/// numbered from `$2`.
fn filter_sql(scope: &KosScope, f: &LeadFilter) -> (String, Vec<Cell>) {
    let mut sql = String::new();
    let mut args: Vec<Cell> = Vec::new();
    let (s, a) = scope_sql(scope, "l", 2);
    if let Some(a) = a {
        sql.push_str(&s);
        args.push(Cell::Text(Some(a)));
    }
    let text = |sql: &mut String, args: &mut Vec<Cell>, clause: &str, v: &str| {
        args.push(Cell::Text(Some(v.to_string())));
        sql.push_str(&clause.replace("$?", &format!("${}", args.len() + 1)));
    };
    if let Some(v) = f.stage {
        text(&mut sql, &mut args, " AND l.stage = $?", v.as_str());
    }
    if let Some(v) = &f.staff_id {
        text(&mut sql, &mut args, " AND l.staff_id = $?", v);
    }
    if let Some(v) = &f.store_id {
        text(&mut sql, &mut args, " AND l.store_id = $?", v);
    }
    if let Some(v) = &f.region_id {
        text(
            &mut sql,
            &mut args,
            " AND l.store_id IN (SELECT id FROM kos_stores WHERE brand_id = $1 AND region_id = $?)",
            v,
        );
    }
    if let Some(v) = &f.platform {
        text(&mut sql, &mut args, " AND l.source_platform = $?", v);
    }
    if let Some(v) = f.source {
        text(&mut sql, &mut args, " AND l.source = $?", v.as_str());
    }
    if let Some(v) = &f.contact {
        args.push(Cell::Text(Some(v.clone())));
        let n = args.len() + 1;
        sql.push_str(&format!(" AND (l.phone = ${n} OR l.handle = ${n})"));
    }
    for group in f.tag_groups.iter().filter(|g| !g.is_empty()) {
        let first = args.len() + 2;
        args.extend(group.iter().map(|t| Cell::Text(Some(t.clone()))));
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM kos_lead_tags g WHERE g.brand_id = l.brand_id AND g.lead_id = l.id \
             AND g.tag_id IN ({}))",
            params(first, group.len())
        ));
    }
    for (v, op) in [(f.from, ">="), (f.until, "<")] {
        if let Some(v) = v {
            args.push(Cell::Int(Some(v)));
            sql.push_str(&format!(" AND l.created_at {op} ${}", args.len() + 1));
        }
    }
    (sql, args)
}

/// `$from, $from+1, …` for `n` values.
fn params(from: usize, n: usize) -> String {
    (from..from + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn bind_as<'q, T>(
    mut q: sqlx::query::QueryAs<'q, sqlx::Any, T, sqlx::any::AnyArguments>,
    args: Vec<Cell>,
) -> sqlx::query::QueryAs<'q, sqlx::Any, T, sqlx::any::AnyArguments> {
    for a in args {
        q = match a {
            Cell::Int(v) => q.bind(v),
            Cell::Text(v) => q.bind(v),
        };
    }
    q
}

/// Fills in the tag ids of `leads`.
async fn with_tags(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    mut leads: Vec<LeadRow>,
) -> Result<Vec<LeadRow>> {
    if leads.is_empty() {
        return Ok(leads);
    }
    let sql = format!(
        "SELECT lead_id, tag_id FROM kos_lead_tags WHERE brand_id = $1 AND lead_id IN ({}) ORDER BY tag_id",
        params(2, leads.len())
    );
    let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql)).bind(brand);
    for l in &leads {
        q = q.bind(l.id.clone());
    }
    let pairs = q.fetch_all(&mut *conn).await?;
    for l in &mut leads {
        l.tags = pairs
            .iter()
            .filter(|(lead, _)| *lead == l.id)
            .map(|(_, t)| t.clone())
            .collect();
    }
    Ok(leads)
}

async fn lead_in(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    scope: &KosScope,
    id: &str,
) -> Result<LeadRow> {
    let (s, a) = scope_sql(scope, "l", 3);
    let sql = format!("SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE l.brand_id = $1 AND l.id = $2{s}");
    let mut q = sqlx::query_as::<_, LeadRow>(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id);
    if let Some(a) = a {
        q = q.bind(a);
    }
    let row = one(q.fetch_optional(&mut *conn).await?)?;
    Ok(with_tags(conn, brand, vec![row]).await?.remove(0))
}

/// Takes the lead's row (the write first: SQLite's lock, PostgreSQL's row
/// lock) if it is in `scope`; its stage.
async fn lock_lead(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    scope: &KosScope,
    id: &str,
) -> Result<LeadStage> {
    let (s, a) = scope_sql(scope, "kos_leads", 3);
    let sql = format!(
        "UPDATE kos_leads SET stage_at = stage_at WHERE brand_id = $1 AND id = $2{s} RETURNING stage"
    );
    let mut q = sqlx::query_scalar::<_, String>(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(id);
    if let Some(a) = a {
        q = q.bind(a);
    }
    let stage = one(q.fetch_optional(&mut *conn).await?)?;
    stage
        .parse()
        .map_err(|e: rules::UnknownWord| StoreError::Corrupt(e.to_string()))
}

/// Checks that `staff` may apply every tag of `tags` (brand tags and their
/// own personal ones) and writes them as the lead's tags.
async fn put_tags(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    lead: &str,
    tags: &[String],
    staff: &str,
) -> Result<()> {
    sqlx::query("DELETE FROM kos_lead_tags WHERE brand_id = $1 AND lead_id = $2")
        .bind(brand)
        .bind(lead)
        .execute(&mut *conn)
        .await?;
    let mut tags: Vec<&String> = tags.iter().collect();
    tags.sort();
    tags.dedup();
    if tags.is_empty() {
        return Ok(());
    }
    let sql = format!(
        "SELECT COUNT(*) FROM kos_tags WHERE brand_id = $1 AND (staff_id = '' OR staff_id = $2) AND id IN ({})",
        params(3, tags.len())
    );
    let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(sql))
        .bind(brand)
        .bind(staff);
    for t in &tags {
        q = q.bind(t.as_str());
    }
    if q.fetch_one(&mut *conn).await? != tags.len() as i64 {
        return Err(StoreError::Conflict("tag_unknown"));
    }
    let mut rows: Vec<Vec<Cell>> = tags
        .iter()
        .map(|t| {
            vec![
                Cell::Text(Some(brand.to_string())),
                Cell::Text(Some(lead.to_string())),
                Cell::Text(Some(t.to_string())),
            ]
        })
        .collect();
    insert_rows(
        conn,
        "kos_lead_tags",
        &["brand_id", "lead_id", "tag_id"],
        &mut rows,
        "",
    )
    .await?;
    Ok(())
}

async fn insert_event(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    lead: &str,
    (from, to): (Option<LeadStage>, LeadStage),
    by: &LeadActor,
    at: i64,
    amount_fen: Option<i64>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO kos_lead_events (brand_id, id, lead_id, from_stage, to_stage, actor_kind, actor_id, at, amount_fen) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(brand)
    .bind(new_id())
    .bind(lead)
    .bind(from.map(|s| s.as_str()))
    .bind(to.as_str())
    .bind(by.kind())
    .bind(by.id())
    .bind(at)
    .bind(amount_fen)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

async fn insert_lead(conn: &mut sqlx::AnyConnection, brand: &str, l: &NewLead) -> Result<()> {
    sqlx::query(
        "INSERT INTO kos_leads (brand_id, id, staff_id, store_id, source, source_platform, source_note_id, \
           template_id, handle, phone, consent, consent_at, stage, stage_at, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14)",
    )
    .bind(brand)
    .bind(&l.id)
    .bind(&l.staff_id)
    .bind(&l.store_id)
    .bind(l.source.as_str())
    .bind(&l.source_platform)
    .bind(&l.source_note_id)
    .bind(&l.template_id)
    .bind(&l.handle)
    .bind(&l.phone)
    .bind(i64::from(l.consent))
    .bind(l.consent.then_some(l.at))
    .bind(l.stage.as_str())
    .bind(l.at)
    .execute(&mut *conn)
    .await
    .map_err(unique_as("lead_exists"))?;
    insert_event(conn, brand, &l.id, (None, l.stage), &l.by, l.at, None).await
}

/// Blanks the contact of the leads `ids` (and drops their tags and any
/// kept answer naming them), keeping stage and dates for the funnels.
async fn blank_leads(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    ids: &[String],
    at: i64,
) -> Result<()> {
    for id in ids {
        for sql in [
            "UPDATE kos_leads SET handle = '', phone = '', erased_at = COALESCE(erased_at, $3) \
             WHERE brand_id = $1 AND id = $2",
            "DELETE FROM kos_lead_tags WHERE brand_id = $1 AND lead_id = $2 AND $3 = $3",
            // A staff member's kept answer to adding the lead holds its
            // contact. Ids are hex: no LIKE wildcards.
            "DELETE FROM idempotency_keys WHERE brand_id = $1 AND body LIKE '%' || $2 || '%' AND $3 = $3",
        ] {
            sqlx::query(sql)
                .bind(brand)
                .bind(id)
                .bind(at)
                .execute(&mut *conn)
                .await?;
        }
    }
    Ok(())
}

/// Erases the leads holding `phone`, inside a member's erasure (the phone
/// normalised as members' are).
pub(crate) async fn erase_leads_by_phone(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    phone: &str,
    at: i64,
) -> Result<()> {
    if phone.is_empty() {
        return Ok(());
    }
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM kos_leads WHERE brand_id = $1 AND phone = $2")
            .bind(brand)
            .bind(phone)
            .fetch_all(&mut *conn)
            .await?;
    blank_leads(conn, brand, &ids, at).await
}

/// The active colleagues of `store` (not left), by id, with their on-duty
/// flag.
async fn store_staff(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    store: &str,
    except: &str,
) -> Result<Vec<(String, bool)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT f.id, COALESCE(d.on_duty, 0) FROM kos_staff f \
         LEFT JOIN kos_duty d ON d.brand_id = f.brand_id AND d.staff_id = f.id \
         WHERE f.brand_id = $1 AND f.store_id = $2 AND f.left_on IS NULL AND f.id <> $3 ORDER BY f.id",
    )
    .bind(brand)
    .bind(store)
    .bind(except)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows.into_iter().map(|(id, on)| (id, on != 0)).collect())
}

/// The colleague after `last` in `ids` (sorted), wrapping around.
fn next_after<'a>(ids: &[&'a str], last: &str) -> Option<&'a str> {
    ids.iter()
        .find(|id| **id > last)
        .or_else(|| ids.first())
        .copied()
}

/// Hands `from_staff`'s leads to a colleague or, in turn, to a store's
/// active staff, inside the caller's transaction (the organisation's
/// leaving); the old owner's personal tags come off them. Audited as
/// `kos_leads.hand_over` by operator `by`. The number of leads moved.
/// `NotFound` for a colleague who is not active or has no store;
/// `Conflict("store_has_no_staff")`.
pub(crate) async fn hand_over_leads(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    from_staff: &str,
    to: &LeadsTo,
    by: &str,
    at: i64,
) -> Result<u64> {
    let leads: Vec<String> = sqlx::query_scalar(
        "SELECT id FROM kos_leads WHERE brand_id = $1 AND staff_id = $2 ORDER BY id",
    )
    .bind(brand)
    .bind(from_staff)
    .fetch_all(&mut *conn)
    .await?;
    let targets: Vec<(String, String)> = match to {
        LeadsTo::Staff(s) => {
            let store: Option<Option<String>> = sqlx::query_scalar(
                "SELECT store_id FROM kos_staff WHERE brand_id = $1 AND id = $2 AND left_on IS NULL",
            )
            .bind(brand)
            .bind(s)
            .fetch_optional(&mut *conn)
            .await?;
            let store = store.flatten().ok_or(StoreError::NotFound)?;
            if s == from_staff {
                return Err(StoreError::NotFound);
            }
            vec![(s.clone(), store)]
        }
        LeadsTo::Store(store) => {
            let staff = store_staff(conn, brand, store, from_staff).await?;
            if staff.is_empty() {
                return Err(StoreError::Conflict("store_has_no_staff"));
            }
            staff
                .into_iter()
                .map(|(id, _)| (id, store.clone()))
                .collect()
        }
    };
    sqlx::query(
        "DELETE FROM kos_lead_tags WHERE brand_id = $1 AND lead_id IN \
           (SELECT id FROM kos_leads WHERE brand_id = $1 AND staff_id = $2) \
         AND tag_id IN (SELECT id FROM kos_tags WHERE brand_id = $1 AND staff_id = $2)",
    )
    .bind(brand)
    .bind(from_staff)
    .execute(&mut *conn)
    .await?;
    for (i, lead) in leads.iter().enumerate() {
        let (staff, store) = &targets[i % targets.len()];
        sqlx::query(
            "UPDATE kos_leads SET staff_id = $3, store_id = $4 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(lead)
        .bind(staff)
        .bind(store)
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query(
        "UPDATE kos_duty SET on_duty = 0, changed_at = $3 WHERE brand_id = $1 AND staff_id = $2",
    )
    .bind(brand)
    .bind(from_staff)
    .bind(at)
    .execute(&mut *conn)
    .await?;
    let to_json = match to {
        LeadsTo::Staff(s) => serde_json::json!({"staff_id": s, "leads": leads.len()}),
        LeadsTo::Store(s) => serde_json::json!({"store_id": s, "leads": leads.len()}),
    };
    let audit = AuditEntry::operator(
        brand,
        by,
        "kos_leads.hand_over",
        ("kos_staff", from_staff),
        at,
    )
    .after(to_json);
    insert_audit(conn, &audit).await?;
    Ok(leads.len() as u64)
}

/// The grouping key of the funnel (over `kos_leads l`, `kos_stores s`).
fn funnel_key(by: FunnelBy) -> &'static str {
    match by {
        FunnelBy::Staff => "l.staff_id",
        FunnelBy::Store => "l.store_id",
        FunnelBy::Region => "COALESCE(s.region_id, '')",
        FunnelBy::Platform => "l.source_platform",
        FunnelBy::Template => "COALESCE(l.template_id, '')",
    }
}

impl SqlStore {
    /// A funnel's lines grouped by `key` (no labels): leads at each stage
    /// now, and the time in each stage from an event to the lead's next
    /// one, the median from the two middle rows of each (group, stage).
    async fn funnel_rows(
        &self,
        brand: &str,
        key: &str,
        join_store: &str,
        more: &str,
        args: &[Cell],
    ) -> Result<Vec<FunnelRow>> {
        let args = args.to_vec();
        // 1. Leads at each stage now, per group.
        let sql = format!(
            "SELECT {key} AS k, l.stage, COUNT(*) FROM kos_leads l{join_store} \
             WHERE l.brand_id = $1{more} GROUP BY {key}, l.stage"
        );
        let counts = bind_as(
            sqlx::query_as::<_, (String, String, i64)>(sqlx::AssertSqlSafe(sql)).bind(brand),
            args.clone(),
        )
        .fetch_all(&self.pool)
        .await?;
        // 2. Time in each stage: from an event to the lead's next one, the
        // median from the two middle rows of each (group, stage).
        let sql = format!(
            "SELECT k, stage, COUNT(*), CAST(SUM(dur) AS BIGINT), \
               MIN(CASE WHEN rn = (c + 1) / 2 THEN dur END), MAX(CASE WHEN rn = (c + 2) / 2 THEN dur END) \
             FROM (SELECT k, stage, dur, ROW_NUMBER() OVER (PARTITION BY k, stage ORDER BY dur) AS rn, \
                     COUNT(*) OVER (PARTITION BY k, stage) AS c \
                   FROM (SELECT {key} AS k, e.to_stage AS stage, \
                           LEAD(e.at) OVER (PARTITION BY e.lead_id ORDER BY e.at, e.id) - e.at AS dur \
                         FROM kos_lead_events e JOIN kos_leads l ON l.brand_id = e.brand_id AND l.id = e.lead_id{join_store} \
                         WHERE e.brand_id = $1{more}) d \
                   WHERE dur IS NOT NULL) x \
             GROUP BY k, stage"
        );
        let times = bind_as(
            sqlx::query_as::<_, (String, String, i64, i64, Option<i64>, Option<i64>)>(
                sqlx::AssertSqlSafe(sql),
            )
            .bind(brand),
            args,
        )
        .fetch_all(&self.pool)
        .await?;
        let mut rows: Vec<FunnelRow> = Vec::new();
        let rank = |s: &str| -> Result<usize> {
            s.parse::<LeadStage>()
                .map(LeadStage::rank)
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        };
        fn row<'a>(rows: &'a mut Vec<FunnelRow>, k: &str) -> &'a mut FunnelRow {
            let i = match rows.iter().position(|r| r.key == k) {
                Some(i) => i,
                None => {
                    rows.push(FunnelRow {
                        key: k.to_string(),
                        ..FunnelRow::default()
                    });
                    rows.len() - 1
                }
            };
            &mut rows[i]
        }
        for (k, stage, n) in counts {
            row(&mut rows, &k).at_stage[rank(&stage)?] += n;
        }
        for (k, stage, n, total, lo, hi) in times {
            let i = rank(&stage)?;
            row(&mut rows, &k).time[i] = StageTime {
                n,
                mean_secs: if n > 0 { total / n } else { 0 },
                median_secs: (lo.unwrap_or(0) + hi.unwrap_or(0)) / 2,
            };
        }
        Ok(rows)
    }
}

#[async_trait]
impl KosLeadStore for SqlStore {
    async fn tag_groups(&self, brand: &str) -> Result<Vec<TagGroup>> {
        Ok(sqlx::query_as(
            "SELECT id, name, created_at FROM kos_tag_groups WHERE brand_id = $1 ORDER BY name, id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn tags(&self, brand: &str, staff: Option<&str>) -> Result<Vec<Tag>> {
        Ok(sqlx::query_as(
            "SELECT id, group_id, staff_id, name, created_at FROM kos_tags \
             WHERE brand_id = $1 AND (staff_id = '' OR staff_id = $2) ORDER BY group_id, name, id",
        )
        .bind(brand)
        .bind(staff.unwrap_or(""))
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_tag_group(&self, brand: &str, g: &TagGroup, by: &str) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_tag_groups (brand_id, id, name, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(brand)
        .bind(&g.id)
        .bind(&g.name)
        .bind(g.created_at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("tag_group_exists"))?;
        let audit = AuditEntry::operator(
            brand,
            by,
            "kos_tag_group.create",
            ("kos_tag_group", &g.id),
            g.created_at,
        )
        .after(serde_json::json!({"name": g.name}));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn create_tag(&self, brand: &str, t: &Tag, by: &LeadActor) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_tags (brand_id, id, group_id, staff_id, name, created_at) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(brand)
        .bind(&t.id)
        .bind(&t.group_id)
        .bind(&t.staff_id)
        .bind(&t.name)
        .bind(t.created_at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("tag_exists"))?;
        match by {
            LeadActor::Operator(op) => {
                let n: i64 = sqlx::query_scalar(
                    "SELECT COUNT(*) FROM kos_tag_groups WHERE brand_id = $1 AND id = $2",
                )
                .bind(brand)
                .bind(&t.group_id)
                .fetch_one(&mut *tx)
                .await?;
                if n == 0 || !t.staff_id.is_empty() {
                    return Err(StoreError::NotFound);
                }
                let audit = AuditEntry::operator(
                    brand,
                    op,
                    "kos_tag.create",
                    ("kos_tag", &t.id),
                    t.created_at,
                )
                .after(serde_json::json!({"group_id": t.group_id, "name": t.name}));
                insert_audit(&mut tx, &audit).await?;
            }
            LeadActor::Staff(s) if *s == t.staff_id && t.group_id.is_empty() => {}
            _ => return Err(StoreError::NotFound),
        }
        tx.commit().await?;
        Ok(())
    }

    async fn delete_tag(&self, brand: &str, id: &str, by: &LeadActor, at: i64) -> Result<()> {
        // Operators remove brand tags (owner ''), staff their own.
        let owner = match by {
            LeadActor::Staff(s) => s.as_str(),
            _ => "",
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM kos_lead_tags WHERE brand_id = $1 AND tag_id IN \
             (SELECT id FROM kos_tags WHERE brand_id = $1 AND id = $2 AND staff_id = $3)",
        )
        .bind(brand)
        .bind(id)
        .bind(owner)
        .execute(&mut *tx)
        .await?;
        let name: Option<String> = sqlx::query_scalar(
            "DELETE FROM kos_tags WHERE brand_id = $1 AND id = $2 AND staff_id = $3 RETURNING name",
        )
        .bind(brand)
        .bind(id)
        .bind(owner)
        .fetch_optional(&mut *tx)
        .await?;
        let name = one(name)?;
        if let LeadActor::Operator(op) = by {
            let audit = AuditEntry::operator(brand, op, "kos_tag.delete", ("kos_tag", id), at)
                .before(serde_json::json!({"name": name}));
            insert_audit(&mut tx, &audit).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    async fn create_lead(&self, brand: &str, l: &NewLead) -> Result<LeadRow> {
        let mut tx = self.pool.begin().await?;
        insert_lead(&mut tx, brand, l).await?;
        put_tags(&mut tx, brand, &l.id, &l.tags, &l.staff_id).await?;
        let row = lead_in(&mut tx, brand, &KosScope::Brand, &l.id).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn lead(&self, brand: &str, scope: &KosScope, id: &str) -> Result<LeadRow> {
        let mut conn = self.pool.acquire().await?;
        lead_in(&mut conn, brand, scope, id).await
    }

    async fn leads(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &LeadFilter,
        page: Page,
    ) -> Result<Vec<LeadRow>> {
        let (more, args) = filter_sql(scope, f);
        let n = args.len() + 2;
        let sql = format!(
            "SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE l.brand_id = $1{more} \
             ORDER BY l.created_at DESC, l.id DESC LIMIT ${n} OFFSET ${}",
            n + 1
        );
        let q = bind_as(
            sqlx::query_as::<_, LeadRow>(sqlx::AssertSqlSafe(sql)).bind(brand),
            args,
        )
        .bind(page.limit)
        .bind(page.offset);
        let mut conn = self.pool.acquire().await?;
        let rows = q.fetch_all(&mut *conn).await?;
        with_tags(&mut conn, brand, rows).await
    }

    async fn count_leads(&self, brand: &str, scope: &KosScope, f: &LeadFilter) -> Result<i64> {
        let (more, args) = filter_sql(scope, f);
        let sql = format!("SELECT COUNT(*) FROM kos_leads l WHERE l.brand_id = $1{more}");
        let q = bind_as(
            sqlx::query_as::<_, (i64,)>(sqlx::AssertSqlSafe(sql)).bind(brand),
            args,
        );
        Ok(q.fetch_one(&self.pool).await?.0)
    }

    async fn move_lead(
        &self,
        brand: &str,
        scope: &KosScope,
        id: &str,
        m: &LeadMove,
    ) -> Result<LeadRow> {
        let (to, amount_fen, by, at) = (m.to, m.amount_fen, &m.by, m.at);
        let mut tx = self.pool.begin().await?;
        let from = lock_lead(&mut tx, brand, scope, id).await?;
        rules::kos_leads::check_move(from, to, amount_fen).map_err(|r| match r {
            rules::kos_leads::MoveRefusal::NotForward => StoreError::Conflict("lead_stage_invalid"),
            rules::kos_leads::MoveRefusal::Amount => StoreError::Conflict("lead_amount_invalid"),
        })?;
        sqlx::query(
            "UPDATE kos_leads SET stage = $3, stage_at = $4 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(to.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await?;
        insert_event(&mut tx, brand, id, (Some(from), to), by, at, amount_fen).await?;
        let row = lead_in(&mut tx, brand, &KosScope::Brand, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn set_lead_tags(
        &self,
        brand: &str,
        scope: &KosScope,
        id: &str,
        tags: &[String],
        staff: &str,
    ) -> Result<LeadRow> {
        let mut tx = self.pool.begin().await?;
        lock_lead(&mut tx, brand, scope, id).await?;
        put_tags(&mut tx, brand, id, tags, staff).await?;
        let row = lead_in(&mut tx, brand, &KosScope::Brand, id).await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn lead_events(&self, brand: &str, scope: &KosScope, id: &str) -> Result<Vec<LeadEvent>> {
        let mut conn = self.pool.acquire().await?;
        lead_in(&mut conn, brand, scope, id).await?;
        Ok(sqlx::query_as(
            "SELECT id, lead_id, from_stage, to_stage, actor_kind, actor_id, at, amount_fen FROM kos_lead_events \
             WHERE brand_id = $1 AND lead_id = $2 ORDER BY at, id",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&mut *conn)
        .await?)
    }

    async fn funnel(
        &self,
        brand: &str,
        scope: &KosScope,
        by: FunnelBy,
        from: Option<i64>,
        until: Option<i64>,
    ) -> Result<Funnel> {
        let f = LeadFilter {
            from,
            until,
            ..LeadFilter::default()
        };
        let (more, args) = filter_sql(scope, &f);
        let join_store = if by == FunnelBy::Region {
            " LEFT JOIN kos_stores s ON s.brand_id = l.brand_id AND s.id = l.store_id"
        } else {
            ""
        };
        let mut rows = self
            .funnel_rows(brand, funnel_key(by), join_store, &more, &args)
            .await?;
        // The total: the same two queries over one group (the brand), so
        // its median is the true one, not one made of the groups'.
        let total = self
            .funnel_rows(brand, "l.brand_id", "", &more, &args)
            .await?
            .pop()
            .unwrap_or_default();
        // Labels: names of staff, stores and regions (platforms and
        // templates are their own labels).
        let names: Vec<(String, String)> = match by {
            FunnelBy::Staff => {
                sqlx::query_as("SELECT id, name FROM kos_staff WHERE brand_id = $1")
                    .bind(brand)
                    .fetch_all(&self.pool)
                    .await?
            }
            FunnelBy::Store => {
                sqlx::query_as("SELECT id, name FROM kos_stores WHERE brand_id = $1")
                    .bind(brand)
                    .fetch_all(&self.pool)
                    .await?
            }
            FunnelBy::Region => {
                sqlx::query_as("SELECT id, name FROM kos_regions WHERE brand_id = $1")
                    .bind(brand)
                    .fetch_all(&self.pool)
                    .await?
            }
            FunnelBy::Platform | FunnelBy::Template => Vec::new(),
        };
        for r in &mut rows {
            r.label = names
                .iter()
                .find(|(id, _)| *id == r.key)
                .map_or_else(|| r.key.clone(), |(_, n)| n.clone());
        }
        rows.sort_by(|a, b| {
            b.at_stage
                .iter()
                .sum::<i64>()
                .cmp(&a.at_stage.iter().sum())
                .then(a.key.cmp(&b.key))
        });
        Ok(Funnel {
            rows,
            total: FunnelRow {
                key: String::new(),
                label: String::new(),
                ..total
            },
        })
    }

    async fn walk_in(&self, brand: &str, w: &WalkIn) -> Result<(LeadRow, bool)> {
        let mut tx = self.pool.begin().await?;
        // The address's count first (the write that takes SQLite's lock):
        // past the day's cap, nothing is written.
        let day = w.at.div_euclid(86_400);
        let n: i64 = sqlx::query_scalar(
            "INSERT INTO kos_walk_in_limits (brand_id, key, day, walk_ins) VALUES ($1, $2, $3, 1) \
             ON CONFLICT (brand_id, key) DO UPDATE SET \
               walk_ins = CASE WHEN kos_walk_in_limits.day = $3 THEN kos_walk_in_limits.walk_ins + 1 ELSE 1 END, \
               day = $3 \
             RETURNING walk_ins",
        )
        .bind(brand)
        .bind(&w.client_key)
        .bind(day)
        .fetch_one(&mut *tx)
        .await?;
        if n > w.daily_limit {
            tx.rollback().await?;
            return Err(StoreError::Conflict("walk_ins_exhausted"));
        }
        let (staff, store, source) = match &w.code {
            LeadCode::Store(store) => {
                // The turn row first (an open store's): the lock
                // simultaneous walk-ins of this store queue on.
                let taken = sqlx::query(
                    "INSERT INTO kos_live_turns (brand_id, store_id, last_staff_id, turns) \
                     SELECT brand_id, id, '', 0 FROM kos_stores WHERE brand_id = $1 AND id = $2 AND status = 'open' \
                     ON CONFLICT (brand_id, store_id) DO UPDATE SET turns = kos_live_turns.turns + 1",
                )
                .bind(brand)
                .bind(store)
                .execute(&mut *tx)
                .await?;
                if taken.rows_affected() == 0 {
                    return Err(StoreError::NotFound);
                }
                let last: String = sqlx::query_scalar(
                    "SELECT last_staff_id FROM kos_live_turns WHERE brand_id = $1 AND store_id = $2",
                )
                .bind(brand)
                .bind(store)
                .fetch_one(&mut *tx)
                .await?;
                let staff = store_staff(&mut tx, brand, store, "").await?;
                let on: Vec<&str> = staff.iter().filter(|s| s.1).map(|s| s.0.as_str()).collect();
                let all: Vec<&str> = staff.iter().map(|s| s.0.as_str()).collect();
                let pool = if on.is_empty() { all } else { on };
                let next = next_after(&pool, &last)
                    .ok_or(StoreError::Conflict("store_has_no_staff"))?
                    .to_string();
                sqlx::query(
                    "UPDATE kos_live_turns SET last_staff_id = $3 WHERE brand_id = $1 AND store_id = $2",
                )
                .bind(brand)
                .bind(store)
                .bind(&next)
                .execute(&mut *tx)
                .await?;
                (next, store.clone(), LeadSource::LiveCode)
            }
            LeadCode::Staff(staff) => {
                // A write first (SQLite's lock), then the staff member.
                sqlx::query(
                    "UPDATE kos_duty SET on_duty = on_duty WHERE brand_id = $1 AND staff_id = $2",
                )
                .bind(brand)
                .bind(staff)
                .execute(&mut *tx)
                .await?;
                let store: Option<Option<String>> = sqlx::query_scalar(
                    "SELECT store_id FROM kos_staff WHERE brand_id = $1 AND id = $2 AND left_on IS NULL",
                )
                .bind(brand)
                .bind(staff)
                .fetch_optional(&mut *tx)
                .await?;
                let store = store.flatten().ok_or(StoreError::NotFound)?;
                (staff.clone(), store, LeadSource::PersonalCode)
            }
        };
        let lead = NewLead {
            id: w.id.clone(),
            staff_id: staff,
            store_id: store,
            source,
            source_platform: String::new(),
            source_note_id: None,
            template_id: None,
            handle: w.handle.clone(),
            phone: w.phone.clone(),
            consent: true,
            stage: LeadStage::Contacted,
            tags: Vec::new(),
            by: LeadActor::System("walk_in".into()),
            at: w.at,
        };
        match insert_lead(&mut tx, brand, &lead).await {
            Ok(()) => {
                let row = lead_in(&mut tx, brand, &KosScope::Brand, &w.id).await?;
                tx.commit().await?;
                Ok((row, true))
            }
            // The phone is a lead already (a second scan): that one, and
            // the turn is not spent.
            Err(StoreError::Conflict("lead_exists")) => {
                tx.rollback().await?;
                let id: String = sqlx::query_scalar(
                    "SELECT id FROM kos_leads WHERE brand_id = $1 AND phone = $2 AND phone <> ''",
                )
                .bind(brand)
                .bind(&w.phone)
                .fetch_one(&self.pool)
                .await?;
                Ok((self.lead(brand, &KosScope::Brand, &id).await?, false))
            }
            Err(e) => Err(e),
        }
    }

    async fn set_on_duty(&self, brand: &str, staff: &str, on: bool, at: i64) -> Result<()> {
        sqlx::query(
            "INSERT INTO kos_duty (brand_id, staff_id, on_duty, changed_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (brand_id, staff_id) DO UPDATE SET on_duty = $3, changed_at = $4",
        )
        .bind(brand)
        .bind(staff)
        .bind(i64::from(on))
        .bind(at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    async fn on_duty(&self, brand: &str, staff: &str) -> Result<bool> {
        let on: Option<i64> = sqlx::query_scalar(
            "SELECT on_duty FROM kos_duty WHERE brand_id = $1 AND staff_id = $2",
        )
        .bind(brand)
        .bind(staff)
        .fetch_optional(&self.pool)
        .await?;
        Ok(on.unwrap_or(0) != 0)
    }

    async fn erase_lead(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        lock_lead(&mut tx, brand, &KosScope::Brand, id).await?;
        blank_leads(&mut tx, brand, &[id.to_string()], at).await?;
        let audit = AuditEntry::operator(brand, by, "kos_lead.erase", ("kos_lead", id), at);
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn leads_by_phone(&self, brand: &str, phone: &str) -> Result<Vec<LeadRow>> {
        if phone.is_empty() {
            return Ok(Vec::new());
        }
        let sql =
            format!("SELECT {LEAD_COLUMNS} {LEAD_FROM} WHERE l.brand_id = $1 AND l.phone = $2");
        let mut conn = self.pool.acquire().await?;
        let rows = sqlx::query_as::<_, LeadRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(phone)
            .fetch_all(&mut *conn)
            .await?;
        with_tags(&mut conn, brand, rows).await
    }

    async fn hand_over_staff_leads(
        &self,
        brand: &str,
        from_staff: &str,
        to: &LeadsTo,
        by: &str,
        at: i64,
    ) -> Result<u64> {
        let mut tx = self.pool.begin().await?;
        // The write first (SQLite's lock): the leaving staff member's leads.
        sqlx::query(
            "UPDATE kos_leads SET staff_id = staff_id WHERE brand_id = $1 AND staff_id = $2 AND $3 = $3",
        )
        .bind(brand)
        .bind(from_staff)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        let n = hand_over_leads(&mut tx, brand, from_staff, to, by, at).await?;
        tx.commit().await?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn turns_go_round() {
        let ids = ["a", "b", "c"];
        assert_eq!(next_after(&ids, ""), Some("a"));
        assert_eq!(next_after(&ids, "a"), Some("b"));
        assert_eq!(next_after(&ids, "c"), Some("a"));
        // The last one left the store: the next after where they were.
        assert_eq!(next_after(&["a", "c"], "b"), Some("c"));
        assert_eq!(next_after(&[], "b"), None);
    }

    #[test]
    fn reached_sums_later_stages() {
        let r = FunnelRow {
            at_stage: [5, 3, 0, 2, 1, 1],
            ..FunnelRow::default()
        };
        assert_eq!(r.reached(), [12, 7, 4, 4, 2, 1]);
    }
}

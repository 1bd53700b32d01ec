//! The KOS organisation's people work (issue 17, org area), on top of the
//! foundation's regions, stores and staff (`kos_org`): paged, filtered and
//! scoped lists; edits; moves between stores and leaving with the dates
//! kept (`kos_staff_moves`); the hand-over on leaving (one transaction
//! with the accounts' and leads' hand-overs); CSV imports of stores and
//! staff, idempotent by store code and phone; the competency profiles of
//! the KOS roles with self and manager ratings; the persona checklist.
//!
//! Every list is one page of a SQL query filtered in SQL, with its count;
//! a record outside the caller's [`KosScope`] is `NotFound`.

use crate::*;
use async_trait::async_trait;
use rules::{KosRole, KosScope, StaffRole};

/// What the staff list narrows by; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StaffFilter {
    pub region_id: Option<String>,
    pub store_id: Option<String>,
    pub role: Option<StaffRole>,
    pub kos_role: Option<KosRole>,
    /// `Some(false)`: working; `Some(true)`: left; `None`: everyone.
    pub left: Option<bool>,
    /// A name, employee number or (normalised) phone, contained.
    pub q: Option<String>,
}

/// One staff member as the lists show them: where they work and their
/// persona's state.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffListRow {
    pub id: String,
    pub name: String,
    pub phone: String,
    #[sqlx(try_from = "String")]
    pub role: StaffRole,
    #[sqlx(try_from = "String")]
    pub kos_role: KosRole,
    pub region_id: String,
    pub region_name: String,
    pub store_id: Option<String>,
    pub store_code: Option<String>,
    pub store_name: Option<String>,
    pub employee_no: String,
    pub joined_on: String,
    pub left_on: Option<String>,
    pub real_name: Option<i64>,
    pub photo_upload_id: Option<String>,
    pub store_in_profile: Option<i64>,
    pub location_in_notes: Option<i64>,
    pub reply_habits: Option<i64>,
}

impl StaffListRow {
    pub fn persona(&self) -> rules::persona::Persona {
        let yes = |v: Option<i64>| v == Some(1);
        rules::persona::Persona {
            real_name: yes(self.real_name),
            photo: self.photo_upload_id.is_some(),
            store_in_profile: yes(self.store_in_profile),
            location_in_notes: yes(self.location_in_notes),
            reply_habits: yes(self.reply_habits),
        }
    }
}

/// A page of the staff list and how many match in all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffPage {
    pub rows: Vec<StaffListRow>,
    pub total: i64,
}

/// A store as the organisation list shows it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoreListRow {
    pub id: String,
    pub region_id: String,
    pub region_name: String,
    pub code: String,
    pub name: String,
    pub city: String,
    pub address: String,
    pub status: String,
    /// Staff working there now.
    pub staff: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StorePage {
    pub rows: Vec<StoreListRow>,
    pub total: i64,
}

/// What the store list narrows by.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StoreFilter {
    pub region_id: Option<String>,
    /// `open` or `closed`.
    pub status: Option<String>,
    /// A code, name or city, contained.
    pub q: Option<String>,
}

/// A store's editable fields (`code` stays: it is the import's key).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreEdit {
    pub region_id: String,
    pub name: String,
    pub city: String,
    pub address: String,
    /// `open` or `closed`.
    pub status: String,
}

/// A staff member's editable fields (where they work changes by a move).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffEdit {
    pub name: String,
    /// Normalised.
    pub phone: String,
    pub role: StaffRole,
    pub kos_role: KosRole,
    pub employee_no: String,
}

/// A dated line of a staff member's history.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffMove {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kind: rules::StaffMoveKind,
    pub from_store_id: Option<String>,
    pub to_store_id: Option<String>,
    pub on_date: String,
    pub decided_by: String,
    pub created_at: i64,
}

/// Who takes over a leaving staff member's accounts and leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HandOver {
    /// A colleague (a working staff member of the brand).
    Colleague(String),
    /// Their store (its manager and staff share them).
    Store(String),
}

/// One row of a store import, already parsed (code trimmed, upper-cased).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoreImportRow {
    pub line: i64,
    pub code: String,
    pub name: String,
    /// The region by name: created when the brand has none of that name.
    pub region: String,
    pub city: String,
    pub address: String,
}

/// One row of a staff import, already parsed (phone normalised).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffImportRow {
    pub line: i64,
    pub phone: String,
    pub name: String,
    pub role: StaffRole,
    pub kos_role: KosRole,
    /// The store by its code; empty for a regional manager.
    pub store_code: String,
    /// A regional manager's region by name (others: their store's).
    pub region: String,
    pub employee_no: String,
    pub joined_on: String,
}

/// What an import did: rows created, changed, already so, and the rows
/// refused with their line and stable code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportOutcome {
    pub created: i64,
    pub updated: i64,
    pub unchanged: i64,
    pub refused: Vec<(i64, &'static str)>,
}

/// A competency of a KOS role's profile.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Competency {
    pub id: String,
    #[sqlx(try_from = "String")]
    pub kos_role: KosRole,
    pub name: String,
    pub description: String,
    pub position: i64,
}

/// A staff member's ratings on one competency of their role.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CompetencyRating {
    pub competency_id: String,
    pub name: String,
    pub description: String,
    pub self_score: Option<i64>,
    pub manager_score: Option<i64>,
    pub manager_at: Option<i64>,
}

/// Who rates: the staff member themself or a manager / operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Rater<'a> {
    Own,
    Manager(&'a str),
}

/// The persona checklist's stored state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonaRecord {
    pub real_name: bool,
    pub photo_upload_id: Option<String>,
    pub store_in_profile: bool,
    pub location_in_notes: bool,
    pub reply_habits: bool,
    pub updated_at: Option<i64>,
}

impl PersonaRecord {
    pub fn persona(&self) -> rules::persona::Persona {
        rules::persona::Persona {
            real_name: self.real_name,
            photo: self.photo_upload_id.is_some(),
            store_in_profile: self.store_in_profile,
            location_in_notes: self.location_in_notes,
            reply_habits: self.reply_habits,
        }
    }
}

const LIST_SELECT: &str = "SELECT s.id, s.name, s.phone, s.role, s.kos_role, s.region_id, r.name AS region_name, \
     s.store_id, ks.code AS store_code, ks.name AS store_name, s.employee_no, s.joined_on, s.left_on, \
     p.real_name, p.photo_upload_id, p.store_in_profile, p.location_in_notes, p.reply_habits \
     FROM kos_staff s \
     JOIN kos_regions r ON r.brand_id = s.brand_id AND r.id = s.region_id \
     LEFT JOIN kos_stores ks ON ks.brand_id = s.brand_id AND ks.id = s.store_id \
     LEFT JOIN kos_personas p ON p.brand_id = s.brand_id AND p.staff_id = s.id";

/// The condition keeping `kos_staff s` rows inside `scope`, binding `$n`.
fn staff_scope(scope: &KosScope, n: usize) -> (String, Option<String>) {
    match scope {
        KosScope::Brand => (String::new(), None),
        KosScope::Region(r) => (format!(" AND s.region_id = ${n}"), Some(r.clone())),
        KosScope::Store(st) => (format!(" AND s.store_id = ${n}"), Some(st.clone())),
        KosScope::Own { staff, .. } => (format!(" AND s.id = ${n}"), Some(staff.clone())),
    }
}

/// `WHERE` text and binds (after `$1` = brand) of a staff filter in scope.
fn staff_where(scope: &KosScope, f: &StaffFilter) -> (String, Vec<String>) {
    let mut cond = " WHERE s.brand_id = $1".to_string();
    let mut args: Vec<String> = Vec::new();
    let mut add = |cond: &mut String, text: &str, v: String| {
        args.push(v);
        cond.push_str(&text.replace("$?", &format!("${}", args.len() + 1)));
    };
    let (c, a) = staff_scope(scope, 2);
    if let Some(a) = a {
        add(&mut cond, &c.replace("$2", "$?"), a);
    }
    if let Some(r) = &f.region_id {
        add(&mut cond, " AND s.region_id = $?", r.clone());
    }
    if let Some(st) = &f.store_id {
        add(&mut cond, " AND s.store_id = $?", st.clone());
    }
    if let Some(role) = f.role {
        add(&mut cond, " AND s.role = $?", role.as_str().to_string());
    }
    if let Some(k) = f.kos_role {
        add(&mut cond, " AND s.kos_role = $?", k.as_str().to_string());
    }
    match f.left {
        Some(false) => cond.push_str(" AND s.left_on IS NULL"),
        Some(true) => cond.push_str(" AND s.left_on IS NOT NULL"),
        None => {}
    }
    if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
        let like = format!("%{}%", q.replace(['%', '_'], ""));
        add(
            &mut cond,
            " AND (s.name LIKE $? OR s.employee_no LIKE $? OR s.phone LIKE $?)",
            like,
        );
    }
    (cond, args)
}

/// The people work of the organisation. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosPeopleStore: Send + Sync {
    /// A page of the staff inside `scope` matching `f`, by store code then
    /// name, with the count of all that match.
    async fn staff_page(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &StaffFilter,
        page: Page,
    ) -> Result<StaffPage>;
    /// One staff member inside `scope` as the lists show them.
    async fn staff_row(&self, brand: &str, scope: &KosScope, id: &str) -> Result<StaffListRow>;
    /// A page of the brand's stores with their working staff count.
    async fn store_page(&self, brand: &str, f: &StoreFilter, page: Page) -> Result<StorePage>;
    /// Renames a region (audited). `Conflict("region_name_taken")`.
    async fn rename_region(
        &self,
        brand: &str,
        id: &str,
        name: &str,
        by: &str,
        at: i64,
    ) -> Result<()>;
    /// Saves a store's fields (audited with before and after).
    async fn edit_kos_store(
        &self,
        brand: &str,
        id: &str,
        e: &StoreEdit,
        by: &str,
        at: i64,
    ) -> Result<KosStoreRow>;
    /// Saves a staff member's fields (audited). A regional manager keeps
    /// no store and a store's people keep theirs: changing the role
    /// across that line is a move (`Conflict("staff_role_needs_move")`).
    async fn edit_staff(
        &self,
        brand: &str,
        id: &str,
        e: &StaffEdit,
        by: &str,
        at: i64,
    ) -> Result<StaffRow>;
    /// Moves a working staff member to another store on `on_date` (dated
    /// in `kos_staff_moves`, audited); their region follows the store.
    /// `Conflict("staff_left")`, `Conflict("same_store")`.
    async fn move_staff(
        &self,
        brand: &str,
        id: &str,
        to_store: &str,
        on_date: &str,
        by: &str,
        at: i64,
    ) -> Result<StaffRow>;
    /// A staff member leaves on `on_date`, in one transaction: marked
    /// left, the `left` line, their sessions ended, their accounts and
    /// leads handed over to `to` (a working colleague of the brand or a
    /// store); audited. `Conflict("staff_left")`, `Conflict("hand_over_to_self")`;
    /// `NotFound` for an unknown colleague or store.
    async fn leave_staff(
        &self,
        brand: &str,
        id: &str,
        on_date: &str,
        to: &HandOver,
        by: &str,
        at: i64,
    ) -> Result<StaffRow>;
    /// A staff member who left works again from `on_date`, at `store`.
    async fn rejoin_staff(
        &self,
        brand: &str,
        id: &str,
        store: &str,
        on_date: &str,
        by: &str,
        at: i64,
    ) -> Result<StaffRow>;
    /// The dated history of a staff member, oldest first.
    async fn staff_moves(&self, brand: &str, id: &str) -> Result<Vec<StaffMove>>;
    /// Creates the stores not yet known by code and updates the others
    /// (regions created by name as needed), in one transaction; audited.
    async fn import_stores(
        &self,
        brand: &str,
        rows: &[StoreImportRow],
        by: &str,
        at: i64,
    ) -> Result<ImportOutcome>;
    /// Creates the staff not yet known by phone (no password: they sign in
    /// with a code) and updates name, roles, employee number of the others
    /// (a changed store is a move dated the import's `today`); rows naming
    /// an unknown store or region are refused with their line. One
    /// transaction; audited.
    async fn import_staff(
        &self,
        brand: &str,
        rows: &[StaffImportRow],
        today: &str,
        by: &str,
        at: i64,
    ) -> Result<ImportOutcome>;
    /// The brand's competencies, by role and position.
    async fn competencies(&self, brand: &str) -> Result<Vec<Competency>>;
    /// Adds a competency at the end of its role's profile (audited).
    /// `Conflict("competency_name_taken")`.
    async fn add_competency(
        &self,
        brand: &str,
        role: KosRole,
        name: &str,
        description: &str,
        by: &str,
        at: i64,
    ) -> Result<Competency>;
    /// Removes a competency and its ratings (audited).
    async fn remove_competency(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()>;
    /// A staff member's ratings on their role's competencies (unrated ones
    /// with no scores), in profile order.
    async fn competency_ratings(&self, brand: &str, staff: &str) -> Result<Vec<CompetencyRating>>;
    /// Rates `staff` on `competency` (of their role) 1–5, as themself or as
    /// a manager. `NotFound` for a competency of another role.
    async fn rate_competency(
        &self,
        brand: &str,
        staff: &str,
        competency: &str,
        score: rules::persona::Rating,
        rater: Rater<'_>,
        at: i64,
    ) -> Result<()>;
    /// The persona checklist's state (all unticked before the first save).
    async fn persona(&self, brand: &str, staff: &str) -> Result<PersonaRecord>;
    /// Saves the checklist. A photo must be an upload of the staff member
    /// (`NotFound` otherwise).
    async fn save_persona(
        &self,
        brand: &str,
        staff: &str,
        p: &PersonaRecord,
        at: i64,
    ) -> Result<()>;
}

/// Where the hand-over lands, for the accounts' and leads' hand-overs.
/// The colleague must work for the brand (not left) and not be the one
/// leaving; the store must be the brand's.
async fn check_hand_over(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    from: &str,
    to: &HandOver,
) -> Result<()> {
    match to {
        HandOver::Colleague(c) if c == from => Err(StoreError::Conflict("hand_over_to_self")),
        HandOver::Colleague(c) => {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM kos_staff WHERE brand_id = $1 AND id = $2 AND left_on IS NULL",
            )
            .bind(brand)
            .bind(c)
            .fetch_one(conn)
            .await?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
        HandOver::Store(s) => {
            let n: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM kos_stores WHERE brand_id = $1 AND id = $2",
            )
            .bind(brand)
            .bind(s)
            .fetch_one(conn)
            .await?;
            if n == 0 {
                return Err(StoreError::NotFound);
            }
            Ok(())
        }
    }
}

#[allow(clippy::too_many_arguments)]
async fn insert_move(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    staff: &str,
    kind: rules::StaffMoveKind,
    from_to: (Option<&str>, Option<&str>),
    on_date: &str,
    by: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO kos_staff_moves (brand_id, id, staff_id, kind, from_store_id, to_store_id, on_date, decided_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(brand)
    .bind(new_id())
    .bind(staff)
    .bind(kind.as_str())
    .bind(from_to.0)
    .bind(from_to.1)
    .bind(on_date)
    .bind(by)
    .bind(at)
    .execute(conn)
    .await?;
    Ok(())
}

async fn staff_in(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<StaffRow> {
    one(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {} FROM kos_staff WHERE brand_id = $1 AND id = $2",
        crate::kos_org::STAFF_COLUMNS
    )))
    .bind(brand)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

async fn store_in(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<KosStoreRow> {
    one(sqlx::query_as(
        "SELECT id, region_id, code, name, city, address, status, created_at FROM kos_stores \
         WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(id)
    .fetch_optional(conn)
    .await?)
}

/// Moves a staff row to `store` (and its region), recording the move.
#[allow(clippy::too_many_arguments)]
async fn relocate(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    s: &StaffRow,
    to: &KosStoreRow,
    kind: rules::StaffMoveKind,
    on_date: &str,
    by: &str,
    at: i64,
) -> Result<()> {
    sqlx::query(
        "UPDATE kos_staff SET store_id = $3, region_id = $4, left_on = NULL WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(&s.id)
    .bind(&to.id)
    .bind(&to.region_id)
    .execute(&mut *conn)
    .await?;
    insert_move(
        conn,
        brand,
        &s.id,
        kind,
        (s.store_id.as_deref(), Some(&to.id)),
        on_date,
        by,
        at,
    )
    .await
}

async fn region_by_name(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    name: &str,
) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM kos_regions WHERE brand_id = $1 AND name = $2")
            .bind(brand)
            .bind(name)
            .fetch_optional(conn)
            .await?,
    )
}

#[async_trait]
impl KosPeopleStore for SqlStore {
    async fn staff_page(
        &self,
        brand: &str,
        scope: &KosScope,
        f: &StaffFilter,
        page: Page,
    ) -> Result<StaffPage> {
        let (cond, args) = staff_where(scope, f);
        let mut conn = self.pool.acquire().await?;
        let count = format!("SELECT COUNT(*) FROM kos_staff s{cond}");
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count)).bind(brand);
        for a in &args {
            q = q.bind(a);
        }
        let total = q.fetch_one(&mut *conn).await?;
        let sql = format!(
            "{LIST_SELECT}{cond} ORDER BY CASE WHEN ks.code IS NULL THEN 0 ELSE 1 END, ks.code, s.name, s.id \
             LIMIT ${} OFFSET ${}",
            args.len() + 2,
            args.len() + 3
        );
        let mut q = sqlx::query_as::<_, StaffListRow>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for a in &args {
            q = q.bind(a);
        }
        let rows = q
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(&mut *conn)
            .await?;
        Ok(StaffPage { rows, total })
    }

    async fn staff_row(&self, brand: &str, scope: &KosScope, id: &str) -> Result<StaffListRow> {
        let (cond, arg) = staff_scope(scope, 3);
        let sql = format!("{LIST_SELECT} WHERE s.brand_id = $1 AND s.id = $2{cond}");
        let mut q = sqlx::query_as::<_, StaffListRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(id);
        if let Some(a) = arg {
            q = q.bind(a);
        }
        one(q.fetch_optional(&self.pool).await?)
    }

    async fn store_page(&self, brand: &str, f: &StoreFilter, page: Page) -> Result<StorePage> {
        let mut cond = " WHERE ks.brand_id = $1".to_string();
        let mut args: Vec<String> = Vec::new();
        if let Some(r) = &f.region_id {
            args.push(r.clone());
            cond.push_str(&format!(" AND ks.region_id = ${}", args.len() + 1));
        }
        if let Some(st) = &f.status {
            args.push(st.clone());
            cond.push_str(&format!(" AND ks.status = ${}", args.len() + 1));
        }
        if let Some(q) = f.q.as_deref().map(str::trim).filter(|q| !q.is_empty()) {
            args.push(format!("%{}%", q.replace(['%', '_'], "")));
            let n = args.len() + 1;
            cond.push_str(&format!(
                " AND (ks.code LIKE ${n} OR ks.name LIKE ${n} OR ks.city LIKE ${n})"
            ));
        }
        let mut conn = self.pool.acquire().await?;
        let count = format!("SELECT COUNT(*) FROM kos_stores ks{cond}");
        let mut q = sqlx::query_scalar::<_, i64>(sqlx::AssertSqlSafe(count)).bind(brand);
        for a in &args {
            q = q.bind(a);
        }
        let total = q.fetch_one(&mut *conn).await?;
        let sql = format!(
            "SELECT ks.id, ks.region_id, r.name AS region_name, ks.code, ks.name, ks.city, ks.address, ks.status, \
             (SELECT COUNT(*) FROM kos_staff s WHERE s.brand_id = ks.brand_id AND s.store_id = ks.id \
              AND s.left_on IS NULL) AS staff \
             FROM kos_stores ks JOIN kos_regions r ON r.brand_id = ks.brand_id AND r.id = ks.region_id\
             {cond} ORDER BY ks.code LIMIT ${} OFFSET ${}",
            args.len() + 2,
            args.len() + 3
        );
        let mut q = sqlx::query_as::<_, StoreListRow>(sqlx::AssertSqlSafe(sql)).bind(brand);
        for a in &args {
            q = q.bind(a);
        }
        let rows = q
            .bind(page.limit)
            .bind(page.offset)
            .fetch_all(&mut *conn)
            .await?;
        Ok(StorePage { rows, total })
    }

    async fn rename_region(
        &self,
        brand: &str,
        id: &str,
        name: &str,
        by: &str,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query("UPDATE kos_regions SET name = $3 WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .bind(name)
            .execute(&mut *tx)
            .await
            .map_err(unique_as("region_name_taken"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.region.rename", ("kos_region", id), at)
                .after(serde_json::json!({ "name": name })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn edit_kos_store(
        &self,
        brand: &str,
        id: &str,
        e: &StoreEdit,
        by: &str,
        at: i64,
    ) -> Result<KosStoreRow> {
        let mut tx = self.pool.begin().await?;
        // The write first (SQLite's lock); the region must be the brand's.
        let before = store_in(&mut tx, brand, id).await?;
        let done = sqlx::query(
            "UPDATE kos_stores SET region_id = $3, name = $4, city = $5, address = $6, status = $7 \
             WHERE brand_id = $1 AND id = $2 AND EXISTS \
             (SELECT 1 FROM kos_regions r WHERE r.brand_id = $1 AND r.id = $3)",
        )
        .bind(brand)
        .bind(id)
        .bind(&e.region_id)
        .bind(&e.name)
        .bind(&e.city)
        .bind(&e.address)
        .bind(&e.status)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        if before.region_id != e.region_id {
            // The store's people move region with it.
            sqlx::query(
                "UPDATE kos_staff SET region_id = $3 WHERE brand_id = $1 AND store_id = $2",
            )
            .bind(brand)
            .bind(id)
            .bind(&e.region_id)
            .execute(&mut *tx)
            .await?;
        }
        let after = store_in(&mut tx, brand, id).await?;
        let view = |s: &KosStoreRow| {
            serde_json::json!({ "region_id": s.region_id, "name": s.name, "city": s.city,
                "address": s.address, "status": s.status })
        };
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.store.edit", ("kos_store", id), at)
                .before(view(&before))
                .after(view(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn edit_staff(
        &self,
        brand: &str,
        id: &str,
        e: &StaffEdit,
        by: &str,
        at: i64,
    ) -> Result<StaffRow> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "UPDATE kos_staff SET name = $3, phone = $4, role = $5, kos_role = $6, employee_no = $7 \
             WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(&e.name)
        .bind(&e.phone)
        .bind(e.role.as_str())
        .bind(e.kos_role.as_str())
        .bind(&e.employee_no)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("staff_phone_taken"))?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let after = staff_in(&mut tx, brand, id).await?;
        // A regional manager has no store; everyone else has one.
        if (after.role == StaffRole::RegionalManager) != after.store_id.is_none() {
            return Err(StoreError::Conflict("staff_role_needs_move"));
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.edit", ("kos_staff", id), at).after(
                serde_json::json!({ "role": after.role, "kos_role": after.kos_role,
                    "employee_no": after.employee_no, "phone_changed": true }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn move_staff(
        &self,
        brand: &str,
        id: &str,
        to_store: &str,
        on_date: &str,
        by: &str,
        at: i64,
    ) -> Result<StaffRow> {
        let mut tx = self.pool.begin().await?;
        // Lock the row with a no-op write first (SQLite's write lock).
        let touched = sqlx::query("UPDATE kos_staff SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let s = staff_in(&mut tx, brand, id).await?;
        if s.left_on.is_some() {
            return Err(StoreError::Conflict("staff_left"));
        }
        if s.store_id.as_deref() == Some(to_store) {
            return Err(StoreError::Conflict("same_store"));
        }
        let to = store_in(&mut tx, brand, to_store).await?;
        relocate(
            &mut tx,
            brand,
            &s,
            &to,
            rules::StaffMoveKind::Moved,
            on_date,
            by,
            at,
        )
        .await?;
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.move", ("kos_staff", id), at).after(
                serde_json::json!({ "from_store_id": s.store_id, "to_store_id": to.id, "on_date": on_date }),
            ),
        )
        .await?;
        let after = staff_in(&mut tx, brand, id).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn leave_staff(
        &self,
        brand: &str,
        id: &str,
        on_date: &str,
        to: &HandOver,
        by: &str,
        at: i64,
    ) -> Result<StaffRow> {
        let mut tx = self.pool.begin().await?;
        let marked = sqlx::query(
            "UPDATE kos_staff SET left_on = $3 WHERE brand_id = $1 AND id = $2 AND left_on IS NULL",
        )
        .bind(brand)
        .bind(id)
        .bind(on_date)
        .execute(&mut *tx)
        .await?;
        if marked.rows_affected() == 0 {
            // Unknown, or already left.
            staff_in(&mut tx, brand, id).await?;
            return Err(StoreError::Conflict("staff_left"));
        }
        check_hand_over(&mut tx, brand, id, to).await?;
        let s = staff_in(&mut tx, brand, id).await?;
        insert_move(
            &mut tx,
            brand,
            id,
            rules::StaffMoveKind::Left,
            (s.store_id.as_deref(), None),
            on_date,
            by,
            at,
        )
        .await?;
        // Their sessions end with the same commit.
        sqlx::query(
            "DELETE FROM sessions WHERE brand_id = $1 AND kind = 'staff' AND subject_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // The person's accounts and leads go with the same commit: to the
        // colleague, or to the store (accounts held by the store, leads
        // shared among its staff in turn).
        let (accounts_to, leads_to) = match to {
            HandOver::Colleague(c) => (
                crate::kos_accounts::HandOverTo::Staff(c.clone()),
                crate::kos_leads::LeadsTo::Staff(c.clone()),
            ),
            HandOver::Store(st) => (
                crate::kos_accounts::HandOverTo::Store(st.clone()),
                crate::kos_leads::LeadsTo::Store(st.clone()),
            ),
        };
        crate::kos_accounts::hand_over_accounts(&mut tx, brand, id, accounts_to, on_date, by, at)
            .await?;
        crate::kos_leads::hand_over_leads(&mut tx, brand, id, &leads_to, by, at).await?;
        let (to_kind, to_id) = match to {
            HandOver::Colleague(c) => ("staff", c.as_str()),
            HandOver::Store(s) => ("store", s.as_str()),
        };
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.leave", ("kos_staff", id), at).after(
                serde_json::json!({ "on_date": on_date, "store_id": s.store_id,
                    "hand_over_to": { "kind": to_kind, "id": to_id } }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(s)
    }

    async fn rejoin_staff(
        &self,
        brand: &str,
        id: &str,
        store: &str,
        on_date: &str,
        by: &str,
        at: i64,
    ) -> Result<StaffRow> {
        let mut tx = self.pool.begin().await?;
        let touched = sqlx::query("UPDATE kos_staff SET id = id WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if touched.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        let s = staff_in(&mut tx, brand, id).await?;
        if s.left_on.is_none() {
            return Err(StoreError::Conflict("staff_working"));
        }
        let to = store_in(&mut tx, brand, store).await?;
        relocate(
            &mut tx,
            brand,
            &s,
            &to,
            rules::StaffMoveKind::Rejoined,
            on_date,
            by,
            at,
        )
        .await?;
        if s.role == StaffRole::RegionalManager {
            // Back at a store, as its staff.
            sqlx::query("UPDATE kos_staff SET role = 'staff' WHERE brand_id = $1 AND id = $2")
                .bind(brand)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.rejoin", ("kos_staff", id), at)
                .after(serde_json::json!({ "store_id": to.id, "on_date": on_date })),
        )
        .await?;
        let after = staff_in(&mut tx, brand, id).await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn staff_moves(&self, brand: &str, id: &str) -> Result<Vec<StaffMove>> {
        Ok(sqlx::query_as(
            "SELECT id, kind, from_store_id, to_store_id, on_date, decided_by, created_at \
             FROM kos_staff_moves WHERE brand_id = $1 AND staff_id = $2 ORDER BY on_date, created_at, id",
        )
        .bind(brand)
        .bind(id)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn import_stores(
        &self,
        brand: &str,
        rows: &[StoreImportRow],
        by: &str,
        at: i64,
    ) -> Result<ImportOutcome> {
        let mut out = ImportOutcome::default();
        let mut tx = self.pool.begin().await?;
        for r in rows {
            let region = match region_by_name(&mut tx, brand, &r.region).await? {
                Some(id) => id,
                None => {
                    let id = new_id();
                    sqlx::query(
                        "INSERT INTO kos_regions (brand_id, id, name, created_at) VALUES ($1, $2, $3, $4)",
                    )
                    .bind(brand)
                    .bind(&id)
                    .bind(&r.region)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    id
                }
            };
            let found: Option<KosStoreRow> = sqlx::query_as(
                "SELECT id, region_id, code, name, city, address, status, created_at FROM kos_stores \
                 WHERE brand_id = $1 AND code = $2",
            )
            .bind(brand)
            .bind(&r.code)
            .fetch_optional(&mut *tx)
            .await?;
            match found {
                None => {
                    sqlx::query(
                        "INSERT INTO kos_stores (brand_id, id, region_id, code, name, city, address, status, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8)",
                    )
                    .bind(brand)
                    .bind(new_id())
                    .bind(&region)
                    .bind(&r.code)
                    .bind(&r.name)
                    .bind(&r.city)
                    .bind(&r.address)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    out.created += 1;
                }
                Some(s)
                    if s.region_id == region
                        && s.name == r.name
                        && s.city == r.city
                        && s.address == r.address =>
                {
                    out.unchanged += 1
                }
                Some(s) => {
                    sqlx::query(
                        "UPDATE kos_stores SET region_id = $3, name = $4, city = $5, address = $6 \
                         WHERE brand_id = $1 AND id = $2",
                    )
                    .bind(brand)
                    .bind(&s.id)
                    .bind(&region)
                    .bind(&r.name)
                    .bind(&r.city)
                    .bind(&r.address)
                    .execute(&mut *tx)
                    .await?;
                    if s.region_id != region {
                        sqlx::query(
                            "UPDATE kos_staff SET region_id = $3 WHERE brand_id = $1 AND store_id = $2",
                        )
                        .bind(brand)
                        .bind(&s.id)
                        .bind(&region)
                        .execute(&mut *tx)
                        .await?;
                    }
                    out.updated += 1;
                }
            }
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.store.import", ("brand", brand), at).after(
                serde_json::json!({ "created": out.created, "updated": out.updated, "unchanged": out.unchanged }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn import_staff(
        &self,
        brand: &str,
        rows: &[StaffImportRow],
        today: &str,
        by: &str,
        at: i64,
    ) -> Result<ImportOutcome> {
        let mut out = ImportOutcome::default();
        let mut tx = self.pool.begin().await?;
        for r in rows {
            // Where they work: a store by code, or a regional manager's region.
            let place = if r.role == StaffRole::RegionalManager {
                region_by_name(&mut tx, brand, &r.region)
                    .await?
                    .map(|region| (region, None::<KosStoreRow>))
            } else {
                sqlx::query_as::<_, KosStoreRow>(
                    "SELECT id, region_id, code, name, city, address, status, created_at FROM kos_stores \
                     WHERE brand_id = $1 AND code = $2",
                )
                .bind(brand)
                .bind(&r.store_code)
                .fetch_optional(&mut *tx)
                .await?
                .map(|s| (s.region_id.clone(), Some(s)))
            };
            let Some((region, shop)) = place else {
                out.refused.push((
                    r.line,
                    if r.role == StaffRole::RegionalManager {
                        "region_unknown"
                    } else {
                        "store_unknown"
                    },
                ));
                continue;
            };
            let found: Option<StaffRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {} FROM kos_staff WHERE brand_id = $1 AND phone = $2",
                crate::kos_org::STAFF_COLUMNS
            )))
            .bind(brand)
            .bind(&r.phone)
            .fetch_optional(&mut *tx)
            .await?;
            let store_id = shop.as_ref().map(|s| s.id.clone());
            match found {
                None => {
                    let id = new_id();
                    sqlx::query(
                        "INSERT INTO kos_staff (brand_id, id, name, phone, role, kos_role, region_id, store_id, \
                         employee_no, password_hash, joined_on, left_on, created_at) \
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, NULL, $11)",
                    )
                    .bind(brand)
                    .bind(&id)
                    .bind(&r.name)
                    .bind(&r.phone)
                    .bind(r.role.as_str())
                    .bind(r.kos_role.as_str())
                    .bind(&region)
                    .bind(&store_id)
                    .bind(&r.employee_no)
                    .bind(&r.joined_on)
                    .bind(at)
                    .execute(&mut *tx)
                    .await?;
                    insert_move(
                        &mut tx,
                        brand,
                        &id,
                        rules::StaffMoveKind::Joined,
                        (None, store_id.as_deref()),
                        &r.joined_on,
                        by,
                        at,
                    )
                    .await?;
                    out.created += 1;
                }
                Some(s) => {
                    let same = s.name == r.name
                        && s.role == r.role
                        && s.kos_role == r.kos_role
                        && s.employee_no == r.employee_no
                        && s.region_id == region
                        && s.store_id == store_id
                        && s.left_on.is_none();
                    if same {
                        out.unchanged += 1;
                        continue;
                    }
                    sqlx::query(
                        "UPDATE kos_staff SET name = $3, role = $4, kos_role = $5, employee_no = $6, \
                         region_id = $7, store_id = $8, left_on = NULL WHERE brand_id = $1 AND id = $2",
                    )
                    .bind(brand)
                    .bind(&s.id)
                    .bind(&r.name)
                    .bind(r.role.as_str())
                    .bind(r.kos_role.as_str())
                    .bind(&r.employee_no)
                    .bind(&region)
                    .bind(&store_id)
                    .execute(&mut *tx)
                    .await?;
                    let kind = if s.left_on.is_some() {
                        Some(rules::StaffMoveKind::Rejoined)
                    } else if s.store_id != store_id {
                        Some(rules::StaffMoveKind::Moved)
                    } else {
                        None
                    };
                    if let Some(kind) = kind {
                        insert_move(
                            &mut tx,
                            brand,
                            &s.id,
                            kind,
                            (s.store_id.as_deref(), store_id.as_deref()),
                            today,
                            by,
                            at,
                        )
                        .await?;
                    }
                    out.updated += 1;
                }
            }
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.import", ("brand", brand), at).after(
                serde_json::json!({ "created": out.created, "updated": out.updated,
                    "unchanged": out.unchanged, "refused": out.refused.len() }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(out)
    }

    async fn competencies(&self, brand: &str) -> Result<Vec<Competency>> {
        Ok(sqlx::query_as(
            "SELECT id, kos_role, name, description, position FROM kos_competencies \
             WHERE brand_id = $1 ORDER BY kos_role, position, id",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn add_competency(
        &self,
        brand: &str,
        role: KosRole,
        name: &str,
        description: &str,
        by: &str,
        at: i64,
    ) -> Result<Competency> {
        let id = new_id();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_competencies (brand_id, id, kos_role, name, description, position, created_at) \
             SELECT $1, $2, $3, $4, $5, COALESCE(MAX(position), 0) + 1, $6 FROM kos_competencies \
             WHERE brand_id = $1 AND kos_role = $3",
        )
        .bind(brand)
        .bind(&id)
        .bind(role.as_str())
        .bind(name)
        .bind(description)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("competency_name_taken"))?;
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.competency.add", ("kos_competency", &id), at)
                .after(serde_json::json!({ "kos_role": role, "name": name })),
        )
        .await?;
        let c = one(sqlx::query_as(
            "SELECT id, kos_role, name, description, position FROM kos_competencies WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(&id)
        .fetch_optional(&mut *tx)
        .await?)?;
        tx.commit().await?;
        Ok(c)
    }

    async fn remove_competency(&self, brand: &str, id: &str, by: &str, at: i64) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "DELETE FROM kos_competency_ratings WHERE brand_id = $1 AND competency_id = $2",
        )
        .bind(brand)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let done = sqlx::query("DELETE FROM kos_competencies WHERE brand_id = $1 AND id = $2")
            .bind(brand)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(
                brand,
                by,
                "kos.competency.remove",
                ("kos_competency", id),
                at,
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn competency_ratings(&self, brand: &str, staff: &str) -> Result<Vec<CompetencyRating>> {
        Ok(sqlx::query_as(
            "SELECT c.id AS competency_id, c.name, c.description, cr.self_score, cr.manager_score, cr.manager_at \
             FROM kos_staff s \
             JOIN kos_competencies c ON c.brand_id = s.brand_id AND c.kos_role = s.kos_role \
             LEFT JOIN kos_competency_ratings cr ON cr.brand_id = s.brand_id AND cr.staff_id = s.id \
               AND cr.competency_id = c.id \
             WHERE s.brand_id = $1 AND s.id = $2 ORDER BY c.position, c.id",
        )
        .bind(brand)
        .bind(staff)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn rate_competency(
        &self,
        brand: &str,
        staff: &str,
        competency: &str,
        score: rules::persona::Rating,
        rater: Rater<'_>,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        // Only a competency of the staff member's own role.
        let (set, by) = match rater {
            Rater::Own => ("self_score = $4, self_at = $5", None),
            Rater::Manager(by) => (
                "manager_score = $4, manager_at = $5, manager_by = $6",
                Some(by),
            ),
        };
        let values = match rater {
            Rater::Own => "$4, $5, NULL, NULL, NULL",
            Rater::Manager(_) => "NULL, NULL, $4, $6, $5",
        };
        let sql = format!(
            "INSERT INTO kos_competency_ratings (brand_id, staff_id, competency_id, self_score, self_at, \
             manager_score, manager_by, manager_at) \
             SELECT $1, $2, $3, {values} FROM kos_staff s JOIN kos_competencies c \
             ON c.brand_id = s.brand_id AND c.kos_role = s.kos_role \
             WHERE s.brand_id = $1 AND s.id = $2 AND c.id = $3 \
             ON CONFLICT (brand_id, staff_id, competency_id) DO UPDATE SET {set}"
        );
        let mut q = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(staff)
            .bind(competency)
            .bind(score.get())
            .bind(at);
        if let Some(by) = by {
            q = q.bind(by);
        }
        let done = q.execute(&mut *tx).await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        tx.commit().await?;
        Ok(())
    }

    async fn persona(&self, brand: &str, staff: &str) -> Result<PersonaRecord> {
        #[derive(sqlx::FromRow)]
        struct Row {
            real_name: i64,
            photo_upload_id: Option<String>,
            store_in_profile: i64,
            location_in_notes: i64,
            reply_habits: i64,
            updated_at: i64,
        }
        let row: Option<Row> = sqlx::query_as(
            "SELECT real_name, photo_upload_id, store_in_profile, location_in_notes, reply_habits, updated_at \
             FROM kos_personas WHERE brand_id = $1 AND staff_id = $2",
        )
        .bind(brand)
        .bind(staff)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map_or_else(PersonaRecord::default, |r| PersonaRecord {
            real_name: r.real_name == 1,
            photo_upload_id: r.photo_upload_id,
            store_in_profile: r.store_in_profile == 1,
            location_in_notes: r.location_in_notes == 1,
            reply_habits: r.reply_habits == 1,
            updated_at: Some(r.updated_at),
        }))
    }

    async fn save_persona(
        &self,
        brand: &str,
        staff: &str,
        p: &PersonaRecord,
        at: i64,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(
            "INSERT INTO kos_personas (brand_id, staff_id, real_name, photo_upload_id, store_in_profile, \
             location_in_notes, reply_habits, updated_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8 FROM kos_staff s WHERE s.brand_id = $1 AND s.id = $2 \
             AND ($4 IS NULL OR EXISTS (SELECT 1 FROM uploads u WHERE u.brand_id = $1 AND u.id = $4 \
               AND u.owner_kind = 'staff' AND u.owner_id = $2)) \
             ON CONFLICT (brand_id, staff_id) DO UPDATE SET real_name = $3, photo_upload_id = $4, \
             store_in_profile = $5, location_in_notes = $6, reply_habits = $7, updated_at = $8",
        )
        .bind(brand)
        .bind(staff)
        .bind(i64::from(p.real_name))
        .bind(&p.photo_upload_id)
        .bind(i64::from(p.store_in_profile))
        .bind(i64::from(p.location_in_notes))
        .bind(i64::from(p.reply_habits))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(
            &mut tx,
            &AuditEntry::staff(brand, staff, "kos.persona.save", ("kos_staff", staff), at)
                .after(serde_json::json!({ "completeness": p.persona().completeness() })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

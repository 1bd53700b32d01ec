//! The KOS program's organisation (issue 17): a brand's regions, stores
//! and staff, and the scope filter every KOS list applies.
//!
//! A record outside the caller's [`KosScope`] is not found: lists filter
//! in SQL ([`scope_filter`]), single reads compare the loaded row.

use crate::*;
use async_trait::async_trait;
use rules::{KosRole, KosScope, StaffRole};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RegionRow {
    pub id: String,
    pub name: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct KosStoreRow {
    pub id: String,
    pub region_id: String,
    pub code: String,
    pub name: String,
    pub city: String,
    pub address: String,
    /// `open` or `closed`.
    pub status: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StaffRow {
    pub id: String,
    pub name: String,
    /// Normalised (`rules::Phone`).
    pub phone: String,
    #[sqlx(try_from = "String")]
    pub role: StaffRole,
    #[sqlx(try_from = "String")]
    pub kos_role: KosRole,
    pub region_id: String,
    pub store_id: Option<String>,
    pub employee_no: String,
    pub password_hash: Option<String>,
    /// `yyyy-mm-dd`.
    pub joined_on: String,
    pub left_on: Option<String>,
    pub created_at: i64,
}

impl StaffRow {
    /// What this staff member sees.
    pub fn scope(&self) -> KosScope {
        KosScope::of_staff(
            self.role,
            &self.id,
            self.store_id.as_deref(),
            &self.region_id,
        )
    }

    /// Whether the row is inside `scope`.
    pub fn in_scope(&self, scope: &KosScope) -> bool {
        scope.may_see(
            &self.id,
            self.store_id.as_deref().unwrap_or_default(),
            &self.region_id,
        )
    }
}

/// A new store.
#[derive(Debug, Clone)]
pub struct NewKosStore {
    pub region_id: String,
    pub code: String,
    pub name: String,
    pub city: String,
    pub address: String,
}

/// A new staff member; `phone` already normalised, `joined_on` a date.
#[derive(Debug, Clone)]
pub struct NewStaff {
    pub name: String,
    pub phone: String,
    pub role: StaffRole,
    pub kos_role: KosRole,
    pub region_id: String,
    pub store_id: Option<String>,
    pub employee_no: String,
    pub password_hash: Option<String>,
    pub joined_on: String,
}

pub(crate) const STAFF_COLUMNS: &str = "id, name, phone, role, kos_role, region_id, store_id, employee_no, password_hash, joined_on, left_on, created_at";
const STORE_COLUMNS: &str = "id, region_id, code, name, city, address, status, created_at";

/// The SQL condition that keeps a KOS table's rows inside `scope`, for a
/// table (alias `alias`) with `staff_id` and `store_id` columns; binds
/// start at `$n`. Returns the condition and the values to bind in order
/// (none for the brand).
pub fn scope_filter(scope: &KosScope, alias: &str, n: usize) -> (String, Vec<String>) {
    match scope {
        KosScope::Brand => ("1 = 1".into(), vec![]),
        KosScope::Own { staff, .. } => (format!("{alias}.staff_id = ${n}"), vec![staff.clone()]),
        KosScope::Store(s) => (format!("{alias}.store_id = ${n}"), vec![s.clone()]),
        KosScope::Region(r) => (
            format!(
                "{alias}.store_id IN (SELECT ks.id FROM kos_stores ks WHERE ks.brand_id = {alias}.brand_id AND ks.region_id = ${n})"
            ),
            vec![r.clone()],
        ),
    }
}

/// The organisation. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosOrgStore: Send + Sync {
    async fn create_region(&self, brand: &str, name: &str, by: &str, at: i64) -> Result<RegionRow>;
    async fn region(&self, brand: &str, id: &str) -> Result<RegionRow>;
    async fn regions(&self, brand: &str) -> Result<Vec<RegionRow>>;
    /// `Conflict("store_code_taken")` for a code the brand already has.
    async fn create_kos_store(
        &self,
        brand: &str,
        s: &NewKosStore,
        by: &str,
        at: i64,
    ) -> Result<KosStoreRow>;
    async fn kos_store(&self, brand: &str, id: &str) -> Result<KosStoreRow>;
    /// The stores inside `scope` (a staff member: their own store), by code.
    async fn kos_stores(&self, brand: &str, scope: &KosScope) -> Result<Vec<KosStoreRow>>;
    /// `Conflict("staff_phone_taken")` for a phone the brand's staff has.
    /// Records the `joined` move in the same transaction.
    async fn create_staff(&self, brand: &str, s: &NewStaff, by: &str, at: i64) -> Result<StaffRow>;
    async fn staff_member(&self, brand: &str, id: &str) -> Result<StaffRow>;
    async fn staff_by_phone(&self, brand: &str, phone: &str) -> Result<StaffRow>;
}

#[async_trait]
impl KosOrgStore for SqlStore {
    async fn create_region(&self, brand: &str, name: &str, by: &str, at: i64) -> Result<RegionRow> {
        let row = RegionRow {
            id: new_id(),
            name: name.to_string(),
            created_at: at,
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_regions (brand_id, id, name, created_at) VALUES ($1, $2, $3, $4)",
        )
        .bind(brand)
        .bind(&row.id)
        .bind(&row.name)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("region_name_taken"))?;
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.region.create", ("kos_region", &row.id), at)
                .after(serde_json::json!({ "name": row.name })),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn region(&self, brand: &str, id: &str) -> Result<RegionRow> {
        one(sqlx::query_as(
            "SELECT id, name, created_at FROM kos_regions WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn regions(&self, brand: &str) -> Result<Vec<RegionRow>> {
        Ok(sqlx::query_as(
            "SELECT id, name, created_at FROM kos_regions WHERE brand_id = $1 ORDER BY name",
        )
        .bind(brand)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn create_kos_store(
        &self,
        brand: &str,
        s: &NewKosStore,
        by: &str,
        at: i64,
    ) -> Result<KosStoreRow> {
        let row = KosStoreRow {
            id: new_id(),
            region_id: s.region_id.clone(),
            code: s.code.trim().to_uppercase(),
            name: s.name.clone(),
            city: s.city.clone(),
            address: s.address.clone(),
            status: "open".into(),
            created_at: at,
        };
        let mut tx = self.pool.begin().await?;
        let inserted = sqlx::query(
            "INSERT INTO kos_stores (brand_id, id, region_id, code, name, city, address, status, created_at) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9 FROM kos_regions WHERE brand_id = $1 AND id = $3",
        )
        .bind(brand)
        .bind(&row.id)
        .bind(&row.region_id)
        .bind(&row.code)
        .bind(&row.name)
        .bind(&row.city)
        .bind(&row.address)
        .bind(&row.status)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("store_code_taken"))?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.store.create", ("kos_store", &row.id), at).after(
                serde_json::json!({ "code": row.code, "name": row.name, "region_id": row.region_id }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn kos_store(&self, brand: &str, id: &str) -> Result<KosStoreRow> {
        one(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {STORE_COLUMNS} FROM kos_stores WHERE brand_id = $1 AND id = $2"
        )))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn kos_stores(&self, brand: &str, scope: &KosScope) -> Result<Vec<KosStoreRow>> {
        let (cond, arg) = match scope {
            KosScope::Brand => ("1 = 1", None),
            KosScope::Region(r) => ("region_id = $2", Some(r)),
            KosScope::Store(s) | KosScope::Own { store: s, .. } => ("id = $2", Some(s)),
        };
        let sql = format!(
            "SELECT {STORE_COLUMNS} FROM kos_stores WHERE brand_id = $1 AND {cond} ORDER BY code"
        );
        let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(brand);
        if let Some(a) = arg {
            q = q.bind(a);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }

    async fn create_staff(&self, brand: &str, s: &NewStaff, by: &str, at: i64) -> Result<StaffRow> {
        let row = StaffRow {
            id: new_id(),
            name: s.name.clone(),
            phone: s.phone.clone(),
            role: s.role,
            kos_role: s.kos_role,
            region_id: s.region_id.clone(),
            store_id: s.store_id.clone(),
            employee_no: s.employee_no.clone(),
            password_hash: s.password_hash.clone(),
            joined_on: s.joined_on.clone(),
            left_on: None,
            created_at: at,
        };
        let mut tx = self.pool.begin().await?;
        // The store must be in the named region (a regional manager has none).
        let inserted = sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO kos_staff (brand_id, {STAFF_COLUMNS}) \
             SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, NULL, $12 FROM kos_regions r \
             WHERE r.brand_id = $1 AND r.id = $7 AND ($8 IS NULL OR EXISTS \
             (SELECT 1 FROM kos_stores ks WHERE ks.brand_id = $1 AND ks.id = $8 AND ks.region_id = $7))"
        )))
        .bind(brand)
        .bind(&row.id)
        .bind(&row.name)
        .bind(&row.phone)
        .bind(row.role.as_str())
        .bind(row.kos_role.as_str())
        .bind(&row.region_id)
        .bind(&row.store_id)
        .bind(&row.employee_no)
        .bind(&row.password_hash)
        .bind(&row.joined_on)
        .bind(at)
        .execute(&mut *tx)
        .await
        .map_err(unique_as("staff_phone_taken"))?;
        if inserted.rows_affected() == 0 {
            return Err(StoreError::NotFound);
        }
        sqlx::query(
            "INSERT INTO kos_staff_moves (brand_id, id, staff_id, kind, from_store_id, to_store_id, on_date, decided_by, created_at) \
             VALUES ($1, $2, $3, 'joined', NULL, $4, $5, $6, $7)",
        )
        .bind(brand)
        .bind(new_id())
        .bind(&row.id)
        .bind(&row.store_id)
        .bind(&row.joined_on)
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        insert_audit(
            &mut tx,
            &AuditEntry::operator(brand, by, "kos.staff.create", ("kos_staff", &row.id), at).after(
                serde_json::json!({
                    "role": row.role, "kos_role": row.kos_role,
                    "region_id": row.region_id, "store_id": row.store_id,
                }),
            ),
        )
        .await?;
        tx.commit().await?;
        Ok(row)
    }

    async fn staff_member(&self, brand: &str, id: &str) -> Result<StaffRow> {
        one(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {STAFF_COLUMNS} FROM kos_staff WHERE brand_id = $1 AND id = $2"
        )))
        .bind(brand)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }

    async fn staff_by_phone(&self, brand: &str, phone: &str) -> Result<StaffRow> {
        one(sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {STAFF_COLUMNS} FROM kos_staff WHERE brand_id = $1 AND phone = $2"
        )))
        .bind(brand)
        .bind(phone)
        .fetch_optional(&self.pool)
        .await?)
    }
}

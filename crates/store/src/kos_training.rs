//! KOS training (issue 17): courses (text, a video link, a quiz) assigned
//! to KOS roles or stores, and every attempt a staff member makes with its
//! score. The quiz's answer key is stored with the course and scored here
//! by `rules::backoffice::Quiz::score` inside the attempt's transaction; it
//! is never part of what a staff member's reads return
//! ([`StaffCourse::questions`] has no key).
//!
//! Scope: a staff member sees the published courses assigned to their KOS
//! role or store (another course is not found); managers see the results
//! of the staff in their scope.

use crate::*;
use async_trait::async_trait;
use rules::KosScope;
use rules::backoffice::{Quiz, QuizResult, StaffQuestion};
use rules::words::{CourseStatus, CourseTarget};

/// A course as operators edit it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCourse {
    pub title: String,
    pub body: String,
    /// An https link, or empty.
    pub video_url: String,
    pub quiz: Quiz,
    pub pass_percent: i64,
    pub status: CourseStatus,
    /// Who it is for: KOS roles (`rules::KosRole` text) and store ids.
    pub targets: Vec<(CourseTarget, String)>,
}

/// A course with its quiz and answer key (operators only).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CourseRow {
    pub id: String,
    pub course: NewCourse,
    pub created_by: String,
    pub created_at: i64,
    pub updated_at: i64,
}

/// A course in the operators' list, with how many took and passed it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseSummary {
    pub id: String,
    pub title: String,
    #[sqlx(try_from = "String")]
    pub status: CourseStatus,
    pub pass_percent: i64,
    pub targets: i64,
    /// Staff members who made at least one attempt.
    pub attempted: i64,
    /// Staff members with a passing attempt.
    pub passed: i64,
    pub updated_at: i64,
}

/// A course as a staff member sees it in their list.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MyCourseRow {
    pub id: String,
    pub title: String,
    pub pass_percent: i64,
    pub best_percent: Option<i64>,
    pub passed: bool,
    pub updated_at: i64,
}

/// A course a staff member takes: no answer key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffCourse {
    pub id: String,
    pub title: String,
    pub body: String,
    pub video_url: String,
    pub pass_percent: i64,
    pub questions: Vec<StaffQuestion>,
    pub best_percent: Option<i64>,
    pub passed: bool,
}

/// One attempt, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AttemptRow {
    pub id: String,
    pub course_id: String,
    pub staff_id: String,
    pub result: QuizResult,
    pub created_at: i64,
}

/// One assigned staff member's standing on a course (managers' view).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CourseResultRow {
    pub staff_id: String,
    pub name: String,
    pub store_id: String,
    pub store_name: String,
    pub attempts: i64,
    pub best_percent: Option<i64>,
    #[sqlx(try_from = "IntFlag")]
    pub passed: bool,
    pub last_at: Option<i64>,
}

/// The condition keeping rows of a back-office table (alias `a`, with a
/// staff column `staff_col`, `store_id` and `region_id`) inside `scope`,
/// its parameters numbered from `$n`, and their values in order.
pub(crate) fn scoped(
    scope: &KosScope,
    a: &str,
    staff_col: &str,
    n: usize,
) -> (String, Vec<String>) {
    match scope {
        KosScope::Brand => ("1 = 1".into(), vec![]),
        KosScope::Region(r) => (format!("{a}.region_id = ${n}"), vec![r.clone()]),
        KosScope::Store(s) => (format!("{a}.store_id = ${n}"), vec![s.clone()]),
        KosScope::Own { staff, .. } => (format!("{a}.{staff_col} = ${n}"), vec![staff.clone()]),
    }
}

/// The same condition on `kos_staff` (alias `s`; a regional manager's
/// store is NULL there).
pub(crate) fn staff_scoped(scope: &KosScope, n: usize) -> (String, Vec<String>) {
    match scope {
        KosScope::Brand => ("1 = 1".into(), vec![]),
        KosScope::Region(r) => (format!("s.region_id = ${n}"), vec![r.clone()]),
        KosScope::Store(st) => (format!("s.store_id = ${n}"), vec![st.clone()]),
        KosScope::Own { staff, .. } => (format!("s.id = ${n}"), vec![staff.clone()]),
    }
}

/// Whether course row `a` is open to a staff member: assigned to their
/// KOS role `$2` or their store `$3`, or, for a regional manager, to a
/// store of their region `$5` (`''` for everyone else).
fn assigned(a: &str) -> String {
    format!(
        "EXISTS (SELECT 1 FROM kos_course_targets t WHERE t.brand_id = {a}.brand_id \
         AND t.course_id = {a}.id AND ((t.target = 'kos_role' AND t.target_id = $2) \
         OR (t.target = 'store' AND t.target_id = $3) \
         OR (t.target = 'store' AND $5 <> '' AND t.target_id IN (SELECT ks.id FROM kos_stores ks \
             WHERE ks.brand_id = {a}.brand_id AND ks.region_id = $5))))"
    )
}

/// The region a staff member's courses come from besides their own store:
/// a regional manager's, nobody else's.
fn managed_region(staff: &StaffRow) -> String {
    match staff.role {
        rules::StaffRole::RegionalManager => staff.region_id.clone(),
        rules::StaffRole::Staff | rules::StaffRole::StoreManager => String::new(),
    }
}

fn check_targets(targets: &[(CourseTarget, String)]) -> Vec<(CourseTarget, String)> {
    let mut t: Vec<(CourseTarget, String)> = targets.to_vec();
    t.sort();
    t.dedup();
    t
}

async fn write_targets(
    conn: &mut sqlx::AnyConnection,
    brand: &str,
    course: &str,
    targets: &[(CourseTarget, String)],
) -> Result<()> {
    sqlx::query("DELETE FROM kos_course_targets WHERE brand_id = $1 AND course_id = $2")
        .bind(brand)
        .bind(course)
        .execute(&mut *conn)
        .await?;
    let mut rows: Vec<Vec<Cell>> = targets
        .iter()
        .map(|(kind, id)| {
            vec![
                Cell::Text(Some(brand.to_string())),
                Cell::Text(Some(course.to_string())),
                Cell::Text(Some(kind.as_str().to_string())),
                Cell::Text(Some(id.clone())),
            ]
        })
        .collect();
    insert_rows(
        conn,
        "kos_course_targets",
        &["brand_id", "course_id", "target", "target_id"],
        &mut rows,
        "",
    )
    .await?;
    Ok(())
}

fn audit_look(c: &NewCourse) -> serde_json::Value {
    serde_json::json!({
        "title": c.title,
        "status": c.status.as_str(),
        "questions": c.quiz.questions.len(),
        "pass_percent": c.pass_percent,
        "targets": c.targets.iter().map(|(k, id)| format!("{}:{id}", k.as_str())).collect::<Vec<_>>(),
    })
}

/// Training. One of the traits [`Store`] is made of.
#[async_trait]
pub trait KosTrainingStore: Send + Sync {
    /// Creates a course; audited.
    async fn create_course(
        &self,
        brand: &str,
        c: &NewCourse,
        by: &str,
        at: i64,
    ) -> Result<CourseRow>;
    /// Replaces a course's text, quiz, status and targets (attempts made
    /// keep their scores); audited with before and after.
    async fn update_course(
        &self,
        brand: &str,
        id: &str,
        c: &NewCourse,
        by: &str,
        at: i64,
    ) -> Result<CourseRow>;
    /// One course with its answer key (operators).
    async fn course(&self, brand: &str, id: &str) -> Result<CourseRow>;
    /// The brand's courses, newest first, with takers and passes.
    async fn courses(&self, brand: &str, page: Page) -> Result<Vec<CourseSummary>>;
    /// The published courses assigned to a staff member's KOS role or store.
    async fn my_courses(&self, brand: &str, staff: &StaffRow) -> Result<Vec<MyCourseRow>>;
    /// One of [`KosTrainingStore::my_courses`] to take (no answer key);
    /// `NotFound` for a course not assigned to them or not published.
    async fn my_course(&self, brand: &str, staff: &StaffRow, id: &str) -> Result<StaffCourse>;
    /// Scores and records an attempt at an assigned, published course.
    async fn take_course(
        &self,
        brand: &str,
        staff: &StaffRow,
        id: &str,
        answers: &[u8],
        at: i64,
    ) -> Result<AttemptRow>;
    /// The staff in `scope` a course is assigned to (still employed), with
    /// their attempts, best score and whether they passed.
    async fn course_results(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        page: Page,
    ) -> Result<Vec<CourseResultRow>>;
}

#[derive(sqlx::FromRow)]
struct CourseDb {
    id: String,
    title: String,
    body: String,
    video_url: String,
    quiz: String,
    pass_percent: i64,
    #[sqlx(try_from = "String")]
    status: CourseStatus,
    created_by: String,
    created_at: i64,
    updated_at: i64,
}

async fn load_course(conn: &mut sqlx::AnyConnection, brand: &str, id: &str) -> Result<CourseRow> {
    let row: Option<CourseDb> = sqlx::query_as(
        "SELECT id, title, body, video_url, quiz, pass_percent, status, created_by, created_at, updated_at \
         FROM kos_courses WHERE brand_id = $1 AND id = $2",
    )
    .bind(brand)
    .bind(id)
    .fetch_optional(&mut *conn)
    .await?;
    let c = one(row)?;
    let targets: Vec<(String, String)> = sqlx::query_as(
        "SELECT target, target_id FROM kos_course_targets WHERE brand_id = $1 AND course_id = $2 \
         ORDER BY target, target_id",
    )
    .bind(brand)
    .bind(id)
    .fetch_all(&mut *conn)
    .await?;
    let targets = targets
        .into_iter()
        .map(|(k, id)| {
            k.parse::<CourseTarget>()
                .map(|k| (k, id))
                .map_err(|e| StoreError::Corrupt(e.to_string()))
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(CourseRow {
        id: c.id,
        course: NewCourse {
            title: c.title,
            body: c.body,
            video_url: c.video_url,
            quiz: from_json(&c.quiz)?,
            pass_percent: c.pass_percent,
            status: c.status,
            targets,
        },
        created_by: c.created_by,
        created_at: c.created_at,
        updated_at: c.updated_at,
    })
}

fn store_of(staff: &StaffRow) -> String {
    staff.store_id.clone().unwrap_or_default()
}

#[async_trait]
impl KosTrainingStore for SqlStore {
    async fn create_course(
        &self,
        brand: &str,
        c: &NewCourse,
        by: &str,
        at: i64,
    ) -> Result<CourseRow> {
        let id = new_id();
        let mut c = c.clone();
        c.targets = check_targets(&c.targets);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO kos_courses (brand_id, id, title, body, video_url, quiz, pass_percent, status, created_by, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10)",
        )
        .bind(brand)
        .bind(&id)
        .bind(&c.title)
        .bind(&c.body)
        .bind(&c.video_url)
        .bind(to_json(&c.quiz))
        .bind(c.pass_percent)
        .bind(c.status.as_str())
        .bind(by)
        .bind(at)
        .execute(&mut *tx)
        .await?;
        write_targets(&mut tx, brand, &id, &c.targets).await?;
        let audit = AuditEntry::operator(brand, by, "kos.course.create", ("kos_course", &id), at)
            .after(audit_look(&c));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(CourseRow {
            id,
            course: c,
            created_by: by.to_string(),
            created_at: at,
            updated_at: at,
        })
    }

    async fn update_course(
        &self,
        brand: &str,
        id: &str,
        c: &NewCourse,
        by: &str,
        at: i64,
    ) -> Result<CourseRow> {
        let mut c = c.clone();
        c.targets = check_targets(&c.targets);
        let mut tx = self.pool.begin().await?;
        crate::selection::lock_row(&mut tx, "kos_courses", brand, id).await?;
        let before = load_course(&mut tx, brand, id).await?;
        sqlx::query(
            "UPDATE kos_courses SET title = $3, body = $4, video_url = $5, quiz = $6, pass_percent = $7, \
             status = $8, updated_at = $9 WHERE brand_id = $1 AND id = $2",
        )
        .bind(brand)
        .bind(id)
        .bind(&c.title)
        .bind(&c.body)
        .bind(&c.video_url)
        .bind(to_json(&c.quiz))
        .bind(c.pass_percent)
        .bind(c.status.as_str())
        .bind(at)
        .execute(&mut *tx)
        .await?;
        write_targets(&mut tx, brand, id, &c.targets).await?;
        let audit = AuditEntry::operator(brand, by, "kos.course.update", ("kos_course", id), at)
            .before(audit_look(&before.course))
            .after(audit_look(&c));
        insert_audit(&mut tx, &audit).await?;
        tx.commit().await?;
        Ok(CourseRow {
            id: id.to_string(),
            course: c,
            created_by: before.created_by,
            created_at: before.created_at,
            updated_at: at,
        })
    }

    async fn course(&self, brand: &str, id: &str) -> Result<CourseRow> {
        let mut conn = self.pool.acquire().await?;
        load_course(&mut conn, brand, id).await
    }

    async fn courses(&self, brand: &str, page: Page) -> Result<Vec<CourseSummary>> {
        Ok(sqlx::query_as(
            "SELECT c.id, c.title, c.status, c.pass_percent, \
               (SELECT COUNT(*) FROM kos_course_targets t WHERE t.brand_id = c.brand_id AND t.course_id = c.id) AS targets, \
               (SELECT COUNT(DISTINCT a.staff_id) FROM kos_course_attempts a WHERE a.brand_id = c.brand_id AND a.course_id = c.id) AS attempted, \
               (SELECT COUNT(DISTINCT a.staff_id) FROM kos_course_attempts a WHERE a.brand_id = c.brand_id AND a.course_id = c.id \
                  AND a.passed = 1) AS passed, \
               c.updated_at \
             FROM kos_courses c WHERE c.brand_id = $1 ORDER BY c.created_at DESC, c.id DESC LIMIT $2 OFFSET $3",
        )
        .bind(brand)
        .bind(page.limit)
        .bind(page.offset)
        .fetch_all(&self.pool)
        .await?)
    }

    async fn my_courses(&self, brand: &str, staff: &StaffRow) -> Result<Vec<MyCourseRow>> {
        let sql = format!(
            "SELECT c.id, c.title, c.pass_percent, \
               (SELECT MAX(a.score_percent) FROM kos_course_attempts a WHERE a.brand_id = c.brand_id \
                  AND a.course_id = c.id AND a.staff_id = $4) AS best_percent, \
               (SELECT COALESCE(MAX(a.passed), 0) FROM kos_course_attempts a WHERE a.brand_id = c.brand_id \
                  AND a.course_id = c.id AND a.staff_id = $4) AS passed, \
               c.updated_at \
             FROM kos_courses c WHERE c.brand_id = $1 AND c.status = 'published' AND {} \
             ORDER BY c.created_at DESC, c.id DESC LIMIT 200",
            assigned("c")
        );
        let rows: Vec<(String, String, i64, Option<i64>, i64, i64)> =
            sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(brand)
                .bind(staff.kos_role.as_str())
                .bind(store_of(staff))
                .bind(&staff.id)
                .bind(managed_region(staff))
                .fetch_all(&self.pool)
                .await?;
        Ok(rows
            .into_iter()
            .map(
                |(id, title, pass_percent, best_percent, passed, updated_at)| MyCourseRow {
                    id,
                    title,
                    pass_percent,
                    best_percent,
                    passed: passed != 0,
                    updated_at,
                },
            )
            .collect())
    }

    async fn my_course(&self, brand: &str, staff: &StaffRow, id: &str) -> Result<StaffCourse> {
        let sql = format!(
            "SELECT c.id FROM kos_courses c WHERE c.brand_id = $1 AND c.id = $4 AND c.status = 'published' AND {}",
            assigned("c")
        );
        let found: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(staff.kos_role.as_str())
            .bind(store_of(staff))
            .bind(id)
            .bind(managed_region(staff))
            .fetch_optional(&self.pool)
            .await?;
        one(found)?;
        let c = self.course(brand, id).await?;
        let best: (Option<i64>, Option<i64>) = sqlx::query_as(
            "SELECT MAX(score_percent), MAX(passed) FROM kos_course_attempts \
             WHERE brand_id = $1 AND course_id = $2 AND staff_id = $3",
        )
        .bind(brand)
        .bind(id)
        .bind(&staff.id)
        .fetch_one(&self.pool)
        .await?;
        Ok(StaffCourse {
            id: c.id,
            title: c.course.title,
            body: c.course.body,
            video_url: c.course.video_url,
            pass_percent: c.course.pass_percent,
            questions: c.course.quiz.for_staff(),
            best_percent: best.0,
            passed: best.1.unwrap_or(0) != 0,
        })
    }

    async fn take_course(
        &self,
        brand: &str,
        staff: &StaffRow,
        id: &str,
        answers: &[u8],
        at: i64,
    ) -> Result<AttemptRow> {
        let mut tx = self.pool.begin().await?;
        // The first write: the course row, so an edit waits for the
        // attempt (the score is against the key the staff member saw).
        let sql = format!(
            "UPDATE kos_courses SET id = id WHERE brand_id = $1 AND id = $4 AND status = 'published' \
             AND {}",
            assigned("kos_courses")
        );
        let n = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(staff.kos_role.as_str())
            .bind(store_of(staff))
            .bind(id)
            .bind(managed_region(staff))
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if n == 0 {
            return Err(StoreError::NotFound);
        }
        let course = load_course(&mut tx, brand, id).await?;
        let pass = u32::try_from(course.course.pass_percent.clamp(0, 100)).unwrap_or(100);
        let result = course.course.quiz.score(answers, pass);
        let attempt = new_id();
        sqlx::query(
            "INSERT INTO kos_course_attempts (brand_id, id, course_id, staff_id, store_id, region_id, answers, \
             correct, total, score_percent, passed, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(brand)
        .bind(&attempt)
        .bind(id)
        .bind(&staff.id)
        .bind(store_of(staff))
        .bind(&staff.region_id)
        .bind(to_json(&answers))
        .bind(i64::from(result.correct))
        .bind(i64::from(result.total))
        .bind(i64::from(result.percent))
        .bind(i64::from(result.passed))
        .bind(at)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(AttemptRow {
            id: attempt,
            course_id: id.to_string(),
            staff_id: staff.id.clone(),
            result,
            created_at: at,
        })
    }

    async fn course_results(
        &self,
        brand: &str,
        id: &str,
        scope: &KosScope,
        page: Page,
    ) -> Result<Vec<CourseResultRow>> {
        let (cond, vals) = staff_scoped(scope, 5);
        let sql = format!(
            "SELECT s.id AS staff_id, s.name, COALESCE(s.store_id, '') AS store_id, COALESCE(st.name, '') AS store_name, \
               (SELECT COUNT(*) FROM kos_course_attempts a WHERE a.brand_id = s.brand_id AND a.course_id = $2 \
                  AND a.staff_id = s.id) AS attempts, \
               (SELECT MAX(a.score_percent) FROM kos_course_attempts a WHERE a.brand_id = s.brand_id \
                  AND a.course_id = $2 AND a.staff_id = s.id) AS best_percent, \
               (SELECT COALESCE(MAX(a.passed), 0) FROM kos_course_attempts a WHERE a.brand_id = s.brand_id \
                  AND a.course_id = $2 AND a.staff_id = s.id) AS passed, \
               (SELECT MAX(a.created_at) FROM kos_course_attempts a WHERE a.brand_id = s.brand_id \
                  AND a.course_id = $2 AND a.staff_id = s.id) AS last_at \
             FROM kos_staff s LEFT JOIN kos_stores st ON st.brand_id = s.brand_id AND st.id = s.store_id \
             WHERE s.brand_id = $1 AND s.left_on IS NULL AND EXISTS (SELECT 1 FROM kos_course_targets t \
               WHERE t.brand_id = s.brand_id AND t.course_id = $2 AND ((t.target = 'kos_role' AND t.target_id = s.kos_role) \
               OR (t.target = 'store' AND t.target_id = s.store_id))) AND {cond} \
             ORDER BY COALESCE(st.name, ''), s.name, s.id LIMIT $3 OFFSET $4"
        );
        // The course must exist in the brand and, for a manager, be
        // assigned to a KOS role or to a store in their scope (another
        // store's course is not found, never an empty list).
        let (visible, store) = match scope {
            KosScope::Brand => ("1 = 1", String::new()),
            KosScope::Store(s) | KosScope::Own { store: s, .. } => (
                "EXISTS (SELECT 1 FROM kos_course_targets t WHERE t.brand_id = c.brand_id AND t.course_id = c.id \
                 AND (t.target = 'kos_role' OR t.target_id = $3))",
                s.clone(),
            ),
            KosScope::Region(r) => (
                "EXISTS (SELECT 1 FROM kos_course_targets t WHERE t.brand_id = c.brand_id AND t.course_id = c.id \
                 AND (t.target = 'kos_role' OR t.target_id IN (SELECT ks.id FROM kos_stores ks \
                 WHERE ks.brand_id = c.brand_id AND ks.region_id = $3)))",
                r.clone(),
            ),
        };
        let check = format!(
            "SELECT c.id FROM kos_courses c WHERE c.brand_id = $1 AND c.id = $2 AND ($3 = $3) AND {visible}"
        );
        let exists: Option<String> = sqlx::query_scalar(sqlx::AssertSqlSafe(check))
            .bind(brand)
            .bind(id)
            .bind(store)
            .fetch_optional(&self.pool)
            .await?;
        one(exists)?;
        let mut q = sqlx::query_as::<_, CourseResultRow>(sqlx::AssertSqlSafe(sql))
            .bind(brand)
            .bind(id)
            .bind(page.limit)
            .bind(page.offset);
        for v in vals {
            q = q.bind(v);
        }
        Ok(q.fetch_all(&self.pool).await?)
    }
}

//! The KOS program's scopes (issue 17): what part of the organisation a
//! caller sees. A brand operator sees the whole brand; a regional manager
//! their region; a store manager their store; a staff member their own
//! records (leads, notes, accounts) and their store's shared material.
//!
//! The store turns a scope into a SQL filter, so a record outside it is
//! simply not found (404), never "forbidden": a store manager cannot even
//! learn that another store's lead exists.

use crate::words::StaffRole;

/// The part of a brand's KOS organisation a caller may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KosScope {
    /// Brand operators: every region, store and staff member.
    Brand,
    /// A regional manager: the stores of this region and their staff.
    Region(String),
    /// A store manager: this store and its staff.
    Store(String),
    /// A staff member: their own records, in their store.
    Own { staff: String, store: String },
}

impl KosScope {
    /// The scope of a staff member of `role`, working at `store` (none for
    /// a regional manager) in `region`. A staff member or store manager
    /// without a store sees only their own records.
    pub fn of_staff(role: StaffRole, staff: &str, store: Option<&str>, region: &str) -> KosScope {
        match (role, store) {
            (StaffRole::RegionalManager, _) => KosScope::Region(region.to_string()),
            (StaffRole::StoreManager, Some(s)) => KosScope::Store(s.to_string()),
            (StaffRole::Staff | StaffRole::StoreManager, store) => KosScope::Own {
                staff: staff.to_string(),
                store: store.unwrap_or_default().to_string(),
            },
        }
    }

    /// Whether a record of staff member `staff` at `store` in `region` is
    /// inside the scope (for records already loaded; lists filter in SQL).
    pub fn may_see(&self, staff: &str, store: &str, region: &str) -> bool {
        match self {
            KosScope::Brand => true,
            KosScope::Region(r) => r == region,
            KosScope::Store(s) => s == store,
            KosScope::Own { staff: me, .. } => me == staff,
        }
    }

    /// Whether the scope manages others (a store, a region or the brand).
    pub fn manages(&self) -> bool {
        !matches!(self, KosScope::Own { .. })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_role_sees_its_part() {
        let staff = KosScope::of_staff(StaffRole::Staff, "p1", Some("s1"), "r1");
        let store = KosScope::of_staff(StaffRole::StoreManager, "m1", Some("s1"), "r1");
        let region = KosScope::of_staff(StaffRole::RegionalManager, "g1", None, "r1");
        let cases = [
            // (scope, staff, store, region, sees)
            (&staff, "p1", "s1", "r1", true),
            (&staff, "p2", "s1", "r1", false),
            (&store, "p2", "s1", "r1", true),
            (&store, "p3", "s2", "r1", false),
            (&region, "p3", "s2", "r1", true),
            (&region, "p4", "s3", "r2", false),
            (&KosScope::Brand, "p4", "s3", "r2", true),
        ];
        for (scope, p, s, r, sees) in cases {
            assert_eq!(scope.may_see(p, s, r), sees, "{scope:?} {p} {s} {r}");
        }
        assert!(!staff.manages());
        assert!(store.manages() && region.manages() && KosScope::Brand.manages());
    }

    #[test]
    fn a_manager_without_a_store_sees_only_their_own() {
        let s = KosScope::of_staff(StaffRole::StoreManager, "m1", None, "r1");
        assert_eq!(
            s,
            KosScope::Own {
                staff: "m1".into(),
                store: String::new()
            }
        );
    }
}

//! Domain words with a fixed set of values: the states of applications,
//! campaigns, sign-ups, submissions, task assignments and recruitments,
//! the kinds of things, the channels, and the operators' roles with what
//! each may do.
//!
//! Each is an enum serialised as the same snake_case string the wire and
//! the database have always carried, so nothing stored or sent changes.
//! `FromStr` is strict: an unknown value is an [`UnknownWord`] error, never
//! a fall-through, and a `match` names every place a new state must be
//! handled. The server, the store (decoding rows) and both apps use these.

use serde::{Deserialize, Serialize};

/// A stored or sent value that is not one of the word's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownWord {
    /// The word's type, e.g. `ApplicationStatus`.
    pub word: &'static str,
    pub value: String,
}

impl core::fmt::Display for UnknownWord {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "unknown {} {:?}", self.word, self.value)
    }
}

impl std::error::Error for UnknownWord {}

/// Declares a word: the enum, `ALL`, `as_str`, `Display`, strict `FromStr`,
/// serde as the snake_case string, and (server only) the OpenAPI schema.
macro_rules! word {
    ($(#[$m:meta])* pub enum $name:ident { $($(#[$vm:meta])* $variant:ident = $text:literal,)+ }) => {
        $(#[$m])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
        #[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
        pub enum $name {
            $($(#[$vm])* #[serde(rename = $text)] $variant,)+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl core::fmt::Display for $name {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl core::str::FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                match s {
                    $($text => Ok($name::$variant),)+
                    _ => Err(UnknownWord { word: stringify!($name), value: s.to_string() }),
                }
            }
        }

        /// Read through the strict `FromStr` (no derived visitor: every
        /// word decoded in the apps' first load costs wasm bytes).
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d)?.parse().map_err(serde::de::Error::custom)
            }
        }

        impl TryFrom<String> for $name {
            type Error = UnknownWord;
            fn try_from(s: String) -> Result<Self, UnknownWord> {
                s.parse()
            }
        }

        impl From<$name> for String {
            fn from(w: $name) -> String {
                w.as_str().to_string()
            }
        }

        impl PartialEq<str> for $name {
            fn eq(&self, other: &str) -> bool {
                self.as_str() == other
            }
        }

        impl PartialEq<&str> for $name {
            fn eq(&self, other: &&str) -> bool {
                self.as_str() == *other
            }
        }
    };
}

word! {
    /// An application to join the program.
    pub enum ApplicationStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
        /// The operator asked a question; the applicant answers in the app.
        MoreInfo = "more_info",
    }
}

word! {
    pub enum CampaignStatus {
        Draft = "draft",
        /// Visible to members; its rule set is frozen.
        Published = "published",
        Closed = "closed",
        Settled = "settled",
    }
}

word! {
    /// A member's sign-up for a campaign.
    pub enum SignupStatus {
        /// Before the operator confirmed the selection.
        Pending = "pending",
        Selected = "selected",
        /// With a place in line (`position`, 1 = next in).
        Waitlisted = "waitlisted",
        NotSelected = "not_selected",
        Withdrawn = "withdrawn",
    }
}

word! {
    /// A submitted note (an appeal is a flag on a rejected one).
    pub enum SubmissionStatus {
        Pending = "pending",
        Approved = "approved",
        Rejected = "rejected",
    }
}

word! {
    /// A member's assignment of a task.
    pub enum AssignmentStatus {
        Assigned = "assigned",
        Submitted = "submitted",
        Approved = "approved",
        Rejected = "rejected",
        /// Approved and its reward credited.
        Rewarded = "rewarded",
    }
}

word! {
    pub enum RecruitmentStatus {
        Open = "open",
        Closed = "closed",
    }
}

word! {
    pub enum RecruitmentKind {
        /// A batch, e.g. for a product launch.
        OneOff = "one_off",
        /// Always open, a new theme every month.
        LongRunning = "long_running",
    }
}

word! {
    pub enum RecruitmentPurpose {
        Trial = "trial",
        Feedback = "feedback",
        Seeding = "seeding",
        Distribution = "distribution",
    }
}

word! {
    /// Where an application came from (`direct`: no invitation link).
    pub enum Channel {
        Direct = "direct",
        Wechat = "wechat",
        MemberPool = "member_pool",
        Partner = "partner",
        InStore = "in_store",
        OneToOne = "one_to_one",
    }
}

impl Channel {
    /// The channels an invitation link can carry.
    pub const LINKED: [Channel; 5] = [
        Channel::Wechat,
        Channel::MemberPool,
        Channel::Partner,
        Channel::InStore,
        Channel::OneToOne,
    ];
}

word! {
    /// The note type a campaign asks for.
    pub enum NoteType {
        Any = "any",
        Image = "image",
        Video = "video",
    }
}

word! {
    /// Who holds a session, owns an upload, or acted in the audit log.
    pub enum ActorKind {
        Member = "member",
        Operator = "operator",
        System = "system",
        /// A KOS staff member (issue 17), signed in to the staff app.
        Staff = "staff",
    }
}

word! {
    /// A line in a member's inbox.
    pub enum NotificationKind {
        Selected = "selected",
        Waitlisted = "waitlisted",
        MovedUp = "moved_up",
        NotSelected = "not_selected",
        ApplicationApproved = "application_approved",
        ApplicationRejected = "application_rejected",
        ApplicationMoreInfo = "application_more_info",
        NoteApproved = "note_approved",
        NoteRejected = "note_rejected",
        PointsCredited = "points_credited",
        TaskAssigned = "task_assigned",
        TaskApproved = "task_approved",
        TaskRejected = "task_rejected",
        SampleShipped = "sample_shipped",
        /// A redeemed gift was shipped (issue 16: rewards).
        RewardShipped = "reward_shipped",
        /// A redemption was cancelled and its points returned.
        RedemptionCancelled = "redemption_cancelled",
        /// The member's tier moved (detail: from, to, reason).
        TierChanged = "tier_changed",
        /// A senior one low note away from demotion (detail: low notes,
        /// window, the bar).
        DemotionWarning = "demotion_warning",
    }
}

/// An application without an invitation came `direct`.
impl Default for Channel {
    fn default() -> Channel {
        Channel::Direct
    }
}

word! {
    /// An operator's role in a brand.
    pub enum Role {
        Owner = "owner",
        Operator = "operator",
        Reviewer = "reviewer",
        Analyst = "analyst",
    }
}

word! {
    /// What an operator may do beyond reading, which every role may. The
    /// OpenAPI scopes of the operator routes are these names (and `read`).
    pub enum Perm {
        /// Decide applications and submissions.
        Review = "review",
        /// Plan themes and campaigns, record metrics, settle.
        Operate = "operate",
        /// Read the audit log.
        Audit = "audit",
        /// Invite operators, change roles, remove operators.
        Manage = "manage",
    }
}

impl Role {
    /// The one table of who may do what; the server enforces it and the
    /// admin app hides what a role cannot do from it.
    pub fn allows(self, perm: Perm) -> bool {
        match perm {
            Perm::Review => matches!(self, Role::Owner | Role::Operator | Role::Reviewer),
            Perm::Operate => matches!(self, Role::Owner | Role::Operator),
            Perm::Audit | Perm::Manage => matches!(self, Role::Owner),
        }
    }
}

word! {
    /// What an SMS code is for; a code sent for one purpose never serves
    /// another.
    pub enum CodePurpose {
        SignUp = "sign_up",
        LogIn = "log_in",
        Reset = "reset",
        /// A KOS staff member's log-in to the staff app (issue 17).
        StaffLogIn = "staff_log_in",
    }
}

word! {
    /// A points account. The brand's: `budget` (every point earned comes
    /// out of it, so it runs negative by what has been issued), `expired`,
    /// `redeemed` (rewards), `checkout` (points spent as cash at the till).
    /// A member's: `available` (what they may spend) and `held` (reserved by
    /// a till until it is captured or released).
    /// Issue 17 (KOS incentives): a staff member's `staff_points` and
    /// `staff_cash` (a cash reward owed, in fen), paid out of the brand's
    /// `staff_budget` (points) and `staff_rewards` (fen). Points and fen
    /// never meet in one posting ([`Account::unit`]).
    pub enum Account {
        Budget = "budget",
        Expired = "expired",
        Redeemed = "redeemed",
        Checkout = "checkout",
        Available = "available",
        Held = "held",
        StaffBudget = "staff_budget",
        StaffRewards = "staff_rewards",
        StaffPoints = "staff_points",
        StaffCash = "staff_cash",
    }
}

impl Account {
    /// Whether the account is a member's (its lines name the member).
    pub fn is_member(self) -> bool {
        self.holder() == Some(HolderKind::Member)
    }

    /// Who holds the account: a member, a staff member, or nobody (one of
    /// the brand's own accounts, whose lines name no holder).
    pub fn holder(self) -> Option<HolderKind> {
        match self {
            Account::Available | Account::Held => Some(HolderKind::Member),
            Account::StaffPoints | Account::StaffCash => Some(HolderKind::Staff),
            Account::Budget
            | Account::Expired
            | Account::Redeemed
            | Account::Checkout
            | Account::StaffBudget
            | Account::StaffRewards => None,
        }
    }

    /// What the account counts: points, or fen of cash.
    pub fn unit(self) -> RewardUnit {
        match self {
            Account::StaffRewards | Account::StaffCash => RewardUnit::Fen,
            Account::Budget
            | Account::Expired
            | Account::Redeemed
            | Account::Checkout
            | Account::Available
            | Account::Held
            | Account::StaffBudget
            | Account::StaffPoints => RewardUnit::Points,
        }
    }
}

word! {
    /// Why points moved: every ledger posting has one. The member's
    /// history explains each line by it.
    pub enum PostingReason {
        NoteSettled = "note_settled",
        TaskApproved = "task_approved",
        Adjustment = "adjustment",
        Expiry = "expiry",
        Redemption = "redemption",
        RedemptionCancelled = "redemption_cancelled",
        CheckoutHold = "checkout_hold",
        CheckoutCapture = "checkout_capture",
        CheckoutRelease = "checkout_release",
        CheckoutRefund = "checkout_refund",
        /// A KOS incentive paid to a staff member (issue 17): a
        /// competition prize, an account-growth or a sales reward; its
        /// reversal carries the same reason with `reverses` set.
        StaffReward = "staff_reward",
    }
}

impl PostingReason {
    /// Whether the posting earns points (they count as earned in their
    /// month for expiry, first in, first out).
    pub fn earns(self) -> bool {
        matches!(
            self,
            PostingReason::NoteSettled | PostingReason::TaskApproved
        )
    }
}

word! {
    /// An operator's adjustment: points into the member's available
    /// account (`credit`) or out of it (`debit`).
    pub enum AdjustmentDirection {
        Credit = "credit",
        Debit = "debit",
    }
}

/// A new application waits for review.
impl Default for ApplicationStatus {
    fn default() -> Self {
        ApplicationStatus::Pending
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check<W>(all: &[W], texts: &[&str])
    where
        W: Copy + core::fmt::Debug + PartialEq + core::str::FromStr + Serialize,
        W: Into<String>,
    {
        assert_eq!(all.len(), texts.len());
        for (w, t) in all.iter().zip(texts) {
            let s: String = (*w).into();
            assert_eq!(&s, t);
            assert_eq!(t.parse::<W>().ok(), Some(*w));
        }
    }

    #[test]
    fn words_keep_their_stored_strings() {
        check(
            Account::ALL,
            &[
                "budget",
                "expired",
                "redeemed",
                "checkout",
                "available",
                "held",
                "staff_budget",
                "staff_rewards",
                "staff_points",
                "staff_cash",
            ],
        );
        check(
            PostingReason::ALL,
            &[
                "note_settled",
                "task_approved",
                "adjustment",
                "expiry",
                "redemption",
                "redemption_cancelled",
                "checkout_hold",
                "checkout_capture",
                "checkout_release",
                "checkout_refund",
                "staff_reward",
            ],
        );
        check(
            ApplicationStatus::ALL,
            &["pending", "approved", "rejected", "more_info"],
        );
        check(
            CampaignStatus::ALL,
            &["draft", "published", "closed", "settled"],
        );
        check(
            SignupStatus::ALL,
            &[
                "pending",
                "selected",
                "waitlisted",
                "not_selected",
                "withdrawn",
            ],
        );
        check(SubmissionStatus::ALL, &["pending", "approved", "rejected"]);
        check(
            AssignmentStatus::ALL,
            &["assigned", "submitted", "approved", "rejected", "rewarded"],
        );
        check(Role::ALL, &["owner", "operator", "reviewer", "analyst"]);
        check(
            Channel::ALL,
            &[
                "direct",
                "wechat",
                "member_pool",
                "partner",
                "in_store",
                "one_to_one",
            ],
        );
    }

    #[test]
    fn kinds_of_koc() {
        check(KocDomain::ALL, &["public", "private"]);
        check(
            KocOrigin::ALL,
            &["brand_lover", "incubated", "partner_creator"],
        );
    }

    #[test]
    fn code_purposes() {
        check(
            CodePurpose::ALL,
            &["sign_up", "log_in", "reset", "staff_log_in"],
        );
    }

    #[test]
    fn kos_words() {
        check(
            StaffRole::ALL,
            &["staff", "store_manager", "regional_manager"],
        );
        check(
            KosRole::ALL,
            &["shopping_assistant", "topic_expert", "personal_partner"],
        );
        check(StaffMoveKind::ALL, &["joined", "moved", "left", "rejoined"]);
        check(ActorKind::ALL, &["member", "operator", "system", "staff"]);
    }

    #[test]
    fn unknown_values_are_errors() {
        for bad in ["", "Approved", "approved ", "accepted"] {
            let e = bad.parse::<ApplicationStatus>().unwrap_err();
            assert_eq!(e.word, "ApplicationStatus");
            assert_eq!(e.value, bad);
        }
    }

    #[test]
    fn serde_uses_the_same_strings() {
        let json = serde_json::to_string(&SignupStatus::NotSelected).unwrap();
        assert_eq!(json, "\"not_selected\"");
        let back: SignupStatus = serde_json::from_str("\"waitlisted\"").unwrap();
        assert_eq!(back, SignupStatus::Waitlisted);
        assert!(serde_json::from_str::<SignupStatus>("\"nope\"").is_err());
    }

    #[test]
    fn roles_and_permissions() {
        use Perm::*;
        let table = [
            (Role::Owner, [true, true, true, true]),
            (Role::Operator, [true, true, false, false]),
            (Role::Reviewer, [true, false, false, false]),
            (Role::Analyst, [false, false, false, false]),
        ];
        for (role, expect) in table {
            for (perm, want) in [Review, Operate, Audit, Manage].into_iter().zip(expect) {
                assert_eq!(role.allows(perm), want, "{role} {perm}");
            }
        }
    }
}

word! {
    /// Where a KOC is active (DOMAIN.md "Kinds of KOC"): on open
    /// platforms, or in the brand's own community, app or groups.
    pub enum KocDomain {
        Public = "public",
        Private = "private",
    }
}

word! {
    /// How a KOC came to the program (DOMAIN.md "Kinds of KOC").
    pub enum KocOrigin {
        /// An organic fan, rewarded with resources and recognition.
        BrandLover = "brand_lover",
        /// Recruited and trained by the brand.
        Incubated = "incubated",
        /// A paid collaboration: notes carry the ad disclosure.
        PartnerCreator = "partner_creator",
    }
}

word! {
    /// A language the apps speak: a brand's default for visitors who have
    /// not chosen one.
    pub enum Language {
        ZhCn = "zh-CN",
        En = "en",
    }
}

word! {
    /// Where a checkout hold is (issue 16: checkout): `held` until the till
    /// captures or releases it (or its time-out releases it); a captured
    /// hold may be `refunded`.
    pub enum HoldStatus {
        Held = "held",
        Captured = "captured",
        Released = "released",
        Refunded = "refunded",
    }
}

word! {
    /// What a reward of the catalogue is (issue 16: rewards).
    pub enum RewardKind {
        /// A coupon: a code from the uploaded pool, or one shared code.
        Coupon = "coupon",
        /// A cash voucher for the brand's checkout, worth `voucher_fen`.
        Voucher = "voucher",
        /// A product sent to the member (address, courier, tracking).
        Gift = "gift",
        /// An event with seats.
        Experience = "experience",
    }
}

word! {
    /// A redemption's fulfilment: `pending` → `issued` (codes, vouchers,
    /// seats) or `shipped` (gifts) → `done`; or `cancelled`, the points
    /// returned by a reversing posting.
    pub enum RedemptionStatus {
        Pending = "pending",
        Issued = "issued",
        Shipped = "shipped",
        Done = "done",
        Cancelled = "cancelled",
    }
}

word! {
    /// Why a member may not redeem a reward now (`rules::rewards::why_not`).
    pub enum RewardBlock {
        /// The availability window has not opened.
        NotOpen = "not_open",
        /// The availability window has closed, or the reward was withdrawn.
        Closed = "closed",
        SoldOut = "sold_out",
        /// Needs a higher tier (`need` names it).
        TierTooLow = "tier_too_low",
        /// Needs a better class (`need` names it).
        ClassTooLow = "class_too_low",
        /// The member's redemptions of it reached the per-member limit.
        LimitReached = "limit_reached",
        NotEnoughPoints = "not_enough_points",
        /// Only approved KOCs redeem.
        NotApproved = "not_approved",
    }
}

word! {
    /// A KOS staff member's place in the organisation (issue 17), which
    /// decides what they see (`rules::kos::KosScope`): plain staff their
    /// own records, a store manager their store, a regional manager their
    /// region.
    pub enum StaffRole {
        Staff = "staff",
        StoreManager = "store_manager",
        RegionalManager = "regional_manager",
    }
}

word! {
    /// The KOS role a staff member plays (DOMAIN.md 2): shopping assistant
    /// (information and service at any time), topic expert (topics and
    /// quality content), personal partner (long-term trust in private).
    pub enum KosRole {
        ShoppingAssistant = "shopping_assistant",
        TopicExpert = "topic_expert",
        PersonalPartner = "personal_partner",
    }
}

word! {
    /// A dated line of a staff member's history in the organisation.
    pub enum StaffMoveKind {
        Joined = "joined",
        Moved = "moved",
        Left = "left",
        Rejoined = "rejoined",
    }
}

// issue 17: leads

word! {
    /// Where a KOS lead is on its way from the public domain to the brand
    /// (issue 17: leads), in order: a lead only moves forward
    /// (`rules::kos_leads::may_move`), and a purchase may repeat.
    pub enum LeadStage {
        Contacted = "contacted",
        AddedPrivately = "added_privately",
        JoinedBrandAccount = "joined_brand_account",
        VisitedStore = "visited_store",
        Purchased = "purchased",
        Repurchased = "repurchased",
    }
}

// issue 17: backoffice

word! {
    /// Who a ledger posting's holder accounts belong to: a member
    /// (`available`, `held`) or a staff member (`staff_points`,
    /// `staff_cash`).
    pub enum HolderKind {
        Member = "member",
        Staff = "staff",
    }
}

word! {
    /// How a KOS lead arrived: added by the staff member by hand, through
    /// their personal QR code, or through the store's live code (活码).
    pub enum LeadSource {
        Manual = "manual",
        PersonalCode = "personal_code",
        LiveCode = "live_code",
    }
}

word! {
    /// What an incentive pays in: points, or cash in fen.
    pub enum RewardUnit {
        Points = "points",
        Fen = "fen",
    }
}

word! {
    /// What a lead funnel is grouped by.
    pub enum FunnelBy {
        Staff = "staff",
        Store = "store",
        Region = "region",
        Platform = "platform",
        Template = "template",
    }
}

word! {
    /// A KOS figure goals and competitions count, each computed in SQL
    /// from the program's own records: notes submitted (`kos_notes`),
    /// leads added (`kos_leads`), conversions (purchases and repurchases
    /// in `kos_lead_events`) and their sales in fen.
    pub enum KosMetric {
        Notes = "notes",
        Leads = "leads",
        Conversions = "conversions",
        SalesFen = "sales_fen",
    }
}

word! {
    /// Whom a goal or a competition entry is for: one staff member or a
    /// whole store.
    pub enum KosSubject {
        Staff = "staff",
        Store = "store",
    }
}

word! {
    /// A training course: a draft only operators see; published: staff it
    /// is assigned to take it; archived: kept with its results, no longer
    /// offered.
    pub enum CourseStatus {
        Draft = "draft",
        Published = "published",
        Archived = "archived",
    }
}

word! {
    /// What a course is assigned to: every staff member with a KOS role,
    /// or every staff member of a store.
    pub enum CourseTarget {
        KosRole = "kos_role",
        Store = "store",
    }
}

word! {
    /// Where a competition stands, from its dates and whether its prizes
    /// were paid (`rules::backoffice::competition_phase`).
    pub enum CompetitionPhase {
        Upcoming = "upcoming",
        Running = "running",
        Finished = "finished",
        Paid = "paid",
    }
}

word! {
    /// Why a staff member was rewarded.
    pub enum IncentiveKind {
        /// A prize for a place on a competition's leaderboard.
        Competition = "competition",
        /// Their accounts gained followers.
        AccountGrowth = "account_growth",
        /// Their leads bought.
        Sales = "sales",
    }
}

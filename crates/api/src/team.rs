//! The brand's operators, invitations to join, and the mail sent.

use serde::{Deserialize, Serialize};

api_type! {
    pub struct OperatorView {
        pub id: String,
        pub email: String,
        /// `owner`, `operator`, `reviewer` or `analyst`.
        pub role: rules::Role,
        pub created_at: i64,
        /// Has a confirmed second factor.
        #[serde(default)]
        pub second_factor: bool,
    }
}

api_type! {
    pub struct InviteView {
        /// For revoking it (`DELETE /api/v1/admin/operator-invitations/{id}`);
        /// not the token of the link, which only the invitee holds.
        pub id: String,
        pub email: String,
        pub role: rules::Role,
        pub created_at: i64,
        pub expires_at: i64,
    }
}

api_type! {
    pub struct MailView {
        pub to: String,
        pub subject: String,
        pub created_at: i64,
        pub sent_at: Option<i64>,
        pub attempts: i64,
        pub last_error: Option<String>,
    }
}

api_type! {
    /// The brand's operators, pending invitations and recent mail.
    pub struct TeamView {
        pub operators: Vec<OperatorView>,
        pub invites: Vec<InviteView>,
        pub mail: Vec<MailView>,
        /// Whether mail can be sent (an SMTP server is configured).
        pub mail_enabled: bool,
        /// Owners need a second factor (the brand's rule).
        #[serde(default)]
        pub owners_need_totp: bool,
    }
}

api_type! {
    pub struct OperatorInviteForm {
        pub email: String,
        pub role: String,
    }
}

api_type! {
    /// A new invitation: the link for the owner to copy (it is shown once).
    pub struct InviteLinkView {
        pub link: String,
        pub email: String,
        pub role: rules::Role,
        pub expires_at: i64,
        /// Also mailed (queued in the outbox).
        pub mailed: bool,
    }
}

api_type! {
    pub struct RoleForm {
        pub role: String,
    }
}

api_type! {
    /// What an invitation link opens: who is invited where.
    pub struct InvitationView {
        pub brand_name: String,
        pub email: String,
        pub role: rules::Role,
        /// Accepted already, or expired: it cannot be used.
        pub usable: bool,
    }
}

api_type! {
    pub struct AcceptInvitation {
        pub password: String,
    }
}

//! Points as cash at the brand's checkout (issue 16): the brand's API keys
//! (admin settings), the member's one-time payment code (`me`), and the
//! holds the brand's till makes through the signed server-to-server API.

use rules::HoldStatus;
use serde::{Deserialize, Serialize};

api_type! {
    /// A brand API key as owners see it: the id is public, the secret was
    /// shown once, at creation.
    pub struct ApiKeyView {
        /// Sent with every signed call (`X-Seedbed-Key`).
        pub id: String,
        pub label: String,
        pub created_at: i64,
        pub last_used_at: Option<i64>,
        pub revoked_at: Option<i64>,
    }
}

api_type! {
    /// A new key's label (which till or shop it is for).
    pub struct ApiKeyForm {
        pub label: String,
    }
}

api_type! {
    /// A new key with its secret: shown this once, never again.
    pub struct NewApiKey {
        pub key: ApiKeyView,
        /// The HMAC-SHA256 key the brand's server signs with.
        pub secret: String,
    }
}

api_type! {
    /// The member's checkout page: what they have and what a till may take.
    pub struct MyCheckout {
        pub available: i64,
        /// What `available` is worth, in fen.
        pub available_fen: i64,
        pub points_per_yuan: i64,
        /// At most this share of an order is paid with points.
        pub max_percent: i64,
        /// Recent uses, newest first.
        pub holds: Vec<MyHold>,
    }
}

api_type! {
    /// One use of points at a till, as the member sees it.
    pub struct MyHold {
        pub id: String,
        pub points: i64,
        pub discount_fen: i64,
        pub order_fen: i64,
        pub status: HoldStatus,
        pub created_at: i64,
    }
}

api_type! {
    /// A one-time payment code: the number the till types or scans.
    pub struct PaymentCode {
        /// 18 digits.
        pub code: String,
        /// The same number as a QR code (SVG).
        pub qr_svg: String,
        pub expires_at: i64,
    }
}

api_type! {
    /// The till holds points against an order with a member's payment code.
    pub struct HoldRequest {
        /// The member's payment code (spaces allowed).
        pub code: String,
        /// The till's own order reference.
        pub order_ref: String,
        /// The order's amount, in fen.
        pub amount_fen: i64,
    }
}

api_type! {
    /// A hold as the till sees it.
    pub struct HoldView {
        pub id: String,
        pub order_ref: String,
        pub order_fen: i64,
        pub points: i64,
        /// Take this off the order.
        pub discount_fen: i64,
        pub status: HoldStatus,
        pub created_at: i64,
        /// Released after this unless captured.
        pub expires_at: i64,
        pub settled_at: Option<i64>,
        pub refunded_at: Option<i64>,
    }
}

api_type! {
    /// The till uses a member's checkout voucher (a redeemed reward of kind
    /// `voucher`) on an order.
    pub struct VoucherUseRequest {
        /// The voucher's code as the member shows it (spaces, dashes and
        /// lower case allowed).
        pub code: String,
        /// The till's own order reference.
        pub order_ref: String,
    }
}

api_type! {
    /// A voucher taken at the till: what to take off the order.
    pub struct VoucherUsed {
        pub redemption_id: String,
        pub title: String,
        /// The voucher's value, in fen.
        pub voucher_fen: i64,
        pub used_at: i64,
    }
}

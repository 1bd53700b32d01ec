//! Human messages for every error code, in English and zh-CN.
//!
//! The code is the contract; these texts may be improved at any time.

/// (code, English, 简体中文)
const MESSAGES: &[(&str, &str, &str)] = &[
    ("unauthenticated", "Please log in.", "请先登录。"),
    (
        "forbidden",
        "Your role does not allow this.",
        "你的角色无权执行此操作。",
    ),
    ("not_found", "Not found.", "未找到。"),
    (
        "internal",
        "Something went wrong on our side. Please try again.",
        "服务器出了点问题，请稍后重试。",
    ),
    (
        "bad_json",
        "The request body is not valid JSON of the expected shape.",
        "请求内容格式不正确。",
    ),
    (
        "body_too_large",
        "The request is too large.",
        "请求内容过大。",
    ),
    (
        "cross_site_request",
        "Cross-site requests are refused.",
        "拒绝跨站请求。",
    ),
    (
        "invalid_credentials",
        "Wrong phone number, e-mail or password.",
        "账号或密码错误。",
    ),
    (
        "password_mismatch",
        "That is not your password.",
        "密码不正确。",
    ),
    (
        "too_many_attempts",
        "Too many wrong passwords. Wait 15 minutes, then try again.",
        "密码错误次数过多，请 15 分钟后再试。",
    ),
    (
        "brand_required",
        "This e-mail operates several brands: choose one.",
        "该邮箱属于多个品牌，请选择品牌。",
    ),
    (
        "phone_malformed",
        "Enter an 11-digit mainland mobile number.",
        "请输入 11 位中国大陆手机号。",
    ),
    (
        "phone_taken",
        "This phone number is already registered. Log in instead.",
        "该手机号已注册，请直接登录。",
    ),
    (
        "password_too_short",
        "The password needs at least 8 characters.",
        "密码至少需要 8 个字符。",
    ),
    (
        "password_too_long",
        "The password is too long (at most 128 characters).",
        "密码过长（最多 128 个字符）。",
    ),
    (
        "consent_required",
        "Please agree to the program terms and to data processing.",
        "请同意活动条款和个人信息处理规则。",
    ),
    (
        "field_required",
        "Please fill in every required field.",
        "请填写所有必填项。",
    ),
    ("field_too_long", "A field is too long.", "有字段内容过长。"),
    (
        "idempotency_key_invalid",
        "The Idempotency-Key header must be 1 to 200 printable ASCII characters.",
        "Idempotency-Key 请求头须为 1 到 200 个可打印 ASCII 字符。",
    ),
    (
        "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request.",
        "该 Idempotency-Key 已用于另一个不同的请求。",
    ),
    (
        "idempotency_in_progress",
        "The first request with this Idempotency-Key is still running; retry shortly.",
        "使用该 Idempotency-Key 的请求仍在处理中，请稍后重试。",
    ),
    (
        "control_characters",
        "Remove the control characters from your input.",
        "输入中含有不可见的控制字符，请删除。",
    ),
    (
        "social_account_required",
        "Add at least one social account.",
        "请至少添加一个社交账号。",
    ),
    (
        "social_account_invalid",
        "A social account is incomplete or has an unknown platform.",
        "社交账号信息不完整或平台不支持。",
    ),
    (
        "application_exists",
        "You have already applied.",
        "你已提交过申请。",
    ),
    (
        "application_not_approved",
        "Your KOC application has not been approved yet.",
        "你的 KOC 申请尚未通过。",
    ),
    (
        "already_decided",
        "This has already been decided.",
        "该项已处理。",
    ),
    (
        "reason_required",
        "Give a reason for the rejection.",
        "拒绝时请填写原因。",
    ),
    (
        "month_malformed",
        "The month must look like 2026-12.",
        "月份格式应为 2026-12。",
    ),
    (
        "date_malformed",
        "Dates must look like 2026-12-31.",
        "日期格式应为 2026-12-31。",
    ),
    (
        "dates_out_of_order",
        "Sign-up must close before publishing ends, and settlement come last.",
        "报名截止须早于发布截止，结算日须在最后。",
    ),
    (
        "multiplier_invalid",
        "The points multiplier must be a whole percentage from 0 to 1,000.",
        "积分倍数须为 0 到 1000 之间的整数百分比。",
    ),
    (
        "slots_invalid",
        "Slots must be between 1 and 100000.",
        "名额须在 1 到 100000 之间。",
    ),
    ("platform_unknown", "Unknown platform.", "不支持的平台。"),
    (
        "theme_month_taken",
        "This month already has a theme.",
        "该月份已有主题。",
    ),
    (
        "signup_closed",
        "Sign-up for this campaign has closed.",
        "该活动报名已截止。",
    ),
    (
        "already_signed_up",
        "You have already signed up.",
        "你已报名。",
    ),
    (
        "not_signed_up",
        "Sign up for the campaign before submitting a note.",
        "请先报名该活动再提交笔记。",
    ),
    (
        "campaign_settled",
        "This campaign has been settled.",
        "该活动已结算。",
    ),
    (
        "platform_not_allowed",
        "This campaign does not accept notes from that platform.",
        "该活动不接受此平台的笔记。",
    ),
    (
        "note_already_submitted",
        "This note has already been submitted.",
        "该笔记已被提交过。",
    ),
    (
        "rule_negative",
        "Rule values must not be negative.",
        "规则中的数值不能为负。",
    ),
    (
        "rule_too_large",
        "A rule value is too large (at most 1,000,000,000; percentages at most 1,000 %; rates at most 50 %).",
        "规则中的数值过大（最多 10 亿；百分比最多 1000%；佣金率最多 50%）。",
    ),
    (
        "rule_zero_step",
        "Steps, thresholds and the sum of weights must be at least 1.",
        "档位、门槛和权重之和至少为 1。",
    ),
    (
        "rule_bands_overlap",
        "Points bands must be in order and must not overlap.",
        "积分档位须按顺序排列且不能重叠。",
    ),
    (
        "rule_out_of_order",
        "Thresholds are in the wrong order.",
        "门槛的先后顺序不正确。",
    ),
    (
        "rule_too_many",
        "Too many entries (at most 16).",
        "条目过多（最多 16 条）。",
    ),
    (
        "rule_duplicate",
        "The same platform, task or tier is listed twice.",
        "同一平台、任务或等级出现了两次。",
    ),
    (
        "link_unresolved",
        "This short link could not be opened. Open it in the app, then copy and paste the full link.",
        "无法打开此短链接。请在 App 中打开后复制完整链接粘贴。",
    ),
    (
        "metrics_invalid",
        "Likes, comments and saves must be whole numbers from 0 to 1,000,000,000.",
        "点赞、评论、收藏须为 0 到 10 亿之间的整数。",
    ),
    (
        "already_settled",
        "The note has been settled; its metrics are final.",
        "该笔记已结算，数据不可再改。",
    ),
    (
        "submission_not_approved",
        "Metrics are recorded for approved notes only.",
        "仅可为已通过的笔记录入数据。",
    ),
    (
        "settlement_not_due",
        "The settlement date has not come yet.",
        "尚未到结算日。",
    ),
    (
        "submissions_pending",
        "Some submissions are still waiting for review.",
        "仍有提交待审核。",
    ),
    (
        "disclosure_undeclared",
        "This campaign is a paid collaboration: confirm that your note carries the platform's ad disclosure mark.",
        "本活动为品牌合作，请确认笔记已添加平台的广告/合作标识。",
    ),
    (
        "disclosure_unconfirmed",
        "Check that the note carries the platform's ad disclosure mark before approving it.",
        "请先核实笔记带有平台的广告/合作标识，再通过审核。",
    ),
    (
        "screenshot_unknown",
        "The screenshot was not found among your uploads.",
        "未在你的上传中找到该截图。",
    ),
    ("upload_empty", "The file is empty.", "文件为空。"),
    (
        "upload_type_refused",
        "Only PNG, JPEG or WebP images can be uploaded.",
        "仅支持上传 PNG、JPEG 或 WebP 图片。",
    ),
    (
        "upload_failed",
        "The file could not be received. Please try again.",
        "文件未能完整接收，请重试。",
    ),
    (
        "too_many_uploads",
        "You have uploaded many files today. Please try again tomorrow.",
        "今天上传的文件已达上限，请明天再试。",
    ),
    (
        "target_not_empty",
        "The target database already holds data; export into an empty one.",
        "目标数据库已有数据，请导出到空数据库。",
    ),
    (
        "filter_malformed",
        "A search filter is malformed.",
        "筛选条件格式不正确。",
    ),
    (
        "not_draft",
        "Only a draft can be edited or published.",
        "只有草稿可以编辑或发布。",
    ),
    (
        "not_published",
        "Only a published campaign can be closed or selected from.",
        "只有已发布的活动才能关闭或进行选拔。",
    ),
    (
        "selection_confirmed",
        "The selection of this campaign is already confirmed; swap people instead.",
        "该活动的名单已确认，请改用调换。",
    ),
    (
        "selection_not_confirmed",
        "Confirm the selection first.",
        "请先确认入选名单。",
    ),
    (
        "too_many_selected",
        "More people selected than the campaign has places.",
        "入选人数超过了活动名额。",
    ),
    (
        "swap_out_not_selected",
        "The person to take out is not selected.",
        "要调出的人不在入选名单中。",
    ),
    (
        "swap_in_not_waiting",
        "The person to put in is not on the waitlist.",
        "要调入的人不在候补名单中。",
    ),
    (
        "campaign_closed",
        "This campaign is closed.",
        "该活动已结束。",
    ),
    (
        "not_withdrawable",
        "This sign-up can no longer be withdrawn.",
        "该报名已无法撤回。",
    ),
    (
        "note_submitted",
        "You have already submitted a note for this campaign, so you cannot withdraw.",
        "你已为该活动提交了笔记，无法撤回报名。",
    ),
    (
        "not_selected",
        "You were not selected for this campaign.",
        "你未入选该活动。",
    ),
    (
        "tier_too_low",
        "Your tier is below what this campaign asks for.",
        "你的等级未达到该活动的要求。",
    ),
    (
        "signup_not_open",
        "Sign-up has not opened yet.",
        "报名尚未开始。",
    ),
    (
        "slots_full",
        "Every place is taken: a sign-up now joins the waitlist.",
        "名额已满，现在报名将进入候补。",
    ),
    (
        "tier_unknown",
        "Unknown tier: use member, junior, intermediate or senior.",
        "未知等级：请使用 member、junior、intermediate 或 senior。",
    ),
    (
        "note_type_unknown",
        "Unknown note type: use any, image or video.",
        "未知笔记类型：请使用 any、image 或 video。",
    ),
    (
        "file_encoding",
        "The file is neither UTF-8 nor GB18030 text. Save it from Excel as CSV.",
        "文件不是 UTF-8 或 GB18030 文本，请在 Excel 中另存为 CSV。",
    ),
    (
        "csv_malformed",
        "The file is not a readable CSV table.",
        "文件不是可读取的 CSV 表格。",
    ),
    (
        "file_too_many_rows",
        "The file has more than 50,000 rows; split it.",
        "文件超过 50,000 行，请拆分后再导入。",
    ),
    ("file_empty", "The file is empty.", "文件是空的。"),
    (
        "columns_missing",
        "The file lacks a needed column; check the header row.",
        "文件缺少必需的列，请检查表头。",
    ),
    (
        "customer_id_invalid",
        "The customer ID is missing or longer than 64 characters.",
        "客户 ID 缺失或超过 64 个字符。",
    ),
    (
        "amount_invalid",
        "The amount is not a number of yuan (e.g. 1,234.50).",
        "金额不是有效的元数（例如 1,234.50）。",
    ),
    (
        "orders_invalid",
        "The order count is not a whole number.",
        "订单数不是整数。",
    ),
    (
        "date_invalid",
        "The date is not a date (e.g. 2026-11-05).",
        "日期格式不正确（例如 2026-11-05）。",
    ),
    (
        "ids_count",
        "Choose between 1 and 500 items.",
        "请选择 1 到 500 项。",
    ),
    (
        "purpose_unknown",
        "Unknown purpose: use trial, feedback, seeding or distribution.",
        "未知目的：请使用 trial、feedback、seeding 或 distribution。",
    ),
    (
        "recruitment_kind_unknown",
        "Unknown kind: use one_off or long_running.",
        "未知类型：请使用 one_off 或 long_running。",
    ),
    (
        "channel_unknown",
        "Unknown channel: use wechat, member_pool, partner, in_store or one_to_one.",
        "未知渠道：请使用 wechat、member_pool、partner、in_store 或 one_to_one。",
    ),
    ("status_unknown", "Unknown status.", "未知状态。"),
    (
        "link_too_long",
        "The link is too long for a QR code.",
        "链接过长，无法生成二维码。",
    ),
    (
        "recruitment_closed",
        "This recruitment is closed.",
        "该招募已关闭。",
    ),
    (
        "invite_code_taken",
        "That invitation code is in use; try again.",
        "邀请码已被占用，请重试。",
    ),
    (
        "no_question",
        "No question is waiting for your answer.",
        "目前没有需要你回复的问题。",
    ),
    (
        "date_in_future",
        "The date is in the future.",
        "日期晚于今天。",
    ),
    (
        "note_unknown",
        "No submitted note of this brand has this link or ID.",
        "本品牌没有提交过这个链接或 ID 的笔记。",
    ),
    (
        "note_missing",
        "The note link or ID is empty.",
        "笔记链接或 ID 为空。",
    ),
    (
        "note_link_invalid",
        "Not a note link or note ID.",
        "不是笔记链接或笔记 ID。",
    ),
    (
        "row_repeated",
        "The same note and date appear earlier in the file.",
        "文件中前面已有同一笔记、同一日期的行。",
    ),
    (
        "sample_days_invalid",
        "Sample days must be between 0 and 90.",
        "样品发布天数须在 0 到 90 之间。",
    ),
    ("task_kind_unknown", "Unknown task kind.", "未知任务类型。"),
    (
        "questions_required",
        "A feedback task needs at least one question.",
        "反馈任务至少需要一个问题。",
    ),
    (
        "reward_invalid",
        "The reward must be between 0 and 100,000 points.",
        "奖励须在 0 到 100,000 积分之间。",
    ),
    (
        "screenshot_required",
        "This task needs a screenshot.",
        "该任务需要上传截图。",
    ),
    (
        "answers_required",
        "Answer every question.",
        "请回答所有问题。",
    ),
    (
        "note_not_yours",
        "That note is not one you submitted.",
        "这不是你提交过的笔记。",
    ),
    (
        "task_not_open",
        "This task has been handed in already.",
        "该任务已提交。",
    ),
    (
        "task_not_submitted",
        "This task has not been handed in.",
        "该任务尚未提交。",
    ),
    (
        "sample_shipped",
        "The sample has shipped; the address can no longer change.",
        "样品已寄出，地址无法再修改。",
    ),
    (
        "sample_received",
        "The sample was already received.",
        "样品已确认收货。",
    ),
    (
        "sample_not_shipped",
        "The sample has not shipped yet.",
        "样品尚未寄出。",
    ),
    (
        "no_samples",
        "This campaign sends no samples.",
        "该活动不寄送样品。",
    ),
    (
        "not_appealable",
        "Only a rejection can be appealed, and only once.",
        "只有被拒绝的内容可以申诉，且只能申诉一次。",
    ),
    (
        "sample_not_requested",
        "This member has not asked for a sample in this campaign.",
        "该成员未在此活动中登记收货信息。",
    ),
    (
        "role_unknown",
        "Unknown role: use owner, operator, reviewer or analyst.",
        "未知角色：请使用 owner、operator、reviewer 或 analyst。",
    ),
    (
        "email_invalid",
        "That is not an e-mail address.",
        "邮箱地址格式不正确。",
    ),
    (
        "invitation_used",
        "This invitation has been used already.",
        "该邀请已被使用。",
    ),
    (
        "invitation_expired",
        "This invitation has expired; ask for a new one.",
        "该邀请已过期，请联系管理员重新邀请。",
    ),
    (
        "operator_exists",
        "This e-mail is an operator of the brand already.",
        "该邮箱已是本品牌的运营人员。",
    ),
    (
        "last_owner",
        "The brand needs at least one owner.",
        "品牌至少需要保留一位所有者。",
    ),
    (
        "remove_self",
        "You cannot remove yourself.",
        "不能移除自己。",
    ),
    (
        "artwork_unknown",
        "The artwork must be an image uploaded by an operator of this brand.",
        "主题图片须为本品牌运营人员上传的图片。",
    ),
];

fn find(code: &str) -> Option<&'static (&'static str, &'static str, &'static str)> {
    MESSAGES.iter().find(|(c, _, _)| *c == code)
}

pub fn english(code: &str) -> &'static str {
    match rules::LinkError::from_code(code) {
        Some(e) => e.message(),
        None => find(code).map_or("Error.", |m| m.1),
    }
}

pub fn chinese(code: &str) -> &'static str {
    match rules::LinkError::from_code(code) {
        Some(e) => e.message_zh(),
        None => find(code).map_or("出错了。", |m| m.2),
    }
}

/// Whether a request's `Accept-Language` prefers Chinese (for texts put
/// in a body, such as a file's row errors).
pub fn prefers_chinese_in(headers: &axum::http::HeaderMap) -> bool {
    prefers_chinese(
        headers
            .get(axum::http::header::ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok()),
    )
}

/// Whether an `Accept-Language` value prefers Chinese (the default when absent).
pub fn prefers_chinese(accept_language: Option<&str>) -> bool {
    let Some(value) = accept_language else {
        return true;
    };
    let first = value
        .split(',')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    first.is_empty() || first.starts_with("zh") || first == "*"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_unique_and_translated() {
        let mut codes: Vec<_> = MESSAGES.iter().map(|m| m.0).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), MESSAGES.len());
        assert!(
            MESSAGES
                .iter()
                .all(|m| !m.1.is_empty() && !m.2.is_empty() && m.1 != m.2)
        );
    }

    #[test]
    fn link_error_codes_are_all_known() {
        for e in rules::LinkError::ALL {
            assert_eq!(
                (english(e.code()), chinese(e.code())),
                (e.message(), e.message_zh())
            );
            assert_eq!(rules::LinkError::from_code(e.code()), Some(e));
        }
        assert!(find(rules::PhoneError::Malformed.code()).is_some());
        for kind in rules::RuleErrorKind::ALL {
            let e = rules::RuleError::new(kind, "x");
            assert!(find(e.code()).is_some(), "{}", e.code());
        }
        assert!(find("link_unresolved").is_some());
    }

    /// Every code the server or the store can answer has both messages:
    /// the sources are scanned for the ways a code is named.
    #[test]
    fn every_code_in_the_sources_has_a_message() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![root.join("src"), root.join("../store/src")];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && !path.ends_with("messages.rs")
                {
                    files.push(path);
                }
            }
        }
        let mut checked = 0;
        for file in files {
            let text = std::fs::read_to_string(&file).unwrap();
            for marker in [
                "::invalid(\"",
                "::conflict(\"",
                "Conflict(\"",
                "forbidden_with(\"",
                "RowFault(\"",
                "StatusCode::",
            ] {
                for (i, _) in text.match_indices(marker) {
                    let rest = &text[i + marker.len()..];
                    let rest = if marker == "StatusCode::" {
                        // `ApiError::new(StatusCode::X, "code")`
                        match rest.split_once(',') {
                            Some((_, after))
                                if after.trim_start().starts_with('"')
                                    && text[..i].ends_with("new(") =>
                            {
                                after.trim_start().trim_start_matches('"')
                            }
                            _ => continue,
                        }
                    } else {
                        rest
                    };
                    let code = &rest[..rest.find('"').unwrap()];
                    assert!(
                        find(code).is_some(),
                        "{}: `{code}` has no message",
                        file.display()
                    );
                    checked += 1;
                }
            }
        }
        assert!(
            checked > 40,
            "only {checked} codes found: did the scan break?"
        );
    }

    #[test]
    fn language_choice() {
        assert!(prefers_chinese(None));
        assert!(prefers_chinese(Some("zh-CN,zh;q=0.9,en;q=0.8")));
        assert!(!prefers_chinese(Some("en-US,en;q=0.9")));
        assert!(!prefers_chinese(Some("en")));
    }
}

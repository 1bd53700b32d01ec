//! Every error code the API answers, with its message in English and
//! zh-CN, in one table: [`ErrorCode`] is built from it by the `codes!`
//! macro, so a code cannot be named without its two messages (a missing
//! one does not compile).
//!
//! The code is the contract; these texts may be improved at any time.
//! Note-link errors keep their texts in `rules::LinkError` (the apps'
//! live check shows the same words) and are carried as
//! [`ErrorCode::Link`].

/// Declares [`ErrorCode`] from rows of `Variant = "code", "English", "中文";`.
macro_rules! codes {
    ($($variant:ident = $code:literal, $en:literal, $zh:literal;)+) => {
        /// A stable, machine-readable error code (`"note_already_submitted"`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum ErrorCode {
            $($variant,)+
            /// A note link that is not acceptable; its texts live in `rules`.
            Link(rules::LinkError),
        }

        impl ErrorCode {
            /// Every code of the table (the link codes are `rules::LinkError::ALL`).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)+];

            pub fn as_str(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $code,)+
                    ErrorCode::Link(e) => e.code(),
                }
            }

            pub fn english(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $en,)+
                    ErrorCode::Link(e) => e.message(),
                }
            }

            pub fn chinese(self) -> &'static str {
                match self {
                    $(ErrorCode::$variant => $zh,)+
                    ErrorCode::Link(e) => e.message_zh(),
                }
            }
        }
    };
}

codes! {
    Unauthenticated = "unauthenticated",
        "Please log in.",
        "请先登录。";
    Forbidden = "forbidden",
        "Your role does not allow this.",
        "你的角色无权执行此操作。";
    NotFound = "not_found",
        "Not found.",
        "未找到。";
    Internal = "internal",
        "Something went wrong on our side. Please try again.",
        "服务器出了点问题，请稍后重试。";
    BadJson = "bad_json",
        "The request body is not valid JSON of the expected shape.",
        "请求内容格式不正确。";
    BodyTooLarge = "body_too_large",
        "The request is too large.",
        "请求内容过大。";
    CrossSiteRequest = "cross_site_request",
        "Cross-site requests are refused.",
        "拒绝跨站请求。";
    InvalidCredentials = "invalid_credentials",
        "Wrong phone number, e-mail or password.",
        "账号或密码错误。";
    PasswordMismatch = "password_mismatch",
        "That is not your password.",
        "密码不正确。";
    TooManyAttempts = "too_many_attempts",
        "Too many wrong passwords. Wait 15 minutes, then try again.",
        "密码错误次数过多，请 15 分钟后再试。";
    BrandRequired = "brand_required",
        "This e-mail operates several brands: choose one.",
        "该邮箱属于多个品牌，请选择品牌。";
    PhoneMalformed = "phone_malformed",
        "Enter an 11-digit mainland mobile number.",
        "请输入 11 位中国大陆手机号。";
    PhoneTaken = "phone_taken",
        "This phone number is already registered. Log in instead.",
        "该手机号已注册，请直接登录。";
    PasswordTooShort = "password_too_short",
        "The password needs at least 8 characters.",
        "密码至少需要 8 个字符。";
    PasswordTooLong = "password_too_long",
        "The password is too long (at most 128 characters).",
        "密码过长（最多 128 个字符）。";
    ConsentRequired = "consent_required",
        "Please agree to the program terms and to data processing.",
        "请同意活动条款和个人信息处理规则。";
    FieldRequired = "field_required",
        "Please fill in every required field.",
        "请填写所有必填项。";
    FieldTooLong = "field_too_long",
        "A field is too long.",
        "有字段内容过长。";
    IdempotencyKeyInvalid = "idempotency_key_invalid",
        "The Idempotency-Key header must be 1 to 200 printable ASCII characters.",
        "Idempotency-Key 请求头须为 1 到 200 个可打印 ASCII 字符。";
    IdempotencyKeyReused = "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request.",
        "该 Idempotency-Key 已用于另一个不同的请求。";
    IdempotencyInProgress = "idempotency_in_progress",
        "The first request with this Idempotency-Key is still running; retry shortly.",
        "使用该 Idempotency-Key 的请求仍在处理中，请稍后重试。";
    ControlCharacters = "control_characters",
        "Remove the control characters from your input.",
        "输入中含有不可见的控制字符，请删除。";
    SocialAccountRequired = "social_account_required",
        "Add at least one social account.",
        "请至少添加一个社交账号。";
    SocialAccountInvalid = "social_account_invalid",
        "A social account is incomplete or has an unknown platform.",
        "社交账号信息不完整或平台不支持。";
    ApplicationExists = "application_exists",
        "You have already applied.",
        "你已提交过申请。";
    ApplicationNotApproved = "application_not_approved",
        "Your KOC application has not been approved yet.",
        "你的 KOC 申请尚未通过。";
    AlreadyDecided = "already_decided",
        "This has already been decided.",
        "该项已处理。";
    ReasonRequired = "reason_required",
        "Give a reason for the rejection.",
        "拒绝时请填写原因。";
    MonthMalformed = "month_malformed",
        "The month must look like 2026-12.",
        "月份格式应为 2026-12。";
    DateMalformed = "date_malformed",
        "Dates must look like 2026-12-31.",
        "日期格式应为 2026-12-31。";
    DatesOutOfOrder = "dates_out_of_order",
        "Sign-up must close before publishing ends, and settlement come last.",
        "报名截止须早于发布截止，结算日须在最后。";
    MultiplierInvalid = "multiplier_invalid",
        "The points multiplier must be a whole percentage from 0 to 1,000.",
        "积分倍数须为 0 到 1000 之间的整数百分比。";
    SlotsInvalid = "slots_invalid",
        "Slots must be between 1 and 100000.",
        "名额须在 1 到 100000 之间。";
    PlatformUnknown = "platform_unknown",
        "Unknown platform.",
        "不支持的平台。";
    ThemeMonthTaken = "theme_month_taken",
        "This month already has a theme.",
        "该月份已有主题。";
    SignupClosed = "signup_closed",
        "Sign-up for this campaign has closed.",
        "该活动报名已截止。";
    AlreadySignedUp = "already_signed_up",
        "You have already signed up.",
        "你已报名。";
    NotSignedUp = "not_signed_up",
        "Sign up for the campaign before submitting a note.",
        "请先报名该活动再提交笔记。";
    CampaignSettled = "campaign_settled",
        "This campaign has been settled.",
        "该活动已结算。";
    PlatformNotAllowed = "platform_not_allowed",
        "This campaign does not accept notes from that platform.",
        "该活动不接受此平台的笔记。";
    NoteAlreadySubmitted = "note_already_submitted",
        "This note has already been submitted.",
        "该笔记已被提交过。";
    RuleNegative = "rule_negative",
        "Rule values must not be negative.",
        "规则中的数值不能为负。";
    RuleTooLarge = "rule_too_large",
        "A rule value is too large (at most 1,000,000,000; percentages at most 1,000 %; rates at most 50 %).",
        "规则中的数值过大（最多 10 亿；百分比最多 1000%；佣金率最多 50%）。";
    RuleZeroStep = "rule_zero_step",
        "Steps, thresholds and the sum of weights must be at least 1.",
        "档位、门槛和权重之和至少为 1。";
    RuleBandsOverlap = "rule_bands_overlap",
        "Points bands must be in order and must not overlap.",
        "积分档位须按顺序排列且不能重叠。";
    RuleOutOfOrder = "rule_out_of_order",
        "Thresholds are in the wrong order.",
        "门槛的先后顺序不正确。";
    RuleTooMany = "rule_too_many",
        "Too many entries (at most 16).",
        "条目过多（最多 16 条）。";
    RuleDuplicate = "rule_duplicate",
        "The same platform, task or tier is listed twice.",
        "同一平台、任务或等级出现了两次。";
    LinkUnresolved = "link_unresolved",
        "This short link could not be opened. Open it in the app, then copy and paste the full link.",
        "无法打开此短链接。请在 App 中打开后复制完整链接粘贴。";
    MetricsInvalid = "metrics_invalid",
        "Likes, comments and saves must be whole numbers from 0 to 1,000,000,000.",
        "点赞、评论、收藏须为 0 到 10 亿之间的整数。";
    AlreadySettled = "already_settled",
        "The note has been settled; its metrics are final.",
        "该笔记已结算，数据不可再改。";
    SubmissionNotApproved = "submission_not_approved",
        "Metrics are recorded for approved notes only.",
        "仅可为已通过的笔记录入数据。";
    SettlementNotDue = "settlement_not_due",
        "The settlement date has not come yet.",
        "尚未到结算日。";
    SubmissionsPending = "submissions_pending",
        "Some submissions are still waiting for review.",
        "仍有提交待审核。";
    DisclosureUndeclared = "disclosure_undeclared",
        "This campaign is a paid collaboration: confirm that your note carries the platform's ad disclosure mark.",
        "本活动为品牌合作，请确认笔记已添加平台的广告/合作标识。";
    DisclosureUnconfirmed = "disclosure_unconfirmed",
        "Check that the note carries the platform's ad disclosure mark before approving it.",
        "请先核实笔记带有平台的广告/合作标识，再通过审核。";
    ScreenshotUnknown = "screenshot_unknown",
        "The screenshot was not found among your uploads.",
        "未在你的上传中找到该截图。";
    UploadEmpty = "upload_empty",
        "The file is empty.",
        "文件为空。";
    UploadTypeRefused = "upload_type_refused",
        "Only PNG, JPEG or WebP images can be uploaded.",
        "仅支持上传 PNG、JPEG 或 WebP 图片。";
    UploadFailed = "upload_failed",
        "The file could not be received. Please try again.",
        "文件未能完整接收，请重试。";
    TooManyUploads = "too_many_uploads",
        "You have uploaded many files today. Please try again tomorrow.",
        "今天上传的文件已达上限，请明天再试。";
    TargetNotEmpty = "target_not_empty",
        "The target database already holds data; export into an empty one.",
        "目标数据库已有数据，请导出到空数据库。";
    FilterMalformed = "filter_malformed",
        "A search filter is malformed.",
        "筛选条件格式不正确。";
    NotDraft = "not_draft",
        "Only a draft can be edited or published.",
        "只有草稿可以编辑或发布。";
    NotPublished = "not_published",
        "Only a published campaign can be closed or selected from.",
        "只有已发布的活动才能关闭或进行选拔。";
    SelectionConfirmed = "selection_confirmed",
        "The selection of this campaign is already confirmed; swap people instead.",
        "该活动的名单已确认，请改用调换。";
    SelectionNotConfirmed = "selection_not_confirmed",
        "Confirm the selection first.",
        "请先确认入选名单。";
    TooManySelected = "too_many_selected",
        "More people selected than the campaign has places.",
        "入选人数超过了活动名额。";
    SwapOutNotSelected = "swap_out_not_selected",
        "The person to take out is not selected.",
        "要调出的人不在入选名单中。";
    SwapInNotWaiting = "swap_in_not_waiting",
        "The person to put in is not on the waitlist.",
        "要调入的人不在候补名单中。";
    CampaignClosed = "campaign_closed",
        "This campaign is closed.",
        "该活动已结束。";
    NotWithdrawable = "not_withdrawable",
        "This sign-up can no longer be withdrawn.",
        "该报名已无法撤回。";
    NoteSubmitted = "note_submitted",
        "You have already submitted a note for this campaign, so you cannot withdraw.",
        "你已为该活动提交了笔记，无法撤回报名。";
    NotSelected = "not_selected",
        "You were not selected for this campaign.",
        "你未入选该活动。";
    TierTooLow = "tier_too_low",
        "Your tier is below what this campaign asks for.",
        "你的等级未达到该活动的要求。";
    SignupNotOpen = "signup_not_open",
        "Sign-up has not opened yet.",
        "报名尚未开始。";
    SlotsFull = "slots_full",
        "Every place is taken: a sign-up now joins the waitlist.",
        "名额已满，现在报名将进入候补。";
    TierUnknown = "tier_unknown",
        "Unknown tier: use member, junior, intermediate or senior.",
        "未知等级：请使用 member、junior、intermediate 或 senior。";
    NoteTypeUnknown = "note_type_unknown",
        "Unknown note type: use any, image or video.",
        "未知笔记类型：请使用 any、image 或 video。";
    FileEncoding = "file_encoding",
        "The file is neither UTF-8 nor GB18030 text. Save it from Excel as CSV.",
        "文件不是 UTF-8 或 GB18030 文本，请在 Excel 中另存为 CSV。";
    CsvMalformed = "csv_malformed",
        "The file is not a readable CSV table.",
        "文件不是可读取的 CSV 表格。";
    FileTooManyRows = "file_too_many_rows",
        "The file has more than 50,000 rows; split it.",
        "文件超过 50,000 行，请拆分后再导入。";
    FileEmpty = "file_empty",
        "The file is empty.",
        "文件是空的。";
    ColumnsMissing = "columns_missing",
        "The file lacks a needed column; check the header row.",
        "文件缺少必需的列，请检查表头。";
    CustomerIdInvalid = "customer_id_invalid",
        "The customer ID is missing or longer than 64 characters.",
        "客户 ID 缺失或超过 64 个字符。";
    AmountInvalid = "amount_invalid",
        "The amount is not a number of yuan (e.g. 1,234.50).",
        "金额不是有效的元数（例如 1,234.50）。";
    OrdersInvalid = "orders_invalid",
        "The order count is not a whole number.",
        "订单数不是整数。";
    DateInvalid = "date_invalid",
        "The date is not a date (e.g. 2026-11-05).",
        "日期格式不正确（例如 2026-11-05）。";
    IdsCount = "ids_count",
        "Choose between 1 and 500 items.",
        "请选择 1 到 500 项。";
    PurposeUnknown = "purpose_unknown",
        "Unknown purpose: use trial, feedback, seeding or distribution.",
        "未知目的：请使用 trial、feedback、seeding 或 distribution。";
    RecruitmentKindUnknown = "recruitment_kind_unknown",
        "Unknown kind: use one_off or long_running.",
        "未知类型：请使用 one_off 或 long_running。";
    ChannelUnknown = "channel_unknown",
        "Unknown channel: use wechat, member_pool, partner, in_store or one_to_one.",
        "未知渠道：请使用 wechat、member_pool、partner、in_store 或 one_to_one。";
    StatusUnknown = "status_unknown",
        "Unknown status.",
        "未知状态。";
    RecruitmentClosed = "recruitment_closed",
        "This recruitment is closed.",
        "该招募已关闭。";
    InviteCodeTaken = "invite_code_taken",
        "That invitation code is in use; try again.",
        "邀请码已被占用，请重试。";
    NoQuestion = "no_question",
        "No question is waiting for your answer.",
        "目前没有需要你回复的问题。";
    DateInFuture = "date_in_future",
        "The date is in the future.",
        "日期晚于今天。";
    NoteUnknown = "note_unknown",
        "No submitted note of this brand has this link or ID.",
        "本品牌没有提交过这个链接或 ID 的笔记。";
    NoteMissing = "note_missing",
        "The note link or ID is empty.",
        "笔记链接或 ID 为空。";
    NoteLinkInvalid = "note_link_invalid",
        "Not a note link or note ID.",
        "不是笔记链接或笔记 ID。";
    RowRepeated = "row_repeated",
        "The same note and date appear earlier in the file.",
        "文件中前面已有同一笔记、同一日期的行。";
    SampleDaysInvalid = "sample_days_invalid",
        "Sample days must be between 0 and 90.",
        "样品发布天数须在 0 到 90 之间。";
    TaskKindUnknown = "task_kind_unknown",
        "Unknown task kind.",
        "未知任务类型。";
    QuestionsRequired = "questions_required",
        "A feedback task needs at least one question.",
        "反馈任务至少需要一个问题。";
    RewardInvalid = "reward_invalid",
        "The reward must be between 0 and 100,000 points.",
        "奖励须在 0 到 100,000 积分之间。";
    ScreenshotRequired = "screenshot_required",
        "This task needs a screenshot.",
        "该任务需要上传截图。";
    AnswersRequired = "answers_required",
        "Answer every question.",
        "请回答所有问题。";
    NoteNotYours = "note_not_yours",
        "That note is not one you submitted.",
        "这不是你提交过的笔记。";
    TaskNotOpen = "task_not_open",
        "This task has been handed in already.",
        "该任务已提交。";
    TaskNotSubmitted = "task_not_submitted",
        "This task has not been handed in.",
        "该任务尚未提交。";
    SampleShipped = "sample_shipped",
        "The sample has shipped; the address can no longer change.",
        "样品已寄出，地址无法再修改。";
    SampleReceived = "sample_received",
        "The sample was already received.",
        "样品已确认收货。";
    SampleNotShipped = "sample_not_shipped",
        "The sample has not shipped yet.",
        "样品尚未寄出。";
    NoSamples = "no_samples",
        "This campaign sends no samples.",
        "该活动不寄送样品。";
    NotAppealable = "not_appealable",
        "Only a rejection can be appealed, and only once.",
        "只有被拒绝的内容可以申诉，且只能申诉一次。";
    SampleNotRequested = "sample_not_requested",
        "This member has not asked for a sample in this campaign.",
        "该成员未在此活动中登记收货信息。";
    RoleUnknown = "role_unknown",
        "Unknown role: use owner, operator, reviewer or analyst.",
        "未知角色：请使用 owner、operator、reviewer 或 analyst。";
    EmailInvalid = "email_invalid",
        "That is not an e-mail address.",
        "邮箱地址格式不正确。";
    InvitationUsed = "invitation_used",
        "This invitation has been used already.",
        "该邀请已被使用。";
    InvitationExpired = "invitation_expired",
        "This invitation has expired; ask for a new one.",
        "该邀请已过期，请联系管理员重新邀请。";
    BrandExists = "brand_exists",
        "A brand with this id already exists.",
        "已存在相同 ID 的品牌。";
    EmailTaken = "email_taken",
        "This e-mail already belongs to an operator of the brand.",
        "该邮箱已是本品牌的运营人员。";
    OperatorExists = "operator_exists",
        "This e-mail is an operator of the brand already.",
        "该邮箱已是本品牌的运营人员。";
    LastOwner = "last_owner",
        "The brand needs at least one owner.",
        "品牌至少需要保留一位所有者。";
    RemoveSelf = "remove_self",
        "You cannot remove yourself.",
        "不能移除自己。";
    OwnAccountPage = "own_account_page",
        "For your own account, use the account page: it asks for your password.",
        "修改自己的账号请前往「我的账号」页面（需输入当前密码）。";
    ArtworkUnknown = "artwork_unknown",
        "The artwork must be an image uploaded by an operator of this brand.",
        "主题图片须为本品牌运营人员上传的图片。";
    // issue 15: privacy
    LinkExpansionsExhausted = "link_expansions_exhausted",
        "Too many short links checked for now: paste the note's full link, or try again later.",
        "短链接检查次数过多：请粘贴笔记的完整链接，或稍后再试。";
    IdempotencyKeysExhausted = "idempotency_keys_exhausted",
        "Too many retry keys from your address for now: try again later.",
        "你的网络地址暂时使用了过多的重试标识，请稍后再试。";
    IdempotentAnswerNotKept = "idempotent_answer_not_kept",
        "This request was already carried out; its answer was too large to keep. Reload to see the result.",
        "该请求已执行完成，但其结果过大未能保存。请刷新查看结果。";
    // issue 15: operators
    SecondFactorRequired = "second_factor_required",
        "This brand requires owners to use a second factor: set it up on your account page first.",
        "本品牌要求所有者开启两步验证：请先在「我的账号」中设置。";
    SecondFactorWrong = "second_factor_wrong",
        "That code is not right, or it was used already.",
        "验证码不正确或已被使用。";
    LoginStepExpired = "login_step_expired",
        "This log-in has expired: enter your e-mail and password again.",
        "本次登录已过期，请重新输入邮箱和密码。";
    TotpEnrolled = "totp_enrolled",
        "A second factor is on already; turn it off first to set up another.",
        "已开启两步验证；如需更换，请先关闭。";
    TotpNotStarted = "totp_not_started",
        "Start setting up the second factor first.",
        "请先开始设置两步验证。";
    TotpNotEnrolled = "totp_not_enrolled",
        "Set up your own second factor before requiring one of every owner.",
        "请先为自己开启两步验证，再要求所有所有者开启。";
    TotpRequiredByBrand = "totp_required_by_brand",
        "The brand requires owners to keep a second factor.",
        "本品牌要求所有者保持两步验证开启。";
    ResetUsed = "reset_used",
        "This reset link has been used already.",
        "该重置链接已被使用。";
    ResetExpired = "reset_expired",
        "This reset link has expired; ask an owner for a new one.",
        "该重置链接已过期，请联系所有者重新生成。";
    RequestTimeout = "request_timeout",
        "The request took too long and was stopped; please try again.",
        "请求超时，已中止，请重试。";
    // issue 15: sms
    CodeInvalid = "code_invalid",
        "The code is wrong or has expired. Ask for a new one.",
        "验证码错误或已过期，请重新获取。";
    CodeTooSoon = "code_too_soon",
        "A code was sent to this phone less than a minute ago. Wait a moment, then ask again.",
        "验证码发送过于频繁，请稍后再试。";
    CodeDailyLimit = "code_daily_limit",
        "Too many codes were asked for today. Try again tomorrow.",
        "今日获取验证码次数已达上限，请明天再试。";
    // issue 15: brand
    BrandNameInvalid = "brand_name_invalid",
        "Give the brand a name.",
        "请填写品牌名称。";
    AccentInvalid = "accent_invalid",
        "The accent colour must be written as #rrggbb, e.g. #e6007a.",
        "主题色须为 #rrggbb 格式，例如 #e6007a。";
    TimeZoneUnknown = "time_zone_unknown",
        "Unknown time zone: use an IANA name such as Asia/Shanghai.",
        "未知时区：请使用 IANA 时区名，例如 Asia/Shanghai。";
    LanguageUnknown = "language_unknown",
        "Unknown language: use zh-CN or en.",
        "未知语言：请使用 zh-CN 或 en。";
    PublicUrlInvalid = "public_url_invalid",
        "The public address must be an origin such as https://koc.brand.cn (no path).",
        "公开地址须为 https://koc.brand.cn 这样的站点地址（不带路径）。";
    LogoUnknown = "logo_unknown",
        "The logo must be an image uploaded by an operator of this brand.",
        "品牌标志须为本品牌运营人员上传的图片。";
    // issue 16: checkout
    SignatureMissing = "signature_missing",
        "Sign the call: X-Seedbed-Key, X-Seedbed-Timestamp and X-Seedbed-Signature are required.",
        "请求须签名：需要 X-Seedbed-Key、X-Seedbed-Timestamp 和 X-Seedbed-Signature。";
    SignatureInvalid = "signature_invalid",
        "The signature does not match this call (method, path, timestamp and body).",
        "签名与请求（方法、路径、时间戳和正文）不符。";
    SignatureStale = "signature_stale",
        "The call's timestamp is more than 5 minutes from the server's clock.",
        "请求时间戳与服务器时间相差超过 5 分钟。";
    SignatureReplayed = "signature_replayed",
        "This signed call was received already: sign each call afresh.",
        "该签名请求已被接收过：每次请求须重新签名。";
    ApiKeyUnknown = "api_key_unknown",
        "Unknown API key.",
        "未知的 API 密钥。";
    ApiKeyRevoked = "api_key_revoked",
        "This API key has been revoked.",
        "该 API 密钥已被吊销。";
    ApiKeyTaken = "api_key_taken",
        "That key id exists already; try again.",
        "密钥编号已存在，请重试。";
    PaymentCodeTaken = "payment_code_taken",
        "Could not make a new payment code; try again.",
        "生成付款码失败，请重试。";
    PaymentCodeInvalid = "payment_code_invalid",
        "A payment code is 18 digits.",
        "付款码为 18 位数字。";
    PaymentCodeUnknown = "payment_code_unknown",
        "The payment code is wrong, used or expired: ask the member to show a new one.",
        "付款码错误、已使用或已过期，请让会员出示新的付款码。";
    OrderAmountInvalid = "order_amount_invalid",
        "The order's amount must be a whole number of fen between 1 and 100,000,000.",
        "金额须为 1 至 100,000,000 之间的整数（单位：分）。";
    PointsInsufficient = "points_insufficient",
        "Not enough points for this.",
        "积分不足。";
    HoldReleased = "hold_released",
        "The hold was released (by the till or its time-out); hold the points again.",
        "积分冻结已释放（由收银台或超时释放），请重新冻结。";
    HoldCaptured = "hold_captured",
        "The hold was captured already: refund it instead.",
        "积分已扣除，请改为退款。";
    HoldRefunded = "hold_refunded",
        "The hold was refunded already.",
        "该笔积分已退回。";
    HoldNotCaptured = "hold_not_captured",
        "Only captured points can be refunded.",
        "只有已扣除的积分才能退款。";
    // issue 16: rewards
    RewardKindUnknown = "reward_kind_unknown",
        "Unknown reward kind: use coupon, voucher, gift or experience.",
        "未知的奖品类型：请选择优惠券、代金券、礼品或体验活动。";
    RewardPriceInvalid = "reward_price_invalid",
        "The points price must be a whole number from 1 to 10,000,000.",
        "积分价格须为 1 到 10,000,000 之间的整数。";
    RewardStockInvalid = "reward_stock_invalid",
        "Stock, limit and voucher value must be whole numbers, not below zero.",
        "库存、限兑数量和代金券面值须为不小于零的整数。";
    ClassUnknown = "class_unknown",
        "Unknown class: use potential, standard or high_quality.",
        "未知的分层：请选择潜力、标准或优质。";
    RewardWindowInvalid = "reward_window_invalid",
        "The last day to redeem must not be before the first.",
        "兑换截止日期不能早于开始日期。";
    RewardCodeRequired = "reward_code_required",
        "A shared coupon code is needed, or leave it empty and upload a pool of codes.",
        "请填写通用券码，或留空后上传券码池。";
    RewardCodesTooMany = "reward_codes_too_many",
        "At most 10,000 codes of up to 64 characters each at a time.",
        "每次最多上传 10,000 个券码，每个不超过 64 个字符。";
    ImageUnknown = "image_unknown",
        "The image must be an upload of an operator of this brand.",
        "图片须为本品牌运营人员上传的图片。";
    RewardKindFixed = "reward_kind_fixed",
        "A reward's kind cannot change; create a new reward instead.",
        "奖品类型不能修改，请新建奖品。";
    RewardNotPooled = "reward_not_pooled",
        "Codes can be uploaded only to a coupon without a shared code.",
        "只有未设置通用券码的优惠券可以上传券码。";
    RewardSoldOut = "reward_sold_out",
        "This reward is sold out.",
        "该奖品已兑完。";
    RewardUnavailable = "reward_unavailable",
        "You cannot redeem this reward now (tier, class, dates or your limit).",
        "你当前无法兑换该奖品（等级、分层、兑换时间或兑换次数限制）。";
    AddressRequired = "address_required",
        "A gift needs a recipient, phone and address.",
        "兑换礼品需填写收件人、手机号和收货地址。";
    RedemptionExists = "redemption_exists",
        "This redemption was already made.",
        "该兑换已提交。";
    RedemptionStepInvalid = "redemption_step_invalid",
        "This redemption cannot move to that status (gifts are shipped, codes issued; done and cancelled are final).",
        "该兑换不能变更为此状态（礼品需发货，券码需发放；已完成和已取消的兑换不能再变更）。";
    RedemptionStatusUnknown = "redemption_status_unknown",
        "Unknown status: use issued, shipped, done or cancelled.",
        "未知状态：请选择已发放、已发货、已完成或已取消。";
    ShipmentRequired = "shipment_required",
        "Shipping needs the courier and the tracking number.",
        "发货需填写快递公司和运单号。";
    // issue 16: ledgerops
    PointsRateInvalid = "points_rate_invalid",
        "Points per yuan must be a whole number from 1 to 10,000.",
        "积分兑换比例须为 1 到 10000 之间的整数。";
    PointsExpiryInvalid = "points_expiry_invalid",
        "Expiry must be 0 (never) or 1 to 120 months.",
        "有效期须为 0（永不过期）或 1 到 120 个月。";
    CheckoutPercentInvalid = "checkout_percent_invalid",
        "The share of an order paid in points must be from 0 to 100 percent.",
        "积分抵现比例须为 0 到 100 之间。";
    AdjustmentPointsInvalid = "adjustment_points_invalid",
        "Enter the points to credit or debit: a whole number from 1 to 1,000,000.",
        "请填写要增加或扣减的积分：1 到 1000000 之间的整数。";
    AdjustmentReasonRequired = "adjustment_reason_required",
        "Give the reason for the adjustment: the member sees it.",
        "请填写调整原因（会员可见）。";
    PointsMemberUnknown = "points_member_unknown",
        "No member of this brand has that phone or id.",
        "本品牌没有该手机号或编号的会员。";
    // issue 16: roster
    GroupUrlInvalid = "group_url_invalid",
        "The group link must be an https address, e.g. https://work.weixin.qq.com/…",
        "群链接须为 https 地址，例如 https://work.weixin.qq.com/…";
    // issue 16: vouchers at the till
    VoucherCodeInvalid = "voucher_code_invalid",
        "A voucher code is 10 letters and digits.",
        "代金券码为 10 位字母和数字。";
    VoucherUnknown = "voucher_unknown",
        "No voucher of this brand has that code (or it was cancelled): ask the member to check it.",
        "本品牌没有该代金券码（或已取消），请让会员核对。";
    VoucherUsed = "voucher_used",
        "This voucher was used on another order already.",
        "该代金券已用于其他订单。";
    // issue 17: organisation (the integrator's foundation)
    StaffCredentialsShape = "staff_credentials_shape",
        "Give the phone and either the password or the code, not both.",
        "请填写手机号，并填写密码或验证码其中一项。";
    RegionNameTaken = "region_name_taken",
        "This brand already has a region with that name.",
        "本品牌已有同名区域。";
    StoreCodeTaken = "store_code_taken",
        "This brand already has a store with that number.",
        "本品牌已有该门店编号。";
    StaffPhoneTaken = "staff_phone_taken",
        "This phone already belongs to one of the brand's staff.",
        "该手机号已属于本品牌的一名员工。";
    StaffStillWorking = "staff_still_working",
        "Only the personal data of staff who have left can be erased: record their leaving first.",
        "只能删除已离职员工的个人信息，请先登记离职。";
    // issue 17: leads
    LeadExists = "lead_exists",
        "This phone is already a lead of the brand: ask the colleague it belongs to, or search for it.",
        "该手机号已是品牌的线索，请联系其归属同事或搜索该线索。";
    LeadContactRequired = "lead_contact_required",
        "Give a phone number or a handle (WeChat ID or nickname).",
        "请填写手机号或账号（微信号或昵称）。";
    LeadConsentRequired = "lead_consent_required",
        "The customer must agree to be contacted and to their contact being kept.",
        "需顾客同意被联系并同意保存其联系方式。";
    LeadStageUnknown = "lead_stage_unknown",
        "Unknown stage: contacted, added_privately, joined_brand_account, visited_store, purchased or repurchased.",
        "未知阶段：contacted、added_privately、joined_brand_account、visited_store、purchased 或 repurchased。";
    LeadStageInvalid = "lead_stage_invalid",
        "A lead only moves forward (a purchase may repeat as a repurchase).",
        "线索只能向后推进（购买后可记为复购）。";
    LeadAmountInvalid = "lead_amount_invalid",
        "An amount (in fen, 0 to 1,000,000,000) goes only with a purchase or repurchase.",
        "金额（以分计，0 到 1000000000）只能用于购买或复购。";
    LeadNeedsStore = "lead_needs_store",
        "Only staff of a store take leads.",
        "只有门店员工可以登记线索。";
    LeadPlatformUnknown = "lead_platform_unknown",
        "Unknown platform: douyin, xiaohongshu, wechat_channels, weibo, bilibili, kuaishou, personal_wechat, wecom, official_account or mini_program.",
        "未知平台：douyin、xiaohongshu、wechat_channels、weibo、bilibili、kuaishou、personal_wechat、wecom、official_account 或 mini_program。";
    TagUnknown = "tag_unknown",
        "A tag is not in the brand's dictionary or among your own tags.",
        "有标签不在品牌标签库或你的个人标签中。";
    TagExists = "tag_exists",
        "A tag with this name is there already.",
        "已有同名标签。";
    TagGroupExists = "tag_group_exists",
        "A tag group with this name is there already.",
        "已有同名标签组。";
    FunnelByUnknown = "funnel_by_unknown",
        "Group the funnel by staff, store, region, platform or template.",
        "漏斗可按 staff、store、region、platform 或 template 分组。";
    StoreHasNoStaff = "store_has_no_staff",
        "No active staff member works at this store.",
        "该门店没有在职员工。";
    LeadCodeUnknown = "lead_code_unknown",
        "This QR code is not valid (any more).",
        "该二维码无效或已失效。";
    WalkInsExhausted = "walk_ins_exhausted",
        "Too many contacts were left from this network today: please ask the staff in the store.",
        "今日该网络提交的联系方式过多，请直接联系店内导购。";
    // issue 17: backoffice
    QuizTooLong = "quiz_too_long",
        "A quiz has at most 50 questions.",
        "测验最多 50 道题。";
    QuizQuestionInvalid = "quiz_question_invalid",
        "Each question needs its text, 2 to 8 non-empty choices and the right answer among them.",
        "每道题须有题目、2 到 8 个非空选项，并指定其中的正确答案。";
    PassPercentInvalid = "pass_percent_invalid",
        "The pass mark is a percentage from 0 to 100.",
        "及格线须为 0 到 100 之间的百分比。";
    VideoUrlInvalid = "video_url_invalid",
        "The video link must be an https address.",
        "视频链接须为 https 地址。";
    CourseTargetInvalid = "course_target_invalid",
        "Assign the course to KOS roles: shopping_assistant, topic_expert or personal_partner.",
        "课程只能分配给 KOS 角色：导购助手、话题专家或私域伙伴。";
    AnswersInvalid = "answers_invalid",
        "Too many answers for this quiz.",
        "答案数量超过题目数量。";
    MonthInvalid = "month_invalid",
        "The month must be written yyyy-mm, e.g. 2026-11.",
        "月份格式须为 yyyy-mm，例如 2026-11。";
    MonthNotOver = "month_not_over",
        "Rewards are paid for a month once it has ended.",
        "月份结束后才能发放该月奖励。";
    GoalTargetInvalid = "goal_target_invalid",
        "The target is a whole number, 0 or more (sales in fen).",
        "目标须为不小于 0 的整数（销售额以分为单位）。";
    GoalSubjectUnknown = "goal_subject_unknown",
        "No store or current staff member of this brand has that id.",
        "本品牌没有该编号的门店或在职员工。";
    CompetitionDatesInvalid = "competition_dates_invalid",
        "A competition ends on or after the day it starts and lasts at most a year.",
        "比赛结束日期不能早于开始日期，且最长一年。";
    PrizesInvalid = "prizes_invalid",
        "Give 1 to 20 prizes, each more than 0.",
        "请设置 1 到 20 个名次奖励，每个须大于 0。";
    CompetitionEntrantUnknown = "competition_entrant_unknown",
        "An entrant is no open store or current staff member of this brand.",
        "参赛对象中有不属于本品牌的营业门店或在职员工。";
    CompetitionPaid = "competition_paid",
        "This competition's prizes were paid already.",
        "该比赛的奖励已发放。";
    CompetitionNotFinished = "competition_not_finished",
        "Prizes are paid once the competition has ended.",
        "比赛结束后才能发放奖励。";
    RewardAmountInvalid = "reward_amount_invalid",
        "The reward is a whole number from 1 to 100,000,000 (points or fen).",
        "奖励须为 1 到 100000000 之间的整数（积分或分）。";
    RewardStaffUnknown = "reward_staff_unknown",
        "No staff member of this brand has that id.",
        "本品牌没有该编号的员工。";
    RewardReversed = "reward_reversed",
        "This reward was withdrawn already.",
        "该奖励已撤销。";
    PermilleInvalid = "permille_invalid",
        "The sales reward rate is from 1 to 1,000 per mille.",
        "销售奖励比例须为 1‰ 到 1000‰。";
    GrowthRuleInvalid = "growth_rule_invalid",
        "Give the followers per step (1 to 1,000,000) and the points per step (1 or more).",
        "请填写每档粉丝数（1 到 1000000）和每档积分（至少 1）。";
    PeriodInvalid = "period_invalid",
        "The period ends on or after its first day and lasts at most 366 days.",
        "统计区间结束日期不能早于开始日期，且最长 366 天。";
    // issue 17: org
    StaffRoleNeedsMove = "staff_role_needs_move",
        "A regional manager works in a region, everyone else at a store: move them instead.",
        "区域经理不属于门店，其他员工必须属于门店：请改用调动。";
    SameStore = "same_store",
        "They already work at that store.",
        "该员工已在这家门店。";
    StaffLeft = "staff_left",
        "This staff member has left.",
        "该员工已离职。";
    HandOverToSelf = "hand_over_to_self",
        "Hand over to a colleague or a store, not to the one leaving.",
        "请交接给同事或门店，不能交接给离职者本人。";
    StaffWorking = "staff_working",
        "This staff member has not left.",
        "该员工尚未离职。";
    CompetencyNameTaken = "competency_name_taken",
        "This KOS role already has a competency with that name.",
        "该 KOS 角色已有同名能力项。";
    StoreUnknown = "store_unknown",
        "No store of the brand has that number.",
        "本品牌没有该门店编号。";
    RegionUnknown = "region_unknown",
        "No region of the brand has that name.",
        "本品牌没有该区域。";
    HandOverMissing = "hand_over_missing",
        "Name one colleague or one store to take over the accounts and leads.",
        "请指定一名同事或一家门店接手账号和线索。";
    RatingInvalid = "rating_invalid",
        "A rating is a whole number from 1 to 5.",
        "评分须为 1 到 5 的整数。";
    StaffPlaceInvalid = "staff_place_invalid",
        "A regional manager names a region and no store; everyone else a store.",
        "区域经理只需填写区域，其他员工须选择门店。";
    StaffRoleUnknown = "staff_role_unknown",
        "The position must be 导购, 店长 or 区域经理.",
        "岗位须为导购、店长或区域经理。";
    KosRoleUnknown = "kos_role_unknown",
        "The KOS role must be 购物助理, 话题专家 or 私人伙伴.",
        "KOS 角色须为购物助理、话题专家或私人伙伴。";
    PhotoUnknown = "photo_unknown",
        "Upload the photo first; only your own uploads can be your photo.",
        "请先上传照片；只能使用你自己上传的照片。";
    CompetencyUnknown = "competency_unknown",
        "That is not a competency of this KOS role.",
        "这不是该 KOS 角色的能力项。";
    RatingOwnAsManager = "rating_own_as_manager",
        "Managers rate their team, not themselves.",
        "管理者只能为团队成员评分，不能为自己评分。";
    // issue 17: content
    AccountOwnerLevelUnknown = "account_owner_level_unknown",
        "Unknown owner: use brand, region, store or staff.",
        "未知的账号归属：请选择品牌、区域、门店或员工。";
    AccountOwnerUnknown = "account_owner_unknown",
        "The account's owner is not a region, store or current staff member of this brand.",
        "账号归属不是本品牌的区域、门店或在职员工。";
    AccountTaken = "account_taken",
        "This platform account is already in the matrix.",
        "该平台账号已在账号矩阵中。";
    KosPlatformUnknown = "kos_platform_unknown",
        "Unknown platform: use douyin, xiaohongshu, wechat_channels, weibo, bilibili, kuaishou, personal_wechat, wecom, official_account or mini_program.",
        "未知平台：请选择抖音、小红书、视频号、微博、哔哩哔哩、快手、个人微信、企业微信、公众号或小程序。";
    AccountStatusUnknown = "account_status_unknown",
        "Unknown status: use active, paused or closed.",
        "未知状态：请选择运营中、暂停或已关闭。";
    ProfileUrlInvalid = "profile_url_invalid",
        "The profile link must be an https address on the platform's own site.",
        "主页链接须为该平台网站的 https 地址。";
    ProfileUrlIsNote = "profile_url_is_note",
        "This is a link to a note; give the account's profile page.",
        "这是笔记链接，请填写账号主页链接。";
    FollowersInvalid = "followers_invalid",
        "Followers must be a whole number from 0 to 1,000,000,000.",
        "粉丝数须为 0 到 1000000000 之间的整数。";
    HandOverTargetRequired = "hand_over_target_required",
        "Choose either a colleague or a store to hand over to.",
        "请选择交接给一位同事或一家门店（二选一）。";
    HandOverTargetUnknown = "hand_over_target_unknown",
        "The colleague or store to hand over to is not current in this brand.",
        "交接对象不是本品牌在职的同事或现有门店。";
    HandOverSameHolder = "hand_over_same_holder",
        "The account already belongs to them.",
        "该账号已归属于交接对象。";
    AccountNotYours = "account_not_yours",
        "That account is not one of yours.",
        "该账号不属于你。";
    TemplateKindUnknown = "template_kind_unknown",
        "Unknown kind: use topic, script, hook_title, hashtags, explanation, moments_copy or group_message.",
        "未知类型：请选择选题、脚本、爆款标题、话题标签、专业解读、朋友圈文案或社群消息。";
    TemplateKindFixed = "template_kind_fixed",
        "A template's kind cannot change; create a new template instead.",
        "模板类型不能修改，请新建模板。";
    TemplateUnknown = "template_unknown",
        "No template of this brand in use has that id.",
        "本品牌没有该在用模板。";
    FollowersBackdated = "followers_backdated",
        "A follower count may be dated at most 7 days back; ask an operator to enter older figures.",
        "粉丝数最多只能补录 7 天内的日期，更早的数据请联系运营录入。";
    CampaignUnknown = "campaign_unknown",
        "No campaign of this brand has that id.",
        "本品牌没有该活动。";
    MaterialKindUnknown = "material_kind_unknown",
        "Unknown kind: use image or video.",
        "未知类型：请选择图片或视频。";
    MaterialKindFixed = "material_kind_fixed",
        "A material's kind cannot change; add a new one instead.",
        "素材类型不能修改，请新增素材。";
    MaterialUnknown = "material_unknown",
        "No material of this brand has that id.",
        "本品牌没有该素材。";
    MaterialSourceRequired = "material_source_required",
        "An image needs an uploaded file; a video needs its https link.",
        "图片须上传文件；视频须填写 https 链接。";
    TagsInvalid = "tags_invalid",
        "At most 10 tags of up to 20 characters each.",
        "最多 10 个标签，每个不超过 20 个字符。";
    PolicyKindUnknown = "policy_kind_unknown",
        "Unknown kind: use pricing or activity.",
        "未知类型：请选择价格政策或活动政策。";
    PolicyWindowInvalid = "policy_window_invalid",
        "The last day must not be before the first.",
        "结束日期不能早于开始日期。";
    IdMalformed = "id_malformed",
        "An id is up to 64 letters and digits.",
        "编号须为不超过 64 位的字母和数字。";
}

impl ErrorCode {
    /// The code with this text, if there is one.
    pub fn from_code(code: &str) -> Option<ErrorCode> {
        ErrorCode::ALL
            .iter()
            .copied()
            .find(|c| c.as_str() == code)
            .or_else(|| rules::LinkError::from_code(code).map(ErrorCode::Link))
    }

    /// A conflict code the store returned (`StoreError::Conflict`). The
    /// store names its codes as text; a test checks each is in the table,
    /// and one that is not (a bug) is logged and answered as `internal`.
    pub fn from_store(code: &str) -> ErrorCode {
        ErrorCode::from_code(code).unwrap_or_else(|| {
            tracing::error!(code, "the store returned a conflict code with no message");
            ErrorCode::Internal
        })
    }

    /// The message in the caller's language.
    pub fn message(self, chinese: bool) -> &'static str {
        if chinese {
            self.chinese()
        } else {
            self.english()
        }
    }
}

impl core::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl From<rules::LinkError> for ErrorCode {
    fn from(e: rules::LinkError) -> ErrorCode {
        ErrorCode::Link(e)
    }
}

impl From<rules::PhoneError> for ErrorCode {
    fn from(e: rules::PhoneError) -> ErrorCode {
        match e {
            rules::PhoneError::Malformed => ErrorCode::PhoneMalformed,
        }
    }
}

impl From<rules::signup::Block> for ErrorCode {
    fn from(b: rules::signup::Block) -> ErrorCode {
        use rules::signup::Block;
        match b {
            Block::NotApproved => ErrorCode::ApplicationNotApproved,
            Block::TierTooLow => ErrorCode::TierTooLow,
            Block::NotOpen => ErrorCode::SignupNotOpen,
            Block::Closed => ErrorCode::SignupClosed,
            Block::SlotsFull => ErrorCode::SlotsFull,
        }
    }
}

impl From<&rules::RuleError> for ErrorCode {
    fn from(e: &rules::RuleError) -> ErrorCode {
        use rules::RuleErrorKind as K;
        match e.kind {
            K::Negative => ErrorCode::RuleNegative,
            K::Zero => ErrorCode::RuleZeroStep,
            K::TooLarge => ErrorCode::RuleTooLarge,
            K::BandsOverlap => ErrorCode::RuleBandsOverlap,
            K::OutOfOrder => ErrorCode::RuleOutOfOrder,
            K::TooMany => ErrorCode::RuleTooMany,
            K::Duplicate => ErrorCode::RuleDuplicate,
        }
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
        let mut codes: Vec<_> = ErrorCode::ALL.iter().map(|c| c.as_str()).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        for c in ErrorCode::ALL {
            assert!(!c.english().is_empty() && !c.chinese().is_empty(), "{c}");
            assert_ne!(c.english(), c.chinese(), "{c}");
            assert_eq!(ErrorCode::from_code(c.as_str()), Some(*c));
            assert!(rules::LinkError::from_code(c.as_str()).is_none(), "{c}");
        }
    }

    /// The codes `rules` names itself agree with the table.
    #[test]
    fn codes_from_rules_agree() {
        for e in rules::LinkError::ALL {
            let c = ErrorCode::from(e);
            assert_eq!((c.english(), c.chinese()), (e.message(), e.message_zh()));
            assert_eq!(ErrorCode::from_code(e.code()), Some(c));
        }
        assert_eq!(
            ErrorCode::from(rules::PhoneError::Malformed).as_str(),
            rules::PhoneError::Malformed.code()
        );
        for kind in rules::RuleErrorKind::ALL {
            let e = rules::RuleError::new(kind, "x");
            assert_eq!(ErrorCode::from(&e).as_str(), e.code());
        }
        use rules::signup::Block;
        for b in [
            Block::NotApproved,
            Block::TierTooLow,
            Block::NotOpen,
            Block::Closed,
            Block::SlotsFull,
        ] {
            assert_eq!(ErrorCode::from(b).as_str(), b.code());
        }
    }

    /// Every conflict code the store can return is in the table (the store
    /// names them as text in `StoreError::Conflict("...")`).
    #[test]
    fn every_store_conflict_code_is_known() {
        let mut dirs = vec![std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../store/src")];
        let mut checked = 0;
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    dirs.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // `Conflict("code")` and `unique_as("code")` (a unique
                // key refusing a row); codes chosen by a `match` or an
                // `if` are checked by the tests that provoke them.
                for marker in ["Conflict(\"", "unique_as(\""] {
                    for (i, _) in text.match_indices(marker) {
                        let rest = &text[i + marker.len()..];
                        let code = &rest[..rest.find('"').unwrap()];
                        assert!(
                            ErrorCode::from_code(code).is_some(),
                            "{}: store conflict `{code}` has no message",
                            path.display()
                        );
                        checked += 1;
                    }
                }
            }
        }
        assert!(
            checked > 20,
            "only {checked} store codes found: did the scan break?"
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

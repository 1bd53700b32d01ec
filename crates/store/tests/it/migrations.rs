//! The one migrations folder serves both databases, and databases made
//! before it existed (from the two byte-identical per-backend folders)
//! keep starting: sqlx refuses a database whose recorded checksum of an
//! applied migration differs from the embedded one. The checksums below
//! were taken from the old `migrations/sqlite` and `migrations/postgres`
//! files (SHA-384 of the SQL text); an edit to an applied migration fails
//! here before it fails on a customer's database. A new migration adds a
//! line.

use crate::{Db, both};

/// `(file, SHA-384 of its text)` of every applied migration.
const APPLIED: [(&str, &str); 30] = [
    (
        "0001_init.sql",
        "f50e318edd473e6fe504a7a2a095bad67961d1d8b08e440cd9fec35979d22208e0aa40cf8aa62427656f671c0f2b7aa8",
    ),
    (
        "0002_idempotency.sql",
        "c423f0831cdd355a0de1a95a4b7a8af09aab04cea06946b31c556d47cafcca4c24784a40c10dc801330ea7f0342ac354",
    ),
    (
        "0003_session_activity.sql",
        "e39ad524a573209292dbdf1783f4fb72e4eb2be18bdd6db68d05a6c890b96dd715840d5ce8d3fa766a29ae4bae44f170",
    ),
    (
        "0004_rule_sets_and_tiers.sql",
        "bf5f64cf32d1bdee80c6a0cd929629cea809a4d3f491845e5dd638d70ea92787be178b6f1bcd533bc80c4af123cacf0c",
    ),
    (
        "0005_audit_disclosure_uploads.sql",
        "58f8d4757162d8ecdc5e725a88ad30a1ab344b56eecbe105cbcb5664c1ff7d7d0a520dbaab255a0e2308f6369741e651",
    ),
    (
        "0006_campaign_signup_count.sql",
        "a799a3c80639718ef6195c3257d05e5d166f035b4c0ef14167292c4f7be4bc0f05875cd3b558a92ad6e704e1eb2d2fdb",
    ),
    (
        "0007_list_indexes.sql",
        "3117940d47e1103b436a57e4983c5d925cb8d6f897e6860479de0b3d4891a93c72ec36c057ff9a1e66eb48ff95d5d042",
    ),
    (
        "0008_selection.sql",
        "77c6144ffef6ee8fe0d7cc550336a30a51093d2314b9fa01d82f00cf7133e5f20c9127b27d02aedfc2d5dd7ced96e194",
    ),
    (
        "0009_recruitment.sql",
        "b1904ddae2f0eb8297b871146a24dd3f2a53c287187a004fa38afa22449b301d90ec11d87a2605b88308255b9e518aa0",
    ),
    (
        "0010_tasks_samples_appeals.sql",
        "51ea19e80455d9a4ce7d53fd74fad8502d92426e244f83c7a5322dccd0cddae82144c6595110ba84037207868eb6b03f",
    ),
    (
        "0011_operators_outbox.sql",
        "8263b96325980a24ccdb9c465fb4cac7621c090fb7f998098f0338a5690fb466caf5ba118de15a088935c4d94fbd8d44",
    ),
    (
        "0012_submission_flags.sql",
        "d2e1dd1742075e5e9deb40c40a0c68c0c4b4e3e08039dd6213e883c94e09b45ba0cecb251c0fdb3e78f804a433ef1746",
    ),
    (
        "0013_theme_artwork.sql",
        "94fb9f0f2daa2604cc040e489a00e96c68acd0facc262cf809f524dc244382f34f4d42088533ac36b6fa1e32c16dc3db",
    ),
    (
        "0014_brand_settings.sql",
        "95cc30516a017a8d3247e09b1fea05eaa48ae3f03f4ad6608c821b244317d7ca3406e11b262b0977cde1ce18c6d45c4e",
    ),
    (
        "0015_sms_codes.sql",
        "933a6a75d5697608390f90f630a96efbf2b110d7110fb4f21163f82178a9e1f9db096f357dbdb107bbf8fa115ae886b4",
    ),
    (
        "0016_operator_security.sql",
        "68555f6ed5c0394762c68c7702d88e8d0a3a646b2a3feecb84707caf9b0a49f4cc1dfa28a670b76ee77cdc6aaafcda1e",
    ),
    (
        "0017_forget_unkeyed_device_hashes.sql",
        "155f2c29012a9711b31cc90baea71a1fab2854e7ff927225fd8e75f53041cdb6247c46289c71b5fdddb2fe477aab61eb",
    ),
    (
        "0018_ledger.sql",
        "549f9b670325f8f65881571d39ec8bd663a7105461a28a628fdb964553f8588afb0b4296164cda8e4dec3759df92eceb",
    ),
    (
        "0019_rewards.sql",
        "2b0ed51bd1a72297f95354bd6c2578f7da05b1007c2ed9f900fcbe454f94cdf5df1ecd3a46a5b4340ed48cf4712675d4",
    ),
    (
        "0020_checkout.sql",
        "594f06cac03af9f75f19c707205b466cfb115245d8d4c1cefe88b93bbd1ea25e3cee0a1b1d557bb2caa6464643012235",
    ),
    (
        "0021_roster.sql",
        "e84f4d5adc98c02b3ddd850c1dcaeecf2015e8f914530a675e864e506a10182d8a1316a56e0a9859b1ada16b9f64f3ff",
    ),
    (
        "0022_voucher_use.sql",
        "6929857e037131eee69c3e03e71e265f0b5cf9d0a85f1ab76e94a83524607f48db3914243bdced9f84c8348ea16b11f9",
    ),
    (
        "0023_kos_org.sql",
        "8401cdd7785f7506b1851017d94a1518590e25c55d60535fb7e4254bc9ed4216e8c411de07040220734a8cad5e06a617",
    ),
    (
        "0024_kos_accounts.sql",
        "e679eb6d1bd1a099f622b9e38e0ffacb069e6a941ada791c880fefcf3ec4ca3f303470cf7922fb96743c401341d774b9",
    ),
    (
        "0025_kos_content.sql",
        "51a8b6275639a452177ea821d92ffdee11cf5571c5284fe51e706c557b0511cadae213660864e3f6e45dea4f06567235",
    ),
    (
        "0026_kos_leads.sql",
        "7edc9eb261a06596e7031f604e360494843e60e3fc872209daa1d99b0647382e4e044d5605c425a680bd44c992f6bd86",
    ),
    (
        "0027_kos_people.sql",
        "2c78420fa35c78cf910748714edd3a716cca8dbc5ab7fdbe2d89b02806d527d5b3e14711ef1ed3ed60f996ce9c1805fd",
    ),
    (
        "0028_kos_backoffice.sql",
        "487f23d0164fffc802e31bf377748fef70862420ead2ee5d01cc21c3636072a63701e57bdf4b75430ba22a39805d9313",
    ),
    (
        "0029_ledger_holders.sql",
        "a8a9f8f0d5b55f4ca91af11d305b06cb16309cea684f09ce16a21677ac0aa97ec1ce9476eda4b2e774c250ba4a90d8f6",
    ),
    (
        "0030_kos_lead_indexes.sql",
        "539e0339e0464497aa76fd2432b82601efb1cf60a29c37ad44ddc9ea2c7572251a7e1022bddc0e18ef6f944f9f0dd828",
    ),
];

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

async fn recorded_checksums_equal_the_embedded_ones(db: &Db) {
    let embedded = store::migration_checksums();
    assert_eq!(
        embedded.len(),
        APPLIED.len(),
        "a new migration needs its line in APPLIED"
    );
    for ((version, sum), (file, old)) in embedded.iter().zip(APPLIED) {
        let number: i64 = file[..4].parse().unwrap();
        assert_eq!(*version, number, "{file}");
        assert_eq!(hex(sum), old, "{file} changed after it was applied");
    }
    let recorded: Vec<(i64, Vec<u8>)> =
        sqlx::query_as("SELECT version, checksum FROM _sqlx_migrations ORDER BY version")
            .fetch_all(db.sql.pool())
            .await
            .unwrap();
    assert_eq!(recorded, embedded, "{}", db.label);
}
both!(recorded_checksums_equal_the_embedded_ones);

//! The store's tests, each run on both backends ([`on_both_backends!`]):
//! a real SQLite file in a temporary directory, and a real PostgreSQL
//! database made for the test on the server `YORISOI_TEST_POSTGRES` names
//! (`cargo xtask test` starts one; `cargo xtask postgres` starts one to
//! keep). Without that setting the PostgreSQL half fails: it is never
//! skipped. [`TestDb`] is the store with one organisation and a clock tests
//! move, its interface with both filled in.

/// Runs each named `async fn(TestDb)` twice, as tests `<name>::sqlite`
/// and `<name>::postgres`.
macro_rules! on_both_backends {
    ($($name:ident),* $(,)?) => {
        $(
            mod $name {
                #[tokio::test]
                async fn sqlite() {
                    super::$name(crate::store::tests::TestDb::sqlite().await).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$name(crate::store::tests::TestDb::postgres().await).await;
                }
            }
        )*
    };
}

mod appends;
mod buckets;
mod cases;
mod conversations;
mod copy;
mod devices;
mod organisations;
mod postgres;
mod privacy;
mod staff;
mod team;
mod team_settings;
mod texts;
mod token_migration;
mod tokens;
mod unread;
mod waiting;
mod work;

use std::sync::Arc;

use yorisoi_protocol::model::{ConversationSummary, StaffInfo};
use yorisoi_protocol::organisation::{DEFAULT_ACCENT, LauncherSide, OrganisationFace};
use yorisoi_protocol::{Author, ClientId, ConversationId, Lang, Message, OrganisationId, Seq};

use self::postgres::TestPostgres;
use super::{
    Appended, NewMessage, Posted, StaffRecord, Store, VisitorConversation, VisitorMessage,
};
use crate::clock::ManualClock;
use crate::config::Database;
use crate::error::StoreError;

/// A fresh store with one organisation, and a clock tests move (its time
/// goes into every write).
pub(crate) struct TestDb {
    pub store: Store,
    pub org: OrganisationId,
    pub clock: Arc<ManualClock>,
    /// The SQLite file's directory, removed when the test ends.
    _dir: Option<tempfile::TempDir>,
    /// The PostgreSQL database, dropped when the test ends.
    _postgres: Option<TestPostgres>,
}

impl TestDb {
    /// On a SQLite file in a fresh temporary directory.
    pub(crate) async fn sqlite() -> TestDb {
        let dir = tempfile::tempdir().expect("tempdir");
        let database = Database::Sqlite(dir.path().join("test.db"));
        TestDb::on(database, Some(dir), None).await
    }

    /// On a fresh PostgreSQL database.
    pub(crate) async fn postgres() -> TestDb {
        let postgres = TestPostgres::create().await;
        let database = Database::Postgres(postgres.url.clone());
        TestDb::on(database, None, Some(postgres)).await
    }

    async fn on(
        database: Database,
        dir: Option<tempfile::TempDir>,
        postgres: Option<TestPostgres>,
    ) -> TestDb {
        let store = Store::open(&database).await.expect("open");
        let clock = Arc::new(ManualClock::new(1_700_000_000_000));
        let org = store
            .create_organisation("main", &face("Main"), &[], 0)
            .await
            .expect("organisation")
            .id;
        TestDb {
            store,
            org,
            clock,
            _dir: dir,
            _postgres: postgres,
        }
    }
}

impl TestDb {
    pub(crate) fn now(&self) -> i64 {
        use crate::clock::Clock as _;
        self.clock.now_ms()
    }
}

pub(crate) fn face(name: &str) -> OrganisationFace {
    OrganisationFace {
        name_ja: name.into(),
        name_en: name.into(),
        greeting_ja: String::new(),
        greeting_en: String::new(),
        accent_color: DEFAULT_ACCENT.into(),
        launcher_side: LauncherSide::Right,
    }
}

/// The store's interface with the organisation and the clock filled
/// in, so tests read as the use cases they check.
impl TestDb {
    pub(crate) async fn create_conversation(
        &self,
        token_hash: &str,
        lang: Lang,
    ) -> Result<ConversationId, StoreError> {
        self.store
            .create_conversation(self.org, token_hash, lang, self.now())
            .await
    }

    pub(crate) async fn append_message(
        &self,
        id: ConversationId,
        client_id: &ClientId,
        author: &Author,
        body: &str,
        nickname: Option<&str>,
    ) -> Result<Appended, StoreError> {
        let message = NewMessage {
            client_id,
            author,
            body,
            nickname,
        };
        self.store
            .append_message(self.org, id, message, self.now())
            .await
    }

    pub(crate) async fn append_visitor_message(
        &self,
        token_hash: &str,
        lang: Lang,
        client_id: &ClientId,
        body: &str,
        nickname: Option<&str>,
    ) -> Result<Posted, StoreError> {
        let message = VisitorMessage {
            token_hash,
            lang,
            client_id,
            body,
            nickname,
            nominee: None,
        };
        self.store
            .append_visitor_message(self.org, message, self.now())
            .await
    }

    pub(crate) async fn add_staff(
        &self,
        email: &str,
        name: &str,
        password_hash: &str,
    ) -> Result<StaffInfo, StoreError> {
        let record = StaffRecord {
            organisation: self.org,
            email,
            name,
            password_hash,
            admin: false,
        };
        self.store.add_staff(record, self.now()).await
    }

    pub(crate) async fn messages_after(
        &self,
        id: ConversationId,
        last_seq: Seq,
    ) -> Result<Vec<Message>, StoreError> {
        self.store.messages_after(self.org, id, last_seq).await
    }

    pub(crate) async fn summary(
        &self,
        id: ConversationId,
    ) -> Result<Option<ConversationSummary>, StoreError> {
        self.store.summary(self.org, id).await
    }

    pub(crate) async fn summaries(&self) -> Result<Vec<ConversationSummary>, StoreError> {
        self.store.summaries(self.org, None, usize::MAX).await
    }

    pub(crate) async fn mark_read(
        &self,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Seq>, StoreError> {
        self.store
            .mark_read(self.org, id, seq)
            .await
            .map(|marked| marked.map(|marked| marked.seq))
    }

    pub(crate) async fn mark_visitor_read(
        &self,
        id: ConversationId,
        seq: Seq,
    ) -> Result<Option<Seq>, StoreError> {
        self.store
            .mark_visitor_read(self.org, id, seq)
            .await
            .map(|marked| marked.map(|marked| marked.seq))
    }

    pub(crate) async fn conversation_by_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<VisitorConversation>, StoreError> {
        self.store.conversation_by_token(self.org, token_hash).await
    }

    pub(crate) async fn conversation_exists(&self, id: ConversationId) -> Result<bool, StoreError> {
        self.store.conversation_exists(self.org, id).await
    }

    pub(crate) async fn set_lang(
        &self,
        id: ConversationId,
        lang: Lang,
    ) -> Result<bool, StoreError> {
        self.store
            .set_lang(self.org, id, lang)
            .await
            .map(|changed| changed.is_some())
    }

    pub(crate) async fn revoke_token(
        &self,
        token_hash: &str,
    ) -> Result<Option<ConversationId>, StoreError> {
        self.store
            .revoke_token(self.org, token_hash, self.now())
            .await
    }

    pub(crate) async fn rotate_token(
        &self,
        old_hash: &str,
        new_hash: &str,
    ) -> Result<Option<ConversationId>, StoreError> {
        self.store
            .rotate_token(self.org, old_hash, new_hash, self.now())
            .await
    }

    pub(crate) async fn is_revoked(&self, token_hash: &str) -> Result<bool, StoreError> {
        self.store.is_revoked(token_hash).await
    }

    pub(crate) async fn keep_code(
        &self,
        token_hash: &str,
        code_hash: &str,
    ) -> Result<(), StoreError> {
        self.store
            .keep_code(self.org, token_hash, code_hash, self.now())
            .await
    }

    /// Uses a code with the default lifetime (a day).
    pub(crate) async fn use_code(
        &self,
        code_hash: &str,
        new_hash: &str,
    ) -> Result<Option<ConversationId>, StoreError> {
        let now = self.now();
        self.store
            .use_code(self.org, code_hash, new_hash, now - CODE_LIFETIME_MS, now)
            .await
    }
}

/// The consultation code's lifetime the tests use (the default setting's).
pub(crate) const CODE_LIFETIME_MS: i64 = 24 * 60 * 60 * 1000;

/// A [`TestDb`] with its clock, in the shape older tests use.
pub(crate) fn with_clock(db: TestDb) -> (TestDb, Arc<ManualClock>, ()) {
    let clock = db.clock.clone();
    (db, clock, ())
}

/// A [`TestDb`] on SQLite, for tests of the layers above the store.
pub(crate) async fn temp_db() -> TestDb {
    TestDb::sqlite().await
}

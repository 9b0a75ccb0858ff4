//! A real SQLite database in a temporary directory for unit tests, with
//! one organisation and a clock tests move, and the store's interface with
//! that organisation and clock filled in; and the check that the SQLite
//! compiled in is a current one.

use std::sync::Arc;

use yorisoi_protocol::organisation::{DEFAULT_ACCENT, LauncherSide};
use yorisoi_protocol::{Author, ClientId};

use super::*;
use crate::clock::ManualClock;
use crate::store::Store;

/// A fresh store in a temporary directory with one organisation, and a
/// clock tests move (its time goes into every write).
pub(crate) struct TestDb {
    pub store: Store,
    pub org: OrganisationId,
    pub clock: Arc<ManualClock>,
    _dir: tempfile::TempDir,
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
}

/// A [`TestDb`] with its clock, in the shape older tests use.
pub(crate) async fn temp_store() -> (TestDb, Arc<ManualClock>, ()) {
    let db = temp_db().await;
    let clock = db.clock.clone();
    (db, clock, ())
}

pub(crate) async fn temp_db() -> TestDb {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = Store::open(&dir.path().join("test.db"))
        .await
        .expect("open");
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
    }
}

/// SQLite is bundled through libsqlite3-sys, one copy for sqlx and rusqlite
/// alike: a dependency change that drags it back below 3.50 fails here.
#[tokio::test]
async fn the_pool_and_the_writer_run_one_current_sqlite() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = SqliteStore::open(&dir.path().join("version.db"))
        .await
        .expect("open");
    let version: String = sqlx::query_scalar("SELECT sqlite_version()")
        .fetch_one(&store.pool)
        .await
        .expect("version");
    assert_eq!(version, rusqlite::version(), "one SQLite in the binary");
    let numbers: Vec<u32> = version
        .split('.')
        .map(|part| part.parse().expect("a numeric version"))
        .collect();
    assert!(
        numbers.as_slice() >= [3, 50].as_slice(),
        "SQLite {version} is older than 3.50"
    );
}

//! Notices between nodes through PostgreSQL's LISTEN/NOTIFY on one channel,
//! [`CHANNEL`]. A notice's payload is one line of words: the sending node,
//! a kind and the ids it names (`<node> m <organisation> <conversation>
//! <seq>`); ids and hex digests only, never a message's text, so nothing a
//! parent wrote travels outside the tables. Each node listens on its own
//! connection and skips its own notices. PostgreSQL delivers a notice only
//! once its transaction commits, so an append sends its own notice inside
//! its transaction ([`notify_within`]): a node killed just after a commit
//! has still told the others. Notices sent while a listener is
//! reconnecting are lost, which is allowed (see `crate::store`).

use sqlx::postgres::PgListener;
use sqlx::{PgExecutor, Postgres, Transaction};
use tokio::sync::mpsc;
use yorisoi_protocol::{ClientId, ConversationId, OrganisationId};

use super::PostgresStore;
use crate::error::StoreError;
use crate::store::Notice;

/// The one channel every node listens on.
pub const CHANNEL: &str = "yorisoi";

/// Notices a node keeps for its relay before dropping new ones (they are
/// hints: a dropped one delays at most until the next).
const BACKLOG: usize = 4096;

impl PostgresStore {
    /// Sends notices in one statement (one round trip for a batch).
    pub(super) async fn send_notices(&self, notices: &[Notice]) -> Result<(), StoreError> {
        if notices.is_empty() {
            return Ok(());
        }
        notify(&self.pool, &self.node, notices).await
    }

    /// Listens on its own connection; the other nodes' notices arrive on
    /// the returned channel until it is dropped.
    pub(super) async fn start_listening(&self) -> Result<mpsc::Receiver<Notice>, StoreError> {
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANNEL).await?;
        let (sender, receiver) = mpsc::channel(BACKLOG);
        let node = self.node.clone();
        tokio::spawn(async move {
            loop {
                let notification = match listener.try_recv().await {
                    Ok(Some(notification)) => notification,
                    Ok(None) => {
                        tracing::warn!("lost the notice connection: reconnecting");
                        continue;
                    }
                    Err(error) => {
                        tracing::warn!(%error, "notice connection failed: retrying");
                        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
                        continue;
                    }
                };
                let Some((from, notice)) = decode(notification.payload()) else {
                    tracing::warn!("an unreadable notice was ignored");
                    continue;
                };
                if from == node {
                    continue;
                }
                match sender.try_send(notice) {
                    Ok(()) => {}
                    Err(mpsc::error::TrySendError::Full(_)) => {
                        tracing::warn!("notice backlog full: a notice was dropped");
                    }
                    Err(mpsc::error::TrySendError::Closed(_)) => return,
                }
            }
        });
        Ok(receiver)
    }
}

/// Sends notices as part of `transaction`: delivered when (and only if)
/// it commits.
pub(super) async fn notify_within(
    transaction: &mut Transaction<'static, Postgres>,
    node: &str,
    notices: &[Notice],
) -> Result<(), StoreError> {
    notify(&mut **transaction, node, notices).await
}

/// The one statement that sends notices, on a pool or in a transaction.
async fn notify<'c>(
    executor: impl PgExecutor<'c>,
    node: &str,
    notices: &[Notice],
) -> Result<(), StoreError> {
    let payloads: Vec<String> = notices.iter().map(|notice| encode(node, notice)).collect();
    sqlx::query("SELECT pg_notify($1, payload) FROM unnest($2::TEXT[]) AS payload")
        .bind(CHANNEL)
        .bind(payloads)
        .execute(executor)
        .await?;
    Ok(())
}

/// A notice as one line, naming its node.
fn encode(node: &str, notice: &Notice) -> String {
    match notice {
        Notice::Message {
            organisation,
            conversation,
            seq,
        } => format!("{node} m {} {} {seq}", organisation.0, conversation.0),
        Notice::Summary {
            organisation,
            conversation,
        } => format!("{node} s {} {}", organisation.0, conversation.0),
        Notice::StaffRead {
            organisation,
            conversation,
            seq,
        } => format!("{node} r {} {} {seq}", organisation.0, conversation.0),
        Notice::Created {
            organisation,
            conversation,
            token_hash,
        } => format!(
            "{node} c {} {} {token_hash}",
            organisation.0, conversation.0
        ),
        Notice::Note {
            organisation,
            conversation,
            client_id,
        } => format!(
            "{node} n {} {} {}",
            organisation.0, conversation.0, client_id.0
        ),
        Notice::Help {
            organisation,
            conversation,
        } => format!("{node} h {} {}", organisation.0, conversation.0),
        Notice::RevokedToken {
            organisation,
            token_hash,
        } => format!("{node} t {} {token_hash}", organisation.0),
        Notice::EndedSession {
            organisation,
            id_hash,
        } => format!("{node} e {} {id_hash}", organisation.0),
        Notice::EndedStaff {
            organisation,
            staff_id,
        } => format!("{node} a {} {staff_id}", organisation.0),
        Notice::Deleted {
            organisation,
            conversation,
        } => format!("{node} d {} {}", organisation.0, conversation.0),
    }
}

/// The sending node and its notice, or `None` for a line no node wrote.
fn decode(payload: &str) -> Option<(String, Notice)> {
    let mut words = payload.split(' ');
    let node = words.next()?.to_owned();
    let kind = words.next()?;
    let organisation = OrganisationId(words.next()?.parse().ok()?);
    let mut next = || words.next();
    let notice = match kind {
        "m" | "r" | "s" | "c" | "n" | "h" | "d" => {
            let conversation = ConversationId(next()?.parse().ok()?);
            match kind {
                "m" => Notice::Message {
                    organisation,
                    conversation,
                    seq: next()?.parse().ok()?,
                },
                "r" => Notice::StaffRead {
                    organisation,
                    conversation,
                    seq: next()?.parse().ok()?,
                },
                "s" => Notice::Summary {
                    organisation,
                    conversation,
                },
                "d" => Notice::Deleted {
                    organisation,
                    conversation,
                },
                "n" => Notice::Note {
                    organisation,
                    conversation,
                    client_id: ClientId(next()?.to_owned()),
                },
                "h" => Notice::Help {
                    organisation,
                    conversation,
                },
                _ => Notice::Created {
                    organisation,
                    conversation,
                    token_hash: next()?.to_owned(),
                },
            }
        }
        "t" => Notice::RevokedToken {
            organisation,
            token_hash: next()?.to_owned(),
        },
        "e" => Notice::EndedSession {
            organisation,
            id_hash: next()?.to_owned(),
        },
        "a" => Notice::EndedStaff {
            organisation,
            staff_id: next()?.parse().ok()?,
        },
        _ => return None,
    };
    Some((node, notice))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_notice_reads_back_as_written() {
        let organisation = OrganisationId(3);
        let conversation = ConversationId(41);
        let notices = [
            Notice::Message {
                organisation,
                conversation,
                seq: 7,
            },
            Notice::Summary {
                organisation,
                conversation,
            },
            Notice::StaffRead {
                organisation,
                conversation,
                seq: 2,
            },
            Notice::Created {
                organisation,
                conversation,
                token_hash: "ab12".into(),
            },
            Notice::Note {
                organisation,
                conversation,
                client_id: ClientId("0b6f6c1e-3f0a-4c49-9d55-1f1f0f0e2a3b".into()),
            },
            Notice::Help {
                organisation,
                conversation,
            },
            Notice::Deleted {
                organisation,
                conversation,
            },
            Notice::RevokedToken {
                organisation,
                token_hash: "cd34".into(),
            },
            Notice::EndedSession {
                organisation,
                id_hash: "ef56".into(),
            },
            Notice::EndedStaff {
                organisation,
                staff_id: 9,
            },
        ];
        for notice in notices {
            let line = encode("node1", &notice);
            assert_eq!(decode(&line), Some(("node1".to_owned(), notice)), "{line}");
        }
        assert_eq!(decode("node1 m 1"), None);
        assert_eq!(decode("node1 x 1 2"), None);
        assert_eq!(decode(""), None);
    }
}

//! The console's side of the staff socket: the client algorithm of
//! `yorisoi_protocol`'s crate docs for staff. It keeps the conversation list,
//! the threads opened so far and the selected conversation; after every
//! greeting it resends unacknowledged replies (same client id) and re-`Open`s
//! *every* thread it holds from its last unbroken seq; it drops duplicates,
//! reconnects on a gap, and shows replies as read from the parent's
//! `visitor_read_seq`. The outbox lives in memory only (a staff reload
//! while offline loses unsent replies; the parent's widget keeps its own).
//!
//! Internal notes come as `Note` frames after a conversation's first
//! `History` and live; a search's answer (`Found`) is kept only if it answers
//! the latest query.
//!
//! The list comes in pages (see [`super::conversation_page`]): `Welcome`
//! brings the newest, `MoreConversations` asks for the next after the last
//! one received, and pushed summaries land in order whether paged in or not.

use leptos::prelude::*;
use yorisoi_protocol::console::{ClientFrame, PageCursor, ServerFrame};
use yorisoi_protocol::http::CONSOLE_SOCKET;
use yorisoi_protocol::model::{Colleague, ConversationSummary, Note, StaffInfo};
use yorisoi_protocol::team::Presence;
use yorisoi_protocol::{Author, ClientId, ConversationId, ErrorCode};

use super::alerts::Alerts;
use super::conversation_page::{self, Filter, Paging};
use super::threads::Threads;
use crate::api::socket::{ConnState, Socket};
use crate::browser;
use crate::contexts::i18n::I18n;
use crate::thread::{Arrival, Entry, Thread};

/// The console's live state; a cheap `Copy` handle for closures.
#[derive(Clone, Copy)]
pub struct ConsoleSession {
    /// The conversations paged in or pushed, most recently updated first.
    pub conversations: RwSignal<Vec<ConversationSummary>>,
    /// Whether older conversations can be asked for, and if one page is.
    pub paging: RwSignal<Paging>,
    /// Where the next page starts: after the last summary of the last page.
    cursor: StoredValue<Option<PageCursor>>,
    /// Messages of the conversations opened so far.
    pub threads: RwSignal<Threads>,
    /// The conversation on screen.
    pub selected: RwSignal<Option<ConversationId>>,
    /// The connection, for the status line.
    pub status: RwSignal<ConnState>,
    /// The last error the server reported.
    pub alert: RwSignal<Option<ErrorCode>>,
    /// Which conversation's parent is typing, with a flag flipped at each
    /// hint (each is drawn anew, so its fading out in console.css restarts).
    pub parent_typing: RwSignal<Option<(ConversationId, bool)>>,
    /// The staff member's presence (parents see it in the reply estimate).
    pub presence: RwSignal<Presence>,
    /// The organisation's staff, for names (assignees).
    pub colleagues: RwSignal<Vec<Colleague>>,
    /// Internal notes of the conversations opened so far, oldest first.
    pub notes: RwSignal<Vec<(ConversationId, Note)>>,
    /// Which conversations the list shows.
    pub filter: RwSignal<Filter>,
    /// The latest search and its answer (none until it comes); `None` when
    /// not searching.
    pub found: RwSignal<Option<(String, Option<Vec<ConversationSummary>>)>>,
    /// When this console last told the server the staff member is typing.
    typed_at_ms: StoredValue<i64>,
    staff: StoredValue<StaffInfo>,
    /// The connection (not `Send`, hence local storage).
    socket: StoredValue<Option<Socket>, LocalStorage>,
    /// Sound, notifications and overdue alerts (see [`super::alerts`]).
    pub alerts: Alerts,
}

/// The session the workspace provides to the views inside it (not
/// `expect_context`, for the reason given at [`crate::contexts::i18n::use_i18n`]).
pub fn use_session() -> ConsoleSession {
    use_context::<ConsoleSession>().expect("the workspace provides the session")
}

impl ConsoleSession {
    /// Creates the state and connects (the session cookie authenticates).
    pub fn start(staff: StaffInfo, i18n: I18n) -> Self {
        let session = ConsoleSession {
            alerts: Alerts::new(staff.id, i18n),
            conversations: RwSignal::new(Vec::new()),
            paging: RwSignal::new(Paging::Complete),
            cursor: StoredValue::new(None),
            threads: RwSignal::new(Threads::default()),
            selected: RwSignal::new(None),
            status: RwSignal::new(ConnState::Connecting),
            alert: RwSignal::new(None),
            parent_typing: RwSignal::new(None),
            presence: RwSignal::new(Presence::Offline),
            colleagues: RwSignal::new(Vec::new()),
            notes: RwSignal::new(Vec::new()),
            filter: RwSignal::new(Filter::default()),
            found: RwSignal::new(None),
            typed_at_ms: StoredValue::new(i64::MIN),
            staff: StoredValue::new(staff),
            socket: StoredValue::new_local(None),
        };
        let socket = Socket::connect::<ServerFrame>(
            CONSOLE_SOCKET,
            session.status,
            // The server speaks first (Welcome); nothing to say on open.
            |_| {},
            move |socket, frame| session.receive(socket, frame),
        );
        session.socket.set_value(Some(socket));
        session
    }

    /// The staff member is typing a reply in the selected conversation: the
    /// parent sees it (told at most every three seconds).
    pub fn typing(&self) {
        let Some(conversation) = self.selected.get_untracked() else {
            return;
        };
        let now = browser::now_ms();
        if now.saturating_sub(self.typed_at_ms.get_value()) < 3_000 {
            return;
        }
        self.typed_at_ms.set_value(now);
        self.send_frame(&ClientFrame::Typing { conversation });
    }

    /// The logged-in staff member's id.
    pub fn staff_id(&self) -> i64 {
        self.staff.with_value(|staff| staff.id)
    }

    /// The staff member says whether they answer now.
    pub fn set_presence(&self, presence: Presence) {
        if self.send_frame(&ClientFrame::SetPresence { presence }) {
            self.presence.set(presence);
        }
    }

    /// Gives the selected conversation to `staff` (this staff member: take
    /// or take over), or to nobody (hand back).
    pub fn assign(&self, staff: Option<i64>) {
        if let Some(conversation) = self.selected.get_untracked() {
            self.send_frame(&ClientFrame::Assign {
                conversation,
                staff,
            });
        }
    }

    /// Marks the selected conversation resolved, or open again.
    pub fn resolve(&self, resolved: bool) {
        if let Some(conversation) = self.selected.get_untracked() {
            self.send_frame(&ClientFrame::Resolve {
                conversation,
                resolved,
            });
        }
    }

    /// Sends the emergency notice into the selected conversation (the
    /// server writes it in the parent's language; it comes back as a
    /// message).
    pub fn send_help(&self) {
        if let Some(conversation) = self.selected.get_untracked() {
            self.send_frame(&ClientFrame::SendHelp {
                conversation,
                client_id: browser::new_client_id(),
            });
        }
    }

    /// Sets the selected conversation's labels.
    pub fn label(&self, labels: Vec<String>) {
        if let Some(conversation) = self.selected.get_untracked() {
            self.send_frame(&ClientFrame::Label {
                conversation,
                labels,
            });
        }
    }

    /// Keeps an internal note on the selected conversation; false when it
    /// could not go (offline: the text stays in its box).
    pub fn add_note(&self, body: String) -> bool {
        let Some(conversation) = self.selected.get_untracked() else {
            return false;
        };
        self.send_frame(&ClientFrame::AddNote {
            conversation,
            client_id: browser::new_client_id(),
            body,
        })
    }

    /// Searches the organisation's conversations; a blank query ends the
    /// search.
    pub fn search(&self, query: String) {
        let query = query.trim().to_owned();
        if query.is_empty() {
            self.found.set(None);
        } else if self.send_frame(&ClientFrame::Search {
            query: query.clone(),
        }) {
            self.found.set(Some((query, None)));
        }
    }

    /// A colleague's name.
    pub fn colleague(&self, id: i64) -> String {
        self.colleagues.with_untracked(|all| {
            all.iter()
                .find(|colleague| colleague.id == id)
                .map(|colleague| colleague.name.clone())
                .unwrap_or_default()
        })
    }

    /// Closes the socket for good (logout).
    pub fn stop(&self) {
        // `try_`: this runs from on_cleanup, possibly after disposal.
        self.socket.try_with_value(|socket| {
            if let Some(socket) = socket {
                socket.close();
            }
        });
    }

    /// Shows conversation `id` and asks for what we do not hold yet.
    pub fn select(&self, id: Option<ConversationId>) {
        self.selected.set(id);
        if let Some(id) = id {
            let read = self.conversations.with_untracked(|list| {
                list.iter()
                    .find(|c| c.id == id)
                    .map_or(0, |c| c.visitor_read_seq)
            });
            self.threads.update(|threads| {
                threads.or_default(id).set_peer_read(read);
            });
            self.open(id);
        }
    }

    /// Asks for what we miss of `conversation`; until the `History` comes,
    /// live messages running ahead of it are not gaps.
    fn open(&self, conversation: ConversationId) {
        let last_seq = self
            .threads
            .with_untracked(|threads| threads.get(conversation).map_or(0, Thread::resume_seq));
        self.threads.update_untracked(|threads| {
            if let Some(thread) = threads.get_mut(conversation) {
                thread.syncing = true;
            }
        });
        self.send_frame(&ClientFrame::Open {
            conversation,
            last_seq,
        });
    }

    /// Queues a staff reply to the selected conversation.
    pub fn reply(&self, body: String) {
        let Some(conversation) = self.selected.get_untracked() else {
            return;
        };
        let client_id = browser::new_client_id();
        let staff = self.staff.get_value();
        self.threads.update(|threads| {
            threads.or_default(conversation).push_pending(
                client_id.clone(),
                Author::Staff {
                    id: staff.id,
                    name: staff.name,
                },
                body.clone(),
                browser::now_ms(),
            );
        });
        self.send_frame(&ClientFrame::Send {
            conversation,
            client_id,
            body,
        });
    }

    /// Asks for the next page of older conversations (one at a time).
    pub fn more_conversations(&self) {
        let Some(after) = self.cursor.get_value() else {
            return;
        };
        if self.paging.get_untracked() == Paging::More
            && self.send_frame(&ClientFrame::MoreConversations { after })
        {
            self.paging.set(Paging::Asking);
        }
    }

    /// Takes a page in: where the next one starts, whether there is one,
    /// and its summaries merged into the list. `first` (a `Welcome`)
    /// replaces the list, except the conversation on screen, which stays
    /// open even when it is older than the first page.
    fn take_page(&self, page: Vec<ConversationSummary>, more: bool, first: bool) {
        if let Some(last) = page.last() {
            self.cursor.set_value(Some(PageCursor::after(last)));
        } else if first {
            self.cursor.set_value(None);
        }
        self.follow_reads(&page);
        let selected = self.selected.get_untracked();
        self.conversations.update(|list| {
            if first {
                list.retain(|summary| Some(summary.id) == selected);
            }
            conversation_page::merge(list, page);
        });
        self.paging
            .set(if more { Paging::More } else { Paging::Complete });
    }

    /// Sends a failed reply again, under a new client id.
    pub fn retry(&self, client_id: ClientId) {
        let new_id = browser::new_client_id();
        let retried = self.threads.try_update(|threads| {
            threads.iter_mut().find_map(|(conversation, thread)| {
                let entry = thread.retry(&client_id, new_id.clone(), browser::now_ms())?;
                Some((conversation, entry))
            })
        });
        if let Some(Some((conversation, entry))) = retried {
            self.alert.set(None);
            self.send_reply(conversation, &entry);
        }
    }

    fn send_reply(&self, conversation: ConversationId, entry: &Entry) {
        self.send_frame(&ClientFrame::Send {
            conversation,
            client_id: entry.client_id.clone(),
            body: entry.body.clone(),
        });
    }

    /// Sends `frame` once the server has greeted this connection; false
    /// when it could not go (it is resent from the greeting, if at all).
    fn send_frame(&self, frame: &ClientFrame) -> bool {
        self.socket.with_value(|socket| {
            socket
                .as_ref()
                .is_some_and(|socket| socket.send_when_ready(frame))
        })
    }

    /// Marks the selected conversation read up to what we hold.
    fn mark_read(&self, conversation: ConversationId) {
        let seq = self
            .threads
            .with_untracked(|t| t.get(conversation).map_or(0, Thread::highest_seq));
        if seq > 0 {
            self.send_frame(&ClientFrame::MarkRead { conversation, seq });
            self.conversations.update(|list| {
                if let Some(summary) = list.iter_mut().find(|c| c.id == conversation) {
                    summary.unread = 0;
                }
            });
        }
    }

    /// Keeps each held thread's "read by the parent" mark up to date.
    fn follow_reads(&self, summaries: &[ConversationSummary]) {
        self.threads.update(|threads| {
            for summary in summaries {
                if let Some(thread) = threads.get_mut(summary.id) {
                    thread.set_peer_read(summary.visitor_read_seq);
                }
            }
        });
    }

    fn upsert(&self, summary: ConversationSummary) {
        self.follow_reads(std::slice::from_ref(&summary));
        // A conversation in the search's answer changes there too.
        self.found.update(|found| {
            if let Some((_, Some(list))) = found
                && let Some(held) = list.iter_mut().find(|held| held.id == summary.id)
            {
                *held = summary.clone();
            }
        });
        self.conversations
            .update(|list| conversation_page::merge(list, vec![summary]));
    }

    /// Resumes every held conversation, then resends the outbox.
    fn after_welcome(&self) {
        let held: Vec<ConversationId> = self
            .threads
            .with_untracked(|threads| threads.iter().map(|(id, _)| id).collect());
        for conversation in held {
            self.open(conversation);
        }
        self.threads.with_untracked(|threads| {
            for (conversation, thread) in threads.iter() {
                for entry in thread.unsent() {
                    self.send_reply(conversation, entry);
                }
            }
        });
    }

    fn receive(&self, socket: &Socket, frame: ServerFrame) {
        match frame {
            ServerFrame::Welcome {
                staff,
                conversations,
                more,
                presence,
                colleagues,
            } => {
                self.colleagues.set(colleagues);
                self.staff.set_value(staff);
                self.presence.set(presence);
                self.take_page(conversations, more, true);
                socket.set_ready();
                self.after_welcome();
            }
            ServerFrame::Conversations {
                conversations,
                more,
            } => self.take_page(conversations, more, false),
            ServerFrame::Conversation(summary) => {
                let (id, unread) = (summary.id, summary.unread);
                self.announce_message(&summary);
                self.upsert(summary);
                // Only when something is unread: our own MarkRead comes back
                // as a summary with unread 0, which must not loop.
                if unread > 0
                    && self.selected.get_untracked() == Some(id)
                    && self.threads.with_untracked(|t| t.contains(id))
                {
                    self.mark_read(id);
                }
            }
            ServerFrame::History {
                conversation,
                messages,
            } => {
                let holed = self.threads.try_update(|threads| {
                    let thread = threads.or_default(conversation);
                    for message in messages {
                        thread.insert(message);
                    }
                    thread.syncing = false;
                    thread.has_gap()
                });
                if holed == Some(true) {
                    // The history should have filled every hole: something
                    // was lost on the way, so resume again.
                    socket.reconnect();
                    return;
                }
                if self.selected.get_untracked() == Some(conversation) {
                    self.mark_read(conversation);
                }
            }
            ServerFrame::Message {
                conversation,
                message,
            } => {
                let from_parent = message.author == Author::Visitor;
                if from_parent {
                    self.alerts.expect(conversation, &message.body);
                }
                if from_parent
                    && self
                        .parent_typing
                        .with_untracked(|typing| typing.is_some_and(|(id, _)| id == conversation))
                {
                    // The parent finished what they were typing.
                    self.parent_typing.set(None);
                }
                // Only held threads: the list's summary covers the others.
                let arrival = self.threads.try_update(|threads| {
                    threads
                        .get_mut(conversation)
                        .map(|thread| (thread.insert(message), thread.syncing))
                });
                match arrival.flatten() {
                    Some((Arrival::Gap, false)) => socket.reconnect(),
                    Some((Arrival::New | Arrival::Gap, _))
                        if from_parent && self.selected.get_untracked() == Some(conversation) =>
                    {
                        self.mark_read(conversation);
                    }
                    _ => {}
                }
            }
            ServerFrame::Ack {
                conversation,
                client_id,
                seq,
                sent_at_ms,
            } => {
                self.threads.update(|threads| {
                    if let Some(thread) = threads.get_mut(conversation) {
                        thread.ack(&client_id, seq, sent_at_ms);
                    }
                });
            }
            ServerFrame::Error { code, client_id } => {
                // A refused reply is told once, in its bubble beside Retry;
                // the alert line is for what no bubble shows (and for an
                // ended session, which the workspace acts on).
                let in_place = client_id.is_some_and(|client_id| {
                    self.threads.try_update(|threads| {
                        threads.iter_mut().fold(false, |marked, (_, thread)| {
                            thread.fail(&client_id, code) | marked
                        })
                    }) == Some(true)
                });
                if !in_place || code == ErrorCode::Unauthorized {
                    self.alert.set(Some(code));
                }
            }
            ServerFrame::Typing { conversation } => {
                let flag = self
                    .parent_typing
                    .with_untracked(|typing| typing.is_some_and(|(_, flag)| flag));
                self.parent_typing.set(Some((conversation, !flag)));
            }
            ServerFrame::Pong => {}
            ServerFrame::Note { conversation, note } => self.notes.update(|held| {
                if !held
                    .iter()
                    .any(|(_, kept)| kept.client_id == note.client_id)
                {
                    held.push((conversation, note));
                }
            }),
            ServerFrame::Found {
                query,
                conversations,
            } => self.found.update(|found| {
                if let Some((asked, answer)) = found
                    && *asked == query
                {
                    *answer = Some(conversations);
                }
            }),
            ServerFrame::Overdue {
                hours,
                conversations,
            } => {
                for summary in &conversations {
                    self.upsert(summary.clone());
                }
                self.announce_overdue(hours, conversations);
            }
            ServerFrame::Quiet { quiet } => self.alerts.quiet.set(quiet),
        }
    }
}

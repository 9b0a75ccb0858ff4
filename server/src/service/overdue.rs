//! The overdue sweep: every node looks, every `overdue_sweep_ms`, for
//! parents whose wait for a staff reply has just become longer than
//! `overdue_alert_hours`, and tells its own consoles of the organisation
//! (whom to alert is [`crate::routing::overdue_alerts`]: not anyone in
//! quiet hours, not the one holding the conversation unless nobody else
//! can be).
//!
//! Each sweep covers the stretch of the server's clock since the last one:
//! a wait is alerted by the sweep during which it crossed the threshold,
//! so each crossing alerts once, however often the sweep runs, and a new
//! wait (after a staff reply) is a new crossing. Nothing is stored: every
//! node sweeps the same stretches of the shared clock for its own sockets,
//! so several nodes need no coordination and none tells another's
//! consoles. A node starts sweeping from its start: a wait that crossed
//! while no node ran is not alerted (the console's list still marks it
//! waiting, with since when), and a restart never repeats an alert.

use std::sync::Arc;
use std::time::Duration;

use yorisoi_protocol::OrganisationId;

use super::Service;
use super::team::{available_at, in_quiet_hours};
use crate::error::StoreError;
use crate::hub::{ConnectionId, Event, EventKind, OverdueWait, Topic};
use crate::routing::{Candidate, overdue_alerts};

/// At most this many waits are alerted per organisation and sweep (one
/// sweep a minute rarely sees more than one).
pub const WAITS_PER_SWEEP: usize = 100;

impl Service {
    /// Sweeps every `overdue_sweep_ms`, from now until shutdown. Needs a
    /// tokio runtime (as the server has).
    pub(super) fn spawn_overdue_sweep(&self) {
        let service = self.clone();
        let mut stopping = self.shutdown_signal();
        let every = Duration::from_millis(u64::from(self.config().overdue_sweep_ms.max(1)));
        tokio::spawn(async move {
            // The guard `wait_for` returns is not `Send`: drop it inside.
            let stopped = async move {
                let _stopped_or_gone = stopping.wait_for(|stopping| *stopping).await.map(|_| ());
            };
            let mut stopped = std::pin::pin!(stopped);
            let origin = service.hub().connection_id();
            let mut swept_until = service.now_ms();
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => {
                        swept_until = service.sweep_overdue(origin, swept_until).await;
                    }
                    () = &mut stopped => return,
                }
            }
        });
    }

    /// Alerts this node's consoles about the waits that became overdue
    /// after `since_ms` and up to now; returns now, where the next sweep
    /// starts. Organisations with no console open here are skipped.
    pub async fn sweep_overdue(&self, origin: ConnectionId, since_ms: i64) -> i64 {
        let now_ms = self.now_ms();
        if now_ms <= since_ms {
            return since_ms;
        }
        let organisations = match self.store().organisations().await {
            Ok(organisations) => organisations,
            Err(error) => {
                // The same stretch is tried again next time.
                tracing::error!(%error, "overdue sweep: cannot list organisations");
                return since_ms;
            }
        };
        for organisation in organisations {
            if !self
                .hub()
                .has_subscribers(&Topic::Organisation(organisation.id))
            {
                continue;
            }
            if let Err(error) = self
                .alert_overdue(organisation.id, origin, since_ms, now_ms)
                .await
            {
                tracing::error!(%error, organisation = organisation.id.0, "overdue sweep failed");
            }
        }
        now_ms
    }

    /// One organisation's part of a sweep over `(since_ms, now_ms]`.
    async fn alert_overdue(
        &self,
        organisation: OrganisationId,
        origin: ConnectionId,
        since_ms: i64,
        now_ms: i64,
    ) -> Result<(), StoreError> {
        let after_ms = self.config().overdue_after_ms();
        // A wait is overdue once `now - waiting_since > after`: it crossed
        // in this sweep when `since - after <= waiting_since < now - after`.
        let summaries = self
            .store()
            .waiting_since_between(
                organisation,
                since_ms - after_ms - 1,
                now_ms - after_ms - 1,
                WAITS_PER_SWEEP,
            )
            .await?;
        if summaries.is_empty() {
            return Ok(());
        }
        let records = self.team_records(organisation).await?;
        let candidates: Vec<Candidate> = records
            .iter()
            .map(|record| Candidate {
                staff: record.id,
                available_at_ms: available_at(record, now_ms),
                quiet: in_quiet_hours(record, now_ms),
            })
            .collect();
        let waits: Vec<OverdueWait> = summaries
            .into_iter()
            .filter_map(|summary| {
                let holder = summary.assignee.or(summary.nominee);
                let alerted = overdue_alerts(
                    summary.waiting_since_ms,
                    holder,
                    &candidates,
                    now_ms,
                    after_ms,
                );
                (!alerted.is_empty()).then_some(OverdueWait { summary, alerted })
            })
            .collect();
        let Some(first) = waits.first() else {
            return Ok(());
        };
        // This node's consoles only: every node sweeps for its own.
        self.hub().publish(Event {
            organisation,
            conversation: first.summary.id,
            origin,
            kind: EventKind::Overdue(Arc::new(waits)),
        });
        Ok(())
    }

    /// Whether `staff` of `organisation` is in their quiet hours now (the
    /// console then makes no sound); false for someone not on the team.
    pub async fn in_quiet_hours(
        &self,
        organisation: OrganisationId,
        staff: i64,
    ) -> Result<bool, StoreError> {
        let now_ms = self.now_ms();
        let records = self.team_records(organisation).await?;
        Ok(records
            .iter()
            .find(|record| record.id == staff)
            .is_some_and(|record| in_quiet_hours(record, now_ms)))
    }
}

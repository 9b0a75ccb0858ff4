//! Retention (issue 13): each organisation keeps resolved conversations
//! for `retention_days` (365 unless its admin sets another; 0 keeps them
//! for ever). A sweep every `retention_sweep_ms`, on the server's clock,
//! deletes the conversations resolved longer ago than that, with
//! everything keyed by them, and adds them to the organisation's anonymous
//! statistics (month, language, how many conversations and messages) in
//! the same transaction. Open conversations are never deleted: a parent's
//! new message reopens a resolved one, and the store rechecks the
//! condition on the row it deletes.
//!
//! Several nodes may sweep at once: each conversation is deleted by one
//! statement, once, and the node that deleted it tells the consoles.

use std::time::Duration;

use serde::{Deserialize, Serialize};
use yorisoi_protocol::ErrorCode;
use yorisoi_protocol::model::StaffInfo;

use super::super::Service;
use crate::error::{ServiceError, StoreError};
use crate::store::RetentionStatistic;

/// Conversations deleted per statement: a backlog (a period shortened by
/// years) goes in several short transactions, never one long one.
pub const RETENTION_BATCH: usize = 500;

/// The longest period an admin can set: a hundred years is "keep".
pub const MAX_RETENTION_DAYS: u32 = 36_500;

const DAY_MS: i64 = 24 * 60 * 60 * 1000;

/// An organisation's retention, as its staff see and admins set it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Retention {
    /// Resolved conversations are deleted this many days after being
    /// resolved; 0 keeps them.
    pub retention_days: u32,
}

/// What retention has deleted so far, counts only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetentionReport {
    /// The period now.
    pub retention_days: u32,
    /// Per month and language, oldest first.
    pub statistics: Vec<RetentionStatistic>,
}

impl Service {
    /// Sweeps every `retention_sweep_ms`, from start until shutdown.
    pub(in crate::service) fn spawn_retention_sweep(&self) {
        let service = self.clone();
        let mut stopping = self.shutdown_signal();
        let every = Duration::from_millis(u64::from(self.config().retention_sweep_ms.max(1)));
        tokio::spawn(async move {
            // The guard `wait_for` returns is not `Send`: drop it inside.
            let stopped = async move {
                let _stopped_or_gone = stopping.wait_for(|stopping| *stopping).await.map(|_| ());
            };
            let mut stopped = std::pin::pin!(stopped);
            let mut ticks = tokio::time::interval(every);
            ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tokio::select! {
                    _ = ticks.tick() => { service.sweep_retention().await; }
                    () = &mut stopped => return,
                }
            }
        });
    }

    /// Deletes every organisation's resolved conversations past its period
    /// now; how many. A failing organisation is logged and tried again at
    /// the next sweep.
    pub async fn sweep_retention(&self) -> usize {
        let organisations = match self.store().organisations().await {
            Ok(organisations) => organisations,
            Err(error) => {
                tracing::error!(%error, "retention sweep: cannot list organisations");
                return 0;
            }
        };
        let mut deleted = 0;
        for organisation in organisations {
            match self.expire(organisation.id).await {
                Ok(count) => deleted += count,
                Err(error) => tracing::error!(
                    %error,
                    organisation = organisation.id.0,
                    "retention sweep failed"
                ),
            }
        }
        deleted
    }

    /// One organisation's part of a sweep.
    async fn expire(
        &self,
        organisation: yorisoi_protocol::OrganisationId,
    ) -> Result<usize, StoreError> {
        let days = self.store().retention_days(organisation).await?;
        let Some(days) = days.filter(|days| *days > 0) else {
            return Ok(0);
        };
        let before_ms = self.now_ms() - i64::from(days) * DAY_MS;
        let mut deleted = 0;
        loop {
            let batch = self
                .store()
                .expire_conversations(organisation, before_ms, RETENTION_BATCH)
                .await?;
            for conversation in &batch {
                self.announce_deleted(organisation, *conversation);
            }
            deleted += batch.len();
            if batch.len() < RETENTION_BATCH {
                break;
            }
        }
        if deleted > 0 {
            tracing::info!(
                organisation = organisation.0,
                deleted,
                "retention: resolved conversations deleted"
            );
        }
        Ok(deleted)
    }

    /// The staff member's organisation's retention and what it deleted.
    pub async fn retention_report(
        &self,
        staff: &StaffInfo,
    ) -> Result<RetentionReport, ServiceError> {
        let store = self.store();
        let retention_days = store
            .retention_days(staff.organisation)
            .await?
            .ok_or(StoreError::UnknownOrganisation(staff.organisation.0))?;
        Ok(RetentionReport {
            retention_days,
            statistics: store.retention_statistics(staff.organisation).await?,
        })
    }

    /// An admin sets their organisation's retention period (at most
    /// [`MAX_RETENTION_DAYS`]; 0 keeps resolved conversations).
    pub async fn set_retention(
        &self,
        staff: &StaffInfo,
        retention: &Retention,
    ) -> Result<RetentionReport, ServiceError> {
        if !staff.admin {
            return Err(ServiceError::refused(ErrorCode::Forbidden));
        }
        if retention.retention_days > MAX_RETENTION_DAYS {
            return Err(ServiceError::refused(ErrorCode::InvalidSettings));
        }
        self.store()
            .set_retention_days(staff.organisation, retention.retention_days)
            .await?;
        tracing::info!(
            staff = staff.id,
            organisation = staff.organisation.0,
            days = retention.retention_days,
            "retention period changed"
        );
        self.retention_report(staff).await
    }
}

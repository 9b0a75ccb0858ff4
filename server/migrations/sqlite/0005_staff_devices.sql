-- Issue 9, lockout: devices a staff member has logged in from. A device
-- cookie (a random id, stored here only as its SHA-256 digest) lets its
-- staff member past the per-account login limit, so an attacker who floods
-- an account with wrong passwords cannot lock out the staff member on their
-- own browser (as OWASP recommends). Devices older than the retention are
-- pruned.

CREATE TABLE staff_devices (
    id_hash TEXT PRIMARY KEY,
    staff_id BIGINT NOT NULL REFERENCES staff(id) ON DELETE CASCADE,
    created_at_ms BIGINT NOT NULL
);

CREATE INDEX staff_devices_staff ON staff_devices(staff_id);

-- Housekeeping prunes both tables by age every hour: without these the
-- DELETEs would scan every row.
CREATE INDEX staff_devices_age ON staff_devices(created_at_ms);
CREATE INDEX revoked_tokens_age ON revoked_tokens(revoked_at_ms);

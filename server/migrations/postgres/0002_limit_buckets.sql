-- Issue 11, several nodes: abuse limits as token buckets in the database, so
-- nodes on one database share them and a restart keeps them. The key is a
-- SHA-256 digest of the limit's key (which may name a client address);
-- `refilled` is what the bucket held before its last change (so a change
-- can tell whether it took a token). Buckets untouched for a day are
-- pruned.

CREATE TABLE limit_buckets (
    limiter TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    tokens DOUBLE PRECISION NOT NULL,
    refilled DOUBLE PRECISION NOT NULL,
    updated_ms BIGINT NOT NULL,
    PRIMARY KEY (limiter, key_hash)
);

CREATE INDEX limit_buckets_age ON limit_buckets(updated_ms);

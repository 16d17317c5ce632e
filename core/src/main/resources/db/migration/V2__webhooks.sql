-- Webhooks: a job's own receiver, registered endpoints, and every delivery with its attempts.

-- A job's own webhook (JobWebhook): its URL and the events it wants, comma-separated wire names.
alter table jobs add column webhook_url text, add column webhook_events text;

-- Endpoints registered once, each with its own signing secret; during a rotation the previous secret signs too
-- until previous_secret_expires_at.
create table webhook_endpoints (
    id                         uuid primary key,
    url                        text        not null,
    events                     text        not null,
    secret                     text        not null,
    previous_secret            text,
    previous_secret_expires_at timestamptz,
    description                text,
    disabled_at                timestamptz,
    disabled_reason            text,
    created_at                 timestamptz not null,
    updated_at                 timestamptz not null
);

-- One row per event and receiver: the id is the webhook-id header, the same on every attempt; the payload is the
-- exact body that is signed and sent. status: PENDING (due at next_attempt_at), DELIVERED, FAILED (out of
-- attempts, refused by the address guard, or the endpoint answered 410 and was disabled).
create table webhook_deliveries (
    id               text primary key,
    job_id           uuid        not null references jobs (id) on delete cascade,
    endpoint_id      uuid references webhook_endpoints (id) on delete cascade,
    url              text        not null,
    event_type       text        not null,
    payload          text        not null,
    status           text        not null,
    attempts         integer     not null default 0,
    next_attempt_at  timestamptz,
    last_status_code integer,
    last_error       text,
    created_at       timestamptz not null,
    updated_at       timestamptz not null,
    delivered_at     timestamptz
);

create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';
create index webhook_deliveries_job on webhook_deliveries (job_id);

create table webhook_attempts (
    delivery_id text        not null references webhook_deliveries (id) on delete cascade,
    attempt     integer     not null,
    at          timestamptz not null,
    status_code integer,
    latency_ms  bigint      not null,
    error       text,
    primary key (delivery_id, attempt)
);

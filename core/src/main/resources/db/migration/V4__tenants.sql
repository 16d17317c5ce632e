-- Tenants (ADR 7): every job, run and webhook endpoint belongs to one; API keys name their tenant; idempotency
-- keys are kept per tenant. Rows written before tenants existed belong to the tenant 'default'.

create table tenants (
    id                  text primary key,
    name                text        not null,
    shared_cache_scope  text,                 -- the shared scope's name it opted into, or null: its own scope
    weight              integer     not null default 1 check (weight between 1 and 1000),
    requests_per_second integer,              -- null: the deployment's default
    max_queued_jobs     integer,              -- null: the deployment's default
    created_at          timestamptz not null
);

insert into tenants (id, name, created_at) values ('default', 'default', now());

-- A key is stored as the SHA-256 of its text (keys are 256 random bits: no slow hash is needed); the prefix is
-- what a listing shows so that a person can tell keys apart.
create table api_keys (
    id           uuid primary key,
    tenant       text        not null references tenants (id),
    name         text        not null,
    key_hash     char(64)    not null unique,
    key_prefix   text        not null,
    admin        boolean     not null default false,
    created_at   timestamptz not null,
    revoked_at   timestamptz
);

create index api_keys_tenant on api_keys (tenant);

alter table jobs add column tenant text not null default 'default',
                 add column cache_scope text not null default 'default';
create index jobs_tenant_submitted on jobs (tenant, submitted_at desc, id desc);
create index jobs_tenant_open on jobs (tenant) where status in ('QUEUED', 'RUNNING');

alter table runs add column tenant text;

alter table webhook_endpoints add column tenant text not null default 'default';
create index webhook_endpoints_tenant on webhook_endpoints (tenant);

-- Idempotency-Key (IETF httpapi draft): the first request's body hash and answer, per tenant and key, until
-- expires_at; a request with the key while the first is in flight is refused (409) by an advisory lock.
create table idempotency_keys (
    tenant       text        not null,
    key          text        not null,
    request_hash char(64)    not null,
    job_id       uuid        not null,
    status_code  integer     not null,
    created_at   timestamptz not null,
    expires_at   timestamptz not null,
    primary key (tenant, key)
);

create index idempotency_keys_expiry on idempotency_keys (expires_at);

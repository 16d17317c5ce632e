-- Askflow's store: jobs, their history, and the chain runs that answer them.

create table jobs (
    id                uuid primary key,
    fingerprint       char(64)    not null,
    status            text        not null,
    source            text,
    run_id            uuid,
    question          text        not null,
    model             text,
    chain             text        not null,
    chain_version     text        not null,
    options           jsonb       not null default '{}',
    cache_mode        text        not null,
    cache_ttl_seconds integer,
    metadata          jsonb       not null default '{}',
    answer            text,
    error_type        text,
    error_message     text,
    error_attempts    integer,
    prompt_tokens     bigint,
    completion_tokens bigint,
    submitted_at      timestamptz not null,
    updated_at        timestamptz not null,
    completed_at      timestamptz
);

create index jobs_fingerprint on jobs (fingerprint);
create index jobs_run on jobs (run_id);

-- One row per status a job reached: a redelivered event adds nothing.
create table job_history (
    job_id uuid        not null references jobs (id) on delete cascade,
    status text        not null,
    source text,
    run_id uuid,
    at     timestamptz not null,
    primary key (job_id, status)
);

-- One row per chain run; shared by every job it answers (cache misses and coalesced waiters).
create table runs (
    id                uuid primary key,
    fingerprint       char(64)    not null,
    status            text        not null,
    steps_done        integer     not null default 0,
    steps_total       integer,
    current_step      text,
    worker            text,
    error_type        text,
    error_message     text,
    prompt_tokens     bigint,
    completion_tokens bigint,
    started_at        timestamptz,
    finished_at       timestamptz,
    updated_at        timestamptz not null
);

create table run_steps (
    run_id            uuid    not null references runs (id) on delete cascade,
    step_index        integer not null,
    name              text    not null,
    agent             text,
    model             text,
    host              text,
    output            text    not null,
    prompt_tokens     bigint  not null,
    completion_tokens bigint  not null,
    duration_ms       bigint  not null,
    primary key (run_id, step_index)
);

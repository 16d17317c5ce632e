-- Batches (OpenAI's Files and Batch API, ADR 14): uploaded files in PostgreSQL, in chunks, so every api instance
-- reads every file and an upload or a download streams in constant memory; one row per batch, one per line once
-- dispatched. Written by the api's batch package only.

create table batch_files (
    id         text primary key,            -- file-<32 hex>
    tenant     text        not null,
    filename   text        not null,
    purpose    text        not null,
    bytes      bigint      not null default 0,
    line_count bigint      not null default 0, -- lines that are not blank
    created_at timestamptz not null
);
create index batch_files_tenant on batch_files (tenant, created_at desc);

create table batch_file_chunks (
    file_id text    not null references batch_files (id) on delete cascade,
    seq     integer not null,
    data    bytea   not null,               -- 1 MiB each but the last
    primary key (file_id, seq)
);

create table batches (
    id                text primary key,     -- batch_<32 hex>
    tenant            text        not null,
    input_file_id     text        not null references batch_files (id),
    endpoint          text        not null,
    completion_window text        not null,
    format            text,                 -- OPENAI, ASKFLOW or CSV, from the file's first line
    status            text        not null,
    metadata          jsonb       not null default '{}',
    errors            jsonb,
    total             bigint      not null default 0,
    completed         bigint      not null default 0, -- counted when the batch ends; live counts come from jobs
    failed            bigint      not null default 0,
    next_line         bigint      not null default 1, -- the next input line (1-based, header and blanks included)
    next_offset       bigint      not null default 0, -- its byte offset in the file
    open_floor        bigint      not null default 1, -- no line below it has an open job
    dispatch_done     boolean     not null default false,
    lease_owner       text,
    lease_until       timestamptz,
    created_at        timestamptz not null,
    in_progress_at    timestamptz,
    expires_at        timestamptz not null,
    finalizing_at     timestamptz,
    completed_at      timestamptz,
    failed_at         timestamptz,
    expired_at        timestamptz,
    cancelling_at     timestamptz,
    cancelled_at      timestamptz
);
create index batches_tenant on batches (tenant, id desc);
create index batches_active on batches (created_at) where status in ('validating', 'in_progress', 'cancelling');

-- A line once dispatched: its job, or why it could not become one. job_id is derived from the batch id and the line
-- number, so a dispatch repeated after a crash makes the same job.
create table batch_lines (
    batch_id      text   not null references batches (id) on delete cascade,
    line          bigint not null,
    custom_id     text,
    job_id        uuid,
    error_code    text,
    error_message text,
    primary key (batch_id, line)
);
create unique index batch_lines_custom_id on batch_lines (batch_id, custom_id) where error_code is null;

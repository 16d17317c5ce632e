-- Webhook deliveries as the dispatcher schedules them (docs/adr/0008).

-- receiver:      the URL's host and port (lower case, e.g. hooks.example.com:443), the key of the per-receiver
--                concurrency bound: one claim takes a few deliveries per receiver, never a slow one's whole backlog.
-- claimed_until: a dispatcher sends the delivery until then; a claim whose dispatcher died comes back after it.
--                next_attempt_at stays the schedule a reader sees.
-- schedule_from: the attempts made before the retry schedule (re)started: 0, or the attempts at a manual redeliver,
--                which starts the schedule over.
alter table webhook_deliveries
    add column receiver      text,
    add column claimed_until timestamptz,
    add column schedule_from integer not null default 0;

update webhook_deliveries
set receiver = lower(substring(url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?([^/?#]*)'))
where receiver is null;

alter table webhook_deliveries alter column receiver set not null;

-- a claim skips from receiver to receiver and takes each one's earliest due deliveries from this index
create index webhook_deliveries_receiver_due on webhook_deliveries (receiver, next_attempt_at) where status = 'PENDING';

-- Retention (the pipeline's askflow.retention.*): ended jobs and runs are found by when they ended; usage per tenant by day.
create index jobs_completed_at on jobs (completed_at) where completed_at is not null;
create index runs_finished_at on runs (finished_at) where finished_at is not null;
create index runs_tenant_finished_at on runs (tenant, finished_at);  -- usage per tenant and day

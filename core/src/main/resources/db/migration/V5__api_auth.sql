-- Usage per tenant and day (GET /v1/usage) reads the runs of one tenant by start time.
create index runs_tenant_started on runs (tenant, started_at);

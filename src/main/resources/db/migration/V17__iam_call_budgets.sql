-- The IAM call budget of each AWS account (and the wizard's share of it), shared by every instance of the app: IAM's
-- quotas are per account, so instances that each paced themselves would together send a multiple of the rate.
-- bucket4j's PostgreSQL backend keeps one token bucket per row (its serialized state) and locks the row while it takes
-- a token. Only PostgreSQL uses the table; on the embedded H2 database one process serves, and its budget stays in
-- memory, but the table is plain SQL both accept, so one set of migrations still serves both.
CREATE TABLE iam_call_budgets (
    budget VARCHAR(64) PRIMARY KEY, -- the account id, or the account id and the share, e.g. 123456789012/wizard
    state  BYTEA
);

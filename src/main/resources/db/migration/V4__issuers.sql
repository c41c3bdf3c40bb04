-- Several ACME issuers (issue 14): each issuer's circuit breaker, rate-limit hold and budget, shared by the
-- replicas (state is IssuerStateText: one "key: value" per line), and which issuer signed each domain's
-- certificate and why, for mta-sts certs. A change is a compare-and-set on version (no row lock is held
-- between statements: a frozen replica must not stop the others from ordering).
CREATE TABLE issuer_state (
    issuer     text PRIMARY KEY,
    state      text NOT NULL,
    version    bigint NOT NULL DEFAULT 0,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by text
);

ALTER TABLE renewal_status ADD COLUMN issued_by text, ADD COLUMN issued_why text;

-- TLS-RPT (RFC 8460) reports received by any replica, once per report id (report_key: the first 128 bits of
-- the SHA-256 of report-id, in hex), in the stored form of tlsrpt/ReportJson; deleted after the retention.
CREATE TABLE tlsrpt_reports (
    report_key text PRIMARY KEY,
    report_id  text NOT NULL,
    received   timestamptz NOT NULL,
    via        text NOT NULL CHECK (via IN ('https', 'mail')),
    body       bytea NOT NULL
);
CREATE INDEX tlsrpt_reports_by_received ON tlsrpt_reports (received);

-- What was served, one row per change (any replica records a change the others did not record first), to
-- explain reports later: the policy id and text, the certificate's SHA-256 and end of validity.
CREATE TABLE tlsrpt_served (
    at                 timestamptz NOT NULL,
    domain             text NOT NULL,
    node               text NOT NULL,
    policy_id          text NOT NULL,
    policy_text        text NOT NULL,
    certificate_sha256 text,
    not_after          timestamptz,
    self_signed        boolean NOT NULL
);
CREATE INDEX tlsrpt_served_by_domain ON tlsrpt_served (domain, at);

-- Failed handshakes of the policy listeners per day, replica, reason, server name and client address.
CREATE TABLE tlsrpt_handshakes (
    day         date NOT NULL,
    node        text NOT NULL,
    reason      text NOT NULL,
    server_name text NOT NULL,
    client      text NOT NULL,
    count       bigint NOT NULL,
    PRIMARY KEY (day, node, reason, server_name, client)
);

-- Domains added while the servers run (admin API, on demand), so that every replica serves them and a
-- restart keeps them. A removal keeps the row with removed = true (and a new change number), so that
-- replicas polling change_seq see it; policy NULL means "the policy template ([defaults])".
CREATE TABLE domains (
    domain     text PRIMARY KEY,
    policy     text,
    origin     text NOT NULL CHECK (origin IN ('api', 'on-demand')),
    added_at   timestamptz NOT NULL,
    removed    boolean NOT NULL DEFAULT false,
    change_seq bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX domains_by_change ON domains (change_seq);

CREATE TRIGGER domains_changed BEFORE INSERT OR UPDATE ON domains
    FOR EACH ROW EXECUTE FUNCTION mtasts_announce_change();

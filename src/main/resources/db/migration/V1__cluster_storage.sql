-- The cluster store of mta-sts (cluster mode, [storage] url = postgresql://...). Applied by Flyway at start.
-- Every change of a certificate or a challenge answer takes a number from change_seq and is announced on
-- the channel mtasts_changes; replicas LISTEN to it and also poll change_seq, so a lost notification
-- (PgBouncer in transaction mode, a dropped connection) is caught by the next poll.

CREATE SEQUENCE change_seq;

-- The pair to serve per mail domain, and the one served before it (certmagic's "current" and a backup).
-- privkey holds the PEM bytes, or an AES-256-GCM ciphertext when the replicas have a [storage] key_file.
CREATE TABLE certificates (
    domain                 text PRIMARY KEY,
    fullchain              text NOT NULL,
    privkey                bytea NOT NULL,
    key_encrypted          boolean NOT NULL,
    previous_fullchain     text,
    previous_privkey       bytea,
    previous_key_encrypted boolean,
    serial                 text NOT NULL,
    not_after              timestamptz NOT NULL,
    fencing_token          bigint NOT NULL DEFAULT 0,
    stored_by              text NOT NULL,
    stored_at              timestamptz NOT NULL DEFAULT now(),
    change_seq             bigint NOT NULL DEFAULT nextval('change_seq')
);
CREATE INDEX certificates_by_change ON certificates (change_seq);

-- What the renewal loop last decided per domain (store/RenewalStatus), written under the domain's lease.
CREATE TABLE renewal_status (
    domain        text PRIMARY KEY,
    next_check    timestamptz,
    why           text NOT NULL,
    failures      integer NOT NULL,
    last_error    text,
    last_error_at timestamptz,
    last_renewal  timestamptz,
    fencing_token bigint NOT NULL DEFAULT 0,
    written_by    text NOT NULL,
    written_at    timestamptz NOT NULL DEFAULT now()
);

-- One line per stored certificate and per refused (fenced) write, for operators.
CREATE TABLE renewal_history (
    id     bigserial PRIMARY KEY,
    domain text NOT NULL,
    at     timestamptz NOT NULL DEFAULT now(),
    node   text NOT NULL,
    event  text NOT NULL,
    detail text NOT NULL
);
CREATE INDEX renewal_history_by_domain ON renewal_history (domain, at);

-- The ACME account per CA directory URL: key pair (PEM, or encrypted like privkey) and account URL.
CREATE TABLE acme_accounts (
    directory     text PRIMARY KEY,
    key_pair      bytea,
    key_encrypted boolean NOT NULL DEFAULT false,
    account_url   text
);

-- Per-domain leases. expires_at is computed on the database clock (now()); token grows by one at every
-- takeover and is never reset (a released lease keeps its row with expires_at in the past), so a write
-- carrying an older token than the row's can be refused (fencing).
CREATE TABLE leases (
    domain      text PRIMARY KEY,
    holder      text NOT NULL,
    token       bigint NOT NULL,
    acquired_at timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL
);

-- Pending ACME challenge answers, so any replica answers for an order another one placed.
-- kind 'http-01': name = token, answer = key authorization (UTF-8);
-- kind 'tls-alpn-01': name = server name, answer = PEM of the challenge certificate and its key.
CREATE TABLE challenges (
    kind       text NOT NULL CHECK (kind IN ('http-01', 'tls-alpn-01')),
    name       text NOT NULL,
    answer     bytea NOT NULL,
    created_by text NOT NULL,
    expires_at timestamptz NOT NULL,
    change_seq bigint NOT NULL DEFAULT nextval('change_seq'),
    PRIMARY KEY (kind, name)
);

-- The replicas: each polls and records the last change it has applied, so the writer of a challenge
-- answer can wait until every live replica has it before the CA is told to validate.
CREATE TABLE nodes (
    name       text PRIMARY KEY,
    started_at timestamptz NOT NULL,
    last_seen  timestamptz NOT NULL,
    seen_seq   bigint NOT NULL DEFAULT 0,
    version    text NOT NULL
);

-- Every insert and update of a certificate or challenge takes a new change number and is announced.
CREATE FUNCTION mtasts_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        PERFORM pg_notify('mtasts_changes', TG_TABLE_NAME || ':' || OLD.change_seq);
        RETURN OLD;
    END IF;
    NEW.change_seq := nextval('change_seq');
    PERFORM pg_notify('mtasts_changes', TG_TABLE_NAME || ':' || NEW.change_seq);
    RETURN NEW;
END
$$;

CREATE TRIGGER certificates_changed BEFORE INSERT OR UPDATE ON certificates
    FOR EACH ROW EXECUTE FUNCTION mtasts_announce_change();
CREATE TRIGGER challenges_changed BEFORE INSERT OR UPDATE OR DELETE ON challenges
    FOR EACH ROW EXECUTE FUNCTION mtasts_announce_change();

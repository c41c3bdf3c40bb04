-- What each replica serves: a digest of its domains and policy ids, so replicas whose configurations
-- drifted apart are noticed (/status, mtasts_cluster_replicas_differing, a warning in the log).
ALTER TABLE nodes ADD COLUMN served text NOT NULL DEFAULT '';

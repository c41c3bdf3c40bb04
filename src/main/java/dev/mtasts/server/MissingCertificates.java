package dev.mtasts.server;

/** What to do for a domain that has no certificate in the store yet. */
public enum MissingCertificates {
    /** Create a self-signed certificate in the store (no ACME configured: the local default). */
    SELF_SIGNED_ON_DISK,
    /** Present a self-signed certificate held in memory only, until ACME stores a real one. */
    SELF_SIGNED_IN_MEMORY
}

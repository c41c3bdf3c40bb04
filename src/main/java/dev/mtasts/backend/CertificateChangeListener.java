package dev.mtasts.backend;

/** Told that another process stored a new certificate for a domain (it then reads it from the storage). */
@FunctionalInterface
public interface CertificateChangeListener {

    void certificateChanged(String domain);
}

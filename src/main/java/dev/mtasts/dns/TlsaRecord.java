package dev.mtasts.dns;

/** A DANE TLSA record (RFC 6698): certificate usage, selector, matching type and the hex data. */
public record TlsaRecord(int usage, int selector, int matchingType, String data) {

    @Override
    public String toString() {
        return usage + " " + selector + " " + matchingType + " " + data;
    }
}

package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresUrlTest {

    @Test
    void aLibpqUrlBecomesAJdbcUrlWithTheUserAndParametersAsProperties() {
        PostgresUrl url = PostgresUrl.parse(
                "postgresql://mtasts@db.example.net:6432/certs?sslmode=verify-full&sslrootcert=/etc/mta-sts/ca.pem");
        assertEquals("mtasts", url.user());
        assertEquals("jdbc:postgresql://db.example.net:6432/certs", url.jdbcUrl());
        assertEquals(Map.of("sslmode", "verify-full", "sslrootcert", "/etc/mta-sts/ca.pem"), url.parameters());
    }

    @Test
    void thePortDefaultsTo5432AndPostgresSchemeIsAccepted() {
        PostgresUrl url = PostgresUrl.parse("postgres://mtasts@db/certs");
        assertEquals(5432, url.port());
        assertEquals("postgresql://mtasts@db:5432/certs", url.toString());
    }

    @Test
    void anIpv6HostKeepsItsBracketsInTheJdbcUrl() {
        PostgresUrl url = PostgresUrl.parse("postgresql://u@[::1]:5433/d");
        assertEquals("::1", url.host());
        assertEquals("jdbc:postgresql://[::1]:5433/d", url.jdbcUrl());
    }

    @Test
    void percentEncodedPartsAreDecoded() {
        PostgresUrl url = PostgresUrl.parse("postgresql://mta%2Dsts@h/my%20db?options=-c%20x%3Dy");
        assertEquals("mta-sts", url.user());
        assertEquals("my db", url.database());
        assertEquals("-c x=y", url.parameters().get("options"));
    }

    @Test
    void anInlinePasswordIsRefusedWithAPointerToThePasswordFile() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("postgresql://mtasts:s3cret@db/certs"));
        assertTrue(e.getMessage().contains("password_file"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aPasswordParameterIsRefusedToo() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PostgresUrl.parse("postgresql://mtasts@db/certs?password=s3cret"));
        assertTrue(e.getMessage().contains("password_file"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    }

    @Test
    void aUrlWithoutUserHostOrDatabaseSaysWhatIsMissing() {
        assertTrue(PostgresUrl.parse(" postgresql://u@h/d ").database().equals("d"));
        assertMessage("postgresql://db/certs", "database user");
        assertMessage("postgresql://u@/certs", "database host");
        assertMessage("postgresql://u@db", "name the database");
        assertMessage("postgresql://u@db/", "name the database");
        assertMessage("mysql://u@db/certs", "postgresql://");
        assertMessage("postgresql://u@db/certs?sslmode", "NAME=VALUE");
        assertMessage("postgresql://u@db:99999/certs", "port");
        assertFalse(assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse("postgresql://u:p%zz@db/d"))
                .getMessage().contains("p%zz"));
        assertEquals("db_1", PostgresUrl.parse("postgresql://u@db_1/d").host());
    }

    private static void assertMessage(String url, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PostgresUrl.parse(url));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}

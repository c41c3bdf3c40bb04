package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Without {@code [storage] password_file} the password comes from {@code PGPASSFILE} as pgjdbc reads it:
 * {@code pg-lab.sh} runs the tests with {@code PGPASSFILE} set to the lab's pgpass (the variable cannot be
 * set from inside the JVM, and is required here rather than skipped).
 */
@Tag("postgres")
class PgPassFileTest {

    @Test
    void withoutAPasswordTheDatabaseLogsInWithThePgpassFileOfPgpassfile() throws Exception {
        assertNotNull(System.getenv("PGPASSFILE"), "PGPASSFILE is not set: run with src/test/lab/pg-lab.sh");
        try (TestDatabase test = TestDatabase.create()) {
            PostgresSettings settings = new PostgresSettings(test.url(), Optional.empty(), Optional.empty(), "node-a");
            Health health = new Health();
            try (Database db = new Database(settings, health)) {
                String user = db.call("who am I", c -> {
                    try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT current_user")) {
                        r.next();
                        return r.getString(1);
                    }
                });
                assertEquals(test.url().substring("postgresql://".length(), test.url().indexOf('@')), user);
            }
        }
    }
}

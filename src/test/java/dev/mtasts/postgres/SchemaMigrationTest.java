package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

@Tag("postgres")
class SchemaMigrationTest {

    @Test
    void theMigrationsCreateTheTablesAndEveryChangeTakesANewNumber() throws Exception {
        try (TestDatabase db = TestDatabase.create()) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(db.jdbcUrl());
            ds.setPassword(db.password());
            ds.setPrepareThreshold(0);
            Flyway.configure().dataSource(ds).schemas(db.schema()).load().migrate();
            try (Connection c = db.connection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO challenges (kind, name, answer, created_by, expires_at)"
                        + " VALUES ('http-01', 'tok', 'auth'::bytea, 'a', now() + interval '1 minute')");
                long first = one(s, "SELECT change_seq FROM challenges WHERE name = 'tok'");
                s.execute("UPDATE challenges SET answer = 'other'::bytea WHERE name = 'tok'");
                assertEquals(first + 1, one(s, "SELECT change_seq FROM challenges WHERE name = 'tok'"));
            }
        }
    }

    private static long one(Statement s, String sql) throws Exception {
        try (ResultSet r = s.executeQuery(sql)) {
            r.next();
            return r.getLong(1);
        }
    }
}

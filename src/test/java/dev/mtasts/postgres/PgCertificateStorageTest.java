package dev.mtasts.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.store.CertifiedKey;
import dev.mtasts.store.FencedWriteException;
import dev.mtasts.store.RenewalStatus;
import dev.mtasts.store.StoreException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("postgres")
class PgCertificateStorageTest {

    private PgStore db;
    private PgCertificateStorage storage;

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        db = new PgStore(TestDatabase.create(), "node-a");
        storage = db.storage("node-a", KeyCipher.none());
    }

    @AfterEach
    void stop() throws Exception {
        db.close();
    }

    @Test
    void aSavedPairLoadsWithItsKeyChainSerialAndWriter() throws Exception {
        CertifiedKey pair = PgStore.pair("mta-sts.example.com");
        assertEquals(Optional.empty(), storage.load("example.com"));
        storage.save("example.com", pair);
        CertifiedKey loaded = storage.load("example.com").orElseThrow();
        assertArrayEquals(pair.key().getEncoded(), loaded.key().getEncoded());
        assertEquals(pair.chain(), loaded.chain());
        assertEquals(List.of(pair.leaf().getSerialNumber().toString(16), "node-a", "f", "0"),
                db.row("SELECT serial, stored_by, key_encrypted, fencing_token FROM certificates WHERE domain = ?",
                        "example.com"));
        assertEquals(pair.notAfter(), Instant.parse(db.row("SELECT to_char(not_after AT TIME ZONE 'UTC',"
                + " 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM certificates WHERE domain = ?", "example.com").get(0)));
        assertTrue(db.health.up());
    }

    @Test
    void aSecondSaveKeepsTheFirstPairAsPrevious() throws Exception {
        CertifiedKey first = PgStore.pair("mta-sts.example.com");
        CertifiedKey second = PgStore.pair("mta-sts.example.com");
        assertEquals(Optional.empty(), storage.previous("example.com"));
        storage.save("example.com", first);
        assertEquals(Optional.empty(), storage.previous("example.com"));
        storage.save("example.com", second);
        assertEquals(second.leaf(), storage.load("example.com").orElseThrow().leaf());
        assertEquals(first.leaf(), storage.previous("example.com").orElseThrow().leaf());
        storage.save("example.com", second);
        assertEquals(first.leaf(), storage.previous("example.com").orElseThrow().leaf(),
                "saving the same chain again keeps the previous pair");
    }

    @Test
    void everyStoredCertificateAddsAHistoryLine() throws Exception {
        CertifiedKey pair = PgStore.pair("mta-sts.example.com");
        storage.save("example.com", pair);
        assertEquals(List.of("node-a stored serial " + pair.leaf().getSerialNumber().toString(16) + ", not after "
                + pair.notAfter() + ", fencing token 0, key not encrypted"),
                db.rows("SELECT node, event, detail FROM renewal_history WHERE domain = ?", "example.com"));
    }

    @Test
    void aPairWhoseKeyIsNotTheCertificatesIsRefused() throws Exception {
        CertifiedKey a = PgStore.pair("mta-sts.example.com");
        CertifiedKey b = PgStore.pair("mta-sts.example.com");
        StoreException e = assertThrows(StoreException.class,
                () -> storage.save("example.com", new CertifiedKey(a.key(), b.chain())));
        assertTrue(e.getMessage().contains("does not belong"), e.getMessage());
        assertEquals(List.of(), storage.domains());
    }

    @Test
    void domainsListsEveryStoredDomainSorted() throws Exception {
        for (String domain : List.of("b.example", "a.example", "c.example")) {
            storage.save(domain, PgStore.pair("mta-sts." + domain));
        }
        assertEquals(List.of("a.example", "b.example", "c.example"), storage.domains());
    }

    @Test
    void theRenewalStatusRoundTripsWithEveryField() throws Exception {
        assertEquals(RenewalStatus.UNKNOWN, storage.loadStatus("example.com"));
        RenewalStatus status = new RenewalStatus(Optional.of(Instant.parse("2026-12-05T10:00:00.123456Z")),
                "retry after a failure", 3, Optional.of("the CA said no"), Optional.of(Instant.parse("2026-12-04T09:00:00Z")),
                Optional.of(Instant.parse("2026-11-01T08:00:00Z")));
        storage.saveStatus("example.com", status);
        assertEquals(status, storage.loadStatus("example.com"));
        RenewalStatus empty = new RenewalStatus(Optional.empty(), "never checked", 0, Optional.empty(),
                Optional.empty(), Optional.empty());
        storage.saveStatus("example.com", empty, 7);
        assertEquals(empty, storage.loadStatus("example.com"));
        assertEquals(List.of("node-a", "7"),
                db.row("SELECT written_by, fencing_token FROM renewal_status WHERE domain = ?", "example.com"));
    }

    @Test
    void aFencedSaveIsRefusedOnceANewerLeaseExistsAndSaysWhoHoldsIt() throws Exception {
        CertifiedKey mine = PgStore.pair("mta-sts.example.com");
        db.lease("example.com", "node-a", 4);
        storage.save("example.com", mine, 4);
        db.lease("example.com", "node-b", 5);
        FencedWriteException e = assertThrows(FencedWriteException.class,
                () -> storage.save("example.com", PgStore.pair("mta-sts.example.com"), 4));
        assertTrue(e.getMessage().contains("node-b") && e.getMessage().contains("5"), e.getMessage());
        assertEquals(mine.leaf(), storage.load("example.com").orElseThrow().leaf());
        assertEquals(List.of("node-a stored", "node-a refused"),
                db.rows("SELECT node, event FROM renewal_history WHERE domain = ? ORDER BY id", "example.com"));
        assertTrue(db.row("SELECT detail FROM renewal_history WHERE event = 'refused'").get(0)
                .contains("fencing token 4"));
    }

    @Test
    void aFencedSaveIsRefusedWhenTheRowWasWrittenWithANewerToken() throws Exception {
        db.lease("example.com", "node-b", 3);
        PgCertificateStorage other = db.storage("node-b", KeyCipher.none());
        CertifiedKey newer = PgStore.pair("mta-sts.example.com");
        other.save("example.com", newer, 9);
        FencedWriteException e = assertThrows(FencedWriteException.class,
                () -> storage.save("example.com", PgStore.pair("mta-sts.example.com"), 5));
        assertTrue(e.getMessage().contains("node-b") && e.getMessage().contains("9"), e.getMessage());
        assertEquals(newer.leaf(), storage.load("example.com").orElseThrow().leaf());
    }

    @Test
    void theLeaseHoldersTokenAndNewerOnesAreAccepted() throws Exception {
        db.lease("example.com", "node-a", 5);
        storage.save("example.com", PgStore.pair("mta-sts.example.com"), 5);
        storage.save("example.com", PgStore.pair("mta-sts.example.com"), 6);
        assertEquals(List.of("6"), db.row("SELECT fencing_token FROM certificates WHERE domain = ?", "example.com"));
    }

    @Test
    void unfencedWritesGoThroughUntilTheClusterHasLeasedTheDomain() throws Exception {
        CertifiedKey migrated = PgStore.pair("mta-sts.example.com");
        storage.save("example.com", migrated);
        storage.save("example.com", migrated);
        storage.saveStatus("example.com", RenewalStatus.UNKNOWN);
        db.lease("example.com", "node-b", 1);
        assertThrows(FencedWriteException.class, () -> storage.save("example.com", PgStore.pair("mta-sts.example.com")));
        assertThrows(FencedWriteException.class, () -> storage.saveStatus("example.com", RenewalStatus.UNKNOWN));
        assertEquals(migrated.leaf(), storage.load("example.com").orElseThrow().leaf());
        storage.save("other.example", PgStore.pair("mta-sts.other.example"));
    }

    @Test
    void aFencedStatusWriteIsRefusedOnceANewerLeaseExists() throws Exception {
        db.lease("example.com", "node-b", 8);
        RenewalStatus status = RenewalStatus.UNKNOWN.scheduled(Instant.parse("2026-12-05T00:00:00Z"), "later");
        FencedWriteException e = assertThrows(FencedWriteException.class,
                () -> storage.saveStatus("example.com", status, 7));
        assertTrue(e.getMessage().contains("node-b") && e.getMessage().contains("8"), e.getMessage());
        assertEquals(RenewalStatus.UNKNOWN, storage.loadStatus("example.com"));
        assertEquals(List.of("node-a refused"), db.rows("SELECT node, event FROM renewal_history WHERE domain = ?",
                "example.com"));
        storage.saveStatus("example.com", status, 8);
        assertEquals(status, storage.loadStatus("example.com"));
    }

    @Test
    void withAKeyFileThePrivateKeyColumnHoldsNoPemAndReadsBack() throws Exception {
        PgCertificateStorage encrypting = db.storage("node-a", PgStore.cipher(dir, (byte) 1));
        CertifiedKey pair = PgStore.pair("mta-sts.example.com");
        encrypting.save("example.com", pair);
        assertEquals(List.of("t", "f"), db.row("SELECT key_encrypted, position('PRIVATE KEY'::bytea in privkey) > 0"
                + " FROM certificates WHERE domain = ?", "example.com"));
        assertArrayEquals(pair.key().getEncoded(), encrypting.load("example.com").orElseThrow().key().getEncoded());
    }

    @Test
    void anEncryptedKeyReadWithoutTheKeyOrWithAnotherKeyFailsAndSaysSo() throws Exception {
        db.storage("node-a", PgStore.cipher(dir, (byte) 1)).save("example.com", PgStore.pair("mta-sts.example.com"));
        StoreException none = assertThrows(StoreException.class, () -> storage.load("example.com"));
        assertTrue(none.getMessage().contains("no [storage] key_file"), none.getMessage());
        StoreException other = assertThrows(StoreException.class,
                () -> db.storage("node-a", PgStore.cipher(dir, (byte) 2)).load("example.com"));
        assertTrue(other.getMessage().contains("another key"), other.getMessage());
    }

    @Test
    void rowsStoredWithoutEncryptionStillReadOnceAKeyIsConfigured() throws Exception {
        CertifiedKey plain = PgStore.pair("mta-sts.example.com");
        storage.save("example.com", plain);
        PgCertificateStorage encrypting = db.storage("node-a", PgStore.cipher(dir, (byte) 1));
        assertEquals(plain.leaf(), encrypting.load("example.com").orElseThrow().leaf());
        CertifiedKey sealed = PgStore.pair("mta-sts.example.com");
        encrypting.save("example.com", sealed);
        assertEquals(plain.leaf(), encrypting.previous("example.com").orElseThrow().leaf());
        assertEquals(List.of("t", "f"), db.row("SELECT key_encrypted, previous_key_encrypted FROM certificates"
                + " WHERE domain = ?", "example.com"));
    }

    @Test
    void anEncryptedKeyCopiedToAnotherDomainDoesNotDecrypt() throws Exception {
        PgCertificateStorage encrypting = db.storage("node-a", PgStore.cipher(dir, (byte) 1));
        encrypting.save("a.example", PgStore.pair("mta-sts.a.example"));
        encrypting.save("b.example", PgStore.pair("mta-sts.b.example"));
        try (var c = db.test.connection(); var s = c.createStatement()) {
            s.executeUpdate("UPDATE certificates SET privkey = (SELECT privkey FROM certificates WHERE domain = 'a.example')"
                    + " WHERE domain = 'b.example'");
        }
        assertThrows(StoreException.class, () -> encrypting.load("b.example"));
    }

    @Test
    void nothingIsEverLeftToRepairAndTheLocationNamesTheDatabase() throws Exception {
        storage.save("example.com", PgStore.pair("mta-sts.example.com"));
        assertFalse(storage.repair("example.com"));
        assertTrue(storage.location("example.com").startsWith("domain example.com in postgresql://"),
                storage.location("example.com"));
        assertFalse(storage.location("example.com").contains(db.test.password()));
        assertEquals(Optional.empty(), storage.keyExposure("example.com"));
    }
}

package dev.mtasts.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mtasts.config.Secret;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AdminAccessTest {

    private static final Optional<Secret> TOKEN = Optional.of(new Secret("s3cret"));

    @Test
    void aConfiguredTokenIsRequiredOnLoopbackAndElsewhere() {
        for (boolean loopback : new boolean[] {true, false}) {
            AdminAccess access = AdminAccess.of(TOKEN, loopback);
            assertEquals(AdminAccess.Verdict.ALLOWED, access.check("Bearer s3cret"));
            assertEquals(AdminAccess.Verdict.ALLOWED, access.check("bearer  s3cret "));
            assertEquals(AdminAccess.Verdict.UNAUTHORIZED, access.check(null));
            assertEquals(AdminAccess.Verdict.UNAUTHORIZED, access.check("Bearer s3cre"));
            assertEquals(AdminAccess.Verdict.UNAUTHORIZED, access.check("Bearer s3crett"));
            assertEquals(AdminAccess.Verdict.UNAUTHORIZED, access.check("Basic czNjcmV0"));
            assertEquals(AdminAccess.Verdict.UNAUTHORIZED, access.check("Bearer "));
            assertFalse(access.locked());
        }
    }

    @Test
    void withoutATokenLoopbackIsOpen() {
        AdminAccess access = AdminAccess.of(Optional.empty(), true);

        assertEquals(AdminAccess.Verdict.ALLOWED, access.check(null));
        assertFalse(access.locked());
    }

    @Test
    void withoutATokenANonLoopbackListenerIsLockedWhateverTheRequestCarries() {
        AdminAccess access = AdminAccess.of(Optional.empty(), false);

        assertTrue(access.locked());
        assertEquals(AdminAccess.Verdict.LOCKED, access.check(null));
        assertEquals(AdminAccess.Verdict.LOCKED, access.check("Bearer anything"));
    }
}

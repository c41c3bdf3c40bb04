package dev.mtasts.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code id} syntax of RFC 8461 §3.1: 1 to 32 letters and digits. */
class PolicyIdTest {

    @ParameterizedTest
    @ValueSource(strings = {"1", "20240101T000000", "abcDEF123", "a1234567890123456789012345678901"})
    void acceptsOneToThirtyTwoLettersAndDigits(String value) {
        assertTrue(PolicyId.isValid(value));
        assertEquals(value, new PolicyId(value).toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a12345678901234567890123456789012", "2024-01-01", "v1.2", "id_1", "id 1", "ïd",
        "abc;", "abc\n"})
    void rejectsOtherIds(String value) {
        assertFalse(PolicyId.isValid(value));
        assertThrows(IllegalArgumentException.class, () -> new PolicyId(value));
    }
}

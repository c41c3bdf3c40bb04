package dev.mtasts.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;

class TsigKeyFileTest {

    static final String TSIG_KEYGEN = """
            key "lab-key" {
            \talgorithm hmac-sha256;
            \tsecret "SOiIIh9UY+JFO0clcPgspGX2VGTcJWTdyEIEPVR8nWg=";
            };
            """;

    @Test
    void readsTheFormatTsigKeygenWrites() throws Exception {
        TsigKey key = TsigKeyFile.parse(TSIG_KEYGEN);
        assertEquals(new TsigKey("lab-key", "hmac-sha256", "SOiIIh9UY+JFO0clcPgspGX2VGTcJWTdyEIEPVR8nWg="), key);
        Message query = Message.newQuery(Record.newRecord(Name.fromConstantString("example.test."), Type.SOA, DClass.IN));
        byte[] wire = query.toWire();
        assertEquals(TSIG.HMAC_SHA256, key.toTsig().generate(query, wire, Rcode.NOERROR, null).getAlgorithm());
    }

    @Test
    void ignoresCommentsAndUnquotedNames() {
        TsigKey key = TsigKeyFile.parse("# made by hand\n// note\nkey update.example. { /* c */ algorithm HMAC-SHA512;"
                + " secret \"c2VjcmV0\"; };");
        assertEquals("update.example.", key.name());
        assertEquals("hmac-sha512", key.algorithm());
    }

    @Test
    void neverShowsTheSecret() {
        assertFalse(TsigKeyFile.parse(TSIG_KEYGEN).toString().contains("SOiI"));
    }

    @Test
    void explainsWhatIsMissing() {
        var e = assertThrows(IllegalArgumentException.class, () -> TsigKeyFile.parse("key \"k\" { secret \"c2VjcmV0\"; };"));
        assertTrue(e.getMessage().contains("algorithm"), e.getMessage());
        var unsupported = assertThrows(IllegalArgumentException.class,
                () -> TsigKeyFile.parse("key k { algorithm hmac-foo; secret \"c2VjcmV0\"; };"));
        assertTrue(unsupported.getMessage().contains("hmac-foo"), unsupported.getMessage());
    }
}

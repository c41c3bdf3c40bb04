package dev.mtasts.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The tag-value grammar shared by RFC 8461 §3.1 and RFC 8460 §3. */
class TxtFieldsTest {

    private static final String V = "v=STSv1";

    @ParameterizedTest
    @ValueSource(strings = {"v=STSv1;id=1;x=2", "v=STSv1; id=1; x=2", "v=STSv1;\tid=1 ;\tx=2;",
        "v=STSv1 ;id=1;x=2", "v=STSv1; id=1; x=2; ", "v=STSv1;id=1  ;  x=2 \t; \t"})
    void splitsFieldsOnSemicolonWithOptionalWhiteSpaceAndTrailingSemicolon(String record) {
        TxtFields.Parsed parsed = TxtFields.parse(record, V);
        assertEquals(List.of(new TxtFields.Field("id", "1"), new TxtFields.Field("x", "2")), parsed.fields(),
                () -> parsed.error().orElse(""));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "v=STSv1|no fields",
        "v=STSv1;|no fields",
        "'v=STSv1 ; '|no fields",
        "'v=STSv1  '|no fields",
        "v=STSv1 id=1|expected ';'",
        "v=STSv1,id=1|does not start with",
        "v=STSv1; id=1;;|not name=value",
        "v=STSv1;; id=1|not name=value",
        "v=STSv1; =1|not name=value",
        "v=STSv1; id|not name=value",
        "'v=STSv1; id=1 '|ends with white space",
        "'v=STSv1; id=1\t'|ends with white space",
        "V=STSv1; id=1|does not start with",
    })
    void rejectsRecordsOutsideTheGrammar(String record, String why) {
        TxtFields.Parsed parsed = TxtFields.parse(record, V);
        assertTrue(parsed.error().orElse("").contains(why), () -> record + ": " + parsed);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"v=STSv1 ; id=1|true", "v=STSv1\t;id=1|true", "v=STSv1; id=1|false",
        "v=STSv1;id=1 ; x=2|false"})
    void notesWhiteSpaceBetweenVersionAndFirstSemicolon(String record, boolean space) {
        assertEquals(space, TxtFields.parse(record, V).spaceAfterVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=1", "X9=v", "a.b_c-d=v", "x23456789012345678901234567890ab=v",
        "ext=!\"#$%&'()*+,-./:<>?@[\\]^_`{|}~"})
    void acceptsExtensionsFollowingTheGrammar(String field) {
        int eq = field.indexOf('=');
        assertTrue(TxtFields.isExtension(new TxtFields.Field(field.substring(0, eq), field.substring(eq + 1))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x=", "_x=1", "-x=1", ".x=1", "x23456789012345678901234567890abc=v", "x=a b",
        "x=a=b", "x=é", "x=a\u0001", "x y=1"})
    void rejectsExtensionsOutsideTheGrammar(String field) {
        int eq = field.indexOf('=');
        assertFalse(TxtFields.isExtension(new TxtFields.Field(field.substring(0, eq), field.substring(eq + 1))));
    }
}

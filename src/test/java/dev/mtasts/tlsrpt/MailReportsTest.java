package dev.mtasts.tlsrpt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class MailReportsTest {

    private final MailReports mail = new MailReports(new ReportReader(new ReportReader.Caps(1 << 20, 8 << 20)));

    /** An RFC 5322 message as RFC 8460 §5.3 shows it: multipart/report with a gzip attachment, base64 in 76-column lines. */
    static String message(String partType, String fileName, byte[] attachment) {
        String base64 = Base64.getMimeEncoder(76, "\r\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(attachment);
        return String.join("\r\n",
                "From: tlsrpt@mail.sender.example",
                "Date: Fri, 01 May 2026 09:00:00 +0000",
                "Subject: Report Domain: example.com Submitter: mail.sender.example Report-ID: <735ff.e317+bf22029@example.net>",
                "TLS-Report-Domain: example.com",
                "TLS-Report-Submitter: mail.sender.example",
                "MIME-Version: 1.0",
                "Content-Type: multipart/report; report-type=\"tlsrpt\"; boundary=\"----=_NextPart_000_024E_01CC9B0A.AFE54C00\"",
                "To: <mts-sts-tlsrpt@example.com>",
                "Message-ID: <735ff.e317+bf22029@mailexchanger.example>",
                "",
                "This is a multipart message in MIME format.",
                "",
                "------=_NextPart_000_024E_01CC9B0A.AFE54C00",
                "Content-Type: text/plain; charset=\"us-ascii\"",
                "Content-Transfer-Encoding: 7bit",
                "",
                "This is an aggregate TLS report from mail.sender.example",
                "",
                "------=_NextPart_000_024E_01CC9B0A.AFE54C00",
                "Content-Type: " + partType,
                "Content-Transfer-Encoding: base64",
                "Content-Disposition: attachment; filename=\"" + fileName + "\"",
                "",
                base64,
                "------=_NextPart_000_024E_01CC9B0A.AFE54C00--",
                "");
    }

    private List<TlsReport> read(String message) throws Exception {
        return mail.read(new ByteArrayInputStream(message.getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void readsTheGzipAttachmentOfAnRfc8460Message() throws Exception {
        byte[] gz = Fixtures.gzip(Fixtures.bytes(Fixtures.RFC_EXAMPLE));
        List<TlsReport> reports = read(message("application/tlsrpt+gzip", "mail.sender.example!example.com!1461974400!1462060799!001.json.gz", gz));
        assertEquals(1, reports.size());
        assertEquals("5065427c-23d3-47ca-b6e0-946ea0e8c4be", reports.get(0).reportId());
    }

    @Test
    void readsAReportSentAsOctetStreamWithAJsonName() throws Exception {
        List<TlsReport> reports = read(message("application/octet-stream", "report.json",
                Fixtures.bytes(Fixtures.LARGE_SENDER)));
        assertEquals("Large Mail Provider Inc.", reports.get(0).organization());
    }

    @Test
    void aMessageWithoutAReportIsABadReport() {
        String text = message("text/csv", "report.csv", "a,b\n".getBytes(StandardCharsets.US_ASCII));
        assertTrue(assertThrows(BadReportException.class, () -> read(text)).getMessage()
                .startsWith("the message has no TLS-RPT report attached"));
    }
}

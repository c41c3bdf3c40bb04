package dev.mtasts.tlsrpt;

import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * Reads the reports of a mail message (RFC 8460 §5.3: {@code multipart/report; report-type="tlsrpt"} with the
 * report as an {@code application/tlsrpt+gzip} or {@code +json} part) with Jakarta Mail. Senders differ in
 * the part's type, so a part also counts when it is {@code application/gzip}, {@code application/json} or
 * {@code application/octet-stream} named {@code *.json} or {@code *.gz}. The message itself is capped
 * (base64 makes the attachment a third larger than the body cap).
 */
public final class MailReports {

    private final ReportReader reader;
    private final Session session = Session.getInstance(new Properties());

    public MailReports(ReportReader reader) {
        this.reader = reader;
    }

    /** Every report attached to the message; a message with none is a {@link BadReportException}. */
    public List<TlsReport> read(InputStream message) throws IOException, BadReportException, ReportTooLargeException {
        long cap = reader.caps().compressed() * 2 + (1 << 20);
        List<TlsReport> reports = new ArrayList<>();
        try {
            MimeMessage mail = new MimeMessage(session, new CappedInputStream(message, cap, "the message"));
            collect(mail, reports, 0);
        } catch (CappedInputStream.Exceeded e) {
            throw new ReportTooLargeException(e.getMessage());
        } catch (MessagingException e) {
            throw new BadReportException("not a readable mail message: " + e.getMessage());
        }
        if (reports.isEmpty()) {
            throw new BadReportException("the message has no TLS-RPT report attached (application/tlsrpt+gzip or"
                    + " application/tlsrpt+json, RFC 8460 §5.3)");
        }
        return reports;
    }

    private void collect(Part part, List<TlsReport> reports, int depth)
            throws MessagingException, IOException, BadReportException, ReportTooLargeException {
        if (part.isMimeType("multipart/*") && depth < 5) {
            Multipart multi = (Multipart) part.getContent();
            for (int i = 0; i < multi.getCount(); i++) {
                BodyPart child = multi.getBodyPart(i);
                collect(child, reports, depth + 1);
            }
            return;
        }
        ReportReader.Encoding encoding = encoding(part);
        if (encoding != null) {
            try (InputStream in = part.getInputStream()) {
                reports.add(reader.read(in, encoding));
            }
        }
    }

    /** How a part holds a report, or null when it holds none. */
    private static ReportReader.Encoding encoding(Part part) throws MessagingException {
        String name = part.getFileName() == null ? "" : part.getFileName().toLowerCase(Locale.ROOT);
        if (part.isMimeType("application/tlsrpt+gzip")) {
            return ReportReader.Encoding.GZIP;
        }
        if (part.isMimeType("application/tlsrpt+json")) {
            return ReportReader.Encoding.JSON;
        }
        boolean named = name.endsWith(".json") || name.endsWith(".gz");
        if (part.isMimeType("application/gzip") || part.isMimeType("application/x-gzip")
                || part.isMimeType("application/json") || part.isMimeType("application/octet-stream") && named) {
            return ReportReader.Encoding.DETECT;
        }
        return null;
    }
}

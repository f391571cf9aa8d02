package org.asyncdesk.channel.email;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.asyncdesk.conversation.Attachment;

/**
 * Cuts what an e-mail's sender controls to the sizes of the columns it is stored in (V1,
 * V20 migrations), so that no e-mail is refused for a long display name, address,
 * Message-ID or file name.
 */
final class Columns {

    /** inbox.sender_address, customer_identity.address */
    static final int ADDRESS = 320;

    /** inbox.sender_name, customer.display_name, transcript_message.author */
    static final int NAME = 200;

    /** inbox.provider_message_id, transcript_message.provider_message_id */
    static final int MESSAGE_ID = 200;
    static final int FILENAME = 200;
    static final int MIME_TYPE = 100;

    /**
     * inbox.attachments holds the list as JSON in 20000 characters: this many attachments
     * with cut names fit even with every character escaped.
     */
    static final int ATTACHMENTS = 10;

    private Columns() {
    }

    /**
     * Without NUL characters, which PostgreSQL cannot store in text columns (and no
     * reader needs).
     */
    static String withoutNul(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace("\u0000", "");
    }

    /**
     * {@code s} cut to {@code max} characters (ending with "…" when cut), never inside a
     * surrogate pair.
     */
    static String fit(String s, int max) {
        if (s == null || s.length() <= max) {
            return s;
        }
        return EmailText.beginning(s, max - 1) + "…";
    }

    /**
     * A Message-ID too long for the column becomes a stable one derived from it, so
     * polling again still dedupes.
     */
    static String messageId(String id) {
        if (id.length() <= MESSAGE_ID) {
            return id;
        }
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return "<long-message-id." + HexFormat.of().formatHex(h, 0, 16) + "@asyncdesk>";
        }
        catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * At most {@link #ATTACHMENTS} with cut names, and a note how many more the e-mail
     * has. Mutable.
     */
    static List<Attachment> attachments(List<Attachment> all) {
        List<Attachment> fitted = new ArrayList<>();
        for (Attachment a : all.subList(0, Math.min(all.size(), ATTACHMENTS))) {
            fitted.add(new Attachment(a.kind(), fit(a.mimeType(), MIME_TYPE), null,
                    fit(withoutControls(a.filename()), FILENAME), null));
        }
        if (all.size() > ATTACHMENTS) {
            fitted.add(new Attachment("file", null, null, null,
                    (all.size() - ATTACHMENTS) + " more attachments, see the e-mail in the support mailbox"));
        }
        return fitted;
    }

    private static String withoutControls(String s) {
        if (s == null) {
            return null;
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), FILENAME + 1));
        for (int i = 0; i < s.length() && b.length() <= FILENAME; i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? ' ' : c);
        }
        return b.toString();
    }

}

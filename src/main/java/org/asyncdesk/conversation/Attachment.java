package org.asyncdesk.conversation;

/**
 * Something a customer sent besides text. We keep metadata only (the media stays with the
 * provider); the agent sees a note in the transcript.
 *
 * @param kind image, audio, video, document, sticker, location, file
 * @param mediaRef the provider's media id or URL, or {@code geo:lat,lon} for a location
 * @param caption the customer's caption, or a location's name and address
 */
public record Attachment(String kind, String mimeType, String mediaRef, String filename, String caption) {

    /** One line for the agent, e.g. "image (image/jpeg), media id 123: caption". */
    public String describe() {
        StringBuilder b = new StringBuilder(kind);
        if (mimeType != null) {
            b.append(" (").append(mimeType).append(')');
        }
        if (filename != null) {
            b.append(" \"").append(filename).append('"');
        }
        if (mediaRef != null) {
            b.append(mediaRef.startsWith("geo:") ? ", at " + mediaRef.substring(4) : ", media " + mediaRef);
        }
        if (caption != null && !caption.isBlank()) {
            b.append(": ").append(caption);
        }
        return b.toString();
    }
}

package org.asyncdesk.web;

/**
 * Base URLs from configuration, so that {@code base + "/path"} never has two slashes
 * whichever way they were written.
 */
public final class BaseUrl {

    private BaseUrl() {
    }

    /** The URL without its trailing slashes; null stays null (an unset optional base). */
    public static String withoutTrailingSlash(String url) {
        if (url == null) {
            return null;
        }
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

}

package org.asyncdesk.web;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * NUL (U+0000) is valid in JSON strings and form values but PostgreSQL refuses it in text
 * (an error, not a refusal), and no customer means it: such input is refused as
 * malformed.
 */
public final class NulCharacters {

    private NulCharacters() {
    }

    public static boolean in(String s) {
        return s != null && s.indexOf('\0') >= 0;
    }

    /** Anywhere in the tree: field names and string values. */
    public static boolean in(JsonNode node) {
        if (node == null) {
            return false;
        }
        if (node.isTextual()) {
            return in(node.textValue());
        }
        var fields = node.fields();
        while (fields.hasNext()) {
            var f = fields.next();
            if (in(f.getKey()) || in(f.getValue())) {
                return true;
            }
        }
        if (node.isArray()) {
            for (JsonNode n : node) {
                if (in(n)) {
                    return true;
                }
            }
        }
        return false;
    }

}

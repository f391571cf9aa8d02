package org.asyncdesk.automation;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

import com.github.pemistahl.lingua.api.Language;
import com.github.pemistahl.lingua.api.LanguageDetectorBuilder;
import org.springframework.stereotype.Component;

/**
 * Detects the language of a customer's text among the languages Asyncdesk ships templates
 * for: English, German and Bulgarian. Returns the ISO 639-1 code ({@code en}, {@code de},
 * {@code bg}), or empty when the text says too little (numbers, an order id, an emoji,
 * one ambiguous word) or mixes languages so that no language clearly wins; the caller
 * then keeps the language it already has (the conversation's, or {@code en}).
 * <p>
 * Built on Lingua (n-gram models, good on short texts) restricted to the three languages,
 * so only their models are loaded (lazily, on first use; a few MB).
 */
@Component
class LanguageDetector {

    /**
     * How far ahead of the runner-up the best language must be (Lingua's minimum relative
     * distance): below it Lingua answers "unknown" instead of guessing, e.g. for keyboard
     * garbage or half-English, half-German text.
     */
    static final double MIN_DISTANCE = 0.1;

    /**
     * Texts with fewer letters than this (after links, e-mail addresses and numbers are
     * removed) say too little.
     */
    static final int MIN_LETTERS = 3;

    /**
     * Only the beginning of a text is looked at: it tells the language as well as the
     * whole, and a huge text (a 1 MB e-mail) must not keep a job thread busy.
     */
    public static final int MAX_CHARS = 4096;

    private static final Map<Language, String> CODES = new EnumMap<>(
            Map.of(Language.ENGLISH, "en", Language.GERMAN, "de", Language.BULGARIAN, "bg"));

    private final com.github.pemistahl.lingua.api.LanguageDetector detector = LanguageDetectorBuilder
        .fromLanguages(CODES.keySet().toArray(Language[]::new))
        .withMinimumRelativeDistance(MIN_DISTANCE)
        .build();

    /**
     * @param text what the customer wrote (may be null or blank)
     * @return {@code en}, {@code de} or {@code bg}; empty when not confident
     */
    public Optional<String> detect(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String words = withoutLinks(beginning(text));
        if (words.codePoints().filter(Character::isLetter).count() < MIN_LETTERS) {
            return Optional.empty();
        }
        return Optional.ofNullable(CODES.get(detector.detectLanguageOf(words)));
    }

    /** The first {@link #MAX_CHARS} characters, never ending inside a surrogate pair. */
    public static String beginning(String text) {
        if (text == null || text.length() <= MAX_CHARS) {
            return text;
        }
        return text.substring(0, Character.isHighSurrogate(text.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS);
    }

    /**
     * Links and e-mail addresses are in no language; their letters would only mislead.
     * Tokenised by hand: the pattern this replaced ({@code \S+://\S*|www\.\S+|\S+@\S+})
     * backtracked quadratically on long runs without blanks.
     */
    static String withoutLinks(String text) {
        StringBuilder b = new StringBuilder(text.length());
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (Character.isWhitespace(text.charAt(i))) {
                b.append(text.charAt(i++));
                continue;
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            String token = text.substring(i, end);
            b.append(isLinkOrAddress(token) ? " " : token);
            i = end;
        }
        return b.toString();
    }

    private static boolean isLinkOrAddress(String token) {
        int scheme = token.indexOf("://");
        int at = token.indexOf('@', 1);
        int www = token.indexOf("www.");
        return scheme > 0 || (at > 0 && at < token.length() - 1) || (www >= 0 && www + 4 < token.length());
    }

}

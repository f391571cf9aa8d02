package org.asyncdesk.template;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Texts Asyncdesk writes to people (customers, agents, managers), kept in files so they
 * change without code. A template {@code name} in language {@code xx} with extension
 * {@code txt} (or {@code html}) is the file {@code name.xx.txt}: first looked up in the
 * folder {@code asyncdesk.templates.path}, then on the classpath under
 * {@code templates/}; a language without its own file falls back to English. Placeholders
 * are written {@code {{key}}}; in HTML templates the values are HTML-escaped. Files are
 * read on every use, so an edited file counts from the next message on.
 */
@Component
public class MessageTemplates {

    public static final String FALLBACK_LANGUAGE = "en";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

    private final TemplateProperties properties;

    public MessageTemplates(TemplateProperties properties) {
        this.properties = properties;
    }

    /** A plain-text template, filled. */
    public String text(String name, String language, Map<String, ?> values) {
        return fill(load(name, language, "txt"), values, false);
    }

    /** An HTML template, filled with HTML-escaped values. */
    public String html(String name, String language, Map<String, ?> values) {
        return fill(load(name, language, "html"), values, true);
    }

    /**
     * The language a template will actually be used in (its own, or English when it has
     * no file).
     */
    public String languageOf(String name, String language, String extension) {
        String lang = normalise(language);
        return find(name, lang, extension).isPresent() ? lang : FALLBACK_LANGUAGE;
    }

    String load(String name, String language, String extension) {
        if (!name.matches("[a-z0-9-]+") || !extension.matches("[a-z]+")) {
            throw new IllegalArgumentException("bad template name '" + name + "." + extension + "'");
        }
        String lang = normalise(language);
        return find(name, lang, extension).or(() -> find(name, FALLBACK_LANGUAGE, extension))
            .orElseThrow(() -> new IllegalStateException("message template " + name + "." + FALLBACK_LANGUAGE + "."
                    + extension + " is missing (neither in " + properties.folder() + " nor built in)"));
    }

    private Optional<String> find(String name, String lang, String extension) {
        String file = name + "." + lang + "." + extension;
        Path override = properties.folder().resolve(file);
        try {
            if (Files.isRegularFile(override)) {
                return Optional.of(Files.readString(override, StandardCharsets.UTF_8));
            }
            try (InputStream in = MessageTemplates.class.getClassLoader().getResourceAsStream("templates/" + file)) {
                return in == null ? Optional.empty()
                        : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot read message template " + file, e);
        }
    }

    /**
     * The two-letter code of a language tag ({@code de-AT} → {@code de}); English when it
     * is none.
     */
    public static String normalise(String language) {
        if (language == null || !language.strip().matches("[A-Za-z]{2}([-_].*)?")) {
            return FALLBACK_LANGUAGE;
        }
        return language.strip().substring(0, 2).toLowerCase(Locale.ROOT);
    }

    /**
     * Fills the {@code {{key}}} placeholders of a text kept elsewhere (a knowledge
     * article's answer).
     */
    public static String fillText(String template, Map<String, ?> values) {
        return fill(template, values, false);
    }

    static String fill(String template, Map<String, ?> values, boolean html) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object v = values.get(m.group(1));
            String s = v == null ? "" : v.toString();
            m.appendReplacement(out, Matcher.quoteReplacement(html ? escapeHtml(s) : s));
        }
        m.appendTail(out);
        return out.toString();
    }

    public static String escapeHtml(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

}

package org.asyncdesk.knowledge;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads an article file: {@code <id>.<language>.md}, YAML front matter between
 * {@code ---} lines ({@code title}, optional {@code questions} and {@code tags} lists),
 * then the answer. A broken file is refused with a {@link Broken} whose message names the
 * problem and where, never the file's text (it may hold customer data a process owner
 * pasted in).
 */
final class ArticleFiles {

    static final Set<String> LANGUAGES = Set.of("en", "de", "bg");

    private static final Pattern NAME = Pattern.compile("([a-z0-9][a-z0-9-]*)\\.([A-Za-z]+)\\.md");

    private static final Pattern FRONT_MATTER = Pattern
        .compile("\\A\\uFEFF?---[ \\t]*\\R(.*?)^---[ \\t]*(?:\\R|\\z)(.*)\\z", Pattern.DOTALL | Pattern.MULTILINE);

    /** A file that cannot be served; the message is for the log and the process owner. */
    static final class Broken extends Exception {

        Broken(String problem) {
            super(problem);
        }

    }

    private ArticleFiles() {
    }

    /**
     * True for names this folder holds articles under (others, e.g. a README.md, are not
     * articles).
     */
    static boolean isArticleName(String fileName) {
        return fileName.endsWith(".md") && !fileName.equalsIgnoreCase("README.md");
    }

    static Article parse(String fileName, String text) throws Broken {
        Matcher name = NAME.matcher(fileName);
        if (!name.matches()) {
            throw new Broken("the file name must be <article-id>.<language>.md, the id in lower-case letters, digits "
                    + "and dashes");
        }
        String id = name.group(1);
        String language = name.group(2);
        if (!LANGUAGES.contains(language)) {
            throw new Broken("unknown language '" + language + "' in the file name (one of en, de, bg)");
        }
        Matcher parts = FRONT_MATTER.matcher(text);
        if (!parts.matches()) {
            throw new Broken("the file must start with front matter: a line '---', the title and questions in YAML, "
                    + "and a closing line '---'");
        }
        Object yaml;
        try {
            yaml = new Yaml(new SafeConstructor(new LoaderOptions())).load(parts.group(1));
        }
        catch (MarkedYAMLException e) {
            var mark = e.getProblemMark();
            // the front matter begins on the file's second line
            throw new Broken("invalid YAML in the front matter"
                    + (mark == null ? "" : " at line " + (mark.getLine() + 2) + ", column " + (mark.getColumn() + 1))
                    + ": " + e.getProblem());
        }
        catch (YAMLException e) {
            throw new Broken("invalid YAML in the front matter");
        }
        if (!(yaml instanceof Map<?, ?> front)) {
            throw new Broken("the front matter must be YAML keys (title, questions, tags)");
        }
        for (Object key : front.keySet()) {
            if (!Set.of("title", "questions", "tags").contains(String.valueOf(key))) {
                throw new Broken("unknown front matter key '" + key + "' (title, questions, tags)");
            }
        }
        if (!(front.get("title") instanceof String title) || title.isBlank()) {
            throw new Broken("the front matter needs a title");
        }
        String body = parts.group(2).strip();
        if (body.isEmpty()) {
            throw new Broken("the answer (the text after the front matter) is empty");
        }
        return new Article(id, language, title.strip(), strings(front, "questions"), strings(front, "tags"), body);
    }

    private static List<String> strings(Map<?, ?> front, String key) throws Broken {
        Object value = front.get(key);
        if (value == null) {
            return List.of();
        }
        if (!(value instanceof List<?> list)) {
            throw new Broken("'" + key + "' must be a list (lines starting with '- ')");
        }
        List<String> out = new ArrayList<>();
        for (Object item : list) {
            if (!(item instanceof String || item instanceof Number || item instanceof Boolean)) {
                throw new Broken("'" + key + "' must be a list of texts");
            }
            if (!String.valueOf(item).isBlank()) {
                out.add(String.valueOf(item).strip());
            }
        }
        return out;
    }

}

package org.asyncdesk.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.FolderWatch;
import org.asyncdesk.template.MessageTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * {@code ${knowledgeBase}}: the articles of {@code knowledge/} (under
 * {@code asyncdesk.deployment.path}, beside {@code bpmn/} and {@code forms/}) and the
 * matching of a customer's question against them.
 * <ul>
 * <li>Read at start-up and, with {@code asyncdesk.deployment.watch}, again within
 * {@code watch-interval} of a save. Only changed files are parsed again.</li>
 * <li>A broken file is rejected with a log line naming the file and the problem; its
 * previous version keeps serving until the file is fixed. A deleted file is gone.</li>
 * <li>{@link #match} answers in the conversation's language; a language without articles
 * (or one we do not ship) falls back to English.</li>
 * </ul>
 */
@Component("knowledgeBase")
public class KnowledgeBase {

    public static final String FALLBACK_LANGUAGE = "en";

    public static final String FOLDER = "knowledge";

    private static final Logger log = LoggerFactory.getLogger(KnowledgeBase.class);

    /** One ranked article. */
    public record Match(String id, String title, String language, double score) {
    }

    /**
     * What the knowledge base makes of a question.
     *
     * @param language the language matched in (the asked one, or {@code en} when it has
     * no articles)
     * @param matches ranked, best first
     * @param autoAnswer the id of the article the assistant would answer with, or null:
     * only a best match at or above {@code auto-answer-threshold} and
     * {@code auto-answer-margin} ahead of the second
     */
    public record Result(String language, List<Match> matches, String autoAnswer) {

        /** The best match's score, 0 without matches. */
        public double bestScore() {
            return matches.isEmpty() ? 0 : matches.get(0).score();
        }
    }

    /**
     * What a reload did: the files serving now, and the files rejected with their
     * problem.
     */
    public record Reload(List<String> serving, Map<String, String> rejected) {
    }

    private final DeploymentProperties deployment;

    private final KnowledgeProperties properties;

    private final FolderWatch watch;

    /**
     * File name -> the text last looked at: only changes are parsed (and a rejection
     * logged once).
     */
    private final Map<String, String> handled = new LinkedHashMap<>();

    private final Map<String, Article> live = new TreeMap<>();

    private volatile Map<String, ArticleIndex> indexes = Map.of();

    public KnowledgeBase(DeploymentProperties deployment, KnowledgeProperties properties) {
        this.deployment = deployment;
        this.properties = properties;
        this.watch = new FolderWatch("asyncdesk-knowledge-watch", deployment.watchInterval(), this::reloadQuietly);
        reload();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startWatching() {
        if (deployment.watch() && watch.start()) {
            log.info("watching {} for changed knowledge articles (every {})", folder(), deployment.watchInterval());
        }
    }

    @PreDestroy
    public void stopWatching() {
        watch.stop();
    }

    public Path folder() {
        return deployment.folder().resolve(FOLDER);
    }

    /**
     * Matches a customer's question in the conversation's language (e.g. {@code de},
     * {@code de-AT}).
     */
    /**
     * The part of a message that is matched: enough for any question, bounded for hostile
     * input.
     */
    static final int MAX_QUESTION = 1_000;

    public Result match(String text, String language) {
        String lang = languageFor(language);
        ArticleIndex index = indexes.get(lang);
        if (index == null || text == null || text.isBlank()) {
            return new Result(lang, List.of(), null);
        }
        // a question is said at the beginning; a 1 MB e-mail must not keep a job thread
        // busy with fuzzy terms
        String question = text.length() > MAX_QUESTION ? text.substring(0, MAX_QUESTION) : text;
        List<ArticleIndex.Scored> ranked = index.match(question, properties.maxMatches());
        List<Match> matches = ranked.stream()
            .map(s -> new Match(s.article().id(), s.article().title(), s.article().language(), s.score()))
            .toList();
        String auto = null;
        if (!matches.isEmpty()) {
            double best = matches.get(0).score();
            double second = matches.size() > 1 ? matches.get(1).score() : 0;
            if (best >= properties.autoAnswerThreshold() && best - second >= properties.autoAnswerMargin()) {
                auto = matches.get(0).id();
            }
        }
        return new Result(lang, matches, auto);
    }

    /** The article in the language, else in English. */
    public Optional<Article> article(String id, String language) {
        Map<String, Article> articles = snapshot();
        String lang = MessageTemplates.normalise(language);
        return Optional.ofNullable(articles.get(id + "." + lang + ".md"))
            .or(() -> Optional.ofNullable(articles.get(id + "." + FALLBACK_LANGUAGE + ".md")));
    }

    /** Every article serving now, by id and language. */
    public List<Article> articles() {
        return snapshot().values()
            .stream()
            .sorted(Comparator.comparing(Article::id).thenComparing(Article::language))
            .toList();
    }

    /** The language a question in {@code language} is matched in. */
    public String languageFor(String language) {
        String lang = MessageTemplates.normalise(language);
        ArticleIndex index = indexes.get(lang);
        return index != null && !index.isEmpty() ? lang : FALLBACK_LANGUAGE;
    }

    private synchronized Map<String, Article> snapshot() {
        return Map.copyOf(live);
    }

    private void reloadQuietly() {
        try {
            reload();
        }
        catch (RuntimeException e) {
            // e.g. the folder is briefly unreadable: try again at the next check
            log.warn("could not read the knowledge articles in {}: {}", folder(), e.toString());
        }
    }

    /** Reads the folder again and puts what changed live. */
    public synchronized Reload reload() {
        Map<String, String> files = read();
        boolean changed = live.keySet().retainAll(files.keySet());
        handled.keySet().retainAll(files.keySet());
        Map<String, String> rejected = new LinkedHashMap<>();
        for (var file : files.entrySet()) {
            String name = file.getKey();
            String text = file.getValue();
            if (text.equals(handled.get(name))) {
                continue;
            }
            handled.put(name, text);
            try {
                if (text == NOT_UTF8) {
                    throw new ArticleFiles.Broken("not UTF-8 text");
                }
                live.put(name, ArticleFiles.parse(name, text));
                changed = true;
            }
            catch (ArticleFiles.Broken e) {
                rejected.put(name, e.getMessage());
                log.error("rejected knowledge article {} (in {}): {}. {}", name, folder(), e.getMessage(),
                        live.containsKey(name) ? "The previous version keeps serving; fix the file and save it again."
                                : "It is not served; fix the file and save it again.");
            }
        }
        if (changed || indexes.isEmpty()) {
            Map<String, List<Article>> byLanguage = new TreeMap<>();
            ArticleFiles.LANGUAGES.forEach(l -> byLanguage.put(l, new ArrayList<>()));
            live.values().forEach(a -> byLanguage.get(a.language()).add(a));
            Map<String, ArticleIndex> built = new LinkedHashMap<>();
            byLanguage.forEach((l, articles) -> built.put(l, new ArticleIndex(l, articles)));
            indexes = Map.copyOf(built);
            if (changed) {
                log.info("knowledge base: {} articles serving from {}", live.size(), folder());
            }
        }
        return new Reload(List.copyOf(live.keySet()), rejected);
    }

    /**
     * Marks a file that is not UTF-8 (compared by identity, never a file's real text).
     */
    private static final String NOT_UTF8 = new String("\0not UTF-8");

    private Map<String, String> read() {
        Path dir = folder();
        Map<String, String> files = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        List<Path> paths;
        try (Stream<Path> s = Files.list(dir)) {
            paths = s.filter(Files::isRegularFile)
                .filter(p -> ArticleFiles.isArticleName(p.getFileName().toString()))
                .toList();
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        for (Path p : paths) {
            try {
                files.put(p.getFileName().toString(), Files.readString(p, StandardCharsets.UTF_8));
            }
            catch (MalformedInputException e) {
                files.put(p.getFileName().toString(), NOT_UTF8);
            }
            catch (NoSuchFileException e) {
                // deleted between listing and reading (an editor saving): picked up at
                // the next check
            }
            catch (IOException e) {
                throw new UncheckedIOException("cannot read " + p, e);
            }
        }
        return files;
    }

}

package org.asyncdesk.knowledge;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.bg.BulgarianAnalyzer;
import org.apache.lucene.analysis.de.GermanAnalyzer;
import org.apache.lucene.analysis.en.EnglishAnalyzer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.StringField;
import org.apache.lucene.document.TextField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.MultiTerms;
import org.apache.lucene.index.Term;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.BoostAttribute;
import org.apache.lucene.search.BoostQuery;
import org.apache.lucene.search.FuzzyQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.util.BytesRef;

/**
 * The articles of one language in an in-memory Lucene index, and the matching of a
 * question against them.
 * <ol>
 * <li>The question is analysed like the articles: Lucene's English, German or Bulgarian
 * analyzer (stop words, normalisation such as ä → a, light stemming: "Pakete" and
 * "Paket", "пратката" and "пратка" meet).</li>
 * <li>Each question term is looked up in the index; a term the articles never use is
 * corrected to the nearest term they do use within one or two edits ({@link FuzzyQuery}):
 * typos such as "pakcet" or "Rücksendnug".</li>
 * <li>BM25 over title, example questions, tags and answer ranks the candidates.</li>
 * <li>Each candidate's score is how much of the question it explains: the sum of the
 * weights (BM25's inverse document frequency) of the question terms found together in its
 * title or in one of its example questions, over the sum of all the question terms'
 * weights. So 1 is a best possible self-match, and scores compare across questions of any
 * length. A term found elsewhere in the article (answer, tags, another example question)
 * counts {@value #BODY_CREDIT}, a corrected term {@value #FUZZY_CREDIT} of its weight; a
 * word no article uses weighs most, so an off-topic question scores low even when one of
 * its words matches.</li>
 * </ol>
 */
final class ArticleIndex {

    static final double BODY_CREDIT = 0.6;
    static final double FUZZY_CREDIT = 0.8;

    private static final String ALL = "all";

    private static final int CANDIDATES = 20;

    /** A ranked article: its BM25 score (rank) and its normalised score (0..1). */
    record Scored(Article article, double score, double bm25) {
    }

    private record Resolved(String term, double credit, double weight) {
    }

    private final String language;

    private final Analyzer analyzer;

    private final List<Article> articles;

    /** Per article: the terms of its title and of each example question, one set each. */
    private final List<List<Set<String>>> passages = new ArrayList<>();

    private final List<Set<String>> allTerms = new ArrayList<>();

    private final IndexSearcher searcher;

    private final Terms dictionary;

    ArticleIndex(String language, List<Article> articles) {
        this.language = language;
        this.analyzer = analyzer(language);
        this.articles = List.copyOf(articles);
        try {
            ByteBuffersDirectory directory = new ByteBuffersDirectory();
            try (IndexWriter writer = new IndexWriter(directory, new IndexWriterConfig(analyzer))) {
                for (Article a : this.articles) {
                    String questions = String.join("\n", a.questions());
                    String tags = String.join("\n", a.tags());
                    Document d = new Document();
                    d.add(new StringField("id", a.id(), Field.Store.YES));
                    d.add(new TextField("title", a.title(), Field.Store.NO));
                    d.add(new TextField("questions", questions, Field.Store.NO));
                    d.add(new TextField("tags", tags, Field.Store.NO));
                    d.add(new TextField("body", a.body(), Field.Store.NO));
                    d.add(new TextField(ALL, String.join("\n", a.title(), questions, tags, a.body()), Field.Store.NO));
                    writer.addDocument(d);
                    List<Set<String>> own = new ArrayList<>();
                    own.add(new LinkedHashSet<>(terms(a.title())));
                    a.questions().forEach(q -> own.add(new LinkedHashSet<>(terms(q))));
                    passages.add(own);
                    Set<String> all = new LinkedHashSet<>();
                    own.forEach(all::addAll);
                    all.addAll(terms(tags + "\n" + a.body()));
                    allTerms.add(all);
                }
            }
            DirectoryReader reader = DirectoryReader.open(directory);
            searcher = new IndexSearcher(reader);
            dictionary = MultiTerms.getTerms(reader, ALL);
        }
        catch (IOException e) {
            throw new UncheckedIOException("cannot index the " + language + " knowledge articles", e);
        }
    }

    static Analyzer analyzer(String language) {
        return switch (language) {
            case "de" -> new GermanAnalyzer();
            case "bg" -> new BulgarianAnalyzer();
            default -> new EnglishAnalyzer();
        };
    }

    String language() {
        return language;
    }

    boolean isEmpty() {
        return articles.isEmpty();
    }

    /** The articles ranked for the question, best first, at most {@code limit}. */
    List<Scored> match(String question, int limit) {
        if (articles.isEmpty()) {
            return List.of();
        }
        try {
            List<Resolved> terms = new ArrayList<>();
            for (String t : new LinkedHashSet<>(terms(question))) {
                terms.add(resolve(t));
            }
            double total = terms.stream().mapToDouble(Resolved::weight).sum();
            BooleanQuery.Builder query = new BooleanQuery.Builder();
            int clauses = 0;
            for (Resolved r : terms) {
                if (r.term() == null) {
                    continue;
                }
                float boost = (float) r.credit();
                for (var field : Map.of("title", 2f, "questions", 3f, "tags", 1f, "body", 1f).entrySet()) {
                    query.add(
                            new BoostQuery(new TermQuery(new Term(field.getKey(), r.term())), boost * field.getValue()),
                            BooleanClause.Occur.SHOULD);
                    clauses++;
                }
            }
            if (clauses == 0 || total <= 0) {
                return List.of();
            }
            List<Scored> scored = new ArrayList<>();
            for (ScoreDoc hit : searcher.search(query.build(), CANDIDATES).scoreDocs) {
                int doc = hit.doc;
                double explained = 0;
                for (Set<String> passage : passages.get(doc)) {
                    double here = 0;
                    for (Resolved r : terms) {
                        if (r.term() == null) {
                            continue;
                        }
                        if (passage.contains(r.term())) {
                            here += r.credit() * r.weight();
                        }
                        else if (allTerms.get(doc).contains(r.term())) {
                            here += BODY_CREDIT * r.credit() * r.weight();
                        }
                    }
                    explained = Math.max(explained, here);
                }
                double score = Math.round(Math.min(1, explained / total) * 1000) / 1000.0;
                scored.add(new Scored(articles.get(doc), score, hit.score));
            }
            scored.sort(Comparator.comparingDouble(Scored::score)
                .reversed()
                .thenComparing(Comparator.comparingDouble(Scored::bm25).reversed()));
            return scored.subList(0, Math.min(limit, scored.size()));
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The index term a question term stands for (itself, or its nearest correction), with
     * its weight.
     */
    private Resolved resolve(String term) throws IOException {
        int n = articles.size();
        int df = searcher.getIndexReader().docFreq(new Term(ALL, term));
        if (df > 0) {
            return new Resolved(term, 1, idf(df, n));
        }
        int length = term.codePointCount(0, term.length());
        if (length >= 4 && dictionary != null) {
            int edits = length >= 8 ? 2 : 1;
            TermsEnum candidates = new FuzzyQuery(new Term(ALL, term), edits, 1).getTermsEnum(dictionary);
            BoostAttribute closeness = candidates.attributes().addAttribute(BoostAttribute.class);
            String best = null;
            float bestCloseness = -1;
            int bestDf = 0;
            for (BytesRef candidate = candidates.next(); candidate != null; candidate = candidates.next()) {
                float c = closeness.getBoost();
                int cdf = candidates.docFreq();
                if (c > bestCloseness || (c == bestCloseness && cdf > bestDf)) {
                    best = candidate.utf8ToString();
                    bestCloseness = c;
                    bestDf = cdf;
                }
            }
            if (best != null) {
                return new Resolved(best, FUZZY_CREDIT, idf(bestDf, n));
            }
        }
        return new Resolved(null, 0, idf(0, n));
    }

    /** BM25's inverse document frequency (as Lucene's BM25Similarity computes it). */
    private static double idf(int df, int n) {
        return Math.log(1 + (n - df + 0.5) / (df + 0.5));
    }

    private List<String> terms(String text) {
        List<String> out = new ArrayList<>();
        try (TokenStream tokens = analyzer.tokenStream(ALL, text)) {
            CharTermAttribute term = tokens.addAttribute(CharTermAttribute.class);
            tokens.reset();
            while (tokens.incrementToken()) {
                out.add(term.toString());
            }
            tokens.end();
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

}

package org.asyncdesk.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.asyncdesk.automation.Sentiment;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, part 3: sentiment on a labelled set per language
 * ({@code src/test/resources/bench/sentiment-*.tsv}, written for this benchmark:
 * complaints, worries, negations such as "not happy", "nicht zufrieden", "не съм
 * доволен", neutral questions and thanks), a tuning set ({@code sentiment-tuning-*.tsv},
 * written by someone who never read the lexicon; the lexicon's cues were then generalised
 * from its misses) and a held-out set ({@code sentiment-heldout-*.tsv}, written the same
 * way, never tuned on: its figures are the honest ones). Prints per set and language the
 * negative class's recall and precision, the accuracy over the three classes, and every
 * message read wrongly. {@code bench/run SentimentBenchmark}.
 */
class SentimentBenchmark {

    @Test
    void negativeRecallAndPrecisionPerLanguage() throws IOException {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("sentiment-", "development set (written alongside the lexicon)");
        sets.put("sentiment-tuning-",
                "tuning set (written apart from the lexicon, which was then tuned on its errors)");
        sets.put("sentiment-heldout-", "held-out set (written apart from the lexicon; never tuned on)");
        for (var set : sets.entrySet()) {
            System.out.println(set.getValue() + ":");
            System.out.println("language  messages  negative-recall  negative-precision  accuracy");
            for (String language : List.of("en", "de", "bg")) {
                print(language, rows(set.getKey(), language));
            }
        }
    }

    private static void print(String language, List<String[]> rows) {
        int truePositive = 0, falsePositive = 0, falseNegative = 0, right = 0;
        StringBuilder wrong = new StringBuilder();
        for (String[] row : rows) {
            Sentiment.Reading r = Sentiment.of(row[1], language);
            boolean labelledNegative = row[0].equals(Sentiment.Reading.NEGATIVE);
            if (r.negative() && labelledNegative) {
                truePositive++;
            }
            else if (r.negative()) {
                falsePositive++;
            }
            else if (labelledNegative) {
                falseNegative++;
            }
            if (r.sentiment().equals(row[0])) {
                right++;
            }
            else {
                wrong.append(String.format("    %s read as %s (%.2f, %s): %s%n", row[0], r.sentiment(), r.score(),
                        r.emotion(), row[1]));
            }
        }
        System.out.printf("%-8s  %8d  %15.2f  %18.2f  %8.2f%n", language, rows.size(),
                truePositive / (double) (truePositive + falseNegative),
                truePositive / (double) Math.max(1, truePositive + falsePositive), right / (double) rows.size());
        System.out.print(wrong);
    }

    private static List<String[]> rows(String prefix, String language) throws IOException {
        try (InputStream in = SentimentBenchmark.class.getResourceAsStream("/bench/" + prefix + language + ".tsv")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .map(l -> l.split("\t", 2))
                .toList();
        }
    }

}

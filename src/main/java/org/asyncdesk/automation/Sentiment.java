package org.asyncdesk.automation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sentiment and emotion of a customer's message in English, German and Bulgarian, offline
 * and in linear time: a lexicon of word stems with a weight and an emotion, turned by
 * negation ("not happy", "nicht zufrieden", "не съм доволен") and strengthened by
 * intensifiers ("very", "ziemlich", "много"), shouting (capitals) and exclamation marks.
 * Stems match the beginning of a word, or any part of a German compound ("verärgert",
 * "Lieferverzögerung"), so inflected forms need no list of their own.
 * <p>
 * Chosen over a model: nothing to download or ship, every decision can be read off the
 * lexicon, and a process owner can reason about it; the labelled set and its figures are
 * in {@code bench/} ({@code SentimentBenchmark}).
 */
public final class Sentiment {

    /** What a message says about how the customer feels. */
    public record Reading(String sentiment, double score, String emotion) {

        public static final String NEGATIVE = "negative";

        public static final String NEUTRAL = "neutral";

        public static final String POSITIVE = "positive";

        public boolean negative() {
            return NEGATIVE.equals(sentiment);
        }
    }

    public static final String ANGER = "anger";

    public static final String FRUSTRATION = "frustration";

    public static final String WORRY = "worry";

    public static final String JOY = "joy";

    public static final String NONE = "none";

    /** A score at or below minus this is negative, at or above it positive. */
    static final double THRESHOLD = 0.25;

    /** Words after a negation that it still turns ("nicht wirklich zufrieden"). */
    private static final int NEGATION_REACH = 3;

    private static final int MAX_CHARS = 2_000;

    /**
     * A lexicon entry: {@code stem} matches a word that starts with it, {@code *stem} any
     * word that contains it (German compounds), {@code =word} only that word,
     * {@code two words} (or three) those words in a row.
     */
    private record Entry(String language, String stem, double weight, String emotion, Kind kind) {
    }

    private enum Kind {

        PREFIX, INSIDE, EXACT, PHRASE

    }

    private static final List<Entry> LEXICON = new ArrayList<>();

    private static final Map<String, List<String>> NEGATIONS = Map.of("en",
            List.of("not", "no", "never", "dont", "don't", "doesnt", "doesn't", "didnt", "didn't", "isnt", "isn't",
                    "wasnt", "wasn't", "cant", "can't", "cannot", "wont", "won't", "nothing", "hardly", "neither",
                    "nor"),
            "de", List.of("nicht", "kein", "keine", "keinen", "keinem", "keiner", "keines", "nie", "niemals", "nichts",
                    "kaum", "weder"),
            "bg", List.of("не", "няма", "нито", "никога", "нищо"));

    private static final Map<String, List<String>> INTENSIFIERS = Map.of("en",
            List.of("very", "so", "really", "extremely", "totally", "absolutely", "completely", "utterly", "incredibly",
                    "seriously", "most"),
            "de",
            List.of("sehr", "so", "total", "echt", "wirklich", "ziemlich", "absolut", "völlig", "voellig", "extrem",
                    "äußerst", "ausserst", "unglaublich", "mega", "richtig"),
            "bg", List.of("много", "изключително", "страшно", "напълно", "съвсем", "крайно", "адски", "толкова"));

    static {
        // weak on their own: often factual ("I ordered the wrong colour", "is that a
        // problem for the payment?")
        add("en", FRUSTRATION, -0.6, "=wrong", "=problem", "=problems", "=issue", "=again", "=still");
        add("de", FRUSTRATION, -0.6, "=falsch", "=falsche", "=falschen", "=problem", "=probleme", "=wieder",
                "=schon wieder");
        add("bg", FRUSTRATION, -0.6, "=грешен", "=грешна", "=грешно", "=грешни", "=проблем", "=проблеми", "=пак",
                "=отново");
        // greetings are not praise
        add("en", NONE, 0, "good morning", "good afternoon", "good evening", "good day");
        add("de", NONE, 0, "guten tag", "guten morgen", "guten abend");
        add("bg", NONE, 0, "добър ден", "добро утро", "добър вечер");
        // positives whose negation is the complaint: "not ok", "nicht in Ordnung", "не
        // работи"
        add("en", JOY, 1.2, "=ok", "=okay", "=fair", "=works", "=working", "as described", "as expected", "=acceptable",
                "=agree", "=normal");
        add("de", JOY, 1.2, "=ok", "=okay", "in ordnung", "=fair", "funktioniert", "einverstanden", "=normal",
                "=akzeptabel", "wie beschrieben", "wie erwartet");
        add("bg", JOY, 1.2, "=ок", "=окей", "=нормално", "=нормален", "=работи", "съглас", "=честно", "=приемливо");
        // English
        add("en", ANGER, -2.0, "angry", "furious", "outrag", "unacceptable", "disgrac", "ridiculous", "scam", "fraud",
                "rip-off", "ripoff", "pissed", "livid", "rubbish", "shameful", "incompetent", "useless", "worst",
                "hate", "sick of", "fed up", "joke", "insult", "never again", "thanks for nothing", "=unbelievable",
                "=seriously", "=cheated", "=lied", "=lying", "=dangerous", "=unsafe", "=disgusted", "=shocked",
                "=appalled", "=patience");
        add("en", FRUSTRATION, -1.5, "disappoint", "frustrat", "annoy", "terrible", "awful", "horrible", "poor", "=bad",
                "=badly", "broken", "damaged", "defect", "still waiting", "again and again", "ignored", "complain",
                "unhappy", "dissatisfied", "=fault", "faulty", "=delay", "=delayed", "waste", "mess", "unreliable",
                "=slow");
        add("en", WORRY, -1.0, "worried", "worry", "concern", "afraid", "anxious", "nervous", "scared", "=unsure",
                "confused", "panic", "=lost", "=missing");
        add("en", JOY, 0.7, "thank", "=thx", "cheers");
        add("en", JOY, 1.5, "many thanks", "thanks a", "thank you so", "thank you very");
        add("en", JOY, 1.5, "great", "excellent", "perfect", "=happy", "glad", "=love", "=loved", "wonderful",
                "amazing", "awesome", "satisfied", "pleased", "=good", "=nice", "helpful", "=quick", "appreciat",
                "fantastic", "brilliant", "=fine", "well done", "problem solved", "works now", "=top", "thrilled",
                "delighted", "impressed", "pleasant", "=smooth", "smoothly", "=easy", "=solved", "=fixed", "=sorted",
                "no complaints", "=recommend", "=definitely");
        // German
        add("de", ANGER, -2.0, "*ärger", "*arger", "wütend", "wutend", "=wut", "=sauer", "frechheit", "unverschämt",
                "unverschamt", "*skandal", "zumutung", "betrug", "abzocke", "=unmöglich", "=unmoglich", "inakzeptabel",
                "lächerlich", "lacherlich", "schlechtest", "*katastroph", "=mies", "=nie wieder", "*hasse",
                "reicht mir", "reicht es", "es reicht", "*verarsch", "*entsetzt", "=unfassbar", "=unglaublich",
                "=geduld");
        add("de", FRUSTRATION, -1.5, "*enttäusch", "*enttausch", "*frust", "nervig", "genervt", "*schlecht",
                "furchtbar", "schrecklich", "=kaputt", "beschädigt", "beschadigt", "*defekt", "*beschwer",
                "unzufrieden", "*verspät", "*verspat", "*verzöger", "*verzoger", "ignoriert", "immer noch",
                "schon wieder", "=niemand", "unzuverlässig", "unzuverlassig", "=ärgerlich", "=argerlich",
                "*mangelhaft");
        add("de", WORRY, -1.0, "besorgt", "=sorge", "=sorgen", "=angst", "beunruhig", "unsicher", "verunsichert",
                "befürcht", "befurcht", "*panik", "verloren");
        add("de", JOY, 0.7, "danke", "*dank");
        add("de", JOY, 1.5, "vielen dank", "herzlichen dank", "danke schön", "danke sehr", "tausend dank");
        add("de", JOY, 1.5, "=super", "=toll", "=prima", "perfekt", "=zufrieden", "freue", "=froh", "glücklich",
                "glucklich", "wunderbar", "ausgezeichnet", "hervorragend", "=gut", "=schnell", "=klasse", "=spitze",
                "hilfreich", "=lieb", "=nett", "problem gelöst", "problem gelost", "funktioniert jetzt", "=top",
                "bestens", "begeistert", "*wunderschön", "*wunderschon", "schöner", "schoner", "=schön",
                "unkompliziert", "angegossen", "=mega", "reibungslos", "=gelöst", "=gelost", "=behoben",
                "nichts zu beanstanden", "=empfehlen", "=gerne", "=bestimmt");
        // Bulgarian
        add("bg", ANGER, -2.0, "ядос", "бесен", "бясна", "бесни", "възмут", "недопустим", "безобрази", "измам", "позор",
                "скандал", "нагл", "отвратител", "некомпетент", "най-лош", "мразя", "писна", "=никога повече",
                "подигравка", "излъга", "опасно", "=глупост", "нахалн", "=търпение", "=срам", "=абсурд");
        add("bg", FRUSTRATION, -1.5, "разочаров", "недовол", "=ужасно", "ужасен", "ужасна", "=лош", "=лошо", "=лоша",
                "=лоши", "счупен", "повреден", "дефект", "оплак", "закъсн", "забав", "игнорир", "все още", "=никой",
                "дразн", "=бавно", "ненадежд");
        add("bg", WORRY, -1.0, "притесн", "тревож", "=страх", "безпоко", "уплаш", "несигур", "объркан", "изгубен",
                "загубен");
        add("bg", JOY, 0.7, "благодар", "мерси");
        add("bg", JOY, 1.5, "много благодаря", "благодаря много", "сърдечно благодаря");
        add("bg", JOY, 1.5, "страхотн", "отлич", "перфект", "=доволен", "=доволна", "=доволни", "щастлив", "радвам",
                "чудес", "=супер", "=добре", "=добър", "=добра", "=бързо", "прекрас", "браво", "любезн", "проблемът е",
                "вече работи", "невероят", "хареса", "харесва", "приятно", "идеално", "възторг", "=топ", "=решен",
                "=решено", "=оправен", "нямам оплаквания", "препоръч");
    }

    /**
     * What unhappy customers write without an emotional word: the nth time they write,
     * how long they have waited, that they want their money back, that they will leave or
     * complain elsewhere. Each counts once.
     */
    private record Cue(String language, Pattern pattern, double weight, String emotion) {
    }

    private static final List<Cue> CUES = List.of(
            cue("en", "\\b(second|third|fourth|fifth|\\d+(st|nd|rd|th)) (time|email|message|mail)", -1.5, FRUSTRATION),
            cue("en", "\\b(for|since|after|in) (\\d+|two|three|four|five|six|several|many) (days|weeks|months|hours)",
                    -1.2, FRUSTRATION),
            cue("en", "\\b(still|yet) (no|not|nothing|haven't|hasn't|waiting)|\\bno (answer|reply|response)|\\bnobody",
                    -1.5, FRUSTRATION),
            cue("en", "\\b(twice|three times|\\d+ times|again and again|every time)\\b", -1.2, FRUSTRATION),
            cue("en", "\\b(my money|money back|refund me|want a refund)", -1.2, ANGER),
            cue("en", "\\b(won't|will not|never|not going to) (order|buy|shop|come back|use)|\\blast (order|time i)",
                    -2.0, ANGER),
            cue("en", "\\b(lawyer|chargeback|my bank|trading standards|review|trustpilot|report you)\\b", -1.2, ANGER),
            cue("en", "\\bnot (what|as) (i|described|advertised|expected|ordered|paid)", -1.5, FRUSTRATION),
            cue("en", "\\b(stopped working|doesn't work|does not work|not working|don't understand|can't believe)",
                    -1.5, FRUSTRATION),
            cue("de",
                    "\\b(zweite|dritte|vierte|fünfte|x-te|x-ten|wiederholten)[rsn]? (mal|mail|nachricht|anfrage|woche)|\\bzum (zweiten|dritten|x-ten|wiederholten) mal",
                    -1.5, FRUSTRATION),
            cue("de",
                    "\\bseit (\\d+|zwei|drei|vier|fünf|sechs|einer|mehreren|vielen|wochen|tagen|monaten|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)",
                    -1.2, FRUSTRATION),
            cue("de",
                    "\\b(immer noch|noch immer|bis heute|bisher) (kein|nicht|nichts)|\\bkeine (antwort|rückmeldung|reaktion)|\\b(niemand|keiner) (meldet|antwortet|kümmert|kann|hilft)",
                    -1.5, FRUSTRATION),
            cue("de", "\\b(zweimal|dreimal|mehrmals|x-mal|wie oft)\\b", -1.2, FRUSTRATION),
            cue("de", "\\b(mein geld|geld zurück|geld zuruck)", -1.2, ANGER),
            cue("de", "\\b(letzte bestellung|nie wieder|nicht mehr bestell|nicht mehr bei euch|nicht mehr bei ihnen)",
                    -2.0, ANGER),
            cue("de", "\\b(anwalt|verbraucherzentrale|bank melden|melden|bewertung|trustpilot|widerspreche)", -1.2,
                    ANGER),
            cue("de",
                    "\\bnicht (das|was|wie) (ich|bestellt|beschrieben|erwartet|angegeben)|\\b(nicht|kein) (zu gebrauchen|ordnung)",
                    -1.5, FRUSTRATION),
            cue("de", "\\b(funktioniert nicht|geht nicht|nicht mehr|keine kraft|hin und her|was ist (bei euch|da) los)",
                    -1.5, FRUSTRATION),
            cue("bg", "\\b(втори|трети|четвърти|пети) (път|имейл|мейл|съобщение)|\\bтрети път|\\b\\d+-?(ти|ри|ви) път",
                    -1.5, FRUSTRATION),
            cue("bg",
                    "\\b(от|вече|преди|след) (\\d+|два|две|три|четири|пет|шест|няколко|много) (дни|дена|седмици|месеца|часа)|\\b(две|три) седмици",
                    -1.2, FRUSTRATION),
            cue("bg",
                    "\\b(и до днес|все още не|още не|още чакам|още няма|никакъв отговор|без отговор|без никакъв|никой не)",
                    -1.5, FRUSTRATION),
            cue("bg", "\\b(два|три|няколко) пъти|\\bвсеки път", -1.2, FRUSTRATION),
            cue("bg", "\\b(парите си|си парите|парите ми|искам си)", -1.2, ANGER),
            cue("bg", "\\b(няма да (пазарувам|поръчвам|купувам)|никога повече|последна поръчка)", -2.0, ANGER),
            cue("bg", "\\b(кзп|сигнал|адвокат|съд|отзив)\\b", -1.2, ANGER),
            cue("bg", "\\bне е (това|каквото|нормално|ок|добре)|\\bне (работи|става|отговаря)", -1.5, FRUSTRATION),
            cue("bg", "\\b(съжалявам, че|чувствам се|какво е това|на кого да)", -1.2, FRUSTRATION));

    private static Cue cue(String language, String regex, double weight, String emotion) {
        return new Cue(language, Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS), weight, emotion);
    }

    /**
     * Emojis, each counted once: sarcasm ones turn the praise around them into complaint.
     */
    private static final Map<String, Double> EMOJIS = Map.ofEntries(Map.entry("😡", -2.0), Map.entry("🤬", -2.0),
            Map.entry("😠", -2.0), Map.entry("👿", -2.0), Map.entry("😤", -1.5), Map.entry("😞", -1.5),
            Map.entry("😔", -1.5), Map.entry("😢", -1.5), Map.entry("😭", -1.5), Map.entry("👎", -1.5),
            Map.entry("💔", -1.5), Map.entry("😒", -1.5), Map.entry("😟", -1.0), Map.entry("😰", -1.0),
            Map.entry("😨", -1.0), Map.entry("😬", -1.0), Map.entry("😍", 1.5), Map.entry("🥰", 1.5),
            Map.entry("😊", 1.5), Map.entry("🙂", 1.0), Map.entry("😀", 1.5), Map.entry("😃", 1.5),
            Map.entry("😄", 1.5), Map.entry("👍", 1.5), Map.entry("🙏", 1.0), Map.entry("❤", 1.5), Map.entry("💖", 1.5),
            Map.entry("🎉", 1.5), Map.entry("🤩", 1.5), Map.entry("😁", 1.5));

    private static final List<String> SARCASM = List.of("🙄", "🙃", "😏");

    /** Words that end a negation's or intensifier's reach, like punctuation. */
    private static final List<String> CLAUSE_ENDS = List.of("and", "but", "und", "aber", "doch", "и", "но", "а");

    private static final Pattern WORD = Pattern.compile("[\\p{L}][\\p{L}'\\-]*|[?!]{2,}|!|[,.;:?]");

    private Sentiment() {
    }

    /**
     * The reading of a message in this language ({@code en}, {@code de}, {@code bg};
     * another or none reads it with all three lexicons). An empty message is neutral;
     * only the first 2,000 characters count.
     */
    public static Reading of(String text, String language) {
        if (text == null || text.isBlank()) {
            return new Reading(Reading.NEUTRAL, 0, NONE);
        }
        String head = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        List<String> tokens = new ArrayList<>();
        List<Boolean> shouted = new ArrayList<>();
        Matcher m = WORD.matcher(head);
        while (m.find()) {
            String w = m.group();
            shouted
                .add(w.length() >= 3 && w.equals(w.toUpperCase(Locale.ROOT)) && !w.equals(w.toLowerCase(Locale.ROOT)));
            tokens.add(w.toLowerCase(Locale.ROOT));
        }
        List<String> languages = language != null && NEGATIONS.containsKey(language) ? List.of(language)
                : List.copyOf(NEGATIONS.keySet());
        double sum = 0;
        Map<String, Double> emotions = new HashMap<>();
        int lastNegation = -100;
        int lastIntensifier = -100;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (t.indexOf('?') >= 0 && t.length() >= 2) {
                // "???", "?!": the customer raises their voice
                sum -= 0.8;
                emotions.merge(sum < -0.8 ? ANGER : FRUSTRATION, 0.8, Double::sum);
                lastNegation = -100;
                lastIntensifier = -100;
                continue;
            }
            if (t.startsWith("!")) {
                // exclamation marks strengthen what was said before them: anger after a
                // complaint, joy after thanks
                double w = 0.4 * Math.min(t.length(), 3);
                if (sum < 0) {
                    sum -= w;
                    emotions.merge(ANGER, w, Double::sum);
                }
                else if (sum > 0) {
                    sum += w / 2;
                    emotions.merge(JOY, w / 2, Double::sum);
                }
                lastNegation = -100;
                lastIntensifier = -100;
                continue;
            }
            if ((t.length() == 1 && ",.;:?".indexOf(t.charAt(0)) >= 0) || CLAUSE_ENDS.contains(t)) {
                // a negation or an intensifier reaches to the end of its clause only
                lastNegation = -100;
                lastIntensifier = -100;
                continue;
            }
            String following = String.join(" ", tokens.subList(i, Math.min(tokens.size(), i + 3)));
            Entry e = following.indexOf(' ') < 0 ? null : phrase(languages, following);
            if (e != null) {
                i += e.stem().split(" ").length - 1;
            }
            else if (languages.stream().anyMatch(l -> NEGATIONS.get(l).contains(t))) {
                lastNegation = i;
                continue;
            }
            else if (languages.stream().anyMatch(l -> INTENSIFIERS.get(l).contains(t))) {
                lastIntensifier = i;
                continue;
            }
            else {
                e = word(languages, t);
            }
            if (e == null) {
                continue;
            }
            double w = e.weight();
            if (i - lastIntensifier <= 2) {
                w *= 1.5;
            }
            if (shouted.get(i)) {
                w *= 1.5;
            }
            if (i - lastNegation <= NEGATION_REACH) {
                // "not happy" is a complaint; "not bad" is faint praise
                w = w > 0 ? -w * 0.9 : -w * 0.3;
            }
            sum += w;
            emotions.merge(w < 0 ? (e.weight() < 0 ? e.emotion() : FRUSTRATION) : JOY, Math.abs(w), Double::sum);
        }
        String lower = head.toLowerCase(Locale.ROOT);
        for (Cue c : CUES) {
            if (languages.contains(c.language()) && c.pattern().matcher(lower).find()) {
                sum += c.weight();
                emotions.merge(c.emotion(), -c.weight(), Double::sum);
            }
        }
        long words = tokens.stream().filter(t -> Character.isLetter(t.charAt(0))).count();
        long loud = shouted.stream().filter(b -> b).count();
        if (loud >= 3 && loud * 2 >= words) {
            // a message written in capitals is shouted
            sum -= 1.5;
            emotions.merge(ANGER, 1.5, Double::sum);
        }
        double praise = 0;
        for (var e : EMOJIS.entrySet()) {
            if (head.contains(e.getKey())) {
                sum += e.getValue();
                emotions.merge(e.getValue() < 0 ? (e.getValue() <= -2 ? ANGER : FRUSTRATION) : JOY,
                        Math.abs(e.getValue()), Double::sum);
            }
        }
        if (SARCASM.stream().anyMatch(head::contains)) {
            // "great, another delay 🙄": the praise is the complaint
            praise = emotions.getOrDefault(JOY, 0.0);
            sum -= 2 * praise + 1.0;
            emotions.remove(JOY);
            emotions.merge(FRUSTRATION, praise + 1.0, Double::sum);
        }
        double score = Math.tanh(sum / 3.0);
        score = Math.round(score * 100) / 100.0;
        String sentiment = score <= -THRESHOLD ? Reading.NEGATIVE
                : score >= THRESHOLD ? Reading.POSITIVE : Reading.NEUTRAL;
        String emotion = NONE;
        if (!Reading.NEUTRAL.equals(sentiment)) {
            boolean negative = Reading.NEGATIVE.equals(sentiment);
            emotion = emotions.entrySet()
                .stream()
                .filter(x -> negative != JOY.equals(x.getKey()))
                .max(Map.Entry.comparingByValue())
                .map(Map.Entry::getKey)
                .orElse(NONE);
        }
        return new Reading(sentiment, score, emotion);
    }

    /**
     * The longest phrase entry (two or three words) that these words, joined by spaces,
     * begin with.
     */
    private static Entry phrase(List<String> languages, String words) {
        Entry best = null;
        for (Entry e : LEXICON) {
            if (e.kind() == Kind.PHRASE && languages.contains(e.language()) && words.startsWith(e.stem())
                    && (words.length() == e.stem().length() || words.charAt(e.stem().length()) == ' ')
                    && (best == null || e.stem().length() > best.stem().length())) {
                best = e;
            }
        }
        return best;
    }

    /** The longest lexicon entry this word matches. */
    private static Entry word(List<String> languages, String word) {
        Entry best = null;
        for (Entry e : LEXICON) {
            if (!languages.contains(e.language())) {
                continue;
            }
            boolean hit = switch (e.kind()) {
                case PREFIX -> word.startsWith(e.stem());
                case INSIDE -> word.contains(e.stem());
                case EXACT -> word.equals(e.stem());
                case PHRASE -> false;
            };
            if (hit && (best == null || e.stem().length() > best.stem().length())) {
                best = e;
            }
        }
        return best;
    }

    private static void add(String language, String emotion, double weight, String... stems) {
        for (String s : stems) {
            Kind kind = s.startsWith("*") ? Kind.INSIDE : s.startsWith("=") ? Kind.EXACT : Kind.PREFIX;
            String stem = kind == Kind.PREFIX ? s : s.substring(1);
            if (stem.indexOf(' ') >= 0) {
                kind = Kind.PHRASE;
            }
            LEXICON.add(new Entry(language, stem, weight, emotion, kind));
        }
    }

}

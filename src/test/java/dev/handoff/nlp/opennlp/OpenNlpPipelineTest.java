package dev.handoff.nlp.opennlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.handoff.nlp.Interpretation;
import dev.handoff.nlp.Interpretation.IntentScore;
import dev.handoff.nlp.NlpPipeline;
import dev.handoff.nlp.NlpSettings;
import dev.handoff.nlp.TrainingData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

class OpenNlpPipelineTest {

    private static NlpPipeline bot;

    @BeforeAll
    static void train() {
        bot = new OpenNlpPipelineFactory().train(SupportBot.data());
    }

    @Test
    void everyExampleFindsItsOwnIntent() {
        SupportBot.english()
                .forEach((intent, examples) -> examples.forEach(
                        example -> assertThat(bot.interpret("en", example).intent())
                                .as(example)
                                .contains(intent)));
        SupportBot.isiZulu()
                .forEach((intent, examples) -> examples.forEach(
                        example -> assertThat(bot.interpret("zu", example).intent())
                                .as(example)
                                .contains(intent)));
    }

    @ParameterizedTest
    @CsvSource({
        "helo, greet",
        "gud morning, greet",
        "opening hourz, opening_hours",
        "wen are you open, opening_hours",
        "tlak to a human, talk_to_human",
        "conect me to an agnet, talk_to_human",
        "thank u, thanks",
        "goodby, goodbye",
        "byee, goodbye",
    })
    void smallTyposStillFindTheIntent(String text, String intent) {
        assertThat(bot.interpret("en", text).intent()).contains(intent);
    }

    @Test
    void aTypoThatLooksMoreLikeAnotherIntentIsMisunderstoodRatherThanMisread() {
        // "goodbey" shares "good" with three greetings: maxent leans to greet, the similarity gate
        // finds no greeting close enough, so the bot asks again instead of answering "hello".
        var ungated = new OpenNlpPipelineFactory(NlpSettings.defaults().withMinSimilarity(0)).train(SupportBot.data());

        assertThat(ungated.interpret("en", "goodbey").intent()).contains("greet");
        assertThat(bot.interpret("en", "goodbey").intent()).isNotEqualTo(Optional.of("greet"));
    }

    @ParameterizedTest
    @CsvSource({
        "hours opening what are your, opening_hours",
        "open you are when, opening_hours",
        "a human to talk, talk_to_human",
        "please person real, talk_to_human",
        "much very thank you, thanks",
    })
    void otherWordOrdersStillFindTheIntent(String text, String intent) {
        assertThat(bot.interpret("en", text).intent()).contains(intent);
    }

    @Test
    void caseAndPunctuationDoNotMatter() {
        assertThat(bot.interpret("en", "HELLO!!!").intent()).contains("greet");
        assertThat(bot.interpret("en", "Opening hours???").intent()).contains("opening_hours");
        assertThat(bot.interpret("zu", "Ngiyabonga kakhulu!").intent()).contains("thanks");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "what is the weather in Paris tomorrow",
                "what is the capital of France",
                "how much does shipping cost",
                "my order has not arrived",
                "I like pizza",
                "tell me a joke",
                "the cat sat on the mat",
            })
    void unrelatedSentencesAreMisunderstood(String text) {
        assertThat(bot.interpret("en", text).understood()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"asdkjh qwe zzx", "xyzzy", "blorp glarb fnord", "qqqq", "1234 5678", "?!?!"})
    void gibberishIsMisunderstood(String text) {
        assertThat(bot.interpret("en", text).understood()).isFalse();
        assertThat(bot.interpret("zu", text).understood()).isFalse();
    }

    @Test
    void emptyBlankAndMissingInputAreMisunderstood() {
        for (String text : new String[] {"", "   ", "\n\t", null}) {
            Interpretation interpretation = bot.interpret("en", text);
            assertThat(interpretation.understood()).as("[%s]", text).isFalse();
            assertThat(interpretation.ranking()).isEmpty();
        }
    }

    @Test
    void theGateIsWhatTurnsGibberishAway() {
        var ungated = new OpenNlpPipelineFactory(
                        NlpSettings.defaults().withConfidenceThreshold(0).withMinSimilarity(0))
                .train(SupportBot.data());

        assertThat(ungated.interpret("en", "blorp glarb fnord").understood()).isTrue();
        assertThat(bot.interpret("en", "blorp glarb fnord").understood()).isFalse();
    }

    @Test
    void theSimilarityGateAloneRejectsConfidentButUnrelatedInput() {
        var confidenceOnly = new OpenNlpPipelineFactory(
                        NlpSettings.defaults().withMinSimilarity(0).withConfidenceThreshold(0.3))
                .train(SupportBot.data());
        var both = new OpenNlpPipelineFactory(NlpSettings.defaults().withConfidenceThreshold(0.3))
                .train(SupportBot.data());

        assertThat(confidenceOnly
                        .interpret("en", "what is the capital of France")
                        .understood())
                .isTrue();
        assertThat(both.interpret("en", "what is the capital of France").understood())
                .isFalse();
    }

    @Test
    void aHigherConfidenceThresholdTurnsWeakMatchesAway() {
        var strict = new OpenNlpPipelineFactory(NlpSettings.defaults().withConfidenceThreshold(0.95))
                .train(SupportBot.data());

        assertThat(bot.interpret("en", "helo").understood()).isTrue();
        assertThat(strict.interpret("en", "helo").understood()).isFalse();
    }

    @Test
    void theRankingListsEveryIntentBestFirstAndTheConfidenceIsTheBestScore() {
        Interpretation interpretation = bot.interpret("en", "can I speak to a human");

        assertThat(interpretation.ranking())
                .extracting(IntentScore::intent)
                .containsExactlyInAnyOrder("greet", "thanks", "goodbye", "opening_hours", "talk_to_human")
                .first()
                .isEqualTo("talk_to_human");
        assertThat(interpretation.ranking())
                .extracting(IntentScore::score)
                .isSortedAccordingTo((a, b) -> Double.compare(b, a));
        assertThat(interpretation.ranking().stream()
                        .mapToDouble(IntentScore::score)
                        .sum())
                .isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(interpretation.confidence())
                .isEqualTo(interpretation.ranking().get(0).score())
                .isGreaterThan(0.5);
    }

    @Test
    void eachLanguageIsAnsweredByItsOwnModel() {
        assertThat(bot.interpret("zu", "ngifuna ukukhuluma nomuntu").intent()).contains("talk_to_human");
        assertThat(bot.interpret("zu", "ngifuna ukukhuluma nomuntu").ranking())
                .extracting(IntentScore::intent)
                .containsExactlyInAnyOrder("greet", "thanks", "talk_to_human");
        assertThat(bot.interpret("en", "ngifuna ukukhuluma nomuntu").understood())
                .isFalse();
        assertThat(bot.interpret("zu", "I want to talk to a person").understood())
                .isFalse();
        assertThat(bot.interpret("zu", "hello").understood()).isFalse();
    }

    @Test
    void languageCodesIgnoreCaseAndFallBackFromARegion() {
        assertThat(bot.interpret("ZU", "sawubona").intent()).contains("greet");
        assertThat(bot.interpret("zu-ZA", "sawubona").intent()).contains("greet");
        assertThat(bot.interpret("en_ZA", "hello").intent()).contains("greet");
    }

    @Test
    void aLanguageWithOneIntentDecidesBySimilarityAlone() {
        var pipeline = new OpenNlpPipelineFactory()
                .train(new TrainingData(
                        Map.of("st", Map.of("talk_to_human", List.of("ke batla ho bua le motho", "motho wa nnete")))));

        Interpretation exact = pipeline.interpret("st", "ke batla ho bua le motho");
        assertThat(exact.intent()).contains("talk_to_human");
        assertThat(exact.confidence()).isEqualTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(exact.ranking()).extracting(IntentScore::intent).containsExactly("talk_to_human");
        assertThat(pipeline.interpret("st", "ke batla ho bua le mothoo").intent())
                .contains("talk_to_human");
        assertThat(pipeline.interpret("st", "what is the weather in Paris tomorrow")
                        .understood())
                .isFalse();
        assertThat(pipeline.interpret("st", "xyzzy").understood()).isFalse();
    }

    @Test
    void aLanguageWithNoIntentsMisunderstandsEverything() {
        var intents = new LinkedHashMap<String, List<String>>();
        intents.put("greet", List.of());
        intents.put("thanks", List.of("  ", "?!"));
        var pipeline = new OpenNlpPipelineFactory().train(new TrainingData(Map.of("tn", Map.of(), "nso", intents)));

        assertThat(pipeline.interpret("tn", "dumela").understood()).isFalse();
        assertThat(pipeline.interpret("tn", "dumela").ranking()).isEmpty();
        assertThat(pipeline.interpret("nso", "thobela").understood()).isFalse();
    }

    @Test
    void anUnknownLanguageIsMisunderstoodAndWarnedAboutOnce() {
        Logger logger = (Logger) LoggerFactory.getLogger(OpenNlpPipeline.class);
        var appender = new ListAppender<ILoggingEvent>();
        appender.start();
        logger.addAppender(appender);
        try {
            var pipeline = new OpenNlpPipelineFactory().train(SupportBot.data());

            Interpretation first = pipeline.interpret("xh", "molo");
            Interpretation second = pipeline.interpret("xh", "enkosi");
            Interpretation missing = pipeline.interpret(null, "hello");

            assertThat(List.of(first, second, missing))
                    .allSatisfy(i -> assertThat(i.understood()).isFalse());
            assertThat(appender.list)
                    .extracting(ILoggingEvent::getLevel, ILoggingEvent::getFormattedMessage)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(
                                    Level.WARN,
                                    "no NLP model for language 'xh' (known: [en, zu]); its messages are misunderstood"),
                            org.assertj.core.groups.Tuple.tuple(
                                    Level.WARN,
                                    "no NLP model for language 'null' (known: [en, zu]); its messages are misunderstood"));
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void aLanguageGivenTwiceIsRejected() {
        var data = new TrainingData(Map.of("en", SupportBot.english(), "EN", SupportBot.english()));

        assertThatIllegalArgumentException()
                .isThrownBy(() -> new OpenNlpPipelineFactory().train(data))
                .withMessageContaining("appears twice");
    }

    @Test
    void trainingTwiceOnTheSameDataGivesTheSameAnswers() {
        NlpPipeline again = new OpenNlpPipelineFactory().train(SupportBot.data());

        for (String text : probes()) {
            assertThat(again.interpret("en", text)).as(text).isEqualTo(bot.interpret("en", text));
            assertThat(again.interpret("zu", text)).as(text).isEqualTo(bot.interpret("zu", text));
        }
    }

    @Test
    void manyThreadsInterpretingAtOnceGetTheAnswersOfOneThread() throws Exception {
        List<String> probes = probes();
        Map<String, Interpretation> expected = new LinkedHashMap<>();
        for (String text : probes) {
            expected.put(text, bot.interpret("en", text));
        }
        int threads = 8;
        var pool = Executors.newFixedThreadPool(threads);
        var start = new CountDownLatch(1);
        try {
            var futures = new ArrayList<Future<Map<String, Interpretation>>>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                Callable<Map<String, Interpretation>> task = () -> {
                    start.await();
                    Map<String, Interpretation> seen = new LinkedHashMap<>();
                    for (int round = 0; round < 50; round++) {
                        for (int i = 0; i < probes.size(); i++) {
                            String text = probes.get((i + offset) % probes.size());
                            Interpretation answer = bot.interpret("en", text);
                            Interpretation before = seen.putIfAbsent(text, answer);
                            if (before != null && !before.equals(answer)) {
                                throw new AssertionError(
                                        "changing answer for " + text + ": " + before + " vs " + answer);
                            }
                        }
                    }
                    return seen;
                };
                futures.add(pool.submit(task));
            }
            start.countDown();
            for (var future : futures) {
                assertThat(future.get(60, TimeUnit.SECONDS)).containsExactlyInAnyOrderEntriesOf(expected);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void trainingPrintsNothingOnStandardOutput() {
        PrintStream original = System.out;
        var captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            NlpPipeline pipeline = new OpenNlpPipelineFactory().train(SupportBot.data());
            pipeline.interpret("en", "hello");
            pipeline.interpret("xx", "hello");
        } finally {
            System.setOut(original);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void anInterpretationNeverThrowsForOddText() {
        String longText = "hello ".repeat(10_000);
        for (String text : new String[] {longText, "\u0000\uffff", "😀😀", "ngi-ya-bonga", "𝐡𝐞𝐥𝐥𝐨"}) {
            assertThat(bot.interpret("en", text)).isNotNull();
        }
        assertThat(bot.interpret("en", "𝐡𝐞𝐥𝐥𝐨").intent()).isEqualTo(Optional.of("greet"));
    }

    private static List<String> probes() {
        var probes = new ArrayList<String>();
        SupportBot.english().values().forEach(probes::addAll);
        SupportBot.isiZulu().values().forEach(probes::addAll);
        probes.addAll(List.of(
                "helo",
                "opening hourz",
                "tlak to a human",
                "hours opening what are your",
                "what is the weather in Paris tomorrow",
                "asdkjh qwe zzx",
                "thnaks",
                "by",
                "",
                "what is your name"));
        return probes;
    }
}

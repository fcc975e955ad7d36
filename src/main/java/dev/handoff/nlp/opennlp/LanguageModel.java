package dev.handoff.nlp.opennlp;

import dev.handoff.nlp.Interpretation;
import dev.handoff.nlp.Interpretation.IntentScore;
import dev.handoff.nlp.NlpSettings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import opennlp.tools.doccat.BagOfWordsFeatureGenerator;
import opennlp.tools.doccat.DoccatFactory;
import opennlp.tools.doccat.DoccatModel;
import opennlp.tools.doccat.DocumentCategorizerME;
import opennlp.tools.doccat.DocumentSample;
import opennlp.tools.doccat.FeatureGenerator;
import opennlp.tools.doccat.NGramFeatureGenerator;
import opennlp.tools.ml.AbstractEventTrainer;
import opennlp.tools.ml.maxent.GISTrainer;
import opennlp.tools.util.ObjectStreamUtils;
import opennlp.tools.util.TrainingParameters;

/**
 * What the pipeline knows of one language: a maxent document categorizer over its intents (when
 * it has two or more) and the character-n-gram vectors of every example, for the out-of-domain
 * gate. Immutable after training; {@link #interpret} may be called from many threads at once.
 */
final class LanguageModel {

    private static final Comparator<IntentScore> BEST_FIRST =
            Comparator.comparingDouble(IntentScore::score).reversed().thenComparing(IntentScore::intent);

    private final NlpSettings settings;
    private final CharNgrams ngrams;
    /** Intent → the n-gram vectors of its examples, in training order. */
    private final Map<String, List<Map<String, Double>>> examples;
    /** Null unless there are at least two intents: maxent needs two outcomes. */
    private final DoccatModel model;

    private LanguageModel(
            NlpSettings settings,
            CharNgrams ngrams,
            Map<String, List<Map<String, Double>>> examples,
            DoccatModel model) {
        this.settings = settings;
        this.ngrams = ngrams;
        this.examples = examples;
        this.model = model;
    }

    /** Trains on the intents' examples; intents without a usable example are left out. */
    static LanguageModel train(String language, Map<String, List<String>> intents, NlpSettings settings) {
        var ngrams = new CharNgrams(settings.minCharNgram(), settings.maxCharNgram());
        var vectors = new LinkedHashMap<String, List<Map<String, Double>>>();
        var samples = new ArrayList<DocumentSample>();
        intents.forEach((intent, texts) -> {
            var intentVectors = new ArrayList<Map<String, Double>>();
            for (String text : texts) {
                String[] tokens = TextNormalizer.tokens(TextNormalizer.normalize(text));
                if (tokens.length > 0) {
                    samples.add(new DocumentSample(intent, tokens));
                    intentVectors.add(ngrams.vector(tokens));
                }
            }
            if (!intentVectors.isEmpty()) {
                vectors.put(intent, List.copyOf(intentVectors));
            }
        });
        DoccatModel model = vectors.size() >= 2 ? trainMaxent(language, samples, settings) : null;
        return new LanguageModel(settings, ngrams, vectors, model);
    }

    private static DoccatModel trainMaxent(String language, List<DocumentSample> samples, NlpSettings settings) {
        var params = new TrainingParameters();
        params.put(TrainingParameters.ALGORITHM_PARAM, GISTrainer.MAXENT_VALUE);
        params.put(TrainingParameters.ITERATIONS_PARAM, settings.iterations());
        params.put(TrainingParameters.CUTOFF_PARAM, 1);
        // One thread and an in-memory indexer: deterministic, and no temporary files.
        params.put(TrainingParameters.THREADS_PARAM, 1);
        params.put(AbstractEventTrainer.DATA_INDEXER_PARAM, AbstractEventTrainer.DATA_INDEXER_ONE_PASS_VALUE);
        var factory = new DoccatFactory(featureGenerators(settings));
        try {
            return DocumentCategorizerME.train(
                    language, ObjectStreamUtils.createObjectStream(samples), params, factory);
        } catch (IOException e) {
            // The samples are in memory: OpenNLP's signature declares IOException, nothing here can raise it.
            throw new UncheckedIOException("cannot train the NLP model for language '" + language + "'", e);
        }
    }

    static FeatureGenerator[] featureGenerators(NlpSettings settings) {
        try {
            return new FeatureGenerator[] {
                new BagOfWordsFeatureGenerator(),
                new NGramFeatureGenerator(2, 2),
                new CharNgramFeatureGenerator(settings.minCharNgram(), settings.maxCharNgram()),
            };
        } catch (opennlp.tools.util.InvalidFormatException e) {
            throw new IllegalStateException("word bigram feature generator rejected fixed arguments 2..2", e);
        }
    }

    List<String> intents() {
        return List.copyOf(examples.keySet());
    }

    Interpretation interpret(String[] tokens) {
        if (examples.isEmpty() || tokens.length == 0) {
            return Interpretation.misunderstood(List.of());
        }
        Map<String, Double> input = ngrams.vector(tokens);
        if (model == null) {
            // One intent: nothing for maxent to choose between, so the similarity alone decides.
            String intent = examples.keySet().iterator().next();
            double similarity = similarity(input, intent);
            var ranking = List.of(new IntentScore(intent, similarity));
            return similarity >= settings.minSimilarity()
                    ? Interpretation.of(intent, similarity, ranking)
                    : Interpretation.misunderstood(ranking);
        }
        // DocumentCategorizerME is not thread-safe, its model is: one cheap categorizer per call.
        var categorizer = new DocumentCategorizerME(model);
        double[] probabilities = categorizer.categorize(tokens);
        var ranking = new ArrayList<IntentScore>(probabilities.length);
        for (int i = 0; i < probabilities.length; i++) {
            ranking.add(new IntentScore(categorizer.getCategory(i), probabilities[i]));
        }
        ranking.sort(BEST_FIRST);
        IntentScore best = ranking.get(0);
        if (best.score() >= settings.confidenceThreshold()
                && similarity(input, best.intent()) >= settings.minSimilarity()) {
            return Interpretation.of(best.intent(), best.score(), ranking);
        }
        return Interpretation.misunderstood(ranking);
    }

    /** The best cosine similarity between the input and one of the intent's examples. */
    private double similarity(Map<String, Double> input, String intent) {
        double best = 0;
        for (var example : examples.get(intent)) {
            best = Math.max(best, CharNgrams.cosine(input, example));
        }
        return best;
    }
}

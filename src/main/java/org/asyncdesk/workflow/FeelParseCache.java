package org.asyncdesk.workflow;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import camundajar.impl.scala.util.Either;
import camundajar.impl.scala.util.Left;
import camundajar.impl.scala.util.Right;
import org.camunda.bpm.dmn.engine.DmnEngineConfiguration;
import org.camunda.bpm.dmn.engine.impl.DefaultDmnEngineConfiguration;
import org.camunda.bpm.dmn.feel.impl.FeelEngine;
import org.camunda.bpm.dmn.feel.impl.FeelEngineFactory;
import org.camunda.bpm.dmn.feel.impl.scala.ContextVariableWrapper;
import org.camunda.bpm.dmn.feel.impl.scala.ScalaFeelEngine;
import org.camunda.bpm.dmn.feel.impl.scala.function.FeelCustomFunctionProvider;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.variable.context.VariableContext;
import org.camunda.feel.context.CustomContext;
import org.camunda.feel.context.VariableProvider;
import org.camunda.feel.syntaxtree.ParsedExpression;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;

/**
 * The decisions ({@code sla-policy.dmn}, {@code routing.dmn}) keep Camunda's FEEL engine
 * (feel-scala), but each expression is parsed once instead of on every evaluation.
 * Camunda's {@link ScalaFeelEngine} hands the text to feel-scala's {@code evalExpression}
 * / {@code evalUnaryTests}, which parse it every time and then evaluate the parsed
 * expression; parsing was most of the decisions' cost, and the decisions were about a
 * third of the job executor's CPU when many conversations start (issue 11,
 * {@code bench/IntakeRateBenchmark}). Here the parsed expression of each text is kept and
 * evaluated with the same context Camunda builds, so results, errors and the FEEL dialect
 * stay exactly those of the stock engine. Modelers see no difference.
 * <p>
 * The cache holds at most {@link #MAX_ENTRIES} texts (every cell of every deployed table,
 * old versions included); beyond that it starts afresh rather than grow without bound.
 * Texts that fail to parse are not kept: the stock engine's error is raised each time.
 * {@code asyncdesk.decisions.parse-cache=false} switches it off (the stock engine, e.g.
 * to compare).
 */
@Component
@ConditionalOnProperty(name = "asyncdesk.decisions.parse-cache", havingValue = "true", matchIfMissing = true)
class FeelParseCache extends AbstractProcessEnginePlugin {

    static final int MAX_ENTRIES = 10_000;

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (configuration.isDmnFeelEnableLegacyBehavior()) {
            return;
        }
        DefaultDmnEngineConfiguration dmn = configuration.getDmnEngineConfiguration() != null
                ? configuration.getDmnEngineConfiguration()
                : (DefaultDmnEngineConfiguration) DmnEngineConfiguration.createDefaultDmnEngineConfiguration();
        if (dmn.getFeelEngineFactory() == null) {
            List<FeelCustomFunctionProvider> functions = configuration.getDmnFeelCustomFunctionProviders();
            dmn.setFeelEngineFactory(new Factory(functions));
            configuration.setDmnEngineConfiguration(dmn);
        }
    }

    record Factory(List<FeelCustomFunctionProvider> functions) implements FeelEngineFactory {
        @Override
        public FeelEngine createInstance() {
            return new Engine(functions == null ? List.of() : functions);
        }
    }

    /**
     * {@link ScalaFeelEngine} with the parse step cached; the evaluation contexts are
     * built as it builds them.
     */
    static final class Engine extends ScalaFeelEngine {

        private static final String INPUT_VARIABLE = "inputVariableName";

        private final Map<String, ParsedExpression> expressions = new ConcurrentHashMap<>();

        private final Map<String, ParsedExpression> unaryTests = new ConcurrentHashMap<>();

        private final Map<String, Simple> simple = new ConcurrentHashMap<>();

        Engine(List<FeelCustomFunctionProvider> functions) {
            super(functions);
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T evaluateSimpleExpression(String expression, VariableContext variableContext) {
            Simple simple = simple(expression);
            if (simple.literal() != null) {
                return (T) simple.literal();
            }
            if (simple.name() != null && variableContext.containsVariable(simple.name())
                    && variableContext.resolve(simple.name()).getValue() instanceof String text) {
                return (T) text;
            }
            ParsedExpression parsed = parsed(expressions, expression, feelEngine::parseExpression);
            if (parsed == null) {
                return super.evaluateSimpleExpression(expression, variableContext);
            }
            CustomContext context = new CustomContext() {
                @Override
                public VariableProvider variableProvider() {
                    return new ContextVariableWrapper(variableContext);
                }
            };
            return (T) result(feelEngine.eval(parsed, context));
        }

        @Override
        public boolean evaluateSimpleUnaryTests(String expression, String inputVariable,
                VariableContext variableContext) {
            Simple simple = simple(expression);
            if (simple.anyOf() != null && variableContext.containsVariable(inputVariable)
                    && variableContext.resolve(inputVariable).getValue() instanceof String input) {
                return simple.anyOf().contains(input);
            }
            ParsedExpression parsed = parsed(unaryTests, expression, feelEngine::parseUnaryTests);
            if (parsed == null) {
                return super.evaluateSimpleUnaryTests(expression, inputVariable, variableContext);
            }
            VariableProvider.StaticVariableProvider input = new VariableProvider.StaticVariableProvider(
                    new camundajar.impl.scala.collection.immutable.Map.Map1<>(INPUT_VARIABLE, inputVariable));
            ContextVariableWrapper variables = new ContextVariableWrapper(variableContext);
            CustomContext context = new CustomContext() {
                @Override
                public VariableProvider variableProvider() {
                    return new VariableProvider.CompositeVariableProvider(toScalaList(input, variables));
                }
            };
            return camundajar.impl.scala.runtime.BoxesRunTime.unboxToBoolean(result(feelEngine.eval(parsed, context)));
        }

        private Simple simple(String text) {
            Simple known = simple.get(text);
            if (known == null) {
                if (simple.size() >= MAX_ENTRIES) {
                    simple.clear();
                }
                known = Simple.of(text);
                simple.put(text, known);
            }
            return known;
        }

        /**
         * The parsed expression, or null when the text does not parse (the stock path
         * then reports the error).
         */
        private static ParsedExpression parsed(Map<String, ParsedExpression> cache, String text,
                Function<String, Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression>> parse) {
            ParsedExpression known = cache.get(text);
            if (known != null) {
                return known;
            }
            Either<org.camunda.feel.FeelEngine.Failure, ParsedExpression> p = parse.apply(text);
            if (!(p instanceof Right<?, ?> right)) {
                return null;
            }
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            ParsedExpression value = (ParsedExpression) right.value();
            cache.put(text, value);
            return value;
        }

        private static Object result(Either<org.camunda.feel.FeelEngine.Failure, Object> r) {
            if (r instanceof Right<?, ?> right) {
                return right.value();
            }
            String message = ((org.camunda.feel.FeelEngine.Failure) ((Left<?, ?>) r).value()).message();
            throw LOGGER.evaluationException(message);
        }

    }

    /**
     * The few shapes of a cell that need no FEEL machinery, evaluated directly with
     * FEEL's meaning: a string literal without escapes ({@code "tier2"}: that text), a
     * list of such literals as unary tests ({@code "whatsapp","sms"}: the input text
     * equals one of them; one literal: equals it) and a plain name as an expression
     * ({@code language}: that variable). Only for text values: a name whose variable is
     * missing or holds anything but a String, an input that is not a String, and every
     * other cell go to feel-scala.
     */
    record Simple(String literal, String name, Set<String> anyOf) {

        private static final Pattern LITERAL = Pattern.compile("\\s*\"([^\"\\\\]*)\"\\s*");

        private static final Pattern LITERALS = Pattern.compile("\\s*\"[^\"\\\\]*\"(\\s*,\\s*\"[^\"\\\\]*\")*\\s*");

        private static final Pattern NAME = Pattern.compile("\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*");

        /** FEEL words that are no variable names. */
        private static final Set<String> KEYWORDS = Set.of("true", "false", "null", "not", "and", "or", "between", "in",
                "instance", "of", "if", "then", "else", "for", "some", "every", "satisfies", "return", "function",
                "external", "date", "time", "duration");

        static Simple of(String text) {
            Matcher literal = LITERAL.matcher(text);
            String value = literal.matches() ? literal.group(1) : null;
            Set<String> anyOf = null;
            if (LITERALS.matcher(text).matches()) {
                Set<String> values = new HashSet<>();
                Matcher each = Pattern.compile("\"([^\"\\\\]*)\"").matcher(text);
                while (each.find()) {
                    values.add(each.group(1));
                }
                anyOf = Set.copyOf(values);
            }
            Matcher name = NAME.matcher(text);
            String variable = name.matches() && !KEYWORDS.contains(name.group(1)) ? name.group(1) : null;
            return new Simple(value, variable, anyOf);
        }
    }

}

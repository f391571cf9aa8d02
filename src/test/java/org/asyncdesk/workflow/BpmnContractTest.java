package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.asyncdesk.conversation.ProcessVocabulary;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNested;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.support.SimpleBeanDefinitionRegistry;
import org.springframework.context.annotation.AnnotationBeanNameGenerator;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Component;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;

/**
 * The process owners' contract, checked on the files they edit: every expression in
 * {@code bpmn/*.bpmn} and {@code *.dmn} names only beans and members that Java provides
 * (a Spring bean of that name with that method or property; a delegate bean implements a
 * delegate interface) and the vocabulary lists, and only variables that
 * {@code docs/modeling.md} documents and that Java ({@link ProcessVocabulary}) or a model
 * itself writes. Every name of the vocabulary is documented. A diagram change that names
 * something new fails here until Java and the guide provide it.
 */
class BpmnContractTest {

    private static final Builder PARSER = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private static final Pattern RESULT_VARIABLE = Pattern
        .compile("(?:camunda:resultVariable|camunda:variable)=\"([^\"]+)\"");

    private static final Pattern PARAMETER = Pattern.compile(
            "<camunda:(?:outputParameter|inputParameter)\\s+name=\"([^\"]+)\"|<camunda:(?:in|out)\\b[^>]*\\btarget=\"([^\"]+)\"");

    private static final Pattern DMN_OUTPUT = Pattern.compile("<output\\b[^>]*\\bname=\"([^\"]+)\"");

    private static final Pattern FORM_KEY = Pattern.compile("\"key\"\\s*:\\s*\"([^\"]+)\"");

    /** What Camunda Connect's HTTP connector gives its output parameters to read. */
    private static final Set<String> CONNECTOR_RESPONSE = Set.of("statusCode", "response", "headers");

    /**
     * A bean of the vocabulary as Java provides it: its class from component scanning.
     */
    private static final Map<String, Class<?>> COMPONENTS = components();

    /** The names Java sets or reads: the constants of {@link ProcessVocabulary}. */
    private static final Set<String> JAVA_NAMES = javaNames();

    /**
     * The variables the shipped models write themselves (result and output variables,
     * decision outputs, forms).
     */
    private static final Set<String> WRITTEN_BY_MODELS = writtenByModels();

    @Test
    void everyNameJavaSharesWithTheDiagramsIsDocumented() throws IOException {
        String guide = Files.readString(Path.of("docs/modeling.md"));
        assertThat(JAVA_NAMES).hasSizeGreaterThan(40);
        assertThat(JAVA_NAMES.stream().filter(name -> !guide.contains("`" + name + "`")).toList())
            .as("ProcessVocabulary names missing from docs/modeling.md")
            .isEmpty();
    }

    @Test
    void theModelsWriteTheVariablesTheyDeclare() {
        // the reading of the models works: a few that the shipped diagrams, decisions and
        // forms are known to write
        assertThat(WRITTEN_BY_MODELS).contains("replyText", "outcome", "callOutcome");
    }

    @Test
    void everyVocabularyBeanIsASpringBeanWithItsDocumentedMembers() {
        for (var bean : BpmnVocabulary.BEANS.entrySet()) {
            Class<?> type = COMPONENTS.get(bean.getKey());
            assertThat(type).as("a Spring bean named %s", bean.getKey()).isNotNull();
            if (bean.getValue().isEmpty()) {
                assertThat(JavaDelegate.class.isAssignableFrom(type) || TaskListener.class.isAssignableFrom(type)
                        || ExecutionListener.class.isAssignableFrom(type))
                    .as("%s (%s), a delegate-only bean, implements a delegate interface", bean.getKey(), type.getName())
                    .isTrue();
            }
            for (String member : bean.getValue()) {
                assertThat(provides(type, member))
                    .as("%s.%s: a public method or property of %s", bean.getKey(), member, type.getName())
                    .isTrue();
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> everyExpressionNamesOnlyWhatJavaProvidesAndTheGuideDocuments() throws IOException {
        String guide = Files.readString(Path.of("docs/modeling.md"));
        List<Path> models;
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            models = files.filter(f -> f.toString().endsWith(".bpmn") || f.toString().endsWith(".dmn"))
                .sorted()
                .toList();
        }
        assertThat(models).isNotEmpty();
        return models.stream().map(model -> DynamicTest.dynamicTest(model.getFileName().toString(), () -> {
            Names names = new Names();
            Element root = parse(model);
            if (model.toString().endsWith(".dmn")) {
                dmn(root, names);
            }
            else {
                bpmn(root, names);
            }
            List<String> problems = new ArrayList<>();
            for (String variable : names.variables) {
                if (!guide.contains("`" + variable + "`")) {
                    problems.add("variable " + variable + " is not documented in docs/modeling.md");
                }
                if (!JAVA_NAMES.contains(variable) && !WRITTEN_BY_MODELS.contains(variable)
                        && !CONNECTOR_RESPONSE.contains(variable)) {
                    problems.add("variable " + variable + " is neither set by Java (ProcessVocabulary) nor written by"
                            + " a diagram, decision or form");
                }
            }
            for (String call : names.members) {
                String bean = call.substring(0, call.indexOf('.'));
                String member = call.substring(call.indexOf('.') + 1);
                if (!BpmnVocabulary.BEANS.get(bean).contains(member)) {
                    problems.add(call + " is not in the vocabulary (BpmnVocabulary, docs/modeling.md)");
                }
                else if (!provides(COMPONENTS.get(bean), member)) {
                    problems.add(call + " is not provided by " + COMPONENTS.get(bean).getName());
                }
            }
            for (String bean : names.beans) {
                if (!guide.contains("`" + bean) && !guide.contains("${" + bean)) {
                    problems.add("bean " + bean + " is not documented in docs/modeling.md");
                }
            }
            assertThat(problems).as(model + " names " + names).isEmpty();
            // the reading itself works: a diagram calls beans, a decision reads variables
            assertThat(model.toString().endsWith(".dmn") ? names.variables : names.beans).as("what " + model + " names")
                .isNotEmpty();
        }));
    }

    /** What a diagram's expressions name. */
    static final class Names {

        final Set<String> beans = new TreeSet<>();

        final Set<String> members = new TreeSet<>();

        final Set<String> variables = new TreeSet<>();

        void expression(String text) {
            walk(PARSER.build(text).getRoot());
        }

        void name(String name) {
            if (BpmnVocabulary.isBean(name)) {
                beans.add(name);
            }
            else if (!BpmnVocabulary.CONTEXT.containsKey(name) && !BpmnVocabulary.DECISION_RESULT.equals(name)) {
                variables.add(name);
            }
        }

        private void walk(Node n) {
            if (n instanceof AstIdentifier id) {
                name(id.getName());
                return;
            }
            if (n instanceof AstMethod || n instanceof AstDot) {
                Node property = n instanceof AstMethod ? n.getChild(0) : n;
                Node base = property.getChild(0);
                while (base instanceof AstNested) {
                    base = base.getChild(0);
                }
                if (property instanceof AstDot dot && base instanceof AstIdentifier id
                        && BpmnVocabulary.isBean(id.getName())) {
                    members.add(id.getName() + "." + dot.toString().replaceFirst("^\\.\\s*", ""));
                }
            }
            for (int i = 0; i < n.getCardinality(); i++) {
                walk(n.getChild(i));
            }
        }

        @Override
        public String toString() {
            return "beans " + beans + ", members " + members + ", variables " + variables;
        }

    }

    private static void bpmn(Element e, Names names) {
        String ns = String.valueOf(e.getNamespaceURI());
        if (ns.contains("DI") || ns.endsWith("/DC") || Set.of("documentation", "text").contains(e.getLocalName())) {
            return;
        }
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            expressionsIn(((Attr) attributes.item(i)).getValue(), names);
        }
        for (org.w3c.dom.Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                bpmn(child, names);
            }
            else if (c.getNodeType() == org.w3c.dom.Node.TEXT_NODE
                    || c.getNodeType() == org.w3c.dom.Node.CDATA_SECTION_NODE) {
                expressionsIn(c.getNodeValue().strip(), names);
            }
        }
    }

    private static void expressionsIn(String value, Names names) {
        if (value.contains("${") || value.contains("#{")) {
            names.expression(value);
        }
    }

    /**
     * DMN: what the input expressions read (a plain name in FEEL, or JUEL); the rules'
     * entries are values.
     */
    private static void dmn(Element e, Names names) {
        if ("inputExpression".equals(e.getLocalName())) {
            String text = e.getTextContent().strip();
            if (NAME.matcher(text).matches()) {
                names.name(text);
            }
            else if (text.contains("${")) {
                names.expression(text);
            }
            else {
                names.expression("${" + text + "}"); // JUEL without delimiters, as the
                                                     // DMN engine accepts it
            }
        }
        for (org.w3c.dom.Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                dmn(child, names);
            }
        }
    }

    private static Element parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(file.toFile()).getDocumentElement();
    }

    private static boolean provides(Class<?> type, String member) {
        String capital = Character.toUpperCase(member.charAt(0)) + member.substring(1);
        Set<String> accepted = Set.of(member, "get" + capital, "is" + capital);
        return Arrays.stream(type.getMethods())
            .filter(m -> Modifier.isPublic(m.getModifiers()))
            .map(Method::getName)
            .anyMatch(accepted::contains);
    }

    private static Set<String> javaNames() {
        Set<String> found = new TreeSet<>();
        for (Field f : ProcessVocabulary.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class) {
                try {
                    found.add((String) f.get(null));
                }
                catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return found;
    }

    private static Set<String> writtenByModels() {
        Set<String> found = new TreeSet<>();
        for (String folder : List.of("bpmn", "forms")) {
            try (Stream<Path> files = Files.list(Path.of(folder))) {
                for (Path f : files.toList()) {
                    String text = Files.readString(f);
                    for (Pattern p : List.of(RESULT_VARIABLE, PARAMETER, DMN_OUTPUT, FORM_KEY)) {
                        var m = p.matcher(text);
                        while (m.find()) {
                            found.add(m.group(1) != null ? m.group(1) : m.group(2));
                        }
                    }
                }
            }
            catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

    private static Map<String, Class<?>> components() {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Component.class));
        var names = new AnnotationBeanNameGenerator();
        var registry = new SimpleBeanDefinitionRegistry();
        Map<String, Class<?>> found = new HashMap<>();
        for (BeanDefinition definition : scanner.findCandidateComponents("org.asyncdesk")) {
            try {
                found.put(names.generateBeanName(definition, registry), Class.forName(definition.getBeanClassName()));
            }
            catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            }
        }
        return found;
    }

}

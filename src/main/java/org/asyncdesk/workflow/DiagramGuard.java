package org.asyncdesk.workflow;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * What a deployed BPMN, CMMN or DMN file may contain (docs/modeling.md, "What a diagram
 * may contain"): expressions inside the {@link BpmnVocabulary}, no scripts unless
 * {@code asyncdesk.deployment.allow-scripts}, no Java classes other than
 * {@code asyncdesk.deployment.allowed-classes}. Rather than list the places an expression
 * may stand (and miss the next one), every attribute and text of the file except
 * documentation and diagram layout is looked at: whatever holds {@code ${…}} or
 * {@code #{…}} is checked.
 */
final class DiagramGuard {

    /** A refused part of a file: the element it belongs to, what it says, and why not. */
    record Violation(String elementId, String expression, String reason) {

        String message() {
            return (expression == null ? "" : "'" + expression + "': ") + reason;
        }
    }

    private static final String ACTIVITI = "http://activiti.org/bpmn";

    private static final String CAMUNDA_DMN = "http://camunda.org/schema/1.0/dmn";

    private static final Set<String> NOT_EVALUATED = Set.of("documentation", "textAnnotation", "text", "description");

    private static final Set<String> CLASS_ATTRIBUTES = Set.of("class", "variableMappingClass", "delegateClass");

    /**
     * Parts of an element that are named after it in a message rather than by their own
     * generated id.
     */
    private static final Pattern PART = Pattern.compile(".*(EventDefinition|Expression|Condition|Characteristics|"
            + "Cardinality|timeDate|timeDuration|timeCycle|extensionElements)$");

    private static final Pattern FEEL_CODE = Pattern.compile("\\b(function|external)\\b");

    private final ExpressionCheck expressions;

    private final boolean allowScripts;

    private final Set<String> allowedClasses;

    DiagramGuard(Predicate<String> foreignBean, boolean allowScripts, Set<String> allowedClasses) {
        this.expressions = new ExpressionCheck(foreignBean);
        this.allowScripts = allowScripts;
        this.allowedClasses = Set.copyOf(allowedClasses);
    }

    static boolean isModel(String resourceName) {
        String n = resourceName.toLowerCase(Locale.ROOT);
        return n.endsWith(".bpmn") || n.endsWith(".bpmn20.xml") || n.endsWith(".dmn") || n.endsWith(".dmn11.xml")
                || n.endsWith(".cmmn") || n.endsWith(".cmmn11.xml") || n.endsWith(".cmmn10.xml");
    }

    /**
     * What the file may not contain; empty when it may be deployed (or is no model: the
     * engine judges the rest).
     */
    List<Violation> check(String resourceName, byte[] content) {
        if (!isModel(resourceName)) {
            return List.of();
        }
        Element root;
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(content)).getDocumentElement();
        }
        catch (Exception e) {
            return List.of(); // not well-formed: the engine's parser reports it with line
                              // and column
        }
        List<Violation> found = new ArrayList<>();
        if (resourceName.toLowerCase(Locale.ROOT).contains(".dmn")) {
            walkDmn(root, root.getAttribute("expressionLanguage"), found);
        }
        else {
            walk(root, found);
        }
        return found;
    }

    private void walk(Element e, List<Violation> found) {
        String ns = String.valueOf(e.getNamespaceURI());
        String local = e.getLocalName();
        if (ns.contains("/DI") || ns.endsWith("/DC") || ns.contains("BPMNDI")
                || NOT_EVALUATED.contains(local) && !ns.startsWith("http://camunda.org")) {
            return; // layout and documentation are never evaluated
        }
        if (!allowScripts) {
            if ("scriptTask".equals(local)) {
                found.add(new Violation(id(e), null,
                        "a script task runs code; scripts are switched off " + "(asyncdesk.deployment.allow-scripts)"));
            }
            else if ("script".equals(local) && isExtension(ns)) {
                found.add(new Violation(id(e), null, "a script (camunda:script) runs code; scripts are switched off "
                        + "(asyncdesk.deployment.allow-scripts)"));
            }
            else if (e.hasAttribute("language") && !"juel".equalsIgnoreCase(e.getAttribute("language"))) {
                found.add(new Violation(id(e), null, "a " + e.getAttribute("language") + " script condition runs "
                        + "code; scripts are switched off (asyncdesk.deployment.allow-scripts)"));
            }
        }
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            String name = a.getLocalName() == null ? a.getName() : a.getLocalName();
            boolean camunda = isExtension(a.getNamespaceURI()) || isExtension(ns);
            if (camunda && CLASS_ATTRIBUTES.contains(name) && !allowedClasses.contains(a.getValue().strip())) {
                found.add(new Violation(id(e), a.getValue(),
                        "a Java class is not part of the vocabulary; use a "
                                + "documented bean as delegate expression (asyncdesk.deployment.allowed-classes lists "
                                + "the classes an operator allows)"));
            }
            expression(e, a.getValue(), found);
        }
        StringBuilder text = new StringBuilder();
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c.getNodeType() == Node.TEXT_NODE || c.getNodeType() == Node.CDATA_SECTION_NODE) {
                text.append(c.getNodeValue());
            }
        }
        expression(e, text.toString().strip(), found);
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                walk(child, found);
            }
        }
    }

    /**
     * Camunda's extension attributes and elements; the engine still reads the old
     * activiti namespace as well.
     */
    private static boolean isExtension(String ns) {
        return ns != null && (ns.startsWith("http://camunda.org/schema") || ns.equals(ACTIVITI));
    }

    private void expression(Element e, String value, List<Violation> found) {
        if (value.contains("${") || value.contains("#{")) {
            expressions.problem(value).ifPresent(reason -> found.add(new Violation(id(e), value, reason)));
        }
    }

    /**
     * DMN: input expressions, input and output entries and literal expressions, in their
     * expression language.
     */
    private void walkDmn(Element e, String globalLanguage, List<Violation> found) {
        String local = e.getLocalName();
        if (Set.of("inputExpression", "inputEntry", "outputEntry", "literalExpression").contains(local)) {
            String language = e.getAttribute("expressionLanguage");
            if (language.isBlank()) {
                language = globalLanguage;
            }
            String text = "";
            for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
                if (c instanceof Element t && "text".equals(t.getLocalName())) {
                    text = t.getTextContent().strip();
                }
            }
            dmnExpression(e, language.strip().toLowerCase(Locale.ROOT), text, found);
        }
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr a = (Attr) attributes.item(i);
            if (CAMUNDA_DMN.equals(a.getNamespaceURI()) && CLASS_ATTRIBUTES.contains(a.getLocalName())) {
                found.add(new Violation(id(e), a.getValue(), "a Java class is not part of the vocabulary"));
            }
        }
        for (Node c = e.getFirstChild(); c != null; c = c.getNextSibling()) {
            if (c instanceof Element child) {
                walkDmn(child, globalLanguage, found);
            }
        }
    }

    private void dmnExpression(Element e, String language, String text, List<Violation> found) {
        if (text.isEmpty()) {
            return;
        }
        if (language.isEmpty() || language.contains("feel")) {
            // FEEL has no method calls; what reaches Java is a function definition
            // ("function(x) external {java: …}")
            if (FEEL_CODE.matcher(text.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")).find()) {
                found.add(new Violation(id(e), text, "defines a FEEL function; external (Java) functions and "
                        + "function definitions are not allowed"));
            }
        }
        else if ("juel".equals(language)) {
            expressions.problem(text).ifPresent(reason -> found.add(new Violation(id(e), text, reason)));
        }
        else if (!allowScripts) {
            found.add(new Violation(id(e), text, "a " + language + " expression is a script; scripts are switched "
                    + "off (asyncdesk.deployment.allow-scripts)"));
        }
    }

    /**
     * The id a modeler sees for this part: the nearest element with an id that is not an
     * unnamed part of another.
     */
    private static String id(Element e) {
        String fallback = null;
        for (Node n = e; n instanceof Element el; n = n.getParentNode()) {
            if (!el.getAttribute("id").isBlank()) {
                if (fallback == null) {
                    fallback = el.getAttribute("id");
                }
                if (!PART.matcher(el.getLocalName()).matches() && !isExtension(el.getNamespaceURI())) {
                    return el.getAttribute("id");
                }
            }
        }
        return fallback;
    }

}

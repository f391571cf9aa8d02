package org.asyncdesk.workflow;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import org.camunda.bpm.impl.juel.AstBinary;
import org.camunda.bpm.impl.juel.AstBoolean;
import org.camunda.bpm.impl.juel.AstBracket;
import org.camunda.bpm.impl.juel.AstChoice;
import org.camunda.bpm.impl.juel.AstComposite;
import org.camunda.bpm.impl.juel.AstDot;
import org.camunda.bpm.impl.juel.AstEval;
import org.camunda.bpm.impl.juel.AstFunction;
import org.camunda.bpm.impl.juel.AstIdentifier;
import org.camunda.bpm.impl.juel.AstMethod;
import org.camunda.bpm.impl.juel.AstNested;
import org.camunda.bpm.impl.juel.AstNull;
import org.camunda.bpm.impl.juel.AstNumber;
import org.camunda.bpm.impl.juel.AstParameters;
import org.camunda.bpm.impl.juel.AstString;
import org.camunda.bpm.impl.juel.AstText;
import org.camunda.bpm.impl.juel.AstUnary;
import org.camunda.bpm.impl.juel.Builder;
import org.camunda.bpm.impl.juel.Node;
import org.camunda.bpm.impl.juel.TreeBuilderException;

/**
 * Decides whether a JUEL expression stays inside the {@link BpmnVocabulary}. Parses it
 * with the JUEL tree builder the engine uses and walks the tree, so spacing, brackets or
 * nesting cannot hide a call: allowed are literals, operators, variable names and their
 * properties, the documented beans and their documented members, the context objects'
 * read-only members, {@code decisionResult} and the engine's date and user functions.
 * Nothing else can call a method.
 */
final class ExpressionCheck {

    private static final Builder PARSER = new Builder(Builder.Feature.METHOD_INVOCATIONS, Builder.Feature.VARARGS);

    /**
     * Names that are Spring beans (or other engine-resolved objects) outside the
     * vocabulary: never as a variable.
     */
    private final Predicate<String> foreignBean;

    ExpressionCheck(Predicate<String> foreignBean) {
        this.foreignBean = foreignBean;
    }

    /** Why the expression is not allowed, or empty when it is. */
    Optional<String> problem(String expression) {
        Node root;
        try {
            root = PARSER.build(expression).getRoot();
        }
        catch (TreeBuilderException e) {
            return Optional
                .of("not a valid expression (" + e.getMessage().replaceAll("^Error parsing '.*?': ", "") + ")");
        }
        List<String> problems = new ArrayList<>();
        walk(root, problems);
        return problems.isEmpty() ? Optional.empty() : Optional.of(problems.get(0));
    }

    private void walk(Node n, List<String> problems) {
        if (n instanceof AstText || n instanceof AstString || n instanceof AstNumber || n instanceof AstBoolean
                || n instanceof AstNull) {
            return;
        }
        if (n instanceof AstComposite || n instanceof AstEval || n instanceof AstNested || n instanceof AstBinary
                || n instanceof AstUnary || n instanceof AstChoice || n instanceof AstParameters) {
            children(n, problems);
            return;
        }
        if (n instanceof AstIdentifier id) {
            identifier(id.getName()).ifPresent(problems::add);
            return;
        }
        if (n instanceof AstFunction f) {
            if (!BpmnVocabulary.FUNCTIONS.contains(f.getName())) {
                problems.add("function " + f.getName() + "() is not one of " + sorted(BpmnVocabulary.FUNCTIONS));
            }
            children(n, problems);
            return;
        }
        if (n instanceof AstMethod || n instanceof AstDot || n instanceof AstBracket) {
            member(n, problems);
            return;
        }
        problems.add("uses an expression construct that is not supported (" + n.getClass().getSimpleName() + ")");
    }

    private void children(Node n, List<String> problems) {
        for (int i = 0; i < n.getCardinality(); i++) {
            walk(n.getChild(i), problems);
        }
    }

    private Optional<String> identifier(String name) {
        if (foreignBean.test(name) && !BpmnVocabulary.isBean(name)) {
            return Optional.of("bean " + name + " is not part of the vocabulary (docs/modeling.md)");
        }
        return Optional.empty();
    }

    /** A chain such as {@code a.b(x).c}: its root decides which members may follow. */
    private void member(Node n, List<String> problems) {
        List<String> chain = new ArrayList<>(); // members from the outside in
        List<Boolean> calls = new ArrayList<>();
        Node at = n;
        while (true) {
            if (at instanceof AstMethod m) {
                walk(m.getChild(1), problems); // the arguments
                at = m.getChild(0);
                if (!name(at, chain, problems)) {
                    return;
                }
                calls.add(true);
                at = at.getChild(0);
            }
            else if (at instanceof AstDot || at instanceof AstBracket) {
                if (!name(at, chain, problems)) {
                    return;
                }
                calls.add(false);
                at = at.getChild(0);
            }
            else if (at instanceof AstNested) {
                at = at.getChild(0);
            }
            else {
                break;
            }
        }
        Collections.reverse(chain);
        Collections.reverse(calls);
        for (String m : chain) {
            if (BpmnVocabulary.NEVER.contains(m)) {
                problems.add(m + " is never allowed");
                return;
            }
        }
        String first = chain.get(0) + (calls.get(0) ? "()" : "");
        if (at instanceof AstIdentifier id) {
            String root = id.getName();
            if (BpmnVocabulary.isBean(root)) {
                Set<String> allowed = BpmnVocabulary.BEANS.get(root);
                if (!allowed.contains(chain.get(0))) {
                    problems.add(root + "." + first + " is not documented" + (allowed.isEmpty()
                            ? ": " + root + " is used as a delegate only" : "; use " + sorted(allowed)));
                }
                else if (chain.size() > 1) {
                    problems.add("the result of " + root + "." + first + " may not be used further");
                }
            }
            else if (BpmnVocabulary.CONTEXT.containsKey(root)) {
                Set<String> allowed = BpmnVocabulary.CONTEXT.get(root);
                if (!allowed.contains(chain.get(0))) {
                    problems.add(root + "." + first + " is not allowed; on " + root + " only " + sorted(allowed));
                }
                else if (chain.size() > 1) {
                    problems.add("the result of " + root + "." + first + " may not be used further");
                }
            }
            else if (BpmnVocabulary.DECISION_RESULT.equals(root)) {
                // its methods are listed; properties of its entries
                // (…resultList[0].calendar) are plain map keys
                for (int i = 0; i < chain.size(); i++) {
                    if ((i == 0 || calls.get(i)) && !BpmnVocabulary.DECISION_RESULT_MEMBERS.contains(chain.get(i))) {
                        problems.add("decisionResult." + chain.get(i) + " is not allowed; only "
                                + sorted(BpmnVocabulary.DECISION_RESULT_MEMBERS));
                        break;
                    }
                }
            }
            else {
                identifier(root).ifPresent(problems::add);
                if (calls.contains(true)) {
                    problems.add("calls a method on variable " + root + "; methods may be called on the documented "
                            + "beans only");
                }
            }
        }
        else if (at instanceof AstFunction f && "dateTime".equals(f.getName())) {
            walk(f, problems);
            chain.stream()
                .filter(m -> !BpmnVocabulary.DATE_TIME_MEMBERS.contains(m))
                .findFirst()
                .ifPresent(m -> problems
                    .add("dateTime()." + m + " is not allowed; only " + sorted(BpmnVocabulary.DATE_TIME_MEMBERS)));
        }
        else {
            // literals ('x'.getClass()), other functions, operator results: no members at
            // all
            walk(at, problems);
            problems.add("uses ." + first + " on something that is not a variable or a documented bean");
        }
    }

    /**
     * Adds the member name of a dot or bracket; a computed name ({@code x[y]}) cannot be
     * checked and is refused.
     */
    private static boolean name(Node property, List<String> chain, List<String> problems) {
        if (property instanceof AstDot dot) {
            chain.add(dot.toString().replaceFirst("^\\.\\s*", ""));
            return true;
        }
        if (property instanceof AstBracket && property.getChild(1) instanceof AstString s) {
            chain.add(String.valueOf(s.eval(null, null)));
            return true;
        }
        if (property instanceof AstBracket && property.getChild(1) instanceof AstNumber number) {
            chain.add("[" + number.eval(null, null) + "]"); // an index, never a member
                                                            // name
            return true;
        }
        problems.add("uses a computed property name ([…]); write the name or index literally");
        return false;
    }

    private static String sorted(Set<String> names) {
        return String.join(", ", names.stream().sorted().toList());
    }

}

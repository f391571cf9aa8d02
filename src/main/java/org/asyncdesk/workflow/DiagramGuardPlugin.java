package org.asyncdesk.workflow;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.Problem;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.deploy.Deployer;
import org.camunda.bpm.engine.spring.SpringExpressionManager;
import org.springframework.context.ApplicationContext;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Process owners change the flow, not the code. Every deployment (the bpmn/ folder, the
 * Modeler through the engine REST API, any other client) passes {@link DiagramGuard}
 * before the engine parses it: a refused file fails the whole deployment with a
 * {@link ParseException} naming element and expression (REST: 400). Deployments made
 * before this check are not judged again when the engine reloads them. As a second line,
 * expressions resolve only the vocabulary beans at run time: the Spring Boot starter
 * otherwise hands every Spring bean (identityService, dataSource …) to every expression
 * and script.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE) // before the Spin plugin adds its functions to the
                                   // expression manager we replace
class DiagramGuardPlugin extends AbstractProcessEnginePlugin {

    private final ApplicationContext context;

    private final DiagramGuardProperties properties;

    DiagramGuardPlugin(ApplicationContext context, DiagramGuardProperties properties) {
        this.context = context;
        this.properties = properties;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        DiagramGuard guard = new DiagramGuard(name -> context.containsBean(name), properties.allowScripts(),
                Set.copyOf(properties.allowedClasses()));
        List<Deployer> pre = new ArrayList<>();
        pre.add(deployment -> {
            if (!deployment.isNew() || deployment.getResources() == null) {
                return;
            }
            for (var resource : deployment.getResources().values()) {
                List<DiagramGuard.Violation> violations = guard.check(resource.getName(), resource.getBytes());
                if (!violations.isEmpty()) {
                    throw refused(resource.getName(), violations);
                }
            }
        });
        if (configuration.getCustomPreDeployers() != null) {
            pre.addAll(configuration.getCustomPreDeployers());
        }
        configuration.setCustomPreDeployers(pre);

        Map<Object, Object> beans = new VocabularyBeans(context);
        configuration.setBeans(beans); // scripts' bean resolution
        configuration.setExpressionManager(new SpringExpressionManager(context, beans));
    }

    static ParseException refused(String resource, List<DiagramGuard.Violation> violations) {
        List<Problem> problems = violations.stream()
            .<Problem>map(v -> new Refusal(v.message(), v.elementId()))
            .toList();
        String message = resource
                + " contains what a diagram may not (docs/modeling.md, \"What a diagram may contain\"): "
                + violations.stream()
                    .map(v -> v.message() + " (element " + v.elementId() + ")")
                    .collect(Collectors.joining("; "));
        return new ParseException(message, resource, problems, List.of());
    }

    private record Refusal(String message, String elementId) implements Problem {

        @Override
        public String getMessage() {
            return message;
        }

        @Override
        public int getLine() {
            return 0;
        }

        @Override
        public int getColumn() {
            return 0;
        }

        @Override
        public String getMainElementId() {
            return elementId;
        }

        @Override
        public List<String> getElementIds() {
            return elementId == null ? List.of() : List.of(elementId);
        }
    }

    /**
     * The Spring beans an expression may resolve: the vocabulary's, looked up when used
     * (they need the engine).
     */
    private static final class VocabularyBeans extends AbstractMap<Object, Object> {

        private final ApplicationContext context;

        VocabularyBeans(ApplicationContext context) {
            this.context = context;
        }

        @Override
        public boolean containsKey(Object key) {
            return key instanceof String name && BpmnVocabulary.isBean(name) && context.containsBean(name);
        }

        @Override
        public Object get(Object key) {
            return containsKey(key) ? context.getBean((String) key) : null;
        }

        @Override
        public Set<Entry<Object, Object>> entrySet() {
            Set<Entry<Object, Object>> entries = new LinkedHashSet<>();
            BpmnVocabulary.beans()
                .stream()
                .sorted()
                .filter(this::containsKey)
                .forEach(name -> entries.add(new SimpleImmutableEntry<>(name, context.getBean(name))));
            return entries;
        }

    }

}

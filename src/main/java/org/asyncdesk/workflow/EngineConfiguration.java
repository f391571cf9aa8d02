package org.asyncdesk.workflow;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.impl.cfg.CompositeProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;
import org.camunda.bpm.engine.spring.SpringProcessEngineConfiguration;
import org.camunda.bpm.spring.boot.starter.util.CamundaSpringBootUtil;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The process engine's configuration: the Spring Boot starter's own (its
 * {@code processEngineConfigurationImpl} bean, which steps back when one is defined),
 * with the MyBatis mapping of {@link AuthorizationQueries} when
 * {@code asyncdesk.tasklist.rewrite-authorization-checks} is on. The engine lets a
 * configuration supply its MyBatis configuration
 * ({@code getMyBatisXmlConfigurationSteam}); the rewritten mapper files are served to
 * MyBatis from memory while the engine builds its session factory, so no copy of the
 * engine's files is shipped.
 */
@Configuration(proxyBeanMethods = false)
class EngineConfiguration {

    @Bean
    ProcessEngineConfigurationImpl processEngineConfigurationImpl(List<ProcessEnginePlugin> plugins,
            TasklistProperties tasklist) {
        SpringProcessEngineConfiguration configuration = CamundaSpringBootUtil
            .initCustomFields(tasklist.rewriteAuthorizationChecks() ? new RewrittenQueries()
                    : new SpringProcessEngineConfiguration());
        configuration.getProcessEnginePlugins().add(new CompositeProcessEnginePlugin(plugins));
        return configuration;
    }

    /**
     * The starter's configuration class with the engine's mappings.xml pointing at the
     * rewritten mappers.
     */
    static class RewrittenQueries extends SpringProcessEngineConfiguration {

        @Override
        protected InputStream getMyBatisXmlConfigurationSteam() {
            String mappings = AuthorizationQueries
                .mappings(AuthorizationQueries.engineResource(DEFAULT_MYBATIS_MAPPING_FILE));
            return new ByteArrayInputStream(mappings.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        protected void initSqlSessionFactory() {
            // MyBatis loads <mapper resource="…"> through the thread's context class
            // loader (among others)
            Thread thread = Thread.currentThread();
            ClassLoader before = thread.getContextClassLoader();
            ClassLoader parent = before != null ? before : EngineConfiguration.class.getClassLoader();
            thread.setContextClassLoader(new InMemoryMappers(parent, AuthorizationQueries.rewrittenMappers()));
            try {
                super.initSqlSessionFactory();
            }
            finally {
                thread.setContextClassLoader(before);
            }
        }

    }

    /**
     * Serves the rewritten mapper files by name; everything else comes from the parent.
     */
    static final class InMemoryMappers extends ClassLoader {

        private final Map<String, byte[]> mappers;

        InMemoryMappers(ClassLoader parent, Map<String, byte[]> mappers) {
            super(parent);
            this.mappers = mappers;
        }

        @Override
        public InputStream getResourceAsStream(String name) {
            byte[] mapper = mappers.get(name);
            return mapper != null ? new ByteArrayInputStream(mapper) : super.getResourceAsStream(name);
        }

    }

}

package org.asyncdesk.workflow;

import org.asyncdesk.load.WebhookPriority;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * The engine's job executor threads (Camunda's {@code camundaTaskExecutor}) take a
 * {@link WebhookPriority} permit before each batch of jobs while webhooks are being
 * acknowledged, so jobs back off in favour of the acknowledgements. The urgent executor
 * ({@link UrgentJobExecutor}) has threads of its own and is not held back.
 */
@Component
class JobsYieldToWebhooks implements BeanPostProcessor {

    private final ObjectProvider<WebhookPriority> priority;

    JobsYieldToWebhooks(ObjectProvider<WebhookPriority> priority) {
        this.priority = priority;
    }

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if ("camundaTaskExecutor".equals(beanName) && bean instanceof ThreadPoolTaskExecutor executor) {
            // before initialize(), which builds the pool with the decorator
            executor.setTaskDecorator(job -> () -> priority.getObject().background(job));
        }
        return bean;
    }

}

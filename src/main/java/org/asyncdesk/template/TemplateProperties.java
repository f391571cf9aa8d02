package org.asyncdesk.template;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code asyncdesk.templates}.
 *
 * @param path folder whose files override the built-in message templates (same file names
 * as under {@code src/main/resources/templates/}); a missing folder simply means "use the
 * built-in ones"
 */
@ConfigurationProperties("asyncdesk.templates")
public record TemplateProperties(@DefaultValue("templates") String path) {

    public Path folder() {
        return Path.of(path).toAbsolutePath().normalize();
    }
}

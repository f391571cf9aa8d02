package org.asyncdesk.channel.webchat;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** Serves the customer chat page at {@code /chat}. */
@Configuration
class WebchatPage implements WebMvcConfigurer {

    @Override
    public void addViewControllers(ViewControllerRegistry registry) {
        registry.addViewController("/chat").setViewName("forward:/chat/index.html");
        registry.addViewController("/chat/").setViewName("forward:/chat/index.html");
    }

}

package io.askflow.core.chain;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The chain catalog, loaded and validated at start-up: a faulty chain file stops the application. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ChainProperties.class)
public class ChainsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ChainsConfiguration.class);

    @Bean
    ChainCatalog chainCatalog(ChainProperties properties) {
        ChainCatalog catalog = ChainCatalog.load(properties.directories());
        for (ChainDefinition chain : catalog.all()) {
            log.info("chain {} version {}: {} step(s)", chain.name(), chain.version(), chain.steps().size());
        }
        return catalog;
    }
}

package org.asyncdesk.workflow;

import org.camunda.bpm.engine.impl.cfg.ProcessEnginePlugin;

/**
 * For benchmarks outside the package: the FEEL parse cache as a plugin of another engine.
 */
public final class FeelParseCacheAccess {

    private FeelParseCacheAccess() {
    }

    public static ProcessEnginePlugin plugin() {
        return new FeelParseCache();
    }

}

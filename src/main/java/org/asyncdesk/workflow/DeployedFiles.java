package org.asyncdesk.workflow;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The content hash of every file the deployer put live, so that "changed" means "differs
 * from what we deployed", whatever the clock said when either deployment was made.
 */
@Repository
public class DeployedFiles {

    private final JdbcClient jdbc;

    private final TransactionTemplate transaction;

    DeployedFiles(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Runs {@code work} in one transaction holding the deployment lock; the engine's
     * deployment joins it, so the recorded hashes and the new deployment commit together
     * or not at all.
     */
    <T> T exclusively(Supplier<T> work) {
        return transaction.execute(status -> {
            jdbc.sql("select id from deployment_lock where id = 1 for update").query(Integer.class).optional();
            return work.get();
        });
    }

    Map<String, String> hashes() {
        Map<String, String> hashes = new HashMap<>();
        jdbc.sql("select resource_name, content_sha256 from deployed_file")
            .query((RowCallbackHandler) rs -> hashes.put(rs.getString(1), rs.getString(2)));
        return hashes;
    }

    void record(String resourceName, String sha256, String deploymentId) {
        int updated = jdbc.sql("update deployed_file set content_sha256 = ?, deployment_id = ? where resource_name = ?")
            .params(sha256, deploymentId, resourceName)
            .update();
        if (updated == 0) {
            jdbc.sql("insert into deployed_file (resource_name, content_sha256, deployment_id) values (?, ?, ?)")
                .params(resourceName, sha256, deploymentId)
                .update();
        }
    }

}

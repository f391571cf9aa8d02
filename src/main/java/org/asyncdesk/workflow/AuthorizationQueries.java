package org.asyncdesk.workflow;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The authorization checks of three engine queries, rewritten so that their cost grows
 * with the rows read, not with rows times authorization rows (issue 11;
 * docs/tasklist-scale.md). The engine joins the authorization rows a user may use with
 * {@code AUTH.RESOURCE_ID_ in (RES.ID_, D.KEY_, '*')}: a join on an IN list of columns
 * can neither be hashed nor probed by index, so PostgreSQL compares every task with every
 * task authorization of the user's groups (one per task,
 * {@code default-user-permission-name-for-task}), quadratic in the open tasks.
 * <ul>
 * <li>Task query (Tasklist's filters and counts, {@code /task}, {@code /task/count}): the
 * task's own grants are joined by {@code RESOURCE_ID_ = RES.ID_}, a plain equality the
 * database hashes (counts) or probes by index (a page in due order); grants on the task's
 * definition key and {@code '*'} grants are sub-queries that run once per query. The same
 * user, group, type and permission conditions as the engine's; each grant counts for its
 * own resource (a task grant for the task id, a definition grant for the key), where the
 * engine's IN list would also have matched a task grant whose resource id happens to
 * equal a definition key.</li>
 * <li>Variable instance query (the variables a filter shows in each task of the list):
 * the outer rows are few (the page's tasks), so the join becomes a correlated
 * {@code EXISTS} answered by index look-ups on RESOURCE_ID_.</li>
 * <li>The groups holding any authorization, which the engine asks once per command
 * ({@code selectAuthorizedGroupIds}, a distinct over the whole table): a walk from group
 * to group on the GROUP_ID_ index.</li>
 * </ul>
 * With {@code authorization-check-revokes} on, the engine uses its other (CASE) form,
 * which is left as it is. The engine's mapping files are read from its jar and changed in
 * memory at start-up; if their text is not what this expects (another engine version),
 * start-up stops with a message rather than run unchecked queries.
 */
final class AuthorizationQueries {

    static final String TASK_MAPPER = "org/camunda/bpm/engine/impl/mapping/entity/Task.xml";
    static final String VARIABLE_MAPPER = "org/camunda/bpm/engine/impl/mapping/entity/VariableInstance.xml";
    static final String AUTHORIZATION_MAPPER = "org/camunda/bpm/engine/impl/mapping/entity/Authorization.xml";

    /**
     * Where the rewritten mappers are served from (an in-memory resource, see
     * AsyncdeskEngineConfiguration).
     */
    static final String PREFIX = "asyncdesk/engine-mapping/";

    private static final String AUTH_JOIN = "<include refid=\"org.camunda.bpm.engine.impl.persistence.entity."
            + "AuthorizationEntity.authCheckJoinWithoutOnClause\" />";

    /**
     * The rows granted to the user, one of their groups or everyone (alias A); TYPE_ 0
     * global, 1 grant.
     */
    private static final String GRANTEES = """
            A.TYPE_ IN (0, 1)
            AND ( A.USER_ID_ IN ( #{authCheck.authUserId, jdbcType=VARCHAR}, '*')
            <if test="authCheck.authGroupIds != null &amp;&amp; authCheck.authGroupIds.size > 0">
              OR A.GROUP_ID_ IN <foreach item="item" index="index" collection="authCheck.authGroupIds" open="(" separator="," close=")">#{item}</foreach>
            </if>
            )
            """;

    /** Resource type and permission of the task query's check number %d (alias A). */
    private static final String CHECK = """
            (A.RESOURCE_TYPE_ = #{authCheck.permissionChecks.atomicChecks[%1$d].resourceType, jdbcType=INTEGER}
             AND ${bitand1}A.PERMS_${bitand2}#{authCheck.permissionChecks.atomicChecks[%1$d].perms, jdbcType=INTEGER}${bitand3}
                 = #{authCheck.permissionChecks.atomicChecks[%1$d].perms, jdbcType=INTEGER})
            """;

    private static final Pattern TASK_JOIN = Pattern.compile(Pattern.quote(AUTH_JOIN)
            + "\\s*AUTH ON \\(AUTH\\.RESOURCE_ID_ \\$\\{authJoinStart} RES\\.ID_ \\$\\{authJoinSeparator} D\\.KEY_ "
            + "\\$\\{authJoinSeparator} '\\*' \\$\\{authJoinEnd}\\)");

    /**
     * For the task query's own check (READ on the task, or READ_TASK on its definition;
     * disjunctive): the task's grants joined by its id (a base table: hashed for counts,
     * probed by index for a page in due order), the definition's grants and {@code '*'}
     * grants as sub-queries that run once. The dummy row keeps the alias AUTH that the
     * engine's WHERE fragment tests. Any other shape of check keeps the engine's join.
     */
    private static final String TASK_REWRITE = """
            <choose>
            <when test="authCheck.permissionChecks.disjunctive
                &amp;&amp; (authCheck.permissionChecks.compositeChecks == null || authCheck.permissionChecks.compositeChecks.isEmpty())
                &amp;&amp; authCheck.permissionChecks.atomicChecks.size == 2
                &amp;&amp; authCheck.permissionChecks.atomicChecks[0].resourceIdQueryParam == 'RES.ID_'
                &amp;&amp; authCheck.permissionChecks.atomicChecks[1].resourceIdQueryParam == 'D.KEY_'">
              left join ${prefix}ACT_RU_AUTHORIZATION AUTH_T ON (AUTH_T.RESOURCE_ID_ = RES.ID_ AND %1$s AND %2$s)
              <choose>
                <when test="authCheck.useLeftJoin != null &amp;&amp; authCheck.useLeftJoin == true">left join</when>
                <otherwise>inner join</otherwise>
              </choose>
              (SELECT 1 AS RESOURCE_ID_ ${dbSpecificDummyTable}) AUTH ON (
                AUTH_T.ID_ IS NOT NULL
                OR D.KEY_ IN (SELECT A.RESOURCE_ID_ FROM ${prefix}ACT_RU_AUTHORIZATION A WHERE %3$s AND %4$s)
                OR EXISTS (SELECT A.ID_ FROM ${prefix}ACT_RU_AUTHORIZATION A WHERE %3$s AND A.RESOURCE_ID_ = '*'
                           AND (%5$s OR %4$s))
              )
            </when>
            <otherwise>
              %6$s
            </otherwise>
            </choose>
            """;

    private static final Pattern VARIABLE_JOIN = Pattern.compile(Pattern.quote(AUTH_JOIN)
            + "\\s*AUTH ON \\(AUTH\\.RESOURCE_ID_ \\$\\{authJoinStart}\\s*RES\\.PROC_INST_ID_\\s*"
            + "\\$\\{authJoinSeparator} PROC_EXECUTION\\.ID_\\s*\\$\\{authJoinSeparator} PROCDEF\\.KEY_\\s*"
            + "\\$\\{authJoinSeparator} RES\\.TASK_ID_\\s*\\$\\{authJoinSeparator} '\\*'\\s*\\$\\{authJoinEnd}\\s*\\)");

    /**
     * The page's variables are few: a correlated EXISTS, answered by index look-ups on
     * RESOURCE_ID_.
     */
    private static final String VARIABLE_REWRITE = """
            <bind name="atomicChecks" value="authCheck.permissionChecks.atomicChecks" />
            <bind name="disjunctive" value="authCheck.permissionChecks.disjunctive" />
            <choose>
              <when test="authCheck.useLeftJoin != null &amp;&amp; authCheck.useLeftJoin == true">left join</when>
              <otherwise>inner join</otherwise>
            </choose>
            (SELECT 1 AS RESOURCE_ID_ ${dbSpecificDummyTable}) AUTH ON EXISTS (
              SELECT A.ID_ FROM ${prefix}ACT_RU_AUTHORIZATION A WHERE %s
              <include refid="org.camunda.bpm.engine.impl.persistence.entity.AuthorizationEntity.atomicChecksOnResourceTypeAndPerms"/>
              AND A.RESOURCE_ID_ IN (RES.PROC_INST_ID_, PROC_EXECUTION.ID_, PROCDEF.KEY_, RES.TASK_ID_, '*')
            )
            """
        .formatted(GRANTEES);

    private static final Pattern GROUP_IDS = Pattern
        .compile("SELECT distinct\\(A\\.GROUP_ID_\\) FROM \\$\\{prefix}ACT_RU_AUTHORIZATION A");

    /**
     * The groups that hold any authorization, asked once per command: a distinct over the
     * whole table (a row per task and group) becomes a walk from one group to the next on
     * the GROUP_ID_ index.
     */
    private static final String GROUP_IDS_REWRITE = """
            WITH RECURSIVE G (GROUP_ID_) AS (
              SELECT MIN(A.GROUP_ID_) FROM ${prefix}ACT_RU_AUTHORIZATION A
              UNION ALL
              SELECT (SELECT MIN(A.GROUP_ID_) FROM ${prefix}ACT_RU_AUTHORIZATION A WHERE A.GROUP_ID_ &gt; G.GROUP_ID_)
              FROM G WHERE G.GROUP_ID_ IS NOT NULL
            )
            SELECT G.GROUP_ID_ FROM G WHERE G.GROUP_ID_ IS NOT NULL
            """;

    private AuthorizationQueries() {
    }

    /** The rewritten mappers by the resource name they are served under. */
    static Map<String, byte[]> rewrittenMappers() {
        Map<String, byte[]> mappers = new LinkedHashMap<>();
        String task = engineResource(TASK_MAPPER);
        Matcher join = TASK_JOIN.matcher(task);
        if (!join.find()) {
            throw notAsExpected(TASK_MAPPER);
        }
        String grantees = GRANTEES;
        String taskRewrite = TASK_REWRITE.formatted(grantees.replace("A.", "AUTH_T."),
                CHECK.formatted(0).replace("A.", "AUTH_T."), grantees, CHECK.formatted(1), CHECK.formatted(0),
                join.group());
        mappers.put(PREFIX + name(TASK_MAPPER), bytes(rewrite(TASK_MAPPER, task, TASK_JOIN, taskRewrite)));
        mappers.put(PREFIX + name(VARIABLE_MAPPER),
                bytes(rewrite(VARIABLE_MAPPER, engineResource(VARIABLE_MAPPER), VARIABLE_JOIN, VARIABLE_REWRITE)));
        mappers.put(PREFIX + name(AUTHORIZATION_MAPPER), bytes(
                rewrite(AUTHORIZATION_MAPPER, engineResource(AUTHORIZATION_MAPPER), GROUP_IDS, GROUP_IDS_REWRITE)));
        return mappers;
    }

    private static String name(String mapper) {
        return mapper.substring(mapper.lastIndexOf('/') + 1);
    }

    /** The engine's mappings.xml with the rewritten mappers in place of its own. */
    static String mappings(String engineMappings) {
        String result = engineMappings;
        for (String mapper : new String[] { TASK_MAPPER, VARIABLE_MAPPER, AUTHORIZATION_MAPPER }) {
            String name = name(mapper);
            String quoted = "\"" + mapper + "\"";
            if (!result.contains(quoted)) {
                throw new IllegalStateException("the engine's mappings.xml does not load " + mapper
                        + "; asyncdesk.tasklist.rewrite-authorization-checks cannot apply (set it to false)");
            }
            result = result.replace(quoted, "\"" + PREFIX + name + "\"");
        }
        return result;
    }

    static String rewrite(String name, String mapper, Pattern engineJoin, String replacement) {
        Matcher m = engineJoin.matcher(mapper);
        if (!m.find()) {
            throw notAsExpected(name);
        }
        String result = mapper.substring(0, m.start()) + replacement + mapper.substring(m.end());
        if (engineJoin.matcher(mapper.substring(m.end())).find()) {
            throw new IllegalStateException("the engine's " + name + " holds the rewritten SQL more than once");
        }
        return result;
    }

    private static IllegalStateException notAsExpected(String name) {
        return new IllegalStateException("the authorization SQL in the engine's " + name + " is not the one "
                + "Asyncdesk rewrites (another engine version?); set asyncdesk.tasklist.rewrite-authorization-checks "
                + "to false to run the engine's own queries");
    }

    static String engineResource(String name) {
        try (InputStream in = AuthorizationQueries.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the engine's " + name + " is not on the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

}

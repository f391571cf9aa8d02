package org.asyncdesk.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.asyncdesk.DeploymentProperties;
import org.asyncdesk.sla.SlaPolicy;
import org.asyncdesk.support.ProcessTest;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.el.JuelExpressionManager;
import org.camunda.bpm.engine.variable.Variables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * Issue 10, High 2: a process owner deployed a diagram whose expression made him admin.
 * Every deployment now passes the vocabulary check of docs/modeling.md ("What a diagram
 * may contain"), in the engine, whoever deploys; and expressions resolve only the
 * vocabulary beans at run time.
 */
@ProcessTest
@ExtendWith(OutputCaptureExtension.class)
class DiagramGuardTest {

    static final String GRANT_ADMIN = "${execution.getProcessEngineServices().getIdentityService().createMembership('otto','camunda-admin')}";

    @Autowired
    RepositoryService repository;

    @Autowired
    ManagementService management;

    @Autowired
    IdentityService identity;

    @Autowired
    ProcessEngineConfiguration configuration;

    @Autowired
    DeployedFiles deployedFiles;

    @TempDir
    Path folder;

    /**
     * The attack of the issue: a timer starts the process, its service task grants otto
     * the admin group.
     */
    static String attack(String key) {
        return process(key, """
                <bpmn:startEvent id="start"><bpmn:timerEventDefinition id="Timer_soon">
                  <bpmn:timeCycle xsi:type="bpmn:tFormalExpression">R1/PT1S</bpmn:timeCycle>
                </bpmn:timerEventDefinition></bpmn:startEvent>
                <bpmn:serviceTask id="GrantAdmin" camunda:expression="%s" />
                <bpmn:endEvent id="end" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="GrantAdmin" />
                <bpmn:sequenceFlow id="f2" sourceRef="GrantAdmin" targetRef="end" />
                """.formatted(GRANT_ADMIN));
    }

    static String process(String key, String body) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
                                  xmlns:camunda="http://camunda.org/schema/1.0/bpmn"
                                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
                                  id="defs" targetNamespace="http://asyncdesk.org/test">
                  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
                    %s
                  </bpmn:process>
                </bpmn:definitions>
                """.formatted(key, body);
    }

    /** start -> (the element "Step") -> end. */
    static String step(String key, String element) {
        return process(key, """
                <bpmn:startEvent id="start" />
                %s
                <bpmn:endEvent id="end" />
                <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="Step" />
                <bpmn:sequenceFlow id="f2" sourceRef="Step" targetRef="end" />
                """.formatted(element));
    }

    static String service(String expression) {
        return "<bpmn:serviceTask id=\"Step\" camunda:expression=\"" + expression + "\" />";
    }

    static String timer(String kind, String expression) {
        return """
                <bpmn:intermediateCatchEvent id="Step"><bpmn:timerEventDefinition id="Timer_1">
                  <bpmn:%s xsi:type="bpmn:tFormalExpression">%s</bpmn:%s>
                </bpmn:timerEventDefinition></bpmn:intermediateCatchEvent>""".formatted(kind, expression, kind);
    }

    static String decision(String key, String inputLanguage, String input, String output) {
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="defs" name="Test"
                             namespace="http://camunda.org/schema/1.0/dmn">
                  <decision id="%s" name="Guard test">
                    <decisionTable id="table" hitPolicy="FIRST">
                      <input id="in"><inputExpression id="inExpr" typeRef="string" %s><text>%s</text></inputExpression></input>
                      <output id="out" name="candidateGroup" typeRef="string" />
                      <rule id="rule"><inputEntry id="when"><text>"de"</text></inputEntry><outputEntry id="Then"><text>%s</text></outputEntry></rule>
                    </decisionTable>
                  </decision>
                </definitions>
                """
            .formatted(key, inputLanguage.isEmpty() ? "" : "expressionLanguage=\"" + inputLanguage + "\"", input,
                    output);
    }

    static Stream<Arguments> forbidden() {
        return Stream.of(
                Arguments.of("engine services from execution", service(GRANT_ADMIN), "Step",
                        "getProcessEngineServices"),
                Arguments.of("the engine from execution in a timer",
                        timer("timeDuration", "${execution.getProcessEngine().getIdentityService()}"), "Step",
                        "getProcessEngine"),
                Arguments.of("class access from a literal", service("${''.getClass().forName('java.lang.Runtime')}"),
                        "Step", "getClass"),
                Arguments.of("class as a property", service("${execution.class.classLoader}"), "Step", "class"),
                Arguments.of("class in brackets", service("${customerId['class']}"), "Step", "class"),
                Arguments.of("computed property name", service("${customerId[outcome]}"), "Step", "computed"),
                Arguments.of("a method on a variable", service("${customerId.toString()}"), "Step", "customerId"),
                Arguments.of("a Spring bean outside the list",
                        service("${identityService.createMembership('otto','camunda-admin')}"), "Step",
                        "identityService"),
                Arguments.of("a bean outside the list as delegate",
                        "<bpmn:serviceTask id=\"Step\" camunda:delegateExpression=\"${conversationService}\" />",
                        "Step", "conversationService"),
                Arguments.of("an undocumented method of a vocabulary bean",
                        service("${slaPolicy.deadlines(null, null, null)}"), "Step", "deadlines"),
                Arguments.of("a delegate bean called like a method", service("${replySender.execute(execution)}"),
                        "Step", "replySender"),
                Arguments.of("a function outside the list", service("${S(response).mapTo('java.lang.Runtime')}"),
                        "Step", "S()"),
                Arguments.of("a script task",
                        """
                                <bpmn:scriptTask id="Step" scriptFormat="javascript"><bpmn:script>java.lang.System.exit(1)</bpmn:script></bpmn:scriptTask>""",
                        "Step", "script task"),
                Arguments.of("a script execution listener", """
                        <bpmn:task id="Step"><bpmn:extensionElements><camunda:executionListener event="start">
                          <camunda:script scriptFormat="groovy">println 'x'</camunda:script>
                        </camunda:executionListener></bpmn:extensionElements></bpmn:task>""", "Step", "camunda:script"),
                Arguments.of("a script input mapping",
                        """
                                <bpmn:task id="Step"><bpmn:extensionElements><camunda:inputOutput><camunda:inputParameter name="x">
                                  <camunda:script scriptFormat="javascript">1</camunda:script>
                                </camunda:inputParameter></camunda:inputOutput></bpmn:extensionElements></bpmn:task>""",
                        "Step", "script"),
                Arguments.of("a Java delegate class",
                        "<bpmn:serviceTask id=\"Step\" camunda:class=\"org.asyncdesk.workflow.ReplySender\" />", "Step",
                        "org.asyncdesk.workflow.ReplySender"),
                Arguments.of("a Java class in the old activiti namespace the engine still reads",
                        "<bpmn:serviceTask xmlns:activiti=\"http://activiti.org/bpmn\" id=\"Step\" "
                                + "activiti:class=\"com.example.Evil\" />",
                        "Step", "com.example.Evil"),
                Arguments.of("a task listener class", """
                        <bpmn:userTask id="Step"><bpmn:extensionElements>
                          <camunda:taskListener class="com.example.Evil" event="create" />
                        </bpmn:extensionElements></bpmn:userTask>""", "Step", "com.example.Evil"),
                Arguments.of("a task listener expression", """
                        <bpmn:userTask id="Step"><bpmn:extensionElements>
                          <camunda:taskListener expression="${task.getProcessEngineServices()}" event="create" />
                        </bpmn:extensionElements></bpmn:userTask>""", "Step", "getProcessEngineServices"),
                Arguments.of("candidate users",
                        "<bpmn:userTask id=\"Step\" camunda:candidateUsers=\""
                                + "${execution.getProcessEngineServices().getIdentityService()}\" />",
                        "Step", "getProcessEngineServices"),
                Arguments.of("a due date",
                        "<bpmn:userTask id=\"Step\" camunda:dueDate=\"${task.execution.processEngine}\" />", "Step",
                        "processEngine"),
                Arguments.of("an input mapping",
                        """
                                <bpmn:task id="Step"><bpmn:extensionElements><camunda:inputOutput>
                                  <camunda:inputParameter name="x">${execution.getProcessEngineServices()}</camunda:inputParameter>
                                </camunda:inputOutput></bpmn:extensionElements></bpmn:task>""",
                        "Step", "getProcessEngineServices"),
                Arguments.of("a connector input",
                        """
                                <bpmn:serviceTask id="Step"><bpmn:extensionElements><camunda:connector><camunda:inputOutput>
                                  <camunda:inputParameter name="url">${execution.getProcessEngine().getName()}</camunda:inputParameter>
                                </camunda:inputOutput><camunda:connectorId>http-connector</camunda:connectorId></camunda:connector>
                                </bpmn:extensionElements></bpmn:serviceTask>""",
                        "Step", "getProcessEngine"),
                Arguments.of("a multi-instance collection",
                        """
                                <bpmn:task id="Step"><bpmn:multiInstanceLoopCharacteristics id="Loop_1"
                                    camunda:collection="${execution.getProcessEngineServices().getIdentityService().createUserQuery().list()}" camunda:elementVariable="u" />
                                </bpmn:task>""",
                        "Step", "getProcessEngineServices"),
                Arguments.of("a called element",
                        "<bpmn:callActivity id=\"Step\" calledElement=\"${execution.getProcessEngine().getName()}\" />",
                        "Step", "getProcessEngine"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("forbidden")
    void aDiagramReachingBeyondTheVocabularyIsRefusedNamingElementAndExpression(String what, String element,
            String elementId, String named) {
        String key = key();
        ParseException refused = catchThrowableOfType(ParseException.class,
                () -> repository.createDeployment().addString(key + ".bpmn", step(key, element)).deploy());

        assertThat(refused).as(what).isNotNull();
        var problem = refused.getResorceReports().get(0).getErrors().get(0);
        assertThat(problem.getMainElementId()).isEqualTo(elementId);
        assertThat(problem.getMessage()).contains(named);
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).isZero();
    }

    static Stream<Arguments> allowed() {
        return Stream.of(
                Arguments.of("a documented bean method", service("${slaPolicy.breach(execution, 'response')}")),
                Arguments.of("a documented bean as delegate",
                        "<bpmn:serviceTask id=\"Step\" camunda:delegateExpression=\"${replySender}\" />"),
                Arguments.of("a documented bean property", service("${conversationPolicy.silenceTimeout}")),
                Arguments.of("variable comparisons",
                        """
                                <bpmn:exclusiveGateway id="Step" default="f2" />
                                <bpmn:sequenceFlow id="f3" sourceRef="Step" targetRef="end">
                                  <bpmn:conditionExpression xsi:type="bpmn:tFormalExpression">${outcome == 'reply' &amp;&amp; !empty replyText || callOutcome != "resolved" &amp;&amp; priority > 2}</bpmn:conditionExpression>
                                </bpmn:sequenceFlow>"""),
                Arguments.of("execution's variables",
                        service("${execution.getVariable('outcome') == 'reply' ? execution.processBusinessKey : ''}")),
                Arguments.of("a decision result",
                        """
                                <bpmn:task id="Step"><bpmn:extensionElements><camunda:inputOutput>
                                  <camunda:outputParameter name="x">${decisionResult.getSingleResult().get('firstResponse')}</camunda:outputParameter>
                                  <camunda:outputParameter name="y">${decisionResult.resultList[0].calendar}</camunda:outputParameter>
                                </camunda:inputOutput></bpmn:extensionElements></bpmn:task>"""),
                Arguments.of("string literals and a date variable",
                        """
                                <bpmn:userTask id="Step" camunda:candidateGroups="agents, ${candidateGroup}" camunda:dueDate="${respondDue}"
                                    camunda:priority="50" camunda:formKey="camunda-forms:deployment:forms/respond.form">
                                  <bpmn:documentation>Calls ${execution.getProcessEngineServices()}? No: documentation is never evaluated.</bpmn:documentation>
                                </bpmn:userTask>"""),
                Arguments.of("now() in a timer", timer("timeDate", "${now()}")),
                Arguments.of("dateTime() arithmetic in a timer",
                        timer("timeDate", "${dateTime().plusDays(2).toDate()}")),
                Arguments.of("a literal duration", timer("timeDuration", "PT5M")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("allowed")
    void aDiagramWithinTheVocabularyDeploys(String what, String element) {
        String key = key();
        repository.createDeployment().addString(key + ".bpmn", step(key, element)).deploy();
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count()).as(what).isEqualTo(1);
    }

    @Test
    void decisionsMayNotDefineJavaFunctionsOrScriptsButFeelAndVocabularyJuelDeploy() {
        String feelJava = "function(x) external {java: {class: \"java.lang.System\", method signature: \"exit(int)\"}}";
        for (String[] row : new String[][] { { "", "language", feelJava, "Then", "external" },
                { "juel", "${identityService.createMembership('otto','camunda-admin')}", "\"tier2\"", "in",
                        "identityService" },
                { "javascript", "java.lang.System.exit(1)", "\"tier2\"", "in", "javascript" } }) {
            String key = key();
            ParseException refused = catchThrowableOfType(ParseException.class,
                    () -> repository.createDeployment()
                        .addString(key + ".dmn", decision(key, row[0], row[1], row[2]))
                        .deploy());
            assertThat(refused).as(row[1] + " / " + row[2]).isNotNull();
            assertThat(refused.getResorceReports().get(0).getErrors().get(0).getMainElementId()).isEqualTo(row[3]);
            assertThat(refused.getMessage()).contains(row[4]);
        }
        String key = key();
        repository.createDeployment()
            .addString(key + ".dmn", decision(key, "", "language", "\"a function of the external team\""))
            .deploy();
        String juel = key();
        repository.createDeployment()
            .addString(juel + ".dmn", decision(juel, "juel", "${language}", "\"agents\""))
            .deploy();
        assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(key).count()).isEqualTo(1);
        assertThat(repository.createDecisionDefinitionQuery().decisionDefinitionKey(juel).count()).isEqualTo(1);
    }

    @Test
    void anOperatorMayAllowScriptsAndNamedDelegateClasses() {
        var widened = new DiagramGuard(name -> false, true, Set.of("com.example.Allowed"));
        String scriptAndClass = step(key(), """
                <bpmn:scriptTask id="Step" scriptFormat="javascript"><bpmn:script>1</bpmn:script></bpmn:scriptTask>
                <bpmn:serviceTask id="Other" camunda:class="com.example.Allowed" />""");
        assertThat(widened.check("x.bpmn", scriptAndClass.getBytes(java.nio.charset.StandardCharsets.UTF_8))).isEmpty();

        String other = step(key(), "<bpmn:serviceTask id=\"Step\" camunda:class=\"com.example.Other\" />");
        assertThat(widened.check("x.bpmn", other.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
            .extracting(DiagramGuard.Violation::elementId)
            .containsExactly("Step");
    }

    @Test
    void theShippedDiagramsAndDecisionsDeploy() throws Exception {
        List<Path> shipped;
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            shipped = files.filter(f -> f.toString().endsWith(".bpmn") || f.toString().endsWith(".dmn"))
                .sorted()
                .toList();
        }
        assertThat(shipped).hasSizeGreaterThanOrEqualTo(3);
        String suffix = key();
        var builder = repository.createDeployment();
        for (Path file : shipped) {
            // the same content under other keys: a new deployment (so it is checked), no
            // effect on the real ones
            builder.addString(file.getFileName().toString(),
                    Files.readString(file)
                        .replaceAll("(<(?:bpmn:process|decision) id=\")([^\"]+)\"", "$1$2-" + suffix + "\"")
                        // message start events must be unique across processes
                        .replaceAll("name=\"(CustomerMessage|CustomerFollowUp)\"", "name=\"$1-" + suffix + "\""));
        }
        var deployment = builder.deployWithResult();
        assertThat(deployment.getDeployedProcessDefinitions()).extracting("key")
            .containsExactly("conversation-" + suffix);
        assertThat(deployment.getDeployedDecisionDefinitions()).extracting("key")
            .containsExactlyInAnyOrder("routing-" + suffix, "sla-policy-" + suffix, "automation-policy-" + suffix);
    }

    @Test
    void theDeployerRejectsTheAttackFromTheFolderNamingElementAndExpression(CapturedOutput output) throws Exception {
        String key = key();
        Files.createDirectories(folder.resolve("bpmn"));
        Path file = folder.resolve("bpmn/flow.bpmn");
        Files.writeString(file, FileSystemDeploymentTest.process(key, "Harmless"));
        FileSystemDeployer deployer = new FileSystemDeployer(repository, deployedFiles,
                DeploymentProperties.unwatched(folder.toString()));
        assertThat(deployer.deploy().versions()).containsExactly("process " + key + " v1 (bpmn/flow.bpmn)");

        Files.writeString(file, attack(key));
        var result = deployer.deploy();

        assertThat(result.versions()).isEmpty();
        assertThat(result.rejected()).containsOnlyKeys("bpmn/flow.bpmn");
        String line = output.getOut()
            .lines()
            .filter(l -> l.contains("rejected bpmn/flow.bpmn"))
            .findFirst()
            .orElseThrow();
        assertThat(line).contains("GrantAdmin")
            .contains(GRANT_ADMIN)
            .contains("getProcessEngineServices")
            .contains("The previous version keeps serving");
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(key).count())
            .as("the previous version keeps serving")
            .isEqualTo(1);
        // had the attack been deployed, its timer start job would be here: run whatever
        // it left
        management.createJobQuery().processDefinitionKey(key).list().forEach(job -> management.executeJob(job.getId()));
        assertThat(identity.createGroupQuery().groupMember("otto").list()).extracting("id")
            .doesNotContain("camunda-admin");
    }

    @Test
    void atRunTimeExpressionsResolveOnlyTheVocabularyBeans() {
        var expressions = (JuelExpressionManager) ((ProcessEngineConfigurationImpl) configuration)
            .getExpressionManager();
        var context = expressions.createElContext(Variables.emptyVariableContext());

        assertThat(expressions.createValueExpression("${slaPolicy}").getValue(context)).isInstanceOf(SlaPolicy.class);
        for (String foreign : List.of("identityService", "processEngine", "conversationService", "dataSource")) {
            assertThatThrownBy(() -> expressions.createValueExpression("${" + foreign + "}").getValue(context))
                .as(foreign)
                .hasMessageContaining(foreign);
        }
    }

    @Test
    void theModelingGuideListsExactlyTheVocabularyBeansAndTheirMembers() throws Exception {
        String guide = Files.readString(Path.of("docs/modeling.md"));
        String beansSection = guide.substring(guide.indexOf("### Beans"), guide.indexOf("### The agent form"));
        Set<String> headed = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#### `\\$\\{(\\w+)").matcher(beansSection);
        while (heading.find()) {
            headed.add(heading.group(1));
        }
        assertThat(headed).containsExactlyInAnyOrderElementsOf(BpmnVocabulary.beans());

        Set<String> documented = new TreeSet<>();
        Matcher use = Pattern.compile("\\$\\{(\\w+)\\.(\\w+)").matcher(guide);
        while (use.find()) {
            if (BpmnVocabulary.isBean(use.group(1))) {
                documented.add(use.group(1) + "." + use.group(2));
            }
        }
        Set<String> vocabulary = new TreeSet<>();
        BpmnVocabulary.BEANS.forEach((bean, members) -> members.forEach(m -> vocabulary.add(bean + "." + m)));
        assertThat(documented).isEqualTo(vocabulary);
    }

    private static String key() {
        return "guard" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

}

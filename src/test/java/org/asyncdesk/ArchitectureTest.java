package org.asyncdesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The dependency direction of DESIGN.md: channel -> inbox -> conversation -> (workflow-free core: customer, sla);
 * workflow beans call into the features, never the other way round.
 */
@AnalyzeClasses(packages = "org.asyncdesk", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule featuresAreFreeOfCycles = slices().matching("org.asyncdesk.(*)..").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule conversationKnowsNoChannelInboxOrWorkflow = noClasses()
            .that().resideInAPackage("org.asyncdesk.conversation..")
            .should().dependOnClassesThat().resideInAnyPackage("org.asyncdesk.channel..", "org.asyncdesk.inbox..",
                    "org.asyncdesk.workflow..");

    @ArchTest
    static final ArchRule inboxKnowsNoChannel = noClasses()
            .that().resideInAPackage("org.asyncdesk.inbox..")
            .should().dependOnClassesThat().resideInAnyPackage("org.asyncdesk.channel..", "org.asyncdesk.workflow..");

    @ArchTest
    static final ArchRule customerIsACore = noClasses()
            .that().resideInAPackage("org.asyncdesk.customer..")
            .should().dependOnClassesThat().resideInAnyPackage("org.asyncdesk.channel..", "org.asyncdesk.inbox..",
                    "org.asyncdesk.conversation..", "org.asyncdesk.workflow..");
}

package dev.handoff;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shape of the house, pinned: packages depend one way, the wire protocol and the Socket.IO
 * libraries stay in the adapters. Main code only; tests may reach anywhere.
 */
class ArchitectureTest {
    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.handoff");
    }

    @Test
    void topLevelPackagesHaveNoCycles() {
        slices().matching("dev.handoff.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void subPackagesHaveNoCycles() {
        slices().matching("dev.handoff.*.(*)..").should().beFreeOfCycles().check(main);
    }

    @Test
    void theDialogueNeverRunsBackUpToRoutingOrToTheFeaturesAboveIt() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.dialogue..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.conversation..",
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.changelanguage..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void routingKnowsTheDialogueButNoFeatureNorTransport() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.routing..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.changelanguage..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theConversationStoreKnowsTheDialoguesStateButNoRoutingFeatureNorTransport() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.conversation..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.protocol..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theModelLayersBelowTheDialogueDependOnNothingAboveThem() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.handoff.preset..", "dev.handoff.yaml..", "dev.handoff.nlp..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.dialogue..",
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.changelanguage..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void translationIsALowerLayerThatKnowsNoBotSide() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.translate..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.dialogue..",
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.changelanguage..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theLiveAgentPortKnowsNoDialogueNorDesk() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.liveagent..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.conversation..",
                        "dev.handoff.dialogue..",
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.changelanguage..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theDeskKnowsNothingOfTheBotSide() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.desk..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.dialogue..",
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.changelanguage..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theChangeLanguagePluginKnowsTheDialogueButNoOtherFeatureNorTransport() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.changelanguage..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.routing..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.protocol..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theProtocolKernelDependsOnNoOtherPackageOfOurs() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.protocol..")
                .should()
                .dependOnClassesThat()
                .resideOutsideOfPackages("dev.handoff.protocol..", "java..", "com.fasterxml.jackson..")
                .check(main);
    }

    @Test
    void onlyTheSocketIoAdaptersImportTheProtocol() {
        ArchRule rule = noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.handoff.protocol..", "dev.handoff.liveagent.socketio..", "dev.handoff.desk.server..")
                .and()
                .doNotHaveFullyQualifiedName("dev.handoff.cli.agent.AgentConnection")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.handoff.protocol..");
        rule.check(main);
    }

    @Test
    void onlyTheBotSideAdapterAndTheAgentTerminalsConnectionImportIoSocket() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.handoff.liveagent.socketio..")
                .and()
                .doNotHaveFullyQualifiedName("dev.handoff.cli.agent.AgentConnection")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.socket..", "okhttp3..")
                .check(main);
    }

    @Test
    void onlyTheDesksServerAndTheBotServersTransportsImportNettySocketIo() {
        noClasses()
                .that()
                .resideOutsideOfPackages(
                        "dev.handoff.desk.server..", "dev.handoff.channel.rasa..", "dev.handoff.channel.web..")
                .and()
                .haveNameNotMatching(
                        "dev\\.handoff\\.liveagent\\.socketio\\.Netty(Wire|Transport|Endpoint|WebSocket|Polling)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.corundumstudio..", "io.netty..")
                .check(main);
    }

    @Test
    void theLiveAgentClientSpeaksNettyInItsNettyWireAndTransportsAloneAndNeverThroughNettySocketIo() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.liveagent..")
                .and()
                .haveNameNotMatching(
                        "dev\\.handoff\\.liveagent\\.socketio\\.Netty(Wire|Transport|Endpoint|WebSocket|Polling)(\\$.*)?")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.netty..")
                .check(main);
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.liveagent..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("com.corundumstudio..")
                .check(main);
    }

    @Test
    void theChannelsCoreAndRestChannelKnowNoTransportNorFeature() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.handoff.channel", "dev.handoff.channel.rest")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "com.corundumstudio..",
                        "io.netty..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..",
                        "dev.handoff.protocol..")
                .check(main);
    }

    @Test
    void theDesksApiAndStoreNeverImportItsCore() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.handoff.desk.api..", "dev.handoff.desk.store..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.handoff.desk.core..")
                .check(main);
    }

    @Test
    void theDesksEndpointsReachItOnlyThroughItsPort() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.desk.server..")
                .and()
                .doNotHaveFullyQualifiedName("dev.handoff.desk.server.DeskService")
                .and()
                .doNotHaveFullyQualifiedName("dev.handoff.desk.server.DeskService$Led")
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("dev.handoff.desk.core.HelpDesk")
                .because("the endpoints call the Desk port, so a remote desk can stand in for the local one")
                .check(main);
    }

    @Test
    void theDeskCoreSpeaksNoWireAndNoSocket() {
        noClasses()
                .that()
                .resideInAnyPackage("dev.handoff.desk.core..", "dev.handoff.desk.store..", "dev.handoff.desk.api..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.protocol..", "dev.handoff.desk.server..", "com.corundumstudio..", "io.socket..")
                .check(main);
    }

    @Test
    void metricsAreALowLayerThatKnowsNoFeature() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.metrics..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "dev.handoff.dialogue..",
                        "dev.handoff.routing..",
                        "dev.handoff.channel..",
                        "dev.handoff.humanhandoff..",
                        "dev.handoff.liveagent..",
                        "dev.handoff.translate..",
                        "dev.handoff.desk..",
                        "dev.handoff.cli..")
                .check(main);
    }

    @Test
    void theDeskCoreStaysOneDeskThatKnowsNoCluster() {
        noClasses()
                .that()
                .resideInAPackage("dev.handoff.desk.core..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("dev.handoff.desk.cluster..")
                .check(main);
    }

    @Test
    void onlyTheClusterPackageImportsTheRedisClient() {
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.handoff.desk.cluster..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("io.lettuce..", "reactor..")
                .check(main);
    }
}

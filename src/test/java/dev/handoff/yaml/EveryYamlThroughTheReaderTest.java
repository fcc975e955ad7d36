package dev.handoff.yaml;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * Every YAML file the project reads (bots, presets, plugins' presets, {@code desk.yaml}) goes through
 * {@link YamlReader}, so each gets its bounds and its checks (duplicate keys at every level, merge
 * keys, expansion). {@code desk.yaml} once went through Jackson's YAML databinding, which keeps the
 * last of two equal keys without a word: no main class outside this package may parse YAML itself.
 */
class EveryYamlThroughTheReaderTest {

    @Test
    void onlyTheYamlPackageParsesYaml() {
        var main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("dev.handoff");
        noClasses()
                .that()
                .resideOutsideOfPackage("dev.handoff.yaml..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("org.yaml.snakeyaml..", "com.fasterxml.jackson.dataformat.yaml..")
                .because("every YAML file must get YamlReader's bounds and duplicate-key check")
                .check(main);
    }
}

package org.asyncdesk;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every package says in its {@code package-info.java} what it owns and which of our
 * packages it may use ({@code May use: a, b.c.}, names relative to {@code org.asyncdesk},
 * {@code root} for that package itself); this test holds the compiled code to it, package
 * by package, and keeps the features free of cycles. So the direction of DESIGN.md
 * (channels → inbox → conversation → customer; workflow beans call into the features,
 * never the other way round) is checked where it is written down, and a new package
 * cannot appear without saying what it is for.
 */
class ArchitectureTest {

    private static final String ROOT = "org.asyncdesk";

    private static final Path SOURCES = Path.of("src/main/java/org/asyncdesk");

    /**
     * The line, and its continuation lines when the formatter wrapped it; ends at a line
     * that ends in a full stop.
     */
    private static final Pattern MAY_USE = Pattern.compile("^ \\* May use: (.+?)\\.$",
            Pattern.MULTILINE | Pattern.DOTALL);

    private static final JavaClasses CLASSES = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(ROOT);

    @Test
    void featuresAreFreeOfCycles() {
        slices().matching("org.asyncdesk.(*)..").should().beFreeOfCycles().check(CLASSES);
    }

    @Test
    void everyPackageSaysWhatItOwnsAndMayUse() {
        Set<String> packages = CLASSES.stream()
            .map(JavaClass::getPackageName)
            .filter(p -> p.startsWith(ROOT))
            .collect(Collectors.toCollection(TreeSet::new));
        assertThat(contracts().keySet()).as("packages with a package-info.java that has a 'May use:' line")
            .containsAll(packages);
    }

    @TestFactory
    Stream<DynamicTest> eachPackageUsesOnlyWhatItsPackageInfoAllows() {
        return contracts().entrySet().stream().map(contract -> DynamicTest.dynamicTest(contract.getKey(), () -> {
            Set<String> allowed = new TreeSet<>(contract.getValue());
            allowed.add(contract.getKey());
            classes().that()
                .resideInAPackage(contract.getKey())
                .should()
                .onlyDependOnClassesThat(outsideOursOrIn(allowed))
                .because("package-info.java of " + contract.getKey() + " allows " + contract.getValue())
                .check(CLASSES);
        }));
    }

    private static DescribedPredicate<JavaClass> outsideOursOrIn(Set<String> allowed) {
        return DescribedPredicate.describe("are not ours or reside in " + allowed, c -> {
            String p = c.getPackageName();
            return !(p.equals(ROOT) || p.startsWith(ROOT + ".")) || allowed.contains(p);
        });
    }

    /**
     * Package -> the packages of ours its package-info.java allows, read from the
     * sources.
     */
    static Map<String, Set<String>> contracts() {
        Map<String, Set<String>> contracts = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path info : files.filter(f -> f.getFileName().toString().equals("package-info.java")).toList()) {
                String text = Files.readString(info);
                Matcher m = MAY_USE.matcher(text);
                if (!m.find()) {
                    continue;
                }
                String relative = SOURCES.relativize(info.getParent()).toString().replace('/', '.');
                String name = relative.isEmpty() ? ROOT : ROOT + "." + relative;
                String list = m.group(1).replaceAll("\\s*\\n\\s*\\*\\s*", " ").strip();
                Set<String> uses = new TreeSet<>();
                if (!list.equals("nothing of ours")) {
                    Arrays.stream(list.split(","))
                        .map(String::strip)
                        .map(u -> u.equals("root") ? ROOT : ROOT + "." + u)
                        .forEach(uses::add);
                }
                contracts.put(name, uses);
            }
        }
        catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return contracts;
    }

}

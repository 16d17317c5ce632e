package io.askflow.dev;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import java.util.regex.Pattern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The module and package rules of docs/architecture.md, checked on the compiled main classes of every
 * module (this module depends on all of them but infra/bench, which depends on it). Tests are left out,
 * and so is every jar but the project's own ({@code askflow-*.jar}, or {@code target/classes} in a reactor
 * build).
 *
 * <p>These rules read byte code, so they miss what javac leaves out of it: a compile-time constant of another
 * class is inlined (a sink comparing with {@code AnswerTopology.SOME_CONSTANT} keeps no reference to
 * {@code AnswerTopology}), and a type named only in Javadoc is not there at all. Checkstyle's ImportControl
 * (config/checkstyle/import-control.xml) checks the same module rules on import statements at validate.
 */
@AnalyzeClasses(
        packages = "io.askflow",
        importOptions = {ImportOption.DoNotIncludeTests.class, ArchitectureTest.OnlyAskflowModules.class})
class ArchitectureTest {

    private static final String[] WEB_PACKAGES = {
        "org.springframework.web..", "org.springframework.http..", "jakarta.servlet..", "io.swagger.."
    };

    @ArchTest
    static final ArchRule sinksDoNotDependOnTheTopology = noClasses()
            .that().resideInAPackage("io.askflow.pipeline.sink..")
            .should().dependOnClassesThat().resideInAPackage("io.askflow.pipeline.dedup..")
            .because("a sink writes what is on a topic into PostgreSQL and must not depend on a topology: "
                    + "what they share (error codes, message types) belongs in core");

    @ArchTest
    static final ArchRule rolesDoNotDependOnEachOther = slices()
            .matching("io.askflow.(api|pipeline|workers)..")
            .namingSlices("role $1")
            .should().notDependOnEachOther()
            .because("api, pipeline and workers are separate processes that scale and deploy on their own: "
                    + "they talk through Kafka topics and PostgreSQL, and share code only through core");

    @ArchTest
    static final ArchRule coreDependsOnNoRoleNorInfra = noClasses()
            .that().resideInAPackage("io.askflow.core..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "io.askflow.api..", "io.askflow.pipeline..", "io.askflow.workers..",
                    "io.askflow.simulator..", "io.askflow.testing..", "io.askflow.dev..", "io.askflow.bench..")
            .because("core (messages, topics, fingerprint, lifecycle, cache, schema) is what every role "
                    + "shares: it depends on no role and on no test, dev or benchmark infrastructure");

    @ArchTest
    static final ArchRule corePackagesAreFreeOfCycles = slices()
            .matching("io.askflow.core.(*)..")
            .namingSlices("core.$1")
            .should().beFreeOfCycles()
            .because("core's packages are layered (messages below lifecycle, cache and topics), "
                    + "so each can be understood, tested and moved on its own");

    @ArchTest
    static final ArchRule webTypesStayInTheApi = noClasses()
            .that().resideOutsideOfPackage("io.askflow.api..")
            .should().dependOnClassesThat().resideInAnyPackage(WEB_PACKAGES)
            .because("HTTP is the api's concern: pipeline and workers speak Kafka and core; infra talks "
                    + "HTTP with the JDK's own java.net.http and com.sun.net.httpserver, never Spring web, "
                    + "servlets or Swagger");

    @ArchTest
    static final ArchRule theSubmitCommandHasNoWebTypes = noClasses()
            .that().haveSimpleNameStartingWith("SubmitJob").and().haveSimpleNameNotEndingWith("Request")
            .or().haveSimpleName("NewJob").or().haveSimpleName("JobRequestValidator")
            .should().dependOnClassesThat().resideInAnyPackage(WEB_PACKAGES)
            .because("SubmitJob is the application's submit command: the REST controller, batch ingestion "
                    + "and any other door call it, so it takes a NewJob and answers a JobSubmitted, never a "
                    + "request, a response or an HTTP status");

    @ArchTest
    static final ArchRule modulePackagesAreFreeOfCycles = slices()
            .matching("io.askflow.(*).(*)..")
            .namingSlices("$1.$2")
            .should().beFreeOfCycles()
            .because("a package cycle inside a module means two packages can only change together: "
                    + "the shared part belongs in a package of its own (or in core)");

    /** Keeps the project's own classes: class directories (a reactor build) and the askflow-*.jar modules. */
    static final class OnlyAskflowModules implements ImportOption {

        private static final Pattern ASKFLOW_JAR = Pattern.compile(".*/askflow-[^/]+\\.jar!/.*");

        @Override
        public boolean includes(Location location) {
            return !location.isArchive() || location.matches(ASKFLOW_JAR);
        }
    }
}

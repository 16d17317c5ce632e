package io.askflow.dev.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static io.askflow.dev.deploy.DeployFiles.DEPLOY;
import static io.askflow.dev.deploy.DeployFiles.ROOT;
import static io.askflow.dev.deploy.DeployFiles.list;
import static io.askflow.dev.deploy.DeployFiles.map;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * nginx.conf, the compose stack and the observability files, checked offline: nginx never retries a submit that
 * may have been processed, compose names only services and files that exist, Prometheus scrapes every role on
 * its management port, and the alerts and the dashboard ask only for metrics the roles publish.
 */
class StackFilesTest {

    private static final String NGINX = DeployFiles.read(DEPLOY.resolve("nginx/nginx.conf"));
    private static final Map<String, Object> COMPOSE = DeployFiles.load(DEPLOY.resolve("compose/compose.yaml"));
    private static final Pattern DIRECTIVE = Pattern.compile("^\\s*([a-z_]+)\\s+([^;{]*)[;{]", Pattern.MULTILINE);
    private static final Pattern UPSTREAM_SERVER = Pattern.compile("^\\s*server\\s+([\\w.-]+):(\\d+)\\s+([^;]*);",
            Pattern.MULTILINE);
    private static final Pattern METRIC = Pattern.compile("\\baskflow_[a-z0-9_]+");
    private static final Pattern METER_NAME = Pattern.compile("\"(askflow\\.[a-z0-9.]+)\"");

    @Test
    void shouldNeverRetryASubmitThatMayHaveBeenProcessed() {
        assertThat(NGINX.lines().filter(line -> !line.strip().startsWith("#")))
                .noneMatch(line -> line.contains("non_idempotent"));
        List<String> retries = directives("proxy_next_upstream");
        assertThat(retries).isNotEmpty().allSatisfy(value -> assertThat(value.split("\\s+")).containsOnly("error"));
    }

    @Test
    void shouldLimitBodiesAsTheApiDoesAndKeepTheActuatorOut() {
        long apiLimit = Long.parseLong(DeployFiles.roleDefaults("api").get("askflow.api.max-body-bytes"));
        assertThat(directives("client_max_body_size")).containsExactly(apiLimit / (1024 * 1024) + "m");
        assertThat(apiLimit % (1024 * 1024)).isZero();
        assertThat(NGINX).containsPattern("location /actuator \\{\\s*return 404;");
        assertThat(NGINX).containsPattern("location ~ \\^/v1/jobs/\\[\\^/\\]\\+/events\\$ \\{[^}]*proxy_buffering off;");
        assertThat(directives("proxy_http_version")).containsOnly("1.1");
        assertThat(directives("keepalive")).hasSize(1);
    }

    @Test
    void shouldSendNginxToEveryApiOfTheComposeStackOnItsServerPort() {
        Matcher server = UPSTREAM_SERVER.matcher(NGINX);
        Set<String> upstreams = new TreeSet<>();
        while (server.find()) {
            upstreams.add(server.group(1));
            assertThat(server.group(3)).contains("max_fails=").contains("fail_timeout=");
            assertThat(Integer.parseInt(server.group(2)))
                    .isEqualTo(Integer.parseInt(DeployFiles.setting("api", composeEnvironment(server.group(1)),
                            "server.port").orElseThrow()));
        }
        assertThat(upstreams).isEqualTo(services().keySet().stream().filter(name -> name.startsWith("api-"))
                .collect(Collectors.toCollection(TreeSet::new))).hasSize(2);
    }

    @Test
    void shouldNameOnlyServicesAndFilesThatExistInTheComposeStack() {
        Map<String, Object> services = services();
        assertThat(services.keySet()).contains("kafka-1", "kafka-2", "kafka-3", "redis", "postgres", "postgres-replica",
                "ollama", "api-1", "api-2", "pipeline-1", "pipeline-2", "workers-1", "workers-2", "nginx",
                "prometheus", "grafana");
        Path compose = DEPLOY.resolve("compose");
        services.forEach((name, definition) -> {
            Object dependsOn = map(definition).get("depends_on");
            Set<String> dependencies = dependsOn instanceof Map<?, ?> dependencyMap
                    ? dependencyMap.keySet().stream().map(Object::toString).collect(Collectors.toSet())
                    : list(dependsOn).stream().map(Object::toString).collect(Collectors.toSet());
            assertThat(services.keySet()).as("%s depends on", name).containsAll(dependencies);
            for (Object envFile : list(map(definition).get("env_file"))) {
                assertThat(compose.resolve(envFile.toString())).as("%s env_file", name).isRegularFile();
            }
            for (Object volume : list(map(definition).get("volumes"))) {
                String source = volume.toString().split(":")[0];
                if (source.startsWith(".")) {
                    Path path = compose.resolve(source).normalize();
                    // a role's exec jar exists once the module is packaged: its module must exist
                    Path expected = path.toString().contains("/target/") ? path.getParent().getParent().resolve("pom.xml")
                            : path;
                    assertThat(expected).as("%s mounts %s", name, source).exists();
                } else {
                    assertThat(map(COMPOSE.get("volumes"))).as("%s volume", name).containsKey(source);
                }
            }
        });
    }

    @Test
    void shouldScrapeEveryRoleOfTheComposeStackOnItsManagementPort() {
        Map<String, Object> prometheus = DeployFiles.load(DEPLOY.resolve("observability/prometheus.yml"));
        Set<String> scraped = new TreeSet<>();
        for (Object job : list(prometheus.get("scrape_configs"))) {
            for (Object staticConfig : list(map(job).get("static_configs"))) {
                for (Object target : list(map(staticConfig).get("targets"))) {
                    String[] hostPort = target.toString().split(":");
                    assertThat(services()).as("scrape target %s", target).containsKey(hostPort[0]);
                    String role = hostPort[0].replaceFirst("-\\d+$", "");
                    if (List.of("api", "pipeline", "workers").contains(role)) {
                        assertThat(Integer.parseInt(hostPort[1])).as("%s management port", target)
                                .isEqualTo(DeployFiles.managementPort(role, composeEnvironment(hostPort[0])));
                        assertThat(map(job).get("metrics_path")).isEqualTo(DeployFiles.actuatorBase(role,
                                composeEnvironment(hostPort[0])) + "/prometheus");
                        scraped.add(hostPort[0]);
                    }
                }
            }
        }
        assertThat(scraped).isEqualTo(services().keySet().stream().filter(name -> name.matches("(api|pipeline|workers)-\\d+"))
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void shouldAskOnlyForMetricsTheRolesPublish() {
        Set<String> published = publishedMeterNames();
        for (String file : List.of("observability/alerts.yml", "observability/grafana/dashboards/askflow.json")) {
            Matcher metric = METRIC.matcher(DeployFiles.read(DEPLOY.resolve(file)));
            int found = 0;
            while (metric.find()) {
                found++;
                String name = metric.group().replaceFirst(
                        "(_seconds_(sum|count|bucket|max)|_total|_sum|_count|_max)$", "");
                assertThat(published).as("%s asks for %s", file, metric.group()).contains(name);
            }
            assertThat(found).as(file).isPositive();
        }
        assertThat(DeployFiles.load(DEPLOY.resolve("observability/grafana/dashboards/askflow.json")).get("panels"))
                .asList().hasSizeGreaterThanOrEqualTo(7);
    }

    /** Names of the form "askflow.x.y" in the roles' and core's main sources, as Prometheus spells them. */
    private static Set<String> publishedMeterNames() {
        Set<String> names = new TreeSet<>();
        for (String module : List.of("core", "api", "pipeline", "workers")) {
            try (Stream<Path> files = Files.walk(ROOT.resolve(module + "/src/main/java"))) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                    Matcher name = METER_NAME.matcher(DeployFiles.read(file));
                    while (name.find()) {
                        names.add(name.group(1).replace('.', '_'));
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return names;
    }

    private static Map<String, Object> services() {
        return map(COMPOSE.get("services"));
    }

    /** A compose service's environment: its env files, then its own environment. */
    private static Map<String, String> composeEnvironment(String service) {
        Map<String, Object> definition = map(services().get(service));
        Map<String, String> environment = new HashMap<>();
        for (Object envFile : list(definition.get("env_file"))) {
            DeployFiles.read(DEPLOY.resolve("compose").resolve(envFile.toString())).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .forEach(line -> environment.put(line.substring(0, line.indexOf('=')),
                            line.substring(line.indexOf('=') + 1)));
        }
        map(definition.get("environment")).forEach((name, value) -> environment.put(name, String.valueOf(value)));
        return environment;
    }

    private static List<String> directives(String name) {
        Matcher directive = DIRECTIVE.matcher(NGINX.lines().filter(line -> !line.strip().startsWith("#"))
                .collect(Collectors.joining("\n")));
        List<String> values = new java.util.ArrayList<>();
        while (directive.find()) {
            if (directive.group(1).equals(name)) {
                values.add(directive.group(2).strip());
            }
        }
        return values;
    }
}

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.opensearch.common.logging.LogConfigurator;
import org.opensearch.common.settings.Settings;
import org.opensearch.env.Environment;
import org.opensearch.node.InternalSettingsPreparer;
import org.opensearch.node.Node;

/**
 * A single local OpenSearch node started from Maven Central jars, for development, tests and the demo.
 * Modules are loaded as classpath plugins (the way OpenSearch's own test nodes load them), which is why
 * this subclasses Node: its plugin-taking constructor is protected. Bootstrap checks (including the
 * "cannot run as root" check) belong to the distribution's Bootstrap class, which is not used here.
 *
 * Usage: java -cp 'lib/*:classes' LocalOpenSearch <homeDir> <httpPort> <transportPort>
 */
public final class LocalOpenSearch {
    private static final class ModuleNode extends Node {
        ModuleNode(Environment environment) {
            super(environment, List.of(
                org.opensearch.transport.Netty4Plugin.class,
                org.opensearch.analysis.common.CommonAnalysisPlugin.class,
                org.opensearch.index.mapper.MapperExtrasPlugin.class,
                org.opensearch.painless.PainlessPlugin.class,
                org.opensearch.index.reindex.ReindexPlugin.class), true);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: LocalOpenSearch <homeDir> <httpPort> <transportPort>");
            System.exit(2);
        }
        Path home = Paths.get(args[0]).toAbsolutePath();
        Files.createDirectories(home.resolve("config"));
        Settings settings = Settings.builder()
            .put("path.home", home.toString())
            .put("path.data", home.resolve("data").toString())
            .put("path.logs", home.resolve("logs").toString())
            .put("cluster.name", "sessionscope-local")
            .put("node.name", "sessionscope-local")
            .put("network.host", "127.0.0.1")
            .put("http.port", args[1])
            .put("transport.port", args[2])
            .put("discovery.type", "single-node")
            .put("http.type", "netty4")
            .put("transport.type", "netty4")
            // A laptop's disk is often fuller than the defaults allow; a dev node must not go read-only.
            .put("cluster.routing.allocation.disk.threshold_enabled", false)
            .put("action.auto_create_index", true)
            .build();
        LogConfigurator.configureWithoutConfig(settings);
        Environment environment = InternalSettingsPreparer.prepareEnvironment(
            settings, Map.of(), home.resolve("config"), () -> "sessionscope-local");
        Node node = new ModuleNode(environment);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                node.close();
            } catch (Exception e) {
                System.err.println("error while stopping OpenSearch: " + e);
            } finally {
                stopped.countDown();
            }
        }));
        node.start();
        System.out.println("LocalOpenSearch started on http://127.0.0.1:" + args[1]);
        stopped.await();
    }
}

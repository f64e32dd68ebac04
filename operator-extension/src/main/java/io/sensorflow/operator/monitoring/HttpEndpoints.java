package io.sensorflow.operator.monitoring;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * {@code /healthz}, {@code /readyz} and {@code /metrics} on one port, served by the JDK's own HTTP
 * server: three tiny GET handlers do not justify a web framework in the controller's image.
 */
public final class HttpEndpoints implements AutoCloseable {
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String PROMETHEUS = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;

    private HttpEndpoints(HttpServer server) {
        this.server = server;
    }

    /**
     * Starts serving on {@code port} (0: any free port).
     *
     * @param alive whether the process should be left running (false: the kubelet restarts it)
     * @param ready whether the controller may be sent traffic and counted as available
     * @param metrics the metrics in Prometheus text format
     */
    public static HttpEndpoints start(
            int port, BooleanSupplier alive, BooleanSupplier ready, Supplier<String> metrics) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        server.createContext("/healthz", ex -> probe(ex, alive));
        server.createContext("/readyz", ex -> probe(ex, ready));
        server.createContext("/metrics", ex -> send(ex, 200, PROMETHEUS, metrics.get()));
        server.setExecutor(
                Executors.newSingleThreadExecutor(
                        r -> {
                            Thread t = new Thread(r, "http-endpoints");
                            t.setDaemon(true);
                            return t;
                        }));
        server.start();
        return new HttpEndpoints(server);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void probe(HttpExchange ex, BooleanSupplier check) throws IOException {
        boolean ok = check.getAsBoolean();
        send(ex, ok ? 200 : 503, TEXT, ok ? "ok\n" : "not ok\n");
    }

    private static void send(HttpExchange ex, int code, String type, String body)
            throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", type);
            boolean head = ex.getRequestMethod().equals("HEAD");
            ex.sendResponseHeaders(code, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

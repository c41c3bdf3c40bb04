package dev.mtasts.ondemand;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpAskTest {

    private final List<String> queries = new CopyOnWriteArrayList<>();
    private final CountDownLatch released = new CountDownLatch(1);
    private HttpServer server;
    private String base;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/ask", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            queries.add(query);
            int status = query.contains("domain=ok.example") ? 204 : query.contains("domain=slow.example") ? 0 : 403;
            if (status == 0) {
                try {
                    released.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                status = 200;
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        server.start();
        base = "http://127.0.0.1:" + server.getAddress().getPort() + "/ask";
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    @Test
    void aTwoHundredAnswerApprovesAndTheQueryNamesDomainAndClient() {
        assertTrue(new HttpAsk(base, Duration.ofSeconds(5)).approves("ok.example", "2001:db8::7"));
        assertEquals(List.of("domain=ok.example&client=2001%3Adb8%3A%3A7"), queries);
    }

    @Test
    void anyOtherStatusRefuses() {
        assertFalse(new HttpAsk(base, Duration.ofSeconds(5)).approves("no.example", "198.51.100.7"));
    }

    @Test
    void anExistingQueryIsKept() {
        assertFalse(new HttpAsk(base + "?key=k1", Duration.ofSeconds(5)).approves("no.example", "198.51.100.7"));
        assertEquals(List.of("key=k1&domain=no.example&client=198.51.100.7"), queries);
    }

    @Test
    void noAnswerInTimeRefuses() {
        assertFalse(new HttpAsk(base, Duration.ofMillis(300)).approves("slow.example", "198.51.100.7"));
    }

    @Test
    void anUnreachableUrlRefuses() {
        server.stop(0);
        assertFalse(new HttpAsk(base, Duration.ofSeconds(2)).approves("ok.example", "198.51.100.7"));
    }
}

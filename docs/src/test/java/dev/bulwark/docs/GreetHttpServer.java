package dev.bulwark.docs;

// README-HTTP:start
import dev.bulwark.core.Bulwark;
import dev.bulwark.core.config.BulwarkConfig;
import dev.bulwark.serve.BulwarkHttp;

public class GreetHttpServer {

    public static void main(String[] args) throws InterruptedException {
        try (Bulwark bulwark = Bulwark.builder(BulwarkConfig.defaults()).tool(GreetServer.greetTool()).build();
                BulwarkHttp http = BulwarkHttp.builder(bulwark).port(8080).start()) {
            http.awaitStop(); // MCP at http://127.0.0.1:8080/mcp, with /health, /ready and /metrics
        }
    }
}
// README-HTTP:end

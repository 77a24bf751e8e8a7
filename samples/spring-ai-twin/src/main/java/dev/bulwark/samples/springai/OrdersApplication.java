package dev.bulwark.samples.springai;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The orders application of samples/spring-boot-app on Spring AI's MCP server starter: its {@code @McpTool}
 * component served at {@code /mcp} on the application's port.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}

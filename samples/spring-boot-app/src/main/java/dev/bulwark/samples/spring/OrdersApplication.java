package dev.bulwark.samples.spring;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * An application whose {@code @McpTool} component the Bulwark starter serves over Streamable HTTP; its tools,
 * business service and store are Spring components found by scanning.
 */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }
}

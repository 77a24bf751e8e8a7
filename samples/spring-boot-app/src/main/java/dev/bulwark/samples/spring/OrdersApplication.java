package dev.bulwark.samples.spring;

import dev.bulwark.samples.spring.business.OrderService;
import dev.bulwark.samples.spring.data.OrderStore;
import dev.bulwark.samples.spring.tools.OrderTools;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** An application whose {@code @McpTool} bean the Bulwark starter serves over Streamable HTTP. */
@SpringBootApplication
public class OrdersApplication {

    public static void main(String[] args) {
        SpringApplication.run(OrdersApplication.class, args);
    }

    @Bean
    OrderStore orderStore() {
        return new OrderStore();
    }

    @Bean
    OrderService orderService(OrderStore store) {
        return new OrderService(store);
    }

    @Bean
    OrderTools orderTools(OrderService orders) {
        return new OrderTools(orders);
    }
}

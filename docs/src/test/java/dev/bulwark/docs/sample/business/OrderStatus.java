package dev.bulwark.docs.sample.business;

/** Where an order stands, as the business layer tells it. */
public record OrderStatus(String orderId, String state) {
}

package io.hooklane.admin;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** {@code GET /admin/routing/dead-letters}, {@code POST /admin/routing/dead-letters/replay} and {@code .../discard}. */
public final class RoutingDeadLetterHandler implements Processor {

    public enum Operation { LIST, REPLAY, DISCARD }

    private final RoutingDeadLetterService service;
    private final Operation operation;

    public RoutingDeadLetterHandler(RoutingDeadLetterService service, Operation operation) {
        this.service = service;
        this.operation = operation;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        AdminResponses.json(exchange, 200, switch (operation) {
            case LIST -> service.list(exchange.getMessage().getHeader("limit", String.class),
                    exchange.getMessage().getHeader("state", String.class));
            case REPLAY -> service.replay(exchange.getMessage().getBody(byte[].class));
            case DISCARD -> service.discard(exchange.getMessage().getBody(byte[].class));
        });
    }
}

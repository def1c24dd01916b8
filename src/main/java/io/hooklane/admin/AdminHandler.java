package io.hooklane.admin;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;

/** One admin operation: reads the path parameter, the query or the body, and answers the service's JSON. */
public final class AdminHandler implements Processor {

    public enum Operation { DESTINATIONS, PAUSE, RESUME, DEAD_LETTERS, REPLAY, DISCARD }

    private final AdminService service;
    private final Operation operation;

    public AdminHandler(AdminService service, Operation operation) {
        this.service = service;
        this.operation = operation;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        String name = exchange.getMessage().getHeader("name", String.class);
        ObjectNode answer = switch (operation) {
            case DESTINATIONS -> service.destinations();
            case PAUSE -> service.pause(name);
            case RESUME -> service.resume(name);
            case DEAD_LETTERS -> service.deadLetters(name, exchange.getMessage().getHeader("limit", String.class),
                    exchange.getMessage().getHeader("state", String.class));
            case REPLAY -> service.replay(name, exchange.getMessage().getBody(byte[].class));
            case DISCARD -> service.discard(name, exchange.getMessage().getBody(byte[].class));
        };
        AdminResponses.json(exchange, 200, answer);
    }
}

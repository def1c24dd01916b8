package io.hooklane.config;

import java.util.List;

import org.apache.camel.CamelConfiguration;

/**
 * Every class of Hooklane's wiring, in the order the gateway adds them. Camel 4.18 sorts a class's
 * {@code @BindToRegistry} methods with a comparator that is not a total order: from 32 methods on the JDK's sort may
 * refuse it ("Comparison method violates its general contract!") or bind in a wrong order, so no class here has 32
 * (ConfigurationsTest checks).
 */
public final class Configurations {

    public static final List<Class<? extends CamelConfiguration>> ALL = List.of(
            HooklaneConfiguration.class,
            AdminConfiguration.class,
            AgentConfiguration.class,
            DeliveryStateConfiguration.class);

    private Configurations() {
    }
}

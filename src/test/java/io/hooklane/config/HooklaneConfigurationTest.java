package io.hooklane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.junit.jupiter.api.Test;

class HooklaneConfigurationTest {

    /**
     * Camel binds eager beans in the order of Class.getDeclaredMethods(), which HotSpot does not fix: a bean made
     * eagerly from another bean of this class started on one JVM and failed to bind on another.
     */
    @Test
    void every_bean_made_from_another_bean_is_bound_lazily_so_the_binding_order_does_not_matter() {
        List<Method> binders = Arrays.stream(HooklaneConfiguration.class.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(BindToRegistry.class))
                .toList();
        assertThat(binders).hasSizeGreaterThan(20);
        List<String> eagerWithDependencies = binders.stream()
                .filter(m -> !m.getAnnotation(BindToRegistry.class).lazy())
                .filter(m -> Arrays.stream(m.getParameters()).anyMatch(HooklaneConfigurationTest::injectsABean))
                .map(Method::getName)
                .sorted()
                .toList();
        assertThat(eagerWithDependencies).as("eager beans that inject another bean").isEmpty();
    }

    private static boolean injectsABean(Parameter parameter) {
        return parameter.isAnnotationPresent(BeanInject.class);
    }
}

package io.hooklane.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.List;

import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.junit.jupiter.api.Test;

class ConfigurationsTest {

    private static List<Method> binders(Class<?> configuration) {
        return Arrays.stream(configuration.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(BindToRegistry.class))
                .toList();
    }

    /**
     * Camel binds eager beans in an order it sorts with a comparator that is not a total order, starting from
     * Class.getDeclaredMethods(), whose order HotSpot does not fix: a bean made eagerly from another bean started on
     * one JVM and failed to bind on another.
     */
    @Test
    void every_bean_made_from_another_bean_is_bound_lazily_so_the_binding_order_does_not_matter() {
        List<String> eagerWithDependencies = Configurations.ALL.stream()
                .flatMap(c -> binders(c).stream())
                .filter(m -> !m.getAnnotation(BindToRegistry.class).lazy())
                .filter(m -> Arrays.stream(m.getParameters()).anyMatch(ConfigurationsTest::injectsABean))
                .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName())
                .sorted()
                .toList();
        assertThat(Configurations.ALL.stream().mapToInt(c -> binders(c).size()).sum()).isGreaterThan(30);
        assertThat(eagerWithDependencies).as("eager beans that inject another bean").isEmpty();
    }

    /** From 32 elements on, the JDK's sort may throw on (or misuse) Camel's inconsistent comparator. */
    @Test
    void no_configuration_class_has_so_many_beans_that_camels_sort_of_them_can_fail() {
        for (Class<?> configuration : Configurations.ALL) {
            assertThat(binders(configuration)).as(configuration.getSimpleName()).hasSizeLessThan(32);
        }
    }

    private static boolean injectsABean(Parameter parameter) {
        return parameter.isAnnotationPresent(BeanInject.class);
    }
}
